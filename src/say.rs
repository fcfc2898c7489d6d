//! What a front end says about an answer and about a finished quiz, in the UI language: the
//! words and their order, not how they are drawn. The terminal (`ui::render`) draws them as
//! text, the web pages (`web::pages`) as HTML, so both say exactly the same thing.

use crate::bank::model::letter;
use crate::bank::{Bank, Kind, Text};
use crate::i18n::{Lang, msg};
use crate::quiz::{Feedback, Label, Opt, Outcome};

/// The bank and language words are taken from.
#[derive(Debug, Clone, Copy)]
pub struct Words<'b> {
    /// The bank, for rule and topic texts.
    pub bank: &'b Bank,
    /// The UI language.
    pub lang: Lang,
}

/// Right, partly right, wrong, or not answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// No answer was given.
    Unanswered,
    /// Full marks.
    Right,
    /// Some points.
    Partly,
    /// No points.
    Wrong,
}

impl Verdict {
    /// The verdict as a sentence: "Jawaban Anda benar".
    pub fn words(self, lang: Lang) -> &'static str {
        lang.t(match self {
            Verdict::Unanswered => msg::NO_ANSWER,
            Verdict::Right => msg::CORRECT,
            Verdict::Partly => msg::PARTLY,
            Verdict::Wrong => msg::WRONG,
        })
    }

    /// The mark before it: ✓, ◐ or ✗.
    pub fn mark(self) -> &'static str {
        match self {
            Verdict::Right => "✓",
            Verdict::Partly => "◐",
            Verdict::Unanswered | Verdict::Wrong => "✗",
        }
    }
}

/// One option as feedback names it.
#[derive(Debug, Clone)]
pub struct Named {
    /// Its display position.
    pub position: usize,
    /// Its letter: `b`.
    pub letter: String,
    /// What it says.
    pub label: String,
    /// A weighted option's points: ` (3 poin)`; empty for other kinds.
    pub weight: String,
    /// The feedback for picking it.
    pub why: Option<String>,
}

/// A rule that decides an answer.
#[derive(Debug, Clone)]
pub struct RuleSaid {
    /// Its id.
    pub id: String,
    /// What it says.
    pub text: String,
    /// Its legal basis.
    pub basis: String,
}

/// The feedback on one answer.
#[derive(Debug, Clone)]
pub struct Said {
    /// Right or wrong.
    pub verdict: Verdict,
    /// Points earned, as people write them.
    pub earned: String,
    /// Points possible.
    pub max: String,
    /// The options picked (empty when nothing was ticked); `None` when not answered.
    pub picked: Option<Vec<Named>>,
    /// Unless the answer was right: the heading ("Jawaban yang tepat" or, for weighted
    /// questions, "Jawaban terbaik") and the right options.
    pub right: Option<(&'static str, Vec<Named>)>,
    /// The question's explanation.
    pub explanation: Option<String>,
    /// The rules, with their legal basis.
    pub rules: Vec<RuleSaid>,
    /// The question's own legal basis.
    pub basis: Vec<String>,
}

/// How a quiz ended, for its summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Stopped early: "dihentikan setelah 3 dari 10 soal"; no pass or fail is claimed.
    Stopped(String),
    /// Passed; with "batas lulus 80%".
    Passed(String),
    /// Not passed; with "batas lulus 80%".
    Failed(String),
}

/// One topic's line of a summary.
#[derive(Debug, Clone)]
pub struct TopicLine {
    /// Its title.
    pub title: String,
    /// earned / max, 0 to 1.
    pub ratio: f64,
    /// Points earned.
    pub earned: String,
    /// Points possible.
    pub max: String,
}

/// A question to study again.
#[derive(Debug, Clone)]
pub struct Missed {
    /// Its prompt.
    pub prompt: String,
    /// Its rules, by id.
    pub rules: Vec<String>,
}

/// What the summary closes with.
#[derive(Debug, Clone)]
pub enum Closing {
    /// Nothing was answered.
    NoneAnswered,
    /// Stopped early, and every answer given was right.
    AnsweredRight,
    /// Every question right.
    AllRight,
    /// The questions to study again.
    Missed(Vec<Missed>),
}

impl Closing {
    /// The closing sentence, or the heading of the list of questions to study again.
    pub fn words(&self, lang: Lang) -> &'static str {
        lang.t(match self {
            Closing::NoneAnswered => msg::NONE_ANSWERED,
            Closing::AnsweredRight => msg::ANSWERED_RIGHT,
            Closing::AllRight => msg::ALL_RIGHT,
            Closing::Missed(_) => msg::MISSED,
        })
    }
}

/// The end of a quiz.
#[derive(Debug, Clone)]
pub struct Summed {
    /// The bank's title.
    pub title: String,
    /// Passed, failed or stopped.
    pub standing: Standing,
    /// Points earned.
    pub earned: String,
    /// Points possible.
    pub max: String,
    /// The percentage, with the language's decimal separator: `66,7`.
    pub percent: String,
    /// A line per topic, in the bank's order (none when nothing was answered).
    pub topics: Vec<TopicLine>,
    /// What to do next.
    pub closing: Closing,
}

