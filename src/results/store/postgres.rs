//! The PostgreSQL backend: an organisation's results in one database. All of its SQL lives
//! here: the schema (versioned like SQLite's, with the same rule: a schema newer than this
//! kuis is refused), saving a batch in one transaction by binary COPY (attempts through a
//! staging table and one insert that skips stored ids, answers straight in), and reading
//! through a server-side cursor.
//!
//! Library: the `postgres` crate, tokio-postgres's own synchronous wrapper (same authors,
//! same protocol code). The store's interface is synchronous — the CLI has no async runtime,
//! and `kuis serve` calls the store from `spawn_blocking` threads — so a sync facade is what
//! is needed, and `postgres` is exactly that: each client drives its connection on a small
//! runtime of its own while a call blocks, which is allowed on a `spawn_blocking` thread.
//! `deadpool-postgres` would pool async clients for code that is async itself; behind a sync
//! facade it would need a runtime per store anyway and add nothing a command uses (one
//! connection per command). `kuis serve` pools whole `Store`s, whichever the backend. No TLS
//! is compiled in (no OpenSSL): reach a remote server through a private network or a tunnel.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::str::FromStr;
use std::time::{Duration, Instant};

use ::postgres::config::Host;
use ::postgres::error::SqlState;
use ::postgres::{Client, Config, IsolationLevel, NoTls, Transaction};

use super::privacy::{Erasure, Removed, SessionBrief};
use super::register::{self, Issued, Revoked};
use super::web::{
    BuildRow, Given, Joined, Room, SESSION_COLUMNS, Sessions, Tally, ToSave, WebAnswer, WebSession,
    grouped, picked_from, picked_text,
};
use super::{Attempt, Coarse, Records, Row, Saved, StoreError};
use crate::i18n::Lang;
use crate::results::attempt::Participant;
use crate::results::filter::Who;

/// The schema, one migration per version, equivalent to SQLite's (same tables, columns and
/// indexes; `seq` plays SQLite's `rowid`: the order attempts were saved in). Never edit a
/// shipped migration: add the next one, here and in SQLite's list.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: attempts with their full JSON record, and one row per answer for SQL analysis.
    "CREATE TABLE attempts (
        seq BIGINT GENERATED ALWAYS AS IDENTITY,
        id TEXT PRIMARY KEY,
        schema INTEGER NOT NULL,
        name TEXT, nip TEXT, unit TEXT,
        bank_id TEXT NOT NULL, bank_version TEXT NOT NULL, bank_sha256 TEXT NOT NULL,
        mode TEXT NOT NULL, seed BIGINT NOT NULL, lang TEXT NOT NULL,
        started TEXT NOT NULL, finished TEXT NOT NULL, finished_utc BIGINT NOT NULL,
        ending TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL, max DOUBLE PRECISION NOT NULL,
        percent DOUBLE PRECISION NOT NULL,
        passed BOOLEAN NOT NULL, completed BOOLEAN NOT NULL,
        record TEXT NOT NULL
    );
    CREATE INDEX attempts_finished ON attempts (finished_utc, seq);
    CREATE INDEX attempts_person ON attempts (nip, name);
    CREATE TABLE answers (
        attempt_id TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        question TEXT NOT NULL, topic TEXT NOT NULL, kind TEXT NOT NULL,
        rules TEXT NOT NULL, chosen TEXT,
        points DOUBLE PRECISION NOT NULL, max DOUBLE PRECISION NOT NULL,
        seconds DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (attempt_id, position)
    );
    CREATE INDEX answers_question ON answers (question);",
    // 2: attempt schema 2 counts the questions answered and planned (as SQLite's 2).
    "ALTER TABLE attempts ADD COLUMN answered INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE attempts ADD COLUMN planned INTEGER NOT NULL DEFAULT 0;
    UPDATE attempts SET
        planned = (SELECT count(*) FROM answers WHERE attempt_id = attempts.id),
        answered = (SELECT count(*) FROM answers
            WHERE attempt_id = attempts.id AND chosen IS NOT NULL);
    UPDATE attempts SET schema = 2,
        record = (record::jsonb || jsonb_build_object(
            'schema', 2, 'answered', answered, 'planned', planned))::text
        WHERE schema < 2;",
    // 3: `kuis serve` keeps everything a participant's browser needs in the database (as
    // SQLite's 3), so any instance can answer any request; `seq` orders sessions that started
    // in the same millisecond, as SQLite's rowid does.
    "ALTER TABLE attempts ADD COLUMN room TEXT;
    CREATE INDEX attempts_room ON attempts (room);
    CREATE TABLE rooms (
        name TEXT PRIMARY KEY,
        secret TEXT NOT NULL,
        token TEXT NOT NULL,
        created TEXT NOT NULL,
        closed TEXT
    );
    CREATE TABLE web_sessions (
        seq BIGINT GENERATED ALWAYS AS IDENTITY,
        id TEXT PRIMARY KEY,
        room TEXT NOT NULL REFERENCES rooms (name),
        name TEXT, nip TEXT, unit TEXT,
        bank_sha256 TEXT NOT NULL,
        options TEXT NOT NULL,
        seed BIGINT NOT NULL,
        started TEXT NOT NULL,
        started_ms BIGINT NOT NULL,
        deadline_ms BIGINT,
        lang TEXT NOT NULL,
        ending TEXT,
        attempt_id TEXT
    );
    CREATE INDEX web_sessions_room ON web_sessions (room, started_ms, seq);
    CREATE TABLE web_answers (
        session TEXT NOT NULL REFERENCES web_sessions (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        picked TEXT NOT NULL,
        seconds DOUBLE PRECISION NOT NULL,
        answered_ms BIGINT NOT NULL,
        PRIMARY KEY (session, position)
    );",
    // 4: personal data (as SQLite's 4). The match key is trimmed of Rust's white space and
    // lowered in ASCII only (translate, not lower(), which follows the database's locale),
    // so the stored key is the one Rust computes for new attempts.
    "ALTER TABLE attempts ADD COLUMN nip_key TEXT;
    ALTER TABLE attempts ADD COLUMN name_key TEXT;
    UPDATE attempts SET
        nip_key = translate(btrim(nip, U&'\\0009\\000A\\000B\\000C\\000D\\0020\\0085\\00A0\\1680\\2000\\2001\\2002\\2003\\2004\\2005\\2006\\2007\\2008\\2009\\200A\\2028\\2029\\202F\\205F\\3000'),
            'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'),
        name_key = translate(btrim(name, U&'\\0009\\000A\\000B\\000C\\000D\\0020\\0085\\00A0\\1680\\2000\\2001\\2002\\2003\\2004\\2005\\2006\\2007\\2008\\2009\\200A\\2028\\2029\\202F\\205F\\3000'),
            'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
    CREATE INDEX attempts_nip_key ON attempts (nip_key);
    CREATE INDEX attempts_name_key ON attempts (name_key);
    CREATE INDEX web_sessions_attempt ON web_sessions (attempt_id);
    CREATE TABLE erasures (
        seq BIGINT GENERATED ALWAYS AS IDENTITY,
        at TEXT NOT NULL,
        what TEXT NOT NULL,
        attempts BIGINT NOT NULL,
        answers BIGINT NOT NULL,
        web_sessions BIGINT NOT NULL,
        web_answers BIGINT NOT NULL
    );
    CREATE TABLE secrets (
        purpose TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created TEXT NOT NULL
    );",
    // 5: attempts per person in a room (as SQLite's 5).
    "ALTER TABLE web_sessions ADD COLUMN person TEXT NOT NULL DEFAULT '';
    ALTER TABLE web_sessions ADD COLUMN alias TEXT NOT NULL DEFAULT '';
    CREATE INDEX web_sessions_person ON web_sessions (room, person);
    CREATE INDEX web_sessions_alias ON web_sessions (room, alias);
    CREATE TABLE web_people (
        room TEXT NOT NULL REFERENCES rooms (name),
        person TEXT NOT NULL,
        granted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (room, person)
    );",
    // 6: the certificate register (as SQLite's 6); `seq` orders entries issued in the same
    // second, as SQLite's rowid does.
    "CREATE TABLE certificates (
        seq BIGINT GENERATED ALWAYS AS IDENTITY,
        code_hash TEXT PRIMARY KEY,
        attempt_id TEXT,
        key_id TEXT NOT NULL,
        issued TEXT NOT NULL,
        revoked TEXT
    );
    CREATE INDEX certificates_attempt ON certificates (attempt_id);",
];

