//! Fuzz the bank loader and every check, and the diagnostics' rendering: any text, no panic.
#![no_main]

use kuis::bank::check::check;
use kuis::bank::diagnostic::{JsonDiagnostic, Lines, render};
use kuis::bank::load::Loaded;
use kuis::bank::{Source, parse};
use kuis::i18n::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let source = Source::new("fuzz.toml", text);
    let diagnostics = match parse(&source) {
        Ok(bank) => {
            let _ = kuis::bank::write::to_toml(&bank);
            check(&[Loaded { source: source.clone(), bank }])
        }
        Err(errors) => errors,
    };
    let _ = render(&diagnostics, |_| Some(text), Lang::En, false);
    let lines = Lines::new(text);
    for d in &diagnostics {
        let _ = JsonDiagnostic::new(d, Some(&lines), Lang::Id);
    }
    let _ = kuis::bank::write::format(text);
});
