//! Moodle interchange: GIFT, Aiken and Moodle XML to and from the bank model. Each importer
//! reads its format into drafts; one builder turns drafts into a bank, so every format
//! decides question kinds, ids and topics the same way.

pub mod aiken;
pub mod gift;
pub mod xml;

use std::collections::HashSet;

use toml::Spanned;

use crate::bank::model::{Bank, Choice, Kind, Meta, Question, Text, Topic};
use crate::i18n::Lang;

/// The formats `kuis convert` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A kuis bank (TOML)
    Toml,
    /// Moodle's GIFT text format
    Gift,
    /// Aiken (single-answer questions only)
    Aiken,
    /// Moodle XML
    Xml,
}

impl Format {
    /// The format a file name suggests.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        if name.ends_with(".toml") {
            Some(Format::Toml)
        } else if name.ends_with(".gift") {
            Some(Format::Gift)
        } else if name.ends_with(".xml") {
            Some(Format::Xml)
        } else if name.ends_with(".aiken") || name.ends_with(".aiken.txt") || name.ends_with(".txt")
        {
            Some(Format::Aiken)
        } else {
            None
        }
    }
}

/// Something a conversion could not carry over, or a problem in one question of the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// 1-based line in the input (0 when the note is about the output).
    pub line: usize,
    /// What happened.
    pub what: NoteKind,
}

/// Why an input question is malformed, in Indonesian and English: the readers find it, a
/// note says it in the UI's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Why {
    /// In Indonesian.
    pub id: String,
    /// In English.
    pub en: String,
}

/// A reason in both languages.
pub(crate) fn why(id: impl Into<String>, en: impl Into<String>) -> Why {
    Why {
        id: id.into(),
        en: en.into(),
    }
}

/// The kinds of note.
#[derive(Debug, Clone, PartialEq)]
pub enum NoteKind {
    /// A question type kuis cannot hold (essay, numerical, matching, short answer, …).
    Unsupported(String),
    /// A question that is malformed in the input and was skipped, and why.
    Malformed(Why),
    /// A question with no right answer, skipped.
    NoRightAnswer,
    /// Partial credit that 0..5 points can only approximate.
    Approximated { id: String },
    /// A question that the output format cannot hold, left out.
    NotExported { id: String, kind: Kind },
    /// Only one language fits in the output format.
    OneLanguage(String),
    /// The bank's rules (with their legal bases) and violation marks, which no Moodle format
    /// holds: a bank read back from the output has neither, so a trainer should know.
    NotKept { rules: usize, violations: usize },
}

impl Note {
    /// Is this a problem in the input (as opposed to something left out on purpose)?
    pub fn is_error(&self) -> bool {
        matches!(self.what, NoteKind::Malformed(_))
    }

    /// The note as a sentence.
    pub fn message(&self, lang: Lang) -> String {
        match &self.what {
            NoteKind::Unsupported(kind) => lang.pick(
                format!("soal jenis {kind} tidak didukung kuis; dilewati"),
                format!("{kind} questions are not a kind kuis holds; skipped"),
            ),
            NoteKind::Malformed(why) => lang.pick(
                format!("soal tidak valid, dilewati: {}", why.id),
                format!("malformed question, skipped: {}", why.en),
            ),
            NoteKind::NoRightAnswer => lang.pick(
                "soal tanpa jawaban benar; dilewati".into(),
                "the question has no right answer; skipped".into(),
            ),
            NoteKind::Approximated { id } => lang.pick(
                format!("soal \"{id}\": bobot nilai dibulatkan ke poin 0-5"),
                format!("question \"{id}\": partial-credit weights rounded to 0-5 points"),
            ),
            NoteKind::NotExported { id, kind } => lang.pick(
                format!(
                    "soal \"{id}\" ({}) tidak dapat ditulis dalam format ini; dilewati",
                    kind.as_str()
                ),
                format!(
                    "question \"{id}\" ({}) cannot be written in this format; left out",
                    kind.as_str()
                ),
            ),
            NoteKind::OneLanguage(code) => lang.pick(
                format!(
                    "format ini hanya memuat satu bahasa; teks ditulis dalam bahasa \"{code}\""
                ),
                format!("this format holds one language; texts are written in \"{code}\""),
            ),
            NoteKind::NotKept { rules, violations } => lang.pick(
                format!(
                    "format ini tidak memuat aturan dan dasar hukumnya ({rules} aturan) maupun \
                     tanda pelanggaran ({violations} pilihan); bank yang dibaca kembali dari \
                     berkas ini tidak memilikinya"
                ),
                format!(
                    "this format holds neither rules with their legal bases ({rules} rules) nor \
                     violation marks ({violations} choices); a bank read back from this file \
                     has neither"
                ),
            ),
        }
    }
}

