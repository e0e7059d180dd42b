//! [`WebhookStore`] on PostgreSQL, and the outbox insert of both commit paths. Claims take
//! rows `FOR UPDATE SKIP LOCKED`, so instances sharing the database hand each due delivery
//! (and each outbox message to fan out) to one of them.

use super::PgStore;
use crate::StoreError;
use crate::outbox::OutboxMessage;
use crate::webhooks::{
    ANNOUNCEMENTS_WANTED_SQL, ATTEMPTS_SQL, AfterAttempt, AttemptRecord, BACKLOG_SQL, Backlog,
    DEAD_LETTERS_SQL, DELIVERIES_SQL, DELIVERY_COLUMNS, DeliveryRecord, FAN_OUT_SQL,
    FANNED_OUT_SQL, LIST_MAX, ListCursor, NOTICE_SQL, RECORD_ATTEMPT_SQL, SUBSCRIPTION_COLUMNS,
    SUBSCRIPTIONS_PAGE_SQL, SubscriptionPages, SubscriptionRecord, UNANNOUNCED_DEADLINES_SQL,
    WebhookStore, after_columns, announce_start, cursor_columns, family_pattern, split_types,
};
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, PgConnection, Row};

/// Insert committed writes' outbox messages in one statement, inside the commit's transaction,
/// and queue them for JetStream.
pub(super) async fn insert_outbox(
    conn: &mut PgConnection,
    messages: &[OutboxMessage],
) -> Result<(), StoreError> {
    if messages.is_empty() {
        return Ok(());
    }
    let merchants: Vec<&str> = messages.iter().map(|m| m.merchant_id.as_str()).collect();
    let ids: Vec<&str> = messages.iter().map(|m| m.message_id.as_str()).collect();
    let types: Vec<&str> = messages.iter().map(|m| m.event_type).collect();
    let payloads: Vec<&str> = messages.iter().map(|m| m.payload.as_str()).collect();
    let created: Vec<i64> = messages.iter().map(|m| m.created_us).collect();
    sqlx::query(
        "INSERT INTO outbox (merchant_id, message_id, event_type, payload, created_us)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])",
    )
    .bind(&merchants)
    .bind(&ids)
    .bind(&types)
    .bind(&payloads)
    .bind(&created)
    .execute(&mut *conn)
    .await?;
    super::jetstream::queue(conn, messages).await
}

fn subscription_from_row(r: &PgRow) -> Result<SubscriptionRecord, sqlx::Error> {
    Ok(SubscriptionRecord {
        subscription_id: r.try_get(0)?,
        merchant_id: r.try_get(1)?,
        url: r.try_get(2)?,
        secret: r.try_get(3)?,
        event_types: split_types(&r.try_get::<String, _>(4)?),
        enabled: r.try_get::<i64, _>(5)? != 0,
        created_us: r.try_get(6)?,
    })
}

fn delivery_from_row(r: &PgRow) -> Result<DeliveryRecord, sqlx::Error> {
    Ok(DeliveryRecord {
        merchant_id: r.try_get(0)?,
        delivery_id: r.try_get(1)?,
        subscription_id: r.try_get(2)?,
        message_id: r.try_get(3)?,
        event_type: r.try_get(4)?,
        payload: r.try_get(5)?,
        state: r.try_get(6)?,
        attempts: r.try_get::<i64, _>(7)? as u32,
        next_attempt_us: r.try_get(8)?,
        created_us: r.try_get(9)?,
    })
}

fn attempt_from_row(r: &PgRow) -> Result<AttemptRecord, sqlx::Error> {
    Ok(AttemptRecord {
        merchant_id: r.try_get(0)?,
        delivery_id: r.try_get(1)?,
        attempt: r.try_get::<i64, _>(2)? as u32,
        at_us: r.try_get(3)?,
        status_code: r.try_get::<Option<i64>, _>(4)?.map(|s| s as u16),
        error: r.try_get(5)?,
        duration_us: r.try_get(6)?,
    })
}

