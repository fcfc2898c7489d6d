//! `kuis new`: a commented template bank that passes `kuis check --strict` as written.

use crate::cli::NewArgs;
use crate::error::{Failure, Result};
use crate::files::{describe, write_atomic};

use super::Ctx;
use crate::i18n::Lang;

/// The template: both languages, a rule, a topic, one question of each kind, and comments
/// that say what each field is for, each as "Indonesian / English".
pub const TEMPLATE: &str = include_str!("../../docs/template.toml");

/// The template with its comments in `lang` only: the file a trainer gets speaks one language.
pub fn template(lang: Lang) -> String {
    TEMPLATE
        .lines()
        .map(
            |line| match line.strip_prefix("# ").and_then(|c| c.split_once(" / ")) {
                Some((id, en)) => {
                    // `# kind = "single": …` keeps its key before the sentence in both languages.
                    let key = id.split_once(": ").filter(|(k, _)| k.contains(" = "));
                    match (lang, key) {
                        (Lang::Id, _) => format!("# {id}"),
                        (Lang::En, Some((k, _))) => format!("# {k}: {en}"),
                        (Lang::En, None) => format!("# {en}"),
                    }
                }
                None => line.to_owned(),
            },
        )
        .fold(String::new(), |out, line| out + &line + "\n")
}

/// Write the template; refuse to overwrite without --force.
pub fn run(args: &NewArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    if args.file.exists() && !args.force {
        return Err(Failure::Usage(lang.pick(
            format!(
                "{} sudah ada; pakai --force untuk menimpanya",
                args.file.display()
            ),
            format!(
                "{} already exists; use --force to overwrite it",
                args.file.display()
            ),
        )));
    }
    write_atomic(&args.file, template(lang).as_bytes())
        .map_err(|e| Failure::Io(format!("{}: {}", args.file.display(), describe(&e))))?;
    eprintln!(
        "{}",
        lang.pick(
            format!(
                "Bank baru: {}. Ubah isinya, lalu periksa dengan: kuis check {}",
                args.file.display(),
                args.file.display()
            ),
            format!(
                "New bank: {}. Edit it, then check it with: kuis check {}",
                args.file.display(),
                args.file.display()
            ),
        )
    );
    Ok(())
}
