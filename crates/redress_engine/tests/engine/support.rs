//! The shared harness: [`TestEngine`], an engine over a fresh database of the test's
//! [`Backend`] (an SQLite file in a temporary directory, or a PostgreSQL schema of its own), a
//! [`ManualClock`] and the default policy, with helpers that build the usual submissions.
//!
//! Every test runs once per backend: [`on_every_backend`] turns `async fn name(backend)`
//! into the tests `name::sqlite` and `name::postgres`, so that a failure names its backend.
//! The backends, the PostgreSQL skip line (`REDRESS_TEST_POSTGRES`, required when `CI` is
//! set), the database of each test's own and the end-of-test proofs come from
//! `redress_testkit`, shared with the other test binaries.
//!
//! When a test ends the harness checks that the engine left nothing behind
//! (`redress_testkit::proofs::left_behind`): no deadline due at the clock's time is left
//! unfired, every projection equals a replay of the event log, and the metrics equal the
//! oracle's recount. Tests call [`TestEngine::finish`] to run the check after a graceful
//! shutdown; a test that does not is checked on drop, on a thread of its own so that the check
//! needs no particular runtime.
//!
//! The store is wrapped in [`TestStore`], which passes everything through to the backend but
//! lets a test hold commits (to see what the writer answers while a batch is being committed) or
//! fail them (to see what it answers when a commit fails).

use redress_domain::Date;
use redress_domain::evidence::{Evidence, EvidenceKind};
use redress_domain::metrics::DayFigures;
use redress_domain::{
    Actor, BuyerId, Currency, ItemFlags, ItemId, MerchantId, Money, NewOrder, NewTicket, Order,
    OrderChange, OrderCommand, OrderId, OrderItem, ParcelUpdate, Policy, ProductId, Reason,
    SignedDuration, Signer, StaffId, Ticket, TicketAction, TicketId, TicketKind, Timestamp,
};
use redress_engine::{
    Clock, Command, Engine, EngineConfig, EngineError, FireReport, ManualClock, Receipt, Submission,
};
use redress_store::days::{CreatorDay, MerchantDay};
use redress_store::postgres::PgPool;
use redress_store::sqlite::StoredEvent;
use redress_store::{
    AnyStore, DueDeadline, EvaluationRun, IdempotencyRecord, ReplayReport, State, Store,
    StoreError, StreamKey, Write, WriteOutcome, codec,
};
use redress_testkit::Database;
use redress_testkit::proofs::{left_behind, left_behind_blocking};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use tokio::sync::watch;

pub use redress_testkit::Backend;
// Kept under its old path for tests that name the variable in their messages.
#[allow(unused_imports)]
pub use redress_testkit::POSTGRES_VARIABLE;
// The one macro that runs a test on each backend, kept under its old path for the tests.
pub(crate) use redress_testkit::on_every_backend;

/// Monday 3 March 2025, 02:00 UTC: where every test's clock starts.
pub fn t0() -> Timestamp {
    "2025-03-03T02:00:00Z".parse().expect("a valid instant")
}

pub fn hours(n: i64) -> SignedDuration {
    SignedDuration::from_hours(n)
}

/// Far enough ahead that every deadline a test creates is due by then.
pub fn far_future() -> Timestamp {
    t0() + hours(24 * 365 * 20)
}

// ---------------------------------------------------------------------------------------------
// Ids, money and submissions.

pub fn merchant(raw: &str) -> MerchantId {
    MerchantId::parse(raw).expect("a valid merchant id")
}

pub fn buyer(raw: &str) -> BuyerId {
    BuyerId::parse(raw).expect("a valid buyer id")
}

pub fn order_id(raw: &str) -> OrderId {
    OrderId::parse(raw).expect("a valid order id")
}

pub fn ticket_id(raw: &str) -> TicketId {
    TicketId::parse(raw).expect("a valid ticket id")
}

pub fn item(raw: &str) -> ItemId {
    ItemId::parse(raw).expect("a valid item id")
}

