//! Merchant metrics, penalties and the weekly evaluation (SPEC "Metrics", "Evaluation and
//! enforcement"). A merchant key sees only its own figures and penalties; the leaderboard and
//! running an evaluation are the platform's.

use super::IdempotencyKey;
use super::merchants::{known_merchant_in_scope, merchant_command, merchant_in_scope};
use super::once::once;
use crate::AppState;
use crate::auth::Principal;
use crate::dto::day;
use crate::error::{ApiError, Problem};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use redress_domain::evaluation::{Measure, Penalty, PenaltyStatus};
use redress_domain::merchant::{Merchant, MerchantCommand};
use redress_domain::metrics::report::{CompletionTime, Ratio, Verdict, report};
use redress_domain::metrics::{DayFigures, Window};
use redress_domain::policy::DisputeStandard;
use redress_domain::{Date, MerchantId};
use redress_engine::EvaluationNotRun;
use redress_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Longest leaderboard page.
const LEADERBOARD_PAGE_MAX: usize = 500;

/// What `?at=DAY` means, said once for every operation that takes it (the console's
/// metrics page takes the same day and computes the same window: `redress_domain::metrics::Window`).
pub(crate) const AT_DESCRIPTION: &str = "The evaluation day, YYYY-MM-DD (2000-01-01 to 2100-12-31). \
    The figures are those the evaluation of this day sees: the policy's `window_days` \
    (default 30) calendar days before it, in the policy's time zone, from `at` minus \
    `window_days` to the day before `at`; `at` itself is not included. See docs/METRICS.md.";

/// `?at=YYYY-MM-DD`: the evaluation day; the window is the days before it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AtQuery {
    pub(crate) at: String,
}

/// A count over a count, with the rate in parts per million (`null` with nothing to divide
/// by: no data, not 0 %).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct RatioDto {
    numerator: i64,
    denominator: i64,
    rate_ppm: Option<i64>,
}

impl From<Ratio> for RatioDto {
    fn from(r: Ratio) -> Self {
        RatioDto {
            numerator: r.numerator,
            denominator: r.denominator,
            rate_ppm: r.ppm(),
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum VerdictDto {
    Pass,
    Fail,
    NoData,
}

impl From<Verdict> for VerdictDto {
    fn from(v: Verdict) -> Self {
        match v {
            Verdict::Pass => VerdictDto::Pass,
            Verdict::Fail => VerdictDto::Fail,
            Verdict::NoData => VerdictDto::NoData,
        }
    }
}

/// 纠纷介入率 and the standard it is held to.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct DisputeRateDto {
    rate: RatioDto,
    /// All merchants' disputes over all paid orders in the window.
    platform: RatioDto,
    /// Passes strictly below this multiple (parts per million) of the platform's rate…
    multiplier_ppm: Option<u64>,
    /// …or strictly below this fixed rate, depending on the policy.
    fixed_rate_ppm: Option<u64>,
    /// The rate it must stay strictly below, in ppm (rounded down from the exact value, as
    /// a penalty's evidence records it); `null` when a relative standard has no platform
    /// orders to average over.
    threshold_ppm: Option<i64>,
    reference_rate_ppm: u64,
    verdict: VerdictDto,
}

impl DisputeRateDto {
    pub(crate) fn new(
        r: &redress_domain::metrics::report::DisputeRate,
        policy: &redress_domain::Policy,
    ) -> Self {
        let (multiplier_ppm, fixed_rate_ppm) = match r.standard {
            DisputeStandard::RelativeToAverage { multiplier_ppm } => (Some(multiplier_ppm), None),
            DisputeStandard::Fixed { rate_ppm } => (None, Some(rate_ppm)),
        };
        DisputeRateDto {
            rate: r.rate.into(),
            platform: r.platform.into(),
            multiplier_ppm,
            fixed_rate_ppm,
            threshold_ppm: r.threshold().ppm(),
            reference_rate_ppm: policy.dispute_rate.reference_rate_ppm,
            verdict: r.verdict.into(),
        }
    }
}

/// 商责纠纷率: passes below `count_below` disputes or at most `rate_ppm_max`.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct ResponsibleRateDto {
    rate: RatioDto,
    count_below: u64,
    rate_ppm_max: u64,
    verdict: VerdictDto,
}

/// A self-completion time: total seconds over completed tickets, and its store-score points.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct CompletionTimeDto {
    total_seconds: i64,
    tickets: i64,
    average_seconds: Option<i64>,
    /// Points in tenths (5.0 → 50); `null` with no completed ticket.
    score_tenths: Option<u32>,
    /// The points before the merchant-responsible cap, when it lowered them.
    capped_from_tenths: Option<u32>,
}

