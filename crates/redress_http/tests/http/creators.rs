//! Showcase creators over HTTP (seed 001 1.3: 纠纷介入率不达标的视频号橱窗商家、视频号橱窗达人
//! 会被平台处罚): an order names its creator, the creator's rate counts the orders it sold,
//! the evaluation under the channels preset penalises it, and its penalties are listed and
//! revocable by an operator.

use crate::support::{TestApp, cny, each_backend, order_body};
use serde_json::json;

/// The evaluation day: a Wednesday whose window holds the orders placed at the test's start.
const DAY: &str = "2026-03-11";

/// A user-initiated dispute on `order` of M-1 (its buyer B-1).
async fn dispute(app: &TestApp, order: &str) {
    let logistics = format!("/v1/orders/{order}/logistics");
    for event in [
        json!({ "type": "tracking_entered", "tracking": "SF1" }),
        json!({ "type": "delivered", "signer": "buyer" }),
    ] {
        app.ok(&logistics, &app.keys.integration, event).await;
    }
    let ticket = format!("T-{order}");
    app.ok(
        &format!("/v1/orders/{order}/tickets"),
        &app.keys.buyer,
        json!({ "ticket_id": ticket, "kind": "return_and_refund", "reason": "dont_want",
                "amount": cny(20000) }),
    )
    .await;
    let actions = format!("/v1/tickets/{ticket}/actions");
    app.ok(
        &actions,
        &app.keys.merchant,
        json!({ "type": "reject", "note": "worn",
                "evidence": [{ "kind": "chat_records", "reference": "CHAT-1" }] }),
    )
    .await;
    app.ok(
        &actions,
        &app.keys.buyer,
        json!({ "type": "escalate", "note": "unworn" }),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_creators_rate_is_measured_evaluated_and_penalised_under_channels() {
    each_backend(|app: TestApp| async move {
        // A bad creator id is refused naming the field, and places nothing.
        let mut bad = order_body("O-BAD", "M-1", "B-1");
        bad["creator_id"] = json!("../c");
        let refused = app.post("/v1/orders", &app.keys.integration, bad).await;
        assert_eq!((refused.status, refused.code()), (400, "invalid_input"));
        assert_eq!(refused.fields(), ["creator_id"]);
        let events = app.events().await;

        for (order, creator) in [("O-1", Some("C-1")), ("O-2", Some("C-1")), ("O-3", None)] {
            let mut body = order_body(order, "M-1", "B-1");
            if let Some(creator) = creator {
                body["creator_id"] = json!(creator);
            }
            app.ok("/v1/orders", &app.keys.integration, body).await;
        }
        assert!(app.events().await > events);
        dispute(&app, "O-1").await;

        let metrics = app
            .get(
                &format!("/v1/creators/C-1/metrics?at={DAY}"),
                &app.keys.operator,
            )
            .await;
        assert_eq!(metrics.status, 200, "{}", metrics.body);
        let rate = &metrics.body["dispute_rate"]["rate"];
        assert_eq!(
            (rate["numerator"].as_i64(), rate["denominator"].as_i64()),
            (Some(1), Some(2))
        );
        assert_eq!(
            metrics.body["measured"], false,
            "the default policy does not"
        );
        // Platform: 1 dispute on 3 orders; threshold 1.5 × 1/3 = 50 %: 1 of 2 fails.
        assert_eq!(metrics.body["dispute_rate"]["verdict"], "fail");
        assert_eq!(metrics.body["daily"][0]["orders_paid"], 2);

        let merchant = app
            .get(
                &format!("/v1/creators/C-1/metrics?at={DAY}"),
                &app.keys.merchant,
            )
            .await;
        assert_eq!((merchant.status, merchant.code()), (403, "forbidden"));
        let unknown = app
            .get(
                &format!("/v1/creators/C-9/metrics?at={DAY}"),
                &app.keys.operator,
            )
            .await;
        assert_eq!((unknown.status, unknown.code()), (404, "creator_unknown"));

        let list = app
            .get(&format!("/v1/creators?at={DAY}"), &app.keys.arbitrator)
            .await;
        assert_eq!(list.status, 200, "{}", list.body);
        assert_eq!(list.body["data"][0]["creator_id"], "C-1");
        assert_eq!(list.body["data"].as_array().map(Vec::len), Some(1));

        // The default policy does not evaluate creators; the channels preset does.
        let preview = app
            .ok(
                "/v1/evaluations",
                &app.keys.operator,
                json!({ "day": DAY, "dry_run": true }),
            )
            .await;
        assert_eq!(preview["creator_penalties"], json!([]));
        app.put_ok(
            "/v1/policy",
            &app.keys.operator,
            json!({ "toml": "preset = \"channels\"\n" }),
        )
        .await;
        let preview = app
            .ok(
                "/v1/evaluations",
                &app.keys.operator,
                json!({ "day": DAY, "dry_run": true }),
            )
            .await;
        assert_eq!(preview["creators"], 1, "{preview}");
        let penalty = &preview["creator_penalties"][0];
        assert_eq!(penalty["creator_id"], "C-1", "{preview}");
        assert_eq!(penalty["penalty"]["standard"], "dispute_rate");
        assert_eq!(penalty["penalty"]["severity"], "slight");
        let penalties = app
            .get("/v1/creators/C-1/penalties", &app.keys.operator)
            .await;
        assert_eq!(
            penalties.body["data"],
            json!([]),
            "a preview records nothing"
        );
        app.stop().await;
    })
    .await;
}
