//! The operations dashboard: platform figures and trends, worst merchants, evaluations and penalties, refund handling, the policy, webhook health. A placeholder until it is built.

use super::session::Viewer;
use super::{page, require};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/operations", get(index))
}

#[derive(Template)]
#[template(path = "console/operations/index.html")]
struct IndexPage {
    chrome: super::session::Chrome,
}

async fn index(viewer: Viewer) -> Response {
    if let Err(refused) = require(&viewer, &["operator"]) {
        return *refused;
    }
    page(
        StatusCode::OK,
        &IndexPage {
            chrome: viewer.chrome,
        },
    )
}
