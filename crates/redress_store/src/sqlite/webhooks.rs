//! [`WebhookStore`] on SQLite, and the outbox insert of the commit path. The one writer
//! connection makes every claim a single statement nobody else can interleave with.

use super::SqliteStore;
use crate::StoreError;
use crate::outbox::OutboxMessage;
use crate::webhooks::{
    ANNOUNCEMENTS_WANTED_SQL, ATTEMPTS_SQL, AfterAttempt, AnnounceCursor, AttemptRecord,
    BACKLOG_SQL, Backlog, DEAD_LETTERS_SQL, DELIVERIES_SQL, DELIVERY_COLUMNS, DeliveryRecord,
    FAN_OUT_SQL, FANNED_OUT_SQL, LIST_MAX, ListCursor, NOTICE_SQL, RECORD_ATTEMPT_SQL,
    SUBSCRIPTION_COLUMNS, SUBSCRIPTIONS_PAGE_SQL, SubscriptionPages, SubscriptionRecord,
    UNANNOUNCED_DEADLINES_SQL, WebhookStore, after_columns, announce_start, cursor_columns,
    family_pattern, split_types,
};
use rusqlite::{OptionalExtension, params};

/// The shared SQL's `$n` placeholders in SQLite's `?n` spelling.
fn dialect(sql: &str) -> String {
    sql.replace('$', "?")
}

