//! A showcase creator (视频号橱窗达人, seed 001): the penalties of its weekly evaluations,
//! with their appeals and revocations. Seed 001 1.3 measures creators like merchants
//! (纠纷介入率不达标的视频号橱窗商家、视频号橱窗达人会被平台处罚); a creator has no after-sales
//! settings of its own, since the merchant handles every request.

use crate::evaluation::{Penalty, PenaltyId, PenaltyStatus};
use crate::event_name::EventName;
use crate::penalties;
use crate::{Actor, CreatorId, Event, Rejection, Role, Timestamp};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Creator {
    pub id: CreatorId,
    /// Penalties of the weekly evaluations, by id.
    pub penalties: BTreeMap<PenaltyId, Penalty>,
    pub version: u64,
}

impl Creator {
    pub fn new(id: CreatorId) -> Self {
        Creator {
            id,
            penalties: BTreeMap::new(),
            version: 0,
        }
    }

    /// Penalties that count against the creator on `day` (not revoked), from evaluations in
    /// the `lookback_days` before it.
    pub fn violations_before(&self, day: crate::Date, lookback_days: u32) -> Vec<&Penalty> {
        let since = day
            .checked_sub(jiff::Span::new().days(i64::from(lookback_days)))
            .unwrap_or(crate::Date::MIN);
        self.penalties
            .values()
            .filter(|p| p.counts() && p.evaluated_on >= since && p.evaluated_on < day)
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CreatorCommand {
    /// Record a penalty of the weekly evaluation. Recording the same penalty again changes
    /// nothing.
    Penalise { penalty: Penalty },
    /// An operator records the creator's appeal: creators hold no API keys of their own.
    AppealPenalty { id: PenaltyId, statement: String },
    /// An operator lifts a penalty; it no longer counts as an earlier violation.
    RevokePenalty { id: PenaltyId, reason: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CreatorChange {
    Penalised(Penalty),
    PenaltyAppealed { id: PenaltyId, statement: String },
    PenaltyRevoked { id: PenaltyId, reason: String },
}

impl CreatorChange {
    /// A stable name for logs, storage and receipts.
    /// A stable name for logs, storage, receipts and scenario expectations.
    pub fn event_name(&self) -> EventName {
        match self {
            CreatorChange::Penalised(_) => EventName::CreatorPenalised,
            CreatorChange::PenaltyAppealed { .. } => EventName::CreatorPenaltyAppealed,
            CreatorChange::PenaltyRevoked { .. } => EventName::CreatorPenaltyRevoked,
        }
    }

    pub fn name(&self) -> &'static str {
        self.event_name().as_str()
    }
}

pub type CreatorEvent = Event<CreatorChange>;

pub fn decide(
    id: &CreatorId,
    state: Option<&Creator>,
    command: &CreatorCommand,
    actor: &Actor,
    now: Timestamp,
) -> Result<Vec<CreatorEvent>, Rejection> {
    let fresh = Creator::new(id.clone());
    let creator = state.unwrap_or(&fresh);
    let change = match command {
        CreatorCommand::Penalise { penalty } => {
            if !matches!(actor, Actor::Operator(_) | Actor::System) {
                return Err(Rejection::WrongActor {
                    action: "record a creator's penalty",
                    needs: &[Role::Operator, Role::System],
                });
            }
            if creator.penalties.contains_key(&penalty.id) {
                return Err(Rejection::NoChange);
            }
            CreatorChange::Penalised(penalty.clone())
        }
        CreatorCommand::AppealPenalty {
            id: penalty,
            statement,
        } => {
            require_operator(actor, "appeal a creator's penalty")?;
            CreatorChange::PenaltyAppealed {
                id: penalty.clone(),
                statement: penalties::appeal(&creator.penalties, penalty, statement)?,
            }
        }
        CreatorCommand::RevokePenalty {
            id: penalty,
            reason,
        } => {
            require_operator(actor, "revoke a creator's penalty")?;
            CreatorChange::PenaltyRevoked {
                id: penalty.clone(),
                reason: penalties::revoke(&creator.penalties, penalty, reason)?,
            }
        }
    };
    Ok(vec![Event {
        at: now,
        actor: actor.clone(),
        change,
    }])
}

fn require_operator(actor: &Actor, action: &'static str) -> Result<(), Rejection> {
    match actor {
        Actor::Operator(_) => Ok(()),
        _ => Err(Rejection::WrongActor {
            action,
            needs: &[Role::Operator],
        }),
    }
}

pub fn apply(id: &CreatorId, state: Option<Creator>, event: &CreatorEvent) -> Creator {
    let mut creator = state.unwrap_or_else(|| Creator::new(id.clone()));
    match &event.change {
        CreatorChange::Penalised(penalty) => {
            creator
                .penalties
                .insert(penalty.id.clone(), penalty.clone());
        }
        CreatorChange::PenaltyAppealed { id, statement } => penalties::set_status(
            &mut creator.penalties,
            id,
            PenaltyStatus::Appealed {
                statement: statement.clone(),
            },
        ),
        CreatorChange::PenaltyRevoked { id, reason } => penalties::set_status(
            &mut creator.penalties,
            id,
            PenaltyStatus::Revoked {
                reason: reason.clone(),
            },
        ),
    }
    creator.version += 1;
    creator
}
