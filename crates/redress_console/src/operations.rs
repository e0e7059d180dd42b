//! The operations dashboard: the platform's figures over the evaluation window and their
//! daily trend, the worst merchants by each metric (the leaderboard's own ranking), the
//! latest evaluation run and its penalties, the policy in force and webhook delivery
//! health; and a merchant's page for the operator's measures: appeal or revoke a penalty,
//! close or restore refund handling. Reads the same store and engine queries as
//! `/v1/metrics/leaderboard`, `/v1/merchants/{id}/metrics`, `/v1/policy` and
//! `/v1/webhooks/*`; acts through the engine with the same merchant commands as the API.

use super::format;
use super::i18n::Lang;
use super::session::{Chrome, Viewer};
use super::tickets::Refusal;
use super::{MessagePage, page, require};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jiff::ToSpan;
use redress_domain::evaluation::{Measure, Penalty, PenaltyStatus};
use redress_domain::merchant::{Merchant, MerchantCommand};
use redress_domain::metrics::report::{MerchantReport, Ratio, Verdict, report};
use redress_domain::metrics::{Window, platform_sums};
use redress_domain::{Date, MerchantId};
use redress_engine::{Command, Submission};
use redress_http::AppState;
use redress_http::error::ApiError;
use redress_http::shared::metrics::{RankBy, rank};
use redress_store::Store;
use redress_store::webhooks::WebhookStore;
use serde::Deserialize;
use std::collections::HashMap;

/// The dashboard is the operator's alone.
pub(super) const ROLES: &[redress_domain::Role] = redress_http::access::OPERATORS;
/// Rows per "worst merchants" table.
const WORST_ROWS: usize = 5;
/// Merchants whose penalties the dashboard lists for the latest run.
const PENALISED_MAX: usize = 50;
/// Days in the trend chart at most.
const TREND_DAYS_MAX: i64 = 31;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/operations", get(dashboard))
        .route("/operations/merchant", get(find_merchant))
        .route("/operations/evaluations", post(run_evaluation))
        .route("/operations/merchants/{merchant_id}", get(merchant_page))
        .route(
            "/operations/merchants/{merchant_id}/penalties",
            post(penalty_action),
        )
        .route(
            "/operations/merchants/{merchant_id}/refund-handling",
            post(refund_handling),
        )
        .merge(super::creators::router())
}

/// `1.23%` from parts per million; `—` without data.
pub(super) fn percent(ppm: Option<i64>) -> String {
    match ppm {
        Some(ppm) => format!("{}.{:02}%", ppm / 10_000, (ppm % 10_000) / 100),
        None => "—".to_owned(),
    }
}

fn average(ratio: Ratio) -> Option<i64> {
    (ratio.denominator > 0).then(|| ratio.numerator / ratio.denominator)
}

/// One figure of the platform's, or of a merchant's.
struct Figure {
    label: &'static str,
    value: String,
    detail: String,
    /// `pass`, `fail` or empty (a count, or no standard).
    verdict: &'static str,
}

pub(super) fn verdict_str(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "pass",
        Verdict::Fail => "fail",
        Verdict::NoData => "",
    }
}

/// The five metrics of a report as figures (a merchant's against the platform).
fn metric_figures(r: &MerchantReport, lang: Lang, with_verdicts: bool) -> Vec<Figure> {
    let fraction = |ratio: Ratio| format!("{} / {}", ratio.numerator, ratio.denominator);
    let v = |verdict: Verdict| {
        if with_verdicts {
            verdict_str(verdict)
        } else {
            ""
        }
    };
    vec![
        Figure {
            label: lang.t("operations.metric.dispute_rate"),
            value: percent(r.dispute_rate.rate.ppm()),
            detail: fraction(r.dispute_rate.rate),
            verdict: v(r.dispute_rate.verdict),
        },
        Figure {
            label: lang.t("operations.metric.merchant_responsible_rate"),
            value: percent(r.responsible_rate.rate.ppm()),
            detail: fraction(r.responsible_rate.rate),
            verdict: v(r.responsible_rate.verdict),
        },
        Figure {
            label: lang.t("operations.metric.refund_only_time"),
            value: format::duration(average(r.refund_only_time.seconds), lang),
            detail: format!(
                "{} {}",
                r.refund_only_time.seconds.denominator,
                lang.t("operations.tickets")
            ),
            verdict: "",
        },
        Figure {
            label: lang.t("operations.metric.return_refund_time"),
            value: format::duration(average(r.return_refund_time.seconds), lang),
            detail: format!(
                "{} {}",
                r.return_refund_time.seconds.denominator,
                lang.t("operations.tickets")
            ),
            verdict: "",
        },
        Figure {
            label: lang.t("operations.metric.overdue_share"),
            value: percent(r.overdue.share.ppm()),
            detail: fraction(r.overdue.share),
            verdict: if with_verdicts && r.overdue.violation {
                "fail"
            } else {
                ""
            },
        },
    ]
}

