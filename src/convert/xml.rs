//! Moodle XML (`<quiz>` of `<question>`s) through quick-xml: multichoice and truefalse
//! questions in, categories as topics; the same out, so a bank can be uploaded to Moodle.

use std::io::Cursor;

use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesDecl, BytesStart, BytesText, Event};

use super::{
    Body, Draft, DraftAnswer, Header, Note, NoteKind, category_path, export_language, fractions,
    moodle_grade, why,
};
use crate::bank::{Bank, Kind};
use crate::i18n::Lang;

/// An element of the document, with its byte offset for messages.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    text: String,
    offset: usize,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// `<x format="…"><text>…</text></x>` as plain text (HTML reduced to text).
    fn text_of(&self, name: &str) -> Option<String> {
        let node = self.child(name)?;
        let raw = node
            .child("text")
            .map_or(node.text.as_str(), |t| t.text.as_str());
        let text = match node.attr("format") {
            Some("html") | Some("moodle_auto_format") | None if raw.contains('<') => {
                html_to_text(raw)
            }
            _ => raw.trim().to_owned(),
        };
        Some(text).filter(|t| !t.is_empty())
    }
}

/// A located error: 1-based line and column, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    /// Line.
    pub line: usize,
    /// Column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// Parse the document into a tree, or say where it breaks.
fn dom(text: &str) -> Result<Node, XmlError> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Node> = vec![Node::default()];
    let located = |offset: u64, message: String| {
        let (line, column) = crate::bank::diagnostic::line_col(text, offset as usize);
        XmlError {
            line,
            column,
            message,
        }
    };
    loop {
        let offset = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| located(reader.error_position(), e.to_string()))?;
        match event {
            Event::Start(start) => {
                stack.push(element(&start, offset).map_err(|m| located(offset as u64, m))?)
            }
            Event::Empty(start) => {
                let node = element(&start, offset).map_err(|m| located(offset as u64, m))?;
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(node);
                }
            }
            Event::End(_) => {
                let node = stack
                    .pop()
                    .ok_or_else(|| located(offset as u64, "an end tag closes nothing".into()))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => return Err(located(offset as u64, "an end tag closes nothing".into())),
                }
            }
            Event::Text(t) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(c) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&c.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let name = r.into_inner().into_owned();
                let resolved = if let Some(n) = name.strip_prefix("#x") {
                    u32::from_str_radix(n, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .map(String::from)
                } else if let Some(n) = name.strip_prefix('#') {
                    n.parse::<u32>()
                        .ok()
                        .and_then(char::from_u32)
                        .map(String::from)
                } else {
                    resolve_predefined_entity(&name).map(String::from)
                };
                let resolved = resolved
                    .ok_or_else(|| located(offset as u64, format!("unknown entity &{name};")))?;
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        let open = stack.last().map_or(String::new(), |n| n.name.clone());
        return Err(located(
            text.len() as u64,
            format!("<{open}> is never closed"),
        ));
    }
    Ok(stack.pop().unwrap_or_default())
}

fn element(start: &BytesStart<'_>, offset: usize) -> Result<Node, String> {
    let name = start.name().as_ref().to_owned();
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        let key = attr.key.as_ref().to_owned();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Node {
        name,
        attrs,
        offset,
        ..Node::default()
    })
}

