//! `redress-bench`: the benchmarks and the test workers, kept out of the user's `redress`
//! binary. `engine` and `metrics` measure (docs/BENCHMARKS.md); the other commands are child
//! processes that the crate's integration tests (and `engine --instances N`) start.

mod deadlines;
mod engine;
mod instances;
mod metrics;
mod queue;
mod race;
mod worker;
mod workload;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// The same allocator as `redress`, so that the figures measure what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "redress-bench",
    version,
    about = "Benchmarks of the redress engine, and the workers of its multi-process tests"
)]
struct Cli {
    #[command(subcommand)]
    command: Top,
}

#[derive(Debug, Subcommand)]
enum Top {
    /// Full ticket lifecycles through the engine on SQLite (or PostgreSQL), with the raw
    /// insert ceiling and an fsync probe.
    Engine(engine::EngineArgs),
    /// The weekly evaluation and one merchant's metrics over a generated rollup history.
    Metrics(metrics::MetricsArgs),
    /// The merchant queue's first page over one merchant's 100,000 tickets.
    Queue(queue::QueueArgs),
    /// Move the clock to just before `--count` deadlines fall due together, as the sandbox's
    /// advance does, and announce them.
    Advance(deadlines::DeadlinesArgs),
    /// Announce `--count` deadlines falling due together, then fire them.
    Deadlines(deadlines::DeadlinesArgs),
    /// Test worker: seed tickets whose deadlines fall due together (the several-instances
    /// test).
    SeedDeadlines {
        #[arg(long)]
        database: String,
        #[arg(long)]
        count: u64,
    },
    /// Test worker: one instance firing deadlines until killed (the several-instances test).
    DeadlineWorker {
        #[arg(long)]
        database: String,
        #[arg(long)]
        days_later: i64,
    },
    /// Test worker: one instance acting on a seeded ticket when told to (the
    /// racing-instances test).
    RaceWorker {
        #[arg(long)]
        database: String,
        /// Which seeded lifecycle's ticket (as `seed-deadlines` numbers them).
        #[arg(long)]
        lifecycle: u64,
        #[arg(long, value_enum)]
        action: race::RaceAction,
    },
    /// Worker: one process of `engine --instances N`.
    BenchInstance(engine::InstanceArgs),
    /// Test worker: the child process of the crash test.
    CrashWorker {
        #[arg(long)]
        database: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Top::Engine(args) => engine::run(args),
        Top::Metrics(args) => metrics::run(args),
        Top::Queue(args) => queue::run(args),
        Top::Advance(args) => deadlines::run(args, deadlines::Path::Advance),
        Top::Deadlines(args) => deadlines::run(args, deadlines::Path::Deadlines),
        Top::SeedDeadlines { database, count } => instances::seed(&database, count),
        Top::DeadlineWorker {
            database,
            days_later,
        } => instances::work(&database, days_later),
        Top::RaceWorker {
            database,
            lifecycle,
            action,
        } => race::run(&database, lifecycle, action),
        Top::BenchInstance(args) => engine::instance(args),
        Top::CrashWorker { database } => worker::run(&database),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            // Whatever a cause says, a database URL in it shows no password.
            eprintln!(
                "redress-bench: {}",
                redress_store::redact_urls_in(&format!("{error:#}"))
            );
            ExitCode::from(2)
        }
    }
}

/// A Tokio runtime for one command.
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}
