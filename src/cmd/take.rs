//! `kuis take` (and plain `kuis`): load, check and plan a quiz, pick a front end, run it,
//! and keep the attempt. `kuis review` reuses everything here but the plan.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::PathBuf;
use std::time::Duration;

use crate::bank::{Bank, Source};
use crate::cli::{ModeArg, SessionArgs, TakeArgs};
use crate::config;
use crate::error::{Failure, Result};
use crate::files::{self, LoadSet, describe, write_atomic};
use crate::i18n::Lang;
use crate::quiz::{self, Plan, PlanError, PlanOptions, Session};
use crate::results::attempt::{Attempt, BankRef, Context, Participant, content_hash};
use crate::ui::render::{Paint, View};
use crate::ui::scripted::Scripted;
use crate::ui::terminal::{self, Terminal};
use crate::ui::{self, Clock, Ending, Frontend, Mode, SteppingClock, Stop, SystemClock};

use super::{Ctx, checked_set, open_store};

/// The built-in bank, compiled in so `kuis` works with no files around it.
pub const BUILTIN: &str = include_str!("../../quizzes/netralitas-asn.toml");

/// Run a quiz.
pub fn run(args: &TakeArgs, ctx: &Ctx) -> Result {
    let (set, bank) = load(&args.paths, ctx)?;
    let plan = quiz::plan(
        &bank,
        &PlanOptions {
            topics: args.topics.clone(),
            rules: args.rules.clone(),
            count: args.count,
            shuffle: !args.no_shuffle,
            seed: args.seed.unwrap_or_else(rand::random),
            ..PlanOptions::default()
        },
    )
    .map_err(|e| Failure::Usage(plan_error(&e, &bank, ctx.lang)))?;
    let mode = match args.mode {
        ModeArg::Practice => Mode::Practice,
        ModeArg::Exam => Mode::Exam,
    };
    // An explicit limit applies in any mode; the bank's own limit is for exams.
    let minutes = args.time_limit.map(i64::from).or(match mode {
        Mode::Exam => bank.bank.time_limit.as_ref().map(|t| *t.get_ref()),
        Mode::Practice => None,
    });
    let limit = minutes.map(|m| Duration::from_secs(m.max(0) as u64 * 60));
    let name = match mode {
        Mode::Practice => "practice",
        Mode::Exam => "exam",
    };
    serve(&args.session, &set, &bank, plan, mode, name, limit, ctx)
}

/// Load banks (the built-in one when no path is given) and refuse any with errors.
pub fn load(paths: &[PathBuf], ctx: &Ctx) -> Result<(LoadSet, Bank)> {
    let lang = ctx.lang;
    let set = if paths.is_empty() {
        let mut set = LoadSet::default();
        set.add_source(Source::new(lang.pick("<bawaan>", "<built-in>"), BUILTIN));
        set
    } else {
        files::load(paths)
    };
    checked_set(&set, ctx)?;
    let banks: Vec<&Bank> = set.loaded.iter().map(|l| &l.bank).collect();
    let bank = Bank::merge(&banks)
        .ok_or_else(|| Failure::Usage(lang.pick("tidak ada bank".into(), "no bank".into())))?;
    Ok((set, bank))
}

