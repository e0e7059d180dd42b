//! The policy file as TOML sees it: serde DTOs, separate from the domain's `Policy`, which
//! knows nothing of serde (STYLE.md, convention 8).
//!
//! Every key is an `Option` because every key may be left out and taken from the base
//! policy. Values whose checks need the key path (ranges, decimals, ids) stay raw here;
//! `convert` checks them all and reports every problem at once, which serde cannot.

use std::fmt;

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PolicyFile {
    pub preset: Option<String>,
    pub name: Option<String>,
    pub time_zone: Option<String>,
    pub deadlines: Option<DeadlinesFile>,
    pub refund_retry: Option<RefundRetryFile>,
    pub fast_refund: Option<FastRefundFile>,
    pub trust: Option<TrustFile>,
    pub dispute_rate: Option<DisputeRateFile>,
    pub merchant_responsible: Option<MerchantResponsibleFile>,
    pub store_score: Option<StoreScoreFile>,
    pub evaluation: Option<EvaluationFile>,
    pub mass_overdue: Option<MassOverdueFile>,
    pub penalties: Option<PenaltiesFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeadlinesFile {
    pub merchant_response_hours: Option<i64>,
    pub buyer_return_shipment_hours: Option<i64>,
    pub return_unsigned_countdown_start_hours: Option<i64>,
    pub merchant_return_handling_hours: Option<i64>,
    pub escalation_window_hours: Option<i64>,
    pub dispute_evidence_hours: Option<i64>,
    pub merchant_shipment_hours: Option<i64>,
    pub refusal_outcome_hours: Option<i64>,
    pub replacement_delivery_hours: Option<i64>,
    pub seven_day_return_hours: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RefundRetryFile {
    pub first_delay_seconds: Option<i64>,
    pub delay_seconds_max: Option<i64>,
    pub attempts_max: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FastRefundFile {
    pub enabled: Option<bool>,
    pub paid_amount_below_minor: Option<i64>,
    pub note: Option<String>,
    pub excluded_merchants: Option<Vec<String>>,
    pub excluded_products: Option<Vec<String>>,
    pub excluded_categories: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TrustFile {
    pub account_age_days_min: Option<i64>,
    pub completed_orders_min: Option<i64>,
    /// A percentage, e.g. "30%".
    pub refund_rate_max: Option<Exact>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DisputeRateFile {
    pub window_days: Option<i64>,
    /// "tickets_escalated" or "buyer_initiated".
    pub counting: Option<String>,
    pub standard: Option<StandardFile>,
    /// A percentage, e.g. "0.4%".
    pub reference_rate: Option<Exact>,
    /// Whether showcase creators (橱窗达人) are measured too (seed 001).
    pub measures_creators: Option<bool>,
}

/// `standard = { relative_to_average = "1.5" }` or `standard = { fixed = "0.4%" }`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum StandardFile {
    RelativeToAverage(Exact),
    Fixed(Exact),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MerchantResponsibleFile {
    pub count_below: Option<i64>,
    /// A percentage, e.g. "0.35%".
    pub rate_max: Option<Exact>,
    /// A score, e.g. "4".
    pub time_item_cap: Option<Exact>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StoreScoreFile {
    pub refund_only_bands: Option<Vec<BandFile>>,
    pub refund_only_floor: Option<Exact>,
    pub return_refund_bands: Option<Vec<BandFile>>,
    pub return_refund_floor: Option<Exact>,
}

/// `{ hours_max = 2, score = "5" }`; both keys are required because a band means nothing
/// without either.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BandFile {
    pub hours_max: i64,
    pub score: Exact,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EvaluationFile {
    /// "wednesday".
    pub weekday: Option<String>,
    /// "02:00", platform time.
    pub time: Option<String>,
    pub slight_multiplier: Option<Exact>,
    pub serious_multiplier: Option<Exact>,
    pub violation_lookback_days: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MassOverdueFile {
    pub violation_count_min: Option<i64>,
    /// A percentage of the merchant's tickets in the window, e.g. "20%".
    pub violation_share_min: Option<Exact>,
    pub high_risk_count_min: Option<i64>,
    pub high_risk_share_min: Option<Exact>,
    /// Measure names per severity, e.g. ["warning", "mandatory_study"].
    pub slight_measures: Option<Vec<String>>,
    pub serious_measures: Option<Vec<String>>,
    pub especially_serious_measures: Option<Vec<String>>,
    /// The high-risk finding that terminates: the n-th in the look-back; 0 never.
    pub termination_high_risk_findings: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PenaltiesFile {
    pub delist_days_min: Option<i64>,
    pub delist_days_max: Option<i64>,
    pub fine_minor_min: Option<i64>,
    pub fine_minor_max: Option<i64>,
    pub points_deducted: Option<i64>,
}

/// A decimal as the file wrote it, to be parsed exactly: "1.5", "0.35%", "4.5". An integer
/// is accepted as its digits (`slight_multiplier = 2`); a TOML float is refused, because by
/// the time serde hands it over it is already rounded to binary.
#[derive(Debug)]
pub(crate) struct Exact(pub String);

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ExactVisitor)
    }
}

struct ExactVisitor;

impl serde::de::Visitor<'_> for ExactVisitor {
    type Value = Exact;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a quoted decimal such as \"1.5\" or \"0.35%\" (quoted so it is read exactly)")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Exact, E> {
        Ok(Exact(text.to_owned()))
    }

    fn visit_i64<E: serde::de::Error>(self, integer: i64) -> Result<Exact, E> {
        Ok(Exact(integer.to_string()))
    }

    fn visit_u64<E: serde::de::Error>(self, integer: u64) -> Result<Exact, E> {
        Ok(Exact(integer.to_string()))
    }
}
