//! The event log and its projections behind one [`Store`] trait.
//!
//! Architecture Invariant: the store never decides anything. It appends the events the
//! engine decided, checks the stream version it was told to expect, and writes the
//! projections that follow from the new state, all in one transaction. Projections are a
//! pure function of aggregate state ([`projection`]), which is why `replay` can prove them.
//!
//! Architecture Invariant: only this crate knows SQL and the stored JSON form of events.

mod any;
pub mod api;
pub mod backup;
pub mod codec;
mod commit;
pub mod days;
pub mod feed;
mod ids;
pub mod jetstream;
pub mod outbox;
pub mod postgres;
pub mod projection;
pub mod redact;
pub mod sqlite;
pub mod staff;
pub mod stream;
mod trace;
pub mod webhooks;

pub use any::AnyStore;
pub use postgres::PgStore;
pub use redact::{redact_url, redact_urls_in};
pub use sqlite::{SqliteOptions, SqliteStore};
pub use stream::{Events, State, StreamKey};

use redress_domain::metrics::DayFigures;
use redress_domain::{
    CreatorId, Date, DeadlineKind, MerchantId, OrderId, SignedDuration, TicketId, Timestamp,
};
use std::collections::BTreeMap;
use std::future::Future;

/// A failure of the storage layer. Domain refusals never arrive here.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("PostgreSQL error: {0}")]
    Postgres(#[from] sqlx::Error),
    #[error("stored event {stream}#{seq} cannot be read: {source}")]
    Corrupt {
        stream: String,
        seq: u64,
        source: codec::CodecError,
    },
    #[error("database settings are unsafe: {0}")]
    UnsafeSettings(String),
    #[error("migration {name} failed: {source}")]
    Migration {
        name: &'static str,
        source: rusqlite::Error,
    },
    #[error("migration {name} failed: {source}")]
    PostgresMigration {
        name: &'static str,
        source: sqlx::Error,
    },
    #[error(
        "the database was written by a newer redress (schema {found}, this build knows {known})"
    )]
    SchemaTooNew { found: i64, known: i64 },
    #[error("storage task failed: {0}")]
    Task(String),
    #[error("{0}")]
    Invalid(String),
}

/// The first result of an idempotent command, kept so that a retry returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyRecord {
    pub key: String,
    /// A digest of the command; the same key with another command is refused.
    pub fingerprint: String,
    /// The receipt, as JSON.
    pub receipt: String,
}

/// An idempotency record as stored, for copying between stores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredIdempotency {
    pub merchant_id: String,
    pub key: String,
    pub fingerprint: String,
    pub receipt: String,
    pub created_us: i64,
}

/// One stream's share of a batch.
#[derive(Clone, Debug)]
pub struct Write {
    pub stream: StreamKey,
    /// The stream version the events were decided against.
    pub expected_version: u64,
    pub events: Events,
    /// The aggregate after the events, from which the projections are written.
    pub state: State,
    /// Idempotency keys of the commands that made these events.
    pub idempotency: Vec<IdempotencyRecord>,
    /// Other streams the events were decided on (the merchant's settings, the buyer's
    /// profile). The write conflicts if any of them moved since: an instance deciding on a
    /// cached copy that another instance has since changed must decide again. A batch never
    /// both reads and writes one stream; the writer defers such a command to the next batch.
    pub reads: Vec<Read>,
    /// What the events add to the merchant's daily figures (`merchant_days`), written in the
    /// same transaction: `redress_domain::metrics::day::delta` of the state before and after.
    pub days: BTreeMap<Date, DayFigures>,
    /// The showcase creator (达人) who sold the order, if one did: `days` add to its
    /// `creator_days` as well, in the same transaction (seed 001).
    pub creator: Option<CreatorId>,
}

/// A stream a write was decided on without writing it, at the version seen (0: no stream).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Read {
    pub stream: StreamKey,
    pub version: u64,
}

impl Write {
    /// Whether every stream this write was decided on is still at the version seen, given
    /// their current versions (`None`: no such stream).
    pub(crate) fn reads_current(&self, current: impl Fn(&StreamKey) -> Option<u64>) -> bool {
        self.reads
            .iter()
            .all(|read| current(&read.stream).unwrap_or(0) == read.version)
    }
}

/// What became of one write in a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    /// Appended; the stream is now at `version`.
    Committed { version: u64 },
    /// Another writer moved the stream, or a stream it was decided on, first; nothing of
    /// this write was stored. `actual_version` is the stream's own version as last seen.
    Conflict { actual_version: u64 },
}

