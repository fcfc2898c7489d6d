//! GIFT, Moodle's text format: a parser faithful to Moodle's rules (escapes, titles,
//! formats, weights, feedback, categories, `[id:]`/`[tag:]` comments) and a writer.

use super::{
    Body, Draft, DraftAnswer, Header, Note, NoteKind, Why, category_path, export_language,
    fractions, moodle_grade, why,
};
use crate::bank::{Bank, Kind};
use crate::i18n::Lang;

/// The question types GIFT can express.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GiftKind {
    /// Multiple choice (one or several right answers, weights).
    Mc,
    /// True/false.
    Tf,
    /// `$CATEGORY:` line.
    Category,
    /// Text with no answers.
    Description,
    /// `{}`.
    Essay,
    /// Only `=` answers.
    Short,
    /// `{#…}`.
    Numerical,
    /// `=a -> b` pairs.
    Matching,
}

impl GiftKind {
    /// The name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            GiftKind::Mc => "multiple-choice",
            GiftKind::Tf => "true/false",
            GiftKind::Category => "category",
            GiftKind::Description => "description",
            GiftKind::Essay => "essay",
            GiftKind::Short => "short-answer",
            GiftKind::Numerical => "numerical",
            GiftKind::Matching => "matching",
        }
    }
}

/// One question (or category line) as GIFT says it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Item {
    /// 1-based line where it starts.
    pub line: usize,
    /// Its type.
    pub kind: Option<GiftKind>,
    /// `[id:…]` from a comment above it (above a `$CATEGORY:` line: the topic's id).
    pub id: Option<String>,
    /// `[tag:…]` from comments above it.
    pub tags: Vec<String>,
    /// `::title::`, or the category path.
    pub title: Option<String>,
    /// The question text (an embedded answer block shows as `_____`).
    pub stem: String,
    /// The question text's `[format]`, when given.
    pub format: Option<String>,
    /// `####` general feedback.
    pub global_feedback: Option<String>,
    /// Multiple-choice answers.
    pub choices: Vec<GiftChoice>,
    /// For true/false: the answer.
    pub is_true: Option<bool>,
    /// For true/false: the first feedback (Moodle: shown for a wrong answer).
    pub first_feedback: Option<String>,
    /// For true/false: the second feedback (Moodle: shown for a right answer).
    pub second_feedback: Option<String>,
}

/// One answer of a multiple-choice question.
#[derive(Debug, Clone, PartialEq)]
pub struct GiftChoice {
    /// `=` (true) or `~` (false).
    pub correct: bool,
    /// `%50%`, when given.
    pub weight: Option<f64>,
    /// The answer.
    pub text: String,
    /// `#feedback`.
    pub feedback: Option<String>,
}

/// Find `pat` in `s` from byte `from`, skipping backslash-escaped characters.
fn find_unescaped(s: &str, pat: &str, from: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        // Byte-wise: `pat` is ASCII, so a match never starts inside a multi-byte character.
        if bytes[i..].starts_with(pat.as_bytes()) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Split at every unescaped occurrence of `sep`.
fn split_unescaped<'a>(s: &'a str, sep: &str) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut start = 0;
    while let Some(at) = find_unescaped(s, sep, start) {
        parts.push(&s[start..at]);
        start = at + sep.len();
    }
    parts.push(&s[start..]);
    parts
}

const FORMATS: [&str; 4] = ["html", "moodle", "plain", "markdown"];

/// The `[html]`/`[moodle]`/`[plain]`/`[markdown]` marker at the start of a text, if any.
fn format_of(s: &str) -> Option<&'static str> {
    let t = s.trim_start();
    FORMATS.into_iter().find(|f| {
        t.strip_prefix('[')
            .and_then(|r| r.strip_prefix(f))
            .is_some_and(|r| r.starts_with(']'))
    })
}

/// The text without its format marker.
fn strip_format(s: &str) -> &str {
    let t = s.trim_start();
    match format_of(t) {
        Some(f) => &t[f.len() + 2..],
        None => t,
    }
}

/// GIFT text to plain text: whitespace runs (line breaks included) become one space, then
/// escapes are resolved (`\n` is a line break, `\~ \= \# \{ \} \: \\` the character itself).
pub fn clean(raw: &str) -> String {
    let collapsed = strip_format(raw)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::with_capacity(collapsed.len());
    let mut chars = collapsed.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some('n') => {
                    out.push('\n');
                    chars.next();
                }
                Some(&e @ ('~' | '=' | '#' | '{' | '}' | ':' | '\\')) => {
                    out.push(e);
                    chars.next();
                }
                _ => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_owned()
}

fn optional(raw: &str) -> Option<String> {
    Some(clean(raw)).filter(|s| !s.is_empty())
}

