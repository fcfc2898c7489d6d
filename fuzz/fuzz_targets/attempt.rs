//! Fuzz the attempt-file reader used by `kuis import` and `kuis report --attempts`.
#![no_main]

use kuis::results::attempt::Attempt;
use kuis::results::report::compute;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(attempts) = Attempt::parse_many(text) {
        let report = compute(&attempts, None, "id");
        let _ = serde_json::to_string(&report);
    }
});
