//! The merchant's metrics page: the 30-day dispute intervention rate (纠纷介入率) against its
//! threshold over time (a uPlot chart), the merchant-responsible dispute rate (商责纠纷率),
//! completion times and their store-score points with the reason for any cap, overdue
//! tickets, and penalties with the appeal form.

use super::i18n::Lang;
use super::session::{Chrome, Viewer};
use super::{MessagePage, page, require};
use askama::Template;
use axum::Router;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use redress_domain::evaluation::{Measure, PenaltyStatus};
use redress_domain::merchant::{Merchant, MerchantCommand};
use redress_domain::metrics::report::{CompletionTime, Ratio, Verdict};
use redress_domain::{Date, MerchantId};
use redress_engine::{Command, Submission};
use redress_http::AppState;
use redress_http::auth::Scope;
use redress_http::error::ApiError;
use serde::Deserialize;

/// Days of history in the rate chart: one point per evaluation day.
const CHART_DAYS: i64 = 30;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/merchant/metrics", get(metrics_page))
        .route("/merchant/penalties/appeal", post(appeal))
}

/// `12.34%` from parts per million; `—` without data.
fn percent(ppm: Option<i64>) -> String {
    match ppm {
        Some(ppm) => format!("{}.{:02}%", ppm / 10_000, (ppm % 10_000) / 100),
        None => "—".to_owned(),
    }
}

fn ratio(r: Ratio) -> String {
    format!("{} / {} = {}", r.numerator, r.denominator, percent(r.ppm()))
}

/// An average completion time, in the one format every page uses.
fn hours(t: &CompletionTime, lang: Lang) -> String {
    let (total, count) = (t.seconds.numerator, t.seconds.denominator);
    super::format::duration((count > 0).then(|| total / count), lang)
}

fn points(tenths: Option<u32>) -> String {
    tenths.map_or("—".to_owned(), |t| format!("{}.{}", t / 10, t % 10))
}

struct Figure {
    label: &'static str,
    value: String,
    /// The queue filtered to the tickets the figure counts, where the queue can say which.
    href: Option<String>,
    detail: String,
    verdict: &'static str,
    verdict_label: &'static str,
}

struct PenaltyView {
    id: String,
    evaluated_on: String,
    standard: &'static str,
    severity: &'static str,
    measures: String,
    rate: String,
    threshold: String,
    status: &'static str,
    status_key: &'static str,
    status_text: Option<String>,
    /// An operator's decision: its reason, shown instead of figures.
    reason: Option<String>,
}

#[derive(Template)]
#[template(path = "console/merchant/metrics.html")]
struct MetricsPage {
    chrome: Chrome,
    evaluation_day: String,
    window: String,
    figures: Vec<Figure>,
    cap_reason: Option<String>,
    /// The chart's data: days (unix seconds), rate %, threshold %, platform average %.
    chart: String,
    penalties: Vec<PenaltyView>,
    appeal_error: Option<(String, String)>,
    notice: Option<&'static str>,
}

fn verdict(v: Verdict, chrome: &Chrome) -> (&'static str, &'static str) {
    match v {
        Verdict::Pass => ("ok", chrome.t("metrics.pass")),
        Verdict::Fail => ("bad", chrome.t("metrics.fail")),
        Verdict::NoData => ("", chrome.t("metrics.no_data")),
    }
}

fn merchant_of(viewer: &Viewer) -> Option<MerchantId> {
    match &viewer.principal.scope {
        Scope::Merchant(m) => Some(m.clone()),
        _ => None,
    }
}

#[derive(Debug, Default, Deserialize)]
struct MetricsQuery {
    #[serde(default)]
    done: String,
    /// The evaluation day whose figures are shown (`?at=` as in the API); today if empty.
    #[serde(default)]
    at: String,
}

async fn metrics_page(
    State(state): State<AppState>,
    viewer: Viewer,
    axum::extract::Query(query): axum::extract::Query<MetricsQuery>,
) -> Response {
    if let Err(refused) = require(&viewer, redress_http::access::MERCHANTS) {
        return *refused;
    }
    let notice = (query.done == "appealed").then(|| viewer.chrome.t("metrics.appealed"));
    let at = match query.at.trim() {
        "" => None,
        raw => match redress_http::dto::day("at", raw) {
            Ok(day) => Some(day),
            Err(error) => return MessagePage::failure(viewer.chrome, &error),
        },
    };
    render(&state, viewer, at, None, notice).await
}

