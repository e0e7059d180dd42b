//! A remedy and a failed refund through the API: the merchant offers partial compensation,
//! the buyer accepts, the first refund fails and an operator retries it.

use crate::support::{TestApp, cny, each_backend};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn partial_compensation_then_a_failed_refund_retried() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        app.place_order("O-1", "M-1", "B-1").await;
        let logistics = "/v1/orders/O-1/logistics";
        app.ok(
            logistics,
            &keys.merchant,
            json!({ "type": "tracking_entered", "tracking": "SF100" }),
        )
        .await;
        app.ok(
            logistics,
            &keys.integration,
            json!({ "type": "delivered", "signer": "proxy" }),
        )
        .await;
        app.advance_hours(24);
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({
                "ticket_id": "T-1", "kind": "return_and_refund", "reason": "quality_problem",
                "amount": cny(20000), "description": "a loose seam",
                "evidence": [{ "kind": "photos", "reference": "photo-ef56" }]
            }),
        )
        .await;
        let action = "/v1/tickets/T-1/actions";
        let propose = |amount: i64| {
            json!({
                "type": "propose_remedy",
                "remedy": { "type": "partial_compensation", "amount": cny(amount) },
                "note": "30 yuan, keep the goods"
            })
        };
        let too_much = app.post(action, &keys.merchant, propose(30000)).await;
        assert_eq!(
            (too_much.status, too_much.code()),
            (422, "remedy_not_applicable")
        );
        assert_eq!(too_much.fields(), ["remedy.amount"], "{too_much:?}");
        assert_eq!(
            too_much.body["sub_reason"], "above_requested",
            "{too_much:?}"
        );
        let negative = app.post(action, &keys.merchant, propose(-1)).await;
        assert_eq!(
            (negative.status, negative.fields()),
            (400, vec!["remedy.amount.amount".to_owned()])
        );
        app.ok(action, &keys.merchant, propose(3000)).await;
        app.ok(action, &keys.buyer, json!({ "type": "accept_remedy" }))
            .await;
        assert_eq!(app.ticket_state("T-1").await, "refunding");

        let refunds = "/v1/payments/refunds/T-1";
        app.ok(
            refunds,
            &keys.integration,
            json!({ "type": "failed", "note": "channel timeout" }),
        )
        .await;
        let ticket = app.get("/v1/tickets/T-1", &keys.operator).await;
        assert_eq!(ticket.body["refund_alert"], "channel timeout");
        assert_eq!(ticket.body["deadline"]["kind"], "refund_retry");
        let alerts = app.get("/v1/tickets?state=refunding", &keys.operator).await;
        assert_eq!(alerts.body["data"][0]["refund_alert"], "channel timeout");

        let by_merchant = app
            .post(action, &keys.merchant, json!({ "type": "retry_refund" }))
            .await;
        assert_eq!(
            (by_merchant.status, by_merchant.code()),
            (403, "wrong_actor")
        );
        app.ok(action, &keys.operator, json!({ "type": "retry_refund" }))
            .await;
        app.ok(
            refunds,
            &keys.integration,
            json!({ "type": "succeeded", "payment_reference": "PAY-9" }),
        )
        .await;
        let ticket = app.get("/v1/tickets/T-1", &keys.buyer).await;
        assert_eq!(ticket.body["state"], "refunded");
        assert_eq!(ticket.body["refunded"], cny(3000));
        assert!(ticket.body["refund_alert"].is_null());
        app.stop().await;
    })
    .await;
}
