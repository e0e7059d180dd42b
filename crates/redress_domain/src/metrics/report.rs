//! The figures of one merchant over a window, each with what it was computed from, the
//! standard it is held to and whether it meets it.
//!
//! Everything is exact integer arithmetic: a rate is compared as a cross-multiplication, never
//! as a float, so "exactly 1.5 × the average fails" and "0.35% exactly passes" hold.

use super::day::DayFigures;
use crate::policy::{DisputeStandard, Policy, ScoreBand};

/// A count over a count, kept whole so that a reader sees what it is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ratio {
    pub numerator: i64,
    pub denominator: i64,
}

impl Ratio {
    /// Parts per million, rounded down; `None` with nothing to divide by.
    pub fn ppm(&self) -> Option<i64> {
        (self.denominator > 0)
            .then(|| (i128::from(self.numerator) * 1_000_000 / i128::from(self.denominator)) as i64)
    }
}

/// Whether a figure meets its standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Fail,
    /// Nothing to measure in the window (no orders, no completed tickets): not 0 %, not a pass.
    NoData,
}

/// 纠纷介入率: disputes first requested in the window over orders paid in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisputeRate {
    pub rate: Ratio,
    /// All merchants' disputes over all paid orders in the window (the pooled mean).
    pub platform: Ratio,
    pub standard: DisputeStandard,
    /// The published reference value shown beside the live average.
    pub reference_ppm: u64,
    pub verdict: Verdict,
}

/// 商责纠纷率: merchant-responsible disputes among refunds completed in the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponsibleRate {
    pub rate: Ratio,
    pub count_below: u64,
    pub rate_ppm_max: u64,
    pub verdict: Verdict,
}

/// A self-completion time item and its store-score points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionTime {
    /// Total seconds over completed tickets.
    pub seconds: Ratio,
    /// Points in tenths (5.0 → 50) after any cap; `None` with no completed ticket.
    pub score_tenths: Option<u32>,
    /// Points before the cap, when the cap lowered them.
    pub capped_from_tenths: Option<u32>,
}

/// 逾期自动同意 over tickets opened in the window, and the mass-overdue standards (seed 004).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overdue {
    pub share: Ratio,
    /// ≥ both violation minimums: a mass-overdue violation.
    pub violation: bool,
    /// ≥ both high-risk minimums: refund handling is to be closed.
    pub high_risk: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MerchantReport {
    pub dispute_rate: DisputeRate,
    pub responsible_rate: ResponsibleRate,
    pub refund_only_time: CompletionTime,
    pub return_refund_time: CompletionTime,
    pub overdue: Overdue,
}

impl MerchantReport {
    /// In breach of a standard the weekly evaluation penalises: the dispute rate fails, or
    /// overdue approvals reach the mass-overdue minimums (seed 000, seed 004). The
    /// merchant-responsible rate only caps store-score points; it is no breach.
    pub fn in_breach(&self) -> bool {
        self.dispute_rate.verdict == Verdict::Fail || self.overdue.violation
    }
}

/// The rate a dispute rate must stay strictly below, kept exact: `numerator / denominator`
/// (1.5 × the platform's disputes over its paid orders, or the policy's fixed rate).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Threshold {
    pub numerator: i128,
    pub denominator: i128,
}

impl Threshold {
    /// The threshold of `standard` on a platform whose pooled rate is `platform`.
    pub fn of(standard: DisputeStandard, platform: Ratio) -> Threshold {
        match standard {
            DisputeStandard::RelativeToAverage { multiplier_ppm } => Threshold {
                numerator: i128::from(multiplier_ppm) * i128::from(platform.numerator),
                denominator: 1_000_000 * i128::from(platform.denominator),
            },
            DisputeStandard::Fixed { rate_ppm } => Threshold {
                numerator: i128::from(rate_ppm),
                denominator: 1_000_000,
            },
        }
    }

    /// Parts per million of the exact value, rounded down once (never the rounded platform
    /// average times the multiple, which can be a part lower); `None` when a relative
    /// standard has no platform orders to average over.
    pub fn ppm(&self) -> Option<i64> {
        (self.denominator > 0).then(|| (self.numerator * 1_000_000 / self.denominator) as i64)
    }

    /// Whether `rate` is strictly below the threshold: d/o < n/m ⇔ d·m < n·o.
    fn is_above_or_at(&self, rate: Ratio) -> bool {
        i128::from(rate.numerator) * self.denominator
            >= self.numerator * i128::from(rate.denominator)
    }
}

impl DisputeRate {
    /// The threshold this rate is held to.
    pub fn threshold(&self) -> Threshold {
        Threshold::of(self.standard, self.platform)
    }
}

