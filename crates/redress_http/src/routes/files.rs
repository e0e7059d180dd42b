//! Evidence files: uploaded to a ticket by its parties (multipart, field `file`), then named
//! as `sha256:…` references in evidence, and downloaded only by keys that may see the ticket.

use super::once::once;
use super::{IdempotencyKey, visible_ticket};
use crate::AppState;
use crate::auth::Principal;
use crate::error::{ApiError, Problem};
use crate::evidence_files::{FILE_BYTES_MAX, StoredFile, sniff};
use crate::extract::ApiPath;
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// A stored file, to be named in evidence as `reference`.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct FileResponse {
    /// `sha256:<hex>`: put this in an evidence item's `reference`.
    reference: String,
    content_type: String,
    size: u64,
}

impl From<StoredFile> for FileResponse {
    fn from(f: StoredFile) -> Self {
        FileResponse {
            reference: f.reference,
            content_type: f.content_type,
            size: f.size,
        }
    }
}

fn storage_failed(error: std::io::Error) -> ApiError {
    tracing::error!(%error, "evidence storage failed");
    ApiError::internal("the evidence store failed; try again")
}

#[utoipa::path(
    post, path = "/v1/tickets/{ticket_id}/files", tag = "tickets",
    params(("ticket_id" = crate::dto::Id, Path), ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters")),
    request_body(content_type = "multipart/form-data", description = "One part named `file`: a JPEG, PNG, GIF or WebP image, an MP4 video or a PDF, at most 10 MiB"),
    responses(
        (status = 201, description = "Stored", body = FileResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn upload(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(ticket_id): ApiPath<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    principal.require(&["operator", "merchant", "buyer"])?;
    let ticket = crate::dto::ticket_id("ticket_id", &ticket_id)?;
    let order = visible_ticket(&state, &principal, &ticket).await?;
    let mut multipart = multipart.map_err(|rejection| {
        ApiError::field(
            "file",
            format!(
                "send multipart/form-data with one part named `file`: {}",
                rejection.body_text()
            ),
        )
    })?;
    let mut file: Option<Vec<u8>> = None;
    while let Some(part) = multipart.next_field().await.map_err(multipart_error)? {
        let name = part.name().unwrap_or("").to_owned();
        if name != "file" {
            return Err(ApiError::field(
                name,
                "unknown part: the upload has one part, named `file`",
            ));
        }
        if file.is_some() {
            return Err(ApiError::field("file", "one file per upload"));
        }
        file = Some(part.bytes().await.map_err(multipart_error)?.to_vec());
    }
    let bytes = file.ok_or_else(|| ApiError::field("file", "required"))?;
    // Storage is content-addressed, so a retry stores nothing new; the key adds the
    // guarantee that it cannot name another file.
    let route = format!("POST /v1/tickets/{ticket}/files");
    let content = crate::auth::digest_bytes(&bytes);
    once(&state, &principal, key, &route, &content, || async {
        let stored = store(&state, &order, &ticket, bytes).await?;
        Ok((StatusCode::CREATED, Json(FileResponse::from(stored))).into_response())
    })
    .await
}

/// Check and keep one evidence file of a ticket the caller may see; the API's upload and the
/// console's evidence forms both come here.
pub(crate) async fn store(
    state: &AppState,
    order: &redress_domain::Order,
    ticket: &redress_domain::TicketId,
    bytes: Vec<u8>,
) -> Result<StoredFile, ApiError> {
    if bytes.is_empty() {
        return Err(ApiError::field("file", "is empty"));
    }
    if bytes.len() > FILE_BYTES_MAX {
        return Err(too_large());
    }
    let Some(content_type) = sniff(&bytes) else {
        let mut error = ApiError::field(
            "file",
            "not a JPEG, PNG, GIF or WebP image, an MP4 video or a PDF",
        );
        error.status = StatusCode::UNSUPPORTED_MEDIA_TYPE;
        error.code = "file_type_unsupported";
        return Err(error);
    };
    state
        .files
        .put(
            order.merchant.as_str(),
            ticket.as_str(),
            bytes,
            content_type,
        )
        .await
        .map_err(storage_failed)
}

fn too_large() -> ApiError {
    let mut error = ApiError::field("file", "at most 10 MiB");
    error.status = StatusCode::PAYLOAD_TOO_LARGE;
    error.code = "file_too_large";
    error
}

fn multipart_error(error: axum::extract::multipart::MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large();
    }
    ApiError::field(
        "file",
        format!("not a readable multipart upload: {}", error.body_text()),
    )
}

#[utoipa::path(
    get, path = "/v1/tickets/{ticket_id}/files/{reference}", tag = "tickets",
    params(("ticket_id" = crate::dto::Id, Path), ("reference" = String, Path, description = "`sha256:<hex>` as the upload answered")),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn download(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((ticket_id, reference)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    file_response(&state, &principal, &ticket_id, &reference).await
}

/// One evidence file of a ticket the caller may see; the API's download and the console's
/// evidence viewer both come here.
pub(crate) async fn file_response(
    state: &AppState,
    principal: &Principal,
    ticket_id: &str,
    reference: &str,
) -> Result<Response, ApiError> {
    principal.require(&["operator", "arbitrator", "merchant", "buyer"])?;
    let ticket = crate::dto::ticket_id("ticket_id", ticket_id)?;
    let order = visible_ticket(state, principal, &ticket).await?;
    let (file, bytes) = state
        .files
        .get(order.merchant.as_str(), ticket.as_str(), reference)
        .await
        .map_err(storage_failed)?
        .ok_or_else(|| {
            ApiError::not_found(
                "file_unknown",
                format!("no file {reference} on this ticket"),
            )
        })?;
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type),
            (
                header::CACHE_CONTROL,
                "private, max-age=31536000, immutable".to_owned(),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
