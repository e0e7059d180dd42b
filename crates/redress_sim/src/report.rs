//! The HTML report: one self-contained file, charts drawn here as inline SVG, so it opens
//! without a network and is byte-identical for the same outcome.

use crate::Outcome;
use crate::compare::{Row, label};
use crate::outputs::Summary;
use crate::reading;
use std::collections::BTreeMap;
use std::fmt::Write as _;

const A_COLOUR: &str = "#3b6fb6";
const B_COLOUR: &str = "#d9822b";
const MARK_COLOUR: &str = "#c23030";

fn escape(raw: &str) -> String {
    raw.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One series of a bar chart.
struct Series<'a> {
    name: &'a str,
    colour: &'a str,
    values: Vec<f64>,
}

/// A grouped vertical bar chart over `labels`, with an optional vertical marker at a
/// fractional category position (e.g. a threshold between histogram bins).
fn bars(
    title: &str,
    unit: &str,
    labels: &[String],
    series: &[Series<'_>],
    markers: &[(f64, String)],
) -> String {
    // The bottom holds the labels, rotated, and the legend below them: room for the longest
    // label of the reports (`refund_handling_closed`, about 92 px tall at 35°).
    let (width, height) = (560.0, 320.0);
    let (left, right, top, bottom) = (64.0, 12.0, 28.0, 114.0);
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0_f64, f64::max);
    let max = if max <= 0.0 { 1.0 } else { max * 1.1 };
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="sans-serif" font-size="11">"#
    );
    let _ = write!(
        svg,
        r#"<text x="{left}" y="16" font-size="13" font-weight="bold">{}</text>"#,
        escape(title)
    );
    for i in 0..=4 {
        let y = top + plot_h - plot_h * f64::from(i) / 4.0;
        let value = max * f64::from(i) / 4.0;
        let _ = write!(
            svg,
            r##"<line x1="{left}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            left + plot_w,
            left - 4.0,
            y + 4.0,
            short(value)
        );
    }
    let n = labels.len().max(1) as f64;
    let group = plot_w / n;
    let bar = (group * 0.8) / series.len().max(1) as f64;
    for (i, label) in labels.iter().enumerate() {
        let x0 = left + group * i as f64 + group * 0.1;
        for (k, s) in series.iter().enumerate() {
            let v = s.values.get(i).copied().unwrap_or(0.0);
            let h = plot_h * v / max;
            let _ = write!(
                svg,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{}: {}</title></rect>"#,
                x0 + bar * k as f64,
                top + plot_h - h,
                bar.max(0.5),
                h,
                s.colour,
                escape(label),
                short(v)
            );
        }
        // Label every category when few, else every few.
        let every = (labels.len() / 12).max(1);
        if i % every == 0 {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="end" transform="rotate(-35 {:.1} {:.1})">{}</text>"#,
                x0 + group * 0.4,
                top + plot_h + 14.0,
                x0 + group * 0.4,
                top + plot_h + 14.0,
                escape(label)
            );
        }
    }
    // Markers' labels stand stacked in the top right corner, where no marker line crosses
    // them (two thresholds close together would otherwise write over each other).
    for (k, (position, text)) in markers.iter().enumerate() {
        let x = left + group * position;
        let _ = write!(
            svg,
            r#"<line x1="{x:.1}" y1="{top}" x2="{x:.1}" y2="{:.1}" stroke="{MARK_COLOUR}" stroke-width="2" stroke-dasharray="5,3"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="{MARK_COLOUR}">- - {}</text>"#,
            top + plot_h,
            left + plot_w,
            top + 12.0 + 13.0 * k as f64,
            escape(text)
        );
    }
    let mut lx = left;
    for s in series {
        let _ = write!(
            svg,
            r#"<rect x="{lx:.1}" y="{:.1}" width="10" height="10" fill="{}"/><text x="{:.1}" y="{:.1}">{}</text>"#,
            height - 12.0,
            s.colour,
            lx + 14.0,
            height - 3.0,
            escape(s.name)
        );
        lx += 20.0 + 7.0 * s.name.chars().count() as f64;
    }
    let _ = write!(
        svg,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#666">{}</text></svg>"##,
        width - right,
        height - 3.0,
        escape(unit)
    );
    svg
}

