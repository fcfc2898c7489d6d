//! Proptest strategies for banks: any bank the model can hold, and valid banks for the engine.

use super::text::Translations;
use proptest::prelude::*;
use toml::Spanned;

use super::model::{Bank, Choice, Kind, Meta, Question, Rule, Text, Topic};

fn s<T>(v: T) -> Spanned<T> {
    Spanned::new(0..0, v)
}

fn id() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,8}"
}

/// Any text: plain or localized, with quotes, backslashes, newlines and non-ASCII.
pub fn text() -> impl Strategy<Value = Text> {
    let string = "(\\PC|[\"\\\\\n\t]){0,20}";
    prop_oneof![
        string.prop_map(Text::Plain),
        (string, proptest::option::of(string)).prop_map(|(id, en)| {
            let mut map = Translations::new();
            map.insert("id".to_owned(), id);
            if let Some(en) = en {
                map.insert("en".to_owned(), en);
            }
            Text::Localized(map)
        }),
    ]
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Single),
        Just(Kind::Multiple),
        Just(Kind::TrueFalse),
        Just(Kind::Weighted)
    ]
}

fn choice() -> impl Strategy<Value = Choice> {
    (
        proptest::option::of(id()),
        text(),
        proptest::option::of(any::<bool>()),
        proptest::option::of(-3i64..9),
        proptest::option::of(text()),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(id, text, correct, points, why, violation)| Choice {
            id: id.map(s),
            text: s(text),
            correct: correct.map(s),
            points: points.map(s),
            why: why.map(s),
            violation: violation.map(s),
        })
}

fn question() -> impl Strategy<Value = Question> {
    (
        (id(), id(), kind(), text(), proptest::option::of(text())),
        (
            proptest::option::of(any::<bool>()),
            proptest::collection::vec(id(), 0..3),
            proptest::collection::vec("[A-Za-z0-9 /]{1,12}", 0..2),
            proptest::option::of("[a-z0-9_.]{1,12}"),
            proptest::option::of(0i64..5),
            proptest::collection::vec(id(), 0..2),
            any::<bool>(),
            proptest::collection::vec(choice(), 0..4),
        ),
    )
        .prop_map(
            |(
                (qid, topic, kind, prompt, explanation),
                (answer, rules, basis, source, difficulty, tags, shuffle, choices),
            )| {
                Question {
                    id: s(qid),
                    name: None,
                    topic: s(topic),
                    kind: s(kind),
                    prompt: s(prompt),
                    explanation: explanation.map(s),
                    answer: answer.map(s),
                    why_true: None,
                    why_false: None,
                    rules: rules.into_iter().map(s).collect(),
                    basis,
                    source,
                    difficulty: difficulty.map(s),
                    tags,
                    shuffle,
                    choices,
                }
            },
        )
}

/// Any bank the model can represent, valid or not.
pub fn any_bank() -> impl Strategy<Value = Bank> {
    (
        (id(), "[0-9.]{1,6}", text(), proptest::option::of(text())),
        (
            proptest::collection::vec("[a-z]{2}", 0..3),
            any::<i64>(),
            proptest::option::of(any::<i64>()),
            proptest::option::of(any::<i64>()),
        ),
        proptest::collection::vec((id(), text(), proptest::option::of(text())), 0..3),
        proptest::collection::vec(
            (
                id(),
                text(),
                "[A-Za-z0-9 ]{0,12}",
                proptest::option::of(id()),
            ),
            0..3,
        ),
        proptest::collection::vec(question(), 0..4),
    )
        .prop_map(
            |(
                (bid, version, title, description),
                (languages, pass, limit, practice),
                topics,
                rules,
                questions,
            )| Bank {
                bank: Meta {
                    id: s(bid),
                    version,
                    title: s(title),
                    description: description.map(s),
                    languages: s(languages),
                    pass_percent: s(pass),
                    time_limit: limit.map(s),
                    practice_count: practice.map(s),
                    category: None,
                },
                topics: topics
                    .into_iter()
                    .map(|(id, title, description)| Topic {
                        id: s(id),
                        title: s(title),
                        description: description.map(s),
                        category: None,
                    })
                    .collect(),
                rules: rules
                    .into_iter()
                    .map(|(id, text, basis, source)| Rule {
                        id: s(id),
                        text: s(text),
                        basis: s(basis),
                        source,
                    })
                    .collect(),
                questions,
            },
        )
}

