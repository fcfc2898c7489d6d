//! The trainer's pages: the room live (server-sent events, a plain refresh without script),
//! closing the room, and the downloads, made by the same code as `kuis export` and
//! `kuis report`. Every route needs the room's token, compared in constant time.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::stream::Stream;
use serde::Deserialize;

use crate::i18n::Lang;
use crate::results::export;
use crate::results::filter::Filter;
use crate::results::report::Reports;
use crate::results::report::render::{self, Style};
use crate::results::store::Store;
use crate::say::{Words, points};

use super::pages::{self, PersonLine, QuestionLine};
use super::participant::{self, LangQuery, field, fields, respond, visit};
use super::security::{csrf, same};
use super::{App, Reply, WebError};

pub(super) fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/trainer", get(room))
        .route("/trainer/close", post(close))
        .route("/trainer/grant", post(grant))
        .route("/trainer/events", get(events))
        .route("/trainer/export.xlsx", get(xlsx))
        .route("/trainer/export.csv", get(csv))
        .route("/trainer/report.html", get(report))
}

/// `?token=…&lang=…`.
#[derive(Debug, Default, Deserialize)]
struct TokenQuery {
    token: Option<String>,
    lang: Option<String>,
}

impl TokenQuery {
    fn lang(&self) -> LangQuery {
        LangQuery {
            lang: self.lang.clone(),
        }
    }
}

/// The token must be the room's.
fn check(app: &App, token: Option<&str>) -> Result<(), WebError> {
    match token {
        Some(t) if same(t, &app.room.token) => Ok(()),
        _ => Err(WebError::Unauthorized),
    }
}

/// End sessions whose time ran out while nobody looked, then describe the room.
fn live(
    store: &mut Store,
    app: &App,
    lang: Lang,
) -> Result<(bool, Vec<PersonLine>, Vec<QuestionLine>), WebError> {
    let name = &app.room.name;
    participant::end_due(store, app, false)?;
    let closed = store.room(name)?.is_some_and(|r| r.closed.is_some());
    let words = Words {
        bank: &app.bank,
        lang,
    };
    let sessions = store.room_sessions(name)?;
    // A person's last quiz carries the grant button, when they have no attempt left.
    let mut last: HashMap<&str, usize> = HashMap::new();
    for (i, (row, _)) in sessions.iter().enumerate() {
        last.insert(row.person.as_str(), i);
    }
    let mut people = Vec::new();
    // Per question id: its line, with sums in `mean` and `right` until the end.
    let mut per: HashMap<String, QuestionLine> = HashMap::new();
    for (i, (row, answers)) in sessions.iter().enumerate() {
        let Ok(session) = app.replay(row, answers) else {
            continue;
        };
        let outcome = session.finish();
        let p = &row.participant;
        let mut who = p
            .name
            .clone()
            .unwrap_or_else(|| lang.t(crate::i18n::msg::ANONYMOUS).into());
        if let Some(nip) = &p.nip {
            who = format!("{who} · NIP {nip}");
        }
        let grant = match app.attempts {
            Some(n) if row.ending.is_some() && last.get(row.person.as_str()) == Some(&i) => {
                let t = store.tally(name, &row.person, &row.alias)?;
                (t.used >= n.saturating_add(t.granted)).then(|| row.person.clone())
            }
            _ => None,
        };
        people.push(PersonLine {
            who,
            unit: p.unit.clone().unwrap_or_default(),
            answered: outcome.answered(),
            planned: outcome.planned,
            score: format!(
                "{}/{}",
                points(outcome.earned, lang),
                points(outcome.max, lang)
            ),
            percent: lang.decimal(outcome.percent + 0.0, 1),
            ending: match row.ending.as_deref() {
                None => lang.pick("sedang mengerjakan", "in progress").into(),
                Some("completed") => lang.pick("selesai", "completed").into(),
                Some("time-up") => lang.pick("waktu habis", "time up").into(),
                Some(_) => lang.pick("dihentikan", "stopped").into(),
            },
            grant,
        });
        for i in 0..answers.len().min(session.total()) {
            let fb = session.feedback(i);
            let Some(picked) = &fb.picked else { continue };
            let q = fb.shown.question;
            let entry = per
                .entry(q.id.get_ref().clone())
                .or_insert_with(|| QuestionLine {
                    id: q.id.get_ref().clone(),
                    prompt: words.text(q.prompt.get_ref()).to_owned(),
                    answers: 0,
                    mean: 0.0,
                    right: 0.0,
                    partly: Vec::new(),
                    wrong: Vec::new(),
                });
            entry.answers += 1;
            if fb.max > 0.0 {
                entry.mean += fb.earned / fb.max;
            }
            if fb.is_correct() {
                entry.right += 1.0;
            }
            let right = fb.right();
            let weighted = *q.kind.get_ref() == crate::bank::Kind::Weighted;
            for &p in picked.iter().filter(|p| !right.contains(p)) {
                let option = &fb.shown.options[p];
                let label = words.label(option);
                // A weighted choice worth some points is partly right, not wrong.
                let list = if weighted && option.points > 0 {
                    &mut entry.partly
                } else {
                    &mut entry.wrong
                };
                match list.iter_mut().find(|(l, _)| *l == label) {
                    Some((_, n)) => *n += 1,
                    None => list.push((label, 1)),
                }
            }
        }
    }
    let mut questions: Vec<QuestionLine> = per
        .into_values()
        .map(|mut q| {
            for list in [&mut q.partly, &mut q.wrong] {
                list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            }
            q.mean /= q.answers.max(1) as f64;
            q.right /= q.answers.max(1) as f64;
            q
        })
        .collect();
    // The most misunderstood first: that is what the trainer talks about next.
    questions.sort_by(|a, b| a.mean.total_cmp(&b.mean).then_with(|| a.id.cmp(&b.id)));
    Ok((closed, people, questions))
}

