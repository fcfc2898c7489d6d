//! Load benchmark of `kuis serve` on loopback: 500 simulated participants each take a
//! 20-question practice quiz on the built-in bank (welcome, join, then per question the page,
//! the answer and its feedback, then the summary), many at once. Afterwards every answer must
//! be in the store (counted through `kuis export`, and in SQLite's table of web answers).
//! Prints answers per second, the p50/p99 latency of the answer posts, and the servers' peak
//! memory (VmHWM). Targets (issue 15): p99 under 100 ms, peak under 200 MB.
//!
//! Run with `cargo bench --bench serve`. Settings, by environment:
//! - KUIS_BENCH_PARTICIPANTS (500), KUIS_BENCH_QUESTIONS (20);
//! - KUIS_BENCH_THINK_MS (1000): a participant's mean pause before each answer, drawn between
//!   half and one and a half of it (people read); 0 posts as fast as the server answers;
//! - KUIS_BENCH_INSTANCES (1): start this many servers on the same store; every request goes
//!   to the next one in turn (no sticky sessions);
//! - KUIS_BENCH_STORE: the store (`--store`) to serve from, e.g. a `postgres://…` URL once that
//!   backend exists; default a fresh SQLite file in a temporary folder;
//! - KUIS_BENCH_SECONDS (600): the whole run is stopped (and fails) after this long.

#[path = "../tests/it/server.rs"]
#[allow(dead_code)]
mod server;

use std::ffi::OsString;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rand::RngExt;
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use server::Server;

/// A setting from the environment, or its default.
fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The bench's failures: a message, the run stops.
type Failure = String;

/// One participant: their own cookies and connections, as a phone has.
struct Participant {
    client: reqwest::Client,
    servers: Arc<Vec<String>>,
    turn: usize,
}

impl Participant {
    fn new(servers: Arc<Vec<String>>, first: usize) -> Participant {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .timeout(Duration::from_secs(60))
            .build()
            .expect("an HTTP client");
        Participant {
            client,
            servers,
            turn: first,
        }
    }

    /// The next server's base URL (round robin: no request needs the server of the last one).
    /// The cookie store keys cookies by host, and every server is 127.0.0.1, so the session
    /// cookie goes to each of them.
    fn base(&mut self) -> String {
        self.turn += 1;
        self.servers[self.turn % self.servers.len()].clone()
    }

    async fn get(&mut self, path: &str) -> Result<String, Failure> {
        let url = format!("{}{path}", self.base());
        let response = self
            .client
            .get(&url)
            .send()
            .await
            .map_err(|e| format!("GET {url}: {e}"))?;
        if response.status() != StatusCode::OK {
            return Err(format!("GET {url}: {}", response.status()));
        }
        response.text().await.map_err(|e| e.to_string())
    }

