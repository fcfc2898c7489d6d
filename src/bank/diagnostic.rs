//! Diagnostics: every problem a bank can have, its code, its message in both languages, and
//! rendering as rustc-style snippets or as JSON records.

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

use super::testwise::Strategy;
use crate::i18n::{Lang, msg};

/// How bad a diagnostic is. Warnings fail a check only under `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The bank cannot be used as written.
    Error,
    /// The bank works, but a learner would be served worse.
    Warning,
}

/// What is wrong, with the values the message needs. The code, severity, message and help of
/// each problem live in this one enum, so a new check touches one place (and the docs test
/// fails until `docs/bank-format.md` describes its code).
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum Problem {
    Io {
        detail: String,
    },
    NotUtf8,
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    NotABankFile,
    Syntax {
        detail: String,
    },
    UnknownKey {
        key: String,
        expected: String,
    },
    Schema {
        detail: String,
    },
    NoBankFiles,
    DuplicateId {
        what: IdKind,
        id: String,
    },
    UnknownTopic {
        id: String,
    },
    UnknownRule {
        id: String,
    },
    SingleNoCorrect,
    SingleSeveralCorrect {
        count: usize,
    },
    MultipleNoCorrect,
    WeightedHasCorrect,
    WeightedNoPoints,
    PointsRange {
        points: i64,
    },
    PointsNotWeighted,
    TooFewChoices {
        count: usize,
    },
    DuplicateChoiceText {
        text: String,
    },
    EmptyText {
        field: &'static str,
    },
    UndeclaredLanguage {
        lang: String,
    },
    PassPercentRange {
        value: i64,
    },
    TrueFalseNoAnswer,
    TrueFalseChoices,
    AnswerNotTrueFalse,
    DuplicateChoiceId {
        id: String,
    },
    DifficultyRange {
        value: i64,
    },
    BadId {
        id: String,
    },
    NoLanguages,
    TimeLimitRange {
        value: i64,
    },
    WhyTrueFalse,
    ViolationScores {
        points: i64,
    },
    PracticeCountRange {
        value: i64,
    },
    MissingTranslation {
        lang: String,
    },
    PositionalChoice {
        text: String,
    },
    NoExplanation,
    NoWhy,
    NoQuestions,
    EmptyTopic {
        id: String,
    },
    WeightedIsSingle,
    TestwiseBeatsRandom {
        strategy: Strategy,
        lang: Option<String>,
        percent: f64,
        random: f64,
        /// The bank has true/false questions, where the strategy names its pick.
        true_false: bool,
    },
    KeyLongest {
        count: usize,
        of: usize,
        lang: Option<String>,
    },
    TrueFalseOneWay {
        count: usize,
        of: usize,
        answer: bool,
    },
    KeyFirst {
        count: usize,
        of: usize,
    },
    MultipleAllButOne {
        count: usize,
        of: usize,
    },
    KeyOnlyPlain,
    AllOrNone {
        text: String,
    },
    KeyMuchLonger {
        key: usize,
        distractor: usize,
    },
    MultipleAllRight,
}

/// Which kind of id is duplicated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// A `[[question]]` id.
    Question,
    /// A `[[topic]]` id.
    Topic,
    /// A `[[rule]]` id.
    Rule,
    /// A `[bank]` id.
    Bank,
}

impl IdKind {
    fn name(self, lang: Lang) -> &'static str {
        match self {
            IdKind::Question => lang.pick("soal", "question"),
            IdKind::Topic => lang.pick("topik", "topic"),
            IdKind::Rule => lang.pick("aturan", "rule"),
            IdKind::Bank => lang.pick("bank", "bank"),
        }
    }
}

/// Every code, for the docs test and `--explain`-style listings.
pub const ALL_CODES: &[&str] = &[
    "E001", "E002", "E003", "E004", "E005", "E006", "E007", "E008", "E010", "E011", "E012", "E013",
    "E014", "E015", "E016", "E017", "E018", "E019", "E020", "E021", "E022", "E023", "E024", "E025",
    "E026", "E027", "E028", "E029", "E030", "E031", "E032", "E033", "E034", "W001", "W002", "W003",
    "W004", "W005", "W006", "W007", "W008", "W009", "W010", "W011", "W012", "W013", "W014", "W015",
    "W016", "E035",
];

