//! Moodle interchange: the GIFT and Aiken corpora in ../shared/interop, our own fixtures for
//! every construct, and round trips of the shipped bank through GIFT and Moodle XML.

use std::path::PathBuf;

use kuis::bank::{Bank, Kind, Text};
use kuis::convert::{self, gift, xml};
use kuis::i18n::Lang;
use serde_json::Value;

use super::{kuis, project};

/// The interop corpora: `KUIS_INTEROP_DIR` (set by .ci/run). Unset, the test says why and
/// passes; set but missing, it fails.
fn interop() -> Option<PathBuf> {
    match std::env::var_os("KUIS_INTEROP_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            assert!(
                dir.is_dir(),
                "KUIS_INTEROP_DIR={} is not a folder",
                dir.display()
            );
            Some(dir)
        }
        None => {
            eprintln!(
                "skipped: KUIS_INTEROP_DIR is not set (.ci/run sets it to ../shared/interop)"
            );
            None
        }
    }
}

fn text(v: &Value) -> Option<String> {
    v.get("text").and_then(Value::as_str).map(str::to_owned)
}

// Test that every GIFT file of the corpus parses as its .json says: the type of every
// question, and for multiple choice and true/false the title, stem, choices, right marks,
// weights and feedback.
#[test]
fn gift_corpus_parses_as_expected() {
    let Some(dir) = interop() else { return };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("gift"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "gift"))
        .collect();
    files.sort();
    assert!(files.len() >= 50, "{} GIFT files", files.len());
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let source = std::fs::read_to_string(&file).unwrap();
        let expected: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(file.with_extension("json")).unwrap())
                .unwrap();
        let (items, notes) = gift::parse(&source);
        assert!(notes.is_empty(), "{name}: {notes:?}");
        assert_eq!(items.len(), expected.len(), "{name}: number of questions");
        for (item, want) in items.iter().zip(&expected) {
            let kind = match want["type"].as_str().unwrap() {
                "MC" => gift::GiftKind::Mc,
                "TF" => gift::GiftKind::Tf,
                "Category" => gift::GiftKind::Category,
                "Description" => gift::GiftKind::Description,
                "Essay" => gift::GiftKind::Essay,
                "Short" => gift::GiftKind::Short,
                "Numerical" => gift::GiftKind::Numerical,
                "Matching" => gift::GiftKind::Matching,
                other => panic!("{name}: unknown type {other}"),
            };
            assert_eq!(item.kind, Some(kind), "{name} line {}", item.line);
            let at = format!("{name} line {}", item.line);
            match kind {
                gift::GiftKind::Category => {
                    assert_eq!(item.title.as_deref(), want["title"].as_str(), "{at}")
                }
                gift::GiftKind::Mc | gift::GiftKind::Tf => {
                    assert_eq!(item.title.as_deref(), want["title"].as_str(), "{at}: title");
                    assert_eq!(Some(item.stem.clone()), text(&want["stem"]), "{at}: stem");
                    assert_eq!(
                        item.global_feedback,
                        text(&want["globalFeedback"]),
                        "{at}: general feedback"
                    );
                }
                _ => {}
            }
            if kind == gift::GiftKind::Tf {
                assert_eq!(item.is_true, want["isTrue"].as_bool(), "{at}");
                assert_eq!(
                    item.first_feedback,
                    text(&want["trueFeedback"]),
                    "{at}: first feedback"
                );
                assert_eq!(
                    item.second_feedback,
                    text(&want["falseFeedback"]),
                    "{at}: second feedback"
                );
            }
            if kind == gift::GiftKind::Mc {
                let choices = want["choices"].as_array().unwrap();
                assert_eq!(item.choices.len(), choices.len(), "{at}: choices");
                for (c, w) in item.choices.iter().zip(choices) {
                    assert_eq!(
                        c.correct,
                        w["isCorrect"].as_bool().unwrap(),
                        "{at}: {}",
                        c.text
                    );
                    assert_eq!(c.weight, w["weight"].as_f64(), "{at}: {}", c.text);
                    assert_eq!(Some(c.text.clone()), text(&w["text"]), "{at}");
                    assert_eq!(c.feedback, text(&w["feedback"]), "{at}: {}", c.text);
                }
            }
        }
    }
}

