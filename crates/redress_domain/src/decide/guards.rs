//! The checks several actions share: who may act, whether the ticket's time has run out, and
//! the shape of texts, tracking numbers, evidence and amounts. Each names the field it refuses.

use super::TRACKING_CHARS_MAX;
use crate::evidence::{EVIDENCE_PER_SIDE_MAX, EVIDENCE_REFERENCE_CHARS_MAX, Evidence};
use crate::text::Text;
use crate::ticket::TEXT_CHARS_MAX;
use crate::{Actor, Money, Order, Rejection, Role, Ticket, Timestamp};

pub(super) fn before_deadline(ticket: &Ticket, now: Timestamp) -> Result<(), Rejection> {
    match ticket.deadline() {
        Some(d) if now >= d.due_at => Err(Rejection::DeadlinePassed {
            kind: d.kind,
            due_at: d.due_at,
        }),
        _ => Ok(()),
    }
}

pub(super) fn require_role(
    actor: &Actor,
    action: &'static str,
    needs: &'static [Role],
) -> Result<(), Rejection> {
    if needs.contains(&actor.role()) {
        Ok(())
    } else {
        Err(Rejection::WrongActor { action, needs })
    }
}

pub(super) fn require_merchant(
    order: &Order,
    actor: &Actor,
    action: &'static str,
) -> Result<(), Rejection> {
    match actor.merchant() {
        Some(m) if *m == order.merchant => Ok(()),
        _ => Err(Rejection::WrongActor {
            action,
            needs: &[Role::Merchant],
        }),
    }
}

pub(super) fn require_buyer(
    order: &Order,
    actor: &Actor,
    action: &'static str,
) -> Result<(), Rejection> {
    match actor {
        Actor::Buyer(b) if *b == order.buyer => Ok(()),
        _ => Err(Rejection::WrongActor {
            action,
            needs: &[Role::Buyer],
        }),
    }
}

pub(super) fn same_currency(expected: Money, got: Money) -> Result<(), Rejection> {
    if expected.currency() == got.currency() {
        Ok(())
    } else {
        Err(Rejection::CurrencyMismatch {
            expected: expected.currency().to_string(),
            got: got.currency().to_string(),
        })
    }
}

pub(super) fn required_text(field: &'static str, value: &str) -> Result<(), Rejection> {
    if value.trim().is_empty() {
        return Err(Rejection::TextInvalid {
            field,
            why: "must not be empty",
        });
    }
    optional_text(field, value)
}

pub(super) fn optional_text(field: &'static str, value: &str) -> Result<(), Rejection> {
    if value.chars().count() > TEXT_CHARS_MAX {
        return Err(Rejection::TextInvalid {
            field,
            why: "is longer than 2000 characters",
        });
    }
    Text::lines(value)
        .map(drop)
        .map_err(|e| Rejection::TextInvalid {
            field,
            why: e.why(),
        })
}

/// A text that must fit on one line (a tracking number, a reference, a category).
pub(super) fn one_line(field: &'static str, value: &str) -> Result<(), Rejection> {
    Text::line(value)
        .map(drop)
        .map_err(|e| Rejection::TextInvalid {
            field,
            why: e.why(),
        })
}

pub(super) fn tracking_valid(raw: &str) -> Result<(), Rejection> {
    let tracking = raw.trim();
    if tracking.is_empty() || tracking.chars().count() > TRACKING_CHARS_MAX {
        return Err(Rejection::TextInvalid {
            field: "tracking",
            why: "must be 1 to 64 characters",
        });
    }
    one_line("tracking", raw)
}

/// One side's evidence on a ticket stays within the limit, however it arrives.
pub(super) fn evidence_fits(held: usize, adding: usize) -> Result<(), Rejection> {
    if held + adding > EVIDENCE_PER_SIDE_MAX {
        return Err(Rejection::LimitExceeded {
            field: "evidence",
            max: EVIDENCE_PER_SIDE_MAX,
        });
    }
    Ok(())
}

pub(super) fn validate_evidence(evidence: &[Evidence]) -> Result<(), Rejection> {
    if evidence.len() > EVIDENCE_PER_SIDE_MAX {
        return Err(Rejection::LimitExceeded {
            field: "evidence",
            max: EVIDENCE_PER_SIDE_MAX,
        });
    }
    for piece in evidence {
        let reference = piece.reference.trim();
        if reference.is_empty() || reference.chars().count() > EVIDENCE_REFERENCE_CHARS_MAX {
            return Err(Rejection::TextInvalid {
                field: "evidence.reference",
                why: "must be 1 to 512 characters",
            });
        }
        one_line("evidence.reference", &piece.reference)?;
        optional_text("evidence.note", &piece.note)?;
    }
    Ok(())
}
