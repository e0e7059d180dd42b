//! `redress replay` on PostgreSQL: rebuild every projection from the event log into a scratch
//! schema in the same database and prove it equal to the live one, table by table, with
//! `EXCEPT` both ways.
//!
//! Everything happens in one REPEATABLE READ transaction on a connection of its own: the
//! rebuild and the comparison see one snapshot of the live schema, however busy the instances
//! are, and the scratch schema is created inside the transaction and rolled back with it, so
//! it is dropped even if the process dies half-way.

use super::{migrate, quote_ident, rows};
use crate::commit::{decode_into, empty_events};
use crate::sqlite::replay::{DIFFERENCES_SHOWN_MAX, stream_key};
use crate::stream::{self, StreamKey};
use crate::{PROJECTIONS, ReplayReport, StoreError};
use sqlx::postgres::PgConnectOptions;
use sqlx::{AssertSqlSafe, Connection, PgConnection, Row};

/// Events read from the live log per round trip.
const EVENTS_PER_PAGE: i64 = 10_000;

pub(crate) async fn run(
    options: &PgConnectOptions,
    live_schema: &str,
) -> Result<ReplayReport, StoreError> {
    let mut conn = PgConnection::connect_with(options).await?;
    let result = rebuild_and_compare(&mut conn, live_schema).await;
    let _ = conn.close().await;
    result
}

async fn rebuild_and_compare(
    conn: &mut PgConnection,
    live_schema: &str,
) -> Result<ReplayReport, StoreError> {
    let live = quote_ident(live_schema);
    let scratch = quote_ident(&format!(
        "redress_replay_{}_{}",
        std::process::id(),
        nanos()
    ));
    let mut tx = conn
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ")
        .await?;
    // The snapshot is taken at the first query: this one, before anything is read.
    sqlx::query(AssertSqlSafe(format!("CREATE SCHEMA {scratch}")))
        .execute(&mut *tx)
        .await?;
    // Unqualified names now mean the scratch tables, so the same projection writer fills them.
    sqlx::query(AssertSqlSafe(format!("SET LOCAL search_path TO {scratch}")))
        .execute(&mut *tx)
        .await?;
    migrate::run(&mut tx).await?;
    let mut report = ReplayReport::default();
    rebuild(&mut tx, &live, &mut report).await?;
    for (table, columns, order) in PROJECTIONS {
        for (only_in, from, minus) in [("live", &live, &scratch), ("replayed", &scratch, &live)] {
            let sql = format!(
                "SELECT d::text FROM (SELECT {columns} FROM {from}.{table}
                     EXCEPT SELECT {columns} FROM {minus}.{table}) AS d
                 ORDER BY {order} LIMIT {DIFFERENCES_SHOWN_MAX}"
            );
            let rows: Vec<String> = sqlx::query_scalar(AssertSqlSafe(sql))
                .fetch_all(&mut *tx)
                .await?;
            for values in rows {
                report
                    .differences
                    .push(format!("{table}: only in {only_in}: {values}"));
            }
        }
    }
    // Rolling back drops the scratch schema with everything in it.
    tx.rollback().await?;
    Ok(report)
}

/// Fold every stream of `{source}.events` and write its `streams` row and projections into
/// the tables the connection's search_path names: a scratch schema for replay, the live one
/// for `migrate-store`. Counts events and streams into `report`.
pub(crate) async fn rebuild(
    conn: &mut PgConnection,
    source: &str,
    report: &mut ReplayReport,
) -> Result<(), StoreError> {
    let page_sql = format!(
        "SELECT merchant_id, stream, seq, kind, at_us, actor, payload FROM {source}.events
         WHERE (merchant_id, stream, seq) > ($1, $2, $3)
         ORDER BY merchant_id, stream, seq LIMIT {EVENTS_PER_PAGE}"
    );
    let mut after = (String::new(), String::new(), 0_i64);
    let mut current: Option<(StreamKey, String, stream::Events)> = None;
    loop {
        let page = sqlx::query(AssertSqlSafe(page_sql.clone()))
            .bind(&after.0)
            .bind(&after.1)
            .bind(after.2)
            .fetch_all(&mut *conn)
            .await?;
        let Some(last) = page.last() else {
            break;
        };
        after = (last.try_get(0)?, last.try_get(1)?, last.try_get(2)?);
        for row in &page {
            let merchant: String = row.try_get(0)?;
            let name: String = row.try_get(1)?;
            let seq: i64 = row.try_get(2)?;
            if current
                .as_ref()
                .is_none_or(|(key, n, _)| *n != name || key.merchant_key() != merchant)
            {
                if let Some((key, _, events)) = current.take() {
                    finish_stream(&mut *conn, &key, &events, report).await?;
                }
                let key = stream_key(&merchant, &name)?;
                let events = empty_events(&key);
                current = Some((key, name.clone(), events));
            }
            let (_, _, events) = current.as_mut().expect("set above");
            let kind: String = row.try_get(3)?;
            let at_us: i64 = row.try_get(4)?;
            let actor: String = row.try_get(5)?;
            let payload: String = row.try_get(6)?;
            decode_into(events, &name, seq as u64, &kind, at_us, &actor, &payload)?;
            report.events += 1;
        }
    }
    if let Some((key, _, events)) = current.take() {
        finish_stream(&mut *conn, &key, &events, report).await?;
    }
    Ok(())
}

async fn finish_stream(
    conn: &mut PgConnection,
    key: &StreamKey,
    events: &stream::Events,
    report: &mut ReplayReport,
) -> Result<(), StoreError> {
    report.streams += 1;
    let Some(state) = stream::fold(key, None, events) else {
        return Ok(());
    };
    sqlx::query("INSERT INTO streams (merchant_id, stream, version) VALUES ($1, $2, $3)")
        .bind(key.merchant_key())
        .bind(key.name())
        .bind(events.len() as i64)
        .execute(&mut *conn)
        .await?;
    rows::write_projections(conn, &state).await
}

fn nanos() -> u128 {
    // Only to make the scratch name unique; no domain decision reads this.
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}
