//! Main paths through the API: a refund, a return, a dispute to its verdict, idempotent
//! retries, and a graceful stop that keeps every acknowledged command.

use crate::support::{Answer, TestApp, cny, each_backend, each_backend_sandbox};
use serde_json::json;

fn events_of(answer: &serde_json::Value) -> Vec<&str> {
    answer["events"]
        .as_array()
        .expect("a receipt lists events")
        .iter()
        .map(|e| e.as_str().expect("a name"))
        .collect()
}

fn timeline(ticket: &Answer) -> Vec<&str> {
    ticket.body["timeline"]
        .as_array()
        .expect("a timeline")
        .iter()
        .map(|e| e["event"].as_str().expect("an event name"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn refund_only_from_request_to_payout() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        app.place_order("O-1", "M-1", "B-1").await;
        let opened = app
            .ok(
                "/v1/orders/O-1/tickets",
                &keys.buyer,
                json!({
                    "ticket_id": "T-1", "kind": "refund_only", "reason": "dont_want",
                    "amount": cny(20000), "description": "ordered twice"
                }),
            )
            .await;
        assert_eq!(events_of(&opened), ["opened"], "{}", app.backend);
        assert_eq!(app.ticket_state("T-1").await, "requested");

        let approved = app
            .ok(
                "/v1/tickets/T-1/actions",
                &keys.merchant,
                json!({ "type": "approve" }),
            )
            .await;
        assert_eq!(events_of(&approved), ["approved"]);
        assert_eq!(app.ticket_state("T-1").await, "refunding");

        let paid = app
            .ok(
                "/v1/payments/refunds/T-1",
                &keys.integration,
                json!({ "type": "succeeded", "payment_reference": "PAY-1" }),
            )
            .await;
        assert_eq!(events_of(&paid), ["refund_succeeded"]);

        let ticket = app.get("/v1/tickets/T-1", &keys.buyer).await;
        assert_eq!(ticket.status, 200);
        assert_eq!(ticket.body["state"], "refunded");
        assert_eq!(ticket.body["refunded"], cny(20000));
        assert_eq!(ticket.body["order"]["refunded"], cny(20000));
        assert_eq!(
            timeline(&ticket),
            ["order_placed", "opened", "approved", "refund_succeeded"]
        );
        assert_eq!(ticket.body["timeline"][2]["actor"]["role"], "merchant");
        assert_eq!(ticket.body["timeline"][2]["actor"]["id"], "M-1");
        assert_eq!(
            ticket.headers.get("etag").and_then(|v| v.to_str().ok()),
            Some("\"3\"")
        );

        let queue = app
            .get(
                "/v1/tickets?state=refunded&kind=refund_only",
                &keys.merchant,
            )
            .await;
        assert_eq!(queue.status, 200);
        assert_eq!(queue.body["data"][0]["id"], "T-1");
        assert_eq!(queue.body["data"].as_array().map(Vec::len), Some(1));
        let none = app.get("/v1/tickets?state=requested", &keys.merchant).await;
        assert_eq!(none.body["data"], json!([]));
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn return_and_refund_through_the_return_parcel() {
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
            json!({ "type": "in_transit" }),
        )
        .await;
        app.advance_hours(48);
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
                "ticket_id": "T-1", "kind": "return_and_refund",
                "reason": "no_reason_seven_day", "amount": cny(20000)
            }),
        )
        .await;
        let action = "/v1/tickets/T-1/actions";
        app.ok(action, &keys.merchant, json!({ "type": "approve" }))
            .await;
        assert_eq!(app.ticket_state("T-1").await, "awaiting_return");
        app.ok(
            action,
            &keys.buyer,
            json!({ "type": "ship_return", "tracking": "YT200" }),
        )
        .await;
        let shipped = app.get("/v1/tickets/T-1", &keys.merchant).await;
        assert_eq!(shipped.body["return_parcel"]["tracking"], "YT200");
        assert_eq!(
            shipped.body["return_parcel"]["shipped_at"],
            app.engine.clock().now().to_string()
        );
        assert_eq!(shipped.body["ended_at"], json!(null));
        app.ok(
            logistics,
            &keys.integration,
            json!({ "type": "return_in_transit", "ticket_id": "T-1" }),
        )
        .await;
        let unsigned = app
            .get("/v1/tickets?return_signed=false", &keys.merchant)
            .await;
        assert_eq!(unsigned.body["data"][0]["id"], "T-1");
        app.advance_hours(24);
        app.ok(
            logistics,
            &keys.integration,
            json!({ "type": "return_signed", "ticket_id": "T-1" }),
        )
        .await;
        assert_eq!(app.ticket_state("T-1").await, "return_received");
        let received = app.get("/v1/tickets/T-1", &keys.merchant).await;
        assert_eq!(received.body["return_parcel"], json!(null));
        let signed = app
            .get("/v1/tickets?return_signed=true", &keys.merchant)
            .await;
        assert_eq!(signed.body["data"][0]["id"], "T-1");
        assert!(signed.body["data"][0]["return_signed_at"].is_string());
        app.ok(action, &keys.merchant, json!({ "type": "confirm_return" }))
            .await;
        assert_eq!(app.ticket_state("T-1").await, "refunding");
        app.ok(
            "/v1/payments/refunds/T-1",
            &keys.integration,
            json!({ "type": "succeeded", "payment_reference": "PAY-2" }),
        )
        .await;
        assert_eq!(app.ticket_state("T-1").await, "refunded");
        let refunded = app.get("/v1/tickets/T-1", &keys.buyer).await;
        assert_eq!(
            refunded.body["ended_at"],
            app.engine.clock().now().to_string()
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dispute_from_rejection_to_verdict() {
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
            json!({ "type": "in_transit" }),
        )
        .await;
        app.advance_hours(5 * 24);
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({
                "ticket_id": "T-1", "kind": "refund_only",
                "reason": "logistics_stalled", "amount": cny(18000)
            }),
        )
        .await;
        let action = "/v1/tickets/T-1/actions";
        let unsupported = app
            .post(
                action,
                &keys.merchant,
                json!({ "type": "reject", "note": "in transit" }),
            )
            .await;
        assert_eq!(unsupported.status, 422, "{unsupported:?}");
        assert_eq!(unsupported.code(), "evidence_missing");
        assert_eq!(
            unsupported.body["missing"],
            json!(["chat_records"]),
            "the kinds still required, as data (the order's tracking number counts)"
        );
        app.ok(
            action,
            &keys.merchant,
            json!({
                "type": "reject", "note": "the parcel is moving",
                "evidence": [
                    { "kind": "tracking_number", "reference": "SF100" },
                    { "kind": "chat_records", "reference": "chat-ab12", "note": "told the buyer" }
                ]
            }),
        )
        .await;
        assert_eq!(app.ticket_state("T-1").await, "rejected");
        let escalated = app
            .ok(
                action,
                &keys.buyer,
                json!({ "type": "escalate", "note": "nothing arrived" }),
            )
            .await;
        assert_eq!(events_of(&escalated), ["dispute_opened"]);
        let ticket = app.get("/v1/tickets/T-1", &keys.arbitrator).await;
        assert_eq!(ticket.body["state"], "in_dispute");
        assert_eq!(ticket.body["dispute"]["open"], true);
        assert_eq!(
            ticket.body["evidence_checklist"]["merchant"],
            json!([
                { "kind": "tracking_number", "given": true },
                { "kind": "chat_records", "given": true }
            ])
        );
        let disputes = app
            .get("/v1/tickets?state=in_dispute", &keys.arbitrator)
            .await;
        assert_eq!(disputes.body["data"][0]["id"], "T-1");
        assert!(disputes.body["data"][0]["disputed_at"].is_string());
        app.ok(
            action,
            &keys.buyer,
            json!({
                "type": "add_evidence",
                "evidence": { "kind": "chat_records", "reference": "chat-cd34" }
            }),
        )
        .await;
        let wrong = app
            .post(
                action,
                &keys.merchant,
                json!({
                    "type": "give_verdict", "responsibility": "buyer",
                    "outcome": { "type": "no_refund" }, "note": "mine"
                }),
            )
            .await;
        assert_eq!((wrong.status, wrong.code()), (403, "wrong_actor"));
        app.ok(
            action,
            &keys.arbitrator,
            json!({
                "type": "give_verdict", "responsibility": "merchant",
                "outcome": { "type": "full_refund" },
                "note": "the carrier shows no movement for five days"
            }),
        )
        .await;
        let ticket = app.get("/v1/tickets/T-1", &keys.merchant).await;
        assert_eq!(ticket.body["state"], "refunding");
        assert_eq!(ticket.body["dispute"]["resolution"], "decided");
        assert_eq!(
            ticket.body["dispute"]["verdict"]["responsibility"],
            "merchant"
        );
        assert_eq!(ticket.body["dispute"]["evidence"][0]["side"], "buyer");
        app.ok(
            "/v1/payments/refunds/T-1",
            &keys.integration,
            json!({ "type": "succeeded", "payment_reference": "PAY-3" }),
        )
        .await;
        assert_eq!(app.ticket_state("T-1").await, "refunded");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retry_with_the_same_idempotency_key_replays_the_first_answer() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        let order = crate::support::order_body("O-1", "M-1", "B-1");
        let headers = [("idempotency-key", "place-O-1")];
        let first = app
            .call(
                "POST",
                "/v1/orders",
                Some(&keys.integration),
                Some(&order),
                &headers,
            )
            .await;
        assert_eq!(first.status, 201, "{first:?}");
        assert_eq!(first.body["replayed"], false);
        let events = app.events().await;
        let again = app
            .call(
                "POST",
                "/v1/orders",
                Some(&keys.integration),
                Some(&order),
                &headers,
            )
            .await;
        assert_eq!(again.status, 201, "{again:?}");
        assert_eq!(again.body["replayed"], true);
        assert_eq!(again.body["version"], first.body["version"]);
        assert_eq!(
            again
                .headers
                .get("idempotent-replayed")
                .and_then(|v| v.to_str().ok()),
            Some("true")
        );
        assert_eq!(app.events().await, events, "a replay records nothing");
        // Without the key the same order is a second placement, refused.
        let unkeyed = app.post("/v1/orders", &keys.integration, order).await;
        assert_eq!((unkeyed.status, unkeyed.code()), (409, "order_exists"));
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_graceful_stop_keeps_what_was_acknowledged_and_then_refuses() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        app.place_order("O-1", "M-1", "B-1").await;
        let engine = app.engine.clone();
        let events = app.events().await;
        assert_eq!(events, 1);
        app.stop().await;
        let order = redress_domain::OrderId::parse("O-1").expect("an id");
        let stored = engine.order(&order).await.expect("reads");
        assert!(stored.is_some(), "the acknowledged order is stored");
        let submission = redress_engine::Submission::new(
            redress_domain::Actor::Integration,
            redress_engine::Command::Order {
                order: order.clone(),
                command: redress_domain::OrderCommand::single_parcel(
                    redress_domain::ParcelUpdate::InTransit,
                ),
            },
        );
        let refused = engine.execute(submission).await;
        assert!(
            matches!(refused, Err(redress_engine::EngineError::Stopped)),
            "{refused:?}; key {}",
            keys.operator.len()
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stop_during_requests_loses_no_acknowledged_command() {
    each_backend(|app: TestApp| async move {
        const REQUESTS: usize = 40;
        let key = app.keys.integration.clone();
        let engine = app.engine.clone();
        let (answered, mut answers) = tokio::sync::mpsc::unbounded_channel();
        for n in 0..REQUESTS {
            let (client, base, key) = (app.client.clone(), app.base.clone(), key.clone());
            let answered = answered.clone();
            tokio::spawn(async move {
                let id = format!("O-{n}");
                let answer = client
                    .post(format!("{base}/v1/orders"))
                    .bearer_auth(key)
                    .json(&crate::support::order_body(&id, "M-1", "B-1"))
                    .send()
                    .await;
                let acknowledged = answer.is_ok_and(|a| a.status().as_u16() == 201);
                let _ = answered.send((id, acknowledged));
            });
        }
        drop(answered);
        // Stop as soon as the first placement is acknowledged, with the others on their way:
        // those in flight finish, later ones are turned away, and none is half done.
        let mut results = Vec::new();
        while let Some((id, ok)) = answers.recv().await {
            results.push((id, ok));
            if ok {
                break;
            }
        }
        app.stop().await;
        while let Some(result) = answers.recv().await {
            results.push(result);
        }
        assert_eq!(results.len(), REQUESTS);
        let mut acknowledged = 0;
        for (id, ok) in results {
            let order = redress_domain::OrderId::parse(&id).expect("an id");
            let stored = engine.order(&order).await.expect("reads").is_some();
            assert_eq!(stored, ok, "{id}: stored {stored}, acknowledged {ok}");
            acknowledged += usize::from(ok);
        }
        assert!(acknowledged >= 1);
        eprintln!("{acknowledged} of {REQUESTS} placements acknowledged around the stop");
    })
    .await;
}

/// A parcel left in a locker without the buyer's consent and reported not received: in the
/// dispute, the ticket shows its phase, and platform staff (only) see the verdict helper's
/// suggestion; the verdict makes it merchant-responsible.
#[tokio::test(flavor = "multi_thread")]
async fn a_dispute_shows_its_phase_and_the_suggestion_to_platform_staff_only() {
    each_backend_sandbox(|app: TestApp| async move {
        let keys = app.keys.clone();
        app.place_order("O-1", "M-1", "B-1").await;
        let logistics = "/v1/orders/O-1/logistics";
        for event in [
            json!({ "type": "tracking_entered", "tracking": "SF100" }),
            json!({ "type": "in_transit" }),
            json!({ "type": "delivered", "signer": "locker_without_consent" }),
        ] {
            app.ok(logistics, &keys.integration, event).await;
        }
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({
                "ticket_id": "T-1", "kind": "refund_only",
                "reason": "not_received", "amount": cny(20000)
            }),
        )
        .await;
        let action = "/v1/tickets/T-1/actions";
        app.ok(
            action,
            &keys.merchant,
            json!({
                "type": "reject", "note": "delivered to the locker",
                "evidence": [
                    { "kind": "tracking_number", "reference": "SF100" },
                    { "kind": "chat_records", "reference": "chat-ab12" }
                ]
            }),
        )
        .await;
        app.ok(action, &keys.buyer, json!({ "type": "escalate" }))
            .await;
        let expected = json!({
            "responsibility": "merchant", "outcome": "full_refund", "amount": null,
            "rule": "locker_without_consent"
        });
        for staff in [&keys.arbitrator, &keys.operator] {
            let ticket = app.get("/v1/tickets/T-1", staff).await;
            assert_eq!(ticket.body["dispute"]["phase"], "evidence");
            assert_eq!(ticket.body["dispute"]["merchant_responsible"], false);
            assert_eq!(ticket.body["suggestion"], expected);
        }
        for party in [&keys.merchant, &keys.buyer] {
            let ticket = app.get("/v1/tickets/T-1", party).await;
            assert_eq!(ticket.body["dispute"]["phase"], "evidence");
            assert_eq!(ticket.body["suggestion"], json!(null), "{ticket:?}");
        }
        // The evidence window closes: the arbitrator decides.
        app.ok(
            "/v1/sandbox/clock/advance",
            &keys.operator,
            json!({ "by": "PT49H" }),
        )
        .await;
        let ticket = app.get("/v1/tickets/T-1", &keys.arbitrator).await;
        assert_eq!(ticket.body["dispute"]["phase"], "awaiting_verdict");
        assert_eq!(ticket.body["suggestion"], expected);
        app.ok(
            action,
            &keys.arbitrator,
            json!({
                "type": "give_verdict", "responsibility": "merchant",
                "outcome": { "type": "full_refund" }, "note": "locker without consent"
            }),
        )
        .await;
        let ticket = app.get("/v1/tickets/T-1", &keys.arbitrator).await;
        assert_eq!(ticket.body["state"], "refunding");
        assert_eq!(ticket.body["dispute"]["phase"], json!(null));
        assert_eq!(ticket.body["dispute"]["merchant_responsible"], true);
        assert_eq!(
            ticket.body["suggestion"],
            json!(null),
            "the dispute is over"
        );
        app.stop().await;
    })
    .await;
}
