//! What keeps `kuis serve` safe on a room's network: random ids, CSRF tokens, the trainer's
//! token compared in constant time, security headers, size limits, a per-client rate limit on
//! posts, and the embedded assets (nothing is served from disk).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use subtle::ConstantTimeEq;

use super::listen::address_key;
use super::{App, WebError};

/// The largest request body: a form of a few fields.
pub const BODY_LIMIT: usize = 16 * 1024;

/// The largest total size of a request's headers.
const HEADER_LIMIT: usize = 16 * 1024;

/// Posts one client may make in a burst, and how many per second it earns back: a room
/// behind one NAT address still answers at a human pace. Loopback is not limited: it is this
/// machine (the trainer, a local benchmark, or a reverse proxy that limits on its own).
const BURST: f64 = 120.0;
const PER_SECOND: f64 = 20.0;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "kuis_sesi";
/// The language cookie's name.
pub const LANG_COOKIE: &str = "kuis_lang";

/// 128 random bits as 32 hex digits: session ids, tokens, secrets.
pub fn random_hex() -> String {
    format!("{:032x}", rand::random::<u128>())
}

/// Whether `id` looks like one of ours (so nothing else reaches the store as a key).
pub fn is_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The CSRF token of `subject` (a session id, or "trainer") in a room with `secret`: the
/// first 32 hex digits of SHA-256 over both. Any server of the room derives the same one.
pub fn csrf(secret: &str, subject: &str) -> String {
    let mut hex = crate::results::attempt::content_hash([secret, ":", subject]);
    hex.truncate(32);
    hex
}

/// The seed of the draw for `person`'s quiz after `used` counted ones in `room` (with its
/// `secret`): SHA-256 over them. Joining again before answering deals the same questions in
/// the same order (nobody rerolls until question 1 is one they know), a retake that counts
/// deals a new draw, and without the room's secret nobody can foresee one.
pub fn seed(secret: &str, room: &str, person: &str, used: u32) -> u64 {
    let used = used.to_string();
    let hex = crate::results::attempt::content_hash([secret, ":", room, ":", person, ":", &used]);
    u64::from_str_radix(&hex[..16], 16).unwrap_or_default()
}

