//! The semantic checks: everything TOML and serde cannot see, reported all at once.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use toml::Spanned;

use super::diagnostic::{Diagnostic, IdKind, Problem};
use super::load::Loaded;
use super::model::{Bank, Kind, Question, Text};
use super::testwise::{self, Giveaway, Measure, Strategy, Testwise};

/// A bank-level cue is judged only on a bank with at least this many questions of the kind it
/// counts: on fewer, a share says nothing (one true-false question is "100% one way").
pub const MIN_COUNTED: usize = 8;
/// … and on at least this many `multiple` questions, for the all-but-one-right cue.
pub const MIN_MULTIPLE: usize = 4;
/// A blind strategy that beats uniform guessing by more than this many points is a warning.
pub const BEATS_RANDOM: f64 = 15.0;
/// The key may be the longest choice in at most this share of single/weighted questions …
pub const KEY_LONGEST_SHARE: f64 = 0.40;
/// … and the first choice in file order in at most this share of the questions with choices.
pub const KEY_FIRST_SHARE: f64 = 0.40;
/// True-false answers may lean one way in at most this share.
pub const ONE_WAY_SHARE: f64 = 0.65;

/// What a blind, test-wise learner earns on one bank checked, per language.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// The file, as the user named it.
    pub file: String,
    /// The bank's id.
    pub bank: String,
    /// One entry per declared language.
    pub langs: Vec<Testwise>,
}

/// Check banks together: each on its own, and ids across all of them (banks checked together
/// are often taken together, so a question id must mean one question).
pub fn check(banks: &[Loaded]) -> Vec<Diagnostic> {
    run(banks, true).0
}

/// [`check`], with what a blind, test-wise learner earns on each bank (measured once: the
/// same figures feed the warnings and the report).
pub fn check_measured(banks: &[Loaded]) -> (Vec<Diagnostic>, Vec<Measured>) {
    run(banks, true)
}

/// [`check`]'s errors only: what refuses a bank before a quiz. The checks that can only warn
/// are skipped, so a learner does not wait for advice meant for the bank's author.
pub fn errors(banks: &[Loaded]) -> Vec<Diagnostic> {
    run(banks, false).0
}

fn run(banks: &[Loaded], warnings: bool) -> (Vec<Diagnostic>, Vec<Measured>) {
    let mut checker = Checker {
        out: Vec::new(),
        seen: HashMap::new(),
        warnings,
        measured: Vec::new(),
    };
    for loaded in banks {
        checker.bank(&loaded.source.name, &loaded.bank);
    }
    (checker.out, checker.measured)
}

/// Whether any diagnostic fails the check: errors always, warnings when `strict`.
pub fn fails(diagnostics: &[Diagnostic], strict: bool) -> bool {
    diagnostics
        .iter()
        .any(|d| strict || d.severity() == super::Severity::Error)
}

struct Checker {
    out: Vec<Diagnostic>,
    /// (kind, id) -> where it was first defined.
    seen: HashMap<(u8, String), (String, Range<usize>)>,
    /// Whether warnings are wanted, or only errors.
    warnings: bool,
    /// The blind strategies per bank (measured only when warnings are wanted).
    measured: Vec<Measured>,
}

/// What a text check needs to know about its bank.
struct Langs<'a> {
    declared: &'a [String],
    main: &'a str,
}

impl Checker {
    fn push(&mut self, d: Diagnostic) {
        if self.warnings || d.severity() == super::Severity::Error {
            self.out.push(d);
        }
    }

