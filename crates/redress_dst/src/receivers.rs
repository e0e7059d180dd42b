//! Webhook receivers of a world: the delivery round of `redress_engine::delivery` on the
//! virtual clock, with seeded receivers that answer, fail, time out, go down and recover;
//! and the checks that every webhook and feed message corresponds to exactly one event.

use crate::check::Failure;
use crate::plan::{self, Receive};
use redress_domain::{SignedDuration, Timestamp};
use redress_engine::delivery::{Answer, DeliveryRules, Outgoing, Sender, Sent, deliver_due};
use redress_store::feed::{FeedEvent, feed_type};
use redress_store::outbox::{EVENT_TYPES, PUBLIC_TYPES, TICKET_DEADLINE_APPROACHING, message_id};
use redress_store::sqlite::StoredEvent;
use redress_store::webhooks::{DeliveryRecord, ListCursor, SubscriptionRecord, WebhookStore};
use redress_store::{AnyStore, StoreError};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

/// The world's delivery rules: few attempts and short waits, so that worlds see retries and
/// dead letters within their steps.
pub fn rules() -> DeliveryRules {
    DeliveryRules {
        attempts_max: 4,
        backoff_first: SignedDuration::from_secs(60),
        backoff_max: SignedDuration::from_mins(30),
        lease: SignedDuration::from_secs(60),
        batch_max: 50,
        deadline_notice: SignedDuration::from_hours(12),
    }
}

fn url(receiver: u64) -> String {
    format!("sim://receiver/{receiver}")
}

fn subscription_id(receiver: u64) -> String {
    format!("sub{receiver}")
}

/// What each receiver is doing and what it got.
#[derive(Debug, Default)]
pub struct Receivers {
    inner: Mutex<BTreeMap<u64, Receiver>>,
}

#[derive(Debug)]
struct Receiver {
    mode: Receive,
    /// Message ids taken, with how many times.
    got: BTreeMap<String, u32>,
}

/// What the deliveries of a world did, for the report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeliveryStats {
    pub attempts: u64,
    pub delivered: u64,
    pub failed: u64,
    pub dead: u64,
}

