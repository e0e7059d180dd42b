//! What publishing to NATS JetStream needs from storage: a durable queue of the outbox rows
//! not yet acknowledged by JetStream (`jetstream_outbox`, migration 0012).
//!
//! Rows are queued in the transaction that writes their outbox row (`insert_outbox` of both
//! backends), from the moment a publisher first [enabled](JetStreamStore::enable_jetstream)
//! the database, so a committed announcement is either already acknowledged by JetStream or
//! still queued: a crash of redress (even kill -9) or an outage of NATS loses nothing. The
//! publisher deletes a row only after JetStream acknowledged it; one published again after a
//! crash between the two carries the same message id, which JetStream drops as a duplicate.

use crate::{AnyStore, Store, StoreError};
use std::future::Future;

/// One queued message: the outbox row, as published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedMessage {
    /// Empty for platform-wide messages (`buyer.*`).
    pub merchant_id: String,
    pub message_id: String,
    pub event_type: String,
    pub payload: String,
    pub created_us: i64,
}

/// The oldest queued messages first ($1 limit); both dialects.
pub(crate) const QUEUED_SQL: &str = "SELECT o.merchant_id, o.message_id, o.event_type, \
     o.payload, o.created_us
     FROM jetstream_outbox q JOIN outbox o
       ON o.merchant_id = q.merchant_id AND o.message_id = q.message_id
     ORDER BY q.created_us, q.merchant_id, q.message_id LIMIT $1";

pub(crate) const ENABLE_SQL: &str = "INSERT INTO jetstream_state (stream_name, enabled_us) \
     VALUES ($1, $2) ON CONFLICT (stream_name) DO NOTHING";

pub(crate) const PUBLISHED_SQL: &str =
    "DELETE FROM jetstream_outbox WHERE merchant_id = $1 AND message_id = $2";

pub(crate) const BACKLOG_SQL: &str = "SELECT COUNT(*) FROM jetstream_outbox";

pub trait JetStreamStore: Store {
    /// Start queueing every announcement committed from now on for JetStream; `stream` names
    /// the stream that asked. Enabling again changes nothing.
    fn enable_jetstream(
        &self,
        stream: &str,
        now_us: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Up to `limit` queued messages, oldest first.
    fn queued_for_jetstream(
        &self,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<QueuedMessage>, StoreError>> + Send;

    /// Forget messages JetStream acknowledged, by (merchant, message id).
    fn published_to_jetstream(
        &self,
        keys: Vec<(String, String)>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// How many messages wait for JetStream.
    fn jetstream_backlog(&self) -> impl Future<Output = Result<u64, StoreError>> + Send;
}

macro_rules! delegate {
    ($self:ident, $store:ident => $call:expr) => {
        match $self {
            AnyStore::Sqlite($store) => $call.await,
            AnyStore::Postgres($store) => $call.await,
        }
    };
}

impl JetStreamStore for AnyStore {
    async fn enable_jetstream(&self, stream: &str, now_us: i64) -> Result<(), StoreError> {
        delegate!(self, st => st.enable_jetstream(stream, now_us))
    }
    async fn queued_for_jetstream(&self, limit: usize) -> Result<Vec<QueuedMessage>, StoreError> {
        delegate!(self, st => st.queued_for_jetstream(limit))
    }
    async fn published_to_jetstream(&self, keys: Vec<(String, String)>) -> Result<(), StoreError> {
        delegate!(self, st => st.published_to_jetstream(keys))
    }
    async fn jetstream_backlog(&self) -> Result<u64, StoreError> {
        delegate!(self, st => st.jetstream_backlog())
    }
}
