//! The attempt store and what reads it: saving from `take`, concurrency, history, review,
//! export, import and the report.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use super::{MINI, fresh_store, kuis, stored};

/// Take the mini bank in file order as `name` (unit BKPSDM), saving into `store`.
fn take(store: &Path, name: &str, answers: &str) -> Output {
    super::take_as(store, MINI, name, answers)
}

// Test that a finished quiz lands in the store, with its answers.
#[test]
fn take_saves_to_the_store() {
    let store = fresh_store();
    assert!(take(&store, "Siti", "a\na,c\nsalah\na\n").status.success());
    let attempts = stored(&store);
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].participant.name.as_deref(), Some("Siti"));
    assert_eq!(attempts[0].answers.len(), 4);
    assert!(attempts[0].completed);
}

// Test that --no-save leaves the store untouched.
#[test]
fn no_save() {
    let store = fresh_store();
    kuis()
        .env("KUIS_STORE", &store)
        .args([
            "take",
            MINI,
            "--no-shuffle",
            "--anonymous",
            "--no-save",
            "--answers",
            "-",
        ])
        .write_stdin("a\na\nbenar\na\n")
        .assert()
        .success();
    assert!(!store.exists());
}

// Test CSV export: it parses back, one row per attempt or per answer, and a name that is a
// formula is neutralized.
#[test]
fn csv_export() {
    let store = fresh_store();
    take(
        &store,
        "=HYPERLINK(\"http://evil.example\",\"klik\")",
        "a\na,c\nsalah\na\n",
    );
    take(&store, "Budi", "b\na\nbenar\nc\n");
    let export = |level: &str| {
        let out = kuis()
            .env("KUIS_STORE", &store)
            .args(["export", "--format", "csv", "--level", level])
            .output()
            .unwrap();
        assert!(out.status.success());
        let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
        let headers = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        (headers, rows)
    };
    let (headers, rows) = export("attempt");
    assert_eq!(rows.len(), 2);
    let name = headers.iter().position(|h| h == "name").unwrap();
    assert_eq!(
        &rows[0][name],
        "'=HYPERLINK(\"http://evil.example\",\"klik\")"
    );
    assert_eq!(&rows[1][name], "Budi");
    let percent = headers.iter().position(|h| h == "percent").unwrap();
    assert_eq!(&rows[0][percent], "100.0");
    let (headers, rows) = export("answer");
    assert_eq!(rows.len(), 8);
    assert!(headers.iter().any(|h| h == "question"));
}

// Test that --excel writes the workbook (an 18-digit NIP stays text, every column its own),
// refuses a .csv name and other formats plainly, and the date filters.
#[test]
fn export_options() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let store = fresh_store();
    take(&store, "Siti", "a\na,c\nsalah\na\n");
    let nip = "199001012015031001";
    let out = kuis()
        .env("KUIS_STORE", &store)
        .args([
            "take",
            "tests/fixtures/good/mini.toml",
            "--no-shuffle",
            "--name",
            "Budi",
        ])
        .args(["--nip", nip, "--answers", "-"])
        .write_stdin("a\na,c\nsalah\na\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hasil.xlsx");
    kuis()
        .env("KUIS_STORE", &store)
        .args(["export", "--excel", "--out"])
        .arg(&file)
        .assert()
        .success();
    let mut book: Xlsx<_> = open_workbook(&file).expect("--excel writes an xlsx workbook");
    let sheet = book.worksheet_range("attempts").unwrap();
    let header = super::sheet_header(&sheet);
    let column = header
        .iter()
        .position(|h| h == "nip")
        .expect("a nip column");
    assert!(header.len() > 5, "every column its own: {header:?}");
    let nips: Vec<&Data> = sheet.rows().skip(1).map(|r| &r[column]).collect();
    assert!(nips.contains(&&Data::String(nip.into())), "{nips:?}");
    let csv = dir.path().join("hasil.csv");
    kuis()
        .env("KUIS_STORE", &store)
        .args(["export", "--excel", "--out"])
        .arg(&csv)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bukan CSV: pakai -o hasil.xlsx"));
    assert!(!csv.exists());
    kuis()
        .env("KUIS_STORE", &store)
        .args(["export", "--excel", "--format", "json"])
        .assert()
        .code(2);
    let count = |args: &[&str]| {
        let out = kuis()
            .env("KUIS_STORE", &store)
            .args(["export", "--format", "jsonl"])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().lines().count()
    };
    assert_eq!(count(&[]), 2);
    assert_eq!(count(&["--since", "2000-01-01"]), 2);
    assert_eq!(count(&["--until", "2000-01-01"]), 0);
    assert_eq!(count(&["--unit", "bkpsdm"]), 1);
    assert_eq!(count(&["--bank", "other"]), 0);
    kuis()
        .env("KUIS_STORE", &store)
        .args(["export", "--since", "kemarin"])
        .assert()
        .code(2);
}

