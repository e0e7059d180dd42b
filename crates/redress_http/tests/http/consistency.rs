//! One consistent API (issue 17, point 4): what an integrator stumbled over, each as it
//! behaves now. Receipts give the ticket's own version, PUTs are repeatable, unknown
//! merchants are 404 everywhere, orders must add up and be paid already, and the ticket
//! list speaks the single ticket's enums.

use crate::support::{TestApp, cny, each_backend, order_body};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_receipt_gives_the_tickets_version_which_if_match_takes() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        app.place_order("O-1", "M-1", "B-1").await;
        let opened = app
            .ok(
                "/v1/orders/O-1/tickets",
                &keys.buyer,
                json!({
                    "ticket_id": "T-1", "kind": "refund_only", "reason": "dont_want",
                    "amount": cny(5000)
                }),
            )
            .await;
        let ticket = app.get("/v1/tickets/T-1", &keys.merchant).await;
        let etag = ticket.headers["etag"].to_str().expect("ascii").to_owned();
        assert_eq!(opened["stream"], "order:O-1");
        assert_eq!(
            format!("\"{}\"", opened["version"]),
            etag,
            "the receipt's version is the ticket's ETag: {opened}"
        );
        assert_eq!(opened["version"], ticket.body["version"]);
        assert_ne!(
            opened["version"], opened["stream_version"],
            "the order stream holds the placement too: {opened}"
        );

        // The receipt's version goes straight back as If-Match.
        let version = opened["version"].as_u64().expect("a number");
        let approved = app
            .call(
                "POST",
                "/v1/tickets/T-1/actions",
                Some(&keys.merchant),
                Some(&json!({ "type": "approve" })),
                &[("if-match", &format!("\"{version}\""))],
            )
            .await;
        assert_eq!(approved.status, 200, "{approved:?}");
        let after = app.get("/v1/tickets/T-1", &keys.merchant).await;
        assert_eq!(approved.body["version"], after.body["version"]);
        assert_eq!(
            after.headers["etag"].to_str().expect("ascii"),
            format!("\"{}\"", approved.body["version"])
        );
        // An order-level command answers the stream's version, which is all it addresses.
        let shipped = app
            .ok(
                "/v1/orders/O-1/logistics",
                &keys.integration,
                json!({ "type": "tracking_entered", "tracking": "SF1" }),
            )
            .await;
        assert_eq!(shipped["version"], shipped["stream_version"]);
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_put_that_sets_what_is_set_succeeds_and_records_nothing() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        app.place_order("O-1", "M-1", "B-1").await;
        let trust = json!({
            "account_created_at": "2020-01-01T00:00:00Z", "completed_orders": 3,
            "orders_90d": 2, "refunds_90d": 1, "abuse_restricted": false
        });
        let puts = [
            (
                "/v1/merchants/M-1/fast-refund",
                &keys.merchant,
                json!({ "opted_in": true }),
                "merchant:M-1",
            ),
            (
                "/v1/merchants/M-1/platform-fast-refund-exclusion",
                &keys.operator,
                json!({ "excluded": true }),
                "merchant:M-1",
            ),
            (
                "/v1/merchants/M-1/refund-handling",
                &keys.operator,
                json!({ "closed": true, "note": "mass overdue" }),
                "merchant:M-1",
            ),
            (
                "/v1/buyers/B-1/trust",
                &keys.integration,
                trust,
                "buyer:B-1",
            ),
        ];
        for (path, key, body, stream) in puts {
            let first = app.put(path, key, body.clone()).await;
            assert_eq!(first.status, 200, "{path}: {first:?}");
            assert_ne!(
                first.body["events"],
                json!([]),
                "{path}: the first one changes"
            );
            let events = app.events().await;
            let again = app.put(path, key, body).await;
            assert_eq!(again.status, 200, "{path}: {again:?}");
            assert_eq!(again.body["events"], json!([]), "{path}");
            assert_eq!(again.body["stream"], stream);
            assert_eq!(
                again.body["version"], first.body["version"],
                "{path}: the version it is at"
            );
            assert_eq!(app.events().await, events, "{path}: nothing recorded");
        }
        // An action that would change nothing is still refused.
        let disable_twice = "/v1/merchants/M-1/strategies/S-1/disable";
        app.put_ok(
            "/v1/merchants/M-1/strategies/S-1",
            &keys.merchant,
            json!({ "name": "small", "action": "approve" }),
        )
        .await;
        app.ok(disable_twice, &keys.merchant, json!({})).await;
        let again = app.post(disable_twice, &keys.merchant, json!({})).await;
        assert_eq!((again.status, again.code()), (409, "no_change"));
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_merchant_is_404_like_an_unknown_buyer() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        for path in [
            "/v1/merchants/M-404",
            "/v1/merchants/M-404/metrics?at=2026-03-02",
            "/v1/merchants/M-404/penalties",
        ] {
            let answer = app.get(path, &keys.operator).await;
            assert_eq!(
                (answer.status, answer.code()),
                (404, "merchant_unknown"),
                "{path}"
            );
        }
        let buyer = app.get("/v1/buyers/B-404/trust", &keys.operator).await;
        assert_eq!((buyer.status, buyer.code()), (404, "buyer_unknown"));

        // An order makes a merchant known; so does a setting of its own.
        app.place_order("O-1", "M-1", "B-1").await;
        let known = app.get("/v1/merchants/M-1", &keys.operator).await;
        assert_eq!(known.status, 200, "{known:?}");
        assert_eq!(known.body["fast_refund_opted_in"], false);
        app.put_ok(
            "/v1/merchants/M-5/platform-fast-refund-exclusion",
            &keys.operator,
            json!({ "excluded": true }),
        )
        .await;
        for path in [
            "/v1/merchants/M-5",
            "/v1/merchants/M-5/metrics?at=2026-03-02",
            "/v1/merchants/M-5/penalties",
        ] {
            let answer = app.get(path, &keys.operator).await;
            assert_eq!(answer.status, 200, "{path}: {answer:?}");
        }
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_order_must_add_up_and_be_paid_already() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        let mut short = order_body("O-1", "M-1", "B-1");
        short["paid"] = cny(25000);
        let refused = app.post("/v1/orders", &keys.integration, short).await;
        assert_eq!((refused.status, refused.code()), (400, "invalid_input"));
        assert_eq!(refused.fields(), ["items"], "{refused:?}");

        let mut two = order_body("O-1", "M-1", "B-1");
        two["items"] = json!([
            { "id": "I-1", "product_id": "P-1", "category": "apparel", "quantity": 1, "amount": cny(12000) },
            { "id": "I-2", "product_id": "P-2", "category": "apparel", "quantity": 2, "amount": cny(8000) },
        ]);
        app.ok("/v1/orders", &keys.integration, two).await;

        // The test clock reads 2026-03-02T02:00:00Z; five minutes of skew are tolerated.
        let mut skewed = order_body("O-2", "M-1", "B-1");
        skewed["paid_at"] = json!("2026-03-02T02:04:59Z");
        app.ok("/v1/orders", &keys.integration, skewed).await;
        let mut future = order_body("O-3", "M-1", "B-1");
        future["paid_at"] = json!("2026-03-02T02:05:01Z");
        let refused = app.post("/v1/orders", &keys.integration, future).await;
        assert_eq!((refused.status, refused.code()), (400, "invalid_input"));
        assert_eq!(refused.fields(), ["paid_at"], "{refused:?}");
        assert_eq!(
            app.get("/v1/orders/O-3", &keys.operator).await.status,
            404,
            "nothing was placed"
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_list_answers_with_the_single_tickets_enums() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        app.place_order("O-1", "M-1", "B-1").await;
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({
                "ticket_id": "T-1", "kind": "refund_only", "reason": "dont_want",
                "amount": cny(20000)
            }),
        )
        .await;
        let list = app.get("/v1/tickets", &keys.operator).await;
        let one = app.get("/v1/tickets/T-1", &keys.operator).await;
        for field in ["kind", "reason", "state"] {
            assert_eq!(list.body["data"][0][field], one.body[field], "{field}");
        }
        let spec = serde_json::to_value(redress_http::openapi()).expect("serialises");
        let schemas = &spec["components"]["schemas"];
        for (field, schema) in [
            ("kind", "TicketKindDto"),
            ("reason", "ReasonDto"),
            ("state", "TicketStateDto"),
        ] {
            let reference = format!("#/components/schemas/{schema}");
            assert_eq!(
                schemas["TicketSummary"]["properties"][field]["$ref"], reference,
                "the list's {field}"
            );
            assert_eq!(
                schemas["TicketResponse"]["properties"][field]["$ref"], reference,
                "the ticket's {field}"
            );
        }
        app.stop().await;
    })
    .await;
}
