//! The webhook outbox: which committed events become webhook messages, and their payloads.
//!
//! [`messages`] is a pure function of one committed write. Both stores call it inside the
//! commit transaction and insert its rows into `outbox`, so a message exists exactly when its
//! event does: no event is announced that did not commit, and none that did is lost. The
//! dispatcher (`redress_http::webhooks`) fans the rows out to subscriptions and delivers them.
//!
//! The payload is the Standard Webhooks shape `{"type", "timestamp", "data"}`. `data` always
//! names `merchant_id`; ticket events also `order_id` and `ticket_id`. Money is integer minor
//! units with its currency, like everywhere in the API.

use crate::stream::{Events, StreamKey};
use crate::{Write, to_micros};
use redress_domain::merchant::MerchantChange;
use redress_domain::{Approval, OrderChange, TicketChange, Timestamp};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Every webhook event type, as subscriptions name them.
pub const EVENT_TYPES: &[&str] = &[
    TICKET_OPENED,
    TICKET_AUTO_APPROVED,
    TICKET_REJECTED,
    TICKET_ESCALATED,
    DISPUTE_VERDICT,
    TICKET_REFUNDED,
    MERCHANT_PENALISED,
    TICKET_DEADLINE_APPROACHING,
];

pub const TICKET_OPENED: &str = "ticket.opened";
/// Approved by an automatic rule (a platform policy or the merchant's strategy); `data.rule`
/// names it.
pub const TICKET_AUTO_APPROVED: &str = "ticket.auto_approved";
pub const TICKET_REJECTED: &str = "ticket.rejected";
/// A dispute was opened (平台介入).
pub const TICKET_ESCALATED: &str = "ticket.escalated";
pub const DISPUTE_VERDICT: &str = "dispute.verdict";
/// The payment system reported the refund paid.
pub const TICKET_REFUNDED: &str = "ticket.refunded";
pub const MERCHANT_PENALISED: &str = "merchant.penalised";
/// A ticket's live deadline falls due within the notice period (default 12 h). Not an
/// event of the log: the dispatcher announces it from the `deadlines` projection
/// ([`deadline_approaching`]).
pub const TICKET_DEADLINE_APPROACHING: &str = "ticket.deadline_approaching";

/// One row of `outbox`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxMessage {
    pub merchant_id: String,
    /// `msg_` and 32 hex digits, derived from the event's stream and sequence number: the
    /// same event always gets the same id, which receivers use to drop duplicates.
    pub message_id: String,
    pub event_type: &'static str,
    /// The JSON body, without the sandbox marker (the dispatcher adds that).
    pub payload: String,
    pub created_us: i64,
}

/// The messages a committed write produces, in event order.
pub fn messages(write: &Write) -> Vec<OutboxMessage> {
    let merchant = write.stream.merchant_key();
    let name = write.stream.name();
    let mut out = Vec::new();
    let mut push = |offset: usize, at: Timestamp, mapped: Option<(&'static str, Value)>| {
        if let Some((event_type, data)) = mapped {
            let seq = write.expected_version + 1 + offset as u64;
            out.push(OutboxMessage {
                merchant_id: merchant.to_owned(),
                message_id: message_id(merchant, &name, seq),
                event_type,
                payload: json!({
                    "type": event_type,
                    "timestamp": at.to_string(),
                    "data": data,
                })
                .to_string(),
                created_us: to_micros(at),
            });
        }
    };
    match (&write.stream, &write.events) {
        (StreamKey::Order { merchant, order }, Events::Order(events)) => {
            for (offset, event) in events.iter().enumerate() {
                let mapped = order_webhook(&event.change).map(|(event_type, mut data)| {
                    data["merchant_id"] = json!(merchant.as_str());
                    data["order_id"] = json!(order.as_str());
                    (event_type, data)
                });
                push(offset, event.at, mapped);
            }
        }
        (StreamKey::Merchant(merchant), Events::Merchant(events)) => {
            for (offset, event) in events.iter().enumerate() {
                let mapped = merchant_webhook(&event.change).map(|(event_type, mut data)| {
                    data["merchant_id"] = json!(merchant.as_str());
                    (event_type, data)
                });
                push(offset, event.at, mapped);
            }
        }
        // Buyer streams and the policy's are platform-wide and announce nothing.
        _ => {}
    }
    out
}

