//! Group commit in a fixed number of statements, whatever the batch size: each step is one
//! statement over arrays (`UNNEST`) for every write of the batch, where the per-write path
//! costs a round trip per write and step. Same outcomes as the per-write path, which stays
//! for the batches this one cannot take (two writes to one stream, or one key twice).

use super::rows;
use crate::commit::{self, encode, write_time_us};
use crate::projection::{self, DeadlineRow, OrderRow, TicketRow};
use crate::stream::State;
use crate::{StoreError, Write, WriteOutcome};
use sqlx::PgConnection;
use std::collections::HashSet;

/// Whether [`commit`] can take this batch: every stream and every idempotency key once.
pub(crate) fn fits(batch: &[Write]) -> bool {
    let mut streams = HashSet::new();
    let mut keys = HashSet::new();
    batch.iter().all(|w| {
        streams.insert((w.stream.merchant_key(), w.stream.name()))
            && w.idempotency
                .iter()
                .all(|r| keys.insert((w.stream.merchant_key(), r.key.as_str())))
    })
}

pub(crate) async fn commit(
    conn: &mut PgConnection,
    batch: &[Write],
) -> Result<Vec<WriteOutcome>, StoreError> {
    let names: Vec<String> = batch.iter().map(|w| w.stream.name()).collect();
    let read = super::commit::lock_reads(conn, batch).await?;
    let current: HashSet<usize> = (0..batch.len())
        .filter(|&i| batch[i].reads_current(|stream| read.version(stream)))
        .collect();
    let claimed = claim_versions(conn, batch, &names, &current).await?;
    let mut outcomes: Vec<Option<WriteOutcome>> = vec![None; batch.len()];
    for (i, write) in batch.iter().enumerate() {
        if !current.contains(&i) {
            outcomes[i] = Some(WriteOutcome::Conflict {
                actual_version: write.expected_version,
            });
        } else if !claimed.contains(&i) {
            let actual: Option<i64> = sqlx::query_scalar(commit::sql::POSTGRES.stream_version)
                .bind(write.stream.merchant_key())
                .bind(&names[i])
                .fetch_optional(&mut *conn)
                .await?;
            outcomes[i] = Some(WriteOutcome::Conflict {
                actual_version: actual.map_or(0, |v| v as u64),
            });
        }
    }
    let clashed = take_keys(conn, batch, &claimed).await?;
    let no_clash = HashSet::new();
    let mut steps = super::commit::Steps {
        conn: &mut *conn,
        clashing: &no_clash,
    };
    for &i in &clashed {
        commit::undo_claim(&mut steps, &batch[i], &names[i]).await?;
        outcomes[i] = Some(WriteOutcome::Conflict {
            actual_version: batch[i].expected_version,
        });
    }
    let committed: Vec<usize> = (0..batch.len())
        .filter(|i| claimed.contains(i) && !clashed.contains(i))
        .collect();
    write_projections(conn, batch, &committed).await?;
    super::upsert_days(
        conn,
        &crate::days::moved(committed.iter().map(|&i| &batch[i])),
    )
    .await?;
    super::upsert_creator_days(
        conn,
        &crate::days::creators_moved(committed.iter().map(|&i| &batch[i])),
    )
    .await?;
    // Webhooks: the committed writes' outbox messages, one statement for the batch.
    let messages: Vec<_> = committed
        .iter()
        .flat_map(|&i| crate::outbox::messages(&batch[i]))
        .collect();
    super::webhooks::insert_outbox(conn, &messages).await?;
    // Last, right before COMMIT: see `append_events`.
    append_events(conn, batch, &names, &committed).await?;
    for i in committed {
        let write = &batch[i];
        outcomes[i] = Some(WriteOutcome::Committed {
            version: write.expected_version + write.events.len() as u64,
        });
    }
    Ok(outcomes
        .into_iter()
        .map(|o| o.expect("every write has an outcome"))
        .collect())
}

