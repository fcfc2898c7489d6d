//! `kuis report`: item analysis over the store or attempt files, one section per bank, as
//! tables, CSV, JSON or HTML.

use crate::cli::{ReportArgs, ReportFormat};
use crate::error::{Failure, Result};
use crate::files::describe;
use crate::results::report::Reports;
use crate::results::report::render::{self, Style};

use super::{Ctx, emit, emit_with, filter, open_store, pseudonyms, text_banks, time_zone};

/// Report.
pub fn run(args: &ReportArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    let mut filter = filter(&args.attempts.filter, lang)?;
    let tz = time_zone(args.attempts.tz.as_deref(), lang)?;
    let (banks, chosen) = text_banks(&args.banks, ctx)?;
    // `--with-bank FILE` means "this bank's attempts", unless --bank already says which.
    if filter.banks.is_empty() {
        filter.banks = chosen;
    }
    let mut reports = Reports::graded(args.grade.map(crate::cli::GradeArg::grade));
    // The tests' seam: a handful of rows in memory makes a small report spill to disk.
    if let Some(rows) = std::env::var("KUIS_REPORT_ROWS_IN_MEMORY")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        reports = reports.in_memory(rows);
    }
    if args.files.is_empty() {
        let mut store = open_store(&args.attempts.store)?;
        // The store's register says who holds a certificate.
        reports = reports.with_register(&store.certificates()?);
        let names = pseudonyms(&mut store, args.pseudonymise)?;
        store.each(&filter, |attempts| {
            names.apply(attempts).for_each(|a| reports.add(&a))
        })?;
    } else {
        if args.pseudonymise {
            // The key is the store's: attempt files have none.
            return Err(Failure::Usage(lang.pick(
                "--pseudonymise memakai kunci penyimpanan: laporkan dari penyimpanan, bukan dari --attempts".into(),
                "--pseudonymise uses the store's key: report from the store, not from --attempts".into(),
            )));
        }
        // Streamed like `kuis import` (a FIFO does not hang, a large file does not fill
        // memory), and checked the same way: a file with a bad record is refused whole.
        for file in &args.files {
            let reader = crate::files::open(file)
                .map_err(|e| Failure::Io(format!("{}: {}", file.display(), describe(&e))))?;
            let mut bad = None;
            crate::results::ingest::each_record(reader, |(n, record)| {
                match record.and_then(|a| a.validate().map(|()| a)) {
                    Ok(a) if filter.matches(&a) => reports.add(&a),
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
    let reports = reports.finish(&banks, lang.code());
    if reports.is_empty() {
        eprintln!(
            "{}",
            lang.pick(
                "Tidak ada percobaan yang cocok dengan pilihan ini.",
                "No attempts match this selection."
            )
        );
    }
    let style = Style { lang, tz };
    let out = args.attempts.out.as_deref();
    // The participants are read from their spill as they are written: JSON streams them
    // straight out; a failure to read them back fails the report, never shortens it.
    let incomplete = |why: String| {
        Failure::Io(lang.pick(
            format!("berkas sementara laporan tidak dapat ditulis atau dibaca: {why}"),
            format!("the report's temporary files could not be written or read: {why}"),
        ))
    };
    let bytes = match args.format {
        ReportFormat::Json => {
            #[derive(serde::Serialize)]
            struct Json<'a> {
                reports: &'a [crate::results::report::Report],
            }
            return emit_with(out, |w| {
                serde_json::to_writer_pretty(&mut *w, &Json { reports: &reports })?;
                w.write_all(b"\n")
            })
            .map_err(|e| {
                match reports.iter().find_map(|r| r.participants.failure()) {
                    Some(why) => incomplete(why),
                    None => e,
                }
            });
        }
        ReportFormat::Human => render::human(&reports, &style).into_bytes(),
        ReportFormat::Csv => render::csv(&reports).map_err(Failure::Io)?,
        ReportFormat::Html => {
            return emit_with(out, |w| {
                render::html_to(w, &reports, &render::title(&reports, lang), &style)?;
                match reports.iter().find_map(|r| r.participants.failure()) {
                    Some(why) => Err(std::io::Error::other(why)),
                    None => Ok(()),
                }
            })
            .map_err(|e| {
                match reports.iter().find_map(|r| r.participants.failure()) {
                    Some(why) => incomplete(why),
                    None => e,
                }
            });
        }
    };
    if let Some(why) = reports.iter().find_map(|r| r.participants.failure()) {
        return Err(incomplete(why));
    }
    emit(out, &bytes)
}
