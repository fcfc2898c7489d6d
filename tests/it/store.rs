//! The store's suite, run once per backend: the same tests on a SQLite file and on a
//! PostgreSQL database of their own (`kuis_t_…`, created for the test and dropped after it,
//! also when it fails). PostgreSQL is the server at `KUIS_TEST_PG` (default
//! `postgres://postgres@127.0.0.1:5432`, trust auth). When it cannot be reached the PostgreSQL
//! half skips with a loud note — except under `CI=true`, where it fails, as the browser test
//! does without Chromium.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use kuis::results::attempt::Attempt;
use kuis::results::attempt::Participant;
use kuis::results::filter::Filter;
use kuis::results::store::web::{Given, WebAnswer, WebSession};
use kuis::results::store::{Saved, Store};

use super::{MINI, kuis, stderr, stored, take_as};

/// The PostgreSQL server the tests use, without a database name.
fn server() -> String {
    std::env::var("KUIS_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

/// The client's settings for `url`, with a short connect timeout.
fn pg_config(url: &str) -> ::postgres::Config {
    let mut config: ::postgres::Config = url.parse().expect("KUIS_TEST_PG is a postgres:// URL");
    config.connect_timeout(std::time::Duration::from_secs(5));
    config
}

/// A connection to the server's `test` database, for creating and dropping databases.
pub(super) fn admin() -> Option<::postgres::Client> {
    pg_config(&format!("{}/test", server()))
        .connect(::postgres::NoTls)
        .ok()
}

/// Whether PostgreSQL is there; asked once. Under CI=true its absence fails the test.
fn postgres_available(test: &str) -> bool {
    static UP: OnceLock<bool> = OnceLock::new();
    let up = *UP.get_or_init(|| admin().is_some());
    if !up {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but PostgreSQL is not reachable at {}: start it (trust auth, database test)",
            server()
        );
        eprintln!(
            "\n!!!!!!!!!! SKIPPED {test} on PostgreSQL: no server at {} (set KUIS_TEST_PG). \
             The PostgreSQL store was NOT tested. !!!!!!!!!!\n",
            server()
        );
    }
    up
}

/// Which backend a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A store of the test's own: a SQLite file in a temporary folder, or a PostgreSQL database
/// dropped when this is dropped (a panicking test drops it too).
pub struct TestStore {
    /// What `--store`/`KUIS_STORE` is given.
    pub value: String,
    /// The PostgreSQL database, to drop.
    database: Option<String>,
    _dir: tempfile::TempDir,
}

impl TestStore {
    /// A new, empty store on `backend`; `None` when the backend is not available here.
    pub fn new(backend: Backend, test: &str) -> Option<TestStore> {
        let dir = tempfile::tempdir().unwrap();
        match backend {
            Backend::Sqlite => Some(TestStore {
                value: dir.path().join("kuis.sqlite").display().to_string(),
                database: None,
                _dir: dir,
            }),
            Backend::Postgres => {
                if !postgres_available(test) {
                    return None;
                }
                let name = format!("kuis_t_{}", uuid::Uuid::new_v4().simple());
                admin()
                    .expect("PostgreSQL answered a moment ago")
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .unwrap();
                Some(TestStore {
                    value: format!("{}/{name}", server()),
                    database: Some(name),
                    _dir: dir,
                })
            }
        }
    }

    /// The store as a path-like value for the shared helpers (`take_as`, `stored`).
    pub fn path(&self) -> &Path {
        Path::new(&self.value)
    }

    /// Run raw SQL on the store, behind kuis's back (to age or break it).
    pub fn exec(&self, sql: &str) {
        match &self.database {
            None => rusqlite::Connection::open(&self.value)
                .unwrap()
                .execute_batch(sql)
                .unwrap(),
            Some(_) => pg_config(&self.value)
                .connect(::postgres::NoTls)
                .unwrap()
                .batch_execute(sql)
                .unwrap(),
        }
    }
}

impl TestStore {
    /// Every `(session, position)` kept in `web_answers`, behind kuis's back.
    pub fn web_answer_keys(&self) -> std::collections::HashSet<(String, i64)> {
        self.query(
            "SELECT session, position FROM web_answers",
            |r| Ok((r.get(0)?, r.get(1)?)),
            |r| (r.get(0), i64::from(r.get::<_, i32>(1))),
        )
        .into_iter()
        .collect()
    }

    /// The rows of `sql`, run behind kuis's back, each read by `sqlite` or `pg`.
    fn query<T>(
        &self,
        sql: &str,
        sqlite: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
        pg: impl Fn(&::postgres::Row) -> T,
    ) -> Vec<T> {
        match &self.database {
            None => {
                let conn = rusqlite::Connection::open(&self.value).unwrap();
                let mut stmt = conn.prepare(sql).unwrap();
                stmt.query_map([], sqlite)
                    .unwrap()
                    .map(Result::unwrap)
                    .collect()
            }
            Some(_) => pg_config(&self.value)
                .connect(::postgres::NoTls)
                .unwrap()
                .query(sql, &[])
                .unwrap()
                .iter()
                .map(pg)
                .collect(),
        }
    }
}

/// One row of `answers` as stored: attempt, position, question, topic, kind, rules, chosen,
/// points, max, seconds.
pub type AnswerColumns = (
    String,
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    f64,
    f64,
    f64,
);

/// An attempt's id, NIP key, name key, finishing second and room as stored.
pub type AttemptKeys = (String, Option<String>, Option<String>, i64, Option<String>);

impl TestStore {
    /// Every row of `answers`, by attempt and position, behind kuis's back.
    pub fn answer_rows(&self) -> Vec<AnswerColumns> {
        self.query(
            "SELECT attempt_id, position, question, topic, kind, rules, chosen, points, max,
                seconds FROM answers ORDER BY attempt_id, position",
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            },
            |r| {
                (
                    r.get(0),
                    i64::from(r.get::<_, i32>(1)),
                    r.get(2),
                    r.get(3),
                    r.get(4),
                    r.get(5),
                    r.get(6),
                    r.get(7),
                    r.get(8),
                    r.get(9),
                )
            },
        )
    }

    /// Each attempt's id, NIP key, name key, finishing second and room, by id.
    pub fn attempt_keys(&self) -> Vec<AttemptKeys> {
        self.query(
            "SELECT id, nip_key, name_key, finished_utc, room FROM attempts ORDER BY id",
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            |r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)),
        )
    }
}

