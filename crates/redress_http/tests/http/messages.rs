//! The ticket's thread (协商历史) and return addresses through the API (issue 19, point 3):
//! buyer and merchant write to each other, the platform joins once in a dispute, each message
//! is an event announced as `ticket.message_posted`, and the buyer is shown the return
//! address only once a return is agreed, never the merchant's evidence checklist.

use crate::support::{TestApp, cny, each_backend};
use serde_json::json;

/// O-1 delivered, T-1 a return-and-refund request for a quality problem, waiting on M-1.
async fn requested_return(app: &TestApp) {
    let keys = &app.keys;
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
        json!({ "type": "delivered", "signer": "buyer" }),
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
}

#[tokio::test(flavor = "multi_thread")]
async fn buyer_and_merchant_talk_on_the_thread_and_the_platform_joins_in_a_dispute() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        requested_return(&app).await;
        let thread = "/v1/tickets/T-1/messages";
        let posted = app
            .post(thread, &keys.buyer, json!({ "text": "请问何时处理?" }))
            .await;
        assert_eq!(posted.status, 201, "{posted:?}");
        assert_eq!(posted.body["events"], json!(["message_posted"]));
        app.advance_hours(1);
        app.ok(
            thread,
            &keys.merchant,
            json!({ "text": "今天内处理\n谢谢" }),
        )
        .await;
        // The platform has no say before a dispute.
        let early = app
            .post(thread, &keys.arbitrator, json!({ "text": "平台" }))
            .await;
        assert_eq!(
            (early.status, early.code()),
            (403, "wrong_actor"),
            "{early:?}"
        );
        // Outsiders do not even see the ticket.
        let stranger = app
            .post(thread, &keys.other_merchant, json!({ "text": "x" }))
            .await;
        assert_eq!(stranger.status, 404, "{stranger:?}");
        assert_eq!(app.get(thread, &keys.other_buyer).await.status, 404);

        let read = app.get(thread, &keys.buyer).await;
        assert_eq!(read.status, 200, "{read:?}");
        let messages = read.body["messages"].as_array().expect("a list").clone();
        assert_eq!(messages.len(), 2);
        assert_eq!(messages[0]["number"], 1);
        assert_eq!(
            messages[0]["author"],
            json!({ "role": "buyer", "id": "B-1" })
        );
        assert_eq!(messages[1]["text"], "今天内处理\n谢谢");
        assert_eq!(
            messages[1]["author"],
            json!({ "role": "merchant", "id": "M-1" })
        );
        let ticket = app.get("/v1/tickets/T-1", &keys.merchant).await;
        assert_eq!(ticket.body["messages"], 2);
        assert_eq!(
            ticket.body["state"], "requested",
            "talking changes no state"
        );

        // Rejected and escalated: now the platform writes too.
        app.ok(
            "/v1/tickets/T-1/actions",
            &keys.merchant,
            json!({ "type": "reject", "note": "worn", "evidence": [
                { "kind": "photos", "reference": "shop-1" },
                { "kind": "chat_records", "reference": "chat-1" }
            ] }),
        )
        .await;
        app.ok(
            "/v1/tickets/T-1/actions",
            &keys.buyer,
            json!({ "type": "escalate", "note": "not worn" }),
        )
        .await;
        app.ok(
            thread,
            &keys.arbitrator,
            json!({ "text": "请双方补充凭证" }),
        )
        .await;
        let read = app.get(thread, &keys.operator).await;
        assert_eq!(read.body["messages"][2]["author"]["role"], "arbitrator");
        let feed = app
            .get("/v1/events?types=ticket.message_posted", &keys.merchant)
            .await;
        assert_eq!(feed.status, 200, "{feed:?}");
        assert_eq!(
            feed.body["data"].as_array().map(Vec::len),
            Some(3),
            "each message is an event of the log: {feed:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_message_is_text_within_limits_and_a_refusal_names_the_field() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        requested_return(&app).await;
        let thread = "/v1/tickets/T-1/messages";
        let before = app.events().await;
        for (body, status, code) in [
            (json!({ "text": "" }), 422, "text_invalid"),
            (json!({ "text": "bell\u{7}" }), 422, "text_invalid"),
            (json!({ "text": "长".repeat(1001) }), 422, "text_invalid"),
        ] {
            let answer = app.post(thread, &keys.buyer, body.clone()).await;
            assert_eq!((answer.status, answer.code()), (status, code), "{body}");
            assert_eq!(answer.fields(), ["text"], "{answer:?}");
        }
        let unknown = app
            .post(thread, &keys.buyer, json!({ "text": "hi", "to": "M-1" }))
            .await;
        assert_eq!(unknown.status, 400, "{unknown:?}");
        assert_eq!(app.events().await, before, "nothing was recorded");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_buyer_sees_the_return_address_on_approval_and_never_the_merchants_checklist() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        requested_return(&app).await;
        app.put_ok(
            "/v1/merchants/M-1/return-address",
            &keys.merchant,
            json!({ "address": "上海市浦东新区张江路 1 号 售后部" }),
        )
        .await;
        let merchant = app.get("/v1/merchants/M-1", &keys.merchant).await;
        assert_eq!(
            merchant.body["return_address"],
            "上海市浦东新区张江路 1 号 售后部"
        );
        let as_buyer = app.get("/v1/tickets/T-1", &keys.buyer).await;
        assert_eq!(
            as_buyer.body["return_address"],
            json!(null),
            "not before approval"
        );
        assert_eq!(as_buyer.body["evidence_checklist"]["merchant"], json!([]));
        assert!(
            !as_buyer.body["evidence_checklist"]["buyer"]
                .as_array()
                .expect("a list")
                .is_empty(),
            "the buyer's own list is shown: {as_buyer:?}"
        );
        let as_merchant = app.get("/v1/tickets/T-1", &keys.merchant).await;
        assert!(
            !as_merchant.body["evidence_checklist"]["merchant"]
                .as_array()
                .expect("a list")
                .is_empty(),
            "{as_merchant:?}"
        );
        // The ticket's own address overrides the shop's; the buyer sees it once approved.
        let action = "/v1/tickets/T-1/actions";
        let by_buyer = app
            .post(
                action,
                &keys.buyer,
                json!({ "type": "set_return_address", "address": "x" }),
            )
            .await;
        assert_eq!((by_buyer.status, by_buyer.code()), (403, "wrong_actor"));
        app.ok(
            action,
            &keys.merchant,
            json!({ "type": "set_return_address", "address": "杭州市余杭区 3 号仓" }),
        )
        .await;
        app.ok(action, &keys.merchant, json!({ "type": "approve" }))
            .await;
        let as_buyer = app.get("/v1/tickets/T-1", &keys.buyer).await;
        assert_eq!(as_buyer.body["state"], "awaiting_return");
        assert_eq!(as_buyer.body["return_address"], "杭州市余杭区 3 号仓");
        // Removing the shop's address is a PUT of an empty one.
        app.put_ok(
            "/v1/merchants/M-1/return-address",
            &keys.merchant,
            json!({ "address": "" }),
        )
        .await;
        let merchant = app.get("/v1/merchants/M-1", &keys.merchant).await;
        assert_eq!(merchant.body["return_address"], json!(null));
        let bad = app
            .put(
                "/v1/merchants/M-1/return-address",
                &keys.merchant,
                json!({ "address": "a\u{1b}[31m" }),
            )
            .await;
        assert_eq!(
            (bad.status, bad.fields()),
            (422, vec!["address".to_owned()])
        );
        let foreign = app
            .put(
                "/v1/merchants/M-1/return-address",
                &keys.other_merchant,
                json!({ "address": "x" }),
            )
            .await;
        assert_eq!(foreign.status, 404, "{foreign:?}");
    })
    .await;
}
