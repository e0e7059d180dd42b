//! The payment system's answers about a refund, and the operator's retry after an alert.

use super::guards::{one_line, require_role, required_text};
use super::ticket::Case;
use crate::event::TicketChange;
use crate::{Rejection, Role, TicketState, Timestamp};
use jiff::SignedDuration;

/// `TicketAction::RefundSucceeded`.
pub(super) fn refund_succeeded(
    c: &Case<'_>,
    payment_reference: &str,
) -> Result<TicketChange, Rejection> {
    require_role(c.actor, c.name, &[Role::Integration])?;
    required_text("payment_reference", payment_reference)?;
    one_line("payment_reference", payment_reference)?;
    let TicketState::Refunding { amount, .. } = c.ticket.state else {
        return Err(c.wrong_state());
    };
    Ok(TicketChange::RefundSucceeded {
        amount,
        payment_reference: payment_reference.trim().to_owned(),
    })
}

/// `TicketAction::RefundFailed`: retried after a doubling delay, until the policy's attempts
/// are used up.
pub(super) fn refund_failed(c: &Case<'_>, reason: &str) -> Result<TicketChange, Rejection> {
    require_role(c.actor, c.name, &[Role::Integration])?;
    required_text("note", reason)?;
    let TicketState::Refunding { attempt, .. } = c.ticket.state else {
        return Err(c.wrong_state());
    };
    let retry = &c.ctx.policy.refund_retry;
    let retry_at = (attempt < retry.attempts_max).then(|| {
        let doublings = attempt.saturating_sub(1).min(30);
        let delay = u64::from(retry.first_delay_seconds)
            .saturating_mul(1 << doublings)
            .min(u64::from(retry.delay_seconds_max));
        c.ctx
            .now
            .checked_add(SignedDuration::from_secs(delay as i64))
            .unwrap_or(Timestamp::MAX)
    });
    Ok(TicketChange::RefundFailed {
        reason: reason.trim().to_owned(),
        attempt,
        retry_at,
    })
}

/// `TicketAction::RetryRefund`: an operator's retry of a refund that raised an alert.
pub(super) fn retry_refund(c: &Case<'_>) -> Result<TicketChange, Rejection> {
    require_role(c.actor, c.name, &[Role::Operator])?;
    let TicketState::Refunding { attempt, .. } = c.ticket.state else {
        return Err(c.wrong_state());
    };
    if c.ticket.refund_alert.is_none() {
        return Err(Rejection::NoChange);
    }
    Ok(TicketChange::RefundRetried {
        attempt: attempt + 1,
    })
}
