//! `redress scenario run FILE...`.

use clap::Subcommand;
use redress_scenario::{RunOptions, run_file};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ScenarioCommand {
    /// Run scenario files; each gets a scratch database and a virtual clock.
    Run {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Keep each scenario's database here as <file stem>.db (for replay, migrate-store...).
        #[arg(long)]
        keep: Option<PathBuf>,
    },
}

pub fn run(command: ScenarioCommand) -> anyhow::Result<ExitCode> {
    let ScenarioCommand::Run { files, keep } = command;
    if let Some(dir) = &keep {
        std::fs::create_dir_all(dir)?;
    }
    let options = RunOptions { keep_in: keep };
    let runtime = crate::runtime()?;
    let (mut passed, mut failed) = (0usize, 0usize);
    for file in &files {
        match runtime.block_on(run_file(file, &options)) {
            Ok(outcome) if outcome.passed() => {
                passed += 1;
                println!(
                    "ok    {} — {} ({} steps)",
                    file.display(),
                    outcome.name,
                    outcome.steps
                );
            }
            Ok(outcome) => {
                failed += 1;
                println!("FAIL  {} — {}", file.display(), outcome.name);
                for failure in &outcome.failures {
                    println!("      {failure}");
                }
            }
            Err(error) => {
                failed += 1;
                println!("ERROR {error}");
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
