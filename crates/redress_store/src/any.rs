//! One store chosen at run time from a URL, for the command line and tools: the engine stays
//! generic over [`Store`], and nothing outside this crate asks which backend it has.

use crate::commit::StoredEvent;
use crate::days::{CreatorDay, MerchantDay};
use crate::{
    DueDeadline, EvaluationRun, IdempotencyRecord, PgStore, ReplayReport, SqliteOptions,
    SqliteStore, State, Store, StoreError, StreamKey, Write, WriteOutcome,
};
use redress_domain::metrics::DayFigures;
use redress_domain::{Date, MerchantId, OrderId, SignedDuration, TicketId, Timestamp};
use std::path::Path;

/// SQLite or PostgreSQL, by delegation.
#[derive(Clone, Debug)]
pub enum AnyStore {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

impl AnyStore {
    /// `postgres://…` or `postgresql://…` opens PostgreSQL; `sqlite://PATH` or a plain path
    /// opens (creating if needed) an SQLite file.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        Self::open_with(url, SqliteOptions::default()).await
    }

    /// [`AnyStore::open`], with `sqlite` for an SQLite file (PostgreSQL has its own
    /// settings, on the server).
    pub async fn open_with(url: &str, sqlite: SqliteOptions) -> Result<Self, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(AnyStore::Postgres(PgStore::connect(url).await?));
        }
        Ok(AnyStore::Sqlite(SqliteStore::open_with(
            Path::new(sqlite_path(url)),
            sqlite,
        )?))
    }

    /// Events in global order after `after_position`, at most `limit`: the log as feeds,
    /// tools and tests read it, whichever backend holds it.
    pub async fn events_after(
        &self,
        after_position: i64,
        limit: usize,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        match self {
            AnyStore::Sqlite(store) => store.events_after(after_position, limit).await,
            AnyStore::Postgres(store) => store.events_after(after_position, limit).await,
        }
    }

    /// Whether `url` names an SQLite file, and if so which.
    pub fn sqlite_file(url: &str) -> Option<&Path> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            None
        } else {
            Some(Path::new(sqlite_path(url)))
        }
    }
}

fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").unwrap_or(url)
}

macro_rules! delegate {
    ($self:ident, $store:ident => $call:expr) => {
        match $self {
            AnyStore::Sqlite($store) => $call.await,
            AnyStore::Postgres($store) => $call.await,
        }
    };
}

impl Store for AnyStore {
    async fn load(&self, stream: &StreamKey) -> Result<Option<State>, StoreError> {
        delegate!(self, s => s.load(stream))
    }

    async fn commit(&self, batch: Vec<Write>) -> Result<Vec<WriteOutcome>, StoreError> {
        delegate!(self, s => s.commit(batch))
    }

    async fn idempotency(
        &self,
        merchant: &str,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, StoreError> {
        delegate!(self, s => s.idempotency(merchant, key))
    }

    async fn locate_order(&self, order: &OrderId) -> Result<Option<MerchantId>, StoreError> {
        delegate!(self, s => s.locate_order(order))
    }

    async fn load_orders(
        &self,
        orders: &[OrderId],
    ) -> Result<Vec<(MerchantId, OrderId, Option<State>)>, StoreError> {
        delegate!(self, s => s.load_orders(orders))
    }

    async fn locate_ticket(
        &self,
        ticket: &TicketId,
    ) -> Result<Option<(MerchantId, OrderId)>, StoreError> {
        delegate!(self, s => s.locate_ticket(ticket))
    }

    async fn due_deadlines(
        &self,
        now: Timestamp,
        limit: usize,
    ) -> Result<Vec<DueDeadline>, StoreError> {
        delegate!(self, s => s.due_deadlines(now, limit))
    }

    async fn claim_due(
        &self,
        now: Timestamp,
        limit: usize,
        lease: SignedDuration,
    ) -> Result<Vec<DueDeadline>, StoreError> {
        delegate!(self, s => s.claim_due(now, limit, lease))
    }

    async fn closed_merchant_requests(
        &self,
        merchant: Option<&MerchantId>,
        limit: usize,
    ) -> Result<Vec<DueDeadline>, StoreError> {
        delegate!(self, s => s.closed_merchant_requests(merchant, limit))
    }

    async fn next_deadline(&self) -> Result<Option<Timestamp>, StoreError> {
        delegate!(self, s => s.next_deadline())
    }

    async fn replay(&self) -> Result<ReplayReport, StoreError> {
        delegate!(self, s => s.replay())
    }

    async fn written_elsewhere(&self) -> Result<bool, StoreError> {
        delegate!(self, s => s.written_elsewhere())
    }

    async fn merchant_days(
        &self,
        merchant: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<MerchantDay>, StoreError> {
        delegate!(self, s => s.merchant_days(merchant, from, to))
    }

    async fn days_by_merchant(&self, from: Date, to: Date) -> Result<Vec<MerchantDay>, StoreError> {
        delegate!(self, s => s.days_by_merchant(from, to))
    }

    async fn creator_days(
        &self,
        creator: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<CreatorDay>, StoreError> {
        delegate!(self, s => s.creator_days(creator, from, to))
    }

    async fn days_by_creator(&self, from: Date, to: Date) -> Result<Vec<CreatorDay>, StoreError> {
        delegate!(self, s => s.days_by_creator(from, to))
    }

    async fn platform_days(&self, from: Date, to: Date) -> Result<DayFigures, StoreError> {
        delegate!(self, s => s.platform_days(from, to))
    }

    async fn last_evaluation(&self) -> Result<Option<EvaluationRun>, StoreError> {
        delegate!(self, s => s.last_evaluation())
    }

    async fn record_evaluation(&self, run: &EvaluationRun) -> Result<(), StoreError> {
        delegate!(self, s => s.record_evaluation(run))
    }
}

/// Reads of `merchant_days`, for metrics: the same on both backends.
impl AnyStore {
    /// Every stored row, for verification.
    pub async fn all_merchant_days(&self) -> Result<Vec<MerchantDay>, StoreError> {
        delegate!(self, s => s.all_merchant_days())
    }

    /// Add rows to the stored daily figures in one transaction.
    pub async fn add_merchant_days(&self, rows: Vec<MerchantDay>) -> Result<(), StoreError> {
        match self {
            AnyStore::Sqlite(s) => s.add_merchant_days(rows).await,
            AnyStore::Postgres(s) => s.add_merchant_days(&rows).await,
        }
    }
}