/// A question read from another format, before it becomes a kuis question.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// Where it starts in the input.
    pub line: usize,
    /// An id given in the input (`[id:…]`, `<idnumber>`).
    pub id: Option<String>,
    /// Its title or name.
    pub title: Option<String>,
    /// The category it sits in (its Moodle path).
    pub category: Option<String>,
    /// The id of that category (XML `<idnumber>`, GIFT `// [id:…]` above `$CATEGORY:`).
    pub topic_id: Option<String>,
    /// The question.
    pub prompt: String,
    /// General feedback.
    pub explanation: Option<String>,
    /// Its answers.
    pub body: Body,
}

/// The answers of a draft.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Choices, each with a fraction of the mark in percent (-100 to 100).
    Choices {
        /// The choices.
        answers: Vec<DraftAnswer>,
        /// Whether several may be picked, when the input says.
        multiple: Option<bool>,
    },
    /// True or false.
    TrueFalse {
        /// Whether the statement is true.
        answer: bool,
        /// Feedback for answering true.
        why_true: Option<String>,
        /// Feedback for answering false.
        why_false: Option<String>,
    },
}

/// One choice of a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftAnswer {
    /// What it says.
    pub text: String,
    /// Its share of the mark, in percent.
    pub fraction: f64,
    /// Feedback for picking it.
    pub feedback: Option<String>,
}

/// Where a bank came from, as `kuis convert` writes it at the top of a GIFT or Moodle XML
/// file: `kuis bank "ID" version VERSION: TITLE`. Moodle ignores it (a comment); reading the
/// file back restores the bank's id, version and title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// `[bank] id`.
    pub id: String,
    /// `[bank] version`.
    pub version: String,
    /// The title, in the file's language.
    pub title: String,
}

impl Header {
    /// The header of `bank` with its title in `code`.
    pub fn of(bank: &Bank, code: &str) -> Header {
        Header {
            id: bank.bank.id.get_ref().clone(),
            version: bank.bank.version.clone(),
            title: bank
                .bank
                .title
                .get_ref()
                .get(code, bank.bank.main_language())
                .to_owned(),
        }
    }

    /// As one line of text (line breaks in the title become spaces).
    pub fn line(&self) -> String {
        let title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        format!(
            "kuis bank \"{}\" version {}: {title}",
            self.id, self.version
        )
    }

    /// Read a header from text that contains one (a comment's text).
    pub fn parse(text: &str) -> Option<Header> {
        let rest = &text[text.find("kuis bank \"")? + "kuis bank \"".len()..];
        let (id, rest) = rest.split_once("\" version ")?;
        let (version, title) = rest.split_once(": ")?;
        Some(Header {
            id: id.to_owned(),
            version: version.trim().to_owned(),
            title: title.trim().to_owned(),
        })
    }

    /// Give `bank` this header's id, version and title.
    pub fn apply(self, bank: &mut Bank) {
        bank.bank.id = spanned(self.id);
        bank.bank.version = self.version;
        bank.bank.title = plain(&self.title);
    }
}

/// The Moodle category every topic sits under when a bank names none.
pub const DEFAULT_CATEGORY: &str = "$course$/top";

/// A category path split into its parent and its last name. Moodle writes a `/` inside a
/// name as `//`, so only a single `/` separates.
pub fn split_category(path: &str) -> (String, String) {
    let bytes = path.as_bytes();
    let mut cut = None;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'/' {
            if bytes.get(i + 1) == Some(&b'/') {
                i += 2;
                continue;
            }
            cut = Some(i);
        }
        i += 1;
    }
    let (parent, last) = match cut {
        Some(at) => (&path[..at], &path[at + 1..]),
        None => ("", path),
    };
    (
        parent.trim().to_owned(),
        last.replace("//", "/").trim().to_owned(),
    )
}

