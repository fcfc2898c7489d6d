//! Several `kuis serve` instances on one PostgreSQL database and one room, as behind a load
//! balancer without sticky sessions: any instance answers any request, the trainer's live
//! view on one sees answers given on another, and killing one loses no acknowledged answer.
//! Each test has a database of its own, dropped after it; without PostgreSQL they skip with a
//! loud note, except under `CI=true`, where they fail.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use super::serve::{Browser, csrf_of, location, position_of, take_mini};
use super::server::Server;
use super::store::{Backend, CuttingProxy, TestStore};
use super::{MINI, stderr, stored};

/// Two instances on `store`'s database serving the room `room` with `args`.
fn two(store: &TestStore, room: &str, args: &[&str]) -> (Server, Server) {
    let args: Vec<&str> = args.iter().copied().chain(["--room", room]).collect();
    let a = Server::start(store.path(), &args);
    let b = Server::start(store.path(), &args);
    (a, b)
}

// Test that a participant whose every request goes to the other instance takes a whole
// practice quiz with the right score: no instance keeps anything the other needs, and both
// read the room's secrets (CSRF, trainer token) from the database.
#[test]
fn a_participant_alternates_between_two_instances() {
    let Some(store) = TestStore::new(Backend::Postgres, "serve_pg::alternates") else {
        return;
    };
    let (a, b) = two(&store, "kelas-a", &[MINI, "--no-shuffle"]);
    assert_eq!(a.token(), b.token(), "one room, one trainer token");
    let mut browser = Browser::new(&a.base);
    browser.others = vec![b.base.clone()];
    take_mini(&mut browser, false);
    let summary = browser.page("/done");
    assert!(summary.contains("Ringkasan"), "{summary}");
    a.stop();
    b.stop();
    let attempts = stored(store.path());
    assert_eq!(attempts.len(), 1);
    let attempt = &attempts[0];
    assert_eq!(attempt.room.as_deref(), Some("kelas-a"));
    let points: Vec<f64> = attempt.answers.iter().map(|x| x.points).collect();
    assert_eq!(points, [1.0, 0.5, 1.0, 0.4]);
    assert_eq!(attempt.ending, "completed");
}

// Test that the trainer's live view (server-sent events) on one instance shows a participant
// who joins and answers on the other within a moment (PostgreSQL announces each change as it
// commits: the view does not wait for a 2 s poll, which would show the join about 1.7 s
// late), and that closing the room on one closes it on both.
#[test]
fn the_trainer_on_one_instance_sees_answers_on_the_other() {
    let Some(store) = TestStore::new(Backend::Postgres, "serve_pg::live") else {
        return;
    };
    let (a, b) = two(&store, "kelas-b", &[MINI, "--no-shuffle"]);
    let events = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .unwrap()
        .get(format!("{}/trainer/events?token={}", a.base, a.token()))
        .send()
        .unwrap();
    assert_eq!(events.status(), StatusCode::OK);
    let mut lines = BufReader::new(events).lines().map_while(Result::ok);
    // The first event is the room as it is: nobody yet.
    assert!(lines.any(|l| l.starts_with("data:")));
    // How long until an event shows all of `words`.
    let mut until = |words: &[&str]| {
        let since = std::time::Instant::now();
        assert!(
            lines.any(|l| l.starts_with("data:") && words.iter().all(|w| l.contains(w))),
            "the live view on A never showed {words:?}"
        );
        since.elapsed()
    };
    // Well after the first event was read, as far as possible from a poll.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut participant = Browser::new(&b.base);
    let csrf = participant.join("Dewi Lestari");
    let joined = until(&["Dewi Lestari"]);
    let page = participant.page("/q");
    participant.answer(&csrf, 0, &[position_of(&page, "Tidak boleh")]);
    let answered = until(&["Dewi Lestari", "1/4"]);
    let soon = std::time::Duration::from_millis(1200);
    assert!(
        joined < soon && answered < soon,
        "the live view on A showed the join after {joined:?}, the answer after {answered:?}"
    );
    // Every connection of kuis ended by an administrator, the listening one too: it listens
    // again, and the next answer shows within a few seconds.
    assert!(store.terminate_kuis() > 0);
    participant.answer(&csrf, 1, &[0]);
    let again = until(&["Dewi Lestari", "2/4"]);
    assert!(again < std::time::Duration::from_secs(4), "{again:?}");
    // The plain page on A says the same.
    let mut trainer = Browser::new(&a.base);
    let room = trainer.page(&format!("/trainer?token={}", a.token()));
    assert!(
        room.contains("Dewi Lestari") && room.contains("2/4"),
        "{room}"
    );
    let closed = trainer.try_post(
        "/trainer/close",
        &[("token", a.token()), ("csrf", &csrf_of(&room))],
    );
    assert_eq!(closed.unwrap().status(), StatusCode::SEE_OTHER);
    // On B the room is closed too: the next answer ends the quiz and is not kept.
    assert_eq!(participant.answer(&csrf, 2, &[0]), "/done");
    assert_eq!(store.web_answer_keys().len(), 2);
}

