//! `redress-bench engine`: full ticket lifecycles through the engine on SQLite
//! (synchronous=FULL), with group commit and with one transaction per command, for several
//! numbers of concurrent submitters; then, in the same run, the ceiling it is judged against:
//! a raw SQLite insert of the same rows in the same batches with no engine around it, and an
//! fsync probe of the disk. Disks vary by an order of magnitude from minute to minute, so the
//! ratio to the ceiling measured alongside is the figure that holds.
//!
//! With `--database postgres://…` the engine runs against PostgreSQL instead, each
//! configuration in a scratch schema of its own that is dropped afterwards; the raw ceiling
//! and the fsync probe are SQLite's and are left out (compare with pgbench for PostgreSQL).
//! `--instances N` there runs N `redress-bench` processes on that schema, each an engine with
//! its own submitters on its own share of the lifecycles, released together; the parent adds
//! up what they did.

use crate::workload::{self, Step};
use anyhow::Context;
use clap::Args;
use redress_engine::{Engine, EngineConfig, ManualClock};
use redress_store::sqlite::raw_copy::{RawCopy, RawTarget};
use redress_store::{PgStore, SqliteStore, Store};
use std::io::{BufRead, BufReader, Lines, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::AsyncBufReadExt;

#[derive(Debug, Args)]
pub struct EngineArgs {
    /// Seconds each configuration runs.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// Numbers of concurrent submitters to try.
    #[arg(long, value_delimiter = ',', default_value = "1,8,64")]
    submitters: Vec<usize>,
    /// Rounds of engine-then-raw for the ceiling comparison (medians are reported).
    #[arg(long, default_value_t = 3)]
    ceiling_rounds: usize,
    /// Where the scratch databases go (the disk being measured).
    #[arg(long, default_value = ".")]
    dir: PathBuf,
    /// Run against PostgreSQL (`postgres://user@host:port/db`) instead of SQLite files in
    /// `--dir`; each configuration gets a scratch schema there, dropped afterwards.
    #[arg(long)]
    database: Option<String>,
    /// Engine processes sharing the PostgreSQL schema, each with `--submitters` of its own.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=INSTANCES_MAX))]
    instances: u64,
}

/// Six processes of at most 16 connections each stay under PostgreSQL's default
/// `max_connections` of 100.
const INSTANCES_MAX: u64 = 6;

/// One of the processes of `engine --instances N` (`bench-instance`).
#[derive(Debug, Args)]
pub struct InstanceArgs {
    /// The scratch schema's URL, made by the parent.
    #[arg(long)]
    database: String,
    /// Which instance this is, from 0; it runs lifecycles `instance`, `instance + instances`…
    #[arg(long)]
    instance: u64,
    #[arg(long)]
    instances: u64,
    #[arg(long)]
    submitters: usize,
    #[arg(long)]
    seconds: u64,
    #[arg(long, value_enum)]
    mode: Mode,
}

/// Whether the writer batches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    GroupCommit,
    OneTransactionPerCommand,
}

impl Mode {
    const ALL: [Mode; 2] = [Mode::GroupCommit, Mode::OneTransactionPerCommand];

    fn label(self) -> &'static str {
        match self {
            Mode::GroupCommit => "group commit",
            Mode::OneTransactionPerCommand => "one transaction per command",
        }
    }

    fn argument(self) -> &'static str {
        match self {
            Mode::GroupCommit => "group-commit",
            Mode::OneTransactionPerCommand => "one-transaction-per-command",
        }
    }
}

/// Which lifecycles a process runs: every `of`-th from `first`, so that instances never
/// place the same order.
#[derive(Clone, Copy, Debug)]
struct Share {
    first: u64,
    of: u64,
}

impl Share {
    const ALL: Share = Share { first: 0, of: 1 };

    fn lifecycle(self, k: u64) -> u64 {
        k * self.of + self.first
    }
}

