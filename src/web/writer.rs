//! One writer thread for the participants' answers: the answers that arrive while it writes
//! wait in a queue and go to the store together, in one transaction (one write to disk for
//! all of them), so a room answering at once is not held up by a disk sync per answer. Each
//! request still waits until its own answer is stored before it is answered. When the
//! database is lost, the store connects again and runs the batch again (saving is idempotent
//! by session and position, so an answer whose commit went unacknowledged is not kept twice);
//! when it stays unreachable, the batch's requests are told so and the next batch tries anew.

use std::sync::mpsc;

use crate::results::store::web::{Given, ToSave};
use crate::results::store::{Location, Store, StoreError};

use super::WebError;

/// The most answers written in one transaction.
const BATCH: usize = 256;

/// A job: an answer to save, and where to say what became of it.
struct Job {
    save: ToSave,
    done: mpsc::SyncSender<Result<Given, WebError>>,
}

/// The queue to the writer thread; the thread ends when this is dropped.
pub(crate) struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Open a store connection for the writer and start its thread.
    /// Called outside the async runtime: a PostgreSQL client blocks on a runtime of its own.
    pub fn start(location: &Location) -> Result<Writer, StoreError> {
        let store = Store::open(location.clone())?;
        let (jobs, queue) = mpsc::channel();
        std::thread::Builder::new()
            .name("kuis-writer".into())
            .spawn(move || write(store, &queue))
            .map_err(|e| StoreError::Record {
                store: location.to_string(),
                why: e.to_string(),
            })?;
        Ok(Writer { jobs })
    }

    /// Save `save` and wait until it is stored (call from a blocking thread).
    pub fn save(&self, save: ToSave) -> Result<Given, WebError> {
        let (done, result) = mpsc::sync_channel(1);
        self.jobs
            .send(Job { save, done })
            .map_err(|_| WebError::Internal("the writer thread has stopped".into()))?;
        result
            .recv()
            .map_err(|_| WebError::Internal("the writer thread has stopped".into()))?
    }
}

/// Take the queue's answers as they come, as many as wait at once, and store them together.
/// When a batch fails, its answers are tried one by one, so one bad answer fails alone; when
/// it fails because the database cannot be reached, every answer of it is told so at once.
fn write(mut store: Store, queue: &mpsc::Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut jobs = vec![first];
        while jobs.len() < BATCH {
            match queue.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        let batch: Vec<ToSave> = jobs.iter().map(|j| j.save.clone()).collect();
        match store.save_web_answers(&batch) {
            Ok(given) => {
                for (job, given) in jobs.iter().zip(given) {
                    let _ = job.done.send(Ok(given));
                }
            }
            Err(e) if e.is_unavailable() => {
                let e = WebError::from(e);
                for job in &jobs {
                    let _ = job.done.send(Err(e.clone()));
                }
            }
            Err(_) => {
                for (job, save) in jobs.iter().zip(&batch) {
                    let one = store
                        .save_web_answers(std::slice::from_ref(save))
                        .map(|g| g[0])
                        .map_err(WebError::from);
                    let _ = job.done.send(one);
                }
            }
        }
    }
}