impl From<&CompletionTime> for CompletionTimeDto {
    fn from(t: &CompletionTime) -> Self {
        CompletionTimeDto {
            total_seconds: t.seconds.numerator,
            tickets: t.seconds.denominator,
            average_seconds: (t.seconds.denominator > 0)
                .then(|| t.seconds.numerator / t.seconds.denominator),
            score_tenths: t.score_tenths,
            capped_from_tenths: t.capped_from_tenths,
        }
    }
}

/// Overdue-approved tickets among those opened (seed 004).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct OverdueDto {
    share: RatioDto,
    mass_overdue_violation: bool,
    high_risk: bool,
}

/// One day's figures, for charts.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct DayDto {
    day: String,
    orders_paid: i64,
    disputes_by_buyer: i64,
    disputes_by_system: i64,
    refunds_completed: i64,
    merchant_responsible: i64,
    refund_only_completed: i64,
    refund_only_seconds: i64,
    return_refund_completed: i64,
    return_refund_seconds: i64,
    tickets_opened: i64,
    overdue_approved: i64,
    /// Disputes redress escalated first that the buyer then escalated herself, on the day of
    /// her first escalation (seed 001 FAQ); the channels preset counts them as hers.
    disputes_by_buyer_after_system: i64,
}

impl DayDto {
    pub(crate) fn new(day: Date, f: &DayFigures) -> Self {
        DayDto {
            day: day.to_string(),
            orders_paid: f.orders_paid,
            disputes_by_buyer: f.disputes_by_buyer,
            disputes_by_system: f.disputes_by_system,
            refunds_completed: f.refunds_completed,
            merchant_responsible: f.merchant_responsible,
            refund_only_completed: f.refund_only_completed,
            refund_only_seconds: f.refund_only_seconds,
            return_refund_completed: f.return_refund_completed,
            return_refund_seconds: f.return_refund_seconds,
            tickets_opened: f.tickets_opened,
            overdue_approved: f.overdue_approved,
            disputes_by_buyer_after_system: f.disputes_by_buyer_after_system,
        }
    }
}

/// A merchant's figures over the window before an evaluation day, each with what it is made
/// of and the standard it is held to, and the daily series.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct MetricsResponse {
    merchant_id: String,
    evaluation_day: String,
    window_from: String,
    window_to: String,
    dispute_rate: DisputeRateDto,
    merchant_responsible_rate: ResponsibleRateDto,
    refund_only_time: CompletionTimeDto,
    return_refund_time: CompletionTimeDto,
    overdue: OverdueDto,
    /// Days with figures, oldest first.
    daily: Vec<DayDto>,
}

