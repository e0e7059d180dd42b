//! [`StaffStore`] on SQLite.

use super::SqliteStore;
use crate::StoreError;
use crate::api::ApiKeyRecord;
use crate::staff::{
    STAFF_BY_ID_SQL, STAFF_BY_NAME_SQL, STAFF_COLUMNS, STAFF_LIST_SQL, StaffRecord, StaffStore,
};
use rusqlite::{OptionalExtension, params};

fn staff_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StaffRecord> {
    Ok(StaffRecord {
        staff_id: r.get(0)?,
        merchant_id: r.get(1)?,
        name: r.get(2)?,
        role: r.get(3)?,
        password_phc: r.get(4)?,
        created_us: r.get(5)?,
        removed_us: r.get(6)?,
    })
}

/// `$1, $2` as SQLite writes them.
fn numbered(sql: &str) -> String {
    sql.replace('$', "?")
}

impl StaffStore for SqliteStore {
    async fn insert_staff(
        &self,
        staff: StaffRecord,
        key: ApiKeyRecord,
    ) -> Result<bool, StoreError> {
        self.write(move |conn| {
            let tx = conn.transaction()?;
            let taken = tx
                .prepare_cached(&numbered(STAFF_BY_NAME_SQL))?
                .query_row(
                    params![staff.merchant_id.clone().unwrap_or_default(), staff.name],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if taken {
                return Ok(false);
            }
            tx.execute(
                "INSERT INTO api_keys (key_id, secret_sha256, role, merchant_id, buyer_id, name, \
                 created_us, revoked_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    key.key_id,
                    key.secret_sha256,
                    key.role,
                    key.merchant_id,
                    key.buyer_id,
                    key.name,
                    key.created_us,
                    key.revoked_us
                ],
            )?;
            tx.execute(
                &format!(
                    "INSERT INTO staff_users ({STAFF_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                ),
                params![
                    staff.staff_id,
                    staff.merchant_id,
                    staff.name,
                    staff.role,
                    staff.password_phc,
                    staff.created_us,
                    staff.removed_us
                ],
            )?;
            tx.commit()?;
            Ok(true)
        })
        .await
    }

    async fn staff_by_name(
        &self,
        merchant: Option<&str>,
        name: &str,
    ) -> Result<Option<StaffRecord>, StoreError> {
        let (merchant, name) = (merchant.unwrap_or_default().to_owned(), name.to_owned());
        self.read(move |conn| {
            Ok(conn
                .prepare_cached(&numbered(STAFF_BY_NAME_SQL))?
                .query_row(params![merchant, name], staff_from_row)
                .optional()?)
        })
        .await
    }

    async fn staff_by_id(&self, staff_id: &str) -> Result<Option<StaffRecord>, StoreError> {
        let id = staff_id.to_owned();
        self.read(move |conn| {
            Ok(conn
                .prepare_cached(&numbered(STAFF_BY_ID_SQL))?
                .query_row([id], staff_from_row)
                .optional()?)
        })
        .await
    }

    async fn staff_of(&self, merchant: Option<&str>) -> Result<Vec<StaffRecord>, StoreError> {
        let merchant = merchant.unwrap_or_default().to_owned();
        self.read(move |conn| {
            let mut statement = conn.prepare_cached(&numbered(STAFF_LIST_SQL))?;
            let rows = statement.query_map([merchant], staff_from_row)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }

    async fn remove_staff(&self, staff_id: &str, at_us: i64) -> Result<bool, StoreError> {
        let id = staff_id.to_owned();
        self.write(move |conn| {
            let tx = conn.transaction()?;
            let removed = tx.execute(
                "UPDATE staff_users SET removed_us = ?2 WHERE staff_id = ?1 AND removed_us IS NULL",
                params![id, at_us],
            )?;
            tx.execute(
                "UPDATE api_keys SET revoked_us = ?2 WHERE key_id = ?1 AND revoked_us IS NULL",
                params![id, at_us],
            )?;
            tx.commit()?;
            Ok(removed > 0)
        })
        .await
    }
}
