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
