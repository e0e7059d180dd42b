//! Buyers' trust inputs, as the platform reports them, and who counts as trusted.

use crate::event_name::EventName;
use crate::policy::{PPM, TrustPolicy};
use crate::{Actor, BuyerId, Event, Rejection, Role, Timestamp};

/// What the platform tells redress about a buyer (买家信任输入).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuyerProfile {
    pub id: BuyerId,
    pub account_created_at: Timestamp,
    pub completed_orders: u32,
    /// Orders and refunds in the last 90 days, for the refund rate.
    pub orders_90d: u32,
    pub refunds_90d: u32,
    /// Restricted by the platform for abusing refunds.
    pub abuse_restricted: bool,
    pub version: u64,
}

/// A trusted buyer (平台优质用户, seed 002): old enough, enough completed orders, a low
/// refund rate and no abuse restriction.
pub fn is_trusted(buyer: &BuyerProfile, policy: &TrustPolicy, now: Timestamp) -> bool {
    let age_days = now.duration_since(buyer.account_created_at).as_hours() / 24;
    let refund_rate_ok = u64::from(buyer.refunds_90d) * PPM
        <= policy.refund_rate_ppm_max * u64::from(buyer.orders_90d)
        || buyer.refunds_90d == 0;
    age_days >= i64::from(policy.account_age_days_min)
        && buyer.completed_orders >= policy.completed_orders_min
        && refund_rate_ok
        && !buyer.abuse_restricted
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustInputs {
    pub account_created_at: Timestamp,
    pub completed_orders: u32,
    pub orders_90d: u32,
    pub refunds_90d: u32,
    pub abuse_restricted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuyerCommand {
    UpdateTrust(TrustInputs),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuyerChange {
    TrustUpdated(TrustInputs),
}

impl BuyerChange {
    /// A stable name for logs, storage and receipts.
    /// A stable name for logs, storage, receipts and scenario expectations.
    pub fn event_name(&self) -> EventName {
        match self {
            BuyerChange::TrustUpdated(_) => EventName::TrustUpdated,
        }
    }

    pub fn name(&self) -> &'static str {
        self.event_name().as_str()
    }
}

pub type BuyerEvent = Event<BuyerChange>;

pub fn decide(
    state: Option<&BuyerProfile>,
    command: &BuyerCommand,
    actor: &Actor,
    now: Timestamp,
) -> Result<Vec<BuyerEvent>, Rejection> {
    let BuyerCommand::UpdateTrust(inputs) = command;
    if !matches!(actor, Actor::Integration | Actor::Operator(_)) {
        return Err(Rejection::WrongActor {
            action: "update buyer trust",
            needs: &[Role::Integration, Role::Operator],
        });
    }
    if inputs.refunds_90d > inputs.orders_90d {
        return Err(Rejection::TextInvalid {
            field: "refunds_90d",
            why: "cannot exceed orders_90d",
        });
    }
    if state.is_some_and(|s| TrustInputs::of(s) == *inputs) {
        return Err(Rejection::NoChange);
    }
    Ok(vec![Event {
        at: now,
        actor: actor.clone(),
        change: BuyerChange::TrustUpdated(inputs.clone()),
    }])
}

impl TrustInputs {
    fn of(profile: &BuyerProfile) -> TrustInputs {
        TrustInputs {
            account_created_at: profile.account_created_at,
            completed_orders: profile.completed_orders,
            orders_90d: profile.orders_90d,
            refunds_90d: profile.refunds_90d,
            abuse_restricted: profile.abuse_restricted,
        }
    }
}

pub fn apply(id: &BuyerId, state: Option<BuyerProfile>, event: &BuyerEvent) -> BuyerProfile {
    let BuyerChange::TrustUpdated(inputs) = &event.change;
    BuyerProfile {
        id: id.clone(),
        account_created_at: inputs.account_created_at,
        completed_orders: inputs.completed_orders,
        orders_90d: inputs.orders_90d,
        refunds_90d: inputs.refunds_90d,
        abuse_restricted: inputs.abuse_restricted,
        version: state.map_or(0, |s| s.version) + 1,
    }
}
