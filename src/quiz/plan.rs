//! The quiz plan: which questions, in which order, with which choice order, from a seed.

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::bank::{Bank, Kind};

/// What the plan draws from.
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// Only these topics (all when empty).
    pub topics: Vec<String>,
    /// Only questions on at least one of these rules (all when empty).
    pub rules: Vec<String>,
    /// Only these questions, by id (all when empty): the review's selection.
    pub ids: Vec<String>,
    /// How many questions.
    pub count: Count,
    /// Shuffle question and choice order; `false` keeps the file's order.
    pub shuffle: bool,
    /// The seed of every random choice, recorded in the attempt.
    pub seed: u64,
}

/// How a plan was drawn, beside its seed and its number of questions: kept in the attempt
/// record, so that `kuis import` can draw the plan again and refuse answers that are not its
/// questions in its order. The count is left out: the plan's length is recorded (`planned`),
/// and drawing exactly that many gives the same plan as the count that gave it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draw {
    /// Only these topics (all when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    /// Only questions on at least one of these rules (all when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// Only these questions, by id (all when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<String>,
    /// Question and choice order shuffled.
    pub shuffle: bool,
}

impl Draw {
    /// The plan options that draw this again with `seed`, `count` questions.
    pub fn options(&self, seed: u64, count: Count) -> PlanOptions {
        PlanOptions {
            topics: self.topics.clone(),
            rules: self.rules.clone(),
            ids: self.ids.clone(),
            count,
            shuffle: self.shuffle,
            seed,
        }
    }
}

impl PlanOptions {
    /// How these options draw, without the seed and the count.
    pub fn draw(&self) -> Draw {
        Draw {
            topics: self.topics.clone(),
            rules: self.rules.clone(),
            ids: self.ids.clone(),
            shuffle: self.shuffle,
        }
    }
}

/// How many questions a plan holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Count {
    /// Every question that matches.
    #[default]
    All,
    /// Exactly this many: asking for more than there are is an error, not a shorter quiz.
    Exactly(usize),
    /// This many, or all when fewer match (a default, or a review of what is due).
    AtMost(usize),
}

/// One question of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Index into `bank.questions`.
    pub question: usize,
    /// Display position -> choice index. For `true-false`: 0 is true, 1 is false.
    pub order: Vec<usize>,
}

/// The questions of one quiz, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// The seed it was drawn with.
    pub seed: u64,
    /// How it was drawn (with the seed).
    pub draw: Draw,
    /// The questions.
    pub items: Vec<Item>,
}

/// Why no plan could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// `--topic` names no topic of the bank.
    #[error("unknown topic \"{0}\"")]
    UnknownTopic(String),
    /// `--rule` names no rule of the bank.
    #[error("unknown rule \"{0}\"")]
    UnknownRule(String),
    /// The filters leave no question.
    #[error("no question matches")]
    Empty,
    /// A count of zero: a quiz needs at least one question.
    #[error("a quiz needs at least one question")]
    ZeroCount,
    /// More questions asked for than match.
    #[error("{asked} questions asked for, but only {available} match")]
    TooMany {
        /// The count asked for.
        asked: usize,
        /// The questions that match.
        available: usize,
    },
}

/// Draw a plan. With a count, questions are drawn round-robin across topics (each topic's
/// questions in random order), so any count of at least the number of topics covers them all.
pub fn plan(bank: &Bank, opts: &PlanOptions) -> Result<Plan, PlanError> {
    for t in &opts.topics {
        if !bank.topics.iter().any(|x| x.id.get_ref() == t) {
            return Err(PlanError::UnknownTopic(t.clone()));
        }
    }
    for r in &opts.rules {
        if !bank.rules.iter().any(|x| x.id.get_ref() == r) {
            return Err(PlanError::UnknownRule(r.clone()));
        }
    }
    let wanted = |i: &usize| {
        let q = &bank.questions[*i];
        (opts.topics.is_empty() || opts.topics.contains(q.topic.get_ref()))
            && (opts.rules.is_empty() || q.rules.iter().any(|r| opts.rules.contains(r.get_ref())))
            && (opts.ids.is_empty() || opts.ids.contains(q.id.get_ref()))
    };
    let candidates: Vec<usize> = (0..bank.questions.len()).filter(wanted).collect();
    if candidates.is_empty() {
        return Err(PlanError::Empty);
    }
    let available = candidates.len();
    let count = match opts.count {
        Count::Exactly(0) | Count::AtMost(0) => return Err(PlanError::ZeroCount),
        Count::All => available,
        Count::Exactly(asked) if asked > available => {
            return Err(PlanError::TooMany { asked, available });
        }
        Count::Exactly(n) | Count::AtMost(n) => n.min(available),
    };
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);

    // Group by topic, in the bank's topic order; questions of an unknown topic form their own.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut keys: Vec<&str> = bank
        .topics
        .iter()
        .map(|t| t.id.get_ref().as_str())
        .collect();
    for &i in &candidates {
        let topic = bank.questions[i].topic.get_ref().as_str();
        let slot = match keys.iter().position(|k| *k == topic) {
            Some(slot) => slot,
            None => {
                keys.push(topic);
                keys.len() - 1
            }
        };
        if groups.len() <= slot {
            groups.resize(slot + 1, Vec::new());
        }
        groups[slot].push(i);
    }
    groups.retain(|g| !g.is_empty());

    let mut chosen = Vec::with_capacity(count);
    if opts.shuffle {
        for g in &mut groups {
            g.shuffle(&mut rng);
        }
        groups.shuffle(&mut rng);
    }
    let mut round = 0;
    while chosen.len() < count {
        for g in &groups {
            if chosen.len() < count && round < g.len() {
                chosen.push(g[round]);
            }
        }
        round += 1;
    }
    if opts.shuffle {
        chosen.shuffle(&mut rng);
    } else {
        chosen.sort_unstable();
    }

    let items = chosen
        .into_iter()
        .map(|question| {
            let q = &bank.questions[question];
            let mut order: Vec<usize> = match q.kind.get_ref() {
                Kind::TrueFalse => vec![0, 1],
                _ => (0..q.choices.len()).collect(),
            };
            if opts.shuffle && q.shuffle && *q.kind.get_ref() != Kind::TrueFalse {
                order.shuffle(&mut rng);
            }
            Item { question, order }
        })
        .collect();
    Ok(Plan {
        seed: opts.seed,
        draw: opts.draw(),
        items,
    })
}
