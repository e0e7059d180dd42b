//! The arbitration desk (平台介入): the dispute queue by age (oldest first), each dispute
//! with both sides' evidence side by side against the required-evidence checklist, the
//! rule-based suggestion (`redress_domain::dispute::suggest`, the same the scenario checks
//! use), and the verdict form (responsibility, outcome, amount, reasoning) acting through
//! the engine exactly like `POST /v1/tickets/{id}/actions` with `give_verdict`.

use super::format;
use super::i18n::Lang;
use super::session::{Chrome, Viewer};
use super::tickets::{self, DeadlineView, Refusal, TicketView};
use super::{MessagePage, page, require};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use jiff::Timestamp;
use redress_domain::dispute::{self, Responsibility, VerdictOutcome};
use redress_domain::{DisputePhase, TicketState};
use redress_http::AppState;
use redress_http::shared::{cut, queue};
use redress_store::api::{ApiStore, TicketFilter, TicketSort, TicketSortKey};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;

/// Who may open the desk: arbitrators, and operators (who see it from their nav).
const ROLES: &[redress_domain::Role] = redress_http::access::PLATFORM;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/arbitration", get(queue))
        .route("/arbitration/lookup", get(lookup))
        .route(
            "/arbitration/tickets/{ticket_id}",
            get(dispute_page).post(verdict),
        )
}

#[derive(Debug, Default, Deserialize)]
struct LookupQuery {
    #[serde(default)]
    ticket: String,
}

/// Where a ticket, order or buyer id leads an arbitrator or operator: the page of the
/// ticket it names, or of the first ticket of the order or buyer; `None` when none.
pub(super) async fn find_ticket(
    state: &AppState,
    raw: &str,
) -> Result<Option<String>, redress_http::error::ApiError> {
    let Ok(id) = redress_http::shared::queue_search("ticket", raw) else {
        return Ok(None);
    };
    let rows = state
        .engine
        .store()
        .list_tickets(TicketFilter {
            search: Some(id.clone()),
            limit: 20,
            ..TicketFilter::default()
        })
        .await?;
    Ok(rows
        .iter()
        .find(|r| r.ticket_id == id)
        .or(rows.first())
        .map(|r| r.ticket_id.clone()))
}

/// `GET /arbitration/lookup?ticket=`: any ticket by its id (or its order's, or its
/// buyer's), whatever its state.
async fn lookup(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<LookupQuery>,
) -> Response {
    if let Err(refused) = require(&viewer, ROLES) {
        return *refused;
    }
    match find_ticket(&state, &query.ticket).await {
        Ok(Some(ticket)) => Redirect::to(&format!("/arbitration/tickets/{ticket}")).into_response(),
        Ok(None) => {
            let missing = form_urlencoded::Serializer::new(String::new())
                .append_pair("missing", query.ticket.trim())
                .finish();
            Redirect::to(&format!("/arbitration?{missing}")).into_response()
        }
        Err(error) => MessagePage::failure(viewer.chrome, &error),
    }
}

/// A row of the dispute queue.
struct QueueRow {
    id: String,
    merchant_id: String,
    buyer_id: String,
    kind_label: &'static str,
    reason_label: &'static str,
    amount: String,
    disputed_at: String,
    /// How long the dispute has waited, e.g. `2天3小时`.
    age: String,
    deadline: Option<DeadlineView>,
}