struct Run {
    mode: &'static str,
    submitters: usize,
    commands: u64,
    elapsed: Duration,
    latencies_us: Vec<u64>,
    mean_batch: f64,
}

impl Run {
    fn per_second(&self) -> f64 {
        self.commands as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile_ms(&self, p: f64) -> f64 {
        let mut sorted = self.latencies_us.clone();
        sorted.sort_unstable();
        let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted.get(index).map_or(0.0, |us| *us as f64 / 1000.0)
    }
}

pub fn run(args: EngineArgs) -> anyhow::Result<ExitCode> {
    if let Some(url) = &args.database {
        if !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
            anyhow::bail!("--database takes a postgres:// URL; SQLite runs use --dir");
        }
        return run_postgres(url, &args);
    }
    if args.instances > 1 {
        anyhow::bail!(
            "--instances takes --database postgres://…: several processes share one server"
        );
    }
    std::fs::create_dir_all(&args.dir)?;
    let runtime = crate::runtime()?;
    let scratch = tempfile::tempdir_in(&args.dir).context("scratch directory")?;
    let fsyncs = fsync_probe(scratch.path())?;
    eprintln!("fsync probe: {fsyncs:.0} fsyncs/s");
    let mut runs = Vec::new();
    let mut ceiling: Option<Ceiling> = None;
    for mode in Mode::ALL {
        for &submitters in &args.submitters {
            let database = scratch
                .path()
                .join(format!("engine-{}-{submitters}.db", mode.argument()));
            let store = SqliteStore::open(&database)?;
            let run = runtime.block_on(engine_run(store, mode, submitters, args.seconds))?;
            eprintln!(
                "{} x{}: {:.0} commands/s, p50 {:.2} ms, p99 {:.2} ms, {:.1} commands per commit",
                run.mode,
                submitters,
                run.per_second(),
                run.percentile_ms(0.5),
                run.percentile_ms(0.99),
                run.mean_batch
            );
            runs.push(run);
        }
    }
    // The ceiling: engine and raw insert back to back, several rounds, medians compared, so
    // that the disk's swings between minutes hit both sides alike.
    if let Some(&submitters) = args.submitters.iter().max() {
        let mut engine_rates = Vec::new();
        let mut raw_rates = Vec::new();
        let mut batch = 0.0;
        for round in 0..args.ceiling_rounds {
            let database = scratch.path().join(format!("ceiling-{round}.db"));
            let store = SqliteStore::open(&database)?;
            let run = runtime.block_on(engine_run(
                store,
                Mode::GroupCommit,
                submitters,
                args.seconds,
            ))?;
            let raw_db = scratch.path().join(format!("raw-{round}.db"));
            let raw = raw_insert(&database, &raw_db, run.mean_batch)?;
            eprintln!(
                "ceiling round {}: engine {:.0} commands/s, raw SQLite {raw:.0} commands/s",
                round + 1,
                run.per_second()
            );
            engine_rates.push(run.per_second());
            raw_rates.push(raw);
            batch = run.mean_batch;
        }
        ceiling = Some(Ceiling {
            engine: median(&mut engine_rates),
            raw: median(&mut raw_rates),
            rounds: args.ceiling_rounds,
            submitters,
            batch,
        });
    }
    print_report(&runs, ceiling, fsyncs, &args);
    Ok(ExitCode::SUCCESS)
}

