//! `kuis serve`: a front end beside `ui/` that serves the quiz to a room of browsers and a live
//! view to the trainer. It drives the same `Plan`/`Session`, says the same words (`say`) and
//! writes the same `Attempt`s. It keeps no participant in memory: every request loads its web
//! session from the store, rebuilds the plan from the seed and options, and replays the
//! answers, so any instance (or this one after a restart) can answer any request.

mod certificates;
pub mod listen;
pub mod pages;
mod participant;
pub mod security;
mod trainer;
mod writer;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::bank::Bank;
use crate::i18n::{Lang, M, msg};
use crate::quiz::{self, Count, PlanOptions, Session};
use crate::results::attempt::{Attempt, BankRef, Context};
use crate::results::store::web::{Room, WebAnswer, WebSession};
use crate::results::store::{Location, Store, StoreError};

/// How the room's quizzes are drawn; kept with each web session, so its plan can be rebuilt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizOptions {
    /// Exam (feedback at the end) rather than practice.
    pub exam: bool,
    /// How many questions.
    pub count: Count,
    /// Only these topics.
    pub topics: Vec<String>,
    /// Only these rules.
    pub rules: Vec<String>,
    /// Shuffle questions and choices.
    pub shuffle: bool,
    /// The time limit in seconds.
    pub limit_secs: Option<u64>,
}

impl QuizOptions {
    /// The plan options with `seed`.
    pub fn plan(&self, seed: u64) -> PlanOptions {
        PlanOptions {
            topics: self.topics.clone(),
            rules: self.rules.clone(),
            count: self.count,
            shuffle: self.shuffle,
            seed,
            ..PlanOptions::default()
        }
    }

    /// The recorded mode.
    pub fn mode(&self) -> &'static str {
        if self.exam { "exam" } else { "practice" }
    }
}

/// When an exam's participants see the right answers, or their score (Moodle's review
/// options). In order: a later one holds back longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Review {
    /// As soon as the quiz ends.
    Immediately,
    /// Once the trainer has closed the room: nobody still answering can be told.
    AfterClose,
    /// Never in the browser (the trainer's report has it).
    Never,
}

impl Review {
    /// Whether what this holds back is shown now, the room being `closed` or not.
    pub fn open(self, closed: bool) -> bool {
        match self {
            Review::Immediately => true,
            Review::AfterClose => closed,
            Review::Never => false,
        }
    }

    /// What an exam's welcome page says about when the `score` and this review come.
    pub fn welcome(self, score: Review) -> M {
        match (score, self) {
            (Review::Immediately, Review::Immediately) => msg::EXAM_STARTS,
            (Review::Immediately, Review::AfterClose) => msg::EXAM_STARTS_AFTER_CLOSE,
            (Review::Immediately, Review::Never) => msg::EXAM_STARTS_NO_REVIEW,
            (Review::AfterClose, Review::Never) => msg::EXAM_STARTS_SCORE_AFTER_CLOSE_NO_REVIEW,
            (Review::AfterClose, _) => msg::EXAM_STARTS_SCORE_AFTER_CLOSE,
            (Review::Never, _) => msg::EXAM_STARTS_NO_SCORE,
        }
    }
}

/// What the room does with certificates.
#[derive(Debug, Default)]
pub struct Certificates {
    /// Signs the certificate that a participant who passes downloads (`--certificates`).
    pub signing: Option<crate::cert::SigningKey>,
    /// The keys /verify accepts: the signing key's and each `--key`.
    pub keys: Vec<crate::cert::PublicKey>,
    /// The page the certificates' QR codes link to (`--verify-url`); the bare code otherwise.
    pub verify_url: Option<String>,
}

