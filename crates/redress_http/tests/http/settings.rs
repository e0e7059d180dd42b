//! Settings through the API change what the engine decides: a merchant's strategy approves
//! at once and is named on the ticket, a trusted buyer gets the platform's fast refund, and a
//! new policy's deadlines apply to tickets opened after it.

use crate::support::{TestApp, cny, each_backend};
use serde_json::json;

fn refund_request(ticket: &str) -> serde_json::Value {
    json!({
        "ticket_id": ticket, "kind": "refund_only", "reason": "dont_want",
        "amount": cny(20000)
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_strategy_is_versioned_applies_and_can_be_disabled() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        let strategy = "/v1/merchants/M-1/strategies/S-1";
        let body = json!({
            "name": "unwanted refunds",
            "condition": { "kinds": ["refund_only"], "reasons": ["dont_want"], "amount_max_minor": 50000 },
            "action": "approve"
        });
        app.put_ok(strategy, &keys.merchant, body.clone()).await;
        app.put_ok(strategy, &keys.merchant, body).await;
        let merchant = app.get("/v1/merchants/M-1", &keys.merchant).await;
        assert_eq!(merchant.body["strategies"][0]["version"], 2, "{merchant:?}");
        assert_eq!(merchant.body["strategies"][0]["enabled"], true);

        app.place_order("O-1", "M-1", "B-1").await;
        let opened = app
            .ok("/v1/orders/O-1/tickets", &keys.buyer, refund_request("T-1"))
            .await;
        assert_eq!(opened["events"], json!(["opened", "approved"]));
        let ticket = app.get("/v1/tickets/T-1", &keys.merchant).await;
        assert_eq!(ticket.body["state"], "refunding");
        assert_eq!(ticket.body["auto_rule"], "merchant_strategy:S-1@2");

        app.ok(&format!("{strategy}/disable"), &keys.merchant, json!({}))
            .await;
        let merchant = app.get("/v1/merchants/M-1", &keys.operator).await;
        assert_eq!(merchant.body["strategies"][0]["enabled"], false);
        app.place_order("O-2", "M-1", "B-1").await;
        let opened = app
            .ok("/v1/orders/O-2/tickets", &keys.buyer, refund_request("T-2"))
            .await;
        assert_eq!(opened["events"], json!(["opened"]), "a disabled strategy does nothing");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_trusted_buyer_gets_the_platform_fast_refund() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        app.put_ok(
            "/v1/buyers/B-1/trust",
            &keys.integration,
            json!({
                "account_created_at": "2024-01-01T00:00:00Z",
                "completed_orders": 40,
                "orders_90d": 10,
                "refunds_90d": 1,
                "abuse_restricted": false
            }),
        )
        .await;
        let trust = app.get("/v1/buyers/B-1/trust", &keys.buyer).await;
        assert_eq!(trust.body["trusted"], true, "{trust:?}");
        app.place_order("O-1", "M-1", "B-1").await;
        let opened = app
            .ok("/v1/orders/O-1/tickets", &keys.buyer, refund_request("T-1"))
            .await;
        assert_eq!(opened["events"], json!(["opened", "approved"]));
        let ticket = app.get("/v1/tickets/T-1", &keys.buyer).await;
        assert_eq!(ticket.body["auto_rule"], "platform_fast_refund");
        assert_eq!(ticket.body["notes"].as_array().map(Vec::len), Some(1));
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_policy_applies_to_tickets_opened_after_it() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        let put = app
            .put(
                "/v1/policy",
                &keys.operator,
                json!({ "toml": "[deadlines]\nmerchant_response_hours = 24\n" }),
            )
            .await;
        assert_eq!(put.status, 200, "{put:?}");
        assert_eq!(put.body["name"], "custom");
        assert!(
            put.body["toml"]
                .as_str()
                .is_some_and(|t| t.contains("merchant_response_hours = 24"))
        );
        app.place_order("O-1", "M-1", "B-1").await;
        app.ok("/v1/orders/O-1/tickets", &keys.buyer, refund_request("T-1"))
            .await;
        let ticket = app.get("/v1/tickets/T-1", &keys.merchant).await;
        assert_eq!(ticket.body["deadline"]["kind"], "merchant_response");
        assert_eq!(ticket.body["deadline"]["due_at"], "2026-03-03T02:00:00Z");
        let due = app
            .get(
                "/v1/tickets?due_before=2026-03-03T02:00:01Z",
                &keys.merchant,
            )
            .await;
        assert_eq!(due.body["data"][0]["id"], "T-1");
        let later = app
            .get(
                "/v1/tickets?due_before=2026-03-03T02:00:00Z",
                &keys.merchant,
            )
            .await;
        assert_eq!(later.body["data"], json!([]), "strictly before");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn policy_versions_are_listed_newest_first_and_the_same_body_stores_none() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        let before = app.get("/v1/policy", &keys.merchant).await;
        assert_eq!(before.body["version"], 0, "{before:?}");
        let empty = app.get("/v1/policy/versions", &keys.operator).await;
        assert_eq!(empty.status, 200, "{empty:?}");
        assert_eq!(empty.body["data"], json!([]));

        let day = json!({ "toml": "[deadlines]\nmerchant_response_hours = 24\n" });
        let put = app.put("/v1/policy", &keys.operator, day.clone()).await;
        assert_eq!(put.status, 200, "{put:?}");
        assert_eq!(
            (put.body["version"].clone(), put.body["changed"].clone()),
            (json!(1), json!(true))
        );
        assert_eq!(
            put.body["diff"],
            json!([
                "deadlines.merchant_response_hours: 48 → 24",
                "name: default → custom"
            ])
        );
        // The same body again: in force already, nothing stored.
        let same = app.put("/v1/policy", &keys.operator, day).await;
        assert_eq!(same.status, 200, "{same:?}");
        assert_eq!(
            (same.body["version"].clone(), same.body["changed"].clone()),
            (json!(1), json!(false))
        );
        assert_eq!(same.body["diff"], json!([]));
        let twelve = json!({ "toml": "[deadlines]\nmerchant_response_hours = 12\n" });
        let third = app.put("/v1/policy", &keys.operator, twelve).await;
        assert_eq!(third.body["version"], 2, "{third:?}");
        let now = app.get("/v1/policy", &keys.buyer).await;
        assert_eq!(now.body["version"], 2);
        assert!(now.body.get("changed").is_none(), "{now:?}");

        // Newest first, a page at a time.
        let page = app.get("/v1/policy/versions?limit=1", &keys.merchant).await;
        assert_eq!(page.status, 200, "{page:?}");
        assert_eq!(page.body["data"][0]["version"], 2);
        assert_eq!(
            page.body["data"][0]["diff"],
            json!(["deadlines.merchant_response_hours: 24 → 12"])
        );
        assert_eq!(page.body["data"][0]["actor"]["role"], "operator");
        assert_eq!(page.body["data"][0]["at"], "2026-03-02T02:00:00Z");
        let cursor = page.body["next_cursor"]
            .as_str()
            .expect("a next page")
            .to_owned();
        let rest = app
            .get(
                &format!("/v1/policy/versions?limit=1&cursor={cursor}"),
                &keys.operator,
            )
            .await;
        assert_eq!(rest.body["data"][0]["version"], 1, "{rest:?}");
        assert!(
            rest.body["data"][0]["toml"]
                .as_str()
                .is_some_and(|t| t.contains("merchant_response_hours = 24"))
        );
        assert!(rest.body["next_cursor"].is_null(), "{rest:?}");
        let refused = app.get("/v1/policy/versions", &keys.buyer).await;
        assert_eq!(refused.status, 403, "{refused:?}");
        let bad = app
            .get("/v1/policy/versions?cursor=zz", &keys.operator)
            .await;
        assert_eq!((bad.status, bad.fields()), (400, vec!["cursor".to_owned()]));

        // A ticket shows the version it was decided under.
        app.place_order("O-1", "M-1", "B-1").await;
        app.ok("/v1/orders/O-1/tickets", &keys.buyer, refund_request("T-1"))
            .await;
        let ticket = app.get("/v1/tickets/T-1", &keys.merchant).await;
        assert_eq!(ticket.body["policy_version"], 2, "{ticket:?}");
        assert_eq!(ticket.body["deadline"]["due_at"], "2026-03-02T14:00:00Z");
        app.stop().await;
    })
    .await;
}
