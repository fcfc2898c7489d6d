//! Aiken: one question per block, options `A)` or `A.`, then `ANSWER: X`. Single-answer
//! questions only, as Moodle's importer reads them.

use super::{Body, Draft, DraftAnswer, Note, NoteKind, Why, export_language, why};
use crate::bank::{Bank, Kind};
use crate::i18n::Lang;

/// `A) text` or `A. text`: the letter and the text.
fn option(line: &str) -> Option<(char, &str)> {
    let mut chars = line.chars();
    let letter = chars.next()?;
    let sep = chars.next()?;
    (letter.is_ascii_uppercase() && matches!(sep, ')' | '.')).then(|| (letter, line[2..].trim()))
}

/// Read an Aiken file: every well-formed question becomes a draft; each malformed one a note
/// naming its line (too few options, an option before any question, no `ANSWER:`).
pub fn read(text: &str) -> (Vec<Draft>, Vec<Note>) {
    let mut drafts = Vec::new();
    let mut notes = Vec::new();
    let mut prompt: Option<(usize, String)> = None;
    let mut options: Vec<(char, String)> = Vec::new();
    // After an option with no question, everything up to the next ANSWER line belongs to
    // that broken question: one note for it, not one per line.
    let mut skipping = false;
    let no_answer_line = || {
        why(
            "soal tanpa baris `ANSWER:`",
            "the question has no ANSWER: line",
        )
    };
    let malformed = |line: usize, why: Why| Note {
        line,
        what: NoteKind::Malformed(why),
    };
    let text = text.trim_start_matches('\u{feff}');
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let number = n + 1;
        if line.is_empty() {
            continue;
        }
        if let Some(answer) = line.strip_prefix("ANSWER:") {
            if std::mem::take(&mut skipping) {
                continue;
            }
            let answer = answer.trim();
            match prompt.take() {
                None => notes.push(malformed(
                    number,
                    why(
                        "`ANSWER:` tanpa soal sebelumnya",
                        "ANSWER: with no question before it",
                    ),
                )),
                Some((start, _)) if options.len() < 2 => {
                    notes.push(malformed(
                        start,
                        why(
                            "soal perlu paling sedikit dua pilihan",
                            "a question needs at least two options",
                        ),
                    ));
                }
                Some((start, question)) => {
                    let letter = answer
                        .chars()
                        .next()
                        .filter(|_| answer.chars().count() == 1);
                    match letter.filter(|l| options.iter().any(|(o, _)| o == l)) {
                        None => notes.push(malformed(
                            number,
                            why(
                                format!("\"{answer}\" bukan salah satu huruf pilihan"),
                                format!("\"{answer}\" is not one of the option letters"),
                            ),
                        )),
                        Some(letter) => drafts.push(Draft {
                            line: start,
                            id: None,
                            title: None,
                            category: None,
                            topic_id: None,
                            prompt: question,
                            explanation: None,
                            body: Body::Choices {
                                answers: options
                                    .iter()
                                    .map(|(l, t)| DraftAnswer {
                                        text: t.clone(),
                                        fraction: if *l == letter { 100.0 } else { 0.0 },
                                        feedback: None,
                                    })
                                    .collect(),
                                multiple: Some(false),
                            },
                        }),
                    }
                }
            }
            options.clear();
            continue;
        }
        if let Some((letter, text)) = option(line) {
            if prompt.is_none() {
                if !skipping {
                    notes.push(malformed(
                        number,
                        why("pilihan sebelum ada soal", "an option before any question"),
                    ));
                }
                skipping = true;
                continue;
            }
            options.push((letter, text.to_owned()));
            continue;
        }
        if !options.is_empty() {
            // A new question while the last one had options but no ANSWER line.
            if let Some((start, _)) = prompt.take() {
                notes.push(malformed(start, no_answer_line()));
            }
            options.clear();
        }
        match &mut prompt {
            Some((_, text)) => {
                text.push(' ');
                text.push_str(line);
            }
            None => prompt = Some((number, line.to_owned())),
        }
    }
    if let Some((start, _)) = prompt {
        notes.push(malformed(start, no_answer_line()));
    }
    (drafts, notes)
}

/// Write the bank's single-answer and true/false questions as Aiken; the other kinds cannot
/// be said in Aiken and are left out with a note each.
pub fn write(bank: &Bank, lang: Lang) -> (String, Vec<Note>) {
    let (code, mut notes) = export_language(bank, lang);
    let main = bank.bank.main_language();
    let one_line = |t: &crate::bank::Text| {
        t.get(&code, main)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = String::new();
    for q in &bank.questions {
        let letters = [
            'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q',
            'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z',
        ];
        match q.kind.get_ref() {
            Kind::Single if q.choices.len() <= letters.len() => {
                out += &one_line(q.prompt.get_ref());
                out.push('\n');
                let mut right = 'A';
                for (i, c) in q.choices.iter().enumerate() {
                    out += &format!("{}) {}\n", letters[i], one_line(c.text.get_ref()));
                    if q.is_correct(i) {
                        right = letters[i];
                    }
                }
                out += &format!("ANSWER: {right}\n\n");
            }
            Kind::TrueFalse => {
                let answer = q.answer.as_ref().is_some_and(|a| *a.get_ref());
                out += &format!(
                    "{}\nA) {}\nB) {}\nANSWER: {}\n\n",
                    one_line(q.prompt.get_ref()),
                    lang.t(crate::i18n::msg::TRUE),
                    lang.t(crate::i18n::msg::FALSE),
                    if answer { 'A' } else { 'B' }
                );
            }
            kind => notes.push(Note {
                line: 0,
                what: NoteKind::NotExported {
                    id: q.id.get_ref().clone(),
                    kind: *kind,
                },
            }),
        }
    }
    (out, notes)
}
