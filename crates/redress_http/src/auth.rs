//! API keys: who is calling, in which role, scoped to what.
//!
//! A key is `rk_live_` followed by 64 hex digits (32 random bytes from the operating system).
//! Only the SHA-256 digest of the whole secret is stored. A fast hash is right here, unlike
//! for passwords: 256 random bits cannot be guessed, so there is nothing for a slow hash to
//! slow down, and a plain digest lets each request find its key with one index lookup.

use crate::AppState;
use crate::error::ApiError;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use redress_domain::{Actor, BuyerId, MerchantId, Role, StaffId, Timestamp};
use redress_store::StoreError;
use redress_store::api::{ApiKeyRecord, ApiStore};
use sha2::{Digest, Sha256};
use std::fmt;

/// What every secret starts with, so that a leaked one is recognisable in logs and scanners.
pub const SECRET_PREFIX: &str = "rk_live_";
/// Random bytes in a secret.
const SECRET_BYTES: usize = 32;
/// Longest key name.
const KEY_NAME_CHARS_MAX: usize = 100;

/// What a key may do; a merchant's and a buyer's key carry their scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Platform operations: policy, merchants' settings, everything readable.
    Operator,
    /// Platform customer service: reads everything, gives verdicts.
    Arbitrator,
    /// Staff of one shop: only that shop's orders, tickets and settings.
    Merchant(MerchantId),
    /// One buyer (usually the platform's backend acting for them): only their own.
    Buyer(BuyerId),
    /// The order, logistics and payment feeds: writes those, reads nothing else.
    Integration,
}

impl Scope {
    /// The domain's role of whoever holds the key.
    pub fn role(&self) -> Role {
        match self {
            Scope::Operator => Role::Operator,
            Scope::Arbitrator => Role::Arbitrator,
            Scope::Merchant(_) => Role::Merchant,
            Scope::Buyer(_) => Role::Buyer,
            Scope::Integration => Role::Integration,
        }
    }

    /// Build a scope from a role name and the ids the role needs.
    pub fn parse(
        role: &str,
        merchant: Option<&str>,
        buyer: Option<&str>,
    ) -> Result<Scope, ScopeError> {
        let scope = match (role, merchant, buyer) {
            ("operator", None, None) => Scope::Operator,
            ("arbitrator", None, None) => Scope::Arbitrator,
            ("integration", None, None) => Scope::Integration,
            ("merchant", Some(m), None) => Scope::Merchant(
                MerchantId::parse(m).map_err(|e| ScopeError(format!("merchant id {e}")))?,
            ),
            ("buyer", None, Some(b)) => {
                Scope::Buyer(BuyerId::parse(b).map_err(|e| ScopeError(format!("buyer id {e}")))?)
            }
            ("merchant", _, _) => {
                return Err(ScopeError(
                    "a merchant key needs --merchant and no --buyer".to_owned(),
                ));
            }
            ("buyer", _, _) => {
                return Err(ScopeError(
                    "a buyer key needs --buyer and no --merchant".to_owned(),
                ));
            }
            ("operator" | "arbitrator" | "integration", _, _) => {
                return Err(ScopeError(format!(
                    "an {role} key is platform-wide: give neither --merchant nor --buyer"
                )));
            }
            (other, _, _) => {
                return Err(ScopeError(format!(
                    "unknown role {other:?}; one of operator, arbitrator, merchant, buyer, integration"
                )));
            }
        };
        Ok(scope)
    }
}

/// Why a role and its ids do not make a scope.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ScopeError(pub String);

/// The caller of one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub key_id: String,
    pub scope: Scope,
}

