//! The PostgreSQL backend: several stateless instances on one database.
//!
//! Behaves exactly like [`crate::SqliteStore`]: the same tables and columns, the same rows
//! (written from `crate::projection`), the same stored JSON, the same outcomes. What differs
//! is only how writers are kept apart: SQLite has one writer; here every write's version claim
//! is one conditional statement, so concurrent instances conflict per stream, never per batch.
//!
//! Queries are checked at run time (`sqlx::query`); moving them to `sqlx::query!` with offline
//! data is a follow-up.

mod api;
mod batch;
mod commit;
mod jetstream;
mod migrate;
mod replay;
mod rows;
mod staff;
mod webhooks;

use crate::commit::{StoredEvent, decode_into, due_list, empty_events, parse_id};
use crate::days::{self, CreatorDay, MerchantDay};
use crate::stream::{self, State, StreamKey};
use crate::trace::CommitSpan;
use crate::{
    DueDeadline, EvaluationRun, IdempotencyRecord, NEXT_DEADLINE_SQL, ReplayReport, Store,
    StoreError, StoredIdempotency, Write, WriteOutcome, from_micros, lease_end_us, to_micros,
};
use redress_domain::metrics::DayFigures;
use redress_domain::{Date, MerchantId, OrderId, SignedDuration, TicketId, Timestamp};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, Connection, PgConnection, Row};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tracing::Instrument;

pub use sqlx::postgres::PgPool;

/// Connections per instance. The writer holds one for each batch it commits (two while a
/// batch is pipelined behind another); the rest serve loads and reads, which are short.
/// Sixteen instances of sixteen stay well under PostgreSQL's default `max_connections`
/// of 100 only with a pooler in front; size the server for instances × this.
const POOL_CONNECTIONS_MAX: u32 = 16;
/// How long a command waits for a free connection before failing.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);
/// A batch that deadlocked with another instance's batch is tried again this many times.
const DEADLOCK_ATTEMPTS_MAX: usize = 3;

#[derive(Clone, Debug)]
pub struct PgStore {
    pool: PgPool,
    /// How to open a connection outside the pool (replay's long transaction).
    options: Arc<PgConnectOptions>,
    /// The schema the tables live in: the connections' `current_schema()`.
    schema: Arc<str>,
}

impl PgStore {
    /// Connect to `url` (`postgres://user@host:port/db`) and bring the schema up to date. The
    /// tables live in the connection's current schema, `public` unless the URL says otherwise
    /// with `?options=-csearch_path%3Dname`.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url)?;
        Self::open(options).await
    }

    /// Connect to `url` with the tables in `schema`, creating it if needed: how tests get a
    /// database of their own on a shared server. The name is plain `[a-z0-9_]`.
    pub async fn connect_in_schema(url: &str, schema: &str) -> Result<Self, StoreError> {
        check_schema_name(schema)?;
        let options = PgConnectOptions::from_str(url)?;
        let mut conn = PgConnection::connect_with(&options).await?;
        sqlx::query(AssertSqlSafe(format!(
            "CREATE SCHEMA IF NOT EXISTS {schema}"
        )))
        .execute(&mut conn)
        .await?;
        conn.close().await?;
        Self::open(options.options([("search_path", schema)])).await
    }

    async fn open(options: PgConnectOptions) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(POOL_CONNECTIONS_MAX)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options.clone())
            .await?;
        let mut conn = pool.acquire().await?;
        let schema: Option<String> = sqlx::query_scalar("SELECT current_schema()")
            .fetch_one(&mut *conn)
            .await?;
        let Some(schema) = schema else {
            return Err(StoreError::Invalid(
                "the connection's search_path names no schema that exists".to_owned(),
            ));
        };
        check_durability(&mut conn).await?;
        migrate::run(&mut conn).await?;
        drop(conn);
        Ok(PgStore {
            pool,
            options: Arc::new(options),
            schema: schema.into(),
        })
    }

    /// The schema holding the tables.
    pub fn schema(&self) -> &str {
        &self.schema
    }

    /// The connection pool, for tools and tests that need SQL of their own.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Close every connection; waits for those in use to come back.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Events in global order from `after_position`, for feeds and tools: at most `limit`.
    pub async fn events_after(
        &self,
        after_position: i64,
        limit: usize,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT position, merchant_id, stream, seq, kind, at_us, actor, payload
             FROM events WHERE position > $1 ORDER BY position LIMIT $2",
        )
        .bind(after_position)
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(StoredEvent {
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

    /// Start copying another store's log into this one (`redress migrate-store`). Refuses a
    /// store that already has events. Nothing is visible until [`PgImport::finish`].
    pub async fn begin_import(&self) -> Result<PgImport, StoreError> {
        let mut tx = self.pool.begin().await?;
        let any: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM events)")
            .fetch_one(&mut *tx)
            .await?;
        if any {
            return Err(StoreError::Invalid(format!(
                "schema {} already holds events; migrate into an empty one",
                self.schema
            )));
        }
        Ok(PgImport {
            tx,
            schema: self.schema.clone(),
        })
    }
}

