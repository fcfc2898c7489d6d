//! The report as terminal tables, CSV, JSON, or one self-contained HTML file with SVG charts.

use std::fmt::Write;

use crate::table::table;

use crate::i18n::Lang;

use super::Report;

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn opt(x: Option<f64>, digits: usize) -> String {
    x.map_or("—".to_owned(), |v| format!("{v:.digits$}"))
}

/// Short labels shared by the terminal and HTML renderings.
struct Labels {
    test: &'static str,
    questions: &'static str,
    rules: &'static str,
    topics: &'static str,
    people: &'static str,
    units: &'static str,
    facility: &'static str,
    discrimination: &'static str,
    efficiency: &'static str,
    flag: &'static str,
    mean: &'static str,
    answers: &'static str,
    review: &'static str,
}

fn labels(lang: Lang) -> Labels {
    Labels {
        test: lang.pick("Ringkasan tes", "Test summary"),
        questions: lang.pick("Soal", "Questions"),
        rules: lang.pick(
            "Aturan (yang paling sering salah lebih dulu)",
            "Rules (most missed first)",
        ),
        topics: lang.pick(
            "Topik (yang paling sering salah lebih dulu)",
            "Topics (most missed first)",
        ),
        people: lang.pick("Peserta", "Participants"),
        units: lang.pick("Unit kerja", "Work units"),
        facility: lang.pick("Fasilitas", "Facility"),
        discrimination: lang.pick("Daya beda", "Discrimination"),
        efficiency: lang.pick("Efisiensi", "Efficiency"),
        flag: lang.pick("Tinjau", "Review"),
        mean: lang.pick("Rata-rata", "Mean"),
        answers: lang.pick("Jawaban", "Answers"),
        review: lang.pick(
            "⚑ = tinjau soal ini: fasilitas < 30% atau daya beda < 0,20",
            "⚑ = review this question: facility < 30% or discrimination < 0.20",
        ),
    }
}

/// Test-level lines: (label, value).
fn test_lines(r: &Report, lang: Lang) -> Vec<(&'static str, String)> {
    let t = &r.test;
    vec![
        (
            lang.pick("Percobaan dianalisis", "Attempts analysed"),
            format!(
                "{} ({} {})",
                t.n,
                t.excluded,
                lang.pick(
                    "tidak dihitung: tidak selesai atau ulangan",
                    "left out: incomplete or review"
                )
            ),
        ),
        (lang.pick("Lulus", "Passed"), t.passed.to_string()),
        (lang.pick("Rata-rata", "Mean"), opt(t.mean, 1) + "%"),
        (lang.pick("Median", "Median"), opt(t.median, 1) + "%"),
        (
            lang.pick("Simpangan baku", "Standard deviation"),
            opt(t.sd, 1),
        ),
        (lang.pick("Kemencengan", "Skewness"), opt(t.skewness, 3)),
        (lang.pick("Keruncingan", "Kurtosis"), opt(t.kurtosis, 3)),
        (
            lang.pick(
                "Konsistensi internal (alpha Cronbach)",
                "Internal consistency (Cronbach's alpha)",
            ),
            format!(
                "{} ({} {})",
                opt(t.alpha, 3),
                t.alpha_items,
                lang.pick("soal yang sama", "common questions")
            ),
        ),
        (
            lang.pick("Rasio galat", "Error ratio"),
            opt(t.error_ratio, 3),
        ),
        (
            lang.pick("Galat baku", "Standard error"),
            opt(t.standard_error, 1),
        ),
    ]
}

