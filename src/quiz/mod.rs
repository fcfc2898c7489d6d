//! The quiz engine, with no I/O: plan a quiz, run a session, score every answer.

pub mod plan;
pub mod score;
pub mod session;

pub use plan::{Count, Draw, Plan, PlanError, PlanOptions, plan};
pub use session::{Feedback, Label, Opt, Outcome, ResponseError, Session, Shown};

#[cfg(test)]
mod tests;
