//! The platform policy: read it, put a new one in force (validated like `redress policy
//! check`, every problem naming its key), and list its stored versions.
//!
//! A policy put here is stored as a new version in the event log and holds on every
//! instance and across restarts; a body equal to the version in force stores nothing.

use crate::AppState;
use crate::auth::Principal;
use crate::dto::ActorDto;
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::{ApiJson, ApiQuery};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use redress_domain::policy_history::PolicyVersion;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The policy in force, as a complete policy file.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct PolicyResponse {
    name: String,
    /// Every key set; see `redress policy show`.
    toml: String,
    /// Its stored version (`GET /v1/policy/versions`); 0 when none is stored yet and
    /// SPEC.md's defaults (or the server's start-up policy) apply.
    version: u64,
    /// For `PUT`: false when the body was the version in force already and nothing was
    /// stored. Absent for `GET`.
    #[serde(skip_serializing_if = "Option::is_none")]
    changed: Option<bool>,
    /// For `PUT`: what changed against the version before, one line per key
    /// (`dispute_rate.reference_rate: 0.4% → 0.3%`). Absent for `GET`.
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<Vec<String>>,
}

/// A policy file's text. Keys left out take SPEC.md's defaults; `preset = "…"` starts from
/// a preset.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PutPolicyRequest {
    toml: String,
}

fn response(state: &AppState) -> PolicyResponse {
    let (policy, version) = state.engine.policy_in_force();
    PolicyResponse {
        name: policy.name.clone(),
        toml: redress_policy::to_toml(&policy),
        version,
        changed: None,
        diff: None,
    }
}

#[utoipa::path(
    get, path = "/v1/policy", tag = "policy",
    responses(
        (status = 200, description = "The policy in force", body = PolicyResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn get_policy(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Json<PolicyResponse>, ApiError> {
    principal.require(crate::access::PARTIES)?;
    Ok(Json(response(&state)))
}

#[utoipa::path(
    put, path = "/v1/policy", tag = "policy",
    request_body = PutPolicyRequest,
    responses(
        (status = 200, description = "Stored as a new version and in force for commands decided from now on, on every instance; or, with `changed: false`, the version in force already", body = PolicyResponse),
        (status = "4XX", description = "Refused; a bad file names each key", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn put_policy(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<PutPolicyRequest>,
) -> Result<Json<PolicyResponse>, ApiError> {
    principal.require(crate::access::OPERATORS)?;
    let policy = redress_policy::parse(&body.toml).map_err(|errors| ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: "policy_invalid",
        detail: errors.to_string(),
        errors: errors
            .problems()
            .iter()
            .map(|problem| FieldError {
                field: if problem.key_path.is_empty() {
                    "toml".to_owned()
                } else {
                    format!("toml.{}", problem.key_path)
                },
                reason: problem.to_string(),
            })
            .collect(),
        missing: Vec::new(),
        sub_reason: None,
    })?;
    let outcome = state.engine.put_policy(policy, principal.actor()).await?;
    if outcome.changed {
        tracing::info!(
            version = outcome.version,
            key = %principal.key_id,
            "policy put in force as a new version"
        );
    }
    Ok(Json(PolicyResponse {
        changed: Some(outcome.changed),
        diff: Some(outcome.diff),
        ..response(&state)
    }))
}

/// One stored version of the policy.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct PolicyVersionDto {
    version: u64,
    /// When it was put in force.
    at: String,
    /// Who put it in force (an operator key, or `system` for `redress serve --policy`).
    actor: ActorDto,
    name: String,
    /// The whole policy, as a complete policy file.
    toml: String,
    /// What changed against the version before (for version 1, against SPEC.md's
    /// defaults), one line per key.
    diff: Vec<String>,
}

impl From<&PolicyVersion> for PolicyVersionDto {
    fn from(v: &PolicyVersion) -> Self {
        PolicyVersionDto {
            version: v.version,
            at: v.at.to_string(),
            actor: (&v.actor).into(),
            name: v.put.name.clone(),
            toml: v.put.toml.clone(),
            diff: v.put.diff.clone(),
        }
    }
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct PolicyVersionList {
    data: Vec<PolicyVersionDto>,
    /// Pass as `cursor` for the next page; absent on the last page.
    next_cursor: Option<String>,
}

#[utoipa::path(
    get, path = "/v1/policy/versions", tag = "policy",
    params(super::page::PageQuery),
    responses(
        (status = 200, description = "A page of the stored policy versions, newest first", body = PolicyVersionList),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list_versions(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(page): ApiQuery<super::page::PageQuery>,
) -> Result<Json<PolicyVersionList>, ApiError> {
    principal.require(crate::access::MERCHANT_AREA)?;
    let limit = page.limit(super::page::PAGE_MAX)?;
    let before = match page.cursor_parts(1)? {
        Some(parts) => Some(
            parts[0]
                .parse::<u64>()
                .map_err(|_| ApiError::field("cursor", "not a cursor this API gave out"))?,
        ),
        None => None,
    };
    let history = state.engine.policy_history().await?;
    let rows: Vec<PolicyVersionDto> = history
        .versions
        .iter()
        .rev()
        .filter(|v| before.is_none_or(|b| v.version < b))
        .take(limit + 1)
        .map(PolicyVersionDto::from)
        .collect();
    let (data, next_cursor) = super::page::cut(rows, limit, |v| {
        super::page::encode(&[&v.version.to_string()])
    });
    Ok(Json(PolicyVersionList { data, next_cursor }))
}
