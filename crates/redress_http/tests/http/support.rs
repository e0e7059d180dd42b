//! The harness: `each_backend` runs a test against a server on SQLite and, when
//! `REDRESS_TEST_POSTGRES` is set (required when `CI` is), on PostgreSQL in a fresh schema;
//! `TestApp` holds the server, a client, one API key per role and scope, and the manual clock.
//! The backends and databases come from `redress_testkit`, as in the other test binaries.
//!
//! When a test's body is done with its server (stopped or dropped), the harness shuts the
//! engine down and runs the end-of-test proofs (`redress_testkit::proofs::left_behind`): no
//! deadline due at the clock's time left unfired, projections equal to a replay of the log,
//! merchant figures equal to the oracle's recount. A failure, of the body or of the proofs,
//! names its backend.

use redress_domain::{Policy, Timestamp};
use redress_engine::{Engine, EngineConfig, ManualClock};
use redress_http::auth::{self, Scope};
use redress_http::{AppState, Operations};
use redress_store::AnyStore;
use redress_testkit::proofs::{close, left_behind};
use redress_testkit::{Backend, Database, on_backend};
use serde_json::{Value, json};
use std::future::Future;
use std::sync::Arc;

// Kept under its old path for tests that name the variable in their messages.
#[allow(unused_imports)]
pub use redress_testkit::POSTGRES_VARIABLE;

/// When every test starts: a Monday morning in Shanghai.
pub fn start() -> Timestamp {
    "2026-03-02T02:00:00Z".parse().expect("an instant")
}

/// The secrets of the keys every test gets.
#[derive(Clone, Debug)]
pub struct Keys {
    pub operator: String,
    pub arbitrator: String,
    pub integration: String,
    /// Merchant `M-1`.
    pub merchant: String,
    /// Merchant `M-2`: foreign to everything of `M-1`.
    pub other_merchant: String,
    /// Buyer `B-1`.
    pub buyer: String,
    /// Buyer `B-2`: foreign to everything of `B-1`.
    pub other_buyer: String,
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    /// The problem's `code`, checking the answer is problem+json.
    pub fn code(&self) -> &str {
        assert_eq!(
            self.content_type, "application/problem+json",
            "a problem: {self:?}"
        );
        self.body["code"].as_str().expect("a problem has a code")
    }

    /// The fields the problem names.
    pub fn fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| e["field"].as_str().expect("a field").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[derive(Debug)]
pub struct TestApp {
    pub backend: &'static str,
    pub base: String,
    pub client: reqwest::Client,
    pub clock: Arc<ManualClock>,
    pub engine: Engine<AnyStore>,
    pub keys: Keys,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    /// Where the server keeps evidence files; removed with the app.
    _files: tempfile::TempDir,
}

impl TestApp {
    async fn spawn(
        backend: &'static str,
        store: AnyStore,
        sandbox: bool,
        operations: Operations,
    ) -> TestApp {
        let now = start();
        let key = |scope: Scope| {
            let store = store.clone();
            async move {
                auth::create_key(&store, &scope, "test", now)
                    .await
                    .expect("the key is stored")
                    .1
            }
        };
        let merchant = |raw: &str| Scope::parse("merchant", Some(raw), None).expect("a scope");
        let buyer = |raw: &str| Scope::parse("buyer", None, Some(raw)).expect("a scope");
        let keys = Keys {
            operator: key(Scope::Operator).await,
            arbitrator: key(Scope::Arbitrator).await,
            integration: key(Scope::Integration).await,
            merchant: key(merchant("M-1")).await,
            other_merchant: key(merchant("M-2")).await,
            buyer: key(buyer("B-1")).await,
            other_buyer: key(buyer("B-2")).await,
        };
        let clock = Arc::new(ManualClock::new(now));
        let engine = Engine::start(
            store,
            clock.clone(),
            Policy::default(),
            EngineConfig::default(),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let base = format!("http://{}", listener.local_addr().expect("bound"));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let files_dir = tempfile::tempdir().expect("a directory for evidence files");
        let files = std::sync::Arc::new(redress_http::evidence_files::LocalDisk::new(
            files_dir.path(),
        ));
        let state = if sandbox {
            AppState::sandbox(engine.clone(), files, clock.clone())
        } else {
            AppState::live(engine.clone(), files)
        };
        let server = tokio::spawn(redress_http::serve_with(
            listener,
            state,
            // The console's pages beside the API, as `redress serve` serves them.
            Operations {
                pages: redress_console::router(),
                ..operations
            },
            async move {
                let _ = stopped.await;
            },
        ));
        TestApp {
            backend,
            base,
            client: reqwest::Client::new(),
            clock,
            engine,
            keys,
            stop: Some(stop),
            server: Some(server),
            _files: files_dir,
        }
    }

    /// Where the server keeps evidence files.
    pub fn evidence_dir(&self) -> &std::path::Path {
        self._files.path()
    }

    /// Stop gracefully, as on SIGTERM, and wait until the engine has committed everything.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server
                .await
                .expect("the server task ends")
                .expect("the server stops cleanly");
        }
    }

