//! Writing projection rows on PostgreSQL: the same rows as SQLite (`crate::projection`),
//! upserted. A ticket row that is already right (the order changed, not this ticket) is
//! left alone rather than rewritten as a new row version.

use crate::StoreError;
use crate::projection::{self, DeadlineRow, OrderRow, TicketRow};
use crate::stream::State;
use sqlx::PgConnection;

pub(crate) async fn write_projections(
    conn: &mut PgConnection,
    state: &State,
) -> Result<(), StoreError> {
    match state {
        State::Order(order) => {
            let tickets = projection::ticket_rows(order);
            upsert_orders(conn, &[projection::order_row(order)]).await?;
            upsert_tickets(conn, &tickets).await?;
            replace_deadlines(conn, &tickets, &projection::deadline_rows(order)).await?;
        }
        State::Merchant(merchant) => {
            let m = projection::merchant_row(merchant);
            sqlx::query(
                "INSERT INTO merchants (merchant_id, fast_refund_opted_in,
                    platform_fast_refund_excluded, refund_handling_closed, name,
                    settles_return_shipping, version)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (merchant_id) DO UPDATE SET
                    fast_refund_opted_in = EXCLUDED.fast_refund_opted_in,
                    platform_fast_refund_excluded = EXCLUDED.platform_fast_refund_excluded,
                    refund_handling_closed = EXCLUDED.refund_handling_closed,
                    name = EXCLUDED.name,
                    settles_return_shipping = EXCLUDED.settles_return_shipping,
                    version = EXCLUDED.version",
            )
            .bind(&m.merchant_id)
            .bind(m.fast_refund_opted_in)
            .bind(m.platform_fast_refund_excluded)
            .bind(&m.refund_handling_closed)
            .bind(&m.name)
            .bind(m.settles_return_shipping)
            .bind(m.version)
            .execute(&mut *conn)
            .await?;
            for s in projection::strategy_rows(merchant) {
                sqlx::query(
                    "INSERT INTO strategies (merchant_id, strategy_id, version, name, action,
                        enabled)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (merchant_id, strategy_id) DO UPDATE SET
                        version = EXCLUDED.version, name = EXCLUDED.name,
                        action = EXCLUDED.action, enabled = EXCLUDED.enabled",
                )
                .bind(&s.merchant_id)
                .bind(&s.strategy_id)
                .bind(s.version)
                .bind(&s.name)
                .bind(s.action)
                .bind(s.enabled)
                .execute(&mut *conn)
                .await?;
            }
        }
        State::Buyer(buyer) => {
            let b = projection::buyer_row(buyer);
            sqlx::query(
                "INSERT INTO buyers (buyer_id, account_created_us, completed_orders, orders_90d,
                    refunds_90d, abuse_restricted, version)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (buyer_id) DO UPDATE SET
                    account_created_us = EXCLUDED.account_created_us,
                    completed_orders = EXCLUDED.completed_orders,
                    orders_90d = EXCLUDED.orders_90d, refunds_90d = EXCLUDED.refunds_90d,
                    abuse_restricted = EXCLUDED.abuse_restricted, version = EXCLUDED.version",
            )
            .bind(&b.buyer_id)
            .bind(b.account_created_us)
            .bind(b.completed_orders)
            .bind(b.orders_90d)
            .bind(b.refunds_90d)
            .bind(b.abuse_restricted)
            .bind(b.version)
            .execute(&mut *conn)
            .await?;
        }
        // The policy's history has no projection: it is read from its stream.
        State::Policy(_) | State::Creator(_) => {}
    }
    Ok(())
}

