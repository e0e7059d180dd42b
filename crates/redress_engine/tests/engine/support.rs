//! The shared harness: [`TestEngine`], an engine over a fresh SQLite file in a temporary
//! directory, a [`ManualClock`] and the default policy, with helpers that build the usual
//! submissions.
//!
//! When a test ends the harness checks that the engine left nothing behind (crates_io's
//! `TestApp` does the same for background jobs): no deadline due at the clock's time is left
//! unfired, and every projection equals a replay of the event log. Tests call
//! [`TestEngine::finish`] to run the check after a graceful shutdown; a test that does not is
//! checked on drop, on a thread of its own so that the check needs no particular runtime.
//!
//! The store is wrapped in [`TestStore`], which passes everything through to SQLite but lets
//! a test hold commits (to see what the writer answers while a batch is being committed) or
//! fail them (to see what it answers when a commit fails).

use redress_domain::evidence::{Evidence, EvidenceKind};
use redress_domain::{
    Actor, BuyerId, Currency, ItemFlags, ItemId, MerchantId, Money, NewOrder, NewTicket, Order,
    OrderChange, OrderCommand, OrderId, OrderItem, ParcelUpdate, Policy, ProductId, Reason,
    SignedDuration, Signer, StaffId, Ticket, TicketAction, TicketId, TicketKind, Timestamp,
};
use redress_engine::{
    Clock, Command, Engine, EngineConfig, EngineError, FireReport, ManualClock, Receipt, Submission,
};
use redress_store::sqlite::StoredEvent;
use redress_store::{
    DueDeadline, IdempotencyRecord, ReplayReport, SqliteStore, State, Store, StoreError, StreamKey,
    Write, WriteOutcome, codec,
};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tempfile::TempDir;
use tokio::sync::watch;

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
        amount: cny(amount_minor),
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
// The store, with faults a test can switch on.

/// SQLite, passed through, with two switches: hold commits until released, and fail the next
/// commits. Everything else goes straight to the wrapped store.
#[derive(Clone, Debug)]
pub struct TestStore {
    sqlite: SqliteStore,
    faults: Arc<Faults>,
}

#[derive(Debug)]
pub struct Faults {
    /// `false` holds every commit at the door.
    open: watch::Sender<bool>,
    /// Commits waiting at the door.
    held: watch::Sender<usize>,
    failures_left: AtomicUsize,
}

impl Faults {
    fn new() -> Self {
        Faults {
            open: watch::Sender::new(true),
            held: watch::Sender::new(0),
            failures_left: AtomicUsize::new(0),
        }
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
    pub fn sqlite(&self) -> &SqliteStore {
        &self.sqlite
    }
}

impl Store for TestStore {
    async fn load(&self, stream: &StreamKey) -> Result<Option<State>, StoreError> {
        self.sqlite.load(stream).await
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
        self.sqlite.commit(batch).await
    }

    async fn idempotency(
        &self,
        merchant: &str,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, StoreError> {
        self.sqlite.idempotency(merchant, key).await
    }

    async fn locate_order(&self, order: &OrderId) -> Result<Option<MerchantId>, StoreError> {
        self.sqlite.locate_order(order).await
    }

    async fn locate_ticket(
        &self,
        ticket: &TicketId,
    ) -> Result<Option<(MerchantId, OrderId)>, StoreError> {
        self.sqlite.locate_ticket(ticket).await
    }

    async fn due_deadlines(
        &self,
        now: Timestamp,
        limit: usize,
    ) -> Result<Vec<DueDeadline>, StoreError> {
        self.sqlite.due_deadlines(now, limit).await
    }

    async fn claim_due(
        &self,
        now: Timestamp,
        limit: usize,
        lease: SignedDuration,
    ) -> Result<Vec<DueDeadline>, StoreError> {
        self.sqlite.claim_due(now, limit, lease).await
    }

    async fn next_deadline(&self) -> Result<Option<Timestamp>, StoreError> {
        self.sqlite.next_deadline().await
    }

    async fn replay(&self) -> Result<ReplayReport, StoreError> {
        self.sqlite.replay().await
    }

    async fn written_elsewhere(&self) -> Result<bool, StoreError> {
        self.sqlite.written_elsewhere().await
    }
}

// ---------------------------------------------------------------------------------------------
// The engine under test.

#[derive(Debug, Default)]
pub struct TestEngineBuilder {
    config: Option<EngineConfig>,
}

impl TestEngineBuilder {
    pub fn config(mut self, config: EngineConfig) -> Self {
        self.config = Some(config);
        self
    }

