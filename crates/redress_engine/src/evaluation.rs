//! The weekly evaluation (SPEC "Evaluation and enforcement"), on schedule and on demand.
//!
//! Reads every merchant's window sums from `merchant_days` (never the log or the tickets),
//! asks the domain which penalties follow, and records each as a merchant command, so a
//! penalty is audited, published in the log, and recorded once: a run that stopped
//! half-way runs again and records only what is missing. A finished run is recorded in the
//! store, which is what the schedule looks at.

use crate::Engine;
use crate::command::{Command, Submission};
use crate::error::EngineError;
use jiff::tz::TimeZone;
use jiff::{ToSpan, civil};
use redress_domain::evaluation::{History, Penalty, assess};
use redress_domain::merchant::MerchantCommand;
use redress_domain::metrics::DayFigures;
use redress_domain::metrics::report::{MerchantReport, Verdict, report};
use redress_domain::{Actor, Date, MerchantId, Policy, Rejection, Timestamp};
use redress_store::{EvaluationRun, Store};
use tokio::task::JoinSet;

/// What one evaluation did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvaluationReport {
    pub day: Date,
    /// Merchants with figures in the window.
    pub merchants: u64,
    /// Penalties recorded by this run, merchant by merchant.
    pub recorded: Vec<(MerchantId, Penalty)>,
    /// Penalties an earlier, interrupted run of the same day had recorded already.
    pub already_recorded: u64,
}

impl<S: Store> Engine<S> {
    /// Evaluate every merchant on `day` (a platform date): the window is the policy's
    /// `window_days` before it. Safe to run again for the same day.
    pub async fn evaluate(&self, day: Date) -> Result<EvaluationReport, EngineError> {
        let policy = self.policy();
        let started_at = self.clock().now();
        let (from, to) = crate::metrics::window(day, policy.dispute_rate.window_days);
        let store = self.store();
        let merchants = store.days_by_merchant(from, to).await?;
        // The platform's sums are every merchant's: no second pass over the window.
        let mut platform = DayFigures::default();
        for row in &merchants {
            platform.add(&row.figures);
        }
        let mut run = EvaluationReport {
            day,
            merchants: merchants.len() as u64,
            recorded: Vec::new(),
            already_recorded: 0,
        };
        // Merchants in breach are penalised side by side, so their commands share commits.
        let mut breaches = JoinSet::new();
        let mut outcomes = Vec::new();
        for row in &merchants {
            let figures = report(&row.figures, &platform, &policy);
            if figures.dispute_rate.verdict != Verdict::Fail && !figures.overdue.violation {
                continue;
            }
            let merchant = MerchantId::parse_stored(&row.merchant_id).map_err(|e| {
                redress_store::StoreError::Invalid(format!(
                    "merchant_days holds merchant id {:?}, which {e}",
                    row.merchant_id
                ))
            })?;
            if breaches.len() >= PENALISING_AT_ONCE
                && let Some(done) = breaches.join_next().await
            {
                outcomes.push(done.map_err(task_failed)?);
            }
            let engine = self.clone();
            let policy = policy.clone();
            breaches.spawn(async move { engine.penalise(merchant, figures, day, &policy).await });
        }
        while let Some(done) = breaches.join_next().await {
            outcomes.push(done.map_err(task_failed)?);
        }
        for outcome in outcomes {
            let (recorded, already) = outcome?;
            run.recorded.extend(recorded);
            run.already_recorded += already;
        }
        run.recorded
            .sort_by(|a, b| (&a.0, &a.1.id).cmp(&(&b.0, &b.1.id)));
        store
            .record_evaluation(&EvaluationRun {
                day,
                started_at,
                finished_at: self.clock().now(),
                merchants: run.merchants,
                penalties: run.recorded.len() as u64,
            })
            .await?;
        Ok(run)
    }