/// A copy into a [`PgStore`] in progress: one transaction, committed by [`PgImport::finish`]
/// and rolled back if dropped, so a failed copy leaves the target as empty as it was.
#[derive(Debug)]
pub struct PgImport {
    tx: sqlx::Transaction<'static, sqlx::Postgres>,
    schema: Arc<str>,
}

impl PgImport {
    /// Append stored events as they are, in the order given (the source's position order).
    pub async fn events(&mut self, events: &[StoredEvent]) -> Result<(), StoreError> {
        let columns = batch::EventColumns {
            merchants: events.iter().map(|e| e.merchant_id.as_str()).collect(),
            streams: events.iter().map(|e| e.stream.as_str()).collect(),
            seqs: events.iter().map(|e| e.seq as i64).collect(),
            kinds: events.iter().map(|e| e.kind.as_str()).collect(),
            ats: events.iter().map(|e| e.at_us).collect(),
            actors: events.iter().map(|e| e.actor.as_str()).collect(),
            payloads: events.iter().map(|e| e.payload.as_str()).collect(),
        };
        batch::insert_events(&mut self.tx, &columns).await?;
        Ok(())
    }

    /// Copy idempotency records: they are not derived from the log, and a client retrying a
    /// command across the move must still get its first answer.
    pub async fn idempotency(&mut self, records: &[StoredIdempotency]) -> Result<(), StoreError> {
        for r in records {
            sqlx::query(
                "INSERT INTO idempotency (merchant_id, key, fingerprint, receipt, created_us)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&r.merchant_id)
            .bind(&r.key)
            .bind(&r.fingerprint)
            .bind(&r.receipt)
            .bind(r.created_us)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    /// Rebuild every projection by folding each imported stream, then commit. Returns how
    /// many events and streams were folded.
    pub async fn finish(mut self) -> Result<ReplayReport, StoreError> {
        let mut report = ReplayReport::default();
        replay::rebuild(&mut self.tx, &quote_ident(&self.schema), &mut report).await?;
        self.tx.commit().await?;
        Ok(report)
    }
}

/// Drop `schema` and everything in it: the end of a scratch schema made with
/// [`PgStore::connect_in_schema`] for a test or a benchmark.
pub async fn drop_schema(pool: &PgPool, schema: &str) -> Result<(), StoreError> {
    check_schema_name(schema)?;
    sqlx::query(AssertSqlSafe(format!(
        "DROP SCHEMA IF EXISTS {schema} CASCADE"
    )))
    .execute(pool)
    .await?;
    Ok(())
}

/// Schema names made by redress are plain, so they need no quoting.
fn check_schema_name(schema: &str) -> Result<(), StoreError> {
    let plain = !schema.is_empty()
        && schema.len() <= 63
        && schema
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if plain {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "schema name {schema:?}: use 1 to 63 of a-z, 0-9 and _"
        )))
    }
}

/// redress acknowledges a command only once it is durable, so it refuses a server that
/// acknowledges commits before they are flushed, as it refuses SQLite without
/// `synchronous=FULL`.
async fn check_durability(conn: &mut PgConnection) -> Result<(), StoreError> {
    for (setting, refused) in [("fsync", "off"), ("synchronous_commit", "off")] {
        let value: String = sqlx::query_scalar("SELECT current_setting($1)")
            .bind(setting)
            .fetch_one(&mut *conn)
            .await?;
        if value == refused {
            return Err(StoreError::UnsafeSettings(format!(
                "{setting} is {value}; redress needs it on"
            )));
        }
    }
    Ok(())
}

