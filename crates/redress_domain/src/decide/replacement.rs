//! An exchange, repair or reshipment: the merchant sends a parcel, the carrier delivers it.

use super::after;
use super::guards::{before_deadline, require_merchant, require_role, tracking_valid};
use super::ticket::Case;
use crate::event::TicketChange;
use crate::{Rejection, Role, TicketState};

/// `TicketAction::ShipReplacement`.
pub(super) fn ship_replacement(c: &Case<'_>, tracking: &str) -> Result<TicketChange, Rejection> {
    let Case {
        order,
        ticket,
        actor,
        ctx,
        name,
    } = *c;
    require_merchant(order, actor, name)?;
    tracking_valid(tracking)?;
    let TicketState::AwaitingMerchantShipment { .. } = ticket.state else {
        return Err(c.wrong_state());
    };
    before_deadline(ticket, ctx.now)?;
    Ok(TicketChange::ReplacementShipped {
        tracking: tracking.trim().to_owned(),
        due_at: after(ctx.now, ctx.policy.deadlines.replacement_delivery_hours),
    })
}

/// `TicketAction::ReplacementDelivered`: the carrier's news; the ticket is completed.
pub(super) fn replacement_delivered(c: &Case<'_>) -> Result<TicketChange, Rejection> {
    require_role(c.actor, c.name, &[Role::Integration])?;
    let TicketState::ReplacementInTransit { .. } = c.ticket.state else {
        return Err(c.wrong_state());
    };
    Ok(TicketChange::ReplacementDelivered)
}
