//! `redress metrics show`, `verify` and `rebuild`: a merchant's figures over the window
//! before a day, a recount of every stored figure from the event log, and the stored figures
//! recomputed from the log after a metric rule changed.

use anyhow::Context;
use clap::Subcommand;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use redress_domain::evaluation::PenaltyStatus;
use redress_domain::metrics::report::{CompletionTime, Ratio, Verdict};
use redress_domain::{CreatorId, MerchantId, Policy};
use redress_engine::{Engine, EngineConfig, SystemClock};
use redress_store::AnyStore;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Subcommand)]
pub enum MetricsCommand {
    /// One merchant's figures over the window before a day, with what each is made of; or,
    /// with `--creator`, one showcase creator's (视频号橱窗达人, seed 001) dispute rate over
    /// the orders it sold, and its penalties.
    Show {
        /// The database: a `postgres://` URL, `sqlite://PATH`, or a path to an SQLite file.
        #[arg(long, default_value = "redress.db")]
        database: String,
        #[arg(long, required_unless_present = "creator", conflicts_with = "creator")]
        merchant: Option<String>,
        /// A showcase creator instead of a merchant.
        #[arg(long)]
        creator: Option<String>,
        /// The evaluation day (YYYY-MM-DD); the window is the days before it.
        #[arg(long)]
        at: Date,
        /// The policy file whose standards apply; the defaults otherwise.
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// Recount every merchant's daily figures from the event log and compare them with the
    /// stored ones; exits 1 if any differ.
    Verify {
        #[arg(long, default_value = "redress.db")]
        database: String,
        /// The policy file whose time zone the days are in; the defaults otherwise.
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// Recompute every merchant's daily figures from the event log under this release's
    /// rules and replace the stored ones, in one transaction. Run it after an upgrade whose
    /// changelog says a metric rule changed (then `metrics verify` lists differing days).
    /// Stop the server first: the rebuild refuses to write if events arrive while it reads.
    Rebuild {
        #[arg(long, default_value = "redress.db")]
        database: String,
        /// The policy file whose time zone the days are in; the defaults otherwise.
        #[arg(long)]
        policy: Option<PathBuf>,
    },
}

pub fn run(command: MetricsCommand) -> anyhow::Result<ExitCode> {
    match command {
        MetricsCommand::Show {
            database,
            merchant,
            creator,
            at,
            policy,
        } => match (merchant, creator) {
            (_, Some(creator)) => show_creator(&database, &creator, at, &load_policy(policy)?),
            (Some(merchant), None) => show(&database, &merchant, at, &load_policy(policy)?),
            (None, None) => anyhow::bail!("--merchant or --creator is required"),
        },
        MetricsCommand::Verify { database, policy } => verify(&database, &load_policy(policy)?),
        MetricsCommand::Rebuild { database, policy } => rebuild(&database, &load_policy(policy)?),
    }
}

/// The policy in `file`, or SPEC's defaults.
pub(crate) fn load_policy(file: Option<PathBuf>) -> anyhow::Result<Policy> {
    match file {
        Some(file) => {
            redress_policy::load(&file).with_context(|| format!("loading {}", file.display()))
        }
        None => Ok(Policy::default()),
    }
}

/// An existing database: opening a missing SQLite file would create an empty one.
pub(crate) async fn open(database: &str) -> anyhow::Result<AnyStore> {
    if let Some(path) = AnyStore::sqlite_file(database)
        && !path.exists()
    {
        anyhow::bail!("no database at {}", path.display());
    }
    AnyStore::open(database)
        .await
        .with_context(|| format!("opening {}", redress_store::redact_url(database)))
}

fn verify(database: &str, policy: &Policy) -> anyhow::Result<ExitCode> {
    let zone = TimeZone::get(&policy.time_zone)?;
    let report = crate::runtime()?.block_on(async {
        let store = open(database).await?;
        anyhow::Ok(redress_store::days::verify(&store, &zone).await?)
    })?;
    if report.differences.is_empty() {
        println!(
            "metrics: {} events recounted; the stored figures of {} merchant-days equal the recount",
            report.events, report.days
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "metrics: {} events recounted; {} of {} merchant-days differ:",
        report.events,
        report.differences.len(),
        report.days
    );
    for line in &report.differences {
        println!("  {line}");
    }
    Ok(ExitCode::FAILURE)
}

fn rebuild(database: &str, policy: &Policy) -> anyhow::Result<ExitCode> {
    const EVERY: u64 = 100_000;
    let zone = TimeZone::get(&policy.time_zone)?;
    let report = crate::runtime()?.block_on(async {
        let store = open(database).await?;
        let mut reported = 0;
        let report = redress_store::days::rebuild(&store, &zone, |events| {
            if events >= reported + EVERY {
                reported = events;
                println!("metrics rebuild: {events} events read");
            }
        })
        .await?;
        anyhow::Ok(report)
    })?;
    println!(
        "metrics rebuild: {} events of {} orders read; {} merchant-days stored ({} before), {} changed",
        report.events, report.orders, report.rows_after, report.rows_before, report.rows_changed
    );
    Ok(ExitCode::SUCCESS)
}

fn show(database: &str, merchant: &str, at: Date, policy: &Policy) -> anyhow::Result<ExitCode> {
    let id = MerchantId::parse(merchant)
        .map_err(|e| anyhow::anyhow!("--merchant {merchant:?} is not a merchant id: it {e}"))?;
    let m = crate::runtime()?.block_on(async {
        let store = open(database).await?;
        let engine = Engine::start(
            store,
            Arc::new(SystemClock),
            policy.clone(),
            EngineConfig::default(),
        );
        let metrics = engine.merchant_metrics(&id, at).await;
        engine.shutdown().await;
        anyhow::Ok(metrics?)
    })?;
    let r = &m.report;
    let window = policy.dispute_rate.window_days;
    println!(
        "merchant {merchant}, window {} to {} ({window} days), policy \"{}\"",
        m.from, m.to, policy.name
    );
    println!(
        "  dispute intervention rate   {}  platform {}  {}",
        ratio(&r.dispute_rate.rate),
        ratio(&r.dispute_rate.platform),
        verdict(r.dispute_rate.verdict)
    );
    println!(
        "  merchant-responsible rate   {}  passes below {} or at most {}  {}",
        ratio(&r.responsible_rate.rate),
        r.responsible_rate.count_below,
        percent(r.responsible_rate.rate_ppm_max as i64),
        verdict(r.responsible_rate.verdict)
    );
    println!(
        "  refund-only completion      {}",
        time(&r.refund_only_time)
    );
    println!(
        "  return-refund completion    {}",
        time(&r.return_refund_time)
    );
    println!(
        "  overdue-approved            {}{}{}",
        ratio(&r.overdue.share),
        if r.overdue.violation {
            "  mass-overdue violation"
        } else {
            ""
        },
        if r.overdue.high_risk {
            "  high risk: close refund handling"
        } else {
            ""
        },
    );
    Ok(ExitCode::SUCCESS)
}

fn show_creator(
    database: &str,
    creator: &str,
    at: Date,
    policy: &Policy,
) -> anyhow::Result<ExitCode> {
    let id = CreatorId::parse(creator)
        .map_err(|e| anyhow::anyhow!("--creator {creator:?} is not a creator id: it {e}"))?;
    let (known, m, held) = crate::runtime()?.block_on(async {
        let store = open(database).await?;
        let engine = Engine::start(
            store,
            Arc::new(SystemClock),
            policy.clone(),
            EngineConfig::default(),
        );
        let found = async {
            let known = engine.creator_known(&id).await?;
            let metrics = engine.creator_metrics(&id, at).await?;
            let held = engine.creator(&id).await?;
            Ok::<_, redress_engine::EngineError>((known, metrics, held))
        }
        .await;
        engine.shutdown().await;
        anyhow::Ok(found?)
    })?;
    if !known {
        anyhow::bail!("no creator {creator}: no order names it and it has no penalty");
    }
    let r = &m.report;
    println!(
        "creator {creator}, window {} to {} ({} days), policy \"{}\"{}",
        m.from,
        m.to,
        policy.dispute_rate.window_days,
        policy.name,
        if policy.dispute_rate.measures_creators {
            ""
        } else {
            " (this policy does not evaluate creators)"
        }
    );
    println!(
        "  dispute intervention rate   {}  platform {}  {}",
        ratio(&r.dispute_rate.rate),
        ratio(&r.dispute_rate.platform),
        verdict(r.dispute_rate.verdict)
    );
    for penalty in held.iter().flat_map(|c| c.penalties.values()) {
        let measures: Vec<&str> = penalty.measures.iter().map(|m| m.code()).collect();
        let status = match penalty.status {
            PenaltyStatus::Active => "active",
            PenaltyStatus::Appealed { .. } => "appealed",
            PenaltyStatus::Revoked { .. } => "revoked",
        };
        println!(
            "  penalty {}  {}  {}  {status}",
            penalty.id,
            penalty.severity.as_str(),
            measures.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn percent(ppm: i64) -> String {
    format!("{}.{:04}%", ppm / 10_000, ppm % 10_000)
}

fn ratio(r: &Ratio) -> String {
    match r.ppm() {
        Some(ppm) => format!("{} / {} = {}", r.numerator, r.denominator, percent(ppm)),
        None => format!("{} / {} = no data", r.numerator, r.denominator),
    }
}

fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "PASS",
        Verdict::Fail => "FAIL",
        Verdict::NoData => "no data",
    }
}

fn time(t: &CompletionTime) -> String {
    let Some(score) = t.score_tenths else {
        return "no completed ticket".to_owned();
    };
    let average = t.seconds.numerator / t.seconds.denominator;
    let capped = t
        .capped_from_tenths
        .map(|from| format!(" (capped from {}.{})", from / 10, from % 10))
        .unwrap_or_default();
    format!(
        "{}s over {} tickets, average {}h{:02}m  score {}.{}{capped}",
        t.seconds.numerator,
        t.seconds.denominator,
        average / 3600,
        average % 3600 / 60,
        score / 10,
        score % 10
    )
}
