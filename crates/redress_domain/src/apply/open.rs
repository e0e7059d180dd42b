//! A ticket comes into being, waiting for the merchant's answer.

use crate::evidence::Evidence;
use crate::shipping::ReturnShippingPayer;
use crate::{Money, Reason, Ticket, TicketId, TicketKind, TicketLine, TicketState, Timestamp};

/// `TicketChange::Opened`: the new ticket.
// The fields of one event, passed as the event names them; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub(super) fn opened(
    id: &TicketId,
    at: Timestamp,
    kind: TicketKind,
    reason: Reason,
    amount: Money,
    items: Vec<TicketLine>,
    description: &str,
    evidence: &[Evidence],
    opened_while_unshipped: bool,
    due_at: Timestamp,
    shipping: (Money, Option<ReturnShippingPayer>),
) -> Ticket {
    Ticket {
        id: id.clone(),
        kind,
        reason,
        amount,
        items,
        description: description.to_owned(),
        opened_at: at,
        state: TicketState::Requested {
            due_at,
            proposal: None,
        },
        course: kind.course(),
        version: 1,
        auto_rule: None,
        overdue_approved: false,
        decided_at: None,
        return_signed_at: None,
        return_accepted_at: None,
        refund_on_return_signed: None,
        rejection: None,
        buyer_evidence: evidence.to_vec(),
        dispute: None,
        refunded: Money::zero(amount.currency()),
        notes: Vec::new(),
        opened_while_unshipped,
        shipped_while_pending: false,
        refund_alert: None,
        updated_at: at,
        policy_version: 0,
        messages: Vec::new(),
        return_address: None,
        shipping_fee: shipping.0,
        return_shipping: shipping.1,
    }
}