    fn bank(&mut self, file: &str, bank: &Bank) {
        let meta = &bank.bank;
        let langs = Langs {
            declared: meta.languages.get_ref(),
            main: meta.main_language(),
        };
        self.id(file, IdKind::Bank, &meta.id);
        if meta.languages.get_ref().is_empty() {
            self.push(Diagnostic::new(
                file,
                Some(meta.languages.span()),
                Problem::NoLanguages,
            ));
        }
        let pass = *meta.pass_percent.get_ref();
        if !(0..=100).contains(&pass) {
            self.push(Diagnostic::new(
                file,
                Some(meta.pass_percent.span()),
                Problem::PassPercentRange { value: pass },
            ));
        }
        if let Some(limit) = &meta.time_limit {
            let value = *limit.get_ref();
            if !(1..=600).contains(&value) {
                self.push(Diagnostic::new(
                    file,
                    Some(limit.span()),
                    Problem::TimeLimitRange { value },
                ));
            }
        }
        if let Some(count) = &meta.practice_count {
            let value = *count.get_ref();
            if !(1..=1000).contains(&value) {
                self.push(Diagnostic::new(
                    file,
                    Some(count.span()),
                    Problem::PracticeCountRange { value },
                ));
            }
        }
        self.text(file, &meta.title, "title", &langs, None);
        if let Some(d) = &meta.description {
            self.text(file, d, "description", &langs, None);
        }

        let topics: HashSet<&str> = bank
            .topics
            .iter()
            .map(|t| t.id.get_ref().as_str())
            .collect();
        let rules: HashSet<&str> = bank.rules.iter().map(|r| r.id.get_ref().as_str()).collect();
        let used: HashSet<&str> = bank
            .questions
            .iter()
            .map(|q| q.topic.get_ref().as_str())
            .collect();
        for topic in &bank.topics {
            self.id(file, IdKind::Topic, &topic.id);
            self.text(file, &topic.title, "title", &langs, None);
            if let Some(d) = &topic.description {
                self.text(file, d, "description", &langs, None);
            }
            if !used.contains(topic.id.get_ref().as_str()) {
                self.push(Diagnostic::new(
                    file,
                    Some(topic.id.span()),
                    Problem::EmptyTopic {
                        id: topic.id.get_ref().clone(),
                    },
                ));
            }
        }
        for rule in &bank.rules {
            self.id(file, IdKind::Rule, &rule.id);
            self.text(file, &rule.text, "text", &langs, None);
            if rule.basis.get_ref().trim().is_empty() {
                self.push(Diagnostic::new(
                    file,
                    Some(rule.basis.span()),
                    Problem::EmptyText { field: "basis" },
                ));
            }
        }
        if bank.questions.is_empty() {
            self.push(Diagnostic::new(
                file,
                Some(meta.id.span()),
                Problem::NoQuestions,
            ));
        }
        for q in &bank.questions {
            self.question(file, q, &langs, &topics, &rules);
        }
        if self.warnings {
            let measure = testwise::measure(bank);
            self.testwise(file, bank, &measure);
            self.measured.push(Measured {
                file: file.to_owned(),
                bank: meta.id.get_ref().clone(),
                langs: measure.langs,
            });
        }
    }

    /// The warnings a blind, test-wise learner's figures call for: bank-level cues (at the
    /// bank's id), then the questions that give their answer away.
    fn testwise(&mut self, file: &str, bank: &Bank, measure: &Measure) {
        let here = Some(bank.bank.id.span());
        let several = measure.langs.len() > 1;
        let tag = |t: &Testwise| several.then(|| t.lang.clone());
        // The language where a cue is strongest speaks for the bank: one warning, not one per
        // language.
        let worst = |key: &dyn Fn(&Testwise) -> f64| {
            measure
                .langs
                .iter()
                .max_by(|a, b| key(a).total_cmp(&key(b)))
        };
        let over = |count: usize, of: usize, share: f64| count as f64 > share * of as f64;
        if bank.questions.len() >= MIN_COUNTED {
            for strategy in [Strategy::Longest, Strategy::First, Strategy::NoAbsolute] {
                let gap = |t: &Testwise| t.testwise.get(strategy) - t.testwise.random;
                if let Some(t) = worst(&gap).filter(|t| gap(t) > BEATS_RANDOM) {
                    self.push(Diagnostic::new(
                        file,
                        here.clone(),
                        Problem::TestwiseBeatsRandom {
                            strategy,
                            lang: tag(t),
                            percent: t.testwise.get(strategy),
                            random: t.testwise.random,
                            true_false: t.cues.true_false > 0,
                        },
                    ));
                }
            }
        }
        if let Some(t) = worst(&|t| t.cues.key_longest as f64) {
            let (count, of) = (t.cues.key_longest, t.cues.single_weighted);
            if of >= MIN_COUNTED && over(count, of, KEY_LONGEST_SHARE) {
                let problem = Problem::KeyLongest {
                    count,
                    of,
                    lang: tag(t),
                };
                self.push(Diagnostic::new(file, here.clone(), problem));
            }
        }
        // The other cues do not depend on the texts: any language's count will do.
        if let Some(cues) = measure.langs.first().map(|t| t.cues) {
            let of = cues.true_false;
            let answer = 2 * cues.true_answers > of;
            let count = if answer {
                cues.true_answers
            } else {
                of - cues.true_answers
            };
            if of >= MIN_COUNTED && over(count, of, ONE_WAY_SHARE) {
                let problem = Problem::TrueFalseOneWay { count, of, answer };
                self.push(Diagnostic::new(file, here.clone(), problem));
            }
            let (count, of) = (cues.key_first, cues.single_weighted);
            if of >= MIN_COUNTED && over(count, of, KEY_FIRST_SHARE) {
                self.push(Diagnostic::new(
                    file,
                    here.clone(),
                    Problem::KeyFirst { count, of },
                ));
            }
            let (count, of) = (cues.all_but_one_right, cues.multiple);
            if of >= MIN_MULTIPLE && over(count, of, 0.5) {
                let problem = Problem::MultipleAllButOne { count, of };
                self.push(Diagnostic::new(file, here, problem));
            }
        }
        for (index, giveaway) in &measure.giveaways {
            let q = &bank.questions[*index];
            let (choice, problem) = match giveaway {
                Giveaway::KeyOnlyPlain { choice } => (*choice, Problem::KeyOnlyPlain),
                Giveaway::AllOrNone { choice, text } => {
                    (*choice, Problem::AllOrNone { text: text.clone() })
                }
                Giveaway::KeyMuchLonger {
                    choice,
                    key,
                    distractor,
                } => (
                    *choice,
                    Problem::KeyMuchLonger {
                        key: *key,
                        distractor: *distractor,
                    },
                ),
            };
            let span = q.choices[choice].text.span();
            self.push(Diagnostic::new(file, Some(span), problem).about(q.id.get_ref()));
        }
    }

