//! The routes, one module per resource, and what they share: the idempotency and
//! `If-Match` headers, scope checks, and running a command through the engine.

pub(crate) mod buyers;
pub(crate) mod creators;
mod described;
mod events;
pub(crate) mod files;
mod keys;
pub(crate) mod merchants;
pub(crate) mod messages;
pub(crate) mod metrics;
mod once;
mod order_list;
pub(crate) mod orders;
pub(crate) mod page;
pub(crate) mod policy;
pub mod queue;
pub(crate) mod sandbox;
mod system;
pub(crate) mod tickets;
mod webhooks;

use crate::AppState;
use crate::auth::Principal;
use crate::dto::ReceiptResponse;
use crate::error::{ApiError, Problem};
use crate::webhook_catalogue::WebhooksDoc;
use axum::extract::FromRequestParts;
use axum::http::{HeaderValue, StatusCode, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use redress_domain::{Order, OrderId, TicketId};
use redress_engine::{Command, Submission};
use redress_store::api::ApiStore;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "redress",
        description = "After-sales and dispute engine for marketplaces. Errors are RFC 9457 \
            problem+json with a stable `code`; every POST and the PUTs on settings take an `Idempotency-Key`; \
            money is integer minor units with a currency; instants are RFC 3339.",
    ),
    modifiers(&BearerAuth, &WebhooksDoc),
    security(("api_key" = [])),
    // These are named only by query parameters, which utoipa does not collect.
    components(schemas(
        Problem,
        metrics::RankBy,
        queue::QueueTab,
        queue::TicketSortDto,
        queue::SortDirectionDto
    )),
    tags(
        (name = "orders", description = "Orders and logistics, from the order system and carriers"),
        (name = "tickets", description = "After-sales tickets (售后单) and disputes"),
        (name = "events", description = "The changes feed: every event of the log in commit order"),
        (name = "payments", description = "Refund results from the payment system"),
        (name = "merchants", description = "Merchant settings: fast refund, auto-approve strategies"),
        (name = "metrics", description = "Merchant metrics, penalties and the weekly evaluation"),
        (name = "creators", description = "Showcase creators (视频号橱窗达人): their dispute rate and penalties (seed 001)"),
        (name = "buyers", description = "Buyer trust inputs"),
        (name = "policy", description = "The platform policy"),
        (name = "sandbox", description = "The test clock of sandbox mode (`redress serve --sandbox`)"),
        (name = "system", description = "Health and the API description"),
        (name = "webhooks", description = "Webhook subscriptions, delivery log, dead letters"),
        (name = "keys", description = "API keys: an operator creates and revokes them"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.description = Some(
            "An API key from `redress keys create`, e.g. `Authorization: Bearer rk_live_…`."
                .to_owned(),
        );
        components.add_security_scheme("api_key", SecurityScheme::Http(scheme));
    }
}

fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(orders::place_order, order_list::list_orders))
        .routes(routes!(orders::get_order))
        .routes(routes!(orders::logistics))
        .routes(routes!(orders::open_ticket))
        .routes(routes!(tickets::list_tickets))
        .routes(routes!(events::list_events))
        .routes(routes!(tickets::get_ticket))
        .routes(routes!(tickets::ticket_action))
        .routes(routes!(tickets::refund_result))
        .routes(routes!(messages::list_messages, messages::post_message))
        .routes(with_file_limit(routes!(files::upload)))
        .routes(routes!(files::download))
        .routes(routes!(merchants::get_merchant))
        .routes(routes!(merchants::put_fast_refund))
        .routes(routes!(merchants::put_return_address))
        .routes(routes!(merchants::put_name))
        .routes(routes!(merchants::put_strategy))
        .routes(routes!(merchants::disable_strategy))
        .routes(routes!(merchants::put_refund_handling))
        .routes(routes!(merchants::put_platform_exclusion))
        .routes(routes!(metrics::get_metrics))
        .routes(routes!(metrics::list_penalties))
        .routes(routes!(metrics::appeal_penalty))
        .routes(routes!(metrics::revoke_penalty))
        .routes(routes!(metrics::terminate_merchant))
        .routes(routes!(metrics::run_evaluation))
        .routes(routes!(metrics::leaderboard))
        .routes(routes!(creators::list_creators))
        .routes(routes!(creators::get_creator_metrics))
        .routes(routes!(creators::list_creator_penalties))
        .routes(routes!(creators::appeal_creator_penalty))
        .routes(routes!(creators::revoke_creator_penalty))
        .routes(routes!(buyers::get_trust, buyers::put_trust))
        .routes(routes!(policy::get_policy, policy::put_policy))
        .routes(routes!(policy::list_versions))
        .routes(routes!(sandbox::get_clock))
        .routes(routes!(sandbox::advance))
        .routes(routes!(system::healthz))
        .routes(routes!(system::readyz))
        .routes(routes!(crate::telemetry::metrics))
        // Webhooks.
        .routes(routes!(webhooks::create_webhook, webhooks::list_webhooks))
        .routes(routes!(webhooks::get_webhook, webhooks::delete_webhook))
        .routes(routes!(webhooks::list_deliveries))
        .routes(routes!(webhooks::dead_letters))
        .routes(routes!(webhooks::redeliver))
        .routes(routes!(keys::create_key))
        .routes(routes!(keys::revoke_key))
}

