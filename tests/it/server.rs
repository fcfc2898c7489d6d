//! A running `kuis serve` for tests and benchmarks: the real binary on port 0, its links read
//! from what it prints. Shared by the HTTP tests, the browser tests and the load benchmark
//! (`benches/serve.rs` includes this file), so all start the server the same way.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// `kuis serve ARGS --listen LISTEN` on `store` as the tests run it: Indonesian, no user
/// config, stdout piped (the links).
pub fn serve(store: impl AsRef<OsStr>, args: &[&str], listen: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kuis"));
    cmd.arg("serve")
        .args(args)
        .args(["--listen", listen])
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("KUIS_LANG")
        .env("NO_COLOR", "1")
        .env(
            "KUIS_CONFIG",
            std::env::temp_dir().join("kuis-tests-no-config.toml"),
        )
        .env("KUIS_STORE", store)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    cmd
}

/// A running `kuis serve`, stopped (SIGTERM, then kill) when dropped.
pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The trainer's link.
    pub trainer: String,
}

impl Server {
    /// Start `kuis serve ARGS --listen 127.0.0.1:0` on `store` and wait (generously: a loaded
    /// machine starts slowly) for the links it prints. The store is what `--store` takes: a
    /// path, or a database URL.
    pub fn start(store: impl AsRef<OsStr>, args: &[&str]) -> Server {
        Server::spawn(serve(store, args, "127.0.0.1:0"))
    }

    /// Start `cmd` (made by [`serve`], perhaps changed) as [`Server::start`] does.
    pub fn spawn(mut cmd: Command) -> Server {
        let mut child = cmd
            .stderr(Stdio::null())
            .spawn()
            .expect("kuis serve starts");
        let stdout = child.stdout.take().unwrap();
        let (send, receive) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.starts_with("http://") && send.send(line).is_err() {
                    break;
                }
            }
        });
        let wait = Duration::from_secs(120);
        let participant = receive.recv_timeout(wait).expect("the participant link");
        let trainer = receive.recv_timeout(wait).expect("the trainer link");
        Server {
            child,
            base: participant.trim_end_matches('/').to_owned(),
            trainer,
        }
    }

    /// The trainer link's token.
    pub fn token(&self) -> &str {
        self.trainer.split("token=").nth(1).unwrap()
    }

    /// The server's process id.
    #[allow(dead_code)] // the benchmark reads its memory; the tests do not
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Stop as a trainer does (SIGTERM): the server ends cleanly.
    pub fn stop(mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let status = self.child.wait().unwrap();
        assert!(status.success(), "kuis serve after SIGTERM: {status}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The CSRF token in a page's form.
pub fn csrf_of(page: &str) -> Option<String> {
    let at = page.find("name=\"csrf\" value=\"")?;
    page.get(at + 19..at + 19 + 32).map(str::to_owned)
}
