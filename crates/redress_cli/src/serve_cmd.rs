//! `redress serve`: the HTTP/JSON API over one store, with the deadline scheduler running
//! beside it. Stops gracefully on SIGINT or SIGTERM: no new connections, requests in flight
//! finish, the scheduler finishes its round, and the engine commits everything it was given.

use anyhow::Context;
use redress_engine::{Clock, Engine, EngineConfig, ManualClock, SystemClock};
use redress_http::limits::RateLimit;
use redress_http::net::ConnectionLimits;
use redress_http::{AppState, Operations};
use redress_store::{AnyStore, SqliteOptions};
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::num::{NonZeroU32, NonZeroU64, NonZeroUsize};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// Flags and environment variables win over the configuration file, which wins over the
/// defaults; all are checked before anything starts.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// A TOML file with any of the settings below, e.g. `listen = "0.0.0.0:8080"`.
    #[arg(long, env = "REDRESS_CONFIG")]
    config: Option<PathBuf>,
    /// Address to listen on, e.g. 127.0.0.1:8080 or 0.0.0.0:8080 [default: 127.0.0.1:8080].
    #[arg(long, env = "REDRESS_LISTEN")]
    listen: Option<SocketAddr>,
    /// The database: a `postgres://` URL, `sqlite://PATH`, or a path to an SQLite file
    /// (created if missing) [default: redress.db].
    #[arg(long, env = "REDRESS_DATABASE")]
    database: Option<String>,
    /// A policy file to start with (see `redress policy check`); SPEC.md's defaults otherwise.
    #[arg(long, env = "REDRESS_POLICY")]
    policy: Option<PathBuf>,
    /// Log lines as text, or as one JSON object per line for a log collector [default: text].
    #[arg(long, env = "REDRESS_LOG_FORMAT", value_enum)]
    log_format: Option<LogFormat>,
    /// Longest wait between two looks for due deadlines, in milliseconds [default: 1000].
    #[arg(long, env = "REDRESS_DEADLINE_POLL_MS")]
    deadline_poll_ms: Option<u64>,
    /// Sandbox mode: the engine runs on a test clock, starting at the wall clock's time (or
    /// `--sandbox-start`), that moves only through `POST /v1/sandbox/clock/advance` (operator keys). For integrators'
    /// test environments; never for production.
    #[arg(long, env = "REDRESS_SANDBOX")]
    sandbox: bool,
    /// With `--sandbox`: where the test clock starts, an RFC 3339 instant such as
    /// `2026-03-02T00:00:00+08:00` (a simulation's first day, say) [default: the wall clock].
    #[arg(long, env = "REDRESS_SANDBOX_START")]
    sandbox_start: Option<jiff::Timestamp>,
    /// Where uploaded evidence files are kept, content-addressed [default: `evidence` beside
    /// an SQLite database, or in the working directory].
    #[arg(long, env = "REDRESS_EVIDENCE_DIR")]
    evidence_dir: Option<PathBuf>,
    /// Requests per second each API key may make on average (callers without a valid key
    /// are counted by address); 429 beyond it [default: no limit].
    #[arg(long, env = "REDRESS_RATE_LIMIT_PER_SECOND")]
    rate_limit_per_second: Option<NonZeroU32>,
    /// Requests a key may make at once before the average applies [default: the per-second
    /// rate].
    #[arg(long, env = "REDRESS_RATE_LIMIT_BURST")]
    rate_limit_burst: Option<NonZeroU32>,
    /// A PEM file of certificate authorities to trust for `https` webhook receivers, besides
    /// the system's (a platform's private CA) [default: the system's only].
    #[arg(long, env = "REDRESS_WEBHOOK_CA_FILE")]
    webhook_ca_file: Option<PathBuf>,
    /// Let webhooks reach loopback, private, link-local and other special-purpose addresses
    /// (receivers on this machine or network): for development and tests, never for
    /// production. Always on with `--sandbox` [default: off].
    #[arg(long, env = "REDRESS_WEBHOOKS_ALLOW_PRIVATE_TARGETS")]
    webhooks_allow_private_targets: bool,
    /// Connections served at once; more wait until one ends. At most the open-file limit
    /// less 256 [default: 3/4 of the open-file limit, at most 10000].
    #[arg(long, env = "REDRESS_MAX_CONNECTIONS")]
    max_connections: Option<NonZeroUsize>,
    /// Seconds a client may take to send a request's head; also how long an idle
    /// keep-alive connection is kept [default: 10].
    #[arg(long, env = "REDRESS_HEADER_READ_TIMEOUT_SECS")]
    header_read_timeout_secs: Option<NonZeroU64>,
    /// The longest pause, in seconds, while a request's body is read [default: 10].
    #[arg(long, env = "REDRESS_BODY_READ_TIMEOUT_SECS")]
    body_read_timeout_secs: Option<NonZeroU64>,
    /// Largest evidence file an upload may carry, in bytes; 413 beyond it [default: 10485760,
    /// 10 MiB].
    #[arg(long, env = "REDRESS_UPLOAD_MAX_BYTES")]
    upload_max_bytes: Option<NonZeroUsize>,
    /// Evidence uploads the server receives at once; 429 with `Retry-After` beyond it
    /// [default: 16].
    #[arg(long, env = "REDRESS_UPLOADS_CONCURRENT")]
    uploads_concurrent: Option<NonZeroUsize>,
    /// How long, in seconds on the engine's clock, an `Idempotency-Key` of a request that is
    /// not an engine command stays claimed if its request never answers (the process died);
    /// more than the 30 s request timeout [default: 60].
    #[arg(long, env = "REDRESS_IDEMPOTENCY_LEASE_SECS")]
    idempotency_lease_secs: Option<u64>,
    /// With an SQLite database: the writer's page cache in MiB, the bulk of the server's
    /// memory under load [default: 128].
    #[arg(long, env = "REDRESS_SQLITE_CACHE_MIB")]
    sqlite_cache_mib: Option<NonZeroU32>,
    /// Publish every webhook event to NATS JetStream too, e.g. `nats://127.0.0.1:4222`: at
    /// least once, from the moment this first starts against the database [default: off].
    #[arg(long, env = "REDRESS_NATS")]
    nats: Option<String>,
    /// With `--nats`: the JetStream stream, created if missing [default: REDRESS].
    #[arg(long, env = "REDRESS_NATS_STREAM")]
    nats_stream: Option<String>,
    /// With `--nats`: the first token of every subject, `<prefix>.<merchant>.<type>`; the
    /// stream takes `<prefix>.>` [default: redress].
    #[arg(long, env = "REDRESS_NATS_SUBJECT_PREFIX")]
    nats_subject_prefix: Option<String>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum LogFormat {
    Text,
    Json,
}

