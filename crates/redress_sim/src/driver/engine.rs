//! The engine in-process, on a manual clock the simulation moves.

use super::{Advanced, Answer, Driver, PenaltyView, RateView, TicketView};
use crate::run::SimError;
use redress_domain::dispute::{suggest, suggested_evidence};
use redress_domain::evaluation::Measure;
use redress_domain::evidence::Side;
use redress_domain::metrics::report::{Verdict, report};
use redress_domain::metrics::{DayFigures, Window, platform_sums};
use redress_domain::{
    Actor, Date, DisputePhase, MerchantId, Order, OrderId, Policy, Rule, TicketId, TicketState,
    Timestamp,
};
use redress_engine::{Clock, Command, Engine, EngineError, ManualClock, Submission};
use redress_store::{AnyStore, State, Store, StreamKey};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The engine in-process. `clock` must be the engine's own.
#[derive(Clone, Debug)]
pub struct EngineDriver {
    engine: Engine<AnyStore>,
    clock: Arc<ManualClock>,
    policy: Arc<Policy>,
}

impl EngineDriver {
    pub fn new(engine: Engine<AnyStore>, clock: Arc<ManualClock>) -> EngineDriver {
        let policy = engine.policy();
        EngineDriver {
            engine,
            clock,
            policy,
        }
    }

    pub fn engine(&self) -> &Engine<AnyStore> {
        &self.engine
    }
}

/// The view of `ticket` of `order`, from the domain's own state and rules.
pub(super) fn view(order: &Order, ticket: &redress_domain::Ticket) -> TicketView {
    let (ended_at, return_shipped_at, awaiting_verdict) = match &ticket.state {
        TicketState::Refunded { at, .. }
        | TicketState::Completed { at }
        | TicketState::Closed { at, .. } => (Some(*at), None, false),
        TicketState::ReturnInTransit { shipped_at, .. } => (None, Some(*shipped_at), false),
        TicketState::InDispute {
            phase: DisputePhase::AwaitingVerdict,
        } => (None, None, true),
        TicketState::Requested { .. }
        | TicketState::AwaitingRefusal { .. }
        | TicketState::AwaitingReturn { .. }
        | TicketState::ReturnReceived { .. }
        | TicketState::AwaitingMerchantShipment { .. }
        | TicketState::ReplacementInTransit { .. }
        | TicketState::Rejected { .. }
        | TicketState::InDispute {
            phase: DisputePhase::Evidence { .. },
        }
        | TicketState::Refunding { .. } => (None, None, false),
    };
    TicketView {
        kind: ticket.kind,
        state: ticket.state.name(),
        version: ticket.version,
        deadline: ticket.deadline(),
        awaiting_verdict,
        return_shipped_at,
        ended_at,
        refunded_minor: ticket.refunded.minor(),
        overdue_approved: ticket.overdue_approved,
        auto_rule: ticket.auto_rule.as_ref().map(|r| r.code().to_owned()),
        strategy: match &ticket.auto_rule {
            Some(Rule::Strategy { id, .. }) => Some(id.to_string()),
            _ => None,
        },
        disputed: ticket.dispute.is_some(),
        merchant_responsible: ticket
            .dispute
            .as_ref()
            .is_some_and(|d| d.merchant_responsible()),
        fulfilment: order.stage(),
        buyer_evidence: suggested_evidence(ticket, Side::Buyer).to_vec(),
        merchant_evidence: suggested_evidence(ticket, Side::Merchant).to_vec(),
        suggestion: ticket
            .dispute
            .as_ref()
            .filter(|d| d.open)
            .and_then(|_| suggest(order, ticket))
            .map(|s| (s.responsibility, s.outcome)),
    }
}

fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "pass",
        Verdict::Fail => "fail",
        Verdict::NoData => "no_data",
    }
}

impl Driver for EngineDriver {
    fn policy(&self) -> &Policy {
        &self.policy
    }

