//! Taking attempt records in from outside (`kuis import`): a record is never trusted as it
//! stands. Every field is checked by its type, the score fields are recomputed from the
//! answers (and the pass mark from the bank, when it is at hand), and files are read as a
//! stream, record by record, so a large file neither fills memory nor blocks good records.

use std::fmt::Write as _;
use std::io::Read;

use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::attempt::{Attempt, Participant, ReadError, SCHEMA};
use crate::i18n::Lang;
use crate::results::when::BadTime;
use crate::words::{self, BadNip};

/// Why a record is refused: the field, and what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// The field, as named in the JSON (`bank.sha256`, `answers[3].points`).
    pub field: String,
    /// What is wrong.
    pub why: Why,
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// Not 64 lowercase hexadecimal digits.
    NotSha256,
    /// Not one of the values kuis writes.
    NotOneOf(&'static [&'static str]),
    /// Not an RFC 3339 time.
    NotTime,
    /// Before `started`.
    BeforeStart,
    /// Negative, not a number, or above its maximum.
    OutOfRange,
    /// Empty, or holding control characters.
    BadText,
    /// A NIP that is not 18 digits.
    NotNip,
    /// A name or unit that mixes lookalike scripts, which the form and the prompts refuse.
    Lookalike,
    /// Not in the bank the attempt was taken on.
    NotInBank,
    /// The question was already answered earlier in the same attempt: one draw asks each
    /// question once.
    AnsweredTwice {
        /// Where it was answered first (0-based).
        first: usize,
    },
    /// A choice picked twice in one answer: no form of kuis's sends that.
    ChosenTwice {
        /// The choice.
        choice: String,
    },
    /// More answers than the attempt planned questions.
    MoreThanPlanned {
        /// Answers recorded.
        answers: usize,
        /// Questions planned.
        planned: usize,
    },
    /// More questions planned than the bank holds: no draw from it plans that many.
    MoreThanTheBank {
        /// Questions planned.
        planned: usize,
        /// Questions in the bank.
        bank: usize,
    },
    /// The attempt's draw (its seed and options, from this bank) cannot give its number of
    /// questions planned.
    NoSuchDraw {
        /// Questions planned.
        planned: usize,
    },
    /// The answer is not to the question the attempt's draw asks at its place: answers come
    /// in the order of one draw, so they were reordered or substituted.
    NotDrawn {
        /// The question the draw asks here.
        asked: String,
    },
    /// The stored value disagrees with the one recomputed from the record.
    Disagrees {
        /// As stored.
        stored: String,
        /// As recomputed.
        computed: String,
    },
}

impl From<BadTime> for Why {
    fn from(bad: BadTime) -> Why {
        match bad {
            BadTime::NotRfc3339 => Why::NotTime,
            BadTime::OutOfRange => Why::OutOfRange,
        }
    }
}

impl Refusal {
    fn new(field: impl Into<String>, why: Why) -> Self {
        Refusal {
            field: field.into(),
            why,
        }
    }

