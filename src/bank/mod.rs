//! Quiz banks: the model, loading from TOML, the semantic checks and their diagnostics.

#[cfg(test)]
pub mod arbitrary;
pub mod balance;
pub mod check;
mod chunked;
pub mod diagnostic;
pub mod load;
pub mod model;
pub mod score;
pub mod summary;
pub mod testwise;
pub mod text;
pub mod write;

pub use diagnostic::{Diagnostic, Problem, Severity};
pub use load::{Source, parse};
pub use model::{Bank, Choice, Kind, Meta, Question, Rule, Text, Topic};

/// An automaton that finds any of `patterns` in one pass, ignoring ASCII case. Only ever given
/// fixed patterns, so building it cannot fail. The compact kind: the few short texts searched
/// gain nothing from the default's larger tables.
fn finder(patterns: &[&str]) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .ascii_case_insensitive(true)
        .build(patterns)
        .expect("fixed patterns build an automaton")
}
