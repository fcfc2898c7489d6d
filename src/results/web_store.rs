//! What `kuis serve` keeps in the store: rooms, web sessions, and each answer as it is given.
//! All of the web front end's SQL is here, so a second store backend mirrors one file. Each
//! operation is one statement or one transaction; nothing of a participant lives in a
//! server's memory.

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::attempt::{Attempt, Participant};
use super::store::{Store, StoreError, at, insert_in};

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

const SESSION_COLUMNS: &str = "id, room, name, nip, unit, bank_sha256, options, seed, started, \
     started_ms, deadline_ms, lang, ending, attempt_id";

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
    })
}

fn answer_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, WebAnswer)> {
    let picked: String = r.get(2)?;
    Ok((
        r.get(0)?,
        WebAnswer {
            position: r.get::<_, i64>(1)? as usize,
            picked: picked
                .split(',')
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.parse().ok())
                .collect(),
            seconds: r.get(3)?,
            answered_ms: r.get(4)?,
        },
    ))
}

impl Store {
    /// The room `name`, created with `secret` and `token` when it does not exist yet (a room
    /// that exists keeps its own, so a restarted server's trainer link still works).
    pub fn open_room(
        &mut self,
        name: &str,
        secret: &str,
        token: &str,
        created: &str,
    ) -> Result<Room, StoreError> {
        let sql = at(&self.path);
        self.conn
            .execute(
                "INSERT OR IGNORE INTO rooms (name, secret, token, created) VALUES (?1, ?2, ?3, ?4)",
                params![name, secret, token, created],
            )
            .map_err(sql)?;
        self.room(name)?.ok_or_else(|| StoreError::Record {
            path: self.path.clone(),
            why: format!("room {name} vanished"),
        })
    }

    /// The room `name`, if it exists.
    pub fn room(&self, name: &str) -> Result<Option<Room>, StoreError> {
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

    /// Close the room at `at` (RFC 3339): no new answers. Closing twice keeps the first time.
    pub fn close_room(&mut self, name: &str, when: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE rooms SET closed = ?2 WHERE name = ?1 AND closed IS NULL",
                params![name, when],
            )
            .map(|_| ())
            .map_err(at(&self.path))
    }

