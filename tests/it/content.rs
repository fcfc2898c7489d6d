//! The shipped banks' content against the writing notes of rules.md: no source-file names or
//! literal English idioms in what learners read, legal citations in Indonesian, one
//! disciplinary level per act, weighted choices that still break a rule marked as such, the
//! size the bank must reach, the legal review's corrections (R09's level, rupiah amounts, which
//! PPK), and no blind pass: a learner who knows nothing gains nothing from how the questions
//! are written.

use std::collections::HashMap;

use kuis::bank::{Bank, Kind, Question, Text};

use super::banks::shipped;

/// One piece of learner-facing text and where it sits.
struct Piece<'a> {
    /// "question kampanye-001, choice c, why (en)", for the failure message.
    at: String,
    /// "id" or "en".
    lang: &'a str,
    text: &'a str,
    /// Whether the text states what is so (explanations, feedback, rules, right answers), as
    /// opposed to a wrong choice or a false statement, which is meant to be wrong.
    teaches: bool,
}

/// The main language of the shipped banks.
const MAIN: &str = "id";

fn push<'a>(out: &mut Vec<Piece<'a>>, at: &str, text: &'a Text, teaches: bool) {
    for (lang, t) in text.entries(MAIN) {
        out.push(Piece {
            at: format!("{at} ({lang})"),
            lang,
            text: t,
            teaches,
        });
    }
}

/// Whether the choice at `i` is a right answer: `correct`, or the best points of a weighted
/// question.
fn is_right(q: &Question, i: usize) -> bool {
    match q.kind.get_ref() {
        Kind::Weighted => {
            let best = (0..q.choices.len()).map(|j| q.points(j)).max();
            Some(q.points(i)) == best
        }
        _ => q.is_correct(i),
    }
}

/// Every text of a question a learner can read.
fn question_pieces(q: &Question) -> Vec<Piece<'_>> {
    let id = q.id.get_ref();
    let mut out = Vec::new();
    let statement_holds = q.answer.as_ref().is_none_or(|a| *a.get_ref());
    push(
        &mut out,
        &format!("question {id}, prompt"),
        q.prompt.get_ref(),
        statement_holds,
    );
    for (name, text) in [
        ("explanation", &q.explanation),
        ("why_true", &q.why_true),
        ("why_false", &q.why_false),
    ] {
        if let Some(t) = text {
            push(
                &mut out,
                &format!("question {id}, {name}"),
                t.get_ref(),
                true,
            );
        }
    }
    for (i, c) in q.choices.iter().enumerate() {
        let at = format!("question {id}, choice {}", q.choice_id(i));
        push(&mut out, &at, c.text.get_ref(), is_right(q, i));
        if let Some(why) = &c.why {
            push(&mut out, &format!("{at}, why"), why.get_ref(), true);
        }
    }
    out
}

/// Every learner-facing text of the banks: rules with their basis, and every question.
fn all_pieces(banks: &[Bank]) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    for bank in banks {
        for r in &bank.rules {
            let id = r.id.get_ref();
            push(&mut out, &format!("rule {id}"), r.text.get_ref(), true);
            out.push(Piece {
                at: format!("rule {id}, basis"),
                lang: MAIN,
                text: r.basis.get_ref(),
                teaches: true,
            });
        }
        for q in &bank.questions {
            out.extend(question_pieces(q));
            for b in &q.basis {
                out.push(Piece {
                    at: format!("question {}, basis", q.id.get_ref()),
                    lang: MAIN,
                    text: b,
                    teaches: true,
                });
            }
        }
    }
    out
}

