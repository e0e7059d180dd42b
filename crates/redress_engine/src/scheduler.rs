//! Deadlines: due deadlines are claimed from the durable timer table by due time and each is
//! fired as a system command through the same decide path as any other command, so it is
//! audited like one. A claim hands a deadline to one instance for a lease; if that instance
//! dies, the lease runs out and another claims it. The domain re-checks that the ticket still
//! waits on that deadline, so even a deadline fired twice (a lease that ran out while its
//! command was still on the way) acts once.

use crate::Engine;
use crate::clock::{ClockWentBack, ManualClock};
use crate::command::{Command, Submission};
use crate::error::EngineError;
use redress_domain::{
    Actor, Date, DeadlineKind, OrderCommand, Rejection, SignedDuration, TicketAction, Timestamp,
};
use redress_store::Store;
use std::collections::{BTreeMap, HashSet};
use std::time::Duration;
use tokio::sync::watch;
use tracing::Instrument;

/// Deadlines fired per round; they go to the writer together and share commits.
const FIRE_BATCH: usize = 2_000;
/// How long a claimed deadline is this instance's alone, on the engine's clock: far longer
/// than firing a round takes, short enough that a dead instance's deadlines fire soon after.
const CLAIM_LEASE: SignedDuration = SignedDuration::from_secs(30);

/// What firing deadlines did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FireReport {
    pub fired: BTreeMap<DeadlineKind, u64>,
    /// Deadlines someone else acted on first (another instance, or a human in time).
    pub stale: u64,
    /// Weekly evaluations run, by evaluation day.
    pub evaluations: Vec<Date>,
}

impl FireReport {
    pub fn total(&self) -> u64 {
        self.fired.values().sum()
    }

    fn merge(&mut self, other: FireReport) {
        for (kind, n) in other.fired {
            *self.fired.entry(kind).or_default() += n;
        }
        self.stale += other.stale;
        self.evaluations.extend(other.evaluations);
    }
}

impl<S: Store> Engine<S> {
    /// Fire every deadline due at the clock's current time, earliest first, including those
    /// that firing makes due, then run the weekly evaluation if one is due. Never scans
    /// tickets: only the deadline index. Deadlines are claimed, so instances sharing a
    /// database each fire their own share.
    pub async fn fire_due(&self) -> Result<FireReport, EngineError> {
        let mut report = FireReport::default();
        let mut tried = HashSet::new();
        loop {
            let now = self.clock().now();
            let mut due = self.store().claim_due(now, FIRE_BATCH, CLAIM_LEASE).await?;
            // Seed 004: requests waiting on a merchant whose refund handling is closed are
            // due at once (see `closure`).
            due.extend(
                self.store()
                    .closed_merchant_requests(None, FIRE_BATCH)
                    .await?,
            );
            let fresh: Vec<_> = due
                .into_iter()
                .filter(|d| tried.insert((d.ticket.clone(), d.kind, d.due_at)))
                .collect();
            if fresh.is_empty() {
                for run in self.evaluate_due().await? {
                    report.evaluations.push(run.day);
                }
                return Ok(report);
            }
            // Enqueued in due order, then awaited together: they share commits, and
            // deadlines due at the same instant fire in the same order however time moved.
            let mut fresh = fresh;
            tracing::debug!(due = fresh.len(), "firing deadlines");
            fresh.sort_by(|a, b| {
                (a.due_at, &a.merchant, &a.ticket).cmp(&(b.due_at, &b.merchant, &b.ticket))
            });
            let mut answers = Vec::with_capacity(fresh.len());
            for deadline in fresh {
                let submission = Submission::new(
                    Actor::System,
                    Command::Order {
                        order: deadline.order,
                        command: OrderCommand::Ticket {
                            ticket: deadline.ticket,
                            expected_version: None,
                            action: TicketAction::FireDeadline {
                                kind: deadline.kind,
                                due_at: deadline.due_at,
                            },
                        },
                    },
                );
                answers.push((deadline.kind, self.enqueue(submission).await?));
            }
            let mut round = FireReport::default();
            for (kind, answer) in answers {
                match answer.await {
                    Ok(_) => *round.fired.entry(kind).or_default() += 1,
                    Err(EngineError::Rejected(Rejection::DeadlineNotCurrent)) => round.stale += 1,
                    Err(error) => return Err(error),
                }
            }
            report.merge(round);
        }
    }

