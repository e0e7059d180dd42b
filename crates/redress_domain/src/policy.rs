//! The platform's policy: every number SPEC.md marks as a default. The domain only reads it;
//! `redress_policy` loads and validates it from TOML, so a value here is always sane.
//!
//! Rates are integers in parts per million (ppm): 0.35% is 3_500 ppm. Comparing
//! `count * 1_000_000 <= ppm * total` is exact, where a float would make "0.35% exactly
//! passes" a coin toss.

use crate::MerchantId;
use crate::ProductId;
/// An excluded category is written like an order line's category.
pub use crate::decide::CATEGORY_CHARS_MAX;

pub const PPM: u64 = 1_000_000;

/// The whole policy in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// The preset or file this policy came from, shown in reports.
    pub name: String,
    /// IANA name of the platform's time zone; calendar days and the weekly schedule use it.
    pub time_zone: String,
    pub deadlines: DeadlinePolicy,
    pub refund_retry: RefundRetryPolicy,
    pub fast_refund: FastRefundPolicy,
    pub trust: TrustPolicy,
    pub dispute_rate: DisputeRatePolicy,
    pub merchant_responsible: MerchantResponsiblePolicy,
    pub store_score: StoreScorePolicy,
    pub evaluation: EvaluationPolicy,
    pub mass_overdue: MassOverduePolicy,
    pub penalties: PenaltyPolicy,
}

/// How long each party may take in each waiting state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadlinePolicy {
    /// Merchant answers a request, else it is approved (逾期自动同意). SPEC: 48 h.
    pub merchant_response_hours: u32,
    /// Buyer enters the return tracking number after approval, else Closed. SPEC: 7 days.
    pub buyer_return_shipment_hours: u32,
    /// If a return parcel shows no signature, the merchant's countdown starts this long after
    /// the buyer entered the tracking number (seed 000: the 5th day).
    pub return_unsigned_countdown_start_hours: u32,
    /// Merchant confirms or rejects a received return, else the system refunds (seed 000: 48 h).
    pub merchant_return_handling_hours: u32,
    /// Buyer may escalate a rejected ticket, else it lapses to Closed. SPEC: 7 days.
    pub escalation_window_hours: u32,
    /// Both sides may add evidence to a dispute. SPEC: 48 h.
    pub dispute_evidence_hours: u32,
    /// Merchant ships a replacement, repaired item or missing items, else the platform steps in.
    pub merchant_shipment_hours: u32,
    /// redress default: an "approve after refusal" that hears nothing from logistics returns
    /// to the merchant's queue after this long, so the buyer never waits forever.
    pub refusal_outcome_hours: u32,
    /// redress default: a replacement parcel not delivered in this long goes to the platform.
    pub replacement_delivery_hours: u32,
    /// Seven-day no-reason returns (七天无理由): the window after delivery.
    pub seven_day_return_hours: u32,
}

/// A failed refund goes back to Refunding and is retried with exponential back-off (退款异常).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundRetryPolicy {
    pub first_delay_seconds: u32,
    pub delay_seconds_max: u32,
    /// After this many failed attempts the ticket waits for an operator; the alert stays up.
    pub attempts_max: u32,
}

/// Platform fast refund for unshipped orders (未发货极速退款, seed 002).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FastRefundPolicy {
    pub enabled: bool,
    /// Paid amount must be strictly below this (seed 002: < 300 yuan).
    pub paid_amount_below_minor: i64,
    /// The fixed note the ticket carries (seed 002, FAQ Q5).
    pub note: String,
    pub excluded_merchants: Vec<MerchantId>,
    pub excluded_products: Vec<ProductId>,
    /// Item categories (an industry is the categories it covers) the platform keeps out of
    /// its fast refund (seed 002 1.7(2): 商品所属行业和分类); matched against `OrderItem::category`.
    pub excluded_categories: Vec<String>,
}

/// Who counts as a trusted buyer (平台优质用户).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustPolicy {
    pub account_age_days_min: u32,
    pub completed_orders_min: u32,
    /// Refunds / orders over the last 90 days must not exceed this.
    pub refund_rate_ppm_max: u64,
}

/// Which disputes a platform counts in the dispute intervention rate (纠纷介入率).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisputeCounting {
    /// Seed 000: every after-sales ticket that went to platform intervention, including
    /// those the system escalated because the merchant failed to ship a remedy.
    TicketsEscalated,
    /// Seed 001: disputes the buyer raised (用户发起的纠纷单量); system escalations do not count.
    BuyerInitiated,
}

