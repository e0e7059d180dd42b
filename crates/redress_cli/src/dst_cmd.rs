//! `redress dst`: deterministic simulation testing (docs/TESTING.md). The worlds, faults and
//! checks are `redress_dst`'s; this only parses arguments and prints.

use redress_dst::{Backend, RunConfig};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

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
    /// Worlds run at once, each on a thread and runtime of its own (a world itself is
    /// always one thread, so each stays deterministic).
    #[arg(long, default_value_t = 1)]
    jobs: usize,
    /// Seconds between progress lines on stderr for a range (0: none).
    #[arg(long, default_value_t = 60)]
    progress: u64,
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
    let inject = match args.inject_bug.as_deref() {
        None => None,
        Some("refund-loses-days") => Some(redress_dst::Injected::RefundLosesDays),
        Some(other) => anyhow::bail!("--inject-bug {other:?}: the only one is refund-loses-days"),
    };
    if args.jobs == 0 {
        anyhow::bail!("--jobs must be at least 1");
    }
    let config_of = |seed: u64| {
        let mut config = RunConfig::new(seed, args.steps, backend.clone());
        if let Some(engines) = args.engines {
            config.engines = engines.max(1);
        }
        config.keep = args.keep.clone();
        config.heavy_every = args.heavy_every;
        config.inject = inject;
        config
    };
    let worlds = seeds.end - seeds.start;
    let single = worlds == 1;
    let next = AtomicU64::new(seeds.start);
    let (sender, results) = mpsc::channel::<Finished>();
    let started = Instant::now();
    let mut summary = Summary::default();
    std::thread::scope(|scope| -> anyhow::Result<()> {
        for _ in 0..args.jobs.min(usize::try_from(worlds).unwrap_or(usize::MAX)) {
            let sender = sender.clone();
            let (next, config_of, shrink) = (&next, &config_of, args.shrink);
            scope.spawn(move || {
                // One thread drives each world: no two of its steps are ever in flight at once.
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(e) => {
                        let _ = sender.send(Finished::SetUp(format!("a runtime: {e}")));
                        return;
                    }
                };
                loop {
                    let seed = next.fetch_add(1, Ordering::Relaxed);
                    if seed >= seeds.end {
                        return;
                    }
                    let config = config_of(seed);
                    let finished = match runtime.block_on(redress_dst::run(&config)) {
                        Err(e) => Finished::SetUp(format!("seed {seed}: {e}")),
                        Ok(outcome) => {
                            let shrunk = match (&outcome.failure, shrink) {
                                (Some(failure), true) => Some(
                                    runtime.block_on(redress_dst::shrink::shrink(&config, failure)),
                                ),
                                _ => None,
                            };
                            Finished::World {
                                config: Box::new(config),
                                outcome: Box::new(outcome),
                                shrunk,
                            }
                        }
                    };
                    let stop = matches!(finished, Finished::SetUp(_));
                    if sender.send(finished).is_err() || stop {
                        // Nothing else starts once a world could not be set up.
                        next.store(seeds.end, Ordering::Relaxed);
                        return;
                    }
                }
            });
        }
        drop(sender);
        let mut last_progress = Instant::now();
        for finished in results {
            summary.take(finished, args.trace, single)?;
            if !single
                && args.progress > 0
                && last_progress.elapsed() >= Duration::from_secs(args.progress)
            {
                last_progress = Instant::now();
                let seconds = started.elapsed().as_secs_f64();
                eprintln!(
                    "dst: {}/{worlds} worlds, {} failed, {:.0} s, {:.0} steps/s",
                    summary.ran,
                    summary.failed,
                    seconds,
                    summary.steps as f64 / seconds.max(0.001)
                );
            }
        }
        Ok(())
    })?;
    if args.stats || single {
        println!("{}", summary.total.table());
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "dst: {} worlds of {} steps ({}), {} failed; {} steps in {seconds:.0} s ({:.0} steps/s)",
        summary.ran,
        args.steps,
        match &backend {
            Backend::Sqlite => "SQLite".to_owned(),
            Backend::Postgres { url } => redress_store::redact_url(url),
        },
        summary.failed,
        summary.steps,
        summary.steps as f64 / seconds.max(0.001)
    );
    Ok(if summary.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// What a worker thread reports of one seed.
enum Finished {
    World {
        config: Box<RunConfig>,
        outcome: Box<redress_dst::Outcome>,
        /// The shrunk failure, with `--shrink`.
        shrunk: Option<Result<(Vec<usize>, redress_dst::Failure), String>>,
    },
    /// A world that could not be set up (a database that does not open).
    SetUp(String),
}

/// The worlds finished so far.
#[derive(Default)]
struct Summary {
    ran: u64,
    failed: u64,
    steps: u64,
    total: redress_dst::Stats,
}

impl Summary {
    /// Count a finished world and print what it says: its trace, a failure with the line
    /// that replays it, or, for a single seed, that every check held.
    fn take(&mut self, finished: Finished, trace: bool, single: bool) -> anyhow::Result<()> {
        let (config, outcome, shrunk) = match finished {
            Finished::SetUp(error) => anyhow::bail!("{error}"),
            Finished::World {
                config,
                outcome,
                shrunk,
            } => (config, outcome, shrunk),
        };
        self.ran += 1;
        self.steps += outcome.steps_run as u64;
        self.total.add(&outcome.stats);
        if trace {
            for line in &outcome.trace {
                println!("  {line}");
            }
        }
        let seed = config.seed;
        let Some(failure) = &outcome.failure else {
            if single {
                println!(
                    "dst: seed {seed}: {} steps, every check held (trace {})",
                    outcome.steps_run, outcome.trace_hash
                );
            }
            return Ok(());
        };
        self.failed += 1;
        println!("dst: seed {seed} FAILED at {failure}");
        println!("  replay: {}", redress_dst::repro_line(&config));
        if let Some(shrunk) = shrunk {
            let (keep, shrunk) = shrunk.map_err(anyhow::Error::msg)?;
            let shorter = RunConfig {
                keep: Some(keep.clone()),
                ..(*config).clone()
            };
            println!("  shrunk to {} steps, failing at {shrunk}", keep.len());
            println!("  replay: {}", redress_dst::repro_line(&shorter));
        }
        Ok(())
    }
}
