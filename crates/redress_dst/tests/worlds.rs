//! The simulation in CI: a fixed number of worlds on SQLite (and on PostgreSQL when
//! `REDRESS_TEST_POSTGRES` names a server), from a seed range that moves with each commit,
//! plus every seed of `regressions.txt`. A failure prints the command line that replays it.

use redress_dst::{Backend, Injected, RunConfig, repro_line, run};
use sha2::{Digest, Sha256};
use std::io::Write as _;

/// Worlds per run on SQLite, and their steps (see docs/TESTING.md for the time they take).
const SQLITE_WORLDS: u64 = 200;
const SQLITE_STEPS: usize = 40;
/// Worlds per run on PostgreSQL, each with two engine instances on one schema.
const POSTGRES_WORLDS: u64 = 50;
const POSTGRES_STEPS: usize = 20;
/// The slow checks (replay, metrics recount) every this many steps, and after the last.
const HEAVY_EVERY: usize = 10;

use redress_testkit::POSTGRES_VARIABLE;

/// The first seed of this run: from the commit under test, so that every push explores new
/// worlds; fixed when there is no git.
fn first_seed() -> u64 {
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    match commit {
        Some(commit) => {
            let digest = Sha256::digest(commit.as_bytes());
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(&digest[..8]);
            // Below 2^40, so that seeds stay short to type.
            u64::from_le_bytes(bytes) >> 24
        }
        None => 20_000,
    }
}

/// `(backend, seed, steps)` of regressions.txt.
fn regressions() -> Vec<(String, u64, usize)> {
    include_str!("../regressions.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let mut words = line.split_whitespace();
            let backend = words.next().expect("a backend").to_owned();
            let seed = words
                .next()
                .and_then(|w| w.parse().ok())
                .unwrap_or_else(|| panic!("regressions.txt: no seed in {line:?}"));
            let steps = words
                .next()
                .and_then(|w| w.parse().ok())
                .unwrap_or_else(|| panic!("regressions.txt: no steps in {line:?}"));
            (backend, seed, steps)
        })
        .collect()
}

