//! The scripted front end: answers from a file or stdin, one per line, feedback as plain text.
//! For automation, screen-reader users and tests.

use std::io::{BufRead, Read, Write};
use std::time::Duration;

use crate::bank::Kind;
use crate::bank::model::letter;
use crate::i18n::msg;
use crate::quiz::ResponseError;
use crate::quiz::session::validate;
use crate::quiz::{Label, Shown};

use super::render::View;
use super::{Frontend, Stop};

/// The longest answer line: a line of `a,b,c…` is a few bytes, a comment a sentence or two.
pub const MAX_LINE_BYTES: usize = 4096;
/// The most answer lines (comments included) read for one quiz, so `--answers /dev/zero`
/// or an endless stream of comments ends with a message instead of exhausting memory or time.
pub const MAX_LINES: usize = 100_000;

/// The position of the letter `q`: a line `q` stops the quiz when no option has that letter.
const Q: usize = 16;

/// Answers from `input`, transcript to `output`.
pub struct Scripted<R, W> {
    input: R,
    output: W,
    /// The line last read, for error messages.
    line: usize,
    /// What the answers came from, for error messages ("answers.txt", "stdin").
    name: String,
}

impl<R: BufRead, W: Write> Scripted<R, W> {
    /// A scripted front end reading answers named `name` from `input`.
    pub fn new(input: R, output: W, name: impl Into<String>) -> Self {
        Scripted {
            input,
            output,
            line: 0,
            name: name.into(),
        }
    }

    fn write(&mut self, text: &str) -> Result<(), Stop> {
        writeln!(self.output, "{text}").map_err(|e| match e.kind() {
            // Whoever read the transcript has gone: stop as if interrupted.
            std::io::ErrorKind::BrokenPipe => Stop::Interrupted,
            _ => Stop::Io(e.to_string()),
        })
    }

    /// The next answer line: `# …` comment lines are skipped so an answer key can carry
    /// notes; a blank line is returned (and refused by the parser), never skipped. The end
    /// of the answers stops the quiz as Esc does.
    fn next_line(&mut self, view: &View<'_>) -> Result<String, Stop> {
        loop {
            if self.line >= MAX_LINES {
                return Err(Stop::Input(view.lang.pick(
                    format!(
                        "{}:{}: terlalu banyak baris jawaban (paling banyak {MAX_LINES})",
                        self.name, self.line
                    ),
                    format!(
                        "{}:{}: too many answer lines (at most {MAX_LINES})",
                        self.name, self.line
                    ),
                )));
            }
            let mut buf = Vec::new();
            let read = (&mut self.input)
                .take(MAX_LINE_BYTES as u64 + 1)
                .read_until(b'\n', &mut buf)
                .map_err(|e| {
                    // A signal asked the quiz to stop while it waited for the next line.
                    if super::signals::is_stop(&e) {
                        Stop::Interrupted
                    } else {
                        Stop::Io(format!("{}: {}", self.name, crate::files::describe(&e)))
                    }
                })?;
            if buf.len() > MAX_LINE_BYTES {
                return Err(Stop::Input(view.lang.pick(
                    format!(
                        "{}:{}: baris ini lebih dari {MAX_LINE_BYTES} bita; satu jawaban per baris",
                        self.name,
                        self.line + 1
                    ),
                    format!(
                        "{}:{}: this line is longer than {MAX_LINE_BYTES} bytes; one answer per line",
                        self.name,
                        self.line + 1
                    ),
                )));
            }
            if read == 0 {
                // The answers ran out: the learner stopped here, as Esc stops at a terminal.
                // The attempt is kept, scored on the answers given, and marked incomplete.
                return Err(Stop::Interrupted);
            }
            self.line += 1;
            let text = String::from_utf8(buf).map_err(|_| {
                Stop::Input(view.lang.pick(
                    format!("{}:{}: baris ini bukan teks UTF-8", self.name, self.line),
                    format!("{}:{}: this line is not UTF-8 text", self.name, self.line),
                ))
            })?;
            // A BOM (Notepad's UTF-8) at the start is not part of the first answer.
            let text = if self.line == 1 {
                text.trim_start_matches('\u{feff}')
            } else {
                &text
            };
            let text = text.trim();
            if !text.starts_with('#') {
                return Ok(text.to_owned());
            }
        }
    }
}

/// Why an answer line cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    /// Nothing on the line.
    Empty,
    /// A token that is not a letter of an option.
    NotALetter(String),
    /// A letter past the last option.
    NoSuchOption(String),
    /// The same letter twice.
    Twice(String),
    /// No letter where the question needs one.
    NeedOne,
    /// Several letters where the question takes one.
    OnlyOne,
}

