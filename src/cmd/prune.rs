//! `kuis prune`: remove whole attempts older than their purpose needs (`--before DATE` or
//! `--older-than 2y`), with the same confirmation and register entry as `kuis forget`.
//! Attempts finished on or after the cut-off stay as they are.

use crate::cli::PruneArgs;
use crate::error::{Failure, Result};
use crate::results::store::privacy::Erase;
use crate::results::when::rfc3339;

use super::forget::confirmed_erase;
use super::{Ctx, moment, open_store};

/// Prune.
pub fn run(args: &PruneArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    let cutoff = match (&args.before, &args.older_than) {
        (Some(before), _) => moment(before, false, lang)?,
        (None, Some(age)) => {
            let bad = || {
                Failure::Usage(lang.pick(
                    format!("--older-than \"{age}\": tulis umur seperti 2y, 18mo atau 90d"),
                    format!("--older-than \"{age}\": use an age like 2y, 18mo or 90d"),
                ))
            };
            let span: jiff::Span = age.trim().parse().map_err(|_| bad())?;
            if span.is_negative() || span.is_zero() {
                return Err(bad());
            }
            jiff::ZonedDateTime::now()
                .checked_sub(span)
                .map_err(|_| bad())?
                .timestamp()
        }
        (None, None) => unreachable!("clap requires --before or --older-than"),
    };
    eprintln!(
        "{}",
        lang.pick(
            format!("Batas: percobaan yang selesai sebelum {}.", rfc3339(cutoff)),
            format!("Cut-off: attempts finished before {}.", rfc3339(cutoff)),
        )
    );
    let mut store = open_store(&args.store)?;
    let question = lang.pick(
        "Hapus percobaan lama ini untuk selamanya?",
        "Remove these old attempts for good?",
    );
    confirmed_erase(&mut store, Erase::Before(cutoff), args.yes, question, ctx)?;
    Ok(())
}