    /// POST a form; it must redirect. Returns where to, and how long the post took.
    async fn post(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
    ) -> Result<(String, Duration), Failure> {
        let url = format!("{}{path}", self.base());
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let start = Instant::now();
        let response = self
            .client
            .post(&url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .map_err(|e| format!("POST {url}: {e}"))?;
        let took = start.elapsed();
        if response.status() != StatusCode::SEE_OTHER {
            return Err(format!("POST {url}: {}", response.status()));
        }
        let to = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        Ok((to, took))
    }
}

/// One participant's whole quiz; the latency of each answer post.
async fn take(
    n: usize,
    servers: Arc<Vec<String>>,
    questions: usize,
    think_ms: u64,
    answered: Arc<AtomicUsize>,
) -> Result<Vec<Duration>, Failure> {
    let mut p = Participant::new(servers, n);
    let welcome = p.get("/").await?;
    let csrf = server::csrf_of(&welcome).ok_or("a form without a CSRF token")?;
    let name = format!("Peserta {n:03}");
    let (to, _) = p
        .post(
            "/join",
            &[("csrf", &csrf), ("name", &name), ("unit", "BKPSDM")],
        )
        .await?;
    if to != "/q" {
        return Err(format!("{name}: join led to {to:?}"));
    }
    let mut latencies = Vec::with_capacity(questions);
    for i in 0..questions {
        let page = p.get("/q").await?;
        if !page.contains(&format!("Soal {}/{questions}", i + 1)) {
            return Err(format!("{name}: not question {} of {questions}", i + 1));
        }
        // Joining gives a new session id, and the token is the session's: read it here.
        let csrf = server::csrf_of(&page).ok_or("a question without a CSRF token")?;
        if think_ms > 0 {
            let pause = rand::rng().random_range(think_ms / 2..=think_ms * 3 / 2);
            tokio::time::sleep(Duration::from_millis(pause)).await;
        }
        let position = i.to_string();
        let pick = (n % 2).to_string();
        let (to, took) = p
            .post(
                "/q",
                &[("csrf", &csrf), ("position", &position), ("pick", &pick)],
            )
            .await?;
        latencies.push(took);
        answered.fetch_add(1, Ordering::Relaxed);
        if to != format!("/feedback/{}", i + 1) {
            return Err(format!("{name}: answer {} led to {to:?}", i + 1));
        }
        p.get(&to).await?;
    }
    p.get("/done").await?;
    Ok(latencies)
}

/// The peak resident memory of a process (VmHWM), in MB.
fn peak_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The quantile `q` of sorted latencies, in ms.
fn quantile(sorted: &[Duration], q: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    let participants = setting("KUIS_BENCH_PARTICIPANTS", 500) as usize;
    let questions = setting("KUIS_BENCH_QUESTIONS", 20) as usize;
    let think_ms = setting("KUIS_BENCH_THINK_MS", 1000);
    let instances = setting("KUIS_BENCH_INSTANCES", 1).max(1) as usize;
    let limit = Duration::from_secs(setting("KUIS_BENCH_SECONDS", 600));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store: OsString = std::env::var_os("KUIS_BENCH_STORE")
        .unwrap_or_else(|| dir.path().join("bench.sqlite").into_os_string());
    let count = questions.to_string();
    // Every simulated phone connects from 127.0.0.1, where a room's phones each have their
    // own address: the per-address cap (256) would refuse half of them.
    let args = [
        "--count",
        count.as_str(),
        "--room",
        "bench",
        "--max-connections-per-address",
        "4096",
    ];
    let servers: Vec<Server> = (0..instances)
        .map(|_| Server::start(&store, &args))
        .collect();
    let bases = Arc::new(servers.iter().map(|s| s.base.clone()).collect::<Vec<_>>());
    println!(
        "kuis serve: {participants} participants x {questions} questions, pause {think_ms} ms \
         on average before each answer, {instances} instance(s) at {}, store {}",
        bases.join(" "),
        store.to_string_lossy()
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let answered = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let run = runtime.block_on(async {
        let tasks: Vec<_> = (0..participants)
            .map(|n| {
                tokio::spawn(take(
                    n,
                    Arc::clone(&bases),
                    questions,
                    think_ms,
                    Arc::clone(&answered),
                ))
            })
            .collect();
        tokio::time::timeout(limit, async {
            let mut all = Vec::with_capacity(participants * questions);
            for task in tasks {
                all.extend(task.await.map_err(|e| e.to_string())??);
            }
            Ok::<_, Failure>(all)
        })
        .await
    });
    let elapsed = start.elapsed();
    let peaks: Vec<f64> = servers.iter().map(|s| peak_mb(s.pid())).collect();
    let mut latencies = match run {
        Ok(Ok(all)) => all,
        Ok(Err(failure)) => panic!("a participant failed: {failure}"),
        Err(_) => panic!(
            "stopped after {limit:?} (KUIS_BENCH_SECONDS) with {} answers given",
            answered.load(Ordering::Relaxed)
        ),
    };
    for server in servers {
        server.stop();
    }

    // Every answer is in the store: the attempts as `kuis export` reads them back.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kuis"))
        .args(["export", "--format", "json", "--room", "bench"])
        .env("KUIS_STORE", &store)
        .output()
        .expect("kuis export runs");
    assert!(
        out.status.success(),
        "kuis export: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let attempts =
        kuis::results::attempt::Attempt::parse_many(&String::from_utf8_lossy(&out.stdout))
            .expect("kuis export gives valid attempts");
    let in_attempts: usize = attempts.iter().map(|a| a.answers.len()).sum();
    let expected = participants * questions;
    println!(
        "in the store: {} attempts, {in_attempts} answers (expected {participants} and {expected})",
        attempts.len()
    );
    assert_eq!(attempts.len(), participants, "an attempt per participant");
    assert_eq!(in_attempts, expected, "every answer in the store");
    if !store.to_string_lossy().contains("://") {
        // And each as it was given, in the web sessions' own table.
        let given: i64 = rusqlite::Connection::open(&store)
            .and_then(|c| c.query_row("SELECT count(*) FROM web_answers", [], |r| r.get(0)))
            .expect("the SQLite store reads");
        println!("web answers kept in SQLite: {given}");
        assert_eq!(given as usize, expected, "every web answer in SQLite");
    }

    latencies.sort();
    let answers = latencies.len();
    println!(
        "{answers} answers in {:.1} s: {:.0} answers/s; answer posts p50 {:.1} ms, p99 {:.1} ms, \
         max {:.1} ms (targets: p99 < 100 ms)",
        elapsed.as_secs_f64(),
        answers as f64 / elapsed.as_secs_f64(),
        quantile(&latencies, 0.50),
        quantile(&latencies, 0.99),
        quantile(&latencies, 1.0),
    );
    for (i, peak) in peaks.iter().enumerate() {
        println!(
            "server {}: peak memory (VmHWM) {peak:.1} MB (target < 200 MB)",
            i + 1
        );
    }
}