    /// A valid id, not seen before in any bank checked together.
    fn id(&mut self, file: &str, kind: IdKind, id: &Spanned<String>) {
        let value = id.get_ref();
        let valid = !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !valid {
            self.push(Diagnostic::new(
                file,
                Some(id.span()),
                Problem::BadId { id: value.clone() },
            ));
        }
        let key = (kind as u8, value.clone());
        match self.seen.get(&key) {
            Some((first_file, first_span)) => {
                let d = Diagnostic::new(
                    file,
                    Some(id.span()),
                    Problem::DuplicateId {
                        what: kind,
                        id: value.clone(),
                    },
                )
                .with_related(first_file, first_span.clone());
                self.push(d);
            }
            None => {
                self.seen.insert(key, (file.to_owned(), id.span()));
            }
        }
    }

    /// A text field: not empty in any language, only declared languages, and (for prompts)
    /// written in every declared language.
    fn text(
        &mut self,
        file: &str,
        text: &Spanned<Text>,
        field: &'static str,
        langs: &Langs,
        question: Option<&str>,
    ) {
        let about = |d: Diagnostic| match question {
            Some(q) => d.about(q),
            None => d,
        };
        let entries = text.get_ref().entries(langs.main);
        if entries.is_empty() || entries.iter().any(|(_, t)| t.trim().is_empty()) {
            self.push(about(Diagnostic::new(
                file,
                Some(text.span()),
                Problem::EmptyText { field },
            )));
        }
        // With no languages declared, E031 has said all there is to say.
        for (code, _) in entries.iter().filter(|_| !langs.declared.is_empty()) {
            if !langs.declared.iter().any(|d| d == code) {
                self.push(about(Diagnostic::new(
                    file,
                    Some(text.span()),
                    Problem::UndeclaredLanguage {
                        lang: (*code).to_owned(),
                    },
                )));
            }
        }
        if field == "prompt" {
            for code in langs.declared {
                if !text.get_ref().has(code, langs.main) {
                    self.push(about(Diagnostic::new(
                        file,
                        Some(text.span()),
                        Problem::MissingTranslation { lang: code.clone() },
                    )));
                }
            }
        }
    }