    /// Send a request; `body` is sent as JSON when given.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        key: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        read(request.send().await.expect("the server answers")).await
    }

    /// Send raw bytes with a content type, for malformed bodies.
    pub async fn raw(&self, path: &str, key: &str, content_type: &str, body: &str) -> Answer {
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(key)
            .header("content-type", content_type)
            .body(body.to_owned());
        read(request.send().await.expect("the server answers")).await
    }

    pub async fn get(&self, path: &str, key: &str) -> Answer {
        self.call("GET", path, Some(key), None, &[]).await
    }

    pub async fn post(&self, path: &str, key: &str, body: Value) -> Answer {
        self.call("POST", path, Some(key), Some(&body), &[]).await
    }

    pub async fn put(&self, path: &str, key: &str, body: Value) -> Answer {
        self.call("PUT", path, Some(key), Some(&body), &[]).await
    }

    /// Post and insist on success.
    pub async fn ok(&self, path: &str, key: &str, body: Value) -> Value {
        let answer = self.post(path, key, body).await;
        assert!(
            (200..300).contains(&answer.status),
            "POST {path}: {answer:?}"
        );
        answer.body
    }

    /// Put and insist on success.
    pub async fn put_ok(&self, path: &str, key: &str, body: Value) -> Value {
        let answer = self.put(path, key, body).await;
        assert!(
            (200..300).contains(&answer.status),
            "PUT {path}: {answer:?}"
        );
        answer.body
    }

    /// Every event in the log: a test that must change nothing compares it before and after.
    pub async fn events(&self) -> usize {
        match self.engine.store() {
            AnyStore::Sqlite(store) => store.events_after(0, 1_000_000).await.expect("reads").len(),
            AnyStore::Postgres(store) => {
                store.events_after(0, 1_000_000).await.expect("reads").len()
            }
        }
    }

    /// Move the clock on by `hours`.
    pub fn advance_hours(&self, hours: i64) {
        let to = self
            .clock_now()
            .checked_add(redress_domain::SignedDuration::from_hours(hours))
            .expect("in range");
        self.clock.set(to).expect("forward");
    }

    fn clock_now(&self) -> Timestamp {
        use redress_engine::Clock;
        self.clock.now()
    }

    /// Place order `id` for `merchant` and `buyer`: one item of 200.00 CNY, paid a day ago.
    pub async fn place_order(&self, id: &str, merchant: &str, buyer: &str) {
        self.ok(
            "/v1/orders",
            &self.keys.integration,
            order_body(id, merchant, buyer),
        )
        .await;
    }

    pub async fn ticket_state(&self, ticket: &str) -> String {
        let answer = self
            .get(&format!("/v1/tickets/{ticket}"), &self.keys.operator)
            .await;
        assert_eq!(answer.status, 200, "{answer:?}");
        answer.body["state"].as_str().expect("a state").to_owned()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(server) = &self.server {
            server.abort();
        }
    }
}