impl Problem {
    /// The stable code, documented in docs/bank-format.md.
    pub fn code(&self) -> &'static str {
        use Problem::*;
        match self {
            Io { .. } => "E001",
            NotUtf8 => "E002",
            TooLarge { .. } => "E003",
            NotABankFile => "E004",
            Syntax { .. } => "E005",
            UnknownKey { .. } => "E006",
            Schema { .. } => "E007",
            NoBankFiles => "E008",
            DuplicateId { .. } => "E010",
            UnknownTopic { .. } => "E011",
            UnknownRule { .. } => "E012",
            SingleNoCorrect => "E013",
            SingleSeveralCorrect { .. } => "E014",
            MultipleNoCorrect => "E015",
            WeightedHasCorrect => "E016",
            WeightedNoPoints => "E017",
            PointsRange { .. } => "E018",
            PointsNotWeighted => "E019",
            TooFewChoices { .. } => "E020",
            DuplicateChoiceText { .. } => "E021",
            EmptyText { .. } => "E022",
            UndeclaredLanguage { .. } => "E023",
            PassPercentRange { .. } => "E024",
            TrueFalseNoAnswer => "E025",
            TrueFalseChoices => "E026",
            AnswerNotTrueFalse => "E027",
            DuplicateChoiceId { .. } => "E028",
            DifficultyRange { .. } => "E029",
            BadId { .. } => "E030",
            NoLanguages => "E031",
            TimeLimitRange { .. } => "E032",
            WhyTrueFalse => "E033",
            ViolationScores { .. } => "E034",
            PracticeCountRange { .. } => "E035",
            MissingTranslation { .. } => "W001",
            PositionalChoice { .. } => "W002",
            NoExplanation => "W003",
            NoWhy => "W004",
            NoQuestions => "W005",
            EmptyTopic { .. } => "W006",
            WeightedIsSingle => "W007",
            TestwiseBeatsRandom { .. } => "W008",
            KeyLongest { .. } => "W009",
            TrueFalseOneWay { .. } => "W010",
            KeyFirst { .. } => "W011",
            MultipleAllButOne { .. } => "W012",
            KeyOnlyPlain => "W013",
            AllOrNone { .. } => "W014",
            KeyMuchLonger { .. } => "W015",
            MultipleAllRight => "W016",
        }
    }

    /// Error or warning, from the code's letter.
    pub fn severity(&self) -> Severity {
        if self.code().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// What is wrong, in one sentence.
    pub fn message(&self, lang: Lang) -> String {
        use Problem::*;
        match self {
            Io { detail } => lang.pick(
                format!("berkas tidak dapat dibaca: {detail}"),
                format!("the file cannot be read: {detail}"),
            ),
            NotUtf8 => lang.pick(
                "berkas ini bukan teks UTF-8".into(),
                "the file is not UTF-8 text".into(),
            ),
            TooLarge { bytes, limit } => lang.pick(
                format!("berkas terlalu besar ({bytes} bita; batasnya {limit} bita)"),
                format!("the file is too large ({bytes} bytes; the limit is {limit} bytes)"),
            ),
            NotABankFile => lang.pick(
                "berkas ini kosong: tidak ada tabel [bank]".into(),
                "the file is empty: there is no [bank] table".into(),
            ),
            Syntax { detail } => lang.pick(
                match syntax_id(detail) {
                    Some(said) => format!("TOML tidak valid: {said}"),
                    None => "TOML tidak valid di sini".to_owned(),
                },
                format!("invalid TOML: {detail}"),
            ),
            UnknownKey { key, .. } => lang.pick(
                format!("kunci `{key}` tidak dikenal"),
                format!("unknown key `{key}`"),
            ),
            Schema { detail } => lang.pick(
                match schema_id(detail) {
                    Some(said) => format!("isian tidak sesuai format bank: {said}"),
                    None => "isian tidak sesuai format bank".to_owned(),
                },
                format!("this does not fit the bank format: {detail}"),
            ),
            NoBankFiles => lang.pick(
                "tidak ada berkas bank (*.toml) di sini".into(),
                "there are no bank files (*.toml) here".into(),
            ),
            DuplicateId { what, id } => lang.pick(
                format!("id {} \"{id}\" dipakai lebih dari sekali", what.name(lang)),
                format!("{} id \"{id}\" is used more than once", what.name(lang)),
            ),
            UnknownTopic { id } => lang.pick(
                format!("topik \"{id}\" tidak ada di [[topic]]"),
                format!("topic \"{id}\" is not defined in a [[topic]]"),
            ),
            UnknownRule { id } => lang.pick(
                format!("aturan \"{id}\" tidak ada di [[rule]]"),
                format!("rule \"{id}\" is not defined in a [[rule]]"),
            ),
            SingleNoCorrect => lang.pick(
                "soal `single` tanpa pilihan yang benar".into(),
                "a `single` question has no correct choice".into(),
            ),
            SingleSeveralCorrect { count } => lang.pick(
                format!("soal `single` punya {count} pilihan benar; harus tepat satu"),
                format!("a `single` question has {count} correct choices; it needs exactly one"),
            ),
            MultipleNoCorrect => lang.pick(
                "soal `multiple` tanpa pilihan yang benar".into(),
                "a `multiple` question has no correct choice".into(),
            ),
            WeightedHasCorrect => lang.pick(
                "pilihan soal `weighted` memakai `correct`".into(),
                "a choice of a `weighted` question uses `correct`".into(),
            ),
            WeightedNoPoints => lang.pick(
                "soal `weighted` tanpa pilihan yang bernilai lebih dari 0".into(),
                "a `weighted` question has no choice worth more than 0 points".into(),
            ),
            PointsRange { points } => lang.pick(
                format!("nilai {points} di luar rentang 0 sampai 5"),
                format!("{points} points is outside 0 to 5"),
            ),
            PointsNotWeighted => lang.pick(
                "`points` hanya untuk soal `weighted`".into(),
                "`points` belongs to `weighted` questions only".into(),
            ),
            TooFewChoices { count } => lang.pick(
                format!("soal hanya punya {count} pilihan; minimal 2"),
                format!("the question has {count} choice(s); it needs at least 2"),
            ),
            DuplicateChoiceText { text } => lang.pick(
                format!("teks pilihan \"{text}\" muncul dua kali"),
                format!("the choice text \"{text}\" appears twice"),
            ),
            EmptyText { field } => {
                lang.pick(format!("`{field}` kosong"), format!("`{field}` is empty"))
            }
            UndeclaredLanguage { lang: code } => lang.pick(
                format!("bahasa \"{code}\" dipakai tetapi tidak ada di [bank] languages"),
                format!("language \"{code}\" is used but not declared in [bank] languages"),
            ),
            PassPercentRange { value } => lang.pick(
                format!("pass_percent {value} di luar rentang 0 sampai 100"),
                format!("pass_percent {value} is outside 0 to 100"),
            ),
            TrueFalseNoAnswer => lang.pick(
                "soal `true-false` tanpa `answer`".into(),
                "a `true-false` question has no `answer`".into(),
            ),
            TrueFalseChoices => lang.pick(
                "soal `true-false` tidak memakai [[question.choice]]".into(),
                "a `true-false` question takes no [[question.choice]]".into(),
            ),
            AnswerNotTrueFalse => lang.pick(
                "`answer` hanya untuk soal `true-false`".into(),
                "`answer` belongs to `true-false` questions only".into(),
            ),
            DuplicateChoiceId { id } => lang.pick(
                format!("id pilihan \"{id}\" dipakai dua kali dalam satu soal"),
                format!("choice id \"{id}\" is used twice in one question"),
            ),
            DifficultyRange { value } => lang.pick(
                format!("difficulty {value} di luar rentang 1 sampai 3"),
                format!("difficulty {value} is outside 1 to 3"),
            ),
            BadId { id } => lang.pick(
                format!("id \"{id}\" memuat karakter yang tidak diizinkan"),
                format!("the id \"{id}\" has characters that are not allowed"),
            ),
            NoLanguages => lang.pick("languages kosong".into(), "languages is empty".into()),
            TimeLimitRange { value } => lang.pick(
                format!("time_limit {value} menit tidak valid"),
                format!("a time_limit of {value} minutes is not valid"),
            ),
            PracticeCountRange { value } => lang.pick(
                format!("practice_count {value} tidak valid"),
                format!("a practice_count of {value} is not valid"),
            ),
            WhyTrueFalse => lang.pick(
                "`why_true` dan `why_false` hanya untuk soal `true-false`".into(),
                "`why_true` and `why_false` belong to `true-false` questions only".into(),
            ),
            ViolationScores { points } => lang.pick(
                format!("pilihan ini ditandai `violation` tetapi bernilai {points} poin"),
                format!("the choice is marked `violation` but is worth {points} point(s)"),
            ),
            MissingTranslation { lang: code } => lang.pick(
                format!("teks soal belum ada dalam bahasa \"{code}\""),
                format!("the prompt has no \"{code}\" text"),
            ),
            PositionalChoice { text } => lang.pick(
                format!("pilihan \"{text}\" bergantung pada urutan, tetapi pilihan diacak"),
                format!("the choice \"{text}\" depends on its position, but choices are shuffled"),
            ),
            NoExplanation => lang.pick(
                "soal tanpa `explanation`".into(),
                "the question has no `explanation`".into(),
            ),
            NoWhy => lang.pick(
                "pilihan yang salah tanpa `why`".into(),
                "a wrong choice has no `why`".into(),
            ),
            NoQuestions => lang.pick(
                "bank ini belum punya soal".into(),
                "the bank has no questions".into(),
            ),
            EmptyTopic { id } => lang.pick(
                format!("topik \"{id}\" belum punya soal"),
                format!("topic \"{id}\" has no questions"),
            ),
            WeightedIsSingle => lang.pick(
                "soal `weighted` dengan satu pilihan bernilai saja adalah soal `single`".into(),
                "a `weighted` question with only one choice worth points is a `single` question"
                    .into(),
            ),
            TestwiseBeatsRandom {
                strategy,
                lang: code,
                percent,
                random,
                true_false,
            } => {
                // What the strategy picks in a true/false question, said only where the bank
                // has one.
                let how = match (strategy, true_false) {
                    (Strategy::Longest, true) => lang.pick(
                        "selalu memilih pilihan terpanjang (dan \"salah\")",
                        "always picking the longest choice (and \"false\")",
                    ),
                    (Strategy::Longest, false) => lang.pick(
                        "selalu memilih pilihan terpanjang",
                        "always picking the longest choice",
                    ),
                    (Strategy::First, true) => lang.pick(
                        "selalu memilih pilihan pertama (dan \"benar\")",
                        "always picking the first choice (and \"true\")",
                    ),
                    (Strategy::First, false) => lang.pick(
                        "selalu memilih pilihan pertama",
                        "always picking the first choice",
                    ),
                    (Strategy::NoAbsolute | Strategy::Random, _) => lang.pick(
                        "memilih pilihan terpanjang tanpa kata mutlak",
                        "picking the longest choice without an absolute word",
                    ),
                };
                let gap = percent - random;
                lang.pick(
                    format!(
                        "tanpa tahu aturannya, {how} meraih {}% poin{} — {} poin di atas tebakan acak ({}%)",
                        dec(*percent, lang), in_lang(code, lang), dec(gap, lang), dec(*random, lang)
                    ),
                    format!(
                        "knowing none of the rules, {how} earns {}% of the points{} — {} points above random guessing ({}%)",
                        dec(*percent, lang), in_lang(code, lang), dec(gap, lang), dec(*random, lang)
                    ),
                )
            }
            KeyLongest { count, of, lang: code } => lang.pick(
                format!(
                    "kunci adalah pilihan terpanjang di {count} dari {of} soal single/weighted{}",
                    in_lang(code, lang)
                ),
                format!(
                    "the key is the longest choice in {count} of {of} single/weighted questions{}",
                    in_lang(code, lang)
                ),
            ),
            TrueFalseOneWay { count, of, answer } => {
                let (id, en) = if *answer {
                    ("\"benar\"", "\"true\"")
                } else {
                    ("\"salah\"", "\"false\"")
                };
                lang.pick(
                    format!("jawaban {count} dari {of} soal true-false adalah {id}"),
                    format!("{count} of {of} true-false answers are {en}"),
                )
            }
            KeyFirst { count, of } => lang.pick(
                format!("kunci adalah pilihan pertama (urutan berkas) di {count} dari {of} soal single/weighted"),
                format!("the key is the first choice in file order in {count} of {of} single/weighted questions"),
            ),
            MultipleAllButOne { count, of } => lang.pick(
                format!("di {count} dari {of} soal multiple, semua pilihan kecuali satu benar"),
                format!("in {count} of {of} multiple questions every choice but one is right"),
            ),
            KeyOnlyPlain => lang.pick(
                "kunci adalah satu-satunya pilihan tanpa kata mutlak (hanya, selalu, semua, …)".into(),
                "the key is the only choice without an absolute word (only, always, all, …)".into(),
            ),
            AllOrNone { text } => lang.pick(
                format!("pilihan \"{text}\" merujuk semua/tidak satu pun pilihan lain"),
                format!("the choice \"{text}\" speaks of all or none of the other choices"),
            ),
            KeyMuchLonger { key, distractor } => lang.pick(
                format!("kunci jauh lebih panjang ({key} karakter) daripada pengecoh terpanjang ({distractor} karakter)"),
                format!("the key is much longer ({key} characters) than the longest distractor ({distractor} characters)"),
            ),
            MultipleAllRight => lang.pick(
                "semua pilihan soal `multiple` ini benar: mencentang semuanya mendapat nilai penuh tanpa membaca".into(),
                "every choice of this `multiple` question is right: ticking them all earns full marks unread".into(),
            ),
        }
    }

    /// A secondary note: in Indonesian, the parser's English wording when kuis has no
    /// translation of it, so nothing the parser knows is lost.
    pub fn note(&self, lang: Lang) -> Option<String> {
        match (self, lang) {
            (Problem::Syntax { detail }, Lang::Id) if syntax_id(detail).is_none() => {
                Some(format!("pesan asli parser TOML: {detail}"))
            }
            (Problem::Schema { detail }, Lang::Id) if schema_id(detail).is_none() => {
                Some(format!("pesan asli parser TOML: {detail}"))
            }
            _ => None,
        }
    }

    /// The label of the second place a diagnostic points at.
    pub fn related_label(&self, lang: Lang) -> &'static str {
        match self {
            Problem::SingleSeveralCorrect { .. } => {
                lang.pick("pilihan ini juga benar", "this choice is also correct")
            }
            Problem::DuplicateChoiceText { .. } => {
                lang.pick("teks yang sama di sini", "the same text here")
            }
            Problem::ViolationScores { .. } => lang.pick(
                "ditandai sebagai pelanggaran di sini",
                "marked as a violation here",
            ),
            _ => lang.pick("pertama kali di sini", "first defined here"),
        }
    }

    /// How to fix it, in one sentence.
    pub fn help(&self, lang: Lang) -> Option<String> {
        use Problem::*;
        let text = match self {
            Io { .. } => lang.pick(
                "periksa bahwa path benar dan Anda berhak membacanya",
                "check the path and that you may read it",
            ),
            NotUtf8 => lang.pick(
                "simpan berkas sebagai teks UTF-8 (bukan dokumen Word atau berkas biner)",
                "save the file as UTF-8 text (not a Word document or a binary file)",
            ),
            TooLarge { .. } => lang.pick(
                "bagi bank menjadi beberapa berkas",
                "split the bank into several files",
            ),
            NotABankFile => lang.pick(
                "mulai dari templat: kuis new BERKAS.toml",
                "start from a template: kuis new FILE.toml",
            ),
            Syntax { .. } => lang.pick(
                "teks harus diapit tanda kutip; tabel ditulis [nama] atau [[nama]]",
                "strings need quotes; tables are written [name] or [[name]]",
            ),
            // `correct = "b"` on the question, as other quiz formats write it.
            UnknownKey { key, expected } if key == "correct" && expected.contains("`choice`") => {
                lang.pick(
                    "tandai pilihan yang benar di [[question.choice]]-nya sendiri dengan correct = true",
                    "mark the right choice in its own [[question.choice]] with correct = true",
                )
            }
            UnknownKey { expected, .. } => {
                return Some(lang.pick(
                    format!("periksa ejaannya; kunci yang dikenal di sini: {expected}"),
                    format!("check the spelling; the keys known here are: {expected}"),
                ));
            }
            Schema { .. } => lang.pick(
                "lihat docs/bank-format.md untuk isian dan jenis nilainya",
                "see docs/bank-format.md for the fields and their types",
            ),
            NoBankFiles => lang.pick(
                "berikan berkas .toml atau folder yang berisi berkas .toml",
                "name a .toml file or a folder that holds .toml files",
            ),
            DuplicateId { .. } => lang.pick(
                "beri setiap id nama yang unik",
                "give every id a unique name",
            ),
            UnknownTopic { .. } => lang.pick(
                "tambahkan [[topic]] dengan id ini, atau perbaiki ejaannya",
                "add a [[topic]] with this id, or fix the spelling",
            ),
            UnknownRule { .. } => lang.pick(
                "tambahkan [[rule]] dengan id ini, atau perbaiki ejaannya",
                "add a [[rule]] with this id, or fix the spelling",
            ),
            SingleNoCorrect => lang.pick(
                "tandai satu pilihan dengan correct = true",
                "mark one choice with correct = true",
            ),
            SingleSeveralCorrect { .. } => lang.pick(
                "biarkan satu correct = true, atau ubah kind menjadi \"multiple\"",
                "keep one correct = true, or change kind to \"multiple\"",
            ),
            MultipleNoCorrect => lang.pick(
                "tandai pilihan yang benar dengan correct = true",
                "mark the right choices with correct = true",
            ),
            WeightedHasCorrect => lang.pick(
                "beri setiap pilihan `points` (0 sampai 5) dan hapus `correct`",
                "give every choice `points` (0 to 5) and remove `correct`",
            ),
            WeightedNoPoints => lang.pick(
                "beri pilihan terbaik points = 5",
                "give the best choice points = 5",
            ),
            PointsRange { .. } => lang.pick("gunakan nilai 0 sampai 5", "use a value from 0 to 5"),
            PointsNotWeighted => lang.pick(
                "ubah kind menjadi \"weighted\", atau pakai correct = true",
                "change kind to \"weighted\", or use correct = true",
            ),
            TooFewChoices { .. } => lang.pick(
                "tambahkan [[question.choice]], atau pakai kind = \"true-false\"",
                "add a [[question.choice]], or use kind = \"true-false\"",
            ),
            DuplicateChoiceText { .. } => lang.pick(
                "hapus atau ubah salah satu pilihan",
                "remove or reword one of the choices",
            ),
            EmptyText { .. } => lang.pick(
                "isi teksnya, atau hapus isian itu",
                "write the text, or remove the field",
            ),
            UndeclaredLanguage { .. } => lang.pick(
                "tambahkan bahasa itu ke languages di [bank], atau perbaiki kodenya",
                "add the language to languages in [bank], or fix the code",
            ),
            PassPercentRange { .. } => lang.pick(
                "gunakan angka 0 sampai 100, misalnya pass_percent = 80",
                "use a number from 0 to 100, e.g. pass_percent = 80",
            ),
            TrueFalseNoAnswer => lang.pick(
                "tambahkan answer = true atau answer = false",
                "add answer = true or answer = false",
            ),
            TrueFalseChoices => lang.pick(
                "hapus pilihan dan pakai answer = true|false, atau ubah kind menjadi \"single\"",
                "remove the choices and use answer = true|false, or change kind to \"single\"",
            ),
            AnswerNotTrueFalse => lang.pick(
                "hapus `answer` dan tandai pilihan dengan correct = true",
                "remove `answer` and mark choices with correct = true",
            ),
            DuplicateChoiceId { .. } => lang.pick(
                "beri setiap pilihan id yang unik, atau hapus id agar memakai huruf",
                "give each choice a unique id, or drop the ids to use letters",
            ),
            DifficultyRange { .. } => lang.pick(
                "gunakan 1 (mudah), 2 (sedang), atau 3 (sulit)",
                "use 1 (easy), 2 (medium) or 3 (hard)",
            ),
            BadId { .. } => lang.pick(
                "pakai huruf, angka, '-', '_' dan '.', tanpa spasi, misalnya \"medsos-like-001\"",
                "use letters, digits, '-', '_' and '.', no spaces, e.g. \"medsos-like-001\"",
            ),
            NoLanguages => lang.pick(
                "tulis misalnya languages = [\"id\", \"en\"]",
                "write e.g. languages = [\"id\", \"en\"]",
            ),
            TimeLimitRange { .. } => lang.pick(
                "gunakan jumlah menit 1 sampai 600, atau hapus time_limit",
                "use 1 to 600 minutes, or remove time_limit",
            ),
            PracticeCountRange { .. } => lang.pick(
                "gunakan jumlah soal 1 sampai 1000, misalnya practice_count = 20, atau hapus practice_count",
                "use 1 to 1000 questions, e.g. practice_count = 20, or remove practice_count",
            ),
            WhyTrueFalse => lang.pick(
                "pakai `why` pada [[question.choice]], atau ubah kind menjadi \"true-false\"",
                "use `why` on a [[question.choice]], or change kind to \"true-false\"",
            ),
            ViolationScores { .. } => lang.pick(
                "pilihan yang tetap melanggar aturan bernilai points = 0; bila tidak melanggar, hapus violation",
                "a choice that still breaks a rule scores points = 0; if it does not, remove violation",
            ),
            MissingTranslation { .. } => lang.pick(
                "tambahkan terjemahannya: prompt = { id = \"…\", en = \"…\" }",
                "add the translation: prompt = { id = \"…\", en = \"…\" }",
            ),
            PositionalChoice { .. } => lang.pick(
                "tambahkan shuffle = false pada soal ini",
                "set shuffle = false on this question",
            ),
            NoExplanation => lang.pick(
                "tambahkan explanation yang menyebut aturan dan dasar hukumnya",
                "add an explanation that names the rule and its legal basis",
            ),
            NoWhy => lang.pick(
                "tambahkan why: mengapa pilihan ini keliru",
                "add a why: what makes this choice wrong",
            ),
            NoQuestions => lang.pick(
                "tambahkan [[question]], atau jalankan kuis add BERKAS",
                "add a [[question]], or run kuis add FILE",
            ),
            EmptyTopic { .. } => lang.pick(
                "tambahkan soal untuk topik ini, atau hapus topiknya",
                "add questions to this topic, or remove it",
            ),
            WeightedIsSingle => lang.pick(
                "beri poin sebagian pada pilihan lain, atau pakai kind = \"single\" dengan correct = true",
                "give other choices partial points, or use kind = \"single\" with correct = true",
            ),
            TestwiseBeatsRandom {
                strategy,
                true_false,
                ..
            } => match (strategy, true_false) {
                (Strategy::First, true) => lang.pick(
                    "sebar posisi kunci: kuis fmt --balance-keys BERKAS, dan seimbangkan jawaban true-false",
                    "spread the keys' positions: kuis fmt --balance-keys FILE, and balance the true-false answers",
                ),
                (Strategy::First, false) => lang.pick(
                    "sebar posisi kunci: kuis fmt --balance-keys BERKAS",
                    "spread the keys' positions: kuis fmt --balance-keys FILE",
                ),
                (Strategy::NoAbsolute, _) => lang.pick(
                    "pakai kata mutlak (hanya, selalu, semua) pada kunci juga, tidak hanya pada pengecoh",
                    "use absolute words (only, always, all) in keys too, not only in distractors",
                ),
                (Strategy::Longest | Strategy::Random, true) => lang.pick(
                    "buat pengecoh sepanjang dan serinci kunci, dan seimbangkan jawaban true-false; lihat kuis check --format json",
                    "make distractors as long and as qualified as keys, and balance the true-false answers; see kuis check --format json",
                ),
                (Strategy::Longest | Strategy::Random, false) => lang.pick(
                    "buat pengecoh sepanjang dan serinci kunci; lihat kuis check --format json",
                    "make distractors as long and as qualified as keys; see kuis check --format json",
                ),
            },
            KeyLongest { .. } => lang.pick(
                "tulis pengecoh sepanjang dan serinci kunci, atau persingkat kuncinya",
                "write distractors as long and as detailed as the key, or shorten the key",
            ),
            TrueFalseOneWay { .. } => lang.pick(
                "tulis ulang sebagian pernyataan agar jawabannya berbalik, sampai benar dan salah kira-kira seimbang",
                "reword some statements so their answer flips, until true and false are about even",
            ),
            KeyFirst { .. } => lang.pick(
                "jalankan kuis fmt --balance-keys BERKAS untuk menyebar posisi kunci (soal dengan `shuffle = false` tetap urutannya: ubah urutannya sendiri)",
                "run kuis fmt --balance-keys FILE to spread the keys' positions (questions with `shuffle = false` keep their order: reorder those by hand)",
            ),
            MultipleAllButOne { .. } => lang.pick(
                "tambahkan pengecoh yang masuk akal, agar menandai semua tidak lagi hampir benar",
                "add plausible distractors, so that ticking everything is no longer nearly right",
            ),
            KeyOnlyPlain => lang.pick(
                "hapus kata mutlak dari pengecoh atau pakai juga pada kunci",
                "take the absolute words out of the distractors, or use one in the key too",
            ),
            AllOrNone { .. } => lang.pick(
                "ganti dengan pengecoh yang masuk akal, atau jadikan soal multiple",
                "replace it with a plausible distractor, or make the question multiple",
            ),
            KeyMuchLonger { .. } => lang.pick(
                "persingkat kunci atau buat pengecoh sama rincinya",
                "shorten the key, or make the distractors as detailed",
            ),
            MultipleAllRight => lang.pick(
                "tambahkan pengecoh yang masuk akal (kesalahan yang benar-benar dibuat orang)",
                "add plausible distractors (the mistakes people really make)",
            ),
        };
        Some(text.to_owned())
    }
}

