//! The real dialoguer screens, driven through a pseudo-terminal and read off a vt100 screen.

use std::io::ErrorKind;
use std::num::NonZeroU16;
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::process::unix::WaitStatus;
use expectrl::{Expect, Session};

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";

/// A kuis run in an 80x24 pseudo-terminal.
struct Screen {
    session: expectrl::session::OsSession,
    parser: vt100::Parser,
    /// The store this run saves into.
    store: std::path::PathBuf,
}

impl Screen {
    /// `kuis take` on the mini bank in file order, with `args` after.
    fn start(args: &[&str], config: &std::path::Path) -> Screen {
        let mut all = vec!["take", "tests/fixtures/good/mini.toml", "--no-shuffle"];
        all.extend_from_slice(args);
        Screen::spawn(&all, config)
    }

    /// `kuis` with these arguments, in an 80x24 terminal.
    fn spawn(args: &[&str], config: &std::path::Path) -> Screen {
        Screen::sized(args, config, 80, 24)
    }

    /// `kuis` with these arguments, in a terminal of this size.
    fn sized(args: &[&str], config: &std::path::Path, cols: u16, rows: u16) -> Screen {
        let store = super::fresh_store();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kuis"));
        cmd.args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("TERM", "xterm-256color")
            .env("NO_COLOR", "1")
            .env("KUIS_CONFIG", config)
            .env("KUIS_STORE", &store)
            .env_remove("LANG")
            .env_remove("KUIS_LANG");
        let mut session = Session::spawn(cmd).expect("spawn in a pty");
        session
            .get_process_mut()
            .set_window_size(cols, rows)
            .unwrap();
        Screen {
            session,
            store,
            parser: vt100::Parser::new(
                NonZeroU16::new(rows).unwrap(),
                NonZeroU16::new(cols).unwrap(),
                1000,
            ),
        }
    }

    /// Read until the screen shows `text`, or fail with what it shows.
    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut buf = [0u8; 4096];
        loop {
            if self.parser.screen().contents().contains(text) {
                return;
            }
            match self.session.try_read(&mut buf) {
                Ok(0) => std::thread::sleep(Duration::from_millis(20)),
                Ok(n) => self.parser.process(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                Err(_) => std::thread::sleep(Duration::from_millis(20)),
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {text:?}; the screen shows:\n{}",
                self.parser.screen().contents()
            );
        }
    }

    fn send(&mut self, keys: &str) {
        self.session.send(keys).unwrap();
        // console reads an escape sequence in one go only if it arrives in one go.
        std::thread::sleep(Duration::from_millis(60));
    }

    fn exit_code(&mut self) -> i32 {
        let mut buf = [0u8; 4096];
        // Drain what is left so the child is not blocked on a full pty.
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            match self.session.get_process().status() {
                Ok(WaitStatus::StillAlive) => {
                    if let Ok(n) = self.session.try_read(&mut buf) {
                        self.parser.process(&buf[..n]);
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                Ok(WaitStatus::Exited(_, code)) => return code,
                Ok(WaitStatus::Signaled(_, sig, _)) => panic!("killed by {sig:?}"),
                other => panic!("unexpected status {other:?}"),
            }
        }
        panic!(
            "kuis did not exit; screen:\n{}",
            self.parser.screen().contents()
        );
    }

    fn contents(&self) -> String {
        self.parser.screen().contents()
    }
}

fn config() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    (dir, path)
}

// Test a whole practice quiz with arrow keys, space and enter: every kind, feedback after each
// answer, and the summary with per-topic results.
#[test]
fn practice_quiz_with_keys() {
    let (_dir, cfg) = config();
    let mut s = Screen::start(&["--anonymous", "--lang", "en"], &cfg);
    // Single: the right answer is a); press Enter on the default.
    s.wait_for("b) Yes, on holidays");
    s.send(ENTER);
    s.wait_for("✓ Correct");
    s.wait_for("Press Enter");
    s.send(ENTER);
    // Multiple: select a) and c) with Space, moving down with the arrow key.
    s.wait_for("c) Sharing a campaign video");
    s.send(" ");
    s.send(DOWN);
    s.send(DOWN);
    s.send(" ");
    s.send(ENTER);
    s.wait_for("Liking and sharing campaign content are forbidden.");
    s.send(ENTER);
    // True-false: True is first, False second.
    s.wait_for("b) False");
    s.send(DOWN);
    s.send(ENTER);
    s.wait_for("False: the 2022 SKB forbids it.");
    s.send(ENTER);
    // Weighted: pick b) for 2 of 5 points.
    s.wait_for("c) Use the car");
    s.send(DOWN);
    s.send(ENTER);
    s.wait_for("Partly right");
    s.wait_for("Summary");
    assert_eq!(s.exit_code(), 0);
    let screen = s.contents();
    assert!(screen.contains("Score: 3.4/4 (85.0%) — PASSED"), "{screen}");
    assert!(screen.contains("State facilities"), "{screen}");
}

