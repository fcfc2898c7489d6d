//! The report as terminal tables, CSV, JSON, or one self-contained HTML file with SVG charts
//! that also prints on A4. Every rendering shows one section per bank and states once which
//! attempts count.

use std::fmt::Write;

use jiff::tz::TimeZone;

use crate::i18n::Lang;
use crate::results::when::{local_time, zone_name};
use crate::table::table;

use super::{FEW_ATTEMPTS, LOW_DISCRIMINATION, LOW_FACILITY, NON_FUNCTIONING, Report};

/// How the report speaks: the UI language and the time zone for times.
#[derive(Debug, Clone)]
pub struct Style {
    /// The UI language (labels, decimal separator, time format).
    pub lang: Lang,
    /// Where times are shown.
    pub tz: TimeZone,
}

impl Style {
    fn pct(&self, x: f64) -> String {
        format!("{}%", self.lang.decimal(x * 100.0, 0))
    }

    fn num(&self, x: Option<f64>, digits: usize) -> String {
        x.map_or("—".to_owned(), |v| self.lang.decimal(v, digits))
    }

    fn time(&self, rfc3339: &str) -> String {
        local_time(rfc3339, &self.tz, self.lang)
    }
}

/// Labels shared by the terminal and HTML renderings. Statistic names say what they are, so
/// "facility" cannot be read as the topic "state facilities".
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
    longest_wrong: &'static str,
    unused: &'static str,
    mean: &'static str,
    answers: &'static str,
    question: &'static str,
    choices: &'static str,
    title: &'static str,
    name: &'static str,
    counted: &'static str,
    not_counted: &'static str,
    grade: &'static str,
    passed: &'static str,
    last: &'static str,
    participants: &'static str,
    holders: &'static str,
    score: &'static str,
    date: &'static str,
    status: &'static str,
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
        facility: lang.pick("Indeks kemudahan (facility)", "Facility index"),
        discrimination: lang.pick("Indeks daya beda", "Discrimination index"),
        efficiency: lang.pick("Efisiensi daya beda", "Discriminative efficiency"),
        flag: lang.pick("Tinjau", "Review"),
        longest_wrong: lang.pick("Terpanjang (salah) dipilih", "Longest (wrong) picked"),
        unused: lang.pick("Pengecoh tak berfungsi", "Non-functioning distractors"),
        mean: lang.pick("Skor rata-rata", "Mean score"),
        answers: lang.pick("Jawaban", "Answers"),
        question: lang.pick("Pertanyaan", "Question"),
        choices: lang.pick(
            "Pilihan: berapa kali dipilih (✓ = kunci)",
            "Choices: times picked (✓ = key)",
        ),
        title: lang.pick("Judul", "Title"),
        name: lang.pick("Nama", "Name"),
        counted: lang.pick("Percobaan dihitung", "Counting attempts"),
        not_counted: lang.pick("Tidak dihitung", "Not counted"),
        grade: lang.pick("Nilai", "Grade"),
        passed: lang.pick("Lulus", "Passed"),
        last: lang.pick("Terakhir", "Last"),
        participants: lang.pick("Peserta", "Participants"),
        holders: lang.pick(
            "Pemegang sertifikat (register)",
            "Certificate holders (register)",
        ),
        score: lang.pick("Nilai", "Score"),
        date: lang.pick("Tanggal ujian", "Exam date"),
        status: lang.pick("Status", "Status"),
    }
}

