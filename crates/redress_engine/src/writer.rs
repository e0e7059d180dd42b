//! The single writer: batches commands (group commit), decides them against cached state,
//! and commits each batch in one transaction, deciding the next batch while one commits.
//!
//! A batch sees its own effects: two commands on one order in the same batch are decided one
//! after the other against the staged state, and their events go into one write.

pub(crate) mod cache;
mod prefetch;

use crate::command::{Command, Receipt, Submission};
use crate::error::EngineError;
use crate::{EngineConfig, Shared};
use cache::Cache;
use jiff::tz::TimeZone;
use prefetch::take_waiting;
use redress_domain::buyer::{self, BuyerProfile};
use redress_domain::creator;
use redress_domain::merchant::{self, Merchant};
use redress_domain::metrics;
use redress_domain::{
    Context, EventName, MerchantId, OrderCommand, OrderId, Policy, Rejection, TicketId, Timestamp,
};
use redress_store::codec::command::{CommandTarget, command_fingerprint, is_legacy_fingerprint};
use redress_store::{
    Events, IdempotencyRecord, Read, State, Store, StreamKey, Write, WriteOutcome,
};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use tokio::sync::{Notify, mpsc, oneshot, watch};
use tracing::Instrument;

/// A command that keeps losing races is given up after this many tries.
const ATTEMPTS_MAX: u8 = 3;
/// Longest idempotency key accepted.
const IDEMPOTENCY_KEY_CHARS_MAX: usize = 255;

pub(crate) struct Job {
    pub submission: Submission,
    pub reply: oneshot::Sender<Result<Receipt, EngineError>>,
    pub attempts: u8,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("submission", &self.submission)
            .finish()
    }
}

pub(crate) async fn run<S: Store>(
    shared: Arc<Shared<S>>,
    mut receiver: mpsc::Receiver<Job>,
    mut stop: watch::Receiver<bool>,
    config: EngineConfig,
) {
    let mut cache = Cache::new(config.cache_orders_max, config.cache_parties_max);
    let mut retries: VecDeque<Job> = VecDeque::new();
    // Commands of a batch whose commit failed, in groups each committed on its own: a group
    // that fails again is halved, until the command that fails the commit is alone.
    let mut isolating: VecDeque<Vec<Job>> = VecDeque::new();
    let mut committing: Option<Batch> = None;
    let batch_max = if config.group_commit {
        config.batch_max.max(1)
    } else {
        1
    };
    loop {
        if *stop.borrow() {
            // Take nothing new; what is already queued is still committed.
            receiver.close();
        }
        let Some(current) = committing.take() else {
            let group = isolating.pop_front();
            let alone = group.is_some();
            let mut jobs: Vec<Job> = group.unwrap_or_else(|| retries.drain(..).collect());
            if jobs.is_empty() {
                let first = tokio::select! {
                    biased;
                    job = receiver.recv() => job,
                    _ = stop.changed() => continue,
                };
                match first {
                    Some(job) => jobs.push(job),
                    None => return,
                }
            }
            // Asked once work has arrived, so nothing committed elsewhere while this writer
            // was idle goes unnoticed.
            forget_if_written_elsewhere(&shared, &mut cache).await;
            let mut batch = Batch::new(None);
            batch.alone = alone;
            if !alone {
                take_waiting(&mut receiver, &mut jobs, batch_max);
            }
            batch.add_all(&shared, &mut cache, jobs).await;
            retries.extend(batch.deferred.drain(..));
            if batch.writes.is_empty() {
                // Nothing staged and nothing committing: these answers rest on durable state.
                batch.answer();
            } else {
                committing = Some(batch);
            }
            continue;
        };
        // Commit this batch while the next one is decided against its staged states. Every
        // answer of the next batch waits until this one is durable: decided on state that
        // might still fail to commit, it is only right once that state is real.
        let overlay = Arc::new(current.overlay());
        let (writes, current) = current.take_writes();
        let mut next = Batch::new(Some(overlay));
        let committed = Notify::new();
        let batch_span = tracing::debug_span!("batch", size = writes.len());
        let commit = async {
            let outcomes = shared.store.commit(writes).await;
            committed.notify_one();
            outcomes
        }
        .instrument(batch_span);
        // While a failed batch is being taken apart, its groups commit one at a time and
        // nothing else is decided on top of them.
        let pipelined = isolating.is_empty() && !current.alone;
        let collect = async {
            if !pipelined {
                committed.notified().await;
                return;
            }
            let waiting: Vec<Job> = retries.drain(..).collect();
            next.add_all(&shared, &mut cache, waiting).await;
            while next.len() < batch_max {
                tokio::select! {
                    biased;
                    _ = committed.notified() => return,
                    job = receiver.recv() => match job {
                        Some(job) => {
                            let mut jobs = vec![job];
                            take_waiting(&mut receiver, &mut jobs, batch_max - next.len());
                            next.add_all(&shared, &mut cache, jobs).await;
                        }
                        None => break,
                    },
                }
            }
            committed.notified().await;
        };
        let (outcomes, ()) = tokio::join!(commit, collect);
        if pipelined && next.len() < batch_max {
            let mut jobs = Vec::new();
            take_waiting(&mut receiver, &mut jobs, batch_max - next.len());
            next.add_all(&shared, &mut cache, jobs).await;
        }
        retries.extend(next.deferred.drain(..));
        let all_committed = finish(
            &shared,
            &mut cache,
            current,
            outcomes,
            &mut retries,
            &mut isolating,
        );
        // The next batch was decided on cached state; if another process wrote meanwhile,
        // that state may be stale: decide it again from the store.
        let stale = forget_if_written_elsewhere(&shared, &mut cache).await;
        if all_committed && !stale {
            if next.writes.is_empty() {
                next.answer();
            } else {
                committing = Some(next);
            }
        } else {
            retries.extend(next.into_jobs());
        }
    }
}

