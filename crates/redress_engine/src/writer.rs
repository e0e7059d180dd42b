//! The single writer: batches commands (group commit), decides them against cached state,
//! and commits each batch in one transaction, deciding the next batch while one commits.
//!
//! A batch sees its own effects: two commands on one order in the same batch are decided one
//! after the other against the staged state, and their events go into one write.

use crate::command::{Command, Receipt, Submission};
use crate::error::EngineError;
use crate::{EngineConfig, Shared};
use redress_domain::buyer::{self, BuyerProfile};
use redress_domain::merchant::{self, Merchant};
use redress_domain::{Context, MerchantId, OrderCommand, OrderId, Policy, Timestamp};
use redress_store::{Events, IdempotencyRecord, State, Store, StreamKey, Write, WriteOutcome};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use tokio::sync::{Notify, mpsc, oneshot, watch};

/// Streams whose state the writer keeps in memory; past this the cache starts over.
const CACHE_STREAMS_MAX: usize = 200_000;
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

/// Aggregates as last committed by this writer. Another process writing the same database
/// makes an entry stale; the store's version check catches that and the entry is dropped.
#[derive(Default)]
struct Cache {
    states: HashMap<StreamKey, Option<State>>,
    order_merchants: HashMap<OrderId, MerchantId>,
}

impl Cache {
    fn remember(&mut self, key: StreamKey, state: Option<State>) {
        if self.states.len() >= CACHE_STREAMS_MAX {
            self.states.clear();
        }
        if let StreamKey::Order { merchant, order } = &key {
            if self.order_merchants.len() >= CACHE_STREAMS_MAX {
                self.order_merchants.clear();
            }
            self.order_merchants.insert(order.clone(), merchant.clone());
        }
        self.states.insert(key, state);
    }
}

pub(crate) async fn run<S: Store>(
    shared: Arc<Shared<S>>,
    mut receiver: mpsc::Receiver<Job>,
    mut stop: watch::Receiver<bool>,
    config: EngineConfig,
) {
    let mut cache = Cache::default();
    let mut retries: VecDeque<Job> = VecDeque::new();
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
            let mut batch = Batch::new(None);
            while let Some(job) = retries.pop_front() {
                batch.add(&shared, &mut cache, job).await;
            }
            if batch.is_empty() {
                let first = tokio::select! {
                    biased;
                    job = receiver.recv() => job,
                    _ = stop.changed() => continue,
                };
                match first {
                    Some(job) => batch.add(&shared, &mut cache, job).await,
                    None => return,
                }
            }
            while batch.len() < batch_max {
                match receiver.try_recv() {
                    Ok(job) => batch.add(&shared, &mut cache, job).await,
                    Err(_) => break,
                }
            }
            // Nothing is being committed, so refusals and replays can be answered now.
            batch.answer();
            committing = (!batch.writes.is_empty()).then_some(batch);
            continue;
        };
        // Commit this batch while the next one is decided against its staged states. Every
        // answer of the next batch waits until this one is durable: decided on state that
        // might still fail to commit, it is only right once that state is real.
        let overlay = Arc::new(current.overlay());
        let (writes, current) = current.take_writes();
        let mut next = Batch::new(Some(overlay));
        let committed = Notify::new();
        let commit = async {
            let outcomes = shared.store.commit(writes).await;
            committed.notify_one();
            outcomes
        };
        let collect = async {
            while let Some(job) = retries.pop_front() {
                next.add(&shared, &mut cache, job).await;
            }
            while next.len() < batch_max {
                tokio::select! {
                    biased;
                    _ = committed.notified() => return,
                    job = receiver.recv() => match job {
                        Some(job) => next.add(&shared, &mut cache, job).await,
                        None => break,
                    },
                }
            }
            committed.notified().await;
        };
        let (outcomes, ()) = tokio::join!(commit, collect);
        while next.len() < batch_max {
            match receiver.try_recv() {
                Ok(job) => next.add(&shared, &mut cache, job).await,
                Err(_) => break,
            }
        }
        let all_committed = finish(&shared, &mut cache, current, outcomes, &mut retries);
        if all_committed {
            next.answer();
            committing = (!next.writes.is_empty()).then_some(next);
        } else {
            retries.extend(next.into_jobs());
        }
    }
}

/// A decided command waiting for its batch to commit.
struct Pending {
    job: Job,
    write: usize,
    receipt: Receipt,
}

