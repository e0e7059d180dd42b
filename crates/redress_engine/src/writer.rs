//! The single writer: batches commands (group commit), decides them against cached state,
//! and commits each batch in one transaction.
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
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use tokio::sync::{mpsc, oneshot, watch};

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
    let mut retries: Vec<Job> = Vec::new();
    let batch_max = if config.group_commit {
        config.batch_max.max(1)
    } else {
        1
    };
    loop {
        let mut jobs = std::mem::take(&mut retries);
        if jobs.is_empty() {
            let first = if *stop.borrow() {
                receiver.close();
                receiver.recv().await
            } else {
                tokio::select! {
                    biased;
                    job = receiver.recv() => job,
                    _ = stop.changed() => {
                        // Take nothing new; what is already queued is still committed.
                        receiver.close();
                        receiver.recv().await
                    }
                }
            };
            match first {
                Some(job) => jobs.push(job),
                None => return,
            }
        }
        while jobs.len() < batch_max {
            match receiver.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        retries = process_batch(&shared, &mut cache, jobs).await;
    }
}

/// A decided command waiting for its batch to commit.
struct Pending {
    job: Job,
    write: usize,
    receipt: Receipt,
}

/// Decide and commit one batch; returns the jobs that lost a race and should be tried again.
async fn process_batch<S: Store>(
    shared: &Shared<S>,
    cache: &mut Cache,
    jobs: Vec<Job>,
) -> Vec<Job> {
    let now = shared.clock.now();
    let policy = shared.policy.read().expect("policy lock poisoned").clone();
    let mut batch = Batch {
        writes: Vec::new(),
        staged: HashMap::new(),
        keys: HashMap::new(),
    };
    let mut pending = Vec::new();
    for job in jobs {
        match batch
            .prepare(shared, cache, &job.submission, job.attempts, now, &policy)
            .await
        {
            Ok(Prepared::Replayed(receipt)) => {
                let _ = job.reply.send(Ok(receipt));
            }
            Ok(Prepared::Staged { write, receipt }) => pending.push(Pending {
                job,
                write,
                receipt,
            }),
            Err(error) => {
                let _ = job.reply.send(Err(error));
            }
        }
    }
    if batch.writes.is_empty() {
        return Vec::new();
    }
    let streams: Vec<(StreamKey, State)> = batch
        .writes
        .iter()
        .map(|w| (w.stream.clone(), w.state.clone()))
        .collect();
    let outcomes = match shared.store.commit(batch.writes).await {
        Ok(outcomes) => outcomes,
        Err(error) => {
            let error = EngineError::from(error);
            for (key, _) in &streams {
                cache.states.remove(key);
            }
            for p in pending {
                let _ = p.job.reply.send(Err(error.clone()));
            }
            return Vec::new();
        }
    };
    for ((key, state), outcome) in streams.iter().zip(&outcomes) {
        match outcome {
            WriteOutcome::Committed { .. } => cache.remember(key.clone(), Some(state.clone())),
            WriteOutcome::Conflict { .. } => {
                cache.states.remove(key);
            }
        }
    }
    shared.stats.batches.fetch_add(1, Ordering::Relaxed);
    let committed = pending
        .iter()
        .filter(|p| matches!(outcomes[p.write], WriteOutcome::Committed { .. }));
    shared
        .stats
        .commands
        .fetch_add(committed.count() as u64, Ordering::Relaxed);
    let mut retries = Vec::new();
    for p in pending {
        match &outcomes[p.write] {
            WriteOutcome::Committed { .. } => {
                let _ = p.job.reply.send(Ok(p.receipt));
            }
            WriteOutcome::Conflict { .. } if p.job.attempts + 1 < ATTEMPTS_MAX => {
                retries.push(Job {
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
    retries
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
}

impl Batch {
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
        let state = if placing
            && attempts == 0
            && !self.staged.contains_key(&key)
            && !cache.states.contains_key(&key)
        {
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
                let merchant = match cache.order_merchants.get(order) {
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
        if let Some((earlier, receipt)) = self.keys.get(&(merchant.to_owned(), key.to_owned())) {
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