// Test that `kill -9` of one instance while participants answer loses no answer that was
// acknowledged: participants alternate between the instances and, when one is gone, go on
// with the other; afterwards every POST that was answered with a redirect is in web_answers,
// and every quiz was finished and recorded.
#[test]
fn kill_9_of_one_instance_loses_no_acknowledged_answer() {
    let Some(store) = TestStore::new(Backend::Postgres, "serve_pg::kill_9") else {
        return;
    };
    let (mut a, b) = two(&store, "kelas-c", &[MINI, "--no-shuffle"]);
    const PEOPLE: usize = 4;
    const ROUNDS: usize = 3;
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..PEOPLE)
        .map(|person| {
            let (first, second) = (a.base.clone(), b.base.clone());
            let acknowledged = Arc::clone(&acknowledged);
            std::thread::spawn(move || {
                let mut kept = Vec::new();
                for round in 0..ROUNDS {
                    // Join on the survivor: the test is about answers, not joins.
                    let mut browser = Browser::new(&second);
                    let csrf = browser.join(&format!("Peserta {person}-{round}"));
                    let sid = browser.cookie("kuis_sesi").unwrap().to_owned();
                    browser.others = vec![first.clone()];
                    for position in 0..4 {
                        let position_text = position.to_string();
                        let form = [
                            ("csrf", csrf.as_str()),
                            ("position", position_text.as_str()),
                            ("pick", "0"),
                        ];
                        // A dead instance refuses or drops the request: try the next one.
                        let mut tries = 0;
                        let response = loop {
                            match browser.try_post("/q", &form) {
                                Ok(r) if r.status() == StatusCode::SEE_OTHER => break r,
                                Ok(r) => panic!("POST /q: {}", r.status()),
                                Err(e) => {
                                    tries += 1;
                                    assert!(tries < 20, "no instance answers: {e}");
                                }
                            }
                        };
                        let next = location(&response);
                        kept.push((sid.clone(), position as i64));
                        acknowledged.fetch_add(1, Ordering::SeqCst);
                        assert!(next.starts_with("/feedback/") || next == "/done", "{next}");
                    }
                }
                kept
            })
        })
        .collect();
    // Kill A once some answers are in, while the rest are still being given.
    while acknowledged.load(Ordering::SeqCst) < PEOPLE * 2
        && !workers.iter().all(|w| w.is_finished())
    {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    a.child.kill().unwrap();
    a.child.wait().unwrap();
    let kept: Vec<(String, i64)> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert_eq!(kept.len(), PEOPLE * ROUNDS * 4);
    let stored_keys = store.web_answer_keys();
    for key in &kept {
        assert!(stored_keys.contains(key), "acknowledged but lost: {key:?}");
    }
    b.stop();
    let attempts = stored(store.path());
    assert_eq!(attempts.len(), PEOPLE * ROUNDS);
    assert!(attempts.iter().all(|x| x.completed && x.answered == 4));
}

