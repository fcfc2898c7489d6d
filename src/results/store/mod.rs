//! The attempt store: one interface, two backends. An embedded SQLite file is the default (one
//! trainer, one laptop, nothing to set up); a PostgreSQL database, named by a `postgres://`
//! URL, keeps an organisation's results in one place. Commands hold a [`Store`] and never
//! know which backend they talk to. Each backend keeps its own SQL (schema, migrations,
//! queries) in its own file; what both share — the row values of an attempt, the verdict on
//! a stored twin, the filtered stream of records — lives here, once.

mod postgres;
pub mod privacy;
pub mod register;
mod sqlite;
pub mod web;

use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::attempt::Attempt;
use super::filter::{Filter, Who, match_key};
use crate::i18n::Lang;

pub use postgres::PgFailure;

/// How long a writer waits for another to finish (SQLite's busy timeout), and how long
/// connecting to PostgreSQL may take, before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Where a store is: a SQLite file, or a PostgreSQL database by its URL.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file (created on first use; its folder must exist).
    File(PathBuf),
    /// A PostgreSQL connection URL, `postgres://user[:password]@host[:port]/database`.
    Postgres(String),
}

impl Location {
    /// A `--store` value: a `postgres://` or `postgresql://` URL names a database, anything
    /// else is a path.
    pub fn parse(value: &OsStr) -> Location {
        match value.to_str() {
            Some(text)
                if ["postgres://", "postgresql://"].iter().any(|scheme| {
                    text.get(..scheme.len())
                        .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
                }) =>
            {
                Location::Postgres(text.to_owned())
            }
            _ => Location::File(PathBuf::from(value)),
        }
    }

    /// Whether this is a PostgreSQL database.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Location::Postgres(_))
    }
}

impl From<&Path> for Location {
    fn from(path: &Path) -> Location {
        Location::parse(path.as_os_str())
    }
}

impl From<PathBuf> for Location {
    fn from(path: PathBuf) -> Location {
        Location::parse(path.as_os_str())
    }
}

impl From<&PathBuf> for Location {
    fn from(path: &PathBuf) -> Location {
        Location::parse(path.as_os_str())
    }
}

impl From<&str> for Location {
    fn from(text: &str) -> Location {
        Location::parse(OsStr::new(text))
    }
}

/// The location as messages name it: the path, or the URL without its password (messages
/// end up in terminals, logs and screenshots).
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => f.write_str(&postgres::redacted(url)),
        }
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Location({self})")
    }
}

/// What can go wrong with the store. Every variant names the store (a PostgreSQL URL
/// without its password) and reads in the UI language through [`StoreError::message`].
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused an operation.
    #[error("{}", self.message(Lang::En))]
    Sql {
        /// The store.
        store: String,
        /// SQLite's reason.
        source: rusqlite::Error,
    },
    /// The folder for the store does not exist.
    #[error("{}", self.message(Lang::En))]
    NoFolder(PathBuf),
    /// The store was written by a newer kuis.
    #[error("{}", self.message(Lang::En))]
    Newer {
        /// The store.
        store: String,
        /// Its version.
        found: i64,
        /// The newest this kuis knows.
        known: usize,
    },
    /// The store needs an upgrade and cannot be written.
    #[error("{}", self.message(Lang::En))]
    CannotMigrate {
        /// The store.
        store: String,
        /// Its version.
        found: i64,
        /// The newest this kuis knows.
        known: usize,
    },
    /// A stored record does not parse.
    #[error("{}", self.message(Lang::En))]
    Record {
        /// The store.
        store: String,
        /// Why.
        why: String,
    },
    /// PostgreSQL could not be reached or refused us.
    #[error("{}", self.message(Lang::En))]
    Connect {
        /// The database, without its password.
        store: String,
        /// What went wrong.
        why: PgFailure,
    },
    /// PostgreSQL refused an operation once connected.
    #[error("{}", self.message(Lang::En))]
    Postgres {
        /// The database, without its password.
        store: String,
        /// The server's (or the connection's) reason.
        source: ::postgres::Error,
    },
}

