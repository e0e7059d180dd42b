//! The commit's SQL text, one table per dialect. The statements and their arguments are the
//! same; only the placeholders differ (`?N` for SQLite, `$N` for PostgreSQL), so a statement
//! is changed in both tables or neither, and the argument order is given once, by the
//! driver in [`super::commit_write`].

/// The statements [`super::commit_write`] runs, by step.
#[derive(Debug)]
pub(crate) struct CommitSql {
    /// A stream's version (`merchant`, `stream`): one row or none.
    pub stream_version: &'static str,
    /// Claim a new stream (`merchant`, `stream`, `version`): no row if it exists already.
    pub create_stream: &'static str,
    /// Claim an existing stream (`merchant`, `stream`, `version`, `expected`): no row unless
    /// it is still at `expected`.
    pub bump_stream: &'static str,
    /// Take back a new stream's claim (`merchant`, `stream`).
    pub drop_stream: &'static str,
    /// Take back an existing stream's claim (`merchant`, `stream`, `expected`).
    pub reset_stream: &'static str,
    /// Take an idempotency key (`merchant`, `key`, `fingerprint`, `receipt`, `created_us`):
    /// no row if another write holds it.
    pub take_key: &'static str,
    /// Give a key back (`merchant`, `key`).
    pub give_back_key: &'static str,
}

pub(crate) const SQLITE: CommitSql = CommitSql {
    stream_version: "SELECT version FROM streams WHERE merchant_id = ?1 AND stream = ?2",
    create_stream: "INSERT INTO streams (merchant_id, stream, version) VALUES (?1, ?2, ?3)
                    ON CONFLICT (merchant_id, stream) DO NOTHING",
    bump_stream: "UPDATE streams SET version = ?3
                  WHERE merchant_id = ?1 AND stream = ?2 AND version = ?4",
    drop_stream: "DELETE FROM streams WHERE merchant_id = ?1 AND stream = ?2",
    reset_stream: "UPDATE streams SET version = ?3 WHERE merchant_id = ?1 AND stream = ?2",
    take_key: "INSERT INTO idempotency (merchant_id, key, fingerprint, receipt, created_us)
               VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (merchant_id, key) DO NOTHING",
    give_back_key: "DELETE FROM idempotency WHERE merchant_id = ?1 AND key = ?2",
};

pub(crate) const POSTGRES: CommitSql = CommitSql {
    stream_version: "SELECT version FROM streams WHERE merchant_id = $1 AND stream = $2",
    create_stream: "INSERT INTO streams (merchant_id, stream, version) VALUES ($1, $2, $3)
                    ON CONFLICT (merchant_id, stream) DO NOTHING",
    bump_stream: "UPDATE streams SET version = $3
                  WHERE merchant_id = $1 AND stream = $2 AND version = $4",
    drop_stream: "DELETE FROM streams WHERE merchant_id = $1 AND stream = $2",
    reset_stream: "UPDATE streams SET version = $3 WHERE merchant_id = $1 AND stream = $2",
    take_key: "INSERT INTO idempotency (merchant_id, key, fingerprint, receipt, created_us)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT (merchant_id, key) DO NOTHING",
    give_back_key: "DELETE FROM idempotency WHERE merchant_id = $1 AND key = $2",
};

#[cfg(test)]
mod tests {
    use super::*;

    fn all(t: &CommitSql) -> [&'static str; 7] {
        [
            t.stream_version,
            t.create_stream,
            t.bump_stream,
            t.drop_stream,
            t.reset_stream,
            t.take_key,
            t.give_back_key,
        ]
    }

    /// The two tables are one statement each, placeholders aside.
    #[test]
    fn the_dialects_differ_only_in_placeholders() {
        for (sqlite, postgres) in all(&SQLITE).into_iter().zip(all(&POSTGRES)) {
            assert!(!sqlite.contains('$'), "{sqlite}");
            assert!(!postgres.contains('?'), "{postgres}");
            assert_eq!(sqlite.replace('?', "$"), postgres);
        }
    }
}
