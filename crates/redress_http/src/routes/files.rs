//! Evidence files: uploaded to a ticket by its parties (multipart, field `file`), then named
//! as `sha256:…` references in evidence, and downloaded only by keys that may see the ticket.

use super::once::once;
use super::{IdempotencyKey, visible_ticket};
use crate::AppState;
use crate::auth::Principal;
use crate::error::{ApiError, Problem};
use crate::evidence_files::{
    Staged, Staging, StagingError, StoredFile, UPLOAD_RETRY_AFTER_SECONDS,
};
use crate::extract::ApiPath;
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use redress_domain::TicketAction;
use redress_domain::evidence::Evidence;
use redress_store::api::ApiStore;
use serde::Serialize;
use tokio::sync::OwnedSemaphorePermit;
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
    request_body(content_type = "multipart/form-data", description = "One part named `file`: a JPEG, PNG, GIF or WebP image, an MP4 video or a PDF, at most 10 MiB unless the server is configured otherwise (`redress serve --upload-max-bytes`)"),
    responses(
        (status = 201, description = "Stored", body = FileResponse),
        (status = 413, description = "The file is larger than the server's limit, which the problem names", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "As many uploads as the server allows are running; retry after `Retry-After` seconds", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u32, description = "Seconds to wait"))),
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
    principal.require(crate::access::UPLOADS)?;
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
    // Taken before a byte of the file is read, and held until it is kept.
    let Some(permit) = state.uploads.try_begin() else {
        return Ok(with_retry_after(too_many_uploads()));
    };
    let mut staged: Option<Staged> = None;
    while let Some(part) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(&state, e))?
    {
        let name = part.name().unwrap_or("").to_owned();
        if name != "file" {
            return Err(ApiError::field(
                name,
                "unknown part: the upload has one part, named `file`",
            ));
        }
        if staged.is_some() {
            return Err(ApiError::field("file", "one file per upload"));
        }
        staged = Some(receive(&state, part).await?);
    }
    let staged = staged.ok_or_else(|| ApiError::field("file", "required"))?;
    // Storage is content-addressed, so a retry stores nothing new; the key adds the
    // guarantee that it cannot name another file.
    let route = format!("POST /v1/tickets/{ticket}/files");
    let content = staged.sha256_hex().to_owned();
    let response = once(&state, &principal, key, &route, &content, || async {
        let stored = store(&state, &order, &ticket, staged).await?;
        Ok((StatusCode::CREATED, Json(FileResponse::from(stored))).into_response())
    })
    .await;
    drop(permit);
    response
}

/// Too many uploads are running: come back later.
fn too_many_uploads() -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "uploads_busy",
        format!(
            "as many uploads as this server allows are running; retry in {UPLOAD_RETRY_AFTER_SECONDS} s"
        ),
    )
}

fn with_retry_after(error: ApiError) -> Response {
    {
        let mut response = error.into_response();
        response.headers_mut().insert(
            header::RETRY_AFTER,
            header::HeaderValue::from(UPLOAD_RETRY_AFTER_SECONDS),
        );
        response
    }
}

/// A place among the uploads running for the console's forms, which answer the refusal
/// next to their file field.
pub fn begin_upload(state: &AppState) -> Result<OwnedSemaphorePermit, ApiError> {
    state.uploads.try_begin().ok_or_else(|| {
        let mut error = too_many_uploads();
        error.errors = vec![crate::error::FieldError {
            field: "file".to_owned(),
            reason: error.detail.clone(),
        }];
        error
    })
}

/// Stream one multipart part to a temporary file, hashing it, and refuse it as soon as it
/// passes the size limit (its temporary file is then removed before the answer leaves).
pub async fn receive(
    state: &AppState,
    mut part: axum::extract::multipart::Field<'_>,
) -> Result<Staged, ApiError> {
    let limit = state.uploads.limits().file_bytes_max;
    let (file, path) = state.files.temporary().await.map_err(storage_failed)?;
    let mut staging = Staging::new(file, path, limit);
    while let Some(chunk) = part.chunk().await.map_err(|e| multipart_error(state, e))? {
        staging.write(&chunk).await.map_err(|error| match error {
            StagingError::TooLarge(limit) => too_large(limit),
            StagingError::Io(error) => storage_failed(error),
        })?;
    }
    staging.finish().await.map_err(storage_failed)
}