impl Receivers {
    /// Subscribe the world's receivers, created at `at`, before any event.
    pub async fn subscribe(store: &AnyStore, at: Timestamp) -> Result<Receivers, String> {
        let receivers = Receivers::default();
        for r in 0..plan::RECEIVERS {
            let (merchant, types) = match r {
                0 => (None, vec!["*".to_owned()]),
                m => (
                    Some(format!("m{}", m - 1)),
                    vec!["ticket.*".to_owned(), "refund.*".to_owned()],
                ),
            };
            store
                .insert_subscription(SubscriptionRecord {
                    subscription_id: subscription_id(r),
                    merchant_id: merchant,
                    url: url(r),
                    secret: "whsec_c2ltdWxhdGVk".to_owned(),
                    event_types: types,
                    enabled: true,
                    created_us: at.as_microsecond(),
                })
                .await
                .map_err(|e| format!("a subscription is not stored: {e}"))?;
            receivers.lock().insert(
                r,
                Receiver {
                    mode: Receive::Up,
                    got: BTreeMap::new(),
                },
            );
        }
        Ok(receivers)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Receiver>> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn set(&self, receiver: u8, mode: Receive) {
        if let Some(r) = self.lock().get_mut(&u64::from(receiver)) {
            r.mode = mode;
        }
    }

    /// One delivery round at `now`: the attempts made.
    pub async fn deliver(&self, store: &AnyStore, now: Timestamp) -> Result<usize, StoreError> {
        deliver_due(store, &rules(), now, self).await
    }

    /// Every receiver up, every dead letter redelivered, and rounds at later and later
    /// instants until nothing is left to attempt: what an operator's redelivery and a
    /// receiver's recovery lead to.
    pub async fn settle(&self, store: &AnyStore, from: Timestamp) -> Result<(), Failure> {
        let storage = |e: StoreError| Failure::new("store_answers", format!("delivery: {e}"));
        for r in self.lock().values_mut() {
            r.mode = Receive::Up;
        }
        let mut at = from;
        for _ in 0..=rules().attempts_max + 2 {
            let dead = store.dead_letters(None, None, 200).await.map_err(storage)?;
            for d in &dead {
                store
                    .redeliver(&d.delivery_id, at.as_microsecond())
                    .await
                    .map_err(storage)?;
            }
            self.deliver(store, at).await.map_err(storage)?;
            let left = store.backlog().await.map_err(storage)?;
            if left.deliveries_pending == 0 && left.deliveries_dead == 0 && left.outbox_pending == 0
            {
                return Ok(());
            }
            at = at + rules().backoff_max + SignedDuration::from_secs(1);
        }
        Err(Failure::new(
            "webhooks_settle",
            "deliveries still attempted after every receiver came back",
        ))
    }

    /// Times each receiver took each message.
    fn got(&self, receiver: u64) -> BTreeMap<String, u32> {
        self.lock()
            .get(&receiver)
            .map(|r| r.got.clone())
            .unwrap_or_default()
    }
}

impl Sender for Receivers {
    async fn send(&self, outgoing: Outgoing<'_>) -> Sent {
        let receiver = outgoing
            .url
            .strip_prefix("sim://receiver/")
            .and_then(|n| n.parse::<u64>().ok());
        let mut all = self.lock();
        let answer = match receiver.and_then(|r| all.get_mut(&r)) {
            None => Answer::NoAnswer("could not connect".to_owned()),
            Some(r) => match r.mode {
                Receive::Up => {
                    *r.got
                        .entry(outgoing.delivery.message_id.clone())
                        .or_default() += 1;
                    Answer::Status(200)
                }
                Receive::Failing(code) => Answer::Status(code),
                Receive::TimingOut => {
                    *r.got
                        .entry(outgoing.delivery.message_id.clone())
                        .or_default() += 1;
                    Answer::NoAnswer("could not connect".to_owned())
                }
                Receive::Down => Answer::NoAnswer("could not connect".to_owned()),
            },
        };
        Sent {
            answer,
            duration_us: 0,
        }
    }
}

/// Every delivery of one subscription.
async fn deliveries_of(
    store: &AnyStore,
    subscription: &str,
) -> Result<Vec<DeliveryRecord>, Failure> {
    let storage = |e: StoreError| Failure::new("store_answers", format!("deliveries: {e}"));
    let mut all = Vec::new();
    let mut before: Option<ListCursor> = None;
    loop {
        let page = store
            .deliveries(subscription, before.clone(), 200)
            .await
            .map_err(storage)?;
        let Some(last) = page.last() else {
            return Ok(all);
        };
        before = Some(ListCursor {
            at_us: last.created_us,
            id: last.delivery_id.clone(),
        });
        let full = page.len() == 200;
        all.extend(page);
        if !full {
            return Ok(all);
        }
    }
}

/// The webhook types that follow up an event's own announcement (`refund.requested`,
/// `ticket.closed`, …): announced with an id of their own, derived from the event's.
fn follow_up_types() -> Vec<&'static str> {
    EVENT_TYPES
        .iter()
        .copied()
        .filter(|t| *t != TICKET_DEADLINE_APPROACHING && !PUBLIC_TYPES.iter().any(|(p, _)| p == t))
        .collect()
}

