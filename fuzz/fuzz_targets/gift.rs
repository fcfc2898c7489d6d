//! Fuzz the GIFT importer and the bank it builds: any text, no panic.
#![no_main]

use kuis::convert::{build, gift};
use kuis::i18n::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let (drafts, _) = gift::read(text);
    let (bank, _) = build(drafts, "fuzz", "fuzz", Lang::Id);
    let _ = gift::write(&bank, Lang::Id);
});
