//! Split shipments over HTTP (issue 18, 拆单发货): logistics events name their parcel and a
//! new parcel its lines; the order shows each parcel; a unit in two parcels is refused naming
//! the line; the rules read the parcels of the ticket's lines; the merchant's ticket page
//! shows them. On both backends.

use crate::support::{TestApp, cny, each_backend, order_body};
use serde_json::json;

/// O-1: two shirts I-1 paid 100.00 and a cap I-2 paid 70.00.
async fn place(app: &TestApp) {
    let mut order = order_body("O-1", "M-1", "B-1");
    order["items"] = json!([
        { "id": "I-1", "product_id": "P-1", "category": "apparel", "quantity": 2, "amount": cny(10000) },
        { "id": "I-2", "product_id": "P-2", "category": "apparel", "quantity": 1, "amount": cny(7000) },
    ]);
    order["paid"] = cny(17000);
    app.ok("/v1/orders", &app.keys.integration, order).await;
}

async fn logistics(app: &TestApp, body: serde_json::Value) {
    app.ok("/v1/orders/O-1/logistics", &app.keys.integration, body)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_order_ships_in_parcels_that_each_carry_their_lines() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        place(&app).await;
        logistics(
            &app,
            json!({ "type": "tracking_entered", "parcel_id": "P-A", "tracking": "SF1",
                    "items": [{ "item_id": "I-1", "quantity": 1 }] }),
        )
        .await;
        let order = app.get("/v1/orders/O-1", &keys.merchant).await.body;
        assert_eq!(order["fulfilment"], "shipped", "{order}");
        assert_eq!(
            order["parcels"],
            json!([{ "id": "P-A", "stage": "shipped", "state": "shipped", "tracking": "SF1",
                     "signer": null, "since": order["parcels"][0]["since"],
                     "lines": [{ "item_id": "I-1", "quantity": 1 }] }])
        );
        assert_eq!(
            order["unshipped"],
            json!([{ "item_id": "I-1", "quantity": 1 }, { "item_id": "I-2", "quantity": 1 }])
        );

        // Two shirts in the next parcel: only one is in no parcel; the refusal names the line.
        let refused = app
            .post(
                "/v1/orders/O-1/logistics",
                &keys.integration,
                json!({ "type": "tracking_entered", "parcel_id": "P-B", "tracking": "SF2",
                        "items": ["I-2", { "item_id": "I-1", "quantity": 2 }] }),
            )
            .await;
        assert_eq!((refused.status, refused.code()), (422, "quantity_not_open"));
        assert_eq!(refused.fields(), ["items[1].quantity"], "{refused:?}");
        // A bad parcel id is bad input, named as such.
        let refused = app
            .post(
                "/v1/orders/O-1/logistics",
                &keys.integration,
                json!({ "type": "in_transit", "parcel_id": "../x" }),
            )
            .await;
        assert_eq!(refused.status, 400, "{refused:?}");
        assert_eq!(refused.fields(), ["parcel_id"], "{refused:?}");
        // News of a parcel never shipped.
        let refused = app
            .post(
                "/v1/orders/O-1/logistics",
                &keys.integration,
                json!({ "type": "delivered", "parcel_id": "P-Z", "signer": "buyer" }),
            )
            .await;
        assert_eq!(refused.code(), "parcel_out_of_order", "{refused:?}");

        // The rest, named by default; then parcel A is delivered to a locker.
        logistics(
            &app,
            json!({ "type": "tracking_entered", "parcel_id": "P-B", "tracking": "SF2" }),
        )
        .await;
        logistics(
            &app,
            json!({ "type": "delivered", "parcel_id": "P-A", "signer": "locker_without_consent" }),
        )
        .await;
        let order = app.get("/v1/orders/O-1", &keys.merchant).await.body;
        assert_eq!(order["unshipped"], json!([]), "{order}");
        assert_eq!(order["fulfilment"], "shipped", "the least advanced parcel");
        assert_eq!(order["parcels"][0]["signer"], "locker_without_consent");
        assert_eq!(
            order["parcels"][1]["lines"],
            json!([{ "item_id": "I-1", "quantity": 1 }, { "item_id": "I-2", "quantity": 1 }])
        );
        app.stop().await;
    })
    .await;
}

/// Fast refund on the unshipped line of a partly shipped order; the merchant's ticket page
/// shows the parcel of the other ticket's line.
#[tokio::test(flavor = "multi_thread")]
async fn the_rules_read_the_parcels_of_the_tickets_lines() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        place(&app).await;
        app.put_ok(
            "/v1/merchants/M-1/fast-refund",
            &keys.merchant,
            json!({ "opted_in": true }),
        )
        .await;
        logistics(
            &app,
            json!({ "type": "tracking_entered", "parcel_id": "P-A", "tracking": "SF1",
                    "items": ["I-1"] }),
        )
        .await;
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({ "ticket_id": "T-1", "kind": "refund_only", "reason": "dont_want",
                    "items": ["I-2"] }),
        )
        .await;
        let ticket = app.get("/v1/tickets/T-1", &keys.buyer).await.body;
        assert_eq!(ticket["auto_rule"], "merchant_fast_refund", "{ticket}");
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({ "ticket_id": "T-2", "kind": "refund_only", "reason": "dont_want",
                    "items": ["I-1"] }),
        )
        .await;
        let ticket = app.get("/v1/tickets/T-2", &keys.buyer).await.body;
        assert_eq!(ticket["state"], "requested", "{ticket}");

        let cookies = crate::console::session(&app, &keys.merchant).await;
        let page = crate::console::get(&app, "/merchant/tickets/T-2", &cookies).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("id=\"ticket-parcels\""), "{}", page.body);
        assert!(page.body.contains("<code>P-A</code>"), "{}", page.body);
        assert!(page.body.contains("I-1 × 2"), "{}", page.body);
        // T-1's line is in no parcel: its page shows none.
        let page = crate::console::get(&app, "/merchant/tickets/T-1", &cookies).await;
        assert!(
            !page.body.contains("id=\"ticket-parcels\""),
            "{}",
            page.body
        );
        app.stop().await;
    })
    .await;
}
