//! Platform intervention: a dispute opened, its evidence, and how it ends.

use super::enter;
use crate::dispute::{
    Dispute, DisputeResolution, Opener, Responsibility, Resume, Verdict, VerdictOutcome,
};
use crate::event::Next;
use crate::evidence::{DisputeEvidence, Evidence, Side};
use crate::{Actor, ClosedCause, DisputePhase, Money, Ticket, TicketState, Timestamp};
use jiff::SignedDuration;

/// `TicketChange::DisputeOpened`: the first round creates the dispute, later rounds reopen it.
pub(super) fn opened(
    ticket: &mut Ticket,
    opener: Opener,
    evidence: &[Evidence],
    time_left: Option<SignedDuration>,
    due_at: Timestamp,
    at: Timestamp,
) {
    let dispute = ticket.dispute.get_or_insert_with(|| Dispute {
        first_requested_at: at,
        opened_by: opener,
        buyer_first_requested_at: None,
        rounds: 0,
        open: false,
        cancellations: 0,
        evidence: Vec::new(),
        resolution: None,
        escalation_time_left: None,
        resume: Resume::Rejected,
    });
    dispute.resume = match &ticket.state {
        TicketState::AwaitingMerchantShipment { .. } => Resume::AwaitingMerchantShipment,
        TicketState::ReplacementInTransit { tracking, .. } => Resume::ReplacementInTransit {
            tracking: tracking.clone(),
        },
        _ => Resume::Rejected,
    };
    if opener == Opener::Buyer {
        dispute.buyer_first_requested_at.get_or_insert(at);
    }
    dispute.rounds += 1;
    dispute.open = true;
    dispute.escalation_time_left = time_left;
    dispute
        .evidence
        .extend(evidence.iter().map(|e| DisputeEvidence {
            side: Side::Buyer,
            evidence: e.clone(),
            at,
        }));
    ticket.state = TicketState::InDispute {
        phase: DisputePhase::Evidence { due_at },
    };
}

/// `TicketChange::EvidenceAdded`.
pub(super) fn evidence_added(ticket: &mut Ticket, side: Side, evidence: &Evidence, at: Timestamp) {
    let dispute = ticket
        .dispute
        .as_mut()
        .expect("evidence for a ticket without dispute");
    dispute.evidence.push(DisputeEvidence {
        side,
        evidence: evidence.clone(),
        at,
    });
}

/// `TicketChange::EvidenceWindowClosed`: the arbitrator's turn.
pub(super) fn evidence_window_closed(ticket: &mut Ticket) {
    ticket.state = TicketState::InDispute {
        phase: DisputePhase::AwaitingVerdict,
    };
}

/// `TicketChange::DisputeSettled`: the merchant refunds in full.
pub(super) fn settled(ticket: &mut Ticket, amount: Money, at: Timestamp) {
    let dispute = ticket
        .dispute
        .as_mut()
        .expect("settling a ticket without dispute");
    dispute.open = false;
    dispute.resolution = Some(DisputeResolution::SettledByMerchant { at, recheck: None });
    ticket.state = enter(&Next::Refunding { amount });
}

/// `TicketChange::DisputeCancelled`: back to what the dispute interrupted.
pub(super) fn cancelled(ticket: &mut Ticket, due_at: Timestamp) {
    let dispute = ticket
        .dispute
        .as_mut()
        .expect("cancelling a ticket without dispute");
    dispute.open = false;
    dispute.cancellations += 1;
    ticket.state = match &dispute.resume {
        Resume::Rejected => TicketState::Rejected { due_at },
        Resume::AwaitingMerchantShipment => TicketState::AwaitingMerchantShipment { due_at },
        Resume::ReplacementInTransit { tracking } => TicketState::ReplacementInTransit {
            tracking: tracking.clone(),
            due_at,
        },
    };
}

/// `TicketChange::VerdictGiven`.
pub(super) fn verdict_given(
    ticket: &mut Ticket,
    responsibility: Responsibility,
    outcome: &VerdictOutcome,
    reasoning: &str,
    refund: Option<Money>,
    actor: &Actor,
    at: Timestamp,
) {
    let Actor::Arbitrator(by) = actor else {
        panic!("a verdict by {actor:?}")
    };
    let dispute = ticket
        .dispute
        .as_mut()
        .expect("verdict on a ticket without dispute");
    dispute.open = false;
    dispute.resolution = Some(DisputeResolution::Decided(Verdict {
        responsibility,
        outcome: outcome.clone(),
        reasoning: reasoning.to_owned(),
        by: by.clone(),
        at,
    }));
    ticket.state = match refund {
        Some(amount) => enter(&Next::Refunding { amount }),
        None => TicketState::Closed {
            at,
            cause: ClosedCause::VerdictNoRefund,
        },
    };
}

/// `TicketChange::Rechecked`.
pub(super) fn rechecked(ticket: &mut Ticket, responsibility: Responsibility) {
    let resolution = ticket.dispute.as_mut().and_then(|d| d.resolution.as_mut());
    let Some(DisputeResolution::SettledByMerchant { recheck, .. }) = resolution else {
        panic!("re-check of a dispute the merchant did not settle");
    };
    *recheck = Some(responsibility);
}

/// `TicketChange::EscalationLapsed`: the buyer let the rejection stand.
pub(super) fn escalation_lapsed(ticket: &mut Ticket, at: Timestamp) {
    ticket.state = TicketState::Closed {
        at,
        cause: ClosedCause::EscalationLapsed,
    };
}
