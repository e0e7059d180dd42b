//! Merchant metrics on demand: one merchant's rows over the window and its report against the
//! platform's sums, which are cached for a while because they read every merchant's rows.

use crate::Engine;
use crate::error::EngineError;
use redress_domain::metrics::report::{MerchantReport, report};
use redress_domain::metrics::{DayFigures, Window};
use redress_domain::{CreatorId, Date, MerchantId, SignedDuration, Timestamp};
use redress_store::Store;
use redress_store::days::{CreatorDay, MerchantDay};
use std::collections::HashMap;
use std::sync::Mutex;

/// How long the platform's window sums are reused. They change only through late facts on
/// past days (an overdue approval of an older ticket, a re-check), so a few minutes of lag
/// moves the average by little; the weekly evaluation always reads them fresh.
const PLATFORM_SUMS_FRESH_FOR: SignedDuration = SignedDuration::from_mins(10);
/// Windows kept; past this the cache starts over.
const PLATFORM_WINDOWS_MAX: usize = 64;

/// The platform's sums per window, with when they were read (on the engine's clock).
#[derive(Debug, Default)]
pub(crate) struct PlatformSums(Mutex<HashMap<(Date, Date), (Timestamp, DayFigures)>>);

/// One merchant's figures over the window before an evaluation day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MerchantMetrics {
    pub merchant: MerchantId,
    /// The evaluation day; the window is `from` to `to`, the days before it
    /// ([`Window::of_evaluation`]).
    pub day: Date,
    pub from: Date,
    pub to: Date,
    /// The merchant's days with figures, in order: the daily series for charts.
    pub days: Vec<MerchantDay>,
    /// The sums of `days`.
    pub sums: DayFigures,
    pub report: MerchantReport,
}

/// One showcase creator's figures over the window before an evaluation day (seed 001): those
/// of the orders its showcase sold. Only the dispute rate applies to a creator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatorMetrics {
    pub creator: CreatorId,
    pub day: Date,
    pub from: Date,
    pub to: Date,
    /// The creator's days with figures, in order.
    pub days: Vec<CreatorDay>,
    pub sums: DayFigures,
    /// The report of the creator's sums against the platform's (every merchant's orders);
    /// its dispute rate is the creator's.
    pub report: MerchantReport,
}

impl<S: Store> Engine<S> {
    /// One creator's metrics for the evaluation of `day`.
    pub async fn creator_metrics(
        &self,
        creator: &CreatorId,
        day: Date,
    ) -> Result<CreatorMetrics, EngineError> {
        let policy = self.policy();
        let Window { from, to } = Window::of_evaluation(day, policy.dispute_rate.window_days);
        let days = self
            .store()
            .creator_days(creator.as_str(), from, to)
            .await?;
        let sums = DayFigures::total(days.iter().map(|row| &row.figures));
        let platform = self.platform_sums(from, to).await?;
        Ok(CreatorMetrics {
            creator: creator.clone(),
            day,
            from,
            to,
            report: report(&sums, &platform, &policy),
            days,
            sums,
        })
    }

    /// Whether redress knows the creator: an order it sold, on any day, or a penalty.
    pub async fn creator_known(&self, creator: &CreatorId) -> Result<bool, EngineError> {
        if self.creator(creator).await?.is_some() {
            return Ok(true);
        }
        let days = self
            .store()
            .creator_days(creator.as_str(), Date::MIN, Date::MAX)
            .await?;
        Ok(!days.is_empty())
    }

    /// Every creator with figures in the window of the evaluation of `day`, with its sums.
    pub async fn creators_in_window(&self, day: Date) -> Result<Vec<CreatorDay>, EngineError> {
        let Window { from, to } = self.window(day);
        Ok(self.store().days_by_creator(from, to).await?)
    }

    /// One merchant's metrics for the evaluation of `day`.
    pub async fn merchant_metrics(
        &self,
        merchant: &MerchantId,
        day: Date,
    ) -> Result<MerchantMetrics, EngineError> {
        let policy = self.policy();
        let Window { from, to } = Window::of_evaluation(day, policy.dispute_rate.window_days);
        let days = self
            .store()
            .merchant_days(merchant.as_str(), from, to)
            .await?;
        let sums = DayFigures::total(days.iter().map(|row| &row.figures));
        let platform = self.platform_sums(from, to).await?;
        Ok(MerchantMetrics {
            merchant: merchant.clone(),
            day,
            from,
            to,
            report: report(&sums, &platform, &policy),
            days,
            sums,
        })
    }

    /// The window of the evaluation of `day` under the policy in force: the days before it.
    pub fn window(&self, day: Date) -> Window {
        Window::of_evaluation(day, self.policy().dispute_rate.window_days)
    }

    /// The platform's sums over `from` to `to`, read at most every few minutes.
    pub async fn platform_sums(&self, from: Date, to: Date) -> Result<DayFigures, EngineError> {
        let now = self.clock().now();
        let cache = &self.shared.platform_sums.0;
        if let Some((read_at, sums)) = cache.lock().expect("cache lock").get(&(from, to))
            && now.duration_since(*read_at) < PLATFORM_SUMS_FRESH_FOR
            && *read_at <= now
        {
            return Ok(*sums);
        }
        let sums = self.store().platform_days(from, to).await?;
        let mut cache = cache.lock().expect("cache lock");
        if cache.len() >= PLATFORM_WINDOWS_MAX {
            cache.clear();
        }
        cache.insert((from, to), (now, sums));
        Ok(sums)
    }
}
