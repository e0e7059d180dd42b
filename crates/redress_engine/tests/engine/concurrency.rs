//! Concurrency: actors racing on one ticket, batches that see their own effects, commands on
//! many orders sharing one commit, and two engines (two processes, each with its own cache)
//! writing one database.

use crate::support::*;
use redress_domain::merchant::MerchantCommand;
use redress_domain::{
    Actor, LineRequest, NewTicket, OrderCommand, OrderId, Reason, Rejection, StateName,
    TicketAction, TicketId, TicketKind,
};
use redress_engine::{Command, EngineError, Receipt, Submission};
use std::sync::atomic::Ordering;

/// A refund-only ticket on one item of the order.
async fn open_on_item(te: &TestEngine, order: &OrderId, ticket: &str, item_raw: &str) -> TicketId {
    let buyer = te.order(order).await.buyer;
    let new = NewTicket {
        items: vec![LineRequest::whole(item(item_raw))],
        ..new_ticket(
            ticket,
            TicketKind::RefundOnly,
            Reason::QualityProblem,
            1_000,
        )
    };
    te.ok(on_order(
        Actor::Buyer(buyer),
        order,
        OrderCommand::OpenTicket(new.clone()),
    ))
    .await;
    new.id
}

fn approve(
    order: &OrderId,
    ticket: &TicketId,
    expected_version: Option<u64>,
) -> redress_engine::Submission {
    on_ticket(
        Actor::Merchant(merchant("m1")),
        order,
        ticket,
        expected_version,
        TicketAction::Approve,
    )
}

fn cancel(
    order: &OrderId,
    ticket: &TicketId,
    expected_version: Option<u64>,
) -> redress_engine::Submission {
    on_ticket(
        Actor::Buyer(buyer("b1")),
        order,
        ticket,
        expected_version,
        TicketAction::Cancel,
    )
}

/// Make `te`'s writer cache the order as it is now, as a process that has served it would.
async fn warm_cache(te: &TestEngine, order: &OrderId) {
    let refused = te
        .execute(approve(order, &ticket_id("no-such-ticket"), None))
        .await;
    assert!(
        matches!(
            refused,
            Err(EngineError::Rejected(Rejection::TicketUnknown))
        ),
        "{refused:?}"
    );
}

