//! Automatic policies, tried in SPEC order before any human sees a request:
//! refund handling closed → platform fast refund → merchant fast refund → merchant strategies.

use crate::Money;
use crate::buyer::{BuyerProfile, is_trusted};
use crate::evaluation::Measure;
use crate::merchant::{Condition, Merchant, Strategy, StrategyAction};
use crate::ticket::Reason;
use crate::{FulfilmentStage, Order, OrderItem, Policy, StrategyId, Ticket, TicketKind, Timestamp};

/// The automatic policy that made a decision; recorded on the ticket and in its events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// The platform closed the merchant's refund handling (seed 004).
    RefundHandlingClosed,
    /// 未发货极速退款 (seed 002); merchants cannot opt out.
    PlatformFastRefund,
    /// The merchant's own opt-in fast refund (seed 003).
    MerchantFastRefund,
    /// The mass-overdue measure "platform settles return-shipping claims" is in force for the
    /// merchant (seed 004, 平台直接处理买家运费申请): the platform approves a buyer's
    /// return-shipping claim at once and charges it to the merchant.
    PlatformSettlesReturnShipping,
    /// A merchant strategy, by id, version and the name it had then.
    Strategy {
        id: StrategyId,
        version: u32,
        name: String,
    },
}

impl Rule {
    pub fn code(&self) -> &'static str {
        match self {
            Rule::RefundHandlingClosed => "refund_handling_closed",
            Rule::PlatformFastRefund => "platform_fast_refund",
            Rule::MerchantFastRefund => "merchant_fast_refund",
            Rule::PlatformSettlesReturnShipping => "platform_settles_return_shipping",
            Rule::Strategy { .. } => "merchant_strategy",
        }
    }
}

/// The facts of a request that the policies look at.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    pub kind: TicketKind,
    pub reason: Reason,
    pub amount: Money,
    pub items: Vec<&'a OrderItem>,
}

impl Request<'_> {
    /// The ids of the request's lines, for `Order::stage_of`.
    pub fn item_ids(&self) -> Vec<crate::ItemId> {
        self.items.iter().map(|i| i.id.clone()).collect()
    }
}

/// What the automatic policies decided about a new request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AutoDecision {
    pub rule: Rule,
    pub note: Option<String>,
    pub action: StrategyAction,
}

pub fn decide_automatically(
    order: &Order,
    request: &Request<'_>,
    merchant: Option<&Merchant>,
    buyer: Option<&BuyerProfile>,
    policy: &Policy,
    now: Timestamp,
) -> Option<AutoDecision> {
    let approve = |rule, note| {
        Some(AutoDecision {
            rule,
            note,
            action: StrategyAction::Approve,
        })
    };
    if platform_settles(request.kind, merchant) {
        return approve(
            Rule::PlatformSettlesReturnShipping,
            Some(crate::shipping::PLATFORM_SETTLES_NOTE.to_owned()),
        );
    }
    if refund_handling_closed(merchant) {
        return approve(Rule::RefundHandlingClosed, None);
    }
    // Fast refund needs every unit of the request's lines unshipped (issue 18: on a split
    // shipment, the unshipped line of a partly shipped order qualifies).
    let unshipped_refund_only = request.kind == TicketKind::RefundOnly
        && order.stage_of(&request.item_ids()) == FulfilmentStage::Unshipped;
    if unshipped_refund_only
        && platform_fast_refund_applies(order, request, merchant, buyer, policy, now)
    {
        return approve(
            Rule::PlatformFastRefund,
            Some(policy.fast_refund.note.clone()),
        );
    }
    if unshipped_refund_only && merchant.is_some_and(|m| m.fast_refund_opted_in) {
        return approve(Rule::MerchantFastRefund, None);
    }
    let trusted = buyer.is_some_and(|b| is_trusted(b, &policy.trust, now));
    merchant?
        .strategies
        .values()
        .filter(|s| s.enabled)
        .filter(|s| s.action == StrategyAction::Approve || request.kind.course().needs_return())
        .find(|s| matches(&s.condition, order, request, trusted))
        .map(|s: &Strategy| AutoDecision {
            rule: Rule::Strategy {
                id: s.id.clone(),
                version: s.version,
                name: s.name.clone(),
            },
            note: None,
            action: s.action,
        })
}

