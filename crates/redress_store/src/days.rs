//! `merchant_days`: each merchant's figures per calendar day, kept in the commit transaction
//! and read for metrics. The same table and statements on both backends, but for the
//! placeholders and the batch form.

use crate::{StoreError, Write, codec};
use jiff::tz::TimeZone;
use redress_domain::metrics::oracle::Recount;
use redress_domain::metrics::{DayFigures, day};
use redress_domain::{Date, Event, MerchantId, Order, OrderEvent};
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

/// One merchant's figures on one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MerchantDay {
    pub merchant_id: String,
    pub day: Date,
    pub figures: DayFigures,
}

/// The days that the committed writes of a batch move, summed per merchant and day and in
/// key order, so that instances upserting the same rows lock them in the same order.
pub(crate) fn moved<'a>(writes: impl Iterator<Item = &'a Write>) -> Vec<MerchantDay> {
    let mut sums: BTreeMap<(String, Date), DayFigures> = BTreeMap::new();
    for write in writes {
        for (day, figures) in &write.days {
            sums.entry((write.stream.merchant_key().to_owned(), *day))
                .or_default()
                .add(figures);
        }
    }
    sums.into_iter()
        .filter(|(_, figures)| !figures.is_zero())
        .map(|((merchant_id, day), figures)| MerchantDay {
            merchant_id,
            day,
            figures,
        })
        .collect()
}

/// One showcase creator's figures on one day (seed 001): those of the orders it sold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatorDay {
    pub creator_id: String,
    pub day: Date,
    pub figures: DayFigures,
}

/// The days that the committed writes of a batch move for the creators who sold their
/// orders, summed per creator and day and in key order.
pub(crate) fn creators_moved<'a>(writes: impl Iterator<Item = &'a Write>) -> Vec<CreatorDay> {
    let mut sums: BTreeMap<(String, Date), DayFigures> = BTreeMap::new();
    for write in writes {
        let Some(creator) = &write.creator else {
            continue;
        };
        for (day, figures) in &write.days {
            sums.entry((creator.to_string(), *day))
                .or_default()
                .add(figures);
        }
    }
    sums.into_iter()
        .filter(|(_, figures)| !figures.is_zero())
        .map(|((creator_id, day), figures)| CreatorDay {
            creator_id,
            day,
            figures,
        })
        .collect()
}

pub(crate) fn parse_day(raw: &str) -> Result<Date, StoreError> {
    raw.parse()
        .map_err(|e| StoreError::Invalid(format!("stored day {raw:?}: {e}")))
}

/// A table of daily figures: each merchant's (`merchant_days`) or each showcase creator's
/// (`creator_days`, seed 001), keyed by its id and the day, with the same figures.
pub(crate) struct Rollup {
    pub table: &'static str,
    pub key: &'static str,
}

pub(crate) const MERCHANT_DAYS: Rollup = Rollup {
    table: "merchant_days",
    key: "merchant_id",
};

pub(crate) const CREATOR_DAYS: Rollup = Rollup {
    table: "creator_days",
    key: "creator_id",
};

/// `col = <table>.col + excluded.col, …` for every figure.
fn additions(rollup: &Rollup) -> String {
    DayFigures::FIELDS
        .iter()
        .map(|f| format!("{f} = {t}.{f} + excluded.{f}", t = rollup.table))
        .collect::<Vec<_>>()
        .join(", ")
}

fn columns() -> String {
    DayFigures::FIELDS.join(", ")
}

