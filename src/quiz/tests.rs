//! Engine properties: scores stay in range, perfect answers score full marks, seeds reproduce
//! plans, and drawing covers every topic.

use std::collections::HashSet;

use proptest::prelude::*;

use crate::bank::Kind;
use crate::bank::arbitrary::valid_bank;

use super::plan::{Count, PlanError, PlanOptions, plan};
use super::session::Session;

fn options(count: Option<usize>, shuffle: bool, seed: u64) -> PlanOptions {
    PlanOptions {
        count: count.map_or(Count::All, Count::AtMost),
        shuffle,
        seed,
        ..PlanOptions::default()
    }
}

proptest! {
    // Test that any response's score lies within 0..=max and the total within 0..=100%.
    #[test]
    fn scores_stay_in_range(bank in valid_bank(), seed: u64, picks in proptest::collection::vec(proptest::collection::vec(0usize..6, 0..4), 30)) {
        let plan = plan(&bank, &options(None, true, seed)).unwrap();
        let mut session = Session::new(&bank, plan);
        let mut i = 0;
        while let Some(shown) = session.current() {
            let mut pick: Vec<usize> = picks[i % picks.len()].iter().map(|p| p % shown.options.len()).collect();
            pick.sort_unstable();
            pick.dedup();
            if *shown.question.kind.get_ref() != Kind::Multiple {
                pick.truncate(1);
                if pick.is_empty() { pick.push(0); }
            }
            let fb = session.answer(&pick, 1.0).unwrap();
            prop_assert!((0.0..=fb.max).contains(&fb.earned), "{} of {}", fb.earned, fb.max);
            i += 1;
        }
        let outcome = session.finish();
        prop_assert!((0.0..=100.0).contains(&outcome.percent));
        prop_assert!(outcome.completed);
    }

    // Test that picking the right answer(s) always scores full marks.
    #[test]
    fn perfect_answers_score_max(bank in valid_bank(), seed: u64) {
        let plan = plan(&bank, &options(None, true, seed)).unwrap();
        let mut session = Session::new(&bank, plan);
        while let Some(shown) = session.current() {
            let right = session.feedback(shown.number - 1).right();
            let pick = if *shown.question.kind.get_ref() == Kind::Multiple { right } else { vec![right[0]] };
            let fb = session.answer(&pick, 1.0).unwrap();
            prop_assert!(fb.is_correct());
        }
        let outcome = session.finish();
        prop_assert!((outcome.percent - 100.0).abs() < 1e-9);
        prop_assert!(outcome.passed);
    }

    // Test that the same seed gives the same plan, and that a plan holds each question once.
    #[test]
    fn same_seed_same_plan(bank in valid_bank(), seed: u64, count in 1usize..40) {
        let a = plan(&bank, &options(Some(count), true, seed)).unwrap();
        let b = plan(&bank, &options(Some(count), true, seed)).unwrap();
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(a.items.len(), count.min(bank.questions.len()));
        let distinct: HashSet<usize> = a.items.iter().map(|i| i.question).collect();
        prop_assert_eq!(distinct.len(), a.items.len());
        for item in &a.items {
            let mut order = item.order.clone();
            order.sort_unstable();
            let n = match bank.questions[item.question].kind.get_ref() {
                Kind::TrueFalse => 2,
                _ => bank.questions[item.question].choices.len(),
            };
            prop_assert_eq!(order, (0..n).collect::<Vec<_>>());
        }
    }

    // Test that a quiz stopped after any number of answers is scored on those answers only:
    // its maximum is the number answered, it is complete only when nothing is left, and it
    // passes only when complete.
    #[test]
    fn stopping_early_scores_what_was_answered(bank in valid_bank(), seed: u64, stop in 0usize..40) {
        let plan = plan(&bank, &options(None, true, seed)).unwrap();
        let planned = plan.items.len();
        let mut session = Session::new(&bank, plan);
        let mut earned = 0.0;
        for _ in 0..stop.min(planned) {
            let shown = session.current().unwrap();
            let right = session.feedback(shown.number - 1).right();
            // Right on even positions, the first option on odd ones.
            let pick = if shown.number.is_multiple_of(2) { vec![right[0]] } else { vec![0] };
            earned += session.answer(&pick, 1.0).unwrap().earned;
        }
        let outcome = session.finish();
        let answered = stop.min(planned);
        prop_assert_eq!(outcome.answered(), answered);
        prop_assert_eq!(outcome.planned, planned);
        prop_assert_eq!(outcome.items.len(), answered);
        prop_assert!((outcome.max - answered as f64).abs() < 1e-9);
        prop_assert!((outcome.earned - earned).abs() < 1e-9);
        prop_assert_eq!(outcome.completed, answered == planned);
        prop_assert!(outcome.completed || !outcome.passed);
        prop_assert!((0.0..=100.0).contains(&outcome.percent));
    }

    // Test that drawing at least as many questions as topics covers every topic.
    #[test]
    fn draws_cover_every_topic(bank in valid_bank(), seed: u64, extra in 0usize..5) {
        let topics: HashSet<&str> = bank.questions.iter().map(|q| q.topic.get_ref().as_str()).collect();
        let p = plan(&bank, &options(Some(topics.len() + extra), true, seed)).unwrap();
        let covered: HashSet<&str> = p.items.iter().map(|i| bank.questions[i.question].topic.get_ref().as_str()).collect();
        prop_assert_eq!(covered, topics);
    }

    // Test that without shuffling the file's order is kept, choices included.
    #[test]
    fn no_shuffle_keeps_file_order(bank in valid_bank(), seed: u64) {
        let p = plan(&bank, &options(None, false, seed)).unwrap();
        let questions: Vec<usize> = p.items.iter().map(|i| i.question).collect();
        prop_assert_eq!(questions, (0..bank.questions.len()).collect::<Vec<_>>());
        for item in &p.items {
            prop_assert!(item.order.windows(2).all(|w| w[0] < w[1]));
        }
    }
}

