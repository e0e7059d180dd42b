//! `Idempotency-Key` on the POSTs that are not engine commands (webhook subscriptions and
//! redeliveries, evaluation runs, sandbox clock advances): a retry replays the first
//! answer and changes nothing, the same key on another request is refused, and keys belong
//! to the key that sent them.

use crate::support::{Answer, TestApp, each_backend, each_backend_sandbox};
use serde_json::{Value, json};

async fn post_keyed(app: &TestApp, path: &str, key: &str, body: &Value, idem: &str) -> Answer {
    app.call(
        "POST",
        path,
        Some(key),
        Some(body),
        &[("idempotency-key", idem)],
    )
    .await
}

fn replayed(answer: &Answer) -> bool {
    answer
        .headers
        .get("idempotent-replayed")
        .is_some_and(|v| v == "true")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retried_webhook_subscription_creates_one_webhook() {
    each_backend(|app: TestApp| async move {
        let operator = app.keys.operator.clone();
        let body = json!({ "url": "http://127.0.0.1:9/hook", "event_types": ["ticket.opened"] });
        let first = post_keyed(&app, "/v1/webhooks", &operator, &body, "sub-1").await;
        assert_eq!(first.status, 201, "{first:?}");
        assert!(!replayed(&first));
        let again = post_keyed(&app, "/v1/webhooks", &operator, &body, "sub-1").await;
        assert_eq!(again.status, 201, "{again:?}");
        assert!(replayed(&again));
        assert!(
            first.body["secret"]
                .as_str()
                .is_some_and(|s| s.starts_with("whsec_")),
            "{first:?}"
        );
        let mut without_secret = first.body.clone();
        without_secret
            .as_object_mut()
            .expect("an object")
            .remove("secret");
        assert_eq!(
            again.body, without_secret,
            "the first answer, without the secret: it is shown once"
        );
        let list = app.get("/v1/webhooks", &operator).await;
        assert_eq!(list.body["data"].as_array().map(Vec::len), Some(1));

        let other = json!({ "url": "http://127.0.0.1:9/other", "event_types": ["ticket.opened"] });
        let reused = post_keyed(&app, "/v1/webhooks", &operator, &other, "sub-1").await;
        assert_eq!(
            (reused.status, reused.code()),
            (422, "idempotency_key_reused")
        );
        assert_eq!(reused.fields(), ["Idempotency-Key"]);
        let list = app.get("/v1/webhooks", &operator).await;
        assert_eq!(list.body["data"].as_array().map(Vec::len), Some(1));

        // Another key may use the same idempotency key for its own request.
        let merchant = app.keys.merchant.clone();
        let own = post_keyed(&app, "/v1/webhooks", &merchant, &body, "sub-1").await;
        assert_eq!(own.status, 201, "{own:?}");
        assert!(!replayed(&own));
        assert_ne!(own.body["id"], first.body["id"]);
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_request_is_replayed_as_refused() {
    each_backend(|app: TestApp| async move {
        let operator = app.keys.operator.clone();
        let body = json!({ "url": "ftp://example.com/hook", "event_types": ["ticket.opened"] });
        let first = post_keyed(&app, "/v1/webhooks", &operator, &body, "bad-1").await;
        assert_eq!(first.status, 400, "{first:?}");
        let again = post_keyed(&app, "/v1/webhooks", &operator, &body, "bad-1").await;
        assert_eq!((again.status, again.code()), (400, first.code()));
        assert!(replayed(&again));
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retried_clock_advance_moves_the_clock_once() {
    each_backend_sandbox(|app: TestApp| async move {
        let operator = app.keys.operator.clone();
        let path = "/v1/sandbox/clock/advance";
        let by = json!({ "by": "PT48H" });
        let first = post_keyed(&app, path, &operator, &by, "adv-1").await;
        assert_eq!(first.status, 200, "{first:?}");
        let again = post_keyed(&app, path, &operator, &by, "adv-1").await;
        assert_eq!(again.status, 200, "{again:?}");
        assert!(replayed(&again));
        assert_eq!(again.body, first.body);
        let clock = app.get("/v1/sandbox/clock", &operator).await;
        assert_eq!(clock.body["now"], first.body["to"], "moved 48 h, not 96 h");

        let reused = post_keyed(&app, path, &operator, &json!({ "by": "PT1H" }), "adv-1").await;
        assert_eq!(
            (reused.status, reused.code()),
            (422, "idempotency_key_reused")
        );
        let clock_after = app.get("/v1/sandbox/clock", &operator).await;
        assert_eq!(clock_after.body["now"], clock.body["now"]);
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_evaluation_run_with_a_reused_key_for_another_day_is_refused() {
    each_backend(|app: TestApp| async move {
        let operator = app.keys.operator.clone();
        let path = "/v1/evaluations";
        let first = post_keyed(
            &app,
            path,
            &operator,
            &json!({ "day": "2026-03-04", "dry_run": true }),
            "ev-1",
        )
        .await;
        assert_eq!(first.status, 200, "{first:?}");
        let again = post_keyed(
            &app,
            path,
            &operator,
            &json!({ "day": "2026-03-04", "dry_run": true }),
            "ev-1",
        )
        .await;
        assert!(replayed(&again));
        assert_eq!(again.body, first.body);
        let other = post_keyed(
            &app,
            path,
            &operator,
            &json!({ "day": "2026-03-11", "dry_run": true }),
            "ev-1",
        )
        .await;
        assert_eq!(
            (other.status, other.code()),
            (422, "idempotency_key_reused")
        );
        // The key names one request: on another endpoint it is refused too.
        let hook = json!({ "url": "http://127.0.0.1:9/hook", "event_types": ["ticket.opened"] });
        let elsewhere = post_keyed(&app, "/v1/webhooks", &operator, &hook, "ev-1").await;
        assert_eq!(
            (elsewhere.status, elsewhere.code()),
            (422, "idempotency_key_reused")
        );
        let too_long = "k".repeat(256);
        let long = post_keyed(
            &app,
            path,
            &operator,
            &json!({ "day": "2026-03-04", "dry_run": true }),
            &too_long,
        )
        .await;
        assert_eq!((long.status, long.code()), (400, "idempotency_key_invalid"));
        app.stop().await;
    })
    .await;
}

/// The claim a request leaves when its process dies mid-request (kill -9): nothing gives it
/// back, so it held its key for ever and every retry answered 409. Now the claim has a lease
/// on the engine's clock: until it ends a retry is told to wait (with `Retry-After`), after
/// it the retry takes the key over and runs, once.
#[tokio::test(flavor = "multi_thread")]
async fn a_claim_left_by_a_dead_request_is_taken_over_after_its_lease() {
    each_backend_sandbox(|app: TestApp| async move {
        use redress_engine::Clock;
        use redress_store::api::{ApiStore, RequestClaim, RequestLease};
        let operator = app.keys.operator.clone();
        let store = app.engine.store().clone();
        let key_id = store
            .api_key_by_digest(&redress_http::auth::digest(&operator))
            .await
            .expect("reads")
            .expect("the operator's key")
            .key_id;
        let path = "/v1/sandbox/clock/advance";
        let by = json!({ "by": "PT1H" });
        // The request's fingerprint, as the server records it.
        let probe = post_keyed(&app, path, &operator, &by, "probe").await;
        assert_eq!(probe.status, 200, "{probe:?}");
        let now = || app.clock.now().as_microsecond();
        let unused = RequestLease {
            token: "unused".to_owned(),
            until_us: now(),
        };
        let fingerprint = match store
            .claim_request(&key_id, "probe", "-", now(), &unused)
            .await
            .expect("reads")
        {
            RequestClaim::Answered { request_sha256, .. } => request_sha256,
            other => panic!("the probe answered: {other:?}"),
        };
        // A process took the key for this very request and was killed before answering.
        let lease_s = redress_http::IDEMPOTENCY_LEASE.as_secs() as i64;
        let dead = RequestLease {
            token: "killed-process".to_owned(),
            until_us: now() + lease_s * 1_000_000,
        };
        let taken = store
            .claim_request(&key_id, "adv-dead", &fingerprint, now(), &dead)
            .await
            .expect("claims");
        assert_eq!(taken, RequestClaim::Claimed);
        let clock_before = app.get("/v1/sandbox/clock", &operator).await.body["now"].clone();

        let early = post_keyed(&app, path, &operator, &by, "adv-dead").await;
        assert_eq!(
            (early.status, early.code()),
            (409, "idempotency_key_in_use")
        );
        assert_eq!(
            early
                .headers
                .get("retry-after")
                .map(|v| v.to_str().unwrap_or("")),
            Some(lease_s.to_string().as_str()),
            "told when the lease ends"
        );
        let clock = app.get("/v1/sandbox/clock", &operator).await;
        assert_eq!(clock.body["now"], clock_before, "nothing ran");

        // One second before the lease ends it still holds; at its end it is over.
        let at = |us: i64| jiff::Timestamp::from_microsecond(us).expect("an instant");
        app.clock
            .set(at(dead.until_us - 1_000_000))
            .expect("forward");
        let still = post_keyed(&app, path, &operator, &by, "adv-dead").await;
        assert_eq!(still.status, 409, "{still:?}");
        assert_eq!(
            still
                .headers
                .get("retry-after")
                .map(|v| v.to_str().unwrap_or("")),
            Some("1")
        );
        app.clock.set(at(dead.until_us)).expect("forward");
        let taken_over = post_keyed(&app, path, &operator, &by, "adv-dead").await;
        assert_eq!(taken_over.status, 200, "{taken_over:?}");
        assert!(!replayed(&taken_over), "it ran");
        let again = post_keyed(&app, path, &operator, &by, "adv-dead").await;
        assert!(replayed(&again), "and its answer is the key's now");
        assert_eq!(again.body, taken_over.body);
        let clock = app.get("/v1/sandbox/clock", &operator).await;
        assert_eq!(clock.body["now"], taken_over.body["to"], "moved once");

        // The killed process's claim is gone: had it lived on, it could neither keep an
        // answer nor give back the key.
        let late = store
            .finish_request(
                &key_id,
                "adv-dead",
                "killed-process",
                redress_store::api::StoredAnswer {
                    status: 500,
                    content_type: "text/plain".to_owned(),
                    body: "late".to_owned(),
                },
            )
            .await
            .expect("writes");
        assert!(!late, "a claim taken over is not the old holder's");
        store
            .release_request(&key_id, "adv-dead", "killed-process")
            .await
            .expect("writes");
        let kept = post_keyed(&app, path, &operator, &by, "adv-dead").await;
        assert!(replayed(&kept));
        assert_eq!(kept.body, taken_over.body);
        app.stop().await;
    })
    .await;
}
