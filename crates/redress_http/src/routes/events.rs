//! The changes feed (`GET /v1/events`): the event log in commit order, for integrators that
//! backfill after an outage or poll instead of receiving webhooks. The store guarantees that
//! position order is commit order (`redress_store::feed`), so a cursor never passes an event
//! that commits later.

use super::page;
use crate::AppState;
use crate::auth::{Principal, Scope};
use crate::dto::{self, rfc3339};
use crate::error::{ApiError, Problem};
use crate::extract::ApiQuery;
use axum::Json;
use axum::extract::State;
use redress_domain::Timestamp;
use redress_store::api::ApiStore;
use redress_store::feed::{FEED_PAGE_MAX, FEED_TYPES, FeedEvent, FeedFilter, kinds_matching};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

const PAGE_DEFAULT: usize = 100;

/// `?after=&types=&order_id=&limit=`. A merchant's or buyer's key reads only its own events
/// whatever the filters say.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct EventsQuery {
    /// `next_cursor` (or an event's `cursor`) of an earlier answer; absent: from the first
    /// event.
    after: Option<String>,
    /// Comma-separated event types (`ticket.approved`) or prefixes (`ticket.*`); absent:
    /// every type.
    types: Option<String>,
    /// Only this order's events.
    order_id: Option<String>,
    /// Page size, 1 to 500; default 100.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<usize>,
}

/// One event of the log.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct FeedEventDto {
    /// Stable across reads; equal to the webhook message id when the event is also announced.
    id: String,
    /// Pass as `after` to read on from this event.
    cursor: String,
    #[serde(rename = "type")]
    #[schema(schema_with = event_type_schema)]
    event_type: String,
    merchant_id: Option<String>,
    order_id: Option<String>,
    ticket_id: Option<String>,
    /// Set on a buyer's own events (`buyer.*`).
    buyer_id: Option<String>,
    /// The event's number within its order, merchant or buyer.
    seq: u64,
    at: String,
    /// Who caused it: `buyer:ID`, `merchant:ID`, `arbitrator:ID`, `operator:ID`,
    /// `integration` or `system`.
    actor: String,
    /// The event's fields (money as `{minor, currency}`, instants in RFC 3339).
    #[schema(value_type = Object)]
    data: serde_json::Value,
}

/// Every feed type, as an enum: generated clients get the list, and the `types` filter takes
/// these (or a prefix such as `ticket.*`).
fn event_type_schema() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .description(Some(
            "`order.*` and `ticket.*` for an order and its tickets, `merchant.*`, `buyer.*`",
        ))
        .enum_values(Some(FEED_TYPES.iter().map(|(t, _)| *t)))
        .build()
}

/// One page of the feed.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct EventPage {
    data: Vec<FeedEventDto>,
    /// Pass as `after` for the next page; on an empty page it is the `after` you sent, so
    /// polling with it never skips an event.
    next_cursor: String,
    /// More events follow right now.
    has_more: bool,
}

fn encode_cursor(position: i64) -> String {
    page::encode(&["feed", &position.to_string()])
}

fn decode_cursor(raw: &str) -> Result<i64, ApiError> {
    let bad = || ApiError::field("after", "not a cursor this API gave out");
    let query = page::PageQuery {
        limit: None,
        cursor: Some(raw.to_owned()),
    };
    let parts = query.cursor_parts(2).map_err(|_| bad())?.ok_or_else(bad)?;
    match (parts[0].as_str(), parts[1].parse::<i64>()) {
        ("feed", Ok(position)) if position >= 0 => Ok(position),
        _ => Err(bad()),
    }
}

fn kinds(types: &str) -> Result<Vec<String>, ApiError> {
    let mut kinds = Vec::new();
    for pattern in types.split(',').map(str::trim) {
        let matched = kinds_matching(pattern).ok_or_else(|| {
            ApiError::field(
                "types",
                format!(
                    "{pattern:?} is not an event type (such as ticket.approved) or a \
                     prefix of one (such as ticket.*)"
                ),
            )
        })?;
        kinds.extend(matched.into_iter().map(str::to_owned));
    }
    kinds.sort_unstable();
    kinds.dedup();
    Ok(kinds)
}