/// The advisory lock that serialises migrations: several kuis starting at once on a new
/// database migrate it once. (Any constant; this one spells "kuis".)
const MIGRATION_LOCK: i64 = 0x6b75_6973;

/// Records fetched per round trip from the cursor: small enough that a report over millions
/// of attempts holds a few hundred at most, large enough that the round trips do not show.
const CURSOR_BATCH: i32 = 256;

/// The reason given for a URL without a host.
const NO_HOST: &str = "no host";

/// Why PostgreSQL could not be used at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PgFailure {
    /// The URL does not parse.
    BadUrl(String),
    /// Nothing listens at the address.
    Refused(String),
    /// The address could not be reached (a time-out, no route, an unknown host name).
    Unreachable(String, String),
    /// The server wants a password and none was given.
    NoPassword(String),
    /// The server refused this user or password.
    Auth(String),
    /// The database does not exist.
    NoDatabase(String),
    /// The server is starting, stopping, or has no connection slot left.
    Busy(String),
    /// Anything else, in the client's words.
    Other(String),
}

impl PgFailure {
    /// The failure in words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            // The parser's reason is English; in Indonesian the form says what is expected.
            PgFailure::BadUrl(why) => lang.pick(
                format!(
                    "URL PostgreSQL tidak valid{}; bentuknya postgres://pengguna@host:5432/basisdata",
                    if why == NO_HOST { " (tidak ada host)" } else { "" }
                ),
                format!(
                    "not a valid PostgreSQL URL ({why}); the form is postgres://user@host:5432/database"
                ),
            ),
            PgFailure::Refused(addr) => lang.pick(
                format!(
                    "koneksi ditolak: tidak ada server PostgreSQL yang berjalan di {addr}? Periksa host dan port, atau jalankan servernya"
                ),
                format!(
                    "connection refused: is PostgreSQL running at {addr}? Check the host and port, or start the server"
                ),
            ),
            PgFailure::Unreachable(addr, why) => lang.pick(
                format!("server PostgreSQL di {addr} tidak dapat dihubungi ({why})"),
                format!("the PostgreSQL server at {addr} cannot be reached ({why})"),
            ),
            PgFailure::NoPassword(user) => lang.pick(
                format!(
                    "server meminta kata sandi untuk pengguna {user}: tulis di URL (postgres://{user}:SANDI@…) atau di variabel PGPASSWORD"
                ),
                format!(
                    "the server asks for a password for user {user}: put it in the URL (postgres://{user}:PASSWORD@…) or in PGPASSWORD"
                ),
            ),
            PgFailure::Auth(user) => lang.pick(
                format!(
                    "autentikasi gagal untuk pengguna {user}: kata sandi salah, atau server tidak mengizinkan pengguna ini (pg_hba.conf)"
                ),
                format!(
                    "authentication failed for user {user}: wrong password, or the server does not let this user in (pg_hba.conf)"
                ),
            ),
            PgFailure::NoDatabase(db) => lang.pick(
                format!("basis data {db} tidak ada; buat dulu dengan: createdb {db}"),
                format!("database {db} does not exist; create it first with: createdb {db}"),
            ),
            PgFailure::Busy(why) => lang.pick(
                format!("server PostgreSQL belum dapat menerima koneksi ({why}); coba lagi nanti"),
                format!("the PostgreSQL server cannot take a connection now ({why}); try again later"),
            ),
            PgFailure::Other(why) => why.clone(),
        }
    }
}

/// `url` without its password (in the user part or a `password=` parameter).
pub(super) fn redacted(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let (authority, tail) = rest
        .find(['/', '?'])
        .map_or((rest, ""), |i| rest.split_at(i));
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => format!("{}@{host}", user.split(':').next().unwrap_or("")),
        None => authority.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| !p.to_ascii_lowercase().starts_with("password="))
                .collect();
            if kept.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{}", kept.join("&"))
            }
        }
        None => tail.to_owned(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// An error once connected, in `lang`: the server's own message (PostgreSQL speaks the
/// language it was set up with) with its SQLSTATE code, or what happened to the connection.
pub(super) fn describe(e: &::postgres::Error, lang: Lang) -> String {
    if let Some(db) = e.as_db_error() {
        return lang.pick(
            format!(
                "server PostgreSQL menolak: {} (kode {})",
                db.message(),
                db.code().code()
            ),
            format!(
                "the PostgreSQL server refused: {} (code {})",
                db.message(),
                db.code().code()
            ),
        );
    }
    // A write to a cut connection (COPY streams rows as it goes) fails as a broken pipe or a
    // reset: that too is the connection lost, not a reader of kuis's output leaving.
    let cut = io_error(e).is_some_and(|io| {
        use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset, UnexpectedEof};
        matches!(
            io.kind(),
            BrokenPipe | ConnectionAborted | ConnectionReset | UnexpectedEof
        )
    });
    if e.is_closed() || cut {
        return lang
            .pick(
                "koneksi ke server PostgreSQL terputus",
                "the connection to the PostgreSQL server was lost",
            )
            .to_owned();
    }
    match io_error(e) {
        Some(io) => lang
            .io_error(io)
            .map_or_else(|| io.to_string(), str::to_owned),
        None => e.to_string(),
    }
}

/// Whether `e` says the connection is gone (closed, cut, reset, timed out) or the server ended
/// it or cannot serve now: connecting again may help.
pub(super) fn is_lost(e: &::postgres::Error) -> bool {
    if e.is_closed() || io_error(e).is_some() {
        return true;
    }
    e.code().is_some_and(|code| {
        // Class 08: connection exceptions; 57P01-57P03: the server is shutting down,
        // crashed, or not yet accepting connections; 57P05: the session was idle too long.
        code.code().starts_with("08")
            || [
                SqlState::ADMIN_SHUTDOWN,
                SqlState::CRASH_SHUTDOWN,
                SqlState::CANNOT_CONNECT_NOW,
            ]
            .contains(code)
            || code.code() == "57P05"
    })
}

/// The I/O error under a client error, if that is what it is.
fn io_error(e: &::postgres::Error) -> Option<&std::io::Error> {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        source = s.source();
    }
    None
}

/// How long one store operation keeps trying to reach a database it lost (the server
/// restarted, the network was cut, an administrator ended the connection) before it gives up:
/// long enough for a blip, short enough that a waiting page says so within seconds.
const RECONNECT_FOR: Duration = Duration::from_secs(3);

/// The first pause before connecting again; each next pause is twice as long.
const FIRST_PAUSE: Duration = Duration::from_millis(50);

/// How long sent data may stay unacknowledged before the connection counts as gone: a
/// network that drops packets silently (no reset, no close) is noticed in seconds rather than
/// after the system's TCP retries (15 minutes on Linux).
const TCP_USER_TIMEOUT: Duration = Duration::from_secs(10);

