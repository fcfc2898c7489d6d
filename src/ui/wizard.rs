//! The `kuis add` wizard: asks for one question, field by field, validating as it goes, and
//! returns it with the topic or rule it introduces. It writes nothing; the command does.

use toml::Spanned;

use crate::bank::model::letter;
use crate::bank::text::Translations;
use crate::bank::{Bank, Choice, Kind, Question, Rule, Text, Topic};
use crate::i18n::Lang;

use super::Stop;
use super::terminal::Terminal;

/// What the wizard made.
#[derive(Debug, Clone)]
pub struct Added {
    /// The new question.
    pub question: Question,
    /// A topic created for it.
    pub topic: Option<Topic>,
    /// A rule created for it.
    pub rule: Option<Rule>,
}

fn spanned<T>(v: T) -> Spanned<T> {
    Spanned::new(0..0, v)
}

struct Wizard<'a> {
    term: &'a Terminal,
    bank: &'a Bank,
    lang: Lang,
}

impl Wizard<'_> {
    fn pick<'s>(&self, id: &'s str, en: &'s str) -> &'s str {
        self.lang.pick(id, en)
    }

    /// A text in every language of the bank: the main one required, the others optional.
    fn text(&self, what: &str, required: bool) -> Result<Option<Text>, Stop> {
        let languages = self.bank.bank.languages.get_ref();
        let main = self.bank.bank.main_language().to_owned();
        let mut map = Translations::new();
        for code in languages {
            let needed = required && *code == main;
            let empty = self
                .pick("tidak boleh kosong", "cannot be empty")
                .to_owned();
            let answer = self
                .term
                .input_checked(&format!("{what} ({code})"), None, |s| {
                    if needed && s.is_empty() {
                        Err(empty.clone())
                    } else {
                        Ok(())
                    }
                })?;
            if answer.is_empty() && *code == main {
                // No text in the main language means no text at all: skip the translations.
                return Ok(None);
            }
            if !answer.is_empty() {
                map.insert(code.clone(), answer);
            }
        }
        Ok(match map.len() {
            0 => None,
            1 if map.contains_key(&main) => map.remove(&main).map(Text::Plain),
            _ => Some(Text::Localized(map)),
        })
    }

    fn show(&self, text: &Text) -> String {
        text.get(self.lang.code(), self.bank.bank.main_language())
            .to_owned()
    }

    fn topic(&self) -> Result<(String, Option<Topic>), Stop> {
        let mut items: Vec<String> = self
            .bank
            .topics
            .iter()
            .map(|t| format!("{} — {}", t.id.get_ref(), self.show(t.title.get_ref())))
            .collect();
        items.push(self.pick("+ topik baru", "+ new topic").to_owned());
        let i = self.term.select(self.pick("Topik", "Topic"), &items, 0)?;
        if let Some(t) = self.bank.topics.get(i) {
            return Ok((t.id.get_ref().clone(), None));
        }
        let taken = self
            .pick(
                "id tidak valid atau sudah dipakai",
                "invalid or already used id",
            )
            .to_owned();
        let id =
            self.term
                .input_checked(self.pick("Id topik baru", "New topic id"), None, |s| {
                    if Bank::free_id(s, self.bank.topics.iter().map(|t| t.id.get_ref().as_str())) {
                        Ok(())
                    } else {
                        Err(taken.clone())
                    }
                })?;
        let title = self
            .text(self.pick("Judul topik", "Topic title"), true)?
            .unwrap_or(Text::Plain(id.clone()));
        let topic = Topic {
            id: spanned(id.clone()),
            title: spanned(title),
            description: None,
            category: None,
        };
        Ok((id, Some(topic)))
    }

    fn kind(&self) -> Result<Kind, Stop> {
        let items: Vec<String> = [
            self.pick(
                "single — tepat satu jawaban benar",
                "single — exactly one right answer",
            ),
            self.pick(
                "multiple — pilih semua yang benar",
                "multiple — select all that apply",
            ),
            self.pick(
                "true-false — pernyataan benar/salah",
                "true-false — a true or false statement",
            ),
            self.pick(
                "weighted — penilaian situasi, poin 0-5",
                "weighted — situational judgement, 0-5 points",
            ),
        ]
        .map(str::to_owned)
        .to_vec();
        let i = self
            .term
            .select(self.pick("Jenis soal", "Kind of question"), &items, 0)?;
        Ok(Kind::ALL[i])
    }

    fn choices(&self, kind: Kind) -> Result<Vec<Choice>, Stop> {
        let mut texts: Vec<Text> = Vec::new();
        loop {
            let n = texts.len();
            let label = if n < 2 {
                format!("{} {}", self.pick("Pilihan", "Choice"), letter(n))
            } else {
                format!(
                    "{} {} ({})",
                    self.pick("Pilihan", "Choice"),
                    letter(n),
                    self.pick("kosongkan untuk selesai", "leave empty to finish")
                )
            };
            match self.text(&label, n < 2)? {
                Some(t)
                    if texts
                        .iter()
                        .any(|x| self.show(x).eq_ignore_ascii_case(&self.show(&t))) =>
                {
                    self.term.say(self.pick(
                        "Teks pilihan itu sudah ada.",
                        "That choice text is already there.",
                    ))?;
                }
                Some(t) => texts.push(t),
                None => break,
            }
            if texts.len() == 26 {
                break;
            }
        }
        let items: Vec<String> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{}) {}", letter(i), self.show(t)))
            .collect();
        let mut choices: Vec<Choice> = texts
            .into_iter()
            .map(|t| Choice {
                id: None,
                text: spanned(t),
                correct: None,
                points: None,
                why: None,
                violation: None,
            })
            .collect();
        match kind {
            Kind::Single => {
                let right = self.term.select(
                    self.pick("Jawaban yang benar", "The right answer"),
                    &items,
                    0,
                )?;
                choices[right].correct = Some(spanned(true));
            }
            Kind::Multiple => loop {
                let right = self.term.multi_select(
                    self.pick(
                        "Jawaban yang benar (Spasi memilih)",
                        "The right answers (Space selects)",
                    ),
                    &items,
                )?;
                if right.is_empty() {
                    self.term.say(self.pick(
                        "Pilih minimal satu jawaban benar.",
                        "Pick at least one right answer.",
                    ))?;
                    continue;
                }
                for i in right {
                    choices[i].correct = Some(spanned(true));
                }
                break;
            },
            Kind::Weighted => loop {
                let range = self
                    .pick("masukkan angka 0 sampai 5", "enter a number from 0 to 5")
                    .to_owned();
                let mut points = Vec::new();
                for item in &items {
                    let p = self.term.input_checked(
                        &format!("{} {item}", self.pick("Poin untuk", "Points for")),
                        None,
                        |s| match s.parse::<i64>() {
                            Ok(p) if (0..=5).contains(&p) => Ok(()),
                            _ => Err(range.clone()),
                        },
                    )?;
                    points.push(p.parse::<i64>().unwrap_or(0));
                }
                if points.iter().all(|p| *p == 0) {
                    self.term.say(self.pick(
                        "Minimal satu pilihan harus bernilai lebih dari 0.",
                        "At least one choice must be worth more than 0.",
                    ))?;
                    continue;
                }
                for (c, p) in choices.iter_mut().zip(points) {
                    c.points = Some(spanned(p));
                }
                break;
            },
            Kind::TrueFalse => {}
        }
        let best = choices
            .iter()
            .filter_map(|c| c.points.as_ref().map(|p| *p.get_ref()))
            .max();
        for (i, c) in choices.iter_mut().enumerate() {
            let wrong = match kind {
                Kind::Weighted => c.points.as_ref().map(|p| *p.get_ref()) < best,
                _ => c.correct.is_none(),
            };
            if wrong {
                let what = format!(
                    "{} {}) {}",
                    self.pick("Mengapa keliru:", "Why it is wrong:"),
                    letter(i),
                    self.show(c.text.get_ref())
                );
                c.why = self.text(&what, false)?.map(spanned);
            }
        }
        Ok(choices)
    }

    fn rules(&self) -> Result<(Vec<String>, Option<Rule>), Stop> {
        let mut ids = Vec::new();
        if !self.bank.rules.is_empty() {
            let items: Vec<String> = self
                .bank
                .rules
                .iter()
                .map(|r| {
                    let text = super::render::shorten(&self.show(r.text.get_ref()), 60);
                    format!("{} — {text}", r.id.get_ref())
                })
                .collect();
            for i in self.term.multi_select(
                self.pick(
                    "Aturan yang menentukan jawaban (Spasi memilih)",
                    "Rules that decide the answer (Space selects)",
                ),
                &items,
            )? {
                ids.push(self.bank.rules[i].id.get_ref().clone());
            }
        }
        if !self
            .term
            .confirm(self.pick("Tambah aturan baru?", "Add a new rule?"), false)?
        {
            return Ok((ids, None));
        }
        let taken = self
            .pick(
                "id tidak valid atau sudah dipakai",
                "invalid or already used id",
            )
            .to_owned();
        let id = self
            .term
            .input_checked(self.pick("Id aturan", "Rule id"), None, |s| {
                if Bank::free_id(s, self.bank.rules.iter().map(|r| r.id.get_ref().as_str())) {
                    Ok(())
                } else {
                    Err(taken.clone())
                }
            })?;
        let text = self
            .text(self.pick("Isi aturan", "The rule"), true)?
            .unwrap_or(Text::Plain(id.clone()));
        let empty = self
            .pick("tidak boleh kosong", "cannot be empty")
            .to_owned();
        let basis = self.term.input_checked(
            self.pick(
                "Dasar hukum (mis. PP 94/2021 Pasal 5 huruf n)",
                "Legal basis (e.g. PP 94/2021 Pasal 5 huruf n)",
            ),
            None,
            |s| {
                if s.is_empty() {
                    Err(empty.clone())
                } else {
                    Ok(())
                }
            },
        )?;
        ids.push(id.clone());
        Ok((
            ids,
            Some(Rule {
                id: spanned(id),
                text: spanned(text),
                basis: spanned(basis),
                source: None,
            }),
        ))
    }
}