/// A percentage or points with one decimal, with the language's decimal mark.
fn dec(value: f64, lang: Lang) -> String {
    let text = format!("{value:.1}");
    lang.pick(text.replace('.', ","), text)
}

/// " (en)" after a figure measured in one language of several, else nothing.
fn in_lang(code: &Option<String>, lang: Lang) -> String {
    match code {
        Some(code) => lang.pick(
            format!(" (teks \"{code}\")"),
            format!(" (\"{code}\" texts)"),
        ),
        None => String::new(),
    }
}

/// The TOML parser's message in Indonesian, for the messages a bank author meets (the parser
/// speaks English only and exposes no error kinds, so this rests on its fixed wording).
fn syntax_id(detail: &str) -> Option<String> {
    const KNOWN: &[(&str, &str)] = &[
        (
            "missing comma between key-value pairs",
            "koma antara dua pasangan kunci-nilai hilang",
        ),
        (
            "missing comma between array elements",
            "koma antara dua anggota larik hilang",
        ),
        (
            "missing assignment between key-value pairs",
            "tanda `=` antara kunci dan nilai hilang",
        ),
        ("duplicate key", "kunci yang sama ditulis dua kali"),
        ("unclosed array table", "`[[` tanpa penutup `]]`"),
        ("unclosed table", "`[` tanpa penutup `]`"),
        ("unclosed inline table", "`{` tanpa penutup `}`"),
        ("unclosed array", "`[` tanpa penutup `]`"),
        ("missing value", "nilai belum ditulis"),
        (
            "missing value for key",
            "nilai untuk kunci ini belum ditulis",
        ),
        (
            "invalid basic string",
            "teks tidak valid (tanda kutip tidak berpasangan?)",
        ),
        (
            "invalid string",
            "teks tidak valid (tanda kutip tidak berpasangan?)",
        ),
        (
            "invalid multi-line basic string",
            "teks banyak baris tidak valid",
        ),
        (
            "invalid unquoted key",
            "kunci tidak valid; apit dengan tanda kutip",
        ),
        ("invalid key", "kunci tidak valid"),
        ("invalid boolean", "nilai boolean harus true atau false"),
        ("invalid integer number", "bilangan bulat tidak valid"),
        ("extra comma in array", "koma berlebih dalam larik"),
        ("extra comma in inline table", "koma berlebih dalam tabel"),
        (
            "extra assignment between key-value pairs",
            "tanda `=` berlebih",
        ),
        ("unexpected content", "ada isi yang tidak diharapkan"),
        ("missing opening quote", "tanda kutip pembuka hilang"),
        ("invalid table", "tabel tidak valid"),
        ("invalid key-value pair", "pasangan kunci-nilai tidak valid"),
    ];
    let detail = detail.trim();
    if let Some(key) = detail.strip_prefix("duplicate key: ") {
        return Some(format!("kunci {key} ditulis dua kali"));
    }
    KNOWN
        .iter()
        .find(|(en, _)| *en == detail)
        .map(|(_, id)| (*id).to_owned())
}

