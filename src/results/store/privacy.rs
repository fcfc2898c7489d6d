//! What the store does for personal data (UU 27/2022, Pelindungan Data Pribadi): erase one
//! person (`kuis forget`), remove attempts older than their purpose needs (`kuis prune`),
//! purge `kuis serve`'s web sessions once their room has closed, keep the register of
//! erasures (dates and counts, never whose), and keep the key of pseudonymised exports. Which
//! rows go is decided here, once; each backend's SQL for it is in its own file.

use std::collections::HashSet;

use jiff::Timestamp;
use serde::Serialize;

use super::{Db, Store, StoreError};
use crate::results::attempt::Participant;
use crate::results::filter::{Filter, Who, match_key};

/// What an erasure removed (or, before it is confirmed, would remove).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// Attempts (with their answers).
    pub attempts: u64,
    /// Answers of those attempts.
    pub answers: u64,
    /// `kuis serve` web sessions.
    pub web_sessions: u64,
    /// Answers kept in those web sessions.
    pub web_answers: u64,
}

impl Removed {
    /// Whether nothing is (or was) removed.
    pub fn is_empty(&self) -> bool {
        *self == Removed::default()
    }
}

/// What to erase.
#[derive(Debug, Clone, Copy)]
pub enum Erase<'a> {
    /// One person: the attempts and web sessions whose participant the filter's `who` (and
    /// `unit`) names, and the web sessions that became those attempts.
    Person(&'a Filter),
    /// Attempts finished before this time, and web sessions started before it or that became
    /// one of those attempts.
    Before(Timestamp),
}

/// One entry of the erasure register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Erasure {
    /// When (RFC 3339).
    pub at: String,
    /// What kind of erasure, without whom: `forget nip`, `forget name+unit`, `prune before
    /// TIME`, `purge web sessions`.
    pub what: String,
    /// What it removed.
    pub removed: Removed,
}

/// A web session as an erasure sees it.
pub(super) struct SessionBrief {
    pub id: String,
    pub participant: Participant,
    pub room: String,
    pub started_ms: i64,
    pub ended: bool,
    pub attempt_id: Option<String>,
}

/// The rows an erasure takes.
struct Chosen {
    attempts: Vec<String>,
    sessions: Vec<String>,
}

/// The key of pseudonymised exports and reports, under this purpose in `secrets`.
const PSEUDONYM: &str = "pseudonym";

impl Store {
    /// Erase `what`: its attempts (with their answers) and web sessions (with theirs), and a
    /// register entry with the date, `what` in words and the counts, in one transaction.
    /// With `commit` false nothing changes and the counts say what would go.
    pub fn erase(&mut self, what: Erase<'_>, commit: bool) -> Result<Removed, StoreError> {
        let chosen = self.choose(what)?;
        let label = match what {
            Erase::Person(Filter {
                who: Some(Who::Nip(_)),
                ..
            }) => "forget nip".to_owned(),
            Erase::Person(_) => "forget name+unit".to_owned(),
            Erase::Before(t) => format!("prune before {t}"),
        };
        self.remove(&chosen, commit.then_some(label.as_str()))
    }

    /// Purge the web sessions (with their answers) of rooms closed before `closed_before`
    /// that have ended: their attempt, if any answer was given, is stored, so they are only
    /// a second copy of it. Sessions still running are kept. Recorded in the register when
    /// anything went.
    pub fn purge_web_sessions(&mut self, closed_before: Timestamp) -> Result<Removed, StoreError> {
        let rooms: HashSet<String> = self
            .closed_rooms()?
            .into_iter()
            .filter(|(_, closed)| {
                closed
                    .parse::<Timestamp>()
                    .is_ok_and(|at| at < closed_before)
            })
            .map(|(name, _)| name)
            .collect();
        if rooms.is_empty() {
            return Ok(Removed::default());
        }
        let sessions = self
            .web_session_briefs()?
            .into_iter()
            .filter(|s| s.ended && rooms.contains(&s.room))
            .map(|s| s.id)
            .collect::<Vec<_>>();
        if sessions.is_empty() {
            return Ok(Removed::default());
        }
        let chosen = Chosen {
            attempts: Vec::new(),
            sessions,
        };
        self.remove(&chosen, Some("purge web sessions"))
    }