pub fn staff(raw: &str) -> StaffId {
    StaffId::parse(raw).expect("a valid staff id")
}

pub fn cny(minor: i64) -> Money {
    Money::new(minor, Currency::CNY).expect("a valid amount")
}

/// An order of two items, `i1` (60 %) and `i2` (the rest), both eligible for seven-day
/// returns.
pub fn new_order(
    order: &str,
    merchant_raw: &str,
    buyer_raw: &str,
    paid_minor: i64,
    paid_at: Timestamp,
) -> NewOrder {
    let first = paid_minor * 6 / 10;
    let line = |id: &str, product: &str, amount: i64| OrderItem {
        id: item(id),
        product: ProductId::parse(product).expect("a valid product id"),
        category: "apparel".to_owned(),
        quantity: 1,
        amount: cny(amount),
        flags: ItemFlags {
            seven_day_return: true,
            ..ItemFlags::default()
        },
    };
    NewOrder {
        id: order_id(order),
        merchant: merchant(merchant_raw),
        buyer: buyer(buyer_raw),
        items: vec![
            line("i1", "p1", first),
            line("i2", "p2", paid_minor - first),
        ],
        paid: cny(paid_minor),
        paid_at,
        creator: None,
        shipping_fee: cny(0),
        freight_insurance: false,
    }
}

pub fn on_order(actor: Actor, order: &OrderId, command: OrderCommand) -> Submission {
    Submission::new(
        actor,
        Command::Order {
            order: order.clone(),
            command,
        },
    )
}

pub fn place(new: &NewOrder) -> Submission {
    on_order(
        Actor::Integration,
        &new.id,
        OrderCommand::Place(new.clone()),
    )
}

pub fn new_ticket(ticket: &str, kind: TicketKind, reason: Reason, amount_minor: i64) -> NewTicket {
    NewTicket {
        id: ticket_id(ticket),
        kind,
        reason,
        amount: Some(cny(amount_minor)),
        items: Vec::new(),
        description: "please".to_owned(),
        evidence: Vec::new(),
    }
}

pub fn on_ticket(
    actor: Actor,
    order: &OrderId,
    ticket: &TicketId,
    expected_version: Option<u64>,
    action: TicketAction,
) -> Submission {
    on_order(
        actor,
        order,
        OrderCommand::Ticket {
            ticket: ticket.clone(),
            expected_version,
            action,
        },
    )
}