/// What became of a command in `Batch::add`, for its span.
fn outcome_name(prepared: &Result<Prepared, EngineError>) -> &'static str {
    match prepared {
        Ok(Prepared::Staged { .. }) => "staged",
        Ok(Prepared::Replayed(_)) => "replayed",
        Ok(Prepared::Deferred) => "deferred",
        Err(error) => error.code(),
    }
}

/// Drop the cache if another process committed to the database since the last look;
/// returns whether it did. A failure to ask is treated as a yes: a cold cache is only slower.
async fn forget_if_written_elsewhere<S: Store>(shared: &Shared<S>, cache: &mut Cache) -> bool {
    let stale = shared.store.written_elsewhere().await.unwrap_or(true);
    if stale {
        cache.clear();
    }
    stale
}

/// What a command is decided under: the policy in force, its stored version and its time
/// zone.
struct Rules<'a> {
    policy: &'a Policy,
    policy_version: u64,
    zone: &'a TimeZone,
}

/// A decided command waiting for its batch to commit.
struct Pending {
    job: Job,
    write: usize,
    receipt: Receipt,
}

/// Answer a committed batch; returns whether every write committed. Jobs that lost a race
/// to another writer go back to `retries`.
///
/// A commit that failed stored nothing. One command can make a whole transaction fail (a
/// value the database refuses), and it must not fail the others it was batched with: the
/// batch's commands go to `isolating` in two halves, each committed on its own, and so on
/// down to the one command that fails alone, which alone is told the error.
fn finish<S: Store>(
    shared: &Shared<S>,
    cache: &mut Cache,
    batch: Committing,
    outcomes: Result<Vec<WriteOutcome>, redress_store::StoreError>,
    retries: &mut VecDeque<Job>,
    isolating: &mut VecDeque<Vec<Job>>,
) -> bool {
    let outcomes = match outcomes {
        Ok(outcomes) => outcomes,
        Err(error) => {
            for (key, _) in &batch.streams {
                cache.remove(key);
            }
            retries.extend(batch.answered.into_iter().map(|(job, _)| job));
            if batch.pending.len() > 1 {
                let mut first: Vec<Job> = batch.pending.into_iter().map(|p| p.job).collect();
                let second = first.split_off(first.len() / 2);
                isolating.push_front(second);
                isolating.push_front(first);
            } else {
                let error = EngineError::from(error);
                for p in batch.pending {
                    let _ = p.job.reply.send(Err(error.clone()));
                }
            }
            return false;
        }
    };
    let all_committed = outcomes
        .iter()
        .all(|o| matches!(o, WriteOutcome::Committed { .. }));
    if all_committed {
        for (job, answer) in batch.answered {
            let _ = job.reply.send(answer);
        }
    } else {
        retries.extend(batch.answered.into_iter().map(|(job, _)| job));
    }
    for (((key, state), reads), outcome) in
        batch.streams.into_iter().zip(batch.reads).zip(&outcomes)
    {
        match outcome {
            WriteOutcome::Committed { .. } => cache.remember(key, Some(state)),
            WriteOutcome::Conflict { .. } => {
                // The stream or one it was decided on moved: both are reloaded on retry.
                cache.remove(&key);
                for read in reads {
                    if read.stream == StreamKey::Policy {
                        shared.policy_stale.store(true, Ordering::Release);
                    } else {
                        cache.remove(&read.stream);
                    }
                }
            }
        }
    }
    shared.stats.batches.fetch_add(1, Ordering::Relaxed);
    let committed = batch
        .pending
        .iter()
        .filter(|p| matches!(outcomes[p.write], WriteOutcome::Committed { .. }));
    shared
        .stats
        .commands
        .fetch_add(committed.count() as u64, Ordering::Relaxed);
    for p in batch.pending {
        match &outcomes[p.write] {
            WriteOutcome::Committed { .. } => {
                let _ = p.job.reply.send(Ok(p.receipt));
            }
            WriteOutcome::Conflict { .. } if p.job.attempts + 1 < ATTEMPTS_MAX => {
                retries.push_back(Job {
                    attempts: p.job.attempts + 1,
                    ..p.job
                });
            }
            WriteOutcome::Conflict { .. } => {
                let _ = p.job.reply.send(Err(EngineError::Conflict {
                    stream: p.receipt.stream,
                }));
            }
        }
    }
    all_committed
}