    /// Move a manual clock forward to `to`, firing every deadline and running every weekly
    /// evaluation on the way at its own time, in time order, as if the time had really
    /// passed: a deadline that firing creates fires too if it falls before `to`.
    ///
    /// All or nothing to the caller: if what is due at some instant cannot be processed, the
    /// clock stops a microsecond before that instant (never before where it started) and the
    /// answer says what is stuck; what was processed before it stays processed.
    pub async fn advance_to(
        &self,
        clock: &ManualClock,
        to: Timestamp,
    ) -> Result<FireReport, AdvanceError> {
        let start = self.clock().now();
        if to < start {
            return Err(AdvanceError::WentBack(ClockWentBack {
                now: start,
                requested: to,
            }));
        }
        let mut report = match self.fire_due().await {
            Ok(report) => report,
            Err(error) => {
                return Err(AdvanceError::Stuck {
                    at: start,
                    stopped_at: start,
                    what: error.to_string(),
                    report: FireReport::default(),
                });
            }
        };
        loop {
            let next = match self.next_due().await {
                Ok(next) => next,
                Err(error) => {
                    let now = self.clock().now();
                    return Err(AdvanceError::Stuck {
                        at: now,
                        stopped_at: now,
                        what: error.to_string(),
                        report,
                    });
                }
            };
            let Some(next) = next.filter(|next| *next <= to) else {
                break;
            };
            let before = self.clock().now();
            let step = next.max(before);
            clock.set(step).map_err(AdvanceError::WentBack)?;
            let what = match self.fire_due().await {
                Ok(round) => {
                    let progressed =
                        round.total() + round.stale + round.evaluations.len() as u64 > 0;
                    report.merge(round);
                    if progressed {
                        continue;
                    }
                    // A due deadline or evaluation that cannot run would loop forever.
                    what_is_due(self, step).await
                }
                Err(error) => error.to_string(),
            };
            let stopped_at = step
                .checked_sub(SignedDuration::from_micros(1))
                .unwrap_or(step)
                .max(start);
            clock.rewind(stopped_at);
            return Err(AdvanceError::Stuck {
                at: step,
                stopped_at,
                what,
                report,
            });
        }
        clock.set(to).map_err(AdvanceError::WentBack)?;
        Ok(report)
    }

    /// The next instant something is due: a deadline, or the next weekly evaluation.
    async fn next_due(&self) -> Result<Option<Timestamp>, EngineError> {
        let deadline = self.store().next_deadline().await?;
        let evaluation = self.next_evaluation().await?;
        Ok(match (deadline, evaluation) {
            (Some(d), Some(e)) => Some(d.min(e)),
            (d, e) => d.or(e),
        })
    }

    /// Fire deadlines in the background as they fall due: checks at least every `poll`, and
    /// sooner when the next deadline is closer. Stops when the handle is dropped or stopped.
    pub fn spawn_scheduler(&self, poll: Duration) -> SchedulerHandle {
        let (stop, mut stopped) = watch::channel(false);
        let engine = self.clone();
        let task = tokio::spawn(async move {
            loop {
                let round = tracing::debug_span!("scheduler_round");
                if let Err(error) = engine.fire_due().instrument(round).await {
                    tracing::error!(%error, "firing deadlines failed");
                }
                let wait = match engine.next_due().await {
                    Ok(Some(next)) => {
                        let until = next.duration_since(engine.clock().now());
                        Duration::try_from(until)
                            .unwrap_or(Duration::ZERO)
                            .min(poll)
                    }
                    _ => poll,
                };
                tokio::select! {
                    _ = tokio::time::sleep(wait.max(Duration::from_millis(10))) => {}
                    _ = stopped.wait_for(|s| *s) => return,
                }
            }
        });
        SchedulerHandle {
            stop,
            task: Some(task),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AdvanceError {
    #[error(transparent)]
    WentBack(ClockWentBack),
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// What was due at `at` could not be processed; the clock stopped at `stopped_at`.
    #[error(
        "what was due at {at} could not be processed ({what}); the clock stopped at {stopped_at}"
    )]
    Stuck {
        at: Timestamp,
        stopped_at: Timestamp,
        what: String,
        /// What the advance did before it stopped.
        report: FireReport,
    },
}

/// Names what was due at `at` and did not run, for an advance that could not go past it.
async fn what_is_due<S: Store>(engine: &Engine<S>, at: Timestamp) -> String {
    let deadline = engine.store().next_deadline().await.ok().flatten();
    let evaluation = engine.next_evaluation().await.ok().flatten();
    match (
        deadline.filter(|d| *d <= at),
        evaluation.filter(|e| *e <= at),
    ) {
        (Some(d), _) => format!("the deadline due at {d} did not fire"),
        (None, Some(e)) => format!("the weekly evaluation due at {e} did not run"),
        (None, None) => "nothing due there ran".to_owned(),
    }
}

impl From<redress_store::StoreError> for AdvanceError {
    fn from(error: redress_store::StoreError) -> Self {
        AdvanceError::Engine(error.into())
    }
}

/// The background scheduler; `stop` waits for its current round to finish.
#[derive(Debug)]
pub struct SchedulerHandle {
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl SchedulerHandle {
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for SchedulerHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
