//! The weekly evaluation (SPEC "Evaluation and enforcement"): from a merchant's report, the
//! standards it broke, how serious each breach is, and the penalty that follows.
//!
//! Pure: the engine feeds in the report and the merchant's earlier penalties and records
//! what comes out as merchant events, so a penalty carries the figures that caused it and an
//! evaluation run again for the same day finds the penalties already there.

use crate::metrics::DayFigures;
use crate::metrics::report::{DisputeRate, MerchantReport, Ratio, Verdict};
pub use crate::penalty_id::{PenaltyId, PenaltyIdError};
use crate::policy::{MeasureKind, Policy};
use crate::{Currency, Date, Money};
use std::fmt;

/// Which standard a merchant broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ViolationKind {
    /// 纠纷介入率不达标 (seed 000).
    DisputeRate,
    /// 大量售后单逾期不处理 (seed 004).
    MassOverdue,
    /// An operator's decision to remove the merchant (seed 004 三: 清除平台、终止合作), with
    /// its reason as evidence; no evaluation standard.
    OperatorDecision,
}

impl ViolationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ViolationKind::DisputeRate => "dispute_rate",
            ViolationKind::MassOverdue => "mass_overdue",
            ViolationKind::OperatorDecision => "operator_decision",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            ViolationKind::DisputeRate,
            ViolationKind::MassOverdue,
            ViolationKind::OperatorDecision,
        ]
        .into_iter()
        .find(|k| k.as_str() == raw)
    }
}

/// 情节: how serious a breach is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// 轻微
    Slight,
    /// 严重
    Serious,
    /// 特别严重
    EspeciallySerious,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Slight => "slight",
            Severity::Serious => "serious",
            Severity::EspeciallySerious => "especially_serious",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            Severity::Slight,
            Severity::Serious,
            Severity::EspeciallySerious,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }
}

/// One measure of a penalty, for the platform's catalogue and finance systems to carry out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Measure {
    Warning,
    /// 强制考试
    MandatoryExam,
    /// 强制学习 (mass overdue)
    MandatoryStudy,
    /// All products delisted and no new listings for `days`.
    Delisting {
        days: u32,
    },
    Fine {
        amount: Money,
    },
    PointsDeducted {
        points: u32,
    },
    /// The platform settles buyers' return-shipping-fee claims at the merchant's cost.
    PlatformSettlesReturnShipping,
    /// 暂停购物车
    CartSuspended,
    /// High-risk mass overdue: refund handling closed until an operator restores it.
    RefundHandlingClosed,
    /// 清除平台、终止合作 (seed 004 三): the merchant is removed from the platform. The top of
    /// the ladder: a repeat high-risk finding (`mass_overdue.termination_high_risk_findings`)
    /// or an operator's decision. Refund handling stays closed while it stands.
    Termination,
}

impl Measure {
    /// The measure's stable name, as the API and scenario files write it.
    pub fn code(&self) -> &'static str {
        match self {
            Measure::Warning => "warning",
            Measure::MandatoryExam => "mandatory_exam",
            Measure::MandatoryStudy => "mandatory_study",
            Measure::Delisting { .. } => "delisting",
            Measure::Fine { .. } => "fine",
            Measure::PointsDeducted { .. } => "points_deducted",
            Measure::PlatformSettlesReturnShipping => "platform_settles_return_shipping",
            Measure::CartSuspended => "cart_suspended",
            Measure::RefundHandlingClosed => "refund_handling_closed",
            Measure::Termination => "termination",
        }
    }
}

/// The figures that caused a penalty, as they stood at the evaluation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// The merchant's rate: disputes over paid orders, or overdue-approved over tickets.
    pub rate: Ratio,
    /// The platform's pooled rate, for the dispute rate; `None` for mass overdue.
    pub platform: Option<Ratio>,
    /// The standard in parts per million: 1.5 × the platform average, or the fixed share.
    pub threshold_ppm: i64,
    /// Non-revoked violations in the look-back before this one.
    pub earlier_violations: u32,
    /// The operator's reason, for an operator's decision; `None` for an evaluation's penalty.
    pub reason: Option<String>,
}

/// Where a penalty stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PenaltyStatus {
    Active,
    Appealed { statement: String },
    Revoked { reason: String },
}

