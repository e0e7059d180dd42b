//! The one table from events of the log to webhook announcements.
//!
//! Every match below is exhaustive on purpose: a new domain event without an announcement does
//! not compile. To add one, give it a type here, list the type in [`super::EVENT_TYPES`], and
//! describe its `data` in `redress_http::webhook_catalogue` (the OpenAPI `webhooks` section)
//! and docs/WEBHOOKS.md; the tests of both crates check that the four agree.
//!
//! Each event makes one announcement, named after what happened: its public type, which
//! [`PUBLIC_TYPES`] lists per stored kind and which the changes feed (`crate::feed`) uses too,
//! so an event has one name wherever it is read. Some events also move a ticket into a state
//! that an integrator acts on whatever led there; those get a follow-up announcement named
//! after the state (`refund.requested`, `ticket.return_awaited`, `ticket.closed`,
//! `ticket.completed`, `ticket.auto_approved`), so a payment system subscribes to one type
//! rather than to every way a refund can become due. Follow-ups are webhooks (and JetStream
//! messages) only: the feed lists events, not states.

use redress_domain::buyer::BuyerChange;
use redress_domain::creator::CreatorChange;
use redress_domain::merchant::MerchantChange;
use redress_domain::policy_history::PolicyChange;
use redress_domain::{
    Approval, ClosedCause, Money, Next, Order, OrderChange, TicketChange, TicketId, TicketState,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Every public event type and the stored event kind it names, one to one: the type of an
/// event's first announcement and of its feed entry. Order-level facts are `order.*`, facts
/// about one ticket `ticket.*` (the dispute's `dispute.*`, the refund's `refund.*`), a
/// merchant's `merchant.*`, a buyer's `buyer.*`. Types announced to webhooks before the feed
/// existed keep their names (`ticket.escalated`, `ticket.refunded`, `dispute.verdict`).
/// Stored kinds are unique across aggregates (the codec's tests check), so a type names one
/// kind.
pub const PUBLIC_TYPES: &[(&str, &str)] = &[
    ("order.placed", "order_placed"),
    ("order.parcel_updated", "parcel_updated"),
    ("ticket.opened", "opened"),
    ("ticket.approved", "approved"),
    ("ticket.approved_after_refusal", "approved_after_refusal"),
    ("ticket.refusal_confirmed", "refusal_confirmed"),
    ("ticket.refusal_failed", "refusal_failed"),
    ("ticket.rejected", "rejected"),
    ("ticket.remedy_proposed", "remedy_proposed"),
    ("ticket.remedy_accepted", "remedy_accepted"),
    ("ticket.remedy_declined", "remedy_declined"),
    ("ticket.edited", "edited"),
    ("ticket.cancelled", "cancelled"),
    ("ticket.return_shipped", "return_shipped"),
    ("ticket.return_in_transit", "return_in_transit"),
    ("ticket.return_signed", "return_signed"),
    ("ticket.return_accepted", "return_accepted"),
    ("ticket.return_window_lapsed", "return_window_lapsed"),
    ("ticket.replacement_shipped", "replacement_shipped"),
    ("ticket.replacement_delivered", "replacement_delivered"),
    ("ticket.shipped_while_pending", "shipped_while_pending"),
    ("ticket.escalated", "dispute_opened"),
    ("dispute.evidence_added", "evidence_added"),
    ("dispute.evidence_closed", "evidence_window_closed"),
    ("dispute.settled", "dispute_settled"),
    ("dispute.cancelled", "dispute_cancelled"),
    ("dispute.verdict", "verdict_given"),
    ("dispute.rechecked", "rechecked"),
    ("ticket.escalation_lapsed", "escalation_lapsed"),
    ("ticket.refunded", "refund_succeeded"),
    ("refund.failed", "refund_failed"),
    ("refund.retried", "refund_retried"),
    ("ticket.policy_applied", "policy_applied"),
    ("ticket.message_posted", "message_posted"),
    ("ticket.return_address_set", "return_address_set"),
    ("merchant.fast_refund_set", "fast_refund_set"),
    ("merchant.return_address_set", "shop_return_address_set"),
    ("merchant.named", "shop_named"),
    ("merchant.strategy_put", "strategy_put"),
    ("merchant.strategy_disabled", "strategy_disabled"),
    ("merchant.refund_handling_closed", "refund_handling_closed"),
    (
        "merchant.refund_handling_restored",
        "refund_handling_restored",
    ),
    (
        "merchant.fast_refund_exclusion_set",
        "platform_fast_refund_exclusion_set",
    ),
    ("merchant.penalised", "penalised"),
    ("merchant.penalty_appealed", "penalty_appealed"),
    ("merchant.penalty_revoked", "penalty_revoked"),
    ("buyer.trust_updated", "trust_updated"),
    ("creator.penalised", "creator_penalised"),
    ("creator.penalty_appealed", "creator_penalty_appealed"),
    ("creator.penalty_revoked", "creator_penalty_revoked"),
    ("policy.changed", "policy_put"),
];

/// The public type of a stored event kind.
pub fn public_type(kind: &str) -> Option<&'static str> {
    PUBLIC_TYPES
        .iter()
        .find(|(_, k)| *k == kind)
        .map(|(t, _)| *t)
}

