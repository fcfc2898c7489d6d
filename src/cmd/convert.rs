//! `kuis convert`: between kuis banks and GIFT, Aiken and Moodle XML.

use crate::bank::{Bank, Source};
use crate::cli::ConvertArgs;
use crate::convert::{self, Format, Note, aiken, gift, xml};
use crate::error::{Failure, Result};
use crate::i18n::{Lang, msg};

use super::{Ctx, checked, emit, parse_bank, read_source};

/// Convert; exit 1 when the input had malformed questions (the rest are converted).
pub fn run(args: &ConvertArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    let name = args.input.display().to_string();
    let out = output_path(args, lang)?;
    let source = read_source(&args.input, ctx)?;
    let from = args.from.or_else(|| Format::from_path(&args.input)).ok_or_else(|| {
        Failure::Usage(lang.pick(
            format!("format {name} tidak dapat ditebak dari namanya; pakai --from gift|aiken|xml|toml"),
            format!("cannot tell the format of {name} from its name; use --from gift|aiken|xml|toml"),
        ))
    })?;
    let stem = args.input.file_stem().map_or("imported".to_owned(), |s| {
        s.to_string_lossy().trim_end_matches(".aiken").to_owned()
    });
    let (bank, mut notes) = match from {
        Format::Toml => {
            let bank = parse_bank(&source, ctx)?;
            (bank, Vec::new())
        }
        Format::Gift => {
            let (drafts, notes) = gift::read(&source.text);
            headed(
                convert::build(drafts, &stem, &stem, lang),
                notes,
                gift::header(&source.text),
            )
        }
        Format::Aiken => {
            let (drafts, notes) = aiken::read(&source.text);
            with_notes(convert::build(drafts, &stem, &stem, lang), notes)
        }
        Format::Xml => {
            let (drafts, notes) = xml::read(&source.text).map_err(|e| {
                eprintln!(
                    "{}: {name}:{}:{}: {}",
                    lang.t(msg::ERROR),
                    e.line,
                    e.column,
                    e.message
                );
                Failure::Invalid
            })?;
            headed(
                convert::build(drafts, &stem, &stem, lang),
                notes,
                xml::header(&source.text),
            )
        }
    };
    // Nothing read is a wrong format (or a file converted onto itself), never a result.
    if from != Format::Toml && bank.questions.is_empty() {
        let from = format!("{from:?}").to_lowercase();
        eprintln!(
            "{}: {}",
            lang.t(msg::ERROR),
            lang.pick(
                format!("tidak ada soal yang terbaca dari {name}; apakah formatnya benar {from}? (pakai --from)"),
                format!("no question could be read from {name}; is it really {from}? (see --from)"),
            )
        );
        return Err(Failure::Invalid);
    }
    let output = match args.to {
        Format::Toml => crate::bank::write::to_toml(&bank),
        Format::Gift => keep(gift::write(&bank, lang), &mut notes),
        Format::Aiken => keep(aiken::write(&bank, lang), &mut notes),
        Format::Xml => keep(xml::write(&bank, lang).map_err(Failure::Io)?, &mut notes),
    };
    notes.sort_by_key(|n| n.line);
    for note in &notes {
        let level = if note.is_error() {
            msg::ERROR
        } else {
            msg::WARNING
        };
        let place = if note.line > 0 {
            format!("{name}:{}: ", note.line)
        } else {
            String::new()
        };
        eprintln!("{}: {place}{}", lang.t(level), note.message(lang));
    }
    emit(out.as_deref(), output.as_bytes())?;
    if args.to == Format::Toml && from != Format::Toml {
        verify(&output, out.as_deref(), lang, ctx)?;
    }
    if notes.iter().any(Note::is_error) {
        Err(Failure::Invalid)
    } else {
        Ok(())
    }
}

/// Where to write: `--out`, the input itself with `--in-place`, else stdout. An output that
/// is the input (same device and inode, whatever the path) is refused without `--in-place`:
/// converting a bank onto itself loses its comments, and a GIFT file turned into TOML under
/// the same name reads as an empty GIFT bank the next time.
fn output_path(args: &ConvertArgs, lang: Lang) -> Result<Option<std::path::PathBuf>> {
    let out = match (&args.out, args.in_place) {
        (None, true) => return Ok(Some(args.input.clone())),
        (out, _) => out.clone(),
    };
    let same = |out: &std::path::Path| {
        let id = |p: &std::path::Path| {
            std::fs::metadata(p)
                .ok()
                .map(|m| crate::files::identity(&m))
        };
        id(out).is_some() && id(out) == id(&args.input)
    };
    match out {
        Some(path) if !args.in_place && same(&path) => Err(Failure::Usage(lang.pick(
            format!(
                "{} adalah berkas masukan itu sendiri; pakai --in-place untuk menggantinya, atau -o berkas lain",
                path.display()
            ),
            format!(
                "{} is the input file itself; use --in-place to replace it, or -o another file",
                path.display()
            ),
        ))),
        out => Ok(out),
    }
}

fn with_notes((bank, mut built): (Bank, Vec<Note>), mut read: Vec<Note>) -> (Bank, Vec<Note>) {
    read.append(&mut built);
    (bank, read)
}

/// [`with_notes`], and the bank's id, version and title from the file's `kuis bank` header
/// when it has one (a file kuis wrote); else they come from the file name.
fn headed(
    built: (Bank, Vec<Note>),
    read: Vec<Note>,
    header: Option<convert::Header>,
) -> (Bank, Vec<Note>) {
    let (mut bank, notes) = with_notes(built, read);
    if let Some(header) = header {
        header.apply(&mut bank);
    }
    (bank, notes)
}

fn keep((text, mut more): (String, Vec<Note>), notes: &mut Vec<Note>) -> String {
    notes.append(&mut more);
    text
}

/// Check the bank just written: errors fail the conversion, warnings are only counted
/// (Moodle questions often lack explanations and per-answer feedback).
fn verify(text: &str, out: Option<&std::path::Path>, lang: Lang, ctx: &Ctx) -> Result {
    let name = out.map_or("<stdout>".to_owned(), |p| p.display().to_string());
    let source = Source::new(name, text);
    let (bank, diagnostics) = checked(&source, ctx)?;
    eprintln!(
        "{}",
        lang.pick(
            format!(
                "kuis convert: {} soal; kuis check: 0 kesalahan, {} peringatan",
                bank.questions.len(),
                diagnostics.len()
            ),
            format!(
                "kuis convert: {} question(s); kuis check: 0 errors, {} warning(s)",
                bank.questions.len(),
                diagnostics.len()
            ),
        )
    );
    Ok(())
}