    /// The erasure register, oldest first.
    pub fn erasures(&self) -> Result<Vec<Erasure>, StoreError> {
        match &self.db {
            Db::Sqlite(db) => db.erasures(),
            Db::Postgres(db) => db.erasures(),
        }
    }

    /// The key of pseudonymised exports: 32 random bytes created in the store the first
    /// time it is asked for, and the same ever after, so one person gets the same pseudonym
    /// in every export of this store. No export or copy of the store carries it.
    pub fn pseudonym_key(&mut self) -> Result<Vec<u8>, StoreError> {
        let fresh = format!(
            "{:032x}{:032x}",
            rand::random::<u128>(),
            rand::random::<u128>()
        );
        let created = crate::results::when::now();
        let hex = match &mut self.db {
            Db::Sqlite(db) => db.secret(PSEUDONYM, &fresh, &created)?,
            Db::Postgres(db) => db.secret(PSEUDONYM, &fresh, &created)?,
        };
        (0..hex.len() / 2)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16))
            .collect::<Result<Vec<u8>, _>>()
            .ok()
            .filter(|key| key.len() == 32)
            .ok_or_else(|| StoreError::Record {
                store: self.location.to_string(),
                why: "the pseudonym key is damaged".into(),
            })
    }

    /// The attempts and web sessions `what` takes.
    fn choose(&self, what: Erase<'_>) -> Result<Chosen, StoreError> {
        let attempts: Vec<String> = match what {
            Erase::Person(filter) => {
                let Some(who) = &filter.who else {
                    return Ok(Chosen {
                        attempts: Vec::new(),
                        sessions: Vec::new(),
                    });
                };
                let key = match who {
                    Who::Nip(nip) => Who::Nip(match_key(nip)),
                    Who::Name(name) => Who::Name(match_key(name)),
                };
                let rows = match &self.db {
                    Db::Sqlite(db) => db.person_attempts(&key)?,
                    Db::Postgres(db) => db.person_attempts(&key)?,
                };
                rows.into_iter()
                    .filter(|(_, p)| filter.matches_person(p))
                    .map(|(id, _)| id)
                    .collect()
            }
            Erase::Before(t) => match &self.db {
                Db::Sqlite(db) => db.attempts_before(t.as_second())?,
                Db::Postgres(db) => db.attempts_before(t.as_second())?,
            },
        };
        let gone: HashSet<&str> = attempts.iter().map(String::as_str).collect();
        let sessions = self
            .web_session_briefs()?
            .into_iter()
            .filter(|s| {
                s.attempt_id.as_deref().is_some_and(|a| gone.contains(a))
                    || match what {
                        Erase::Person(filter) => filter.matches_person(&s.participant),
                        Erase::Before(t) => s.started_ms < t.as_millisecond(),
                    }
            })
            .map(|s| s.id)
            .collect();
        Ok(Chosen { attempts, sessions })
    }

    fn web_session_briefs(&self) -> Result<Vec<SessionBrief>, StoreError> {
        match &self.db {
            Db::Sqlite(db) => db.web_session_briefs(),
            Db::Postgres(db) => db.web_session_briefs(),
        }
    }

    fn closed_rooms(&self) -> Result<Vec<(String, String)>, StoreError> {
        match &self.db {
            Db::Sqlite(db) => db.closed_rooms(),
            Db::Postgres(db) => db.closed_rooms(),
        }
    }

    /// Count the chosen rows and, when `record` names the erasure, delete them and register
    /// it, in one transaction.
    fn remove(&mut self, chosen: &Chosen, record: Option<&str>) -> Result<Removed, StoreError> {
        let at = crate::results::when::now();
        let record = record.map(|what| (at.as_str(), what));
        match &mut self.db {
            Db::Sqlite(db) => db.remove(&chosen.attempts, &chosen.sessions, record),
            Db::Postgres(db) => db.remove(&chosen.attempts, &chosen.sessions, record),
        }
    }
}