async fn read(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let bytes = response.bytes().await.expect("a body");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    Answer {
        status,
        content_type,
        headers,
        body,
    }
}

/// The JSON of an order of one seven-day-returnable item of 200.00 CNY.
pub fn order_body(id: &str, merchant: &str, buyer: &str) -> Value {
    json!({
        "id": id,
        "merchant_id": merchant,
        "buyer_id": buyer,
        "items": [{
            "id": "I-1",
            "product_id": "P-1",
            "category": "apparel",
            "quantity": 1,
            "amount": { "amount": 20000, "currency": "CNY" },
            "seven_day_return": true
        }],
        "paid": { "amount": 20000, "currency": "CNY" },
        "paid_at": "2026-03-01T02:00:00Z"
    })
}

pub fn cny(amount: i64) -> Value {
    json!({ "amount": amount, "currency": "CNY" })
}

/// Run `test` against a server on SQLite, then on PostgreSQL if configured
/// ([`Backend::each`]), each followed by the end-of-test proofs. A set but unreachable server
/// fails the test: CI must not pass by skipping.
pub async fn each_backend<F, Fut>(test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    each_backend_in(false, loopback_receivers(), test).await;
}

/// The settings of most tests: their webhook receivers listen on 127.0.0.1, which a
/// production server refuses (`redress serve --webhooks-allow-private-targets`).
pub fn loopback_receivers() -> Operations {
    Operations {
        webhooks_allow_private_targets: true,
        ..Operations::default()
    }
}

/// [`each_backend`] with the server in sandbox mode (`redress serve --sandbox`).
pub async fn each_backend_sandbox<F, Fut>(test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    each_backend_in(true, loopback_receivers(), test).await;
}

/// [`each_backend`] with a server started with `operations` (rate limits, connection
/// limits; webhooks to public addresses only unless they say otherwise).
pub async fn each_backend_with<F, Fut>(operations: Operations, test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    each_backend_in(false, operations, test).await;
}

async fn each_backend_in<F, Fut>(sandbox: bool, operations: Operations, test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    for backend in Backend::each() {
        let database = Database::create(&backend, "redress_http_test");
        let app = TestApp::spawn(
            backend.name(),
            database.open().await,
            sandbox,
            operations.clone(),
        )
        .await;
        let (engine, clock) = (app.engine.clone(), app.clock.clone());
        on_backend(&backend, test(app)).await;
        let problems = left_behind_by_server(&database, engine, clock).await;
        assert!(
            problems.is_empty(),
            "failed on {backend}: the test left: {problems:#?}"
        );
    }
}

/// The end-of-test proofs after a body is done with its server. API tests move the clock by
/// hand, as a client's time passes, without firing: so first what fell due by the clock's
/// time is fired, as the server's scheduler would on its next round, by an engine started
/// afresh (the body may have stopped the server's). Firing must succeed and leave nothing
/// due; then projections must equal a replay and the figures the oracle's recount.
async fn left_behind_by_server(
    database: &Database,
    engine: Engine<AnyStore>,
    clock: Arc<ManualClock>,
) -> Vec<String> {
    // Whatever the body left running has finished before the proofs look; the platform's
    // calendar is the one of the policy the body left in force.
    engine.shutdown().await;
    let zone = engine.zone();
    let now = redress_engine::Clock::now(&*clock);
    let store = database.open().await;
    let scheduler = Engine::start(
        store.clone(),
        clock,
        Policy::default(),
        EngineConfig::default(),
    );
    let fired = scheduler.fire_due().await;
    scheduler.shutdown().await;
    let mut problems = match fired {
        Ok(_) => Vec::new(),
        Err(error) => vec![format!("firing what was due at {now} failed: {error}")],
    };
    problems.extend(left_behind(&store, now, &zone).await);
    close(&store).await;
    problems
}