/// An open PostgreSQL store: one connection, opened again when it is lost.
pub(super) struct Postgres {
    /// In a cell: reading needs the connection mutably (a transaction for the cursor) while
    /// [`super::Store::each`] lends the store out shared.
    client: RefCell<Client>,
    /// How to connect again.
    config: Config,
    /// The URL without its password, for messages.
    name: String,
}

impl std::fmt::Debug for Postgres {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Postgres({})", self.name)
    }
}

impl Postgres {
    /// Connect to `url` (waiting at most `timeout`) and bring its schema up to date.
    pub(super) fn open(url: &str, timeout: Duration) -> Result<Postgres, StoreError> {
        let name = redacted(url);
        let failed = |why| StoreError::Connect {
            store: name.clone(),
            why,
        };
        let mut config =
            Config::from_str(url).map_err(|e| failed(PgFailure::BadUrl(e.to_string())))?;
        // `postgres://` and `postgres://u:p@/db` parse, then fail to connect with a message
        // about `hostaddr`: a URL without a host is malformed (exit 2), said as such.
        if config.get_hosts().is_empty() && config.get_hostaddrs().is_empty() {
            return Err(failed(PgFailure::BadUrl(NO_HOST.into())));
        }
        // As psql: the password may come from the environment rather than the command line.
        if config.get_password().is_none()
            && let Some(password) = std::env::var_os("PGPASSWORD")
        {
            config.password(password.as_encoded_bytes());
        }
        config.connect_timeout(timeout);
        if config.get_tcp_user_timeout().is_none() {
            config.tcp_user_timeout(TCP_USER_TIMEOUT);
        }
        // So a database administrator sees who is connected (pg_stat_activity).
        if config.get_application_name().is_none() {
            config.application_name("kuis");
        }
        let client = config
            .connect(NoTls)
            .map_err(|e| failed(connect_failure(&e, &config)))?;
        let mut db = Postgres {
            client: RefCell::new(client),
            config,
            name,
        };
        db.migrate()?;
        Ok(db)
    }

