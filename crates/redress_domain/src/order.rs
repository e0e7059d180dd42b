//! Orders as the order system reports them, and an outbound parcel's journey.

use crate::{
    BuyerId, CreatorId, ItemId, LineRequest, MerchantId, Money, OrderId, Parcel, ProductId, Ticket,
    TicketId, Timestamp,
};
use std::collections::BTreeMap;

/// At most this many lines per order: a limit on everything (TIGER_STYLE).
pub const ORDER_ITEMS_MAX: usize = 100;
/// At most this many tickets on one order over its life.
pub const ORDER_TICKETS_MAX: usize = 20;

/// A category's after-sales flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ItemFlags {
    /// Eligible for seven-day no-reason returns (七天无理由).
    pub seven_day_return: bool,
    /// Made to order: no platform fast refund.
    pub custom: bool,
    /// Virtual goods: no platform fast refund.
    pub virtual_goods: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderItem {
    pub id: ItemId,
    pub product: ProductId,
    pub category: String,
    pub quantity: u32,
    pub amount: Money,
    pub flags: ItemFlags,
}

/// Who signed for a delivered parcel. A proxy (代收) counts as the buyer; a locker without
/// the buyer's consent does not, and the merchant bears the risk (seed 000, Q4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signer {
    Buyer,
    Proxy,
    LockerWithConsent,
    LockerWithoutConsent,
}

impl Signer {
    pub fn as_str(self) -> &'static str {
        match self {
            Signer::Buyer => "buyer",
            Signer::Proxy => "proxy",
            Signer::LockerWithConsent => "locker_with_consent",
            Signer::LockerWithoutConsent => "locker_without_consent",
        }
    }

    pub fn counts_as_buyer(self) -> bool {
        !matches!(self, Signer::LockerWithoutConsent)
    }
}

/// The outbound parcel as the system shows it ("what the system shows counts, not what the
/// merchant did": a parcel sent without a tracking number is Unshipped).
///
/// ```text
/// Unshipped ──tracking──▶ Shipped ──▶ InTransit ──▶ Delivered(signer)
///                            │            │
///                            └────────────┴──▶ Refused | ReturnedToSender | Intercepted
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fulfilment {
    Unshipped,
    Shipped {
        tracking: String,
        at: Timestamp,
    },
    InTransit {
        tracking: String,
        since: Timestamp,
    },
    Delivered {
        tracking: String,
        signer: Signer,
        at: Timestamp,
    },
    Refused {
        at: Timestamp,
    },
    ReturnedToSender {
        at: Timestamp,
    },
    Intercepted {
        at: Timestamp,
    },
}

/// The coarse stage of a fulfilment, used by strategy conditions and filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FulfilmentStage {
    Unshipped,
    Shipped,
    InTransit,
    Delivered,
    /// Refused, returned to sender or intercepted: the parcel is going back.
    Returning,
}

impl FulfilmentStage {
    pub const ALL: [FulfilmentStage; 5] = [
        FulfilmentStage::Unshipped,
        FulfilmentStage::Shipped,
        FulfilmentStage::InTransit,
        FulfilmentStage::Delivered,
        FulfilmentStage::Returning,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FulfilmentStage::Unshipped => "unshipped",
            FulfilmentStage::Shipped => "shipped",
            FulfilmentStage::InTransit => "in_transit",
            FulfilmentStage::Delivered => "delivered",
            FulfilmentStage::Returning => "returning",
        }
    }
}

impl Fulfilment {
    pub fn stage(&self) -> FulfilmentStage {
        match self {
            Fulfilment::Unshipped => FulfilmentStage::Unshipped,
            Fulfilment::Shipped { .. } => FulfilmentStage::Shipped,
            Fulfilment::InTransit { .. } => FulfilmentStage::InTransit,
            Fulfilment::Delivered { .. } => FulfilmentStage::Delivered,
            Fulfilment::Refused { .. }
            | Fulfilment::ReturnedToSender { .. }
            | Fulfilment::Intercepted { .. } => FulfilmentStage::Returning,
        }
    }