/// The version claims of the writes in `candidates`: one INSERT for new streams, one UPDATE
/// for the rest. Returns the indexes of the writes that claimed their stream.
async fn claim_versions(
    conn: &mut PgConnection,
    batch: &[Write],
    names: &[String],
    candidates: &HashSet<usize>,
) -> Result<HashSet<usize>, StoreError> {
    let (mut new_i, mut old_i) = (Vec::new(), Vec::new());
    for (i, write) in batch.iter().enumerate() {
        if !candidates.contains(&i) {
            continue;
        }
        if write.expected_version == 0 {
            new_i.push(i as i64);
        } else {
            old_i.push(i as i64);
        }
    }
    let column = |indexes: &[i64], f: &dyn Fn(&Write, &str) -> i64| -> Vec<i64> {
        indexes
            .iter()
            .map(|&i| f(&batch[i as usize], &names[i as usize]))
            .collect()
    };
    let strs = |indexes: &[i64], f: &dyn Fn(usize) -> String| -> Vec<String> {
        indexes.iter().map(|&i| f(i as usize)).collect()
    };
    let mut claimed = HashSet::new();
    if !new_i.is_empty() {
        // Inserted in key order, so instances racing on the same new streams lock alike.
        let rows: Vec<i64> = sqlx::query_scalar(
            "WITH v AS (
                 SELECT * FROM UNNEST($1::bigint[], $2::text[], $3::text[], $4::bigint[])
                     AS v(i, merchant_id, stream, version)),
             inserted AS (
                 INSERT INTO streams (merchant_id, stream, version)
                 SELECT merchant_id, stream, version FROM v ORDER BY merchant_id, stream
                 ON CONFLICT (merchant_id, stream) DO NOTHING
                 RETURNING merchant_id, stream)
             SELECT v.i FROM v JOIN inserted USING (merchant_id, stream)",
        )
        .bind(&new_i)
        .bind(strs(&new_i, &|i| batch[i].stream.merchant_key().to_owned()))
        .bind(strs(&new_i, &|i| names[i].clone()))
        .bind(column(&new_i, &|w, _| {
            (w.expected_version + w.events.len() as u64) as i64
        }))
        .fetch_all(&mut *conn)
        .await?;
        claimed.extend(rows.into_iter().map(|i| i as usize));
    }
    if !old_i.is_empty() {
        let rows: Vec<i64> = sqlx::query_scalar(
            "UPDATE streams s SET version = v.version
             FROM UNNEST($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[])
                 AS v(i, merchant_id, stream, expected, version)
             WHERE s.merchant_id = v.merchant_id AND s.stream = v.stream
                 AND s.version = v.expected
             RETURNING v.i",
        )
        .bind(&old_i)
        .bind(strs(&old_i, &|i| batch[i].stream.merchant_key().to_owned()))
        .bind(strs(&old_i, &|i| names[i].clone()))
        .bind(column(&old_i, &|w, _| w.expected_version as i64))
        .bind(column(&old_i, &|w, _| {
            (w.expected_version + w.events.len() as u64) as i64
        }))
        .fetch_all(&mut *conn)
        .await?;
        claimed.extend(rows.into_iter().map(|i| i as usize));
    }
    Ok(claimed)
}

/// Insert the idempotency keys of the claimed writes; returns the writes one of whose keys
/// was already taken, with the keys they did insert already removed.
async fn take_keys(
    conn: &mut PgConnection,
    batch: &[Write],
    claimed: &HashSet<usize>,
) -> Result<Vec<usize>, StoreError> {
    let (mut index, mut merchants, mut keys, mut fingerprints, mut receipts, mut created) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    for (i, write) in batch.iter().enumerate() {
        if !claimed.contains(&i) {
            continue;
        }
        for record in &write.idempotency {
            index.push(i as i64);
            merchants.push(write.stream.merchant_key());
            keys.push(record.key.as_str());
            fingerprints.push(record.fingerprint.as_str());
            receipts.push(record.receipt.as_str());
            created.push(write_time_us(&write.events));
        }
    }
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let inserted: Vec<(i64, String)> = sqlx::query_as(
        "WITH v AS (
             SELECT * FROM UNNEST($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[],
                                  $6::bigint[])
                 AS v(i, merchant_id, key, fingerprint, receipt, created_us)),
         inserted AS (
             INSERT INTO idempotency (merchant_id, key, fingerprint, receipt, created_us)
             SELECT merchant_id, key, fingerprint, receipt, created_us FROM v
             ON CONFLICT (merchant_id, key) DO NOTHING
             RETURNING merchant_id, key)
         SELECT v.i, v.key FROM v JOIN inserted USING (merchant_id, key)",
    )
    .bind(&index)
    .bind(&merchants)
    .bind(&keys)
    .bind(&fingerprints)
    .bind(&receipts)
    .bind(&created)
    .fetch_all(&mut *conn)
    .await?;
    // A write clashed if fewer of its keys went in than it has. Keys are distinct within the
    // batch (see `fits`), so the keys a clashed write did insert are its own to take back.
    let mut clashed = Vec::new();
    for (i, write) in batch.iter().enumerate() {
        if !claimed.contains(&i) || write.idempotency.is_empty() {
            continue;
        }
        let went_in: Vec<&str> = inserted
            .iter()
            .filter(|(n, _)| *n == i as i64)
            .map(|(_, key)| key.as_str())
            .collect();
        if went_in.len() < write.idempotency.len() {
            if !went_in.is_empty() {
                sqlx::query("DELETE FROM idempotency WHERE merchant_id = $1 AND key = ANY($2)")
                    .bind(write.stream.merchant_key())
                    .bind(&went_in)
                    .execute(&mut *conn)
                    .await?;
            }
            clashed.push(i);
        }
    }
    Ok(clashed)
}