impl StoreError {
    /// Whether the database cannot be reached now but may be again soon: the connection was
    /// lost or cut, the server refused or could not take a connection, is restarting, or an
    /// administrator ended kuis's connection. Not a refusal that trying again cannot change
    /// (a wrong password, a missing database, a constraint, a newer schema).
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Connect { why, .. } => matches!(
                why,
                PgFailure::Refused(_) | PgFailure::Unreachable(..) | PgFailure::Busy(_)
            ),
            StoreError::Postgres { source, .. } => postgres::is_lost(source),
            _ => false,
        }
    }

    /// The error in words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            // SQLite's own words are the useful part (tests and people search for them).
            StoreError::Sql { store, source } => format!("{store}: {source}"),
            StoreError::NoFolder(dir) => lang.pick(
                format!("{}: folder ini tidak ada", dir.display()),
                format!("{}: the folder does not exist", dir.display()),
            ),
            StoreError::Newer {
                store,
                found,
                known,
            } => lang.pick(
                format!(
                    "{store}: versi skema penyimpanan ({found}) lebih baru daripada kuis ini ({known}); perbarui kuis"
                ),
                format!(
                    "{store}: the store's schema version {found} is newer than this kuis ({known}); update kuis"
                ),
            ),
            StoreError::CannotMigrate {
                store,
                found,
                known,
            } => lang.pick(
                format!(
                    "{store}: penyimpanan perlu ditingkatkan (skema {found} ke {known}) tetapi tidak dapat ditulis; buka sekali dengan hak tulis"
                ),
                format!(
                    "{store}: the store needs an upgrade (schema {found} to {known}) but cannot be written; open it once with write access"
                ),
            ),
            StoreError::Record { store, why } => lang.pick(
                format!("{store}: sebuah percobaan tersimpan tidak dapat dibaca: {why}"),
                format!("{store}: a stored attempt is unreadable: {why}"),
            ),
            StoreError::Connect { store, why } => format!("{store}: {}", why.message(lang)),
            StoreError::Postgres { store, source } => {
                format!("{store}: {}", postgres::describe(source, lang))
            }
        }
    }
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

/// An open store. `Send`, so `kuis serve` can hand it to a `spawn_blocking` thread.
#[derive(Debug)]
pub struct Store {
    db: Db,
    location: Location,
}

// `kuis serve` moves stores onto `spawn_blocking` threads: a backend that is not `Send`
// fails to compile here, not there.
const _: fn() = || {
    fn send<T: Send>() {}
    send::<Store>();
};

/// The backend behind a [`Store`]. A new store operation is a method on each backend and one
/// `match` in [`Store`]; its SQL stays in the backend's file.
#[derive(Debug)]
enum Db {
    Sqlite(sqlite::Sqlite),
    /// Boxed: a client with its runtime is large, and stores are moved whole.
    Postgres(Box<postgres::Postgres>),
}

impl Store {
    /// Open (creating and migrating as needed) the store at `location`: a SQLite file (its
    /// folder must exist) or a PostgreSQL database (which must exist).
    pub fn open(location: impl Into<Location>) -> Result<Store, StoreError> {
        Store::open_with(location, BUSY_TIMEOUT)
    }

    /// [`Store::open`] with another busy timeout (SQLite) or connect timeout (PostgreSQL).
    pub fn open_with(
        location: impl Into<Location>,
        timeout: Duration,
    ) -> Result<Store, StoreError> {
        let location = location.into();
        let db = match &location {
            Location::File(path) => Db::Sqlite(sqlite::Sqlite::open(path, timeout)?),
            Location::Postgres(url) => {
                Db::Postgres(Box::new(postgres::Postgres::open(url, timeout)?))
            }
        };
        Ok(Store { db, location })
    }

    /// Where the store is.
    pub fn location(&self) -> &Location {
        &self.location
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
        let rows = attempts
            .iter()
            .map(|a| Row::new(a, &self.location))
            .collect::<Result<Vec<_>, _>>()?;
        match &mut self.db {
            Db::Sqlite(db) => db.insert_batch(&rows),
            Db::Postgres(db) => db.insert_batch(&rows),
        }
    }