    /// The refusal in words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let f = &self.field;
        match &self.why {
            Why::NotSha256 => lang.pick(
                format!("{f} bukan 64 digit heksadesimal"),
                format!("{f} is not 64 hexadecimal digits"),
            ),
            Why::NotOneOf(values) => lang.pick(
                format!("{f} harus salah satu dari: {}", values.join(", ")),
                format!("{f} must be one of: {}", values.join(", ")),
            ),
            Why::NotTime => lang.pick(
                format!("{f} bukan waktu RFC 3339"),
                format!("{f} is not an RFC 3339 time"),
            ),
            Why::BeforeStart => lang.pick(
                format!("{f} lebih awal daripada started"),
                format!("{f} is before started"),
            ),
            Why::OutOfRange => lang.pick(
                format!("{f} di luar rentang yang mungkin"),
                format!("{f} is outside its possible range"),
            ),
Why::Lookalike => lang.pick(
                format!("{f} mencampur huruf aksara yang mirip (Latin dengan Kiril atau Yunani)"),
                format!("{f} mixes letters of lookalike scripts (Latin with Cyrillic or Greek)"),
            ),
                        Why::NotNip => lang.pick(
                format!("{f} bukan NIP 18 angka"),
                format!("{f} is not a NIP of 18 digits"),
            ),
            Why::NotInBank => lang.pick(
                format!("{f} tidak ada di bank tempat percobaan ini diambil"),
                format!("{f} is not in the bank the attempt was taken on"),
            ),
            Why::BadText => lang.pick(
                format!("{f} kosong atau berisi karakter kendali"),
                format!("{f} is empty or holds control characters"),
            ),
            Why::AnsweredTwice { first } => lang.pick(
                format!("{f}: soal ini sudah dijawab di answers[{first}]; satu percobaan menanyakan setiap soal sekali"),
                format!("{f}: this question was already answered at answers[{first}]; an attempt asks each question once"),
            ),
            Why::ChosenTwice { choice } => lang.pick(
                format!("{f}: pilihan {choice} terpilih dua kali"),
                format!("{f}: option {choice} is picked twice"),
            ),
            Why::MoreThanPlanned { answers, planned } => lang.pick(
                format!("{f}: {answers} jawaban, padahal hanya {planned} soal yang direncanakan"),
                format!("{f}: {answers} answers, but only {planned} questions were planned"),
            ),
            Why::MoreThanTheBank { planned, bank } => lang.pick(
                format!("{f}: {planned} soal direncanakan, padahal bank hanya berisi {bank}"),
                format!("{f}: {planned} questions planned, but the bank holds only {bank}"),
            ),
            Why::NoSuchDraw { planned } => lang.pick(
                format!("{f}: tidak ada undian dari bank ini dengan seed dan opsi ini yang memberi {planned} soal"),
                format!("{f}: no draw from this bank with this seed and these options gives {planned} questions"),
            ),
            Why::NotDrawn { asked } => lang.pick(
                format!("{f}: undian percobaan ini (seed dan opsinya) menanyakan {asked} di tempat ini; jawaban harus soal-soal undian itu, dalam urutannya"),
                format!("{f}: this attempt's draw (its seed and options) asks {asked} here; answers must be that draw's questions, in its order"),
            ),
            Why::Disagrees { stored, computed } => lang.pick(
                format!("{f} tertulis {stored}, padahal hitung ulang memberi {computed}"),
                format!("{f} says {stored}, but recomputing gives {computed}"),
            ),
        }
    }
}

impl ReadError {
    /// The error in words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ReadError::Malformed(why) => lang.pick(
                format!("bukan rekaman percobaan kuis: {}", malformed_id(why)),
                format!("not a kuis attempt: {why}"),
            ),
            ReadError::FutureSchema(n) => lang.pick(
                format!(
                    "skema percobaan {n} lebih baru daripada yang dipahami kuis ini ({SCHEMA}); perbarui kuis"
                ),
                format!(
                    "attempt schema {n} is newer than this kuis understands ({SCHEMA}); update kuis"
                ),
            ),
            ReadError::Inconsistent(id, why) => lang.pick(
                format!("percobaan {id} tidak konsisten: {why}"),
                format!("attempt {id} is inconsistent: {why}"),
            ),
        }
    }
}

/// The fixed phrases of malformed records in Indonesian; serde's own detail stays as it is.
fn malformed_id(why: &str) -> String {
    match why {
        NO_SCHEMA => "tidak ada angka \"schema\"".into(),
        NO_ATTEMPT => "berkas ini tidak berisi percobaan".into(),
        // serde_json speaks English: the place in Indonesian, its words only as a note.
        other => match other.rsplit_once(" at line ").and_then(|(detail, at)| {
            let (line, column) = at.split_once(" column ")?;
            Some((
                detail,
                line.parse::<u64>().ok()?,
                column.parse::<u64>().ok()?,
            ))
        }) {
            Some((detail, line, column)) => format!(
                "JSON tidak valid di baris {line}, kolom {column} (pesan asli parser JSON: {detail})"
            ),
            None => other.to_owned(),
        },
    }
}

