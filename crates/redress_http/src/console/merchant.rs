//! The merchant workbench: the after-sales queue sorted by deadline with live countdowns,
//! filters and saved views, bulk approve; the ticket page with its timeline, order,
//! evidence and every merchant action.

use super::format;
use super::i18n::Lang;
use super::session::{Chrome, Viewer, cookie};
use super::tickets::{self, ActionForm, DeadlineView, Refusal, TicketView};
use super::{MessagePage, page, require};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use redress_domain::{Reason, StateName, TicketKind};
use redress_store::api::{ApiStore, TICKET_PAGE_MAX, TicketFilter, TicketRow};
use serde::Deserialize;
use serde_json::json;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/merchant", get(queue))
        .route("/merchant/bulk-approve", post(bulk_approve))
        .route("/merchant/views", post(save_view))
        .route("/merchant/views/delete", post(delete_view))
        .route(
            "/merchant/tickets/{ticket_id}",
            get(ticket_page)
                .post(ticket_action)
                .layer(super::file_limit()),
        )
}

/// The queue's filters, as the form sends them (every field optional, empty = any).
#[derive(Clone, Debug, Default, Deserialize)]
struct QueueQuery {
    #[serde(default)]
    state: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    reason: String,
    /// `yes`, `no` or empty.
    #[serde(default)]
    return_signed: String,
    /// Only tickets due within this many hours (overdue ones included).
    #[serde(default)]
    due_within_hours: String,
    #[serde(default)]
    done: String,
}

/// One option of a filter's select.
struct Choice {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

fn choices(values: &[&'static str], prefix: &str, selected: &str, lang: Lang) -> Vec<Choice> {
    values
        .iter()
        .map(|value| Choice {
            value,
            label: lang.t(&format!("{prefix}.{value}")),
            selected: *value == selected,
        })
        .collect()
}

/// A row of the queue.
struct QueueRow {
    id: String,
    order_id: String,
    buyer_id: String,
    kind_label: &'static str,
    reason_label: &'static str,
    state_label: &'static str,
    amount: String,
    opened_at: String,
    deadline: Option<DeadlineView>,
    return_signed: bool,
    disputed: bool,
    overdue_approved: bool,
    auto_rule: Option<String>,
    /// Awaiting the merchant's answer: bulk approve may take it.
    approvable: bool,
}

/// A saved view: a name and the filters' query string.
struct SavedView {
    name: String,
    query: String,
}

#[derive(Template)]
#[template(path = "console/merchant/queue.html")]
struct QueuePage {
    chrome: Chrome,
    rows: Vec<QueueRow>,
    states: Vec<Choice>,
    kinds: Vec<Choice>,
    reasons: Vec<Choice>,
    return_signed: String,
    due_within_hours: String,
    /// Message next to the hours field.
    hours_error: Option<&'static str>,
    overdue: usize,
    soon: usize,
    truncated: bool,
    views: Vec<SavedView>,
    /// The current filters, for saving as a view.
    query: String,
    /// What a bulk approve did, ticket by ticket.
    bulk: Vec<(String, Option<String>)>,
    notice: Option<&'static str>,
}

const VIEWS_COOKIE: &str = "redress_views";
const VIEWS_MAX: usize = 10;

fn saved_views(headers: &axum::http::HeaderMap) -> Vec<SavedView> {
    let raw = cookie(headers, VIEWS_COOKIE).unwrap_or_default();
    form_urlencoded::parse(raw.as_bytes())
        .map(|(name, query)| SavedView {
            name: name.into_owned(),
            query: query.into_owned(),
        })
        .take(VIEWS_MAX)
        .collect()
}

fn views_cookie(headers: &axum::http::HeaderMap, views: &[SavedView]) -> HeaderValue {
    let value = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(views.iter().map(|v| (&v.name, &v.query)))
        .finish();
    let secure = if super::session::over_https(headers) {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{VIEWS_COOKIE}={value}; HttpOnly; SameSite=Strict; Path=/merchant; Max-Age=31536000{secure}"
    ))
    .expect("URL-encoded text is a valid header value")
}

fn query_string(q: &QueueQuery) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            [
                ("state", &q.state),
                ("kind", &q.kind),
                ("reason", &q.reason),
                ("return_signed", &q.return_signed),
                ("due_within_hours", &q.due_within_hours),
            ]
            .into_iter()
            .filter(|(_, v)| !v.is_empty()),
        )
        .finish()
}

