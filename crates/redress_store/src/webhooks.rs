//! What webhook delivery needs from storage: subscriptions, fanning the outbox out into
//! deliveries, claiming due deliveries under a lease, the delivery log, dead letters and
//! redelivery. Both backends implement [`WebhookStore`] in their own `webhooks.rs`, from the
//! SQL below where the dialects agree; [`AnyStore`] delegates.
//!
//! The store decides nothing here either: when to retry and when to give up is the
//! delivery round's (`redress_engine::delivery`), handed in as [`AfterAttempt`].

use crate::{AnyStore, Store, StoreError};
use std::future::Future;

/// Most rows one list call returns.
pub const LIST_MAX: usize = 200;

/// Where a page of a list ended: the last row's instant (µs) and id. Lists run newest first
/// (deliveries, dead letters) or oldest first (subscriptions); the next page starts after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListCursor {
    pub at_us: i64,
    pub id: String,
}

/// A webhook subscription as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriptionRecord {
    pub subscription_id: String,
    /// `None`: platform-wide, an operator's, sees every merchant's events.
    pub merchant_id: Option<String>,
    pub url: String,
    /// `whsec_` and base64: kept as given out, since it signs every delivery.
    pub secret: String,
    pub event_types: Vec<String>,
    pub enabled: bool,
    pub created_us: i64,
}

/// One message for one subscription.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryRecord {
    pub merchant_id: String,
    pub delivery_id: String,
    pub subscription_id: String,
    pub message_id: String,
    pub event_type: String,
    pub payload: String,
    /// `pending`, `delivered` or `dead`.
    pub state: String,
    pub attempts: u32,
    pub next_attempt_us: i64,
    pub created_us: i64,
}

/// One attempt in the delivery log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttemptRecord {
    pub merchant_id: String,
    pub delivery_id: String,
    /// 1 for the first attempt.
    pub attempt: u32,
    pub at_us: i64,
    /// The receiver's status; `None` when no answer came (refused, timed out).
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub duration_us: i64,
}

/// What follows an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterAttempt {
    Delivered,
    /// Try again at this instant (µs).
    RetryAt(i64),
    /// Out of attempts: a dead letter until someone redelivers it.
    Dead,
}

/// What is waiting to be delivered, for `/metrics` and the operations dashboard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Backlog {
    /// Outbox messages not yet fanned out to subscriptions.
    pub outbox_pending: u64,
    /// Deliveries waiting for their first attempt or a retry.
    pub deliveries_pending: u64,
    /// Dead letters: deliveries that ran out of attempts.
    pub deliveries_dead: u64,
    /// When the oldest message still in the outbox was committed (µs).
    pub oldest_pending_us: Option<i64>,
}

/// The backlog in one query, the same in both dialects; the partial indexes on pending
/// outbox rows and pending deliveries keep the first two counts cheap.
pub(crate) const BACKLOG_SQL: &str = "SELECT
    (SELECT COUNT(*) FROM outbox WHERE fanned_out_us IS NULL),
    (SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'pending'),
    (SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'dead'),
    (SELECT MIN(created_us) FROM outbox WHERE fanned_out_us IS NULL)";

pub trait WebhookStore: Store {
    /// What is waiting to be delivered.
    fn backlog(&self) -> impl Future<Output = Result<Backlog, StoreError>> + Send;

