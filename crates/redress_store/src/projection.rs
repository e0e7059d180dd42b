//! Projection rows as a pure function of aggregate state. Both backends write these rows;
//! `replay` recomputes them from the log, so a projection can never drift from the events.

use crate::to_micros;
use redress_domain::buyer::BuyerProfile;
use redress_domain::evaluation::Measure;
use redress_domain::merchant::Merchant;
use redress_domain::{Fulfilment, FulfilmentStage, Order, Rule, TicketState};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderRow {
    pub merchant_id: String,
    pub order_id: String,
    pub buyer_id: String,
    pub currency: String,
    pub paid_minor: i64,
    pub refunded_minor: i64,
    pub paid_us: i64,
    pub fulfilment: &'static str,
    pub signer: Option<&'static str>,
    pub tracking: Option<String>,
    pub version: i64,
    pub updated_us: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketRow {
    pub merchant_id: String,
    pub ticket_id: String,
    pub order_id: String,
    pub buyer_id: String,
    pub kind: &'static str,
    pub reason: &'static str,
    pub course: &'static str,
    pub state: &'static str,
    pub currency: String,
    pub amount_minor: i64,
    pub refunded_minor: i64,
    pub opened_us: i64,
    pub decided_us: Option<i64>,
    pub deadline_kind: Option<&'static str>,
    pub due_us: Option<i64>,
    pub return_signed_us: Option<i64>,
    pub auto_rule: Option<String>,
    pub overdue_approved: bool,
    pub dispute_first_us: Option<i64>,
    pub refund_alert: Option<String>,
    pub version: i64,
    pub updated_us: i64,
    /// When its refund completed (退款完结: refunded, or closed): the day the merchant's
    /// figures count it on (`metrics::day`).
    pub completed_us: Option<i64>,
    /// Its dispute ended with the merchant responsible (商责: a verdict, or a re-check of a
    /// settled dispute).
    pub merchant_responsible: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadlineRow {
    pub merchant_id: String,
    pub ticket_id: String,
    pub order_id: String,
    pub kind: &'static str,
    pub due_us: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MerchantRow {
    pub merchant_id: String,
    pub fast_refund_opted_in: bool,
    pub platform_fast_refund_excluded: bool,
    pub refund_handling_closed: Option<String>,
    /// The shop's display name, if one was set.
    pub name: Option<String>,
    /// Seed 004's measure "platform settles return-shipping claims" is in force.
    pub settles_return_shipping: bool,
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrategyRow {
    pub merchant_id: String,
    pub strategy_id: String,
    pub version: i64,
    pub name: String,
    pub action: &'static str,
    pub enabled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuyerRow {
    pub buyer_id: String,
    pub account_created_us: i64,
    pub completed_orders: i64,
    pub orders_90d: i64,
    pub refunds_90d: i64,
    pub abuse_restricted: bool,
    pub version: i64,
}

/// How a rule is shown in the ticket list: its code, and for strategies `id@version`.
pub fn rule_label(rule: &Rule) -> String {
    match rule {
        Rule::Strategy { id, version, .. } => format!("merchant_strategy:{id}@{version}"),
        other => other.code().to_owned(),
    }
}

pub fn order_row(order: &Order) -> OrderRow {
    // One row per order: the parcel the order's stage comes from (`Order::stage_of`: the
    // least advanced one); an unshipped remainder beside parcels further on shows `shipped`.
    let shown = order
        .parcels
        .iter()
        .min_by_key(|p| p.fulfilment.stage())
        .map_or(&Fulfilment::Unshipped, |p| &p.fulfilment);
    let (signer, tracking) = match shown {
        Fulfilment::Shipped { tracking, .. } | Fulfilment::InTransit { tracking, .. } => {
            (None, Some(tracking.clone()))
        }
        Fulfilment::Delivered {
            tracking, signer, ..
        } => (Some(signer.as_str()), Some(tracking.clone())),
        Fulfilment::Unshipped
        | Fulfilment::Refused { .. }
        | Fulfilment::ReturnedToSender { .. }
        | Fulfilment::Intercepted { .. } => (None, None),
    };
    OrderRow {
        merchant_id: order.merchant.to_string(),
        order_id: order.id.to_string(),
        buyer_id: order.buyer.to_string(),
        currency: order.paid.currency().to_string(),
        paid_minor: order.paid.minor(),
        refunded_minor: order.refunded().minor(),
        paid_us: to_micros(order.paid_at),
        fulfilment: if order.stage() == FulfilmentStage::Shipped {
            "shipped"
        } else {
            fulfilment_str(shown)
        },
        signer,
        tracking,
        version: order.version as i64,
        updated_us: to_micros(order.updated_at),
    }
}

fn fulfilment_str(f: &Fulfilment) -> &'static str {
    match f {
        Fulfilment::Unshipped => "unshipped",
        Fulfilment::Shipped { .. } => "shipped",
        Fulfilment::InTransit { .. } => "in_transit",
        Fulfilment::Delivered { .. } => "delivered",
        Fulfilment::Refused { .. } => "refused",
        Fulfilment::ReturnedToSender { .. } => "returned_to_sender",
        Fulfilment::Intercepted { .. } => "intercepted",
    }
}

pub fn ticket_rows(order: &Order) -> Vec<TicketRow> {
    order
        .tickets
        .values()
        .map(|t| {
            let deadline = t.deadline();
            TicketRow {
                merchant_id: order.merchant.to_string(),
                ticket_id: t.id.to_string(),
                order_id: order.id.to_string(),
                buyer_id: order.buyer.to_string(),
                kind: t.kind.as_str(),
                reason: t.reason.as_str(),
                course: t.course.as_str(),
                state: t.state.name().as_str(),
                currency: t.amount.currency().to_string(),
                amount_minor: t.amount.minor(),
                refunded_minor: t.refunded.minor(),
                opened_us: to_micros(t.opened_at),
                decided_us: t.decided_at.map(to_micros),
                deadline_kind: deadline.map(|d| d.kind.as_str()),
                due_us: deadline.map(|d| to_micros(d.due_at)),
                return_signed_us: t.return_signed_at.map(to_micros),
                auto_rule: t.auto_rule.as_ref().map(rule_label),
                overdue_approved: t.overdue_approved,
                dispute_first_us: t.dispute.as_ref().map(|d| to_micros(d.first_requested_at)),
                refund_alert: t.refund_alert.clone(),
                version: t.version as i64,
                updated_us: to_micros(t.updated_at),
                completed_us: match t.state {
                    TicketState::Refunded { at, .. } | TicketState::Closed { at, .. } => {
                        Some(to_micros(at))
                    }
                    _ => None,
                },
                merchant_responsible: t.dispute.as_ref().is_some_and(|d| d.merchant_responsible()),
            }
        })
        .collect()
}

pub fn deadline_rows(order: &Order) -> Vec<DeadlineRow> {
    order
        .tickets
        .values()
        .filter_map(|t| {
            t.deadline().map(|d| DeadlineRow {
                merchant_id: order.merchant.to_string(),
                ticket_id: t.id.to_string(),
                order_id: order.id.to_string(),
                kind: d.kind.as_str(),
                due_us: to_micros(d.due_at),
            })
        })
        .collect()
}

pub fn merchant_row(m: &Merchant) -> MerchantRow {
    MerchantRow {
        merchant_id: m.id.to_string(),
        fast_refund_opted_in: m.fast_refund_opted_in,
        platform_fast_refund_excluded: m.platform_fast_refund_excluded,
        refund_handling_closed: m.refund_handling_closed.clone(),
        name: m.name.clone(),
        settles_return_shipping: m.measure_in_force(&Measure::PlatformSettlesReturnShipping),
        version: m.version as i64,
    }
}

pub fn strategy_rows(m: &Merchant) -> Vec<StrategyRow> {
    m.strategies
        .values()
        .map(|s| StrategyRow {
            merchant_id: m.id.to_string(),
            strategy_id: s.id.to_string(),
            version: i64::from(s.version),
            name: s.name.clone(),
            action: s.action.as_str(),
            enabled: s.enabled,
        })
        .collect()
}

pub fn buyer_row(b: &BuyerProfile) -> BuyerRow {
    BuyerRow {
        buyer_id: b.id.to_string(),
        account_created_us: to_micros(b.account_created_at),
        completed_orders: i64::from(b.completed_orders),
        orders_90d: i64::from(b.orders_90d),
        refunds_90d: i64::from(b.refunds_90d),
        abuse_restricted: b.abuse_restricted,
        version: b.version as i64,
    }
}
