//! One announcement per state change (issue 17, point 1): subscribers receive the types
//! beyond the first eight (approval, refund requested, return awaited and signed, closed and
//! completed, dispute cancelled and settled, penalty appealed and revoked, refund handling
//! closed), each payload fits its OpenAPI schema, `refund.requested` carries what a payment
//! system needs with a key stable across redeliveries, and subscriptions filter by family.

use crate::support::{TestApp, cny, each_backend};
use crate::webhooks::{Receiver, loopback, subscribe};
use redress_engine::Clock;
use redress_http::webhook_catalogue::check_payload;
use redress_http::webhooks::Dispatcher;
use serde_json::{Value, json};

/// Deliver everything due now, then what each receiver got: payloads that fit their schema,
/// without the deadline notices (announced from the clock, not from the log).
async fn deliver(app: &TestApp) {
    let dispatcher = Dispatcher::new(&app.engine, loopback());
    dispatcher
        .dispatch_due(app.clock.now())
        .await
        .expect("delivers");
}

fn payloads(receiver: &Receiver) -> Vec<Value> {
    let bodies = receiver.bodies();
    for body in &bodies {
        check_payload(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    }
    bodies
        .into_iter()
        .filter(|b| b["type"] != "ticket.deadline_approaching")
        .collect()
}

fn types(payloads: &[Value]) -> Vec<String> {
    let mut types: Vec<String> = payloads
        .iter()
        .map(|p| p["type"].as_str().expect("a type").to_owned())
        .collect();
    types.sort();
    types
}

fn sorted(types: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = types.iter().map(|t| (*t).to_owned()).collect();
    out.sort();
    out
}

fn of_type<'a>(payloads: &'a [Value], t: &str) -> Vec<&'a Value> {
    payloads.iter().filter(|p| p["type"] == t).collect()
}

