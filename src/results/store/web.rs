//! What `kuis serve` keeps in the store: rooms, web sessions, and each answer as it is given.
//! The types and the [`Store`] operations are here, once; each backend's SQL for them is in
//! its own file beside the rest of its SQL. Each operation is one statement or one
//! transaction, and nothing of a participant lives in a server's memory, so any instance on
//! the same store (a PostgreSQL database behind a load balancer) can answer any request.

use super::{Db, Row, Store, StoreError};
use crate::results::attempt::{Attempt, Participant};

/// A room: the participants of one session of training, and the trainer's secrets for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    /// Its name (`--room`).
    pub name: String,
    /// The key the room's CSRF tokens are derived from.
    pub secret: String,
    /// The trainer's token (in the trainer link).
    pub token: String,
    /// When the trainer closed it (RFC 3339); `None` while open.
    pub closed: Option<String>,
}

/// One participant's quiz in a browser: enough to rebuild its plan and session on any server.
#[derive(Debug, Clone, PartialEq)]
pub struct WebSession {
    /// The cookie's value: 128 random bits, hex.
    pub id: String,
    /// The room.
    pub room: String,
    /// Who.
    pub participant: Participant,
    /// The bank's content hash when it started: a changed bank cannot resume the plan.
    pub bank_sha256: String,
    /// The plan's options, as the web front end wrote them (JSON).
    pub options: String,
    /// The plan's seed.
    pub seed: u64,
    /// Start, RFC 3339.
    pub started: String,
    /// Start, milliseconds since the Unix epoch.
    pub started_ms: i64,
    /// When time runs out, milliseconds since the Unix epoch.
    pub deadline_ms: Option<i64>,
    /// The UI language it started in (an attempt ended by the server, not by a request of the
    /// participant's, records it).
    pub lang: String,
    /// How it ended (`completed`, `time-up`, `interrupted`); `None` while it runs.
    pub ending: Option<String>,
    /// The attempt it was saved as (none when it ended with nothing answered).
    pub attempt_id: Option<String>,
}

/// One answer of a web session.
#[derive(Debug, Clone, PartialEq)]
pub struct WebAnswer {
    /// Its position in the plan (0-based).
    pub position: usize,
    /// The display positions picked.
    pub picked: Vec<usize>,
    /// Seconds spent on it.
    pub seconds: f64,
    /// When it was given, milliseconds since the Unix epoch.
    pub answered_ms: i64,
}

/// An answer to save: whose, which, and the attempt when it ends the quiz.
#[derive(Debug, Clone)]
pub struct ToSave {
    /// The web session.
    pub session: String,
    /// The answer.
    pub answer: WebAnswer,
    /// The attempt, when this answer is the quiz's last.
    pub finished: Option<Attempt>,
}

/// What saving an answer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Given {
    /// It was saved (with the attempt, when it was the last).
    Saved,
    /// That position was already answered: a double submit, counted once.
    Again,
    /// The session had already ended; nothing was saved.
    Ended,
}

/// A web session with its answers in plan order.
pub type Sessions = Vec<(WebSession, Vec<WebAnswer>)>;

/// The columns of `web_sessions` in the order both backends read and write them.
pub(super) const SESSION_COLUMNS: &str = "id, room, name, nip, unit, bank_sha256, options, seed, \
     started, started_ms, deadline_ms, lang, ending, attempt_id";

/// The picked positions as stored: `0,2`.
pub(super) fn picked_text(picked: &[usize]) -> String {
    picked
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// The picked positions from their stored text.
pub(super) fn picked_from(text: &str) -> Vec<usize> {
    text.split(',')
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect()
}

/// Sessions (in the order they started) with the answers of a room (by session, then
/// position) put under their own session.
pub(super) fn grouped(sessions: Vec<WebSession>, answers: Vec<(String, WebAnswer)>) -> Sessions {
    let index: std::collections::HashMap<String, usize> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i))
        .collect();
    let mut grouped: Sessions = sessions.into_iter().map(|s| (s, Vec::new())).collect();
    for (session, answer) in answers {
        if let Some(&i) = index.get(&session) {
            grouped[i].1.push(answer);
        }
    }
    grouped
}

