//! The payment system's answers about a refund.

use crate::{Money, Ticket, TicketState, Timestamp};

/// `TicketChange::RefundSucceeded`.
pub(super) fn succeeded(ticket: &mut Ticket, amount: Money, at: Timestamp) {
    assert_eq!(
        amount,
        super::refunding_amount(ticket),
        "refund of another amount than asked"
    );
    ticket.refunded = ticket.refunded.plus(amount).expect("same currency");
    ticket.refund_alert = None;
    ticket.state = TicketState::Refunded { amount, at };
}

/// `TicketChange::RefundFailed`: an alert, and perhaps a retry.
pub(super) fn failed(ticket: &mut Ticket, reason: &str, attempt: u32, retry_at: Option<Timestamp>) {
    let amount = super::refunding_amount(ticket);
    ticket.refund_alert = Some(reason.to_owned());
    ticket.state = TicketState::Refunding {
        amount,
        attempt,
        retry_at,
    };
}

/// `TicketChange::RefundRetried`.
pub(super) fn retried(ticket: &mut Ticket, attempt: u32) {
    let amount = super::refunding_amount(ticket);
    ticket.state = TicketState::Refunding {
        amount,
        attempt,
        retry_at: None,
    };
}
