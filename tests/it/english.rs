//! No English in Indonesian: every command and screen kuis can show without a terminal is run
//! in `id` and scanned for English words; the built-in bank's Indonesian texts are scanned in a
//! test of their own.

use std::collections::BTreeSet;

use super::kuis;

/// English words that have no business in an Indonesian screen. Words that are also names in
/// the bank format or values of flags (`single`, `json`, `practice`) are allowed where they
/// stand as code: in backticks, after `--`, in `key = value`, or in `[table]` headers.
const ENGLISH: &[&str] = &[
    "the",
    "of",
    "and",
    "is",
    "are",
    "not",
    "yes",
    "with",
    "for",
    "from",
    "into",
    "file",
    "files",
    "error",
    "errors",
    "warning",
    "warnings",
    "help",
    "usage",
    "options",
    "arguments",
    "commands",
    "print",
    "found",
    "unexpected",
    "missing",
    "expected",
    "invalid",
    "unknown",
    "such",
    "directory",
    "permission",
    "denied",
    "amended",
    "official",
    "guidance",
    "article",
    "formerly",
    "score",
    "passed",
    "failed",
    "left",
    "select",
    "pick",
    "press",
    "continue",
    "summary",
    "question",
    "questions",
    "answer",
    "answers",
    "wrong",
    "right",
    "correct",
    "true",
    "false",
    "practice",
    "exam",
    "review",
    "attempt",
    "attempts",
    "name",
    "date",
    "time",
    "title",
    "rules",
    "topic",
    "topics",
    "possible",
    "values",
    "default",
    "did",
    "mean",
    "cannot",
    "be",
    "used",
    "only",
    "must",
    "should",
    "see",
    "more",
    "information",
    "try",
    "write",
    "read",
    "saved",
    "save",
];

/// The kinds of question: names in the bank format, shown as such (`true-false`).
const KINDS: &[&str] = &["single", "multiple", "true-false", "weighted"];

