//! `kuis review`: a practice quiz of the questions this learner missed and has not yet
//! answered right twice in a row.

use crate::cli::ReviewArgs;
use crate::error::{Failure, Result};
use crate::quiz::{self, Count, PlanOptions};
use crate::results::filter::Filter;
use crate::results::review::due;
use crate::ui::Mode;

use super::take::{load, plan_error, serve};
use super::{Ctx, nobody, open_store, who};

/// Run the review.
pub fn run(args: &ReviewArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    let (mut set, mut bank) = load(&args.paths, ctx)?;
    if !args.bank.is_empty() {
        let available: Vec<String> = set
            .loaded
            .iter()
            .map(|l| l.bank.bank.id.get_ref().clone())
            .collect();
        // Only the chosen banks: what is asked, and what the attempt's checksum covers.
        set.loaded
            .retain(|l| args.bank.contains(l.bank.bank.id.get_ref()));
        let chosen: Vec<&crate::bank::Bank> = set.loaded.iter().map(|l| &l.bank).collect();
        bank = crate::bank::Bank::merge(&chosen).ok_or_else(|| {
            Failure::Usage(lang.pick(
                format!(
                    "tidak ada bank dengan id {}; yang dimuat: {}",
                    args.bank.join(", "),
                    available.join(", ")
                ),
                format!(
                    "no bank with id {}; loaded: {}",
                    args.bank.join(", "),
                    available.join(", ")
                ),
            ))
        })?;
    }
    let session = &args.session;
    let who = who(&session.name, &session.nip).ok_or_else(|| nobody(lang))?;
    // The questions of this bank still to get right twice in a row.
    let still_due = || -> Result<Vec<String>> {
        let attempts = open_store(&session.store)?.attempts(&Filter {
            banks: vec![bank.bank.id.get_ref().clone()],
            who: Some(who.clone()),
            ..Filter::default()
        })?;
        Ok(due(&attempts)
            .into_iter()
            .filter(|id| bank.questions.iter().any(|q| q.id.get_ref() == id))
            .collect())
    };
    let ids = still_due()?;
    if ids.is_empty() {
        eprintln!(
            "{}",
            lang.pick(
                "Tidak ada soal untuk diulang: semua soal yang pernah salah sudah dijawab benar dua kali berturut-turut.",
                "Nothing to review: every question you missed has since been answered right twice in a row.",
            )
        );
        return Ok(());
    }
    let plan = quiz::plan(
        &bank,
        &PlanOptions {
            ids,
            count: args.count.map_or(Count::All, Count::AtMost),
            shuffle: !args.no_shuffle,
            seed: args.seed.unwrap_or_else(rand::random),
            ..PlanOptions::default()
        },
    )
    .map_err(|e| Failure::Usage(plan_error(&e, &bank, lang)))?;
    let served = serve(
        session,
        &set,
        &bank,
        plan,
        Mode::Practice,
        "review",
        None,
        ctx,
    );
    // What remains after this round (a round not saved, `--no-save`, changes nothing).
    if matches!(served, Ok(()) | Err(Failure::Interrupted)) && !session.no_save {
        let left = still_due().map(|ids| ids.len()).unwrap_or(0);
        eprintln!(
            "{}",
            match left {
                0 => lang.pick(
                    "Selesai: setiap soal yang pernah salah kini sudah dijawab benar dua kali berturut-turut.".to_owned(),
                    "Done: every question you missed has now been answered right twice in a row.".to_owned(),
                ),
                n => lang.pick(
                    format!("Masih {n} soal yang perlu dijawab benar dua kali berturut-turut; putaran berikutnya: kuis review"),
                    format!("{n} question(s) still to answer right twice in a row; the next round: kuis review"),
                ),
            }
        );
    }
    served
}