/// Parse a GIFT file. Malformed questions are reported (with their line) and skipped; the
/// rest are returned.
pub fn parse(text: &str) -> (Vec<Item>, Vec<Note>) {
    let mut items = Vec::new();
    let mut notes = Vec::new();
    let mut chunk = String::new();
    let mut start = 0;
    let mut depth = 0i32;
    let mut comments: Vec<String> = Vec::new();
    let flush = |chunk: &mut String,
                 start: usize,
                 comments: &mut Vec<String>,
                 items: &mut Vec<Item>,
                 notes: &mut Vec<Note>| {
        if chunk.trim().is_empty() {
            chunk.clear();
            return;
        }
        match question(chunk, start, comments) {
            Ok(item) => items.push(item),
            Err(why) => notes.push(Note {
                line: start,
                what: NoteKind::Malformed(why),
            }),
        }
        chunk.clear();
        comments.clear();
    };
    let text = text.trim_start_matches('\u{feff}');
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("//") {
            if chunk.is_empty() {
                comments.push(trimmed.to_owned());
            }
            continue;
        }
        if depth == 0 {
            if trimmed.is_empty() {
                flush(&mut chunk, start, &mut comments, &mut items, &mut notes);
                continue;
            }
            if let Some(path) = trimmed.strip_prefix("$CATEGORY:") {
                flush(&mut chunk, start, &mut comments, &mut items, &mut notes);
                items.push(Item {
                    line: n + 1,
                    kind: Some(GiftKind::Category),
                    id: metadata(&comments).0,
                    title: Some(path.trim().to_owned()),
                    ..Item::default()
                });
                comments.clear();
                continue;
            }
        }
        if chunk.is_empty() {
            start = n + 1;
        }
        chunk.push_str(line);
        chunk.push('\n');
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 1,
                b'{' => depth += 1,
                b'}' => depth -= 1,
                _ => {}
            }
            i += 1;
        }
        if depth < 0 {
            notes.push(Note {
                line: n + 1,
                what: NoteKind::Malformed(why(
                    "tanda '}' tidak menutup apa pun",
                    "a '}' closes nothing",
                )),
            });
            chunk.clear();
            comments.clear();
            depth = 0;
        }
    }
    if depth > 0 {
        notes.push(Note {
            line: start,
            what: NoteKind::Malformed(never_closed()),
        });
    } else {
        flush(&mut chunk, start, &mut comments, &mut items, &mut notes);
    }
    (items, notes)
}

/// `[id:…]` and `[tag:…]` in the comments above a question.
fn metadata(comments: &[String]) -> (Option<String>, Vec<String>) {
    let mut id = None;
    let mut tags = Vec::new();
    for c in comments {
        let mut rest = c.as_str();
        while let Some(open) = rest.find('[') {
            let Some(close) = rest[open..].find(']') else {
                break;
            };
            let inside = &rest[open + 1..open + close];
            if let Some(v) = inside.strip_prefix("id:") {
                id = Some(v.trim().to_owned());
            } else if let Some(v) = inside.strip_prefix("tag:") {
                tags.push(v.trim().to_owned());
            }
            rest = &rest[open + close + 1..];
        }
    }
    (id, tags)
}

/// A `{` without its `}`.
fn never_closed() -> Why {
    why("tanda '{' tidak pernah ditutup", "a '{' is never closed")
}

fn question(chunk: &str, line: usize, comments: &[String]) -> Result<Item, Why> {
    let (id, tags) = metadata(comments);
    let mut item = Item {
        line,
        id,
        tags,
        ..Item::default()
    };
    let mut rest = chunk.trim_start();
    if rest.starts_with("::") {
        let end = find_unescaped(rest, "::", 2).ok_or_else(|| {
            why(
                "judul tidak ditutup dengan '::'",
                "the title has no closing '::'",
            )
        })?;
        item.title = Some(clean(&rest[2..end]));
        rest = &rest[end + 2..];
    }
    item.format = format_of(rest).map(str::to_owned);
    let Some(open) = find_unescaped(rest, "{", 0) else {
        item.kind = Some(GiftKind::Description);
        item.stem = clean(rest);
        return Ok(item);
    };
    let close = find_unescaped(rest, "}", open + 1).ok_or_else(never_closed)?;
    let before = clean(&rest[..open]);
    let after = clean(&rest[close + 1..]);
    item.stem = if after.is_empty() {
        before
    } else {
        format!("{before} _____ {after}").trim().to_owned()
    };
    if find_unescaped(&rest[close + 1..], "{", 0).is_some() {
        return Err(why(
            "lebih dari satu blok jawaban",
            "more than one answer block",
        ));
    }
    block(&rest[open + 1..close], &mut item)?;
    Ok(item)
}

