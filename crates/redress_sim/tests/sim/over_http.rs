//! The simulator over HTTP (`redress simulate --url`): against a sandbox server it writes the
//! same bytes as in-process, acting with a key per role, also when the server's rate limit
//! turns requests away, and it refuses a server it cannot drive with a message that says why.

use super::{check_books, files, first_difference, simulate};
use redress_domain::Policy;
use redress_engine::{Clock, Engine, EngineConfig, ManualClock};
use redress_http::auth::{self, Scope};
use redress_http::evidence_files::LocalDisk;
use redress_http::limits::RateLimit;
use redress_http::{AppState, Operations, serve_with};
use redress_sim::{HttpDriver, Model, Silent, SimError};
use redress_store::api::ApiStore;
use redress_store::{AnyStore, SqliteStore};
use std::collections::BTreeSet;
use std::num::NonZeroU32;
use std::sync::Arc;

/// A server on a random local port, its engine, and an operator's key.
struct Server {
    url: String,
    operator: String,
    engine: Engine<AnyStore>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    served: tokio::task::JoinHandle<std::io::Result<()>>,
    _directory: tempfile::TempDir,
}

enum Mode {
    Sandbox,
    /// A sandbox whose keys may make this many requests a second, in bursts of as many.
    RateLimited(u32),
    Live,
}

impl Server {
    /// A fresh server whose engine clock starts at `start`.
    async fn start(mode: Mode, start: jiff::Timestamp) -> Server {
        let directory = tempfile::tempdir().expect("a temporary directory");
        let store = SqliteStore::open(&directory.path().join("served.db")).expect("open");
        let clock = Arc::new(ManualClock::new(start));
        let engine = Engine::start(
            AnyStore::Sqlite(store),
            clock.clone(),
            Policy::default(),
            EngineConfig::default(),
        );
        let (_, operator) = auth::create_key(engine.store(), &Scope::Operator, "test", clock.now())
            .await
            .expect("an operator key");
        let files = Arc::new(LocalDisk::new(directory.path().join("evidence")));
        let mut operations = Operations::default();
        let state = match mode {
            Mode::Sandbox => AppState::sandbox(engine.clone(), files, clock),
            Mode::RateLimited(per_second) => {
                let per_second = NonZeroU32::new(per_second).expect("a rate");
                operations.rate_limit = Some(RateLimit {
                    per_second,
                    burst: per_second,
                });
                AppState::sandbox(engine.clone(), files, clock)
            }
            Mode::Live => AppState::live(engine.clone(), files),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let served = tokio::spawn(serve_with(listener, state, operations, async {
            let _ = stopped.await;
        }));
        Server {
            url,
            operator,
            engine,
            stop: Some(stop),
            served,
            _directory: directory,
        }
    }

    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.served
            .await
            .expect("the server task")
            .expect("the server stops cleanly");
    }
}

