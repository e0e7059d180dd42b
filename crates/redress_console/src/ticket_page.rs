//! The ticket page of the two parties: the buyer's (`/buyer/tickets/{id}`) and the
//! merchant's (`/merchant/tickets/{id}`) are one page and one action handler. What differs
//! is the [`Side`]: who may open it, the forms it offers
//! (`templates/console/{buyer,merchant}/ticket_actions.html`) and how they are read
//! (`buyer::action_body`, `merchant::action_body`); the frame (`console/ticket.html`), the
//! scope check, the evidence upload, the refusal shown next to its field and the redirect
//! after an action are the same code.

use super::merchant::{Choice, choices};
use super::session::{Chrome, Viewer};
use super::tickets::{self, ActionForm, BodyOf, Refusal, TicketView};
use super::{MessagePage, page, require};
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get};
use redress_domain::{Reason, Role, TicketKind};
use redress_http::AppState;
use serde::Deserialize;
use std::collections::HashMap;

/// Whose ticket page: the two parties see the same ticket with their own actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Side {
    Buyer,
    Merchant,
}

impl Side {
    /// The roles the page is for (others are refused, as the area's other pages refuse them).
    fn roles(self) -> &'static [Role] {
        match self {
            Side::Buyer => redress_http::access::BUYERS,
            Side::Merchant => redress_http::access::MERCHANTS,
        }
    }

    /// The side's start page, which the page links back to.
    pub(super) fn home(self) -> &'static str {
        match self {
            Side::Buyer => "/buyer",
            Side::Merchant => "/merchant",
        }
    }

    /// The message naming the link back.
    pub(super) fn back_key(self) -> &'static str {
        match self {
            Side::Buyer => "buyer.back",
            Side::Merchant => "merchant.back_to_queue",
        }
    }

    /// For the template: the buyer's layout and forms.
    pub(super) fn is_buyer(self) -> bool {
        self == Side::Buyer
    }

    /// How the side's forms become the API's request bodies.
    fn body_of(self) -> BodyOf {
        match self {
            Side::Buyer => super::buyer::action_body,
            Side::Merchant => super::merchant::action_body,
        }
    }
}

/// `GET` and `POST /{buyer,merchant}/tickets/{ticket_id}`; the action forms carry evidence
/// files, so they take up to the configured file limit.
pub(super) fn route(side: Side) -> MethodRouter<AppState> {
    get(
        move |state: State<AppState>,
              viewer: Viewer,
              id: Path<String>,
              query: Query<TicketQuery>| ticket_page(side, state, viewer, id, query),
    )
    .post(
        move |state: State<AppState>, viewer: Viewer, id: Path<String>, multipart: Multipart| {
            ticket_action(side, state, viewer, id, multipart)
        },
    )
    .layer(super::file_limit())
}

#[derive(Template)]
#[template(path = "console/ticket.html")]
struct TicketPage {
    chrome: Chrome,
    side: Side,
    ticket: TicketView,
    refusal: Refusal,
    /// What the last form submitted, to fill the form again after a refusal.
    form: HashMap<String, String>,
    notice: Option<&'static str>,
    evidence_kinds: Vec<Choice>,
    /// The evidence items of the forms that take several (reject, escalate, edit).
    evidence_slots: Vec<super::evidence_form::SlotView>,
    /// The merchant's remedies to propose (none on the buyer's side).
    remedies: Vec<Choice>,
    /// The buyer's edit form's selects, at the form's values or else the ticket's (none on
    /// the merchant's side).
    kinds: Vec<Choice>,
    reasons: Vec<Choice>,
}

impl TicketPage {
    fn value(&self, name: &str) -> &str {
        self.form.get(name).map(String::as_str).unwrap_or("")
    }

