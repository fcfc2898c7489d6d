//! Hostile files, special files, signals and forged imports (issue 13): nothing lost, nothing
//! hangs, nothing trusted blindly. Cases that could hang run with a timeout, so a regression
//! fails instead of stopping the suite.

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kuis::results::attempt::Attempt;
use serde_json::Value;

use super::{MINI, fresh_store, kuis, project, stderr};

/// Long enough for a slow CI machine, short enough that a hang fails the test.
const LIMIT: Duration = Duration::from_secs(30);

/// `sh -c` with a known umask, running kuis (for the modes of new files).
fn with_umask(umask: &str, args: &[&str], dir: &Path) -> std::process::Output {
    let mut script = format!("umask {umask}; exec \"$0\"");
    for i in 1..=args.len() {
        script += &format!(" \"${i}\"");
    }
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_kuis"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("KUIS_STORE", fresh_store())
        .output()
        .unwrap()
}

/// A device like `/dev/null` (char 1 3) or `/dev/full` (char 1 7) in `dir`, so that a
/// regression replaces a private copy, never the machine's own: as root, a node of our own
/// (mknod); otherwise a link to the real one, which a user cannot replace anyway.
fn device(dir: &Path, name: &str, minor: u32) -> PathBuf {
    let path = dir.join(name);
    let is_root = std::fs::metadata(dir).unwrap().uid() == 0;
    if is_root {
        let status = Command::new("mknod")
            .args(["-m", "666"])
            .arg(&path)
            .args(["c", "1", &minor.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    } else {
        symlink(format!("/dev/{name}"), &path).unwrap();
    }
    path
}

// Test (1) that writing to a device writes through it and leaves the device a device: as
// root, renaming over /dev/null used to replace it with a regular file. `/dev/stdout` is
// stood in for by a link to /proc/self/fd/1, which is what it is.
#[test]
fn output_to_devices_writes_through() {
    let dir = tempfile::tempdir().unwrap();
    let null = device(dir.path(), "null", 3);
    let full = device(dir.path(), "full", 7);
    let stdout = dir.path().join("stdout");
    symlink("/proc/self/fd/1", &stdout).unwrap();
    for target in [&null, &stdout] {
        let out = kuis()
            .args(["convert", MINI, "--to", "gift", "-o"])
            .arg(target)
            .timeout(LIMIT)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            target.display(),
            stderr(&out)
        );
        assert!(std::fs::symlink_metadata(&stdout).unwrap().is_symlink());
        assert!(
            std::fs::metadata(&null)
                .unwrap()
                .file_type()
                .is_char_device()
        );
        if target == &stdout {
            assert!(String::from_utf8_lossy(&out.stdout).contains("::s1::"));
        }
    }
    let out = kuis()
        .args(["convert", MINI, "--to", "gift", "-o", "-"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("::s1::"));
    // A full device is an error with the path, not a silent replacement.
    let out = kuis()
        .args(["convert", MINI, "--to", "gift", "-o"])
        .arg(&full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("full"), "{}", stderr(&out));
    assert!(
        std::fs::metadata(&full)
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

// Test (1) that a symlink is followed and its target replaced (the link stays a link), that
// an existing file keeps its mode and owner, and that new files are 0644 under the umask.
#[test]
fn output_follows_links_and_keeps_modes() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.gift");
    let link = dir.path().join("link.gift");
    std::fs::write(&real, "old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    symlink("real.gift", &link).unwrap();
    let is_root = std::fs::metadata(&real).unwrap().uid() == 0;
    if is_root {
        std::os::unix::fs::chown(&real, Some(65534), Some(65534)).unwrap();
    }
    let out = with_umask(
        "022",
        &[
            "convert",
            &project(MINI).to_string_lossy(),
            "--to",
            "gift",
            "-o",
            "link.gift",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let meta = std::fs::metadata(&real).unwrap();
    assert!(std::fs::read_to_string(&real).unwrap().contains("::s1::"));
    assert_eq!(meta.mode() & 0o777, 0o640);
    if is_root {
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    }
    // New files people share: a bank, an export, a report.
    for (umask, mode) in [("022", 0o644), ("077", 0o600)] {
        let name = format!("new-{umask}.toml");
        let out = with_umask(umask, &["new", &name], dir.path());
        assert!(out.status.success(), "{}", stderr(&out));
        let got = std::fs::metadata(dir.path().join(&name)).unwrap().mode() & 0o777;
        assert_eq!(got, mode, "umask {umask}");
    }
    let out = with_umask("022", &["export", "-o", "x.csv"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let got = std::fs::metadata(dir.path().join("x.csv")).unwrap().mode() & 0o777;
    assert_eq!(got, 0o644);
}

// Test (2) that converting onto the input (directly or through a link) is refused unless
// --in-place, and that a file that yields no question is an error, not an empty bank.
#[test]
fn convert_refuses_its_own_input() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("b.toml");
    std::fs::copy(project(MINI), &bank).unwrap();
    symlink("b.toml", dir.path().join("l.toml")).unwrap();
    let before = std::fs::read_to_string(&bank).unwrap();
    for target in ["b.toml", "l.toml", "./b.toml"] {
        let out = kuis()
            .current_dir(dir.path())
            .args([
                "--lang", "en", "convert", "b.toml", "--to", "toml", "-o", target,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{target}: {}", stderr(&out));
        assert!(stderr(&out).contains("--in-place"), "{}", stderr(&out));
    }
    assert_eq!(std::fs::read_to_string(&bank).unwrap(), before);
    // GIFT to TOML in place, then again: the second finds no GIFT question.
    let gift = dir.path().join("x.gift");
    let out = kuis()
        .args(["convert", MINI, "--to", "gift", "-o"])
        .arg(&gift)
        .output()
        .unwrap();
    assert!(out.status.success());
    let in_place = || {
        kuis()
            .current_dir(dir.path())
            .args([
                "--lang",
                "en",
                "convert",
                "x.gift",
                "--to",
                "toml",
                "--in-place",
            ])
            .output()
            .unwrap()
    };
    let out = in_place();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&gift).unwrap().contains("[bank]"));
    let out = in_place();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no question could be read"),
        "{}",
        stderr(&out)
    );
}

// Test (3) that a folder with self-links is scanned once, without following them.
#[test]
fn folder_scan_ignores_symlinked_folders() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(project(MINI), dir.path().join("b.toml")).unwrap();
    symlink(".", dir.path().join("s1")).unwrap();
    symlink(".", dir.path().join("s2")).unwrap();
    // A symlinked file to the same bank is still the same bank, read once.
    symlink("b.toml", dir.path().join("same.toml")).unwrap();
    let out = kuis()
        .args(["--lang", "en", "check"])
        .arg(dir.path())
        .timeout(LIMIT)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(": 1 file(s), 4 question(s)"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("E010"), "{}", stderr(&out));
}

/// A FIFO in a fresh folder.
fn fifo(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let status = Command::new("mkfifo").arg(&path).status().unwrap();
    assert!(status.success());
    path
}

// Test (4) that a FIFO with no writer, given as a bank, an import or an answers file, never
// blocks on open.
#[test]
fn fifo_never_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let bank = fifo(dir.path(), "f.toml");
    let started = Instant::now();
    let out = kuis()
        .args(["check"])
        .arg(&bank)
        .timeout(LIMIT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = kuis()
        .args(["import"])
        .arg(fifo(dir.path(), "f.json"))
        .timeout(LIMIT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = kuis()
        .args(["take", MINI, "--anonymous", "--answers"])
        .arg(fifo(dir.path(), "answers.txt"))
        .timeout(LIMIT)
        .output()
        .unwrap();
    // No answer comes: the quiz stops at once, as Esc at the first question does.
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stderr(&out).contains("Tidak ada soal yang dijawab"));
    assert!(started.elapsed() < LIMIT);
    // A folder where a file is expected: the message names it.
    let out = kuis()
        .args(["--lang", "en", "take", MINI, "--anonymous", "--answers"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&dir.path().display().to_string()) && stderr(&out).contains("folder"),
        "{}",
        stderr(&out)
    );
}

// Test (5) that endless answers (/dev/zero, no newline ever) end with a located error.
#[test]
fn answers_are_capped() {
    let out = kuis()
        .args(["--lang", "en", "take", MINI, "--anonymous", "--no-save"])
        .args(["--answers", "/dev/zero"])
        .timeout(LIMIT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("/dev/zero:1: this line is longer than 4096 bytes"),
        "{}",
        stderr(&out)
    );
    // Endless comment lines stop at the line cap.
    let comments = "# note\n".repeat(kuis::ui::scripted::MAX_LINES + 10);
    let out = kuis()
        .args(["--lang", "en", "take", MINI, "--anonymous", "--no-save"])
        .args(["--answers", "-"])
        .write_stdin(comments)
        .timeout(LIMIT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("too many answer lines"),
        "{}",
        stderr(&out)
    );
}

// Test (6) that a streamed bank over the cap is E003 like a file, not cut and accepted.
#[test]
fn streamed_bank_over_the_cap() {
    let mut text = std::fs::read_to_string(project(MINI)).unwrap();
    let filler = "# filler filler filler filler filler filler filler filler filler\n";
    while text.len() as u64 <= kuis::files::MAX_BANK_BYTES {
        text.push_str(filler);
    }
    let out = kuis()
        .args(["check", "/dev/stdin"])
        .write_stdin(text)
        .timeout(LIMIT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("E003"), "{}", stderr(&out));
    // Under the cap, a stream is read whole.
    let out = kuis()
        .args(["check", "/dev/stdin"])
        .write_stdin(std::fs::read_to_string(project(MINI)).unwrap())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

// Test (7): a BOM before the first answer, deep dotted keys located, `\u0000` refused.
#[test]
fn smaller_input_faults() {
    let out = kuis()
        .args([
            "take",
            MINI,
            "--anonymous",
            "--no-shuffle",
            "--no-save",
            "--answers",
            "-",
        ])
        .write_stdin("\u{feff}a\na,c\nsalah\na\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("deep.toml");
    let key = vec!["a"; 100_000].join(".");
    std::fs::write(
        &deep,
        format!("[bank]\nid = \"x\"\ntitle = \"t\"\n{key} = 1\n"),
    )
    .unwrap();
    let out = kuis().arg("check").arg(&deep).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("deep.toml:4:1"), "{}", stderr(&out));
    let nul = dir.path().join("nul.toml");
    let text = std::fs::read_to_string(project(MINI)).unwrap().replacen(
        "Boleh di hari libur",
        "Boleh\\u0000 di hari libur",
        1,
    );
    std::fs::write(&nul, text).unwrap();
    let out = kuis()
        .args(["--lang", "en", "check"])
        .arg(&nul)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("E007") && stderr(&out).contains("NUL"),
        "{}",
        stderr(&out)
    );
}

/// An attempt on the mini bank, taken for real with these answers.
pub(super) fn attempt(answers: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("a.json");
    let out = kuis()
        .args([
            "take",
            MINI,
            "--anonymous",
            "--no-shuffle",
            "--no-save",
            "--answers",
            "-",
        ])
        .arg("--out")
        .arg(&out_file)
        .write_stdin(answers)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap()
}

/// Import these records (one JSON Lines file) into `store`, with `extra` arguments.
pub(super) fn import(store: &Path, records: &[Value], extra: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.jsonl");
    let lines: Vec<String> = records.iter().map(Value::to_string).collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    kuis()
        .env("KUIS_STORE", store)
        .args(["--lang", "en", "import"])
        .args(extra)
        .arg(&file)
        .output()
        .unwrap()
}

pub(super) fn new_id(v: &mut Value, n: u32) {
    v["id"] = format!("6f1c3a4e-0000-4000-8000-{n:012}").into();
}

// Test (8) that forged score fields are refused by name, and the rest imported.
#[test]
fn import_recomputes_scores() {
    let good = attempt("a\na,c\nsalah\na\n");
    let low = attempt("b\na\nbenar\na\n");
    let mut forged = Vec::new();
    let mut a = good.clone();
    (a["score"], a["percent"], a["passed"]) = (0.into(), 100.into(), true.into());
    forged.push((a, "score says 0"));
    let mut a = good.clone();
    (a["max"], a["percent"]) = (0.into(), 100.into());
    forged.push((a, "max says 0"));
    let mut a = low.clone();
    a["passed"] = true.into();
    forged.push((a, "passed says true"));
    // Consistent sums over a forged answer: only the bank can tell.
    let mut a = low.clone();
    a["answers"][0]["points"] = 1.into();
    let score = a["score"].as_f64().unwrap() + 1.0;
    a["score"] = score.into();
    a["percent"] = (score * 25.0).into();
    a["passed"] = (score * 25.0 >= 75.0).into();
    forged.push((a, "answers[0].points says 1, but recomputing gives 0"));
    for (i, (record, expected)) in forged.into_iter().enumerate() {
        let mut record = record;
        new_id(&mut record, i as u32);
        let store = fresh_store();
        let out = import(&store, &[record, good.clone()], &["--with-bank", MINI]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{expected}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains("1 imported, 0 already there, 1 record(s) refused"),
            "{}",
            stderr(&out)
        );
    }
}

// Test that an attempt whose bank is not at hand is imported with a warning that names the
// bank and says how to have its answers rescored: without the bank a forged answer that adds
// up cannot be told from a real one, and the trainer must know that.
#[test]
fn import_says_what_it_could_not_rescore() {
    let good = attempt("a\na,c\nsalah\na\n");
    let store = fresh_store();
    let out = import(&store, std::slice::from_ref(&good), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "warning: 1 record(s) read without rescoring their answers, as their bank is not at hand (mini): only each record's own arithmetic was checked; give --with-bank FILE"
        ),
        "{}",
        stderr(&out)
    );
    let store = fresh_store();
    let out = import(&store, &[good], &["--with-bank", MINI]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

// Test (9) that the same id with other content is a conflict, within a file and across files;
// the same content is skipped.
#[test]
fn import_uuid_conflicts() {
    let good = attempt("a\na,c\nsalah\na\n");
    let mut other = good.clone();
    other["seed"] = 7.into();
    let mut third = good.clone();
    new_id(&mut third, 3);
    let store = fresh_store();
    let out = import(&store, &[good.clone(), other.clone(), third], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("record 2: attempt") && stderr(&out).contains("other content"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("2 imported"), "{}", stderr(&out));
    let out = import(&store, &[other], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = import(&store, &[good], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("0 imported, 1 already there"),
        "{}",
        stderr(&out)
    );
}

// Test (10) that fields are validated by type, text cells are neutralised in CSV, and NUL
// and bidi overrides are stripped from names and units.
#[test]
fn import_validates_fields_and_csv_is_safe() {
    let good = attempt("a\na,c\nsalah\na\n");
    let mut bad_hash = good.clone();
    bad_hash["bank"]["sha256"] = "=cmd|' /C calc'!A0".into();
    new_id(&mut bad_hash, 1);
    let mut bad_mode = good.clone();
    bad_mode["mode"] = "=1+1".into();
    new_id(&mut bad_mode, 2);
    let mut sly = good.clone();
    sly["participant"]["name"] = "Si\u{202e}ti\u{0}".into();
    sly["participant"]["unit"] = "\u{2066}=HYPERLINK(\"x\")".into();
    sly["bank"]["version"] = "=1+2".into();
    new_id(&mut sly, 3);
    let store = fresh_store();
    let out = import(&store, &[bad_hash, bad_mode, sly], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("bank.sha256 is not 64 hexadecimal digits"));
    assert!(
        stderr(&out).contains("mode must be one of"),
        "{}",
        stderr(&out)
    );
    let csv = kuis()
        .env("KUIS_STORE", &store)
        .args(["export"])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[1], "Siti");
    assert_eq!(&row[3], "'=HYPERLINK(\"x\")");
    assert_eq!(&row[5], "'=1+2");
    for cell in row.iter() {
        assert!(!cell.starts_with('='), "{cell}");
    }
}

// Test (11) that a large array streams in batches: a refused record in the middle keeps out
// only itself.
#[test]
fn import_streams_in_batches() {
    let good = attempt("a\na,c\nsalah\na\n");
    let records: Vec<Value> = (0..2500)
        .map(|n| {
            let mut a = good.clone();
            new_id(&mut a, n);
            if n == 1234 {
                a["score"] = 9.into();
            }
            a
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("all.json");
    std::fs::write(&file, Value::Array(records).to_string()).unwrap();
    let store = fresh_store();
    let out = kuis()
        .env("KUIS_STORE", &store)
        .args(["--lang", "en", "import"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("record 1235"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("2499 imported, 0 already there, 1 record(s) refused"),
        "{}",
        stderr(&out)
    );
}

/// Take the mini quiz with answers from a pipe kept open after `given`, send `signal` once the
/// first answer is in, and return the exit code, the stderr and the --out file.
fn take_then_signal(signal: &str, dir: &Path) -> (Option<i32>, String, Option<Attempt>, PathBuf) {
    let out_file = dir.join("a.json");
    let store = fresh_store();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kuis"))
        .args(["--lang", "en", "take", MINI, "--anonymous", "--no-shuffle"])
        .args(["--answers", "-", "--out"])
        .arg(&out_file)
        .env("KUIS_STORE", &store)
        .env("NO_COLOR", "1")
        .env("KUIS_CONFIG", dir.join("config.toml"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::{Read, Write};
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"a\n").unwrap();
    // Wait until the first answer is taken (its feedback is on stdout).
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let deadline = Instant::now() + LIMIT;
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("> a") {
        assert!(Instant::now() < deadline, "no feedback");
        let n = stdout.read(&mut buf).unwrap();
        assert!(n > 0, "kuis ended early");
        seen.extend_from_slice(&buf[..n]);
    }
    std::thread::sleep(Duration::from_millis(200));
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + LIMIT;
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("kuis did not stop after {signal}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(stdin);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let saved = std::fs::read_to_string(&out_file)
        .ok()
        .and_then(|t| Attempt::parse_many(&t).ok())
        .and_then(|mut v| v.pop());
    (code, err, saved, store)
}

// Test (12) that SIGINT and SIGTERM during a scripted quiz keep the attempt (as interrupted),
// write --out, save it, and exit 130 and 143.
#[test]
fn signals_keep_the_attempt() {
    for (signal, code) in [("-INT", 130), ("-TERM", 143)] {
        let dir = tempfile::tempdir().unwrap();
        let (got, err, saved, store) = take_then_signal(signal, dir.path());
        assert_eq!(got, Some(code), "{signal}: {err}");
        let saved = saved.unwrap_or_else(|| panic!("{signal}: no --out file: {err}"));
        assert_eq!(saved.ending, "interrupted");
        assert!(!saved.completed);
        assert_eq!(
            saved.answers.iter().filter(|a| a.chosen.is_some()).count(),
            1
        );
        let out = kuis()
            .env("KUIS_STORE", &store)
            .args(["export", "--format", "json"])
            .output()
            .unwrap();
        let stored = Attempt::parse_many(&String::from_utf8(out.stdout).unwrap()).unwrap();
        assert_eq!(stored.len(), 1, "{signal}");
    }
}

/// Run kuis as "nobody" when root (file modes do not bind root), else as ourselves.
fn as_nobody(args: &[&str], store: &Path) -> std::process::Output {
    let is_root = std::fs::metadata(store).unwrap().uid() == 0;
    let mut cmd = if is_root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_kuis"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_kuis"))
    };
    cmd.args(args)
        .env("KUIS_STORE", store)
        .env("NO_COLOR", "1")
        .env("KUIS_CONFIG", "/nonexistent/config.toml")
        .current_dir("/")
        .output()
        .unwrap()
}

// Test (13) that a read-only store (file and folder) can be reported on and exported, and
// that one needing an upgrade says so.
#[test]
fn read_only_store_is_readable() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ro");
    std::fs::create_dir(&folder).unwrap();
    let store = folder.join("kuis.sqlite");
    let out = kuis()
        .env("KUIS_STORE", &store)
        .args([
            "take",
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
    assert!(out.status.success(), "{}", stderr(&out));
    let mode =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    mode(&store, 0o444);
    mode(&folder, 0o555);
    mode(dir.path(), 0o755);
    for args in [
        vec!["--lang", "en", "export"],
        vec!["--lang", "en", "report", "--format", "json"],
        vec!["--lang", "en", "history", "--name", "Siti"],
    ] {
        let out = as_nobody(&args, &store);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(!out.stdout.is_empty());
    }
    // An empty file is a store of schema 0: it needs an upgrade it cannot get.
    let old = dir.path().join("old.sqlite");
    mode(&folder, 0o755);
    std::fs::write(&old, "").unwrap();
    mode(&old, 0o444);
    let out = as_nobody(&["--lang", "en", "export"], &old);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("needs an upgrade"),
        "{}",
        stderr(&out)
    );
}

// Test (14) that import speaks the UI language (Indonesian by default).
#[test]
fn import_messages_in_indonesian() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.json");
    std::fs::write(&file, "{\"id\": 1}").unwrap();
    let out = kuis().arg("import").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("bukan rekaman percobaan kuis: tidak ada angka \"schema\""),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("rekaman ditolak"), "{}", stderr(&out));
}

// Test that kuis keeps personal data private on disk: the default store's folder is created
// 0700 and the store 0600, a store that exists keeps its owner's mode, and the fallback file
// (when the store cannot be used) is 0600.
#[test]
fn personal_data_is_private_on_disk() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let home = tempfile::tempdir().unwrap();
    let take = |store: Option<&std::path::Path>, dir: &std::path::Path| {
        let mut cmd = kuis();
        cmd.env_remove("KUIS_STORE")
            .env_remove("XDG_DATA_HOME")
            .env("HOME", home.path())
            .current_dir(dir)
            .args(["take", &project(MINI).display().to_string(), "--no-shuffle"])
            .args(["--anonymous", "--answers", "-"])
            .write_stdin("a\na,c\nsalah\na\n");
        if let Some(store) = store {
            cmd.env("KUIS_STORE", store);
        }
        cmd.output().unwrap()
    };
    let out = take(None, home.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let folder = home.path().join(".local/share/kuis");
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&folder.join("kuis.sqlite")), 0o600);

    let shared = home.path().join("shared.sqlite");
    std::fs::write(&shared, "").unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert!(take(Some(&shared), home.path()).status.success());
    assert_eq!(mode(&shared), 0o640, "an existing store keeps its mode");

    let room = tempfile::tempdir().unwrap();
    let out = take(
        Some(&home.path().join("no/such/folder/kuis.sqlite")),
        room.path(),
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(mode(&room.path().join("kuis-fallback.jsonl")), 0o600);
}
