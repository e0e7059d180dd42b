//! `redress simulate`: run the marketplace simulator (docs/SIMULATOR.md) on a scratch
//! database, or compare two policies over several seeds (`--compare`).
//!
//! The files in `--out` are deterministic, except `run.json` (wall time, commands per second,
//! peak memory, database size), which is kept apart for that reason.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use redress_domain::Policy;
use redress_engine::{Engine, EngineConfig, ManualClock};
use redress_sim::{Driver, Model, Outcome, Progress, compare, outputs, report};
use redress_store::{AnyStore, PgStore, SqliteOptions, SqliteStore};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// The seed: the same seed, model and policy give byte-identical files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Simulated days.
    #[arg(long, default_value_t = 28)]
    days: u32,
    /// Folder for the outputs (created if missing).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The marketplace model: a TOML file, or one of `default`, `demo`, `small`.
    #[arg(long, default_value = "default")]
    model: String,
    /// The policy (A): a policy file or a preset (`kuaishou`, `channels`); the defaults
    /// otherwise.
    #[arg(long)]
    policy: Option<String>,
    /// What-if: a second policy (B), run on the same seeds as A.
    #[arg(long)]
    compare: Option<String>,
    /// With `--compare`: how many seeds (seed, seed + 1, …).
    #[arg(long, default_value_t = 5)]
    seeds: u32,
    /// Where to run: a new SQLite file path (kept), or a `postgres://` URL (each run gets a new
    /// schema, which is kept). By default a scratch SQLite file, deleted afterwards.
    #[arg(long, conflicts_with = "url")]
    database: Option<String>,
    /// Drive a running `redress serve --sandbox` over its HTTP API instead, moving its test
    /// clock; its database must be fresh, and its policy is the one that applies.
    #[arg(long, conflicts_with_all = ["compare", "policy"], requires = "key")]
    url: Option<String>,
    /// With `--url`: an operator key of that server; it creates a key for each party.
    #[arg(long, env = "REDRESS_API_KEY", hide_env_values = true)]
    key: Option<String>,
    /// Override the model's first day (YYYY-MM-DD).
    #[arg(long)]
    start: Option<jiff::civil::Date>,
    /// Override the model's orders per day.
    #[arg(long)]
    orders_per_day: Option<u32>,
    /// Override the model's merchant count.
    #[arg(long)]
    merchants: Option<u32>,
    /// Override the model's buyer count.
    #[arg(long)]
    buyers: Option<u32>,
    /// Print the complete model (with every default) as TOML and stop.
    #[arg(long)]
    show_model: bool,
}

pub fn run(args: SimulateArgs) -> anyhow::Result<ExitCode> {
    let mut model = load_model(&args.model)?;
    if let Some(n) = args.orders_per_day {
        model.orders_per_day = n;
    }
    if let Some(n) = args.merchants {
        model.merchants.count = n;
    }
    if let Some(n) = args.buyers {
        model.buyers.count = n;
    }
    if let Some(day) = args.start {
        model.start = day.to_string();
    }
    model
        .validate()
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.model))?;
    if args.show_model {
        print!("{}", model.to_toml());
        return Ok(ExitCode::SUCCESS);
    }
    let out = args
        .out
        .clone()
        .context("--out DIR is required (or --show-model)")?;
    let policy_a = load_policy(args.policy.as_deref())?;
    let runtime = crate::runtime()?;
    match &args.compare {
        None => runtime.block_on(single(&args, &model, policy_a, &out)),
        Some(b) => {
            let policy_b = load_policy(Some(b))?;
            runtime.block_on(what_if(&args, &model, (&policy_a, &policy_b), &out))
        }
    }
}

fn load_model(raw: &str) -> anyhow::Result<Model> {
    Ok(match raw {
        "default" => Model::default(),
        "demo" => Model::demo(),
        "small" => Model::small(),
        path => Model::load(Path::new(path))?,
    })
}

fn load_policy(raw: Option<&str>) -> anyhow::Result<Policy> {
    match raw {
        None => Ok(Policy::default()),
        Some(name) if redress_policy::PRESETS.contains(&name) => Ok(redress_policy::preset(name)?),
        Some(file) => {
            redress_policy::load(Path::new(file)).with_context(|| format!("loading {file}"))
        }
    }
}