/// The configuration file: the same settings as the flags, under the flags' names.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    listen: Option<SocketAddr>,
    database: Option<String>,
    policy: Option<PathBuf>,
    log_format: Option<LogFormat>,
    deadline_poll_ms: Option<u64>,
    sandbox: Option<bool>,
    sandbox_start: Option<String>,
    evidence_dir: Option<PathBuf>,
    rate_limit_per_second: Option<NonZeroU32>,
    rate_limit_burst: Option<NonZeroU32>,
    webhook_ca_file: Option<PathBuf>,
    webhooks_allow_private_targets: Option<bool>,
    max_connections: Option<NonZeroUsize>,
    header_read_timeout_secs: Option<NonZeroU64>,
    body_read_timeout_secs: Option<NonZeroU64>,
    upload_max_bytes: Option<NonZeroUsize>,
    uploads_concurrent: Option<NonZeroUsize>,
    idempotency_lease_secs: Option<u64>,
    sqlite_cache_mib: Option<NonZeroU32>,
    nats: Option<String>,
    nats_stream: Option<String>,
    nats_subject_prefix: Option<String>,
}

/// The settings in force, once flags, environment, file and defaults are layered.
#[derive(Debug)]
struct Settings {
    listen: SocketAddr,
    database: String,
    policy: Option<PathBuf>,
    log_format: LogFormat,
    deadline_poll_ms: u64,
    /// The sandbox's clock at start, or `None` for a live server.
    sandbox: Option<jiff::Timestamp>,
    evidence_dir: PathBuf,
    rate_limit: Option<RateLimit>,
    webhook_roots: Vec<redress_http::webhooks::Certificate>,
    webhooks_allow_private_targets: bool,
    connections: ConnectionLimits,
    uploads: redress_http::evidence_files::UploadLimits,
    idempotency_lease: Duration,
    sqlite: SqliteOptions,
    jetstream: Option<redress_http::jetstream::JetStreamConfig>,
}