    /// Start the engine. Must be called inside a Tokio runtime.
    pub fn start(self) -> TestEngine {
        let dir = Arc::new(tempfile::tempdir().expect("a temporary directory"));
        let path = dir.path().join("redress.db");
        let clock = Arc::new(ManualClock::new(t0()));
        TestEngine::open(
            dir,
            path,
            clock,
            Policy::default(),
            self.config.unwrap_or_default(),
        )
    }
}

fn start_engine(
    path: &Path,
    clock: &Arc<ManualClock>,
    policy: &Policy,
    config: &EngineConfig,
) -> (Engine<TestStore>, TestStore) {
    let store = TestStore {
        sqlite: SqliteStore::open(path).expect("the database opens"),
        faults: Arc::new(Faults::new()),
    };
    let engine = Engine::start(
        store.clone(),
        clock.clone() as Arc<dyn Clock>,
        policy.clone(),
        config.clone(),
    );
    (engine, store)
}

/// An engine over its own SQLite file. Several may share one file ([`TestEngine::second`]),
/// each with its own writer and cache, as several processes would.
#[derive(Debug)]
pub struct TestEngine {
    pub engine: Engine<TestStore>,
    pub clock: Arc<ManualClock>,
    store: TestStore,
    dir: Arc<TempDir>,
    path: PathBuf,
    policy: Policy,
    config: EngineConfig,
    /// Set once the end-of-test check has run.
    checked: bool,
}

impl TestEngine {
    pub fn builder() -> TestEngineBuilder {
        TestEngineBuilder::default()
    }

    /// An engine with the default policy and configuration.
    pub fn start() -> TestEngine {
        TestEngine::builder().start()
    }

    fn open(
        dir: Arc<TempDir>,
        path: PathBuf,
        clock: Arc<ManualClock>,
        policy: Policy,
        config: EngineConfig,
    ) -> TestEngine {
        let (engine, store) = start_engine(&path, &clock, &policy, &config);
        TestEngine {
            engine,
            clock,
            store,
            dir,
            path,
            policy,
            config,
            checked: false,
        }
    }

    /// Another engine on the same database file and clock: its own connections, writer and
    /// cache, like a second process.
    pub fn second(&self) -> TestEngine {
        TestEngine::open(
            self.dir.clone(),
            self.path.clone(),
            self.clock.clone(),
            self.policy.clone(),
            self.config.clone(),
        )
    }

    /// Shut this engine down and start a new one on the same file and clock, as after a
    /// restart of the process: a new writer with a cold cache.
    pub async fn restart(&mut self) {
        self.engine.shutdown().await;
        (self.engine, self.store) =
            start_engine(&self.path, &self.clock, &self.policy, &self.config);
    }

    /// Shut down gracefully, then check that nothing was left behind.
    pub async fn finish(mut self) {
        self.engine.shutdown().await;
        self.checked = true;
        let problems = left_behind(self.store.sqlite(), self.clock.now()).await;
        assert!(problems.is_empty(), "the engine left: {problems:#?}");
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
            OrderCommand::Parcel(ParcelUpdate::TrackingEntered {
                tracking: format!("SF{order}"),
            }),
        ))
        .await;
        self.ok(on_order(
            Actor::Integration,
            order,
            OrderCommand::Parcel(ParcelUpdate::Delivered {
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
        events_after(self.store.sqlite(), 0).await
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
        // Drop cannot await, and the test's runtime may be a current-thread one that this
        // very thread drives: check from a thread with a runtime of its own.
        let sqlite = self.store.sqlite.clone();
        let now = self.clock.now();
        let problems = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for the check")
                .block_on(async { left_behind(&sqlite, now).await })
        })
        .join()
        .expect("the check ran");
        assert!(problems.is_empty(), "the engine left: {problems:#?}");
    }
}

/// What a test should not leave behind: deadlines due and unfired, projections that differ
/// from a replay of the log.
async fn left_behind(store: &SqliteStore, now: Timestamp) -> Vec<String> {
    let mut problems: Vec<String> = store
        .due_deadlines(now, 10)
        .await
        .expect("deadlines can be read")
        .into_iter()
        .map(|d| format!("deadline {:?} due at {} left unfired at {now}", d, d.due_at))
        .collect();
    let replay = store.replay().await.expect("replay runs");
    problems.extend(replay.differences);
    problems
}

// ---------------------------------------------------------------------------------------------
// Reading the log.

pub async fn events_after(store: &SqliteStore, position: i64) -> Vec<StoredEvent> {
    store
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
    assert_eq!(
        recorded, receipt.events,
        "receipt {receipt:?} is not what the log holds for {}",
        receipt.stream
    );
}
