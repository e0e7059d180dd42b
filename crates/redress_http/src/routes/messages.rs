//! A ticket's thread (协商历史): buyer and merchant write to each other, and the platform's
//! staff join once the ticket went to a dispute. Every message is an event of the order's
//! stream (`message_posted`), announced as `ticket.message_posted`; who may write when is
//! the domain's rule, so this module only reads the thread and passes the text on.

use super::{IdempotencyKey, execute, ticket_in_scope, visible_ticket};
use crate::AppState;
use crate::auth::Principal;
use crate::dto::{self, ActorDto, ReceiptResponse, rfc3339};
use crate::error::{ApiError, Problem};
use crate::extract::{ApiJson, ApiPath};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use redress_domain::{OrderCommand, TicketAction};
use redress_engine::Command;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A new message on a ticket's thread.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PostMessageRequest {
    /// 1 to 1000 characters; line breaks and tabs allowed, other control characters not.
    #[schema(min_length = 1, max_length = 1000)]
    text: String,
}

/// One message of the thread.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MessageDto {
    /// Its place in the thread, from 1.
    number: usize,
    at: String,
    /// Who wrote it: the buyer, the merchant, or the platform's arbitrator or operator.
    author: ActorDto,
    text: String,
}

/// A ticket's whole thread, oldest first; a thread holds at most 200 messages, so it comes
/// in one piece.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MessageList {
    messages: Vec<MessageDto>,
    /// The ticket's version, for `If-Match` on its actions.
    version: u64,
}

/// The ticket's thread, oldest first.
#[utoipa::path(
    get, path = "/v1/tickets/{ticket_id}/messages", tag = "tickets",
    params(("ticket_id" = crate::dto::Id, Path)),
    responses(
        (status = 200, description = "The thread", body = MessageList),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list_messages(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(ticket_id): ApiPath<String>,
) -> Result<Json<MessageList>, ApiError> {
    principal.require(crate::access::PARTIES)?;
    let id = dto::ticket_id("ticket_id", &ticket_id)?;
    let order = visible_ticket(&state, &principal, &id).await?;
    let ticket = &order.tickets[&id];
    Ok(Json(MessageList {
        messages: ticket
            .messages
            .iter()
            .enumerate()
            .map(|(i, m)| MessageDto {
                number: i + 1,
                at: rfc3339(m.at),
                author: (&m.author).into(),
                text: m.text.clone(),
            })
            .collect(),
        version: ticket.version,
    }))
}

/// Write on the ticket's thread: its buyer or merchant at any time, the platform's
/// arbitrators and operators once the ticket has been in a dispute.
#[utoipa::path(
    post, path = "/v1/tickets/{ticket_id}/messages", tag = "tickets",
    request_body = PostMessageRequest,
    params(
        ("ticket_id" = crate::dto::Id, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
    ),
    responses(
        (status = 201, description = "Posted", body = ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn post_message(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(ticket_id): ApiPath<String>,
    ApiJson(body): ApiJson<PostMessageRequest>,
) -> Result<Response, ApiError> {
    let id = dto::ticket_id("ticket_id", &ticket_id)?;
    let order = ticket_in_scope(&state, &principal, &id).await?;
    let command = Command::Order {
        order,
        command: OrderCommand::Ticket {
            ticket: id,
            expected_version: None,
            action: TicketAction::PostMessage { text: body.text },
        },
    };
    execute(&state, &principal, key, command, StatusCode::CREATED).await
}
