//! Idempotency keys: a retry returns the first receipt and records nothing; a key used for
//! another command is refused; keys are checked within a batch, across batches and across
//! restarts; a replayed receipt is never handed out for a command that did not commit.

use crate::support::*;
use redress_domain::{Actor, StateName, TicketAction, TicketKind};
use redress_engine::{EngineError, Receipt};

/// The receipt as first given: replays differ only in `replayed`.
fn as_first(receipt: &Receipt) -> Receipt {
    Receipt {
        replayed: false,
        ..receipt.clone()
    }
}

on_every_backend!(
    #[tokio::test]
    same_key_twice_returns_the_first_receipt_and_records_nothing
);
async fn same_key_twice_returns_the_first_receipt_and_records_nothing(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let order = te.place_order("o1", "m1", "b1").await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    let approve = on_ticket(
        Actor::Merchant(merchant("m1")),
        &order,
        &ticket,
        None,
        TicketAction::Approve,
    )
    .with_key("approve-t1");

    let first = te.ok(approve.clone()).await;
    let events = te.log().await.len();
    // Without the key this would now be refused (the ticket is no longer Requested).
    let second = te.ok(approve).await;

    assert!(!first.replayed);
    assert!(second.replayed);
    assert_eq!(as_first(&second), first);
    assert_eq!(te.log().await.len(), events, "a replay records nothing");
    assert_eq!(
        te.ticket(&order, &ticket).await.state.name(),
        StateName::Refunding
    );
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    same_key_with_another_command_is_refused_and_records_nothing
);
async fn same_key_with_another_command_is_refused_and_records_nothing(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let order = te.place_order("o1", "m1", "b1").await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    let m1 = Actor::Merchant(merchant("m1"));
    te.ok(on_ticket(m1.clone(), &order, &ticket, None, TicketAction::Approve).with_key("k"))
        .await;
    let events = te.log().await.len();

    // The same sender, another command.
    let other = on_ticket(
        m1,
        &order,
        &ticket,
        None,
        TicketAction::ProposeRemedy {
            remedy: redress_domain::Remedy::PartialCompensation { amount: cny(100) },
            note: String::new(),
        },
    )
    .with_key("k");
    let error = te
        .execute(other)
        .await
        .expect_err("the key was used before");

    assert!(
        matches!(&error, EngineError::IdempotencyKeyReused { key } if key == "k"),
        "{error:?}"
    );
    assert_eq!(error.code(), "idempotency_key_reused");
    assert_eq!(te.log().await.len(), events);
    assert_eq!(
        te.ticket(&order, &ticket).await.state.name(),
        StateName::Refunding,
        "nothing else was recorded"
    );
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    same_key_twice_in_one_batch_acts_once
);
async fn same_key_twice_in_one_batch_acts_once(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let order = te.place_order("o1", "m1", "b1").await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    let approve = on_ticket(
        Actor::Merchant(merchant("m1")),
        &order,
        &ticket,
        None,
        TicketAction::Approve,
    )
    .with_key("approve-t1");
    let batches = te
        .engine
        .stats()
        .batches
        .load(std::sync::atomic::Ordering::SeqCst);

    // Both are queued before the writer runs (one thread), so they share a batch.
    let (a, b) = tokio::join!(te.execute(approve.clone()), te.execute(approve));
    let (a, b) = (a.expect("first"), b.expect("second"));

    assert_eq!(
        te.engine
            .stats()
            .batches
            .load(std::sync::atomic::Ordering::SeqCst)
            - batches,
        1,
        "one batch"
    );
    assert_eq!((a.replayed, b.replayed), (false, true));
    assert_eq!(as_first(&b), a);
    let log = te.log().await;
    assert_eq!(ticket_events(&log, &ticket, "approved"), 1);
    assert_receipt_in_log(&log, &a);
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    same_key_for_two_commands_in_one_batch_records_only_the_first
);
async fn same_key_for_two_commands_in_one_batch_records_only_the_first(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let order = te.place_order("o1", "m1", "b1").await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    let approve = on_ticket(
        Actor::Merchant(merchant("m1")),
        &order,
        &ticket,
        None,
        TicketAction::Approve,
    )
    .with_key("k");
    let reject = on_ticket(
        Actor::Merchant(merchant("m1")),
        &order,
        &ticket,
        None,
        TicketAction::Reject {
            ground: redress_domain::RejectGround::Request,
            reason: "used".to_owned(),
            evidence: all_evidence(),
        },
    )
    .with_key("k");

    let (a, b) = tokio::join!(te.execute(approve), te.execute(reject));

    let a = a.expect("the first use of the key");
    assert!(
        matches!(b, Err(EngineError::IdempotencyKeyReused { .. })),
        "{b:?}"
    );
    let log = te.log().await;
    assert_receipt_in_log(&log, &a);
    assert_eq!(ticket_events(&log, &ticket, "rejected"), 0);
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_key_survives_a_restart
);
async fn a_key_survives_a_restart(backend: Backend) {
    let mut te = TestEngine::start(&backend).await;
    let order = te.place_order("o1", "m1", "b1").await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    let approve = on_ticket(
        Actor::Merchant(merchant("m1")),
        &order,
        &ticket,
        None,
        TicketAction::Approve,
    )
    .with_key("approve-t1");
    let first = te.ok(approve.clone()).await;

    te.restart().await;
    let events = te.log().await.len();
    let again = te.ok(approve).await;
    let reject = on_ticket(
        Actor::Merchant(merchant("m1")),
        &order,
        &ticket,
        None,
        TicketAction::Reject {
            ground: redress_domain::RejectGround::Request,
            reason: "changed my mind".to_owned(),
            evidence: all_evidence(),
        },
    )
    .with_key("approve-t1");
    let reused = te.execute(reject).await;

    assert!(again.replayed);
    assert_eq!(as_first(&again), first);
    assert!(
        matches!(reused, Err(EngineError::IdempotencyKeyReused { .. })),
        "{reused:?}"
    );
    assert_eq!(te.log().await.len(), events);
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    invalid_keys_are_refused_and_record_nothing
);
async fn invalid_keys_are_refused_and_record_nothing(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let order = te.place_order("o1", "m1", "b1").await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    let approve = on_ticket(
        Actor::Merchant(merchant("m1")),
        &order,
        &ticket,
        None,
        TicketAction::Approve,
    );
    let events = te.log().await.len();

    for key in [String::new(), "k".repeat(256), "键".repeat(256)] {
        let error = te
            .execute(approve.clone().with_key(key.clone()))
            .await
            .expect_err("an invalid key");
        assert!(
            matches!(error, EngineError::IdempotencyKeyInvalid),
            "key of {} chars: {error:?}",
            key.chars().count()
        );
        assert_eq!(error.code(), "idempotency_key_invalid");
    }
    assert_eq!(te.log().await.len(), events);

    // The longest valid key, in characters rather than bytes.
    let receipt = te.ok(approve.with_key("键".repeat(255))).await;
    assert!(!receipt.replayed);
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_key_belongs_to_whoever_sent_it
);
async fn a_key_belongs_to_whoever_sent_it(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let order = te.place_order("o1", "m1", "b1").await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;

    // Buyer and merchant pick the same key by chance: neither is the other's retry.
    let (by_merchant, by_buyer) = tokio::join!(
        te.execute(
            on_ticket(
                Actor::Merchant(merchant("m1")),
                &order,
                &ticket,
                None,
                TicketAction::ProposeRemedy {
                    remedy: redress_domain::Remedy::PartialCompensation { amount: cny(100) },
                    note: String::new(),
                },
            )
            .with_key("1"),
        ),
        te.execute(
            on_ticket(
                Actor::Buyer(buyer("b1")),
                &order,
                &ticket,
                None,
                TicketAction::AcceptRemedy,
            )
            .with_key("1"),
        ),
    );

    let (proposed, accepted) = (by_merchant.expect("proposed"), by_buyer.expect("accepted"));
    assert!(!proposed.replayed && !accepted.replayed);
    let log = te.log().await;
    assert_receipt_in_log(&log, &proposed);
    assert_receipt_in_log(&log, &accepted);
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    keys_belong_to_their_merchant
);
async fn keys_belong_to_their_merchant(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let o1 = te.place_order("o1", "m1", "b1").await;
    let o2 = te.place_order("o2", "m2", "b1").await;
    let t1 = te
        .open_ticket(&o1, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    let t2 = te
        .open_ticket(&o2, "t2", TicketKind::RefundOnly, 10_000)
        .await;

    let a = te
        .ok(on_ticket(
            Actor::Merchant(merchant("m1")),
            &o1,
            &t1,
            None,
            TicketAction::Approve,
        )
        .with_key("same"))
        .await;
    let b = te
        .ok(on_ticket(
            Actor::Merchant(merchant("m2")),
            &o2,
            &t2,
            None,
            TicketAction::Approve,
        )
        .with_key("same"))
        .await;

    assert!(!a.replayed && !b.replayed);
    assert_ne!(a.stream, b.stream);
    let log = te.log().await;
    assert_receipt_in_log(&log, &a);
    assert_receipt_in_log(&log, &b);
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_replay_is_not_acknowledged_before_the_first_command_commits
);
/// A replay is an acknowledgement. SPEC: "a command is acknowledged only after it is
/// committed". The writer answers a replay of a key first used in the same batch before that
/// batch commits; when the commit fails, the retry has been told "done" for a command that
/// is not in the log.
async fn a_replay_is_not_acknowledged_before_the_first_command_commits(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let order = te.place_order("o1", "m1", "b1").await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    let approve = on_ticket(
        Actor::Merchant(merchant("m1")),
        &order,
        &ticket,
        None,
        TicketAction::Approve,
    )
    .with_key("approve-t1");
    te.faults().fail_next_commits(1);

    let (first, retry) = tokio::join!(te.execute(approve.clone()), te.execute(approve));

    assert!(
        matches!(first, Err(EngineError::Store(_))),
        "the commit failed: {first:?}"
    );
    // The retry may not be told "done" on the strength of the failed commit. Decided again,
    // it may execute for real: then its approval is in the log, once.
    let log = te.log().await;
    match &retry {
        Ok(receipt) => {
            assert!(
                !receipt.replayed,
                "a replay of a command that never committed: {receipt:?}"
            );
            assert_receipt_in_log(&log, receipt);
            assert_eq!(ticket_events(&log, &ticket, "approved"), 1);
        }
        Err(_) => assert_eq!(
            ticket_events(&log, &ticket, "approved"),
            0,
            "nothing committed"
        ),
    }
    te.finish().await;
}

/// What releases before the stable command encoding stored as a key's fingerprint.
fn legacy_fingerprint(submission: &redress_engine::Submission) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{:?}|{:?}", submission.actor, submission.command));
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

on_every_backend!(
    #[tokio::test]
    a_key_stored_by_an_earlier_release_is_still_honoured_after_the_upgrade
);
/// Issue 16.5: fingerprints are now a stable encoding of the command; a key whose row an
/// earlier release wrote (a digest of `Debug`) still answers its retry with the first
/// receipt, and still refuses another command.
async fn a_key_stored_by_an_earlier_release_is_still_honoured_after_the_upgrade(backend: Backend) {
    let mut te = TestEngine::start(&backend).await;
    let order = te.place_order("o1", "m1", "b1").await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    let approve = on_ticket(
        Actor::Merchant(merchant("m1")),
        &order,
        &ticket,
        None,
        TicketAction::Approve,
    )
    .with_key("approve-t1");
    let cancel = on_ticket(
        Actor::Merchant(merchant("m1")),
        &order,
        &ticket,
        None,
        TicketAction::Cancel,
    )
    .with_key("approve-t1");
    let first = te.ok(approve.clone()).await;

    te.overwrite_stored_fingerprints(&legacy_fingerprint(&approve))
        .await;
    te.restart().await;
    let retried = te.ok(approve.clone()).await;
    assert!(retried.replayed);
    assert_eq!(as_first(&retried), first);
    assert!(matches!(
        te.execute(cancel.clone()).await,
        Err(EngineError::IdempotencyKeyReused { .. })
    ));

    // A row of the earlier release for another command: the retry is refused.
    te.overwrite_stored_fingerprints(&legacy_fingerprint(&cancel))
        .await;
    te.restart().await;
    assert!(matches!(
        te.execute(approve).await,
        Err(EngineError::IdempotencyKeyReused { .. })
    ));
    te.finish().await;
}