/// Run the worlds, and fail with one replay line per failed world.
async fn worlds(backend: Backend, configs: Vec<RunConfig>) -> redress_dst::Stats {
    let mut failures = Vec::new();
    let mut total = redress_dst::Stats::default();
    for config in configs {
        let config = RunConfig {
            backend: backend.clone(),
            engines: RunConfig::new(config.seed, config.steps, backend.clone()).engines,
            ..config
        };
        let outcome = run(&config)
            .await
            .unwrap_or_else(|e| panic!("seed {}: the world did not start: {e}", config.seed));
        total.add(&outcome.stats);
        if let Some(failure) = outcome.failure {
            failures.push(format!("{failure}\n    replay: {}", repro_line(&config)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} worlds failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    total
}

fn configs(backend: &str, worlds: u64, steps: usize) -> Vec<RunConfig> {
    let first = first_seed();
    let _ = writeln!(
        std::io::stderr(),
        "dst on {backend}: seeds {first}..{} × {steps} steps, and the regression list",
        first + worlds
    );
    let mut configs: Vec<RunConfig> = regressions()
        .into_iter()
        .filter(|(b, _, _)| b == backend)
        .map(|(_, seed, steps)| RunConfig::new(seed, steps, Backend::Sqlite))
        .collect();
    configs
        .extend((first..first + worlds).map(|seed| RunConfig::new(seed, steps, Backend::Sqlite)));
    for config in &mut configs {
        config.heavy_every = HEAVY_EVERY;
    }
    configs
}

#[tokio::test]
async fn sqlite_worlds_keep_every_invariant() {
    let stats = worlds(
        Backend::Sqlite,
        configs("sqlite", SQLITE_WORLDS, SQLITE_STEPS),
    )
    .await;
    let _ = writeln!(std::io::stderr(), "{}", stats.table());
    // The workload reaches what it is meant to: commands accepted and refused, answers
    // replayed for reused keys, every kind of fault, restarts and clock advances, races,
    // webhook retries; and tickets deep into their lives.
    let table = stats.table();
    assert!(stats.refused > 0, "{table}");
    assert!(stats.replayed > 0, "{table}");
    assert!(stats.faults > 0, "{table}");
    assert!(stats.restarts > 0, "{table}");
    assert!(stats.advances > 0, "{table}");
    assert!(stats.exclusive_races > 0, "{table}");
    assert!(stats.deliveries.delivered > 0, "{table}");
    assert!(stats.deliveries.failed > 0, "{table}");
    assert!(
        stats.accepted * 3 > stats.accepted + stats.refused,
        "most of the workload should be accepted, a third at least:\n{table}"
    );
    for kind in [
        "escalate",
        "give verdict",
        "refund succeeded",
        "ship return",
    ] {
        assert!(stats.accepted_of(kind) > 0, "no {kind} accepted:\n{table}");
    }
}

/// A world longer than an era keeps working: later eras place orders of their own and
/// take their tickets through, instead of spending their steps refused on orders whose
/// lives are over (at 1,000 steps without eras, 8 % of commands were accepted).
#[tokio::test]
async fn a_long_world_keeps_working_in_later_eras() {
    const WORLDS: u64 = 3;
    const STEPS: usize = 3 * redress_dst::plan::ERA_STEPS;
    let first = first_seed();
    let configs = (first..first + WORLDS)
        .map(|seed| {
            let mut config = RunConfig::new(seed, STEPS, Backend::Sqlite);
            config.heavy_every = HEAVY_EVERY;
            config
        })
        .collect();
    let stats = worlds(Backend::Sqlite, configs).await;
    let table = stats.table();
    assert!(
        stats.accepted_of("place order") > WORLDS * redress_dst::plan::ORDERS,
        "the later eras placed no orders of their own:\n{table}"
    );
    assert!(
        stats.accepted * 5 > stats.accepted + stats.refused,
        "a fifth of a long world's commands should be accepted:\n{table}"
    );
}

#[tokio::test]
async fn postgres_worlds_keep_every_invariant() {
    // The shared skip line: required when `CI` is set.
    let Some(url) = redress_testkit::postgres_url() else {
        return;
    };
    worlds(
        Backend::Postgres { url },
        configs("postgres", POSTGRES_WORLDS, POSTGRES_STEPS),
    )
    .await;
}

#[tokio::test]
async fn a_seed_replays_to_the_same_trace() {
    let config = RunConfig::new(7, 120, Backend::Sqlite);
    let first = run(&config).await.expect("the world starts");
    let again = run(&config).await.expect("the world starts");
    assert_eq!(first.trace, again.trace);
    assert_eq!(first.trace_hash, again.trace_hash);
    let other = run(&RunConfig::new(8, 120, Backend::Sqlite))
        .await
        .expect("the world starts");
    assert_ne!(
        first.trace_hash, other.trace_hash,
        "another seed, another world"
    );
}

#[tokio::test]
async fn a_kept_subset_runs_only_those_steps() {
    let mut config = RunConfig::new(11, 40, Backend::Sqlite);
    config.keep = Some(vec![0, 5, 9, 30]);
    let outcome = run(&config).await.expect("the world starts");
    assert_eq!(outcome.steps_run, 4);
    let mut steps: Vec<&str> = outcome
        .trace
        .iter()
        .map(|l| l.split(':').next().unwrap_or(""))
        .collect();
    // A step may add several lines (an advance, then the deliveries it made due), and no
    // line only if it failed; none does here.
    steps.dedup();
    assert!(outcome.failure.is_none(), "{:?}", outcome.failure);
    assert_eq!(steps, ["0", "5", "9", "30"]);
    assert_eq!(
        repro_line(&config),
        "redress dst --seed 11 --steps 40 --keep 0,5,9,30"
    );
}

/// Explore more worlds than CI does, from the already-built test binary:
/// `DST_SEEDS=0..1000 DST_STEPS=300 DST_HEAVY=10 cargo test -p redress_dst --test worlds -- --ignored explore`
/// (with `REDRESS_TEST_POSTGRES` set and `DST_POSTGRES=1`, on PostgreSQL). The CLI's
/// `redress dst` does the same with a release build.
#[tokio::test]
#[ignore = "long: run on demand"]
async fn explore() {
    let seeds = redress_dst::parse_seeds(&std::env::var("DST_SEEDS").unwrap_or("0..100".into()))
        .expect("DST_SEEDS is A..B");
    let steps: usize = std::env::var("DST_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let backend = match std::env::var_os("DST_POSTGRES") {
        Some(_) => Backend::Postgres {
            url: std::env::var(POSTGRES_VARIABLE).expect("REDRESS_TEST_POSTGRES is set"),
        },
        None => Backend::Sqlite,
    };
    let _ = writeln!(
        std::io::stderr(),
        "dst explore: seeds {seeds:?} × {steps} steps on {backend:?}"
    );
    let heavy_every = std::env::var("DST_HEAVY")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(HEAVY_EVERY);
    let configs = seeds
        .map(|seed| {
            let mut config = RunConfig::new(seed, steps, Backend::Sqlite);
            config.heavy_every = heavy_every;
            config
        })
        .collect();
    let stats = worlds(backend, configs).await;
    let _ = writeln!(std::io::stderr(), "dst explore:\n{}", stats.table());
}

/// `--shrink` on a real failure: a deliberate bug (daily figures lost once a refund is paid)
/// breaks `metrics_equal_oracle` some steps into a world; the shrunk step list is shorter,
/// still fails the same check, and its replay line reproduces it.
#[tokio::test]
async fn shrink_finds_fewer_steps_that_still_fail() {
    let mut found = None;
    for seed in 0..40 {
        let mut config = RunConfig::new(seed, 60, Backend::Sqlite);
        config.inject = Some(Injected::RefundLosesDays);
        let outcome = run(&config).await.expect("the world starts");
        if let Some(failure) = outcome.failure {
            found = Some((config, failure));
            break;
        }
    }
    let (config, failure) = found.expect("a world of 40 seeds × 60 steps pays a refund");
    assert_eq!(failure.check, "metrics_equal_oracle", "{failure}");
    let (keep, shrunk) = redress_dst::shrink::shrink(&config, &failure)
        .await
        .expect("the worlds start");
    assert_eq!(shrunk.check, failure.check, "{shrunk}");
    assert!(
        keep.len() < failure.step + 1,
        "shrunk to {} steps from {}",
        keep.len(),
        failure.step + 1
    );
    // The printed line names exactly this run, and running it fails the same way.
    let shorter = RunConfig {
        keep: Some(keep.clone()),
        ..config.clone()
    };
    let line = repro_line(&shorter);
    let list: Vec<String> = keep.iter().map(ToString::to_string).collect();
    assert_eq!(
        line,
        format!(
            "redress dst --seed {} --steps {} --inject-bug refund-loses-days --keep {}",
            config.seed,
            config.steps,
            list.join(",")
        )
    );
    let again = run(&shorter).await.expect("the world starts");
    let again = again.failure.expect("the shrunk run fails again");
    assert_eq!((again.check, again.step), (shrunk.check, shrunk.step));
    // Without the bug the same steps keep every invariant.
    let clean = run(&RunConfig {
        inject: None,
        ..shorter
    })
    .await
    .expect("the world starts");
    assert!(clean.failure.is_none(), "{:?}", clean.failure);
}
