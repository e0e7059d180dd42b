//! Claiming due deadlines, so that instances sharing a database fire each one once.

use crate::support::{at, commit_all, each_backend, open_ticket, order_key, order_with_ticket};
use redress_domain::SignedDuration;
use redress_store::Store;
use std::collections::HashSet;

const LEASE: SignedDuration = SignedDuration::from_secs(30);

#[tokio::test(flavor = "multi_thread")]
async fn a_claimed_deadline_is_not_handed_out_again_until_its_lease_runs_out() {
    each_backend(|backend| async move {
        let store = &backend.store;
        order_with_ticket(store, &order_key("M-1", "O-1"), "T-1", at(100)).await;
        assert!(
            store
                .claim_due(at(50), 10, LEASE)
                .await
                .expect("claims")
                .is_empty()
        );
        let claimed = store.claim_due(at(100), 10, LEASE).await.expect("claims");
        assert_eq!(claimed.len(), 1, "{}", backend.name);
        assert_eq!(claimed[0].ticket.as_str(), "T-1");
        assert!(
            store
                .claim_due(at(110), 10, LEASE)
                .await
                .expect("claims")
                .is_empty()
        );
        // The scheduler waits for the lease, not the past due time.
        assert_eq!(store.next_deadline().await.expect("reads"), Some(at(130)));
        // Unclaimed reads still see it: it is due, only spoken for.
        assert_eq!(
            store.due_deadlines(at(110), 10).await.expect("reads").len(),
            1
        );
        let again = store.claim_due(at(130), 10, LEASE).await.expect("claims");
        assert_eq!(
            again, claimed,
            "an expired lease hands the deadline out again"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deadline_rewritten_by_a_new_state_is_claimable_again() {
    each_backend(|backend| async move {
        let store = &backend.store;
        let key = order_key("M-1", "O-1");
        let state = order_with_ticket(store, &key, "T-1", at(100)).await;
        assert_eq!(
            store
                .claim_due(at(100), 10, LEASE)
                .await
                .expect("claims")
                .len(),
            1
        );
        commit_all(store, vec![open_ticket(&key, &state, "T-2", at(100))]).await;
        let claimed = store.claim_due(at(100), 10, LEASE).await.expect("claims");
        let tickets: Vec<&str> = claimed.iter().map(|d| d.ticket.as_str()).collect();
        assert_eq!(tickets, ["T-1", "T-2"], "{}", backend.name);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_claims_never_hand_out_one_deadline_twice() {
    each_backend(|backend| async move {
        const ORDERS: usize = 60;
        let store = &backend.store;
        for n in 0..ORDERS {
            let key = order_key("M-1", &format!("O-{n}"));
            order_with_ticket(store, &key, &format!("T-{n}"), at(100 + n as i64)).await;
        }
        let mut claimers = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let store = store.clone();
            claimers.spawn(async move {
                let mut mine = Vec::new();
                loop {
                    let claimed = store.claim_due(at(1_000), 4, LEASE).await.expect("claims");
                    if claimed.is_empty() {
                        return mine;
                    }
                    mine.extend(claimed.into_iter().map(|d| d.ticket.to_string()));
                }
            });
        }
        let mut seen = HashSet::new();
        while let Some(mine) = claimers.join_next().await {
            for ticket in mine.expect("the claimer finishes") {
                assert!(seen.insert(ticket.clone()), "{ticket} handed out twice");
            }
        }
        assert_eq!(seen.len(), ORDERS, "{}", backend.name);
    })
    .await;
}