fn short(v: f64) -> String {
    if v.abs() >= 10_000.0 {
        format!("{:.0}k", v / 1000.0)
    } else if v.abs() >= 100.0 || v == v.trunc() {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// The figures of one run that the charts draw.
struct Charts {
    /// Histogram of merchants' dispute rates at the last evaluation (bins of `rate_bin_ppm`).
    rate_bins: Vec<f64>,
    rate_threshold_ppm: Option<i64>,
    /// Completion hours by kind, in bins.
    refund_only_hours: Vec<f64>,
    return_refund_hours: Vec<f64>,
    /// Share of tickets by how they were approved.
    approvals: BTreeMap<String, f64>,
    penalties: BTreeMap<&'static str, f64>,
    /// Fast-refund losses by day, yuan.
    losses_by_day: Vec<f64>,
}

const RATE_BINS: usize = 12;
const HOUR_BINS: [f64; 10] = [2.0, 6.0, 12.0, 24.0, 48.0, 72.0, 96.0, 120.0, 168.0, 240.0];
const APPROVALS: [&str; 7] = [
    "platform_fast_refund",
    "merchant_fast_refund",
    "merchant_strategy",
    "refund_handling_closed",
    "overdue",
    "merchant",
    "not_approved",
];
const SEVERITIES: [&str; 3] = ["slight", "serious", "especially_serious"];

/// How an approval or a severity reads on a chart's axis.
fn display(key: &str) -> &str {
    match key {
        "platform_fast_refund" => "Platform fast refund",
        "merchant_fast_refund" => "Shop's fast refund",
        "merchant_strategy" => "Shop's strategy",
        "refund_handling_closed" => "Refund handling closed",
        "overdue" => "Overdue approval",
        "merchant" => "By the merchant",
        "not_approved" => "Not approved",
        "slight" => "Slight",
        "serious" => "Serious",
        "especially_serious" => "Especially serious",
        other => other,
    }
}

fn hour_labels() -> Vec<String> {
    let mut labels: Vec<String> = HOUR_BINS.iter().map(|h| format!("≤{h}h")).collect();
    labels.push(format!(">{}h", HOUR_BINS[HOUR_BINS.len() - 1]));
    labels
}

fn hour_bin(h: f64) -> usize {
    HOUR_BINS
        .iter()
        .position(|b| h <= *b)
        .unwrap_or(HOUR_BINS.len())
}

/// The rate bin width: the threshold sits at the fourth bin edge, or 0.1 % without one.
fn rate_bin_ppm(threshold: Option<i64>) -> i64 {
    threshold.map_or(1_000, |t| (t / 4).max(1))
}

fn charts(outcome: &Outcome) -> Charts {
    let last = outcome.rates.iter().map(|r| r.day).max();
    let last_rates: Vec<_> = outcome
        .rates
        .iter()
        .filter(|r| Some(r.day) == last && r.orders > 0)
        .collect();
    let threshold = last_rates.iter().find_map(|r| r.threshold_ppm);
    let width = rate_bin_ppm(threshold);
    let mut rate_bins = vec![0.0; RATE_BINS];
    for r in &last_rates {
        let bin = (r.rate_ppm.unwrap_or(0) / width).clamp(0, RATE_BINS as i64 - 1) as usize;
        rate_bins[bin] += 1.0;
    }
    let mut refund_only_hours = vec![0.0; HOUR_BINS.len() + 1];
    let mut return_refund_hours = vec![0.0; HOUR_BINS.len() + 1];
    let mut approvals: BTreeMap<String, f64> =
        APPROVALS.iter().map(|a| ((*a).to_owned(), 0.0)).collect();
    let days = outcome.days.max(1) as usize;
    let mut losses_by_day = vec![0.0; days];
    let tickets = outcome.tickets.len().max(1) as f64;
    let origin = outcome
        .start
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp().as_microsecond())
        .unwrap_or(0);
    for t in &outcome.tickets {
        if let Some(end) = t.ended_at {
            let h = (end - t.opened_at) as f64 / 3.6e9;
            match t.kind {
                "refund_only" => refund_only_hours[hour_bin(h)] += 1.0,
                "return_and_refund" => return_refund_hours[hour_bin(h)] += 1.0,
                _ => {}
            }
        }
        let how = if let Some(rule) = t.auto_rule.as_deref() {
            rule
        } else if t.overdue_approved {
            "overdue"
        } else if t.merchant_decided && t.refunded_minor > 0 {
            "merchant"
        } else {
            "not_approved"
        };
        *approvals.entry(how.to_owned()).or_default() += 100.0 / tickets;
        if t.fast_refund_loss_minor > 0 {
            // Days counted in UTC from the start: close enough for a chart's x axis.
            let day = ((t.opened_at - origin).max(0) / 86_400_000_000) as usize;
            losses_by_day[day.min(days - 1)] += t.fast_refund_loss_minor as f64 / 100.0;
        }
    }
    let mut penalties: BTreeMap<&'static str, f64> = SEVERITIES.iter().map(|s| (*s, 0.0)).collect();
    for p in &outcome.penalties {
        // Severities outside the ladder have no bar.
        if let Some(severity) = SEVERITIES.iter().find(|s| **s == p.severity) {
            *penalties.entry(severity).or_default() += 1.0;
        }
    }
    Charts {
        rate_bins,
        rate_threshold_ppm: threshold,
        refund_only_hours,
        return_refund_hours,
        approvals,
        penalties,
        losses_by_day,
    }
}

/// The charts of SPEC's issue 6, for one run or for A and B side by side, and a note for
/// each chart left out because it would show nothing: a run too short for a weekly
/// evaluation has no dispute rates and no penalties; a chart whose every bar is zero says
/// less than a sentence does.
fn chart_svgs(runs: &[(&str, &str, &Outcome)]) -> (Vec<String>, Vec<String>) {
    let all: Vec<(&str, &str, Charts)> = runs
        .iter()
        .map(|(name, colour, o)| (*name, *colour, charts(o)))
        .collect();
    let days = runs.iter().map(|(_, _, o)| o.days).max().unwrap_or(0);
    let evaluated = runs.iter().any(|(_, _, o)| !o.evaluations.is_empty());
    let series = |pick: &dyn Fn(&Charts) -> Vec<f64>| series_of(&all, pick);
    let empty = |s: &[Series<'_>]| s.iter().all(|s| s.values.iter().all(|v| *v == 0.0));
    let mut svgs = Vec::new();
    let mut notes = Vec::new();

    if !evaluated {
        notes.push(format!(
            "No weekly evaluation fell within the {days} days run, so there are no dispute rates and no penalties to chart: run at least 7 days (28 show a month of evaluations)."
        ));
    } else {
        let threshold = all.iter().find_map(|(_, _, c)| c.rate_threshold_ppm);
        let width = rate_bin_ppm(threshold);
        // One dashed line per run: the threshold moves with each run's platform average.
        let markers: Vec<(f64, String)> = all
            .iter()
            .filter_map(|(name, _, c)| {
                c.rate_threshold_ppm.map(|t| {
                    let who = if all.len() > 1 {
                        format!(" ({})", name.split(':').next().unwrap_or(name))
                    } else {
                        String::new()
                    };
                    (
                        t as f64 / width as f64,
                        format!("threshold{who} {:.3}%", t as f64 / 10_000.0),
                    )
                })
            })
            .collect();
        let labels: Vec<String> = (0..RATE_BINS)
            .map(|i| {
                if i + 1 == RATE_BINS {
                    format!("≥{:.2}%", (i as i64 * width) as f64 / 10_000.0)
                } else {
                    format!("{:.2}%", (i as i64 * width) as f64 / 10_000.0)
                }
            })
            .collect();
        svgs.push(bars(
            "Dispute intervention rate at the last evaluation",
            "merchants per bin",
            &labels,
            &series(&|c| c.rate_bins.clone()),
            &markers,
        ));
    }
    for (title, what, pick) in [
        (
            "Refund-only completion time (request → end)",
            "refund-only",
            (|c: &Charts| c.refund_only_hours.clone()) as fn(&Charts) -> Vec<f64>,
        ),
        (
            "Return-and-refund completion time (request → end)",
            "return-and-refund",
            |c: &Charts| c.return_refund_hours.clone(),
        ),
    ] {
        let s = series(&pick);
        if empty(&s) {
            notes.push(format!(
                "No {what} ticket ended: no completion times to chart."
            ));
        } else {
            svgs.push(bars(title, "tickets", &hour_labels(), &s, &[]));
        }
    }
    let approvals = series(&|ch| APPROVALS.iter().map(|a| ch.approvals[*a]).collect());
    if empty(&approvals) {
        notes.push("No ticket was opened: nothing was approved.".to_owned());
    } else {
        svgs.push(bars(
            "How tickets were approved",
            "% of tickets",
            &APPROVALS
                .iter()
                .map(|a| display(a).to_owned())
                .collect::<Vec<_>>(),
            &approvals,
            &[],
        ));
    }
    let penalties = series(&|ch| SEVERITIES.iter().map(|s| ch.penalties[s]).collect());
    if evaluated && empty(&penalties) {
        notes.push("The weekly evaluations gave no penalty.".to_owned());
    } else if evaluated {
        svgs.push(bars(
            "Penalties by severity",
            "penalties",
            &SEVERITIES
                .iter()
                .map(|s| display(s).to_owned())
                .collect::<Vec<_>>(),
            &penalties,
            &[],
        ));
    }
    let losses = series(&|ch| ch.losses_by_day.clone());
    if empty(&losses) {
        notes.push(
            "No fast refund was paid on a parcel that had left untracked: no losses to chart."
                .to_owned(),
        );
    } else {
        let days = losses.iter().map(|s| s.values.len()).max().unwrap_or(1);
        svgs.push(bars(
            "Fast-refund losses on shipped-but-untracked orders",
            "yuan per day",
            &(1..=days).map(|d| format!("day {d}")).collect::<Vec<_>>(),
            &losses,
            &[],
        ));
    }
    (svgs, notes)
}

fn series_of<'a>(
    all: &'a [(&'a str, &'a str, Charts)],
    pick: &dyn Fn(&Charts) -> Vec<f64>,
) -> Vec<Series<'a>> {
    all.iter()
        .map(|(name, colour, charts)| Series {
            name,
            colour,
            values: pick(charts),
        })
        .collect()
}