    /// Hand the stored attempts that `filter` matches, oldest first, to `visit` as an
    /// iterator, one at a time: a report over 20,000 attempts never holds them all (SQLite
    /// steps through its rows, PostgreSQL reads a server-side cursor in small batches). A
    /// record that cannot be read ends the iteration and is returned as the error. The store
    /// is busy reading while `visit` runs: `visit` may use another store, not this one.
    pub fn each<R>(
        &self,
        filter: &Filter,
        visit: impl FnOnce(&mut dyn Iterator<Item = Attempt>) -> R,
    ) -> Result<R, StoreError> {
        let mut visit = Some(visit);
        let mut result = None;
        let mut records = |rows: &mut Records<'_>| {
            result = Some(filtered(
                rows,
                filter,
                &self.location,
                visit.take().unwrap(),
            ));
        };
        let coarse = Coarse::of(filter);
        match &self.db {
            Db::Sqlite(db) => db.records(&coarse, &mut records)?,
            Db::Postgres(db) => db.records(&coarse, &mut records)?,
        }
        result.expect("the backend handed its records on")
    }

    /// How the database reads the attempts `filter` selects, in its own words (SQLite's
    /// `EXPLAIN QUERY PLAN`, PostgreSQL's `EXPLAIN`), one step a line: whether one person's
    /// history is read by the index on their key or by reading every row.
    pub fn plan(&self, filter: &Filter) -> Result<String, StoreError> {
        let coarse = Coarse::of(filter);
        match &self.db {
            Db::Sqlite(db) => db.plan(&coarse),
            Db::Postgres(db) => db.plan(&coarse),
        }
    }

    /// Every stored attempt that `filter` matches, oldest first.
    pub fn attempts(&self, filter: &Filter) -> Result<Vec<Attempt>, StoreError> {
        self.each(filter, |it| it.collect())
    }

    /// Whether the store answers now (a PostgreSQL connection that was lost is opened again).
    pub fn ping(&self) -> Result<(), StoreError> {
        match &self.db {
            Db::Sqlite(db) => db.ping(),
            Db::Postgres(db) => db.ping(),
        }
    }

    /// On PostgreSQL, follow the changes to rooms that every `kuis serve` on the database
    /// announces as they commit (LISTEN/NOTIFY, on a connection of its own, opened again when
    /// lost), calling `changed` with the room's name, or with `None` when listening starts
    /// again and anything may have changed, until `stop` says so; true. On SQLite nothing is
    /// announced (a room on a file has one instance): false, at once.
    pub fn follow_rooms(
        &self,
        stop: &dyn Fn() -> bool,
        changed: &mut dyn FnMut(Option<&str>),
    ) -> bool {
        match &self.db {
            Db::Sqlite(_) => false,
            Db::Postgres(db) => {
                db.follow_rooms(stop, changed);
                true
            }
        }
    }

    /// How many attempts are stored (for a progress bar).
    pub fn count(&self) -> Result<u64, StoreError> {
        match &self.db {
            Db::Sqlite(db) => db.count(),
            Db::Postgres(db) => db.count(),
        }
    }
}

/// One stored record as a backend reads it: parsed, or why it does not parse.
type Parsed = Result<Attempt, serde_json::Error>;

/// The stored records as a backend hands them on, oldest first: each parsed (or not), or
/// the error that ended the reading.
type Records<'a> = dyn Iterator<Item = Result<Parsed, StoreError>> + 'a;

/// The part of a [`Filter`] the database applies itself, on the attempts' columns (the time
/// by its index), so that what cannot match never leaves it (a report on one bank of a
/// national store): a superset of what the filter matches, which [`Filter::matches`] then
/// narrows exactly.
struct Coarse {
    /// Only these bank ids (any when empty).
    banks: Vec<String>,
    /// `finished_utc` at least this (seconds).
    since: Option<i64>,
    /// `finished_utc` at most this (seconds): a time before `until` is in a second before it
    /// or in the same one.
    until: Option<i64>,
    /// Only this `kuis serve` room.
    room: Option<String>,
    /// Only this person, by the [`match_key`] of their NIP or name: the database then reads
    /// their rows by its index (`nip_key`, `name_key`) and nothing else.
    who: Option<Who>,
}

impl Coarse {
    fn of(filter: &Filter) -> Coarse {
        Coarse {
            banks: filter.banks.clone(),
            since: filter.since.map(|t| t.as_second()),
            until: filter.until.map(|t| t.as_second()),
            room: filter.room.clone(),
            who: filter.who.as_ref().map(|who| match who {
                Who::Nip(nip) => Who::Nip(match_key(nip)),
                Who::Name(name) => Who::Name(match_key(name)),
            }),
        }
    }
}