/// serde's schema messages in Indonesian: unknown variant, invalid type, missing field.
fn schema_id(detail: &str) -> Option<String> {
    let detail = detail.trim();
    if let Some(rest) = detail.strip_prefix("unknown variant ") {
        let (value, expected) = rest.split_once(", expected ")?;
        let expected = expected.trim_start_matches("one of ");
        return Some(format!(
            "nilai {value} tidak dikenal; pilih salah satu: {expected}"
        ));
    }
    if let Some(field) = detail.strip_prefix("missing field ") {
        return Some(format!("isian wajib {field} belum ada"));
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ")?;
        let name = |what: &str| -> Option<String> {
            const TYPES: &[(&str, &str)] = &[
                ("string", "teks"),
                ("a string", "teks"),
                ("integer", "bilangan bulat"),
                ("i64", "bilangan bulat"),
                ("u32", "bilangan bulat"),
                ("boolean", "boolean"),
                ("a boolean", "`true` atau `false`"),
                ("floating point", "bilangan pecahan"),
                ("sequence", "larik [ … ]"),
                ("a sequence", "larik [ … ]"),
                ("map", "tabel"),
                ("a map", "tabel"),
                ("a table", "tabel"),
            ];
            let (head, value) = match what.split_once(' ') {
                Some((h, v)) if v.starts_with(['"', '`']) || v.parse::<f64>().is_ok() => {
                    (h, Some(v))
                }
                _ => (what, None),
            };
            let (_, id) = TYPES.iter().find(|(en, _)| *en == head)?;
            Some(match value {
                Some(v) => format!("{id} {v}"),
                None => (*id).to_owned(),
            })
        };
        let expected = if expected.starts_with("struct ") || expected.starts_with("a text") {
            "tabel".to_owned()
        } else {
            name(expected)?
        };
        return Some(format!(
            "jenis nilai salah: tertulis {}, seharusnya {expected}",
            name(found)?
        ));
    }
    None
}

