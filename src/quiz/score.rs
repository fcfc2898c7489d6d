//! Scoring an answer to a question as shown: the options on screen have a worth, and the
//! formula is the bank's ([`crate::bank::score`]), shared with the checker's blind strategies.

use crate::bank::score::Worth;

use super::session::Opt;

pub use crate::bank::score::score;

impl Worth for Opt<'_> {
    fn correct(&self) -> bool {
        self.correct
    }
    fn points(&self) -> i64 {
        self.points
    }
}
