//! The embedded SQLite backend: the zero-set-up default.
//!
//! One writer connection (SQLite allows one writer; `BEGIN IMMEDIATE` takes the lock up
//! front so a batch never fails half-way for lack of it) and a pool of readers, all in
//! WAL mode with `synchronous=FULL`: in WAL with NORMAL a committed transaction can roll back
//! on power loss, and redress acknowledges a command only once it is durable.

mod api;
mod commit;
mod jetstream;
mod migrate;
pub mod queue_fill;
pub mod raw_copy;
pub(crate) mod replay;
mod rows;
mod staff;
mod webhooks;

pub use crate::commit::StoredEvent;
pub(crate) use crate::commit::{decode_into, empty_events};
use crate::commit::{due_list, parse_id};
use crate::days::{self, CreatorDay, MerchantDay};
use crate::stream::{self, State, StreamKey};
use crate::trace::CommitSpan;
use crate::{
    DueDeadline, EvaluationRun, IdempotencyRecord, NEXT_DEADLINE_SQL, ReplayReport, Store,
    StoreError, StoredIdempotency, Write, WriteOutcome, from_micros, to_micros,
};
use redress_domain::metrics::DayFigures;
use redress_domain::{Date, MerchantId, OrderId, SignedDuration, TicketId, Timestamp};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Reader connections kept open for reuse by default: as many as requests read at once at
/// 64 clients, so that a busy server does not open a connection (its PRAGMAs, a fresh memory
/// map) for a read. No more reads than that run at once: the next waits for a connection.
/// An idle connection costs little: its page cache fills only with what it reads outside the
/// memory map.
pub const READERS_KEPT_DEFAULT: usize = 64;

/// The writer connection's page cache by default, in MiB: the largest part of a server's
/// memory under sustained load, since no other writer's commit ever resets it. Pages of the
/// database file are read through the memory map and cost the cache nothing; what it holds
/// is the pages the writer changed and those it read back from the write-ahead log, which
/// the map does not cover. At 128 MiB, firing 100,000 deadlines took 7 % longer than at
/// 512 MiB and left 218 MiB less memory in use (docs/BENCHMARKS.md); a server with memory
/// to spare can give it more (`serve --sqlite-cache-mib`).
pub const WRITER_CACHE_MIB_DEFAULT: u32 = 128;

/// Each reader connection's page cache, in KiB: a reader's cache is reset whenever another
/// connection commits, and all it keeps between resets is log pages, so a small one serves.
/// With `READERS_KEPT_DEFAULT` readers kept, this bounds the readers to 64 MiB in all.
pub(crate) const READER_CACHE_KIB: u32 = 1024;

/// How an [`SqliteStore`] uses memory and connections.
#[derive(Clone, Copy, Debug)]
pub struct SqliteOptions {
    /// Reads run at once, and idle reader connections kept for reuse.
    pub readers_kept: usize,
    /// The writer connection's page cache, in MiB.
    pub writer_cache_mib: u32,
}

impl Default for SqliteOptions {
    fn default() -> Self {
        SqliteOptions {
            readers_kept: READERS_KEPT_DEFAULT,
            writer_cache_mib: WRITER_CACHE_MIB_DEFAULT,
        }
    }
}

#[derive(Clone, Debug)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    /// How many idle readers `readers` keeps.
    readers_kept: usize,
    /// As many as `readers_kept`: a read waits for one rather than open a connection beyond
    /// those kept, which a burst of reads (a weekly evaluation's thousands of penalties) did
    /// over and over, each new connection parsing the schema again.
    read_slots: Arc<tokio::sync::Semaphore>,
    /// Reader connections opened since the store was, for tests and benchmarks.
    readers_opened: AtomicU64,
    /// The writer connection's `PRAGMA data_version` when last asked: it changes only when
    /// another connection (another process) commits to the file.
    data_version: Mutex<Option<i64>>,
}