impl ServeArgs {
    fn settings(self) -> anyhow::Result<Settings> {
        let file = match &self.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading {}", path.display()))?;
                toml::from_str::<ConfigFile>(&text)
                    .with_context(|| format!("reading {}", path.display()))?
            }
            None => ConfigFile::default(),
        };
        let database = self
            .database
            .or(file.database)
            .unwrap_or_else(|| "redress.db".to_owned());
        Ok(Settings {
            listen: self
                .listen
                .or(file.listen)
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080))),

            policy: self.policy.or(file.policy),
            log_format: self
                .log_format
                .or(file.log_format)
                .unwrap_or(LogFormat::Text),
            deadline_poll_ms: self
                .deadline_poll_ms
                .or(file.deadline_poll_ms)
                .unwrap_or(1000),
            sandbox: sandbox_start(
                self.sandbox || file.sandbox.unwrap_or(false),
                match (self.sandbox_start, file.sandbox_start) {
                    (Some(start), _) => Some(start),
                    (None, None) => None,
                    (None, Some(raw)) => Some(raw.parse().with_context(|| {
                        format!("sandbox_start {raw:?}: not an RFC 3339 instant")
                    })?),
                },
            )?,
            evidence_dir: match self.evidence_dir.or(file.evidence_dir) {
                Some(dir) => dir,
                None => AnyStore::sqlite_file(&database)
                    .and_then(|path| path.parent())
                    .map_or_else(|| PathBuf::from("evidence"), |dir| dir.join("evidence")),
            },
            database,
            webhook_roots: match self.webhook_ca_file.or(file.webhook_ca_file) {
                None => Vec::new(),
                Some(path) => webhook_roots(&path)?,
            },
            rate_limit: rate_limit(
                self.rate_limit_per_second.or(file.rate_limit_per_second),
                self.rate_limit_burst.or(file.rate_limit_burst),
            )?,
            webhooks_allow_private_targets: self.webhooks_allow_private_targets
                || file.webhooks_allow_private_targets.unwrap_or(false),
            connections: connections(
                self.max_connections.or(file.max_connections),
                self.header_read_timeout_secs
                    .or(file.header_read_timeout_secs),
                self.body_read_timeout_secs.or(file.body_read_timeout_secs),
            )?,
            uploads: redress_http::evidence_files::UploadLimits {
                file_bytes_max: self.upload_max_bytes.or(file.upload_max_bytes).map_or(
                    redress_http::evidence_files::FILE_BYTES_MAX,
                    NonZeroUsize::get,
                ),
                concurrent_max: self.uploads_concurrent.or(file.uploads_concurrent).map_or(
                    redress_http::evidence_files::UPLOADS_CONCURRENT_MAX,
                    NonZeroUsize::get,
                ),
            },
            idempotency_lease: idempotency_lease(
                self.idempotency_lease_secs.or(file.idempotency_lease_secs),
            )?,
            sqlite: SqliteOptions {
                writer_cache_mib: self.sqlite_cache_mib.or(file.sqlite_cache_mib).map_or(
                    redress_store::sqlite::WRITER_CACHE_MIB_DEFAULT,
                    NonZeroU32::get,
                ),
                ..SqliteOptions::default()
            },
            jetstream: jetstream(
                self.nats.or(file.nats),
                self.nats_stream.or(file.nats_stream),
                self.nats_subject_prefix.or(file.nats_subject_prefix),
            )?,
        })
    }
}