/// The charts in their box, then the notes on those left out.
fn charts_html(runs: &[(&str, &str, &Outcome)]) -> String {
    let (svgs, notes) = chart_svgs(runs);
    let mut html = String::from("<div class=charts>");
    for svg in svgs {
        html.push_str(&svg);
    }
    html.push_str("</div>");
    for note in notes {
        let _ = write!(html, "<p class=\"note left-out\">{}</p>", escape(&note));
    }
    html
}

fn summary_table(columns: &[(&str, &Summary)]) -> String {
    let mut html = String::from("<div class=wide><table><tr><th>Figure</th>");
    for (name, _) in columns {
        let _ = write!(html, "<th>{}</th>", escape(name));
    }
    html.push_str("</tr>");
    type Shown = fn(&Summary) -> String;
    let rows: [(&str, Shown); 14] = [
        ("Orders", |s| s.orders.to_string()),
        ("Tickets", |s| s.tickets.to_string()),
        ("Disputes", |s| s.disputes.to_string()),
        ("Refunds", |s| s.refunds.to_string()),
        ("Refunded (yuan)", |s| format!("{:.2}", s.refunded_yuan)),
        ("Buyer waiting time, mean (h)", |s| {
            format!("{:.1}", s.buyer_wait_hours_mean)
        }),
        ("Merchant losses (yuan)", |s| {
            format!("{:.2}", s.merchant_losses_yuan)
        }),
        ("Merchants penalised", |s| s.merchants_penalised.to_string()),
        ("Penalties", |s| s.penalties.to_string()),
        ("Decided by a human", |s| s.decided_by_human.to_string()),
        ("Decided by an arbitrator", |s| {
            s.decided_by_arbitrator.to_string()
        }),
        ("Overdue approvals", |s| s.overdue_approved.to_string()),
        ("Fast-refund losses (yuan)", |s| {
            format!("{:.2}", s.fast_refund_losses_yuan)
        }),
        ("Engine commands (+ deadlines)", |s| {
            format!("{} (+{})", s.commands, s.deadlines_fired)
        }),
    ];
    for (label, read) in rows {
        let _ = write!(html, "<tr><td>{label}</td>");
        for (_, s) in columns {
            let _ = write!(html, "<td class=n>{}</td>", read(s));
        }
        html.push_str("</tr>");
    }
    html.push_str("</table></div>");
    html
}

