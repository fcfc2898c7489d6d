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
    /// An answer that cannot be used, with where it came from (exit 2).
    Input(String),
    /// Writing the screen failed.
    Io(String),
}

/// Something that can show a question and return a response.
pub trait Frontend {
    /// Show `shown` under `header` and return the picked display positions.
    fn ask(
        &mut self,
        view: &View<'_>,
        shown: &crate::quiz::Shown<'_>,
        header: &str,
    ) -> Result<Vec<usize>, Stop>;
    /// Show a block of text (feedback, review, summary).
    fn show(&mut self, text: &str) -> Result<(), Stop>;
    /// Wait until the learner is ready for the next question.
    fn pause(&mut self, view: &View<'_>) -> Result<(), Stop>;
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
/// An answer given after the limit does not count. Returns how it ended.
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
    if mode == Mode::Exam {
        frontend.show(lang.t(msg::EXAM_STARTS))?;
    }
    let ending = loop {
        let Some(shown) = session.current() else {
            break Ending::Completed;
        };
        let asked = clock.now();
        let used = asked.saturating_sub(start);
        if limit.is_some_and(|l| used >= l) {
            break Ending::TimeUp;
        }
        let remaining = limit.map(|l| l.saturating_sub(used).as_secs());
        let header = view.header(&shown, remaining);
        let picked = match frontend.ask(view, &shown, &header) {
            Ok(p) => p,
            Err(Stop::Interrupted) => break Ending::Interrupted,
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
                match frontend.pause(view) {
                    Ok(()) => {}
                    Err(Stop::Interrupted) => break Ending::Interrupted,
                    Err(e) => return Err(e),
                }
            }
        }
    };
    let seconds = clock.now().saturating_sub(start).as_secs();
    if ending == Ending::TimeUp {
        frontend.show(lang.t(msg::TIME_UP))?;
    }
    if ending == Ending::Interrupted {
        frontend.show(lang.t(msg::INTERRUPTED))?;
    } else if mode == Mode::Exam {
        let mut review = format!("\n== {} ==\n", lang.t(msg::REVIEW));
        for i in 0..session.total() {
            let fb = session.feedback(i);
            review += &format!(
                "\n{}\n{}\n{}",
                view.header(&fb.shown, None),
                view.prompt(&fb.shown),
                view.feedback(&fb)
            );
        }
        frontend.show(&review)?;
    }
    let outcome = session.finish();
    frontend.show(&format!("\n{}", view.summary(&outcome, seconds)))?;
    Ok(ending)
}
