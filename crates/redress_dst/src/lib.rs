//! Deterministic simulation testing (issue 20): one seeded world per seed, the real engine on
//! a real store (SQLite file, or a PostgreSQL schema shared by several engine instances),
//! a [`ManualClock`](redress_engine::ManualClock), a seeded workload of every actor's
//! commands (valid, invalid and hostile) and seeded faults, with every invariant checked
//! after every step.
//!
//! Determinism: the world is driven from one task and awaits each step before drawing the
//! next, so no two commands are ever in flight at once; "racing" instances are interleaved
//! step by step in an order the seed chooses, which makes each one decide on a cache another
//! instance has made stale. The workload is drawn in full from the seed before the run
//! ([`plan::plan`]), so a run of a subset of its steps (`--keep`, what `--shrink` finds)
//! replays the same steps with the same faults.

pub mod check;
pub mod faults;
pub mod guide;
pub mod plan;
pub mod receivers;
pub mod stats;
pub mod world;

pub use check::Failure;
pub use stats::Stats;
pub use world::{Backend, Injected, Outcome, RunConfig, run};

pub mod shrink;

/// The one command line that replays a world exactly.
pub fn repro_line(config: &RunConfig) -> String {
    let mut line = format!(
        "redress dst --seed {} --steps {}",
        config.seed, config.steps
    );
    if let Backend::Postgres { url } = &config.backend {
        line.push_str(&format!(
            " --database {} --engines {}",
            redress_store::redact_url(url),
            config.engines
        ));
    }
    if let Some(crate::Injected::RefundLosesDays) = config.inject {
        line.push_str(" --inject-bug refund-loses-days");
    }
    if let Some(keep) = &config.keep {
        let list: Vec<String> = keep.iter().map(ToString::to_string).collect();
        line.push_str(&format!(" --keep {}", list.join(",")));
    }
    line
}

/// `A..B` (B excluded) or a single seed.
pub fn parse_seeds(text: &str) -> Result<std::ops::Range<u64>, String> {
    let bad = || format!("seeds {text:?}: expected A..B (B excluded) or one number");
    match text.split_once("..") {
        Some((a, b)) => {
            let a: u64 = a.trim().parse().map_err(|_| bad())?;
            let b: u64 = b.trim().parse().map_err(|_| bad())?;
            if b <= a {
                return Err(format!("seeds {text:?}: the range is empty"));
            }
            Ok(a..b)
        }
        None => {
            let a: u64 = text.trim().parse().map_err(|_| bad())?;
            Ok(a..a + 1)
        }
    }
}
