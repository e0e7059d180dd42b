//! Schema migrations for PostgreSQL, embedded in the binary and applied in order at start-up,
//! side by side with the SQLite ones and numbered alike.

use crate::StoreError;
use sqlx::{Connection, PgConnection};

/// Every migration, oldest first. Never edit one that has shipped: add another.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_event_log",
        include_str!("../../migrations/postgres/0001_event_log.sql"),
    ),
    (
        "0002_projections",
        include_str!("../../migrations/postgres/0002_projections.sql"),
    ),
    (
        "0003_deadline_claims",
        include_str!("../../migrations/postgres/0003_deadline_claims.sql"),
    ),
    (
        "0004_metrics",
        include_str!("../../migrations/postgres/0004_metrics.sql"),
    ),
    (
        "0005_api_keys",
        include_str!("../../migrations/postgres/0005_api_keys.sql"),
    ),
    (
        "0006_webhooks",
        include_str!("../../migrations/postgres/0006_webhooks.sql"),
    ),
    (
        "0007_request_receipts",
        include_str!("../../migrations/postgres/0007_request_receipts.sql"),
    ),
    (
        "0008_request_leases",
        include_str!("../../migrations/postgres/0008_request_leases.sql"),
    ),
    (
        "0009_console_sessions",
        include_str!("../../migrations/postgres/0009_console_sessions.sql"),
    ),
    (
        "0010_policy_versions",
        include_str!("../../migrations/postgres/0010_policy_versions.sql"),
    ),
    (
        "0011_buyer_escalation_after_system",
        include_str!("../../migrations/postgres/0011_buyer_escalation_after_system.sql"),
    ),
    (
        "0012_jetstream",
        include_str!("../../migrations/postgres/0012_jetstream.sql"),
    ),
    (
        "0013_feed_and_list_filters",
        include_str!("../../migrations/postgres/0013_feed_and_list_filters.sql"),
    ),
    (
        "0014_creator_days",
        include_str!("../../migrations/postgres/0014_creator_days.sql"),
    ),
    (
        "0015_ticket_queue",
        include_str!("../../migrations/postgres/0015_ticket_queue.sql"),
    ),
    (
        "0016_staff_users",
        include_str!("../../migrations/postgres/0016_staff_users.sql"),
    ),
    (
        "0017_deadline_notice_cursor",
        include_str!("../../migrations/postgres/0017_deadline_notice_cursor.sql"),
    ),
    (
        "0018_shop_names",
        include_str!("../../migrations/postgres/0018_shop_names.sql"),
    ),
    (
        "0019_desk_and_metric_links",
        include_str!("../../migrations/postgres/0019_desk_and_metric_links.sql"),
    ),
    (
        "0020_platform_settles_return_shipping",
        include_str!("../../migrations/postgres/0020_platform_settles_return_shipping.sql"),
    ),
    (
        "0021_platform_handled_merchants",
        include_str!("../../migrations/postgres/0021_platform_handled_merchants.sql"),
    ),
    (
        "0022_rollups_in_key_order",
        include_str!("../../migrations/postgres/0022_rollups_in_key_order.sql"),
    ),
];

/// Apply what is missing to the connection's current schema, all in one transaction (DDL is
/// transactional in PostgreSQL). An advisory lock keyed by the schema's name makes instances
/// that start together on a new schema take turns instead of racing to create it.
pub(crate) async fn run(conn: &mut PgConnection) -> Result<(), StoreError> {
    let mut tx = conn.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('redress:' || current_schema()))")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version BIGINT PRIMARY KEY, name TEXT NOT NULL)",
    )
    .execute(&mut *tx)
    .await?;
    let applied: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
            .fetch_one(&mut *tx)
            .await?;
    let known = MIGRATIONS.len() as i64;
    if applied > known {
        return Err(StoreError::SchemaTooNew {
            found: applied,
            known,
        });
    }
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(applied as usize) {
        sqlx::raw_sql(*sql)
            .execute(&mut *tx)
            .await
            .map_err(|source| StoreError::PostgresMigration { name, source })?;
        sqlx::query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)")
            .bind(index as i64 + 1)
            .bind(*name)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
