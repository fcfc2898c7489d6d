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

/// Parse a bank, or list what is wrong with it. serde stops at the first error in a table,
/// so a file that fails is parsed again one top-level table at a time: every `[[question]]`
/// (and `[bank]`, `[[topic]]`, `[[rule]]`) then reports its own first error, and the author
/// sees them all in one run, in file order. The semantic checks in `check` report the rest.
pub fn parse(source: &Source) -> Result<Bank, Vec<Diagnostic>> {
    let text = source.text.as_str();
    let name = source.name.as_str();
    let large = text.len() > super::chunked::CHUNKED_ABOVE;
    if large {
        match super::chunked::parse(text, name) {
            Some(Ok(bank)) => return Ok(bank),
            Some(Err(errors)) if !errors.is_empty() => return Err(errors),
            _ => {}
        }
    }
    let whole = match toml::from_str::<Bank>(text) {
        Ok(bank) => return Ok(bank),
        // toml gives no place for its recursion limit (a key of 100,000 dotted parts): the
        // line with the most dots is the one to look at.
        Err(e) => diagnostic(name, e.message(), e.span().or_else(|| deepest_line(text))),
    };
    if !large
        && let Some(Err(mut errors)) = super::chunked::parse(text, name)
        && !errors.is_empty()
    {
        errors.sort_by_key(|d| d.span.as_ref().map(|s| s.start));
        return Err(errors);
    }
    Err(vec![whole])
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