/// Tables for the terminal.
pub fn human(r: &Report, lang: Lang) -> String {
    let l = labels(lang);
    let mut out = String::new();
    let _ = writeln!(out, "{}", l.test);
    for (label, value) in test_lines(r, lang) {
        let _ = writeln!(out, "  {label}: {value}");
    }
    let _ = writeln!(out, "\n{}", l.questions);
    let mut q = table(vec![
        "id",
        "n",
        l.facility,
        "SD",
        l.discrimination,
        l.efficiency,
        l.flag,
    ]);
    for s in &r.questions {
        q.add_row(vec![
            s.id.clone(),
            s.n.to_string(),
            pct(s.facility),
            s.sd.map_or("—".into(), pct),
            opt(s.discrimination, 2),
            opt(s.efficiency, 2),
            if s.flags.is_empty() {
                String::new()
            } else {
                "⚑".into()
            },
        ]);
    }
    let _ = writeln!(out, "{q}\n{}", l.review);
    for (title, rows) in [(l.rules, &r.rules), (l.topics, &r.topics)] {
        let _ = writeln!(out, "\n{title}");
        let mut t = table(vec!["id", l.mean, l.answers, ""]);
        for g in rows {
            t.add_row(vec![
                g.id.clone(),
                pct(g.mean),
                g.answers.to_string(),
                g.title.clone().unwrap_or_default(),
            ]);
        }
        let _ = writeln!(out, "{t}");
    }
    let _ = writeln!(out, "\n{}", l.people);
    let mut p = table(vec![
        lang.pick("Nama", "Name"),
        "NIP",
        "Unit",
        lang.pick("Percobaan", "Attempts"),
        lang.pick("Terbaik", "Best"),
        lang.pick("Lulus", "Passed"),
        lang.pick("Terakhir", "Last"),
    ]);
    for row in &r.participants {
        p.add_row(vec![
            row.name.clone(),
            row.nip.clone(),
            row.unit.clone(),
            row.attempts.to_string(),
            format!("{:.0}%", row.best),
            lang.passed(row.passed).to_owned(),
            row.last.clone(),
        ]);
    }
    let _ = writeln!(out, "{p}\n\n{}", l.units);
    let mut u = table(vec![
        "Unit",
        lang.pick("Peserta", "Participants"),
        lang.pick("Lulus", "Passed"),
        "%",
    ]);
    for row in &r.units {
        u.add_row(vec![
            row.unit.clone(),
            row.participants.to_string(),
            row.passed.to_string(),
            pct(row.pass_rate),
        ]);
    }
    let _ = writeln!(out, "{u}");
    out
}