/// A problem found in a file, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The file, as the user named it.
    pub file: String,
    /// Byte range in the file, when the problem has a place.
    pub span: Option<Range<usize>>,
    /// What the problem concerns, e.g. `soal "medsos-001"`, for the message's start.
    pub subject: Option<Subject>,
    /// What is wrong.
    pub problem: Problem,
    /// A second place that explains the first (where a duplicate id was first defined).
    pub related: Option<(String, Range<usize>)>,
}

/// The thing a diagnostic is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    /// A question, by id.
    Question(String),
}

impl Diagnostic {
    /// A diagnostic at `span` in `file`.
    pub fn new(file: &str, span: Option<Range<usize>>, problem: Problem) -> Self {
        Diagnostic {
            file: file.to_owned(),
            // 0..0 marks a default value that was never in the file. Other empty spans are
            // real: toml points at the gap where a comma or quote is missing.
            span: span.filter(|s| *s != (0..0)),
            subject: None,
            problem,
            related: None,
        }
    }

    /// The same diagnostic, about question `id`.
    pub fn about(mut self, question: &str) -> Self {
        self.subject = Some(Subject::Question(question.to_owned()));
        self
    }

    /// The same diagnostic, pointing also at `span` in `file`.
    pub fn with_related(mut self, file: &str, span: Range<usize>) -> Self {
        if span != (0..0) {
            self.related = Some((file.to_owned(), span));
        }
        self
    }

