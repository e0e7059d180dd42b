//! Webhook delivery without I/O: the rules (when to retry, when to give up) and the round
//! that fans the outbox out, claims what is due and records each attempt, with the sending
//! itself behind [`Sender`]. The API's dispatcher (`redress_http::webhooks`) sends with an
//! HTTP client; the simulation (`redress_dst`) with seeded receivers on the virtual clock,
//! the way quinn-proto's core is driven by whoever owns the sockets.
//!
//! Time is always an argument: [`deliver_due`] attempts what is due at the `now` it is given.

use redress_domain::{SignedDuration, Timestamp};
use redress_store::StoreError;
use redress_store::webhooks::{AfterAttempt, AttemptRecord, DeliveryRecord, WebhookStore};
use std::collections::HashMap;
use std::future::Future;

/// When deliveries are retried and given up, and how much one round takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeliveryRules {
    /// Attempts before a delivery becomes a dead letter.
    pub attempts_max: u32,
    /// The wait after the first failure; it doubles after each next one.
    pub backoff_first: SignedDuration,
    pub backoff_max: SignedDuration,
    /// How long a claimed delivery is this instance's before another may take it.
    pub lease: SignedDuration,
    /// Deliveries claimed (and messages fanned out) per round.
    pub batch_max: usize,
    /// How long before a ticket's deadline `ticket.deadline_approaching` is sent.
    pub deadline_notice: SignedDuration,
}

impl Default for DeliveryRules {
    fn default() -> Self {
        DeliveryRules {
            attempts_max: 8,
            backoff_first: SignedDuration::from_secs(30),
            backoff_max: SignedDuration::from_secs(3600),
            lease: SignedDuration::from_secs(60),
            batch_max: 100,
            deadline_notice: SignedDuration::from_hours(12),
        }
    }
}

impl DeliveryRules {
    /// The wait after failed attempt number `attempt` (1 for the first): 30 s, 60 s, 120 s, …
    /// up to the cap.
    pub fn backoff(&self, attempt: u32) -> SignedDuration {
        let factor = 1i32
            .checked_shl(attempt.saturating_sub(1).min(30))
            .unwrap_or(i32::MAX);
        self.backoff_first
            .checked_mul(factor)
            .unwrap_or(self.backoff_max)
            .min(self.backoff_max)
    }

    /// What follows a failed attempt number `attempt` made at `now`.
    pub fn after_failure(&self, attempt: u32, now: Timestamp) -> AfterAttempt {
        if attempt >= self.attempts_max {
            return AfterAttempt::Dead;
        }
        let retry_at = now
            .checked_add(self.backoff(attempt))
            .unwrap_or(Timestamp::MAX);
        AfterAttempt::RetryAt(retry_at.as_microsecond())
    }

    /// What follows an attempt that got `answer`, as attempt number `attempt` at `now`.
    pub fn after(&self, answer: &Answer, attempt: u32, now: Timestamp) -> AfterAttempt {
        match answer {
            Answer::Status(code) if (200..300).contains(code) => AfterAttempt::Delivered,
            Answer::Status(_) | Answer::NoAnswer(_) => self.after_failure(attempt, now),
            Answer::Undeliverable(_) => AfterAttempt::Dead,
        }
    }
}

/// One attempt to make: the delivery, where to and with which secret, at which instant.
#[derive(Clone, Copy, Debug)]
pub struct Outgoing<'a> {
    pub delivery: &'a DeliveryRecord,
    pub url: &'a str,
    pub secret: &'a str,
    pub now: Timestamp,
}

/// How an attempt went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The receiver answered with this status (2xx: delivered).
    Status(u16),
    /// No answer (refused, timed out, not allowed): the reason the delivery log shows.
    NoAnswer(String),
    /// It can never be delivered as it is (a secret that does not sign): a dead letter now.
    Undeliverable(String),
}

/// An attempt's answer and how long it took (µs, measured by the sender; 0 when it does
/// not measure).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub answer: Answer,
    pub duration_us: i64,
}

