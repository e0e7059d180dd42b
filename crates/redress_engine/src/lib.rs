//! The engine: the thin shell that turns requests into durable facts.
//!
//! load → decide → persist, in one writer task that batches whatever arrived together into a
//! single transaction (group commit), so that a thousand commands share one fsync.
//!
//! Architecture Invariant: the engine makes no business decision. Every rule lives in
//! `redress_domain`; the engine only supplies `now`, the policy and the aggregates a rule
//! needs, and stores what the domain decided.
//!
//! Architecture Invariant: time is read from the injected [`Clock`], once per command.

mod clock;
mod closure;
mod command;
pub mod delivery;
mod error;
mod evaluation;
mod metrics;
mod policy;
mod scheduler;
mod writer;

pub use clock::{Clock, ClockWentBack, ManualClock, SystemClock};
pub use command::{Command, Receipt, Submission};

pub use error::EngineError;
pub use evaluation::{EvaluationNotRun, EvaluationReport};
pub use metrics::{CreatorMetrics, MerchantMetrics};
pub use policy::PolicyPutOutcome;
pub use scheduler::{AdvanceError, FireReport, SchedulerHandle};

use jiff::tz::TimeZone;
use redress_domain::buyer::BuyerProfile;
use redress_domain::creator::Creator;
use redress_domain::evaluation::Measure;
use redress_domain::merchant::{Merchant, MerchantCommand};
use redress_domain::{BuyerId, CreatorId, EventName, MerchantId, Order, OrderId, Policy, TicketId};
use redress_store::{State, Store, StreamKey};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use tokio::sync::{mpsc, oneshot, watch};

/// How the writer batches.
#[derive(Clone, Debug)]
pub struct EngineConfig {
    /// Most commands in one transaction.
    pub batch_max: usize,
    /// `false` commits every command on its own: only for measuring what group commit buys.
    pub group_commit: bool,
    /// Commands waiting for the writer before submitters are made to wait (back-pressure).
    pub queue_max: usize,
    /// Order streams the writer keeps decided state for, per generation (at most twice this
    /// in memory): the bound on the engine's memory under load (see `writer::cache`).
    pub cache_orders_max: usize,
    /// Merchant, buyer, creator and policy streams kept, per generation.
    pub cache_parties_max: usize,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            // A transaction ends in an fsync (synchronous=FULL): at scale the batch limit,
            // not the queue, sets how many commands share one. Batches of 4,096 made the
            // one-million-order day no faster (docs/BENCHMARKS.md, the simulator at scale).
            batch_max: 2048,
            group_commit: true,
            queue_max: 16_384,
            cache_orders_max: writer::cache::ORDERS_MAX_DEFAULT,
            cache_parties_max: writer::cache::PARTIES_MAX_DEFAULT,
        }
    }
}

/// A handle to a running engine. Cheap to clone; all clones feed one writer.
#[derive(Debug)]
pub struct Engine<S: Store> {
    shared: Arc<Shared<S>>,
    jobs: mpsc::Sender<writer::Job>,
}

impl<S: Store> Clone for Engine<S> {
    fn clone(&self) -> Self {
        Engine {
            shared: self.shared.clone(),
            jobs: self.jobs.clone(),
        }
    }
}

#[derive(Debug)]
struct Shared<S> {
    store: S,
    clock: Arc<dyn Clock>,
    policy: RwLock<InForce>,
    /// Set when a write conflicted, perhaps because another instance put a new policy
    /// version: the writer reloads the stored version before deciding again.
    policy_stale: AtomicBool,
    /// The policy's time zone, which puts each commit's metrics on calendar days.
    zone: RwLock<TimeZone>,
    platform_sums: metrics::PlatformSums,
    /// Set to ask the writer to stop taking commands once those already queued are done.
    stop: watch::Sender<bool>,
    /// Set when the writer task has ended, and how: after committing its last batch, or not.
    finished: watch::Receiver<Option<WriterExit>>,
    stats: Stats,
}

/// The policy commands are decided under, and its stored version (0: not stored).
#[derive(Clone, Debug)]
struct InForce {
    policy: Arc<Policy>,
    version: u64,
}

/// How the writer task ended. Once it has, every command is answered `stopped`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriterExit {
    /// It was asked to stop and committed everything it was given ([`Engine::shutdown`]).
    Finished,
    /// It stopped on its own (a panic), with the reason.
    Failed(String),
}

