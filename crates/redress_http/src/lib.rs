//! The HTTP/JSON API of redress: `redress serve`.
//!
//! Handlers are thin: authenticate the key ([`auth`]), check that the resource is within the
//! key's scope (a foreign merchant's or buyer's resource answers 404, exactly like a missing
//! one), turn the request DTO ([`dto`]) into a domain command, and hand it to the engine.
//! Every business rule, including who may take which action, stays in `redress_domain`;
//! its refusals come back as problem+json with their stable codes ([`error`]).
//!
//! Architecture Invariant: only this crate knows HTTP, JSON request shapes and OpenAPI
//! (and the web console, `redress_console`, which sits above it and serves HTML through
//! [`Operations::pages`]). The domain has no serde and no utoipa; the store knows nothing of
//! roles beyond the strings it keeps for API keys.
//!
//! Architecture Invariant: this crate does not know the console. What the console shares
//! with the API is public here: [`access`] (who reaches which area), [`sessions`] (the
//! server side of a console session, which the rate limiter reads too) and [`shared`] (the
//! routes' helpers a page calls).
//!
//! Architecture Invariant: handlers never read the wall clock; the engine's injected clock
//! decides every command's time.

pub mod access;
pub mod auth;
pub mod dto;
pub mod error;
pub mod evidence_files;
pub mod extract;
pub mod jetstream;
pub mod limits;
pub mod net;
mod routes;
pub mod sessions;
pub mod shared;
pub mod staff;
pub mod telemetry;
pub mod webhook_catalogue;
pub mod webhooks;

use axum::Router;
use evidence_files::EvidenceFiles;
use redress_engine::{Engine, ManualClock};
use redress_store::AnyStore;
use std::future::Future;
use std::sync::Arc;
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
/// How long an `Idempotency-Key` claim of a request that is not an engine command lasts if
/// its request never answers (the process died): longer than [`REQUEST_TIMEOUT`], so the
/// request is abandoned before another can take its key over.
pub const IDEMPOTENCY_LEASE: Duration = Duration::from_secs(60);

/// What every handler shares.
#[derive(Clone, Debug)]
pub struct AppState {
    pub engine: Engine<AnyStore>,
    /// Where evidence files are kept.
    pub files: Arc<dyn EvidenceFiles>,
    /// Set in sandbox mode (`redress serve --sandbox`): the manual clock operators move.
    pub sandbox: Option<Sandbox>,
    /// Whether webhooks may be subscribed to loopback, private and other special-purpose
    /// addresses: set by [`Operations::webhooks_allow_private_targets`] and in sandbox mode.
    allow_private_webhook_targets: bool,
    /// Upload limits and the permits of uploads running; set from [`Operations::uploads`].
    pub uploads: evidence_files::Uploads,
    /// How long an idempotency key's claim lasts, on the engine's clock
    /// ([`IDEMPOTENCY_LEASE`] unless set with [`AppState::with_idempotency_lease`]).
    pub idempotency_lease: Duration,
}

impl AppState {
    /// The engine on the wall clock: sandbox routes answer 404.
    pub fn live(engine: Engine<AnyStore>, files: Arc<dyn EvidenceFiles>) -> Self {
        AppState {
            engine,
            files,
            sandbox: None,
            allow_private_webhook_targets: false,
            uploads: evidence_files::Uploads::default(),
            idempotency_lease: IDEMPOTENCY_LEASE,
        }
    }

    /// Claims on idempotency keys last `lease` (on the engine's clock) if never answered.
    pub fn with_idempotency_lease(mut self, lease: Duration) -> Self {
        self.idempotency_lease = lease;
        self
    }

    /// The engine on `clock`, which must be the engine's own clock, moved only through
    /// `POST /v1/sandbox/clock/advance`.
    pub fn sandbox(
        engine: Engine<AnyStore>,
        files: Arc<dyn EvidenceFiles>,
        clock: Arc<ManualClock>,
    ) -> Self {
        Self::sandbox_with(engine, files, clock, webhooks::DeliveryConfig::default())
    }

