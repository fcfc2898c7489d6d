//! Benchmark: what `kuis serve` asks of the store per answer — load the web session with its
//! answers, then save the answer in its own transaction (the last one with the attempt) — from
//! 1, 4 and 16 threads (an instance uses at most 16 store connections), on SQLite and on
//! PostgreSQL. Prints answers per second and the p50/p99 latency of one load-and-save; the
//! numbers behind docs/scaling.md.
//!
//! Run with `cargo bench --bench web_store`. PostgreSQL is the server at `KUIS_BENCH_PG`
//! (default `postgres://postgres@127.0.0.1:5432`); the bench makes a database of its own
//! there and drops it. Wall-clock numbers: note the load average printed beside them.

use std::time::{Duration, Instant};

use kuis::bank::Kind;
use kuis::results::attempt::{AnswerRecord, Attempt, BankRef, Participant, SCHEMA};
use kuis::results::store::Store;
use kuis::results::store::web::{Given, WebAnswer, WebSession};

/// Participants per run, each answering [`QUESTIONS`] questions.
const PARTICIPANTS: usize = 160;
const QUESTIONS: usize = 20;

/// A finished 20-question attempt of participant `n`.
fn attempt(n: usize) -> Attempt {
    let answers: Vec<AnswerRecord> = (0..QUESTIONS)
        .map(|q| AnswerRecord {
            question: format!("q{q:02}"),
            topic: "netralitas".into(),
            rules: vec!["R01".into()],
            kind: Kind::Single,
            chosen: Some(vec!["a".into()]),
            points: f64::from(u8::from(!(n + q).is_multiple_of(3))),
            max: 1.0,
            seconds: 20.0,
            hash: None,
        })
        .collect();
    let score: f64 = answers.iter().map(|a| a.points).sum();
    Attempt {
        schema: SCHEMA,
        id: uuid::Uuid::new_v4(),
        participant: Participant {
            name: Some(format!("Peserta {n}")),
            nip: Some(format!("19900101{n:010}")),
            unit: Some("BKPSDM".into()),
        },
        bank: BankRef {
            id: "netralitas-asn".into(),
            version: "2026.1".into(),
            sha256: "0".repeat(64),
        },
        mode: "practice".into(),
        seed: n as u64,
        draw: None,
        lang: "id".into(),
        started: "2026-11-29T09:00:00+07:00".into(),
        finished: "2026-11-29T09:10:00+07:00".into(),
        ending: "completed".into(),
        answers,
        answered: QUESTIONS,
        planned: QUESTIONS,
        score,
        max: QUESTIONS as f64,
        percent: 100.0 * score / QUESTIONS as f64,
        passed: score >= 16.0,
        completed: true,
        room: Some("bench".into()),
    }
}

/// Run every participant through `store_at` on `threads` threads; the latency of each
/// load-and-save, in order of the run.
fn run(store_at: &str, threads: usize) -> (Duration, Vec<Duration>) {
    let mut store = Store::open(store_at).expect("the bench store opens");
    store.open_room("bench", "s", "t", "now").unwrap();
    drop(store);
    let round = uuid::Uuid::new_v4().simple().to_string();
    let started = Instant::now();
    let workers: Vec<_> = (0..threads)
        .map(|t| {
            let store_at = store_at.to_owned();
            let round = round.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(store_at.as_str()).unwrap();
                let mut took = Vec::new();
                for n in (t..PARTICIPANTS).step_by(threads) {
                    let id = format!("{round}{n:08}");
                    store
                        .start_web_session(&WebSession {
                            id: id.clone(),
                            room: "bench".into(),
                            participant: Participant::default(),
                            bank_sha256: "0".repeat(64),
                            options: "{}".into(),
                            seed: n as u64,
                            started: "2026-11-29T09:00:00+07:00".into(),
                            started_ms: 0,
                            deadline_ms: None,
                            lang: "id".into(),
                            ending: None,
                            attempt_id: None,
                            person: String::new(),
                            alias: String::new(),
                        })
                        .unwrap();
                    let finished = attempt(n);
                    for position in 0..QUESTIONS {
                        let start = Instant::now();
                        let (_, answers) = store.web_session(&id).unwrap().unwrap();
                        assert_eq!(answers.len(), position);
                        let last = position + 1 == QUESTIONS;
                        let given = store
                            .save_web_answer(
                                &id,
                                &WebAnswer {
                                    position,
                                    picked: vec![0],
                                    seconds: 20.0,
                                    answered_ms: 0,
                                },
                                last.then_some(&finished),
                            )
                            .unwrap();
                        assert_eq!(given, Given::Saved);
                        took.push(start.elapsed());
                    }
                }
                took
            })
        })
        .collect();
    let took: Vec<Duration> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    (started.elapsed(), took)
}

/// The `q` quantile of `took`, in milliseconds.
fn quantile(took: &mut [Duration], q: f64) -> f64 {
    took.sort_unstable();
    let i = ((took.len() as f64 * q).ceil() as usize).clamp(1, took.len()) - 1;
    took[i].as_secs_f64() * 1000.0
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// A database of the bench's own on the PostgreSQL server, dropped with this.
struct PgDatabase {
    server: String,
    name: String,
}

impl PgDatabase {
    fn new() -> Option<PgDatabase> {
        let server = std::env::var("KUIS_BENCH_PG")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
        let name = format!("kuis_bench_{}", uuid::Uuid::new_v4().simple());
        let mut admin = postgres::Client::connect(&format!("{server}/test"), postgres::NoTls)
            .map_err(|e| eprintln!("PostgreSQL at {server} skipped: {e}"))
            .ok()?;
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        Some(PgDatabase { server, name })
    }

    fn url(&self) -> String {
        format!("{}/{}", self.server, self.name)
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut admin) =
            postgres::Client::connect(&format!("{}/test", self.server), postgres::NoTls)
        {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("bench.sqlite").display().to_string();
    let pg = PgDatabase::new();
    let mut stores = vec![("sqlite", sqlite)];
    if let Some(pg) = &pg {
        stores.push(("postgres", pg.url()));
    }
    println!(
        "{PARTICIPANTS} participants x {QUESTIONS} answers; each answer = load the web session + save the answer in its own transaction"
    );
    for (backend, at) in &stores {
        for threads in [1, 4, 16] {
            let before = load();
            let (wall, mut took) = run(at, threads);
            let n = took.len();
            let p50 = quantile(&mut took, 0.50);
            let p99 = quantile(&mut took, 0.99);
            println!(
                "{backend:8} threads {threads:2}: {:7.0} answers/s  p50 {p50:6.2} ms  p99 {p99:7.2} ms  (load {before} -> {})",
                n as f64 / wall.as_secs_f64(),
                load()
            );
        }
    }
}
