//! Webhook subscriptions, the delivery log, dead letters and redelivery.
//!
//! An operator subscribes platform-wide (every merchant's events) or for one merchant; a
//! merchant's key subscribes, lists and redelivers for its own merchant only. A subscription
//! or delivery outside the key's scope answers 404, like a missing one. Delivery itself is
//! [`crate::webhooks::Dispatcher`]'s.

use super::IdempotencyKey;
use super::once::{once, once_keeping};
use super::page::{PAGE_MAX, PageQuery, cut, encode_list_cursor};
use crate::AppState;
use crate::auth::{Principal, Scope};
use crate::error::{ApiError, Problem};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use redress_domain::{MerchantId, Timestamp};
use redress_store::outbox::{EVENT_TYPES, families};
use redress_store::webhooks::{
    AttemptRecord, DeliveryRecord, SubscriptionPages, SubscriptionRecord, WebhookStore,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Longest receiver URL.
pub(crate) const URL_CHARS_MAX: usize = 2000;
/// Most subscriptions one owner (a merchant, or the platform) may have.
const SUBSCRIPTIONS_MAX: usize = 20;

/// A new subscription.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CreateWebhookRequest {
    /// Where deliveries are POSTed: an absolute `http` URL (see docs/API.md on TLS).
    url: String,
    /// At least one event type (the `webhooks` section of this document lists them), a
    /// family of them (`ticket.*`, `refund.*`, …) or `*` for every type.
    event_types: Vec<String>,
    /// Operators only: subscribe for this merchant's events; left out, for every merchant's.
    /// A merchant's key may leave it out or give its own.
    #[serde(default)]
    merchant_id: Option<String>,
}

/// A subscription. `secret` signs every delivery; it is shown only in the answer that
/// created it (a replay of that answer leaves it out).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub(crate) struct WebhookResponse {
    id: String,
    /// `null`: platform-wide.
    merchant_id: Option<String>,
    url: String,
    event_types: Vec<String>,
    enabled: bool,
    created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct WebhookList {
    data: Vec<WebhookResponse>,
    /// Pass as `cursor` for the next page; absent on the last page.
    next_cursor: Option<String>,
}

/// One attempt of a delivery.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct AttemptResponse {
    attempt: u32,
    at: String,
    /// The receiver's status; `null` when none came.
    status_code: Option<u16>,
    error: Option<String>,
    duration_ms: i64,
}

/// One message for one subscription, with its attempts.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct DeliveryResponse {
    id: String,
    webhook_id: String,
    /// The `webhook-id` header: the same on every attempt.
    message_id: String,
    event_type: String,
    merchant_id: String,
    /// `pending`, `delivered` or `dead`.
    state: String,
    attempts: u32,
    /// When a pending delivery is next tried.
    next_attempt_at: Option<String>,
    created_at: String,
    log: Vec<AttemptResponse>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct DeliveryList {
    data: Vec<DeliveryResponse>,
    /// Pass as `cursor` for the next page; absent on the last page.
    next_cursor: Option<String>,
}