impl TestStore {
    /// End every connection kuis has to this database, as an administrator would
    /// (`pg_terminate_backend`); how many were ended.
    pub fn terminate_kuis(&self) -> i64 {
        let database = self.database.as_deref().expect("a PostgreSQL store");
        admin()
            .unwrap()
            .query_one(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                 WHERE datname = $1 AND application_name = 'kuis'",
                &[&database],
            )
            .unwrap()
            .get(0)
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        if let Some(name) = &self.database
            && let Some(mut admin) = admin()
        {
            // FORCE: a kuis the test left running must not keep the database alive.
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// Each test once per backend: `sqlite::NAME` and `postgres::NAME`.
macro_rules! per_backend {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { super::$name(super::Backend::Sqlite) })*
        }
        mod postgres {
            $(#[test] fn $name() { super::$name(super::Backend::Postgres) })*
        }
    };
}

pub(crate) use per_backend;

per_backend!(
    insert_is_idempotent_and_finds_conflicts,
    eight_concurrent_takes_all_land,
    import_is_idempotent,
    migrates_and_refuses_a_newer_schema,
    unreachable_at_save_time_falls_back,
    store_copy_both_ways,
    config_file_names_the_store,
    web_rooms_sessions_answers,
    batches_store_every_column,
    import_reads_every_rfc3339_time,
);

/// Take the mini bank as `name` into `store` with these answers; it must succeed.
pub fn take(store: &TestStore, name: &str, answers: &str) {
    let out = take_as(store.path(), MINI, name, answers);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// Five attempts of different people and scores in `store`, read back.
pub fn five(store: &TestStore) -> Vec<Attempt> {
    for (name, answers) in [
        ("Siti", "a\na,c\nsalah\na\n"),
        ("Budi", "b\na\nbenar\nc\n"),
        ("Ani", "a\na\nsalah\nb\n"),
        ("Joko", "a\na,c\nbenar\nb\n"),
        ("Rina", "b\nb\nsalah\na\n"),
    ] {
        take(store, name, answers);
    }
    stored(store.path())
}

/// kuis on `store`, in English.
pub fn on(store: &TestStore, args: &[&str]) -> Output {
    kuis()
        .env("KUIS_STORE", &store.value)
        .arg("--lang")
        .arg("en")
        .args(args)
        .output()
        .unwrap()
}

// Test that saving is idempotent (same id, same content: Same), that other content under a
// stored id is a Conflict and changes nothing, and that one batch settles duplicates in it
// the same way, first come first saved.
fn insert_is_idempotent_and_finds_conflicts(backend: Backend) {
    let Some(s) = TestStore::new(backend, "insert_is_idempotent_and_finds_conflicts") else {
        return;
    };
    take(&s, "Siti", "a\na,c\nsalah\na\n");
    let mut store = Store::open(s.path()).unwrap();
    let stored_one = store.attempts(&Filter::default()).unwrap().remove(0);
    assert!(!store.insert(&stored_one).unwrap());
    let mut other = stored_one.clone();
    other.participant.name = Some("Budi".into());
    let mut fresh = stored_one.clone();
    fresh.id = uuid::Uuid::new_v4();
    let mut fresh_other = fresh.clone();
    fresh_other.score = 0.0;
    assert_eq!(
        store
            .insert_batch(&[
                stored_one.clone(),
                other,
                fresh.clone(),
                fresh.clone(),
                fresh_other
            ])
            .unwrap(),
        vec![
            Saved::Same,
            Saved::Conflict,
            Saved::New,
            Saved::Same,
            Saved::Conflict
        ]
    );
    assert_eq!(store.count().unwrap(), 2);
    assert_eq!(
        store.attempts(&Filter::default()).unwrap(),
        vec![stored_one, fresh]
    );
}

// Test that eight learners finishing at the same moment (eight real `kuis take` processes)
// are all saved.
fn eight_concurrent_takes_all_land(backend: Backend) {
    let Some(s) = TestStore::new(backend, "eight_concurrent_takes_all_land") else {
        return;
    };
    let store = s.path().to_owned();
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let store = store.clone();
            std::thread::spawn(move || {
                take_as(&store, MINI, &format!("Peserta {i}"), "a\na,c\nsalah\na\n")
            })
        })
        .collect();
    for h in handles {
        let out = h.join().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let attempts = stored(s.path());
    assert_eq!(attempts.len(), 8);
    assert!(attempts.iter().all(|a| a.answers.len() == 4));
}

// Test that importing an export twice imports once, and that a record whose id is stored with
// other content is refused (exit 1) while the stored one stays.
fn import_is_idempotent(backend: Backend) {
    let Some(from) = TestStore::new(backend, "import_is_idempotent") else {
        return;
    };
    let attempts = five(&from);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hasil.jsonl");
    let exported = kuis()
        .env("KUIS_STORE", &from.value)
        .args(["export", "--format", "jsonl", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(exported.status.success(), "{}", stderr(&exported));
    let to = TestStore::new(backend, "import_is_idempotent").unwrap();
    let import = |file: &Path| on(&to, &["import", file.to_str().unwrap()]);
    let first = import(&file);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("5 imported, 0 already there"));
    let second = import(&file);
    assert!(stderr(&second).contains("0 imported, 5 already there"));
    let mut changed: Attempt = attempts[0].clone();
    changed.participant.name = Some("Bukan Siti".into());
    let conflict = dir.path().join("lain.json");
    std::fs::write(&conflict, serde_json::to_string(&changed).unwrap()).unwrap();
    let third = import(&conflict);
    assert_eq!(third.status.code(), Some(1), "{}", stderr(&third));
    assert!(stderr(&third).contains("already stored with other content"));
    assert_eq!(stored(to.path()), attempts);
}

// Test that saving in batches (PostgreSQL: binary COPY into a staging table, then one insert
// per table) stores every column of every attempt and answer as the records say, in several
// batches on one connection (the staging table is emptied by each), that saving them again is
// "already there" for each (nothing new, no answer twice), that a batch mixing new, stored and
// conflicting attempts says which is which, and that the order of saving is kept.
fn batches_store_every_column(backend: Backend) {
    let Some(s) = TestStore::new(backend, "batches_store_every_column") else {
        return;
    };
    let text = std::fs::read_to_string(super::project(
        "tests/fixtures/report-people/attempts.jsonl",
    ))
    .unwrap();
    let attempts: Vec<Attempt> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut store = Store::open(s.path()).unwrap();
    for batch in attempts.chunks(120) {
        assert!(
            store
                .insert_batch(batch)
                .unwrap()
                .iter()
                .all(|v| *v == Saved::New)
        );
    }
    let mut expected: Vec<AnswerColumns> = attempts
        .iter()
        .flat_map(|a| {
            a.answers.iter().enumerate().map(|(i, x)| {
                (
                    a.id.to_string(),
                    i as i64,
                    x.question.clone(),
                    x.topic.clone(),
                    x.kind.as_str().to_owned(),
                    x.rules.join(";"),
                    x.chosen.as_ref().map(|c| c.join(";")),
                    x.points,
                    x.max,
                    x.seconds,
                )
            })
        })
        .collect();
    expected.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    assert_eq!(s.answer_rows(), expected);
    let key = |t: &Option<String>| t.as_deref().map(kuis::results::filter::match_key);
    let mut keys: Vec<_> = attempts
        .iter()
        .map(|a| {
            (
                a.id.to_string(),
                key(&a.participant.nip),
                key(&a.participant.name),
                a.finished_at().unwrap().as_second(),
                a.room.clone(),
            )
        })
        .collect();
    keys.sort();
    assert_eq!(s.attempt_keys(), keys);
    // Again: all there, nothing added.
    for batch in attempts.chunks(200) {
        assert!(
            store
                .insert_batch(batch)
                .unwrap()
                .iter()
                .all(|v| *v == Saved::Same)
        );
    }
    assert_eq!(s.answer_rows().len(), expected.len());
    // New, stored and conflicting in one batch.
    let mut changed = attempts[7].clone();
    changed.percent += 1.0;
    let mut fresh = attempts[8].clone();
    fresh.id = uuid::Uuid::new_v4();
    assert_eq!(
        store
            .insert_batch(&[changed, fresh.clone(), attempts[9].clone()])
            .unwrap(),
        vec![Saved::Conflict, Saved::New, Saved::Same]
    );
    assert_eq!(store.count().unwrap(), attempts.len() as u64 + 1);
    // Oldest first, then in the order saved: the fresh copy of attempt 8 right after it.
    let read = store.attempts(&Filter::default()).unwrap();
    let at = |id: uuid::Uuid| read.iter().position(|a| a.id == id).unwrap();
    assert_eq!(at(fresh.id), at(attempts[8].id) + 1);
}

// Test that a store of schema 1 is migrated (its records gain the counts of schema 2) and
// that a store of a schema newer than this kuis is refused with exit 3, in both languages.
fn migrates_and_refuses_a_newer_schema(backend: Backend) {
    let Some(s) = TestStore::new(backend, "migrates_and_refuses_a_newer_schema") else {
        return;
    };
    let attempts = five(&s);
    // Back to schema 1: no count columns, records without the counts, nothing of `kuis serve`
    // or of the certificate register.
    s.exec(
        "DROP TABLE certificates;
         DROP TABLE web_people;
         DROP TABLE erasures;
         DROP TABLE secrets;
         DROP INDEX attempts_nip_key;
         DROP INDEX attempts_name_key;
         ALTER TABLE attempts DROP COLUMN nip_key;
         ALTER TABLE attempts DROP COLUMN name_key;
         DROP TABLE web_answers;
         DROP TABLE web_sessions;
         DROP TABLE rooms;
         DROP INDEX attempts_room;
         ALTER TABLE attempts DROP COLUMN room;
         ALTER TABLE attempts DROP COLUMN answered;
         ALTER TABLE attempts DROP COLUMN planned;
         UPDATE attempts SET schema = 1;
         UPDATE schema_version SET version = 1;",
    );
    assert_eq!(stored(s.path()), attempts);
    // The match keys of the older attempts are filled in: one person is found by them.
    let siti = on(&s, &["export", "--name", " SITI", "--format", "json"]);
    assert_eq!(
        Attempt::parse_many(&String::from_utf8(siti.stdout).unwrap()).unwrap(),
        vec![attempts[0].clone()]
    );
    s.exec("UPDATE schema_version SET version = 99");
    // The known version is not named here: it grows with every migration.
    for (lang, words) in [
        (
            "en",
            "the store's schema version 99 is newer than this kuis (",
        ),
        (
            "id",
            "versi skema penyimpanan (99) lebih baru daripada kuis ini (",
        ),
    ] {
        let out = kuis()
            .env("KUIS_STORE", &s.value)
            .args(["--lang", lang, "report"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        assert!(stderr(&out).contains(words), "{}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"));
    }
}

/// A store of `backend` that cannot be reached: a folder that does not exist, or a port
/// nobody listens on.
fn unreachable(backend: Backend) -> (String, &'static str) {
    match backend {
        Backend::Sqlite => (
            "/nonexistent-kuis-folder/kuis.sqlite".into(),
            "the folder does not exist",
        ),
        Backend::Postgres => {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            (
                format!("postgres://postgres@127.0.0.1:{port}/kuis"),
                "connection refused: is PostgreSQL running at 127.0.0.1:",
            )
        }
    }
}

// Test that a store unreachable at save time loses nothing: `take` says why (exit 3), appends
// the attempt to the fallback file and names the command that imports it; importing it
// later brings the attempt in whole, and a second attempt appends to the same file.
fn unreachable_at_save_time_falls_back(backend: Backend) {
    let Some(s) = TestStore::new(backend, "unreachable_at_save_time_falls_back") else {
        return;
    };
    let cwd = tempfile::tempdir().unwrap();
    let (down, why) = unreachable(backend);
    for name in ["Siti", "Budi"] {
        let out = kuis()
            .env("KUIS_STORE", &down)
            .current_dir(cwd.path())
            .args(["--lang", "en", "take"])
            .arg(super::project(MINI))
            .args(["--no-shuffle", "--name", name, "--answers", "-"])
            .write_stdin("a\na,c\nsalah\na\n")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(why), "{err}");
        assert!(
            !err.contains("panicked") && !err.contains("Error {"),
            "{err}"
        );
        assert!(err.contains("add it later with: kuis import"), "{err}");
    }
    let fallback: PathBuf = cwd.path().join(kuis::cmd::take::FALLBACK);
    let kept = Attempt::parse_many(&std::fs::read_to_string(&fallback).unwrap()).unwrap();
    assert_eq!(kept.len(), 2);
    let out = on(&s, &["import", fallback.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stored(s.path()), kept);
}

// Test `kuis store copy` from this backend to the other and back: every attempt arrives
// whole, a second run copies nothing, and the count is said at the end.
fn store_copy_both_ways(backend: Backend) {
    let Some(s) = TestStore::new(backend, "store_copy_both_ways") else {
        return;
    };
    let other = match backend {
        Backend::Sqlite => Backend::Postgres,
        Backend::Postgres => Backend::Sqlite,
    };
    let Some(t) = TestStore::new(other, "store_copy_both_ways") else {
        return;
    };
    let attempts = five(&s);
    let copy = |from: &TestStore, to: &TestStore| {
        kuis()
            .args(["--lang", "en", "store", "copy", "--from", &from.value])
            .args(["--to", &to.value])
            .output()
            .unwrap()
    };
    let first = copy(&s, &t);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("5 copied, 0 already there, 0 in conflict"));
    let second = copy(&s, &t);
    assert!(stderr(&second).contains("0 copied, 5 already there, 0 in conflict"));
    assert_eq!(stored(t.path()), attempts);
    let back = TestStore::new(backend, "store_copy_both_ways").unwrap();
    assert!(copy(&t, &back).status.success());
    assert_eq!(stored(back.path()), attempts);
}

// Test that a misspelt source file is an error (exit 3), not an empty store copied, and that
// neither file is created on the way.
#[test]
fn store_copy_from_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let (from, to) = (dir.path().join("nope.sqlite"), dir.path().join("x.sqlite"));
    kuis()
        .args(["store", "copy", "--from"])
        .arg(&from)
        .arg("--to")
        .arg(&to)
        .assert()
        .code(3)
        .stderr(predicates::str::contains("penyimpanan ini tidak ada"));
    assert!(!from.exists() && !to.exists());
}

// Test that the report and the exports say the same of the same attempts, whichever backend
// holds them, filtered or not.
#[test]
fn report_is_equal_across_backends() {
    let Some(pg) = TestStore::new(Backend::Postgres, "report_is_equal_across_backends") else {
        return;
    };
    let lite = TestStore::new(Backend::Sqlite, "report_is_equal_across_backends").unwrap();
    five(&lite);
    let copied = kuis()
        .args(["store", "copy", "--from", &lite.value, "--to", &pg.value])
        .output()
        .unwrap();
    assert!(copied.status.success(), "{}", stderr(&copied));
    for args in [
        &["report", "--format", "json", "--tz", "Asia/Jakarta"][..],
        &["report", "--format", "csv"],
        &["export", "--format", "csv", "--level", "answer"],
        &["history", "--all", "--format", "json"],
        // Filters the databases apply themselves (bank, time), then kuis exactly.
        &[
            "export",
            "--format",
            "jsonl",
            "--bank",
            "mini",
            "--since",
            "2020-01-01",
        ],
        &["export", "--format", "jsonl", "--until", "2020-01-01"],
        &["export", "--format", "jsonl", "--bank", "lain"],
        &[
            "report",
            "--format",
            "json",
            "--bank",
            "mini",
            "--until",
            "2099-12-31",
        ],
    ] {
        let (a, b) = (on(&lite, args), on(&pg, args));
        assert!(a.status.success(), "{}", stderr(&a));
        assert!(
            a.stdout == b.stdout,
            "{args:?} differs:\n{}\n---\n{}",
            String::from_utf8_lossy(&a.stdout),
            String::from_utf8_lossy(&b.stdout)
        );
    }
}

// Test the PostgreSQL connection faults: a missing database and a malformed URL are named
// clearly (exit 3 and 2), never a panic or debug text.
#[test]
fn postgres_connection_faults() {
    if !postgres_available("postgres_connection_faults") {
        return;
    }
    let missing = format!("{}/kuis_t_does_not_exist", server());
    for (store, code, words) in [
        (
            missing.as_str(),
            3,
            "database kuis_t_does_not_exist does not exist; create it first with: createdb kuis_t_does_not_exist",
        ),
        (
            "postgres://kuis:rahasia@127.0.0.1:notaport/x",
            2,
            "not a valid PostgreSQL URL",
        ),
        // Parses, but names no server to connect to.
        (
            "postgres://kuis:rahasia@/x",
            2,
            "not a valid PostgreSQL URL (no host)",
        ),
    ] {
        let out = kuis()
            .env("KUIS_STORE", store)
            .args(["--lang", "en", "history", "--all"])
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{err}");
        assert!(err.contains(words), "{err}");
        assert!(!err.contains("rahasia"), "a password was printed: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("Error {"),
            "{err}"
        );
    }
}

/// A TCP proxy to the PostgreSQL server that cuts: every connection once `budget` bytes have
/// gone from kuis to the server (the server vanishing in the middle of a run), and on demand
/// ([`CuttingProxy::cut`]) every open connection at once, then every new one at once until
/// [`CuttingProxy::restore`] (the network between kuis and its database down for a while).
/// It lives as long as the test process.
pub struct CuttingProxy {
    /// Where it listens, on 127.0.0.1.
    pub port: u16,
    state: std::sync::Arc<ProxyState>,
}

struct ProxyState {
    budget: usize,
    sent: std::sync::atomic::AtomicUsize,
    cut: std::sync::atomic::AtomicBool,
    /// Both ends of every connection passed on, to cut them.
    live: std::sync::Mutex<Vec<std::net::TcpStream>>,
}

impl CuttingProxy {
    /// A proxy that cuts once `budget` bytes went to the server (`usize::MAX`: only on demand).
    pub fn start(budget: usize) -> CuttingProxy {
        use std::io::{Read, Write};
        use std::net::{Shutdown, TcpListener, TcpStream};
        use std::sync::Arc;
        use std::sync::atomic::Ordering;
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let target = pg_config(&format!("{}/test", server()))
            .get_ports()
            .first()
            .copied()
            .unwrap_or(5432);
        let state = Arc::new(ProxyState {
            budget,
            sent: Default::default(),
            cut: Default::default(),
            live: Default::default(),
        });
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            let state = shared;
            for client in listener.incoming().flatten() {
                if state.cut.load(Ordering::SeqCst) {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(upstream) = TcpStream::connect(("127.0.0.1", target)) else {
                    continue;
                };
                if let Ok(mut live) = state.live.lock() {
                    live.extend(client.try_clone().ok());
                    live.extend(upstream.try_clone().ok());
                }
                let pipe = |mut from: TcpStream, mut to: TcpStream, counted: bool| {
                    let state = Arc::clone(&state);
                    std::thread::spawn(move || {
                        let mut buf = [0u8; 16384];
                        loop {
                            let n = match from.read(&mut buf) {
                                Ok(0) | Err(_) => break,
                                Ok(n) => n,
                            };
                            if counted
                                && state.sent.fetch_add(n, Ordering::SeqCst).saturating_add(n)
                                    > state.budget
                            {
                                break;
                            }
                            if to.write_all(&buf[..n]).is_err() {
                                break;
                            }
                        }
                        let _ = from.shutdown(Shutdown::Both);
                        let _ = to.shutdown(Shutdown::Both);
                    });
                };
                pipe(
                    client.try_clone().unwrap(),
                    upstream.try_clone().unwrap(),
                    true,
                );
                pipe(upstream, client, false);
            }
        });
        CuttingProxy { port, state }
    }

    /// The URL of `store`'s database through this proxy.
    pub fn url(&self, store: &TestStore) -> String {
        let database = store.value.rsplit('/').next().unwrap();
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Cut every open connection, and every new one until [`CuttingProxy::restore`].
    pub fn cut(&self) {
        use std::sync::atomic::Ordering;
        self.state.cut.store(true, Ordering::SeqCst);
        if let Ok(mut live) = self.state.live.lock() {
            for stream in live.drain(..) {
                let _ = stream.shutdown(std::net::Shutdown::Both);
            }
        }
    }

    /// Let connections through again.
    pub fn restore(&self) {
        self.state
            .cut
            .store(false, std::sync::atomic::Ordering::SeqCst);
    }
}

// Test that the server vanishing in the middle of an import is said clearly (exit 3), leaves
// only whole batches of whole attempts, and that importing again completes the store.
#[test]
fn postgres_lost_mid_import() {
    let Some(s) = TestStore::new(Backend::Postgres, "postgres_lost_mid_import") else {
        return;
    };
    take(&s, "Siti", "a\na,c\nsalah\na\n");
    let one = stored(s.path()).remove(0);
    s.exec("DELETE FROM attempts");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("banyak.jsonl");
    let mut lines = String::new();
    for _ in 0..5000 {
        let mut a = one.clone();
        a.id = uuid::Uuid::new_v4();
        lines += &serde_json::to_string(&a).unwrap();
        lines.push('\n');
    }
    std::fs::write(&file, &lines).unwrap();
    let via_proxy = CuttingProxy::start(3 << 20).url(&s);
    let out = kuis()
        .env("KUIS_STORE", &via_proxy)
        .args(["--lang", "en", "import"])
        .arg(&file)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("the connection to the PostgreSQL server was lost"),
        "{err}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("Error {"),
        "{err}"
    );
    let store = Store::open(s.path()).unwrap();
    let landed = store.count().unwrap();
    assert!(
        landed < 5000 && landed.is_multiple_of(1000),
        "{landed} attempts landed"
    );
    let answers: i64 = pg_config(&s.value)
        .connect(::postgres::NoTls)
        .unwrap()
        .query_one("SELECT count(*) FROM answers", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        answers as u64,
        4 * landed,
        "every stored attempt has its answers"
    );
    drop(store);
    let again = on(&s, &["import", file.to_str().unwrap()]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stderr(&again).contains(&format!(
        "{} imported, {landed} already there",
        5000 - landed
    )));
}

// Test that the store works from a tokio `spawn_blocking` thread, as `kuis serve` calls it:
// eight tasks at once, each saving an attempt through a store of its own, then one reading
// them all back (the PostgreSQL client blocks on a runtime of its own there).
#[test]
fn store_from_spawn_blocking() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(s) = TestStore::new(backend, "store_from_spawn_blocking") else {
            return;
        };
        take(&s, "Siti", "a\na,c\nsalah\na\n");
        let one = stored(s.path()).remove(0);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .unwrap();
        let value = s.value.clone();
        let saved = runtime.block_on(async move {
            let tasks: Vec<_> = (0..8)
                .map(|_| {
                    let (value, mut a) = (value.clone(), one.clone());
                    a.id = uuid::Uuid::new_v4();
                    tokio::task::spawn_blocking(move || {
                        Store::open(value.as_str()).and_then(|mut store| store.insert(&a))
                    })
                })
                .collect();
            let mut saved = 0;
            for task in tasks {
                saved += usize::from(task.await.unwrap().unwrap());
            }
            let count = tokio::task::spawn_blocking(move || {
                Store::open(value.as_str()).and_then(|store| store.count())
            })
            .await
            .unwrap()
            .unwrap();
            (saved, count)
        });
        assert_eq!(saved, (8, 9), "{backend:?}");
    }
}