/// The record has no schema number.
pub const NO_SCHEMA: &str = "no \"schema\" number";
/// The file holds nothing.
pub const NO_ATTEMPT: &str = "the file holds no attempt";

impl Participant {
    /// The participant as kept: name and unit cleaned as every way in cleans them
    /// ([`crate::words::clean`]), a NIP of 18 digits in its plain form; a field left empty
    /// becomes absent. A NIP that is not 18 digits stays (cleaned), for [`check`] to refuse
    /// by name.
    pub fn cleaned(self) -> Participant {
        let tidy = |v: Option<String>| v.map(|s| words::clean(&s)).filter(|s| !s.is_empty());
        let nip = self.nip.and_then(|n| match words::nip(&n) {
            Ok(digits) => digits,
            Err(BadNip) => Some(words::clean(&n)),
        });
        Participant {
            name: tidy(self.name),
            nip,
            unit: tidy(self.unit),
        }
    }
}

/// A bank an attempt was taken on, at hand: its pass mark, and every question as shown in
/// file order, to score recorded answers again.
pub struct KnownBank<'b> {
    pass: f64,
    session: crate::quiz::Session<'b>,
    index: std::collections::HashMap<&'b str, usize>,
}

impl<'b> KnownBank<'b> {
    /// `bank`, ready to rescore answers; `None` if it has no question.
    pub fn new(bank: &'b crate::bank::Bank) -> Option<Self> {
        let options = crate::quiz::PlanOptions {
            shuffle: false,
            ..crate::quiz::PlanOptions::default()
        };
        let plan = crate::quiz::plan(bank, &options).ok()?;
        let index = plan
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| (bank.questions[item.question].id.get_ref().as_str(), i))
            .collect();
        Some(KnownBank {
            pass: *bank.bank.pass_percent.get_ref() as f64,
            session: crate::quiz::Session::new(bank, plan),
            index,
        })
    }

    /// Draw `a`'s plan again, from its seed, its recorded options and its number planned, and
    /// check that its answers are the plan's first questions, in the plan's order: each
    /// answer is given to the question on screen, so no other order comes from one draw.
    fn redraw(&self, a: &Attempt, draw: &crate::quiz::Draw) -> Result<(), Refusal> {
        let bank = self.session.bank();
        let no_draw = || Refusal::new("draw", Why::NoSuchDraw { planned: a.planned });
        // A review's draw names questions of the bank, each once: more names than questions
        // are no draw (and would make drawing again slow).
        if draw.ids.len() > bank.questions.len() {
            return Err(no_draw());
        }
        let options = draw.options(a.seed, crate::quiz::Count::Exactly(a.planned));
        let plan = crate::quiz::plan(bank, &options).map_err(|_| no_draw())?;
        for (i, (answer, item)) in a.answers.iter().zip(&plan.items).enumerate() {
            let asked = bank.questions[item.question].id.get_ref();
            if answer.question != *asked {
                return Err(Refusal::new(
                    format!("answers[{i}].question"),
                    Why::NotDrawn {
                        asked: asked.clone(),
                    },
                ));
            }
        }
        Ok(())
    }

    /// Check answer `i` against the bank: the question exists with this kind, the choices
    /// exist, and the points are what they earn.
    fn rescore(&self, i: usize, answer: &super::attempt::AnswerRecord) -> Result<(), Refusal> {
        let field = |name: &str| format!("answers[{i}].{name}");
        let Some(&at) = self.index.get(answer.question.as_str()) else {
            return Err(Refusal::new(field("question"), Why::NotInBank));
        };
        let shown = self.session.shown(at);
        let kind = *shown.question.kind.get_ref();
        if kind != answer.kind {
            return Err(Refusal::new(
                field("kind"),
                Why::Disagrees {
                    stored: answer.kind.as_str().into(),
                    computed: kind.as_str().into(),
                },
            ));
        }
        let points = match &answer.chosen {
            None => 0.0,
            Some(chosen) => {
                let picked = chosen
                    .iter()
                    .map(|id| shown.options.iter().position(|o| &o.id == id))
                    .collect::<Option<Vec<usize>>>()
                    .ok_or_else(|| Refusal::new(field("chosen"), Why::NotInBank))?;
                crate::quiz::score::score(kind, &shown.options, &picked)
            }
        };
        for (name, stored, computed) in
            [("points", answer.points, points), ("max", answer.max, 1.0)]
        {
            if !same(stored, computed) {
                return Err(Refusal::new(
                    field(name),
                    Why::Disagrees {
                        stored: stored.to_string(),
                        computed: round2(computed),
                    },
                ));
            }
        }
        Ok(())
    }
}