#[derive(Template)]
#[template(path = "console/arbitration/queue.html")]
struct QueuePage {
    chrome: Chrome,
    rows: Vec<QueueRow>,
    /// The next page, when more follow; `paged` when this is not the first.
    next_href: Option<String>,
    paged: bool,
    notice: Option<&'static str>,
    /// What a ticket lookup found nothing for.
    missing: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct DoneQuery {
    #[serde(default)]
    done: String,
    #[serde(default)]
    missing: String,
    /// Where the previous page of the desk ended.
    #[serde(default)]
    cursor: String,
}

/// Disputes per page of the desk.
const DESK_PAGE: usize = 50;

/// How long since `since`, in days and hours (or hours and minutes under a day).
pub(crate) fn age(now: Timestamp, since: Timestamp, lang: Lang) -> String {
    let minutes = (now.as_second() - since.as_second()).max(0) / 60;
    let (days, hours, mins) = (minutes / (24 * 60), minutes / 60 % 24, minutes % 60);
    match lang {
        Lang::Zh if days > 0 => format!("{days}天{hours}小时"),
        Lang::Zh => format!("{hours}小时{mins:02}分"),
        Lang::En if days > 0 => format!("{days} d {hours} h"),
        Lang::En => format!("{hours} h {mins:02} min"),
    }
}

/// `GET /arbitration`: every open dispute, the longest waiting first.
async fn queue(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<DoneQuery>,
) -> Response {
    if let Err(refused) = require(&viewer, ROLES) {
        return *refused;
    }
    let lang = viewer.chrome.lang;
    let zone = state.engine.zone();
    let now = state.engine.clock().now();
    // By age, on the server: the dispute first requested longest ago first, a page at a
    // time (migration 0019 indexes this order after the state).
    let sort = TicketSort {
        key: TicketSortKey::Disputed,
        descending: false,
    };
    let filter = TicketFilter {
        state: Some("in_dispute".to_owned()),
        sort,
        after: match query.cursor.trim() {
            "" => None,
            raw => queue::decode_cursor(raw, sort).ok(),
        },
        limit: DESK_PAGE + 1,
        ..TicketFilter::default()
    };
    let rows = match state.engine.store().list_tickets(filter).await {
        Ok(rows) => rows,
        Err(error) => return MessagePage::failure(viewer.chrome, &error.into()),
    };
    let (rows, next_cursor) = cut(rows, DESK_PAGE, |row| queue::encode_cursor(row, sort));
    let next_href = next_cursor.map(|cursor| {
        format!(
            "/arbitration?{}",
            form_urlencoded::Serializer::new(String::new())
                .append_pair("cursor", &cursor)
                .finish()
        )
    });
    let rows: Vec<QueueRow> = rows
        .into_iter()
        .map(|r| {
            let since_us = r.dispute_first_us.unwrap_or(r.opened_us);
            let since = Timestamp::from_microsecond(since_us).unwrap_or(now);
            QueueRow {
                kind_label: lang.t(&format!("kind.{}", r.kind)),
                reason_label: lang.t(&format!("reason.{}", r.reason)),
                amount: format::money(r.amount_minor, &r.currency),
                disputed_at: format::local_time_us(since_us, &zone),
                age: age(now, since, lang),
                deadline: match (&r.deadline_kind, r.due_us) {
                    (Some(kind), Some(due)) => Timestamp::from_microsecond(due)
                        .ok()
                        .map(|due| DeadlineView::new(kind, due, now, &zone, lang)),
                    _ => None,
                },
                id: r.ticket_id,
                merchant_id: r.merchant_id,
                buyer_id: r.buyer_id,
            }
        })
        .collect();
    let notice = (query.done == "verdict").then(|| lang.t("arbitration.verdict_given"));
    page(
        StatusCode::OK,
        &QueuePage {
            chrome: viewer
                .chrome
                .with_shops(&state, rows.iter().map(|r| r.merchant_id.as_str()))
                .await,
            rows,
            next_href,
            paged: !query.cursor.trim().is_empty(),
            notice,
            missing: (!query.missing.is_empty()).then(|| query.missing.clone()),
        },
    )
}

/// One option of a select.
struct Choice {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

/// The rule-based suggestion as shown.
struct SuggestionView {
    responsibility: &'static str,
    outcome: String,
    rule: &'static str,
}

#[derive(Template)]
#[template(path = "console/arbitration/dispute.html")]
struct DisputePage {
    chrome: Chrome,
    ticket: TicketView,
    suggestion: Option<SuggestionView>,
    /// Whether the verdict form applies (the dispute is open).
    open: bool,
    /// The evidence window (举证期) is still open: a verdict now is early, and the form asks
    /// the arbitrator to confirm it. Its end, local time.
    window_until: Option<String>,
    responsibilities: Vec<Choice>,
    outcomes: Vec<Choice>,
    refusal: Refusal,
    form: HashMap<String, String>,
    notice: Option<&'static str>,
}

impl DisputePage {
    fn value(&self, name: &str) -> &str {
        self.form.get(name).map(String::as_str).unwrap_or("")
    }