/// What a batch being committed lets the next batch see before it is durable.
#[derive(Default)]
struct Overlay {
    states: HashMap<StreamKey, State>,
    /// The merchant of each order among `states`.
    orders: HashMap<OrderId, MerchantId>,
    keys: HashMap<(String, String), (String, Receipt)>,
}

/// A batch whose writes went to the store: what is needed to answer it.
struct Committing {
    streams: Vec<(StreamKey, State)>,
    /// What each write was decided on, beside `streams`.
    reads: Vec<Vec<Read>>,
    pending: Vec<Pending>,
    /// Refusals and replays decided alongside: they may rest on this batch's staged state
    /// (a replay of a key first used in it, a refusal because of a command before it), so
    /// they are told only once the batch is durable, and decided again if it is not.
    answered: Vec<(Job, Result<Receipt, EngineError>)>,
    /// A group of a failed batch, committed on its own.
    alone: bool,
}

enum Prepared {
    Replayed(Receipt),
    Staged {
        write: usize,
        receipt: Receipt,
    },
    /// The command reads a stream this batch writes: it waits for the next batch, where that
    /// write is committing and can be seen.
    Deferred,
}

struct Batch {
    writes: Vec<Write>,
    /// Index of each stream's write in `writes`.
    staged: HashMap<StreamKey, usize>,
    /// The merchant of each order staged in `writes` (the first, should two merchants' orders
    /// share an id), so that finding an order's merchant does not pass over the batch.
    staged_orders: HashMap<OrderId, MerchantId>,
    /// Idempotency keys used in this batch, with their fingerprint and receipt.
    keys: HashMap<(String, String), (String, Receipt)>,
    /// The batch being committed while this one is decided, if any.
    previous: Option<Arc<Overlay>>,
    /// Commands whose events are staged in `writes`.
    pending: Vec<Pending>,
    /// Commands already answered (refused, or replayed from their key), not yet told.
    answered: Vec<(Job, Result<Receipt, EngineError>)>,
    /// Commands put off to the next batch.
    deferred: Vec<Job>,
    /// Streams the command being decided took from the cache.
    cache_hits: Vec<StreamKey>,
    /// A group of a failed batch, decided and committed without other commands.
    alone: bool,
}

