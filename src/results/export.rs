//! Exports: attempts as CSV (safe for spreadsheets), JSON, JSON Lines, or xAPI statements.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use super::attempt::Attempt;

/// The formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV with a header row.
    Csv {
        /// Start with a UTF-8 byte-order mark, so Excel does not read the file as ANSI.
        bom: bool,
    },
    /// One JSON array.
    Json,
    /// One JSON value per line.
    Jsonl,
    /// xAPI statements, one per answer.
    Xapi,
}

/// One row per attempt, or one per answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Per attempt.
    Attempt,
    /// Per answer.
    Answer,
}

/// Where xAPI activity and account ids are rooted.
pub const XAPI_HOME: &str = "https://kuis.local";

/// One attempt as a flat row.
#[derive(Debug, Serialize)]
pub struct AttemptRow {
    pub attempt_id: String,
    pub name: String,
    pub nip: String,
    pub unit: String,
    pub bank_id: String,
    pub bank_version: String,
    pub bank_sha256: String,
    pub mode: String,
    pub lang: String,
    pub started: String,
    pub finished: String,
    pub seconds: i64,
    pub ending: String,
    pub questions: usize,
    pub answered: usize,
    pub score: f64,
    pub max: f64,
    pub percent: f64,
    pub passed: bool,
    pub completed: bool,
}