/// What `kuis serve` was started with.
#[derive(Debug)]
pub struct Config {
    /// Where to listen.
    pub listen: SocketAddr,
    /// The room's name.
    pub room: String,
    /// The bank (merged, checked).
    pub bank: Bank,
    /// Which bank, exactly (its hash resumes plans only on the same bank).
    pub bank_ref: BankRef,
    /// How quizzes are drawn.
    pub quiz: QuizOptions,
    /// Attempts per person in the room (`None`: unlimited).
    pub attempts: Option<u32>,
    /// When an exam's review is shown.
    pub review: Review,
    /// When an exam's score (and pass or fail) is shown; never later than the review.
    pub score: Review,
    /// Where the store is: a SQLite file, or a PostgreSQL database that several instances
    /// may share.
    pub store: Location,
    /// The room's language (`--lang`, `KUIS_LANG`, else Indonesian), also of the terminal
    /// messages.
    pub lang: Lang,
    /// `--lang auto`: each browser's Accept-Language chooses, the room's language otherwise.
    pub lang_auto: bool,
    /// Proxies whose X-Forwarded-For names the client (`--trusted-proxy`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Connection timeouts and caps.
    pub limits: listen::Limits,
    /// How long after a room closes its ended web sessions are purged (`--purge-after`).
    pub purge_after: Duration,
    /// Certificates: issued to those who pass, verified on /verify.
    pub certificates: Certificates,
}

/// Everything a request needs, shared by all (the bank, the options, the store's connections).
pub(crate) struct App {
    pub bank: Bank,
    pub bank_ref: BankRef,
    pub quiz: QuizOptions,
    /// Attempts per person in the room (`None`: unlimited).
    pub attempts: Option<u32>,
    /// When an exam's review is shown.
    pub review: Review,
    /// When an exam's score is shown.
    pub score: Review,
    /// Certificates: issued to those who pass, verified on /verify.
    pub certificates: Certificates,
    pub room: Room,
    pub planned: usize,
    /// The room's language.
    pub lang: Lang,
    /// Whether Accept-Language chooses (`--lang auto`).
    pub lang_auto: bool,
    /// The link participants open (and its QR code): this machine's address in the room's
    /// network when the server listens on every interface.
    pub link: String,
    pool: Pool,
    pub limiter: security::RateLimit,
    /// Proxies whose X-Forwarded-For names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    pub writer: writer::Writer,
    pub shutdown: tokio::sync::watch::Receiver<bool>,
    /// Bumped whenever PostgreSQL announces that this room changed (on any instance): the
    /// trainers' live views wait on it instead of asking the database every 2 s.
    pub room_changed: tokio::sync::watch::Sender<u64>,
}

/// What a participant is told while the database cannot be reached.
const UNAVAILABLE: (&str, &str) = (
    "Basis data sedang tidak dapat dihubungi; jawaban Anda sejauh ini aman tersimpan. Coba lagi sebentar lagi.",
    "The database is unavailable; your answers so far are safe. Try again in a moment.",
);

/// After the database was found unavailable, requests are answered at once with the page
/// above for this long instead of each waiting for its own attempts to reconnect; the next
/// request after it tries again (so the room works again within moments of the database).
const DOWN_FOR: Duration = Duration::from_secs(1);

/// How many requests use the store at once (each on a blocking thread with a connection of
/// its own; those that post wait there for the writer thread, whose batch they form). Every
/// connection keeps its own page cache: unbounded, 200 browsers at once took 700 MB.
const STORE_TASKS: usize = 16;

/// Open store connections, each used by one blocking task at a time (SQLite's WAL lets
/// readers run beside the one writer); at most [`STORE_TASKS`] are in use, so an instance
/// holds at most that many: a PostgreSQL server shared by several instances has a fixed
/// number of connections.
struct Pool {
    location: Location,
    idle: Mutex<Vec<Store>>,
    /// A permit per store task running.
    permits: tokio::sync::Semaphore,
    /// Held while this server writes (see [`App::write_turn`]).
    writes: Mutex<()>,
    /// When the database was last found unavailable (see [`DOWN_FOR`]).
    down: Mutex<Option<std::time::Instant>>,
}