on_every_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    two_actors_with_the_same_expected_version_one_wins
);
async fn two_actors_with_the_same_expected_version_one_wins(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    for round in 0..8 {
        let order = te.place_order(&format!("o{round}"), "m1", "b1").await;
        let ticket = te
            .open_ticket(&order, &format!("t{round}"), TicketKind::RefundOnly, 10_000)
            .await;
        let version = te.ticket(&order, &ticket).await.version;

        let (approved, cancelled) = tokio::join!(
            te.execute(approve(&order, &ticket, Some(version))),
            te.execute(cancel(&order, &ticket, Some(version))),
        );

        let (winner, loser) = match (approved, cancelled) {
            (Ok(receipt), Err(error)) | (Err(error), Ok(receipt)) => (receipt, error),
            other => panic!("round {round}: exactly one must win: {other:?}"),
        };
        assert!(
            matches!(
                loser,
                EngineError::Rejected(Rejection::VersionConflict { expected, actual })
                    if expected == version && actual == version + 1
            ),
            "round {round}: {loser:?}"
        );
        assert_eq!(loser.code(), "version_conflict");
        let log = te.log().await;
        assert_receipt_in_log(&log, &winner);
        assert_eq!(
            ticket_events(&log, &ticket, "approved") + ticket_events(&log, &ticket, "cancelled"),
            1,
            "round {round}: only the winner is recorded"
        );
    }
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_stale_expected_version_is_refused_in_a_later_batch_too
);
async fn a_stale_expected_version_is_refused_in_a_later_batch_too(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let order = te.place_order("o1", "m1", "b1").await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    let version = te.ticket(&order, &ticket).await.version;
    te.ok(approve(&order, &ticket, Some(version))).await;
    let events = te.log().await.len();

    let late = te.execute(cancel(&order, &ticket, Some(version))).await;

    assert!(
        matches!(
            late,
            Err(EngineError::Rejected(Rejection::VersionConflict { .. }))
        ),
        "{late:?}"
    );
    assert_eq!(te.log().await.len(), events);
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_batch_sees_its_own_effects
);
async fn a_batch_sees_its_own_effects(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let order = te.place_order("o1", "m1", "b1").await;
    let new = new_ticket("t1", TicketKind::RefundOnly, Reason::DontWant, 10_000);
    let batches = te.engine.stats().batches.load(Ordering::SeqCst);

    // Queued together: the approval is decided against the staged opening.
    let (opened, approved) = tokio::join!(
        te.execute(on_order(
            Actor::Buyer(buyer("b1")),
            &order,
            OrderCommand::OpenTicket(new.clone()),
        )),
        te.execute(approve(&order, &new.id, None)),
    );

    let (opened, approved) = (opened.expect("opened"), approved.expect("approved"));
    assert_eq!(
        te.engine.stats().batches.load(Ordering::SeqCst) - batches,
        1
    );
    assert_eq!(approved.version, opened.version + 1);
    let log = te.log().await;
    assert_receipt_in_log(&log, &opened);
    assert_receipt_in_log(&log, &approved);
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    commands_on_different_orders_in_one_batch_all_commit
);
async fn commands_on_different_orders_in_one_batch_all_commit(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let batches = te.engine.stats().batches.load(Ordering::SeqCst);
    let mut placing = Vec::new();
    for n in 0..24 {
        let engine = te.engine.clone();
        let submission = place(&new_order(
            &format!("o{n}"),
            &format!("m{}", n % 3),
            &format!("b{n}"),
            20_000 + n,
            te.now(),
        ));
        placing.push(tokio::spawn(
            async move { engine.execute(submission).await },
        ));
    }
    let mut receipts: Vec<Receipt> = Vec::new();
    for handle in placing {
        receipts.push(handle.await.expect("joined").expect("placed"));
    }

    // Spawned before the writer was polled: all in one transaction.
    assert_eq!(
        te.engine.stats().batches.load(Ordering::SeqCst) - batches,
        1
    );
    let log = te.log().await;
    assert_eq!(log.len(), 24);
    for receipt in &receipts {
        assert_receipt_in_log(&log, receipt);
    }
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    the_next_batch_is_answered_only_after_the_previous_commits
);
/// Commits are held while the next batch is decided against the staged state; its answers,
/// refusals included, wait until the state they were decided on is durable.
async fn the_next_batch_is_answered_only_after_the_previous_commits(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let order = te.place_order("o1", "m1", "b1").await;
    te.faults().hold_commits();
    let open = {
        let engine = te.engine.clone();
        let submission = on_order(
            Actor::Buyer(buyer("b1")),
            &order,
            OrderCommand::OpenTicket(new_ticket(
                "t1",
                TicketKind::RefundOnly,
                Reason::DontWant,
                10_000,
            )),
        );
        tokio::spawn(async move { engine.execute(submission).await })
    };
    te.faults().commit_held().await;

    let approved = {
        let engine = te.engine.clone();
        let submission = approve(&order, &ticket_id("t1"), None);
        tokio::spawn(async move { engine.execute(submission).await })
    };
    let intruder = {
        let engine = te.engine.clone();
        let submission = on_ticket(
            Actor::Merchant(merchant("m2")),
            &order,
            &ticket_id("t1"),
            None,
            TicketAction::Approve,
        );
        tokio::spawn(async move { engine.execute(submission).await })
    };
    for _ in 0..200 {
        tokio::task::yield_now().await;
    }
    assert!(!open.is_finished(), "answered before its commit");
    assert!(
        !approved.is_finished(),
        "answered before the state it saw was durable"
    );
    assert!(
        !intruder.is_finished(),
        "refused before the state it saw was durable"
    );

    te.faults().release_commits();
    let opened = open.await.expect("joined").expect("opened");
    let approved = approved.await.expect("joined").expect("approved");
    let intruder = intruder.await.expect("joined");
    assert!(
        matches!(
            intruder,
            Err(EngineError::Rejected(Rejection::WrongActor { .. }))
        ),
        "{intruder:?}"
    );
    let log = te.log().await;
    assert_receipt_in_log(&log, &opened);
    assert_receipt_in_log(&log, &approved);
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    two_engines_on_one_database_lose_no_update
);
async fn two_engines_on_one_database_lose_no_update(backend: Backend) {
    let a = TestEngine::start(&backend).await;
    let b = a.second().await;
    for round in 0..6 {
        let order = a.place_order(&format!("o{round}"), "m1", "b1").await;
        let first = open_on_item(&a, &order, &format!("t{round}a"), "i1").await;
        let second = open_on_item(&a, &order, &format!("t{round}b"), "i2").await;
        warm_cache(&a, &order).await;
        warm_cache(&b, &order).await;

        // Both decide against the same cached version; one commit must lose the version
        // check and be decided again, not overwrite the other.
        let (by_a, by_b) = tokio::join!(
            a.execute(approve(&order, &first, None)),
            b.execute(approve(&order, &second, None)),
        );

        let (by_a, by_b) = (by_a.expect("a approved"), by_b.expect("b approved"));
        let log = a.log().await;
        assert_receipt_in_log(&log, &by_a);
        assert_receipt_in_log(&log, &by_b);
        let after = a.order(&order).await;
        for ticket in [&first, &second] {
            assert_eq!(ticket_events(&log, ticket, "approved"), 1);
            assert_eq!(after.tickets[ticket].state.name(), StateName::Refunding);
        }
        let stream = format!("order:{order}");
        assert_eq!(
            log.iter().filter(|e| e.stream == stream).count() as u64,
            after.version
        );
    }
    b.finish().await;
    a.finish().await;
}