/// The one statement of which attempts count, with this report's numbers, and which of a
/// person's attempts gives their grade.
pub fn counting_rule(r: &Report, lang: Lang) -> String {
    let t = &r.test;
    let grading = r.grading.as_str();
    let (id, en) = match r.grading {
        super::Grade::First => ("percobaan pertama", "the first attempt"),
        super::Grade::Best => ("percobaan terbaik", "the best attempt"),
        super::Grade::Last => ("percobaan terakhir", "the last attempt"),
        super::Grade::Mean => ("rata-rata semua percobaan", "the mean of all attempts"),
    };
    lang.pick(
        format!(
            "Yang dihitung di semua tabel: percobaan yang selesai (semua soal dijawab), bukan putaran ulangan: {} percobaan. Tidak dihitung, hanya disebut jumlahnya: {} tidak selesai (dihentikan atau waktu habis), {} putaran ulangan. Nilai setiap peserta: {id} (--grade {grading}).",
            t.n, t.incomplete, t.review
        ),
        format!(
            "Counted in every table: complete attempts (every question answered), not review rounds: {} attempt(s). Not counted, shown as counts only: {} incomplete (stopped or out of time), {} review round(s). Each participant's grade: {en} (--grade {grading}).",
            t.n, t.incomplete, t.review
        ),
    )
}

/// What the section is about: bank title, id and versions.
fn section_title(r: &Report, lang: Lang) -> String {
    let b = &r.bank;
    let name = match &b.title {
        Some(title) => format!("{title} ({})", b.id),
        None => b.id.clone(),
    };
    let versions = b.versions.join(", ");
    let texts = match &b.texts_from {
        Some(v) => lang.pick(
            format!("; teks dari versi {v}"),
            format!("; texts from version {v}"),
        ),
        None => lang.pick(
            "; teks soal tidak tersedia (berikan --with-bank BERKAS)".into(),
            "; question texts not at hand (give --with-bank FILE)".into(),
        ),
    };
    lang.pick(
        format!(
            "Bank: {name} — {} versi ({versions}){texts}",
            b.versions.len()
        ),
        format!(
            "Bank: {name} — {} version(s) ({versions}){texts}",
            b.versions.len()
        ),
    )
}

/// The legend of the ⚑ flag, with the thresholds in the UI language's numbers.
fn review_legend(s: &Style) -> String {
    let l = labels(s.lang);
    s.lang.pick(
        format!(
            "⚑ = tinjau soal ini: {} < {} atau {} < {}",
            l.facility,
            s.pct(LOW_FACILITY),
            l.discrimination,
            s.lang.decimal(LOW_DISCRIMINATION, 2)
        ),
        format!(
            "⚑ = review this question: {} < {} or {} < {}",
            l.facility,
            s.pct(LOW_FACILITY),
            l.discrimination,
            s.lang.decimal(LOW_DISCRIMINATION, 2)
        ),
    )
}

/// What the test-wise columns mean, with the threshold in the UI language's numbers.
fn cue_legend(s: &Style) -> String {
    let l = labels(s.lang);
    s.lang.pick(
        format!(
            "{}: bagian penjawab yang memilih pilihan terpanjang padahal salah (tebakan khas penebak buta). {} (∅): pilihan salah yang dipilih kurang dari {} penjawab (termasuk tak seorang pun).",
            l.longest_wrong,
            l.unused,
            s.pct(NON_FUNCTIONING)
        ),
        format!(
            "{}: the share of answerers who picked the longest choice when it is wrong (a blind guesser's pick). {} (∅): wrong choices picked by fewer than {} of the answerers (nobody included).",
            l.longest_wrong,
            l.unused,
            s.pct(NON_FUNCTIONING)
        ),
    )
}