#[utoipa::path(
    get, path = "/v1/merchants/{merchant_id}/metrics", tag = "metrics",
    params(("merchant_id" = crate::dto::Id, Path), ("at" = String, Query, format = Date, description = AT_DESCRIPTION)),
    responses(
        (status = 200, description = "The figures", body = MetricsResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn get_metrics(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(merchant_id): ApiPath<String>,
    ApiQuery(query): ApiQuery<AtQuery>,
) -> Result<Json<MetricsResponse>, ApiError> {
    principal.require(crate::access::MERCHANT_AREA)?;
    // Bad input is refused before the merchant is looked up, as everywhere.
    let at = day("at", &query.at)?;
    let id = known_merchant_in_scope(&state, &principal, &merchant_id).await?;
    let m = state.engine.merchant_metrics(&id, at).await?;
    let policy = state.engine.policy();
    let r = &m.report;
    Ok(Json(MetricsResponse {
        merchant_id: id.to_string(),
        evaluation_day: at.to_string(),
        window_from: m.from.to_string(),
        window_to: m.to.to_string(),
        dispute_rate: DisputeRateDto::new(&r.dispute_rate, &policy),
        merchant_responsible_rate: ResponsibleRateDto {
            rate: r.responsible_rate.rate.into(),
            count_below: r.responsible_rate.count_below,
            rate_ppm_max: r.responsible_rate.rate_ppm_max,
            verdict: r.responsible_rate.verdict.into(),
        },
        refund_only_time: (&r.refund_only_time).into(),
        return_refund_time: (&r.return_refund_time).into(),
        overdue: OverdueDto {
            share: r.overdue.share.into(),
            mass_overdue_violation: r.overdue.violation,
            high_risk: r.overdue.high_risk,
        },
        daily: m
            .days
            .iter()
            .map(|d| DayDto::new(d.day, &d.figures))
            .collect(),
    }))
}

/// One measure of a penalty.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum MeasureDto {
    Warning,
    MandatoryExam,
    MandatoryStudy,
    Delisting {
        days: u32,
    },
    Fine {
        amount: crate::dto::MoneyDto,
    },
    PointsDeducted {
        points: u32,
    },
    PlatformSettlesReturnShipping,
    CartSuspended,
    RefundHandlingClosed,
    /// Removed from the platform (seed 004 三: 清除平台、终止合作).
    Termination,
}

impl From<&Measure> for MeasureDto {
    fn from(m: &Measure) -> Self {
        match m {
            Measure::Warning => MeasureDto::Warning,
            Measure::MandatoryExam => MeasureDto::MandatoryExam,
            Measure::MandatoryStudy => MeasureDto::MandatoryStudy,
            Measure::Delisting { days } => MeasureDto::Delisting { days: *days },
            Measure::Fine { amount } => MeasureDto::Fine {
                amount: (*amount).into(),
            },
            Measure::PointsDeducted { points } => MeasureDto::PointsDeducted { points: *points },
            Measure::PlatformSettlesReturnShipping => MeasureDto::PlatformSettlesReturnShipping,
            Measure::CartSuspended => MeasureDto::CartSuspended,
            Measure::RefundHandlingClosed => MeasureDto::RefundHandlingClosed,
            Measure::Termination => MeasureDto::Termination,
        }
    }
}

/// A penalty of the weekly evaluation, with the figures that caused it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct PenaltyDto {
    id: String,
    evaluated_on: String,
    /// `dispute_rate`, `mass_overdue`, or `operator_decision` (a termination an operator
    /// decided, with its `note`).
    standard: String,
    /// `slight`, `serious` or `especially_serious`.
    severity: String,
    measures: Vec<MeasureDto>,
    rate: RatioDto,
    platform: Option<RatioDto>,
    threshold_ppm: i64,
    earlier_violations: u32,
    /// The operator's reason, for an operator's decision.
    note: Option<String>,
    /// `active`, `appealed` or `revoked`.
    status: String,
    /// The merchant's appeal or the operator's reason for revoking.
    status_text: Option<String>,
    /// The policy version the evaluation applied (`GET /v1/policy/versions`); 0 for a
    /// penalty from before versioned policies, or under a policy that is not stored.
    policy_version: u64,
}

impl PenaltyDto {
    pub(crate) fn id(&self) -> &str {
        &self.id
    }
}

