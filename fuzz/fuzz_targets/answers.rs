//! Fuzz the scripted answer parser against every question of a small bank.
#![no_main]

use kuis::bank::{Source, parse};
use kuis::quiz::{PlanOptions, Session, plan};
use kuis::ui::scripted::parse_answer;
use libfuzzer_sys::fuzz_target;

const BANK: &str = include_str!("../../tests/fixtures/good/mini.toml");

fuzz_target!(|line: &str| {
    let bank = parse(&Source::new("mini", BANK)).expect("the mini bank parses");
    let p = plan(&bank, &PlanOptions { shuffle: false, ..PlanOptions::default() }).expect("a plan");
    let mut session = Session::new(&bank, p);
    while let Some(shown) = session.current() {
        match parse_answer(line, &shown) {
            // What the parser accepts, the session must accept too.
            Ok(picked) => {
                session.answer(&picked, 0.0).expect("a parsed answer is a valid response");
            }
            Err(_) => {
                let _ = session.answer(&[0], 0.0);
            }
        }
    }
});