async fn queue(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: axum::http::HeaderMap,
    Query(query): Query<QueueQuery>,
) -> Response {
    if let Err(refused) = require(&viewer, &["merchant"]) {
        return *refused;
    }
    render_queue(&state, viewer, &headers, query, Vec::new(), StatusCode::OK).await
}

async fn render_queue(
    state: &AppState,
    viewer: Viewer,
    headers: &axum::http::HeaderMap,
    query: QueueQuery,
    bulk: Vec<(String, Option<String>)>,
    status: StatusCode,
) -> Response {
    let lang = viewer.chrome.lang;
    let zone = state.engine.zone();
    let now = state.engine.clock().now();
    let merchant = match &viewer.principal.scope {
        crate::auth::Scope::Merchant(m) => m.to_string(),
        _ => return MessagePage::forbidden(viewer.chrome),
    };
    let known = |value: &str, all: &[&str]| {
        (!value.is_empty() && all.contains(&value)).then(|| value.to_owned())
    };
    let state_names: Vec<&'static str> = StateName::ALL.iter().map(|s| s.as_str()).collect();
    let kind_names: Vec<&'static str> = TicketKind::ALL.iter().map(|k| k.as_str()).collect();
    let reason_names: Vec<&'static str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
    let (due_before_us, hours_error) = match query.due_within_hours.trim() {
        "" => (None, None),
        raw => match raw.parse::<i64>() {
            Ok(hours) if (1..=24 * 60).contains(&hours) => {
                (Some(now.as_microsecond() + hours * 3_600_000_000), None)
            }
            _ => (None, Some(lang.t("merchant.hours_invalid"))),
        },
    };
    let filter = TicketFilter {
        merchant: Some(merchant),
        buyer: None,
        state: known(&query.state, &state_names),
        kind: known(&query.kind, &kind_names),
        reason: known(&query.reason, &reason_names),
        due_before_us,
        return_signed: match query.return_signed.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        order: None,
        updated_since_us: None,
        after: None,
        limit: TICKET_PAGE_MAX,
    };
    let mut rows: Vec<TicketRow> = match state.engine.store().list_tickets(filter).await {
        Ok(rows) => rows,
        Err(error) => return MessagePage::failure(viewer.chrome, &error.into()),
    };
    let truncated = rows.len() >= TICKET_PAGE_MAX;
    // By deadline, soonest (most overdue) first; tickets waiting on nobody last, newest first.
    rows.sort_by_key(|r| {
        (
            r.due_us.is_none(),
            r.due_us.unwrap_or(0),
            std::cmp::Reverse(r.opened_us),
        )
    });
    let rows: Vec<QueueRow> = rows
        .into_iter()
        .map(|r| QueueRow {
            deadline: match (&r.deadline_kind, r.due_us) {
                (Some(kind), Some(due)) => jiff::Timestamp::from_microsecond(due)
                    .ok()
                    .map(|due| DeadlineView::new(kind, due, now, &zone, lang)),
                _ => None,
            },
            kind_label: lang.t(&format!("kind.{}", r.kind)),
            reason_label: lang.t(&format!("reason.{}", r.reason)),
            state_label: lang.t(&format!("state.{}", r.state)),
            amount: format::money(r.amount_minor, &r.currency),
            opened_at: format::local_time_us(r.opened_us, &zone),
            return_signed: r.return_signed_us.is_some(),
            disputed: r.dispute_first_us.is_some(),
            overdue_approved: r.overdue_approved,
            auto_rule: r.auto_rule.clone(),
            approvable: r.state == "requested",
            id: r.ticket_id,
            order_id: r.order_id,
            buyer_id: r.buyer_id,
        })
        .collect();
    let overdue = rows
        .iter()
        .filter(|r| r.deadline.as_ref().is_some_and(|d| d.overdue))
        .count();
    let soon = rows
        .iter()
        .filter(|r| r.deadline.as_ref().is_some_and(|d| d.soon))
        .count();
    let notice = match query.done.as_str() {
        "view_saved" => Some(lang.t("merchant.view_saved")),
        "view_deleted" => Some(lang.t("merchant.view_deleted")),
        _ => None,
    };
    page(
        status,
        &QueuePage {
            states: choices(&state_names, "state", &query.state, lang),
            kinds: choices(&kind_names, "kind", &query.kind, lang),
            reasons: choices(&reason_names, "reason", &query.reason, lang),
            return_signed: query.return_signed.clone(),
            due_within_hours: query.due_within_hours.clone(),
            hours_error,
            overdue,
            soon,
            truncated,
            views: saved_views(headers),
            query: query_string(&query),
            rows,
            bulk,
            notice,
            chrome: viewer.chrome,
        },
    )
}

