//! [`JetStreamStore`] on PostgreSQL, and the queueing of both commit paths.

use super::PgStore;
use crate::StoreError;
use crate::jetstream::{
    BACKLOG_SQL, ENABLE_SQL, JetStreamStore, PUBLISHED_SQL, QUEUED_SQL, QueuedMessage,
};
use crate::outbox::OutboxMessage;
use sqlx::{PgConnection, Row};

/// Queue outbox messages for JetStream in one statement inside the commit's transaction, once
/// it is enabled. A commit racing the first enabling may not see it: it counts as before.
pub(super) async fn queue(
    conn: &mut PgConnection,
    messages: &[OutboxMessage],
) -> Result<(), StoreError> {
    if messages.is_empty() {
        return Ok(());
    }
    let merchants: Vec<&str> = messages.iter().map(|m| m.merchant_id.as_str()).collect();
    let ids: Vec<&str> = messages.iter().map(|m| m.message_id.as_str()).collect();
    let created: Vec<i64> = messages.iter().map(|m| m.created_us).collect();
    sqlx::query(
        "INSERT INTO jetstream_outbox (merchant_id, message_id, created_us)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::bigint[])
         WHERE EXISTS (SELECT 1 FROM jetstream_state)",
    )
    .bind(&merchants)
    .bind(&ids)
    .bind(&created)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl JetStreamStore for PgStore {
    async fn enable_jetstream(&self, stream: &str, now_us: i64) -> Result<(), StoreError> {
        sqlx::query(ENABLE_SQL)
            .bind(stream)
            .bind(now_us)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn queued_for_jetstream(&self, limit: usize) -> Result<Vec<QueuedMessage>, StoreError> {
        let rows = sqlx::query(QUEUED_SQL)
            .bind(limit as i64)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(QueuedMessage {
                    merchant_id: r.try_get(0)?,
                    message_id: r.try_get(1)?,
                    event_type: r.try_get(2)?,
                    payload: r.try_get(3)?,
                    created_us: r.try_get(4)?,
                })
            })
            .collect()
    }

    async fn published_to_jetstream(&self, keys: Vec<(String, String)>) -> Result<(), StoreError> {
        if keys.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        for (merchant, message) in &keys {
            sqlx::query(PUBLISHED_SQL)
                .bind(merchant)
                .bind(message)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn jetstream_backlog(&self) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar(BACKLOG_SQL)
            .fetch_one(&self.pool)
            .await?;
        Ok(count as u64)
    }
}
