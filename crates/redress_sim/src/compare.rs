//! What-if: the same seeds under two policies, compared pair by pair. Each seed gives one
//! difference B − A per metric; the report gives their mean and a 95 % Student-t interval,
//! so "B has fewer disputes" comes with how sure one may be of it.

use crate::outputs::{COMPARED, Summary, round3};
use serde::Serialize;

/// One metric compared.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub metric: String,
    pub a_mean: f64,
    pub b_mean: f64,
    /// Mean of the paired differences B − A.
    pub difference_mean: f64,
    /// 95 % confidence interval of that mean; equal to the mean with a single seed.
    pub interval_low: f64,
    pub interval_high: f64,
}

impl Row {
    /// Whether B differs from A beyond chance: the 95 % interval of the paired differences
    /// lies wholly above or wholly below zero. One seed has no interval, so nothing it shows
    /// is significant.
    pub fn significant(&self, seeds: usize) -> bool {
        seeds >= 2 && (self.interval_low > 0.0 || self.interval_high < 0.0)
    }
}

/// How a compared metric reads in a report: its display name, and the words for B having
/// more or less of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    pub name: &'static str,
    pub more: &'static str,
    pub less: &'static str,
}

/// The display name of a compared metric (the keys of [`COMPARED`], as in the CSV files).
/// `None` for a key without one (a test checks that every compared metric has one).
pub fn label(metric: &str) -> Option<Label> {
    let (name, more, less) = match metric {
        "disputes" => (
            "Disputes (platform stepped in)",
            "more disputes",
            "fewer disputes",
        ),
        "refunds" => ("Tickets refunded", "more refunds", "fewer refunds"),
        "refunded_yuan" => (
            "Money refunded (yuan)",
            "more money refunded",
            "less money refunded",
        ),
        "buyer_wait_hours_mean" => (
            "Buyer's wait, request to end (hours, mean)",
            "longer waits for buyers",
            "shorter waits for buyers",
        ),
        "merchant_losses_yuan" => (
            "Merchants' losses: goods kept by buyers and fines (yuan)",
            "higher merchant losses",
            "lower merchant losses",
        ),
        "merchants_penalised" => (
            "Merchants penalised",
            "more merchants penalised",
            "fewer merchants penalised",
        ),
        "decided_by_human" => (
            "Tickets decided by a person",
            "more tickets for people to decide",
            "fewer tickets for people to decide",
        ),
        "decided_by_arbitrator" => (
            "Tickets decided by an arbitrator",
            "more work for arbitrators",
            "less work for arbitrators",
        ),
        "fast_refund_losses_yuan" => (
            "Fast-refund losses on untracked parcels (yuan)",
            "higher fast-refund losses",
            "lower fast-refund losses",
        ),
        _ => return None,
    };
    Some(Label { name, more, less })
}

/// Two-sided 97.5 % quantiles of Student's t for 1 to 30 degrees of freedom.
const T_975: [f64; 30] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042,
];

fn t_quantile(degrees: usize) -> f64 {
    match degrees {
        0 => 0.0,
        d if d <= 30 => T_975[d - 1],
        _ => 1.96,
    }
}

/// Mean and half-width of the 95 % interval of `values`.
pub fn interval(values: &[f64]) -> (f64, f64) {
    let n = values.len();
    if n == 0 {
        return (0.0, 0.0);
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    if n == 1 {
        return (mean, 0.0);
    }
    let variance = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64;
    (mean, t_quantile(n - 1) * (variance / n as f64).sqrt())
}

/// Compare runs paired by seed: `a[i]` and `b[i]` share a seed.
pub fn compare(a: &[Summary], b: &[Summary]) -> Vec<Row> {
    assert_eq!(a.len(), b.len(), "runs are paired by seed");
    COMPARED
        .iter()
        .map(|(metric, read)| {
            let xs: Vec<f64> = a.iter().map(read).collect();
            let ys: Vec<f64> = b.iter().map(read).collect();
            let differences: Vec<f64> = xs.iter().zip(&ys).map(|(x, y)| y - x).collect();
            let (mean, half) = interval(&differences);
            Row {
                metric: (*metric).to_owned(),
                a_mean: round3(interval(&xs).0),
                b_mean: round3(interval(&ys).0),
                difference_mean: round3(mean),
                interval_low: round3(mean - half),
                interval_high: round3(mean + half),
            }
        })
        .collect()
}

/// The comparison as CSV.
pub fn to_csv(rows: &[Row]) -> String {
    let mut csv = "metric,a_mean,b_mean,difference_mean,interval_low,interval_high\n".to_owned();
    for r in rows {
        csv.push_str(&format!(
            "{},{},{},{},{},{}\n",
            r.metric, r.a_mean, r.b_mean, r.difference_mean, r.interval_low, r.interval_high
        ));
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_of_known_values() {
        // Mean 2, sample sd 1, n 3: half-width t(2) · 1/√3 = 4.303 / 1.732.
        let (mean, half) = interval(&[1.0, 2.0, 3.0]);
        assert_eq!(mean, 2.0);
        assert!((half - 4.303 / 3f64.sqrt()).abs() < 1e-9);
        assert_eq!(interval(&[5.0]), (5.0, 0.0));
    }

    #[test]
    fn every_compared_metric_has_a_display_name() {
        for (metric, _) in COMPARED {
            let label = label(metric).expect("a display name");
            assert!(!label.name.contains('_'), "{}", label.name);
            assert_ne!(label.more, "more", "{metric} has words for more");
        }
    }

    #[test]
    fn significant_only_when_the_interval_leaves_zero() {
        let row = |low, high| Row {
            metric: "disputes".to_owned(),
            a_mean: 10.0,
            b_mean: 8.0,
            difference_mean: (low + high) / 2.0,
            interval_low: low,
            interval_high: high,
        };
        assert!(row(-3.0, -1.0).significant(5));
        assert!(row(0.5, 2.0).significant(5));
        assert!(!row(-3.0, 1.0).significant(5));
        assert!(
            !row(0.0, 2.0).significant(5),
            "touching zero is not beyond chance"
        );
        assert!(!row(-2.0, -2.0).significant(1), "one seed has no interval");
    }
}