impl AnswerError {
    /// What is wrong, in `lang`.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        match self {
            AnswerError::Empty => lang.pick("baris kosong".into(), "the line is empty".into()),
            AnswerError::NotALetter(t) => lang.pick(
                format!("\"{t}\" bukan huruf pilihan"),
                format!("\"{t}\" is not an option letter"),
            ),
            AnswerError::NoSuchOption(t) => lang.pick(
                format!("tidak ada pilihan \"{t}\""),
                format!("there is no option \"{t}\""),
            ),
            AnswerError::Twice(t) => lang.pick(
                format!("pilihan \"{t}\" ditulis dua kali"),
                format!("option \"{t}\" is given twice"),
            ),
            AnswerError::NeedOne => lang.pick(
                "soal ini perlu satu jawaban".into(),
                "this question needs one answer".into(),
            ),
            AnswerError::OnlyOne => lang.pick(
                "soal ini hanya menerima satu jawaban".into(),
                "this question takes only one answer".into(),
            ),
        }
    }
}

/// Parse one answer line against the options shown: letters (`b`, `a,c`, `a c`), or for
/// true-false also `benar`/`salah`/`true`/`false`; `-` picks nothing (multiple only).
pub fn parse_answer(line: &str, shown: &Shown<'_>) -> Result<Vec<usize>, AnswerError> {
    let lower = line.trim().to_lowercase();
    if lower.is_empty() {
        return Err(AnswerError::Empty);
    }
    let kind = *shown.question.kind.get_ref();
    if kind == Kind::TrueFalse {
        let value = match lower.as_str() {
            "benar" | "true" | "t" | "ya" | "yes" | "y" => Some(true),
            "salah" | "false" | "f" | "tidak" | "no" | "n" => Some(false),
            _ => None,
        };
        if let Some(value) = value
            && let Some(p) = shown
                .options
                .iter()
                .position(|o| matches!(o.label, Label::Truth(v) if v == value))
        {
            return Ok(vec![p]);
        }
    }
    let mut picked = Vec::new();
    if lower != "-" {
        for token in lower
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|t| !t.is_empty())
        {
            match (0..shown.options.len().max(26)).find(|&i| letter(i) == token) {
                Some(p) => picked.push(p),
                None => return Err(AnswerError::NotALetter(token.to_owned())),
            }
        }
    }
    validate(kind, shown.options.len(), &picked).map_err(|e| match e {
        ResponseError::OutOfRange(p) => AnswerError::NoSuchOption(letter(p)),
        ResponseError::Duplicate(p) => AnswerError::Twice(letter(p)),
        ResponseError::TooMany => AnswerError::OnlyOne,
        ResponseError::Empty | ResponseError::Finished => AnswerError::NeedOne,
    })?;
    Ok(picked)
}

impl<R: BufRead, W: Write> Frontend for Scripted<R, W> {
    fn ask(
        &mut self,
        view: &View<'_>,
        shown: &Shown<'_>,
        remaining: Option<Duration>,
    ) -> Result<Vec<usize>, Stop> {
        if super::signals::caught().is_some() {
            return Err(Stop::Interrupted);
        }
        let header = view.header(shown, remaining.map(|r| r.as_secs()));
        let mut screen = format!("\n{header}\n{}\n", view.prompt(shown));
        // Said in words, so a screen-reader user knows several letters may be given.
        if *shown.question.kind.get_ref() == Kind::Multiple {
            screen += &format!("{}\n", view.lang.t(msg::SEVERAL));
        }
        for (i, opt) in shown.options.iter().enumerate() {
            screen += &format!("  {}\n", view.option(i, opt));
        }
        self.write(screen.trim_end())?;
        let line = self.next_line(view)?;
        // `q` stops the quiz, as Esc does at a terminal, unless this question has so many
        // options (17 or more) that `q` is one of their letters.
        if line.eq_ignore_ascii_case("q") && shown.options.len() <= Q {
            return Err(Stop::Interrupted);
        }
        let picked = parse_answer(&line, shown).map_err(|e| {
            let why = e.message(view.lang);
            Stop::Input(view.lang.pick(
                format!(
                    "{}:{}: jawaban \"{line}\" untuk soal {} tidak dapat dipakai: {why}",
                    self.name, self.line, shown.number
                ),
                format!(
                    "{}:{}: the answer \"{line}\" to question {} cannot be used: {why}",
                    self.name, self.line, shown.number
                ),
            ))
        })?;
        let letters: Vec<String> = picked.iter().map(|&p| letter(p)).collect();
        self.write(&format!(
            "> {}",
            if letters.is_empty() {
                "-".into()
            } else {
                letters.join(",")
            }
        ))?;
        Ok(picked)
    }

    fn show(&mut self, text: &str) -> Result<(), Stop> {
        self.write(text)
    }

    fn pause(&mut self, _view: &View<'_>, _remaining: Option<Duration>) -> Result<(), Stop> {
        Ok(())
    }
}