/// The same runs against PostgreSQL, each configuration in a schema of its own.
fn run_postgres(url: &str, args: &EngineArgs) -> anyhow::Result<ExitCode> {
    let runtime = crate::runtime()?;
    eprintln!(
        "PostgreSQL: the raw SQLite ceiling and the fsync probe are left out; \
         compare with pgbench on the same server"
    );
    let mut runs = Vec::new();
    for mode in Mode::ALL {
        for &submitters in &args.submitters {
            let schema = format!(
                "redress_bench_{}_{}_{submitters}",
                std::process::id(),
                u8::from(mode == Mode::GroupCommit)
            );
            let store = runtime
                .block_on(PgStore::connect_in_schema(url, &schema))
                .with_context(|| format!("connecting to {}", redress_store::redact_url(url)))?;
            let run = if args.instances == 1 {
                runtime.block_on(engine_run(store.clone(), mode, submitters, args.seconds))
            } else {
                let target = schema_url(url, &schema);
                instances_run(&target, args.instances, mode, submitters, args.seconds)
            };
            runtime.block_on(drop_schema(store.pool(), &schema))?;
            let run = run?;
            eprintln!(
                "{}{} x{}: {:.0} commands/s, p50 {:.2} ms, p99 {:.2} ms, {:.1} commands per commit",
                run.mode,
                instances_label(args.instances),
                submitters,
                run.per_second(),
                run.percentile_ms(0.5),
                run.percentile_ms(0.99),
                run.mean_batch
            );
            runs.push(run);
        }
    }
    if args.instances == 1 {
        print_table(&runs);
    } else {
        print_instances_table(&runs, args.instances);
    }
    Ok(ExitCode::SUCCESS)
}

fn instances_label(instances: u64) -> String {
    if instances == 1 {
        String::new()
    } else {
        format!(", {instances} instances")
    }
}

/// `url` with its connections' `search_path` set to `schema`.
fn schema_url(url: &str, schema: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options=-csearch_path%3D{schema}")
}

async fn drop_schema(pool: &redress_store::postgres::PgPool, schema: &str) -> anyhow::Result<()> {
    redress_store::postgres::drop_schema(pool, schema).await?;
    pool.close().await;
    Ok(())
}

/// A `bench-instance` child process and the lines it prints.
struct Instance {
    child: Child,
    lines: Lines<BufReader<ChildStdout>>,
}

