//! Appealing and revoking a penalty: the same rules for a merchant's penalties and a showcase
//! creator's (seed 001 measures both), so the two aggregates share them.

use crate::Rejection;
use crate::evaluation::{Penalty, PenaltyId, PenaltyStatus};
use crate::merchant::required_text;
use std::collections::BTreeMap;

/// A penalty holder's penalties, by id.
pub(crate) type Penalties = BTreeMap<PenaltyId, Penalty>;

/// The appeal's statement, trimmed, or why it is refused: the penalty must exist and stand,
/// and the same statement again changes nothing.
pub(crate) fn appeal(
    penalties: &Penalties,
    id: &PenaltyId,
    statement: &str,
) -> Result<String, Rejection> {
    let statement = required_text("note", statement)?;
    match penalties.get(id).map(|p| &p.status) {
        None => Err(Rejection::PenaltyUnknown),
        Some(PenaltyStatus::Revoked { .. }) => Err(Rejection::PenaltyRevoked),
        Some(PenaltyStatus::Appealed { statement: earlier }) if *earlier == statement => {
            Err(Rejection::NoChange)
        }
        Some(_) => Ok(statement),
    }
}

/// The revocation's reason, trimmed, or why it is refused: the penalty must exist and not be
/// revoked already.
pub(crate) fn revoke(
    penalties: &Penalties,
    id: &PenaltyId,
    reason: &str,
) -> Result<String, Rejection> {
    let reason = required_text("note", reason)?;
    match penalties.get(id).map(|p| &p.status) {
        None => Err(Rejection::PenaltyUnknown),
        Some(PenaltyStatus::Revoked { .. }) => Err(Rejection::PenaltyRevoked),
        Some(_) => Ok(reason),
    }
}

/// Folds an appeal or a revocation: the penalty takes its new status (`decide` checked it
/// exists).
pub(crate) fn set_status(penalties: &mut Penalties, id: &PenaltyId, status: PenaltyStatus) {
    if let Some(p) = penalties.get_mut(id) {
        p.status = status;
    }
}
