//! The HTTP/JSON API of redress: `redress serve`.
//!
//! Handlers are thin: authenticate the key ([`auth`]), check that the resource is within the
//! key's scope (a foreign merchant's or buyer's resource answers 404, exactly like a missing
//! one), turn the request DTO ([`dto`]) into a domain command, and hand it to the engine.
//! Every business rule, including who may take which action, stays in `redress_domain`;
//! its refusals come back as problem+json with their stable codes ([`error`]).
//!
//! Architecture Invariant: only this crate knows HTTP, JSON request shapes and OpenAPI. The
//! domain has no serde and no utoipa; the store knows nothing of roles beyond the strings it
//! keeps for API keys.
//!
//! Architecture Invariant: handlers never read the wall clock; the engine's injected clock
//! decides every command's time.

pub mod auth;
pub mod dto;
pub mod error;
pub mod extract;
mod routes;
pub mod webhooks;

use axum::Router;
use redress_engine::Engine;
use redress_store::AnyStore;
use std::future::Future;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

pub use routes::openapi;

/// Largest request body accepted: an order of 100 items with long texts fits many times.
pub const BODY_BYTES_MAX: usize = 1024 * 1024;
/// A request still running after this is answered 408 and its work abandoned (a command
/// already handed to the engine still commits; a retry with its idempotency key finds it).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What every handler shares.
#[derive(Clone, Debug)]
pub struct AppState {
    pub engine: Engine<AnyStore>,
}

/// The whole API, ready to serve.
pub fn router(state: AppState) -> Router {
    let request_id = axum::http::HeaderName::from_static("x-request-id");
    routes::router(state)
        // axum's limit, not tower-http's: the body extractor then answers 413 as problem+json.
        .layer(axum::extract::DefaultBodyLimit::max(BODY_BYTES_MAX))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::map_response(problem_for_bare_errors))
        // A bug in a handler answers 500 as problem+json instead of dropping the connection.
        .layer(CatchPanicLayer::custom(|_: Box<dyn std::any::Any + Send>| {
            tracing::error!("a handler panicked");
            axum::response::IntoResponse::into_response(error::ApiError::internal(
                "the server failed on this request; retry with the same Idempotency-Key to learn whether it was recorded",
            ))
        }))
        .layer(
            TraceLayer::new_for_http()
                // One line per answer, with its status and latency, inside the request's span.
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO))
                .make_span_with(|request: &axum::http::Request<_>| {
                    let id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!(
                        "request",
                        method = %request.method(),
                        path = %request.uri().path(),
                        request_id = %id,
                        key_id = tracing::field::Empty
                    )
                }),
        )
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// Errors made below the handlers (axum's 405, the timeout's 408) come without a body;
/// they become problem+json like every other error.
async fn problem_for_bare_errors(response: axum::response::Response) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = response.status();
    let is_problem = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == error::PROBLEM_JSON.as_bytes());
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    let code = match status {
        axum::http::StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        axum::http::StatusCode::REQUEST_TIMEOUT => "request_timeout",
        axum::http::StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
        _ => "http_error",
    };
    let detail = status.canonical_reason().unwrap_or("error").to_owned();
    let allow = response.headers().get(axum::http::header::ALLOW).cloned();
    let mut problem = error::ApiError::new(status, code, detail).into_response();
    if let Some(allow) = allow {
        problem
            .headers_mut()
            .insert(axum::http::header::ALLOW, allow);
    }
    problem
}

/// Serve `router` on `listener` until `shutdown` completes, then let requests in flight
/// finish, then stop the engine once everything it was given is committed.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let engine = state.engine.clone();
    let app = router(state);
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    engine.shutdown().await;
    served
}