/// The live part of the page, with the trainer's forms.
fn live_part(
    app: &App,
    lang: Lang,
    live: (bool, Vec<PersonLine>, Vec<QuestionLine>),
) -> maud::Markup {
    let (closed, people, questions) = live;
    let csrf = csrf(&app.room.secret, "trainer");
    let form = pages::TrainerForm {
        token: &app.room.token,
        csrf: &csrf,
    };
    pages::room_live(lang, closed, &people, &questions, &form)
}

/// `/trainer`: the room.
async fn room(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
) -> Result<Response, WebError> {
    check(&app, query.token.as_deref())?;
    let v = visit(&app, &headers, &query.lang());
    let lang = v.lang;
    let reply = app
        .with_store(move |store, app| {
            let state = live(store, app, lang)?;
            let closed = state.0;
            Ok(Reply::Page(pages::trainer(
                app,
                lang,
                &app.room.token,
                &csrf(&app.room.secret, "trainer"),
                &app.link,
                closed,
                live_part(app, lang, state),
            )))
        })
        .await?;
    Ok(respond([v.set_lang], reply))
}

/// A trainer's form: the room's token and the trainer's CSRF token checked, its fields.
fn trainer_form(app: &App, body: &Bytes) -> Result<Vec<(String, String)>, WebError> {
    let fields = fields(body);
    check(app, field(&fields, "token"))?;
    match field(&fields, "csrf") {
        Some(t) if same(t, &csrf(&app.room.secret, "trainer")) => Ok(fields),
        _ => Err(WebError::Forbidden),
    }
}

/// `POST /trainer/close`: no new answers; every running quiz ends and is saved.
async fn close(State(app): State<Arc<App>>, body: Bytes) -> Result<Response, WebError> {
    trainer_form(&app, &body)?;
    app.with_store(move |store, app| {
        {
            let _turn = app.write_turn();
            store.close_room(&app.room.name, &crate::results::when::now())?;
        }
        participant::end_due(store, app, true)
    })
    .await?;
    Ok(Reply::Go(format!("/trainer?token={}", app.room.token)).into_response())
}

/// `POST /trainer/grant`: one more attempt for a person who has used theirs.
async fn grant(State(app): State<Arc<App>>, body: Bytes) -> Result<Response, WebError> {
    let fields = trainer_form(&app, &body)?;
    let person = field(&fields, "person")
        .filter(|p| !p.is_empty() && p.len() <= 1000)
        .ok_or_else(|| WebError::BadRequest("person?".into()))?
        .to_owned();
    app.with_store(move |store, app| {
        let _turn = app.write_turn();
        Ok(store.grant_attempt(&app.room.name, &person)?)
    })
    .await?;
    Ok(Reply::Go(format!("/trainer?token={}", app.room.token)).into_response())
}

/// The least time between two events of a live view.
const EVENTS_APART: Duration = Duration::from_millis(500);

