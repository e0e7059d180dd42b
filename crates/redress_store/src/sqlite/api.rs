//! [`ApiStore`] on SQLite: API keys, ticket lists and timelines, read on the reader pool and
//! written on the one writer connection.

use super::{SqliteStore, decode_into, empty_events};
use crate::StoreError;
use crate::api::{
    ApiKeyRecord, ApiStore, CLAIM_REQUEST_SQL, FINISH_REQUEST_SQL, MERCHANT_KNOWN_SQL,
    ORDER_PARTIES_SQL, Parties, READ_CLAIM_SQL, RELEASE_REQUEST_SQL, RequestClaim, RequestLease,
    SqlParam, StoredAnswer, TICKET_PARTIES_SQL, TicketFilter, TicketQuery, TicketRow,
};
use crate::api::{ORDER_COLUMNS, OrderFilter, OrderListRow};
use crate::feed::{FeedEvent, FeedFilter};
use crate::stream::{Events, StreamKey};
use redress_domain::{MerchantId, OrderEvent, OrderId};
use rusqlite::{OptionalExtension, params};

const KEY_COLUMNS: &str =
    "key_id, secret_sha256, role, merchant_id, buyer_id, name, created_us, revoked_us";

fn key_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ApiKeyRecord> {
    Ok(ApiKeyRecord {
        key_id: r.get(0)?,
        secret_sha256: r.get(1)?,
        role: r.get(2)?,
        merchant_id: r.get(3)?,
        buyer_id: r.get(4)?,
        name: r.get(5)?,
        created_us: r.get(6)?,
        revoked_us: r.get(7)?,
    })
}

fn sql_value(param: &SqlParam) -> rusqlite::types::Value {
    match param {
        SqlParam::Text(text) => rusqlite::types::Value::Text(text.clone()),
        SqlParam::Int(int) => rusqlite::types::Value::Integer(*int),
        SqlParam::Bool(b) => rusqlite::types::Value::Integer(i64::from(*b)),
    }
}

fn ticket_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TicketRow> {
    Ok(TicketRow {
        merchant_id: r.get(0)?,
        ticket_id: r.get(1)?,
        order_id: r.get(2)?,
        buyer_id: r.get(3)?,
        kind: r.get(4)?,
        reason: r.get(5)?,
        course: r.get(6)?,
        state: r.get(7)?,
        currency: r.get(8)?,
        amount_minor: r.get(9)?,
        refunded_minor: r.get(10)?,
        opened_us: r.get(11)?,
        decided_us: r.get(12)?,
        deadline_kind: r.get(13)?,
        due_us: r.get(14)?,
        return_signed_us: r.get(15)?,
        auto_rule: r.get(16)?,
        overdue_approved: r.get::<_, i64>(17)? != 0,
        dispute_first_us: r.get(18)?,
        refund_alert: r.get(19)?,
        version: r.get(20)?,
        updated_us: r.get(21)?,
        completed_us: r.get(22)?,
        merchant_responsible: r.get::<_, i64>(23)? != 0,
    })
}

impl ApiStore for SqliteStore {
    async fn ping(&self) -> Result<(), StoreError> {
        self.read(|conn| {
            conn.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?;
            Ok(())
        })
        .await
    }

