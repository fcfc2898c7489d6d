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
    /// Who, as the room counts attempts: the NIP when given, else name and unit (see
    /// [`person_keys`]).
    pub person: String,
    /// Name and unit, as the room counts them: a retake that leaves out the NIP, or gives
    /// another, is still this person's.
    pub alias: String,
}

/// How the room knows a person again: the key of their NIP when they give one, else of their
/// name and unit; and the key of name and unit alone. Case, spaces and punctuation do not
/// count ("Siti  Rahma, S.Pd." is "siti rahma s pd"), so a retake is not a new person by
/// spelling.
pub fn person_keys(p: &Participant) -> (String, String) {
    let norm = |t: &Option<String>| {
        t.as_deref()
            .unwrap_or("")
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_lowercase().next().unwrap_or(c)
                } else {
                    ' '
                }
            })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let alias = format!("name:{}|{}", norm(&p.name), norm(&p.unit));
    let nip: String = p
        .nip
        .as_deref()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let person = if nip.is_empty() {
        alias.clone()
    } else {
        format!("nip:{nip}")
    };
    (person, alias)
}

/// What asking to start a quiz in a room did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joined {
    /// The session is kept and starts.
    Started,
    /// The person has used every attempt the room allows them: nothing was started.
    Used {
        /// Attempts used (quizzes with at least one answer).
        used: u32,
        /// Attempts allowed, with those the trainer granted.
        allowed: u32,
    },
}

/// A person's attempts in a room: used, and granted beyond the room's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Quizzes with at least one answer.
    pub used: u32,
    /// Extra attempts the trainer granted.
    pub granted: u32,
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

/// Builds a session's attempt from the session and its answers (see
/// [`Store::end_web_session`]); an error says why it cannot be built.
pub type Build<'a> = dyn FnMut(&WebSession, &[WebAnswer]) -> Result<Option<Attempt>, String> + 'a;

/// The backends' side of [`Build`], with the error already the store's.
pub(super) type BuildRow<'a> =
    dyn FnMut(&WebSession, &[WebAnswer]) -> Result<Option<Attempt>, StoreError> + 'a;

/// A web session with its answers in plan order.
pub type Sessions = Vec<(WebSession, Vec<WebAnswer>)>;

/// The columns of `web_sessions` in the order both backends read and write them.
pub(super) const SESSION_COLUMNS: &str = "id, room, name, nip, unit, bank_sha256, options, seed, \
     started, started_ms, deadline_ms, lang, ending, attempt_id, person, alias";

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

    /// Keep a new web session, when its person has an attempt left: with `attempts`, a
    /// person who has used that many (plus those the trainer granted) gets
    /// [`Joined::Used`] and nothing starts. In one transaction that holds the person's row,
    /// so two joins at once (two instances, two phones) cannot both take the last attempt.
    /// With a limit, a running quiz of the same person with nothing answered yet (a form
    /// posted twice, a phone given up) ends first: one person answers in one quiz at a time.
    pub fn join_web_session(
        &mut self,
        s: &WebSession,
        attempts: Option<u32>,
    ) -> Result<Joined, StoreError> {
        match &mut self.db {
            Db::Sqlite(db) => db.join_web_session(s, attempts),
            Db::Postgres(db) => db.join_web_session(s, attempts),
        }
    }

    /// Keep a new web session, whoever it is (as [`Store::join_web_session`] without a limit).
    pub fn start_web_session(&mut self, s: &WebSession) -> Result<(), StoreError> {
        self.join_web_session(s, None).map(|_| ())
    }

    /// The attempts of `person` (or of their `alias`) in `room`.
    pub fn tally(&self, room: &str, person: &str, alias: &str) -> Result<Tally, StoreError> {
        match &self.db {
            Db::Sqlite(db) => db.tally(room, person, alias),
            Db::Postgres(db) => db.tally(room, person, alias),
        }
    }

    /// The trainer grants `person` one more attempt in `room`.
    pub fn grant_attempt(&mut self, room: &str, person: &str) -> Result<(), StoreError> {
        match &mut self.db {
            Db::Sqlite(db) => db.grant_attempt(room, person),
            Db::Postgres(db) => db.grant_attempt(room, person),
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

    /// End `session` as `ending` (time up, the room closed, the participant stopped) and
    /// save its attempt, built by `build` from the session and its answers as they are read
    /// inside the ending transaction, with the session's row locked: an answer acknowledged
    /// before the end is in the attempt, one that comes after finds the session ended. `build`
    /// returns `None` when there is nothing to save (nothing answered). Returns false when the
    /// session had already ended (or does not exist): ending is done once.
    pub fn end_web_session(
        &mut self,
        session: &str,
        ending: &str,
        build: &mut Build<'_>,
    ) -> Result<bool, StoreError> {
        let location = self.location.clone();
        let mut rows = |s: &WebSession, a: &[WebAnswer]| -> Result<Option<Attempt>, StoreError> {
            build(s, a).map_err(|why| StoreError::Record {
                store: location.to_string(),
                why,
            })
        };
        match &mut self.db {
            Db::Sqlite(db) => db.end_web_session(session, ending, &mut rows),
            Db::Postgres(db) => db.end_web_session(session, ending, &mut rows),
        }
    }
}
