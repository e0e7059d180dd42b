//! Orders: what the order system places and what `GET /v1/orders/{id}` shows.

use super::*;

/// One line of an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderItemDto {
    pub id: Id,
    pub product_id: Id,
    #[schema(min_length = 1, max_length = 64)]
    pub category: String,
    #[schema(minimum = 1)]
    pub quantity: u32,
    pub amount: MoneyDto,
    /// Eligible for seven-day no-reason returns (七天无理由).
    #[serde(default)]
    pub seven_day_return: bool,
    /// Made to order: no platform fast refund.
    #[serde(default)]
    pub custom: bool,
    /// Virtual goods: no platform fast refund.
    #[serde(default)]
    pub virtual_goods: bool,
}

/// An order as the order system reports it once paid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceOrderRequest {
    pub id: Id,
    pub merchant_id: Id,
    pub buyer_id: Id,
    /// 1 to 100 items, with distinct ids; their amounts are in `paid`'s currency and add up
    /// to `paid`.
    #[schema(min_items = 1, max_items = 100)]
    pub items: Vec<OrderItemDto>,
    /// More than zero: the sum of the items' amounts and the shipping fee.
    pub paid: MoneyDto,
    /// RFC 3339; not later than the server's clock (plus five minutes of clock skew).
    #[schema(example = "2026-11-02T08:00:00Z", format = DateTime)]
    pub paid_at: String,
    /// The showcase creator (视频号橱窗达人) whose showcase sold the order, if one did; the
    /// channels preset measures creators' dispute rates over the orders they sold (seed 001).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator_id: Option<Id>,
    /// The shipping fee the buyer paid, in `paid`'s currency; part of `paid`. Absent is 0.
    /// A refund of everything while nothing has shipped includes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_fee: Option<MoneyDto>,
    /// Whether the buyer bought freight insurance (运费险): it bears the return shipping of
    /// her own-reason returns (seven-day no-reason, don't want). Absent is false.
    #[serde(default)]
    pub freight_insurance: bool,
}

