//! What a blind, test-wise learner earns on a bank: strategies that know nothing of the rules,
//! only how quiz writers write, scored as the engine scores them; and the cues behind them,
//! per bank and per question. One pass over the model, no I/O.
//!
//! The definitions (docs/bank-format.md, "Blind guessing"):
//! - lengths are counted in characters (Unicode scalar values) of the text in the language
//!   measured, falling back to the main language as a learner would see it;
//! - `longest`: single and weighted, the longest choice (the first in file order on a tie);
//!   multiple, every choice strictly longer than the median length of the question's choices,
//!   else the longest alone; true-false, "false";
//! - `first`: the first choice in file order (multiple: that one ticked); true-false, "true";
//! - `no-absolute`: the `longest` rule among the choices without an absolute word (among all
//!   when every choice has one); true-false, "false" when the statement has an absolute word,
//!   else "true";
//! - `random`: the expected score of uniform guessing (multiple: each choice ticked with
//!   probability 1/2, computed exactly).
//!
//! A strategy's figure is the sum of its question scores (each worth its one point) over the
//! number of questions, in percent.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use serde::{Serialize, Serializer};

use super::model::{Bank, Kind, Question};
use super::score::{Worth, each_alone, multiple, score, truth_marks};

/// The absolute words of Indonesian: a statement with one is usually false, so a test-wise
/// learner avoids choices that have one.
pub const ABSOLUTE_ID: &[&str] = &[
    "hanya",
    "selalu",
    "semua",
    "apa pun",
    "tidak ada",
    "pasti",
    "tidak pernah",
];

/// The absolute words of English.
pub const ABSOLUTE_EN: &[&str] = &["only", "always", "all", "any", "never"];

/// A key is "much longer" than the distractors when it is at least this many times as long as
/// the longest of them …
pub const MUCH_LONGER_RATIO: f64 = 1.5;
/// … and at least this many characters longer: two short texts (3 and 6 characters) differ
/// in ratio without giving anything away.
pub const MUCH_LONGER_CHARS: usize = 20;

/// Whether `text` has an absolute word of `lang` (a whole word, any case). Languages other
/// than Indonesian and English have none listed.
pub fn has_absolute(text: &str, lang: &str) -> bool {
    static ID: LazyLock<AhoCorasick> = LazyLock::new(|| super::finder(ABSOLUTE_ID));
    static EN: LazyLock<AhoCorasick> = LazyLock::new(|| super::finder(ABSOLUTE_EN));
    let finder = match lang {
        "id" => &*ID,
        "en" => &*EN,
        _ => return false,
    };
    finder
        .find_overlapping_iter(text)
        .any(|m| whole_word(text, m.start(), m.end()))
}

/// Whether `text[start..end]` is not part of a longer word.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    !text[..start].chars().next_back().is_some_and(word)
        && !text[end..].chars().next().is_some_and(word)
}

/// A choice that speaks of all the others ("semua benar", "none of the above"): item-writing
/// guidelines advise against them, and a test-wise learner picks them.
fn all_or_none(text: &str) -> bool {
    const PHRASES: &[&str] = &[
        "semua benar",
        "semua jawaban benar",
        "semua jawaban di atas",
        "semua pilihan benar",
        "semua pilihan di atas",
        "semua yang di atas",
        "semua salah",
        "tidak ada yang benar",
        "tidak ada jawaban yang benar",
        "tidak ada pilihan yang benar",
        "bukan salah satu di atas",
        "all of the above",
        "all the above",
        "all of these",
        "all are correct",
        "none of the above",
        "none of these",
        "none is correct",
        "none are correct",
    ];
    static FINDER: LazyLock<AhoCorasick> = LazyLock::new(|| super::finder(PHRASES));
    // At the start of the choice and ending a word, so that "Tidak ada yang benar-benar
    // netral" is an ordinary choice.
    let text = text.trim_start();
    FINDER.find_overlapping_iter(text).any(|m| {
        m.start() == 0
            && !text[m.end()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '-')
    })
}

/// The four strategies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// The longest choice; "false".
    Longest,
    /// The first choice in file order; "true".
    First,
    /// The longest choice without an absolute word.
    NoAbsolute,
    /// Uniform guessing.
    Random,
}

