//! Platform intervention: the buyer escalates, both sides add evidence, the merchant may
//! settle, an arbitrator gives the verdict (and may re-check a settled one).

use super::guards::{
    before_deadline, evidence_fits, optional_text, require_buyer, require_merchant, require_role,
    required_text, same_currency, validate_evidence,
};
use super::ticket::Case;
use super::{Context, after, hours};
use crate::dispute::{DisputeResolution, Opener, Responsibility, Resume, VerdictOutcome};
use crate::event::TicketChange;
use crate::evidence::{EVIDENCE_PER_SIDE_MAX, Evidence, Side};
use crate::{Actor, DisputePhase, Rejection, Role, Ticket, TicketState, Timestamp};
use jiff::SignedDuration;

/// `TicketAction::Escalate`: after a rejection, or while an agreed parcel does not come.
pub(super) fn escalate(
    c: &Case<'_>,
    note: &str,
    evidence: &[Evidence],
) -> Result<TicketChange, Rejection> {
    let Case {
        order,
        ticket,
        actor,
        ctx,
        name,
    } = *c;
    let now = ctx.now;
    require_buyer(order, actor, name)?;
    optional_text("note", note)?;
    validate_evidence(evidence)?;
    let held = ticket
        .dispute
        .as_ref()
        .map_or(0, |d| d.evidence_of(Side::Buyer).count());
    evidence_fits(held, evidence.len())?;
    let time_left = match ticket.state {
        TicketState::Rejected { due_at } => {
            before_deadline(ticket, now)?;
            Some(due_at.duration_since(now))
        }
        TicketState::AwaitingMerchantShipment { .. } | TicketState::ReplacementInTransit { .. } => {
            None
        }
        _ => return Err(c.wrong_state()),
    };
    Ok(open_dispute(
        ticket,
        Opener::Buyer,
        note,
        evidence,
        time_left,
        ctx,
    ))
}

/// `TicketAction::CancelDispute`: back to what the dispute interrupted.
pub(super) fn cancel_dispute(c: &Case<'_>) -> Result<TicketChange, Rejection> {
    let Case {
        order,
        ticket,
        actor,
        ctx,
        name,
    } = *c;
    let now = ctx.now;
    let deadlines = &ctx.policy.deadlines;
    require_buyer(order, actor, name)?;
    let TicketState::InDispute { .. } = ticket.state else {
        return Err(c.wrong_state());
    };
    let dispute = ticket
        .dispute
        .as_ref()
        .expect("a ticket in dispute has a dispute");
    // Back to what the dispute interrupted: a rejection with the time it had left, an
    // agreed remedy with the merchant's full time again.
    let due_at = match dispute.resume {
        Resume::Rejected => {
            let left = dispute
                .escalation_time_left
                .unwrap_or(hours(deadlines.escalation_window_hours));
            now.checked_add(left).unwrap_or(Timestamp::MAX)
        }
        Resume::AwaitingMerchantShipment => after(now, deadlines.merchant_shipment_hours),
        Resume::ReplacementInTransit { .. } => after(now, deadlines.replacement_delivery_hours),
    };
    Ok(TicketChange::DisputeCancelled { due_at })
}

/// `TicketAction::AddEvidence`: either side, while the evidence window is open.
pub(super) fn add_evidence(c: &Case<'_>, evidence: &Evidence) -> Result<TicketChange, Rejection> {
    let Case {
        order,
        ticket,
        actor,
        ctx,
        name,
    } = *c;
    let side = match actor {
        Actor::Buyer(b) if *b == order.buyer => Side::Buyer,
        _ if actor.merchant() == Some(&order.merchant) => Side::Merchant,
        _ => {
            return Err(Rejection::WrongActor {
                action: name,
                needs: &[Role::Buyer, Role::Merchant],
            });
        }
    };
    validate_evidence(std::slice::from_ref(evidence))?;
    let TicketState::InDispute {
        phase: DisputePhase::Evidence { .. },
    } = ticket.state
    else {
        return Err(c.wrong_state());
    };
    before_deadline(ticket, ctx.now)?;
    let dispute = ticket
        .dispute
        .as_ref()
        .expect("a ticket in dispute has a dispute");
    if dispute.evidence_of(side).count() >= EVIDENCE_PER_SIDE_MAX {
        return Err(Rejection::LimitExceeded {
            field: "evidence",
            max: EVIDENCE_PER_SIDE_MAX,
        });
    }
    Ok(TicketChange::EvidenceAdded {
        side,
        evidence: evidence.clone(),
    })
}

/// `TicketAction::SettleDispute`: the merchant refunds in full rather than await a verdict.
pub(super) fn settle_dispute(c: &Case<'_>) -> Result<TicketChange, Rejection> {
    require_merchant(c.order, c.actor, c.name)?;
    let TicketState::InDispute { .. } = c.ticket.state else {
        return Err(c.wrong_state());
    };
    Ok(TicketChange::DisputeSettled {
        amount: c.ticket.amount,
    })
}

/// `TicketAction::GiveVerdict`.
pub(super) fn give_verdict(
    c: &Case<'_>,
    responsibility: Responsibility,
    outcome: &VerdictOutcome,
    reasoning: &str,
) -> Result<TicketChange, Rejection> {
    let Case {
        ticket,
        actor,
        name,
        ctx,
        ..
    } = *c;
    require_role(actor, name, &[Role::Arbitrator])?;
    required_text("note", reasoning)?;
    let TicketState::InDispute { .. } = ticket.state else {
        return Err(c.wrong_state());
    };
    let refund = match outcome {
        VerdictOutcome::FullRefund => Some(ticket.amount),
        VerdictOutcome::PartialRefund { amount } => {
            same_currency(ticket.amount, *amount)?;
            if amount.is_zero() {
                return Err(Rejection::AmountNotPositive {
                    field: "outcome.amount",
                });
            }
            if amount.minor() > ticket.amount.minor() {
                return Err(Rejection::AmountAboveRefundable {
                    requested: *amount,
                    refundable: ticket.amount,
                });
            }
            Some(*amount)
        }
        VerdictOutcome::NoRefund => None,
    };
    Ok(TicketChange::VerdictGiven {
        responsibility,
        outcome: outcome.clone(),
        reasoning: reasoning.trim().to_owned(),
        refund,
        early: ticket.evidence_window_open(ctx.now),
    })
}

/// `TicketAction::Recheck`: the responsibility for a dispute the merchant settled.
pub(super) fn recheck(
    c: &Case<'_>,
    responsibility: Responsibility,
) -> Result<TicketChange, Rejection> {
    require_role(c.actor, c.name, &[Role::Arbitrator, Role::Operator])?;
    match c
        .ticket
        .dispute
        .as_ref()
        .and_then(|d| d.resolution.as_ref())
    {
        Some(DisputeResolution::SettledByMerchant { recheck: None, .. }) => {}
        _ => return Err(Rejection::RecheckNotApplicable),
    }
    Ok(TicketChange::Rechecked { responsibility })
}

/// A dispute opened by the buyer, or by the system when an agreed parcel is late.
pub(super) fn open_dispute(
    ticket: &Ticket,
    opener: Opener,
    note: &str,
    evidence: &[Evidence],
    time_left: Option<SignedDuration>,
    ctx: &Context<'_>,
) -> TicketChange {
    TicketChange::DisputeOpened {
        opener,
        first: ticket.dispute.is_none(),
        note: note.trim().to_owned(),
        evidence: evidence.to_vec(),
        time_left,
        due_at: after(ctx.now, ctx.policy.deadlines.dispute_evidence_hours),
    }
}
