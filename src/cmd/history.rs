//! `kuis history`: a learner's attempts (or everyone's, grouped by person), newest first, in
//! local time, and per bank the trend of each topic by its title.

use std::fmt::Write;

use crate::cli::{Format, HistoryArgs};
use crate::error::{Failure, Result};
use crate::i18n::Lang;
use crate::results::attempt::Attempt;
use crate::results::filter::Filter;
use crate::results::history::{by_person, trends};
use crate::results::when::{local_time, zone_name};

use super::{Ctx, emit, nobody, open_store, text_banks, time_zone, who};

/// Show the history.
pub fn run(args: &HistoryArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    let who = if args.all {
        None
    } else {
        Some(who(&args.name, &args.nip).ok_or_else(|| nobody(lang))?)
    };
    let tz = time_zone(args.tz.as_deref(), lang)?;
    let (banks, chosen) = text_banks(&args.with_bank, ctx)?;
    let store = open_store(&args.store)?;
    let mut attempts = store.attempts(&Filter {
        who,
        banks: if args.bank.is_empty() {
            chosen
        } else {
            args.bank.clone()
        },
        room: args.room.clone(),
        ..Filter::default()
    })?;
    if args.format == Format::Json {
        attempts.reverse();
        let mut json =
            serde_json::to_vec_pretty(&attempts).map_err(|e| Failure::Io(e.to_string()))?;
        json.push(b'\n');
        return emit(None, &json);
    }
    if attempts.is_empty() {
        eprintln!(
            "{}",
            lang.pick("Belum ada percobaan tersimpan.", "No attempts saved yet.")
        );
        return Ok(());
    }
    let mut out = lang.pick(
        format!("Waktu dalam zona {}.\n", zone_name(&tz)),
        format!("Times in {}.\n", zone_name(&tz)),
    );
    // One learner's history is one group, whatever mix of name and NIP their attempts carry.
    let groups = if args.all {
        by_person(attempts)
    } else {
        vec![attempts]
    };
    for person in groups {
        if args.all {
            let p = &person[0].participant;
            let who = format!(
                "{}{}{}",
                p.name.as_deref().unwrap_or("?"),
                p.nip
                    .as_deref()
                    .map_or(String::new(), |n| format!(", NIP {n}")),
                p.unit
                    .as_deref()
                    .map_or(String::new(), |u| format!(", {u}"))
            );
            // Stored words, shown so that none drives the terminal.
            let _ = writeln!(out, "\n== {}", crate::words::shown(&who));
        }
        out += &person_history(&person, &banks, &tz, lang);
    }
    emit(None, out.as_bytes())
}

/// One person's attempts, newest first, then a trend per bank.
fn person_history(
    attempts: &[Attempt],
    banks: &[crate::bank::Bank],
    tz: &jiff::tz::TimeZone,
    lang: Lang,
) -> String {
    let mut table = crate::table::table(vec![
        lang.pick("Selesai", "Finished"),
        lang.pick("Nama", "Name"),
        "Bank",
        "Mode",
        lang.pick("Skor", "Score"),
        lang.pick("Lulus", "Passed"),
        lang.pick("Status", "Status"),
    ]);
    for a in attempts.iter().rev() {
        crate::table::add_row(
            &mut table,
            [
                local_time(&a.finished, tz, lang),
                a.participant.name.clone().unwrap_or_default(),
                a.bank.id.clone(),
                lang.mode(&a.mode).to_owned(),
                format!("{}%", lang.decimal(a.percent, 1)),
                lang.passed(a.passed).to_owned(),
                match a.ending.as_str() {
                    "completed" => lang.pick("selesai", "completed"),
                    "time-up" => lang.pick("waktu habis", "time up"),
                    _ => lang.pick("terputus", "interrupted"),
                }
                .to_owned(),
            ],
        );
    }
    // Times never break inside.
    crate::table::keep_whole(&mut table, &[0]);
    let mut out = format!("{}\n", crate::table::draw(table));
    for trend in trends(attempts) {
        let bank = banks.iter().find(|b| *b.bank.id.get_ref() == trend.bank);
        let main = bank.map_or("id", |b| b.bank.main_language());
        let title = |topic: &str| {
            bank.and_then(|b| b.topics.iter().find(|t| t.id.get_ref() == topic))
                .map_or(topic.to_owned(), |t| {
                    t.title.get_ref().get(lang.code(), main).to_owned()
                })
        };
        let heading = lang.pick(
            format!(
                "Tren per topik, bank {} (lama → baru; ulangan dan percobaan yang tidak selesai tidak dihitung):",
                trend.bank
            ),
            format!(
                "Trend per topic, bank {} (oldest → newest; review rounds and incomplete attempts left out):",
                trend.bank
            ),
        );
        let _ = writeln!(out, "\n{}", crate::table::fit(&heading));
        // In the bank's order of topics when the bank is at hand, else by id.
        let mut topics: Vec<(&String, &Vec<f64>)> = trend.topics.iter().collect();
        topics.sort_by_key(|(topic, _)| {
            bank.and_then(|b| b.topics.iter().position(|t| t.id.get_ref() == *topic))
                .unwrap_or(usize::MAX)
        });
        for (topic, scores) in topics {
            // The last six points are what a learner can take in at a glance.
            let shown: Vec<String> = scores
                .iter()
                .rev()
                .take(6)
                .rev()
                .map(|p| format!("{}%", lang.decimal(*p, 0)))
                .collect();
            let _ = writeln!(out, "  {}: {}", title(topic), shown.join(" → "));
        }
        if trend.reviews + trend.incomplete > 0 {
            let _ = writeln!(
                out,
                "  {}",
                lang.pick(
                    format!(
                        "Putaran ulangan: {}; percobaan tidak selesai: {}",
                        trend.reviews, trend.incomplete
                    ),
                    format!(
                        "Review rounds: {}; incomplete attempts: {}",
                        trend.reviews, trend.incomplete
                    ),
                )
            );
        }
    }
    out
}