/// `/trainer/events`: the live part of the page again whenever the room changes.
async fn events(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, WebError> {
    check(&app, query.token.as_deref())?;
    let lang = visit(&app, &headers, &query.lang()).lang;
    // On PostgreSQL the room's changes are announced (see `App::room_changed`): the view waits
    // for one. On SQLite, whose room has one instance, it asks every 2 s.
    let polls = !app.is_postgres();
    let changed = app.room_changed.subscribe();
    // The first event at once.
    let now = tokio::time::Instant::now();
    let start = (
        app,
        changed,
        i64::MIN,
        now.checked_sub(EVENTS_APART).unwrap_or(now),
    );
    let stream =
        futures_util::stream::unfold(start, move |(app, mut changed, last, sent)| async move {
            let mut shutdown = app.shutdown.clone();
            // A busy room changes with every answer: a view shows them at most twice a second,
            // each showing all that came meanwhile, so 300 answering do not cost 300 renderings.
            tokio::select! {
                () = tokio::time::sleep_until(sent + EVENTS_APART) => {}
                _ = shutdown.changed() => return None,
            }
            loop {
                if *shutdown.borrow() {
                    return None;
                }
                // Seen before the pulse is read: a change committed after it wakes the wait below.
                changed.borrow_and_update();
                let pulse = app
                    .with_store(|store, app| Ok(store.room_pulse(&app.room.name)?))
                    .await
                    .ok()?;
                if pulse != last {
                    let html = app
                        .with_store(move |store, app| {
                            Ok(live_part(app, lang, live(store, app, lang)?).into_string())
                        })
                        .await
                        .ok()?;
                    // One event, one line: newlines in bank texts would split it.
                    let event = Event::default()
                        .event("room")
                        .data(html.replace(['\r', '\n'], " "));
                    let sent = tokio::time::Instant::now();
                    return Some((Ok(event), (app, changed, pulse, sent)));
                }
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_secs(2)), if polls => {}
                    Ok(()) = changed.changed() => {}
                    _ = shutdown.changed() => return None,
                }
            }
        });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// A download of the room's attempts made by `make` (on a store connection, in the trainer's
/// language), as a file named after the room.
async fn room_file(
    app: Arc<App>,
    headers: &HeaderMap,
    query: &TokenQuery,
    (kind, ext): (&'static str, &str),
    make: impl FnOnce(&Store, &Filter, Lang) -> Result<Vec<u8>, WebError> + Send + 'static,
) -> Result<Response, WebError> {
    check(&app, query.token.as_deref())?;
    let lang = visit(&app, headers, &query.lang()).lang;
    let bytes = app
        .with_store(move |store, app| {
            let room = Filter {
                room: Some(app.room.name.clone()),
                ..Filter::default()
            };
            make(store, &room, lang)
        })
        .await?;
    // The file is named after the room: its letters and digits, the rest as dashes.
    let room: String = app
        .room
        .name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"kuis-{room}.{ext}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// `/trainer/export.xlsx`: as `kuis export --format xlsx --room NAME`.
async fn xlsx(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    room_file(app, &headers, &query, (kind, "xlsx"), |store, room, _| {
        let tz = jiff::tz::TimeZone::system();
        store
            .each(room, |attempts| export::xlsx(attempts, &tz))?
            .map(|(bytes, _)| bytes)
            .map_err(|e| WebError::Internal(e.to_string()))
    })
    .await
}

/// `/trainer/export.csv`: as `kuis export --excel --room NAME`.
async fn csv(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
) -> Result<Response, WebError> {
    room_file(
        app,
        &headers,
        &query,
        ("text/csv; charset=utf-8", "csv"),
        |store, room, _| {
            let mut out = Vec::new();
            store
                .each(room, |attempts| {
                    export::export(
                        attempts,
                        export::Format::Csv { bom: true },
                        export::Level::Attempt,
                        &mut out,
                    )
                })?
                .map_err(|e| WebError::Internal(e.to_string()))?;
            Ok(out)
        },
    )
    .await
}

/// `/trainer/report.html`: as `kuis report --format html --room NAME`.
async fn report(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let bank = Arc::clone(&app);
    room_file(
        app,
        &headers,
        &query,
        ("text/html; charset=utf-8", "html"),
        move |store, room, lang| {
            let mut reports = Reports::default();
            store.each(room, |attempts| attempts.for_each(|a| reports.add(&a)))?;
            let reports = reports.finish(std::slice::from_ref(&bank.bank), lang.code());
            let style = Style {
                lang,
                tz: jiff::tz::TimeZone::system(),
            };
            Ok(render::html(&reports, &render::title(&reports, lang), &style).into_bytes())
        },
    )
    .await
}