impl WebhookStore for PgStore {
    async fn insert_subscription(&self, s: SubscriptionRecord) -> Result<(), StoreError> {
        sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO webhook_subscriptions ({SUBSCRIPTION_COLUMNS})
             VALUES ($1, $2, $3, $4, $5, $6, $7)"
        )))
        .bind(s.subscription_id)
        .bind(s.merchant_id)
        .bind(s.url)
        .bind(s.secret)
        .bind(s.event_types.join(","))
        .bind(i64::from(s.enabled))
        .bind(s.created_us)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn subscriptions(
        &self,
        owner: Option<String>,
    ) -> Result<Vec<SubscriptionRecord>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions
             WHERE ($1::text IS NULL OR merchant_id = $1)
             ORDER BY created_us, subscription_id LIMIT $2"
        )))
        .bind(owner)
        .bind(LIST_MAX as i64)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(subscription_from_row)
            .collect::<Result<_, _>>()?)
    }

    async fn subscription(&self, id: &str) -> Result<Option<SubscriptionRecord>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE subscription_id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(subscription_from_row).transpose()?)
    }

    async fn delete_subscription(&self, id: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "DELETE FROM webhook_attempts a USING webhook_deliveries d
             WHERE d.merchant_id = a.merchant_id AND d.delivery_id = a.delivery_id
               AND d.subscription_id = $1",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM webhook_deliveries WHERE subscription_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let deleted = sqlx::query("DELETE FROM webhook_subscriptions WHERE subscription_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(deleted == 1)
    }

    async fn fan_out(&self, now_us: i64, limit: usize) -> Result<usize, StoreError> {
        let mut tx = self.pool.begin().await?;
        let pending: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT merchant_id, message_id, event_type FROM outbox WHERE fanned_out_us IS NULL
             ORDER BY created_us, merchant_id, message_id LIMIT $1
             FOR UPDATE SKIP LOCKED",
        )
        .bind(limit as i64)
        .fetch_all(&mut *tx)
        .await?;
        for (merchant, message, event_type) in &pending {
            sqlx::query(FAN_OUT_SQL)
                .bind(now_us)
                .bind(merchant)
                .bind(message)
                .bind(family_pattern(event_type))
                .execute(&mut *tx)
                .await?;
            sqlx::query(FANNED_OUT_SQL)
                .bind(now_us)
                .bind(merchant)
                .bind(message)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(pending.len())
    }

    async fn announce_deadlines(
        &self,
        now_us: i64,
        horizon_us: i64,
        limit: usize,
    ) -> Result<usize, StoreError> {
        let wanted: bool = sqlx::query_scalar(ANNOUNCEMENTS_WANTED_SQL)
            .fetch_one(&self.pool)
            .await?;
        if !wanted {
            return Ok(0);
        }
        let mut after = announce_start(now_us);
        let mut total = 0;
        loop {
            let mut tx = self.pool.begin().await?;
            let due: Vec<(String, String, String, String, i64)> =
                sqlx::query_as(UNANNOUNCED_DEADLINES_SQL)
                    .bind(after.0)
                    .bind(horizon_us)
                    .bind(limit as i64)
                    .bind(&after.1)
                    .bind(&after.2)
                    .fetch_all(&mut *tx)
                    .await?;
            let mut announced = Vec::with_capacity(due.len());
            for (merchant, order, ticket, kind, due_us) in &due {
                // Instances racing on one deadline: the second waits on the first's row and
                // then inserts nothing, so the deadline is announced once.
                let taken = sqlx::query(NOTICE_SQL)
                    .bind(merchant)
                    .bind(ticket)
                    .bind(kind)
                    .bind(due_us)
                    .bind(now_us)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if taken == 1 {
                    announced.push(crate::outbox::deadline_approaching(
                        merchant, order, ticket, kind, *due_us, now_us,
                    ));
                }
            }
            insert_outbox(&mut tx, &announced).await?;
            tx.commit().await?;
            total += announced.len();
            match due.last() {
                Some((merchant, _, ticket, _, due_us)) if due.len() == limit => {
                    after = (*due_us, merchant.clone(), ticket.clone());
                }
                _ => return Ok(total),
            }
        }
    }

    async fn claim_deliveries(
        &self,
        now_us: i64,
        until_us: i64,
        limit: usize,
    ) -> Result<Vec<DeliveryRecord>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "UPDATE webhook_deliveries SET claimed_until_us = $2
             WHERE (merchant_id, delivery_id) IN (
                 SELECT merchant_id, delivery_id FROM webhook_deliveries
                 WHERE state = 'pending' AND next_attempt_us <= $1
                   AND (claimed_until_us IS NULL OR claimed_until_us <= $1)
                 ORDER BY next_attempt_us, merchant_id, delivery_id LIMIT $3
                 FOR UPDATE SKIP LOCKED)
             RETURNING {DELIVERY_COLUMNS}"
        )))
        .bind(now_us)
        .bind(until_us)
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?;
        let mut rows = rows
            .iter()
            .map(delivery_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        rows.sort_by(|a, b| {
            (a.next_attempt_us, &a.delivery_id).cmp(&(b.next_attempt_us, &b.delivery_id))
        });
        Ok(rows)
    }

    async fn record_attempt(
        &self,
        attempt: AttemptRecord,
        after: AfterAttempt,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO webhook_attempts (merchant_id, delivery_id, attempt, at_us,
                 status_code, error, duration_us) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&attempt.merchant_id)
        .bind(&attempt.delivery_id)
        .bind(i64::from(attempt.attempt))
        .bind(attempt.at_us)
        .bind(attempt.status_code.map(i64::from))
        .bind(&attempt.error)
        .bind(attempt.duration_us)
        .execute(&mut *tx)
        .await?;
        let (state, next_us) = after_columns(after, attempt.at_us);
        sqlx::query(RECORD_ATTEMPT_SQL)
            .bind(&attempt.merchant_id)
            .bind(&attempt.delivery_id)
            .bind(i64::from(attempt.attempt))
            .bind(state)
            .bind(next_us)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn deliveries(
        &self,
        id: &str,
        before: Option<ListCursor>,
        limit: usize,
    ) -> Result<Vec<DeliveryRecord>, StoreError> {
        let (at_us, last) = cursor_columns(before.as_ref());
        let rows = sqlx::query(DELIVERIES_SQL)
            .bind(id)
            .bind(at_us)
            .bind(last)
            .bind(limit.min(LIST_MAX) as i64)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(delivery_from_row)
            .collect::<Result<_, _>>()?)
    }

    async fn attempts(&self, delivery_ids: Vec<String>) -> Result<Vec<AttemptRecord>, StoreError> {
        if delivery_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = ATTEMPTS_SQL.replace("{ids}", "SELECT unnest($1::text[])");
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(delivery_ids)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(attempt_from_row)
            .collect::<Result<_, _>>()?)
    }

    async fn dead_letters(
        &self,
        owner: Option<String>,
        before: Option<ListCursor>,
        limit: usize,
    ) -> Result<Vec<DeliveryRecord>, StoreError> {
        let (at_us, last) = cursor_columns(before.as_ref());
        let rows = sqlx::query(DEAD_LETTERS_SQL)
            .bind(owner)
            .bind(at_us)
            .bind(last)
            .bind(limit.min(LIST_MAX) as i64)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(delivery_from_row)
            .collect::<Result<_, _>>()?)
    }

    async fn delivery(&self, id: &str) -> Result<Option<DeliveryRecord>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE delivery_id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(delivery_from_row).transpose()?)
    }

    async fn redeliver(&self, id: &str, now_us: i64) -> Result<bool, StoreError> {
        let changed = sqlx::query(
            "UPDATE webhook_deliveries
             SET state = 'pending', next_attempt_us = $2, claimed_until_us = NULL
             WHERE delivery_id = $1",
        )
        .bind(id)
        .bind(now_us)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(changed > 0)
    }

    async fn backlog(&self) -> Result<Backlog, StoreError> {
        let row = sqlx::query(BACKLOG_SQL).fetch_one(&self.pool).await?;
        Ok(Backlog {
            outbox_pending: row.try_get::<i64, _>(0)? as u64,
            deliveries_pending: row.try_get::<i64, _>(1)? as u64,
            deliveries_dead: row.try_get::<i64, _>(2)? as u64,
            oldest_pending_us: row.try_get(3)?,
        })
    }
}

impl SubscriptionPages for PgStore {
    async fn subscriptions_page(
        &self,
        owner: Option<String>,
        after: Option<ListCursor>,
        limit: usize,
    ) -> Result<Vec<SubscriptionRecord>, StoreError> {
        let (at_us, last) = cursor_columns(after.as_ref());
        let rows = sqlx::query(SUBSCRIPTIONS_PAGE_SQL)
            .bind(owner)
            .bind(at_us)
            .bind(last)
            .bind(limit.min(LIST_MAX) as i64)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(subscription_from_row)
            .collect::<Result<_, _>>()?)
    }
}