impl Pool {
    fn take(&self) -> Result<Store, StoreError> {
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        match idle {
            Some(store) => Ok(store),
            None => Store::open(self.location.clone()),
        }
    }

    /// Give a store back after a request. One whose database was found unavailable is
    /// dropped, never reused, and so are the idle ones (they were connected the same way and
    /// would fail the next request too): the next requests connect anew.
    fn give(&self, store: Store, failed: Option<&WebError>) {
        let Ok(mut idle) = self.idle.lock() else {
            return;
        };
        if let Some(WebError::Unavailable(why)) = failed {
            idle.clear();
            drop(idle);
            self.mark_down(why);
            return;
        }
        if idle.len() < STORE_TASKS {
            idle.push(store);
        }
    }

    /// The database was found unavailable now; said once when it goes, not per request.
    fn mark_down(&self, why: &str) {
        if let Ok(mut down) = self.down.lock() {
            if down.is_none() {
                eprintln!("kuis serve: {why}");
            }
            *down = Some(std::time::Instant::now());
        }
    }

    /// Whether the database was found unavailable a moment ago.
    fn is_down(&self) -> bool {
        self.down
            .lock()
            .ok()
            .and_then(|d| *d)
            .is_some_and(|at| at.elapsed() < DOWN_FOR)
    }

    /// The database answered: requests go to it again.
    fn up(&self) {
        if let Ok(mut down) = self.down.lock()
            && down.take().is_some()
        {
            eprintln!("kuis serve: the database answers again");
        }
    }
}

/// Why a request failed, as the browser is told.
#[derive(Debug, Clone)]
pub(crate) enum WebError {
    /// No such page.
    NotFound,
    /// The CSRF token is missing or wrong.
    Forbidden,
    /// The trainer's token is missing or wrong.
    Unauthorized,
    /// Too many posts from one client.
    TooMany,
    /// A form that cannot be used.
    BadRequest(String),
    /// A request body over the limit.
    TooLarge,
    /// The database cannot be reached now (kuis has tried to connect again); logged.
    Unavailable(String),
    /// The store or the server failed; logged, not shown.
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        if e.is_unavailable() {
            WebError::Unavailable(e.to_string())
        } else {
            WebError::Internal(e.to_string())
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let lang = Lang::Id;
        let (status, text) = match self {
            WebError::NotFound => (
                StatusCode::NOT_FOUND,
                "Halaman tidak ada. / Page not found.".to_owned(),
            ),
            WebError::Forbidden => (
                StatusCode::FORBIDDEN,
                "Formulir kedaluwarsa; muat ulang halaman dan coba lagi. / The form has expired; reload the page and try again.".to_owned(),
            ),
            WebError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "Tautan pelatih memerlukan token yang dicetak saat server dimulai. / The trainer link needs the token printed when the server started.".to_owned(),
            ),
            WebError::TooMany => (
                StatusCode::TOO_MANY_REQUESTS,
                "Terlalu banyak permintaan; tunggu sebentar. / Too many requests; wait a moment.".to_owned(),
            ),
            WebError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Formulir terlalu besar. / The form is too large.".to_owned(),
            ),
            WebError::BadRequest(why) => (StatusCode::BAD_REQUEST, why),
            // Logged once when the database goes (see `Pool::mark_down`), not per request.
            WebError::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("{} / {}", UNAVAILABLE.0, UNAVAILABLE.1),
            ),
            WebError::Internal(why) => {
                eprintln!("kuis serve: {why}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Terjadi kesalahan di server; coba lagi. / The server failed; try again."
                        .to_owned(),
                )
            }
        };
        let mut response =
            (status, Html(pages::message(lang, &text).into_string())).into_response();
        if status == StatusCode::TOO_MANY_REQUESTS {
            // The bucket refills 20 posts a second: one second is always enough for the next.
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, 1.into());
        }
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                DOWN_FOR.as_secs().max(1).into(),
            );
        }
        response
    }
}

