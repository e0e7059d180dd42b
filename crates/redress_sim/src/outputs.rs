//! The files of `--out`: CSV and JSON for analysis, and the summary the report and the
//! what-if comparison read. Everything here is a pure function of the `Outcome`: rows in a
//! fixed order, numbers formatted by Rust's own (platform-independent) formatting.

use crate::Outcome;
use redress_domain::metrics::DayFigures;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// The figures a what-if comparison puts side by side, for one run.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    pub orders: u64,
    pub tickets: u64,
    pub disputes: u64,
    pub refunds: u64,
    pub refunded_yuan: f64,
    /// Request → end of the ticket, over tickets that ended.
    pub buyer_wait_hours_mean: f64,
    /// Money refunded while the goods stayed with the buyer, plus fines.
    pub merchant_losses_yuan: f64,
    pub merchants_penalised: u64,
    /// Tickets answered by merchant staff or decided by an arbitrator.
    pub decided_by_human: u64,
    pub decided_by_arbitrator: u64,
    pub overdue_approved: u64,
    /// Refunds by a fast refund while the parcel had left without a tracking number.
    pub fast_refund_losses_yuan: f64,
    pub penalties: u64,
    /// Commands the actors submitted and the engine accepted (not counting deadlines).
    pub commands: u64,
    pub deadlines_fired: u64,
    /// Tickets approved automatically, by rule.
    pub auto_approved: BTreeMap<String, u64>,
}

/// How to read one compared metric from a summary.
pub type Reader = fn(&Summary) -> f64;

/// The metrics the what-if comparison reports, with how to read each from a summary.
pub const COMPARED: &[(&str, Reader)] = &[
    ("disputes", |s| s.disputes as f64),
    ("refunds", |s| s.refunds as f64),
    ("refunded_yuan", |s| s.refunded_yuan),
    ("buyer_wait_hours_mean", |s| s.buyer_wait_hours_mean),
    ("merchant_losses_yuan", |s| s.merchant_losses_yuan),
    ("merchants_penalised", |s| s.merchants_penalised as f64),
    ("decided_by_human", |s| s.decided_by_human as f64),
    ("decided_by_arbitrator", |s| s.decided_by_arbitrator as f64),
    ("fast_refund_losses_yuan", |s| s.fast_refund_losses_yuan),
];

fn yuan(minor: i64) -> f64 {
    minor as f64 / 100.0
}

impl Summary {
    pub fn of(outcome: &Outcome) -> Summary {
        let mut s = Summary {
            orders: outcome.orders,
            commands: outcome.commands,
            deadlines_fired: outcome.deadlines_fired,
            penalties: outcome.penalties.len() as u64,
            ..Summary::default()
        };
        let mut wait_us: i128 = 0;
        let mut ended = 0u64;
        let mut refunded = 0i64;
        let mut losses = 0i64;
        let mut fast_losses = 0i64;
        for t in &outcome.tickets {
            s.tickets += 1;
            s.disputes += u64::from(t.disputed);
            if t.refunded_minor > 0 {
                s.refunds += 1;
                refunded += t.refunded_minor;
            }
            if let Some(end) = t.ended_at {
                wait_us += i128::from(end - t.opened_at);
                ended += 1;
            }
            losses += t.goods_lost_minor;
            fast_losses += t.fast_refund_loss_minor;
            s.decided_by_human += u64::from(t.merchant_decided || t.verdict);
            s.decided_by_arbitrator += u64::from(t.verdict);
            s.overdue_approved += u64::from(t.overdue_approved);
            if let Some(rule) = &t.auto_rule {
                *s.auto_approved.entry(rule.clone()).or_default() += 1;
            }
        }
        let fines: i64 = outcome.penalties.iter().map(|p| p.fine_minor).sum();
        s.refunded_yuan = yuan(refunded);
        s.merchant_losses_yuan = yuan(losses + fines);
        s.fast_refund_losses_yuan = yuan(fast_losses);
        s.buyer_wait_hours_mean = if ended == 0 {
            0.0
        } else {
            round3(wait_us as f64 / ended as f64 / 3.6e9)
        };
        s.merchants_penalised = outcome
            .penalties
            .iter()
            .map(|p| p.merchant)
            .collect::<BTreeSet<_>>()
            .len() as u64;
        s
    }
}

/// Three decimals, so that JSON shows a stable, readable figure.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

const DAY_COLUMNS: &str = "orders_paid,disputes_by_buyer,disputes_by_system,refunds_completed,merchant_responsible,refund_only_completed,refund_only_seconds,return_refund_completed,return_refund_seconds,tickets_opened,overdue_approved,disputes_by_buyer_after_system";

fn day_row(f: &DayFigures) -> String {
    format!(
        "{},{},{},{},{},{},{},{},{},{},{},{}",
        f.orders_paid,
        f.disputes_by_buyer,
        f.disputes_by_system,
        f.refunds_completed,
        f.merchant_responsible,
        f.refund_only_completed,
        f.refund_only_seconds,
        f.return_refund_completed,
        f.return_refund_seconds,
        f.tickets_opened,
        f.overdue_approved,
        f.disputes_by_buyer_after_system
    )
}

