//! The steps that run more than one thing at once: a race of two commands, and the webhook
//! delivery rounds.

use super::{Resolved, World};
use crate::check::{Checker, Failure};
use crate::plan::Op;
use redress_engine::{Receipt, Submission};

/// One side of a race: what was sent, and whether its sender was outside the order's scope.
pub(crate) struct Racer {
    pub submission: Submission,
    pub foreign: bool,
    pub answer: Result<Receipt, String>,
}

/// Whether two guided moves address the same stream at the same version, so that at most
/// one of them can be accepted: two placements of one order, two openings of one ticket,
/// or two moves of one ticket that both send `If-Match` with its current version.
fn exclusive(a: &Op, b: &Op) -> bool {
    match (a, b) {
        (Op::Place { order: x, .. }, Op::Place { order: y, .. }) => x == y,
        (
            Op::Open {
                order: x,
                ticket: s,
                ..
            },
            Op::Open {
                order: y,
                ticket: t,
                ..
            },
        ) => x == y && s == t,
        (
            Op::Ticket {
                order: x,
                ticket: s,
                version_lag: Some(0),
                ..
            },
            Op::Ticket {
                order: y,
                ticket: t,
                version_lag: Some(0),
                ..
            },
        ) => x == y && s == t,
        _ => false,
    }
}

/// A guided move sent with `If-Match` of the ticket's current version, when it is a ticket
/// move: so that two of them race on one version.
fn pinned(op: Op) -> Op {
    match op {
        Op::Ticket {
            order,
            ticket,
            who,
            act,
            ..
        } => Op::Ticket {
            order,
            ticket,
            who,
            version_lag: Some(0),
            act,
        },
        other => other,
    }
}

impl World {
    /// Two guided moves chosen from one state, submitted at once: to two instances when the
    /// world has two, else both to one instance (whose writer may put them in one batch).
    pub(super) async fn race(
        &mut self,
        index: usize,
        engine: usize,
        order: u64,
        picks: [u64; 2],
        checker: &mut Checker,
        heavy: bool,
    ) -> Result<(), Failure> {
        let setup = |e: String| Failure::new("setup", e);
        let stored = self.stored_order(order).await;
        let now = self.now();
        let ops = picks.map(|pick| pinned(crate::guide::choose(order, stored.as_ref(), now, pick)));
        let mut racers = Vec::new();
        for op in &ops {
            if !matches!(
                op,
                Op::Place { .. } | Op::Parcel { .. } | Op::Open { .. } | Op::Ticket { .. }
            ) {
                break;
            }
            match self.resolve(op).await.map_err(setup)? {
                Resolved::Command {
                    submission,
                    foreign_actor,
                } => racers.push((*submission, foreign_actor)),
                Resolved::Edge(_) => break,
            }
        }
        let [first, second] = &ops;
        let [(a, a_foreign), (b, b_foreign)] = match <[_; 2]>::try_from(racers) {
            Ok(both) => both,
            Err(_) => {
                // Not two commands (a wait, or a move refused at the edge): no race; the
                // first move is taken alone.
                let step = crate::plan::Step {
                    op: first.clone(),
                    engine: u8::try_from(engine).unwrap_or(0),
                    key: None,
                    fault: None,
                };
                return Box::pin(self.step(index, &step, checker, heavy)).await;
            }
        };
        let other = (engine + 1) % self.engines.len();
        let answer =
            |r: Result<Receipt, redress_engine::EngineError>| r.map_err(|e| e.code().to_owned());
        let (ra, rb) = tokio::join!(
            self.engines[engine].execute(a.clone()),
            self.engines[other].execute(b.clone())
        );
        let racers = [
            Racer {
                submission: a,
                foreign: a_foreign,
                answer: answer(ra),
            },
            Racer {
                submission: b,
                foreign: b_foreign,
                answer: answer(rb),
            },
        ];
        let exclusive = exclusive(first, second);
        self.stats.races += 1;
        self.stats.exclusive_races += u64::from(exclusive);
        for (racer, op) in racers.iter().zip(&ops) {
            self.stats.count(crate::stats::kind_of(op), &racer.answer);
        }
        let shown: Vec<String> = racers
            .iter()
            .map(|r| match &r.answer {
                Ok(receipt) => format!(
                    "ok {} v{} {:?}",
                    receipt.stream, receipt.version, receipt.events
                ),
                Err(code) => format!("err {code}"),
            })
            .collect();
        self.trace.push(format!(
            "{index}: race e{engine} {:?} {:?} / e{other} {:?} {:?} (exclusive {exclusive}) => {}",
            racers[0].submission.actor,
            racers[0].submission.command,
            racers[1].submission.actor,
            racers[1].submission.command,
            shown.join(" / ")
        ));
        checker.after_race(&racers, exclusive, heavy).await
    }

    /// A delivery round at the clock's time, then the webhook checks.
    pub(super) async fn deliver(
        &mut self,
        index: usize,
        checker: &mut Checker,
        heavy: bool,
    ) -> Result<(), Failure> {
        let now = self.now();
        let attempts = self
            .receivers
            .deliver(&self.store, now)
            .await
            .map_err(|e| Failure::new("store_answers", format!("a delivery round failed: {e}")))?;
        self.fanned = checker.last_position().await?;
        self.trace
            .push(format!("{index}: deliver at {now} => {attempts} attempts"));
        if heavy {
            self.check_webhooks(checker, false).await?;
        }
        Ok(())
    }

    pub(super) async fn check_webhooks(
        &self,
        checker: &Checker,
        settled: bool,
    ) -> Result<(), Failure> {
        let events = checker.log().await?;
        crate::receivers::check(&self.store, &self.receivers, &events, self.fanned, settled).await
    }

    /// Let delivery settle after the last step, and check that every message reached its
    /// receivers, exactly the messages of the log.
    pub(super) async fn settle(&mut self, checker: &mut Checker) -> Result<(), Failure> {
        let now = self.now();
        self.receivers.settle(&self.store, now).await?;
        self.fanned = checker.last_position().await?;
        self.check_webhooks(checker, true).await
    }
}