impl TryFrom<FeedEvent> for FeedEventDto {
    type Error = ApiError;

    fn try_from(e: FeedEvent) -> Result<Self, ApiError> {
        let at = Timestamp::from_microsecond(e.at_us)
            .map(rfc3339)
            .map_err(|why| ApiError::internal(format!("stored instant {}: {why}", e.at_us)))?;
        Ok(FeedEventDto {
            id: e.id,
            cursor: encode_cursor(e.position),
            event_type: e.event_type.to_owned(),
            merchant_id: e.merchant_id,
            order_id: e.order_id,
            ticket_id: e.ticket_id,
            buyer_id: e.buyer_id,
            seq: e.seq,
            at,
            actor: e.actor,
            data: e.data,
        })
    }
}

/// The changes feed: events in commit order after a cursor.
#[utoipa::path(
    get, path = "/v1/events", tag = "events",
    params(EventsQuery),
    responses(
        (status = 200, description = "A page of events, oldest first", body = EventPage),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list_events(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<EventsQuery>,
) -> Result<Json<EventPage>, ApiError> {
    principal.require(crate::access::PARTIES)?;
    let limit = query.limit.unwrap_or(PAGE_DEFAULT);
    if !(1..=FEED_PAGE_MAX).contains(&limit) {
        return Err(ApiError::field(
            "limit",
            format!("must be 1 to {FEED_PAGE_MAX}"),
        ));
    }
    let after = query.after.as_deref().map(decode_cursor).transpose()?;
    let kinds = query.types.as_deref().map(kinds).transpose()?;
    let order = query
        .order_id
        .as_deref()
        .map(|o| dto::order_id("order_id", o))
        .transpose()?;
    let (merchant, buyer) = match &principal.scope {
        Scope::Merchant(own) => (Some(own.to_string()), None),
        Scope::Buyer(own) => (None, Some(own.to_string())),
        Scope::Operator | Scope::Arbitrator | Scope::Integration => (None, None),
    };
    let filter = FeedFilter {
        after: after.unwrap_or(0),
        merchant,
        buyer,
        order: order.map(|o| o.to_string()),
        kinds,
        // One more than asked tells whether more follow.
        limit: limit + 1,
    };
    let mut rows = state.engine.store().feed(filter).await?;
    let has_more = rows.len() > limit;
    rows.truncate(limit);
    let next_cursor = rows
        .last()
        .map(|e| encode_cursor(e.position))
        .or(query.after)
        .unwrap_or_else(|| encode_cursor(0));
    let data = rows
        .into_iter()
        .map(FeedEventDto::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(EventPage {
        data,
        next_cursor,
        has_more,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_and_forged_ones_are_refused() {
        assert_eq!(decode_cursor(&encode_cursor(42)).expect("ours"), 42);
        for forged in [
            "",
            "zz",
            &page::encode(&["feed"]),
            &page::encode(&["feed", "-1"]),
            &page::encode(&["tickets", "1"]),
            &page::encode(&["feed", "x"]),
        ] {
            let error = decode_cursor(forged).expect_err(forged);
            assert_eq!(error.errors[0].field, "after", "{forged}");
        }
    }

    #[test]
    fn types_name_kinds_and_unknown_ones_name_the_field() {
        assert_eq!(
            kinds("ticket.approved, order.placed").expect("known"),
            ["approved", "order_placed"]
        );
        assert!(kinds("ticket.*").expect("a prefix").len() > 20);
        let error = kinds("ticket.approved,ticket.nope").expect_err("unknown");
        assert_eq!(error.errors[0].field, "types");
        assert!(error.errors[0].reason.contains("ticket.nope"));
    }
}
