//! PostgreSQL's side of the commit ([`crate::commit`]). Several instances write at once, so
//! the rules are held by locks: the ids a batch brings by advisory locks taken before any
//! row lock, the streams a write was decided on by `FOR SHARE`, and each version claim by
//! one conditional statement, so concurrent instances conflict per stream, never per batch.

use super::{
    DEADLOCK_ATTEMPTS_MAX, PgPool, batch, rows, upsert_creator_days, upsert_days, webhooks,
};
use crate::commit::{self, Arg, Dialect, ReadVersions, sql};
use crate::days::{CreatorDay, MerchantDay};
use crate::outbox::OutboxMessage;
use crate::stream::State;
use crate::{StoreError, Write, WriteOutcome};
use sqlx::PgConnection;
use sqlx::postgres::PgArguments;
use sqlx::query::{Query, QueryScalar};
use std::collections::{HashMap, HashSet};

/// The steps on one connection in its transaction; `clashing` names the writes whose ids
/// another order or merchant holds ([`claim_ids`], for the whole batch at once).
pub(super) struct Steps<'a> {
    pub conn: &'a mut PgConnection,
    pub clashing: &'a HashSet<usize>,
}

fn bind<'q>(
    mut query: Query<'q, sqlx::Postgres, PgArguments>,
    args: &[Arg<'q>],
) -> Query<'q, sqlx::Postgres, PgArguments> {
    for arg in args {
        query = match *arg {
            Arg::Text(text) => query.bind(text),
            Arg::Int(int) => query.bind(int),
        };
    }
    query
}

fn bind_scalar<'q>(
    mut query: QueryScalar<'q, sqlx::Postgres, i64, PgArguments>,
    args: &[Arg<'q>],
) -> QueryScalar<'q, sqlx::Postgres, i64, PgArguments> {
    for arg in args {
        query = match *arg {
            Arg::Text(text) => query.bind(text),
            Arg::Int(int) => query.bind(int),
        };
    }
    query
}

impl Dialect for Steps<'_> {
    const SQL: &'static sql::CommitSql = &sql::POSTGRES;

    async fn execute(&mut self, sql: &'static str, args: &[Arg<'_>]) -> Result<u64, StoreError> {
        let done = bind(sqlx::query(sql), args)
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected())
    }

    async fn integer(
        &mut self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<Option<i64>, StoreError> {
        Ok(bind_scalar(sqlx::query_scalar(sql), args)
            .fetch_optional(&mut *self.conn)
            .await?)
    }

    async fn ids_clash(&mut self, index: usize, _write: &Write) -> Result<bool, StoreError> {
        Ok(self.clashing.contains(&index))
    }

    async fn read_versions(&mut self, write: &Write) -> Result<ReadVersions, StoreError> {
        lock_reads(self.conn, std::slice::from_ref(write)).await
    }

    /// Nothing yet: the caller inserts the events of every committed write together, under
    /// the feed lock, right before COMMIT (see [`batch::append_events`]).
    async fn append_events(&mut self, _write: &Write, _stream: &str) -> Result<(), StoreError> {
        Ok(())
    }

    async fn write_projections(&mut self, state: &State) -> Result<(), StoreError> {
        rows::write_projections(self.conn, state).await
    }

    async fn add_days(
        &mut self,
        merchants: &[MerchantDay],
        creators: &[CreatorDay],
    ) -> Result<(), StoreError> {
        upsert_days(self.conn, merchants).await?;
        upsert_creator_days(self.conn, creators).await
    }

    async fn insert_outbox(&mut self, messages: &[OutboxMessage]) -> Result<(), StoreError> {
        webhooks::insert_outbox(self.conn, messages).await
    }
}

fn is_deadlock(error: &StoreError) -> bool {
    let StoreError::Postgres(error) = error else {
        return false;
    };
    error
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == "40P01" || code == "40001")
}

/// A batch committed again while PostgreSQL picks it as a deadlock's victim, a few times.
pub(super) async fn commit_retrying(
    pool: &PgPool,
    batch: &[Write],
) -> Result<Vec<WriteOutcome>, StoreError> {
    let mut attempt = 1;
    loop {
        match commit_batch(pool, batch).await {
            Err(error) if is_deadlock(&error) && attempt < DEADLOCK_ATTEMPTS_MAX => {
                attempt += 1;
            }
            result => return result,
        }
    }
}

