//! Benchmark: 20,000 attempts x 40 answers in a store, then `kuis report`,
//! `kuis export --level answer` and `kuis export --format xlsx` on it, timed and measured (peak
//! memory) as whole processes; then the report over 100,000 distinct people x 40 answers.
//!
//! Run with `cargo bench --bench results`. Targets: report under 3 s and 500 MB over 20,000
//! (issue 5); under 5 s and 64 MB over 100,000 people (issue 26: per-person rows spill to
//! disk, answers are packed); `kuis history --nip` of one of them under 50 ms (by the index on
//! the NIP key). `KUIS_BENCH_PEOPLE=0` skips the second part.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use kuis::bank::Kind;
use kuis::bank::load::{Source, parse};
use kuis::results::attempt::{AnswerRecord, Attempt, BankRef, Participant, SCHEMA, question_hash};
use kuis::results::store::Store;
use rand::rngs::ChaCha8Rng;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};

const ATTEMPTS: usize = 20_000;
const PEOPLE: usize = 100_000;
const ANSWERS: usize = 40;

/// `count` generated attempts on the built-in bank, each by another person, handed to `each`
/// 1,000 at a time: abilities and difficulties drawn at random, right answers with the
/// logistic (Rasch) probability, so the statistics have signal.
fn generate(count: usize, mut each: impl FnMut(&[Attempt])) {
    let bank = parse(&Source::new("builtin", kuis::cmd::take::BUILTIN)).expect("the built-in bank");
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let difficulty: Vec<f64> = bank
        .questions
        .iter()
        .map(|_| rng.random_range(-2.0..2.0))
        .collect();
    let units = [
        "BKPSDM",
        "Kesbangpol",
        "Dinas Pendidikan",
        "Dinas Kesehatan",
        "Bappeda",
        "Setda",
    ];
    let mut chunk = Vec::with_capacity(1000);
    for n in 0..count {
        chunk.push({
            let ability: f64 = rng.random_range(-2.5..2.5);
            let indices: Vec<usize> = (0..bank.questions.len()).collect();
            let chosen: Vec<usize> = indices.sample(&mut rng, ANSWERS).copied().collect();
            let answers: Vec<AnswerRecord> = chosen
                .iter()
                .map(|&i| {
                    let q = &bank.questions[i];
                    let p = 1.0 / (1.0 + (-(ability - difficulty[i])).exp());
                    let right = rng.random_bool(p);
                    let kind = *q.kind.get_ref();
                    let points = match (kind, right) {
                        (_, true) => 1.0,
                        (Kind::Weighted | Kind::Multiple, false) => {
                            [0.0, 0.4, 0.5][rng.random_range(0..3)]
                        }
                        _ => 0.0,
                    };
                    AnswerRecord {
                        question: q.id.get_ref().clone(),
                        topic: q.topic.get_ref().clone(),
                        rules: q.rules.iter().map(|r| r.get_ref().clone()).collect(),
                        kind,
                        chosen: Some(vec![if right { "a".into() } else { "b".into() }]),
                        points,
                        max: 1.0,
                        seconds: rng.random_range(5.0..60.0),
                        hash: Some(question_hash(q)),
                    }
                })
                .collect();
            let score: f64 = answers.iter().map(|a| a.points).sum();
            let percent = 100.0 * score / ANSWERS as f64;
            let day = 1 + n % 28;
            Attempt {
                schema: SCHEMA,
                id: uuid::Uuid::from_u128(rng.random()),
                participant: Participant {
                    name: Some(format!("Peserta {n}")),
                    nip: Some(format!("19900101{n:010}")),
                    unit: Some((*units.choose(&mut rng).unwrap()).to_owned()),
                },
                bank: BankRef {
                    id: "netralitas-asn".into(),
                    version: "2026.1".into(),
                    sha256: "0".repeat(64),
                },
                mode: "exam".into(),
                seed: n as u64,
                draw: None,
                lang: "id".into(),
                started: format!("2026-11-{day:02}T09:00:00+07:00"),
                finished: format!("2026-11-{day:02}T09:20:00+07:00"),
                ending: "completed".into(),
                answers,
                answered: ANSWERS,
                planned: ANSWERS,
                score,
                max: ANSWERS as f64,
                percent,
                passed: percent >= 80.0,
                completed: true,
                room: None,
            }
        });
        if chunk.len() == 1000 || n + 1 == count {
            each(&chunk);
            chunk.clear();
        }
    }
}

