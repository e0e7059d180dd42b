//! Accepting connections: a cap on how many are served at once, and how long a client may
//! take, so that idle or slow sockets cannot use up the process's open files and lock
//! everyone else out (the `accept error: Too many open files` of a server with none).
//!
//! - At most [`ConnectionLimits::max_connections`] connections are served at once; the next
//!   ones wait in the listen backlog until one ends. The cap stays below the open-file
//!   limit, so accepting never fails for want of a file, and the database, the evidence
//!   files and the webhook deliveries keep theirs.
//! - A client has [`ConnectionLimits::header_read_timeout`] to send a request's head, from
//!   the moment the connection is ready for it: a new connection that sends nothing, a slow
//!   one that trickles its headers, and an idle keep-alive connection between two requests
//!   are all closed when it runs out.
//! - While a body is read, no pause may be longer than [`ConnectionLimits::body_read_timeout`];
//!   the whole request, body included, is bounded by [`crate::REQUEST_TIMEOUT`].
//!
//! HTTP/1.1 only: the TLS-terminating proxy in front speaks HTTP/2 to browsers if wanted.

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Semaphore, watch};
use tower::ServiceBuilder;
use tower_http::timeout::RequestBodyTimeoutLayer;

/// Files kept for everything but client connections: the database's connections and files,
/// evidence files, webhook deliveries, the listener, logs.
pub const FILES_RESERVED: u64 = 256;
/// The most connections served at once by default, however high the open-file limit.
pub const CONNECTIONS_DEFAULT_MAX: usize = 10_000;

/// How connections are accepted and how long a client may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Connections served at once; more wait in the listen backlog.
    pub max_connections: usize,
    /// How long a client may take to send a request's head, counted from when the
    /// connection is ready for one: after it opens, and after each answer (so it is also how
    /// long an idle keep-alive connection is kept).
    pub header_read_timeout: Duration,
    /// The longest pause allowed while a request's body is read.
    pub body_read_timeout: Duration,
}

impl ConnectionLimits {
    /// The defaults for a process that may open `open_files` files: three quarters of them,
    /// and at least [`FILES_RESERVED`] kept, for connections, up to
    /// [`CONNECTIONS_DEFAULT_MAX`]; 10 s to send a head; 10 s of silence inside a body.
    pub fn for_open_files(open_files: u64) -> ConnectionLimits {
        let usable = (open_files / 4 * 3).min(open_files.saturating_sub(FILES_RESERVED));
        ConnectionLimits {
            max_connections: usize::try_from(usable)
                .unwrap_or(usize::MAX)
                .clamp(1, CONNECTIONS_DEFAULT_MAX),
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(10),
        }
    }

    /// The most connections a process that may open `open_files` files can serve while
    /// keeping [`FILES_RESERVED`] for everything else.
    pub fn ceiling(open_files: u64) -> usize {
        usize::try_from(open_files.saturating_sub(FILES_RESERVED)).unwrap_or(usize::MAX)
    }
}

impl Default for ConnectionLimits {
    /// The defaults at the common limit of 1,024 open files.
    fn default() -> Self {
        ConnectionLimits::for_open_files(1024)
    }
}

/// Raise the soft limit on open files to the hard limit, where the system allows it, and
/// return the soft limit then in force (`None` where it cannot be read).
pub fn raise_open_file_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
        let limit = getrlimit(Resource::Nofile);
        if limit.current.is_some() && limit.current != limit.maximum {
            let raised = Rlimit {
                current: limit.maximum,
                maximum: limit.maximum,
            };
            if let Err(error) = setrlimit(Resource::Nofile, raised) {
                tracing::warn!(%error, "the open-file limit could not be raised");
            }
        }
        // `None` is unlimited.
        Some(getrlimit(Resource::Nofile).current.unwrap_or(u64::MAX))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Serve `app` on `listener` within `limits` until `shutdown` completes; then stop
/// accepting, close idle connections, and return once the requests in flight are answered.
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let (stop, stopping) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of files despite the cap (another part of the process holds
                    // many), or a connection reset before it was taken: wait a little
                    // rather than spin, and go on.
                    tracing::error!(%error, "accept error");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = ServiceBuilder::new()
            // The rate limiter keys callers without a valid key by their address.
            .map_request(
                move |mut request: axum::http::Request<hyper::body::Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(peer));
                    request
                },
            )
            .layer(RequestBodyTimeoutLayer::new(limits.body_read_timeout))
            .service(app.clone());
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let mut stopping = stopping.clone();
        tokio::spawn(async move {
            let mut connection = std::pin::pin!(connection);
            let stopped = tokio::select! {
                _ = connection.as_mut() => false,
                _ = stopping.wait_for(|stop| *stop) => true,
            };
            if stopped {
                // Idle connections close now; a request in flight gets its answer.
                connection.as_mut().graceful_shutdown();
                let _ = connection.await;
            }
            drop(slot);
        });
    }
    drop(listener);
    let _ = stop.send(true);
    // Every slot back: every connection has ended.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let _ = slots.acquire_many(all).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{CONNECTIONS_DEFAULT_MAX, ConnectionLimits, FILES_RESERVED};

    #[test]
    fn the_default_cap_stays_below_the_open_file_limit() {
        for open_files in [300, 1024, 4096, 20_000, 1 << 20, u64::MAX] {
            let limits = ConnectionLimits::for_open_files(open_files);
            let cap = limits.max_connections as u64;
            assert!(cap + FILES_RESERVED <= open_files, "{open_files}: {cap}");
            assert!(cap <= CONNECTIONS_DEFAULT_MAX as u64, "{open_files}: {cap}");
            assert!(cap <= ConnectionLimits::ceiling(open_files) as u64);
        }
        assert_eq!(ConnectionLimits::for_open_files(1024).max_connections, 768);
        assert_eq!(
            ConnectionLimits::for_open_files(1 << 20).max_connections,
            CONNECTIONS_DEFAULT_MAX
        );
        // Even a process with almost no files serves one connection.
        assert_eq!(ConnectionLimits::for_open_files(10).max_connections, 1);
    }
}
