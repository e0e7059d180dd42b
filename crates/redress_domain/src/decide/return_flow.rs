//! The goods go back: the buyer ships them, the carrier reports them on their way and
//! signed for, the merchant confirms what arrived.

use super::after;
use super::guards::{
    before_deadline, require_buyer, require_merchant, require_role, tracking_valid,
};
use super::next::next_after_return;
use super::ticket::Case;
use crate::event::{Approval, Next, TicketChange};
use crate::merchant::StrategyAction;
use crate::{Rejection, Role, TicketState};

/// `TicketAction::ShipReturn`: the buyer enters the return's tracking number.
pub(super) fn ship_return(c: &Case<'_>, tracking: &str) -> Result<TicketChange, Rejection> {
    let Case {
        order,
        ticket,
        actor,
        ctx,
        name,
    } = *c;
    let deadlines = &ctx.policy.deadlines;
    require_buyer(order, actor, name)?;
    tracking_valid(tracking)?;
    let TicketState::AwaitingReturn { .. } = ticket.state else {
        return Err(c.wrong_state());
    };
    before_deadline(ticket, ctx.now)?;
    Ok(TicketChange::ReturnShipped {
        tracking: tracking.trim().to_owned(),
        due_at: after(
            after(ctx.now, deadlines.return_unsigned_countdown_start_hours),
            deadlines.merchant_return_handling_hours,
        ),
    })
}

/// `TicketAction::ReturnInTransit`: the carrier's news; it changes no deadline.
pub(super) fn return_in_transit(c: &Case<'_>) -> Result<TicketChange, Rejection> {
    require_role(c.actor, c.name, &[Role::Integration])?;
    let TicketState::ReturnInTransit { .. } = c.ticket.state else {
        return Err(c.wrong_state());
    };
    Ok(TicketChange::ReturnInTransit)
}

/// `TicketAction::ReturnSigned`: the merchant's side signed for the return; a merchant's
/// "refund on return signed" strategy refunds in the same decision.
pub(super) fn return_signed(c: &Case<'_>) -> Result<Vec<TicketChange>, Rejection> {
    let Case {
        ticket, actor, ctx, ..
    } = *c;
    let now = ctx.now;
    require_role(actor, c.name, &[Role::Integration])?;
    let TicketState::ReturnInTransit {
        due_at: running, ..
    } = ticket.state
    else {
        return Err(c.wrong_state());
    };
    // Seed 000 Q5: "签收后48小时处理退款单" — a signature gives the merchant 48 h from
    // the signature, even when the unsigned countdown (5th day) had already started.
    // A countdown that has already run out stays run out: it is due and the system
    // refunds, and a signature reported after that cannot reopen it.
    let due_at = if now >= running {
        running
    } else {
        after(now, ctx.policy.deadlines.merchant_return_handling_hours)
    };
    let mut changes = vec![TicketChange::ReturnSigned { due_at }];
    if let (Some(rule), true) = (&ticket.refund_on_return_signed, ticket.course.pays_money()) {
        changes.push(TicketChange::ReturnAccepted {
            approval: Approval::Automatic {
                rule: rule.clone(),
                note: None,
                action: StrategyAction::RefundOnReturnSigned,
            },
            next: Next::Refunding {
                amount: ticket.amount,
            },
        });
    }
    Ok(changes)
}

/// `TicketAction::ConfirmReturn`: the merchant accepts what came back.
pub(super) fn confirm_return(c: &Case<'_>) -> Result<TicketChange, Rejection> {
    let Case {
        order,
        ticket,
        actor,
        ctx,
        name,
    } = *c;
    require_merchant(order, actor, name)?;
    let (TicketState::ReturnInTransit { .. } | TicketState::ReturnReceived { .. }) = ticket.state
    else {
        return Err(c.wrong_state());
    };
    before_deadline(ticket, ctx.now)?;
    Ok(TicketChange::ReturnAccepted {
        approval: Approval::Merchant,
        next: next_after_return(ticket, ctx),
    })
}
