//! An exam in a room that counts, over HTTP against the real binary, as an adversarial
//! participant tries it: a planted session cookie, a retake under another spelling of the
//! name, reading the answers before the room closes, a stop by one tap, and the trainer
//! closing the room while 24 participants answer.

use std::collections::HashMap;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::SET_COOKIE;

use super::serve::{Browser, csrf_of, location, position_of};
use super::server::Server;
use super::store::{Backend, TestStore};
use super::{MINI, fresh_store, stored};

/// The exam of the mini bank in file order, with these options.
fn exam(store: &std::path::Path, more: &[&str]) -> Server {
    let args: Vec<&str> = [MINI, "--no-shuffle", "--mode", "exam"]
        .into_iter()
        .chain(more.iter().copied())
        .collect();
    Server::start(store, &args)
}

/// The session cookie a response sets, if any.
fn session_cookie(response: &reqwest::blocking::Response) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("kuis_sesi="))
        .map(|v| v.split(';').next().unwrap().to_owned())
}

/// Join with the welcome page's form as `name`, `nip`, `unit`; the response to the join.
fn join_as(b: &mut Browser, name: &str, nip: &str, unit: &str) -> reqwest::blocking::Response {
    let welcome = b.page("/");
    let csrf = csrf_of(&welcome);
    b.post(
        "/join",
        &[
            ("csrf", &csrf),
            ("name", name),
            ("nip", nip),
            ("unit", unit),
        ],
    )
}

/// Answer every question of the mini exam (s1 right, the rest as they come) from a joined
/// browser; the summary page.
fn answer_all(b: &mut Browser) -> String {
    for i in 0..4 {
        let page = b.page("/q");
        let csrf = csrf_of(&page);
        let pick = if i == 0 {
            position_of(&page, "Tidak boleh")
        } else {
            0
        };
        b.answer(&csrf, i, &[pick]);
    }
    b.page("/done")
}

/// Close the room as its trainer does, with the button on the trainer's page.
fn close_room(server: &Server) {
    let mut trainer = Browser::new(&server.base);
    let token = server.token().to_owned();
    let csrf = csrf_of(&trainer.page(&format!("/trainer?token={token}")));
    trainer.post("/trainer/close", &[("token", &token), ("csrf", &csrf)]);
}

// Test that a session cookie planted before joining (a shared phone) is never adopted: the
// welcome page signs its form for a fresh id, joining starts the quiz under yet another, and
// whoever holds the planted id (or the welcome page's) cannot see or answer the quiz.
#[test]
fn planted_cookie_is_never_adopted() {
    let store = fresh_store();
    let server = exam(&store, &[]);
    let planted = "0123456789abcdef0123456789abcdef".to_owned();
    let mut victim = Browser::new(&server.base);
    victim.cookies.push(("kuis_sesi".into(), planted.clone()));
    let welcome = victim.get("/");
    let form_id = session_cookie(&welcome).expect("a fresh id for the form");
    assert_ne!(form_id, planted);
    let csrf = csrf_of(&welcome.text().unwrap());
    let joined = victim.post(
        "/join",
        &[("csrf", &csrf), ("name", "Siti"), ("nip", ""), ("unit", "")],
    );
    assert_eq!(location(&joined), "/q");
    let session = session_cookie(&joined).expect("a new id at /join");
    assert!(session != planted && session != form_id);
    assert_eq!(victim.get("/q").status(), StatusCode::OK);
    for known in [planted, form_id] {
        let mut attacker = Browser::new(&server.base);
        attacker.cookies.push(("kuis_sesi".into(), known.clone()));
        assert_eq!(location(&attacker.get("/q")), "/", "{known}");
        assert_eq!(location(&attacker.get("/done")), "/", "{known}");
    }
}

