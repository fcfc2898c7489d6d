//! `kuis fmt`: the house style for bank files, in place, keeping comments.

use crate::bank::balance::balance_keys;
use crate::bank::write::format;
use crate::cli::FmtArgs;
use crate::error::{Failure, Result};
use crate::files::{self, describe, write_atomic};

use super::{Ctx, bank_paths};

/// Format (or, with --check, only report) every bank file named.
pub fn run(args: &FmtArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    let set = files::load(&bank_paths(&args.paths));
    super::loaded(&set, ctx)?;
    // Balancing moves keys, so it must know them: a bank with errors (two keys in a single
    // question, a key that names no choice) is refused rather than rewritten on a guess.
    if args.balance_keys {
        super::usable_set(&set, ctx)?;
    }
    let mut unformatted = 0;
    for loaded in &set.loaded {
        let source = &loaded.source;
        let io = |e: String| Failure::Io(format!("{}: {e}", source.name));
        let (text, moved) = if args.balance_keys {
            balance_keys(&source.text, &loaded.bank).map_err(io)?
        } else {
            (source.text.clone(), 0)
        };
        let formatted = format(&text).map_err(io)?;
        if formatted == source.text {
            continue;
        }
        unformatted += 1;
        if args.check {
            eprintln!(
                "{}",
                lang.pick(
                    format!("perlu dirapikan: {}", source.name),
                    format!("not formatted: {}", source.name)
                )
            );
        } else {
            write_atomic(std::path::Path::new(&source.name), formatted.as_bytes())
                .map_err(|e| Failure::Io(format!("{}: {}", source.name, describe(&e))))?;
            eprintln!(
                "{}",
                lang.pick(
                    format!("dirapikan: {}", source.name),
                    format!("formatted: {}", source.name)
                )
            );
            if moved > 0 {
                eprintln!(
                    "{}",
                    lang.pick(
                        format!(
                            "  posisi kunci diseimbangkan: pilihan {moved} soal diurutkan ulang"
                        ),
                        format!("  keys balanced: the choices of {moved} question(s) reordered")
                    )
                );
            }
        }
    }
    if args.check && unformatted > 0 {
        Err(Failure::Invalid)
    } else {
        Ok(())
    }
}
