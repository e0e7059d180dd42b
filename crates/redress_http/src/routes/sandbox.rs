//! The sandbox's test clock (like Stripe's test clocks): with `redress serve --sandbox` the
//! engine runs on a manual clock that an operator moves forward, and every deadline, weekly
//! evaluation and webhook attempt due on the way is processed, in time order, before the
//! call returns. Without `--sandbox` these routes answer 404 like any unknown route.

use super::IdempotencyKey;
use super::once::once;
use crate::auth::Principal;
use crate::error::{ApiError, Problem};
use crate::extract::ApiJson;
use crate::{AppState, Sandbox};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::{SignedDuration, Span, SpanRelativeTo, Timestamp};
use redress_engine::{AdvanceError, Clock};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Longest single advance: a year of deadlines is plenty for one call.
const ADVANCE_MAX: SignedDuration = SignedDuration::from_hours(24 * 366);

fn sandbox(state: &AppState) -> Result<&Sandbox, ApiError> {
    state
        .sandbox
        .as_ref()
        .ok_or_else(|| ApiError::not_found("route_unknown", "no such route; see /openapi.json"))
}

/// The sandbox clock.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct ClockResponse {
    /// Always `sandbox`.
    mode: &'static str,
    /// The clock's time, RFC 3339.
    now: String,
}