/// A penalty, as recorded on the merchant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Penalty {
    /// One per holder, evaluation day and standard (see [`PenaltyId`]).
    pub id: PenaltyId,
    pub evaluated_on: Date,
    pub kind: ViolationKind,
    pub severity: Severity,
    pub measures: Vec<Measure>,
    pub evidence: Evidence,
    pub status: PenaltyStatus,
    /// The stored policy version the evaluation applied; 0 before versioned policies.
    /// `assess` leaves it 0: the version is the caller's to know.
    pub policy_version: u64,
}

impl Penalty {
    /// Counts as an earlier violation (not revoked).
    pub fn counts(&self) -> bool {
        !matches!(self.status, PenaltyStatus::Revoked { .. })
    }

    /// Removes the merchant from the platform while it counts.
    pub fn terminates(&self) -> bool {
        self.counts() && self.measures.contains(&Measure::Termination)
    }

    /// A high-risk finding: it closed (or found closed) the merchant's refund handling.
    pub fn high_risk(&self) -> bool {
        self.measures.contains(&Measure::RefundHandlingClosed)
    }
}

impl fmt::Display for Penalty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({})",
            self.kind.as_str(),
            self.severity.as_str(),
            self.id
        )
    }
}

/// What an evaluation knows of a merchant beyond its report: its earlier penalties and its
/// daily figures in the window, to tell a new breach from the same facts seen again.
#[derive(Clone, Debug, Default)]
pub struct History<'a> {
    /// Penalties from evaluations in the look-back before this one, not revoked.
    pub earlier: Vec<&'a Penalty>,
    /// The first day of this evaluation's window.
    pub window_from: Option<Date>,
    /// The merchant's figures per day in this evaluation's window.
    pub days: Vec<(Date, DayFigures)>,
}

impl History<'_> {
    /// The facts a standard counts on one day: disputes as the policy counts them, or
    /// overdue-approved tickets.
    fn facts(kind: ViolationKind, day: &DayFigures, policy: &Policy) -> i64 {
        match kind {
            ViolationKind::DisputeRate => day.disputes_counted(policy.dispute_rate.counting),
            ViolationKind::MassOverdue => day.overdue_approved,
            ViolationKind::OperatorDecision => 0,
        }
    }

    /// Whether the holder's days in the window matter: only an earlier penalty whose window
    /// overlaps this one can have counted some of its facts already. Without one, `days` is
    /// never read, and a caller need not fetch it.
    pub fn needs_days(&self) -> bool {
        self.earlier.iter().any(|p| self.overlaps(p))
    }

    /// Whether `earlier`'s window overlaps this one: evaluated after this window began, so
    /// some of the facts it counted may still be in this window.
    fn overlaps(&self, earlier: &Penalty) -> bool {
        self.window_from
            .is_some_and(|from| earlier.evaluated_on > from)
    }

    /// How many facts of `kind` this window holds that `earlier` cannot have counted: those
    /// on days from its evaluation on, and any growth beyond its count on the days before
    /// (an overdue approval lands on the day its ticket was opened, possibly after the
    /// evaluation). Never more than it can prove: a shortfall is read as no new fact.
    fn new_since(&self, kind: ViolationKind, earlier: &Penalty, policy: &Policy) -> i64 {
        let (mut after, mut before) = (0, 0);
        for (day, figures) in &self.days {
            let facts = Self::facts(kind, figures, policy);
            if *day >= earlier.evaluated_on {
                after += facts;
            } else {
                before += facts;
            }
        }
        after + (before - earlier.evidence.rate.numerator).max(0)
    }
}

/// Seed 000 四 / seed 004 三: the tier follows 情节, and the same facts are punished once.
/// Windows overlap from week to week, so the latest earlier penalty of the same standard
/// whose window overlaps this one, with no fact since it, means the breach is unchanged:
/// no new penalty (`None`). Otherwise the earlier violations that count are those resting on
/// other facts: another standard's, one whose window does not overlap, or one with facts
/// since it.
fn earlier_on_other_facts<'a>(
    kind: ViolationKind,
    history: &History<'a>,
    policy: &Policy,
) -> Option<Vec<&'a Penalty>> {
    let latest_same = history
        .earlier
        .iter()
        .filter(|p| p.kind == kind && history.overlaps(p))
        .max_by_key(|p| p.evaluated_on);
    if latest_same.is_some_and(|p| history.new_since(kind, p, policy) == 0) {
        return None;
    }
    let counted = history
        .earlier
        .iter()
        .filter(|p| {
            p.kind != kind || !history.overlaps(p) || history.new_since(kind, p, policy) > 0
        })
        .copied()
        .collect();
    Some(counted)
}

