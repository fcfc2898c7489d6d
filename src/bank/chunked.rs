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
use toml::de::{DeArray, DeTable, DeValue, ValueDeserializer};

use super::diagnostic::Diagnostic;
use super::load::{Broken, Lost, Partial};
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

/// Parse `text` block by block (the whole text as one block when [`split_points`] cannot
/// follow it). A block that fails is read again table by table ([`recover`]), so every
/// structural mistake of every question is reported, and the tables that are sound are kept
/// for the semantic checks. An empty error list means each block is fine but they do not fit
/// together (two `[bank]` tables, none at all): only the whole-file parse can say why.
pub(super) fn parse(text: &str, file: &str) -> Result<Bank, Broken> {
    let points = split_points(text).unwrap_or_default();
    let mut bounds = vec![0];
    bounds.extend(points.iter().copied().filter(|p| *p > 0));
    bounds.push(text.len());
    let mut metas = Vec::new();
    let (mut topics, mut rules, mut questions) = (Vec::new(), Vec::new(), Vec::new());
    let mut errors = Vec::new();
    let mut lost = Lost::default();
    for w in bounds.windows(2) {
        let (start, end) = (w[0], w[1]);
        let shift = &mut |r: Range<usize>| {
            if r == (0..0) {
                r
            } else {
                r.start + start..r.end + start
            }
        };
        let block = &text[start..end];
        let part: Part = match toml::from_str(block) {
            Ok(part) => part,
            Err(e) => recover(block, &e, file, shift, &mut errors, &mut lost),
        };
        if let Some(m) = part.bank {
            metas.push(map_meta(m, shift));
        }
        topics.extend(part.topics.into_iter().map(|t| map_topic(t, shift)));
        rules.extend(part.rules.into_iter().map(|r| map_rule(r, shift)));
        questions.extend(part.questions.into_iter().map(|q| map_question(q, shift)));
    }
    let bank = (metas.len() == 1).then(|| Bank {
        bank: metas.remove(0),
        topics,
        rules,
        questions,
    });
    match bank {
        Some(bank) if errors.is_empty() => Ok(bank),
        // Without its one `[bank]` table nothing can be checked: the languages, the pass
        // mark and the ids the questions refer to are unknown.
        bank => Err(Broken {
            partial: bank
                .filter(|_| !errors.is_empty())
                .map(|bank| Partial { bank, lost }),
            errors,
        }),
    }
}

/// The most errors read from one table: each found error is taken out and the table read
/// again, so a table with this many mistakes stops being read after them.
const MOST_PER_TABLE: usize = 64;

/// Read a block that failed (`first` is its first error) table by table: every error of
/// every table goes to `errors`, each table that failed to `lost`, and the sound tables come
/// back. A block that is not TOML at all gives its syntax error and loses what its header
/// says it held.
fn recover(
    block: &str,
    first: &toml::de::Error,
    file: &str,
    shift: Move<'_>,
    errors: &mut Vec<Diagnostic>,
    lost: &mut Lost,
) -> Part {
    let mut part = Part {
        bank: None,
        topics: Vec::new(),
        rules: Vec::new(),
        questions: Vec::new(),
    };
    let Ok(root) = DeTable::parse(block) else {
        // toml gives no place for its recursion limit: the deepest line is it.
        let span = first
            .span()
            .or_else(|| super::load::deepest_line(block))
            .map(&mut *shift);
        errors.push(super::load::diagnostic(file, first.message(), span));
        let header = block
            .lines()
            .map(str::trim)
            .find(|l| HEADERS.contains(l))
            .unwrap_or("");
        lost.lose(header.trim_matches(['[', ']']), None);
        return part;
    };
    let mut read = Reader {
        file,
        shift,
        errors,
    };
    for (key, value) in root.into_inner() {
        let name = key.get_ref().as_ref();
        match name {
            "bank" => {
                part.bank = read.table(&value);
                if part.bank.is_none() {
                    lost.lose(name, None);
                }
            }
            "topic" | "rule" | "question" => {
                let items: Vec<_> = match value.get_ref() {
                    DeValue::Array(items) => items.iter().cloned().collect(),
                    _ => vec![value],
                };
                for item in &items {
                    let id = item
                        .get_ref()
                        .as_table()
                        .and_then(|t| t.iter().find(|(k, _)| k.get_ref() == "id"))
                        .and_then(|(_, v)| v.get_ref().as_str())
                        .map(str::to_owned);
                    let kept = match name {
                        "topic" => read.table(item).map(|t| part.topics.push(t)),
                        "rule" => read.table(item).map(|r| part.rules.push(r)),
                        _ => read.table(item).map(|q| part.questions.push(q)),
                    };
                    if kept.is_none() {
                        lost.lose(name, id);
                    }
                }
            }
            _ => read.errors.push(Diagnostic::new(
                read.file,
                Some((read.shift)(key.span())),
                super::diagnostic::Problem::UnknownKey {
                    key: name.to_owned(),
                    expected: "`bank`, `topic`, `rule`, `question`".to_owned(),
                },
            )),
        }
    }
    part
}

/// Reads tables of a block that failed, reporting every error of each.
struct Reader<'a, 'b> {
    file: &'a str,
    shift: Move<'b>,
    errors: &'a mut Vec<Diagnostic>,
}

