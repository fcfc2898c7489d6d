//! `kuis report`: item analysis over the store or attempt files, one section per bank, as
//! tables, CSV, JSON or HTML.

use crate::cli::{ReportArgs, ReportFormat};
use crate::error::{Failure, Result};
use crate::files::describe;
use crate::results::attempt::Attempt;
use crate::results::report::render::{self, Style};
use crate::results::report::{Report, Reports};

use super::{Ctx, emit, filter, open_store, text_banks, time_zone};

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
    let mut reports = Reports::default();
    if args.files.is_empty() {
        open_store(&args.attempts.store)?
            .each(&filter, |attempts| attempts.for_each(|a| reports.add(&a)))
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
                .for_each(|a| reports.add(a));
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
    let bytes = match args.format {
        ReportFormat::Human => render::human(&reports, &style).into_bytes(),
        ReportFormat::Csv => render::csv(&reports).map_err(Failure::Io)?,
        ReportFormat::Json => {
            let mut json = serde_json::to_vec_pretty(&serde_json::json!({ "reports": reports }))
                .map_err(|e| Failure::Io(e.to_string()))?;
            json.push(b'\n');
            json
        }
        ReportFormat::Html => {
            render::html(&reports, &html_title(&reports, lang), &style).into_bytes()
        }
    };
    emit(args.attempts.out.as_deref(), &bytes)
}

/// "Laporan kuis — " and the names of the banks the page covers.
fn html_title(reports: &[Report], lang: crate::i18n::Lang) -> String {
    let names: Vec<&str> = reports
        .iter()
        .map(|r| r.bank.title.as_deref().unwrap_or(&r.bank.id))
        .collect();
    format!(
        "{} — {}",
        lang.pick("Laporan kuis", "Quiz report"),
        if names.is_empty() {
            lang.pick("tidak ada percobaan", "no attempts").to_owned()
        } else {
            names.join("; ")
        }
    )
}
