//! The session: a pure state machine that serves a plan's questions, scores each response and
//! says why, and finishes into an outcome. It knows no terminal, clock or file.

use std::collections::{HashMap, HashSet};

use crate::bank::{Bank, Kind, Question, Rule, Text};

use super::plan::Plan;
use super::score::score;

/// A question as the learner sees it: its options in display order.
#[derive(Debug, Clone)]
pub struct Shown<'b> {
    /// 1-based position in the quiz.
    pub number: usize,
    /// Questions in the quiz.
    pub total: usize,
    /// The question.
    pub question: &'b Question,
    /// Options in display order.
    pub options: Vec<Opt<'b>>,
}

/// One option on screen.
#[derive(Debug, Clone)]
pub struct Opt<'b> {
    /// The stable choice id (`a`, `b`, … or the given id; `true`/`false` for true-false).
    pub id: String,
    /// What it says.
    pub label: Label<'b>,
    /// Whether it is a right choice (single, multiple, true-false).
    pub correct: bool,
    /// Its points (weighted).
    pub points: i64,
    /// Feedback for picking it.
    pub why: Option<&'b Text>,
}

/// The text of an option: the bank's, or true/false (worded by the front end).
#[derive(Debug, Clone, Copy)]
pub enum Label<'b> {
    /// A choice's text.
    Text(&'b Text),
    /// Benar/True or Salah/False.
    Truth(bool),
}

/// What a learner is told about one answer.
#[derive(Debug, Clone)]
pub struct Feedback<'b> {
    /// The question as it was shown.
    pub shown: Shown<'b>,
    /// The picked display positions; `None` when the question was not answered.
    pub picked: Option<Vec<usize>>,
    /// Points earned, 0 to `max`.
    pub earned: f64,
    /// Points possible (1).
    pub max: f64,
    /// The rules that decide the answer, with their legal basis.
    pub rules: Vec<&'b Rule>,
}

impl Feedback<'_> {
    /// Full marks.
    pub fn is_correct(&self) -> bool {
        self.earned >= self.max - 1e-9
    }

    /// The display positions of the right answer: the correct choices, or for weighted
    /// questions the best ones.
    pub fn right(&self) -> Vec<usize> {
        let options = &self.shown.options;
        if *self.shown.question.kind.get_ref() == Kind::Weighted {
            let best = options.iter().map(|o| o.points).max().unwrap_or(0);
            (0..options.len())
                .filter(|&i| options[i].points == best)
                .collect()
        } else {
            (0..options.len()).filter(|&i| options[i].correct).collect()
        }
    }
}

/// A response that cannot be scored, so the front end can ask again or name the bad line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseError {
    /// No option picked where one is needed.
    #[error("pick one option")]
    Empty,
    /// Several options where one is needed.
    #[error("pick only one option")]
    TooMany,
    /// A position past the last option.
    #[error("there is no option {0}")]
    OutOfRange(usize),
    /// The same option twice.
    #[error("option {0} is picked twice")]
    Duplicate(usize),
    /// The quiz has no question left.
    #[error("the quiz is over")]
    Finished,
}

#[derive(Debug, Clone)]
struct Answer {
    picked: Vec<usize>,
    earned: f64,
    seconds: f64,
}

/// One run through a plan.
#[derive(Debug, Clone)]
pub struct Session<'b> {
    bank: &'b Bank,
    plan: Plan,
    answers: Vec<Option<Answer>>,
    cursor: usize,
}

/// The result of one question.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemResult {
    /// Question id.
    pub id: String,
    /// Its topic.
    pub topic: String,
    /// Its rules.
    pub rules: Vec<String>,
    /// Its kind.
    pub kind: Kind,
    /// Picked choice ids (empty when a multiple-answer question was left blank).
    pub chosen: Vec<String>,
    /// Points earned.
    pub earned: f64,
    /// Points possible.
    pub max: f64,
    /// Seconds spent on it.
    pub seconds: f64,
}

