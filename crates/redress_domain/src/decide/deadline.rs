//! A deadline passes: the system's command, and what each kind of deadline does.

use super::dispute::open_dispute;
use super::guards::require_role;
use super::next::{next_after_approval, next_after_return, next_when_closed};
use super::ticket::Case;
use super::{Context, after};
use crate::automatic::{self, Rule};
use crate::dispute::Opener;
use crate::event::{Approval, TicketChange};
use crate::merchant::StrategyAction;
use crate::{DeadlineKind, Rejection, Role, Ticket, TicketState, Timestamp};

/// `TicketAction::FireDeadline`: only the ticket's current deadline, once it is due.
pub(super) fn fire_deadline(
    c: &Case<'_>,
    kind: DeadlineKind,
    due_at: Timestamp,
) -> Result<TicketChange, Rejection> {
    let Case {
        ticket,
        actor,
        ctx,
        name,
        ..
    } = *c;
    require_role(actor, name, &[Role::System])?;
    // Seed 004: a merchant whose refund handling is closed can no longer answer, so
    // a request waiting on it is due at once, whenever its deadline would fall.
    // Issue 18: likewise a return-shipping claim waiting on a merchant under the measure
    // "platform settles return-shipping claims" is settled by the platform at once, with the
    // rule and note a claim opened under the measure gets.
    let response = kind == DeadlineKind::MerchantResponse;
    let settles = response && automatic::platform_settles(ticket.kind, ctx.merchant);
    let closed = response && automatic::refund_handling_closed(ctx.merchant);
    match ticket.deadline() {
        Some(d)
            if d.kind == kind
                && d.due_at == due_at
                && (d.due_at <= ctx.now || closed || settles) => {}
        _ => return Err(Rejection::DeadlineNotCurrent),
    }
    if settles {
        Ok(TicketChange::Approved {
            approval: Approval::Automatic {
                rule: Rule::PlatformSettlesReturnShipping,
                note: Some(crate::shipping::PLATFORM_SETTLES_NOTE.to_owned()),
                action: StrategyAction::Approve,
            },
            next: next_after_approval(ticket.course, ticket.amount, ctx),
        })
    } else if closed {
        Ok(TicketChange::Approved {
            approval: Approval::Automatic {
                rule: Rule::RefundHandlingClosed,
                note: None,
                action: StrategyAction::Approve,
            },
            next: next_when_closed(ticket.course, ticket.amount, ctx),
        })
    } else {
        Ok(expire(ticket, kind, ctx))
    }
}

/// What the system does when a deadline passes.
fn expire(ticket: &Ticket, kind: DeadlineKind, ctx: &Context<'_>) -> TicketChange {
    let deadlines = &ctx.policy.deadlines;
    match kind {
        DeadlineKind::MerchantResponse => TicketChange::Approved {
            approval: Approval::Overdue,
            next: next_after_approval(ticket.course, ticket.amount, ctx),
        },
        DeadlineKind::RefusalOutcome => TicketChange::RefusalFailed {
            due_at: after(ctx.now, deadlines.merchant_response_hours),
        },
        DeadlineKind::BuyerReturnShipment => TicketChange::ReturnWindowLapsed,
        DeadlineKind::MerchantReturnHandling => TicketChange::ReturnAccepted {
            approval: Approval::Overdue,
            next: next_after_return(ticket, ctx),
        },
        DeadlineKind::MerchantShipment | DeadlineKind::ReplacementDelivery => {
            open_dispute(ticket, Opener::System, "", &[], None, ctx)
        }
        DeadlineKind::Escalation => TicketChange::EscalationLapsed,
        DeadlineKind::DisputeEvidence => TicketChange::EvidenceWindowClosed,
        DeadlineKind::RefundRetry => {
            let TicketState::Refunding { attempt, .. } = ticket.state else {
                unreachable!("a refund-retry deadline belongs to a refunding ticket")
            };
            TicketChange::RefundRetried {
                attempt: attempt + 1,
            }
        }
    }
}