    /// Record the penalties one merchant's report calls for; returns those recorded and how
    /// many were there already.
    async fn penalise(
        &self,
        merchant: MerchantId,
        figures: MerchantReport,
        day: Date,
        policy: &Policy,
    ) -> Result<(Vec<(MerchantId, Penalty)>, u64), EngineError> {
        let state = self.merchant(&merchant).await?;
        let since = day
            .checked_sub(
                jiff::Span::new().days(i64::from(policy.evaluation.violation_lookback_days)),
            )
            .unwrap_or(Date::MIN);
        // Seed 000 四: the same facts are punished once; the merchant's days in the window
        // tell a new breach from the one an earlier penalty already covered.
        let (from, to) = crate::metrics::window(day, policy.dispute_rate.window_days);
        let days = self
            .store()
            .merchant_days(merchant.as_str(), from, to)
            .await?
            .into_iter()
            .map(|row| (row.day, row.figures))
            .collect();
        let history = History {
            earlier: state
                .iter()
                .flat_map(|m| m.penalties.values())
                .filter(|p| p.counts() && p.evaluated_on >= since && p.evaluated_on < day)
                .collect(),
            window_from: Some(from),
            days,
        };
        let (mut recorded, mut already) = (Vec::new(), 0);
        for penalty in assess(&figures, &history, day, policy) {
            let submission = Submission::new(
                Actor::System,
                Command::Merchant {
                    merchant: merchant.clone(),
                    command: MerchantCommand::Penalise {
                        penalty: penalty.clone(),
                    },
                },
            );
            match self.execute(submission).await {
                Ok(_) => recorded.push((merchant.clone(), penalty)),
                Err(EngineError::Rejected(Rejection::NoChange)) => already += 1,
                Err(error) => return Err(error),
            }
        }
        Ok((recorded, already))
    }

    /// Run every scheduled evaluation that is due at the clock's time and has not finished:
    /// those after the last one that finished, or only the latest if none ever did.
    pub async fn evaluate_due(&self) -> Result<Vec<EvaluationReport>, EngineError> {
        let policy = self.policy();
        let zone = self.zone();
        let Some(latest) = latest_evaluation_day(self.clock().now(), &policy, &zone) else {
            return Ok(Vec::new());
        };
        let mut day = match self.store().last_evaluation().await? {
            Some(last) if last.day >= latest => return Ok(Vec::new()),
            Some(last) => last.day + 7.days(),
            None => latest,
        };
        let mut reports = Vec::new();
        while day <= latest {
            reports.push(self.evaluate(day).await?);
            day += 7.days();
        }
        Ok(reports)
    }

    /// When the next scheduled evaluation after `after` falls.
    pub fn next_evaluation_after(&self, after: Timestamp) -> Option<Timestamp> {
        let policy = self.policy();
        let zone = self.zone();
        let latest = latest_evaluation_day(after, &policy, &zone)?;
        evaluation_instant(latest.checked_add(7.days()).ok()?, &policy, &zone)
    }
}

/// Merchants being penalised at once during an evaluation.
const PENALISING_AT_ONCE: usize = 256;

fn task_failed(error: tokio::task::JoinError) -> EngineError {
    redress_store::StoreError::Task(error.to_string()).into()
}

/// The instant of the evaluation of `day` (its weekday is the policy's), in the zone.
fn evaluation_instant(day: Date, policy: &Policy, zone: &TimeZone) -> Option<Timestamp> {
    let e = &policy.evaluation;
    let time = civil::time(e.hour as i8, e.minute as i8, 0, 0);
    day.to_datetime(time)
        .to_zoned(zone.clone())
        .ok()
        .map(|z| z.timestamp())
}

/// The platform date of the latest scheduled evaluation at or before `now`.
fn latest_evaluation_day(now: Timestamp, policy: &Policy, zone: &TimeZone) -> Option<Date> {
    let today = now.to_zoned(zone.clone()).date();
    let weekday = i64::from(today.weekday().to_monday_one_offset());
    let back = (weekday - i64::from(policy.evaluation.weekday_iso)).rem_euclid(7);
    // Checked: a clock at the end of the calendar has no evaluation, rather than a panic.
    let mut day = today.checked_sub(back.days()).ok()?;
    if evaluation_instant(day, policy, zone)? > now {
        day = day.checked_sub(7.days()).ok()?;
    }
    Some(day)
}
