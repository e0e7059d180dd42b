//! Snapshots of the answers whose shape clients rely on (insta, JSON): a ticket, an order, a
//! problem+json refusal, a page of a list, and a webhook's payload. A change of shape (a field
//! renamed, dropped or nested differently) shows as a diff to review, `cargo insta review`.
//!
//! Every backend is checked against the same snapshot, so they must answer alike. Times are
//! redacted to `[time]` once checked to be RFC 3339 instants, and ids the server makes up (a
//! webhook's id and secret) to `[id]`; ids the test chose (`O-1`, `T-1`) and the list's
//! cursor (made of them and the manual clock's time) stay.

use crate::support::{TestApp, cny, each_backend};
use crate::webhooks::{Receiver, loopback, subscribe};
use redress_http::webhooks::Dispatcher;
use serde_json::{Value, json};

/// `answer` with every time redacted: the value of each key ending in `_at` (and of a few
/// other time fields), checked first to be an RFC 3339 instant, becomes `[time]`. Its value
/// changes with the clock, its format must not.
fn timeless(mut answer: Value) -> Value {
    fn walk(value: &mut Value, key: &str) {
        match value {
            Value::Object(fields) => {
                for (key, value) in fields.iter_mut() {
                    walk(value, key);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| walk(item, key)),
            Value::String(text) if key.ends_with("_at") || TIME_KEYS.contains(&key) => {
                assert!(
                    text.parse::<redress_domain::Timestamp>().is_ok(),
                    "{key}: {text:?} is not an RFC 3339 instant"
                );
                *text = "[time]".to_owned();
            }
            _ => {}
        }
    }
    walk(&mut answer, "");
    answer
}

/// Time fields whose names do not end in `_at`.
const TIME_KEYS: &[&str] = &["at", "timestamp"];

/// The settings of every snapshot here: snapshots named by the answer rather than by module,
/// keys sorted.
fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_sort_maps(true);
    settings
}

/// Order `O-1` of `M-1` and `B-1`, with ticket `T-1` (refund only, 200.00 CNY) open on it.
async fn open_ticket(app: &TestApp) {
    app.place_order("O-1", "M-1", "B-1").await;
    app.ok(
        "/v1/orders/O-1/tickets",
        &app.keys.buyer,
        json!({
            "ticket_id": "T-1", "kind": "refund_only", "reason": "dont_want",
            "amount": cny(20000), "description": "changed my mind"
        }),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ticket_and_its_order() {
    each_backend(|app: TestApp| async move {
        open_ticket(&app).await;
        let ticket = app.get("/v1/tickets/T-1", &app.keys.merchant).await;
        assert_eq!(ticket.status, 200, "{ticket:?}");
        let order = app.get("/v1/orders/O-1", &app.keys.operator).await;
        assert_eq!(order.status, 200, "{order:?}");
        settings().bind(|| {
            insta::assert_json_snapshot!("ticket", timeless(ticket.body));
            insta::assert_json_snapshot!("order", timeless(order.body));
        });
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refusal() {
    each_backend(|app: TestApp| async move {
        open_ticket(&app).await;
        // The buyer cannot approve their own request: the domain refuses, as problem+json.
        let refused = app
            .post(
                "/v1/tickets/T-1/actions",
                &app.keys.buyer,
                json!({ "type": "approve" }),
            )
            .await;
        assert_eq!(refused.content_type, "application/problem+json");
        settings().bind(|| {
            let refusal = json!({ "status": refused.status, "body": refused.body });
            insta::assert_json_snapshot!("refusal", timeless(refusal));
        });
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_of_tickets() {
    each_backend(|app: TestApp| async move {
        open_ticket(&app).await;
        app.place_order("O-2", "M-1", "B-1").await;
        app.ok(
            "/v1/orders/O-2/tickets",
            &app.keys.buyer,
            json!({
                "ticket_id": "T-2", "kind": "refund_only", "reason": "dont_want",
                "amount": cny(10000)
            }),
        )
        .await;
        let page = app.get("/v1/tickets?limit=1", &app.keys.operator).await;
        assert_eq!(page.status, 200, "{page:?}");
        settings().bind(|| {
            insta::assert_json_snapshot!("ticket_page", timeless(page.body));
        });
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_webhook_payload() {
    each_backend(|app: TestApp| async move {
        let receiver = Receiver::start(&[], 200).await;
        let created = subscribe(
            &app,
            &app.keys.merchant,
            &receiver.url,
            json!({ "event_types": ["ticket.opened"] }),
        )
        .await;
        open_ticket(&app).await;
        let attempted = Dispatcher::new(&app.engine, loopback())
            .dispatch_due(redress_engine::Clock::now(&*app.clock))
            .await
            .expect("delivers");
        assert_eq!(attempted, 1);
        let payload: Vec<Value> = receiver.bodies();
        assert_eq!(payload.len(), 1, "{payload:?}");
        settings().bind(|| {
            // The receiver's port is the operating system's choice.
            insta::assert_json_snapshot!("webhook_subscription", timeless(created), {
                ".id" => "[id]",
                ".secret" => "[id]",
                ".url" => "[receiver]",
            });
            insta::assert_json_snapshot!("webhook_payload", timeless(payload[0].clone()));
        });
    })
    .await;
}
