//! The order list (`GET /v1/orders`), over the `orders` projection: for polling what changed
//! (`updated_since`) and finding a buyer's or merchant's orders.

use super::page::{self, PageQuery};
use crate::AppState;
use crate::auth::{Principal, Scope};
use crate::dto::{self, MoneyDto, rfc3339};
use crate::error::{ApiError, Problem};
use crate::extract::ApiQuery;
use axum::Json;
use axum::extract::State;
use redress_domain::Timestamp;
use redress_store::api::{ApiStore, ORDER_PAGE_MAX, OrderCursor, OrderFilter, OrderListRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Filters of the order list. A merchant's or buyer's key sees only its own orders whatever
/// the filters say.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct OrderListQuery {
    merchant_id: Option<String>,
    buyer_id: Option<String>,
    order_id: Option<String>,
    /// Only orders whose last event happened at or after this RFC 3339 instant (see
    /// `updated_at`).
    #[param(format = DateTime)]
    updated_since: Option<String>,
    /// Page size, 1 to 200; default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<usize>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// An order as the list shows it; `GET /v1/orders/{order_id}` has its items and tickets.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct OrderSummary {
    id: String,
    merchant_id: String,
    buyer_id: String,
    paid: MoneyDto,
    refunded: MoneyDto,
    paid_at: String,
    /// `unshipped`, `shipped`, `in_transit`, `delivered`, `refused`, `returned_to_sender` or
    /// `intercepted`.
    fulfilment: String,
    /// Events on the order's stream, its tickets' included.
    version: i64,
    /// When the last event on the order (or one of its tickets) happened.
    updated_at: String,
}

/// One page of orders.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct OrderPage {
    data: Vec<OrderSummary>,
    /// Pass as `cursor` for the next page; absent on the last page.
    next_cursor: Option<String>,
}

fn instant(us: i64) -> Result<String, ApiError> {
    Timestamp::from_microsecond(us)
        .map(rfc3339)
        .map_err(|e| ApiError::internal(format!("stored instant {us}: {e}")))
}

impl TryFrom<OrderListRow> for OrderSummary {
    type Error = ApiError;

    fn try_from(row: OrderListRow) -> Result<Self, ApiError> {
        let money = |amount| MoneyDto {
            amount,
            currency: row.currency.clone(),
        };
        Ok(OrderSummary {
            paid: money(row.paid_minor),
            refunded: money(row.refunded_minor),
            paid_at: instant(row.paid_us)?,
            updated_at: instant(row.updated_us)?,
            id: row.order_id,
            merchant_id: row.merchant_id,
            buyer_id: row.buyer_id,
            fulfilment: row.fulfilment,
            version: row.version,
        })
    }
}

fn encode_cursor(row: &OrderListRow) -> String {
    page::RowCursor {
        key: row.paid_us,
        merchant_id: row.merchant_id.clone(),
        id: row.order_id.clone(),
    }
    .encode(None)
}

fn decode_cursor(query: &PageQuery) -> Result<Option<OrderCursor>, ApiError> {
    let Some(raw) = query.cursor.as_deref() else {
        return Ok(None);
    };
    let cursor = page::RowCursor::decode(raw, None, |id| {
        redress_domain::OrderId::parse_stored(id).is_ok()
    })?;
    Ok(Some(OrderCursor {
        paid_us: cursor.key,
        merchant_id: cursor.merchant_id,
        order_id: cursor.id,
    }))
}

/// List orders, oldest payment first, with filters and cursor pagination.
#[utoipa::path(
    get, path = "/v1/orders", tag = "orders",
    params(OrderListQuery),
    responses(
        (status = 200, description = "A page of orders", body = OrderPage),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list_orders(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<OrderListQuery>,
) -> Result<Json<OrderPage>, ApiError> {
    principal.require(crate::access::PARTIES)?;
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor.clone(),
    };
    let limit = page.limit(ORDER_PAGE_MAX)?;
    let after = decode_cursor(&page)?;
    let merchant = query
        .merchant_id
        .as_deref()
        .map(|m| dto::merchant_id("merchant_id", m))
        .transpose()?;
    let buyer = query
        .buyer_id
        .as_deref()
        .map(|b| dto::buyer_id("buyer_id", b))
        .transpose()?;
    let order = query
        .order_id
        .as_deref()
        .map(|o| dto::order_id("order_id", o))
        .transpose()?;
    let updated_since = query
        .updated_since
        .as_deref()
        .map(|t| dto::timestamp("updated_since", t))
        .transpose()?;
    let empty = || {
        Json(OrderPage {
            data: Vec::new(),
            next_cursor: None,
        })
    };
    // The key's scope narrows the filter; asking for someone else's finds nothing.
    let (merchant, buyer) = match &principal.scope {
        Scope::Merchant(own) => {
            if merchant.as_ref().is_some_and(|m| m != own) {
                return Ok(empty());
            }
            (Some(own.clone()), buyer)
        }
        Scope::Buyer(own) => {
            if buyer.as_ref().is_some_and(|b| b != own) {
                return Ok(empty());
            }
            (merchant, Some(own.clone()))
        }
        Scope::Operator | Scope::Arbitrator | Scope::Integration => (merchant, buyer),
    };
    let filter = OrderFilter {
        merchant: merchant.map(|m| m.to_string()),
        buyer: buyer.map(|b| b.to_string()),
        order: order.map(|o| o.to_string()),
        updated_since_us: updated_since.map(|t| t.as_microsecond()),
        after,
        // One more than asked tells whether another page follows.
        limit: limit + 1,
    };
    let rows = state.engine.store().list_orders(filter).await?;
    let (rows, next_cursor) = page::cut(rows, limit, encode_cursor);
    let data = rows
        .into_iter()
        .map(OrderSummary::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(OrderPage { data, next_cursor }))
}