/// A page or a redirect (POST then redirect, so a reload never posts twice).
pub(crate) enum Reply {
    /// An HTML page.
    Page(maud::Markup),
    /// See other.
    Go(String),
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        match self {
            Reply::Page(html) => Html(html.into_string()).into_response(),
            Reply::Go(to) => Redirect::to(&to).into_response(),
        }
    }
}

impl App {
    /// Whether an exam's review is shown now, the room being `closed` or not.
    pub fn reveals(&self, closed: bool) -> bool {
        self.review.open(closed)
    }

    /// Whether a participant's score is shown now, the room being `closed` or not (always in
    /// practice, which scores each answer as it comes).
    pub fn shows_score(&self, closed: bool) -> bool {
        !self.quiz.exam || self.score.open(closed)
    }

    /// Run `f` with a store connection on a blocking thread, never on the runtime's.
    pub async fn with_store<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&mut Store, &App) -> Result<T, WebError> + Send + 'static,
    ) -> Result<T, WebError> {
        let app = Arc::clone(self);
        let down = || WebError::Unavailable("the database was unavailable a moment ago".into());
        if self.pool.is_down() {
            return Err(down());
        }
        let permit = self
            .pool
            .permits
            .acquire()
            .await
            .map_err(|e| WebError::Internal(e.to_string()))?;
        // Requests that queued while another found the database gone are told at once.
        if self.pool.is_down() {
            return Err(down());
        }
        let result = tokio::task::spawn_blocking(move || {
            let mut store = match app.pool.take() {
                Ok(store) => store,
                Err(e) => {
                    let e = WebError::from(e);
                    if let WebError::Unavailable(why) = &e {
                        app.pool.mark_down(why);
                    }
                    return Err(e);
                }
            };
            let result = f(&mut store, &app);
            match &result {
                Err(e) => app.pool.give(store, Some(e)),
                Ok(_) => {
                    app.pool.up();
                    app.pool.give(store, None);
                }
            }
            result
        })
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
        drop(permit);
        result
    }

    /// This server's turn to write, held around one store write: its writers queue in order
    /// here instead of polling SQLite's lock with growing sleeps (which left the slowest
    /// answers of a busy room waiting over a second). Reading, replaying and rendering happen
    /// outside it.
    pub fn write_turn(&self) -> std::sync::MutexGuard<'_, ()> {
        self.pool
            .writes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Rebuild a web session's quiz: the plan from its seed and options, then its answers.
    pub fn replay(&self, row: &WebSession, answers: &[WebAnswer]) -> Result<Session<'_>, WebError> {
        if row.bank_sha256 != self.bank_ref.sha256 {
            return Err(WebError::BadRequest(
                "Bank soal telah berubah sejak kuis ini dimulai. / The bank changed since this quiz started.".into(),
            ));
        }
        let options: QuizOptions =
            serde_json::from_str(&row.options).map_err(|e| WebError::Internal(e.to_string()))?;
        let plan = quiz::plan(&self.bank, &options.plan(row.seed))
            .map_err(|e| WebError::Internal(e.to_string()))?;
        let mut session = Session::new(&self.bank, plan);
        for a in answers {
            session
                .answer(&a.picked, a.seconds)
                .map_err(|e| WebError::Internal(format!("session {}: {e}", row.id)))?;
        }
        Ok(session)
    }

    /// The attempt record of a web session's outcome, as the terminal writes it, in this room.
    pub fn attempt(
        &self,
        row: &WebSession,
        session: &Session<'_>,
        ending: &str,
        lang: Lang,
        finished: String,
    ) -> Attempt {
        let outcome = session.finish();
        let mut attempt = Attempt::new(
            &outcome,
            Context {
                participant: row.participant.clone().cleaned(),
                bank: self.bank_ref.clone(),
                mode: self.quiz.mode().into(),
                lang: lang.code().into(),
                started: row.started.clone(),
                finished,
                ending: ending.into(),
            },
        )
        .with_hashes(&self.bank);
        attempt.room = Some(row.room.clone());
        attempt
    }
}

