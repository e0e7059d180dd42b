//! The embedded SQLite backend: the zero-set-up default.
//!
//! One writer connection (SQLite allows one writer; `BEGIN IMMEDIATE` takes the lock up
//! front so a batch never fails half-way for lack of it) and a small pool of readers, all in
//! WAL mode with `synchronous=FULL`: in WAL with NORMAL a committed transaction can roll back
//! on power loss, and redress acknowledges a command only once it is durable.

mod api;
mod jetstream;
mod migrate;
pub mod queue_fill;
pub mod raw_copy;
pub(crate) mod replay;
mod rows;
mod staff;
mod webhooks;

use crate::codec;
use crate::days::{self, CreatorDay, MerchantDay};
use crate::stream::{self, Events, State, StreamKey};
use crate::trace::CommitSpan;
use crate::{
    DueDeadline, EvaluationRun, IdempotencyRecord, NEXT_DEADLINE_SQL, ReplayReport, Store,
    StoreError, StoredIdempotency, Write, WriteOutcome, from_micros, to_micros,
};
use redress_domain::metrics::DayFigures;
use redress_domain::{
    Date, DeadlineKind, Event, MerchantId, OrderId, SignedDuration, TicketId, Timestamp,
};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Readers kept open for reuse; more are opened on demand and closed after use.
const READERS_KEPT: usize = 4;

#[derive(Clone, Debug)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    /// The writer connection's `PRAGMA data_version` when last asked: it changes only when
    /// another connection (another process) commits to the file.
    data_version: Mutex<Option<i64>>,
}

impl SqliteStore {
    /// Open (creating if needed) the database at `path` and bring its schema up to date.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_with(path)
    }

    fn open_with(path: &Path) -> Result<Self, StoreError> {
        let mut writer = connect(path)?;
        migrate::run(&mut writer)?;
        Ok(SqliteStore {
            inner: Arc::new(Inner {
                path: path.to_owned(),
                writer: Mutex::new(writer),
                readers: Mutex::new(Vec::new()),
                data_version: Mutex::new(None),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Run `f` on a reader connection in the blocking pool.
    async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let pooled = inner.readers.lock().expect("reader pool poisoned").pop();
            let conn = match pooled {
                Some(conn) => conn,
                None => connect(&inner.path)?,
            };
            let result = f(&conn);
            let mut readers = inner.readers.lock().expect("reader pool poisoned");
            if readers.len() < READERS_KEPT {
                readers.push(conn);
            }
            result
        })
        .await
        .map_err(|e| StoreError::Task(e.to_string()))?
    }

    /// Run `f` on the writer connection in the blocking pool.
    async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = inner.writer.lock().expect("writer poisoned");
            f(&mut conn)
        })
        .await
        .map_err(|e| StoreError::Task(e.to_string()))?
    }

    /// Events in global order from `after_position`, for feeds and tools: at most `limit`.
    pub async fn events_after(
        &self,
        after_position: i64,
        limit: usize,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT position, merchant_id, stream, seq, kind, at_us, actor, payload
                 FROM events WHERE position > ?1 ORDER BY position LIMIT ?2",
            )?;
            let rows = stmt
                .query_map(params![after_position, limit as i64], StoredEvent::from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
    }

    /// Idempotency records after `after` (merchant, key) in key order, at most `limit`: for
    /// copying to another store.
    pub async fn idempotency_after(
        &self,
        after: (String, String),
        limit: usize,
    ) -> Result<Vec<StoredIdempotency>, StoreError> {
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT merchant_id, key, fingerprint, receipt, created_us FROM idempotency
                 WHERE (merchant_id, key) > (?1, ?2) ORDER BY merchant_id, key LIMIT ?3",
            )?;
            let rows = stmt
                .query_map(params![after.0, after.1, limit as i64], |r| {
                    Ok(StoredIdempotency {
                        merchant_id: r.get(0)?,
                        key: r.get(1)?,
                        fingerprint: r.get(2)?,
                        receipt: r.get(3)?,
                        created_us: r.get(4)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
    }
}

/// An event as stored, undecoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEvent {
    pub position: i64,
    pub merchant_id: String,
    pub stream: String,
    pub seq: u64,
    pub kind: String,
    pub at_us: i64,
    pub actor: String,
    pub payload: String,
}

impl StoredEvent {
    fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(StoredEvent {
            position: row.get(0)?,
            merchant_id: row.get(1)?,
            stream: row.get(2)?,
            seq: row.get::<_, i64>(3)? as u64,
            kind: row.get(4)?,
            at_us: row.get(5)?,
            actor: row.get(6)?,
            payload: row.get(7)?,
        })
    }
}

