//! Reading ahead: before a group of waiting commands is decided, the orders they address
//! that neither the batch nor the cache holds are read in one go (`Store::load_orders`), not
//! two reads per command one after the other on the writer's path (issue 21: a round of
//! deadlines falling due on orders at rest).

use super::cache::Cache;
use super::{Batch, Job};
use crate::Shared;
use crate::command::Command;
use redress_domain::{OrderCommand, OrderId};
use redress_store::{Store, StreamKey};
use std::collections::HashSet;
use tokio::sync::mpsc;

/// Move commands already waiting in the channel into `jobs`, up to `max` in all.
pub(super) fn take_waiting(receiver: &mut mpsc::Receiver<Job>, jobs: &mut Vec<Job>, max: usize) {
    while jobs.len() < max {
        match receiver.try_recv() {
            Ok(job) => jobs.push(job),
            Err(_) => break,
        }
    }
}

impl Batch {
    /// Decide commands into this batch in order, first reading in one go the orders they
    /// address that neither the batch nor the cache holds: a round of deadlines falling due,
    /// or a burst of commands on orders at rest, would otherwise read two rows per command,
    /// one command after the other, on the writer's path.
    pub(super) async fn add_all<S: Store>(
        &mut self,
        shared: &Shared<S>,
        cache: &mut Cache,
        jobs: Vec<Job>,
    ) {
        self.prefetch(shared, cache, &jobs).await;
        for job in jobs {
            self.add(shared, cache, job).await;
        }
    }

    /// Put into the cache the orders these commands address that are not there yet. Only a
    /// read ahead of the one `state` would make: what it reads is decided on exactly as a
    /// state read then would be (a refusal resting on it is decided again from the store),
    /// and a failure here leaves each command to read, and fail, on its own.
    async fn prefetch<S: Store>(&self, shared: &Shared<S>, cache: &mut Cache, jobs: &[Job]) {
        let mut wanted: Vec<OrderId> = Vec::new();
        let mut asked: HashSet<&OrderId> = HashSet::new();
        for job in jobs {
            let Command::Order { order, command } = &job.submission.command else {
                continue;
            };
            if matches!(command, OrderCommand::Place(_)) || !asked.insert(order) {
                continue;
            }
            let merchant = cache
                .merchant_of(order)
                .or_else(|| self.staged_merchant(order).cloned());
            let held = merchant.is_some_and(|merchant| {
                let key = StreamKey::Order {
                    merchant,
                    order: order.clone(),
                };
                self.holds(cache, &key)
            });
            if !held {
                wanted.push(order.clone());
            }
        }
        if wanted.len() < 2 {
            return;
        }
        if let Ok(found) = shared.store.load_orders(&wanted).await {
            for (merchant, order, state) in found {
                cache.remember(StreamKey::Order { merchant, order }, state);
            }
        }
    }
}
