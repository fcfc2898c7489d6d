//! `kuis export`: attempts from the store as CSV, JSON, JSON Lines or xAPI, streamed.

use crate::cli::{ExportArgs, ExportFormat, Level};
use crate::error::{Failure, Result};
use crate::results::export::{self, Format};

use super::{Ctx, emit_with, filter, open_store};

/// Export.
pub fn run(args: &ExportArgs, ctx: &Ctx) -> Result {
    let filter = filter(&args.attempts.filter, ctx.lang)?;
    let store = open_store(&args.attempts.store)?;
    let format = match args.format {
        ExportFormat::Csv => Format::Csv { bom: args.excel },
        ExportFormat::Json => Format::Json,
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Xapi => Format::Xapi,
    };
    let level = match args.level {
        Level::Attempt => export::Level::Attempt,
        Level::Answer => export::Level::Answer,
    };
    let mut count = 0;
    store
        .each(&filter, |attempts| {
            emit_with(args.attempts.out.as_deref(), |w| {
                count = export::export(attempts, format, level, w)?;
                Ok(())
            })
        })
        .map_err(|e| Failure::Io(e.to_string()))??;
    if let Some(out) = &args.attempts.out {
        eprintln!(
            "{}",
            ctx.lang.pick(
                format!("{count} percobaan diekspor ke {}", out.display()),
                format!("{count} attempt(s) exported to {}", out.display()),
            )
        );
    }
    Ok(())
}