/// The values kuis writes in each enumerated field.
const MODES: &[&str] = &["practice", "exam", "review"];
const LANGS: &[&str] = &["id", "en"];
const ENDINGS: &[&str] = &["completed", "time-up", "interrupted"];

/// Two scores are the same when they differ by less than rounding to two decimals can make.
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.005 + 1e-9 * b.abs()
}

/// Check every field of `a` by its type and recompute its score fields. With the bank at hand
/// each answer is scored again and `passed` follows its pass mark; without it, `passed` is
/// only checked against what no pass mark (0 to 100) allows.
pub fn check(a: &Attempt, bank: Option<&KnownBank<'_>>) -> Result<(), Refusal> {
    let pass = bank.map(|b| b.pass);
    let one_of = |field: &str, value: &str, values: &'static [&'static str]| {
        if values.contains(&value) {
            Ok(())
        } else {
            Err(Refusal::new(field, Why::NotOneOf(values)))
        }
    };
    if a.bank.sha256.len() != 64
        || !a
            .bank
            .sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(Refusal::new("bank.sha256", Why::NotSha256));
    }
    // The web form and the terminal refuse such a NIP: an imported record may not bring one.
    if let Some(nip) = &a.participant.nip
        && words::nip(nip).ok().flatten().as_ref() != Some(nip)
    {
        return Err(Refusal::new("participant.nip", Why::NotNip));
    }
    for (field, value) in [
        ("participant.name", &a.participant.name),
        ("participant.unit", &a.participant.unit),
    ] {
        if value.as_deref().is_some_and(words::lookalike) {
            return Err(Refusal::new(field, Why::Lookalike));
        }
    }
    text(|| "bank.id".into(), &a.bank.id)?;
    text(|| "bank.version".into(), &a.bank.version)?;
    one_of("mode", &a.mode, MODES)?;
    one_of("lang", &a.lang, LANGS)?;
    one_of("ending", &a.ending, ENDINGS)?;
    let started = a
        .started_utc()
        .map_err(|e| Refusal::new("started", e.into()))?;
    let finished = a
        .finished_utc()
        .map_err(|e| Refusal::new("finished", e.into()))?;
    if finished < started {
        return Err(Refusal::new("finished", Why::BeforeStart));
    }
    // What one draw cannot give: a question twice (twenty answers to the one question known
    // by heart), more answers than questions planned, more planned than the bank holds.
    if a.answers.len() > a.planned {
        return Err(Refusal::new(
            "answers",
            Why::MoreThanPlanned {
                answers: a.answers.len(),
                planned: a.planned,
            },
        ));
    }
    let mut seen: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(a.answers.len());
    for (i, answer) in a.answers.iter().enumerate() {
        if let Some(first) = seen.insert(answer.question.as_str(), i) {
            return Err(Refusal::new(
                format!("answers[{i}].question"),
                Why::AnsweredTwice { first },
            ));
        }
    }
    if let Some(bank) = bank
        && a.planned > bank.index.len()
    {
        return Err(Refusal::new(
            "planned",
            Why::MoreThanTheBank {
                planned: a.planned,
                bank: bank.index.len(),
            },
        ));
    }
    if let Some(draw) = &a.draw {
        for (name, values) in [
            ("draw.topics", &draw.topics),
            ("draw.rules", &draw.rules),
            ("draw.ids", &draw.ids),
        ] {
            for value in values {
                text(|| name.into(), value)?;
            }
        }
    }
    // The order of one draw: with the bank at hand and the draw recorded (older records
    // keep only the seed), the plan is drawn again.
    if let Some(bank) = bank
        && let Some(draw) = &a.draw
    {
        bank.redraw(a, draw)?;
    }
    let mut score = 0.0;
    let mut max = 0.0;
    for (i, answer) in a.answers.iter().enumerate() {
        let field = |name: &str| format!("answers[{i}].{name}");
        text(|| field("question"), &answer.question)?;
        text(|| field("topic"), &answer.topic)?;
        for rule in &answer.rules {
            text(|| field("rules"), rule)?;
        }
        let chosen = answer.chosen.as_deref().unwrap_or_default();
        for (k, choice) in chosen.iter().enumerate() {
            text(|| field("chosen"), choice)?;
            if chosen[..k].contains(choice) {
                return Err(Refusal::new(
                    field("chosen"),
                    Why::ChosenTwice {
                        choice: choice.clone(),
                    },
                ));
            }
        }
        if !(answer.max.is_finite() && answer.max >= 0.0) {
            return Err(Refusal::new(field("max"), Why::OutOfRange));
        }
        if !(answer.points >= 0.0 && answer.points <= answer.max + 1e-9) {
            return Err(Refusal::new(field("points"), Why::OutOfRange));
        }
        if answer.chosen.is_none() && answer.points > 0.0 {
            return Err(Refusal::new(field("points"), Why::OutOfRange));
        }
        if !(answer.seconds.is_finite() && answer.seconds >= 0.0) {
            return Err(Refusal::new(field("seconds"), Why::OutOfRange));
        }
        if let Some(bank) = bank {
            bank.rescore(i, answer)?;
        }
        score += answer.points;
        max += answer.max;
    }
    let disagrees = |field: &str, stored: String, computed: String| {
        Err(Refusal::new(field, Why::Disagrees { stored, computed }))
    };
    if !same(a.score, score) {
        return disagrees("score", a.score.to_string(), round2(score));
    }
    // The max is that of the answers recorded: a stopped attempt (schema 2) records only the
    // questions answered, and is scored on them; a schema-1 record lists every question.
    if !same(a.max, max) {
        return disagrees("max", a.max.to_string(), round2(max));
    }
    let percent = if max > 0.0 { 100.0 * score / max } else { 0.0 };
    if !same(a.percent, percent) {
        return disagrees("percent", a.percent.to_string(), round2(percent));
    }
    let answered = a.answers.iter().filter(|x| x.chosen.is_some()).count();
    if a.answered != answered {
        return disagrees("answered", a.answered.to_string(), answered.to_string());
    }
    let completed = answered == a.planned;
    if a.completed != completed {
        return disagrees("completed", a.completed.to_string(), completed.to_string());
    }
    let passed = match pass {
        // An attempt stopped early claims no pass.
        _ if !completed => Some(false),
        Some(pass) => Some(percent + 1e-9 >= pass),
        // No pass mark is above 100: full marks always pass.
        None if same(percent, 100.0) => Some(true),
        None => None,
    };
    if let Some(passed) = passed
        && a.passed != passed
    {
        return disagrees("passed", a.passed.to_string(), passed.to_string());
    }
    Ok(())
}

