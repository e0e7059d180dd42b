//! Stored JSON of the weekly evaluation's penalties (merchant events `penalised`,
//! `penalty_appealed`, `penalty_revoked`).

use super::{Invalid, MoneyDto, Within};
use redress_domain::Date;
use redress_domain::evaluation::{
    Evidence, Measure, Penalty, PenaltyId, PenaltyStatus, Severity, ViolationKind,
};
use redress_domain::metrics::report::Ratio;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
pub(super) struct PenaltyDto {
    id: String,
    evaluated_on: String,
    kind: String,
    severity: String,
    measures: Vec<MeasureDto>,
    evidence: EvidenceDto,
    status: StatusDto,
    /// Absent in penalties stored before versioned policies (and left out when 0, so their
    /// stored form and command fingerprints are unchanged): 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    policy_version: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "measure", rename_all = "snake_case")]
enum MeasureDto {
    Warning,
    MandatoryExam,
    MandatoryStudy,
    Delisting { days: u32 },
    Fine { amount: MoneyDto },
    PointsDeducted { points: u32 },
    PlatformSettlesReturnShipping,
    CartSuspended,
    RefundHandlingClosed,
    Termination,
}

/// A ratio as `[numerator, denominator]`.
type RatioDto = [i64; 2];

#[derive(Serialize, Deserialize)]
struct EvidenceDto {
    rate: RatioDto,
    platform: Option<RatioDto>,
    threshold_ppm: i64,
    earlier_violations: u32,
    /// An operator's decision only; absent from every evaluation's penalty, so the payloads
    /// of earlier releases load as they are (`None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
enum StatusDto {
    Active,
    Appealed { statement: String },
    Revoked { reason: String },
}

#[derive(Serialize, Deserialize)]
pub(super) struct PenaltyTextDto {
    pub id: String,
    pub text: String,
}

fn ratio(r: Ratio) -> RatioDto {
    [r.numerator, r.denominator]
}

fn from_ratio([numerator, denominator]: RatioDto) -> Ratio {
    Ratio {
        numerator,
        denominator,
    }
}

impl From<&Penalty> for PenaltyDto {
    fn from(p: &Penalty) -> Self {
        PenaltyDto {
            id: p.id.to_string(),
            evaluated_on: p.evaluated_on.to_string(),
            kind: p.kind.as_str().to_owned(),
            severity: p.severity.as_str().to_owned(),
            measures: p
                .measures
                .iter()
                .map(|m| match m {
                    Measure::Warning => MeasureDto::Warning,
                    Measure::MandatoryExam => MeasureDto::MandatoryExam,
                    Measure::MandatoryStudy => MeasureDto::MandatoryStudy,
                    Measure::Delisting { days } => MeasureDto::Delisting { days: *days },
                    Measure::Fine { amount } => MeasureDto::Fine {
                        amount: MoneyDto::from(*amount),
                    },
                    Measure::PointsDeducted { points } => {
                        MeasureDto::PointsDeducted { points: *points }
                    }
                    Measure::PlatformSettlesReturnShipping => {
                        MeasureDto::PlatformSettlesReturnShipping
                    }
                    Measure::CartSuspended => MeasureDto::CartSuspended,
                    Measure::RefundHandlingClosed => MeasureDto::RefundHandlingClosed,
                    Measure::Termination => MeasureDto::Termination,
                })
                .collect(),
            evidence: EvidenceDto {
                rate: ratio(p.evidence.rate),
                platform: p.evidence.platform.map(ratio),
                threshold_ppm: p.evidence.threshold_ppm,
                earlier_violations: p.evidence.earlier_violations,
                reason: p.evidence.reason.clone(),
            },
            status: match &p.status {
                PenaltyStatus::Active => StatusDto::Active,
                PenaltyStatus::Appealed { statement } => StatusDto::Appealed {
                    statement: statement.clone(),
                },
                PenaltyStatus::Revoked { reason } => StatusDto::Revoked {
                    reason: reason.clone(),
                },
            },
            policy_version: p.policy_version,
        }
    }
}

impl PenaltyDto {
    pub(super) fn decode(self) -> Result<Penalty, Invalid> {
        let evaluated_on: Date = self.evaluated_on.parse().map_err(|e| {
            Invalid::new(
                "evaluated_on",
                format!("{:?} is not a date: {e}", self.evaluated_on),
            )
        })?;
        let kind = ViolationKind::parse(&self.kind)
            .ok_or_else(|| Invalid::new("kind", format!("{:?} is not a violation", self.kind)))?;
        let severity = Severity::parse(&self.severity).ok_or_else(|| {
            Invalid::new("severity", format!("{:?} is not a severity", self.severity))
        })?;
        let measures = self
            .measures
            .into_iter()
            .enumerate()
            .map(|(i, m)| {
                Ok(match m {
                    MeasureDto::Warning => Measure::Warning,
                    MeasureDto::MandatoryExam => Measure::MandatoryExam,
                    MeasureDto::MandatoryStudy => Measure::MandatoryStudy,
                    MeasureDto::Delisting { days } => Measure::Delisting { days },
                    MeasureDto::Fine { amount } => Measure::Fine {
                        amount: amount.decode().within(&format!("measures[{i}].amount"))?,
                    },
                    MeasureDto::PointsDeducted { points } => Measure::PointsDeducted { points },
                    MeasureDto::PlatformSettlesReturnShipping => {
                        Measure::PlatformSettlesReturnShipping
                    }
                    MeasureDto::CartSuspended => Measure::CartSuspended,
                    MeasureDto::RefundHandlingClosed => Measure::RefundHandlingClosed,
                    MeasureDto::Termination => Measure::Termination,
                })
            })
            .collect::<Result<Vec<_>, Invalid>>()?;
        Ok(Penalty {
            id: penalty_id(&self.id)?,
            evaluated_on,
            kind,
            severity,
            measures,
            evidence: Evidence {
                rate: from_ratio(self.evidence.rate),
                platform: self.evidence.platform.map(from_ratio),
                threshold_ppm: self.evidence.threshold_ppm,
                earlier_violations: self.evidence.earlier_violations,
                reason: self.evidence.reason,
            },
            status: match self.status {
                StatusDto::Active => PenaltyStatus::Active,
                StatusDto::Appealed { statement } => PenaltyStatus::Appealed { statement },
                StatusDto::Revoked { reason } => PenaltyStatus::Revoked { reason },
            },
            policy_version: self.policy_version,
        })
    }
}

/// A stored penalty id. Every release wrote ids as [`PenaltyId`] does, so one that does not
/// parse is damage, reported by field like any other.
pub(super) fn penalty_id(raw: &str) -> Result<PenaltyId, Invalid> {
    PenaltyId::parse(raw).map_err(|error| Invalid::new("id", format!("{raw:?} {error}")))
}