/// The ids of a question's non-functioning distractors, "c, d".
fn unused(q: &super::QuestionStats) -> String {
    q.choices
        .iter()
        .filter(|c| c.non_functioning)
        .map(|c| c.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Test-level lines: (label, value). Shape statistics and reliability need many attempts;
/// below [`FEW_ATTEMPTS`] they are replaced by a note with the count.
fn test_lines(r: &Report, s: &Style) -> Vec<(&'static str, String)> {
    let t = &r.test;
    let lang = s.lang;
    let few = t.n < FEW_ATTEMPTS;
    let shaped = |x: Option<f64>, digits: usize| {
        if few {
            lang.pick(
                format!(
                    "terlalu sedikit data ({} percobaan; perlu ≥ {FEW_ATTEMPTS})",
                    t.n
                ),
                format!("too little data ({} attempts; needs ≥ {FEW_ATTEMPTS})", t.n),
            )
        } else {
            s.num(x, digits)
        }
    };
    vec![
        (
            lang.pick("Percobaan dihitung", "Counting attempts"),
            t.n.to_string(),
        ),
        (
            lang.pick("Tidak dihitung", "Not counted"),
            lang.pick(
                format!(
                    "{} tidak selesai, {} putaran ulangan",
                    t.incomplete, t.review
                ),
                format!("{} incomplete, {} review round(s)", t.incomplete, t.review),
            ),
        ),
        (lang.pick("Lulus", "Passed"), t.passed.to_string()),
        (
            lang.pick("Skor rata-rata", "Mean score"),
            s.num(t.mean, 1) + "%",
        ),
        (lang.pick("Median", "Median"), s.num(t.median, 1) + "%"),
        (
            lang.pick(
                "Simpangan baku (poin persen)",
                "Standard deviation (points)",
            ),
            s.num(t.sd, 1),
        ),
        (
            lang.pick("Kemencengan (skewness)", "Skewness"),
            shaped(t.skewness, 3),
        ),
        (
            lang.pick("Keruncingan (kurtosis)", "Kurtosis"),
            shaped(t.kurtosis, 3),
        ),
        (
            lang.pick(
                "Konsistensi internal (alpha Cronbach)",
                "Internal consistency (Cronbach's alpha)",
            ),
            if few || t.alpha.is_none() {
                shaped(t.alpha, 3)
            } else {
                format!(
                    "{} ({} {})",
                    s.num(t.alpha, 3),
                    t.alpha_items,
                    lang.pick("soal yang sama", "common questions")
                )
            },
        ),
        (
            lang.pick("Rasio galat", "Error ratio"),
            shaped(t.error_ratio, 3),
        ),
        (
            lang.pick("Galat baku (poin persen)", "Standard error (points)"),
            shaped(t.standard_error, 1),
        ),
    ]
}

/// A question's id as shown: with its versions when its content changed between them.
fn question_label(q: &super::QuestionStats, lang: Lang) -> String {
    if q.changed {
        format!(
            "{} ({} {})",
            q.id,
            lang.pick("versi", "version"),
            q.versions.join(", ")
        )
    } else {
        q.id.clone()
    }
}

/// The first `width` characters of `text`, with an ellipsis when cut.
fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        text.chars().take(width - 1).collect::<String>() + "…"
    }
}