async fn render(
    state: &AppState,
    viewer: Viewer,
    at: Option<Date>,
    appeal_error: Option<(String, String)>,
    notice: Option<&'static str>,
) -> Response {
    let Some(merchant) = merchant_of(&viewer) else {
        return MessagePage::forbidden(viewer.chrome);
    };
    match build(state, &viewer.chrome, &merchant, at).await {
        Ok((evaluation_day, window, figures, cap_reason, chart, penalties)) => page(
            if appeal_error.is_some() {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            },
            &MetricsPage {
                chrome: viewer.chrome,
                evaluation_day,
                window,
                figures,
                cap_reason,
                chart,
                penalties,
                appeal_error,
                notice,
            },
        ),
        Err(error) => MessagePage::failure(viewer.chrome, &error),
    }
}

type Built = (
    String,
    String,
    Vec<Figure>,
    Option<String>,
    String,
    Vec<PenaltyView>,
);

async fn build(
    state: &AppState,
    chrome: &Chrome,
    merchant: &MerchantId,
    at: Option<Date>,
) -> Result<Built, ApiError> {
    let zone = state.engine.zone();
    // The figures of today's evaluation day unless another is asked for: the window before
    // it, the day itself not included, as the API's `?at=`, the operator's dashboard and
    // the evaluation count it (`redress_domain::metrics::Window`).
    let at = match at {
        Some(day) => day,
        None => state.engine.clock().now().to_zoned(zone.clone()).date(),
    };
    let m = state.engine.merchant_metrics(merchant, at).await?;
    let r = &m.report;
    let threshold = r.dispute_rate.threshold().ppm();
    // A dispute counts on the day it was first requested, an overdue approval on the day its
    // ticket was opened, a merchant-responsible dispute and a completion time on the day the
    // refund completed, the times only for tickets never taken to the platform
    // (`metrics::day`): the queue filters on the same instants, through the same store
    // filters as `GET /v1/tickets`.
    let disputed = format!("/merchant?disputed_from={}&disputed_to={}", m.from, m.to);
    let completed = format!("/merchant?completed_from={}&completed_to={}", m.from, m.to);
    let responsible = format!("{completed}&responsible=yes");
    let overdue = format!(
        "/merchant?opened_from={}&opened_to={}&overdue=yes",
        m.from, m.to
    );
    let (v, vl) = verdict(r.dispute_rate.verdict, chrome);
    let mut figures = vec![Figure {
        label: chrome.t("metrics.dispute_rate"),
        value: percent(r.dispute_rate.rate.ppm()),
        href: Some(disputed.clone()),
        detail: format!(
            "{} · {} {} · {} {}",
            ratio(r.dispute_rate.rate),
            chrome.t("metrics.threshold"),
            percent(threshold),
            chrome.t("metrics.platform_average"),
            percent(r.dispute_rate.platform.ppm()),
        ),
        verdict: v,
        verdict_label: vl,
    }];
    let (v, vl) = verdict(r.responsible_rate.verdict, chrome);
    figures.push(Figure {
        label: chrome.t("metrics.responsible_rate"),
        value: percent(r.responsible_rate.rate.ppm()),
        href: Some(responsible),
        detail: format!(
            "{} · {} < {} {} ≤ {}",
            ratio(r.responsible_rate.rate),
            chrome.t("metrics.passes_with"),
            r.responsible_rate.count_below,
            chrome.t("metrics.or"),
            percent(i64::try_from(r.responsible_rate.rate_ppm_max).ok()),
        ),
        verdict: v,
        verdict_label: vl,
    });
    for (label, time, kind) in [
        (
            "metrics.refund_only_time",
            &r.refund_only_time,
            "refund_only",
        ),
        (
            "metrics.return_refund_time",
            &r.return_refund_time,
            "return_and_refund",
        ),
    ] {
        figures.push(Figure {
            label: chrome.t(label),
            value: hours(time, chrome.lang),
            href: Some(format!("{completed}&disputed=no&kind={kind}")),
            detail: format!(
                "{} {} · {} {}{}",
                time.seconds.denominator,
                chrome.t("metrics.tickets_completed"),
                chrome.t("metrics.score"),
                points(time.score_tenths),
                time.capped_from_tenths
                    .map(|from| format!(
                        " ({} {})",
                        chrome.t("metrics.capped_from"),
                        points(Some(from))
                    ))
                    .unwrap_or_default(),
            ),
            verdict: if time.capped_from_tenths.is_some() {
                "warn"
            } else {
                ""
            },
            verdict_label: if time.capped_from_tenths.is_some() {
                chrome.t("metrics.capped")
            } else {
                ""
            },
        });
    }
    figures.push(Figure {
        label: chrome.t("metrics.overdue"),
        value: percent(r.overdue.share.ppm()),
        href: Some(overdue),
        detail: ratio(r.overdue.share),
        verdict: if r.overdue.violation { "bad" } else { "ok" },
        verdict_label: if r.overdue.high_risk {
            chrome.t("metrics.high_risk")
        } else if r.overdue.violation {
            chrome.t("metrics.mass_overdue")
        } else {
            chrome.t("metrics.pass")
        },
    });
    let cap_reason = [&r.refund_only_time, &r.return_refund_time]
        .iter()
        .any(|t| t.capped_from_tenths.is_some())
        .then(|| {
            format!(
                "{} {}",
                chrome.t("metrics.cap_reason"),
                percent(r.responsible_rate.rate.ppm())
            )
        });
    // The rate over time: the evaluation days of the last CHART_DAYS days, each plotted on
    // the last day of its window, so the last point is the figure above.
    let mut xs = Vec::new();
    let mut rates = Vec::new();
    let mut thresholds = Vec::new();
    let mut platform = Vec::new();
    let mut day = at;
    for _ in 0..CHART_DAYS {
        let point = state.engine.merchant_metrics(merchant, day).await?;
        let d = &point.report.dispute_rate;
        let midnight = point
            .to
            .to_zoned(zone.clone())
            .map_err(|e| ApiError::internal(e.to_string()))?
            .timestamp()
            .as_second();
        let pct = |ppm: Option<i64>| ppm.map(|p| p as f64 / 10_000.0);
        xs.push(midnight);
        rates.push(pct(d.rate.ppm()));
        thresholds.push(pct(d.threshold().ppm()));
        platform.push(pct(d.platform.ppm()));
        day = day
            .yesterday()
            .map_err(|e| ApiError::internal(e.to_string()))?;
    }
    xs.reverse();
    rates.reverse();
    thresholds.reverse();
    platform.reverse();
    let chart = serde_json::json!({
        "x": xs,
        "series": [
            { "label": chrome.t("metrics.dispute_rate"), "values": rates, "color": "#c2410c" },
            { "label": chrome.t("metrics.threshold"), "values": thresholds, "color": "#b91c1c", "dash": true },
            { "label": chrome.t("metrics.platform_average"), "values": platform, "color": "#1d4ed8" },
        ],
        "unit": "%",
    })
    .to_string();
    let record = state
        .engine
        .merchant(merchant)
        .await?
        .unwrap_or_else(|| Merchant::new(merchant.clone()));
    let mut penalties: Vec<PenaltyView> = record
        .penalties
        .values()
        .map(|p| {
            let (status, status_key, status_text) = match &p.status {
                PenaltyStatus::Active => ("active", "penalty.active", None),
                PenaltyStatus::Appealed { statement } => {
                    ("appealed", "penalty.appealed", Some(statement.clone()))
                }
                PenaltyStatus::Revoked { reason } => {
                    ("revoked", "penalty.revoked", Some(reason.clone()))
                }
            };
            PenaltyView {
                id: p.id.to_string(),
                evaluated_on: p.evaluated_on.to_string(),
                standard: chrome.t(&format!("penalty.{}", p.kind.as_str())),
                severity: chrome.t(&format!("severity.{}", p.severity.as_str())),
                measures: p
                    .measures
                    .iter()
                    .map(|m| measure(m, chrome))
                    .collect::<Vec<_>>()
                    .join("、"),
                rate: ratio(p.evidence.rate),
                threshold: percent(Some(p.evidence.threshold_ppm)),
                status,
                status_key: chrome.t(status_key),
                status_text,
                reason: p.evidence.reason.clone(),
            }
        })
        .collect();
    penalties.sort_by(|a, b| b.id.cmp(&a.id));
    Ok((
        m.day.to_string(),
        format!("{} – {}", m.from, m.to),
        figures,
        cap_reason,
        chart,
        penalties,
    ))
}

