//! Exports: attempts as CSV (safe for spreadsheets), an Excel workbook, JSON, JSON Lines, or
//! xAPI statements.

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

/// Scores in CSV and in the workbook: 2 decimals, as a trainer reads them (`6.53`, not
/// `6.533333333333333`). JSON keeps full precision.
fn two_decimals(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
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
/// spreadsheet shows as text. OWASP's advice for CSV injection. The fullwidth `＝ ＋ － ＠`
/// count too: spreadsheets with East Asian input read them as the formula signs.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠') => {
            Cow::Owned(format!("'{cell}"))
        }
        _ => Cow::Borrowed(cell),
    }
}

fn safe(cell: &mut String) {
    if let Cow::Owned(s) = neutralize(cell) {
        *cell = s;
    }
}

impl AttemptRow {
    /// Neutralize every text cell (any of them may come from an imported file); round scores.
    fn for_csv(mut self) -> Self {
        for x in [&mut self.score, &mut self.max, &mut self.percent] {
            *x = two_decimals(*x);
        }
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
    /// Neutralize every text cell (any of them may come from an imported file); round scores.
    fn for_csv(mut self) -> Self {
        for x in [&mut self.points, &mut self.max] {
            *x = two_decimals(*x);
        }
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

/// One cell of the workbook, typed: Excel keeps ids as text, scores as numbers, times as
/// dates.
enum Cell {
    Text(String),
    Score(f64),
    Int(i64),
    Bool(bool),
    Time(String),
}

/// A sheet's columns: header and width in characters (wide enough for a UUID, an 18-digit NIP,
/// a date).
type Columns = &'static [(&'static str, f64)];

const ATTEMPT_COLUMNS: Columns = &[
    ("attempt_id", 37.0),
    ("name", 24.0),
    ("nip", 20.0),
    ("unit", 18.0),
    ("bank_id", 16.0),
    ("bank_version", 12.0),
    ("bank_sha256", 20.0),
    ("mode", 10.0),
    ("lang", 6.0),
    ("started", 17.0),
    ("finished", 17.0),
    ("seconds", 9.0),
    ("ending", 12.0),
    ("questions", 10.0),
    ("answered", 10.0),
    ("score", 8.0),
    ("max", 8.0),
    ("percent", 9.0),
    ("passed", 8.0),
    ("completed", 10.0),
];

fn attempt_cells(r: AttemptRow) -> Vec<Cell> {
    use Cell::*;
    vec![
        Text(r.attempt_id),
        Text(r.name),
        Text(r.nip),
        Text(r.unit),
        Text(r.bank_id),
        Text(r.bank_version),
        Text(r.bank_sha256),
        Text(r.mode),
        Text(r.lang),
        Time(r.started),
        Time(r.finished),
        Int(r.seconds),
        Text(r.ending),
        Int(r.questions as i64),
        Int(r.answered as i64),
        Score(r.score),
        Score(r.max),
        Score(r.percent),
        Bool(r.passed),
        Bool(r.completed),
    ]
}

const ANSWER_COLUMNS: Columns = &[
    ("attempt_id", 37.0),
    ("name", 24.0),
    ("nip", 20.0),
    ("unit", 18.0),
    ("bank_id", 16.0),
    ("finished", 17.0),
    ("position", 9.0),
    ("question", 18.0),
    ("topic", 16.0),
    ("kind", 11.0),
    ("rules", 12.0),
    ("chosen", 10.0),
    ("answered", 10.0),
    ("points", 8.0),
    ("max", 8.0),
    ("correct", 8.0),
    ("seconds", 9.0),
];

fn answer_cells(r: AnswerRow) -> Vec<Cell> {
    use Cell::*;
    vec![
        Text(r.attempt_id),
        Text(r.name),
        Text(r.nip),
        Text(r.unit),
        Text(r.bank_id),
        Time(r.finished),
        Int(r.position as i64),
        Text(r.question),
        Text(r.topic),
        Text(r.kind.to_owned()),
        Text(r.rules),
        Text(r.chosen),
        Bool(r.answered),
        Score(r.points),
        Score(r.max),
        Bool(r.correct),
        Score(r.seconds),
    ]
}

const TOPIC_COLUMNS: Columns = &[
    ("attempt_id", 37.0),
    ("name", 24.0),
    ("nip", 20.0),
    ("unit", 18.0),
    ("bank_id", 16.0),
    ("finished", 17.0),
    ("mode", 10.0),
    ("topic", 18.0),
    ("questions", 10.0),
    ("points", 8.0),
    ("max", 8.0),
    ("percent", 9.0),
];

/// One row per topic of an attempt, in the order the topics first appear.
fn topic_cells(a: &Attempt) -> Vec<Vec<Cell>> {
    use Cell::*;
    let mut topics: Vec<(&str, usize, f64, f64)> = Vec::new();
    for x in &a.answers {
        match topics.iter_mut().find(|t| t.0 == x.topic) {
            Some(t) => {
                t.1 += 1;
                t.2 += x.points;
                t.3 += x.max;
            }
            None => topics.push((&x.topic, 1, x.points, x.max)),
        }
    }
    topics
        .into_iter()
        .map(|(topic, n, points, max)| {
            vec![
                Text(a.id.to_string()),
                Text(text(&a.participant.name)),
                Text(text(&a.participant.nip)),
                Text(text(&a.participant.unit)),
                Text(a.bank.id.clone()),
                Time(a.finished.clone()),
                Text(a.mode.clone()),
                Text(topic.to_owned()),
                Int(n as i64),
                Score(points),
                Score(max),
                Score(if max > 0.0 { 100.0 * points / max } else { 0.0 }),
            ]
        })
        .collect()
}

/// An Excel workbook of `attempts`: sheets `attempts`, `answers` and `topics`, each with a
/// bold frozen header row and an auto-filter. NIPs and other ids are text (a NIP as a number
/// would lose digits), scores numbers shown with 2 decimals, times dates in `tz`. Returns the
/// file's bytes and how many attempts it holds. Sheets are written row by row to temporary
/// files ("constant memory"), so a large store does not fill memory.
pub fn xlsx(
    attempts: &mut dyn Iterator<Item = Attempt>,
    tz: &jiff::tz::TimeZone,
) -> Result<(Vec<u8>, usize), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let header = Format::new().set_bold();
    let score = Format::new().set_num_format("0.00");
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let sheets = [
        ("attempts", ATTEMPT_COLUMNS),
        ("answers", ANSWER_COLUMNS),
        ("topics", TOPIC_COLUMNS),
    ];
    for (name, columns) in sheets {
        let sheet = book.add_worksheet_with_constant_memory();
        sheet.set_name(name)?;
        for (col, (title, width)) in columns.iter().enumerate() {
            sheet.set_column_width(col as u16, *width)?;
            sheet.write_string_with_format(0, col as u16, *title, &header)?;
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    let mut next = [1u32; 3];
    let mut count = 0;
    for a in attempts {
        count += 1;
        let rows: [Vec<Vec<Cell>>; 3] = [
            vec![attempt_cells(attempt_row(&a))],
            answer_rows(&a).into_iter().map(answer_cells).collect(),
            topic_cells(&a),
        ];
        for (index, rows) in rows.into_iter().enumerate() {
            let sheet = book.worksheet_from_index(index)?;
            for cells in rows {
                let row = next[index];
                next[index] += 1;
                for (col, cell) in cells.into_iter().enumerate() {
                    let col = col as u16;
                    match cell {
                        Cell::Text(t) => sheet.write_string(row, col, excel_text(t))?,
                        Cell::Score(x) => sheet.write_number_with_format(row, col, x, &score)?,
                        Cell::Int(n) => sheet.write_number(row, col, n as f64)?,
                        Cell::Bool(b) => sheet.write_boolean(row, col, b)?,
                        Cell::Time(t) => match excel_time(&t, tz) {
                            Some(when) => {
                                sheet.write_datetime_with_format(row, col, when, &date)?
                            }
                            None => sheet.write_string(row, col, excel_text(t))?,
                        },
                    };
                }
            }
        }
    }
    for (index, (_, columns)) in sheets.iter().enumerate() {
        let sheet = book.worksheet_from_index(index)?;
        sheet.autofilter(0, 0, next[index] - 1, columns.len() as u16 - 1)?;
    }
    Ok((book.save_to_buffer()?, count))
}

/// The most an Excel cell holds, in UTF-16 units (as Excel counts).
const EXCEL_CELL_MAX: usize = 32_767;

/// `text` cut to what an Excel cell holds, ending in "…" when cut: one oversized field in a
/// store (an old import of a 50 MB name) must not make the whole export fail.
fn excel_text(text: String) -> String {
    // Bytes are never fewer than UTF-16 units: most cells end the check at the first test.
    if text.len() <= EXCEL_CELL_MAX || text.encode_utf16().count() <= EXCEL_CELL_MAX {
        return text;
    }
    let mut units = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        // Room for the "…" (one unit).
        if units > EXCEL_CELL_MAX - 1 {
            return format!("{}…", &text[..i]);
        }
    }
    text
}

/// An RFC 3339 time as Excel's local date and time in `tz`.
fn excel_time(rfc3339: &str, tz: &jiff::tz::TimeZone) -> Option<rust_xlsxwriter::ExcelDateTime> {
    let t: jiff::Timestamp = rfc3339.parse().ok()?;
    let d = t.to_zoned_datetime(tz.clone()).datetime();
    rust_xlsxwriter::ExcelDateTime::from_ymd(
        u16::try_from(d.year()).ok()?,
        d.month() as u8,
        d.day() as u8,
    )
    .ok()?
    .and_hms(d.hour() as u16, d.minute() as u8, d.second() as f64)
    .ok()
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
        for sign in ['＝', '＋', '－', '＠'] {
            assert_eq!(neutralize(&format!("{sign}1+1")), format!("'{sign}1+1"));
        }
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