/// Serve a planned quiz through the right front end, then keep the attempt: in the store
/// (unless `--no-save`) and in `--out`. `mode_name` is what the attempt records.
#[allow(clippy::too_many_arguments)]
pub fn serve(
    args: &SessionArgs,
    set: &LoadSet,
    bank: &Bank,
    plan: Plan,
    mode: Mode,
    mode_name: &str,
    limit: Option<Duration>,
    ctx: &Ctx,
) -> Result {
    let lang = ctx.lang;
    let mut clock = clock();
    let mut session = Session::new(bank, plan);
    let started = now();

    // The scripted front end writes to stdout, the terminal one draws on stderr: each
    // takes the colour choice of its stream.
    let (mut frontend, color, participant): (Box<dyn Frontend + '_>, bool, Participant) =
        if let Some(path) = &args.answers {
            let (reader, name): (Box<dyn BufRead>, String) = if path.as_os_str() == "-" {
                (Box::new(io::stdin().lock()), "stdin".into())
            } else {
                let file = File::open(path)
                    .map_err(|e| Failure::Usage(format!("{}: {}", path.display(), describe(&e))))?;
                (Box::new(BufReader::new(file)), path.display().to_string())
            };
            let frontend = Scripted::new(reader, io::stdout().lock(), name);
            (
                Box::new(frontend),
                ctx.color_out,
                participant(args, None, lang)?,
            )
        } else if terminal::available() {
            terminal::catch_interrupts();
            let frontend = Terminal::new(ctx.color_err);
            let participant = participant(args, Some(&frontend), lang)?;
            (Box::new(frontend), ctx.color_err, participant)
        } else {
            return Err(Failure::Usage(lang.pick(
                "kuis perlu terminal untuk bertanya. Dari skrip atau pembaca layar, berikan jawaban \
                 dengan --answers BERKAS (atau --answers - untuk stdin), satu jawaban per baris: b, a,c, benar, salah"
                    .into(),
                "kuis needs a terminal to ask questions. From a script or a screen reader, give the \
                 answers with --answers FILE (or --answers - for stdin), one per line: b, a,c, true, false"
                    .into(),
            )));
        };
    let view = View {
        bank,
        lang,
        paint: Paint { enabled: color },
    };
    let ending = drive(
        &mut session,
        frontend.as_mut(),
        clock.as_mut(),
        &view,
        mode,
        limit,
    )?;
    // Dropping the terminal front end shows the cursor again before anything else prints.
    drop(frontend);

    let attempt = Attempt::new(
        &session.finish(),
        Context {
            participant,
            bank: BankRef {
                id: bank.bank.id.get_ref().clone(),
                version: bank.bank.version.clone(),
                sha256: content_hash(set.loaded.iter().map(|l| l.source.text.as_str())),
            },
            mode: mode_name.into(),
            lang: lang.code().into(),
            started,
            finished: now(),
            ending: ending.as_str().into(),
        },
    )
    .with_hashes(bank);
    keep(&attempt, args, lang)?;
    match ending {
        Ending::Interrupted => Err(Failure::Interrupted),
        Ending::Completed | Ending::TimeUp => Ok(()),
    }
}

/// Write the attempt to `--out` and to the store. When the store fails, the attempt goes to a
/// fallback file whose path is printed, so no result is ever lost.
fn keep(attempt: &Attempt, args: &SessionArgs, lang: Lang) -> Result {
    let json = serde_json::to_string_pretty(attempt).map_err(|e| Failure::Io(e.to_string()))?;
    if let Some(out) = &args.out {
        write_atomic(out, json.as_bytes())
            .map_err(|e| Failure::Io(format!("{}: {}", out.display(), describe(&e))))?;
        eprintln!(
            "{}",
            lang.pick(
                format!("Hasil ditulis ke {}", out.display()),
                format!("Attempt written to {}", out.display()),
            )
        );
    }
    if args.no_save {
        return Ok(());
    }
    let saved = open_store(&args.store).and_then(|mut store| {
        store
            .insert(attempt)
            .map_err(|e| Failure::Io(e.to_string()))
    });
    let Err(Failure::Io(why)) = saved else {
        return saved.map(|_| ());
    };
    let name = format!("kuis-attempt-{}.json", attempt.id);
    let fallback = [PathBuf::from("."), std::env::temp_dir()]
        .into_iter()
        .map(|dir| dir.join(&name))
        .find(|path| write_atomic(path, json.as_bytes()).is_ok());
    Err(Failure::Io(match fallback {
        Some(path) => lang.pick(
            format!(
                "hasil tidak dapat disimpan ({why}). Hasil disimpan di {}; masukkan nanti dengan: kuis import {}",
                path.display(),
                path.display()
            ),
            format!(
                "the attempt could not be saved ({why}). It is kept in {}; add it later with: kuis import {}",
                path.display(),
                path.display()
            ),
        ),
        None => lang.pick(
            format!("hasil tidak dapat disimpan ({why}), juga tidak ke berkas cadangan"),
            format!("the attempt could not be saved ({why}), nor to a fallback file"),
        ),
    }))
}

fn drive(
    session: &mut Session<'_>,
    frontend: &mut dyn Frontend,
    clock: &mut dyn Clock,
    view: &View<'_>,
    mode: Mode,
    limit: Option<Duration>,
) -> Result<Ending> {
    match ui::run(session, frontend, clock, view, mode, limit) {
        Ok(ending) => Ok(ending),
        Err(Stop::Interrupted) => Ok(Ending::Interrupted),
        Err(Stop::Input(m)) => Err(Failure::Usage(m)),
        Err(Stop::Io(m)) => Err(Failure::Io(m)),
    }
}

/// The participant: anonymous on request; else the flags; else the remembered identity; else,
/// at a terminal, asked once and remembered.
fn participant(args: &SessionArgs, terminal: Option<&Terminal>, lang: Lang) -> Result<Participant> {
    if args.anonymous {
        return Ok(Participant::default());
    }
    if args.name.is_some() || args.nip.is_some() || args.unit.is_some() {
        return Ok(Participant {
            name: args.name.clone(),
            nip: args.nip.clone(),
            unit: args.unit.clone(),
        });
    }
    let saved = config::load();
    if saved.name.is_some() {
        return Ok(Participant {
            name: saved.name,
            nip: saved.nip,
            unit: saved.unit,
        });
    }
    let Some(term) = terminal else {
        return Ok(Participant::default());
    };
    let (name, nip, unit) = term.identity(lang).map_err(|e| match e {
        Stop::Interrupted => Failure::Interrupted,
        Stop::Input(m) | Stop::Io(m) => Failure::Io(m),
    })?;
    let nonempty = |s: String| (!s.is_empty()).then_some(s);
    let remembered = config::Config {
        name: nonempty(name),
        nip: nonempty(nip),
        unit: nonempty(unit),
    };
    // Remembering only saves typing next time: a failure to save is not worth stopping for.
    let _ = config::save(&remembered);
    Ok(Participant {
        name: remembered.name,
        nip: remembered.nip,
        unit: remembered.unit,
    })
}

/// The clock: real, or (for tests) one that steps `KUIS_FAKE_CLOCK_STEP` seconds per reading.
fn clock() -> Box<dyn Clock> {
    match std::env::var("KUIS_FAKE_CLOCK_STEP")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
    {
        Some(step) if step.is_finite() && step >= 0.0 => Box::new(SteppingClock {
            step: Duration::from_secs_f64(step),
            at: Duration::ZERO,
        }),
        _ => Box::new(SystemClock::default()),
    }
}

/// Now, RFC 3339 with the local offset.
fn now() -> String {
    jiff::ZonedDateTime::now()
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

fn plan_error(e: &PlanError, bank: &Bank, lang: Lang) -> String {
    let topics: Vec<&str> = bank
        .topics
        .iter()
        .map(|x| x.id.get_ref().as_str())
        .collect();
    let topics = topics.join(", ");
    match e {
        PlanError::UnknownTopic(t) => lang.pick(
            format!("topik \"{t}\" tidak ada; topik yang ada: {topics}"),
            format!("there is no topic \"{t}\"; the topics are: {topics}"),
        ),
        PlanError::UnknownRule(r) => lang.pick(
            format!("aturan \"{r}\" tidak ada; lihat kuis list"),
            format!("there is no rule \"{r}\"; see kuis list"),
        ),
        PlanError::Empty => lang.pick(
            "tidak ada soal yang cocok dengan --topic/--rule".into(),
            "no question matches --topic/--rule".into(),
        ),
    }
}
