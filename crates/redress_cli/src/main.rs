//! `redress`: the command line around the engine.

mod bench;
mod policy_cmd;
mod replay_cmd;
mod scenario_cmd;
mod worker;
mod workload;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// Check or show a policy file.
    Policy {
        #[command(subcommand)]
        command: policy_cmd::PolicyCommand,
    },
    /// Run scenario files against a scratch database with a virtual clock.
    Scenario {
        #[command(subcommand)]
        command: scenario_cmd::ScenarioCommand,
    },
    /// Rebuild every projection from the event log into a scratch database and compare.
    Replay {
        /// The database file (SQLite).
        #[arg(long, default_value = "redress.db")]
        database: PathBuf,
    },
    /// Measure throughput and latency.
    Bench {
        #[command(subcommand)]
        command: bench::BenchCommand,
    },
    /// Internal: the child process of the crash test.
    #[command(hide = true)]
    CrashWorker {
        #[arg(long)]
        database: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Top::Policy { command } => policy_cmd::run(command),
        Top::Scenario { command } => scenario_cmd::run(command),
        Top::Replay { database } => replay_cmd::run(&database),
        Top::Bench { command } => bench::run(command),
        Top::CrashWorker { database } => worker::run(&database),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("redress: {error:#}");
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
