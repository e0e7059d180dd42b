//! Prometheus metrics at `GET /metrics`, in the text exposition format (version 0.0.4).
//!
//! - `redress_http_requests_total{method,route,status}`: answers, by route template
//!   (`/v1/tickets/{ticket_id}`, never the concrete path, so ids make no new series).
//!
//! Every label value comes from a fixed set, whatever a caller sends: the route is one of
//! the router's templates or `unmatched`, the method one of the standard methods or `other`,
//! and the status one the server itself answers. A made-up method or path from an anonymous
//! caller therefore never adds a series, and the page stays the same size under any traffic.
//! - `redress_http_request_duration_seconds{method,route}`: a latency histogram.
//! - `redress_engine_commands_total`, `redress_engine_batches_total`: commands committed
//!   and the transactions they were committed in.
//! - `redress_deadline_lag_seconds`: how long the oldest due deadline has waited (0 when
//!   none is due): a scheduler that falls behind shows here first.
//! - `redress_outbox_pending`, `redress_outbox_oldest_pending_seconds`: webhook messages
//!   committed but not yet fanned out, and the age of the oldest.
//! - `redress_webhook_deliveries{state="pending"|"dead"}`: deliveries waiting for an
//!   attempt, and dead letters.
//!
//! The exposition is written by hand: a handful of families do not justify a metrics
//! registry and its exporter, and the format is a few lines of text.
//!
//! Only an operator key may read `/metrics`: the figures say how busy the platform is, and a
//! scraper takes a bearer token as easily as any client.

use crate::AppState;
use crate::auth::Principal;
use crate::error::{ApiError, Problem};
use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Extension, http::StatusCode};
use redress_store::Store;
use redress_store::webhooks::{Backlog, WebhookStore};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Upper bounds of the latency buckets, in seconds.
const LATENCY_BUCKETS_SECONDS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 30.0,
];

/// The route label of a request no route matched (404s, or a 405 on no known path).
const UNMATCHED_ROUTE: &str = "unmatched";

/// The method label of a method outside [`METHODS`].
const OTHER_METHOD: &str = "other";

/// The methods that get a label of their own (RFC 9110's and PATCH).
const METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE",
];

/// The method's label: its name if standard, else `other` (extension methods are any token
/// a client cares to send).
fn method_label(method: &axum::http::Method) -> &'static str {
    METHODS
        .into_iter()
        .find(|known| *known == method.as_str())
        .unwrap_or(OTHER_METHOD)
}

/// The media type of the text exposition format.
pub const EXPOSITION_CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

#[derive(Debug, Default)]
struct Latency {
    /// Observations at or below each bound of `LATENCY_BUCKETS_SECONDS`, not cumulative.
    buckets: [u64; LATENCY_BUCKETS_SECONDS.len()],
    count: u64,
    sum_seconds: f64,
}

#[derive(Debug, Default)]
struct Series {
    /// (method, route, status) → answers.
    requests: BTreeMap<(String, String, u16), u64>,
    /// (method, route) → latencies.
    latencies: BTreeMap<(String, String), Latency>,
}

/// What the process has served since it started.
#[derive(Debug, Default)]
pub struct Telemetry {
    series: Mutex<Series>,
}

/// The route template a request matched, handed from inside the router to [`record`].
#[derive(Clone, Debug)]
struct Route(MatchedPath);

impl Telemetry {
    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut series = self.series.lock().expect("telemetry lock poisoned");
        *series
            .requests
            .entry((method.to_owned(), route.to_owned(), status))
            .or_default() += 1;
        let latency = series
            .latencies
            .entry((method.to_owned(), route.to_owned()))
            .or_default();
        latency.count += 1;
        latency.sum_seconds += seconds;
        if let Some(bucket) = LATENCY_BUCKETS_SECONDS
            .iter()
            .position(|bound| seconds <= *bound)
        {
            latency.buckets[bucket] += 1;
        }
    }

    /// The HTTP families in the exposition format.
    fn write_http(&self, out: &mut String) {
        let series = self.series.lock().expect("telemetry lock poisoned");
        family(
            out,
            "redress_http_requests_total",
            "counter",
            "HTTP requests answered, by method, route template and status.",
        );
        for ((method, route, status), count) in &series.requests {
            let _ = writeln!(
                out,
                "redress_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {count}",
                escape(method),
                escape(route)
            );
        }
        family(
            out,
            "redress_http_request_duration_seconds",
            "histogram",
            "Time from a request's arrival to its answer's head, by method and route template.",
        );
        for ((method, route), latency) in &series.latencies {
            let labels = format!("method=\"{}\",route=\"{}\"", escape(method), escape(route));
            let mut cumulative = 0;
            for (bound, count) in LATENCY_BUCKETS_SECONDS.iter().zip(latency.buckets) {
                cumulative += count;
                let _ = writeln!(
                    out,
                    "redress_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "redress_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                latency.count
            );
            let _ = writeln!(
                out,
                "redress_http_request_duration_seconds_sum{{{labels}}} {}",
                latency.sum_seconds
            );
            let _ = writeln!(
                out,
                "redress_http_request_duration_seconds_count{{{labels}}} {}",
                latency.count
            );
        }
    }
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// A label value as the exposition format wants it.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Inside the router: remember which route template matched, for [`record`] outside it.
pub(crate) async fn remember_route(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().cloned();
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(Route(route));
    }
    response
}

