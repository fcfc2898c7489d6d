//! `kuis report`: item analysis over the store or attempt files, as tables, CSV, JSON or HTML.

use crate::cli::{ReportArgs, ReportFormat};
use crate::error::{Failure, Result};
use crate::files::describe;
use crate::results::attempt::Attempt;
use crate::results::report::{Builder, render};

use super::take::load;
use super::{Ctx, emit, filter, open_store};

/// Report.
pub fn run(args: &ReportArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    let filter = filter(&args.attempts.filter, lang)?;
    let (_, bank) = load(&args.banks, ctx)?;
    let mut builder = Builder::default();
    if args.files.is_empty() {
        open_store(&args.attempts.store)?
            .each(&filter, |attempts| attempts.for_each(|a| builder.add(&a)))
            .map_err(|e| Failure::Io(e.to_string()))?;
    } else {
        for file in &args.files {
            let text = std::fs::read_to_string(file)
                .map_err(|e| Failure::Io(format!("{}: {}", file.display(), describe(&e))))?;
            let attempts = Attempt::parse_many(&text)
                .map_err(|e| Failure::Usage(format!("{}: {e}", file.display())))?;
            attempts
                .iter()
                .filter(|a| filter.matches(a))
                .for_each(|a| builder.add(a));
        }
    }
    let report = builder.finish(Some(&bank), lang.code());
    let bytes = match args.format {
        ReportFormat::Human => render::human(&report, lang).into_bytes(),
        ReportFormat::Csv => render::csv(&report).map_err(Failure::Io)?,
        ReportFormat::Json => {
            let mut json =
                serde_json::to_vec_pretty(&report).map_err(|e| Failure::Io(e.to_string()))?;
            json.push(b'\n');
            json
        }
        ReportFormat::Html => {
            let title = format!(
                "{} — {}",
                lang.pick("Laporan kuis", "Quiz report"),
                bank.bank
                    .title
                    .get_ref()
                    .get(lang.code(), bank.bank.main_language())
            );
            render::html(&report, &title, lang).into_bytes()
        }
    };
    emit(args.attempts.out.as_deref(), &bytes)
}
