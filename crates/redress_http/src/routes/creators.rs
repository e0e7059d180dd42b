//! Showcase creators (视频号橱窗达人, seed 001 1.3: 纠纷介入率不达标的视频号橱窗商家、视频号橱窗
//! 达人会被平台处罚): each creator's dispute intervention rate over the orders its showcase
//! sold, and the penalties of its weekly evaluations.
//!
//! Platform staff only (operators and arbitrators read, operators act): a creator's figures
//! are made of many merchants' orders, so a merchant key sees none of them (403 `forbidden`);
//! its own figures already count the orders creators sold for it. An id redress has never
//! seen on an order or a penalty is 404 `creator_unknown`.

use super::IdempotencyKey;
use super::metrics::{AT_DESCRIPTION, AtQuery, DayDto, DisputeRateDto, PenaltyDto};
use super::page::PageQuery;
use crate::AppState;
use crate::auth::Principal;
use crate::dto::{day, id};
use crate::error::{ApiError, Problem};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use redress_domain::CreatorId;
use redress_domain::creator::{Creator, CreatorCommand};
use redress_engine::Command;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The creator named in the path, if redress knows it (an order it sold, or a penalty).
async fn known_creator(state: &AppState, raw: &str) -> Result<CreatorId, ApiError> {
    let creator = id(CreatorId::parse, "creator_id", raw)?;
    if state.engine.creator_known(&creator).await? {
        Ok(creator)
    } else {
        Err(ApiError::not_found(
            "creator_unknown",
            format!("no creator {creator}: no order names it and it has no penalty"),
        ))
    }
}

/// `?at=DAY&limit=&cursor=`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CreatorListQuery {
    at: String,
    #[serde(default)]
    limit: Option<usize>,
    /// `next_cursor` of the previous page.
    #[serde(default)]
    cursor: Option<String>,
}

/// A creator with figures in the window, its rate, and its penalties that still count.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct CreatorRow {
    creator_id: String,
    dispute_rate: DisputeRateDto,
    /// Penalties on record, not revoked.
    penalties: usize,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct CreatorPage {
    evaluation_day: String,
    window_from: String,
    window_to: String,
    /// Whether the policy in force measures creators (`dispute_rate.measures_creators`; the
    /// channels preset does): only then does the weekly evaluation penalise them.
    measured: bool,
    data: Vec<CreatorRow>,
    next_cursor: Option<String>,
}

#[utoipa::path(
    get, path = "/v1/creators", tag = "creators",
    params(
        ("at" = String, Query, format = Date, description = AT_DESCRIPTION),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 200, description = "Page size, 1 to 200; default 50"),
        ("cursor" = Option<String>, Query),
    ),
    responses(
        (status = 200, description = "Creators with figures in the window, by id", body = CreatorPage),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list_creators(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<CreatorListQuery>,
) -> Result<Json<CreatorPage>, ApiError> {
    principal.require(crate::access::PLATFORM)?;
    let at = day("at", &query.at)?;
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let limit = page.limit(super::page::PAGE_MAX)?;
    let after = page.cursor_parts(1)?.map(|mut parts| parts.remove(0));
    let policy = state.engine.policy();
    let window = state.engine.window(at);
    let platform = state.engine.platform_sums(window.from, window.to).await?;
    let mut rows = Vec::new();
    for sums in state.engine.creators_in_window(at).await? {
        if after
            .as_ref()
            .is_some_and(|a| sums.creator_id.as_str() <= a.as_str())
        {
            continue;
        }
        if rows.len() > limit {
            break;
        }
        let report = redress_domain::metrics::report::report(&sums.figures, &platform, &policy);
        let penalties = match CreatorId::parse_stored(&sums.creator_id) {
            Ok(creator) => state
                .engine
                .creator(&creator)
                .await?
                .map_or(0, |c| c.penalties.values().filter(|p| p.counts()).count()),
            Err(_) => 0,
        };
        rows.push(CreatorRow {
            creator_id: sums.creator_id,
            dispute_rate: DisputeRateDto::new(&report.dispute_rate, &policy),
            penalties,
        });
    }
    let (data, next_cursor) =
        super::page::cut(rows, limit, |r| super::page::encode(&[&r.creator_id]));
    Ok(Json(CreatorPage {
        evaluation_day: at.to_string(),
        window_from: window.from.to_string(),
        window_to: window.to.to_string(),
        measured: policy.dispute_rate.measures_creators,
        data,
        next_cursor,
    }))
}

/// A creator's dispute intervention rate over the window before an evaluation day: its
/// disputes over the orders its showcase sold, against the platform's rate (every order).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct CreatorMetricsResponse {
    creator_id: String,
    evaluation_day: String,
    window_from: String,
    window_to: String,
    /// Whether the policy in force measures creators (`dispute_rate.measures_creators`).
    measured: bool,
    dispute_rate: DisputeRateDto,
    /// Days with figures of the orders the creator sold, oldest first.
    daily: Vec<DayDto>,
}

