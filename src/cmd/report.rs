//! `kuis report`: item analysis over the store or attempt files, as tables, CSV, JSON or HTML.

use crate::cli::{ReportArgs, ReportFormat};
use crate::error::{Failure, Result};
use crate::files::describe;
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
        // Streamed like `kuis import` (a FIFO does not hang, a large file does not fill
        // memory), and checked the same way: a file with a bad record is refused whole.
        for file in &args.files {
            let reader = crate::files::open(file)
                .map_err(|e| Failure::Io(format!("{}: {}", file.display(), describe(&e))))?;
            let mut bad = None;
            crate::results::ingest::each_record(reader, |(n, record)| {
                match record.and_then(|a| a.validate().map(|()| a)) {
                    Ok(a) if filter.matches(&a) => builder.add(&a),
                    Ok(_) => {}
                    Err(e) => bad = Some(format!("{n}: {}", e.message(lang))),
                }
                bad.is_none()
            })
            .map_err(|e| Failure::Usage(format!("{}: {}", file.display(), e.message(lang))))?;
            if let Some(why) = bad {
                let record = lang.pick("rekaman", "record");
                return Err(Failure::Usage(format!(
                    "{}: {record} {why}",
                    file.display()
                )));
            }
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
