//! The arbitration desk (平台介入): dispute queue by age, both sides' evidence, the rule-based suggestion, the verdict form. A placeholder until it is built.

use super::session::Viewer;
use super::{page, require};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/arbitration", get(index))
}

#[derive(Template)]
#[template(path = "console/arbitration/index.html")]
struct IndexPage {
    chrome: super::session::Chrome,
}

async fn index(viewer: Viewer) -> Response {
    if let Err(refused) = require(&viewer, &["arbitrator", "operator"]) {
        return *refused;
    }
    page(
        StatusCode::OK,
        &IndexPage {
            chrome: viewer.chrome,
        },
    )
}