/// Tables for the terminal: one section per bank.
pub fn human(reports: &[Report], s: &Style) -> String {
    let lang = s.lang;
    let l = labels(lang);
    let mut out = String::new();
    if reports.len() > 1 {
        let _ = writeln!(
            out,
            "{}\n",
            lang.pick(
                format!(
                    "{} bank, masing-masing dengan statistiknya sendiri.",
                    reports.len()
                ),
                format!("{} banks, each with its own statistics.", reports.len()),
            )
        );
    }
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            format!("Waktu dalam zona {}.", zone_name(&s.tz)),
            format!("Times in {}.", zone_name(&s.tz)),
        )
    );
    for r in reports {
        let _ = writeln!(
            out,
            "\n== {}\n{}\n\n{}",
            // The bank's id and title come from attempts, which may be imported.
            crate::words::shown(&section_title(r, lang)),
            crate::table::fit(&counting_rule(r, lang)),
            l.test
        );
        for (label, value) in test_lines(r, s) {
            let _ = writeln!(out, "  {label}: {value}");
        }
        let _ = writeln!(out, "\n{}", l.questions);
        let mut q = table(vec![
            "id",
            l.question,
            "n",
            l.facility,
            "SD",
            l.discrimination,
            l.efficiency,
            l.flag,
            l.longest_wrong,
            l.unused,
        ]);
        for x in &r.questions {
            crate::table::add_row(
                &mut q,
                [
                    question_label(x, lang),
                    shorten(x.prompt.as_deref().unwrap_or(""), 60),
                    x.n.to_string(),
                    s.pct(x.facility),
                    x.sd.map_or("—".into(), |v| s.pct(v)),
                    s.num(x.discrimination, 2),
                    s.num(x.efficiency, 2),
                    if x.flags.is_empty() {
                        String::new()
                    } else {
                        "⚑".into()
                    },
                    x.longest_wrong.map_or("—".into(), |v| s.pct(v)),
                    unused(x),
                ],
            );
        }
        // Ids never break inside ("sanksi-00 / 6"): the question text gives way instead.
        crate::table::keep_whole(&mut q, &[0]);
        let _ = writeln!(
            out,
            "{}\n{}\n{}",
            crate::table::draw(q),
            review_legend(s),
            crate::table::fit(&cue_legend(s))
        );
        for (title, rows) in [(l.rules, &r.rules), (l.topics, &r.topics)] {
            let _ = writeln!(out, "\n{title}");
            let mut t = table(vec!["id", l.title, l.mean, l.answers]);
            for g in rows {
                crate::table::add_row(
                    &mut t,
                    [
                        g.id.clone(),
                        shorten(g.title.as_deref().unwrap_or(""), 60),
                        s.pct(g.mean),
                        g.answers.to_string(),
                    ],
                );
            }
            crate::table::keep_whole(&mut t, &[0]);
            let _ = writeln!(out, "{}", crate::table::draw(t));
        }
        let _ = writeln!(out, "\n{}", l.people);
        let mut p = table(vec![
            l.name,
            "NIP",
            "Unit",
            l.counted,
            l.not_counted,
            l.grade,
            l.passed,
            l.last,
        ]);
        for row in r.participants.iter() {
            crate::table::add_row(
                &mut p,
                [
                    row.name.clone(),
                    row.nip.clone(),
                    row.unit.clone(),
                    row.attempts.to_string(),
                    row.not_counted.to_string(),
                    row.grade.map_or("—".into(), |b| s.pct(b / 100.0)),
                    lang.passed(row.passed).to_owned(),
                    s.time(&row.last),
                ],
            );
        }
        // NIPs never break inside (a time may go to a second line between date and hour:
        // at 100 columns the headers' words need the room).
        crate::table::keep_whole(&mut p, &[1]);
        let _ = writeln!(out, "{}\n\n{}", crate::table::draw(p), l.units);
        let mut u = table(vec!["Unit", l.participants, l.passed, "%"]);
        for row in &r.units {
            crate::table::add_row(
                &mut u,
                [
                    row.unit.clone(),
                    row.participants.to_string(),
                    row.passed.to_string(),
                    s.pct(row.pass_rate),
                ],
            );
        }
        let _ = writeln!(out, "{}", crate::table::draw(u));
        if !r.certificates.is_empty() {
            let _ = writeln!(out, "\n{}", l.holders);
            let mut c = table(vec![l.name, "NIP", "Unit", l.score, l.date, l.status]);
            for h in &r.certificates {
                crate::table::add_row(
                    &mut c,
                    [
                        h.name.clone(),
                        h.nip.clone(),
                        h.unit.clone(),
                        s.pct(h.percent / 100.0),
                        s.time(&h.finished),
                        holder_status(h, s),
                    ],
                );
            }
            let _ = writeln!(out, "{}", crate::table::draw(c));
        }
    }
    out
}

/// "berlaku" / "valid", or "dicabut …" / "revoked …" with when.
fn holder_status(h: &super::Holder, s: &Style) -> String {
    match &h.revoked {
        None => s.lang.pick("berlaku", "valid").to_owned(),
        Some(when) => format!("{} {}", s.lang.pick("dicabut", "revoked"), s.time(when)),
    }
}

