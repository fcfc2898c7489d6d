//! The SQLite backend: an embedded file, migrated on open, one transaction per attempt, WAL
//! and a busy timeout so a room of learners finishing at once all get saved. All of its SQL
//! lives here.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::privacy::{Erasure, Removed, SessionBrief};
use super::register::{self, Issued, Revoked};
use super::web::{
    BuildRow, Given, Joined, Room, SESSION_COLUMNS, Sessions, Tally, ToSave, WebAnswer, WebSession,
    grouped, picked_from, picked_text,
};
use super::{Coarse, Records, Row, Saved, StoreError};
use crate::results::attempt::Participant;
use crate::results::filter::Who;

/// The schema, one migration per version. Never edit a shipped migration: add the next one.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: attempts with their full JSON record, and one row per answer for SQL analysis.
    "CREATE TABLE attempts (
        id TEXT PRIMARY KEY,
        schema INTEGER NOT NULL,
        name TEXT, nip TEXT, unit TEXT,
        bank_id TEXT NOT NULL, bank_version TEXT NOT NULL, bank_sha256 TEXT NOT NULL,
        mode TEXT NOT NULL, seed INTEGER NOT NULL, lang TEXT NOT NULL,
        started TEXT NOT NULL, finished TEXT NOT NULL, finished_utc INTEGER NOT NULL,
        ending TEXT NOT NULL,
        score REAL NOT NULL, max REAL NOT NULL, percent REAL NOT NULL,
        passed INTEGER NOT NULL, completed INTEGER NOT NULL,
        record TEXT NOT NULL
    );
    CREATE INDEX attempts_finished ON attempts (finished_utc);
    CREATE INDEX attempts_person ON attempts (nip, name);
    CREATE TABLE answers (
        attempt_id TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        question TEXT NOT NULL, topic TEXT NOT NULL, kind TEXT NOT NULL,
        rules TEXT NOT NULL, chosen TEXT,
        points REAL NOT NULL, max REAL NOT NULL, seconds REAL NOT NULL,
        PRIMARY KEY (attempt_id, position)
    );
    CREATE INDEX answers_question ON answers (question);",
    // 2: attempt schema 2 counts the questions answered and planned; older records listed
    // every planned question, the unanswered ones with no choice, so both counts follow.
    "ALTER TABLE attempts ADD COLUMN answered INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE attempts ADD COLUMN planned INTEGER NOT NULL DEFAULT 0;
    UPDATE attempts SET
        planned = (SELECT count(*) FROM answers WHERE attempt_id = attempts.id),
        answered = (SELECT count(*) FROM answers
            WHERE attempt_id = attempts.id AND chosen IS NOT NULL);
    UPDATE attempts SET schema = 2,
        record = json_set(record, '$.schema', 2, '$.answered', answered, '$.planned', planned)
        WHERE schema < 2;",
    // 3: `kuis serve` keeps everything a participant's browser needs in the store, so any
    // server instance (or the same one after a restart) can answer any request: rooms, web
    // sessions and each answer as it is given. Attempts name their room.
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
        id TEXT PRIMARY KEY,
        room TEXT NOT NULL REFERENCES rooms (name),
        name TEXT, nip TEXT, unit TEXT,
        bank_sha256 TEXT NOT NULL,
        options TEXT NOT NULL,
        seed INTEGER NOT NULL,
        started TEXT NOT NULL,
        started_ms INTEGER NOT NULL,
        deadline_ms INTEGER,
        lang TEXT NOT NULL,
        ending TEXT,
        attempt_id TEXT
    );
    CREATE INDEX web_sessions_room ON web_sessions (room);
    CREATE TABLE web_answers (
        session TEXT NOT NULL REFERENCES web_sessions (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        picked TEXT NOT NULL,
        seconds REAL NOT NULL,
        answered_ms INTEGER NOT NULL,
        PRIMARY KEY (session, position)
    );",
    // 4: personal data (UU 27/2022). One person's attempts are found by an index on the
    // match key of their NIP or name (what `Filter` compares: trimmed of Rust's white space,
    // ASCII lower case; SQLite's lower() is ASCII only); web sessions by the attempt they
    // became. `erasures` records each erasure by date and counts, never whose; `secrets`
    // keeps the key of pseudonymised exports, which no export contains.
    "ALTER TABLE attempts ADD COLUMN nip_key TEXT;
    ALTER TABLE attempts ADD COLUMN name_key TEXT;
    UPDATE attempts SET
        nip_key = lower(trim(nip, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193,
            8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288))),
        name_key = lower(trim(name, char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193,
            8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288)));
    CREATE INDEX attempts_nip_key ON attempts (nip_key);
    CREATE INDEX attempts_name_key ON attempts (name_key);
    CREATE INDEX web_sessions_attempt ON web_sessions (attempt_id);
    CREATE TABLE erasures (
        at TEXT NOT NULL,
        what TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        answers INTEGER NOT NULL,
        web_sessions INTEGER NOT NULL,
        web_answers INTEGER NOT NULL
    );
    CREATE TABLE secrets (
        purpose TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created TEXT NOT NULL
    );",
    // 5: attempts per person in a room (`kuis serve --attempts`): each web session names its
    // person (NIP, else name and unit) and their name and unit alone, and the trainer's
    // grants of one more attempt are kept per person.
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
    // 6: the certificate register: each certificate issued, by its code's hash (no personal
    // fact of its own), and its revocation. No foreign key to the attempt: a code issued from
    // another store can still be revoked here, and erasing an attempt (`kuis forget`,
    // `kuis prune`) only unlinks its certificates (attempt_id NULL), which stay revocable.
    "CREATE TABLE certificates (
        code_hash TEXT PRIMARY KEY,
        attempt_id TEXT,
        key_id TEXT NOT NULL,
        issued TEXT NOT NULL,
        revoked TEXT
    );
    CREATE INDEX certificates_attempt ON certificates (attempt_id);",
];