/// Around everything but logging: count each answer and time it, whoever made it (a
/// handler, the rate limiter, the body limit, the timeout, the panic guard).
pub(crate) async fn record(
    State(telemetry): State<Arc<Telemetry>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let response = next.run(request).await;
    let route = response
        .extensions()
        .get::<Route>()
        .map_or(UNMATCHED_ROUTE, |route| route.0.as_str());
    telemetry.observe(
        method,
        route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

#[utoipa::path(
    get, path = "/metrics", tag = "system",
    responses(
        (status = 200, description = "Prometheus text exposition format 0.0.4", body = String, content_type = "text/plain"),
        (status = 401, description = "No key, or an unknown or revoked one", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator key", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn metrics(
    State(state): State<AppState>,
    principal: Principal,
    telemetry: Option<Extension<Arc<Telemetry>>>,
) -> Result<Response, ApiError> {
    principal.require(crate::access::OPERATORS)?;
    let mut out = String::new();
    if let Some(Extension(telemetry)) = telemetry {
        telemetry.write_http(&mut out);
    }
    let stats = state.engine.stats();
    family(
        &mut out,
        "redress_engine_commands_total",
        "counter",
        "Commands whose events were committed.",
    );
    let commands = stats.commands.load(Ordering::Relaxed);
    let _ = writeln!(out, "redress_engine_commands_total {commands}");
    family(
        &mut out,
        "redress_engine_batches_total",
        "counter",
        "Transactions the engine committed (group commit: several commands each).",
    );
    let batches = stats.batches.load(Ordering::Relaxed);
    let _ = writeln!(out, "redress_engine_batches_total {batches}");
    // A store that does not answer leaves the lag out rather than failing the scrape: the
    // other figures are still true, and /readyz reports the database.
    match state.engine.store().next_deadline().await {
        Ok(next) => {
            let now = state.engine.clock().now();
            let lag_seconds = next
                .map(|due| now.duration_since(due).as_secs_f64().max(0.0))
                .unwrap_or(0.0);
            family(
                &mut out,
                "redress_deadline_lag_seconds",
                "gauge",
                "How long the oldest due deadline has waited to fire; 0 when none is due.",
            );
            let _ = writeln!(out, "redress_deadline_lag_seconds {lag_seconds}");
        }
        Err(error) => tracing::warn!(%error, "metrics: the next deadline could not be read"),
    }
    match state.engine.store().backlog().await {
        Ok(backlog) => write_backlog(&mut out, &backlog, state.engine.clock().now()),
        Err(error) => tracing::warn!(%error, "metrics: the webhook backlog could not be read"),
    }
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, EXPOSITION_CONTENT_TYPE)],
        out,
    )
        .into_response())
}

fn write_backlog(out: &mut String, backlog: &Backlog, now: jiff::Timestamp) {
    family(
        out,
        "redress_outbox_pending",
        "gauge",
        "Webhook messages committed but not yet fanned out to subscriptions.",
    );
    let _ = writeln!(out, "redress_outbox_pending {}", backlog.outbox_pending);
    family(
        out,
        "redress_outbox_oldest_pending_seconds",
        "gauge",
        "Age of the oldest message not yet fanned out; 0 when the outbox is empty.",
    );
    let oldest = backlog
        .oldest_pending_us
        .map(|us| ((now.as_microsecond() - us) as f64 / 1e6).max(0.0))
        .unwrap_or(0.0);
    let _ = writeln!(out, "redress_outbox_oldest_pending_seconds {oldest}");
    family(
        out,
        "redress_webhook_deliveries",
        "gauge",
        "Webhook deliveries by state: pending (waiting for an attempt) or dead (dead letters).",
    );
    let _ = writeln!(
        out,
        "redress_webhook_deliveries{{state=\"pending\"}} {}",
        backlog.deliveries_pending
    );
    let _ = writeln!(
        out,
        "redress_webhook_deliveries{{state=\"dead\"}} {}",
        backlog.deliveries_dead
    );
}

#[cfg(test)]
mod tests;