/// The platform's sums over a window: every merchant's sums added up. The platform's average
/// dispute rate (the pooled mean behind a relative standard) is taken from these.
/// The store's `platform_days` is the same sum, taken in SQL.
pub fn platform_sums<'a>(merchants: impl IntoIterator<Item = &'a DayFigures>) -> DayFigures {
    DayFigures::total(merchants)
}

/// The report of a merchant whose window sums are `merchant`, on a platform whose window
/// sums (all merchants) are `platform`.
pub fn report(merchant: &DayFigures, platform: &DayFigures, policy: &Policy) -> MerchantReport {
    let counted = |f: &DayFigures| f.disputes_counted(policy.dispute_rate.counting);
    let dispute_rate = dispute_rate(
        Ratio {
            numerator: counted(merchant),
            denominator: merchant.orders_paid,
        },
        Ratio {
            numerator: counted(platform),
            denominator: platform.orders_paid,
        },
        policy,
    );
    let responsible_rate = responsible_rate(merchant, policy);
    let cap = (responsible_rate.verdict == Verdict::Fail)
        .then_some(policy.merchant_responsible.time_item_cap_tenths);
    let bands = &policy.store_score;
    MerchantReport {
        dispute_rate,
        responsible_rate,
        refund_only_time: completion_time(
            merchant.refund_only_seconds,
            merchant.refund_only_completed,
            &bands.refund_only_bands,
            bands.refund_only_floor_tenths,
            cap,
        ),
        return_refund_time: completion_time(
            merchant.return_refund_seconds,
            merchant.return_refund_completed,
            &bands.return_refund_bands,
            bands.return_refund_floor_tenths,
            cap,
        ),
        overdue: overdue(merchant, policy),
    }
}

fn dispute_rate(rate: Ratio, platform: Ratio, policy: &Policy) -> DisputeRate {
    let standard = policy.dispute_rate.standard;
    let verdict = if rate.denominator == 0 {
        Verdict::NoData
    } else if rate.numerator == 0 {
        // No dispute meets any standard, even on a platform whose average is zero.
        Verdict::Pass
    } else if Threshold::of(standard, platform).is_above_or_at(rate) {
        // Exactly at the threshold fails: the standard is "strictly below".
        Verdict::Fail
    } else {
        Verdict::Pass
    };
    DisputeRate {
        rate,
        platform,
        standard,
        reference_ppm: policy.dispute_rate.reference_rate_ppm,
        verdict,
    }
}

fn responsible_rate(merchant: &DayFigures, policy: &Policy) -> ResponsibleRate {
    let rules = &policy.merchant_responsible;
    let rate = Ratio {
        numerator: merchant.merchant_responsible,
        denominator: merchant.refunds_completed,
    };
    let (c, r) = (i128::from(rate.numerator), i128::from(rate.denominator));
    let verdict = if r == 0 {
        Verdict::NoData
    } else if c < i128::from(rules.count_below)
        || c * 1_000_000 <= i128::from(rules.rate_ppm_max) * r
    {
        Verdict::Pass
    } else {
        Verdict::Fail
    };
    ResponsibleRate {
        rate,
        count_below: rules.count_below,
        rate_ppm_max: rules.rate_ppm_max,
        verdict,
    }
}

fn completion_time(
    seconds: i64,
    count: i64,
    bands: &[ScoreBand],
    floor_tenths: u32,
    cap_tenths: Option<u32>,
) -> CompletionTime {
    let seconds = Ratio {
        numerator: seconds,
        denominator: count,
    };
    if count == 0 {
        return CompletionTime {
            seconds,
            score_tenths: None,
            capped_from_tenths: None,
        };
    }
    // average ≤ h hours  ⇔  total ≤ h·3600·count
    let earned = bands
        .iter()
        .find(|band| {
            i128::from(seconds.numerator) <= i128::from(band.hours_max) * 3600 * i128::from(count)
        })
        .map_or(floor_tenths, |band| band.score_tenths);
    let score = cap_tenths.map_or(earned, |cap| earned.min(cap));
    CompletionTime {
        seconds,
        score_tenths: Some(score),
        capped_from_tenths: (score < earned).then_some(earned),
    }
}

fn overdue(merchant: &DayFigures, policy: &Policy) -> Overdue {
    let rules = &policy.mass_overdue;
    let share = Ratio {
        numerator: merchant.overdue_approved,
        denominator: merchant.tickets_opened,
    };
    let at_least = |count_min: u64, share_ppm_min: u64| {
        share.denominator > 0
            && i128::from(share.numerator) >= i128::from(count_min)
            && i128::from(share.numerator) * 1_000_000
                >= i128::from(share_ppm_min) * i128::from(share.denominator)
    };
    Overdue {
        share,
        violation: at_least(rules.violation_count_min, rules.violation_share_ppm_min),
        high_risk: at_least(rules.high_risk_count_min, rules.high_risk_share_ppm_min),
    }
}