    /// Error or warning.
    pub fn severity(&self) -> Severity {
        self.problem.severity()
    }

    /// The full message: subject, then problem.
    pub fn message(&self, lang: Lang) -> String {
        let text = self.problem.message(lang);
        match &self.subject {
            Some(Subject::Question(id)) => {
                format!("{} \"{id}\": {text}", lang.pick("soal", "question"))
            }
            None => text,
        }
    }

    /// 1-based line and column (in characters) of the start, given the file's text.
    pub fn location(&self, source: Option<&str>) -> Option<(usize, usize)> {
        let span = self.span.as_ref()?;
        Some(line_col(source?, span.start))
    }
}

/// Where each line of a text starts, computed once per file so that locating a diagnostic is
/// a binary search instead of a scan from the top (a bank with 7,500 warnings used to take
/// minutes, scanning the file once per diagnostic).
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Index `text`'s lines.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text));
        Lines { text, starts }
    }

    /// The text indexed.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// 0-based line number of byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte range of 0-based line `line`, without its newline.
    fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        start..end.max(start)
    }

    /// 1-based line and column (in characters) of byte `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        (line + 1, self.text[start..offset].chars().count() + 1)
    }

    /// The whole lines that `span` touches: their text, the 1-based number of the first, and
    /// `span` moved to be relative to that text. Snippets are rendered from this excerpt, so
    /// the renderer never walks the whole file.
    fn excerpt(&self, span: &Range<usize>) -> (&'a str, usize, Range<usize>) {
        let len = self.text.len();
        let (start, end) = (
            span.start.min(len),
            span.end.min(len).max(span.start.min(len)),
        );
        let first = self.line_of(start);
        let last = self.line_of(end.saturating_sub(1).max(start));
        let from = self.starts[first];
        let to = self.line_range(last).end.max(end);
        (&self.text[from..to], first + 1, start - from..end - from)
    }
}