const STYLE: &str = "body{font-family:sans-serif;margin:24px;color:#222;max-width:1240px}h1{font-size:22px}h2{font-size:17px;margin-top:28px}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:4px 10px;font-size:13px}td.n{text-align:right;font-variant-numeric:tabular-nums}.charts{display:flex;flex-wrap:wrap;gap:16px}.charts svg{border:1px solid #eee;background:#fff;max-width:100%;height:auto}.wide{overflow-x:auto;max-width:100%}@media (max-width:600px){body{margin:10px}td,th{padding:3px 6px;font-size:12px}}.note{color:#555;font-size:13px}.conclusion{background:#f3f6fb;border-left:4px solid #3b6fb6;padding:4px 14px}.warning{background:#fff4e5;border-left:4px solid #d9822b;padding:8px 14px}tr.significant td{font-weight:bold;background:#fffbe6}li.threshold code{background:#fff4e5}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>\n{body}\n</body></html>\n",
        escape(title)
    )
}

/// The report of one run.
pub fn single(outcome: &Outcome, model: &str, policy: &str) -> String {
    let summary = Summary::of(outcome);
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>redress simulation: {} under {}</h1><p class=note>seed {}, {} days from {}, {} merchants, {} buyers. Every figure comes from the engine's own records.</p>",
        escape(model),
        escape(policy),
        outcome.seed,
        outcome.days,
        outcome.start,
        outcome.merchants.len(),
        outcome.buyers.len()
    );
    body.push_str("<h2>Summary</h2>");
    body.push_str(&summary_table(&[("this run", &summary)]));
    body.push_str("<h2>Charts</h2>");
    body.push_str(&charts_html(&[("run", A_COLOUR, outcome)]));
    page("redress simulation", &body)
}

