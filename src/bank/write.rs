//! Writing banks as TOML in one house style (the style of the shipped banks), and
//! `kuis fmt`: the same style applied to a hand-written file without losing its comments.

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use super::model::{Bank, Choice, Meta, Question, Rule, Text, Topic};

/// Keys in the order the house style writes them, per table.
const BANK_KEYS: &[&str] = &[
    "id",
    "version",
    "title",
    "description",
    "languages",
    "pass_percent",
    "time_limit",
    "practice_count",
    "category",
];
const TOPIC_KEYS: &[&str] = &["id", "title", "description", "category"];
const RULE_KEYS: &[&str] = &["id", "text", "basis", "source"];
const QUESTION_KEYS: &[&str] = &[
    "id",
    "name",
    "topic",
    "kind",
    "rules",
    "difficulty",
    "tags",
    "source",
    "basis",
    "shuffle",
    "prompt",
    "answer",
    "why_true",
    "why_false",
    "explanation",
];
const CHOICE_KEYS: &[&str] = &["id", "text", "correct", "points", "violation", "why"];

/// Choices sit under their question, indented by this much.
const CHOICE_INDENT: &str = "  ";

/// A text field: a string, or an inline table of languages.
pub fn text_value(text: &Text) -> Value {
    match text {
        Text::Plain(s) => Value::from(s.as_str()),
        Text::Localized(map) => {
            let mut t = InlineTable::new();
            for (lang, s) in map {
                t.insert(lang, Value::from(s.as_str()));
            }
            Value::InlineTable(t)
        }
    }
}

fn strings(items: impl IntoIterator<Item = impl AsRef<str>>) -> Value {
    let mut a = Array::new();
    for s in items {
        a.push(s.as_ref());
    }
    Value::Array(a)
}

/// `[bank]`.
pub fn meta_table(m: &Meta) -> Table {
    let mut t = Table::new();
    t.insert("id", Item::Value(m.id.get_ref().as_str().into()));
    t.insert("version", Item::Value(m.version.as_str().into()));
    t.insert("title", Item::Value(text_value(m.title.get_ref())));
    if let Some(d) = &m.description {
        t.insert("description", Item::Value(text_value(d.get_ref())));
    }
    t.insert("languages", Item::Value(strings(m.languages.get_ref())));
    t.insert(
        "pass_percent",
        Item::Value((*m.pass_percent.get_ref()).into()),
    );
    if let Some(l) = &m.time_limit {
        t.insert("time_limit", Item::Value((*l.get_ref()).into()));
    }
    if let Some(c) = &m.practice_count {
        t.insert("practice_count", Item::Value((*c.get_ref()).into()));
    }
    if let Some(c) = &m.category {
        t.insert("category", Item::Value(c.as_str().into()));
    }
    t
}

/// A `[[topic]]`.
pub fn topic_table(topic: &Topic) -> Table {
    let mut t = Table::new();
    t.insert("id", Item::Value(topic.id.get_ref().as_str().into()));
    t.insert("title", Item::Value(text_value(topic.title.get_ref())));
    if let Some(d) = &topic.description {
        t.insert("description", Item::Value(text_value(d.get_ref())));
    }
    if let Some(c) = &topic.category {
        t.insert("category", Item::Value(c.as_str().into()));
    }
    t
}

/// A `[[rule]]`.
pub fn rule_table(rule: &Rule) -> Table {
    let mut t = Table::new();
    t.insert("id", Item::Value(rule.id.get_ref().as_str().into()));
    t.insert("text", Item::Value(text_value(rule.text.get_ref())));
    t.insert("basis", Item::Value(rule.basis.get_ref().as_str().into()));
    if let Some(s) = &rule.source {
        t.insert("source", Item::Value(s.as_str().into()));
    }
    t
}

fn choice_table(c: &Choice) -> Table {
    let mut t = Table::new();
    if let Some(id) = &c.id {
        t.insert("id", Item::Value(id.get_ref().as_str().into()));
    }
    t.insert("text", Item::Value(text_value(c.text.get_ref())));
    if let Some(v) = &c.correct {
        t.insert("correct", Item::Value((*v.get_ref()).into()));
    }
    if let Some(v) = &c.points {
        t.insert("points", Item::Value((*v.get_ref()).into()));
    }
    if let Some(v) = &c.violation {
        t.insert("violation", Item::Value((*v.get_ref()).into()));
    }
    if let Some(v) = &c.why {
        t.insert("why", Item::Value(text_value(v.get_ref())));
    }
    t
}

