//! The changes feed: the event log read in commit order, with the types it is filtered by
//! and the stable JSON body each event is served with.
//!
//! Commit order is position order on both backends. SQLite has one writer at a time. On
//! PostgreSQL `events.position` comes from a sequence when the row is inserted, which is not
//! when it becomes visible: a transaction that took position 10 and commits after the one
//! that took 11 would let a reader pass 11 and never see 10. So every commit inserts its
//! events last, right before `COMMIT`, holding `POSTGRES_LOCK` (a transaction-scoped
//! advisory lock of the schema): positions are handed out one committing transaction at a
//! time, and the next one can take positions only once the previous one is visible. A reader
//! therefore always sees a prefix of the positions (with holes where a transaction rolled
//! back), and `position > cursor` never skips anything. The sequence must not cache values
//! per session (the default, `CACHE 1`), or a session could insert a position below one
//! already committed.

use crate::codec;
use crate::commit::StoredEvent;
use crate::outbox::message_id;
use serde_json::Value;

/// Most events one feed page holds.
pub const FEED_PAGE_MAX: usize = 500;

/// The advisory lock (`pg_advisory_xact_lock(class, hashtext(current_schema()))`) under which
/// a PostgreSQL commit inserts its events. The two-key form keeps it apart from the one-key
/// locks of ids and migrations.
pub(crate) const POSTGRES_LOCK: &str =
    "SELECT pg_advisory_xact_lock(1919247462, hashtext(current_schema()))";

/// Every event type of the feed and the stored event kind it names: the outbox's table, so
/// that an event has the same public name in the feed, in webhooks and on JetStream. The
/// webhooks' follow-up announcements of states (`refund.requested`, `ticket.closed`, …) are
/// not events of the log and not in the feed.
pub const FEED_TYPES: &[(&str, &str)] = crate::outbox::PUBLIC_TYPES;

/// The feed type of a stored event kind.
pub fn feed_type(kind: &str) -> Option<&'static str> {
    crate::outbox::public_type(kind)
}

/// The stored kinds a type pattern selects: a type (`ticket.approved`) or every type of one
/// prefix (`ticket.*`). `None` when it selects nothing known.
pub fn kinds_matching(pattern: &str) -> Option<Vec<&'static str>> {
    let kinds: Vec<&'static str> = match pattern.strip_suffix('*') {
        Some(prefix) if prefix.ends_with('.') => FEED_TYPES
            .iter()
            .filter(|(t, _)| t.starts_with(prefix))
            .map(|(_, k)| *k)
            .collect(),
        _ => FEED_TYPES
            .iter()
            .filter(|(t, _)| *t == pattern)
            .map(|(_, k)| *k)
            .collect(),
    };
    (!kinds.is_empty()).then_some(kinds)
}

/// Which events to read. The caller's scope arrives as `merchant` or `buyer`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedFilter {
    /// Events after this position (0: from the start).
    pub after: i64,
    /// Only this merchant's streams (its orders and its own settings).
    pub merchant: Option<String>,
    /// Only the streams of this buyer's orders.
    pub buyer: Option<String>,
    /// Only this order's stream.
    pub order: Option<String>,
    /// Only these stored kinds; `None` for every kind.
    pub kinds: Option<Vec<String>>,
    /// At most [`FEED_PAGE_MAX`] (plus one to tell whether more follow).
    pub limit: usize,
}

/// A feed event, decoded and encoded again by today's codec: rows written by earlier
/// releases come out in today's shape, with their defaults filled in.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedEvent {
    pub position: i64,
    /// Derived from the stream and sequence number like a webhook's message id, and equal to
    /// it for an event that is also announced.
    pub id: String,
    pub event_type: &'static str,
    /// `None` for a buyer's stream (buyers are platform-wide).
    pub merchant_id: Option<String>,
    pub order_id: Option<String>,
    pub ticket_id: Option<String>,
    pub buyer_id: Option<String>,
    pub seq: u64,
    pub at_us: i64,
    pub actor: String,
    /// The event's fields as the codec stores them (ticket events name their `ticket`).
    pub data: Value,
}