/// Uploads take files up to the configured limit, past the API's usual body limit.
fn with_file_limit(
    (schemas, paths, method_router): utoipa_axum::router::UtoipaMethodRouter<AppState>,
) -> utoipa_axum::router::UtoipaMethodRouter<AppState> {
    (
        schemas,
        paths,
        method_router.layer(crate::evidence_files::upload_body_layer()),
    )
}

/// The OpenAPI 3.1 description, as served at `/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    described::complete(api().into_openapi())
}

pub(crate) fn router(state: AppState, pages: Router<AppState>) -> Router {
    let (router, openapi) = api().split_for_parts();
    let openapi_json = described::complete(openapi)
        .to_json()
        .expect("the API description serialises");
    router
        .route(
            "/openapi.json",
            axum::routing::get(move || async move {
                (
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    openapi_json,
                )
            }),
        )
        .route("/docs", axum::routing::get(system::docs))
        .route(
            "/docs/swagger-ui-bundle.js",
            axum::routing::get(system::docs_js),
        )
        .route("/docs/swagger-ui.css", axum::routing::get(system::docs_css))
        // The web console: HTML pages beside the API, absent from /openapi.json.
        .merge(pages)
        .fallback(|| async {
            ApiError::not_found("route_unknown", "no such route; see /openapi.json")
        })
        .with_state(state)
}

/// The `Idempotency-Key` header: a retry with the same key and body returns the first
/// answer; the same key with another body is refused. Keys are scoped to the caller.
#[derive(Debug)]
pub(crate) struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.headers.get("idempotency-key") {
            None => Ok(IdempotencyKey(None)),
            Some(value) => value
                .to_str()
                .ok()
                .filter(|v| !v.is_empty())
                .map(|v| IdempotencyKey(Some(v.to_owned())))
                .ok_or_else(|| {
                    let mut problem = ApiError::field(
                        "Idempotency-Key",
                        "must be 1 to 255 visible ASCII characters",
                    );
                    problem.code = "idempotency_key_invalid";
                    problem
                }),
        }
    }
}

/// `If-Match: "7"`: act only if the ticket is still at version 7 (its `ETag`).
#[derive(Debug)]
pub(crate) struct IfMatch(pub Option<u64>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(axum::http::header::IF_MATCH) else {
            return Ok(IfMatch(None));
        };
        value
            .to_str()
            .ok()
            .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
            .and_then(|v| v.parse::<u64>().ok())
            .map(|v| IfMatch(Some(v)))
            .ok_or_else(|| {
                ApiError::field(
                    "If-Match",
                    "must be a ticket version as its ETag gives it, e.g. \"3\"",
                )
            })
    }
}

