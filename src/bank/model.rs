//! The bank model: what a quiz bank file holds, as read from TOML (with spans) or built by an importer.

use serde::{Deserialize, Serialize};
use toml::Spanned;

pub use super::text::Text;

/// The main language of a bank whose `[bank]` table names none.
pub const DEFAULT_LANGUAGE: &str = "id";

/// A whole bank file: `[bank]`, then `[[topic]]`, `[[rule]]` and `[[question]]` entries.
///
/// Fields that a diagnostic may point at are `Spanned`, so the checker can say where they are.
/// `Spanned` compares by value only, so two banks with the same content are equal wherever
/// their text sits in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bank {
    /// The bank's metadata.
    pub bank: Meta,
    /// Topics, in the order a summary lists them.
    #[serde(default, rename = "topic", skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Topic>,
    /// The rules the questions teach, each with its legal basis.
    #[serde(default, rename = "rule", skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// The questions, in file order.
    #[serde(default, rename = "question", skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
}

/// `[bank]`: identity and pass mark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Stable identifier, recorded in every attempt.
    pub id: Spanned<String>,
    /// The bank's version, recorded in every attempt ("2024.1").
    #[serde(default = "default_version")]
    pub version: String,
    /// Title shown when the quiz starts.
    pub title: Spanned<Text>,
    /// A sentence or two on what the bank covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<Text>>,
    /// Languages the bank is written in; the first is the main one.
    #[serde(default = "default_languages")]
    pub languages: Spanned<Vec<String>>,
    /// Percentage needed to pass, 0 to 100.
    #[serde(default = "default_pass_percent")]
    pub pass_percent: Spanned<i64>,
    /// Minutes allowed for an exam, when the bank sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<Spanned<i64>>,
    /// Questions in a practice quiz when `--count` is not given
    /// ([`DEFAULT_PRACTICE_COUNT`] when the bank does not say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice_count: Option<Spanned<i64>>,
    /// The Moodle question-bank category the topics sit under (`$course$/Netralitas`): each
    /// topic is the category `{category}/{topic title}`. Kept by `kuis convert`, so a bank goes
    /// through GIFT or Moodle XML and back to the same place; `$course$/top` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

/// Questions in a practice quiz when neither the bank nor `--count` says: about ten minutes.
pub const DEFAULT_PRACTICE_COUNT: usize = 20;

impl Meta {
    /// Questions in a practice quiz: the bank's `practice_count`, or 20.
    pub fn practice_count(&self) -> usize {
        self.practice_count
            .as_ref()
            .and_then(|c| usize::try_from(*c.get_ref()).ok())
            .filter(|&c| c > 0)
            .unwrap_or(DEFAULT_PRACTICE_COUNT)
    }

    /// The main language: the first declared, or Indonesian.
    pub fn main_language(&self) -> &str {
        self.languages
            .get_ref()
            .first()
            .map_or(DEFAULT_LANGUAGE, String::as_str)
    }
}

fn default_version() -> String {
    "1".to_owned()
}
fn default_languages() -> Spanned<Vec<String>> {
    Spanned::new(0..0, vec![DEFAULT_LANGUAGE.to_owned()])
}
fn default_pass_percent() -> Spanned<i64> {
    Spanned::new(0..0, 80)
}
fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}

/// `[[topic]]`: a group of questions, used for stratified drawing and per-topic results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Stable identifier, referenced by `question.topic`.
    pub id: Spanned<String>,
    /// Title shown in summaries.
    pub title: Spanned<Text>,
    /// What the topic covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<Text>>,
    /// Its whole Moodle category path, when it is not `[bank] category` + `/` + its title
    /// (topics imported from several category trees).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

/// `[[rule]]`: one rule of conduct with the regulation that sets it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable identifier, referenced by `question.rules`.
    pub id: Spanned<String>,
    /// The rule itself.
    pub text: Spanned<Text>,
    /// Its legal basis, e.g. "PP 94/2021 Pasal 5 huruf n angka 1".
    pub basis: Spanned<String>,
    /// The source article the rule was taken from, where one applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The kinds of question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Exactly one correct choice.
    Single,
    /// Select all that apply; at least one correct choice.
    Multiple,
    /// A statement that is true or false (`answer`).
    TrueFalse,
    /// Situational judgement: every choice carries `points`.
    Weighted,
}

impl Kind {
    /// Every kind, in the order summaries list them.
    pub const ALL: [Kind; 4] = [
        Kind::Single,
        Kind::Multiple,
        Kind::TrueFalse,
        Kind::Weighted,
    ];

    /// The name used in bank files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::TrueFalse => "true-false",
            Kind::Weighted => "weighted",
        }
    }
}