/// The certificates of a PEM bundle; an empty or unreadable one is refused by name.
fn webhook_roots(
    path: &std::path::Path,
) -> anyhow::Result<Vec<redress_http::webhooks::Certificate>> {
    let context = || format!("--webhook-ca-file {}", path.display());
    let pem = std::fs::read(path).with_context(context)?;
    let roots = redress_http::webhooks::Certificate::from_pem_bundle(&pem).with_context(context)?;
    if roots.is_empty() {
        anyhow::bail!("{}: no PEM certificate in it", context());
    }
    Ok(roots)
}

/// Where a sandbox's clock starts; a start without a sandbox would be silently ignored, so
/// it is refused.
fn sandbox_start(
    sandbox: bool,
    start: Option<jiff::Timestamp>,
) -> anyhow::Result<Option<jiff::Timestamp>> {
    match (sandbox, start) {
        (false, None) => Ok(None),
        (false, Some(_)) => anyhow::bail!("--sandbox-start needs --sandbox"),
        (true, start) => Ok(Some(start.unwrap_or_else(|| SystemClock.now()))),
    }
}

/// The connection settings, with the soft open-file limit first raised as far as allowed; a
/// cap that would leave too few files for the rest of the process is refused.
fn connections(
    max: Option<NonZeroUsize>,
    header_read_timeout_secs: Option<NonZeroU64>,
    body_read_timeout_secs: Option<NonZeroU64>,
) -> anyhow::Result<ConnectionLimits> {
    let open_files = redress_http::net::raise_open_file_limit().unwrap_or(1024);
    let mut limits = ConnectionLimits::for_open_files(open_files);
    if let Some(max) = max {
        let ceiling = ConnectionLimits::ceiling(open_files);
        if max.get() > ceiling {
            anyhow::bail!(
                "--max-connections {max} is above {ceiling}: the open-file limit ({open_files}) less {} files kept for the database, evidence files and webhooks",
                redress_http::net::server::FILES_RESERVED
            );
        }
        limits.max_connections = max.get();
    }
    if let Some(secs) = header_read_timeout_secs {
        limits.header_read_timeout = Duration::from_secs(secs.get());
    }
    if let Some(secs) = body_read_timeout_secs {
        limits.body_read_timeout = Duration::from_secs(secs.get());
    }
    Ok(limits)
}

/// A lease no longer than the request timeout could end while its request still runs, and
/// a retry would then run the request a second time beside it.
fn idempotency_lease(secs: Option<u64>) -> anyhow::Result<Duration> {
    let Some(secs) = secs else {
        return Ok(redress_http::IDEMPOTENCY_LEASE);
    };
    let lease = Duration::from_secs(secs);
    if lease <= redress_http::REQUEST_TIMEOUT {
        anyhow::bail!(
            "--idempotency-lease-secs {secs}: must be more than the request timeout ({} s)",
            redress_http::REQUEST_TIMEOUT.as_secs()
        );
    }
    Ok(lease)
}

