//! Schema migrations, embedded in the binary and applied in order at start-up.

use crate::StoreError;
use rusqlite::{Connection, params};

/// Every migration, oldest first. Never edit one that has shipped: add another.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_event_log",
        include_str!("../../migrations/sqlite/0001_event_log.sql"),
    ),
    (
        "0002_projections",
        include_str!("../../migrations/sqlite/0002_projections.sql"),
    ),
    (
        "0003_deadline_claims",
        include_str!("../../migrations/sqlite/0003_deadline_claims.sql"),
    ),
    (
        "0004_metrics",
        include_str!("../../migrations/sqlite/0004_metrics.sql"),
    ),
    (
        "0005_api_keys",
        include_str!("../../migrations/sqlite/0005_api_keys.sql"),
    ),
    (
        "0006_webhooks",
        include_str!("../../migrations/sqlite/0006_webhooks.sql"),
    ),
    (
        "0007_request_receipts",
        include_str!("../../migrations/sqlite/0007_request_receipts.sql"),
    ),
    (
        "0008_request_leases",
        include_str!("../../migrations/sqlite/0008_request_leases.sql"),
    ),
    (
        "0009_console_sessions",
        include_str!("../../migrations/sqlite/0009_console_sessions.sql"),
    ),
    (
        "0010_policy_versions",
        include_str!("../../migrations/sqlite/0010_policy_versions.sql"),
    ),
    (
        "0011_buyer_escalation_after_system",
        include_str!("../../migrations/sqlite/0011_buyer_escalation_after_system.sql"),
    ),
    (
        "0012_jetstream",
        include_str!("../../migrations/sqlite/0012_jetstream.sql"),
    ),
    (
        "0013_feed_and_list_filters",
        include_str!("../../migrations/sqlite/0013_feed_and_list_filters.sql"),
    ),
    (
        "0014_creator_days",
        include_str!("../../migrations/sqlite/0014_creator_days.sql"),
    ),
    (
        "0015_ticket_queue",
        include_str!("../../migrations/sqlite/0015_ticket_queue.sql"),
    ),
    (
        "0016_staff_users",
        include_str!("../../migrations/sqlite/0016_staff_users.sql"),
    ),
    (
        "0017_deadline_notice_cursor",
        include_str!("../../migrations/sqlite/0017_deadline_notice_cursor.sql"),
    ),
    (
        "0018_shop_names",
        include_str!("../../migrations/sqlite/0018_shop_names.sql"),
    ),
    (
        "0019_desk_and_metric_links",
        include_str!("../../migrations/sqlite/0019_desk_and_metric_links.sql"),
    ),
    (
        "0020_platform_settles_return_shipping",
        include_str!("../../migrations/sqlite/0020_platform_settles_return_shipping.sql"),
    ),
    (
        "0021_platform_handled_merchants",
        include_str!("../../migrations/sqlite/0021_platform_handled_merchants.sql"),
    ),
    (
        "0022_rollups_in_key_order",
        include_str!("../../migrations/sqlite/0022_rollups_in_key_order.sql"),
    ),
];

/// Apply what is missing, all in one write transaction, so that two processes starting on
/// one new file cannot both try to create the schema.
pub(crate) fn run(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version INTEGER PRIMARY KEY, name TEXT NOT NULL)",
    )?;
    let applied: i64 = tx.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?;
    let known = MIGRATIONS.len() as i64;
    if applied > known {
        return Err(StoreError::SchemaTooNew {
            found: applied,
            known,
        });
    }
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(applied as usize) {
        tx.execute_batch(sql)
            .map_err(|source| StoreError::Migration { name, source })?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)",
            params![index as i64 + 1, name],
        )?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 0022 moves the daily figures into tables stored in key order, every row as it was.
    #[test]
    fn the_rollups_keep_their_rows_when_stored_in_key_order() {
        let mut conn = Connection::open_in_memory().expect("opens");
        let before = MIGRATIONS
            .iter()
            .position(|(name, _)| *name == "0022_rollups_in_key_order")
            .expect("0022 is listed");
        conn.execute_batch(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)",
        )
        .expect("creates");
        for (index, (name, sql)) in MIGRATIONS[..before].iter().enumerate() {
            conn.execute_batch(sql).expect(name);
            conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)",
                params![index as i64 + 1, name],
            )
            .expect("records");
        }
        let figures = (1..=12)
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        conn.execute_batch(&format!(
            "INSERT INTO merchant_days VALUES ('m-2', '2026-03-01', {figures});
             INSERT INTO merchant_days VALUES ('m-1', '2026-03-02', {figures});
             INSERT INTO creator_days VALUES ('c-1', '2026-03-01', {figures});"
        ))
        .expect("rows of the old tables");
        let rows = |conn: &Connection, table: &str| -> Vec<Vec<String>> {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
                .expect("prepares");
            let columns = stmt.column_count();
            stmt.query_map([], |r| {
                (0..columns)
                    .map(|i| {
                        let value: rusqlite::types::Value = r.get(i)?;
                        Ok(format!("{value:?}"))
                    })
                    .collect()
            })
            .expect("queries")
            .collect::<Result<_, _>>()
            .expect("reads")
        };
        let old = (rows(&conn, "merchant_days"), rows(&conn, "creator_days"));
        run(&mut conn).expect("migrates");
        assert_eq!(
            (rows(&conn, "merchant_days"), rows(&conn, "creator_days")),
            old
        );
        for table in ["merchant_days", "creator_days"] {
            let error = conn
                .query_row(&format!("SELECT rowid FROM {table}"), [], |r| {
                    r.get::<_, i64>(0)
                })
                .expect_err("no rowid");
            assert!(error.to_string().contains("rowid"), "{table}: {error}");
        }
    }
}
