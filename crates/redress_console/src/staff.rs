//! The shop's staff (issue 19 point 4): its owners add and remove named people, each with a
//! role (owner, clerk, read-only) and a first password they pass on. Through the same
//! [`redress_http::staff`] calls as `redress staff add|remove`.

use super::session::{Chrome, Viewer};
use super::{MessagePage, format, page};
use askama::Template;
use axum::Router;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use redress_domain::MerchantId;
use redress_http::AppState;
use redress_http::auth::Scope;
use redress_http::staff::{StaffError, StaffRole, add_staff, list_staff};
use redress_store::staff::StaffStore;
use serde::Deserialize;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/merchant/staff", get(staff_page).post(add))
        .route("/merchant/staff/remove", post(remove))
}

/// The roles an owner may give, in the form's order.
const SHOP_ROLES: [StaffRole; 3] = [StaffRole::Owner, StaffRole::Clerk, StaffRole::ReadOnly];

/// One person, ready to show.
struct Row {
    id: String,
    name: String,
    role: &'static str,
    since: String,
    /// Not the viewer: nobody removes themselves here.
    removable: bool,
}

/// One option of the role select.
struct RoleChoice {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

#[derive(Template)]
#[template(path = "console/merchant/staff.html")]
struct StaffPage {
    chrome: Chrome,
    people: Vec<Row>,
    roles: Vec<RoleChoice>,
    name: String,
    error: Option<String>,
    notice: Option<&'static str>,
}

/// The shop the viewer manages, or the page saying this is not for them.
fn managed_shop(viewer: &Viewer) -> Result<MerchantId, Box<Response>> {
    match &viewer.principal.scope {
        Scope::Merchant(m) if viewer.manages_staff() => Ok(m.clone()),
        _ => Err(Box::new(MessagePage::forbidden(viewer.chrome.clone()))),
    }
}

async fn render(
    state: &AppState,
    viewer: Viewer,
    merchant: &MerchantId,
    form: (String, String),
    error: Option<String>,
    notice: Option<&'static str>,
    status: StatusCode,
) -> Response {
    let people = match list_staff(state.engine.store(), Some(merchant)).await {
        Ok(people) => people,
        Err(error) => return MessagePage::failure(viewer.chrome, &error.into()),
    };
    let zone = state.engine.zone();
    let me = viewer.staff.as_ref().map(|p| p.staff_id.as_str());
    let chrome = viewer.chrome.clone();
    let people = people
        .into_iter()
        .map(|p| Row {
            removable: Some(p.staff_id.as_str()) != me,
            id: p.staff_id,
            name: p.name,
            role: chrome.t(&format!("staff.role_{}", p.role.as_str())),
            since: format::local_time(p.created_at, &zone),
        })
        .collect();
    let roles = SHOP_ROLES
        .iter()
        .map(|r| RoleChoice {
            value: r.as_str(),
            label: chrome.t(&format!("staff.role_{}", r.as_str())),
            selected: r.as_str() == form.1,
        })
        .collect();
    page(
        status,
        &StaffPage {
            chrome,
            people,
            roles,
            name: form.0,
            error,
            notice,
        },
    )
}

#[derive(Debug, Deserialize)]
struct Done {
    #[serde(default)]
    done: String,
}

async fn staff_page(
    State(state): State<AppState>,
    viewer: Viewer,
    axum::extract::Query(done): axum::extract::Query<Done>,
) -> Response {
    let merchant = match managed_shop(&viewer) {
        Ok(m) => m,
        Err(refused) => return *refused,
    };
    let notice = match done.done.as_str() {
        "added" => Some(viewer.chrome.t("staff.added")),
        "removed" => Some(viewer.chrome.t("staff.removed")),
        _ => None,
    };
    let form = (String::new(), StaffRole::Clerk.as_str().to_owned());
    render(
        &state,
        viewer,
        &merchant,
        form,
        None,
        notice,
        StatusCode::OK,
    )
    .await
}

#[derive(Debug, Deserialize)]
struct AddForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

async fn add(State(state): State<AppState>, viewer: Viewer, Form(form): Form<AddForm>) -> Response {
    let merchant = match managed_shop(&viewer) {
        Ok(m) => m,
        Err(refused) => return *refused,
    };
    let refused = |key: String| (form.name.clone(), form.role.clone(), key);
    let outcome = match StaffRole::parse(&form.role).filter(|r| SHOP_ROLES.contains(r)) {
        None => Err(refused(viewer.chrome.t("staff.error_role").to_owned())),
        Some(role) => {
            let now = state.engine.clock().now();
            let store = state.engine.store();
            match add_staff(
                store,
                Some(&merchant),
                &form.name,
                role,
                &form.password,
                now,
            )
            .await
            {
                Ok(_) => Ok(()),
                Err(StaffError::Name) => {
                    Err(refused(viewer.chrome.t("staff.error_name").to_owned()))
                }
                Err(StaffError::Password) => {
                    Err(refused(viewer.chrome.t("staff.error_password").to_owned()))
                }
                Err(StaffError::NameTaken(_)) => {
                    Err(refused(viewer.chrome.t("staff.error_taken").to_owned()))
                }
                Err(error) => {
                    let error = redress_http::error::ApiError::internal(error.to_string());
                    return MessagePage::failure(viewer.chrome, &error);
                }
            }
        }
    };
    match outcome {
        Ok(()) => Redirect::to("/merchant/staff?done=added").into_response(),
        Err((name, role, error)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render(
                &state,
                viewer,
                &merchant,
                (name, role),
                Some(error),
                None,
                status,
            )
            .await
        }
    }
}

#[derive(Debug, Deserialize)]
struct RemoveForm {
    id: String,
}

async fn remove(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<RemoveForm>,
) -> Response {
    let merchant = match managed_shop(&viewer) {
        Ok(m) => m,
        Err(refused) => return *refused,
    };
    let store = state.engine.store();
    // Only this shop's people, and not oneself.
    let person = match store.staff_by_id(&form.id).await {
        Ok(person) => person,
        Err(error) => return MessagePage::failure(viewer.chrome, &error.into()),
    };
    let theirs = person.is_some_and(|p| {
        p.merchant_id.as_deref() == Some(merchant.as_str()) && p.removed_us.is_none()
    });
    let me = viewer.staff.as_ref().is_some_and(|p| p.staff_id == form.id);
    if !theirs || me {
        return MessagePage::not_found(viewer.chrome);
    }
    let now_us = state.engine.clock().now().as_microsecond();
    match store.remove_staff(&form.id, now_us).await {
        Ok(_) => Redirect::to("/merchant/staff?done=removed").into_response(),
        Err(error) => MessagePage::failure(viewer.chrome, &error.into()),
    }
}
