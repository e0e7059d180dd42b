//! The merchant's shop settings: fast refund (极速退款) opt-in and the shop's return address,
//! which buyers are shown once a return is agreed (a ticket may name its own on its page).
//! Both act through the engine as `PUT /v1/merchants/{id}/fast-refund` and
//! `PUT /v1/merchants/{id}/return-address` do.

use super::session::{Chrome, Viewer};
use super::tickets::Refusal;
use super::{MessagePage, page, require};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use redress_domain::MerchantId;
use redress_domain::merchant::{Merchant, MerchantCommand};
use redress_engine::{Command, EngineError, Submission};
use redress_http::AppState;
use redress_http::auth::Scope;
use serde::Deserialize;
use std::collections::HashMap;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/merchant/settings", get(settings_page).post(submit))
}

#[derive(Template)]
#[template(path = "console/merchant/settings.html")]
struct SettingsPage {
    chrome: Chrome,
    fast_refund: bool,
    platform_excluded: bool,
    return_address: String,
    refusal: Refusal,
    notice: Option<&'static str>,
}

#[derive(Debug, Default, Deserialize)]
struct SettingsQuery {
    #[serde(default)]
    done: String,
}

fn merchant_of(viewer: &Viewer) -> Option<MerchantId> {
    match &viewer.principal.scope {
        Scope::Merchant(m) => Some(m.clone()),
        _ => None,
    }
}

async fn settings_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<SettingsQuery>,
) -> Response {
    if let Err(refused) = require(&viewer, redress_http::access::MERCHANTS) {
        return *refused;
    }
    let notice = match query.done.as_str() {
        "" => None,
        "unchanged" => Some(viewer.chrome.t("settings.unchanged")),
        _ => Some(viewer.chrome.t("settings.saved")),
    };
    show(&state, viewer, Refusal::default(), None, notice).await
}

async fn show(
    state: &AppState,
    viewer: Viewer,
    refusal: Refusal,
    typed_address: Option<String>,
    notice: Option<&'static str>,
) -> Response {
    let Some(id) = merchant_of(&viewer) else {
        return MessagePage::not_found(viewer.chrome);
    };
    let merchant = match state.engine.merchant(&id).await {
        Ok(found) => found.unwrap_or_else(|| Merchant::new(id)),
        Err(error) => {
            return MessagePage::failure(
                viewer.chrome,
                &redress_http::error::ApiError::from(error),
            );
        }
    };
    let status = if refusal.action.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page(
        status,
        &SettingsPage {
            chrome: viewer.chrome,
            fast_refund: merchant.fast_refund_opted_in,
            platform_excluded: merchant.platform_fast_refund_excluded,
            return_address: typed_address
                .unwrap_or_else(|| merchant.return_address.clone().unwrap_or_default()),
            refusal,
            notice,
        },
    )
}

/// `POST /merchant/settings`: `action` is `fast_refund` (with `opted_in` `yes` or `no`) or
/// `return_address` (with `address`).
async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if let Err(refused) = require(&viewer, redress_http::access::MERCHANTS) {
        return *refused;
    }
    let Some(id) = merchant_of(&viewer) else {
        return MessagePage::not_found(viewer.chrome);
    };
    let get = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
    let action = get("action").to_owned();
    let command = match action.as_str() {
        "fast_refund" => MerchantCommand::SetFastRefund {
            opted_in: get("opted_in") == "yes",
        },
        "return_address" => MerchantCommand::SetReturnAddress {
            address: get("address").to_owned(),
        },
        _ => return MessagePage::not_found(viewer.chrome),
    };
    let outcome = state
        .engine
        .execute(Submission {
            actor: viewer.principal.actor(),
            command: Command::Merchant {
                merchant: id,
                command,
            },
            idempotency_key: None,
        })
        .await;
    match outcome {
        Ok(_) => Redirect::to(&format!("/merchant/settings?done={action}")).into_response(),
        // Saving what is already set is not an error on a settings page.
        Err(EngineError::Rejected(rejection)) if rejection.code() == "no_change" => {
            Redirect::to("/merchant/settings?done=unchanged").into_response()
        }
        Err(error) => {
            let lang = viewer.chrome.lang;
            let refusal = Refusal::of(&action, &redress_http::error::ApiError::from(error), lang);
            let typed = (action == "return_address").then(|| get("address").to_owned());
            show(&state, viewer, refusal, typed, None).await
        }
    }
}