#[derive(Debug, Deserialize)]
struct ViewForm {
    name: String,
    #[serde(default)]
    query: String,
}

/// Save the current filters under a name (kept in a cookie of this browser).
async fn save_view(
    viewer: Viewer,
    headers: axum::http::HeaderMap,
    Form(form): Form<ViewForm>,
) -> Response {
    if let Err(refused) = require(&viewer, &["merchant"]) {
        return *refused;
    }
    let name: String = form.name.trim().chars().take(40).collect();
    let mut views = saved_views(&headers);
    if !name.is_empty() {
        views.retain(|v| v.name != name);
        views.push(SavedView {
            name,
            query: form.query.chars().take(300).collect(),
        });
        let skip = views.len().saturating_sub(VIEWS_MAX);
        views.drain(..skip);
    }
    let mut response = Redirect::to("/merchant?done=view_saved").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, views_cookie(&headers, &views));
    response
}

async fn delete_view(
    viewer: Viewer,
    headers: axum::http::HeaderMap,
    Form(form): Form<ViewForm>,
) -> Response {
    if let Err(refused) = require(&viewer, &["merchant"]) {
        return *refused;
    }
    let mut views = saved_views(&headers);
    views.retain(|v| v.name != form.name);
    let mut response = Redirect::to("/merchant?done=view_deleted").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, views_cookie(&headers, &views));
    response
}

/// Approve every ticked ticket, one command each; the page lists what each one did.
async fn bulk_approve(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: axum::http::HeaderMap,
    body: String,
) -> Response {
    if let Err(refused) = require(&viewer, &["merchant"]) {
        return *refused;
    }
    let lang = viewer.chrome.lang;
    let ids: Vec<String> = form_urlencoded::parse(body.as_bytes())
        .filter(|(k, _)| k == "ticket")
        .map(|(_, v)| v.into_owned())
        .take(TICKET_PAGE_MAX)
        .collect();
    let mut results = Vec::new();
    for id in ids {
        let outcome = match tickets::visible(&state, &viewer, &id).await {
            Ok(Some((order, ticket))) => {
                match tickets::act(
                    &state,
                    &viewer,
                    &order,
                    &ticket,
                    None,
                    json!({"type": "approve"}),
                )
                .await
                {
                    Ok(()) => None,
                    Err(error) => Some(
                        Refusal::of("approve", &error, lang)
                            .general
                            .unwrap_or_else(|| error.detail.clone()),
                    ),
                }
            }
            Ok(None) => Some(lang.t("error.not_found").to_owned()),
            Err(error) => Some(error.detail),
        };
        results.push((id, outcome));
    }
    if results.is_empty() {
        results.push((String::new(), Some(lang.t("merchant.bulk_none").to_owned())));
    }
    render_queue(
        &state,
        viewer,
        &headers,
        QueueQuery::default(),
        results,
        StatusCode::OK,
    )
    .await
}

#[derive(Template)]
#[template(path = "console/merchant/ticket.html")]
struct TicketPage {
    chrome: Chrome,
    ticket: TicketView,
    refusal: Refusal,
    /// What the last form submitted, to fill the form again after a refusal.
    form: std::collections::HashMap<String, String>,
    notice: Option<&'static str>,
    evidence_kinds: Vec<Choice>,
    remedies: Vec<Choice>,
}

impl TicketPage {
    fn value(&self, name: &str) -> &str {
        self.form.get(name).map(String::as_str).unwrap_or("")
    }
}

#[derive(Debug, Default, Deserialize)]
struct TicketQuery {
    #[serde(default)]
    done: String,
}

fn evidence_kinds(lang: Lang, selected: &str) -> Vec<Choice> {
    let all: Vec<&'static str> = redress_domain::evidence::EvidenceKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    choices(&all, "evidence", selected, lang)
}

async fn ticket_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ticket_id): Path<String>,
    Query(query): Query<TicketQuery>,
) -> Response {
    if let Err(refused) = require(&viewer, &["merchant"]) {
        return *refused;
    }
    let notice = (!query.done.is_empty()).then(|| viewer.chrome.t("merchant.action_done"));
    show_ticket(
        &state,
        viewer,
        &ticket_id,
        Refusal::default(),
        Default::default(),
        notice,
    )
    .await
}

