//! Staff accounts (`staff_users`): named people of a merchant or of the platform who sign in
//! to the console with a password. The store keeps the person and an argon2id hash of the
//! password; hashing and checking are `redress_http`'s. Each person acts through an API key of
//! their own (its id is the person's id), written with the person in one transaction, and
//! revoked with them.

use crate::api::ApiKeyRecord;
use crate::{AnyStore, StoreError};
use std::future::Future;

/// A person as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffRecord {
    /// Also the id of the API key the person acts through.
    pub staff_id: String,
    /// `None` for the platform's arbitrators and operators.
    pub merchant_id: Option<String>,
    pub name: String,
    /// `owner`, `clerk`, `read_only`, `arbitrator` or `operator`.
    pub role: String,
    /// The password's argon2id hash, PHC string format.
    pub password_phc: String,
    pub created_us: i64,
    pub removed_us: Option<i64>,
}

/// Both dialects: the columns in [`StaffRecord`]'s field order.
pub(crate) const STAFF_COLUMNS: &str =
    "staff_id, merchant_id, name, role, password_phc, created_us, removed_us";
/// Both dialects: an active person by merchant (`''` for the platform) and name.
pub(crate) const STAFF_BY_NAME_SQL: &str = "SELECT staff_id, merchant_id, name, role, \
     password_phc, created_us, removed_us FROM staff_users \
     WHERE COALESCE(merchant_id, '') = $1 AND name = $2 AND removed_us IS NULL";
/// Both dialects: a person by id, removed or not.
pub(crate) const STAFF_BY_ID_SQL: &str = "SELECT staff_id, merchant_id, name, role, \
     password_phc, created_us, removed_us FROM staff_users WHERE staff_id = $1";
/// Both dialects: the active people of a merchant (`''` for the platform).
pub(crate) const STAFF_LIST_SQL: &str = "SELECT staff_id, merchant_id, name, role, \
     password_phc, created_us, removed_us FROM staff_users \
     WHERE COALESCE(merchant_id, '') = $1 AND removed_us IS NULL ORDER BY created_us, staff_id";

pub trait StaffStore {
    /// Add a person with the key they act through, both or neither. `false`, adding nothing,
    /// when an active person of the same merchant (or of the platform) has the name.
    fn insert_staff(
        &self,
        staff: StaffRecord,
        key: ApiKeyRecord,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// The active person of `merchant` (`None`: the platform) with this name.
    fn staff_by_name(
        &self,
        merchant: Option<&str>,
        name: &str,
    ) -> impl Future<Output = Result<Option<StaffRecord>, StoreError>> + Send;

    /// A person by id, removed or not (the history names removed people too).
    fn staff_by_id(
        &self,
        staff_id: &str,
    ) -> impl Future<Output = Result<Option<StaffRecord>, StoreError>> + Send;

    /// The active people of `merchant` (`None`: the platform), oldest first.
    fn staff_of(
        &self,
        merchant: Option<&str>,
    ) -> impl Future<Output = Result<Vec<StaffRecord>, StoreError>> + Send;

    /// Remove a person and revoke their key, at once; `false` if there was no active one.
    fn remove_staff(
        &self,
        staff_id: &str,
        at_us: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}

macro_rules! delegate {
    ($self:ident, $store:ident => $call:expr) => {
        match $self {
            AnyStore::Sqlite($store) => $call.await,
            AnyStore::Postgres($store) => $call.await,
        }
    };
}

impl StaffStore for AnyStore {
    async fn insert_staff(
        &self,
        staff: StaffRecord,
        key: ApiKeyRecord,
    ) -> Result<bool, StoreError> {
        delegate!(self, s => s.insert_staff(staff, key))
    }

    async fn staff_by_name(
        &self,
        merchant: Option<&str>,
        name: &str,
    ) -> Result<Option<StaffRecord>, StoreError> {
        delegate!(self, s => s.staff_by_name(merchant, name))
    }

    async fn staff_by_id(&self, staff_id: &str) -> Result<Option<StaffRecord>, StoreError> {
        delegate!(self, s => s.staff_by_id(staff_id))
    }

    async fn staff_of(&self, merchant: Option<&str>) -> Result<Vec<StaffRecord>, StoreError> {
        delegate!(self, s => s.staff_of(merchant))
    }

    async fn remove_staff(&self, staff_id: &str, at_us: i64) -> Result<bool, StoreError> {
        delegate!(self, s => s.remove_staff(staff_id, at_us))
    }
}
