//! A merchant's after-sales settings: fast refund, auto-approve strategies (售后小助手), and
//! the platform's measures (refund handling closed, exclusion from platform fast refund).

use super::{IdempotencyKey, execute, execute_put};
use crate::AppState;
use crate::auth::{Principal, Scope};
use crate::dto::{self, ConditionDto, PutStrategyRequest, ReceiptResponse, StrategyActionDto};
use crate::error::{ApiError, Problem};
use crate::extract::{ApiJson, ApiPath};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use redress_domain::MerchantId;
use redress_domain::merchant::{Merchant, MerchantCommand};
use redress_engine::Command;
use redress_store::api::ApiStore;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The merchant id from the path, if the key may act for that merchant. A merchant key
/// asking about another merchant gets the 404 an unknown one would.
pub(crate) fn merchant_in_scope(principal: &Principal, raw: &str) -> Result<MerchantId, ApiError> {
    let id = dto::merchant_id("merchant_id", raw)?;
    match &principal.scope {
        Scope::Merchant(own) if *own != id => Err(ApiError::not_found(
            "merchant_unknown",
            format!("no merchant {id}"),
        )),
        _ => Ok(id),
    }
}

/// [`merchant_in_scope`], for reads: a merchant with neither settings nor orders is as
/// unknown as a buyer without a profile, and answers the same 404.
pub(crate) async fn known_merchant_in_scope(
    state: &AppState,
    principal: &Principal,
    raw: &str,
) -> Result<MerchantId, ApiError> {
    let id = merchant_in_scope(principal, raw)?;
    if state.engine.store().merchant_known(id.as_str()).await? {
        Ok(id)
    } else {
        Err(ApiError::not_found(
            "merchant_unknown",
            format!("no merchant {id}"),
        ))
    }
}

/// One version of an auto-approve strategy.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct StrategyDto {
    id: String,
    name: String,
    version: u32,
    condition: ConditionDto,
    action: StrategyActionDto,
    enabled: bool,
}

/// A merchant's after-sales settings.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct MerchantResponse {
    id: String,
    fast_refund_opted_in: bool,
    platform_fast_refund_excluded: bool,
    /// Why the platform closed the merchant's refund handling, while it is closed.
    refund_handling_closed: Option<String>,
    /// The penalty that removed the merchant from the platform (seed 004 三: 清除平台、终止
    /// 合作), while it stands.
    terminated_by: Option<String>,
    /// Where buyers send returns, unless a ticket names its own (`set_return_address`);
    /// shown to the buyer once a return is agreed.
    return_address: Option<String>,
    /// The shop's display name (店铺名称), once one was set (`PUT .../name`).
    name: Option<String>,
    strategies: Vec<StrategyDto>,
    version: u64,
}

impl From<&Merchant> for MerchantResponse {
    fn from(m: &Merchant) -> Self {
        MerchantResponse {
            id: m.id.to_string(),
            fast_refund_opted_in: m.fast_refund_opted_in,
            platform_fast_refund_excluded: m.platform_fast_refund_excluded,
            refund_handling_closed: m.refund_handling_closed.clone(),
            terminated_by: m.terminated().map(|p| p.id.to_string()),
            return_address: m.return_address.clone(),
            name: m.name.clone(),
            strategies: m
                .strategies
                .values()
                .map(|s| StrategyDto {
                    id: s.id.to_string(),
                    name: s.name.clone(),
                    version: s.version,
                    condition: (&s.condition).into(),
                    action: s.action.into(),
                    enabled: s.enabled,
                })
                .collect(),
            version: m.version,
        }
    }
}