impl Strategy {
    /// Every strategy, in the order tables list them.
    pub const ALL: [Strategy; 4] = [
        Strategy::Longest,
        Strategy::First,
        Strategy::NoAbsolute,
        Strategy::Random,
    ];

    /// Its name in the JSON output and the docs.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Longest => "longest",
            Strategy::First => "first",
            Strategy::NoAbsolute => "no-absolute",
            Strategy::Random => "random",
        }
    }
}

/// What each strategy earns, in percent of the bank's points.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Figures {
    /// [`Strategy::Longest`].
    #[serde(serialize_with = "one_decimal")]
    pub longest: f64,
    /// [`Strategy::First`].
    #[serde(serialize_with = "one_decimal")]
    pub first: f64,
    /// [`Strategy::NoAbsolute`].
    #[serde(rename = "no-absolute", serialize_with = "one_decimal")]
    pub no_absolute: f64,
    /// [`Strategy::Random`].
    #[serde(serialize_with = "one_decimal")]
    pub random: f64,
}

fn one_decimal<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((value * 10.0).round() / 10.0)
}

impl Figures {
    /// What `strategy` earns.
    pub fn get(&self, strategy: Strategy) -> f64 {
        match strategy {
            Strategy::Longest => self.longest,
            Strategy::First => self.first,
            Strategy::NoAbsolute => self.no_absolute,
            Strategy::Random => self.random,
        }
    }

    fn add(&mut self, longest: f64, first: f64, no_absolute: f64, random: f64) {
        self.longest += longest;
        self.first += first;
        self.no_absolute += no_absolute;
        self.random += random;
    }
}

/// The cues a test-wise learner reads, counted over the bank.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Cues {
    /// Single and weighted questions.
    pub single_weighted: usize,
    /// Of them, those whose key (a best choice) is longer than every other choice.
    pub key_longest: usize,
    /// Of them, those whose first choice in file order is a key. (In a `multiple` question
    /// with most choices right, the first is a key by sheer numbers: those are W012's.)
    pub key_first: usize,
    /// True-false questions.
    pub true_false: usize,
    /// Of them, those whose answer is "true".
    pub true_answers: usize,
    /// Multiple questions.
    pub multiple: usize,
    /// Of them, those where every choice but one is right.
    pub all_but_one_right: usize,
}

/// One bank measured in one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Testwise {
    /// The language whose texts were measured.
    pub lang: String,
    /// Questions in the bank.
    pub questions: usize,
    /// What each strategy earns, in percent.
    pub testwise: Figures,
    /// The cues behind the figures.
    pub cues: Cues,
}

/// An item-writing guideline a question breaks in a way a test-wise learner can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Giveaway {
    /// The key (or the keys) are the only choices without an absolute word.
    KeyOnlyPlain {
        /// The first key, in file order.
        choice: usize,
    },
    /// A choice says "all of the above" or "none of the above".
    AllOrNone {
        /// The choice.
        choice: usize,
        /// Its text, as measured.
        text: String,
    },
    /// Every key is much longer than every distractor.
    KeyMuchLonger {
        /// The first key, in file order.
        choice: usize,
        /// The shortest key's length, in characters.
        key: usize,
        /// The longest distractor's length, in characters.
        distractor: usize,
    },
}

/// A bank measured: per language, and the questions that give their answer away.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// One entry per declared language (the main one first).
    pub langs: Vec<Testwise>,
    /// (question index, what gives it away), in file order; once per question and kind of
    /// giveaway, in the first language where it shows.
    pub giveaways: Vec<(usize, Giveaway)>,
}

/// The "true" and "false" options of a true-false question.
const TRUE: usize = 0;
const FALSE: usize = 1;

