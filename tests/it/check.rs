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

/// The diagnostics among the JSON lines (the blind-guessing records have no code), as
/// `CODE LINE:COL`.
fn actual(json: &str) -> Vec<String> {
    json.lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("each line is JSON"))
        .filter(|d| d.get("code").is_some())
        .map(|d| {
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

/// THE SHIPPED BANK'S BLIND-GUESSING FIGURES AND WARNINGS, as `kuis check` gives them today:
/// the one place to update when quizzes/netralitas-asn.toml changes (issue 21 rewrites it to
/// make these warnings go away; when it is clean, `WARNINGS` is empty and the test asks for a
/// clean `--strict` check).
mod shipped {
    /// (language, [longest, first, no-absolute, random]) in percent, as the JSON gives them.
    pub const FIGURES: &[(&str, [f64; 4])] = &[
        ("id", [30.0, 33.3, 27.6, 35.8]),
        ("en", [30.2, 33.3, 30.4, 35.8]),
    ];
    /// (code, how many) of every warning.
    pub const WARNINGS: &[(&str, usize)] = &[];
}

const SHIPPED_BANK: &str = "quizzes/netralitas-asn.toml";

/// Every line of `kuis check --format json` on `bank`, parsed, and the exit code.
fn check_json(bank: &str, strict: bool) -> (Vec<Value>, Option<i32>) {
    let mut cmd = kuis();
    cmd.args(["check", "--format", "json"]);
    if strict {
        cmd.arg("--strict");
    }
    let out = cmd.arg(bank).output().unwrap();
    let lines = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    (lines, out.status.code())
}

/// The diagnostic codes among JSON lines, with their counts, sorted.
fn code_counts(lines: &[Value]) -> Vec<(String, usize)> {
    let mut counts = std::collections::BTreeMap::new();
    for code in lines.iter().filter_map(|d| d["code"].as_str()) {
        *counts.entry(code.to_owned()).or_insert(0) += 1;
    }
    counts.into_iter().collect()
}

/// The blind-guessing records among JSON lines, by language.
fn testwise(lines: &[Value]) -> Vec<(String, [f64; 4])> {
    lines
        .iter()
        .filter(|d| d.get("testwise").is_some())
        .map(|d| {
            let t = &d["testwise"];
            let f = |k: &str| t[k].as_f64().unwrap();
            (
                d["lang"].as_str().unwrap().to_owned(),
                [f("longest"), f("first"), f("no-absolute"), f("random")],
            )
        })
        .collect()
}

// Test that the shipped bank passes the check (no errors) and gives exactly the warnings and
// blind-guessing figures recorded in `shipped`, failing `--strict` while it has warnings.
#[test]
fn shipped_bank_figures_and_warnings() {
    let (lines, code) = check_json(SHIPPED_BANK, true);
    let expected: Vec<(String, usize)> = shipped::WARNINGS
        .iter()
        .map(|(c, n)| ((*c).to_owned(), *n))
        .collect();
    assert_eq!(code_counts(&lines), expected);
    assert_eq!(code, Some(if expected.is_empty() { 0 } else { 1 }));
    let figures: Vec<(String, [f64; 4])> = shipped::FIGURES
        .iter()
        .map(|(l, f)| ((*l).to_owned(), *f))
        .collect();
    assert_eq!(testwise(&lines), figures);
    let (_, code) = check_json(SHIPPED_BANK, false);
    assert_eq!(code, Some(0), "warnings alone never fail without --strict");
    if expected.is_empty() {
        kuis()
            .args(["check", "--strict"])
            .assert()
            .success()
            .stderr(predicates::str::contains("0 kesalahan, 0 peringatan"));
    }
}

/// The four blind strategies on a bank, computed here from its TOML alone (not with kuis's
/// model or scoring), from the definitions in docs/bank-format.md: [longest, first,
/// no-absolute, random] in percent, for `lang`.
fn independent_figures(toml_text: &str, lang: &str) -> [f64; 4] {
    let bank: toml::Value = toml::from_str(toml_text).unwrap();
    let main = bank["bank"]
        .get("languages")
        .and_then(|l| l.as_array())
        .and_then(|l| l.first())
        .and_then(|l| l.as_str())
        .unwrap_or("id")
        .to_owned();
    let text = |v: &toml::Value| -> String {
        match v {
            toml::Value::String(s) => s.clone(),
            toml::Value::Table(t) => t
                .get(lang)
                .or_else(|| t.get(&main))
                .and_then(|s| s.as_str())
                .unwrap_or("")
                .to_owned(),
            _ => String::new(),
        }
    };
    let words: &[&str] = match lang {
        "id" => &[
            "hanya",
            "selalu",
            "semua",
            "apa pun",
            "tidak ada",
            "pasti",
            "tidak pernah",
        ],
        "en" => &["only", "always", "all", "any", "never"],
        _ => &[],
    };
    let absolute = |t: &str| {
        let t = t.to_lowercase();
        let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        words.iter().any(|w| {
            t.match_indices(w).any(|(at, _)| {
                !is_word(t[..at].chars().last()) && !is_word(t[at + w.len()..].chars().next())
            })
        })
    };
    // The longest rule among `idx`: see the docs.
    let longest = |idx: &[usize], lens: &[usize], multiple: bool| -> Vec<usize> {
        if idx.is_empty() {
            return vec![];
        }
        if multiple {
            let mut l: Vec<f64> = idx.iter().map(|&i| lens[i] as f64).collect();
            l.sort_by(f64::total_cmp);
            let median = (l[(l.len() - 1) / 2] + l[l.len() / 2]) / 2.0;
            let above: Vec<usize> = idx
                .iter()
                .copied()
                .filter(|&i| lens[i] as f64 > median)
                .collect();
            if !above.is_empty() {
                return above;
            }
        }
        let best = idx.iter().map(|&i| lens[i]).max().unwrap();
        vec![*idx.iter().find(|&&i| lens[i] == best).unwrap()]
    };
    let mut sums = [0.0f64; 4];
    let questions = bank["question"].as_array().unwrap();
    for q in questions {
        let kind = q["kind"].as_str().unwrap();
        if kind == "true-false" {
            let answer = q["answer"].as_bool().unwrap();
            let says_absolute = absolute(&text(&q["prompt"]));
            sums[0] += if answer { 0.0 } else { 1.0 };
            sums[1] += if answer { 1.0 } else { 0.0 };
            sums[2] += if answer != says_absolute { 1.0 } else { 0.0 };
            sums[3] += 0.5;
            continue;
        }
        let choices = q["choice"].as_array().unwrap();
        let n = choices.len();
        let right: Vec<bool> = choices
            .iter()
            .map(|c| c.get("correct").and_then(|v| v.as_bool()).unwrap_or(false))
            .collect();
        let points: Vec<f64> = choices
            .iter()
            .map(|c| c.get("points").and_then(|v| v.as_integer()).unwrap_or(0) as f64)
            .collect();
        let best = points.iter().copied().fold(0.0, f64::max);
        let worth = |picks: &[usize]| -> f64 {
            match kind {
                "multiple" => {
                    let r = picks.iter().filter(|&&i| right[i]).count() as f64;
                    let w = picks.len() as f64 - r;
                    ((r - w) / right.iter().filter(|&&x| x).count() as f64).max(0.0)
                }
                "weighted" => picks.first().map_or(0.0, |&i| points[i] / best),
                _ => picks
                    .first()
                    .map_or(0.0, |&i| if right[i] { 1.0 } else { 0.0 }),
            }
        };
        let texts: Vec<String> = choices.iter().map(|c| text(&c["text"])).collect();
        let lens: Vec<usize> = texts.iter().map(|t| t.chars().count()).collect();
        let all: Vec<usize> = (0..n).collect();
        let plain: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&i| !absolute(&texts[i]))
            .collect();
        let plain = if plain.is_empty() { all.clone() } else { plain };
        let multiple = kind == "multiple";
        sums[0] += worth(&longest(&all, &lens, multiple));
        sums[1] += worth(&[0]);
        sums[2] += worth(&longest(&plain, &lens, multiple));
        sums[3] += if multiple {
            // Every subset of ticks, equally likely.
            (0u32..1 << n)
                .map(|m| {
                    worth(
                        &all.iter()
                            .copied()
                            .filter(|i| m >> i & 1 == 1)
                            .collect::<Vec<_>>(),
                    )
                })
                .sum::<f64>()
                / f64::from(1u32 << n)
        } else {
            all.iter().map(|&i| worth(&[i])).sum::<f64>() / n as f64
        };
    }
    sums.map(|s| s / questions.len() as f64 * 100.0)
}

// Test that the JSON figures on the shipped bank agree, within half a point, with the
// strategies computed independently from its TOML.
#[test]
fn shipped_figures_agree_with_an_independent_computation() {
    let text = fs::read_to_string(project(SHIPPED_BANK)).unwrap();
    let (lines, _) = check_json(SHIPPED_BANK, false);
    let measured = testwise(&lines);
    assert_eq!(measured.len(), 2, "one record per language: {measured:?}");
    for (lang, figures) in measured {
        let expected = independent_figures(&text, &lang);
        for (got, want) in figures.iter().zip(expected) {
            assert!(
                (got - want).abs() <= 0.5,
                "{lang}: {figures:?} vs {expected:?}"
            );
        }
    }
}

/// A bank of 8 single, 8 true-false and 4 multiple questions. `cued`: every key is the first
/// and the longest choice, every statement is false, every multiple question has all but one
/// choice right. Otherwise: keys rotate through the positions, all choices are equally long,
/// half the statements are true, multiple questions have 2 of 4 right.
fn bank(cued: bool) -> String {
    let mut s = String::from(
        "[bank]\nid = \"b\"\ntitle = \"T\"\n\n[[topic]]\nid = \"t\"\ntitle = \"T\"\n\n",
    );
    let question = |s: &mut String, id: String, kind: &str| {
        s.push_str(&format!(
            "[[question]]\nid = \"{id}\"\ntopic = \"t\"\nkind = \"{kind}\"\nprompt = \"Soal {id}\"\nexplanation = \"E\"\n"
        ));
    };
    for i in 0..8 {
        question(&mut s, format!("s{i}"), "single");
        let key = if cued { 0 } else { i % 4 };
        for c in 0..4 {
            let text = if cued && c == key {
                format!("Jawaban yang benar dan jauh lebih rinci untuk soal {i}")
            } else {
                format!("Pilihan {c} soal {i}")
            };
            let mark = if c == key {
                "correct = true"
            } else {
                "why = \"W\""
            };
            s.push_str(&format!("[[question.choice]]\ntext = \"{text}\"\n{mark}\n"));
        }
        s.push('\n');
    }
    for i in 0..8 {
        question(&mut s, format!("tf{i}"), "true-false");
        let answer = !cued && i % 2 == 0;
        s.push_str(&format!("answer = {answer}\n\n"));
    }
    for i in 0..4 {
        question(&mut s, format!("m{i}"), "multiple");
        for c in 0..4 {
            let right = if cued { c < 3 } else { (c + i) % 4 < 2 };
            let mark = if right {
                "correct = true"
            } else {
                "why = \"W\""
            };
            s.push_str(&format!(
                "[[question.choice]]\ntext = \"Pilihan {c} soal m{i}\"\n{mark}\n"
            ));
        }
        s.push('\n');
    }
    s
}

const BANK_LEVEL: [&str; 5] = ["W008", "W009", "W010", "W011", "W012"];

// Test that a bank whose every key is the longest and first, and whose every statement is
// false, passes with the bank-level warnings and fails under --strict; a bank with the cues
// balanced gets none of them.
#[test]
fn bank_level_cues() {
    let dir = tempfile::tempdir().unwrap();
    let cued = dir.path().join("cued.toml");
    fs::write(&cued, bank(true)).unwrap();
    let (lines, code) = check_json(cued.to_str().unwrap(), false);
    assert_eq!(code, Some(0));
    let codes: Vec<String> = code_counts(&lines).into_iter().map(|(c, _)| c).collect();
    for expected in BANK_LEVEL {
        assert!(
            codes.iter().any(|c| c == expected),
            "{expected} in {codes:?}"
        );
    }
    let (_, code) = check_json(cued.to_str().unwrap(), true);
    assert_eq!(code, Some(1));
    let human = kuis()
        .args(["check", "--lang", "en"])
        .arg(&cued)
        .output()
        .unwrap();
    let text = super::stderr(&human);
    assert!(text.contains("warning[W011]: the key is the first choice in file order in 8 of 8 single/weighted questions"), "{text}");
    assert!(text.contains("kuis fmt --balance-keys"), "{text}");
    assert!(
        text.contains("always picking the longest choice (and \"false\") earns"),
        "{text}"
    );
    // Without true/false questions, W008 does not speak of "true" and "false".
    let no_tf = dir.path().join("no-tf.toml");
    let whole = bank(true);
    let blocks: Vec<&str> = whole
        .split("\n\n")
        .filter(|b| !b.contains("true-false"))
        .collect();
    fs::write(&no_tf, blocks.join("\n\n")).unwrap();
    let human = kuis()
        .args(["check", "--lang", "en"])
        .arg(&no_tf)
        .output()
        .unwrap();
    let plain = super::stderr(&human);
    assert!(
        plain.contains("warning[W008]")
            && plain.contains("always picking the longest choice earns"),
        "{plain}"
    );
    assert!(
        !plain.contains("(and \"") && !plain.contains("true-false"),
        "{plain}"
    );
    // longest: 8 single + 8 "false" + 4 multiple at 1/3 (equal lengths: the first alone,
    // one of three right) = 17.33 of 20 points.
    assert!(
        text.contains("│ b    ┆ id       ┆ 86.7%   ┆ 46.7%"),
        "{text}"
    );

    let balanced = dir.path().join("balanced.toml");
    fs::write(&balanced, bank(false)).unwrap();
    let (lines, code) = check_json(balanced.to_str().unwrap(), true);
    assert_eq!(code_counts(&lines), vec![], "{lines:?}");
    assert_eq!(code, Some(0));
    let [longest, first, no_absolute, random] = testwise(&lines)[0].1;
    for figure in [longest, first, no_absolute] {
        assert!(figure - random <= 15.0, "{figure} vs {random}");
    }
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
        // A file that cannot be read is an I/O failure (3); the others are invalid banks (1).
        let exit = if code == "E001" { 3 } else { 1 };
        assert_eq!(out.status.code(), Some(exit), "{}", path.display());
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

// Test that `kuis fmt --balance-keys` spreads the keys of the cued bank over the positions
// (no more W011, `first` no better than random), keeps every choice's id, text, why and the
// comment above it together, and changes nothing when run again.
#[test]
fn balance_keys_spreads_keys_and_keeps_choices_whole() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cued.toml");
    // A comment above every choice, naming its text.
    let mut text = String::new();
    let cued = bank(true);
    let lines: Vec<&str> = cued.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if *line == "[[question.choice]]" {
            text.push_str(&format!("# about {}\n", lines[i + 1]));
        }
        text.push_str(line);
        text.push('\n');
    }
    fs::write(&file, &text).unwrap();
    let choices = |text: &str| -> Vec<Vec<(String, String, bool, bool)>> {
        let bank = kuis::bank::parse(&kuis::bank::Source::new("b", text)).unwrap();
        bank.questions
            .iter()
            .map(|q| {
                let mut cs: Vec<_> = (0..q.choices.len())
                    .map(|i| {
                        let c = &q.choices[i];
                        (
                            q.choice_id(i),
                            c.text.get_ref().get("id", "id").to_owned(),
                            q.is_correct(i),
                            c.why.is_some(),
                        )
                    })
                    .collect();
                cs.sort();
                cs
            })
            .collect()
    };
    let before = choices(&text);
    kuis()
        .args(["fmt", "--balance-keys"])
        .arg(&file)
        .assert()
        .success();
    let once = fs::read_to_string(&file).unwrap();
    assert_eq!(
        choices(&once),
        before,
        "ids, texts, keys and whys stay together"
    );
    let after: Vec<&str> = once.lines().collect();
    let mut comments = 0;
    for (i, line) in after.iter().enumerate() {
        if let Some(about) = line.trim().strip_prefix("# about ") {
            comments += 1;
            assert_eq!(after[i + 1].trim(), "[[question.choice]]", "{once}");
            let own: Vec<&str> = after[i + 2..]
                .iter()
                .take_while(|l| !l.trim().starts_with('['))
                .map(|l| l.trim())
                .collect();
            assert!(own.contains(&about), "{about} not in {own:?}\n{once}");
        }
    }
    assert_eq!(comments, 12 * 4);
    let (lines, _) = check_json(file.to_str().unwrap(), false);
    let codes: Vec<String> = code_counts(&lines).into_iter().map(|(c, _)| c).collect();
    assert!(!codes.contains(&"W011".to_owned()), "{codes:?}");
    let [_, first, _, random] = testwise(&lines)[0].1;
    assert!(first - random <= 15.0, "first {first} vs random {random}");
    kuis()
        .args(["fmt", "--balance-keys", "--check"])
        .arg(&file)
        .assert()
        .success();
    kuis()
        .args(["fmt", "--balance-keys"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        once,
        "a second run changes nothing"
    );
    // A bank with errors is not balanced on a guess: refused with the errors, left as it is.
    let broken = dir.path().join("broken.toml");
    let before = fs::read(project("tests/fixtures/bad/14-single-two-correct.toml")).unwrap();
    fs::write(&broken, &before).unwrap();
    kuis()
        .args(["fmt", "--balance-keys", "--lang", "en"])
        .arg(&broken)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("error[E"));
    assert_eq!(fs::read(&broken).unwrap(), before);
}