#[utoipa::path(
    get, path = "/v1/sandbox/clock", tag = "sandbox",
    responses(
        (status = 200, description = "The sandbox clock", body = ClockResponse),
        (status = "4XX", description = "Refused; 404 unless the server runs with --sandbox", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn get_clock(
    State(state): State<AppState>,
    _principal: Principal,
) -> Result<Json<ClockResponse>, ApiError> {
    let sandbox = sandbox(&state)?;
    Ok(Json(ClockResponse {
        mode: "sandbox",
        now: sandbox.clock.now().to_string(),
    }))
}

/// Move the clock forward: by an ISO 8601 duration (`PT48H`, `P2D`, `PT30M`) or to an RFC 3339
/// instant. Exactly one of the two.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdvanceRequest {
    #[serde(default)]
    pub by: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

/// What the advance caused.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AdvanceResponse {
    pub from: String,
    pub to: String,
    /// Deadlines fired, by kind (`merchant_response`, `merchant_return_handling`, …).
    pub deadlines_fired: BTreeMap<String, u64>,
    /// Deadlines that had been met or moved by the time they were due.
    pub deadlines_stale: u64,
    /// Weekly evaluations run, by evaluation day.
    pub evaluations_run: Vec<String>,
    /// Webhook delivery attempts made before answering (the messages the advance caused,
    /// and any delivery or retry due by the new time).
    pub webhooks_attempted: usize,
}

#[utoipa::path(
    post, path = "/v1/sandbox/clock/advance", tag = "sandbox",
    request_body = AdvanceRequest,
    params(("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters")),
    responses(
        (status = 200, description = "The clock moved; everything due on the way was processed", body = AdvanceResponse),
        (status = 409, description = "`clock_went_back`: `to` is before the clock. `advance_stuck`: something due on the way could not be processed; the clock stopped just before it (everything earlier was processed) and the detail says what and where. Never a 5xx after the clock moved", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Refused; 404 unless the server runs with --sandbox", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn advance(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<AdvanceRequest>,
) -> Result<Response, ApiError> {
    let sandbox = sandbox(&state)?;
    principal.require(crate::access::OPERATORS)?;
    // One advance at a time: two interleaved would fire each other's deadlines out of order.
    // Taken before the idempotency key, so a retry waits for the first to answer and then
    // replays it instead of finding it still running.
    let _advancing = sandbox.advancing.lock().await;
    once(
        &state,
        &principal,
        key,
        "POST /v1/sandbox/clock/advance",
        &body,
        || async { Ok(Json(advance_locked(&state, sandbox, &body).await?).into_response()) },
    )
    .await
}

/// Advance the sandbox clock as `principal` (an operator), processing everything due on the
/// way, without an idempotency key: the console's form.
pub async fn advance_clock(
    state: &AppState,
    principal: &Principal,
    body: &AdvanceRequest,
) -> Result<AdvanceResponse, ApiError> {
    let sandbox = sandbox(state)?;
    principal.require(crate::access::OPERATORS)?;
    let _advancing = sandbox.advancing.lock().await;
    advance_locked(state, sandbox, body).await
}

/// The advance itself, with `sandbox.advancing` held.
async fn advance_locked(
    state: &AppState,
    sandbox: &Sandbox,
    body: &AdvanceRequest,
) -> Result<AdvanceResponse, ApiError> {
    let from = sandbox.clock.now();
    let to = match (&body.by, &body.to) {
        (Some(by), None) => from
            .checked_add(duration("by", by)?)
            .map_err(|e| ApiError::field("by", e.to_string()))?,
        (None, Some(to)) => {
            let to = crate::dto::timestamp("to", to)?;
            if to < from {
                return Err(went_back(from, to));
            }
            to
        }
        (Some(_), Some(_)) => return Err(ApiError::field("by", "give `by` or `to`, not both")),
        (None, None) => return Err(ApiError::field("by", "give `by` or `to`")),
    };
    if to.duration_since(from) > ADVANCE_MAX {
        return Err(ApiError::field(
            if body.by.is_some() { "by" } else { "to" },
            "at most 366 days in one advance",
        ));
    }
    let report =
        state
            .engine
            .advance_to(&sandbox.clock, to)
            .await
            .map_err(|error| match error {
                AdvanceError::WentBack(back) => went_back(back.now, back.requested),
                AdvanceError::Engine(error) => error.into(),
                AdvanceError::Stuck {
                    at,
                    stopped_at,
                    what,
                    report,
                } => stuck(from, at, stopped_at, &what, &report),
            })?;
    // Then every webhook due by the new time. A failed attempt's retry falls after `to`, so
    // this ends; retries that would have fallen inside the advanced interval are made at
    // `to`, not at their own times.
    let mut webhooks_attempted = 0;
    loop {
        let attempted = sandbox
            .webhooks
            .dispatch_due(to)
            .await
            .map_err(|error| ApiError::from(redress_engine::EngineError::from(error)))?;
        if attempted == 0 {
            break;
        }
        webhooks_attempted += attempted;
    }
    Ok(AdvanceResponse {
        from: from.to_string(),
        to: to.to_string(),
        deadlines_fired: report
            .fired
            .iter()
            .map(|(kind, n)| (kind.as_str().to_owned(), *n))
            .collect(),
        deadlines_stale: report.stale,
        evaluations_run: report.evaluations.iter().map(ToString::to_string).collect(),
        webhooks_attempted,
    })
}

/// A positive ISO 8601 duration; days count as 24 hours (the sandbox has no calendar
/// arithmetic to do: deadlines are in hours).
fn duration(field: &str, raw: &str) -> Result<SignedDuration, ApiError> {
    let bad = |why: String| ApiError::field(field, why);
    // The parser's own messages describe its internals (units, spans, relative dates), not
    // what the caller should send: the problem says that instead.
    let span: Span = raw
        .parse()
        .map_err(|_| bad("not an ISO 8601 duration such as PT48H, P2D or PT30M".to_owned()))?;
    if span.get_years() != 0 || span.get_months() != 0 {
        return Err(bad(
            "months and years have no fixed length: give days or hours, such as P30D".to_owned(),
        ));
    }
    let duration = span
        .to_duration(SpanRelativeTo::days_are_24_hours())
        .map_err(|_| bad("too long: at most 366 days (P366D)".to_owned()))?;
    if duration <= SignedDuration::ZERO {
        return Err(bad("must move the clock forward".to_owned()));
    }
    Ok(duration)
}

/// An advance that stopped before something due it could not process: 409 `advance_stuck`.
fn stuck(
    from: Timestamp,
    at: Timestamp,
    stopped_at: Timestamp,
    what: &str,
    done: &redress_engine::FireReport,
) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "advance_stuck",
        format!(
            "the advance from {from} stopped at {stopped_at}, just before {at}: {what}; \
             before it, {} deadlines fired, {} were stale and {} weekly evaluations ran",
            done.total(),
            done.stale,
            done.evaluations.len()
        ),
    )
}

fn went_back(now: Timestamp, requested: Timestamp) -> ApiError {
    let mut error = ApiError::field(
        "to",
        format!(
            "{requested} is before the clock's time {now}: the sandbox clock only moves forward"
        ),
    );
    error.status = StatusCode::CONFLICT;
    error.code = "clock_went_back";
    error
}