    /// Delivered into the buyer's hands as the rules count it.
    pub fn delivered_to_buyer_at(&self) -> Option<Timestamp> {
        match self {
            Fulfilment::Delivered { signer, at, .. } if signer.counts_as_buyer() => Some(*at),
            _ => None,
        }
    }
}

/// An update from logistics about one outbound parcel (the command and event name which).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParcelUpdate {
    /// A new parcel with its lines and quantities (every unit in no parcel yet when `items`
    /// is empty), or a corrected number for a parcel not yet on the road (`items` empty).
    /// `decide` records a new parcel's lines resolved; old events name none.
    TrackingEntered {
        tracking: String,
        items: Vec<LineRequest>,
    },
    InTransit,
    Delivered {
        signer: Signer,
    },
    Refused,
    ReturnedToSender,
    Intercepted,
}

impl ParcelUpdate {
    /// A tracking number for a new parcel carrying every unit not yet in one.
    pub fn tracking(tracking: &str) -> ParcelUpdate {
        ParcelUpdate::TrackingEntered {
            tracking: tracking.to_owned(),
            items: Vec::new(),
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            ParcelUpdate::TrackingEntered { .. } => "tracking_entered",
            ParcelUpdate::InTransit => "in_transit",
            ParcelUpdate::Delivered { .. } => "delivered",
            ParcelUpdate::Refused => "refused",
            ParcelUpdate::ReturnedToSender => "returned_to_sender",
            ParcelUpdate::Intercepted => "intercepted",
        }
    }
}

/// An order and every ticket opened on it: one consistency boundary, so "refunded never
/// exceeds paid" and "disjoint items" are checked inside one decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    pub id: OrderId,
    pub merchant: MerchantId,
    pub buyer: BuyerId,
    pub items: Vec<OrderItem>,
    pub paid: Money,
    pub paid_at: Timestamp,
    /// The creator (达人) whose showcase sold the order, if one did (seed 001).
    pub creator: Option<CreatorId>,
    /// The outbound parcels, in the order their tracking was entered (see `parcels`).
    pub parcels: Vec<Parcel>,
    /// The shipping fee, part of `paid` (see `NewOrder::shipping_fee`).
    pub shipping_fee: Money,
    /// Freight insurance (运费险) bought with the order.
    pub freight_insurance: bool,
    pub tickets: BTreeMap<TicketId, Ticket>,
    /// Number of events in the order's stream; the store's optimistic-concurrency token.
    pub version: u64,
    /// When the last event of the order's stream happened (lists filter on it).
    pub updated_at: Timestamp,
}

impl Order {
    /// Sum of money refunded on all tickets, return-shipping claims aside (their money is not
    /// the order's: see `shipping`).
    pub fn refunded(&self) -> Money {
        self.tickets.values().filter(|t| !t.is_claim()).fold(
            Money::zero(self.paid.currency()),
            |sum, ticket| {
                sum.plus(ticket.refunded)
                    .expect("ticket amounts share the order currency")
            },
        )
    }

    /// Money held by tickets still alive: not refundable to a new ticket. Return-shipping
    /// claims hold none of the order's money.
    pub fn reserved(&self, except: Option<&TicketId>) -> Money {
        self.tickets
            .values()
            .filter(|t| !t.state.is_terminal() && Some(&t.id) != except && !t.is_claim())
            .fold(Money::zero(self.paid.currency()), |sum, ticket| {
                sum.plus(ticket.amount)
                    .expect("ticket amounts share the order currency")
            })
    }

    /// What a new request on this order may still ask for.
    pub fn refundable(&self, except: Option<&TicketId>) -> Money {
        self.paid
            .saturating_minus(self.refunded())
            .and_then(|left| left.saturating_minus(self.reserved(except)))
            .expect("ticket amounts share the order currency")
    }

    pub fn item(&self, id: &ItemId) -> Option<&OrderItem> {
        self.items.iter().find(|item| &item.id == id)
    }

    /// The items a ticket is about: the ones it names, or the whole order when it names none.
    pub fn items_of<'a>(&'a self, ids: &'a [ItemId]) -> impl Iterator<Item = &'a OrderItem> {
        self.items
            .iter()
            .filter(move |item| ids.is_empty() || ids.contains(&item.id))
    }
}
