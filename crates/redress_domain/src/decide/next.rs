//! Where a ticket goes once the merchant (or the system) has agreed to it, or once the
//! return has been accepted: a refund, a return to wait for, or a parcel to send.

use super::{Context, after};
use crate::event::Next;
use crate::{Course, Money, Ticket};

pub(super) fn next_after_approval(course: Course, amount: Money, ctx: &Context<'_>) -> Next {
    let deadlines = &ctx.policy.deadlines;
    match course {
        Course::Refund => Next::Refunding { amount },
        Course::ReturnForRefund | Course::Exchange | Course::Repair => Next::AwaitingReturn {
            due_at: after(ctx.now, deadlines.buyer_return_shipment_hours),
        },
        Course::Reship => Next::AwaitingMerchantShipment {
            due_at: after(ctx.now, deadlines.merchant_shipment_hours),
        },
    }
}

/// Seed 004: "届时买家的售后申请将自动审核通过并退款给买家": with refund handling closed, a
/// request for money is refunded at once, without waiting for a return; a remedy without
/// money takes its course.
pub(super) fn next_when_closed(course: Course, amount: Money, ctx: &Context<'_>) -> Next {
    if course.pays_money() {
        Next::Refunding { amount }
    } else {
        next_after_approval(course, amount, ctx)
    }
}

pub(super) fn next_after_return(ticket: &Ticket, ctx: &Context<'_>) -> Next {
    if ticket.course.pays_money() {
        Next::Refunding {
            amount: ticket.amount,
        }
    } else {
        Next::AwaitingMerchantShipment {
            due_at: after(ctx.now, ctx.policy.deadlines.merchant_shipment_hours),
        }
    }
}