    /// The message next to field `name` of the verdict form.
    fn error(&self, name: &str) -> Option<&str> {
        self.refusal.field("give_verdict", name)
    }
}

async fn dispute_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ticket_id): Path<String>,
    Query(query): Query<DoneQuery>,
) -> Response {
    if let Err(refused) = require(&viewer, ROLES) {
        return *refused;
    }
    let notice = (!query.done.is_empty()).then(|| viewer.chrome.t("arbitration.verdict_given"));
    show(
        &state,
        viewer,
        &ticket_id,
        Refusal::default(),
        HashMap::new(),
        notice,
    )
    .await
}

async fn show(
    state: &AppState,
    viewer: Viewer,
    ticket_id: &str,
    refusal: Refusal,
    mut form: HashMap<String, String>,
    notice: Option<&'static str>,
) -> Response {
    let (order, id) = match tickets::visible(state, &viewer, ticket_id).await {
        Ok(Some(found)) => found,
        Ok(None) => return MessagePage::not_found(viewer.chrome),
        Err(error) => return MessagePage::failure(viewer.chrome, &error),
    };
    let lang = viewer.chrome.lang;
    let mut view = match tickets::view(state, lang, &order, &id).await {
        Ok(view) => view,
        Err(error) => return MessagePage::failure(viewer.chrome, &error),
    };
    let ticket = &order.tickets[&id];
    // The platform joins the thread once the ticket went to a dispute; this page's forms
    // are url-encoded.
    view.can_post = ticket.dispute.is_some();
    view.multipart = false;
    let suggestion = dispute::suggest(&order, ticket);
    // A fresh form starts from the suggestion; after a refusal it keeps what was typed.
    if form.is_empty()
        && let Some(s) = &suggestion
    {
        form.insert(
            "responsibility".to_owned(),
            s.responsibility.as_str().to_owned(),
        );
        form.insert("outcome".to_owned(), s.outcome.as_str().to_owned());
        if let VerdictOutcome::PartialRefund { amount } = &s.outcome {
            form.insert("amount".to_owned(), yuan_plain(amount.minor()));
        }
    }
    let suggestion = suggestion.map(|s| SuggestionView {
        responsibility: lang.t(&format!("responsibility.{}", s.responsibility.as_str())),
        outcome: match s.outcome {
            VerdictOutcome::PartialRefund { amount } => format!(
                "{} {}",
                lang.t("outcome.partial_refund"),
                format::money(amount.minor(), amount.currency().as_str())
            ),
            other => lang.t(&format!("outcome.{}", other.as_str())).to_owned(),
        },
        rule: lang.t(&format!("arbitration.rule.{}", s.rule.as_str())),
    });
    let open = ticket.dispute.as_ref().is_some_and(|d| d.open);
    let now = state.engine.clock().now();
    let window_until = match ticket.state {
        TicketState::InDispute {
            phase: DisputePhase::Evidence { due_at },
        } if ticket.evidence_window_open(now) => {
            Some(format::local_time(due_at, &state.engine.zone()))
        }
        _ => None,
    };
    let selected = |name: &str| form.get(name).map(String::as_str).unwrap_or("").to_owned();
    let responsibility = selected("responsibility");
    let responsibilities = Responsibility::ALL
        .iter()
        .map(|r| Choice {
            value: r.as_str(),
            label: lang.t(&format!("responsibility.{}", r.as_str())),
            selected: r.as_str() == responsibility,
        })
        .collect();
    let outcome = selected("outcome");
    let outcomes = ["full_refund", "partial_refund", "no_refund"]
        .into_iter()
        .map(|o| Choice {
            value: o,
            label: lang.t(&format!("outcome.{o}")),
            selected: o == outcome,
        })
        .collect();
    let status = if refusal.action.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page(
        status,
        &DisputePage {
            chrome: viewer
                .chrome
                .with_shops(state, [order.merchant.as_str()])
                .await,
            ticket: view,
            suggestion,
            open,
            window_until,
            responsibilities,
            outcomes,
            refusal,
            form,
            notice,
        },
    )
}

/// `12.50` from 1250 fen, for an input's value.
fn yuan_plain(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, (minor % 100).abs())
}