/// Open a connection with the settings redress relies on, and check they took.
pub(crate) fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    // A page cache of up to 512 MiB per connection, filled as pages are read. SQLite's
    // default (2 MiB) is spent at once by a store of many merchants: every key starts with
    // the merchant, so inserts land all over each index and, uncached, each one reads index
    // pages back through system calls (docs/BENCHMARKS.md, the simulator at scale).
    //
    // A checkpoint every 65,536 WAL pages (256 MiB at 4 KiB) instead of SQLite's 1,000: the
    // checkpoint copies each changed page back once, however often it changed since, and a
    // busy store changes the same index pages batch after batch. Readers find pages in the
    // WAL through its index, so the longer log costs them little; the file is trimmed back
    // to 64 MiB after each checkpoint.
    //
    // Reads through a memory map of up to 2 GiB: a page already in the operating system's
    // cache is read without a system call (and without the copy into SQLite's own cache).
    // The map is address space, not memory: the kernel keeps or drops its pages like any
    // file cache. The price is SQLite's stated one: an I/O error on a mapped page arrives as
    // a signal (SIGBUS) that ends the process, where a read call would have returned an
    // error. The writer's transactions are durable either way (WAL, synchronous=FULL), so a
    // failing disk ends the process without losing an acknowledged command.
    conn.execute_batch(
        "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-524288;
         PRAGMA wal_autocheckpoint=65536; PRAGMA journal_size_limit=67108864;
         PRAGMA mmap_size=2147483648;",
    )?;
    let synchronous: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::UnsafeSettings(format!(
            "journal_mode is {mode}, redress needs wal"
        )));
    }
    if synchronous != 2 {
        return Err(StoreError::UnsafeSettings(format!(
            "synchronous is {synchronous}, redress needs 2 (FULL)"
        )));
    }
    Ok(conn)
}

