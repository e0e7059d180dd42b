//! Orders from the order system, logistics from carriers, and buyers opening tickets.

use super::{IdempotencyKey, execute, order_in_scope, visible_order};
use crate::AppState;
use crate::auth::Principal;
use crate::dto::{
    self, LogisticsRequest, OpenTicketRequest, OrderResponse, PlaceOrderRequest, ReceiptResponse,
};
use crate::error::{ApiError, Problem};
use crate::extract::{ApiJson, ApiPath, ApiTagged};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use redress_domain::{OrderCommand, ParcelId, ParcelUpdate, TicketAction};
use redress_engine::Command;

/// How far ahead of the engine's clock a payment instant may be: the order system's clock
/// and ours disagree a little, but a payment later than that has not happened yet.
const PAID_AT_SKEW: redress_domain::SignedDuration = redress_domain::SignedDuration::from_mins(5);

/// Place an order (the order system, once it is paid).
#[utoipa::path(
    post, path = "/v1/orders", tag = "orders",
    request_body = PlaceOrderRequest,
    params(("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters")),
    responses(
        (status = 201, description = "Placed", body = ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn place_order(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<PlaceOrderRequest>,
) -> Result<Response, ApiError> {
    let new = body.to_domain()?;
    let now = state.engine.clock().now();
    // Saturating with a plain duration never fails; the engine's clock is far from the end
    // of time anyway.
    let latest = now.saturating_add(PAID_AT_SKEW).unwrap_or(now);
    if new.paid_at > latest {
        return Err(ApiError::field(
            "paid_at",
            format!("is in the future: the server's clock reads {now}"),
        ));
    }
    let command = Command::Order {
        order: new.id.clone(),
        command: OrderCommand::Place(new),
    };
    execute(&state, &principal, key, command, StatusCode::CREATED).await
}

/// An order with its fulfilment and tickets.
#[utoipa::path(
    get, path = "/v1/orders/{order_id}", tag = "orders",
    params(("order_id" = crate::dto::Id, Path)),
    responses(
        (status = 200, description = "The order", body = OrderResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn get_order(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(order_id): ApiPath<String>,
) -> Result<Json<OrderResponse>, ApiError> {
    principal.require(crate::access::PARTIES)?;
    let id = dto::order_id("order_id", &order_id)?;
    let order = visible_order(&state, &principal, &id).await?;
    Ok(Json(OrderResponse::from(&order)))
}

/// A logistics event: the outbound parcel, or a ticket's return or replacement parcel.
#[utoipa::path(
    post, path = "/v1/orders/{order_id}/logistics", tag = "orders",
    request_body = LogisticsRequest,
    params(
        ("order_id" = crate::dto::Id, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
    ),
    responses(
        (status = 200, description = "Recorded", body = ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn logistics(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(order_id): ApiPath<String>,
    ApiTagged(body): ApiTagged<LogisticsRequest>,
) -> Result<Response, ApiError> {
    let id = dto::order_id("order_id", &order_id)?;
    let ticket_action = |ticket: &str, action| {
        Ok::<_, ApiError>(OrderCommand::Ticket {
            ticket: dto::ticket_id("ticket_id", ticket)?,
            expected_version: None,
            action,
        })
    };
    // An outbound parcel's news names its parcel; left out, the order's first ("1").
    let parcel = |raw: &Option<crate::dto::Id>, update| {
        let parcel = match raw {
            Some(raw) => dto::parcel_id("parcel_id", raw.as_str())?,
            None => ParcelId::first(),
        };
        Ok::<_, ApiError>(OrderCommand::Parcel { parcel, update })
    };
    let command = match &body {
        LogisticsRequest::TrackingEntered {
            parcel_id,
            tracking,
            items,
        } => parcel(
            parcel_id,
            ParcelUpdate::TrackingEntered {
                tracking: tracking.clone(),
                items: dto::ticket_lines("items", items)?,
            },
        )?,
        LogisticsRequest::InTransit { parcel_id } => parcel(parcel_id, ParcelUpdate::InTransit)?,
        LogisticsRequest::Delivered { parcel_id, signer } => parcel(
            parcel_id,
            ParcelUpdate::Delivered {
                signer: (*signer).into(),
            },
        )?,
        LogisticsRequest::Refused { parcel_id } => parcel(parcel_id, ParcelUpdate::Refused)?,
        LogisticsRequest::ReturnedToSender { parcel_id } => {
            parcel(parcel_id, ParcelUpdate::ReturnedToSender)?
        }
        LogisticsRequest::Intercepted { parcel_id } => {
            parcel(parcel_id, ParcelUpdate::Intercepted)?
        }
        LogisticsRequest::ReturnInTransit { ticket_id } => {
            ticket_action(ticket_id.as_str(), TicketAction::ReturnInTransit)?
        }
        LogisticsRequest::ReturnSigned { ticket_id } => {
            ticket_action(ticket_id.as_str(), TicketAction::ReturnSigned)?
        }
        LogisticsRequest::ReplacementDelivered { ticket_id } => {
            ticket_action(ticket_id.as_str(), TicketAction::ReplacementDelivered)?
        }
    };
    order_in_scope(&state, &principal, &id).await?;
    let command = Command::Order { order: id, command };
    execute(&state, &principal, key, command, StatusCode::OK).await
}

/// Open an after-sales ticket on an order (the buyer).
#[utoipa::path(
    post, path = "/v1/orders/{order_id}/tickets", tag = "tickets",
    request_body = OpenTicketRequest,
    params(
        ("order_id" = crate::dto::Id, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
    ),
    responses(
        (status = 201, description = "Opened; `events` shows whether a policy approved it at once", body = ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn open_ticket(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(order_id): ApiPath<String>,
    ApiJson(body): ApiJson<OpenTicketRequest>,
) -> Result<Response, ApiError> {
    let id = dto::order_id("order_id", &order_id)?;
    let new = body.to_domain()?;
    order_in_scope(&state, &principal, &id).await?;
    super::files::check_opening_references(&state, &id, &new).await?;
    let command = Command::Order {
        order: id,
        command: OrderCommand::OpenTicket(new),
    };
    execute(&state, &principal, key, command, StatusCode::CREATED).await
}