/// The what-if report: a conclusion in words and the warnings first, then the paired
/// differences over every seed with their intervals (display names, significant ones
/// marked), what B changes in the policy, and A and B side by side for the first seed.
/// `changes` is the policy diff A → B (`redress_policy::diff`), one `key: a → b` per line.
pub fn what_if(
    a: (&str, &Outcome),
    b: (&str, &Outcome),
    seeds: &[u64],
    rows: &[Row],
    changes: &[String],
    model: &str,
) -> String {
    let (a_name, a_outcome) = a;
    let (b_name, b_outcome) = b;
    // The policies' names differ by design; that is no change of the rules.
    let changes: Vec<String> = changes
        .iter()
        .filter(|c| !c.starts_with("name:"))
        .cloned()
        .collect();
    let changes = changes.as_slice();
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>What-if: {} (A) against {} (B)</h1><p class=note>model {}, {} days from {}, seeds {}. Each seed runs under both policies; the differences B − A are paired by seed, with a 95&nbsp;% Student-t interval over the seeds.</p>",
        escape(a_name),
        escape(b_name),
        escape(model),
        a_outcome.days,
        a_outcome.start,
        seeds
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    body.push_str("<section id=conclusion class=conclusion><h2>Conclusion</h2>");
    for sentence in reading::conclusion(rows, seeds.len()) {
        let _ = write!(body, "<p>{}</p>", escape(&sentence));
    }
    body.push_str("</section>");
    for warning in reading::warnings(rows, changes) {
        let _ = write!(
            body,
            "<p class=warning role=alert><strong>Warning:</strong> {}</p>",
            escape(&warning)
        );
    }
    body.push_str("<h2>Differences over the seeds</h2><div class=wide><table id=differences><tr><th>Figure</th><th>A mean</th><th>B mean</th><th>B − A</th><th>95&nbsp;% interval</th><th>Significant?</th></tr>");
    for r in rows {
        let significant = r.significant(seeds.len());
        let name = label(&r.metric).map_or(r.metric.as_str(), |l| l.name);
        let _ = write!(
            body,
            "<tr data-metric=\"{}\"{}><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>[{}, {}]</td><td>{}</td></tr>",
            escape(&r.metric),
            if significant {
                " class=significant"
            } else {
                ""
            },
            escape(name),
            r.a_mean,
            r.b_mean,
            r.difference_mean,
            r.interval_low,
            r.interval_high,
            if significant {
                if r.difference_mean > 0.0 {
                    "▲ yes, B higher"
                } else {
                    "▼ yes, B lower"
                }
            } else {
                "no"
            }
        );
    }
    body.push_str("</table></div>");
    body.push_str("<p class=note>Significant: the 95&nbsp;% interval of B − A lies wholly above or below zero (needs two seeds or more).</p>");
    body.push_str("<h2>What B changes in the policy</h2>");
    if changes.is_empty() {
        body.push_str("<p class=note>Nothing: A and B are the same policy under two names.</p>");
    } else {
        body.push_str("<ul id=changes>");
        for change in changes {
            let class = if reading::is_threshold_change(change) {
                " class=threshold"
            } else {
                ""
            };
            let _ = write!(body, "<li{class}><code>{}</code></li>", escape(change));
        }
        body.push_str("</ul>");
    }
    let _ = write!(body, "<h2>Seed {}: side by side</h2>", a_outcome.seed);
    body.push_str(&summary_table(&[
        (&format!("A: {a_name}"), &Summary::of(a_outcome)),
        (&format!("B: {b_name}"), &Summary::of(b_outcome)),
    ]));
    body.push_str(&charts_html(&[
        (&format!("A: {a_name}"), A_COLOUR, a_outcome),
        (&format!("B: {b_name}"), B_COLOUR, b_outcome),
    ]));
    page("redress what-if", &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiet(days: u32) -> Outcome {
        Outcome {
            seed: 1,
            days,
            start: jiff::civil::date(2026, 3, 2),
            merchants: Vec::new(),
            buyers: Vec::new(),
            platform_days: Vec::new(),
            merchant_days: Vec::new(),
            tickets: Vec::new(),
            penalties: Vec::new(),
            rates: Vec::new(),
            evaluations: Vec::new(),
            orders: 0,
            commands: 0,
            deadlines_fired: 0,
            refusals: BTreeMap::new(),
        }
    }

    /// A run too short for an evaluation, with nothing in it, draws no empty chart: each left
    /// out says why in a sentence.
    #[test]
    fn a_short_quiet_run_draws_no_meaningless_chart() {
        let run = quiet(2);
        let (svgs, notes) = chart_svgs(&[("A", A_COLOUR, &run), ("B", B_COLOUR, &run)]);
        assert!(svgs.is_empty(), "{} charts", svgs.len());
        let notes = notes.join(" ");
        assert!(
            notes.contains("No weekly evaluation fell within the 2 days run"),
            "{notes}"
        );
        assert!(notes.contains("No refund-only ticket ended"), "{notes}");
        assert!(notes.contains("No fast refund was paid"), "{notes}");
        let html = what_if(("a", &run), ("b", &run), &[1], &[], &[], "small");
        assert!(
            html.contains("One seed only"),
            "a single seed concludes nothing"
        );
        assert!(html.contains("Nothing: A and B are the same policy"));
        assert!(!html.contains("<svg"));
    }

    #[test]
    fn approvals_and_severities_have_display_names() {
        for key in APPROVALS.iter().chain(SEVERITIES.iter()) {
            assert!(!display(key).contains('_'), "{key}");
            assert_ne!(display(key), *key);
        }
    }
}