/// Byte offsets just after each `\n`.
fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i + 1)
}

/// 1-based line and column (in characters) of byte `offset` in `text`. Indexes the text each
/// time: for one lookup only; use [`Lines`] for many.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    Lines::new(text).line_col(offset)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A diagnostic as one JSON record, for editors and CI.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
}

impl JsonDiagnostic {
    /// Build the record; `source` is the file's indexed text, when it could be read.
    pub fn new(d: &Diagnostic, source: Option<&Lines<'_>>, lang: Lang) -> Self {
        let (start, end) = match (&d.span, source) {
            (Some(span), Some(lines)) => (
                Some(lines.line_col(span.start)),
                Some(lines.line_col(span.end)),
            ),
            _ => (None, None),
        };
        JsonDiagnostic {
            file: d.file.clone(),
            line: start.map(|l| l.0),
            column: start.map(|l| l.1),
            end_line: end.map(|l| l.0),
            end_column: end.map(|l| l.1),
            code: d.problem.code(),
            severity: d.severity(),
            message: d.message(lang),
            help: d.problem.help(lang),
        }
    }
}

/// Indexed texts of the files diagnostics point into, each indexed once on first use.
pub struct Sources<'a, F> {
    find: F,
    cache: HashMap<String, Option<Rc<Lines<'a>>>>,
}

