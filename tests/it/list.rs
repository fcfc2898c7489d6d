//! `kuis list`: the bank's contents, for people and for scripts.

use serde_json::Value;

use super::kuis;

// Test that the JSON listing counts questions per topic and rule coverage.
#[test]
fn json_listing() {
    let out = kuis().args(["list", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    let questions = s["questions"].as_u64().unwrap();
    let by_topic: u64 = s["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["total"].as_u64().unwrap())
        .sum();
    assert_eq!(questions, by_topic);
    assert_eq!(s["rules"].as_array().unwrap().len(), 48);
    let langs: Vec<&str> = s["languages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["lang"].as_str().unwrap())
        .collect();
    assert_eq!(langs, ["id", "en"]);
}

// Test that the table flags rules without questions.
#[test]
fn table_flags_uncovered_rules() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.toml");
    std::fs::write(
        &file,
        std::fs::read_to_string(super::project("tests/fixtures/bad/37-no-questions.toml")).unwrap(),
    )
    .unwrap();
    kuis()
        .args(["list", "--lang", "en"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicates::str::contains("0 ← no questions"));
}
