//! The webhook outbox is written in the commit transaction: one row per committed event that
//! announces a webhook, on both commit paths, and none for a write that conflicted.

use crate::support::{at, commit_all, each_backend, open_ticket, order_key, place};
use redress_store::{Store, WriteOutcome};

const OUTBOX: &str = "SELECT COUNT(*) FROM outbox WHERE event_type = 'ticket.opened'";

#[tokio::test(flavor = "multi_thread")]
async fn committed_events_and_only_they_reach_the_outbox() {
    each_backend(|backend| async move {
        let store = &backend.store;
        let (a, b) = (order_key("M-1", "O-A"), order_key("M-2", "O-B"));
        // Two writes to one stream in a batch take PostgreSQL's per-write path.
        let placed_a = place(&a);
        let opened_a = open_ticket(&a, &placed_a.state, "T-A", at(3_600));
        let placed_b = place(&b);
        let states = commit_all(store, vec![placed_a, placed_b, opened_a]).await;
        assert_eq!(backend.count(OUTBOX).await, 1, "{}", backend.name);
        assert_eq!(
            backend
                .count("SELECT COUNT(*) FROM outbox WHERE event_type = 'order.placed'")
                .await,
            2,
            "placing an order announces order.placed, once per order"
        );
        assert_eq!(backend.count("SELECT COUNT(*) FROM outbox").await, 3);
        // One write per stream takes the batch path.
        let opened_b = open_ticket(&b, &states[1], "T-B", at(3_600));
        commit_all(store, vec![opened_b]).await;
        assert_eq!(backend.count(OUTBOX).await, 2);
        assert_eq!(
            backend
                .count("SELECT COUNT(*) FROM outbox WHERE merchant_id = 'M-2'")
                .await,
            2,
            "M-2's order.placed and ticket.opened"
        );
        // A stale write conflicts and leaves no message behind.
        let stale = open_ticket(&b, &states[1], "T-C", at(3_600));
        let outcomes = store.commit(vec![stale]).await.expect("the batch commits");
        assert_eq!(outcomes, vec![WriteOutcome::Conflict { actual_version: 2 }]);
        assert_eq!(backend.count(OUTBOX).await, 2);
        assert_eq!(
            backend
                .count("SELECT COUNT(DISTINCT message_id) FROM outbox")
                .await,
            4,
            "two order.placed and two ticket.opened, each with its own id"
        );
    })
    .await;
}
