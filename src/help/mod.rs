//! The command line in the UI language: `--help` built at run time from the catalogue, and
//! clap's argument errors said again in kuis's words. clap cannot translate itself, so the
//! derive in `cli.rs` stays the one definition of commands and flags, and this module only
//! swaps their texts.

pub mod catalogue;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::Path;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use crate::cli::Cli;
use crate::i18n::Lang;

/// The catalogue's text for `key` in `lang`.
fn text(key: &str, lang: Lang) -> Option<&'static str> {
    catalogue::HELP
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, id, en)| lang.pick(*id, *en))
}

/// The help of argument `arg` of command `cmd`: its own entry, else the shared one.
pub fn arg_text(cmd: &str, arg: &str, lang: Lang) -> Option<&'static str> {
    text(&format!("{cmd}.{arg}"), lang).or_else(|| text(arg, lang))
}

/// Placeholders in usage lines, in Indonesian.
const VALUE_NAMES: &[(&str, &str)] = &[
    ("PATHS", "BERKAS"),
    ("FILE", "BERKAS"),
    ("FILES", "BERKAS"),
    ("INPUT", "BERKAS"),
    ("PATH", "PATH"),
    ("COUNT", "JUMLAH"),
    ("SEED", "BENIH"),
    ("MIN", "MENIT"),
    ("TIME", "WAKTU"),
    ("SECS", "DETIK"),
    ("ZONE", "ZONA"),
    ("WHEN", "WAKTU"),
    ("NAME", "NAMA"),
    ("LANG", "BAHASA"),
    ("COLOR", "WARNA"),
    ("LEVEL", "TINGKAT"),
    ("TO", "FORMAT"),
    ("FROM", "FORMAT"),
    ("CODE", "KODE"),
    ("CODE|FILE", "KODE|BERKAS"),
    ("KEY|FILE", "KUNCI|BERKAS"),
    ("FILE|DIR", "BERKAS|FOLDER"),
    ("ATTEMPT_ID", "ID_PERCOBAAN"),
];

/// A placeholder in `lang`, when it has a translation.
fn value_name(name: &str, lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::En => None,
        Lang::Id => VALUE_NAMES
            .iter()
            .find(|(en, _)| *en == name)
            .map(|(_, id)| *id),
    }
}

/// The command tree with every text in `lang`.
pub fn command(lang: Lang) -> Command {
    let root = Cli::command()
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version),
        );
    localize(root, "kuis", lang)
}

fn localize(mut cmd: Command, key: &str, lang: Lang) -> Command {
    if let Some(about) = text(key, lang) {
        let short = about.split("\n\n").next().unwrap_or(about);
        cmd = cmd.about(short).long_about(about);
    }
    if let Some(examples) = text(&format!("{key}+"), lang) {
        cmd = cmd.after_help(examples).after_long_help(examples);
    }
    cmd = cmd
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .global(true),
        )
        .subcommand_value_name(lang.pick("PERINTAH", "COMMAND"))
        .subcommand_help_heading(lang.pick("Perintah", "Commands"));
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().as_str().to_owned())
        .collect();
    for id in ids {
        let help = arg_text(key, &id, lang);
        cmd = cmd.mut_arg(&id, |mut arg| {
            if let Some(help) = help {
                arg = arg.help(help).long_help(None::<&str>);
            }
            let names: Option<Vec<clap::builder::Str>> = arg.get_value_names().map(|n| {
                n.iter()
                    .map(|v| value_name(v.as_str(), lang).map_or(v.clone(), Into::into))
                    .collect()
            });
            if let Some(names) = names {
                arg = arg.value_names(names);
            } else if arg.get_action().takes_values()
                && let Some(name) = value_name(&id.to_ascii_uppercase(), lang)
            {
                arg = arg.value_name(name);
            }
            let heading = if arg.is_positional() {
                lang.pick("Argumen", "Arguments")
            } else {
                lang.pick("Opsi", "Options")
            };
            if arg.get_action().takes_values() {
                arg = arg.hide_possible_values(true).hide_default_value(true);
            }
            arg.hide_env(true).help_heading(heading)
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, |sub| localize(sub, &name, lang));
    }
    cmd
}

/// The language before the arguments are parsed: `--lang` wherever it is, else the
/// environment. A bad `--lang` value falls back here and clap reports it.
pub fn early_lang(args: &[OsString]) -> Lang {
    let mut flag = None;
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = it.next() {
        if arg == "--" {
            break;
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            flag = Lang::from_code(value);
        } else if arg == "--lang" {
            flag = it.next().and_then(|v| Lang::from_code(&v));
        }
    }
    Lang::choose(flag, |k| std::env::var(k).ok())
}

/// What parsing the command line ended in, when it did not give a command to run.
pub struct Exit {
    /// The process exit code: 0 after help or the version, 2 for a usage error.
    pub code: i32,
    /// What to print.
    pub text: String,
    /// On stdout (help, version) or stderr (errors).
    pub stdout: bool,
}