// Test xAPI export: one statement per answered question, registration = attempt id.
#[test]
fn xapi_export() {
    let store = fresh_store();
    take(&store, "Siti", "a\na,c\nsalah\na\n");
    let out = kuis()
        .env("KUIS_STORE", &store)
        .args(["export", "--format", "xapi"])
        .output()
        .unwrap();
    let statements: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(statements.len(), 4);
    let attempt = &stored(&store)[0];
    for s in &statements {
        assert_eq!(s["verb"]["id"], "http://adlnet.gov/expapi/verbs/answered");
        assert_eq!(s["context"]["registration"], attempt.id.to_string());
        assert_eq!(
            s["context"]["contextActivities"]["parent"][0]["id"],
            "https://kuis.local/bank/mini"
        );
    }
}

// Test import: files from another machine merge in; importing again changes nothing; a corrupt
// file and a future-schema file are refused by name while the others are imported.
#[test]
fn import_is_idempotent_and_refuses_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let laptop = fresh_store();
    let a = dir.path().join("a.json");
    kuis()
        .env("KUIS_STORE", &laptop)
        .args([
            "take",
            MINI,
            "--no-shuffle",
            "--name",
            "Ani",
            "--answers",
            "-",
            "--out",
        ])
        .arg(&a)
        .write_stdin("a\na,c\nsalah\na\n")
        .assert()
        .success();
    let corrupt = dir.path().join("rusak.json");
    std::fs::write(&corrupt, "{\"schema\": 1, \"id\": ").unwrap();
    let future = dir.path().join("masa-depan.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&a).unwrap()).unwrap();
    v["schema"] = 3.into();
    v["id"] = "6f1c3a4e-0000-4000-8000-000000000000".into();
    std::fs::write(&future, v.to_string()).unwrap();

    let trainer = fresh_store();
    let out = kuis()
        .env("KUIS_STORE", &trainer)
        .args(["--lang", "en", "import"])
        .args([&a, &corrupt, &future])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("rusak.json"), "{stderr}");
    assert!(
        stderr.contains("masa-depan.json") && stderr.contains("schema 3"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 imported, 0 already there, 1 record(s) refused, 1 file(s) refused"),
        "{stderr}"
    );
    kuis()
        .env("KUIS_STORE", &trainer)
        .args(["--lang", "en", "import"])
        .arg(&a)
        .assert()
        .success()
        .stderr(predicates::str::contains("0 imported, 1 already there"));
    assert_eq!(stored(&trainer).len(), 1);
}

// Test that an export in JSON Lines imports back into another store whole.
#[test]
fn export_then_import_round_trip() {
    let store = fresh_store();
    take(&store, "Siti", "a\na,c\nsalah\na\n");
    take(&store, "Budi", "b\na\nbenar\nc\n");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("semua.jsonl");
    kuis()
        .env("KUIS_STORE", &store)
        .args(["export", "--format", "jsonl", "--out"])
        .arg(&file)
        .assert()
        .success();
    let other = fresh_store();
    kuis()
        .env("KUIS_STORE", &other)
        .arg("import")
        .arg(&file)
        .assert()
        .success();
    assert_eq!(stored(&other), stored(&store));
}