/// The JetStream settings; a stream or prefix without `--nats` would be silently ignored, and
/// a name NATS would refuse is better refused here, by its flag.
fn jetstream(
    url: Option<String>,
    stream: Option<String>,
    prefix: Option<String>,
) -> anyhow::Result<Option<redress_http::jetstream::JetStreamConfig>> {
    let Some(url) = url else {
        if stream.is_some() || prefix.is_some() {
            anyhow::bail!("--nats-stream and --nats-subject-prefix need --nats");
        }
        return Ok(None);
    };
    if !(url.starts_with("nats://") || url.starts_with("tls://")) {
        anyhow::bail!("--nats {url:?}: expected nats://HOST:PORT or tls://HOST:PORT");
    }
    let mut config = redress_http::jetstream::JetStreamConfig::new(url);
    let name_ok = |name: &str| {
        !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    if let Some(stream) = stream {
        if !name_ok(&stream) {
            anyhow::bail!("--nats-stream {stream:?}: 1 to 64 ASCII letters, digits, - and _");
        }
        config.stream = stream;
    }
    if let Some(prefix) = prefix {
        if !name_ok(&prefix) {
            anyhow::bail!(
                "--nats-subject-prefix {prefix:?}: 1 to 64 ASCII letters, digits, - and _"
            );
        }
        config.subject_prefix = prefix;
    }
    Ok(Some(config))
}

/// A burst without a rate has nothing to refill it: refuse it rather than ignore it.
fn rate_limit(
    per_second: Option<NonZeroU32>,
    burst: Option<NonZeroU32>,
) -> anyhow::Result<Option<RateLimit>> {
    match (per_second, burst) {
        (None, None) => Ok(None),
        (None, Some(_)) => anyhow::bail!("--rate-limit-burst needs --rate-limit-per-second"),
        (Some(per_second), burst) => Ok(Some(RateLimit {
            per_second,
            burst: burst.unwrap_or(per_second),
        })),
    }
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let args = args.settings()?;
    let filter = tracing_subscriber::EnvFilter::try_from_env("REDRESS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    match args.log_format {
        LogFormat::Text => logs.with_ansi(std::io::stdout().is_terminal()).init(),
        LogFormat::Json => logs.json().with_current_span(true).init(),
    }
    let file_policy = match &args.policy {
        Some(path) => Some((
            path.clone(),
            redress_policy::load(path)
                .with_context(|| format!("loading policy {}", path.display()))?,
        )),
        None => None,
    };
    // The stored version, if any, replaces this before anything is decided.
    let policy = redress_domain::Policy::default();
    super::runtime()?.block_on(async move {
        let store = AnyStore::open_with(&args.database, args.sqlite)
            .await
            .with_context(|| format!("opening {}", redress_store::redact_url(&args.database)))?;
        // JetStream: queue from before the first command, so that nothing committed from this
        // start on can miss the stream; connecting is the publisher's, and may wait for NATS.
        let publisher = match &args.jetstream {
            Some(config) => {
                redress_http::jetstream::enable(&store, config, SystemClock.now().as_microsecond())
                    .await
                    .context("enabling NATS JetStream")?;
                Some(redress_http::jetstream::Publisher::new(store.clone(), config.clone()).spawn())
            }
            None => None,
        };
        // In a sandbox nothing fires on its own: time moves, and everything due with it is
        // processed, only through the advance endpoint, which reports what it caused.
        let files: Arc<dyn redress_http::evidence_files::EvidenceFiles> = Arc::new(
            redress_http::evidence_files::LocalDisk::new(&args.evidence_dir),
        );
        let delivery = redress_http::webhooks::DeliveryConfig {
            sandbox: args.sandbox.is_some(),
            extra_roots: args.webhook_roots.clone(),
            allow_private_targets: args.webhooks_allow_private_targets || args.sandbox.is_some(),
            ..Default::default()
        };
        let (engine, state, scheduler) = if let Some(start) = args.sandbox {
            let clock = Arc::new(ManualClock::new(start));
            let engine = Engine::start(store, clock.clone(), policy, EngineConfig::default());
            settle_policy(&engine, file_policy).await?;
            let state = AppState::sandbox_with(engine.clone(), files, clock, delivery.clone())
                .with_idempotency_lease(args.idempotency_lease);
            (engine, state, None)
        } else {
            let engine = Engine::start(
                store,
                Arc::new(SystemClock),
                policy,
                EngineConfig::default(),
            );
            settle_policy(&engine, file_policy).await?;
            let scheduler = engine.spawn_scheduler(Duration::from_millis(args.deadline_poll_ms));
            (
                engine.clone(),
                AppState::live(engine, files).with_idempotency_lease(args.idempotency_lease),
                Some(scheduler),
            )
        };
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("listening on {}", args.listen))?;
        tracing::info!(
            address = %listener.local_addr()?,
            database = %redress_store::redact_url(&args.database),
            mode = if args.sandbox.is_some() { "sandbox" } else { "live" },
            "redress serving; API reference at /docs"
        );
        let operations = Operations {
            rate_limit: args.rate_limit,
            webhooks_allow_private_targets: args.webhooks_allow_private_targets,
            connections: args.connections,
            uploads: args.uploads,
            ..Operations::default()
        };
        let poll = Duration::from_millis(args.deadline_poll_ms);
        let served = serve_until_stopped(
            engine, state, scheduler, listener, operations, delivery, poll,
        )
        .await;
        if let Some(publisher) = publisher {
            publisher.stop().await;
        }
        served?;
        tracing::info!("stopped; every acknowledged command is committed");
        Ok(ExitCode::SUCCESS)
    })
}