impl Principal {
    /// Who the events record. Platform staff act under their key's id, so the log shows
    /// which key (or which person: a staff account's key has the person's id) gave a
    /// verdict; a shop's staff account acts for the shop under the person's id.
    pub fn actor(&self) -> Actor {
        let staff = || StaffId::parse(&self.key_id).expect("key ids are valid staff ids");
        match &self.scope {
            Scope::Operator => Actor::Operator(staff()),
            Scope::Arbitrator => Actor::Arbitrator(staff()),
            Scope::Merchant(m) if self.key_id.starts_with(crate::staff::STAFF_ID_PREFIX) => {
                Actor::MerchantStaff(m.clone(), staff())
            }
            Scope::Merchant(m) => Actor::Merchant(m.clone()),
            Scope::Buyer(b) => Actor::Buyer(b.clone()),
            Scope::Integration => Actor::Integration,
        }
    }

    /// Whether this key may see an order of `merchant` placed by `buyer`. Integration keys
    /// see every order, but only the feed endpoints let them act on one.
    pub fn sees(&self, merchant: &MerchantId, buyer: &BuyerId) -> bool {
        self.sees_ids(merchant.as_str(), buyer.as_str())
    }

    /// [`Principal::sees`] for ids as stored.
    pub fn sees_ids(&self, merchant: &str, buyer: &str) -> bool {
        match &self.scope {
            Scope::Operator | Scope::Arbitrator | Scope::Integration => true,
            Scope::Merchant(m) => m.as_str() == merchant,
            Scope::Buyer(b) => b.as_str() == buyer,
        }
    }

    /// Refuse the request with 403 `forbidden` unless the key's role may reach `area`, one
    /// of [`crate::access`]'s areas. Commands leave the role to the domain.
    pub(crate) fn require(&self, area: &[Role]) -> Result<(), ApiError> {
        crate::access::require(self, area)
    }
}

/// A key as `redress keys list` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyInfo {
    pub key_id: String,
    pub scope: Scope,
    pub name: String,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

impl fmt::Display for KeyInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scope = match &self.scope {
            Scope::Merchant(m) => format!("merchant:{m}"),
            Scope::Buyer(b) => format!("buyer:{b}"),
            other => other.role().as_str().to_owned(),
        };
        let state = match self.revoked_at {
            Some(at) => format!("revoked {at}"),
            None => "active".to_owned(),
        };
        write!(
            f,
            "{}\t{scope}\t{}\t{state}\t{:?}",
            self.key_id, self.created_at, self.name
        )
    }
}

fn random_hex(bytes: usize) -> Result<String, KeyError> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).map_err(|e| KeyError::Random(e.to_string()))?;
    Ok(hex::encode(&buffer))
}

/// The stored digest of a secret.
pub fn digest(secret: &str) -> String {
    digest_bytes(secret.as_bytes())
}

