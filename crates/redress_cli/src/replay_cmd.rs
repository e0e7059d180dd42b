//! `redress replay`: prove the projections equal a rebuild from the event log.

use anyhow::Context;
use redress_store::{AnyStore, Store};
use std::process::ExitCode;

/// `database` is a `postgres://` URL, `sqlite://PATH` or a plain path to an SQLite file.
pub fn run(database: &str) -> anyhow::Result<ExitCode> {
    if let Some(path) = AnyStore::sqlite_file(database) {
        // Opening would create an empty file and report that it replays cleanly.
        if !path.exists() {
            anyhow::bail!("no database at {}", path.display());
        }
    }
    let runtime = crate::runtime()?;
    let report = runtime.block_on(async {
        let store = AnyStore::open(database)
            .await
            .with_context(|| format!("opening {}", redress_store::redact_url(database)))?;
        anyhow::Ok(store.replay().await?)
    })?;
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