// Test history: newest first, with the per-topic trend.
#[test]
fn history_shows_trend() {
    let store = fresh_store();
    take(&store, "Siti", "b\na\nbenar\nc\n");
    take(&store, "Siti", "a\na,c\nsalah\na\n");
    take(&store, "Budi", "a\na,c\nsalah\na\n");
    let out = kuis()
        .env("KUIS_STORE", &store)
        .args(["--lang", "en", "history", "--name", "siti"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("Budi"), "{text}");
    let first = text.find("100.0%").unwrap();
    let second = text.find("12.5%").unwrap();
    assert!(first < second, "newest first: {text}");
    assert!(text.contains("medsos: 25% → 100%"), "{text}");
    kuis()
        .env("KUIS_STORE", &store)
        .args(["history"])
        .assert()
        .code(2);
}

// Test review: it serves only the missed questions, and a question leaves review after two
// right answers in a row.
#[test]
fn review_leitner() {
    let store = fresh_store();
    // Wrong on s1 and t1, right on m1 and w1.
    take(&store, "Siti", "b\na,c\nbenar\na\n");
    let review = |answers: &str| {
        kuis()
            .env("KUIS_STORE", &store)
            .args([
                "review",
                MINI,
                "--name",
                "Siti",
                "--seed",
                "1",
                "--answers",
                "-",
            ])
            .write_stdin(answers)
            .output()
            .unwrap()
    };
    let out = review("a\nsalah\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Soal 2/2"), "{text}");
    // A review round says what it is, claims no pass, and what remains.
    assert!(text.contains("2 soal untuk diulang"), "{text}");
    assert!(text.contains("Putaran ulangan: soal yang pernah Anda jawab salah"));
    assert!(
        !text.contains("batas lulus") && !text.contains("LULUS"),
        "{text}"
    );
    assert!(text.contains("— putaran ulangan selesai"), "{text}");
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("Masih 2 soal yang perlu dijawab benar dua kali berturut-turut"),
    );
    assert!(
        text.contains("Bolehkah mobil dinas")
            && text.contains("Menyukai unggahan kampanye diperbolehkan"),
        "{text}"
    );
    // Right once: still due. Right twice: done.
    let second = review("a\nsalah\n");
    assert!(second.status.success());
    assert!(
        String::from_utf8(second.stderr)
            .unwrap()
            .contains("Selesai: setiap soal")
    );
    let done = review("");
    assert!(done.status.success());
    assert!(
        String::from_utf8(done.stderr)
            .unwrap()
            .contains("Tidak ada soal untuk diulang")
    );
    let modes: Vec<String> = stored(&store).into_iter().map(|a| a.mode).collect();
    assert_eq!(modes, ["practice", "review", "review"]);
}

// Test the report: JSON numbers, flags, and a self-contained HTML page with both charts.
#[test]
fn report_formats() {
    let store = fresh_store();
    take(&store, "Siti", "a\na,c\nsalah\na\n");
    take(&store, "Budi", "b\na\nbenar\nc\n");
    take(&store, "Ani", "a\na\nsalah\nb\n");
    let report = |format: &str| {
        let out = kuis()
            .env("KUIS_STORE", &store)
            .args(["report", "--with-bank", MINI, "--format", format])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let all: Value = serde_json::from_str(&report("json")).unwrap();
    assert_eq!(all["reports"].as_array().unwrap().len(), 1);
    let json = &all["reports"][0];
    assert_eq!(json["bank"]["id"], "mini");
    assert_eq!(json["test"]["n"], 3);
    let s1 = json["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "s1")
        .unwrap();
    // s1 right for Siti and Ani: facility 2/3.
    assert!((s1["facility"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(s1["choices"][0]["picked"], 2);
    assert_eq!(json["units"][0]["participants"], 3);
    let csv_text = report("csv");
    assert_eq!(
        csv::Reader::from_reader(csv_text.as_bytes())
            .records()
            .count(),
        4
    );
    let html = report("html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<svg").count(), 2);
    assert!(
        !html.contains("<script") && !html.contains("<link"),
        "self-contained"
    );
    // Well-formed: every element closes (checked with an XML reader).
    let mut reader = quick_xml::Reader::from_str(&html);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "HTML is not well-formed at {}: {e}",
                reader.buffer_position()
            ),
        }
    }
    let human = report("human");
    assert!(human.contains("Indeks daya beda"), "{human}");
}