    /// A field of the buyer's edit form: what was submitted, else the ticket as it stands.
    fn edit_value<'a>(&'a self, name: &str, current: &'a str) -> &'a str {
        if self.refusal.action == "edit" {
            self.value(name)
        } else {
            current
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct TicketQuery {
    #[serde(default)]
    done: String,
}

/// Every kind of evidence, for the forms' selects.
pub(super) fn evidence_kinds(lang: super::i18n::Lang, selected: &str) -> Vec<Choice> {
    let all: Vec<&'static str> = redress_domain::evidence::EvidenceKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    choices(&all, "evidence", selected, lang)
}

async fn ticket_page(
    side: Side,
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ticket_id): Path<String>,
    Query(query): Query<TicketQuery>,
) -> Response {
    if let Err(refused) = require(&viewer, side.roles()) {
        return *refused;
    }
    // After a redirect: `open` from the buyer's request form, an action's name otherwise.
    let notice = match query.done.as_str() {
        "" => None,
        "open" => Some(viewer.chrome.t("buyer.opened")),
        _ => Some(viewer.chrome.t("merchant.action_done")),
    };
    show(
        side,
        &state,
        viewer,
        &ticket_id,
        Refusal::default(),
        HashMap::new(),
        notice,
    )
    .await
}

/// The page, after a refusal with the form as it was sent (`form`), else as it stands.
pub(super) async fn show(
    side: Side,
    state: &AppState,
    viewer: Viewer,
    ticket_id: &str,
    refusal: Refusal,
    form: HashMap<String, String>,
    notice: Option<&'static str>,
) -> Response {
    let (order, id) = match tickets::visible(state, &viewer, ticket_id).await {
        Ok(Some(found)) => found,
        Ok(None) => return MessagePage::not_found(viewer.chrome),
        Err(error) => return MessagePage::failure(viewer.chrome, &error),
    };
    let lang = viewer.chrome.lang;
    let mut ticket = match tickets::view(state, lang, &order, &id).await {
        Ok(ticket) => ticket,
        Err(error) => return MessagePage::failure(viewer.chrome, &error),
    };
    let status = if refusal.action.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let selected = |name: &str| form.get(name).cloned().unwrap_or_default();
    let evidence_kinds = evidence_kinds(lang, &selected("evidence_kind"));
    let evidence_slots = super::evidence_form::evidence_slots(&form, lang);
    let (mut remedies, mut kinds, mut reasons) = (Vec::new(), Vec::new(), Vec::new());
    match side {
        Side::Merchant => {
            remedies = choices(
                &["partial_compensation", "exchange", "repair", "reship"],
                "remedy",
                &selected("remedy"),
                lang,
            );
        }
        Side::Buyer => {
            // The merchant's internal checklist and a return address before a return is
            // agreed are not the buyer's to see.
            ticket.hide_from_buyer();
            let editing = refusal.action == "edit";
            let edit_selected = |name: &str, current: &str| {
                if editing {
                    selected(name)
                } else {
                    current.to_owned()
                }
            };
            let kind_names: Vec<&'static str> =
                TicketKind::ALL.iter().map(|k| k.as_str()).collect();
            let reason_names: Vec<&'static str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
            kinds = choices(
                &kind_names,
                "kind",
                &edit_selected("kind", ticket.kind),
                lang,
            );
            reasons = choices(
                &reason_names,
                "reason",
                &edit_selected("reason", ticket.reason),
                lang,
            );
        }
    }
    page(
        status,
        &TicketPage {
            chrome: viewer
                .chrome
                .with_shops(state, [order.merchant.as_str()])
                .await,
            side,
            ticket,
            refusal,
            form,
            notice,
            evidence_kinds,
            evidence_slots,
            remedies,
            kinds,
            reasons,
        },
    )
}

/// An action's form: run through the engine as the viewer, then back to the page (to the
/// thread after a message); a refusal shows the page again with the form as it was sent.
async fn ticket_action(
    side: Side,
    State(state): State<AppState>,
    viewer: Viewer,
    Path(ticket_id): Path<String>,
    multipart: Multipart,
) -> Response {
    if let Err(refused) = require(&viewer, side.roles()) {
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
            return show(
                side,
                &state,
                viewer,
                &ticket_id,
                refusal,
                HashMap::new(),
                None,
            )
            .await;
        }
    };
    let action = form.get("action").to_owned();
    let body_of = side.body_of();
    let outcome = tickets::run_action(&state, &viewer, &order, &id, &mut form, body_of).await;
    let here = format!("{}/tickets/{ticket_id}", side.home());
    match outcome {
        Ok(()) if action == "post_message" => {
            Redirect::to(&format!("{here}#thread")).into_response()
        }
        Ok(()) => Redirect::to(&format!("{here}?done={action}")).into_response(),
        Err(refusal) => show(side, &state, viewer, &ticket_id, refusal, form.fields, None).await,
    }
}