impl Batch {
    fn new(previous: Option<Arc<Overlay>>) -> Self {
        Batch {
            writes: Vec::new(),
            staged: HashMap::new(),
            staged_orders: HashMap::new(),
            keys: HashMap::new(),
            previous,
            pending: Vec::new(),
            answered: Vec::new(),
            deferred: Vec::new(),
            cache_hits: Vec::new(),
            alone: false,
        }
    }

    fn len(&self) -> usize {
        self.pending.len() + self.answered.len()
    }

    /// Decide one command into this batch.
    async fn add<S: Store>(&mut self, shared: &Shared<S>, cache: &mut Cache, job: Job) {
        // Each command is decided at the time it is taken up: a batch collected while the
        // previous one commits may span a clock move.
        let now = shared.clock.now();
        shared.reload_policy_if_stale().await;
        let (policy, policy_version) = shared.in_force();
        let zone = shared.zone.read().expect("zone lock poisoned").clone();
        let rules = Rules {
            policy: &policy,
            policy_version,
            zone: &zone,
        };
        self.cache_hits.clear();
        // The stream is known once `prepare` has found it; it records it on this span.
        let span = tracing::debug_span!(
            "command",
            kind = job.submission.command.kind(),
            stream = tracing::field::Empty
        );
        let mut prepared = self
            .prepare(shared, cache, &job.submission, job.attempts, now, &rules)
            .instrument(span.clone())
            .await;
        if matches!(prepared, Err(EngineError::Rejected(_))) && !self.cache_hits.is_empty() {
            // A refusal is final and writes nothing that a version check could catch, so it
            // must not rest on a cached copy another instance may have changed since: decide
            // again from the store.
            for key in self.cache_hits.drain(..) {
                cache.remove(&key);
            }
            prepared = self
                .prepare(shared, cache, &job.submission, job.attempts, now, &rules)
                .instrument(span.clone())
                .await;
        }
        tracing::debug!(parent: &span, outcome = outcome_name(&prepared), "decided");
        match prepared {
            Ok(Prepared::Staged { write, receipt }) => self.pending.push(Pending {
                job,
                write,
                receipt,
            }),
            Ok(Prepared::Replayed(receipt)) => self.answered.push((job, Ok(receipt))),
            Ok(Prepared::Deferred) => self.deferred.push(job),
            Err(error) => self.answered.push((job, Err(error))),
        }
    }

    /// Tell the commands that needed no commit.
    fn answer(&mut self) {
        for (job, answer) in self.answered.drain(..) {
            let _ = job.reply.send(answer);
        }
    }

    /// What the next batch may see of this one while it commits.
    fn overlay(&self) -> Overlay {
        Overlay {
            states: self
                .writes
                .iter()
                .map(|w| (w.stream.clone(), w.state.clone()))
                .collect(),
            orders: self.staged_orders.clone(),
            keys: self.keys.clone(),
        }
    }

    fn take_writes(self) -> (Vec<Write>, Committing) {
        let streams = self
            .writes
            .iter()
            .map(|w| (w.stream.clone(), w.state.clone()))
            .collect();
        let reads = self.writes.iter().map(|w| w.reads.clone()).collect();
        debug_assert!(self.deferred.is_empty(), "deferred jobs were requeued");
        (
            self.writes,
            Committing {
                streams,
                reads,
                pending: self.pending,
                answered: self.answered,
                alone: self.alone,
            },
        )
    }

    /// Every command of a batch that must be decided again.
    fn into_jobs(self) -> Vec<Job> {
        self.pending
            .into_iter()
            .map(|p| p.job)
            .chain(self.answered.into_iter().map(|(job, _)| job))
            .collect()
    }

