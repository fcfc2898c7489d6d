//! The attempt record: one person's quiz, as plain data (JSON, schema 2), built from an outcome.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::bank::Kind;
use crate::quiz::Outcome;
use crate::results::when::{BadTime, since_epoch};

/// The version of the attempt format; readers refuse newer ones. Schema 2 added `answered`
/// and `planned`, and scores an incomplete attempt on the questions answered.
pub const SCHEMA: u32 = 2;

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
    /// How the plan was drawn (with the seed and `planned`, it draws the same questions in
    /// the same order again); absent in attempts from older kuis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draw: Option<crate::quiz::Draw>,
    /// The UI language.
    pub lang: String,
    /// Start, RFC 3339 with offset.
    pub started: String,
    /// End, RFC 3339 with offset.
    pub finished: String,
    /// `completed`, `time-up` or `interrupted`.
    pub ending: String,
    /// The questions answered (schema 1 also listed unanswered ones, with `chosen: null`).
    pub answers: Vec<AnswerRecord>,
    /// Questions answered.
    pub answered: usize,
    /// Questions the quiz was planned with.
    pub planned: usize,
    /// Points earned.
    pub score: f64,
    /// Points possible.
    pub max: f64,
    /// score / max as a percentage.
    pub percent: f64,
    /// Completed, and at or above the bank's pass mark.
    pub passed: bool,
    /// Every planned question answered.
    pub completed: bool,
    /// The `kuis serve` room it was taken in; absent for attempts taken elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
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
            draw: Some(outcome.draw.clone()),
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
                    chosen: Some(i.chosen.clone()),
                    points: i.earned,
                    max: i.max,
                    seconds: (i.seconds * 10.0).round() / 10.0,
                    hash: None,
                })
                .collect(),
            answered: outcome.answered(),
            planned: outcome.planned,
            score: outcome.earned,
            max: outcome.max,
            percent: (outcome.percent * 100.0).round() / 100.0,
            passed: outcome.passed,
            completed: outcome.completed,
            room: None,
        }
    }
}

/// Bring a schema-1 record to schema 2: count the answers it planned and the ones given.
/// Its score is left as recorded: it is what the learner was shown at the time.
pub fn upgrade_v1(value: &mut serde_json::Value) {
    let Some(object) = value.as_object_mut() else {
        return;
    };
    let (planned, answered) = match object.get("answers").and_then(|a| a.as_array()) {
        Some(answers) => (
            answers.len(),
            answers
                .iter()
                .filter(|a| a.get("chosen").is_some_and(|c| !c.is_null()))
                .count(),
        ),
        None => (0, 0),
    };
    object.entry("answered").or_insert_with(|| answered.into());
    object.entry("planned").or_insert_with(|| planned.into());
    object.insert("schema".into(), SCHEMA.into());
}