    /// [`AppState::sandbox`], delivering the webhooks an advance makes due with `delivery`
    /// (marked sandbox, and allowed to reach private addresses for the integrator's local
    /// receivers, whatever it says).
    pub fn sandbox_with(
        engine: Engine<AnyStore>,
        files: Arc<dyn EvidenceFiles>,
        clock: Arc<ManualClock>,
        delivery: webhooks::DeliveryConfig,
    ) -> Self {
        let webhooks = webhooks::Dispatcher::new(
            &engine,
            webhooks::DeliveryConfig {
                sandbox: true,
                allow_private_targets: true,
                ..delivery
            },
        );
        AppState {
            engine,
            files,
            allow_private_webhook_targets: true,
            sandbox: Some(Sandbox {
                webhooks,
                clock,
                advancing: Arc::new(tokio::sync::Mutex::new(())),
            }),
            uploads: evidence_files::Uploads::default(),
            idempotency_lease: IDEMPOTENCY_LEASE,
        }
    }
}

/// Sandbox mode's test clock.
#[derive(Clone, Debug)]
pub struct Sandbox {
    pub clock: Arc<ManualClock>,
    /// Delivers what an advance makes due before it answers (payloads marked sandbox).
    webhooks: webhooks::Dispatcher,
    /// Held while the clock is being advanced: advances run one at a time.
    advancing: Arc<tokio::sync::Mutex<()>>,
}

/// Operational settings of one server, beside what the handlers share.
#[derive(Clone, Debug, Default)]
pub struct Operations {
    /// Requests per caller: per API key (or console session's key), and per peer address
    /// for anonymous requests and for sign-in attempts apart ([`limits`]); `None` limits
    /// nothing.
    pub rate_limit: Option<limits::RateLimit>,
    /// Accept webhook subscriptions to loopback, private and other special-purpose
    /// addresses (`redress serve --webhooks-allow-private-targets`): for development and
    /// tests. The dispatcher's own setting is [`webhooks::DeliveryConfig::allow_private_targets`].
    pub webhooks_allow_private_targets: bool,
    /// The connection cap and the timeouts of slow clients.
    pub connections: net::ConnectionLimits,
    /// Largest evidence file, and evidence uploads running at once.
    pub uploads: evidence_files::UploadLimits,
    /// HTML pages served beside the API and absent from `/openapi.json`: the web console
    /// (`redress_console::router()`, which `redress serve` adds). None by default.
    pub pages: Router<AppState>,
}

/// The whole API, ready to serve, with no rate limit.
pub fn router(state: AppState) -> Router {
    router_with(state, Operations::default())
}

/// The whole API, ready to serve.
pub fn router_with(mut state: AppState, operations: Operations) -> Router {
    state.allow_private_webhook_targets |= operations.webhooks_allow_private_targets;
    let uploads = evidence_files::Uploads::new(operations.uploads);
    let state = AppState {
        uploads: uploads.clone(),
        ..state
    };
    let request_id = axum::http::HeaderName::from_static("x-request-id");
    let telemetry = std::sync::Arc::new(telemetry::Telemetry::default());
    let mut router = routes::router(state.clone(), operations.pages)
        .route_layer(axum::middleware::from_fn(telemetry::remember_route))
        .layer(axum::Extension(telemetry.clone()))
        // The upload routes' body limit reads the configured file limit from here.
        .layer(axum::Extension(uploads))
        // axum's limit, not tower-http's: the body extractor then answers 413 as problem+json.
        .layer(axum::extract::DefaultBodyLimit::max(BODY_BYTES_MAX))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ));
    if let Some(limit) = operations.rate_limit {
        router = router.layer(axum::middleware::from_fn_with_state(
            (state, limits::Limiter::new(limit)),
            limits::limit,
        ));
    }
    router
        .layer(axum::middleware::map_response(problem_for_bare_errors))
        // A bug in a handler answers 500 as problem+json instead of dropping the connection.
        .layer(CatchPanicLayer::custom(|_: Box<dyn std::any::Any + Send>| {
            tracing::error!("a handler panicked");
            axum::response::IntoResponse::into_response(error::ApiError::internal(
                "the server failed on this request; retry with the same Idempotency-Key to learn whether it was recorded",
            ))
        }))
        .layer(axum::middleware::from_fn_with_state(
            telemetry,
            telemetry::record,
        ))
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
    // The console's pages answer errors as HTML pages of their own.
    let is_page = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if !(status.is_client_error() || status.is_server_error()) || is_problem || is_page {
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

/// Serve the API on `listener` until `shutdown` completes, then let requests in flight
/// finish, then stop the engine once everything it was given is committed.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, state, Operations::default(), shutdown).await
}

/// [`serve`] with operational settings.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    state: AppState,
    operations: Operations,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let engine = state.engine.clone();
    let limits = operations.connections;
    let app = router_with(state, operations);
    let served = net::server::serve(listener, app, limits, shutdown).await;
    engine.shutdown().await;
    served
}