/// One row of a "worst merchants" table.
struct WorstRow {
    rank: usize,
    merchant_id: String,
    value: String,
    detail: String,
}

struct WorstTable {
    by: &'static str,
    label: &'static str,
    rows: Vec<WorstRow>,
}

/// One day of the trend.
struct TrendDay {
    day: String,
    /// Midnight of the day in the platform zone, Unix seconds (the chart's x).
    at: i64,
    orders_paid: i64,
    tickets_opened: i64,
    disputes: i64,
    refunds_completed: i64,
}

/// A penalty as listed.
pub(super) struct PenaltyView {
    pub(super) merchant_id: String,
    pub(super) id: String,
    pub(super) evaluated_on: String,
    pub(super) standard: &'static str,
    pub(super) severity: &'static str,
    /// The measures, listed in the page's language.
    pub(super) measures: String,
    pub(super) rate: String,
    pub(super) threshold: String,
    pub(super) status: &'static str,
    pub(super) status_label: &'static str,
    pub(super) status_text: Option<String>,
    /// An operator's decision: its reason.
    pub(super) reason: Option<String>,
}

fn measure_text(m: &Measure, lang: Lang) -> String {
    match m {
        Measure::Warning => lang.t("operations.measure.warning").to_owned(),
        Measure::MandatoryExam => lang.t("operations.measure.mandatory_exam").to_owned(),
        Measure::MandatoryStudy => lang.t("operations.measure.mandatory_study").to_owned(),
        Measure::Delisting { days } => {
            format!("{} {days}", lang.t("operations.measure.delisting_days"))
        }
        Measure::Fine { amount } => format!(
            "{} {}",
            lang.t("operations.measure.fine"),
            format::money(amount.minor(), amount.currency().as_str())
        ),
        Measure::PointsDeducted { points } => {
            format!("{} {points}", lang.t("operations.measure.points_deducted"))
        }
        Measure::PlatformSettlesReturnShipping => lang
            .t("operations.measure.platform_settles_return_shipping")
            .to_owned(),
        Measure::CartSuspended => lang.t("operations.measure.cart_suspended").to_owned(),
        Measure::RefundHandlingClosed => lang
            .t("operations.measure.refund_handling_closed")
            .to_owned(),
        Measure::Termination => lang.t("operations.measure.termination").to_owned(),
    }
}

/// A penalty as the pages show it; `owner` is the merchant or the showcase creator.
pub(super) fn penalty_view(owner: &impl std::fmt::Display, p: &Penalty, lang: Lang) -> PenaltyView {
    let (status, status_text) = match &p.status {
        PenaltyStatus::Active => ("active", None),
        PenaltyStatus::Appealed { statement } => ("appealed", Some(statement.clone())),
        PenaltyStatus::Revoked { reason } => ("revoked", Some(reason.clone())),
    };
    PenaltyView {
        merchant_id: owner.to_string(),
        id: p.id.to_string(),
        evaluated_on: p.evaluated_on.to_string(),
        standard: lang.t(&format!("operations.standard.{}", p.kind.as_str())),
        severity: lang.t(&format!("operations.severity.{}", p.severity.as_str())),
        measures: p
            .measures
            .iter()
            .map(|m| measure_text(m, lang))
            .collect::<Vec<_>>()
            .join(match lang {
                Lang::Zh => "、",
                Lang::En => ", ",
            }),
        rate: format!(
            "{} ({} / {})",
            percent(p.evidence.rate.ppm()),
            p.evidence.rate.numerator,
            p.evidence.rate.denominator
        ),
        threshold: percent(Some(p.evidence.threshold_ppm)),
        status,
        status_label: lang.t(&format!("operations.status.{status}")),
        status_text,
        reason: p.evidence.reason.clone(),
    }
}

