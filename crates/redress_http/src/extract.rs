//! Request extractors whose every refusal is a problem naming the field: a JSON body
//! (`ApiJson`), a query string (`ApiQuery`) and path parameters (`ApiPath`).
//!
//! axum's own `Json` and `Query` report a deserialisation failure as plain text without a
//! field; these run serde through `serde_path_to_error` so the problem says where.

use crate::error::{ApiError, FieldError};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header, request::Parts};
use serde::de::DeserializeOwned;

/// A JSON request body, refused with a precise problem when it is not what `T` describes.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|media| {
                let media = media.trim();
                media.eq_ignore_ascii_case("application/json")
                    || (media.starts_with("application/") && media.ends_with("+json"))
            });
        if !is_json {
            return Err(ApiError {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: "unsupported_media_type",
                detail: "the body must be JSON: send Content-Type: application/json".to_owned(),
                errors: vec![FieldError {
                    field: "Content-Type".to_owned(),
                    reason: "must be application/json".to_owned(),
                }],
                missing: Vec::new(),
                sub_reason: None,
            });
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                let status = rejection.status();
                if status == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(status, "body_too_large", rejection.body_text())
                } else {
                    ApiError::new(status, "body_unreadable", rejection.body_text())
                }
            })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Deserialise `bytes` as one JSON document of type `T`.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| json_problem(error.path().to_string(), error.inner()))?;
    deserializer
        .end()
        .map_err(|error| json_problem(".".to_owned(), &error))?;
    Ok(value)
}

fn json_problem(path: String, error: &serde_json::Error) -> ApiError {
    let reason = strip_position(&error.to_string());
    let field = field_of(&path, &reason);
    match error.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "malformed_json",
            detail: format!(
                "the body is not valid JSON: {reason} (line {}, column {})",
                error.line(),
                error.column()
            ),
            errors: vec![FieldError { field, reason }],
            missing: Vec::new(),
            sub_reason: None,
        },
        serde_json::error::Category::Data | serde_json::error::Category::Io => {
            ApiError::field(field, reason)
        }
    }
}

/// serde_json appends " at line L column C"; the problem says where by field instead.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// The field a serde error is about. For an unknown or missing field serde stops at the
/// enclosing object, so the field's own name is taken from the message.
fn field_of(path: &str, reason: &str) -> String {
    // serde_path_to_error shows the root as "." and an unknown position as "?".
    let parent = if path == "." || path == "?" { "" } else { path };
    for marker in ["unknown field `", "missing field `"] {
        if let Some(rest) = reason.strip_prefix(marker)
            && let Some(end) = rest.find('`')
        {
            let name = &rest[..end];
            // For an unknown field the path already ends at it; for a missing one it does not.
            if parent == name || parent.ends_with(&format!(".{name}")) {
                return parent.to_owned();
            }
            return if parent.is_empty() {
                name.to_owned()
            } else {
                format!("{parent}.{name}")
            };
        }
    }
    if parent.is_empty() {
        "body".to_owned()
    } else {
        parent.to_owned()
    }
}

/// A query string, refused with a problem naming the parameter.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(ApiQuery)
            .map_err(|error| {
                let reason = error.inner().to_string();
                let field = field_of(&error.path().to_string(), &reason);
                ApiError::field(field, reason)
            })
    }
}

/// Path parameters; a failure names the path.
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|rejection| ApiError::field("path", rejection.body_text()))
    }
}

/// A body told apart by a tag field; see `tagged_request!` in `dto`.
pub trait TaggedRequest: Sized {
    /// The field naming the shape, e.g. `action`.
    const TAG: &'static str;
    /// The externally tagged twin that serde reads with the path kept.
    type Wire: DeserializeOwned;
    fn from_wire(wire: Self::Wire) -> Self;
}

/// A JSON body of a [`TaggedRequest`]: the tag is moved outside (`{"action": "reject", …}`
/// becomes `{"reject": {…}}`) and the twin is read, so errors name the field inside.
#[derive(Debug)]
pub struct ApiTagged<T>(pub T);

impl<T, S> FromRequest<S> for ApiTagged<T>
where
    T: TaggedRequest,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let ApiJson(value) = ApiJson::<serde_json::Value>::from_request(request, state).await?;
        parse_tagged::<T>(value).map(ApiTagged)
    }
}

/// Read a [`TaggedRequest`] from a JSON value.
pub fn parse_tagged<T: TaggedRequest>(value: serde_json::Value) -> Result<T, ApiError> {
    let tag = T::TAG;
    let serde_json::Value::Object(mut fields) = value else {
        return Err(ApiError::field("body", "must be a JSON object"));
    };
    let name = match fields.remove(tag) {
        Some(serde_json::Value::String(name)) => name,
        Some(_) => return Err(ApiError::field(tag, "must be a string")),
        None => return Err(ApiError::field(tag, format!("missing field `{tag}`"))),
    };
    let mut outside = serde_json::Map::new();
    outside.insert(name.clone(), serde_json::Value::Object(fields));
    serde_path_to_error::deserialize(serde_json::Value::Object(outside))
        .map(T::from_wire)
        .map_err(|error| {
            let reason = error.inner().to_string();
            let path = error.path().to_string();
            // The twin's path starts with the variant; the client's body has none.
            let inside = path
                .strip_prefix(&name)
                .map(|rest| rest.trim_start_matches('.'))
                .unwrap_or("");
            if reason.starts_with("unknown variant") {
                return ApiError::field(tag, reason);
            }
            ApiError::field(
                field_of(if inside.is_empty() { "." } else { inside }, &reason),
                reason,
            )
        })
}
