//! A merchant's after-sales settings: opt-in fast refund, auto-approve strategies
//! (售后小助手, versioned), whether the platform closed its refund handling (seed 004), and
//! the penalties of the weekly evaluations with their appeals and revocations.

use crate::evaluation::{
    Evidence, Measure, Penalty, PenaltyId, PenaltyStatus, Severity, ViolationKind,
};
use crate::event_name::EventName;
use crate::metrics::report::Ratio;
use crate::penalties;
use crate::text::{Text, TextError};
use crate::{
    Actor, Date, Event, FulfilmentStage, MerchantId, Reason, Rejection, Role, StrategyId,
    TicketKind, Timestamp,
};
use std::collections::BTreeMap;

/// At most this many strategies per merchant.
pub const STRATEGIES_MAX: usize = 50;
/// Strategy names are at most this many characters.
pub const STRATEGY_NAME_CHARS_MAX: usize = 100;
/// A shop's display name is at most this many characters (the marketplaces' own limits
/// are 30 Chinese characters or so; this leaves room for a Latin name).
pub const SHOP_NAME_CHARS_MAX: usize = 60;

/// When a strategy applies. Empty lists mean "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Condition {
    pub kinds: Vec<TicketKind>,
    pub reasons: Vec<Reason>,
    /// Requested amount at most this many minor units.
    pub amount_max_minor: Option<i64>,
    /// Every item of the ticket is in one of these categories.
    pub categories: Vec<String>,
    pub trusted_buyer_only: bool,
    pub stages: Vec<FulfilmentStage>,
}

/// What a matching strategy does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrategyAction {
    /// Approve the request as the merchant would.
    Approve,
    /// Approve a return and refund as soon as the return parcel is signed for.
    RefundOnReturnSigned,
}

impl StrategyAction {
    pub fn as_str(self) -> &'static str {
        match self {
            StrategyAction::Approve => "approve",
            StrategyAction::RefundOnReturnSigned => "refund_on_return_signed",
        }
    }
}

/// One version of a merchant's rule. A change makes a new version; decisions name the
/// version that made them, so a merchant can always see which rule approved what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Strategy {
    pub id: StrategyId,
    pub name: String,
    pub version: u32,
    pub condition: Condition,
    pub action: StrategyAction,
    pub enabled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merchant {
    pub id: MerchantId,
    /// Opted in to fast refund of unshipped refund-only requests (seed 003).
    pub fast_refund_opted_in: bool,
    /// The platform excluded this shop from its fast refund (seed 002, 1.7).
    pub platform_fast_refund_excluded: bool,
    /// Refund handling closed by the platform (high-risk, seed 004), with the reason.
    pub refund_handling_closed: Option<String>,
    pub strategies: BTreeMap<StrategyId, Strategy>,
    /// Penalties of the weekly evaluations, by id.
    pub penalties: BTreeMap<PenaltyId, Penalty>,
    /// Where buyers send returns, unless a ticket names its own; shown to the buyer once a
    /// return is agreed.
    pub return_address: Option<String>,
    /// The shop's display name (店铺名称), once one was set; pages show it beside the id.
    pub name: Option<String>,
    pub version: u64,
}

impl Merchant {
    /// Whether a penalty that still counts (not revoked) carries `measure`: penalties have
    /// no end date, so a measure stays in force until an operator revokes its penalty.
    pub fn measure_in_force(&self, measure: &Measure) -> bool {
        self.penalties
            .values()
            .any(|p| p.counts() && p.measures.contains(measure))
    }

