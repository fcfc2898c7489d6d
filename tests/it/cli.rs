//! CLI conventions: --help with examples, --version, completions, usage errors.

use super::kuis;

// Test that every command's help has an example.
#[test]
fn help_has_examples() {
    for cmd in [
        vec![],
        vec!["take"],
        vec!["check"],
        vec!["list"],
        vec!["completions"],
    ] {
        kuis()
            .args(&cmd)
            .arg("--help")
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