/// Whatever makes the attempts: an HTTP client, or a simulation's receivers.
pub trait Sender: Send + Sync {
    fn send(&self, outgoing: Outgoing<'_>) -> impl Future<Output = Sent> + Send;
}

/// The reason logged when the subscription of a claimed delivery was removed meanwhile.
pub const SUBSCRIPTION_GONE: &str = "the subscription no longer exists";

/// Announce the deadlines that came within the notice period, fan out every new outbox
/// message, then attempt every delivery due at `now` through `sender` and record each
/// attempt; returns how many attempts were made. A failed attempt is due again only after
/// its backoff, so one call attempts each delivery at most once.
pub async fn deliver_due<S: WebhookStore, T: Sender>(
    store: &S,
    rules: &DeliveryRules,
    now: Timestamp,
    sender: &T,
) -> Result<usize, StoreError> {
    let now_us = now.as_microsecond();
    let horizon_us = now
        .checked_add(rules.deadline_notice)
        .unwrap_or(Timestamp::MAX)
        .as_microsecond();
    // The whole window, `batch_max` deadlines to a transaction.
    store
        .announce_deadlines(now_us, horizon_us, rules.batch_max)
        .await?;
    while store.fan_out(now_us, rules.batch_max).await? == rules.batch_max {}
    let until_us = now
        .checked_add(rules.lease)
        .unwrap_or(Timestamp::MAX)
        .as_microsecond();
    let mut targets: HashMap<String, Option<(String, String)>> = HashMap::new();
    let mut attempted = 0;
    loop {
        let claimed = store
            .claim_deliveries(now_us, until_us, rules.batch_max)
            .await?;
        if claimed.is_empty() {
            return Ok(attempted);
        }
        for delivery in claimed {
            if !targets.contains_key(&delivery.subscription_id) {
                let found = store
                    .subscription(&delivery.subscription_id)
                    .await?
                    .map(|s| (s.url, s.secret));
                targets.insert(delivery.subscription_id.clone(), found);
            }
            let number = delivery.attempts + 1;
            let sent = match &targets[&delivery.subscription_id] {
                Some((url, secret)) => {
                    sender
                        .send(Outgoing {
                            delivery: &delivery,
                            url,
                            secret,
                            now,
                        })
                        .await
                }
                None => Sent {
                    answer: Answer::Undeliverable(SUBSCRIPTION_GONE.to_owned()),
                    duration_us: 0,
                },
            };
            let after = rules.after(&sent.answer, number, now);
            let (status_code, error) = match sent.answer {
                Answer::Status(code) => (Some(code), None),
                Answer::NoAnswer(reason) | Answer::Undeliverable(reason) => (None, Some(reason)),
            };
            tracing::info!(
                delivery = %delivery.delivery_id,
                attempt = number,
                status = ?status_code,
                error = ?error,
                "webhook attempt"
            );
            let record = AttemptRecord {
                merchant_id: delivery.merchant_id,
                delivery_id: delivery.delivery_id,
                attempt: number,
                at_us: now_us,
                status_code,
                error,
                duration_us: sent.duration_us,
            };
            store.record_attempt(record, after).await?;
            attempted += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: i64) -> Timestamp {
        Timestamp::from_second(1_740_000_000 + s).expect("a valid instant")
    }

    #[test]
    fn backoff_doubles_to_its_cap() {
        let rules = DeliveryRules::default();
        let secs: Vec<i64> = (1..=9).map(|n| rules.backoff(n).as_secs()).collect();
        assert_eq!(secs, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }

    #[test]
    fn an_answer_leads_to_delivered_retry_or_dead() {
        let rules = DeliveryRules {
            attempts_max: 3,
            ..DeliveryRules::default()
        };
        let now = at(0);
        assert_eq!(
            rules.after(&Answer::Status(204), 1, now),
            AfterAttempt::Delivered
        );
        assert_eq!(
            rules.after(&Answer::Status(500), 1, now),
            AfterAttempt::RetryAt(at(30).as_microsecond())
        );
        assert_eq!(
            rules.after(&Answer::NoAnswer("timed out".into()), 2, now),
            AfterAttempt::RetryAt(at(60).as_microsecond())
        );
        assert_eq!(
            rules.after(&Answer::Status(500), 3, now),
            AfterAttempt::Dead
        );
        assert_eq!(
            rules.after(&Answer::Undeliverable("bad secret".into()), 1, now),
            AfterAttempt::Dead
        );
        assert_eq!(
            rules.after(&Answer::Status(302), 1, now),
            AfterAttempt::RetryAt(at(30).as_microsecond()),
            "a redirect is not followed, so it is no delivery"
        );
    }
}