impl Reader<'_, '_> {
    /// `value` as a `T` when it has no error; else every error it has (each one taken out of
    /// a copy of it before reading it again) is reported, and `None` returned.
    fn table<T: serde::de::DeserializeOwned>(&mut self, value: &Spanned<DeValue<'_>>) -> Option<T> {
        let mut value = value.clone();
        // Keys taken out, with the span of their table: the "missing field" that follows
        // taking out a key of the wrong type, or a misspelt one (`titel` for `title`), is
        // the same mistake, said once.
        let mut taken: Vec<(String, Range<usize>)> = Vec::new();
        for round in 0..MOST_PER_TABLE {
            let e = match T::deserialize(ValueDeserializer::from(value.clone())) {
                Ok(t) => return (round == 0).then_some(t),
                Err(e) => e,
            };
            let span = e.span();
            let again = e
                .message()
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
                .is_some_and(|key| {
                    taken.iter().any(|(k, at)| {
                        Some(at) == span.as_ref() && strsim::jaro_winkler(k, key) > 0.85
                    })
                });
            if !again {
                let at = span.clone().map(&mut *self.shift);
                self.errors
                    .push(super::load::diagnostic(self.file, e.message(), at));
            }
            match span.and_then(|at| take_out(&mut value, &at)) {
                Some(Taken::Key(key, table)) => taken.push((key, table)),
                Some(Taken::Item) => {}
                None => return None,
            }
        }
        None
    }
}

/// What [`take_out`] removed.
enum Taken {
    /// The entry of this key, from the table at this span.
    Key(String, Range<usize>),
    /// An element of an array (a table that lacks a field).
    Item,
}

/// Remove what the error at `at` is about: the entry whose key or value is there, else the
/// array element that is there (a `[[question.choice]]` that lacks a field). `None` when it is
/// `value` itself, or not found: then nothing more can be read from it.
fn take_out(value: &mut Spanned<DeValue<'_>>, at: &Range<usize>) -> Option<Taken> {
    // Every child is searched: the span of an array of tables is its first header only, so
    // it need not contain the error. A table is small; its error is found at once.
    let span = value.span();
    match value.get_mut() {
        DeValue::Table(table) => {
            let hit = table
                .iter()
                .find(|(k, v)| k.span() == *at || v.span() == *at)
                .map(|(k, _)| k.clone());
            if let Some(key) = hit {
                table.remove(&key);
                return Some(Taken::Key(key.get_ref().to_string(), span));
            }
            table.iter_mut().find_map(|(_, v)| take_out(v, at))
        }
        DeValue::Array(items) => {
            if let Some(i) = items.iter().position(|v| v.span() == *at) {
                let mut kept = DeArray::new();
                for (j, item) in items.iter().enumerate() {
                    if j != i {
                        kept.push(item.clone());
                    }
                }
                *items = kept;
                return Some(Taken::Item);
            }
            items.iter_mut().find_map(|v| take_out(v, at))
        }
        _ => None,
    }
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
            let blocks = parse(text, "w").unwrap();
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
        assert_eq!(parse(text, "w").unwrap(), whole);
        assert_eq!(split_points("a = 1 # \"\"\"\n"), None);
    }

    /// The lines of `errors` in `text`, with their codes.
    fn located(errors: &[Diagnostic], text: &str) -> Vec<(usize, &'static str)> {
        errors
            .iter()
            .map(|d| (d.location(Some(text)).unwrap().0, d.problem.code()))
            .collect()
    }

    // Test that each broken block gives its own errors, located in the whole file (the
    // unknown key, then the missing field of the same question), and that blocks that do
    // not fit together leave the explanation to the whole-file parse.
    #[test]
    fn broken_blocks() {
        let text = "[bank]\nid = \"b\"\ntitle = \"T\"\n[[question]]\nid = \n[[question]]\nid = \"q\"\ncorect = 1\n";
        let broken = parse(text, "w").unwrap_err();
        assert_eq!(
            located(&broken.errors, text),
            [(5, "E005"), (8, "E006"), (6, "E007")]
        );
        let lost = broken.partial.unwrap().lost;
        assert_eq!(lost.questions, 2);
        let twice = "[bank]\nid = \"b\"\ntitle = \"T\"\n[bank]\nid = \"c\"\ntitle = \"T\"\n";
        assert!(parse(twice, "w").unwrap_err().errors.is_empty());
    }

    // Test that a table is read again with each error taken out: two mistakes in one choice
    // list are both reported, a misspelt required key is said once (not again as missing),
    // the sound question is kept, and the lost topic explains an "unknown topic".
    #[test]
    fn every_error_of_a_table() {
        let text = "[bank]\nid = \"b\"\ntitle = \"T\"\n[[topic]]\nid = \"u\"\ntitel = \"U\"\n[[question]]\nid = \"q\"\ntopic = \"u\"\nkind = \"single\"\nprompt = \"P\"\n[[question.choice]]\ntext = \"A\"\ncorect = true\n[[question.choice]]\ntext = \"B\"\ncorrect = \"ya\"\n[[question]]\nid = \"r\"\ntopic = \"u\"\nkind = \"true-false\"\nprompt = \"P\"\nanswer = true\n";
        let broken = parse(text, "w").unwrap_err();
        assert_eq!(
            located(&broken.errors, text),
            [(6, "E006"), (14, "E006"), (17, "E007")]
        );
        let partial = broken.partial.unwrap();
        let kept: Vec<_> = partial
            .bank
            .questions
            .iter()
            .map(|q| q.id.get_ref().as_str())
            .collect();
        assert_eq!(kept, ["r"]);
        assert!(
            partial
                .lost
                .explains(&super::super::Problem::UnknownTopic { id: "u".into() })
        );
        assert!(
            !partial
                .lost
                .explains(&super::super::Problem::UnknownTopic { id: "v".into() })
        );
    }
}
