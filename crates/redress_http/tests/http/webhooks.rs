//! Webhooks end to end: a local receiver (a tiny axum server on a random port) gets signed
//! deliveries; one that fails is retried with backoff on the manual clock; one that keeps
//! failing ends in the dead letters until redelivered; merchants see only their own events.
//! Delivery is driven by `Dispatcher::dispatch_due`, never by sleeping.

use crate::support::{TestApp, cny, each_backend, each_backend_with};
use axum::http::HeaderMap;
use redress_domain::{SignedDuration, Timestamp};
use redress_engine::Clock;
use redress_http::Operations;
use redress_http::webhooks::{DeliveryConfig, Dispatcher};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// The dispatcher's settings for receivers on 127.0.0.1 (`localhost` for TLS).
pub(crate) fn loopback() -> DeliveryConfig {
    DeliveryConfig {
        allow_private_targets: true,
        ..DeliveryConfig::default()
    }
}

/// What the receiver got.
#[derive(Clone, Debug)]
pub(crate) struct Received {
    pub(crate) headers: HeaderMap,
    pub(crate) body: String,
}

/// A receiver that answers each request with the next scripted status, then `otherwise`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Receiver {
    pub(crate) url: String,
    script: Arc<Mutex<VecDeque<u16>>>,
    otherwise: Arc<Mutex<u16>>,
    received: Arc<Mutex<Vec<Received>>>,
}

/// Serve `app` over TLS, one task per connection.
async fn serve_tls(
    listener: tokio::net::TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
    app: axum::Router,
) {
    while let Ok((tcp, _)) = listener.accept().await {
        let (acceptor, app) = (acceptor.clone(), app.clone());
        tokio::spawn(async move {
            // A client that refuses the certificate ends the handshake: nothing to serve.
            let Ok(tls) = acceptor.accept(tcp).await else {
                return;
            };
            let service = hyper_util::service::TowerToHyperService::new(app);
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(tls), service)
                .await;
        });
    }
}

impl Receiver {
    async fn start_with(
        script: &[u16],
        otherwise: u16,
        tls: Option<tokio_rustls::TlsAcceptor>,
    ) -> Receiver {
        let receiver = Receiver {
            url: String::new(),
            script: Arc::new(Mutex::new(script.iter().copied().collect())),
            otherwise: Arc::new(Mutex::new(otherwise)),
            received: Arc::default(),
        };
        let state = receiver.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let state = state.clone();
                async move {
                    state
                        .received
                        .lock()
                        .expect("not poisoned")
                        .push(Received { headers, body });
                    let next = state.script.lock().expect("not poisoned").pop_front();
                    let status = next.unwrap_or(*state.otherwise.lock().expect("not poisoned"));
                    axum::http::StatusCode::from_u16(status).expect("a status")
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let port = listener.local_addr().expect("bound").port();
        let url = match tls {
            None => {
                tokio::spawn(async move { axum::serve(listener, app).await });
                format!("http://127.0.0.1:{port}/hook")
            }
            Some(acceptor) => {
                tokio::spawn(serve_tls(listener, acceptor, app));
                format!("https://localhost:{port}/hook")
            }
        };
        Receiver { url, ..receiver }
    }

    pub(crate) async fn start(script: &[u16], otherwise: u16) -> Receiver {
        Receiver::start_with(script, otherwise, None).await
    }

    /// A receiver behind HTTPS with a self-signed certificate for `localhost`, and that
    /// certificate (which a dispatcher must be told to trust).
    async fn start_tls(script: &[u16], otherwise: u16) -> (Receiver, reqwest::Certificate) {
        let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()])
            .expect("a self-signed certificate");
        let der = certified.cert.der().clone();
        let key = tokio_rustls::rustls::pki_types::PrivateKeyDer::Pkcs8(
            certified.signing_key.serialize_der().into(),
        );
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(vec![der.clone()], key)
            .expect("a server configuration");
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let receiver = Receiver::start_with(script, otherwise, Some(acceptor)).await;
        let certificate = reqwest::Certificate::from_der(&der).expect("a certificate");
        (receiver, certificate)
    }

    fn recover(&self) {
        *self.otherwise.lock().expect("not poisoned") = 200;
    }

    pub(crate) fn received(&self) -> Vec<Received> {
        self.received.lock().expect("not poisoned").clone()
    }

    pub(crate) fn bodies(&self) -> Vec<Value> {
        self.received()
            .iter()
            .map(|r| serde_json::from_str(&r.body).expect("JSON"))
            .collect()
    }
}