/// A CSV field: quoted when it holds a comma or a quote.
fn field(raw: &str) -> String {
    if raw.contains([',', '"', '\n']) {
        format!("\"{}\"", raw.replace('"', "\"\""))
    } else {
        raw.to_owned()
    }
}

fn micros(us: i64) -> String {
    jiff::Timestamp::from_microsecond(us)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// Every deterministic file of one run, by name.
pub fn files(outcome: &Outcome, model_name: &str, policy_name: &str) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let summary = Summary::of(outcome);
    let json = serde_json::json!({
        "seed": outcome.seed,
        "days": outcome.days,
        "start": outcome.start.to_string(),
        "model": model_name,
        "policy": policy_name,
        "merchants": outcome.merchants.len(),
        "buyers": outcome.buyers.len(),
        "evaluations": outcome.evaluations.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        "refusals": outcome.refusals,
        "summary": summary,
    });
    files.insert(
        "summary.json".to_owned(),
        serde_json::to_string_pretty(&json).expect("serialises") + "\n",
    );

    let mut csv = format!("day,{DAY_COLUMNS}\n");
    for (day, f) in &outcome.platform_days {
        let _ = writeln!(csv, "{day},{}", day_row(f));
    }
    files.insert("platform_days.csv".to_owned(), csv);

    let mut csv = format!("merchant_id,day,{DAY_COLUMNS}\n");
    for (m, day, f) in &outcome.merchant_days {
        let _ = writeln!(csv, "{},{day},{}", outcome.merchants[*m].id, day_row(f));
    }
    files.insert("merchant_days.csv".to_owned(), csv);

    let mut per_merchant: BTreeMap<usize, (i64, i64, i64, u64)> = BTreeMap::new();
    for (m, _, f) in &outcome.merchant_days {
        let e = per_merchant.entry(*m).or_default();
        e.0 += f.orders_paid;
        e.1 += f.tickets_opened;
        e.2 += f.disputes();
    }
    for p in &outcome.penalties {
        per_merchant.entry(p.merchant).or_default().3 += 1;
    }
    let mut csv = "merchant_id,name,size,profile,fast_refund,auto_approve,orders_paid,tickets_opened,disputes,penalties\n".to_owned();
    for (i, m) in outcome.merchants.iter().enumerate() {
        let (orders, tickets, disputes, penalties) =
            per_merchant.get(&i).copied().unwrap_or_default();
        let _ = writeln!(
            csv,
            "{},{},{},{},{},{},{orders},{tickets},{disputes},{penalties}",
            m.id,
            field(&m.name),
            field(&m.size),
            field(&m.profile),
            m.fast_refund,
            m.auto_approve
        );
    }
    files.insert("merchants.csv".to_owned(), csv);

    let mut csv = "order_index,merchant_id,kind,reason,founded,opened_at,ended_at,end_state,amount_minor,refunded_minor,auto_rule,strategy,overdue_approved,disputed,merchant_responsible,verdict,merchant_decided,fast_refund_loss_minor,goods_lost_minor\n".to_owned();
    for t in &outcome.tickets {
        let _ = writeln!(
            csv,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            t.order_index,
            outcome.merchants[t.merchant].id,
            t.kind,
            t.reason,
            t.founded,
            micros(t.opened_at),
            t.ended_at.map(micros).unwrap_or_default(),
            t.end_state,
            t.amount_minor,
            t.refunded_minor,
            t.auto_rule.as_deref().unwrap_or(""),
            field(t.strategy.as_deref().unwrap_or("")),
            t.overdue_approved,
            t.disputed,
            t.merchant_responsible,
            t.verdict,
            t.merchant_decided,
            t.fast_refund_loss_minor,
            t.goods_lost_minor
        );
    }
    files.insert("tickets.csv".to_owned(), csv);

    let mut csv = "day,merchant_id,kind,severity,fine_minor,refund_handling_closed\n".to_owned();
    for p in &outcome.penalties {
        let _ = writeln!(
            csv,
            "{},{},{},{},{},{}",
            p.day,
            outcome.merchants[p.merchant].id,
            p.kind,
            p.severity,
            p.fine_minor,
            p.refund_handling_closed
        );
    }
    files.insert("penalties.csv".to_owned(), csv);

    let mut csv =
        "day,merchant_id,disputes,orders_paid,rate_ppm,threshold_ppm,verdict\n".to_owned();
    for r in &outcome.rates {
        let _ = writeln!(
            csv,
            "{},{},{},{},{},{},{}",
            r.day,
            outcome.merchants[r.merchant].id,
            r.disputes,
            r.orders,
            r.rate_ppm.map(|x| x.to_string()).unwrap_or_default(),
            r.threshold_ppm.map(|x| x.to_string()).unwrap_or_default(),
            r.verdict
        );
    }
    files.insert("dispute_rates.csv".to_owned(), csv);
    files
}

/// Write `files` into `dir` (created if missing).
pub fn write(dir: &Path, files: &BTreeMap<String, String>) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, content) in files {
        std::fs::write(dir.join(name), content)?;
    }
    Ok(())
}