fn block(inside: &str, item: &mut Item) -> Result<(), Why> {
    let parts = split_unescaped(inside, "####");
    let body = parts[0].trim();
    if parts.len() > 1 {
        item.global_feedback = optional(&parts[1..].join("####"));
    }
    if body.is_empty() {
        item.kind = Some(GiftKind::Essay);
        return Ok(());
    }
    if body.starts_with('#') {
        item.kind = Some(GiftKind::Numerical);
        return Ok(());
    }
    let pieces = split_unescaped(body, "#");
    let head = pieces[0].trim();
    let truth = match head.to_ascii_uppercase().as_str() {
        "T" | "TRUE" => Some(true),
        "F" | "FALSE" => Some(false),
        _ => None,
    };
    if let Some(truth) = truth {
        item.kind = Some(GiftKind::Tf);
        item.is_true = Some(truth);
        item.first_feedback = pieces.get(1).and_then(|f| optional(f));
        item.second_feedback = pieces.get(2).and_then(|f| optional(f));
        return Ok(());
    }
    // Answers start at each unescaped '~' or '='.
    let bytes = body.as_bytes();
    let mut starts = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'~' | b'=' => starts.push(i),
            _ => {}
        }
        i += 1;
    }
    // `{One}`: a single right short answer needs no '='.
    let Some(&first) = starts.first() else {
        item.kind = Some(GiftKind::Short);
        return Ok(());
    };
    if !body[..first].trim().is_empty() {
        let text = body[..first].trim();
        return Err(why(
            format!("ada teks sebelum jawaban pertama: \"{text}\""),
            format!("text before the first answer: \"{text}\""),
        ));
    }
    starts.push(body.len());
    let mut raw_answers = Vec::new();
    for w in starts.windows(2) {
        let correct = bytes[w[0]] == b'=';
        raw_answers.push((correct, &body[w[0] + 1..w[1]]));
    }
    let all_equal = raw_answers.iter().all(|(c, _)| *c);
    if all_equal {
        let matching = raw_answers.iter().all(|(_, a)| a.contains("->"));
        item.kind = Some(if matching {
            GiftKind::Matching
        } else {
            GiftKind::Short
        });
        return Ok(());
    }
    item.kind = Some(GiftKind::Mc);
    for (correct, raw) in raw_answers {
        let mut text = raw.trim_start();
        let mut weight = None;
        if let Some(w) = text.strip_prefix('%') {
            let end = w.find('%').ok_or_else(|| {
                why(
                    "bobot tidak ditutup dengan '%'",
                    "a weight has no closing '%'",
                )
            })?;
            weight = Some(w[..end].trim().parse::<f64>().map_err(|_| {
                why(
                    format!("\"{}\" bukan bobot", &w[..end]),
                    format!("\"{}\" is not a weight", &w[..end]),
                )
            })?);
            text = &w[end + 1..];
        }
        let (answer, feedback) = match find_unescaped(text, "#", 0) {
            Some(at) => (&text[..at], optional(&text[at + 1..])),
            None => (text, None),
        };
        item.choices.push(GiftChoice {
            correct,
            weight,
            text: clean(answer),
            feedback,
        });
    }
    Ok(())
}

/// Read a GIFT file into drafts; unsupported types and malformed questions become notes.
pub fn read(text: &str) -> (Vec<Draft>, Vec<Note>) {
    let (items, mut notes) = parse(text);
    let mut drafts = Vec::new();
    let mut category = None;
    let mut topic_id = None;
    for item in items {
        let body = match item.kind {
            Some(GiftKind::Category) => {
                category = item.title.clone();
                topic_id = item.id.clone();
                continue;
            }
            Some(GiftKind::Mc) => Body::Choices {
                answers: item
                    .choices
                    .iter()
                    .map(|c| DraftAnswer {
                        text: c.text.clone(),
                        fraction: c.weight.unwrap_or(if c.correct { 100.0 } else { 0.0 }),
                        feedback: c.feedback.clone(),
                    })
                    .collect(),
                // Several answers each weighted `~%100%` cannot share the mark: any one earns
                // it, as in a weighted question with two best choices, which is how kuis
                // writes one. (Several `=` answers stay "select all that apply".)
                multiple: (item
                    .choices
                    .iter()
                    .filter(|c| c.weight.is_some_and(|w| w >= 99.99))
                    .count()
                    > 1)
                .then_some(false),
            },
            // Moodle: the first feedback is for a wrong answer, the second for a right one.
            Some(GiftKind::Tf) => {
                let answer = item.is_true.unwrap_or(true);
                let (wrong, right) = (item.first_feedback.clone(), item.second_feedback.clone());
                let (why_true, why_false) = if answer {
                    (right, wrong)
                } else {
                    (wrong, right)
                };
                Body::TrueFalse {
                    answer,
                    why_true,
                    why_false,
                }
            }
            Some(other) => {
                notes.push(Note {
                    line: item.line,
                    what: NoteKind::Unsupported(other.name().into()),
                });
                continue;
            }
            None => continue,
        };
        // A terminal shows text: HTML questions are reduced to it, as in Moodle XML.
        let prompt = match item.format.as_deref() {
            Some("html") => super::xml::html_to_text(&item.stem),
            _ => item.stem.clone(),
        };
        drafts.push(Draft {
            line: item.line,
            id: item.id.clone(),
            title: item.title.clone(),
            category: category.clone(),
            topic_id: topic_id.clone(),
            prompt,
            explanation: item.global_feedback.clone(),
            body,
        });
    }
    (drafts, notes)
}

