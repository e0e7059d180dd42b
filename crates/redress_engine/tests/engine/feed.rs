//! The changes feed while several engines (several processes, each with its own connections
//! and writer) commit to one database: a reader following it sees every event exactly once,
//! in commit order. On PostgreSQL positions come from a sequence at insert time, so this
//! holds only because commits take their positions one at a time under the feed lock
//! (`redress_store::feed`); the second test shows that a commit waits for it.

use crate::support::*;
use redress_domain::{
    Actor, LineRequest, NewTicket, OrderCommand, Reason, TicketAction, TicketKind,
};
use redress_store::AnyStore;
use redress_store::api::ApiStore;
use redress_store::feed::{FeedEvent, FeedFilter};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Orders each engine places, each with a ticket opened and approved.
const ORDERS_PER_ENGINE: usize = 12;

async fn page(store: &AnyStore, after: i64) -> Vec<FeedEvent> {
    store
        .feed(FeedFilter {
            after,
            // Small pages, so the reader follows the writers closely.
            limit: 5,
            ..FeedFilter::default()
        })
        .await
        .expect("the feed reads")
}

/// Place an order, open a ticket on it and approve it, one command at a time.
async fn write(te: &TestEngine, name: &str) {
    for i in 0..ORDERS_PER_ENGINE {
        let order = te
            .place_order(&format!("{name}-o{i}"), &format!("m-{name}"), "b1")
            .await;
        let ticket = ticket_id(&format!("{name}-t{i}"));
        te.ok(on_order(
            Actor::Buyer(buyer("b1")),
            &order,
            OrderCommand::OpenTicket(NewTicket {
                items: vec![LineRequest::whole(item("i1"))],
                ..new_ticket(
                    ticket.as_str(),
                    TicketKind::RefundOnly,
                    Reason::QualityProblem,
                    1_000,
                )
            }),
        ))
        .await;
        te.ok(on_ticket(
            Actor::Merchant(merchant(&format!("m-{name}"))),
            &order,
            &ticket,
            None,
            TicketAction::Approve,
        ))
        .await;
    }
}

on_every_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    a_reader_following_the_feed_sees_every_event_once_in_commit_order
);
async fn a_reader_following_the_feed_sees_every_event_once_in_commit_order(backend: Backend) {
    let a = TestEngine::start(&backend).await;
    let b = a.second().await;
    let c = a.second().await;
    let reader_store = a.store().inner().clone();
    let done = Arc::new(AtomicBool::new(false));

    let writers = async {
        tokio::join!(write(&a, "a"), write(&b, "b"), write(&c, "c"));
        done.store(true, Ordering::SeqCst);
    };
    let reader = async {
        let mut seen: Vec<FeedEvent> = Vec::new();
        let mut cursor = 0;
        loop {
            // Read `done` before the page: a page read after the writers finished that comes
            // back empty means the reader has caught up for good.
            let finished = done.load(Ordering::SeqCst);
            let events = page(&reader_store, cursor).await;
            if events.is_empty() && finished {
                return seen;
            }
            for event in events {
                assert!(event.position > cursor, "the feed went back");
                cursor = event.position;
                seen.push(event);
            }
            tokio::task::yield_now().await;
        }
    };
    let ((), seen) = tokio::join!(writers, reader);

    let log = a.log().await;
    assert!(
        log.len() >= 3 * ORDERS_PER_ENGINE * 3,
        "{} events",
        log.len()
    );
    let positions = |events: &[FeedEvent]| events.iter().map(|e| e.position).collect::<Vec<_>>();
    assert_eq!(
        positions(&seen),
        log.iter().map(|e| e.position).collect::<Vec<_>>(),
        "the reader saw every event exactly once, in order"
    );
    // Within each stream, the events came in their own order without a gap.
    let mut last_seq: HashMap<String, u64> = HashMap::new();
    for event in &seen {
        let stream = event.order_id.clone().expect("only orders here");
        let previous = last_seq.insert(stream.clone(), event.seq).unwrap_or(0);
        assert_eq!(event.seq, previous + 1, "{stream}");
    }
    c.finish().await;
    b.finish().await;
    a.finish().await;
}

/// A transaction that holds the feed lock, as a commit of another instance does between
/// inserting its events and `COMMIT`, with a position taken: a commit that starts meanwhile
/// must wait for it, then take positions above it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_a_commit_takes_its_positions_only_after_the_one_before_ends() {
    let Some(backend) = Backend::postgres() else {
        return;
    };
    let a = TestEngine::start(&backend).await;
    a.place_order("o-before", "m1", "b1").await;
    let AnyStore::Postgres(pg) = a.store().inner().clone() else {
        unreachable!("a PostgreSQL backend");
    };
    let before = page(a.store().inner(), 0).await;

    let mut holder = pg.pool().begin().await.expect("a transaction");
    sqlx::query("SELECT pg_advisory_xact_lock(1919247462, hashtext(current_schema()))")
        .execute(&mut *holder)
        .await
        .expect("the feed lock");
    let held: i64 =
        sqlx::query_scalar("SELECT nextval(pg_get_serial_sequence('events', 'position'))")
            .fetch_one(&mut *holder)
            .await
            .expect("a position");

    let second = a.second().await;
    let writer = tokio::spawn(async move {
        second.place_order("o-after", "m1", "b1").await;
        second
    });
    // Wait until the commit waits on the feed lock (and fail if it never does: then it would
    // have taken a position while the holder's is still uncommitted).
    let waiting = async {
        loop {
            let waiting: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM pg_locks
                 WHERE locktype = 'advisory' AND NOT granted AND classid = 1919247462",
            )
            .fetch_one(pg.pool())
            .await
            .expect("pg_locks reads");
            if waiting > 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(30), waiting)
        .await
        .expect("the commit waits for the feed lock");
    assert_eq!(
        page(a.store().inner(), 0).await,
        before,
        "nothing committed meanwhile"
    );
    holder.rollback().await.expect("rolls back");

    let second = writer.await.expect("the writer task");
    let after = page(a.store().inner(), before.last().expect("an event").position).await;
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0].order_id.as_deref(), Some("o-after"));
    assert!(after[0].position > held, "{} <= {held}", after[0].position);
    second.finish().await;
    a.finish().await;
}
