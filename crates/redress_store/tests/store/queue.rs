//! The merchant's queue (issue 19): the ticket list sorted by deadline (no deadline last) or
//! another column, either way, a page at a time with its cursor; the status tabs' states,
//! the search, the amount and date ranges, and the counts per state.

use crate::support::{at, cancel_ticket, commit_all, each_backend, order_key, order_with_ticket};
use redress_store::api::{
    ApiStore, TicketCursor, TicketFilter, TicketRow, TicketSort, TicketSortKey,
};
use redress_store::{AnyStore, to_micros};

/// M-1's tickets T-1…T-5 due at 5,000, 1,000, 3,000, 2,000 and 4,000 s; T-3 then withdrawn
/// (no deadline). One ticket of M-2, due first of all.
async fn queue(store: &AnyStore) {
    for (n, due) in [(1, 5_000), (2, 1_000), (3, 3_000), (4, 2_000), (5, 4_000)] {
        let key = order_key("M-1", &format!("O-{n}"));
        let state = order_with_ticket(store, &key, &format!("T-{n}"), at(due)).await;
        if n == 3 {
            commit_all(store, vec![cancel_ticket(&key, &state, "T-3")]).await;
        }
    }
    order_with_ticket(store, &order_key("M-2", "O-9"), "T-9", at(10)).await;
}

fn of_m1(sort: TicketSort) -> TicketFilter {
    TicketFilter {
        merchant: Some("M-1".to_owned()),
        sort,
        limit: 100,
        ..TicketFilter::default()
    }
}

const DEADLINE: TicketSort = TicketSort {
    key: TicketSortKey::Deadline,
    descending: false,
};

fn ids(rows: &[TicketRow]) -> Vec<&str> {
    rows.iter().map(|r| r.ticket_id.as_str()).collect()
}

/// Every page of `filter`, `size` rows at a time, following the cursors.
async fn paged(store: &AnyStore, filter: TicketFilter, size: usize) -> Vec<String> {
    let mut seen = Vec::new();
    let mut after: Option<TicketCursor> = None;
    loop {
        let page = store
            .list_tickets(TicketFilter {
                after: after.clone(),
                limit: size,
                ..filter.clone()
            })
            .await
            .expect("reads");
        seen.extend(page.iter().map(|r| r.ticket_id.clone()));
        if page.len() < size {
            return seen;
        }
        after = page.last().map(|r| TicketCursor::after(r, filter.sort));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_queue_puts_the_most_urgent_first_and_tickets_without_a_deadline_last() {
    each_backend(|backend| async move {
        let store = &backend.store;
        queue(store).await;
        let rows = store.list_tickets(of_m1(DEADLINE)).await.expect("reads");
        assert_eq!(
            ids(&rows),
            ["T-2", "T-4", "T-5", "T-1", "T-3"],
            "{}",
            backend.name
        );
        assert_eq!(rows[4].due_us, None);
        // Turned round: the ticket without a deadline first.
        let reversed = store
            .list_tickets(of_m1(TicketSort {
                descending: true,
                ..DEADLINE
            }))
            .await
            .expect("reads");
        assert_eq!(ids(&reversed), ["T-3", "T-1", "T-5", "T-4", "T-2"]);
        // Two at a time, each order: the same tickets, none twice.
        for sort in [
            DEADLINE,
            TicketSort {
                descending: true,
                ..DEADLINE
            },
            TicketSort::default(),
            TicketSort {
                key: TicketSortKey::Updated,
                descending: true,
            },
            // The arbitration desk's order: never disputed, each sorts by its opening.
            TicketSort {
                key: TicketSortKey::Disputed,
                descending: false,
            },
        ] {
            let all = store.list_tickets(of_m1(sort)).await.expect("reads");
            assert_eq!(
                paged(store, of_m1(sort), 2).await,
                ids(&all),
                "{} {sort:?}",
                backend.name
            );
        }
        // Without a merchant (an operator's list) the cursor carries the merchant too.
        let everyone = TicketFilter {
            merchant: None,
            ..of_m1(DEADLINE)
        };
        assert_eq!(
            paged(store, everyone, 2).await,
            ["T-9", "T-2", "T-4", "T-5", "T-1", "T-3"]
        );
        // A buyer's home: the newest first, a page at a time, across merchants.
        let newest = TicketFilter {
            merchant: None,
            buyer: Some("B-1".to_owned()),
            ..of_m1(TicketSort {
                key: TicketSortKey::Created,
                descending: true,
            })
        };
        let all = store.list_tickets(newest.clone()).await.expect("reads");
        assert_eq!(all.len(), 6, "{}", backend.name);
        assert!(all.windows(2).all(|w| w[0].opened_us >= w[1].opened_us));
        assert_eq!(paged(store, newest, 4).await, ids(&all));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn tabs_search_and_ranges_narrow_the_queue_and_the_counts() {
    each_backend(|backend| async move {
        let store = &backend.store;
        queue(store).await;
        let list = |filter: TicketFilter| async move {
            let rows = store.list_tickets(filter).await.expect("reads");
            ids(&rows)
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        let closed = TicketFilter {
            states: vec!["closed".to_owned(), "completed".to_owned()],
            ..of_m1(DEADLINE)
        };
        assert_eq!(list(closed).await, ["T-3"], "{}", backend.name);
        for (term, found) in [
            ("O-4", vec!["T-4"]),
            ("T-5", vec!["T-5"]),
            ("B-1", vec!["T-2", "T-4", "T-5", "T-1", "T-3"]),
            ("T-9", vec![]),
        ] {
            let search = TicketFilter {
                search: Some(term.to_owned()),
                ..of_m1(DEADLINE)
            };
            assert_eq!(list(search).await, found, "{term}");
        }
        let amounts = |min, max| TicketFilter {
            amount_min: min,
            amount_max: max,
            ..of_m1(DEADLINE)
        };
        assert_eq!(list(amounts(Some(1_000), Some(1_000))).await.len(), 5);
        assert!(list(amounts(Some(1_001), None)).await.is_empty());
        assert!(list(amounts(None, Some(999))).await.is_empty());
        let opened = to_micros(at(1));
        let dates = |from, before| TicketFilter {
            opened_from_us: from,
            opened_before_us: before,
            ..of_m1(DEADLINE)
        };
        assert_eq!(list(dates(Some(opened), Some(opened + 1))).await.len(), 5);
        assert!(list(dates(Some(opened + 1), None)).await.is_empty());
        assert!(list(dates(None, Some(opened))).await.is_empty());

        // Counts per state, whatever the tab; the other filters narrow them.
        let mut counts = store
            .count_tickets_by_state(TicketFilter {
                states: vec!["closed".to_owned()],
                ..of_m1(DEADLINE)
            })
            .await
            .expect("counts");
        counts.sort();
        assert_eq!(
            counts,
            [("closed".to_owned(), 1), ("requested".to_owned(), 4)]
        );
        let searched = store
            .count_tickets_by_state(TicketFilter {
                search: Some("O-4".to_owned()),
                ..of_m1(DEADLINE)
            })
            .await
            .expect("counts");
        assert_eq!(searched, [("requested".to_owned(), 1)]);
    })
    .await;
}