/// Attach the store's path to a SQLite error.
pub(super) fn at(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + Copy + '_ {
    move |source| StoreError::Sql {
        store: path.display().to_string(),
        source,
    }
}

/// `path` as an SQLite URI opening it read-only and immutable; bytes other than plain ASCII
/// letters, digits and `/._-` are percent-encoded (a `?` or `#` in a folder name).
fn immutable_uri(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/._-".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri + "?mode=ro&immutable=1"
}

/// An open SQLite store.
#[derive(Debug)]
pub(super) struct Sqlite {
    conn: Connection,
    path: PathBuf,
}

impl Sqlite {
    /// Open (creating and migrating as needed) the store at `path`, waiting at most
    /// `busy_timeout` for another writer. Its folder must exist.
    pub(super) fn open(path: &Path, busy_timeout: Duration) -> Result<Sqlite, StoreError> {
        let sql = at(path);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(StoreError::NoFolder(dir.to_owned()));
        }
        let journal = |conn: &Connection| -> rusqlite::Result<String> {
            conn.busy_timeout(busy_timeout)?;
            conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))
        };
        // A new store holds personal data: it is created readable by its owner only (SQLite
        // gives its write-ahead log and shared-memory files the mode of the database file).
        // An existing file keeps the mode its owner gave it.
        {
            use std::os::unix::fs::OpenOptionsExt;
            let _ = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path);
        }
        let mut conn = Connection::open(path).map_err(sql)?;
        // A store in a folder we may not write cannot even be read normally: SQLite cannot
        // create the WAL's shared-memory file. It is then opened read-only and immutable —
        // we cannot change it, and whoever may is not expected to be writing an archive.
        let mut writable = true;
        let mode = match journal(&conn) {
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) => {
                writable = false;
                conn = Connection::open_with_flags(
                    immutable_uri(path),
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX
                        | rusqlite::OpenFlags::SQLITE_OPEN_URI,
                )
                .map_err(sql)?;
                journal(&conn)
            }
            other => other,
        }
        .map_err(sql)?;
        // WAL lets readers work while one learner's attempt is written. Setting it writes
        // the file, so it is set only when not already so.
        if writable && !mode.eq_ignore_ascii_case("wal") {
            match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
                // A read-only file keeps its mode; whether it can be used is up to migrate.
                Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) => {}
                other => {
                    other.map_err(sql)?;
                }
            }
        }
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sql)?;
        // What is deleted (a person `kuis forget` erases) is overwritten, not left in free
        // pages of the file.
        conn.pragma_update(None, "secure_delete", "ON")
            .map_err(sql)?;
        let mut store = Sqlite {
            conn,
            path: path.to_owned(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Bring the schema up to date. A store that is up to date is only read, so a read-only
    /// store (an archive, a colleague's copy) can still be reported on and exported.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let sql = at(&self.path);
        let version = self.version().map_err(sql)?;
        if version > MIGRATIONS.len() as i64 {
            return Err(StoreError::Newer {
                store: self.path.display().to_string(),
                found: version,
                known: MIGRATIONS.len(),
            });
        }
        if version == MIGRATIONS.len() as i64 {
            return Ok(());
        }
        let readonly = self.conn.is_readonly("main").unwrap_or(false);
        let path = self.path.clone();
        let needs = |source: rusqlite::Error| {
            if readonly || source.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) {
                StoreError::CannotMigrate {
                    store: path.display().to_string(),
                    found: version,
                    known: MIGRATIONS.len(),
                }
            } else {
                sql(source)
            }
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(needs)?;
        tx.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            .map_err(needs)?;
        // Read again inside the write lock: another kuis may have migrated meanwhile.
        let version: i64 = tx
            .query_row("SELECT version FROM schema_version", [], |r| r.get(0))
            .optional()
            .map_err(needs)?
            .unwrap_or(0);
        if version >= MIGRATIONS.len() as i64 {
            return Ok(());
        }
        for migration in &MIGRATIONS[version as usize..] {
            tx.execute_batch(migration).map_err(needs)?;
        }
        tx.execute("DELETE FROM schema_version", [])
            .map_err(needs)?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES (?1)",
            params![MIGRATIONS.len() as i64],
        )
        .map_err(needs)?;
        tx.commit().map_err(needs)
    }

    /// The schema version, 0 for a new (empty) store; reads only.
    fn version(&self) -> rusqlite::Result<i64> {
        let exists: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version')",
            [],
            |r| r.get(0),
        )?;
        if !exists {
            return Ok(0);
        }
        Ok(self
            .conn
            .query_row("SELECT version FROM schema_version", [], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    /// Save `rows` in one transaction (all or none), saying of each what saving did.
    pub(super) fn insert_batch(&mut self, rows: &[Row<'_>]) -> Result<Vec<Saved>, StoreError> {
        let sql = at(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let saved = insert_in(&tx, &self.path, rows)?;
        tx.commit().map_err(sql)?;
        Ok(saved)
    }

    /// Hand every stored record, oldest first, to `each` as it is read: SQLite steps
    /// through the rows, so only one record is in memory at a time.
    pub(super) fn records(
        &self,
        coarse: &Coarse,
        each: &mut dyn FnMut(&mut Records<'_>),
    ) -> Result<(), StoreError> {
        let sql = at(&self.path);
        let (query, key) = records_query(coarse);
        let mut stmt = self.conn.prepare(&query).map_err(sql)?;
        // The bank ids as one JSON array: SQLite binds no lists.
        let banks = serde_json::Value::from(coarse.banks.clone()).to_string();
        // Each record is parsed straight from SQLite's buffer, without a copy.
        let rows = stmt
            .query_map(
                params![banks, coarse.since, coarse.until, coarse.room, key],
                |r| {
                    let bytes = r.get_ref(0)?.as_bytes().map_err(rusqlite::Error::from)?;
                    Ok(serde_json::from_slice::<super::Attempt>(bytes))
                },
            )
            .map_err(sql)?;
        each(&mut rows.map(|row| row.map_err(sql)));
        Ok(())
    }

    /// How SQLite reads what `coarse` selects (`EXPLAIN QUERY PLAN`), one step a line.
    pub(super) fn plan(&self, coarse: &Coarse) -> Result<String, StoreError> {
        let sql = at(&self.path);
        let (query, key) = records_query(coarse);
        let banks = serde_json::Value::from(coarse.banks.clone()).to_string();
        let mut stmt = self
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {query}"))
            .map_err(sql)?;
        let steps = stmt
            .query_map(
                params![banks, coarse.since, coarse.until, coarse.room, key],
                |r| r.get::<_, String>(3),
            )
            .map_err(sql)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sql)?;
        Ok(steps.join("\n"))
    }

    /// Whether the file can be read now.
    pub(super) fn ping(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM schema_version", [], |_| Ok(()))
            .map_err(at(&self.path))
    }

    /// How many attempts are stored.
    pub(super) fn count(&self) -> Result<u64, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM attempts", [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(at(&self.path))
    }
}

/// The query of the records `coarse` selects, oldest first, and the person's key it binds as
/// `?5`. One person is found by the index on their key: a plain equality, so that the
/// planner uses it (an `?5 IS NULL OR …` would read the whole table).
fn records_query(coarse: &Coarse) -> (String, Option<&String>) {
    let (person, key) = match &coarse.who {
        Some(Who::Nip(key)) => ("nip_key = ?5", Some(key)),
        Some(Who::Name(key)) => ("name_key = ?5", Some(key)),
        None => ("?5 IS NULL", None),
    };
    (
        format!(
            "SELECT record FROM attempts
             WHERE (?1 = '[]' OR bank_id IN (SELECT value FROM json_each(?1)))
                AND (?2 IS NULL OR finished_utc >= ?2)
                AND (?3 IS NULL OR finished_utc <= ?3)
                AND (?4 IS NULL OR room = ?4)
                AND {person}
             ORDER BY finished_utc, rowid"
        ),
        key,
    )
}

/// The certificate register's operations (see [`super::register`]).
impl Sqlite {
    pub(super) fn record_certificates(&mut self, issued: &[Issued]) -> Result<(), StoreError> {
        let sql = at(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        {
            let mut insert = tx
                .prepare_cached(&format!(
                    "INSERT OR IGNORE INTO certificates ({}) VALUES (?1, ?2, ?3, ?4, ?5)",
                    register::COLUMNS
                ))
                .map_err(sql)?;
            for c in issued {
                insert
                    .execute(params![
                        c.code_hash,
                        c.attempt,
                        c.key_id,
                        c.issued,
                        c.revoked
                    ])
                    .map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)
    }

    pub(super) fn revoke_certificate(
        &mut self,
        c: &Issued,
        when: &str,
    ) -> Result<Revoked, StoreError> {
        let sql = at(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let before: Option<Option<String>> = tx
            .query_row(
                "SELECT revoked FROM certificates WHERE code_hash = ?1",
                params![c.code_hash],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql)?;
        let done = match before {
            Some(Some(at)) => Revoked::Already(at),
            Some(None) => {
                tx.execute(
                    "UPDATE certificates SET revoked = ?2 WHERE code_hash = ?1",
                    params![c.code_hash, when],
                )
                .map_err(sql)?;
                Revoked::Now
            }
            None => {
                tx.execute(
                    &format!(
                        "INSERT INTO certificates ({}) VALUES (?1, ?2, ?3, ?4, ?5)",
                        register::COLUMNS
                    ),
                    params![c.code_hash, c.attempt, c.key_id, c.issued, when],
                )
                .map_err(sql)?;
                Revoked::Now
            }
        };
        tx.commit().map_err(sql)?;
        Ok(done)
    }

    pub(super) fn certificate(&self, code_hash: &str) -> Result<Option<Issued>, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {} FROM certificates WHERE code_hash = ?1",
                register::COLUMNS
            ))
            .and_then(|mut s| s.query_row(params![code_hash], issued_row).optional())
            .map_err(at(&self.path))
    }

    /// The register's entries, oldest first: all of them, or one attempt's (by its index).
    pub(super) fn certificates(&self, attempt: Option<&str>) -> Result<Vec<Issued>, StoreError> {
        let filter = if attempt.is_some() {
            "WHERE attempt_id = ?1"
        } else {
            ""
        };
        self.conn
            .prepare_cached(&format!(
                "SELECT {} FROM certificates {filter} ORDER BY issued, rowid",
                register::COLUMNS
            ))
            .and_then(|mut s| {
                s.query_map(rusqlite::params_from_iter(attempt), issued_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(at(&self.path))
    }

    pub(super) fn record(&self, id: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .prepare_cached("SELECT record FROM attempts WHERE id = ?1")
            .and_then(|mut s| s.query_row(params![id], |r| r.get(0)).optional())
            .map_err(at(&self.path))
    }
}

fn issued_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Issued> {
    Ok(Issued {
        code_hash: r.get(0)?,
        attempt: r.get(1)?,
        key_id: r.get(2)?,
        issued: r.get(3)?,
        revoked: r.get(4)?,
    })
}

/// `kuis serve`'s operations (see [`super::web`]).
impl Sqlite {
    pub(super) fn create_room(
        &mut self,
        name: &str,
        secret: &str,
        token: &str,
        created: &str,
    ) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO rooms (name, secret, token, created) VALUES (?1, ?2, ?3, ?4)",
                params![name, secret, token, created],
            )
            .map(|_| ())
            .map_err(at(&self.path))
    }

    pub(super) fn room(&self, name: &str) -> Result<Option<Room>, StoreError> {
        self.conn
            .prepare_cached("SELECT name, secret, token, closed FROM rooms WHERE name = ?1")
            .and_then(|mut s| {
                s.query_row(params![name], |r| {
                    Ok(Room {
                        name: r.get(0)?,
                        secret: r.get(1)?,
                        token: r.get(2)?,
                        closed: r.get(3)?,
                    })
                })
                .optional()
            })
            .map_err(at(&self.path))
    }

    pub(super) fn close_room(&mut self, name: &str, when: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE rooms SET closed = ?2 WHERE name = ?1 AND closed IS NULL",
                params![name, when],
            )
            .map(|_| ())
            .map_err(at(&self.path))
    }

    pub(super) fn join_web_session(
        &mut self,
        s: &WebSession,
        attempts: Option<u32>,
    ) -> Result<Joined, StoreError> {
        let sql = at(&self.path);
        // Immediate: the write lock is taken first, so the count is still true at the insert.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        if let Some(n) = attempts {
            tx.execute(
                "UPDATE web_sessions SET ending = 'interrupted'
                 WHERE room = ?1 AND (person = ?2 OR alias = ?3) AND ending IS NULL
                    AND NOT EXISTS (SELECT 1 FROM web_answers WHERE session = web_sessions.id)",
                params![s.room, s.person, s.alias],
            )
            .map_err(sql)?;
            let t = tally_in(&tx, &s.room, &s.person, &s.alias).map_err(sql)?;
            let allowed = n.saturating_add(t.granted);
            if t.used >= allowed {
                return Ok(Joined::Used {
                    used: t.used,
                    allowed,
                });
            }
        }
        tx.prepare_cached(&format!(
            "INSERT INTO web_sessions ({SESSION_COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
        ))
        .and_then(|mut stmt| {
            stmt.execute(params![
                s.id,
                s.room,
                s.participant.name,
                s.participant.nip,
                s.participant.unit,
                s.bank_sha256,
                s.options,
                s.seed as i64,
                s.started,
                s.started_ms,
                s.deadline_ms,
                s.lang,
                s.ending,
                s.attempt_id,
                s.person,
                s.alias,
            ])
        })
        .map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(Joined::Started)
    }

    pub(super) fn tally(&self, room: &str, person: &str, alias: &str) -> Result<Tally, StoreError> {
        tally_in(&self.conn, room, person, alias).map_err(at(&self.path))
    }

    pub(super) fn grant_attempt(&mut self, room: &str, person: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO web_people (room, person, granted) VALUES (?1, ?2, 1)
                 ON CONFLICT (room, person) DO UPDATE SET granted = granted + 1",
                params![room, person],
            )
            .map(|_| ())
            .map_err(at(&self.path))
    }

    pub(super) fn web_session(
        &self,
        id: &str,
    ) -> Result<Option<(WebSession, Vec<WebAnswer>)>, StoreError> {
        session_in(&self.conn, id).map_err(at(&self.path))
    }

    pub(super) fn room_sessions(&self, room: &str) -> Result<Sessions, StoreError> {
        let sql = at(&self.path);
        let sessions = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SESSION_COLUMNS} FROM web_sessions WHERE room = ?1
                 ORDER BY started_ms, rowid"
            ))
            .and_then(|mut s| {
                s.query_map(params![room], session_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(sql)?;
        let answers = self
            .conn
            .prepare_cached(
                "SELECT a.session, a.position, a.picked, a.seconds, a.answered_ms
                 FROM web_answers a JOIN web_sessions s ON s.id = a.session
                 WHERE s.room = ?1 ORDER BY a.session, a.position",
            )
            .and_then(|mut s| {
                s.query_map(params![room], answer_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(sql)?;
        Ok(grouped(sessions, answers))
    }

    pub(super) fn room_pulse(&self, room: &str) -> Result<i64, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT (SELECT count(*) FROM web_sessions WHERE room = ?1)
                      + (SELECT count(*) FROM web_sessions WHERE room = ?1 AND ending IS NOT NULL)
                      + (SELECT count(*) FROM web_answers a JOIN web_sessions s ON s.id = a.session
                         WHERE s.room = ?1)
                      + (SELECT count(*) FROM rooms WHERE name = ?1 AND closed IS NOT NULL)",
            )
            .and_then(|mut s| s.query_row(params![room], |r| r.get(0)))
            .map_err(at(&self.path))
    }

    /// Save a batch of answers in one immediate transaction: the write lock is taken first,
    /// so each session's ending read is still true when its answer is written.
    pub(super) fn save_web_answers(
        &mut self,
        batch: &[(&ToSave, Option<&Row<'_>>)],
    ) -> Result<Vec<Given>, StoreError> {
        let sql = at(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let given = batch
            .iter()
            .map(|(one, finished)| answer_in(&tx, &self.path, one, *finished))
            .collect::<Result<Vec<_>, _>>()?;
        tx.commit().map_err(sql)?;
        Ok(given)
    }

    pub(super) fn end_web_session(
        &mut self,
        session: &str,
        ending: &str,
        build: &mut BuildRow<'_>,
    ) -> Result<bool, StoreError> {
        let sql = at(&self.path);
        // Immediate: the write lock is held from the first read, so no answer is kept
        // between reading the answers and ending the session.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let Some((row, answers)) = session_in(&tx, session).map_err(sql)? else {
            return Ok(false);
        };
        if row.ending.is_some() {
            return Ok(false);
        }
        let attempt = build(&row, &answers)?;
        let attempt = attempt
            .as_ref()
            .map(|a| Row::new(a, &self.path.display()))
            .transpose()?;
        let ended = end_in(&tx, &self.path, session, ending, attempt.as_ref())?;
        tx.commit().map_err(sql)?;
        Ok(ended)
    }
}

/// The attempts of `person` or `alias` in `room`: quizzes with an answer, and grants.
fn tally_in(conn: &Connection, room: &str, person: &str, alias: &str) -> rusqlite::Result<Tally> {
    conn.prepare_cached(
        "SELECT
            (SELECT count(*) FROM web_sessions s WHERE s.room = ?1
                AND (s.person = ?2 OR s.alias = ?3)
                AND EXISTS (SELECT 1 FROM web_answers a WHERE a.session = s.id)),
            (SELECT coalesce(max(granted), 0) FROM web_people WHERE room = ?1 AND person = ?2)",
    )?
    .query_row(params![room, person, alias], |r| {
        Ok(Tally {
            used: r.get::<_, i64>(0)? as u32,
            granted: r.get::<_, i64>(1)? as u32,
        })
    })
}

/// The session `id` with its answers, read on `conn` (inside a transaction when ending).
fn session_in(
    conn: &Connection,
    id: &str,
) -> rusqlite::Result<Option<(WebSession, Vec<WebAnswer>)>> {
    let session = conn
        .prepare_cached(&format!(
            "SELECT {SESSION_COLUMNS} FROM web_sessions WHERE id = ?1"
        ))?
        .query_row(params![id], session_row)
        .optional()?;
    let Some(session) = session else {
        return Ok(None);
    };
    let answers = conn
        .prepare_cached(
            "SELECT session, position, picked, seconds, answered_ms FROM web_answers
             WHERE session = ?1 ORDER BY position",
        )?
        .query_map(params![id], answer_row)?
        .map(|r| r.map(|(_, a)| a))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some((session, answers)))
}

/// Personal data: erasure, the register, the pseudonym key (see [`super::privacy`]).
impl Sqlite {
    pub(super) fn person_attempts(
        &self,
        key: &Who,
    ) -> Result<Vec<(String, Participant)>, StoreError> {
        let (column, key) = match key {
            Who::Nip(k) => ("nip_key", k),
            Who::Name(k) => ("name_key", k),
        };
        self.conn
            .prepare(&format!(
                "SELECT id, name, nip, unit FROM attempts WHERE {column} = ?1"
            ))
            .and_then(|mut s| {
                s.query_map(params![key], |r| {
                    Ok((
                        r.get(0)?,
                        Participant {
                            name: r.get(1)?,
                            nip: r.get(2)?,
                            unit: r.get(3)?,
                        },
                    ))
                })?
                .collect()
            })
            .map_err(at(&self.path))
    }

    pub(super) fn attempts_before(&self, second: i64) -> Result<Vec<String>, StoreError> {
        self.conn
            .prepare("SELECT id FROM attempts WHERE finished_utc < ?1")
            .and_then(|mut s| s.query_map(params![second], |r| r.get(0))?.collect())
            .map_err(at(&self.path))
    }

    pub(super) fn web_session_briefs(&self) -> Result<Vec<SessionBrief>, StoreError> {
        self.conn
            .prepare(
                "SELECT id, name, nip, unit, room, started_ms, ending IS NOT NULL, attempt_id
                 FROM web_sessions",
            )
            .and_then(|mut s| {
                s.query_map([], |r| {
                    Ok(SessionBrief {
                        id: r.get(0)?,
                        participant: Participant {
                            name: r.get(1)?,
                            nip: r.get(2)?,
                            unit: r.get(3)?,
                        },
                        room: r.get(4)?,
                        started_ms: r.get(5)?,
                        ended: r.get(6)?,
                        attempt_id: r.get(7)?,
                    })
                })?
                .collect()
            })
            .map_err(at(&self.path))
    }

    pub(super) fn closed_rooms(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.conn
            .prepare("SELECT name, closed FROM rooms WHERE closed IS NOT NULL")
            .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .map_err(at(&self.path))
    }

    /// Count the rows of `attempts` and `sessions`; when `record` is given (its time and
    /// what), delete them and register the erasure in one transaction. `secure_delete` (set
    /// on open) overwrites what is deleted, and the write-ahead log, which still holds the
    /// pages as they were, is emptied afterwards.
    pub(super) fn remove(
        &mut self,
        attempts: &[String],
        sessions: &[String],
        record: Option<(&str, &str)>,
    ) -> Result<Removed, StoreError> {
        let sql = at(&self.path);
        // SQLite binds no lists: the ids as one JSON array each.
        let attempts = serde_json::Value::from(attempts.to_vec()).to_string();
        let sessions = serde_json::Value::from(sessions.to_vec()).to_string();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let count = |query: &str, ids: &str| -> rusqlite::Result<u64> {
            tx.query_row(
                &format!("{query} IN (SELECT value FROM json_each(?1))"),
                params![ids],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as u64)
        };
        let removed = Removed {
            attempts: count("SELECT count(*) FROM attempts WHERE id", &attempts).map_err(sql)?,
            answers: count("SELECT count(*) FROM answers WHERE attempt_id", &attempts)
                .map_err(sql)?,
            web_sessions: count("SELECT count(*) FROM web_sessions WHERE id", &sessions)
                .map_err(sql)?,
            web_answers: count("SELECT count(*) FROM web_answers WHERE session", &sessions)
                .map_err(sql)?,
        };
        let Some((when, what)) = record else {
            return Ok(removed);
        };
        // The trainer's grants name the person (NIP, or name and unit): they go with them.
        tx.execute(
            "DELETE FROM web_people WHERE EXISTS (SELECT 1 FROM web_sessions s
                WHERE s.id IN (SELECT value FROM json_each(?1)) AND s.room = web_people.room
                    AND web_people.person IN (s.person, s.alias))",
            params![sessions],
        )
        .map_err(sql)?;
        tx.execute(
            "DELETE FROM web_sessions WHERE id IN (SELECT value FROM json_each(?1))",
            params![sessions],
        )
        .map_err(sql)?;
        tx.execute(
            "DELETE FROM attempts WHERE id IN (SELECT value FROM json_each(?1))",
            params![attempts],
        )
        .map_err(sql)?;
        // Certificates of erased attempts stay in the register (revocable, and "issued here"
        // to a verifier holding the code) but no longer name the attempt.
        tx.execute(
            "UPDATE certificates SET attempt_id = NULL
             WHERE attempt_id IN (SELECT value FROM json_each(?1))",
            params![attempts],
        )
        .map_err(sql)?;
        tx.execute(
            "INSERT INTO erasures (at, what, attempts, answers, web_sessions, web_answers)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                when,
                what,
                removed.attempts as i64,
                removed.answers as i64,
                removed.web_sessions as i64,
                removed.web_answers as i64
            ],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)?;
        // Best effort: a reader still on an old snapshot keeps the log until it is done;
        // the next checkpoint then overwrites it.
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        Ok(removed)
    }

    pub(super) fn erasures(&self) -> Result<Vec<Erasure>, StoreError> {
        self.conn
            .prepare(
                "SELECT at, what, attempts, answers, web_sessions, web_answers FROM erasures
                 ORDER BY rowid",
            )
            .and_then(|mut s| {
                s.query_map([], |r| {
                    Ok(Erasure {
                        at: r.get(0)?,
                        what: r.get(1)?,
                        removed: Removed {
                            attempts: r.get::<_, i64>(2)? as u64,
                            answers: r.get::<_, i64>(3)? as u64,
                            web_sessions: r.get::<_, i64>(4)? as u64,
                            web_answers: r.get::<_, i64>(5)? as u64,
                        },
                    })
                })?
                .collect()
            })
            .map_err(at(&self.path))
    }

    /// The secret kept for `purpose`, created as `fresh` when there is none.
    pub(super) fn secret(
        &mut self,
        purpose: &str,
        fresh: &str,
        created: &str,
    ) -> Result<String, StoreError> {
        let sql = at(&self.path);
        self.conn
            .execute(
                "INSERT OR IGNORE INTO secrets (purpose, value, created) VALUES (?1, ?2, ?3)",
                params![purpose, fresh, created],
            )
            .map_err(sql)?;
        self.conn
            .query_row(
                "SELECT value FROM secrets WHERE purpose = ?1",
                params![purpose],
                |r| r.get(0),
            )
            .map_err(sql)
    }
}

fn session_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<WebSession> {
    Ok(WebSession {
        id: r.get(0)?,
        room: r.get(1)?,
        participant: Participant {
            name: r.get(2)?,
            nip: r.get(3)?,
            unit: r.get(4)?,
        },
        bank_sha256: r.get(5)?,
        options: r.get(6)?,
        // SQLite integers are signed: the seed is stored by its bits.
        seed: r.get::<_, i64>(7)? as u64,
        started: r.get(8)?,
        started_ms: r.get(9)?,
        deadline_ms: r.get(10)?,
        lang: r.get(11)?,
        ending: r.get(12)?,
        attempt_id: r.get(13)?,
        person: r.get(14)?,
        alias: r.get(15)?,
    })
}

fn answer_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, WebAnswer)> {
    Ok((
        r.get(0)?,
        WebAnswer {
            position: r.get::<_, i64>(1)? as usize,
            picked: picked_from(r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?),
            seconds: r.get(3)?,
            answered_ms: r.get(4)?,
        },
    ))
}

