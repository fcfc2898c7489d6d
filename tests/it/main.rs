//! The integration tests: one binary (link time), a module per feature, all on the real `kuis`.

mod authoring;
mod banks;
mod browser;
mod check;
mod cli;
mod content;
mod convert;
mod docs;
mod english;
mod faults;
mod hostile;
mod list;
mod pty;
mod report;
mod results;
mod take;

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
