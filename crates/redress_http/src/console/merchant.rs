//! The merchant workbench: the after-sales queue, ticket pages and their actions, auto-approve strategies, metrics.

use super::session::Viewer;
use super::{page, require};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/merchant", get(index))
}

#[derive(Template)]
#[template(path = "console/merchant/index.html")]
struct IndexPage {
    chrome: super::session::Chrome,
}

async fn index(viewer: Viewer) -> Response {
    if let Err(refused) = require(&viewer, &["merchant"]) {
        return *refused;
    }
    page(
        StatusCode::OK,
        &IndexPage {
            chrome: viewer.chrome,
        },
    )
}
