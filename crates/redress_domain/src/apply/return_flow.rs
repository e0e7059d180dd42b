//! The goods on their way back, signed for, accepted — or never sent.

use super::enter;
use crate::event::{Approval, Next};
use crate::{ClosedCause, Ticket, TicketState, Timestamp};

/// `TicketChange::ReturnShipped`.
pub(super) fn shipped(ticket: &mut Ticket, tracking: &str, due_at: Timestamp, at: Timestamp) {
    ticket.state = TicketState::ReturnInTransit {
        tracking: tracking.to_owned(),
        shipped_at: at,
        due_at,
    };
}

/// `TicketChange::ReturnSigned`.
pub(super) fn signed(ticket: &mut Ticket, due_at: Timestamp, at: Timestamp) {
    ticket.return_signed_at = Some(at);
    ticket.state = TicketState::ReturnReceived {
        signed_at: at,
        due_at,
    };
}

/// `TicketChange::ReturnAccepted`.
pub(super) fn accepted(ticket: &mut Ticket, approval: &Approval, next: &Next, at: Timestamp) {
    ticket.return_accepted_at.get_or_insert(at);
    if *approval == Approval::Overdue {
        ticket.overdue_approved = true;
    }
    ticket.state = enter(next);
}

/// `TicketChange::ReturnWindowLapsed`: the buyer never sent the goods back.
pub(super) fn window_lapsed(ticket: &mut Ticket, at: Timestamp) {
    ticket.state = TicketState::Closed {
        at,
        cause: ClosedCause::ReturnNotShipped,
    };
}
