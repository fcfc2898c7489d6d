//! CLI conventions: --help with examples, --version, completions, usage errors.

use predicates::prelude::*;

use super::kuis;

/// Every command's name, and "" for `kuis` itself (from the CLI, so a new command is included).
fn commands() -> Vec<String> {
    use clap::CommandFactory;
    let command = kuis::cli::Cli::command();
    let mut names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    assert!(names.len() >= 13, "{names:?}");
    names.push(String::new());
    names
}

fn help(name: &str, lang: &str) -> String {
    let mut cmd = kuis();
    if !name.is_empty() {
        cmd.arg(name);
    }
    let out = cmd.args(["--lang", lang, "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "kuis {name} --help");
    String::from_utf8(out.stdout).unwrap()
}

// Test that every command's help has examples and its layout in the UI language: Indonesian
// headings and placeholders by default, English with --lang en.
#[test]
fn help_in_both_languages() {
    for name in commands() {
        let id = help(&name, "id");
        for word in ["Contoh:", "Penggunaan:", "Opsi:", "Tampilkan bantuan"] {
            assert!(
                id.contains(word),
                "kuis {name} --help lacks {word:?}:\n{id}"
            );
        }
        for english in [
            "Usage:",
            "Options:",
            "Examples:",
            "Print help",
            "[default:",
            "[OPTIONS]",
        ] {
            assert!(
                !id.contains(english),
                "kuis {name} --help has {english:?}:\n{id}"
            );
        }
        let en = help(&name, "en");
        for word in ["Examples:", "Usage:", "Options:"] {
            assert!(
                en.contains(word),
                "kuis --lang en {name} --help lacks {word:?}:\n{en}"
            );
        }
        assert_ne!(id, en);
    }
    // KUIS_LANG chooses too, and `kuis help CMD` is `kuis CMD --help`.
    kuis()
        .env("KUIS_LANG", "en")
        .args(["help", "check"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Check banks for errors"));
}

// Test that argument errors are said in the UI language, keep clap's suggestion, and exit 2.
#[test]
fn argument_errors_in_both_languages() {
    kuis().args(["--cont", "3"]).assert().code(2).stderr(
        predicates::str::contains("kesalahan: argumen `--cont` tidak dikenal")
            .and(predicates::str::contains("maksud Anda: `--count`?"))
            .and(predicates::str::contains("Penggunaan:")),
    );
    kuis()
        .args(["--lang", "en", "take", "--cont", "3"])
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("error: unexpected argument `--cont`")
                .and(predicates::str::contains("did you mean: `--count`?"))
                // The help of the command at hand, not kuis's.
                .and(predicates::str::contains("try `kuis take --help`")),
        );
    kuis()
        .args(["take", "--mode", "exm"])
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("nilai `exm` tidak valid untuk `--mode <MODE>`")
                .and(predicates::str::contains("coba `kuis take --help`"))
                .and(predicates::str::contains("[pilihan: practice, exam]")),
        );
    kuis()
        .args(["take", "--count", "lima"])
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("nilai `lima` tidak valid untuk `--count").and(
                predicates::str::contains("tulis jumlah soal, atau semua (all)"),
            ),
        );
    kuis()
        .args(["take", "--seed", "lima"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "harus bilangan bulat tak negatif",
        ));
    kuis()
        .args(["take", "--anonymous", "--name", "A"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("tidak dapat dipakai bersama"));
    kuis().arg("import").assert().code(2).stderr(
        predicates::str::contains("argumen wajib belum diberikan")
            .and(predicates::str::contains("coba `kuis import --help`")),
    );
}

// Test that a misspelt command is an error with a suggestion, not a missing bank file, and
// that only an existing path or a .toml name is taken as a bank for the implied `take`.
#[test]
fn misspelt_command() {
    kuis()
        .args(["chek", "my.toml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "perintah tidak dikenal `chek`; maksud Anda `check`?",
        ));
    kuis()
        .args(["--lang", "en", "lsit"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "unknown command `lsit`; did you mean `list`?",
        ));
    // A .toml name that does not exist is a bank that cannot be read (exit 3), not a command.
    kuis()
        .arg("nowhere.toml")
        .assert()
        .code(3)
        .stderr(predicates::str::contains("E001"));
}

// Test that `kuis help COMMAND` is that command's help, also after an option with a value,
// and that `kuis help nosuch` is an unknown command (exit 2) rather than the general help.
#[test]
fn help_subcommand() {
    kuis()
        .args(["--lang", "en", "help", "check"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Usage: kuis check"));
    kuis()
        .args(["help", "chek"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "perintah tidak dikenal `chek`; maksud Anda `check`?",
        ));
}

// Test that `list` and `check` without a path use ./quizzes when it exists, else the
// built-in bank.
#[test]
fn list_and_check_without_a_path() {
    let empty = tempfile::tempdir().unwrap();
    kuis()
        .current_dir(empty.path())
        .arg("check")
        .assert()
        .success()
        .stderr(predicates::str::contains("kuis check: 1 berkas, "));
    kuis()
        .current_dir(empty.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicates::str::contains("netralitas-asn"));
    let with = tempfile::tempdir().unwrap();
    std::fs::create_dir(with.path().join("quizzes")).unwrap();
    std::fs::copy(
        super::project("tests/fixtures/good/mini.toml"),
        with.path().join("quizzes/mini.toml"),
    )
    .unwrap();
    kuis()
        .current_dir(with.path())
        .arg("check")
        .assert()
        .success()
        .stderr(
            predicates::str::contains("quizzes/mini.toml")
                .not()
                .and(predicates::str::contains("kuis check: 1 berkas, 4 soal")),
        );
}

// Test every exit code of the README's table, one case each: 0 success, 1 invalid input,
// 2 usage error, 3 I/O failure, 130 interrupted (the reader of the quiz's output left).
#[test]
fn exit_codes() {
    use std::io::Write;
    use std::process::Stdio;
    kuis()
        .args(["check", "tests/fixtures/good/mini.toml"])
        .assert()
        .code(0);
    kuis()
        .args(["check", "tests/fixtures/bad/41-five-structural-errors.toml"])
        .assert()
        .code(1);
    kuis().args(["list", "--format", "yaml"]).assert().code(2);
    kuis()
        .args([
            "convert",
            "tests/fixtures/good/mini.toml",
            "--to",
            "gift",
            "-o",
        ])
        .arg("/nonexistent-folder/out.gift")
        .assert()
        .code(3);
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("kuis"));
    cmd.args([
        "take",
        "tests/fixtures/good/mini.toml",
        "--no-save",
        "--anonymous",
    ])
    .args(["--answers", "-"])
    .env("NO_COLOR", "1")
    .current_dir(env!("CARGO_MANIFEST_DIR"))
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    let mut child = cmd.spawn().unwrap();
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(b"a\na,c\nsalah\na\n");
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(130));
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

/// Run `cmd` with stdout a pipe whose reader has already left, as `kuis … | true` does when
/// `true` ends first (deterministic here: the reading end is closed before kuis starts).
fn to_a_reader_who_left(cmd: &assert_cmd::Command) -> std::process::Output {
    let mut std = std::process::Command::new(cmd.get_program());
    std.args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(value) => std.env(key, value),
            None => std.env_remove(key),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        std.current_dir(dir);
    }
    // A socket pair stands in for the pipe (std's pipe is newer than the crate's MSRV): a
    // write after the other end closed fails with EPIPE just the same.
    let (reader, writer) = std::os::unix::net::UnixStream::pair().unwrap();
    drop(reader);
    std.stdin(std::process::Stdio::null())
        .stdout(std::os::fd::OwnedFd::from(writer))
        .output()
        .unwrap()
}

// Test that a reader who leaves early (`kuis --help | true`, `kuis report | head -1`) is a
// quiet end for help, data and tables alike: exit 0, no panic, nothing on stderr.
#[test]
fn closed_pipe_is_a_quiet_end() {
    let store = super::fresh_store();
    for name in ["Siti Aminah", "Budi Santoso"] {
        let out = super::take_as(&store, super::MINI, name, "a\na,c\nsalah\na\n");
        assert!(out.status.success(), "{}", super::stderr(&out));
    }
    let with_bank = ["--with-bank", super::MINI];
    let cases: Vec<Vec<&str>> = vec![
        vec!["--help"],
        vec!["take", "--help"],
        vec!["report", "--help"],
        vec!["--version"],
        vec!["report", with_bank[0], with_bank[1]],
        vec!["report", "--format", "html"],
        vec!["export"],
        vec!["export", "--format", "json"],
        vec!["history", "--all"],
        vec!["list", super::MINI],
        vec!["check", super::MINI, "--format", "json"],
        vec!["completions", "bash"],
    ];
    for args in cases {
        let mut cmd = kuis();
        cmd.env("KUIS_STORE", &store).args(&args);
        let out = to_a_reader_who_left(&cmd);
        let stderr = super::stderr(&out);
        assert_eq!(out.status.code(), Some(0), "kuis {args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "kuis {args:?}: {stderr}");
        assert_eq!(stderr, "", "kuis {args:?}");
    }
}

// Test that `--lang auto` is explained only where it does something: `kuis serve --help` says it
// speaks each browser's language, every other command's help does not mention it.
#[test]
fn lang_auto_only_in_serve_help() {
    for name in commands() {
        for (lang, auto) in [("id", "bahasa peramban"), ("en", "browser language")] {
            let text = help(&name, lang);
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(
                text.contains(auto),
                name == "serve",
                "kuis {name} --lang {lang} --help and {auto:?}:\n{text}"
            );
        }
    }
}
