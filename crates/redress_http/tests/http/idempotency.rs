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
            &json!({ "day": "2026-03-04" }),
            "ev-1",
        )
        .await;
        assert_eq!(first.status, 200, "{first:?}");
        let again = post_keyed(
            &app,
            path,
            &operator,
            &json!({ "day": "2026-03-04" }),
            "ev-1",
        )
        .await;
        assert!(replayed(&again));
        assert_eq!(again.body, first.body);
        let other = post_keyed(
            &app,
            path,
            &operator,
            &json!({ "day": "2026-03-11" }),
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
            &json!({ "day": "2026-03-04" }),
            &too_long,
        )
        .await;
        assert_eq!((long.status, long.code()), (400, "idempotency_key_invalid"));
        app.stop().await;
    })
    .await;
}