// Test that the config file's `store` is used when neither --store nor KUIS_STORE is given,
// and that KUIS_STORE comes before it.
fn config_file_names_the_store(backend: Backend) {
    let Some(s) = TestStore::new(backend, "config_file_names_the_store") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("store = {}\n", serde_json::to_string(&s.value).unwrap()),
    )
    .unwrap();
    let elsewhere = dir.path().join("lain.sqlite");
    for store in [None, Some(&elsewhere)] {
        let mut cmd = kuis();
        cmd.env_remove("KUIS_STORE").env("KUIS_CONFIG", &config);
        if let Some(store) = store {
            cmd.env("KUIS_STORE", store);
        }
        let out = cmd
            .args([
                "take",
                MINI,
                "--no-shuffle",
                "--name",
                "Siti",
                "--answers",
                "-",
            ])
            .write_stdin("a\na,c\nsalah\na\n")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    assert_eq!(stored(s.path()).len(), 1);
    assert_eq!(stored(&elsewhere).len(), 1);
}

/// A web session of `room` with the id `id`, not yet ended.
pub fn web_session(id: &str, room: &str) -> WebSession {
    WebSession {
        id: id.into(),
        room: room.into(),
        participant: Participant {
            name: Some("Siti".into()),
            ..Participant::default()
        },
        bank_sha256: "0".repeat(64),
        options: "{}".into(),
        seed: u64::MAX,
        started: "2026-11-26T09:00:00+07:00".into(),
        started_ms: 1,
        deadline_ms: None,
        lang: "id".into(),
        ending: None,
        attempt_id: None,
        person: format!("name:{id}"),
        alias: format!("name:{id}|"),
    }
}

