//! The integration tests: one binary (link time), a module per feature, all on the real `kuis`.

mod banks;
mod check;
mod cli;
mod docs;
mod list;
mod pty;
mod take;

use assert_cmd::Command;

/// The real binary with a predictable environment: Indonesian unless a test says otherwise,
/// no colour, no user config, no terminal.
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
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// A path inside the project.
pub fn project(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}
