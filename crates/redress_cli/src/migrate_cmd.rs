//! `redress migrate-store --from URL --to URL`: move a deployment from SQLite to PostgreSQL.
//!
//! Copies the event log in position order and the idempotency records, rebuilds every
//! projection by folding each stream, all in one transaction on the target, and then proves
//! the result with the same replay `redress replay` runs. The metrics' daily figures are
//! copied and compared row for row. Deadline claims are not copied:
//! they belong to the instances of the old deployment.

use anyhow::Context;
use redress_store::{AnyStore, Store, StreamKey};
use std::collections::BTreeSet;
use std::process::ExitCode;

/// Events and idempotency records read from the source per round trip.
const PAGE: usize = 5_000;

pub fn run(from: &str, to: &str) -> anyhow::Result<ExitCode> {
    if let Some(path) = AnyStore::sqlite_file(from)
        && !path.exists()
    {
        anyhow::bail!("no database at {}", path.display());
    }
    if AnyStore::sqlite_file(to).is_some() {
        anyhow::bail!("--to takes a postgres:// URL: migrate-store moves a store to PostgreSQL");
    }
    crate::runtime()?.block_on(migrate(from, to))
}

async fn migrate(from: &str, to: &str) -> anyhow::Result<ExitCode> {
    let source = AnyStore::open(from)
        .await
        .with_context(|| format!("opening {}", redress_store::redact_url(from)))?;
    let AnyStore::Postgres(target) = AnyStore::open(to)
        .await
        .with_context(|| format!("opening {}", redress_store::redact_url(to)))?
    else {
        unreachable!("checked above: the target is a postgres:// URL");
    };
    let mut import = target.begin_import().await?;
    let (mut events, mut position) = (0u64, 0i64);
    let mut streams = BTreeSet::new();
    loop {
        let page = match &source {
            AnyStore::Sqlite(store) => store.events_after(position, PAGE).await?,
            AnyStore::Postgres(store) => store.events_after(position, PAGE).await?,
        };
        let Some(last) = page.last() else {
            break;
        };
        position = last.position;
        events += page.len() as u64;
        streams.extend(
            page.iter()
                .map(|e| (e.merchant_id.clone(), e.stream.clone())),
        );
        import.events(&page).await?;
    }
    let mut keys = 0u64;
    if let AnyStore::Sqlite(store) = &source {
        let mut after = (String::new(), String::new());
        loop {
            let page = store.idempotency_after(after.clone(), PAGE).await?;
            let Some(last) = page.last() else {
                break;
            };
            after = (last.merchant_id.clone(), last.key.clone());
            keys += page.len() as u64;
            import.idempotency(&page).await?;
        }
    } else {
        eprintln!("migrate-store: idempotency records are copied from SQLite sources only");
    }
    let rebuilt = import.finish().await?;
    // The daily figures are derived, but in the policy's time zone, which the log does not
    // record: copy them as they are, then check the copy row for row.
    let source_days = source.all_merchant_days().await?;
    target.add_merchant_days(&source_days).await?;
    let days_copied = target.all_merchant_days().await? == source_days;
    println!(
        "migrate-store: copied {events} events, {keys} idempotency records and {} merchant-days \
         of metrics; rebuilt the projections of {} streams",
        source_days.len(),
        rebuilt.streams
    );
    if !days_copied {
        println!("  the merchant-days on the target differ from the source's");
    }
    let report = target.replay().await?;
    let source_report = source.replay().await?;
    println!(
        "replay on the target: {} events in {} streams rebuilt; {} rows differ \
         (source: {} events in {} streams)",
        report.events,
        report.streams,
        report.differences.len(),
        source_report.events,
        source_report.streams
    );
    for line in &report.differences {
        println!("  {line}");
    }
    // Replay proves the target's projections follow from its log; this proves its log folds
    // to the same aggregates as the source's, stream by stream.
    let mut different_states = 0u64;
    for (merchant, name) in &streams {
        let key = StreamKey::from_stored(merchant, name)?;
        if source.load(&key).await? != target.load(&key).await? {
            different_states += 1;
            println!("  {name} of merchant {merchant:?} loads differently from the source");
        }
    }
    println!(
        "loaded every stream from both stores: {} of {} equal",
        streams.len() as u64 - different_states,
        streams.len()
    );
    let same = days_copied
        && report.differences.is_empty()
        && different_states == 0
        && report.events == source_report.events
        && report.streams == source_report.streams
        && source_report.differences.is_empty();
    Ok(if same {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
