//! The connections of `kuis serve`: the accept loop, with a timeout for a request's headers,
//! one for an idle kept-alive connection, and caps on the connections open per client address
//! and in all. A participant's phone on a crowded network must not be locked out by a few
//! clients that open connections and say nothing (slowloris): silent and idle connections are
//! closed on time, and when a cap is reached the connection that has waited longest without a
//! request in progress makes way for the new one; only when every connection is busy is a new
//! one refused, with a few static bytes and no work.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};

/// The timeouts and caps (`kuis serve --header-timeout …`).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// From a connection's first byte (or its opening) to the end of a request's headers.
    pub header: Duration,
    /// How long a kept-alive connection may wait for its next request.
    pub idle: Duration,
    /// Connections open at once from one client address (an IPv6 client: its /64).
    pub per_address: usize,
    /// Connections open at once in all.
    pub total: usize,
}

/// Said to a connection refused because every connection is busy.
const FULL: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n\
Content-Type: text/plain; charset=utf-8\r\nContent-Length: 79\r\n\r\n\
Server penuh; coba lagi sebentar. / The server is full; try again in a moment.\n";

/// File descriptors kept for the store, the bank files and the writer beside the connections.
const RESERVED_FDS: u64 = 64;

/// Where a connection is: waiting for a request's headers, serving a request, or idle.
const HEAD: u8 = 0;
const BUSY: u8 = 1;
const IDLE: u8 = 2;

/// One connection's phase, since when, and the calls to end it.
struct Conn {
    phase: AtomicU8,
    /// Milliseconds since the server started when the phase began.
    since: AtomicU64,
    /// The phase changed (the connection's deadline moves).
    changed: Notify,
    /// Made way for a newer connection.
    evicted: Notify,
    address: IpAddr,
}

impl Conn {
    fn set(&self, phase: u8, now: u64) {
        self.phase.store(phase, Ordering::SeqCst);
        self.since.store(now, Ordering::SeqCst);
        self.changed.notify_one();
    }

    /// When this connection is closed unless its phase changes first; none while busy.
    fn deadline(&self, limits: &Limits, start: Instant) -> Option<Instant> {
        let since = start + Duration::from_millis(self.since.load(Ordering::SeqCst));
        match self.phase.load(Ordering::SeqCst) {
            HEAD => Some(since + limits.header),
            IDLE => Some(since + limits.idle),
            _ => None,
        }
    }
}

/// Every open connection, by number, and how many each address holds.
#[derive(Default)]
struct Registry {
    conns: HashMap<u64, Arc<Conn>>,
    per_address: HashMap<IpAddr, usize>,
}

impl Registry {
    fn remove(&mut self, id: u64) {
        if let Some(conn) = self.conns.remove(&id)
            && let Some(n) = self.per_address.get_mut(&conn.address)
        {
            *n -= 1;
            if *n == 0 {
                self.per_address.remove(&conn.address);
            }
        }
    }

    /// Close the connection of `address` (any, when `None`) that has waited longest without a
    /// request in progress; false when every one is busy.
    fn evict(&mut self, address: Option<IpAddr>) -> bool {
        let oldest = self
            .conns
            .iter()
            .filter(|(_, c)| address.is_none_or(|a| c.address == a))
            .filter(|(_, c)| c.phase.load(Ordering::SeqCst) != BUSY)
            .min_by_key(|(_, c)| c.since.load(Ordering::SeqCst))
            .map(|(id, c)| (*id, Arc::clone(c)));
        match oldest {
            Some((id, conn)) => {
                conn.evicted.notify_one();
                self.remove(id);
                true
            }
            None => false,
        }
    }
}

/// The key a client's connections are counted under: its address, an IPv6 address by its /64
/// (one subscriber's network holds a whole /64 and can take a new address per connection).
pub fn address_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        v4 => v4,
    }
}

/// Raise this process's open-files limit to what the system allows, and return the total cap
/// that fits under it (`total`, or less with a note when the system allows fewer).
pub fn fit_total(total: usize) -> usize {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    if limit.current < limit.maximum {
        limit.current = limit.maximum;
        let _ = setrlimit(Resource::Nofile, limit);
    }
    let now = getrlimit(Resource::Nofile).current.unwrap_or(u64::MAX);
    let fits = usize::try_from(now.saturating_sub(RESERVED_FDS)).unwrap_or(usize::MAX);
    total.min(fits.max(1))
}