/// One CSV row per question and bank. Numbers are machine-readable (a point, 4 decimals).
pub fn csv(reports: &[Report]) -> Result<Vec<u8>, String> {
    use crate::results::export::neutralize;
    let mut w = csv::Writer::from_writer(Vec::new());
    let num = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:.4}"));
    w.write_record([
        "bank",
        "id",
        "versions",
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
    for r in reports {
        for q in &r.questions {
            w.write_record([
                neutralize(&r.bank.id).as_ref(),
                neutralize(&q.id).as_ref(),
                neutralize(&q.versions.join(";")).as_ref(),
                neutralize(&q.topic).as_ref(),
                q.kind.as_str(),
                &q.n.to_string(),
                &format!("{:.4}", q.facility),
                &num(q.sd),
                &num(q.discrimination),
                &num(q.efficiency),
                &q.flags.join(";"),
                neutralize(q.prompt.as_deref().unwrap_or("")).as_ref(),
            ])
            .map_err(|e| e.to_string())?;
        }
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

/// A vertical bar chart of the score histogram, each bar labelled with its count.
fn histogram_svg(r: &Report, lang: Lang) -> String {
    let max = r.histogram.iter().copied().max().unwrap_or(0).max(1);
    // `top` leaves room for the count above the tallest bar.
    let (w, h, bar, top) = (420, 160, 36, 14);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"histogram\" width=\"{w}\" height=\"{height}\" viewBox=\"0 0 {w} {height}\" role=\"img\"><title>{}</title>",
        escape(lang.pick(
            "Sebaran skor percobaan yang dihitung",
            "Score distribution of counting attempts"
        )),
        height = top + h + 30,
    );
    for (i, count) in r.histogram.iter().enumerate() {
        let height = count * h / max;
        let x = 10 + i * (bar + 4);
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{}\" width=\"{bar}\" height=\"{height}\" fill=\"#2b6cb0\"><title>{}–{}%: {count}</title></rect><text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
            top + h - height,
            i * 10,
            i * 10 + 9 + usize::from(i == 9),
            x + bar / 2,
            top + h + 14,
            i * 10
        );
        if *count > 0 {
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{count}</text>",
                x + bar / 2,
                top + h - height - 3
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars: each rule's mean score.
fn rules_svg(r: &Report, s: &Style) -> String {
    let row = 18;
    let height = r.rules.len() * row + 10;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"rules\" width=\"520\" height=\"{height}\" viewBox=\"0 0 520 {height}\" role=\"img\"><title>{}</title>",
        escape(
            s.lang
                .pick("Skor rata-rata per aturan", "Mean score per rule")
        )
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
            s.pct(g.mean)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Styles for a phone, a desktop and A4 paper. Words and numbers are never broken inside
/// (ids, NIPs, numbers and dates do not wrap at all; text wraps between words); a table wider
/// than the screen scrolls inside its own box, never the page; charts scale down to fit. On
/// paper, tables fit the page width, rows do not break across pages, headers repeat on each
/// page, and headings stay with what follows them.
const CSS: &str = "\
*{box-sizing:border-box}\
body{font-family:system-ui,'DejaVu Sans',sans-serif;margin:0 auto;padding:1em;color:#1a202c;max-width:72em;line-height:1.35}\
h1{font-size:1.6em}h2{font-size:1.3em}h3{font-size:1.1em;margin-top:1.5em}\
table{border-collapse:collapse;margin:.5em 0 1em;width:100%}\
td,th{border:1px solid #a0aec0;padding:.25em .5em;text-align:left;vertical-align:top;overflow-wrap:normal;word-break:normal;hyphens:manual}\
th{background:#edf2f7}thead th{vertical-align:bottom}\
td.n,td.id,td.nip,td.when{white-space:nowrap}td.n{text-align:right;font-variant-numeric:tabular-nums}\
.wide{overflow-x:auto;margin:.5em 0 1em}.wide>table{margin:0}\
table.questions{min-width:62em}table.questions th{font-size:.85em}td.prompt{min-width:12em}td.choices{min-width:16em}table.people{min-width:52em}\
.flag{color:#c53030;font-weight:bold}.rule{background:#fefcbf;padding:.5em;border:1px solid #d69e2e}\
ul.choices{margin:.2em 0 0 1em;padding:0;font-size:.9em}figure{margin:0}figcaption{font-size:.85em;color:#4a5568}.key{font-weight:bold}\
svg.histogram,svg.rules{display:block;width:100%;height:auto}svg.histogram{max-width:420px}svg.rules{max-width:520px}\
section.bank{margin-top:2em}\
@page{size:A4;margin:14mm}\
@media print{body{padding:0;font-size:9pt;max-width:none}.wide{overflow:visible}table.questions,table.people,td.prompt,td.choices{min-width:0}\
thead{display:table-header-group}tr,li,svg,figure{break-inside:avoid}\
h2,h3{break-after:avoid}section.bank+section.bank{break-before:page}th{background:#edf2f7 !important;print-color-adjust:exact}}";

/// The HTML page as it is written: held whole for [`html`], or handed to a writer in pieces
/// of 64 KB by [`html_to`], so that a report over 100,000 people never holds its page.
struct Page<'a> {
    buf: String,
    to: Option<&'a mut dyn std::io::Write>,
    /// The writer's first failure; what follows is not written.
    failed: Option<std::io::Error>,
}

impl Page<'_> {
    fn push_str(&mut self, text: &str) {
        self.buf.push_str(text);
        if self.buf.len() >= 1 << 16 {
            self.flush();
        }
    }

    /// Hand what is held to the writer, if there is one.
    fn flush(&mut self) {
        if let Some(to) = self.to.as_mut() {
            if self.failed.is_none()
                && let Err(e) = to.write_all(self.buf.as_bytes())
            {
                self.failed = Some(e);
            }
            self.buf.clear();
        }
    }
}

impl Write for Page<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.push_str(text);
        Ok(())
    }
}

/// One self-contained HTML page: styles inline, charts as inline SVG, no scripts, no links
/// out, so a trainer can email or print it. One section per bank.
pub fn html(reports: &[Report], title: &str, s: &Style) -> String {
    let mut page = Page {
        buf: String::new(),
        to: None,
        failed: None,
    };
    write_page(&mut page, reports, title, s);
    page.buf
}

/// [`html`] written to `to` as it is made.
pub fn html_to(
    to: &mut dyn std::io::Write,
    reports: &[Report],
    title: &str,
    s: &Style,
) -> std::io::Result<()> {
    let mut page = Page {
        buf: String::new(),
        to: Some(to),
        failed: None,
    };
    write_page(&mut page, reports, title, s);
    page.flush();
    page.failed.map_or(Ok(()), Err)
}

fn write_page(out: &mut Page<'_>, reports: &[Report], title: &str, s: &Style) {
    let lang = s.lang;
    let l = labels(lang);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p>{}</p>\n",
        lang.code(),
        escape(title),
        escape(title),
        escape(&lang.pick(
            format!("Waktu dalam zona {}.", zone_name(&s.tz)),
            format!("Times in {}.", zone_name(&s.tz)),
        ))
    );
    if reports.is_empty() {
        let _ = writeln!(
            out,
            "<p>{}</p>",
            escape(lang.pick("Tidak ada percobaan yang cocok.", "No attempts match."))
        );
    }
    for r in reports {
        html_section(out, r, s, &l);
    }
    out.push_str("</body>\n</html>\n");
}