    /// Run `op` on the connection. When the connection turns out to be lost (see
    /// [`StoreError::is_unavailable`]), it is dropped, never used again: a new one is opened
    /// and `op` runs again, with growing pauses, for at most [`RECONNECT_FOR`]; then the
    /// failure is returned. Every store operation goes through here, so running one twice
    /// must be safe, and each of kuis's is: saves are idempotent by their keys (an attempt's
    /// id, an answer's session and position), endings and closings are conditional updates,
    /// reads are reads. A transaction cut off before its commit is rolled back by the server;
    /// one whose commit was sent but not acknowledged is found already there when run again.
    pub(super) fn run<T>(
        &self,
        mut op: impl FnMut(&mut Client) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut client = self.client.borrow_mut();
        let began = Instant::now();
        let mut pause = Duration::ZERO;
        loop {
            match op(&mut client) {
                Err(e) if e.is_unavailable() && began.elapsed() < RECONNECT_FOR => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).max(FIRST_PAUSE);
                    let left = RECONNECT_FOR.saturating_sub(began.elapsed());
                    let mut config = self.config.clone();
                    config.connect_timeout(left.max(Duration::from_millis(500)));
                    // A failed attempt keeps the lost connection, which fails at once: the
                    // next round connects again.
                    if let Ok(fresh) = config.connect(NoTls) {
                        *client = fresh;
                    }
                }
                other => return other,
            }
        }
    }

    /// Follow the changes to rooms that every `kuis serve` on this database announces (see
    /// [`ROOM_CHANNEL`]) on a connection of its own, calling `changed` with each room's name
    /// as its change commits, and with `None` once listening starts or starts again (what
    /// happened while it was not listening is unknown), until `stop` says so. A lost
    /// connection is opened again with growing pauses (at most a second apart); a connection
    /// that stays quiet is tried every few seconds, so a cut one is noticed.
    pub(super) fn follow_rooms(
        &self,
        stop: &dyn Fn() -> bool,
        changed: &mut dyn FnMut(Option<&str>),
    ) {
        use ::postgres::fallible_iterator::FallibleIterator;
        let mut pause = FIRST_PAUSE;
        while !stop() {
            if let Ok(mut client) = self.config.connect(NoTls)
                && client
                    .batch_execute(&format!("LISTEN {ROOM_CHANNEL}"))
                    .is_ok()
            {
                pause = FIRST_PAUSE;
                changed(None);
                let mut quiet = Instant::now();
                while !stop() {
                    let next = client
                        .notifications()
                        .timeout_iter(Duration::from_millis(200))
                        .next()
                        .map(|note| note.map(|n| n.payload().to_owned()));
                    match next {
                        Ok(Some(room)) => {
                            changed(Some(&room));
                            quiet = Instant::now();
                        }
                        Ok(None) if quiet.elapsed() < Duration::from_secs(5) => {}
                        // Quiet for a while: a round trip says whether the connection lives.
                        Ok(None) => {
                            if client.batch_execute("").is_err() {
                                break;
                            }
                            quiet = Instant::now();
                        }
                        Err(_) => break,
                    }
                }
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_secs(1));
        }
    }

    /// Whether the database answers now (connecting again if it was lost).
    pub(super) fn ping(&self) -> Result<(), StoreError> {
        self.run(|client| client.batch_execute("").map_err(failed(&self.name)))
    }

    /// A query failure as the store's error.
    fn err(&self) -> impl Fn(::postgres::Error) -> StoreError + '_ {
        failed(&self.name)
    }

    /// Bring the schema up to date, once even when several kuis start together. A database
    /// that is up to date is only read, so a read-only role can still report and export.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let known = MIGRATIONS.len();
        let newer = |found: i64| StoreError::Newer {
            store: self.name.clone(),
            found,
            known,
        };
        let err = failed(&self.name);
        let client = self.client.get_mut();
        let version = stored_version(client).map_err(&err)?;
        if version > known as i64 {
            return Err(newer(version));
        }
        if version == known as i64 {
            return Ok(());
        }
        let mut tx = client.transaction().map_err(&err)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(&err)?;
        // Read again under the lock: another kuis may have migrated meanwhile.
        let version = stored_version(&mut tx).map_err(&err)?;
        if version >= known as i64 {
            return if version > known as i64 {
                Err(newer(version))
            } else {
                Ok(())
            };
        }
        tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            .map_err(&err)?;
        for migration in &MIGRATIONS[version as usize..] {
            tx.batch_execute(migration).map_err(&err)?;
        }
        tx.execute("DELETE FROM schema_version", &[])
            .map_err(&err)?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES ($1)",
            &[&(known as i32)],
        )
        .map_err(&err)?;
        tx.commit().map_err(&err)
    }

    /// Save `rows` in one transaction (all or none), saying of each what saving did: the
    /// attempts copied and inserted (new ids come back), the stored twins of the others read,
    /// the answers of the new ones copied (see [`insert_in`]).
    pub(super) fn insert_batch(&mut self, rows: &[Row<'_>]) -> Result<Vec<Saved>, StoreError> {
        let err = failed(&self.name);
        self.run(|client| {
            let mut tx = client.transaction().map_err(&err)?;
            let saved = insert_in(&mut tx, &self.name, rows)?;
            tx.commit().map_err(&err)?;
            Ok(saved)
        })
    }

    /// Hand every stored record, oldest first, to `each` as it is read: a server-side cursor
    /// (a portal in a read-only snapshot) gives [`CURSOR_BATCH`] rows per round trip, so
    /// memory stays flat however many attempts there are.
    pub(super) fn records(
        &self,
        coarse: &Coarse,
        each: &mut dyn FnMut(&mut Records<'_>),
    ) -> Result<(), StoreError> {
        let err = self.err();
        // A connection lost since the last use is replaced before the cursor opens; one lost
        // while rows are handed on ends the reading with that error (they cannot be taken
        // back to read them again).
        self.ping()?;
        let mut client = self.client.borrow_mut();
        let mut tx = snapshot(&mut client).map_err(&err)?;
        let (query, key) = records_query(coarse);
        let portal = tx
            .bind(
                &query,
                &[
                    &coarse.banks,
                    &coarse.since,
                    &coarse.until,
                    &coarse.room,
                    &key,
                ],
            )
            .map_err(&err)?;
        let mut batch: VecDeque<::postgres::Row> = VecDeque::new();
        let mut done = false;
        let mut rows = std::iter::from_fn(|| {
            if batch.is_empty() && !done {
                match tx.query_portal(&portal, CURSOR_BATCH) {
                    Ok(rows) => {
                        done = rows.len() < CURSOR_BATCH as usize;
                        batch = rows.into();
                    }
                    Err(e) => {
                        done = true;
                        return Some(Err(err(e)));
                    }
                }
            }
            let row = batch.pop_front()?;
            Some(
                row.try_get::<_, &str>(0)
                    .map(serde_json::from_str::<Attempt>)
                    .map_err(&err),
            )
        });
        each(&mut rows);
        Ok(())
    }

    /// How PostgreSQL reads what `coarse` selects (`EXPLAIN`), one step a line.
    pub(super) fn plan(&self, coarse: &Coarse) -> Result<String, StoreError> {
        let (query, key) = records_query(coarse);
        self.run(|client| {
            let steps = client
                .query(
                    &format!("EXPLAIN {query}"),
                    &[
                        &coarse.banks,
                        &coarse.since,
                        &coarse.until,
                        &coarse.room,
                        &key,
                    ],
                )
                .map_err(failed(&self.name))?;
            Ok(steps
                .iter()
                .map(|r| r.get::<_, String>(0))
                .collect::<Vec<_>>()
                .join("\n"))
        })
    }

    /// How many attempts are stored.
    pub(super) fn count(&self) -> Result<u64, StoreError> {
        self.run(|client| {
            client
                .query_one("SELECT count(*) FROM attempts", &[])
                .map(|r| r.get::<_, i64>(0) as u64)
                .map_err(self.err())
        })
    }
}

/// The certificate register's operations (see [`super::register`]), each one statement or
/// one transaction through [`Postgres::run`]: recording is idempotent by the code's hash, and
/// a revocation run again finds itself done.
impl Postgres {
    pub(super) fn record_certificates(&mut self, issued: &[Issued]) -> Result<(), StoreError> {
        let err = failed(&self.name);
        self.run(|client| {
            let mut tx = client.transaction().map_err(&err)?;
            let insert = tx
                .prepare(&format!(
                    "INSERT INTO certificates ({}) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (code_hash) DO NOTHING",
                    register::COLUMNS
                ))
                .map_err(&err)?;
            for c in issued {
                tx.execute(
                    &insert,
                    &[&c.code_hash, &c.attempt, &c.key_id, &c.issued, &c.revoked],
                )
                .map_err(&err)?;
            }
            tx.commit().map_err(&err)
        })
    }

    pub(super) fn revoke_certificate(
        &mut self,
        c: &Issued,
        when: &str,
    ) -> Result<Revoked, StoreError> {
        let err = failed(&self.name);
        self.run(|client| {
            let mut tx = client.transaction().map_err(&err)?;
            // Insert it revoked if it is new; else lock its row and read whether it was.
            let inserted = tx
                .execute(
                    &format!(
                        "INSERT INTO certificates ({}) VALUES ($1, $2, $3, $4, $5)
                         ON CONFLICT (code_hash) DO NOTHING",
                        register::COLUMNS
                    ),
                    &[&c.code_hash, &c.attempt, &c.key_id, &c.issued, &when],
                )
                .map_err(&err)?;
            let done = if inserted == 1 {
                Revoked::Now
            } else {
                let before: Option<String> = tx
                    .query_one(
                        "SELECT revoked FROM certificates WHERE code_hash = $1 FOR UPDATE",
                        &[&c.code_hash],
                    )
                    .map_err(&err)?
                    .get(0);
                match before {
                    Some(at) => Revoked::Already(at),
                    None => {
                        tx.execute(
                            "UPDATE certificates SET revoked = $2 WHERE code_hash = $1",
                            &[&c.code_hash, &when],
                        )
                        .map_err(&err)?;
                        Revoked::Now
                    }
                }
            };
            tx.commit().map_err(&err)?;
            Ok(done)
        })
    }

    pub(super) fn certificate(&self, code_hash: &str) -> Result<Option<Issued>, StoreError> {
        Ok(self
            .rows(
                &format!(
                    "SELECT {} FROM certificates WHERE code_hash = $1",
                    register::COLUMNS
                ),
                &[&code_hash],
            )?
            .first()
            .map(issued_row))
    }

    /// The register's entries, oldest first: all of them, or one attempt's (by its index).
    pub(super) fn certificates(&self, attempt: Option<&str>) -> Result<Vec<Issued>, StoreError> {
        let filter = if attempt.is_some() {
            "WHERE attempt_id = $1"
        } else {
            ""
        };
        let params: Vec<&(dyn ::postgres::types::ToSql + Sync)> = attempt
            .iter()
            .map(|a| a as &(dyn ::postgres::types::ToSql + Sync))
            .collect();
        Ok(self
            .rows(
                &format!(
                    "SELECT {} FROM certificates {filter} ORDER BY issued, seq",
                    register::COLUMNS
                ),
                &params,
            )?
            .iter()
            .map(issued_row)
            .collect())
    }

    pub(super) fn record(&self, id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .rows("SELECT record FROM attempts WHERE id = $1", &[&id])?
            .first()
            .map(|r| r.get(0)))
    }
}

fn issued_row(r: &::postgres::Row) -> Issued {
    Issued {
        code_hash: r.get(0),
        attempt: r.get(1),
        key_id: r.get(2),
        issued: r.get(3),
        revoked: r.get(4),
    }
}

/// `kuis serve`'s operations (see [`super::web`]). Several instances share one database:
/// an answer locks its session's row, so two instances saving for one participant take
/// turns, and the session's ending read under the lock is still true when the answer is kept.
impl Postgres {
    pub(super) fn create_room(
        &mut self,
        name: &str,
        secret: &str,
        token: &str,
        created: &str,
    ) -> Result<(), StoreError> {
        self.run(|client| {
            client
                .execute(
                    "INSERT INTO rooms (name, secret, token, created) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (name) DO NOTHING",
                    &[&name, &secret, &token, &created],
                )
                .map(|_| ())
                .map_err(self.err())
        })
    }

    pub(super) fn room(&self, name: &str) -> Result<Option<Room>, StoreError> {
        self.run(|client| {
            client
                .query_opt(
                    "SELECT name, secret, token, closed FROM rooms WHERE name = $1",
                    &[&name],
                )
                .map(|row| {
                    row.map(|r| Room {
                        name: r.get(0),
                        secret: r.get(1),
                        token: r.get(2),
                        closed: r.get(3),
                    })
                })
                .map_err(self.err())
        })
    }