async fn commit_batch(pool: &PgPool, batch: &[Write]) -> Result<Vec<WriteOutcome>, StoreError> {
    // Streams are claimed in one global order, so two instances' batches that share streams
    // wait for each other instead of deadlocking. The sort is stable: writes to one stream
    // keep their order.
    let mut order: Vec<usize> = (0..batch.len()).collect();
    order.sort_by_key(|&i| (batch[i].stream.merchant_key(), batch[i].stream.name()));
    let mut tx = pool.begin().await?;
    let clashing = claim_ids(&mut tx, batch).await?;
    if clashing.is_empty() && batch::fits(batch) {
        let outcomes = batch::commit(&mut tx, batch).await?;
        tx.commit().await?;
        return Ok(outcomes);
    }
    let mut outcomes = vec![None; batch.len()];
    let mut committed = Vec::new();
    {
        let mut steps = Steps {
            conn: &mut tx,
            clashing: &clashing,
        };
        for index in order {
            let outcome = commit::commit_write(&mut steps, index, &batch[index]).await?;
            if matches!(outcome, WriteOutcome::Committed { .. }) {
                committed.push(index);
            }
            outcomes[index] = Some(outcome);
        }
    }
    // The events of every committed write last, right before COMMIT (see crate::feed).
    let names: Vec<String> = batch.iter().map(|w| w.stream.name()).collect();
    batch::append_events(&mut tx, batch, &names, &committed).await?;
    tx.commit().await?;
    Ok(outcomes
        .into_iter()
        .map(|o| o.expect("every write has an outcome"))
        .collect())
}

/// Lock the ids the batch brings (advisory locks, in key order, before any row lock, so
/// two instances claiming overlapping ids wait rather than deadlock), then name the writes
/// whose ids another order or merchant holds (see [`crate::ids`]).
pub(super) async fn claim_ids(
    conn: &mut PgConnection,
    batch: &[Write],
) -> Result<std::collections::HashSet<usize>, StoreError> {
    use crate::ids::{self, Holder, Kind};
    let claims: Vec<ids::Claim> = batch.iter().flat_map(ids::claims).collect();
    if claims.is_empty() {
        return Ok(Default::default());
    }
    let mut keys: Vec<i64> = claims.iter().map(ids::Claim::lock_key).collect();
    keys.sort_unstable();
    keys.dedup();
    sqlx::query("SELECT pg_advisory_xact_lock(k) FROM UNNEST($1::bigint[]) AS k")
        .bind(&keys)
        .execute(&mut *conn)
        .await?;
    let of_kind = |kind| {
        claims
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.id.clone())
            .collect::<Vec<_>>()
    };
    // Read after the locks: under READ COMMITTED this statement sees what a claim that held
    // them before committed.
    let orders: Vec<(String, String)> =
        sqlx::query_as("SELECT order_id, merchant_id FROM orders WHERE order_id = ANY($1)")
            .bind(of_kind(Kind::Order))
            .fetch_all(&mut *conn)
            .await?;
    let tickets: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT ticket_id, merchant_id, order_id FROM tickets WHERE ticket_id = ANY($1)",
    )
    .bind(of_kind(Kind::Ticket))
    .fetch_all(&mut *conn)
    .await?;
    let holders = orders
        .into_iter()
        .map(|(id, merchant)| {
            let order = id.clone();
            ((Kind::Order, id), Holder { merchant, order })
        })
        .chain(
            tickets
                .into_iter()
                .map(|(id, merchant, order)| ((Kind::Ticket, id), Holder { merchant, order })),
        )
        .collect();
    Ok(ids::clashing(batch, &holders))
}

/// Read the versions of the streams `writes` were decided on and lock those rows (`FOR
/// SHARE`) until the transaction ends, so that no other instance moves them between this
/// check and the commit. A stream that does not exist yet has no row to lock: another
/// instance creating it in a transaction still open is not seen, and this commit is ordered
/// before that one (serialisable, though its answer may reach a caller first).
pub(super) async fn lock_reads(
    conn: &mut PgConnection,
    writes: &[Write],
) -> Result<ReadVersions, StoreError> {
    let (mut merchants, mut streams) = (Vec::new(), Vec::new());
    for read in writes.iter().flat_map(|w| &w.reads) {
        merchants.push(read.stream.merchant_key().to_owned());
        streams.push(read.stream.name());
    }
    if merchants.is_empty() {
        return Ok(ReadVersions(HashMap::new()));
    }
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT merchant_id, stream, version FROM streams
         WHERE (merchant_id, stream) IN (SELECT * FROM UNNEST($1::text[], $2::text[]))
         ORDER BY merchant_id, stream
         FOR SHARE",
    )
    .bind(&merchants)
    .bind(&streams)
    .fetch_all(&mut *conn)
    .await?;
    Ok(ReadVersions(
        rows.into_iter()
            .map(|(merchant, stream, version)| ((merchant, stream), version as u64))
            .collect(),
    ))
}