/// The latest finished evaluation.
struct RunView {
    day: String,
    started_at: String,
    finished_at: String,
    merchants: u64,
    penalties: u64,
}

/// Webhook delivery health, as far as this store tells it.
#[derive(Default)]
struct WebhookHealth {
    subscriptions: usize,
    enabled: usize,
    /// Messages committed but not yet fanned out to subscriptions.
    outbox: u64,
    /// When the oldest of them was committed, local time.
    oldest_outbox: Option<String>,
    pending: u64,
    dead: u64,
    /// The newest dead letters: event type, subscription, when.
    recent_dead: Vec<(String, String, String)>,
}

/// Webhook delivery health: the store's backlog (one query, the same figures as
/// `/metrics`), the subscriptions, and the newest dead letters.
async fn webhook_health(
    state: &AppState,
    zone: &jiff::tz::TimeZone,
) -> Result<WebhookHealth, ApiError> {
    let store = state.engine.store();
    let subscriptions = store.subscriptions(None).await?;
    let backlog = store.backlog().await?;
    let dead = store.dead_letters(None, None, 5).await?;
    Ok(WebhookHealth {
        subscriptions: subscriptions.len(),
        enabled: subscriptions.iter().filter(|s| s.enabled).count(),
        outbox: backlog.outbox_pending,
        oldest_outbox: backlog
            .oldest_pending_us
            .map(|us| format::local_time_us(us, zone)),
        pending: backlog.deliveries_pending,
        dead: backlog.deliveries_dead,
        recent_dead: dead
            .iter()
            .take(5)
            .map(|d| {
                (
                    d.event_type.clone(),
                    d.subscription_id.clone(),
                    format::local_time_us(d.created_us, zone),
                )
            })
            .collect(),
    })
}

