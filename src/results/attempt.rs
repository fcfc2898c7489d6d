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
    /// [`question_hash`] of the question as asked: the report pools a question across bank
    /// versions only while this is unchanged. Absent in attempts from older kuis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
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
                    hash: None,
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

impl Attempt {
    /// Record with each answer the content hash of its question in `bank` (the bank asked).
    pub fn with_hashes(mut self, bank: &crate::bank::Bank) -> Self {
        for x in &mut self.answers {
            x.hash = bank
                .questions
                .iter()
                .find(|q| *q.id.get_ref() == x.question)
                .map(question_hash);
        }
        self
    }
}

/// A question's content as asked (kind, prompt, key and choices, in every language), hashed:
/// 16 hex digits of SHA-256 over its JSON. Ids, topics, feedback and tags are left out, so
/// fixing a typo in an explanation keeps the statistics pooled, while changing the prompt, a
/// choice or the key starts new ones.
pub fn question_hash(q: &crate::bank::Question) -> String {
    let choices: Vec<_> = q
        .choices
        .iter()
        .map(|c| serde_json::json!([c.id, c.text, c.correct, c.points]))
        .collect();
    let content = serde_json::json!([q.kind.get_ref(), q.prompt.get_ref(), q.answer, choices]);
    let mut hex = content_hash([content.to_string().as_str()]);
    hex.truncate(16);
    hex
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
pub(crate) mod tests {
    use super::*;

    /// An attempt of `name` with one question scored `points` of 1.
    pub(crate) fn sample(name: &str, points: f64) -> Attempt {
        Attempt {
            schema: SCHEMA,
            id: Uuid::new_v4(),
            participant: Participant {
                name: Some(name.to_owned()),
                nip: None,
                unit: Some("BKPSDM".into()),
            },
            bank: BankRef {
                id: "b".into(),
                version: "1".into(),
                sha256: "0".repeat(64),
            },
            mode: "practice".into(),
            seed: u64::MAX,
            lang: "id".into(),
            started: "2026-11-26T09:00:00+07:00".into(),
            finished: "2026-11-26T09:10:00+07:00".into(),
            ending: "completed".into(),
            answers: vec![AnswerRecord {
                question: "q1".into(),
                topic: "t".into(),
                rules: vec!["R01".into()],
                kind: Kind::Single,
                chosen: Some(vec!["a".into()]),
                points,
                max: 1.0,
                seconds: 3.0,
                hash: None,
            }],
            score: points,
            max: 1.0,
            percent: points * 100.0,
            passed: points >= 0.8,
            completed: true,
        }
    }

    // Test that a future schema is refused by number, and a broken file as malformed.
    #[test]
    fn parse_refuses_future_and_garbage() {
        let mut v = serde_json::to_value(sample("a", 1.0)).unwrap();
        v["schema"] = 9.into();
        assert_eq!(
            Attempt::from_value(v).unwrap_err(),
            ReadError::FutureSchema(9)
        );
        assert!(matches!(
            Attempt::parse_many("{oops"),
            Err(ReadError::Malformed(_))
        ));
        assert!(matches!(
            Attempt::parse_many(""),
            Err(ReadError::Malformed(_))
        ));
    }

    // Test that one object, an array and JSON Lines all read.
    #[test]
    fn parse_shapes() {
        let a = serde_json::to_string(&sample("a", 1.0)).unwrap();
        let b = serde_json::to_string(&sample("b", 0.0)).unwrap();
        assert_eq!(Attempt::parse_many(&a).unwrap().len(), 1);
        assert_eq!(Attempt::parse_many(&format!("[{a},{b}]")).unwrap().len(), 2);
        assert_eq!(
            Attempt::parse_many(&format!("{a}\n{b}\n")).unwrap().len(),
            2
        );
    }

    // Test the hash against the published SHA-256 of "abc".
    #[test]
    fn sha256_of_abc() {
        assert_eq!(
            content_hash(["a", "bc"]),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

/// Why an attempt file cannot be taken in.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    /// Not JSON, or not an attempt.
    #[error("not a kuis attempt: {0}")]
    Malformed(String),
    /// Written by a newer kuis.
    #[error("attempt schema {0} is newer than this kuis understands ({SCHEMA}); update kuis")]
    FutureSchema(u64),
    /// JSON of the right shape with impossible values.
    #[error("attempt {0} is inconsistent: {1}")]
    Inconsistent(String, String),
}

impl Attempt {
    /// Read attempts from a file's text: one attempt object, an array of them, or JSON Lines.
    pub fn parse_many(text: &str) -> Result<Vec<Attempt>, ReadError> {
        let trimmed = text.trim_start_matches('\u{feff}').trim();
        let values: Vec<serde_json::Value> = if trimmed.starts_with('[') {
            serde_json::from_str(trimmed).map_err(|e| ReadError::Malformed(e.to_string()))?
        } else {
            let stream =
                serde_json::Deserializer::from_str(trimmed).into_iter::<serde_json::Value>();
            stream
                .collect::<Result<_, _>>()
                .map_err(|e| ReadError::Malformed(e.to_string()))?
        };
        if values.is_empty() {
            return Err(ReadError::Malformed("the file holds no attempt".into()));
        }
        values.into_iter().map(Attempt::from_value).collect()
    }

    /// One attempt from JSON, refusing future schemas before reading the rest.
    pub fn from_value(value: serde_json::Value) -> Result<Attempt, ReadError> {
        match value.get("schema").and_then(serde_json::Value::as_u64) {
            None => return Err(ReadError::Malformed("no \"schema\" number".into())),
            Some(s) if s > u64::from(SCHEMA) => return Err(ReadError::FutureSchema(s)),
            Some(_) => {}
        }
        let attempt: Attempt =
            serde_json::from_value(value).map_err(|e| ReadError::Malformed(e.to_string()))?;
        attempt.validate()?;
        Ok(attempt)
    }

    /// Values a real attempt cannot have: scores out of range, unreadable times.
    pub fn validate(&self) -> Result<(), ReadError> {
        let bad = |why: &str| Err(ReadError::Inconsistent(self.id.to_string(), why.to_owned()));
        if !(0.0..=100.0).contains(&self.percent) {
            return bad("percent is outside 0 to 100");
        }
        if !(self.score >= 0.0 && self.score <= self.max + 1e-9) {
            return bad("score is outside 0 to max");
        }
        if self
            .answers
            .iter()
            .any(|a| !(a.points >= 0.0 && a.points <= a.max + 1e-9 && a.seconds >= 0.0))
        {
            return bad("an answer's points are outside 0 to max");
        }
        if self.started_at().is_none() || self.finished_at().is_none() {
            return bad("started or finished is not an RFC 3339 time");
        }
        Ok(())
    }

    /// When it started.
    pub fn started_at(&self) -> Option<jiff::Timestamp> {
        self.started.parse().ok()
    }

    /// When it finished.
    pub fn finished_at(&self) -> Option<jiff::Timestamp> {
        self.finished.parse().ok()
    }

    /// Seconds from start to finish.
    pub fn seconds(&self) -> i64 {
        match (self.started_at(), self.finished_at()) {
            (Some(s), Some(f)) => (f.as_second() - s.as_second()).max(0),
            _ => 0,
        }
    }
}