/// The Moodle category path of `topic` in `bank`, with its title in `code`.
pub fn category_path(bank: &Bank, topic: &Topic, code: &str) -> String {
    if let Some(path) = &topic.category {
        return path.clone();
    }
    let title = topic.title.get_ref().get(code, bank.bank.main_language());
    format!(
        "{}/{}",
        bank.bank.category.as_deref().unwrap_or(DEFAULT_CATEGORY),
        title.replace('/', "//")
    )
}

fn spanned<T>(v: T) -> Spanned<T> {
    Spanned::new(0..0, v)
}

fn plain(text: &str) -> Spanned<Text> {
    spanned(Text::Plain(text.to_owned()))
}

/// A kuis id from free text: lowercase letters and digits joined by '-'.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(48).collect()
}

/// Points from 0 to 5 whose ratios best match `fractions` (percent of the best): the best
/// choice gets `best` points for the `best` in 1..=5 that rounds least. Returns the points
/// and whether they had to be approximated.
fn points(fractions: &[f64]) -> (Vec<i64>, bool) {
    let top = fractions.iter().copied().fold(0.0_f64, f64::max);
    let mut best_fit: Option<(f64, Vec<i64>)> = None;
    for best in 1..=5_i64 {
        let pts: Vec<i64> = fractions
            .iter()
            .map(|f| ((f.max(0.0) / top) * best as f64).round() as i64)
            .collect();
        let error = fractions
            .iter()
            .zip(&pts)
            .map(|(f, p)| (f.max(0.0) / top - *p as f64 / best as f64).abs())
            .fold(0.0, f64::max);
        if best_fit.as_ref().is_none_or(|(e, _)| error < *e - 1e-9) {
            best_fit = Some((error, pts));
        }
    }
    let (error, pts) = best_fit.unwrap_or((0.0, vec![0; fractions.len()]));
    (pts, error > 0.01)
}

