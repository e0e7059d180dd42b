//! Health, readiness and the interactive API reference. Health and readiness need no key,
//! so load balancers and orchestrators can call them.

use crate::AppState;
use crate::error::{ApiError, Problem};
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use redress_store::AnyStore;
use redress_store::api::ApiStore;
use serde::Serialize;
use utoipa::ToSchema;

/// The process is up.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct Health {
    status: &'static str,
    version: &'static str,
    /// `live`, or `sandbox` when the clock is a test clock that operators move.
    mode: &'static str,
    /// The engine's clock, RFC 3339: the wall clock, or the sandbox's.
    clock: String,
    /// `sqlite` (embedded) or `postgres`.
    database: &'static str,
}

#[utoipa::path(
    get, path = "/healthz", tag = "system", security(()),
    responses((status = 200, description = "Up", body = Health))
)]
pub(crate) async fn healthz(State(state): State<AppState>) -> Json<Health> {
    let database = match state.engine.store() {
        AnyStore::Sqlite(_) => "sqlite",
        AnyStore::Postgres(_) => "postgres",
    };
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        mode: if state.sandbox.is_some() {
            "sandbox"
        } else {
            "live"
        },
        clock: state.engine.clock().now().to_string(),
        database,
    })
}

/// The process can serve: its engine's writer runs and its database answers.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct Ready {
    status: &'static str,
}

#[utoipa::path(
    get, path = "/readyz", tag = "system", security(()),
    responses(
        (status = 200, description = "Ready", body = Ready),
        (status = 503, description = "The engine's writer has stopped or the database does not answer", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn readyz(State(state): State<AppState>) -> Result<Json<Ready>, ApiError> {
    // Without its writer the process can only answer `stopped`: take it out of rotation.
    if !state.engine.writer_alive() {
        tracing::warn!("readiness check failed: the engine's writer has stopped");
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "not_ready",
            "the engine's writer has stopped",
        ));
    }
    state.engine.store().ping().await.map_err(|error| {
        tracing::warn!(%error, "readiness check failed");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "not_ready",
            "the database does not answer",
        )
    })?;
    Ok(Json(Ready { status: "ready" }))
}

const DOCS_HTML: &str = include_str!("../../assets/docs.html");
const SWAGGER_UI_JS: &str = include_str!("../../assets/swagger-ui/swagger-ui-bundle.js");
const SWAGGER_UI_CSS: &str = include_str!("../../assets/swagger-ui/swagger-ui.css");

/// The interactive reference (Swagger UI, vendored: no CDN).
pub(crate) async fn docs() -> Html<&'static str> {
    Html(DOCS_HTML)
}

pub(crate) async fn docs_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SWAGGER_UI_JS,
    )
        .into_response()
}

pub(crate) async fn docs_css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        SWAGGER_UI_CSS,
    )
        .into_response()
}
