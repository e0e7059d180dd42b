//! The one error shape of the API: RFC 9457 `application/problem+json`.
//!
//! Every refusal carries a stable snake_case `code`: the domain's [`Rejection::code`], the
//! engine's [`EngineError::code`], or one of the API's own below. Bad input names each field
//! it is about in `errors`, with a JSON-pointer-like dotted path (`items[0].amount.amount`).

use crate::dto::EvidenceKindDto;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use redress_domain::Rejection;
use redress_engine::EngineError;
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One field of the request and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// Where in the request: a body path such as `items[0].quantity`, a query parameter, a
    /// path parameter or a header name.
    pub field: String,
    pub reason: String,
}

/// An RFC 9457 problem document.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:redress:problem:{code}`.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The stable code clients match on.
    pub code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// With `evidence_missing`: the kinds of evidence still required, so a client can ask
    /// for them without reading `detail`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<EvidenceKindDto>,
    /// With a refusal that has several reasons (`seven_day_not_applicable`,
    /// `refusal_not_applicable`, `remedy_not_applicable`): which one, as a stable snake_case
    /// code, so a client can branch without reading `detail`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "seven_days_passed")]
    pub sub_reason: Option<String>,
}

/// An error on its way to becoming a problem response.
#[derive(Clone, Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub detail: String,
    pub errors: Vec<FieldError>,
    /// The evidence kinds an `evidence_missing` refusal lacks; empty otherwise.
    pub missing: Vec<EvidenceKindDto>,
    /// Which of its reasons a refusal with several has; `None` otherwise.
    pub sub_reason: Option<&'static str>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            detail: detail.into(),
            errors: Vec::new(),
            missing: Vec::new(),
            sub_reason: None,
        }
    }

    /// Bad input in one field: 400 `invalid_input`.
    pub fn field(field: impl Into<String>, reason: impl Into<String>) -> Self {
        let field = field.into();
        let reason = reason.into();
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "invalid_input",
            detail: format!("{field}: {reason}"),
            errors: vec![FieldError { field, reason }],
            missing: Vec::new(),
            sub_reason: None,
        }
    }

    pub fn unauthenticated(detail: impl Into<String>) -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", detail)
    }

    /// The key's role may not use this endpoint at all.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }

    /// Absent, or outside the key's scope: the two answer alike so that a key cannot probe
    /// for another merchant's or buyer's ids.
    pub fn not_found(code: &'static str, what: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, code, what)
    }

    pub fn internal(detail: impl Into<String>) -> Self {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            detail.into(),
        )
    }

    pub fn problem(&self) -> Problem {
        Problem {
            problem_type: format!("urn:redress:problem:{}", self.code),
            title: self.status.canonical_reason().unwrap_or("Error").to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            code: self.code.to_owned(),
            errors: self.errors.clone(),
            missing: self.missing.clone(),
            sub_reason: self.sub_reason.map(str::to_owned),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.problem()).expect("a problem serialises");
        let mut response = (self.status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// The HTTP status of a domain refusal.
fn rejection_status(rejection: &Rejection) -> StatusCode {
    match rejection {
        Rejection::OrderUnknown
        | Rejection::TicketUnknown
        | Rejection::StrategyUnknown
        | Rejection::PenaltyUnknown => StatusCode::NOT_FOUND,
        Rejection::WrongActor { .. } => StatusCode::FORBIDDEN,
        // The resource's state does not allow it now.
        Rejection::OrderExists
        | Rejection::TicketExists
        | Rejection::WrongState { .. }
        | Rejection::VersionConflict { .. }
        | Rejection::DeadlinePassed { .. }
        | Rejection::ParcelOutOfOrder { .. }
        | Rejection::NoProposal
        | Rejection::RecheckNotApplicable
        | Rejection::DeadlineNotCurrent
        | Rejection::NoChange
        | Rejection::RefundHandlingClosed
        | Rejection::PenaltyRevoked
        | Rejection::MerchantTerminated
        | Rejection::TooEarly { .. }
        | Rejection::TicketsLimit { .. }
        | Rejection::ItemInOpenTicket { .. } => StatusCode::CONFLICT,
        // Well-formed, but the rules refuse what it asks.
        Rejection::EvidenceMissing { .. }
        | Rejection::AmountAboveRefundable { .. }
        | Rejection::AmountNotPositive { .. }
        | Rejection::PaidMismatch { .. }
        | Rejection::ClaimNotApplicable { .. }
        | Rejection::CurrencyMismatch { .. }
        | Rejection::ItemUnknown { .. }
        | Rejection::ItemDuplicated { .. }
        | Rejection::QuantityNotOpen { .. }
        | Rejection::KindNeedsDelivery { .. }
        | Rejection::SevenDayNotApplicable { .. }
        | Rejection::RefusalNotApplicable { .. }
        | Rejection::RemedyNotApplicable { .. }
        | Rejection::TextInvalid { .. }
        | Rejection::LimitExceeded { .. }
        | Rejection::NoItems => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// The request field a refusal is about, where the domain names one.
fn rejection_field(rejection: &Rejection) -> Option<String> {
    match rejection {
        Rejection::AmountNotPositive { field }
        | Rejection::TextInvalid { field, .. }
        | Rejection::LimitExceeded { field, .. } => Some((*field).to_owned()),
        Rejection::EvidenceMissing { .. } => Some("evidence".to_owned()),
        Rejection::PaidMismatch { .. } => Some("paid".to_owned()),
        Rejection::ClaimNotApplicable { .. } => Some("kind".to_owned()),
        Rejection::AmountAboveRefundable { .. } | Rejection::CurrencyMismatch { .. } => {
            Some("amount".to_owned())
        }
        Rejection::ItemUnknown { .. }
        | Rejection::ItemDuplicated { .. }
        | Rejection::ItemInOpenTicket { .. }
        | Rejection::NoItems => Some("items".to_owned()),
        Rejection::QuantityNotOpen { index, .. } => Some(format!("items[{index}].quantity")),
        Rejection::VersionConflict { .. } => Some("If-Match".to_owned()),
        _ => None,
    }
}

impl From<EngineError> for ApiError {
    fn from(error: EngineError) -> Self {
        let detail = error.to_string();
        match &error {
            EngineError::Rejected(rejection) => ApiError {
                status: rejection_status(rejection),
                code: rejection.code(),
                errors: rejection_field(rejection)
                    .map(|field| {
                        vec![FieldError {
                            field,
                            reason: detail.clone(),
                        }]
                    })
                    .unwrap_or_default(),
                missing: match rejection {
                    Rejection::EvidenceMissing { missing } => {
                        missing.iter().map(|&kind| kind.into()).collect()
                    }
                    _ => Vec::new(),
                },
                sub_reason: rejection.sub_reason(),
                detail,
            },
            EngineError::Conflict { .. } => {
                ApiError::new(StatusCode::CONFLICT, error.code(), detail)
            }
            EngineError::IdempotencyKeyReused { .. } => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: error.code(),
                errors: vec![FieldError {
                    field: "Idempotency-Key".to_owned(),
                    reason: detail.clone(),
                }],
                missing: Vec::new(),
                sub_reason: None,
                detail,
            },
            EngineError::IdempotencyKeyInvalid => {
                let mut problem = ApiError::field("Idempotency-Key", detail);
                problem.code = error.code();
                problem
            }
            EngineError::Store(_) => {
                tracing::error!(%error, "storage failed");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    error.code(),
                    "storage failed; the command was not recorded",
                )
            }
            EngineError::Stopped => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                error.code(),
                "the server is shutting down; retry on another instance",
            ),
        }
    }
}

impl From<redress_store::StoreError> for ApiError {
    fn from(error: redress_store::StoreError) -> Self {
        EngineError::from(error).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use redress_domain::RefusalWhy;

    fn body(rejection: Rejection) -> serde_json::Value {
        let error: ApiError = EngineError::Rejected(rejection).into();
        serde_json::to_value(error.problem()).expect("a problem serialises")
    }

    #[test]
    fn a_refusal_with_several_reasons_names_its_sub_reason() {
        let body = body(Rejection::RefusalNotApplicable {
            why: RefusalWhy::Delivered,
        });
        assert_eq!(body["code"], "refusal_not_applicable");
        assert_eq!(body["sub_reason"], "delivered");
        assert_eq!(
            body["detail"],
            "approve after refusal does not apply: the parcel was delivered"
        );
    }

    #[test]
    fn a_refusal_with_one_reason_has_no_sub_reason_field() {
        let body = body(Rejection::NoProposal);
        assert_eq!(body["code"], "no_proposal");
        assert!(body.get("sub_reason").is_none(), "{body}");
    }
}