// Test that Ctrl-C mid-quiz prints the answers so far, exits 130, and shows the cursor again.
#[test]
fn ctrl_c_mid_quiz() {
    let (_dir, cfg) = config();
    let mut s = Screen::start(&["--anonymous"], &cfg);
    s.wait_for("b) Boleh di hari libur");
    s.send(ENTER);
    s.wait_for("Tekan Enter");
    s.send(ENTER);
    s.wait_for("c) Membagikan video kampanye");
    assert!(
        s.parser.screen().hide_cursor(),
        "dialoguer hides the cursor while it asks"
    );
    s.send("\x03");
    s.wait_for("Kuis dihentikan");
    assert_eq!(s.exit_code(), 130);
    assert!(
        !s.parser.screen().hide_cursor(),
        "the cursor is shown again"
    );
    assert!(
        s.contents().contains("Dijawab: 1 dari 4 soal"),
        "{}",
        s.contents()
    );
    // The interrupted attempt is saved, marked incomplete.
    let out = super::kuis()
        .env("KUIS_STORE", &s.store)
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let saved = kuis::results::attempt::Attempt::parse_many(&text).unwrap();
    assert_eq!(saved.len(), 1);
    assert!(!saved[0].completed);
    assert_eq!(saved[0].ending, "interrupted");
}

// Test that SIGTERM at a prompt (a shutdown, `kill`) ends the quiz like Ctrl-C: the cursor
// shown again, the attempt kept as interrupted, but exit 143 (issue 13).
#[test]
fn sigterm_mid_quiz() {
    let (_dir, cfg) = config();
    let mut s = Screen::start(&["--anonymous", "--lang", "en"], &cfg);
    s.wait_for("b) Yes, on holidays");
    s.send(ENTER);
    s.wait_for("Press Enter");
    s.send(ENTER);
    s.wait_for("c) Sharing a campaign video");
    let pid = s.session.get_process().pid().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    assert_eq!(s.exit_code(), 143);
    assert!(
        !s.parser.screen().hide_cursor(),
        "the cursor is shown again"
    );
    let out = super::kuis()
        .env("KUIS_STORE", &s.store)
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let saved = kuis::results::attempt::Attempt::parse_many(&text).unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].ending, "interrupted");
}

// Test that the identity is asked once, at a terminal, and remembered for the next quiz.
#[test]
fn identity_is_asked_once() {
    let (_dir, cfg) = config();
    let mut s = Screen::start(&["--count", "1"], &cfg);
    s.wait_for("Nama lengkap");
    s.send("Siti Aminah\r");
    s.wait_for("NIP");
    s.send("199001012020122001\r");
    s.wait_for("Unit kerja");
    s.send("BKPSDM\r");
    s.wait_for("b) Boleh di hari libur");
    s.send(ENTER);
    s.wait_for("Ringkasan");
    assert_eq!(s.exit_code(), 0);
    let saved = std::fs::read_to_string(&cfg).unwrap();
    assert!(
        saved.contains("Siti Aminah") && saved.contains("BKPSDM"),
        "{saved}"
    );
    // The second time, the quiz starts at once.
    let mut again = Screen::start(&["--count", "1"], &cfg);
    again.wait_for("b) Boleh di hari libur");
    assert!(!again.contents().contains("Nama lengkap"));
    again.send("\x03");
    assert_eq!(again.exit_code(), 130);
}

/// One step of a wizard run: wait for this on screen, then type that.
type Step<'a> = (&'a str, &'a str);

