//! Shipping money over HTTP (issue 18, point 3): an order's shipping fee and freight
//! insurance, the fee in a refund of everything unshipped, who bears a return's shipping, and
//! return-shipping claims. On both backends.

use crate::support::{TestApp, cny, each_backend, order_body};
use serde_json::json;

/// `id`: one line I-1 paid 200.00 and a 10.00 shipping fee, 210.00 paid; insured or not.
async fn place_with_fee(app: &TestApp, id: &str, insured: bool) {
    let mut order = order_body(id, "M-1", "B-1");
    order["shipping_fee"] = cny(1000);
    order["freight_insurance"] = json!(insured);
    order["paid"] = cny(21000);
    app.ok("/v1/orders", &app.keys.integration, order).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unshipped_order_refunded_in_full_gives_back_its_shipping_fee() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        // Paid must be the lines and the fee.
        let mut bad = order_body("O-9", "M-1", "B-1");
        bad["shipping_fee"] = cny(1000);
        let refused = app.post("/v1/orders", &keys.integration, bad).await;
        assert_eq!(
            (refused.status, refused.code()),
            (400, "invalid_input"),
            "{refused:?}"
        );
        assert_eq!(refused.fields(), ["items"], "{refused:?}");

        place_with_fee(&app, "O-1", true).await;
        let order = app.get("/v1/orders/O-1", &keys.merchant).await.body;
        assert_eq!(order["shipping_fee"], cny(1000), "{order}");
        assert_eq!(order["freight_insurance"], json!(true), "{order}");

        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({ "ticket_id": "T-1", "kind": "refund_only", "reason": "dont_want" }),
        )
        .await;
        let ticket = app.get("/v1/tickets/T-1", &keys.buyer).await.body;
        assert_eq!(ticket["amount"], cny(21000), "{ticket}");
        assert_eq!(ticket["shipping_fee"], cny(1000), "{ticket}");
        assert_eq!(ticket["return_shipping"], json!(null), "{ticket}");
        assert_eq!(ticket["lines"][0]["amount"], cny(20000), "{ticket}");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_return_shows_who_bears_its_shipping_and_a_claim_needs_one_the_merchant_bears() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        place_with_fee(&app, "O-1", true).await;
        app.ok(
            "/v1/orders/O-1/logistics",
            &keys.merchant,
            json!({ "type": "tracking_entered", "tracking": "SF100" }),
        )
        .await;
        app.ok(
            "/v1/orders/O-1/logistics",
            &keys.integration,
            json!({ "type": "delivered", "signer": "buyer" }),
        )
        .await;
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({
                "ticket_id": "T-1", "kind": "return_and_refund", "reason": "no_reason_seven_day"
            }),
        )
        .await;
        let ticket = app.get("/v1/tickets/T-1", &keys.buyer).await.body;
        assert_eq!(
            ticket["return_shipping"],
            json!("freight_insurance"),
            "{ticket}"
        );
        assert_eq!(ticket["shipping_fee"], cny(0), "{ticket}");

        // The buyer's own reason: nothing for the merchant to pay back.
        let refused = app
            .post(
                "/v1/orders/O-1/tickets",
                &keys.buyer,
                json!({
                    "ticket_id": "C-1", "kind": "return_shipping", "reason": "dont_want",
                    "amount": cny(800)
                }),
            )
            .await;
        assert_eq!(
            (refused.status, refused.code()),
            (422, "claim_not_applicable"),
            "{refused:?}"
        );
        assert_eq!(refused.fields(), ["kind"], "{refused:?}");
        app.stop().await;
    })
    .await;
}
