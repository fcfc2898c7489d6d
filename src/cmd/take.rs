//! `kuis take` (and plain `kuis`): load, check and plan a quiz, pick a front end, run it,
//! and keep the attempt. `kuis review` reuses everything here but the plan.

use std::io::{self, BufReader, Write};
use std::path::PathBuf;
use std::time::Duration;

use crate::bank::Bank;
use crate::cli::{CountArg, DrawArgs, ModeArg, SessionArgs, TakeArgs};
use crate::config;
use crate::error::{Failure, Result};
use crate::files::{self, LoadSet, describe, write_atomic};
use crate::i18n::{Lang, msg};
use crate::quiz::{self, Count, Plan, PlanError, PlanOptions, Session};
use crate::results::attempt::{Attempt, BankRef, Context, Participant, content_hash};
use crate::results::when::now;
use crate::ui::render::{Paint, View};
use crate::ui::scripted::Scripted;
use crate::ui::signals::{self, Interruptible, Signal};
use crate::ui::terminal::{self, Terminal};
use crate::ui::{self, Clock, Ending, Frontend, Mode, SteppingClock, Stop, SystemClock};

use super::{Ctx, open_store, usable_set};

/// The built-in bank, compiled in so `kuis` works with no files around it.
pub const BUILTIN: &str = include_str!("../../quizzes/netralitas-asn.toml");

/// Run a quiz.
pub fn run(args: &TakeArgs, ctx: &Ctx) -> Result {
    let (set, bank) = load(&args.paths, ctx)?;
    let (mode, options, limit) = drawn(&args.draw, &bank);
    let plan = quiz::plan(
        &bank,
        &PlanOptions {
            seed: args.seed.unwrap_or_else(rand::random),
            ..options
        },
    )
    .map_err(|e| Failure::Usage(plan_error(&e, &bank, ctx.lang)))?;
    let name = match mode {
        Mode::Practice => "practice",
        Mode::Exam => "exam",
    };
    serve(&args.session, &set, &bank, plan, mode, name, limit, ctx)
}

/// How `draw` asks a quiz of `bank` to be drawn: its mode, its plan options (seed 0) and its
/// time limit. Shared by `kuis take` and `kuis serve`.
pub fn drawn(draw: &DrawArgs, bank: &Bank) -> (Mode, PlanOptions, Option<Duration>) {
    let mode = match draw.mode {
        ModeArg::Practice => Mode::Practice,
        ModeArg::Exam => Mode::Exam,
    };
    // Practice is a set length (the bank's practice_count, or 20); an exam is the whole bank.
    let count = match (draw.count, mode) {
        (Some(CountArg::All), _) | (None, Mode::Exam) => Count::All,
        (Some(CountArg::N(n)), _) => Count::Exactly(n),
        (None, Mode::Practice) => Count::AtMost(bank.bank.practice_count()),
    };
    // An explicit limit applies in any mode; the bank's own limit (minutes) is for exams.
    let limit = draw.time_limit.or(match mode {
        Mode::Exam => bank
            .bank
            .time_limit
            .as_ref()
            .map(|t| Duration::from_secs(u64::try_from(*t.get_ref()).unwrap_or(0) * 60)),
        Mode::Practice => None,
    });
    let options = PlanOptions {
        topics: draw.topics.clone(),
        rules: draw.rules.clone(),
        count,
        shuffle: !draw.no_shuffle,
        ..PlanOptions::default()
    };
    (mode, options, limit)
}