/// The answer at `position` with `picked`.
pub fn web_answer(position: usize, picked: Vec<usize>) -> WebAnswer {
    WebAnswer {
        position,
        picked,
        seconds: 1.5,
        answered_ms: 2,
    }
}

// Test `kuis serve`'s store operations: a room keeps its first secret and token (so every
// instance on one database agrees), an answer saved twice counts once, the last answer saves
// the attempt (with its room) and ends the session in one transaction, nothing is saved after
// the end, the room's pulse moves with each change, and a report can select the room.
fn web_rooms_sessions_answers(backend: Backend) {
    let Some(s) = TestStore::new(backend, "web_rooms_sessions_answers") else {
        return;
    };
    let scratch = TestStore::new(Backend::Sqlite, "scratch").unwrap();
    take(&scratch, "Siti", "a\na,c\nsalah\na\n");
    let mut attempt = stored(scratch.path()).remove(0);
    attempt.room = Some("r".into());
    let mut store = Store::open(s.value.as_str()).unwrap();
    let room = store.open_room("r", "s1", "t1", "now").unwrap();
    assert_eq!((room.secret.as_str(), room.token.as_str()), ("s1", "t1"));
    assert_eq!(store.open_room("r", "s2", "t2", "later").unwrap(), room);
    let pulse = store.room_pulse("r").unwrap();
    store.start_web_session(&web_session("a", "r")).unwrap();
    assert!(store.room_pulse("r").unwrap() > pulse);
    let save = |store: &mut Store, answer, finished| {
        store.save_web_answer("a", &answer, finished).unwrap()
    };
    assert_eq!(save(&mut store, web_answer(0, vec![1]), None), Given::Saved);
    assert_eq!(save(&mut store, web_answer(0, vec![0]), None), Given::Again);
    assert_eq!(
        save(&mut store, web_answer(1, vec![0, 2]), Some(&attempt)),
        Given::Saved
    );
    assert_eq!(save(&mut store, web_answer(2, vec![]), None), Given::Ended);
    assert!(
        !store
            .end_web_session("a", "time-up", &mut |_, _| Ok(None))
            .unwrap()
    );
    let (row, answers) = store.web_session("a").unwrap().unwrap();
    assert_eq!(row.ending.as_deref(), Some("completed"));
    assert_eq!(row.seed, u64::MAX);
    assert_eq!(row.attempt_id, Some(attempt.id.to_string()));
    assert_eq!(
        answers,
        vec![web_answer(0, vec![1]), web_answer(1, vec![0, 2])]
    );
    assert!(store.web_session("b").unwrap().is_none());
    let room_of = |name: &str| Filter {
        room: Some(name.into()),
        ..Filter::default()
    };
    assert_eq!(store.attempts(&room_of("r")).unwrap(), vec![attempt]);
    assert!(store.attempts(&room_of("q")).unwrap().is_empty());
    assert_eq!(store.room_sessions("r").unwrap(), vec![(row, answers)]);
    let pulse = store.room_pulse("r").unwrap();
    store.close_room("r", "then").unwrap();
    store.close_room("r", "again").unwrap();
    assert!(store.room_pulse("r").unwrap() > pulse);
    assert_eq!(
        store.room("r").unwrap().unwrap().closed.as_deref(),
        Some("then")
    );
}

