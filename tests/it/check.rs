//! `kuis check`: every bad fixture gives exactly its expected diagnostics, located.

use std::fs;

use serde_json::Value;

use super::{kuis, project};

/// The `# expect: CODE LINE:COL` lines at the end of a fixture.
fn expectations(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("# expect: "))
        .map(str::to_owned)
        .collect()
}

fn actual(json: &str) -> Vec<String> {
    json.lines()
        .map(|l| {
            let d: Value = serde_json::from_str(l).expect("each line is JSON");
            let at = match (&d["line"], &d["column"]) {
                (Value::Number(l), Value::Number(c)) => format!("{l}:{c}"),
                _ => "-".to_owned(),
            };
            format!("{} {at}", d["code"].as_str().unwrap())
        })
        .collect()
}

// Test that each of the bad fixtures fails with exit 1 and exactly the diagnostics it names.
#[test]
fn every_bad_fixture_gives_its_diagnostics() {
    let mut files: Vec<_> = fs::read_dir(project("tests/fixtures/bad"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 25,
        "at least 25 bad fixtures, found {}",
        files.len()
    );
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        let expected = expectations(&text);
        assert!(
            !expected.is_empty(),
            "{} names no expectation",
            file.display()
        );
        let out = kuis()
            .args(["check", "--strict", "--format", "json"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", file.display());
        assert_eq!(
            actual(&String::from_utf8(out.stdout).unwrap()),
            expected,
            "{}",
            file.display()
        );
    }
}

// Test that the shipped banks pass the strictest check.
#[test]
fn shipped_banks_are_clean() {
    kuis()
        .args(["check", "--strict"])
        .assert()
        .success()
        .stderr(predicates::str::contains("0 kesalahan, 0 peringatan"));
}

// Test the human rendering of a diagnostic: code, location, source line, caret, help.
#[test]
fn human_output_is_rustc_like() {
    let out = kuis()
        .args([
            "check",
            "--lang",
            "en",
            "tests/fixtures/bad/14-single-two-correct.toml",
        ])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

// Test that one run reports every structural mistake (unknown key, wrong type, unknown kind,
// missing field; two in one question) together with the semantic errors of the questions
// that parsed, in line order, and counts them all in the summary line.
#[test]
fn every_error_at_once() {
    let out = kuis()
        .args(["check", "tests/fixtures/bad/42-every-error-at-once.toml"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<usize> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--> "))
        .map(|at| at.split(':').nth(1).unwrap().parse().unwrap())
        .collect();
    assert_eq!(lines.len(), 11, "{text}");
    assert!(lines.is_sorted(), "{lines:?}");
    assert!(text.ends_with("kuis check: 1 berkas, 6 soal: 11 kesalahan, 0 peringatan\n"));
    insta::assert_snapshot!(text);
}

// Test that warnings pass without --strict and fail with it.
#[test]
fn warnings_fail_only_when_strict() {
    let file = "tests/fixtures/bad/36-no-why.toml";
    kuis().args(["check", file]).assert().success();
    kuis().args(["check", "--strict", file]).assert().code(1);
}

// Test that unreadable inputs each get one diagnostic and never a panic.
#[test]
fn unreadable_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("binary.toml");
    fs::write(&binary, [0x89, b'P', b'N', b'G', 0, 0xff, 0xfe]).unwrap();
    let big = dir.path().join("big.toml");
    fs::File::create(&big)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let empty_dir = dir.path().join("empty");
    fs::create_dir(&empty_dir).unwrap();
    let missing = dir.path().join("missing.toml");
    for (path, code) in [
        (&binary, "E002"),
        (&big, "E003"),
        (&empty_dir, "E008"),
        (&missing, "E001"),
    ] {
        let out = kuis()
            .args(["check", "--format", "json"])
            .arg(path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", path.display());
        let lines = actual(&String::from_utf8(out.stdout).unwrap());
        assert_eq!(lines, vec![format!("{code} -")], "{}", path.display());
        assert!(!String::from_utf8(out.stderr).unwrap().contains("panicked"));
    }
}

// Test that a folder is searched recursively and ids are compared across its banks.
#[test]
fn folders_and_cross_bank_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    let bank = fs::read_to_string(project("tests/fixtures/bad/36-no-why.toml")).unwrap();
    fs::write(dir.path().join("a.toml"), &bank).unwrap();
    fs::write(dir.path().join("sub/b.toml"), &bank).unwrap();
    fs::write(dir.path().join("notes.txt"), "not a bank").unwrap();
    let out = kuis()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let lines = actual(&String::from_utf8(out.stdout).unwrap());
    // a.toml: one warning; sub/b.toml: the warning plus four duplicate ids (bank, topic,
    // rule, question).
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("E010")).count(),
        4,
        "{lines:?}"
    );
    assert_eq!(out.status.code(), Some(1));
}

// Test that the JSON records carry every field editors need.
#[test]
fn json_fields() {
    let out = kuis()
        .args([
            "check",
            "--format",
            "json",
            "--lang",
            "en",
            "tests/fixtures/bad/02-unknown-key-corect.toml",
        ])
        .output()
        .unwrap();
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["file"], "tests/fixtures/bad/02-unknown-key-corect.toml");
    assert_eq!(d["code"], "E006");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["line"], 25);
    assert_eq!(d["column"], 3);
    assert_eq!(d["message"], "unknown key `corect`");
    assert!(d["help"].as_str().unwrap().contains("`correct`"));
}
