//! The merchant's no, kept on the ticket for the buyer and a later dispute.

use crate::event::RejectGround;
use crate::evidence::Evidence;
use crate::ticket::MerchantRejection;
use crate::{Ticket, TicketState, Timestamp};

/// `TicketChange::Rejected`.
pub(super) fn rejected(
    ticket: &mut Ticket,
    ground: RejectGround,
    reason: &str,
    evidence: &[Evidence],
    not_received_after_signature: bool,
    due_at: Timestamp,
    at: Timestamp,
) {
    if matches!(ticket.state, TicketState::Requested { .. }) {
        ticket.decided_at.get_or_insert(at);
    }
    ticket.rejection = Some(MerchantRejection {
        ground,
        reason: reason.to_owned(),
        evidence: evidence.to_vec(),
        at,
        not_received_after_signature,
    });
    ticket.state = TicketState::Rejected { due_at };
}
