//! The merchant workbench's ticket page: its timeline, order, evidence and every merchant
//! action (the queue is `merchant_queue`).

use super::i18n::Lang;
use super::session::{Chrome, Viewer};
use super::tickets::{self, ActionForm, Refusal, TicketView};
use super::{MessagePage, page, require};
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use redress_http::AppState;
use serde::Deserialize;
use serde_json::json;

pub(super) fn router() -> Router<AppState> {
    Router::new().route(
        "/merchant/tickets/{ticket_id}",
        get(ticket_page)
            .post(ticket_action)
            .layer(super::file_limit()),
    )
}

/// One option of a filter's select.
pub(super) struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

pub(super) fn choices(
    values: &[&'static str],
    prefix: &str,
    selected: &str,
    lang: Lang,
) -> Vec<Choice> {
    values
        .iter()
        .map(|value| Choice {
            value,
            label: lang.t(&format!("{prefix}.{value}")),
            selected: *value == selected,
        })
        .collect()
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
    /// The reject form's evidence items.
    evidence_slots: Vec<super::evidence_form::SlotView>,
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
    if let Err(refused) = require(&viewer, redress_http::access::MERCHANTS) {
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
    let evidence_slots = super::evidence_form::evidence_slots(&form, lang);
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
            evidence_slots,
            remedies,
        },
    )
}

/// The merchant's actions, as the forms send them, turned into the API's request body.
fn action_body(
    form: &ActionForm,
    evidence: Vec<serde_json::Value>,
    currency: &str,
) -> Result<serde_json::Value, (&'static str, &'static str)> {
    let action = form.get("action");
    Ok(match action {
        "approve" | "approve_after_refusal" | "confirm_return" | "settle_dispute" => {
            json!({ "type": action })
        }
        "reject" => json!({
            "type": "reject",
            "ground": if form.get("ground").is_empty() { "request" } else { form.get("ground") },
            "note": form.get("reason"),
            "evidence": evidence,
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
        "set_return_address" => {
            json!({ "type": "set_return_address", "address": form.get("address") })
        }
        "add_evidence" => match evidence.into_iter().next() {
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
    if let Err(refused) = require(&viewer, redress_http::access::MERCHANTS) {
        return *refused;
    }
    let lang = viewer.chrome.lang;
    let (order, id) = match tickets::visible(&state, &viewer, &ticket_id).await {
        Ok(Some(found)) => found,
        Ok(None) => return MessagePage::not_found(viewer.chrome),
        Err(error) => return MessagePage::failure(viewer.chrome, &error),
    };
    let mut form = match ActionForm::read(&state, multipart).await {
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
    let outcome = tickets::run_action(&state, &viewer, &order, &id, &mut form, action_body).await;
    match outcome {
        Ok(()) if action == "post_message" => {
            Redirect::to(&format!("/merchant/tickets/{ticket_id}#thread")).into_response()
        }
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
        let body = action_body(&form, Vec::new(), "EUR").expect("a body");
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
        assert_eq!(
            action_body(&form, Vec::new(), "EUR").unwrap_err().0,
            "amount"
        );
    }
}
