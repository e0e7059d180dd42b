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
}
