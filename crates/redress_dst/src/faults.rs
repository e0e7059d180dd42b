//! The store with faults: delegates every call to the real store and, when the world asks,
//! fails or delays the next commit. The store itself is not touched.

use redress_domain::metrics::DayFigures;
use redress_domain::{Date, MerchantId, OrderId, SignedDuration, TicketId, Timestamp};
use redress_store::days::{CreatorDay, MerchantDay};
use redress_store::{
    AnyStore, DueDeadline, EvaluationRun, IdempotencyRecord, ReplayReport, State, Store,
    StoreError, StreamKey, Write, WriteOutcome,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

/// The switches a world sets before a step. Shared by every engine instance of the world.
#[derive(Debug, Default)]
pub struct Faults {
    /// Commits still to fail, from the next one on.
    fail_next: AtomicU32,
    /// Times the next commit yields to the runtime before it goes to the database.
    slow_next: AtomicU32,
    /// Commits that went through to the database.
    commits: AtomicU64,
    /// The deliberate bug of [`crate::Injected::RefundLosesDays`].
    refund_loses_days: AtomicBool,
}

impl Faults {
    pub fn fail_next_commit(&self) {
        self.fail_next.store(1, Ordering::SeqCst);
    }

    pub fn slow_next_commit(&self, yields: u32) {
        self.slow_next.store(yields, Ordering::SeqCst);
    }

    /// Clear what a step set and did not use (its command never reached a commit).
    pub fn clear(&self) {
        self.fail_next.store(0, Ordering::SeqCst);
        self.slow_next.store(0, Ordering::SeqCst);
    }

    /// Put in a deliberate bug (tests of the checks and of `--shrink`).
    pub fn inject(&self, bug: Option<crate::Injected>) {
        self.refund_loses_days.store(
            bug == Some(crate::Injected::RefundLosesDays),
            Ordering::SeqCst,
        );
    }

    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::SeqCst)
    }
}

/// The real store of one engine instance, behind the world's fault switches.
#[derive(Clone, Debug)]
pub struct FaultStore {
    inner: AnyStore,
    faults: Arc<Faults>,
}

impl FaultStore {
    pub fn new(inner: AnyStore, faults: Arc<Faults>) -> Self {
        FaultStore { inner, faults }
    }

    pub fn inner(&self) -> &AnyStore {
        &self.inner
    }
}

impl Store for FaultStore {
    async fn load(&self, stream: &StreamKey) -> Result<Option<State>, StoreError> {
        self.inner.load(stream).await
    }

    async fn commit(&self, mut batch: Vec<Write>) -> Result<Vec<WriteOutcome>, StoreError> {
        if self.faults.refund_loses_days.load(Ordering::SeqCst) {
            for write in &mut batch {
                if let State::Order(order) = &write.state
                    && order
                        .tickets
                        .values()
                        .any(|t| matches!(t.state, redress_domain::TicketState::Refunded { .. }))
                {
                    write.days.clear();
                }
            }
        }
        let yields = self.faults.slow_next.swap(0, Ordering::SeqCst);
        for _ in 0..yields {
            // A hang that ends: every other task (a second instance's writer) may run meanwhile.
            tokio::task::yield_now().await;
        }
        let fail = self
            .faults
            .fail_next
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        if fail {
            return Err(StoreError::Invalid(
                "injected commit failure (dst)".to_owned(),
            ));
        }
        self.faults.commits.fetch_add(1, Ordering::SeqCst);
        self.inner.commit(batch).await
    }

    async fn idempotency(
        &self,
        merchant: &str,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, StoreError> {
        self.inner.idempotency(merchant, key).await
    }

    async fn load_orders(
        &self,
        orders: &[OrderId],
    ) -> Result<Vec<(MerchantId, OrderId, Option<State>)>, StoreError> {
        self.inner.load_orders(orders).await
    }

    async fn locate_order(&self, order: &OrderId) -> Result<Option<MerchantId>, StoreError> {
        self.inner.locate_order(order).await
    }

    async fn locate_ticket(
        &self,
        ticket: &TicketId,
    ) -> Result<Option<(MerchantId, OrderId)>, StoreError> {
        self.inner.locate_ticket(ticket).await
    }

    async fn due_deadlines(
        &self,
        now: Timestamp,
        limit: usize,
    ) -> Result<Vec<DueDeadline>, StoreError> {
        self.inner.due_deadlines(now, limit).await
    }

    async fn claim_due(
        &self,
        now: Timestamp,
        limit: usize,
        lease: SignedDuration,
    ) -> Result<Vec<DueDeadline>, StoreError> {
        self.inner.claim_due(now, limit, lease).await
    }

    async fn closed_merchant_requests(
        &self,
        merchant: Option<&MerchantId>,
        limit: usize,
    ) -> Result<Vec<DueDeadline>, StoreError> {
        self.inner.closed_merchant_requests(merchant, limit).await
    }

    async fn next_deadline(&self) -> Result<Option<Timestamp>, StoreError> {
        self.inner.next_deadline().await
    }

    async fn replay(&self) -> Result<ReplayReport, StoreError> {
        self.inner.replay().await
    }

    async fn written_elsewhere(&self) -> Result<bool, StoreError> {
        self.inner.written_elsewhere().await
    }

    async fn merchant_days(
        &self,
        merchant: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<MerchantDay>, StoreError> {
        self.inner.merchant_days(merchant, from, to).await
    }

    async fn days_by_merchant(&self, from: Date, to: Date) -> Result<Vec<MerchantDay>, StoreError> {
        self.inner.days_by_merchant(from, to).await
    }

    async fn creator_days(
        &self,
        creator: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<CreatorDay>, StoreError> {
        self.inner.creator_days(creator, from, to).await
    }

    async fn days_by_creator(&self, from: Date, to: Date) -> Result<Vec<CreatorDay>, StoreError> {
        self.inner.days_by_creator(from, to).await
    }

    async fn platform_days(&self, from: Date, to: Date) -> Result<DayFigures, StoreError> {
        self.inner.platform_days(from, to).await
    }

    async fn last_evaluation(&self) -> Result<Option<EvaluationRun>, StoreError> {
        self.inner.last_evaluation().await
    }

    async fn record_evaluation(&self, run: &EvaluationRun) -> Result<(), StoreError> {
        self.inner.record_evaluation(run).await
    }
}
