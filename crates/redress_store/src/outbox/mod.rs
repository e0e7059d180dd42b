//! The webhook outbox: which committed events become webhook messages, and their payloads.
//!
//! [`messages`] is a pure function of one committed write. Both stores call it inside the
//! commit transaction and insert its rows into `outbox`, so a message exists exactly when its
//! event does: no event is announced that did not commit, and none that did is lost. The
//! dispatcher (`redress_http::webhooks`) fans the rows out to subscriptions and delivers them.
//!
//! The payload is the Standard Webhooks shape `{"type", "timestamp", "data"}`. `data` names
//! `merchant_id` (but for `buyer.*`, which is platform-wide); order events also `order_id`, and
//! ticket events `ticket_id`. Money is integer minor units with its currency, like everywhere
//! in the API. Which event announces what is `table`'s.

use crate::stream::{Events, State, StreamKey};
use crate::{Write, to_micros};
use redress_domain::Timestamp;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

mod table;

pub use table::{
    Announcement, PUBLIC_TYPES, buyer_announcement, creator_announcement, merchant_announcement,
    order_announcements, policy_announcement, public_type, refund_idempotency_key,
};

/// Every webhook event type, as subscriptions name them. The types an event of the log
/// announces come from `table`; the last one is announced from the `deadlines` projection.
pub const EVENT_TYPES: &[&str] = &[
    "order.placed",
    "order.parcel_updated",
    TICKET_OPENED,
    "ticket.edited",
    "ticket.approved",
    TICKET_AUTO_APPROVED,
    "ticket.approved_after_refusal",
    "ticket.refusal_confirmed",
    "ticket.refusal_failed",
    TICKET_REJECTED,
    "ticket.remedy_proposed",
    "ticket.remedy_accepted",
    "ticket.remedy_declined",
    "ticket.return_awaited",
    "ticket.return_shipped",
    "ticket.return_in_transit",
    "ticket.return_signed",
    "ticket.return_accepted",
    "ticket.replacement_shipped",
    "ticket.shipped_while_pending",
    TICKET_ESCALATED,
    "ticket.cancelled",
    "ticket.return_window_lapsed",
    "ticket.replacement_delivered",
    "ticket.escalation_lapsed",
    "ticket.closed",
    "ticket.completed",
    TICKET_REFUNDED,
    "dispute.evidence_added",
    "dispute.evidence_closed",
    "dispute.settled",
    "dispute.cancelled",
    DISPUTE_VERDICT,
    "dispute.rechecked",
    REFUND_REQUESTED,
    "refund.failed",
    "refund.retried",
    "merchant.fast_refund_set",
    "merchant.return_address_set",
    "merchant.named",
    "merchant.fast_refund_exclusion_set",
    "merchant.strategy_put",
    "merchant.strategy_disabled",
    "merchant.refund_handling_closed",
    "merchant.refund_handling_restored",
    MERCHANT_PENALISED,
    "merchant.penalty_appealed",
    "merchant.penalty_revoked",
    "buyer.trust_updated",
    "creator.penalised",
    "creator.penalty_appealed",
    "creator.penalty_revoked",
    "ticket.policy_applied",
    "ticket.message_posted",
    "ticket.return_address_set",
    "policy.changed",
    TICKET_DEADLINE_APPROACHING,
];

/// Whether a subscription's `pattern` takes `event_type`: the type itself, its family
/// (`ticket.*`) or every type (`*`). The fan-out SQL applies the same rule.
pub fn pattern_matches(pattern: &str, event_type: &str) -> bool {
    pattern == "*"
        || pattern == event_type
        || pattern
            .strip_suffix(".*")
            .is_some_and(|family| family_of(event_type) == family)
}

/// The part of a type before its dot: `ticket` for `ticket.opened`.
pub fn family_of(event_type: &str) -> &str {
    event_type.split('.').next().unwrap_or(event_type)
}

/// The families of [`EVENT_TYPES`], each once, in order: what `family.*` may name.
pub fn families() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for t in EVENT_TYPES {
        let family = family_of(t);
        if !out.contains(&family) {
            out.push(family);
        }
    }
    out
}

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
/// A refund is due: the payment system pays it with `data.idempotency_key`.
pub const REFUND_REQUESTED: &str = "refund.requested";
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
    let mut push = |offset: usize, at: Timestamp, announcement: Announcement, ids: Value| {
        let seq = write.expected_version + 1 + offset as u64;
        let Announcement {
            event_type,
            data,
            follow_up,
        } = announcement;
        let message_id = if follow_up {
            message_id(merchant, &format!("{name}#{event_type}"), seq)
        } else {
            message_id(merchant, &name, seq)
        };
        let mut data = data;
        if let (Some(data), Value::Object(ids)) = (data.as_object_mut(), ids) {
            data.extend(ids);
        }
        out.push(OutboxMessage {
            merchant_id: merchant.to_owned(),
            message_id,
            event_type,
            payload: json!({
                "type": event_type,
                "timestamp": at.to_string(),
                "data": data,
            })
            .to_string(),
            created_us: to_micros(at),
        });
    };
    match (&write.stream, &write.events, &write.state) {
        (StreamKey::Order { merchant, order }, Events::Order(events), State::Order(state)) => {
            for (offset, event) in events.iter().enumerate() {
                for announcement in order_announcements(&event.change, state) {
                    let ids = json!({
                        "merchant_id": merchant.as_str(),
                        "order_id": order.as_str(),
                    });
                    push(offset, event.at, announcement, ids);
                }
            }
        }
        (StreamKey::Merchant(merchant), Events::Merchant(events), _) => {
            for (offset, event) in events.iter().enumerate() {
                let ids = json!({ "merchant_id": merchant.as_str() });
                push(offset, event.at, merchant_announcement(&event.change), ids);
            }
        }
        (StreamKey::Buyer(buyer), Events::Buyer(events), _) => {
            for (offset, event) in events.iter().enumerate() {
                // Platform-wide: the empty merchant reaches platform-wide subscriptions only.
                push(
                    offset,
                    event.at,
                    buyer_announcement(buyer.as_str(), &event.change),
                    json!({}),
                );
            }
        }
        (StreamKey::Creator(creator), Events::Creator(events), _) => {
            for (offset, event) in events.iter().enumerate() {
                // Platform-wide, like a buyer's.
                push(
                    offset,
                    event.at,
                    creator_announcement(creator.as_str(), &event.change),
                    json!({}),
                );
            }
        }
        (StreamKey::Policy, Events::Policy(events), _) => {
            for (offset, event) in events.iter().enumerate() {
                // Platform-wide, like a buyer's: the version is the stream's sequence number.
                let version = write.expected_version + 1 + offset as u64;
                push(
                    offset,
                    event.at,
                    policy_announcement(version, &event.change),
                    json!({}),
                );
            }
        }
        (stream, events, _) => panic!("{events:?} do not belong to {stream:?}"),
    }
    out
}

/// A message's id: `msg_` and 32 hex digits of the merchant, the stream's name (with
/// `#type` for a follow-up announcement) and the sequence number.
pub fn message_id(merchant: &str, stream: &str, seq: u64) -> String {
    let digest = Sha256::digest(format!("{merchant}\0{stream}\0{seq}").as_bytes());
    let hex = hex::encode(&digest[..16]);
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

#[cfg(test)]
mod tests;
