//! Internal commands of the several-instances test: `seed-deadlines` fills a database with
//! tickets whose merchant deadlines all fall due at once, and `deadline-worker` is one
//! stateless instance that fires due deadlines until it is killed.

use crate::workload::{self, Step};
use anyhow::Context;
use redress_domain::{SignedDuration, Timestamp};
use redress_engine::{Clock, Engine, EngineConfig, ManualClock};
use redress_store::AnyStore;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// When the seeded orders are placed and their tickets opened.
pub const SEEDED_AT: &str = "2026-03-02T02:00:00Z";
/// Concurrent submitters while seeding, so that commands share commits.
const SEED_SUBMITTERS: u64 = 256;

/// Place `count` orders and open a ticket on each, all at [`SEEDED_AT`].
pub fn seed(database: &str, count: u64) -> anyhow::Result<ExitCode> {
    crate::runtime()?.block_on(async {
        let store = AnyStore::open(database)
            .await
            .with_context(|| format!("opening {}", redress_store::redact_url(database)))?;
        let start: Timestamp = SEEDED_AT.parse().expect("valid time");
        let engine = Engine::start(
            store,
            Arc::new(ManualClock::new(start)),
            Default::default(),
            EngineConfig::default(),
        );
        let mut tasks = tokio::task::JoinSet::new();
        for submitter in 0..SEED_SUBMITTERS {
            let engine = engine.clone();
            tasks.spawn(async move {
                for n in (submitter..count).step_by(SEED_SUBMITTERS as usize) {
                    for step in [Step::Place, Step::Open] {
                        engine.execute(workload::submission(n, step, start)).await?;
                    }
                }
                anyhow::Ok(())
            });
        }
        while let Some(joined) = tasks.join_next().await {
            joined??;
        }
        engine.shutdown().await;
        println!("seeded {count} tickets");
        Ok(ExitCode::SUCCESS)
    })
}

/// Wall-clock time shifted to start at a given instant: a worker lives "later" than the
/// seeded tickets, and its leases still run out in real seconds.
#[derive(Debug)]
struct ShiftedClock {
    start: Timestamp,
    started: Instant,
}

impl Clock for ShiftedClock {
    fn now(&self) -> Timestamp {
        let elapsed = SignedDuration::try_from(self.started.elapsed()).unwrap_or_default();
        let now = self.start.saturating_add(elapsed).unwrap_or(self.start);
        Timestamp::from_microsecond(now.as_microsecond()).unwrap_or(now)
    }
}

/// Fire deadlines as they fall due, on a clock starting `days_later` days after the seeded
/// tickets were opened, until killed or until stdin closes.
pub fn work(database: &str, days_later: i64) -> anyhow::Result<ExitCode> {
    crate::runtime()?.block_on(async {
        let store = AnyStore::open(database)
            .await
            .with_context(|| format!("opening {}", redress_store::redact_url(database)))?;
        let seeded: Timestamp = SEEDED_AT.parse().expect("valid time");
        let clock = ShiftedClock {
            start: seeded.saturating_add(SignedDuration::from_hours(24 * days_later))?,
            started: Instant::now(),
        };
        let engine = Engine::start(
            store,
            Arc::new(clock),
            Default::default(),
            EngineConfig::default(),
        );
        let scheduler = engine.spawn_scheduler(Duration::from_millis(100));
        println!("ready");
        std::io::stdout().flush()?;
        let mut sink = Vec::new();
        tokio::io::AsyncReadExt::read_to_end(&mut tokio::io::stdin(), &mut sink).await?;
        scheduler.stop().await;
        engine.shutdown().await;
        Ok(ExitCode::SUCCESS)
    })
}