/// Remove what is code rather than prose: backtick spans, `[lists]`, `--flags`,
/// `<PLACEHOLDERS>`, `key = value`, paths, the names in a help listing, and the bank's own
/// source lines quoted in a diagnostic (`12 | text = "…"`).
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut code_until = None;
    for c in text.chars() {
        match (code_until, c) {
            (None, '`') => code_until = Some('`'),
            (None, '[') => code_until = Some(']'),
            // A bank's own text, quoted in a message ("All of the above"), is not kuis's.
            (None, '"') => code_until = Some('"'),
            (Some(end), c) if c == end => {
                code_until = None;
                out.push(' ');
            }
            (Some(_), '\n') => {
                code_until = None;
                out.push('\n');
            }
            (None, c) => out.push(c),
            _ => {}
        }
    }
    out.lines()
        .filter(|line| {
            let t = line.trim_start();
            if t.starts_with("Penggunaan:") {
                return false;
            }
            !(t.starts_with('|')
                || t.split_once('|')
                    .is_some_and(|(n, _)| n.trim().parse::<u32>().is_ok()))
        })
        .map(|line| {
            // "  take    Ikuti kuis…": the first word of an indented listing is a name.
            // "  kuis take --mode exam   ujian 15 menit": an example's command is code.
            let trimmed = line.trim_start();
            let line = if trimmed.starts_with("kuis ") {
                trimmed.split_once("  ").map_or("", |(_, rest)| rest)
            } else if line.starts_with("  ") && !line.starts_with("   ") {
                line.trim_start()
                    .split_once(' ')
                    .map_or("", |(_, rest)| rest)
            } else {
                line
            };
            let mut words: Vec<&str> = Vec::new();
            let tokens: Vec<&str> = line.split_whitespace().collect();
            let mut i = 0;
            while i < tokens.len() {
                let t = tokens[i];
                let code = t.starts_with("--")
                    || t.starts_with('<')
                    || t.starts_with('[')
                    || t.contains('/')
                    || t.contains('.') && !t.ends_with('.')
                    || t.contains('_')
                    || t.contains('=')
                    || KINDS.contains(&t.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'));
                // `key = value`: skip all three.
                if tokens.get(i + 1) == Some(&"=") {
                    i += 3;
                    continue;
                }
                if !code {
                    words.push(t);
                }
                i += 1;
            }
            words.join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The English words in `text`'s prose, each with the line it stands in.
fn english_in(text: &str) -> BTreeSet<String> {
    prose(text)
        .lines()
        .flat_map(|line| {
            line.split(|c: char| !c.is_alphanumeric() && c != '\'')
                .map(str::to_lowercase)
                .filter(|w| ENGLISH.contains(&w.as_str()))
                .map(move |w| format!("{w} ({})", line.trim()))
        })
        .collect()
}

/// Run kuis in Indonesian with `args` (and `stdin`), and return stdout + stderr.
fn screen(args: &[&str], stdin: &str, store: &std::path::Path) -> String {
    let out = kuis()
        .env("KUIS_STORE", store)
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("panicked"), "{args:?}: {text}");
    text
}

/// The text a browser shows of an HTML page: no tags, no style or script.
fn visible_html(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tag = &rest[lt..];
        let skip_to = if tag.starts_with("<style") {
            tag.find("</style>")
        } else if tag.starts_with("<script") {
            tag.find("</script>")
        } else {
            None
        };
        let end = skip_to.unwrap_or(0)
            + tag[skip_to.unwrap_or(0)..]
                .find('>')
                .map_or(tag.len() - 1, |i| i);
        out.push('\n');
        rest = &tag[end + 1..];
    }
    out.push_str(rest);
    out
}

// Test that every screen of every command, run in Indonesian without a terminal, has no
// English word in its prose: help, argument errors, quizzes, check of every bad fixture,
// list, history, report, import, convert notes, new, fmt, and I/O errors.
#[test]
fn indonesian_screens_have_no_english() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("kuis.sqlite");
    let attempt = dir.path().join("attempt.json");
    let attempt_s = attempt.to_str().unwrap();
    let new_bank = dir.path().join("baru.toml");
    let new_bank_s = new_bank.to_str().unwrap();
    let mini = "tests/fixtures/good/mini.toml";
    let mut runs: Vec<(Vec<String>, &str)> = Vec::new();
    let mut add = |args: &[&str], stdin: &'static str| {
        runs.push((args.iter().map(|s| (*s).to_owned()).collect(), stdin));
    };
    use clap::CommandFactory;
    for sub in kuis::cli::Cli::command().get_subcommands() {
        let name: &'static str = Box::leak(sub.get_name().to_owned().into_boxed_str());
        add(&[name, "--help"], "");
    }
    add(&["--help"], "");
    add(&["--cont", "3"], "");
    add(&["chek"], "");
    add(&["take", "--mode", "exm"], "");
    add(&["take", "--count", "lima"], "");
    add(&["import"], "");
    add(
        &[
            "take",
            mini,
            "--no-shuffle",
            "--name",
            "Budi",
            "--answers",
            "-",
            "--out",
            attempt_s,
        ],
        "a\na,c\nsalah\na\n",
    );
    add(
        &[
            "take",
            mini,
            "--mode",
            "exam",
            "--no-shuffle",
            "--anonymous",
            "--answers",
            "-",
        ],
        "b\nb\nbenar\nb\n",
    );
    add(
        &["review", mini, "--name", "Budi", "--answers", "-"],
        "a\na,c\nsalah\na\n",
    );
    add(&["history", "--name", "Budi"], "");
    add(&["history", "--all"], "");
    add(&["report", "--with-bank", mini], "");
    add(&["import", attempt_s], "");
    add(&["report", "--with-bank", mini, "--format", "html"], "");
    add(&["list", mini], "");
    add(&["check", "nowhere/at/all.toml"], "");
    add(&["check", "tests/fixtures"], "");
    add(&["new", new_bank_s], "");
    add(&["fmt", "--check", new_bank_s], "");
    let converted = dir.path().join("hasil.toml");
    let converted: &'static str =
        Box::leak(converted.to_str().unwrap().to_owned().into_boxed_str());
    add(
        &[
            "convert",
            "tests/fixtures/convert/moodle.xml",
            "--to",
            "toml",
            "-o",
            converted,
        ],
        "",
    );
    // Every kind of malformed question in the Moodle formats, and a store URL that does not
    // parse: the reasons are said in Indonesian too.
    let gift = dir.path().join("rusak.gift");
    std::fs::write(
        &gift,
        "::Baik:: Boleh? {=Tidak ~Ya}\n\n::Judul Apa? {=a ~b}\n\nSatu {=a ~b} dua {=c ~d}\n\nBobot {~%50 a ~%x% b =c}\n\nTeks {sebelum =a ~b}\n\nTutup } saja\n\nBuka {=a ~b\n",
    )
    .unwrap();
    let aiken = dir.path().join("rusak.txt");
    std::fs::write(
        &aiken,
        "Baik?\nA) satu\nB) dua\nANSWER: A\n\nA) pilihan tanpa soal\nANSWER: A\n\nSoal?\nA) satu\nB) dua\nANSWER: Z\n\nSoal dua?\nA) satu\n\nSoal tiga?\nA) satu\nB) dua\n",
    )
    .unwrap();
    for (input, from) in [(&gift, "gift"), (&aiken, "aiken")] {
        let input: &'static str = Box::leak(input.to_str().unwrap().to_owned().into_boxed_str());
        add(
            &[
                "convert", input, "--from", from, "--to", "toml", "-o", converted,
            ],
            "",
        );
    }
    add(&["history", "--all", "--store", "postgres://[::1"], "");
    add(&["history", "--all", "--store", "postgres:///kuis"], "");
    let mut found = Vec::new();
    for (args, stdin) in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut text = screen(&args, stdin, &store);
        if args.contains(&"html") {
            text = visible_html(&text);
        }
        // A bank's own texts and the parser's original wording (shown as a note) are not
        // kuis's words.
        let text: String = text
            .lines()
            .filter(|l| !l.contains("pesan asli parser"))
            .collect::<Vec<_>>()
            .join("\n");
        let words = english_in(&text);
        if !words.is_empty() {
            found.push(format!("kuis {}: {words:?}", args.join(" ")));
        }
    }
    // What `kuis new` writes is a file kuis itself writes.
    let template = std::fs::read_to_string(&new_bank).unwrap();
    let comments: String = template
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix('#'))
        .collect::<Vec<_>>()
        .join("\n");
    let words = english_in(&comments);
    if !words.is_empty() {
        found.push(format!("kuis new (comments of the file): {words:?}"));
    }
    assert!(
        found.is_empty(),
        "English in Indonesian screens:\n{}",
        found.join("\n")
    );
}

