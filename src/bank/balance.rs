//! `kuis fmt --balance-keys`: reorder each question's choices so that, in file order, the keys
//! stand evenly in every position (an export, a printout or a `--no-shuffle` room no longer
//! answers "a" for everything). Text in, text out: no I/O.
//!
//! How: the questions whose choices may move (with choices, `shuffle` not false, at least one
//! key and one distractor) are taken in file order; a question with one key gets its key's
//! position from a seeded permutation of the positions, a fresh one for every run of as many
//! questions with that number of choices (so each position gets the key equally often); a
//! question with several keys gets a seeded set of positions. Keys fill their positions and
//! distractors the others, each group in its file order. Each choice's table moves whole: its
//! `why`, its other fields and the comments above and inside it go with it. A choice that
//! moves and had no `id` gets its old letter as its `id`, so recorded attempts still name it.
//!
//! The result depends only on the bank's id, its questions' kinds and their numbers of
//! choices and keys, none of which moving choices changes: running it twice changes nothing.

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand::seq::{IndexedRandom, SliceRandom};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Value};

use super::model::{Bank, Kind, letter};
use super::testwise::keys;

/// Mixed with the bank's id into the seed: the same bank always gets the same arrangement.
const SEED: u64 = 0x6b75_6973_2d6b_6579; // "kuis-key"

/// `text` (the source of `bank`) with its keys spread over the positions, and how many
/// questions had their choices moved.
pub fn balance_keys(text: &str, bank: &Bank) -> Result<(String, usize), String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    let orders = orders(bank);
    let mut moved = 0;
    let Some(questions) = doc
        .get_mut("question")
        .and_then(Item::as_array_of_tables_mut)
    else {
        return Ok((text.to_owned(), 0));
    };
    for (table, order) in questions.iter_mut().zip(orders) {
        let Some(order) = order.filter(|o| o.iter().enumerate().any(|(i, &j)| i != j)) else {
            continue;
        };
        let Some(choices) = table
            .get_mut("choice")
            .and_then(Item::as_array_of_tables_mut)
        else {
            continue;
        };
        if choices.len() != order.len() {
            continue;
        }
        let old: Vec<toml_edit::Table> = choices.iter().cloned().collect();
        let positions: Vec<Option<isize>> = old.iter().map(|t| t.position()).collect();
        let mut reordered = ArrayOfTables::new();
        for (at, &from) in order.iter().enumerate() {
            let mut choice = old[from].clone();
            choice.set_position(positions[at]);
            if from != at && !choice.contains_key("id") {
                choice.insert("id", Item::Value(Value::from(letter(from))));
            }
            reordered.push(choice);
        }
        *choices = reordered;
        moved += 1;
    }
    Ok((doc.to_string(), moved))
}

/// Per question, in file order: the new order of its choices (`order[position] = old index`),
/// or `None` for a question whose choices stay where they are.
fn orders(bank: &Bank) -> Vec<Option<Vec<usize>>> {
    let seed = bank.bank.id.get_ref().bytes().fold(SEED, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // Per number of choices: questions seen, and the permutation of the current run.
    let mut runs: std::collections::HashMap<usize, (usize, Vec<usize>)> = Default::default();
    bank.questions
        .iter()
        .map(|q| {
            let n = q.choices.len();
            let keys = keys(q);
            let count = keys.iter().filter(|&&k| k).count();
            if *q.kind.get_ref() == Kind::TrueFalse || !q.shuffle || count == 0 || count == n {
                return None;
            }
            let places: Vec<usize> = if count == 1 {
                let (seen, perm) = runs.entry(n).or_default();
                if *seen % n == 0 {
                    *perm = (0..n).collect();
                    perm.shuffle(&mut rng);
                }
                *seen += 1;
                vec![perm[(*seen - 1) % n]]
            } else {
                let all: Vec<usize> = (0..n).collect();
                all.sample(&mut rng, count).copied().collect()
            };
            let mut key_choices = (0..n).filter(|&i| keys[i]);
            let mut others = (0..n).filter(|&i| !keys[i]);
            (0..n)
                .map(|at| {
                    if places.contains(&at) {
                        key_choices.next()
                    } else {
                        others.next()
                    }
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::load::{Source, parse};

    fn bank_text(questions: usize) -> String {
        let mut s = String::from(
            "[bank]\nid = \"b\"\ntitle = \"T\"\n\n[[topic]]\nid = \"t\"\ntitle = \"T\"\n",
        );
        for i in 0..questions {
            s.push_str(&format!(
                "\n[[question]]\nid = \"q{i}\"\ntopic = \"t\"\nkind = \"single\"\nprompt = \"P\"\n"
            ));
            for c in 0..4 {
                let mark = if c == 0 {
                    "correct = true"
                } else {
                    "why = \"W\""
                };
                s.push_str(&format!(
                    "  # about choice {c} of q{i}\n  [[question.choice]]\n  text = \"C{c} q{i}\"\n  {mark}\n"
                ));
            }
        }
        s
    }

    fn balanced(text: &str) -> (String, usize) {
        let bank = parse(&Source::new("b.toml", text)).unwrap();
        balance_keys(text, &bank).unwrap()
    }

    // Test that every position gets the key equally often, each choice keeps its text, why
    // and comment, moved choices keep their old letter as id, and a second run changes nothing.
    #[test]
    fn spreads_keeps_and_is_idempotent() {
        let text = bank_text(8);
        let (once, moved) = balanced(&text);
        assert!(moved >= 4, "{moved}");
        let bank = parse(&Source::new("b.toml", once.as_str())).unwrap();
        let mut per_position = [0; 4];
        for q in &bank.questions {
            let key = (0..4).position(|i| q.is_correct(i)).unwrap();
            per_position[key] += 1;
            let c = &q.choices[key];
            assert_eq!(q.choice_id(key), "a");
            assert!(c.text.get_ref().get("id", "id").starts_with("C0 "));
            assert!(c.why.is_none());
        }
        assert_eq!(per_position, [2, 2, 2, 2]);
        // Comments sit right above their own choice.
        for (line, next) in once.lines().zip(once.lines().skip(2)) {
            if let Some(rest) = line.trim().strip_prefix("# about choice ") {
                let (c, q) = rest.split_once(" of ").unwrap();
                let text = next.trim();
                assert_eq!(text, format!("text = \"C{c} {q}\""), "{once}");
            }
        }
        assert_eq!(balanced(&once), (once.clone(), 0));
    }
}
