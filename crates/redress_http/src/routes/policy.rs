//! The platform policy: read it, or put a new one in force (validated like
//! `redress policy check`, every problem naming its key).
//!
//! A policy put here holds until the process stops; `redress serve --policy FILE` sets the
//! one it starts with. Storing policy versions durably is a follow-up.

use crate::AppState;
use crate::auth::Principal;
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::ApiJson;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The policy in force, as a complete policy file.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct PolicyResponse {
    name: String,
    /// Every key set; see `redress policy show`.
    toml: String,
}

/// A policy file's text. Keys left out take SPEC.md's defaults; `preset = "…"` starts from
/// a preset.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PutPolicyRequest {
    toml: String,
}

fn response(policy: &redress_domain::Policy) -> PolicyResponse {
    PolicyResponse {
        name: policy.name.clone(),
        toml: redress_policy::to_toml(policy),
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
    principal.require(&["operator", "arbitrator", "merchant", "buyer"])?;
    Ok(Json(response(&state.engine.policy())))
}

#[utoipa::path(
    put, path = "/v1/policy", tag = "policy",
    request_body = PutPolicyRequest,
    responses(
        (status = 200, description = "In force for commands decided from now on", body = PolicyResponse),
        (status = "4XX", description = "Refused; a bad file names each key", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn put_policy(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<PutPolicyRequest>,
) -> Result<Json<PolicyResponse>, ApiError> {
    principal.require(&["operator"])?;
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
    })?;
    tracing::info!(policy = %policy.name, key = %principal.key_id, "policy replaced");
    state.engine.set_policy(policy);
    Ok(Json(response(&state.engine.policy())))
}