    /// Keep a new web session.
    pub fn start_web_session(&mut self, s: &WebSession) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO web_sessions ({SESSION_COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
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
                ])
            })
            .map(|_| ())
            .map_err(at(&self.path))
    }

    /// The web session `id` with its answers in plan order, if it exists.
    pub fn web_session(
        &self,
        id: &str,
    ) -> Result<Option<(WebSession, Vec<WebAnswer>)>, StoreError> {
        let sql = at(&self.path);
        let session = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SESSION_COLUMNS} FROM web_sessions WHERE id = ?1"
            ))
            .and_then(|mut s| s.query_row(params![id], session_row).optional())
            .map_err(sql)?;
        let Some(session) = session else {
            return Ok(None);
        };
        let answers = self
            .conn
            .prepare_cached(
                "SELECT session, position, picked, seconds, answered_ms FROM web_answers
                 WHERE session = ?1 ORDER BY position",
            )
            .and_then(|mut s| {
                s.query_map(params![id], answer_row)?
                    .map(|r| r.map(|(_, a)| a))
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(sql)?;
        Ok(Some((session, answers)))
    }

    /// Every web session of `room` with its answers, in the order they started.
    pub fn room_sessions(
        &self,
        room: &str,
    ) -> Result<Vec<(WebSession, Vec<WebAnswer>)>, StoreError> {
        let sql = at(&self.path);
        let mut sessions: Vec<(WebSession, Vec<WebAnswer>)> = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SESSION_COLUMNS} FROM web_sessions WHERE room = ?1
                 ORDER BY started_ms, rowid"
            ))
            .and_then(|mut s| {
                s.query_map(params![room], |r| Ok((session_row(r)?, Vec::new())))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(sql)?;
        let index: std::collections::HashMap<String, usize> = sessions
            .iter()
            .enumerate()
            .map(|(i, (s, _))| (s.id.clone(), i))
            .collect();
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
        for (session, answer) in answers {
            if let Some(&i) = index.get(&session) {
                sessions[i].1.push(answer);
            }
        }
        Ok(sessions)
    }

    /// A number that changes whenever anything in `room` does (a join, an answer, an end,
    /// the room closing): the trainer's live page polls it.
    pub fn room_pulse(&self, room: &str) -> Result<i64, StoreError> {
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
    /// transaction: a busy room's answers share one write to disk. All or none are saved.
    pub fn save_web_answers(&mut self, batch: &[ToSave]) -> Result<Vec<Given>, StoreError> {
        let sql = at(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let mut given = Vec::with_capacity(batch.len());
        for one in batch {
            given.push(answer_in(&tx, &self.path, one)?);
        }
        tx.commit().map_err(sql)?;
        Ok(given)
    }

    /// End `session` as `ending` (time up, the room closed) and save its attempt (none when
    /// nothing was answered). Returns false when it had already ended: ending is done once.
    pub fn end_web_session(
        &mut self,
        session: &str,
        ending: &str,
        attempt: Option<&Attempt>,
    ) -> Result<bool, StoreError> {
        let sql = at(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let ended = end_in(&tx, &self.path, session, ending, attempt)?;
        tx.commit().map_err(sql)?;
        Ok(ended)
    }
}

/// Save one answer inside `tx` (see [`Store::save_web_answer`]).
fn answer_in(
    tx: &rusqlite::Transaction<'_>,
    path: &std::path::Path,
    one: &ToSave,
) -> Result<Given, StoreError> {
    let sql = at(path);
    let ended: Option<Option<String>> = tx
        .prepare_cached("SELECT ending FROM web_sessions WHERE id = ?1")
        .and_then(|mut s| s.query_row(params![one.session], |r| r.get(0)).optional())
        .map_err(sql)?;
    if !matches!(ended, Some(None)) {
        return Ok(Given::Ended);
    }
    let picked: Vec<String> = one.answer.picked.iter().map(usize::to_string).collect();
    let inserted = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO web_answers (session, position, picked, seconds, answered_ms)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .and_then(|mut s| {
            s.execute(params![
                one.session,
                one.answer.position as i64,
                picked.join(","),
                one.answer.seconds,
                one.answer.answered_ms
            ])
        })
        .map_err(sql)?;
    if inserted == 0 {
        return Ok(Given::Again);
    }
    if let Some(attempt) = &one.finished {
        end_in(tx, path, &one.session, &attempt.ending, Some(attempt))?;
    }
    Ok(Given::Saved)
}

/// Mark `session` ended and save its attempt, inside `tx`; false when it had already ended.
fn end_in(
    tx: &rusqlite::Transaction<'_>,
    path: &std::path::Path,
    session: &str,
    ending: &str,
    attempt: Option<&Attempt>,
) -> Result<bool, StoreError> {
    let changed = tx
        .execute(
            "UPDATE web_sessions SET ending = ?2, attempt_id = ?3 WHERE id = ?1 AND ending IS NULL",
            params![session, ending, attempt.map(|a| a.id.to_string())],
        )
        .map_err(at(path))?;
    if changed == 0 {
        return Ok(false);
    }
    if let Some(attempt) = attempt {
        insert_in(tx, path, std::slice::from_ref(attempt))?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::attempt::tests::sample;
    use crate::results::filter::Filter;

    fn session(id: &str) -> WebSession {
        WebSession {
            id: id.into(),
            room: "r".into(),
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
        }
    }

    fn answer(position: usize, picked: Vec<usize>) -> WebAnswer {
        WebAnswer {
            position,
            picked,
            seconds: 1.5,
            answered_ms: 2,
        }
    }

    // Test that a room keeps its first secret and token, that an answer saved twice counts
    // once, that the last answer saves the attempt with the session, and that nothing is
    // saved after the end.
    #[test]
    fn rooms_sessions_answers() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.sqlite")).unwrap();
        let room = store.open_room("r", "s1", "t1", "now").unwrap();
        assert_eq!(store.open_room("r", "s2", "t2", "later").unwrap(), room);
        store.start_web_session(&session("a")).unwrap();
        assert_eq!(
            store
                .save_web_answer("a", &answer(0, vec![1]), None)
                .unwrap(),
            Given::Saved
        );
        assert_eq!(
            store
                .save_web_answer("a", &answer(0, vec![0]), None)
                .unwrap(),
            Given::Again
        );
        let mut attempt = sample("Siti", 1.0);
        attempt.room = Some("r".into());
        assert_eq!(
            store
                .save_web_answer("a", &answer(1, vec![0, 2]), Some(&attempt))
                .unwrap(),
            Given::Saved
        );
        assert_eq!(
            store
                .save_web_answer("a", &answer(2, vec![]), None)
                .unwrap(),
            Given::Ended
        );
        assert!(!store.end_web_session("a", "time-up", None).unwrap());
        let (row, answers) = store.web_session("a").unwrap().unwrap();
        assert_eq!(row.ending.as_deref(), Some("completed"));
        assert_eq!(row.attempt_id, Some(attempt.id.to_string()));
        assert_eq!(answers, vec![answer(0, vec![1]), answer(1, vec![0, 2])]);
        let in_room = Filter {
            room: Some("r".into()),
            ..Filter::default()
        };
        assert_eq!(store.attempts(&in_room).unwrap(), vec![attempt]);
        assert_eq!(store.room_sessions("r").unwrap().len(), 1);
        store.close_room("r", "then").unwrap();
        assert_eq!(
            store.room("r").unwrap().unwrap().closed.as_deref(),
            Some("then")
        );
    }
}