impl PlaceOrderRequest {
    pub fn to_domain(&self) -> Result<redress_domain::NewOrder, ApiError> {
        let items = self
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let at = |f: &str| format!("items[{i}].{f}");
                Ok(redress_domain::OrderItem {
                    id: id(ItemId::parse, &at("id"), item.id.as_str())?,
                    product: id(
                        ProductId::parse,
                        &at("product_id"),
                        item.product_id.as_str(),
                    )?,
                    category: item.category.clone(),
                    quantity: item.quantity,
                    amount: item.amount.to_domain(&at("amount"))?,
                    flags: redress_domain::ItemFlags {
                        seven_day_return: item.seven_day_return,
                        custom: item.custom,
                        virtual_goods: item.virtual_goods,
                    },
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        let paid = self.paid.to_domain("paid")?;
        let shipping_fee = match &self.shipping_fee {
            Some(fee) => fee.to_domain("shipping_fee")?,
            None => Money::zero(paid.currency()),
        };
        items_add_up(&items, shipping_fee, paid)?;
        Ok(redress_domain::NewOrder {
            id: order_id("id", self.id.as_str())?,
            merchant: merchant_id("merchant_id", self.merchant_id.as_str())?,
            buyer: buyer_id("buyer_id", self.buyer_id.as_str())?,
            items,
            paid,
            paid_at: timestamp("paid_at", &self.paid_at)?,
            creator: self
                .creator_id
                .as_ref()
                .map(|c| id(CreatorId::parse, "creator_id", c.as_str()))
                .transpose()?,
            shipping_fee,
            freight_insurance: self.freight_insurance,
        })
    }
}

/// The items' amounts (each line's total) and the shipping fee must add up to what was paid:
/// every refund is bounded by the items it names and the fee, so a total that disagrees
/// would let refunds exceed the payment or never reach it.
fn items_add_up(
    items: &[redress_domain::OrderItem],
    shipping_fee: Money,
    paid: Money,
) -> Result<(), ApiError> {
    // No items, a zero payment and a line or fee in another currency are the domain's to
    // refuse (`no_items`, `amount_not_positive`, `currency_mismatch`), each with its own code.
    if items.is_empty()
        || paid.is_zero()
        || shipping_fee.currency() != paid.currency()
        || items.iter().any(|i| i.amount.currency() != paid.currency())
    {
        return Ok(());
    }
    // Each line is at most 10^13 and there are at most a few hundred: no overflow in i128.
    let total: i128 = items
        .iter()
        .map(|i| i128::from(i.amount.minor()))
        .sum::<i128>()
        + i128::from(shipping_fee.minor());
    if total == i128::from(paid.minor()) {
        Ok(())
    } else {
        Err(ApiError::field(
            "items",
            format!(
                "the items' amounts and the shipping fee add up to {total} minor units, not \
                 to the {} paid",
                paid.minor()
            ),
        ))
    }
}

tagged_request! {
    /// A logistics event: about the outbound parcel, or about a ticket's return or replacement
    /// parcel (which then names the ticket).
    pub enum LogisticsRequest (wire LogisticsWire, tag "type") {
        /// The merchant's tracking number is in the system: a new parcel, carrying the lines
        /// and units in `items` (left out: every unit in no parcel yet), counts as shipped.
        /// For a parcel already shipped and not yet on the road, a corrected number
        /// (`items` left out).
        TrackingEntered {
            /// The parcel (拆单发货: an order may ship in several); left out: "1".
            #[serde(default, skip_serializing_if = "Option::is_none")]
            parcel_id: Option<Id>,
            tracking: String,
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            items: Vec<TicketLineRequest>,
        },
        InTransit {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            parcel_id: Option<Id>,
        },
        Delivered {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            parcel_id: Option<Id>,
            signer: SignerDto,
        },
        /// The buyer refused the parcel.
        Refused {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            parcel_id: Option<Id>,
        },
        ReturnedToSender {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            parcel_id: Option<Id>,
        },
        /// The merchant intercepted its own parcel.
        Intercepted {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            parcel_id: Option<Id>,
        },
        /// The buyer's return parcel is on its way to the merchant.
        ReturnInTransit {
            ticket_id: Id,
        },
        /// The merchant signed for the return parcel.
        ReturnSigned {
            ticket_id: Id,
        },
        /// The replacement (exchange, repair, reship) reached the buyer.
        ReplacementDelivered {
            ticket_id: Id,
        },
    }
}

/// What the order looks like now.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OrderResponse {
    pub id: String,
    pub merchant_id: String,
    pub buyer_id: String,
    pub paid: MoneyDto,
    pub paid_at: String,
    pub refunded: MoneyDto,
    /// The order's stage: of all its lines, by the rule of `parcels` (docs/API.md).
    pub fulfilment: FulfilmentStageDto,
    /// The tracking number of the parcel the order's stage comes from.
    pub tracking: Option<String>,
    pub items: Vec<OrderItemDto>,
    /// The outbound parcels, in the order their tracking was entered.
    pub parcels: Vec<ParcelDto>,
    /// Units in no parcel: unshipped as the system shows it.
    pub unshipped: Vec<ParcelLineDto>,
    /// The shipping fee, part of `paid` (0 for orders placed without one).
    pub shipping_fee: MoneyDto,
    /// Freight insurance (运费险) bought with the order.
    pub freight_insurance: bool,
    pub ticket_ids: Vec<String>,
    pub version: u64,
}

impl From<&redress_domain::Order> for OrderResponse {
    fn from(order: &redress_domain::Order) -> Self {
        use redress_domain::Fulfilment;
        // The parcel the order's stage comes from (the least advanced one).
        let shown = order
            .parcels
            .iter()
            .min_by_key(|p| p.fulfilment.stage())
            .map_or(&Fulfilment::Unshipped, |p| &p.fulfilment);
        let tracking = match shown {
            Fulfilment::Shipped { tracking, .. }
            | Fulfilment::InTransit { tracking, .. }
            | Fulfilment::Delivered { tracking, .. } => Some(tracking.clone()),
            Fulfilment::Unshipped
            | Fulfilment::Refused { .. }
            | Fulfilment::ReturnedToSender { .. }
            | Fulfilment::Intercepted { .. } => None,
        };
        OrderResponse {
            id: order.id.to_string(),
            merchant_id: order.merchant.to_string(),
            buyer_id: order.buyer.to_string(),
            paid: order.paid.into(),
            paid_at: rfc3339(order.paid_at),
            refunded: order.refunded().into(),
            fulfilment: order.stage().into(),
            tracking,
            items: order
                .items
                .iter()
                .map(|item| OrderItemDto {
                    id: Id(item.id.to_string()),
                    product_id: Id(item.product.to_string()),
                    category: item.category.clone(),
                    quantity: item.quantity,
                    amount: item.amount.into(),
                    seven_day_return: item.flags.seven_day_return,
                    custom: item.flags.custom,
                    virtual_goods: item.flags.virtual_goods,
                })
                .collect(),
            parcels: order.parcels.iter().map(ParcelDto::from).collect(),
            unshipped: order
                .items
                .iter()
                .map(|item| ParcelLineDto {
                    item_id: item.id.to_string(),
                    quantity: order.units_unshipped(&item.id),
                })
                .filter(|l| l.quantity > 0)
                .collect(),
            shipping_fee: order.shipping_fee.into(),
            freight_insurance: order.freight_insurance,
            ticket_ids: order.tickets.keys().map(ToString::to_string).collect(),
            version: order.version,
        }
    }
}
