//! SIGINT and SIGTERM during a quiz: both front ends stop the quiz the same way (the attempt
//! is kept as interrupted, `--out` written) and the process exits 130 or 143.

use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Which signal stopped the quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGINT (Ctrl-C): exit 130.
    Interrupt,
    /// SIGTERM (`kill`, a shutting-down system): exit 143.
    Terminate,
}

struct Flags {
    interrupt: Arc<AtomicBool>,
    terminate: Arc<AtomicBool>,
}

static FLAGS: OnceLock<Flags> = OnceLock::new();

/// Catch SIGINT and SIGTERM from now on (idempotent): they set flags the front ends look at
/// instead of killing the process.
pub fn install() {
    FLAGS.get_or_init(|| {
        let flags = Flags {
            interrupt: Arc::new(AtomicBool::new(false)),
            terminate: Arc::new(AtomicBool::new(false)),
        };
        // Registration fails only for forbidden signals; these two are not.
        let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, flags.interrupt.clone());
        let _ = signal_hook::flag::register(signal_hook::consts::SIGTERM, flags.terminate.clone());
        flags
    });
}

/// The signal caught so far, if any. SIGTERM wins: console answers an interrupted read by
/// raising SIGINT itself, so a SIGTERM at a prompt sets both.
pub fn caught() -> Option<Signal> {
    let flags = FLAGS.get()?;
    if flags.terminate.load(Ordering::SeqCst) {
        Some(Signal::Terminate)
    } else if flags.interrupt.load(Ordering::SeqCst) {
        Some(Signal::Interrupt)
    } else {
        None
    }
}

/// The marker inside the error an [`Interruptible`] returns when a signal came.
#[derive(Debug)]
struct Stopped;

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stopped by a signal")
    }
}

impl std::error::Error for Stopped {}

/// Whether `e` is an [`Interruptible`]'s "a signal came". (Not `ErrorKind::Interrupted`:
/// `BufRead::read_until` retries those.)
pub fn is_stop(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<Stopped>())
}

/// A reader that a signal can interrupt. A blocking `read` is restarted after a signal
/// handler runs, so the answers would wait for the next line before the quiz noticed; here a
/// thread reads and the quiz waits on a channel it can leave.
pub struct Interruptible {
    chunks: Receiver<io::Result<Vec<u8>>>,
    pending: Vec<u8>,
    at: usize,
    done: bool,
}

impl Interruptible {
    /// Read `source` on a thread of its own, a bounded number of chunks ahead.
    pub fn new(mut source: impl Read + Send + 'static) -> Self {
        install();
        let (send, chunks): (SyncSender<io::Result<Vec<u8>>>, _) = sync_channel(2);
        std::thread::spawn(move || {
            loop {
                let mut buf = vec![0; 8192];
                let sent = match source.read(&mut buf) {
                    Ok(n) => {
                        buf.truncate(n);
                        send.send(Ok(buf)).is_ok() && n > 0
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => true,
                    Err(e) => {
                        let _ = send.send(Err(e));
                        false
                    }
                };
                if !sent {
                    return;
                }
            }
        });
        Interruptible {
            chunks,
            pending: Vec::new(),
            at: 0,
            done: false,
        }
    }
}

impl Read for Interruptible {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if caught().is_some() {
                return Err(io::Error::other(Stopped));
            }
            if self.at < self.pending.len() {
                let n = buf.len().min(self.pending.len() - self.at);
                buf[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
                self.at += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            match self.chunks.recv_timeout(Duration::from_millis(50)) {
                Ok(Ok(chunk)) => {
                    self.done = chunk.is_empty();
                    self.pending = chunk;
                    self.at = 0;
                }
                Ok(Err(e)) => return Err(e),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => self.done = true,
            }
        }
    }
}
