//! The merchant queue's saved views: named filter sets kept in a cookie of this browser, so
//! a clerk returns to "overdue refunds" in one click without the server storing anything.

use super::require;
use super::session::{Viewer, cookie};
use axum::extract::Form;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// A saved view: a name and the filters' query string.
pub(super) struct SavedView {
    pub(super) name: String,
    pub(super) query: String,
}

const VIEWS_COOKIE: &str = "redress_views";
const VIEWS_MAX: usize = 10;

pub(super) fn saved_views(headers: &axum::http::HeaderMap) -> Vec<SavedView> {
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

#[derive(Debug, Deserialize)]
pub(super) struct ViewForm {
    name: String,
    #[serde(default)]
    query: String,
}

/// Save the current filters under a name (kept in a cookie of this browser).
pub(super) async fn save_view(
    viewer: Viewer,
    headers: axum::http::HeaderMap,
    Form(form): Form<ViewForm>,
) -> Response {
    if let Err(refused) = require(&viewer, redress_http::access::MERCHANTS) {
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

pub(super) async fn delete_view(
    viewer: Viewer,
    headers: axum::http::HeaderMap,
    Form(form): Form<ViewForm>,
) -> Response {
    if let Err(refused) = require(&viewer, redress_http::access::MERCHANTS) {
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
