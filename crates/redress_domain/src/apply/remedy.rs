//! A remedy proposed by the merchant, and the buyer's answer to it.

use super::enter;
use crate::event::Next;
use crate::{Course, Remedy, Ticket, TicketState, Timestamp};

/// `TicketChange::RemedyProposed`.
pub(super) fn proposed(ticket: &mut Ticket, remedy: &Remedy, at: Timestamp) {
    // Proposing a remedy is the merchant's answer: completion times count to here.
    ticket.decided_at.get_or_insert(at);
    if let TicketState::Requested { proposal, .. } = &mut ticket.state {
        *proposal = Some(remedy.clone());
    }
}

/// `TicketChange::RemedyAccepted`: the remedy becomes the ticket's course.
pub(super) fn accepted(ticket: &mut Ticket, course: Course, next: &Next, at: Timestamp) {
    ticket.decided_at.get_or_insert(at);
    ticket.course = course;
    ticket.state = enter(next);
}

/// `TicketChange::RemedyDeclined`.
pub(super) fn declined(ticket: &mut Ticket) {
    if let TicketState::Requested { proposal, .. } = &mut ticket.state {
        *proposal = None;
    }
}