// Test a shared phone: the next person opening the room link lands on the summary of the one
// before, which names whose result it is and offers "Bukan Anda?", a form (no script) that
// leaves that session for the welcome page; the earlier result stays out of reach.
#[test]
fn done_page_names_the_person_and_lets_another_join() {
    let store = fresh_store();
    let server = exam(&store, &[]);
    let mut phone = Browser::new(&server.base);
    join_as(&mut phone, "Siti Rahma", "", "BKPSDM");
    answer_all(&mut phone);
    assert_eq!(location(&phone.get("/")), "/done");
    let done = phone.page("/done");
    assert!(
        done.contains("Hasil milik <strong>Siti Rahma</strong> (BKPSDM)"),
        "{done}"
    );
    assert!(
        done.contains("Bukan Anda? Mulai sebagai peserta lain"),
        "{done}"
    );
    let english = phone.page("/done?lang=en");
    assert!(
        english.contains("Not you? Join as someone else"),
        "{english}"
    );
    assert_eq!(
        phone.post("/again", &[("csrf", "forged")]).status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(location(&phone.get("/")), "/done");
    let csrf = csrf_of(&done);
    assert_eq!(location(&phone.post("/again", &[("csrf", &csrf)])), "/");
    let welcome = phone.page("/");
    assert!(welcome.contains("action=\"/join\""), "{welcome}");
    assert!(!welcome.contains("Siti Rahma"), "{welcome}");
    assert_eq!(location(&phone.get("/done")), "/");
    assert_eq!(location(&join_as(&mut phone, "Budi", "", "BKPSDM")), "/q");
}

// Test that joining again before answering deals the same questions in the same order, so a
// participant cannot rejoin until question 1 is one they know; another person gets a draw of
// their own (the shuffled mini exam: 4 questions of which a random draw would show the same
// first question with the same order of options about once in 60 joins).
#[test]
fn rejoining_deals_the_same_draw() {
    let store = fresh_store();
    let server = Server::start(&store, &[MINI, "--mode", "exam"]);
    let first_question = |name: &str| {
        let mut b = Browser::new(&server.base);
        assert_eq!(location(&join_as(&mut b, name, "", "BKPSDM")), "/q");
        let page = b.page("/q");
        let from = page.find("<legend").expect("a question");
        let to = page[from..].find("</fieldset>").expect("its options") + from;
        page[from..to].to_owned()
    };
    let dealt = first_question("Siti Rahma");
    for spelling in ["Siti Rahma", "siti  rahma", "SITI RAHMA."] {
        assert_eq!(first_question(spelling), dealt, "{spelling}");
    }
    let others: Vec<String> = ["Budi", "Ani", "Wati", "Joko", "Rina", "Dewi"]
        .into_iter()
        .map(first_question)
        .collect();
    assert!(others.iter().any(|o| *o != dealt), "{others:#?}");
}

// Test one attempt per person in an exam, on a backend: after the exam the summary shows the
// score and the pass/fail but no right answer and no new quiz; the review's pages stay shut;
// the same person under another spelling of the name (case, spaces, punctuation) or with a
// NIP added gets a clear page instead of a quiz; the trainer grants one more; and after the
// trainer closes the room the same link shows the review.
fn one_attempt_per_person(backend: Backend) {
    let Some(store) = TestStore::new(backend, "one_attempt_per_person") else {
        return;
    };
    let server = exam(store.path(), &[]);
    let mut siti = Browser::new(&server.base);
    assert_eq!(
        location(&join_as(&mut siti, "Siti Rahma, S.Pd.", "", "BKPSDM")),
        "/q"
    );
    let done = answer_all(&mut siti);
    assert!(
        done.contains("Skor") && done.contains("BELUM LULUS"),
        "{done}"
    );
    assert!(!done.contains("Pembahasan</h2>"), "{done}");
    assert!(
        !done.contains("Tidak boleh") && !done.contains("Mulai kuis baru"),
        "{done}"
    );
    assert!(done.contains("setelah pelatih menutup ruang"), "{done}");
    assert_eq!(location(&siti.get("/feedback/1")), "/done");
    for (name, nip, unit) in [
        ("siti  RAHMA S.Pd", "", "bkpsdm"),
        ("Siti Rahma, S.Pd.", "199001012020122001", "BKPSDM"),
    ] {
        let mut again = Browser::new(&server.base);
        let response = join_as(&mut again, name, nip, unit);
        assert_eq!(response.status(), StatusCode::OK, "{name}");
        let page = response.text().unwrap();
        assert!(page.contains("Kesempatan sudah habis"), "{page}");
        assert_eq!(location(&again.get("/q")), "/");
    }
    // Someone else in the room is not held back.
    let mut budi = Browser::new(&server.base);
    assert_eq!(location(&join_as(&mut budi, "Budi", "", "BKPSDM")), "/q");
    // The trainer grants Siti one more.
    let mut trainer = Browser::new(&server.base);
    let token = server.token().to_owned();
    let room = trainer.page(&format!("/trainer?token={token}"));
    let at = room.find("name=\"person\" value=\"").expect("a grant form");
    let person = room[at + 21..].split('"').next().unwrap().to_owned();
    assert_eq!(person, "name:siti rahma s pd|bkpsdm");
    let csrf = csrf_of(&room);
    let granted = trainer.post(
        "/trainer/grant",
        &[("token", &token), ("csrf", &csrf), ("person", &person)],
    );
    assert_eq!(granted.status(), StatusCode::SEE_OTHER);
    let mut retake = Browser::new(&server.base);
    assert_eq!(
        location(&join_as(&mut retake, "SITI RAHMA S.PD.", "", "BKPSDM")),
        "/q"
    );
    answer_all(&mut retake);
    let mut third = Browser::new(&server.base);
    let page = join_as(&mut third, "siti rahma s.pd", "", "BKPSDM ")
        .text()
        .unwrap();
    assert!(page.contains("2 dari 2"), "{page}");
    // Closing the room opens the review on the same link.
    let closed = trainer.post("/trainer/close", &[("token", &token), ("csrf", &csrf)]);
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    let done = siti.page("/done");
    assert!(
        done.contains("Pembahasan</h2>") && done.contains("Tidak boleh"),
        "{done}"
    );
    assert_eq!(siti.get("/feedback/1").status(), StatusCode::OK);
    drop(server);
    let attempts = stored(store.path());
    // Siti twice (with the grant), Budi once (stopped by the close, nothing answered: none).
    assert_eq!(attempts.len(), 2);
    assert!(attempts.iter().all(|a| a.mode == "exam" && a.completed));
}

#[test]
fn one_attempt_per_person_sqlite() {
    one_attempt_per_person(Backend::Sqlite);
}

#[test]
fn one_attempt_per_person_postgres() {
    one_attempt_per_person(Backend::Postgres);
}

// Test that the welcome page says when the review comes under each `--review`, `--review never`
// (no review even after the close) and `--review immediately` (the review at once), and that practice cannot hold its review back (its feedback comes after
// each question): a usage error, exit 2.
#[test]
fn review_options() {
    let store = fresh_store();
    // The welcome page says when the review comes, as each mode does it.
    let default = exam(&store, &["--room", "r0"]);
    let welcome = Browser::new(&default.base).page("/");
    assert!(
        welcome.contains("pembahasan setelah pelatih menutup ruang"),
        "{welcome}"
    );
    assert!(!welcome.contains("soal terakhir."), "{welcome}");
    drop(default);
    let never = exam(&store, &["--review", "never", "--room", "r1"]);
    let mut b = Browser::new(&never.base);
    let welcome = b.page("/");
    assert!(
        welcome.contains("pembahasan tidak ditampilkan"),
        "{welcome}"
    );
    join_as(&mut b, "Siti", "", "");
    let done = answer_all(&mut b);
    assert!(done.contains("tidak ditampilkan"), "{done}");
    close_room(&never);
    let done = b.page("/done");
    assert!(!done.contains("Pembahasan</h2>"), "{done}");
    assert_eq!(location(&b.get("/feedback/1")), "/done");
    drop(never);
    let now = exam(&store, &["--review", "immediately", "--room", "r2"]);
    let mut b = Browser::new(&now.base);
    let welcome = b.page("/");
    assert!(
        welcome.contains("pembahasan ditampilkan setelah soal terakhir"),
        "{welcome}"
    );
    join_as(&mut b, "Siti", "", "");
    let done = answer_all(&mut b);
    assert!(done.contains("Pembahasan</h2>"), "{done}");
    drop(now);
    let out = super::kuis()
        .env("KUIS_STORE", &store)
        .args([
            "serve",
            MINI,
            "--review",
            "after-close",
            "--listen",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", super::stderr(&out));
    assert!(super::stderr(&out).contains("--mode exam"));
}

// Test that the score is held back as `--show-score` says, against key probing (a score per
// attempt tells the key, a question at a time, to whoever answers under throwaway names):
// under `--review never` the summary says the answers are submitted and shows neither score
// nor pass, even once the room is closed; under `--show-score after-close` the same link shows
// both once the trainer closes the room (the pages in Indonesian, then English); a score held
// longer than the review, or in practice, is refused (exit 2).
#[test]
fn show_score_options() {
    let store = fresh_store();
    let shown = |page: &str| page.contains("Skor") || page.contains("LULUS");
    let never = exam(&store, &["--review", "never", "--room", "r1"]);
    let mut b = Browser::new(&never.base);
    let welcome = b.page("/");
    assert!(
        welcome.contains("nilai, kelulusan dan pembahasan tidak ditampilkan di sini"),
        "{welcome}"
    );
    join_as(&mut b, "Siti", "", "");
    let done = answer_all(&mut b);
    assert!(
        done.contains("Jawaban Anda (4 dari 4 soal) sudah terkirim dan tersimpan."),
        "{done}"
    );
    assert!(done.contains("pelatih akan mengumumkan hasilnya"), "{done}");
    assert!(!shown(&done), "{done}");
    close_room(&never);
    let done = b.page("/done");
    assert!(!shown(&done), "{done}");
    drop(never);
    let later = exam(&store, &["--show-score", "after-close", "--room", "r2"]);
    let welcome = Browser::new(&later.base).page("/?lang=en");
    assert!(
        welcome.contains(
            "the score, the pass or fail and the review come once the trainer has closed the room"
        ),
        "{welcome}"
    );
    let mut b = Browser::new(&later.base);
    join_as(&mut b, "Siti", "", "");
    answer_all(&mut b);
    let done = b.page("/done?lang=en");
    assert!(
        done.contains(
            "Your score and whether you passed show on this page once the trainer closes the room"
        ),
        "{done}"
    );
    assert!(!shown(&done) && !done.contains("Score"), "{done}");
    close_room(&later);
    let done = b.page("/done");
    assert!(done.contains("Score: "), "{done}");
    assert!(done.contains("PASSED"), "{done}");
    assert!(done.contains("Review</h2>"), "{done}");
    drop(later);
    for (args, said) in [
        (
            &[
                "--mode",
                "exam",
                "--review",
                "immediately",
                "--show-score",
                "never",
            ][..],
            "the score cannot be held back longer than the review (--review)",
        ),
        (
            &["--show-score", "after-close"][..],
            "hold them back with --mode exam",
        ),
    ] {
        let out = super::kuis()
            .env("KUIS_STORE", &store)
            .args(["--lang", "en", "serve", MINI, "--listen", "127.0.0.1:0"])
            .args(args)
            .output()
            .unwrap();
        let stderr = super::stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
}

// Test that "Berhenti sekarang" asks first, on a page of its own that works without script: a
// stop posted without the confirmation leads to that page and ends nothing; the confirmed
// one ends the quiz, scored on the answers so far.
#[test]
fn stopping_takes_a_second_step() {
    let store = fresh_store();
    let server = exam(&store, &[]);
    let mut b = Browser::new(&server.base);
    join_as(&mut b, "Siti", "", "");
    let page = b.page("/q");
    assert!(page.contains("href=\"/stop\""), "{page}");
    let csrf = csrf_of(&page);
    b.answer(&csrf, 0, &[position_of(&page, "Tidak boleh")]);
    assert_eq!(location(&b.post("/stop", &[("csrf", &csrf)])), "/stop");
    let confirm = b.page("/stop");
    assert!(
        confirm.contains("Yakin") && confirm.contains("1 dari 4"),
        "{confirm}"
    );
    assert_eq!(b.get("/q").status(), StatusCode::OK);
    let stop = b.post("/stop", &[("csrf", &csrf_of(&confirm)), ("confirm", "1")]);
    assert_eq!(location(&stop), "/done");
    assert_eq!(location(&b.get("/stop")), "/done");
    drop(server);
    let a = &stored(&store)[0];
    assert_eq!((a.ending.as_str(), a.answered), ("interrupted", 1));
}

// Test the clock: a timed question page carries the time left in milliseconds and the clock
// script (served by kuis, as the CSP's 'self' allows); a submission the clock makes before the
// server's deadline goes back to the question; once the deadline has passed the attempt ends
// as timed out and its time taken is the limit, on the summary and in the record.
#[test]
fn clock_and_time_taken() {
    let store = fresh_store();
    let server = exam(&store, &["--time-limit", "3s"]);
    let mut b = Browser::new(&server.base);
    join_as(&mut b, "Siti", "", "");
    let joined = std::time::Instant::now();
    let page = b.page("/q");
    let csrf = csrf_of(&page);
    let early = b.post(
        "/q",
        &[("csrf", &csrf), ("position", "0"), ("expired", "1")],
    );
    b.answer(&csrf, 0, &[position_of(&page, "Tidak boleh")]);
    assert!(page.contains("<script src=\"/clock.js\""), "{page}");
    let at = page.find("data-remaining-ms=\"").unwrap() + 19;
    let left: u64 = page[at..].split('"').next().unwrap().parse().unwrap();
    assert!(left > 0 && left <= 3000, "{left}");
    // Before the server's deadline the clock's submission leads back to the question.
    if joined.elapsed() < Duration::from_secs(2) {
        assert_eq!(location(&early), "/q");
    }
    let script = b.get("/clock.js");
    assert_eq!(script.status(), StatusCode::OK);
    assert!(script.text().unwrap().contains("form.submit()"));
    std::thread::sleep(Duration::from_millis(3500).saturating_sub(joined.elapsed()));
    let late = b.post(
        "/q",
        &[("csrf", &csrf), ("position", "1"), ("expired", "1")],
    );
    assert_eq!(location(&late), "/done");
    let done = b.page("/done");
    assert!(
        done.contains("Waktu habis") && done.contains("Waktu: 00:03"),
        "{done}"
    );
    drop(server);
    // The first answer was in time unless the machine is very slow; its record then says 3 s.
    for a in stored(&store) {
        assert_eq!(
            (a.ending.as_str(), a.answered, a.seconds()),
            ("time-up", 1, 3)
        );
    }
}

// Test that closing the room while 24 participants answer as fast as they can loses no
// acknowledged answer, on a backend: every answer the server acknowledged (a redirect to the
// next question) is in the participant's stored attempt, and nothing after the close is.
fn close_race(backend: Backend) {
    let Some(store) = TestStore::new(backend, "close_race") else {
        return;
    };
    let server = Server::start(
        store.path(),
        &[
            "--mode",
            "exam",
            "--count",
            "80",
            "--no-shuffle",
            "--attempts",
            "1",
        ],
    );
    let mut people: Vec<(String, Browser, String)> = (0..24)
        .map(|i| {
            let name = format!("Peserta {i:02}");
            let mut b = Browser::new(&server.base);
            assert_eq!(location(&join_as(&mut b, &name, "", "Kesbangpol")), "/q");
            let csrf = csrf_of(&b.page("/q"));
            (name, b, csrf)
        })
        .collect();
    let start = std::sync::Arc::new(std::sync::Barrier::new(people.len() + 1));
    // Answers acknowledged so far, all participants together: the close waits for them here
    // rather than by reading the store, whose reader competed with the 24 writers (under a
    // loaded machine the answers were all in before the poll saw 96, and nobody was cut).
    let so_far = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let workers: Vec<_> = people
        .drain(..)
        .map(|(name, mut b, csrf)| {
            let start = std::sync::Arc::clone(&start);
            let so_far = std::sync::Arc::clone(&so_far);
            std::thread::spawn(move || {
                start.wait();
                // Answers acknowledged with the next question; the last one is acknowledged
                // with the summary, which also says "too late" to any other.
                let mut acknowledged = 0;
                let mut last_maybe = false;
                for position in 0..80 {
                    // Fast, but not so fast that 80 answers beat the close to the store when
                    // the machine is busy (it did once, with nobody cut): 80 answers take at
                    // least 0.8 s, the close is sent after about 4 each.
                    std::thread::sleep(Duration::from_millis(10));
                    match b.answer(&csrf, position, &[0]).as_str() {
                        "/q" => {
                            acknowledged += 1;
                            so_far.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        }
                        _ => {
                            last_maybe = position == 79;
                            break;
                        }
                    }
                }
                (name, (acknowledged, last_maybe))
            })
        })
        .collect();
    let mut trainer = Browser::new(&server.base);
    let token = server.token().to_owned();
    let csrf = csrf_of(&trainer.page(&format!("/trainer?token={token}")));
    start.wait();
    // Close once they are well under way (a few answers each), long before they are done.
    while so_far.load(std::sync::atomic::Ordering::SeqCst) < 24 * 4 {
        std::thread::sleep(Duration::from_millis(1));
    }
    let closed = trainer.post("/trainer/close", &[("token", &token), ("csrf", &csrf)]);
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    let acknowledged: HashMap<String, (usize, bool)> =
        workers.into_iter().map(|w| w.join().unwrap()).collect();
    drop(server);
    let attempts = stored(store.path());
    let mut cut = 0;
    for (name, &(acked, last_maybe)) in &acknowledged {
        let answered = attempts
            .iter()
            .find(|a| a.participant.name.as_deref() == Some(name.as_str()))
            .map_or(0, |a| a.answered);
        let kept_last = last_maybe && answered == 80;
        assert!(
            answered == acked || kept_last,
            "{name}: {answered} stored, {acked} acknowledged"
        );
        cut += usize::from(answered < 80);
    }
    // The close came while they answered (else the test proves nothing).
    assert!(cut > 0, "{acknowledged:?}");
}

#[test]
fn close_race_sqlite() {
    close_race(Backend::Sqlite);
}

#[test]
fn close_race_postgres() {
    close_race(Backend::Postgres);
}

/// `kuis --lang LANG import FILE --with-bank mini` into `store`.
fn import_into(
    store: &std::path::Path,
    file: &std::path::Path,
    lang: &str,
) -> std::process::Output {
    super::kuis()
        .env("KUIS_STORE", store)
        .args(["--lang", lang, "import"])
        .arg(file)
        .args(["--with-bank", MINI])
        .output()
        .unwrap()
}

// Test that `kuis import` refuses, record by record and with the reason, attempts that no
// draw can give: twenty answers that are the one question known by heart (a "100%" pass),
// a question answered twice, more answers than planned; the honest record beside them is
// kept.
#[test]
fn import_refuses_impossible_attempts() {
    let scratch = fresh_store();
    let out = super::take_as(&scratch, MINI, "Siti", "a\na,c\nsalah\na\n");
    assert!(out.status.success(), "{}", super::stderr(&out));
    let honest = serde_json::to_value(&stored(&scratch)[0]).unwrap();
    let forged = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = honest.clone();
        v["id"] = uuid::Uuid::new_v4().to_string().into();
        f(&mut v);
        v
    };
    // Twenty times the single question answered right, scored as a perfect pass.
    let parrot = forged(&|v| {
        let one = v["answers"][0].clone();
        v["answers"] = serde_json::Value::Array(vec![one; 20]);
        for field in ["answered", "planned"] {
            v[field] = 20.into();
        }
        for (field, value) in [("score", 20.0), ("max", 20.0), ("percent", 100.0)] {
            v[field] = value.into();
        }
        v["passed"] = true.into();
        v["completed"] = true.into();
    });
    let twice = forged(&|v| {
        v["answers"][2] = v["answers"][0].clone();
        v["score"] = 3.5.into();
        v["percent"] = 87.5.into();
        v["passed"] = true.into();
    });
    let more = forged(&|v| {
        v["planned"] = 2.into();
        v["completed"] = true.into();
    });
    // A multiple answer with one choice sent twice, as no form of kuis's sends it.
    let doubled = forged(&|v| {
        v["answers"][1]["chosen"] = serde_json::json!(["a", "a"]);
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hasil.json");
    let all = serde_json::Value::Array(vec![parrot, honest.clone(), twice, more, doubled]);
    std::fs::write(&file, all.to_string()).unwrap();
    let store = fresh_store();
    let out = import_into(&store, &file, "en");
    let said = super::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("answers[1].question: this question was already answered at answers[0]"),
        "{said}"
    );
    assert!(
        said.contains("answers[2].question: this question was already answered at answers[0]"),
        "{said}"
    );
    assert!(
        said.contains("answers: 4 answers, but only 2 questions were planned"),
        "{said}"
    );
    assert!(
        said.contains("answers[1].chosen: option a is picked twice"),
        "{said}"
    );
    assert!(
        said.contains("1 imported, 0 already there, 4 record(s) refused"),
        "{said}"
    );
    let kept = stored(&store);
    assert_eq!(kept.len(), 1);
    assert_eq!(serde_json::to_value(&kept[0]).unwrap(), honest);
}

/// `v` with its score fields recomputed from its answers, as a forger who knows the format
/// would (mini's pass mark: 75).
fn rescored(mut v: serde_json::Value) -> serde_json::Value {
    let answers = v["answers"].as_array().unwrap();
    let score: f64 = answers.iter().map(|a| a["points"].as_f64().unwrap()).sum();
    let max = answers.len() as f64;
    v["score"] = score.into();
    v["max"] = max.into();
    v["percent"] = (100.0 * score / max).into();
    v["passed"] = (100.0 * score / max >= 75.0).into();
    v
}

// Test that `kuis import` draws an attempt's plan again from its seed and its recorded draw,
// so answers in an order no draw gives are refused: a genuine shuffled exam (two questions of
// one topic) exported and imported into a fresh store is accepted; its answers swapped, or
// one of them traded for a question the draw did not ask (scored as that question scores),
// is refused with the reason, in both languages; a record of an older kuis (no draw) is
// still read.
#[test]
fn import_redraws_the_plan() {
    let scratch = fresh_store();
    let out = super::kuis()
        .env("KUIS_STORE", &scratch)
        .args(["take", MINI, "--mode", "exam", "--topic", "fasilitas"])
        .args(["--seed", "7", "--name", "Siti", "--unit", "BKPSDM"])
        .args(["--answers", "-"])
        .write_stdin("a\na\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", super::stderr(&out));
    let honest = serde_json::to_value(&stored(&scratch)[0]).unwrap();
    assert_eq!(
        honest["draw"],
        serde_json::json!({"topics": ["fasilitas"], "shuffle": true})
    );
    let forged = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = honest.clone();
        v["id"] = uuid::Uuid::new_v4().to_string().into();
        f(&mut v);
        rescored(v)
    };
    let first = honest["answers"][0]["question"]
        .as_str()
        .unwrap()
        .to_owned();
    let swapped = forged(&|v| v["answers"].as_array_mut().unwrap().swap(0, 1));
    // The question of the other topic, answered right: not one of this draw's.
    let traded = forged(&|v| {
        v["answers"][1] = serde_json::json!({
            "question": "m1", "topic": "medsos", "rules": ["R23"], "kind": "multiple",
            "chosen": ["a", "c"], "points": 1.0, "max": 1.0, "seconds": 4.0
        });
    });
    let mut older = swapped.clone();
    older["id"] = uuid::Uuid::new_v4().to_string().into();
    older.as_object_mut().unwrap().remove("draw");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hasil.json");
    let all = serde_json::Value::Array(vec![honest.clone(), swapped, traded, older]);
    std::fs::write(&file, all.to_string()).unwrap();
    for (lang, swap, trade, tally) in [
        (
            "en",
            format!(
                "answers[0].question: this attempt's draw (its seed and options) asks {first} here; answers must be that draw's questions, in its order"
            ),
            "answers[1].question: this attempt's draw (its seed and options) asks ".to_owned(),
            "2 imported, 0 already there, 2 record(s) refused",
        ),
        (
            "id",
            format!(
                "answers[0].question: undian percobaan ini (seed dan opsinya) menanyakan {first} di tempat ini; jawaban harus soal-soal undian itu, dalam urutannya"
            ),
            "answers[1].question: undian percobaan ini (seed dan opsinya) menanyakan ".to_owned(),
            "2 baru, 0 sudah ada, 2 rekaman ditolak",
        ),
    ] {
        let store = fresh_store();
        let out = import_into(&store, &file, lang);
        let said = super::stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{said}");
        assert!(said.contains(&swap), "{said}");
        assert!(said.contains(&trade), "{said}");
        assert!(said.contains(tally), "{said}");
        let kept = stored(&store);
        assert_eq!(serde_json::to_value(&kept[0]).unwrap(), honest);
    }
}

// Test that `kuis import` refuses an attempt it did not write naming a room of the store (only
// `kuis serve` writes a room's attempts there): a new id with the room's own record as its
// pattern, or with another number of questions planned, is refused with the reason in both
// languages; the room's own record imported again changes nothing, and the same records go
// into another store, which has no such room.
#[test]
fn import_refuses_forged_room_attempts() {
    let store = fresh_store();
    let server = exam(&store, &["--room", "kelas-a"]);
    let mut b = Browser::new(&server.base);
    join_as(&mut b, "Siti", "", "");
    answer_all(&mut b);
    drop(server);
    let own = serde_json::to_value(&stored(&store)[0]).unwrap();
    assert_eq!(own["room"], "kelas-a");
    let mut same = own.clone();
    same["id"] = uuid::Uuid::new_v4().to_string().into();
    let mut fewer = same.clone();
    fewer["id"] = uuid::Uuid::new_v4().to_string().into();
    // Three questions of the room's four, its numbers made consistent (mini's pass mark: 75).
    fewer["answers"].as_array_mut().unwrap().truncate(3);
    let score: f64 = fewer["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["points"].as_f64().unwrap())
        .sum();
    let percent = 100.0 * score / 3.0;
    for field in ["answered", "planned"] {
        fewer[field] = 3.into();
    }
    fewer["score"] = score.into();
    fewer["max"] = 3.0.into();
    fewer["percent"] = percent.into();
    fewer["passed"] = (percent >= 75.0).into();
    fewer["completed"] = true.into();
    // Its draw would give it away (three questions are not the first three of four); here it
    // is one that only the room tells apart.
    fewer.as_object_mut().unwrap().remove("draw");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hasil.json");
    let all = serde_json::Value::Array(vec![own.clone(), same.clone(), fewer]);
    std::fs::write(&file, all.to_string()).unwrap();
    let import = |store: &std::path::Path, lang: &str| import_into(store, &file, lang);
    for (lang, why, tally) in [
        (
            "en",
            "room: room kelas-a is in this store, and only `kuis serve` writes a room's attempts",
            "0 imported, 1 already there, 2 record(s) refused",
        ),
        (
            "id",
            "room: ruang kelas-a ada di penyimpanan ini",
            "0 baru, 1 sudah ada, 2 rekaman ditolak",
        ),
    ] {
        let out = import(&store, lang);
        let said = super::stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{said}");
        assert_eq!(said.matches(why).count(), 2, "{said}");
        assert!(said.contains(same["id"].as_str().unwrap()), "{said}");
        assert!(said.contains(tally), "{said}");
    }
    assert_eq!(stored(&store).len(), 1);
    let elsewhere = fresh_store();
    let out = import(&elsewhere, "en");
    assert_eq!(out.status.code(), Some(0), "{}", super::stderr(&out));
    assert_eq!(stored(&elsewhere).len(), 3);
}

// Test the grading methods: one person's exam attempts, the first failed and the second
// full marks (a retake after reading the answers): the report grades the first by default
// for exams and says so; --grade best, last and mean grade as named; export --grade keeps
// the graded attempt only, and refuses mean.
#[test]
fn grading_methods() {
    let store = fresh_store();
    for answers in ["b\nb\nbenar\nb\n", "a\na,c\nsalah\na\n"] {
        let out = super::kuis()
            .env("KUIS_STORE", &store)
            .args([
                "take",
                MINI,
                "--no-shuffle",
                "--mode",
                "exam",
                "--name",
                "Siti",
                "--answers",
                "-",
            ])
            .write_stdin(answers)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", super::stderr(&out));
    }
    let report = |grade: &[&str]| {
        let out = super::kuis()
            .env("KUIS_STORE", &store)
            .args(["--lang", "en", "report", "--format", "json"])
            .args(grade)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", super::stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let r = &v["reports"][0];
        let p = &r["participants"][0];
        (
            r["grading"].as_str().unwrap().to_owned(),
            p["grade"].as_f64().unwrap(),
            p["passed"].as_bool().unwrap(),
        )
    };
    let percents: Vec<f64> = stored(&store).iter().map(|a| a.percent).collect();
    assert_eq!(percents[1], 100.0);
    assert!(percents[0] < 75.0, "{percents:?}");
    assert_eq!(report(&[]), ("first".into(), percents[0], false));
    assert_eq!(report(&["--grade", "best"]), ("best".into(), 100.0, true));
    assert_eq!(report(&["--grade", "last"]), ("last".into(), 100.0, true));
    let mean = (percents[0] + 100.0) / 2.0;
    assert_eq!(
        report(&["--grade", "mean"]),
        ("mean".into(), mean, mean >= 75.0)
    );
    let human = super::kuis()
        .env("KUIS_STORE", &store)
        .args(["--lang", "en", "report"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&human.stdout).contains("the first attempt (--grade first)"));
    let export = |grade: &str| {
        super::kuis()
            .env("KUIS_STORE", &store)
            .args(["export", "--format", "json", "--grade", grade])
            .output()
            .unwrap()
    };
    let first: Vec<serde_json::Value> = serde_json::from_slice(&export("first").stdout).unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0]["percent"].as_f64(), Some(percents[0]));
    assert_eq!(export("mean").status.code(), Some(2));
}