/// Load banks (the built-in one when no path is given) and refuse any with errors.
pub fn load(paths: &[PathBuf], ctx: &Ctx) -> Result<(LoadSet, Bank)> {
    let lang = ctx.lang;
    let set = if paths.is_empty() {
        super::builtin(lang)
    } else {
        files::load(paths)
    };
    usable_set(&set, ctx)?;
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
    let planned = session.total();
    let view_in = |color| View {
        bank,
        lang,
        paint: Paint { enabled: color },
        review: mode_name == "review",
    };

    // The scripted front end writes to stdout, the terminal one draws on stderr: each
    // takes the colour choice of its stream.
    let (mut frontend, color, participant): (Box<dyn Frontend + '_>, bool, Participant) =
        if let Some(path) = &args.answers {
            // The answers are read on a thread of their own, so SIGINT/SIGTERM stop the quiz
            // even while it waits for a line that has not come.
            let (source, name): (Box<dyn io::Read + Send>, String) = if path.as_os_str() == "-" {
                (Box::new(io::stdin()), "stdin".into())
            } else {
                let file = files::open(path)
                    .map_err(|e| Failure::Usage(format!("{}: {}", path.display(), describe(&e))))?;
                (Box::new(file), path.display().to_string())
            };
            let reader = BufReader::new(Interruptible::new(source));
            let participant = match who(args, lang)? {
                Who::Given(p) | Who::Remembered(p) => p,
                Who::Unknown => Participant::default(),
            };
            let mut frontend = Scripted::new(reader, io::stdout().lock(), name);
            let start = view_in(ctx.color_out).start(
                planned,
                mode,
                limit,
                &described(&participant, lang),
                false,
            );
            frontend.show(start.trim_end()).map_err(stop_failure)?;
            (Box::new(frontend), ctx.color_out, participant)
        } else if terminal::available() {
            terminal::catch_interrupts();
            let mut frontend = Terminal::new(ctx.color_err, lang);
            let known = who(args, lang)?;
            let participant = start_screen(
                &mut frontend,
                known,
                &view_in(ctx.color_err),
                planned,
                mode,
                limit,
            )
            .map_err(|e| {
                // Esc before the first question: said, so the learner knows nothing was
                // started or kept (the terminal may be gone: no reason to fail on it).
                if matches!(e, Stop::Interrupted) {
                    let _ = frontend.say(lang.pick(
                        "Kuis dibatalkan sebelum dimulai; tidak ada yang disimpan.",
                        "Quiz cancelled before it began; nothing is kept.",
                    ));
                }
                stop_failure(e)
            })?;
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
    // The attempt starts when the questions do, not while the start screen waits.
    let started = now();
    let view = view_in(color);
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
    let outcome = session.finish();
    if outcome.answered() == 0 {
        // Nothing was answered: there is nothing to score or keep. (The terminal may be
        // gone, so a failure to say so is no reason to panic.)
        let said = lang.pick(
            "Tidak ada soal yang dijawab; tidak ada hasil yang disimpan.",
            "No question was answered; no attempt is kept.",
        );
        let width = usize::from(console::Term::stderr().size().1);
        let _ = write!(io::stderr(), "{}", crate::ui::render::wrap(said, width));
        return match ending {
            Ending::Interrupted => Err(stopped()),
            Ending::Completed | Ending::TimeUp => Ok(()),
        };
    }

    let attempt = Attempt::new(
        &outcome,
        Context {
            participant: participant.cleaned(),
            bank: bank_ref(set, bank),
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
        Ending::Interrupted => Err(stopped()),
        Ending::Completed | Ending::TimeUp => Ok(()),
    }
}

/// The fallback file: one attempt per line (JSON Lines), in the current folder, else in the
/// temporary folder. Appended under a lock, so every kuis that cannot reach its store adds to
/// the same file, and `kuis import` takes it whole (again and again: importing is idempotent).
pub const FALLBACK: &str = "kuis-fallback.jsonl";

/// Write the attempt to `--out` and to the store. When the store fails (a full disk, a
/// database that is down), the attempt is appended to the fallback file, whose path is
/// printed with the command that imports it: no result is ever lost.
fn keep(attempt: &Attempt, args: &SessionArgs, lang: Lang) -> Result {
    if let Some(out) = &args.out {
        let json = serde_json::to_string_pretty(attempt).map_err(|e| Failure::Io(e.to_string()))?;
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
    let saved = open_store(&args.store).and_then(|mut store| Ok(store.insert(attempt)?));
    // Whatever kept the attempt out of the store (a malformed --store URL too), it is kept.
    let (Err(Failure::Io(why)) | Err(Failure::Usage(why))) = saved else {
        return saved.map(|_| ());
    };
    let mut line = serde_json::to_string(attempt).map_err(|e| Failure::Io(e.to_string()))?;
    line.push('\n');
    let fallback = [PathBuf::from("."), std::env::temp_dir()]
        .into_iter()
        .map(|dir| dir.join(FALLBACK))
        // Named in full: the message is to be acted on later, from anywhere.
        .map(|path| std::path::absolute(&path).unwrap_or(path))
        // Private: the fallback may land in a shared temporary folder.
        .find(|path| files::append_private(path, line.as_bytes()).is_ok());
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
        Err(Stop::TimeUp) => Ok(Ending::TimeUp),
        Err(e) => Err(stop_failure(e)),
    }
}

/// Who is taking the quiz, as far as is known before asking.
enum Who {
    /// From `--name/--nip/--unit`, or `--anonymous`: not asked.
    Given(Participant),
    /// The identity remembered from last time: confirmed at a terminal.
    Remembered(Participant),
    /// Nobody yet: asked at a terminal, anonymous from a script.
    Unknown,
}

/// The participant from the flags, else the remembered one. A `--nip` that is not 18
/// digits is a usage error.
fn who(args: &SessionArgs, lang: Lang) -> Result<Who> {
    if args.anonymous {
        return Ok(Who::Given(Participant::default()));
    }
    if args.name.is_some() || args.nip.is_some() || args.unit.is_some() {
        let nip = match &args.nip {
            Some(nip) => crate::words::nip(nip).map_err(|_| {
                Failure::Usage(format!("--nip {nip}: {}", lang.t(msg::NIP_INVALID)))
            })?,
            None => None,
        };
        // The flags are asked as the prompts ask: too long or lookalike letters is a usage
        // error, not a name cut or kept unseen.
        for (flag, value) in [("--name", &args.name), ("--unit", &args.unit)] {
            if let Some(Err(why)) = value.as_deref().map(crate::words::field) {
                return Err(Failure::Usage(format!("{flag}: {}", why.message(lang))));
            }
        }
        return Ok(Who::Given(
            Participant {
                name: args.name.clone(),
                nip,
                unit: args.unit.clone(),
            }
            .cleaned(),
        ));
    }
    // Cleaned as typed words are: the config file is shown on the start screen.
    let saved = config::load();
    if saved.name.is_some() {
        return Ok(Who::Remembered(
            Participant {
                name: saved.name,
                nip: saved.nip,
                unit: saved.unit,
            }
            .cleaned(),
        ));
    }
    Ok(Who::Unknown)
}

/// The participant as the start screen names them: `Siti Rahma · NIP … · BKPSDM`.
fn described(p: &Participant, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(name) = &p.name {
        parts.push(name.clone());
    }
    if let Some(nip) = &p.nip {
        parts.push(format!("NIP {nip}"));
    }
    if let Some(unit) = &p.unit {
        parts.push(unit.clone());
    }
    if parts.is_empty() {
        lang.t(msg::ANONYMOUS).to_owned()
    } else {
        parts.join(" · ")
    }
}

/// At a terminal, before the first question: ask who is taking the quiz when nobody is
/// known, show the start screen, and confirm a remembered identity ("Lanjut sebagai …?")
/// so that on a shared laptop nobody is recorded under the previous person's name;
/// otherwise wait for Enter.
fn start_screen(
    term: &mut Terminal,
    known: Who,
    view: &View<'_>,
    planned: usize,
    mode: Mode,
    limit: Option<Duration>,
) -> std::result::Result<Participant, Stop> {
    let lang = view.lang;
    let (mut person, confirm) = match known {
        Who::Given(p) => (p, false),
        Who::Remembered(p) => (p, true),
        Who::Unknown => (ask_identity(term, lang)?, false),
    };
    term.show(&view.start(planned, mode, limit, &described(&person, lang), true))?;
    if confirm {
        let name = person.name.clone().unwrap_or_default();
        let question = lang.pick(
            format!("Lanjut sebagai {name}?"),
            format!("Continue as {name}?"),
        );
        if !term.confirm(&question, true)? {
            person = ask_identity(term, lang)?;
            term.say(&format!(
                "{}: {}",
                lang.t(msg::PARTICIPANT),
                described(&person, lang)
            ))?;
        }
    } else {
        term.wait(lang.t(msg::PRESS_ENTER_START), None)?;
    }
    Ok(person)
}

/// Ask the identity at the terminal and remember it for next time.
fn ask_identity(term: &Terminal, lang: Lang) -> std::result::Result<Participant, Stop> {
    let (name, nip, unit) = term.identity(lang)?;
    let nonempty = |s: String| (!s.is_empty()).then_some(s);
    // The rest of the config (where the store is) stays as it was.
    let remembered = config::Config {
        name: nonempty(name),
        nip: nonempty(nip),
        unit: nonempty(unit),
        ..config::load()
    };
    // Remembering only saves typing next time: a failure to save is not worth stopping for.
    let _ = config::save(&remembered);
    Ok(Participant {
        name: remembered.name,
        nip: remembered.nip,
        unit: remembered.unit,
    })
}

/// A front end's stop before the quiz began, as the command's failure.
fn stop_failure(e: Stop) -> Failure {
    match e {
        Stop::Interrupted | Stop::TimeUp => stopped(),
        Stop::Input(m) => Failure::Usage(m),
        Stop::Io(m) => Failure::Io(m),
    }
}

/// How a stopped quiz fails: exit 143 after SIGTERM, else 130 (Ctrl-C, Esc, SIGINT).
fn stopped() -> Failure {
    if signals::caught() == Some(Signal::Terminate) {
        Failure::Terminated
    } else {
        Failure::Interrupted
    }
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

/// Which bank a quiz is taken on, exactly: its id, version and the hash of its files.
pub fn bank_ref(set: &LoadSet, bank: &Bank) -> BankRef {
    BankRef {
        id: bank.bank.id.get_ref().clone(),
        version: bank.bank.version.clone(),
        sha256: content_hash(set.loaded.iter().map(|l| l.source.text.as_str())),
    }
}

/// A plan that cannot be made, said to the learner.
pub(super) fn plan_error(e: &PlanError, bank: &Bank, lang: Lang) -> String {
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
        PlanError::ZeroCount => lang.pick(
            "--count 0: kuis perlu minimal satu soal; tulis --count N, atau --count all untuk semua soal".into(),
            "--count 0: a quiz needs at least one question; give --count N, or --count all for every question".into(),
        ),
        PlanError::TooMany { asked, available } => lang.pick(
            format!("--count {asked}: hanya ada {available} soal yang cocok; tulis --count {available} atau --count all"),
            format!("--count {asked}: only {available} questions match; give --count {available} or --count all"),
        ),
    }
}
