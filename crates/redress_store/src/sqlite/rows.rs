//! Writing projection rows. Rows are replaced whole: they are a function of state, so the
//! newest state's rows are simply the right rows.

use crate::StoreError;
use crate::projection;
use crate::stream::State;
use rusqlite::{Transaction, params};

pub(crate) fn write_projections(tx: &Transaction<'_>, state: &State) -> Result<(), StoreError> {
    match state {
        State::Order(order) => {
            let o = projection::order_row(order);
            tx.prepare_cached(
                "INSERT OR REPLACE INTO orders (merchant_id, order_id, buyer_id, currency, paid_minor,
                    refunded_minor, paid_us, fulfilment, signer, tracking, version, updated_us)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                o.merchant_id, o.order_id, o.buyer_id, o.currency, o.paid_minor, o.refunded_minor,
                o.paid_us, o.fulfilment, o.signer, o.tracking, o.version, o.updated_us
            ])?;
            let mut ticket = tx.prepare_cached(
                "INSERT OR REPLACE INTO tickets (merchant_id, ticket_id, order_id, buyer_id, kind, reason,
                    course, state, currency, amount_minor, refunded_minor, opened_us, decided_us,
                    deadline_kind, due_us, return_signed_us, auto_rule, overdue_approved,
                    dispute_first_us, refund_alert, version, updated_us, completed_us,
                    merchant_responsible)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                    ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
            )?;
            for t in projection::ticket_rows(order) {
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
            tx.prepare_cached("DELETE FROM deadlines WHERE merchant_id = ?1 AND order_id = ?2")?
                .execute(params![o.merchant_id, o.order_id])?;
            let mut deadline = tx.prepare_cached(
                "INSERT INTO deadlines (merchant_id, ticket_id, order_id, kind, due_us)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for d in projection::deadline_rows(order) {
                deadline.execute(params![
                    d.merchant_id,
                    d.ticket_id,
                    d.order_id,
                    d.kind,
                    d.due_us
                ])?;
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