fn measure(m: &Measure, chrome: &Chrome) -> String {
    match m {
        Measure::Delisting { days } => format!(
            "{} {days}{}",
            chrome.t("measure.delisting"),
            chrome.t("common.days")
        ),
        Measure::Fine { amount } => format!(
            "{} {}",
            chrome.t("measure.fine"),
            super::format::money(amount.minor(), amount.currency().as_str())
        ),
        Measure::PointsDeducted { points } => {
            format!("{} {points}", chrome.t("measure.points_deducted"))
        }
        Measure::Warning => chrome.t("measure.warning").to_owned(),
        Measure::MandatoryExam => chrome.t("measure.mandatory_exam").to_owned(),
        Measure::MandatoryStudy => chrome.t("measure.mandatory_study").to_owned(),
        Measure::PlatformSettlesReturnShipping => chrome
            .t("measure.platform_settles_return_shipping")
            .to_owned(),
        Measure::CartSuspended => chrome.t("measure.cart_suspended").to_owned(),
        Measure::RefundHandlingClosed => chrome.t("measure.refund_handling_closed").to_owned(),
        Measure::Termination => chrome.t("measure.termination").to_owned(),
    }
}

#[derive(Debug, Deserialize)]
struct AppealForm {
    penalty: String,
    text: String,
}

