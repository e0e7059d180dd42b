//! Webhook delivery: the dispatcher that turns outbox messages into signed HTTP POSTs.
//!
//! Messages are written to `outbox` in the same transaction as the events they announce
//! (`redress_store::outbox`). [`Dispatcher::dispatch_due`] fans new messages out to the
//! subscriptions that want them, claims the deliveries due at the given instant under a lease,
//! POSTs each with the Standard Webhooks headers, logs the attempt, and either marks it
//! delivered, schedules a retry with exponential backoff, or, out of attempts, leaves it in
//! the dead letters until someone redelivers it.
//!
//! Time is always an argument or the engine's injected clock, never the wall clock: a sandbox
//! that moves its clock delivers every attempt that falls due by calling `dispatch_due(now)`.
//!
//! A receiver's URL is the merchant's choice, so deliveries never reach inside the network
//! redress runs in (unless [`DeliveryConfig::allow_private_targets`] says so, for development
//! and tests): a literal address is checked before the attempt, a host name is resolved by
//! the client's own resolver, which keeps only the addresses [`crate::net::ssrf`] allows, and
//! the connection goes to one of those very addresses, so a second answer from the DNS
//! cannot slip another in. Redirects are not followed and proxies are not used. The delivery
//! log then says only `destination not allowed` or `could not connect`: what it says must not
//! tell a merchant which ports are open where.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use redress_domain::{SignedDuration, Timestamp};
use redress_engine::delivery::{Answer, DeliveryRules, Outgoing, Sender, Sent, deliver_due};
use redress_engine::{Clock, Engine};
use redress_store::{AnyStore, StoreError};
use sha2::Sha256;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// A certificate authority to trust for `https` receivers ([`DeliveryConfig::extra_roots`]).
pub use reqwest::Certificate;

/// How deliveries are made.
#[derive(Clone, Debug)]
pub struct DeliveryConfig {
    /// Add `"sandbox": true` to every payload (issue 7), so receivers can tell test traffic.
    pub sandbox: bool,
    /// Attempts before a delivery becomes a dead letter.
    pub attempts_max: u32,
    /// The wait after the first failure; it doubles after each next one.
    pub backoff_first: SignedDuration,
    pub backoff_max: SignedDuration,
    /// How long a receiver may take to answer.
    pub request_timeout: Duration,
    /// How long a claimed delivery is this instance's before another may take it.
    pub lease: SignedDuration,
    /// Deliveries claimed (and messages fanned out) per round.
    pub batch_max: usize,
    /// How long before a ticket's deadline `ticket.deadline_approaching` is sent.
    pub deadline_notice: SignedDuration,
    /// Certificate authorities trusted for `https` receivers besides the system's own (a
    /// platform's private CA, or a test's self-signed receiver).
    pub extra_roots: Vec<reqwest::Certificate>,
    /// Deliver to loopback, private and other special-purpose addresses too: for development
    /// and tests whose receivers run on the same machine, never for production.
    pub allow_private_targets: bool,
}

impl Default for DeliveryConfig {
    fn default() -> Self {
        DeliveryConfig {
            sandbox: false,
            attempts_max: 8,
            backoff_first: SignedDuration::from_secs(30),
            backoff_max: SignedDuration::from_secs(3600),
            request_timeout: Duration::from_secs(10),
            lease: SignedDuration::from_secs(60),
            batch_max: 100,
            deadline_notice: SignedDuration::from_hours(12),
            extra_roots: Vec::new(),
            allow_private_targets: false,
        }
    }
}

impl DeliveryConfig {
    /// The rules of retrying and giving up, for the I/O-free delivery round
    /// (`redress_engine::delivery`).
    pub fn rules(&self) -> DeliveryRules {
        DeliveryRules {
            attempts_max: self.attempts_max,
            backoff_first: self.backoff_first,
            backoff_max: self.backoff_max,
            lease: self.lease,
            batch_max: self.batch_max,
            deadline_notice: self.deadline_notice,
        }
    }

    /// The wait after failed attempt number `attempt` (1 for the first): 30 s, 60 s, 120 s, …
    /// up to the cap.
    pub fn backoff(&self, attempt: u32) -> SignedDuration {
        self.rules().backoff(attempt)
    }
}

