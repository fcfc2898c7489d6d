//! People's words from every way in (import, the web form, `take`'s flags) cleaned alike, and
//! whatever a store holds shown safely: a terminal gets no escape sequence, a spreadsheet no
//! formula and no cell over Excel's limit (issue 23). On both backends.

use calamine::Reader;
use kuis::results::attempt::Attempt;
use kuis::results::store::Store;
use serde_json::Value;

use super::hostile::{attempt, import, new_id};
use super::serve::{Browser, csrf_of, location};
use super::server::Server;
use super::store::{Backend, TestStore, on, per_backend};
use super::{MINI, stderr, stored};

/// A name as the probe wrote it: retitle the terminal, clear it, hide what follows,
/// a newline, and bidi marks.
const HOSTILE: &str = "\u{1b}]0;OWNED\u{7}\u{1b}[2J\u{1b}[8mSiti\nRahma\u{200e}\u{200f}";
/// It, as kept.
const KEPT: &str = "Siti Rahma";

per_backend!(
    import_cleans_and_refuses,
    terminal_and_xlsx_withstand_the_store,
    web_form_cleans,
);

/// The attempt with this id among `attempts`.
fn by_id<'a>(attempts: &'a [Attempt], id: &str) -> &'a Attempt {
    attempts
        .iter()
        .find(|a| a.id.to_string() == id)
        .unwrap_or_else(|| panic!("attempt {id} is stored"))
}

