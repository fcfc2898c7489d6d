//! The attempt store: an embedded SQLite database, migrated on open, one transaction per
//! attempt, WAL and a busy timeout so a room of learners finishing at once all get saved.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::attempt::Attempt;
use super::filter::Filter;

/// How long a writer waits for another to finish before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The schema, one migration per version. Never edit a shipped migration: add the next one.
const MIGRATIONS: &[&str] = &[
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
];

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused an operation.
    #[error("{path}: {source}")]
    Sql {
        /// The store file.
        path: PathBuf,
        /// SQLite's reason.
        source: rusqlite::Error,
    },
    /// The folder for the store does not exist.
    #[error("{0}: the folder does not exist")]
    NoFolder(PathBuf),
    /// The store was written by a newer kuis.
    #[error("{path}: the store's schema version {found} is newer than this kuis ({known})")]
    Newer {
        /// The store file.
        path: PathBuf,
        /// Its version.
        found: i64,
        /// The newest this kuis knows.
        known: usize,
    },
    /// The store needs an upgrade and cannot be written.
    #[error(
        "{path}: the store needs an upgrade (schema {found} to {known}) but cannot be written; open it once with write access"
    )]
    CannotMigrate {
        /// The store file.
        path: PathBuf,
        /// Its version.
        found: i64,
        /// The newest this kuis knows.
        known: usize,
    },
    /// A stored record does not parse.
    #[error("{path}: a stored attempt is unreadable: {why}")]
    Record {
        /// The store file.
        path: PathBuf,
        /// Why.
        why: String,
    },
}

