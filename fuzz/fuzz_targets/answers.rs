//! Fuzz the scripted front end: the answer parser against every question of a small bank,
//! and whole answer streams (caps on line length and count, BOM, bad UTF-8) through a quiz.
#![no_main]

use kuis::bank::{Source, parse};
use kuis::i18n::Lang;
use kuis::quiz::{PlanOptions, Session, plan};
use kuis::ui::render::{Paint, View};
use kuis::ui::scripted::{MAX_LINE_BYTES, Scripted, parse_answer};
use kuis::ui::{Mode, SteppingClock, Stop};
use libfuzzer_sys::fuzz_target;

const BANK: &str = include_str!("../../tests/fixtures/good/mini.toml");

fuzz_target!(|data: &[u8]| {
    let bank = parse(&Source::new("mini", BANK)).expect("the mini bank parses");
    let new_plan =
        || plan(&bank, &PlanOptions { shuffle: false, ..PlanOptions::default() }).expect("a plan");
    if let Ok(line) = std::str::from_utf8(data) {
        let mut session = Session::new(&bank, new_plan());
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
    }
    // The bytes as a whole answers file: the quiz ends or stops with a located message,
    // never a panic, and a line over the cap is always refused.
    let mut session = Session::new(&bank, new_plan());
    let mut frontend = Scripted::new(data, std::io::sink(), "fuzz");
    let mut clock = SteppingClock { step: std::time::Duration::ZERO, at: std::time::Duration::ZERO };
    let view = View { bank: &bank, lang: Lang::En, paint: Paint { enabled: false }, review: false };
    let result = kuis::ui::run(&mut session, &mut frontend, &mut clock, &view, Mode::Practice, None);
    let first = data.split(|&b| b == b'\n').next().unwrap_or_default();
    if first.len() > MAX_LINE_BYTES {
        assert!(matches!(result, Err(Stop::Input(ref m)) if m.starts_with("fuzz:1:")));
    }
});
