//! The buyer changes her mind: corrects the request, or withdraws it.

use super::after;
use super::guards::{before_deadline, evidence_fits, require_buyer};
use super::open::{RequestFields, validate_request};
use super::ticket::Case;
use crate::event::TicketChange;
use crate::{Rejection, TicketState};

/// `TicketAction::Edit`.
pub(super) fn edit(c: &Case<'_>, fields: &RequestFields<'_>) -> Result<TicketChange, Rejection> {
    let Case {
        order,
        ticket,
        actor,
        ctx,
        name,
    } = *c;
    require_buyer(order, actor, name)?;
    // Seed 000 Q3: "若得到买家认可,可协商买家修改正确退款原因" — the buyer may correct
    // a request still waiting for the merchant, not only one the merchant rejected.
    // The merchant answers the request as it now stands, with its full time again.
    let (TicketState::Requested { .. } | TicketState::Rejected { .. }) = ticket.state else {
        return Err(c.wrong_state());
    };
    before_deadline(ticket, ctx.now)?;
    if ticket.is_claim() != (fields.kind == crate::TicketKind::ReturnShipping) {
        return Err(Rejection::ClaimNotApplicable {
            why: "a claim stays a claim, and a request for goods does not become one",
        });
    }
    let resolved = validate_request(order, fields, Some(&ticket.id), ctx)?;
    evidence_fits(ticket.buyer_evidence.len(), fields.evidence.len())?;
    Ok(TicketChange::Edited {
        kind: fields.kind,
        reason: fields.reason,
        amount: resolved.amount,
        items: resolved.event_lines(),
        description: fields.description.trim().to_owned(),
        evidence: fields.evidence.to_vec(),
        due_at: after(ctx.now, ctx.policy.deadlines.merchant_response_hours),
        shipping_fee: resolved.shipping_fee,
        return_shipping: resolved.return_shipping,
    })
}

/// `TicketAction::Cancel`: possible until the money is on its way or the ticket has ended.
pub(super) fn cancel(c: &Case<'_>) -> Result<TicketChange, Rejection> {
    let Case {
        order,
        ticket,
        actor,
        name,
        ..
    } = *c;
    require_buyer(order, actor, name)?;
    if ticket.state.is_terminal() || matches!(ticket.state, TicketState::Refunding { .. }) {
        return Err(c.wrong_state());
    }
    Ok(TicketChange::Cancelled)
}
