//! The changes feed and the list filters: scopes, filters and cursors, and the `updated_us`
//! columns that migration 0014 filled for rows written before it.

use crate::support::{Backend, at, commit_all, each_backend, open_ticket, order_key, place_for};
use redress_store::api::{ApiStore, OrderFilter, TicketFilter};
use redress_store::feed::{FeedEvent, FeedFilter};
use redress_store::{AnyStore, Store, to_micros};

/// O-1 (M-1, B-1) with T-1, O-2 (M-2, B-2) with T-2, O-3 (M-1, B-2) without a ticket. Orders
/// are placed at `at(0)`, tickets opened at `at(1)`.
async fn three_orders(store: &AnyStore) {
    for (merchant, order, buyer, ticket) in [
        ("M-1", "O-1", "B-1", Some("T-1")),
        ("M-2", "O-2", "B-2", Some("T-2")),
        ("M-1", "O-3", "B-2", None),
    ] {
        let key = order_key(merchant, order);
        let placed = commit_all(store, vec![place_for(&key, buyer)])
            .await
            .remove(0);
        if let Some(ticket) = ticket {
            commit_all(store, vec![open_ticket(&key, &placed, ticket, at(3_600))]).await;
        }
    }
}

async fn feed(store: &AnyStore, filter: FeedFilter) -> Vec<FeedEvent> {
    store.feed(filter).await.expect("the feed reads")
}

fn all() -> FeedFilter {
    FeedFilter {
        limit: 100,
        ..FeedFilter::default()
    }
}

