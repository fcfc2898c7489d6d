//! Loading a bank one top-level table (`[bank]`, `[[topic]]`, `[[rule]]`, `[[question]]`) at a
//! time. Two reasons: toml's parser holds an intermediate tree about 25 times the size of the
//! text, so a 50 MB bank parsed whole would need more than a gigabyte, while block by block
//! only one block's tree is alive at a time; and serde stops at the first error, while each
//! block parsed on its own reports its own, so `kuis check` shows every structural mistake of
//! every question in one run. A good bank gives the same result, spans included, as a
//! whole-file parse.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use serde::Deserialize;
use toml::Spanned;

use super::diagnostic::Diagnostic;
use super::model::{Bank, Choice, Meta, Question, Rule, Topic};

/// Texts smaller than this are parsed whole. Above it, block by block: the whole-file tree
/// (about 25 times the text) made a 2,000-question bank of 850 KB peak at 53 MB.
pub const CHUNKED_ABOVE: usize = 64 << 10;

/// One block of a bank file: any top-level table may appear in it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Part {
    #[serde(default)]
    bank: Option<Meta>,
    #[serde(default, rename = "topic")]
    topics: Vec<Topic>,
    #[serde(default, rename = "rule")]
    rules: Vec<Rule>,
    #[serde(default, rename = "question")]
    questions: Vec<Question>,
}

/// The header lines that start a top-level table of a bank.
const HEADERS: [&str; 4] = ["[[question]]", "[[topic]]", "[[rule]]", "[bank]"];

/// How many `[[question]]` headers the text has: the number of questions read, even when some
/// of them do not parse.
pub fn question_headers(text: &str) -> usize {
    text.lines().filter(|l| l.trim() == HEADERS[0]).count()
}

/// Byte offsets where a top-level table's header line starts, outside multi-line strings. `None` when the text has something this scanner does not follow (then the caller
/// parses the file whole, which is always right).
fn split_points(text: &str) -> Option<Vec<usize>> {
    // Where `"""` and `'''` occur, found in one pass over the whole text: a line without one
    // has nothing to follow (searching every line for both was a tenth of loading).
    static QUOTES: LazyLock<AhoCorasick> = LazyLock::new(|| super::finder(&["\"\"\"", "'''"]));
    let mut quotes = QUOTES.find_iter(text).map(|m| m.start()).peekable();
    let mut points = Vec::new();
    let mut open: Option<&str> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if open.is_none() && HEADERS.contains(&line.trim()) {
            points.push(start);
            continue;
        }
        while quotes.next_if(|&at| at < start).is_some() {}
        if quotes.peek().is_none_or(|&at| at >= offset) {
            continue;
        }
        // Follow multi-line strings: every `"""` or `'''` opens or closes one. A comment or
        // a quote character that could confuse the count makes us give up on chunking.
        let mut rest = line;
        loop {
            match open {
                Some(delim) => match rest.find(delim) {
                    Some(at) => {
                        rest = &rest[at + 3..];
                        open = None;
                    }
                    None => break,
                },
                None => {
                    let next = ["\"\"\"", "'''"]
                        .iter()
                        .filter_map(|d| rest.find(d).map(|at| (at, *d)))
                        .min();
                    match next {
                        Some((at, delim)) => {
                            if rest[..at].contains('#') {
                                return None;
                            }
                            rest = &rest[at + 3..];
                            open = Some(delim);
                        }
                        None => break,
                    }
                }
            }
        }
    }
    (open.is_none()).then_some(points)
}

/// A function that moves a span.
type Move<'a> = &'a mut dyn FnMut(Range<usize>) -> Range<usize>;

/// `s` at the span `f` gives. By value, so the value itself is moved, not copied: cloning
/// every text to move its span was a tenth of loading a bank.
fn one<T>(s: Spanned<T>, f: Move<'_>) -> Spanned<T> {
    let span = f(s.span());
    Spanned::new(span, s.into_inner())
}

fn opt<T>(s: Option<Spanned<T>>, f: Move<'_>) -> Option<Spanned<T>> {
    s.map(|s| one(s, f))
}

/// Move the spans of fields of `$s` through `$f`: those after `one:` are `Spanned`, those
/// after `opt:` optional ones.
macro_rules! shift {
    ($s:ident, $f:ident; one: $($one:ident),*; opt: $($opt:ident),*) => {{
        $($s.$one = one($s.$one, $f);)*
        $($s.$opt = opt($s.$opt, $f);)*
        $s
    }};
}

fn map_meta(mut m: Meta, f: Move<'_>) -> Meta {
    shift!(m, f;
        one: id, title, languages, pass_percent;
        opt: description, time_limit, practice_count)
}

fn map_topic(mut t: Topic, f: Move<'_>) -> Topic {
    shift!(t, f; one: id, title; opt: description)
}

fn map_rule(mut r: Rule, f: Move<'_>) -> Rule {
    shift!(r, f; one: id, text, basis; opt: )
}

fn map_choice(mut c: Choice, f: Move<'_>) -> Choice {
    shift!(c, f; one: text; opt: id, correct, points, why, violation)
}

