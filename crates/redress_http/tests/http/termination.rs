//! Removal from the platform (seed 004 三: 直至清除平台、终止合作) through the API: an
//! operator's decision with a reason, published as a penalty, holding refund handling
//! closed until it is revoked; buyers' requests are still refunded.

use crate::support::{TestApp, cny, each_backend};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn an_operator_terminates_a_merchant_and_revokes_the_termination() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        app.place_order("O-1", "M-1", "B-1").await;
        app.place_order("O-2", "M-1", "B-1").await;
        let path = "/v1/merchants/M-1/termination";
        let refused = app
            .post(path, &keys.merchant, json!({ "note": "leaving" }))
            .await;
        assert_eq!((refused.status, refused.code()), (403, "wrong_actor"));
        let events = app.events().await;
        let blank = app
            .post(path, &keys.operator, json!({ "note": "  " }))
            .await;
        assert_eq!(blank.fields(), vec!["note".to_owned()], "{blank:?}");
        assert_eq!(app.events().await, events, "a refusal changes nothing");

        app.ok(
            path,
            &keys.operator,
            json!({ "note": "refunds owed were refused again and again" }),
        )
        .await;
        let again = app
            .post(path, &keys.operator, json!({ "note": "again" }))
            .await;
        assert_eq!((again.status, again.code()), (409, "no_change"));

        // Published: in the penalty list and the merchant's settings.
        let penalties = app.get("/v1/merchants/M-1/penalties", &keys.merchant).await;
        let penalty = &penalties.body["data"][0];
        let id = penalty["id"].as_str().expect("an id").to_owned();
        assert!(id.ends_with(":operator_decision"), "{penalty}");
        assert_eq!(penalty["standard"], "operator_decision");
        assert_eq!(penalty["severity"], "especially_serious");
        assert_eq!(penalty["measures"], json!([{ "type": "termination" }]));
        assert_eq!(penalty["note"], "refunds owed were refused again and again");
        assert_eq!(penalty["status"], "active");
        let merchant = app.get("/v1/merchants/M-1", &keys.merchant).await;
        assert_eq!(merchant.body["terminated_by"], json!(id));
        assert!(merchant.body["refund_handling_closed"].is_string());

        // Refund handling stays closed; buyers' requests are approved and refunded.
        let restore = app
            .put(
                "/v1/merchants/M-1/refund-handling",
                &keys.operator,
                json!({ "closed": false }),
            )
            .await;
        assert_eq!(
            (restore.status, restore.code()),
            (409, "merchant_terminated"),
            "{restore:?}"
        );
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({ "ticket_id": "T-1", "kind": "refund_only", "reason": "dont_want",
                    "amount": cny(1000) }),
        )
        .await;
        assert_eq!(app.ticket_state("T-1").await, "refunding");

        // Appealable and revocable like any penalty.
        let penalty_path = format!("/v1/merchants/M-1/penalties/{id}");
        app.ok(
            &format!("{penalty_path}/appeal"),
            &keys.merchant,
            json!({ "note": "we refunded every case" }),
        )
        .await;
        app.ok(
            &format!("{penalty_path}/revoke"),
            &keys.operator,
            json!({ "note": "appeal upheld" }),
        )
        .await;
        let merchant = app.get("/v1/merchants/M-1", &keys.operator).await;
        assert!(merchant.body["terminated_by"].is_null(), "{merchant:?}");
        app.put_ok(
            "/v1/merchants/M-1/refund-handling",
            &keys.operator,
            json!({ "closed": false }),
        )
        .await;
        app.ok(
            "/v1/orders/O-2/tickets",
            &keys.buyer,
            json!({ "ticket_id": "T-2", "kind": "refund_only", "reason": "dont_want",
                    "amount": cny(1000) }),
        )
        .await;
        assert_eq!(app.ticket_state("T-2").await, "requested");
        app.stop().await;
    })
    .await;
}

/// The description lists the endpoint and the new measure, so generated clients know them.
#[tokio::test(flavor = "multi_thread")]
async fn the_description_has_the_termination() {
    let spec = serde_json::to_value(redress_http::openapi()).expect("serialises");
    assert!(
        spec["paths"]["/v1/merchants/{merchant_id}/termination"]["post"].is_object(),
        "the endpoint is described"
    );
    let measures = spec["components"]["schemas"]["MeasureDto"].to_string();
    assert!(measures.contains("\"termination\""), "{measures}");
}
