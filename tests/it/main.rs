//! The integration tests: one binary (link time), a module per feature, all on the real `kuis`.

mod authoring;
mod banks;
mod browser;
mod certificate;
mod check;
mod cli;
mod content;
mod convert;
mod docs;
mod english;
mod exam;
mod faults;
mod hostile;
mod layout;
mod list;
mod privacy;
mod pty;
mod report;
mod report_bounded;
mod results;
mod room;
mod serve;
mod serve_pg;
mod server;
mod store;
mod take;
mod words;

use assert_cmd::Command;

/// A store of its own for each call, so tests neither touch the user's store nor each other's.
pub fn fresh_store() -> std::path::PathBuf {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder"));
    dir.path()
        .join(format!("store-{}.sqlite", N.fetch_add(1, Ordering::SeqCst)))
}

/// The real binary with a predictable environment: Indonesian unless a test says otherwise,
/// no colour, no user config, a fresh store, no terminal.
pub fn kuis() -> Command {
    let mut cmd = Command::cargo_bin("kuis").expect("the kuis binary is built");
    cmd.env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("KUIS_LANG")
        .env_remove("KUIS_FAKE_CLOCK_STEP")
        .env("NO_COLOR", "1")
        .env(
            "KUIS_CONFIG",
            std::env::temp_dir().join("kuis-tests-no-config.toml"),
        )
        .env("KUIS_STORE", fresh_store())
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// A path inside the project.
pub fn project(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The mini bank: four questions, one of each kind.
pub const MINI: &str = "tests/fixtures/good/mini.toml";

/// Take `bank` in file order as `name` (unit BKPSDM) with scripted `answers`, saving into
/// `store`.
pub fn take_as(
    store: &std::path::Path,
    bank: &str,
    name: &str,
    answers: &str,
) -> std::process::Output {
    kuis()
        .env("KUIS_STORE", store)
        .args([
            "take",
            bank,
            "--no-shuffle",
            "--name",
            name,
            "--unit",
            "BKPSDM",
        ])
        .args(["--answers", "-"])
        .write_stdin(answers)
        .output()
        .unwrap()
}

/// Every attempt in `store`, oldest first, read back through `kuis export` (which must
/// succeed and give valid records: a test must not mistake a broken read for an empty store).
pub fn stored(store: &std::path::Path) -> Vec<kuis::results::attempt::Attempt> {
    let out = kuis()
        .env("KUIS_STORE", store)
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    kuis::results::attempt::Attempt::parse_many(&String::from_utf8(out.stdout).unwrap())
        .expect("the store gives back valid attempts")
}

/// What a run wrote on stderr, as text.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The first row of a workbook's sheet, as text: the column names.
pub fn sheet_header(sheet: &calamine::Range<calamine::Data>) -> Vec<String> {
    sheet
        .rows()
        .next()
        .expect("a header row")
        .iter()
        .map(|c| c.to_string())
        .collect()
}