/// The mini bank of the integration tests: one question of each kind, in file order.
fn mini() -> crate::bank::Bank {
    use crate::bank::load::{Source, parse};
    let text = include_str!("../../tests/fixtures/good/mini.toml");
    parse(&Source::new("mini.toml", text)).unwrap()
}

// Test the scoring rules of design.md on one question of each kind.
#[test]
fn scoring_rules() {
    let bank = mini();
    let p = plan(&bank, &options(None, false, 0)).unwrap();
    let score = |answers: &[&[usize]]| {
        let mut s = Session::new(&bank, p.clone());
        answers
            .iter()
            .map(|a| s.answer(a, 0.0).unwrap().earned)
            .collect::<Vec<f64>>()
    };
    // single right, multiple a+c of a,c, true-false "false" (position 1), weighted best.
    assert_eq!(score(&[&[0], &[0, 2], &[1], &[0]]), [1.0, 1.0, 1.0, 1.0]);
    // single wrong; multiple one right and one wrong = 0; true; weighted 2 of 5.
    assert_eq!(score(&[&[1], &[0, 1], &[0], &[1]]), [0.0, 0.0, 0.0, 0.4]);
    // multiple: one of two right = 0.5; all three picked = (2-1)/2 = 0.5; nothing = 0.
    assert_eq!(score(&[&[0], &[2]])[1], 0.5);
    assert_eq!(score(&[&[0], &[0, 1, 2]])[1], 0.5);
    assert_eq!(score(&[&[0], &[]])[1], 0.0);
}

// Test that responses a front end must not pass are refused, not scored.
#[test]
fn invalid_responses() {
    use super::ResponseError;
    let bank = mini();
    let p = plan(&bank, &options(None, false, 0)).unwrap();
    let mut s = Session::new(&bank, p);
    assert_eq!(s.answer(&[], 0.0).unwrap_err(), ResponseError::Empty);
    assert_eq!(s.answer(&[0, 1], 0.0).unwrap_err(), ResponseError::TooMany);
    assert_eq!(
        s.answer(&[7], 0.0).unwrap_err(),
        ResponseError::OutOfRange(7)
    );
    s.answer(&[0], 0.0).unwrap();
    assert_eq!(
        s.answer(&[1, 1], 0.0).unwrap_err(),
        ResponseError::Duplicate(1)
    );
    // The questions not reached are not scored; the attempt is incomplete and claims no pass.
    let outcome = s.finish();
    assert!(!outcome.completed);
    assert!(!outcome.passed);
    assert_eq!((outcome.answered(), outcome.planned), (1, 4));
    assert_eq!(outcome.items.len(), 1);
    assert_eq!(
        (outcome.earned, outcome.max, outcome.percent),
        (1.0, 1.0, 100.0)
    );
}

// Test that a count of zero, or more than the bank holds, is refused, while a default that
// is larger than the bank takes every question.
#[test]
fn counts() {
    let bank = mini();
    let with = |count| {
        plan(
            &bank,
            &PlanOptions {
                count,
                ..PlanOptions::default()
            },
        )
    };
    assert_eq!(with(Count::Exactly(0)).unwrap_err(), PlanError::ZeroCount);
    assert_eq!(with(Count::AtMost(0)).unwrap_err(), PlanError::ZeroCount);
    assert_eq!(
        with(Count::Exactly(5)).unwrap_err(),
        PlanError::TooMany {
            asked: 5,
            available: 4
        }
    );
    assert_eq!(with(Count::Exactly(4)).unwrap().items.len(), 4);
    assert_eq!(with(Count::AtMost(20)).unwrap().items.len(), 4);
    assert_eq!(with(Count::All).unwrap().items.len(), 4);
    assert_eq!(with(Count::Exactly(2)).unwrap().items.len(), 2);
}
