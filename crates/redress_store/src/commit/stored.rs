//! Stored events and rows in the form both dialects share: encoding a write's events for
//! storage, decoding stored events back, and the columns every backend reads alike.

use crate::codec;
use crate::stream::{Events, StreamKey};
use crate::{DueDeadline, StoreError, from_micros, to_micros};
use redress_domain::{DeadlineKind, Event, MerchantId, OrderId, TicketId};

/// An event as stored, undecoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEvent {
    pub position: i64,
    pub merchant_id: String,
    pub stream: String,
    pub seq: u64,
    pub kind: String,
    pub at_us: i64,
    pub actor: String,
    pub payload: String,
}

/// No events yet, of the stream's kind.
pub(crate) fn empty_events(key: &StreamKey) -> Events {
    match key {
        StreamKey::Order { .. } => Events::Order(Vec::new()),
        StreamKey::Merchant(_) => Events::Merchant(Vec::new()),
        StreamKey::Buyer(_) => Events::Buyer(Vec::new()),
        StreamKey::Creator(_) => Events::Creator(Vec::new()),
        StreamKey::Policy => Events::Policy(Vec::new()),
    }
}

/// Decode one stored event onto the end of `events`; a row that no longer decodes names
/// its stream and sequence number.
pub(crate) fn decode_into(
    events: &mut Events,
    stream: &str,
    seq: u64,
    kind: &str,
    at_us: i64,
    actor: &str,
    payload: &str,
) -> Result<(), StoreError> {
    let corrupt = |source| StoreError::Corrupt {
        stream: stream.to_owned(),
        seq,
        source,
    };
    let at = from_micros(at_us)?;
    let actor = codec::decode_actor(actor).map_err(corrupt)?;
    match events {
        Events::Order(list) => list.push(Event {
            at,
            actor,
            change: codec::decode_order_change(kind, payload).map_err(corrupt)?,
        }),
        Events::Merchant(list) => list.push(Event {
            at,
            actor,
            change: codec::decode_merchant_change(kind, payload).map_err(corrupt)?,
        }),
        Events::Buyer(list) => list.push(Event {
            at,
            actor,
            change: codec::decode_buyer_change(kind, payload).map_err(corrupt)?,
        }),
        Events::Creator(list) => list.push(Event {
            at,
            actor,
            change: codec::decode_creator_change(kind, payload).map_err(corrupt)?,
        }),
        Events::Policy(list) => list.push(Event {
            at,
            actor,
            change: codec::decode_policy_change(kind, payload).map_err(corrupt)?,
        }),
    }
    Ok(())
}

/// The stored kind, time, actor and payload of each new event.
pub(crate) fn encode(events: &Events) -> Vec<(&'static str, i64, String, String)> {
    fn one<C>(e: &Event<C>, encoded: codec::EncodedChange) -> (&'static str, i64, String, String) {
        (
            encoded.kind,
            to_micros(e.at),
            codec::encode_actor(&e.actor),
            encoded.payload,
        )
    }
    match events {
        Events::Order(list) => list
            .iter()
            .map(|e| one(e, codec::encode_order_change(&e.change)))
            .collect(),
        Events::Merchant(list) => list
            .iter()
            .map(|e| one(e, codec::encode_merchant_change(&e.change)))
            .collect(),
        Events::Buyer(list) => list
            .iter()
            .map(|e| one(e, codec::encode_buyer_change(&e.change)))
            .collect(),
        Events::Creator(list) => list
            .iter()
            .map(|e| one(e, codec::encode_creator_change(&e.change)))
            .collect(),
        Events::Policy(list) => list
            .iter()
            .map(|e| one(e, codec::encode_policy_change(&e.change)))
            .collect(),
    }
}

/// When a write happened: its first event's time in microseconds (0 without events), the
/// creation time of its idempotency keys.
pub(crate) fn write_time_us(events: &Events) -> i64 {
    let first = match events {
        Events::Order(l) => l.first().map(|e| e.at),
        Events::Merchant(l) => l.first().map(|e| e.at),
        Events::Buyer(l) => l.first().map(|e| e.at),
        Events::Creator(l) => l.first().map(|e| e.at),
        Events::Policy(l) => l.first().map(|e| e.at),
    };
    first.map_or(0, to_micros)
}

/// A stored id, parsed: one that no longer parses is reported, never skipped.
pub(crate) fn parse_id<T>(
    raw: String,
    parse: fn(&str) -> Result<T, redress_domain::IdError>,
) -> Result<T, StoreError> {
    parse(&raw).map_err(|e| StoreError::Invalid(format!("stored id {raw:?} {e}")))
}

/// Due deadlines from their stored columns, earliest first (a claim's `RETURNING` has no
/// order of its own).
pub(crate) fn due_list(
    rows: Vec<(String, String, String, String, i64)>,
) -> Result<Vec<DueDeadline>, StoreError> {
    let mut due = Vec::with_capacity(rows.len());
    for (merchant, order, ticket, kind, due_us) in rows {
        due.push(DueDeadline {
            merchant: parse_id(merchant, MerchantId::parse_stored)?,
            order: parse_id(order, OrderId::parse_stored)?,
            ticket: parse_id(ticket, TicketId::parse_stored)?,
            kind: DeadlineKind::parse(&kind)
                .ok_or_else(|| StoreError::Invalid(format!("deadline kind {kind:?}")))?,
            due_at: from_micros(due_us)?,
        });
    }
    due.sort_by(|a, b| {
        (a.due_at, a.merchant.as_str(), a.ticket.as_str()).cmp(&(
            b.due_at,
            b.merchant.as_str(),
            b.ticket.as_str(),
        ))
    });
    Ok(due)
}
