//! The trainer's report over a realistic store: one bank per statistic, which attempts count,
//! questions across bank versions, selection by `--bank` and `--with-bank`, local times.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{MINI, fresh_store, kuis};

/// Right on everything (in file order).
const RIGHT: &str = "a\na,c\nsalah\na\n";
/// Wrong on everything.
const WRONG: &str = "b\nb\nbenar\nc\n";

/// A copy of the mini bank in `dir` with its `[bank] id`, version and the prompt of `s1`
/// changed: the same question ids, another bank (or another version of it).
fn variant(dir: &Path, id: &str, version: &str, s1_prompt: &str) -> PathBuf {
    let text = std::fs::read_to_string(MINI)
        .unwrap()
        .replace("id = \"mini\"", &format!("id = \"{id}\""))
        .replace("version = \"1\"", &format!("version = \"{version}\""))
        .replace("Bolehkah mobil dinas dipakai untuk kampanye?", s1_prompt);
    let path = dir.join(format!("{id}-{version}.toml"));
    std::fs::write(&path, text).unwrap();
    path
}

/// Take `bank` in file order as `name`, saving into `store`; it must succeed.
fn take(store: &Path, bank: &Path, name: &str, answers: &str) {
    let out = super::take_as(store, &bank.to_string_lossy(), name, answers);
    assert!(out.status.success(), "{}", super::stderr(&out));
}

