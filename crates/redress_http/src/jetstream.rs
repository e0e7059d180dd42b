//! Publishing the outbox to NATS JetStream (`redress serve --nats URL`), beside the webhook
//! dispatcher: the same messages, on subjects `<prefix>.<merchant>.<type>` of a stream this
//! creates if missing, each with `Nats-Msg-Id` set to the message id so that JetStream drops
//! a message published twice.
//!
//! At least once, nothing lost: [`enable`] makes every commit from then on queue its
//! messages in `jetstream_outbox` (the store's `jetstream` module), and a queued message is
//! forgotten only after JetStream acknowledged it. A NATS outage leaves the queue growing
//! until the client reconnects; a crashed redress finds it where it was. A message
//! acknowledged but not yet forgotten when redress died is published again on restart, under
//! the same id: within the stream's duplicate window (10 minutes by default) JetStream stores
//! it once.

use redress_store::AnyStore;
use redress_store::jetstream::{JetStreamStore, QueuedMessage};
use std::time::Duration;
use tokio::sync::watch;

/// Where and how to publish.
#[derive(Clone, Debug)]
pub struct JetStreamConfig {
    /// `nats://host:port`.
    pub url: String,
    /// The stream, created with the subjects `<subject_prefix>.>` if missing.
    pub stream: String,
    pub subject_prefix: String,
    /// How long JetStream remembers message ids to drop duplicates; also how long a restart
    /// may take without a message acknowledged just before a crash appearing twice.
    pub duplicate_window: Duration,
    /// Most messages published before their acknowledgements are awaited.
    pub batch_max: usize,
    /// The longest wait between two looks at the queue when it is empty.
    pub poll: Duration,
}

impl JetStreamConfig {
    pub fn new(url: impl Into<String>) -> Self {
        JetStreamConfig {
            url: url.into(),
            stream: "REDRESS".to_owned(),
            subject_prefix: "redress".to_owned(),
            duplicate_window: Duration::from_secs(600),
            batch_max: 256,
            poll: Duration::from_millis(200),
        }
    }
}

/// Why a round of publishing stopped; the queue keeps what was not acknowledged.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("NATS: {0}")]
    Nats(String),
    #[error(transparent)]
    Store(#[from] redress_store::StoreError),
}

fn nats(error: impl std::fmt::Display) -> PublishError {
    PublishError::Nats(error.to_string())
}

/// A subject token for a merchant id: ids may hold `.`, NATS's token separator, which never
/// appears next to `~` (outside the id alphabet), so the mapping stays one to one.
/// Platform-wide messages (`buyer.*`) have no merchant: `_platform`, which no id can be
/// since ids start with a letter or digit.
pub fn merchant_token(merchant: &str) -> String {
    if merchant.is_empty() {
        "_platform".to_owned()
    } else {
        merchant.replace('.', "~")
    }
}

/// `<prefix>.<merchant>.<type>`, e.g. `redress.M-1.refund.requested`: consumers filter with
/// `redress.*.refund.>` or `redress.M-1.>`.
pub fn subject(prefix: &str, merchant: &str, event_type: &str) -> String {
    format!("{prefix}.{}.{event_type}", merchant_token(merchant))
}

/// Start queueing for JetStream: everything committed from now on reaches the stream. Done
/// once at start, before anything else, so that even an outage of NATS at start loses
/// nothing.
pub async fn enable(
    store: &AnyStore,
    config: &JetStreamConfig,
    now_us: i64,
) -> Result<(), PublishError> {
    store.enable_jetstream(&config.stream, now_us).await?;
    Ok(())
}

/// Publishes the queue, connecting (and creating the stream) on first use.
#[derive(Debug)]
pub struct Publisher {
    store: AnyStore,
    config: JetStreamConfig,
    context: Option<async_nats::jetstream::Context>,
}

impl Publisher {
    pub fn new(store: AnyStore, config: JetStreamConfig) -> Self {
        Publisher {
            store,
            config,
            context: None,
        }
    }