/// Start the server and serve until Ctrl-C or SIGTERM; in-flight requests finish first.
pub fn run(config: Config) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // The store tasks are the only blocking work: a few more threads than those, so
        // memory (a heap per thread) stays bounded however many browsers come at once.
        .max_blocking_threads(STORE_TASKS + 4)
        .build()
        .map_err(|e| e.to_string())?;
    // The store is opened and closed outside the runtime: a PostgreSQL client blocks on a
    // runtime of its own, which tokio allows on blocking threads only.
    let mut store = Store::open(config.store.clone()).map_err(|e| e.to_string())?;
    let room = store
        .open_room(
            &config.room,
            &security::random_hex(),
            &security::random_hex(),
            &crate::results::when::now(),
        )
        .map_err(|e| e.to_string())?;
    let writer = writer::Writer::start(&config.store).map_err(|e| e.to_string())?;
    let stores = runtime.block_on(serve(config, store, room, writer))?;
    drop(stores);
    Ok(())
}

/// Serve until stopped; hands back the idle store connections, to be closed off the runtime.
async fn serve(
    config: Config,
    store: Store,
    room: Room,
    writer: writer::Writer,
) -> Result<Vec<Store>, String> {
    let lang = config.lang;
    let mut limits = config.limits;
    limits.total = listen::fit_total(limits.total);
    if limits.total < config.limits.total {
        eprintln!(
            "{}",
            lang.pick(
                format!(
                    "Batas berkas terbuka sistem ini hanya memberi {} koneksi sekaligus.",
                    limits.total
                ),
                format!(
                    "This system's open-files limit allows {} connections at once.",
                    limits.total
                ),
            )
        );
    }
    let planned = quiz::plan(&config.bank, &config.quiz.plan(0))
        .map(|p| p.items.len())
        .map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| {
            let port = config.listen.port().saturating_add(1);
            match e.kind() {
                std::io::ErrorKind::AddrInUse => lang.pick(
                    format!("{}: alamat ini sudah dipakai; pilih port lain, misalnya --listen 127.0.0.1:{port}", config.listen),
                    format!("{}: this address is in use; choose another port, e.g. --listen 127.0.0.1:{port}", config.listen),
                ),
                _ => format!("{}: {e}", config.listen),
            }
        })?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let app = Arc::new(App {
        bank: config.bank,
        bank_ref: config.bank_ref,
        quiz: config.quiz,
        attempts: config.attempts,
        review: config.review,
        score: config.score,
        certificates: config.certificates,
        room,
        planned,
        lang,
        lang_auto: config.lang_auto,
        link: link(address),
        pool: Pool {
            location: config.store,
            idle: Mutex::new(vec![store]),
            permits: tokio::sync::Semaphore::new(STORE_TASKS),
            writes: Mutex::new(()),
            down: Mutex::new(None),
        },
        limiter: security::RateLimit::default(),
        trusted_proxies: config.trusted_proxies.clone(),
        writer,
        shutdown: shutdown.clone(),
        room_changed: tokio::sync::watch::Sender::new(0),
    });
    if app.is_postgres() {
        follow_room(Arc::clone(&app));
    }
    announce(address, &app, lang);
    tokio::spawn(purge(Arc::clone(&app), config.purge_after, lang));
    let router = router(Arc::clone(&app));
    tokio::spawn(async move {
        signal().await;
        // Live views end their streams, so the graceful shutdown does not wait for them.
        let _ = stop.send(true);
    });
    // A proxy in front speaks for many clients: only the total cap counts its connections.
    listen::serve(listener, router, limits, config.trusted_proxies, shutdown).await;
    eprintln!(
        "{}",
        lang.pick("kuis serve berhenti.", "kuis serve stopped.")
    );
    let idle = app
        .pool
        .idle
        .lock()
        .map(|mut v| std::mem::take(&mut *v))
        .unwrap_or_default();
    Ok(idle)
}