/// Save one answer inside `tx` (see [`super::Store::save_web_answer`]).
fn answer_in(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    one: &ToSave,
    finished: Option<&Row<'_>>,
) -> Result<Given, StoreError> {
    let sql = at(path);
    let ended: Option<Option<String>> = tx
        .prepare_cached("SELECT ending FROM web_sessions WHERE id = ?1")
        .and_then(|mut s| s.query_row(params![one.session], |r| r.get(0)).optional())
        .map_err(sql)?;
    if !matches!(ended, Some(None)) {
        return Ok(Given::Ended);
    }
    let inserted = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO web_answers (session, position, picked, seconds, answered_ms)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .and_then(|mut s| {
            s.execute(params![
                one.session,
                one.answer.position as i64,
                picked_text(&one.answer.picked),
                one.answer.seconds,
                one.answer.answered_ms
            ])
        })
        .map_err(sql)?;
    if inserted == 0 {
        return Ok(Given::Again);
    }
    if let Some(row) = finished {
        end_in(tx, path, &one.session, &row.attempt.ending, Some(row))?;
    }
    Ok(Given::Saved)
}

/// Mark `session` ended and save its attempt, inside `tx`; false when it had already ended.
fn end_in(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    session: &str,
    ending: &str,
    attempt: Option<&Row<'_>>,
) -> Result<bool, StoreError> {
    let changed = tx
        .execute(
            "UPDATE web_sessions SET ending = ?2, attempt_id = ?3 WHERE id = ?1 AND ending IS NULL",
            params![session, ending, attempt.map(|a| a.id.as_str())],
        )
        .map_err(at(path))?;
    if changed == 0 {
        return Ok(false);
    }
    if let Some(row) = attempt {
        insert_in(tx, path, std::slice::from_ref(row))?;
    }
    Ok(true)
}

