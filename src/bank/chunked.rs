//! Loading a bank one top-level table (`[bank]`, `[[topic]]`, `[[rule]]`, `[[question]]`) at a
//! time. Two reasons: toml's parser holds an intermediate tree about 25 times the size of the
//! text, so a 50 MB bank parsed whole would need more than a gigabyte, while block by block
//! only one block's tree is alive at a time; and serde stops at the first error, while each
//! block parsed on its own reports its own, so `kuis check` shows every structural mistake of
//! every question in one run. A good bank gives the same result, spans included, as a
//! whole-file parse.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::diagnostic::Diagnostic;
use super::model::{Bank, Meta, Question, Rule, Topic};

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

fn one<T: Clone>(s: &mut Spanned<T>, f: Move<'_>) {
    *s = Spanned::new(f(s.span()), s.get_ref().clone());
}

fn opt<T: Clone>(s: &mut Option<Spanned<T>>, f: Move<'_>) {
    if let Some(s) = s {
        one(s, f);
    }
}

fn map_meta(m: &mut Meta, f: Move<'_>) {
    one(&mut m.id, f);
    one(&mut m.title, f);
    opt(&mut m.description, f);
    one(&mut m.languages, f);
    one(&mut m.pass_percent, f);
    opt(&mut m.time_limit, f);
    opt(&mut m.practice_count, f);
}

fn map_topic(t: &mut Topic, f: Move<'_>) {
    one(&mut t.id, f);
    one(&mut t.title, f);
    opt(&mut t.description, f);
}

fn map_rule(r: &mut Rule, f: Move<'_>) {
    one(&mut r.id, f);
    one(&mut r.text, f);
    one(&mut r.basis, f);
}

fn map_question(q: &mut Question, f: Move<'_>) {
    one(&mut q.id, f);
    one(&mut q.topic, f);
    one(&mut q.kind, f);
    one(&mut q.prompt, f);
    opt(&mut q.explanation, f);
    opt(&mut q.answer, f);
    opt(&mut q.why_true, f);
    opt(&mut q.why_false, f);
    opt(&mut q.difficulty, f);
    for r in &mut q.rules {
        one(r, f);
    }
    for c in &mut q.choices {
        opt(&mut c.id, f);
        one(&mut c.text, f);
        opt(&mut c.correct, f);
        opt(&mut c.points, f);
        opt(&mut c.why, f);
        opt(&mut c.violation, f);
    }
}

/// Rebuild every span of `bank` through `f`.
#[cfg(test)]
fn map_spans(bank: &mut Bank, f: Move<'_>) {
    map_meta(&mut bank.bank, f);
    bank.topics.iter_mut().for_each(|t| map_topic(t, f));
    bank.rules.iter_mut().for_each(|r| map_rule(r, f));
    bank.questions.iter_mut().for_each(|q| map_question(q, f));
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
        let mut part: Part = match toml::from_str(&text[start..end]) {
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
        if let Some(mut m) = part.bank {
            map_meta(&mut m, shift);
            metas.push(m);
        }
        part.topics.iter_mut().for_each(|t| map_topic(t, shift));
        part.rules.iter_mut().for_each(|r| map_rule(r, shift));
        part.questions
            .iter_mut()
            .for_each(|q| map_question(q, shift));
        topics.append(&mut part.topics);
        rules.append(&mut part.rules);
        questions.append(&mut part.questions);
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
        let mut copy = bank.clone();
        map_spans(&mut copy, &mut |r| {
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
