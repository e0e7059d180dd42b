//! Lines and quantities over HTTP (issue 18): a ticket names `items: [{item_id, quantity}]`,
//! its amount defaults to what the units are worth, a refusal names the line, the old shape
//! (ids alone) still works, and the ticket shows its lines. On both backends.

use crate::support::{TestApp, cny, each_backend, order_body};
use serde_json::json;

/// O-1: three cups I-1 paid 100.00 and a teapot I-2 paid 70.00.
async fn place_cups(app: &TestApp) {
    let mut order = order_body("O-1", "M-1", "B-1");
    order["items"] = json!([
        { "id": "I-1", "product_id": "P-1", "category": "kitchen", "quantity": 3, "amount": cny(10000) },
        { "id": "I-2", "product_id": "P-2", "category": "kitchen", "quantity": 1, "amount": cny(7000) },
    ]);
    order["paid"] = cny(17000);
    app.ok("/v1/orders", &app.keys.integration, order).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ticket_names_lines_and_quantities() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        place_cups(&app).await;
        // No amount: what two cups are worth, 33.33 each.
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({
                "ticket_id": "T-1", "kind": "refund_only", "reason": "dont_want",
                "items": [{ "item_id": "I-1", "quantity": 2 }]
            }),
        )
        .await;
        let ticket = app.get("/v1/tickets/T-1", &keys.merchant).await.body;
        assert_eq!(ticket["amount"], cny(6666), "{ticket}");
        assert_eq!(ticket["items"], json!(["I-1"]));
        assert_eq!(
            ticket["lines"],
            json!([{ "item_id": "I-1", "quantity": 2, "amount": cny(6666), "refunded": cny(0) }])
        );

        // Two more cups: only one is open; the refusal names the line.
        let refused = app
            .post(
                "/v1/orders/O-1/tickets",
                &keys.buyer,
                json!({
                    "ticket_id": "T-2", "kind": "refund_only", "reason": "dont_want",
                    "items": ["I-2", { "item_id": "I-1", "quantity": 2 }]
                }),
            )
            .await;
        assert_eq!((refused.status, refused.code()), (422, "quantity_not_open"));
        assert_eq!(refused.fields(), ["items[1].quantity"], "{refused:?}");

        // Above what the last cup is worth.
        let refused = app
            .post(
                "/v1/orders/O-1/tickets",
                &keys.buyer,
                json!({
                    "ticket_id": "T-2", "kind": "refund_only", "reason": "dont_want",
                    "amount": cny(3335), "items": [{ "item_id": "I-1", "quantity": 1 }]
                }),
            )
            .await;
        assert_eq!(refused.code(), "amount_above_refundable", "{refused:?}");
        assert_eq!(refused.fields(), ["amount"], "{refused:?}");

        // The old shape: the teapot's id alone, every unit still open; a lower amount.
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({
                "ticket_id": "T-2", "kind": "refund_only", "reason": "dont_want",
                "amount": cny(5000), "items": ["I-2"]
            }),
        )
        .await;
        let ticket = app.get("/v1/tickets/T-2", &keys.buyer).await.body;
        assert_eq!(
            ticket["lines"],
            json!([{ "item_id": "I-2", "quantity": 1, "amount": cny(5000), "refunded": cny(0) }])
        );

        // A quantity of 0 is bad input, named as such.
        let refused = app
            .post(
                "/v1/orders/O-1/tickets",
                &keys.buyer,
                json!({
                    "ticket_id": "T-3", "kind": "refund_only", "reason": "dont_want",
                    "items": [{ "item_id": "I-1", "quantity": 0 }]
                }),
            )
            .await;
        assert_eq!(refused.status, 400, "{refused:?}");
        assert_eq!(refused.fields(), ["items[0].quantity"], "{refused:?}");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refunds_are_shown_per_line() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        place_cups(&app).await;
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({
                "ticket_id": "T-1", "kind": "refund_only", "reason": "dont_want",
                "amount": cny(4000),
                "items": [{ "item_id": "I-1", "quantity": 1 }, { "item_id": "I-2" }]
            }),
        )
        .await;
        app.ok(
            "/v1/tickets/T-1/actions",
            &keys.merchant,
            json!({ "type": "approve" }),
        )
        .await;
        app.ok(
            "/v1/payments/refunds/T-1",
            &keys.integration,
            json!({ "type": "succeeded", "payment_reference": "PAY-1" }),
        )
        .await;
        let ticket = app.get("/v1/tickets/T-1", &keys.buyer).await.body;
        // 40.00 over 33.33 and 70.00 in proportion: 12.90 and 27.10.
        assert_eq!(
            ticket["lines"],
            json!([
                { "item_id": "I-1", "quantity": 1, "amount": cny(1290), "refunded": cny(1290) },
                { "item_id": "I-2", "quantity": 1, "amount": cny(2710), "refunded": cny(2710) },
            ]),
            "{ticket}"
        );
        app.stop().await;
    })
    .await;
}