/// Answer every question of the mini bank from `browser`'s session (joined with `csrf`) with
/// its first option, posting each answer again until it is acknowledged (a redirect); a
/// refusal must be the page that says the database is away and the answers are safe. Returns
/// the positions acknowledged and how many refusals were seen.
fn answer_through(browser: &mut Browser, csrf: &str) -> (Vec<i64>, usize) {
    let began = Instant::now();
    let (mut acknowledged, mut refused) = (Vec::new(), 0);
    for position in 0..4 {
        let position_text = position.to_string();
        let form = [("csrf", csrf), ("position", &position_text), ("pick", "0")];
        loop {
            match browser.try_post("/q", &form) {
                Ok(r) if r.status() == StatusCode::SEE_OTHER => break,
                Ok(r) if r.status() == StatusCode::SERVICE_UNAVAILABLE => {
                    assert!(r.headers().contains_key("retry-after"));
                    let page = r.text().unwrap();
                    assert!(
                        page.contains("jawaban Anda sejauh ini aman")
                            && page.contains("your answers so far are safe"),
                        "{page}"
                    );
                    refused += 1;
                }
                Ok(r) => panic!("POST /q: {}", r.status()),
                Err(_) => {}
            }
            assert!(
                began.elapsed() < Duration::from_secs(90),
                "never acknowledged"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        acknowledged.push(position);
        std::thread::sleep(Duration::from_millis(100));
    }
    (acknowledged, refused)
}

/// `/healthz`'s status.
fn health(base: &str) -> StatusCode {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
        .get(format!("{base}/healthz"))
        .send()
        .map_or(StatusCode::REQUEST_TIMEOUT, |r| r.status())
}

// Test that a room survives losing its database: participants answer while the network to
// PostgreSQL is cut twice (every connection dropped, new ones refused) and restored. While it
// is cut, answers are refused with a 503 page saying the answers so far are safe, and
// /healthz says 503; within 5 s of the restore /healthz says 200; at the end every
// acknowledged answer is stored, once, and each quiz is recorded as one attempt.
#[test]
fn the_room_survives_losing_its_database() {
    let Some(store) = TestStore::new(Backend::Postgres, "serve_pg::cut") else {
        return;
    };
    let proxy = CuttingProxy::start(usize::MAX);
    let server = Server::start(
        proxy.url(&store),
        &[MINI, "--no-shuffle", "--room", "kelas-d"],
    );
    const PEOPLE: usize = 4;
    let joined: Vec<(Browser, String)> = (0..PEOPLE)
        .map(|n| {
            let mut browser = Browser::new(&server.base);
            let csrf = browser.join(&format!("Peserta {n}"));
            (browser, csrf)
        })
        .collect();
    let workers: Vec<_> = joined
        .into_iter()
        .map(|(mut browser, csrf)| {
            std::thread::spawn(move || {
                let sid = browser.cookie("kuis_sesi").unwrap().to_owned();
                let (positions, refused) = answer_through(&mut browser, &csrf);
                (sid, positions, refused)
            })
        })
        .collect();
    for _ in 0..2 {
        std::thread::sleep(Duration::from_millis(300));
        proxy.cut();
        assert_eq!(health(&server.base), StatusCode::SERVICE_UNAVAILABLE);
        std::thread::sleep(Duration::from_millis(1500));
        proxy.restore();
        let restored = Instant::now();
        while health(&server.base) != StatusCode::OK {
            assert!(
                restored.elapsed() < Duration::from_secs(5),
                "the room did not come back within 5 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    let mut sessions = Vec::new();
    let mut refused = 0;
    for worker in workers {
        let (sid, positions, r) = worker.join().unwrap();
        refused += r;
        sessions.push((sid, positions));
    }
    assert!(refused > 0, "the cuts never reached a participant");
    let kept = store.web_answer_keys();
    for (sid, positions) in &sessions {
        for p in positions {
            assert!(kept.contains(&(sid.clone(), *p)), "acknowledged but lost");
        }
    }
    assert_eq!(kept.len(), PEOPLE * 4, "an answer was kept twice or lost");
    server.stop();
    let attempts = stored(store.path());
    assert_eq!(attempts.len(), PEOPLE, "one attempt per quiz");
    assert!(attempts.iter().all(|a| a.completed && a.answered == 4));
}

// Test that a database administrator ending kuis's connections (pg_terminate_backend, as a
// failover or a restart does) costs the participant nothing: the next answers are taken at
// once on new connections, the quiz ends and is recorded once.
#[test]
fn terminated_backends_are_replaced() {
    let Some(store) = TestStore::new(Backend::Postgres, "serve_pg::terminate") else {
        return;
    };
    let server = Server::start(store.path(), &[MINI, "--no-shuffle"]);
    let mut browser = Browser::new(&server.base);
    let csrf = browser.join("Rina");
    assert_eq!(browser.answer(&csrf, 0, &[0]), "/feedback/1");
    // The reading connection and the writer's, at least.
    assert!(store.terminate_kuis() >= 2);
    for position in 1..4 {
        browser.page("/q");
        assert_eq!(
            browser.answer(&csrf, position, &[0]),
            format!("/feedback/{}", position + 1)
        );
        store.terminate_kuis();
    }
    assert!(browser.page("/done").contains("Ringkasan"));
    assert_eq!(health(&server.base), StatusCode::OK);
    server.stop();
    let attempts = stored(store.path());
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].answered, 4);
}

/// Roles of a test's own (roles belong to the whole server, not to its database), dropped
/// when this is dropped: after the test's database, which holds their privileges.
struct Roles(Vec<String>);

impl Drop for Roles {
    fn drop(&mut self) {
        if let Some(mut admin) = super::store::admin() {
            for role in self.0.iter().rev() {
                let _ = admin.batch_execute(&format!("DROP ROLE IF EXISTS {role}"));
            }
        }
    }
}

/// The GRANT script of docs/store.md, as it stands there.
fn grant_script() -> String {
    let doc = std::fs::read_to_string(super::project("docs/store.md")).unwrap();
    let start = doc
        .find("```sql\n")
        .expect("docs/store.md has a GRANT script")
        + 7;
    doc[start..][..doc[start..].find("```").unwrap()].to_owned()
}

// Test that docs/store.md's GRANT script gives each command what it needs: as logins that
// hold only its groups, `take` and `import` (kuis_write), `report` and `export` (kuis_read),
// and a whole exam room with `kuis serve` (kuis_serve: joining, every answer, the trainer's
// grant of one more attempt, closing the room, the purge of its web sessions) all work; and
// kuis_read cannot add an attempt. PUBLIC's default rights on the database are revoked first.
#[test]
fn the_documented_grants_suffice() {
    let prefix = format!("kuis_t_{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let group = |g: &str| format!("{prefix}_{g}");
    let _roles = Roles(
        ["read", "write", "serve", "reader", "writer", "server"]
            .map(group)
            .to_vec(),
    );
    let Some(store) = TestStore::new(Backend::Postgres, "serve_pg::grants") else {
        return;
    };
    let database = store.value.rsplit('/').next().unwrap().to_owned();
    // The owner's first run creates the tables.
    let first = on_as(&store.value, &["history", "--all"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let script = grant_script()
        .replace("ON DATABASE kuis ", &format!("ON DATABASE {database} "))
        .replace("kuis_read", &group("read"))
        .replace("kuis_write", &group("write"))
        .replace("kuis_serve", &group("serve"));
    // A hardened server gives PUBLIC nothing on the database: the script must grant all.
    store.exec(&format!("REVOKE ALL ON DATABASE {database} FROM PUBLIC"));
    store.exec(&script);
    store.exec(&format!(
        "CREATE ROLE {} LOGIN IN ROLE {}; CREATE ROLE {} LOGIN IN ROLE {}; \
         CREATE ROLE {} LOGIN IN ROLE {};",
        group("reader"),
        group("read"),
        group("writer"),
        group("write"),
        group("server"),
        group("serve")
    ));
    let url = |login: &str| {
        let url = store
            .value
            .replacen("://postgres@", &format!("://{}@", group(login)), 1);
        assert_ne!(url, store.value, "KUIS_TEST_PG logs in as postgres");
        url
    };

    // take and import, as kuis_write.
    let took = super::take_as(Path::new(&url("writer")), MINI, "Ani", "a\na,c\nsalah\na\n");
    assert!(took.status.success(), "{}", stderr(&took));
    let record = super::hostile::attempt("b\na\nbenar\nc\n");
    let imported = super::hostile::import(
        Path::new(&url("writer")),
        std::slice::from_ref(&record),
        &[],
    );
    assert!(imported.status.success(), "{}", stderr(&imported));
    // report and export, as kuis_read; and not more.
    for args in [&["report"][..], &["export"]] {
        let out = on_as(&url("reader"), args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let mut other = record;
    super::hostile::new_id(&mut other, 9);
    let refused = super::hostile::import(Path::new(&url("reader")), &[other], &[]);
    assert!(stderr(&refused).contains("42501"), "{}", stderr(&refused));

    // A whole exam room, as kuis_serve.
    let server = Server::start(
        url("server"),
        &[
            MINI,
            "--no-shuffle",
            "--mode",
            "exam",
            "--purge-after",
            "1s",
        ],
    );
    let mut siti = Browser::new(&server.base);
    take_mini(&mut siti, true);
    assert!(siti.page("/done").contains("Ringkasan"));
    let mut trainer = Browser::new(&server.base);
    let token = server.token().to_owned();
    let room = trainer.page(&format!("/trainer?token={token}"));
    let at = room.find("name=\"person\" value=\"").expect("a grant form");
    let person = room[at + 21..].split('"').next().unwrap().to_owned();
    let granted = trainer.post(
        "/trainer/grant",
        &[
            ("token", &token),
            ("csrf", &csrf_of(&room)),
            ("person", &person),
        ],
    );
    assert_eq!(granted.status(), StatusCode::SEE_OTHER);
    let mut budi = Browser::new(&server.base);
    let csrf = budi.join("Budi");
    let page = budi.page("/q");
    assert_eq!(
        budi.answer(&csrf, 0, &[position_of(&page, "Tidak boleh")]),
        "/q"
    );
    let room = trainer.page(&format!("/trainer?token={token}"));
    let closed = trainer.post(
        "/trainer/close",
        &[("token", &token), ("csrf", &csrf_of(&room))],
    );
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    // The purge comes within a few seconds of the room being closed 1 s.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !store.web_answer_keys().is_empty() {
        assert!(
            Instant::now() < deadline,
            "the web sessions were never purged"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(health(&server.base), StatusCode::OK);
    server.stop();
    let kept = stored(store.path());
    assert_eq!(kept.len(), 4, "Ani, the import, Siti and Budi");
    assert_eq!(
        kept.iter().filter(|a| a.room.is_some()).count(),
        2,
        "both web attempts are stored"
    );
}

/// kuis on the store `url`, in English.
fn on_as(url: &str, args: &[&str]) -> std::process::Output {
    super::kuis()
        .env("KUIS_STORE", url)
        .args(["--lang", "en"])
        .args(args)
        .output()
        .unwrap()
}