/// Measure `bank`: the four strategies and the cues, in each declared language.
pub fn measure(bank: &Bank) -> Measure {
    let main = bank.bank.main_language();
    let declared = bank.bank.languages.get_ref();
    let langs: Vec<&str> = if declared.is_empty() {
        vec![main]
    } else {
        declared.iter().map(String::as_str).collect()
    };
    let mut sums = vec![(Figures::default(), Cues::default()); langs.len()];
    let mut giveaways = Vec::new();
    let mut lens = Vec::new();
    for (index, q) in bank.questions.iter().enumerate() {
        let kind = *q.kind.get_ref();
        if kind == Kind::TrueFalse {
            let answer = q.answer.as_ref().is_some_and(|a| *a.get_ref());
            let marks = truth_marks(answer);
            let at = |i: usize| score(kind, &marks, &[i]);
            let random = (at(TRUE) + at(FALSE)) / 2.0;
            for ((figures, cues), lang) in sums.iter_mut().zip(&langs) {
                let absolute = has_absolute(q.prompt.get_ref().get(lang, main), lang);
                let guess = if absolute { FALSE } else { TRUE };
                figures.add(at(FALSE), at(TRUE), at(guess), random);
                cues.true_false += 1;
                cues.true_answers += usize::from(answer);
            }
            continue;
        }
        let keys = keys(q);
        let n = q.choices.len();
        let first = score(kind, &q.choices, &[0]);
        let random = random(q);
        let key_first = keys.first().copied().unwrap_or(false);
        let all_but_one =
            kind == Kind::Multiple && n > 0 && keys.iter().filter(|&&k| k).count() == n - 1;
        let mut found = Found::default();
        for ((figures, cues), lang) in sums.iter_mut().zip(&langs) {
            lens.clear();
            let mut plain = Vec::with_capacity(n);
            let mut sweeping = Vec::new();
            for (i, c) in q.choices.iter().enumerate() {
                let text = c.text.get_ref().get(lang, main);
                lens.push(text.chars().count());
                if !has_absolute(text, lang) {
                    plain.push(i);
                }
                if !all_or_none(text) {
                    continue;
                }
                sweeping.push(i);
                if !found.all_or_none.contains(&i) {
                    found.all_or_none.push(i);
                    giveaways.push((
                        index,
                        Giveaway::AllOrNone {
                            choice: i,
                            text: text.trim().to_owned(),
                        },
                    ));
                }
            }
            let all: Vec<usize> = (0..n).collect();
            let longest = score(kind, &q.choices, &pick(&all, &lens, kind));
            let plain_pick = if plain.is_empty() { &all } else { &plain };
            let no_absolute = score(kind, &q.choices, &pick(plain_pick, &lens, kind));
            figures.add(longest, first, no_absolute, random);
            if kind == Kind::Multiple {
                cues.multiple += 1;
                cues.all_but_one_right += usize::from(all_but_one);
            } else {
                cues.single_weighted += 1;
                cues.key_first += usize::from(key_first);
                // Strictly: choices all of one length tell a guesser nothing.
                let key = (0..n).filter(|&i| keys[i]).map(|i| lens[i]).max();
                let other = (0..n).filter(|&i| !keys[i]).map(|i| lens[i]).max();
                cues.key_longest += usize::from(key > other && other.is_some());
            }
            let first_key = keys.iter().position(|&k| k);
            let has_distractor = keys.iter().any(|&k| !k);
            if let (Some(choice), true) = (first_key, has_distractor) {
                // Among the choices that are not "all/none of the above" (their "semua" is
                // W014's business), those without an absolute word are exactly the keys.
                let others = |i: &usize| !sweeping.contains(i);
                let plain_others = plain.iter().copied().filter(others);
                let absolute_others = (0..n).filter(others).filter(|i| !plain.contains(i));
                if !found.key_only_plain
                    && absolute_others.count() > 0
                    && plain_others.eq((0..n).filter(others).filter(|&i| keys[i]))
                {
                    found.key_only_plain = true;
                    giveaways.push((index, Giveaway::KeyOnlyPlain { choice }));
                }
                let key = (0..n).filter(|&i| keys[i]).map(|i| lens[i]).min();
                let distractor = (0..n).filter(|&i| !keys[i]).map(|i| lens[i]).max();
                if let (false, Some(key), Some(distractor)) = (found.key_longer, key, distractor)
                    && key >= distractor + MUCH_LONGER_CHARS
                    && key as f64 >= distractor as f64 * MUCH_LONGER_RATIO
                {
                    found.key_longer = true;
                    giveaways.push((
                        index,
                        Giveaway::KeyMuchLonger {
                            choice,
                            key,
                            distractor,
                        },
                    ));
                }
            }
        }
    }
    let questions = bank.questions.len();
    let percent = |sum: f64| {
        if questions == 0 {
            0.0
        } else {
            sum / questions as f64 * 100.0
        }
    };
    let langs = sums
        .into_iter()
        .zip(langs)
        .map(|((sum, cues), lang)| Testwise {
            lang: lang.to_owned(),
            questions,
            testwise: Figures {
                longest: percent(sum.longest),
                first: percent(sum.first),
                no_absolute: percent(sum.no_absolute),
                random: percent(sum.random),
            },
            cues,
        })
        .collect();
    Measure { langs, giveaways }
}