/// One announcement of an event: its type and its `data`, without the ids the caller adds
/// (`merchant_id`, `order_id`).
#[derive(Clone, Debug, PartialEq)]
pub struct Announcement {
    pub event_type: &'static str,
    pub data: Value,
    /// The event's second announcement (see the module comment): its message id is derived
    /// from the type too, so both announcements of one event have stable, distinct ids.
    pub follow_up: bool,
}

fn primary(event_type: &'static str, data: Value) -> Announcement {
    Announcement {
        event_type,
        data,
        follow_up: false,
    }
}

fn follow_up(event_type: &'static str, data: Value) -> Announcement {
    Announcement {
        event_type,
        data,
        follow_up: true,
    }
}

fn money(amount: &Money) -> Value {
    json!({ "amount_minor": amount.minor(), "currency": amount.currency().as_str() })
}

/// `base` with `more`'s fields added.
fn with(mut base: Value, more: Value) -> Value {
    if let (Some(base), Value::Object(more)) = (base.as_object_mut(), more) {
        base.extend(more);
    }
    base
}

/// The key a payment system passes to its payment call so that a refund is paid once: the
/// same for every delivery of one request (redeliveries, several subscriptions, webhooks and
/// JetStream alike), and a new one only when redress asks again after a reported failure
/// (attempt n + 1). Derived, not stored, so it is the same on every instance and after replay.
pub fn refund_idempotency_key(merchant: &str, ticket: &str, attempt: u32) -> String {
    let digest = Sha256::digest(format!("refund\0{merchant}\0{ticket}\0{attempt}").as_bytes());
    let hex = hex::encode(&digest[..16]);
    format!("rfk_{hex}")
}

/// `refund.requested`: everything a payment system needs to pay once.
fn refund_requested(order: &Order, ticket: &TicketId, amount: &Money, attempt: u32) -> Value {
    with(
        json!({
            "buyer_id": order.buyer.as_str(),
            "attempt": attempt,
            "idempotency_key": refund_idempotency_key(order.merchant.as_str(), ticket.as_str(), attempt),
        }),
        money(amount),
    )
}

fn approval_name(approval: &Approval) -> &'static str {
    match approval {
        Approval::Merchant => "merchant",
        Approval::Overdue => "overdue",
        Approval::Automatic { .. } => "automatic",
    }
}

fn next_name(next: &Next) -> &'static str {
    match next {
        Next::Refunding { .. } => "refunding",
        Next::AwaitingReturn { .. } => "awaiting_return",
        Next::AwaitingMerchantShipment { .. } => "awaiting_merchant_shipment",
    }
}