fn orders_of(events: &[FeedEvent]) -> Vec<&str> {
    events
        .iter()
        .map(|e| e.order_id.as_deref().unwrap_or("-"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_feed_reads_the_log_in_order_with_its_types_and_ids() {
    each_backend(|backend| async move {
        let store = &backend.store;
        three_orders(store).await;
        let events = feed(store, all()).await;
        let types: Vec<&str> = events.iter().map(|e| e.event_type).collect();
        assert_eq!(
            types,
            [
                "order.placed",
                "ticket.opened",
                "order.placed",
                "ticket.opened",
                "order.placed"
            ],
            "{}",
            backend.name
        );
        assert_eq!(orders_of(&events), ["O-1", "O-1", "O-2", "O-2", "O-3"]);
        assert!(events.windows(2).all(|w| w[0].position < w[1].position));
        let opened = &events[1];
        assert_eq!(opened.ticket_id.as_deref(), Some("T-1"));
        assert_eq!(opened.merchant_id.as_deref(), Some("M-1"));
        assert_eq!(opened.seq, 2);
        assert_eq!(opened.at_us, to_micros(at(1)));
        assert_eq!(opened.actor, "buyer:B-1");
        assert_eq!(opened.data["ticket"], "T-1");
        assert_eq!(opened.data["amount"]["minor"], 1_000);
        assert!(opened.id.starts_with("msg_"), "{}", opened.id);
        let mut ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 5, "every event has its own id");
        // Reading again gives the same events: ids and bodies are stable.
        assert_eq!(feed(store, all()).await, events);

        // After a cursor, and a page at a time.
        let page = feed(
            store,
            FeedFilter {
                after: events[1].position,
                limit: 2,
                ..all()
            },
        )
        .await;
        assert_eq!(page, events[2..4]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_feed_keeps_to_the_scope_and_the_filters() {
    each_backend(|backend| async move {
        let store = &backend.store;
        three_orders(store).await;
        let scoped = |merchant: Option<&str>, buyer: Option<&str>| FeedFilter {
            merchant: merchant.map(str::to_owned),
            buyer: buyer.map(str::to_owned),
            ..all()
        };
        let mine = feed(store, scoped(Some("M-1"), None)).await;
        assert_eq!(orders_of(&mine), ["O-1", "O-1", "O-3"], "{}", backend.name);
        let bought = feed(store, scoped(None, Some("B-2"))).await;
        assert_eq!(orders_of(&bought), ["O-2", "O-2", "O-3"]);
        let both = feed(store, scoped(Some("M-1"), Some("B-2"))).await;
        assert_eq!(orders_of(&both), ["O-3"]);
        assert!(feed(store, scoped(Some("M-9"), None)).await.is_empty());

        let one_order = feed(
            store,
            FeedFilter {
                order: Some("O-2".to_owned()),
                ..all()
            },
        )
        .await;
        assert_eq!(orders_of(&one_order), ["O-2", "O-2"]);
        let opened = feed(
            store,
            FeedFilter {
                kinds: Some(vec!["opened".to_owned()]),
                ..all()
            },
        )
        .await;
        let tickets: Vec<_> = opened.iter().map(|e| e.ticket_id.as_deref()).collect();
        assert_eq!(tickets, [Some("T-1"), Some("T-2")]);
        // A merchant asking for another merchant's order finds nothing.
        let foreign = feed(
            store,
            FeedFilter {
                order: Some("O-2".to_owned()),
                ..scoped(Some("M-1"), None)
            },
        )
        .await;
        assert!(foreign.is_empty());
    })
    .await;
}

fn tickets(filter: TicketFilter) -> TicketFilter {
    TicketFilter {
        limit: 100,
        ..filter
    }
}

fn orders(filter: OrderFilter) -> OrderFilter {
    OrderFilter {
        limit: 100,
        ..filter
    }
}

async fn ticket_ids(store: &AnyStore, filter: TicketFilter) -> Vec<String> {
    let rows = store.list_tickets(tickets(filter)).await.expect("reads");
    rows.into_iter().map(|r| r.ticket_id).collect()
}

async fn order_ids(store: &AnyStore, filter: OrderFilter) -> Vec<String> {
    let rows = store.list_orders(orders(filter)).await.expect("reads");
    rows.into_iter().map(|r| r.order_id).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn ticket_and_order_lists_filter_by_order_buyer_and_last_change() {
    each_backend(|backend| async move {
        let store = &backend.store;
        three_orders(store).await;
        let opened = to_micros(at(1));
        assert_eq!(
            ticket_ids(
                store,
                TicketFilter {
                    order: Some("O-2".to_owned()),
                    ..Default::default()
                }
            )
            .await,
            ["T-2"],
            "{}",
            backend.name
        );
        assert_eq!(
            ticket_ids(
                store,
                TicketFilter {
                    buyer: Some("B-1".to_owned()),
                    ..Default::default()
                }
            )
            .await,
            ["T-1"]
        );
        let since = |us| TicketFilter {
            updated_since_us: Some(us),
            ..Default::default()
        };
        assert_eq!(ticket_ids(store, since(opened)).await, ["T-1", "T-2"]);
        assert!(ticket_ids(store, since(opened + 1)).await.is_empty());
        let row = &store
            .list_tickets(tickets(TicketFilter::default()))
            .await
            .expect("reads")[0];
        assert_eq!(row.updated_us, opened);

        // Orders, by (paid, merchant, order): placed at(0); opening a ticket changes its
        // order too.
        assert_eq!(
            order_ids(store, OrderFilter::default()).await,
            ["O-1", "O-3", "O-2"]
        );
        let since = |us| OrderFilter {
            updated_since_us: Some(us),
            ..Default::default()
        };
        assert_eq!(order_ids(store, since(opened)).await, ["O-1", "O-2"]);
        assert_eq!(
            order_ids(store, since(to_micros(at(0)))).await,
            ["O-1", "O-3", "O-2"]
        );
        let of_buyer = OrderFilter {
            buyer: Some("B-2".to_owned()),
            ..Default::default()
        };
        assert_eq!(order_ids(store, of_buyer).await, ["O-3", "O-2"]);
        let of_merchant = OrderFilter {
            merchant: Some("M-1".to_owned()),
            ..Default::default()
        };
        assert_eq!(order_ids(store, of_merchant).await, ["O-1", "O-3"]);
        let one = OrderFilter {
            order: Some("O-3".to_owned()),
            ..Default::default()
        };
        let rows = store.list_orders(orders(one)).await.expect("reads");
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (
                rows[0].buyer_id.as_str(),
                rows[0].paid_minor,
                rows[0].version
            ),
            ("B-2", 10_000, 1)
        );
        assert_eq!(rows[0].updated_us, to_micros(at(0)));

        // Pages: the cursor is the last row's (paid, merchant, order).
        let first = store
            .list_orders(OrderFilter {
                limit: 2,
                ..Default::default()
            })
            .await
            .expect("reads");
        let last = &first[1];
        let rest = OrderFilter {
            after: Some(redress_store::api::OrderCursor {
                paid_us: last.paid_us,
                merchant_id: last.merchant_id.clone(),
                order_id: last.order_id.clone(),
            }),
            ..Default::default()
        };
        assert_eq!(order_ids(store, rest).await, ["O-2"]);
    })
    .await;
}

/// The statements of migration 0014 that fill `updated_us` for rows written before it.
fn backfill(backend: &Backend) -> String {
    let dialect = match backend.store {
        AnyStore::Sqlite(_) => "sqlite",
        AnyStore::Postgres(_) => "postgres",
    };
    let path = format!(
        "{}/migrations/{dialect}/0013_feed_and_list_filters.sql",
        env!("CARGO_MANIFEST_DIR")
    );
    let sql = std::fs::read_to_string(path).expect("the migration");
    sql.split(';')
        .map(str::trim)
        .filter(|s| s.lines().any(|l| l.starts_with("UPDATE")))
        .map(|s| format!("{s};\n"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn migration_0013_fills_the_last_change_as_the_projection_computes_it() {
    each_backend(|backend| async move {
        three_orders(&backend.store).await;
        let updates = backfill(&backend);
        assert_eq!(updates.matches("UPDATE").count(), 2, "{updates}");
        // As a database from before the migration would hold them.
        backend
            .execute("UPDATE orders SET updated_us = 0; UPDATE tickets SET updated_us = 0;")
            .await;
        let report = backend.store.replay().await.expect("replays");
        assert!(!report.differences.is_empty(), "replay sees the zeroes");
        backend.execute(&updates).await;
        let report = backend.store.replay().await.expect("replays");
        assert!(
            report.differences.is_empty(),
            "{}: {:?}",
            backend.name,
            report.differences
        );
        assert_eq!(
            backend
                .count("SELECT COUNT(*) FROM tickets WHERE updated_us = 0")
                .await,
            0
        );
    })
    .await;
}