    async fn prepare<S: Store>(
        &mut self,
        shared: &Shared<S>,
        cache: &mut Cache,
        submission: &Submission,
        attempts: u8,
        now: Timestamp,
        rules: &Rules<'_>,
    ) -> Result<Prepared, EngineError> {
        let policy = rules.policy;
        let key = self.stream_of(shared, cache, &submission.command).await?;
        let span = tracing::Span::current();
        if !span.is_disabled() {
            span.record("stream", key.name().as_str());
        }
        let scoped_key = match &submission.idempotency_key {
            Some(k) if k.is_empty() || k.chars().count() > IDEMPOTENCY_KEY_CHARS_MAX => {
                return Err(EngineError::IdempotencyKeyInvalid);
            }
            // Keys belong to whoever sent them: two callers may pick the same key.
            Some(k) => Some(format!(
                "{}|{k}",
                redress_store::codec::encode_actor(&submission.actor)
            )),
            None => None,
        };
        // Only a command sent with a key is ever compared with another.
        let fingerprint = scoped_key.as_ref().map(|_| fingerprint(submission));
        if let (Some(idempotency_key), Some(fingerprint)) = (&scoped_key, &fingerprint)
            && let Some(receipt) = self
                .earlier_answer(
                    shared,
                    key.merchant_key(),
                    idempotency_key,
                    fingerprint,
                    || legacy_fingerprint(submission),
                )
                .await?
        {
            return Ok(Prepared::Replayed(receipt));
        }
        let placing = matches!(
            &submission.command,
            Command::Order {
                command: OrderCommand::Place(_),
                ..
            }
        );
        let seen = self.holds(cache, &key);
        // Ids are the platform's and name one thing across merchants and orders. The store
        // keys rows by merchant and turns away, at commit, a write that claims an id held
        // elsewhere; the first try therefore skips the look-up (a read per new order or
        // ticket, almost always for nothing), and the retry after such a conflict looks, so
        // that the caller is told why.
        let holder_elsewhere = match (&submission.command, &key) {
            _ if attempts == 0 => None,
            (
                Command::Order {
                    order,
                    command: OrderCommand::Place(_),
                },
                StreamKey::Order { merchant, .. },
            ) if !seen => self
                .order_holder(shared, order)
                .await?
                .is_some_and(|m| &m != merchant)
                .then_some(Rejection::OrderExists),
            (
                Command::Order {
                    order,
                    command: OrderCommand::OpenTicket(new),
                },
                _,
            ) => self
                .ticket_holder(shared, &new.id)
                .await?
                .is_some_and(|o| &o != order)
                .then_some(Rejection::TicketExists),
            _ => None,
        };
        if let Some(rejection) = holder_elsewhere {
            return Err(rejection.into());
        }
        let state = if placing && attempts == 0 && !seen {
            // A new order's stream is empty: skip the read. If it is not (the id is taken),
            // the commit's version check says so and the retry reads it.
            None
        } else {
            self.state(shared, cache, &key).await?
        };
        let base_version = state.as_ref().map_or(0, State::version);
        let mut reads = Vec::new();
        let events = match (&submission.command, &key) {
            (Command::Order { command, .. }, StreamKey::Order { merchant, .. }) => {
                let order = match &state {
                    Some(State::Order(order)) => Some(order),
                    _ => None,
                };
                let buyer_id = match command {
                    OrderCommand::Place(new) => Some(new.buyer.clone()),
                    _ => order.map(|o| o.buyer.clone()),
                };
                let merchant_key = StreamKey::Merchant(merchant.clone());
                let buyer_key = buyer_id.map(StreamKey::Buyer);
                let read_keys = std::iter::once(&merchant_key).chain(&buyer_key);
                if read_keys.clone().any(|k| self.staged.contains_key(k)) {
                    return Ok(Prepared::Deferred);
                }
                let merchant_state = self.state(shared, cache, &merchant_key).await?;
                let buyer_state = match &buyer_key {
                    Some(b) => self.state(shared, cache, b).await?,
                    None => None,
                };
                for (stream, state) in read_keys.zip([&merchant_state, &buyer_state]) {
                    reads.push(Read {
                        stream: stream.clone(),
                        version: state.as_ref().map_or(0, State::version),
                    });
                }
                // The policy is read too: a decision under a version another instance has
                // replaced conflicts at commit, and is decided again under the new one.
                reads.push(Read {
                    stream: StreamKey::Policy,
                    version: rules.policy_version,
                });
                let ctx = Context {
                    now,
                    policy,
                    merchant: as_merchant(&merchant_state),
                    buyer: as_buyer(&buyer_state),
                    policy_version: rules.policy_version,
                };
                Events::Order(redress_domain::decide(
                    order,
                    command,
                    &submission.actor,
                    &ctx,
                )?)
            }
            (Command::Merchant { merchant, command }, _) => {
                let m = as_merchant(&state);
                let mut events = merchant::decide(
                    merchant,
                    m,
                    command,
                    &submission.actor,
                    now,
                    metrics::day::day_of(now, rules.zone),
                )?;
                // An operator's termination records the policy version in force, like the
                // penalties of an evaluation.
                for event in &mut events {
                    if let merchant::MerchantChange::Penalised(penalty) = &mut event.change {
                        penalty.policy_version = rules.policy_version;
                    }
                }
                Events::Merchant(events)
            }
            (Command::Buyer { command, .. }, _) => {
                let b = as_buyer(&state);
                Events::Buyer(buyer::decide(b, command, &submission.actor, now)?)
            }
            (Command::Creator { creator, command }, _) => {
                let c = match &state {
                    Some(State::Creator(c)) => Some(c),
                    _ => None,
                };
                Events::Creator(creator::decide(
                    creator,
                    c,
                    command,
                    &submission.actor,
                    now,
                )?)
            }
            (Command::Order { .. }, _) => unreachable!("order commands address order streams"),
        };
        let before = match &state {
            Some(State::Order(order)) => metrics::contributions(order, rules.zone),
            _ => BTreeMap::new(),
        };
        let new_state = redress_store::stream::fold(&key, state, &events)
            .expect("a stream with new events has a state");
        let days = match &new_state {
            State::Order(after) => {
                metrics::day::difference(before, metrics::contributions(after, rules.zone))
            }
            State::Merchant(_) | State::Buyer(_) | State::Creator(_) | State::Policy(_) => {
                BTreeMap::new()
            }
        };
        // An order's creator is set when it is placed: its days move with the order's.
        let creator = match &new_state {
            State::Order(after) => after.creator.clone(),
            _ => None,
        };
        let receipt = Receipt {
            stream: key.name(),
            version: new_state.version(),
            ticket_version: addressed_ticket_version(&submission.command, &new_state),
            events: event_names(&events),
            replayed: false,
        };
        let idempotency = scoped_key
            .zip(fingerprint)
            .map(|(key, fingerprint)| IdempotencyRecord {
                key,
                fingerprint,
                receipt: serde_json::to_string(&receipt).expect("receipts serialise"),
            });
        if let Some(record) = &idempotency {
            self.keys.insert(
                (key.merchant_key().to_owned(), record.key.clone()),
                (record.fingerprint.clone(), receipt.clone()),
            );
        }
        let write = match self.staged.get(&key) {
            Some(&index) => {
                let existing = &mut self.writes[index];
                append(&mut existing.events, events);
                existing.state = new_state;
                existing.idempotency.extend(idempotency);
                for read in reads {
                    if !existing.reads.contains(&read) {
                        existing.reads.push(read);
                    }
                }
                for (day, change) in days {
                    existing.days.entry(day).or_default().add(&change);
                }
                existing.days.retain(|_, figures| !figures.is_zero());
                index
            }
            None => {
                self.writes.push(Write {
                    expected_version: base_version,
                    stream: key.clone(),
                    events,
                    state: new_state,
                    idempotency: idempotency.into_iter().collect(),
                    reads,
                    days,
                    creator,
                });
                if let StreamKey::Order { merchant, order } = &key {
                    self.staged_orders
                        .entry(order.clone())
                        .or_insert_with(|| merchant.clone());
                }
                self.staged.insert(key, self.writes.len() - 1);
                self.writes.len() - 1
            }
        };
        Ok(Prepared::Staged { write, receipt })
    }

