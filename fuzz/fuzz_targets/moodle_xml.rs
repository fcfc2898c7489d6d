//! Fuzz the Moodle XML importer: any text, no panic.
#![no_main]

use kuis::convert::{build, xml};
use kuis::i18n::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok((drafts, _)) = xml::read(text) {
        let (bank, _) = build(drafts, "fuzz", "fuzz", Lang::Id);
        let _ = xml::write(&bank, Lang::Id);
    }
});