/// A simulation is one process doing nothing else: like the writer's stream cache below, the
/// SQLite writer's page cache stays as large as before the server's default was bounded
/// (issue 21), for its speed over a million orders.
const SIMULATION_SQLITE: SqliteOptions = SqliteOptions {
    readers_kept: redress_store::sqlite::READERS_KEPT_DEFAULT,
    writer_cache_mib: 512,
};

/// A database for one run and what becomes of it.
struct Scratch {
    store: AnyStore,
    /// Deleted with the run.
    _directory: Option<tempfile::TempDir>,
    /// Where it is kept, for the size and for the user.
    kept: Option<String>,
    sqlite_path: Option<PathBuf>,
}

async fn scratch(database: Option<&str>, label: &str) -> anyhow::Result<Scratch> {
    match database {
        None => {
            let directory = tempfile::tempdir()?;
            let path = directory.path().join("sim.db");
            Ok(Scratch {
                store: AnyStore::Sqlite(SqliteStore::open_with(&path, SIMULATION_SQLITE)?),
                _directory: Some(directory),
                kept: None,
                sqlite_path: Some(path),
            })
        }
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            let schema = format!("sim_{}_{label}", std::process::id());
            let store = PgStore::connect_in_schema(url, &schema).await?;
            Ok(Scratch {
                store: AnyStore::Postgres(store),
                _directory: None,
                kept: Some(format!("schema {schema}")),
                sqlite_path: None,
            })
        }
        Some(path) => {
            let path = PathBuf::from(path.strip_prefix("sqlite://").unwrap_or(path));
            let path = if label == "run" {
                path
            } else {
                path.with_extension(format!("{label}.db"))
            };
            anyhow::ensure!(
                !path.exists(),
                "{} exists; the simulator needs a new database",
                path.display()
            );
            Ok(Scratch {
                store: AnyStore::Sqlite(SqliteStore::open_with(&path, SIMULATION_SQLITE)?),
                _directory: None,
                kept: Some(path.display().to_string()),
                sqlite_path: Some(path),
            })
        }
    }
}

/// Progress: a bar on a terminal, plain lines otherwise.
pub(crate) struct Shown {
    bar: Option<ProgressBar>,
    setup_seconds: f64,
    started: Instant,
    label: String,
}

impl Shown {
    pub(crate) fn new(days: u32, label: &str) -> Shown {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(u64::from(days));
            bar.set_style(
                ProgressStyle::with_template(
                    "{prefix} [{bar:30}] day {pos}/{len} {msg} ({elapsed}, eta {eta})",
                )
                .expect("a valid template")
                .progress_chars("=> "),
            );
            bar.set_prefix(label.to_owned());
            bar
        });
        Shown {
            bar,
            setup_seconds: 0.0,
            started: Instant::now(),
            label: label.to_owned(),
        }
    }

    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish();
        }
    }
}

