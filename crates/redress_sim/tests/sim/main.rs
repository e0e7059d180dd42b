//! The simulator's tests: determinism, model validation, compare mode, and agreement with the
//! engine's own metrics. Each runs a small marketplace for a few simulated days.

use redress_domain::Policy;
use redress_engine::{Engine, EngineConfig, ManualClock};
use redress_sim::{Model, Outcome, Silent};
use redress_store::{AnyStore, SqliteStore};
use std::sync::Arc;

/// Run `model` for `days` on a scratch SQLite database.
pub async fn simulate(model: &Model, seed: u64, days: u32) -> Outcome {
    let directory = tempfile::tempdir().expect("a temporary directory");
    let store = SqliteStore::open(&directory.path().join("sim.db")).expect("open");
    let start = jiff::Timestamp::from_second(0).expect("valid");
    let clock = Arc::new(ManualClock::new(start));
    let engine = Engine::start(
        AnyStore::Sqlite(store),
        clock.clone(),
        Policy::default(),
        EngineConfig::default(),
    );
    let outcome = redress_sim::run(&engine, &clock, model, seed, days, &mut Silent)
        .await
        .expect("the simulation runs");
    let days_report = redress_store::days::verify(engine.store(), &engine.zone())
        .await
        .expect("verify");
    assert!(
        days_report.differences.is_empty(),
        "{:?}",
        days_report.differences
    );
    engine.shutdown().await;
    outcome
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smoke() {
    let t = std::time::Instant::now();
    let outcome = simulate(&Model::small(), 1, 21).await;
    eprintln!(
        "{:?} orders {} tickets {} commands {} fired {} evals {:?} penalties {} refusals {:?}",
        t.elapsed(),
        outcome.orders,
        outcome.tickets.len(),
        outcome.commands,
        outcome.deadlines_fired,
        outcome.evaluations,
        outcome.penalties.len(),
        outcome.refusals
    );
    let mut states = std::collections::BTreeMap::new();
    for t in &outcome.tickets {
        *states
            .entry((t.kind, t.end_state, t.auto_rule))
            .or_insert(0) += 1;
    }
    for (k, v) in states {
        eprintln!("{k:?} {v}");
    }
    for r in outcome.rates.iter().take(20) {
        eprintln!("{r:?}");
    }
}