/// Equal, in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, for the whole site, kept for a day.
pub fn set_cookie(name: &str, value: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Posts per client, as token buckets: (tokens left, when last filled).
#[derive(Debug, Default)]
pub struct RateLimit {
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimit {
    /// Take one post from `ip`'s bucket; false when it is empty.
    pub fn allow(&self, ip: IpAddr) -> bool {
        let Ok(mut buckets) = self.buckets.lock() else {
            return true;
        };
        let now = Instant::now();
        if buckets.len() > 100_000 {
            // Forget clients that have been quiet long enough to be full again.
            buckets.retain(|_, (_, at)| now.duration_since(*at).as_secs_f64() * PER_SECOND < BURST);
        }
        let (tokens, at) = buckets.entry(ip).or_insert((BURST, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * PER_SECOND).min(BURST);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Whom a request's posts are counted under, for the rate limit: the peer, or, when the peer
/// is a trusted proxy (`--trusted-proxy`), the address that proxy appended last to
/// X-Forwarded-For (only the last entry is the proxy's own word; earlier ones come from the
/// client and may be forged), written `ip`, `ip:port`, `[v6]` or `[v6]:port`. An IPv6 client
/// counts by its /64, as connections do. `None` (not limited) only for a loopback peer that is
/// no proxy: the room's own machine. Through a proxy nothing escapes: a last entry that cannot
/// be read counts under the proxy's own address, and a client the proxy calls 127.0.0.1 is
/// counted as 127.0.0.1.
pub fn rate_key(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> Option<IpAddr> {
    if !trusted.contains(&peer) {
        return (!peer.is_loopback()).then(|| address_key(peer));
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .next_back()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(forwarded_address);
    Some(address_key(forwarded.unwrap_or(peer)))
}

/// One X-Forwarded-For entry's address: `ip`, `ip:port` or `[v6]:port` (as some balancers
/// write it), or `[v6]`.
fn forwarded_address(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|a| a.ip()))
        .or_else(|| entry.strip_prefix('[')?.strip_suffix(']')?.parse().ok())
}

/// Every response gets the security headers; oversized headers and too many posts are refused.
pub(super) async fn guard(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let size: usize = request
        .headers()
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len())
        .sum();
    let mut response = if size > HEADER_LIMIT {
        WebError::BadRequest("Header terlalu besar. / Headers too large.".into()).into_response()
    } else if request.method() == Method::POST
        && let Some(client) = rate_key(peer.ip(), request.headers(), &app.trusted_proxies)
        && !app.limiter.allow(client)
    {
        WebError::TooMany.into_response()
    } else {
        let response = next.run(request).await;
        // The body limit's own answer is a bare English line; say it as every refusal is said.
        if response.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            WebError::TooLarge.into_response()
        } else {
            response
        }
    };
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The stylesheet, the trainer's script and the question page's clock, compiled in.
pub(super) fn assets() -> Router<Arc<App>> {
    fn asset(kind: &'static str, body: &'static str) -> Response {
        (
            [
                (header::CONTENT_TYPE, kind),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            body,
        )
            .into_response()
    }
    Router::new()
        .route(
            "/style.css",
            get(|| async { asset("text/css; charset=utf-8", include_str!("style.css")) }),
        )
        .route(
            "/trainer.js",
            get(|| async { asset("text/javascript; charset=utf-8", include_str!("trainer.js")) }),
        )
        .route(
            "/clock.js",
            get(|| async { asset("text/javascript; charset=utf-8", include_str!("clock.js")) }),
        )
}

/// `link` as a QR code for the terminal, two rows of modules per line of text.
pub fn qr_text(link: &str) -> String {
    use qrcode::render::unicode::Dense1x2;
    match qrcode::QrCode::new(link.as_bytes()) {
        Ok(code) => code
            .render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
        Err(_) => String::new(),
    }
}

/// `link` as a QR code in SVG, for the trainer's page (to put on the projector).
pub fn qr_svg(link: &str) -> String {
    use qrcode::render::svg;
    match qrcode::QrCode::new(link.as_bytes()) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(200, 200)
            .build(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test that ids are 32 hex digits, tokens compare by content, and cookies are found.
    #[test]
    fn ids_tokens_cookies() {
        let id = random_hex();
        assert!(is_id(&id));
        assert!(!is_id("../etc/passwd"));
        assert_eq!(csrf("s", &id), csrf("s", &id));
        assert_ne!(csrf("s", &id), csrf("t", &id));
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; kuis_sesi=xyz"),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("xyz"));
        assert_eq!(cookie(&headers, "b"), None);
    }

    // Test that only a trusted proxy's last X-Forwarded-For entry names the client (also as
    // `ip:port` and `[v6]:port`; IPv6 by its /64), that an untrusted peer's header is ignored,
    // and that through a proxy nothing counts as the unlimited loopback: an unreadable entry
    // counts under the proxy, a client the proxy calls 127.0.0.1 as 127.0.0.1.
    #[test]
    fn client_behind_a_proxy() {
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let with = |xff: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert("x-forwarded-for", HeaderValue::from_static(xff));
            headers
        };
        let key = |xff| rate_key(proxy, &with(xff), &[proxy]);
        let ip = |s: &str| Some(s.parse::<IpAddr>().unwrap());
        assert_eq!(key("127.0.0.1, 203.0.113.7"), ip("203.0.113.7"));
        assert_eq!(key("1.2.3.4:5678"), ip("1.2.3.4"));
        assert_eq!(key("[2001:db8::1]:443"), ip("2001:db8::"));
        assert_eq!(key("10.0.0.9, [2001:db8:0:0:1::7]"), ip("2001:db8::"));
        assert_eq!(key("not an address"), ip("127.0.0.1"));
        assert_eq!(key("203.0.113.7, ::1"), ip("::"));
        assert_eq!(
            rate_key(proxy, &HeaderMap::new(), &[proxy]),
            ip("127.0.0.1")
        );
        // Not trusted: the header is ignored, and loopback is not limited.
        assert_eq!(rate_key(proxy, &with("1.2.3.4"), &[]), None);
        let other: IpAddr = "10.0.0.5".parse().unwrap();
        assert_eq!(rate_key(other, &with("1.2.3.4"), &[proxy]), Some(other));
    }

    // Test that a client's burst is allowed and the next post is refused.
    #[test]
    fn rate_limit() {
        let limit = RateLimit::default();
        let ip: IpAddr = [10, 0, 0, 1].into();
        let allowed = (0..(BURST as usize + 10))
            .filter(|_| limit.allow(ip))
            .count();
        assert!(allowed >= BURST as usize && allowed < BURST as usize + 10);
    }
}