/// Upsert order rows, one statement for all.
pub(crate) async fn upsert_orders(
    conn: &mut PgConnection,
    orders: &[OrderRow],
) -> Result<(), StoreError> {
    if orders.is_empty() {
        return Ok(());
    }
    let col = |f: fn(&OrderRow) -> &str| orders.iter().map(f).collect::<Vec<&str>>();
    let int = |f: fn(&OrderRow) -> i64| orders.iter().map(f).collect::<Vec<i64>>();
    sqlx::query(
        "INSERT INTO orders (merchant_id, order_id, buyer_id, currency, paid_minor,
            refunded_minor, paid_us, fulfilment, signer, tracking, version, updated_us)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[],
            $6::bigint[], $7::bigint[], $8::text[], $9::text[], $10::text[], $11::bigint[],
            $12::bigint[])
         ON CONFLICT (merchant_id, order_id) DO UPDATE SET
            buyer_id = EXCLUDED.buyer_id, currency = EXCLUDED.currency,
            paid_minor = EXCLUDED.paid_minor, refunded_minor = EXCLUDED.refunded_minor,
            paid_us = EXCLUDED.paid_us, fulfilment = EXCLUDED.fulfilment,
            signer = EXCLUDED.signer, tracking = EXCLUDED.tracking,
            version = EXCLUDED.version, updated_us = EXCLUDED.updated_us",
    )
    .bind(col(|o| &o.merchant_id))
    .bind(col(|o| &o.order_id))
    .bind(col(|o| &o.buyer_id))
    .bind(col(|o| &o.currency))
    .bind(int(|o| o.paid_minor))
    .bind(int(|o| o.refunded_minor))
    .bind(int(|o| o.paid_us))
    .bind(col(|o| o.fulfilment))
    .bind(orders.iter().map(|o| o.signer).collect::<Vec<_>>())
    .bind(
        orders
            .iter()
            .map(|o| o.tracking.as_deref())
            .collect::<Vec<_>>(),
    )
    .bind(int(|o| o.version))
    .bind(int(|o| o.updated_us))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Upsert ticket rows, one statement for all.