#[derive(Template)]
#[template(path = "console/operations/dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    at: String,
    at_error: Option<&'static str>,
    window_from: String,
    window_to: String,
    figures: Vec<Figure>,
    counts: Vec<Figure>,
    trend: Vec<TrendDay>,
    /// The trend as JSON for the chart's script: `[[x…], [orders…], [tickets…], [disputes…]]`.
    trend_json: String,
    worst: Vec<WorstTable>,
    run: Option<RunView>,
    next_run: Option<String>,
    penalties: Vec<PenaltyView>,
    closed: Vec<(String, String)>,
    policy_name: String,
    policy_facts: Vec<(&'static str, String)>,
    policy_toml: String,
    webhooks: WebhookHealth,
    /// What "run the evaluation now" did: day, merchants, penalties recorded, already there.
    ran: Option<(String, u64, u64, u64)>,
    /// The message next to the run form's day field.
    run_error: Option<String>,
    /// The ticket lookup's message (it answers on the arbitration desk, so never here).
    missing: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct DashboardQuery {
    #[serde(default)]
    at: String,
    /// After "run the evaluation now": what the run did.
    #[serde(default)]
    ran: Option<String>,
    #[serde(default)]
    merchants: Option<u64>,
    #[serde(default)]
    recorded: Option<u64>,
    #[serde(default)]
    already: Option<u64>,
}

/// Today in the platform's zone: the default evaluation day (its window ends yesterday).
pub(super) fn today(state: &AppState) -> Date {
    state
        .engine
        .clock()
        .now()
        .to_zoned(state.engine.zone())
        .date()
}

async fn dashboard(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<DashboardQuery>,
) -> Response {
    if let Err(refused) = require(&viewer, ROLES) {
        return *refused;
    }
    match build_dashboard(&state, &viewer, query).await {
        Ok(dashboard) => page(StatusCode::OK, &dashboard),
        Err(error) => MessagePage::failure(viewer.chrome, &error),
    }
}

async fn build_dashboard(
    state: &AppState,
    viewer: &Viewer,
    query: DashboardQuery,
) -> Result<DashboardPage, ApiError> {
    let lang = viewer.chrome.lang;
    let zone = state.engine.zone();
    let now = state.engine.clock().now();
    let ran = query.ran.as_ref().and_then(|day| {
        let day = redress_http::dto::day("ran", day).ok()?.to_string();
        Some((
            day,
            query.merchants.unwrap_or(0),
            query.recorded.unwrap_or(0),
            query.already.unwrap_or(0),
        ))
    });
    let (at, at_error) = match query.at.trim() {
        "" => (today(state), None),
        raw => match redress_http::dto::day("at", raw) {
            Ok(day) => (day, None),
            Err(_) => (today(state), Some(lang.t("operations.day_invalid"))),
        },
    };
    let policy = state.engine.policy();
    let Window { from, to } = state.engine.window(at);
    let store = state.engine.store();
    let merchants = store.days_by_merchant(from, to).await?;
    let platform = state.engine.platform_sums(from, to).await?;

    let figures = metric_figures(&report(&platform, &platform, &policy), lang, false);
    let count = |key: &str, value: i64| Figure {
        label: lang.t(key),
        value: value.to_string(),
        detail: String::new(),
        verdict: "",
    };
    let counts = vec![
        count("operations.count.orders_paid", platform.orders_paid),
        count("operations.count.tickets_opened", platform.tickets_opened),
        count(
            "operations.count.disputes",
            platform.disputes_by_buyer + platform.disputes_by_system,
        ),
        count(
            "operations.count.refunds_completed",
            platform.refunds_completed,
        ),
        count(
            "operations.count.merchant_responsible",
            platform.merchant_responsible,
        ),
        count(
            "operations.count.overdue_approved",
            platform.overdue_approved,
        ),
        count("operations.count.merchants", merchants.len() as i64),
    ];

    // The trend: the platform's sums day by day over the window's last days (each read
    // through the engine's cache of platform sums).
    let mut trend = Vec::new();
    let first = to
        .checked_sub((TREND_DAYS_MAX - 1).days())
        .map_or(from, |first| std::cmp::max(from, first));
    let mut day = first;
    while day <= to {
        let f = state.engine.platform_sums(day, day).await?;
        let at = day
            .to_zoned(zone.clone())
            .map(|z| z.timestamp().as_second())
            .unwrap_or_default();
        trend.push(TrendDay {
            day: day.to_string(),
            at,
            orders_paid: f.orders_paid,
            tickets_opened: f.tickets_opened,
            disputes: f.disputes_by_buyer + f.disputes_by_system,
            refunds_completed: f.refunds_completed,
        });
        day = day
            .tomorrow()
            .map_err(|e| ApiError::field("at", e.to_string()))?;
    }
    let series = |f: &dyn Fn(&TrendDay) -> i64| trend.iter().map(f).collect::<Vec<_>>();
    let trend_json = serde_json::json!([
        series(&|d| d.at),
        series(&|d| d.orders_paid),
        series(&|d| d.tickets_opened),
        series(&|d| d.disputes),
        series(&|d| d.refunds_completed),
    ])
    .to_string();

    let worst: Vec<WorstTable> = RankBy::ALL
        .iter()
        .map(|&by| {
            let rows = rank(&merchants, &platform, &policy, by)
                .into_iter()
                .take(WORST_ROWS)
                .enumerate()
                .map(|(i, (id, ratio, value))| WorstRow {
                    rank: i + 1,
                    merchant_id: id.to_string(),
                    value: if by.is_time() {
                        format::duration(Some(value), lang)
                    } else {
                        percent(Some(value))
                    },
                    detail: if by.is_time() {
                        format!("{} {}", ratio.denominator, lang.t("operations.tickets"))
                    } else {
                        format!("{} / {}", ratio.numerator, ratio.denominator)
                    },
                })
                .collect();
            WorstTable {
                by: by.as_str(),
                label: lang.t(&format!("operations.metric.{}", by.as_str())),
                rows,
            }
        })
        .collect();

    // The latest run and the penalties it recorded: the merchants in breach on its day
    // (the run's own test), each merchant's penalties of that day.
    let last = store.last_evaluation().await?;
    let mut penalties = Vec::new();
    let mut closed = Vec::new();
    if let Some(run) = &last {
        let Window { from, to } = state.engine.window(run.day);
        let run_merchants = store.days_by_merchant(from, to).await?;
        let run_platform = platform_sums(run_merchants.iter().map(|row| &row.figures));
        let breached: Vec<MerchantId> = run_merchants
            .iter()
            .filter(|row| report(&row.figures, &run_platform, &policy).in_breach())
            .filter_map(|row| MerchantId::parse_stored(&row.merchant_id).ok())
            .take(PENALISED_MAX)
            .collect();
        for id in breached {
            let Some(merchant) = state.engine.merchant(&id).await? else {
                continue;
            };
            if let Some(reason) = &merchant.refund_handling_closed {
                closed.push((id.to_string(), reason.clone()));
            }
            penalties.extend(
                merchant
                    .penalties
                    .values()
                    .filter(|p| p.evaluated_on == run.day)
                    .map(|p| penalty_view(&id, p, lang)),
            );
        }
    }
    let run = last.map(|r| RunView {
        day: r.day.to_string(),
        started_at: format::local_time(r.started_at, &zone),
        finished_at: format::local_time(r.finished_at, &zone),
        merchants: r.merchants,
        penalties: r.penalties,
    });
    let next_run = state
        .engine
        .next_evaluation_after(now)
        .map(|t| format::local_time(t, &zone));

    let e = &policy.evaluation;
    let weekday = lang.t(&format!("operations.weekday.{}", e.weekday_iso));
    let policy_facts = vec![
        ("operations.policy.time_zone", policy.time_zone.clone()),
        (
            "operations.policy.window_days",
            policy.dispute_rate.window_days.to_string(),
        ),
        (
            "operations.policy.evaluation",
            format!("{weekday} {:02}:{:02}", e.hour, e.minute),
        ),
        (
            "operations.policy.reference_rate",
            percent(i64::try_from(policy.dispute_rate.reference_rate_ppm).ok()),
        ),
    ];
    // The shops this page names, collected before the read (no borrowing closure is held
    // across it).
    let shown: Vec<String> = worst
        .iter()
        .flat_map(|t| t.rows.iter().map(|r| r.merchant_id.clone()))
        .chain(penalties.iter().map(|p| p.merchant_id.clone()))
        .chain(closed.iter().map(|(m, _)| m.clone()))
        .collect();
    let chrome = viewer
        .chrome
        .clone()
        .with_shops(state, shown.iter().map(String::as_str))
        .await;
    Ok(DashboardPage {
        missing: None,
        chrome,
        at: at.to_string(),
        at_error,
        window_from: from.to_string(),
        window_to: to.to_string(),
        figures,
        counts,
        trend,
        trend_json,
        worst,
        run,
        next_run,
        penalties,
        closed,
        policy_name: policy.name.clone(),
        policy_facts,
        policy_toml: redress_policy::to_toml(&policy),
        webhooks: webhook_health(state, &zone).await?,
        ran,
        run_error: None,
    })
}

#[derive(Debug, Default, Deserialize)]
struct RunForm {
    #[serde(default)]
    day: String,
}

/// `POST /operations/evaluations`: run the weekly evaluation of a day now, like
/// `POST /v1/evaluations` (safe to run again: penalties are recorded once).
async fn run_evaluation(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<RunForm>,
) -> Response {
    if let Err(refused) = require(&viewer, ROLES) {
        return *refused;
    }
    let Ok(day) = redress_http::dto::day("day", form.day.trim()) else {
        let run_error = Some(viewer.chrome.t("operations.day_required").to_owned());
        return match build_dashboard(&state, &viewer, DashboardQuery::default()).await {
            Ok(mut dashboard) => {
                dashboard.run_error = run_error;
                page(StatusCode::UNPROCESSABLE_ENTITY, &dashboard)
            }
            Err(error) => MessagePage::failure(viewer.chrome, &error),
        };
    };
    // The period due only, as `POST /v1/evaluations` (issue 16): another day is refused on
    // the form, with the next scheduled day.
    match state.engine.evaluate_scheduled(day).await {
        Ok(run) => Redirect::to(&format!(
            "/operations?ran={day}&merchants={}&recorded={}&already={}#evaluation",
            run.merchants,
            run.recorded.len(),
            run.already_recorded
        ))
        .into_response(),
        Err(redress_engine::EvaluationNotRun::Engine(error)) => {
            MessagePage::failure(viewer.chrome, &error.into())
        }
        Err(refused) => {
            let detail = redress_http::shared::metrics::not_run(refused).detail;
            match build_dashboard(&state, &viewer, DashboardQuery::default()).await {
                Ok(mut dashboard) => {
                    dashboard.run_error = Some(detail);
                    page(StatusCode::UNPROCESSABLE_ENTITY, &dashboard)
                }
                Err(error) => MessagePage::failure(viewer.chrome, &error),
            }
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct FindQuery {
    #[serde(default)]
    merchant_id: String,
}

/// `GET /operations/merchant?merchant_id=…`: the lookup form goes to the merchant's page.
async fn find_merchant(viewer: Viewer, Query(query): Query<FindQuery>) -> Response {
    if let Err(refused) = require(&viewer, ROLES) {
        return *refused;
    }
    let id =
        form_urlencoded::byte_serialize(query.merchant_id.trim().as_bytes()).collect::<String>();
    Redirect::to(&format!("/operations/merchants/{id}")).into_response()
}

#[derive(Template)]
#[template(path = "console/operations/merchant.html")]
struct MerchantPage {
    chrome: Chrome,
    merchant_id: String,
    at: String,
    figures: Vec<Figure>,
    refund_handling_closed: Option<String>,
    /// The penalty that removed the merchant from the platform, while it stands.
    terminated_by: Option<String>,
    penalties: Vec<PenaltyView>,
    refusal: Refusal,
    form: HashMap<String, String>,
    notice: Option<&'static str>,
}

impl MerchantPage {
    fn value(&self, name: &str) -> &str {
        self.form.get(name).map(String::as_str).unwrap_or("")
    }

    /// The message next to the text field of form `action` (`revoke:ID`, `refund_handling`).
    fn error(&self, action: &str) -> Option<&str> {
        if self.refusal.action != action {
            return None;
        }
        self.refusal
            .fields
            .values()
            .next()
            .map(String::as_str)
            .or(self.refusal.general.as_deref())
    }
}

#[derive(Debug, Default, Deserialize)]
struct MerchantQuery {
    #[serde(default)]
    done: String,
}

fn merchant_id(raw: &str) -> Option<MerchantId> {
    redress_http::dto::merchant_id("merchant_id", raw).ok()
}

async fn merchant_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(raw): Path<String>,
    Query(query): Query<MerchantQuery>,
) -> Response {
    if let Err(refused) = require(&viewer, ROLES) {
        return *refused;
    }
    let notice = match query.done.as_str() {
        "revoke" => Some(viewer.chrome.t("operations.revoked")),
        "appeal" => Some(viewer.chrome.t("operations.appealed")),
        "close" => Some(viewer.chrome.t("operations.closed_done")),
        "restore" => Some(viewer.chrome.t("operations.restored_done")),
        "terminate" => Some(viewer.chrome.t("operations.terminated_done")),
        _ => None,
    };
    show_merchant(
        &state,
        viewer,
        &raw,
        Refusal::default(),
        HashMap::new(),
        notice,
    )
    .await
}

async fn show_merchant(
    state: &AppState,
    viewer: Viewer,
    raw: &str,
    refusal: Refusal,
    form: HashMap<String, String>,
    notice: Option<&'static str>,
) -> Response {
    let Some(id) = merchant_id(raw) else {
        return MessagePage::not_found(viewer.chrome);
    };
    let lang = viewer.chrome.lang;
    let at = today(state);
    let loaded = async {
        let merchant = state
            .engine
            .merchant(&id)
            .await?
            .unwrap_or_else(|| Merchant::new(id.clone()));
        let metrics = state.engine.merchant_metrics(&id, at).await?;
        Ok::<_, ApiError>((merchant, metrics))
    }
    .await;
    let (merchant, metrics) = match loaded {
        Ok(found) => found,
        Err(error) => return MessagePage::failure(viewer.chrome, &error),
    };
    let mut penalties: Vec<PenaltyView> = merchant
        .penalties
        .values()
        .map(|p| penalty_view(&id, p, lang))
        .collect();
    penalties.sort_by(|a, b| b.id.cmp(&a.id));
    let status = if refusal.action.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page(
        status,
        &MerchantPage {
            merchant_id: id.to_string(),
            at: at.to_string(),
            figures: metric_figures(&metrics.report, lang, true),
            refund_handling_closed: merchant.refund_handling_closed.clone(),
            terminated_by: merchant.terminated().map(|p| p.id.to_string()),
            penalties,
            refusal,
            form,
            notice,
            chrome: viewer.chrome.with_shops(state, [id.as_str()]).await,
        },
    )
}

/// Run a merchant command as the viewer, like the API's merchant endpoints.
async fn merchant_command(
    state: &AppState,
    viewer: &Viewer,
    merchant: MerchantId,
    command: MerchantCommand,
) -> Result<(), ApiError> {
    state
        .engine
        .execute(Submission {
            actor: viewer.principal.actor(),
            command: Command::Merchant { merchant, command },
            idempotency_key: None,
        })
        .await?;
    Ok(())
}

pub(super) fn refusal_of(action: String, error: &ApiError, lang: Lang) -> Refusal {
    let mut refusal = Refusal::of("", error, lang);
    refusal.action = action;
    refusal
}

/// `POST /operations/merchants/{id}/penalties`: `do` is `revoke` or `appeal` (of `penalty`),
/// or `terminate` (a new penalty of the operator's decision, seed 004 三).
async fn penalty_action(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(raw): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if let Err(refused) = require(&viewer, ROLES) {
        return *refused;
    }
    let Some(id) = merchant_id(&raw) else {
        return MessagePage::not_found(viewer.chrome);
    };
    let get = |name: &str| form.get(name).cloned().unwrap_or_default();
    let (what, penalty, text) = (get("do"), get("penalty"), get("text"));
    // Revoking lifts a penalty's measures (a fine, a restriction) at once: the operator
    // confirms it, beside the reason the engine requires.
    if what == "revoke" && get("confirm") != "yes" {
        let lang = viewer.chrome.lang;
        let mut refusal = Refusal {
            action: format!("revoke:{penalty}"),
            ..Refusal::default()
        };
        refusal.fields.insert(
            "note".to_owned(),
            lang.t("operations.revoke_confirm_required").to_owned(),
        );
        return show_merchant(&state, viewer, &raw, refusal, form, None).await;
    }
    // A penalty the form names is one the page listed; any other is not found, as the
    // domain's `penalty_unknown` would say of an id it does not hold.
    let named = redress_domain::PenaltyId::parse(&penalty);
    let command = match (what.as_str(), named) {
        ("revoke", Ok(penalty)) => MerchantCommand::RevokePenalty {
            id: penalty,
            reason: text,
        },
        ("appeal", Ok(penalty)) => MerchantCommand::AppealPenalty {
            id: penalty,
            statement: text,
        },
        ("terminate", _) => MerchantCommand::Terminate { reason: text },
        _ => return MessagePage::not_found(viewer.chrome),
    };
    match merchant_command(&state, &viewer, id, command).await {
        Ok(()) => Redirect::to(&format!("/operations/merchants/{raw}?done={what}")).into_response(),
        Err(error) => {
            let lang = viewer.chrome.lang;
            let action = if what == "terminate" {
                what.clone()
            } else {
                format!("{what}:{penalty}")
            };
            let refusal = refusal_of(action, &error, lang);
            show_merchant(&state, viewer, &raw, refusal, form, None).await
        }
    }
}

/// `POST /operations/merchants/{id}/refund-handling`: `closed` is `yes` (with a reason) or
/// `no`.
async fn refund_handling(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(raw): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if let Err(refused) = require(&viewer, ROLES) {
        return *refused;
    }
    let Some(id) = merchant_id(&raw) else {
        return MessagePage::not_found(viewer.chrome);
    };
    let closing = form.get("closed").is_some_and(|v| v == "yes");
    let command = if closing {
        MerchantCommand::CloseRefundHandling {
            reason: form.get("reason").cloned().unwrap_or_default(),
        }
    } else {
        MerchantCommand::RestoreRefundHandling
    };
    match merchant_command(&state, &viewer, id, command).await {
        Ok(()) => Redirect::to(&format!(
            "/operations/merchants/{raw}?done={}",
            if closing { "close" } else { "restore" }
        ))
        .into_response(),
        Err(error) => {
            let lang = viewer.chrome.lang;
            let refusal = refusal_of("refund_handling".to_owned(), &error, lang);
            show_merchant(&state, viewer, &raw, refusal, form, None).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_durations_as_shown() {
        assert_eq!(percent(Some(12_345)), "1.23%");
        assert_eq!(percent(Some(1_000_000)), "100.00%");
        assert_eq!(percent(None), "—");
        assert_eq!(
            format::duration(Some(3 * 3600 + 5 * 60), Lang::En),
            "3 h 05 min"
        );
        assert_eq!(format::duration(Some(26 * 3600), Lang::Zh), "1天2小时");
    }
}