/// One bank's section of the HTML page.
fn html_section(out: &mut Page<'_>, r: &Report, s: &Style, l: &Labels) {
    let lang = s.lang;
    let row = |cells: &[String]| {
        let mut tr = String::from("<tr>");
        for c in cells {
            tr += c;
        }
        tr + "</tr>\n"
    };
    let td = |text: &str| format!("<td>{}</td>", escape(text));
    // A cell that never wraps: an id, a NIP, a time ("n" also aligns numbers right).
    let tdc = |class: &str, text: &str| format!("<td class=\"{class}\">{}</td>", escape(text));
    let tdn = |text: &str| tdc("n", text);
    // A table that scrolls inside its own box when wider than the screen; focusable, so a
    // keyboard can scroll it too, and named for a screen reader.
    let wide = |label: &str, class: &str| {
        format!(
            "<div class=\"wide\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n<table class=\"{class}\">\n",
            escape(label)
        )
    };
    let th = |labels: &[&str]| {
        let mut tr = String::from("<thead><tr>");
        for label in labels {
            let _ = write!(tr, "<th scope=\"col\">{}</th>", escape(label));
        }
        tr + "</tr></thead>\n"
    };
    let _ = write!(
        out,
        "<section class=\"bank\">\n<h2>{}</h2>\n<p class=\"rule\">{}</p>\n<h3>{}</h3>\n<table>\n",
        escape(&section_title(r, lang)),
        escape(&counting_rule(r, lang)),
        escape(l.test)
    );
    for (label, value) in test_lines(r, s) {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape(label),
            escape(&value)
        );
    }
    let _ = write!(
        out,
        "</table>\n<figure>{}<figcaption>{}</figcaption></figure>\n",
        histogram_svg(r, lang),
        escape(lang.pick(
            "Sebaran skor: jumlah percobaan yang dihitung per rentang 10 poin persen (0–9, 10–19, … 90–100).",
            "Score distribution: counting attempts per 10-point band of percent (0–9, 10–19, … 90–100).",
        ))
    );

    let _ = write!(
        out,
        "<h3>{}</h3>\n{}{}",
        escape(l.questions),
        wide(l.questions, "questions"),
        th(&[
            "id",
            l.question,
            l.choices,
            "n",
            l.facility,
            "SD",
            l.discrimination,
            l.efficiency,
            l.flag,
        ])
    );
    for q in &r.questions {
        let mut choices = String::from("<ul class=\"choices\">");
        for c in &q.choices {
            let label = match &c.text {
                // True/false choices are their words (benar, salah), not a letter and text.
                Some(text) if q.kind == crate::bank::Kind::TrueFalse => text.clone(),
                Some(text) => format!("{}. {}", c.id, text),
                // Without the bank, a true-false item's choices are still words.
                None => match c.id.as_str() {
                    "true" => lang.t(crate::i18n::msg::TRUE).to_owned(),
                    "false" => lang.t(crate::i18n::msg::FALSE).to_owned(),
                    other => other.to_owned(),
                },
            };
            let _ = write!(
                choices,
                "<li{}>{}{} — {}{}</li>",
                match (c.right, c.non_functioning) {
                    (true, _) => " class=\"key\"",
                    (false, true) => " class=\"unused\"",
                    (false, false) => "",
                },
                escape(&label),
                if c.right { " ✓" } else { "" },
                c.picked,
                if c.non_functioning { " ∅" } else { "" },
            );
        }
        choices.push_str("</ul>");
        if let Some(share) = q.longest_wrong {
            let _ = write!(
                choices,
                "<p class=\"cue\">{}: {}</p>",
                escape(l.longest_wrong),
                s.pct(share)
            );
        }
        out.push_str(&row(&[
            tdc("id", &question_label(q, lang)),
            tdc("prompt", q.prompt.as_deref().unwrap_or("")),
            format!("<td class=\"choices\">{choices}</td>"),
            tdn(&q.n.to_string()),
            tdn(&s.pct(q.facility)),
            tdn(&q.sd.map_or("—".into(), |v| s.pct(v))),
            tdn(&s.num(q.discrimination, 2)),
            tdn(&s.num(q.efficiency, 2)),
            format!(
                "<td class=\"flag\">{}</td>",
                if q.flags.is_empty() { "" } else { "⚑" }
            ),
        ]));
    }
    let _ = write!(
        out,
        "</table>\n</div>\n<p>{}</p>\n<p>{}</p>\n",
        escape(&review_legend(s)),
        escape(&cue_legend(s))
    );

    let _ = write!(
        out,
        "<h3>{}</h3>\n{}\n{}{}",
        escape(l.rules),
        rules_svg(r, s),
        wide(l.rules, "groups"),
        th(&["id", l.title, l.mean, l.answers])
    );
    // Rules and topics: one row each, the same columns.
    let group_rows = |out: &mut Page<'_>, groups: &[super::GroupStats]| {
        for g in groups {
            out.push_str(&row(&[
                tdc("id", &g.id),
                td(g.title.as_deref().unwrap_or("")),
                tdn(&s.pct(g.mean)),
                tdn(&g.answers.to_string()),
            ]));
        }
    };
    group_rows(out, &r.rules);
    let _ = write!(
        out,
        "</table>\n</div>\n<h3>{}</h3>\n{}{}",
        escape(l.topics),
        wide(l.topics, "groups"),
        th(&["id", l.title, l.mean, l.answers])
    );
    group_rows(out, &r.topics);
    let _ = write!(
        out,
        "</table>\n</div>\n<h3>{}</h3>\n{}{}",
        escape(l.people),
        wide(l.people, "people"),
        th(&[
            l.name,
            "NIP",
            "Unit",
            l.counted,
            l.not_counted,
            l.grade,
            l.passed,
            l.last
        ])
    );
    for p in r.participants.iter() {
        out.push_str(&row(&[
            td(&p.name),
            tdc("nip", &p.nip),
            td(&p.unit),
            tdn(&p.attempts.to_string()),
            tdn(&p.not_counted.to_string()),
            tdn(&p.grade.map_or("—".into(), |b| s.pct(b / 100.0))),
            td(lang.passed(p.passed)),
            tdc("when", &s.time(&p.last)),
        ]));
    }
    let _ = write!(
        out,
        "</table>\n</div>\n<h3>{}</h3>\n{}{}",
        escape(l.units),
        wide(l.units, "units"),
        th(&["Unit", l.participants, l.passed, "%"])
    );
    for u in &r.units {
        out.push_str(&row(&[
            td(&u.unit),
            tdn(&u.participants.to_string()),
            tdn(&u.passed.to_string()),
            tdn(&s.pct(u.pass_rate)),
        ]));
    }
    out.push_str("</table>\n</div>\n");
    if !r.certificates.is_empty() {
        let _ = write!(
            out,
            "<h3>{}</h3>\n{}{}",
            escape(l.holders),
            wide(l.holders, "people"),
            th(&[l.name, "NIP", "Unit", l.score, l.date, l.status])
        );
        for h in &r.certificates {
            out.push_str(&row(&[
                td(&h.name),
                td(&h.nip),
                td(&h.unit),
                tdn(&s.pct(h.percent / 100.0)),
                td(&s.time(&h.finished)),
                td(&holder_status(h, s)),
            ]));
        }
        out.push_str("</table>\n</div>\n");
    }
    out.push_str("</section>\n");
}

/// "Laporan kuis — " and the names of the banks the page covers.
pub fn title(reports: &[Report], lang: Lang) -> String {
    let names: Vec<&str> = reports
        .iter()
        .map(|r| r.bank.title.as_deref().unwrap_or(&r.bank.id))
        .collect();
    format!(
        "{} — {}",
        lang.pick("Laporan kuis", "Quiz report"),
        if names.is_empty() {
            lang.pick("tidak ada percobaan", "no attempts").to_owned()
        } else {
            names.join("; ")
        }
    )
}
