//! `redress replay`: prove the projections equal a rebuild from the event log.

use anyhow::Context;
use redress_store::{SqliteStore, Store};
use std::path::Path;
use std::process::ExitCode;

pub fn run(database: &Path) -> anyhow::Result<ExitCode> {
    if !database.exists() {
        anyhow::bail!("no database at {}", database.display());
    }
    let store =
        SqliteStore::open(database).with_context(|| format!("opening {}", database.display()))?;
    let report = crate::runtime()?.block_on(store.replay())?;
    if report.differences.is_empty() {
        println!(
            "replay: {} events in {} streams rebuilt; every projection equals the live one",
            report.events, report.streams
        );
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "replay: {} events in {} streams rebuilt; {} rows differ:",
            report.events,
            report.streams,
            report.differences.len()
        );
        for line in &report.differences {
            println!("  {line}");
        }
        Ok(ExitCode::FAILURE)
    }
}
