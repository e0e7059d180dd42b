//! SQLite's side of the commit ([`crate::commit`]): its statements run on the writer's
//! transaction, which holds the database's one write lock, so what a step reads cannot move
//! before the commit.

use super::{add_creator_days, add_days, rows, webhooks};
use crate::commit::{self, Arg, Dialect, ReadVersions, sql};
use crate::days::{CreatorDay, MerchantDay};
use crate::outbox::OutboxMessage;
use crate::stream::State;
use crate::{StoreError, Write, WriteOutcome};
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

impl rusqlite::ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match *self {
            Arg::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            Arg::Int(int) => ToSqlOutput::Owned(Value::Integer(int)),
        })
    }
}

struct Steps<'a, 'c> {
    tx: &'a Transaction<'c>,
}

impl Dialect for Steps<'_, '_> {
    const SQL: &'static sql::CommitSql = &sql::SQLITE;

    async fn execute(&mut self, sql: &'static str, args: &[Arg<'_>]) -> Result<u64, StoreError> {
        let changed = self
            .tx
            .prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(args))?;
        Ok(changed as u64)
    }

    async fn integer(
        &mut self,
        sql: &'static str,
        args: &[Arg<'_>],
    ) -> Result<Option<i64>, StoreError> {
        Ok(self
            .tx
            .prepare_cached(sql)?
            .query_row(rusqlite::params_from_iter(args), |r| r.get(0))
            .optional()?)
    }

    /// The batch's earlier writes have written their projections, so what this reads is
    /// what the write would commit beside.
    async fn ids_clash(&mut self, _index: usize, write: &Write) -> Result<bool, StoreError> {
        use crate::ids::{self, Holder, Kind};
        for claim in ids::claims(write) {
            let holders: Vec<Holder> = match claim.kind {
                Kind::Order => self
                    .tx
                    .prepare_cached("SELECT merchant_id FROM orders WHERE order_id = ?1")?
                    .query_map([&claim.id], |r| {
                        Ok(Holder {
                            merchant: r.get(0)?,
                            order: claim.id.clone(),
                        })
                    })?
                    .collect::<Result<_, _>>()?,
                Kind::Ticket => self
                    .tx
                    .prepare_cached(
                        "SELECT merchant_id, order_id FROM tickets WHERE ticket_id = ?1",
                    )?
                    .query_map([&claim.id], |r| {
                        Ok(Holder {
                            merchant: r.get(0)?,
                            order: r.get(1)?,
                        })
                    })?
                    .collect::<Result<_, _>>()?,
            };
            if holders.iter().any(|h| !claim.held_by(h)) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    async fn read_versions(&mut self, write: &Write) -> Result<ReadVersions, StoreError> {
        let mut read = self.tx.prepare_cached(sql::SQLITE.stream_version)?;
        let mut versions = ReadVersions::default();
        for r in &write.reads {
            let (merchant, name) = (r.stream.merchant_key().to_owned(), r.stream.name());
            let version: Option<i64> = read
                .query_row(params![merchant, name], |row| row.get(0))
                .optional()?;
            if let Some(version) = version {
                versions.0.insert((merchant, name), version as u64);
            }
        }
        Ok(versions)
    }

    async fn append_events(&mut self, write: &Write, stream: &str) -> Result<(), StoreError> {
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO events (merchant_id, stream, seq, kind, at_us, actor, payload)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let merchant = write.stream.merchant_key();
        for (offset, (kind, at_us, actor, payload)) in
            commit::encode(&write.events).into_iter().enumerate()
        {
            let seq = write.expected_version + 1 + offset as u64;
            insert.execute(params![
                merchant, stream, seq as i64, kind, at_us, actor, payload
            ])?;
        }
        Ok(())
    }

    async fn write_projections(&mut self, state: &State) -> Result<(), StoreError> {
        rows::write_projections(self.tx, state)
    }

    async fn add_days(
        &mut self,
        merchants: &[MerchantDay],
        creators: &[CreatorDay],
    ) -> Result<(), StoreError> {
        add_days(self.tx, merchants)?;
        add_creator_days(self.tx, creators)
    }

    async fn insert_outbox(&mut self, messages: &[OutboxMessage]) -> Result<(), StoreError> {
        webhooks::insert_outbox(self.tx, messages)
    }
}

/// Commit `batch` in one `BEGIN IMMEDIATE` transaction, write by write.
pub(super) fn commit_batch(
    conn: &mut Connection,
    batch: Vec<Write>,
) -> Result<Vec<WriteOutcome>, StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut steps = Steps { tx: &tx };
    let outcomes = batch
        .iter()
        .enumerate()
        .map(|(index, write)| commit::now(commit::commit_write(&mut steps, index, write)))
        .collect::<Result<Vec<_>, _>>()?;
    tx.commit()?;
    Ok(outcomes)
}
