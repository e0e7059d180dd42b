//! The operations pages of showcase creators (视频号橱窗达人, seed 001 1.3: 纠纷介入率不达标的
//! 视频号橱窗商家、视频号橱窗达人会被平台处罚): the creators with figures in the window, each
//! with its dispute intervention rate, and a creator's page with its rate and penalties, where
//! an operator records an appeal or revokes a penalty. The same engine queries and creator
//! commands as `/v1/creators`.

use super::i18n::Lang;
use super::operations::{
    PenaltyView, ROLES, penalty_view, percent, refusal_of, today, verdict_str,
};
use super::session::{Chrome, Viewer};
use super::tickets::Refusal;
use super::{MessagePage, page, require};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use redress_domain::creator::{Creator, CreatorCommand};
use redress_domain::metrics::report::{DisputeRate, report};
use redress_domain::{CreatorId, Date};
use redress_engine::{Command, Submission};
use redress_http::AppState;
use redress_http::error::ApiError;
use serde::Deserialize;
use std::collections::HashMap;

/// Creators the list shows at most.
const CREATORS_MAX: usize = 200;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/operations/creators", get(list))
        .route("/operations/creator", get(find_creator))
        .route("/operations/creators/{creator_id}", get(creator_page))
        .route(
            "/operations/creators/{creator_id}/penalties",
            post(penalty_action),
        )
}

/// A creator's rate as the pages show it.
struct RateView {
    /// `1.23% (12 / 975)`.
    rate: String,
    platform: String,
    threshold: String,
    /// `pass`, `fail` or empty (no orders).
    verdict: &'static str,
}

fn rate_view(r: &DisputeRate) -> RateView {
    RateView {
        rate: format!(
            "{} ({} / {})",
            percent(r.rate.ppm()),
            r.rate.numerator,
            r.rate.denominator
        ),
        platform: format!(
            "{} ({} / {})",
            percent(r.platform.ppm()),
            r.platform.numerator,
            r.platform.denominator
        ),
        threshold: percent(r.threshold().ppm()),
        verdict: verdict_str(r.verdict),
    }
}

struct CreatorRow {
    creator_id: String,
    rate: RateView,
    penalties: usize,
}

#[derive(Template)]
#[template(path = "console/operations/creators.html")]
struct ListPage {
    chrome: Chrome,
    at: String,
    window_from: String,
    window_to: String,
    measured: bool,
    creators: Vec<CreatorRow>,
    /// More creators had figures than the list shows.
    cut: bool,
}

#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    #[serde(default)]
    at: String,
}

fn day_or_today(state: &AppState, raw: &str) -> Date {
    redress_http::dto::day("at", raw).unwrap_or_else(|_| today(state))
}

async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<ListQuery>,
) -> Response {
    if let Err(refused) = require(&viewer, ROLES) {
        return *refused;
    }
    let at = day_or_today(&state, &query.at);
    let policy = state.engine.policy();
    let window = state.engine.window(at);
    let loaded = async {
        let platform = state.engine.platform_sums(window.from, window.to).await?;
        let sums = state.engine.creators_in_window(at).await?;
        let cut = sums.len() > CREATORS_MAX;
        let mut creators = Vec::new();
        for row in sums.into_iter().take(CREATORS_MAX) {
            let r = report(&row.figures, &platform, &policy);
            let penalties = match CreatorId::parse_stored(&row.creator_id) {
                Ok(id) => state
                    .engine
                    .creator(&id)
                    .await?
                    .map_or(0, |c| c.penalties.values().filter(|p| p.counts()).count()),
                Err(_) => 0,
            };
            creators.push(CreatorRow {
                creator_id: row.creator_id,
                rate: rate_view(&r.dispute_rate),
                penalties,
            });
        }
        Ok::<_, ApiError>((creators, cut))
    }
    .await;
    match loaded {
        Ok((creators, cut)) => page(
            StatusCode::OK,
            &ListPage {
                at: at.to_string(),
                window_from: window.from.to_string(),
                window_to: window.to.to_string(),
                measured: policy.dispute_rate.measures_creators,
                creators,
                cut,
                chrome: viewer.chrome,
            },
        ),
        Err(error) => MessagePage::failure(viewer.chrome, &error),
    }
}

#[derive(Debug, Default, Deserialize)]
struct FindQuery {
    #[serde(default)]
    creator_id: String,
}

/// `GET /operations/creator?creator_id=…`: the lookup form goes to the creator's page.
async fn find_creator(viewer: Viewer, Query(query): Query<FindQuery>) -> Response {
    if let Err(refused) = require(&viewer, ROLES) {
        return *refused;
    }
    let id =
        form_urlencoded::byte_serialize(query.creator_id.trim().as_bytes()).collect::<String>();
    Redirect::to(&format!("/operations/creators/{id}")).into_response()
}

