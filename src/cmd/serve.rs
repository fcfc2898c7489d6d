//! `kuis serve`: load, check and draw as `kuis take` does, then hand it to the web front end.

use crate::cli::{ReviewArg, ServeArgs};
use crate::error::{Failure, Result};
use crate::ui::Mode;
use crate::web::{self, Config, QuizOptions, Review};

use super::take::{bank_ref, drawn, load, plan_error};
use super::{Ctx, open_store, store_location};

/// Serve.
pub fn run(args: &ServeArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    let (set, bank) = load(&args.paths, ctx)?;
    let (mode, options, limit) = drawn(&args.draw, &bank);
    // A plan that cannot be made is said now, not to the first participant.
    crate::quiz::plan(&bank, &options).map_err(|e| Failure::Usage(plan_error(&e, &bank, lang)))?;
    let quiz = QuizOptions {
        exam: mode == Mode::Exam,
        count: options.count,
        topics: options.topics,
        rules: options.rules,
        shuffle: options.shuffle,
        limit_secs: limit.map(|l| l.as_secs().max(1)),
    };
    let exam = mode == Mode::Exam;
    // An exam counts once per person and shows its answers when nobody can still use them;
    // practice is for going again.
    let attempts = args.attempts.or(exam.then_some(1));
    let when = |arg: ReviewArg| match arg {
        ReviewArg::Immediately => Review::Immediately,
        ReviewArg::AfterClose => Review::AfterClose,
        ReviewArg::Never => Review::Never,
    };
    let review = match args.review {
        None if exam => Review::AfterClose,
        None => Review::Immediately,
        Some(arg) => when(arg),
    };
    // A trainer who keeps the review out of the browser keeps the score there too: a score
    // per attempt tells the key to whoever tries answers under throwaway names.
    let score = match args.show_score {
        None if review == Review::Never => Review::Never,
        None => Review::Immediately,
        Some(arg) => when(arg),
    };
    if !exam && (review != Review::Immediately || score != Review::Immediately) {
        return Err(Failure::Usage(lang.pick(
            "--review, --show-score: latihan memberi umpan balik dan nilai setelah setiap soal; tahan dengan --mode exam".into(),
            "--review, --show-score: practice gives feedback and points after each question; hold them back with --mode exam".into(),
        )));
    }
    if score > review {
        return Err(Failure::Usage(lang.pick(
            "--show-score: nilai tidak dapat ditahan lebih lama daripada pembahasan (--review), yang menampilkan poin setiap soal".into(),
            "--show-score: the score cannot be held back longer than the review (--review), which shows each question's points".into(),
        )));
    }
    // Cleaned as people's words are (a title is shown to every participant and the trainer).
    let room = crate::words::clean_within(&args.room).unwrap_or_default();
    if room.is_empty() || room.chars().count() > 100 {
        return Err(Failure::Usage(lang.pick(
            "--room: tulis nama ruang, paling panjang 100 huruf".into(),
            "--room: give a room name of at most 100 characters".into(),
        )));
    }
    // Certificates are downloaded from the summary of a passed exam, once it shows the
    // score: a room where that never happens is a mistake to say now.
    if args.certificates && !exam {
        return Err(Failure::Usage(lang.pick(
            "--certificates: sertifikat hanya untuk ujian; tambahkan --mode exam".into(),
            "--certificates: certificates are for exams only; add --mode exam".into(),
        )));
    }
    if args.certificates && score == Review::Never {
        return Err(Failure::Usage(lang.pick(
            "--certificates: ringkasan tidak pernah menampilkan nilai (--show-score never), jadi tidak ada yang dapat mengunduh sertifikat; terbitkan dengan kuis certificate --room, atau pilih --show-score after-close".into(),
            "--certificates: the summary never shows the score (--show-score never), so nobody could download a certificate; issue them with kuis certificate --room, or choose --show-score after-close".into(),
        )));
    }
    // A key that cannot be read is said now, not to the first participant who passes.
    let signing = if args.certificates {
        Some(super::keys::signing_key(&args.key, lang)?)
    } else {
        None
    };
    let mut keys: Vec<crate::cert::PublicKey> = signing.iter().map(|k| k.public()).collect();
    for one in &args.keys {
        keys.extend(crate::cert::key::public_keys(one).map_err(|e| super::keys::failure(e, lang))?);
    }
    // The built-in bank ships with kuis: its answers are one `kuis take` away for anyone, so
    // an exam on it proves little. Said to the trainer (stderr), not refused: a rehearsal
    // or a training session may want it.
    if exam && args.paths.is_empty() {
        eprintln!(
            "{}",
            lang.pick(
                "Peringatan: ujian ini memakai bank bawaan kuis, yang jawabannya dapat dibaca siapa pun yang memasang kuis; untuk ujian yang dinilai, pakai bank yang belum dilihat peserta (lihat docs/serve.md).",
                "Warning: this exam serves kuis's built-in bank, whose answers anyone who installs kuis can read; for an exam that counts, serve a bank the participants have not seen (see docs/serve.md).",
            )
        );
    }
    // Opened once here, so a store that cannot be used fails (exit 3) before anyone joins.
    open_store(&args.store)?;
    web::run(Config {
        listen: args.listen,
        room,
        bank_ref: bank_ref(&set, &bank),
        bank,
        quiz,
        attempts,
        review,
        score,
        store: store_location(&args.store)?,
        lang,
        lang_auto: ctx.lang_auto,
        trusted_proxies: args.trusted_proxy.clone(),
        limits: web::listen::Limits {
            header: std::time::Duration::from_secs(args.header_timeout),
            idle: std::time::Duration::from_secs(args.idle_timeout),
            per_address: usize::try_from(args.max_connections_per_address).unwrap_or(usize::MAX),
            total: usize::try_from(args.max_connections).unwrap_or(usize::MAX),
        },
        purge_after: std::time::Duration::try_from(args.purge_after).unwrap_or_default(),
        certificates: web::Certificates {
            signing,
            keys,
            verify_url: args.verify_url.clone(),
        },
    })
    .map_err(Failure::Io)
}
