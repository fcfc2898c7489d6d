//! Rendering questions, feedback and summaries as text; shared by the terminal and scripted
//! front ends so both say exactly the same thing.

use std::fmt::Write;
use std::time::Duration;

use comfy_table::{ContentArrangement, Table, presets};
use console::Style;

use crate::bank::model::letter;
use crate::bank::{Bank, Kind, Text};
use crate::i18n::{Lang, msg};
use crate::quiz::{Feedback, Opt, Outcome, Shown};
use crate::say::{Closing, Standing, Verdict, Words};

use super::Mode;

/// Colours, on or off. Off gives plain text for files, pipes, NO_COLOR and snapshots.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    /// Whether to emit colour codes.
    pub enabled: bool,
}

impl Paint {
    fn apply(self, style: Style, text: &str) -> String {
        style.force_styling(self.enabled).apply_to(text).to_string()
    }
    fn good(self, t: &str) -> String {
        self.apply(Style::new().green().bold(), t)
    }
    fn bad(self, t: &str) -> String {
        self.apply(Style::new().red().bold(), t)
    }
    fn partly(self, t: &str) -> String {
        self.apply(Style::new().yellow().bold(), t)
    }
    fn bold(self, t: &str) -> String {
        self.apply(Style::new().bold(), t)
    }
    fn dim(self, t: &str) -> String {
        self.apply(Style::new().dim(), t)
    }
}

/// Everything rendering needs besides the thing rendered.
#[derive(Debug, Clone, Copy)]
pub struct View<'b> {
    /// The bank, for rule and topic texts.
    pub bank: &'b Bank,
    /// The UI language.
    pub lang: Lang,
    /// Colours.
    pub paint: Paint,
    /// A review round (`kuis review`): it claims no pass or fail, and says what it is.
    pub review: bool,
}

