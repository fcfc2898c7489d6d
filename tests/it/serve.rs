//! `kuis serve` over real HTTP: the binary on port 0, participants as cookie-keeping clients
//! that follow no redirect by themselves (so each POST-redirect-GET step is seen).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

use super::{MINI, fresh_store, stored};

/// A running `kuis serve`, stopped (SIGTERM, then kill) when dropped.
struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    base: String,
    /// The trainer's link.
    trainer: String,
}

impl Server {
    /// Start `kuis serve ARGS --listen 127.0.0.1:0` on `store` and wait (generously: a loaded
    /// machine starts slowly) for the links it prints.
    fn start(store: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("kuis"))
            .arg("serve")
            .args(args)
            .args(["--listen", "127.0.0.1:0"])
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("KUIS_LANG")
            .env("NO_COLOR", "1")
            .env(
                "KUIS_CONFIG",
                std::env::temp_dir().join("kuis-tests-no-config.toml"),
            )
            .env("KUIS_STORE", store)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("kuis serve starts");
        let stdout = child.stdout.take().unwrap();
        let (send, receive) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.starts_with("http://") && send.send(line).is_err() {
                    break;
                }
            }
        });
        let wait = Duration::from_secs(120);
        let participant = receive.recv_timeout(wait).expect("the participant link");
        let trainer = receive.recv_timeout(wait).expect("the trainer link");
        Server {
            child,
            base: participant.trim_end_matches('/').to_owned(),
            trainer,
        }
    }

    /// The trainer link's token.
    fn token(&self) -> &str {
        self.trainer.split("token=").nth(1).unwrap()
    }

    /// Stop as a trainer does (SIGTERM) and wait for the process to end.
    fn stop(mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser without script: keeps its cookies, posts forms, follows no redirect by itself.
struct Browser {
    client: Client,
    base: String,
    cookies: Vec<(String, String)>,
}

impl Browser {
    fn new(base: &str) -> Browser {
        Browser {
            client: Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(60))
                .build()
                .unwrap(),
            base: base.to_owned(),
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

    fn get(&mut self, path: &str) -> Response {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .send()
            .unwrap();
        self.keep(&response);
        response
    }

    fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Response {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .unwrap();
        self.keep(&response);
        response
    }

    /// GET a page that must be there, as text.
    fn page(&mut self, path: &str) -> String {
        let response = self.get(path);
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.text().unwrap()
    }

    /// Join as `name` (unit BKPSDM); returns the CSRF token of the session.
    fn join(&mut self, name: &str) -> String {
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
        csrf
    }

    /// Answer question `position` with the display positions `picks`; returns where to go.
    fn answer(&mut self, csrf: &str, position: usize, picks: &[usize]) -> String {
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
fn location(response: &Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("a redirect, got {}", response.status()))
}

/// The CSRF token in a page's form.
fn csrf_of(page: &str) -> String {
    let at = page
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token");
    page[at + 19..at + 19 + 32].to_owned()
}

/// The display position of the option whose label is `text` on a question page.
fn position_of(page: &str, text: &str) -> usize {
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
fn take_mini(b: &mut Browser, exam: bool) {
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
}