    async fn insert_api_key(&self, key: ApiKeyRecord) -> Result<(), StoreError> {
        self.write(move |conn| {
            conn.execute(
                &format!(
                    "INSERT INTO api_keys ({KEY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                ),
                params![
                    key.key_id,
                    key.secret_sha256,
                    key.role,
                    key.merchant_id,
                    key.buyer_id,
                    key.name,
                    key.created_us,
                    key.revoked_us
                ],
            )?;
            Ok(())
        })
        .await
    }

    async fn api_keys(&self) -> Result<Vec<ApiKeyRecord>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {KEY_COLUMNS} FROM api_keys ORDER BY created_us, key_id"
            ))?;
            let rows = stmt
                .query_map([], key_from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn api_key_by_digest(
        &self,
        secret_sha256: &str,
    ) -> Result<Option<ApiKeyRecord>, StoreError> {
        let digest = secret_sha256.to_owned();
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {KEY_COLUMNS} FROM api_keys WHERE secret_sha256 = ?1"
            ))?;
            Ok(stmt.query_row([digest], key_from_row).optional()?)
        })
        .await
    }

    async fn revoke_api_key(&self, key_id: &str, at_us: i64) -> Result<bool, StoreError> {
        let key_id = key_id.to_owned();
        self.write(move |conn| {
            let changed = conn.execute(
                "UPDATE api_keys SET revoked_us = ?2 WHERE key_id = ?1 AND revoked_us IS NULL",
                params![key_id, at_us],
            )?;
            Ok(changed == 1)
        })
        .await
    }

    async fn list_tickets(&self, filter: TicketFilter) -> Result<Vec<TicketRow>, StoreError> {
        let query = TicketQuery::page(&filter, false);
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(&query.sql)?;
            let rows = stmt
                .query_map(
                    rusqlite::params_from_iter(query.params.iter().map(sql_value)),
                    ticket_from_row,
                )?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn count_tickets_by_state(
        &self,
        filter: TicketFilter,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let query = TicketQuery::counts(&filter, false);
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(&query.sql)?;
            let rows = stmt
                .query_map(
                    rusqlite::params_from_iter(query.params.iter().map(sql_value)),
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn list_orders(&self, filter: OrderFilter) -> Result<Vec<OrderListRow>, StoreError> {
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {ORDER_COLUMNS} FROM orders
                 WHERE (?1 IS NULL OR merchant_id = ?1)
                   AND (?2 IS NULL OR buyer_id = ?2)
                   AND (?3 IS NULL OR order_id = ?3)
                   AND (?4 IS NULL OR updated_us >= ?4)
                   AND (?5 IS NULL OR (paid_us, merchant_id, order_id) > (?5, ?6, ?7))
                 ORDER BY paid_us, merchant_id, order_id
                 LIMIT ?8"
            ))?;
            let after = filter.after.as_ref();
            let rows = stmt
                .query_map(
                    params![
                        filter.merchant,
                        filter.buyer,
                        filter.order,
                        filter.updated_since_us,
                        after.map(|c| c.paid_us),
                        after.map(|c| c.merchant_id.clone()),
                        after.map(|c| c.order_id.clone()),
                        filter.limit as i64,
                    ],
                    |r| {
                        Ok(OrderListRow {
                            merchant_id: r.get(0)?,
                            order_id: r.get(1)?,
                            buyer_id: r.get(2)?,
                            currency: r.get(3)?,
                            paid_minor: r.get(4)?,
                            refunded_minor: r.get(5)?,
                            paid_us: r.get(6)?,
                            fulfilment: r.get(7)?,
                            version: r.get(8)?,
                            updated_us: r.get(9)?,
                        })
                    },
                )?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn feed(&self, filter: FeedFilter) -> Result<Vec<FeedEvent>, StoreError> {
        // Position order is commit order here: one writer at a time (see crate::feed).
        let kinds = filter
            .kinds
            .as_ref()
            .map(|k| serde_json::Value::from(k.clone()).to_string());
        let rows = self
            .read(move |conn| {
                let mut stmt = conn.prepare_cached(
                    "SELECT position, merchant_id, stream, seq, kind, at_us, actor, payload
                     FROM events e
                     WHERE position > ?1
                       AND (?2 IS NULL OR merchant_id = ?2)
                       AND (?3 IS NULL OR stream = 'order:' || ?3)
                       AND (?4 IS NULL OR kind IN (SELECT value FROM json_each(?4)))
                       AND (?5 IS NULL OR stream IN (
                           SELECT 'order:' || o.order_id FROM orders o
                           WHERE o.buyer_id = ?5 AND o.merchant_id = e.merchant_id))
                     ORDER BY position LIMIT ?6",
                )?;
                let rows = stmt
                    .query_map(
                        params![
                            filter.after,
                            filter.merchant,
                            filter.order,
                            kinds,
                            filter.buyer,
                            filter.limit as i64
                        ],
                        super::StoredEvent::from_row,
                    )?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(rows)
            })
            .await?;
        rows.iter().map(FeedEvent::from_stored).collect()
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
        self.read(move |conn| {
            let name = key.name();
            let mut stmt = conn.prepare_cached(
                "SELECT seq, kind, at_us, actor, payload FROM events
                 WHERE merchant_id = ?1 AND stream = ?2 ORDER BY seq",
            )?;
            let rows = stmt.query_map(params![key.merchant_key(), name], |r| {
                Ok((
                    r.get::<_, i64>(0)? as u64,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?;
            let mut events = empty_events(&key);
            for row in rows {
                let (seq, kind, at_us, actor, payload) = row?;
                decode_into(&mut events, &name, seq, &kind, at_us, &actor, &payload)?;
            }
            match events {
                Events::Order(list) => Ok(list),
                Events::Merchant(_) | Events::Buyer(_) | Events::Creator(_) | Events::Policy(_) => {
                    unreachable!("an order stream decodes into order events")
                }
            }
        })
        .await
    }

    async fn order_parties(&self, order: &str) -> Result<Option<Parties>, StoreError> {
        self.parties(ORDER_PARTIES_SQL, order).await
    }

    async fn ticket_parties(&self, ticket: &str) -> Result<Option<Parties>, StoreError> {
        self.parties(TICKET_PARTIES_SQL, ticket).await
    }

    async fn merchant_known(&self, merchant: &str) -> Result<bool, StoreError> {
        let merchant = merchant.to_owned();
        self.read(move |conn| {
            Ok(conn
                .prepare_cached(&MERCHANT_KNOWN_SQL.replace("$1", "?1"))?
                .query_row([merchant], |_| Ok(()))
                .optional()?
                .is_some())
        })
        .await
    }

    async fn shop_names(
        &self,
        merchants: &[String],
    ) -> Result<std::collections::BTreeMap<String, String>, StoreError> {
        let merchants = merchants.to_vec();
        self.read(move |conn| {
            // One primary-key lookup per shop: a page names a few dozen at most.
            let mut query = conn.prepare_cached(
                "SELECT name FROM merchants WHERE merchant_id = ?1 AND name IS NOT NULL",
            )?;
            let mut names = std::collections::BTreeMap::new();
            for merchant in merchants {
                if names.contains_key(&merchant) {
                    continue;
                }
                if let Some(name) = query
                    .query_row([&merchant], |r| r.get::<_, String>(0))
                    .optional()?
                {
                    names.insert(merchant, name);
                }
            }
            Ok(names)
        })
        .await
    }

    async fn claim_request(
        &self,
        key_id: &str,
        idempotency_key: &str,
        request_sha256: &str,
        now_us: i64,
        lease: &RequestLease,
    ) -> Result<RequestClaim, StoreError> {
        let (key_id, idempotency_key, digest) = (
            key_id.to_owned(),
            idempotency_key.to_owned(),
            request_sha256.to_owned(),
        );
        let lease = lease.clone();
        self.write(move |conn| {
            let claimed = conn.execute(
                &numbered(CLAIM_REQUEST_SQL),
                params![
                    key_id,
                    idempotency_key,
                    digest,
                    now_us,
                    lease.until_us,
                    lease.token
                ],
            )?;
            if claimed == 1 {
                return Ok(RequestClaim::Claimed);
            }
            let (request_sha256, status, content_type, body, lease_until_us) = conn.query_row(
                &numbered(READ_CLAIM_SQL),
                params![key_id, idempotency_key],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<i64>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<i64>>(4)?,
                    ))
                },
            )?;
            Ok(crate::api::claim_from(
                request_sha256,
                status,
                content_type,
                body,
                lease_until_us,
            ))
        })
        .await
    }

    async fn finish_request(
        &self,
        key_id: &str,
        idempotency_key: &str,
        token: &str,
        answer: StoredAnswer,
    ) -> Result<bool, StoreError> {
        let (key_id, idempotency_key, token) = (
            key_id.to_owned(),
            idempotency_key.to_owned(),
            token.to_owned(),
        );
        self.write(move |conn| {
            let kept = conn.execute(
                &numbered(FINISH_REQUEST_SQL),
                params![
                    key_id,
                    idempotency_key,
                    token,
                    i64::from(answer.status),
                    answer.content_type,
                    answer.body
                ],
            )?;
            Ok(kept == 1)
        })
        .await
    }

    async fn release_request(
        &self,
        key_id: &str,
        idempotency_key: &str,
        token: &str,
    ) -> Result<(), StoreError> {
        let (key_id, idempotency_key, token) = (
            key_id.to_owned(),
            idempotency_key.to_owned(),
            token.to_owned(),
        );
        self.write(move |conn| {
            conn.execute(
                &numbered(RELEASE_REQUEST_SQL),
                params![key_id, idempotency_key, token],
            )?;
            Ok(())
        })
        .await
    }
}

/// The shared statements number their parameters `$n`, which SQLite reads as names and
/// numbers in order of appearance; `?n` it numbers as written.
fn numbered(sql: &str) -> String {
    sql.replace('$', "?")
}

impl SqliteStore {
    async fn parties(&self, sql: &'static str, id: &str) -> Result<Option<Parties>, StoreError> {
        let id = id.to_owned();
        self.read(move |conn| {
            Ok(conn
                .prepare_cached(&sql.replace("$1", "?1"))?
                .query_row([id], |r| {
                    Ok(Parties {
                        merchant_id: r.get(0)?,
                        order_id: r.get(1)?,
                        buyer_id: r.get(2)?,
                    })
                })
                .optional()?)
        })
        .await
    }
}

fn console_session_from_row(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<(crate::api::ConsoleSessionRecord, ApiKeyRecord)> {
    Ok((
        crate::api::ConsoleSessionRecord {
            session_sha256: r.get(0)?,
            key_id: r.get(1)?,
            created_us: r.get(2)?,
            expires_us: r.get(3)?,
        },
        ApiKeyRecord {
            key_id: r.get(4)?,
            secret_sha256: r.get(5)?,
            role: r.get(6)?,
            merchant_id: r.get(7)?,
            buyer_id: r.get(8)?,
            name: r.get(9)?,
            created_us: r.get(10)?,
            revoked_us: r.get(11)?,
        },
    ))
}

impl crate::api::ConsoleSessionStore for SqliteStore {
    async fn insert_console_session(
        &self,
        session: crate::api::ConsoleSessionRecord,
    ) -> Result<(), StoreError> {
        self.write(move |conn| {
            conn.execute(
                "INSERT INTO console_sessions (session_sha256, key_id, created_us, expires_us)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    session.session_sha256,
                    session.key_id,
                    session.created_us,
                    session.expires_us
                ],
            )?;
            Ok(())
        })
        .await
    }

    async fn console_session(
        &self,
        session_sha256: &str,
    ) -> Result<Option<(crate::api::ConsoleSessionRecord, ApiKeyRecord)>, StoreError> {
        let digest = session_sha256.to_owned();
        self.read(move |conn| {
            Ok(conn
                .prepare_cached(&crate::api::CONSOLE_SESSION_SQL.replace("$1", "?1"))?
                .query_row([digest], console_session_from_row)
                .optional()?)
        })
        .await
    }

    async fn extend_console_session(
        &self,
        session_sha256: &str,
        expires_us: i64,
    ) -> Result<(), StoreError> {
        let digest = session_sha256.to_owned();
        self.write(move |conn| {
            conn.execute(
                "UPDATE console_sessions SET expires_us = ?2 WHERE session_sha256 = ?1",
                params![digest, expires_us],
            )?;
            Ok(())
        })
        .await
    }

    async fn end_console_session(&self, session_sha256: &str) -> Result<(), StoreError> {
        let digest = session_sha256.to_owned();
        self.write(move |conn| {
            conn.execute(
                "DELETE FROM console_sessions WHERE session_sha256 = ?1",
                [digest],
            )?;
            Ok(())
        })
        .await
    }

    async fn purge_console_sessions(&self, now_us: i64) -> Result<u64, StoreError> {
        self.write(move |conn| {
            let gone = conn.execute(
                "DELETE FROM console_sessions WHERE expires_us <= ?1",
                [now_us],
            )?;
            Ok(gone as u64)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use crate::api::{TicketFilter, TicketQuery, TicketSort, TicketSortKey};
    use rusqlite::Connection;

    /// SQLite's plan for a filter's page, step by step.
    fn plan(filter: &TicketFilter) -> Vec<String> {
        let mut conn = Connection::open_in_memory().expect("a database");
        super::super::migrate::run(&mut conn).expect("migrated");
        let query = TicketQuery::page(filter, false);
        let mut stmt = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", query.sql))
            .expect("the query prepares");
        stmt.query_map(
            rusqlite::params_from_iter(query.params.iter().map(super::sql_value)),
            |r| r.get::<_, String>(3),
        )
        .expect("a plan")
        .collect::<Result<_, _>>()
        .expect("steps")
    }

    #[test]
    fn the_queue_in_deadline_order_reads_its_index_and_sorts_nothing() {
        let first_page = TicketFilter {
            merchant: Some("M-1".to_owned()),
            sort: TicketSort {
                key: TicketSortKey::Deadline,
                descending: false,
            },
            limit: 51,
            ..TicketFilter::default()
        };
        let later_page = TicketFilter {
            after: Some(crate::api::TicketCursor {
                key: 5,
                merchant_id: "M-1".to_owned(),
                ticket_id: "T-1".to_owned(),
            }),
            ..first_page.clone()
        };
        for filter in [first_page, later_page] {
            let steps = plan(&filter);
            assert!(
                steps.iter().any(|s| s.contains("tickets_queue_deadline")),
                "{steps:?}"
            );
            assert!(
                !steps.iter().any(|s| s.contains("TEMP B-TREE")),
                "no sort of the whole queue: {steps:?}"
            );
        }
    }

    #[test]
    fn only_the_conditions_a_filter_sets_are_written() {
        let query = TicketQuery::page(
            &TicketFilter {
                merchant: Some("M-1".to_owned()),
                search: Some("O-1".to_owned()),
                states: vec!["requested".to_owned(), "closed".to_owned()],
                limit: 10,
                ..TicketFilter::default()
            },
            false,
        );
        assert!(!query.sql.contains("IS NULL OR"), "{}", query.sql);
        assert!(query.sql.contains("state IN ($2, $3)"), "{}", query.sql);
        assert_eq!(
            query.params.len(),
            7,
            "merchant, two states, three ids, the limit"
        );
        let pg = TicketQuery::page(
            &TicketFilter {
                amount_min: Some(1),
                limit: 10,
                ..TicketFilter::default()
            },
            true,
        );
        assert!(pg.sql.contains("amount_minor >= $1::bigint"), "{}", pg.sql);
    }
}