/// The state announcement of entering `next`, if integrators act on that state.
fn entering(order: &Order, ticket: &TicketId, next: &Next) -> Option<Announcement> {
    match next {
        // A ticket enters refunding at attempt 1; retries announce themselves.
        Next::Refunding { amount } => Some(follow_up(
            "refund.requested",
            refund_requested(order, ticket, amount, 1),
        )),
        Next::AwaitingReturn { due_at } => Some(follow_up(
            "ticket.return_awaited",
            json!({ "due_at": due_at.to_string() }),
        )),
        Next::AwaitingMerchantShipment { .. } => None,
    }
}

fn closed(cause: ClosedCause) -> Value {
    json!({ "cause": cause.as_str() })
}

/// The amount a refunding ticket is being paid: what a retry announces again.
fn refunding_amount(order: &Order, ticket: &TicketId) -> Option<Money> {
    order.tickets.get(ticket).map(|t| match t.state {
        TicketState::Refunding { amount, .. } | TicketState::Refunded { amount, .. } => amount,
        _ => t.amount,
    })
}

/// An approval, and the announcements of the state it leads to. An automatic rule's
/// approval is also announced as `ticket.auto_approved` (`data.rule`), the type subscribers
/// knew before this table.
fn approved(
    event_type: &'static str,
    order: &Order,
    ticket: &TicketId,
    approval: &Approval,
    next: &Next,
) -> Vec<Announcement> {
    let mut out = vec![primary(
        event_type,
        json!({ "approval": approval_name(approval), "next": next_name(next) }),
    )];
    if let Approval::Automatic { rule, .. } = approval {
        out.push(follow_up(
            "ticket.auto_approved",
            json!({ "rule": rule.code(), "next": next_name(next) }),
        ));
    }
    out.extend(entering(order, ticket, next));
    out
}

/// A ticket's lines as the order after the write holds them (issue 18): events stored
/// before it are read as whole lines.
fn lines(order: &Order, ticket: &TicketId) -> Value {
    let lines: Vec<Value> = order
        .tickets
        .get(ticket)
        .map(|t| t.items.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|line| {
            json!({
                "item_id": line.item.as_str(),
                "quantity": line.quantity,
                "amount_minor": line.amount.minor(),
            })
        })
        .collect();
    Value::Array(lines)
}

