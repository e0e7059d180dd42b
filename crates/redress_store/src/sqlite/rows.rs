//! Writing projection rows. Rows are a function of state, so the newest state's rows are
//! simply the right rows. An order's and its tickets' rows are upserted rather than replaced:
//! a replace deletes and reinserts the row in every index, where an update rewrites only
//! the indexes over the columns it sets. The columns left out of `SET` (the keys, the buyer,
//! when the order was paid and the ticket opened) never change once written, and they are
//! what four of the ticket indexes and two of the order indexes are built on. A ticket row
//! that is already right (the order changed, not this ticket) is not written at all.

use crate::StoreError;
use crate::projection;
use crate::stream::State;
use rusqlite::{Transaction, params};

pub(crate) fn write_projections(tx: &Transaction<'_>, state: &State) -> Result<(), StoreError> {
    match state {
        State::Order(order) => {
            let o = projection::order_row(order);
            tx.prepare_cached(
                "INSERT INTO orders (merchant_id, order_id, buyer_id, currency, paid_minor,
                    refunded_minor, paid_us, fulfilment, signer, tracking, version, updated_us)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT (merchant_id, order_id) DO UPDATE SET
                    currency = excluded.currency, paid_minor = excluded.paid_minor,
                    refunded_minor = excluded.refunded_minor, fulfilment = excluded.fulfilment,
                    signer = excluded.signer, tracking = excluded.tracking,
                    version = excluded.version, updated_us = excluded.updated_us",
            )?
            .execute(params![
                o.merchant_id,
                o.order_id,
                o.buyer_id,
                o.currency,
                o.paid_minor,
                o.refunded_minor,
                o.paid_us,
                o.fulfilment,
                o.signer,
                o.tracking,
                o.version,
                o.updated_us
            ])?;
            let mut ticket = tx.prepare_cached(
                "INSERT INTO tickets (merchant_id, ticket_id, order_id, buyer_id, kind, reason,
                    course, state, currency, amount_minor, refunded_minor, opened_us, decided_us,
                    deadline_kind, due_us, return_signed_us, auto_rule, overdue_approved,
                    dispute_first_us, refund_alert, version, updated_us, completed_us,
                    merchant_responsible)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                    ?18, ?19, ?20, ?21, ?22, ?23, ?24)
                 ON CONFLICT (merchant_id, ticket_id) DO UPDATE SET
                    (kind, reason, course, state, currency, amount_minor, refunded_minor,
                     decided_us, deadline_kind, due_us, return_signed_us, auto_rule,
                     overdue_approved, dispute_first_us, refund_alert, version, updated_us,
                     completed_us, merchant_responsible)
                  = (excluded.kind, excluded.reason, excluded.course, excluded.state,
                     excluded.currency, excluded.amount_minor, excluded.refunded_minor,
                     excluded.decided_us, excluded.deadline_kind, excluded.due_us,
                     excluded.return_signed_us, excluded.auto_rule, excluded.overdue_approved,
                     excluded.dispute_first_us, excluded.refund_alert, excluded.version,
                     excluded.updated_us, excluded.completed_us, excluded.merchant_responsible)
                 WHERE (kind, reason, course, state, currency, amount_minor, refunded_minor,
                     decided_us, deadline_kind, due_us, return_signed_us, auto_rule,
                     overdue_approved, dispute_first_us, refund_alert, version, updated_us,
                     completed_us, merchant_responsible)
                  IS NOT (excluded.kind, excluded.reason, excluded.course, excluded.state,
                     excluded.currency, excluded.amount_minor, excluded.refunded_minor,
                     excluded.decided_us, excluded.deadline_kind, excluded.due_us,
                     excluded.return_signed_us, excluded.auto_rule, excluded.overdue_approved,
                     excluded.dispute_first_us, excluded.refund_alert, excluded.version,
                     excluded.updated_us, excluded.completed_us, excluded.merchant_responsible)",
            )?;
            let tickets = projection::ticket_rows(order);
            for t in &tickets {
                ticket.execute(params![
                    t.merchant_id,
                    t.ticket_id,
                    t.order_id,
                    t.buyer_id,
                    t.kind,
                    t.reason,
                    t.course,
                    t.state,
                    t.currency,
                    t.amount_minor,
                    t.refunded_minor,
                    t.opened_us,
                    t.decided_us,
                    t.deadline_kind,
                    t.due_us,
                    t.return_signed_us,
                    t.auto_rule,
                    t.overdue_approved,
                    t.dispute_first_us,
                    t.refund_alert,
                    t.version,
                    t.updated_us,
                    t.completed_us,
                    t.merchant_responsible
                ])?;
            }
            // Each ticket's deadline set or cleared by its key. Clearing them by order instead
            // walked every deadline of the merchant (the key is the merchant, then the
            // ticket): a cost that grew with the merchant's open requests. Setting a row
            // clears any claim on it, as writing it afresh did.
            let deadlines = projection::deadline_rows(order);
            let mut set = tx.prepare_cached(
                "INSERT INTO deadlines (merchant_id, ticket_id, order_id, kind, due_us)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (merchant_id, ticket_id) DO UPDATE SET
                    kind = excluded.kind, due_us = excluded.due_us, claimed_until_us = NULL
                 WHERE (kind, due_us, claimed_until_us) IS NOT (excluded.kind, excluded.due_us, NULL)",
            )?;
            let mut clear = tx.prepare_cached(
                "DELETE FROM deadlines WHERE merchant_id = ?1 AND ticket_id = ?2",
            )?;
            for t in &tickets {
                match deadlines.iter().find(|d| d.ticket_id == t.ticket_id) {
                    Some(d) => set.execute(params![
                        d.merchant_id,
                        d.ticket_id,
                        d.order_id,
                        d.kind,
                        d.due_us
                    ])?,
                    None => clear.execute(params![t.merchant_id, t.ticket_id])?,
                };
            }
        }
        State::Merchant(merchant) => {
            let m = projection::merchant_row(merchant);
            tx.prepare_cached(
                "INSERT OR REPLACE INTO merchants (merchant_id, fast_refund_opted_in,
                    platform_fast_refund_excluded, refund_handling_closed, name,
                    settles_return_shipping, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                m.merchant_id,
                m.fast_refund_opted_in,
                m.platform_fast_refund_excluded,
                m.refund_handling_closed,
                m.name,
                m.settles_return_shipping,
                m.version
            ])?;
            let mut strategy = tx.prepare_cached(
                "INSERT OR REPLACE INTO strategies (merchant_id, strategy_id, version, name, action, enabled)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for s in projection::strategy_rows(merchant) {
                strategy.execute(params![
                    s.merchant_id,
                    s.strategy_id,
                    s.version,
                    s.name,
                    s.action,
                    s.enabled
                ])?;
            }
        }
        State::Buyer(buyer) => {
            let b = projection::buyer_row(buyer);
            tx.prepare_cached(
                "INSERT OR REPLACE INTO buyers (buyer_id, account_created_us, completed_orders,
                    orders_90d, refunds_90d, abuse_restricted, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                b.buyer_id,
                b.account_created_us,
                b.completed_orders,
                b.orders_90d,
                b.refunds_90d,
                b.abuse_restricted,
                b.version
            ])?;
        }
        // The policy's history and a creator's penalties have no projection: each is read
        // from its stream.
        State::Policy(_) | State::Creator(_) => {}
    }
    Ok(())
}
