//! The ticket's rules by action: `decide_ticket` finds the ticket, checks the version the
//! caller saw, and hands the [`Case`] to the one function that knows the action.

use super::open::RequestFields;
use super::{
    Context, approve, deadline, dispute, message, refund, reject, remedy, replacement, request,
    return_flow,
};
use crate::event::{OrderChange, OrderEvent, TicketAction, TicketChange};
use crate::{Actor, Order, Rejection, Ticket, TicketId};

/// What every action looks at: the order, the ticket addressed, who asks, the context, and
/// the action's name for refusals.
#[derive(Clone, Copy, Debug)]
pub(super) struct Case<'a> {
    pub(super) order: &'a Order,
    pub(super) ticket: &'a Ticket,
    pub(super) actor: &'a Actor,
    pub(super) ctx: &'a Context<'a>,
    pub(super) name: &'static str,
}

impl Case<'_> {
    /// The refusal of an action the ticket's state does not allow.
    pub(super) fn wrong_state(&self) -> Rejection {
        Rejection::WrongState {
            action: self.name,
            state: self.ticket.state.name(),
        }
    }
}

pub(super) fn decide_ticket(
    order: &Order,
    ticket: &TicketId,
    expected_version: Option<u64>,
    action: &TicketAction,
    actor: &Actor,
    ctx: &Context<'_>,
) -> Result<Vec<OrderEvent>, Rejection> {
    let ticket = order.tickets.get(ticket).ok_or(Rejection::TicketUnknown)?;
    if let Some(expected) = expected_version
        && expected != ticket.version
    {
        return Err(Rejection::VersionConflict {
            expected,
            actual: ticket.version,
        });
    }
    let case = Case {
        order,
        ticket,
        actor,
        ctx,
        name: action.name(),
    };
    let changes = changes(&case, action)?;
    Ok(changes
        .into_iter()
        .map(|change| OrderEvent {
            at: ctx.now,
            actor: actor.clone(),
            change: OrderChange::Ticket {
                ticket: ticket.id.clone(),
                change,
            },
        })
        .collect())
}

fn changes(case: &Case<'_>, action: &TicketAction) -> Result<Vec<TicketChange>, Rejection> {
    let change = match action {
        TicketAction::Approve => approve::approve(case)?,
        TicketAction::ApproveAfterRefusal => approve::approve_after_refusal(case)?,
        TicketAction::Reject {
            ground,
            reason,
            evidence,
        } => reject::reject(case, *ground, reason, evidence)?,
        TicketAction::ProposeRemedy { remedy, note } => remedy::propose_remedy(case, remedy, note)?,
        TicketAction::AcceptRemedy => remedy::accept_remedy(case)?,
        TicketAction::DeclineRemedy => remedy::decline_remedy(case)?,
        TicketAction::Edit {
            kind,
            reason,
            amount,
            items,
            description,
            evidence,
        } => request::edit(
            case,
            &RequestFields {
                kind: *kind,
                reason: *reason,
                amount: Some(*amount),
                items,
                description,
                evidence,
            },
        )?,
        TicketAction::Cancel => request::cancel(case)?,
        TicketAction::ShipReturn { tracking } => return_flow::ship_return(case, tracking)?,
        TicketAction::ReturnInTransit => return_flow::return_in_transit(case)?,
        // A signature may also trigger the merchant's automatic refund: two facts.
        TicketAction::ReturnSigned => return return_flow::return_signed(case),
        TicketAction::ConfirmReturn => return_flow::confirm_return(case)?,
        TicketAction::ShipReplacement { tracking } => {
            replacement::ship_replacement(case, tracking)?
        }
        TicketAction::ReplacementDelivered => replacement::replacement_delivered(case)?,
        TicketAction::Escalate { note, evidence } => dispute::escalate(case, note, evidence)?,
        TicketAction::CancelDispute => dispute::cancel_dispute(case)?,
        TicketAction::AddEvidence { evidence } => dispute::add_evidence(case, evidence)?,
        TicketAction::SettleDispute => dispute::settle_dispute(case)?,
        TicketAction::GiveVerdict {
            responsibility,
            outcome,
            reasoning,
        } => dispute::give_verdict(case, *responsibility, outcome, reasoning)?,
        TicketAction::Recheck { responsibility } => dispute::recheck(case, *responsibility)?,
        TicketAction::RefundSucceeded { payment_reference } => {
            refund::refund_succeeded(case, payment_reference)?
        }
        TicketAction::RefundFailed { reason } => refund::refund_failed(case, reason)?,
        TicketAction::RetryRefund => refund::retry_refund(case)?,
        TicketAction::PostMessage { text } => message::post_message(case, text)?,
        TicketAction::SetReturnAddress { address } => message::set_return_address(case, address)?,
        TicketAction::FireDeadline { kind, due_at } => {
            deadline::fire_deadline(case, *kind, *due_at)?
        }
    };
    Ok(vec![change])
}