/// Put the stored policy in force, then the `--policy` file if one was given, as a new
/// version only if it differs from the stored one; says which in the log.
pub(crate) async fn settle_policy(
    engine: &Engine<AnyStore>,
    file: Option<(PathBuf, redress_domain::Policy)>,
) -> anyhow::Result<()> {
    let stored = engine
        .load_policy()
        .await
        .context("loading the stored policy")?;
    match file {
        Some((path, policy)) => {
            let outcome = engine
                .put_policy(policy, redress_domain::Actor::System)
                .await
                .with_context(|| format!("storing policy {}", path.display()))?;
            if outcome.changed {
                tracing::info!(
                    policy_version = outcome.version,
                    changes = outcome.diff.len(),
                    "policy file {} put in force as version {}",
                    path.display(),
                    outcome.version
                );
            } else {
                tracing::info!(
                    policy_version = outcome.version,
                    "policy file {} matches version {}",
                    path.display(),
                    outcome.version
                );
            }
        }
        None if stored == 0 => tracing::info!(
            policy_version = 0,
            "no policy stored: SPEC.md's defaults apply until one is put"
        ),
        None => tracing::info!(
            policy_version = stored,
            "stored policy version {stored} in force"
        ),
    }
    Ok(())
}

/// Serve `state` on `listener` until SIGINT or SIGTERM, with the webhook dispatcher (and
/// the deadline scheduler, when there is one) running beside it; then stop them and the
/// server gracefully. If the engine's writer stops first (it never should), the server
/// stops the same way and this fails, so that the process exits non-zero and its
/// supervisor restarts it, instead of answering `stopped` to every command for ever.
pub(crate) async fn serve_until_stopped(
    engine: Engine<AnyStore>,
    state: AppState,
    scheduler: Option<redress_engine::SchedulerHandle>,
    listener: tokio::net::TcpListener,
    operations: Operations,
    delivery: redress_http::webhooks::DeliveryConfig,
    poll: Duration,
) -> anyhow::Result<()> {
    // Webhooks: deliver the outbox in the background, on the engine's clock (in a sandbox
    // the advance endpoint also delivers what falls due before it answers).
    let webhooks = redress_http::webhooks::Dispatcher::new(&engine, delivery).spawn(poll);
    let (writer_exit, writer_failed) = tokio::sync::oneshot::channel();
    // The handlers are registered here, before the first request is served: registered
    // lazily, when the server first polled its shutdown future, a SIGTERM arriving in
    // between killed the process with the default action instead of stopping it.
    let stop = stop_signal();
    let shutdown = async move {
        tokio::select! {
            () = stop => tracing::info!("stopping: finishing requests in flight"),
            exit = engine.writer_stopped() => {
                tracing::error!(?exit, "the engine's writer stopped: shutting down");
                let _ = writer_exit.send(exit);
            }
        }
        if let Some(scheduler) = scheduler {
            scheduler.stop().await;
        }
        webhooks.stop().await;
    };
    // The web console's pages beside the API, for `serve` and `demo` alike.
    let operations = Operations {
        pages: redress_console::router(),
        ..operations
    };
    redress_http::serve_with(listener, state, operations, shutdown)
        .await
        .context("serving")?;
    match writer_failed.await {
        Ok(exit) => anyhow::bail!("the engine's writer stopped ({exit:?}); exiting"),
        Err(_) => Ok(()),
    }
}