#[utoipa::path(
    get, path = "/v1/creators/{creator_id}/metrics", tag = "creators",
    params(("creator_id" = crate::dto::Id, Path), ("at" = String, Query, format = Date, description = AT_DESCRIPTION)),
    responses(
        (status = 200, description = "The creator's figures", body = CreatorMetricsResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn get_creator_metrics(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(creator_id): ApiPath<String>,
    ApiQuery(query): ApiQuery<AtQuery>,
) -> Result<Json<CreatorMetricsResponse>, ApiError> {
    principal.require(crate::access::PLATFORM)?;
    let at = day("at", &query.at)?;
    let creator = known_creator(&state, &creator_id).await?;
    let m = state.engine.creator_metrics(&creator, at).await?;
    let policy = state.engine.policy();
    Ok(Json(CreatorMetricsResponse {
        creator_id: creator.to_string(),
        evaluation_day: at.to_string(),
        window_from: m.from.to_string(),
        window_to: m.to.to_string(),
        measured: policy.dispute_rate.measures_creators,
        dispute_rate: DisputeRateDto::new(&m.report.dispute_rate, &policy),
        daily: m
            .days
            .iter()
            .map(|d| DayDto::new(d.day, &d.figures))
            .collect(),
    }))
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct CreatorPenaltyList {
    data: Vec<PenaltyDto>,
    /// Pass as `cursor` for the next page; absent on the last page.
    next_cursor: Option<String>,
}

#[utoipa::path(
    get, path = "/v1/creators/{creator_id}/penalties", tag = "creators",
    params(("creator_id" = crate::dto::Id, Path), PageQuery),
    responses(
        (status = 200, description = "A page of the creator's penalties, newest first", body = CreatorPenaltyList),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list_creator_penalties(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(creator_id): ApiPath<String>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Json<CreatorPenaltyList>, ApiError> {
    principal.require(crate::access::PLATFORM)?;
    let limit = page.limit(super::page::PAGE_MAX)?;
    let before = page.cursor_parts(1)?.map(|mut parts| parts.remove(0));
    let creator = known_creator(&state, &creator_id).await?;
    let creator = state
        .engine
        .creator(&creator)
        .await?
        .unwrap_or_else(|| Creator::new(creator));
    let mut ids: Vec<&redress_domain::PenaltyId> = creator
        .penalties
        .keys()
        .filter(|id| before.as_ref().is_none_or(|b| id.as_str() < b.as_str()))
        .collect();
    ids.sort_by(|a, b| b.cmp(a));
    ids.truncate(limit + 1);
    let rows: Vec<PenaltyDto> = ids
        .into_iter()
        .map(|id| PenaltyDto::from(&creator.penalties[id]))
        .collect();
    let (data, next_cursor) = super::page::cut(rows, limit, |p| super::page::encode(&[p.id()]));
    Ok(Json(CreatorPenaltyList { data, next_cursor }))
}

/// The creator's appeal as an operator records it, or the operator's reason for revoking.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CreatorPenaltyTextRequest {
    /// 1 to 2000 characters, not only spaces.
    #[schema(min_length = 1, max_length = 2000, pattern = "\\S")]
    note: String,
}

#[utoipa::path(
    post, path = "/v1/creators/{creator_id}/penalties/{penalty_id}/appeal", tag = "creators",
    request_body = CreatorPenaltyTextRequest,
    params(
        ("creator_id" = crate::dto::Id, Path),
        ("penalty_id" = String, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
    ),
    responses(
        (status = 200, description = "Appealed", body = crate::dto::ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn appeal_creator_penalty(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath((creator_id, penalty_id)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<CreatorPenaltyTextRequest>,
) -> Result<Response, ApiError> {
    principal.require(crate::access::PLATFORM)?;
    let creator = known_creator(&state, &creator_id).await?;
    let command = CreatorCommand::AppealPenalty {
        id: crate::dto::penalty_id("penalty_id", &penalty_id)?,
        statement: body.note,
    };
    let command = Command::Creator { creator, command };
    super::execute(&state, &principal, key, command, StatusCode::OK).await
}

#[utoipa::path(
    post, path = "/v1/creators/{creator_id}/penalties/{penalty_id}/revoke", tag = "creators",
    request_body = CreatorPenaltyTextRequest,
    params(
        ("creator_id" = crate::dto::Id, Path),
        ("penalty_id" = String, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
    ),
    responses(
        (status = 200, description = "Revoked", body = crate::dto::ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn revoke_creator_penalty(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath((creator_id, penalty_id)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<CreatorPenaltyTextRequest>,
) -> Result<Response, ApiError> {
    principal.require(crate::access::PLATFORM)?;
    let creator = known_creator(&state, &creator_id).await?;
    let command = CreatorCommand::RevokePenalty {
        id: crate::dto::penalty_id("penalty_id", &penalty_id)?,
        reason: body.note,
    };
    let command = Command::Creator { creator, command };
    super::execute(&state, &principal, key, command, StatusCode::OK).await
}
