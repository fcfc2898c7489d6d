//! The participant's pages: who you are, one question per page, the feedback (practice), and
//! the summary. Each handler loads the web session from the store, replays it, acts, and
//! answers with a page or a redirect (POST then redirect, so a reload never posts twice).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::i18n::Lang;
use crate::quiz::ResponseError;
use crate::results::attempt::Participant;
use crate::results::store::Store;
use crate::results::store::web::{Given, Joined, ToSave, WebAnswer, WebSession, person_keys};
use crate::results::when::rfc3339;

use super::pages::{self, Identity};
use super::security::{self, LANG_COOKIE, SESSION_COOKIE, csrf, same};
use super::{App, Reply, WebError, now_ms};

pub(super) fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(welcome))
        .route("/join", axum::routing::post(join))
        .route("/q", get(question).post(answer))
        .route("/feedback/{n}", get(feedback))
        .route("/stop", get(confirm_stop).post(stop))
        .route("/again", axum::routing::post(again))
        .route("/done", get(done))
}

/// `?lang=en` on any page.
#[derive(Debug, Default, Deserialize)]
pub(super) struct LangQuery {
    pub lang: Option<String>,
}

/// What every request carries: the language (and a cookie remembering a new choice) and the
/// session id from the cookie.
pub(super) struct Visit {
    pub lang: Lang,
    pub set_lang: Option<HeaderValue>,
    pub sid: Option<String>,
}

/// The language: `?lang=` (the participant's own link, remembered in a cookie), else the
/// cookie, else the room's (the trainer's `--lang`, `KUIS_LANG`, else Indonesian). The
/// browser's Accept-Language is heard only under `--lang auto`: phones in an Indonesian room
/// are often set to English, and the room's language is the trainer's choice.
pub(super) fn visit(app: &App, headers: &HeaderMap, query: &LangQuery) -> Visit {
    let asked = query.lang.as_deref().and_then(Lang::from_code);
    let lang = asked
        .or_else(|| security::cookie(headers, LANG_COOKIE).and_then(Lang::from_code))
        .or_else(|| app.lang_auto.then(|| accepted(headers)).flatten())
        .unwrap_or(app.lang);
    Visit {
        lang,
        set_lang: asked.map(|l| security::set_cookie(LANG_COOKIE, l.code())),
        sid: security::cookie(headers, SESSION_COOKIE)
            .filter(|s| security::is_id(s))
            .map(str::to_owned),
    }
}

/// The language of `Accept-Language` with the highest weight that kuis speaks.
fn accepted(headers: &HeaderMap) -> Option<Lang> {
    let value = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    value
        .split(',')
        .filter_map(|part| {
            let mut bits = part.split(';');
            let lang = Lang::from_code(bits.next()?)?;
            let q = bits
                .find_map(|b| b.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f64>().ok())
                .unwrap_or(1.0);
            Some((lang, q))
        })
        .filter(|(_, q)| *q > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(lang, _)| lang)
}