/// Whether the platform settles a claim of this kind for the merchant (seed 004's measure
/// "platform settles return-shipping claims" in force): new claims and those waiting on it.
pub fn platform_settles(kind: TicketKind, merchant: Option<&Merchant>) -> bool {
    kind == TicketKind::ReturnShipping
        && merchant.is_some_and(|m| m.measure_in_force(&Measure::PlatformSettlesReturnShipping))
}

/// Whether the platform closed the merchant's refund handling (seed 004): its buyers' requests
/// are then "approved and refunded" without it, both new ones and those waiting on it.
pub fn refund_handling_closed(merchant: Option<&Merchant>) -> bool {
    merchant.is_some_and(|m| m.refund_handling_closed.is_some())
}

fn platform_fast_refund_applies(
    order: &Order,
    request: &Request<'_>,
    merchant: Option<&Merchant>,
    buyer: Option<&BuyerProfile>,
    policy: &Policy,
    now: Timestamp,
) -> bool {
    let fast = &policy.fast_refund;
    fast.enabled
        && order.paid.minor() < fast.paid_amount_below_minor
        && buyer.is_some_and(|b| is_trusted(b, &policy.trust, now))
        && !order
            .items
            .iter()
            .any(|i| i.flags.custom || i.flags.virtual_goods)
        && !fast.excluded_merchants.contains(&order.merchant)
        && !merchant.is_some_and(|m| m.platform_fast_refund_excluded)
        && !request.items.iter().any(|i| {
            fast.excluded_products.contains(&i.product)
                || fast.excluded_categories.contains(&i.category)
        })
}

/// Whether a strategy's condition holds for a request. (A "refund on return signed" strategy
/// is only tried on requests that go through a return; see `decide_automatically`.)
pub fn matches(condition: &Condition, order: &Order, request: &Request<'_>, trusted: bool) -> bool {
    matches_at(
        condition,
        order.stage_of(&request.item_ids()),
        request,
        trusted,
    )
}

/// [`matches()`] with the stage of the request's lines (`Order::stage_of`) given rather than
/// read from the order: a
/// dry run over past tickets asks about the stage each order was at when its ticket came in.
pub fn matches_at(
    condition: &Condition,
    stage: FulfilmentStage,
    request: &Request<'_>,
    trusted: bool,
) -> bool {
    (condition.kinds.is_empty() || condition.kinds.contains(&request.kind))
        && (condition.reasons.is_empty() || condition.reasons.contains(&request.reason))
        && condition
            .amount_max_minor
            .is_none_or(|max| request.amount.minor() <= max)
        && (condition.categories.is_empty()
            || request
                .items
                .iter()
                .all(|i| condition.categories.contains(&i.category)))
        && (!condition.trusted_buyer_only || trusted)
        && (condition.stages.is_empty() || condition.stages.contains(&stage))
}

/// The request `ticket` was opened with, as the automatic policies saw it (its kind, reason
/// and amount as they are now: an edit by the buyer changes them).
pub fn request_of<'a>(order: &'a Order, ticket: &'a Ticket) -> Request<'a> {
    Request {
        kind: ticket.kind,
        reason: ticket.reason,
        amount: ticket.amount,
        items: {
            let ids = ticket.item_ids();
            order
                .items
                .iter()
                .filter(|item| ids.contains(&item.id))
                .collect()
        },
    }
}

/// The fulfilment stage of `ticket`'s lines when it was opened, as far as the ticket
/// tells: unshipped if they were, otherwise their stage now (parcels only move forward
/// from shipped, so this errs towards later stages).
pub fn stage_at_opening(order: &Order, ticket: &Ticket) -> FulfilmentStage {
    if ticket.opened_while_unshipped {
        FulfilmentStage::Unshipped
    } else {
        match order.stage_of(&ticket.item_ids()) {
            FulfilmentStage::Unshipped => FulfilmentStage::Shipped,
            stage => stage,
        }
    }
}
