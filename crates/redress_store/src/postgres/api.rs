//! [`ApiStore`] on PostgreSQL: the same tables, rows and order as the SQLite side.

use super::PgStore;
use crate::StoreError;
use crate::api::{
    ApiKeyRecord, ApiStore, CLAIM_REQUEST_SQL, FINISH_REQUEST_SQL, MERCHANT_KNOWN_SQL,
    ORDER_PARTIES_SQL, Parties, READ_CLAIM_SQL, RELEASE_REQUEST_SQL, RequestClaim, RequestLease,
    SqlParam, StoredAnswer, TICKET_PARTIES_SQL, TicketFilter, TicketQuery, TicketRow,
};
use crate::api::{ORDER_COLUMNS, OrderFilter, OrderListRow};
use crate::commit::{StoredEvent, decode_into, empty_events};
use crate::feed::{FeedEvent, FeedFilter};
use crate::stream::{Events, StreamKey};
use redress_domain::{MerchantId, OrderEvent, OrderId};
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, Row};

const KEY_COLUMNS: &str =
    "key_id, secret_sha256, role, merchant_id, buyer_id, name, created_us, revoked_us";

fn bind(
    mut query: sqlx::query::Query<'_, sqlx::Postgres, sqlx::postgres::PgArguments>,
    params: Vec<SqlParam>,
) -> sqlx::query::Query<'_, sqlx::Postgres, sqlx::postgres::PgArguments> {
    for param in params {
        query = match param {
            SqlParam::Text(text) => query.bind(text),
            SqlParam::Int(int) => query.bind(int),
            SqlParam::Bool(b) => query.bind(b),
        };
    }
    query
}

fn key_from_row(r: &PgRow) -> Result<ApiKeyRecord, sqlx::Error> {
    Ok(ApiKeyRecord {
        key_id: r.try_get(0)?,
        secret_sha256: r.try_get(1)?,
        role: r.try_get(2)?,
        merchant_id: r.try_get(3)?,
        buyer_id: r.try_get(4)?,
        name: r.try_get(5)?,
        created_us: r.try_get(6)?,
        revoked_us: r.try_get(7)?,
    })
}

fn ticket_from_row(r: &PgRow) -> Result<TicketRow, sqlx::Error> {
    Ok(TicketRow {
        merchant_id: r.try_get(0)?,
        ticket_id: r.try_get(1)?,
        order_id: r.try_get(2)?,
        buyer_id: r.try_get(3)?,
        kind: r.try_get(4)?,
        reason: r.try_get(5)?,
        course: r.try_get(6)?,
        state: r.try_get(7)?,
        currency: r.try_get(8)?,
        amount_minor: r.try_get(9)?,
        refunded_minor: r.try_get(10)?,
        opened_us: r.try_get(11)?,
        decided_us: r.try_get(12)?,
        deadline_kind: r.try_get(13)?,
        due_us: r.try_get(14)?,
        return_signed_us: r.try_get(15)?,
        auto_rule: r.try_get(16)?,
        overdue_approved: r.try_get(17)?,
        dispute_first_us: r.try_get(18)?,
        refund_alert: r.try_get(19)?,
        version: r.try_get(20)?,
        updated_us: r.try_get(21)?,
        completed_us: r.try_get(22)?,
        merchant_responsible: r.try_get(23)?,
    })
}