/// Insert a committed write's outbox messages, inside the commit's transaction, and queue
/// them for JetStream.
pub(super) fn insert_outbox(
    tx: &rusqlite::Transaction<'_>,
    messages: &[OutboxMessage],
) -> Result<(), StoreError> {
    if messages.is_empty() {
        return Ok(());
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO outbox (merchant_id, message_id, event_type, payload, created_us)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for m in messages {
        insert.execute(params![
            m.merchant_id,
            m.message_id,
            m.event_type,
            m.payload,
            m.created_us
        ])?;
    }
    super::jetstream::queue(tx, messages)
}

fn subscription_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SubscriptionRecord> {
    Ok(SubscriptionRecord {
        subscription_id: r.get(0)?,
        merchant_id: r.get(1)?,
        url: r.get(2)?,
        secret: r.get(3)?,
        event_types: split_types(&r.get::<_, String>(4)?),
        enabled: r.get::<_, i64>(5)? != 0,
        created_us: r.get(6)?,
    })
}

fn delivery_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DeliveryRecord> {
    Ok(DeliveryRecord {
        merchant_id: r.get(0)?,
        delivery_id: r.get(1)?,
        subscription_id: r.get(2)?,
        message_id: r.get(3)?,
        event_type: r.get(4)?,
        payload: r.get(5)?,
        state: r.get(6)?,
        attempts: r.get::<_, i64>(7)? as u32,
        next_attempt_us: r.get(8)?,
        created_us: r.get(9)?,
    })
}

fn attempt_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AttemptRecord> {
    Ok(AttemptRecord {
        merchant_id: r.get(0)?,
        delivery_id: r.get(1)?,
        attempt: r.get::<_, i64>(2)? as u32,
        at_us: r.get(3)?,
        status_code: r.get::<_, Option<i64>>(4)?.map(|s| s as u16),
        error: r.get(5)?,
        duration_us: r.get(6)?,
    })
}

impl WebhookStore for SqliteStore {
    async fn insert_subscription(&self, s: SubscriptionRecord) -> Result<(), StoreError> {
        self.write(move |conn| {
            conn.execute(
                &format!(
                    "INSERT INTO webhook_subscriptions ({SUBSCRIPTION_COLUMNS})
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                ),
                params![
                    s.subscription_id,
                    s.merchant_id,
                    s.url,
                    s.secret,
                    s.event_types.join(","),
                    i64::from(s.enabled),
                    s.created_us
                ],
            )?;
            Ok(())
        })
        .await
    }

    async fn subscriptions(
        &self,
        owner: Option<String>,
    ) -> Result<Vec<SubscriptionRecord>, StoreError> {
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions
                 WHERE (?1 IS NULL OR merchant_id = ?1)
                 ORDER BY created_us, subscription_id LIMIT ?2"
            ))?;
            let rows = stmt
                .query_map(params![owner, LIST_MAX as i64], subscription_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn subscription(&self, id: &str) -> Result<Option<SubscriptionRecord>, StoreError> {
        let id = id.to_owned();
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE subscription_id = ?1"
            ))?;
            Ok(stmt.query_row([id], subscription_from_row).optional()?)
        })
        .await
    }

    async fn delete_subscription(&self, id: &str) -> Result<bool, StoreError> {
        let id = id.to_owned();
        self.write(move |conn| {
            let tx = conn.transaction()?;
            tx.execute(
                "DELETE FROM webhook_attempts WHERE (merchant_id, delivery_id) IN (
                     SELECT merchant_id, delivery_id FROM webhook_deliveries
                     WHERE subscription_id = ?1)",
                [&id],
            )?;
            tx.execute(
                "DELETE FROM webhook_deliveries WHERE subscription_id = ?1",
                [&id],
            )?;
            let deleted = tx.execute(
                "DELETE FROM webhook_subscriptions WHERE subscription_id = ?1",
                [&id],
            )?;
            tx.commit()?;
            Ok(deleted == 1)
        })
        .await
    }

    async fn fan_out(&self, now_us: i64, limit: usize) -> Result<usize, StoreError> {
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let pending: Vec<(String, String, String)> = tx
                .prepare_cached(
                    "SELECT merchant_id, message_id, event_type FROM outbox
                     WHERE fanned_out_us IS NULL
                     ORDER BY created_us, merchant_id, message_id LIMIT ?1",
                )?
                .query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?;
            for (merchant, message, event_type) in &pending {
                tx.prepare_cached(&dialect(FAN_OUT_SQL))?.execute(params![
                    now_us,
                    merchant,
                    message,
                    family_pattern(event_type)
                ])?;
                tx.prepare_cached(&dialect(FANNED_OUT_SQL))?
                    .execute(params![now_us, merchant, message])?;
            }
            tx.commit()?;
            Ok(pending.len())
        })
        .await
    }

    async fn announce_deadlines(
        &self,
        now_us: i64,
        horizon_us: i64,
        limit: usize,
    ) -> Result<usize, StoreError> {
        let wanted = self
            .read(|conn| {
                let wanted: bool = conn
                    .prepare_cached(ANNOUNCEMENTS_WANTED_SQL)?
                    .query_row([], |r| r.get(0))?;
                Ok(wanted)
            })
            .await?;
        if !wanted {
            return Ok(0);
        }
        let mut after = announce_start(now_us);
        let mut total = 0;
        loop {
            // One transaction per batch, so that commands are not held up behind a window of
            // many deadlines.
            let (announced, next) = self
                .write(move |conn| announce_batch(conn, now_us, horizon_us, limit, after))
                .await?;
            total += announced;
            match next {
                Some(next) => after = next,
                None => return Ok(total),
            }
        }
    }

    async fn claim_deliveries(
        &self,
        now_us: i64,
        until_us: i64,
        limit: usize,
    ) -> Result<Vec<DeliveryRecord>, StoreError> {
        self.write(move |conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "UPDATE webhook_deliveries SET claimed_until_us = ?2
                 WHERE (merchant_id, delivery_id) IN (
                     SELECT merchant_id, delivery_id FROM webhook_deliveries
                     WHERE state = 'pending' AND next_attempt_us <= ?1
                       AND (claimed_until_us IS NULL OR claimed_until_us <= ?1)
                     ORDER BY next_attempt_us, merchant_id, delivery_id LIMIT ?3)
                 RETURNING {DELIVERY_COLUMNS}"
            ))?;
            let mut rows = stmt
                .query_map(params![now_us, until_us, limit as i64], delivery_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            rows.sort_by(|a, b| {
                (a.next_attempt_us, &a.delivery_id).cmp(&(b.next_attempt_us, &b.delivery_id))
            });
            Ok(rows)
        })
        .await
    }

    async fn record_attempt(
        &self,
        attempt: AttemptRecord,
        after: AfterAttempt,
    ) -> Result<(), StoreError> {
        self.write(move |conn| {
            let tx = conn.transaction()?;
            tx.prepare_cached(
                "INSERT INTO webhook_attempts (merchant_id, delivery_id, attempt, at_us,
                     status_code, error, duration_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                attempt.merchant_id,
                attempt.delivery_id,
                i64::from(attempt.attempt),
                attempt.at_us,
                attempt.status_code.map(i64::from),
                attempt.error,
                attempt.duration_us
            ])?;
            let (state, next_us) = after_columns(after, attempt.at_us);
            tx.prepare_cached(&dialect(RECORD_ATTEMPT_SQL))?
                .execute(params![
                    attempt.merchant_id,
                    attempt.delivery_id,
                    i64::from(attempt.attempt),
                    state,
                    next_us
                ])?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn deliveries(
        &self,
        id: &str,
        before: Option<ListCursor>,
        limit: usize,
    ) -> Result<Vec<DeliveryRecord>, StoreError> {
        let id = id.to_owned();
        let (at_us, last) = cursor_columns(before.as_ref());
        let limit = limit.min(LIST_MAX) as i64;
        self.read(move |conn| {
            let rows = conn
                .prepare_cached(&dialect(DELIVERIES_SQL))?
                .query_map(params![id, at_us, last, limit], delivery_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn attempts(&self, delivery_ids: Vec<String>) -> Result<Vec<AttemptRecord>, StoreError> {
        if delivery_ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids = serde_json::to_string(&delivery_ids)
            .map_err(|e| StoreError::Invalid(format!("delivery ids: {e}")))?;
        self.read(move |conn| {
            let sql = ATTEMPTS_SQL.replace("{ids}", "SELECT value FROM json_each(?1)");
            let rows = conn
                .prepare_cached(&sql)?
                .query_map([ids], attempt_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn dead_letters(
        &self,
        owner: Option<String>,
        before: Option<ListCursor>,
        limit: usize,
    ) -> Result<Vec<DeliveryRecord>, StoreError> {
        let (at_us, last) = cursor_columns(before.as_ref());
        let limit = limit.min(LIST_MAX) as i64;
        self.read(move |conn| {
            let rows = conn
                .prepare_cached(&dialect(DEAD_LETTERS_SQL))?
                .query_map(params![owner, at_us, last, limit], delivery_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn delivery(&self, id: &str) -> Result<Option<DeliveryRecord>, StoreError> {
        let id = id.to_owned();
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE delivery_id = ?1"
            ))?;
            Ok(stmt.query_row([id], delivery_from_row).optional()?)
        })
        .await
    }

    async fn redeliver(&self, id: &str, now_us: i64) -> Result<bool, StoreError> {
        let id = id.to_owned();
        self.write(move |conn| {
            let changed = conn.execute(
                "UPDATE webhook_deliveries
                 SET state = 'pending', next_attempt_us = ?2, claimed_until_us = NULL
                 WHERE delivery_id = ?1",
                params![id, now_us],
            )?;
            Ok(changed > 0)
        })
        .await
    }

    async fn backlog(&self) -> Result<Backlog, StoreError> {
        self.read(|conn| {
            Ok(conn.query_row(BACKLOG_SQL, [], |r| {
                Ok(Backlog {
                    outbox_pending: r.get::<_, i64>(0)? as u64,
                    deliveries_pending: r.get::<_, i64>(1)? as u64,
                    deliveries_dead: r.get::<_, i64>(2)? as u64,
                    oldest_pending_us: r.get(3)?,
                })
            })?)
        })
        .await
    }
}

impl SubscriptionPages for SqliteStore {
    async fn subscriptions_page(
        &self,
        owner: Option<String>,
        after: Option<ListCursor>,
        limit: usize,
    ) -> Result<Vec<SubscriptionRecord>, StoreError> {
        let (at_us, last) = cursor_columns(after.as_ref());
        let limit = limit.min(LIST_MAX) as i64;
        self.read(move |conn| {
            let rows = conn
                .prepare_cached(&dialect(SUBSCRIPTIONS_PAGE_SQL))?
                .query_map(params![owner, at_us, last, limit], subscription_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
    }
}

/// One batch of [`WebhookStore::announce_deadlines`] from the cursor `after`: how many it
/// announced, and the cursor for the next batch (`None`: the window is done).
fn announce_batch(
    conn: &mut rusqlite::Connection,
    now_us: i64,
    horizon_us: i64,
    limit: usize,
    after: AnnounceCursor,
) -> Result<(usize, Option<AnnounceCursor>), StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let due: Vec<(String, String, String, String, i64)> = tx
        .prepare_cached(&dialect(UNANNOUNCED_DEADLINES_SQL))?
        .query_map(
            params![after.0, horizon_us, limit as i64, after.1, after.2],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?
        .collect::<Result<_, _>>()?;
    let mut announced = Vec::with_capacity(due.len());
    for (merchant, order, ticket, kind, due_us) in &due {
        let taken = tx
            .prepare_cached(&dialect(NOTICE_SQL))?
            .execute(params![merchant, ticket, kind, due_us, now_us])?;
        if taken == 1 {
            announced.push(crate::outbox::deadline_approaching(
                merchant, order, ticket, kind, *due_us, now_us,
            ));
        }
    }
    insert_outbox(&tx, &announced)?;
    tx.commit()?;
    let next = match due.last() {
        Some((merchant, _, ticket, _, due_us)) if due.len() == limit => {
            Some((*due_us, merchant.clone(), ticket.clone()))
        }
        _ => None,
    };
    Ok((announced.len(), next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::StatementStatus;

    /// SQLite's virtual-machine steps spent finding the deadlines to announce when `count`
    /// of them fall due at one instant, announced 100 to a batch.
    fn steps_to_announce(count: usize) -> i64 {
        let dir = tempfile::tempdir().expect("a scratch directory");
        let path = dir.path().join("announce.db");
        drop(SqliteStore::open(&path).expect("opens"));
        let mut conn =
            super::super::connect(&path, super::super::READER_CACHE_KIB).expect("connects");
        let tx = conn.transaction().expect("a transaction");
        for n in 0..count {
            tx.execute(
                "INSERT INTO deadlines (merchant_id, ticket_id, order_id, kind, due_us)
                 VALUES (?1, ?2, 'O', 'merchant_response', 5000)",
                params![format!("M-{}", n % 7), format!("T-{n:06}")],
            )
            .expect("inserts");
        }
        tx.commit().expect("commits");
        let mut after = announce_start(1_000);
        let mut announced = 0;
        loop {
            let (n, next) = announce_batch(&mut conn, 1_000, 9_000, 100, after).expect("announces");
            announced += n;
            match next {
                Some(next) => after = next,
                None => break,
            }
        }
        assert_eq!(announced, count);
        let stmt = conn
            .prepare_cached(&dialect(UNANNOUNCED_DEADLINES_SQL))
            .expect("cached");
        i64::from(stmt.get_status(StatementStatus::VmStep))
    }

    /// Twice the deadlines, about twice the work: each batch starts where the last stopped.
    /// A query that passes over the deadlines already announced does about four times.
    #[test]
    fn announcing_a_window_is_linear_in_its_deadlines() {
        let (one, two) = (steps_to_announce(2_000), steps_to_announce(4_000));
        let ratio = two as f64 / one as f64;
        assert!(
            (1.8..2.4).contains(&ratio),
            "{one} steps for 2,000 deadlines, {two} for 4,000: ratio {ratio:.2}"
        );
    }
}
