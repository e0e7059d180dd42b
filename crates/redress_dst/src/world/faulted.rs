//! A command submitted under its step's fault: a failed, slow or crashed commit, and the
//! retry with the same idempotency key that follows.

use super::World;
use crate::check::Failure;
use crate::plan::Fault;
use redress_engine::{Receipt, Submission};

impl World {
    /// Submit a command under its fault: the answer the caller finally got, and the receipt
    /// of an attempt whose answer was lost with the process.
    pub(super) async fn submit(
        &mut self,
        index: usize,
        engine: usize,
        fault: Option<Fault>,
        submission: &Submission,
    ) -> Result<(Result<Receipt, String>, Option<Receipt>), Failure> {
        let answer =
            |r: Result<Receipt, redress_engine::EngineError>| r.map_err(|e| e.code().to_owned());
        match fault {
            None => Ok((
                answer(self.engines[engine].execute(submission.clone()).await),
                None,
            )),
            Some(Fault::SlowCommit(yields)) => {
                self.stats.faults += 1;
                self.faults.slow_next_commit(u32::from(yields));
                let r = self.engines[engine].execute(submission.clone()).await;
                self.faults.clear();
                Ok((answer(r), None))
            }
            Some(Fault::FailCommit) => {
                self.stats.faults += 1;
                let commits = self.faults.commits();
                self.faults.fail_next_commit();
                let first = self.engines[engine].execute(submission.clone()).await;
                self.faults.clear();
                if let Ok(receipt) = &first
                    && !receipt.replayed
                    && self.faults.commits() == commits
                {
                    return Err(Failure::new(
                        "acknowledged_is_durable",
                        format!(
                            "step {index}: the commit failed, yet the command was answered {receipt:?}"
                        ),
                    ));
                }
                // Nothing of the failed attempt may be in the log: the checker compares the
                // log with the answer after the retry.
                let retry = self.engines[engine].execute(submission.clone()).await;
                Ok((answer(retry), None))
            }
            Some(Fault::CrashAfterCommit) => {
                self.stats.faults += 1;
                let first = self.engines[engine].execute(submission.clone()).await;
                // The answer is lost with the process; the store keeps what was committed.
                self.restart(engine)
                    .await
                    .map_err(|e| Failure::new("setup", e))?;
                let retry = self.engines[engine].execute(submission.clone()).await;
                if let (Ok(before), Ok(after)) = (&first, &retry)
                    && !before.replayed
                    && (!after.replayed
                        || (
                            &before.stream,
                            before.version,
                            &before.ticket_version,
                            &before.events,
                        ) != (
                            &after.stream,
                            after.version,
                            &after.ticket_version,
                            &after.events,
                        ))
                {
                    return Err(Failure::new(
                        "idempotent_after_crash",
                        format!(
                            "step {index}: committed as {before:?}, but the retry after a restart answered {after:?}"
                        ),
                    ));
                }
                let lost = first.ok().filter(|r| !r.replayed);
                Ok((answer(retry), lost))
            }
        }
    }
}
