//! Quiz banks: the model, loading from TOML, the semantic checks and their diagnostics.

#[cfg(test)]
pub mod arbitrary;
pub mod check;
mod chunked;
pub mod diagnostic;
pub mod load;
pub mod model;
pub mod summary;
pub mod text;
pub mod write;

pub use diagnostic::{Diagnostic, Problem, Severity};
pub use load::{Source, parse};
pub use model::{Bank, Choice, Kind, Meta, Question, Rule, Text, Topic};
