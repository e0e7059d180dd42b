//! Instead of yes or no, the merchant proposes another remedy (partial compensation, an
//! exchange, a repair, a reshipment); the buyer accepts or declines it.

use super::guards::{
    before_deadline, optional_text, require_buyer, require_merchant, same_currency,
};
use super::next::next_after_approval;
use super::ticket::Case;
use crate::event::TicketChange;
use crate::rejection::RemedyWhy;
use crate::{Course, FulfilmentStage, Rejection, Remedy, TicketState};

/// `TicketAction::ProposeRemedy`.
pub(super) fn propose_remedy(
    c: &Case<'_>,
    remedy: &Remedy,
    note: &str,
) -> Result<TicketChange, Rejection> {
    let Case {
        order,
        ticket,
        actor,
        ctx,
        name,
    } = *c;
    require_merchant(order, actor, name)?;
    optional_text("note", note)?;
    let TicketState::Requested { .. } = ticket.state else {
        return Err(c.wrong_state());
    };
    before_deadline(ticket, ctx.now)?;
    match remedy {
        Remedy::PartialCompensation { amount } => {
            same_currency(ticket.amount, *amount)?;
            if amount.is_zero() {
                return Err(Rejection::AmountNotPositive {
                    field: "remedy.amount",
                });
            }
            if amount.minor() > ticket.amount.minor() {
                return Err(Rejection::RemedyNotApplicable {
                    why: RemedyWhy::AboveRequested,
                });
            }
        }
        Remedy::Exchange | Remedy::Repair | Remedy::Reship => {
            if order.stage_of(&ticket.item_ids()) != FulfilmentStage::Delivered {
                return Err(Rejection::RemedyNotApplicable {
                    why: RemedyWhy::NotDelivered,
                });
            }
        }
    }
    Ok(TicketChange::RemedyProposed {
        remedy: remedy.clone(),
        note: note.trim().to_owned(),
    })
}

/// `TicketAction::AcceptRemedy`: the proposal becomes the ticket's course.
pub(super) fn accept_remedy(c: &Case<'_>) -> Result<TicketChange, Rejection> {
    let Case {
        order,
        ticket,
        actor,
        ctx,
        name,
    } = *c;
    require_buyer(order, actor, name)?;
    let TicketState::Requested { proposal, .. } = &ticket.state else {
        return Err(c.wrong_state());
    };
    let remedy = proposal.as_ref().ok_or(Rejection::NoProposal)?;
    before_deadline(ticket, ctx.now)?;
    let (course, amount) = match remedy {
        Remedy::PartialCompensation { amount } => (Course::Refund, *amount),
        Remedy::Exchange => (Course::Exchange, ticket.amount),
        Remedy::Repair => (Course::Repair, ticket.amount),
        Remedy::Reship => (Course::Reship, ticket.amount),
    };
    Ok(TicketChange::RemedyAccepted {
        course,
        next: next_after_approval(course, amount, ctx),
    })
}

/// `TicketAction::DeclineRemedy`: the request stands as it was.
pub(super) fn decline_remedy(c: &Case<'_>) -> Result<TicketChange, Rejection> {
    let Case {
        order,
        ticket,
        actor,
        name,
        ..
    } = *c;
    require_buyer(order, actor, name)?;
    let TicketState::Requested { proposal, .. } = &ticket.state else {
        return Err(c.wrong_state());
    };
    if proposal.is_none() {
        return Err(Rejection::NoProposal);
    }
    Ok(TicketChange::RemedyDeclined)
}