/// Run a command as the caller and answer with its receipt.
pub(crate) async fn execute(
    state: &AppState,
    principal: &Principal,
    key: IdempotencyKey,
    command: Command,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let submission = Submission {
        actor: principal.actor(),
        command,
        idempotency_key: key.0,
    };
    let receipt = state.engine.execute(submission).await?;
    let replayed = receipt.replayed;
    let mut response = (status, Json(ReceiptResponse::from(receipt))).into_response();
    if replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// Run a PUT's command: a PUT states what should be, so sending what already is succeeds
/// with a receipt of no events at the stream's current version (the domain's `no_change`
/// is an answer for actions, not for states).
pub(crate) async fn execute_put(
    state: &AppState,
    principal: &Principal,
    key: IdempotencyKey,
    command: Command,
) -> Result<Response, ApiError> {
    let (stream, current) = match &command {
        Command::Merchant { merchant, .. } => (
            format!("merchant:{merchant}"),
            CurrentVersion::Merchant(merchant.clone()),
        ),
        Command::Buyer { buyer, .. } => (
            format!("buyer:{buyer}"),
            CurrentVersion::Buyer(buyer.clone()),
        ),
        Command::Creator { creator, .. } => (format!("creator:{creator}"), CurrentVersion::None),
        Command::Order { order, .. } => (format!("order:{order}"), CurrentVersion::None),
    };
    match execute(state, principal, key, command, StatusCode::OK).await {
        Err(error) if error.code == "no_change" => {
            let version = match current {
                CurrentVersion::Merchant(m) => state.engine.merchant(&m).await?.map(|m| m.version),
                CurrentVersion::Buyer(b) => state.engine.buyer(&b).await?.map(|b| b.version),
                CurrentVersion::None => None,
            }
            .unwrap_or(0);
            let receipt = ReceiptResponse {
                stream,
                version,
                stream_version: version,
                events: Vec::new(),
                replayed: false,
            };
            Ok((StatusCode::OK, Json(receipt)).into_response())
        }
        other => other,
    }
}

enum CurrentVersion {
    Merchant(redress_domain::MerchantId),
    Buyer(redress_domain::BuyerId),
    None,
}

/// Whether the key may act on the order with this id: one indexed read of the `orders`
/// projection, not a load of the order, since a command is decided by the engine on its
/// own copy anyway. A missing and a foreign order answer the same 404.
pub(crate) async fn order_in_scope(
    state: &AppState,
    principal: &Principal,
    order: &OrderId,
) -> Result<(), ApiError> {
    let parties = state
        .engine
        .store()
        .order_parties(order.as_str())
        .await
        .map_err(redress_engine::EngineError::from)?;
    match parties {
        Some(p) if principal.sees_ids(&p.merchant_id, &p.buyer_id) => Ok(()),
        _ => Err(ApiError::not_found(
            "order_unknown",
            format!("no order {order}"),
        )),
    }
}

/// The order holding the ticket with this id, if the key may act on it: one indexed read
/// of the `tickets` projection. A missing and a foreign ticket answer the same 404.
pub(crate) async fn ticket_in_scope(
    state: &AppState,
    principal: &Principal,
    ticket: &TicketId,
) -> Result<OrderId, ApiError> {
    let parties = state
        .engine
        .store()
        .ticket_parties(ticket.as_str())
        .await
        .map_err(redress_engine::EngineError::from)?;
    match parties {
        Some(p) if principal.sees_ids(&p.merchant_id, &p.buyer_id) => {
            OrderId::parse_stored(&p.order_id)
                .map_err(|e| ApiError::internal(format!("stored order id {:?}: {e}", p.order_id)))
        }
        _ => Err(ApiError::not_found(
            "ticket_unknown",
            format!("no ticket {ticket}"),
        )),
    }
}

/// The order, if it exists and the key may see it; otherwise the same 404 either way.
pub async fn visible_order(
    state: &AppState,
    principal: &Principal,
    order: &OrderId,
) -> Result<Order, ApiError> {
    state
        .engine
        .order(order)
        .await?
        .filter(|o| principal.sees(&o.merchant, &o.buyer))
        .ok_or_else(|| ApiError::not_found("order_unknown", format!("no order {order}")))
}

/// The order holding the ticket, if it exists and the key may see it.
pub async fn visible_ticket(
    state: &AppState,
    principal: &Principal,
    ticket: &TicketId,
) -> Result<Order, ApiError> {
    state
        .engine
        .order_of_ticket(ticket)
        .await?
        .filter(|o| principal.sees(&o.merchant, &o.buyer) && o.tickets.contains_key(ticket))
        .ok_or_else(|| ApiError::not_found("ticket_unknown", format!("no ticket {ticket}")))
}
