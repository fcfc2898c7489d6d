//! `kuis check`: load banks, run every check, print diagnostics (in file order) and a summary.

use std::io::Write;

use crate::bank::Severity;
use crate::bank::check::{Measured, check_measured, fails};
use crate::bank::diagnostic::{JsonDiagnostic, Sources, render_each};
use crate::bank::testwise::{Strategy, Testwise};
use crate::cli::{CheckArgs, Format};
use crate::error::Result;

use super::{Ctx, emit_with, load_banks};

/// Run the check; exit 1 when it fails.
pub fn run(args: &CheckArgs, ctx: &Ctx) -> Result {
    let set = load_banks(&args.paths, ctx.lang);
    let mut diagnostics = set.diagnostics.clone();
    let mut measured = Vec::new();
    diagnostics.extend(set.check(|banks| {
        let (found, figures) = check_measured(banks);
        measured = figures;
        found
    }));
    // A bank with errors is not what learners would take: its figures would mislead.
    measured.retain(|m: &Measured| {
        !diagnostics
            .iter()
            .any(|d| d.file == m.file && d.severity() == Severity::Error)
    });
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
                for m in &measured {
                    for t in &m.langs {
                        let record = JsonTestwise {
                            file: &m.file,
                            bank: &m.bank,
                            measured: t,
                        };
                        serde_json::to_writer(&mut *out, &record)?;
                        out.write_all(b"\n")?;
                    }
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
            if let Some(table) = testwise_table(&measured, lang) {
                eprintln!("{table}\n");
            }
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
        Err(crate::error::refused(&diagnostics))
    } else {
        Ok(())
    }
}

/// What a blind, test-wise learner earns on one bank in one language, as one JSON line
/// beside the diagnostics.
#[derive(serde::Serialize)]
struct JsonTestwise<'a> {
    file: &'a str,
    bank: &'a str,
    #[serde(flatten)]
    measured: &'a Testwise,
}

/// The blind strategies as a short table (a row per bank and language), or nothing when no
/// bank has questions.
fn testwise_table(measured: &[Measured], lang: crate::i18n::Lang) -> Option<String> {
    let rows: Vec<(&Measured, &Testwise)> = measured
        .iter()
        .flat_map(|m| m.langs.iter().map(move |t| (m, t)))
        .filter(|(_, t)| t.questions > 0)
        .collect();
    if rows.is_empty() {
        return None;
    }
    let mut header = vec!["bank", lang.pick("bahasa", "language")];
    header.extend(Strategy::ALL.map(Strategy::name));
    let mut table = crate::table::table(header);
    for (m, t) in rows {
        let mut row = vec![m.bank.clone(), t.lang.clone()];
        row.extend(Strategy::ALL.map(|s| format!("{}%", lang.decimal(t.testwise.get(s), 1))));
        crate::table::add_row(&mut table, row);
    }
    Some(format!(
        "{}\n{}",
        lang.pick(
            "Penebak buta: persen poin yang diraih tanpa tahu aturannya (lihat docs/bank-format.md)",
            "Blind guessing: percent of the points earned knowing none of the rules (see docs/bank-format.md)",
        ),
        crate::table::draw(table)
    ))
}