/// SIGINT or SIGTERM. The handlers are registered when this is called, not when the
/// returned future is first polled.
#[cfg(unix)]
fn stop_signal() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{SignalKind, signal};
    let interrupt = signal(SignalKind::interrupt());
    let terminate = signal(SignalKind::terminate());
    async move {
        let wait = |registered: std::io::Result<tokio::signal::unix::Signal>| async move {
            match registered {
                Ok(mut signal) => {
                    signal.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = wait(interrupt) => {}
            () = wait(terminate) => {}
        }
    }
}

#[cfg(not(unix))]
fn stop_signal() -> impl std::future::Future<Output = ()> {
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A server whose writer has stopped ends, with an error, rather than serving `stopped`
    /// for ever.
    #[tokio::test]
    async fn serving_ends_with_an_error_when_the_writer_stops() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = AnyStore::Sqlite(
            redress_store::SqliteStore::open(&dir.path().join("redress.db")).expect("opens"),
        );
        let engine = Engine::start(
            store,
            Arc::new(SystemClock),
            redress_domain::Policy::default(),
            EngineConfig::default(),
        );
        let files: Arc<dyn redress_http::evidence_files::EvidenceFiles> = Arc::new(
            redress_http::evidence_files::LocalDisk::new(dir.path().join("evidence")),
        );
        let state = AppState::live(engine.clone(), files);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        engine.shutdown().await;

        let served = serve_until_stopped(
            engine,
            state,
            None,
            listener,
            Operations::default(),
            redress_http::webhooks::DeliveryConfig::default(),
            Duration::from_millis(1000),
        )
        .await;

        let error = served.expect_err("serving fails once the writer has stopped");
        assert!(error.to_string().contains("writer stopped"), "{error:#}");
    }

    #[derive(clap::Parser)]
    struct Serve {
        #[command(flatten)]
        args: ServeArgs,
    }

    /// The SQLite writer's page cache: the flag over the file over the default; zero is
    /// refused.
    #[test]
    fn the_sqlite_cache_comes_from_the_flag_then_the_file_then_the_default() {
        use clap::Parser;
        let cache = |args: &[&str]| {
            let parsed =
                Serve::try_parse_from(std::iter::once("serve").chain(args.iter().copied()))
                    .expect("the flags parse");
            parsed
                .args
                .settings()
                .expect("settings")
                .sqlite
                .writer_cache_mib
        };
        let dir = tempfile::tempdir().expect("a temporary directory");
        let config = dir.path().join("redress.toml");
        std::fs::write(&config, "sqlite_cache_mib = 64\n").expect("written");
        let config = config.to_str().expect("a UTF-8 path");

        assert_eq!(cache(&[]), redress_store::sqlite::WRITER_CACHE_MIB_DEFAULT);
        assert_eq!(cache(&["--config", config]), 64);
        assert_eq!(cache(&["--config", config, "--sqlite-cache-mib", "48"]), 48);
        assert!(Serve::try_parse_from(["serve", "--sqlite-cache-mib", "0"]).is_err());
    }
}