    /// The merchant whose order has this id, in this batch, the one committing, or the store.
    async fn order_holder<S: Store>(
        &self,
        shared: &Shared<S>,
        order: &OrderId,
    ) -> Result<Option<MerchantId>, EngineError> {
        match self.staged_merchant(order) {
            Some(merchant) => Ok(Some(merchant.clone())),
            None => Ok(shared.store.locate_order(order).await?),
        }
    }

    /// The merchant of an order staged in this batch or in the one committing.
    fn staged_merchant(&self, order: &OrderId) -> Option<&MerchantId> {
        self.staged_orders
            .get(order)
            .or_else(|| self.previous.as_ref().and_then(|p| p.orders.get(order)))
    }

    /// Whether the stream's state is at hand without a read: staged in this batch or the one
    /// committing, or cached.
    fn holds(&self, cache: &Cache, key: &StreamKey) -> bool {
        self.staged.contains_key(key)
            || self
                .previous
                .as_ref()
                .is_some_and(|p| p.states.contains_key(key))
            || cache.contains(key)
    }

    /// The order that holds a ticket with this id, wherever it is.
    async fn ticket_holder<S: Store>(
        &self,
        shared: &Shared<S>,
        ticket: &TicketId,
    ) -> Result<Option<OrderId>, EngineError> {
        let staged = self
            .writes
            .iter()
            .map(|w| &w.state)
            .chain(self.previous.iter().flat_map(|p| p.states.values()));
        for state in staged {
            if let State::Order(order) = state
                && order.tickets.contains_key(ticket)
            {
                return Ok(Some(order.id.clone()));
            }
        }
        Ok(shared
            .store
            .locate_ticket(ticket)
            .await?
            .map(|(_, order)| order))
    }

