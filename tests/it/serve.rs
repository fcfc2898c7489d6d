//! `kuis serve` over real HTTP: the binary on port 0, participants as cookie-keeping clients
//! that follow no redirect by themselves (so each POST-redirect-GET step is seen).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

use super::server::{Server, serve};
use super::{MINI, fresh_store, stored};

/// A browser without script: keeps its cookies, posts forms, follows no redirect by itself.
/// The browser tests use it too, for participants beside the real browser.
pub(super) struct Browser {
    client: Client,
    pub(super) base: String,
    /// Other servers to turn to, one per request in turn with `base` (several instances
    /// behind a load balancer without sticky sessions).
    pub(super) others: Vec<String>,
    pub(super) cookies: Vec<(String, String)>,
}

impl Browser {
    pub(super) fn new(base: &str) -> Browser {
        Browser {
            client: Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(60))
                .build()
                .unwrap(),
            base: base.to_owned(),
            others: Vec::new(),
            cookies: Vec::new(),
        }
    }

    fn keep(&mut self, response: &Response) {
        for c in response.headers().get_all(SET_COOKIE) {
            let pair = c.to_str().unwrap().split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            self.cookies.retain(|(name, _)| name != k);
            self.cookies.push((k.to_owned(), v.to_owned()));
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The server for the next request: `base`, then each of `others` in turn.
    fn next_base(&mut self) -> String {
        if let Some(next) = self.others.first().cloned() {
            let base = std::mem::replace(&mut self.base, next);
            self.others.remove(0);
            self.others.push(base);
        }
        self.base.clone()
    }

    pub(super) fn get(&mut self, path: &str) -> Response {
        let url = format!("{}{path}", self.next_base());
        let response = self
            .client
            .get(url)
            .header(COOKIE, self.cookie_header())
            .send()
            .unwrap();
        self.keep(&response);
        response
    }

    pub(super) fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Response {
        self.try_post(path, form).unwrap()
    }

    /// POST a form; an error when the server could not be reached or died mid-request.
    pub(super) fn try_post(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Result<Response> {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let url = format!("{}{path}", self.next_base());
        let response = self
            .client
            .post(url)
            .header(COOKIE, self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()?;
        self.keep(&response);
        Ok(response)
    }

    /// The value of the cookie `name`, if set.
    pub(super) fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// GET a page that must be there, as text.
    pub(super) fn page(&mut self, path: &str) -> String {
        let response = self.get(path);
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.text().unwrap()
    }

    /// Join as `name` (unit BKPSDM); returns the CSRF token of the session it starts.
    pub(super) fn join(&mut self, name: &str) -> String {
        let welcome = self.page("/");
        let csrf = csrf_of(&welcome);
        let response = self.post(
            "/join",
            &[
                ("csrf", &csrf),
                ("name", name),
                ("nip", ""),
                ("unit", "BKPSDM"),
            ],
        );
        assert_eq!(location(&response), "/q");
        // The quiz runs under a new session id, with a CSRF token of its own.
        let question = self.page("/q");
        let session = csrf_of(&question);
        assert_ne!(session, csrf);
        session
    }

    /// Answer question `position` with the display positions `picks`; returns where to go.
    pub(super) fn answer(&mut self, csrf: &str, position: usize, picks: &[usize]) -> String {
        let position = position.to_string();
        let picks: Vec<String> = picks.iter().map(usize::to_string).collect();
        let mut form = vec![("csrf", csrf), ("position", position.as_str())];
        form.extend(picks.iter().map(|p| ("pick", p.as_str())));
        let response = self.post("/q", &form);
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        location(&response)
    }
}

/// Where a redirect goes.
pub(super) fn location(response: &Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("a redirect, got {}", response.status()))
}

/// The CSRF token in a page's form.
pub(super) fn csrf_of(page: &str) -> String {
    super::server::csrf_of(page).expect("a form with a CSRF token")
}

/// The display position of the option whose label is `text` on a question page.
pub(super) fn position_of(page: &str, text: &str) -> usize {
    let at = page
        .find(&format!("</span> {text}</label>"))
        .unwrap_or_else(|| panic!("option {text:?} on the page"));
    let before = &page[..at];
    let value = before.rfind("value=\"").unwrap();
    before[value + 7..]
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// The mini bank in file order: s1 (single), m1 (multiple), t1 (true/false), w1 (weighted),
/// answered s1 right, m1 half right, t1 right, w1 second best.
pub(super) fn take_mini(b: &mut Browser, exam: bool) {
    let csrf = b.join("Siti Rahma");
    let answers: [&[&str]; 4] = [
        &["Tidak boleh"],
        &["Menyukai unggahan kampanye"],
        &["Salah"],
        &["Menolak tanpa berkata apa-apa"],
    ];
    for (i, labels) in answers.iter().enumerate() {
        let page = b.page("/q");
        assert!(page.contains(&format!("Soal {}/4", i + 1)), "{page}");
        let picks: Vec<usize> = labels.iter().map(|l| position_of(&page, l)).collect();
        let next = b.answer(&csrf, i, &picks);
        if exam {
            assert_eq!(next, if i == 3 { "/done" } else { "/q" });
        } else {
            assert_eq!(next, format!("/feedback/{}", i + 1));
            let feedback = b.page(&next);
            // The terminal's feedback: verdict, the rule and its basis.
            assert!(feedback.contains("Aturan"), "{feedback}");
            assert!(feedback.contains("Dasar hukum"), "{feedback}");
        }
    }
}

// Test that a participant takes a whole practice quiz of every kind in the browser: feedback
// after each answer, a summary, and one attempt in the store as the terminal records it.
#[test]
fn practice_quiz_every_kind() {
    let store = fresh_store();
    let server = Server::start(&store, &[MINI, "--no-shuffle", "--room", "kelas-a"]);
    let mut b = Browser::new(&server.base);
    take_mini(&mut b, false);
    let summary = b.page("/done");
    assert!(summary.contains("Ringkasan"), "{summary}");
    assert!(
        summary.contains("Soal yang perlu dipelajari lagi"),
        "{summary}"
    );
    server.stop();
    let attempts = stored(&store);
    assert_eq!(attempts.len(), 1);
    let a = &attempts[0];
    assert_eq!(a.room.as_deref(), Some("kelas-a"));
    assert_eq!(
        (a.mode.as_str(), a.ending.as_str()),
        ("practice", "completed")
    );
    assert_eq!(a.participant.name.as_deref(), Some("Siti Rahma"));
    let kinds: Vec<&str> = a.answers.iter().map(|x| x.kind.as_str()).collect();
    assert_eq!(kinds, ["single", "multiple", "true-false", "weighted"]);
    let points: Vec<f64> = a.answers.iter().map(|x| x.points).collect();
    assert_eq!(points, [1.0, 0.5, 1.0, 0.4]);
    assert!(a.completed && !a.passed);
}

// Test that the trainer's pages need the token (401 without it or with a wrong one), and that
// every response carries the security headers.
#[test]
fn trainer_token_and_headers() {
    let store = fresh_store();
    let server = Server::start(&store, &[MINI]);
    let mut b = Browser::new(&server.base);
    for path in [
        "/trainer".to_owned(),
        "/trainer?token=0123456789abcdef0123456789abcdef".to_owned(),
        "/trainer/export.csv".to_owned(),
        "/trainer/report.html?token=x".to_owned(),
    ] {
        assert_eq!(b.get(&path).status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    let page = b.get(&format!("/trainer?token={}", server.token()));
    assert_eq!(page.status(), StatusCode::OK);
    let welcome = b.get("/");
    for response in [&page, &welcome] {
        let h = response.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
    }
    let cookie = welcome.headers()[SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    // Nothing outside the embedded assets is served.
    for path in [
        "/../Cargo.toml",
        "/src/web/style.css",
        "/style.css/../Cargo.toml",
    ] {
        assert_eq!(b.get(path).status(), StatusCode::NOT_FOUND, "{path}");
    }
    // A body larger than any form (the limit is 16 KiB) is refused before it is read (and the
    // connection closed: it is this client's last request).
    let big = "x".repeat(20_000);
    let response = b.post("/join", &[("name", big.as_str())]);
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Said as kuis says every refusal, with the security headers.
    assert!(response.headers().contains_key("content-security-policy"));
    assert!(
        response
            .text()
            .unwrap()
            .contains("Formulir terlalu besar. / The form is too large.")
    );
}

/// The web answers kept for the store's sessions, straight from SQL.
fn web_answers(store: &Path) -> i64 {
    let conn = rusqlite::Connection::open(store).unwrap();
    conn.query_row("SELECT count(*) FROM web_answers", [], |r| r.get(0))
        .unwrap()
}

// Test that an exam holds the feedback until the end (a feedback page mid-exam leads back to
// the question), then shows the summary with the review, and records an exam.
#[test]
fn exam_quiz_every_kind() {
    let store = fresh_store();
    let server = Server::start(&store, &[MINI, "--no-shuffle", "--mode", "exam"]);
    let mut b = Browser::new(&server.base);
    let csrf = b.join("Budi");
    let page = b.page("/q");
    assert_eq!(
        b.answer(&csrf, 0, &[position_of(&page, "Tidak boleh")]),
        "/q"
    );
    assert_eq!(location(&b.get("/feedback/1")), "/q");
    b.get("/");
    server.stop();
    let server = Server::start(&store, &[MINI, "--no-shuffle", "--mode", "exam"]);
    let mut b2 = Browser::new(&server.base);
    b2.cookies = b.cookies.clone();
    for (i, label) in [
        (1, "Membagikan video kampanye"),
        (2, "Benar"),
        (3, "Menolak dan mengingatkan atasan"),
    ] {
        let page = b2.page("/q");
        b2.answer(&csrf, i, &[position_of(&page, label)]);
    }
    let done = b2.page("/done");
    assert!(done.contains("Pembahasan"), "{done}");
    server.stop();
    let a = &stored(&store)[0];
    assert_eq!((a.mode.as_str(), a.answered), ("exam", 4));
    let points: Vec<f64> = a.answers.iter().map(|x| x.points).collect();
    assert_eq!(points, [1.0, 0.5, 0.0, 1.0]);
}

// Test that a participant resumes where they were after the server is killed (SIGKILL) and
// started again on the same store, and that an answer posted twice counts once.
#[test]
fn resume_after_restart_and_double_submit() {
    let store = fresh_store();
    let args = [MINI, "--no-shuffle"];
    let server = Server::start(&store, &args);
    let mut b = Browser::new(&server.base);
    let csrf = b.join("Siti");
    let page = b.page("/q");
    let right = position_of(&page, "Tidak boleh");
    assert_eq!(b.answer(&csrf, 0, &[right]), "/feedback/1");
    // The same form again, and a changed mind: both count as the first answer.
    assert_eq!(b.answer(&csrf, 0, &[right]), "/feedback/1");
    assert_eq!(b.answer(&csrf, 0, &[1 - right]), "/feedback/1");
    assert_eq!(web_answers(&store), 1);
    drop(server);
    let server = Server::start(&store, &args);
    b.base = server.base.clone();
    let page = b.page("/q");
    assert!(page.contains("Soal 2/4"), "{page}");
    take_rest(&mut b, &csrf, 1);
    server.stop();
    let attempts = stored(&store);
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].answered, 4);
    assert_eq!(attempts[0].answers[0].points, 1.0);
}

/// Answer the mini bank from `from` to the end with its first option each.
fn take_rest(b: &mut Browser, csrf: &str, from: usize) {
    for i in from..4 {
        let page = b.page("/q");
        assert!(page.contains(&format!("Soal {}/4", i + 1)), "{page}");
        b.answer(csrf, i, &[0]);
    }
}

// Test that a `<script>` in a bank's prompt and in a participant's name comes back escaped,
// on the participant's pages and the trainer's.
#[test]
fn hostile_text_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("bank.toml");
    let text = std::fs::read_to_string(super::project(MINI))
        .unwrap()
        .replace(
            "Bolehkah mobil dinas dipakai untuk kampanye?",
            "<script>alert(1)</script> Bolehkah?",
        );
    std::fs::write(&bank, text).unwrap();
    let store = fresh_store();
    let server = Server::start(&store, &[bank.to_str().unwrap(), "--no-shuffle"]);
    let mut b = Browser::new(&server.base);
    let csrf = b.join("<script>alert(2)</script>");
    let page = b.page("/q");
    assert!(!page.contains("<script>"), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt; Bolehkah?"),
        "{page}"
    );
    b.answer(&csrf, 0, &[0]);
    let feedback = b.page("/feedback/1");
    assert!(!feedback.contains("<script>"), "{feedback}");
    let trainer = b.page(&format!("/trainer?token={}", server.token()));
    assert!(
        trainer.contains("&lt;script&gt;alert(2)&lt;/script&gt;"),
        "{trainer}"
    );
    assert!(!trainer.contains("<script>alert"), "{trainer}");
}

// Test that a form without the session's CSRF token is refused (403), for joining, answering
// and closing the room, and that nothing is saved.
#[test]
fn csrf_refused() {
    let store = fresh_store();
    let server = Server::start(&store, &[MINI]);
    let mut b = Browser::new(&server.base);
    b.page("/");
    let wrong = "0".repeat(32);
    let join = b.post("/join", &[("csrf", &wrong), ("name", "Siti")]);
    assert_eq!(join.status(), StatusCode::FORBIDDEN);
    let csrf = b.join("Siti");
    assert_eq!(
        b.post("/q", &[("csrf", &wrong), ("position", "0"), ("pick", "0")])
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        b.post("/q", &[("position", "0"), ("pick", "0")]).status(),
        StatusCode::FORBIDDEN
    );
    let token = server.token().to_owned();
    assert_eq!(
        b.post("/trainer/close", &[("token", &token), ("csrf", &csrf)])
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(web_answers(&store), 0);
    // Another browser's cookie with this form's token is no better.
    let mut other = Browser::new(&server.base);
    other.page("/");
    assert_eq!(
        other
            .post("/q", &[("csrf", &csrf), ("position", "0"), ("pick", "0")])
            .status(),
        StatusCode::FORBIDDEN
    );
}

// Test that the server enforces the time limit: once the deadline has passed, an answer is
// refused and the attempt ends as timed out, scored on the answers given in time. The
// deadline is moved into the past in the store, so no clock is raced.
#[test]
fn time_limit_enforced_by_the_server() {
    let store = fresh_store();
    let server = Server::start(&store, &[MINI, "--no-shuffle", "--time-limit", "1h"]);
    let mut b = Browser::new(&server.base);
    let csrf = b.join("Siti");
    let page = b.page("/q");
    assert!(page.contains("sisa waktu"), "{page}");
    b.answer(&csrf, 0, &[position_of(&page, "Tidak boleh")]);
    rusqlite::Connection::open(&store)
        .unwrap()
        .execute("UPDATE web_sessions SET deadline_ms = 0", [])
        .unwrap();
    assert_eq!(b.answer(&csrf, 1, &[0]), "/done");
    let done = b.page("/done");
    assert!(done.contains("Waktu habis"), "{done}");
    assert_eq!(location(&b.get("/q")), "/done");
    server.stop();
    let a = &stored(&store)[0];
    assert_eq!(
        (a.ending.as_str(), a.answered, a.planned),
        ("time-up", 1, 4)
    );
    assert_eq!((a.score, a.max, a.passed), (1.0, 1.0, false));
}

// Test that a real short limit ends the quiz: after it has passed, the first answer is refused.
#[test]
fn short_time_limit_refuses_a_late_answer() {
    let store = fresh_store();
    let server = Server::start(&store, &[MINI, "--time-limit", "1s"]);
    let mut b = Browser::new(&server.base);
    let csrf = b.join("Siti");
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(b.answer(&csrf, 0, &[0]), "/done");
    assert_eq!(web_answers(&store), 0);
    assert!(b.page("/done").contains("Waktu habis"));
}

// Test that English is one link away, is remembered, and shows the bank's English texts; that
// the room stays in the trainer's language for a browser set to English (Accept-Language is
// heard only under --lang auto); and that --lang en makes an English room.
#[test]
fn english_by_link_and_header() {
    let store = fresh_store();
    let server = Server::start(&store, &[MINI, "--no-shuffle"]);
    let mut b = Browser::new(&server.base);
    let welcome = b.page("/?lang=en");
    assert!(
        welcome.contains("Full name") && welcome.contains("Small bank"),
        "{welcome}"
    );
    b.join("Siti");
    let page = b.page("/q");
    assert!(page.contains("Question 1/4"), "{page}");
    assert!(
        page.contains("May an official car be used for a campaign?"),
        "{page}"
    );
    let english_phone = |base: &str| {
        Client::new()
            .get(format!("{base}/"))
            .header("accept-language", "en-US,en;q=0.9,id;q=0.5")
            .send()
            .unwrap()
            .text()
            .unwrap()
    };
    let page = english_phone(&server.base);
    assert!(
        page.contains("Nama lengkap") && page.contains("<html lang=\"id\""),
        "{page}"
    );
    drop(server);
    let auto = Server::start(&store, &[MINI, "--lang", "auto"]);
    assert!(english_phone(&auto.base).contains("Full name"));
    let plain = Browser::new(&auto.base).page("/");
    assert!(plain.contains("Nama lengkap"), "{plain}");
    drop(auto);
    let english = Server::start(&store, &[MINI, "--lang", "en"]);
    let page = Browser::new(&english.base).page("/");
    assert!(page.contains("Full name"), "{page}");
}

// Test that the trainer sees who joined and how they did, closes the room (a running quiz
// ends and is kept; no new answers), and downloads the room's CSV through `kuis export`'s code.
#[test]
fn trainer_closes_and_downloads() {
    let store = fresh_store();
    let server = Server::start(&store, &[MINI, "--no-shuffle", "--room", "kelas-b"]);
    let mut b = Browser::new(&server.base);
    let csrf = b.join("Siti");
    b.answer(&csrf, 0, &[0]);
    let mut trainer = Browser::new(&server.base);
    let token = server.token().to_owned();
    let room = trainer.page(&format!("/trainer?token={token}"));
    assert!(room.contains("Siti") && room.contains("1/4"), "{room}");
    let close_csrf = csrf_of(&room);
    let closed = trainer.post(
        "/trainer/close",
        &[("token", &token), ("csrf", &close_csrf)],
    );
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    assert_eq!(b.answer(&csrf, 1, &[0]), "/done");
    assert_eq!(web_answers(&store), 1);
    let csv = trainer.page(&format!("/trainer/export.csv?token={token}"));
    assert!(csv.contains("Siti") && csv.contains("interrupted"), "{csv}");
    let report = trainer.page(&format!("/trainer/report.html?token={token}"));
    assert!(report.contains("<html"), "{report}");
    server.stop();
    let out = super::kuis()
        .env("KUIS_STORE", &store)
        .args(["export", "--format", "json", "--room", "kelas-b"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"room\": \"kelas-b\""));
    let other = super::kuis()
        .env("KUIS_STORE", &store)
        .args(["export", "--format", "json", "--room", "kelas-c"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&other.stdout).trim(), "[]");
}

// Test that the trainer's live view streams the room as server-sent events.
#[test]
fn trainer_live_events() {
    use std::io::Read;
    let store = fresh_store();
    let server = Server::start(&store, &[MINI]);
    let mut b = Browser::new(&server.base);
    b.join("Siti Rahma");
    let mut events = Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
        .get(format!(
            "{}/trainer/events?token={}",
            server.base,
            server.token()
        ))
        .send()
        .unwrap();
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while !seen.contains("Siti Rahma") {
        let n = events.read(&mut buf).unwrap();
        assert!(n > 0, "the stream ended: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(seen.starts_with("event: room"), "{seen}");
}

// Test that after the end a new quiz can start in the same browser, and the first attempt stays.
#[test]
fn a_new_quiz_after_the_end() {
    let store = fresh_store();
    let server = Server::start(&store, &[MINI, "--no-shuffle", "--count", "1"]);
    let mut b = Browser::new(&server.base);
    let csrf = b.join("Siti");
    assert_eq!(b.answer(&csrf, 0, &[0]), "/feedback/1");
    let done = b.page("/done");
    let again = b.post("/again", &[("csrf", &csrf_of(&done))]);
    assert_eq!(location(&again), "/");
    let csrf = b.join("Siti");
    assert_eq!(b.answer(&csrf, 0, &[1]), "/feedback/1");
    server.stop();
    assert_eq!(stored(&store).len(), 2);
}

// Test that listening on every interface says the room's network can reach it, and prints a
// link with a real port.
#[test]
fn open_to_the_room() {
    let store = fresh_store();
    let mut child = serve(&store, &[MINI], "0.0.0.0:0")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut link = String::new();
    stdout.read_line(&mut link).unwrap();
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    let port: u16 = link
        .trim()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(link.starts_with("http://") && port > 0, "{link}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Terbuka untuk jaringan ruangan"), "{err}");
}

// Test that a participant who never comes back after the deadline is still kept: the trainer's
// page ends the session as timed out and saves what was answered, in the participant's language.
#[test]
fn time_up_while_away_is_kept() {
    let store = fresh_store();
    let server = Server::start(&store, &[MINI, "--no-shuffle", "--time-limit", "1h"]);
    let mut b = Browser::new(&server.base);
    b.page("/?lang=en");
    let csrf = b.join("Siti");
    b.answer(&csrf, 0, &[0]);
    rusqlite::Connection::open(&store)
        .unwrap()
        .execute("UPDATE web_sessions SET deadline_ms = 0", [])
        .unwrap();
    let room = b.page(&format!("/trainer?token={}&lang=id", server.token()));
    assert!(room.contains("waktu habis"), "{room}");
    server.stop();
    let a = &stored(&store)[0];
    assert_eq!(
        (a.ending.as_str(), a.answered, a.lang.as_str()),
        ("time-up", 1, "en")
    );
}

// Test that a session on a bank that changed since cannot be resumed (its plan is gone) and
// the participant simply starts again.
#[test]
fn changed_bank_starts_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("bank.toml");
    let text = std::fs::read_to_string(super::project(MINI)).unwrap();
    std::fs::write(&bank, &text).unwrap();
    let store = fresh_store();
    let args = [bank.to_str().unwrap(), "--no-shuffle"];
    let server = Server::start(&store, &args);
    let mut b = Browser::new(&server.base);
    let csrf = b.join("Siti");
    b.answer(&csrf, 0, &[0]);
    server.stop();
    std::fs::write(&bank, text.replace("Bank kecil", "Bank kecil (revisi)")).unwrap();
    let server = Server::start(&store, &args);
    b.base = server.base.clone();
    assert_eq!(location(&b.get("/q")), "/");
    let welcome = b.page("/");
    assert!(welcome.contains("Bank kecil (revisi)"), "{welcome}");
    let csrf = b.join("Siti");
    assert_eq!(b.answer(&csrf, 0, &[0]), "/feedback/1");
}

// Test that behind a trusted proxy the rate limit counts the client the proxy names (here
// forged as 203.0.113.7 from loopback), also written `ip:port` or `[v6]:port`, and that an
// entry it cannot read counts under the proxy, never as the unlimited loopback; and that
// without `--trusted-proxy` the header is ignored (loopback, where a local proxy or benchmark
// sits, is not limited). 1,000 posts: the bucket (120, refilled 20 a second) runs dry unless
// each post took over 40 ms.
#[test]
fn trusted_proxy_rate_limit() {
    let client = Client::new();
    let posts_as = |server: &Server, forwarded: &str| {
        (0..1000)
            .filter(|_| {
                let response = client
                    .post(format!("{}/join", server.base))
                    .header("x-forwarded-for", forwarded)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body("name=x")
                    .send()
                    .unwrap();
                let limited = response.status() == StatusCode::TOO_MANY_REQUESTS;
                // A refused client is told when to try again.
                assert!(!limited || response.headers()["retry-after"] == "1");
                limited
            })
            .count()
    };
    let posts = |server: &Server| posts_as(server, "198.51.100.1, 203.0.113.7");
    let store = fresh_store();
    let proxied = Server::start(&store, &[MINI, "--trusted-proxy", "127.0.0.1"]);
    assert!(posts(&proxied) > 0, "the proxied client was never limited");
    for forwarded in [
        "1.2.3.4:5678",
        "[2001:db8::1]:443",
        "garbage",
        "203.0.113.9, ::1",
    ] {
        assert!(
            posts_as(&proxied, forwarded) > 0,
            "X-Forwarded-For {forwarded} was never limited"
        );
    }
    drop(proxied);
    let direct = Server::start(&store, &[MINI]);
    assert_eq!(posts(&direct), 0, "loopback was limited");
}

// Test that a hand-made answer the page never offers (option 9, or not a number) is answered
// in the page's language, with the question again or a plain refusal, and saves nothing.
#[test]
fn impossible_answers_in_the_page_language() {
    let store = fresh_store();
    let server = Server::start(&store, &[MINI, "--no-shuffle"]);
    let mut b = Browser::new(&server.base);
    let csrf = b.join("Siti");
    let page = b
        .post("/q", &[("csrf", &csrf), ("position", "0"), ("pick", "9")])
        .text()
        .unwrap();
    assert!(page.contains("Tidak ada pilihan j."), "{page}");
    let refused = b.post("/q", &[("csrf", &csrf), ("position", "0"), ("pick", "abc")]);
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(refused.text().unwrap().contains("Jawaban tidak terbaca"));
    assert_eq!(web_answers(&store), 0);
}

// Test that /healthz says 200 `ok` while the store answers (a load balancer's check), with
// the security headers, and that it is never cached.
#[test]
fn healthz_answers() {
    let store = fresh_store();
    let server = Server::start(&store, &[MINI]);
    let response = Client::new()
        .get(format!("{}/healthz", server.base))
        .send()
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(response.headers().contains_key("content-security-policy"));
    assert_eq!(response.text().unwrap(), "ok\n");
}

/// Bytes read from `stream` until it closes (or a minute passes), and how long that took.
fn read_until_closed(mut stream: std::net::TcpStream) -> (Vec<u8>, Duration) {
    use std::io::Read;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let began = std::time::Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
    }
    (got, began.elapsed())
}

// Test that a request whose headers never end (slowloris) is closed once the header timeout
// has passed, as is a connection that says nothing, and a kept-alive connection after its
// idle timeout; each without an answer but the one asked for.
#[test]
fn partial_headers_and_idle_connections_are_closed() {
    use std::io::Write;
    use std::net::TcpStream;
    let store = fresh_store();
    let server = Server::start(
        &store,
        &[MINI, "--header-timeout", "2", "--idle-timeout", "3"],
    );
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut partial = TcpStream::connect(&address).unwrap();
    partial
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: a")
        .unwrap();
    let silent = TcpStream::connect(&address).unwrap();
    let mut idle = TcpStream::connect(&address).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    for (name, stream, at_least, at_most) in [
        ("partial header", partial, 1.5, 8.0),
        ("silent", silent, 1.5, 8.0),
        ("idle keep-alive", idle, 2.5, 9.0),
    ] {
        let (got, took) = read_until_closed(stream);
        let took = took.as_secs_f64();
        assert!(
            took >= at_least - 2.0 && took <= at_most,
            "{name}: closed after {took} s"
        );
        let text = String::from_utf8_lossy(&got);
        if name == "idle keep-alive" {
            assert!(
                text.starts_with("HTTP/1.1 200") && text.ends_with("ok\n"),
                "{text}"
            );
        } else {
            assert!(got.is_empty(), "{name}: {text}");
        }
    }
}

// Test that 600 silent connections do not lock a participant out, even with the server's
// open-files limit at 512 (where they once took every descriptor): at the connection cap
// the connection that has waited longest without a request makes way, so a participant
// takes a whole quiz while the silent ones stay open far longer than the quiz takes.
#[test]
fn silent_connections_do_not_lock_out_a_participant() {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    use std::os::unix::process::CommandExt;
    // This test holds 600 sockets itself.
    let mut own = getrlimit(Resource::Nofile);
    own.current = own.maximum;
    let _ = setrlimit(Resource::Nofile, own);
    let store = fresh_store();
    let mut cmd = serve(
        &store,
        &[
            MINI,
            "--no-shuffle",
            "--header-timeout",
            "300",
            "--max-connections",
            "300",
        ],
        "127.0.0.1:0",
    );
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let limit = Rlimit {
                current: Some(512),
                maximum: Some(512),
            };
            setrlimit(Resource::Nofile, limit).map_err(std::io::Error::from)
        });
    }
    let server = Server::spawn(cmd);
    let address = server.base.trim_start_matches("http://").to_owned();
    let silent: Vec<std::net::TcpStream> = (0..600)
        .filter_map(|_| std::net::TcpStream::connect(&address).ok())
        .collect();
    assert!(silent.len() >= 500, "{} connected", silent.len());
    let mut b = Browser::new(&server.base);
    take_mini(&mut b, false);
    assert!(b.page("/done").contains("Ringkasan"));
    drop(silent);
    server.stop();
    assert_eq!(stored(&store).len(), 1);
}
