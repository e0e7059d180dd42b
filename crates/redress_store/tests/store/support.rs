//! The harness: run a test body once per backend, with a fresh store each time, and the
//! fixtures that make orders, tickets and their writes. The backends, the PostgreSQL skip
//! line and the schema per test are `redress_testkit`'s, shared with the other test binaries.

use redress_domain::{
    Actor, BuyerId, Currency, Event, ItemFlags, ItemId, MerchantId, Money, NewOrder, OrderChange,
    OrderId, OrderItem, ProductId, Reason, TicketChange, TicketId, TicketKind, Timestamp,
};
use redress_store::stream::fold;
use redress_store::{
    AnyStore, Events, IdempotencyRecord, PgStore, SqliteStore, State, Store, StreamKey, Write,
    WriteOutcome,
};
use redress_testkit::{Database, on_backend, postgres_url};
use std::future::Future;

// Kept under its old path for tests that name the variable in their messages.
#[allow(unused_imports)]
pub use redress_testkit::POSTGRES_VARIABLE;

/// A store under test, with what a test needs to reach under the `Store` trait.
pub struct Backend {
    pub name: &'static str,
    pub store: AnyStore,
}

impl Backend {
    /// Run SQL of the test's own (tampering, inspecting) on the backend's tables.
    pub async fn execute(&self, sql: &str) {
        match &self.store {
            AnyStore::Sqlite(store) => {
                let conn = rusqlite::Connection::open(store.path()).expect("the file opens");
                conn.execute_batch(sql).expect("the SQL runs");
            }
            AnyStore::Postgres(store) => {
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
                    .execute(store.pool())
                    .await
                    .expect("the SQL runs");
            }
        }
    }

    /// Reopen the same database: migrations run again.
    pub async fn reopen(&self) -> AnyStore {
        match &self.store {
            AnyStore::Sqlite(store) => {
                AnyStore::Sqlite(SqliteStore::open(store.path()).expect("the file reopens"))
            }
            AnyStore::Postgres(store) => AnyStore::Postgres(
                PgStore::connect_in_schema(&postgres_url().expect("set"), store.schema())
                    .await
                    .expect("the schema reopens"),
            ),
        }
    }

    /// One integer from the backend, for checks the trait has no method for.
    pub async fn count(&self, sql: &str) -> i64 {
        match &self.store {
            AnyStore::Sqlite(store) => {
                let conn = rusqlite::Connection::open(store.path()).expect("the file opens");
                conn.query_row(sql, [], |r| r.get(0))
                    .expect("the query runs")
            }
            AnyStore::Postgres(store) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
                .fetch_one(store.pool())
                .await
                .expect("the query runs"),
        }
    }
}

/// Run `test` against SQLite, then against PostgreSQL if configured
/// ([`redress_testkit::Backend::each`]); a failure names its backend. A set but unreachable
/// server fails the test: CI must not pass by skipping.
pub async fn each_backend<F, Fut>(test: F)
where
    F: Fn(Backend) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    for backend in redress_testkit::Backend::each() {
        // Kept until the body is done; dropping it removes the file or the schema.
        let database = Database::create(&backend, "redress_test");
        let store = database.open().await;
        on_backend(
            &backend,
            test(Backend {
                name: backend.name(),
                store,
            }),
        )
        .await;
        drop(database);
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures.

pub fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + seconds).expect("in range")
}

pub fn merchant(raw: &str) -> MerchantId {
    MerchantId::parse(raw).expect("a valid id")
}

pub fn order_key(merchant_id: &str, order: &str) -> StreamKey {
    StreamKey::Order {
        merchant: merchant(merchant_id),
        order: OrderId::parse(order).expect("a valid id"),
    }
}

fn cny(minor: i64) -> Money {
    Money::new(minor, Currency::parse("CNY").expect("a currency")).expect("in range")
}

/// A write that places an order of 100.00 CNY at `at(0)`.
pub fn place(key: &StreamKey) -> Write {
    place_for(key, "B-1")
}

