//! Personal data on both backends: `kuis forget` leaves no trace of the person in any text
//! column of any table and records the erasure; `kuis prune` removes what is older and keeps
//! the rest as it was; `kuis export --nip/--name` gives one person's data; pseudonymised
//! exports and reports hold no name, NIP or unit and give one person one pseudonym; `kuis
//! serve`'s web sessions go once their room has been closed long enough.

use kuis::results::attempt::Attempt;
use kuis::results::store::Store;
use kuis::results::store::privacy::{Erasure, Removed};

use super::store::{Backend, TestStore, five, on, per_backend, web_answer, web_session};
use super::{stderr, stored};

per_backend!(
    forget_leaves_no_trace,
    forget_by_nip,
    prune_keeps_newer_attempts,
    export_one_person,
    pseudonymised_exports_and_reports,
    web_sessions_purged_after_the_room_closed,
);

/// Every `table.column` of text in the store that holds `needle` (in any case): a query over
/// every text column of every table, whatever tables later versions add.
fn traces(s: &TestStore, needle: &str) -> Vec<String> {
    let needle = needle.to_lowercase();
    let mut found = Vec::new();
    if s.value.starts_with("postgres") {
        let mut db = ::postgres::Client::connect(&s.value, ::postgres::NoTls).unwrap();
        let columns: Vec<(String, String)> = db
            .query(
                "SELECT table_name::text, column_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema()
                    AND data_type IN ('text', 'character varying', 'jsonb', 'json')",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        assert!(columns.iter().any(|(t, _)| t == "attempts"));
        for (table, column) in columns {
            let n: i64 = db
                .query_one(
                    &format!(
                        "SELECT count(*) FROM \"{table}\" WHERE lower(\"{column}\"::text) LIKE '%' || $1 || '%'"
                    ),
                    &[&needle],
                )
                .unwrap()
                .get(0);
            if n > 0 {
                found.push(format!("{table}.{column}"));
            }
        }
    } else {
        let db = rusqlite::Connection::open(&s.value).unwrap();
        let tables: Vec<String> = db
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(tables.iter().any(|t| t == "attempts"));
        for table in tables {
            let columns: Vec<String> = db
                .prepare(&format!(
                    "SELECT name FROM pragma_table_info('{table}') WHERE upper(type) = 'TEXT'"
                ))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            for column in columns {
                let n: i64 = db
                    .query_row(
                        &format!(
                            "SELECT count(*) FROM \"{table}\" WHERE lower(\"{column}\") LIKE '%' || ?1 || '%'"
                        ),
                        [&needle],
                        |r| r.get(0),
                    )
                    .unwrap();
                if n > 0 {
                    found.push(format!("{table}.{column}"));
                }
            }
        }
    }
    found
}

/// The erasure register of the store.
fn register(s: &TestStore) -> Vec<Erasure> {
    Store::open(s.value.as_str()).unwrap().erasures().unwrap()
}

// Test that `kuis forget --name --unit` refuses without a terminal and without --yes (and
// removes nothing), then with --yes removes the person's attempt, answers and web session with
// its answers (another person's web session stays), leaves no trace of the name in any text
// column of any table, records the erasure without the name, and says that earlier exports
// are out of its reach.
fn forget_leaves_no_trace(backend: Backend) {
    let Some(s) = TestStore::new(backend, "forget_leaves_no_trace") else {
        return;
    };
    let before = five(&s);
    {
        let mut store = Store::open(s.value.as_str()).unwrap();
        store.open_room("r", "s", "t", "now").unwrap();
        let mut siti = web_session("w1", "r");
        siti.participant.unit = Some("BKPSDM".into());
        // As `kuis serve` keys her, with one more attempt granted by the trainer.
        (siti.person, siti.alias) = kuis::results::store::web::person_keys(&siti.participant);
        store.start_web_session(&siti).unwrap();
        store.grant_attempt("r", &siti.person).unwrap();
        store
            .save_web_answer("w1", &web_answer(0, vec![1]), None)
            .unwrap();
        let mut budi = web_session("w2", "r");
        budi.participant.name = Some("Budi".into());
        store.start_web_session(&budi).unwrap();
    }
    assert!(!traces(&s, "siti").is_empty());
    let refused = on(&s, &["forget", "--name", "siti", "--unit", "bkpsdm"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("add --yes"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(stored(s.path()).len(), 5);
    let out = on(
        &s,
        &["forget", "--name", " SITI ", "--unit", "bkpsdm", "--yes"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains(
            "Removed: 1 attempt(s) (4 answers), 1 web session(s) (1 web answers). The erasure is recorded"
        ),
        "{said}"
    );
    assert!(said.contains(
        "Exports, reports, backups and attempt files made before are out of kuis's reach"
    ));
    assert_eq!(traces(&s, "siti"), Vec::<String>::new());
    let others: Vec<Attempt> = before
        .into_iter()
        .filter(|a| a.participant.name.as_deref() != Some("Siti"))
        .collect();
    assert_eq!(stored(s.path()), others);
    let store = Store::open(s.value.as_str()).unwrap();
    assert!(store.web_session("w2").unwrap().is_some());
    let register = store.erasures().unwrap();
    assert_eq!(register.len(), 1);
    assert_eq!(register[0].what, "forget name+unit");
    assert_eq!(
        register[0].removed,
        Removed {
            attempts: 1,
            answers: 4,
            web_sessions: 1,
            web_answers: 1,
        }
    );
    // Once more: nothing left to remove, nothing recorded.
    let again = on(
        &s,
        &["forget", "--name", "Siti", "--unit", "BKPSDM", "--yes"],
    );
    assert!(again.status.success());
    assert!(stderr(&again).contains("nothing was removed"));
    assert_eq!(register.len(), self::register(&s).len());
    // A name alone is not enough: it may be several people.
    let alone = on(&s, &["forget", "--name", "Budi", "--yes"]);
    assert_eq!(alone.status.code(), Some(2));
}

// Test that `kuis forget --nip` removes every attempt under that NIP whatever its name says,
// and nothing of anyone else; no trace of the NIP or the names stays.
fn forget_by_nip(backend: Backend) {
    let Some(s) = TestStore::new(backend, "forget_by_nip") else {
        return;
    };
    let before = five(&s);
    let nip = "199001012020122001";
    let mut store = Store::open(s.value.as_str()).unwrap();
    for (name, template) in [("Dewi", &before[0]), ("Dewi Lestari", &before[1])] {
        let mut a = template.clone();
        a.id = uuid::Uuid::new_v4();
        a.participant.name = Some(name.into());
        a.participant.nip = Some(format!(" {nip}"));
        assert!(store.insert(&a).unwrap());
    }
    drop(store);
    let out = on(&s, &["forget", "--nip", nip, "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Removed: 2 attempt(s) (8 answers)"));
    for needle in [nip, "dewi"] {
        assert_eq!(traces(&s, needle), Vec::<String>::new(), "{needle}");
    }
    assert_eq!(stored(s.path()), before);
    assert_eq!(register(&s)[0].what, "forget nip");
}

// Test that `kuis prune --before` removes the attempts (with their answers) that finished
// before the date and the web sessions started before it, records it, and leaves every newer
// attempt exactly as it was; `--older-than` reads an age and a nonsense age is a usage error.
fn prune_keeps_newer_attempts(backend: Backend) {
    let Some(s) = TestStore::new(backend, "prune_keeps_newer_attempts") else {
        return;
    };
    let newer = five(&s);
    let mut store = Store::open(s.value.as_str()).unwrap();
    for template in &newer[..2] {
        let mut old = template.clone();
        old.id = uuid::Uuid::new_v4();
        old.started = "2020-01-06T08:00:00+07:00".into();
        old.finished = "2020-01-06T08:10:00+07:00".into();
        assert!(store.insert(&old).unwrap());
    }
    store.open_room("r", "s", "t", "now").unwrap();
    // Started in 1970 (1 ms after the epoch): an old web session.
    store.start_web_session(&web_session("w", "r")).unwrap();
    drop(store);
    assert_eq!(stored(s.path()).len(), 7);
    let out = on(&s, &["prune", "--before", "2024-01-01", "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("Removed: 2 attempt(s) (8 answers), 1 web session(s) (0 web answers)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stored(s.path()), newer);
    let register = register(&s);
    assert_eq!(register.len(), 1);
    assert!(
        register[0].what.starts_with("prune before 20"),
        "{}",
        register[0].what
    );
    let none = on(&s, &["prune", "--older-than", "2y", "--yes"]);
    assert!(none.status.success());
    assert!(stderr(&none).contains("nothing was removed"));
    assert_eq!(stored(s.path()), newer);
    let bad = on(&s, &["prune", "--older-than", "soon", "--yes"]);
    assert_eq!(bad.status.code(), Some(2));
    let neither = on(&s, &["prune", "--yes"]);
    assert_eq!(neither.status.code(), Some(2));
}

// Test that `kuis export --name` (and `--nip`) gives that person's attempts only, in every
// format.
fn export_one_person(backend: Backend) {
    let Some(s) = TestStore::new(backend, "export_one_person") else {
        return;
    };
    let all = five(&s);
    let out = on(&s, &["export", "--name", "siti", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mine = Attempt::parse_many(&String::from_utf8(out.stdout).unwrap()).unwrap();
    assert_eq!(mine, vec![all[0].clone()]);
    let dir = tempfile::tempdir().unwrap();
    for format in ["csv", "jsonl", "xapi", "xlsx"] {
        let file = dir.path().join(format!("siti.{format}"));
        let out = on(
            &s,
            &[
                "export",
                "--name",
                "Siti",
                "--format",
                format,
                "-o",
                file.to_str().unwrap(),
            ],
        );
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        assert!(stderr(&out).contains("1 attempt(s) exported"), "{format}");
    }
    let nobody = on(
        &s,
        &["export", "--nip", "199001012020122001", "--format", "json"],
    );
    assert!(nobody.status.success());
    assert_eq!(String::from_utf8(nobody.stdout).unwrap().trim(), "[]");
}

// Test that pseudonymised exports (every text format) and reports hold no name, NIP or unit
// and not the key, that the same person gets the same pseudonym in two exports, different
// people different ones, and that the report keeps its figures.
fn pseudonymised_exports_and_reports(backend: Backend) {
    let Some(s) = TestStore::new(backend, "pseudonymised_exports_and_reports") else {
        return;
    };
    let plain = five(&s);
    let text = |args: &[&str]| {
        let out = on(&s, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let first = text(&["export", "--pseudonymise", "--format", "json"]);
    let second = text(&["export", "--pseudonymise", "--format", "json"]);
    let (a, b) = (
        Attempt::parse_many(&first).unwrap(),
        Attempt::parse_many(&second).unwrap(),
    );
    assert_eq!(a.len(), 5);
    let people = |xs: &[Attempt]| xs.iter().map(|x| x.participant.clone()).collect::<Vec<_>>();
    assert_eq!(people(&a), people(&b));
    let names: std::collections::HashSet<_> =
        a.iter().map(|x| x.participant.name.clone()).collect();
    assert_eq!(names.len(), 5);
    // Everything but the participant is as stored.
    for (p, q) in a.iter().zip(&plain) {
        assert_eq!(p.id, q.id);
        assert_eq!(p.score, q.score);
        assert_ne!(p.participant, q.participant);
    }
    let key = {
        let mut store = Store::open(s.value.as_str()).unwrap();
        store
            .pseudonym_key()
            .unwrap()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let outputs = [
        first,
        text(&["export", "--pseudonymise", "--format", "csv"]),
        text(&[
            "export",
            "--pseudonymise",
            "--format",
            "jsonl",
            "--level",
            "answer",
        ]),
        text(&["export", "--pseudonymise", "--format", "xapi"]),
        text(&["report", "--pseudonymise", "--format", "json"]),
        text(&["report", "--pseudonymise", "--format", "csv"]),
    ];
    for out in &outputs {
        let lower = out.to_lowercase();
        // As a value (JSON, CSV): "position" holds "siti".
        for who in ["siti", "budi", "ani", "joko", "rina", "bkpsdm"] {
            for quoted in [format!("\"{who}\""), format!(",{who},")] {
                assert!(!lower.contains(&quoted), "{who} in {out}");
            }
        }
        assert!(!lower.contains("bkpsdm"), "{out}");
        assert!(!lower.contains(&key), "the key in {out}");
    }
    // The report's figures are the plain report's.
    let figures = |json: &str| {
        let mut v: serde_json::Value = serde_json::from_str(json).unwrap();
        let report = &mut v["reports"][0];
        let people = report["participants"].as_array().unwrap().len();
        let units = report["units"].as_array().unwrap().len();
        (
            report["test"].take(),
            report["questions"].take(),
            people,
            units,
        )
    };
    assert_eq!(
        figures(&outputs[4]),
        figures(&text(&["report", "--format", "json"]))
    );
}

// Test that the web sessions of a room closed before the cut-off go with their answers once
// ended (the attempt stays), while a session still running, a room still open, and a room
// closed after the cut-off keep theirs; the purge is recorded.
fn web_sessions_purged_after_the_room_closed(backend: Backend) {
    let Some(s) = TestStore::new(backend, "web_sessions_purged_after_the_room_closed") else {
        return;
    };
    let attempt = {
        let mut a = five(&s).remove(0);
        a.id = uuid::Uuid::new_v4();
        a.room = Some("r".into());
        a
    };
    let mut store = Store::open(s.value.as_str()).unwrap();
    for room in ["r", "open", "late"] {
        store.open_room(room, "s", "t", "now").unwrap();
    }
    store.start_web_session(&web_session("done", "r")).unwrap();
    store
        .save_web_answer("done", &web_answer(0, vec![1]), Some(&attempt))
        .unwrap();
    store
        .start_web_session(&web_session("running", "r"))
        .unwrap();
    for (id, room) in [("elsewhere", "open"), ("later", "late")] {
        store.start_web_session(&web_session(id, room)).unwrap();
        store
            .end_web_session(id, "interrupted", &mut |_, _| Ok(None))
            .unwrap();
    }
    store.close_room("r", "2026-01-01T08:00:00+07:00").unwrap();
    store
        .close_room("late", "2026-03-01T08:00:00+07:00")
        .unwrap();
    let cutoff: jiff::Timestamp = "2026-02-01T00:00:00Z".parse().unwrap();
    let removed = store.purge_web_sessions(cutoff).unwrap();
    assert_eq!(
        removed,
        Removed {
            attempts: 0,
            answers: 0,
            web_sessions: 1,
            web_answers: 1,
        }
    );
    assert!(store.web_session("done").unwrap().is_none());
    for kept in ["running", "elsewhere", "later"] {
        assert!(store.web_session(kept).unwrap().is_some(), "{kept}");
    }
    assert!(
        store
            .attempts(&kuis::results::filter::Filter::default())
            .unwrap()
            .contains(&attempt)
    );
    assert_eq!(store.erasures().unwrap()[0].what, "purge web sessions");
    // Nothing more to purge: nothing recorded.
    assert!(store.purge_web_sessions(cutoff).unwrap().is_empty());
    assert_eq!(store.erasures().unwrap().len(), 1);
}

// Test that a new SQLite store, and the write-ahead log beside it, can be read by their owner
// only: they hold names and NIPs.
#[test]
fn a_new_sqlite_store_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let s = TestStore::new(Backend::Sqlite, "a_new_sqlite_store_is_private").unwrap();
    let store = Store::open(s.value.as_str()).unwrap();
    let mode = |path: &str| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&s.value), 0o600);
    assert_eq!(mode(&format!("{}-wal", s.value)), 0o600);
    drop(store);
}