impl Store {
    /// The room `name`, created with `secret` and `token` when it does not exist yet. A room
    /// that exists keeps its own, so a restarted server's trainer link still works and every
    /// instance on one database signs and checks with the same secrets.
    pub fn open_room(
        &mut self,
        name: &str,
        secret: &str,
        token: &str,
        created: &str,
    ) -> Result<Room, StoreError> {
        match &mut self.db {
            Db::Sqlite(db) => db.create_room(name, secret, token, created)?,
            Db::Postgres(db) => db.create_room(name, secret, token, created)?,
        }
        self.room(name)?.ok_or_else(|| StoreError::Record {
            store: self.location.to_string(),
            why: format!("room {name} vanished"),
        })
    }

    /// The room `name`, if it exists.
    pub fn room(&self, name: &str) -> Result<Option<Room>, StoreError> {
        match &self.db {
            Db::Sqlite(db) => db.room(name),
            Db::Postgres(db) => db.room(name),
        }
    }

    /// Close the room at `when` (RFC 3339): no new answers. Closing twice keeps the first time.
    pub fn close_room(&mut self, name: &str, when: &str) -> Result<(), StoreError> {
        match &mut self.db {
            Db::Sqlite(db) => db.close_room(name, when),
            Db::Postgres(db) => db.close_room(name, when),
        }
    }

    /// Keep a new web session.
    pub fn start_web_session(&mut self, s: &WebSession) -> Result<(), StoreError> {
        match &mut self.db {
            Db::Sqlite(db) => db.start_web_session(s),
            Db::Postgres(db) => db.start_web_session(s),
        }
    }

    /// The web session `id` with its answers in plan order, if it exists.
    pub fn web_session(
        &self,
        id: &str,
    ) -> Result<Option<(WebSession, Vec<WebAnswer>)>, StoreError> {
        match &self.db {
            Db::Sqlite(db) => db.web_session(id),
            Db::Postgres(db) => db.web_session(id),
        }
    }

    /// Every web session of `room` with its answers, in the order they started.
    pub fn room_sessions(&self, room: &str) -> Result<Sessions, StoreError> {
        match &self.db {
            Db::Sqlite(db) => db.room_sessions(room),
            Db::Postgres(db) => db.room_sessions(room),
        }
    }

    /// A number that changes whenever anything in `room` does (a join, an answer, an end,
    /// the room closing), on whichever instance: the trainer's live page polls it.
    pub fn room_pulse(&self, room: &str) -> Result<i64, StoreError> {
        match &self.db {
            Db::Sqlite(db) => db.room_pulse(room),
            Db::Postgres(db) => db.room_pulse(room),
        }
    }

    /// Save an answer of `session`, once: a second answer at the same position is a double
    /// submit and changes nothing. When the answer ends the quiz, `finished` is its attempt,
    /// saved in the same transaction with the session marked as ended `completed`.
    pub fn save_web_answer(
        &mut self,
        session: &str,
        answer: &WebAnswer,
        finished: Option<&Attempt>,
    ) -> Result<Given, StoreError> {
        let one = ToSave {
            session: session.to_owned(),
            answer: answer.clone(),
            finished: finished.cloned(),
        };
        Ok(self.save_web_answers(std::slice::from_ref(&one))?[0])
    }

    /// Save several answers, each as [`Store::save_web_answer`] does, in order, in one
    /// transaction: a busy room's answers share one write (one disk sync, one commit). All
    /// or none are saved.
    pub fn save_web_answers(&mut self, batch: &[ToSave]) -> Result<Vec<Given>, StoreError> {
        let rows = batch
            .iter()
            .map(|one| {
                one.finished
                    .as_ref()
                    .map(|a| Row::new(a, &self.location))
                    .transpose()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let batch: Vec<(&ToSave, Option<&Row<'_>>)> =
            batch.iter().zip(rows.iter().map(Option::as_ref)).collect();
        match &mut self.db {
            Db::Sqlite(db) => db.save_web_answers(&batch),
            Db::Postgres(db) => db.save_web_answers(&batch),
        }
    }

    /// End `session` as `ending` (time up, the room closed) and save its attempt (none when
    /// nothing was answered). Returns false when it had already ended: ending is done once.
    pub fn end_web_session(
        &mut self,
        session: &str,
        ending: &str,
        attempt: Option<&Attempt>,
    ) -> Result<bool, StoreError> {
        let row = attempt.map(|a| Row::new(a, &self.location)).transpose()?;
        match &mut self.db {
            Db::Sqlite(db) => db.end_web_session(session, ending, row.as_ref()),
            Db::Postgres(db) => db.end_web_session(session, ending, row.as_ref()),
        }
    }
}