/// The records of `rows` that `filter` matches, handed to `visit`; a row that cannot be read
/// ends the iteration and becomes the error.
fn filtered<R>(
    rows: &mut Records<'_>,
    filter: &Filter,
    location: &Location,
    visit: impl FnOnce(&mut dyn Iterator<Item = Attempt>) -> R,
) -> Result<R, StoreError> {
    let mut failure: Option<StoreError> = None;
    let mut attempts = std::iter::from_fn(|| {
        loop {
            match rows.next()? {
                Ok(Ok(a)) if filter.matches(&a) => return Some(a),
                Ok(Ok(_)) => {}
                Ok(Err(e)) => {
                    failure = Some(StoreError::Record {
                        store: location.to_string(),
                        why: e.to_string(),
                    });
                    return None;
                }
                Err(e) => {
                    failure = Some(e);
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

/// An attempt as both backends store it: the record as JSON, the columns for SQL analysis,
/// and one row per answer.
struct Row<'a> {
    attempt: &'a Attempt,
    id: String,
    record: String,
    /// The finishing time in seconds since 1970 (UTC), for ordering and date filters.
    finished_utc: i64,
    /// The seed by its bits: both databases' integers are signed.
    seed: i64,
    /// The [`match_key`] of the NIP and of the name, for finding one person by an index.
    nip_key: Option<String>,
    name_key: Option<String>,
    answers: Vec<AnswerRow<'a>>,
}

/// One answer's columns.
struct AnswerRow<'a> {
    question: &'a str,
    topic: &'a str,
    kind: &'static str,
    rules: String,
    chosen: Option<String>,
    points: f64,
    max: f64,
    seconds: f64,
}

impl<'a> Row<'a> {
    /// The row of `a`, for the store named `store` (in an error).
    fn new(a: &'a Attempt, store: &dyn fmt::Display) -> Result<Row<'a>, StoreError> {
        let record = serde_json::to_string(a).map_err(|e| StoreError::Record {
            store: store.to_string(),
            why: e.to_string(),
        })?;
        Ok(Row {
            attempt: a,
            id: a.id.to_string(),
            record,
            finished_utc: a.finished_utc().map_or(0, |t| t.as_secs()),
            seed: a.seed as i64,
            nip_key: a.participant.nip.as_deref().map(match_key),
            name_key: a.participant.name.as_deref().map(match_key),
            answers: a
                .answers
                .iter()
                .map(|answer| AnswerRow {
                    question: &answer.question,
                    topic: &answer.topic,
                    kind: answer.kind.as_str(),
                    rules: answer.rules.join(";"),
                    chosen: answer.chosen.as_ref().map(|c| c.join(";")),
                    points: answer.points,
                    max: answer.max,
                    seconds: answer.seconds,
                })
                .collect(),
        })
    }

    /// What saving this attempt did, when a record of its id (`stored`) was already there.
    fn verdict(&self, stored: &str) -> Saved {
        let same = serde_json::from_str::<Attempt>(stored).is_ok_and(|s| s == *self.attempt);
        if same { Saved::Same } else { Saved::Conflict }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test that both backends know the same schema versions: a migration added to one list
    // (a new table for `kuis serve`) fails here until the other has its equivalent, since a
    // version number means the same schema on both (and a newer one is refused).
    #[test]
    fn both_backends_have_the_same_migrations() {
        assert_eq!(sqlite::MIGRATIONS.len(), postgres::MIGRATIONS.len());
    }

    // Test that docs/store.md tells every migration of both backends, so it cannot drift
    // again: one row per version, naming each table the migration creates and each column
    // it adds (as `table.column`), and the list of tables naming them all.
    #[test]
    fn store_doc_lists_every_migration() {
        let doc = include_str!("../../../docs/store.md");
        let rows: Vec<&str> = doc
            .lines()
            .filter(|l| {
                l.strip_prefix("| ")
                    .and_then(|r| r.split(' ').next())
                    .is_some_and(|v| v.parse::<usize>().is_ok())
            })
            .collect();
        let tables_line = doc
            .split("its tables are")
            .nth(1)
            .and_then(|rest| rest.split("(what").next())
            .expect("store.md names the tables");
        for migrations in [sqlite::MIGRATIONS, postgres::MIGRATIONS] {
            assert_eq!(rows.len(), migrations.len(), "one row per migration");
            for (i, (sql, row)) in migrations.iter().zip(&rows).enumerate() {
                assert!(row.starts_with(&format!("| {} |", i + 1)), "{row}");
                let words: Vec<&str> = sql
                    .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
                    .filter(|w| !w.is_empty() && *w != "IF" && *w != "NOT" && *w != "EXISTS")
                    .collect();
                for (j, w) in words.iter().enumerate() {
                    let next = |k: usize| words.get(j + k).copied().unwrap_or("");
                    if *w == "CREATE" && next(1) == "TABLE" {
                        let named = format!("`{}`", next(2));
                        assert!(
                            row.contains(&named),
                            "migration {}: {named} in {row}",
                            i + 1
                        );
                        assert!(
                            tables_line.contains(&named),
                            "{named} in the list of tables"
                        );
                    }
                    if *w == "ALTER"
                        && next(1) == "TABLE"
                        && next(3) == "ADD"
                        && next(4) == "COLUMN"
                    {
                        let named = format!("`{}.{}`", next(2), next(5));
                        assert!(
                            row.contains(&named),
                            "migration {}: {named} in {row}",
                            i + 1
                        );
                    }
                }
            }
        }
    }

    // Test that a store value is a PostgreSQL URL by its scheme only, in any case.
    #[test]
    fn locations() {
        assert!(Location::from("postgres://u@h/d").is_postgres());
        assert!(Location::from("PostgreSQL://u@h/d").is_postgres());
        assert!(!Location::from("postgres.sqlite").is_postgres());
        assert!(!Location::from("./postgres://x").is_postgres());
        assert_eq!(
            Location::from("postgres://u:secret@h/d").to_string(),
            "postgres://u@h/d"
        );
    }
}