// Test that converting a corpus file with unsupported types skips each with a warning that
// names file and line, and converts the rest into a bank that passes the check.
#[test]
fn gift_unsupported_types_are_named() {
    let Some(dir) = interop() else { return };
    let file = dir.join("gift/giftFormatPhpExamples.gift");
    let out = kuis()
        .args(["--lang", "en", "convert", "--to", "toml"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    for (line, kind) in [
        (11, "short-answer"),
        (13, "numerical"),
        (15, "matching"),
        (33, "short-answer"),
        (40, "numerical"),
    ] {
        let needle = format!(
            "giftFormatPhpExamples.gift:{line}: {kind} questions are not a kind kuis holds; skipped"
        );
        assert!(stderr.contains(&needle), "{needle}\n{stderr}");
    }
    assert!(stderr.contains("kuis check: 0 errors"), "{stderr}");
    let bank: toml::Table = toml::from_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    assert_eq!(bank["question"].as_array().unwrap().len(), 5);
}

// Test Moodle's Aiken fixtures: the good questions import, each malformed one is an error
// naming its line, and the exit code says something was refused.
#[test]
fn aiken_corpus() {
    let Some(dir) = interop() else { return };
    let good = kuis()
        .args(["--lang", "en", "convert", "--from", "aiken", "--to", "toml"])
        .arg(dir.join("aiken/questions.aiken.txt"))
        .output()
        .unwrap();
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let bank: toml::Table = toml::from_str(&String::from_utf8(good.stdout).unwrap()).unwrap();
    let questions = bank["question"].as_array().unwrap();
    assert_eq!(questions.len(), 2);
    assert_eq!(
        questions[0]["prompt"].as_str(),
        Some("The Moodle project was started by:")
    );
    assert_eq!(questions[0]["choice"][1]["correct"].as_bool(), Some(true));
    let errors = kuis()
        .args(["--lang", "en", "convert", "--from", "aiken", "--to", "toml"])
        .arg(dir.join("aiken/aiken_errors.txt"))
        .output()
        .unwrap();
    assert_eq!(errors.status.code(), Some(1));
    let stderr = String::from_utf8(errors.stderr).unwrap();
    for line in [1, 5, 14] {
        assert!(
            stderr.contains(&format!("aiken_errors.txt:{line}: malformed question")),
            "{line}: {stderr}"
        );
    }
    assert_eq!(stderr.matches("malformed question").count(), 3, "{stderr}");
    let bank: toml::Table = toml::from_str(&String::from_utf8(errors.stdout).unwrap()).unwrap();
    let prompts: Vec<&str> = bank["question"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["prompt"].as_str().unwrap())
        .collect();
    assert_eq!(prompts, ["A good question", "A second good question"]);
}

/// The shipped bank.
fn shipped() -> Bank {
    kuis::bank::parse(&kuis::bank::Source::new("b", kuis::cmd::take::BUILTIN)).unwrap()
}

/// A question's meaning in one language: what a learner sees and how it scores.
fn meaning(bank: &Bank) -> Vec<String> {
    let t = |x: &Text| x.get("id", "id").to_owned();
    bank.questions
        .iter()
        .map(|q| {
            let mut parts = vec![
                q.id.get_ref().clone(),
                q.topic.get_ref().clone(),
                q.kind.get_ref().as_str().to_owned(),
                t(q.prompt.get_ref()),
                q.explanation
                    .as_ref()
                    .map(|e| t(e.get_ref()))
                    .unwrap_or_default(),
                format!("{:?}", q.answer.as_ref().map(|a| *a.get_ref())),
                q.why_true
                    .as_ref()
                    .map(|e| t(e.get_ref()))
                    .unwrap_or_default(),
                q.why_false
                    .as_ref()
                    .map(|e| t(e.get_ref()))
                    .unwrap_or_default(),
            ];
            let best = (0..q.choices.len())
                .map(|i| q.points(i))
                .max()
                .unwrap_or(0)
                .max(1) as f64;
            for (i, c) in q.choices.iter().enumerate() {
                let worth = if *q.kind.get_ref() == Kind::Weighted {
                    format!("{:.3}", q.points(i) as f64 / best)
                } else {
                    q.is_correct(i).to_string()
                };
                parts.push(format!(
                    "{} | {worth} | {}",
                    t(c.text.get_ref()),
                    c.why.as_ref().map(|w| t(w.get_ref())).unwrap_or_default()
                ));
            }
            parts.join("\n")
        })
        .collect()
}

// Test that the shipped bank goes to GIFT and back with every question, choice, right mark,
// weight and feedback intact (in its main language).
#[test]
fn round_trip_through_gift() {
    let bank = shipped();
    let (text, _) = gift::write(&bank, Lang::Id);
    let (drafts, notes) = gift::read(&text);
    assert!(notes.is_empty(), "{notes:?}");
    let (back, notes) = convert::build(drafts, "netralitas-asn", "x", Lang::Id);
    assert!(notes.is_empty(), "{notes:?}");
    same(&back, &bank);
}

/// The two banks mean the same, question by question (so a failure shows one question).
fn same(back: &Bank, bank: &Bank) {
    let (a, b) = (meaning(back), meaning(bank));
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    assert_eq!(a.len(), b.len());
}

// Test the same through Moodle XML.
#[test]
fn round_trip_through_moodle_xml() {
    let bank = shipped();
    let (text, _) = xml::write(&bank, Lang::Id).unwrap();
    let (drafts, notes) = xml::read(&text).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    let (back, notes) = convert::build(drafts, "netralitas-asn", "x", Lang::Id);
    assert!(notes.is_empty(), "{notes:?}");
    same(&back, &bank);
}

// Test the real command end to end: bank -> GIFT file -> bank file, which passes the check.
#[test]
fn convert_command_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let gift_file = dir.path().join("bank.gift");
    let back = dir.path().join("back.toml");
    kuis()
        .args([
            "convert",
            "quizzes/netralitas-asn.toml",
            "--to",
            "gift",
            "-o",
        ])
        .arg(&gift_file)
        .assert()
        .success()
        // What GIFT cannot hold is said, so a trainer knows the bank read back lacks it.
        .stderr(predicates::str::contains(
            "tidak memuat aturan dan dasar hukumnya (48 aturan) maupun tanda pelanggaran",
        ));
    kuis()
        .arg("convert")
        .arg(&gift_file)
        .args(["--to", "toml", "-o"])
        .arg(&back)
        .assert()
        .success();
    kuis().arg("check").arg(&back).assert().success();
    let xml_file = dir.path().join("bank.xml");
    kuis()
        .args([
            "convert",
            "quizzes/netralitas-asn.toml",
            "--to",
            "xml",
            "-o",
        ])
        .arg(&xml_file)
        .assert()
        .success();
    kuis()
        .arg("convert")
        .arg(&xml_file)
        .args(["--to", "toml"])
        .assert()
        .success();
}

// Test our own fixtures: every GIFT construct, Moodle XML with categories and unsupported
// types, and malformed files that get located errors without a panic.
#[test]
fn own_fixtures() {
    let convert = |file: &str, extra: &[&str]| {
        let out = kuis()
            .args(["--lang", "en", "convert", "--to", "toml"])
            .args(extra)
            .arg(project(file))
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, stdout, stderr) = convert("tests/fixtures/convert/constructs.gift", &[]);
    assert_eq!(code, Some(0), "{stderr}");
    insta::assert_snapshot!("constructs_gift", stdout);
    assert!(
        stderr.contains("constructs.gift:36: essay questions"),
        "{stderr}"
    );
    assert!(
        stderr.contains("constructs.gift:38: numerical questions"),
        "{stderr}"
    );
    let (code, stdout, stderr) = convert("tests/fixtures/convert/moodle.xml", &[]);
    assert_eq!(code, Some(0), "{stderr}");
    insta::assert_snapshot!("moodle_xml", stdout);
    for (line, kind) in [
        (49, "description"),
        (53, "essay"),
        (57, "numerical"),
        (62, "matching"),
        (67, "ddwtos"),
        (71, "multianswer"),
        (75, "shortanswer"),
    ] {
        assert!(
            stderr.contains(&format!("moodle.xml:{line}: {kind} questions")),
            "{line} {kind}: {stderr}"
        );
    }
    let (code, _, stderr) = convert("tests/fixtures/convert/broken.xml", &[]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("broken.xml:7:"), "{stderr}");
    let (code, stdout, stderr) = convert("tests/fixtures/convert/broken.gift", &[]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("broken.gift:3: malformed question, skipped: a weight has no closing '%'"),
        "{stderr}"
    );
    assert!(
        stderr.contains("broken.gift:5: malformed question, skipped: text before the first answer"),
        "{stderr}"
    );
    assert!(
        stderr.contains("broken.gift:8: malformed question, skipped: a '{' is never closed"),
        "{stderr}"
    );
    assert!(
        stdout.contains("Good question"),
        "the good one is still converted: {stdout}"
    );
    let (code, _, stderr) = convert("tests/fixtures/convert/broken.gift", &["--from", "xml"]);
    assert_eq!(code, Some(1), "{stderr}");
}

/// `kuis convert INPUT --to FORMAT` into `dir/NAME`, which is returned with its text.
fn convert_to(dir: &std::path::Path, input: &std::path::Path, to: &str, name: &str) -> String {
    let out_path = dir.join(name);
    let out = kuis()
        .arg("convert")
        .arg(input)
        .args(["--to", to, "-o"])
        .arg(&out_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(&out_path).unwrap()
}

// Test that what a trainer wrote in Moodle survives GIFT -> TOML -> GIFT: category paths
// (also two trees and a `//` inside a name), question names, and that the TOML carries them
// as `[bank] category`, `[[topic]] category` and `question.name`.
#[test]
fn gift_round_trip_keeps_categories_and_names() {
    let dir = tempfile::tempdir().unwrap();
    let gift_in = dir.path().join("pelatihan.gift");
    std::fs::write(
        &gift_in,
        "$CATEGORY: $course$/Netralitas/Media sosial\n\n\
         ::Suka unggahan::Bolehkah ASN menyukai unggahan kampanye?{=Tidak ~Boleh}\n\n\
         $CATEGORY: $course$/Netralitas/Hari H//Pencoblosan\n\n\
         ::Golput::ASN sebaiknya golput.{FALSE}\n\n\
         $CATEGORY: $course$/Lain/Disiplin\n\n\
         ::Apel pagi::Apel pagi wajib?{TRUE}\n",
    )
    .unwrap();
    let toml_text = convert_to(dir.path(), &gift_in, "toml", "pelatihan.toml");
    let bank: toml::Table = toml::from_str(&toml_text).unwrap();
    assert_eq!(
        bank["bank"]["category"].as_str(),
        Some("$course$/Netralitas")
    );
    let topics = bank["topic"].as_array().unwrap();
    assert_eq!(topics[1]["title"].as_str(), Some("Hari H/Pencoblosan"));
    assert!(topics[0].get("category").is_none());
    assert_eq!(
        topics[2]["category"].as_str(),
        Some("$course$/Lain/Disiplin"),
        "{toml_text}"
    );
    let names: Vec<&str> = bank["question"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Suka unggahan", "Golput", "Apel pagi"]);

    let gift_back = convert_to(
        dir.path(),
        &dir.path().join("pelatihan.toml"),
        "gift",
        "back.gift",
    );
    for line in [
        "$CATEGORY: $course$/Netralitas/Media sosial",
        "$CATEGORY: $course$/Netralitas/Hari H//Pencoblosan",
        "$CATEGORY: $course$/Lain/Disiplin",
        "::Suka unggahan::",
        "::Golput::",
        "::Apel pagi::",
    ] {
        assert!(gift_back.contains(line), "{line} in {gift_back}");
    }
    // And once more to TOML: the same bank, title included.
    let again = convert_to(
        dir.path(),
        &dir.path().join("back.gift"),
        "toml",
        "again.toml",
    );
    assert_eq!(again, toml_text);
}

// Test that a kuis bank keeps its title, id, version, topic ids, categories and names through
// GIFT and through Moodle XML, and that Moodle XML -> TOML -> XML keeps category paths and
// question names.
#[test]
fn bank_round_trips_keep_title_and_ids() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("kelas.toml");
    let original = std::fs::read_to_string(project("quizzes/netralitas-asn.toml"))
        .unwrap()
        .replacen(
            "[bank]\n",
            "[bank]\ncategory = \"$course$/Pelatihan ASN\"\n",
            1,
        );
    std::fs::write(&source, &original).unwrap();
    let bank = |text: &str| kuis::bank::parse(&kuis::bank::Source::new("x", text)).unwrap();
    let before = bank(&original);
    for (to, file) in [("gift", "kelas.gift"), ("xml", "kelas.xml")] {
        let moodle = convert_to(dir.path(), &source, to, file);
        assert!(
            moodle.contains("$course$/Pelatihan ASN/Media sosial"),
            "{to}"
        );
        let back = bank(&convert_to(
            dir.path(),
            &dir.path().join(file),
            "toml",
            "back.toml",
        ));
        assert_eq!(back.bank.id, before.bank.id, "{to}");
        assert_eq!(back.bank.version, before.bank.version, "{to}");
        assert_eq!(
            back.bank.title.get_ref().get("id", "id"),
            before.bank.title.get_ref().get("id", "id"),
            "{to}"
        );
        assert_eq!(
            back.bank.category.as_deref(),
            Some("$course$/Pelatihan ASN")
        );
        let ids =
            |b: &Bank| -> Vec<String> { b.topics.iter().map(|t| t.id.get_ref().clone()).collect() };
        assert_eq!(ids(&back), ids(&before), "{to}: topic ids");
        same(&back, &before);
    }

    let xml_in = project("tests/fixtures/convert/moodle.xml");
    convert_to(dir.path(), &xml_in, "toml", "moodle.toml");
    let xml_back = convert_to(
        dir.path(),
        &dir.path().join("moodle.toml"),
        "xml",
        "moodle.xml",
    );
    for text in [
        "<text>$course$/top/Netralitas/Fasilitas negara</text>",
        "<text>$course$/top/Netralitas/Hak pilih</text>",
        "<name>\n      <text>Mobil dinas</text>",
        "<text>Hari libur</text>",
    ] {
        assert!(xml_back.contains(text), "{text} in {xml_back}");
    }
}
