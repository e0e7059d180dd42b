//! Replay: projections rebuilt from the log equal the live ones, and a tampered row shows.

use crate::support::{at, each_backend, order_key, order_with_ticket};
use redress_domain::SignedDuration;
use redress_store::Store;

#[tokio::test(flavor = "multi_thread")]
async fn a_replay_of_an_untouched_store_finds_no_difference() {
    each_backend(|backend| async move {
        let store = &backend.store;
        order_with_ticket(store, &order_key("M-1", "O-1"), "T-1", at(100)).await;
        order_with_ticket(store, &order_key("M-2", "O-2"), "T-2", at(200)).await;
        // A claim is not part of the projection.
        let lease = SignedDuration::from_secs(30);
        assert_eq!(
            store
                .claim_due(at(150), 10, lease)
                .await
                .expect("claims")
                .len(),
            1
        );
        let report = store.replay().await.expect("replays");
        assert_eq!(report.events, 4, "{}", backend.name);
        assert_eq!(report.streams, 2);
        assert_eq!(report.differences, Vec::<String>::new());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_replay_reports_a_tampered_projection_row() {
    each_backend(|backend| async move {
        let store = &backend.store;
        order_with_ticket(store, &order_key("M-1", "O-1"), "T-1", at(100)).await;
        backend
            .execute("UPDATE tickets SET amount_minor = amount_minor + 1 WHERE ticket_id = 'T-1'")
            .await;
        let report = store.replay().await.expect("replays");
        assert_eq!(
            report.differences.len(),
            2,
            "{}: {:?}",
            backend.name,
            report
        );
        assert!(report.differences[0].starts_with("tickets: only in live"));
        assert!(report.differences[1].starts_with("tickets: only in replayed"));
    })
    .await;
}