/// Place O-1 for M-1 and B-1 and have it delivered.
async fn delivered_order(app: &TestApp, order: &str) {
    let keys = app.keys.clone();
    app.place_order(order, "M-1", "B-1").await;
    let logistics = format!("/v1/orders/{order}/logistics");
    app.ok(
        &logistics,
        &keys.merchant,
        json!({ "type": "tracking_entered", "tracking": "SF100" }),
    )
    .await;
    app.ok(
        &logistics,
        &keys.integration,
        json!({ "type": "delivered", "signer": "buyer" }),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_return_from_approval_to_refund_reaches_family_subscribers() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        let everything = Receiver::start(&[], 200).await;
        let tickets = Receiver::start(&[], 200).await;
        let payments = Receiver::start(&[], 200).await;
        subscribe(
            &app,
            &keys.operator,
            &everything.url,
            json!({ "event_types": ["*"] }),
        )
        .await;
        subscribe(
            &app,
            &keys.merchant,
            &tickets.url,
            json!({ "event_types": ["ticket.*"] }),
        )
        .await;
        let payment_hook = subscribe(
            &app,
            &keys.operator,
            &payments.url,
            json!({ "event_types": ["refund.*"] }),
        )
        .await;

        delivered_order(&app, "O-1").await;
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
        app.ok(
            action,
            &keys.buyer,
            json!({ "type": "ship_return", "tracking": "YT200" }),
        )
        .await;
        let logistics = "/v1/orders/O-1/logistics";
        app.ok(
            logistics,
            &keys.integration,
            json!({ "type": "return_signed", "ticket_id": "T-1" }),
        )
        .await;
        app.ok(action, &keys.merchant, json!({ "type": "confirm_return" }))
            .await;
        let refunds = "/v1/payments/refunds/T-1";
        app.ok(
            refunds,
            &keys.integration,
            json!({ "type": "failed", "note": "channel timeout" }),
        )
        .await;
        app.ok(action, &keys.operator, json!({ "type": "retry_refund" }))
            .await;
        app.ok(
            refunds,
            &keys.integration,
            json!({ "type": "succeeded", "payment_reference": "PAY-2" }),
        )
        .await;
        deliver(&app).await;

        let all = payloads(&everything);
        assert_eq!(
            types(&all),
            sorted(&[
                "order.placed",
                "order.parcel_updated",
                "order.parcel_updated",
                "ticket.opened",
                "ticket.approved",
                "ticket.return_awaited",
                "ticket.return_shipped",
                "ticket.return_signed",
                "ticket.return_accepted",
                "refund.requested",
                "refund.failed",
                "refund.retried",
                "refund.requested",
                "ticket.refunded",
            ]),
            "{}",
            app.backend
        );
        let approved = of_type(&all, "ticket.approved");
        assert_eq!(approved[0]["data"]["approval"], "merchant");
        assert_eq!(approved[0]["data"]["next"], "awaiting_return");
        assert_eq!(approved[0]["data"]["ticket_id"], "T-1");
        let signed = of_type(&all, "ticket.return_signed");
        assert!(signed[0]["data"]["due_at"].is_string(), "{}", signed[0]);

        // The merchant's `ticket.*` subscription: only ticket events, all of them.
        let ticket_types = types(&payloads(&tickets));
        assert!(
            ticket_types.iter().all(|t| t.starts_with("ticket.")),
            "{ticket_types:?}"
        );
        assert_eq!(ticket_types.len(), 7, "{ticket_types:?}");

        // The payment system's `refund.*`: two requests (attempt 1 and its retry) and the
        // failure and the retry between them, with everything needed to pay once.
        let paid = payloads(&payments);
        assert_eq!(
            types(&paid),
            sorted(&[
                "refund.requested",
                "refund.failed",
                "refund.retried",
                "refund.requested"
            ])
        );
        let mut requests = of_type(&paid, "refund.requested");
        requests.sort_by_key(|r| r["data"]["attempt"].as_i64());
        let first = &requests[0]["data"];
        assert_eq!(first["ticket_id"], "T-1");
        assert_eq!(first["order_id"], "O-1");
        assert_eq!(first["buyer_id"], "B-1");
        assert_eq!(first["merchant_id"], "M-1");
        assert_eq!(first["amount_minor"], 20000);
        assert_eq!(first["currency"], "CNY");
        assert_eq!(first["attempt"], 1);
        let retry = &requests[1]["data"];
        assert_eq!(retry["attempt"], 2);
        assert_eq!(retry["amount_minor"], 20000);
        assert_ne!(
            first["idempotency_key"], retry["idempotency_key"],
            "a retry after a failure is a new payment call"
        );
        // Every subscriber sees one request under one key.
        let everyone: Vec<&Value> = of_type(&all, "refund.requested")
            .into_iter()
            .filter(|r| r["data"]["attempt"] == 1)
            .collect();
        assert_eq!(
            everyone[0]["data"]["idempotency_key"],
            first["idempotency_key"]
        );

        // A redelivery carries the same key and message id.
        let hook = payment_hook["id"].as_str().expect("an id");
        let log = app
            .get(&format!("/v1/webhooks/{hook}/deliveries"), &keys.operator)
            .await;
        let delivery = log.body["data"]
            .as_array()
            .expect("a list")
            .iter()
            .find(|d| d["event_type"] == "refund.requested")
            .expect("a refund request was delivered")
            .clone();
        let redeliver = app
            .post(
                &format!(
                    "/v1/webhooks/deliveries/{}/redeliver",
                    delivery["id"].as_str().expect("an id")
                ),
                &keys.operator,
                json!({}),
            )
            .await;
        assert_eq!(redeliver.status, 202, "{redeliver:?}");
        deliver(&app).await;
        let received = payments.received();
        let again = received.last().expect("redelivered");
        let again_body: Value = serde_json::from_str(&again.body).expect("JSON");
        let original = received
            .iter()
            .find(|r| r.headers["webhook-id"] == again.headers["webhook-id"])
            .expect("the first delivery of that message");
        let original_body: Value = serde_json::from_str(&original.body).expect("JSON");
        assert_eq!(
            again_body["data"]["idempotency_key"],
            original_body["data"]["idempotency_key"]
        );
        assert_eq!(received.len(), 5, "only the redelivered message again");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn disputes_cancelled_and_settled_and_tickets_closed_and_completed_are_announced() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        let disputes = Receiver::start(&[], 200).await;
        let closures = Receiver::start(&[], 200).await;
        subscribe(
            &app,
            &keys.merchant,
            &disputes.url,
            json!({ "event_types": ["dispute.*", "refund.requested"] }),
        )
        .await;
        subscribe(
            &app,
            &keys.merchant,
            &closures.url,
            json!({ "event_types": ["ticket.closed", "ticket.completed"] }),
        )
        .await;

        delivered_order(&app, "O-1").await;
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({
                "ticket_id": "T-1", "kind": "refund_only",
                "reason": "quality_problem", "amount": cny(20000)
            }),
        )
        .await;
        let action = "/v1/tickets/T-1/actions";
        app.ok(
            action,
            &keys.merchant,
            json!({
                "type": "reject", "note": "no defect",
                "evidence": [
                    { "kind": "photos", "reference": "ph-1" },
                    { "kind": "chat_records", "reference": "chat-1" },
                    { "kind": "inspection_report", "reference": "qc-1" }
                ]
            }),
        )
        .await;
        let escalate = json!({ "type": "escalate", "note": "it is broken" });
        app.ok(action, &keys.buyer, escalate.clone()).await;
        app.ok(action, &keys.buyer, json!({ "type": "cancel_dispute" }))
            .await;
        app.ok(action, &keys.buyer, escalate).await;
        app.ok(action, &keys.merchant, json!({ "type": "settle_dispute" }))
            .await;

        // A second order's request is cancelled by its buyer.
        delivered_order(&app, "O-2").await;
        app.ok(
            "/v1/orders/O-2/tickets",
            &keys.buyer,
            json!({
                "ticket_id": "T-2", "kind": "refund_only",
                "reason": "dont_want", "amount": cny(20000)
            }),
        )
        .await;
        app.ok(
            "/v1/tickets/T-2/actions",
            &keys.buyer,
            json!({ "type": "cancel" }),
        )
        .await;
        deliver(&app).await;

        let got = payloads(&disputes);
        assert_eq!(
            types(&got),
            sorted(&["dispute.cancelled", "dispute.settled", "refund.requested"]),
            "{}",
            app.backend
        );
        let settled = of_type(&got, "dispute.settled");
        assert_eq!(settled[0]["data"]["amount_minor"], 20000);
        assert_eq!(settled[0]["data"]["ticket_id"], "T-1");
        let cancelled = of_type(&got, "dispute.cancelled");
        assert!(cancelled[0]["data"]["due_at"].is_string());
        let requested = of_type(&got, "refund.requested");
        assert_eq!(requested[0]["data"]["attempt"], 1);
        assert_eq!(requested[0]["data"]["buyer_id"], "B-1");

        let closed = payloads(&closures);
        assert_eq!(types(&closed), sorted(&["ticket.closed"]));
        assert_eq!(closed[0]["data"]["ticket_id"], "T-2");
        assert_eq!(closed[0]["data"]["cause"], "cancelled_by_buyer");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_replacement_delivered_completes_the_ticket() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        let receiver = Receiver::start(&[], 200).await;
        subscribe(
            &app,
            &keys.merchant,
            &receiver.url,
            json!({ "event_types": ["ticket.completed", "ticket.replacement_shipped"] }),
        )
        .await;
        delivered_order(&app, "O-1").await;
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({
                "ticket_id": "T-1", "kind": "reship",
                "reason": "missing_items", "amount": cny(20000)
            }),
        )
        .await;
        let action = "/v1/tickets/T-1/actions";
        app.ok(action, &keys.merchant, json!({ "type": "approve" }))
            .await;
        app.ok(
            action,
            &keys.merchant,
            json!({ "type": "ship_replacement", "tracking": "SF9" }),
        )
        .await;
        app.ok(
            "/v1/orders/O-1/logistics",
            &keys.integration,
            json!({ "type": "replacement_delivered", "ticket_id": "T-1" }),
        )
        .await;
        assert_eq!(app.ticket_state("T-1").await, "completed");
        deliver(&app).await;
        let got = payloads(&receiver);
        assert_eq!(
            types(&got),
            sorted(&["ticket.replacement_shipped", "ticket.completed"]),
            "{}",
            app.backend
        );
        assert_eq!(
            of_type(&got, "ticket.replacement_shipped")[0]["data"]["tracking"],
            "SF9"
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn penalties_appealed_and_revoked_and_refund_handling_closed_are_announced() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        let merchant_events = Receiver::start(&[], 200).await;
        let payments = Receiver::start(&[], 200).await;
        subscribe(
            &app,
            &keys.merchant,
            &merchant_events.url,
            json!({ "event_types": ["merchant.*"] }),
        )
        .await;
        subscribe(
            &app,
            &keys.operator,
            &payments.url,
            json!({ "event_types": ["refund.requested", "ticket.approved"] }),
        )
        .await;
        // Ten requests lapse: each overdue approval makes a refund due.
        for n in 0..10 {
            let (order, ticket) = (format!("O-{n}"), format!("T-{n}"));
            app.place_order(&order, "M-1", "B-1").await;
            app.ok(
                &format!("/v1/orders/{order}/tickets"),
                &keys.buyer,
                json!({ "ticket_id": ticket, "kind": "refund_only", "reason": "dont_want",
                        "amount": cny(1000) }),
            )
            .await;
        }
        let after = "2026-03-04T03:00:00Z".parse().expect("an instant");
        app.engine
            .advance_to(&app.clock, after)
            .await
            .expect("deadlines fire");
        app.clock
            .set("2026-03-11T03:00:00Z".parse().expect("an instant"))
            .expect("forward");
        let run = app
            .post(
                "/v1/evaluations",
                &keys.operator,
                json!({ "day": "2026-03-11" }),
            )
            .await;
        assert_eq!(run.status, 200, "{run:?}");
        let path = "/v1/merchants/M-1/penalties/2026-03-11:mass_overdue";
        app.ok(
            &format!("{path}/appeal"),
            &keys.merchant,
            json!({ "note": "our support desk was down" }),
        )
        .await;
        app.ok(
            &format!("{path}/revoke"),
            &keys.operator,
            json!({ "note": "outage confirmed" }),
        )
        .await;
        app.put_ok(
            "/v1/merchants/M-1/refund-handling",
            &keys.operator,
            json!({ "closed": true, "note": "high risk" }),
        )
        .await;
        deliver(&app).await;

        let got = payloads(&merchant_events);
        assert_eq!(
            types(&got),
            sorted(&[
                "merchant.penalised",
                "merchant.penalty_appealed",
                "merchant.penalty_revoked",
                "merchant.refund_handling_closed",
            ]),
            "{}",
            app.backend
        );
        let appealed = of_type(&got, "merchant.penalty_appealed");
        assert_eq!(appealed[0]["data"]["penalty_id"], "2026-03-11:mass_overdue");
        assert_eq!(
            appealed[0]["data"]["statement"],
            "our support desk was down"
        );
        let revoked = of_type(&got, "merchant.penalty_revoked");
        assert_eq!(revoked[0]["data"]["reason"], "outage confirmed");
        let closed = of_type(&got, "merchant.refund_handling_closed");
        assert_eq!(closed[0]["data"]["reason"], "high risk");
        assert_eq!(closed[0]["data"]["merchant_id"], "M-1");

        let refunds = payloads(&payments);
        let approvals = of_type(&refunds, "ticket.approved");
        assert_eq!(approvals.len(), 10);
        assert!(approvals.iter().all(|a| a["data"]["approval"] == "overdue"));
        let requests = of_type(&refunds, "refund.requested");
        assert_eq!(requests.len(), 10);
        let mut keys_seen: Vec<&str> = requests
            .iter()
            .map(|r| r["data"]["idempotency_key"].as_str().expect("a key"))
            .collect();
        keys_seen.sort_unstable();
        keys_seen.dedup();
        assert_eq!(keys_seen.len(), 10, "one key per ticket");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn subscriptions_take_types_families_and_everything_and_refuse_the_rest() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        for good in [
            json!(["*"]),
            json!(["ticket.*", "refund.requested"]),
            json!(["buyer.*"]),
        ] {
            let answer = app
                .post(
                    "/v1/webhooks",
                    &keys.operator,
                    json!({ "url": "http://127.0.0.1:9/hook", "event_types": good }),
                )
                .await;
            assert_eq!(answer.status, 201, "{good}: {answer:?}");
            assert_eq!(answer.body["event_types"], good);
        }
        for (bad, field) in [
            (json!(["ticket.opened", "tickets.*"]), "event_types[1]"),
            (json!(["ticket.nope"]), "event_types[0]"),
            (json!(["ticket*"]), "event_types[0]"),
            (json!(["*.opened"]), "event_types[0]"),
            (json!(["ticket.%"]), "event_types[0]"),
        ] {
            let answer = app
                .post(
                    "/v1/webhooks",
                    &keys.operator,
                    json!({ "url": "http://127.0.0.1:9/hook", "event_types": bad }),
                )
                .await;
            assert_eq!(
                (answer.status, answer.fields()),
                (400, vec![field.to_owned()]),
                "{bad}: {answer:?}"
            );
        }
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn buyer_events_reach_only_platform_wide_subscriptions() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        let platform = Receiver::start(&[], 200).await;
        let merchant = Receiver::start(&[], 200).await;
        subscribe(
            &app,
            &keys.operator,
            &platform.url,
            json!({ "event_types": ["buyer.*"] }),
        )
        .await;
        subscribe(
            &app,
            &keys.merchant,
            &merchant.url,
            json!({ "event_types": ["*"] }),
        )
        .await;
        app.put_ok(
            "/v1/buyers/B-1/trust",
            &keys.integration,
            json!({
                "account_created_at": "2025-01-01T00:00:00Z", "completed_orders": 12,
                "orders_90d": 4, "refunds_90d": 1, "abuse_restricted": false
            }),
        )
        .await;
        deliver(&app).await;
        let got = payloads(&platform);
        assert_eq!(
            types(&got),
            sorted(&["buyer.trust_updated"]),
            "{}",
            app.backend
        );
        assert_eq!(got[0]["data"]["buyer_id"], "B-1");
        assert_eq!(got[0]["data"]["completed_orders"], 12);
        assert!(
            merchant.bodies().is_empty(),
            "a merchant sees no buyer events"
        );
        app.stop().await;
    })
    .await;
}