/// A response with the cookies to set.
pub(super) fn respond(
    cookies: impl IntoIterator<Item = Option<HeaderValue>>,
    reply: Reply,
) -> Response {
    let mut response = reply.into_response();
    for c in cookies.into_iter().flatten() {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    response
}

/// A posted form's fields, in order (a field may repeat: the ticked options).
pub(super) fn fields(body: &Bytes) -> Vec<(String, String)> {
    form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The first value of field `name`.
pub(super) fn field<'f>(fields: &'f [(String, String)], name: &str) -> Option<&'f str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The form's CSRF token must be the session's.
fn check_csrf(app: &App, sid: &str, fields: &[(String, String)]) -> Result<(), WebError> {
    match field(fields, "csrf") {
        Some(token) if same(token, &csrf(&app.room.secret, sid)) => Ok(()),
        _ => Err(WebError::Forbidden),
    }
}

/// The session of `sid` in this room on this bank, with its answers. A session of another
/// room, or on a bank that has changed since (its plan cannot be drawn again), is not resumed:
/// the welcome page starts a new one under a new cookie.
pub(super) fn load(
    store: &Store,
    app: &App,
    sid: &str,
) -> Result<Option<(WebSession, Vec<WebAnswer>)>, WebError> {
    Ok(store
        .web_session(sid)?
        .filter(|(row, _)| row.room == app.room.name && row.bank_sha256 == app.bank_ref.sha256))
}

/// End the running session `sid` as `ending` and save its attempt (none when nothing was
/// answered), in `lang` (`None`: the language it started in, for an end the server decides).
/// The attempt is built inside the ending transaction from the answers read there, so an
/// answer acknowledged just before is in it. A timed-out attempt finishes at its deadline:
/// its time taken is the limit, however late the server noticed.
pub(super) fn end(
    store: &mut Store,
    app: &App,
    sid: &str,
    ending: &str,
    lang: Option<Lang>,
) -> Result<(), WebError> {
    let mut build = |row: &WebSession, answers: &[WebAnswer]| {
        if answers.is_empty() {
            return Ok(None);
        }
        let session = app.replay(row, answers).map_err(|e| format!("{e:?}"))?;
        let finished = match row.deadline_ms {
            Some(deadline) if ending == "time-up" => {
                jiff::Timestamp::from_millisecond(deadline.max(row.started_ms))
                    .map(rfc3339)
                    .unwrap_or_else(|_| crate::results::when::now())
            }
            _ => crate::results::when::now(),
        };
        let lang = lang.unwrap_or_else(|| Lang::from_code(&row.lang).unwrap_or_default());
        Ok(Some(app.attempt(row, &session, ending, lang, finished)))
    };
    let _turn = app.write_turn();
    store.end_web_session(sid, ending, &mut build)?;
    Ok(())
}

/// End the room's running sessions that are due: those whose time is up, and with `closing`
/// all of them (the trainer closed the room). Each attempt records its session's language.
pub(super) fn end_due(store: &mut Store, app: &App, closing: bool) -> Result<(), WebError> {
    let now = now_ms();
    for (row, _) in store.room_sessions(&app.room.name)? {
        let late = row.deadline_ms.is_some_and(|d| now >= d);
        if row.ending.is_none() && (late || closing) {
            let ending = if late { "time-up" } else { "interrupted" };
            end(store, app, &row.id, ending, None)?;
        }
    }
    Ok(())
}

/// End a running session when its time is up or its room closed; true when it ended.
fn ended_by_clock_or_room(
    store: &mut Store,
    app: &App,
    row: &WebSession,
    lang: Lang,
) -> Result<bool, WebError> {
    if row.deadline_ms.is_some_and(|d| now_ms() >= d) {
        end(store, app, &row.id, "time-up", Some(lang))?;
        return Ok(true);
    }
    if room_closed(store, app)? {
        end(store, app, &row.id, "interrupted", Some(lang))?;
        return Ok(true);
    }
    Ok(false)
}

/// Whether the trainer has closed the room.
pub(super) fn room_closed(store: &Store, app: &App) -> Result<bool, WebError> {
    Ok(store
        .room(&app.room.name)?
        .is_some_and(|r| r.closed.is_some()))
}

/// `/`: who are you? (Or on to where this session is.)
async fn welcome(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<LangQuery>,
) -> Result<Response, WebError> {
    let v = visit(&app, &headers, &query);
    let lang = v.lang;
    let given = v.sid.clone();
    let (reply, new_sid) = app
        .with_store(move |store, app| {
            if let Some(sid) = &given
                && let Some((row, _)) = load(store, app, sid)?
            {
                let to = if row.ending.is_some() { "/done" } else { "/q" };
                return Ok((Reply::Go(to.into()), None));
            }
            // A cookie that names no session here is never kept (it may have been planted
            // on a shared phone): the form is signed for a fresh id, and joining gives
            // another.
            let sid = security::random_hex();
            let page = pages::welcome(
                app,
                lang,
                &csrf(&app.room.secret, &sid),
                &Identity::default(),
                &[],
                room_closed(store, app)?,
            );
            Ok((Reply::Page(page), Some(sid)))
        })
        .await?;
    let cookie = new_sid.map(|sid| security::set_cookie(SESSION_COOKIE, &sid));
    Ok(respond([cookie, v.set_lang], reply))
}

/// `POST /join`: check the identity as the terminal does, and start the quiz under a new
/// random session id (the form's own id is never the session's: whoever knew or planted it
/// learns nothing), when the person has an attempt left in this room.
async fn join(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let v = visit(&app, &headers, &LangQuery::default());
    let lang = v.lang;
    let form_sid = v.sid.ok_or(WebError::Forbidden)?;
    let fields = fields(&body);
    check_csrf(&app, &form_sid, &fields)?;
    let given = Identity {
        name: field(&fields, "name").unwrap_or("").to_owned(),
        nip: field(&fields, "nip").unwrap_or("").to_owned(),
        unit: field(&fields, "unit").unwrap_or("").to_owned(),
    };
    let (reply, sid) = app
        .with_store(move |store, app| {
            if load(store, app, &form_sid)?.is_some() {
                return Ok((Reply::Go("/q".into()), None));
            }
            let closed = room_closed(store, app)?;
            let (participant, errors) = check_identity(&given, lang);
            let Some(participant) = participant.filter(|_| !closed) else {
                return Ok((
                    Reply::Page(pages::welcome(
                        app,
                        lang,
                        &csrf(&app.room.secret, &form_sid),
                        &given,
                        &errors,
                        closed,
                    )),
                    None,
                ));
            };
            let now = jiff::Timestamp::now();
            let started_ms = now.as_millisecond();
            let (person, alias) = person_keys(&participant);
            let used = store.tally(&app.room.name, &person, &alias)?.used;
            let row = WebSession {
                id: security::random_hex(),
                room: app.room.name.clone(),
                participant,
                bank_sha256: app.bank_ref.sha256.clone(),
                options: serde_json::to_string(&app.quiz)
                    .map_err(|e| WebError::Internal(e.to_string()))?,
                seed: security::seed(&app.room.secret, &app.room.name, &person, used),
                started: rfc3339(now),
                started_ms,
                deadline_ms: app.quiz.limit_secs.map(|s| {
                    started_ms.saturating_add(i64::try_from(s).unwrap_or(i64::MAX / 2000) * 1000)
                }),
                lang: lang.code().into(),
                ending: None,
                attempt_id: None,
                person,
                alias,
            };
            let _turn = app.write_turn();
            match store.join_web_session(&row, app.attempts)? {
                Joined::Started => Ok((Reply::Go("/q".into()), Some(row.id))),
                Joined::Used { used, allowed } => {
                    Ok((Reply::Page(pages::used(app, lang, used, allowed)), None))
                }
            }
        })
        .await?;
    let cookie = sid.map(|sid| security::set_cookie(SESSION_COOKIE, &sid));
    Ok(respond([cookie], reply))
}

/// The identity as the terminal asks it: a name (required), a NIP of 18 digits or none, a
/// unit; each field cleaned as every way in cleans them ([`crate::words`]), none cut unseen.
fn check_identity(given: &Identity, lang: Lang) -> (Option<Participant>, Vec<String>) {
    use crate::i18n::msg;
    use crate::words;
    let mut errors = Vec::new();
    let (name, unit) = (words::field(&given.name), words::field(&given.unit));
    for why in [&name, &unit].into_iter().filter_map(|f| f.as_ref().err()) {
        let said = why.message(lang).to_owned();
        if !errors.contains(&said) {
            errors.push(said);
        }
    }
    let (name, unit) = (name.ok(), unit.ok());
    if name.as_deref() == Some("") {
        errors.push(lang.t(msg::NAME_EMPTY).to_owned());
    }
    let nip = match words::nip(&given.nip) {
        Ok(nip) => nip,
        Err(_) => {
            errors.push(lang.t(msg::NIP_INVALID).to_owned());
            None
        }
    };
    if !errors.is_empty() {
        return (None, errors);
    }
    let nonempty = |s: Option<String>| s.filter(|s| !s.is_empty());
    (
        Some(Participant {
            name: nonempty(name),
            nip,
            unit: nonempty(unit),
        }),
        errors,
    )
}

/// Act on the visitor's running or ended web session: `act` gets the store, the language and
/// the session with its answers. Without a session the visitor goes to the welcome page.
async fn on_session(
    app: Arc<App>,
    v: Visit,
    act: impl FnOnce(&mut Store, &App, Lang, WebSession, Vec<WebAnswer>) -> Result<Reply, WebError>
    + Send
    + 'static,
) -> Result<Response, WebError> {
    let lang = v.lang;
    let reply = match v.sid {
        None => Reply::Go("/".into()),
        Some(sid) => {
            app.with_store(move |store, app| match load(store, app, &sid)? {
                None => Ok(Reply::Go("/".into())),
                Some((row, answers)) => act(store, app, lang, row, answers),
            })
            .await?
        }
    };
    Ok(respond([v.set_lang], reply))
}

/// A posted form of the visitor's session: its CSRF token checked, its fields handed on.
fn posted(
    app: &App,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<(Visit, Vec<(String, String)>), WebError> {
    let v = visit(app, headers, &LangQuery::default());
    let sid = v.sid.as_deref().ok_or(WebError::Forbidden)?;
    let fields = fields(body);
    check_csrf(app, sid, &fields)?;
    Ok((v, fields))
}

/// `GET /q`: the question to answer now.
async fn question(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<LangQuery>,
) -> Result<Response, WebError> {
    let v = visit(&app, &headers, &query);
    on_session(app, v, |store, app, lang, row, answers| {
        if row.ending.is_some() || ended_by_clock_or_room(store, app, &row, lang)? {
            return Ok(Reply::Go("/done".into()));
        }
        ask(app, &row, &answers, lang, None)
    })
    .await
}

/// The page of the current question, with `error` above its options.
fn ask(
    app: &App,
    row: &WebSession,
    answers: &[WebAnswer],
    lang: Lang,
    error: Option<String>,
) -> Result<Reply, WebError> {
    let session = app.replay(row, answers)?;
    let Some(shown) = session.current() else {
        return Ok(Reply::Go("/done".into()));
    };
    let remaining = row
        .deadline_ms
        .map(|d| u64::try_from((d - now_ms()).max(0)).unwrap_or(0));
    Ok(Reply::Page(pages::question(
        app,
        lang,
        &shown,
        remaining,
        &csrf(&app.room.secret, &row.id),
        error.as_deref(),
    )))
}

/// `POST /q`: answer the current question, once.
async fn answer(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let (v, fields) = posted(&app, &headers, &body)?;
    let position: usize = field(&fields, "position")
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| {
            WebError::BadRequest(
                "Jawaban tidak terbaca; muat ulang halaman. / The answer could not be read; reload the page.".into(),
            )
        })?;
    let picked: Vec<usize> = fields
        .iter()
        .filter(|(k, _)| k == "pick")
        .map(|(_, v)| v.parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| {
            WebError::BadRequest(
                "Jawaban tidak terbaca; muat ulang halaman. / The answer could not be read; reload the page.".into(),
            )
        })?;
    // The page's clock ran out: the server decides whether time is up.
    let expired = field(&fields, "expired").is_some();
    on_session(app, v, move |store, app, lang, row, answers| {
        let exam = app.quiz.exam;
        let after = |position: usize, last: bool| {
            Reply::Go(match (exam, last) {
                (false, _) => format!("/feedback/{}", position + 1),
                (true, true) => "/done".into(),
                (true, false) => "/q".into(),
            })
        };
        if row.ending.is_some() {
            return Ok(if position < answers.len() {
                after(position, true)
            } else {
                Reply::Go("/done".into())
            });
        }
        // The same answer posted twice (a double click, a resent form) counts once.
        if position < answers.len() {
            return Ok(after(position, false));
        }
        if position > answers.len() {
            return Ok(Reply::Go("/q".into()));
        }
        // A late answer does not count: the attempt ends as timed out.
        if ended_by_clock_or_room(store, app, &row, lang)? {
            return Ok(Reply::Go("/done".into()));
        }
        // The page's clock ran out with nothing picked, before the server's: back to the
        // question, with the time the server counts.
        if expired && picked.is_empty() {
            return Ok(Reply::Go("/q".into()));
        }
        let mut session = app.replay(&row, &answers)?;
        let now = now_ms();
        let since = answers.last().map_or(row.started_ms, |a| a.answered_ms);
        let seconds = (now - since).max(0) as f64 / 1000.0;
        if let Err(e) = session.answer(&picked, seconds) {
            let why = match e {
                ResponseError::Empty | ResponseError::TooMany | ResponseError::Finished => lang
                    .pick("Pilih satu jawaban.", "Pick one answer.")
                    .to_owned(),
                // Only a hand-made form gets here: the page offers no such option.
                ResponseError::OutOfRange(p) => {
                    let l = crate::bank::model::letter(p);
                    lang.pick(
                        format!("Tidak ada pilihan {l}."),
                        format!("There is no option {l}."),
                    )
                }
                ResponseError::Duplicate(p) => {
                    let l = crate::bank::model::letter(p);
                    lang.pick(
                        format!("Pilihan {l} terpilih dua kali."),
                        format!("Option {l} is picked twice."),
                    )
                }
            };
            return ask(app, &row, &answers, lang, Some(why));
        }
        let last = session.current().is_none();
        let attempt = last.then(|| {
            app.attempt(
                &row,
                &session,
                "completed",
                lang,
                crate::results::when::now(),
            )
        });
        let given = WebAnswer {
            position,
            picked,
            seconds,
            answered_ms: now,
        };
        let saved = app.writer.save(ToSave {
            session: row.id.clone(),
            answer: given,
            finished: attempt,
        })?;
        Ok(match saved {
            Given::Ended => Reply::Go("/done".into()),
            Given::Saved | Given::Again => after(position, last),
        })
    })
    .await
}

/// `GET /stop`: "Yakin?" — stopping ends the attempt for good, so it takes a second step
/// on a page of its own (a form, so it works without script).
async fn confirm_stop(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<LangQuery>,
) -> Result<Response, WebError> {
    let v = visit(&app, &headers, &query);
    on_session(app, v, |_, app, lang, row, answers| {
        if row.ending.is_some() {
            return Ok(Reply::Go("/done".into()));
        }
        Ok(Reply::Page(pages::confirm_stop(
            lang,
            answers.len(),
            app.planned,
            &csrf(&app.room.secret, &row.id),
        )))
    })
    .await
}

/// `POST /stop` with `confirm`: the participant stops early, as Esc does at a terminal; the
/// answers so far are scored and kept. Without `confirm` it asks first.
async fn stop(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let (v, fields) = posted(&app, &headers, &body)?;
    if field(&fields, "confirm") != Some("1") {
        return Ok(Reply::Go("/stop".into()).into_response());
    }
    on_session(app, v, |store, app, lang, row, _| {
        if row.ending.is_none() {
            end(store, app, &row.id, "interrupted", Some(lang))?;
        }
        Ok(Reply::Go("/done".into()))
    })
    .await
}

/// `POST /again`: after the end, a new quiz in the same browser, or someone else's on a shared
/// phone (a new session cookie, so the welcome page asks who; the ended session and its
/// attempt stay as they are).
async fn again(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let (v, _) = posted(&app, &headers, &body)?;
    let sid = security::random_hex();
    let fresh = security::set_cookie(SESSION_COOKIE, &sid);
    let response = on_session(app, v, |_, _, _, row, _| {
        Ok(Reply::Go(
            if row.ending.is_some() { "/" } else { "/q" }.into(),
        ))
    })
    .await?;
    // Only an ended session makes way for a new one.
    Ok(match response.headers().get(header::LOCATION) {
        Some(to) if to == "/" => respond([Some(fresh)], Reply::Go("/".into())),
        _ => response,
    })
}

/// `GET /feedback/N`: what the terminal says after answer N, in practice mode; in an exam,
/// only once its review is open (see [`App::reveals`]).
async fn feedback(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(n): Path<usize>,
    Query(query): Query<LangQuery>,
) -> Result<Response, WebError> {
    let v = visit(&app, &headers, &query);
    on_session(app, v, move |store, app, lang, row, answers| {
        let held =
            app.quiz.exam && (row.ending.is_none() || !app.reveals(room_closed(store, app)?));
        if n == 0 || n > answers.len() || held {
            return Ok(Reply::Go(
                if row.ending.is_some() { "/done" } else { "/q" }.into(),
            ));
        }
        let session = app.replay(&row, &answers)?;
        let fb = session.feedback(n - 1);
        let more = row.ending.is_none() && session.current().is_some();
        Ok(Reply::Page(pages::feedback(app, lang, &fb, more)))
    })
    .await
}

/// `GET /done`: the summary; in an exam, the review once it is open (see [`App::reveals`]),
/// and a new quiz only while the person has an attempt left.
async fn done(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<LangQuery>,
) -> Result<Response, WebError> {
    let v = visit(&app, &headers, &query);
    on_session(app, v, |store, app, lang, row, answers| {
        let (row, answers) = if row.ending.is_none() {
            if !ended_by_clock_or_room(store, app, &row, lang)? {
                return Ok(Reply::Go("/q".into()));
            }
            // As the ending kept them (an answer may have come in meanwhile).
            load(store, app, &row.id)?.unwrap_or((row, answers))
        } else {
            (row, answers)
        };
        let closed = room_closed(store, app)?;
        let session = app.replay(&row, &answers)?;
        let ending = row.ending.as_deref().unwrap_or("completed");
        // Timed out: the time taken is the limit, not when the server noticed.
        let until = match row.deadline_ms {
            Some(deadline) if ending == "time-up" => Some(deadline),
            _ => answers.last().map(|a| a.answered_ms),
        };
        let seconds = until.map_or(0, |t| {
            u64::try_from((t - row.started_ms) / 1000).unwrap_or(0)
        });
        let again = !closed
            && match app.attempts {
                None => true,
                Some(n) => {
                    let t = store.tally(&app.room.name, &row.person, &row.alias)?;
                    t.used < n.saturating_add(t.granted)
                }
            };
        Ok(Reply::Page(pages::done(
            app,
            lang,
            &pages::Summary {
                session: &session,
                ending,
                closed,
                seconds,
                review: app.reveals(closed),
                score: app.shows_score(closed),
                certificate: app.certificates.signing.is_some()
                    && app.quiz.exam
                    && row.attempt_id.is_some(),
                again,
                csrf: &csrf(&app.room.secret, &row.id),
                who: &row.participant,
            },
        )))
    })
    .await
}