/// `[[question]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable identifier, recorded in attempts.
    pub id: Spanned<String>,
    /// Its name in Moodle (GIFT `::name::`, XML `<name>`), when it is not the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The `[[topic]]` it belongs to.
    pub topic: Spanned<String>,
    /// Its kind.
    pub kind: Spanned<Kind>,
    /// The question or, for `true-false`, the statement.
    pub prompt: Spanned<Text>,
    /// Why the right answer is right, shown after answering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Spanned<Text>>,
    /// For `true-false`: whether the statement is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Spanned<bool>>,
    /// For `true-false`: feedback when the learner answers "true".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why_true: Option<Spanned<Text>>,
    /// For `true-false`: feedback when the learner answers "false".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why_false: Option<Spanned<Text>>,
    /// Ids of the `[[rule]]`s that decide the answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Spanned<String>>,
    /// Legal basis beyond the rules' own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub basis: Vec<String>,
    /// The source article, where one applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// 1 (easy) to 3 (hard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<Spanned<i64>>,
    /// Free labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// `false` keeps the file's choice order (for choices such as "A dan B").
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub shuffle: bool,
    /// The choices, for every kind but `true-false`.
    #[serde(default, rename = "choice", skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
}

impl Question {
    /// A question with its required fields and every optional one at its default (built by
    /// importers and the `add` wizard; spans are empty, as nothing was read from a file).
    pub fn new(id: &str, topic: &str, kind: Kind, prompt: Text) -> Question {
        Question {
            id: Spanned::new(0..0, id.to_owned()),
            name: None,
            topic: Spanned::new(0..0, topic.to_owned()),
            kind: Spanned::new(0..0, kind),
            prompt: Spanned::new(0..0, prompt),
            explanation: None,
            answer: None,
            why_true: None,
            why_false: None,
            rules: Vec::new(),
            basis: Vec::new(),
            source: None,
            difficulty: None,
            tags: Vec::new(),
            shuffle: true,
            choices: Vec::new(),
        }
    }

    /// The stable id of the choice at `index`: its `id`, else its letter in file order.
    pub fn choice_id(&self, index: usize) -> String {
        match &self.choices[index].id {
            Some(id) => id.get_ref().clone(),
            None => letter(index),
        }
    }

    /// Whether the choice at `index` is marked correct.
    pub fn is_correct(&self, index: usize) -> bool {
        super::score::Worth::correct(&self.choices[index])
    }

    /// Whether the choice at `index` is marked `violation = true`.
    pub fn is_violation(&self, index: usize) -> bool {
        self.choices[index]
            .violation
            .as_ref()
            .is_some_and(|v| *v.get_ref())
    }

    /// The points of the choice at `index` (0 when not given).
    pub fn points(&self, index: usize) -> i64 {
        super::score::Worth::points(&self.choices[index])
    }
}

/// `[[question.choice]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// A stable id; by default the choice's letter in file order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Spanned<String>>,
    /// What the learner sees.
    pub text: Spanned<Text>,
    /// Whether the choice is right (`single`, `multiple`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct: Option<Spanned<bool>>,
    /// Points, 0 to 5 (`weighted`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Spanned<i64>>,
    /// Feedback shown when this choice is picked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<Spanned<Text>>,
    /// The choice describes conduct that breaks a rule (`weighted`): however mild it looks, it
    /// earns no points, and the check holds the author to that.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub violation: Option<Spanned<bool>>,
}

/// The letter for position `index`: a, b, … z, then aa, ab, …
pub fn letter(index: usize) -> String {
    let mut n = index;
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl Bank {
    /// The next free question id for `topic`: `topic-NNN`, one past the highest number in
    /// use (ids stay in step with the file's own numbering).
    pub fn next_question_id(&self, topic: &str) -> String {
        let prefix = format!("{topic}-");
        let highest = self
            .questions
            .iter()
            .filter_map(|q| q.id.get_ref().strip_prefix(&prefix)?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        let mut n = highest + 1;
        loop {
            let id = format!("{prefix}{n:03}");
            if !self.questions.iter().any(|q| q.id.get_ref() == &id) {
                return id;
            }
            n += 1;
        }
    }

    /// Whether `id` may name something new: valid characters, not taken among `taken`.
    pub fn free_id<'a>(id: &str, mut taken: impl Iterator<Item = &'a str>) -> bool {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !taken.any(|t| t == id)
    }

    /// Several banks as one quiz: their topics, rules and questions side by side, under the
    /// first bank's settings, with the ids joined by `+`. One bank is returned as it is.
    pub fn merge(banks: &[&Bank]) -> Option<Bank> {
        let (first, rest) = banks.split_first()?;
        let mut merged = (*first).clone();
        for bank in rest {
            let id = format!("{}+{}", merged.bank.id.get_ref(), bank.bank.id.get_ref());
            merged.bank.id = Spanned::new(0..0, id);
            let languages = merged.bank.languages.get_mut();
            for lang in bank.bank.languages.get_ref() {
                if !languages.contains(lang) {
                    languages.push(lang.clone());
                }
            }
            merged.topics.extend(bank.topics.iter().cloned());
            merged.rules.extend(bank.rules.iter().cloned());
            merged.questions.extend(bank.questions.iter().cloned());
        }
        Some(merged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test that letters run a..z and continue with two letters.
    #[test]
    fn letters() {
        assert_eq!(letter(0), "a");
        assert_eq!(letter(25), "z");
        assert_eq!(letter(26), "aa");
        assert_eq!(letter(27), "ab");
        assert_eq!(letter(52), "ba");
    }
}