    pub fn new(id: MerchantId) -> Self {
        Merchant {
            id,
            fast_refund_opted_in: false,
            platform_fast_refund_excluded: false,
            refund_handling_closed: None,
            strategies: BTreeMap::new(),
            penalties: BTreeMap::new(),
            return_address: None,
            name: None,
            version: 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MerchantCommand {
    SetFastRefund {
        opted_in: bool,
    },
    /// The shop's return address; an empty one removes it.
    SetReturnAddress {
        address: String,
    },
    /// The shop's display name: one line, not empty, at most [`SHOP_NAME_CHARS_MAX`]
    /// characters once trimmed.
    SetName {
        name: String,
    },
    /// Create a strategy, or a new version of it.
    PutStrategy {
        id: StrategyId,
        name: String,
        condition: Condition,
        action: StrategyAction,
    },
    DisableStrategy {
        id: StrategyId,
    },
    CloseRefundHandling {
        reason: String,
    },
    RestoreRefundHandling,
    SetPlatformFastRefundExclusion {
        excluded: bool,
    },
    /// Record a penalty of the weekly evaluation; a high-risk one also closes refund
    /// handling. Recording the same penalty again changes nothing.
    Penalise {
        penalty: Penalty,
    },
    /// The merchant contests a penalty.
    AppealPenalty {
        id: PenaltyId,
        statement: String,
    },
    /// An operator lifts a penalty; it no longer counts as an earlier violation.
    RevokePenalty {
        id: PenaltyId,
        reason: String,
    },
    /// An operator removes the merchant from the platform (seed 004 三: 清除平台、终止合作):
    /// recorded as a penalty of the operator's decision, with the reason as its evidence,
    /// appealable and revocable like any other.
    Terminate {
        reason: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MerchantChange {
    FastRefundSet {
        opted_in: bool,
    },
    /// `None` removes the shop's return address.
    ReturnAddressSet {
        address: Option<String>,
    },
    /// The shop's display name was set (trimmed).
    Named {
        name: String,
    },
    StrategyPut(Strategy),
    StrategyDisabled {
        id: StrategyId,
        version: u32,
    },
    RefundHandlingClosed {
        reason: String,
    },
    RefundHandlingRestored,
    PlatformFastRefundExclusionSet {
        excluded: bool,
    },
    Penalised(Penalty),
    PenaltyAppealed {
        id: PenaltyId,
        statement: String,
    },
    PenaltyRevoked {
        id: PenaltyId,
        reason: String,
    },
}

impl MerchantChange {
    /// A stable name for logs, storage and receipts.
    /// A stable name for logs, storage, receipts and scenario expectations.
    pub fn event_name(&self) -> EventName {
        match self {
            MerchantChange::FastRefundSet { .. } => EventName::FastRefundSet,
            MerchantChange::ReturnAddressSet { .. } => EventName::ReturnAddressSet,
            MerchantChange::Named { .. } => EventName::Named,
            MerchantChange::StrategyPut(_) => EventName::StrategyPut,
            MerchantChange::StrategyDisabled { .. } => EventName::StrategyDisabled,
            MerchantChange::RefundHandlingClosed { .. } => EventName::RefundHandlingClosed,
            MerchantChange::RefundHandlingRestored => EventName::RefundHandlingRestored,
            MerchantChange::PlatformFastRefundExclusionSet { .. } => {
                EventName::PlatformFastRefundExclusionSet
            }
            MerchantChange::Penalised(_) => EventName::Penalised,
            MerchantChange::PenaltyAppealed { .. } => EventName::PenaltyAppealed,
            MerchantChange::PenaltyRevoked { .. } => EventName::PenaltyRevoked,
        }
    }

    pub fn name(&self) -> &'static str {
        self.event_name().as_str()
    }
}

pub type MerchantEvent = Event<MerchantChange>;

fn require_own_or_operator(
    merchant: &MerchantId,
    actor: &Actor,
    action: &'static str,
) -> Result<(), Rejection> {
    match actor {
        _ if actor.merchant() == Some(merchant) => Ok(()),
        Actor::Operator(_) => Ok(()),
        _ => Err(Rejection::WrongActor {
            action,
            needs: &[Role::Merchant, Role::Operator],
        }),
    }
}

fn require_platform(actor: &Actor, action: &'static str) -> Result<(), Rejection> {
    match actor {
        Actor::Operator(_) | Actor::System => Ok(()),
        _ => Err(Rejection::WrongActor {
            action,
            needs: &[Role::Operator, Role::System],
        }),
    }
}

/// `today` is `now`'s day in the platform's time zone: the day an operator's decision is
/// recorded on, like an evaluation's.
pub fn decide(
    id: &MerchantId,
    state: Option<&Merchant>,
    command: &MerchantCommand,
    actor: &Actor,
    now: Timestamp,
    today: Date,
) -> Result<Vec<MerchantEvent>, Rejection> {
    let fresh = Merchant::new(id.clone());
    let merchant = state.unwrap_or(&fresh);
    let change = match command {
        MerchantCommand::SetFastRefund { opted_in } => {
            require_own_or_operator(id, actor, "set fast refund")?;
            if merchant.fast_refund_opted_in == *opted_in {
                return Err(Rejection::NoChange);
            }
            MerchantChange::FastRefundSet {
                opted_in: *opted_in,
            }
        }
        MerchantCommand::SetReturnAddress { address } => {
            require_own_or_operator(id, actor, "set the return address")?;
            let address = address.trim();
            if address.chars().count() > crate::RETURN_ADDRESS_CHARS_MAX {
                return Err(Rejection::TextInvalid {
                    field: "address",
                    why: "is longer than 300 characters",
                });
            }
            text_rule("address", Text::lines(address))?;
            let address = (!address.is_empty()).then(|| address.to_owned());
            if merchant.return_address == address {
                return Err(Rejection::NoChange);
            }
            MerchantChange::ReturnAddressSet { address }
        }
        MerchantCommand::SetName { name } => {
            // The shop itself, an operator, or the platform's integration that keeps shop
            // names in step with the order system.
            if actor.merchant() != Some(id)
                && !matches!(actor, Actor::Operator(_) | Actor::Integration)
            {
                return Err(Rejection::WrongActor {
                    action: "name the shop",
                    needs: &[Role::Merchant, Role::Operator, Role::Integration],
                });
            }
            let name = name.trim();
            if name.is_empty() {
                return Err(Rejection::TextInvalid {
                    field: "name",
                    why: "must not be empty",
                });
            }
            if name.chars().count() > SHOP_NAME_CHARS_MAX {
                return Err(Rejection::TextInvalid {
                    field: "name",
                    why: "is longer than 60 characters",
                });
            }
            text_rule("name", Text::line(name))?;
            if merchant.name.as_deref() == Some(name) {
                return Err(Rejection::NoChange);
            }
            MerchantChange::Named {
                name: name.to_owned(),
            }
        }
        MerchantCommand::PutStrategy {
            id: strategy_id,
            name,
            condition,
            action,
        } => {
            require_own_or_operator(id, actor, "change strategies")?;
            let name = name.trim();
            if name.is_empty() {
                return Err(Rejection::TextInvalid {
                    field: "name",
                    why: "must not be empty",
                });
            }
            if name.chars().count() > STRATEGY_NAME_CHARS_MAX {
                return Err(Rejection::TextInvalid {
                    field: "name",
                    why: "is too long",
                });
            }
            text_rule("name", Text::line(name))?;
            for category in &condition.categories {
                text_rule("condition.categories", Text::line(category))?;
            }
            if condition.amount_max_minor.is_some_and(|a| a <= 0) {
                return Err(Rejection::AmountNotPositive {
                    field: "condition.amount_max_minor",
                });
            }
            let existing = merchant.strategies.get(strategy_id);
            if existing.is_none() && merchant.strategies.len() >= STRATEGIES_MAX {
                return Err(Rejection::LimitExceeded {
                    field: "strategies",
                    max: STRATEGIES_MAX,
                });
            }
            MerchantChange::StrategyPut(Strategy {
                id: strategy_id.clone(),
                name: name.to_owned(),
                version: existing.map_or(1, |s| s.version + 1),
                condition: condition.clone(),
                action: *action,
                enabled: true,
            })
        }
        MerchantCommand::DisableStrategy { id: strategy_id } => {
            require_own_or_operator(id, actor, "change strategies")?;
            let strategy = merchant
                .strategies
                .get(strategy_id)
                .ok_or(Rejection::StrategyUnknown)?;
            if !strategy.enabled {
                return Err(Rejection::NoChange);
            }
            MerchantChange::StrategyDisabled {
                id: strategy_id.clone(),
                version: strategy.version,
            }
        }
        MerchantCommand::CloseRefundHandling { reason } => {
            require_platform(actor, "close refund handling")?;
            if reason.trim().is_empty() {
                return Err(Rejection::TextInvalid {
                    field: "note",
                    why: "must not be empty",
                });
            }
            text_rule("note", Text::lines(reason))?;
            if merchant.refund_handling_closed.is_some() {
                return Err(Rejection::NoChange);
            }
            MerchantChange::RefundHandlingClosed {
                reason: reason.trim().to_owned(),
            }
        }
        MerchantCommand::RestoreRefundHandling => {
            require_platform(actor, "restore refund handling")?;
            if merchant.refund_handling_closed.is_none() {
                return Err(Rejection::NoChange);
            }
            if merchant.terminated().is_some() {
                return Err(Rejection::MerchantTerminated);
            }
            MerchantChange::RefundHandlingRestored
        }
        MerchantCommand::SetPlatformFastRefundExclusion { excluded } => {
            require_platform(actor, "exclude from platform fast refund")?;
            if merchant.platform_fast_refund_excluded == *excluded {
                return Err(Rejection::NoChange);
            }
            MerchantChange::PlatformFastRefundExclusionSet {
                excluded: *excluded,
            }
        }
        MerchantCommand::Penalise { penalty } => {
            require_platform(actor, "record a penalty")?;
            if merchant.penalties.contains_key(&penalty.id) {
                return Err(Rejection::NoChange);
            }
            let closes = (penalty.high_risk() || penalty.terminates())
                && merchant.refund_handling_closed.is_none();
            let mut changes = vec![MerchantChange::Penalised(penalty.clone())];
            if closes {
                changes.push(MerchantChange::RefundHandlingClosed {
                    reason: format!(
                        "high-risk mass overdue, evaluation of {}",
                        penalty.evaluated_on
                    ),
                });
            }
            return Ok(events(changes, now, actor));
        }
        MerchantCommand::Terminate { reason } => {
            if !matches!(actor, Actor::Operator(_)) {
                return Err(Rejection::WrongActor {
                    action: "terminate a merchant",
                    needs: &[Role::Operator],
                });
            }
            let reason = required_text("note", reason)?;
            if merchant.terminated().is_some() {
                return Err(Rejection::NoChange);
            }
            let penalty = merchant.operator_termination(today, reason);
            let mut changes = vec![MerchantChange::Penalised(penalty.clone())];
            if merchant.refund_handling_closed.is_none() {
                changes.push(MerchantChange::RefundHandlingClosed {
                    reason: format!("terminated by an operator on {today}"),
                });
            }
            return Ok(events(changes, now, actor));
        }
        MerchantCommand::AppealPenalty {
            id: penalty,
            statement,
        } => {
            require_own_or_operator(id, actor, "appeal a penalty")?;
            MerchantChange::PenaltyAppealed {
                id: penalty.clone(),
                statement: penalties::appeal(&merchant.penalties, penalty, statement)?,
            }
        }
        MerchantCommand::RevokePenalty {
            id: penalty,
            reason,
        } => {
            match actor {
                Actor::Operator(_) => {}
                _ => {
                    return Err(Rejection::WrongActor {
                        action: "revoke a penalty",
                        needs: &[Role::Operator],
                    });
                }
            }
            MerchantChange::PenaltyRevoked {
                id: penalty.clone(),
                reason: penalties::revoke(&merchant.penalties, penalty, reason)?,
            }
        }
    };
    Ok(vec![Event {
        at: now,
        actor: actor.clone(),
        change,
    }])
}

fn events(changes: Vec<MerchantChange>, now: Timestamp, actor: &Actor) -> Vec<MerchantEvent> {
    changes
        .into_iter()
        .map(|change| Event {
            at: now,
            actor: actor.clone(),
            change,
        })
        .collect()
}

/// A text an action needs, trimmed; refused when empty or too long.
pub(crate) fn required_text(field: &'static str, raw: &str) -> Result<String, Rejection> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(Rejection::TextInvalid {
            field,
            why: "must not be empty",
        });
    }
    if text.chars().count() > PENALTY_TEXT_CHARS_MAX {
        return Err(Rejection::TextInvalid {
            field,
            why: "is too long",
        });
    }
    text_rule(field, Text::lines(text))?;
    Ok(text.to_owned())
}

/// The text rule every command's free text follows (see [`crate::text`]).
fn text_rule(field: &'static str, checked: Result<Text, TextError>) -> Result<(), Rejection> {
    checked.map(drop).map_err(|e| Rejection::TextInvalid {
        field,
        why: e.why(),
    })
}

/// Longest appeal statement or revocation reason.
const PENALTY_TEXT_CHARS_MAX: usize = 2_000;

impl Merchant {
    /// The penalty that removed the merchant from the platform, while it stands (not
    /// revoked): the latest, if there were several.
    pub fn terminated(&self) -> Option<&Penalty> {
        self.penalties
            .values()
            .filter(|p| p.terminates())
            .max_by_key(|p| p.evaluated_on)
    }