impl FeedEvent {
    /// Read a stored row, treating it as untrusted like every decode.
    pub fn from_stored(row: &StoredEvent) -> Result<FeedEvent, crate::StoreError> {
        let corrupt = |source| crate::StoreError::Corrupt {
            stream: row.stream.clone(),
            seq: row.seq,
            source,
        };
        let (aggregate, id) = row.stream.split_once(':').unwrap_or((&row.stream, ""));
        let encoded = match aggregate {
            "order" => codec::encode_order_change(
                &codec::decode_order_change(&row.kind, &row.payload).map_err(corrupt)?,
            ),
            "merchant" => codec::encode_merchant_change(
                &codec::decode_merchant_change(&row.kind, &row.payload).map_err(corrupt)?,
            ),
            "buyer" => codec::encode_buyer_change(
                &codec::decode_buyer_change(&row.kind, &row.payload).map_err(corrupt)?,
            ),
            // A creator's stream is platform-wide, like a buyer's (seed 001).
            "creator" => codec::encode_creator_change(
                &codec::decode_creator_change(&row.kind, &row.payload).map_err(corrupt)?,
            ),
            // The policy's stream is platform-wide and has no id.
            "policy" => codec::encode_policy_change(
                &codec::decode_policy_change(&row.kind, &row.payload).map_err(corrupt)?,
            ),
            _ => {
                return Err(crate::StoreError::Invalid(format!(
                    "event at position {} is on stream {:?} of no known aggregate",
                    row.position, row.stream
                )));
            }
        };
        let event_type = feed_type(encoded.kind).ok_or_else(|| {
            crate::StoreError::Invalid(format!("event kind {} has no feed type", encoded.kind))
        })?;
        let data: Value = serde_json::from_str(&encoded.payload)
            .map_err(|e| crate::StoreError::Invalid(format!("encoded payload: {e}")))?;
        let ticket_id = data
            .get("ticket")
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(FeedEvent {
            position: row.position,
            id: message_id(&row.merchant_id, &row.stream, row.seq),
            event_type,
            merchant_id: (!row.merchant_id.is_empty()).then(|| row.merchant_id.clone()),
            order_id: (aggregate == "order").then(|| id.to_owned()),
            ticket_id,
            buyer_id: (aggregate == "buyer").then(|| id.to_owned()),
            seq: row.seq,
            at_us: row.at_us,
            actor: row.actor.clone(),
            data,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn types_and_kinds_are_each_named_once() {
        let types: HashSet<_> = FEED_TYPES.iter().map(|(t, _)| t).collect();
        let kinds: HashSet<_> = FEED_TYPES.iter().map(|(_, k)| k).collect();
        assert_eq!(types.len(), FEED_TYPES.len());
        assert_eq!(kinds.len(), FEED_TYPES.len());
    }

    #[test]
    fn every_order_kind_the_codec_writes_has_a_type() {
        for kind in crate::codec::tests::ORDER_KINDS {
            let t = feed_type(kind).unwrap_or_else(|| panic!("{kind} has no feed type"));
            assert!(
                ["order.", "ticket.", "dispute.", "refund."]
                    .iter()
                    .any(|family| t.starts_with(family)),
                "{t}"
            );
        }
    }

    /// The policy's stream has no id and no merchant; a stored version is in the feed.
    #[test]
    fn a_stored_policy_version_reads_as_a_feed_event() {
        use redress_domain::policy_history::{PolicyChange, PolicyPut};
        let encoded = crate::codec::encode_policy_change(&PolicyChange::Put(PolicyPut {
            name: "kuaishou".to_owned(),
            toml: "name = \"kuaishou\"\n".to_owned(),
            diff: vec!["deadlines.merchant_response_hours: 48 → 24".to_owned()],
        }));
        let row = StoredEvent {
            position: 7,
            merchant_id: String::new(),
            stream: crate::stream::POLICY_STREAM.to_owned(),
            seq: 2,
            kind: encoded.kind.to_owned(),
            at_us: 0,
            actor: "operator:ops".to_owned(),
            payload: encoded.payload,
        };
        let event = FeedEvent::from_stored(&row).expect("a policy version is a feed event");
        assert_eq!(event.event_type, "policy.changed");
        assert_eq!(event.merchant_id, None);
        assert_eq!(event.order_id, None);
        assert_eq!(event.data["name"], "kuaishou", "{}", event.data);
    }

    /// A creator's stream (seed 001) is platform-wide, like a buyer's: no merchant.
    #[test]
    fn a_creators_penalty_revocation_reads_as_a_feed_event() {
        use redress_domain::creator::CreatorChange;
        let encoded = crate::codec::encode_creator_change(&CreatorChange::PenaltyRevoked {
            id: redress_domain::PenaltyId::parse("2026-03-11:dispute_rate").expect("a penalty id"),
            reason: "appeal upheld".to_owned(),
        });
        let row = StoredEvent {
            position: 9,
            merchant_id: String::new(),
            stream: "creator:c1".to_owned(),
            seq: 2,
            kind: encoded.kind.to_owned(),
            at_us: 0,
            actor: "operator:ops".to_owned(),
            payload: encoded.payload,
        };
        let event = FeedEvent::from_stored(&row).expect("a creator's event is a feed event");
        assert_eq!(event.event_type, "creator.penalty_revoked");
        assert_eq!(event.merchant_id, None);
        assert_eq!(
            event.data["id"], "2026-03-11:dispute_rate",
            "{}",
            event.data
        );
        assert_eq!(
            kinds_matching("creator.*"),
            Some(vec![
                "creator_penalised",
                "creator_penalty_appealed",
                "creator_penalty_revoked"
            ])
        );
    }

    #[test]
    fn a_pattern_selects_one_type_or_one_prefix() {
        assert_eq!(kinds_matching("ticket.approved"), Some(vec!["approved"]));
        let tickets = kinds_matching("ticket.*").expect("ticket types");
        assert_eq!(tickets.len(), 25);
        assert!(!tickets.contains(&"order_placed"));
        assert!(
            !tickets.contains(&"verdict_given"),
            "a verdict is dispute.*"
        );
        assert_eq!(
            kinds_matching("dispute.*").map(|k| k.len()),
            Some(6),
            "every dispute kind"
        );
        assert_eq!(kinds_matching("refund.*").map(|k| k.len()), Some(2));
        assert_eq!(
            kinds_matching("merchant.*").map(|k| k.len()),
            Some(11),
            "every merchant kind"
        );
        for nothing in ["ticket", "ticket.", "*", "ticket.nope", "tick*", ".*", ""] {
            assert_eq!(kinds_matching(nothing), None, "{nothing}");
        }
    }
}