/// The announcements of one order event, given the order after the write (for the buyer and
/// a retried refund's amount, which the event does not repeat).
pub fn order_announcements(change: &OrderChange, order: &Order) -> Vec<Announcement> {
    let (ticket, change) = match change {
        OrderChange::Placed(new) => {
            return vec![primary(
                "order.placed",
                with(
                    json!({
                        "buyer_id": new.buyer.as_str(),
                        "paid_at": new.paid_at.to_string(),
                        "items": new.items.len(),
                        "shipping_fee_minor": new.shipping_fee.minor(),
                        "freight_insurance": new.freight_insurance,
                    }),
                    money(&new.paid),
                ),
            )];
        }
        OrderChange::ParcelUpdated { parcel, update } => {
            return vec![primary(
                "order.parcel_updated",
                json!({ "parcel_id": parcel.as_str(), "update": update.as_str() }),
            )];
        }
        OrderChange::Ticket { ticket, change } => (ticket, change),
    };
    let mut out: Vec<Announcement> = match change {
        TicketChange::Opened {
            kind,
            reason,
            amount,
            due_at,
            shipping_fee,
            return_shipping,
            ..
        } => vec![primary(
            "ticket.opened",
            with(
                json!({
                    "buyer_id": order.buyer.as_str(),
                    "kind": kind.as_str(),
                    "reason": reason.as_str(),
                    "lines": lines(order, ticket),
                    "due_at": due_at.to_string(),
                    "shipping_fee_minor": shipping_fee.minor(),
                    "return_shipping": return_shipping.map(|p| p.as_str()),
                }),
                money(amount),
            ),
        )],
        TicketChange::Approved { approval, next } => {
            approved("ticket.approved", order, ticket, approval, next)
        }
        TicketChange::ApprovedAfterRefusal { due_at } => vec![primary(
            "ticket.approved_after_refusal",
            json!({ "due_at": due_at.to_string() }),
        )],
        TicketChange::RefusalConfirmed { amount } => vec![
            primary("ticket.refusal_confirmed", money(amount)),
            follow_up(
                "refund.requested",
                refund_requested(order, ticket, amount, 1),
            ),
        ],
        TicketChange::RefusalFailed { due_at } => vec![primary(
            "ticket.refusal_failed",
            json!({ "due_at": due_at.to_string() }),
        )],
        TicketChange::Rejected {
            ground,
            reason,
            due_at,
            ..
        } => vec![primary(
            "ticket.rejected",
            json!({ "ground": ground.as_str(), "reason": reason, "due_at": due_at.to_string() }),
        )],
        TicketChange::RemedyProposed { remedy, note } => {
            let compensation = match remedy {
                redress_domain::Remedy::PartialCompensation { amount } => money(amount),
                _ => json!({ "amount_minor": null, "currency": null }),
            };
            vec![primary(
                "ticket.remedy_proposed",
                with(
                    json!({ "remedy": remedy.as_str(), "note": note }),
                    compensation,
                ),
            )]
        }
        TicketChange::RemedyAccepted { course, next } => {
            let mut out = vec![primary(
                "ticket.remedy_accepted",
                json!({ "course": course.as_str(), "next": next_name(next) }),
            )];
            out.extend(entering(order, ticket, next));
            out
        }
        TicketChange::RemedyDeclined => vec![primary("ticket.remedy_declined", json!({}))],
        TicketChange::Edited {
            kind,
            reason,
            amount,
            due_at,
            shipping_fee,
            return_shipping,
            ..
        } => vec![primary(
            "ticket.edited",
            with(
                json!({
                    "kind": kind.as_str(),
                    "reason": reason.as_str(),
                    "lines": lines(order, ticket),
                    "due_at": due_at.to_string(),
                    "shipping_fee_minor": shipping_fee.minor(),
                    "return_shipping": return_shipping.map(|p| p.as_str()),
                }),
                money(amount),
            ),
        )],
        TicketChange::Cancelled => vec![
            primary("ticket.cancelled", json!({})),
            follow_up("ticket.closed", closed(ClosedCause::CancelledByBuyer)),
        ],
        TicketChange::ReturnShipped { tracking, due_at } => vec![primary(
            "ticket.return_shipped",
            json!({ "tracking": tracking, "due_at": due_at.to_string() }),
        )],
        TicketChange::ReturnInTransit => vec![primary("ticket.return_in_transit", json!({}))],
        TicketChange::ReturnSigned { due_at } => vec![primary(
            "ticket.return_signed",
            json!({ "due_at": due_at.to_string() }),
        )],
        TicketChange::ReturnAccepted { approval, next } => {
            approved("ticket.return_accepted", order, ticket, approval, next)
        }
        TicketChange::ReturnWindowLapsed => vec![
            primary("ticket.return_window_lapsed", json!({})),
            follow_up("ticket.closed", closed(ClosedCause::ReturnNotShipped)),
        ],
        TicketChange::ReplacementShipped { tracking, due_at } => vec![primary(
            "ticket.replacement_shipped",
            json!({ "tracking": tracking, "due_at": due_at.to_string() }),
        )],
        TicketChange::ReplacementDelivered => vec![
            primary("ticket.replacement_delivered", json!({})),
            follow_up("ticket.completed", json!({})),
        ],
        TicketChange::ShippedWhilePending => {
            vec![primary("ticket.shipped_while_pending", json!({}))]
        }
        TicketChange::DisputeOpened {
            opener,
            first,
            due_at,
            ..
        } => vec![primary(
            "ticket.escalated",
            json!({
                "opener": opener.as_str(),
                "first_dispute": first,
                "due_at": due_at.to_string(),
            }),
        )],
        TicketChange::EvidenceAdded { side, evidence } => vec![primary(
            "dispute.evidence_added",
            json!({ "side": side.as_str(), "evidence_kind": evidence.kind.as_str() }),
        )],
        TicketChange::EvidenceWindowClosed => {
            vec![primary("dispute.evidence_closed", json!({}))]
        }
        TicketChange::MessagePosted { text } => {
            // The author is the event's actor, which `apply` put on the thread's last message.
            let author = order
                .tickets
                .get(ticket)
                .and_then(|t| t.messages.last())
                .map_or("unknown", |m| m.author.role().as_str());
            vec![primary(
                "ticket.message_posted",
                json!({ "author_role": author, "text": text }),
            )]
        }
        TicketChange::ReturnAddressSet { address } => vec![primary(
            "ticket.return_address_set",
            json!({ "address": address }),
        )],
        TicketChange::DisputeSettled { amount } => vec![
            primary("dispute.settled", money(amount)),
            follow_up(
                "refund.requested",
                refund_requested(order, ticket, amount, 1),
            ),
        ],
        TicketChange::DisputeCancelled { due_at } => vec![primary(
            "dispute.cancelled",
            json!({ "due_at": due_at.to_string() }),
        )],
        TicketChange::VerdictGiven {
            responsibility,
            outcome,
            refund,
            ..
        } => {
            let verdict = primary(
                "dispute.verdict",
                json!({
                    "responsibility": responsibility.as_str(),
                    "outcome": outcome.as_str(),
                    "refund_minor": refund.as_ref().map(|m| m.minor()),
                    "currency": refund.as_ref().map(|m| m.currency().as_str().to_owned()),
                }),
            );
            let then = match refund {
                Some(amount) => follow_up(
                    "refund.requested",
                    refund_requested(order, ticket, amount, 1),
                ),
                None => follow_up("ticket.closed", closed(ClosedCause::VerdictNoRefund)),
            };
            vec![verdict, then]
        }
        TicketChange::Rechecked { responsibility } => vec![primary(
            "dispute.rechecked",
            json!({ "responsibility": responsibility.as_str() }),
        )],
        TicketChange::PolicyApplied { version } => vec![primary(
            "ticket.policy_applied",
            json!({ "policy_version": version }),
        )],
        TicketChange::EscalationLapsed => vec![
            primary("ticket.escalation_lapsed", json!({})),
            follow_up("ticket.closed", closed(ClosedCause::EscalationLapsed)),
        ],
        TicketChange::RefundSucceeded {
            amount,
            payment_reference,
        } => vec![primary(
            "ticket.refunded",
            with(
                json!({ "payment_reference": payment_reference }),
                money(amount),
            ),
        )],
        TicketChange::RefundFailed {
            reason,
            attempt,
            retry_at,
        } => vec![primary(
            "refund.failed",
            json!({
                "reason": reason,
                "attempt": attempt,
                "retry_at": retry_at.map(|t| t.to_string()),
            }),
        )],
        TicketChange::RefundRetried { attempt } => {
            let amount = refunding_amount(order, ticket).unwrap_or(order.paid);
            vec![
                primary("refund.retried", json!({ "attempt": attempt })),
                follow_up(
                    "refund.requested",
                    refund_requested(order, ticket, &amount, *attempt),
                ),
            ]
        }
    };
    for announcement in &mut out {
        announcement.data["ticket_id"] = json!(ticket.as_str());
    }
    out
}