    /// An operator's termination on `today`. Its id is `today:operator_decision`, numbered
    /// from the second on one day (an earlier one revoked the same day keeps its id). Its
    /// evidence is the reason and the violations on record that still count.
    fn operator_termination(&self, today: Date, reason: String) -> Penalty {
        let id = (1..)
            .map(|n| PenaltyId::numbered(today, ViolationKind::OperatorDecision, n))
            .find(|id| !self.penalties.contains_key(id))
            .expect("a free id");
        Penalty {
            id,
            evaluated_on: today,
            kind: ViolationKind::OperatorDecision,
            severity: Severity::EspeciallySerious,
            measures: vec![Measure::Termination],
            evidence: Evidence {
                rate: Ratio {
                    numerator: 0,
                    denominator: 0,
                },
                platform: None,
                threshold_ppm: 0,
                earlier_violations: self.penalties.values().filter(|p| p.counts()).count() as u32,
                reason: Some(reason),
            },
            status: PenaltyStatus::Active,
            // The engine stamps the version in force, as it does on an evaluation's penalties.
            policy_version: 0,
        }
    }

    /// Violations that count against the merchant on `day`: penalties not revoked, from
    /// evaluations in the `lookback_days` before it.
    pub fn violations_before(&self, day: Date, lookback_days: u32) -> u32 {
        let since = day
            .checked_sub(jiff::Span::new().days(i64::from(lookback_days)))
            .unwrap_or(Date::MIN);
        self.penalties
            .values()
            .filter(|p| p.counts() && p.evaluated_on >= since && p.evaluated_on < day)
            .count() as u32
    }
}

pub fn apply(id: &MerchantId, state: Option<Merchant>, event: &MerchantEvent) -> Merchant {
    let mut merchant = state.unwrap_or_else(|| Merchant::new(id.clone()));
    match &event.change {
        MerchantChange::FastRefundSet { opted_in } => merchant.fast_refund_opted_in = *opted_in,
        MerchantChange::ReturnAddressSet { address } => {
            merchant.return_address.clone_from(address);
        }
        MerchantChange::Named { name } => merchant.name = Some(name.clone()),
        MerchantChange::StrategyPut(strategy) => {
            merchant
                .strategies
                .insert(strategy.id.clone(), strategy.clone());
        }
        MerchantChange::StrategyDisabled { id, .. } => {
            if let Some(strategy) = merchant.strategies.get_mut(id) {
                strategy.enabled = false;
            }
        }
        MerchantChange::RefundHandlingClosed { reason } => {
            merchant.refund_handling_closed = Some(reason.clone());
        }
        MerchantChange::RefundHandlingRestored => merchant.refund_handling_closed = None,
        MerchantChange::PlatformFastRefundExclusionSet { excluded } => {
            merchant.platform_fast_refund_excluded = *excluded;
        }
        MerchantChange::Penalised(penalty) => {
            merchant
                .penalties
                .insert(penalty.id.clone(), penalty.clone());
        }
        MerchantChange::PenaltyAppealed { id, statement } => penalties::set_status(
            &mut merchant.penalties,
            id,
            PenaltyStatus::Appealed {
                statement: statement.clone(),
            },
        ),
        MerchantChange::PenaltyRevoked { id, reason } => penalties::set_status(
            &mut merchant.penalties,
            id,
            PenaltyStatus::Revoked {
                reason: reason.clone(),
            },
        ),
    }
    merchant.version += 1;
    merchant
}
