//! The engine's one error type.

use redress_domain::Rejection;
use redress_store::StoreError;
use std::sync::Arc;

#[derive(Clone, Debug, thiserror::Error)]
pub enum EngineError {
    /// The domain refused the command; nothing was recorded.
    #[error("{0}")]
    Rejected(#[from] Rejection),
    /// Another writer kept changing the same stream; nothing was recorded.
    #[error("stream {stream} was changed by another writer; retry")]
    Conflict { stream: String },
    /// The idempotency key was used before for a different command.
    #[error("idempotency key {key:?} was already used for a different command")]
    IdempotencyKeyReused { key: String },
    /// The idempotency key is empty or too long.
    #[error("idempotency key must be 1 to 255 characters")]
    IdempotencyKeyInvalid,
    #[error("storage failed: {0}")]
    Store(Arc<StoreError>),
    /// The engine is shutting down and takes no more commands.
    #[error("the engine has stopped")]
    Stopped,
}

impl From<StoreError> for EngineError {
    fn from(error: StoreError) -> Self {
        EngineError::Store(Arc::new(error))
    }
}

impl EngineError {
    /// The domain refusal, if that is what this is.
    pub fn rejection(&self) -> Option<&Rejection> {
        match self {
            EngineError::Rejected(r) => Some(r),
            _ => None,
        }
    }

    /// A stable snake_case code for clients and scenario files.
    pub fn code(&self) -> &'static str {
        match self {
            EngineError::Rejected(r) => r.code(),
            EngineError::Conflict { .. } => "conflict",
            EngineError::IdempotencyKeyReused { .. } => "idempotency_key_reused",
            EngineError::IdempotencyKeyInvalid => "idempotency_key_invalid",
            EngineError::Store(_) => "storage_failed",
            EngineError::Stopped => "stopped",
        }
    }
}