/// The announcement of one merchant event, without the merchant's id.
pub fn merchant_announcement(change: &MerchantChange) -> Announcement {
    match change {
        MerchantChange::FastRefundSet { opted_in } => {
            primary("merchant.fast_refund_set", json!({ "opted_in": opted_in }))
        }
        MerchantChange::ReturnAddressSet { address } => {
            primary("merchant.return_address_set", json!({ "address": address }))
        }
        MerchantChange::Named { name } => primary("merchant.named", json!({ "name": name })),
        MerchantChange::StrategyPut(strategy) => primary(
            "merchant.strategy_put",
            json!({
                "strategy_id": strategy.id.as_str(),
                "version": strategy.version,
                "name": strategy.name,
                "action": strategy.action.as_str(),
                "enabled": strategy.enabled,
            }),
        ),
        MerchantChange::StrategyDisabled { id, version } => primary(
            "merchant.strategy_disabled",
            json!({ "strategy_id": id.as_str(), "version": version }),
        ),
        MerchantChange::RefundHandlingClosed { reason } => primary(
            "merchant.refund_handling_closed",
            json!({ "reason": reason }),
        ),
        MerchantChange::RefundHandlingRestored => {
            primary("merchant.refund_handling_restored", json!({}))
        }
        MerchantChange::PlatformFastRefundExclusionSet { excluded } => primary(
            "merchant.fast_refund_exclusion_set",
            json!({ "excluded": excluded }),
        ),
        MerchantChange::Penalised(penalty) => primary(
            "merchant.penalised",
            json!({
                "penalty_id": penalty.id.as_str(),
                "evaluated_on": penalty.evaluated_on.to_string(),
                "violation": penalty.kind.as_str(),
                "severity": penalty.severity.as_str(),
                "measures": penalty.measures.iter().map(|m| m.code()).collect::<Vec<_>>(),
                "policy_version": penalty.policy_version,
            }),
        ),
        MerchantChange::PenaltyAppealed { id, statement } => primary(
            "merchant.penalty_appealed",
            json!({ "penalty_id": id.as_str(), "statement": statement }),
        ),
        MerchantChange::PenaltyRevoked { id, reason } => primary(
            "merchant.penalty_revoked",
            json!({ "penalty_id": id.as_str(), "reason": reason }),
        ),
    }
}

