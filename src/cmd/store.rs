//! `kuis store copy`: every attempt of one store into another — SQLite to PostgreSQL when an
//! organisation moves up, and back for an archive. Read as a stream, saved in batches through
//! the same idempotent insert as `kuis import`, so a second run copies nothing and an
//! interrupted run is finished by running it again.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{CopyArgs, StoreCommand};
use crate::error::{Failure, Result};
use crate::i18n::msg;
use crate::results::attempt::Attempt;
use crate::results::filter::Filter;
use crate::results::store::{Location, Saved, StoreError};

use super::import::BATCH;
use super::{Ctx, open_at};

/// Run a `kuis store` command.
pub fn run(command: &StoreCommand, ctx: &Ctx) -> Result {
    match command {
        StoreCommand::Copy(args) => copy(args, ctx),
    }
}

/// What a copy did.
#[derive(Debug, Default)]
struct Tally {
    copied: u64,
    present: u64,
    conflicts: u64,
}

/// Copy; exit 1 when an attempt conflicts with one of the same id in the target (the others
/// are copied all the same).
fn copy(args: &CopyArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    let (from, to) = (Location::from(&args.from), Location::from(&args.to));
    if from == to {
        return Err(Failure::Usage(lang.pick(
            format!("--from dan --to sama-sama {from}: tidak ada yang perlu disalin"),
            format!("--from and --to are both {from}: there is nothing to copy"),
        )));
    }
    // A misspelt source must not read as an empty store copied (and be created on the way).
    if let Location::File(path) = &from
        && !path.is_file()
    {
        return Err(Failure::Io(lang.pick(
            format!("--from {from}: penyimpanan ini tidak ada"),
            format!("--from {from}: there is no store here"),
        )));
    }
    let source = open_at(from)?;
    let mut target = open_at(to)?;
    // Hidden when stderr is not a terminal (indicatif's own check): logs get the count only.
    let bar = ProgressBar::with_draw_target(Some(source.count()?), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{wide_bar} {pos}/{len} ({eta})") {
        bar.set_style(style);
    }
    let mut tally = Tally::default();
    let error = lang.t(msg::ERROR);
    let mut save =
        |batch: &mut Vec<Attempt>, tally: &mut Tally| -> std::result::Result<(), StoreError> {
            let saved = target.insert_batch(batch)?;
            for (a, saved) in batch.iter().zip(saved) {
                match saved {
                    Saved::New => tally.copied += 1,
                    Saved::Same => tally.present += 1,
                    Saved::Conflict => {
                        tally.conflicts += 1;
                        bar.suspend(|| {
                            eprintln!(
                            "{error}: {}",
                            lang.pick(
                                format!(
                                    "percobaan {} sudah ada di {} dengan isi lain; tidak disalin",
                                    a.id,
                                    target.location()
                                ),
                                format!(
                                    "attempt {} is already in {} with other content; not copied",
                                    a.id,
                                    target.location()
                                ),
                            )
                        );
                        });
                    }
                }
            }
            bar.inc(batch.len() as u64);
            batch.clear();
            Ok(())
        };
    let saved = source.each(&Filter::default(), |attempts| {
        let mut batch = Vec::with_capacity(BATCH);
        for a in attempts {
            batch.push(a);
            if batch.len() == BATCH {
                save(&mut batch, &mut tally)?;
            }
        }
        save(&mut batch, &mut tally)
    });
    bar.finish_and_clear();
    // What was saved before a failure stays saved: say how far it got either way.
    eprintln!(
        "{}",
        lang.pick(
            format!(
                "kuis store copy: {} disalin, {} sudah ada, {} bentrok",
                tally.copied, tally.present, tally.conflicts
            ),
            format!(
                "kuis store copy: {} copied, {} already there, {} in conflict",
                tally.copied, tally.present, tally.conflicts
            ),
        )
    );
    saved??;
    if tally.conflicts > 0 {
        return Err(Failure::Invalid);
    }
    Ok(())
}