    fn question(
        &mut self,
        file: &str,
        q: &Question,
        langs: &Langs,
        topics: &HashSet<&str>,
        rules: &HashSet<&str>,
    ) {
        let qid = q.id.get_ref().as_str();
        let at = |span: Range<usize>, problem: Problem| {
            Diagnostic::new(file, Some(span), problem).about(qid)
        };
        self.id(file, IdKind::Question, &q.id);
        if !topics.contains(q.topic.get_ref().as_str()) {
            self.push(at(
                q.topic.span(),
                Problem::UnknownTopic {
                    id: q.topic.get_ref().clone(),
                },
            ));
        }
        for rule in &q.rules {
            if !rules.contains(rule.get_ref().as_str()) {
                self.push(at(
                    rule.span(),
                    Problem::UnknownRule {
                        id: rule.get_ref().clone(),
                    },
                ));
            }
        }
        self.text(file, &q.prompt, "prompt", langs, Some(qid));
        match &q.explanation {
            Some(e) => self.text(file, e, "explanation", langs, Some(qid)),
            None => self.push(at(q.id.span(), Problem::NoExplanation)),
        }
        if let Some(d) = &q.difficulty {
            let value = *d.get_ref();
            if !(1..=3).contains(&value) {
                self.push(at(d.span(), Problem::DifficultyRange { value }));
            }
        }
        let kind = *q.kind.get_ref();
        for why in [&q.why_true, &q.why_false].into_iter().flatten() {
            if kind == Kind::TrueFalse {
                self.text(file, why, "why", langs, Some(qid));
            } else {
                self.push(at(why.span(), Problem::WhyTrueFalse));
            }
        }
        if kind == Kind::TrueFalse {
            if q.answer.is_none() {
                self.push(at(q.kind.span(), Problem::TrueFalseNoAnswer));
            }
            if let Some(first) = q.choices.first() {
                self.push(at(first.text.span(), Problem::TrueFalseChoices));
            }
            return;
        }
        if let Some(answer) = &q.answer {
            self.push(at(answer.span(), Problem::AnswerNotTrueFalse));
        }
        self.choices(file, q, langs);
    }

    fn choices(&mut self, file: &str, q: &Question, langs: &Langs) {
        let qid = q.id.get_ref().as_str();
        let at = |span: Range<usize>, problem: Problem| {
            Diagnostic::new(file, Some(span), problem).about(qid)
        };
        let kind = *q.kind.get_ref();
        if q.choices.len() < 2 {
            let span = q.choices.first().map_or(q.kind.span(), |c| c.text.span());
            self.push(at(
                span,
                Problem::TooFewChoices {
                    count: q.choices.len(),
                },
            ));
        }
        // Keyed by language too: `{ id = "PNS", en = "PNS" }` is one choice, not two.
        let mut texts: HashMap<(String, String), Range<usize>> = HashMap::new();
        let mut ids: HashSet<String> = HashSet::new();
        // The best points once per question: per choice, it made 10,000 choices cost 10^8.
        let best = (0..q.choices.len()).map(|j| q.points(j)).max().unwrap_or(0);
        for (i, c) in q.choices.iter().enumerate() {
            self.text(file, &c.text, "text", langs, Some(qid));
            if let Some(why) = &c.why {
                self.text(file, why, "why", langs, Some(qid));
            }
            for (code, t) in c.text.get_ref().entries(langs.main) {
                let key = (code.to_owned(), t.trim().to_lowercase());
                if key.1.is_empty() {
                    continue;
                }
                if let Some(first) = texts.get(&key) {
                    let d = at(
                        c.text.span(),
                        Problem::DuplicateChoiceText {
                            text: t.trim().to_owned(),
                        },
                    )
                    .with_related(file, first.clone());
                    self.push(d);
                    break;
                }
                texts.insert(key, c.text.span());
            }
            let id = q.choice_id(i);
            if !ids.insert(id.clone()) {
                let span = c.id.as_ref().map_or(c.text.span(), Spanned::span);
                self.push(at(span, Problem::DuplicateChoiceId { id }));
            }
            if q.shuffle
                && self.warnings
                && let Some(text) = positional(c.text.get_ref(), langs.main)
            {
                self.push(at(c.text.span(), Problem::PositionalChoice { text }));
            }
            let wrong = match kind {
                Kind::Weighted => q.points(i) < best,
                _ => !q.is_correct(i),
            };
            if wrong && c.why.is_none() {
                self.push(at(c.text.span(), Problem::NoWhy));
            }
            if let Some(points) = &c.points {
                let value = *points.get_ref();
                if kind != Kind::Weighted {
                    self.push(at(points.span(), Problem::PointsNotWeighted));
                } else if !(0..=5).contains(&value) {
                    self.push(at(points.span(), Problem::PointsRange { points: value }));
                }
            }
            // A choice that still breaks a rule must not pay: a learner would read any points
            // as partial approval of the act.
            if let (Kind::Weighted, Some(marked)) = (kind, &c.violation)
                && *marked.get_ref()
                && q.points(i) > 0
            {
                let span = c.points.as_ref().map_or(marked.span(), Spanned::span);
                let d = at(
                    span,
                    Problem::ViolationScores {
                        points: q.points(i),
                    },
                )
                .with_related(file, marked.span());
                self.push(d);
            }
            if let (Kind::Weighted, Some(correct)) = (kind, &c.correct) {
                self.push(at(correct.span(), Problem::WeightedHasCorrect));
            }
        }
        let correct: Vec<&Spanned<bool>> = q
            .choices
            .iter()
            .filter_map(|c| c.correct.as_ref().filter(|v| *v.get_ref()))
            .collect();
        match kind {
            Kind::Single if correct.is_empty() && q.choices.len() >= 2 => {
                self.push(at(q.kind.span(), Problem::SingleNoCorrect));
            }
            Kind::Single if correct.len() > 1 => {
                let d = at(
                    correct[1].span(),
                    Problem::SingleSeveralCorrect {
                        count: correct.len(),
                    },
                )
                .with_related(file, correct[0].span());
                self.push(d);
            }
            Kind::Multiple if correct.is_empty() && q.choices.len() >= 2 => {
                self.push(at(q.kind.span(), Problem::MultipleNoCorrect));
            }
            // W012 counts these across a bank; one alone is already a question answered by
            // ticking everything.
            Kind::Multiple if q.choices.len() >= 2 && correct.len() == q.choices.len() => {
                self.push(at(q.kind.span(), Problem::MultipleAllRight));
            }
            Kind::Weighted
                if !q.choices.is_empty() && (0..q.choices.len()).all(|i| q.points(i) <= 0) =>
            {
                self.push(at(q.kind.span(), Problem::WeightedNoPoints));
            }
            Kind::Weighted
                if q.choices.len() > 1
                    && (0..q.choices.len()).filter(|&i| q.points(i) > 0).count() == 1 =>
            {
                self.push(at(q.kind.span(), Problem::WeightedIsSingle));
            }
            _ => {}
        }
    }
}