/// One answer as a flat row.
#[derive(Debug, Serialize)]
pub struct AnswerRow {
    pub attempt_id: String,
    pub name: String,
    pub nip: String,
    pub unit: String,
    pub bank_id: String,
    pub finished: String,
    pub position: usize,
    pub question: String,
    pub topic: String,
    pub kind: &'static str,
    pub rules: String,
    pub chosen: String,
    pub answered: bool,
    pub points: f64,
    pub max: f64,
    pub correct: bool,
    pub seconds: f64,
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn attempt_row(a: &Attempt) -> AttemptRow {
    AttemptRow {
        attempt_id: a.id.to_string(),
        name: text(&a.participant.name),
        nip: text(&a.participant.nip),
        unit: text(&a.participant.unit),
        bank_id: a.bank.id.clone(),
        bank_version: a.bank.version.clone(),
        bank_sha256: a.bank.sha256.clone(),
        mode: a.mode.clone(),
        lang: a.lang.clone(),
        started: a.started.clone(),
        finished: a.finished.clone(),
        seconds: a.seconds(),
        ending: a.ending.clone(),
        questions: a.answers.len(),
        answered: a.answers.iter().filter(|x| x.chosen.is_some()).count(),
        score: a.score,
        max: a.max,
        percent: a.percent,
        passed: a.passed,
        completed: a.completed,
    }
}

fn answer_rows(a: &Attempt) -> Vec<AnswerRow> {
    let id = a.id.to_string();
    a.answers
        .iter()
        .enumerate()
        .map(|(position, x)| AnswerRow {
            attempt_id: id.clone(),
            name: text(&a.participant.name),
            nip: text(&a.participant.nip),
            unit: text(&a.participant.unit),
            bank_id: a.bank.id.clone(),
            finished: a.finished.clone(),
            position: position + 1,
            question: x.question.clone(),
            topic: x.topic.clone(),
            kind: x.kind.as_str(),
            rules: x.rules.join(";"),
            chosen: x.chosen.as_ref().map(|c| c.join(";")).unwrap_or_default(),
            answered: x.chosen.is_some(),
            points: x.points,
            max: x.max,
            correct: x.points >= x.max - 1e-9,
            seconds: x.seconds,
        })
        .collect()
}

/// A cell that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1`, `-1+2`, `@SUM`,
/// or one starting with a tab or carriage return) gets a leading apostrophe, which the
/// spreadsheet shows as text. OWASP's advice for CSV injection.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

fn safe(cell: &mut String) {
    if let Cow::Owned(s) = neutralize(cell) {
        *cell = s;
    }
}

impl AttemptRow {
    /// Neutralize every text cell: any of them may come from an imported file.
    fn for_csv(mut self) -> Self {
        for cell in [
            &mut self.attempt_id,
            &mut self.name,
            &mut self.nip,
            &mut self.unit,
            &mut self.bank_id,
            &mut self.bank_version,
            &mut self.bank_sha256,
            &mut self.mode,
            &mut self.lang,
            &mut self.started,
            &mut self.finished,
            &mut self.ending,
        ] {
            safe(cell);
        }
        self
    }
}

impl AnswerRow {
    /// Neutralize every text cell: any of them may come from an imported file.
    fn for_csv(mut self) -> Self {
        for cell in [
            &mut self.attempt_id,
            &mut self.name,
            &mut self.nip,
            &mut self.unit,
            &mut self.bank_id,
            &mut self.finished,
            &mut self.question,
            &mut self.topic,
            &mut self.rules,
            &mut self.chosen,
        ] {
            safe(cell);
        }
        self
    }
}

/// Stream `attempts` to `out` in `format` at `level`, one at a time, and return how many
/// attempts were written. Attempt-level JSON and JSON Lines hold the full records, so
/// `kuis import` reads them back.
pub fn export(
    attempts: &mut dyn Iterator<Item = Attempt>,
    format: Format,
    level: Level,
    out: &mut dyn Write,
) -> io::Result<usize> {
    let mut count = 0;
    let mut counted = attempts.inspect(|_| count += 1);
    match (format, level) {
        (Format::Csv { bom }, level) => {
            if bom {
                out.write_all("\u{feff}".as_bytes())?;
            }
            let mut writer = csv::Writer::from_writer(&mut *out);
            for a in &mut counted {
                match level {
                    Level::Attempt => writer.serialize(attempt_row(&a).for_csv()),
                    Level::Answer => answer_rows(&a)
                        .into_iter()
                        .try_for_each(|row| writer.serialize(row.for_csv())),
                }
                .map_err(csv_error)?;
            }
            writer.flush()?;
        }
        (Format::Json, Level::Attempt) => json_array(&mut *out, &mut counted)?,
        (Format::Json, Level::Answer) => {
            json_array(&mut *out, &mut counted.flat_map(|a| answer_rows(&a)))?;
        }
        (Format::Jsonl, Level::Attempt) => json_lines(&mut *out, &mut counted)?,
        (Format::Jsonl, Level::Answer) => {
            json_lines(&mut *out, &mut counted.flat_map(|a| answer_rows(&a)))?;
        }
        (Format::Xapi, _) => json_array(&mut *out, &mut counted.flat_map(|a| statements(&a)))?,
    }
    Ok(count)
}

/// csv's error as an I/O error, keeping the I/O kind (a closed pipe stays a closed pipe).
fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// A pretty JSON array written as the items come (serde's `collect_seq` pulls the iterator).
fn json_array<T: Serialize>(
    out: &mut dyn Write,
    items: &mut dyn Iterator<Item = T>,
) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::pretty(&mut *out);
    serde::Serializer::collect_seq(&mut serializer, items)?;
    out.write_all(b"\n")
}