/// Ask for one question. Ctrl-C or Esc at any prompt stops with [`Stop::Interrupted`].
pub fn ask(term: &Terminal, bank: &Bank, lang: Lang) -> Result<Added, Stop> {
    let w = Wizard { term, bank, lang };
    let (topic_id, topic) = w.topic()?;
    let kind = w.kind()?;
    let prompt_label = if kind == Kind::TrueFalse {
        w.pick("Pernyataan", "Statement")
    } else {
        w.pick("Pertanyaan", "Question")
    };
    let prompt = w
        .text(prompt_label, true)?
        .unwrap_or(Text::Plain(String::new()));
    let mut q = Question::new("", &topic_id, kind, prompt);
    if kind == Kind::TrueFalse {
        let items = [
            lang.t(crate::i18n::msg::TRUE).to_owned(),
            lang.t(crate::i18n::msg::FALSE).to_owned(),
        ];
        let answer = term.select(w.pick("Pernyataan ini", "This statement is"), &items, 0)? == 0;
        q.answer = Some(spanned(answer));
        let wrong = if answer {
            w.pick(
                "Umpan balik bila menjawab Salah",
                "Feedback for answering False",
            )
        } else {
            w.pick(
                "Umpan balik bila menjawab Benar",
                "Feedback for answering True",
            )
        };
        let why = w.text(wrong, false)?.map(spanned);
        if answer {
            q.why_false = why
        } else {
            q.why_true = why
        }
    } else {
        q.choices = w.choices(kind)?;
    }
    q.explanation = w
        .text(
            w.pick(
                "Penjelasan (aturan dan dasar hukumnya)",
                "Explanation (the rule and its basis)",
            ),
            false,
        )?
        .map(spanned);
    let (rules, rule) = w.rules()?;
    q.rules = rules.into_iter().map(spanned).collect();
    let proposed = bank.next_question_id(&topic_id);
    let taken = w
        .pick(
            "id tidak valid atau sudah dipakai",
            "invalid or already used id",
        )
        .to_owned();
    let id = term.input_checked(w.pick("Id soal", "Question id"), Some(&proposed), |s| {
        if Bank::free_id(s, bank.questions.iter().map(|q| q.id.get_ref().as_str())) {
            Ok(())
        } else {
            Err(taken.clone())
        }
    })?;
    q.id = spanned(id);
    Ok(Added {
        question: q,
        topic,
        rule,
    })
}