/// A pretend PostgreSQL server on a free port that reads each client's startup message and
/// answers it with `reply` (protocol bytes), then hangs up: the server's side of a refused
/// login, without a server set up to refuse one.
fn pretend_server(reply: Vec<u8>) -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut client in listener.incoming().flatten() {
            let mut length = [0u8; 4];
            if client.read_exact(&mut length).is_err() {
                continue;
            }
            let mut rest = vec![0u8; (u32::from_be_bytes(length) as usize).saturating_sub(4)];
            if client.read_exact(&mut rest).is_ok() {
                let _ = client.write_all(&reply);
            }
        }
    });
    port
}

/// A protocol message: its type byte, its length, its body.
fn message(kind: u8, body: &[u8]) -> Vec<u8> {
    let mut m = vec![kind];
    m.extend_from_slice(&(body.len() as u32 + 4).to_be_bytes());
    m.extend_from_slice(body);
    m
}

// Test that a login the server refuses (wrong password: SQLSTATE 28P01) and one it wants a
// password for, when none was given, are each said plainly in both languages, with exit 3
// and without the password.
#[test]
fn refused_logins_are_named() {
    let mut error = Vec::new();
    for (field, value) in [
        (b'S', "FATAL"),
        (b'V', "FATAL"),
        (b'C', "28P01"),
        (b'M', "password authentication failed for user \"kuis\""),
    ] {
        error.push(field);
        error.extend_from_slice(value.as_bytes());
        error.push(0);
    }
    error.push(0);
    let wrong = pretend_server(message(b'E', &error));
    // AuthenticationCleartextPassword.
    let asks = pretend_server(message(b'R', &3u32.to_be_bytes()));
    for (store, lang, words) in [
        (
            format!("postgres://kuis:salah@127.0.0.1:{wrong}/kuis"),
            "en",
            "authentication failed for user kuis: wrong password",
        ),
        (
            format!("postgres://kuis:salah@127.0.0.1:{wrong}/kuis"),
            "id",
            "autentikasi gagal untuk pengguna kuis: kata sandi salah",
        ),
        (
            format!("postgres://kuis@127.0.0.1:{asks}/kuis"),
            "en",
            "the server asks for a password for user kuis",
        ),
    ] {
        let out = kuis()
            .env("KUIS_STORE", &store)
            .env_remove("PGPASSWORD")
            .args(["--lang", lang, "export"])
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(3), "{err}");
        assert!(err.contains(words), "{err}");
        assert!(!err.contains("salah@"), "the password was printed: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("Error {"),
            "{err}"
        );
    }
}