/// The verdict form turned into the API's `give_verdict` body; a bad amount names its field.
fn verdict_body(
    form: &HashMap<String, String>,
    currency: &str,
) -> Result<serde_json::Value, (&'static str, &'static str)> {
    let get = |name: &str| form.get(name).map(|v| v.trim()).unwrap_or("");
    let outcome = match get("outcome") {
        "partial_refund" => {
            let amount = tickets::parse_yuan(get("amount"))
                .ok_or(("amount", "arbitration.amount_invalid"))?;
            json!({ "type": "partial_refund", "amount": { "amount": amount, "currency": currency } })
        }
        "full_refund" | "no_refund" => json!({ "type": get("outcome") }),
        _ => return Err(("outcome", "arbitration.outcome_required")),
    };
    if get("responsibility").is_empty() {
        return Err(("responsibility", "arbitration.responsibility_required"));
    }
    Ok(json!({
        "type": "give_verdict",
        "responsibility": get("responsibility"),
        "outcome": outcome,
        "note": get("reasoning"),
    }))
}

/// `POST /arbitration/tickets/{id}`: give the verdict.
async fn verdict(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ticket_id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if let Err(refused) = require(&viewer, ROLES) {
        return *refused;
    }
    let lang = viewer.chrome.lang;
    let (order, id) = match tickets::visible(&state, &viewer, &ticket_id).await {
        Ok(Some(found)) => found,
        Ok(None) => return MessagePage::not_found(viewer.chrome),
        Err(error) => return MessagePage::failure(viewer.chrome, &error),
    };
    if form.get("action").is_some_and(|a| a == "post_message") {
        let text = form.get("text").map(String::as_str).unwrap_or("");
        return match tickets::post_message(&state, &viewer, &order, &id, text).await {
            Ok(()) => {
                Redirect::to(&format!("/arbitration/tickets/{ticket_id}#thread")).into_response()
            }
            Err(error) => {
                let refusal = Refusal::of("post_message", &error, lang);
                show(&state, viewer, &ticket_id, refusal, form, None).await
            }
        };
    }
    let currency = order.tickets[&id].amount.currency().as_str().to_owned();
    let version = form
        .get("version")
        .and_then(|v| v.trim().parse::<u64>().ok());
    // Deciding before the evidence window ends takes a confirmation: the other side may
    // still send evidence. The engine records the verdict as early.
    let early = order.tickets[&id].evidence_window_open(state.engine.clock().now());
    let confirmed = form.get("confirm_early").is_some_and(|v| v == "yes");
    let body = verdict_body(&form, &currency).and_then(|body| {
        if early && !confirmed {
            Err(("confirm_early", "arbitration.confirm_early_required"))
        } else {
            Ok(body)
        }
    });
    let outcome = match body {
        // The version the arbitrator read: a change since (new evidence) refuses the verdict.
        Ok(body) => tickets::act(&state, &viewer, &order, &id, version, body)
            .await
            .map_err(|error| Refusal::of("give_verdict", &error, lang)),
        Err((field, key)) => {
            let mut refusal = Refusal {
                action: "give_verdict".to_owned(),
                ..Refusal::default()
            };
            refusal
                .fields
                .insert(field.to_owned(), lang.t(key).to_owned());
            Err(refusal)
        }
    };
    match outcome {
        Ok(()) => {
            Redirect::to(&format!("/arbitration/tickets/{ticket_id}?done=verdict")).into_response()
        }
        Err(refusal) => show(&state, viewer, &ticket_id, refusal, form, None).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_in_days_and_hours() {
        let now: Timestamp = "2026-03-05T02:00:00Z".parse().expect("an instant");
        let since: Timestamp = "2026-03-02T01:00:00Z".parse().expect("an instant");
        assert_eq!(age(now, since, Lang::Zh), "3天1小时");
        assert_eq!(age(now, since, Lang::En), "3 d 1 h");
        let recent: Timestamp = "2026-03-05T00:55:00Z".parse().expect("an instant");
        assert_eq!(age(now, recent, Lang::En), "1 h 05 min");
    }

    #[test]
    fn the_verdict_form_becomes_the_api_body() {
        let form: HashMap<String, String> = [
            ("responsibility", "both"),
            ("outcome", "partial_refund"),
            ("amount", "12.5"),
            ("reasoning", "r"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        // The amount is in the ticket's currency, whichever it is (issue 22 point 7).
        let body = verdict_body(&form, "EUR").expect("a body");
        assert_eq!(
            body["outcome"]["amount"],
            serde_json::json!({ "amount": 1250, "currency": "EUR" })
        );
        let mut bad = form.clone();
        bad.insert("amount".to_owned(), "abc".to_owned());
        assert_eq!(verdict_body(&bad, "EUR").unwrap_err().0, "amount");
        assert_eq!(yuan_plain(1250), "12.50");
    }
}