/// The checks of webhooks and the feed against the log (`events`, all of it). `fanned` is
/// the log position up to which a delivery round has fanned the outbox out; `settled`: every
/// delivery has been made, so every message must have reached its receivers.
pub async fn check(
    store: &AnyStore,
    receivers: &Receivers,
    events: &[StoredEvent],
    fanned: i64,
    settled: bool,
) -> Result<(), Failure> {
    // The feed: one entry per event, its id the event's own, its type the event's.
    let mut first_ids: HashMap<String, (&StoredEvent, &'static str)> = HashMap::new();
    let mut follow_ids: HashMap<String, &StoredEvent> = HashMap::new();
    let follow_types = follow_up_types();
    for event in events {
        let feed = FeedEvent::from_stored(event).map_err(|e| {
            Failure::new(
                "feed_matches_log",
                format!(
                    "event {} #{} ({}) has no feed entry: {e}",
                    event.stream, event.seq, event.kind
                ),
            )
        })?;
        let expected = message_id(&event.merchant_id, &event.stream, event.seq);
        if feed.id != expected || feed.seq != event.seq || feed.position != event.position {
            return Err(Failure::new(
                "feed_matches_log",
                format!(
                    "event {} #{} at {} is served as {} #{} at {}, id {} (expected {expected})",
                    event.stream,
                    event.seq,
                    event.position,
                    feed.id,
                    feed.seq,
                    feed.position,
                    feed.id
                ),
            ));
        }
        if first_ids
            .insert(expected.clone(), (event, feed.event_type))
            .is_some()
        {
            return Err(Failure::new(
                "feed_matches_log",
                format!("two events have the feed id {expected}"),
            ));
        }
        for t in &follow_types {
            let id = message_id(
                &event.merchant_id,
                &format!("{}#{t}", event.stream),
                event.seq,
            );
            follow_ids.insert(id, event);
        }
    }
    // Webhooks: the platform-wide receiver's subscription takes every message.
    let all = deliveries_of(store, &subscription_id(0)).await?;
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for d in &all {
        if !seen.insert(&d.message_id) {
            return Err(Failure::new(
                "webhook_once_per_event",
                format!(
                    "message {} ({}) was fanned out twice to one subscription",
                    d.message_id, d.event_type
                ),
            ));
        }
        if d.event_type == TICKET_DEADLINE_APPROACHING {
            continue;
        }
        match (first_ids.get(&d.message_id), follow_ids.get(&d.message_id)) {
            (Some((event, t)), _) => {
                if *t != d.event_type {
                    return Err(Failure::new(
                        "webhook_matches_event",
                        format!(
                            "message {} announces {} as {}, the feed as {t}",
                            d.message_id, event.kind, d.event_type
                        ),
                    ));
                }
            }
            (None, Some(_)) => {}
            (None, None) => {
                return Err(Failure::new(
                    "webhook_matches_event",
                    format!(
                        "message {} ({}, {}) corresponds to no event of the log",
                        d.message_id, d.event_type, d.payload
                    ),
                ));
            }
        }
    }
    // None missing: every event fanned out so far that has a public type was announced.
    for event in events.iter().filter(|e| e.position <= fanned) {
        let id = message_id(&event.merchant_id, &event.stream, event.seq);
        if feed_type(&event.kind).is_some() && !seen.contains(id.as_str()) {
            return Err(Failure::new(
                "webhook_matches_event",
                format!(
                    "event {} #{} ({}) at position {} was never announced (message {id})",
                    event.stream, event.seq, event.kind, event.position
                ),
            ));
        }
    }
    // Scope: a merchant's receiver gets its merchant's messages of its types only.
    for r in 1..plan::RECEIVERS {
        let merchant = format!("m{}", r - 1);
        for d in deliveries_of(store, &subscription_id(r)).await? {
            let family = d.event_type.split('.').next().unwrap_or("");
            if d.merchant_id != merchant || !["ticket", "refund"].contains(&family) {
                return Err(Failure::new(
                    "scope",
                    format!(
                        "merchant {merchant}'s webhook subscription got {} ({}) of merchant {:?}",
                        d.message_id, d.event_type, d.merchant_id
                    ),
                ));
            }
            if settled {
                delivered(r, &d, &receivers.got(r))?;
            }
        }
    }
    if settled {
        let got = receivers.got(0);
        for d in &all {
            delivered(0, d, &got)?;
        }
        if let Some(stray) = got.keys().find(|m| !seen.contains(m.as_str())) {
            return Err(Failure::new(
                "webhook_matches_event",
                format!("receiver 0 got message {stray}, which no delivery holds"),
            ));
        }
    }
    Ok(())
}

fn delivered(
    receiver: u64,
    d: &DeliveryRecord,
    got: &BTreeMap<String, u32>,
) -> Result<(), Failure> {
    if d.state != "delivered" || !got.contains_key(&d.message_id) {
        return Err(Failure::new(
            "webhooks_settle",
            format!(
                "after every receiver came back, delivery {} is {} after {} attempts and receiver {receiver} got it {} times",
                d.delivery_id,
                d.state,
                d.attempts,
                got.get(&d.message_id).copied().unwrap_or(0)
            ),
        ));
    }
    Ok(())
}

/// How the world's deliveries went, from the store's delivery records.
pub async fn stats(store: &AnyStore) -> DeliveryStats {
    let mut stats = DeliveryStats::default();
    for r in 0..plan::RECEIVERS {
        let Ok(all) = deliveries_of(store, &subscription_id(r)).await else {
            continue;
        };
        for d in all {
            stats.attempts += u64::from(d.attempts);
            match d.state.as_str() {
                "delivered" => stats.delivered += 1,
                "dead" => stats.dead += 1,
                _ => {}
            }
            stats.failed += u64::from(d.attempts.saturating_sub(u32::from(d.state == "delivered")));
        }
    }
    stats
}