    pub(super) fn close_room(&mut self, name: &str, when: &str) -> Result<(), StoreError> {
        self.run(|client| {
            client
                .execute(
                    "WITH closed AS (UPDATE rooms SET closed = $2 WHERE name = $1
                        AND closed IS NULL RETURNING name)
                     SELECT pg_notify($3, name) FROM closed",
                    &[&name, &when, &ROOM_CHANNEL],
                )
                .map(|_| ())
                .map_err(self.err())
        })
    }

    pub(super) fn join_web_session(
        &mut self,
        s: &WebSession,
        attempts: Option<u32>,
    ) -> Result<Joined, StoreError> {
        let err = failed(&self.name);
        // Run again after a commit that was not acknowledged, the session is already there
        // (and is not taken for an empty one of the same person's).
        self.run(|client| {
            let mut tx = client.transaction().map_err(&err)?;
            if let Some(n) = attempts {
                // The person's rows, locked in a fixed order: two joins of one person (on two
                // instances) take turns from here to the commit.
                let mut keys = vec![s.person.as_str(), s.alias.as_str()];
                keys.sort_unstable();
                keys.dedup();
                for key in &keys {
                    tx.execute(
                        "INSERT INTO web_people (room, person) VALUES ($1, $2)
                         ON CONFLICT (room, person) DO NOTHING",
                        &[&s.room, key],
                    )
                    .map_err(&err)?;
                }
                tx.query(
                    "SELECT person FROM web_people WHERE room = $1 AND person = ANY($2)
                     ORDER BY person FOR UPDATE",
                    &[&s.room, &keys],
                )
                .map_err(&err)?;
                tx.execute(
                    "UPDATE web_sessions SET ending = 'interrupted'
                     WHERE room = $1 AND (person = $2 OR alias = $3) AND ending IS NULL
                        AND id <> $4
                        AND NOT EXISTS (SELECT 1 FROM web_answers WHERE session = web_sessions.id)",
                    &[&s.room, &s.person, &s.alias, &s.id],
                )
                .map_err(&err)?;
                let t = tally_in(&mut tx, &s.room, &s.person, &s.alias).map_err(&err)?;
                let allowed = n.saturating_add(t.granted);
                if t.used >= allowed {
                    return Ok(Joined::Used {
                        used: t.used,
                        allowed,
                    });
                }
            }
            tx.execute(
                &format!(
                    "INSERT INTO web_sessions ({SESSION_COLUMNS})
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
                     ON CONFLICT (id) DO NOTHING"
                ),
                &[
                    &s.id,
                    &s.room,
                    &s.participant.name,
                    &s.participant.nip,
                    &s.participant.unit,
                    &s.bank_sha256,
                    &s.options,
                    // PostgreSQL integers are signed: the seed is stored by its bits.
                    &(s.seed as i64),
                    &s.started,
                    &s.started_ms,
                    &s.deadline_ms,
                    &s.lang,
                    &s.ending,
                    &s.attempt_id,
                    &s.person,
                    &s.alias,
                ],
            )
            .map_err(&err)?;
            announce(&mut tx, &s.room).map_err(&err)?;
            tx.commit().map_err(&err)?;
            Ok(Joined::Started)
        })
    }

    pub(super) fn tally(&self, room: &str, person: &str, alias: &str) -> Result<Tally, StoreError> {
        self.run(|client| tally_in(client, room, person, alias).map_err(self.err()))
    }

    pub(super) fn grant_attempt(&mut self, room: &str, person: &str) -> Result<(), StoreError> {
        // Not idempotent: run again after an unacknowledged commit, it grants two (the
        // trainer sees it on the page; nothing is lost).
        self.run(|client| {
            client
                .execute(
                    "WITH granted AS (INSERT INTO web_people (room, person, granted)
                        VALUES ($1, $2, 1)
                        ON CONFLICT (room, person) DO UPDATE SET granted = web_people.granted + 1
                        RETURNING room)
                     SELECT pg_notify($3, room) FROM granted",
                    &[&room, &person, &ROOM_CHANNEL],
                )
                .map(|_| ())
                .map_err(self.err())
        })
    }

    pub(super) fn web_session(
        &self,
        id: &str,
    ) -> Result<Option<(WebSession, Vec<WebAnswer>)>, StoreError> {
        self.run(|client| session_in(client, id, "").map_err(self.err()))
    }

    pub(super) fn room_sessions(&self, room: &str) -> Result<Sessions, StoreError> {
        let err = self.err();
        self.run(|client| {
            // One snapshot for both reads, so no answer shows without its session.
            let mut tx = snapshot(client).map_err(&err)?;
            let sessions = tx
                .query(
                    &format!(
                        "SELECT {SESSION_COLUMNS} FROM web_sessions WHERE room = $1
                     ORDER BY started_ms, seq"
                    ),
                    &[&room],
                )
                .map_err(&err)?
                .iter()
                .map(session_row)
                .collect();
            let answers = tx
                .query(
                    "SELECT a.session, a.position, a.picked, a.seconds, a.answered_ms
                 FROM web_answers a JOIN web_sessions s ON s.id = a.session
                 WHERE s.room = $1 ORDER BY a.session, a.position",
                    &[&room],
                )
                .map_err(&err)?
                .iter()
                .map(answer_row)
                .collect();
            tx.commit().map_err(&err)?;
            Ok(grouped(sessions, answers))
        })
    }

    pub(super) fn room_pulse(&self, room: &str) -> Result<i64, StoreError> {
        self.run(|client| {
            client
                .query_one(
                    "SELECT (SELECT count(*) FROM web_sessions WHERE room = $1)
                      + (SELECT count(*) FROM web_sessions WHERE room = $1 AND ending IS NOT NULL)
                      + (SELECT count(*) FROM web_answers a JOIN web_sessions s ON s.id = a.session
                         WHERE s.room = $1)
                      + (SELECT count(*) FROM rooms WHERE name = $1 AND closed IS NOT NULL)",
                    &[&room],
                )
                .map(|r| r.get(0))
                .map_err(self.err())
        })
    }

    /// Save a batch of answers in one transaction, in order.
    pub(super) fn save_web_answers(
        &mut self,
        batch: &[(&ToSave, Option<&Row<'_>>)],
    ) -> Result<Vec<Given>, StoreError> {
        let err = failed(&self.name);
        // Run again on a new connection, an answer whose commit went unacknowledged is
        // found at its position (`Given::Again`): kept once, and its attempt with it.
        self.run(|client| {
            let mut tx = client.transaction().map_err(&err)?;
            let given = batch
                .iter()
                .map(|(one, finished)| answer_in(&mut tx, &self.name, one, *finished))
                .collect::<Result<Vec<_>, _>>()?;
            let sessions: Vec<&str> = batch.iter().map(|(one, _)| one.session.as_str()).collect();
            tx.execute(
                "SELECT pg_notify($1, room) FROM web_sessions WHERE id = ANY($2) GROUP BY room",
                &[&ROOM_CHANNEL, &sessions],
            )
            .map_err(&err)?;
            tx.commit().map_err(&err)?;
            Ok(given)
        })
    }

    pub(super) fn end_web_session(
        &mut self,
        session: &str,
        ending: &str,
        build: &mut BuildRow<'_>,
    ) -> Result<bool, StoreError> {
        let err = failed(&self.name);
        self.run(|client| {
            let mut tx = client.transaction().map_err(&err)?;
            // The session's row is locked before its answers are read: an answer being saved
            // (which locks the same row) is either in what is read here or finds it ended.
            let Some((row, answers)) = session_in(&mut tx, session, "FOR UPDATE").map_err(&err)?
            else {
                return Ok(false);
            };
            if row.ending.is_some() {
                return Ok(false);
            }
            let attempt = build(&row, &answers)?;
            let attempt = attempt
                .as_ref()
                .map(|a| Row::new(a, &self.name))
                .transpose()?;
            let ended = end_in(&mut tx, &self.name, session, ending, attempt.as_ref())?;
            announce(&mut tx, &row.room).map_err(&err)?;
            tx.commit().map_err(&err)?;
            Ok(ended)
        })
    }
}

/// The attempts of `person` or `alias` in `room`: quizzes with an answer, and grants.
fn tally_in(
    client: &mut impl ::postgres::GenericClient,
    room: &str,
    person: &str,
    alias: &str,
) -> Result<Tally, ::postgres::Error> {
    let r = client.query_one(
        "SELECT
            (SELECT count(*) FROM web_sessions s WHERE s.room = $1
                AND (s.person = $2 OR s.alias = $3)
                AND EXISTS (SELECT 1 FROM web_answers a WHERE a.session = s.id)),
            (SELECT coalesce(max(granted), 0) FROM web_people WHERE room = $1 AND person = $2)",
        &[&room, &person, &alias],
    )?;
    Ok(Tally {
        used: r.get::<_, i64>(0) as u32,
        granted: r.get::<_, i32>(1) as u32,
    })
}

/// The session `id` with its answers; `lock` is `FOR UPDATE` when ending it.
fn session_in(
    client: &mut impl ::postgres::GenericClient,
    id: &str,
    lock: &str,
) -> Result<Option<(WebSession, Vec<WebAnswer>)>, ::postgres::Error> {
    let Some(session) = client.query_opt(
        &format!("SELECT {SESSION_COLUMNS} FROM web_sessions WHERE id = $1 {lock}"),
        &[&id],
    )?
    else {
        return Ok(None);
    };
    let answers = client
        .query(
            "SELECT session, position, picked, seconds, answered_ms FROM web_answers
             WHERE session = $1 ORDER BY position",
            &[&id],
        )?
        .iter()
        .map(|r| answer_row(r).1)
        .collect();
    Ok(Some((session_row(&session), answers)))
}

/// Personal data: erasure, the register, the pseudonym key (see [`super::privacy`]). Each
/// is one statement or one transaction, run again on a new connection when one is lost.
impl Postgres {
    /// The rows of a query, on a connection that is there.
    fn rows(
        &self,
        query: &str,
        params: &[&(dyn ::postgres::types::ToSql + Sync)],
    ) -> Result<Vec<::postgres::Row>, StoreError> {
        self.run(|client| client.query(query, params).map_err(self.err()))
    }

    pub(super) fn person_attempts(
        &self,
        key: &Who,
    ) -> Result<Vec<(String, Participant)>, StoreError> {
        let (column, key) = match key {
            Who::Nip(k) => ("nip_key", k),
            Who::Name(k) => ("name_key", k),
        };
        Ok(self
            .rows(
                &format!("SELECT id, name, nip, unit FROM attempts WHERE {column} = $1"),
                &[key],
            )?
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    Participant {
                        name: r.get(1),
                        nip: r.get(2),
                        unit: r.get(3),
                    },
                )
            })
            .collect())
    }

    pub(super) fn attempts_before(&self, second: i64) -> Result<Vec<String>, StoreError> {
        Ok(self
            .rows(
                "SELECT id FROM attempts WHERE finished_utc < $1",
                &[&second],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    pub(super) fn web_session_briefs(&self) -> Result<Vec<SessionBrief>, StoreError> {
        Ok(self
            .rows(
                "SELECT id, name, nip, unit, room, started_ms, ending IS NOT NULL, attempt_id
                 FROM web_sessions",
                &[],
            )?
            .iter()
            .map(|r| SessionBrief {
                id: r.get(0),
                participant: Participant {
                    name: r.get(1),
                    nip: r.get(2),
                    unit: r.get(3),
                },
                room: r.get(4),
                started_ms: r.get(5),
                ended: r.get(6),
                attempt_id: r.get(7),
            })
            .collect())
    }

    pub(super) fn closed_rooms(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(self
            .rows(
                "SELECT name, closed FROM rooms WHERE closed IS NOT NULL",
                &[],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    /// Count the rows of `attempts` and `sessions`; when `record` is given (its time and
    /// what), delete them and register the erasure in one transaction. (The deleted rows stay
    /// in the table files until VACUUM reuses their space, and in the write-ahead log and
    /// backups until those expire: docs/privacy.md says so.)
    pub(super) fn remove(
        &mut self,
        attempts: &[String],
        sessions: &[String],
        record: Option<(&str, &str)>,
    ) -> Result<Removed, StoreError> {
        let err = failed(&self.name);
        self.run(|client| {
            let mut tx = client.transaction().map_err(&err)?;
            let row = tx
                .query_one(
                    "SELECT (SELECT count(*) FROM attempts WHERE id = ANY($1)),
                            (SELECT count(*) FROM answers WHERE attempt_id = ANY($1)),
                            (SELECT count(*) FROM web_sessions WHERE id = ANY($2)),
                            (SELECT count(*) FROM web_answers WHERE session = ANY($2))",
                    &[&attempts, &sessions],
                )
                .map_err(&err)?;
            let n = |i: usize| row.get::<_, i64>(i) as u64;
            let removed = Removed {
                attempts: n(0),
                answers: n(1),
                web_sessions: n(2),
                web_answers: n(3),
            };
            let Some((when, what)) = record else {
                return Ok(removed);
            };
            // The trainer's grants name the person (NIP, or name and unit): they go with them.
            tx.execute(
                "DELETE FROM web_people WHERE EXISTS (SELECT 1 FROM web_sessions s
                    WHERE s.id = ANY($1) AND s.room = web_people.room
                        AND web_people.person IN (s.person, s.alias))",
                &[&sessions],
            )
            .map_err(&err)?;
            tx.execute("DELETE FROM web_sessions WHERE id = ANY($1)", &[&sessions])
                .map_err(&err)?;
            // Skipped when there is none (the purge of a closed room's web sessions): `kuis
            // serve` purges, and its role needs no DELETE on attempts (docs/store.md).
            if !attempts.is_empty() {
                tx.execute("DELETE FROM attempts WHERE id = ANY($1)", &[&attempts])
                    .map_err(&err)?;
                // As SQLite's: the certificates of erased attempts no longer name them.
                tx.execute(
                    "UPDATE certificates SET attempt_id = NULL WHERE attempt_id = ANY($1)",
                    &[&attempts],
                )
                .map_err(&err)?;
            }
            tx.execute(
                "INSERT INTO erasures (at, what, attempts, answers, web_sessions, web_answers)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    &when,
                    &what,
                    &(removed.attempts as i64),
                    &(removed.answers as i64),
                    &(removed.web_sessions as i64),
                    &(removed.web_answers as i64),
                ],
            )
            .map_err(&err)?;
            tx.commit().map_err(&err)?;
            Ok(removed)
        })
    }

    pub(super) fn erasures(&self) -> Result<Vec<Erasure>, StoreError> {
        Ok(self
            .rows(
                "SELECT at, what, attempts, answers, web_sessions, web_answers FROM erasures
                 ORDER BY seq",
                &[],
            )?
            .iter()
            .map(|r| Erasure {
                at: r.get(0),
                what: r.get(1),
                removed: Removed {
                    attempts: r.get::<_, i64>(2) as u64,
                    answers: r.get::<_, i64>(3) as u64,
                    web_sessions: r.get::<_, i64>(4) as u64,
                    web_answers: r.get::<_, i64>(5) as u64,
                },
            })
            .collect())
    }

    /// The secret kept for `purpose`, created as `fresh` when there is none (two kuis
    /// creating it at once agree on the first).
    pub(super) fn secret(
        &mut self,
        purpose: &str,
        fresh: &str,
        created: &str,
    ) -> Result<String, StoreError> {
        let err = failed(&self.name);
        self.run(|client| {
            client
                .execute(
                    "INSERT INTO secrets (purpose, value, created) VALUES ($1, $2, $3)
                     ON CONFLICT (purpose) DO NOTHING",
                    &[&purpose, &fresh, &created],
                )
                .map_err(&err)?;
            client
                .query_one("SELECT value FROM secrets WHERE purpose = $1", &[&purpose])
                .map(|r| r.get(0))
                .map_err(&err)
        })
    }
}

fn session_row(r: &::postgres::Row) -> WebSession {
    WebSession {
        id: r.get(0),
        room: r.get(1),
        participant: Participant {
            name: r.get(2),
            nip: r.get(3),
            unit: r.get(4),
        },
        bank_sha256: r.get(5),
        options: r.get(6),
        seed: r.get::<_, i64>(7) as u64,
        started: r.get(8),
        started_ms: r.get(9),
        deadline_ms: r.get(10),
        lang: r.get(11),
        ending: r.get(12),
        attempt_id: r.get(13),
        person: r.get(14),
        alias: r.get(15),
    }
}

fn answer_row(r: &::postgres::Row) -> (String, WebAnswer) {
    (
        r.get(0),
        WebAnswer {
            position: r.get::<_, i32>(1) as usize,
            picked: picked_from(r.get(2)),
            seconds: r.get(3),
            answered_ms: r.get(4),
        },
    )
}

/// Save one answer inside `tx` (see [`super::Store::save_web_answer`]): the session's row is
/// locked first, so an instance saving for the same participant waits, and the ending read
/// is still true when the answer is kept.
fn answer_in(
    tx: &mut Transaction<'_>,
    name: &str,
    one: &ToSave,
    finished: Option<&Row<'_>>,
) -> Result<Given, StoreError> {
    let err = failed(name);
    let ended: Option<Option<String>> = tx
        .query_opt(
            "SELECT ending FROM web_sessions WHERE id = $1 FOR UPDATE",
            &[&one.session],
        )
        .map_err(&err)?
        .map(|r| r.get(0));
    if !matches!(ended, Some(None)) {
        return Ok(Given::Ended);
    }
    let inserted = tx
        .execute(
            "INSERT INTO web_answers (session, position, picked, seconds, answered_ms)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (session, position) DO NOTHING",
            &[
                &one.session,
                &(one.answer.position as i32),
                &picked_text(&one.answer.picked),
                &one.answer.seconds,
                &one.answer.answered_ms,
            ],
        )
        .map_err(&err)?;
    if inserted == 0 {
        return Ok(Given::Again);
    }
    if let Some(row) = finished {
        end_in(tx, name, &one.session, &row.attempt.ending, Some(row))?;
    }
    Ok(Given::Saved)
}

/// Mark `session` ended and save its attempt, inside `tx`; false when it had already ended.
fn end_in(
    tx: &mut Transaction<'_>,
    name: &str,
    session: &str,
    ending: &str,
    attempt: Option<&Row<'_>>,
) -> Result<bool, StoreError> {
    let changed = tx
        .execute(
            "UPDATE web_sessions SET ending = $2, attempt_id = $3
             WHERE id = $1 AND ending IS NULL",
            &[&session, &ending, &attempt.map(|a| a.id.as_str())],
        )
        .map_err(failed(name))?;
    if changed == 0 {
        return Ok(false);
    }
    if let Some(row) = attempt {
        insert_in(tx, name, std::slice::from_ref(row))?;
    }
    Ok(true)
}

/// Save `rows` inside the open transaction `tx` (see [`Postgres::insert_batch`]): the
/// attempts in one statement (new ids come back), the stored twins of the others in a second,
/// the answers of the new ones in a third — three round trips per batch. `kuis serve` also
/// saves a quiz's attempt in the transaction that keeps its last answer.
/// The channel on which a transaction that changes a room (a join, an answer, an ending, a
/// grant, a closing) announces it, the room's name as the payload: PostgreSQL delivers it
/// when the transaction commits, to every `kuis serve` on the database listening, whose
/// trainers' live views then show it.
const ROOM_CHANNEL: &str = "kuis_room";

/// Announce in `tx` that `room` changed (delivered on commit, once however often announced).
fn announce(tx: &mut Transaction<'_>, room: &str) -> Result<(), ::postgres::Error> {
    tx.execute("SELECT pg_notify($1, $2)", &[&ROOM_CHANNEL, &room])
        .map(|_| ())
}

/// The query of the records `coarse` selects, oldest first, and the person's key it binds as
/// `$5`. One person is found by the index on their key (a plain equality the planner sees).
fn records_query(coarse: &Coarse) -> (String, Option<&String>) {
    let (person, key) = match &coarse.who {
        Some(Who::Nip(key)) => ("nip_key = $5", Some(key)),
        Some(Who::Name(key)) => ("name_key = $5", Some(key)),
        None => ("$5::text IS NULL", None),
    };
    (
        format!(
            "SELECT record FROM attempts
             WHERE (cardinality($1::text[]) = 0 OR bank_id = ANY($1))
                AND ($2::int8 IS NULL OR finished_utc >= $2)
                AND ($3::int8 IS NULL OR finished_utc <= $3)
                AND ($4::text IS NULL OR room = $4)
                AND {person}
             ORDER BY finished_utc, seq"
        ),
        key,
    )
}

/// The attempts' columns as `kuis import` and `kuis store copy` send them, in the order of
/// [`STAGED`]'s columns after `n`, with their types for binary COPY.
const ATTEMPT_COLUMNS: &str = "id, schema, name, nip, unit, bank_id, bank_version, bank_sha256,
    mode, seed, lang, started, finished, finished_utc, ending, score, max, percent, passed,
    completed, record, answered, planned, room, nip_key, name_key";

/// The staging table a batch's attempts are copied into: private to the connection, emptied
/// by the insert that reads it (a transaction may save several batches: `kuis serve` saves
/// an attempt with the end of its web session) and at each commit or rollback; `n` keeps the
/// batch's order.
const STAGED: &str = "CREATE TEMPORARY TABLE IF NOT EXISTS staged_attempts (
        n INTEGER NOT NULL, id TEXT NOT NULL, schema INTEGER NOT NULL,
        name TEXT, nip TEXT, unit TEXT,
        bank_id TEXT NOT NULL, bank_version TEXT NOT NULL, bank_sha256 TEXT NOT NULL,
        mode TEXT NOT NULL, seed BIGINT NOT NULL, lang TEXT NOT NULL,
        started TEXT NOT NULL, finished TEXT NOT NULL, finished_utc BIGINT NOT NULL,
        ending TEXT NOT NULL, score DOUBLE PRECISION NOT NULL, max DOUBLE PRECISION NOT NULL,
        percent DOUBLE PRECISION NOT NULL, passed BOOLEAN NOT NULL, completed BOOLEAN NOT NULL,
        record TEXT NOT NULL, answered INTEGER NOT NULL, planned INTEGER NOT NULL,
        room TEXT, nip_key TEXT, name_key TEXT
    ) ON COMMIT DELETE ROWS";

/// Save a batch in the open transaction: the attempts by binary COPY into the staging table,
/// then one `INSERT … ON CONFLICT DO NOTHING` that says which ids were new; the stored twins
/// of the others read back to tell "already there" from a conflict; the new attempts'
/// answers by binary COPY straight into `answers` (their attempts are new in this
/// transaction: nothing of theirs can be there). COPY sends each value in its binary form in
/// one stream, where parameters of arrays are parsed and unnested by the server.
fn insert_in(
    tx: &mut Transaction<'_>,
    name: &str,
    rows: &[Row<'_>],
) -> Result<Vec<Saved>, StoreError> {
    use ::postgres::binary_copy::BinaryCopyInWriter;
    use ::postgres::types::Type;
    let err = failed(name);
    tx.batch_execute(STAGED).map_err(&err)?;
    let mut staged = BinaryCopyInWriter::new(
        tx.copy_in(&format!(
            "COPY staged_attempts (n, {ATTEMPT_COLUMNS}) FROM STDIN (FORMAT binary)"
        ))
        .map_err(&err)?,
        &[
            Type::INT4,
            Type::TEXT,
            Type::INT4,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::INT8,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::INT8,
            Type::TEXT,
            Type::FLOAT8,
            Type::FLOAT8,
            Type::FLOAT8,
            Type::BOOL,
            Type::BOOL,
            Type::TEXT,
            Type::INT4,
            Type::INT4,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
        ],
    );
    for (n, r) in rows.iter().enumerate() {
        let a = r.attempt;
        staged
            .write(&[
                &(n as i32),
                &r.id,
                &(a.schema as i32),
                &a.participant.name,
                &a.participant.nip,
                &a.participant.unit,
                &a.bank.id,
                &a.bank.version,
                &a.bank.sha256,
                &a.mode,
                &r.seed,
                &a.lang,
                &a.started,
                &a.finished,
                &r.finished_utc,
                &a.ending,
                &a.score,
                &a.max,
                &a.percent,
                &a.passed,
                &a.completed,
                &r.record,
                &(a.answered as i32),
                &(a.planned as i32),
                &a.room,
                &r.nip_key,
                &r.name_key,
            ])
            .map_err(&err)?;
    }
    staged.finish().map_err(&err)?;
    let new: HashSet<String> = tx
        .query(
            &format!(
                "WITH staged AS (DELETE FROM staged_attempts RETURNING *)
                 INSERT INTO attempts ({ATTEMPT_COLUMNS})
                 SELECT {ATTEMPT_COLUMNS} FROM staged ORDER BY n
                 ON CONFLICT (id) DO NOTHING
                 RETURNING id"
            ),
            &[],
        )
        .map_err(&err)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let others: Vec<&str> = rows
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| !new.contains(*id))
        .collect();
    let stored: HashMap<String, String> = if others.is_empty() {
        HashMap::new()
    } else {
        tx.query(
            "SELECT id, record FROM attempts WHERE id = ANY($1)",
            &[&others],
        )
        .map_err(&err)?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
    };
    // The first of several rows with one id in the batch is the one saved; the others
    // are compared with it.
    let mut claimed: HashMap<&str, &str> = HashMap::new();
    let mut saved = Vec::with_capacity(rows.len());
    let mut fresh = Vec::new();
    for row in rows {
        let id = row.id.as_str();
        if let Some(first) = claimed.get(id) {
            saved.push(row.verdict(first));
        } else if new.contains(id) {
            claimed.insert(id, &row.record);
            saved.push(Saved::New);
            fresh.push(row);
        } else {
            saved.push(stored.get(id).map_or(Saved::Conflict, |s| row.verdict(s)));
        }
    }
    if !fresh.is_empty() {
        let mut answers = BinaryCopyInWriter::new(
            tx.copy_in(
                "COPY answers (attempt_id, position, question, topic, kind, rules, chosen,
                    points, max, seconds) FROM STDIN (FORMAT binary)",
            )
            .map_err(&err)?,
            &[
                Type::TEXT,
                Type::INT4,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::FLOAT8,
                Type::FLOAT8,
                Type::FLOAT8,
            ],
        );
        for row in fresh {
            for (position, a) in row.answers.iter().enumerate() {
                answers
                    .write(&[
                        &row.id,
                        &(position as i32),
                        &a.question,
                        &a.topic,
                        &a.kind,
                        &a.rules,
                        &a.chosen,
                        &a.points,
                        &a.max,
                        &a.seconds,
                    ])
                    .map_err(&err)?;
            }
        }
        answers.finish().map_err(&err)?;
    }
    Ok(saved)
}

/// A read-only transaction that sees one snapshot throughout.
fn snapshot(client: &mut Client) -> Result<Transaction<'_>, ::postgres::Error> {
    client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
}

