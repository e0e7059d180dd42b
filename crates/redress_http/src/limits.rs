//! Per-caller rate limits: a token bucket (GCRA, from `governor`) per API key, and per peer
//! IP address for requests without a valid key.
//!
//! Keying by the key's id, not the client's address, is what makes the limit fair: many
//! merchants behind one gateway each get their own budget, and one key spread over many
//! addresses still gets one. The limiter looks the key up before the handler does and
//! leaves the [`Principal`] in the request, so a request costs one key lookup either way.
//!
//! Three kinds of bucket never share a budget, so that no caller can spend another's:
//! - a key's, for requests with a valid `Authorization` key or a signed-in console session
//!   (limited by that key only, wherever they come from);
//! - an address's anonymous bucket, for requests with no valid key or session;
//! - an address's sign-in bucket, for `POST /sign-in` (guessing keys there costs only it).
//!
//! Anonymous traffic from one address (everyone behind one proxy) therefore never locks out
//! the signed-in users or the keys behind that address.
//!
//! Health and readiness are never limited: orchestrators call them from anywhere.

use crate::AppState;
use crate::auth::{self, Principal};
use crate::error::ApiError;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

/// Keyed buckets kept before the idle ones are dropped: one per key or address seen
/// recently. A bucket back at full burst holds nothing worth keeping.
const BUCKETS_MAX: usize = 100_000;

/// How many requests a caller may make: `per_second` on average, with bursts of `burst`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub per_second: NonZeroU32,
    pub burst: NonZeroU32,
}

/// Who a bucket belongs to. An address is `None` only for a router driven without a socket.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Caller {
    /// A valid API key, sent as `Authorization` or held by a console session.
    Key(String),
    /// Requests without a valid key or session, by peer address.
    Anonymous(Option<IpAddr>),
    /// Console sign-in attempts, by peer address.
    SignIn(Option<IpAddr>),
}

/// The buckets of every caller, shared by all requests.
#[derive(Clone)]
pub(crate) struct Limiter {
    buckets: Arc<DefaultKeyedRateLimiter<Caller>>,
    clock: DefaultClock,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter").finish_non_exhaustive()
    }
}

impl Limiter {
    pub(crate) fn new(limit: RateLimit) -> Limiter {
        let quota = Quota::per_second(limit.per_second).allow_burst(limit.burst);
        Limiter {
            buckets: Arc::new(governor::RateLimiter::keyed(quota)),
            clock: DefaultClock::default(),
        }
    }

    /// `Ok` if `caller` may go on now; otherwise how long until it may, in whole seconds.
    fn check(&self, caller: &Caller) -> Result<(), u64> {
        let outcome = self.buckets.check_key(caller);
        if self.buckets.len() > BUCKETS_MAX {
            self.buckets.retain_recent();
        }
        outcome.map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            // Retry-After counts whole seconds; rounding down would invite an early retry.
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}

/// Where the console's sign-in form posts.
const SIGN_IN_PATH: &str = "/sign-in";

/// The key behind the console session the request carries, if it is valid.
async fn console_session(headers: &HeaderMap, state: &AppState) -> Option<Principal> {
    let id = crate::sessions::cookie(headers, crate::sessions::SESSION_COOKIE)?;
    crate::sessions::principal_of_session(state, &id)
        .await
        .ok()
        .flatten()
}

/// The middleware: find the caller, spend one token of its bucket or answer 429.
pub(crate) async fn limit(
    State((state, limiter)): State<(AppState, Limiter)>,
    mut request: Request,
    next: Next,
) -> Response {
    if matches!(request.uri().path(), "/healthz" | "/readyz") {
        return next.run(request).await;
    }
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|peer| peer.0.ip());
    let caller = if request.method() == Method::POST && request.uri().path() == SIGN_IN_PATH {
        Caller::SignIn(peer)
    } else if let Ok(principal) = auth::authenticate(request.headers(), &state).await {
        // A refused request's log line says which key it was, too.
        tracing::Span::current().record("key_id", principal.key_id.as_str());
        let caller = Caller::Key(principal.key_id.clone());
        request.extensions_mut().insert::<Principal>(principal);
        caller
    } else if let Some(principal) = console_session(request.headers(), &state).await {
        // Only the bucket: the API never takes the cookie as a key (it would let another
        // site's form act with it), so the principal is not left in the request.
        Caller::Key(principal.key_id)
    } else {
        // The handler looks the key up again and gives the precise 401 (or 500).
        Caller::Anonymous(peer)
    };
    match limiter.check(&caller) {
        Ok(()) => next.run(request).await,
        Err(retry_after_seconds) => {
            let mut response = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                match caller {
                    Caller::Key(_) => format!(
                        "this key has used its request budget; retry in {retry_after_seconds} s"
                    ),
                    Caller::Anonymous(_) => format!(
                        "this address has used its budget for requests without a key; retry in {retry_after_seconds} s"
                    ),
                    Caller::SignIn(_) => format!(
                        "this address has used its budget for sign-in attempts; retry in {retry_after_seconds} s"
                    ),
                },
            )
            .into_response();
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(retry_after_seconds.max(1)),
            );
            response
        }
    }
}