/// HTML as a learner would read it in a terminal: tags dropped, paragraphs and line breaks
/// kept as line breaks, the common entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_ascii_lowercase();
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        if matches!(name, "br" | "p" | "div" | "li" | "tr")
            && (tag.starts_with('/') || name == "br")
        {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Read a Moodle XML file into drafts. A document that is not XML is one located error;
/// question types kuis cannot hold are skipped with a note naming their line.
pub fn read(text: &str) -> Result<(Vec<Draft>, Vec<Note>), XmlError> {
    let root = dom(text)?;
    let quiz = root.child("quiz").ok_or(XmlError {
        line: 1,
        column: 1,
        message: "the document has no <quiz> element".into(),
    })?;
    let mut drafts = Vec::new();
    let mut notes = Vec::new();
    let mut category = None;
    // Lines indexed once: finding each question's line from the top was quadratic.
    let lines = crate::bank::diagnostic::Lines::new(text);
    let mut topic_id = None;
    for q in quiz.all("question") {
        let line = lines.line_col(q.offset).0;
        let kind = q.attr("type").unwrap_or("");
        let answers = || -> Vec<DraftAnswer> {
            q.all("answer")
                .map(|a| DraftAnswer {
                    text: a
                        .text_of("text")
                        .or_else(|| Some(a.text.trim().to_owned()))
                        .unwrap_or_default(),
                    fraction: a
                        .attr("fraction")
                        .and_then(|f| f.trim().parse().ok())
                        .unwrap_or(0.0),
                    feedback: a.text_of("feedback"),
                })
                .collect()
        };
        let body = match kind {
            "category" => {
                category = q.text_of("category");
                topic_id = q
                    .child("idnumber")
                    .map(|i| i.text.trim().to_owned())
                    .filter(|i| !i.is_empty());
                continue;
            }
            "multichoice" => {
                let single = q
                    .child("single")
                    .map(|s| s.text.trim().to_ascii_lowercase());
                Body::Choices {
                    answers: answers(),
                    multiple: single.map(|s| !(s == "true" || s == "1")),
                }
            }
            "truefalse" => {
                let answers = answers();
                let find =
                    |value: &str| answers.iter().find(|a| a.text.eq_ignore_ascii_case(value));
                let (Some(t), Some(f)) = (find("true"), find("false")) else {
                    notes.push(Note {
                        line,
                        what: NoteKind::Malformed(why(
                            "soal truefalse perlu jawaban \"true\" dan \"false\"",
                            "a truefalse question needs a \"true\" and a \"false\" answer",
                        )),
                    });
                    continue;
                };
                Body::TrueFalse {
                    answer: t.fraction > f.fraction,
                    why_true: t.feedback.clone(),
                    why_false: f.feedback.clone(),
                }
            }
            other => {
                notes.push(Note {
                    line,
                    what: NoteKind::Unsupported(other.to_owned()),
                });
                continue;
            }
        };
        let Some(prompt) = q.text_of("questiontext") else {
            notes.push(Note {
                line,
                what: NoteKind::Malformed(why(
                    "soal tanpa <questiontext>",
                    "the question has no <questiontext>",
                )),
            });
            continue;
        };
        drafts.push(Draft {
            line,
            id: q
                .child("idnumber")
                .map(|i| i.text.trim().to_owned())
                .filter(|i| !i.is_empty()),
            title: q.text_of("name"),
            category: category.clone(),
            topic_id: topic_id.clone(),
            prompt,
            explanation: q.text_of("generalfeedback"),
            body,
        });
    }
    Ok((drafts, notes))
}

/// The `kuis bank` header in a comment before `<quiz>`, if any.
pub fn header(text: &str) -> Option<Header> {
    let head = &text[..text.find("<quiz").unwrap_or(text.len())];
    head.split("<!--")
        .skip(1)
        .find_map(|c| Header::parse(c.split("-->").next()?))
}

/// Write a bank as Moodle XML in one language: a category per topic, `single="true"`
/// multichoice for single and weighted questions (weights as partial grades), multi-answer
/// multichoice for multiple ones, truefalse with feedback per answer.
pub fn write(bank: &Bank, lang: Lang) -> Result<(String, Vec<Note>), String> {
    let (code, notes) = export_language(bank, lang);
    let main = bank.bank.main_language();
    let t = |text: &crate::bank::Text| text.get(&code, main).to_owned();
    let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
    let io = |e: std::io::Error| e.to_string();
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(io)?;
    // A comment may not hold "--".
    let header = Header::of(bank, &code).line().replace("--", "- -");
    w.write_event(Event::Comment(BytesText::from_escaped(format!(
        " {header} "
    ))))
    .map_err(io)?;
    w.write_event(Event::Start(BytesStart::new("quiz")))
        .map_err(io)?;
    let text_element =
        |w: &mut Writer<Cursor<Vec<u8>>>, name: &str, text: &str| -> std::io::Result<()> {
            w.create_element(name)
                .with_attribute(("format", "plain_text"))
                .write_inner_content(|w| {
                    w.create_element("text")
                        .write_text_content(BytesText::new(text))?;
                    Ok(())
                })?;
            Ok(())
        };
    let mut topic = None;
    for q in &bank.questions {
        if topic != Some(q.topic.get_ref()) {
            topic = Some(q.topic.get_ref());
            let path = bank
                .topics
                .iter()
                .find(|t| t.id.get_ref() == q.topic.get_ref())
                .map_or_else(
                    || format!("{}/{}", super::DEFAULT_CATEGORY, q.topic.get_ref()),
                    |t| category_path(bank, t, &code),
                );
            w.create_element("question")
                .with_attribute(("type", "category"))
                .write_inner_content(|w| {
                    w.create_element("category").write_inner_content(|w| {
                        w.create_element("text")
                            .write_text_content(BytesText::new(&path))?;
                        Ok(())
                    })?;
                    w.create_element("idnumber")
                        .write_text_content(BytesText::new(q.topic.get_ref()))?;
                    Ok(())
                })
                .map_err(io)?;
        }
        let kind = *q.kind.get_ref();
        let moodle_type = if kind == Kind::TrueFalse {
            "truefalse"
        } else {
            "multichoice"
        };
        w.create_element("question")
            .with_attribute(("type", moodle_type))
            .write_inner_content(|w| {
                w.create_element("name").write_inner_content(|w| {
                    w.create_element("text").write_text_content(BytesText::new(
                        q.name.as_deref().unwrap_or(q.id.get_ref()),
                    ))?;
                    Ok(())
                })?;
                text_element(w, "questiontext", &t(q.prompt.get_ref()))?;
                if let Some(e) = &q.explanation {
                    text_element(w, "generalfeedback", &t(e.get_ref()))?;
                }
                w.create_element("defaultgrade")
                    .write_text_content(BytesText::new("1"))?;
                w.create_element("idnumber")
                    .write_text_content(BytesText::new(q.id.get_ref()))?;
                let answer = |w: &mut Writer<Cursor<Vec<u8>>>,
                              fraction: &str,
                              text: &str,
                              why: Option<String>|
                 -> std::io::Result<()> {
                    w.create_element("answer")
                        .with_attribute(("fraction", fraction))
                        .with_attribute(("format", "plain_text"))
                        .write_inner_content(|w| {
                            w.create_element("text")
                                .write_text_content(BytesText::new(text))?;
                            if let Some(why) = &why {
                                text_element(w, "feedback", why)?;
                            }
                            Ok(())
                        })?;
                    Ok(())
                };
                if kind == Kind::TrueFalse {
                    let right = q.answer.as_ref().is_some_and(|a| *a.get_ref());
                    let why = |x: &Option<toml::Spanned<crate::bank::Text>>| {
                        x.as_ref().map(|x| t(x.get_ref()))
                    };
                    answer(w, if right { "100" } else { "0" }, "true", why(&q.why_true))?;
                    answer(
                        w,
                        if right { "0" } else { "100" },
                        "false",
                        why(&q.why_false),
                    )?;
                } else {
                    let single = if kind == Kind::Multiple {
                        "false"
                    } else {
                        "true"
                    };
                    w.create_element("single")
                        .write_text_content(BytesText::new(single))?;
                    let shuffle = if q.shuffle { "true" } else { "false" };
                    w.create_element("shuffleanswers")
                        .write_text_content(BytesText::new(shuffle))?;
                    w.create_element("answernumbering")
                        .write_text_content(BytesText::new("abc"))?;
                    for (c, f) in q.choices.iter().zip(fractions(q)) {
                        answer(
                            w,
                            &moodle_grade(f),
                            &t(c.text.get_ref()),
                            c.why.as_ref().map(|x| t(x.get_ref())),
                        )?;
                    }
                }
                Ok(())
            })
            .map_err(io)?;
    }
    w.write_event(Event::End(quick_xml::events::BytesEnd::new("quiz")))
        .map_err(io)?;
    let mut bytes = w.into_inner().into_inner();
    bytes.push(b'\n');
    String::from_utf8(bytes)
        .map(|s| (s, notes))
        .map_err(|e| e.to_string())
}