/// A text field: not empty, and free of control characters. `field` names it only when it
/// is refused: naming every answer's fields up front was most of the checking's cost.
fn text(field: impl FnOnce() -> String, value: &str) -> Result<(), Refusal> {
    if value.is_empty() || value.chars().any(char::is_control) {
        Err(Refusal::new(field(), Why::BadText))
    } else {
        Ok(())
    }
}

fn round2(x: f64) -> String {
    let mut s = String::new();
    let _ = write!(s, "{}", (x * 100.0).round() / 100.0);
    s
}

/// One record of a file being read: its place (1-based) and what it turned out to be.
pub type Record = (usize, Result<Attempt, ReadError>);

/// Read attempt records from `reader` one at a time — one object, an array of them, or JSON
/// Lines — and hand each to `each`, which returns false to stop. Only syntax errors end the
/// reading (they are returned, with the records before them already handed on); a record of
/// the wrong shape is handed on as an error and the next one read.
pub fn each_record(
    reader: impl Read,
    mut each: impl FnMut(Record) -> bool,
) -> Result<(), ReadError> {
    let mut reader = std::io::BufReader::with_capacity(1 << 16, reader);
    let first = skip_bom_and_space(&mut reader)?;
    let mut count = 0;
    let mut stopped = false;
    let mut handle = |raw: &RawValue| {
        count += 1;
        let go = each((count, record(raw.get())));
        stopped = !go;
        go
    };
    let malformed = |e: serde_json::Error| ReadError::Malformed(e.to_string());
    match first {
        None => return Err(ReadError::Malformed(NO_ATTEMPT.into())),
        // An array is read by serde_json's own reader. It is handed the reader by value: it
        // reads byte by byte, and only a `BufReader` itself (not a reference to one) takes
        // each byte straight from its buffer.
        Some(b'[') => {
            let mut de = serde_json::Deserializer::from_reader(reader);
            let result = Each(&mut handle).deserialize(&mut de);
            if !stopped {
                result.map_err(malformed)?;
                de.end().map_err(malformed)?;
            }
        }
        Some(_) => each_in_stream(reader, 1 << 18, &mut handle)?,
    }
    if count == 0 {
        return Err(ReadError::Malformed(NO_ATTEMPT.into()));
    }
    Ok(())
}

