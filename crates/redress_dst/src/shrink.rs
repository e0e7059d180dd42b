//! Reduce a failing world to fewer steps: delta debugging (Zeller and Hildebrandt, 2002) over
//! the plan's step list. The plan is drawn from the seed once, so a subset keeps each step's
//! own command, key and fault; a subset "still fails" when the same check breaks.

use crate::check::Failure;
use crate::world::{RunConfig, run};

/// Runs of the world a shrink may spend, so that it ends on a slow machine.
pub const SHRINK_RUNS_MAX: usize = 400;

/// The smallest step list found that still fails `failure.check`, and its failure.
pub async fn shrink(
    config: &RunConfig,
    failure: &Failure,
) -> Result<(Vec<usize>, Failure), String> {
    let start: Vec<usize> = match &config.keep {
        Some(keep) => keep
            .iter()
            .copied()
            .filter(|i| *i <= failure.step)
            .collect(),
        None => (0..=failure.step).collect(),
    };
    let mut best = (start, failure.clone());
    let mut runs = 0;
    let mut chunks = 2;
    while best.0.len() >= 2 && runs < SHRINK_RUNS_MAX {
        let size = best.0.len().div_ceil(chunks);
        let mut reduced = false;
        for start in (0..best.0.len()).step_by(size) {
            if runs >= SHRINK_RUNS_MAX {
                break;
            }
            let candidate: Vec<usize> = best
                .0
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < start || *i >= start + size)
                .map(|(_, s)| *s)
                .collect();
            runs += 1;
            let outcome = run(&RunConfig {
                keep: Some(candidate.clone()),
                ..config.clone()
            })
            .await?;
            if let Some(f) = outcome.failure
                && f.check == failure.check
            {
                let last = f.step;
                best = (candidate.into_iter().filter(|s| *s <= last).collect(), f);
                reduced = true;
                break;
            }
        }
        if reduced {
            chunks = (chunks - 1).max(2);
        } else if size == 1 {
            break;
        } else {
            chunks = (chunks * 2).min(best.0.len());
        }
    }
    Ok(best)
}