/// Insert the committed writes' events, in `committed` order, under the feed lock: positions
/// are handed out one committing transaction at a time, so position order is commit order
/// (see [`crate::feed`]). The caller commits right after, and must take no other lock
/// between: the lock is held until COMMIT and other instances wait on it.
pub(super) async fn append_events(
    conn: &mut PgConnection,
    batch: &[Write],
    names: &[String],
    committed: &[usize],
) -> Result<(), StoreError> {
    let mut columns = EventColumns::default();
    let mut owned = Vec::new();
    for &i in committed {
        let write = &batch[i];
        for (offset, (kind, at_us, actor, payload)) in encode(&write.events).into_iter().enumerate()
        {
            columns.merchants.push(write.stream.merchant_key());
            columns.streams.push(names[i].as_str());
            columns
                .seqs
                .push((write.expected_version + 1 + offset as u64) as i64);
            columns.kinds.push(kind);
            columns.ats.push(at_us);
            owned.push((actor, payload));
        }
    }
    for (actor, payload) in &owned {
        columns.actors.push(actor);
        columns.payloads.push(payload);
    }
    if columns.seqs.is_empty() {
        return Ok(());
    }
    sqlx::query(crate::feed::POSTGRES_LOCK)
        .execute(&mut *conn)
        .await?;
    insert_events(conn, &columns).await
}

/// Events given column by column, in the order they are to get their positions.
#[derive(Debug, Default)]
pub(super) struct EventColumns<'a> {
    pub merchants: Vec<&'a str>,
    pub streams: Vec<&'a str>,
    pub seqs: Vec<i64>,
    pub kinds: Vec<&'a str>,
    pub ats: Vec<i64>,
    pub actors: Vec<&'a str>,
    pub payloads: Vec<&'a str>,
}

/// Insert events in one statement, keeping their order (and so their positions).
pub(super) async fn insert_events(
    conn: &mut PgConnection,
    c: &EventColumns<'_>,
) -> Result<(), StoreError> {
    if c.seqs.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO events (merchant_id, stream, seq, kind, at_us, actor, payload)
         SELECT e.merchant_id, e.stream, e.seq, e.kind, e.at_us, e.actor, e.payload
         FROM UNNEST($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[],
                     $6::text[], $7::text[])
             WITH ORDINALITY AS e(merchant_id, stream, seq, kind, at_us, actor, payload, n)
         ORDER BY e.n",
    )
    .bind(&c.merchants)
    .bind(&c.streams)
    .bind(&c.seqs)
    .bind(&c.kinds)
    .bind(&c.ats)
    .bind(&c.actors)
    .bind(&c.payloads)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Orders, tickets and deadlines in one statement each; merchants and buyers (rare) one
/// write at a time.
async fn write_projections(
    conn: &mut PgConnection,
    batch: &[Write],
    committed: &[usize],
) -> Result<(), StoreError> {
    let mut orders: Vec<OrderRow> = Vec::new();
    let mut tickets: Vec<TicketRow> = Vec::new();
    let mut deadlines: Vec<DeadlineRow> = Vec::new();
    for &i in committed {
        match &batch[i].state {
            State::Order(order) => {
                orders.push(projection::order_row(order));
                tickets.extend(projection::ticket_rows(order));
                deadlines.extend(projection::deadline_rows(order));
            }
            state @ (State::Merchant(_)
            | State::Buyer(_)
            | State::Creator(_)
            | State::Policy(_)) => {
                rows::write_projections(conn, state).await?;
            }
        }
    }
    if orders.is_empty() {
        return Ok(());
    }
    rows::upsert_orders(conn, &orders).await?;
    rows::upsert_tickets(conn, &tickets).await?;
    rows::replace_deadlines(conn, &tickets, &deadlines).await
}