impl Progress for Shown {
    fn setup_done(&mut self, commands: u64) {
        let seconds = self.started.elapsed().as_secs_f64();
        self.setup_seconds = seconds;
        let line = format!(
            "{}: set-up: {commands} commands in {seconds:.1} s",
            self.label
        );
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    fn day(&mut self, done: u32, days: u32, commands: u64) {
        let rate = commands as f64 / self.started.elapsed().as_secs_f64().max(1e-9);
        let message = format!("{commands} commands, {rate:.0}/s");
        match &self.bar {
            Some(bar) => {
                bar.set_position(u64::from(done));
                bar.set_message(message);
            }
            None => eprintln!("{}: day {done}/{days}: {message}", self.label),
        }
    }
}

/// What a run cost, for run.json.
struct Cost {
    wall_seconds: f64,
    setup_seconds: f64,
    /// Commands the engine committed and its transactions, when it ran in-process.
    engine: Option<(u64, u64)>,
    database_bytes: Option<u64>,
    /// Where the run's database is kept: a file, a schema, or the server it ran on.
    kept: Option<String>,
}

async fn simulate(
    args: &SimulateArgs,
    model: &Model,
    policy: &Policy,
    seed: u64,
    label: &str,
) -> anyhow::Result<(Outcome, Cost)> {
    let scratch = scratch(args.database.as_deref(), label).await?;
    let zone = jiff::tz::TimeZone::get(&policy.time_zone)?;
    let clock = Arc::new(ManualClock::new(model.origin(&zone)?));
    let engine = Engine::start(
        scratch.store.clone(),
        clock.clone(),
        policy.clone(),
        // A simulation is one process doing nothing else: it keeps the writer's cache as
        // large as before the server's default was bounded (issue 21), for its speed.
        EngineConfig {
            cache_orders_max: 500_000,
            cache_parties_max: 500_000,
            ..EngineConfig::default()
        },
    );
    let driver = redress_sim::EngineDriver::new(engine.clone(), clock);
    let mut progress = Shown::new(args.days, label);
    let started = Instant::now();
    let outcome = redress_sim::run(&driver, model, seed, args.days, &mut progress).await;
    progress.finish();
    let wall_seconds = started.elapsed().as_secs_f64();
    let stats = engine.stats();
    let engine_commands = stats.commands.load(std::sync::atomic::Ordering::Relaxed);
    let engine_batches = stats.batches.load(std::sync::atomic::Ordering::Relaxed);
    engine.shutdown().await;
    let outcome = outcome?;
    let database_bytes = scratch.sqlite_path.as_ref().map(|path| {
        ["", "-wal", "-shm"]
            .iter()
            .filter_map(|suffix| std::fs::metadata(format!("{}{suffix}", path.display())).ok())
            .map(|m| m.len())
            .sum()
    });
    Ok((
        outcome,
        Cost {
            wall_seconds,
            setup_seconds: progress.setup_seconds,
            engine: Some((engine_commands, engine_batches)),
            database_bytes,
            kept: scratch.kept.clone(),
        },
    ))
}

/// The simulation against the sandbox server at `url`, under its policy.
async fn simulate_over_http(
    args: &SimulateArgs,
    model: &Model,
    url: &str,
) -> anyhow::Result<(Outcome, Cost, Policy)> {
    let key = args.key.as_deref().context("--url needs --key")?;
    let driver = redress_sim::HttpDriver::connect(url, key)
        .await
        .with_context(|| format!("connecting to {url}"))?;
    let mut progress = Shown::new(args.days, "run");
    let started = Instant::now();
    let outcome = redress_sim::run(&driver, model, args.seed, args.days, &mut progress).await;
    progress.finish();
    let outcome = outcome.with_context(|| format!("simulating against {url}"))?;
    let cost = Cost {
        wall_seconds: started.elapsed().as_secs_f64(),
        setup_seconds: progress.setup_seconds,
        // The server's own figures are its /metrics.
        engine: None,
        database_bytes: None,
        kept: Some(format!("the server at {url}")),
    };
    Ok((outcome, cost, driver.policy().clone()))
}

/// Peak resident memory of this process so far, from /proc (Linux), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn cost_json(cost: &Cost, outcome: &Outcome) -> serde_json::Value {
    let commands = outcome.commands + outcome.deadlines_fired;
    serde_json::json!({
        "wall_seconds": (cost.wall_seconds * 1000.0).round() / 1000.0,
        "setup_seconds": (cost.setup_seconds * 1000.0).round() / 1000.0,
        "commands": outcome.commands,
        "deadlines_fired": outcome.deadlines_fired,
        "commands_per_second": (commands as f64 / cost.wall_seconds.max(1e-9)).round(),
        "engine_commands_committed": cost.engine.map(|(commands, _)| commands),
        "engine_transactions": cost.engine.map(|(_, batches)| batches),
        "database_bytes": cost.database_bytes,
        "database": cost.kept,
        "peak_rss_kib": peak_rss_kib(),
    })
}

