//! The buyer's view: their orders, opening a request, following it, shipping a return, escalating, adding evidence.

use super::session::Viewer;
use super::{page, require};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/buyer", get(index))
}

#[derive(Template)]
#[template(path = "console/buyer/index.html")]
struct IndexPage {
    chrome: super::session::Chrome,
}

async fn index(viewer: Viewer) -> Response {
    if let Err(refused) = require(&viewer, &["buyer"]) {
        return *refused;
    }
    page(
        StatusCode::OK,
        &IndexPage {
            chrome: viewer.chrome,
        },
    )
}
