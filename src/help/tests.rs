//! Tests of the help catalogue and of clap's errors in kuis's words.

use super::*;

/// Every (command key, argument id) of the command tree.
fn walk(cmd: &Command, key: &str, out: &mut Vec<(String, String)>) {
    for arg in cmd.get_arguments() {
        out.push((key.to_owned(), arg.get_id().as_str().to_owned()));
    }
    for sub in cmd.get_subcommands() {
        walk(sub, sub.get_name(), out);
    }
}

// Test that every command has a summary and examples, and every argument a help text, in both
// languages: a flag added to cli.rs without its catalogue line fails here.
#[test]
fn every_command_and_argument_has_both_languages() {
    let mut missing = Vec::new();
    let root = Cli::command();
    // Every command at every depth (`store copy` is `copy`).
    let mut commands = vec!["kuis".to_owned()];
    let mut stack: Vec<&Command> = root.get_subcommands().collect();
    while let Some(sub) = stack.pop() {
        commands.push(sub.get_name().to_owned());
        stack.extend(sub.get_subcommands());
    }
    for lang in [Lang::Id, Lang::En] {
        for c in &commands {
            for key in [c.clone(), format!("{c}+")] {
                if text(&key, lang).is_none_or(str::is_empty) {
                    missing.push(format!("{lang}: {key}"));
                }
            }
        }
        let mut args = Vec::new();
        walk(&root, "kuis", &mut args);
        for (cmd, arg) in args {
            if arg_text(&cmd, &arg, lang).is_none_or(str::is_empty) {
                missing.push(format!("{lang}: {cmd}.{arg}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "add these to src/help/catalogue.rs: {missing:#?}"
    );
}

// Test that the localized command tree is still a valid clap definition in both languages.
#[test]
fn localized_tree_is_valid() {
    command(Lang::Id).debug_assert();
    command(Lang::En).debug_assert();
}

// Test that a typo of a command is suggested, and nonsense is not.
#[test]
fn suggestions() {
    let names = ["take", "check", "list"];
    assert_eq!(suggest("chek", &names), Some("check"));
    assert_eq!(suggest("lsit", &names), Some("list"));
    assert_eq!(suggest("zzzz", &names), None);
}

// Test that `--lang` is found before parsing, wherever it stands.
#[test]
fn early_language() {
    let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
    assert_eq!(
        early_lang(&args(&["kuis", "check", "--lang", "en"])),
        Lang::En
    );
    assert_eq!(early_lang(&args(&["kuis", "--lang=en", "x"])), Lang::En);
}
