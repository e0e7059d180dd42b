//! The merchant queue's benchmark (`redress-bench queue`): one merchant's tickets written
//! straight into the `tickets` projection, as commands would have left them, deterministic
//! from the ticket's number: a tenth waiting on the merchant with a live deadline, a tenth
//! awaiting the buyer's return, the rest closed or completed; a tenth as many for seven other
//! merchants beside them. It lives here because only the store knows SQL.

use crate::StoreError;
use rusqlite::{Connection, params};
use std::path::Path;

/// The tickets, deterministic from their number.
pub fn fill(path: &Path, merchant: &str, now_us: i64, tickets: u64) -> Result<(), StoreError> {
    let mut conn = Connection::open(path)?;
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO tickets (merchant_id, ticket_id, order_id, buyer_id, kind, reason,
                 course, state, currency, amount_minor, refunded_minor, opened_us, decided_us,
                 deadline_kind, due_us, return_signed_us, auto_rule, overdue_approved,
                 dispute_first_us, refund_alert, version, updated_us)
             VALUES (?1, ?2, ?3, ?4, 'refund_only', 'dont_want', 'refund_only', ?5, 'CNY', ?6,
                 0, ?7, NULL, ?8, ?9, NULL, NULL, 0, NULL, NULL, 1, ?7)",
        )?;
        let rows = (0..tickets)
            .map(|n| (merchant.to_owned(), n))
            .chain((0..tickets / 10).map(|n| (format!("M-OTHER-{}", n % 7), n)));
        for (merchant, n) in rows {
            let n = n as i64;
            let opened = now_us - (n % 30) * 86_400_000_000 - n;
            let (state, deadline, due) = match n % 10 {
                0 => (
                    "requested",
                    Some("merchant_response"),
                    Some(opened + 48 * 3_600_000_000),
                ),
                1 => (
                    "awaiting_return",
                    Some("buyer_return_shipment"),
                    Some(opened + 168 * 3_600_000_000),
                ),
                2 => ("closed", None, None),
                _ => ("completed", None, None),
            };
            insert.execute(params![
                merchant,
                format!("T-{n:08}"),
                format!("O-{n:08}"),
                format!("B-{}", n % 5_000),
                state,
                1_000 + n % 50_000,
                opened,
                deadline,
                due,
            ])?;
        }
    }
    tx.commit()?;
    conn.execute_batch("ANALYZE")?;
    Ok(())
}

/// SQLite's plan for the first page, as the store asks it.
pub fn first_page_plan(path: &Path, merchant: &str) -> Result<String, StoreError> {
    let conn = Connection::open(path)?;
    let sql = "EXPLAIN QUERY PLAN SELECT * FROM tickets WHERE merchant_id = ?1 \
               ORDER BY COALESCE(due_us, 9223372036854775807) ASC, merchant_id ASC, ticket_id ASC \
               LIMIT 51";
    let mut stmt = conn.prepare(sql)?;
    let steps: Vec<String> = stmt
        .query_map([merchant], |r| r.get::<_, String>(3))?
        .collect::<Result<_, _>>()?;
    Ok(steps.join("; "))
}