/// The values of a JSON stream (JSON Lines, or objects one after another) handed to `handle`
/// until it returns false. The stream is read a large slice at a time and each value parsed
/// from the slice: serde_json's own reader takes one byte per call, which was a fifth of a
/// large import. A value that the end of the slice cuts is parsed again once more is read.
/// Errors are located in the stream as serde_json would have located them.
fn each_in_stream(
    mut reader: impl Read,
    slice: u64,
    handle: &mut dyn FnMut(&RawValue) -> bool,
) -> Result<(), ReadError> {
    let mut buf = Vec::new();
    let mut at = 0;
    let mut ended = false;
    // Where `at` is: lines before it, and bytes since the last line break (as serde_json
    // counts columns), so that an error can say where it is in the stream.
    let (mut line, mut column) = (0, 0);
    // A syntax error where the slice ends may be a value cut short ("1." of "1.5"): it is
    // said only when reading on does not move it.
    let mut doubted = None;
    loop {
        let rest = &buf[at..];
        let mut stream = serde_json::Deserializer::from_slice(rest).into_iter::<&RawValue>();
        match stream.next() {
            // A value that ends where the slice does may go on in what is not read yet.
            Some(Ok(raw)) if ended || stream.byte_offset() < rest.len() => {
                if !handle(raw) {
                    return Ok(());
                }
                let used = &rest[..stream.byte_offset()];
                match memchr::memrchr(b'\n', used) {
                    Some(i) => {
                        line += memchr::memchr_iter(b'\n', used).count();
                        column = used.len() - i - 1;
                    }
                    None => column += used.len(),
                }
                at += used.len();
                doubted = None;
                continue;
            }
            None if ended => return Ok(()),
            Some(Err(e)) if ended || (!e.is_eof() && doubted == Some((e.line(), e.column()))) => {
                let said = e.to_string();
                let detail = said
                    .strip_suffix(&format!(" at line {} column {}", e.line(), e.column()))
                    .unwrap_or(&said);
                let (l, c) = match e.line() {
                    1 => (line + 1, column + e.column()),
                    l => (line + l, e.column()),
                };
                return Err(ReadError::Malformed(format!(
                    "{detail} at line {l} column {c}"
                )));
            }
            Some(Err(e)) if !e.is_eof() => doubted = Some((e.line(), e.column())),
            _ => {}
        }
        buf.drain(..at);
        at = 0;
        // At least as much as is held: a record longer than a slice is parsed again only a
        // few times.
        let read = (&mut reader)
            .take(slice.max(buf.len() as u64))
            .read_to_end(&mut buf)
            .map_err(|e| ReadError::Malformed(crate::files::describe(&e)))?;
        ended = read == 0;
    }
}