/// The standard a merchant's dispute intervention rate is held to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisputeStandard {
    /// Rate strictly below `multiplier_ppm / 1e6` × the platform average (seed 000: 1.5×).
    RelativeToAverage { multiplier_ppm: u64 },
    /// Rate strictly below a fixed value.
    Fixed { rate_ppm: u64 },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisputeRatePolicy {
    pub window_days: u32,
    pub counting: DisputeCounting,
    pub standard: DisputeStandard,
    /// The published reference (seed 000: 0.4%); shown beside the live average.
    pub reference_rate_ppm: u64,
    /// Whether showcase creators (橱窗达人) are measured too: each creator's rate over the
    /// orders its showcase sold, held to the same standard, evaluated weekly (seed 001).
    pub measures_creators: bool,
}

/// 商责纠纷率 (seed 003): passes with fewer than `count_below` or a rate ≤ `rate_ppm_max`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MerchantResponsiblePolicy {
    pub count_below: u64,
    pub rate_ppm_max: u64,
    /// Score cap on both time items when the rate fails, in tenths of a point (4.0 → 40).
    pub time_item_cap_tenths: u32,
}

/// One band of a time item: up to `hours_max` (inclusive) scores `score_tenths`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoreBand {
    pub hours_max: u32,
    pub score_tenths: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreScorePolicy {
    pub refund_only_bands: Vec<ScoreBand>,
    /// Score when slower than every band.
    pub refund_only_floor_tenths: u32,
    pub return_refund_bands: Vec<ScoreBand>,
    pub return_refund_floor_tenths: u32,
}

/// Day of week for the weekly evaluation, Monday = 1 … Sunday = 7 (ISO 8601).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvaluationPolicy {
    pub weekday_iso: u8,
    pub hour: u8,
    pub minute: u8,
    /// Slight: rate ≤ this × threshold and no violation in the look-back.
    pub slight_multiplier_ppm: u64,
    /// Serious: rate ≤ this × threshold, or exactly one earlier violation.
    pub serious_multiplier_ppm: u64,
    pub violation_lookback_days: u32,
}

/// 大量售后单逾期不处理 (seed 004).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MassOverduePolicy {
    pub violation_count_min: u64,
    pub violation_share_ppm_min: u64,
    pub high_risk_count_min: u64,
    pub high_risk_share_ppm_min: u64,
    /// The measures of a mass-overdue violation per severity: seed 004 "视违规情节的严重程度
    /// 等情况综合判定", from its list "警告、强制学习、强制考试、扣分、平台直接处理买家运费
    /// 申请、暂停使用购物车功能、支付违约金". Closing refund handling is not graded: it
    /// follows the high-risk finding.
    pub slight_measures: Vec<MeasureKind>,
    pub serious_measures: Vec<MeasureKind>,
    pub especially_serious_measures: Vec<MeasureKind>,
    /// The high-risk finding that ends in removal from the platform (seed 004 三: "直至清除
    /// 平台、终止合作"): the n-th within the violation look-back, counting this one and only
    /// findings on other facts. 0: never by evaluation (an operator may still decide it).
    pub termination_high_risk_findings: u32,
}

/// A measure a policy may grade, without its size: delisting days and fines scale with the
/// excess, points come from [`PenaltyPolicy`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MeasureKind {
    Warning,
    MandatoryExam,
    MandatoryStudy,
    Delisting,
    Fine,
    PointsDeducted,
    PlatformSettlesReturnShipping,
    CartSuspended,
}