/// The penalties a merchant's report calls for on `evaluated_on`, given its history: an
/// unchanged breach already penalised is not penalised again, and only earlier violations
/// on other facts raise the severity.
pub fn assess(
    report: &MerchantReport,
    history: &History<'_>,
    evaluated_on: Date,
    policy: &Policy,
) -> Vec<Penalty> {
    let mut penalties: Vec<Penalty> =
        dispute_penalty(&report.dispute_rate, history, evaluated_on, policy)
            .into_iter()
            .collect();
    let overdue = &report.overdue;
    if overdue.violation
        && let Some(earlier) = earlier_on_other_facts(ViolationKind::MassOverdue, history, policy)
    {
        let earlier_violations = earlier.len() as u32;
        let t_num = i128::from(policy.mass_overdue.violation_share_ppm_min);
        let excess = excess_ppm(&overdue.share, t_num, 1_000_000);
        let severity = severity(excess, earlier_violations, policy);
        // Seed 004: measures "视违规情节的严重程度" — graded per tier by the policy.
        let graded = match severity {
            Severity::Slight => &policy.mass_overdue.slight_measures,
            Severity::Serious => &policy.mass_overdue.serious_measures,
            Severity::EspeciallySerious => &policy.mass_overdue.especially_serious_measures,
        };
        let mut measures: Vec<Measure> = graded
            .iter()
            .map(|kind| sized(*kind, excess, policy))
            .collect();
        if overdue.high_risk {
            measures.push(Measure::RefundHandlingClosed);
            if terminates(&earlier, policy) {
                measures.push(Measure::Termination);
            }
        }
        penalties.push(Penalty {
            id: PenaltyId::new(evaluated_on, ViolationKind::MassOverdue),
            evaluated_on,
            kind: ViolationKind::MassOverdue,
            severity,
            measures,
            evidence: Evidence {
                rate: overdue.share,
                platform: None,
                threshold_ppm: t_num as i64,
                earlier_violations,
                reason: None,
            },
            status: PenaltyStatus::Active,
            policy_version: 0,
        });
    }
    penalties
}

/// The penalty a failing dispute rate calls for, if the breach is not one already penalised
/// on the same facts.
fn dispute_penalty(
    dispute: &DisputeRate,
    history: &History<'_>,
    evaluated_on: Date,
    policy: &Policy,
) -> Option<Penalty> {
    if dispute.verdict != Verdict::Fail {
        return None;
    }
    let earlier = earlier_on_other_facts(ViolationKind::DisputeRate, history, policy)?;
    let earlier_violations = earlier.len() as u32;
    let threshold = dispute.threshold();
    let excess = excess_ppm(&dispute.rate, threshold.numerator, threshold.denominator);
    let severity = severity(excess, earlier_violations, policy);
    Some(Penalty {
        id: PenaltyId::new(evaluated_on, ViolationKind::DisputeRate),
        evaluated_on,
        kind: ViolationKind::DisputeRate,
        severity,
        measures: ladder(severity, excess, policy),
        evidence: Evidence {
            rate: dispute.rate,
            platform: Some(dispute.platform),
            threshold_ppm: threshold.ppm().unwrap_or(0),
            earlier_violations,
            reason: None,
        },
        status: PenaltyStatus::Active,
        policy_version: 0,
    })
}

/// The penalty a showcase creator's (橱窗达人) dispute rate calls for on `evaluated_on`
/// (seed 001 1.3: 纠纷介入率不达标的……视频号橱窗达人会被平台处罚). The creator's rate is its
/// disputes over the orders its showcase sold, held to the merchant's standard; a breach
/// follows the merchant's dispute-rate rules (same facts punished once, severity by excess
/// and earlier violations, seed 000's ladder), since seed 001 names no measure of its own.
/// Mass overdue is the merchant's handling, never the creator's: it is not assessed.
pub fn assess_creator(
    report: &MerchantReport,
    history: &History<'_>,
    evaluated_on: Date,
    policy: &Policy,
) -> Option<Penalty> {
    dispute_penalty(&report.dispute_rate, history, evaluated_on, policy)
}

