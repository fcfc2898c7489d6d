//! Front ends: the seam between the engine and a learner. A front end shows a question and
//! returns a response; `run` drives a session through any of them.

pub mod render;
pub mod scripted;
pub mod signals;
pub mod terminal;
pub mod wizard;

use std::time::{Duration, Instant};

use crate::i18n::msg;
use crate::quiz::Session;

use render::View;

/// Why a front end stopped before the quiz ended.
#[derive(Debug)]
pub enum Stop {
    /// Ctrl-C, Esc, a closed terminal: the learner left.
    Interrupted,
    /// The time limit ran out while a question waited.
    TimeUp,
    /// An answer that cannot be used, with where it came from (exit 2).
    Input(String),
    /// Writing the screen failed.
    Io(String),
}

/// Something that can show a question and return a response.
pub trait Frontend {
    /// Show `shown` and return the picked display positions. `remaining` is the time left
    /// when there is a limit: a front end that can watch the clock while it waits ends the
    /// question with [`Stop::TimeUp`] when it runs out.
    fn ask(
        &mut self,
        view: &View<'_>,
        shown: &crate::quiz::Shown<'_>,
        remaining: Option<Duration>,
    ) -> Result<Vec<usize>, Stop>;
    /// Show a block of text (feedback, review, summary).
    fn show(&mut self, text: &str) -> Result<(), Stop>;
    /// Wait until the learner is ready for the next question, or the time left runs out.
    fn pause(&mut self, view: &View<'_>, remaining: Option<Duration>) -> Result<(), Stop>;
    /// Show the exam review, block by block; a screen pages it so nothing scrolls away.
    fn review(&mut self, _view: &View<'_>, blocks: &[String]) -> Result<(), Stop> {
        self.show(&blocks.join("\n"))
    }
}

/// Where time comes from: the system's clock, or a stepping one for tests.
pub trait Clock {
    /// Time since an arbitrary fixed start.
    fn now(&mut self) -> Duration;
}

/// The real clock.
#[derive(Debug)]
pub struct SystemClock(Instant);

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock(Instant::now())
    }
}

impl Clock for SystemClock {
    fn now(&mut self) -> Duration {
        self.0.elapsed()
    }
}

/// A clock that moves `step` forward at every reading, so time limits can be tested
/// without waiting.
#[derive(Debug)]
pub struct SteppingClock {
    /// How far each reading moves.
    pub step: Duration,
    /// The current reading.
    pub at: Duration,
}

impl Clock for SteppingClock {
    fn now(&mut self) -> Duration {
        self.at += self.step;
        self.at
    }
}

/// Practice shows feedback after each answer; exam holds it for the review at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Feedback after each answer.
    Practice,
    /// Review at the end.
    Exam,
}

/// How a quiz ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Every question answered.
    Completed,
    /// The time limit passed.
    TimeUp,
    /// The learner left.
    Interrupted,
}

impl Ending {
    /// The word kept in the attempt record.
    pub fn as_str(self) -> &'static str {
        match self {
            Ending::Completed => "completed",
            Ending::TimeUp => "time-up",
            Ending::Interrupted => "interrupted",
        }
    }
}

/// Drive `session` through `frontend` until it is done, time runs out, or the learner leaves.
/// An answer given after the limit does not count; every answer given in time does. The
/// summary follows, and after an exam the review. Returns how it ended.
pub fn run(
    session: &mut Session<'_>,
    frontend: &mut dyn Frontend,
    clock: &mut dyn Clock,
    view: &View<'_>,
    mode: Mode,
    limit: Option<Duration>,
) -> Result<Ending, Stop> {
    let start = clock.now();
    let lang = view.lang;
    let ending = loop {
        let Some(shown) = session.current() else {
            break Ending::Completed;
        };
        let asked = clock.now();
        let used = asked.saturating_sub(start);
        if limit.is_some_and(|l| used >= l) {
            break Ending::TimeUp;
        }
        let remaining = limit.map(|l| l.saturating_sub(used));
        let picked = match frontend.ask(view, &shown, remaining) {
            Ok(p) => p,
            Err(Stop::Interrupted) => break Ending::Interrupted,
            Err(Stop::TimeUp) => break Ending::TimeUp,
            Err(e) => return Err(e),
        };
        let answered = clock.now();
        if limit.is_some_and(|l| answered.saturating_sub(start) > l) {
            break Ending::TimeUp;
        }
        let seconds = answered.saturating_sub(asked).as_secs_f64();
        let feedback = session
            .answer(&picked, seconds)
            .map_err(|e| Stop::Input(e.to_string()))?;
        if mode == Mode::Practice {
            frontend.show(&view.feedback(&feedback))?;
            if session.current().is_some() {
                // The clock is read only under a limit: a test's stepping clock moves per reading.
                let remaining = limit.map(|l| l.saturating_sub(clock.now().saturating_sub(start)));
                match frontend.pause(view, remaining) {
                    Ok(()) => {}
                    Err(Stop::Interrupted) => break Ending::Interrupted,
                    Err(e) => return Err(e),
                }
            }
        }
    };
    let seconds = clock.now().saturating_sub(start).as_secs();
    match ending {
        Ending::TimeUp => frontend.show(lang.t(msg::TIME_UP))?,
        Ending::Interrupted => frontend.show(lang.t(msg::INTERRUPTED))?,
        Ending::Completed => {}
    }
    let outcome = session.finish();
    let summary = format!("\n{}", view.summary(&outcome, seconds));
    if mode == Mode::Exam && ending != Ending::Interrupted && outcome.answered() > 0 {
        // The summary is the review's first page, so it cannot scroll away unread.
        let answered: Vec<_> = (0..session.total())
            .map(|i| session.feedback(i))
            .filter(|fb| fb.picked.is_some())
            .collect();
        let mut pages = vec![summary];
        pages.extend(view.review(&answered));
        frontend.review(view, &pages)?;
    } else {
        frontend.show(&summary)?;
    }
    Ok(ending)
}
