//! `kuis take` from an answers file: scoring of every kind, both modes, both languages,
//! time limits, bad lines, the attempt file, and the no-terminal error.

use super::MINI;
use serde_json::Value;

use super::kuis;

/// Take the mini bank in file order, answers on stdin, a fake clock stepping `step` seconds.
fn run(answers: impl Into<Vec<u8>>, extra: &[&str], step: &str) -> std::process::Output {
    kuis()
        .args([
            "take",
            MINI,
            "--no-shuffle",
            "--anonymous",
            "--answers",
            "-",
        ])
        .args(extra)
        .env("KUIS_FAKE_CLOCK_STEP", step)
        .write_stdin(answers)
        .output()
        .unwrap()
}

/// Take the mini bank with these answers; returns (exit code, stdout, stderr).
fn take(answers: &str, extra: &[&str]) -> (i32, String, String) {
    let out = run(answers, extra, "1");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Take the quiz and read back the attempt it wrote.
fn attempt(answers: &str, extra: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("attempt.json");
    let mut args = vec!["--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let (code, _, stderr) = take(answers, &args);
    assert!(code == 0 || code == 130, "exit {code}: {stderr}");
    serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
}

fn points(a: &Value) -> Vec<f64> {
    a["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["points"].as_f64().unwrap())
        .collect()
}

// Test that perfect answers score every kind in full and pass.
#[test]
fn perfect_answers() {
    let a = attempt("a\na,c\nsalah\na\n", &[]);
    assert_eq!(points(&a), [1.0, 1.0, 1.0, 1.0]);
    assert_eq!(a["percent"], 100.0);
    assert_eq!(a["passed"], true);
    assert_eq!(a["completed"], true);
    assert_eq!(a["schema"], 2);
    assert_eq!(
        (a["answered"].as_u64(), a["planned"].as_u64()),
        (Some(4), Some(4))
    );
    assert_eq!(a["bank"]["id"], "mini");
    assert_eq!(a["bank"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(a["answers"][1]["chosen"], serde_json::json!(["a", "c"]));
    assert_eq!(a["answers"][2]["chosen"], serde_json::json!(["false"]));
}

// Test partial credit: a wrong single, right+wrong on multiple (0), a wrong true-false, and
// 2 of 5 points on the weighted question: 0.4 of 4 = 10%, failed.
#[test]
fn partial_credit() {
    let a = attempt("b\na,b\nbenar\nb\n", &[]);
    assert_eq!(points(&a), [0.0, 0.0, 0.0, 0.4]);
    assert_eq!(a["percent"], 10.0);
    assert_eq!(a["passed"], false);
    // One of two right choices and no wrong one: half a point.
    let b = attempt("a\nc\nfalse\nc\n", &[]);
    assert_eq!(points(&b), [1.0, 0.5, 1.0, 0.0]);
}

// Test the practice transcript in Indonesian: feedback after each answer, then the summary.
#[test]
fn practice_transcript_id() {
    let (code, stdout, _) = take("b\na,c\nsalah\nb\n", &[]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
}

// Test the same in English.
#[test]
fn practice_transcript_en() {
    let (code, stdout, _) = take("b\na,c\nfalse\nb\n", &["--lang", "en"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
}

// Test that exam mode holds feedback back; at the end comes the summary, then the review:
// the partly right answer in full, the right ones as one line each.
#[test]
fn exam_reviews_at_the_end() {
    let (code, stdout, _) = take("a\na,c\nsalah\nb\n", &["--mode", "exam", "--lang", "en"]);
    assert_eq!(code, 0);
    let summary = stdout
        .find("Score: 3.4/4 (85.0%) — PASSED")
        .expect("a summary");
    let review = stdout.find("== Review ==").expect("a review");
    assert!(summary < review, "{stdout}");
    assert!(
        !stdout[..review].contains("Explanation:"),
        "no feedback before the review"
    );
    assert_eq!(stdout[review..].matches("Explanation:").count(), 1);
    assert!(stdout[review..].contains("partly right"), "{stdout}");
    assert!(stdout[review..].contains("✓ 1. May an official car be used for a campaign?"));
    assert!(stdout[review..].contains("✓ 3. ASN may like campaign posts."));
}

// Test that time running out in an exam ends it: the answer given in time counts, and the
// attempt is scored on it alone, incomplete, with no pass claimed.
#[test]
fn exam_time_up() {
    // The fake clock moves 20 s per reading, so the second question is asked after the limit.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.json");
    let result = run(
        "a\na,c\nsalah\na\n",
        &[
            "--mode",
            "exam",
            "--time-limit",
            "1",
            "--out",
            out.to_str().unwrap(),
        ],
        "20",
    );
    assert!(result.status.success());
    let stdout = String::from_utf8(result.stdout).unwrap();
    assert!(stdout.contains("Waktu habis"), "{stdout}");
    let a: Value = serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    assert_eq!(a["ending"], "time-up");
    assert_eq!(a["completed"], false);
    assert_eq!(a["passed"], false);
    assert_eq!(points(&a), [1.0]);
    assert_eq!(
        (a["answered"].as_u64(), a["planned"].as_u64()),
        (Some(1), Some(4))
    );
    assert_eq!(a["percent"], 100.0);
    assert!(
        stdout.contains("dihentikan setelah 1 dari 4 soal"),
        "{stdout}"
    );
    assert!(!stdout.contains("LULUS"), "{stdout}");
}

// Test that unusable answer lines are errors naming the line, never wrong answers.
#[test]
fn bad_lines_are_located() {
    for (answers, line, what) in [
        ("z\n", 1, "\"z\""),
        ("a\na,a\n", 2, "dua kali"),
        ("a,b\n", 1, "hanya menerima satu"),
        ("a\n\n", 2, "kosong"),
        ("a\na\nmungkin\n", 3, "\"mungkin\""),
    ] {
        let (code, _, stderr) = take(answers, &[]);
        assert_eq!(code, 2, "{answers:?}: {stderr}");
        assert!(
            stderr.contains(&format!("stdin:{line}")) || stderr.contains(&format!("baris {line}")),
            "{answers:?}: {stderr}"
        );
        assert!(stderr.contains(what), "{answers:?}: {stderr}");
    }
}

// Test that answers ending early, or a line `q`, stop the quiz as Esc does at a terminal:
// the same words, exit 130, and the attempt kept (in the store and in --out) as
// interrupted, scored on the answers given.
#[test]
fn early_end_keeps_the_attempt() {
    for (answers, given) in [("a\na,c\n", 2), ("a\nQ\nsalah\n", 1), ("# kunci\n", 0)] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a.json");
        let store = dir.path().join("kuis.sqlite");
        let result = kuis()
            .args(["take", MINI, "--no-shuffle", "--name", "Pembaca Layar"])
            .args(["--answers", "-", "--out"])
            .arg(&out)
            .env("KUIS_STORE", &store)
            .write_stdin(answers)
            .output()
            .unwrap();
        let stdout = String::from_utf8(result.stdout).unwrap();
        let stderr = String::from_utf8(result.stderr).unwrap();
        assert_eq!(result.status.code(), Some(130), "{answers:?}: {stderr}");
        assert!(stdout.contains("Kuis dihentikan. Jawaban sejauh ini tetap dinilai."));
        assert!(
            stdout.contains(&format!("dihentikan setelah {given} dari 4 soal")),
            "{answers:?}: {stdout}"
        );
        assert!(!stdout.contains("LULUS"), "{stdout}");
        if given == 0 {
            // As after Esc at the first question: nothing to score, nothing kept.
            assert!(stderr.contains("Tidak ada soal yang dijawab"), "{stderr}");
            assert!(!out.exists());
            continue;
        }
        let a: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        assert_eq!(a["ending"], "interrupted");
        assert_eq!(a["completed"], false);
        assert_eq!(a["answered"].as_u64(), Some(given));
        assert_eq!(a["answers"].as_array().unwrap().len() as u64, given);
        let history = kuis()
            .args(["history", "--all", "--format", "json"])
            .env("KUIS_STORE", &store)
            .output()
            .unwrap();
        let history = String::from_utf8(history.stdout).unwrap();
        assert!(history.contains(a["id"].as_str().unwrap()), "{history}");
    }
}

// Test that a line that is not UTF-8 is a located error.
#[test]
fn non_utf8_line() {
    let out = run(b"a\n\xff\xfe\n".to_vec(), &[], "1");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("stdin:2"));
}

// Test that without a terminal and without --answers, kuis says how to run it (exit 2).
#[test]
fn no_terminal() {
    for args in [vec![], vec!["take"]] {
        kuis()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("--answers"));
    }
}

// Test the built-in bank from a script: comments are skipped and the quiz is reproducible
// with a seed.
#[test]
fn builtin_bank_with_seed() {
    let run = || {
        kuis()
            .args([
                "take",
                "--count",
                "3",
                "--seed",
                "42",
                "--anonymous",
                "--answers",
                "-",
            ])
            .write_stdin("# kunci jawaban\na\na\na\n")
            .output()
            .unwrap()
    };
    let (one, two) = (run(), run());
    assert!(
        one.status.success(),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    let strip = |o: &std::process::Output| {
        String::from_utf8(o.stdout.clone())
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("Waktu"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&one), strip(&two));
}

// Test that --topic and --rule filter, and an unknown topic is a usage error naming the topics.
#[test]
fn filters() {
    let a = attempt("a\nsalah\n", &["--topic", "medsos", "--rule", "R23"]);
    let ids: Vec<&str> = a["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["question"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["m1", "t1"]);
    let (code, _, stderr) = take("", &["--topic", "nope"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("fasilitas, medsos"), "{stderr}");
}

// Test that an invalid bank is refused with its diagnostics (exit 1) before any question.
#[test]
fn invalid_bank_is_refused() {
    kuis()
        .args([
            "take",
            "tests/fixtures/bad/14-single-two-correct.toml",
            "--answers",
            "-",
        ])
        .write_stdin("a\n")
        .assert()
        .code(1)
        .stderr(predicates::str::contains("E014"));
}

/// How many questions the built-in bank holds.
fn builtin_size() -> usize {
    let banks = super::banks::shipped();
    let bank = banks
        .iter()
        .find(|b| *b.bank.id.get_ref() == "netralitas-asn");
    bank.expect("the built-in bank is shipped").questions.len()
}

/// Take the built-in bank with `extra`, answering "a" to everything; returns the attempt.
fn builtin(extra: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.json");
    let result = kuis()
        .args(["take", "--anonymous", "--answers", "-", "--out"])
        .arg(&out)
        .args(extra)
        .write_stdin("a\n".repeat(builtin_size()))
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let stdout = String::from_utf8(result.stdout).unwrap();
    let a: Value = serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    let planned = a["planned"].as_u64().unwrap();
    assert!(
        stdout.starts_with("Netralitas ASN")
            && stdout.contains(&format!("\n  {planned} soal · batas lulus 80%")),
        "the start screen says how many: {stdout}"
    );
    a
}

// Test the length of a practice quiz: 20 by default, the whole bank with --count all, an
// exam the whole bank, and a bank's own practice_count.
#[test]
fn default_length_and_count_all() {
    let a = builtin(&[]);
    assert_eq!(
        (a["planned"].as_u64(), a["answered"].as_u64()),
        (Some(20), Some(20))
    );
    assert_eq!(a["completed"], true);
    let all = builtin_size() as u64;
    assert_eq!(builtin(&["--count", "all"])["planned"], all);
    assert_eq!(builtin(&["--count", "7"])["planned"], 7);
    assert_eq!(builtin(&["--mode", "exam"])["planned"], all);

    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("b.toml");
    let text = std::fs::read_to_string(super::project("quizzes/netralitas-asn.toml")).unwrap();
    std::fs::write(
        &bank,
        text.replacen("[bank]\n", "[bank]\npractice_count = 12\n", 1),
    )
    .unwrap();
    assert_eq!(builtin(&[bank.to_str().unwrap()])["planned"], 12);
    // A bank smaller than the default gives all its questions.
    let (code, stdout, _) = take("a\na,c\nsalah\na\n", &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("4 soal"), "{stdout}");
}

// Test that --count 0 and a count above the bank's size are usage errors (exit 2) that say
// what to do, not a quiz.
#[test]
fn impossible_counts() {
    for (count, says) in [
        ("0", "minimal satu soal"),
        ("5", "hanya ada 4 soal yang cocok"),
    ] {
        let (code, stdout, stderr) = take("a\n", &["--count", count]);
        assert_eq!(code, 2, "{count}: {stderr}");
        assert!(stderr.contains(says), "{count}: {stderr}");
        assert!(stdout.is_empty(), "no quiz: {stdout}");
    }
    let (code, _, stderr) = take("a\n", &["--count", "lots"]);
    assert_eq!(code, 2, "{stderr}");
}

// Test that time limits read as people write them, and that nonsense is a usage error.
#[test]
fn humane_time_limit() {
    let (code, stdout, _) = take("a\na,c\nsalah\na\n", &["--time-limit", "90s"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Batas waktu: 01:30"), "{stdout}");
    assert!(stdout.contains("sisa waktu 01:2"), "{stdout}");
    let (code, stdout, _) = take("a\na,c\nsalah\na\n", &["--time-limit", "2"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Batas waktu: 02:00"), "{stdout}");
    for bad in ["0", "soon", "-3m", "100h"] {
        let (code, _, stderr) = take("a\n", &["--time-limit", bad]);
        assert_eq!(code, 2, "{bad}: {stderr}");
    }
}

// Test that a NIP that is not 18 digits is refused (exit 2), and a grouped one is kept whole.
#[test]
fn nip_is_eighteen_digits() {
    let out = kuis()
        .args(["take", MINI, "--answers", "-", "--nip", "abc123"])
        .write_stdin("a\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("18 angka"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.json");
    kuis()
        .args([
            "take",
            MINI,
            "--no-shuffle",
            "--answers",
            "-",
            "--name",
            "Siti",
        ])
        .args(["--nip", "19900101 202012 2 001", "--out"])
        .arg(&path)
        .write_stdin("a\na,c\nsalah\na\n")
        .assert()
        .success();
    let a: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(a["participant"]["nip"], "199001012020122001");
}

// Test that in --answers mode a multiple-answer question says in words that several
// answers may be given, and the others do not.
#[test]
fn several_answers_said_in_words() {
    let (code, stdout, _) = take("a\na,c\nsalah\na\n", &[]);
    assert_eq!(code, 0);
    assert_eq!(stdout.matches("(boleh lebih dari satu jawaban)").count(), 1);
    let q2 = stdout.find("Mana yang dilarang bagi ASN?").unwrap();
    let note = stdout.find("(boleh lebih dari satu jawaban)").unwrap();
    assert!(note > q2 && note < stdout.find("a) Menyukai").unwrap());
}

// Test that trainers' statistics count only complete attempts: an attempt cut short by the
// time limit (100% of the one question answered) neither enters the analysis nor becomes
// the participant's best.
#[test]
fn statistics_leave_incomplete_attempts_out() {
    let store = super::fresh_store();
    let take = |answers: &str, extra: &[&str], step: &str| {
        kuis()
            .env("KUIS_STORE", &store)
            .env("KUIS_FAKE_CLOCK_STEP", step)
            .args([
                "take",
                MINI,
                "--no-shuffle",
                "--name",
                "Ani",
                "--answers",
                "-",
            ])
            .args(extra)
            .write_stdin(answers)
            .assert()
            .success();
    };
    take("b\nb\nbenar\nc\n", &[], "1");
    take(
        "a\na,c\nsalah\na\n",
        &["--mode", "exam", "--time-limit", "1"],
        "20",
    );
    let out = kuis()
        .env("KUIS_STORE", &store)
        .args(["report", "--format", "json"])
        .output()
        .unwrap();
    let all: Value = serde_json::from_slice(&out.stdout).unwrap();
    let report = &all["reports"][0];
    assert_eq!(report["test"]["n"], 1, "{report}");
    assert_eq!(report["test"]["incomplete"], 1);
    assert_eq!(report["test"]["mean"], 0.0);
    // Only the complete attempt counts for the participant; the stopped one is apart.
    assert_eq!(report["participants"][0]["attempts"], 1);
    assert_eq!(report["participants"][0]["not_counted"], 1);
    assert_eq!(report["participants"][0]["grade"], 0.0);
    assert_eq!(report["participants"][0]["passed"], false);
}
