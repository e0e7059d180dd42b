//! `redress-bench metrics`: the weekly evaluation and on-demand metrics over a generated
//! history of rollups (by default 100,000 merchants × 30 days), on SQLite or PostgreSQL.
//!
//! The history is written straight into `merchant_days` (the figures commands would have
//! left), deterministic from the merchant's number, with some merchants above the dispute
//! standard and 0.2 % with mass-overdue tickets, so the evaluation has penalties to record
//! through the engine; the run prints how many.

use anyhow::Context;
use clap::Args;
use jiff::ToSpan;
use jiff::civil::Date;
use redress_domain::metrics::DayFigures;
use redress_domain::{MerchantId, Policy, Timestamp};
use redress_engine::{Engine, EngineConfig, ManualClock};
use redress_store::days::MerchantDay;
use redress_store::{AnyStore, PgStore};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Args)]
pub struct MetricsArgs {
    #[arg(long, default_value_t = 100_000)]
    merchants: u64,
    #[arg(long, default_value_t = 30)]
    days: u32,
    /// On-demand queries of one merchant's metrics, for the latency percentiles.
    #[arg(long, default_value_t = 2_000)]
    queries: u64,
    /// `postgres://…` runs in a scratch schema there (dropped afterwards); otherwise an SQLite
    /// file in a temporary directory.
    #[arg(long)]
    database: Option<String>,
}

/// The evaluation day of the generated history: the window is the days before it.
const DAY: Date = jiff::civil::date(2026, 3, 11);

pub fn run(args: MetricsArgs) -> anyhow::Result<ExitCode> {
    crate::runtime()?.block_on(async {
        let scratch = tempfile::tempdir().context("a scratch directory")?;
        let (store, schema) = match &args.database {
            Some(url) => {
                let schema = format!("redress_bench_metrics_{}", std::process::id());
                let store = PgStore::connect_in_schema(url, &schema).await?;
                (AnyStore::Postgres(store), Some((url.clone(), schema)))
            }
            None => {
                let path = scratch.path().join("metrics.db");
                (AnyStore::open(&path.display().to_string()).await?, None)
            }
        };
        let result = measure(&store, &args).await;
        if let (AnyStore::Postgres(pg), Some((_, schema))) = (&store, &schema) {
            redress_store::postgres::drop_schema(pg.pool(), schema).await?;
        }
        result
    })
}

async fn measure(store: &AnyStore, args: &MetricsArgs) -> anyhow::Result<ExitCode> {
    let backend = match store {
        AnyStore::Sqlite(_) => "SQLite",
        AnyStore::Postgres(_) => "PostgreSQL",
    };
    println!(
        "bench metrics on {backend}: {} merchants × {} days of rollups",
        args.merchants, args.days
    );
    let started = Instant::now();
    let mut batch = Vec::with_capacity(100_000);
    for merchant in 0..args.merchants {
        for back in 1..=i64::from(args.days) {
            batch.push(MerchantDay {
                merchant_id: merchant_id(merchant),
                day: DAY - back.days(),
                figures: figures(merchant, back),
            });
        }
        if batch.len() >= 100_000 {
            store.add_merchant_days(std::mem::take(&mut batch)).await?;
        }
    }
    store.add_merchant_days(batch).await?;
    println!(
        "  generated {} rows in {:.1} s",
        args.merchants * u64::from(args.days),
        started.elapsed().as_secs_f64()
    );

    let clock = Arc::new(ManualClock::new(
        "2026-03-10T18:00:00Z".parse::<Timestamp>()?,
    ));
    let engine = Engine::start(
        store.clone(),
        clock,
        Policy::default(),
        EngineConfig::default(),
    );
    let started = Instant::now();
    let evaluation = engine.evaluate(DAY).await?;
    let took = started.elapsed();
    println!(
        "  weekly evaluation: {:.2} s for {} merchants, {} penalties recorded",
        took.as_secs_f64(),
        evaluation.merchants,
        evaluation.recorded.len()
    );

    // The first query reads the platform's sums; the rest reuse them.
    let started = Instant::now();
    engine
        .merchant_metrics(&merchant_id(0).parse_id(), DAY)
        .await?;
    let cold = started.elapsed();
    let mut latencies: Vec<Duration> = Vec::with_capacity(args.queries as usize);
    for n in 0..args.queries {
        let merchant = merchant_id(n.wrapping_mul(7_919) % args.merchants).parse_id();
        let started = Instant::now();
        let metrics = engine.merchant_metrics(&merchant, DAY).await?;
        latencies.push(started.elapsed());
        anyhow::ensure!(metrics.days.len() == args.days as usize, "a full window");
    }
    latencies.sort_unstable();
    let at = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "  one merchant's metrics: p50 {:.2} ms, p99 {:.2} ms over {} queries (first query, reading the platform's sums: {:.0} ms)",
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        latencies.len(),
        cold.as_secs_f64() * 1e3
    );
    engine.shutdown().await;
    Ok(ExitCode::SUCCESS)
}

fn merchant_id(n: u64) -> String {
    format!("m{n:06}")
}

trait ParseId {
    fn parse_id(&self) -> MerchantId;
}

impl ParseId for String {
    fn parse_id(&self) -> MerchantId {
        MerchantId::parse(self).expect("generated ids are valid")
    }
}

/// A deterministic day of merchant `n`: sizes from 1 to 200 orders a day; a dispute rate
/// of 0.3 % for most, four times that for one merchant in a hundred (small merchants with a
/// single dispute in the window also fail: SPEC sets no minimum volume); every ticket
/// overdue-approved for one merchant in five hundred.
fn figures(n: u64, back: i64) -> DayFigures {
    let mix = n.wrapping_mul(2_654_435_761) ^ (back as u64).wrapping_mul(40_503);
    let orders = 1 + (n % 200) as i64;
    // Disputes per 10,000 orders: 30 (0.3 %) for most, 120 for one merchant in a hundred;
    // the fraction left over is a dispute with that probability, so the expectation is exact.
    let per_10k = if n % 100 == 7 { 120 } else { 30 };
    let disputes = orders * per_10k / 10_000
        + i64::from(((mix >> 7) % 10_000) < (orders * per_10k % 10_000) as u64);
    let opened = orders / 10 + 1;
    DayFigures {
        orders_paid: orders,
        disputes_by_buyer: disputes,
        refunds_completed: opened / 2,
        merchant_responsible: i64::from(mix.is_multiple_of(211)),
        refund_only_completed: opened / 3,
        refund_only_seconds: opened / 3 * (3_600 + (mix % 7_200) as i64),
        return_refund_completed: opened / 5,
        return_refund_seconds: opened / 5 * (40 * 3_600),
        tickets_opened: opened,
        overdue_approved: if n % 500 == 3 { opened } else { 0 },
        ..DayFigures::default()
    }
}