fn instant(us: i64) -> String {
    Timestamp::from_microsecond(us)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

fn webhook_response(s: SubscriptionRecord, with_secret: bool) -> WebhookResponse {
    WebhookResponse {
        id: s.subscription_id,
        merchant_id: s.merchant_id,
        url: s.url,
        event_types: s.event_types,
        enabled: s.enabled,
        created_at: instant(s.created_us),
        secret: with_secret.then_some(s.secret),
    }
}

fn delivery_response(d: DeliveryRecord, attempts: &[AttemptRecord]) -> DeliveryResponse {
    let log = attempts
        .iter()
        .filter(|a| a.merchant_id == d.merchant_id && a.delivery_id == d.delivery_id)
        .map(|a| AttemptResponse {
            attempt: a.attempt,
            at: instant(a.at_us),
            status_code: a.status_code,
            error: a.error.clone(),
            duration_ms: a.duration_us / 1000,
        })
        .collect();
    DeliveryResponse {
        next_attempt_at: (d.state == "pending").then(|| instant(d.next_attempt_us)),
        id: d.delivery_id,
        webhook_id: d.subscription_id,
        message_id: d.message_id,
        event_type: d.event_type,
        merchant_id: d.merchant_id,
        state: d.state,
        attempts: d.attempts,
        created_at: instant(d.created_us),
        log,
    }
}

/// The merchant whose subscriptions the key sees: `None` for an operator (all of them).
fn owner(principal: &Principal) -> Result<Option<String>, ApiError> {
    principal.require(crate::access::WEBHOOKS)?;
    Ok(match &principal.scope {
        Scope::Merchant(m) => Some(m.as_str().to_owned()),
        _ => None,
    })
}

/// The subscription, if it exists and the key may see it.
async fn visible_subscription(
    state: &AppState,
    principal: &Principal,
    id: &str,
) -> Result<SubscriptionRecord, ApiError> {
    let owner = owner(principal)?;
    state
        .engine
        .store()
        .subscription(id)
        .await?
        .filter(|s| owner.is_none() || s.merchant_id == owner)
        .ok_or_else(|| ApiError::not_found("webhook_unknown", format!("no webhook {id}")))
}

/// A receiver's URL: absolute, `http` or `https`, with a host that, when it is a literal
/// address, may be delivered to (a name is checked when it is resolved, at each delivery).
fn check_url(raw: &str, allow_private: bool) -> Result<(), ApiError> {
    if raw.len() > URL_CHARS_MAX {
        return Err(ApiError::field(
            "url",
            format!("at most {URL_CHARS_MAX} characters"),
        ));
    }
    let url = reqwest::Url::parse(raw)
        .map_err(|e| ApiError::field("url", format!("not an absolute URL: {e}")))?;
    if !matches!(url.scheme(), "https" | "http") || url.host().is_none() {
        return Err(ApiError::field(
            "url",
            "must be an https:// or http:// URL with a host",
        ));
    }
    let literal = match url.host() {
        Some(url::Host::Ipv4(v4)) => Some(std::net::IpAddr::V4(v4)),
        Some(url::Host::Ipv6(v6)) => Some(std::net::IpAddr::V6(v6)),
        _ => None,
    };
    if let Some(address) = literal
        && !allow_private
        && !crate::net::ssrf::allowed(address)
    {
        let mut refused = ApiError::field(
            "url",
            "names a loopback, private, link-local or other special-purpose address; webhooks go to public addresses only",
        );
        refused.status = StatusCode::UNPROCESSABLE_ENTITY;
        refused.code = "webhook_target_forbidden";
        return Err(refused);
    }
    Ok(())
}

/// A type, a family wildcard of a known family, or `*`: checked here so that a typo is refused
/// at subscription rather than silently matching nothing.
fn is_known_pattern(pattern: &str) -> bool {
    pattern == "*"
        || EVENT_TYPES.contains(&pattern)
        || pattern
            .strip_suffix(".*")
            .is_some_and(|family| families().contains(&family))
}

fn check_event_types(raw: &[String]) -> Result<Vec<String>, ApiError> {
    if raw.is_empty() {
        return Err(ApiError::field(
            "event_types",
            "name at least one event type",
        ));
    }
    let mut types: Vec<String> = Vec::with_capacity(raw.len());
    for (i, t) in raw.iter().enumerate() {
        if !is_known_pattern(t) {
            return Err(ApiError::field(
                format!("event_types[{i}]"),
                format!(
                    "{t:?} is not an event type ({}), a family ({}) or *",
                    EVENT_TYPES.join(", "),
                    families()
                        .iter()
                        .map(|f| format!("{f}.*"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        if !types.contains(t) {
            types.push(t.clone());
        }
    }
    Ok(types)
}

#[utoipa::path(
    post, path = "/v1/webhooks", tag = "webhooks",
    request_body = CreateWebhookRequest,
    params(("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters")),
    responses(
        (status = 201, description = "Subscribed; keep the secret, it is not shown again (a retry with the same Idempotency-Key answers without it)", body = WebhookResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn create_webhook(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<CreateWebhookRequest>,
) -> Result<Response, ApiError> {
    let own = owner(&principal)?;
    once_keeping(
        &state,
        &principal,
        key,
        "POST /v1/webhooks",
        &body.clone(),
        || async {
            Ok(subscribe(&state, &principal, own, body)
                .await?
                .into_response())
        },
        without_secret,
    )
    .await
}

/// The answer kept for a replay: the same subscription without its signing secret, which
/// is therefore never stored outside the subscription itself.
fn without_secret(answer: axum::body::Bytes) -> axum::body::Bytes {
    match serde_json::from_slice::<WebhookResponse>(&answer) {
        Ok(mut webhook) => {
            webhook.secret = None;
            serde_json::to_vec(&webhook)
                .expect("a webhook serialises")
                .into()
        }
        // A refusal holds no secret: keep it as it is.
        Err(_) => answer,
    }
}

async fn subscribe(
    state: &AppState,
    principal: &Principal,
    own: Option<String>,
    body: CreateWebhookRequest,
) -> Result<(StatusCode, Json<WebhookResponse>), ApiError> {
    check_url(&body.url, state.allow_private_webhook_targets)?;
    let event_types = check_event_types(&body.event_types)?;
    let merchant_id = match (&own, body.merchant_id) {
        (None, None) => None,
        (None, Some(raw)) => Some(
            MerchantId::parse(&raw)
                .map_err(|e| ApiError::field("merchant_id", e.to_string()))?
                .as_str()
                .to_owned(),
        ),
        (Some(own), None) => Some(own.clone()),
        (Some(own), Some(raw)) if &raw == own => Some(raw),
        (Some(_), Some(_)) => {
            return Err(ApiError::field(
                "merchant_id",
                "a merchant's key subscribes for its own merchant only",
            ));
        }
    };
    let store = state.engine.store();
    let existing = store.subscriptions(merchant_id.clone()).await?;
    let same_owner = existing
        .iter()
        .filter(|s| s.merchant_id == merchant_id)
        .count();
    if same_owner >= SUBSCRIPTIONS_MAX {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "webhook_limit_reached",
            format!("at most {SUBSCRIPTIONS_MAX} webhooks per owner; delete one first"),
        ));
    }
    let id = crate::webhooks::new_secret()
        .map(|s| format!("whk_{}", crate::auth::digest(&s).split_at(24).0))
        .map_err(|e| ApiError::internal(format!("no randomness: {e}")))?;
    let secret = crate::webhooks::new_secret()
        .map_err(|e| ApiError::internal(format!("no randomness: {e}")))?;
    let record = SubscriptionRecord {
        subscription_id: id,
        merchant_id,
        url: body.url,
        secret,
        event_types,
        enabled: true,
        created_us: state.engine.clock().now().as_microsecond(),
    };
    store.insert_subscription(record.clone()).await?;
    tracing::info!(webhook = %record.subscription_id, key = %principal.key_id, "webhook created");
    Ok((StatusCode::CREATED, Json(webhook_response(record, true))))
}

#[utoipa::path(
    get, path = "/v1/webhooks", tag = "webhooks",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of the key's webhooks, oldest first (secrets left out)", body = WebhookList),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list_webhooks(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Json<WebhookList>, ApiError> {
    let owner = owner(&principal)?;
    let limit = page.limit(PAGE_MAX)?;
    let after = page.list_cursor()?;
    let rows = state
        .engine
        .store()
        .subscriptions_page(owner, after, limit + 1)
        .await?;
    let (rows, next_cursor) = cut(rows, limit, |s| {
        encode_list_cursor(s.created_us, &s.subscription_id)
    });
    let data = rows
        .into_iter()
        .map(|s| webhook_response(s, false))
        .collect();
    Ok(Json(WebhookList { data, next_cursor }))
}

#[utoipa::path(
    get, path = "/v1/webhooks/{webhook_id}", tag = "webhooks",
    params(("webhook_id" = String, Path)),
    responses(
        (status = 200, description = "The webhook (its secret left out)", body = WebhookResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn get_webhook(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(webhook_id): ApiPath<String>,
) -> Result<Json<WebhookResponse>, ApiError> {
    let found = visible_subscription(&state, &principal, &webhook_id).await?;
    Ok(Json(webhook_response(found, false)))
}

#[utoipa::path(
    delete, path = "/v1/webhooks/{webhook_id}", tag = "webhooks",
    params(("webhook_id" = String, Path)),
    responses(
        (status = 204, description = "Deleted, with its deliveries and their log"),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn delete_webhook(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(webhook_id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let found = visible_subscription(&state, &principal, &webhook_id).await?;
    state
        .engine
        .store()
        .delete_subscription(&found.subscription_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get, path = "/v1/webhooks/{webhook_id}/deliveries", tag = "webhooks",
    params(("webhook_id" = String, Path), PageQuery),
    responses(
        (status = 200, description = "A page of the delivery log, newest first", body = DeliveryList),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list_deliveries(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(webhook_id): ApiPath<String>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Json<DeliveryList>, ApiError> {
    let found = visible_subscription(&state, &principal, &webhook_id).await?;
    let limit = page.limit(PAGE_MAX)?;
    let before = page.list_cursor()?;
    let rows = state
        .engine
        .store()
        .deliveries(&found.subscription_id, before, limit + 1)
        .await?;
    delivery_page(&state, rows, limit).await
}

/// A page of deliveries with their attempts, from one more row than `limit`.
async fn delivery_page(
    state: &AppState,
    rows: Vec<DeliveryRecord>,
    limit: usize,
) -> Result<Json<DeliveryList>, ApiError> {
    let (rows, next_cursor) = cut(rows, limit, |d| {
        encode_list_cursor(d.created_us, &d.delivery_id)
    });
    let ids = rows.iter().map(|d| d.delivery_id.clone()).collect();
    let attempts = state.engine.store().attempts(ids).await?;
    let data = rows
        .into_iter()
        .map(|d| delivery_response(d, &attempts))
        .collect();
    Ok(Json(DeliveryList { data, next_cursor }))
}

#[utoipa::path(
    get, path = "/v1/webhooks/dead-letters", tag = "webhooks",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of the deliveries out of attempts, newest first", body = DeliveryList),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn dead_letters(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Json<DeliveryList>, ApiError> {
    let owner = owner(&principal)?;
    let limit = page.limit(PAGE_MAX)?;
    let before = page.list_cursor()?;
    let rows = state
        .engine
        .store()
        .dead_letters(owner, before, limit + 1)
        .await?;
    delivery_page(&state, rows, limit).await
}

#[utoipa::path(
    post, path = "/v1/webhooks/deliveries/{delivery_id}/redeliver", tag = "webhooks",
    params(("delivery_id" = String, Path), ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters")),
    responses(
        (status = 202, description = "Queued: attempted on the dispatcher's next round", body = DeliveryResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn redeliver(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(delivery_id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let route = format!("POST /v1/webhooks/deliveries/{delivery_id}/redeliver");
    once(&state, &principal, key, &route, &(), || async {
        Ok(queue_again(&state, &principal, &delivery_id)
            .await?
            .into_response())
    })
    .await
}

async fn queue_again(
    state: &AppState,
    principal: &Principal,
    delivery_id: &str,
) -> Result<(StatusCode, Json<DeliveryResponse>), ApiError> {
    let owner = owner(principal)?;
    let store = state.engine.store();
    let unknown = || ApiError::not_found("delivery_unknown", format!("no delivery {delivery_id}"));
    let delivery = store.delivery(delivery_id).await?.ok_or_else(unknown)?;
    if owner.is_some() {
        let subscription = store.subscription(&delivery.subscription_id).await?;
        if subscription.is_none_or(|s| s.merchant_id != owner) {
            return Err(unknown());
        }
    }
    let now_us = state.engine.clock().now().as_microsecond();
    store.redeliver(delivery_id, now_us).await?;
    let queued = store.delivery(delivery_id).await?.ok_or_else(unknown)?;
    Ok((StatusCode::ACCEPTED, Json(delivery_response(queued, &[]))))
}