/// Answer a committed batch; returns whether every write committed. Jobs that lost a race
/// to another writer go back to `retries`.
fn finish<S: Store>(
    shared: &Shared<S>,
    cache: &mut Cache,
    batch: Committing,
    outcomes: Result<Vec<WriteOutcome>, redress_store::StoreError>,
    retries: &mut VecDeque<Job>,
) -> bool {
    let outcomes = match outcomes {
        Ok(outcomes) => outcomes,
        Err(error) => {
            let error = EngineError::from(error);
            for (key, _) in &batch.streams {
                cache.states.remove(key);
            }
            for p in batch.pending {
                let _ = p.job.reply.send(Err(error.clone()));
            }
            return false;
        }
    };
    let mut all_committed = true;
    for ((key, state), outcome) in batch.streams.into_iter().zip(&outcomes) {
        match outcome {
            WriteOutcome::Committed { .. } => cache.remember(key, Some(state)),
            WriteOutcome::Conflict { .. } => {
                all_committed = false;
                cache.states.remove(&key);
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
    orders: HashMap<OrderId, MerchantId>,
    keys: HashMap<(String, String), (String, Receipt)>,
}

/// A batch whose writes went to the store: what is needed to answer it.
struct Committing {
    streams: Vec<(StreamKey, State)>,
    pending: Vec<Pending>,
}

enum Prepared {
    Replayed(Receipt),
    Staged { write: usize, receipt: Receipt },
}

struct Batch {
    writes: Vec<Write>,
    /// Index of each stream's write in `writes`.
    staged: HashMap<StreamKey, usize>,
    /// Idempotency keys used in this batch, with their fingerprint and receipt.
    keys: HashMap<(String, String), (String, Receipt)>,
    /// The batch being committed while this one is decided, if any.
    previous: Option<Arc<Overlay>>,
    /// Commands whose events are staged in `writes`.
    pending: Vec<Pending>,
    /// Commands already answered (refused, or replayed from their key), not yet told.
    answered: Vec<(Job, Result<Receipt, EngineError>)>,
}

impl Batch {
    fn new(previous: Option<Arc<Overlay>>) -> Self {
        Batch {
            writes: Vec::new(),
            staged: HashMap::new(),
            keys: HashMap::new(),
            previous,
            pending: Vec::new(),
            answered: Vec::new(),
        }
    }

    fn len(&self) -> usize {
        self.pending.len() + self.answered.len()
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Decide one command into this batch.
    async fn add<S: Store>(&mut self, shared: &Shared<S>, cache: &mut Cache, job: Job) {
        // Each command is decided at the time it is taken up: a batch collected while the
        // previous one commits may span a clock move.
        let now = shared.clock.now();
        let policy = shared.policy.read().expect("policy lock poisoned").clone();
        match self
            .prepare(shared, cache, &job.submission, job.attempts, now, &policy)
            .await
        {
            Ok(Prepared::Staged { write, receipt }) => self.pending.push(Pending {
                job,
                write,
                receipt,
            }),
            Ok(Prepared::Replayed(receipt)) => self.answered.push((job, Ok(receipt))),
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
        let mut overlay = Overlay {
            keys: self.keys.clone(),
            ..Overlay::default()
        };
        for write in &self.writes {
            if let StreamKey::Order { merchant, order } = &write.stream {
                overlay.orders.insert(order.clone(), merchant.clone());
            }
            overlay
                .states
                .insert(write.stream.clone(), write.state.clone());
        }
        overlay
    }

    fn take_writes(self) -> (Vec<Write>, Committing) {
        let streams = self
            .writes
            .iter()
            .map(|w| (w.stream.clone(), w.state.clone()))
            .collect();
        debug_assert!(self.answered.is_empty(), "answers go out before the commit");
        (
            self.writes,
            Committing {
                streams,
                pending: self.pending,
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
        policy: &Policy,
    ) -> Result<Prepared, EngineError> {
        let key = self.stream_of(shared, cache, &submission.command).await?;
        let fingerprint = fingerprint(submission);
        if let Some(idempotency_key) = &submission.idempotency_key {
            if idempotency_key.is_empty()
                || idempotency_key.chars().count() > IDEMPOTENCY_KEY_CHARS_MAX
            {
                return Err(EngineError::IdempotencyKeyInvalid);
            }
            if let Some(receipt) = self
                .earlier_answer(shared, key.merchant_key(), idempotency_key, &fingerprint)
                .await?
            {
                return Ok(Prepared::Replayed(receipt));
            }
        }
        let placing = matches!(
            &submission.command,
            Command::Order {
                command: OrderCommand::Place(_),
                ..
            }
        );
        let seen = self.staged.contains_key(&key)
            || self
                .previous
                .as_ref()
                .is_some_and(|p| p.states.contains_key(&key))
            || cache.states.contains_key(&key);
        let state = if placing && attempts == 0 && !seen {
            // A new order's stream is almost always empty: skip the read. If it was not, the
            // version check fails the write and the retry reads it and refuses precisely.
            None
        } else {
            self.state(shared, cache, &key).await?
        };
        let base_version = state.as_ref().map_or(0, State::version);
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
                let merchant_state = self
                    .state(shared, cache, &StreamKey::Merchant(merchant.clone()))
                    .await?;
                let buyer_state = match buyer_id {
                    Some(b) => self.state(shared, cache, &StreamKey::Buyer(b)).await?,
                    None => None,
                };
                let ctx = Context {
                    now,
                    policy,
                    merchant: as_merchant(&merchant_state),
                    buyer: as_buyer(&buyer_state),
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
                Events::Merchant(merchant::decide(
                    merchant,
                    m,
                    command,
                    &submission.actor,
                    now,
                )?)
            }
            (Command::Buyer { command, .. }, _) => {
                let b = as_buyer(&state);
                Events::Buyer(buyer::decide(b, command, &submission.actor, now)?)
            }
            (Command::Order { .. }, _) => unreachable!("order commands address order streams"),
        };
        let new_state = redress_store::stream::fold(&key, state, &events)
            .expect("a stream with new events has a state");
        let receipt = Receipt {
            stream: key.name(),
            version: new_state.version(),
            events: event_kinds(&events),
            replayed: false,
        };
        let idempotency = submission
            .idempotency_key
            .as_ref()
            .map(|k| IdempotencyRecord {
                key: k.clone(),
                fingerprint: fingerprint.clone(),
                receipt: serde_json::to_string(&receipt).expect("receipts serialise"),
            });
        if let Some(record) = &idempotency {
            self.keys.insert(
                (key.merchant_key().to_owned(), record.key.clone()),
                (fingerprint, receipt.clone()),
            );
        }
        let write = match self.staged.get(&key) {
            Some(&index) => {
                let existing = &mut self.writes[index];
                append(&mut existing.events, events);
                existing.state = new_state;
                existing.idempotency.extend(idempotency);
                index
            }
            None => {
                self.writes.push(Write {
                    expected_version: base_version,
                    stream: key.clone(),
                    events,
                    state: new_state,
                    idempotency: idempotency.into_iter().collect(),
                });
                self.staged.insert(key, self.writes.len() - 1);
                self.writes.len() - 1
            }
        };
        Ok(Prepared::Staged { write, receipt })
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
                let staged = self.previous.as_ref().and_then(|p| p.orders.get(order));
                let merchant = match staged.or_else(|| cache.order_merchants.get(order)) {
                    Some(m) => m.clone(),
                    None => shared
                        .store
                        .locate_order(order)
                        .await?
                        .ok_or(redress_domain::Rejection::OrderUnknown)?,
                };
                StreamKey::Order {
                    merchant,
                    order: order.clone(),
                }
            }
            Command::Merchant { merchant, .. } => StreamKey::Merchant(merchant.clone()),
            Command::Buyer { buyer, .. } => StreamKey::Buyer(buyer.clone()),
        })
    }

    /// The staged state if this batch already touched the stream, else cached or loaded.
    async fn state<S: Store>(
        &self,
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
        if let Some(state) = cache.states.get(key) {
            return Ok(state.clone());
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
    ) -> Result<Option<Receipt>, EngineError> {
        let reused = || EngineError::IdempotencyKeyReused {
            key: key.to_owned(),
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
            Some(record) if record.fingerprint == fingerprint => {
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

fn append(into: &mut Events, more: Events) {
    match (into, more) {
        (Events::Order(a), Events::Order(b)) => a.extend(b),
        (Events::Merchant(a), Events::Merchant(b)) => a.extend(b),
        (Events::Buyer(a), Events::Buyer(b)) => a.extend(b),
        _ => unreachable!("one stream holds one aggregate's events"),
    }
}

fn event_kinds(events: &Events) -> Vec<String> {
    match events {
        Events::Order(list) => list.iter().map(|e| e.change.name().to_owned()).collect(),
        Events::Merchant(list) => list.iter().map(|e| e.change.name().to_owned()).collect(),
        Events::Buyer(list) => list.iter().map(|e| e.change.name().to_owned()).collect(),
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

/// A digest of who asked for what. `Debug` of the domain command is exhaustive and
/// deterministic within a build; keys live for hours, not across upgrades.
fn fingerprint(submission: &Submission) -> String {
    let digest = Sha256::digest(format!("{:?}|{:?}", submission.actor, submission.command));
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
