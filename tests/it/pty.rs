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
    /// Every byte read, to draw again on a taller screen.
    raw: Vec<u8>,
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
        Screen::with(args, config, cols, rows, false)
    }

    /// `kuis` with these arguments, in a terminal of this size, in colour or not.
    fn with(args: &[&str], config: &std::path::Path, cols: u16, rows: u16, color: bool) -> Screen {
        let store = super::fresh_store();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kuis"));
        cmd.args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("TERM", "xterm-256color");
        if color {
            cmd.env_remove("NO_COLOR");
        } else {
            cmd.env("NO_COLOR", "1");
        }
        cmd.env("KUIS_CONFIG", config)
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
            raw: Vec::new(),
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
                Ok(n) => self.feed(&buf[..n]),
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

    fn feed(&mut self, bytes: &[u8]) {
        self.parser.process(bytes);
        self.raw.extend_from_slice(bytes);
    }

    /// Everything shown so far, as on a screen of the same width tall enough that nothing
    /// scrolled away.
    fn everything(&self) -> String {
        let cols = self.parser.screen().size().1;
        let mut tall = vt100::Parser::new(NonZeroU16::new(2000).unwrap(), cols, 0);
        tall.process(&self.raw);
        tall.screen().contents()
    }

    /// Leave the start screen: Enter, once it asks for it.
    fn begin(&mut self) {
        self.wait_for("(Esc");
        self.send(ENTER);
    }

    /// Read for `time` and return the screen then.
    fn after(&mut self, time: Duration) -> String {
        let deadline = Instant::now() + time;
        let mut buf = [0u8; 4096];
        while Instant::now() < deadline {
            if let Ok(n) = self.session.try_read(&mut buf) {
                self.feed(&buf[..n]);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.contents()
    }

    /// The attempts this run saved.
    fn saved(&self) -> Vec<kuis::results::attempt::Attempt> {
        super::stored(&self.store)
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
                        self.feed(&buf[..n]);
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                Ok(WaitStatus::Exited(_, code)) => {
                    // What it wrote last may still be in the pty: read it before returning,
                    // so the screen shows the end (the summary, the restored cursor).
                    let quiet = Instant::now() + Duration::from_millis(300);
                    while Instant::now() < quiet {
                        match self.session.try_read(&mut buf) {
                            Ok(0) | Err(_) => std::thread::sleep(Duration::from_millis(20)),
                            Ok(n) => self.feed(&buf[..n]),
                        }
                    }
                    return code;
                }
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
    s.begin();
    // Single: the right answer is a); press Enter on the default.
    s.wait_for("b) Yes, on holidays");
    s.send(ENTER);
    s.wait_for("✓ Your answer is right");
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
    s.wait_for("Your answer is partly right");
    s.wait_for("Summary");
    assert_eq!(s.exit_code(), 0);
    let screen = s.contents();
    assert!(screen.contains("Score: 3.4/4 (85.0%) — PASSED"), "{screen}");
    assert!(screen.contains("State facilities"), "{screen}");
}

// Test that Ctrl-C after 2 of 5 questions scores those 2, lists only the wrong one to study
// again, claims no pass, exits 130, shows the cursor again, and saves the attempt as
// incomplete with both counts.
#[test]
fn ctrl_c_after_two_of_five() {
    let (_dir, cfg) = config();
    let mut s = Screen::spawn(
        &[
            "take",
            "tests/fixtures/good/five.toml",
            "--no-shuffle",
            "--anonymous",
        ],
        &cfg,
    );
    s.begin();
    // Right on the first question, wrong on the second (nothing ticked, confirmed).
    s.wait_for("b) Boleh di hari libur");
    s.send(ENTER);
    s.wait_for("Tekan Enter untuk lanjut");
    s.send(ENTER);
    s.wait_for("c) Membagikan video kampanye");
    s.send(ENTER);
    s.wait_for("Belum ada yang dipilih");
    s.send(ENTER);
    s.wait_for("Tekan Enter untuk lanjut");
    s.send(ENTER);
    s.wait_for("b) Salah");
    assert!(
        s.parser.screen().hide_cursor(),
        "the cursor is hidden while a list is up"
    );
    s.send("\x03");
    s.wait_for("Kuis dihentikan");
    assert_eq!(s.exit_code(), 130);
    assert!(
        !s.parser.screen().hide_cursor(),
        "the cursor is shown again"
    );
    let screen = s.contents();
    assert!(
        screen.contains("Skor: 1/2 (50,0%) — dihentikan setelah 2 dari 5 soal"),
        "{screen}"
    );
    assert!(!screen.contains("LULUS"), "{screen}");
    let study = &screen[screen
        .find("Soal yang perlu dipelajari lagi")
        .expect(&screen)..];
    assert_eq!(study.matches("  • ").count(), 1, "{screen}");
    assert!(study.contains("Mana yang dilarang bagi ASN?"), "{screen}");
    let saved = s.saved();
    assert_eq!(saved.len(), 1);
    let a = &saved[0];
    assert!(!a.completed && !a.passed);
    assert_eq!(a.ending, "interrupted");
    assert_eq!((a.answered, a.planned, a.answers.len()), (2, 5, 2));
    assert_eq!((a.score, a.max, a.percent), (1.0, 2.0, 50.0));
}

// Test that SIGTERM at a prompt (a shutdown, `kill`) ends the quiz like Ctrl-C: the cursor
// shown again, the attempt kept as interrupted, but exit 143 (issue 13).
#[test]
fn sigterm_mid_quiz() {
    let (_dir, cfg) = config();
    let mut s = Screen::start(&["--anonymous", "--lang", "en"], &cfg);
    s.begin();
    s.wait_for("b) Yes, on holidays");
    s.send(ENTER);
    s.wait_for("Press Enter");
    s.send(ENTER);
    s.wait_for("c) Sharing a campaign video");
    let pid = s.session.get_process().pid().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    s.wait_for("Quiz stopped");
    assert_eq!(s.exit_code(), 143);
    assert!(
        !s.parser.screen().hide_cursor(),
        "the cursor is shown again"
    );
    let saved = s.saved();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].ending, "interrupted");
}

// Test that the identity is asked at a terminal when none is known (a NIP that is not 18
// digits is asked again with the reason), shown on the start screen, remembered, and next
// time confirmed: "n" asks again, so the next person on a shared laptop is recorded as
// themselves; Enter keeps the remembered one.
#[test]
fn identity_is_asked_then_confirmed() {
    let (_dir, cfg) = config();
    let mut s = Screen::start(&["--count", "1"], &cfg);
    s.wait_for("Nama lengkap");
    s.send("Siti Aminah\r");
    s.wait_for("NIP");
    s.send("abc123\r");
    s.wait_for("NIP terdiri dari 18 angka");
    s.send(&"\x7f".repeat(6));
    s.send("19900101 202012 2 001\r");
    s.wait_for("Unit kerja");
    s.send("BKPSDM\r");
    s.wait_for("Peserta: Siti Aminah · NIP 199001012020122001 · BKPSDM");
    assert!(
        s.contents().contains("1 soal · batas lulus 75%"),
        "{}",
        s.contents()
    );
    s.begin();
    s.wait_for("b) Boleh di hari libur");
    s.send(ENTER);
    s.wait_for("Ringkasan");
    assert_eq!(s.exit_code(), 0);
    let saved = std::fs::read_to_string(&cfg).unwrap();
    assert!(
        saved.contains("Siti Aminah") && saved.contains("199001012020122001"),
        "{saved}"
    );

    // The next person answers "n" and is asked who they are.
    let mut next = Screen::start(&["--count", "1"], &cfg);
    next.wait_for("Lanjut sebagai Siti Aminah?");
    assert!(next.contents().contains("Peserta: Siti Aminah"));
    next.send("n");
    next.wait_for("Nama lengkap");
    next.send("Budi Santoso\r");
    next.wait_for("NIP");
    next.send("\r");
    next.wait_for("Unit kerja");
    next.send("Kesbangpol\r");
    next.wait_for("b) Boleh di hari libur");
    next.send(ENTER);
    next.wait_for("Ringkasan");
    assert_eq!(next.exit_code(), 0);
    let attempts = next.saved();
    assert_eq!(attempts.len(), 1);
    assert_eq!(
        attempts[0].participant.name.as_deref(),
        Some("Budi Santoso")
    );
    assert_eq!(attempts[0].participant.nip, None);

    // Enter keeps the remembered identity and starts the quiz.
    let mut again = Screen::start(&["--count", "1"], &cfg);
    again.wait_for("Lanjut sebagai Budi Santoso?");
    again.send(ENTER);
    again.wait_for("b) Boleh di hari libur");
    assert!(!again.contents().contains("Nama lengkap"));
    again.send("\x03");
    assert_eq!(again.exit_code(), 130);
}

// Test that the terminal's prompts clean the identity as every way in does: a name over 200
// characters is asked again with the reason, bidi marks are dropped, and the start screen and
// the record show the name as kept.
#[test]
fn identity_prompts_clean() {
    let (_dir, cfg) = config();
    let mut s = Screen::start(&["--count", "1"], &cfg);
    s.wait_for("Nama lengkap");
    s.send(&"a".repeat(201));
    s.send("\r");
    s.wait_for("paling panjang 200 huruf");
    s.send(&"\x7f".repeat(201));
    s.send("Siti\u{200e} Aminah\u{202e}\r");
    s.wait_for("NIP");
    s.send("\r");
    s.wait_for("Unit kerja");
    s.send("\u{2066}BKPSDM\r");
    s.wait_for("Peserta: Siti Aminah · BKPSDM");
    s.begin();
    s.wait_for("b) Boleh di hari libur");
    s.send(ENTER);
    s.wait_for("Ringkasan");
    assert_eq!(s.exit_code(), 0);
    let saved = s.saved();
    assert_eq!(saved[0].participant.name.as_deref(), Some("Siti Aminah"));
    assert_eq!(saved[0].participant.unit.as_deref(), Some("BKPSDM"));
}

// Test that --name skips the confirmation and the start screen names the learner.
#[test]
fn flags_skip_the_confirmation() {
    let (_dir, cfg) = config();
    std::fs::write(&cfg, "name = \"Siti Aminah\"\n").unwrap();
    let mut s = Screen::spawn(
        &[
            "take",
            "--name",
            "Rahmat",
            "--unit",
            "BKPSDM",
            "--time-limit",
            "15m",
        ],
        &cfg,
    );
    s.wait_for("Tekan Enter untuk mulai");
    let screen = s.contents();
    assert!(!screen.contains("Lanjut sebagai"), "{screen}");
    for line in [
        "Netralitas ASN",
        "20 soal · batas lulus 80%",
        "Batas waktu: 15:00",
        "Peserta: Rahmat · BKPSDM",
        "Berhenti kapan saja dengan Esc atau Ctrl-C",
    ] {
        assert!(screen.contains(line), "{line}: {screen}");
    }
    s.send(ENTER);
    s.wait_for("Soal 1/20");
    s.wait_for("sisa waktu 14:");
    s.send("\x1b");
    assert_eq!(s.exit_code(), 130);
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
        s.begin();
        for last in [
            "b) Yes, on holidays",
            "c) Sharing a campaign video",
            "b) False",
            "c) Use the car",
        ] {
            s.wait_for(last);
            s.send(ENTER);
            if last.starts_with("c) Sharing") {
                // Nothing ticked: confirm sending no answer.
                s.wait_for("Nothing is ticked");
                s.send(ENTER);
            }
        }
        if rows < 20 {
            // The summary and review page: leave them.
            s.wait_for("Summary");
            s.wait_for("q: finish");
            s.send("q");
        } else {
            s.wait_for("Questions to study again");
        }
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
    s.begin();
    s.wait_for("a) Pilihan nomor 1");
    let text = std::fs::read_to_string(super::project("tests/fixtures/good/long.toml")).unwrap();
    let words: std::collections::HashSet<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches('"'))
        .collect();
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
    s.wait_for("Skor: 1/1 (100,0%)");
    assert_eq!(s.exit_code(), 0);
    // The answer echoed, and the feedback, break at spaces too.
    let all = s.everything();
    let echo = all.find("✔ pilih satu").expect(&all);
    let ui = [
        "✔", "pilih", "satu", "·", "ad)", "✓", "Jawaban", "Anda", "benar", "(1/1)",
    ];
    let mut checked = 0;
    for row in all[echo..]
        .lines()
        .take_while(|r| !r.starts_with("Penjelasan"))
    {
        for word in row.split_whitespace() {
            assert!(
                words.contains(word) || ui.contains(&word) || row.starts_with("Pilihan Anda"),
                "{word:?} is a broken word in {row:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "{all}");
}

// Test that a 5 s limit ends the quiz with no key pressed: the countdown ticks on screen,
// the question closes at zero, and the answer given in time counts.
#[test]
fn five_second_limit_runs_out_alone() {
    let (_dir, cfg) = config();
    let mut s = Screen::start(
        &["--anonymous", "--mode", "exam", "--time-limit", "5s"],
        &cfg,
    );
    s.begin();
    s.wait_for("b) Boleh di hari libur");
    s.send(ENTER);
    s.wait_for("c) Membagikan video kampanye");
    // The countdown moves while the question waits: note every value it shows until the
    // question closes by itself.
    let mut seen = std::collections::BTreeSet::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !s.contents().contains("Waktu habis") {
        assert!(Instant::now() < deadline, "{}", s.contents());
        let screen = s.after(Duration::from_millis(50));
        if let Some(at) = screen.find("sisa waktu 00:0") {
            seen.insert(screen[at..at + 16].to_owned());
        }
    }
    assert!(seen.len() >= 2, "the countdown did not tick: {seen:?}");
    assert_eq!(s.exit_code(), 0);
    let screen = s.contents();
    assert!(
        screen.contains("Skor: 1/1 (100,0%) — dihentikan setelah 1 dari 4 soal"),
        "{screen}"
    );
    let saved = s.saved();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].ending, "time-up");
    assert_eq!((saved[0].answered, saved[0].planned), (1, 4));
}

// Test that the exam review comes after the summary, one screen at a time: the wrong answers
// in full, and nothing scrolls away before Enter.
#[test]
fn exam_review_pages() {
    let (_dir, cfg) = config();
    let mut s = Screen::sized(
        &[
            "take",
            "tests/fixtures/good/mini.toml",
            "--no-shuffle",
            "--anonymous",
            "--mode",
            "exam",
        ],
        &cfg,
        80,
        16,
    );
    s.begin();
    // Wrong on every question: b), nothing (confirmed), a) Benar, c).
    s.wait_for("b) Boleh di hari libur");
    s.send(DOWN);
    s.send(ENTER);
    s.wait_for("c) Membagikan video kampanye");
    s.send(ENTER);
    s.send(ENTER);
    s.wait_for("b) Salah");
    s.send(ENTER);
    s.wait_for("c) Memakai mobil itu");
    s.send(DOWN);
    s.send(DOWN);
    s.send(ENTER);
    s.wait_for("halaman berikutnya · q: selesai (1/");
    let first = s.contents();
    assert!(
        first.contains("Skor: 0/4 (0,0%)"),
        "the summary comes first: {first}"
    );
    // The page waits: nothing more is printed until a key.
    assert_eq!(s.after(Duration::from_millis(500)), first);
    s.send(ENTER);
    s.wait_for("(2/");
    let second = s.contents();
    assert!(second.contains("Jawaban Anda salah"), "{second}");
    s.send("q");
    assert_eq!(s.exit_code(), 0);
    let out = super::kuis()
        .env("KUIS_STORE", &s.store)
        .args(["history", "--all"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("0,0%"));
}

// Test that in colour the current row carries the ❯ marker, in single and multiple lists,
// and that a multiple list shows ticked boxes.
#[test]
fn marker_shows_in_colour() {
    let (_dir, cfg) = config();
    let mut s = Screen::with(
        &[
            "take",
            "tests/fixtures/good/mini.toml",
            "--no-shuffle",
            "--anonymous",
            "--color",
            "always",
        ],
        &cfg,
        80,
        24,
        true,
    );
    s.begin();
    s.wait_for("b) Boleh di hari libur");
    assert!(
        s.contents().contains("❯ a) Tidak boleh"),
        "{}",
        s.contents()
    );
    s.send(ENTER);
    s.wait_for("Tekan Enter untuk lanjut");
    s.send(ENTER);
    s.wait_for("c) Membagikan video kampanye");
    s.send(" ");
    s.send(DOWN);
    s.wait_for("❯ [ ] b) Membaca visi dan misi calon");
    assert!(
        s.contents().contains("  [x] a) Menyukai unggahan kampanye"),
        "{}",
        s.contents()
    );
    // The colour is there too: the marker is drawn in a colour.
    let screen = s.parser.screen();
    let row = screen
        .rows(0, 80)
        .position(|r| r.starts_with("❯ [ ] b)"))
        .expect("the current row");
    assert_ne!(
        screen.cell(row as u16, 0).unwrap().fgcolor(),
        vt100::Color::Default
    );
    s.send("\x03");
    assert_eq!(s.exit_code(), 130);
}

// Test that a terminal that hangs up mid-quiz (its window closed) ends the quiz as if the
// learner left: the answer given is scored and kept, nothing is lost.
#[test]
fn hang_up_keeps_the_answers() {
    let (_dir, cfg) = config();
    let mut s = Screen::start(&["--anonymous"], &cfg);
    s.begin();
    s.wait_for("b) Boleh di hari libur");
    s.send(ENTER);
    s.wait_for("Tekan Enter untuk lanjut");
    s.send(ENTER);
    s.wait_for("c) Membagikan video kampanye");
    let pid = s.session.get_process().pid().to_string();
    let killed = Command::new("kill").args(["-HUP", &pid]).status().unwrap();
    assert!(killed.success());
    assert_eq!(s.exit_code(), 130);
    let saved = s.saved();
    assert_eq!(saved.len(), 1);
    assert_eq!((saved[0].answered, saved[0].planned), (1, 4));
    assert_eq!(saved[0].ending, "interrupted");
}

// Test that a terminal closed under a waiting question ends the quiz even when no hang-up
// signal comes (SIGHUP ignored, as under nohup): crossterm's wait alone would read 0 bytes
// forever, and such processes were found spinning for an hour. Python's pty module makes the
// terminal here because it can close the master side without killing the child.
#[test]
fn closed_terminal_without_hang_up_signal_ends_the_quiz() {
    let (dir, cfg) = config();
    let script = r#"
import os, pty, signal, sys, time
pid, fd = pty.fork()
if pid == 0:
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    os.execv(sys.argv[1], [sys.argv[1], '--anonymous', '--count', '3'])
time.sleep(1.5)
os.read(fd, 65536)
os.write(fd, b'\r')
time.sleep(1.0)
os.read(fd, 65536)
os.close(fd)
for _ in range(100):
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        print('exit', os.waitstatus_to_exitcode(status))
        sys.exit(0)
    time.sleep(0.1)
os.kill(pid, 9)
print('still running 10 s after the terminal closed')
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_kuis"))
        .env("KUIS_CONFIG", &cfg)
        .env("KUIS_STORE", dir.path().join("store.sqlite"))
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1")
        .output()
        .expect("python3 runs the pseudo-terminal");
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(said.trim(), "exit 130", "{said}");
}

// Test the terminal's layout at 100 columns: history's trend heading and the report's
// counting rule wrap between words (never "dih / itung"), and the report's NIPs and times are
// never broken inside.
#[test]
fn tables_and_headings_at_100_columns() {
    let (_dir, cfg) = config();
    let store = super::fresh_store();
    let people = [
        (
            "Siti Aminah",
            "199001012015031001",
            "Dinas Komunikasi dan Informatika Kabupaten",
        ),
        (
            "Budi Santoso",
            "198503172010011002",
            "Badan Kesatuan Bangsa dan Politik Provinsi",
        ),
    ];
    for (name, nip, unit) in people {
        super::kuis()
            .env("KUIS_STORE", &store)
            .args(["take", "tests/fixtures/good/mini.toml", "--no-shuffle"])
            .args([
                "--name",
                name,
                "--nip",
                nip,
                "--unit",
                unit,
                "--answers",
                "-",
            ])
            .write_stdin("a\na,c\nsalah\na\n")
            .assert()
            .success();
    }
    let store = store.to_str().unwrap();
    let mut s = Screen::sized(&["history", "--all", "--store", store], &cfg, 100, 50);
    assert_eq!(s.exit_code(), 0);
    let screen = s.everything();
    assert!(screen.contains("Tren per topik"), "{screen}");
    assert!(
        screen.contains("dihitung):"),
        "the last word whole:\n{screen}"
    );
    let mut s = Screen::sized(&["report", "--store", store], &cfg, 100, 50);
    assert_eq!(s.exit_code(), 0);
    let report = s.everything();
    assert!(report.contains("Yang dihitung di semua tabel"), "{report}");
    for text in [&screen, &report] {
        // A full line of text goes on with kuis's indent, not with the rest of a word that
        // the terminal carried over.
        let lines: Vec<&str> = text.lines().collect();
        for pair in lines.windows(2) {
            let table = pair[0].starts_with(['┌', '│', '╞', '├', '└']);
            if pair[0].chars().count() >= 100 && !table {
                assert!(pair[1].starts_with(' '), "{}\n{}", pair[0], pair[1]);
            }
        }
    }
    // No word of a header or a unit is cut by a column too narrow for it.
    for word in [
        "Percobaan",
        "dihitung",
        "Terpanjang",
        "Pengecoh",
        "berfungsi",
        "kemudahan",
        "Efisiensi",
        "Komunikasi",
        "Informatika",
        "Kabupaten",
    ] {
        assert!(report.contains(word), "{word} whole in:\n{report}");
    }
    // Each participant's row has the whole NIP and the date on one line.
    for (_, nip, _) in people {
        let row: Vec<&str> = report.lines().filter(|l| l.contains(nip)).collect();
        assert_eq!(row.len(), 1, "{nip} whole in:\n{report}");
        assert!(
            row[0]
                .split_whitespace()
                .any(|w| w.len() == 10 && w.matches('-').count() == 2),
            "{report}"
        );
    }
}

// Test that a text longer than the terminal is wide reads once after Enter: dialoguer alone
// cleared only the last of the rows it wrapped over, so the prompt and the start of the text
// stood twice on screen, above the answered line.
#[test]
fn long_answer_in_add_reads_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bank.toml");
    std::fs::copy(super::project("tests/fixtures/good/mini.toml"), &file).unwrap();
    let (_d, cfg) = config();
    let long = "Seorang PNS diminta menjadi juru bicara tim sukses pasangan calon bupati \
                di desanya karena pandai berbicara di depan umum dan dikenal warga, lalu \
                diajak hadir di rapat koordinasi relawan pada malam hari setelah jam kerja";
    assert!(long.chars().count() > 200);
    let mut s = Screen::sized(&["add", file.to_str().unwrap()], &cfg, 100, 40);
    s.wait_for("+ topik baru");
    s.send(ENTER);
    s.wait_for("weighted —");
    s.send(ENTER);
    s.wait_for("Pertanyaan (id)");
    s.send(&format!("{long}\r"));
    s.wait_for("Pertanyaan (en)");
    let screen = s.everything();
    assert_eq!(
        screen.matches("Pertanyaan (id)").count(),
        1,
        "the prompt once:\n{screen}"
    );
    assert!(
        screen.replace('\n', "").contains(long),
        "the whole text on its answered line:\n{screen}"
    );
    s.send("\x03");
    assert_eq!(s.exit_code(), 130);
}

// Test that the README's first screen is what a first run of plain `kuis` shows: the three
// identity answers, then the screen that says what is about to be taken.
#[test]
fn readme_first_screen_is_a_real_first_run() {
    let readme = std::fs::read_to_string(super::project("README.md")).unwrap();
    let block = readme
        .split("then shows one screen that says what you are about to take:\n\n```\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the README's first screen");
    let (_dir, cfg) = config();
    let mut s = Screen::sized(&[], &cfg, 100, 40);
    for (wait, typed) in [
        ("Nama lengkap", "Siti Rahma"),
        ("NIP", "199001012020122001"),
        ("Unit kerja", "BKPSDM Kota Bandung"),
    ] {
        s.wait_for(wait);
        s.send(&format!("{typed}\r"));
    }
    s.wait_for("Tekan Enter untuk mulai");
    let shown: Vec<String> = s
        .everything()
        .lines()
        .map(|l| l.trim_end().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    let wanted: Vec<&str> = block.lines().collect();
    assert_eq!(
        shown, wanted,
        "the README's first screen, as a first run shows it"
    );
    s.send("\x1b");
    s.exit_code();
}
