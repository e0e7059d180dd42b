//! The end-of-test proofs: what no test may leave behind, whatever it tested. The engine's
//! harness runs them when a `TestEngine` finishes or is dropped, the API's when a test's
//! server is done (crates_io's `TestApp` checks its background jobs the same way).

use crate::Database;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use redress_store::{AnyStore, Store};
use std::sync::Arc;

/// What a test should not leave behind: deadlines due at `now` and unfired, projections that
/// differ from a replay of the event log, and merchant figures (kept commit by commit) that
/// differ from the oracle's recount of the log in the platform's time `zone`. Empty when all
/// is well; each entry says what is wrong.
pub async fn left_behind(store: &AnyStore, now: Timestamp, zone: &TimeZone) -> Vec<String> {
    let mut problems: Vec<String> = store
        .due_deadlines(now, 10)
        .await
        .expect("deadlines can be read")
        .into_iter()
        .map(|d| format!("deadline {d:?} due at {} left unfired at {now}", d.due_at))
        .collect();
    let replay = store.replay().await.expect("replay runs");
    problems.extend(replay.differences);
    let days = redress_store::days::verify(store, zone)
        .await
        .expect("the recount runs");
    problems.extend(days.differences);
    problems
}

/// [`left_behind`] on a new handle on `database`, from a thread with a runtime and
/// connections of its own: for `Drop`, which cannot await, and whose thread may be the one
/// driving the test's current-thread runtime.
pub fn left_behind_blocking(
    database: &Arc<Database>,
    now: Timestamp,
    zone: &TimeZone,
) -> Vec<String> {
    let database = database.clone();
    let zone = zone.clone();
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for the check")
            .block_on(async {
                let store = database.open().await;
                let problems = left_behind(&store, now, &zone).await;
                close(&store).await;
                problems
            })
    })
    .join()
    .expect("the check ran")
}

/// Give a store's connections back to the server (PostgreSQL) now rather than when the
/// runtime ends.
pub async fn close(store: &AnyStore) {
    if let AnyStore::Postgres(store) = store {
        store.close().await;
    }
}
