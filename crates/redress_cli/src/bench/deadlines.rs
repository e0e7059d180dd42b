//! `advance` and `deadlines`: the work that many deadlines falling due together makes, on a
//! store seeded with `--count` open tickets whose merchant deadlines all fall due at one
//! instant (as `seed-deadlines` makes them).
//!
//! - `advance` moves a manual clock to just before that instant, as the sandbox's clock
//!   advance does, then announces the deadlines now within the notice period
//!   (`ticket.deadline_approaching`, with one subscription wanting it): the path that was
//!   quadratic in the number of deadlines (docs/BENCHMARKS.md).
//! - `deadlines` announces them the same way, then moves the clock past the instant and fires
//!   them all.
//!
//! Each prints its times, the per-deadline cost, and the process's resident memory (now and
//! at its peak), so that runs at several counts show whether a path is linear and whether
//! memory grows with each ticket fired.

use anyhow::Context;
use clap::Args;
use redress_domain::{SignedDuration, Timestamp};
use redress_engine::{Engine, EngineConfig, ManualClock};
use redress_store::webhooks::{SubscriptionRecord, WebhookStore};
use redress_store::{AnyStore, SqliteOptions, Store};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

/// How long before a deadline it is announced: the webhook dispatcher's default.
const NOTICE: SignedDuration = SignedDuration::from_hours(12);
/// Deadlines announced per transaction: the dispatcher's default batch.
const ANNOUNCE_BATCH: usize = 100;

#[derive(Debug, Args)]
pub struct DeadlinesArgs {
    /// Open tickets to seed, each with a merchant deadline due at the same instant.
    #[arg(long, default_value_t = 20_000)]
    count: u64,
    /// Where the scratch SQLite database goes (default: the system's temporary directory).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Announce without a subscription wanting the announcements (the skipped path).
    #[arg(long)]
    no_subscriber: bool,
    /// The SQLite writer's page cache in MiB, as `serve --sqlite-cache-mib`.
    #[arg(long, default_value_t = redress_store::sqlite::WRITER_CACHE_MIB_DEFAULT)]
    sqlite_cache_mib: u32,
}

/// Which path to measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path {
    Advance,
    Deadlines,
}

pub fn run(args: DeadlinesArgs, path: Path) -> anyhow::Result<ExitCode> {
    let scratch = match &args.dir {
        Some(dir) => tempfile::tempdir_in(dir),
        None => tempfile::tempdir(),
    }
    .context("a scratch directory")?;
    let fsyncs = crate::engine::fsync_probe(scratch.path())?;
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load.split_whitespace().next().unwrap_or("?").to_owned();
    println!("fsync probe: {fsyncs:.0} synchronous 4 KiB writes/s; load average {load}");
    let database = scratch.path().join("deadlines.db");
    let database = database
        .to_str()
        .context("a UTF-8 scratch path")?
        .to_owned();
    let began = Instant::now();
    crate::instances::seed(&database, args.count)?;
    println!(
        "seeded {} tickets in {:.1} s; memory {}",
        args.count,
        began.elapsed().as_secs_f64(),
        memory()
    );
    crate::runtime()?.block_on(async {
        let sqlite = SqliteOptions {
            writer_cache_mib: args.sqlite_cache_mib,
            ..SqliteOptions::default()
        };
        let store = AnyStore::open_with(&database, sqlite).await?;
        let seeded: Timestamp = crate::instances::SEEDED_AT.parse().expect("valid time");
        if !args.no_subscriber {
            store
                .insert_subscription(SubscriptionRecord {
                    subscription_id: "bench".to_owned(),
                    merchant_id: None,
                    url: "http://127.0.0.1:9/".to_owned(),
                    secret: "whsec_YmVuY2g=".to_owned(),
                    event_types: vec!["ticket.deadline_approaching".to_owned()],
                    enabled: true,
                    created_us: seeded.as_microsecond(),
                })
                .await?;
        }
        let clock = Arc::new(ManualClock::new(seeded));
        let engine = Engine::start(
            store.clone(),
            clock.clone(),
            Default::default(),
            EngineConfig::default(),
        );
        let due = store
            .next_deadline()
            .await?
            .context("no deadline was seeded")?;
        let before = due.checked_sub(SignedDuration::from_micros(1))?;

        let began = Instant::now();
        let report = engine.advance_to(&clock, before).await?;
        let advanced = began.elapsed().as_secs_f64();
        println!(
            "advance to just before they fall due: {advanced:.3} s ({} fired, {} evaluations)",
            report.total(),
            report.evaluations.len()
        );

        let now_us = before.as_microsecond();
        let horizon_us = before.checked_add(NOTICE)?.as_microsecond();
        let began = Instant::now();
        let announced = store
            .announce_deadlines(now_us, horizon_us, ANNOUNCE_BATCH)
            .await?;
        let announcing = began.elapsed().as_secs_f64();
        println!(
            "announce: {announced} in {announcing:.3} s ({:.1} µs each); memory {}",
            per_each(announcing, announced as u64),
            memory()
        );
        println!(
            "advance + announce: {:.3} s for {} deadlines",
            advanced + announcing,
            args.count
        );

        if path == Path::Deadlines {
            let began = Instant::now();
            let report = engine.advance_to(&clock, due).await?;
            let firing = began.elapsed().as_secs_f64();
            println!(
                "fire: {} in {firing:.3} s ({:.0}/s, {:.1} µs each, {} stale); memory {}",
                report.total(),
                report.total() as f64 / firing,
                per_each(firing, report.total()),
                report.stale,
                memory()
            );
        }
        engine.shutdown().await;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn per_each(seconds: f64, count: u64) -> f64 {
    if count == 0 {
        0.0
    } else {
        seconds * 1e6 / count as f64
    }
}

/// The process's resident memory now and at its peak, from `/proc/self/status` (Linux).
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_owned())
            .unwrap_or_else(|| "?".to_owned())
    };
    // The file-backed part is SQLite's memory map of the database: pages of the operating
    // system's file cache, shared and dropped under pressure, not the process's own memory.
    format!(
        "{} resident ({} anonymous, {} file-backed), {} at peak",
        field("VmRSS:"),
        field("RssAnon:"),
        field("RssFile:"),
        field("VmHWM:")
    )
}
