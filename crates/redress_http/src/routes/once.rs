//! `Idempotency-Key` for the requests that are not engine commands: webhook subscriptions
//! and redeliveries, evaluation runs, sandbox clock advances. The engine keeps its own
//! receipts for commands; these requests keep theirs in the store's `request_receipts`,
//! with the same guarantees: a retry with the same key and request gets the first answer
//! (marked `Idempotent-Replayed: true`), the same key on another request is refused, and a
//! request the server failed on (5xx) gives its key back so that a retry runs it.
//!
//! A claim on a key has a lease ([`AppState::idempotency_lease`], on the engine's clock). A
//! request that ends without an answer to keep (it panicked, timed out, or its client went
//! away, all of which drop its future) gives the key back as it is dropped; one that never
//! ends (the process was killed) holds it until the lease runs out, and then the next request
//! with the key takes the claim over and runs. Each claim carries a random token, so a request
//! that outlived its lease can neither overwrite nor give back the claim that replaced it.

use super::IdempotencyKey;
use crate::AppState;
use crate::auth::{Principal, digest};
use crate::error::ApiError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use redress_store::AnyStore;
use redress_store::api::{ApiStore, RequestClaim, RequestLease, StoredAnswer};
use serde::Serialize;
use std::future::Future;

/// Longest idempotency key, as for engine commands.
const KEY_CHARS_MAX: usize = 255;
/// Longest answer kept for a replay; the answers these requests give are far smaller.
const ANSWER_BYTES_MAX: usize = 1024 * 1024;

/// Run `request` (which `route` and `body` identify) at most once per idempotency key of the
/// caller. Without a key it simply runs.
pub(crate) async fn once<B, F, Fut>(
    state: &AppState,
    principal: &Principal,
    key: IdempotencyKey,
    route: &str,
    body: &B,
    request: F,
) -> Result<Response, ApiError>
where
    B: Serialize,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Response, ApiError>>,
{
    once_keeping(state, principal, key, route, body, request, |answer| answer).await
}

/// [`once`], keeping for replays `kept(answer)` instead of the answer itself: what must be
/// shown once and never stored (an API key's secret) is left out of the replay.
pub(crate) async fn once_keeping<B, F, Fut>(
    state: &AppState,
    principal: &Principal,
    key: IdempotencyKey,
    route: &str,
    body: &B,
    request: F,
    kept: fn(axum::body::Bytes) -> axum::body::Bytes,
) -> Result<Response, ApiError>
where
    B: Serialize,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Response, ApiError>>,
{
    let Some(key) = key.0 else {
        return request().await;
    };
    if key.len() > KEY_CHARS_MAX {
        let mut problem = ApiError::field(
            "Idempotency-Key",
            "must be 1 to 255 visible ASCII characters",
        );
        problem.code = "idempotency_key_invalid";
        return Err(problem);
    }
    let fingerprint = {
        let json = serde_json::to_string(body)
            .map_err(|e| ApiError::internal(format!("request not serialisable: {e}")))?;
        digest(&format!("{route}\n{json}"))
    };
    let store = state.engine.store();
    let now = state.engine.clock().now();
    let lease = RequestLease {
        token: claim_token()?,
        until_us: lease_end_us(now, state.idempotency_lease),
    };
    let claim = store
        .claim_request(
            &principal.key_id,
            &key,
            &fingerprint,
            now.as_microsecond(),
            &lease,
        )
        .await
        .map_err(redress_engine::EngineError::from)?;
    match claim {
        RequestClaim::Claimed => {}
        RequestClaim::Answered {
            request_sha256,
            answer,
        } if request_sha256 == fingerprint => return Ok(replay(answer)),
        RequestClaim::Running {
            request_sha256,
            lease_until_us,
        } if request_sha256 == fingerprint => {
            let mut busy = ApiError::new(
                StatusCode::CONFLICT,
                "idempotency_key_in_use",
                "a request with this Idempotency-Key is still running; retry once it has answered",
            )
            .into_response();
            // At the latest when its lease ends, the key is free again.
            let wait = retry_after_seconds(now.as_microsecond(), lease_until_us);
            busy.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(wait));
            return Ok(busy);
        }
        RequestClaim::Answered { .. } | RequestClaim::Running { .. } => {
            return Err(redress_engine::EngineError::IdempotencyKeyReused { key }.into());
        }
    }
    // From here the claim is held: whatever way this future ends without an answer kept
    // (an error, a panic unwinding through it, the timeout or a gone client dropping it),
    // the guard gives the key back.
    let mut claim = Claim {
        store: store.clone(),
        key_id: principal.key_id.clone(),
        key,
        token: lease.token,
        held: true,
    };
    let response = request().await.into_response();
    if response.status().is_server_error() {
        claim.release().await;
        return Ok(response);
    }
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, ANSWER_BYTES_MAX).await {
        Ok(bytes) => bytes,
        Err(error) => {
            claim.release().await;
            return Err(ApiError::internal(format!("answer not readable: {error}")));
        }
    };
    let answer = StoredAnswer {
        status: parts.status.as_u16(),
        content_type: parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/json")
            .to_owned(),
        body: String::from_utf8_lossy(&kept(bytes.clone())).into_owned(),
    };
    claim.finish(answer).await;
    Ok(Response::from_parts(parts, axum::body::Body::from(bytes)))
}