    /// The stream a command addresses. Orders are found by id; the merchant is part of the
    /// stream key because every row is keyed by merchant.
    async fn stream_of<S: Store>(
        &self,
        shared: &Shared<S>,
        cache: &mut Cache,
        command: &Command,
    ) -> Result<StreamKey, EngineError> {
        Ok(match command {
            Command::Order {
                order,
                command: OrderCommand::Place(new),
            } => StreamKey::Order {
                merchant: new.merchant.clone(),
                order: order.clone(),
            },
            Command::Order { order, .. } => {
                let merchant = match cache.merchant_of(order) {
                    Some(m) => m,
                    None => self
                        .order_holder(shared, order)
                        .await?
                        .ok_or(Rejection::OrderUnknown)?,
                };
                StreamKey::Order {
                    merchant,
                    order: order.clone(),
                }
            }
            Command::Merchant { merchant, .. } => StreamKey::Merchant(merchant.clone()),
            Command::Buyer { buyer, .. } => StreamKey::Buyer(buyer.clone()),
            Command::Creator { creator, .. } => StreamKey::Creator(creator.clone()),
        })
    }

    /// The staged state if this batch already touched the stream, else cached or loaded.
    async fn state<S: Store>(
        &mut self,
        shared: &Shared<S>,
        cache: &mut Cache,
        key: &StreamKey,
    ) -> Result<Option<State>, EngineError> {
        if let Some(&index) = self.staged.get(key) {
            return Ok(Some(self.writes[index].state.clone()));
        }
        if let Some(state) = self.previous.as_ref().and_then(|p| p.states.get(key)) {
            return Ok(Some(state.clone()));
        }
        if let Some(state) = cache.get(key) {
            self.cache_hits.push(key.clone());
            return Ok(state);
        }
        let state = shared.store.load(key).await?;
        cache.remember(key.clone(), state.clone());
        Ok(state)
    }