/// [`place`], for another buyer.
pub fn place_for(key: &StreamKey, buyer: &str) -> Write {
    let StreamKey::Order { merchant, order } = key else {
        panic!("{key:?} is not an order");
    };
    let event = Event {
        at: at(0),
        actor: Actor::Integration,
        change: OrderChange::Placed(NewOrder {
            id: order.clone(),
            merchant: merchant.clone(),
            buyer: BuyerId::parse(buyer).expect("a valid id"),
            items: vec![OrderItem {
                id: ItemId::parse("I-1").expect("a valid id"),
                product: ProductId::parse("P-1").expect("a valid id"),
                category: "apparel".to_owned(),
                quantity: 1,
                amount: cny(10_000),
                flags: ItemFlags::default(),
            }],
            paid: cny(10_000),
            paid_at: at(0),
            creator: None,
            shipping_fee: cny(0),
            freight_insurance: false,
        }),
    };
    write_after(key, None, vec![event])
}

/// A write that opens `ticket` on the order in `state`, with its merchant deadline at `due`.
pub fn open_ticket(key: &StreamKey, state: &State, ticket: &str, due: Timestamp) -> Write {
    let event = Event {
        at: at(1),
        actor: Actor::Buyer(BuyerId::parse("B-1").expect("a valid id")),
        change: OrderChange::Ticket {
            ticket: TicketId::parse(ticket).expect("a valid id"),
            change: TicketChange::Opened {
                kind: TicketKind::RefundOnly,
                reason: Reason::DontWant,
                amount: cny(1_000),
                items: Vec::new(),
                description: "changed my mind".to_owned(),
                evidence: Vec::new(),
                opened_while_unshipped: true,
                due_at: due,
                shipping_fee: cny(0),
                return_shipping: None,
            },
        },
    };
    write_after(key, Some(state.clone()), vec![event])
}

/// The buyer withdraws the ticket at `at(2)`: it is closed and has no deadline any more.
pub fn cancel_ticket(key: &StreamKey, state: &State, ticket: &str) -> Write {
    let event = Event {
        at: at(2),
        actor: Actor::Buyer(BuyerId::parse("B-1").expect("a valid id")),
        change: OrderChange::Ticket {
            ticket: TicketId::parse(ticket).expect("a valid id"),
            change: TicketChange::Cancelled,
        },
    };
    write_after(key, Some(state.clone()), vec![event])
}

fn write_after(
    key: &StreamKey,
    state: Option<State>,
    events: Vec<redress_domain::OrderEvent>,
) -> Write {
    let expected_version = state.as_ref().map_or(0, State::version);
    let events = Events::Order(events);
    let state = fold(key, state, &events).expect("the events make an order");
    Write {
        stream: key.clone(),
        expected_version,
        events,
        state,
        idempotency: Vec::new(),
        reads: Vec::new(),
        days: Default::default(),
        creator: None,
    }
}

pub fn with_key(mut write: Write, key: &str) -> Write {
    write.idempotency.push(IdempotencyRecord {
        key: key.to_owned(),
        fingerprint: format!("fingerprint of {key}"),
        receipt: format!("{{\"receipt\":\"{key}\"}}"),
    });
    write
}

/// Commit writes that must all commit; returns the states they leave.
pub async fn commit_all(store: &AnyStore, writes: Vec<Write>) -> Vec<State> {
    let states: Vec<State> = writes.iter().map(|w| w.state.clone()).collect();
    let outcomes = store.commit(writes).await.expect("the batch commits");
    for (outcome, state) in outcomes.iter().zip(&states) {
        assert_eq!(
            *outcome,
            WriteOutcome::Committed {
                version: state.version()
            }
        );
    }
    states
}

/// An order placed with one ticket whose deadline is at `due`; returns the state.
pub async fn order_with_ticket(
    store: &AnyStore,
    key: &StreamKey,
    ticket: &str,
    due: Timestamp,
) -> State {
    let placed = commit_all(store, vec![place(key)]).await.remove(0);
    commit_all(store, vec![open_ticket(key, &placed, ticket, due)])
        .await
        .remove(0)
}
