//! Group commit: appends, optimistic concurrency, idempotency keys.

use crate::support::{
    at, commit_all, each_backend, open_ticket, order_key, order_with_ticket, place, with_key,
};
use jiff::civil::date;
use redress_domain::Date;
use redress_domain::metrics::DayFigures;
use redress_store::{IdempotencyRecord, Read, Store, WriteOutcome};

#[tokio::test(flavor = "multi_thread")]
async fn appended_events_load_back_as_the_same_state() {
    each_backend(|backend| async move {
        let key = order_key("M-1", "O-1");
        let state = order_with_ticket(&backend.store, &key, "T-1", at(3_600)).await;
        let loaded = backend.store.load(&key).await.expect("the stream loads");
        assert_eq!(loaded, Some(state), "{}", backend.name);
        let missing = backend.store.load(&order_key("M-1", "O-2")).await;
        assert_eq!(missing.expect("an empty stream loads"), None);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stale_version_conflicts_and_the_rest_of_the_batch_commits() {
    each_backend(|backend| async move {
        let store = &backend.store;
        let (a, b) = (order_key("M-1", "O-A"), order_key("M-1", "O-B"));
        let placed = commit_all(store, vec![place(&a), place(&b)]).await;
        // Placing A again expects a stream that does not exist yet: stale.
        let outcomes = store
            .commit(vec![
                place(&a),
                open_ticket(&b, &placed[1], "T-B", at(3_600)),
            ])
            .await
            .expect("the batch commits");
        assert_eq!(
            outcomes,
            vec![
                WriteOutcome::Conflict { actual_version: 1 },
                WriteOutcome::Committed { version: 2 },
            ],
            "{}",
            backend.name
        );
        // A stale update (expected 1 on a stream now at 2) conflicts the same way.
        let outcomes = store
            .commit(vec![open_ticket(&b, &placed[1], "T-C", at(3_600))])
            .await
            .expect("the batch commits");
        assert_eq!(outcomes, vec![WriteOutcome::Conflict { actual_version: 2 }]);
        let a_now = store.load(&a).await.expect("loads").expect("exists");
        assert_eq!(
            a_now, placed[0],
            "nothing of the conflicting write was stored"
        );
        assert_eq!(
            store
                .load(&b)
                .await
                .expect("loads")
                .expect("exists")
                .version(),
            2
        );
        assert_eq!(backend.count("SELECT COUNT(*) FROM events").await, 3);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_idempotency_record_reads_back() {
    each_backend(|backend| async move {
        let key = order_key("M-1", "O-1");
        commit_all(&backend.store, vec![with_key(place(&key), "K-1")]).await;
        let record = backend
            .store
            .idempotency("M-1", "K-1")
            .await
            .expect("reads");
        assert_eq!(
            record,
            Some(IdempotencyRecord {
                key: "K-1".to_owned(),
                fingerprint: "fingerprint of K-1".to_owned(),
                receipt: "{\"receipt\":\"K-1\"}".to_owned(),
            }),
            "{}",
            backend.name
        );
        // Keys belong to a merchant.
        let other = backend
            .store
            .idempotency("M-2", "K-1")
            .await
            .expect("reads");
        assert_eq!(other, None);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_taken_by_an_earlier_write_makes_the_later_one_conflict_without_a_trace() {
    each_backend(|backend| async move {
        let store = &backend.store;
        let (a, b, c) = (
            order_key("M-1", "O-A"),
            order_key("M-1", "O-B"),
            order_key("M-1", "O-C"),
        );
        // In one batch: the second write's key clashes with the first's; the third is clean.
        let outcomes = store
            .commit(vec![
                with_key(place(&a), "K-1"),
                with_key(with_key(place(&b), "K-2"), "K-1"),
                with_key(place(&c), "K-3"),
            ])
            .await
            .expect("the batch commits");
        assert_eq!(
            outcomes,
            vec![
                WriteOutcome::Committed { version: 1 },
                WriteOutcome::Conflict { actual_version: 0 },
                WriteOutcome::Committed { version: 1 },
            ],
            "{}",
            backend.name
        );
        assert_eq!(store.load(&b).await.expect("loads"), None);
        assert_eq!(store.idempotency("M-1", "K-2").await.expect("reads"), None);
        assert_eq!(
            backend
                .count("SELECT COUNT(*) FROM streams WHERE stream = 'order:O-B'")
                .await,
            0
        );
        assert_eq!(
            backend
                .count("SELECT COUNT(*) FROM orders WHERE order_id = 'O-B'")
                .await,
            0
        );

        // Across batches, on a stream that exists: the stream stays where it was.
        let placed_b = commit_all(store, vec![place(&b)]).await.remove(0);
        let outcomes = store
            .commit(vec![with_key(
                open_ticket(&b, &placed_b, "T-B", at(3_600)),
                "K-3",
            )])
            .await
            .expect("the batch commits");
        assert_eq!(outcomes, vec![WriteOutcome::Conflict { actual_version: 1 }]);
        assert_eq!(store.load(&b).await.expect("loads"), Some(placed_b.clone()));
        assert_eq!(
            backend
                .count("SELECT COUNT(*) FROM tickets WHERE ticket_id = 'T-B'")
                .await,
            0
        );
        // And the stream takes the next write at its real version.
        commit_all(store, vec![open_ticket(&b, &placed_b, "T-B", at(3_600))]).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_writes_to_one_stream_in_a_batch_commit_in_order() {
    each_backend(|backend| async move {
        let store = &backend.store;
        let (a, b) = (order_key("M-1", "O-A"), order_key("M-1", "O-B"));
        let placed = place(&a);
        let opened = open_ticket(&a, &placed.state, "T-A", at(3_600));
        let state = opened.state.clone();
        let outcomes = store
            .commit(vec![placed, with_key(place(&b), "K-1"), opened])
            .await
            .expect("the batch commits");
        assert_eq!(
            outcomes,
            vec![
                WriteOutcome::Committed { version: 1 },
                WriteOutcome::Committed { version: 1 },
                WriteOutcome::Committed { version: 2 },
            ],
            "{}",
            backend.name
        );
        assert_eq!(store.load(&a).await.expect("loads"), Some(state));
        let report = store.replay().await.expect("replays");
        assert!(report.differences.is_empty(), "{report:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_big_batch_commits_and_replays_equal() {
    each_backend(|backend| async move {
        let store = &backend.store;
        let keys: Vec<_> = (0..50)
            .map(|n| order_key(&format!("M-{}", n % 3), &format!("O-{n}")))
            .collect();
        let placed = commit_all(
            store,
            keys.iter()
                .enumerate()
                .map(|(n, k)| with_key(place(k), &format!("K-{n}")))
                .collect(),
        )
        .await;
        commit_all(
            store,
            keys.iter()
                .zip(&placed)
                .enumerate()
                .map(|(n, (k, s))| open_ticket(k, s, &format!("T-{n}"), at(100 + n as i64)))
                .collect(),
        )
        .await;
        assert_eq!(
            store
                .due_deadlines(at(1_000), 100)
                .await
                .expect("reads")
                .len(),
            50,
            "{}",
            backend.name
        );
        let report = store.replay().await.expect("replays");
        assert_eq!(report.events, 100);
        assert!(report.differences.is_empty(), "{report:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_decided_on_a_stream_that_moved_since_conflicts() {
    each_backend(|backend| async move {
        let store = &backend.store;
        let settings = order_key("M-1", "O-READ");
        commit_all(store, vec![place(&settings)]).await;
        let read_at = |version| Read {
            stream: settings.clone(),
            version,
        };
        let reading = |order: &str, version| {
            let mut write = place(&order_key("M-1", order));
            write.reads.push(read_at(version));
            write
        };
        // Both ways a batch is committed: streams and keys once each (one statement per
        // step on PostgreSQL), and a key twice (write by write).
        let once = vec![reading("O-1", 1), reading("O-2", 0)];
        let twice = vec![
            with_key(reading("O-3", 1), "K"),
            with_key(reading("O-4", 0), "K2"),
            with_key(place(&order_key("M-1", "O-5")), "K"),
        ];
        for (batch, expected) in [
            (
                once,
                vec![
                    WriteOutcome::Committed { version: 1 },
                    WriteOutcome::Conflict { actual_version: 0 },
                ],
            ),
            (
                twice,
                vec![
                    WriteOutcome::Committed { version: 1 },
                    WriteOutcome::Conflict { actual_version: 0 },
                    WriteOutcome::Conflict { actual_version: 0 },
                ],
            ),
        ] {
            let outcomes = store.commit(batch).await.expect("the batch commits");
            assert_eq!(outcomes, expected, "{}", backend.name);
        }
        for (order, stored) in [("O-1", true), ("O-2", false), ("O-3", true), ("O-4", false)] {
            let state = store.load(&order_key("M-1", order)).await.expect("loads");
            assert_eq!(state.is_some(), stored, "{order} on {}", backend.name);
        }
        // O-READ, O-1, O-3: one event each; the stale writes left nothing.
        assert_eq!(backend.count("SELECT COUNT(*) FROM events").await, 3);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn daily_figures_are_added_with_the_commit_and_read_back_by_window() {
    each_backend(|backend| async move {
        let store = &backend.store;
        let (d1, d2, d3) = (date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3));
        let figures = |orders_paid, refund_only_seconds| DayFigures {
            orders_paid,
            refund_only_seconds,
            ..DayFigures::default()
        };
        let with_days = |order: &str, merchant: &str, days: &[(Date, DayFigures)]| {
            let mut write = place(&order_key(merchant, order));
            write.days = days.iter().copied().collect();
            write
        };
        // Two writes of one batch on one merchant-day add up; a conflicting write adds
        // nothing; a later batch adds to the same rows.
        commit_all(
            store,
            vec![
                with_days("O-1", "M-1", &[(d1, figures(1, 60)), (d2, figures(2, 0))]),
                with_days("O-2", "M-1", &[(d1, figures(1, 30))]),
                with_days("O-3", "M-2", &[(d2, figures(5, 0))]),
            ],
        )
        .await;
        let outcomes = store
            .commit(vec![with_days("O-1", "M-1", &[(d1, figures(100, 0))])])
            .await
            .expect("the batch commits");
        assert_eq!(outcomes, vec![WriteOutcome::Conflict { actual_version: 1 }]);
        commit_all(
            store,
            vec![with_days("O-4", "M-1", &[(d3, figures(1, -10))])],
        )
        .await;

        let window = store
            .merchant_days("M-1", d1, d2)
            .await
            .expect("the window reads");
        let got: Vec<(Date, DayFigures)> =
            window.iter().map(|row| (row.day, row.figures)).collect();
        assert_eq!(
            got,
            vec![(d1, figures(2, 90)), (d2, figures(2, 0))],
            "{}",
            backend.name
        );
        let platform = store.platform_days(d1, d3).await.expect("sums read");
        assert_eq!(platform, figures(10, 80), "{}", backend.name);
        let by_merchant: Vec<(String, DayFigures)> = store
            .days_by_merchant(d2, d3)
            .await
            .expect("sums read")
            .into_iter()
            .map(|row| (row.merchant_id, row.figures))
            .collect();
        assert_eq!(
            by_merchant,
            vec![
                ("M-1".to_owned(), figures(3, -10)),
                ("M-2".to_owned(), figures(5, 0))
            ]
        );
        assert_eq!(store.all_merchant_days().await.expect("rows").len(), 4);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_order_or_ticket_id_another_merchant_holds_conflicts_at_commit() {
    each_backend(|backend| async move {
        let store = &backend.store;
        // Two instances both found "O-1" free and placed it, for two merchants: the first
        // commit takes the id, the second conflicts (its writer then refuses order_exists).
        commit_all(store, vec![place(&order_key("M-1", "O-1"))]).await;
        let outcomes = store
            .commit(vec![place(&order_key("M-2", "O-1"))])
            .await
            .expect("the batch commits");
        assert_eq!(
            outcomes,
            vec![WriteOutcome::Conflict { actual_version: 0 }],
            "{}",
            backend.name
        );
        // Within one batch too.
        let outcomes = store
            .commit(vec![
                place(&order_key("M-1", "O-2")),
                place(&order_key("M-2", "O-2")),
            ])
            .await
            .expect("the batch commits");
        assert_eq!(
            outcomes,
            vec![
                WriteOutcome::Committed { version: 1 },
                WriteOutcome::Conflict { actual_version: 0 },
            ],
            "{}",
            backend.name
        );
        // A ticket id names one ticket across orders.
        let due = at(48 * 3600);
        let held = order_with_ticket(store, &order_key("M-1", "O-4"), "T-1", due).await;
        let other = commit_all(store, vec![place(&order_key("M-2", "O-5"))])
            .await
            .remove(0);
        let outcomes = store
            .commit(vec![open_ticket(&order_key("M-2", "O-5"), &other, "T-1", due)])
            .await
            .expect("the batch commits");
        assert_eq!(
            outcomes,
            vec![WriteOutcome::Conflict { actual_version: 1 }],
            "{}",
            backend.name
        );
        // The holder itself goes on: its own ids are its own.
        assert_eq!(held.version(), 2);
        for (merchant, order, events) in [("M-1", "O-1", 1), ("M-2", "O-1", 0), ("M-2", "O-5", 1)] {
            let count = backend
                .count(&format!(
                    "SELECT COUNT(*) FROM events WHERE merchant_id = '{merchant}' AND stream = 'order:{order}'"
                ))
                .await;
            assert_eq!(count, events, "{merchant}/{order} on {}", backend.name);
        }
    })
    .await;
}