pub(crate) async fn subscribe(app: &TestApp, key: &str, url: &str, body: Value) -> Value {
    let mut body = body;
    body["url"] = json!(url);
    let answer = app.post("/v1/webhooks", key, body).await;
    assert_eq!(answer.status, 201, "{answer:?}");
    answer.body
}

async fn open_ticket(app: &TestApp, order: &str, merchant: &str, buyer_key: &str, ticket: &str) {
    app.place_order(
        order,
        merchant,
        if merchant == "M-1" { "B-1" } else { "B-2" },
    )
    .await;
    app.ok(
        &format!("/v1/orders/{order}/tickets"),
        buyer_key,
        json!({
            "ticket_id": ticket, "kind": "refund_only", "reason": "dont_want",
            "amount": cny(20000)
        }),
    )
    .await;
}

fn advance(app: &TestApp, seconds: i64) -> Timestamp {
    let to = app
        .clock
        .now()
        .checked_add(SignedDuration::from_secs(seconds))
        .expect("in range");
    app.clock.set(to).expect("forward");
    to
}

async fn log_of(app: &TestApp, key: &str, webhook: &str) -> Vec<Value> {
    let answer = app
        .get(&format!("/v1/webhooks/{webhook}/deliveries"), key)
        .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    answer.body["data"].as_array().expect("a list").clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn ticket_opened_arrives_signed_per_standard_webhooks() {
    each_backend(|app: TestApp| async move {
        let receiver = Receiver::start(&[], 200).await;
        let keys = app.keys.clone();
        let created = subscribe(
            &app,
            &keys.merchant,
            &receiver.url,
            json!({ "event_types": ["ticket.opened"] }),
        )
        .await;
        let secret = created["secret"].as_str().expect("a secret").to_owned();
        assert!(secret.starts_with("whsec_"), "{created}");
        assert_eq!(created["merchant_id"], "M-1");
        open_ticket(&app, "O-1", "M-1", &keys.buyer, "T-1").await;

        // The reference verifier rejects timestamps more than five minutes from the wall
        // clock, so this test's manual clock is moved to it before delivering.
        app.clock.set(Timestamp::now()).expect("forward");
        let dispatcher = Dispatcher::new(&app.engine, loopback());
        let attempted = dispatcher
            .dispatch_due(app.clock.now())
            .await
            .expect("delivers");
        assert_eq!(attempted, 1, "{}", app.backend);

        let received = receiver.received();
        assert_eq!(received.len(), 1);
        let body: Value = serde_json::from_str(&received[0].body).expect("JSON");
        assert_eq!(body["type"], "ticket.opened");
        assert_eq!(body["data"]["ticket_id"], "T-1");
        assert_eq!(body["data"]["merchant_id"], "M-1");
        assert_eq!(body["data"]["amount_minor"], 20000);
        assert!(body.get("sandbox").is_none(), "{body}");
        let oracle = standardwebhooks::Webhook::new(&secret).expect("a valid secret");
        oracle
            .verify(received[0].body.as_bytes(), &received[0].headers)
            .expect("the signature verifies");
        let forged = standardwebhooks::Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            .expect("a valid secret");
        assert!(
            forged
                .verify(received[0].body.as_bytes(), &received[0].headers)
                .is_err(),
            "another secret must not verify"
        );

        // Delivered once: nothing is due again.
        assert_eq!(
            dispatcher
                .dispatch_due(advance(&app, 3600))
                .await
                .expect("runs"),
            0
        );
        let log = log_of(&app, &keys.merchant, created["id"].as_str().expect("an id")).await;
        assert_eq!(log.len(), 1);
        assert_eq!(log[0]["state"], "delivered");
        assert_eq!(log[0]["log"][0]["status_code"], 200);
        assert_eq!(
            received[0].headers["webhook-id"].to_str().expect("ASCII"),
            log[0]["message_id"]
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_https_receiver_gets_deliveries_only_with_a_certificate_it_can_prove() {
    each_backend(|app: TestApp| async move {
        let (receiver, certificate) = Receiver::start_tls(&[], 200).await;
        assert!(receiver.url.starts_with("https://"), "{}", receiver.url);
        let keys = app.keys.clone();
        let created = subscribe(
            &app,
            &keys.merchant,
            &receiver.url,
            json!({ "event_types": ["ticket.opened"] }),
        )
        .await;
        open_ticket(&app, "O-1", "M-1", &keys.buyer, "T-1").await;
        let webhook = created["id"].as_str().expect("an id").to_owned();

        // Without the receiver's certificate among its roots the dispatcher refuses the
        // self-signed certificate: the attempt fails and nothing reaches the receiver.
        let untrusting = Dispatcher::new(&app.engine, loopback());
        assert_eq!(
            untrusting
                .dispatch_due(app.clock.now())
                .await
                .expect("runs"),
            1
        );
        assert!(receiver.received().is_empty());
        let log = log_of(&app, &keys.merchant, &webhook).await;
        assert_eq!(log[0]["state"], "pending", "{log:?}");
        assert_eq!(log[0]["log"][0]["status_code"], Value::Null, "{log:?}");
        assert!(
            log[0]["log"][0]["error"]
                .as_str()
                .is_some_and(|e| !e.is_empty()),
            "the failure is logged: {log:?}"
        );

        // Trusting it, the retry is delivered over TLS and verifies.
        let trusting = Dispatcher::new(
            &app.engine,
            DeliveryConfig {
                extra_roots: vec![certificate],
                ..loopback()
            },
        );
        assert_eq!(
            trusting
                .dispatch_due(advance(&app, 3600))
                .await
                .expect("runs"),
            1
        );
        let received = receiver.received();
        assert_eq!(received.len(), 1);
        let body: Value = serde_json::from_str(&received[0].body).expect("JSON");
        assert_eq!(body["data"]["ticket_id"], "T-1");
        let log = log_of(&app, &keys.merchant, &webhook).await;
        assert_eq!(log[0]["state"], "delivered", "{log:?}");
        assert_eq!(log[0]["log"][1]["status_code"], 200);
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_receiver_is_retried_with_backoff_until_it_recovers() {
    each_backend(|app: TestApp| async move {
        let receiver = Receiver::start(&[500, 500], 200).await;
        let keys = app.keys.clone();
        let created = subscribe(
            &app,
            &keys.operator,
            &receiver.url,
            json!({ "event_types": ["ticket.opened", "ticket.refunded"] }),
        )
        .await;
        assert!(created["merchant_id"].is_null(), "platform-wide: {created}");
        open_ticket(&app, "O-1", "M-1", &keys.buyer, "T-1").await;
        let dispatcher = Dispatcher::new(&app.engine, loopback());
        let now = app.clock.now();
        assert_eq!(dispatcher.dispatch_due(now).await.expect("runs"), 1);
        // The first retry is 30 s later, the second 60 s after that.
        assert_eq!(dispatcher.dispatch_due(now).await.expect("runs"), 0);
        assert_eq!(
            dispatcher
                .dispatch_due(advance(&app, 29))
                .await
                .expect("runs"),
            0
        );
        assert_eq!(
            dispatcher
                .dispatch_due(advance(&app, 1))
                .await
                .expect("runs"),
            1
        );
        assert_eq!(
            dispatcher
                .dispatch_due(advance(&app, 59))
                .await
                .expect("runs"),
            0
        );
        assert_eq!(
            dispatcher
                .dispatch_due(advance(&app, 1))
                .await
                .expect("runs"),
            1
        );
        assert_eq!(
            dispatcher
                .dispatch_due(advance(&app, 3600))
                .await
                .expect("runs"),
            0
        );

        let received = receiver.received();
        assert_eq!(received.len(), 3);
        let ids: Vec<&str> = received
            .iter()
            .map(|r| r.headers["webhook-id"].to_str().expect("ASCII"))
            .collect();
        assert!(
            ids.iter().all(|id| *id == ids[0]),
            "one message id: {ids:?}"
        );
        let log = log_of(&app, &keys.operator, created["id"].as_str().expect("an id")).await;
        assert_eq!(log.len(), 1, "{log:?}");
        assert_eq!(log[0]["state"], "delivered");
        assert_eq!(log[0]["attempts"], 3);
        let statuses: Vec<&Value> = log[0]["log"]
            .as_array()
            .expect("attempts")
            .iter()
            .map(|a| &a["status_code"])
            .collect();
        assert_eq!(statuses, [&json!(500), &json!(500), &json!(200)]);
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_receiver_that_keeps_failing_is_dead_lettered_and_redelivered() {
    each_backend(|app: TestApp| async move {
        let receiver = Receiver::start(&[], 503).await;
        let keys = app.keys.clone();
        let created = subscribe(
            &app,
            &keys.merchant,
            &receiver.url,
            json!({ "event_types": ["ticket.opened"] }),
        )
        .await;
        open_ticket(&app, "O-1", "M-1", &keys.buyer, "T-1").await;
        let config = DeliveryConfig {
            attempts_max: 3,
            sandbox: true,
            ..loopback()
        };
        let dispatcher = Dispatcher::new(&app.engine, config);
        let mut attempted = dispatcher
            .dispatch_due(app.clock.now())
            .await
            .expect("runs");
        for _ in 0..4 {
            attempted += dispatcher
                .dispatch_due(advance(&app, 3600))
                .await
                .expect("runs");
        }
        assert_eq!(attempted, 3, "three attempts, then no more");
        assert!(receiver.bodies().iter().all(|b| b["sandbox"] == true));

        let dead = app.get("/v1/webhooks/dead-letters", &keys.merchant).await;
        let dead = dead.body["data"].as_array().expect("a list").clone();
        assert_eq!(dead.len(), 1, "{dead:?}");
        assert_eq!(dead[0]["state"], "dead");
        assert_eq!(dead[0]["log"].as_array().expect("a log").len(), 3);
        let other = app
            .get("/v1/webhooks/dead-letters", &keys.other_merchant)
            .await;
        assert_eq!(other.body["data"], json!([]), "M-2 sees none of M-1's");

        let delivery = dead[0]["id"].as_str().expect("an id");
        let path = format!("/v1/webhooks/deliveries/{delivery}/redeliver");
        let foreign = app.post(&path, &keys.other_merchant, json!({})).await;
        assert_eq!((foreign.status, foreign.code()), (404, "delivery_unknown"));
        receiver.recover();
        let queued = app.post(&path, &keys.merchant, json!({})).await;
        assert_eq!(queued.status, 202, "{queued:?}");
        assert_eq!(queued.body["state"], "pending");
        assert_eq!(
            dispatcher
                .dispatch_due(app.clock.now())
                .await
                .expect("runs"),
            1
        );

        let log = log_of(&app, &keys.merchant, created["id"].as_str().expect("an id")).await;
        assert_eq!(log[0]["state"], "delivered");
        assert_eq!(log[0]["attempts"], 4);
        let dead = app.get("/v1/webhooks/dead-letters", &keys.operator).await;
        assert_eq!(dead.body["data"], json!([]));
        assert_eq!(receiver.received().len(), 4);
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_merchant_subscription_gets_only_its_own_merchants_events() {
    each_backend(|app: TestApp| async move {
        let first = Receiver::start(&[], 200).await;
        let second = Receiver::start(&[], 200).await;
        let keys = app.keys.clone();
        let mine = subscribe(
            &app,
            &keys.merchant,
            &first.url,
            json!({ "event_types": ["ticket.opened"] }),
        )
        .await;
        subscribe(
            &app,
            &keys.other_merchant,
            &second.url,
            json!({ "event_types": ["ticket.opened"] }),
        )
        .await;
        // A merchant's key cannot subscribe for another merchant.
        let refused = app
            .post(
                "/v1/webhooks",
                &keys.merchant,
                json!({ "url": first.url, "event_types": ["ticket.opened"], "merchant_id": "M-2" }),
            )
            .await;
        assert_eq!((refused.status, refused.code()), (400, "invalid_input"));
        assert_eq!(refused.fields(), ["merchant_id"]);

        open_ticket(&app, "O-1", "M-1", &keys.buyer, "T-1").await;
        open_ticket(&app, "O-2", "M-2", &keys.other_buyer, "T-2").await;
        let dispatcher = Dispatcher::new(&app.engine, loopback());
        assert_eq!(
            dispatcher
                .dispatch_due(app.clock.now())
                .await
                .expect("runs"),
            2
        );
        let tickets = |r: &Receiver| -> Vec<Value> {
            r.bodies()
                .iter()
                .map(|b| b["data"]["ticket_id"].clone())
                .collect()
        };
        assert_eq!(tickets(&first), [json!("T-1")]);
        assert_eq!(tickets(&second), [json!("T-2")]);

        // M-2 neither lists nor reads M-1's subscription.
        let listed = app.get("/v1/webhooks", &keys.other_merchant).await;
        assert_eq!(listed.body["data"].as_array().expect("a list").len(), 1);
        assert_ne!(listed.body["data"][0]["id"], mine["id"]);
        assert!(
            listed.body["data"][0].get("secret").is_none(),
            "no secret in lists"
        );
        let id = mine["id"].as_str().expect("an id");
        // One subscription reads like a row of the list: without its secret, scoped alike.
        for key in [&keys.merchant, &keys.operator] {
            let one = app.get(&format!("/v1/webhooks/{id}"), key).await;
            assert_eq!(one.status, 200);
            assert_eq!(one.body["id"], mine["id"]);
            assert_eq!(one.body["event_types"], json!(["ticket.opened"]));
            assert!(one.body.get("secret").is_none(), "no secret once created");
        }
        let hidden = app
            .get(&format!("/v1/webhooks/{id}"), &keys.other_merchant)
            .await;
        assert_eq!((hidden.status, hidden.code()), (404, "webhook_unknown"));
        let foreign = app
            .get(
                &format!("/v1/webhooks/{id}/deliveries"),
                &keys.other_merchant,
            )
            .await;
        assert_eq!((foreign.status, foreign.code()), (404, "webhook_unknown"));
        let gone = app
            .call(
                "DELETE",
                &format!("/v1/webhooks/{id}"),
                Some(&keys.other_merchant),
                None,
                &[],
            )
            .await;
        assert_eq!(gone.status, 404);
        let deleted = app
            .call(
                "DELETE",
                &format!("/v1/webhooks/{id}"),
                Some(&keys.merchant),
                None,
                &[],
            )
            .await;
        assert_eq!(deleted.status, 204);
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_subscriptions_are_refused_and_change_nothing() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        let cases = [
            (json!({ "url": "ftp://x/hook", "event_types": ["ticket.opened"] }), "url"),
            (json!({ "url": "not a url", "event_types": ["ticket.opened"] }), "url"),
            (
                json!({ "url": "http://127.0.0.1:9/hook", "event_types": ["ticket.opened", "ticket.exploded"] }),
                "event_types[1]",
            ),
            (
                json!({ "url": "http://127.0.0.1:9/hook", "event_types": ["ticket.opened"], "merchant_id": "" }),
                "merchant_id",
            ),
        ];
        for (body, field) in cases {
            let answer = app.post("/v1/webhooks", &keys.operator, body.clone()).await;
            assert_eq!((answer.status, answer.code()), (400, "invalid_input"), "{body}");
            assert_eq!(answer.fields(), [field], "{body}");
        }
        let listed = app.get("/v1/webhooks", &keys.operator).await;
        assert_eq!(listed.body["data"], json!([]));
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_approaching_deadline_is_announced_twelve_hours_before_once() {
    each_backend(|app: TestApp| async move {
        let receiver = Receiver::start(&[], 200).await;
        let keys = app.keys.clone();
        subscribe(
            &app,
            &keys.merchant,
            &receiver.url,
            json!({ "event_types": ["ticket.deadline_approaching"] }),
        )
        .await;
        // The merchant has 48 h to answer a refund request.
        open_ticket(&app, "O-1", "M-1", &keys.buyer, "T-1").await;
        let dispatcher = Dispatcher::new(&app.engine, loopback());
        assert_eq!(
            dispatcher
                .dispatch_due(app.clock.now())
                .await
                .expect("runs"),
            0
        );
        let early = advance(&app, 36 * 3600 - 1);
        assert_eq!(dispatcher.dispatch_due(early).await.expect("runs"), 0);
        let twelve_before = advance(&app, 1);
        assert_eq!(
            dispatcher.dispatch_due(twelve_before).await.expect("runs"),
            1
        );
        assert_eq!(
            dispatcher
                .dispatch_due(advance(&app, 3600))
                .await
                .expect("runs"),
            0
        );
        let bodies = receiver.bodies();
        assert_eq!(bodies.len(), 1, "announced once: {bodies:?}");
        assert_eq!(bodies[0]["type"], "ticket.deadline_approaching");
        assert_eq!(bodies[0]["data"]["ticket_id"], "T-1");
        assert_eq!(bodies[0]["data"]["deadline_kind"], "merchant_response");
        let due = twelve_before
            .checked_add(SignedDuration::from_hours(12))
            .expect("in range");
        assert_eq!(bodies[0]["data"]["due_at"], due.to_string());
        app.stop().await;
    })
    .await;
}

/// In a sandbox, an advance delivers what falls due before it answers, counts the attempts,
/// and every payload says it is test traffic.
#[tokio::test(flavor = "multi_thread")]
async fn a_sandbox_advance_delivers_due_webhooks_marked_as_sandbox() {
    crate::support::each_backend_sandbox(|app: TestApp| async move {
        let receiver = Receiver::start(&[], 200).await;
        let keys = app.keys.clone();
        subscribe(
            &app,
            &keys.merchant,
            &receiver.url,
            json!({ "event_types": ["ticket.opened", "ticket.auto_approved"] }),
        )
        .await;
        open_ticket(&app, "O-1", "M-1", &keys.buyer, "T-1").await;
        let moved = app
            .post(
                "/v1/sandbox/clock/advance",
                &keys.operator,
                json!({ "by": "PT1S" }),
            )
            .await;
        assert_eq!(moved.status, 200, "{moved:?}");
        assert_eq!(moved.body["webhooks_attempted"], 1, "{moved:?}");
        let bodies = receiver.bodies();
        assert_eq!(bodies.len(), 1);
        assert_eq!(bodies[0]["type"], "ticket.opened");
        assert_eq!(bodies[0]["sandbox"], true, "{}", bodies[0]);
        app.stop().await;
    })
    .await;
}

/// The forms in which a URL can name an address inside the network: metadata service,
/// private ranges, loopback in its decimal, hexadecimal, octal and IPv6-mapped spellings,
/// carrier-grade NAT, unique-local and link-local IPv6, multicast, broadcast.
const FORBIDDEN_URLS: [&str; 18] = [
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/hook",
    "http://172.16.0.1/hook",
    "http://192.168.1.1/hook",
    "http://127.0.0.1:5432/",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "https://[::ffff:a9fe:a9fe]/hook",
    "http://2130706433/",
    "http://0x7f000001/hook",
    "http://0177.0.0.1/hook",
    "http://100.64.0.1/hook",
    "http://0.0.0.0:8080/hook",
    "http://[fd00::1]/hook",
    "http://[fe80::1]/hook",
    "http://224.0.0.1/hook",
    "http://255.255.255.255/hook",
    "http://198.51.100.7/hook",
];

#[tokio::test(flavor = "multi_thread")]
async fn subscriptions_to_addresses_inside_the_network_are_refused() {
    each_backend_with(Operations::default(), |app: TestApp| async move {
        let keys = app.keys.clone();
        for url in FORBIDDEN_URLS {
            let answer = app
                .post(
                    "/v1/webhooks",
                    &keys.merchant,
                    json!({ "url": url, "event_types": ["ticket.opened"] }),
                )
                .await;
            assert_eq!(
                (answer.status, answer.code()),
                (422, "webhook_target_forbidden"),
                "{url}: {answer:?}"
            );
            assert_eq!(answer.fields(), ["url"], "{url}");
        }
        let listed = app.get("/v1/webhooks", &keys.merchant).await;
        assert_eq!(listed.body["data"], json!([]));
        // A public address and a host name are accepted (a name is checked when resolved).
        for url in [
            "https://93.184.216.34/hook",
            "https://hooks.example.com/hook",
        ] {
            let answer = app
                .post(
                    "/v1/webhooks",
                    &keys.merchant,
                    json!({ "url": url, "event_types": ["ticket.opened"] }),
                )
                .await;
            assert_eq!(answer.status, 201, "{url}: {answer:?}");
        }
        app.stop().await;
    })
    .await;
}

/// The log's reasons for the attempts of the first delivery of `webhook`.
async fn reasons(app: &TestApp, key: &str, webhook: &str) -> Vec<Value> {
    let log = log_of(app, key, webhook).await;
    log[0]["log"]
        .as_array()
        .expect("attempts")
        .iter()
        .map(|a| json!([a["status_code"], a["error"]]))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_host_name_resolving_to_loopback_is_blocked_at_delivery_with_a_generic_reason() {
    each_backend_with(Operations::default(), |app: TestApp| async move {
        let receiver = Receiver::start(&[], 200).await;
        let keys = app.keys.clone();
        let port = receiver.url.rsplit(':').next().expect("a port");
        let by_name = format!("http://localhost:{port}");
        let created = subscribe(
            &app,
            &keys.merchant,
            &by_name,
            json!({ "event_types": ["ticket.opened"] }),
        )
        .await;
        open_ticket(&app, "O-1", "M-1", &keys.buyer, "T-1").await;
        let webhook = created["id"].as_str().expect("an id").to_owned();

        let guarded = Dispatcher::new(&app.engine, DeliveryConfig::default());
        assert_eq!(
            guarded.dispatch_due(app.clock.now()).await.expect("runs"),
            1
        );
        assert!(receiver.received().is_empty(), "nothing reached loopback");
        assert_eq!(
            reasons(&app, &keys.merchant, &webhook).await,
            [json!([null, "destination not allowed"])]
        );

        // The receiver was there all along: allowed, the retry reaches it.
        let allowed = Dispatcher::new(&app.engine, loopback());
        assert_eq!(
            allowed
                .dispatch_due(advance(&app, 3600))
                .await
                .expect("runs"),
            1
        );
        assert_eq!(receiver.received().len(), 1);
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stored_subscription_to_a_literal_private_address_is_blocked_at_delivery() {
    each_backend_with(Operations::default(), |app: TestApp| async move {
        use redress_store::webhooks::{SubscriptionRecord, WebhookStore};
        let receiver = Receiver::start(&[], 200).await;
        let keys = app.keys.clone();
        // As an earlier release, or a server allowing private targets, would have kept it.
        app.engine
            .store()
            .insert_subscription(SubscriptionRecord {
                subscription_id: "whk_old".to_owned(),
                merchant_id: Some("M-1".to_owned()),
                url: receiver.url.replace("127.0.0.1", "[::ffff:127.0.0.1]"),
                secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_owned(),
                event_types: vec!["ticket.opened".to_owned()],
                enabled: true,
                created_us: app.clock.now().as_microsecond(),
            })
            .await
            .expect("stored");
        open_ticket(&app, "O-1", "M-1", &keys.buyer, "T-1").await;
        let guarded = Dispatcher::new(&app.engine, DeliveryConfig::default());
        assert_eq!(
            guarded.dispatch_due(app.clock.now()).await.expect("runs"),
            1
        );
        assert!(receiver.received().is_empty());
        assert_eq!(
            reasons(&app, &keys.merchant, "whk_old").await,
            [json!([null, "destination not allowed"])]
        );
        app.stop().await;
    })
    .await;
}

/// A closed port and an open one that never answers HTTP look the same in the log: it must
/// not tell a merchant which ports are open.
#[tokio::test(flavor = "multi_thread")]
async fn failed_connections_say_only_that_they_could_not_connect() {
    each_backend(|app: TestApp| async move {
        // Open, but closes every connection at once without a word.
        let silent = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let open_port = silent.local_addr().expect("bound").port();
        tokio::spawn(async move {
            while let Ok((socket, _)) = silent.accept().await {
                drop(socket);
            }
        });
        // Closed: bound, then let go.
        let closed_port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
            listener.local_addr().expect("bound").port()
        };
        let keys = app.keys.clone();
        let mut webhooks = Vec::new();
        for port in [open_port, closed_port] {
            let created = subscribe(
                &app,
                &keys.merchant,
                &format!("http://127.0.0.1:{port}/hook"),
                json!({ "event_types": ["ticket.opened"] }),
            )
            .await;
            webhooks.push(created["id"].as_str().expect("an id").to_owned());
        }
        open_ticket(&app, "O-1", "M-1", &keys.buyer, "T-1").await;
        let dispatcher = Dispatcher::new(&app.engine, loopback());
        assert_eq!(
            dispatcher
                .dispatch_due(app.clock.now())
                .await
                .expect("runs"),
            2
        );
        for webhook in &webhooks {
            assert_eq!(
                reasons(&app, &keys.merchant, webhook).await,
                [json!([null, "could not connect"])],
                "{webhook}"
            );
        }
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redirect_is_not_followed() {
    each_backend(|app: TestApp| async move {
        let target = Receiver::start(&[], 200).await;
        let location = target.url.clone();
        let redirecting = axum::Router::new().route(
            "/hook",
            axum::routing::post(move || {
                let location = location.clone();
                async move { axum::response::Redirect::temporary(&location) }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let port = listener.local_addr().expect("bound").port();
        tokio::spawn(async move { axum::serve(listener, redirecting).await });
        let keys = app.keys.clone();
        let created = subscribe(
            &app,
            &keys.merchant,
            &format!("http://127.0.0.1:{port}/hook"),
            json!({ "event_types": ["ticket.opened"] }),
        )
        .await;
        open_ticket(&app, "O-1", "M-1", &keys.buyer, "T-1").await;
        let dispatcher = Dispatcher::new(&app.engine, loopback());
        dispatcher
            .dispatch_due(app.clock.now())
            .await
            .expect("runs");
        assert!(target.received().is_empty(), "the redirect is not followed");
        assert_eq!(
            reasons(&app, &keys.merchant, created["id"].as_str().expect("an id")).await,
            [json!([307, null])]
        );
        app.stop().await;
    })
    .await;
}

/// Every page of a list, following `next_cursor` from `first` (a path with its query).
async fn pages(app: &TestApp, key: &str, first: &str) -> Vec<Vec<Value>> {
    let mut pages = Vec::new();
    let mut path = first.to_owned();
    loop {
        let answer = app.get(&path, key).await;
        assert_eq!(answer.status, 200, "{answer:?}");
        pages.push(answer.body["data"].as_array().expect("a list").clone());
        match answer.body["next_cursor"].as_str() {
            Some(cursor) => path = format!("{first}&cursor={cursor}"),
            None => return pages,
        }
        assert!(pages.len() <= 10, "the pages end");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_delivery_log_comes_a_page_at_a_time_with_a_cursor_to_the_rest() {
    each_backend(|app: TestApp| async move {
        let receiver = Receiver::start(&[], 200).await;
        let keys = app.keys.clone();
        let created = subscribe(
            &app,
            &keys.merchant,
            &receiver.url,
            json!({ "event_types": ["ticket.opened"] }),
        )
        .await;
        let webhook = created["id"].as_str().expect("an id").to_owned();
        // Five deliveries, all made at one instant: the id breaks the tie.
        for n in 1..=5 {
            open_ticket(
                &app,
                &format!("O-{n}"),
                "M-1",
                &keys.buyer,
                &format!("T-{n}"),
            )
            .await;
        }
        let dispatcher = Dispatcher::new(&app.engine, DeliveryConfig::default());
        let attempted = dispatcher
            .dispatch_due(app.clock.now())
            .await
            .expect("delivers");
        assert_eq!(attempted, 5);

        let log = format!("/v1/webhooks/{webhook}/deliveries");
        let whole = pages(&app, &keys.merchant, &format!("{log}?limit=200")).await;
        assert_eq!(whole.len(), 1);
        let whole = &whole[0];
        assert_eq!(whole.len(), 5);
        let paged = pages(&app, &keys.merchant, &format!("{log}?limit=2")).await;
        let sizes: Vec<usize> = paged.iter().map(Vec::len).collect();
        assert_eq!(sizes, vec![2, 2, 1]);
        let ids = |rows: &[Value]| -> Vec<String> {
            rows.iter()
                .map(|r| r["id"].as_str().expect("an id").to_owned())
                .collect()
        };
        let walked: Vec<Value> = paged.concat();
        assert_eq!(
            ids(&walked),
            ids(whole),
            "the same rows in the same order, none twice"
        );
        assert!(
            walked
                .iter()
                .all(|d| d["log"].as_array().is_some_and(|log| log.len() == 1)),
            "each delivery comes with its own attempts: {walked:?}"
        );

        // Without a limit a page holds 50; beyond the maximum is refused by name.
        let default = app.get(&log, &keys.merchant).await;
        assert_eq!(default.body["data"].as_array().map(Vec::len), Some(5));
        assert!(default.body["next_cursor"].is_null(), "{default:?}");
        for bad in [
            "limit=0",
            "limit=201",
            "cursor=nonsense",
            "cursor=00",
            "after=1",
        ] {
            let refused = app.get(&format!("{log}?{bad}"), &keys.merchant).await;
            assert_eq!(refused.status, 400, "{bad}: {refused:?}");
            let field = bad.split('=').next().expect("a name");
            assert_eq!(refused.fields(), vec![field.to_owned()], "{bad}");
        }

        // The dead letters and the webhooks themselves are paged the same way.
        let second = subscribe(
            &app,
            &keys.merchant,
            &receiver.url,
            json!({ "event_types": ["ticket.rejected"] }),
        )
        .await;
        let webhooks = pages(&app, &keys.merchant, "/v1/webhooks?limit=1").await;
        assert_eq!(webhooks.len(), 2);
        let mut listed = ids(&webhooks.concat());
        listed.sort();
        let mut made = vec![
            webhook.clone(),
            second["id"].as_str().expect("an id").to_owned(),
        ];
        made.sort();
        assert_eq!(listed, made);
        let dead = pages(&app, &keys.operator, "/v1/webhooks/dead-letters?limit=1").await;
        assert_eq!(dead, vec![Vec::<Value>::new()]);
        app.stop().await;
    })
    .await;
}