/// A `[[question]]` with its `[[question.choice]]`s.
pub fn question_table(q: &Question) -> Table {
    let mut t = Table::new();
    t.insert("id", Item::Value(q.id.get_ref().as_str().into()));
    if let Some(name) = &q.name {
        t.insert("name", Item::Value(name.as_str().into()));
    }
    t.insert("topic", Item::Value(q.topic.get_ref().as_str().into()));
    t.insert("kind", Item::Value(q.kind.get_ref().as_str().into()));
    if !q.rules.is_empty() {
        t.insert(
            "rules",
            Item::Value(strings(q.rules.iter().map(|r| r.get_ref()))),
        );
    }
    if let Some(d) = &q.difficulty {
        t.insert("difficulty", Item::Value((*d.get_ref()).into()));
    }
    if !q.tags.is_empty() {
        t.insert("tags", Item::Value(strings(&q.tags)));
    }
    if let Some(s) = &q.source {
        t.insert("source", Item::Value(s.as_str().into()));
    }
    if !q.basis.is_empty() {
        t.insert("basis", Item::Value(strings(&q.basis)));
    }
    if !q.shuffle {
        t.insert("shuffle", Item::Value(false.into()));
    }
    t.insert("prompt", Item::Value(text_value(q.prompt.get_ref())));
    if let Some(a) = &q.answer {
        t.insert("answer", Item::Value((*a.get_ref()).into()));
    }
    for (key, why) in [
        ("why_true", &q.why_true),
        ("why_false", &q.why_false),
        ("explanation", &q.explanation),
    ] {
        if let Some(w) = why {
            t.insert(key, Item::Value(text_value(w.get_ref())));
        }
    }
    if !q.choices.is_empty() {
        let mut choices = ArrayOfTables::new();
        for c in &q.choices {
            choices.push(choice_table(c));
        }
        t.insert("choice", Item::ArrayOfTables(choices));
    }
    t
}

/// The whole bank as a document in the house style.
pub fn to_document(bank: &Bank) -> DocumentMut {
    let mut doc = DocumentMut::new();
    doc.insert("bank", Item::Table(meta_table(&bank.bank)));
    for (key, tables) in [
        (
            "topic",
            bank.topics.iter().map(topic_table).collect::<Vec<_>>(),
        ),
        ("rule", bank.rules.iter().map(rule_table).collect()),
        (
            "question",
            bank.questions.iter().map(question_table).collect(),
        ),
    ] {
        if !tables.is_empty() {
            let mut aot = ArrayOfTables::new();
            for t in tables {
                aot.push(t);
            }
            doc.insert(key, Item::ArrayOfTables(aot));
        }
    }
    style(&mut doc);
    doc
}

/// The bank as TOML text in the house style.
pub fn to_toml(bank: &Bank) -> String {
    to_document(bank).to_string()
}

/// Reformat a bank's text in the house style: keys in their usual order, one space around
/// `=`, a blank line before each table, choices indented under their question. Comments stay
/// with what they annotate; the meaning does not change.
pub fn format(text: &str) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    style(&mut doc);
    let mut out = doc.to_string();
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    Ok(out)
}

/// Apply the house style to a whole document.
pub fn style(doc: &mut DocumentMut) {
    let langs = languages(doc);
    let mut first = true;
    if let Some(bank) = doc.get_mut("bank").and_then(Item::as_table_mut) {
        style_table(bank, BANK_KEYS, "", first, &langs);
        first = false;
    }
    for (key, order) in [
        ("topic", TOPIC_KEYS),
        ("rule", RULE_KEYS),
        ("question", QUESTION_KEYS),
    ] {
        if let Some(aot) = doc.get_mut(key).and_then(Item::as_array_of_tables_mut) {
            for table in aot.iter_mut() {
                if key == "question" {
                    style_question(table, first, &langs);
                } else {
                    style_table(table, order, "", first, &langs);
                }
                first = false;
            }
        }
    }
}

/// Apply the house style to one question and its choices (the `add` wizard styles only the
/// question it appends, leaving the rest of the file as the trainer wrote it).
pub fn style_question(table: &mut Table, first: bool, langs: &[String]) {
    style_table(table, QUESTION_KEYS, "", first, langs);
    if let Some(choices) = table
        .get_mut("choice")
        .and_then(Item::as_array_of_tables_mut)
    {
        for choice in choices.iter_mut() {
            style_table(choice, CHOICE_KEYS, CHOICE_INDENT, true, langs);
        }
    }
}