    async fn context(&mut self) -> Result<async_nats::jetstream::Context, PublishError> {
        if let Some(context) = &self.context {
            return Ok(context.clone());
        }
        let client = async_nats::connect(self.config.url.as_str())
            .await
            .map_err(nats)?;
        let context = async_nats::jetstream::new(client);
        context
            .get_or_create_stream(async_nats::jetstream::stream::Config {
                name: self.config.stream.clone(),
                subjects: vec![format!("{}.>", self.config.subject_prefix)],
                duplicate_window: self.config.duplicate_window,
                storage: async_nats::jetstream::stream::StorageType::File,
                ..Default::default()
            })
            .await
            .map_err(nats)?;
        tracing::info!(stream = %self.config.stream, "publishing to NATS JetStream");
        self.context = Some(context.clone());
        Ok(context)
    }

    /// Publish up to one batch of the queue and forget what JetStream acknowledged; how many
    /// were acknowledged. An error leaves the rest queued for the next round.
    pub async fn publish_queued(&mut self) -> Result<usize, PublishError> {
        let queued = self
            .store
            .queued_for_jetstream(self.config.batch_max)
            .await?;
        if queued.is_empty() {
            return Ok(0);
        }
        let context = self.context().await?;
        // Publish the batch, then await its acknowledgements: one round trip per batch.
        let mut pending = Vec::with_capacity(queued.len());
        let mut failure = None;
        for message in &queued {
            match context
                .publish_with_headers(
                    subject(
                        &self.config.subject_prefix,
                        &message.merchant_id,
                        &message.event_type,
                    ),
                    headers(message),
                    message.payload.clone().into(),
                )
                .await
            {
                Ok(ack) => pending.push((message, ack)),
                Err(error) => {
                    failure = Some(nats(error));
                    break;
                }
            }
        }
        let mut acknowledged = Vec::with_capacity(pending.len());
        for (message, ack) in pending {
            match ack.await {
                Ok(_) => {
                    acknowledged.push((message.merchant_id.clone(), message.message_id.clone()))
                }
                Err(error) => {
                    failure.get_or_insert(nats(error));
                }
            }
        }
        let count = acknowledged.len();
        self.store.published_to_jetstream(acknowledged).await?;
        match failure {
            // The connection may be the cause: the next round connects again if it must.
            Some(error) => Err(error),
            None => Ok(count),
        }
    }

    /// Publish in the background until stopped: at once while the queue is full, else every
    /// `poll`; after a failure, again after a pause that doubles up to 5 s.
    pub fn spawn(mut self) -> PublisherHandle {
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            let mut pause = self.config.poll;
            loop {
                let wait = match self.publish_queued().await {
                    Ok(n) if n == self.config.batch_max => Duration::ZERO,
                    Ok(_) => {
                        pause = self.config.poll;
                        self.config.poll
                    }
                    Err(error) => {
                        tracing::warn!(%error, "publishing to NATS JetStream failed; retrying");
                        if matches!(error, PublishError::Nats(_)) {
                            self.context = None;
                        }
                        pause = (pause * 2).min(Duration::from_secs(5));
                        pause
                    }
                };
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = stopped.wait_for(|s| *s) => return,
                }
            }
        });
        PublisherHandle {
            stop,
            task: Some(task),
        }
    }
}

fn headers(message: &QueuedMessage) -> async_nats::HeaderMap {
    let mut headers = async_nats::HeaderMap::new();
    headers.insert("Nats-Msg-Id", message.message_id.as_str());
    headers.insert("Redress-Event-Type", message.event_type.as_str());
    headers
}

#[derive(Debug)]
pub struct PublisherHandle {
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl PublisherHandle {
    /// Stop after the round in progress.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_keep_merchants_apart_and_tokens_whole() {
        assert_eq!(
            subject("redress", "M-1", "refund.requested"),
            "redress.M-1.refund.requested"
        );
        assert_eq!(
            subject("redress", "shop.cn", "ticket.opened"),
            "redress.shop~cn.ticket.opened"
        );
        assert_eq!(
            subject("redress", "", "buyer.trust_updated"),
            "redress._platform.buyer.trust_updated"
        );
        assert_ne!(merchant_token("a.b"), merchant_token("a-b"));
    }
}