impl From<&Penalty> for PenaltyDto {
    fn from(p: &Penalty) -> Self {
        let (status, status_text) = match &p.status {
            PenaltyStatus::Active => ("active", None),
            PenaltyStatus::Appealed { statement } => ("appealed", Some(statement.clone())),
            PenaltyStatus::Revoked { reason } => ("revoked", Some(reason.clone())),
        };
        PenaltyDto {
            id: p.id.to_string(),
            evaluated_on: p.evaluated_on.to_string(),
            standard: p.kind.as_str().to_owned(),
            severity: p.severity.as_str().to_owned(),
            measures: p.measures.iter().map(MeasureDto::from).collect(),
            rate: p.evidence.rate.into(),
            platform: p.evidence.platform.map(RatioDto::from),
            threshold_ppm: p.evidence.threshold_ppm,
            earlier_violations: p.evidence.earlier_violations,
            note: p.evidence.reason.clone(),
            status: status.to_owned(),
            status_text,
            policy_version: p.policy_version,
        }
    }
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct PenaltyList {
    data: Vec<PenaltyDto>,
    /// Pass as `cursor` for the next page; absent on the last page.
    next_cursor: Option<String>,
}

#[utoipa::path(
    get, path = "/v1/merchants/{merchant_id}/penalties", tag = "metrics",
    params(("merchant_id" = crate::dto::Id, Path), super::page::PageQuery),
    responses(
        (status = 200, description = "A page of the penalties, newest first", body = PenaltyList),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list_penalties(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(merchant_id): ApiPath<String>,
    ApiQuery(page): ApiQuery<super::page::PageQuery>,
) -> Result<Json<PenaltyList>, ApiError> {
    principal.require(crate::access::MERCHANT_AREA)?;
    let id = merchant_in_scope(&principal, &merchant_id)?;
    let limit = page.limit(super::page::PAGE_MAX)?;
    let before = page.cursor_parts(1)?.map(|mut parts| parts.remove(0));
    let id = known_merchant_in_scope(&state, &principal, id.as_str()).await?;
    let merchant = state
        .engine
        .merchant(&id)
        .await?
        .unwrap_or_else(|| Merchant::new(id));
    // The merchant's aggregate is in memory already; the page bounds the answer.
    let mut ids: Vec<&redress_domain::PenaltyId> = merchant
        .penalties
        .keys()
        .filter(|id| before.as_ref().is_none_or(|b| id.as_str() < b.as_str()))
        .collect();
    ids.sort_by(|a, b| b.cmp(a));
    ids.truncate(limit + 1);
    let rows: Vec<PenaltyDto> = ids
        .into_iter()
        .map(|id| PenaltyDto::from(&merchant.penalties[id]))
        .collect();
    let (data, next_cursor) = super::page::cut(rows, limit, |p| super::page::encode(&[&p.id]));
    Ok(Json(PenaltyList { data, next_cursor }))
}

/// The merchant's appeal, or the operator's reason for revoking.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PenaltyTextRequest {
    /// 1 to 2000 characters, not only spaces.
    #[schema(min_length = 1, max_length = 2000, pattern = "\\S")]
    note: String,
}

#[utoipa::path(
    post, path = "/v1/merchants/{merchant_id}/penalties/{penalty_id}/appeal", tag = "metrics",
    request_body = PenaltyTextRequest,
    params(
        ("merchant_id" = crate::dto::Id, Path),
        ("penalty_id" = String, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
    ),
    responses(
        (status = 200, description = "Appealed", body = crate::dto::ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn appeal_penalty(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath((merchant_id, penalty_id)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<PenaltyTextRequest>,
) -> Result<Response, ApiError> {
    let id = merchant_in_scope(&principal, &merchant_id)?;
    let command = MerchantCommand::AppealPenalty {
        id: crate::dto::penalty_id("penalty_id", &penalty_id)?,
        statement: body.note,
    };
    merchant_command(&state, &principal, key, id, command).await
}

#[utoipa::path(
    post, path = "/v1/merchants/{merchant_id}/penalties/{penalty_id}/revoke", tag = "metrics",
    request_body = PenaltyTextRequest,
    params(
        ("merchant_id" = crate::dto::Id, Path),
        ("penalty_id" = String, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
    ),
    responses(
        (status = 200, description = "Revoked", body = crate::dto::ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn revoke_penalty(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath((merchant_id, penalty_id)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<PenaltyTextRequest>,
) -> Result<Response, ApiError> {
    let id = merchant_in_scope(&principal, &merchant_id)?;
    let command = MerchantCommand::RevokePenalty {
        id: crate::dto::penalty_id("penalty_id", &penalty_id)?,
        reason: body.note,
    };
    merchant_command(&state, &principal, key, id, command).await
}

/// Remove the merchant from the platform (seed 004 三: 清除平台、终止合作), an operator's
/// decision with its reason (`note`). Recorded as a penalty (`operator_decision`, measure
/// `termination`) that the merchant may appeal and an operator revoke; refund handling is
/// closed with it and cannot be restored while it stands.
#[utoipa::path(
    post, path = "/v1/merchants/{merchant_id}/termination", tag = "metrics",
    request_body = PenaltyTextRequest,
    params(
        ("merchant_id" = crate::dto::Id, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
    ),
    responses(
        (status = 200, description = "Terminated", body = crate::dto::ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn terminate_merchant(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(merchant_id): ApiPath<String>,
    ApiJson(body): ApiJson<PenaltyTextRequest>,
) -> Result<Response, ApiError> {
    let id = merchant_in_scope(&principal, &merchant_id)?;
    let command = MerchantCommand::Terminate { reason: body.note };
    merchant_command(&state, &principal, key, id, command).await
}

/// Run the weekly evaluation of the period that is due, or preview any day's.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct EvaluationRequest {
    /// The evaluation day, YYYY-MM-DD; the window is the days before it. Without `dry_run`
    /// it must be the scheduled day of the period due (the policy's weekday, its time
    /// passed, the week after the last period evaluated), or the last period evaluated
    /// (which records nothing twice); any other day is refused with 422
    /// `evaluation_not_due`.
    #[schema(format = Date)]
    day: String,
    /// Preview: compute any day's penalties without recording anything, and without moving
    /// the evaluation calendar.
    #[serde(default)]
    dry_run: bool,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct RecordedPenalty {
    merchant_id: String,
    penalty: PenaltyDto,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct EvaluationResponse {
    day: String,
    /// True for a preview: nothing was recorded.
    dry_run: bool,
    merchants: u64,
    /// Penalties recorded by this run; in a preview, those it would record.
    recorded: Vec<RecordedPenalty>,
    /// Penalties an earlier run of the same period had recorded already.
    already_recorded: u64,
    /// The policy version whose standards applied (`GET /v1/policy/versions`); 0 for a
    /// policy that is not stored.
    policy_version: u64,
    /// Showcase creators with figures in the window, when the policy measures them
    /// (`dispute_rate.measures_creators`, seed 001); 0 otherwise.
    creators: u64,
    /// Creators' penalties recorded by this run; in a preview, those it would record.
    creator_penalties: Vec<RecordedCreatorPenalty>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct RecordedCreatorPenalty {
    creator_id: String,
    penalty: PenaltyDto,
}

#[utoipa::path(
    post, path = "/v1/evaluations", tag = "metrics",
    request_body = EvaluationRequest,
    params(("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters")),
    responses(
        (status = 200, description = "The evaluation of the period due ran (safe to run again), or with `dry_run` the preview of any day", body = EvaluationResponse),
        (status = 422, description = "`evaluation_not_due`: the day is not the period due (not the scheduled weekday, its time not come, or not the next period); the detail names the next scheduled day. Nothing was recorded", body = Problem, content_type = "application/problem+json"),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn run_evaluation(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiJson(body): ApiJson<EvaluationRequest>,
) -> Result<Response, ApiError> {
    principal.require(crate::access::OPERATORS)?;
    let at = day("day", &body.day)?;
    let dry_run = body.dry_run;
    once(
        &state,
        &principal,
        key,
        "POST /v1/evaluations",
        &body,
        || async { Ok(Json(evaluation(&state, at, dry_run).await?).into_response()) },
    )
    .await
}

async fn evaluation(
    state: &AppState,
    at: Date,
    dry_run: bool,
) -> Result<EvaluationResponse, ApiError> {
    let run = if dry_run {
        state.engine.preview_evaluation(at).await?
    } else {
        state.engine.evaluate_scheduled(at).await.map_err(not_run)?
    };
    Ok(EvaluationResponse {
        day: at.to_string(),
        dry_run,
        merchants: run.merchants,
        recorded: run
            .recorded
            .iter()
            .map(|(m, p)| RecordedPenalty {
                merchant_id: m.to_string(),
                penalty: p.into(),
            })
            .collect(),
        already_recorded: run.already_recorded,
        policy_version: run.policy_version,
        creators: run.creators,
        creator_penalties: run
            .creator_penalties
            .iter()
            .map(|(c, p)| RecordedCreatorPenalty {
                creator_id: c.to_string(),
                penalty: p.into(),
            })
            .collect(),
    })
}

/// A day that is not the period due: 422 on `day`, naming the next scheduled day.
pub fn not_run(error: EvaluationNotRun) -> ApiError {
    match error {
        EvaluationNotRun::Engine(error) => error.into(),
        EvaluationNotRun::NotDue { day, why, next } => {
            let next = match next {
                Some((next, at)) => format!(
                    "; the next scheduled evaluation is of {next}, due at {at} (use dry_run to preview any day)"
                ),
                None => "; no evaluation is scheduled (use dry_run to preview any day)".to_owned(),
            };
            let mut error = ApiError::field(
                "day",
                format!("{day} is not due for evaluation: {why}{next}"),
            );
            error.status = StatusCode::UNPROCESSABLE_ENTITY;
            error.code = "evaluation_not_due";
            error
        }
    }
}

/// Which figure ranks the leaderboard, worst first.
#[derive(Clone, Copy, Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RankBy {
    DisputeRate,
    MerchantResponsibleRate,
    RefundOnlyTime,
    ReturnRefundTime,
    OverdueShare,
}

impl RankBy {
    pub const ALL: [RankBy; 5] = [
        RankBy::DisputeRate,
        RankBy::MerchantResponsibleRate,
        RankBy::RefundOnlyTime,
        RankBy::ReturnRefundTime,
        RankBy::OverdueShare,
    ];

    /// As the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            RankBy::DisputeRate => "dispute_rate",
            RankBy::MerchantResponsibleRate => "merchant_responsible_rate",
            RankBy::RefundOnlyTime => "refund_only_time",
            RankBy::ReturnRefundTime => "return_refund_time",
            RankBy::OverdueShare => "overdue_share",
        }
    }

    /// Whether the value is an average in seconds (otherwise a rate in ppm).
    pub fn is_time(self) -> bool {
        matches!(self, RankBy::RefundOnlyTime | RankBy::ReturnRefundTime)
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LeaderboardQuery {
    at: String,
    by: RankBy,
    #[serde(default)]
    limit: Option<usize>,
    /// Where the previous page ended (its `next_cursor`).
    #[serde(default)]
    cursor: Option<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct LeaderboardRow {
    rank: usize,
    merchant_id: String,
    /// The figure ranked by: a rate in ppm, or an average in seconds.
    value: i64,
    numerator: i64,
    denominator: i64,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct LeaderboardPage {
    data: Vec<LeaderboardRow>,
    next_cursor: Option<String>,
}

#[utoipa::path(
    get, path = "/v1/metrics/leaderboard", tag = "metrics",
    params(
        ("at" = String, Query, format = Date, description = AT_DESCRIPTION),
        ("by" = RankBy, Query),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 500, description = "Page size, 1 to 500; default 50"),
        ("cursor" = Option<String>, Query),
    ),
    responses(
        (status = 200, description = "Merchants with data, worst first", body = LeaderboardPage),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn leaderboard(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<LeaderboardQuery>,
) -> Result<Json<LeaderboardPage>, ApiError> {
    principal.require(crate::access::PLATFORM)?;
    let at = day("at", &query.at)?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=LEADERBOARD_PAGE_MAX).contains(&limit) {
        return Err(ApiError::field(
            "limit",
            format!("must be 1 to {LEADERBOARD_PAGE_MAX}"),
        ));
    }
    let start = match &query.cursor {
        None => 0,
        Some(raw) => raw
            .parse::<usize>()
            .map_err(|_| ApiError::field("cursor", "not a cursor this endpoint gave"))?,
    };
    let policy = state.engine.policy();
    let Window { from, to } = state.engine.window(at);
    let merchants = state.engine.store().days_by_merchant(from, to).await?;
    let platform = state.engine.platform_sums(from, to).await?;
    let ranked = rank(&merchants, &platform, &policy, query.by);
    let data: Vec<LeaderboardRow> = ranked
        .iter()
        .enumerate()
        .skip(start)
        .take(limit)
        .map(|(i, (id, ratio, value))| LeaderboardRow {
            rank: i + 1,
            merchant_id: id.to_string(),
            value: *value,
            numerator: ratio.numerator,
            denominator: ratio.denominator,
        })
        .collect();
    let end = start + data.len();
    Ok(Json(LeaderboardPage {
        next_cursor: (end < ranked.len()).then(|| end.to_string()),
        data,
    }))
}

/// The merchants with data ranked by `by`, worst first (ties by merchant id): each with the
/// ratio ranked and its value (a rate in ppm, or an average in seconds). The leaderboard and
/// the console's operations dashboard share it.
pub fn rank(
    merchants: &[redress_store::days::MerchantDay],
    platform: &DayFigures,
    policy: &redress_domain::Policy,
    by: RankBy,
) -> Vec<(MerchantId, Ratio, i64)> {
    let mut ranked: Vec<(MerchantId, Ratio, i64)> = Vec::new();
    for row in merchants {
        let r = report(&row.figures, platform, policy);
        let ratio = match by {
            RankBy::DisputeRate => r.dispute_rate.rate,
            RankBy::MerchantResponsibleRate => r.responsible_rate.rate,
            RankBy::RefundOnlyTime => r.refund_only_time.seconds,
            RankBy::ReturnRefundTime => r.return_refund_time.seconds,
            RankBy::OverdueShare => r.overdue.share,
        };
        let value = match by {
            RankBy::RefundOnlyTime | RankBy::ReturnRefundTime => {
                (ratio.denominator > 0).then(|| ratio.numerator / ratio.denominator)
            }
            _ => ratio.ppm(),
        };
        // Merchants without data are not ranked.
        if let (Some(value), Ok(id)) = (value, MerchantId::parse_stored(&row.merchant_id)) {
            ranked.push((id, ratio, value));
        }
    }
    // Worst first; ties by merchant id so pages are stable.
    ranked.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    ranked
}