/// Attach the store's path to a SQLite error.
pub(super) fn at(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + Copy + '_ {
    move |source| StoreError::Sql {
        path: path.to_owned(),
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

/// What saving one attempt did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// It was new and is now stored.
    New,
    /// The same attempt (same id, same content) was already there.
    Same,
    /// Another attempt with the same id is stored; this one was not saved.
    Conflict,
}

/// An open store.
#[derive(Debug)]
pub struct Store {
    pub(super) conn: Connection,
    pub(super) path: PathBuf,
}

impl Store {
    /// Open (creating and migrating as needed) the store at `path`. Its folder must exist.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, BUSY_TIMEOUT)
    }

    /// [`Store::open`] with another busy timeout.
    pub fn open_with(path: &Path, busy_timeout: Duration) -> Result<Store, StoreError> {
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
        let mut store = Store {
            conn,
            path: path.to_owned(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Where the store is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Bring the schema up to date. A store that is up to date is only read, so a read-only
    /// store (an archive, a colleague's copy) can still be reported on and exported.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let sql = at(&self.path);
        let version = self.version().map_err(sql)?;
        if version > MIGRATIONS.len() as i64 {
            return Err(StoreError::Newer {
                path: self.path.clone(),
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
                    path: path.clone(),
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

    /// Save an attempt in one transaction. Returns false when it was already there (same id):
    /// saving is idempotent, so importing the same file twice changes nothing.
    pub fn insert(&mut self, a: &Attempt) -> Result<bool, StoreError> {
        Ok(self.insert_all(std::slice::from_ref(a))? == 1)
    }

    /// Save attempts in one transaction (all or none); returns how many were new.
    pub fn insert_all(&mut self, attempts: &[Attempt]) -> Result<usize, StoreError> {
        let saved = self.insert_batch(attempts)?;
        Ok(saved.iter().filter(|s| **s == Saved::New).count())
    }

    /// Save attempts in one transaction (all or none), saying of each whether it was new,
    /// already there, or in conflict with a stored attempt of the same id but other content
    /// (that one is not saved; the stored one stays).
    pub fn insert_batch(&mut self, attempts: &[Attempt]) -> Result<Vec<Saved>, StoreError> {
        let sql = at(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let saved = insert_in(&tx, &self.path, attempts)?;
        tx.commit().map_err(sql)?;
        Ok(saved)
    }
}

/// Save attempts inside the open transaction `tx` (see [`Store::insert_batch`]); the web
/// front end also calls it in the transaction that saves a quiz's last answer.
pub(super) fn insert_in(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    attempts: &[Attempt],
) -> Result<Vec<Saved>, StoreError> {
    let sql = at(path);
    let mut saved = Vec::with_capacity(attempts.len());
    {
        let mut attempt_row = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO attempts (id, schema, name, nip, unit, bank_id,
                        bank_version, bank_sha256, mode, seed, lang, started, finished,
                        finished_utc, ending, score, max, percent, passed, completed, record,
                        answered, planned, room)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                        ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
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
        for a in attempts {
            let record = serde_json::to_string(a).map_err(|e| StoreError::Record {
                path: path.to_owned(),
                why: e.to_string(),
            })?;
            let id = a.id.to_string();
            let inserted = attempt_row
                .execute(params![
                    id,
                    a.schema,
                    a.participant.name,
                    a.participant.nip,
                    a.participant.unit,
                    a.bank.id,
                    a.bank.version,
                    a.bank.sha256,
                    a.mode,
                    // SQLite integers are signed: the seed is stored by its bits.
                    a.seed as i64,
                    a.lang,
                    a.started,
                    a.finished,
                    a.finished_at().map_or(0, |t| t.as_second()),
                    a.ending,
                    a.score,
                    a.max,
                    a.percent,
                    a.passed,
                    a.completed,
                    record,
                    a.answered as i64,
                    a.planned as i64,
                    a.room,
                ])
                .map_err(sql)?
                == 1;
            if !inserted {
                let stored: String = stored_row
                    .query_row(params![id], |r| r.get(0))
                    .map_err(sql)?;
                let same = serde_json::from_str::<Attempt>(&stored).is_ok_and(|s| s == *a);
                saved.push(if same { Saved::Same } else { Saved::Conflict });
                continue;
            }
            saved.push(Saved::New);
            for (position, answer) in a.answers.iter().enumerate() {
                answer_row
                    .execute(params![
                        id,
                        position as i64,
                        answer.question,
                        answer.topic,
                        answer.kind.as_str(),
                        answer.rules.join(";"),
                        answer.chosen.as_ref().map(|c| c.join(";")),
                        answer.points,
                        answer.max,
                        answer.seconds,
                    ])
                    .map_err(sql)?;
            }
        }
    }
    Ok(saved)
}

impl Store {
    /// Hand the stored attempts that `filter` matches, oldest first, to `visit` as an
    /// iterator, one at a time: a report over 20,000 attempts never holds them all. A record
    /// that cannot be read ends the iteration and is returned as the error.
    pub fn each<R>(
        &self,
        filter: &Filter,
        visit: impl FnOnce(&mut dyn Iterator<Item = Attempt>) -> R,
    ) -> Result<R, StoreError> {
        let sql = at(&self.path);
        let mut stmt = self
            .conn
            .prepare("SELECT record FROM attempts ORDER BY finished_utc, rowid")
            .map_err(sql)?;
        // Each record is parsed straight from SQLite's buffer, without a copy.
        let mut rows = stmt
            .query_map([], |r| {
                let bytes = r.get_ref(0)?.as_bytes().map_err(rusqlite::Error::from)?;
                Ok(serde_json::from_slice::<Attempt>(bytes))
            })
            .map_err(sql)?;
        let mut failure: Option<StoreError> = None;
        let mut attempts = std::iter::from_fn(|| {
            loop {
                let parsed = match rows.next()? {
                    Ok(parsed) => parsed,
                    Err(e) => {
                        failure = Some(sql(e));
                        return None;
                    }
                };
                match parsed {
                    Ok(a) if filter.matches(&a) => return Some(a),
                    Ok(_) => {}
                    Err(e) => {
                        failure = Some(StoreError::Record {
                            path: self.path.clone(),
                            why: e.to_string(),
                        });
                        return None;
                    }
                }
            }
        });
        let result = visit(&mut attempts);
        // The iterator borrows `failure`; it ends here so the failure can be read.
        let _ = attempts;
        match failure {
            Some(e) => Err(e),
            None => Ok(result),
        }
    }

    /// Every stored attempt that `filter` matches, oldest first.
    pub fn attempts(&self, filter: &Filter) -> Result<Vec<Attempt>, StoreError> {
        self.each(filter, |it| it.collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::attempt::tests::sample;

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
        let columns: (i64, i64) = store
            .conn
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
        let err = Store::open(&dir.path().join("nope/s.sqlite")).unwrap_err();
        assert!(matches!(err, StoreError::NoFolder(_)));
    }
}