/// Build a bank from drafts. Choice questions become `single` (one right answer),
/// `multiple` (several right answers, or weights that share the mark) or `weighted` (one
/// full-credit answer with partial-credit others); true/false stays true/false. Ids come
/// from the input where valid, else from the title, else from `prefix`; categories become
/// topics.
pub fn build(drafts: Vec<Draft>, prefix: &str, title: &str, lang: Lang) -> (Bank, Vec<Note>) {
    let mut notes = Vec::new();
    let mut topics: Vec<Topic> = Vec::new();
    // Each topic's category, when it has one: (parent path, whole path).
    let mut paths: Vec<Option<(String, String)>> = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut questions = Vec::new();
    let general = lang.pick("umum", "general");
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    for (n, draft) in drafts.into_iter().enumerate() {
        let split = draft
            .category
            .as_deref()
            .map(split_category)
            .filter(|(_, last)| !last.is_empty());
        // A topic id from the input must look like one (a stray `[id:...]` in a file's
        // opening comment is prose, not an id).
        let topic_id = draft
            .topic_id
            .clone()
            .filter(|i| valid(i) && i.starts_with(|c: char| c.is_ascii_alphanumeric()))
            .or_else(|| split.as_ref().map(|(_, last)| slug(last)))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| general.to_owned());
        if !topics.iter().any(|t| t.id.get_ref() == &topic_id) {
            let title = split
                .as_ref()
                .map_or_else(|| lang.pick("Umum", "General").to_owned(), |s| s.1.clone());
            paths.push(
                split
                    .as_ref()
                    .zip(draft.category.as_ref())
                    .map(|((parent, _), path)| (parent.clone(), path.trim().to_owned())),
            );
            topics.push(Topic {
                id: spanned(topic_id.clone()),
                title: plain(&title),
                description: None,
                category: None,
            });
        }
        let base = draft
            .id
            .clone()
            .filter(|i| valid(i))
            .or_else(|| draft.title.as_deref().map(slug).filter(|s| !s.is_empty()))
            .unwrap_or_else(|| format!("{prefix}-{:03}", n + 1));
        let mut id = base.clone();
        let mut k = 2;
        while !ids.insert(id.clone()) {
            id = format!("{base}-{k}");
            k += 1;
        }
        let mut q = Question::new(
            &id,
            &topic_id,
            Kind::Single,
            Text::Plain(draft.prompt.clone()),
        );
        // The name a trainer gave the question in Moodle, kept when it is not the id.
        q.name = draft
            .title
            .clone()
            .filter(|t| !t.trim().is_empty() && *t != id);
        q.explanation = draft
            .explanation
            .as_deref()
            .filter(|e| !e.trim().is_empty())
            .map(plain);
        match draft.body {
            Body::TrueFalse {
                answer,
                why_true,
                why_false,
            } => {
                q.kind = spanned(Kind::TrueFalse);
                q.answer = Some(spanned(answer));
                q.why_true = why_true
                    .as_deref()
                    .filter(|w| !w.trim().is_empty())
                    .map(plain);
                q.why_false = why_false
                    .as_deref()
                    .filter(|w| !w.trim().is_empty())
                    .map(plain);
            }
            Body::Choices { answers, multiple } => {
                let positive: Vec<f64> = answers
                    .iter()
                    .map(|a| a.fraction)
                    .filter(|f| *f > 0.0)
                    .collect();
                if positive.is_empty() {
                    notes.push(Note {
                        line: draft.line,
                        what: NoteKind::NoRightAnswer,
                    });
                    continue;
                }
                let full = positive.iter().filter(|f| **f >= 99.99).count();
                let kind = match multiple {
                    Some(true) => Kind::Multiple,
                    _ if positive.len() == 1 && (full == 1 || multiple == Some(false)) => {
                        Kind::Single
                    }
                    // One answer is worth picking, others partly: situational judgement.
                    Some(false) => Kind::Weighted,
                    None if full == 1 => Kind::Weighted,
                    // Several full answers, or weights that share the mark.
                    None => Kind::Multiple,
                };
                q.kind = spanned(kind);
                let fractions: Vec<f64> = answers.iter().map(|a| a.fraction).collect();
                let (pts, approximated) = points(&fractions);
                if kind == Kind::Weighted && approximated {
                    notes.push(Note {
                        line: draft.line,
                        what: NoteKind::Approximated { id: id.clone() },
                    });
                }
                q.choices = answers
                    .iter()
                    .zip(pts)
                    .map(|(a, p)| Choice {
                        id: None,
                        text: plain(&a.text),
                        correct: (kind != Kind::Weighted && a.fraction > 0.0)
                            .then(|| spanned(true)),
                        points: (kind == Kind::Weighted).then(|| spanned(p)),
                        why: a
                            .feedback
                            .as_deref()
                            .filter(|f| !f.trim().is_empty())
                            .map(plain),
                        // No interchange format says whether a choice breaks a rule.
                        violation: None,
                    })
                    .collect();
            }
        }
        questions.push(q);
    }
    if topics.is_empty() {
        topics.push(Topic {
            id: spanned(general.to_owned()),
            title: plain(lang.pick("Umum", "General")),
            description: None,
            category: None,
        });
    }
    // The bank's category is the parent of the first topic's; a topic under another parent
    // keeps its whole path. The default parent is not written.
    let category = paths.iter().flatten().next().map(|p| p.0.clone());
    for (path, topic) in paths.iter().zip(topics.iter_mut()) {
        if let Some((parent, path)) = path
            && Some(parent) != category.as_ref()
        {
            topic.category = Some(path.clone());
        }
    }
    let category = category.filter(|c| c != DEFAULT_CATEGORY && !c.is_empty());
    let bank = Bank {
        bank: Meta {
            id: spanned(match slug(prefix) {
                s if s.is_empty() => "imported".to_owned(),
                s => s,
            }),
            version: "1".into(),
            title: plain(title),
            description: None,
            languages: spanned(vec![lang.code().to_owned()]),
            pass_percent: spanned(80),
            time_limit: None,
            practice_count: None,
            category,
        },
        topics,
        rules: Vec::new(),
        questions,
    };
    (bank, notes)
}

/// Moodle accepts only these grades (percent) for an answer.
const MOODLE_GRADES: &[f64] = &[
    100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333, 30.0, 25.0,
    20.0, 16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0, 0.0,
];

