//! `redress bench engine`.

use clap::Subcommand;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Full ticket lifecycles through the engine on SQLite.
    Engine,
}

pub fn run(_command: BenchCommand) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet")
}
