//! [`StaffStore`] on PostgreSQL: the same table and rows as the SQLite side.

use super::PgStore;
use crate::StoreError;
use crate::api::ApiKeyRecord;
use crate::staff::{
    STAFF_BY_ID_SQL, STAFF_BY_NAME_SQL, STAFF_COLUMNS, STAFF_LIST_SQL, StaffRecord, StaffStore,
};
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, Row};

fn staff_from_row(r: &PgRow) -> Result<StaffRecord, sqlx::Error> {
    Ok(StaffRecord {
        staff_id: r.try_get(0)?,
        merchant_id: r.try_get(1)?,
        name: r.try_get(2)?,
        role: r.try_get(3)?,
        password_phc: r.try_get(4)?,
        created_us: r.try_get(5)?,
        removed_us: r.try_get(6)?,
    })
}

impl StaffStore for PgStore {
    async fn insert_staff(
        &self,
        staff: StaffRecord,
        key: ApiKeyRecord,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        // The unique index decides a race between two inserts; this check answers the
        // ordinary case without an error.
        let taken = sqlx::query(STAFF_BY_NAME_SQL)
            .bind(staff.merchant_id.clone().unwrap_or_default())
            .bind(&staff.name)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        if taken {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO api_keys (key_id, secret_sha256, role, merchant_id, buyer_id, name, \
             created_us, revoked_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(key.key_id)
        .bind(key.secret_sha256)
        .bind(key.role)
        .bind(key.merchant_id)
        .bind(key.buyer_id)
        .bind(key.name)
        .bind(key.created_us)
        .bind(key.revoked_us)
        .execute(&mut *tx)
        .await?;
        sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO staff_users ({STAFF_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"
        )))
        .bind(staff.staff_id)
        .bind(staff.merchant_id)
        .bind(staff.name)
        .bind(staff.role)
        .bind(staff.password_phc)
        .bind(staff.created_us)
        .bind(staff.removed_us)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn staff_by_name(
        &self,
        merchant: Option<&str>,
        name: &str,
    ) -> Result<Option<StaffRecord>, StoreError> {
        let row = sqlx::query(STAFF_BY_NAME_SQL)
            .bind(merchant.unwrap_or_default())
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(staff_from_row).transpose()?)
    }

    async fn staff_by_id(&self, staff_id: &str) -> Result<Option<StaffRecord>, StoreError> {
        let row = sqlx::query(STAFF_BY_ID_SQL)
            .bind(staff_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(staff_from_row).transpose()?)
    }

    async fn staff_of(&self, merchant: Option<&str>) -> Result<Vec<StaffRecord>, StoreError> {
        let rows = sqlx::query(STAFF_LIST_SQL)
            .bind(merchant.unwrap_or_default())
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(staff_from_row)
            .collect::<Result<Vec<_>, _>>()?)
    }

    async fn remove_staff(&self, staff_id: &str, at_us: i64) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let removed = sqlx::query(
            "UPDATE staff_users SET removed_us = $2 WHERE staff_id = $1 AND removed_us IS NULL",
        )
        .bind(staff_id)
        .bind(at_us)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        sqlx::query("UPDATE api_keys SET revoked_us = $2 WHERE key_id = $1 AND revoked_us IS NULL")
            .bind(staff_id)
            .bind(at_us)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(removed > 0)
    }
}