/// Appeal a penalty, as `POST /v1/merchants/{id}/penalties/{penalty}/appeal`.
async fn appeal(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<AppealForm>,
) -> Response {
    if let Err(refused) = require(&viewer, redress_http::access::MERCHANTS) {
        return *refused;
    }
    let Some(merchant) = merchant_of(&viewer) else {
        return MessagePage::forbidden(viewer.chrome);
    };
    let outcome = match redress_domain::PenaltyId::parse(&form.penalty) {
        Err(error) => Err(ApiError::field("penalty", error.to_string())),
        Ok(id) => state
            .engine
            .execute(Submission {
                actor: viewer.principal.actor(),
                command: Command::Merchant {
                    merchant,
                    command: MerchantCommand::AppealPenalty {
                        id,
                        statement: form.text.clone(),
                    },
                },
                idempotency_key: None,
            })
            .await
            .map_err(ApiError::from),
    };
    match outcome {
        Ok(_) => Redirect::to("/merchant/metrics?done=appealed").into_response(),
        Err(error) => {
            let message = super::tickets::Refusal::message("appeal", &error, viewer.chrome.lang);
            render(&state, viewer, None, Some((form.penalty, message)), None).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents_from_ppm_are_exact() {
        assert_eq!(percent(Some(4_000)), "0.40%");
        assert_eq!(percent(Some(123_456)), "12.34%");
        assert_eq!(percent(Some(1_000_000)), "100.00%");
        assert_eq!(percent(None), "—");
    }

    #[test]
    fn completion_times_read_like_the_operators() {
        let time = |numerator, denominator| CompletionTime {
            seconds: Ratio {
                numerator,
                denominator,
            },
            score_tenths: None,
            capped_from_tenths: None,
        };
        // Two tickets, 31 h 52 min in all: 15 h 56 min each, not "15:56 h".
        assert_eq!(hours(&time(2 * 57_360, 2), Lang::En), "15 h 56 min");
        assert_eq!(hours(&time(57_360, 1), Lang::Zh), "15小时56分");
        assert_eq!(hours(&time(0, 0), Lang::En), "—");
    }
}