    async fn now(&self) -> Result<Timestamp, SimError> {
        Ok(self.clock.now())
    }

    async fn submit(&self, actor: Actor, command: Command) -> Result<Answer, SimError> {
        match self.engine.execute(Submission::new(actor, command)).await {
            Ok(_) => Ok(Answer::Accepted),
            Err(EngineError::Rejected(rejection)) => {
                Ok(Answer::Refused(rejection.code().to_owned()))
            }
            Err(other) => Err(other.into()),
        }
    }

    async fn ticket(
        &self,
        merchant: &MerchantId,
        order: &OrderId,
        ticket: &TicketId,
    ) -> Result<TicketView, SimError> {
        let key = StreamKey::Order {
            merchant: merchant.clone(),
            order: order.clone(),
        };
        let Some(State::Order(order)) = self.engine.store().load(&key).await? else {
            return Err(SimError::Setup(format!(
                "order {order} could not be read back"
            )));
        };
        let ticket = order.tickets.get(ticket).ok_or_else(|| {
            SimError::Setup(format!("ticket {ticket} is not on order {}", order.id))
        })?;
        Ok(view(&order, ticket))
    }

    async fn advance_to(&self, to: Timestamp) -> Result<Advanced, SimError> {
        let report = self
            .engine
            .advance_to(&self.clock, to)
            .await
            .map_err(|e| SimError::Clock(e.to_string()))?;
        Ok(Advanced {
            deadlines_fired: report.total(),
            evaluations: report.evaluations,
        })
    }

    async fn penalties(
        &self,
        merchant: &MerchantId,
        day: Date,
    ) -> Result<Vec<PenaltyView>, SimError> {
        let Some(state) = self.engine.merchant(merchant).await? else {
            return Ok(Vec::new());
        };
        Ok(state
            .penalties
            .values()
            .filter(|p| p.evaluated_on == day)
            .map(|penalty| PenaltyView {
                kind: penalty.kind.as_str().to_owned(),
                severity: penalty.severity.as_str().to_owned(),
                fine_minor: penalty
                    .measures
                    .iter()
                    .map(|measure| match measure {
                        Measure::Fine { amount } => amount.minor(),
                        _ => 0,
                    })
                    .sum(),
                refund_handling_closed: penalty
                    .measures
                    .iter()
                    .any(|m| matches!(m, Measure::RefundHandlingClosed)),
            })
            .collect())
    }

    async fn dispute_rates(
        &self,
        merchants: &[MerchantId],
        day: Date,
    ) -> Result<Vec<Option<RateView>>, SimError> {
        // One read of every merchant's sums, as the evaluation itself does, rather than one
        // window per merchant.
        let Window { from, to } = Window::of_evaluation(day, self.policy.dispute_rate.window_days);
        let rows = self.engine.store().days_by_merchant(from, to).await?;
        let platform = platform_sums(rows.iter().map(|row| &row.figures));
        let by_id: BTreeMap<&str, &DayFigures> = rows
            .iter()
            .map(|row| (row.merchant_id.as_str(), &row.figures))
            .collect();
        Ok(merchants
            .iter()
            .map(|m| {
                by_id.get(m.as_str()).map(|figures| {
                    let d = report(figures, &platform, &self.policy).dispute_rate;
                    RateView {
                        disputes: d.rate.numerator,
                        orders: d.rate.denominator,
                        rate_ppm: d.rate.ppm(),
                        threshold_ppm: d.threshold().ppm(),
                        verdict: verdict(d.verdict).to_owned(),
                    }
                })
            })
            .collect())
    }

    async fn merchant_days(
        &self,
        merchant: &MerchantId,
        from: Date,
        to: Date,
    ) -> Result<Vec<(Date, DayFigures)>, SimError> {
        Ok(self
            .engine
            .store()
            .merchant_days(merchant.as_str(), from, to)
            .await?
            .into_iter()
            .map(|row| (row.day, row.figures))
            .collect())
    }
}
