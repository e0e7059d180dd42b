//! The console's static files, vendored and embedded in the binary: htmx and uPlot from the
//! npm registry (licences beside them), and the console's own CSS and script. URLs carry a
//! digest of the contents, so the files can be cached for a year.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// Every file: name, media type, contents.
const FILES: &[(&str, &str, &[u8])] = &[
    (
        "htmx.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/console/htmx.min.js"),
    ),
    (
        "uPlot.iife.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/console/uPlot.iife.min.js"),
    ),
    (
        "uPlot.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/console/uPlot.min.css"),
    ),
    (
        "console.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/console/console.css"),
    ),
    (
        "console.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/console/console.js"),
    ),
    (
        "operations.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/console/operations.js"),
    ),
];

/// A short digest of all the files: changes whenever one does.
pub(crate) fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        let mut hasher = Sha256::new();
        for (name, _, bytes) in FILES {
            hasher.update(name.as_bytes());
            hasher.update(bytes);
        }
        hex::encode(&hasher.finalize()[..6])
    })
}

/// `GET /assets/console/{version}/{file}`. An old version's URL still gets today's file.
pub(crate) async fn serve(Path((_version, file)): Path<(String, String)>) -> Response {
    match FILES.iter().find(|(name, _, _)| *name == file) {
        Some((_, media_type, bytes)) => (
            [
                (header::CONTENT_TYPE, *media_type),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            *bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}