// Test that learners never read a source file's name ("artikel 004") or an English idiom the
// notes of rules.md replace, in either language, anywhere in the banks.
#[test]
fn no_source_names_or_literal_idioms() {
    const FORBIDDEN: &[&str] = &[
        "artikel 0",
        "article 0",
        "stand on two feet",
        "not with honour",
        "outside state responsibility",
        "ballot-number fingers",
        "safe conduct",
    ];
    let banks = shipped();
    let found: Vec<String> = all_pieces(&banks)
        .iter()
        .flat_map(|p| {
            let lower = p.text.to_lowercase();
            FORBIDDEN
                .iter()
                .filter(move |f| lower.contains(*f))
                .map(move |f| format!("{}: \"{f}\"", p.at))
        })
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

// Test that every legal basis is Indonesian citation text, with no English linking words.
#[test]
fn basis_lines_are_indonesian() {
    const ENGLISH: &[&str] = &[
        " and ",
        "formerly",
        "guidance",
        "amended",
        " for ",
        "statements",
        "duties",
        "role",
        "secret ballot",
        "article",
    ];
    let banks = shipped();
    let found: Vec<String> = all_pieces(&banks)
        .iter()
        .filter(|p| p.at.ends_with("basis"))
        .filter_map(|p| {
            let lower = p.text.to_lowercase();
            let hit: Vec<&&str> = ENGLISH.iter().filter(|w| lower.contains(**w)).collect();
            (!hit.is_empty()).then(|| format!("{}: {:?} in \"{}\"", p.at, hit, p.text))
        })
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// A disciplinary level named in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Level {
    Medium,
    Heavy,
}

/// The levels a text names. Indonesian "sedang" also means "currently" ("sedang cuti"), so it
/// counts as a level only after a word that introduces one, or at the start.
fn levels(text: &str, lang: &str) -> Vec<Level> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let level = match (lang, w.as_str()) {
            ("id", "berat") | ("en", "heavy") => Some(Level::Heavy),
            ("en", "medium") => Some(Level::Medium),
            ("id", "sedang") => {
                const BEFORE: &[&str] = &[
                    "pelanggaran",
                    "disiplin",
                    "hukuman",
                    "tingkat",
                    "adalah",
                    "tergolong",
                    "sanksi",
                ];
                (i == 0 || BEFORE.contains(&words[i - 1].as_str())).then_some(Level::Medium)
            }
            _ => None,
        };
        if let Some(l) = level
            && !out.contains(&l)
        {
            out.push(l);
        }
    }
    out
}

/// The clauses of a text: a level belongs to the clause that names it.
fn clauses(text: &str) -> impl Iterator<Item = &str> {
    text.split(['.', ';', '?', '!'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

fn any(text: &str, words: &[&str]) -> bool {
    let lower = text.to_lowercase();
    words.iter().any(|w| lower.contains(w))
}

/// Words for the acts whose level the notes of rules.md fix: attributes at a campaign are
/// medium (R10); official vehicles and other state facilities are heavy (R12), as are the
/// other acts of PP 94/2021 Pasal 14 huruf i.
struct Acts {
    attribute: &'static [&'static str],
    /// How a text calls something a civil-service attribute.
    civil_service_attribute: &'static [&'static str],
    vehicle: &'static [&'static str],
    facility: &'static [&'static str],
    heavy: &'static [&'static str],
    /// An R28-style split by time: "sedang sebelum penetapan calon, berat sesudahnya".
    split_by_time: &'static [&'static str],
    negation: &'static [&'static str],
}

fn acts(lang: &str) -> Acts {
    if lang == "en" {
        Acts {
            attribute: &["attribute", "uniform", "t-shirt", "badge"],
            civil_service_attribute: &["civil-service attribute", "pns attribute"],
            vehicle: &["official vehicle", "official car", "official motorcycle"],
            facility: &["state facilit"],
            heavy: &["mobilis", "ktp", "decision", "activit", "photo"],
            split_by_time: &["before candidates are set"],
            negation: &["not "],
        }
    } else {
        Acts {
            attribute: &["atribut", "seragam", "kaus", "tanda pengenal"],
            civil_service_attribute: &["atribut pns"],
            vehicle: &["kendaraan dinas", "mobil dinas", "motor dinas"],
            facility: &["fasilitas negara"],
            heavy: &[
                "mengerahkan",
                "dikerahkan",
                "pengerahan",
                "ktp",
                "keputusan",
                "kegiatan",
                "foto",
            ],
            split_by_time: &["sebelum penetapan"],
            negation: &["bukan "],
        }
    }
}

