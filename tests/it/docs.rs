//! The trainer's reference must describe every error code the checker has.

use kuis::bank::diagnostic::ALL_CODES;

use super::project;

// Test that docs/bank-format.md names every diagnostic code.
#[test]
fn every_code_is_documented() {
    let docs = std::fs::read_to_string(project("docs/bank-format.md")).unwrap();
    let missing: Vec<_> = ALL_CODES.iter().filter(|c| !docs.contains(*c)).collect();
    assert!(missing.is_empty(), "docs/bank-format.md lacks {missing:?}");
}
