//! `kuis add`: run the wizard, show the new question, check the whole bank, and write it
//! atomically; an interrupted wizard leaves the file as it was.

use toml_edit::{ArrayOfTables, DocumentMut, Item};

use crate::bank::Source;
use crate::bank::write::{append, question_table, style_question};
use crate::cli::AddArgs;
use crate::error::{Failure, Result};
use crate::files::{describe, write_atomic};
use crate::ui::terminal::{self, Terminal};
use crate::ui::{Stop, wizard};

use super::{Ctx, checked, read_source};

/// Add one question.
pub fn run(args: &AddArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    let name = args.file.display().to_string();
    let source = read_source(&args.file, ctx)?;
    let (bank, _) = checked(&source, ctx).inspect_err(|_| {
        eprintln!(
            "{}",
            lang.pick(
                format!("Perbaiki {name} dahulu (kuis check {name})."),
                format!("Fix {name} first (kuis check {name})."),
            )
        );
    })?;
    if !terminal::available() {
        return Err(Failure::Usage(lang.pick(
            "kuis add perlu terminal untuk bertanya; untuk menulis bank tanpa wizard, lihat docs/bank-format.md".into(),
            "kuis add needs a terminal to ask its questions; to write a bank without the wizard, see docs/bank-format.md".into(),
        )));
    }
    terminal::catch_interrupts();
    let term = Terminal::new(ctx.color_err, lang);
    let stopped = |e: Stop| match e {
        Stop::Interrupted | Stop::TimeUp => {
            eprintln!(
                "{}",
                lang.pick(
                    format!("Dibatalkan; {name} tidak diubah."),
                    format!("Cancelled; {name} is unchanged.")
                )
            );
            Failure::Interrupted
        }
        Stop::Input(m) | Stop::Io(m) => Failure::Io(m),
    };
    let added = wizard::ask(&term, &bank, lang).map_err(stopped)?;
    let text = append(
        &source.text,
        &added.question,
        added.topic.as_ref(),
        added.rule.as_ref(),
    )
    .map_err(Failure::Io)?;

    // Show the question as it will stand in the file.
    let mut preview = DocumentMut::new();
    let mut table = question_table(&added.question);
    style_question(&mut table, true, bank.bank.languages.get_ref());
    let mut aot = ArrayOfTables::new();
    aot.push(table);
    preview.insert("question", Item::ArrayOfTables(aot));
    term.say(&format!("\n{preview}")).map_err(stopped)?;
    if !term
        .confirm(
            &lang.pick(format!("Simpan ke {name}?"), format!("Save to {name}?")),
            true,
        )
        .map_err(stopped)?
    {
        eprintln!(
            "{}",
            lang.pick(
                format!("Tidak disimpan; {name} tidak diubah."),
                format!("Not saved; {name} is unchanged.")
            )
        );
        return Ok(());
    }

    // The whole bank must still pass before anything is written.
    let new_source = Source::new(name.clone(), text);
    let (_, diagnostics) = checked(&new_source, ctx)?;
    write_atomic(&args.file, new_source.text.as_bytes())
        .map_err(|e| Failure::Io(format!("{name}: {}", describe(&e))))?;
    let warnings = diagnostics.len();
    eprintln!(
        "{}",
        lang.pick(
            format!(
                "Soal \"{}\" ditambahkan ke {name} ({warnings} peringatan; lihat kuis check).",
                added.question.id.get_ref()
            ),
            format!(
                "Question \"{}\" added to {name} ({warnings} warning(s); see kuis check).",
                added.question.id.get_ref()
            ),
        )
    );
    Ok(())
}