/// How the whole quiz went. A quiz stopped early (the learner left, or time ran out) is
/// scored on the questions answered, never on questions the learner did not see; it claims
/// no pass or fail.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The seed of the plan.
    pub seed: u64,
    /// How the plan was drawn.
    pub draw: super::plan::Draw,
    /// The questions answered, in the plan's order.
    pub items: Vec<ItemResult>,
    /// Questions in the plan.
    pub planned: usize,
    /// Points earned.
    pub earned: f64,
    /// Points possible on the questions answered.
    pub max: f64,
    /// earned / max, as a percentage (0 when nothing was answered).
    pub percent: f64,
    /// Completed, and percent >= the bank's pass_percent.
    pub passed: bool,
    /// Every planned question answered.
    pub completed: bool,
}

/// A topic's share of an outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicScore {
    /// Topic id.
    pub topic: String,
    /// Questions of it in the quiz.
    pub questions: usize,
    /// Points earned.
    pub earned: f64,
    /// Points possible.
    pub max: f64,
}

impl Outcome {
    /// Questions answered: one item each.
    pub fn answered(&self) -> usize {
        self.items.len()
    }

    /// Per-topic scores, in the bank's topic order.
    pub fn by_topic(&self, bank: &Bank) -> Vec<TopicScore> {
        // One pass with maps: a plan over 10,000 topics must not search a list per answer or
        // per comparison of a sort.
        let order: HashMap<&str, usize> = bank
            .topics
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.get_ref().as_str(), i))
            .collect();
        let mut out: Vec<TopicScore> = Vec::new();
        let mut slot: HashMap<&str, usize> = HashMap::new();
        for item in &self.items {
            match slot.get(item.topic.as_str()) {
                Some(&i) => {
                    let s = &mut out[i];
                    s.questions += 1;
                    s.earned += item.earned;
                    s.max += item.max;
                }
                None => {
                    slot.insert(&item.topic, out.len());
                    out.push(TopicScore {
                        topic: item.topic.clone(),
                        questions: 1,
                        earned: item.earned,
                        max: item.max,
                    });
                }
            }
        }
        out.sort_by_cached_key(|s| order.get(s.topic.as_str()).copied().unwrap_or(usize::MAX));
        out
    }
}

impl<'b> Session<'b> {
    /// Start a session over a plan drawn from `bank`.
    pub fn new(bank: &'b Bank, plan: Plan) -> Self {
        let answers = vec![None; plan.items.len()];
        Session {
            bank,
            plan,
            answers,
            cursor: 0,
        }
    }