/// One piece of every kind of evidence: satisfies any checklist.
pub fn all_evidence() -> Vec<Evidence> {
    EvidenceKind::ALL
        .into_iter()
        .map(|kind| Evidence {
            kind,
            reference: format!("sha256:{}", kind.as_str()),
            note: String::new(),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Backends, and a database of each test's own.

// The backends and the database of each test's own are `redress_testkit`'s.

// ---------------------------------------------------------------------------------------------
// The store, with faults a test can switch on.

/// The backend's store, passed through, with two switches: hold commits until released, and
/// fail the next commits. Everything else goes straight to the wrapped store.
#[derive(Clone, Debug)]
pub struct TestStore {
    store: AnyStore,
    faults: Arc<Faults>,
}

#[derive(Debug)]
pub struct Faults {
    /// `false` holds every commit at the door.
    open: watch::Sender<bool>,
    /// Commits waiting at the door.
    held: watch::Sender<usize>,
    failures_left: AtomicUsize,
    /// Every commit holding a write to this order fails (a value the database refuses).
    poisoned: std::sync::Mutex<Option<OrderId>>,
    /// How many writes each commit that failed on the poisoned order held, in order.
    poisoned_commits: std::sync::Mutex<Vec<usize>>,
    /// The next commit panics, inside the writer.
    panic_next: AtomicBool,
}

impl Faults {
    fn new() -> Self {
        Faults {
            open: watch::Sender::new(true),
            held: watch::Sender::new(0),
            failures_left: AtomicUsize::new(0),
            poisoned: std::sync::Mutex::new(None),
            poisoned_commits: std::sync::Mutex::new(Vec::new()),
            panic_next: AtomicBool::new(false),
        }
    }

    /// Every commit from now on that writes to `order` fails with a storage error and
    /// writes nothing, whatever else it holds.
    pub fn poison(&self, order: &OrderId) {
        *self.poisoned.lock().expect("poison lock") = Some(order.clone());
    }

    /// Commits that write the poisoned order succeed again.
    pub fn cure(&self) {
        *self.poisoned.lock().expect("poison lock") = None;
    }

    /// The sizes (in writes) of the commits that failed on the poisoned order, in order.
    pub fn poisoned_commits(&self) -> Vec<usize> {
        self.poisoned_commits.lock().expect("poison lock").clone()
    }

    /// The next commit panics, as a bug in the commit path would.
    pub fn panic_next_commit(&self) {
        self.panic_next.store(true, Ordering::SeqCst);
    }

    /// Commits from now on wait until [`Faults::release_commits`].
    pub fn hold_commits(&self) {
        self.open.send_replace(false);
    }

    pub fn release_commits(&self) {
        self.open.send_replace(true);
    }

    /// Returns once some commit is waiting at the door.
    pub async fn commit_held(&self) {
        let mut held = self.held.subscribe();
        let _ = held.wait_for(|n| *n > 0).await;
    }

    /// The next `n` commits fail with a storage error and write nothing.
    pub fn fail_next_commits(&self, n: usize) {
        self.failures_left.store(n, Ordering::SeqCst);
    }
}

impl TestStore {
    fn new(store: AnyStore) -> TestStore {
        TestStore {
            store,
            faults: Arc::new(Faults::new()),
        }
    }

    /// The backend's store itself, for reads beyond the engine's trait (the feed).
    pub fn inner(&self) -> &AnyStore {
        &self.store
    }

    /// Give the store's connections back to the server (PostgreSQL) now rather than when the
    /// test's runtime ends: a property test opens many stores.
    async fn close(&self) {
        if let AnyStore::Postgres(store) = &self.store {
            store.close().await;
        }
    }
}

impl Store for TestStore {
    async fn load(&self, stream: &StreamKey) -> Result<Option<State>, StoreError> {
        self.store.load(stream).await
    }

    async fn closed_merchant_requests(
        &self,
        merchant: Option<&MerchantId>,
        limit: usize,
    ) -> Result<Vec<DueDeadline>, StoreError> {
        self.store.closed_merchant_requests(merchant, limit).await
    }

    async fn commit(&self, batch: Vec<Write>) -> Result<Vec<WriteOutcome>, StoreError> {
        let mut open = self.faults.open.subscribe();
        let closed = !*open.borrow();
        if closed {
            self.faults.held.send_modify(|n| *n += 1);
            let _ = open.wait_for(|open| *open).await;
            self.faults.held.send_modify(|n| *n -= 1);
        }
        let fail = self
            .faults
            .failures_left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        if fail {
            return Err(StoreError::Invalid("injected commit failure".to_owned()));
        }
        if self.faults.panic_next.swap(false, Ordering::SeqCst) {
            panic!("injected panic in a commit");
        }
        let poisoned = self.faults.poisoned.lock().expect("poison lock").clone();
        if let Some(order) = poisoned
            && batch
                .iter()
                .any(|w| matches!(&w.stream, StreamKey::Order { order: o, .. } if *o == order))
        {
            self.faults
                .poisoned_commits
                .lock()
                .expect("poison lock")
                .push(batch.len());
            return Err(StoreError::Invalid(format!(
                "injected failure of every commit that writes order {order}"
            )));
        }
        self.store.commit(batch).await
    }

    async fn idempotency(
        &self,
        merchant: &str,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, StoreError> {
        self.store.idempotency(merchant, key).await
    }

    async fn locate_order(&self, order: &OrderId) -> Result<Option<MerchantId>, StoreError> {
        self.store.locate_order(order).await
    }

    async fn locate_ticket(
        &self,
        ticket: &TicketId,
    ) -> Result<Option<(MerchantId, OrderId)>, StoreError> {
        self.store.locate_ticket(ticket).await
    }

    async fn due_deadlines(
        &self,
        now: Timestamp,
        limit: usize,
    ) -> Result<Vec<DueDeadline>, StoreError> {
        self.store.due_deadlines(now, limit).await
    }

    async fn claim_due(
        &self,
        now: Timestamp,
        limit: usize,
        lease: SignedDuration,
    ) -> Result<Vec<DueDeadline>, StoreError> {
        self.store.claim_due(now, limit, lease).await
    }

    async fn next_deadline(&self) -> Result<Option<Timestamp>, StoreError> {
        self.store.next_deadline().await
    }

    async fn replay(&self) -> Result<ReplayReport, StoreError> {
        self.store.replay().await
    }

    async fn written_elsewhere(&self) -> Result<bool, StoreError> {
        self.store.written_elsewhere().await
    }

    async fn merchant_days(
        &self,
        merchant: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<MerchantDay>, StoreError> {
        self.store.merchant_days(merchant, from, to).await
    }

    async fn days_by_merchant(&self, from: Date, to: Date) -> Result<Vec<MerchantDay>, StoreError> {
        self.store.days_by_merchant(from, to).await
    }

    async fn creator_days(
        &self,
        creator: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<CreatorDay>, StoreError> {
        self.store.creator_days(creator, from, to).await
    }

    async fn days_by_creator(&self, from: Date, to: Date) -> Result<Vec<CreatorDay>, StoreError> {
        self.store.days_by_creator(from, to).await
    }

    async fn platform_days(&self, from: Date, to: Date) -> Result<DayFigures, StoreError> {
        self.store.platform_days(from, to).await
    }

    async fn last_evaluation(&self) -> Result<Option<EvaluationRun>, StoreError> {
        self.store.last_evaluation().await
    }

    async fn record_evaluation(&self, run: &EvaluationRun) -> Result<(), StoreError> {
        self.store.record_evaluation(run).await
    }
}

// ---------------------------------------------------------------------------------------------
// The engine under test.

#[derive(Debug)]
pub struct TestEngineBuilder {
    backend: Backend,
    config: Option<EngineConfig>,
}

impl TestEngineBuilder {
    pub fn config(mut self, config: EngineConfig) -> Self {
        self.config = Some(config);
        self
    }

    /// Start the engine on a fresh database. Must be called inside a Tokio runtime.
    pub async fn start(self) -> TestEngine {
        let database = Arc::new(Database::create(&self.backend, "redress_engine_test"));
        let clock = Arc::new(ManualClock::new(t0()));
        TestEngine::open(
            database,
            clock,
            Policy::default(),
            self.config.unwrap_or_default(),
        )
        .await
    }
}

async fn start_engine(
    database: &Database,
    clock: &Arc<ManualClock>,
    policy: &Policy,
    config: &EngineConfig,
) -> (Engine<TestStore>, TestStore) {
    let store = TestStore::new(database.open().await);
    let engine = Engine::start(
        store.clone(),
        clock.clone() as Arc<dyn Clock>,
        policy.clone(),
        config.clone(),
    );
    (engine, store)
}

/// An engine over its own database. Several may share one database
/// ([`TestEngine::second`]), each with its own connections, writer and cache, as several
/// processes would.
#[derive(Debug)]
pub struct TestEngine {
    pub engine: Engine<TestStore>,
    pub clock: Arc<ManualClock>,
    store: TestStore,
    database: Arc<Database>,
    policy: Policy,
    config: EngineConfig,
    /// Set once the end-of-test check has run.
    checked: bool,
}

impl TestEngine {
    pub fn builder(backend: &Backend) -> TestEngineBuilder {
        TestEngineBuilder {
            backend: backend.clone(),
            config: None,
        }
    }

    /// An engine on a fresh database, with the default policy and configuration.
    pub async fn start(backend: &Backend) -> TestEngine {
        TestEngine::builder(backend).start().await
    }

    async fn open(
        database: Arc<Database>,
        clock: Arc<ManualClock>,
        policy: Policy,
        config: EngineConfig,
    ) -> TestEngine {
        let (engine, store) = start_engine(&database, &clock, &policy, &config).await;
        TestEngine {
            engine,
            clock,
            store,
            database,
            policy,
            config,
            checked: false,
        }
    }

    /// Another engine on the same database and clock: its own connections, writer and
    /// cache, like a second process.
    pub async fn second(&self) -> TestEngine {
        TestEngine::open(
            self.database.clone(),
            self.clock.clone(),
            self.policy.clone(),
            self.config.clone(),
        )
        .await
    }

    /// Shut this engine down and start a new one on the same database and clock, as after a
    /// restart of the process: new connections, and a new writer with a cold cache.
    pub async fn restart(&mut self) {
        self.engine.shutdown().await;
        self.store.close().await;
        (self.engine, self.store) =
            start_engine(&self.database, &self.clock, &self.policy, &self.config).await;
    }

    /// Shut down gracefully, then check that nothing was left behind.
    pub async fn finish(mut self) {
        self.engine.shutdown().await;
        self.checked = true;
        let problems = left_behind(&self.store.store, self.clock.now(), &test_zone()).await;
        self.store.close().await;
        assert!(problems.is_empty(), "the engine left: {problems:#?}");
    }

    /// Overwrite every stored idempotency fingerprint, as rows an earlier release wrote would
    /// hold them; straight in the database, beneath the store.
    pub async fn overwrite_stored_fingerprints(&self, fingerprint: &str) {
        if let Some(path) = self.database.sqlite_path() {
            let conn = rusqlite::Connection::open(path).expect("the database opens");
            conn.execute("UPDATE idempotency SET fingerprint = ?1", [fingerprint])
                .expect("the fingerprints are overwritten");
        }
        if let Some((url, schema)) = self.database.postgres_schema() {
            let pool = PgPool::connect(url).await.expect("PostgreSQL answers");
            // The schema name is the harness's own (`unique_schema`), not input.
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE \"{schema}\".idempotency SET fingerprint = $1"
            )))
            .bind(fingerprint)
            .execute(&pool)
            .await
            .expect("the fingerprints are overwritten");
            pool.close().await;
        }
    }

    pub fn store(&self) -> &TestStore {
        &self.store
    }

    pub fn faults(&self) -> &Faults {
        &self.store.faults
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    pub async fn execute(&self, submission: Submission) -> Result<Receipt, EngineError> {
        self.engine.execute(submission).await
    }

    /// Execute a command that must succeed.
    pub async fn ok(&self, submission: Submission) -> Receipt {
        let shown = format!("{submission:?}");
        match self.engine.execute(submission).await {
            Ok(receipt) => receipt,
            Err(error) => panic!("{shown} was refused: {error} ({})", error.code()),
        }
    }

    /// Place an order of two items paid now.
    pub async fn place_order(&self, order: &str, merchant: &str, buyer: &str) -> OrderId {
        let new = new_order(order, merchant, buyer, 50_000, self.now());
        self.ok(place(&new)).await;
        new.id
    }

    /// Ship the order and have the buyer sign for it.
    pub async fn deliver(&self, order: &OrderId) {
        self.ok(on_order(
            Actor::Integration,
            order,
            OrderCommand::single_parcel(ParcelUpdate::TrackingEntered {
                tracking: format!("SF{order}"),
                items: Vec::new(),
            }),
        ))
        .await;
        self.ok(on_order(
            Actor::Integration,
            order,
            OrderCommand::single_parcel(ParcelUpdate::Delivered {
                signer: Signer::Buyer,
            }),
        ))
        .await;
    }

    /// Open a ticket on the whole order, as its buyer.
    pub async fn open_ticket(
        &self,
        order: &OrderId,
        ticket: &str,
        kind: TicketKind,
        amount_minor: i64,
    ) -> TicketId {
        let buyer = self.order(order).await.buyer;
        let new = new_ticket(ticket, kind, Reason::QualityProblem, amount_minor);
        self.ok(on_order(
            Actor::Buyer(buyer),
            order,
            OrderCommand::OpenTicket(new.clone()),
        ))
        .await;
        new.id
    }

    pub async fn order(&self, order: &OrderId) -> Order {
        self.engine
            .order(order)
            .await
            .expect("the store answers")
            .unwrap_or_else(|| panic!("order {order} exists"))
    }

    pub async fn ticket(&self, order: &OrderId, ticket: &TicketId) -> Ticket {
        self.order(order)
            .await
            .tickets
            .remove(ticket)
            .unwrap_or_else(|| panic!("ticket {ticket} exists"))
    }

    /// The whole event log, in commit order.
    pub async fn log(&self) -> Vec<StoredEvent> {
        events_after(&self.store, 0).await
    }

    /// Move the clock forward by `by`, firing every deadline on the way.
    pub async fn advance(&self, by: SignedDuration) -> FireReport {
        self.advance_to(self.now() + by).await
    }

    pub async fn advance_to(&self, to: Timestamp) -> FireReport {
        self.engine
            .advance_to(&self.clock, to)
            .await
            .unwrap_or_else(|error| panic!("advancing to {to} failed: {error}"))
    }
}

impl Drop for TestEngine {
    fn drop(&mut self) {
        if self.checked || std::thread::panicking() {
            return;
        }
        // Drop cannot await: the check runs on a thread with a runtime of its own.
        let problems = left_behind_blocking(&self.database, self.clock.now(), &test_zone());
        assert!(problems.is_empty(), "the engine left: {problems:#?}");
    }
}

/// The platform's time zone of every test: the default policy's, which the tests keep.
fn test_zone() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get(&Policy::default().time_zone).expect("a known zone")
}

// ---------------------------------------------------------------------------------------------
// Reading the log.

pub async fn events_after(store: &TestStore, position: i64) -> Vec<StoredEvent> {
    store
        .store
        .events_after(position, 1_000_000)
        .await
        .expect("the log can be read")
}

/// The order change a stored event holds, or `None` for other streams' events.
pub fn order_change(event: &StoredEvent) -> Option<OrderChange> {
    event.stream.starts_with("order:").then(|| {
        codec::decode_order_change(&event.kind, &event.payload)
            .unwrap_or_else(|e| panic!("event {} does not decode: {e}", event.position))
    })
}

/// How many events of `kind` the log holds about `ticket`.
pub fn ticket_events(log: &[StoredEvent], ticket: &TicketId, kind: &str) -> usize {
    log.iter()
        .filter(|e| e.kind == kind)
        .filter(|e| matches!(order_change(e), Some(OrderChange::Ticket { ticket: t, .. }) if t == *ticket))
        .count()
}

/// A receipt is proof of a commit: its events are in its stream, in order, ending at its
/// version.
pub fn assert_receipt_in_log(log: &[StoredEvent], receipt: &Receipt) {
    let stream: Vec<&StoredEvent> = log.iter().filter(|e| e.stream == receipt.stream).collect();
    let first = receipt.version + 1 - receipt.events.len() as u64;
    let recorded: Vec<&str> = stream
        .iter()
        .filter(|e| (first..=receipt.version).contains(&e.seq))
        .map(|e| e.kind.as_str())
        .collect();
    let acknowledged: Vec<&str> = receipt.events.iter().map(|e| e.as_str()).collect();
    assert_eq!(
        recorded, acknowledged,
        "receipt {receipt:?} is not what the log holds for {}",
        receipt.stream
    );
}