/// Parse the command line in `lang`: the parsed command, or what to print and the exit code.
pub fn parse(args: Vec<OsString>, lang: Lang) -> Result<Cli, Exit> {
    // kuis's own value parsers (`--count`, `--time-limit`) speak the language chosen so far.
    crate::i18n::set_current(lang);
    let mut cmd = command(lang);
    let args = help_subcommand(args, &cmd);
    let named = command_named(&args, &cmd);
    let matches = match cmd.try_get_matches_from_mut(args) {
        Ok(m) => m,
        Err(e) => return Err(exit(&e, lang, &named)),
    };
    let cli = Cli::from_arg_matches(&matches).map_err(|e| exit(&e, lang, &named))?;
    misspelt_command(&cli, &cmd, lang)?;
    Ok(cli)
}

/// `kuis help [COMMAND]` as `kuis [COMMAND] --help`. In `kuis help nosuch` the word `help`
/// is dropped and `nosuch` then fails as an unknown command (exit 2), with a suggestion.
fn help_subcommand(mut args: Vec<OsString>, cmd: &Command) -> Vec<OsString> {
    // `--lang en help`: a word that is an option's value is not the command.
    let first = (1..args.len()).find(|&i| {
        !args[i].to_string_lossy().starts_with('-')
            && (i == 1 || !takes_value(cmd, &args[i - 1].to_string_lossy()))
    });
    if let Some(i) = first
        && args[i] == "help"
    {
        let known = args.get(i + 1).is_none_or(|next| {
            let next = next.to_string_lossy();
            next.starts_with('-') || cmd.get_subcommands().any(|s| s.get_name() == next)
        });
        args.remove(i);
        if known {
            args.push("--help".into());
        }
    }
    args
}

/// Without a command, kuis takes a quiz from the paths given; a word that is neither an
/// existing path nor a `.toml` file name is a mistyped command, not a bank.
fn misspelt_command(cli: &Cli, cmd: &Command, lang: Lang) -> Result<(), Exit> {
    if cli.command.is_some() {
        return Ok(());
    }
    // A word with a slash is a path that does not exist: loading it says so.
    let Some(word) = cli
        .take
        .paths
        .iter()
        .find(|p| !is_bank_path(p) && p.components().count() == 1)
    else {
        return Ok(());
    };
    let word = word.to_string_lossy();
    let names: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
    let suggestion = suggest(&word, &names);
    let mut out = lang.pick(
        format!("kesalahan: perintah tidak dikenal `{word}`"),
        format!("error: unknown command `{word}`"),
    );
    match suggestion {
        Some(s) => {
            let _ = write!(out, "; {} `{s}`?", lang.pick("maksud Anda", "did you mean"));
        }
        None => {
            let _ = write!(
                out,
                "\n\n{}",
                lang.pick(
                    format!(
                        "Perintah: {}. Bank ditulis sebagai berkas .toml atau folder yang ada.",
                        names.join(", ")
                    ),
                    format!(
                        "Commands: {}. A bank is a .toml file or an existing folder.",
                        names.join(", ")
                    ),
                )
            );
        }
    }
    out.push('\n');
    out.push_str(&try_help(lang, "kuis"));
    Err(Exit {
        code: 2,
        text: out,
        stdout: false,
    })
}

/// The closest of `candidates` to `word`, when it is close enough to be a typo.
fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro(word, c), *c))
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Where to read more: the help of `command` (`kuis`, `kuis take`, `kuis store copy`).
fn try_help(lang: Lang, command: &str) -> String {
    lang.pick(
        format!("\nUntuk bantuan, coba `{command} --help`.\n"),
        format!("\nFor more information, try `{command} --help`.\n"),
    )
}

/// Whether `flag` is an option of `cmd` that takes a value (`--lang` in `--lang en`).
fn takes_value(cmd: &Command, flag: &str) -> bool {
    cmd.get_arguments().any(|a| {
        a.get_action().takes_values()
            && (a
                .get_long()
                .is_some_and(|l| flag.strip_prefix("--") == Some(l))
                || a.get_short().is_some_and(|c| flag == format!("-{c}")))
    })
}

/// The command the arguments name: `kuis` and its subcommands as given (`kuis store copy`),
/// so an argument error points at the help that lists that command's options.
fn command_named(args: &[OsString], cmd: &Command) -> String {
    let mut named = String::from("kuis");
    let mut at = cmd;
    for (i, arg) in args.iter().enumerate().skip(1) {
        let arg = arg.to_string_lossy();
        if arg.starts_with('-') || takes_value(at, &args[i - 1].to_string_lossy()) {
            continue;
        }
        match at.get_subcommands().find(|s| s.get_name() == arg) {
            Some(sub) => {
                named = format!("{named} {arg}");
                at = sub;
            }
            None => break,
        }
    }
    named
}