impl ApiStore for PgStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn insert_api_key(&self, key: ApiKeyRecord) -> Result<(), StoreError> {
        sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO api_keys ({KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        )))
        .bind(key.key_id)
        .bind(key.secret_sha256)
        .bind(key.role)
        .bind(key.merchant_id)
        .bind(key.buyer_id)
        .bind(key.name)
        .bind(key.created_us)
        .bind(key.revoked_us)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn api_keys(&self) -> Result<Vec<ApiKeyRecord>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {KEY_COLUMNS} FROM api_keys ORDER BY created_us, key_id"
        )))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(key_from_row)
            .collect::<Result<Vec<_>, _>>()?)
    }

    async fn api_key_by_digest(
        &self,
        secret_sha256: &str,
    ) -> Result<Option<ApiKeyRecord>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {KEY_COLUMNS} FROM api_keys WHERE secret_sha256 = $1"
        )))
        .bind(secret_sha256)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(key_from_row).transpose()?)
    }

    async fn revoke_api_key(&self, key_id: &str, at_us: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE api_keys SET revoked_us = $2 WHERE key_id = $1 AND revoked_us IS NULL",
        )
        .bind(key_id)
        .bind(at_us)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn list_tickets(&self, filter: TicketFilter) -> Result<Vec<TicketRow>, StoreError> {
        let query = TicketQuery::page(&filter, true);
        let rows = bind(sqlx::query(AssertSqlSafe(query.sql)), query.params)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(ticket_from_row)
            .collect::<Result<Vec<_>, _>>()?)
    }

    async fn count_tickets_by_state(
        &self,
        filter: TicketFilter,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let query = TicketQuery::counts(&filter, true);
        let rows = bind(sqlx::query(AssertSqlSafe(query.sql)), query.params)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<Vec<_>, sqlx::Error>>()?)
    }

    async fn list_orders(&self, filter: OrderFilter) -> Result<Vec<OrderListRow>, StoreError> {
        let after = filter.after.as_ref();
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ORDER_COLUMNS} FROM orders
             WHERE ($1::text IS NULL OR merchant_id = $1)
               AND ($2::text IS NULL OR buyer_id = $2)
               AND ($3::text IS NULL OR order_id = $3)
               AND ($4::bigint IS NULL OR updated_us >= $4)
               AND ($5::bigint IS NULL OR (paid_us, merchant_id, order_id) > ($5, $6::text, $7::text))
             ORDER BY paid_us, merchant_id, order_id
             LIMIT $8"
        )))
        .bind(filter.merchant)
        .bind(filter.buyer)
        .bind(filter.order)
        .bind(filter.updated_since_us)
        .bind(after.map(|c| c.paid_us))
        .bind(after.map(|c| c.merchant_id.clone()))
        .bind(after.map(|c| c.order_id.clone()))
        .bind(filter.limit as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OrderListRow {
                    merchant_id: r.try_get(0)?,
                    order_id: r.try_get(1)?,
                    buyer_id: r.try_get(2)?,
                    currency: r.try_get(3)?,
                    paid_minor: r.try_get(4)?,
                    refunded_minor: r.try_get(5)?,
                    paid_us: r.try_get(6)?,
                    fulfilment: r.try_get(7)?,
                    version: r.try_get(8)?,
                    updated_us: r.try_get(9)?,
                })
            })
            .collect()
    }

    async fn feed(&self, filter: FeedFilter) -> Result<Vec<FeedEvent>, StoreError> {
        // Position order is commit order: positions are handed out under the feed lock, one
        // committing transaction at a time (see crate::feed).
        let rows = sqlx::query(
            "SELECT position, merchant_id, stream, seq, kind, at_us, actor, payload
             FROM events e
             WHERE position > $1
               AND ($2::text IS NULL OR merchant_id = $2)
               AND ($3::text IS NULL OR stream = 'order:' || $3)
               AND ($4::text[] IS NULL OR kind = ANY($4))
               AND ($5::text IS NULL OR stream IN (
                   SELECT 'order:' || o.order_id FROM orders o
                   WHERE o.buyer_id = $5 AND o.merchant_id = e.merchant_id))
             ORDER BY position LIMIT $6",
        )
        .bind(filter.after)
        .bind(&filter.merchant)
        .bind(&filter.order)
        .bind(&filter.kinds)
        .bind(&filter.buyer)
        .bind(filter.limit as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                FeedEvent::from_stored(&StoredEvent {
                    position: row.try_get(0)?,
                    merchant_id: row.try_get(1)?,
                    stream: row.try_get(2)?,
                    seq: row.try_get::<i64, _>(3)? as u64,
                    kind: row.try_get(4)?,
                    at_us: row.try_get(5)?,
                    actor: row.try_get(6)?,
                    payload: row.try_get(7)?,
                })
            })
            .collect()
    }

    async fn order_events(
        &self,
        merchant: &MerchantId,
        order: &OrderId,
    ) -> Result<Vec<OrderEvent>, StoreError> {
        let key = StreamKey::Order {
            merchant: merchant.clone(),
            order: order.clone(),
        };
        let name = key.name();
        let rows = sqlx::query(
            "SELECT seq, kind, at_us, actor, payload FROM events
             WHERE merchant_id = $1 AND stream = $2 ORDER BY seq",
        )
        .bind(key.merchant_key())
        .bind(&name)
        .fetch_all(&self.pool)
        .await?;
        let mut events = empty_events(&key);
        for row in rows {
            let seq: i64 = row.try_get(0)?;
            let kind: String = row.try_get(1)?;
            let at_us: i64 = row.try_get(2)?;
            let actor: String = row.try_get(3)?;
            let payload: String = row.try_get(4)?;
            decode_into(
                &mut events,
                &name,
                seq as u64,
                &kind,
                at_us,
                &actor,
                &payload,
            )?;
        }
        match events {
            Events::Order(list) => Ok(list),
            Events::Merchant(_) | Events::Buyer(_) | Events::Creator(_) | Events::Policy(_) => {
                unreachable!("an order stream decodes into order events")
            }
        }
    }

    async fn order_parties(&self, order: &str) -> Result<Option<Parties>, StoreError> {
        self.parties(ORDER_PARTIES_SQL, order).await
    }

    async fn ticket_parties(&self, ticket: &str) -> Result<Option<Parties>, StoreError> {
        self.parties(TICKET_PARTIES_SQL, ticket).await
    }

    async fn merchant_known(&self, merchant: &str) -> Result<bool, StoreError> {
        let row: Option<(String,)> = sqlx::query_as(MERCHANT_KNOWN_SQL)
            .bind(merchant)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    async fn shop_names(
        &self,
        merchants: &[String],
    ) -> Result<std::collections::BTreeMap<String, String>, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT merchant_id, name FROM merchants
             WHERE merchant_id = ANY($1) AND name IS NOT NULL",
        )
        .bind(merchants)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().collect())
    }

    async fn claim_request(
        &self,
        key_id: &str,
        idempotency_key: &str,
        request_sha256: &str,
        now_us: i64,
        lease: &RequestLease,
    ) -> Result<RequestClaim, StoreError> {
        // The claim and the read are two statements: a holder may give the key back
        // between them (its row is deleted), and then the key is free to claim again.
        const TRIES: usize = 3;
        for _ in 0..TRIES {
            let claimed = sqlx::query(CLAIM_REQUEST_SQL)
                .bind(key_id)
                .bind(idempotency_key)
                .bind(request_sha256)
                .bind(now_us)
                .bind(lease.until_us)
                .bind(&lease.token)
                .execute(&self.pool)
                .await?;
            if claimed.rows_affected() == 1 {
                return Ok(RequestClaim::Claimed);
            }
            let Some(row) = sqlx::query(READ_CLAIM_SQL)
                .bind(key_id)
                .bind(idempotency_key)
                .fetch_optional(&self.pool)
                .await?
            else {
                continue;
            };
            return Ok(crate::api::claim_from(
                row.try_get(0)?,
                row.try_get::<Option<i32>, _>(1)?.map(i64::from),
                row.try_get(2)?,
                row.try_get(3)?,
                row.try_get(4)?,
            ));
        }
        Err(StoreError::Invalid(format!(
            "the claim on idempotency key {idempotency_key:?} changed hands {TRIES} times while it was read"
        )))
    }

    async fn finish_request(
        &self,
        key_id: &str,
        idempotency_key: &str,
        token: &str,
        answer: StoredAnswer,
    ) -> Result<bool, StoreError> {
        let kept = sqlx::query(FINISH_REQUEST_SQL)
            .bind(key_id)
            .bind(idempotency_key)
            .bind(token)
            .bind(i32::from(answer.status))
            .bind(answer.content_type)
            .bind(answer.body)
            .execute(&self.pool)
            .await?;
        Ok(kept.rows_affected() == 1)
    }

    async fn release_request(
        &self,
        key_id: &str,
        idempotency_key: &str,
        token: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(RELEASE_REQUEST_SQL)
            .bind(key_id)
            .bind(idempotency_key)
            .bind(token)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

impl PgStore {
    async fn parties(&self, sql: &'static str, id: &str) -> Result<Option<Parties>, StoreError> {
        let row: Option<(String, String, String)> = sqlx::query_as(sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(merchant_id, order_id, buyer_id)| Parties {
            merchant_id,
            order_id,
            buyer_id,
        }))
    }
}