/// Giveaways already reported for the question being measured.
#[derive(Default)]
struct Found {
    key_only_plain: bool,
    key_longer: bool,
    all_or_none: Vec<usize>,
}

/// Which choices are keys: the right ones (single, multiple) or the best (weighted).
pub fn keys(q: &Question) -> Vec<bool> {
    let n = q.choices.len();
    match q.kind.get_ref() {
        Kind::Weighted => {
            let best = (0..n).map(|i| q.points(i)).max().unwrap_or(0);
            (0..n).map(|i| q.points(i) == best).collect()
        }
        _ => (0..n).map(|i| q.is_correct(i)).collect(),
    }
}

/// The choice the `longest` strategy picks in a single or weighted question: the longest text
/// in `lang` (the first in file order on a tie). The report compares it with real answers.
pub fn longest_choice(q: &Question, lang: &str, main: &str) -> Option<usize> {
    let lens: Vec<usize> = q
        .choices
        .iter()
        .map(|c| c.text.get_ref().get(lang, main).chars().count())
        .collect();
    let all: Vec<usize> = (0..lens.len()).collect();
    pick(&all, &lens, Kind::Single).first().copied()
}

/// The `longest` rule among the choices `among`: the longest (the first on a tie); for
/// multiple, every choice strictly longer than their median, or the longest when none is.
fn pick(among: &[usize], lens: &[usize], kind: Kind) -> Vec<usize> {
    if kind == Kind::Multiple && !among.is_empty() {
        let mut sorted: Vec<usize> = among.iter().map(|&i| lens[i]).collect();
        sorted.sort_unstable();
        let m = sorted.len();
        // Twice the median, in whole numbers: the mean of the middle two when m is even.
        let twice_median = sorted[(m - 1) / 2] + sorted[m / 2];
        let above: Vec<usize> = among
            .iter()
            .copied()
            .filter(|&i| 2 * lens[i] > twice_median)
            .collect();
        if !above.is_empty() {
            return above;
        }
    }
    let mut best: Option<usize> = None;
    for &i in among {
        if best.is_none_or(|b| lens[i] > lens[b]) {
            best = Some(i);
        }
    }
    best.into_iter().collect()
}

/// The expected score of uniform guessing: one choice at random (single, weighted); each
/// choice ticked with probability 1/2 (multiple), summed exactly over how many right and
/// wrong choices end up ticked.
fn random(q: &Question) -> f64 {
    let kind = *q.kind.get_ref();
    let n = q.choices.len();
    if n == 0 {
        return 0.0;
    }
    if kind != Kind::Multiple {
        return each_alone(kind, &q.choices).iter().sum::<f64>() / n as f64;
    }
    let right = q.choices.iter().filter(|c| c.correct()).count();
    let (p_right, p_wrong) = (half_binomial(right), half_binomial(n - right));
    let mut sum = 0.0;
    for (r, pr) in p_right.iter().enumerate().filter(|(_, p)| **p > 0.0) {
        for (w, pw) in p_wrong.iter().enumerate().filter(|(_, p)| **p > 0.0) {
            sum += pr * pw * multiple(r, w, right);
        }
    }
    sum
}

