//! The merchant's (or the system's) yes, and the refusal of the parcel it may hang on.

use super::enter;
use crate::event::{Approval, Next};
use crate::merchant::StrategyAction;
use crate::{Money, Ticket, TicketState, Timestamp};

/// `TicketChange::Approved`.
pub(super) fn approved(ticket: &mut Ticket, approval: &Approval, next: &Next, at: Timestamp) {
    ticket.decided_at.get_or_insert(at);
    match approval {
        Approval::Merchant => {}
        Approval::Overdue => ticket.overdue_approved = true,
        Approval::Automatic { rule, note, action } => {
            ticket.auto_rule = Some(rule.clone());
            if *action == StrategyAction::RefundOnReturnSigned {
                ticket.refund_on_return_signed = Some(rule.clone());
            }
            ticket.notes.extend(note.clone());
        }
    }
    ticket.state = enter(next);
}

/// `TicketChange::ApprovedAfterRefusal`.
pub(super) fn approved_after_refusal(ticket: &mut Ticket, due_at: Timestamp, at: Timestamp) {
    ticket.decided_at.get_or_insert(at);
    ticket.state = TicketState::AwaitingRefusal { due_at };
}

/// `TicketChange::RefusalConfirmed`: the parcel was refused; the refund follows.
pub(super) fn refusal_confirmed(ticket: &mut Ticket, amount: Money) {
    ticket.state = enter(&Next::Refunding { amount });
}

/// `TicketChange::RefusalFailed`: the parcel was delivered after all; the merchant answers
/// again.
pub(super) fn refusal_failed(ticket: &mut Ticket, due_at: Timestamp) {
    ticket.state = TicketState::Requested {
        due_at,
        proposal: None,
    };
}