/// Run `kuis add FILE` through `steps`, then wait for it to exit.
fn add(file: &std::path::Path, steps: &[Step<'_>]) -> (i32, String) {
    let (_dir, cfg) = config();
    let path = file.to_str().unwrap();
    let mut s = Screen::spawn(&["add", path], &cfg);
    for (wait, keys) in steps {
        s.wait_for(wait);
        s.send(keys);
    }
    let code = s.exit_code();
    (code, s.contents())
}

/// The steps shared by every kind: the topic and kind pickers, then the prompt.
fn start_steps<'a>(kind_down: &'a str, label: &'a str, prompt: &'a str) -> Vec<Step<'a>> {
    let (id, en): (&'static str, &'static str) = match label {
        "Pernyataan" => ("Pernyataan (id)", "Pernyataan (en)"),
        _ => ("Pertanyaan (id)", "Pertanyaan (en)"),
    };
    vec![
        ("+ topik baru", ENTER),
        ("weighted —", kind_down),
        (id, prompt),
        (en, "\r"),
    ]
}

/// The closing steps: explanation, rules, no new rule, the proposed id, save.
fn end_steps() -> Vec<Step<'static>> {
    vec![
        (
            "Penjelasan (aturan dan dasar hukumnya) (id)",
            "Karena aturannya begitu.\r",
        ),
        ("Penjelasan (aturan dan dasar hukumnya) (en)", "\r"),
        ("R23 —", " "),
        ("R23 —", ENTER),
        ("Tambah aturan baru?", "n"),
        ("Id soal", ENTER),
        ("Simpan ke", "y"),
        ("ditambahkan", ""),
    ]
}