// Test that one `multiple` question whose every choice is right is flagged on its own (W016),
// where W012 waits for a pattern across four or more.
#[test]
fn one_all_right_multiple_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("all-right.toml");
    let mini = fs::read_to_string(project("tests/fixtures/good/mini.toml")).unwrap();
    let all_right = mini.replacen(
        "  text = { id = \"Membaca visi dan misi calon\", en = \"Reading a candidate's vision and mission\" }\n  why = { id = \"Mencari tahu program calon diperbolehkan.\", en = \"Learning about candidates' programmes is allowed.\" }",
        "  text = { id = \"Mengomentari unggahan kampanye\", en = \"Commenting on a campaign post\" }\n  correct = true",
        1,
    );
    assert_ne!(all_right, mini);
    fs::write(&file, all_right).unwrap();
    let (lines, code) = check_json(file.to_str().unwrap(), false);
    assert_eq!(code, Some(0));
    assert_eq!(
        code_counts(&lines),
        vec![("W016".to_owned(), 1)],
        "{lines:?}"
    );
    let (_, code) = check_json(file.to_str().unwrap(), true);
    assert_eq!(code, Some(1));
    let (lines, _) = check_json("tests/fixtures/good/mini.toml", true);
    assert_eq!(code_counts(&lines), vec![], "{lines:?}");
}