on_every_backend!(
    #[tokio::test]
    two_engines_racing_on_one_ticket_record_one_answer
);
async fn two_engines_racing_on_one_ticket_record_one_answer(backend: Backend) {
    let a = TestEngine::start(&backend).await;
    let b = a.second().await;
    for round in 0..6 {
        let order = a.place_order(&format!("o{round}"), "m1", "b1").await;
        let ticket = a
            .open_ticket(&order, &format!("t{round}"), TicketKind::RefundOnly, 10_000)
            .await;
        warm_cache(&a, &order).await;
        warm_cache(&b, &order).await;

        let (approved, cancelled) = tokio::join!(
            a.execute(approve(&order, &ticket, None)),
            b.execute(cancel(&order, &ticket, None)),
        );

        let log = a.log().await;
        let recorded =
            ticket_events(&log, &ticket, "approved") + ticket_events(&log, &ticket, "cancelled");
        assert_eq!(recorded, 1, "round {round}: {approved:?} / {cancelled:?}");
        for answer in [&approved, &cancelled] {
            match answer {
                Ok(receipt) => assert_receipt_in_log(&log, receipt),
                Err(EngineError::Rejected(Rejection::WrongState { .. }))
                | Err(EngineError::Conflict { .. }) => {}
                Err(other) => panic!("round {round}: unexpected {other:?}"),
            }
        }
        assert_eq!(
            approved.is_ok() as usize + cancelled.is_ok() as usize,
            1,
            "round {round}: exactly one wins"
        );
    }
    b.finish().await;
    a.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_second_engine_does_not_refuse_from_a_stale_cache
);
/// A second process opened a ticket; the first, whose cache still holds the order as it was,
/// refuses the merchant's approval with `ticket_unknown` without looking at the store. The
/// version check that guards writes never runs for a refusal.
async fn a_second_engine_does_not_refuse_from_a_stale_cache(backend: Backend) {
    let a = TestEngine::start(&backend).await;
    let b = a.second().await;
    let order = a.place_order("o1", "m1", "b1").await;
    let ticket = b
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;

    let approved = a.execute(approve(&order, &ticket, None)).await;

    assert!(
        approved.is_ok(),
        "a ticket the log holds was refused from a stale cache: {approved:?}"
    );
    b.finish().await;
    a.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_key_race_between_engines_fails_only_the_command_that_reused_the_key
);
/// Two processes take one idempotency key for two different commands of one merchant at
/// once. The second commit breaks the key's primary key inside the batch transaction, and
/// the whole batch fails with a storage error, including commands that had nothing to do
/// with the key.
async fn a_key_race_between_engines_fails_only_the_command_that_reused_the_key(backend: Backend) {
    let a = TestEngine::start(&backend).await;
    let b = a.second().await;
    let o1 = a.place_order("o1", "m1", "b1").await;
    let o2 = a.place_order("o2", "m1", "b1").await;
    let o3 = a.place_order("o3", "m1", "b1").await;
    let t1 = a
        .open_ticket(&o1, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    let t2 = a
        .open_ticket(&o2, "t2", TicketKind::RefundOnly, 10_000)
        .await;
    let t3 = a
        .open_ticket(&o3, "t3", TicketKind::RefundOnly, 10_000)
        .await;

    a.faults().hold_commits();
    let keyed = {
        let engine = a.engine.clone();
        let submission = approve(&o1, &t1, None).with_key("k");
        tokio::spawn(async move { engine.execute(submission).await })
    };
    let unrelated = {
        let engine = a.engine.clone();
        let submission = approve(&o3, &t3, None);
        tokio::spawn(async move { engine.execute(submission).await })
    };
    a.faults().commit_held().await;
    let by_b = b.ok(approve(&o2, &t2, None).with_key("k")).await;
    a.faults().release_commits();
    let keyed = keyed.await.expect("joined");
    let unrelated = unrelated.await.expect("joined");

    let log = a.log().await;
    assert_receipt_in_log(&log, &by_b);
    assert!(
        !matches!(keyed, Err(EngineError::Store(_))),
        "a reused key is a refusal, not a storage failure: {keyed:?}"
    );
    match unrelated {
        Ok(receipt) => assert_receipt_in_log(&log, &receipt),
        Err(error) => panic!("a command without a key failed with the batch: {error}"),
    }
    b.finish().await;
    a.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_replay_in_a_batch_that_loses_a_race_is_not_acknowledged
);
/// A replay answered from the batch's own staging, while the batch then loses its race to
/// another process: the first command is decided again and refused, yet its retry was told
/// it succeeded.
async fn a_replay_in_a_batch_that_loses_a_race_is_not_acknowledged(backend: Backend) {
    let a = TestEngine::start(&backend).await;
    let b = a.second().await;
    let order = a.place_order("o1", "m1", "b1").await;
    let ticket = a
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    warm_cache(&a, &order).await;
    b.ok(cancel(&order, &ticket, None)).await;

    let keyed = approve(&order, &ticket, None).with_key("approve-t1");
    let (first, retry) = tokio::join!(a.execute(keyed.clone()), a.execute(keyed));

    let log = a.log().await;
    assert_eq!(ticket_events(&log, &ticket, "approved"), 0, "{first:?}");
    match retry {
        Ok(receipt) => {
            panic!("acknowledged {receipt:?} though the first command was answered {first:?}")
        }
        Err(error) => assert_eq!(first.expect_err("refused").code(), error.code()),
    }
    b.finish().await;
    a.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_second_engine_decides_on_the_merchant_settings_in_force
);
/// The platform closes a merchant's refund handling through one process (SPEC: "until
/// restored every new ticket is approved at once"). The other process decides new tickets
/// against the merchant settings it cached before, and the commit's version check covers
/// only the order stream written, not the merchant stream read: the ticket is recorded as
/// waiting for a merchant who is no longer allowed to handle it.
async fn a_second_engine_decides_on_the_merchant_settings_in_force(backend: Backend) {
    let a = TestEngine::start(&backend).await;
    let b = a.second().await;
    let order = a.place_order("o1", "m1", "b1").await;
    b.ok(Submission::new(
        Actor::Operator(staff("op1")),
        Command::Merchant {
            merchant: merchant("m1"),
            command: MerchantCommand::CloseRefundHandling {
                reason: "high risk".to_owned(),
            },
        },
    ))
    .await;

    let opened = a
        .ok(on_order(
            Actor::Buyer(buyer("b1")),
            &order,
            OrderCommand::OpenTicket(new_ticket(
                "t1",
                TicketKind::RefundOnly,
                Reason::DontWant,
                10_000,
            )),
        ))
        .await;

    assert_eq!(
        opened.events,
        vec!["opened", "approved"],
        "refund handling was closed, so the ticket is approved at once"
    );
    b.finish().await;
    a.finish().await;
}

on_every_backend!(
    #[tokio::test]
    two_engines_placing_one_order_id_for_two_merchants_place_it_once
);
/// Two processes each find the order id free and place it, for two merchants. Rows are
/// keyed by merchant, so without the commit's id check both would be stored: one id, two
/// orders. The later commit conflicts, is decided again, and is refused `order_exists`.
async fn two_engines_placing_one_order_id_for_two_merchants_place_it_once(backend: Backend) {
    let a = TestEngine::start(&backend).await;
    let b = a.second().await;
    a.faults().hold_commits();
    let by_a = {
        let engine = a.engine.clone();
        let submission = place(&new_order("o1", "m1", "b1", 50_000, a.now()));
        tokio::spawn(async move { engine.execute(submission).await })
    };
    // A has decided and waits at the commit; B places the same id for another merchant.
    a.faults().commit_held().await;
    b.place_order("o1", "m2", "b2").await;
    a.faults().release_commits();
    let by_a = by_a.await.expect("joined");

    assert!(
        matches!(by_a, Err(EngineError::Rejected(Rejection::OrderExists))),
        "the second placement of o1 must be refused: {by_a:?}"
    );
    let placed: Vec<String> = a
        .log()
        .await
        .iter()
        .filter(|e| e.kind == "order_placed")
        .map(|e| e.merchant_id.clone())
        .collect();
    assert_eq!(placed, ["m2"]);
    b.finish().await;
    a.finish().await;
}