/// The Standard Webhooks signature: `v1,` and the base64 HMAC-SHA256, keyed by the secret's
/// base64-decoded bytes (after `whsec_`), of `{message_id}.{timestamp}.{body}`.
pub fn sign(
    secret: &str,
    message_id: &str,
    timestamp_s: i64,
    body: &str,
) -> Result<String, SecretError> {
    let key = BASE64
        .decode(secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret))
        .map_err(|_| SecretError)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|_| SecretError)?;
    mac.update(format!("{message_id}.{timestamp_s}.").as_bytes());
    mac.update(body.as_bytes());
    Ok(format!("v1,{}", BASE64.encode(mac.finalize().into_bytes())))
}

/// Secrets are `whsec_` and base64, as the Standard Webhooks libraries expect.
pub const SECRET_PREFIX: &str = "whsec_";
/// Random bytes in a signing secret.
const SECRET_BYTES: usize = 24;

/// A secret that is not `whsec_` and base64.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a webhook secret is whsec_ and base64")]
pub struct SecretError;

/// A new signing secret.
pub fn new_secret() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes)?;
    Ok(format!("{SECRET_PREFIX}{}", BASE64.encode(bytes)))
}

/// Delivers webhooks; cheap to clone. The round (fan out, claim, record, retry or give up)
/// is `redress_engine::delivery`'s; this sends each attempt as a signed HTTP POST.
#[derive(Clone, Debug)]
pub struct Dispatcher {
    store: AnyStore,
    clock: Arc<dyn Clock>,
    sender: HttpSender,
    config: Arc<DeliveryConfig>,
}

/// The [`Sender`] of the API: signed POSTs with an HTTP client that reaches public
/// addresses only (unless configured otherwise).
#[derive(Clone, Debug)]
struct HttpSender {
    client: reqwest::Client,
    config: Arc<DeliveryConfig>,
}

impl Dispatcher {
    /// A dispatcher on the engine's store and clock.
    pub fn new(engine: &Engine<AnyStore>, config: DeliveryConfig) -> Self {
        let mut client = reqwest::Client::builder()
            .timeout(config.request_timeout)
            // A receiver's redirect is not followed: the signature was made for its URL, and
            // a redirect could lead anywhere, inside the network too.
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would resolve the receiver's host itself, out of the resolver's sight.
            .no_proxy()
            .tls_certs_merge(config.extra_roots.clone());
        if !config.allow_private_targets {
            client = client.dns_resolver(Arc::new(PublicOnly));
        }
        let client = client
            .build()
            .expect("the webhook client builds: its TLS settings are fixed");
        let config = Arc::new(config);
        Dispatcher {
            store: engine.store().clone(),
            clock: engine.clock().clone(),
            sender: HttpSender {
                client,
                config: config.clone(),
            },
            config,
        }
    }

    pub fn config(&self) -> &DeliveryConfig {
        &self.config
    }

    /// Announce the deadlines that came within the notice period, fan out every new outbox
    /// message, then attempt every delivery due at `now`, and
    /// return how many attempts were made. A failed attempt is due again only after its
    /// backoff, so one call attempts each delivery at most once.
    pub async fn dispatch_due(&self, now: Timestamp) -> Result<usize, StoreError> {
        deliver_due(&self.store, &self.config.rules(), now, &self.sender).await
    }

    /// Deliver in the background, every `poll`, until stopped.
    pub fn spawn(self, poll: Duration) -> DispatcherHandle {
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            loop {
                // A stop ends a round at once, not after it: a backlog of deliveries to
                // receivers that never answer would otherwise hold a shutdown for minutes.
                // What the round claimed and did not record is claimed again when its lease
                // ends; a receiver may then see a message twice (at least once, by its
                // `webhook-id`), never lose one.
                tokio::select! {
                    dispatched = self.dispatch_due(self.clock.now()) => {
                        if let Err(error) = dispatched {
                            tracing::error!(%error, "webhook delivery failed");
                        }
                    }
                    _ = stopped.wait_for(|s| *s) => return,
                }
                tokio::select! {
                    _ = tokio::time::sleep(poll) => {}
                    _ = stopped.wait_for(|s| *s) => return,
                }
            }
        });
        DispatcherHandle {
            stop,
            task: Some(task),
        }
    }
}

