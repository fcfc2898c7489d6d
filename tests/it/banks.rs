//! The shipped banks: complete, bilingual, every rule taught at least twice.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use kuis::bank::{Bank, Kind};
use kuis::files;
use kuis::quiz::{PlanOptions, plan};

use super::{kuis, project};

/// The banks in quizzes/, loaded without a diagnostic.
pub fn shipped() -> Vec<Bank> {
    let set = files::load(&[project("quizzes")]);
    assert!(set.diagnostics.is_empty(), "{:?}", set.diagnostics);
    set.loaded.into_iter().map(|l| l.bank).collect()
}

// Test that the banks teach every rule of rules.md (R01..R48) with at least two questions.
#[test]
fn every_rule_has_two_questions() {
    let banks = shipped();
    let rules: Vec<String> = banks
        .iter()
        .flat_map(|b| b.rules.iter().map(|r| r.id.get_ref().clone()))
        .collect();
    let expected: Vec<String> = (1..=48).map(|n| format!("R{n:02}")).collect();
    assert_eq!(rules, expected);
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for q in banks.iter().flat_map(|b| &b.questions) {
        for r in &q.rules {
            *counts.entry(r.get_ref()).or_default() += 1;
        }
    }
    let thin: Vec<_> = expected
        .iter()
        .filter(|r| counts.get(r.as_str()).copied().unwrap_or(0) < 2)
        .collect();
    assert!(
        thin.is_empty(),
        "rules with fewer than 2 questions: {thin:?}"
    );
}

// Test that there are at least 100 questions, every kind, at least 20 weighted ones, every
// question in both languages with an explanation, a why on every wrong choice, and its rules.
#[test]
fn questions_are_complete() {
    let banks = shipped();
    let questions: Vec<_> = banks.iter().flat_map(|b| &b.questions).collect();
    assert!(questions.len() >= 100, "{} questions", questions.len());
    let kinds: HashSet<Kind> = questions.iter().map(|q| *q.kind.get_ref()).collect();
    assert_eq!(kinds.len(), 4);
    assert!(
        questions
            .iter()
            .filter(|q| *q.kind.get_ref() == Kind::Weighted)
            .count()
            >= 20
    );
    for q in &questions {
        let id = q.id.get_ref();
        let both = |t: &kuis::bank::Text| t.has("id", "id") && t.has("en", "id");
        assert!(both(q.prompt.get_ref()), "{id}: prompt");
        let explanation = q
            .explanation
            .as_ref()
            .unwrap_or_else(|| panic!("{id}: no explanation"));
        assert!(both(explanation.get_ref()), "{id}: explanation");
        assert!(!q.rules.is_empty(), "{id}: no rules");
        for c in &q.choices {
            assert!(both(c.text.get_ref()), "{id}: choice");
            if let Some(why) = &c.why {
                assert!(both(why.get_ref()), "{id}: why");
            }
        }
    }
}

// Test that no two questions share a prompt, in either language.
#[test]
fn prompts_are_unique() {
    let banks = shipped();
    for lang in ["id", "en"] {
        let mut seen = HashSet::new();
        for q in banks.iter().flat_map(|b| &b.questions) {
            let prompt = q.prompt.get_ref().get(lang, "id").to_lowercase();
            assert!(seen.insert(prompt.clone()), "duplicate prompt: {prompt}");
        }
    }
}

// Test that a 20-question practice quiz touches every topic, whatever the seed.
#[test]
fn twenty_questions_cover_every_topic() {
    let bank = &shipped()[0];
    let topics: HashSet<&str> = bank
        .topics
        .iter()
        .map(|t| t.id.get_ref().as_str())
        .collect();
    for seed in 0..50 {
        let p = plan(
            bank,
            &PlanOptions {
                count: kuis::quiz::Count::Exactly(20),
                shuffle: true,
                seed,
                ..PlanOptions::default()
            },
        )
        .unwrap();
        let covered: HashSet<&str> = p
            .items
            .iter()
            .map(|i| bank.questions[i.question].topic.get_ref().as_str())
            .collect();
        assert_eq!(covered, topics, "seed {seed}");
    }
}

// Test that the built-in bank is the full main bank, byte for byte.
#[test]
fn builtin_is_the_main_bank() {
    let file: PathBuf = project("quizzes/netralitas-asn.toml");
    assert_eq!(
        std::fs::read_to_string(file).unwrap(),
        kuis::cmd::take::BUILTIN
    );
}

// Test that `kuis list quizzes/` reports both languages complete and no rule uncovered.
#[test]
fn list_shows_complete_coverage() {
    let out = kuis()
        .args(["list", "quizzes/", "--lang", "en"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("48 rules; 0 with no question, 0 with only one."),
        "{text}"
    );
    assert!(
        text.contains("Language id: ") && text.contains("(100%)"),
        "{text}"
    );
    assert!(
        text.contains("Language en: ") && !text.contains("Language en: 0"),
        "{text}"
    );
}
