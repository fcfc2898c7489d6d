//! The HTML of every page, with maud: it escapes every text it is given, so a bank's or a
//! participant's `<script>` shows as text. The words come from `say` and `i18n`, the same as
//! the terminal's; only the drawing is here. One stylesheet, no script but the trainer's.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::bank::Kind;
use crate::bank::model::letter;
use crate::i18n::{Lang, msg};
use crate::quiz::{Feedback, Session, Shown};
use crate::results::attempt::Participant;
use crate::say::{Closing, Named, Said, Standing, Verdict, Words, clock};

use super::App;

/// The name of the other language, in itself, for the switch.
fn other(lang: Lang) -> (Lang, &'static str) {
    match lang {
        Lang::Id => (Lang::En, "English"),
        Lang::En => (Lang::Id, "Bahasa Indonesia"),
    }
}

/// The frame of every page: language, viewport, the stylesheet, a switch to the other language.
fn layout(lang: Lang, title: &str, here: &str, head: Markup, body: Markup) -> Markup {
    let (switch, name) = other(lang);
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/style.css";
                (head)
            }
            body {
                header.top {
                    span.brand { "kuis" }
                    a.lang href={ (here) (if here.contains('?') { "&" } else { "?" }) "lang=" (switch.code()) } lang=(switch.code()) hreflang=(switch.code()) { (name) }
                }
                main { (body) }
            }
        }
    }
}

/// A page with one message (errors).
pub fn message(lang: Lang, text: &str) -> Markup {
    layout(
        lang,
        "kuis",
        "/",
        html! {},
        html! {
            h1 { "kuis" }
            p { (text) }
            p { a href="/" { (lang.pick("Kembali ke awal", "Back to the start")) } }
        },
    )
}

/// What the participant typed, to show again when it needs fixing.
#[derive(Debug, Clone, Default)]
pub struct Identity {
    /// Full name.
    pub name: String,
    /// NIP.
    pub nip: String,
    /// Work unit.
    pub unit: String,
}

/// The welcome page: the quiz in a few lines, and who is taking it.
pub(super) fn welcome(
    app: &App,
    lang: Lang,
    csrf: &str,
    given: &Identity,
    errors: &[String],
    closed: bool,
) -> Markup {
    let words = Words {
        bank: &app.bank,
        lang,
    };
    let title = words.text(app.bank.bank.title.get_ref());
    let planned = app.planned;
    layout(
        lang,
        title,
        "/",
        html! {},
        html! {
            h1 { (title) }
            ul.facts {
                li { (lang.pick(format!("{planned} soal"), format!("{planned} question{}", if planned == 1 { "" } else { "s" }))) }
                li { (lang.pick("Batas lulus", "Pass mark")) " " (app.bank.bank.pass_percent.get_ref()) "%" }
                @if let Some(secs) = app.quiz.limit_secs {
                    li { (lang.pick("Batas waktu", "Time limit")) ": " (clock(secs)) }
                }
            }
            p { (lang.t(if app.quiz.exam { app.review.welcome(app.score) } else { msg::PRACTICE_STARTS })) }
            @if closed {
                p.notice role="status" { (lang.pick("Ruang ini sudah ditutup oleh pelatih.", "The trainer has closed this room.")) }
            } @else {
                @if !errors.is_empty() {
                    div.error role="alert" {
                        @for e in errors { p { (e) } }
                    }
                }
                form method="post" action="/join" {
                    input type="hidden" name="csrf" value=(csrf);
                    p {
                        label for="name" { (lang.t(msg::ASK_NAME)) }
                        input #name type="text" name="name" required autocomplete="name" maxlength=(crate::words::MAX_CHARS) value=(given.name);
                    }
                    p {
                        label for="nip" { (lang.t(msg::ASK_NIP)) }
                        input #nip type="text" name="nip" inputmode="numeric" autocomplete="off" maxlength="40" value=(given.nip);
                    }
                    p {
                        label for="unit" { (lang.t(msg::ASK_UNIT)) }
                        input #unit type="text" name="unit" autocomplete="organization" maxlength=(crate::words::MAX_CHARS) value=(given.unit);
                    }
                    button type="submit" { (lang.pick("Mulai", "Start")) }
                }
            }
        },
    )
}