/// Replace clap's layout words in rendered help (Indonesian only; English is clap's own).
fn layout(text: String, lang: Lang) -> String {
    match lang {
        Lang::En => text,
        Lang::Id => catalogue::LAYOUT
            .iter()
            .fold(text, |t, (en, id)| t.replace(en, id)),
    }
}

fn string(value: Option<&ContextValue>) -> Option<String> {
    match value? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// clap's error, in kuis's words and the UI language.
fn exit(e: &clap::Error, lang: Lang, command: &str) -> Exit {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            return Exit {
                code: 0,
                text: layout(e.render().to_string(), lang),
                stdout: true,
            };
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return Exit {
                code: 2,
                text: layout(e.render().to_string(), lang),
                stdout: false,
            };
        }
        _ => {}
    }
    let get = |k: ContextKind| string(e.get(k));
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let mut out = String::new();
    let headline = match e.kind() {
        ErrorKind::UnknownArgument => lang.pick(
            format!("argumen `{arg}` tidak dikenal"),
            format!("unexpected argument `{arg}`"),
        ),
        ErrorKind::InvalidValue if value.is_empty() => lang.pick(
            format!("`{arg}` perlu nilai"),
            format!("`{arg}` needs a value"),
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => lang.pick(
            format!("nilai `{value}` tidak valid untuk `{arg}`"),
            format!("invalid value `{value}` for `{arg}`"),
        ),
        ErrorKind::InvalidSubcommand => {
            let sub = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            lang.pick(
                format!("perintah tidak dikenal `{sub}`"),
                format!("unknown command `{sub}`"),
            )
        }
        ErrorKind::ArgumentConflict => {
            let prior = get(ContextKind::PriorArg).unwrap_or_default();
            if prior == arg || prior.is_empty() {
                lang.pick(
                    format!("`{arg}` hanya boleh diberikan sekali"),
                    format!("`{arg}` can be given only once"),
                )
            } else {
                lang.pick(
                    format!("`{arg}` tidak dapat dipakai bersama `{prior}`"),
                    format!("`{arg}` cannot be used with `{prior}`"),
                )
            }
        }
        ErrorKind::MissingRequiredArgument => lang.pick(
            format!("argumen wajib belum diberikan: {arg}"),
            format!("a required argument is missing: {arg}"),
        ),
        ErrorKind::MissingSubcommand => lang.pick(
            "perintah belum diberikan".to_owned(),
            "a command is missing".to_owned(),
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => lang
            .pick(
                format!("jumlah nilai untuk `{arg}` tidak tepat"),
                format!("wrong number of values for `{arg}`"),
            ),
        ErrorKind::NoEquals => lang.pick(
            format!("`{arg}` perlu tanda `=` sebelum nilainya"),
            format!("`{arg}` needs `=` before its value"),
        ),
        ErrorKind::InvalidUtf8 => lang.pick(
            "argumen bukan teks UTF-8".to_owned(),
            "an argument is not UTF-8 text".to_owned(),
        ),
        _ => lang.pick(
            "argumen tidak valid".to_owned(),
            "invalid arguments".to_owned(),
        ),
    };
    let _ = write!(out, "{}: {headline}", lang.pick("kesalahan", "error"));
    if e.kind() == ErrorKind::ValueValidation
        && let Some(source) = std::error::Error::source(e)
    {
        // Rust's number parsers speak English; kuis's own parsers speak for themselves.
        if source.is::<std::num::ParseIntError>() {
            let _ = write!(
                out,
                "{}",
                lang.pick(
                    "; harus bilangan bulat tak negatif",
                    "; it must be a whole number, 0 or more"
                )
            );
        } else {
            let _ = write!(out, ": {source}");
        }
    }
    if let Some(valid) = get(ContextKind::ValidValue) {
        let _ = write!(
            out,
            "\n  [{}: {valid}]",
            lang.pick("pilihan", "possible values")
        );
    }
    let suggested = get(ContextKind::SuggestedArg)
        .or_else(|| get(ContextKind::SuggestedSubcommand))
        .or_else(|| get(ContextKind::SuggestedValue));
    if let Some(s) = suggested {
        let _ = write!(
            out,
            "\n\n  {}: `{s}`?",
            lang.pick("maksud Anda", "did you mean")
        );
    }
    if let Some(usage) = get(ContextKind::Usage) {
        let _ = write!(out, "\n\n{}", layout(usage, lang));
    }
    out.push('\n');
    out.push_str(&try_help(lang, command));
    Exit {
        code: 2,
        text: out,
        stdout: false,
    }
}

/// Whether a word on the command line names a bank (an existing path or a `.toml` file).
pub fn is_bank_path(path: &Path) -> bool {
    path.exists() || path.extension().is_some_and(|e| e == "toml")
}

#[cfg(test)]
mod tests;