/// A deadline that has come due, with what the scheduler needs to fire it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueDeadline {
    pub merchant: MerchantId,
    pub order: OrderId,
    pub ticket: TicketId,
    pub kind: DeadlineKind,
    pub due_at: Timestamp,
}

/// How a replay compared with the live projections.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplayReport {
    pub events: u64,
    pub streams: u64,
    /// One line per differing row, `table: live … / replayed …`; empty when equal.
    pub differences: Vec<String>,
}

/// Storage for the engine. Implementations: [`SqliteStore`] (embedded, the default) and
/// [`PgStore`] (production, several instances on one database); [`AnyStore`] picks one from
/// a URL. Every method is one short transaction or read.
pub trait Store: Send + Sync + 'static {
    /// The aggregate as its events make it, or `None` for a stream with no events.
    fn load(
        &self,
        stream: &StreamKey,
    ) -> impl Future<Output = Result<Option<State>, StoreError>> + Send;

    /// Append a batch in one transaction (group commit). Each write is checked against its
    /// expected version on its own; a conflict skips that write and not the others.
    fn commit(
        &self,
        batch: Vec<Write>,
    ) -> impl Future<Output = Result<Vec<WriteOutcome>, StoreError>> + Send;

    fn idempotency(
        &self,
        merchant: &str,
        key: &str,
    ) -> impl Future<Output = Result<Option<IdempotencyRecord>, StoreError>> + Send;

    /// Which merchant an order belongs to.
    fn locate_order(
        &self,
        order: &OrderId,
    ) -> impl Future<Output = Result<Option<MerchantId>, StoreError>> + Send;

    /// Orders by id, each with the merchant it belongs to and its state, for ids that name
    /// an order (others are left out): what [`Store::locate_order`] and [`Store::load`] give
    /// one at a time, in one read where the store can. The writer reads the orders of a
    /// batch of commands it does not hold this way, rather than with two reads per command.
    fn load_orders(
        &self,
        orders: &[OrderId],
    ) -> impl Future<Output = Result<Vec<(MerchantId, OrderId, Option<State>)>, StoreError>> + Send
    {
        async move {
            let mut found = Vec::with_capacity(orders.len());
            for order in orders {
                if let Some(merchant) = self.locate_order(order).await? {
                    let key = StreamKey::Order {
                        merchant: merchant.clone(),
                        order: order.clone(),
                    };
                    let state = self.load(&key).await?;
                    found.push((merchant, order.clone(), state));
                }
            }
            Ok(found)
        }
    }

    /// Which merchant and order a ticket belongs to.
    fn locate_ticket(
        &self,
        ticket: &TicketId,
    ) -> impl Future<Output = Result<Option<(MerchantId, OrderId)>, StoreError>> + Send;

    /// Deadlines due at or before `now`, earliest first, at most `limit`.
    fn due_deadlines(
        &self,
        now: Timestamp,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<DueDeadline>, StoreError>> + Send;

    /// Claim deadlines due at or before `now`, earliest first, at most `limit`: each is
    /// handed to one caller until `now + lease`, and to nobody else before then. A claim ends
    /// when the lease runs out (the instance died, or firing failed) or when the ticket's
    /// state changes, since that rewrites its deadline row.
    ///
    /// The default hands out [`Store::due_deadlines`] unleased, which is only right for a
    /// store that a single instance uses, such as a test double wrapping a real store.
    fn claim_due(
        &self,
        now: Timestamp,
        limit: usize,
        lease: SignedDuration,
    ) -> impl Future<Output = Result<Vec<DueDeadline>, StoreError>> + Send {
        let _ = lease;
        self.due_deadlines(now, limit)
    }

    /// Requests waiting on a merchant whose refund handling is closed, and return-shipping
    /// claims waiting on a merchant under the measure "platform settles return-shipping
    /// claims", as their merchant-response deadlines (at most `limit`, earliest first): seed
    /// 004 makes them due at once, whenever the deadline falls. Read from the projections
    /// rather than handed over at the closure or penalty, so a crash between it and its
    /// follow-ups loses nothing. With `merchant`, only that merchant's: what its own closure
    /// or penalty makes due, found without passing over every other merchant's.
    fn closed_merchant_requests(
        &self,
        merchant: Option<&MerchantId>,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<DueDeadline>, StoreError>> + Send;

    /// When a deadline can next be claimed: the earliest due time, or for a deadline under an
    /// unexpired claim the end of its lease. `None` when there are no deadlines.
    fn next_deadline(&self) -> impl Future<Output = Result<Option<Timestamp>, StoreError>> + Send;

    /// Rebuild every projection from the event log into a scratch copy and compare.
    fn replay(&self) -> impl Future<Output = Result<ReplayReport, StoreError>> + Send;

    /// Whether anything outside this store handle committed since the last call, so that a
    /// writer's cached aggregates may be stale. The default, for a backend that cannot tell,
    /// answers no; write conflicts are still caught by the stream version check.
    fn written_elsewhere(&self) -> impl Future<Output = Result<bool, StoreError>> + Send {
        async { Ok(false) }
    }

    /// One merchant's rows of `merchant_days` from `from` to `to` inclusive, by day.
    fn merchant_days(
        &self,
        merchant: &str,
        from: Date,
        to: Date,
    ) -> impl Future<Output = Result<Vec<days::MerchantDay>, StoreError>> + Send;

    /// Every merchant's sums of `merchant_days` over `from` to `to` inclusive, merchant by
    /// merchant (`day` is `to`).
    fn days_by_merchant(
        &self,
        from: Date,
        to: Date,
    ) -> impl Future<Output = Result<Vec<days::MerchantDay>, StoreError>> + Send;

    /// One showcase creator's rows of `creator_days` from `from` to `to` inclusive, by day.
    fn creator_days(
        &self,
        creator: &str,
        from: Date,
        to: Date,
    ) -> impl Future<Output = Result<Vec<days::CreatorDay>, StoreError>> + Send;

    /// Every creator's sums of `creator_days` over `from` to `to` inclusive, creator by
    /// creator (`day` is `to`).
    fn days_by_creator(
        &self,
        from: Date,
        to: Date,
    ) -> impl Future<Output = Result<Vec<days::CreatorDay>, StoreError>> + Send;

    /// The platform's sums of `merchant_days` over `from` to `to` inclusive.
    fn platform_days(
        &self,
        from: Date,
        to: Date,
    ) -> impl Future<Output = Result<DayFigures, StoreError>> + Send;

    /// The latest weekly evaluation that finished.
    fn last_evaluation(
        &self,
    ) -> impl Future<Output = Result<Option<EvaluationRun>, StoreError>> + Send;

    /// Record that an evaluation finished (again, for a day that already has one, replaces it).
    fn record_evaluation(
        &self,
        run: &EvaluationRun,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// A weekly evaluation that finished.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvaluationRun {
    /// The evaluation day, a platform date; the window is the days before it.
    pub day: Date,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
    /// Merchants with figures in the window.
    pub merchants: u64,
    /// Penalties this run recorded (not those an earlier, interrupted run already had).
    pub penalties: u64,
    /// The stored policy version the run applied; 0 before versioned policies.
    pub policy_version: u64,
}

/// Tables derived from the log, with the columns replay compares and the columns that order
/// their rows. A deadline's claim is not derived from the log, so it is left out.
pub(crate) const PROJECTIONS: &[(&str, &str, &str)] = &[
    ("streams", "*", "merchant_id, stream"),
    ("orders", "*", "merchant_id, order_id"),
    ("tickets", "*", "merchant_id, ticket_id"),
    (
        "deadlines",
        "merchant_id, ticket_id, order_id, kind, due_us",
        "merchant_id, ticket_id",
    ),
    ("merchants", "*", "merchant_id"),
    ("strategies", "*", "merchant_id, strategy_id"),
    ("buyers", "*", "buyer_id"),
];

/// When a deadline can next be claimed, in both dialects. A claim is taken only once a
/// deadline is due and lasts past that, so a claimed deadline is next claimable at the end of
/// its lease. Two index scans (`deadlines_due`, `deadlines_claimed`) rather than a table scan.
pub(crate) const NEXT_DEADLINE_SQL: &str = "SELECT MIN(at_us) FROM (
     SELECT MIN(due_us) AS at_us FROM deadlines WHERE claimed_until_us IS NULL
     UNION ALL
     SELECT MIN(claimed_until_us) AS at_us FROM deadlines WHERE claimed_until_us IS NOT NULL
 ) AS next";

/// Microseconds since the Unix epoch: how instants are stored.
pub fn to_micros(at: Timestamp) -> i64 {
    at.as_microsecond()
}

pub fn from_micros(us: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_microsecond(us).map_err(|e| StoreError::Invalid(format!("timestamp {us}: {e}")))
}

/// The end of a lease taken at `now`, in stored microseconds; saturates rather than fails,
/// since a lease past the end of time is simply never over.
pub(crate) fn lease_end_us(now: Timestamp, lease: SignedDuration) -> i64 {
    let lease_us = i64::try_from(lease.as_micros()).unwrap_or(i64::MAX);
    to_micros(now).saturating_add(lease_us)
}
