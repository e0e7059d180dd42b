//! Failures that are not version conflicts: a commit that fails because of one command fails
//! that command only, and a writer that stops says so instead of leaving callers waiting.

use crate::support::*;
use redress_engine::{EngineError, WriterExit};

on_every_backend!(
    #[tokio::test]
    a_command_that_fails_its_commit_fails_alone
);
/// One merchant's command that the database refuses (a value it cannot store) made the whole
/// batch fail, and so every other merchant's commands in it. Now the writer commits the others
/// without it and only it is told the error.
async fn a_command_that_fails_its_commit_fails_alone(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let poisoned = order_id("o17");
    te.faults().poison(&poisoned);
    let mut placing = Vec::new();
    for n in 0..64 {
        let engine = te.engine.clone();
        let new = new_order(
            &format!("o{n}"),
            &format!("m{}", n % 4),
            &format!("b{n}"),
            20_000 + n,
            te.now(),
        );
        placing.push((
            new.id.clone(),
            tokio::spawn(async move { engine.execute(place(&new)).await }),
        ));
    }
    let mut answers = Vec::new();
    for (order, handle) in placing {
        answers.push((order, handle.await.expect("joined")));
    }

    // Spawned before the writer was polled: the first commit held all 64 commands.
    let commits = te.faults().poisoned_commits();
    assert_eq!(commits.first(), Some(&64), "one batch of 64: {commits:?}");
    assert_eq!(
        commits.last(),
        Some(&1),
        "then the command alone: {commits:?}"
    );
    let log = te.log().await;
    for (order, answer) in &answers {
        if *order == poisoned {
            assert!(
                matches!(answer, Err(EngineError::Store(_))),
                "the failing command is told: {answer:?}"
            );
        } else {
            let receipt = answer
                .as_ref()
                .unwrap_or_else(|e| panic!("{order} failed with the poisoned one: {e}"));
            assert_receipt_in_log(&log, receipt);
        }
    }
    assert_eq!(log.len(), 63, "the 63 others, once each");

    // Durable: a new process reads them back, and not the failed one.
    let mut te = te;
    te.restart().await;
    for (order, _) in &answers {
        let stored = te.engine.order(order).await.expect("the store answers");
        assert_eq!(stored.is_some(), *order != poisoned, "{order}");
    }
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_writer_that_stops_says_so
);
/// A writer that stopped (here a panic in its commit) must be visible: `writer_alive` turns
/// false and `writer_stopped` resolves with the reason, so that a server stops calling itself
/// ready and exits instead of hanging; every command is then answered `stopped`.
async fn a_writer_that_stops_says_so(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    te.place_order("o1", "m1", "b1").await;
    assert!(te.engine.writer_alive());

    te.faults().panic_next_commit();
    let lost = te
        .execute(place(&new_order("o2", "m1", "b1", 10_000, te.now())))
        .await;
    assert!(matches!(lost, Err(EngineError::Stopped)), "{lost:?}");
    let exit = te.engine.writer_stopped().await;
    match &exit {
        WriterExit::Failed(reason) => {
            assert!(reason.contains("injected panic"), "{reason}")
        }
        WriterExit::Finished => panic!("the writer did not finish, it panicked"),
    }
    assert!(!te.engine.writer_alive());
    let after = te
        .execute(place(&new_order("o3", "m1", "b1", 10_000, te.now())))
        .await;
    assert!(matches!(after, Err(EngineError::Stopped)), "{after:?}");
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_writer_shut_down_finishes
);
async fn a_writer_shut_down_finishes(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    te.place_order("o1", "m1", "b1").await;
    te.engine.shutdown().await;
    assert!(!te.engine.writer_alive());
    assert_eq!(te.engine.writer_stopped().await, WriterExit::Finished);
    te.finish().await;
}
