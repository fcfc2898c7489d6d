//! CLI conventions: --help with examples, --version, completions, usage errors.

use super::kuis;

// Test that every command's help has an example (the list comes from the CLI itself, so a
// new command without examples fails here).
#[test]
fn help_has_examples() {
    use clap::CommandFactory;
    let command = kuis::cli::Cli::command();
    let mut names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .filter(|n| n != "help")
        .collect();
    assert!(names.len() >= 13, "{names:?}");
    names.push(String::new());
    for name in names {
        let mut cmd = kuis();
        if !name.is_empty() {
            cmd.arg(&name);
        }
        cmd.arg("--help")
            .assert()
            .success()
            .stdout(predicates::str::contains("Examples:"));
    }
}

// Test that --version prints the crate version.
#[test]
fn version() {
    kuis()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("kuis {}\n", env!("CARGO_PKG_VERSION")));
}

// Test that completions are generated for the three shells.
#[test]
fn completions() {
    for shell in ["bash", "zsh", "fish"] {
        kuis()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicates::str::contains("check"));
    }
}

// Test that an unknown flag is a usage error (exit 2) with clap's message on stderr.
#[test]
fn usage_error() {
    kuis()
        .arg("--nonsense")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--nonsense"));
}
