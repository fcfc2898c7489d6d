//! One writer thread for the participants' answers: the answers that arrive while it writes
//! wait in a queue and go to the store together, in one transaction (one write to disk for
//! all of them), so a room answering at once is not held up by a disk sync per answer. Each
//! request still waits until its own answer is stored before it is answered.

use std::path::Path;
use std::sync::mpsc;

use crate::results::store::{Store, StoreError};
use crate::results::web_store::{Given, ToSave};

use super::WebError;

/// The most answers written in one transaction.
const BATCH: usize = 256;

/// A job: an answer to save, and where to say what became of it.
struct Job {
    save: ToSave,
    done: mpsc::SyncSender<Result<Given, String>>,
}

/// The queue to the writer thread; the thread ends when this is dropped.
pub(crate) struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Open a store connection for the writer and start its thread.
    pub fn start(path: &Path) -> Result<Writer, StoreError> {
        let store = Store::open(path)?;
        let (jobs, queue) = mpsc::channel();
        std::thread::Builder::new()
            .name("kuis-writer".into())
            .spawn(move || write(store, &queue))
            .map_err(|e| StoreError::Record {
                path: path.to_owned(),
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
            .map_err(WebError::Internal)
    }
}

/// Take the queue's answers as they come, as many as wait at once, and store them together.
/// When a batch fails, its answers are tried one by one, so one bad answer fails alone.
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
            Err(_) => {
                for (job, save) in jobs.iter().zip(&batch) {
                    let one = store
                        .save_web_answers(std::slice::from_ref(save))
                        .map(|g| g[0])
                        .map_err(|e| e.to_string());
                    let _ = job.done.send(one);
                }
            }
        }
    }
}