impl Inner {
    /// A reader connection: a kept one, or a new one.
    fn checkout(&self) -> Result<Connection, StoreError> {
        let pooled = self.readers.lock().expect("reader pool poisoned").pop();
        match pooled {
            Some(conn) => Ok(conn),
            None => {
                self.readers_opened.fetch_add(1, Ordering::Relaxed);
                connect(&self.path, READER_CACHE_KIB)
            }
        }
    }

    /// Keep `conn` for the next read, or close it if enough are kept.
    fn checkin(&self, conn: Connection) {
        let mut readers = self.readers.lock().expect("reader pool poisoned");
        if readers.len() < self.readers_kept {
            readers.push(conn);
        }
    }
}

impl SqliteStore {
    /// Open (creating if needed) the database at `path` and bring its schema up to date.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_with(path, SqliteOptions::default())
    }

    /// [`SqliteStore::open`] with the given connections and caches.
    pub fn open_with(path: &Path, options: SqliteOptions) -> Result<Self, StoreError> {
        let mut writer = connect(path, options.writer_cache_mib.saturating_mul(1024))?;
        migrate::run(&mut writer)?;
        Ok(SqliteStore {
            inner: Arc::new(Inner {
                path: path.to_owned(),
                writer: Mutex::new(writer),
                readers: Mutex::new(Vec::new()),
                readers_kept: options.readers_kept,
                read_slots: Arc::new(tokio::sync::Semaphore::new(options.readers_kept.max(1))),
                readers_opened: AtomicU64::new(0),
                data_version: Mutex::new(None),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Reader connections opened so far: with enough kept, no more than reads ran at once.
    pub fn readers_opened(&self) -> u64 {
        self.inner.readers_opened.load(Ordering::Relaxed)
    }

    /// Every merchant's sums over `from` to `to`, merchant by merchant, in one statement.
    async fn days_by_merchant_between(
        &self,
        from: Date,
        to: Date,
    ) -> Result<Vec<MerchantDay>, StoreError> {
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

    /// The platform's sums over `from` to `to`, in one statement.
    async fn platform_days_between(&self, from: Date, to: Date) -> Result<DayFigures, StoreError> {
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

    /// Run `f` on a reader connection in the blocking pool.
    async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let inner = self.inner.clone();
        let slot = inner
            .read_slots
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| StoreError::Task(e.to_string()))?;
        tokio::task::spawn_blocking(move || {
            let conn = inner.checkout()?;
            let result = f(&conn);
            inner.checkin(conn);
            drop(slot);
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

/// Open a connection with the settings redress relies on, and check they took; its page
/// cache holds up to `cache_kib` KiB.
pub(crate) fn connect(path: &Path, cache_kib: u32) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    // The writer's page cache is large (`WRITER_CACHE_MIB_DEFAULT`): SQLite's default
    // (2 MiB) is spent at once by a store of many merchants: every key starts with the
    // merchant, so inserts land all over each index and, uncached, each one reads index
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
        "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;
         PRAGMA wal_autocheckpoint=65536; PRAGMA journal_size_limit=67108864;
         PRAGMA mmap_size=2147483648;",
    )?;
    // A negative size is in KiB.
    conn.pragma_update(None, "cache_size", -i64::from(cache_kib))?;
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
pub(super) fn add_days(
    tx: &rusqlite::Transaction<'_>,
    rows: &[MerchantDay],
) -> Result<(), StoreError> {
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
pub(super) fn add_creator_days(
    tx: &rusqlite::Transaction<'_>,
    rows: &[CreatorDay],
) -> Result<(), StoreError> {
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

/// A window of two days or more cut in two: where the first half ends and the second
/// begins.
fn halves(from: Date, to: Date) -> Option<(Date, Date)> {
    let days = from.until((jiff::Unit::Day, to)).ok()?.get_days();
    let first_to = from
        .checked_add(jiff::Span::new().days((days - 1) / 2))
        .ok()?;
    (days >= 1).then_some((first_to, first_to.tomorrow().ok()?))
}

fn sqlite_placeholder(i: usize) -> String {
    format!("?{i}")
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
            .write(move |conn| span.in_scope(|| commit::commit_batch(conn, batch)))
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

    async fn load_orders(
        &self,
        orders: &[OrderId],
    ) -> Result<Vec<(MerchantId, OrderId, Option<State>)>, StoreError> {
        let orders = orders.to_vec();
        self.read(move |conn| {
            let mut found = Vec::with_capacity(orders.len());
            for order in orders {
                let merchant = conn
                    .prepare_cached("SELECT merchant_id FROM orders WHERE order_id = ?1")?
                    .query_row(params![order.as_str()], |r| r.get::<_, String>(0))
                    .optional()?
                    .map(|m| parse_id(m, MerchantId::parse_stored))
                    .transpose()?;
                if let Some(merchant) = merchant {
                    let key = StreamKey::Order {
                        merchant: merchant.clone(),
                        order: order.clone(),
                    };
                    let state = load_stream(conn, &key)?;
                    found.push((merchant, order, state));
                }
            }
            Ok(found)
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

    async fn closed_merchant_requests(
        &self,
        merchant: Option<&MerchantId>,
        limit: usize,
    ) -> Result<Vec<DueDeadline>, StoreError> {
        // Whose: from the few merchants the platform handles for (their partial index,
        // migration 0021), or from the one asked about (its key). Then to their deadlines:
        // CROSS JOIN keeps SQLite from walking every deadline by due time instead.
        let (whose, args) = match merchant {
            None => ("", vec![Value::from(limit as i64)]),
            Some(merchant) => (
                "m.merchant_id = ?2 AND",
                vec![Value::from(limit as i64), Value::from(merchant.to_string())],
            ),
        };
        let sql = format!(
            "SELECT d.merchant_id, d.order_id, d.ticket_id, d.kind, d.due_us
             FROM merchants m CROSS JOIN deadlines d CROSS JOIN tickets t
             WHERE {whose} (m.refund_handling_closed IS NOT NULL OR m.settles_return_shipping)
               AND d.merchant_id = m.merchant_id AND d.kind = 'merchant_response'
               AND t.merchant_id = d.merchant_id AND t.ticket_id = d.ticket_id
               AND (m.refund_handling_closed IS NOT NULL OR t.kind = 'return_shipping')
             ORDER BY d.due_us, d.merchant_id, d.ticket_id LIMIT ?1"
        );
        self.read(move |conn| {
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt
                .query_map(rusqlite::params_from_iter(args), |r| {
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
        // One statement runs on one core, and the window of a million merchants is thirty
        // million rows: its two halves of days are summed side by side, on two readers,
        // and added up merchant by merchant.
        let Some((first_to, second_from)) = halves(from, to) else {
            return self.days_by_merchant_between(from, to).await;
        };
        let (first, second) = tokio::try_join!(
            self.days_by_merchant_between(from, first_to),
            self.days_by_merchant_between(second_from, to),
        )?;
        Ok(days::merge_by_merchant(first, second, to))
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
        // As `days_by_merchant`: the two halves of the window side by side.
        let Some((first_to, second_from)) = halves(from, to) else {
            return self.platform_days_between(from, to).await;
        };
        let (mut first, second) = tokio::try_join!(
            self.platform_days_between(from, first_to),
            self.platform_days_between(second_from, to),
        )?;
        first.add(&second);
        Ok(first)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// As many reads at once as the pool keeps, twice: the second round opens nothing.
    #[test]
    fn kept_readers_are_reused_and_the_rest_closed() {
        let dir = tempfile::tempdir().expect("a scratch directory");
        let store = SqliteStore::open(&dir.path().join("readers.db")).expect("opens");
        let inner = &store.inner;
        for round in 1..=2 {
            let conns: Vec<Connection> = (0..READERS_KEPT_DEFAULT)
                .map(|_| inner.checkout().expect("a reader"))
                .collect();
            conns.into_iter().for_each(|c| inner.checkin(c));
            assert_eq!(
                store.readers_opened(),
                READERS_KEPT_DEFAULT as u64,
                "round {round}"
            );
        }
        // Beyond the limit, a reader is opened for the read and closed after it.
        let conns: Vec<Connection> = (0..=READERS_KEPT_DEFAULT)
            .map(|_| inner.checkout().expect("a reader"))
            .collect();
        conns.into_iter().for_each(|c| inner.checkin(c));
        assert_eq!(
            inner.readers.lock().expect("pool").len(),
            READERS_KEPT_DEFAULT
        );
        assert_eq!(store.readers_opened(), READERS_KEPT_DEFAULT as u64 + 1);
    }

    /// Four times as many reads at once as readers are kept: they run as many at a time as
    /// are kept, on the kept connections, and open no more. Each read waits at a barrier
    /// for as many others as are kept, so the test stops only if that many run together.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_burst_of_reads_waits_for_the_kept_readers() {
        use std::sync::{Barrier, atomic::AtomicUsize};
        let dir = tempfile::tempdir().expect("a scratch directory");
        let store = SqliteStore::open(&dir.path().join("burst.db")).expect("opens");
        let together = Arc::new(Barrier::new(READERS_KEPT_DEFAULT));
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let mut reads = tokio::task::JoinSet::new();
        for _ in 0..4 * READERS_KEPT_DEFAULT {
            let (store, together) = (store.clone(), together.clone());
            let (running, most) = (running.clone(), most.clone());
            reads.spawn(async move {
                store
                    .read(move |conn| {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        let one: i64 = conn.query_row("SELECT 1", [], |r| r.get(0))?;
                        together.wait();
                        running.fetch_sub(1, Ordering::SeqCst);
                        Ok(one)
                    })
                    .await
            });
        }
        while let Some(read) = reads.join_next().await {
            assert_eq!(read.expect("joined").expect("read"), 1);
        }
        assert_eq!(most.load(Ordering::SeqCst), READERS_KEPT_DEFAULT);
        assert_eq!(store.readers_opened(), READERS_KEPT_DEFAULT as u64);
    }

    /// The window's halves cover it, day for day, without overlap.
    #[test]
    fn a_window_is_cut_into_two_halves_that_cover_it() {
        use jiff::civil::date;
        let d = |day| date(2026, 3, day);
        assert_eq!(halves(d(1), d(30)), Some((d(15), d(16))));
        assert_eq!(halves(d(1), d(31)), Some((d(15), d(16))));
        assert_eq!(halves(d(1), d(2)), Some((d(1), d(2))));
        assert_eq!(halves(d(1), d(1)), None);
        assert_eq!(halves(d(2), d(1)), None);
    }

    /// The writer's page cache is the configured one, and each reader's the small one: the
    /// bound on what SQLite keeps in memory.
    #[test]
    fn page_caches_are_the_configured_sizes() {
        let dir = tempfile::tempdir().expect("a scratch directory");
        let cache_size = |conn: &Connection| -> i64 {
            conn.query_row("PRAGMA cache_size", [], |r| r.get(0))
                .expect("cache_size")
        };
        for mib in [WRITER_CACHE_MIB_DEFAULT, 7] {
            let options = SqliteOptions {
                writer_cache_mib: mib,
                ..SqliteOptions::default()
            };
            let store =
                SqliteStore::open_with(&dir.path().join("caches.db"), options).expect("opens");
            let writer = store.inner.writer.lock().expect("writer");
            assert_eq!(
                cache_size(&writer),
                -i64::from(mib) * 1024,
                "writer at {mib} MiB"
            );
            let reader = store.inner.checkout().expect("a reader");
            assert_eq!(cache_size(&reader), -i64::from(READER_CACHE_KIB));
        }
    }
}