impl Attempt {
    /// Record with each answer the content hash of its question in `bank` (the bank asked).
    pub fn with_hashes(mut self, bank: &crate::bank::Bank) -> Self {
        // By id through a map: a search of the bank per answer is quadratic in a full exam.
        let by_id: std::collections::HashMap<&str, &crate::bank::Question> = bank
            .questions
            .iter()
            .map(|q| (q.id.get_ref().as_str(), q))
            .collect();
        for x in &mut self.answers {
            x.hash = by_id.get(x.question.as_str()).map(|q| question_hash(q));
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
            draw: None,
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
            answered: 1,
            planned: 1,
            score: points,
            max: 1.0,
            percent: points * 100.0,
            passed: points >= 0.8,
            completed: true,
            room: None,
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

    // Test that a schema-1 record (every planned question listed, unanswered ones as null)
    // reads as schema 2 with its counts.
    #[test]
    fn schema_1_is_upgraded() {
        let mut v = serde_json::to_value(sample("a", 1.0)).unwrap();
        let object = v.as_object_mut().unwrap();
        object.remove("answered");
        object.remove("planned");
        object.insert("schema".into(), 1.into());
        let mut unanswered = object["answers"][0].clone();
        unanswered["question"] = "q2".into();
        unanswered["chosen"] = serde_json::Value::Null;
        unanswered["points"] = 0.into();
        object["answers"].as_array_mut().unwrap().push(unanswered);
        // Schema 1 scored a stopped attempt against every question listed.
        let score = object["score"].as_f64().unwrap();
        object.insert("max".into(), 2.into());
        object.insert("percent".into(), (50.0 * score).into());
        object.insert("completed".into(), false.into());
        object.insert("passed".into(), false.into());
        let a = Attempt::from_value(v).unwrap();
        assert_eq!((a.schema, a.answered, a.planned), (SCHEMA, 1, 2));
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
    /// Read attempts from a file's text: one attempt object, an array of them, or JSON Lines;
    /// the first record that cannot be read is the error. The same reader as `kuis import`
    /// ([`super::ingest::each_record`]), all at once, for tests and small files.
    pub fn parse_many(text: &str) -> Result<Vec<Attempt>, ReadError> {
        let mut attempts = Vec::new();
        let mut failure = None;
        super::ingest::each_record(text.as_bytes(), |(_, record)| {
            match record.and_then(|a| a.validate().map(|()| a)) {
                Ok(a) => {
                    attempts.push(a);
                    true
                }
                Err(e) => {
                    failure = Some(e);
                    false
                }
            }
        })?;
        match failure {
            Some(e) => Err(e),
            None => Ok(attempts),
        }
    }

    /// One attempt from JSON, refusing future schemas before reading the rest.
    pub fn from_value(value: serde_json::Value) -> Result<Attempt, ReadError> {
        let attempt = Attempt::from_value_unchecked(value)?;
        attempt.validate()?;
        Ok(attempt)
    }

    /// [`Attempt::from_value`] without [`Attempt::validate`] (import checks more, by field).
    /// Older schemas are brought up to date.
    pub fn from_value_unchecked(mut value: serde_json::Value) -> Result<Attempt, ReadError> {
        match value.get("schema").and_then(serde_json::Value::as_u64) {
            None => {
                return Err(ReadError::Malformed(super::ingest::NO_SCHEMA.into()));
            }
            Some(s) if s > u64::from(SCHEMA) => return Err(ReadError::FutureSchema(s)),
            Some(1) => upgrade_v1(&mut value),
            Some(_) => {}
        }
        serde_json::from_value(value).map_err(|e| ReadError::Malformed(e.to_string()))
    }

    /// Values a real attempt cannot have: fields of the wrong form, score fields that do not
    /// follow from the answers (see [`super::ingest::check`]).
    /// Said in the UI language, as every message kuis prints.
    pub fn validate(&self) -> Result<(), ReadError> {
        super::ingest::check(self, None).map_err(|r| {
            ReadError::Inconsistent(self.id.to_string(), r.message(crate::i18n::current()))
        })
    }

    /// When it started.
    pub fn started_at(&self) -> Option<jiff::Timestamp> {
        self.started.parse().ok()
    }

    /// When it finished.
    pub fn finished_at(&self) -> Option<jiff::Timestamp> {
        self.finished.parse().ok()
    }

    /// When it started, as the time since 1970 UTC: read for every valid RFC 3339 time,
    /// also those [`Self::started_at`] cannot hold (the last day of 9999).
    pub fn started_utc(&self) -> Result<jiff::SignedDuration, BadTime> {
        since_epoch(&self.started)
    }

    /// When it finished, as [`Self::started_utc`].
    pub fn finished_utc(&self) -> Result<jiff::SignedDuration, BadTime> {
        since_epoch(&self.finished)
    }

    /// Seconds from start to finish.
    pub fn seconds(&self) -> i64 {
        match (self.started_utc(), self.finished_utc()) {
            (Ok(s), Ok(f)) => (f.as_secs() - s.as_secs()).max(0),
            _ => 0,
        }
    }
}