fn origin(model: &Model) -> jiff::Timestamp {
    let zone = jiff::tz::TimeZone::get(&Policy::default().time_zone).expect("a zone");
    model.origin(&zone).expect("an origin")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_http_gives_the_same_outputs_as_in_process() {
    let model = Model::small();
    // Ten days of seed 4: disputes and a verdict, and evaluations whose penalties feed back
    // into the merchants' behaviour.
    let (seed, days) = (4, 10);
    let server = Server::start(Mode::Sandbox, origin(&model)).await;
    let driver = HttpDriver::connect(&server.url, &server.operator)
        .await
        .expect("the driver connects");
    let over_http = redress_sim::run(&driver, &model, seed, days, &mut Silent)
        .await
        .unwrap_or_else(|e| panic!("seed {seed}: the simulation over HTTP failed: {e}"));
    check_books(&server.engine, &over_http).await;
    let keys = server.engine.store().api_keys().await.expect("the keys");
    server.stop().await;

    let in_process = simulate(&model, &Policy::default(), seed, days).await;
    let (a, b) = (files(&in_process), files(&over_http));
    assert_eq!(first_difference(&a, &b), None, "seed {seed}");
    // The comparison compared something: tickets, a verdict, an evaluation.
    let summary = redress_sim::outputs::Summary::of(&over_http);
    assert!(summary.tickets > 20, "only {} tickets", summary.tickets);
    assert!(summary.decided_by_arbitrator > 0, "no verdict was given");
    assert!(!over_http.evaluations.is_empty(), "no evaluation ran");
    assert!(summary.penalties > 0, "no penalty was read back");

    // Each party acted with a key of its own role and scope.
    let roles: BTreeSet<&str> = keys.iter().map(|k| k.role.as_str()).collect();
    assert_eq!(
        roles,
        BTreeSet::from(["arbitrator", "buyer", "integration", "merchant", "operator"])
    );
    let merchants: BTreeSet<&str> = keys
        .iter()
        .filter_map(|k| k.merchant_id.as_deref())
        .collect();
    assert_eq!(
        merchants.len(),
        model.merchants.count as usize,
        "a key per merchant"
    );
    let buyers = keys.iter().filter(|k| k.buyer_id.is_some()).count();
    assert!(
        buyers > 1 && buyers <= model.buyers.count as usize,
        "{buyers} buyer keys"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_it_cannot_drive_is_refused_with_the_reason() {
    let model = Model::small();
    let error = |result: Result<HttpDriver, SimError>| match result {
        Ok(_) => panic!("the driver connected"),
        Err(e) => e.to_string(),
    };

    // A live server's clock is the wall clock: the simulation cannot move it.
    let live = Server::start(Mode::Live, origin(&model)).await;
    let message = error(HttpDriver::connect(&live.url, &live.operator).await);
    assert!(message.contains("--sandbox"), "{message}");
    live.stop().await;

    let sandbox = Server::start(Mode::Sandbox, origin(&model)).await;
    // A key that is not an operator's cannot create the parties' keys.
    let (_, merchant) = auth::create_key(
        sandbox.engine.store(),
        &Scope::Merchant(redress_domain::MerchantId::parse("m00001").expect("an id")),
        "test",
        jiff::Timestamp::UNIX_EPOCH,
    )
    .await
    .expect("a merchant key");
    let message = error(HttpDriver::connect(&sandbox.url, &merchant).await);
    assert!(
        message.contains("creating a key") && message.contains("forbidden"),
        "{message}"
    );
    let message = error(HttpDriver::connect(&sandbox.url, "rk_live_not-a-key").await);
    assert!(message.contains("unauthenticated"), "{message}");
    sandbox.stop().await;

    // A sandbox whose clock is past the model's start: the message says how to start it.
    let late = origin(&model)
        .checked_add(jiff::SignedDuration::from_hours(24))
        .expect("in range");
    let sandbox = Server::start(Mode::Sandbox, late).await;
    let driver = HttpDriver::connect(&sandbox.url, &sandbox.operator)
        .await
        .expect("the driver connects");
    let message = match redress_sim::run(&driver, &model, 1, 1, &mut Silent).await {
        Ok(_) => panic!("the simulation ran on a clock past its start"),
        Err(e) => e.to_string(),
    };
    assert!(message.contains("--sandbox-start"), "{message}");
    sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limited_server_is_waited_for_not_failed() {
    let model = Model::small();
    let (seed, days) = (2, 2);
    // The set-up alone sends over a hundred buyers' trust inputs at once on one key.
    let server = Server::start(Mode::RateLimited(50), origin(&model)).await;
    let driver = HttpDriver::connect(&server.url, &server.operator)
        .await
        .expect("the driver connects");
    let over_http = redress_sim::run(&driver, &model, seed, days, &mut Silent)
        .await
        .unwrap_or_else(|e| panic!("seed {seed}: the simulation over HTTP failed: {e}"));
    let metrics = reqwest::Client::new()
        .get(format!("{}/metrics", server.url))
        .bearer_auth(&server.operator)
        .send()
        .await
        .expect("/metrics answers")
        .text()
        .await
        .expect("a text");
    server.stop().await;
    let turned_away: u64 = metrics
        .lines()
        .filter(|line| {
            line.starts_with("redress_http_requests_total") && line.contains("status=\"429\"")
        })
        .filter_map(|line| line.rsplit(' ').next()?.parse::<u64>().ok())
        .sum();
    assert!(turned_away > 0, "the rate limit never applied:\n{metrics}");
    let in_process = simulate(&model, &Policy::default(), seed, days).await;
    assert_eq!(
        first_difference(&files(&in_process), &files(&over_http)),
        None,
        "seed {seed}"
    );
}
