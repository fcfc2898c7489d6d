//! The report in bounded memory (issue 26, point 6): per-person rows go through sorted runs
//! on disk once there are more than a few thousand, and the report must say exactly what it
//! said when it held everyone in memory. The golden files in `tests/fixtures/report-people/`
//! are the output of kuis before that change (commit 9745360) over `attempts.jsonl`
//! (made by its `generate.py`: 320 attempts on two banks, 45 people with up to a dozen
//! attempts each, some known by name only and written in other cases, units that change,
//! exams, practice, review rounds and interrupted attempts, three rooms, contents changed
//! between bank versions).

use std::path::Path;

use super::kuis;
use super::store::{Backend, TestStore, per_backend};

const FIXTURE: &str = "tests/fixtures/report-people";

/// Each golden file and the `kuis report` arguments that made it: every grading method, and
/// the selections by room, bank, time and unit.
const CASES: &[(&str, &[&str])] = &[
    ("default.json", &["--format", "json"]),
    ("first.json", &["--format", "json", "--grade", "first"]),
    ("best.json", &["--format", "json", "--grade", "best"]),
    ("last.json", &["--format", "json", "--grade", "last"]),
    ("mean.json", &["--format", "json", "--grade", "mean"]),
    (
        "mean-room.json",
        &["--format", "json", "--grade", "mean", "--room", "kelas-a"],
    ),
    (
        "best-bank.json",
        &["--format", "json", "--grade", "best", "--bank", "bank-b"],
    ),
    (
        "last-time.json",
        &[
            "--format",
            "json",
            "--grade",
            "last",
            "--since",
            "2026-11-05",
            "--until",
            "2026-11-20",
        ],
    ),
    (
        "first-unit.json",
        &[
            "--format",
            "json",
            "--grade",
            "first",
            "--unit",
            "dinas pendidikan",
        ],
    ),
    (
        "mean.html",
        &[
            "--format",
            "html",
            "--grade",
            "mean",
            "--tz",
            "Asia/Jakarta",
        ],
    ),
    (
        "default.txt",
        &["--format", "human", "--tz", "Asia/Jakarta"],
    ),
];

/// `kuis report` with `args` on `store` (or on the fixture file when `None`), keeping
/// `rows` per-person rows in memory (`None`: kuis's own number); its standard output.
fn report(store: Option<&str>, rows: Option<usize>, args: &[&str]) -> Vec<u8> {
    let mut cmd = kuis();
    cmd.args(["--lang", "en", "report"]).args(args);
    match store {
        Some(store) => cmd.env("KUIS_STORE", store),
        None => cmd.args(["--attempts", &format!("{FIXTURE}/attempts.jsonl")]),
    };
    if let Some(rows) = rows {
        cmd.env("KUIS_REPORT_ROWS_IN_MEMORY", rows.to_string());
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Whether `got` is the golden file `name`, byte for byte (the first differing line shown).
fn same_as_golden(name: &str, got: &[u8], how: &str) {
    let golden = std::fs::read(Path::new(FIXTURE).join(name)).unwrap();
    if got != golden {
        let got = String::from_utf8_lossy(got);
        let golden = String::from_utf8_lossy(&golden);
        let line = got
            .lines()
            .zip(golden.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name} ({how}) differs from what kuis said before, first at line {}:\n  now:    {:?}\n  before: {:?}",
            line + 1,
            got.lines().nth(line),
            golden.lines().nth(line)
        );
    }
}

// Test that on each backend the report's figures, rows and their order are exactly those of
// the report that held everyone in memory, for every grading method and selection, whether
// the per-person rows stay in memory, go through runs of 3 rows on disk, or of 1.
fn same_report_as_before(backend: Backend) {
    let Some(s) = TestStore::new(backend, "same_report_as_before") else {
        return;
    };
    let out = kuis()
        .env("KUIS_STORE", &s.value)
        .args(["--lang", "en", "import"])
        .arg(format!("{FIXTURE}/attempts.jsonl"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", super::stderr(&out));
    for (name, args) in CASES {
        for rows in [None, Some(3), Some(1)] {
            let got = report(Some(&s.value), rows, args);
            same_as_golden(name, &got, &format!("{backend:?}, {rows:?} rows in memory"));
        }
    }
}

per_backend!(same_report_as_before);

// Test that a report over attempt files (no store) is the same whether its per-person rows
// stay in memory or go through runs of 2 on disk. (Not the golden files: a file gives its
// attempts in the file's order, the store by finishing time, and sums over another order
// differ in the last bit.)
#[test]
fn same_report_from_files_spilled() {
    for (_, args) in CASES {
        assert!(
            report(None, None, args) == report(None, Some(2), args),
            "{args:?}"
        );
    }
}