/// A name quoted as an SQL identifier.
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

async fn load_stream(pool: &PgPool, key: &StreamKey) -> Result<Option<State>, StoreError> {
    let name = key.name();
    let rows = sqlx::query(
        "SELECT seq, kind, at_us, actor, payload FROM events
         WHERE merchant_id = $1 AND stream = $2 ORDER BY seq",
    )
    .bind(key.merchant_key())
    .bind(&name)
    .fetch_all(pool)
    .await?;
    let mut events = empty_events(key);
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
    Ok(stream::fold(key, None, &events))
}

/// Add the batch's differences to `merchant_days`, all rows in one statement.
pub(crate) async fn upsert_days(
    conn: &mut PgConnection,
    rows: &[MerchantDay],
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let merchants: Vec<&str> = rows.iter().map(|r| r.merchant_id.as_str()).collect();
    let dates: Vec<String> = rows.iter().map(|r| r.day.to_string()).collect();
    let values: Vec<[i64; 12]> = rows.iter().map(|r| r.figures.values()).collect();
    let mut query = sqlx::query(days::POSTGRES_UPSERT.as_str())
        .bind(merchants)
        .bind(dates);
    for field in 0..DayFigures::FIELDS.len() {
        query = query.bind(values.iter().map(|v| v[field]).collect::<Vec<i64>>());
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

/// Add the batch's differences to `creator_days`, all rows in one statement (seed 001).
pub(crate) async fn upsert_creator_days(
    conn: &mut PgConnection,
    rows: &[CreatorDay],
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let creators: Vec<&str> = rows.iter().map(|r| r.creator_id.as_str()).collect();
    let dates: Vec<String> = rows.iter().map(|r| r.day.to_string()).collect();
    let values: Vec<[i64; 12]> = rows.iter().map(|r| r.figures.values()).collect();
    let mut query = sqlx::query(days::POSTGRES_CREATOR_UPSERT.as_str())
        .bind(creators)
        .bind(dates);
    for field in 0..DayFigures::FIELDS.len() {
        query = query.bind(values.iter().map(|v| v[field]).collect::<Vec<i64>>());
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

fn day_row(row: &sqlx::postgres::PgRow, first: usize) -> Result<DayFigures, StoreError> {
    let values = (first..first + DayFigures::FIELDS.len())
        .map(|i| row.try_get::<i64, _>(i))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(days::figures_from(&values))
}

fn pg_placeholder(i: usize) -> String {
    format!("${i}")
}

impl PgStore {
    /// Add `rows` to the stored daily figures, for copying them from another store.
    pub async fn add_merchant_days(&self, rows: &[MerchantDay]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for chunk in rows.chunks(10_000) {
            upsert_days(&mut tx, chunk).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every stored row, for `redress metrics verify`.
    pub async fn all_merchant_days(&self) -> Result<Vec<MerchantDay>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(days::all_sql()))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(MerchantDay {
                    merchant_id: row.try_get(0)?,
                    day: days::parse_day(&row.try_get::<String, _>(1)?)?,
                    figures: day_row(row, 2)?,
                })
            })
            .collect()
    }
}

type DeadlineColumns = (String, String, String, String, i64);

impl Store for PgStore {
    async fn load(&self, stream: &StreamKey) -> Result<Option<State>, StoreError> {
        load_stream(&self.pool, stream).await
    }

    async fn commit(&self, batch: Vec<Write>) -> Result<Vec<WriteOutcome>, StoreError> {
        let traced = CommitSpan::start("postgres", &batch);
        let outcome = commit::commit_retrying(&self.pool, &batch)
            .instrument(traced.span())
            .await;
        traced.finish(&outcome);
        outcome
    }

    async fn idempotency(
        &self,
        merchant: &str,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, StoreError> {
        let found: Option<(String, String)> = sqlx::query_as(
            "SELECT fingerprint, receipt FROM idempotency WHERE merchant_id = $1 AND key = $2",
        )
        .bind(merchant)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.map(|(fingerprint, receipt)| IdempotencyRecord {
            key: key.to_owned(),
            fingerprint,
            receipt,
        }))
    }

    async fn locate_order(&self, order: &OrderId) -> Result<Option<MerchantId>, StoreError> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT merchant_id FROM orders WHERE order_id = $1 LIMIT 1")
                .bind(order.as_str())
                .fetch_optional(&self.pool)
                .await?;
        found
            .map(|m| parse_id(m, MerchantId::parse_stored))
            .transpose()
    }

    async fn locate_ticket(
        &self,
        ticket: &TicketId,
    ) -> Result<Option<(MerchantId, OrderId)>, StoreError> {
        let found: Option<(String, String)> = sqlx::query_as(
            "SELECT merchant_id, order_id FROM tickets WHERE ticket_id = $1 LIMIT 1",
        )
        .bind(ticket.as_str())
        .fetch_optional(&self.pool)
        .await?;
        found
            .map(|(m, o)| {
                Ok((
                    parse_id(m, MerchantId::parse_stored)?,
                    parse_id(o, OrderId::parse_stored)?,
                ))
            })
            .transpose()
    }

    async fn due_deadlines(
        &self,
        now: Timestamp,
        limit: usize,
    ) -> Result<Vec<DueDeadline>, StoreError> {
        let rows: Vec<DeadlineColumns> = sqlx::query_as(
            "SELECT merchant_id, order_id, ticket_id, kind, due_us FROM deadlines
             WHERE due_us <= $1 ORDER BY due_us, merchant_id, ticket_id LIMIT $2",
        )
        .bind(to_micros(now))
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?;
        due_list(rows)
    }

    async fn closed_merchant_requests(
        &self,
        merchant: Option<&MerchantId>,
        limit: usize,
    ) -> Result<Vec<DueDeadline>, StoreError> {
        // From the few merchants the platform handles for (their partial index, migration
        // 0021), or from the one asked about (its key), to their deadlines.
        const SELECT: &str = "SELECT d.merchant_id, d.order_id, d.ticket_id, d.kind, d.due_us
             FROM merchants m JOIN deadlines d ON d.merchant_id = m.merchant_id
             JOIN tickets t ON t.merchant_id = d.merchant_id AND t.ticket_id = d.ticket_id
             WHERE (m.refund_handling_closed IS NOT NULL OR m.settles_return_shipping)
               AND d.kind = 'merchant_response'
               AND (m.refund_handling_closed IS NOT NULL OR t.kind = 'return_shipping')";
        const ORDER: &str = "ORDER BY d.due_us, d.merchant_id, d.ticket_id LIMIT $1";
        let rows: Vec<DeadlineColumns> = match merchant {
            None => {
                sqlx::query_as(AssertSqlSafe(format!("{SELECT} {ORDER}")))
                    .bind(limit as i64)
                    .fetch_all(&self.pool)
                    .await?
            }
            Some(merchant) => {
                sqlx::query_as(AssertSqlSafe(format!(
                    "{SELECT} AND m.merchant_id = $2 {ORDER}"
                )))
                .bind(limit as i64)
                .bind(merchant.as_str())
                .fetch_all(&self.pool)
                .await?
            }
        };
        due_list(rows)
    }

    async fn claim_due(
        &self,
        now: Timestamp,
        limit: usize,
        lease: SignedDuration,
    ) -> Result<Vec<DueDeadline>, StoreError> {
        // SKIP LOCKED: rows another instance is claiming right now, or a commit is rewriting,
        // are passed over rather than waited for. A row claimed and committed meanwhile fails
        // the re-checked condition and is passed over too.
        let rows: Vec<DeadlineColumns> = sqlx::query_as(
            "WITH picked AS (
                 SELECT merchant_id, ticket_id FROM deadlines
                 WHERE due_us <= $1 AND (claimed_until_us IS NULL OR claimed_until_us <= $1)
                 ORDER BY due_us, merchant_id, ticket_id LIMIT $3
                 FOR UPDATE SKIP LOCKED)
             UPDATE deadlines d SET claimed_until_us = $2 FROM picked
             WHERE d.merchant_id = picked.merchant_id AND d.ticket_id = picked.ticket_id
             RETURNING d.merchant_id, d.order_id, d.ticket_id, d.kind, d.due_us",
        )
        .bind(to_micros(now))
        .bind(lease_end_us(now, lease))
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?;
        due_list(rows)
    }

    async fn next_deadline(&self) -> Result<Option<Timestamp>, StoreError> {
        let due: Option<i64> = sqlx::query_scalar(NEXT_DEADLINE_SQL)
            .fetch_one(&self.pool)
            .await?;
        due.map(from_micros).transpose()
    }

    async fn merchant_days(
        &self,
        merchant: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<MerchantDay>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(days::merchant_window_sql(pg_placeholder)))
            .bind(merchant)
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(MerchantDay {
                    merchant_id: merchant.to_owned(),
                    day: days::parse_day(&row.try_get::<String, _>(0)?)?,
                    figures: day_row(row, 1)?,
                })
            })
            .collect()
    }

    async fn days_by_merchant(&self, from: Date, to: Date) -> Result<Vec<MerchantDay>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(days::by_merchant_sql(pg_placeholder)))
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(MerchantDay {
                    merchant_id: row.try_get(0)?,
                    day: to,
                    figures: day_row(row, 1)?,
                })
            })
            .collect()
    }

    async fn creator_days(
        &self,
        creator: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<CreatorDay>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(days::window_sql(
            &days::CREATOR_DAYS,
            pg_placeholder,
        )))
        .bind(creator)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(CreatorDay {
                    creator_id: creator.to_owned(),
                    day: days::parse_day(&row.try_get::<String, _>(0)?)?,
                    figures: day_row(row, 1)?,
                })
            })
            .collect()
    }

    async fn days_by_creator(&self, from: Date, to: Date) -> Result<Vec<CreatorDay>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(days::by_key_sql(
            &days::CREATOR_DAYS,
            pg_placeholder,
        )))
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(CreatorDay {
                    creator_id: row.try_get(0)?,
                    day: to,
                    figures: day_row(row, 1)?,
                })
            })
            .collect()
    }

    async fn platform_days(&self, from: Date, to: Date) -> Result<DayFigures, StoreError> {
        let row = sqlx::query(AssertSqlSafe(days::platform_sql(pg_placeholder)))
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_one(&self.pool)
            .await?;
        day_row(&row, 0)
    }

    async fn last_evaluation(&self) -> Result<Option<EvaluationRun>, StoreError> {
        let row: Option<(String, i64, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT day, started_us, finished_us, merchants, penalties, policy_version
             FROM evaluations ORDER BY day DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        row.map(days::evaluation_run).transpose()
    }

    async fn record_evaluation(&self, run: &EvaluationRun) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO evaluations
                 (day, started_us, finished_us, merchants, penalties, policy_version)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (day) DO UPDATE SET started_us = excluded.started_us,
                 finished_us = excluded.finished_us, merchants = excluded.merchants,
                 penalties = excluded.penalties, policy_version = excluded.policy_version",
        )
        .bind(run.day.to_string())
        .bind(to_micros(run.started_at))
        .bind(to_micros(run.finished_at))
        .bind(run.merchants as i64)
        .bind(run.penalties as i64)
        .bind(run.policy_version as i64)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn replay(&self) -> Result<ReplayReport, StoreError> {
        replay::run(&self.options, &self.schema).await
    }
}

impl PgStore {
    /// Replace every row of `merchant_days` with `rows` in one transaction, for
    /// `days::rebuild`: refused if an event was appended after position `read_up_to`.
    pub async fn replace_merchant_days(
        &self,
        rows: &[MerchantDay],
        read_up_to: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        // Writers that commit figures wait from here on, and one that committed before is
        // seen by the check: its events are past `read_up_to`. One still waiting adds its
        // difference on top of the rebuilt rows, which do not hold its events.
        sqlx::query("LOCK TABLE merchant_days IN EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await?;
        let last: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(position), 0) FROM events")
            .fetch_one(&mut *tx)
            .await?;
        if last != read_up_to {
            return Err(days::log_grew(read_up_to, last));
        }
        sqlx::query("DELETE FROM merchant_days")
            .execute(&mut *tx)
            .await?;
        for chunk in rows.chunks(10_000) {
            upsert_days(&mut tx, chunk).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
