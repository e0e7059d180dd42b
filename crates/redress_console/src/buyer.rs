//! The buyer's view: their requests, opening one on an order, following it, shipping a
//! return, escalating to the platform (平台介入), adding evidence, cancelling. Buyers usually
//! reach redress through the platform's app; this view serves the platform's own staff
//! acting for a buyer, and demos.

use super::format;
use super::merchant::{Choice, choices};
use super::session::{Chrome, Viewer};
use super::ticket_page::{Side, evidence_kinds};
use super::tickets::{self, ActionForm, DeadlineView, OrderView, Refusal};
use super::{MessagePage, page, require};
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use redress_domain::{Order, OrderCommand, OrderId, Reason, TicketKind};
use redress_engine::{Command, Submission};
use redress_http::AppState;
use redress_http::dto::OpenTicketRequest;
use redress_http::error::ApiError;
use redress_http::shared::{cut, queue};
use redress_store::api::{ApiStore, TicketFilter, TicketSort, TicketSortKey};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/buyer", get(home))
        .route(
            "/buyer/orders/{order_id}",
            get(order_page)
                .post(open_request)
                .layer(super::file_limit()),
        )
        .route(
            "/buyer/tickets/{ticket_id}",
            super::ticket_page::route(Side::Buyer),
        )
}

struct Row {
    id: String,
    order_id: String,
    merchant_id: String,
    kind_label: &'static str,
    state_label: &'static str,
    amount: String,
    opened_at: String,
    deadline: Option<DeadlineView>,
}

#[derive(Template)]
#[template(path = "console/buyer/home.html")]
struct HomePage {
    chrome: Chrome,
    rows: Vec<Row>,
    /// The next page, when more follow; `paged` when this is not the first.
    next_href: Option<String>,
    paged: bool,
    order_error: Option<&'static str>,
    order: String,
}

#[derive(Debug, Default, Deserialize)]
struct HomeQuery {
    #[serde(default)]
    order: String,
    /// Where the previous page of the buyer's requests ended.
    #[serde(default)]
    cursor: String,
}

/// Requests per page of the buyer's home.
const HOME_PAGE: usize = 50;