    async fn earlier_answer<S: Store>(
        &self,
        shared: &Shared<S>,
        merchant: &str,
        key: &str,
        fingerprint: &str,
        legacy: impl FnOnce() -> String,
    ) -> Result<Option<Receipt>, EngineError> {
        // Show the caller the key it sent, not the actor-scoped form it is stored under.
        let sent = key.split_once('|').map_or(key, |(_, sent)| sent);
        let reused = || EngineError::IdempotencyKeyReused {
            key: sent.to_owned(),
        };
        let id = (merchant.to_owned(), key.to_owned());
        let earlier_in_flight = self
            .keys
            .get(&id)
            .or_else(|| self.previous.as_ref().and_then(|p| p.keys.get(&id)));
        if let Some((earlier, receipt)) = earlier_in_flight {
            return if earlier == fingerprint {
                Ok(Some(Receipt {
                    replayed: true,
                    ..receipt.clone()
                }))
            } else {
                Err(reused())
            };
        }
        match shared.store.idempotency(merchant, key).await? {
            None => Ok(None),
            Some(record)
                if record.fingerprint == fingerprint
                    || (is_legacy_fingerprint(&record.fingerprint)
                        && record.fingerprint == legacy()) =>
            {
                let receipt: Receipt = serde_json::from_str(&record.receipt).map_err(|e| {
                    EngineError::from(redress_store::StoreError::Invalid(format!(
                        "stored receipt for key {key:?}: {e}"
                    )))
                })?;
                Ok(Some(Receipt {
                    replayed: true,
                    ..receipt
                }))
            }
            Some(_) => Err(reused()),
        }
    }
}

/// The version of the ticket a command addressed, in the stream's state after it.
fn addressed_ticket_version(command: &Command, state: &State) -> Option<u64> {
    let ticket = match command {
        Command::Order {
            command: OrderCommand::OpenTicket(new),
            ..
        } => &new.id,
        Command::Order {
            command: OrderCommand::Ticket { ticket, .. },
            ..
        } => ticket,
        _ => return None,
    };
    match state {
        State::Order(order) => order.tickets.get(ticket).map(|t| t.version),
        State::Merchant(_) | State::Buyer(_) | State::Creator(_) | State::Policy(_) => None,
    }
}

fn append(into: &mut Events, more: Events) {
    match (into, more) {
        (Events::Order(a), Events::Order(b)) => a.extend(b),
        (Events::Merchant(a), Events::Merchant(b)) => a.extend(b),
        (Events::Buyer(a), Events::Buyer(b)) => a.extend(b),
        (Events::Creator(a), Events::Creator(b)) => a.extend(b),
        (Events::Policy(a), Events::Policy(b)) => a.extend(b),
        _ => unreachable!("one stream holds one aggregate's events"),
    }
}

fn event_names(events: &Events) -> Vec<EventName> {
    match events {
        Events::Order(list) => list.iter().map(|e| e.change.event_name()).collect(),
        Events::Merchant(list) => list.iter().map(|e| e.change.event_name()).collect(),
        Events::Buyer(list) => list.iter().map(|e| e.change.event_name()).collect(),
        Events::Creator(list) => list.iter().map(|e| e.change.event_name()).collect(),
        Events::Policy(list) => list.iter().map(|e| e.change.event_name()).collect(),
    }
}

fn as_merchant(state: &Option<State>) -> Option<&Merchant> {
    match state {
        Some(State::Merchant(m)) => Some(m),
        _ => None,
    }
}

fn as_buyer(state: &Option<State>) -> Option<&BuyerProfile> {
    match state {
        Some(State::Buyer(b)) => Some(b),
        _ => None,
    }
}

/// A digest of who asked for what, over the store's stable encoding of commands, so that a
/// retry spanning an upgrade is still recognised.
fn fingerprint(submission: &Submission) -> String {
    let target = match &submission.command {
        Command::Order { order, command } => CommandTarget::Order { order, command },
        Command::Merchant { merchant, command } => CommandTarget::Merchant { merchant, command },
        Command::Buyer { buyer, command } => CommandTarget::Buyer { buyer, command },
        Command::Creator { creator, command } => CommandTarget::Creator { creator, command },
    };
    command_fingerprint(&submission.actor, target)
}

/// The fingerprint releases before the stable encoding stored: a digest of `Debug`. A key
/// first used under such a release is still honoured when its fingerprint is recomputed
/// the old way and matches (always, if this build's `Debug` output is unchanged); if a
/// refactor changed `Debug` since, that one retry is refused as a reused key.
fn legacy_fingerprint(submission: &Submission) -> String {
    let digest = Sha256::digest(format!("{:?}|{:?}", submission.actor, submission.command));
    hex::encode(digest)
}
