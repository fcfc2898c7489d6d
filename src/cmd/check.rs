//! `kuis check`: load banks, run every check, print diagnostics and a summary.

use crate::bank::Severity;
use crate::bank::check::{check, fails};
use crate::bank::diagnostic::{JsonDiagnostic, render};
use crate::cli::{CheckArgs, Format};
use crate::error::{Failure, Result};
use crate::files;

use super::{Ctx, bank_paths, emit};

/// Run the check; exit 1 when it fails.
pub fn run(args: &CheckArgs, ctx: &Ctx) -> Result {
    let set = files::load(&bank_paths(&args.paths));
    let mut diagnostics = set.diagnostics.clone();
    diagnostics.extend(check(&set.loaded));
    let lang = ctx.lang;
    match args.format {
        Format::Json => {
            let mut lines = String::new();
            for d in &diagnostics {
                let record = JsonDiagnostic::new(d, set.text(&d.file), lang);
                lines += &serde_json::to_string(&record).map_err(|e| Failure::Io(e.to_string()))?;
                lines.push('\n');
            }
            emit(None, lines.as_bytes())?;
        }
        Format::Human => {
            eprint!(
                "{}",
                render(&diagnostics, |f| set.text(f), lang, ctx.color_err)
            );
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity() == Severity::Error)
                .count();
            let warnings = diagnostics.len() - errors;
            let questions: usize = set.loaded.iter().map(|l| l.bank.questions.len()).sum();
            let files = set.loaded.len() + set.unparsed.len();
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