/// What is wrong with the levels in one clause of teaching text, if anything.
fn level_fault(clause: &str, lang: &str) -> Option<&'static str> {
    let a = acts(lang);
    let named = levels(clause, lang);
    let facility = any(clause, a.vehicle) || any(clause, a.facility);
    if named.len() > 1 && !any(clause, a.split_by_time) {
        return Some("names both levels in one clause, so the learner cannot tell which applies");
    }
    if any(clause, a.vehicle) && any(clause, a.civil_service_attribute) && !any(clause, a.negation)
    {
        return Some("calls an official vehicle an attribute (it is a state facility, R12)");
    }
    match named.first() {
        Some(Level::Heavy) if any(clause, a.attribute) && !facility && !any(clause, a.heavy) => {
            Some("calls an attribute heavy (attributes at a campaign are medium, R10)")
        }
        Some(Level::Medium) if facility => {
            Some("calls a state facility medium (state facilities are heavy, R12)")
        }
        _ => None,
    }
}

// Test that one act has one level: no clause of teaching text names both "sedang" and
// "berat" (except R28's split by time), attributes are never heavy nor vehicles attributes,
// and a question whose levelled rules all carry one level never teaches the other.
#[test]
fn one_level_per_act() {
    let banks = shipped();
    let mut faults = Vec::new();
    for p in all_pieces(&banks).iter().filter(|p| p.teaches) {
        for clause in clauses(p.text) {
            if let Some(fault) = level_fault(clause, p.lang) {
                faults.push(format!("{}: {fault}: \"{clause}\"", p.at));
            }
        }
    }
    for bank in &banks {
        let rule_levels: HashMap<&str, Vec<Level>> = bank
            .rules
            .iter()
            .map(|r| {
                let text = r.text.get_ref().get(MAIN, MAIN);
                (r.id.get_ref().as_str(), levels(text, MAIN))
            })
            .collect();
        for q in &bank.questions {
            let mut set: Vec<Level> = q
                .rules
                .iter()
                .filter_map(|r| rule_levels.get(r.get_ref().as_str()))
                .filter(|l| l.len() == 1)
                .map(|l| l[0])
                .collect();
            set.dedup();
            let [level] = set[..] else { continue };
            // Only what the question asserts: its explanation and its right answers. A wrong
            // choice such as "Pelanggaran sedang" is there to be wrong.
            for p in question_pieces(q) {
                let asserts = p.at.contains("explanation") || (p.teaches && !p.at.contains("why"));
                if asserts && levels(p.text, p.lang).iter().any(|l| *l != level) {
                    faults.push(format!(
                        "{}: its rules are all {level:?}, yet it says otherwise: \"{}\"",
                        p.at, p.text
                    ));
                }
            }
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

/// Whether Indonesian feedback says the choice is a violation: "pelanggaran" or "melanggar"
/// not negated ("tidak melanggar", "bukan pelanggaran") nor about avoiding or suspecting one.
fn says_violation(why: &str) -> bool {
    const NEGATING: &[&str] = &[
        "tidak",
        "bukan",
        "tanpa",
        "menghindari",
        "hindari",
        "mencegah",
        "dugaan",
    ];
    let words: Vec<String> = why
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        (w == "pelanggaran" || w == "melanggar")
            && !words[i.saturating_sub(3)..i]
                .iter()
                .any(|b| NEGATING.contains(&b.as_str()))
    })
}

// Test the heuristic itself on feedback of both sorts.
#[test]
fn violation_wording_is_recognised() {
    assert!(says_violation(
        "Tetap memakai fasilitas negara: pelanggaran berat."
    ));
    assert!(says_violation("Dengan begitu Anda melanggar larangan itu."));
    assert!(!says_violation(
        "Anda sendiri tidak melanggar, tetapi teguran pribadi lebih baik."
    ));
    assert!(!says_violation(
        "Anda membantu atasan menghindari pelanggaran berat."
    ));
    assert!(!says_violation("Bukan pelanggaran, tetapi kurang sopan."));
}

// Test that a weighted choice whose feedback calls it a violation is marked `violation = true`
// (and so, by the check's E034, is worth 0 points).
#[test]
fn weighted_violations_are_marked() {
    let banks = shipped();
    let mut unmarked = Vec::new();
    for q in banks.iter().flat_map(|b| &b.questions) {
        if *q.kind.get_ref() != Kind::Weighted {
            continue;
        }
        for (i, c) in q.choices.iter().enumerate() {
            let Some(why) = &c.why else { continue };
            if says_violation(why.get_ref().get(MAIN, MAIN)) && !q.is_violation(i) {
                unmarked.push(format!(
                    "question {}, choice {} ({} points): {}",
                    q.id.get_ref(),
                    q.choice_id(i),
                    q.points(i),
                    why.get_ref().get(MAIN, MAIN)
                ));
            }
            assert!(
                !q.is_violation(i) || q.points(i) == 0,
                "question {}: a violation worth points",
                q.id.get_ref()
            );
        }
    }
    assert!(unmarked.is_empty(), "{}", unmarked.join("\n"));
}

// Test the size issue 14 asks of the shipped banks: at least 150 questions, 45 of them
// weighted, all 48 rules taught by 2 to 8 questions each, every rule and question in both
// languages. (Passes once the new questions of issue 14 are merged.)
#[test]
fn bank_size_targets() {
    let banks = shipped();
    let questions: Vec<&Question> = banks.iter().flat_map(|b| &b.questions).collect();
    assert!(questions.len() >= 150, "{} questions", questions.len());
    let weighted = questions
        .iter()
        .filter(|q| *q.kind.get_ref() == Kind::Weighted)
        .count();
    assert!(weighted >= 45, "{weighted} weighted questions");
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for q in &questions {
        for r in &q.rules {
            *counts.entry(r.get_ref()).or_default() += 1;
        }
    }
    let rules: Vec<&str> = banks
        .iter()
        .flat_map(|b| b.rules.iter().map(|r| r.id.get_ref().as_str()))
        .collect();
    assert_eq!(rules.len(), 48);
    let off: Vec<String> = rules
        .iter()
        .map(|r| (r, counts.get(r).copied().unwrap_or(0)))
        .filter(|(_, n)| !(2..=8).contains(n))
        .map(|(r, n)| format!("{r}: {n}"))
        .collect();
    assert!(off.is_empty(), "rules outside 2-8 questions: {off:?}");
    let mut missing = Vec::new();
    for bank in &banks {
        for r in &bank.rules {
            for lang in ["id", "en"] {
                if !r.text.get_ref().has(lang, MAIN) {
                    missing.push(format!("rule {} ({lang})", r.id.get_ref()));
                }
            }
        }
    }
    for q in &questions {
        let mut texts: Vec<(&str, &Text)> = vec![("prompt", q.prompt.get_ref())];
        for (what, t) in [
            ("explanation", &q.explanation),
            ("why_true", &q.why_true),
            ("why_false", &q.why_false),
        ] {
            texts.extend(t.as_ref().map(|t| (what, t.get_ref())));
        }
        for c in &q.choices {
            texts.push(("choice", c.text.get_ref()));
            texts.extend(c.why.as_ref().map(|w| ("why", w.get_ref())));
        }
        for (what, t) in texts {
            for lang in ["id", "en"] {
                if !t.has(lang, MAIN) {
                    missing.push(format!("question {} {what} ({lang})", q.id.get_ref()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "not in both languages: {missing:?}");
}

// Test the R09 correction of issue 21: rules.md now gives taking part in a campaign the
// medium level (S), so no teaching text may say the regulation sets no level for it.
#[test]
fn no_text_denies_the_r09_level() {
    let banks = shipped();
    let found: Vec<String> = all_pieces(&banks)
        .iter()
        .filter(|p| p.teaches)
        .filter_map(|p| {
            denies_a_level(p.text).map(|w| format!("{}: \"{w}\" in \"{}\"", p.at, p.text))
        })
        .collect();
    assert!(
        found.is_empty(),
        "R09 gives ikut kampanye the medium level (sedang, S); never write that the regulation sets none:\n{}",
        found.join("\n")
    );
}

/// The words of a text that say a regulation sets no disciplinary level, if any.
fn denies_a_level(text: &str) -> Option<&'static str> {
    const DENIALS: &[&str] = &[
        "tidak mengatur tingkat",
        "tidak menetapkan tingkat",
        "tanpa tingkat hukuman",
        "sets no level",
        "set no level",
        "sets no disciplinary level",
        "does not set a level",
        "does not set any level",
        "no level is set",
    ];
    let lower = text.to_lowercase();
    if let Some(d) = DENIALS.iter().find(|d| lower.contains(*d)) {
        return Some(d);
    }
    // "Tingkat hukuman untuk sekadar hadir tidak diatur": the level named, then denied,
    // within one clause.
    clauses(&lower)
        .any(|c| {
            c.find("tingkat").is_some_and(|i| {
                c[i..].contains("tidak diatur") || c[i..].contains("tidak ditetapkan")
            })
        })
        .then_some("tingkat … tidak diatur")
}

// Test the heuristic on the wordings the old bank used and on the corrected ones.
#[test]
fn level_denials_are_recognised() {
    for old in [
        "PP 94/2021 tidak mengatur tingkat hukuman untuk sekadar hadir.",
        "Tingkat hukuman untuk sekadar hadir tidak diatur; dukungan aktif menjadikannya pelanggaran.",
        "PP 94/2021 melarangnya, tetapi tidak menetapkan tingkat hukuman untuk sekadar hadir.",
        "The regulation sets no level for plain attendance.",
    ] {
        assert!(denies_a_level(old).is_some(), "{old}");
    }
    for new in [
        "Menurut pembacaan PP 94/2021 yang beredar, perbuatan ini diancam hukuman disiplin sedang.",
        "Tingkat hukumannya mengikuti PP 94/2021 untuk perbuatan itu.",
        "Reported readings of PP 94/2021 place this act under the medium (sedang) level.",
    ] {
        assert_eq!(denies_a_level(new), None, "{new}");
    }
}

/// What is wrong with the way a text writes rupiah amounts, if anything: "Rp600 ribu" or
/// "Rp600 thousand" instead of the figure, a space after "Rp", or the other language's
/// thousands separator (Rp600.000 in Indonesian, Rp600,000 in English).
fn amount_fault(text: &str, lang: &str) -> Option<String> {
    for (i, _) in text.match_indices("Rp") {
        let rest = &text[i + 2..];
        let digits_at = rest.len() - rest.trim_start().len();
        let figure: String = rest[digits_at..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .collect();
        let figure = figure.trim_end_matches(['.', ',']);
        if figure.is_empty() {
            continue;
        }
        let shown = format!("Rp{}", &rest[..digits_at + figure.len()]);
        if digits_at > 0 {
            return Some(format!("\"{shown}\": no space after Rp (Rp600.000)"));
        }
        let next = rest[figure.len()..]
            .trim_start()
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase();
        if ["ribu", "rb", "thousand", "k"].contains(&next.as_str()) {
            return Some(format!(
                "\"{shown} {next}\": write the figure (Rp600.000 / Rp600,000)"
            ));
        }
        let wrong_separator = if lang == "en" { '.' } else { ',' };
        let grouped = figure
            .split(wrong_separator)
            .skip(1)
            .any(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
        if grouped {
            return Some(format!(
                "\"{shown}\": thousands are grouped with {} in this language",
                if lang == "en" { "commas" } else { "dots" }
            ));
        }
    }
    None
}

// Test the rupiah amounts of the banks (issue 21, R38): never "Rp600 ribu"/"Rp600 thousand",
// the figure in each language's own grouping, and the Pilkada penalty, where a rule, an
// explanation or a right answer states it, as prison "dan/atau" a fine.
#[test]
fn rupiah_amounts_are_written_out() {
    let banks = shipped();
    let mut faults: Vec<String> = all_pieces(&banks)
        .iter()
        .filter_map(|p| amount_fault(p.text, p.lang).map(|f| format!("{}: {f}", p.at)))
        .collect();
    let states_the_penalty = |p: &&Piece| p.teaches && !p.at.contains("why");
    for p in all_pieces(&banks).iter().filter(states_the_penalty) {
        let and_or = if p.lang == "en" { "and/or" } else { "dan/atau" };
        if p.text.contains("Rp600") && !p.text.contains(and_or) {
            faults.push(format!(
                "{}: the Pilkada penalty is prison \"{and_or}\" a fine (R38): \"{}\"",
                p.at, p.text
            ));
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

// Test the amount heuristic on right and wrong spellings.
#[test]
fn amount_spellings_are_recognised() {
    for (text, lang) in [
        ("denda Rp600 ribu sampai Rp6 juta", "id"),
        ("a fine of Rp600 thousand", "en"),
        ("denda Rp 600.000", "id"),
        ("a fine of Rp600.000", "en"),
        ("denda Rp600,000", "id"),
        ("Rp600rb", "id"),
    ] {
        assert!(amount_fault(text, lang).is_some(), "{text}");
    }
    for (text, lang) in [
        ("denda Rp600.000 - Rp6.000.000.", "id"),
        ("a fine of Rp600,000 - Rp6,000,000.", "en"),
        ("denda paling banyak Rp12 juta", "id"),
        ("a fine of up to Rp12 million.", "en"),
    ] {
        assert_eq!(amount_fault(text, lang), None, "{text}");
    }
}

/// The faults of the "PPK"s in one text. `unit` is every text the learner reads with it in
/// that language (the question's texts and its rules' texts, or the rule's own text). PPK is
/// both the sub-district election committee (Panitia Pemilihan Kecamatan) and the appointing
/// official (Pejabat Pembina Kepegawaian): the committee is written "PPK kecamatan" with its
/// name spelled out, and the official is spelled out somewhere in what the learner reads.
fn ppk_faults(text: &str, unit: &str) -> Vec<String> {
    let unit = unit.to_lowercase();
    let mut out = Vec::new();
    for (i, _) in text.match_indices("PPK") {
        let before = text[..i].chars().next_back();
        let rest = &text[i + 3..];
        if before.is_some_and(char::is_alphanumeric)
            || rest.chars().next().is_some_and(char::is_alphanumeric)
        {
            continue; // PPPK, or part of another word
        }
        let kecamatan = rest.starts_with(" kecamatan");
        // "PPK, PPS, atau KPPS": the election committees listed together.
        let listed = rest
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .find(|w| !["atau", "dan", "or", "and"].contains(w))
            .is_some_and(|w| w == "PPS" || w == "KPPS");
        if kecamatan || listed {
            if !kecamatan || !unit.contains("panitia pemilihan kecamatan") {
                out.push(
                    "the election committee must read \"PPK kecamatan (Panitia Pemilihan Kecamatan)\""
                        .to_owned(),
                );
            }
        } else if !unit.contains("pejabat pembina kepegawaian")
            && !unit.contains("appointing official")
        {
            out.push(
                "a PPK that is neither \"PPK kecamatan\" nor spelled out as the appointing official (pejabat pembina kepegawaian)"
                    .to_owned(),
            );
        }
    }
    out
}

// Test that every "PPK" says which one it is (issue 21): the election committee as "PPK
// kecamatan (Panitia Pemilihan Kecamatan)", the appointing official spelled out.
#[test]
fn every_ppk_says_which() {
    let banks = shipped();
    let mut faults = Vec::new();
    for bank in &banks {
        let rules: HashMap<&str, &Text> = bank
            .rules
            .iter()
            .map(|r| (r.id.get_ref().as_str(), r.text.get_ref()))
            .collect();
        for r in &bank.rules {
            for (lang, text) in r.text.get_ref().entries(MAIN) {
                for f in ppk_faults(text, text) {
                    faults.push(format!("rule {} ({lang}): {f}: \"{text}\"", r.id.get_ref()));
                }
            }
        }
        for q in &bank.questions {
            let pieces = question_pieces(q);
            for lang in ["id", "en"] {
                let mut unit: Vec<&str> = pieces
                    .iter()
                    .filter(|p| p.lang == lang)
                    .map(|p| p.text)
                    .collect();
                unit.extend(
                    q.rules
                        .iter()
                        .filter_map(|r| rules.get(r.get_ref().as_str()))
                        .map(|t| t.get(lang, MAIN)),
                );
                let unit = unit.join("\n");
                for p in pieces.iter().filter(|p| p.lang == lang) {
                    for f in ppk_faults(p.text, &unit) {
                        faults.push(format!("{}: {f}: \"{}\"", p.at, p.text));
                    }
                }
            }
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

// Test the PPK heuristic on both meanings, spelled out and not.
#[test]
fn ppk_meanings_are_recognised() {
    let bad = "ASN boleh menjadi anggota PPK, PPS, atau KPPS.";
    assert_eq!(ppk_faults(bad, bad).len(), 1);
    let bad = "An ad-hoc election body (PPK, PPS, KPPS).";
    assert_eq!(ppk_faults(bad, bad).len(), 1);
    let bad = "Pernyataan terbuka atau tertutup oleh PPK.";
    assert_eq!(ppk_faults(bad, bad).len(), 1);
    let bad = "Anggota PPK kecamatan atau PPS.";
    assert_eq!(
        ppk_faults(bad, bad).len(),
        1,
        "committee named but not spelled out"
    );
    let good = "Anggota PPK kecamatan (Panitia Pemilihan Kecamatan), PPS, atau KPPS.";
    assert!(ppk_faults(good, good).is_empty());
    let good = "Izin tertulis pejabat pembina kepegawaian (PPK); izin PPK diperlukan.";
    assert!(ppk_faults(good, good).is_empty());
    assert!(ppk_faults("Izin PPK.", "Izin PPK. The appointing official (PPK).").is_empty());
    assert!(ppk_faults("PNS dan PPPK.", "PNS dan PPPK.").is_empty());
}

/// The blind-guessing records `kuis check --format json` gives for the shipped banks: one per
/// bank and language, beside the diagnostics.
fn testwise_records() -> Vec<serde_json::Value> {
    let out = super::kuis()
        .args(["check", "--format", "json", "quizzes/"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("each line is JSON"))
        .filter(|r| r.get("testwise").is_some())
        .collect()
}

/// What is wrong with one record of `kuis check`'s blind-guessing figures, measured against the
/// targets of issue 21: no strategy more than 10 points above random; the key the longest
/// choice in at most 35% of single and weighted questions and the first in file order in at
/// most 35% of the questions with choices; true/false answers 40-60% true; at most 4 multiple
/// questions with all but one choice right.
fn testwise_faults(record: &serde_json::Value) -> Vec<String> {
    let at = format!(
        "{} ({})",
        record["bank"].as_str().unwrap_or("?"),
        record["lang"].as_str().unwrap_or("?")
    );
    let figure = |k: &str| record["testwise"][k].as_f64().unwrap();
    let count = |k: &str| record["cues"][k].as_u64().unwrap() as f64;
    let share = |part: &str, whole: &str| 100.0 * count(part) / count(whole).max(1.0);
    let random = figure("random");
    let mut faults: Vec<String> = ["longest", "first", "no-absolute"]
        .into_iter()
        .filter(|s| figure(s) > random + 10.0)
        .map(|s| format!("{at}: `{s}` earns {}%, random {random}%", figure(s)))
        .collect();
    let longest = share("key_longest", "single_weighted");
    if longest > 35.0 {
        faults.push(format!(
            "{at}: the key is the longest choice in {longest:.1}%"
        ));
    }
    let first = share("key_first", "single_weighted");
    if first > 35.0 {
        faults.push(format!("{at}: the key is the first choice in {first:.1}%"));
    }
    let yes = share("true_answers", "true_false");
    if !(40.0..=60.0).contains(&yes) {
        faults.push(format!("{at}: {yes:.1}% of true/false answers are true"));
    }
    if count("all_but_one_right") > 4.0 {
        faults.push(format!(
            "{at}: {} multiple questions have all but one choice right",
            count("all_but_one_right")
        ));
    }
    faults
}

// Test that a learner who knows nothing cannot pass the shipped banks by reading how the
// questions are written (issue 21's targets, from `kuis check --format json`), in every
// language of every bank.
#[test]
fn no_blind_pass() {
    let records = testwise_records();
    let expected: usize = shipped()
        .iter()
        .map(|b| b.bank.languages.get_ref().len())
        .sum();
    assert_eq!(records.len(), expected, "one record per bank and language");
    let faults: Vec<String> = records.iter().flat_map(testwise_faults).collect();
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

// Test the target check itself: a record with every cue of issue 20 fails on each of them,
// and one inside every bound passes.
#[test]
fn blind_pass_targets_are_enforced() {
    let record = |longest: f64, key_longest: u64, true_answers: u64, all_but_one: u64| {
        serde_json::json!({
            "bank": "b", "lang": "id",
            "testwise": {"longest": longest, "first": 40.0, "no-absolute": 30.0, "random": 35.0},
            "cues": {"single_weighted": 20, "key_longest": key_longest, "true_false": 10,
                     "true_answers": true_answers, "with_choices": 20, "key_first": 7,
                     "multiple": 6, "all_but_one_right": all_but_one}
        })
    };
    assert!(testwise_faults(&record(45.0, 7, 4, 4)).is_empty());
    assert_eq!(testwise_faults(&record(70.0, 15, 2, 5)).len(), 4);
}

// Test that absolute words (hanya, selalu, semua …; only, always, all …) stand in right
// answers about as often as in wrong ones, so avoiding them is no strategy: per bank and
// language, the shares differ by at most 5 points.
#[test]
fn absolute_words_do_not_mark_distractors() {
    use kuis::bank::testwise::has_absolute;
    let mut faults = Vec::new();
    for bank in shipped() {
        let main = bank.bank.main_language();
        for lang in bank.bank.languages.get_ref() {
            // [keys, keys with an absolute word, distractors, distractors with one]
            let mut n = [0usize; 4];
            for q in &bank.questions {
                for (i, c) in q.choices.iter().enumerate() {
                    let absolute = has_absolute(c.text.get_ref().get(lang, main), lang);
                    let at = if is_right(q, i) { 0 } else { 2 };
                    n[at] += 1;
                    n[at + 1] += usize::from(absolute);
                }
            }
            let keys = 100.0 * n[1] as f64 / n[0].max(1) as f64;
            let distractors = 100.0 * n[3] as f64 / n[2].max(1) as f64;
            if (keys - distractors).abs() > 5.0 {
                faults.push(format!(
                    "{} ({lang}): absolute words in {keys:.1}% of keys, {distractors:.1}% of distractors",
                    bank.bank.id.get_ref()
                ));
            }
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}
