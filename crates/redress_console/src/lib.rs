//! The web console (issue 8): HTML pages rendered on the server (askama templates under
//! `templates/console/`, a little htmx), served by the same binary beside the JSON API.
//!
//! The crate sits above `redress_http` and nothing below it knows the console: [`router`]
//! is handed to the API's server as `redress_http::Operations::pages`. What the pages take
//! from the API's internals is `redress_http::shared` (scope, evidence files, the queue's
//! vocabulary), `redress_http::access` (which roles reach which area, the API's own
//! check) and `redress_http::sessions` (the server side of a session).
//!
//! Every page is an ordinary handler that takes a `session::Viewer` (the signed-in key:
//! the session cookie's server-side session names it, and it is looked up as the API looks
//! up `Authorization`, so a revoked key is refused) and calls
//! the same internals as the API: the store's queries, `visible_ticket` for scope, the
//! engine's `execute`. So a page can show nothing the key could not read through the API,
//! and an action is refused for the same reasons, with the same problem codes.
//!
//! Architecture Invariant: the console never calls the API over HTTP and never decides a
//! business rule; it renders what the engine and the store answer.
//!
//! Architecture Invariant: the console's routes are not in `/openapi.json`; the API's router
//! merges them after its description is split off.
//!
//! How to add a page: see `README.md` beside this file.

mod arbitration;
mod assets;
mod buyer;
mod creators;
mod evidence_form;
pub(crate) mod format;
pub(crate) mod i18n;
mod merchant;
mod merchant_metrics;
mod merchant_queue;
mod merchant_settings;
mod merchant_views;
mod operations;
mod parcel_views;
mod sandbox;
pub(crate) mod session;
mod staff;
mod strategies;
mod ticket_page;
mod tickets;

use askama::Template;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use i18n::Lang;
use redress_http::AppState;
use session::{Chrome, Viewer};

/// The console's routes, to be merged into the API's router
/// ([`redress_http::Operations::pages`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route(
            "/sign-in",
            get(session::sign_in_page).post(session::sign_in),
        )
        .route("/sign-in/staff", post(session::staff_sign_in))
        .route("/sign-out", post(session::sign_out))
        .route("/lang", post(session::switch_language))
        .route("/assets/console/{version}/{file}", get(assets::serve))
        .route("/tickets/{ticket_id}/files/{reference}", get(evidence_file))
        .merge(merchant::router())
        .merge(merchant_queue::router())
        .merge(merchant_metrics::router())
        .merge(merchant_settings::router())
        .merge(strategies::router())
        .merge(buyer::router())
        .merge(arbitration::router())
        .merge(operations::router())
        .merge(sandbox::router())
        .merge(staff::router())
        .layer(axum::middleware::from_fn(guard))
}

/// `/`: each role's own start page.
async fn home(viewer: Viewer) -> Response {
    Redirect::to(viewer.chrome.role_home()).into_response()
}

/// An evidence file of a ticket the viewer may see (the evidence viewer's links).
async fn evidence_file(
    axum::extract::State(state): axum::extract::State<AppState>,
    viewer: Viewer,
    axum::extract::Path((ticket, reference)): axum::extract::Path<(String, String)>,
) -> Response {
    match redress_http::shared::files::file_response(&state, &viewer.principal, &ticket, &reference)
        .await
    {
        Ok(response) => response,
        Err(error) if error.status == StatusCode::NOT_FOUND => {
            MessagePage::not_found(viewer.chrome)
        }
        Err(error) if error.status == StatusCode::FORBIDDEN => {
            MessagePage::forbidden(viewer.chrome)
        }
        Err(error) => MessagePage::failure(viewer.chrome, &error),
    }
}

/// Defence in depth beside the `SameSite=Strict` cookie: a state-changing request whose
/// `Origin` names another site is refused. Every page gets a strict content security policy
/// (no inline script), refuses to be framed, and is not cached.
async fn guard(request: Request, next: Next) -> Response {
    if request.method() == Method::POST && !same_origin(&request) {
        return (
            StatusCode::FORBIDDEN,
            "cross-site form submissions are refused",
        )
            .into_response();
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let is_page = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if is_page {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
                 frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            ),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        );
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
    }
    response
}

/// A request without `Origin` (older browsers, curl) passes; one with it must name this host.
fn same_origin(request: &Request) -> bool {
    let Some(origin) = request.headers().get(header::ORIGIN) else {
        return true;
    };
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, host)| host);
    matches!((origin_host, host), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
}

/// Forms that carry an evidence file take up to the configured file limit, past the usual
/// body limit, like `POST /v1/tickets/{id}/files`.
pub(crate) fn file_limit() -> redress_http::evidence_files::UploadBodyLayer {
    redress_http::evidence_files::upload_body_layer()
}

/// A rendered page with its status.
pub(crate) fn page(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "a console template failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                "<!doctype html><title>500</title><p>The page failed to render.</p>",
            )
                .into_response()
        }
    }
}

/// A page with a heading and one paragraph: not found, not for this role, an error.
#[derive(Template)]
#[template(path = "console/message.html")]
pub(crate) struct MessagePage {
    pub chrome: Chrome,
    pub heading: String,
    pub text: String,
}

impl MessagePage {
    /// Outside the key's scope or absent: the same page either way, like the API's 404.
    pub(crate) fn not_found(chrome: Chrome) -> Response {
        let heading = chrome.t("error.not_found").to_owned();
        let text = chrome.t("error.not_found_text").to_owned();
        page(
            StatusCode::NOT_FOUND,
            &MessagePage {
                chrome,
                heading,
                text,
            },
        )
    }

    /// The area is not for the key's role.
    pub(crate) fn forbidden(chrome: Chrome) -> Response {
        let heading = chrome.t("error.forbidden").to_owned();
        let text = chrome.t("error.forbidden_text").to_owned();
        page(
            StatusCode::FORBIDDEN,
            &MessagePage {
                chrome,
                heading,
                text,
            },
        )
    }

    /// The engine or the store failed; the details are in the log.
    pub(crate) fn failure(chrome: Chrome, error: &redress_http::error::ApiError) -> Response {
        tracing::error!(code = error.code, detail = %error.detail, "a console page failed");
        let heading = chrome.t("error.failure").to_owned();
        let text = format!("{} ({})", chrome.t("error.failure_text"), error.code);
        page(
            error.status,
            &MessagePage {
                chrome,
                heading,
                text,
            },
        )
    }
}

/// Whether a role may use an area; otherwise the page says the area is not for it.
pub(crate) fn require(viewer: &Viewer, area: &[redress_domain::Role]) -> Result<(), Box<Response>> {
    if redress_http::access::allows(&viewer.principal, area) {
        Ok(())
    } else {
        Err(Box::new(MessagePage::forbidden(viewer.chrome.clone())))
    }
}

/// The language a request asks for, from the switch's cookie or `Accept-Language`.
pub(crate) fn language(headers: &axum::http::HeaderMap) -> Lang {
    session::cookie(headers, session::LANG_COOKIE)
        .and_then(|v| Lang::from_code(&v))
        .unwrap_or_else(|| Lang::from_accept_language(headers))
}