async fn show_ticket(
    state: &AppState,
    viewer: Viewer,
    ticket_id: &str,
    refusal: Refusal,
    form: std::collections::HashMap<String, String>,
    notice: Option<&'static str>,
) -> Response {
    let (order, id) = match tickets::visible(state, &viewer, ticket_id).await {
        Ok(Some(found)) => found,
        Ok(None) => return MessagePage::not_found(viewer.chrome),
        Err(error) => return MessagePage::failure(viewer.chrome, &error),
    };
    let lang = viewer.chrome.lang;
    let ticket = match tickets::view(state, lang, &order, &id).await {
        Ok(ticket) => ticket,
        Err(error) => return MessagePage::failure(viewer.chrome, &error),
    };
    let status = if refusal.action.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let selected = |name: &str| form.get(name).map(String::as_str).unwrap_or("").to_owned();
    let evidence_kinds = evidence_kinds(lang, &selected("evidence_kind"));
    let remedies = choices(
        &["partial_compensation", "exchange", "repair", "reship"],
        "remedy",
        &selected("remedy"),
        lang,
    );
    page(
        status,
        &TicketPage {
            chrome: viewer.chrome,
            ticket,
            refusal,
            form,
            notice,
            evidence_kinds,
            remedies,
        },
    )
}

/// The merchant's actions, as the forms send them, turned into the API's request body.
fn action_body(
    form: &ActionForm,
    evidence: Option<serde_json::Value>,
    currency: &str,
) -> Result<serde_json::Value, (&'static str, &'static str)> {
    let action = form.get("action");
    let evidence_list = evidence.clone().map(|e| vec![e]).unwrap_or_default();
    Ok(match action {
        "approve" | "approve_after_refusal" | "confirm_return" | "settle_dispute" => {
            json!({ "type": action })
        }
        "reject" => json!({
            "type": "reject",
            "ground": if form.get("ground").is_empty() { "request" } else { form.get("ground") },
            "note": form.get("reason"),
            "evidence": evidence_list,
        }),
        "propose_remedy" => {
            let remedy = match form.get("remedy") {
                "partial_compensation" => {
                    let amount = tickets::parse_yuan(form.get("amount"))
                        .ok_or(("amount", "merchant.amount_invalid"))?;
                    json!({ "type": "partial_compensation", "amount": { "amount": amount, "currency": currency } })
                }
                other => json!({ "type": other }),
            };
            json!({ "type": "propose_remedy", "remedy": remedy, "note": form.get("note") })
        }
        "ship_replacement" => {
            json!({ "type": "ship_replacement", "tracking": form.get("tracking") })
        }
        "add_evidence" => match evidence {
            Some(evidence) => json!({ "type": "add_evidence", "evidence": evidence }),
            None => return Err(("evidence_reference", "merchant.evidence_required")),
        },
        _ => return Err(("action", "merchant.action_unknown")),
    })
}

async fn ticket_action(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ticket_id): Path<String>,
    multipart: Multipart,
) -> Response {
    if let Err(refused) = require(&viewer, &["merchant"]) {
        return *refused;
    }
    let lang = viewer.chrome.lang;
    let (order, id) = match tickets::visible(&state, &viewer, &ticket_id).await {
        Ok(Some(found)) => found,
        Ok(None) => return MessagePage::not_found(viewer.chrome),
        Err(error) => return MessagePage::failure(viewer.chrome, &error),
    };
    let form = match ActionForm::read(&state, multipart).await {
        Ok(form) => form,
        Err(error) => {
            let refusal = Refusal::of("", &error, lang);
            return show_ticket(
                &state,
                viewer,
                &ticket_id,
                refusal,
                Default::default(),
                None,
            )
            .await;
        }
    };
    let action = form.get("action").to_owned();
    let outcome = tickets::run_action(&state, &viewer, &order, &id, &form, action_body).await;
    match outcome {
        Ok(()) => {
            Redirect::to(&format!("/merchant/tickets/{ticket_id}?done={action}")).into_response()
        }
        Err(refusal) => show_ticket(&state, viewer, &ticket_id, refusal, form.fields, None).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> ActionForm {
        ActionForm::with_fields(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn partial_compensation_is_in_the_tickets_currency() {
        let form = form(&[
            ("action", "propose_remedy"),
            ("remedy", "partial_compensation"),
            ("amount", "12.50"),
        ]);
        let body = action_body(&form, None, "EUR").expect("a body");
        assert_eq!(
            body["remedy"]["amount"],
            json!({ "amount": 1250, "currency": "EUR" })
        );
    }

    #[test]
    fn a_bad_compensation_amount_names_its_field() {
        let form = form(&[
            ("action", "propose_remedy"),
            ("remedy", "partial_compensation"),
            ("amount", "twelve"),
        ]);
        assert_eq!(action_body(&form, None, "EUR").unwrap_err().0, "amount");
    }
}