impl<'b> View<'b> {
    /// What is said, before it is drawn.
    pub fn words(&self) -> Words<'b> {
        Words {
            bank: self.bank,
            lang: self.lang,
        }
    }

    /// A bank text in the UI language, falling back to the bank's main one.
    pub fn text<'t>(&self, t: &'t Text) -> &'t str {
        self.words().text(t)
    }

    /// What an option says.
    pub fn label(&self, opt: &Opt<'_>) -> String {
        self.words().label(opt)
    }

    /// An option with its letter: `b) Menolak dengan sopan`.
    pub fn option(&self, position: usize, opt: &Opt<'_>) -> String {
        format!("{}) {}", letter(position), self.label(opt))
    }

    /// `Soal 3/20 ████░░░░░░  sisa waktu 04:32`.
    pub fn header(&self, shown: &Shown<'_>, remaining: Option<u64>) -> String {
        let lang = self.lang;
        let done = shown.number - 1;
        let width = 20;
        let filled = (done * width).checked_div(shown.total).unwrap_or(0);
        let bar = format!("{}{}", "█".repeat(filled), "░".repeat(width - filled));
        let mut line = format!(
            "{} {}",
            self.paint.bold(&lang.pick(
                format!("Soal {}/{}", shown.number, shown.total),
                format!("Question {}/{}", shown.number, shown.total),
            )),
            self.paint.dim(&bar)
        );
        if let Some(secs) = remaining {
            let _ = write!(line, "  {} {}", lang.t(msg::TIME_LEFT), clock(secs));
        }
        line
    }

    /// The prompt.
    pub fn prompt(&self, shown: &Shown<'_>) -> String {
        self.text(shown.question.prompt.get_ref()).to_owned()
    }

    /// The screen before the first question: the bank, how many questions, the pass mark,
    /// the time limit, who is taking it, and (at a terminal) how to stop.
    pub fn start(
        &self,
        planned: usize,
        mode: Mode,
        limit: Option<Duration>,
        who: &str,
        how_to_stop: bool,
    ) -> String {
        let lang = self.lang;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}",
            self.paint.bold(self.text(self.bank.bank.title.get_ref()))
        );
        let s = if planned == 1 { "" } else { "s" };
        let line = if self.review {
            lang.pick(
                format!("{planned} soal untuk diulang"),
                format!("{planned} question{s} to review"),
            )
        } else {
            let pass = self.bank.bank.pass_percent.get_ref();
            lang.pick(
                format!("{planned} soal · batas lulus {pass}%"),
                format!("{planned} question{s} · pass mark {pass}%"),
            )
        };
        let _ = writeln!(out, "  {line}");
        if let Some(limit) = limit {
            let _ = writeln!(
                out,
                "  {}: {}",
                lang.pick("Batas waktu", "Time limit"),
                clock(limit.as_secs())
            );
        }
        let _ = writeln!(out, "  {}: {who}", lang.t(msg::PARTICIPANT));
        let _ = writeln!(
            out,
            "{}",
            lang.t(match mode {
                _ if self.review => msg::REVIEW_STARTS,
                Mode::Practice => msg::PRACTICE_STARTS,
                Mode::Exam => msg::EXAM_STARTS,
            })
        );
        if how_to_stop {
            let _ = writeln!(out, "{}", lang.t(msg::HOW_TO_STOP));
        }
        out
    }

    /// The hint under the prompt, short enough for `width` columns (dialoguer adds a page
    /// indicator and marks, and a hint that wraps would garble its list).
    pub fn hint(&self, kind: Kind, width: usize) -> &'static str {
        let (long, short) = match kind {
            Kind::Multiple => (msg::SELECT_ALL, msg::SELECT_ALL_SHORT),
            _ => (msg::PICK_ONE, msg::PICK_ONE_SHORT),
        };
        let full = self.lang.t(long);
        if full.chars().count() + 18 <= width {
            full
        } else {
            self.lang.t(short)
        }
    }

    /// The feedback on one answer: right or wrong, what was picked and why, the right answer,
    /// the explanation, and the rules with their legal basis.
    pub fn feedback(&self, fb: &Feedback<'_>) -> String {
        let lang = self.lang;
        let p = self.paint;
        let said = self.words().feedback(fb);
        let mut out = String::new();
        let verdict = format!("{} {}", said.verdict.mark(), said.verdict.words(lang));
        let mark = match said.verdict {
            Verdict::Right => p.good(&verdict),
            Verdict::Partly => p.partly(&verdict),
            Verdict::Unanswered | Verdict::Wrong => p.bad(&verdict),
        };
        let _ = writeln!(out, "{mark} ({}/{})", said.earned, said.max);
        if let Some(picked) = &said.picked {
            let _ = writeln!(out, "{}:", lang.t(msg::YOUR_ANSWER));
            if picked.is_empty() {
                let _ = writeln!(out, "  {}", lang.t(msg::NOTHING_PICKED));
            }
            for o in picked {
                let _ = writeln!(out, "  {}) {}{}", o.letter, o.label, o.weight);
                if let Some(why) = &o.why {
                    let _ = writeln!(out, "    → {why}");
                }
            }
        }
        if let Some((heading, right)) = &said.right {
            let _ = writeln!(out, "{heading}:");
            for o in right {
                let _ = writeln!(
                    out,
                    "  {}{}",
                    p.good(&format!("{}) {}", o.letter, o.label)),
                    o.weight
                );
            }
        }
        if let Some(e) = &said.explanation {
            let _ = writeln!(out, "{}: {e}", p.bold(lang.t(msg::EXPLANATION)));
        }
        for rule in &said.rules {
            let _ = writeln!(
                out,
                "{} {}: {}\n  {}: {}",
                p.bold(lang.t(msg::RULE)),
                rule.id,
                rule.text,
                lang.t(msg::BASIS),
                rule.basis
            );
        }
        for basis in &said.basis {
            let _ = writeln!(out, "{}: {basis}", lang.t(msg::BASIS));
        }
        out
    }

    /// The end of a quiz: score, pass mark, time, a bar per topic, and what to study again.
    pub fn summary(&self, outcome: &Outcome, seconds: u64) -> String {
        let lang = self.lang;
        let p = self.paint;
        let sum = self.words().summary(outcome);
        let mut out = String::new();
        let _ = writeln!(out, "{} — {}", p.bold(lang.t(msg::SUMMARY)), sum.title);
        let verdict = match &sum.standing {
            Standing::Stopped(words) => words.clone(),
            _ if self.review => lang.t(msg::REVIEW_DONE).to_owned(),
            Standing::Passed(mark) => format!("{} ({mark})", p.good(lang.t(msg::PASSED))),
            Standing::Failed(mark) => format!("{} ({mark})", p.bad(lang.t(msg::FAILED))),
        };
        let _ = writeln!(
            out,
            "{}: {}/{} ({}%) — {verdict}",
            lang.t(msg::SCORE),
            sum.earned,
            sum.max,
            sum.percent,
        );
        let _ = writeln!(out, "{}: {}", lang.t(msg::TIME_TAKEN), clock(seconds));
        let mut table = Table::new();
        table
            .load_style(presets::NOTHING)
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_header(vec![lang.t(msg::TOPIC), "", lang.t(msg::SCORE)]);
        for t in &sum.topics {
            let filled = (t.ratio * 10.0).round() as usize;
            let bar = format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled.min(10)));
            crate::table::add_row(
                &mut table,
                [
                    t.title.clone(),
                    bar,
                    format!("{:>3.0}% ({}/{})", t.ratio * 100.0, t.earned, t.max),
                ],
            );
        }
        // With nothing answered the table would be a header alone.
        if outcome.answered() > 0 {
            let _ = writeln!(out, "{table}");
        }
        match &sum.closing {
            Closing::Missed(missed) => {
                let _ = writeln!(out, "{}:", p.bold(sum.closing.words(lang)));
                for item in missed {
                    let rules = if item.rules.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " [{} {}]",
                            lang.t(msg::rule_or_rules(item.rules.len())),
                            item.rules.join(", ")
                        )
                    };
                    let _ = writeln!(out, "  • {}{rules}", shorten(&item.prompt, 90));
                }
            }
            Closing::NoneAnswered => {
                let _ = writeln!(out, "{}", sum.closing.words(lang));
            }
            Closing::AnsweredRight | Closing::AllRight => {
                let _ = writeln!(out, "{}", p.good(sum.closing.words(lang)));
            }
        }
        out
    }

    /// The exam review, one block per answered question: answers wrong or partly right in
    /// full, right ones as one line each.
    pub fn review(&self, answered: &[Feedback<'_>]) -> Vec<String> {
        let mut blocks = vec![format!("== {} ==", self.lang.t(msg::REVIEW))];
        for fb in answered {
            let shown = &fb.shown;
            if fb.is_correct() {
                blocks.push(format!(
                    "{} {}. {}",
                    self.paint.good("✓"),
                    shown.number,
                    shorten(&self.prompt(shown), 100)
                ));
            } else {
                blocks.push(format!(
                    "\n{}\n{}\n{}",
                    self.header(shown, None),
                    self.prompt(shown),
                    self.feedback(fb).trim_end()
                ));
            }
        }
        blocks
    }
}