async fn home(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<HomeQuery>,
) -> Response {
    if let Err(refused) = require(&viewer, redress_http::access::BUYERS) {
        return *refused;
    }
    let lang = viewer.chrome.lang;
    // "Open a request on an order": the order number typed in goes to its page if the
    // buyer may see it; otherwise the error stands next to the field.
    let order = query.order.trim().to_owned();
    let mut order_error = None;
    if !order.is_empty() {
        match visible_order(&state, &viewer, &order).await {
            Ok(Some(_)) => return Redirect::to(&format!("/buyer/orders/{order}")).into_response(),
            Ok(None) => order_error = Some(lang.t("buyer.order_unknown")),
            Err(error) => return MessagePage::failure(viewer.chrome, &error),
        }
    }
    let buyer = match &viewer.principal.scope {
        redress_http::auth::Scope::Buyer(b) => b.to_string(),
        _ => return MessagePage::forbidden(viewer.chrome),
    };
    let zone = state.engine.zone();
    let now = state.engine.clock().now();
    // The newest request first, sorted and paged by the store (the buyer's index).
    let sort = TicketSort {
        key: TicketSortKey::Created,
        descending: true,
    };
    let filter = TicketFilter {
        buyer: Some(buyer),
        sort,
        after: match query.cursor.trim() {
            "" => None,
            raw => queue::decode_cursor(raw, sort).ok(),
        },
        limit: HOME_PAGE + 1,
        ..TicketFilter::default()
    };
    let found = match state.engine.store().list_tickets(filter).await {
        Ok(rows) => rows,
        Err(error) => return MessagePage::failure(viewer.chrome, &error.into()),
    };
    let (found, next_cursor) = cut(found, HOME_PAGE, |row| queue::encode_cursor(row, sort));
    let next_href = next_cursor.map(|cursor| {
        format!(
            "/buyer?{}",
            form_urlencoded::Serializer::new(String::new())
                .append_pair("cursor", &cursor)
                .finish()
        )
    });
    let rows: Vec<Row> = found
        .into_iter()
        .map(|r| Row {
            deadline: match (&r.deadline_kind, r.due_us) {
                (Some(kind), Some(due)) => jiff::Timestamp::from_microsecond(due)
                    .ok()
                    .map(|due| DeadlineView::new(kind, due, now, &zone, lang)),
                _ => None,
            },
            kind_label: lang.t(&format!("kind.{}", r.kind)),
            state_label: lang.t(&format!("state.{}", r.state)),
            amount: format::money(r.amount_minor, &r.currency),
            opened_at: format::local_time_us(r.opened_us, &zone),
            id: r.ticket_id,
            order_id: r.order_id,
            merchant_id: r.merchant_id,
        })
        .collect();
    let status = if order_error.is_some() {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    page(
        status,
        &HomePage {
            chrome: viewer
                .chrome
                .with_shops(&state, rows.iter().map(|r| r.merchant_id.as_str()))
                .await,
            rows,
            next_href,
            paged: !query.cursor.trim().is_empty(),
            order_error,
            order,
        },
    )
}

/// The order if the buyer may see it; `None` answers 404 like the API.
async fn visible_order(
    state: &AppState,
    viewer: &Viewer,
    raw: &str,
) -> Result<Option<Order>, ApiError> {
    let Ok(id) = OrderId::parse(raw) else {
        return Ok(None);
    };
    match redress_http::shared::visible_order(state, &viewer.principal, &id).await {
        Ok(order) => Ok(Some(order)),
        Err(error) if error.status == StatusCode::NOT_FOUND => Ok(None),
        Err(error) => Err(error),
    }
}

#[derive(Template)]
#[template(path = "console/buyer/order.html")]
struct OrderPage {
    chrome: Chrome,
    order_id: String,
    merchant_id: String,
    order: OrderView,
    tickets: Vec<(String, &'static str)>,
    kinds: Vec<Choice>,
    reasons: Vec<Choice>,
    evidence_kinds: Vec<Choice>,
    refusal: Refusal,
    form: HashMap<String, String>,
}

impl OrderPage {
    fn value(&self, name: &str) -> &str {
        self.form.get(name).map(String::as_str).unwrap_or("")
    }
}

async fn order_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(order_id): Path<String>,
) -> Response {
    if let Err(refused) = require(&viewer, redress_http::access::BUYERS) {
        return *refused;
    }
    show_order(
        &state,
        viewer,
        &order_id,
        Refusal::default(),
        HashMap::new(),
    )
    .await
}

async fn show_order(
    state: &AppState,
    viewer: Viewer,
    order_id: &str,
    refusal: Refusal,
    form: HashMap<String, String>,
) -> Response {
    let order = match visible_order(state, &viewer, order_id).await {
        Ok(Some(order)) => order,
        Ok(None) => return MessagePage::not_found(viewer.chrome),
        Err(error) => return MessagePage::failure(viewer.chrome, &error),
    };
    let lang = viewer.chrome.lang;
    let zone = state.engine.zone();
    let selected = |name: &str| form.get(name).map(String::as_str).unwrap_or("").to_owned();
    let kinds: Vec<&'static str> = TicketKind::ALL.iter().map(|k| k.as_str()).collect();
    let reasons: Vec<&'static str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
    let status = if refusal.action.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page(
        status,
        &OrderPage {
            order_id: order.id.to_string(),
            merchant_id: order.merchant.to_string(),
            order: tickets::order_view(&order, lang, &zone),
            tickets: order
                .tickets
                .values()
                .map(|t| {
                    (
                        t.id.to_string(),
                        lang.t(&format!("state.{}", t.state.name().as_str())),
                    )
                })
                .collect(),
            kinds: choices(&kinds, "kind", &selected("kind"), lang),
            reasons: choices(&reasons, "reason", &selected("reason"), lang),
            evidence_kinds: evidence_kinds(lang, &selected("evidence_kind")),
            refusal,
            form,
            chrome: viewer
                .chrome
                .with_shops(state, [order.merchant.as_str()])
                .await,
        },
    )
}

/// Open a request on the order, exactly as `POST /v1/orders/{id}/tickets` would.
async fn open_request(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(order_id): Path<String>,
    multipart: Multipart,
) -> Response {
    if let Err(refused) = require(&viewer, redress_http::access::BUYERS) {
        return *refused;
    }
    let lang = viewer.chrome.lang;
    let order = match visible_order(&state, &viewer, &order_id).await {
        Ok(Some(order)) => order,
        Ok(None) => return MessagePage::not_found(viewer.chrome),
        Err(error) => return MessagePage::failure(viewer.chrome, &error),
    };
    let form = match ActionForm::read(&state, multipart).await {
        Ok(form) => form,
        Err(error) => {
            return show_order(
                &state,
                viewer,
                &order_id,
                Refusal::of("open", &error, lang),
                HashMap::new(),
            )
            .await;
        }
    };
    // The platform's id for the new ticket: the order's id and a sequence number.
    let ticket_raw: String = format!("R{}-{}", order.tickets.len() + 1, order.id)
        .chars()
        .take(64)
        .collect();
    let outcome = async {
        let ticket = redress_http::dto::ticket_id("ticket_id", &ticket_raw)?;
        // Issue 18: an amount left blank asks what the chosen units are worth.
        let amount = match form.get("amount") {
            "" => None,
            raw => Some(
                tickets::parse_yuan(raw)
                    .ok_or_else(|| ApiError::field("amount", lang.t("merchant.amount_invalid")))?,
            ),
        };
        let evidence = tickets::evidence_of(&state, &order, &ticket, &form).await?;
        // The units picked on each line (`qty.<item id>`); none picked: every unit still open.
        let items: Vec<serde_json::Value> = order
            .items
            .iter()
            .filter_map(|item| {
                let raw = form.get(&format!("qty.{}", item.id));
                let quantity: u32 = raw.parse().ok()?;
                (quantity > 0).then(|| json!({ "item_id": item.id.as_str(), "quantity": quantity }))
            })
            .collect();
        let mut body = json!({
            "ticket_id": ticket_raw,
            "kind": form.get("kind"),
            "reason": form.get("reason"),
            "items": items,
            "description": form.get("description"),
            "evidence": evidence.map(|e| vec![e]).unwrap_or_default(),
        });
        if let Some(amount) = amount {
            body["amount"] =
                json!({ "amount": amount, "currency": order.paid.currency().as_str() });
        }
        let request: OpenTicketRequest = serde_path_to_error::deserialize(body)
            .map_err(|e| ApiError::field(e.path().to_string(), e.inner().to_string()))?;
        let new = request.to_domain()?;
        redress_http::shared::files::check_opening_references(&state, &order.id, &new).await?;
        state
            .engine
            .execute(Submission {
                actor: viewer.principal.actor(),
                command: Command::Order {
                    order: order.id.clone(),
                    command: OrderCommand::OpenTicket(new),
                },
                idempotency_key: None,
            })
            .await?;
        Ok::<_, ApiError>(ticket)
    }
    .await;
    match outcome {
        Ok(ticket) => Redirect::to(&format!("/buyer/tickets/{ticket}?done=open")).into_response(),
        Err(error) => {
            let refusal = Refusal::of("open", &error, lang);
            show_order(&state, viewer, &order_id, refusal, form.fields).await
        }
    }
}

/// The buyer's actions, as the forms send them, turned into the API's request body.
pub(super) fn action_body(
    form: &ActionForm,
    evidence: Vec<serde_json::Value>,
    // The buyer's actions carry no amount; the merchant's compensation does.
    _currency: &str,
) -> Result<serde_json::Value, (&'static str, &'static str)> {
    let action = form.get("action");
    Ok(match action {
        "cancel" | "accept_remedy" | "decline_remedy" | "cancel_dispute" => {
            json!({ "type": action })
        }
        "ship_return" => json!({ "type": "ship_return", "tracking": form.get("tracking") }),
        "escalate" => json!({
            "type": "escalate",
            "note": form.get("note"),
            "evidence": evidence,
        }),
        "add_evidence" => match evidence.into_iter().next() {
            Some(evidence) => json!({ "type": "add_evidence", "evidence": evidence }),
            None => return Err(("evidence_reference", "merchant.evidence_required")),
        },
        // SPEC lifecycle step 5: after a rejection (or before the merchant answers) the buyer
        // corrects the request and submits it again; the merchant answers it anew.
        "edit" => {
            let amount = tickets::parse_yuan(form.get("amount"))
                .ok_or(("amount", "merchant.amount_invalid"))?;
            // `item:quantity` pairs, comma-separated, as the ticket holds them (issue 18).
            let items: Vec<serde_json::Value> = form
                .get("items")
                .split(',')
                .map(str::trim)
                .filter(|i| !i.is_empty())
                .map(|line| match line.split_once(':') {
                    Some((item, quantity)) => match quantity.trim().parse::<u32>() {
                        Ok(quantity) => json!({ "item_id": item.trim(), "quantity": quantity }),
                        Err(_) => json!(line),
                    },
                    None => json!(line),
                })
                .collect();
            json!({
                "type": "edit",
                "kind": form.get("kind"),
                "reason": form.get("reason"),
                "amount": { "amount": amount, "currency": form.get("currency") },
                "items": items,
                "description": form.get("description"),
                "evidence": evidence,
            })
        }
        _ => return Err(("action", "merchant.action_unknown")),
    })
}