/// "Soal 3/20" and a progress bar of the `done` questions answered.
fn progress(lang: Lang, number: usize, total: usize, done: usize) -> Markup {
    let label = lang.pick(
        format!("Soal {number}/{total}"),
        format!("Question {number}/{total}"),
    );
    html! {
        div.progress {
            h1 #progress-label { (label) }
            progress max=(total) value=(done) aria-labelledby="progress-label" {}
        }
    }
}

/// One question on a page of its own. With a time limit, `remaining_ms` is what the server
/// counts; `/clock.js` counts it down on the page and submits at zero (without script the
/// page shows the time left when it was loaded, and the server ends the quiz all the same).
pub(super) fn question(
    app: &App,
    lang: Lang,
    shown: &Shown<'_>,
    remaining_ms: Option<u64>,
    csrf: &str,
    error: Option<&str>,
) -> Markup {
    let words = Words {
        bank: &app.bank,
        lang,
    };
    let kind = *shown.question.kind.get_ref();
    let input = if kind == Kind::Multiple {
        "checkbox"
    } else {
        "radio"
    };
    let prompt = words.text(shown.question.prompt.get_ref());
    layout(
        lang,
        &lang.pick(
            format!("Soal {}/{}", shown.number, shown.total),
            format!("Question {}/{}", shown.number, shown.total),
        ),
        "/q",
        html! {
            @if remaining_ms.is_some() { script src="/clock.js" defer {} }
        },
        html! {
            (progress(lang, shown.number, shown.total, shown.number - 1))
            @if let Some(ms) = remaining_ms {
                p.timer #timer role="timer" data-remaining-ms=(ms) {
                    (lang.t(msg::TIME_LEFT)) " " span.clock { (clock(ms.div_ceil(1000))) }
                }
            }
            form #answer method="post" action="/q" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="position" value=(shown.number - 1);
                fieldset {
                    legend { (prompt) }
                    p.hint #hint {
                        (words.pick_hint(kind))
                        @if kind == Kind::Multiple { " " (lang.t(msg::SEVERAL)) }
                    }
                    @if let Some(e) = error {
                        p.error role="alert" { (e) }
                    }
                    @for (i, opt) in shown.options.iter().enumerate() {
                        div.option {
                            @if kind == Kind::Multiple {
                                input type=(input) id={ "o" (i) } name="pick" value=(i) aria-describedby="hint";
                            } @else {
                                input type=(input) id={ "o" (i) } name="pick" value=(i) required aria-describedby="hint";
                            }
                            label for={ "o" (i) } {
                                span.letter { (letter(i)) ")" } " " (words.label(opt))
                            }
                        }
                    }
                }
                button type="submit" { (lang.pick("Kirim jawaban", "Submit answer")) }
            }
            p.stop {
                a.button.secondary href="/stop" { (lang.pick("Berhenti sekarang…", "Stop now…")) }
            }
        },
    )
}

/// "Yakin?": the second step before stopping for good.
pub(super) fn confirm_stop(lang: Lang, answered: usize, planned: usize, csrf: &str) -> Markup {
    let title = lang.pick("Yakin berhenti?", "Stop for good?");
    layout(
        lang,
        title,
        "/stop",
        html! {},
        html! {
            h1 { (title) }
            p { (lang.pick(
                format!("Anda sudah menjawab {answered} dari {planned} soal. Jika berhenti sekarang, kuis ini selesai: jawaban sejauh ini dinilai dan soal lainnya tidak dapat dijawab lagi."),
                format!("You have answered {answered} of {planned} questions. If you stop now, this quiz ends: the answers so far are scored and the rest can no longer be answered."),
            )) }
            form method="post" action="/stop" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="confirm" value="1";
                button.danger type="submit" { (lang.pick("Ya, berhenti sekarang", "Yes, stop now")) }
            }
            p { a.button href="/q" { (lang.pick("Tidak, kembali ke soal", "No, back to the question")) } }
        },
    )
}