// Test that a --store URL that does not parse keeps no attempt out: `take` falls back to the
// fallback file like any other store failure.
#[test]
fn malformed_url_at_save_time_falls_back() {
    let cwd = tempfile::tempdir().unwrap();
    let out = kuis()
        .env("KUIS_STORE", "postgres://kuis@127.0.0.1:notaport/kuis")
        .current_dir(cwd.path())
        .args(["--lang", "en", "take"])
        .arg(super::project(MINI))
        .args(["--no-shuffle", "--anonymous", "--answers", "-"])
        .write_stdin("a\na,c\nsalah\na\n")
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("not a valid PostgreSQL URL"), "{err}");
    let kept = std::fs::read_to_string(cwd.path().join(kuis::cmd::take::FALLBACK)).unwrap();
    assert_eq!(Attempt::parse_many(&kept).unwrap().len(), 1);
}

// Test that import reads every valid RFC 3339 time, to the last second of 9999 (past jiff's
// last timestamp), keeps it, and reports and exports it; and that an offset of 25 hours is
// refused as out of range, not as "not an RFC 3339 time".
fn import_reads_every_rfc3339_time(backend: Backend) {
    use super::hostile::{attempt, import, new_id};
    let Some(s) = TestStore::new(backend, "import_reads_every_rfc3339_time") else {
        return;
    };
    let good = attempt("a\na,c\nsalah\na\n");
    let mut last = good.clone();
    last["started"] = "9999-12-31T23:59:00+00:00".into();
    last["finished"] = "9999-12-31T23:59:59+00:00".into();
    new_id(&mut last, 1);
    let mut far = good.clone();
    far["finished"] = "2026-11-29T08:27:13+25:00".into();
    new_id(&mut far, 2);
    let out = import(s.path(), &[last, far], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("finished is outside its possible range"),
        "{said}"
    );
    assert!(!said.contains("not an RFC 3339 time"), "{said}");
    let kept = stored(s.path());
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].finished, "9999-12-31T23:59:59+00:00");
    assert_eq!(kept[0].seconds(), 59);
    let report = on(&s, &["report", "--until", "9999-12-31T23:59:59+00:00"]);
    assert!(report.status.success(), "{}", stderr(&report));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.xlsx");
    let xlsx = on(
        &s,
        &["export", "--format", "xlsx", "-o", file.to_str().unwrap()],
    );
    assert!(xlsx.status.success(), "{}", stderr(&xlsx));
}