/// A held claim on an idempotency key, given back when dropped unless it was finished.
struct Claim {
    store: AnyStore,
    key_id: String,
    key: String,
    token: String,
    held: bool,
}

impl Claim {
    async fn finish(&mut self, answer: StoredAnswer) {
        match self
            .store
            .finish_request(&self.key_id, &self.key, &self.token, answer)
            .await
        {
            Ok(true) => self.held = false,
            Ok(false) => {
                // Ran past its lease and another request took the key over: that one's
                // answer is the key's.
                self.held = false;
                tracing::warn!(
                    "a request outlived its idempotency key's lease; its answer is not kept"
                );
            }
            Err(error) => {
                // The request took effect; only its replay is lost. Say so rather than hide it.
                tracing::error!(%error, "could not keep the answer for an idempotency key");
                self.release().await;
            }
        }
    }

    async fn release(&mut self) {
        self.held = false;
        if let Err(error) = self
            .store
            .release_request(&self.key_id, &self.key, &self.token)
            .await
        {
            tracing::error!(%error, "could not release an idempotency key");
        }
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if !self.held {
            return;
        }
        // Dropped mid-request: give the key back from a task of its own, since drop cannot
        // wait. Without a runtime (the process is ending) the lease ends the claim instead.
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let (store, key_id, key, token) = (
            self.store.clone(),
            std::mem::take(&mut self.key_id),
            std::mem::take(&mut self.key),
            std::mem::take(&mut self.token),
        );
        runtime.spawn(async move {
            if let Err(error) = store.release_request(&key_id, &key, &token).await {
                tracing::error!(%error, "could not release an abandoned idempotency key");
            }
        });
    }
}

/// 128 random bits, hex: names one claim.
fn claim_token() -> Result<String, ApiError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| ApiError::internal(format!("the random source failed: {e}")))?;
    Ok(hex::encode(bytes))
}

/// When a claim taken at `now` ends, in stored microseconds; saturating, since a lease past
/// the end of time simply never ends.
fn lease_end_us(now: jiff::Timestamp, lease: std::time::Duration) -> i64 {
    let lease_us = i64::try_from(lease.as_micros()).unwrap_or(i64::MAX);
    now.as_microsecond().saturating_add(lease_us)
}

/// Whole seconds until a lease ends, at least one.
fn retry_after_seconds(now_us: i64, lease_until_us: i64) -> u64 {
    let left = lease_until_us.saturating_sub(now_us).max(0) as u64;
    left.div_ceil(1_000_000).max(1)
}

fn replay(answer: StoredAnswer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = (status, answer.body).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&answer.content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}

#[cfg(test)]
mod tests {
    //! The claim's guard, on requests that end without an answer to keep. Each test ends
    //! with the key free again: a new claim on it is granted at once, long before its lease.
    //! Each runs on SQLite and, with `REDRESS_TEST_POSTGRES`, on PostgreSQL.
    use super::*;
    use crate::auth::Scope;
    use redress_engine::{Engine, EngineConfig, ManualClock};
    use std::sync::Arc;

    struct Fixture {
        state: AppState,
        principal: Principal,
        /// The fixture's database (an SQLite file, or a PostgreSQL schema of its own), removed
        /// when dropped.
        _database: redress_testkit::Database,
        _dir: tempfile::TempDir,
    }