fn console_session_from_row(
    r: &PgRow,
) -> Result<(crate::api::ConsoleSessionRecord, ApiKeyRecord), sqlx::Error> {
    Ok((
        crate::api::ConsoleSessionRecord {
            session_sha256: r.try_get(0)?,
            key_id: r.try_get(1)?,
            created_us: r.try_get(2)?,
            expires_us: r.try_get(3)?,
        },
        ApiKeyRecord {
            key_id: r.try_get(4)?,
            secret_sha256: r.try_get(5)?,
            role: r.try_get(6)?,
            merchant_id: r.try_get(7)?,
            buyer_id: r.try_get(8)?,
            name: r.try_get(9)?,
            created_us: r.try_get(10)?,
            revoked_us: r.try_get(11)?,
        },
    ))
}

impl crate::api::ConsoleSessionStore for PgStore {
    async fn insert_console_session(
        &self,
        session: crate::api::ConsoleSessionRecord,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO console_sessions (session_sha256, key_id, created_us, expires_us)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(session.session_sha256)
        .bind(session.key_id)
        .bind(session.created_us)
        .bind(session.expires_us)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn console_session(
        &self,
        session_sha256: &str,
    ) -> Result<Option<(crate::api::ConsoleSessionRecord, ApiKeyRecord)>, StoreError> {
        let row = sqlx::query(crate::api::CONSOLE_SESSION_SQL)
            .bind(session_sha256)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(console_session_from_row).transpose()?)
    }

    async fn extend_console_session(
        &self,
        session_sha256: &str,
        expires_us: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE console_sessions SET expires_us = $2 WHERE session_sha256 = $1")
            .bind(session_sha256)
            .bind(expires_us)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn end_console_session(&self, session_sha256: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM console_sessions WHERE session_sha256 = $1")
            .bind(session_sha256)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn purge_console_sessions(&self, now_us: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM console_sessions WHERE expires_us <= $1")
            .bind(now_us)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