/// `SUM(col), …` for every figure, as a 64-bit integer on both backends (PostgreSQL sums
/// BIGINT into NUMERIC).
pub(crate) fn sums() -> String {
    DayFigures::FIELDS
        .iter()
        .map(|f| format!("CAST(COALESCE(SUM({f}), 0) AS BIGINT)"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// SQLite: one row at a time (one writer, prepared once).
fn sqlite_upsert(rollup: &Rollup) -> String {
    let placeholders: Vec<String> = (1..=DayFigures::FIELDS.len() + 2)
        .map(|i| format!("?{i}"))
        .collect();
    format!(
        "INSERT INTO {t} ({k}, day, {}) VALUES ({})
         ON CONFLICT ({k}, day) DO UPDATE SET {}",
        columns(),
        placeholders.join(", "),
        additions(rollup),
        t = rollup.table,
        k = rollup.key,
    )
}

pub(crate) static SQLITE_UPSERT: LazyLock<String> = LazyLock::new(|| sqlite_upsert(&MERCHANT_DAYS));
pub(crate) static SQLITE_CREATOR_UPSERT: LazyLock<String> =
    LazyLock::new(|| sqlite_upsert(&CREATOR_DAYS));

/// PostgreSQL: every row of a batch in one statement, over arrays.
fn postgres_upsert(rollup: &Rollup) -> String {
    let arrays: Vec<String> = (3..=DayFigures::FIELDS.len() + 2)
        .map(|i| format!("${i}::bigint[]"))
        .collect();
    format!(
        "INSERT INTO {t} ({k}, day, {cols})
         SELECT * FROM UNNEST($1::text[], $2::text[], {arrays})
         ORDER BY 1, 2
         ON CONFLICT ({k}, day) DO UPDATE SET {adds}",
        cols = columns(),
        arrays = arrays.join(", "),
        adds = additions(rollup),
        t = rollup.table,
        k = rollup.key,
    )
}

pub(crate) static POSTGRES_UPSERT: LazyLock<String> =
    LazyLock::new(|| postgres_upsert(&MERCHANT_DAYS));
pub(crate) static POSTGRES_CREATOR_UPSERT: LazyLock<String> =
    LazyLock::new(|| postgres_upsert(&CREATOR_DAYS));

/// The rows of one key (merchant or creator) from `from` to `to` inclusive, with
/// `?1`/`$1`-style placeholders filled by the caller: key, from, to.
pub(crate) fn window_sql(rollup: &Rollup, placeholder: fn(usize) -> String) -> String {
    format!(
        "SELECT day, {} FROM {} WHERE {} = {} AND day >= {} AND day <= {} ORDER BY day",
        columns(),
        rollup.table,
        rollup.key,
        placeholder(1),
        placeholder(2),
        placeholder(3)
    )
}

/// The rows of one merchant from `from` to `to` inclusive.
pub(crate) fn merchant_window_sql(placeholder: fn(usize) -> String) -> String {
    window_sql(&MERCHANT_DAYS, placeholder)
}

/// Every key's sums over `from` to `to` inclusive, key by key.
pub(crate) fn by_key_sql(rollup: &Rollup, placeholder: fn(usize) -> String) -> String {
    format!(
        "SELECT {k}, {} FROM {t}
         WHERE day >= {} AND day <= {} GROUP BY {k} ORDER BY {k}",
        sums(),
        placeholder(1),
        placeholder(2),
        t = rollup.table,
        k = rollup.key,
    )
}

/// Every merchant's sums over `from` to `to` inclusive, merchant by merchant.
pub(crate) fn by_merchant_sql(placeholder: fn(usize) -> String) -> String {
    by_key_sql(&MERCHANT_DAYS, placeholder)
}

/// Two lists of merchants' sums, each in merchant order, added up merchant by merchant into
/// one in merchant order, each row dated `day`.
pub(crate) fn merge_by_merchant(
    first: Vec<MerchantDay>,
    second: Vec<MerchantDay>,
    day: Date,
) -> Vec<MerchantDay> {
    let mut merged = Vec::with_capacity(first.len().max(second.len()));
    let (mut first, mut second) = (first.into_iter().peekable(), second.into_iter().peekable());
    loop {
        let next = match (first.peek(), second.peek()) {
            (Some(a), Some(b)) => match a.merchant_id.cmp(&b.merchant_id) {
                std::cmp::Ordering::Less => first.next(),
                std::cmp::Ordering::Greater => second.next(),
                std::cmp::Ordering::Equal => {
                    let (mut a, b) = (
                        first.next().expect("peeked"),
                        second.next().expect("peeked"),
                    );
                    a.figures.add(&b.figures);
                    Some(a)
                }
            },
            (Some(_), None) => first.next(),
            (None, Some(_)) => second.next(),
            (None, None) => return merged,
        };
        if let Some(mut row) = next {
            row.day = day;
            merged.push(row);
        }
    }
}

/// The platform's sums over `from` to `to` inclusive: every merchant's orders, whether a
/// creator sold them or not.
pub(crate) fn platform_sql(placeholder: fn(usize) -> String) -> String {
    format!(
        "SELECT {} FROM merchant_days WHERE day >= {} AND day <= {}",
        sums(),
        placeholder(1),
        placeholder(2)
    )
}

/// Every row, for verification.
pub(crate) fn all_sql() -> String {
    format!(
        "SELECT merchant_id, day, {} FROM merchant_days ORDER BY merchant_id, day",
        columns()
    )
}

pub(crate) fn figures_from(values: &[i64]) -> DayFigures {
    let mut array = [0i64; 12];
    array.copy_from_slice(values);
    DayFigures::from_values(array)
}

/// What a recount of the log found against `merchant_days`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DaysReport {
    pub events: u64,
    /// Merchant-days with figures, stored or recounted.
    pub days: u64,
    /// One line per merchant-day whose stored figures differ from the recount.
    pub differences: Vec<String>,
}

/// Every merchant's daily figures recounted from the event log by the independent oracle
/// (`redress_domain::metrics::oracle`), and the events read. Reads the whole log; with
/// `before`, counts only the events at log positions before it: the figures as they stood
/// when the event at that position was written.
pub async fn recount(
    store: &crate::AnyStore,
    zone: &TimeZone,
    before: Option<i64>,
) -> Result<(BTreeMap<(String, Date), DayFigures>, u64), StoreError> {
    let before = before.unwrap_or(i64::MAX);
    const PAGE: usize = 10_000;
    let mut recount = Recount::new();
    let (mut after, mut events) = (0i64, 0u64);
    loop {
        let page = store.events_after(after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.position;
        for stored in page.iter().take_while(|e| e.position < before) {
            events += 1;
            if !stored.stream.starts_with("order:") {
                continue;
            }
            let merchant = MerchantId::parse_stored(&stored.merchant_id).map_err(|e| {
                StoreError::Invalid(format!("stored merchant id {:?} {e}", stored.merchant_id))
            })?;
            recount.event(&merchant, &order_event(stored)?);
        }
        if after >= before {
            break;
        }
    }
    let recounted = recount
        .figures(zone)
        .into_iter()
        .map(|((merchant, day), figures)| ((merchant.to_string(), day), figures))
        .collect();
    Ok((recounted, events))
}

/// Recount every merchant's daily figures from the event log with the independent oracle
/// (`redress_domain::metrics::oracle`) and compare them with the stored rows. Reads the
/// whole log: a tool for `redress metrics verify` and tests, not for serving.
pub async fn verify(store: &crate::AnyStore, zone: &TimeZone) -> Result<DaysReport, StoreError> {
    let (recounted, events) = recount(store, zone, None).await?;
    let stored: BTreeMap<(String, Date), DayFigures> = store
        .all_merchant_days()
        .await?
        .into_iter()
        .filter(|row| !row.figures.is_zero())
        .map(|row| ((row.merchant_id, row.day), row.figures))
        .collect();
    let mut keys: Vec<&(String, Date)> = stored.keys().chain(recounted.keys()).collect();
    keys.sort();
    keys.dedup();
    let zero = DayFigures::default();
    let differences = keys
        .iter()
        .filter_map(|key| {
            let (s, r) = (
                stored.get(*key).unwrap_or(&zero),
                recounted.get(*key).unwrap_or(&zero),
            );
            let fields: Vec<String> = DayFigures::FIELDS
                .iter()
                .zip(s.values().into_iter().zip(r.values()))
                .filter(|(_, (s, r))| s != r)
                .map(|(name, (s, r))| format!("{name} stored {s} / recounted {r}"))
                .collect();
            (!fields.is_empty())
                .then(|| format!("merchant {} on {}: {}", key.0, key.1, fields.join(", ")))
        })
        .collect();
    Ok(DaysReport {
        events,
        days: keys.len() as u64,
        differences,
    })
}

/// A stored event of an order stream, decoded.
fn order_event(stored: &crate::commit::StoredEvent) -> Result<OrderEvent, StoreError> {
    let decoded = |source| StoreError::Corrupt {
        stream: stored.stream.clone(),
        seq: stored.seq,
        source,
    };
    Ok(Event {
        at: crate::from_micros(stored.at_us)?,
        actor: codec::decode_actor(&stored.actor).map_err(decoded)?,
        change: codec::decode_order_change(&stored.kind, &stored.payload).map_err(decoded)?,
    })
}

/// What `rebuild` read and wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RebuildReport {
    pub events: u64,
    pub orders: u64,
    /// Rows of `merchant_days` before and after.
    pub rows_before: u64,
    pub rows_after: u64,
    /// Rows whose figures the rebuild changed, added or removed.
    pub rows_changed: u64,
}

/// Recompute every row of `merchant_days` from the event log through the production path
/// (each order stream folded with the domain's `apply`, and the difference each event makes
/// to the order's contributions summed, as the writer sums them per command), then replace
/// the table's contents in one transaction. Not the oracle: `verify` stays an independent
/// check of the result. For after an upgrade that changes a metric rule, when the stored
/// figures were summed under the old one.
///
/// The whole log is read first, with every order held in memory, and `progress` is told the
/// number of events read after each page. The replacement is refused if the log has grown
/// meanwhile, so a server left running makes it fail rather than lose figures; it should be
/// stopped all the same.
pub async fn rebuild(
    store: &crate::AnyStore,
    zone: &TimeZone,
    mut progress: impl FnMut(u64),
) -> Result<RebuildReport, StoreError> {
    const PAGE: usize = 10_000;
    let mut orders: HashMap<String, Order> = HashMap::new();
    let mut sums: BTreeMap<(String, Date), DayFigures> = BTreeMap::new();
    let (mut after, mut events) = (0i64, 0u64);
    loop {
        let page = store.events_after(after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.position;
        for stored in &page {
            events += 1;
            if !stored.stream.starts_with("order:") {
                continue;
            }
            let event = order_event(stored)?;
            let state = orders.remove(&stored.stream);
            let before = state
                .as_ref()
                .map(|order| day::contributions(order, zone))
                .unwrap_or_default();
            let order = redress_domain::apply(state, &event);
            for (day, change) in day::difference(before, day::contributions(&order, zone)) {
                sums.entry((stored.merchant_id.clone(), day))
                    .or_default()
                    .add(&change);
            }
            orders.insert(stored.stream.clone(), order);
        }
        progress(events);
    }
    let rows: Vec<MerchantDay> = sums
        .into_iter()
        .filter(|(_, figures)| !figures.is_zero())
        .map(|((merchant_id, day), figures)| MerchantDay {
            merchant_id,
            day,
            figures,
        })
        .collect();
    let old: BTreeMap<(String, Date), DayFigures> = store
        .all_merchant_days()
        .await?
        .into_iter()
        .map(|row| ((row.merchant_id, row.day), row.figures))
        .collect();
    let rows_changed = rows
        .iter()
        .filter(|row| old.get(&(row.merchant_id.clone(), row.day)) != Some(&row.figures))
        .count()
        + old
            .keys()
            .filter(|(m, d)| {
                rows.binary_search_by(|r| (r.merchant_id.as_str(), r.day).cmp(&(m.as_str(), *d)))
                    .is_err()
            })
            .count();
    let rows_after = rows.len() as u64;
    match store {
        crate::AnyStore::Sqlite(s) => s.replace_merchant_days(rows, after).await?,
        crate::AnyStore::Postgres(s) => s.replace_merchant_days(&rows, after).await?,
    }
    Ok(RebuildReport {
        events,
        orders: orders.len() as u64,
        rows_before: old.len() as u64,
        rows_after,
        rows_changed: rows_changed as u64,
    })
}

/// The refusal when events were appended after `rebuild` read the log.
pub(crate) fn log_grew(read_up_to: i64, now: i64) -> StoreError {
    StoreError::Invalid(format!(
        "the event log grew while merchant_days was being rebuilt (read up to position \
         {read_up_to}, now {now}): stop the server and run the rebuild again"
    ))
}

/// An `evaluations` row: day, started, finished (microseconds), merchants, penalties,
/// policy version.
pub(crate) fn evaluation_run(
    (day, started_us, finished_us, merchants, penalties, policy_version): (
        String,
        i64,
        i64,
        i64,
        i64,
        i64,
    ),
) -> Result<crate::EvaluationRun, StoreError> {
    Ok(crate::EvaluationRun {
        day: parse_day(&day)?,
        started_at: crate::from_micros(started_us)?,
        finished_at: crate::from_micros(finished_us)?,
        merchants: merchants as u64,
        penalties: penalties as u64,
        policy_version: policy_version as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AnyStore, SqliteStore};

    fn row(merchant: &str, day: &str, first: i64) -> MerchantDay {
        let mut values = [0i64; 12];
        values[0] = first;
        MerchantDay {
            merchant_id: merchant.to_owned(),
            day: day.parse().expect("a day"),
            figures: DayFigures::from_values(values),
        }
    }

    /// The two halves of a window add up merchant by merchant, in merchant order, whichever
    /// half holds a merchant.
    #[test]
    fn halves_of_a_window_add_up_merchant_by_merchant() {
        let first = vec![row("a", "2026-03-10", 1), row("b", "2026-03-10", 2)];
        let second = vec![
            row("b", "2026-03-20", 30),
            row("c", "2026-03-20", 4),
            row("d", "2026-03-20", 5),
        ];
        let day: Date = "2026-03-31".parse().expect("a day");
        let merged = merge_by_merchant(first, second, day);
        let expected = vec![
            row("a", "2026-03-31", 1),
            row("b", "2026-03-31", 32),
            row("c", "2026-03-31", 4),
            row("d", "2026-03-31", 5),
        ];
        assert_eq!(merged, expected);
        assert_eq!(merge_by_merchant(Vec::new(), Vec::new(), day), Vec::new());
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn rebuild_replaces_rows_the_log_does_not_hold() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = SqliteStore::open(&dir.path().join("r.db")).expect("the store opens");
        store
            .add_merchant_days(vec![row("m1", "2026-03-02", 3)])
            .await
            .expect("the row is added");
        let store = AnyStore::Sqlite(store);
        let mut pages = Vec::new();
        let report = rebuild(&store, &TimeZone::UTC, |events| pages.push(events))
            .await
            .expect("the rebuild runs");
        assert_eq!(
            report,
            RebuildReport {
                events: 0,
                orders: 0,
                rows_before: 1,
                rows_after: 0,
                rows_changed: 1,
            }
        );
        assert!(pages.is_empty(), "{pages:?}");
        assert_eq!(store.all_merchant_days().await.expect("the rows read"), []);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_replacement_is_refused_and_changes_nothing_if_the_log_grew() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = SqliteStore::open(&dir.path().join("r.db")).expect("the store opens");
        let kept = vec![row("m1", "2026-03-02", 3)];
        store
            .add_merchant_days(kept.clone())
            .await
            .expect("the row is added");
        // The log is empty (position 0); a rebuild that read up to 7 saw events since gone
        // or, as a server would, missed ones appended after its read: either way, refused.
        let refused = store.replace_merchant_days(Vec::new(), 7).await;
        let Err(StoreError::Invalid(message)) = refused else {
            panic!("not refused: {refused:?}");
        };
        assert!(
            message.contains("read up to position 7, now 0") && message.contains("stop the server"),
            "{message}"
        );
        assert_eq!(
            store.all_merchant_days().await.expect("the rows read"),
            kept
        );
    }
}
