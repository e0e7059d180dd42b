//! `redress-bench queue`: the merchant queue's first page over one merchant's 100,000
//! tickets (issue 19), on SQLite, through the store's own list and count queries.
//!
//! The rows are written straight into the `tickets` projection (by the store's
//! `sqlite::queue_fill`, since only the store knows SQL) (what commands would have
//! left), deterministic from the ticket's number: a tenth waiting on the merchant with a live
//! deadline, the rest in later states, most without one; a few other merchants' rows beside
//! them. The run then times the queue's first page in its default order (most urgent
//! deadline first) and the tabs' counts, and prints the query plan of the first so the index
//! it uses is on record.

use anyhow::Context;
use clap::Args;
use redress_store::AnyStore;
use redress_store::api::{ApiStore, TicketFilter, TicketSort, TicketSortKey};
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Debug, Args)]
pub struct QueueArgs {
    /// Tickets of the measured merchant.
    #[arg(long, default_value_t = 100_000)]
    tickets: u64,
    /// Rows of the first page (the console shows 50).
    #[arg(long, default_value_t = 50)]
    page: usize,
    /// Timed runs of each query; the median and the slowest are reported.
    #[arg(long, default_value_t = 200)]
    runs: usize,
}

const MERCHANT: &str = "M-BENCH";
const NOW_US: i64 = 1_800_000_000_000_000;

pub fn run(args: QueueArgs) -> anyhow::Result<ExitCode> {
    let scratch = tempfile::tempdir().context("a scratch directory")?;
    let path = scratch.path().join("queue.db");
    crate::runtime()?.block_on(async {
        // Opening applies the migrations (the queue's index among them); then close it so
        // the rows can go in over a plain connection.
        drop(AnyStore::open(&path.display().to_string()).await?);
        let started = Instant::now();
        redress_store::sqlite::queue_fill::fill(&path, MERCHANT, NOW_US, args.tickets)?;
        println!(
            "bench queue on SQLite: {} tickets of one merchant (and {} of others) written in {:.1} s",
            args.tickets,
            args.tickets / 10,
            started.elapsed().as_secs_f64()
        );
        let store = AnyStore::open(&path.display().to_string()).await?;
        let filter = TicketFilter {
            merchant: Some(MERCHANT.to_owned()),
            sort: TicketSort {
                key: TicketSortKey::Deadline,
                descending: false,
            },
            limit: args.page + 1,
            ..TicketFilter::default()
        };
        let first = store.list_tickets(filter.clone()).await?;
        anyhow::ensure!(
            first.windows(2).all(|w| w[0].due_us.unwrap_or(i64::MAX)
                <= w[1].due_us.unwrap_or(i64::MAX)),
            "the first page is in deadline order"
        );
        let page = time(args.runs, || store.list_tickets(filter.clone())).await?;
        let counts = time(args.runs, || store.count_tickets_by_state(filter.clone())).await?;
        report("first page, deadline order", page);
        report("tab counts (one GROUP BY)", counts);
        let plan = redress_store::sqlite::queue_fill::first_page_plan(&path, MERCHANT)?;
        println!("  plan of the first page: {plan}");
        Ok(ExitCode::SUCCESS)
    })
}

async fn time<T, F, Fut>(runs: usize, mut query: F) -> anyhow::Result<Vec<Duration>>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, redress_store::StoreError>>,
{
    let mut took = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        query().await?;
        took.push(started.elapsed());
    }
    took.sort_unstable();
    Ok(took)
}

fn report(what: &str, took: Vec<Duration>) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "  {what}: median {:.2} ms, slowest {:.2} ms over {} runs",
        ms(took[took.len() / 2]),
        ms(took[took.len() - 1]),
        took.len()
    );
}
