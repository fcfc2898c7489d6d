//! The UI's languages: choosing one (--lang, KUIS_LANG, LANG) and the message catalogue.

use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};

/// The UI language of this process, for the few messages made far from any `Ctx` (I/O errors
/// met while loading files). Set once by `cmd::Ctx::new`.
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Remember the UI language for [`current`].
pub fn set_current(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
}

/// The UI language set by [`set_current`] (Indonesian before that).
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::En,
        _ => Lang::Id,
    }
}

/// A language kuis speaks. Indonesian is the default: the first users are Indonesian civil servants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// Bahasa Indonesia.
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// The language code used in bank files ("id", "en").
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// Parse a code such as `en`, `en_US.UTF-8` or `id-ID`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let lower = code.trim().to_ascii_lowercase();
        let base = lower.split(['_', '-', '.', '@']).next().unwrap_or("");
        match base {
            "id" | "in" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language to use: the flag, else `KUIS_LANG`, else `LANG`/`LC_ALL`, else Indonesian.
    /// `env` is passed in so tests and the CLI decide where variables come from.
    pub fn choose(flag: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> Lang {
        flag.or_else(|| env("KUIS_LANG").and_then(|v| Lang::from_code(&v)))
            .or_else(|| env("LC_ALL").and_then(|v| Lang::from_code(&v)))
            .or_else(|| env("LANG").and_then(|v| Lang::from_code(&v)))
            .unwrap_or_default()
    }

    /// Pick the text for this language.
    pub fn pick<T>(self, id: T, en: T) -> T {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }

    /// "passed?" as a table cell: ya/belum, yes/no.
    pub fn passed(self, passed: bool) -> &'static str {
        match (self, passed) {
            (Lang::Id, true) => "ya",
            (Lang::Id, false) => "belum",
            (Lang::En, true) => "yes",
            (Lang::En, false) => "no",
        }
    }

    /// An attempt's recorded mode (`practice`, `exam`, `review`) as a word for a table cell.
    pub fn mode(self, recorded: &str) -> &str {
        match (self, recorded) {
            (Lang::Id, "practice") => "latihan",
            (Lang::Id, "exam") => "ujian",
            (Lang::Id, "review") => "ulangan",
            _ => recorded,
        }
    }

    /// An I/O error in words, by its kind, so no system message in English lands in an
    /// Indonesian sentence. Kinds without an entry keep the system's own words.
    pub fn io_error(self, e: &std::io::Error) -> Option<&'static str> {
        use std::io::ErrorKind::*;
        let (id, en) = match e.kind() {
            NotFound => ("berkas atau folder tidak ada", "no such file or folder"),
            PermissionDenied => ("akses ditolak", "permission denied"),
            AlreadyExists => ("sudah ada", "already exists"),
            IsADirectory => ("ini folder, bukan berkas", "this is a folder, not a file"),
            NotADirectory => (
                "bagian dari path ini bukan folder",
                "a part of the path is not a folder",
            ),
            DirectoryNotEmpty => ("folder tidak kosong", "the folder is not empty"),
            StorageFull | QuotaExceeded => ("disk penuh", "no space left on the disk"),
            ReadOnlyFilesystem => ("sistem berkas hanya-baca", "read-only file system"),
            FileTooLarge => ("berkas terlalu besar", "the file is too large"),
            InvalidData => ("isi berkas tidak valid", "the file's content is not valid"),
            UnexpectedEof => (
                "berkas berakhir sebelum waktunya",
                "the file ends too early",
            ),
            BrokenPipe => (
                "pembaca keluaran sudah berhenti",
                "the reader of the output left",
            ),
            TimedOut => ("waktu habis", "timed out"),
            ResourceBusy => ("sedang dipakai", "busy"),
            Interrupted => ("terputus", "interrupted"),
            _ => return None,
        };
        Some(self.pick(id, en))
    }

    /// `x` with `digits` decimals and the language's separator: `0,96` in Indonesian, `0.96`
    /// in English.
    pub fn decimal(self, x: f64, digits: usize) -> String {
        let text = format!("{x:.digits$}");
        match self {
            Lang::Id => text.replace('.', ","),
            Lang::En => text,
        }
    }

    /// A catalogue entry in this language.
    pub fn t(self, m: M) -> &'static str {
        self.pick(m.0, m.1)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A UI message: (Indonesian, English).
#[derive(Debug, Clone, Copy)]
pub struct M(pub &'static str, pub &'static str);

/// The catalogue of fixed UI strings. Messages with values in them are built where they are
/// used, with [`Lang::pick`], so the two languages stay side by side.
pub mod msg {
    use super::M;