/// A query failure on the database `name` as the store's error.
fn failed(name: &str) -> impl Fn(::postgres::Error) -> StoreError + '_ {
    move |source| StoreError::Postgres {
        store: name.to_owned(),
        source,
    }
}

/// The schema version, 0 for a new (empty) database; reads only. The catalogue is read by a
/// query, not `to_regclass`: that looks through a cache that may not yet show a table another
/// kuis has just created, while a query sees what was committed before it began.
fn stored_version(client: &mut impl ::postgres::GenericClient) -> Result<i64, ::postgres::Error> {
    let exists: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables
                WHERE schemaname = current_schema() AND tablename = 'schema_version')",
            &[],
        )?
        .get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client
        .query_opt("SELECT version FROM schema_version", &[])?
        .map_or(0, |r| i64::from(r.get::<_, i32>(0))))
}

/// Why connecting failed, by the server's code or the connection's error.
fn connect_failure(e: &::postgres::Error, config: &Config) -> PgFailure {
    let user = config.get_user().unwrap_or("?").to_owned();
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(host)) => host.clone(),
        Some(Host::Unix(path)) => path.display().to_string(),
        None => "localhost".into(),
    };
    let addr = format!("{host}:{}", config.get_ports().first().unwrap_or(&5432));
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        return if *code == SqlState::INVALID_PASSWORD
            || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        {
            PgFailure::Auth(user)
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            PgFailure::NoDatabase(config.get_dbname().unwrap_or(&user).to_owned())
        } else if *code == SqlState::TOO_MANY_CONNECTIONS
            || *code == SqlState::CANNOT_CONNECT_NOW
            || *code == SqlState::ADMIN_SHUTDOWN
        {
            PgFailure::Busy(db.message().to_owned())
        } else {
            PgFailure::Other(format!("{} ({})", db.message(), code.code()))
        };
    }
    // The client's own errors keep their detail in their sources ("invalid configuration" →
    // "password missing"): read the whole chain.
    let mut words = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        words = format!("{words}: {s}");
        source = s.source();
    }
    if words.contains("password missing") {
        return PgFailure::NoPassword(user);
    }
    match io_error(e) {
        Some(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => PgFailure::Refused(addr),
        Some(io) => PgFailure::Unreachable(
            addr,
            crate::i18n::current()
                .io_error(io)
                .map_or_else(|| io.to_string(), str::to_owned),
        ),
        // Closed before the server said anything: a proxy or a restarting server between.
        None if e.is_closed() => PgFailure::Unreachable(
            addr,
            crate::i18n::current()
                .pick("koneksi ditutup", "the connection was closed")
                .to_owned(),
        ),
        // A connect time-out is the client's own error, with no I/O error under it.
        None if words.contains("timed out") => PgFailure::Unreachable(
            addr,
            crate::i18n::current()
                .pick("waktu habis", "timed out")
                .to_owned(),
        ),
        None => PgFailure::Other(words),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test that a password never shows in what messages print.
    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redacted("postgres://kuis:rahasia@db.example:5432/hasil"),
            "postgres://kuis@db.example:5432/hasil"
        );
        assert_eq!(
            redacted("postgresql://u@h/d?password=x&sslmode=disable"),
            "postgresql://u@h/d?sslmode=disable"
        );
        assert_eq!(redacted("postgres://h/d"), "postgres://h/d");
        assert_eq!(redacted("postgres://a:b@h"), "postgres://a@h");
    }
}