fn map_question(mut q: Question, f: Move<'_>) -> Question {
    q.rules = q.rules.into_iter().map(|r| one(r, f)).collect();
    q.choices = q.choices.into_iter().map(|c| map_choice(c, f)).collect();
    shift!(q, f;
        one: id, topic, kind, prompt;
        opt: explanation, answer, why_true, why_false, difficulty)
}

/// Rebuild every span of `bank` through `f`.
#[cfg(test)]
fn map_spans(mut bank: Bank, f: Move<'_>) -> Bank {
    bank.bank = map_meta(bank.bank, f);
    bank.topics = bank.topics.into_iter().map(|t| map_topic(t, f)).collect();
    bank.rules = bank.rules.into_iter().map(|r| map_rule(r, f)).collect();
    bank.questions = bank
        .questions
        .into_iter()
        .map(|q| map_question(q, f))
        .collect();
    bank
}

/// Parse `text` block by block. `None` means "parse it whole instead": the text has a shape
/// this path does not follow. `Some(Err(diagnostics))` lists the error of every block that
/// fails, located in the whole file; it is empty when each block is fine but they do not fit
/// together (two `[bank]` tables, none at all): only the whole-file parse can say why.
pub(super) fn parse(text: &str, file: &str) -> Option<Result<Bank, Vec<Diagnostic>>> {
    let points = split_points(text)?;
    let mut bounds = vec![0];
    bounds.extend(points.iter().copied().filter(|p| *p > 0));
    bounds.push(text.len());
    let mut metas = Vec::new();
    let (mut topics, mut rules, mut questions) = (Vec::new(), Vec::new(), Vec::new());
    let mut errors = Vec::new();
    for w in bounds.windows(2) {
        let (start, end) = (w[0], w[1]);
        let shift = &mut |r: Range<usize>| {
            if r == (0..0) {
                r
            } else {
                r.start + start..r.end + start
            }
        };
        let part: Part = match toml::from_str(&text[start..end]) {
            Ok(part) => part,
            Err(e) => {
                errors.push(super::load::diagnostic(
                    file,
                    e.message(),
                    // toml gives no place for its recursion limit: the deepest line is it.
                    e.span()
                        .or_else(|| super::load::deepest_line(&text[start..end]))
                        .map(&mut *shift),
                ));
                continue;
            }
        };
        if let Some(m) = part.bank {
            metas.push(map_meta(m, shift));
        }
        topics.extend(part.topics.into_iter().map(|t| map_topic(t, shift)));
        rules.extend(part.rules.into_iter().map(|r| map_rule(r, shift)));
        questions.extend(part.questions.into_iter().map(|q| map_question(q, shift)));
    }
    if !errors.is_empty() || metas.len() != 1 {
        return Some(Err(errors));
    }
    Some(Ok(Bank {
        bank: metas.pop()?,
        topics,
        rules,
        questions,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::load::{Source, parse as parse_whole};

    fn spans(bank: &Bank) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        map_spans(bank.clone(), &mut |r| {
            out.push(r.clone());
            r
        });
        out
    }

    // Test that block-by-block parsing gives the same bank, spans included, as a whole parse.
    #[test]
    fn same_as_whole() {
        for text in [
            include_str!("../../quizzes/netralitas-asn.toml"),
            include_str!("../../docs/template.toml"),
            include_str!("../../tests/fixtures/good/long.toml"),
        ] {
            let whole = parse_whole(&Source::new("w", text)).unwrap();
            let blocks = parse(text, "w").expect("the file chunks").unwrap();
            assert_eq!(blocks, whole);
            assert_eq!(spans(&blocks), spans(&whole));
        }
    }

    // Test that a `[[question]]` line inside a multi-line string is not a split point, and
    // that a comment before a quote makes the scanner give up rather than guess.
    #[test]
    fn multi_line_strings() {
        let text = "[bank]\nid = \"b\"\ntitle = \"T\"\n[[question]]\nid = \"q\"\ntopic = \"t\"\nkind = \"true-false\"\nanswer = true\nprompt = \"\"\"\n[[question]]\n\"\"\"\n";
        assert_eq!(
            split_points(text),
            Some(vec![0, text.find("[[question]]").unwrap()])
        );
        let whole = parse_whole(&Source::new("w", text)).unwrap();
        assert_eq!(parse(text, "w").unwrap().unwrap(), whole);
        assert_eq!(split_points("a = 1 # \"\"\"\n"), None);
    }

    // Test that each broken block gives its own error, located in the whole file, and that
    // blocks that do not fit together leave the explanation to the whole-file parse.
    #[test]
    fn broken_blocks() {
        let text = "[bank]\nid = \"b\"\ntitle = \"T\"\n[[question]]\nid = \n[[question]]\nid = \"q\"\ncorect = 1\n";
        let errors = parse(text, "w").unwrap().unwrap_err();
        let lines: Vec<_> = errors
            .iter()
            .map(|d| d.location(Some(text)).unwrap().0)
            .collect();
        assert_eq!(lines, [5, 8]);
        let twice = "[bank]\nid = \"b\"\ntitle = \"T\"\n[bank]\nid = \"c\"\ntitle = \"T\"\n";
        assert!(parse(twice, "w").unwrap().unwrap_err().is_empty());
    }
}