/// The page for a person who has used every attempt the room allows.
pub(super) fn used(app: &App, lang: Lang, used: u32, allowed: u32) -> Markup {
    let title = lang.pick("Kesempatan sudah habis", "No attempts left");
    let words = Words {
        bank: &app.bank,
        lang,
    };
    layout(
        lang,
        title,
        "/",
        html! {},
        html! {
            h1 { (title) }
            p.notice role="status" { (lang.pick(
                format!("Anda sudah memakai {used} dari {allowed} kesempatan untuk \"{}\" di ruang ini.", words.text(app.bank.bank.title.get_ref())),
                format!("You have used {used} of {allowed} attempts at \"{}\" in this room.", words.text(app.bank.bank.title.get_ref())),
            )) }
            p { (lang.pick(
                "Hasil Anda sudah tersimpan. Jika Anda perlu mengulang (misalnya kuis terputus), minta pelatih memberi satu kesempatan lagi, lalu mulai dari awal.",
                "Your result is kept. If you need another go (the quiz was cut short, say), ask the trainer to grant one more attempt, then start again.",
            )) }
            p { a href="/" { (lang.pick("Kembali ke awal", "Back to the start")) } }
        },
    )
}

/// An option as feedback names it: `b) Menolak dengan sopan (3 poin)`.
fn named(o: &Named) -> Markup {
    html! { span.letter { (o.letter) ")" } " " (o.label) (o.weight) }
}

/// The feedback on one answer, as the terminal gives it.
fn said(lang: Lang, s: &Said) -> Markup {
    let class = match s.verdict {
        Verdict::Right => "verdict right",
        Verdict::Partly => "verdict partly",
        Verdict::Unanswered | Verdict::Wrong => "verdict wrong",
    };
    html! {
        p class=(class) role="status" {
            span aria-hidden="true" { (s.verdict.mark()) } " " (s.verdict.words(lang))
            " (" (s.earned) "/" (s.max) ")"
        }
        @if let Some(picked) = &s.picked {
            h3 { (lang.t(msg::YOUR_ANSWER)) }
            @if picked.is_empty() {
                p { (lang.t(msg::NOTHING_PICKED)) }
            }
            ul.picked {
                @for o in picked {
                    li {
                        (named(o))
                        @if let Some(why) = &o.why { p.why { "→ " (why) } }
                    }
                }
            }
        }
        @if let Some((heading, right)) = &s.right {
            h3 { (heading) }
            ul.right { @for o in right { li { (named(o)) } } }
        }
        @if let Some(e) = &s.explanation {
            h3 { (lang.t(msg::EXPLANATION)) }
            p { (e) }
        }
        @for rule in &s.rules {
            div.rule {
                p { strong { (lang.t(msg::RULE)) " " (rule.id) } ": " (rule.text) }
                p.basis { (lang.t(msg::BASIS)) ": " (rule.basis) }
            }
        }
        @for basis in &s.basis {
            p.basis { (lang.t(msg::BASIS)) ": " (basis) }
        }
    }
}

/// The page after an answer in practice.
pub(super) fn feedback(app: &App, lang: Lang, fb: &Feedback<'_>, more: bool) -> Markup {
    let words = Words {
        bank: &app.bank,
        lang,
    };
    let shown = &fb.shown;
    layout(
        lang,
        &lang.pick(
            format!("Soal {}/{}", shown.number, shown.total),
            format!("Question {}/{}", shown.number, shown.total),
        ),
        &format!("/feedback/{}", shown.number),
        html! {},
        html! {
            (progress(lang, shown.number, shown.total, shown.number))
            h2.prompt { (words.text(shown.question.prompt.get_ref())) }
            (said(lang, &words.feedback(fb)))
            p.next {
                @if more {
                    a.button href="/q" { (lang.pick("Soal berikutnya", "Next question")) }
                } @else {
                    a.button href="/done" { (lang.pick("Lihat ringkasan", "See the summary")) }
                }
            }
        },
    )
}

/// What the summary shows.
pub(super) struct Summary<'s, 'b> {
    /// The quiz as it ended.
    pub session: &'s Session<'b>,
    /// How it ended.
    pub ending: &'s str,
    /// Whether the trainer has closed the room.
    pub closed: bool,
    /// The time taken.
    pub seconds: u64,
    /// Whether an exam's review (and what was missed) is shown.
    pub review: bool,
    /// Whether the score and the pass or fail are shown.
    pub score: bool,
    /// Whether the room issues certificates and this attempt is stored (the link shows for a
    /// completed exam that passed).
    pub certificate: bool,
    /// Whether the person may start another quiz.
    pub again: bool,
    /// The CSRF token of the forms that leave this session (a new quiz, someone else).
    pub csrf: &'s str,
    /// Whose result it is: on a shared phone the next person sees it is not theirs.
    pub who: &'s Participant,
}

