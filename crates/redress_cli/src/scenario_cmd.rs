//! `redress scenario run FILE...`.

use clap::Subcommand;
use redress_scenario::{Database, RunOptions, run_file};
use redress_store::AnyStore;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ScenarioCommand {
    /// Run scenario files; each gets a scratch database and a virtual clock.
    Run {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Run each file in a new schema of its own on this PostgreSQL server
        /// (`postgres://user@host:port/db`), dropped afterwards, instead of a new SQLite file.
        #[arg(long)]
        database: Option<String>,
        /// Keep each scenario's SQLite database here as `<file stem>.db` (for replay,
        /// migrate-store...).
        #[arg(long, conflicts_with = "database")]
        keep: Option<PathBuf>,
        /// Keep each scenario's PostgreSQL schema rather than drop it; the run prints a URL
        /// for each that `redress replay --database` takes.
        #[arg(long, requires = "database")]
        keep_schemas: bool,
    },
}

pub fn run(command: ScenarioCommand) -> anyhow::Result<ExitCode> {
    let ScenarioCommand::Run {
        files,
        database,
        keep,
        keep_schemas,
    } = command;
    let database = match (database, keep) {
        (Some(url), _) if AnyStore::sqlite_file(&url).is_some() => {
            anyhow::bail!(
                "--database takes a postgres:// URL; SQLite runs need no --database (--keep DIR keeps them)"
            )
        }
        (Some(url), _) if keep_schemas => Database::PostgresKept { url },
        (Some(url), _) => Database::Postgres { url },
        (None, Some(dir)) => {
            std::fs::create_dir_all(&dir)?;
            Database::SqliteKeptIn(dir)
        }
        (None, None) => Database::Sqlite,
    };
    let options = RunOptions { database };
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
                if let Some(kept) = &outcome.kept {
                    println!("      kept: {kept}");
                }
            }
            Ok(outcome) => {
                failed += 1;
                println!("FAIL  {} — {}", file.display(), outcome.name);
                for failure in &outcome.failures {
                    println!("      {failure}");
                }
                if let Some(kept) = &outcome.kept {
                    println!("      kept: {kept}");
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
