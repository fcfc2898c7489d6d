//! `kuis export`: attempts from the store as CSV, JSON, JSON Lines or xAPI (streamed), or as
//! an Excel workbook.

use std::io::IsTerminal;

use crate::cli::{ExportArgs, ExportFormat, Level};
use crate::error::{Failure, Result};
use crate::results::attempt::Attempt;
use crate::results::export::{self, Format};
use crate::results::filter::Who;

use super::{Ctx, emit, emit_with, filter, open_store, pseudonyms, time_zone};

/// Export.
pub fn run(args: &ExportArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    let mut filter = filter(&args.attempts.filter, lang)?;
    // A data-subject request: everything kept about one person.
    filter.who = match (&args.nip, &args.name) {
        (Some(nip), _) => Some(Who::Nip(nip.clone())),
        (None, Some(name)) => Some(Who::Name(name.clone())),
        (None, None) => None,
    };
    let out = args.attempts.out.as_deref();
    if args.grade == Some(crate::cli::GradeArg::Mean) {
        return Err(Failure::Usage(lang.pick(
            "--grade mean: rata-rata bukan satu percobaan; lihat kuis report --grade mean".into(),
            "--grade mean: a mean is no one attempt; see kuis report --grade mean".into(),
        )));
    }
    let grade = args.grade.map(crate::cli::GradeArg::grade);
    // `--excel` is the workbook: a CSV cannot keep an 18-digit NIP intact in Excel (it shows
    // 1.99E+17 and drops digits past the 15th) nor its columns apart in a locale whose list
    // separator is `;`, and the usual tricks (`="…"`, a `sep=` line) are formulas or lose
    // UTF-8. Said plainly rather than writing a CSV under an .xlsx promise.
    let chosen = if args.excel {
        if out.is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))) {
            return Err(Failure::Usage(lang.pick(
                "--excel menulis buku kerja Excel (.xlsx), bukan CSV: pakai -o hasil.xlsx (untuk CSV, tanpa --excel)".into(),
                "--excel writes an Excel workbook (.xlsx), not CSV: use -o hasil.xlsx (for CSV, leave out --excel)".into(),
            )));
        }
        ExportFormat::Xlsx
    } else {
        args.format
    };
    let format = match chosen {
        ExportFormat::Csv => Format::Csv { bom: false },
        ExportFormat::Json => Format::Json,
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Xapi => Format::Xapi,
        ExportFormat::Xlsx => {
            // A workbook is binary: never onto a terminal.
            let to_stdout = out.is_none_or(|p| p.as_os_str() == "-");
            if to_stdout && std::io::stdout().is_terminal() {
                return Err(Failure::Usage(lang.pick(
                    "buku kerja Excel perlu berkas: tambahkan -o hasil.xlsx".into(),
                    "an Excel workbook needs a file: add -o hasil.xlsx".into(),
                )));
            }
            let tz = time_zone(args.attempts.tz.as_deref(), lang)?;
            let mut store = open_store(&args.attempts.store)?;
            let names = pseudonyms(&mut store, args.pseudonymise)?;
            let (bytes, count) = store
                .each(&filter, |attempts| {
                    export::xlsx(&mut names.apply(&mut graded(attempts, grade)), &tz)
                })?
                .map_err(|e| Failure::Io(e.to_string()))?;
            emit(out, &bytes)?;
            return exported(count, out, ctx);
        }
    };
    let mut store = open_store(&args.attempts.store)?;
    let names = pseudonyms(&mut store, args.pseudonymise)?;
    let level = match args.level {
        Level::Attempt => export::Level::Attempt,
        Level::Answer => export::Level::Answer,
    };
    let mut count = 0;
    store.each(&filter, |attempts| {
        emit_with(out, |w| {
            count = export::export(
                &mut names.apply(&mut graded(attempts, grade)),
                format,
                level,
                w,
            )?;
            Ok(())
        })
    })??;
    exported(count, out, ctx)
}

/// The attempts, or with `grade` each person's graded one per bank (collected: a person's
/// attempts are spread over the stream).
fn graded<'a>(
    attempts: &'a mut dyn Iterator<Item = Attempt>,
    grade: Option<crate::results::report::Grade>,
) -> Box<dyn Iterator<Item = Attempt> + 'a> {
    match grade {
        None => Box::new(attempts),
        Some(grade) => Box::new(crate::results::report::graded(attempts, grade).into_iter()),
    }
}

/// Say how many attempts went into the file.
fn exported(count: usize, out: Option<&std::path::Path>, ctx: &Ctx) -> Result {
    if let Some(out) = out {
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
