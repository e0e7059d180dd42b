//! `redress dst`: deterministic simulation testing (docs/TESTING.md). The worlds, faults and
//! checks are `redress_dst`'s; this only parses arguments and prints.

use anyhow::Context;
use redress_dst::{Backend, RunConfig};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct DstArgs {
    /// One world's seed.
    #[arg(long, conflicts_with = "seeds")]
    seed: Option<u64>,
    /// A range of seeds, `A..B` (B excluded), one world each.
    #[arg(long)]
    seeds: Option<String>,
    /// Steps per world.
    #[arg(long, default_value_t = 200)]
    steps: usize,
    /// A `postgres://` URL: each world gets a fresh schema there, shared by `--engines`
    /// instances. Without it, each world is one engine on a fresh SQLite file.
    #[arg(long)]
    database: Option<String>,
    /// Engine instances per world (default: 1 on SQLite, 2 on PostgreSQL).
    #[arg(long)]
    engines: Option<u8>,
    /// Run only these steps of the plan (comma-separated), as a shrunk failure prints.
    #[arg(long, value_delimiter = ',')]
    keep: Option<Vec<usize>>,
    /// Reduce a failing world to fewer steps and print the shorter command line.
    #[arg(long)]
    shrink: bool,
    /// Run the replay and metrics recount after every N steps (1: every step).
    #[arg(long, default_value_t = 1)]
    heavy_every: usize,
    /// Print each world's trace.
    #[arg(long)]
    trace: bool,
    /// Print the table of answers per command kind for a range too (always for one seed).
    #[arg(long)]
    stats: bool,
    /// A deliberate bug (`refund-loses-days`), to see the checks and `--shrink` find one.
    #[arg(long, hide = true)]
    inject_bug: Option<String>,
}

pub fn run(args: DstArgs) -> anyhow::Result<ExitCode> {
    let seeds = match (&args.seed, &args.seeds) {
        (Some(seed), _) => *seed..seed.saturating_add(1),
        (None, Some(text)) => redress_dst::parse_seeds(text).map_err(anyhow::Error::msg)?,
        (None, None) => anyhow::bail!("give --seed N or --seeds A..B"),
    };
    let backend = match &args.database {
        Some(url) => Backend::Postgres { url: url.clone() },
        None => Backend::Sqlite,
    };
    // One thread drives everything: no two steps are ever in flight at once.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("a runtime")?;
    let inject = match args.inject_bug.as_deref() {
        None => None,
        Some("refund-loses-days") => Some(redress_dst::Injected::RefundLosesDays),
        Some(other) => anyhow::bail!("--inject-bug {other:?}: the only one is refund-loses-days"),
    };
    let mut failed = 0u64;
    let mut ran = 0u64;
    let mut steps = 0u64;
    let mut total = redress_dst::Stats::default();
    let started = std::time::Instant::now();
    for seed in seeds.clone() {
        let mut config = RunConfig::new(seed, args.steps, backend.clone());
        if let Some(engines) = args.engines {
            config.engines = engines.max(1);
        }
        config.keep = args.keep.clone();
        config.heavy_every = args.heavy_every;
        config.inject = inject;
        let outcome = runtime
            .block_on(redress_dst::run(&config))
            .map_err(anyhow::Error::msg)?;
        ran += 1;
        steps += outcome.steps_run as u64;
        total.add(&outcome.stats);
        if args.trace {
            for line in &outcome.trace {
                println!("  {line}");
            }
        }
        let Some(failure) = outcome.failure else {
            if seeds.end - seeds.start == 1 {
                println!(
                    "dst: seed {seed}: {} steps, every check held (trace {})",
                    outcome.steps_run, outcome.trace_hash
                );
            }
            continue;
        };
        failed += 1;
        println!("dst: seed {seed} FAILED at {failure}");
        println!("  replay: {}", redress_dst::repro_line(&config));
        if args.shrink {
            let (keep, shrunk) = runtime
                .block_on(redress_dst::shrink::shrink(&config, &failure))
                .map_err(anyhow::Error::msg)?;
            let shorter = RunConfig {
                keep: Some(keep.clone()),
                ..config.clone()
            };
            println!("  shrunk to {} steps, failing at {shrunk}", keep.len());
            println!("  replay: {}", redress_dst::repro_line(&shorter));
        }
    }
    if args.stats || seeds.end - seeds.start == 1 {
        println!("{}", total.table());
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "dst: {ran} worlds of {} steps ({}), {failed} failed; {steps} steps in {seconds:.0} s ({:.0} steps/s)",
        args.steps,
        match &backend {
            Backend::Sqlite => "SQLite".to_owned(),
            Backend::Postgres { url } => redress_store::redact_url(url),
        },
        steps as f64 / seconds.max(0.001)
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