impl Sender for HttpSender {
    async fn send(&self, outgoing: Outgoing<'_>) -> Sent {
        let Outgoing {
            delivery,
            url,
            secret,
            now,
        } = outgoing;
        let no_answer = |reason: &str| Sent {
            answer: Answer::NoAnswer(reason.to_owned()),
            duration_us: 0,
        };
        let body = self.body(&delivery.payload);
        let timestamp_s = now.as_second();
        let signature = match sign(secret, &delivery.message_id, timestamp_s, &body) {
            Ok(signature) => signature,
            Err(error) => {
                return Sent {
                    answer: Answer::Undeliverable(error.to_string()),
                    duration_us: 0,
                };
            }
        };
        if !self.config.allow_private_targets && !literal_host_allowed(url) {
            tracing::warn!(delivery = %delivery.delivery_id, "webhook destination not allowed");
            return no_answer(DESTINATION_NOT_ALLOWED);
        }
        // Only the attempt's duration is measured on the monotonic clock; every scheduling
        // decision uses `now`.
        let started = std::time::Instant::now();
        let sent = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("webhook-id", &delivery.message_id)
            .header("webhook-timestamp", timestamp_s.to_string())
            .header("webhook-signature", signature)
            .body(body)
            .send()
            .await;
        let duration_us = i64::try_from(started.elapsed().as_micros()).unwrap_or(i64::MAX);
        let answer = match sent {
            Ok(response) => Answer::Status(response.status().as_u16()),
            Err(error) => {
                // The cause stays in the operator's log; the merchant's says only which of
                // two things happened.
                let reason = if is_forbidden(&error) {
                    DESTINATION_NOT_ALLOWED
                } else {
                    COULD_NOT_CONNECT
                };
                tracing::warn!(
                    delivery = %delivery.delivery_id,
                    cause = %describe(error),
                    "webhook attempt failed"
                );
                Answer::NoAnswer(reason.to_owned())
            }
        };
        Sent {
            answer,
            duration_us,
        }
    }
}

impl HttpSender {
    /// The body as sent: the stored payload, with the sandbox marker when configured.
    fn body(&self, payload: &str) -> String {
        if !self.config.sandbox {
            return payload.to_owned();
        }
        match serde_json::from_str::<serde_json::Value>(payload) {
            Ok(serde_json::Value::Object(mut object)) => {
                object.insert("sandbox".to_owned(), serde_json::Value::Bool(true));
                serde_json::Value::Object(object).to_string()
            }
            _ => payload.to_owned(),
        }
    }
}

/// The delivery log's reason for an attempt to an address that is not allowed.
pub const DESTINATION_NOT_ALLOWED: &str = "destination not allowed";
/// The delivery log's reason for any other attempt that got no answer: refused, timed out,
/// TLS failed, name unknown. Which one it was would tell whether a port is open.
pub const COULD_NOT_CONNECT: &str = "could not connect";

/// Whether the URL's host, if it is a literal address, may be delivered to. A literal never
/// reaches the resolver, so it is checked here; a name is the resolver's to check.
fn literal_host_allowed(raw: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(raw) else {
        return false;
    };
    match url.host() {
        Some(url::Host::Ipv4(v4)) => crate::net::ssrf::allowed(v4.into()),
        Some(url::Host::Ipv6(v6)) => crate::net::ssrf::allowed(v6.into()),
        Some(url::Host::Domain(_)) => true,
        None => false,
    }
}

/// A host name resolved to allowed addresses only.
#[derive(Debug)]
struct PublicOnly;

/// A name that resolved to no allowed address.
#[derive(Debug, thiserror::Error)]
#[error("{DESTINATION_NOT_ALLOWED}")]
struct Forbidden;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            // The port is the client's to set; 0 here.
            let resolved = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let allowed: Vec<std::net::SocketAddr> = resolved
                .filter(|address| crate::net::ssrf::allowed(address.ip()))
                .collect();
            if allowed.is_empty() {
                return Err(Box::new(Forbidden) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Whether the resolver refused the receiver's host.
fn is_forbidden(error: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = source {
        let inner_of_io = cause
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .is_some_and(|inner| inner.is::<Forbidden>());
        if cause.is::<Forbidden>() || inner_of_io {
            return true;
        }
        source = cause.source();
    }
    false
}

/// The error and its causes, without the receiver's URL, which may carry a token.
fn describe(error: reqwest::Error) -> String {
    let error = error.without_url();
    let mut text = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The running dispatcher.
#[derive(Debug)]
pub struct DispatcherHandle {
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl DispatcherHandle {
    /// Stop after the round in progress.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}