/// The nearest grade Moodle accepts, keeping the sign, written as Moodle writes it.
pub fn moodle_grade(percent: f64) -> String {
    let magnitude = MOODLE_GRADES
        .iter()
        .copied()
        .min_by(|a, b| {
            (a - percent.abs())
                .abs()
                .total_cmp(&(b - percent.abs()).abs())
        })
        .unwrap_or(0.0);
    let text = format!("{magnitude:.5}");
    let text = text.trim_end_matches('0').trim_end_matches('.').to_owned();
    if percent < 0.0 && magnitude > 0.0 {
        format!("-{text}")
    } else {
        text
    }
}

/// The mark share of each choice of `q` in percent, as Moodle holds it: `single` 100/0,
/// `multiple` right answers share 100% and each wrong one takes away as much as a right one
/// gives (kuis's own scoring), `weighted` points over the best.
pub fn fractions(q: &Question) -> Vec<f64> {
    let n = q.choices.len();
    match q.kind.get_ref() {
        Kind::Single | Kind::TrueFalse => (0..n)
            .map(|i| if q.is_correct(i) { 100.0 } else { 0.0 })
            .collect(),
        Kind::Multiple => {
            let right = (0..n).filter(|&i| q.is_correct(i)).count().max(1) as f64;
            (0..n)
                .map(|i| {
                    if q.is_correct(i) {
                        100.0 / right
                    } else {
                        -100.0 / right
                    }
                })
                .collect()
        }
        Kind::Weighted => {
            let best = (0..n).map(|i| q.points(i)).max().unwrap_or(1).max(1) as f64;
            (0..n)
                .map(|i| 100.0 * q.points(i).max(0) as f64 / best)
                .collect()
        }
    }
}

/// The language a one-language format is written in: the UI language if the bank has it,
/// else the bank's main one; with notes when the bank has more than one, and on what no
/// Moodle format keeps (rules, violation marks).
pub fn export_language(bank: &Bank, lang: Lang) -> (String, Vec<Note>) {
    let declared = bank.bank.languages.get_ref();
    let code = if declared.iter().any(|l| l == lang.code()) {
        lang.code().to_owned()
    } else {
        bank.bank.main_language().to_owned()
    };
    let mut notes = Vec::new();
    if declared.len() > 1 {
        notes.push(Note {
            line: 0,
            what: NoteKind::OneLanguage(code.clone()),
        });
    }
    let rules = bank.rules.len();
    let violations = bank
        .questions
        .iter()
        .flat_map(|q| &q.choices)
        .filter(|c| c.violation.as_ref().is_some_and(|v| *v.get_ref()))
        .count();
    if rules + violations > 0 {
        notes.push(Note {
            line: 0,
            what: NoteKind::NotKept { rules, violations },
        });
    }
    (code, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test that partial-credit weights map to the points that keep their ratios.
    #[test]
    fn weights_to_points() {
        assert_eq!(points(&[100.0, 50.0, 0.0]), (vec![2, 1, 0], false));
        assert_eq!(points(&[100.0, 25.0, 50.0, 0.0]), (vec![4, 1, 2, 0], false));
        assert_eq!(points(&[100.0, 60.0, 0.0]), (vec![5, 3, 0], false));
        assert_eq!(points(&[100.0, 33.33333]), (vec![3, 1], false));
        assert!(points(&[100.0, 37.0]).1);
    }

    // Test that grades snap to Moodle's list, keeping the sign.
    #[test]
    fn grades() {
        assert_eq!(moodle_grade(100.0), "100");
        assert_eq!(moodle_grade(100.0 / 3.0), "33.33333");
        assert_eq!(moodle_grade(-50.0), "-50");
        assert_eq!(moodle_grade(60.0), "60");
        assert_eq!(moodle_grade(0.0), "0");
    }

    // Test that ids made from titles are valid kuis ids.
    #[test]
    fn slugs() {
        assert_eq!(
            slug("Jesus' hometown (Short answer ex.)"),
            "jesus-hometown-short-answer-ex"
        );
        assert_eq!(
            slug("Default for Unit 1: Topic"),
            "default-for-unit-1-topic"
        );
    }
}