    pub const ERROR: M = M("kesalahan", "error");
    pub const WARNING: M = M("peringatan", "warning");
    pub const HELP: M = M("bantuan", "help");
    pub const NOTE: M = M("catatan", "note");
    pub const TRUE: M = M("Benar", "True");
    pub const FALSE: M = M("Salah", "False");
    // The verdict never reads like the true/false labels above.
    pub const CORRECT: M = M("Jawaban Anda benar", "Your answer is right");
    pub const WRONG: M = M("Jawaban Anda salah", "Your answer is wrong");
    pub const PARTLY: M = M("Jawaban Anda sebagian benar", "Your answer is partly right");
    pub const RIGHT_ANSWER: M = M("Jawaban yang tepat", "Right answer");
    pub const BEST_ANSWER: M = M("Jawaban terbaik", "Best answer");
    pub const YOUR_ANSWER: M = M("Pilihan Anda", "Your choice");
    pub const NO_ANSWER: M = M("(tidak dijawab)", "(not answered)");
    pub const EXPLANATION: M = M("Penjelasan", "Explanation");
    pub const RULE: M = M("Aturan", "Rule");
    pub const RULES: M = M("Aturan", "Rules");

    /// "Rule" before one rule id, "Rules" before several (Indonesian has one word for both).
    pub fn rule_or_rules(count: usize) -> M {
        if count > 1 { RULES } else { RULE }
    }
    pub const SCORE_PER_TOPIC: M = M("Skor per topik", "Score per topic");
    pub const BASIS: M = M("Dasar hukum", "Legal basis");
    pub const SELECT_ALL: M = M(
        "pilih semua yang benar (Spasi memilih, Enter selesai)",
        "select all that apply (Space selects, Enter confirms)",
    );
    pub const PICK_ONE: M = M(
        "pilih satu (panah atas/bawah, Enter)",
        "pick one (arrow keys, Enter)",
    );
    pub const PICK_ONE_SHORT: M = M("pilih satu", "pick one");
    pub const SELECT_ALL_SHORT: M = M("pilih yang benar", "select all");
    pub const PRESS_ENTER: M = M("Tekan Enter untuk lanjut…", "Press Enter to continue…");
    pub const SUMMARY: M = M("Ringkasan", "Summary");
    pub const SCORE: M = M("Skor", "Score");
    pub const PASSED: M = M("LULUS", "PASSED");
    pub const FAILED: M = M("BELUM LULUS", "NOT PASSED");
    pub const TIME_TAKEN: M = M("Waktu", "Time taken");
    pub const TOPIC: M = M("Topik", "Topic");
    pub const MISSED: M = M(
        "Soal yang perlu dipelajari lagi",
        "Questions to study again",
    );
    pub const ANSWERED_RIGHT: M = M(
        "Semua soal yang dijawab benar.",
        "Every question answered was right.",
    );
    pub const ALL_RIGHT: M = M(
        "Semua soal dijawab dengan benar.",
        "Every question was answered correctly.",
    );
    pub const REVIEW: M = M("Pembahasan", "Review");
    pub const TIME_LEFT: M = M("sisa waktu", "time left");
    pub const TIME_UP: M = M(
        "Waktu habis. Jawaban yang sudah diberikan tetap dinilai.",
        "Time is up. The answers given in time count.",
    );
    pub const INTERRUPTED: M = M(
        "Kuis dihentikan. Jawaban sejauh ini tetap dinilai.",
        "Quiz stopped. The answers so far are scored.",
    );
    pub const ASK_NAME: M = M("Nama lengkap", "Full name");
    pub const ASK_NIP: M = M(
        "NIP (kosongkan bila tidak ada)",
        "NIP (leave empty if none)",
    );
    pub const ASK_UNIT: M = M("Unit kerja", "Work unit");
    pub const EXAM_STARTS: M = M(
        "Mode ujian: pembahasan ditampilkan setelah soal terakhir.",
        "Exam mode: the review comes after the last question.",
    );
    pub const EXAM_STARTS_AFTER_CLOSE: M = M(
        "Mode ujian: nilai dan kelulusan ditampilkan setelah soal terakhir; pembahasan setelah pelatih menutup ruang.",
        "Exam mode: the score and the pass or fail come after the last question; the review once the trainer has closed the room.",
    );
    pub const EXAM_STARTS_NO_REVIEW: M = M(
        "Mode ujian: nilai dan kelulusan ditampilkan setelah soal terakhir; pembahasan tidak ditampilkan di sini.",
        "Exam mode: the score and the pass or fail come after the last question; the review is not shown here.",
    );
    pub const EXAM_STARTS_SCORE_AFTER_CLOSE: M = M(
        "Mode ujian: nilai, kelulusan dan pembahasan ditampilkan setelah pelatih menutup ruang.",
        "Exam mode: the score, the pass or fail and the review come once the trainer has closed the room.",
    );
    pub const EXAM_STARTS_SCORE_AFTER_CLOSE_NO_REVIEW: M = M(
        "Mode ujian: nilai dan kelulusan ditampilkan setelah pelatih menutup ruang; pembahasan tidak ditampilkan di sini.",
        "Exam mode: the score and the pass or fail come once the trainer has closed the room; the review is not shown here.",
    );
    pub const EXAM_STARTS_NO_SCORE: M = M(
        "Mode ujian: nilai, kelulusan dan pembahasan tidak ditampilkan di sini; pelatih akan mengumumkan hasilnya.",
        "Exam mode: the score, the pass or fail and the review are not shown here; the trainer will announce the results.",
    );
    pub const REVIEW_STARTS: M = M(
        "Putaran ulangan: soal yang pernah Anda jawab salah, dengan penjelasan setelah setiap jawaban. Soal kembali di putaran berikutnya sampai dijawab benar dua kali berturut-turut. Putaran ulangan tidak dihitung untuk kelulusan.",
        "A review round: the questions you have missed, each answer explained right away. A question comes back in later rounds until it is answered right twice in a row. Review rounds do not count towards passing.",
    );
    pub const REVIEW_DONE: M = M("putaran ulangan selesai", "review round done");
    pub const PRACTICE_STARTS: M = M(
        "Latihan: penjelasan ditampilkan setelah setiap jawaban.",
        "Practice: each answer is explained right away.",
    );
    pub const HOW_TO_STOP: M = M(
        "Berhenti kapan saja dengan Esc atau Ctrl-C; jawaban sejauh ini tetap dinilai.",
        "Stop at any time with Esc or Ctrl-C; the answers so far are still scored.",
    );
    pub const PRESS_ENTER_START: M = M(
        "Tekan Enter untuk mulai (Esc untuk batal)…",
        "Press Enter to start (Esc to cancel)…",
    );
    pub const SEVERAL: M = M(
        "(boleh lebih dari satu jawaban)",
        "(more than one answer may be right)",
    );
    pub const NOTHING_PICKED: M = M("(tidak ada yang dipilih)", "(nothing picked)");
    pub const CONFIRM_EMPTY: M = M(
        "Belum ada yang dipilih. Tekan Enter lagi untuk mengirim tanpa jawaban (0 poin), atau Spasi untuk memilih.",
        "Nothing is ticked. Press Enter again to send no answer (0 points), or Space to tick.",
    );
    pub const NONE_ANSWERED: M = M("Belum ada soal yang dijawab.", "No question was answered.");
    pub const PAGE_KEYS: M = M(
        "Enter: halaman berikutnya · q: selesai",
        "Enter: next page · q: finish",
    );
    pub const PARTICIPANT: M = M("Peserta", "Participant");
    pub const ANONYMOUS: M = M("anonim", "anonymous");
    pub const NIP_INVALID: M = M(
        "NIP terdiri dari 18 angka (NIP PNS/PPPK); kosongkan bila tidak ada",
        "a NIP has 18 digits (the PNS/PPPK number); leave it empty if you have none",
    );
    pub const NAME_EMPTY: M = M("Isi nama lengkap.", "Enter your full name.");
    /// [`crate::words::MAX_CHARS`], said (a test keeps the two equal).
    pub const TOO_LONG: M = M(
        "Nama dan unit kerja paling panjang 200 huruf.",
        "Name and work unit take at most 200 characters.",
    );
    pub const LOOKALIKE: M = M(
        "Nama dan unit kerja tidak boleh mencampur huruf aksara yang mirip (Latin dengan Kiril atau Yunani); ketik ulang dengan papan ketik biasa.",
        "Name and work unit may not mix letters of lookalike scripts (Latin with Cyrillic or Greek); type it again on an ordinary keyboard.",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test that English says "Rules" before several rule ids and "Rule" before one.
    #[test]
    fn rule_or_rules() {
        assert_eq!(Lang::En.t(msg::rule_or_rules(2)), "Rules");
        assert_eq!(Lang::En.t(msg::rule_or_rules(1)), "Rule");
        assert_eq!(Lang::Id.t(msg::rule_or_rules(2)), "Aturan");
    }

    // Test that the flag wins, then KUIS_LANG, then LANG, and that the default is Indonesian.
    #[test]
    fn choice_order() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(Lang::choose(None, env(&[])), Lang::Id);
        assert_eq!(
            Lang::choose(None, env(&[("LANG", "en_US.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::choose(None, env(&[("LANG", "en_US.UTF-8"), ("KUIS_LANG", "id")])),
            Lang::Id
        );
        assert_eq!(
            Lang::choose(Some(Lang::En), env(&[("KUIS_LANG", "id")])),
            Lang::En
        );
        assert_eq!(Lang::choose(None, env(&[("LANG", "C.UTF-8")])), Lang::Id);
    }
}