async fn single(
    args: &SimulateArgs,
    model: &Model,
    policy: Policy,
    out: &Path,
) -> anyhow::Result<ExitCode> {
    let (outcome, cost, policy) = match &args.url {
        None => {
            let (outcome, cost) = simulate(args, model, &policy, args.seed, "run").await?;
            (outcome, cost, policy)
        }
        Some(url) => simulate_over_http(args, model, url).await?,
    };
    let mut files = outputs::files(&outcome, &model.name, &policy.name);
    files.insert(
        "report.html".to_owned(),
        report::single(&outcome, &model.name, &policy.name),
    );
    files.insert("model.toml".to_owned(), model.to_toml());
    outputs::write(out, &files)?;
    let run = cost_json(&cost, &outcome);
    std::fs::write(
        out.join("run.json"),
        serde_json::to_string_pretty(&run)? + "\n",
    )?;
    let summary = outputs::Summary::of(&outcome);
    println!(
        "simulated {} days (seed {}): {} orders, {} tickets, {} disputes, {} penalties; {} commands + {} deadlines in {:.1} s ({} commands/s)",
        args.days,
        args.seed,
        summary.orders,
        summary.tickets,
        summary.disputes,
        summary.penalties,
        outcome.commands,
        outcome.deadlines_fired,
        cost.wall_seconds,
        run["commands_per_second"]
    );
    if let Some(kept) = &cost.kept {
        println!("database kept: {kept}");
    }
    println!("outputs in {}", out.display());
    Ok(ExitCode::SUCCESS)
}

async fn what_if(
    args: &SimulateArgs,
    model: &Model,
    (a, b): (&Policy, &Policy),
    out: &Path,
) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(args.seeds >= 1, "--seeds must be at least 1");
    let mut summaries = (Vec::new(), Vec::new());
    let mut first = None;
    let seeds: Vec<u64> = (0..u64::from(args.seeds)).map(|i| args.seed + i).collect();
    let mut per_seed = "seed,policy,".to_owned();
    per_seed.push_str(
        &outputs::COMPARED
            .iter()
            .map(|(m, _)| *m)
            .collect::<Vec<_>>()
            .join(","),
    );
    per_seed.push('\n');
    for seed in &seeds {
        let (oa, _) = simulate(args, model, a, *seed, &format!("a{seed}")).await?;
        let (ob, _) = simulate(args, model, b, *seed, &format!("b{seed}")).await?;
        for (name, o) in [("A", &oa), ("B", &ob)] {
            let s = outputs::Summary::of(o);
            let values: Vec<String> = outputs::COMPARED
                .iter()
                .map(|(_, read)| read(&s).to_string())
                .collect();
            per_seed.push_str(&format!("{seed},{name},{}\n", values.join(",")));
        }
        summaries.0.push(outputs::Summary::of(&oa));
        summaries.1.push(outputs::Summary::of(&ob));
        if first.is_none() {
            first = Some((oa, ob));
        }
    }
    let rows = compare::compare(&summaries.0, &summaries.1);
    let (oa, ob) = first.expect("at least one seed");
    let mut files = std::collections::BTreeMap::new();
    for (dir, o, p) in [("a", &oa, a), ("b", &ob, b)] {
        for (name, content) in outputs::files(o, &model.name, &p.name) {
            files.insert(format!("{dir}/{name}"), content);
        }
    }
    files.insert("comparison.csv".to_owned(), compare::to_csv(&rows));
    files.insert(
        "comparison.json".to_owned(),
        serde_json::to_string_pretty(&serde_json::json!({
            "a": a.name, "b": b.name, "seeds": seeds, "rows": rows,
        }))? + "\n",
    );
    files.insert("seeds.csv".to_owned(), per_seed);
    files.insert("model.toml".to_owned(), model.to_toml());
    files.insert(
        "report.html".to_owned(),
        report::what_if(
            (&a.name, &oa),
            (&b.name, &ob),
            &seeds,
            &rows,
            &redress_policy::diff(&redress_policy::to_toml(a), &redress_policy::to_toml(b)),
            &model.name,
        ),
    );
    for sub in ["a", "b"] {
        std::fs::create_dir_all(out.join(sub))?;
    }
    outputs::write(out, &files)?;
    println!(
        "{:<26} {:>12} {:>12} {:>12}  95 % interval",
        "metric", "A mean", "B mean", "B − A"
    );
    for r in &rows {
        println!(
            "{:<26} {:>12} {:>12} {:>12}  [{}, {}]",
            r.metric, r.a_mean, r.b_mean, r.difference_mean, r.interval_low, r.interval_high
        );
    }
    println!("outputs in {}", out.display());
    Ok(ExitCode::SUCCESS)
}
