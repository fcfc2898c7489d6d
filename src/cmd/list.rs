//! `kuis list`: a table of what banks hold, or the same as JSON.

use crate::table::table;

use crate::bank::summary::{Summary, summarize};
use crate::cli::{Format, ListArgs};
use crate::error::{Failure, Result};

use super::{Ctx, emit, load_banks};

/// List the banks; exit 1 when a bank does not load (3 when it cannot be read).
pub fn run(args: &ListArgs, ctx: &Ctx) -> Result {
    let set = load_banks(&args.paths, ctx.lang);
    super::loaded(&set, ctx)?;
    let banks: Vec<_> = set.loaded.iter().map(|l| &l.bank).collect();
    let summary = summarize(&banks, ctx.lang.code());
    match args.format {
        Format::Json => {
            let json =
                serde_json::to_string_pretty(&summary).map_err(|e| Failure::Io(e.to_string()))?;
            emit(None, format!("{json}\n").as_bytes())?;
        }
        Format::Human => emit(None, human(&summary, ctx).as_bytes())?,
    }
    Ok(())
}

fn human(s: &Summary, ctx: &Ctx) -> String {
    let l = ctx.lang;
    let mut out = String::new();
    for b in &s.banks {
        // A bank file's words, shown so that none drives the terminal (as the tables below).
        let line = format!("{} {} — {}", b.id, b.version, b.title);
        out += &format!(
            "{} ({} {})\n",
            crate::words::shown(&line),
            b.questions,
            l.pick("soal", "questions")
        );
    }
    out.push('\n');
    let mut topics = table(vec![
        l.pick("Topik", "Topic"),
        l.pick("Judul", "Title"),
        "single",
        "multiple",
        "true-false",
        "weighted",
        l.pick("Jumlah", "Total"),
    ]);
    for t in &s.topics {
        crate::table::add_row(
            &mut topics,
            [
                t.id.clone(),
                t.title.clone(),
                t.single.to_string(),
                t.multiple.to_string(),
                t.true_false.to_string(),
                t.weighted.to_string(),
                t.total.to_string(),
            ],
        );
    }
    out += &format!("{}\n\n", crate::table::draw(topics));
    if !s.rules.is_empty() {
        let mut rules = table(vec![
            l.pick("Aturan", "Rule"),
            l.pick("Dasar hukum", "Legal basis"),
            l.pick("Soal", "Questions"),
        ]);
        for r in &s.rules {
            let count = if r.questions == 0 {
                l.pick("0 ← belum ada soal", "0 ← no questions").to_owned()
            } else {
                r.questions.to_string()
            };
            crate::table::add_row(&mut rules, [r.id.clone(), r.basis.clone(), count]);
        }
        out += &format!("{}\n\n", crate::table::draw(rules));
        let uncovered = s.rules.iter().filter(|r| r.questions == 0).count();
        let thin = s.rules.iter().filter(|r| r.questions == 1).count();
        out += &l.pick(
            format!(
                "{} aturan; {uncovered} tanpa soal, {thin} dengan satu soal saja.\n",
                s.rules.len()
            ),
            format!(
                "{} rules; {uncovered} with no question, {thin} with only one.\n",
                s.rules.len()
            ),
        );
    }
    for lang in &s.languages {
        out += &l.pick(
            format!(
                "Bahasa {}: {}/{} teks ({:.0}%)\n",
                lang.lang, lang.written, lang.fields, lang.percent
            ),
            format!(
                "Language {}: {}/{} texts ({:.0}%)\n",
                lang.lang, lang.written, lang.fields, lang.percent
            ),
        );
    }
    out
}
