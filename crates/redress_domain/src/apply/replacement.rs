//! The merchant's parcel for an exchange, repair or reshipment.

use crate::{Ticket, TicketState, Timestamp};

/// `TicketChange::ReplacementShipped`.
pub(super) fn shipped(ticket: &mut Ticket, tracking: &str, due_at: Timestamp) {
    ticket.state = TicketState::ReplacementInTransit {
        tracking: tracking.to_owned(),
        due_at,
    };
}

/// `TicketChange::ReplacementDelivered`: the ticket is completed.
pub(super) fn delivered(ticket: &mut Ticket, at: Timestamp) {
    assert!(
        !ticket.course.pays_money(),
        "a money course has no replacement parcel"
    );
    ticket.state = TicketState::Completed { at };
}
