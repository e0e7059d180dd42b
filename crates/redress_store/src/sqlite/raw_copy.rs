//! The benchmark's ceiling (`redress-bench engine` on SQLite): the rows an engine run wrote,
//! written again statement for statement (event, stream version, order row, ticket row,
//! deadline) in batches, with no engine around them: no decisions, no encoding, no channel.
//! The engine is judged against this. It lives here because only the store knows SQL; the
//! benchmark times [`RawTarget::insert`].

use super::SqliteStore;
use crate::StoreError;
use rusqlite::{Connection, params};
use std::path::Path;

/// The rows of an engine run's database, in log order.
#[derive(Debug)]
pub struct RawCopy {
    rows: Vec<RawRow>,
}

#[derive(Debug)]
struct RawRow {
    merchant: String,
    stream: String,
    seq: i64,
    kind: String,
    at_us: i64,
    actor: String,
    payload: String,
    order: String,
    buyer: String,
    currency: String,
    paid: i64,
    refunded: i64,
    paid_us: i64,
    fulfilment: String,
    version: i64,
    ticket: Option<String>,
    state: Option<String>,
    amount: Option<i64>,
    opened_us: Option<i64>,
}

impl RawCopy {
    /// Read every event of `engine_db` with its order's and ticket's rows.
    pub fn read(engine_db: &Path) -> Result<RawCopy, StoreError> {
        let source = Connection::open(engine_db)?;
        let mut stmt = source.prepare(
            "SELECT e.merchant_id, e.stream, e.seq, e.kind, e.at_us, e.actor, e.payload,
                    o.order_id, o.buyer_id, o.currency, o.paid_minor, o.refunded_minor, o.paid_us,
                    o.fulfilment, o.version, t.ticket_id, t.state, t.amount_minor, t.opened_us
             FROM events e
             JOIN orders o ON o.merchant_id = e.merchant_id AND 'order:' || o.order_id = e.stream
             LEFT JOIN tickets t ON t.merchant_id = o.merchant_id AND t.order_id = o.order_id
             ORDER BY e.position",
        )?;
        let mut query = stmt.query([])?;
        let mut rows = Vec::new();
        while let Some(r) = query.next()? {
            rows.push(RawRow {
                merchant: r.get(0)?,
                stream: r.get(1)?,
                seq: r.get(2)?,
                kind: r.get(3)?,
                at_us: r.get(4)?,
                actor: r.get(5)?,
                payload: r.get(6)?,
                order: r.get(7)?,
                buyer: r.get(8)?,
                currency: r.get(9)?,
                paid: r.get(10)?,
                refunded: r.get(11)?,
                paid_us: r.get(12)?,
                fulfilment: r.get(13)?,
                version: r.get(14)?,
                ticket: r.get(15)?,
                state: r.get(16)?,
                amount: r.get(17)?,
                opened_us: r.get(18)?,
            });
        }
        Ok(RawCopy { rows })
    }

    /// How many events (commands' worth of rows) the copy holds.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// A new database with the store's schema (so the same indexes are maintained), in WAL mode
/// with `synchronous=FULL` like the engine's.
#[derive(Debug)]
pub struct RawTarget {
    conn: Connection,
}

impl RawTarget {
    /// Create `raw_db`, replacing any file there.
    pub fn create(raw_db: &Path) -> Result<RawTarget, StoreError> {
        let _ = std::fs::remove_file(raw_db);
        let conn = Connection::open(raw_db)?;
        conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;")?;
        drop(SqliteStore::open(raw_db)?);
        Ok(RawTarget { conn })
    }

    /// Write `copy` in transactions of `batch` events each.
    pub fn insert(&mut self, copy: &RawCopy, batch: usize) -> Result<(), StoreError> {
        for chunk in copy.rows.chunks(batch.max(1)) {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            for r in chunk {
                tx.prepare_cached(
                    "INSERT INTO events (merchant_id, stream, seq, kind, at_us, actor, payload)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    r.merchant, r.stream, r.seq, r.kind, r.at_us, r.actor, r.payload
                ])?;
                tx.prepare_cached(
                    "INSERT INTO streams (merchant_id, stream, version) VALUES (?1, ?2, ?3)
                     ON CONFLICT (merchant_id, stream) DO UPDATE SET version = excluded.version",
                )?
                .execute(params![r.merchant, r.stream, r.seq])?;
                tx.prepare_cached(
                    "INSERT INTO orders (merchant_id, order_id, buyer_id, currency, paid_minor,
                        refunded_minor, paid_us, fulfilment, signer, tracking, version)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, NULL, ?9)
                     ON CONFLICT (merchant_id, order_id) DO UPDATE SET
                        currency = excluded.currency, paid_minor = excluded.paid_minor,
                        refunded_minor = excluded.refunded_minor,
                        fulfilment = excluded.fulfilment, version = excluded.version",
                )?
                .execute(params![
                    r.merchant,
                    r.order,
                    r.buyer,
                    r.currency,
                    r.paid,
                    r.refunded,
                    r.paid_us,
                    r.fulfilment,
                    r.version
                ])?;
                if let Some(ticket) = &r.ticket {
                    tx.prepare_cached(
                        "INSERT INTO tickets (merchant_id, ticket_id, order_id, buyer_id, kind,
                            reason, course, state, currency, amount_minor, refunded_minor, opened_us,
                            overdue_approved, version)
                         VALUES (?1, ?2, ?3, ?4, 'refund_only', 'dont_want', 'refund', ?5, ?6, ?7, 0, ?8, 0, ?9)
                         ON CONFLICT (merchant_id, ticket_id) DO UPDATE SET
                            state = excluded.state, amount_minor = excluded.amount_minor,
                            version = excluded.version",
                    )?
                    .execute(params![
                        r.merchant,
                        ticket,
                        r.order,
                        r.buyer,
                        r.state,
                        r.currency,
                        r.amount,
                        r.opened_us,
                        r.seq
                    ])?;
                }
                if let Some(ticket) = &r.ticket {
                    tx.prepare_cached(
                        "DELETE FROM deadlines WHERE merchant_id = ?1 AND ticket_id = ?2",
                    )?
                    .execute(params![r.merchant, ticket])?;
                }
                if let (Some(ticket), true) = (&r.ticket, r.kind == "opened") {
                    tx.prepare_cached(
                        "INSERT INTO deadlines (merchant_id, ticket_id, order_id, kind, due_us)
                         VALUES (?1, ?2, ?3, 'merchant_response', ?4)",
                    )?
                    .execute(params![
                        r.merchant,
                        ticket,
                        r.order,
                        r.at_us + 172_800_000_000
                    ])?;
                }
            }
            tx.commit()?;
        }
        Ok(())
    }
}
