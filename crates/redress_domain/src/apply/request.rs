//! The buyer's correction of her request, or its withdrawal.

use crate::evidence::Evidence;
use crate::shipping::ReturnShippingPayer;
use crate::{ClosedCause, Money, Reason, Ticket, TicketKind, TicketLine, TicketState, Timestamp};

/// `TicketChange::Edited`: the request as it now stands, waiting for the merchant again.
// The fields of one event, passed as the event names them; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub(super) fn edited(
    ticket: &mut Ticket,
    kind: TicketKind,
    reason: Reason,
    amount: Money,
    items: Vec<TicketLine>,
    description: &str,
    evidence: &[Evidence],
    due_at: Timestamp,
    shipping: (Money, Option<ReturnShippingPayer>),
) {
    ticket.shipping_fee = shipping.0;
    ticket.return_shipping = shipping.1;
    ticket.kind = kind;
    ticket.course = kind.course();
    ticket.reason = reason;
    ticket.amount = amount;
    ticket.items = items;
    ticket.description = description.to_owned();
    ticket.buyer_evidence.extend(evidence.iter().cloned());
    ticket.rejection = None;
    ticket.state = TicketState::Requested {
        due_at,
        proposal: None,
    };
}

/// `TicketChange::Cancelled`.
pub(super) fn cancelled(ticket: &mut Ticket, at: Timestamp) {
    if let Some(dispute) = &mut ticket.dispute {
        dispute.open = false;
    }
    ticket.state = TicketState::Closed {
        at,
        cause: ClosedCause::CancelledByBuyer,
    };
}
