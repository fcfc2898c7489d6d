//! `kuis check`: load banks, run every check, print diagnostics (in file order) and a summary.

use std::io::Write;

use crate::bank::Severity;
use crate::bank::check::{check, fails};
use crate::bank::diagnostic::{JsonDiagnostic, Sources, render_each};
use crate::cli::{CheckArgs, Format};
use crate::error::{Failure, Result};

use super::{Ctx, emit_with, load_banks};

/// Run the check; exit 1 when it fails.
pub fn run(args: &CheckArgs, ctx: &Ctx) -> Result {
    let set = load_banks(&args.paths, ctx.lang);
    let mut diagnostics = set.diagnostics.clone();
    diagnostics.extend(set.check(check));
    set.sort(&mut diagnostics);
    let lang = ctx.lang;
    match args.format {
        Format::Json => {
            let mut sources = Sources::new(|f| set.text(f));
            emit_with(None, |out| {
                for d in &diagnostics {
                    let lines = sources.get(&d.file);
                    let record = JsonDiagnostic::new(d, lines.as_deref(), lang);
                    serde_json::to_writer(&mut *out, &record)?;
                    out.write_all(b"\n")?;
                }
                Ok(())
            })?;
        }
        Format::Human => {
            // Written as drawn: thousands of warnings need not all be held in memory.
            let mut stderr = std::io::BufWriter::new(std::io::stderr().lock());
            render_each(
                &diagnostics,
                |f| set.text(f),
                lang,
                ctx.color_err,
                |text| {
                    let _ = stderr.write_all(text.as_bytes());
                },
            );
            let _ = stderr.flush();
            drop(stderr);
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity() == Severity::Error)
                .count();
            let warnings = diagnostics.len() - errors;
            let questions = set.questions();
            let files = set.files();
            eprintln!(
                "{}",
                lang.pick(
                    format!(
                        "kuis check: {files} berkas, {questions} soal: {errors} kesalahan, {warnings} peringatan"
                    ),
                    format!(
                        "kuis check: {files} file(s), {questions} question(s): {errors} error(s), {warnings} warning(s)"
                    ),
                )
            );
        }
    }
    if fails(&diagnostics, args.strict) {
        Err(Failure::Invalid)
    } else {
        Ok(())
    }
}