impl<'b> Words<'b> {
    /// A bank text in the UI language, falling back to the bank's main one.
    pub fn text<'t>(&self, t: &'t Text) -> &'t str {
        t.get(self.lang.code(), self.bank.bank.main_language())
    }

    /// What an option says.
    pub fn label(&self, opt: &Opt<'_>) -> String {
        match opt.label {
            Label::Text(t) => self.text(t).to_owned(),
            Label::Truth(true) => self.lang.t(msg::TRUE).to_owned(),
            Label::Truth(false) => self.lang.t(msg::FALSE).to_owned(),
        }
    }

    /// The hint for answering a question of `kind`, short form: "pilih satu".
    pub fn pick_hint(&self, kind: Kind) -> &'static str {
        self.lang.t(match kind {
            Kind::Multiple => msg::SELECT_ALL_SHORT,
            _ => msg::PICK_ONE_SHORT,
        })
    }

    fn named(&self, kind: Kind, options: &[Opt<'_>], position: usize) -> Named {
        let opt = &options[position];
        Named {
            position,
            letter: letter(position),
            label: self.label(opt),
            weight: if kind == Kind::Weighted {
                format!(" ({} {})", opt.points, self.lang.pick("poin", "points"))
            } else {
                String::new()
            },
            why: opt.why.map(|w| self.text(w).to_owned()),
        }
    }

    /// The feedback on one answer: right or wrong, what was picked and why, the right answer,
    /// the explanation, and the rules with their legal basis.
    pub fn feedback(&self, fb: &Feedback<'_>) -> Said {
        let lang = self.lang;
        let options = &fb.shown.options;
        let kind = *fb.shown.question.kind.get_ref();
        let verdict = if fb.picked.is_none() {
            Verdict::Unanswered
        } else if fb.is_correct() {
            Verdict::Right
        } else if fb.earned > 0.0 {
            Verdict::Partly
        } else {
            Verdict::Wrong
        };
        let right = (!fb.is_correct()).then(|| {
            let heading = if kind == Kind::Weighted {
                msg::BEST_ANSWER
            } else {
                msg::RIGHT_ANSWER
            };
            (
                lang.t(heading),
                fb.right()
                    .into_iter()
                    .map(|i| self.named(kind, options, i))
                    .collect(),
            )
        });
        Said {
            verdict,
            earned: points(fb.earned, lang),
            max: points(fb.max, lang),
            picked: fb.picked.as_ref().map(|picked| {
                picked
                    .iter()
                    .map(|&i| self.named(kind, options, i))
                    .collect()
            }),
            right,
            explanation: fb
                .shown
                .question
                .explanation
                .as_ref()
                .map(|e| self.text(e.get_ref()).to_owned()),
            rules: fb
                .rules
                .iter()
                .map(|rule| RuleSaid {
                    id: rule.id.get_ref().clone(),
                    text: self.text(rule.text.get_ref()).to_owned(),
                    basis: rule.basis.get_ref().clone(),
                })
                .collect(),
            basis: fb.shown.question.basis.clone(),
        }
    }

    /// The end of a quiz: score, pass mark, a line per topic, and what to study again.
    pub fn summary(&self, outcome: &Outcome) -> Summed {
        let lang = self.lang;
        let bank = self.bank;
        let pass = bank.bank.pass_percent.get_ref();
        let mark = format!("{} {pass}%", lang.pick("batas lulus", "pass mark"));
        // A quiz stopped early is scored on what was answered and claims no pass or fail.
        let standing = if !outcome.completed {
            Standing::Stopped(lang.pick(
                format!(
                    "dihentikan setelah {} dari {} soal",
                    outcome.answered(),
                    outcome.planned
                ),
                format!(
                    "stopped after {} of {} questions",
                    outcome.answered(),
                    outcome.planned
                ),
            ))
        } else if outcome.passed {
            Standing::Passed(mark)
        } else {
            Standing::Failed(mark)
        };
        // Titles by id once: a search per row made 10,000 topics cost 10^8 comparisons.
        let titles: std::collections::HashMap<&str, &crate::bank::Topic> = bank
            .topics
            .iter()
            .map(|x| (x.id.get_ref().as_str(), x))
            .collect();
        let topics = outcome
            .by_topic(bank)
            .into_iter()
            .map(|t| TopicLine {
                title: titles
                    .get(t.topic.as_str())
                    .map_or(t.topic.clone(), |x| self.text(x.title.get_ref()).to_owned()),
                ratio: if t.max > 0.0 { t.earned / t.max } else { 0.0 },
                earned: points(t.earned, lang),
                max: points(t.max, lang),
            })
            .collect();
        let missed: Vec<Missed> = outcome
            .items
            .iter()
            .filter(|i| i.earned < i.max - 1e-9)
            .map(|item| Missed {
                prompt: bank
                    .questions
                    .iter()
                    .find(|q| q.id.get_ref() == &item.id)
                    .map_or(String::new(), |q| self.text(q.prompt.get_ref()).to_owned()),
                rules: item.rules.clone(),
            })
            .collect();
        let closing = if outcome.answered() == 0 {
            Closing::NoneAnswered
        } else if missed.is_empty() && !outcome.completed {
            Closing::AnsweredRight
        } else if missed.is_empty() {
            Closing::AllRight
        } else {
            Closing::Missed(missed)
        };
        Summed {
            title: self.text(bank.bank.title.get_ref()).to_owned(),
            standing,
            earned: points(outcome.earned, lang),
            max: points(outcome.max, lang),
            percent: lang.decimal(outcome.percent + 0.0, 1),
            topics,
            closing,
        }
    }
}

/// Points as people write them: `1`, `0.5`, `15.33`.
pub fn points(value: f64, lang: Lang) -> String {
    // `+ 0.0` turns the -0 of an empty sum into 0.
    let rounded = (value * 100.0).round() / 100.0 + 0.0;
    let text = lang.decimal(rounded, 2);
    text.trim_end_matches('0')
        .trim_end_matches(['.', ','])
        .to_owned()
}

/// `mm:ss`, or `h:mm:ss` past an hour.
pub fn clock(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}