impl Instance {
    /// The next line, or what the child said on stderr if it ended instead.
    fn line(&mut self) -> anyhow::Result<String> {
        if let Some(line) = self.lines.next() {
            return Ok(line?);
        }
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            pipe.read_to_string(&mut stderr)?;
        }
        let status = self.child.wait()?;
        anyhow::bail!("a bench instance ended early ({status}): {}", stderr.trim())
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        // After a failure elsewhere: a child blocked on its stdin, or still running, goes.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Run `instances` processes on the schema at `url`, release them together, and add up
/// their runs: commands over the longest of their times, every latency, commits in all.
fn instances_run(
    url: &str,
    instances: u64,
    mode: Mode,
    submitters: usize,
    seconds: u64,
) -> anyhow::Result<Run> {
    let binary = std::env::current_exe().context("finding the redress-bench binary")?;
    let mut children = Vec::new();
    for instance in 0..instances {
        let mut child = std::process::Command::new(&binary)
            .args(["bench-instance", "--database", url])
            .args(["--instance", &instance.to_string()])
            .args(["--instances", &instances.to_string()])
            .args(["--submitters", &submitters.to_string()])
            .args(["--seconds", &seconds.to_string()])
            .args(["--mode", mode.argument()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("starting a bench instance")?;
        let stdout = child.stdout.take().expect("piped stdout");
        children.push(Instance {
            child,
            lines: BufReader::new(stdout).lines(),
        });
    }
    // The barrier: every engine is up before any submitter starts.
    for child in &mut children {
        let line = child.line()?;
        anyhow::ensure!(line == "ready", "a bench instance said {line:?}, not ready");
    }
    for child in &mut children {
        let stdin = child.child.stdin.as_mut().expect("piped stdin");
        writeln!(stdin, "go")?;
        stdin.flush()?;
    }
    let mut total = Run {
        mode: mode.label(),
        submitters,
        commands: 0,
        elapsed: Duration::ZERO,
        latencies_us: Vec::new(),
        mean_batch: 0.0,
    };
    let mut commits = 0.0;
    for child in &mut children {
        let line = child.line()?;
        let run = parse_instance_run(&line, mode, submitters)
            .with_context(|| format!("a bench instance said {line:?}"))?;
        total.commands += run.commands;
        total.elapsed = total.elapsed.max(run.elapsed);
        total.latencies_us.extend(run.latencies_us);
        if run.mean_batch > 0.0 {
            commits += run.commands as f64 / run.mean_batch;
        }
    }
    for mut child in children {
        let status = child.child.wait()?;
        anyhow::ensure!(status.success(), "a bench instance failed: {status}");
    }
    if commits > 0.0 {
        total.mean_batch = total.commands as f64 / commits;
    }
    Ok(total)
}

/// `done <elapsed µs> <commands per commit> <latency µs>…`, as [`instance`] prints it.
fn parse_instance_run(line: &str, mode: Mode, submitters: usize) -> anyhow::Result<Run> {
    let mut fields = line
        .strip_prefix("done ")
        .context("no `done`")?
        .split_whitespace();
    let elapsed_us: u64 = fields.next().context("no time")?.parse()?;
    let mean_batch: f64 = fields.next().context("no batch size")?.parse()?;
    let latencies_us = fields.map(str::parse).collect::<Result<Vec<u64>, _>>()?;
    Ok(Run {
        mode: mode.label(),
        submitters,
        commands: latencies_us.len() as u64,
        elapsed: Duration::from_micros(elapsed_us),
        latencies_us,
        mean_batch,
    })
}

/// One process of `engine --instances N`: start the engine, say `ready`, wait for `go`
/// on stdin, run, and print `done <elapsed µs> <commands per commit> <latency µs>…`.
pub fn instance(args: InstanceArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        args.instance < args.instances,
        "--instance counts from 0 to --instances - 1"
    );
    crate::runtime()?.block_on(async {
        let store = PgStore::connect(&args.database).await.with_context(|| {
            format!(
                "connecting to {}",
                redress_store::redact_url(&args.database)
            )
        })?;
        let engine = start_engine(store, args.mode);
        println!("ready");
        std::io::stdout().flush()?;
        let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
        let go = lines.next_line().await?;
        anyhow::ensure!(go.as_deref() == Some("go"), "expected `go`, got {go:?}");
        let share = Share {
            first: args.instance,
            of: args.instances,
        };
        let run = drive(&engine, args.mode, args.submitters, args.seconds, share).await?;
        engine.shutdown().await;
        let mut line = format!("done {} {}", run.elapsed.as_micros(), run.mean_batch);
        for latency in &run.latencies_us {
            line.push_str(&format!(" {latency}"));
        }
        println!("{line}");
        std::io::stdout().flush()?;
        Ok(ExitCode::SUCCESS)
    })
}

fn start_engine<S: Store>(store: S, mode: Mode) -> Engine<S> {
    let start = "2026-03-02T02:00:00Z".parse().expect("valid time");
    let config = EngineConfig {
        group_commit: mode == Mode::GroupCommit,
        ..EngineConfig::default()
    };
    Engine::start(
        store,
        Arc::new(ManualClock::new(start)),
        Default::default(),
        config,
    )
}

async fn engine_run<S: Store>(
    store: S,
    mode: Mode,
    submitters: usize,
    seconds: u64,
) -> anyhow::Result<Run> {
    let engine = start_engine(store, mode);
    let run = drive(&engine, mode, submitters, seconds, Share::ALL).await;
    engine.shutdown().await;
    run
}

/// `submitters` tasks running lifecycles of `share` back to back for `seconds`.
async fn drive<S: Store>(
    engine: &Engine<S>,
    mode: Mode,
    submitters: usize,
    seconds: u64,
    share: Share,
) -> anyhow::Result<Run> {
    let start = engine.clock().now();
    let next = Arc::new(AtomicU64::new(0));
    let began = Instant::now();
    let stop_at = began + Duration::from_secs(seconds);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..submitters {
        let engine = engine.clone();
        let next = next.clone();
        tasks.spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < stop_at {
                let n = share.lifecycle(next.fetch_add(1, Ordering::Relaxed));
                for step in Step::ALL {
                    let sent = Instant::now();
                    engine.execute(workload::submission(n, step, start)).await?;
                    latencies.push(sent.elapsed().as_micros() as u64);
                }
            }
            anyhow::Ok(latencies)
        });
    }
    let mut latencies_us = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        latencies_us.extend(joined??);
    }
    let elapsed = began.elapsed();
    Ok(Run {
        mode: mode.label(),
        submitters,
        commands: latencies_us.len() as u64,
        elapsed,
        latencies_us,
        mean_batch: engine.stats().mean_batch(),
    })
}

