//! The commit of one write, written once for every dialect.
//!
//! A batch commits in one transaction; each write in it goes through the steps of
//! [`commit_write`], in this order:
//!
//! 1. **Ids.** Another order or merchant holds an id the write brings (see [`crate::ids`]):
//!    conflict.
//! 2. **Reads.** A stream the write was decided on moved since: conflict.
//! 3. **Version claim.** One statement checks and bumps the stream's version: a new stream
//!    must not exist yet, an existing one must still be at the version the events were
//!    decided against. No row claimed: conflict, with the version found.
//! 4. **Idempotency keys**, before anything else of the write, so that a key another write
//!    took first leaves only the claim and these keys to take back. No statement fails, so
//!    the other writes of the batch still commit.
//! 5. **Events.**
//! 6. **Projections** (`crate::projection`'s rows).
//! 7. **Daily figures and the webhook outbox.**
//!
//! The rules live here; a dialect ([`Dialect`]) says how a statement runs, gives its SQL
//! text ([`sql`]) and the steps whose statements differ in shape (the id and read checks,
//! the events, the projection rows, the figures, the outbox). A new projection is one more
//! call in step 6's implementations, nothing else.

pub(crate) mod sql;
mod stored;
#[cfg(test)]
mod tests;

pub use stored::StoredEvent;
pub(crate) use stored::{decode_into, due_list, empty_events, encode, parse_id, write_time_us};

use crate::days::{self, CreatorDay, MerchantDay};
use crate::outbox::{self, OutboxMessage};
use crate::stream::{State, StreamKey};
use crate::{StoreError, Write, WriteOutcome};
use sql::CommitSql;
use std::collections::HashMap;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// A statement's argument.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Arg<'a> {
    Text(&'a str),
    Int(i64),
}

/// The current versions of the streams a batch's writes were decided on.
#[derive(Debug, Default)]
pub(crate) struct ReadVersions(pub(crate) HashMap<(String, String), u64>);

impl ReadVersions {
    pub(crate) fn version(&self, stream: &StreamKey) -> Option<u64> {
        self.0
            .get(&(stream.merchant_key().to_owned(), stream.name()))
            .copied()
    }
}

/// How one backend runs the steps of [`commit_write`] inside its open transaction.
pub(crate) trait Dialect {
    /// The text of the statements the driver runs itself.
    const SQL: &'static CommitSql;

    /// Run `sql` with `args`; the number of rows it changed.
    async fn execute(&mut self, sql: &'static str, args: &[Arg<'_>]) -> Result<u64, StoreError>;

    /// Run `sql`, which returns one integer or no row.
    async fn integer(
        &mut self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<Option<i64>, StoreError>;

    /// Step 1: whether another order or merchant holds an id write `index` brings.
    async fn ids_clash(&mut self, index: usize, write: &Write) -> Result<bool, StoreError>;

    /// Step 2: the current versions of the streams `write` was decided on, held (where the
    /// dialect has other writers) until the transaction ends.
    async fn read_versions(&mut self, write: &Write) -> Result<ReadVersions, StoreError>;

    /// Step 5: the write's events, as `seq` `expected_version + 1` on.
    async fn append_events(&mut self, write: &Write, stream: &str) -> Result<(), StoreError>;

    /// Step 6: the projection rows of the aggregate after the write, written over what
    /// was there (`sqlite::rows`, `postgres::rows`).
    async fn write_projections(&mut self, state: &State) -> Result<(), StoreError>;

    /// Step 7: what the write adds to the daily figures.
    async fn add_days(
        &mut self,
        merchants: &[MerchantDay],
        creators: &[CreatorDay],
    ) -> Result<(), StoreError>;

    /// Step 7: the write's webhook messages.
    async fn insert_outbox(&mut self, messages: &[OutboxMessage]) -> Result<(), StoreError>;
}

/// The stream's version once `write` is committed.
pub(crate) fn version_after(write: &Write) -> u64 {
    write.expected_version + write.events.len() as u64
}

/// Commit write `index` of a batch, or answer why not; nothing of a conflicting write stays.
pub(crate) async fn commit_write<D: Dialect>(
    d: &mut D,
    index: usize,
    write: &Write,
) -> Result<WriteOutcome, StoreError> {
    let sql = D::SQL;
    let merchant = write.stream.merchant_key();
    let name = write.stream.name();
    let version = version_after(write);
    let decide_again = WriteOutcome::Conflict {
        actual_version: write.expected_version,
    };
    // 1. Ids.
    if d.ids_clash(index, write).await? {
        return Ok(decide_again);
    }
    // 2. Reads.
    let read = d.read_versions(write).await?;
    if !write.reads_current(|stream| read.version(stream)) {
        return Ok(decide_again);
    }
    // 3. The version claim.
    let claimed = if write.expected_version == 0 {
        let args = [
            Arg::Text(merchant),
            Arg::Text(&name),
            Arg::Int(version as i64),
        ];
        d.execute(sql.create_stream, &args).await?
    } else {
        let args = [
            Arg::Text(merchant),
            Arg::Text(&name),
            Arg::Int(version as i64),
            Arg::Int(write.expected_version as i64),
        ];
        d.execute(sql.bump_stream, &args).await?
    };
    if claimed == 0 {
        let actual = d
            .integer(sql.stream_version, &[Arg::Text(merchant), Arg::Text(&name)])
            .await?;
        return Ok(WriteOutcome::Conflict {
            actual_version: actual.map_or(0, |v| v as u64),
        });
    }
    // 4. Idempotency keys.
    let now_us = write_time_us(&write.events);
    let mut taken: Vec<&str> = Vec::with_capacity(write.idempotency.len());
    for record in &write.idempotency {
        let args = [
            Arg::Text(merchant),
            Arg::Text(&record.key),
            Arg::Text(&record.fingerprint),
            Arg::Text(&record.receipt),
            Arg::Int(now_us),
        ];
        if d.execute(sql.take_key, &args).await? == 0 {
            for key in taken {
                d.execute(sql.give_back_key, &[Arg::Text(merchant), Arg::Text(key)])
                    .await?;
            }
            undo_claim(d, write, &name).await?;
            // The stream did not move, but the command must be decided again: its retry
            // finds the key's first answer.
            return Ok(decide_again);
        }
        taken.push(&record.key);
    }
    // 5. Events.
    d.append_events(write, &name).await?;
    // 6. Projections.
    d.write_projections(&write.state).await?;
    // 7. Daily figures and webhooks, in the write's transaction.
    let once = || std::iter::once(write);
    d.add_days(&days::moved(once()), &days::creators_moved(once()))
        .await?;
    d.insert_outbox(&outbox::messages(write)).await?;
    Ok(WriteOutcome::Committed { version })
}

/// Take back a write's version claim, for a write that turned out to conflict after all.
pub(crate) async fn undo_claim<D: Dialect>(
    d: &mut D,
    write: &Write,
    stream: &str,
) -> Result<(), StoreError> {
    let merchant = Arg::Text(write.stream.merchant_key());
    if write.expected_version == 0 {
        d.execute(D::SQL.drop_stream, &[merchant, Arg::Text(stream)])
            .await?;
    } else {
        let expected = Arg::Int(write.expected_version as i64);
        d.execute(
            D::SQL.reset_stream,
            &[merchant, Arg::Text(stream), expected],
        )
        .await?;
    }
    Ok(())
}

/// The output of a future that never waits: a synchronous dialect's steps (SQLite's run on
/// a blocking thread and return at once).
pub(crate) fn now<F: Future>(future: F) -> F::Output {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("a synchronous dialect's step waited"),
    }
}