pub(crate) fn message_id(merchant: &str, stream: &str, seq: u64) -> String {
    let digest = Sha256::digest(format!("{merchant}\0{stream}\0{seq}").as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("msg_{hex}")
}

/// The message announcing that a ticket's deadline approaches, made at `now_us`.
pub fn deadline_approaching(
    merchant_id: &str,
    order_id: &str,
    ticket_id: &str,
    kind: &str,
    due_us: i64,
    now_us: i64,
) -> OutboxMessage {
    let instant = |us: i64| {
        Timestamp::from_microsecond(us)
            .map(|t| t.to_string())
            .unwrap_or_default()
    };
    OutboxMessage {
        merchant_id: merchant_id.to_owned(),
        // Keyed by the deadline itself, so announcing it twice would give one id.
        message_id: message_id(
            merchant_id,
            &format!("deadline:{ticket_id}:{kind}"),
            due_us as u64,
        ),
        event_type: TICKET_DEADLINE_APPROACHING,
        payload: json!({
            "type": TICKET_DEADLINE_APPROACHING,
            "timestamp": instant(now_us),
            "data": {
                "merchant_id": merchant_id,
                "order_id": order_id,
                "ticket_id": ticket_id,
                "deadline_kind": kind,
                "due_at": instant(due_us),
            },
        })
        .to_string(),
        created_us: now_us,
    }
}

/// The webhook an order event announces, if any: its type and `data` without the ids of the
/// merchant and order (added by the caller).
pub fn order_webhook(change: &OrderChange) -> Option<(&'static str, Value)> {
    let OrderChange::Ticket { ticket, change } = change else {
        return None;
    };
    let (event_type, mut data) = match change {
        TicketChange::Opened {
            kind,
            reason,
            amount,
            due_at,
            ..
        } => (
            TICKET_OPENED,
            json!({
                "kind": kind.as_str(),
                "reason": reason.as_str(),
                "amount_minor": amount.minor(),
                "currency": amount.currency().as_str(),
                "due_at": due_at.to_string(),
            }),
        ),
        TicketChange::Approved {
            approval: Approval::Automatic { rule, .. },
            ..
        }
        | TicketChange::ReturnAccepted {
            approval: Approval::Automatic { rule, .. },
            ..
        } => (TICKET_AUTO_APPROVED, json!({ "rule": rule.code() })),
        TicketChange::Rejected { reason, due_at, .. } => (
            TICKET_REJECTED,
            json!({ "reason": reason, "due_at": due_at.to_string() }),
        ),
        TicketChange::DisputeOpened { first, due_at, .. } => (
            TICKET_ESCALATED,
            json!({ "first_dispute": first, "due_at": due_at.to_string() }),
        ),
        TicketChange::VerdictGiven {
            responsibility,
            outcome,
            refund,
            ..
        } => (
            DISPUTE_VERDICT,
            json!({
                "responsibility": responsibility.as_str(),
                "outcome": outcome.as_str(),
                "refund_minor": refund.as_ref().map(|m| m.minor()),
                "currency": refund.as_ref().map(|m| m.currency().as_str().to_owned()),
            }),
        ),
        TicketChange::RefundSucceeded {
            amount,
            payment_reference,
        } => (
            TICKET_REFUNDED,
            json!({
                "amount_minor": amount.minor(),
                "currency": amount.currency().as_str(),
                "payment_reference": payment_reference,
            }),
        ),
        _ => return None,
    };
    data["ticket_id"] = json!(ticket.as_str());
    Some((event_type, data))
}

/// The webhook a merchant event announces, if any, without the merchant's id.
pub fn merchant_webhook(change: &MerchantChange) -> Option<(&'static str, Value)> {
    match change {
        MerchantChange::Penalised(penalty) => Some((
            MERCHANT_PENALISED,
            json!({
                "penalty_id": penalty.id,
                "evaluated_on": penalty.evaluated_on.to_string(),
                "violation": penalty.kind.as_str(),
                "severity": penalty.severity.as_str(),
                "measures": penalty.measures.iter().map(|m| m.code()).collect::<Vec<_>>(),
            }),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