/// The ceiling: the rows the engine wrote, written again with no engine around them
/// (`redress_store::sqlite::raw_copy`), in batches of the engine's mean batch size; commands
/// per second.
fn raw_insert(engine_db: &Path, raw_db: &Path, batch: f64) -> anyhow::Result<f64> {
    let copy = RawCopy::read(engine_db)?;
    let mut target = RawTarget::create(raw_db)?;
    let batch = (batch.round() as usize).max(1);
    let began = Instant::now();
    target.insert(&copy, batch)?;
    Ok(copy.len() as f64 / began.elapsed().as_secs_f64())
}

/// Synchronous 4 KiB writes for one second: how many durable commits the disk allows.
pub(crate) fn fsync_probe(dir: &Path) -> anyhow::Result<f64> {
    let path = dir.join("fsync-probe");
    let mut file = std::fs::File::create(&path)?;
    let block = [0u8; 4096];
    let began = Instant::now();
    let mut count = 0u64;
    while began.elapsed() < Duration::from_secs(1) {
        file.write_all(&block)?;
        file.sync_data()?;
        count += 1;
    }
    let rate = count as f64 / began.elapsed().as_secs_f64();
    std::fs::remove_file(&path)?;
    Ok(rate)
}

/// The engine against the raw insert of the same rows, as medians over rounds.
struct Ceiling {
    engine: f64,
    raw: f64,
    rounds: usize,
    submitters: usize,
    batch: f64,
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

fn print_report(runs: &[Run], ceiling: Option<Ceiling>, fsyncs: f64, args: &EngineArgs) {
    print_table(runs);
    println!();
    println!(
        "fsync probe: {fsyncs:.0} synchronous 4 KiB writes/s ({} s runs)",
        args.seconds
    );
    if let Some(c) = ceiling {
        println!(
            "ceiling ({} rounds, medians): raw SQLite, same rows in batches of {:.0}: {:.0} commands/s; \
             engine with {} submitters: {:.0} commands/s = {:.0}% of the ceiling",
            c.rounds,
            c.batch,
            c.raw,
            c.submitters,
            c.engine,
            100.0 * c.engine / c.raw
        );
    }
}

fn print_instances_table(runs: &[Run], instances: u64) {
    println!(
        "| mode | instances | submitters per instance | commands | commands/s | p50 ms | p99 ms | commands per commit |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for run in runs {
        println!(
            "| {} | {instances} | {} | {} | {:.0} | {:.2} | {:.2} | {:.1} |",
            run.mode,
            run.submitters,
            run.commands,
            run.per_second(),
            run.percentile_ms(0.5),
            run.percentile_ms(0.99),
            run.mean_batch
        );
    }
}

fn print_table(runs: &[Run]) {
    println!(
        "| mode | submitters | commands | commands/s | p50 ms | p99 ms | commands per commit |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for run in runs {
        println!(
            "| {} | {} | {} | {:.0} | {:.2} | {:.2} | {:.1} |",
            run.mode,
            run.submitters,
            run.commands,
            run.per_second(),
            run.percentile_ms(0.5),
            run.percentile_ms(0.99),
            run.mean_batch
        );
    }
}
