//! `redress`: the command line around the engine.

mod backup_cmd;
mod demo_cmd;
mod dst_cmd;
mod evaluate_cmd;
mod keys_cmd;
mod metrics_cmd;
mod migrate_cmd;
mod policy_cmd;
mod replay_cmd;
mod scenario_cmd;
mod serve_cmd;
mod simulate_cmd;
mod staff_cmd;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of glibc's malloc: the writer allocates and frees aggregates, events and
/// rows by the million, and under glibc the allocator's own bookkeeping (free-list merging,
/// `malloc_consolidate`) took a fifth of the process's CPU in the simulated day at scale
/// (docs/BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "redress",
    version,
    about = "After-sales and dispute engine for marketplaces"
)]
struct Cli {
    #[command(subcommand)]
    command: Top,
}

#[derive(Debug, Subcommand)]
enum Top {
    /// Serve the HTTP/JSON API (see docs/API.md); stops gracefully on SIGINT or SIGTERM.
    Serve(serve_cmd::ServeArgs),
    /// Fill a new database with weeks of a simulated marketplace and serve it in sandbox
    /// mode with a key per role: the console and the API on realistic data, in one command.
    Demo(demo_cmd::DemoArgs),
    /// Create, list and revoke API keys for `redress serve`.
    Keys {
        #[command(subcommand)]
        command: keys_cmd::KeysCommand,
    },
    /// Add, list and remove staff accounts (named people who sign in to the console with a
    /// password); `redress staff add --merchant M --name … --role owner` makes a shop's first
    /// owner.
    Staff {
        #[command(subcommand)]
        command: staff_cmd::StaffCommand,
    },
    /// Check or show a policy file.
    Policy {
        #[command(subcommand)]
        command: policy_cmd::PolicyCommand,
    },
    /// Simulate a marketplace on a virtual clock against the real engine, or compare two
    /// policies over several seeds (docs/SIMULATOR.md).
    Simulate(simulate_cmd::SimulateArgs),
    /// Run scenario files against a scratch database with a virtual clock.
    Scenario {
        #[command(subcommand)]
        command: scenario_cmd::ScenarioCommand,
    },
    /// Deterministic simulation testing: seeded worlds with faults, every invariant checked
    /// after every step (docs/TESTING.md).
    Dst(dst_cmd::DstArgs),
    /// Rebuild every projection from the event log into a scratch database and compare.
    Replay {
        /// The database: a `postgres://` URL, `sqlite://PATH`, or a path to an SQLite file.
        #[arg(long, default_value = "redress.db")]
        database: String,
    },
    /// Take an online, consistent copy of a running SQLite store into a new file and verify
    /// it by replay. For PostgreSQL use pg_dump or continuous archiving.
    Backup {
        /// The store: `sqlite://PATH` or a path to an SQLite file.
        #[arg(long, default_value = "redress.db")]
        database: String,
        /// The new file to write; an existing file is refused.
        #[arg(long)]
        to: PathBuf,
    },
    /// Put a backup in place of a stopped SQLite store, verified by replay first.
    Restore {
        /// The backup file (`redress backup --to`).
        #[arg(long)]
        from: PathBuf,
        /// The store to restore: `sqlite://PATH` or a path to an SQLite file.
        #[arg(long)]
        database: String,
        /// Replace an existing store (refused all the same while a process has it open).
        #[arg(long)]
        force: bool,
    },
    /// Copy a store's event log to PostgreSQL, rebuild its projections there and verify the
    /// result by replay.
    MigrateStore {
        /// The source: `sqlite://PATH`, a path to an SQLite file, or a `postgres://` URL.
        #[arg(long)]
        from: String,
        /// The target, an empty PostgreSQL database or schema: a `postgres://` URL.
        #[arg(long)]
        to: String,
    },
    /// Run the weekly evaluation of one day now and print the penalties it recorded.
    Evaluate {
        #[arg(long, default_value = "redress.db")]
        database: String,
        /// The evaluation day (YYYY-MM-DD); the window is the days before it.
        #[arg(long)]
        at: jiff::civil::Date,
        /// The policy file whose standards apply; the defaults otherwise.
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// Merchant metrics: show one merchant's figures, verify every stored figure, or rebuild
    /// them from the event log after a metric rule changed.
    Metrics {
        #[command(subcommand)]
        command: metrics_cmd::MetricsCommand,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Top::Serve(args) => serve_cmd::run(args),
        Top::Demo(args) => demo_cmd::run(args),
        Top::Keys { command } => keys_cmd::run(command),
        Top::Staff { command } => staff_cmd::run(command),
        Top::Policy { command } => policy_cmd::run(command),
        Top::Scenario { command } => scenario_cmd::run(command),
        Top::Simulate(args) => simulate_cmd::run(args),
        Top::Dst(args) => dst_cmd::run(args),
        Top::Replay { database } => replay_cmd::run(&database),
        Top::Backup { database, to } => backup_cmd::backup(&database, &to),
        Top::Restore {
            from,
            database,
            force,
        } => backup_cmd::restore(&from, &database, force),
        Top::MigrateStore { from, to } => migrate_cmd::run(&from, &to),
        Top::Evaluate {
            database,
            at,
            policy,
        } => evaluate_cmd::run(&database, at, policy),
        Top::Metrics { command } => metrics_cmd::run(command),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            // Whatever a cause says, a database URL in it shows no password.
            eprintln!(
                "redress: {}",
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