/// Save `rows` inside the open transaction `tx` (see [`Sqlite::insert_batch`]); `kuis serve`
/// also saves a quiz's attempt in the transaction that keeps its last answer.
fn insert_in(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    rows: &[Row<'_>],
) -> Result<Vec<Saved>, StoreError> {
    let sql = at(path);
    let mut saved = Vec::with_capacity(rows.len());
    let mut attempt_row = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO attempts (id, schema, name, nip, unit, bank_id,
                bank_version, bank_sha256, mode, seed, lang, started, finished,
                finished_utc, ending, score, max, percent, passed, completed, record,
                answered, planned, room, nip_key, name_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
        )
        .map_err(sql)?;
    let mut answer_row = tx
        .prepare_cached(
            "INSERT INTO answers (attempt_id, position, question, topic, kind, rules,
                chosen, points, max, seconds)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )
        .map_err(sql)?;
    let mut stored_row = tx
        .prepare_cached("SELECT record FROM attempts WHERE id = ?1")
        .map_err(sql)?;
    for row in rows {
        let a = row.attempt;
        let inserted = attempt_row
            .execute(params![
                row.id,
                a.schema,
                a.participant.name,
                a.participant.nip,
                a.participant.unit,
                a.bank.id,
                a.bank.version,
                a.bank.sha256,
                a.mode,
                row.seed,
                a.lang,
                a.started,
                a.finished,
                row.finished_utc,
                a.ending,
                a.score,
                a.max,
                a.percent,
                a.passed,
                a.completed,
                row.record,
                a.answered as i64,
                a.planned as i64,
                a.room,
                row.nip_key,
                row.name_key,
            ])
            .map_err(sql)?
            == 1;
        if !inserted {
            let stored: String = stored_row
                .query_row(params![row.id], |r| r.get(0))
                .map_err(sql)?;
            saved.push(row.verdict(&stored));
            continue;
        }
        saved.push(Saved::New);
        for (position, answer) in row.answers.iter().enumerate() {
            answer_row
                .execute(params![
                    row.id,
                    position as i64,
                    answer.question,
                    answer.topic,
                    answer.kind,
                    answer.rules,
                    answer.chosen,
                    answer.points,
                    answer.max,
                    answer.seconds,
                ])
                .map_err(sql)?;
        }
    }
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::attempt::tests::sample;
    use crate::results::filter::Filter;
    use crate::results::store::Store;

    // Test that a new store is created and migrated, and that saving twice saves once.
    #[test]
    fn create_migrate_insert_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite");
        let mut store = Store::open(&path).unwrap();
        let a = sample("Siti", 0.5);
        assert!(store.insert(&a).unwrap());
        assert!(!store.insert(&a).unwrap());
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.attempts(&Filter::default()).unwrap().len(), 1);
        assert_eq!(store.attempts(&Filter::default()).unwrap(), vec![a]);
    }

    // Test that a store written by the first schema (attempt records of schema 1, one with an
    // unanswered question) opens, is migrated, and reads with both counts.
    #[test]
    fn migrates_a_schema_1_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite");
        let mut a = sample("Siti", 1.0);
        let mut unanswered = a.answers[0].clone();
        unanswered.question = "q2".into();
        unanswered.chosen = None;
        unanswered.points = 0.0;
        a.answers.push(unanswered);
        a.completed = false;
        let mut record = serde_json::to_value(&a).unwrap();
        let object = record.as_object_mut().unwrap();
        object.remove("answered");
        object.remove("planned");
        object.insert("schema".into(), 1.into());
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.execute_batch(
                "CREATE TABLE schema_version (version INTEGER NOT NULL);
                 INSERT INTO schema_version VALUES (1);",
            )
            .unwrap();
            conn.execute(
                "INSERT INTO attempts (id, schema, name, bank_id, bank_version, bank_sha256,
                    mode, seed, lang, started, finished, finished_utc, ending, score, max,
                    percent, passed, completed, record)
                 VALUES (?1, 1, 'Siti', 'b', '1', '', 'practice', 1, 'id', ?2, ?3, 0,
                    'interrupted', 1, 2, 50, 0, 0, ?4)",
                params![a.id.to_string(), a.started, a.finished, record.to_string()],
            )
            .unwrap();
            for (position, q, chosen) in [(0, "q1", Some("a")), (1, "q2", None)] {
                conn.execute(
                    "INSERT INTO answers VALUES (?1, ?2, ?3, 't', 'single', 'R01', ?4, 0, 1, 0)",
                    params![a.id.to_string(), position, q, chosen],
                )
                .unwrap();
            }
        }
        let store = Store::open(&path).unwrap();
        let read = store.attempts(&Filter::default()).unwrap();
        assert_eq!(read.len(), 1);
        assert_eq!(
            (read[0].schema, read[0].answered, read[0].planned),
            (2, 1, 2)
        );
        let columns: (i64, i64) = Connection::open(&path)
            .unwrap()
            .query_row("SELECT answered, planned FROM attempts", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(columns, (1, 2));
    }

    // Test that a missing folder is a clear error, not a crash or a silent mkdir.
    #[test]
    fn missing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let err = Store::open(dir.path().join("nope/s.sqlite")).unwrap_err();
        assert!(matches!(err, StoreError::NoFolder(_)));
    }
}