/// `kuis report --format json` with `args`, parsed.
fn report(store: &Path, args: &[&str]) -> Vec<Value> {
    let out = kuis()
        .env("KUIS_STORE", store)
        .args(["report", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    json["reports"].as_array().unwrap().clone()
}

/// The row of question `id` in a report (the first, when its content changed).
fn question<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {report}"))
}

// Test that two banks sharing question ids in one store give separate statistics, that
// --bank and --with-bank select one of them, and that texts come only from the right bank.
#[test]
fn two_banks_sharing_ids_stay_apart() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store();
    let other = variant(
        dir.path(),
        "pelatihan",
        "1",
        "Bolehkah motor dinas dipakai kampanye?",
    );
    take(&store, Path::new(MINI), "Siti", RIGHT);
    for name in ["Budi", "Ani", "Joko", "Rina"] {
        take(&store, &other, name, WRONG);
    }

    let both = report(&store, &[]);
    let ids: Vec<&str> = both
        .iter()
        .map(|r| r["bank"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["mini", "pelatihan"]);
    assert_eq!(both[0]["test"]["n"], 1);
    assert_eq!(both[1]["test"]["n"], 4);
    assert_eq!(question(&both[0], "s1")["n"], 1);
    assert_eq!(question(&both[0], "s1")["facility"], 1.0);
    assert_eq!(question(&both[1], "s1")["n"], 4);
    assert_eq!(question(&both[1], "s1")["facility"], 0.0);
    // Neither bank is at hand (the built-in bank has another id): no borrowed texts.
    assert!(question(&both[1], "s1")["prompt"].is_null());
    assert_eq!(both[1]["participants"].as_array().unwrap().len(), 4);

    let chosen = report(&store, &["--bank", "pelatihan"]);
    assert_eq!(chosen.len(), 1);
    assert_eq!(chosen[0]["bank"]["id"], "pelatihan");
    let repeated = report(&store, &["--bank", "pelatihan", "--bank", "mini"]);
    assert_eq!(repeated.len(), 2);

    let with = report(&store, &["--with-bank", other.to_str().unwrap()]);
    assert_eq!(with.len(), 1, "--with-bank selects that bank's attempts");
    assert_eq!(with[0]["bank"]["title"], "Bank kecil");
    assert_eq!(
        question(&with[0], "s1")["prompt"],
        "Bolehkah motor dinas dipakai kampanye?"
    );
    let mini = report(&store, &["--with-bank", MINI]);
    assert_eq!(mini.len(), 1);
    assert_eq!(
        question(&mini[0], "s1")["prompt"],
        "Bolehkah mobil dinas dipakai untuk kampanye?"
    );

    // The HTML page names both banks and gives each its own section.
    let out = kuis()
        .env("KUIS_STORE", &store)
        .args(["report", "--format", "html"])
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(
        html.contains("<title>Laporan kuis — mini; pelatihan</title>"),
        "{html}"
    );
    assert_eq!(html.matches("<section class=\"bank\">").count(), 2);
}

// Test that a question is pooled across versions while its content is unchanged, and split
// when its prompt changed; the report says which versions it covers.
#[test]
fn versions_pool_only_unchanged_questions() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store();
    let v1 = variant(
        dir.path(),
        "kelas",
        "1",
        "Bolehkah mobil dinas dipakai untuk kampanye?",
    );
    let v2 = variant(
        dir.path(),
        "kelas",
        "2",
        "Bolehkah mobil dinas dipakai saat kampanye?",
    );
    take(&store, &v1, "Siti", RIGHT);
    take(&store, &v2, "Budi", WRONG);
    take(&store, &v2, "Ani", RIGHT);
    let reports = report(&store, &["--with-bank", v2.to_str().unwrap()]);
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert_eq!(r["bank"]["versions"], serde_json::json!(["1", "2"]));
    assert_eq!(r["test"]["n"], 3);
    let s1: Vec<&Value> = r["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["id"] == "s1")
        .collect();
    assert_eq!(s1.len(), 2, "the changed question has a row per content");
    let old = s1
        .iter()
        .find(|q| q["versions"] == serde_json::json!(["1"]))
        .unwrap();
    let new = s1
        .iter()
        .find(|q| q["versions"] == serde_json::json!(["2"]))
        .unwrap();
    assert_eq!(old["n"], 1);
    assert!(
        old["prompt"].is_null(),
        "v2's text does not describe v1's question"
    );
    assert_eq!(new["n"], 2);
    assert_eq!(new["prompt"], "Bolehkah mobil dinas dipakai saat kampanye?");
    assert_eq!(new["changed"], true);
    let m1 = question(r, "m1");
    assert_eq!(m1["n"], 3, "an unchanged question pools all versions");
    assert_eq!(m1["versions"], serde_json::json!(["1", "2"]));
}

// Test the one rule for which attempts count: the header says it once with the counts, and
// the test summary, the participants' best and passed, and the item statistics all follow it.
#[test]
fn interrupted_and_review_attempts_do_not_count() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("siti.json");
    let out = kuis()
        .args(["take", MINI, "--no-shuffle", "--name", "Siti", "--no-save"])
        .args(["--answers", "-", "--out"])
        .arg(&file)
        .write_stdin(WRONG)
        .output()
        .unwrap();
    assert!(out.status.success());
    let counting: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    // A perfect review round and a perfect interrupted attempt: neither may make Siti pass.
    let mut review = counting.clone();
    review["id"] = "6f1c3a4e-0000-4000-8000-000000000001".into();
    review["mode"] = "review".into();
    let mut interrupted = counting.clone();
    interrupted["id"] = "6f1c3a4e-0000-4000-8000-000000000002".into();
    // Out of time with questions left: only the "complete" rule leaves it out (its ending
    // is not "interrupted").
    interrupted["ending"] = "time-up".into();
    for a in [&mut review, &mut interrupted] {
        a["percent"] = 100.0.into();
        a["passed"] = true.into();
        a["score"] = a["max"].clone();
        for x in a["answers"].as_array_mut().unwrap() {
            x["points"] = x["max"].clone();
        }
    }
    // Stopped before its last question: scored on those answered, no pass claimed.
    let answered = interrupted["answered"].as_u64().unwrap();
    interrupted["planned"] = (answered + 1).into();
    interrupted["completed"] = false.into();
    interrupted["passed"] = false.into();
    let all = dir.path().join("all.json");
    std::fs::write(
        &all,
        Value::Array(vec![counting, review, interrupted]).to_string(),
    )
    .unwrap();
    let run = |format: &str| {
        let out = kuis()
            .args([
                "report",
                "--with-bank",
                MINI,
                "--format",
                format,
                "--attempts",
            ])
            .arg(&all)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    let r = &json["reports"][0];
    assert_eq!(r["test"]["n"], 1);
    assert_eq!(r["test"]["incomplete"], 1);
    assert_eq!(r["test"]["review"], 1);
    assert_eq!(r["test"]["passed"], 0);
    assert_eq!(question(r, "s1")["n"], 1);
    assert_eq!(question(r, "s1")["facility"], 0.0);
    let siti = &r["participants"][0];
    assert_eq!(siti["attempts"], 1);
    assert_eq!(siti["not_counted"], 2);
    assert_eq!(siti["grade"], 0.0);
    assert_eq!(siti["passed"], false);
    assert_eq!(r["units"][0]["passed"], 0);
    let human = run("human");
    assert!(
        human.contains("bukan putaran ulangan: 1 percobaan. Tidak dihitung, hanya disebut jumlahnya: 1 tidak selesai (dihentikan atau waktu habis), 1 putaran ulangan."),
        "{human}"
    );
    assert!(
        human.contains("terlalu sedikit data (1 percobaan; perlu ≥ 30)"),
        "{human}"
    );
}

// Test that times are shown in the chosen zone, numbers with the language's decimal
// separator, and that every HTML table has a header row and shows the question texts.
#[test]
fn html_reads_on_paper() {
    let store = fresh_store();
    take(&store, Path::new(MINI), "Siti", RIGHT);
    take(&store, Path::new(MINI), "Budi", WRONG);
    take(&store, Path::new(MINI), "Ani", "a\na\nsalah\nb\n");
    let html = |lang: &str, tz: &str| {
        let out = kuis()
            .env("KUIS_STORE", &store)
            .args([
                "--lang",
                lang,
                "report",
                "--with-bank",
                MINI,
                "--format",
                "html",
                "--tz",
                tz,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let page = html("id", "Asia/Makassar");
    assert!(page.contains("Waktu dalam zona Asia/Makassar."));
    // Attempts store RFC 3339 times; the page shows them day first, in the chosen zone.
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::get("Asia/Makassar").unwrap())
        .strftime("<td class=\"when\">%d-%m-%Y ")
        .to_string();
    assert!(page.contains(&today), "{today} in {page}");
    assert!(!page.contains("+00:00") && !page.contains("+07:00"));
    assert!(page.contains("Indeks kemudahan (facility)"));
    assert!(
        page.contains("daya beda &lt; 0,20"),
        "legend in Indonesian decimals"
    );
    assert!(!page.contains("0.20"));
    assert!(
        page.contains("Bolehkah mobil dinas dipakai untuk kampanye?"),
        "prompts shown"
    );
    assert!(
        page.contains("Membagikan video kampanye"),
        "choice texts shown"
    );
    assert!(page.contains("@page{size:A4"));
    // Every table starts with a header row (or is the summary, a table of row headers).
    for table in page.split("<table").skip(1) {
        let table = &table[table.find('>').unwrap() + 1..];
        // Column widths may come first.
        let table = match table.find("</colgroup>") {
            Some(end) => &table[end + "</colgroup>".len()..],
            None => table,
        };
        assert!(
            table.starts_with("\n<thead>") || table.starts_with("\n<tr><th scope=\"row\">"),
            "a table without a header row: {}",
            &table[..table.len().min(200)]
        );
    }
    let english = html("en", "UTC");
    assert!(english.contains("Facility index") && english.contains("Times in UTC."));
    assert!(english.contains("Discrimination index &lt; 0.20"));
    let bad = kuis()
        .env("KUIS_STORE", &store)
        .args(["report", "--tz", "Mars/Olympus"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

// Test the Excel workbook, read back with calamine: the three sheets, an 18-digit NIP as text
// (not 1.99E+17), scores as numbers, times as dates; and CSV scores rounded to 2 decimals
// while JSON keeps full precision.
#[test]
fn xlsx_and_rounded_csv() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let store = fresh_store();
    let nip = "199001012015031001";
    let dir = tempfile::tempdir().unwrap();
    let taken = dir.path().join("siti.json");
    let out = kuis()
        .args(["take", MINI, "--no-shuffle", "--name", "Siti", "--nip", nip])
        .args(["--unit", "BKPSDM", "--no-save", "--answers", "-", "--out"])
        .arg(&taken)
        .write_stdin("a\na\nsalah\nb\n")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A score of thirds, as a bank with partial credit gives: 6.533333333333333 of 10.
    let mut attempt: Value = serde_json::from_slice(&std::fs::read(&taken).unwrap()).unwrap();
    // The answers carry it too: import recomputes the score from them.
    let points = [2.5, 2.5, 1.0 + 8.0 / 15.0, 0.0];
    for (x, p) in attempt["answers"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .zip(points)
    {
        x["points"] = p.into();
        x["max"] = 2.5.into();
    }
    attempt["score"] = (6.0 + 8.0 / 15.0).into();
    attempt["max"] = 10.0.into();
    attempt["percent"] = (100.0 * (6.0 + 8.0 / 15.0) / 10.0).into();
    std::fs::write(&taken, attempt.to_string()).unwrap();
    kuis()
        .env("KUIS_STORE", &store)
        .arg("import")
        .arg(&taken)
        .assert()
        .success();
    let file = dir.path().join("hasil.xlsx");
    kuis()
        .env("KUIS_STORE", &store)
        .args(["export", "--format", "xlsx", "--tz", "Asia/Jakarta", "-o"])
        .arg(&file)
        .assert()
        .success()
        .stdout("")
        .stderr(predicates::str::contains(format!(
            "Ditulis ke {}",
            file.display()
        )));
    let json: Value = {
        let out = kuis()
            .env("KUIS_STORE", &store)
            .args(["export", "--format", "json"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let score = json[0]["score"].as_f64().unwrap();
    assert!(
        (score * 100.0).fract().abs() > 1e-6,
        "the test needs a score with more than 2 decimals: {score}"
    );

    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(book.sheet_names(), ["attempts", "answers", "topics"]);
    let attempts = book.worksheet_range("attempts").unwrap();
    let header = super::sheet_header(&attempts);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = attempts.rows().nth(1).unwrap();
    assert_eq!(row[col("nip")], Data::String(nip.into()));
    assert_eq!(row[col("name")], Data::String("Siti".into()));
    assert_eq!(
        row[col("score")],
        Data::Float(score),
        "full value, shown with 2 decimals"
    );
    assert!(matches!(row[col("percent")], Data::Float(_)));
    assert!(
        matches!(row[col("finished")], Data::DateTime(_)),
        "{:?}",
        row[col("finished")]
    );
    assert_eq!(row[col("passed")], Data::Bool(false));
    let answers = book.worksheet_range("answers").unwrap();
    assert_eq!(answers.rows().count(), 1 + 4);
    let topics = book.worksheet_range("topics").unwrap();
    assert_eq!(topics.rows().count(), 1 + 2, "fasilitas and medsos");

    let csv_out = kuis()
        .env("KUIS_STORE", &store)
        .args(["export", "--format", "csv"])
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv_out.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let record = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| record[headers.iter().position(|h| h == name).unwrap()].to_owned();
    assert_eq!(cell("score"), "6.53");
    assert_eq!(cell("percent"), "65.33");
    assert_eq!(cell("nip"), nip);
    for name in ["score", "max", "percent"] {
        let decimals = cell(name).split('.').nth(1).map_or(0, str::len);
        assert!(decimals <= 2, "{name} = {}", cell(name));
    }
}

// Test history for a trainer: --all grouped by person, one trend per bank with topic titles,
// review rounds apart, local times; --bank and --with-bank select.
#[test]
fn history_by_person_and_bank() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store();
    let other = variant(
        dir.path(),
        "pelatihan",
        "1",
        "Bolehkah motor dinas dipakai kampanye?",
    );
    take(&store, Path::new(MINI), "Siti", WRONG);
    take(&store, Path::new(MINI), "Siti", RIGHT);
    take(&store, &other, "Siti", RIGHT);
    take(&store, Path::new(MINI), "Budi", RIGHT);
    let review = kuis()
        .env("KUIS_STORE", &store)
        .args([
            "review",
            MINI,
            "--name",
            "Siti",
            "--no-shuffle",
            "--answers",
            "-",
        ])
        .write_stdin("a\na,c\nsalah\na\n")
        .output()
        .unwrap();
    assert!(
        review.status.success(),
        "{}",
        String::from_utf8_lossy(&review.stderr)
    );
    let history = |args: &[&str]| {
        let out = kuis()
            .env("KUIS_STORE", &store)
            .args(["--lang", "en", "history", "--tz", "Asia/Jayapura"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let all = history(&["--all", "--with-bank", MINI]);
    assert!(all.starts_with("Times in Asia/Jayapura."), "{all}");
    let siti = all.find("== Siti").expect("a section for Siti");
    let budi = all.find("== Budi").expect("a section for Budi");
    assert!(siti < budi, "{all}");
    assert!(!all.contains("pelatihan"), "--with-bank selects: {all}");
    assert!(
        all.contains("Social media: 0% → 100%"),
        "titles, reviews apart: {all}"
    );
    assert!(
        all.contains("Review rounds: 1; incomplete attempts: 0"),
        "{all}"
    );
    assert!(!all.contains("+00:00") && !all.contains("+09:00"), "{all}");
    let both = history(&["--name", "Siti"]);
    assert!(
        both.contains("bank mini") && both.contains("bank pelatihan"),
        "{both}"
    );
    let one = history(&["--name", "Siti", "--bank", "pelatihan"]);
    assert!(
        !one.contains("bank mini") && one.contains("bank pelatihan"),
        "{one}"
    );
}

// Test that review --bank picks one bank among those loaded, and names them when none matches.
#[test]
fn review_one_bank_of_several() {
    let dir = tempfile::tempdir().unwrap();
    let banks = dir.path().join("banks");
    std::fs::create_dir(&banks).unwrap();
    std::fs::copy(MINI, banks.join("mini.toml")).unwrap();
    // Banks loaded together need distinct topic, rule and question ids.
    let path = variant(
        dir.path(),
        "pelatihan",
        "1",
        "Bolehkah motor dinas dipakai kampanye?",
    );
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (from, to) in [
        ("\"fasilitas\"", "\"fas\""),
        ("\"medsos\"", "\"med\""),
        ("R12", "R92"),
        ("R23", "R93"),
        ("\"s1\"", "\"s9\""),
        ("\"m1\"", "\"m9\""),
        ("\"t1\"", "\"t9\""),
        ("\"w1\"", "\"w9\""),
    ] {
        text = text.replace(from, to);
    }
    std::fs::write(banks.join("pelatihan-1.toml"), text).unwrap();
    let store = fresh_store();
    take(&store, &banks.join("pelatihan-1.toml"), "Siti", WRONG);
    let review = |bank: &str| {
        kuis()
            .env("KUIS_STORE", &store)
            .arg("review")
            .arg(&banks)
            .args([
                "--bank",
                bank,
                "--name",
                "Siti",
                "--no-shuffle",
                "--answers",
                "-",
            ])
            .write_stdin(RIGHT)
            .output()
            .unwrap()
    };
    let out = review("pelatihan");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Bolehkah motor dinas dipakai kampanye?"),
        "{text}"
    );
    let out = review("tidak-ada");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("mini") && stderr.contains("pelatihan"),
        "{stderr}"
    );
}

// Test that the report learns what a blind guesser does from real answers: the share who
// picked the longest choice when it is wrong, and the distractors (almost) nobody picks, in
// JSON, the table and the HTML.
#[test]
fn longest_wrong_and_non_functioning_distractors() {
    let store = fresh_store();
    let mini = Path::new(MINI);
    for (i, answers) in [RIGHT, RIGHT, RIGHT, WRONG].iter().enumerate() {
        take(&store, mini, &format!("Peserta {i}"), answers);
    }
    let reports = report(&store, &["--with-bank", MINI]);
    // s1's longest choice ("Boleh di hari libur") is wrong: one of four picked it.
    assert_eq!(question(&reports[0], "s1")["longest_wrong"], 0.25);
    // A true-false statement has no longest choice.
    assert_eq!(question(&reports[0], "t1")["longest_wrong"], Value::Null);
    // w1: nobody picked b (2 points, not the best); one of four picked c.
    let w1 = &question(&reports[0], "w1")["choices"];
    let unused: Vec<(&str, bool)> = w1
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap(),
                c["non_functioning"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(unused, [("a", false), ("b", true), ("c", false)]);

    let run = |format: &str| {
        let out = kuis()
            .env("KUIS_STORE", &store)
            .args([
                "--lang",
                "en",
                "report",
                "--with-bank",
                MINI,
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let table = run("human");
    assert!(
        table.contains("Longest (wrong) picked ┆ Non-functioning distractors"),
        "{table}"
    );
    let w1_row = table.lines().find(|l| l.contains("│ w1")).unwrap();
    assert!(
        w1_row
            .trim_end()
            .ends_with("┆ —                      ┆ b                           │"),
        "{w1_row}"
    );
    let html = run("html");
    assert!(
        html.contains("<li class=\"unused\">b. Decline without a word — 0 ∅</li>"),
        "{html}"
    );
    assert!(
        html.contains("<p class=\"cue\">Longest (wrong) picked: 25%</p>"),
        "{html}"
    );
}