/// Accept and serve connections until `stop` turns true; then stop accepting, let each
/// connection finish its request, and return when all are closed.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    exempt: Vec<IpAddr>,
    mut stop: watch::Receiver<bool>,
) {
    let start = Instant::now();
    let registry = Arc::new(Mutex::new(Registry::default()));
    let mut tasks = tokio::task::JoinSet::new();
    let mut next_id = 0u64;
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stop.wait_for(|s| *s) => break,
            Some(_) = tasks.join_next(), if !tasks.is_empty() => continue,
        };
        let (stream, peer) = match accepted {
            Ok(a) => a,
            // Out of file descriptors (or another passing failure): make way, then go on.
            Err(_) => {
                if let Ok(mut r) = registry.lock() {
                    r.evict(None);
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let address = address_key(peer.ip());
        let now = start.elapsed().as_millis() as u64;
        let admitted = registry.lock().ok().and_then(|mut r| {
            let mine = r.per_address.get(&address).copied().unwrap_or(0);
            if !exempt.contains(&peer.ip()) && mine >= limits.per_address && !r.evict(Some(address))
            {
                return None;
            }
            if r.conns.len() >= limits.total && !r.evict(None) {
                return None;
            }
            next_id += 1;
            let conn = Arc::new(Conn {
                phase: AtomicU8::new(HEAD),
                since: AtomicU64::new(now),
                changed: Notify::new(),
                evicted: Notify::new(),
                address,
            });
            r.conns.insert(next_id, Arc::clone(&conn));
            *r.per_address.entry(address).or_default() += 1;
            Some((next_id, conn))
        });
        let Some((id, conn)) = admitted else {
            // Refused: a few bytes if the socket takes them now, never a wait.
            let _ = stream.try_write(FULL);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let registry = Arc::clone(&registry);
        let stop = stop.clone();
        tasks.spawn(async move {
            one(stream, peer, router, &conn, limits, start, stop).await;
            if let Ok(mut r) = registry.lock() {
                r.remove(id);
            }
        });
    }
    drop(listener);
    while tasks.join_next().await.is_some() {}
}

/// Serve one connection until it closes, times out, is evicted, or the server stops.
async fn one(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    conn: &Arc<Conn>,
    limits: Limits,
    start: Instant,
    mut stop: watch::Receiver<bool>,
) {
    let watched = Watched {
        inner: stream,
        conn: Arc::clone(conn),
        start,
    };
    let for_service = Arc::clone(conn);
    let service = hyper::service::service_fn(move |mut request: axum::http::Request<_>| {
        let mut router = router.clone();
        let conn = Arc::clone(&for_service);
        conn.set(BUSY, start.elapsed().as_millis() as u64);
        request.extensions_mut().insert(ConnectInfo(peer));
        async move {
            let response = tower_service::Service::call(&mut router, request).await;
            Ok::<_, Infallible>(response.unwrap_or_else(|e| match e {}).map(|body| {
                Body::new(Tracked {
                    inner: body,
                    done: Some(IdleOnDrop { conn, start }),
                })
            }))
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    // The header timeout is kept here (hyper's would also close idle connections at it).
    builder
        .header_read_timeout(None)
        .keep_alive(true)
        .max_buf_size(64 * 1024);
    let served = builder.serve_connection(hyper_util::rt::TokioIo::new(watched), service);
    tokio::pin!(served);
    let mut stopping = false;
    loop {
        let deadline = conn.deadline(&limits, start);
        tokio::select! {
            _ = served.as_mut() => return,
            () = conn.evicted.notified() => return,
            () = conn.changed.notified() => {}
            () = async {
                match deadline {
                    Some(d) => tokio::time::sleep_until(d.into()).await,
                    None => std::future::pending().await,
                }
            } => {
                if conn.deadline(&limits, start).is_some_and(|d| d <= Instant::now()) {
                    return;
                }
            }
            _ = stop.wait_for(|s| *s), if !stopping => {
                stopping = true;
                served.as_mut().graceful_shutdown();
            }
        }
    }
}

/// The connection's socket, noting the first byte of a request that arrives on an idle
/// connection (its header timeout starts there).
struct Watched {
    inner: TcpStream,
    conn: Arc<Conn>,
    start: Instant,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before && self.conn.phase.load(Ordering::SeqCst) == IDLE {
            self.conn.set(HEAD, self.start.elapsed().as_millis() as u64);
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// Marks the connection idle when the response body is done with (written, or abandoned).
struct IdleOnDrop {
    conn: Arc<Conn>,
    start: Instant,
}

impl Drop for IdleOnDrop {
    fn drop(&mut self) {
        self.conn.set(IDLE, self.start.elapsed().as_millis() as u64);
    }
}

/// A response body that marks its connection idle when it is done.
struct Tracked {
    inner: Body,
    done: Option<IdleOnDrop>,
}

impl http_body::Body for Tracked {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        if matches!(polled, Poll::Ready(None)) {
            self.done.take();
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test that IPv6 clients count by their /64 and IPv4 (also mapped into IPv6) by address.
    #[test]
    fn address_keys() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_key(a), address_key(b));
        assert_ne!(address_key(a), address_key(c));
        let v4: IpAddr = "203.0.113.7".parse().unwrap();
        let mapped: IpAddr = "::ffff:203.0.113.7".parse().unwrap();
        assert_eq!(address_key(v4), v4);
        assert_eq!(address_key(mapped), v4);
    }

    // Test that the refusal is a whole HTTP response whose length says its body.
    #[test]
    fn refusal_is_well_formed() {
        let text = std::str::from_utf8(FULL).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(body.len(), length);
    }
}