// Test that the built-in bank's Indonesian texts (and its legal-basis lines, which are
// Indonesian citations) have no English words; the failure names each string.
#[test]
fn builtin_bank_indonesian_texts_have_no_english() {
    let bank = kuis::bank::parse(&kuis::bank::Source::new("b", kuis::cmd::take::BUILTIN))
        .expect("the built-in bank parses");
    let main = bank.bank.main_language().to_owned();
    let mut texts: Vec<String> = Vec::new();
    let mut id = |t: &kuis::bank::Text| {
        if t.has("id", &main) {
            texts.push(t.get("id", &main).to_owned());
        }
    };
    id(bank.bank.title.get_ref());
    for t in &bank.topics {
        id(t.title.get_ref());
    }
    for r in &bank.rules {
        id(r.text.get_ref());
    }
    for q in &bank.questions {
        id(q.prompt.get_ref());
        for e in [&q.explanation, &q.why_true, &q.why_false]
            .into_iter()
            .flatten()
        {
            id(e.get_ref());
        }
        for c in &q.choices {
            id(c.text.get_ref());
            if let Some(w) = &c.why {
                id(w.get_ref());
            }
        }
    }
    texts.extend(bank.rules.iter().map(|r| r.basis.get_ref().clone()));
    texts.extend(bank.questions.iter().flat_map(|q| q.basis.clone()));
    let hits: Vec<String> = texts
        .iter()
        .filter_map(|t| {
            let words = english_in(t);
            (!words.is_empty()).then(|| format!("{words:?} in: {t}"))
        })
        .collect();
    assert!(
        hits.is_empty(),
        "English in the built-in bank's Indonesian texts ({}):\n{}",
        hits.len(),
        hits.join("\n")
    );
}