    /// The bank.
    pub fn bank(&self) -> &'b Bank {
        self.bank
    }

    /// Questions in the quiz.
    pub fn total(&self) -> usize {
        self.plan.items.len()
    }

    /// Questions answered so far.
    pub fn answered(&self) -> usize {
        self.answers.iter().filter(|a| a.is_some()).count()
    }

    /// The question to answer now, or `None` when all are answered.
    pub fn current(&self) -> Option<Shown<'b>> {
        (self.cursor < self.total()).then(|| self.shown(self.cursor))
    }

    /// Question `index` of the plan as shown.
    pub fn shown(&self, index: usize) -> Shown<'b> {
        let item = &self.plan.items[index];
        let q = &self.bank.questions[item.question];
        let options = match q.kind.get_ref() {
            Kind::TrueFalse => {
                let answer = q.answer.as_ref().is_some_and(|a| *a.get_ref());
                item.order
                    .iter()
                    .map(|&i| {
                        let value = i == 0;
                        let why = if value { &q.why_true } else { &q.why_false };
                        Opt {
                            id: value.to_string(),
                            label: Label::Truth(value),
                            correct: value == answer,
                            points: 0,
                            why: why.as_ref().map(|w| w.get_ref()),
                        }
                    })
                    .collect()
            }
            _ => item
                .order
                .iter()
                .map(|&i| Opt {
                    id: q.choice_id(i),
                    label: Label::Text(q.choices[i].text.get_ref()),
                    correct: q.is_correct(i),
                    points: q.points(i),
                    why: q.choices[i].why.as_ref().map(|w| w.get_ref()),
                })
                .collect(),
        };
        Shown {
            number: index + 1,
            total: self.total(),
            question: q,
            options,
        }
    }

    /// Answer the current question with display positions `picked`, after `seconds` on it.
    pub fn answer(
        &mut self,
        picked: &[usize],
        seconds: f64,
    ) -> Result<Feedback<'b>, ResponseError> {
        let shown = self.current().ok_or(ResponseError::Finished)?;
        validate(*shown.question.kind.get_ref(), shown.options.len(), picked)?;
        let earned = score(*shown.question.kind.get_ref(), &shown.options, picked);
        self.answers[self.cursor] = Some(Answer {
            picked: picked.to_vec(),
            earned,
            seconds: seconds.max(0.0),
        });
        let index = self.cursor;
        self.cursor += 1;
        Ok(self.feedback(index))
    }

    /// The feedback for question `index` (for the review at the end of an exam).
    pub fn feedback(&self, index: usize) -> Feedback<'b> {
        let shown = self.shown(index);
        let answer = self.answers[index].as_ref();
        let rules = shown
            .question
            .rules
            .iter()
            .filter_map(|id| {
                self.bank
                    .rules
                    .iter()
                    .find(|r| r.id.get_ref() == id.get_ref())
            })
            .collect();
        Feedback {
            shown,
            picked: answer.map(|a| a.picked.clone()),
            earned: answer.map_or(0.0, |a| a.earned),
            max: 1.0,
            rules,
        }
    }

    /// End the quiz: score the questions answered. `completed` is false when any is left
    /// (time ran out, or the learner stopped), and then `passed` is false too.
    pub fn finish(&self) -> Outcome {
        let items: Vec<ItemResult> = self
            .plan
            .items
            .iter()
            .zip(&self.answers)
            .enumerate()
            .filter_map(|(index, (item, answer))| {
                let answer = answer.as_ref()?;
                let q = &self.bank.questions[item.question];
                let shown = self.shown(index);
                Some(ItemResult {
                    id: q.id.get_ref().clone(),
                    topic: q.topic.get_ref().clone(),
                    rules: q.rules.iter().map(|r| r.get_ref().clone()).collect(),
                    kind: *q.kind.get_ref(),
                    chosen: answer
                        .picked
                        .iter()
                        .map(|&p| shown.options[p].id.clone())
                        .collect(),
                    earned: answer.earned,
                    max: 1.0,
                    seconds: answer.seconds,
                })
            })
            .collect();
        let earned: f64 = items.iter().map(|i| i.earned).sum();
        let max: f64 = items.iter().map(|i| i.max).sum();
        let percent = if max > 0.0 { 100.0 * earned / max } else { 0.0 };
        let pass = *self.bank.bank.pass_percent.get_ref() as f64;
        let completed = items.len() == self.total();
        Outcome {
            seed: self.plan.seed,
            draw: self.plan.draw.clone(),
            planned: self.total(),
            completed,
            passed: completed && percent + 1e-9 >= pass,
            items,
            earned,
            max,
            percent,
        }
    }
}

/// A response must name existing options, each once; single-answer kinds take exactly one.
pub fn validate(kind: Kind, options: usize, picked: &[usize]) -> Result<(), ResponseError> {
    let mut seen = HashSet::new();
    for &p in picked {
        if p >= options {
            return Err(ResponseError::OutOfRange(p));
        }
        if !seen.insert(p) {
            return Err(ResponseError::Duplicate(p));
        }
    }
    if kind != Kind::Multiple {
        match picked.len() {
            0 => return Err(ResponseError::Empty),
            1 => {}
            _ => return Err(ResponseError::TooMany),
        }
    }
    Ok(())
}
