//! The merchant agrees to a request: outright, or — for a refund-only request on a parcel
//! still on its way — on condition that the buyer refuses the parcel.

use super::after;
use super::guards::{before_deadline, require_merchant};
use super::next::next_after_approval;
use super::ticket::Case;
use crate::event::{Approval, TicketChange};
use crate::rejection::RefusalWhy;
use crate::{Course, FulfilmentStage, Rejection, TicketState};

/// `TicketAction::Approve`.
pub(super) fn approve(c: &Case<'_>) -> Result<TicketChange, Rejection> {
    let Case {
        order,
        ticket,
        actor,
        ctx,
        name,
    } = *c;
    require_merchant(order, actor, name)?;
    let TicketState::Requested { .. } = ticket.state else {
        return Err(c.wrong_state());
    };
    before_deadline(ticket, ctx.now)?;
    Ok(TicketChange::Approved {
        approval: Approval::Merchant,
        next: next_after_approval(ticket.course, ticket.amount, ctx),
    })
}

/// `TicketAction::ApproveAfterRefusal`: refund once the buyer has refused the parcel.
pub(super) fn approve_after_refusal(c: &Case<'_>) -> Result<TicketChange, Rejection> {
    let Case {
        order,
        ticket,
        actor,
        ctx,
        name,
    } = *c;
    require_merchant(order, actor, name)?;
    let TicketState::Requested { .. } = ticket.state else {
        return Err(c.wrong_state());
    };
    before_deadline(ticket, ctx.now)?;
    if ticket.course != Course::Refund {
        return Err(Rejection::RefusalNotApplicable {
            why: RefusalWhy::OnlyRefundOnly,
        });
    }
    // The parcels of the ticket's lines: all on their way, none delivered or going back.
    match order.stage_of(&ticket.item_ids()) {
        FulfilmentStage::Shipped | FulfilmentStage::InTransit => {}
        FulfilmentStage::Unshipped => {
            return Err(Rejection::RefusalNotApplicable {
                why: RefusalWhy::NotShipped,
            });
        }
        FulfilmentStage::Delivered => {
            return Err(Rejection::RefusalNotApplicable {
                why: RefusalWhy::Delivered,
            });
        }
        FulfilmentStage::Returning => {
            return Err(Rejection::RefusalNotApplicable {
                why: RefusalWhy::AlreadyReturning,
            });
        }
    }
    Ok(TicketChange::ApprovedAfterRefusal {
        due_at: after(ctx.now, ctx.policy.deadlines.refusal_outcome_hours),
    })
}
