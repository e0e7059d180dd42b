//! `Idempotency-Key` for the requests that are not engine commands: webhook subscriptions
//! and redeliveries, evaluation runs, sandbox clock advances. The engine keeps its own
//! receipts for commands; these requests keep theirs in the store's `request_receipts`,
//! with the same guarantees: a retry with the same key and request gets the first answer
//! (marked `Idempotent-Replayed: true`), the same key on another request is refused, and a
//! request the server failed on (5xx) gives its key back so that a retry runs it.

use super::IdempotencyKey;
use crate::AppState;
use crate::auth::{Principal, digest};
use crate::error::ApiError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use redress_store::api::{ApiStore, RequestClaim, StoredAnswer};
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
    let now = state.engine.clock().now().as_microsecond();
    let claim = store
        .claim_request(&principal.key_id, &key, &fingerprint, now)
        .await
        .map_err(redress_engine::EngineError::from)?;
    match claim {
        RequestClaim::Claimed => {}
        RequestClaim::Answered {
            request_sha256,
            answer,
        } if request_sha256 == fingerprint => return Ok(replay(answer)),
        RequestClaim::Running { request_sha256 } if request_sha256 == fingerprint => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "idempotency_key_in_use",
                "a request with this Idempotency-Key is still running; retry once it has answered",
            ));
        }
        RequestClaim::Answered { .. } | RequestClaim::Running { .. } => {
            return Err(redress_engine::EngineError::IdempotencyKeyReused { key }.into());
        }
    }
    let response = request().await.into_response();
    if response.status().is_server_error() {
        release(state, principal, &key).await;
        return Ok(response);
    }
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, ANSWER_BYTES_MAX).await {
        Ok(bytes) => bytes,
        Err(error) => {
            release(state, principal, &key).await;
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
    if let Err(error) = store.finish_request(&principal.key_id, &key, answer).await {
        // The request took effect; only its replay is lost. Say so rather than hide it.
        tracing::error!(%error, "could not keep the answer for an idempotency key");
        release(state, principal, &key).await;
    }
    Ok(Response::from_parts(parts, axum::body::Body::from(bytes)))
}

async fn release(state: &AppState, principal: &Principal, key: &str) {
    if let Err(error) = state
        .engine
        .store()
        .release_request(&principal.key_id, key)
        .await
    {
        tracing::error!(%error, "could not release an idempotency key");
    }
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