/// A new SQLite store at `path` with `count` generated attempts; says how long it took.
fn fill(path: &Path, count: usize) {
    let _ = std::fs::remove_file(path);
    let started = Instant::now();
    let mut store = Store::open(path).unwrap();
    generate(count, |chunk| {
        store.insert_all(chunk).unwrap();
    });
    drop(store);
    println!(
        "store: {count} attempts x {ANSWERS} answers written in {:.1} s ({:.0} MB on disk)",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(path).unwrap().len() as f64 / 1e6
    );
}

/// Measure `kuis ARGS` on `store`, saying whether it meets `target` (seconds, MB).
fn line(store: &Path, name: &str, args: &[&str], target: Option<(f64, f64)>) {
    let (seconds, mb) = measure(store, args);
    let verdict = match target {
        Some((s, m)) if seconds < s && mb < m => format!("meets < {s} s, < {m} MB"),
        Some((s, m)) => format!("MISSES < {s} s, < {m} MB"),
        None => String::new(),
    };
    println!("{name:32} {seconds:6.2} s  {mb:7.1} MB peak  {verdict}");
}

/// Run the real binary under /usr/bin/time; returns (seconds, peak resident MB).
fn measure(store: &Path, args: &[&str]) -> (f64, f64) {
    let report = tempfile::NamedTempFile::new().unwrap();
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%e %M")
        .arg("-o")
        .arg(report.path())
        .arg(env!("CARGO_BIN_EXE_kuis"))
        .args(args)
        .env("KUIS_STORE", store)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("/usr/bin/time runs (Debian package `time`)");
    assert!(status.success(), "kuis {args:?} failed");
    let text = std::fs::read_to_string(report.path()).unwrap();
    let mut parts = text.split_whitespace();
    let seconds: f64 = parts.next().unwrap().parse().unwrap();
    let kb: f64 = parts.next().unwrap().parse().unwrap();
    (seconds, kb / 1024.0)
}

fn main() {
    // KUIS_BENCH_DIR keeps the generated store (for profiling); else a temporary folder.
    let dir = tempfile::tempdir().unwrap();
    let base =
        std::env::var_os("KUIS_BENCH_DIR").map_or(dir.path().to_owned(), std::path::PathBuf::from);
    let store_path = base.join("bench.sqlite");
    fill(&store_path, ATTEMPTS);
    let out = base.join("out");
    let out = out.to_str().unwrap();
    for (name, args, target) in [
        (
            "report (json)",
            vec!["report", "--format", "json", "--out", out],
            Some((3.0, 500.0)),
        ),
        (
            "report (html)",
            vec!["report", "--format", "html", "--out", out],
            Some((3.0, 500.0)),
        ),
        (
            "export --level answer (csv)",
            vec!["export", "--level", "answer", "--out", out],
            None,
        ),
        (
            "export --level answer (jsonl)",
            vec![
                "export", "--level", "answer", "--format", "jsonl", "--out", out,
            ],
            None,
        ),
        (
            "export (xlsx, 3 sheets)",
            vec!["export", "--format", "xlsx", "--out", out],
            None,
        ),
    ] {
        line(&store_path, name, &args, target);
    }
    let people = std::env::var("KUIS_BENCH_PEOPLE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(PEOPLE);
    if people == 0 {
        return;
    }
    let people_path = base.join("people.sqlite");
    fill(&people_path, people);
    for (name, format) in [("report (json)", "json"), ("report (html)", "html")] {
        line(
            &people_path,
            &format!("{name}, {people} people"),
            &["report", "--format", format, "--out", out],
            Some((5.0, 64.0)),
        );
    }
    // One person among them, by the index on their NIP (the whole process, start included).
    let nip = format!("19900101{:010}", people / 2);
    line(
        &people_path,
        &format!("history --nip, 1 of {people}"),
        &["history", "--nip", &nip],
        Some((0.05, 64.0)),
    );
}
