//! Buyers' trust inputs (买家信任输入), from the platform.

use super::{IdempotencyKey, execute_put};
use crate::AppState;
use crate::auth::{Principal, Scope};
use crate::dto::{self, ReceiptResponse, rfc3339};
use crate::error::{ApiError, Problem};
use crate::extract::{ApiJson, ApiPath};
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use redress_domain::BuyerId;
use redress_domain::buyer::{BuyerCommand, TrustInputs, is_trusted};
use redress_engine::Command;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What the platform knows about a buyer, for the fast-refund trust rule.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TrustRequest {
    /// RFC 3339.
    #[schema(format = DateTime)]
    account_created_at: String,
    completed_orders: u32,
    orders_90d: u32,
    refunds_90d: u32,
    abuse_restricted: bool,
}

/// A buyer's trust inputs and whether the policy in force counts them as trusted now.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct TrustResponse {
    buyer_id: String,
    account_created_at: String,
    completed_orders: u32,
    orders_90d: u32,
    refunds_90d: u32,
    abuse_restricted: bool,
    trusted: bool,
    version: u64,
}

fn buyer_in_scope(principal: &Principal, raw: &str) -> Result<BuyerId, ApiError> {
    let id = dto::buyer_id("buyer_id", raw)?;
    match &principal.scope {
        Scope::Buyer(own) if *own != id => Err(ApiError::not_found(
            "buyer_unknown",
            format!("no buyer {id}"),
        )),
        _ => Ok(id),
    }
}

#[utoipa::path(
    get, path = "/v1/buyers/{buyer_id}/trust", tag = "buyers",
    params(("buyer_id" = crate::dto::Id, Path)),
    responses(
        (status = 200, description = "The trust inputs", body = TrustResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn get_trust(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(buyer_id): ApiPath<String>,
) -> Result<Json<TrustResponse>, ApiError> {
    principal.require(crate::access::BUYER_AREA)?;
    let id = buyer_in_scope(&principal, &buyer_id)?;
    let profile = state
        .engine
        .buyer(&id)
        .await?
        .ok_or_else(|| ApiError::not_found("buyer_unknown", format!("no buyer {id}")))?;
    let policy = state.engine.policy();
    let now = state.engine.clock().now();
    Ok(Json(TrustResponse {
        buyer_id: profile.id.to_string(),
        account_created_at: rfc3339(profile.account_created_at),
        completed_orders: profile.completed_orders,
        orders_90d: profile.orders_90d,
        refunds_90d: profile.refunds_90d,
        abuse_restricted: profile.abuse_restricted,
        trusted: is_trusted(&profile, &policy.trust, now),
        version: profile.version,
    }))
}

#[utoipa::path(
    put, path = "/v1/buyers/{buyer_id}/trust", tag = "buyers",
    request_body = TrustRequest,
    params(
        ("buyer_id" = crate::dto::Id, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
    ),
    responses(
        (status = 200, description = "Updated", body = ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn put_trust(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(buyer_id): ApiPath<String>,
    ApiJson(body): ApiJson<TrustRequest>,
) -> Result<Response, ApiError> {
    let id = buyer_in_scope(&principal, &buyer_id)?;
    let inputs = TrustInputs {
        account_created_at: dto::timestamp("account_created_at", &body.account_created_at)?,
        completed_orders: body.completed_orders,
        orders_90d: body.orders_90d,
        refunds_90d: body.refunds_90d,
        abuse_restricted: body.abuse_restricted,
    };
    let command = Command::Buyer {
        buyer: id,
        command: BuyerCommand::UpdateTrust(inputs),
    };
    execute_put(&state, &principal, key, command).await
}