/// The summary: one section each for the result, the topics, what comes next and the exam's
/// review, so a page section (a certificate, say) slots in beside them. Until an exam's review
/// is open only the result shows: which questions were missed would tell the answers.
pub(super) fn done(app: &App, lang: Lang, s: &Summary<'_, '_>) -> Markup {
    let words = Words {
        bank: &app.bank,
        lang,
    };
    let session = s.session;
    let outcome = session.finish();
    let sum = words.summary(&outcome);
    let answered: Vec<Feedback<'_>> = (0..session.total())
        .map(|i| session.feedback(i))
        .filter(|fb| fb.picked.is_some())
        .collect();
    let held = app.quiz.exam && !s.review;
    layout(
        lang,
        &format!("{} — {}", lang.t(msg::SUMMARY), sum.title),
        "/done",
        html! {},
        html! {
            h1 { (lang.t(msg::SUMMARY)) " — " (sum.title) }
            section.who {
                p {
                    (lang.pick("Hasil milik", "The result of")) " " strong { (s.who.name.as_deref().unwrap_or("")) }
                    @if let Some(unit) = &s.who.unit { " (" (unit) ")" }
                }
                form method="post" action="/again" {
                    input type="hidden" name="csrf" value=(s.csrf);
                    button.secondary type="submit" { (lang.pick("Bukan Anda? Mulai sebagai peserta lain", "Not you? Join as someone else")) }
                }
            }
            section.result {
                @match s.ending {
                    "time-up" => p.notice role="status" { (lang.t(msg::TIME_UP)) },
                    "interrupted" if s.closed => p.notice role="status" { (lang.pick("Kuis dihentikan: pelatih menutup ruang. Jawaban sejauh ini tetap dinilai.", "Quiz stopped: the trainer closed the room. The answers so far are scored.")) },
                    "interrupted" => p.notice role="status" { (lang.t(msg::INTERRUPTED)) },
                    _ => {}
                }
                @if s.score {
                    p.score {
                        (lang.t(msg::SCORE)) ": " (sum.earned) "/" (sum.max) " (" (sum.percent) "%) — "
                        @match &sum.standing {
                            Standing::Stopped(words) => span { (words) },
                            Standing::Passed(mark) => { strong.pass { (lang.t(msg::PASSED)) } " (" (mark) ")" },
                            Standing::Failed(mark) => { strong.fail { (lang.t(msg::FAILED)) } " (" (mark) ")" },
                        }
                    }
                } @else {
                    p.submitted role="status" {
                        (lang.pick(
                            format!("Jawaban Anda ({} dari {} soal) sudah terkirim dan tersimpan.", outcome.answered(), outcome.planned),
                            format!("Your answers ({} of {} questions) are submitted and saved.", outcome.answered(), outcome.planned),
                        ))
                        " "
                        @match app.score {
                            super::Review::Never => (lang.pick("Nilai tidak ditampilkan di sini; pelatih akan mengumumkan hasilnya.", "The score is not shown here; the trainer will announce the results.")),
                            _ => (lang.pick("Nilai dan kelulusan Anda tampil di halaman ini setelah pelatih menutup ruang; buka tautan ini lagi nanti.", "Your score and whether you passed show on this page once the trainer closes the room; open this link again later.")),
                        }
                    }
                }
                p { (lang.t(msg::TIME_TAKEN)) ": " (clock(s.seconds)) }
            }
            @if s.certificate && s.score && s.ending == "completed" && outcome.passed {
                section.certificate {
                    p {
                        a.button href="/certificate" download { (lang.pick("Unduh sertifikat (PDF)", "Download the certificate (PDF)")) }
                    }
                    p { (lang.pick(
                        "Sertifikat ini ditandatangani penerbit; siapa pun dapat memeriksa kodenya.",
                        "The issuer signs this certificate; anyone can check its code.",
                    )) }
                }
            }
            @if held {
                section.held {
                    p.notice role="status" {
                        @match app.review {
                            super::Review::Never => (lang.pick("Pembahasan ujian ini tidak ditampilkan; pelatih akan membahasnya.", "This exam's review is not shown; the trainer will go through it.")),
                            _ => (lang.pick("Pembahasan (jawaban yang benar) tampil di halaman ini setelah pelatih menutup ruang. Buka tautan ini lagi nanti.", "The review (the right answers) shows on this page once the trainer closes the room. Open this link again later.")),
                        }
                    }
                }
            } @else {
                @if !sum.topics.is_empty() {
                    section.topics {
                        table.topics {
                            caption { (lang.t(msg::SCORE_PER_TOPIC)) }
                            thead { tr { th scope="col" { (lang.t(msg::TOPIC)) } th scope="col" { (lang.t(msg::SCORE)) } } }
                            tbody {
                                @for t in &sum.topics {
                                    tr {
                                        th scope="row" { (t.title) }
                                        td {
                                            meter min="0" max="1" value=(t.ratio) aria-label=(t.title) {}
                                            " " (format!("{:.0}%", t.ratio * 100.0)) " (" (t.earned) "/" (t.max) ")"
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                section.closing {
                    @match &sum.closing {
                        Closing::Missed(missed) => {
                            h2 { (sum.closing.words(lang)) }
                            ul.missed {
                                @for m in missed {
                                    li {
                                        (m.prompt)
                                        @if !m.rules.is_empty() { " [" (lang.t(msg::rule_or_rules(m.rules.len()))) " " (m.rules.join(", ")) "]" }
                                    }
                                }
                            }
                        }
                        other => p.good { (other.words(lang)) },
                    }
                }
            }
            @if s.again {
                section.next {
                    form method="post" action="/again" {
                        input type="hidden" name="csrf" value=(s.csrf);
                        button type="submit" { (lang.pick("Mulai kuis baru", "Start a new quiz")) }
                    }
                }
            }
            @if app.quiz.exam && !held && !answered.is_empty() {
                section.reviews {
                    h2 { (lang.t(msg::REVIEW)) }
                    @for fb in &answered {
                        section.review {
                            h3 { (fb.shown.number) ". " (words.text(fb.shown.question.prompt.get_ref())) }
                            (said(lang, &words.feedback(fb)))
                        }
                    }
                }
            }
        },
    )
}

/// The verification page: a form for a code (sent as `GET /verify?code=`, the link a QR code
/// can hold) and, for a code given, the verdict and the signed facts, as `kuis verify` says
/// them.
pub(super) fn verify(
    app: &App,
    lang: Lang,
    judged: Option<(&str, &crate::cert::Judged)>,
) -> Markup {
    let title = lang.pick("Periksa sertifikat", "Verify a certificate");
    let code = judged.map_or("", |(code, _)| code);
    let here = if code.is_empty() {
        "/verify".to_owned()
    } else {
        let encoded: String = form_urlencoded::byte_serialize(code.as_bytes()).collect();
        format!("/verify?code={encoded}")
    };
    layout(
        lang,
        title,
        &here,
        html! {},
        html! {
            h1 { (title) }
            @if let Some((_, j)) = judged {
                @let v = &j.verdict;
                section.checked {
                    @if v.valid {
                        p.verdict.right role="status" {
                            span aria-hidden="true" { "✓ " } strong { (crate::cert::valid_word(lang)) } ": " (crate::cert::valid_sentence(lang))
                        }
                    } @else {
                        p.verdict.wrong role="status" {
                            span aria-hidden="true" { "✗ " } strong { (crate::cert::invalid_word(lang)) }
                            @if let Some(reason) = &v.reason { ": " (reason) }
                        }
                    }
                    @if j.unregistered {
                        p.notice { (crate::cert::unregistered_warning(lang)) }
                    }
                    @if let Some(c) = &j.certificate {
                        dl.facts {
                            @for line in crate::cert::lines(c, lang) {
                                dt { (line.label) }
                                dd { (line.value) }
                            }
                        }
                    }
                }
            }
            @if app.certificates.keys.is_empty() {
                p.notice role="status" { (lang.pick(
                    "Server ini tidak diberi kunci publik penerbit, jadi tidak dapat memeriksa kode. Periksa dengan: kuis verify KODE --key KUNCI_PUBLIK",
                    "This server was given no issuer's public key, so it cannot check codes. Check with: kuis verify CODE --key PUBLIC_KEY",
                )) }
            }
            form method="get" action="/verify" {
                p {
                    label for="code" { (lang.pick("Kode verifikasi (dari sertifikat atau kode QR-nya)", "Verification code (from the certificate or its QR code)")) }
                    textarea #code name="code" rows="4" required autocomplete="off" autocapitalize="characters" spellcheck="false" { (code) }
                }
                button type="submit" { (lang.pick("Periksa", "Verify")) }
            }
            p { (lang.pick(
                "Pemeriksaan ini memakai kunci publik penerbit: kode yang diubah satu huruf pun dinyatakan tidak sah. Sertifikat yang dicabut dinyatakan dicabut bila tercatat di register server ini.",
                "This check uses the issuer's public key: a code with even one character changed is not valid. A revoked certificate is said to be revoked when this server's register records it.",
            )) }
        },
    )
}

/// One participant's line on the trainer's page.
#[derive(Debug, Clone)]
pub struct PersonLine {
    /// Name, NIP and unit, as given.
    pub who: String,
    /// Unit.
    pub unit: String,
    /// Questions answered.
    pub answered: usize,
    /// Questions planned.
    pub planned: usize,
    /// Points earned, as written.
    pub score: String,
    /// earned/max as a percentage, written.
    pub percent: String,
    /// How it ended, in words; empty while it runs.
    pub ending: String,
    /// The person's key, when they have used every attempt: the trainer may grant one more.
    pub grant: Option<String>,
}

/// One question's line on the trainer's page.
#[derive(Debug, Clone)]
pub struct QuestionLine {
    /// Its id.
    pub id: String,
    /// Its prompt.
    pub prompt: String,
    /// Answers to it.
    pub answers: usize,
    /// Mean points earned over the points possible, 0 to 1 (partial credit counted).
    pub mean: f64,
    /// Share of answers with full marks, 0 to 1.
    pub right: f64,
    /// The choices picked that earn part of the points (a weighted question's second best),
    /// most picked first: (what it says, how often).
    pub partly: Vec<(String, usize)>,
    /// The wrong choices picked, most picked first: (what it says, how often).
    pub wrong: Vec<(String, usize)>,
}

/// What the trainer's forms on the live part carry.
pub struct TrainerForm<'a> {
    /// The room's token.
    pub token: &'a str,
    /// The trainer's CSRF token.
    pub csrf: &'a str,
}

/// The live part of the trainer's page (sent again by the event stream). The participants'
/// score comes right after the name, so a phone shows both without scrolling.
pub fn room_live(
    lang: Lang,
    closed: bool,
    people: &[PersonLine],
    questions: &[QuestionLine],
    form: &TrainerForm<'_>,
) -> Markup {
    html! {
        @if closed {
            p.notice role="status" { (lang.pick("Ruang ditutup: jawaban baru tidak diterima.", "The room is closed: no new answers are taken.")) }
        }
        h2 { (lang.pick("Peserta", "Participants")) " (" (people.len()) ")" }
        @if people.is_empty() {
            p { (lang.pick("Belum ada yang bergabung.", "Nobody has joined yet.")) }
        } @else {
            // A table wider than a phone scrolls; keyboard users reach it by Tab (axe-core:
            // scrollable-region-focusable), and a screen reader hears what it is.
            div.scroll tabindex="0" role="region" aria-label=(lang.pick("Peserta", "Participants")) {
                table.people {
                    thead { tr {
                        th scope="col" { (lang.t(msg::PARTICIPANT)) }
                        th scope="col" { (lang.t(msg::SCORE)) }
                        th scope="col" { (lang.pick("Status", "Status")) }
                        th scope="col" { (lang.pick("Dijawab", "Answered")) }
                        th scope="col" { (lang.t(msg::ASK_UNIT)) }
                    } }
                    tbody {
                        @for p in people {
                            tr {
                                td { (p.who) }
                                td.score { (p.score) " (" (p.percent) "%)" }
                                td {
                                    (p.ending)
                                    @if let Some(person) = &p.grant {
                                        form.grant method="post" action="/trainer/grant" {
                                            input type="hidden" name="token" value=(form.token);
                                            input type="hidden" name="csrf" value=(form.csrf);
                                            input type="hidden" name="person" value=(person);
                                            button.secondary type="submit" { (lang.pick("Beri 1 kesempatan lagi", "Grant 1 more attempt")) }
                                        }
                                    }
                                }
                                td { progress max=(p.planned) value=(p.answered) aria-label=(lang.pick("Dijawab", "Answered")) {} " " (p.answered) "/" (p.planned) }
                                td { (p.unit) }
                            }
                        }
                    }
                }
            }
        }
        h2 { (lang.pick("Per soal", "Per question")) }
        @if questions.is_empty() {
            p { (lang.t(msg::NONE_ANSWERED)) }
        } @else {
            div.scroll tabindex="0" role="region" aria-label=(lang.pick("Per soal", "Per question")) {
                table {
                    thead { tr {
                        th scope="col" { (lang.pick("Soal", "Question")) }
                        th scope="col" { (lang.pick("Jawaban", "Answers")) }
                        th scope="col" { (lang.pick("Rata-rata poin", "Mean points")) }
                        th scope="col" { (lang.pick("Benar penuh", "Fully right")) }
                        th scope="col" { (lang.pick("Pilihan lain yang dipilih", "Other choices picked")) }
                    } }
                    tbody {
                        @for q in questions {
                            tr {
                                td { span.id { (q.id) } " " (q.prompt) }
                                td { (q.answers) }
                                td { meter min="0" max="1" value=(q.mean) aria-label=(lang.pick("Rata-rata poin", "Mean points")) {} " " (format!("{:.0}%", q.mean * 100.0)) }
                                td { (format!("{:.0}%", q.right * 100.0)) }
                                td {
                                    @for (label, n) in &q.partly { div.partly { (label) " × " (n) " " em { (lang.pick("(sebagian benar)", "(partly right)")) } } }
                                    @for (label, n) in &q.wrong { div.wrong { (label) " × " (n) " " em { (lang.pick("(salah)", "(wrong)")) } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The trainer's page: the link and QR for the room, the live view, and the buttons.
#[allow(clippy::too_many_arguments)]
pub(super) fn trainer(
    app: &App,
    lang: Lang,
    token: &str,
    csrf: &str,
    participant_link: &str,
    closed: bool,
    live: Markup,
) -> Markup {
    let words = Words {
        bank: &app.bank,
        lang,
    };
    let title = format!(
        "{} — {}",
        lang.pick("Ruang pelatih", "Trainer's room"),
        words.text(app.bank.bank.title.get_ref())
    );
    let with_token = |path: &str| format!("{path}?token={token}");
    layout(
        lang,
        &title,
        &with_token("/trainer"),
        html! {
            noscript { meta http-equiv="refresh" content="15"; }
            script src="/trainer.js" defer {}
        },
        html! {
            h1 { (title) }
            p { (lang.pick("Ruang", "Room")) ": " strong { (app.room.name) } }
            details.join {
                summary { (lang.pick("Tautan dan kode QR untuk peserta", "Link and QR code for participants")) }
                p { code { (participant_link) } }
                div.qr role="img" aria-label=(lang.pick("Kode QR tautan peserta", "QR code of the participant link")) { (PreEscaped(super::security::qr_svg(participant_link))) }
            }
            div #live data-events=(with_token("/trainer/events")) aria-live="polite" { (live) }
            p { a href=(with_token("/trainer")) { (lang.pick("Muat ulang", "Refresh")) } }
            h2 { (lang.pick("Unduh", "Download")) }
            ul.downloads {
                li { a href=(with_token("/trainer/export.xlsx")) { (lang.pick("Hasil (Excel)", "Results (Excel)")) } }
                li { a href=(with_token("/trainer/export.csv")) { (lang.pick("Hasil (CSV)", "Results (CSV)")) } }
                li { a href=(with_token("/trainer/report.html")) { (lang.pick("Laporan (HTML)", "Report (HTML)")) } }
            }
            @if !closed {
                form method="post" action="/trainer/close" {
                    input type="hidden" name="token" value=(token);
                    input type="hidden" name="csrf" value=(csrf);
                    button.danger type="submit" { (lang.pick("Tutup ruang (tidak menerima jawaban baru)", "Close the room (no new answers)")) }
                }
            }
        },
    )
}