/// The `kuis bank` header among the comments at the top of a GIFT file, if any.
pub fn header(text: &str) -> Option<Header> {
    text.trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .take_while(|l| l.is_empty() || l.starts_with("//"))
        .find_map(Header::parse)
}

/// Escape text for GIFT: control characters get a backslash, line breaks become `\n`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Write a bank as GIFT in one language: topics as categories, ids in `[id:]` comments and
/// titles, explanations as general feedback, `why` as answer feedback.
pub fn write(bank: &Bank, lang: Lang) -> (String, Vec<Note>) {
    let (code, notes) = export_language(bank, lang);
    let main = bank.bank.main_language();
    let t = |text: &crate::bank::Text| escape(text.get(&code, main));
    let mut out = format!("// {}\n\n", Header::of(bank, &code).line());
    let mut topic = None;
    for q in &bank.questions {
        if topic != Some(q.topic.get_ref()) {
            topic = Some(q.topic.get_ref());
            // The topic's id rides in a comment Moodle ignores; the path is what it shows.
            let path = bank
                .topics
                .iter()
                .find(|t| t.id.get_ref() == q.topic.get_ref())
                .map_or_else(
                    || format!("{}/{}", super::DEFAULT_CATEGORY, q.topic.get_ref()),
                    |t| category_path(bank, t, &code),
                );
            out += &format!("// [id:{}]\n$CATEGORY: {path}\n\n", q.topic.get_ref());
        }
        let id = q.id.get_ref();
        out += &format!(
            "// [id:{id}]\n::{}::{} {{\n",
            escape(q.name.as_deref().unwrap_or(id)),
            t(q.prompt.get_ref())
        );
        match q.kind.get_ref() {
            Kind::TrueFalse => {
                let answer = q.answer.as_ref().is_some_and(|a| *a.get_ref());
                let why = |w: &Option<toml::Spanned<crate::bank::Text>>| {
                    w.as_ref().map(|w| t(w.get_ref())).unwrap_or_default()
                };
                let (wrong, right) = if answer {
                    (why(&q.why_false), why(&q.why_true))
                } else {
                    (why(&q.why_true), why(&q.why_false))
                };
                out += if answer { "  TRUE" } else { "  FALSE" };
                if !wrong.is_empty() || !right.is_empty() {
                    out += &format!("#{wrong}");
                }
                if !right.is_empty() {
                    out += &format!("#{right}");
                }
                out.push('\n');
            }
            kind => {
                for (i, (c, f)) in q.choices.iter().zip(fractions(q)).enumerate() {
                    let marker = if *kind == Kind::Single && q.is_correct(i) {
                        "=".to_owned()
                    } else if *kind == Kind::Single || f == 0.0 {
                        "~".to_owned()
                    } else {
                        format!("~%{}%", moodle_grade(f))
                    };
                    out += &format!("  {marker}{}", t(c.text.get_ref()));
                    if let Some(why) = &c.why {
                        out += &format!(" #{}", t(why.get_ref()));
                    }
                    out.push('\n');
                }
            }
        }
        if let Some(e) = &q.explanation {
            out += &format!("  ####{}\n", t(e.get_ref()));
        }
        out += "}\n\n";
    }
    (out, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test (regression) that control characters are found after multi-byte text: the search
    // once sliced inside "ö" and panicked.
    #[test]
    fn non_ascii_before_the_block() {
        let (items, notes) = parse("Write about Dag Hammarskjöld. {}\n\nÄ ö ü?{=ya ~tidak}\n");
        assert!(notes.is_empty());
        assert_eq!(items[0].kind, Some(GiftKind::Essay));
        assert_eq!(items[1].choices.len(), 2);
    }
}
