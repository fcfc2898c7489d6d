//! `kuis serve`: load and check the banks as `kuis take` does, then hand them to the web front end.

use std::time::Duration;

use crate::cli::{CountArg, ModeArg, ServeArgs};
use crate::error::{Failure, Result};
use crate::web::{self, Config, QuizOptions};

use super::take::{bank_ref, load, plan_error};
use super::{Ctx, store_path};

/// Serve.
pub fn run(args: &ServeArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    let (set, bank) = load(&args.paths, ctx)?;
    let exam = args.mode == ModeArg::Exam;
    // As `kuis take`: practice is a set length, an exam the whole bank; an explicit limit
    // applies in any mode, the bank's own (minutes) to exams.
    let (count, exact) = match (args.count, exam) {
        (Some(CountArg::All), _) | (None, true) => (None, false),
        (Some(CountArg::N(n)), _) => (Some(n), true),
        (None, false) => (Some(bank.bank.practice_count()), false),
    };
    let limit = args.time_limit.or_else(|| {
        exam.then(|| {
            bank.bank
                .time_limit
                .as_ref()
                .map(|t| Duration::from_secs(u64::try_from(*t.get_ref()).unwrap_or(0) * 60))
        })
        .flatten()
    });
    let quiz = QuizOptions {
        exam,
        count,
        exact,
        topics: args.topics.clone(),
        rules: args.rules.clone(),
        shuffle: !args.no_shuffle,
        limit_secs: limit.map(|l| l.as_secs().max(1)),
    };
    // A plan that cannot be made is said now, not to the first participant.
    crate::quiz::plan(&bank, &quiz.plan(0))
        .map_err(|e| Failure::Usage(plan_error(&e, &bank, lang)))?;
    let room = args.room.trim();
    if room.is_empty() || room.chars().count() > 100 || room.chars().any(char::is_control) {
        return Err(Failure::Usage(lang.pick(
            "--room: tulis nama ruang, paling panjang 100 huruf".into(),
            "--room: give a room name of at most 100 characters".into(),
        )));
    }
    let store = store_path(&args.store)?;
    // Opened once here so a store that cannot be used fails with exit 3 before listening.
    super::open_store(&args.store)?;
    web::run(Config {
        listen: args.listen,
        room: room.to_owned(),
        bank_ref: bank_ref(&set, &bank),
        bank,
        quiz,
        store,
        lang,
    })
    .map_err(Failure::Io)
}