pub(crate) async fn upsert_tickets(
    conn: &mut PgConnection,
    tickets: &[TicketRow],
) -> Result<(), StoreError> {
    if tickets.is_empty() {
        return Ok(());
    }
    let col = |f: fn(&TicketRow) -> &str| tickets.iter().map(f).collect::<Vec<&str>>();
    let int = |f: fn(&TicketRow) -> i64| tickets.iter().map(f).collect::<Vec<i64>>();
    let maybe_int =
        |f: fn(&TicketRow) -> Option<i64>| tickets.iter().map(f).collect::<Vec<Option<i64>>>();
    let maybe_text =
        |f: fn(&TicketRow) -> Option<&str>| tickets.iter().map(f).collect::<Vec<Option<&str>>>();
    sqlx::query(
        "INSERT INTO tickets (merchant_id, ticket_id, order_id, buyer_id, kind, reason,
            course, state, currency, amount_minor, refunded_minor, opened_us,
            decided_us, deadline_kind, due_us, return_signed_us, auto_rule,
            overdue_approved, dispute_first_us, refund_alert, version, updated_us,
            completed_us, merchant_responsible)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
            $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::bigint[],
            $12::bigint[], $13::bigint[], $14::text[], $15::bigint[], $16::bigint[],
            $17::text[], $18::boolean[], $19::bigint[], $20::text[], $21::bigint[],
            $22::bigint[], $23::bigint[], $24::boolean[])
         ON CONFLICT (merchant_id, ticket_id) DO UPDATE SET
            order_id = EXCLUDED.order_id, buyer_id = EXCLUDED.buyer_id,
            kind = EXCLUDED.kind, reason = EXCLUDED.reason, course = EXCLUDED.course,
            state = EXCLUDED.state, currency = EXCLUDED.currency,
            amount_minor = EXCLUDED.amount_minor,
            refunded_minor = EXCLUDED.refunded_minor,
            opened_us = EXCLUDED.opened_us, decided_us = EXCLUDED.decided_us,
            deadline_kind = EXCLUDED.deadline_kind, due_us = EXCLUDED.due_us,
            return_signed_us = EXCLUDED.return_signed_us,
            auto_rule = EXCLUDED.auto_rule,
            overdue_approved = EXCLUDED.overdue_approved,
            dispute_first_us = EXCLUDED.dispute_first_us,
            refund_alert = EXCLUDED.refund_alert, version = EXCLUDED.version,
            updated_us = EXCLUDED.updated_us, completed_us = EXCLUDED.completed_us,
            merchant_responsible = EXCLUDED.merchant_responsible
         WHERE (tickets.kind, tickets.reason, tickets.course, tickets.state, tickets.currency,
            tickets.amount_minor, tickets.refunded_minor, tickets.decided_us,
            tickets.deadline_kind, tickets.due_us, tickets.return_signed_us, tickets.auto_rule,
            tickets.overdue_approved, tickets.dispute_first_us, tickets.refund_alert,
            tickets.version, tickets.updated_us, tickets.completed_us,
            tickets.merchant_responsible)
         IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.reason, EXCLUDED.course, EXCLUDED.state,
            EXCLUDED.currency, EXCLUDED.amount_minor, EXCLUDED.refunded_minor,
            EXCLUDED.decided_us, EXCLUDED.deadline_kind, EXCLUDED.due_us,
            EXCLUDED.return_signed_us, EXCLUDED.auto_rule, EXCLUDED.overdue_approved,
            EXCLUDED.dispute_first_us, EXCLUDED.refund_alert, EXCLUDED.version,
            EXCLUDED.updated_us, EXCLUDED.completed_us, EXCLUDED.merchant_responsible)",
    )
    .bind(col(|t| &t.merchant_id))
    .bind(col(|t| &t.ticket_id))
    .bind(col(|t| &t.order_id))
    .bind(col(|t| &t.buyer_id))
    .bind(col(|t| t.kind))
    .bind(col(|t| t.reason))
    .bind(col(|t| t.course))
    .bind(col(|t| t.state))
    .bind(col(|t| &t.currency))
    .bind(int(|t| t.amount_minor))
    .bind(int(|t| t.refunded_minor))
    .bind(int(|t| t.opened_us))
    .bind(maybe_int(|t| t.decided_us))
    .bind(maybe_text(|t| t.deadline_kind))
    .bind(maybe_int(|t| t.due_us))
    .bind(maybe_int(|t| t.return_signed_us))
    .bind(maybe_text(|t| t.auto_rule.as_deref()))
    .bind(
        tickets
            .iter()
            .map(|t| t.overdue_approved)
            .collect::<Vec<bool>>(),
    )
    .bind(maybe_int(|t| t.dispute_first_us))
    .bind(maybe_text(|t| t.refund_alert.as_deref()))
    .bind(int(|t| t.version))
    .bind(int(|t| t.updated_us))
    .bind(maybe_int(|t| t.completed_us))
    .bind(
        tickets
            .iter()
            .map(|t| t.merchant_responsible)
            .collect::<Vec<bool>>(),
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Replace the deadlines of `orders` with `deadlines`. Deleting and reinserting also ends any
/// claim on them: a new state is a new question for the scheduler.
pub(crate) async fn replace_deadlines(
    conn: &mut PgConnection,
    tickets: &[TicketRow],
    deadlines: &[DeadlineRow],
) -> Result<(), StoreError> {
    // By the tickets' keys: deleting by order walked every deadline of the merchant (the key
    // is the merchant, then the ticket), a cost that grew with its open requests.
    sqlx::query(
        "DELETE FROM deadlines d USING UNNEST($1::text[], $2::text[]) AS t(merchant_id, ticket_id)
         WHERE d.merchant_id = t.merchant_id AND d.ticket_id = t.ticket_id",
    )
    .bind(
        tickets
            .iter()
            .map(|t| t.merchant_id.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(
        tickets
            .iter()
            .map(|t| t.ticket_id.as_str())
            .collect::<Vec<_>>(),
    )
    .execute(&mut *conn)
    .await?;
    if deadlines.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO deadlines (merchant_id, ticket_id, order_id, kind, due_us)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])",
    )
    .bind(
        deadlines
            .iter()
            .map(|d| d.merchant_id.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(
        deadlines
            .iter()
            .map(|d| d.ticket_id.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(
        deadlines
            .iter()
            .map(|d| d.order_id.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(deadlines.iter().map(|d| d.kind).collect::<Vec<_>>())
    .bind(deadlines.iter().map(|d| d.due_us).collect::<Vec<_>>())
    .execute(&mut *conn)
    .await?;
    Ok(())
}
