//! The merchant refuses: the request itself, or the return (not received, not as sent), each
//! with the evidence its scenario asks for.

use super::after;
use super::guards::{before_deadline, require_merchant, required_text, validate_evidence};
use super::ticket::Case;
use crate::event::{RejectGround, TicketChange};
use crate::evidence::{self, Evidence, EvidenceKind, Scenario, Side};
use crate::{Rejection, TicketState};

/// `TicketAction::Reject`.
pub(super) fn reject(
    c: &Case<'_>,
    ground: RejectGround,
    reason: &str,
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
    let deadlines = &ctx.policy.deadlines;
    require_merchant(order, actor, name)?;
    required_text("note", reason)?;
    validate_evidence(evidence)?;
    if ctx
        .merchant
        .is_some_and(|m| m.refund_handling_closed.is_some())
    {
        // Seed 004: a high-risk merchant loses refund handling altogether.
        return Err(Rejection::RefundHandlingClosed);
    }
    let (examples, after_signature): (&[EvidenceKind], bool) = match (&ticket.state, ground) {
        (TicketState::Requested { .. }, RejectGround::Request) => {
            (Scenario::of(ticket.reason).suggested(Side::Merchant), false)
        }
        (TicketState::ReturnInTransit { shipped_at, .. }, RejectGround::ReturnNotReceived) => {
            // Seed 000 Q5: "not received" may be claimed inside the countdown, which for
            // an unsigned parcel starts on the 5th day; before that it is merely on its way.
            let from = after(*shipped_at, deadlines.return_unsigned_countdown_start_hours);
            if now < from {
                return Err(Rejection::TooEarly { action: name, from });
            }
            (&[EvidenceKind::LogisticsTrace], false)
        }
        (TicketState::ReturnReceived { .. }, RejectGround::ReturnNotReceived) => {
            (&[EvidenceKind::LogisticsTrace], true)
        }
        // What came back can only be judged once it has arrived.
        (TicketState::ReturnReceived { .. }, RejectGround::ReturnNotAsSent) => {
            (&[EvidenceKind::Photos], false)
        }
        _ => return Err(c.wrong_state()),
    };
    // Seed 000 附: the scenario's kinds are examples; one of them suffices, none at all
    // is refused; a seed may require a kind outright (seed 000 Q2: 需附带).
    let required = match ground {
        RejectGround::Request => evidence::required_for_rejection(ticket.reason),
        _ => &[],
    };
    before_deadline(ticket, now)?;
    let missing = evidence::shortfall(required, examples, evidence);
    if !missing.is_empty() {
        return Err(Rejection::EvidenceMissing { missing });
    }
    Ok(TicketChange::Rejected {
        ground,
        reason: reason.trim().to_owned(),
        evidence: evidence.to_vec(),
        not_received_after_signature: after_signature,
        due_at: after(now, deadlines.escalation_window_hours),
    })
}