    /// A fixture on each backend of the run (`redress_testkit::Backend::each`): SQLite, and
    /// PostgreSQL in a schema of its own when `REDRESS_TEST_POSTGRES` names a server.
    async fn fixtures() -> Vec<Fixture> {
        let mut made = Vec::new();
        for backend in redress_testkit::Backend::each() {
            let database = redress_testkit::Database::create(&backend, "redress_once_test");
            let store = database.open().await;
            let dir = tempfile::tempdir().expect("a temporary directory");
            let clock = Arc::new(ManualClock::new(
                "2026-03-02T02:00:00Z".parse().expect("an instant"),
            ));
            let engine = Engine::start(store, clock, Default::default(), EngineConfig::default());
            let files: Arc<dyn crate::evidence_files::EvidenceFiles> = Arc::new(
                crate::evidence_files::LocalDisk::new(dir.path().join("evidence")),
            );
            made.push(Fixture {
                state: AppState::live(engine, files),
                principal: Principal {
                    key_id: "key_test".to_owned(),
                    scope: Scope::Operator,
                },
                _database: database,
                _dir: dir,
            });
        }
        made
    }

    impl Fixture {
        async fn end(self) {
            self.state.engine.shutdown().await;
            if let AnyStore::Postgres(store) = self.state.engine.store() {
                store.close().await;
            }
        }
    }

    fn keyed(key: &str) -> IdempotencyKey {
        IdempotencyKey(Some(key.to_owned()))
    }

    /// Whether `key` can be claimed now, on the engine's clock that never moves here: only
    /// if the request before it gave it back.
    async fn free(f: &Fixture, key: &str) -> bool {
        let lease = RequestLease {
            token: "probe".to_owned(),
            until_us: i64::MAX,
        };
        let now = f.state.engine.clock().now().as_microsecond();
        let claim = f
            .state
            .engine
            .store()
            .claim_request(&f.principal.key_id, key, "probe", now, &lease)
            .await
            .expect("the store answers");
        claim == RequestClaim::Claimed
    }

    /// A guard's release runs on a task of its own: wait for the store to show it, yielding
    /// to that task, a bounded number of times.
    async fn freed(f: &Fixture, key: &str) -> bool {
        for _ in 0..10_000 {
            if free(f, key).await {
                return true;
            }
            tokio::task::yield_now().await;
        }
        false
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_server_error_gives_the_key_back() {
        for f in fixtures().await {
            let answer = once(
                &f.state,
                &f.principal,
                keyed("k1"),
                "POST /t",
                &1,
                || async { Err::<Response, _>(ApiError::internal("it broke")) },
            )
            .await
            .expect("an answer");
            assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);
            assert!(free(&f, "k1").await, "released before answering");
            f.end().await;
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_refusal_keeps_the_key() {
        for f in fixtures().await {
            let answer = once(
                &f.state,
                &f.principal,
                keyed("k1"),
                "POST /t",
                &1,
                || async { Err::<Response, _>(ApiError::field("x", "bad")) },
            )
            .await
            .expect("an answer");
            assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
            assert!(!free(&f, "k1").await, "a refusal is kept and replayed");
            f.end().await;
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn an_abandoned_request_gives_the_key_back() {
        for f in fixtures().await {
            let (started, running) = tokio::sync::oneshot::channel();
            let request = once(
                &f.state,
                &f.principal,
                keyed("k1"),
                "POST /t",
                &1,
                || async {
                    let _ = started.send(());
                    std::future::pending::<Result<Response, ApiError>>().await
                },
            );
            // The client goes away (or the timeout fires) while the request runs: its future
            // is dropped.
            tokio::select! {
                _ = request => panic!("the request never answers"),
                _ = running => {}
            }
            assert!(
                freed(&f, "k1").await,
                "the dropped request gave its key back"
            );
            f.end().await;
        }
    }

    fn buggy() -> Result<Response, ApiError> {
        panic!("a bug in the handler")
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_panicking_request_gives_the_key_back() {
        for f in fixtures().await {
            let (state, principal) = (f.state.clone(), f.principal.clone());
            let request = tokio::spawn(async move {
                once(&state, &principal, keyed("k1"), "POST /t", &1, || async {
                    buggy()
                })
                .await
            });
            let ended = request.await.expect_err("the request panicked");
            assert!(ended.is_panic());
            assert!(
                freed(&f, "k1").await,
                "the panicking request gave its key back"
            );
            f.end().await;
        }
    }
}