/// Decode a stream's stored events and fold them.
fn load_stream(conn: &Connection, key: &StreamKey) -> Result<Option<State>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, kind, at_us, actor, payload FROM events
         WHERE merchant_id = ?1 AND stream = ?2 ORDER BY seq",
    )?;
    let name = key.name();
    let rows = stmt.query_map(params![key.merchant_key(), name], |r| {
        Ok((
            r.get::<_, i64>(0)? as u64,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut events = empty_events(key);
    for row in rows {
        let (seq, kind, at_us, actor, payload) = row?;
        decode_into(&mut events, &name, seq, &kind, at_us, &actor, &payload)?;
    }
    Ok(stream::fold(key, None, &events))
}

pub(crate) fn empty_events(key: &StreamKey) -> Events {
    match key {
        StreamKey::Order { .. } => Events::Order(Vec::new()),
        StreamKey::Merchant(_) => Events::Merchant(Vec::new()),
        StreamKey::Buyer(_) => Events::Buyer(Vec::new()),
        StreamKey::Creator(_) => Events::Creator(Vec::new()),
        StreamKey::Policy => Events::Policy(Vec::new()),
    }
}

pub(crate) fn decode_into(
    events: &mut Events,
    stream: &str,
    seq: u64,
    kind: &str,
    at_us: i64,
    actor: &str,
    payload: &str,
) -> Result<(), StoreError> {
    let corrupt = |source| StoreError::Corrupt {
        stream: stream.to_owned(),
        seq,
        source,
    };
    let at = from_micros(at_us)?;
    let actor = codec::decode_actor(actor).map_err(corrupt)?;
    match events {
        Events::Order(list) => list.push(Event {
            at,
            actor,
            change: codec::decode_order_change(kind, payload).map_err(corrupt)?,
        }),
        Events::Merchant(list) => list.push(Event {
            at,
            actor,
            change: codec::decode_merchant_change(kind, payload).map_err(corrupt)?,
        }),
        Events::Buyer(list) => list.push(Event {
            at,
            actor,
            change: codec::decode_buyer_change(kind, payload).map_err(corrupt)?,
        }),
        Events::Creator(list) => list.push(Event {
            at,
            actor,
            change: codec::decode_creator_change(kind, payload).map_err(corrupt)?,
        }),
        Events::Policy(list) => list.push(Event {
            at,
            actor,
            change: codec::decode_policy_change(kind, payload).map_err(corrupt)?,
        }),
    }
    Ok(())
}

/// The stored kind, time, actor and payload of each new event.
pub(crate) fn encode(events: &Events) -> Vec<(&'static str, i64, String, String)> {
    fn one<C>(e: &Event<C>, encoded: codec::EncodedChange) -> (&'static str, i64, String, String) {
        (
            encoded.kind,
            to_micros(e.at),
            codec::encode_actor(&e.actor),
            encoded.payload,
        )
    }
    match events {
        Events::Order(list) => list
            .iter()
            .map(|e| one(e, codec::encode_order_change(&e.change)))
            .collect(),
        Events::Merchant(list) => list
            .iter()
            .map(|e| one(e, codec::encode_merchant_change(&e.change)))
            .collect(),
        Events::Buyer(list) => list
            .iter()
            .map(|e| one(e, codec::encode_buyer_change(&e.change)))
            .collect(),
        Events::Creator(list) => list
            .iter()
            .map(|e| one(e, codec::encode_creator_change(&e.change)))
            .collect(),
        Events::Policy(list) => list
            .iter()
            .map(|e| one(e, codec::encode_policy_change(&e.change)))
            .collect(),
    }
}

/// Whether another order or merchant holds an id this write brings (see [`crate::ids`]).
/// The transaction holds the one write lock, and the batch's earlier writes have written
/// their projections, so what it reads is what this write would commit beside.
fn claims_clash(tx: &rusqlite::Transaction<'_>, write: &Write) -> Result<bool, StoreError> {
    use crate::ids::{self, Holder, Kind};
    for claim in ids::claims(write) {
        let holders: Vec<Holder> = match claim.kind {
            Kind::Order => tx
                .prepare_cached("SELECT merchant_id FROM orders WHERE order_id = ?1")?
                .query_map([&claim.id], |r| {
                    Ok(Holder {
                        merchant: r.get(0)?,
                        order: claim.id.clone(),
                    })
                })?
                .collect::<Result<_, _>>()?,
            Kind::Ticket => tx
                .prepare_cached("SELECT merchant_id, order_id FROM tickets WHERE ticket_id = ?1")?
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

fn commit_batch(conn: &mut Connection, batch: Vec<Write>) -> Result<Vec<WriteOutcome>, StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for write in batch {
        let merchant = write.stream.merchant_key().to_owned();
        let name = write.stream.name();
        let version = write.expected_version + write.events.len() as u64;
        // The transaction holds the database's one write lock: what it reads cannot move
        // before it commits.
        let mut read_version = tx
            .prepare_cached("SELECT version FROM streams WHERE merchant_id = ?1 AND stream = ?2")?;
        let mut current = Vec::with_capacity(write.reads.len());
        for read in &write.reads {
            let version: Option<i64> = read_version
                .query_row(
                    params![read.stream.merchant_key(), read.stream.name()],
                    |r| r.get(0),
                )
                .optional()?;
            current.push((&read.stream, version.map(|v| v as u64)));
        }
        drop(read_version);
        if claims_clash(&tx, &write)? {
            outcomes.push(WriteOutcome::Conflict {
                actual_version: write.expected_version,
            });
            continue;
        }
        if !write.reads_current(|stream| {
            current
                .iter()
                .find(|(s, _)| *s == stream)
                .and_then(|(_, v)| *v)
        }) {
            outcomes.push(WriteOutcome::Conflict {
                actual_version: write.expected_version,
            });
            continue;
        }
        // The version check and the bump are one statement: a new stream must not exist yet,
        // an existing one must still be at the version the events were decided against.
        let claimed = if write.expected_version == 0 {
            tx.prepare_cached(
                "INSERT INTO streams (merchant_id, stream, version) VALUES (?1, ?2, ?3)
                 ON CONFLICT (merchant_id, stream) DO NOTHING",
            )?
            .execute(params![merchant, name, version as i64])?
        } else {
            tx.prepare_cached(
                "UPDATE streams SET version = ?3 WHERE merchant_id = ?1 AND stream = ?2 AND version = ?4",
            )?
            .execute(params![merchant, name, version as i64, write.expected_version as i64])?
        };
        if claimed == 0 {
            let actual = tx
                .prepare_cached(
                    "SELECT version FROM streams WHERE merchant_id = ?1 AND stream = ?2",
                )?
                .query_row(params![merchant, name], |r| r.get::<_, i64>(0))
                .optional()?
                .map_or(0, |v| v as u64);
            outcomes.push(WriteOutcome::Conflict {
                actual_version: actual,
            });
            continue;
        }
        // Idempotency keys before anything else of the write, so that a key another write
        // took first leaves only the claim and these keys to take back: nothing else was
        // written yet. No statement fails, so the other writes of the batch still commit.
        let now_us = write_time_us(&write.events);
        let mut taken = Vec::with_capacity(write.idempotency.len());
        let mut clash = false;
        for record in &write.idempotency {
            let inserted = tx
                .prepare_cached(
                    "INSERT INTO idempotency (merchant_id, key, fingerprint, receipt, created_us)
                     VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (merchant_id, key) DO NOTHING",
                )?
                .execute(params![
                    merchant,
                    record.key,
                    record.fingerprint,
                    record.receipt,
                    now_us
                ])?;
            if inserted == 0 {
                clash = true;
                break;
            }
            taken.push(record.key.as_str());
        }
        if clash {
            for key in taken {
                tx.prepare_cached("DELETE FROM idempotency WHERE merchant_id = ?1 AND key = ?2")?
                    .execute(params![merchant, key])?;
            }
            if write.expected_version == 0 {
                tx.prepare_cached("DELETE FROM streams WHERE merchant_id = ?1 AND stream = ?2")?
                    .execute(params![merchant, name])?;
            } else {
                tx.prepare_cached(
                    "UPDATE streams SET version = ?3 WHERE merchant_id = ?1 AND stream = ?2",
                )?
                .execute(params![
                    merchant,
                    name,
                    write.expected_version as i64
                ])?;
            }
            // The stream did not move, but the command must be decided again: its retry
            // finds the key's first answer.
            outcomes.push(WriteOutcome::Conflict {
                actual_version: write.expected_version,
            });
            continue;
        }
        let mut insert = tx.prepare_cached(
            "INSERT INTO events (merchant_id, stream, seq, kind, at_us, actor, payload)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (offset, (kind, at_us, actor, payload)) in encode(&write.events).into_iter().enumerate()
        {
            let seq = write.expected_version + 1 + offset as u64;
            insert.execute(params![
                merchant, name, seq as i64, kind, at_us, actor, payload
            ])?;
        }
        rows::write_projections(&tx, &write.state)?;
        add_days(&tx, &days::moved(std::iter::once(&write)))?;
        add_creator_days(&tx, &days::creators_moved(std::iter::once(&write)))?;
        // Webhooks: the write's outbox messages, in its transaction.
        webhooks::insert_outbox(&tx, &crate::outbox::messages(&write))?;
        outcomes.push(WriteOutcome::Committed { version });
    }
    tx.commit()?;
    Ok(outcomes)
}

impl SqliteStore {
    /// Add `rows` to the stored daily figures in one transaction, for copying them from
    /// another store and for generated benchmark histories.
    pub async fn add_merchant_days(&self, rows: Vec<MerchantDay>) -> Result<(), StoreError> {
        self.write(move |conn| {
            let tx = conn.transaction()?;
            add_days(&tx, &rows)?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    /// Every stored row, for `redress metrics verify`.
    pub async fn all_merchant_days(&self) -> Result<Vec<MerchantDay>, StoreError> {
        self.read(move |conn| {
            let mut query = conn.prepare(&days::all_sql())?;
            let rows = query.query_map([], |r| {
                let merchant: String = r.get(0)?;
                let day: String = r.get(1)?;
                let values = (2..DayFigures::FIELDS.len() + 2)
                    .map(|i| r.get::<_, i64>(i))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((merchant, day, values))
            })?;
            rows.map(|row| {
                let (merchant_id, day, values) = row?;
                Ok(MerchantDay {
                    merchant_id,
                    day: days::parse_day(&day)?,
                    figures: days::figures_from(&values),
                })
            })
            .collect()
        })
        .await
    }
}

/// Add rows to `merchant_days`, one prepared upsert each.
fn add_days(tx: &rusqlite::Transaction<'_>, rows: &[MerchantDay]) -> Result<(), StoreError> {
    let mut upsert = tx.prepare_cached(&days::SQLITE_UPSERT)?;
    for row in rows {
        let day = row.day.to_string();
        let values = row.figures.values();
        let mut params: Vec<&dyn rusqlite::ToSql> = vec![&row.merchant_id, &day];
        params.extend(values.iter().map(|v| v as &dyn rusqlite::ToSql));
        upsert.execute(params.as_slice())?;
    }
    Ok(())
}

/// Add rows to `creator_days`, one prepared upsert each (seed 001).
fn add_creator_days(tx: &rusqlite::Transaction<'_>, rows: &[CreatorDay]) -> Result<(), StoreError> {
    let mut upsert = tx.prepare_cached(&days::SQLITE_CREATOR_UPSERT)?;
    for row in rows {
        let day = row.day.to_string();
        let values = row.figures.values();
        let mut params: Vec<&dyn rusqlite::ToSql> = vec![&row.creator_id, &day];
        params.extend(values.iter().map(|v| v as &dyn rusqlite::ToSql));
        upsert.execute(params.as_slice())?;
    }
    Ok(())
}

fn sqlite_placeholder(i: usize) -> String {
    format!("?{i}")
}

pub(crate) fn write_time_us(events: &Events) -> i64 {
    let first = match events {
        Events::Order(l) => l.first().map(|e| e.at),
        Events::Merchant(l) => l.first().map(|e| e.at),
        Events::Buyer(l) => l.first().map(|e| e.at),
        Events::Creator(l) => l.first().map(|e| e.at),
        Events::Policy(l) => l.first().map(|e| e.at),
    };
    first.map_or(0, to_micros)
}

pub(crate) fn parse_id<T>(
    raw: String,
    parse: fn(&str) -> Result<T, redress_domain::IdError>,
) -> Result<T, StoreError> {
    parse(&raw).map_err(|e| StoreError::Invalid(format!("stored id {raw:?} {e}")))
}

impl Store for SqliteStore {
    async fn load(&self, stream: &StreamKey) -> Result<Option<State>, StoreError> {
        let key = stream.clone();
        self.read(move |conn| load_stream(conn, &key)).await
    }

    async fn commit(&self, batch: Vec<Write>) -> Result<Vec<WriteOutcome>, StoreError> {
        let traced = CommitSpan::start("sqlite", &batch);
        let span = traced.span();
        let outcome = self
            .write(move |conn| span.in_scope(|| commit_batch(conn, batch)))
            .await;
        traced.finish(&outcome);
        outcome
    }

    async fn idempotency(
        &self,
        merchant: &str,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, StoreError> {
        let (merchant, key) = (merchant.to_owned(), key.to_owned());
        self.read(move |conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT fingerprint, receipt FROM idempotency WHERE merchant_id = ?1 AND key = ?2",
                )?
                .query_row(params![merchant, key], |r| {
                    Ok(IdempotencyRecord { key: key.clone(), fingerprint: r.get(0)?, receipt: r.get(1)? })
                })
                .optional()?)
        })
        .await
    }

    async fn locate_order(&self, order: &OrderId) -> Result<Option<MerchantId>, StoreError> {
        let order = order.to_string();
        self.read(move |conn| {
            conn.prepare_cached("SELECT merchant_id FROM orders WHERE order_id = ?1")?
                .query_row(params![order], |r| r.get::<_, String>(0))
                .optional()?
                .map(|m| parse_id(m, MerchantId::parse_stored))
                .transpose()
        })
        .await
    }

    async fn locate_ticket(
        &self,
        ticket: &TicketId,
    ) -> Result<Option<(MerchantId, OrderId)>, StoreError> {
        let ticket = ticket.to_string();
        self.read(move |conn| {
            let found = conn
                .prepare_cached("SELECT merchant_id, order_id FROM tickets WHERE ticket_id = ?1")?
                .query_row(params![ticket], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })
                .optional()?;
            found
                .map(|(m, o)| {
                    Ok((
                        parse_id(m, MerchantId::parse_stored)?,
                        parse_id(o, OrderId::parse_stored)?,
                    ))
                })
                .transpose()
        })
        .await
    }

    async fn due_deadlines(
        &self,
        now: Timestamp,
        limit: usize,
    ) -> Result<Vec<DueDeadline>, StoreError> {
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT merchant_id, order_id, ticket_id, kind, due_us FROM deadlines
                 WHERE due_us <= ?1 ORDER BY due_us, merchant_id, ticket_id LIMIT ?2",
            )?;
            let rows = stmt
                .query_map(params![to_micros(now), limit as i64], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, i64>(4)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            due_list(rows)
        })
        .await
    }

    async fn closed_merchant_requests(&self, limit: usize) -> Result<Vec<DueDeadline>, StoreError> {
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT d.merchant_id, d.order_id, d.ticket_id, d.kind, d.due_us
                 FROM merchants m JOIN deadlines d ON d.merchant_id = m.merchant_id
                 WHERE m.refund_handling_closed IS NOT NULL AND d.kind = 'merchant_response'
                 ORDER BY d.due_us, d.merchant_id, d.ticket_id LIMIT ?1",
            )?;
            let rows = stmt
                .query_map(params![limit as i64], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, i64>(4)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            due_list(rows)
        })
        .await
    }

    async fn claim_due(
        &self,
        now: Timestamp,
        limit: usize,
        lease: SignedDuration,
    ) -> Result<Vec<DueDeadline>, StoreError> {
        let now_us = to_micros(now);
        let until_us = crate::lease_end_us(now, lease);
        // One writer: the claim and the choice of rows are one statement on the writer
        // connection, so two claims never hand out the same deadline.
        self.write(move |conn| {
            let mut stmt = conn.prepare_cached(
                "UPDATE deadlines SET claimed_until_us = ?2
                 WHERE (merchant_id, ticket_id) IN (
                     SELECT merchant_id, ticket_id FROM deadlines
                     WHERE due_us <= ?1 AND (claimed_until_us IS NULL OR claimed_until_us <= ?1)
                     ORDER BY due_us, merchant_id, ticket_id LIMIT ?3)
                 RETURNING merchant_id, order_id, ticket_id, kind, due_us",
            )?;
            let rows = stmt
                .query_map(params![now_us, until_us, limit as i64], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, i64>(4)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            due_list(rows)
        })
        .await
    }

    async fn next_deadline(&self) -> Result<Option<Timestamp>, StoreError> {
        self.read(|conn| {
            let due: Option<i64> = conn.query_row(NEXT_DEADLINE_SQL, [], |r| r.get(0))?;
            due.map(from_micros).transpose()
        })
        .await
    }

    async fn merchant_days(
        &self,
        merchant: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<MerchantDay>, StoreError> {
        let merchant = merchant.to_owned();
        self.read(move |conn| {
            let mut query = conn.prepare_cached(&days::merchant_window_sql(sqlite_placeholder))?;
            let rows =
                query.query_map(params![merchant, from.to_string(), to.to_string()], |r| {
                    let day: String = r.get(0)?;
                    let values = (1..=DayFigures::FIELDS.len())
                        .map(|i| r.get::<_, i64>(i))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok((day, values))
                })?;
            rows.map(|row| {
                let (day, values) = row?;
                Ok(MerchantDay {
                    merchant_id: merchant.clone(),
                    day: days::parse_day(&day)?,
                    figures: days::figures_from(&values),
                })
            })
            .collect()
        })
        .await
    }

    async fn days_by_merchant(&self, from: Date, to: Date) -> Result<Vec<MerchantDay>, StoreError> {
        self.read(move |conn| {
            let mut query = conn.prepare(&days::by_merchant_sql(sqlite_placeholder))?;
            let rows = query.query_map(params![from.to_string(), to.to_string()], |r| {
                let merchant: String = r.get(0)?;
                let values = (1..=DayFigures::FIELDS.len())
                    .map(|i| r.get::<_, i64>(i))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(MerchantDay {
                    merchant_id: merchant,
                    day: to,
                    figures: days::figures_from(&values),
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }

    async fn creator_days(
        &self,
        creator: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<CreatorDay>, StoreError> {
        let creator = creator.to_owned();
        self.read(move |conn| {
            let mut query =
                conn.prepare_cached(&days::window_sql(&days::CREATOR_DAYS, sqlite_placeholder))?;
            let rows =
                query.query_map(params![creator, from.to_string(), to.to_string()], |r| {
                    let day: String = r.get(0)?;
                    let values = (1..=DayFigures::FIELDS.len())
                        .map(|i| r.get::<_, i64>(i))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok((day, values))
                })?;
            rows.map(|row| {
                let (day, values) = row?;
                Ok(CreatorDay {
                    creator_id: creator.clone(),
                    day: days::parse_day(&day)?,
                    figures: days::figures_from(&values),
                })
            })
            .collect()
        })
        .await
    }

    async fn days_by_creator(&self, from: Date, to: Date) -> Result<Vec<CreatorDay>, StoreError> {
        self.read(move |conn| {
            let mut query =
                conn.prepare(&days::by_key_sql(&days::CREATOR_DAYS, sqlite_placeholder))?;
            let rows = query.query_map(params![from.to_string(), to.to_string()], |r| {
                let creator: String = r.get(0)?;
                let values = (1..=DayFigures::FIELDS.len())
                    .map(|i| r.get::<_, i64>(i))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(CreatorDay {
                    creator_id: creator,
                    day: to,
                    figures: days::figures_from(&values),
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }

    async fn platform_days(&self, from: Date, to: Date) -> Result<DayFigures, StoreError> {
        self.read(move |conn| {
            let values = conn
                .prepare_cached(&days::platform_sql(sqlite_placeholder))?
                .query_row(params![from.to_string(), to.to_string()], |r| {
                    (0..DayFigures::FIELDS.len())
                        .map(|i| r.get::<_, i64>(i))
                        .collect::<Result<Vec<_>, _>>()
                })?;
            Ok(days::figures_from(&values))
        })
        .await
    }

    async fn last_evaluation(&self) -> Result<Option<EvaluationRun>, StoreError> {
        self.read(|conn| {
            let row = conn
                .prepare_cached(
                    "SELECT day, started_us, finished_us, merchants, penalties, policy_version
                     FROM evaluations ORDER BY day DESC LIMIT 1",
                )?
                .query_row([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, i64>(4)?,
                        r.get::<_, i64>(5)?,
                    ))
                })
                .optional()?;
            row.map(days::evaluation_run).transpose()
        })
        .await
    }

    async fn record_evaluation(&self, run: &EvaluationRun) -> Result<(), StoreError> {
        let run = run.clone();
        self.write(move |conn| {
            conn.prepare_cached(
                "INSERT OR REPLACE INTO evaluations
                     (day, started_us, finished_us, merchants, penalties, policy_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                run.day.to_string(),
                to_micros(run.started_at),
                to_micros(run.finished_at),
                run.merchants as i64,
                run.penalties as i64,
                run.policy_version as i64
            ])?;
            Ok(())
        })
        .await
    }

    async fn written_elsewhere(&self) -> Result<bool, StoreError> {
        let inner = self.inner.clone();
        self.write(move |conn| {
            let now: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
            let mut seen = inner
                .data_version
                .lock()
                .expect("data version lock poisoned");
            let changed = seen.is_some_and(|before| before != now);
            *seen = Some(now);
            Ok(changed)
        })
        .await
    }

    async fn replay(&self) -> Result<ReplayReport, StoreError> {
        let path = self.inner.path.clone();
        self.read(move |conn| replay::run(conn, &path)).await
    }
}

/// Due deadlines from their stored columns, earliest first (a claim's `RETURNING` has no
/// order of its own).
pub(crate) fn due_list(
    rows: Vec<(String, String, String, String, i64)>,
) -> Result<Vec<DueDeadline>, StoreError> {
    let mut due = Vec::with_capacity(rows.len());
    for (merchant, order, ticket, kind, due_us) in rows {
        due.push(DueDeadline {
            merchant: parse_id(merchant, MerchantId::parse_stored)?,
            order: parse_id(order, OrderId::parse_stored)?,
            ticket: parse_id(ticket, TicketId::parse_stored)?,
            kind: DeadlineKind::parse(&kind)
                .ok_or_else(|| StoreError::Invalid(format!("deadline kind {kind:?}")))?,
            due_at: from_micros(due_us)?,
        });
    }
    due.sort_by(|a, b| {
        (a.due_at, a.merchant.as_str(), a.ticket.as_str()).cmp(&(
            b.due_at,
            b.merchant.as_str(),
            b.ticket.as_str(),
        ))
    });
    Ok(due)
}

impl SqliteStore {
    /// Replace every row of `merchant_days` with `rows` in one transaction, for
    /// `days::rebuild`: refused if an event was appended after position `read_up_to`.
    pub async fn replace_merchant_days(
        &self,
        rows: Vec<MerchantDay>,
        read_up_to: i64,
    ) -> Result<(), StoreError> {
        self.write(move |conn| {
            // Immediate: the writer lock is held from the check to the commit.
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let last: i64 =
                tx.query_row("SELECT COALESCE(MAX(position), 0) FROM events", [], |r| {
                    r.get(0)
                })?;
            if last != read_up_to {
                return Err(days::log_grew(read_up_to, last));
            }
            tx.execute("DELETE FROM merchant_days", [])?;
            add_days(&tx, &rows)?;
            tx.commit()?;
            Ok(())
        })
        .await
    }
}