/// Seed 004 三: a high-risk merchant's refund handling is closed "直至清除平台、终止合作". This
/// high-risk finding ends the ladder when it is the policy's n-th in the look-back, counting
/// only earlier high-risk findings on other facts (`earlier` holds no others).
fn terminates(earlier: &[&Penalty], policy: &Policy) -> bool {
    let n = policy.mass_overdue.termination_high_risk_findings;
    let findings = earlier.iter().filter(|p| p.high_risk()).count() + 1;
    n > 0 && findings >= n as usize
}

/// How many times the threshold the rate is, in parts per million (1.5× → 1,500,000).
fn excess_ppm(rate: &Ratio, t_num: i128, t_den: i128) -> i128 {
    // (n/d) / (t_num/t_den) = n·t_den / (d·t_num)
    let below = i128::from(rate.denominator) * t_num;
    if below == 0 {
        return i128::MAX;
    }
    i128::from(rate.numerator) * t_den * 1_000_000 / below
}

/// Slight: at most 2× the threshold and no earlier violation; serious: at most 3× with at
/// most one earlier violation (so one earlier violation makes a slight breach serious);
/// especially serious otherwise, including any breach after two earlier violations. SPEC's
/// "serious = rate ≤ 3 × threshold or one earlier violation" read so that repeat offences
/// climb the ladder; the multiples come from the policy.
fn severity(excess_ppm: i128, earlier: u32, policy: &Policy) -> Severity {
    let e = &policy.evaluation;
    if excess_ppm <= i128::from(e.slight_multiplier_ppm) && earlier == 0 {
        Severity::Slight
    } else if excess_ppm <= i128::from(e.serious_multiplier_ppm) && earlier <= 1 {
        Severity::Serious
    } else {
        Severity::EspeciallySerious
    }
}

/// The seed's ladder (seed 000). Delisting days and the fine scale with the excess over the
/// serious multiple (redress default: from the minimum at 3× to the maximum at 6× and beyond).
fn ladder(severity: Severity, excess_ppm: i128, policy: &Policy) -> Vec<Measure> {
    let kinds: &[MeasureKind] = match severity {
        Severity::Slight => &[MeasureKind::Warning],
        Severity::Serious => &[MeasureKind::Warning, MeasureKind::MandatoryExam],
        Severity::EspeciallySerious => &[
            MeasureKind::Delisting,
            MeasureKind::Fine,
            MeasureKind::PointsDeducted,
        ],
    };
    kinds
        .iter()
        .map(|kind| sized(*kind, excess_ppm, policy))
        .collect()
}

/// A measure with its size: delisting days and fines scale with the excess over the serious
/// multiple, points come from the policy.
fn sized(kind: MeasureKind, excess_ppm: i128, policy: &Policy) -> Measure {
    let p = &policy.penalties;
    let from = i128::from(policy.evaluation.serious_multiplier_ppm);
    // 0 … 1,000,000 over one more `from`'s worth of excess.
    let share = ((excess_ppm.saturating_sub(from)).max(0) * 1_000_000 / from.max(1)).min(1_000_000);
    let scale = |min: i128, max: i128| min + (max - min) * share / 1_000_000;
    match kind {
        MeasureKind::Warning => Measure::Warning,
        MeasureKind::MandatoryExam => Measure::MandatoryExam,
        MeasureKind::MandatoryStudy => Measure::MandatoryStudy,
        MeasureKind::Delisting => Measure::Delisting {
            days: scale(p.delist_days_min.into(), p.delist_days_max.into()) as u32,
        },
        MeasureKind::Fine => Measure::Fine {
            amount: Money::new(
                scale(p.fine_minor_min.into(), p.fine_minor_max.into()) as i64,
                Currency::CNY,
            )
            .expect("a policy fine is valid"),
        },
        MeasureKind::PointsDeducted => Measure::PointsDeducted {
            points: p.points_deducted,
        },
        MeasureKind::PlatformSettlesReturnShipping => Measure::PlatformSettlesReturnShipping,
        MeasureKind::CartSuspended => Measure::CartSuspended,
    }
}