/// One CSV row per question.
pub fn csv(r: &Report) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let num = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:.4}"));
    w.write_record([
        "id",
        "topic",
        "kind",
        "n",
        "facility",
        "sd",
        "discrimination",
        "efficiency",
        "flags",
        "prompt",
    ])
    .map_err(|e| e.to_string())?;
    for q in &r.questions {
        w.write_record([
            crate::results::export::neutralize(&q.id).as_ref(),
            crate::results::export::neutralize(&q.topic).as_ref(),
            q.kind.as_str(),
            &q.n.to_string(),
            &format!("{:.4}", q.facility),
            &num(q.sd),
            &num(q.discrimination),
            &num(q.efficiency),
            &q.flags.join(";"),
            crate::results::export::neutralize(q.prompt.as_deref().unwrap_or("")).as_ref(),
        ])
        .map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// Escape text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A vertical bar chart of the score histogram.
fn histogram_svg(r: &Report, lang: Lang) -> String {
    let max = r.histogram.iter().copied().max().unwrap_or(0).max(1);
    let (w, h, bar) = (420, 160, 36);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"histogram\" width=\"{w}\" height=\"{}\" role=\"img\"><title>{}</title>",
        h + 30,
        escape(lang.pick("Sebaran skor", "Score distribution"))
    );
    for (i, count) in r.histogram.iter().enumerate() {
        let height = count * h / max;
        let x = 10 + i * (bar + 4);
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{}\" width=\"{bar}\" height=\"{height}\" fill=\"#2b6cb0\"><title>{}–{}%: {count}</title></rect><text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
            h - height,
            i * 10,
            i * 10 + 9 + usize::from(i == 9),
            x + bar / 2,
            h + 14,
            i * 10
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars: each rule's mean score.
fn rules_svg(r: &Report, lang: Lang) -> String {
    let row = 18;
    let height = r.rules.len() * row + 10;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"rules\" width=\"520\" height=\"{height}\" role=\"img\"><title>{}</title>",
        escape(lang.pick("Skor rata-rata per aturan", "Mean score per rule"))
    );
    for (i, g) in r.rules.iter().enumerate() {
        let y = 5 + i * row;
        let width = (g.mean * 400.0).round() as usize;
        let color = if g.mean < 0.5 {
            "#c53030"
        } else if g.mean < 0.8 {
            "#d69e2e"
        } else {
            "#2f855a"
        };
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"11\">{}</text><rect x=\"60\" y=\"{y}\" width=\"{width}\" height=\"{}\" fill=\"{color}\"><title>{}</title></rect><text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
            y + 12,
            escape(&g.id),
            row - 4,
            escape(g.title.as_deref().unwrap_or(&g.id)),
            66 + width,
            y + 12,
            pct(g.mean)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One self-contained HTML page: styles inline, charts as inline SVG, no scripts, no links
/// out, so a trainer can email it.
pub fn html(r: &Report, title: &str, lang: Lang) -> String {
    let l = labels(lang);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n<style>\
body{{font-family:system-ui,sans-serif;margin:2em;color:#1a202c}}table{{border-collapse:collapse;margin:1em 0}}\
td,th{{border:1px solid #cbd5e0;padding:.3em .6em;text-align:left}}th{{background:#edf2f7}}\
.flag{{color:#c53030;font-weight:bold}}\
</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        lang.code(),
        escape(title),
        escape(title)
    );
    let _ = write!(out, "<h2>{}</h2>\n<table>\n", escape(l.test));
    for (label, value) in test_lines(r, lang) {
        let _ = writeln!(
            out,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape(label),
            escape(&value)
        );
    }
    let _ = write!(out, "</table>\n{}\n", histogram_svg(r, lang));
    let _ = write!(
        out,
        "<h2>{}</h2>\n<table>\n<tr><th>id</th><th>n</th><th>{}</th><th>SD</th><th>{}</th><th>{}</th><th>{}</th><th></th></tr>\n",
        escape(l.questions),
        escape(l.facility),
        escape(l.discrimination),
        escape(l.efficiency),
        escape(l.flag)
    );
    for q in &r.questions {
        let choices: Vec<String> = q
            .choices
            .iter()
            .map(|c| {
                // A true-false item's choices are "true" and "false": words, in the UI language.
                let id = match c.id.as_str() {
                    "true" => lang.t(crate::i18n::msg::TRUE),
                    "false" => lang.t(crate::i18n::msg::FALSE),
                    other => other,
                };
                format!(
                    "{}{}: {}",
                    escape(id),
                    if c.right { " ✓" } else { "" },
                    c.picked
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<tr><td title=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"flag\">{}</td><td>{}</td></tr>",
            escape(q.prompt.as_deref().unwrap_or("")),
            escape(&q.id),
            q.n,
            pct(q.facility),
            q.sd.map_or("—".into(), pct),
            opt(q.discrimination, 2),
            opt(q.efficiency, 2),
            if q.flags.is_empty() { "" } else { "⚑" },
            choices.join(" · ")
        );
    }
    let _ = write!(out, "</table>\n<p>{}</p>\n", escape(l.review));
    let _ = write!(
        out,
        "<h2>{}</h2>\n{}\n",
        escape(l.rules),
        rules_svg(r, lang)
    );
    let _ = write!(out, "<h2>{}</h2>\n<table>\n", escape(l.topics));
    for g in &r.topics {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&g.id),
            escape(g.title.as_deref().unwrap_or("")),
            pct(g.mean)
        );
    }
    let _ = write!(out, "</table>\n<h2>{}</h2>\n<table>\n", escape(l.people));
    for p in &r.participants {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.0}%</td><td>{}</td><td>{}</td></tr>",
            escape(&p.name),
            escape(&p.nip),
            escape(&p.unit),
            p.attempts,
            p.best,
            if p.passed { "✓" } else { "" },
            escape(&p.last)
        );
    }
    let _ = write!(out, "</table>\n<h2>{}</h2>\n<table>\n", escape(l.units));
    for u in &r.units {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&u.unit),
            u.participants,
            u.passed,
            pct(u.pass_rate)
        );
    }
    out.push_str("</table>\n</body>\n</html>\n");
    out
}
