//! `kuis history`: a learner's attempts, newest first, and the trend per topic.

use crate::cli::{Format, HistoryArgs};
use crate::error::{Failure, Result};
use crate::results::filter::Filter;
use crate::results::history::topic_trend;

use super::{Ctx, emit, nobody, open_store, who};

/// Show the history.
pub fn run(args: &HistoryArgs, ctx: &Ctx) -> Result {
    let lang = ctx.lang;
    let who = if args.all {
        None
    } else {
        Some(who(&args.name, &args.nip).ok_or_else(|| nobody(lang))?)
    };
    let store = open_store(&args.store)?;
    let mut attempts = store
        .attempts(&Filter {
            who,
            ..Filter::default()
        })
        .map_err(|e| Failure::Io(e.to_string()))?;
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
    let trend = topic_trend(&attempts);
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
        table.add_row(vec![
            a.finished.clone(),
            a.participant.name.clone().unwrap_or_default(),
            a.bank.id.clone(),
            lang.mode(&a.mode).to_owned(),
            format!("{:.1}%", a.percent),
            lang.passed(a.passed).to_owned(),
            match a.ending.as_str() {
                "completed" => lang.pick("selesai", "completed"),
                "time-up" => lang.pick("waktu habis", "time up"),
                _ => lang.pick("terputus", "interrupted"),
            }
            .to_owned(),
        ]);
    }
    let mut out = format!(
        "{table}\n\n{}\n",
        lang.pick(
            "Tren per topik (lama → baru):",
            "Trend per topic (oldest → newest):"
        )
    );
    for (topic, scores) in trend {
        // The last six points are what a learner can take in at a glance.
        let shown: Vec<String> = scores
            .iter()
            .rev()
            .take(6)
            .rev()
            .map(|p| format!("{p:.0}%"))
            .collect();
        out += &format!("  {topic}: {}\n", shown.join(" → "));
    }
    emit(None, out.as_bytes())
}