/// One record's JSON text as an attempt. A record of the current schema is read straight into
/// an [`Attempt`]; any other (no schema, an older or newer one, a field of the wrong type) is
/// read again through a `Value`, which says precisely what is wrong or brings it up to date.
/// Building a `Value` for every record cost a fifth of a large import.
fn record(text: &str) -> Result<Attempt, ReadError> {
    if let Ok(attempt) = serde_json::from_str::<Attempt>(text)
        && attempt.schema == SCHEMA
    {
        return Ok(attempt);
    }
    let value = serde_json::from_str(text).map_err(|e| ReadError::Malformed(e.to_string()))?;
    Attempt::from_value_unchecked(value)
}

/// Skip a UTF-8 BOM and white space; the next byte, left unread.
fn skip_bom_and_space(reader: &mut impl std::io::BufRead) -> Result<Option<u8>, ReadError> {
    let io = |e: std::io::Error| ReadError::Malformed(crate::files::describe(&e));
    let mut at_start = true;
    loop {
        let buf = reader.fill_buf().map_err(io)?;
        if buf.is_empty() {
            return Ok(None);
        }
        if at_start && buf.starts_with(b"\xef\xbb\xbf") {
            reader.consume(3);
            at_start = false;
            continue;
        }
        at_start = false;
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let b = buf[i];
                reader.consume(i);
                return Ok(Some(b));
            }
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    }
}

/// Visiting the elements of a JSON array one by one, without collecting them.
struct Each<'a>(&'a mut dyn FnMut(&RawValue) -> bool);

impl<'de> DeserializeSeed<'de> for Each<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Each<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array of attempts")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            if !(self.0)(&raw) {
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values of `text` read with slices of `slice` bytes, or the error.
    fn values(text: &str, slice: u64) -> Result<Vec<String>, ReadError> {
        let mut out = Vec::new();
        each_in_stream(text.as_bytes(), slice, &mut |raw| {
            out.push(raw.get().to_owned());
            true
        })?;
        Ok(out)
    }

    /// The values of `text` as serde_json's own reader reads them, or its error.
    fn expected(text: &str) -> Result<Vec<String>, ReadError> {
        serde_json::Deserializer::from_reader(text.as_bytes())
            .into_iter::<Box<RawValue>>()
            .map(|v| v.map(|v| v.get().to_owned()))
            .collect::<Result<_, _>>()
            .map_err(|e| ReadError::Malformed(e.to_string()))
    }

    // Test that reading slice by slice gives the values and the errors (located in the whole
    // stream) of serde_json's own reader, wherever the slices end: inside a string, a number
    // ("1." of "1.5"), a line break.
    #[test]
    fn slices_read_as_the_whole() {
        let texts = [
            "{\"a\": 1.5, \"b\": [12345, \"x\\\"y\"]}\n{\"c\": \"é\"}\n",
            "{\n  \"a\": 1\n}\n{\n  \"b\": 2.25e3\n}",
            "{\"a\": 1}\n{\"b\": tru}\n{\"c\": 3}\n",
            "{\"a\": 1}\n  {\"b\": 1.}\n",
            "{\"a\": 1} x",
            "{\"a\": 1}\n{\"b\":",
            "{\"a\": 1}\n\n   {\"b\": 2} {\"c\": [1, 2,]}",
            "3 4\n\"s\"",
        ];
        for text in texts {
            for slice in 1..=text.len() as u64 + 1 {
                assert_eq!(values(text, slice), expected(text), "{text:?} by {slice}");
            }
        }
    }
}
