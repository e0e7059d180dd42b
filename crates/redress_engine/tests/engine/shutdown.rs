//! Graceful shutdown: every submission is either committed or answered `stopped`, none is
//! lost in between; shutdown waits for the batch being committed; afterwards every call
//! answers `stopped`.

use crate::support::*;
use redress_domain::{Actor, SignedDuration, TicketAction, TicketKind};
use redress_engine::{EngineConfig, EngineError};

on_every_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    shutdown_loses_no_queued_command
);
async fn shutdown_loses_no_queued_command(backend: Backend) {
    // A short queue, so that some submitters are still waiting for room when it stops.
    let te = TestEngine::builder(&backend)
        .config(EngineConfig {
            batch_max: 16,
            queue_max: 8,
            ..EngineConfig::default()
        })
        .start()
        .await;
    let mut submitted = Vec::new();
    for n in 0..300 {
        let engine = te.engine.clone();
        let new = new_order(
            &format!("o{n}"),
            &format!("m{}", n % 7),
            "b1",
            10_000,
            te.now(),
        );
        submitted.push((
            new.id.clone(),
            tokio::spawn(async move { engine.execute(place(&new)).await }),
        ));
        if n == 150 {
            let engine = te.engine.clone();
            tokio::spawn(async move { engine.shutdown().await });
        }
    }

    let mut committed = 0;
    let mut stopped = 0;
    let mut answers = Vec::new();
    for (order, handle) in submitted {
        answers.push((order, handle.await.expect("joined")));
    }
    te.engine.shutdown().await;
    let log = te.log().await;
    for (order, answer) in &answers {
        let in_log = log.iter().any(|e| e.stream == format!("order:{order}"));
        match answer {
            Ok(receipt) => {
                assert_receipt_in_log(&log, receipt);
                committed += 1;
            }
            Err(EngineError::Stopped) => {
                assert!(!in_log, "{order} was committed but answered stopped");
                stopped += 1;
            }
            Err(other) => panic!("{order}: unexpected {other:?}"),
        }
    }
    assert_eq!(committed + stopped, 300);
    assert_eq!(
        log.len(),
        committed,
        "every committed command was acknowledged"
    );
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    shutdown_waits_for_the_batch_being_committed
);
async fn shutdown_waits_for_the_batch_being_committed(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let order = te.place_order("o1", "m1", "b1").await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    te.faults().hold_commits();
    let approving = {
        let engine = te.engine.clone();
        let submission = on_ticket(
            Actor::Merchant(merchant("m1")),
            &order,
            &ticket,
            None,
            TicketAction::Approve,
        );
        tokio::spawn(async move { engine.execute(submission).await })
    };
    te.faults().commit_held().await;

    let stopping = {
        let engine = te.engine.clone();
        tokio::spawn(async move { engine.shutdown().await })
    };
    for _ in 0..200 {
        tokio::task::yield_now().await;
    }
    assert!(!stopping.is_finished(), "shut down with a commit in flight");
    // Sent while the shutdown waits: taken into the last batch or refused, never dropped.
    let late = {
        let engine = te.engine.clone();
        let submission = on_ticket(
            Actor::Buyer(buyer("b1")),
            &order,
            &ticket,
            None,
            TicketAction::Cancel,
        );
        tokio::spawn(async move { engine.execute(submission).await })
    };

    te.faults().release_commits();
    stopping.await.expect("joined");
    let approved = approving.await.expect("joined").expect("approved");
    let late = late.await.expect("joined");
    let log = te.log().await;
    assert_receipt_in_log(&log, &approved);
    match late {
        Err(EngineError::Stopped) | Err(EngineError::Rejected(_)) => {
            assert_eq!(ticket_events(&log, &ticket, "cancelled"), 0);
        }
        other => panic!("the cancel came after the approval: {other:?}"),
    }
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    every_call_after_shutdown_answers_stopped
);
async fn every_call_after_shutdown_answers_stopped(backend: Backend) {
    let mut te = TestEngine::start(&backend).await;
    let order = te.place_order("o1", "m1", "b1").await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    let clone = te.engine.clone();
    te.engine.shutdown().await;
    let events = te.log().await.len();

    let approve = on_ticket(
        Actor::Merchant(merchant("m1")),
        &order,
        &ticket,
        None,
        TicketAction::Approve,
    );
    let direct = te.execute(approve.clone()).await;
    let through_clone = clone.execute(approve.with_key("k")).await;
    te.clock.set(te.now() + hours(49)).expect("forward");
    let firing = te.engine.fire_due().await;

    assert!(matches!(direct, Err(EngineError::Stopped)), "{direct:?}");
    assert!(
        matches!(through_clone, Err(EngineError::Stopped)),
        "{through_clone:?}"
    );
    assert_eq!(direct.expect_err("stopped").code(), "stopped");
    assert!(matches!(firing, Err(EngineError::Stopped)), "{firing:?}");
    assert_eq!(te.log().await.len(), events);
    // A second shutdown returns at once.
    clone.shutdown().await;

    // The deadline is still there for the next process. The stopped engine may have claimed
    // it before finding the writer gone; such a claim runs out within a minute.
    te.restart().await;
    assert_eq!(te.advance(SignedDuration::from_mins(1)).await.total(), 1);
    te.finish().await;
}