/// One valid question of `kind` on `topic`, with the given choice count and right answer(s).
fn valid_question(n: usize, topic: usize) -> impl Strategy<Value = Question> {
    (
        kind(),
        2usize..6,
        any::<u8>(),
        proptest::collection::vec(0i64..=5, 6),
    )
        .prop_map(move |(kind, choices, mask, points)| {
            let mut q = Question::new(
                &format!("q{n}"),
                &format!("t{topic}"),
                kind,
                Text::Plain(format!("prompt {n}")),
            );
            q.explanation = Some(s(Text::Plain("why".into())));
            match kind {
                Kind::TrueFalse => q.answer = Some(s(mask % 2 == 0)),
                _ => {
                    for (i, &drawn) in points.iter().enumerate().take(choices) {
                        let correct = match kind {
                            Kind::Single => i == usize::from(mask) % choices,
                            // At least the first choice is right.
                            Kind::Multiple => i == 0 || mask & (1 << i) != 0,
                            _ => false,
                        };
                        let mut pts = drawn;
                        if kind == Kind::Weighted && i == 0 {
                            pts = pts.max(1);
                        }
                        q.choices.push(Choice {
                            id: None,
                            text: s(Text::Plain(format!("choice {i}"))),
                            correct: (kind != Kind::Weighted).then(|| s(correct)),
                            points: (kind == Kind::Weighted).then(|| s(pts)),
                            why: None,
                            // Only a choice worth nothing may be marked (E034).
                            violation: (kind == Kind::Weighted && pts == 0).then(|| s(true)),
                        });
                    }
                }
            }
            q
        })
}

/// A bank that passes the checks' errors: 1 to 5 topics, 1 to 30 questions of every kind.
pub fn valid_bank() -> impl Strategy<Value = Bank> {
    (1usize..=5, 1usize..=30)
        .prop_flat_map(|(topics, questions)| {
            let qs: Vec<_> = (0..questions)
                .map(|n| valid_question(n, n % topics))
                .collect();
            (Just(topics), qs)
        })
        .prop_map(|(topics, questions)| Bank {
            bank: Meta {
                id: s("gen".into()),
                version: "1".into(),
                title: s(Text::Plain("Generated".into())),
                description: None,
                languages: s(vec!["id".into()]),
                pass_percent: s(80),
                time_limit: None,
                practice_count: None,
                category: None,
            },
            topics: (0..topics)
                .map(|t| Topic {
                    id: s(format!("t{t}")),
                    title: s(Text::Plain(format!("Topic {t}"))),
                    description: None,
                    category: None,
                })
                .collect(),
            rules: Vec::new(),
            questions,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::check::{check, fails};
    use crate::bank::load::{Loaded, Source, parse};

    proptest! {
        // Test that any bank the model can serialize loads back equal.
        #[test]
        fn serialize_then_load_is_identity(bank in any_bank()) {
            let text = toml::to_string(&bank).expect("the model serializes");
            let back = parse(&Source::new("gen.toml", text.clone()));
            prop_assert!(back.is_ok(), "{text}\n{:?}", back.err());
            prop_assert_eq!(back.unwrap(), bank);
        }

        // Test that the valid-bank strategy really makes valid banks (the engine's tests rely on it).
        #[test]
        fn valid_banks_pass_the_checks(bank in valid_bank()) {
            let text = toml::to_string(&bank).unwrap();
            let source = Source::new("gen.toml", text);
            let bank = parse(&source).unwrap();
            let diagnostics = check(&[Loaded { source, bank }]);
            prop_assert!(!fails(&diagnostics, false), "{diagnostics:?}");
        }
    }
}