// Test the add wizard for each kind of question, in a copy of a commented bank: each run
// appends a question, the bank still passes the check, and the comments are still there.
#[test]
fn add_wizard_every_kind() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bank.toml");
    let original = "# Komentar di atas bank: harus tetap ada.\n".to_owned()
        + &std::fs::read_to_string(super::project("tests/fixtures/good/mini.toml")).unwrap();
    std::fs::write(&file, &original).unwrap();

    let single = [
        start_steps(ENTER, "Pertanyaan", "Soal tunggal baru?\r"),
        vec![
            ("Pilihan a (id)", "Tidak boleh\r"),
            ("Pilihan a (en)", "\r"),
            ("Pilihan b (id)", "Boleh\r"),
            ("Pilihan b (en)", "\r"),
            ("kosongkan untuk selesai) (id)", "\r"),
            ("b) Boleh", ENTER),
            (
                "Mengapa keliru: b) Boleh (id)",
                "Larangan berlaku kapan pun.\r",
            ),
            ("Mengapa keliru: b) Boleh (en)", "\r"),
        ],
        end_steps(),
    ]
    .concat();
    let multiple = [
        start_steps("\x1b[B\r", "Pertanyaan", "Soal jamak baru?\r"),
        vec![
            ("Pilihan a (id)", "Menyukai\r"),
            ("Pilihan a (en)", "\r"),
            ("Pilihan b (id)", "Membaca\r"),
            ("Pilihan b (en)", "\r"),
            ("kosongkan untuk selesai) (id)", "Membagikan\r"),
            ("Pilihan c (kosongkan untuk selesai) (en)", "\r"),
            ("Pilihan d (kosongkan untuk selesai) (id)", "\r"),
            ("c) Membagikan", ENTER),
            ("Pilih minimal satu", " "),
            ("c) Membagikan", DOWN),
            ("c) Membagikan", DOWN),
            ("c) Membagikan", " "),
            ("c) Membagikan", ENTER),
            (
                "Mengapa keliru: b) Membaca (id)",
                "Membaca program itu boleh.\r",
            ),
            ("Mengapa keliru: b) Membaca (en)", "\r"),
        ],
        end_steps(),
    ]
    .concat();
    let true_false = [
        start_steps(
            "\x1b[B\x1b[B\r",
            "Pernyataan",
            "Pernyataan benar-salah baru.\r",
        ),
        vec![
            ("Pernyataan ini", DOWN),
            ("Pernyataan ini", ENTER),
            ("Umpan balik bila menjawab Benar (id)", "Keliru.\r"),
            ("Umpan balik bila menjawab Benar (en)", "\r"),
        ],
        end_steps(),
    ]
    .concat();
    let weighted = [
        start_steps("\x1b[B\x1b[B\x1b[B\r", "Pertanyaan", "Situasi baru?\r"),
        vec![
            ("Pilihan a (id)", "Menolak dan mengingatkan\r"),
            ("Pilihan a (en)", "\r"),
            ("Pilihan b (id)", "Menolak saja\r"),
            ("Pilihan b (en)", "\r"),
            ("kosongkan untuk selesai) (id)", "\r"),
            ("Poin untuk a)", "9\r"),
            ("masukkan angka 0 sampai 5", "\x7f5\r"),
            ("Poin untuk b)", "2\r"),
            (
                "Mengapa keliru: b) Menolak saja (id)",
                "Mengingatkan lebih baik.\r",
            ),
            ("Mengapa keliru: b) Menolak saja (en)", "\r"),
        ],
        end_steps(),
    ]
    .concat();
    for (kind, steps) in [
        ("single", single),
        ("multiple", multiple),
        ("true-false", true_false),
        ("weighted", weighted),
    ] {
        let (code, screen) = add(&file, &steps);
        assert_eq!(code, 0, "{kind}: {screen}");
    }
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with(&original),
        "the file's own text is untouched:\n{text}"
    );
    let out = super::kuis()
        .args(["check", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let bank = kuis::bank::parse(&kuis::bank::Source::new("b", text)).unwrap();
    let added: Vec<(&str, &str)> = bank.questions[4..]
        .iter()
        .map(|q| (q.id.get_ref().as_str(), q.kind.get_ref().as_str()))
        .collect();
    assert_eq!(
        added,
        [
            ("fasilitas-001", "single"),
            ("fasilitas-002", "multiple"),
            ("fasilitas-003", "true-false"),
            ("fasilitas-004", "weighted")
        ]
    );
    assert_eq!(
        bank.questions[5]
            .choices
            .iter()
            .filter(|c| c.correct.is_some())
            .count(),
        2
    );
    assert_eq!(
        bank.questions[6].answer.as_ref().map(|a| *a.get_ref()),
        Some(false)
    );
    assert_eq!(bank.questions[7].points(0), 5);
}

// Test that Ctrl-C in the middle of the wizard leaves the bank byte for byte as it was.
#[test]
fn add_wizard_ctrl_c_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bank.toml");
    std::fs::copy(super::project("tests/fixtures/good/mini.toml"), &file).unwrap();
    let before = std::fs::read(&file).unwrap();
    let (code, screen) = add(
        &file,
        &[
            ("+ topik baru", ENTER),
            ("weighted —", ENTER),
            ("Pertanyaan (id)", "Setengah jalan\x03"),
            ("tidak diubah", ""),
        ],
    );
    assert_eq!(code, 130, "{screen}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

// Test the smallest and a very large terminal: a whole quiz renders and finishes, no panic.
#[test]
fn tiny_and_huge_terminals() {
    for (cols, rows) in [(40, 10), (300, 80)] {
        let (_dir, cfg) = config();
        let mut s = Screen::sized(
            &[
                "take",
                "tests/fixtures/good/mini.toml",
                "--no-shuffle",
                "--anonymous",
                "--lang",
                "en",
                "--mode",
                "exam",
            ],
            &cfg,
            cols,
            rows,
        );
        for last in [
            "b) Yes, on holidays",
            "c) Sharing a campaign video",
            "b) False",
            "c) Use the car",
        ] {
            s.wait_for(last);
            s.send(ENTER);
        }
        s.wait_for("Questions to study again");
        assert_eq!(s.exit_code(), 0, "{cols}x{rows}: {}", s.contents());
    }
}

// Test a long prompt and thirty choices in a 40x10 terminal: the prompt wraps at word
// boundaries, the list scrolls to the last choice, and picking it is scored right.
#[test]
fn long_prompt_and_long_list() {
    let (_dir, cfg) = config();
    let mut s = Screen::sized(
        &["take", "tests/fixtures/good/long.toml", "--anonymous"],
        &cfg,
        40,
        10,
    );
    s.wait_for("a) Pilihan nomor 1");
    let text = std::fs::read_to_string(super::project("tests/fixtures/good/long.toml")).unwrap();
    let words: std::collections::HashSet<&str> = text.split_whitespace().collect();
    for row in s
        .contents()
        .lines()
        .filter(|r| r.contains("Kalimat") || r.contains("pemilu"))
    {
        for word in row.split_whitespace() {
            assert!(words.contains(word), "{word:?} is a broken word in {row:?}");
        }
    }
    // Up from the first choice wraps to the last one.
    s.send("\x1b[A");
    s.wait_for("ad) Pilihan nomor 30");
    s.send(ENTER);
    s.wait_for("Skor: 1/1 (100.0%)");
    assert_eq!(s.exit_code(), 0);
}