/// The `[bank] languages` of a document, which order the languages inside text tables.
pub fn languages(doc: &DocumentMut) -> Vec<String> {
    doc.get("bank")
        .and_then(|b| b.get("languages"))
        .and_then(Item::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Append a question (and the topic or rule it introduces) to a bank's text. Everything
/// already in the file stays as the trainer wrote it, comments included; only the new
/// tables are written in the house style.
pub fn append(
    text: &str,
    question: &Question,
    topic: Option<&Topic>,
    rule: Option<&Rule>,
) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    let langs = languages(&doc);
    let mut push = |key: &str, mut table: Table, order: &[&str]| {
        if key == "question" {
            style_question(&mut table, false, &langs);
        } else {
            style_table(&mut table, order, "", false, &langs);
        }
        match doc.get_mut(key).and_then(Item::as_array_of_tables_mut) {
            Some(aot) => {
                // Place it right after the last one of its kind (and that one's choices), not
                // at the end of the file: everything after moves down to make room.
                let mut last = None;
                for t in aot.iter_mut() {
                    visit(t, &mut |t| last = last.max(t.position()));
                }
                let Some(last) = last else {
                    aot.push(table);
                    return;
                };
                let mut needed = 0;
                visit(&mut table, &mut |_| needed += 1);
                visit(doc.as_table_mut(), &mut |t| {
                    if let Some(p) = t.position().filter(|p| *p > last) {
                        t.set_position(Some(p + needed));
                    }
                });
                let mut next = last;
                visit(&mut table, &mut |t| {
                    next += 1;
                    t.set_position(Some(next));
                });
                if let Some(aot) = doc.get_mut(key).and_then(Item::as_array_of_tables_mut) {
                    aot.push(table);
                }
            }
            None => {
                let mut aot = ArrayOfTables::new();
                aot.push(table);
                doc.insert(key, Item::ArrayOfTables(aot));
            }
        }
    };
    if let Some(t) = topic {
        push("topic", topic_table(t), TOPIC_KEYS);
    }
    if let Some(r) = rule {
        push("rule", rule_table(r), RULE_KEYS);
    }
    push("question", question_table(question), QUESTION_KEYS);
    Ok(doc.to_string())
}

/// Call `f` on `table` and every table below it, in document order.
fn visit(table: &mut Table, f: &mut dyn FnMut(&mut Table)) {
    f(table);
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(t) => visit(t, f),
            Item::ArrayOfTables(a) => {
                for t in a.iter_mut() {
                    visit(t, f);
                }
            }
            _ => {}
        }
    }
}

/// Comment lines in a piece of whitespace, re-indented: everything else is layout. Above a
/// table, one blank line that separated comment blocks (a file or section header) is kept.
fn comments(raw: Option<&str>, indent: &str, keep_blank: bool) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in raw.unwrap_or("").lines().map(str::trim) {
        if line.starts_with('#') {
            if blank && keep_blank && !out.is_empty() {
                out.push('\n');
            }
            out += &format!("{indent}{line}\n");
            blank = false;
        } else if line.is_empty() {
            blank = true;
        }
    }
    if blank && keep_blank && !out.is_empty() {
        out.push('\n');
    }
    out
}