/// A choice whose meaning depends on where it stands ("semua jawaban di atas", "A dan B"):
/// shuffled, it would point at the wrong choices.
fn positional(text: &Text, main: &str) -> Option<String> {
    // Phrases, not words: "di atas" alone also means "on top of" ("di atas seragam").
    const PHRASES: &[&str] = &[
        "jawaban di atas",
        "pilihan di atas",
        "tersebut di atas",
        "yang di atas",
        "di atas benar",
        "di atas salah",
        "jawaban di bawah",
        "pilihan di bawah",
        "semua jawaban",
        "semua pilihan",
        "semua benar",
        "semua salah",
        "tidak ada yang benar",
        "the above",
        "the below",
        "answers above",
        "options above",
        "choices above",
        "all of these",
        "none of these",
    ];
    // One automaton for all the phrases: a `contains` per phrase and choice was a sixth of
    // what `kuis take` did before its first question.
    static FINDER: LazyLock<AhoCorasick> = LazyLock::new(|| super::finder(PHRASES));
    for (_, t) in text.entries(main) {
        let lower = t.to_lowercase();
        if FINDER.is_match(&lower) || letters_joined(&lower) {
            return Some(t.trim().to_owned());
        }
    }
    None
}

/// "a dan b", "b & c", "a, b and c", "jawaban a dan c": choices named by letter.
fn letters_joined(lower: &str) -> bool {
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .collect();
    let is_letter =
        |w: &str| w.len() == 1 && ('a'..='e').contains(&w.chars().next().unwrap_or(' '));
    let joiner = |w: &str| matches!(w, "dan" | "and" | "&" | "atau" | "or" | "serta");
    words
        .windows(3)
        .any(|w| is_letter(w[0]) && joiner(w[1]) && is_letter(w[2]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::load::{Source, parse};

    const HEAD: &str =
        "[bank]\nid = \"b\"\ntitle = \"T\"\n\n[[topic]]\nid = \"t\"\ntitle = \"T\"\n\n";

    fn codes(body: &str) -> Vec<&'static str> {
        let source = Source::new("b.toml", format!("{HEAD}{body}"));
        let bank = parse(&source).expect("parses");
        check(&[Loaded { source, bank }])
            .iter()
            .map(|d| d.problem.code())
            .collect()
    }

    const SINGLE_OK: &str = r#"[[question]]
id = "q1"
topic = "t"
kind = "single"
prompt = "P"
explanation = "E"
[[question.choice]]
text = "A"
correct = true
[[question.choice]]
text = "B"
why = "W"
"#;

    // Test that a well-formed single-choice question passes with no diagnostic at all.
    #[test]
    fn clean_question() {
        assert_eq!(codes(SINGLE_OK), Vec::<&str>::new());
    }

    // Test that two correct choices in a single question is E014.
    #[test]
    fn two_correct() {
        let body = SINGLE_OK.replace("why = \"W\"", "correct = true");
        assert_eq!(codes(&body), vec!["E014"]);
    }

    // Test that no correct choice in a single question is E013.
    #[test]
    fn none_correct() {
        let body = SINGLE_OK.replace("correct = true", "why = \"X\"");
        assert_eq!(codes(&body), vec!["E013"]);
    }

    // Test that a missing explanation and a missing why are warnings.
    #[test]
    fn warnings() {
        let body = SINGLE_OK
            .replace("explanation = \"E\"\n", "")
            .replace("why = \"W\"\n", "");
        assert_eq!(codes(&body), vec!["W003", "W004"]);
    }

    // Test that "A dan B" and "semua jawaban di atas" are positional, plain text is not.
    #[test]
    fn positional_choices() {
        let t = |s: &str| positional(&Text::from(s), "id");
        assert!(t("A dan B benar").is_some());
        assert!(t("Semua jawaban di atas").is_some());
        assert!(t("All of the above").is_some());
        assert!(t("Menolak dengan sopan dan kembali bekerja").is_none());
        assert!(t("Datang ke acara dan memberi sambutan").is_none());
        assert!(t("Memakai topi di atas seragam dinas").is_none());
        assert!(t("Jawaban a dan c").is_some());
        assert!(t("None of the above").is_some());
        assert!(t("Reject all of the organisation's proposals").is_none());
    }

    // Test that a weighted question with `correct` and no positive points reports both.
    #[test]
    fn weighted() {
        let body = r#"[[question]]
id = "w"
topic = "t"
kind = "weighted"
prompt = "P"
explanation = "E"
[[question.choice]]
text = "A"
points = 0
correct = true
why = "x"
[[question.choice]]
text = "B"
points = 0
why = "y"
"#;
        assert_eq!(codes(body), vec!["E016", "E017"]);
    }

    // Test that a weighted choice marked `violation` must score 0: with points it is E034,
    // pointing at the points and at the marker; at 0 it passes.
    #[test]
    fn violation_scores() {
        let body = r#"[[question]]
id = "w"
topic = "t"
kind = "weighted"
prompt = "P"
explanation = "E"
[[question.choice]]
text = "A"
points = 5
[[question.choice]]
text = "B"
points = 2
why = "y"
[[question.choice]]
text = "C"
points = 1
violation = true
why = "z"
"#;
        let source = Source::new("b.toml", format!("{HEAD}{body}"));
        let bank = parse(&source).expect("parses");
        let diags = check(&[Loaded {
            source: source.clone(),
            bank,
        }]);
        assert_eq!(
            diags.iter().map(|d| d.problem.code()).collect::<Vec<_>>(),
            vec!["E034"]
        );
        let span = diags[0].span.clone().unwrap();
        assert_eq!(&source.text[span], "1");
        let related = diags[0].related.clone().unwrap().1;
        assert_eq!(&source.text[related], "true");
        assert_eq!(
            codes(&body.replace("points = 1", "points = 0")),
            Vec::<&str>::new()
        );
        // A violation marker on a choice of another kind describes the act, not the score.
        let single = SINGLE_OK.replace("why = \"W\"", "why = \"W\"\nviolation = true");
        assert_eq!(codes(&single), Vec::<&str>::new());
    }

    // Test that ids repeated across two banks are reported on the second one.
    #[test]
    fn duplicate_across_banks() {
        let a = Source::new("a.toml", format!("{HEAD}{SINGLE_OK}"));
        let b = Source::new("b.toml", format!("{HEAD}{SINGLE_OK}"));
        let loaded: Vec<Loaded> = [a, b]
            .into_iter()
            .map(|source| Loaded {
                bank: parse(&source).unwrap(),
                source,
            })
            .collect();
        let diags = check(&loaded);
        assert!(diags.iter().all(|d| d.file == "b.toml"));
        assert_eq!(
            diags.iter().map(|d| d.problem.code()).collect::<Vec<_>>(),
            vec!["E010", "E010", "E010"]
        );
        assert_eq!(diags[2].related.as_ref().unwrap().0, "a.toml");
    }
}
