//! Issuing a room's certificates: 1,000 passed exams on the built-in bank's shape (here the
//! mini bank) in one `kuis serve` room, then `kuis certificate --room R --passed --out DIR`
//! on the real binary: every attempt rescored against its bank, signed, drawn as an A4 PDF
//! and written, and the register filled. Target: under 10 s. Run with
//! `cargo bench --bench certificates`.

use std::process::Command;
use std::time::Instant;

const ROOM_SIZE: usize = 1000;

fn kuis(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kuis"));
    cmd.env("KUIS_SIGNING_KEY", dir.join("key.toml"))
        .env("KUIS_STORE", dir.join("kuis.sqlite"))
        .env("KUIS_CONFIG", dir.join("config.toml"))
        .env("NO_COLOR", "1")
        .current_dir(dir);
    cmd
}

fn run(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().expect("kuis runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let bank =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/mini.toml");
    run(kuis(dir.path()).args(["keys", "init", "--issuer", "BKPSDM Kota Bandung"]));
    // One real passed exam, copied to a room of 1,000 people and imported.
    let mut take = kuis(dir.path());
    take.arg("take")
        .arg(&bank)
        .args(["--mode", "exam", "--no-shuffle", "--name", "Peserta"])
        .args(["--nip", "199001012020122001", "--answers", "-", "--no-save"])
        .args(["--out", "one.json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let mut child = take.spawn().unwrap();
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"a\na,c\nsalah\na\n")
            .unwrap();
    }
    assert!(child.wait().unwrap().success());
    let one: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("one.json")).unwrap()).unwrap();
    let mut lines = String::new();
    for i in 0..ROOM_SIZE {
        let mut a = one.clone();
        a["id"] = uuid::Uuid::new_v4().to_string().into();
        a["room"] = "bench".into();
        a["participant"]["name"] = format!("Peserta Nomor {i}").into();
        a["participant"]["nip"] = format!("{:018}", 199_001_012_020_122_001u64 + i as u64).into();
        lines.push_str(&a.to_string());
        lines.push('\n');
    }
    std::fs::write(dir.path().join("room.jsonl"), lines).unwrap();
    run(kuis(dir.path()).args(["import", "room.jsonl"]));

    let started = Instant::now();
    let out = run(kuis(dir.path())
        .args(["certificate", "--room", "bench", "--passed", "--out", "out"])
        .arg("--with-bank")
        .arg(&bank));
    let seconds = started.elapsed().as_secs_f64();
    let codes = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("Kode verifikasi: "))
        .count();
    assert_eq!(codes, ROOM_SIZE);
    let pdfs = std::fs::read_dir(dir.path().join("out")).unwrap().count();
    assert_eq!(pdfs, ROOM_SIZE);
    println!(
        "certificates: {ROOM_SIZE} issued (rescored, signed, PDF written, registered) in {seconds:.2} s ({:.1} ms each); target < 10 s",
        seconds * 1000.0 / ROOM_SIZE as f64
    );
}