#[derive(Template)]
#[template(path = "console/operations/creator.html")]
struct CreatorPage {
    chrome: Chrome,
    creator_id: String,
    at: String,
    window_from: String,
    window_to: String,
    measured: bool,
    rate: RateView,
    penalties: Vec<PenaltyView>,
    refusal: Refusal,
    notice: Option<&'static str>,
}

impl CreatorPage {
    /// The message next to the text field of form `action` (`revoke:ID`, `appeal:ID`).
    fn error(&self, action: &str) -> Option<&str> {
        if self.refusal.action != action {
            return None;
        }
        self.refusal
            .fields
            .values()
            .next()
            .map(String::as_str)
            .or(self.refusal.general.as_deref())
    }
}

#[derive(Debug, Default, Deserialize)]
struct CreatorQuery {
    #[serde(default)]
    done: String,
}

async fn creator_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(raw): Path<String>,
    Query(query): Query<CreatorQuery>,
) -> Response {
    if let Err(refused) = require(&viewer, ROLES) {
        return *refused;
    }
    let notice = match query.done.as_str() {
        "revoke" => Some(viewer.chrome.t("operations.revoked")),
        "appeal" => Some(viewer.chrome.t("operations.appealed")),
        _ => None,
    };
    show(&state, viewer, &raw, Refusal::default(), notice).await
}

async fn show(
    state: &AppState,
    viewer: Viewer,
    raw: &str,
    refusal: Refusal,
    notice: Option<&'static str>,
) -> Response {
    let Ok(id) = CreatorId::parse(raw) else {
        return MessagePage::not_found(viewer.chrome);
    };
    let lang: Lang = viewer.chrome.lang;
    let at = today(state);
    let loaded = async {
        if !state.engine.creator_known(&id).await? {
            return Ok(None);
        }
        let creator = state
            .engine
            .creator(&id)
            .await?
            .unwrap_or_else(|| Creator::new(id.clone()));
        let metrics = state.engine.creator_metrics(&id, at).await?;
        Ok::<_, ApiError>(Some((creator, metrics)))
    }
    .await;
    let (creator, metrics) = match loaded {
        Ok(Some(found)) => found,
        Ok(None) => return MessagePage::not_found(viewer.chrome),
        Err(error) => return MessagePage::failure(viewer.chrome, &error),
    };
    let mut penalties: Vec<PenaltyView> = creator
        .penalties
        .values()
        .map(|p| penalty_view(&id, p, lang))
        .collect();
    penalties.sort_by(|a, b| b.id.cmp(&a.id));
    let status = if refusal.action.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page(
        status,
        &CreatorPage {
            creator_id: id.to_string(),
            at: at.to_string(),
            window_from: metrics.from.to_string(),
            window_to: metrics.to.to_string(),
            measured: state.engine.policy().dispute_rate.measures_creators,
            rate: rate_view(&metrics.report.dispute_rate),
            penalties,
            refusal,
            notice,
            chrome: viewer.chrome,
        },
    )
}

/// `POST /operations/creators/{id}/penalties`: `do` is `revoke` or `appeal` (of `penalty`).
async fn penalty_action(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(raw): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if let Err(refused) = require(&viewer, ROLES) {
        return *refused;
    }
    let Ok(id) = CreatorId::parse(&raw) else {
        return MessagePage::not_found(viewer.chrome);
    };
    let get = |name: &str| form.get(name).cloned().unwrap_or_default();
    let (what, penalty, text) = (get("do"), get("penalty"), get("text"));
    // A penalty the form names is one the page listed; any other is not found, as the
    // domain's `penalty_unknown` would say of an id it does not hold.
    let named = redress_domain::PenaltyId::parse(&penalty);
    let command = match (what.as_str(), named) {
        ("revoke", Ok(penalty)) => CreatorCommand::RevokePenalty {
            id: penalty,
            reason: text,
        },
        ("appeal", Ok(penalty)) => CreatorCommand::AppealPenalty {
            id: penalty,
            statement: text,
        },
        _ => return MessagePage::not_found(viewer.chrome),
    };
    let done = state
        .engine
        .execute(Submission {
            actor: viewer.principal.actor(),
            command: Command::Creator {
                creator: id,
                command,
            },
            idempotency_key: None,
        })
        .await;
    match done {
        Ok(_) => Redirect::to(&format!("/operations/creators/{raw}?done={what}")).into_response(),
        Err(error) => {
            let lang = viewer.chrome.lang;
            let refusal = refusal_of(format!("{what}:{penalty}"), &ApiError::from(error), lang);
            show(&state, viewer, &raw, refusal, None).await
        }
    }
}