/// The announcement of one buyer event. Buyers are platform-wide: only platform-wide
/// subscriptions receive it.
pub fn buyer_announcement(buyer: &str, change: &BuyerChange) -> Announcement {
    match change {
        BuyerChange::TrustUpdated(inputs) => primary(
            "buyer.trust_updated",
            json!({
                "buyer_id": buyer,
                "completed_orders": inputs.completed_orders,
                "orders_90d": inputs.orders_90d,
                "refunds_90d": inputs.refunds_90d,
                "abuse_restricted": inputs.abuse_restricted,
            }),
        ),
    }
}

/// The announcement of one showcase creator's event (seed 001). Creators are platform-wide:
/// only platform-wide subscriptions receive it.
pub fn creator_announcement(creator: &str, change: &CreatorChange) -> Announcement {
    match change {
        CreatorChange::Penalised(penalty) => primary(
            "creator.penalised",
            json!({
                "creator_id": creator,
                "penalty_id": penalty.id.as_str(),
                "evaluated_on": penalty.evaluated_on.to_string(),
                "violation": penalty.kind.as_str(),
                "severity": penalty.severity.as_str(),
                "measures": penalty.measures.iter().map(|m| m.code()).collect::<Vec<_>>(),
                "policy_version": penalty.policy_version,
            }),
        ),
        CreatorChange::PenaltyAppealed { id, statement } => primary(
            "creator.penalty_appealed",
            json!({ "creator_id": creator, "penalty_id": id.as_str(), "statement": statement }),
        ),
        CreatorChange::PenaltyRevoked { id, reason } => primary(
            "creator.penalty_revoked",
            json!({ "creator_id": creator, "penalty_id": id.as_str(), "reason": reason }),
        ),
    }
}

/// The announcement of a new policy version. The policy is platform-wide: only platform-wide
/// subscriptions receive it.
pub fn policy_announcement(version: u64, change: &PolicyChange) -> Announcement {
    match change {
        PolicyChange::Put(put) => primary(
            "policy.changed",
            json!({ "version": version, "name": put.name, "diff": put.diff }),
        ),
    }
}
