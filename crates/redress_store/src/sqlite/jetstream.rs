//! [`JetStreamStore`] on SQLite, and the queueing of the commit path.

use super::SqliteStore;
use crate::StoreError;
use crate::jetstream::{
    BACKLOG_SQL, ENABLE_SQL, JetStreamStore, PUBLISHED_SQL, QUEUED_SQL, QueuedMessage,
};
use crate::outbox::OutboxMessage;
use rusqlite::{OptionalExtension, params};

fn dialect(sql: &str) -> String {
    sql.replace('$', "?")
}

/// Queue outbox messages for JetStream inside the commit's transaction, once it is enabled.
pub(super) fn queue(
    tx: &rusqlite::Transaction<'_>,
    messages: &[OutboxMessage],
) -> Result<(), StoreError> {
    if messages.is_empty() {
        return Ok(());
    }
    let enabled = tx
        .prepare_cached("SELECT 1 FROM jetstream_state LIMIT 1")?
        .query_row([], |_| Ok(()))
        .optional()?
        .is_some();
    if !enabled {
        return Ok(());
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO jetstream_outbox (merchant_id, message_id, created_us) VALUES (?1, ?2, ?3)",
    )?;
    for m in messages {
        insert.execute(params![m.merchant_id, m.message_id, m.created_us])?;
    }
    Ok(())
}

impl JetStreamStore for SqliteStore {
    async fn enable_jetstream(&self, stream: &str, now_us: i64) -> Result<(), StoreError> {
        let stream = stream.to_owned();
        self.write(move |conn| {
            conn.execute(&dialect(ENABLE_SQL), params![stream, now_us])?;
            Ok(())
        })
        .await
    }

    async fn queued_for_jetstream(&self, limit: usize) -> Result<Vec<QueuedMessage>, StoreError> {
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(&dialect(QUEUED_SQL))?;
            let rows = stmt
                .query_map([limit as i64], |r| {
                    Ok(QueuedMessage {
                        merchant_id: r.get(0)?,
                        message_id: r.get(1)?,
                        event_type: r.get(2)?,
                        payload: r.get(3)?,
                        created_us: r.get(4)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn published_to_jetstream(&self, keys: Vec<(String, String)>) -> Result<(), StoreError> {
        if keys.is_empty() {
            return Ok(());
        }
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            {
                let mut delete = tx.prepare_cached(&dialect(PUBLISHED_SQL))?;
                for (merchant, message) in &keys {
                    delete.execute(params![merchant, message])?;
                }
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn jetstream_backlog(&self) -> Result<u64, StoreError> {
        self.read(|conn| Ok(conn.query_row(BACKLOG_SQL, [], |r| r.get::<_, i64>(0))? as u64))
            .await
    }
}
