//! The attempt record: one person's quiz, as plain data (JSON, schema 1), built from an outcome.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::bank::Kind;
use crate::quiz::Outcome;

/// The version of the attempt format; readers refuse newer ones.
pub const SCHEMA: u32 = 1;

/// One attempt at a quiz.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// Format version ([`SCHEMA`]).
    pub schema: u32,
    /// Unique id, so attempts merge across machines.
    pub id: Uuid,
    /// Who took it.
    pub participant: Participant,
    /// Which bank, exactly.
    pub bank: BankRef,
    /// `practice` or `exam`.
    pub mode: String,
    /// The plan's seed: the same seed and bank give the same quiz.
    pub seed: u64,
    /// The UI language.
    pub lang: String,
    /// Start, RFC 3339 with offset.
    pub started: String,
    /// End, RFC 3339 with offset.
    pub finished: String,
    /// `completed`, `time-up` or `interrupted`.
    pub ending: String,
    /// Every question of the quiz.
    pub answers: Vec<AnswerRecord>,
    /// Points earned.
    pub score: f64,
    /// Points possible.
    pub max: f64,
    /// score / max as a percentage.
    pub percent: f64,
    /// At or above the bank's pass mark.
    pub passed: bool,
    /// Every question answered.
    pub completed: bool,
}

/// Who took the attempt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// Full name.
    pub name: Option<String>,
    /// NIP (civil-servant number).
    pub nip: Option<String>,
    /// Work unit.
    pub unit: Option<String>,
}

/// The bank an attempt was taken on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankRef {
    /// `[bank] id` (ids joined with `+` when several banks were taken together).
    pub id: String,
    /// `[bank] version`.
    pub version: String,
    /// SHA-256 of the bank files' bytes, hex: proves which text was asked.
    pub sha256: String,
}

/// One question's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerRecord {
    /// Question id.
    pub question: String,
    /// Its topic.
    pub topic: String,
    /// Its rules.
    pub rules: Vec<String>,
    /// Its kind.
    pub kind: Kind,
    /// Chosen choice ids; `null` when not answered.
    pub chosen: Option<Vec<String>>,
    /// Points earned.
    pub points: f64,
    /// Points possible.
    pub max: f64,
    /// Seconds spent.
    pub seconds: f64,
}

/// What the front end knows that the engine does not.
#[derive(Debug, Clone)]
pub struct Context {
    /// Who.
    pub participant: Participant,
    /// Which bank.
    pub bank: BankRef,
    /// `practice` or `exam`.
    pub mode: String,
    /// UI language code.
    pub lang: String,
    /// Start time, RFC 3339.
    pub started: String,
    /// End time, RFC 3339.
    pub finished: String,
    /// How it ended.
    pub ending: String,
}

impl Attempt {
    /// The record of `outcome`, with a fresh id.
    pub fn new(outcome: &Outcome, context: Context) -> Self {
        Attempt {
            schema: SCHEMA,
            id: Uuid::new_v4(),
            participant: context.participant,
            bank: context.bank,
            mode: context.mode,
            seed: outcome.seed,
            lang: context.lang,
            started: context.started,
            finished: context.finished,
            ending: context.ending,
            answers: outcome
                .items
                .iter()
                .map(|i| AnswerRecord {
                    question: i.id.clone(),
                    topic: i.topic.clone(),
                    rules: i.rules.clone(),
                    kind: i.kind,
                    chosen: i.chosen.clone(),
                    points: i.earned,
                    max: i.max,
                    seconds: (i.seconds * 10.0).round() / 10.0,
                })
                .collect(),
            score: outcome.earned,
            max: outcome.max,
            percent: (outcome.percent * 100.0).round() / 100.0,
            passed: outcome.passed,
            completed: outcome.completed,
        }
    }
}

/// SHA-256 of the given texts in order, as lowercase hex.
pub fn content_hash<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut hasher = Sha256::new();
    for t in texts {
        hasher.update(t.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test the hash against the published SHA-256 of "abc".
    #[test]
    fn sha256_of_abc() {
        assert_eq!(
            content_hash(["a", "bc"]),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