pub use crate::say::{clock, points};

/// Wrap `text` to `width` columns at word boundaries, each line keeping its indentation and
/// continuing a little further in, so feedback reads as paragraphs on a narrow terminal.
/// Colour codes do not count towards the width.
pub fn wrap(text: &str, width: usize) -> String {
    let width = width.max(20);
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let indent = &line[..line.len() - line.trim_start().len()];
        let hanging = format!("{indent}  ");
        let options = textwrap::Options::new(width)
            .initial_indent(indent)
            .subsequent_indent(&hanging);
        out += &textwrap::fill(line.trim_start(), options);
        out.push('\n');
    }
    out
}

/// At most `max` characters, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test that points drop needless decimals and clocks pad.
    #[test]
    fn formats() {
        assert_eq!(points(1.0, Lang::En), "1");
        assert_eq!(points(0.5, Lang::En), "0.5");
        assert_eq!(points(2.0 / 3.0, Lang::En), "0.67");
        assert_eq!(points(2.0 / 3.0, Lang::Id), "0,67");
        assert_eq!(points(-0.0, Lang::Id), "0");
        assert_eq!(clock(65), "01:05");
        assert_eq!(clock(3725), "1:02:05");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }

    // Test that wrapping breaks at spaces and keeps the indentation of each line.
    #[test]
    fn wrapping() {
        let text = "  → Larangan berlaku kapan pun, juga pada hari libur.\nA";
        assert_eq!(
            wrap(text, 24),
            "  → Larangan berlaku\n    kapan pun, juga pada\n    hari libur.\nA\n"
        );
    }
}