impl App {
    /// Whether the room's store is a PostgreSQL database (shared by instances).
    pub fn is_postgres(&self) -> bool {
        self.pool.location.is_postgres()
    }
}

/// Listen, on a thread of its own, for PostgreSQL's announcements that this room changed,
/// from any instance, and bump [`App::room_changed`] for each (and whenever listening starts
/// again after a lost connection: something may have changed meanwhile), until shutdown.
fn follow_room(app: Arc<App>) {
    std::thread::spawn(move || {
        let stop = || *app.shutdown.borrow();
        let bump = || app.room_changed.send_modify(|n| *n = n.wrapping_add(1));
        while !stop() {
            match Store::open(app.pool.location.clone()) {
                Ok(store) => {
                    store.follow_rooms(&stop, &mut |room| {
                        if room.is_none_or(|r| r == app.room.name) {
                            bump();
                        }
                    });
                }
                Err(_) => std::thread::sleep(Duration::from_secs(1)),
            }
        }
    });
}

/// Purge, now and then, the web sessions of rooms closed longer than `after` ago (any room
/// of the store, whichever instance served it): once a room is closed and its sessions have
/// ended, their attempts are stored and the sessions are only a second copy of personal
/// data. Each purge is one transaction, recorded in the store's erasure register; a failure
/// is said and tried again next time.
async fn purge(app: Arc<App>, after: Duration, lang: Lang) {
    // Often enough that nothing stays much past its time, rarely enough to cost nothing.
    let every = (after / 4).clamp(Duration::from_secs(1), Duration::from_secs(600));
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        let Ok(after) = jiff::SignedDuration::try_from(after) else {
            return;
        };
        let Ok(before) = jiff::Timestamp::now().checked_sub(after) else {
            return;
        };
        let purged = app
            .with_store(move |store, app| {
                let _turn = app.write_turn();
                Ok(store.purge_web_sessions(before)?)
            })
            .await;
        match purged {
            Ok(removed) if removed.web_sessions > 0 => eprintln!(
                "{}",
                lang.pick(
                    format!(
                        "Sesi web ruang yang sudah ditutup dihapus: {} sesi ({} jawaban web); percobaannya tetap tersimpan.",
                        removed.web_sessions, removed.web_answers
                    ),
                    format!(
                        "Web sessions of closed rooms purged: {} session(s) ({} web answers); their attempts stay stored.",
                        removed.web_sessions, removed.web_answers
                    ),
                )
            ),
            Ok(_) => {}
            Err(e) => eprintln!(
                "{}",
                lang.pick(
                    format!("Sesi web lama belum dapat dihapus: {e:?}"),
                    format!("Old web sessions could not be purged yet: {e:?}"),
                )
            ),
        }
    }
}

/// Every route: the participant's, the trainer's, and the embedded assets.
pub(crate) fn router(app: Arc<App>) -> Router {
    participant::router()
        .merge(trainer::router())
        .merge(certificates::router())
        .merge(security::assets())
        .route("/healthz", axum::routing::get(healthz))
        .fallback(|| async { WebError::NotFound })
        // Inside the guard, so its refusal gets the guard's wording and security headers.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            security::BODY_LIMIT,
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            security::guard,
        ))
        // Pages and downloads travel gzipped to phones on a crowded network (the event stream
        // is left as it is, so each event arrives when sent).
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .with_state(app)
}