/// One compact JSON value per line.
fn json_lines<T: Serialize>(
    out: &mut dyn Write,
    items: &mut dyn Iterator<Item = T>,
) -> io::Result<()> {
    for item in items {
        serde_json::to_writer(&mut *out, &item)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The xAPI statements of one attempt: one `answered` statement per answered question, with
/// the attempt as the registration and the bank as the parent activity. Statement ids are
/// derived from the attempt id and position, so sending an export twice is idempotent at
/// the LRS.
pub fn statements(a: &Attempt) -> Vec<serde_json::Value> {
    let actor = match (&a.participant.nip, &a.participant.name) {
        (Some(nip), name) => json!({
            "objectType": "Agent",
            "name": name.clone().unwrap_or_default(),
            "account": { "homePage": format!("{XAPI_HOME}/nip"), "name": nip },
        }),
        (None, Some(name)) => json!({
            "objectType": "Agent",
            "name": name,
            "account": { "homePage": format!("{XAPI_HOME}/name"), "name": name },
        }),
        (None, None) => json!({
            "objectType": "Agent",
            "account": { "homePage": format!("{XAPI_HOME}/anonymous"), "name": a.id.to_string() },
        }),
    };
    let bank = format!("{XAPI_HOME}/bank/{}", a.bank.id);
    a.answers
        .iter()
        .enumerate()
        .filter(|(_, x)| x.chosen.is_some())
        .map(|(position, x)| {
            let id = Uuid::new_v5(&a.id, format!("{position}:{}", x.question).as_bytes());
            let interaction = match x.kind {
                crate::bank::Kind::TrueFalse => "true-false",
                _ => "choice",
            };
            json!({
                "id": id,
                "actor": actor,
                "verb": {
                    "id": "http://adlnet.gov/expapi/verbs/answered",
                    "display": { "en-US": "answered", "id-ID": "menjawab" },
                },
                "object": {
                    "objectType": "Activity",
                    "id": format!("{bank}/question/{}", x.question),
                    "definition": {
                        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                        "interactionType": interaction,
                    },
                },
                "result": {
                    "score": {
                        "raw": x.points,
                        "min": 0,
                        "max": x.max,
                        "scaled": if x.max > 0.0 { x.points / x.max } else { 0.0 },
                    },
                    "success": x.points >= x.max - 1e-9,
                    "response": x.chosen.as_ref().map(|c| c.join("[,]")).unwrap_or_default(),
                    "duration": format!("PT{:.1}S", x.seconds),
                },
                "context": {
                    "registration": a.id,
                    "contextActivities": {
                        "parent": [{ "objectType": "Activity", "id": bank }],
                    },
                    "extensions": {
                        format!("{XAPI_HOME}/xapi/topic"): x.topic,
                        format!("{XAPI_HOME}/xapi/rules"): x.rules,
                        format!("{XAPI_HOME}/xapi/bank-version"): a.bank.version,
                    },
                    "language": a.lang,
                },
                "timestamp": a.finished,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::attempt::tests::sample;

    // Test that formula-looking cells are neutralized and plain ones kept.
    #[test]
    fn formula_injection() {
        assert_eq!(
            neutralize("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(neutralize("+62 812"), "'+62 812");
        assert_eq!(neutralize("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize("\tx"), "'\tx");
        assert_eq!(neutralize("Siti Aminah"), "Siti Aminah");
    }

    // Test that a CSV export parses back with the csv crate, header and all.
    #[test]
    fn csv_parses_back() {
        let mut a = sample("=HYPERLINK(\"http://evil\")", 1.0);
        a.participant.unit = Some("Dinas, \"Kominfo\"".into());
        let mut bytes = Vec::new();
        export(
            &mut std::iter::once(a),
            Format::Csv { bom: false },
            Level::Attempt,
            &mut bytes,
        )
        .unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let headers = reader.headers().unwrap().clone();
        assert_eq!(&headers[1], "name");
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[1], "'=HYPERLINK(\"http://evil\")");
        assert_eq!(&row[3], "Dinas, \"Kominfo\"");
    }

    // Test that the xAPI statement carries the registration, verb and parent activity.
    #[test]
    fn xapi_statement() {
        let a = sample("Siti", 1.0);
        let s = &statements(&a)[0];
        assert_eq!(s["verb"]["id"], "http://adlnet.gov/expapi/verbs/answered");
        assert_eq!(s["context"]["registration"], a.id.to_string());
        assert_eq!(
            s["context"]["contextActivities"]["parent"][0]["id"],
            "https://kuis.local/bank/b"
        );
        assert_eq!(s["result"]["success"], true);
        // The same attempt gives the same statement ids.
        assert_eq!(statements(&a)[0]["id"], s["id"]);
    }
}