impl<'a, F: Fn(&str) -> Option<&'a str>> Sources<'a, F> {
    /// `find` gives a file's text by name.
    pub fn new(find: F) -> Self {
        Sources {
            find,
            cache: HashMap::new(),
        }
    }

    /// The indexed text of `file`, when it is known.
    pub fn get(&mut self, file: &str) -> Option<Rc<Lines<'a>>> {
        if let Some(lines) = self.cache.get(file) {
            return lines.clone();
        }
        let lines = (self.find)(file).map(|text| Rc::new(Lines::new(text)));
        self.cache.insert(file.to_owned(), lines.clone());
        lines
    }
}

/// Related places this many lines away or fewer share the primary place's snippet.
const NEAR: usize = 8;

/// A snippet of `file` showing `span` (and `extra`, when given and near), built from the
/// lines they touch only.
fn snippet<'a>(
    lines: &Lines<'a>,
    file: &str,
    span: &Range<usize>,
    kind: AnnotationKind,
    label: Option<&'a str>,
    extra: Option<(&Range<usize>, &'a str)>,
) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
    let whole = match extra {
        Some((other, _)) => span.start.min(other.start)..span.end.max(other.end),
        None => span.clone(),
    };
    let (text, first_line, _) = lines.excerpt(&whole);
    let base = lines.starts[first_line - 1];
    let shift = |r: &Range<usize>| {
        let len = lines.text.len();
        r.start.min(len) - base..r.end.min(len).max(r.start.min(len)) - base
    };
    let mut annotation = kind.span(shift(span));
    if let Some(label) = label {
        annotation = annotation.label(label);
    }
    let mut snippet = Snippet::source(text)
        .line_start(first_line)
        .path(file.to_owned())
        .annotation(annotation);
    if let Some((other, label)) = extra {
        snippet = snippet.annotation(AnnotationKind::Context.span(shift(other)).label(label));
    }
    snippet
}

/// Render diagnostics as rustc does: title with code, `--> file:line:col`, the source lines
/// with a caret, and a help line. `source` finds a file's text by name; each file is indexed
/// once and every snippet is cut from that index, so the cost is linear in the diagnostics.
pub fn render<'a>(
    diagnostics: &[Diagnostic],
    source: impl Fn(&str) -> Option<&'a str>,
    lang: Lang,
    color: bool,
) -> String {
    let mut out = String::new();
    render_each(diagnostics, source, lang, color, |text| out.push_str(text));
    out
}

/// [`render`], handing the text to `each` piece by piece as it is drawn, so that thousands of
/// diagnostics can be written out without all of them held in memory at once.
pub fn render_each<'a>(
    diagnostics: &[Diagnostic],
    source: impl Fn(&str) -> Option<&'a str>,
    lang: Lang,
    color: bool,
    mut each: impl FnMut(&str),
) {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut sources = Sources::new(source);
    for d in diagnostics {
        let level = match d.severity() {
            Severity::Error => Level::ERROR.with_name(lang.t(msg::ERROR)),
            Severity::Warning => Level::WARNING.with_name(lang.t(msg::WARNING)),
        };
        let title = level.primary_title(d.message(lang)).id(d.problem.code());
        let mut group = Group::with_title(title);
        match (&d.span, sources.get(&d.file)) {
            (Some(span), Some(here)) => {
                let label = d.problem.related_label(lang);
                let related = d.related.as_ref();
                let near = related.filter(|(file, r)| {
                    file == &d.file
                        && here.line_of(r.start).abs_diff(here.line_of(span.start)) <= NEAR
                });
                let primary = snippet(
                    &here,
                    &d.file,
                    span,
                    AnnotationKind::Primary,
                    None,
                    near.map(|(_, r)| (r, label)),
                );
                group = group.element(primary);
                if let Some((file, r)) = related.filter(|_| near.is_none())
                    && let Some(there) = sources.get(file)
                {
                    group = group.element(snippet(
                        &there,
                        file,
                        r,
                        AnnotationKind::Context,
                        Some(label),
                        None,
                    ));
                }
            }
            _ => group = group.element(Origin::path(d.file.clone())),
        }
        if let Some(note) = d.problem.note(lang) {
            group = group.element(Level::NOTE.with_name(lang.t(msg::NOTE)).message(note));
        }
        if let Some(help) = d.problem.help(lang) {
            group = group.element(Level::HELP.with_name(lang.t(msg::HELP)).message(help));
        }
        each(&renderer.render(&[group]));
        each("\n\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test that columns count characters, not bytes, so a caret under Indonesian text with
    // accents or emoji lands where an editor shows it.
    #[test]
    fn line_col_counts_chars() {
        let text = "a = 1\nb = \"é\" x";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 9));
    }

    // Test that every problem's code is listed once in ALL_CODES.
    #[test]
    fn codes_are_listed() {
        let mut sorted = ALL_CODES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ALL_CODES.len());
        assert!(ALL_CODES.contains(&Problem::NoWhy.code()));
    }
}
