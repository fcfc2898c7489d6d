//! Fuzz the Aiken importer: any text, no panic.
#![no_main]

use kuis::convert::{aiken, build};
use kuis::i18n::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let (drafts, _) = aiken::read(text);
    let (bank, _) = build(drafts, "fuzz", "fuzz", Lang::Id);
    let _ = aiken::write(&bank, Lang::Id);
});
