//! What a world did, per command kind, for the report: how much of the workload the engine
//! accepted, so that a workload that only gets refused shows at a glance.

use crate::plan::{Act, MerchantAct, Op};
use crate::receivers::DeliveryStats;
use redress_engine::Receipt;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Answers to one kind of command.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub accepted: u64,
    pub refused: u64,
    pub replayed: u64,
}

/// What a world (or several, added up) did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub accepted: u64,
    pub refused: u64,
    pub replayed: u64,
    pub faults: u64,
    pub restarts: u64,
    pub advances: u64,
    /// Races run (two commands at once), and those where both addressed one stream version.
    pub races: u64,
    pub exclusive_races: u64,
    pub by_kind: BTreeMap<&'static str, Counts>,
    pub deliveries: DeliveryStats,
}

impl Stats {
    /// Count an answer to a command of `kind`.
    pub fn count(&mut self, kind: &'static str, answer: &Result<Receipt, String>) {
        let counts = self.by_kind.entry(kind).or_default();
        match answer {
            Ok(r) if r.replayed => {
                self.replayed += 1;
                counts.replayed += 1;
            }
            Ok(_) => {
                self.accepted += 1;
                counts.accepted += 1;
            }
            Err(_) => {
                self.refused += 1;
                counts.refused += 1;
            }
        }
    }

    /// Add another world's figures.
    pub fn add(&mut self, other: &Stats) {
        self.accepted += other.accepted;
        self.refused += other.refused;
        self.replayed += other.replayed;
        self.faults += other.faults;
        self.restarts += other.restarts;
        self.advances += other.advances;
        self.races += other.races;
        self.exclusive_races += other.exclusive_races;
        for (kind, c) in &other.by_kind {
            let mine = self.by_kind.entry(kind).or_default();
            mine.accepted += c.accepted;
            mine.refused += c.refused;
            mine.replayed += c.replayed;
        }
        self.deliveries.attempts += other.deliveries.attempts;
        self.deliveries.delivered += other.deliveries.delivered;
        self.deliveries.failed += other.deliveries.failed;
        self.deliveries.dead += other.deliveries.dead;
    }

    /// How many commands of `kind` were accepted (0 when none was sent).
    pub fn accepted_of(&self, kind: &str) -> u64 {
        self.by_kind.get(kind).map_or(0, |c| c.accepted)
    }

    /// A readable table: one line per command kind, then the totals.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "  {:<26} {:>9} {:>9} {:>9} {:>9}",
            "command", "accepted", "refused", "replayed", "accepted%"
        );
        let row = |out: &mut String, name: &str, c: &Counts| {
            let sent = c.accepted + c.refused + c.replayed;
            let share = if sent == 0 {
                0.0
            } else {
                100.0 * c.accepted as f64 / sent as f64
            };
            let _ = writeln!(
                out,
                "  {name:<26} {:>9} {:>9} {:>9} {share:>8.1}%",
                c.accepted, c.refused, c.replayed
            );
        };
        for (kind, c) in &self.by_kind {
            row(&mut out, kind, c);
        }
        let total = Counts {
            accepted: self.accepted,
            refused: self.refused,
            replayed: self.replayed,
        };
        row(&mut out, "all", &total);
        let _ = writeln!(
            out,
            "  faults {}, restarts {}, clock advances {}, races {} ({} on one stream version)",
            self.faults, self.restarts, self.advances, self.races, self.exclusive_races
        );
        let d = &self.deliveries;
        let _ = write!(
            out,
            "  webhook deliveries: {} delivered, {} dead at the end, {} attempts ({} failed)",
            d.delivered, d.dead, d.attempts, d.failed
        );
        out
    }
}

/// The kind of a command step, as the report names it.
pub fn kind_of(op: &Op) -> &'static str {
    match op {
        Op::Place { .. } => "place order",
        Op::Parcel { .. } => "parcel update",
        Op::Open { .. } => "open ticket",
        Op::Ticket { act, .. } => match act {
            Act::Approve => "approve",
            Act::ApproveAfterRefusal => "approve after refusal",
            Act::Reject { .. } => "reject",
            Act::ProposeRemedy { .. } => "propose remedy",
            Act::AcceptRemedy => "accept remedy",
            Act::DeclineRemedy => "decline remedy",
            Act::Edit { .. } => "edit",
            Act::Cancel => "cancel",
            Act::ShipReturn { .. } => "ship return",
            Act::Escalate { .. } => "escalate",
            Act::CancelDispute => "cancel dispute",
            Act::ReturnInTransit => "return in transit",
            Act::ReturnSigned => "return signed",
            Act::ConfirmReturn => "confirm return",
            Act::ShipReplacement { .. } => "ship replacement",
            Act::ReplacementDelivered => "replacement delivered",
            Act::AddEvidence { .. } => "add evidence",
            Act::SettleDispute => "settle dispute",
            Act::GiveVerdict { .. } => "give verdict",
            Act::Recheck { .. } => "recheck",
            Act::RefundSucceeded { .. } => "refund succeeded",
            Act::RefundFailed { .. } => "refund failed",
            Act::RetryRefund => "retry refund",
            Act::FireDeadline { .. } => "fire deadline (forged)",
        },
        Op::Merchant { act, .. } => match act {
            MerchantAct::SetFastRefund(_) => "merchant fast refund",
            MerchantAct::Close(_) => "merchant close",
            MerchantAct::Restore => "merchant restore",
            MerchantAct::Exclude(_) => "merchant exclusion",
            MerchantAct::Appeal(_) => "penalty appeal",
        },
        Op::Policy { .. } => "policy",
        Op::Advance { .. } => "advance",
        Op::Evaluate => "evaluate",
        Op::Restart { .. } => "restart",
        Op::Burst { .. } => "burst",
        Op::Guided { .. } => "guided",
        Op::Race { .. } => "race",
        Op::Receiver { .. } => "receiver",
        Op::Deliver => "deliver",
    }
}