/// One table: its header after a blank line (none for the first in the file), its keys in
/// order, each `key = value` on its own line with the table's indent.
fn style_table(table: &mut Table, order: &[&str], indent: &str, first: bool, langs: &[String]) {
    let lang_rank = |k: &str| langs.iter().position(|l| l == k).unwrap_or(langs.len());
    let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(order.len());
    table.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
    // Comments above a choice are indented with it, and no blank line parts them from it.
    let header = comments(
        table.decor().prefix().and_then(|p| p.as_str()),
        indent,
        indent.is_empty(),
    );
    let blank = if first || !indent.is_empty() {
        ""
    } else {
        "\n"
    };
    table
        .decor_mut()
        .set_prefix(format!("{blank}{header}{indent}"));
    table.decor_mut().set_suffix("");
    for (mut key, item) in table.iter_mut() {
        let Some(value) = item.as_value_mut() else {
            continue;
        };
        let above = comments(
            key.leaf_decor().prefix().and_then(|p| p.as_str()),
            indent,
            false,
        );
        key.leaf_decor_mut().set_prefix(format!("{above}{indent}"));
        key.leaf_decor_mut().set_suffix(" ");
        let trailing = value
            .decor()
            .suffix()
            .and_then(|s| s.as_str())
            .map(str::trim)
            .filter(|s| s.starts_with('#'))
            .map(|c| format!(" {c}"))
            .unwrap_or_default();
        match value {
            Value::InlineTable(t) => {
                t.sort_values_by(|a, _, b, _| lang_rank(a.get()).cmp(&lang_rank(b.get())));
                t.fmt();
            }
            Value::Array(a) => a.fmt(),
            _ => {}
        }
        value.decor_mut().set_prefix(" ");
        value.decor_mut().set_suffix(trailing);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::arbitrary::any_bank;
    use crate::bank::load::{Source, parse};
    use proptest::prelude::*;

    const MESSY: &str = r#"# Bank contoh
[bank]
title   =   "Contoh"   # judul
id="contoh"

[[topic]]
title = "T"
id = "t"
[[question]]
# pertanyaan pertama
prompt = {en="Q",id="P"}
kind="single"
topic = "t"
id = "q1"
explanation = "E"
[[question.choice]]
why = "W"
text = "B"
[[question.choice]]
correct = true
text = "A"
"#;

    // Test the house style on a messy file: key order, spacing, indent, and comments kept
    // with the key they stand above.
    #[test]
    fn formats_a_messy_file() {
        let out = format(MESSY).unwrap();
        let expected = r#"# Bank contoh
[bank]
id = "contoh"
title = "Contoh" # judul

[[topic]]
id = "t"
title = "T"

[[question]]
id = "q1"
topic = "t"
kind = "single"
# pertanyaan pertama
prompt = { en = "Q", id = "P" }
explanation = "E"
  [[question.choice]]
  text = "B"
  why = "W"
  [[question.choice]]
  text = "A"
  correct = true
"#;
        assert_eq!(out, expected);
        // Formatting is idempotent and keeps the meaning.
        assert_eq!(format(&out).unwrap(), out);
        let a = parse(&Source::new("a", MESSY)).unwrap();
        let b = parse(&Source::new("b", out)).unwrap();
        assert_eq!(a, b);
    }

    // Test that the shipped bank is already in the house style.
    #[test]
    fn shipped_bank_is_formatted() {
        let text = include_str!("../../quizzes/netralitas-asn.toml");
        assert_eq!(format(text).unwrap(), text);
    }

    // Test that appending keeps the file's comments and layout and places a new topic after
    // the last topic.
    #[test]
    fn append_keeps_the_rest() {
        let text = "# kepala\n[bank]\nid = \"b\"   # id\ntitle = \"T\"\n\n[[topic]]\nid = \"t\"\ntitle = \"T\"\n\n# soal\n[[question]]\nid=\"q1\"\ntopic = \"t\"\nkind = \"true-false\"\nprompt = \"P\"\nanswer = true\nexplanation = \"E\"\n";
        let mut q = Question::new(
            "q2",
            "u",
            crate::bank::Kind::TrueFalse,
            Text::Plain("Baru".into()),
        );
        q.answer = Some(toml::Spanned::new(0..0, false));
        let topic = Topic {
            id: toml::Spanned::new(0..0, "u".into()),
            title: toml::Spanned::new(0..0, Text::Plain("U".into())),
            description: None,
            category: None,
        };
        let out = append(text, &q, Some(&topic), None).unwrap();
        assert!(
            out.starts_with(&text[..text.len() - 1]) || out.contains("id=\"q1\""),
            "{out}"
        );
        assert!(out.contains("id = \"b\"   # id"), "{out}");
        let topic_at = out.find("id = \"u\"").unwrap();
        let question_at = out.find("[[question]]").unwrap();
        assert!(topic_at < question_at, "{out}");
        assert!(out.ends_with("[[question]]\nid = \"q2\"\ntopic = \"u\"\nkind = \"true-false\"\nprompt = \"Baru\"\nanswer = false\n"), "{out}");
        let bank = parse(&Source::new("x", out)).unwrap();
        assert_eq!(bank.questions.len(), 2);
        // After a question with choices, the choices stay with their own question.
        let template = include_str!("../../docs/template.toml");
        let out = append(template, &q, None, None).unwrap();
        let bank = parse(&Source::new("t", out)).unwrap();
        assert_eq!(bank.questions.len(), 5);
        assert_eq!(bank.questions[3].choices.len(), 3);
        assert!(bank.questions[4].choices.is_empty());
    }

    proptest! {
        // Test that any bank written in the house style loads back equal, and that
        // formatting it again changes nothing.
        #[test]
        fn house_style_round_trip(bank in any_bank()) {
            let text = to_toml(&bank);
            let back = parse(&Source::new("gen.toml", text.clone()));
            prop_assert!(back.is_ok(), "{text}\n{:?}", back.err());
            prop_assert_eq!(back.unwrap(), bank);
            prop_assert_eq!(format(&text).unwrap(), text);
        }
    }
}
