//! Loading: TOML text -> the bank model, with every error located in the file.

use super::diagnostic::{Diagnostic, Problem};
use super::model::Bank;

pub use super::chunked::question_headers;

/// A bank file's text with the name the user knows it by.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given (or `<built-in>` for the embedded bank).
    pub name: String,
    /// The file's text.
    pub text: String,
}

impl Source {
    /// A source with this name and text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// Parse a bank, or list what is wrong with it.
pub fn parse(source: &Source) -> Result<Bank, Vec<Diagnostic>> {
    parse_all(source).map_err(|broken| broken.errors)
}

/// Parse a bank; when it fails, say everything that is wrong with it and keep what is sound.
/// serde stops at the first error, so a file that fails is read again one top-level table at
/// a time, and a table that fails again with each error taken out: every mistake of every
/// `[[question]]` (and `[bank]`, `[[topic]]`, `[[rule]]`) is reported in one run, and the
/// tables without one are kept, so `kuis check` also runs its semantic checks on them.
pub fn parse_all(source: &Source) -> Result<Bank, Broken> {
    let text = source.text.as_str();
    let name = source.name.as_str();
    let large = text.len() > super::chunked::CHUNKED_ABOVE;
    if large {
        match super::chunked::parse(text, name) {
            Ok(bank) => return Ok(bank),
            Err(broken) if !broken.errors.is_empty() => return Err(broken),
            Err(_) => {}
        }
    }
    let whole = match toml::from_str::<Bank>(text) {
        Ok(bank) => return Ok(bank),
        // toml gives no place for its recursion limit (a key of 100,000 dotted parts): the
        // line with the most dots is the one to look at.
        Err(e) => diagnostic(name, e.message(), e.span().or_else(|| deepest_line(text))),
    };
    if !large
        && let Err(mut broken) = super::chunked::parse(text, name)
        && !broken.errors.is_empty()
    {
        broken
            .errors
            .sort_by_key(|d| d.span.as_ref().map(|s| s.start));
        return Err(broken);
    }
    Err(Broken {
        errors: vec![whole],
        partial: None,
    })
}

/// What is wrong with a bank that does not parse, and what of it is sound.
#[derive(Debug, Clone)]
pub struct Broken {
    /// Every error found, in file order.
    pub errors: Vec<Diagnostic>,
    /// The tables that parsed, when its `[bank]` table is among them.
    pub partial: Option<Partial>,
}

/// The sound tables of a bank that does not parse: the semantic checks run on these.
#[derive(Debug, Clone)]
pub struct Partial {
    /// The tables that parsed.
    pub bank: Bank,
    /// What is missing from it.
    pub lost: Lost,
}

/// The tables of a bank that did not parse, so the checks of the rest do not blame their
/// absence (a question "referring to an unknown topic" whose `[[topic]]` has a typo).
#[derive(Debug, Clone, Default)]
pub struct Lost {
    /// Ids of lost `[[topic]]` tables; `None` for one whose id could not be read.
    topics: Vec<Option<String>>,
    /// Ids of lost `[[rule]]` tables, as `topics`.
    rules: Vec<Option<String>>,
    /// How many `[[question]]` tables were lost.
    pub(super) questions: usize,
}

impl Lost {
    /// Count a lost table of this top-level name with this id.
    pub(super) fn lose(&mut self, table: &str, id: Option<String>) {
        match table {
            "topic" => self.topics.push(id),
            "rule" => self.rules.push(id),
            "question" => self.questions += 1,
            _ => {}
        }
    }

    /// Whether a lost table may be the cause of `problem` rather than the bank's author: an
    /// unknown topic or rule that may be a lost one, a topic or bank without questions when
    /// questions were lost.
    pub fn explains(&self, problem: &Problem) -> bool {
        let may_be = |lost: &[Option<String>], id: &str| {
            lost.iter().any(|l| l.as_deref().is_none_or(|l| l == id))
        };
        match problem {
            Problem::UnknownTopic { id } => may_be(&self.topics, id),
            Problem::UnknownRule { id } => may_be(&self.rules, id),
            Problem::EmptyTopic { .. } | Problem::NoQuestions => self.questions > 0,
            _ => false,
        }
    }
}

/// A parse error as a diagnostic.
pub(super) fn diagnostic(
    file: &str,
    message: &str,
    span: Option<std::ops::Range<usize>>,
) -> Diagnostic {
    Diagnostic::new(file, span, classify(message))
}

/// The start of the line with the most `.`, `[` or `{` — where nesting is deepest.
pub(super) fn deepest_line(text: &str) -> Option<std::ops::Range<usize>> {
    let mut best: Option<(usize, usize)> = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let depth = line.bytes().filter(|b| b".[{".contains(b)).count();
        if depth > 0 && best.is_none_or(|(d, _)| depth > d) {
            best = Some((depth, start));
        }
        start += line.len();
    }
    best.map(|(_, at)| at..at + 1)
}

/// Turn toml's message into a problem with a stable code. toml does not expose error kinds,
/// so the distinction rests on serde's fixed wording ("unknown field", "missing field", …).
fn classify(message: &str) -> Problem {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = tail
            .trim_start_matches(", expected ")
            .trim_start_matches("one of ")
            .to_owned();
        return Problem::UnknownKey {
            key: key.to_owned(),
            expected,
        };
    }
    if message.starts_with("missing field `bank`") {
        return Problem::NotABankFile;
    }
    let schema = [
        "missing field",
        "invalid type",
        "unknown variant",
        "invalid value",
        "invalid length",
    ];
    if schema.iter().any(|p| message.starts_with(p)) {
        Problem::Schema {
            detail: message.to_owned(),
        }
    } else {
        Problem::Syntax {
            detail: message.lines().next().unwrap_or(message).to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> Diagnostic {
        parse(&Source::new("t.toml", text)).unwrap_err().remove(0)
    }

    // Test that a typo in a key is an error with the key named and located.
    #[test]
    fn unknown_key_is_located() {
        let text = "[bank]\nid = \"x\"\ntitle = \"T\"\ntitel = \"y\"\n";
        let d = err(text);
        assert_eq!(d.problem.code(), "E006");
        assert_eq!(d.location(Some(text)), Some((4, 1)));
        assert!(matches!(d.problem, Problem::UnknownKey { ref key, .. } if key == "titel"));
    }

    // Test that an empty file says there is no [bank] table rather than a serde phrase.
    #[test]
    fn empty_file() {
        assert_eq!(err("").problem, Problem::NotABankFile);
        assert_eq!(err("# only a comment\n").problem, Problem::NotABankFile);
    }

    // Test that broken TOML is a syntax error and a wrong type a schema error.
    #[test]
    fn syntax_and_schema() {
        assert_eq!(err("[bank\n").problem.code(), "E005");
        assert_eq!(
            err("[bank]\nid = 3\ntitle = \"t\"\n").problem.code(),
            "E007"
        );
    }
}

/// A parsed bank with the text it came from, so diagnostics can show source lines.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Where it came from.
    pub source: Source,
    /// What it says.
    pub bank: Bank,
}