/// The policy's time zone. `redress_policy` accepts only zones it can find, so a policy that
/// names another was built by hand, and that is a bug of its builder.
fn zone_of(policy: &Policy) -> TimeZone {
    TimeZone::get(&policy.time_zone).unwrap_or_else(|e| {
        panic!(
            "the policy's time zone {:?} is unknown ({e}); policies are checked by redress_policy",
            policy.time_zone
        )
    })
}

/// Counters of the writer's work, for benchmarks and monitoring.
#[derive(Debug, Default)]
pub struct Stats {
    /// Transactions committed.
    pub batches: AtomicU64,
    /// Commands whose events were committed.
    pub commands: AtomicU64,
}

impl Stats {
    /// Commands per committed transaction so far.
    pub fn mean_batch(&self) -> f64 {
        let batches = self.batches.load(Ordering::Relaxed);
        if batches == 0 {
            0.0
        } else {
            self.commands.load(Ordering::Relaxed) as f64 / batches as f64
        }
    }
}

impl<S: Store> Engine<S> {
    /// Start the writer task. Must be called inside a Tokio runtime.
    pub fn start(store: S, clock: Arc<dyn Clock>, policy: Policy, config: EngineConfig) -> Self {
        let (stop, stop_requested) = watch::channel(false);
        let (finish, finished) = watch::channel(None);
        let shared = Arc::new(Shared {
            store,
            clock,
            zone: RwLock::new(zone_of(&policy)),
            platform_sums: Default::default(),
            policy: RwLock::new(InForce {
                policy: Arc::new(policy),
                version: 0,
            }),
            policy_stale: AtomicBool::new(false),
            stop,
            finished,
            stats: Stats::default(),
        });
        let (jobs, receiver) = mpsc::channel(config.queue_max);
        let writer_shared = shared.clone();
        let writer = tokio::spawn(writer::run(writer_shared, receiver, stop_requested, config));
        // Watched from outside the writer, so that a panic in it is seen too: a server whose
        // writer is gone must stop calling itself ready rather than hang.
        tokio::spawn(async move {
            let exit = match writer.await {
                Ok(()) => WriterExit::Finished,
                Err(error) if error.is_panic() => {
                    let payload = error.into_panic();
                    let reason = payload
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_owned())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "a panic without a message".to_owned());
                    WriterExit::Failed(format!("the writer panicked: {reason}"))
                }
                Err(error) => WriterExit::Failed(format!("the writer was cancelled: {error}")),
            };
            let _ = finish.send(Some(exit));
        });
        Engine { shared, jobs }
    }

    /// Decide and durably record one command. Returns only after the commit.
    pub async fn execute(&self, submission: Submission) -> Result<Receipt, EngineError> {
        let (merchant, settles_claims) = match &submission.command {
            Command::Merchant { merchant, command } => (
                Some(merchant.clone()),
                matches!(command, MerchantCommand::Penalise { penalty }
                    if penalty.measures.contains(&Measure::PlatformSettlesReturnShipping)),
            ),
            _ => (None, false),
        };
        let receipt = self.enqueue(submission).await?.await?;
        if receipt.events.contains(&EventName::RefundHandlingClosed)
            || (settles_claims && receipt.events.contains(&EventName::Penalised))
        {
            // Seed 004: the requests waiting on that merchant are approved now, after a
            // closure, and after a penalty the return-shipping claims if it carries the
            // measure "platform settles return-shipping claims" (issue 18). The closure or
            // penalty stands whatever becomes of this; what it leaves, the scheduler's rounds
            // finish. Only that merchant's are looked for: every other merchant's were
            // looked for at its own closure or penalty and are swept by the rounds, and
            // looking through all of them at each of a weekly evaluation's penalties made
            // the evaluation quadratic in the merchants it closes. A penalty with neither
            // measure (a warning, a fine) makes nothing due, so nothing is looked for.
            if let Err(error) = self.approve_closed_requests(merchant.as_ref()).await {
                tracing::error!(%error, "approving requests after a closure failed");
            }
        }
        Ok(receipt)
    }

    /// Hand a command to the writer now and return the wait for its answer: commands
    /// enqueued one after the other are decided in that order.
    pub(crate) async fn enqueue(
        &self,
        submission: Submission,
    ) -> Result<impl Future<Output = Result<Receipt, EngineError>> + use<S>, EngineError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(writer::Job {
                submission,
                reply,
                attempts: 0,
            })
            .await
            .map_err(|_| EngineError::Stopped)?;
        Ok(async move { answer.await.map_err(|_| EngineError::Stopped)? })
    }

    pub fn store(&self) -> &S {
        &self.shared.store
    }

    pub fn stats(&self) -> &Stats {
        &self.shared.stats
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.shared.clock
    }

    pub fn policy(&self) -> Arc<Policy> {
        self.policy_in_force().0
    }

    /// The stored version of the policy in force; 0 when it is not stored (SPEC defaults
    /// on an empty database, or a policy given with [`Engine::set_policy`]).
    pub fn policy_version(&self) -> u64 {
        self.policy_in_force().1
    }

    /// The policy in force with its stored version, read together.
    pub fn policy_in_force(&self) -> (Arc<Policy>, u64) {
        self.shared.in_force()
    }

    /// The policy's time zone: the platform's calendar.
    pub fn zone(&self) -> TimeZone {
        self.shared.zone.read().expect("zone lock poisoned").clone()
    }

    /// Put a policy in force in this process only, without storing it (version 0): for
    /// runs on a scratch database, such as scenario files and the simulator. A server
    /// stores its policy with [`Engine::put_policy`]; once a version is stored, a decision
    /// made under an unstored policy conflicts and is decided again under the stored one.
    ///
    /// The metrics' calendar days follow the policy's time zone; changing the zone of a
    /// database that already holds days would split them, so keep it fixed once in use.
    pub fn set_policy(&self, policy: Policy) {
        self.shared.adopt(policy, 0);
    }

    /// The order with its tickets, as committed.
    pub async fn order(&self, order: &OrderId) -> Result<Option<Order>, EngineError> {
        let Some(merchant) = self.shared.store.locate_order(order).await? else {
            return Ok(None);
        };
        let key = StreamKey::Order {
            merchant,
            order: order.clone(),
        };
        Ok(match self.shared.store.load(&key).await? {
            Some(State::Order(order)) => Some(order),
            _ => None,
        })
    }

    /// The order a ticket belongs to.
    pub async fn order_of_ticket(&self, ticket: &TicketId) -> Result<Option<Order>, EngineError> {
        let Some((_, order)) = self.shared.store.locate_ticket(ticket).await? else {
            return Ok(None);
        };
        self.order(&order).await
    }

    pub async fn merchant(&self, merchant: &MerchantId) -> Result<Option<Merchant>, EngineError> {
        Ok(
            match self
                .shared
                .store
                .load(&StreamKey::Merchant(merchant.clone()))
                .await?
            {
                Some(State::Merchant(m)) => Some(m),
                _ => None,
            },
        )
    }

    pub async fn buyer(&self, buyer: &BuyerId) -> Result<Option<BuyerProfile>, EngineError> {
        Ok(
            match self
                .shared
                .store
                .load(&StreamKey::Buyer(buyer.clone()))
                .await?
            {
                Some(State::Buyer(b)) => Some(b),
                _ => None,
            },
        )
    }

    /// A showcase creator's penalties (seed 001), or `None` for a creator never penalised.
    pub async fn creator(&self, creator: &CreatorId) -> Result<Option<Creator>, EngineError> {
        Ok(
            match self
                .shared
                .store
                .load(&StreamKey::Creator(creator.clone()))
                .await?
            {
                Some(State::Creator(c)) => Some(c),
                _ => None,
            },
        )
    }

    /// Stop accepting commands and wait until everything already submitted is committed
    /// (graceful shutdown). Later `execute` calls on any clone answer `Stopped`.
    pub async fn shutdown(&self) {
        let _ = self.shared.stop.send(true);
        self.writer_stopped().await;
    }

    /// Whether the writer task is still running: commands can be executed.
    pub fn writer_alive(&self) -> bool {
        self.shared.finished.borrow().is_none()
    }

    /// Resolves when the writer task has ended, saying how.
    pub async fn writer_stopped(&self) -> WriterExit {
        let mut finished = self.shared.finished.clone();
        let exit = match finished.wait_for(Option::is_some).await {
            Ok(exit) => exit.clone(),
            // The watcher itself is gone: only a runtime shutting down does that.
            Err(_) => None,
        };
        exit.unwrap_or_else(|| WriterExit::Failed("the writer's watcher ended".to_owned()))
    }
}