/// `GET /healthz`, for a load balancer: 200 `ok` when the store answers, 503 `unavailable`
/// when it does not (a PostgreSQL connection that was lost is opened again first).
async fn healthz(axum::extract::State(app): axum::extract::State<Arc<App>>) -> Response {
    let plain = [(
        axum::http::header::CONTENT_TYPE,
        "text/plain; charset=utf-8",
    )];
    match app.with_store(|store, _| Ok(store.ping()?)).await {
        Ok(()) => (StatusCode::OK, plain, "ok\n").into_response(),
        Err(e) => {
            if let WebError::Internal(why) = &e {
                eprintln!("kuis serve: /healthz: {why}");
            }
            (StatusCode::SERVICE_UNAVAILABLE, plain, "unavailable\n").into_response()
        }
    }
}

/// Print the links: data (the links) on stdout, messages on stderr.
/// Where participants reach a server listening on `address`: on every interface, this
/// machine's address in its network (the one its default route leaves from: a UDP "connect"
/// sends nothing), else loopback; otherwise the address itself.
fn reachable(address: SocketAddr) -> SocketAddr {
    if !address.ip().is_unspecified() {
        return address;
    }
    let (any, probe, local): (&str, &str, std::net::IpAddr) = match address {
        SocketAddr::V4(_) => ("0.0.0.0:0", "10.254.254.254:9", [127, 0, 0, 1].into()),
        SocketAddr::V6(_) => (
            "[::]:0",
            "[fd00::1]:9",
            std::net::Ipv6Addr::LOCALHOST.into(),
        ),
    };
    let ip = std::net::UdpSocket::bind(any)
        .and_then(|s| s.connect(probe).and_then(|()| s.local_addr()))
        .map(|a| a.ip())
        .ok()
        .filter(|ip| !ip.is_unspecified())
        .unwrap_or(local);
    SocketAddr::new(ip, address.port())
}

/// The room's link as people write it: `http://192.168.1.20:8080/`.
fn link(address: SocketAddr) -> String {
    format!("http://{}/", reachable(address))
}

fn announce(address: SocketAddr, app: &App, lang: Lang) {
    use std::io::Write;
    let open = address.ip().is_unspecified();
    let participant = app.link.clone();
    let trainer = format!("{participant}trainer?token={}", app.room.token);
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{}",
        lang.pick(
            format!(
                "kuis serve mendengarkan di {address} (ruang \"{}\")",
                app.room.name
            ),
            format!(
                "kuis serve is listening on {address} (room \"{}\")",
                app.room.name
            ),
        )
    );
    if open {
        let _ = writeln!(
            err,
            "{}",
            lang.pick(
                "Terbuka untuk jaringan ruangan: peserta memakai alamat IP komputer ini di jaringan itu.",
                "Open to the room's network: participants use this computer's IP address on that network.",
            )
        );
    } else {
        let _ = writeln!(
            err,
            "{}",
            lang.pick(
                "Hanya dari komputer ini; untuk jaringan ruangan: --listen 0.0.0.0:8080",
                "Only from this computer; for the room's network: --listen 0.0.0.0:8080",
            )
        );
    }
    let _ = err.flush();
    drop(err);
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{participant}");
    let _ = writeln!(out, "{}", security::qr_text(&participant));
    let _ = writeln!(out, "{trainer}");
    let _ = out.flush();
    let _ = writeln!(
        std::io::stderr(),
        "{}",
        lang.pick(
            "Peserta: tautan pertama (atau kode QR). Pelatih: tautan kedua, rahasiakan. Berhenti dengan Ctrl-C.",
            "Participants: the first link (or the QR code). Trainer: the second link, keep it secret. Stop with Ctrl-C.",
        )
    );
    if !app.certificates.keys.is_empty() {
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            lang.pick(
                format!("Halaman pemeriksaan sertifikat: {participant}verify"),
                format!("Certificate verification page: {participant}verify"),
            )
        );
    }
}

/// Ctrl-C or SIGTERM.
async fn signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

/// Milliseconds since the Unix epoch, now.
pub(crate) fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}
