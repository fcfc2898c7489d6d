//! Authoring: `kuis new` writes a template that passes the check; `kuis fmt` applies the
//! house style without changing meaning or losing comments.

use super::{kuis, project};

// Test that a new bank passes the strictest check and is not overwritten by accident.
#[test]
fn new_template() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("baru.toml");
    kuis().arg("new").arg(&file).assert().success();
    kuis()
        .args(["check", "--strict"])
        .arg(&file)
        .assert()
        .success();
    kuis()
        .args(["fmt", "--check"])
        .arg(&file)
        .assert()
        .success();
    let kinds: Vec<String> = kuis::bank::parse(&kuis::bank::Source::new(
        "t",
        std::fs::read_to_string(&file).unwrap(),
    ))
    .unwrap()
    .questions
    .iter()
    .map(|q| q.kind.get_ref().as_str().to_owned())
    .collect();
    assert_eq!(kinds, ["single", "multiple", "true-false", "weighted"]);
    std::fs::write(&file, "mine").unwrap();
    kuis()
        .arg("new")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    kuis()
        .args(["new", "--force"])
        .arg(&file)
        .assert()
        .success();
}

// Test fmt on a messy bank: --check fails, fmt fixes it keeping comments and meaning, and
// --check then passes.
#[test]
fn fmt_messy_bank() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acak.toml");
    let messy = "# Judul berkas\n[bank]\ntitle=\"T\"\nid = \"b\"   # id bank\n[[topic]]\ntitle = \"T\"\nid=\"t\"\n[[question]]\n# soal\nid=\"q\"\nexplanation = \"E\"\ntopic=\"t\"\nkind=\"true-false\"\nprompt=\"P\"\nanswer=false\n";
    std::fs::write(&file, messy).unwrap();
    kuis()
        .args(["fmt", "--check"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("acak.toml"));
    kuis().arg("fmt").arg(&file).assert().success();
    let formatted = std::fs::read_to_string(&file).unwrap();
    assert!(
        formatted.contains("# Judul berkas")
            && formatted.contains("# id bank")
            && formatted.contains("# soal"),
        "{formatted}"
    );
    assert!(
        formatted.contains("id = \"b\" # id bank\ntitle = \"T\""),
        "{formatted}"
    );
    kuis()
        .args(["fmt", "--check"])
        .arg(&file)
        .assert()
        .success();
    let parse = |t: &str| kuis::bank::parse(&kuis::bank::Source::new("x", t)).unwrap();
    assert_eq!(parse(messy), parse(&formatted));
}

// Test that the shipped banks and the template are in the house style (CI keeps them so).
#[test]
fn shipped_files_are_formatted() {
    kuis()
        .args(["fmt", "--check"])
        .arg(project("quizzes"))
        .arg(project("docs/template.toml"))
        .assert()
        .success();
}