/// A merchant's settings and strategies (defaults for a merchant with orders that changed
/// none; 404 `merchant_unknown` for a merchant with neither).
#[utoipa::path(
    get, path = "/v1/merchants/{merchant_id}", tag = "merchants",
    params(("merchant_id" = crate::dto::Id, Path)),
    responses(
        (status = 200, description = "The settings", body = MerchantResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn get_merchant(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(merchant_id): ApiPath<String>,
) -> Result<Json<MerchantResponse>, ApiError> {
    principal.require(crate::access::MERCHANT_AREA)?;
    let id = known_merchant_in_scope(&state, &principal, &merchant_id).await?;
    let merchant = state
        .engine
        .merchant(&id)
        .await?
        .unwrap_or_else(|| Merchant::new(id));
    Ok(Json(MerchantResponse::from(&merchant)))
}

pub(crate) async fn merchant_command(
    state: &AppState,
    principal: &Principal,
    key: IdempotencyKey,
    merchant: MerchantId,
    command: MerchantCommand,
) -> Result<Response, ApiError> {
    let command = Command::Merchant { merchant, command };
    execute(state, principal, key, command, StatusCode::OK).await
}

/// A merchant setting's PUT: sending the setting it already has succeeds, changing nothing.
async fn put_command(
    state: &AppState,
    principal: &Principal,
    key: IdempotencyKey,
    merchant: MerchantId,
    command: MerchantCommand,
) -> Result<Response, ApiError> {
    execute_put(
        state,
        principal,
        key,
        Command::Merchant { merchant, command },
    )
    .await
}

/// Opt in or out of fast refund for unshipped refund-only requests.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FastRefundRequest {
    opted_in: bool,
}

#[utoipa::path(
    put, path = "/v1/merchants/{merchant_id}/fast-refund", tag = "merchants",
    request_body = FastRefundRequest,
    params(
        ("merchant_id" = crate::dto::Id, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
    ),
    responses(
        (status = 200, description = "Set", body = ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn put_fast_refund(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(merchant_id): ApiPath<String>,
    ApiJson(body): ApiJson<FastRefundRequest>,
) -> Result<Response, ApiError> {
    let id = merchant_in_scope(&principal, &merchant_id)?;
    let command = MerchantCommand::SetFastRefund {
        opted_in: body.opted_in,
    };
    put_command(&state, &principal, key, id, command).await
}

/// The shop's return address; an empty one removes it.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReturnAddressRequest {
    /// At most 300 characters; line breaks allowed, other control characters not.
    #[schema(max_length = 300)]
    address: String,
}

/// Set where buyers send returns (a ticket may name its own with `set_return_address`).
#[utoipa::path(
    put, path = "/v1/merchants/{merchant_id}/return-address", tag = "merchants",
    request_body = ReturnAddressRequest,
    params(
        ("merchant_id" = crate::dto::Id, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
    ),
    responses(
        (status = 200, description = "Set", body = ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn put_return_address(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(merchant_id): ApiPath<String>,
    ApiJson(body): ApiJson<ReturnAddressRequest>,
) -> Result<Response, ApiError> {
    let id = merchant_in_scope(&principal, &merchant_id)?;
    let command = MerchantCommand::SetReturnAddress {
        address: body.address,
    };
    put_command(&state, &principal, key, id, command).await
}

/// The shop's display name.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ShopNameRequest {
    /// One line of at most 60 characters once trimmed, not blank; no control characters.
    #[schema(max_length = 60)]
    name: String,
}

/// Name the shop (店铺名称): the consoles show it beside the shop's id. The shop itself, an
/// operator or the platform's integration (a system key) may set it.
#[utoipa::path(
    put, path = "/v1/merchants/{merchant_id}/name", tag = "merchants",
    request_body = ShopNameRequest,
    params(
        ("merchant_id" = crate::dto::Id, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
    ),
    responses(
        (status = 200, description = "Set", body = ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn put_name(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(merchant_id): ApiPath<String>,
    ApiJson(body): ApiJson<ShopNameRequest>,
) -> Result<Response, ApiError> {
    let id = merchant_in_scope(&principal, &merchant_id)?;
    let command = MerchantCommand::SetName { name: body.name };
    put_command(&state, &principal, key, id, command).await
}

/// Create an auto-approve strategy, or a new version of it.
#[utoipa::path(
    put, path = "/v1/merchants/{merchant_id}/strategies/{strategy_id}", tag = "merchants",
    request_body = PutStrategyRequest,
    params(
        ("merchant_id" = crate::dto::Id, Path),
        ("strategy_id" = crate::dto::Id, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
    ),
    responses(
        (status = 200, description = "Stored as a new version", body = ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn put_strategy(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath((merchant_id, strategy_id)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<PutStrategyRequest>,
) -> Result<Response, ApiError> {
    let id = merchant_in_scope(&principal, &merchant_id)?;
    let command = MerchantCommand::PutStrategy {
        id: dto::strategy_id("strategy_id", &strategy_id)?,
        name: body.name,
        condition: body.condition.to_domain(),
        action: body.action.into(),
    };
    merchant_command(&state, &principal, key, id, command).await
}

/// Disable a strategy (its versions stay on record).
#[utoipa::path(
    post, path = "/v1/merchants/{merchant_id}/strategies/{strategy_id}/disable", tag = "merchants",
    params(
        ("merchant_id" = crate::dto::Id, Path),
        ("strategy_id" = crate::dto::Id, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
    ),
    responses(
        (status = 200, description = "Disabled", body = ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn disable_strategy(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath((merchant_id, strategy_id)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let id = merchant_in_scope(&principal, &merchant_id)?;
    let command = MerchantCommand::DisableStrategy {
        id: dto::strategy_id("strategy_id", &strategy_id)?,
    };
    merchant_command(&state, &principal, key, id, command).await
}

/// Close (with a reason) or restore a merchant's refund handling (seed 004).
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RefundHandlingRequest {
    closed: bool,
    /// Why (free text): required when closing, refused when restoring.
    #[serde(default)]
    note: Option<String>,
}

#[utoipa::path(
    put, path = "/v1/merchants/{merchant_id}/refund-handling", tag = "merchants",
    request_body = RefundHandlingRequest,
    params(
        ("merchant_id" = crate::dto::Id, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
    ),
    responses(
        (status = 200, description = "Set", body = ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn put_refund_handling(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(merchant_id): ApiPath<String>,
    ApiJson(body): ApiJson<RefundHandlingRequest>,
) -> Result<Response, ApiError> {
    let id = merchant_in_scope(&principal, &merchant_id)?;
    let command = match (body.closed, body.note) {
        (true, Some(note)) => MerchantCommand::CloseRefundHandling { reason: note },
        (true, None) => return Err(ApiError::field("note", "required when closing")),
        (false, None) => MerchantCommand::RestoreRefundHandling,
        (false, Some(_)) => {
            return Err(ApiError::field("note", "only when closing"));
        }
    };
    put_command(&state, &principal, key, id, command).await
}

/// Exclude a merchant from the platform's fast refund, or include it again.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PlatformExclusionRequest {
    excluded: bool,
}

#[utoipa::path(
    put, path = "/v1/merchants/{merchant_id}/platform-fast-refund-exclusion", tag = "merchants",
    request_body = PlatformExclusionRequest,
    params(
        ("merchant_id" = crate::dto::Id, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
    ),
    responses(
        (status = 200, description = "Set", body = ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn put_platform_exclusion(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(merchant_id): ApiPath<String>,
    ApiJson(body): ApiJson<PlatformExclusionRequest>,
) -> Result<Response, ApiError> {
    let id = merchant_in_scope(&principal, &merchant_id)?;
    let command = MerchantCommand::SetPlatformFastRefundExclusion {
        excluded: body.excluded,
    };
    put_command(&state, &principal, key, id, command).await
}
