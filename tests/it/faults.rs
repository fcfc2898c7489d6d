//! Faults around the store: read-only, missing folder, disk full, locked past the busy
//! timeout, corrupt, and `kill -9` while saving. No result is ever lost: when the store
//! fails, the attempt is appended to a fallback file whose path is printed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use kuis::results::attempt::Attempt;

use super::{MINI, kuis, project};

/// Take the mini quiz saving into `store`, from `cwd` (where the fallback goes).
fn take(store: &Path, cwd: &Path, envs: &[(&str, &str)]) -> Output {
    let mut cmd = kuis();
    cmd.env("KUIS_STORE", store).current_dir(cwd);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.args(["--lang", "en", "take"])
        .arg(project(MINI))
        .args(["--no-shuffle", "--anonymous", "--answers", "-"])
        .write_stdin("a\na,c\nsalah\na\n")
        .output()
        .unwrap()
}

/// Assert the store failed cleanly: exit 3, a message naming `what`, and a fallback file
/// (named in the message) holding the whole attempt.
fn fell_back(out: &Output, cwd: &Path, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains(what), "expected {what:?} in: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let fallback: PathBuf = cwd.join(kuis::cmd::take::FALLBACK);
    assert!(
        fallback.is_file(),
        "no fallback file in {}: {stderr}",
        cwd.display()
    );
    assert!(
        stderr.contains(&format!(
            "kuis import {}",
            std::path::absolute(&fallback).unwrap().display()
        )),
        "{stderr}"
    );
    let saved = Attempt::parse_many(&std::fs::read_to_string(&fallback).unwrap()).unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].answers.len(), 4);
    assert_eq!(saved[0].percent, 100.0);
}

// Test a read-only store: the attempt goes to the fallback file. Root ignores file modes,
// so as root the quiz runs as "nobody" (setpriv), for whom the mode holds.
#[test]
fn read_only_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kuis.sqlite");
    // A real store, then made read-only.
    assert!(take(&store, dir.path(), &[]).status.success());
    let cwd = dir.path().join("cwd");
    std::fs::create_dir(&cwd).unwrap();
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mode =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    mode(&store, 0o444);
    mode(dir.path(), 0o755);
    mode(&cwd, 0o777);
    // The store belongs to whoever runs the tests: uid 0 means root.
    let is_root = std::fs::metadata(&store).unwrap().uid() == 0;
    let out = if is_root {
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_kuis"))
            .args(["--lang", "en", "take"])
            .arg(project(MINI))
            .args(["--no-shuffle", "--anonymous", "--answers", "-"])
            .env("KUIS_STORE", &store)
            .env("KUIS_CONFIG", cwd.join("config.toml"))
            .env("NO_COLOR", "1")
            .current_dir(&cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child
                    .stdin
                    .take()
                    .unwrap()
                    .write_all(b"a\na,c\nsalah\na\n")?;
                child.wait_with_output()
            })
            .unwrap()
    } else {
        take(&store, &cwd, &[])
    };
    fell_back(&out, &cwd, "readonly");
}

// Test a store whose folder does not exist.
#[test]
fn missing_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = take(&dir.path().join("nowhere/kuis.sqlite"), dir.path(), &[]);
    fell_back(&out, dir.path(), "the folder does not exist");
}

// Test a store on a full disk: /dev/full takes no write (ENOSPC), like a full tmpfs.
#[test]
fn disk_full() {
    let dir = tempfile::tempdir().unwrap();
    let out = take(Path::new("/dev/full"), dir.path(), &[]);
    fell_back(&out, dir.path(), "database or disk is full");
}

// Test a store locked by another process for longer than the busy timeout.
#[test]
fn locked_past_the_busy_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kuis.sqlite");
    assert!(take(&store, dir.path(), &[]).status.success());
    let holder = rusqlite::Connection::open(&store).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let out = take(&store, dir.path(), &[("KUIS_BUSY_TIMEOUT_MS", "300")]);
    fell_back(&out, dir.path(), "database is locked");
    holder.execute_batch("ROLLBACK").unwrap();
}

// Test a store file full of random bytes.
#[test]
fn corrupt_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kuis.sqlite");
    let noise: Vec<u8> = (0..65_536u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&store, noise).unwrap();
    let out = take(&store, dir.path(), &[]);
    fell_back(&out, dir.path(), "not a database");
}

fn feed(child: &mut std::process::Child, text: &str) {
    use std::io::Write;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(text.as_bytes());
    }
}

// Test that killing `kuis take` with SIGKILL at random moments while it saves never leaves a
// store that fails SQLite's integrity check (50 times).
#[test]
fn kill_9_while_saving() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kuis.sqlite");
    // The whole built-in bank answered "a": a large attempt to write. Counted from the file,
    // so the test keeps up as the bank grows.
    let set = kuis::files::load(&[project("quizzes/netralitas-asn.toml")]);
    let questions = set.loaded[0].bank.questions.len();
    let answers = "a\n".repeat(questions);
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_kuis"))
            .args([
                "take",
                "--no-shuffle",
                "--count",
                "all",
                "--anonymous",
                "--answers",
                "-",
            ])
            .env("KUIS_STORE", &store)
            .env("KUIS_CONFIG", dir.path().join("config.toml"))
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // Kill moments spread over a whole run (timed once), so some runs die before, some
    // during and some after the save.
    let started = std::time::Instant::now();
    let mut child = run();
    feed(&mut child, &answers);
    child.wait().unwrap();
    let whole = started.elapsed().as_micros() as u64 + 1;
    // The range of kill moments grows by a tenth after each run that had not finished: on a
    // loaded machine (tests run side by side) a run can take several times the first one.
    let mut range = whole + whole / 4;
    let mut state = 0x2545F4914F6CDD1Du64;
    for _ in 0..50 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let delay = Duration::from_micros(state % range);
        let mut child = run();
        feed(&mut child, &answers);
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            range += range / 10;
        }
        let _ = child.kill();
        let _ = child.wait();
        let conn = rusqlite::Connection::open(&store).unwrap();
        let verdict: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(verdict, "ok");
    }
    // Whatever landed is whole: every stored attempt has all its answers. Some runs were
    // killed before saving and some finished, or the test proved nothing.
    let conn = rusqlite::Connection::open(&store).unwrap();
    let saved: i64 = conn
        .query_row("SELECT COUNT(*) FROM attempts", [], |r| r.get(0))
        .unwrap();
    assert!(saved > 1 && saved < 51, "{saved} of 51 runs saved");
    let broken: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM attempts a WHERE (SELECT COUNT(*) FROM answers x WHERE x.attempt_id = a.id) != ?1",
            [questions as i64],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(broken, 0);
}