/// P(k of `n` fair coins land heads), k = 0..=n; probabilities under 1e-300 are 0 (they add
/// nothing a percentage shows, and skipping them keeps a hostile 100,000-choice question
/// fast). Worked in logarithms, so no factorial overflows.
fn half_binomial(n: usize) -> Vec<f64> {
    let mut ln = -(n as f64) * std::f64::consts::LN_2;
    let mut out = Vec::with_capacity(n + 1);
    for k in 0..=n {
        if k > 0 {
            ln += ((n - k + 1) as f64 / k as f64).ln();
        }
        let p = ln.exp();
        out.push(if p < 1e-300 { 0.0 } else { p });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::load::{Source, parse};

    fn bank(body: &str) -> Bank {
        let head = "[bank]\nid = \"b\"\ntitle = \"T\"\n\n[[topic]]\nid = \"t\"\ntitle = \"T\"\n\n";
        parse(&Source::new("b.toml", format!("{head}{body}"))).expect("parses")
    }

    fn question(kind: &str, choices: &[(&str, &str)]) -> String {
        let mut s = format!(
            "[[question]]\nid = \"q{}\"\ntopic = \"t\"\nkind = \"{kind}\"\nprompt = \"P\"\n",
            choices.len()
        );
        for (text, extra) in choices {
            s.push_str(&format!(
                "[[question.choice]]\ntext = \"{text}\"\n{extra}\n"
            ));
        }
        s
    }

    // Test that absolute words match whole words in any case, and only in their language.
    #[test]
    fn absolute_words() {
        assert!(has_absolute("Hanya pada hari libur", "id"));
        assert!(has_absolute("boleh, apa pun alasannya", "id"));
        assert!(!has_absolute("Pemahaman yang baik", "id"));
        assert!(!has_absolute("kesemuanya", "id"));
        assert!(has_absolute("It is ALWAYS banned", "en"));
        assert!(!has_absolute("Allowed", "en"));
        assert!(!has_absolute("company", "en"));
        assert!(!has_absolute("always", "fr"));
    }

    // Test that "all/none of the above" is found at the start of a choice only.
    #[test]
    fn all_or_none_choices() {
        assert!(all_or_none("Semua benar"));
        assert!(all_or_none("  None of the above."));
        assert!(all_or_none("Tidak ada yang benar"));
        assert!(!all_or_none("Tidak ada yang benar-benar netral"));
        assert!(!all_or_none("Menurut saya semua benar"));
    }

    // Test the longest rule: the first on a tie; for multiple, those above the median.
    #[test]
    fn longest_rule() {
        assert_eq!(pick(&[0, 1, 2], &[3, 5, 5], Kind::Single), vec![1]);
        assert_eq!(
            pick(&[0, 1, 2, 3], &[1, 2, 3, 4], Kind::Multiple),
            vec![2, 3]
        );
        assert_eq!(pick(&[0, 1, 2], &[4, 4, 4], Kind::Multiple), vec![0]);
        assert_eq!(pick(&[], &[], Kind::Single), Vec::<usize>::new());
    }

    // Test the exact expectation of ticking each choice with probability 1/2: with one right
    // and one wrong choice, only "right alone" scores (1 in 4).
    #[test]
    fn random_multiple() {
        let b = bank(&question(
            "multiple",
            &[("A", "correct = true"), ("B", "why = \"w\"")],
        ));
        assert!((random(&b.questions[0]) - 0.25).abs() < 1e-12);
        let sum: f64 = half_binomial(1000).iter().sum();
        assert!((sum - 1.0).abs() < 1e-9);
    }

    // Test the four strategies on a bank whose key is always the first and longest, and
    // whose statements are all false.
    #[test]
    fn strategies() {
        let body = [
            question(
                "single",
                &[("Jawaban yang panjang sekali", "correct = true"), ("Pendek", ""), ("Hanya ini saja", "")],
            ),
            "[[question]]\nid = \"tf\"\ntopic = \"t\"\nkind = \"true-false\"\nprompt = \"Selalu boleh\"\nanswer = false\n".to_owned(),
        ]
        .concat();
        let m = measure(&bank(&body));
        let f = m.langs[0].testwise;
        assert_eq!((f.longest, f.first, f.no_absolute), (100.0, 50.0, 100.0));
        assert!((f.random - (100.0 / 3.0 + 50.0) / 2.0).abs() < 1e-9);
        assert_eq!(m.langs[0].cues.key_longest, 1);
        assert_eq!(m.langs[0].cues.true_answers, 0);
    }
}