// Test that import strips controls and bidi marks from names and units (a newline becomes a
// space), cuts a 50 MB name to 200 characters, keeps a grouped NIP as its 18 digits, refuses
// a NIP such as `@SUM(1)` by name as the web form does, and that CSV neutralises a unit that
// starts with a fullwidth ＝.
fn import_cleans_and_refuses(backend: Backend) {
    let Some(s) = TestStore::new(backend, "import_cleans_and_refuses") else {
        return;
    };
    let good = attempt("a\na,c\nsalah\na\n");
    let mut hostile = good.clone();
    hostile["participant"] = serde_json::json!({
        "name": HOSTILE,
        "nip": "19900101 202012 2 001",
        "unit": "\u{2066}＝1+1\u{202e}\u{61c}",
    });
    new_id(&mut hostile, 1);
    let mut huge = good.clone();
    huge["participant"]["name"] = Value::from("x".repeat(50 << 20));
    new_id(&mut huge, 2);
    let mut formula = good.clone();
    formula["participant"]["nip"] = "@SUM(1)".into();
    new_id(&mut formula, 3);
    let mut lookalike = good.clone();
    lookalike["participant"]["name"] = "F\u{456}rst Guesser".into();
    new_id(&mut lookalike, 4);
    let out = import(s.path(), &[hostile, huge, formula, lookalike], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("participant.name mixes letters of lookalike scripts"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("participant.nip is not a NIP of 18 digits"),
        "{}",
        stderr(&out)
    );
    let attempts = stored(s.path());
    assert_eq!(attempts.len(), 2);
    let one = &by_id(&attempts, "6f1c3a4e-0000-4000-8000-000000000001").participant;
    assert_eq!(one.name.as_deref(), Some(KEPT));
    assert_eq!(one.nip.as_deref(), Some("199001012020122001"));
    assert_eq!(one.unit.as_deref(), Some("＝1+1"));
    let two = &by_id(&attempts, "6f1c3a4e-0000-4000-8000-000000000002").participant;
    assert_eq!(two.name.as_deref(), Some("x".repeat(200).as_str()));

    let csv = on(&s, &["export"]);
    assert!(csv.status.success(), "{}", stderr(&csv));
    let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
    let units: Vec<String> = reader.records().map(|r| r.unwrap()[3].to_owned()).collect();
    assert!(units.contains(&"'＝1+1".to_owned()), "{units:?}");
}

// Test that what a store holds whoever wrote it (here written behind every cleaner's back: an
// old kuis, an import before the cleaner) never drives the trainer's terminal in `report`
// and `history` (each control shown as an escape), and that a 40,000-character unit is cut
// with "…" to Excel's 32,767 in an xlsx export instead of failing it.
fn terminal_and_xlsx_withstand_the_store(backend: Backend) {
    let Some(s) = TestStore::new(backend, "terminal_and_xlsx_withstand_the_store") else {
        return;
    };
    let mut raw = attempt("a\na,c\nsalah\na\n");
    raw["participant"] = serde_json::json!({
        "name": HOSTILE,
        "nip": "199001012020122001",
        "unit": "u".repeat(40_000),
    });
    let a: Attempt = serde_json::from_value(raw).unwrap();
    Store::open(s.path()).unwrap().insert_batch(&[a]).unwrap();

    for args in [&["report"][..], &["history", "--all"]] {
        let out = on(&s, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{200e}'),
            "{args:?} passes a control on: {text:?}"
        );
        assert!(text.contains("\\u{1b}]0;OWNED\\u{7}"), "{args:?}: {text}");
    }

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hasil.xlsx");
    let out = on(
        &s,
        &["export", "--format", "xlsx", "-o", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let sheet = book.worksheet_range("attempts").unwrap();
    let header = super::sheet_header(&sheet);
    let col = header.iter().position(|h| h == "unit").unwrap();
    let unit = sheet.rows().nth(1).unwrap()[col].to_string();
    assert_eq!(unit.chars().count(), 32_767);
    assert!(unit.ends_with("u…"), "{}", &unit[unit.len() - 10..]);
}

// Test that the web form cleans a name and unit as import does (the attempt is stored with
// the kept words), and refuses a name over 200 characters and a NIP that is not 18 digits
// with the reasons, in the page's language.
fn web_form_cleans(backend: Backend) {
    let Some(s) = TestStore::new(backend, "web_form_cleans") else {
        return;
    };
    let server = Server::start(&s.value, &[MINI, "--no-shuffle"]);
    let mut b = Browser::new(&server.base);
    let welcome = b.page("/");
    // The browser keeps to the cap the server holds to.
    assert_eq!(welcome.matches("maxlength=\"200\"").count(), 2, "{welcome}");
    let csrf = csrf_of(&welcome);
    let long = "a".repeat(201);
    let refused = b
        .post(
            "/join",
            &[
                ("csrf", &csrf),
                ("name", &long),
                ("nip", "@SUM(1)"),
                ("unit", "BKPSDM"),
            ],
        )
        .text()
        .unwrap();
    assert!(
        refused.contains("Nama dan unit kerja paling panjang 200 huruf."),
        "{refused}"
    );
    assert!(refused.contains("NIP terdiri dari 18 angka"), "{refused}");

    let joined = b.post(
        "/join",
        &[
            ("csrf", &csrf),
            ("name", HOSTILE),
            ("nip", ""),
            ("unit", "\u{202e}Dinas\tKominfo"),
        ],
    );
    assert_eq!(location(&joined), "/q");
    let session = csrf_of(&b.page("/q"));
    b.answer(&session, 0, &[0]);
    let stop = b.post("/stop", &[("csrf", &session), ("confirm", "1")]);
    assert_eq!(location(&stop), "/done");
    server.stop();
    let attempts = stored(s.path());
    assert_eq!(attempts.len(), 1);
    let p = &attempts[0].participant;
    assert_eq!(p.name.as_deref(), Some(KEPT));
    assert_eq!(p.unit.as_deref(), Some("Dinas Kominfo"));
}

// Test that `take --name/--unit` clean as every way in does, and `--nip @SUM(1)` is refused.
#[test]
fn take_flags_clean() {
    let store = super::fresh_store();
    let out = super::kuis()
        .env("KUIS_STORE", &store)
        .args(["take", MINI, "--no-shuffle", "--answers", "-"])
        .args(["--name", HOSTILE, "--unit", "\u{200f}BKPSDM\n"])
        .write_stdin("a\na,c\nsalah\na\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let p = &stored(&store)[0].participant;
    assert_eq!(p.name.as_deref(), Some(KEPT));
    assert_eq!(p.unit.as_deref(), Some("BKPSDM"));
    let out = super::kuis()
        .args(["take", MINI, "--nip", "@SUM(1)", "--answers", "-"])
        .write_stdin("a\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("NIP terdiri dari 18 angka"));
    // A Cyrillic і in a Latin name reads as "First" but would be another person.
    let out = super::kuis()
        .args([
            "take",
            MINI,
            "--name",
            "F\u{456}rst Guesser",
            "--answers",
            "-",
        ])
        .write_stdin("a\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("--name: Nama dan unit kerja tidak boleh mencampur huruf aksara yang mirip"),
        "{}",
        stderr(&out)
    );
    // Zero-width characters go, as controls do.
    let store = super::fresh_store();
    let out = super::kuis()
        .env("KUIS_STORE", &store)
        .args(["take", MINI, "--no-shuffle", "--answers", "-"])
        .args(["--name", "Zero\u{200b}Width\u{2060}Joiner\u{feff}"])
        .write_stdin("a\na,c\nsalah\na\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stored(&store)[0].participant.name.as_deref(),
        Some("ZeroWidthJoiner")
    );
}

// Test that `kuis list` shows a bank file's escape sequences (in the bank's and the topics'
// titles) as escapes: a bank from elsewhere must not drive the trainer's terminal either.
#[test]
fn list_shows_controls_as_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("bank.toml");
    let text = std::fs::read_to_string(super::project(MINI)).unwrap();
    std::fs::write(
        &bank,
        text.replace("\"Bank kecil\"", "\"Bank\\u001b]0;OWNED\\u0007 kecil\"")
            .replace("\"Media sosial\"", "\"Media\\u001b[8m sosial\""),
    )
    .unwrap();
    let out = super::kuis().arg("list").arg(&bank).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
    assert!(shown.contains("Bank\\u{1b}]0;OWNED\\u{7} kecil"), "{shown}");
    assert!(shown.contains("Media\\u{1b}[8m sosial"), "{shown}");
}
