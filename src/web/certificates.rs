//! Certificates in the room: a participant who passed downloads their own from the summary
//! (`GET /certificate`, by their session: nobody else's), and anyone checks a code on
//! `/verify` (a form, and `?code=` for a QR code's link) with the room's keys and its store's
//! register. Issuing, rendering and judging are `cert`'s, the same as `kuis certificate` and
//! `kuis verify`.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::cert::{self, issue::Issuer};

use super::participant::{LangQuery, load, respond, room_closed, visit};
use super::{App, Reply, WebError, pages};

/// The longest code judged: a real one is a few hundred characters.
const CODE_MAX: usize = 4096;

pub(super) fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/verify", get(verify))
        .route("/certificate", get(download))
}

/// `/verify?code=…&lang=…`.
#[derive(Debug, Default, Deserialize)]
struct VerifyQuery {
    code: Option<String>,
    lang: Option<String>,
}

/// `GET /verify`: the form, and with `?code=` the verdict on it.
async fn verify(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<VerifyQuery>,
) -> Result<Response, WebError> {
    let v = visit(&app, &headers, &LangQuery { lang: query.lang });
    let lang = v.lang;
    let code = query
        .code
        .map(|c| c.trim().chars().take(CODE_MAX).collect::<String>())
        .filter(|c| !c.is_empty());
    let reply = match code {
        Some(code) if !app.certificates.keys.is_empty() => {
            app.with_store(move |store, app| {
                let judged = cert::judge_with(&code, &app.certificates.keys, Some(store), lang)?;
                Ok(Reply::Page(pages::verify(
                    app,
                    lang,
                    Some((&code, &judged)),
                )))
            })
            .await?
        }
        _ => Reply::Page(pages::verify(&app, lang, None)),
    };
    Ok(respond([v.set_lang], reply))
}

/// `GET /certificate`: the PDF of the visitor's own passed exam, recorded in the register as
/// `kuis certificate` records it (the same attempt gives the same code, so a second download
/// is the same certificate). Anything else (no key, a practice, a failed or unfinished
/// attempt, a score not shown yet) goes back to the summary.
async fn download(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<LangQuery>,
) -> Result<Response, WebError> {
    let v = visit(&app, &headers, &query);
    let lang = v.lang;
    let Some(sid) = v.sid else {
        return Ok(Reply::Go("/".into()).into_response());
    };
    let pdf = app
        .with_store(move |store, app| {
            let Some(key) = &app.certificates.signing else {
                return Err(WebError::NotFound);
            };
            let Some((row, _)) = load(store, app, &sid)? else {
                return Ok(None);
            };
            if row.ending.is_none() || !app.shows_score(room_closed(store, app)?) {
                return Ok(None);
            }
            let Some(attempt) = row
                .attempt_id
                .as_deref()
                .map(|id| store.attempt(id))
                .transpose()?
                .flatten()
            else {
                return Ok(None);
            };
            // A revoked certificate is not handed out again (its code would verify offline).
            if store.revoked_of(&attempt.id.to_string())?.is_some() {
                return Ok(None);
            }
            let tz = jiff::tz::TimeZone::system();
            let issuer = Issuer::new(&app.bank, key, tz.clone());
            let Ok(certificate) = issuer.issue(&attempt) else {
                return Ok(None);
            };
            let now = jiff::Timestamp::now().to_zoned_datetime(tz);
            {
                let _turn = app.write_turn();
                store.record_certificates(&[cert::entry(
                    &certificate,
                    &crate::results::when::now(),
                )])?;
            }
            let pdf = cert::pdf_of(
                &certificate,
                issuer.title(lang),
                app.certificates.verify_url.as_deref(),
                lang,
                now,
            )
            .map_err(|e| WebError::Internal(e.0))?;
            Ok(Some((cert::file_name(&certificate, lang), pdf)))
        })
        .await?;
    let Some((name, pdf)) = pdf else {
        return Ok(respond([v.set_lang], Reply::Go("/done".into())));
    };
    let encoded: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{encoded}",
        lang.pick("sertifikat.pdf", "certificate.pdf")
    );
    let mut response = pdf.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(cookie) = v.set_lang {
        headers.append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}
