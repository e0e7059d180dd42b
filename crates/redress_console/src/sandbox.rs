//! Sandbox mode in the console (issue 7): every page shows the SANDBOX banner with the test
//! clock (see the layout); operators advance the clock here, through the same code as
//! `POST /v1/sandbox/clock/advance`, and see what the advance caused.

use super::session::{Chrome, Viewer};
use super::{MessagePage, page, require};
use askama::Template;
use axum::Router;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use redress_http::AppState;
use redress_http::shared::sandbox::{AdvanceRequest, AdvanceResponse, advance_clock};
use serde::Deserialize;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/sandbox", get(clock_page).post(advance))
}

#[derive(Template)]
#[template(path = "console/sandbox.html")]
struct ClockPage {
    chrome: Chrome,
    by: String,
    /// The message next to the duration field after a refused advance.
    error: Option<String>,
    result: Option<Advanced>,
}

/// What the advance caused, ready to show.
struct Advanced {
    from: String,
    to: String,
    deadlines_fired: Vec<(String, u64)>,
    deadlines_stale: u64,
    evaluations_run: Vec<String>,
    webhooks_attempted: usize,
}

async fn clock_page(State(state): State<AppState>, viewer: Viewer) -> Response {
    if state.sandbox.is_none() {
        return MessagePage::not_found(viewer.chrome);
    }
    if let Err(refused) = require(&viewer, redress_http::access::OPERATORS) {
        return *refused;
    }
    page(
        StatusCode::OK,
        &ClockPage {
            chrome: viewer.chrome,
            by: "PT1H".to_owned(),
            error: None,
            result: None,
        },
    )
}

#[derive(Debug, Deserialize)]
struct AdvanceForm {
    by: String,
}

async fn advance(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<AdvanceForm>,
) -> Response {
    if state.sandbox.is_none() {
        return MessagePage::not_found(viewer.chrome);
    }
    if let Err(refused) = require(&viewer, redress_http::access::OPERATORS) {
        return *refused;
    }
    let request = AdvanceRequest {
        by: Some(form.by.trim().to_owned()),
        to: None,
    };
    let outcome = advance_clock(&state, &viewer.principal, &request).await;
    // The banner must show the clock after the advance.
    let chrome = refreshed(&state, viewer);
    match outcome {
        Ok(response) => {
            let result = Some(shown(&response, &chrome));
            page(
                StatusCode::OK,
                &ClockPage {
                    chrome,
                    by: form.by,
                    error: None,
                    result,
                },
            )
        }
        Err(error) if error.status.is_client_error() => {
            let reason = super::tickets::Refusal::message("", &error, chrome.lang);
            page(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ClockPage {
                    chrome,
                    by: form.by,
                    error: Some(reason),
                    result: None,
                },
            )
        }
        Err(error) => MessagePage::failure(chrome, &error),
    }
}

fn refreshed(state: &AppState, viewer: Viewer) -> Chrome {
    let mut chrome = viewer.chrome;
    let zone = state.engine.zone();
    let now = redress_engine::Clock::now(state.engine.clock().as_ref());
    if let Some(banner) = chrome.sandbox.as_mut() {
        banner.now_local = super::format::local_time(now, &zone);
    }
    chrome.now = redress_http::dto::rfc3339(now);
    chrome
}

fn shown(response: &AdvanceResponse, chrome: &Chrome) -> Advanced {
    let local = |raw: &str| {
        raw.parse::<jiff::Timestamp>()
            .ok()
            .and_then(|at| {
                jiff::tz::TimeZone::get(&chrome.zone)
                    .ok()
                    .map(|zone| super::format::local_time(at, &zone))
            })
            .unwrap_or_else(|| raw.to_owned())
    };
    Advanced {
        from: local(&response.from),
        to: local(&response.to),
        deadlines_fired: response
            .deadlines_fired
            .iter()
            .map(|(kind, n)| (chrome.t(&format!("deadline.{kind}")).to_owned(), *n))
            .collect(),
        deadlines_stale: response.deadlines_stale,
        evaluations_run: response.evaluations_run.clone(),
        webhooks_attempted: response.webhooks_attempted,
    }
}