    fn insert_subscription(
        &self,
        subscription: SubscriptionRecord,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Subscriptions, oldest first: every one (`owner: None`) or one merchant's own.
    fn subscriptions(
        &self,
        owner: Option<String>,
    ) -> impl Future<Output = Result<Vec<SubscriptionRecord>, StoreError>> + Send;

    fn subscription(
        &self,
        subscription_id: &str,
    ) -> impl Future<Output = Result<Option<SubscriptionRecord>, StoreError>> + Send;

    /// Remove a subscription with its deliveries and their log; `false` when there was none.
    fn delete_subscription(
        &self,
        subscription_id: &str,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Turn up to `limit` outbox messages not yet fanned out into one pending delivery per
    /// enabled subscription that wants them (its merchant's or platform-wide, the event type
    /// listed, created no later than the event), due at `now_us`. Returns the messages taken.
    fn fan_out(
        &self,
        now_us: i64,
        limit: usize,
    ) -> impl Future<Output = Result<usize, StoreError>> + Send;

    /// Announce the deadlines due after `now_us` and no later than `horizon_us` that were
    /// not announced yet, `limit` to a transaction: each gets a `deadline_notices` row and a
    /// `ticket.deadline_approaching` outbox message. Returns how many. Does nothing while
    /// nothing takes the announcements (`ANNOUNCEMENTS_WANTED_SQL`).
    fn announce_deadlines(
        &self,
        now_us: i64,
        horizon_us: i64,
        limit: usize,
    ) -> impl Future<Output = Result<usize, StoreError>> + Send;

    /// Claim up to `limit` pending deliveries due at `now_us`, earliest first, each for one
    /// caller until `until_us`.
    fn claim_deliveries(
        &self,
        now_us: i64,
        until_us: i64,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<DeliveryRecord>, StoreError>> + Send;

    /// Log an attempt and move its delivery on, releasing the claim.
    fn record_attempt(
        &self,
        attempt: AttemptRecord,
        after: AfterAttempt,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// A page of a subscription's deliveries, newest first (by creation, then id): up to
    /// `limit` (at most [`LIST_MAX`]) of those older than `before`.
    fn deliveries(
        &self,
        subscription_id: &str,
        before: Option<ListCursor>,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<DeliveryRecord>, StoreError>> + Send;

    /// The attempts of these deliveries (by id), in delivery and attempt order.
    fn attempts(
        &self,
        delivery_ids: Vec<String>,
    ) -> impl Future<Output = Result<Vec<AttemptRecord>, StoreError>> + Send;

    /// A page of dead deliveries, newest first, up to `limit` (at most [`LIST_MAX`]) of those
    /// older than `before`: every one (`owner: None`) or those of one merchant's
    /// subscriptions.
    fn dead_letters(
        &self,
        owner: Option<String>,
        before: Option<ListCursor>,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<DeliveryRecord>, StoreError>> + Send;

    fn delivery(
        &self,
        delivery_id: &str,
    ) -> impl Future<Output = Result<Option<DeliveryRecord>, StoreError>> + Send;

    /// Queue a delivery again, due at `now_us`, whatever its state; `false` when there is none.
    fn redeliver(
        &self,
        delivery_id: &str,
        now_us: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}

/// Columns of [`DeliveryRecord`], in its field order.
pub(crate) const DELIVERY_COLUMNS: &str = "merchant_id, delivery_id, subscription_id, \
     message_id, event_type, payload, state, attempts, next_attempt_us, created_us";
pub(crate) const SUBSCRIPTION_COLUMNS: &str =
    "subscription_id, merchant_id, url, secret, event_types, enabled, created_us";

/// One outbox message's deliveries, written once for both dialects with `$n` placeholders
/// ($1 now, $2 merchant, $3 message, $4 the message's family pattern, e.g. `ticket.*`, from
/// [`family_pattern`]). A subscription gets only events after its creation, and those whose
/// type it lists by name, by family or as `*` (`outbox::pattern_matches`, the same rule).
/// The type match uses LIKE, where `_` matches any one character; harmless because both
/// sides are names from `outbox::EVENT_TYPES`, and no two of them differ only there.
pub(crate) const FAN_OUT_SQL: &str = "INSERT INTO webhook_deliveries (merchant_id, \
     delivery_id, subscription_id, message_id, event_type, payload, state, attempts, \
     next_attempt_us, claimed_until_us, created_us)
     SELECT o.merchant_id, o.message_id || '.' || s.subscription_id, s.subscription_id,
            o.message_id, o.event_type, o.payload, 'pending', 0, $1, NULL, $1
     FROM outbox o JOIN webhook_subscriptions s
       ON s.enabled = 1
      AND (s.merchant_id IS NULL OR s.merchant_id = o.merchant_id)
      AND ((',' || s.event_types || ',') LIKE ('%,' || o.event_type || ',%')
           OR (',' || s.event_types || ',') LIKE ('%,' || CAST($4 AS TEXT) || ',%')
           OR (',' || s.event_types || ',') LIKE '%,*,%')
      AND s.created_us <= o.created_us
     WHERE o.merchant_id = $2 AND o.message_id = $3
     ON CONFLICT (merchant_id, delivery_id) DO NOTHING";

/// The family pattern that takes `event_type` (`ticket.*` for `ticket.opened`): $4 of
/// [`FAN_OUT_SQL`].
pub(crate) fn family_pattern(event_type: &str) -> String {
    format!("{}.*", crate::outbox::family_of(event_type))
}

pub(crate) const FANNED_OUT_SQL: &str =
    "UPDATE outbox SET fanned_out_us = $1 WHERE merchant_id = $2 AND message_id = $3";

/// Deadlines in the notice window not announced yet, in key order from a cursor on: $1, $4
/// and $5 the cursor (due time, merchant, ticket: the last deadline looked at), $2 the
/// horizon, $3 the limit. Each batch starts where the last one stopped, so announcing a
/// window looks at each of its deadlines once, not once per batch (docs/BENCHMARKS.md, the
/// sandbox advance). `(merchant_id, ticket_id)` is the table's key, so the cursor is exact;
/// the `deadlines_due` index orders the scan (on SQLite it carries the key after `due_us`;
/// on PostgreSQL migration 0017 adds `deadlines_due_key`).
pub(crate) const UNANNOUNCED_DEADLINES_SQL: &str = "SELECT d.merchant_id, d.order_id, \
     d.ticket_id, d.kind, d.due_us FROM deadlines d
     WHERE (d.due_us, d.merchant_id, d.ticket_id) > ($1, $4, $5) AND d.due_us <= $2
       AND NOT EXISTS (
         SELECT 1 FROM deadline_notices n
         WHERE n.merchant_id = d.merchant_id AND n.ticket_id = d.ticket_id
           AND n.kind = d.kind AND n.due_us = d.due_us)
     ORDER BY d.due_us, d.merchant_id, d.ticket_id LIMIT $3";

/// Whether anything takes `ticket.deadline_approaching`: an enabled subscription listing it
/// (by name, by family or as `*`, as [`FAN_OUT_SQL`] matches), or JetStream. Without one,
/// announcing writes notices and messages nobody receives, so it is skipped; a subscription
/// created later gets the deadlines still ahead of their notice time.
pub(crate) const ANNOUNCEMENTS_WANTED_SQL: &str = "SELECT EXISTS (
         SELECT 1 FROM webhook_subscriptions s WHERE s.enabled = 1
           AND ((',' || s.event_types || ',') LIKE '%,ticket.deadline_approaching,%'
                OR (',' || s.event_types || ',') LIKE '%,ticket.*,%'
                OR (',' || s.event_types || ',') LIKE '%,*,%'))
     OR EXISTS (SELECT 1 FROM jetstream_state)";

/// Where a batch of announcing starts: after this due time, merchant and ticket.
pub(crate) type AnnounceCursor = (i64, String, String);

/// Where announcing starts: just after `now_us` (the window excludes `now_us`), before
/// every key (ids are never empty).
pub(crate) fn announce_start(now_us: i64) -> AnnounceCursor {
    (now_us.saturating_add(1), String::new(), String::new())
}

/// Take a deadline's notice; a row already there means another instance announced it.
pub(crate) const NOTICE_SQL: &str = "INSERT INTO deadline_notices (merchant_id, ticket_id, \
     kind, due_us, noticed_us) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (merchant_id, ticket_id, kind, due_us) DO NOTHING";

pub(crate) const RECORD_ATTEMPT_SQL: &str = "UPDATE webhook_deliveries
     SET attempts = $3, state = $4, next_attempt_us = $5, claimed_until_us = NULL
     WHERE merchant_id = $1 AND delivery_id = $2";

/// A page of the delivery log ($1 subscription, $2 and $3 the cursor, $4 limit).
pub(crate) const DELIVERIES_SQL: &str = "SELECT merchant_id, delivery_id, subscription_id, \
     message_id, event_type, payload, state, attempts, next_attempt_us, created_us
     FROM webhook_deliveries WHERE subscription_id = $1
       AND (CAST($2 AS BIGINT) IS NULL OR created_us < $2
            OR (created_us = $2 AND delivery_id < CAST($3 AS TEXT)))
     ORDER BY created_us DESC, delivery_id DESC LIMIT $4";

/// The attempts of a page's deliveries; `{ids}` is each dialect's list of the ids in $1 (a
/// JSON array).
pub(crate) const ATTEMPTS_SQL: &str = "SELECT merchant_id, delivery_id, attempt, at_us, \
     status_code, error, duration_us
     FROM webhook_attempts WHERE delivery_id IN ({ids}) ORDER BY delivery_id, attempt";

/// A page of dead letters ($1 owner, $2 and $3 the cursor, $4 limit).
pub(crate) const DEAD_LETTERS_SQL: &str = "SELECT d.merchant_id, d.delivery_id, \
     d.subscription_id, d.message_id, d.event_type, d.payload, d.state, d.attempts, \
     d.next_attempt_us, d.created_us
     FROM webhook_deliveries d JOIN webhook_subscriptions s USING (subscription_id)
     WHERE d.state = 'dead' AND (CAST($1 AS TEXT) IS NULL OR s.merchant_id = $1)
       AND (CAST($2 AS BIGINT) IS NULL OR d.created_us < $2
            OR (d.created_us = $2 AND d.delivery_id < CAST($3 AS TEXT)))
     ORDER BY d.created_us DESC, d.delivery_id DESC LIMIT $4";

/// A page of subscriptions, oldest first ($1 owner, $2 and $3 the cursor, $4 limit).
pub(crate) const SUBSCRIPTIONS_PAGE_SQL: &str = "SELECT subscription_id, merchant_id, url, \
     secret, event_types, enabled, created_us FROM webhook_subscriptions
     WHERE (CAST($1 AS TEXT) IS NULL OR merchant_id = $1)
       AND (CAST($2 AS BIGINT) IS NULL OR created_us > $2
            OR (created_us = $2 AND subscription_id > CAST($3 AS TEXT)))
     ORDER BY created_us, subscription_id LIMIT $4";

/// A cursor's columns as bound parameters.
pub(crate) fn cursor_columns(cursor: Option<&ListCursor>) -> (Option<i64>, Option<String>) {
    (cursor.map(|c| c.at_us), cursor.map(|c| c.id.clone()))
}

/// The state an attempt leaves its delivery in, and when it is next due.
pub(crate) fn after_columns(after: AfterAttempt, at_us: i64) -> (&'static str, i64) {
    match after {
        AfterAttempt::Delivered => ("delivered", at_us),
        AfterAttempt::RetryAt(us) => ("pending", us),
        AfterAttempt::Dead => ("dead", at_us),
    }
}

pub(crate) fn split_types(raw: &str) -> Vec<String> {
    raw.split(',')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

macro_rules! delegate {
    ($self:ident, $store:ident => $call:expr) => {
        match $self {
            AnyStore::Sqlite($store) => $call.await,
            AnyStore::Postgres($store) => $call.await,
        }
    };
}

impl WebhookStore for AnyStore {
    async fn insert_subscription(&self, s: SubscriptionRecord) -> Result<(), StoreError> {
        delegate!(self, st => st.insert_subscription(s))
    }
    async fn subscriptions(
        &self,
        owner: Option<String>,
    ) -> Result<Vec<SubscriptionRecord>, StoreError> {
        delegate!(self, st => st.subscriptions(owner))
    }
    async fn subscription(&self, id: &str) -> Result<Option<SubscriptionRecord>, StoreError> {
        delegate!(self, st => st.subscription(id))
    }
    async fn delete_subscription(&self, id: &str) -> Result<bool, StoreError> {
        delegate!(self, st => st.delete_subscription(id))
    }
    async fn fan_out(&self, now_us: i64, limit: usize) -> Result<usize, StoreError> {
        delegate!(self, st => st.fan_out(now_us, limit))
    }
    async fn announce_deadlines(
        &self,
        now_us: i64,
        horizon_us: i64,
        limit: usize,
    ) -> Result<usize, StoreError> {
        delegate!(self, st => st.announce_deadlines(now_us, horizon_us, limit))
    }
    async fn claim_deliveries(
        &self,
        now_us: i64,
        until_us: i64,
        limit: usize,
    ) -> Result<Vec<DeliveryRecord>, StoreError> {
        delegate!(self, st => st.claim_deliveries(now_us, until_us, limit))
    }
    async fn record_attempt(
        &self,
        attempt: AttemptRecord,
        after: AfterAttempt,
    ) -> Result<(), StoreError> {
        delegate!(self, st => st.record_attempt(attempt, after))
    }
    async fn deliveries(
        &self,
        id: &str,
        before: Option<ListCursor>,
        limit: usize,
    ) -> Result<Vec<DeliveryRecord>, StoreError> {
        delegate!(self, st => st.deliveries(id, before, limit))
    }
    async fn attempts(&self, delivery_ids: Vec<String>) -> Result<Vec<AttemptRecord>, StoreError> {
        delegate!(self, st => st.attempts(delivery_ids))
    }
    async fn dead_letters(
        &self,
        owner: Option<String>,
        before: Option<ListCursor>,
        limit: usize,
    ) -> Result<Vec<DeliveryRecord>, StoreError> {
        delegate!(self, st => st.dead_letters(owner, before, limit))
    }
    async fn delivery(&self, id: &str) -> Result<Option<DeliveryRecord>, StoreError> {
        delegate!(self, st => st.delivery(id))
    }
    async fn redeliver(&self, id: &str, now_us: i64) -> Result<bool, StoreError> {
        delegate!(self, st => st.redeliver(id, now_us))
    }
    async fn backlog(&self) -> Result<Backlog, StoreError> {
        delegate!(self, st => st.backlog())
    }
}

/// Subscriptions a page at a time: the operator's list covers every merchant's, so it is paged
/// like every other list.
pub trait SubscriptionPages: WebhookStore {
    /// Up to `limit` (at most [`LIST_MAX`]) subscriptions after `after`, oldest first: every
    /// one (`owner: None`) or one merchant's own.
    fn subscriptions_page(
        &self,
        owner: Option<String>,
        after: Option<ListCursor>,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<SubscriptionRecord>, StoreError>> + Send;
}

impl SubscriptionPages for AnyStore {
    async fn subscriptions_page(
        &self,
        owner: Option<String>,
        after: Option<ListCursor>,
        limit: usize,
    ) -> Result<Vec<SubscriptionRecord>, StoreError> {
        delegate!(self, st => st.subscriptions_page(owner, after, limit))
    }
}