impl MeasureKind {
    pub const ALL: [MeasureKind; 8] = [
        MeasureKind::Warning,
        MeasureKind::MandatoryExam,
        MeasureKind::MandatoryStudy,
        MeasureKind::Delisting,
        MeasureKind::Fine,
        MeasureKind::PointsDeducted,
        MeasureKind::PlatformSettlesReturnShipping,
        MeasureKind::CartSuspended,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeasureKind::Warning => "warning",
            MeasureKind::MandatoryExam => "mandatory_exam",
            MeasureKind::MandatoryStudy => "mandatory_study",
            MeasureKind::Delisting => "delisting",
            MeasureKind::Fine => "fine",
            MeasureKind::PointsDeducted => "points_deducted",
            MeasureKind::PlatformSettlesReturnShipping => "platform_settles_return_shipping",
            MeasureKind::CartSuspended => "cart_suspended",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

/// Penalties for "especially serious" (seed 000).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PenaltyPolicy {
    pub delist_days_min: u32,
    pub delist_days_max: u32,
    pub fine_minor_min: i64,
    pub fine_minor_max: i64,
    pub points_deducted: u32,
}

/// The fixed ticket note of the platform fast refund (seed 002, FAQ Q5), in simplified script.
pub const FAST_REFUND_NOTE: &str =
    "该用户为平台优质用户且订单满足极速退款条件,平台已自动审核通过卖家发货前仅退款申请";

impl Default for Policy {
    /// SPEC.md's defaults, which are also the `kuaishou` preset (seeds 000, 002, 003, 004).
    fn default() -> Self {
        Policy {
            name: "default".to_owned(),
            time_zone: "Asia/Shanghai".to_owned(),
            deadlines: DeadlinePolicy {
                merchant_response_hours: 48,
                buyer_return_shipment_hours: 7 * 24,
                return_unsigned_countdown_start_hours: 5 * 24,
                merchant_return_handling_hours: 48,
                escalation_window_hours: 7 * 24,
                dispute_evidence_hours: 48,
                merchant_shipment_hours: 48,
                refusal_outcome_hours: 15 * 24,
                replacement_delivery_hours: 15 * 24,
                seven_day_return_hours: 7 * 24,
            },
            refund_retry: RefundRetryPolicy {
                first_delay_seconds: 60,
                delay_seconds_max: 6 * 3600,
                attempts_max: 10,
            },
            fast_refund: FastRefundPolicy {
                enabled: true,
                paid_amount_below_minor: 30_000,
                note: FAST_REFUND_NOTE.to_owned(),
                excluded_merchants: Vec::new(),
                excluded_products: Vec::new(),
                excluded_categories: Vec::new(),
            },
            trust: TrustPolicy {
                account_age_days_min: 90,
                completed_orders_min: 5,
                refund_rate_ppm_max: 300_000,
            },
            dispute_rate: DisputeRatePolicy {
                window_days: 30,
                counting: DisputeCounting::TicketsEscalated,
                standard: DisputeStandard::RelativeToAverage {
                    multiplier_ppm: 1_500_000,
                },
                reference_rate_ppm: 4_000,
                measures_creators: false,
            },
            merchant_responsible: MerchantResponsiblePolicy {
                count_below: 4,
                rate_ppm_max: 3_500,
                time_item_cap_tenths: 40,
            },
            store_score: StoreScorePolicy {
                refund_only_bands: bands(&[(2, 50), (6, 45), (12, 40), (24, 35), (48, 30)]),
                refund_only_floor_tenths: 20,
                return_refund_bands: bands(&[(24, 50), (48, 45), (72, 40), (96, 35), (120, 30)]),
                return_refund_floor_tenths: 20,
            },
            evaluation: EvaluationPolicy {
                weekday_iso: 3,
                hour: 2,
                minute: 0,
                slight_multiplier_ppm: 2_000_000,
                serious_multiplier_ppm: 3_000_000,
                violation_lookback_days: 90,
            },
            mass_overdue: MassOverduePolicy {
                violation_count_min: 10,
                violation_share_ppm_min: 200_000,
                high_risk_count_min: 50,
                high_risk_share_ppm_min: 500_000,
                slight_measures: vec![MeasureKind::Warning, MeasureKind::MandatoryStudy],
                serious_measures: vec![
                    MeasureKind::Warning,
                    MeasureKind::MandatoryStudy,
                    MeasureKind::MandatoryExam,
                    MeasureKind::PointsDeducted,
                ],
                especially_serious_measures: vec![
                    MeasureKind::Warning,
                    MeasureKind::MandatoryStudy,
                    MeasureKind::MandatoryExam,
                    MeasureKind::PointsDeducted,
                    MeasureKind::PlatformSettlesReturnShipping,
                    MeasureKind::CartSuspended,
                    MeasureKind::Fine,
                ],
                termination_high_risk_findings: 2,
            },
            penalties: PenaltyPolicy {
                delist_days_min: 1,
                delist_days_max: 5,
                fine_minor_min: 50_000,
                fine_minor_max: 100_000,
                points_deducted: 5,
            },
        }
    }
}

fn bands(pairs: &[(u32, u32)]) -> Vec<ScoreBand> {
    pairs
        .iter()
        .map(|&(hours_max, score_tenths)| ScoreBand {
            hours_max,
            score_tenths,
        })
        .collect()
}
