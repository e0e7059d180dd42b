//! API keys over the API: an operator provisions a key when a shop or a backend is wired
//! up, and revokes it when it leaks, as `redress keys create|revoke` do on the database.
//!
//! The secret is in the creation's answer and nowhere else: only its digest is stored, and
//! a retry with the same `Idempotency-Key` answers the same key without it.

use super::IdempotencyKey;
use super::once::once_keeping;
use crate::AppState;
use crate::auth::{self, KeyError, KeyInfo, Principal, Scope};
use crate::error::{ApiError, Problem};
use crate::extract::{ApiJson, ApiPath};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use redress_store::api::ApiStore;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a key may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RoleDto {
    Operator,
    Arbitrator,
    Merchant,
    Buyer,
    Integration,
}

/// A new key: its role and, for a merchant's or a buyer's key, whom it acts for.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CreateKeyRequest {
    role: RoleDto,
    /// With role `merchant` only: the shop the key acts for.
    #[serde(default)]
    merchant_id: Option<String>,
    /// With role `buyer` only: the buyer the key acts for.
    #[serde(default)]
    buyer_id: Option<String>,
    /// What the key is for, up to 100 characters; shown by `redress keys list`.
    #[serde(default)]
    #[schema(max_length = 100)]
    name: String,
}

/// A key. `secret` is shown once, in the answer that created it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub(crate) struct KeyResponse {
    key_id: String,
    role: String,
    merchant_id: Option<String>,
    buyer_id: Option<String>,
    name: String,
    created_at: String,
    /// `Authorization: Bearer <secret>`; `null` in a replay of the creation.
    secret: Option<String>,
}

impl CreateKeyRequest {
    fn scope(&self) -> Result<Scope, ApiError> {
        let stray = |field: &str| {
            ApiError::field(
                field,
                format!(
                    "only a {} key acts for one; leave it out",
                    field.trim_end_matches("_id")
                ),
            )
        };
        let missing = |field: &str, role: &str| {
            ApiError::field(field, format!("a {role} key needs the {role} it acts for"))
        };
        let merchant = self.merchant_id.as_deref();
        let buyer = self.buyer_id.as_deref();
        let platform_wide = |scope: Scope| match (merchant, buyer) {
            (Some(_), _) => Err(stray("merchant_id")),
            (None, Some(_)) => Err(stray("buyer_id")),
            (None, None) => Ok(scope),
        };
        match self.role {
            RoleDto::Operator => platform_wide(Scope::Operator),
            RoleDto::Arbitrator => platform_wide(Scope::Arbitrator),
            RoleDto::Integration => platform_wide(Scope::Integration),
            RoleDto::Merchant => match (merchant, buyer) {
                (_, Some(_)) => Err(stray("buyer_id")),
                (None, None) => Err(missing("merchant_id", "merchant")),
                (Some(m), None) => Ok(Scope::Merchant(crate::dto::merchant_id("merchant_id", m)?)),
            },
            RoleDto::Buyer => match (merchant, buyer) {
                (Some(_), _) => Err(stray("merchant_id")),
                (None, None) => Err(missing("buyer_id", "buyer")),
                (None, Some(b)) => Ok(Scope::Buyer(crate::dto::buyer_id("buyer_id", b)?)),
            },
        }
    }
}

fn key_response(info: KeyInfo, secret: Option<String>) -> KeyResponse {
    let (merchant_id, buyer_id) = match &info.scope {
        Scope::Merchant(m) => (Some(m.to_string()), None),
        Scope::Buyer(b) => (None, Some(b.to_string())),
        Scope::Operator | Scope::Arbitrator | Scope::Integration => (None, None),
    };
    KeyResponse {
        key_id: info.key_id,
        role: info.scope.role().as_str().to_owned(),
        merchant_id,
        buyer_id,
        name: info.name,
        created_at: info.created_at.to_string(),
        secret,
    }
}

/// The answer kept for a replay: the same key, without its secret.
fn without_secret(answer: axum::body::Bytes) -> axum::body::Bytes {
    match serde_json::from_slice::<KeyResponse>(&answer) {
        Ok(mut key) => {
            key.secret = None;
            serde_json::to_vec(&key).expect("a key serialises").into()
        }
        // A refusal holds no secret: keep it as it is.
        Err(_) => answer,
    }
}

#[utoipa::path(
    post, path = "/v1/keys", tag = "keys",
    request_body = CreateKeyRequest,
    params(("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: a retry answers the same key, without its secret")),
    responses(
        (status = 201, description = "Created; keep the secret, it is not shown again", body = KeyResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn create_key(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<CreateKeyRequest>,
) -> Result<Response, ApiError> {
    principal.require(crate::access::OPERATORS)?;
    let scope = body.scope()?;
    once_keeping(
        &state,
        &principal,
        key,
        "POST /v1/keys",
        &body,
        || async {
            let now = state.engine.clock().now();
            let (info, secret) = auth::create_key(state.engine.store(), &scope, &body.name, now)
                .await
                .map_err(|error| match error {
                    KeyError::Name => ApiError::field("name", error.to_string()),
                    KeyError::Scope(e) => ApiError::field("role", e.0),
                    KeyError::Random(e) => ApiError::internal(e),
                    KeyError::Store(e) => e.into(),
                })?;
            Ok((StatusCode::CREATED, Json(key_response(info, Some(secret)))).into_response())
        },
        without_secret,
    )
    .await
}

#[utoipa::path(
    delete, path = "/v1/keys/{key_id}", tag = "keys",
    params(("key_id" = String, Path)),
    responses(
        (status = 204, description = "Revoked: requests with it answer 401 from now on"),
        (status = "4XX", description = "Refused; 404 when no active key has this id", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn revoke_key(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(key_id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    principal.require(crate::access::OPERATORS)?;
    let now = state.engine.clock().now().as_microsecond();
    if state.engine.store().revoke_api_key(&key_id, now).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found(
            "key_unknown",
            format!("no active key {key_id}"),
        ))
    }
}
