//! `redress replay`: rebuild every projection from the event log into a scratch database
//! and prove it equal to the live one, table by table.

use super::{WRITER_CACHE_MIB_DEFAULT, connect, decode_into, empty_events, migrate, rows};
use crate::stream::{self, StreamKey};
use crate::{ReplayReport, StoreError};
use redress_domain::{BuyerId, CreatorId, MerchantId, OrderId};
use rusqlite::{Connection, params};
use std::path::Path;

use crate::PROJECTIONS;

/// At most this many differing rows are listed per table and direction.
pub(crate) const DIFFERENCES_SHOWN_MAX: usize = 20;

pub(crate) fn run(live: &Connection, live_path: &Path) -> Result<ReplayReport, StoreError> {
    let scratch_dir = tempdir_beside(live_path)?;
    let scratch_path = scratch_dir.join("replay.db");
    let result = rebuild_and_compare(live, &scratch_path);
    let _ = std::fs::remove_dir_all(&scratch_dir);
    result
}

fn tempdir_beside(live_path: &Path) -> Result<std::path::PathBuf, StoreError> {
    let parent = live_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let unique = format!(".redress-replay-{}-{}", std::process::id(), nanos());
    let dir = parent.join(unique);
    std::fs::create_dir_all(&dir)
        .map_err(|e| StoreError::Invalid(format!("scratch directory: {e}")))?;
    Ok(dir)
}

fn nanos() -> u128 {
    // Only to make the scratch name unique; no domain decision reads this.
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

fn rebuild_and_compare(live: &Connection, scratch_path: &Path) -> Result<ReplayReport, StoreError> {
    let mut scratch = connect(scratch_path, WRITER_CACHE_MIB_DEFAULT * 1024)?;
    // A scratch copy need not survive power loss; this only makes the rebuild faster.
    scratch.execute_batch("PRAGMA synchronous=OFF")?;
    migrate::run(&mut scratch)?;
    let mut report = ReplayReport::default();
    {
        let tx = scratch.transaction()?;
        let mut stmt = live.prepare(
            "SELECT merchant_id, stream, seq, kind, at_us, actor, payload FROM events
             ORDER BY merchant_id, stream, seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut current: Option<(StreamKey, String, stream::Events)> = None;
        while let Some(row) = rows.next()? {
            let merchant: String = row.get(0)?;
            let name: String = row.get(1)?;
            let seq = row.get::<_, i64>(2)? as u64;
            if current.as_ref().is_none_or(|(_, n, _)| *n != name) {
                if let Some((key, _, events)) = current.take() {
                    finish_stream(&tx, &key, &events, &mut report)?;
                }
                let key = stream_key(&merchant, &name)?;
                let events = empty_events(&key);
                current = Some((key, name.clone(), events));
            }
            let (_, _, events) = current.as_mut().expect("set above");
            decode_into(
                events,
                &name,
                seq,
                &row.get::<_, String>(3)?,
                row.get(4)?,
                &row.get::<_, String>(5)?,
                &row.get::<_, String>(6)?,
            )?;
            report.events += 1;
        }
        if let Some((key, _, events)) = current.take() {
            finish_stream(&tx, &key, &events, &mut report)?;
        }
        tx.commit()?;
    }
    drop(scratch);
    live.execute(
        "ATTACH DATABASE ?1 AS replayed",
        params![scratch_path.to_string_lossy()],
    )?;
    let compared = compare(live, &mut report);
    live.execute("DETACH DATABASE replayed", [])?;
    compared?;
    Ok(report)
}

fn finish_stream(
    tx: &rusqlite::Transaction<'_>,
    key: &StreamKey,
    events: &stream::Events,
    report: &mut ReplayReport,
) -> Result<(), StoreError> {
    report.streams += 1;
    let Some(state) = stream::fold(key, None, events) else {
        return Ok(());
    };
    tx.execute(
        "INSERT INTO streams (merchant_id, stream, version) VALUES (?1, ?2, ?3)",
        params![key.merchant_key(), key.name(), events.len() as i64],
    )?;
    rows::write_projections(tx, &state)
}

pub(crate) fn stream_key(merchant: &str, name: &str) -> Result<StreamKey, StoreError> {
    let bad = || StoreError::Invalid(format!("stream name {name:?} of merchant {merchant:?}"));
    if name == crate::stream::POLICY_STREAM && merchant.is_empty() {
        return Ok(StreamKey::Policy);
    }
    let (kind, id) = name.split_once(':').ok_or_else(bad)?;
    let merchant_id = || MerchantId::parse_stored(merchant).map_err(|_| bad());
    Ok(match kind {
        "order" => StreamKey::Order {
            merchant: merchant_id()?,
            order: OrderId::parse_stored(id).map_err(|_| bad())?,
        },
        "merchant" => StreamKey::Merchant(MerchantId::parse_stored(id).map_err(|_| bad())?),
        "buyer" => StreamKey::Buyer(BuyerId::parse_stored(id).map_err(|_| bad())?),
        "creator" => StreamKey::Creator(CreatorId::parse_stored(id).map_err(|_| bad())?),
        _ => return Err(bad()),
    })
}

fn compare(live: &Connection, report: &mut ReplayReport) -> Result<(), StoreError> {
    for (table, columns, order) in PROJECTIONS {
        for (only_in, from, minus) in [
            ("live", "main", "replayed"),
            ("replayed", "replayed", "main"),
        ] {
            let sql = format!(
                "SELECT * FROM (SELECT {columns} FROM {from}.{table}
                     EXCEPT SELECT {columns} FROM {minus}.{table})
                 ORDER BY {order} LIMIT {DIFFERENCES_SHOWN_MAX}"
            );
            let mut stmt = live.prepare(&sql)?;
            let columns = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let values: Vec<String> = (0..columns)
                    .map(|i| row.get_ref(i).map(|v| format!("{v:?}")))
                    .collect::<Result<_, _>>()?;
                report
                    .differences
                    .push(format!("{table}: only in {only_in}: {}", values.join(", ")));
            }
        }
    }
    Ok(())
}