/// Check and keep one evidence file of a ticket the caller may see; the API's upload and the
/// console's evidence forms both come here.
pub async fn store(
    state: &AppState,
    order: &redress_domain::Order,
    ticket: &redress_domain::TicketId,
    staged: Staged,
) -> Result<StoredFile, ApiError> {
    if staged.size() == 0 {
        return Err(ApiError::field("file", "is empty"));
    }
    let Some(content_type) = staged.content_type() else {
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
        .keep(
            order.merchant.as_str(),
            ticket.as_str(),
            staged,
            content_type,
        )
        .await
        .map_err(storage_failed)
}

/// A size as a person reads it: whole MiB where it is one.
fn size_text(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB ({bytes} bytes)", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

fn too_large(limit: usize) -> ApiError {
    let mut error = ApiError::field("file", format!("at most {}", size_text(limit)));
    error.detail = format!(
        "the file is larger than this server's limit of {}",
        size_text(limit)
    );
    error.status = StatusCode::PAYLOAD_TOO_LARGE;
    error.code = "file_too_large";
    error
}

fn multipart_error(state: &AppState, error: axum::extract::multipart::MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large(state.uploads.limits().file_bytes_max);
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
pub async fn file_response(
    state: &AppState,
    principal: &Principal,
    ticket_id: &str,
    reference: &str,
) -> Result<Response, ApiError> {
    principal.require(crate::access::PARTIES)?;
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

/// The evidence items an action carries, with the request field of each one's reference.
pub fn action_evidence(action: &TicketAction) -> Vec<(String, &Evidence)> {
    match action {
        TicketAction::Reject { evidence, .. }
        | TicketAction::Edit { evidence, .. }
        | TicketAction::Escalate { evidence, .. } => listed(evidence),
        TicketAction::AddEvidence { evidence } => vec![("evidence.reference".to_owned(), evidence)],
        _ => Vec::new(),
    }
}

/// The evidence items of a list in the request, with their fields.
pub(crate) fn listed(evidence: &[Evidence]) -> Vec<(String, &Evidence)> {
    evidence
        .iter()
        .enumerate()
        .map(|(i, e)| (format!("evidence[{i}].reference"), e))
        .collect()
}

/// A reference that names an uploaded file (`sha256:…`) must name one uploaded to this very
/// ticket: evidence never points at another ticket's file. Other references (a tracking
/// number, a chat id) are text.
pub async fn check_references(
    state: &AppState,
    merchant: &str,
    ticket: &redress_domain::TicketId,
    evidence: Vec<(String, &Evidence)>,
) -> Result<(), ApiError> {
    for (field, item) in evidence {
        // A reference that is not even valid text is the domain's to refuse, with the
        // more precise `text_invalid`.
        if !item.reference.starts_with("sha256:")
            || redress_domain::Text::line(&item.reference).is_err()
        {
            continue;
        }
        let held = state
            .files
            .holds(merchant, ticket.as_str(), &item.reference)
            .await
            .map_err(storage_failed)?;
        if !held {
            let mut error = ApiError::field(
                field,
                format!(
                    "no file {} was uploaded to ticket {ticket}; upload it with POST /v1/tickets/{ticket}/files and give the reference it answers",
                    item.reference
                ),
            );
            error.status = StatusCode::UNPROCESSABLE_ENTITY;
            error.code = "evidence_file_unknown";
            return Err(error);
        }
    }
    Ok(())
}

/// [`check_references`] for an action on a ticket the caller may act on.
pub(crate) async fn check_action_references(
    state: &AppState,
    ticket: &redress_domain::TicketId,
    action: &TicketAction,
) -> Result<(), ApiError> {
    let evidence = action_evidence(action);
    if evidence
        .iter()
        .all(|(_, e)| !e.reference.starts_with("sha256:"))
    {
        return Ok(());
    }
    let parties = state
        .engine
        .store()
        .ticket_parties(ticket.as_str())
        .await
        .map_err(redress_engine::EngineError::from)?
        .ok_or_else(|| ApiError::not_found("ticket_unknown", format!("no ticket {ticket}")))?;
    check_references(state, &parties.merchant_id, ticket, evidence).await
}

/// [`check_references`] for a ticket being opened on an order the caller may act on: a file
/// can be uploaded to it only under its new id (the console's request form does that).
pub async fn check_opening_references(
    state: &AppState,
    order: &redress_domain::OrderId,
    new: &redress_domain::NewTicket,
) -> Result<(), ApiError> {
    let evidence = listed(&new.evidence);
    if evidence
        .iter()
        .all(|(_, e)| !e.reference.starts_with("sha256:"))
    {
        return Ok(());
    }
    let parties = state
        .engine
        .store()
        .order_parties(order.as_str())
        .await
        .map_err(redress_engine::EngineError::from)?
        .ok_or_else(|| ApiError::not_found("order_unknown", format!("no order {order}")))?;
    check_references(state, &parties.merchant_id, &new.id, evidence).await
}
