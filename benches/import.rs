//! Benchmark: `kuis import` of 100,000 attempts from one JSON Lines file (about 100 MB, like
//! the file of issue 13), timed and measured (peak memory) as a whole process.
//!
//! Run with `cargo bench --bench import`. Target (issue 13): under 10 s and 100 MB.
//!
//! `KUIS_BENCH_STORE=postgres://user@host` imports into PostgreSQL too, after SQLite: into a
//! new database `kuis_bench_<random>` on that server, dropped afterwards, and compares the two
//! (issue 26: PostgreSQL's binary COPY within 1.3x SQLite's time). With either backend,
//! `kuis report` and `kuis export` over the 100,000 attempts are measured too (they stream:
//! their peak memory must not grow with the store).

use std::io::Write;
use std::process::Command;
use std::time::Instant;

use kuis::bank::Kind;
use kuis::results::attempt::{AnswerRecord, Attempt, BankRef, Participant, SCHEMA};

const ATTEMPTS: u32 = 100_000;
const ANSWERS: u32 = 10;

/// Attempt `n`: consistent score fields (import recomputes them), varied names and scores.
fn attempt(n: u32) -> Attempt {
    let answers: Vec<AnswerRecord> = (0..ANSWERS)
        .map(|q| {
            let right = (n * 7 + q * 13) % 10 < 7;
            AnswerRecord {
                question: format!("soal-{q:03}"),
                topic: format!("topik-{}", q % 4),
                rules: vec![format!("R{:02}", q % 12)],
                kind: Kind::Single,
                chosen: Some(vec![if right { "a".into() } else { "b".into() }]),
                points: if right { 1.0 } else { 0.0 },
                max: 1.0,
                seconds: f64::from(5 + (n + q) % 50),
                hash: None,
            }
        })
        .collect();
    let score: f64 = answers.iter().map(|a| a.points).sum();
    let percent = 100.0 * score / f64::from(ANSWERS);
    let day = 1 + n % 28;
    Attempt {
        schema: SCHEMA,
        id: uuid::Uuid::from_u128(0x6f1c_3a4e_0000_4000_8000_0000_0000_0000 | u128::from(n)),
        participant: Participant {
            name: Some(format!("Peserta Pelatihan Nomor {n}")),
            nip: Some(format!("19900101{n:010}")),
            unit: Some(["BKPSDM", "Kesbangpol", "Dinas Pendidikan"][n as usize % 3].into()),
        },
        bank: BankRef {
            id: "netralitas-asn".into(),
            version: "2026.1".into(),
            sha256: "0".repeat(64),
        },
        mode: "exam".into(),
        seed: u64::from(n),
        draw: None,
        lang: "id".into(),
        started: format!("2026-11-{day:02}T09:00:00+07:00"),
        finished: format!("2026-11-{day:02}T09:20:00+07:00"),
        ending: "completed".into(),
        answered: ANSWERS as usize,
        planned: ANSWERS as usize,
        answers,
        score,
        max: f64::from(ANSWERS),
        percent,
        passed: percent >= 80.0,
        completed: true,
        room: None,
    }
}

/// Run kuis under /usr/bin/time with `store`: (seconds, peak MB, CPU seconds of kuis itself —
/// steadier than wall time on a loaded machine, but blind to the database server's share).
fn measured(args: &[&std::ffi::OsStr], store: &str, dir: &std::path::Path) -> (f64, f64, f64) {
    let report = dir.join("time.txt");
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%e %M %U %S")
        .arg("-o")
        .arg(&report)
        .arg(env!("CARGO_BIN_EXE_kuis"))
        .args(args)
        .env("KUIS_STORE", store)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("/usr/bin/time runs (Debian package `time`)");
    assert!(status.success(), "kuis {args:?} failed");
    let text = std::fs::read_to_string(&report).unwrap();
    let mut parts = text.split_whitespace();
    let seconds: f64 = parts.next().unwrap().parse().unwrap();
    let mb = parts.next().unwrap().parse::<f64>().unwrap() / 1024.0;
    let cpu: f64 = parts.map(|p| p.parse::<f64>().unwrap()).sum();
    (seconds, mb, cpu)
}

/// The stores to import into: a SQLite file in `dir`, then a new PostgreSQL database on the
/// server of `KUIS_BENCH_STORE` when it is set (its name returned to drop it afterwards).
fn stores(dir: &std::path::Path) -> Vec<(String, Option<(String, String)>)> {
    let sqlite = (dir.join("store.sqlite").display().to_string(), None);
    match std::env::var("KUIS_BENCH_STORE") {
        Ok(server) => {
            let server = server.trim_end_matches('/').to_owned();
            let name = format!("kuis_bench_{}", uuid::Uuid::new_v4().simple());
            let mut admin =
                postgres::Client::connect(&format!("{server}/postgres"), postgres::NoTls)
                    .expect("KUIS_BENCH_STORE names a reachable PostgreSQL server");
            admin
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .unwrap();
            vec![sqlite, (format!("{server}/{name}"), Some((server, name)))]
        }
        Err(_) => vec![sqlite],
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("attempts.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
    for n in 0..ATTEMPTS {
        serde_json::to_writer(&mut out, &attempt(n)).unwrap();
        out.write_all(b"\n").unwrap();
    }
    out.flush().unwrap();
    drop(out);
    let size = std::fs::metadata(&file).unwrap().len() as f64 / 1e6;
    let mut times = Vec::new();
    for (store, database) in stores(dir.path()) {
        times.push(import(&file, size, &store, database, dir.path()));
    }
    if let [sqlite, postgres] = times[..] {
        let ratio = postgres / sqlite;
        let verdict = if ratio <= 1.3 {
            "meets <= 1.3x"
        } else {
            "MISSES <= 1.3x"
        };
        println!("import into PostgreSQL / into SQLite: {ratio:.2}x  {verdict}");
    }
}

/// Import `file` into `store` and measure it, then `kuis report` and `kuis export` over it;
/// drops the PostgreSQL `database` afterwards. Returns the import's seconds.
fn import(
    file: &std::path::Path,
    size: f64,
    store: &str,
    database: Option<(String, String)>,
    dir: &std::path::Path,
) -> f64 {
    let started = Instant::now();
    let (seconds, mb, cpu) = measured(
        &[
            "--lang".as_ref(),
            "en".as_ref(),
            "import".as_ref(),
            file.as_os_str(),
        ],
        store,
        dir,
    );
    let wall = started.elapsed().as_secs_f64();
    let verdict = if seconds < 10.0 && mb < 100.0 {
        "meets < 10 s, < 100 MB"
    } else {
        "MISSES < 10 s, < 100 MB"
    };
    let backend = if database.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "import {ATTEMPTS} attempts ({size:.0} MB JSONL) into {backend}: {seconds:.2} s ({wall:.2} s wall, {cpu:.2} s CPU in kuis), {mb:.1} MB peak  {verdict}"
    );
    for args in [
        &["report", "--format", "json"][..],
        &["export", "--format", "csv", "--level", "answer"],
    ] {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        let (seconds, mb, cpu) = measured(&args, store, dir);
        println!(
            "{} over {ATTEMPTS} attempts in {backend}: {seconds:.2} s ({cpu:.2} s CPU in kuis), {mb:.1} MB peak",
            args[0].to_string_lossy()
        );
    }
    if let Some((server, name)) = database {
        let mut admin =
            postgres::Client::connect(&format!("{server}/postgres"), postgres::NoTls).unwrap();
        admin
            .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .unwrap();
    }
    seconds
}
