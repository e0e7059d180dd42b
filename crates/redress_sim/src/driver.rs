//! How the simulator reaches the engine. Agents and the loop see only [`Driver`]: submit a
//! command as an actor, read a ticket back, move the clock, and read the figures and
//! penalties the engine recorded. Two drivers stand behind it:
//!
//! - [`EngineDriver`]: the engine in-process, on a manual clock (a scratch SQLite file, or
//!   a PostgreSQL schema);
//! - [`HttpDriver`]: a running `redress serve --sandbox` through its public HTTP API, with a
//!   key per merchant and buyer, moving the server's test clock.
//!
//! Both give the same answers for the same history, so a simulation writes the same files
//! whichever drives it (a test holds them to it, byte for byte).

mod engine;
mod http;

pub use engine::EngineDriver;
pub use http::HttpDriver;

use crate::run::SimError;
use redress_domain::dispute::{Responsibility, VerdictOutcome};
use redress_domain::evidence::EvidenceKind;
use redress_domain::metrics::DayFigures;
use redress_domain::{
    Actor, Date, Deadline, DeadlineKind, FulfilmentStage, MerchantId, OrderId, Policy, StateName,
    TicketId, TicketKind, Timestamp,
};
use redress_engine::Command;
use std::future::Future;

/// What became of a submitted command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Accepted,
    /// The engine refused it, by the refusal's stable code (`evidence_missing`, …).
    Refused(String),
}

impl Answer {
    pub fn accepted(&self) -> bool {
        *self == Answer::Accepted
    }
}

/// A ticket as an agent sees it when it reads it back: what it plans its next move on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketView {
    pub kind: TicketKind,
    pub state: StateName,
    pub version: u64,
    /// The deadline the ticket waits on, if any.
    pub deadline: Option<Deadline>,
    /// In a dispute: the evidence window closed and the arbitrator decides.
    pub awaiting_verdict: bool,
    /// While the return is in transit: when the buyer shipped it.
    pub return_shipped_at: Option<Timestamp>,
    /// When it reached Refunded, Completed or Closed.
    pub ended_at: Option<Timestamp>,
    pub refunded_minor: i64,
    pub overdue_approved: bool,
    /// The automatic rule that approved it, by code, and the strategy's id for a
    /// merchant strategy.
    pub auto_rule: Option<String>,
    pub strategy: Option<String>,
    pub disputed: bool,
    pub merchant_responsible: bool,
    /// The order's outbound parcel.
    pub fulfilment: FulfilmentStage,
    /// What each side's evidence must show for this ticket's scenario.
    pub buyer_evidence: Vec<EvidenceKind>,
    pub merchant_evidence: Vec<EvidenceKind>,
    /// The verdict helper's suggestion while a dispute is open and a rule applies.
    pub suggestion: Option<(Responsibility, VerdictOutcome)>,
}

impl TicketView {
    /// Waiting for a refund to be requested again after a failure (退款异常).
    pub fn refund_retry_scheduled(&self) -> bool {
        self.deadline
            .is_some_and(|d| d.kind == DeadlineKind::RefundRetry)
    }
}

/// What moving the clock caused.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Advanced {
    pub deadlines_fired: u64,
    /// Weekly evaluations run, by evaluation day.
    pub evaluations: Vec<Date>,
}

/// One penalty as the evaluation recorded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PenaltyView {
    /// `dispute_rate` or `mass_overdue`.
    pub kind: String,
    pub severity: String,
    pub fine_minor: i64,
    pub refund_handling_closed: bool,
}

/// A merchant's dispute intervention rate over the window before an evaluation day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateView {
    pub disputes: i64,
    pub orders: i64,
    pub rate_ppm: Option<i64>,
    /// The rate it is held to (`redress_domain::metrics::Threshold`), in ppm; `None` without
    /// platform orders to average over.
    pub threshold_ppm: Option<i64>,
    /// `pass`, `fail` or `no_data`.
    pub verdict: String,
}

/// The engine, however it is reached. Clones share one connection to it.
pub trait Driver: Clone + Send + Sync + 'static {
    /// The policy in force; its time zone places the calendar days.
    fn policy(&self) -> &Policy;

    /// The engine's clock now.
    fn now(&self) -> impl Future<Output = Result<Timestamp, SimError>> + Send;

    /// Run `command` as `actor`. A refusal is an answer; an error means the simulation
    /// cannot go on (the engine or the connection failed).
    fn submit(
        &self,
        actor: Actor,
        command: Command,
    ) -> impl Future<Output = Result<Answer, SimError>> + Send;

    /// A ticket as it is now.
    fn ticket(
        &self,
        merchant: &MerchantId,
        order: &OrderId,
        ticket: &TicketId,
    ) -> impl Future<Output = Result<TicketView, SimError>> + Send;

    /// Move the clock to `to`, firing every deadline and weekly evaluation due on the way,
    /// each at its own instant.
    fn advance_to(&self, to: Timestamp) -> impl Future<Output = Result<Advanced, SimError>> + Send;

    /// The penalties the evaluation of `day` gave `merchant`.
    fn penalties(
        &self,
        merchant: &MerchantId,
        day: Date,
    ) -> impl Future<Output = Result<Vec<PenaltyView>, SimError>> + Send;

    /// Each merchant's dispute intervention rate for the evaluation of `day`, in the order
    /// given; `None` for a merchant with no figures in the window.
    fn dispute_rates(
        &self,
        merchants: &[MerchantId],
        day: Date,
    ) -> impl Future<Output = Result<Vec<Option<RateView>>, SimError>> + Send;

    /// `merchant`'s daily figures from `from` to `to`, days without activity left out.
    fn merchant_days(
        &self,
        merchant: &MerchantId,
        from: Date,
        to: Date,
    ) -> impl Future<Output = Result<Vec<(Date, DayFigures)>, SimError>> + Send;
}
