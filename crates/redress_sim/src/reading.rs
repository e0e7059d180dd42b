//! The what-if report's words: the conclusion at its top, and the warnings a policy analyst
//! needs before trusting a difference (one seed, a moved threshold).

use crate::compare::{Row, label};

/// Policy keys (as `redress_policy::diff` names them) that decide what counts as a
/// violation or a penalty. When B moves one, penalties differ by rule, not only by how
/// merchants behaved.
const THRESHOLD_KEYS: &[&str] = &[
    "dispute_rate.window_days",
    "dispute_rate.counting",
    "dispute_rate.standard",
    "dispute_rate.reference_rate",
    "merchant_responsible.count_below",
    "merchant_responsible.rate_max",
    "evaluation.slight_multiplier",
    "evaluation.serious_multiplier",
    "evaluation.violation_lookback_days",
    "mass_overdue.violation_count_min",
    "mass_overdue.violation_share_min",
    "mass_overdue.high_risk_count_min",
    "mass_overdue.high_risk_share_min",
];

/// Whether a line of a policy diff (`key: before → after`) changes a penalty threshold.
pub fn is_threshold_change(line: &str) -> bool {
    let key = line.split(':').next().unwrap_or_default().trim();
    THRESHOLD_KEYS
        .iter()
        .any(|t| key == *t || key.starts_with(&format!("{t}.")))
}

/// A number as a sentence shows it: no trailing zeros, a true minus sign.
pub fn number(v: f64) -> String {
    let text = if v == v.trunc() {
        format!("{v:.0}")
    } else {
        let t = format!("{v:.3}");
        t.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    match text.strip_prefix('-') {
        Some(rest) if rest != "0" => format!("−{rest}"),
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

fn row<'a>(rows: &'a [Row], metric: &str) -> Option<&'a Row> {
    rows.iter().find(|r| r.metric == metric)
}

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The conclusion in words: what B changes significantly, and what it does not. Plain text
/// (the report escapes it).
pub fn conclusion(rows: &[Row], seeds: usize) -> Vec<String> {
    if seeds < 2 {
        return vec![
            "One seed only: the differences below are a single draw, nothing can be called significant. Run the what-if with --seeds 5 or more before drawing a conclusion.".to_owned(),
        ];
    }
    let mut significant = Vec::new();
    let mut not = Vec::new();
    for r in rows {
        let Some(l) = label(&r.metric) else {
            continue;
        };
        if r.significant(seeds) {
            let words = if r.difference_mean > 0.0 {
                l.more
            } else {
                l.less
            };
            significant.push(format!(
                "{words} ({} on average, 95 % interval {} to {})",
                number(r.difference_mean),
                number(r.interval_low),
                number(r.interval_high)
            ));
        } else {
            not.push(l.name.to_lowercase());
        }
    }
    let mut out = Vec::new();
    if significant.is_empty() {
        out.push(format!(
            "Over {seeds} seeds, B differs from A in no figure beyond chance: every difference below is within its 95 % interval of zero."
        ));
    } else {
        out.push(format!(
            "Over {seeds} seeds, B gives {}.",
            list(&significant)
        ));
        if !not.is_empty() {
            out.push(format!("No significant difference in {}.", list(&not)));
        }
    }
    out
}

/// Warnings to read before the figures: B moves a penalty threshold (and, if so, whether
/// penalties rose while disputes fell).
pub fn warnings(rows: &[Row], changes: &[String]) -> Vec<String> {
    let moved: Vec<&String> = changes.iter().filter(|c| is_threshold_change(c)).collect();
    if moved.is_empty() {
        return Vec::new();
    }
    let mut out = vec![format!(
        "B changes a threshold that decides penalties ({}). Penalties and penalised merchants under B are measured against a different standard, so their difference reflects the rule as well as how merchants behaved.",
        moved
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    )];
    let disputes = row(rows, "disputes").map_or(0.0, |r| r.difference_mean);
    let penalised = row(rows, "merchants_penalised").map_or(0.0, |r| r.difference_mean);
    if disputes < 0.0 && penalised > 0.0 {
        out.push(format!(
            "The number of merchants penalised rises by {} although disputes fall by {}: the moved threshold, not worse service, gives the extra penalties.",
            number(penalised),
            number(-disputes)
        ));
    } else if disputes > 0.0 && penalised < 0.0 {
        out.push(format!(
            "The number of merchants penalised falls by {} although disputes rise by {}: the moved threshold, not better service, spares those merchants.",
            number(-penalised),
            number(disputes)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(metric: &str, mean: f64, low: f64, high: f64) -> Row {
        Row {
            metric: metric.to_owned(),
            a_mean: 10.0,
            b_mean: 10.0 + mean,
            difference_mean: mean,
            interval_low: low,
            interval_high: high,
        }
    }

    #[test]
    fn the_conclusion_names_significant_differences_in_words() {
        let rows = [
            row("disputes", -3.2, -5.1, -1.3),
            row("buyer_wait_hours_mean", 4.5, 1.0, 8.0),
            row("refunds", 0.4, -2.0, 2.8),
        ];
        let text = conclusion(&rows, 5).join(" ");
        assert!(
            text.contains("fewer disputes (−3.2 on average, 95 % interval −5.1 to −1.3)"),
            "{text}"
        );
        assert!(text.contains("longer waits for buyers"), "{text}");
        assert!(
            text.contains("No significant difference in tickets refunded."),
            "{text}"
        );
        assert!(!text.contains('_'), "no key in the words: {text}");
    }

    #[test]
    fn one_seed_concludes_nothing() {
        let text = conclusion(&[row("disputes", -3.0, -3.0, -3.0)], 1).join(" ");
        assert!(text.contains("One seed only"), "{text}");
        assert!(!text.contains("fewer disputes"), "{text}");
        let text = conclusion(&[row("disputes", 1.0, -2.0, 4.0)], 5).join(" ");
        assert!(text.contains("no figure beyond chance"), "{text}");
    }

    #[test]
    fn a_lower_threshold_with_more_penalties_and_fewer_disputes_is_called_out() {
        let rows = [
            row("disputes", -2.0, -3.0, -1.0),
            row("merchants_penalised", 3.0, 1.0, 5.0),
        ];
        let changes = ["dispute_rate.standard.fixed: 0.5% → 0.3%".to_owned()];
        let text = warnings(&rows, &changes).join(" ");
        assert!(text.contains("B changes a threshold"), "{text}");
        assert!(
            text.contains("dispute_rate.standard.fixed: 0.5% → 0.3%"),
            "{text}"
        );
        assert!(
            text.contains("merchants penalised rises by 3 although disputes fall by 2"),
            "{text}"
        );
        // A deadline is not a penalty threshold: no warning.
        let deadline = ["deadlines.merchant_response_hours: 48 → 24".to_owned()];
        assert!(warnings(&rows, &deadline).is_empty());
        assert!(is_threshold_change(
            "mass_overdue.violation_share_min: 1% → 2%"
        ));
        assert!(!is_threshold_change(
            "fast_refund.paid_amount_below_minor: 30000 → 50000"
        ));
    }

    #[test]
    fn numbers_read_as_in_a_sentence() {
        assert_eq!(number(-3.0), "−3");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(-0.125), "−0.125");
        assert_eq!(number(0.0), "0");
    }
}
