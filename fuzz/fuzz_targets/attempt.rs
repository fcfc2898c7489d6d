//! Fuzz the attempt-file reader used by `kuis import` and `kuis report --attempts`: the
//! streaming reader, the field checks and score recomputation, and the report on what passes.
#![no_main]

use kuis::results::attempt::Attempt;
use kuis::results::ingest::{check, each_record};
use kuis::results::report::compute;
use libfuzzer_sys::fuzz_target;

const BANK: &str = include_str!("../../tests/fixtures/good/mini.toml");

fuzz_target!(|data: &[u8]| {
    let bank = kuis::bank::parse(&kuis::bank::Source::new("mini", BANK)).expect("mini parses");
    let known = kuis::results::ingest::KnownBank::new(&bank);
    let mut accepted = Vec::new();
    let _ = each_record(data, |(_, record)| {
        if let Ok(a) = record {
            for bank in [None, known.as_ref()] {
                if check(&a, bank).is_ok() {
                    // What import accepts is consistent: the score fields follow from it.
                    let score: f64 = a.answers.iter().map(|x| x.points).sum();
                    assert!((a.score - score).abs() < 0.01);
                    assert!((0.0..=100.01).contains(&a.percent));
                    assert!(a.score <= a.max + 0.01);
                }
            }
            accepted.push(a);
        }
        true
    });
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(attempts) = Attempt::parse_many(text)
    {
        let report = compute(&attempts, None, "id");
        let _ = serde_json::to_string(&report);
    }
    let _ = accepted;
});