/// SHA-256 of `bytes`, in lowercase hex.
pub fn digest_bytes(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(transparent)]
    Scope(#[from] ScopeError),
    #[error(
        "the name must be one line of at most {KEY_NAME_CHARS_MAX} characters, without control characters"
    )]
    Name,
    #[error("the operating system's random source failed: {0}")]
    Random(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Create a key and store its digest; the secret is returned once and never again.
pub async fn create_key<S: ApiStore>(
    store: &S,
    scope: &Scope,
    name: &str,
    now: Timestamp,
) -> Result<(KeyInfo, String), KeyError> {
    if name.chars().count() > KEY_NAME_CHARS_MAX || redress_domain::Text::line(name).is_err() {
        return Err(KeyError::Name);
    }
    let key_id = format!("key_{}", random_hex(8)?);
    let secret = format!("{SECRET_PREFIX}{}", random_hex(SECRET_BYTES)?);
    let (merchant_id, buyer_id) = match scope {
        Scope::Merchant(m) => (Some(m.to_string()), None),
        Scope::Buyer(b) => (None, Some(b.to_string())),
        _ => (None, None),
    };
    store
        .insert_api_key(ApiKeyRecord {
            key_id: key_id.clone(),
            secret_sha256: digest(&secret),
            role: scope.role().as_str().to_owned(),
            merchant_id,
            buyer_id,
            name: name.to_owned(),
            created_us: now.as_microsecond(),
            revoked_us: None,
        })
        .await?;
    let info = KeyInfo {
        key_id,
        scope: scope.clone(),
        name: name.to_owned(),
        created_at: now,
        revoked_at: None,
    };
    Ok((info, secret))
}

fn info_of(record: &ApiKeyRecord) -> Result<KeyInfo, StoreError> {
    let invalid = |why: String| StoreError::Invalid(format!("api key {}: {why}", record.key_id));
    let scope = match (
        record.role.as_str(),
        record.merchant_id.as_deref(),
        record.buyer_id.as_deref(),
    ) {
        // A key made by an earlier release may name an id from before the id grammar: it
        // keeps working.
        ("merchant", Some(m), None) => MerchantId::parse_stored(m)
            .map(Scope::Merchant)
            .map_err(|e| invalid(format!("merchant id {e}")))?,
        ("buyer", None, Some(b)) => BuyerId::parse_stored(b)
            .map(Scope::Buyer)
            .map_err(|e| invalid(format!("buyer id {e}")))?,
        (role, merchant, buyer) => Scope::parse(role, merchant, buyer).map_err(|e| invalid(e.0))?,
    };
    let at = |us: i64| Timestamp::from_microsecond(us).map_err(|e| invalid(e.to_string()));
    Ok(KeyInfo {
        key_id: record.key_id.clone(),
        scope,
        name: record.name.clone(),
        created_at: at(record.created_us)?,
        revoked_at: record.revoked_us.map(at).transpose()?,
    })
}

/// Every key, revoked ones too.
pub async fn list_keys<S: ApiStore>(store: &S) -> Result<Vec<KeyInfo>, StoreError> {
    store.api_keys().await?.iter().map(info_of).collect()
}

/// The caller named by a request's `Authorization: Bearer rk_live_…` header.
pub(crate) async fn authenticate(
    headers: &axum::http::HeaderMap,
    state: &AppState,
) -> Result<Principal, ApiError> {
    let header = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthenticated("send Authorization: Bearer <API key>"))?;
    let secret = header
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|s| s.starts_with(SECRET_PREFIX))
        .ok_or_else(|| {
            ApiError::unauthenticated("the Authorization header must be Bearer rk_live_…")
        })?;
    principal_of_secret(secret, state).await
}

/// The caller holding `secret`, looked up exactly as for the `Authorization` header (the
/// console's sign-in form checks a typed key this way).
pub async fn principal_of_secret(secret: &str, state: &AppState) -> Result<Principal, ApiError> {
    if !secret.starts_with(SECRET_PREFIX) {
        return Err(ApiError::unauthenticated("unknown or revoked API key"));
    }
    let record = state
        .engine
        .store()
        .api_key_by_digest(&digest(secret))
        .await?
        .filter(|record| record.revoked_us.is_none())
        .ok_or_else(|| ApiError::unauthenticated("unknown or revoked API key"))?;
    principal_of_record(&record)
}

/// The caller a live key record stands for (the console's sessions name their key by id).
pub(crate) fn principal_of_record(record: &ApiKeyRecord) -> Result<Principal, ApiError> {
    if record.revoked_us.is_some() {
        return Err(ApiError::unauthenticated("unknown or revoked API key"));
    }
    let info = info_of(record)?;
    Ok(Principal {
        key_id: info.key_id,
        scope: info.scope,
    })
}

/// The caller of a request. The rate limiter, when on, has already looked the key up and
/// left the principal in the request's extensions; otherwise it is looked up here.
impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let principal = match parts.extensions.get::<Principal>() {
            Some(principal) => principal.clone(),
            None => authenticate(&parts.headers, state).await?,
        };
        // The request's log lines say which key made it.
        tracing::Span::current().record("key_id", principal.key_id.as_str());
        Ok(principal)
    }
}
