//! The access matrix: every endpoint, called with every role on a resource of merchant
//! `M-1` and buyer `B-1`, and with the other merchant's and buyer's keys. A key either does
//! not see a resource outside its scope (404, exactly like a missing one), is refused for its
//! role by a read or a write that is not a command (403 `forbidden`), or reaches the domain:
//! whose refusal, chosen here to change nothing, shows it got there, and which alone refuses
//! a role a command (403 `wrong_actor`). Each refusal has one code. Nothing in the table may
//! change the database.

use crate::support::{TestApp, cny, each_backend, order_body};
use serde_json::{Value, json};

/// Who calls, by the key they hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Caller {
    Operator,
    Arbitrator,
    Integration,
    Merchant,
    OtherMerchant,
    Buyer,
    OtherBuyer,
}

use Caller::*;

const CALLERS: [Caller; 7] = [
    Operator,
    Arbitrator,
    Integration,
    Merchant,
    OtherMerchant,
    Buyer,
    OtherBuyer,
];

fn key(app: &TestApp, caller: Caller) -> String {
    let keys = &app.keys;
    match caller {
        Operator => keys.operator.clone(),
        Arbitrator => keys.arbitrator.clone(),
        Integration => keys.integration.clone(),
        Merchant => keys.merchant.clone(),
        OtherMerchant => keys.other_merchant.clone(),
        Buyer => keys.buyer.clone(),
        OtherBuyer => keys.other_buyer.clone(),
    }
}

/// One endpoint and what each caller gets.
struct Row {
    method: &'static str,
    path: &'static str,
    body: Option<Value>,
    headers: &'static [(&'static str, &'static str)],
    expect: fn(Caller) -> (u16, &'static str),
}

const FORBIDDEN: (u16, &str) = (403, "forbidden");
/// The domain's refusal of a command to a role that may not take it.
const WRONG_ACTOR: (u16, &str) = (403, "wrong_actor");

fn table() -> Vec<Row> {
    vec![
        Row {
            method: "POST",
            path: "/v1/orders",
            body: Some(order_body("O-1", "M-1", "B-1")),
            headers: &[],
            // The domain asks who places an order before whether it exists.
            expect: |c| match c {
                Operator | Integration => (409, "order_exists"),
                _ => WRONG_ACTOR,
            },
        },
        Row {
            method: "GET",
            path: "/v1/orders/O-1",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Arbitrator | Merchant | Buyer => (200, ""),
                OtherMerchant | OtherBuyer => (404, "order_unknown"),
                Integration => FORBIDDEN,
            },
        },
        Row {
            method: "POST",
            path: "/v1/orders/O-1/logistics",
            body: Some(json!({ "type": "in_transit" })),
            headers: &[],
            expect: |c| match c {
                Integration => (409, "parcel_out_of_order"),
                OtherMerchant | OtherBuyer => (404, "order_unknown"),
                Operator | Arbitrator | Merchant | Buyer => WRONG_ACTOR,
            },
        },
        Row {
            method: "POST",
            path: "/v1/orders/O-1/tickets",
            body: Some(json!({
                "ticket_id": "T-1", "kind": "refund_only", "reason": "dont_want",
                "amount": cny(100)
            })),
            headers: &[],
            expect: |c| match c {
                Buyer => (409, "ticket_exists"),
                OtherMerchant | OtherBuyer => (404, "order_unknown"),
                Operator | Arbitrator | Merchant | Integration => WRONG_ACTOR,
            },
        },
        Row {
            method: "GET",
            path: "/v1/tickets",
            body: None,
            headers: &[],
            expect: |c| match c {
                Integration => FORBIDDEN,
                _ => (200, ""),
            },
        },
        Row {
            method: "GET",
            path: "/v1/orders",
            body: None,
            headers: &[],
            expect: |c| match c {
                Integration => FORBIDDEN,
                _ => (200, ""),
            },
        },
        Row {
            method: "GET",
            path: "/v1/events",
            body: None,
            headers: &[],
            expect: |c| match c {
                Integration => FORBIDDEN,
                _ => (200, ""),
            },
        },
        Row {
            method: "GET",
            path: "/v1/tickets/T-1",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Arbitrator | Merchant | Buyer => (200, ""),
                OtherMerchant | OtherBuyer => (404, "ticket_unknown"),
                Integration => FORBIDDEN,
            },
        },
        Row {
            method: "POST",
            path: "/v1/tickets/T-1/actions",
            body: Some(json!({ "type": "approve" })),
            // A stale version: whoever reaches the domain is refused before anything changes.
            headers: &[("if-match", "\"99\"")],
            expect: |c| match c {
                Operator | Arbitrator | Merchant | Buyer | Integration => (409, "version_conflict"),
                OtherMerchant | OtherBuyer => (404, "ticket_unknown"),
            },
        },
        Row {
            method: "POST",
            path: "/v1/tickets/T-1/actions",
            body: Some(json!({ "type": "settle_dispute" })),
            // The merchant's action, and no dispute to settle: the domain refuses every
            // other role for the action, and the merchant for the ticket's state.
            headers: &[],
            expect: |c| match c {
                Merchant => (409, "wrong_state"),
                OtherMerchant | OtherBuyer => (404, "ticket_unknown"),
                Operator | Arbitrator | Buyer | Integration => WRONG_ACTOR,
            },
        },
        Row {
            method: "POST",
            path: "/v1/tickets/T-1/files",
            // JSON, not a multipart upload: whoever may upload is refused before anything
            // is stored.
            body: Some(json!({ "file": "not a file" })),
            headers: &[],
            expect: |c| match c {
                Operator | Merchant | Buyer => (400, "invalid_input"),
                OtherMerchant | OtherBuyer => (404, "ticket_unknown"),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "GET",
            path: "/v1/tickets/T-1/files/sha256:0000000000000000000000000000000000000000000000000000000000000000",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Arbitrator | Merchant | Buyer => (404, "file_unknown"),
                OtherMerchant | OtherBuyer => (404, "ticket_unknown"),
                Integration => FORBIDDEN,
            },
        },
        Row {
            method: "POST",
            path: "/v1/payments/refunds/T-1",
            body: Some(json!({ "type": "succeeded", "payment_reference": "PAY-1" })),
            headers: &[],
            expect: |c| match c {
                Integration => (409, "wrong_state"),
                OtherMerchant | OtherBuyer => (404, "ticket_unknown"),
                Operator | Arbitrator | Merchant | Buyer => WRONG_ACTOR,
            },
        },
        Row {
            method: "GET",
            path: "/v1/merchants/M-1",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Arbitrator | Merchant => (200, ""),
                OtherMerchant => (404, "merchant_unknown"),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "PUT",
            path: "/v1/merchants/M-1/fast-refund",
            body: Some(json!({ "opted_in": false })),
            headers: &[],
            expect: |c| match c {
                Operator | Merchant => (200, ""),
                OtherMerchant => (404, "merchant_unknown"),
                _ => WRONG_ACTOR,
            },
        },
        Row {
            method: "PUT",
            path: "/v1/merchants/M-1/strategies/S-1",
            body: Some(json!({ "name": " ", "action": "approve" })),
            headers: &[],
            expect: |c| match c {
                Operator | Merchant => (422, "text_invalid"),
                OtherMerchant => (404, "merchant_unknown"),
                _ => WRONG_ACTOR,
            },
        },
        Row {
            method: "POST",
            path: "/v1/merchants/M-1/strategies/S-9/disable",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Merchant => (404, "strategy_unknown"),
                OtherMerchant => (404, "merchant_unknown"),
                _ => WRONG_ACTOR,
            },
        },
        Row {
            method: "PUT",
            path: "/v1/merchants/M-1/refund-handling",
            body: Some(json!({ "closed": false })),
            headers: &[],
            expect: |c| match c {
                Operator => (200, ""),
                OtherMerchant => (404, "merchant_unknown"),
                _ => WRONG_ACTOR,
            },
        },
        Row {
            method: "PUT",
            path: "/v1/merchants/M-1/platform-fast-refund-exclusion",
            body: Some(json!({ "excluded": false })),
            headers: &[],
            expect: |c| match c {
                Operator => (200, ""),
                OtherMerchant => (404, "merchant_unknown"),
                _ => WRONG_ACTOR,
            },
        },
        Row {
            method: "GET",
            path: "/v1/merchants/M-1/metrics?at=2026-03-11",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Arbitrator | Merchant => (200, ""),
                OtherMerchant => (404, "merchant_unknown"),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "GET",
            path: "/v1/merchants/M-1/penalties",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Arbitrator | Merchant => (200, ""),
                OtherMerchant => (404, "merchant_unknown"),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "POST",
            path: "/v1/merchants/M-1/penalties/2020-01-01:dispute_rate/appeal",
            body: Some(json!({ "note": "we disagree" })),
            headers: &[],
            expect: |c| match c {
                Operator | Merchant => (404, "penalty_unknown"),
                OtherMerchant => (404, "merchant_unknown"),
                _ => WRONG_ACTOR,
            },
        },
        Row {
            method: "POST",
            path: "/v1/merchants/M-1/penalties/2020-01-01:dispute_rate/revoke",
            body: Some(json!({ "note": "appeal upheld" })),
            headers: &[],
            expect: |c| match c {
                Operator => (404, "penalty_unknown"),
                OtherMerchant => (404, "merchant_unknown"),
                _ => WRONG_ACTOR,
            },
        },
        Row {
            method: "POST",
            path: "/v1/evaluations",
            // Not a date: whoever may run an evaluation is refused before it runs.
            body: Some(json!({ "day": "next wednesday" })),
            headers: &[],
            expect: |c| match c {
                Operator => (400, "invalid_input"),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "GET",
            path: "/v1/metrics/leaderboard?at=2026-03-11&by=dispute_rate",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Arbitrator => (200, ""),
                _ => FORBIDDEN,
            },
        },
        // Showcase creators (seed 001) are the platform staff's: no order names C-1 here.
        Row {
            method: "GET",
            path: "/v1/creators?at=2026-03-11",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Arbitrator => (200, ""),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "GET",
            path: "/v1/creators/C-1/metrics?at=2026-03-11",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Arbitrator => (404, "creator_unknown"),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "GET",
            path: "/v1/creators/C-1/penalties",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Arbitrator => (404, "creator_unknown"),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "POST",
            path: "/v1/creators/C-1/penalties/2020-01-01:dispute_rate/appeal",
            body: Some(json!({ "note": "the merchant shipped late" })),
            headers: &[],
            // Creators are the platform staff's to see; acting is the domain's to allow.
            expect: |c| match c {
                Operator | Arbitrator => (404, "creator_unknown"),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "POST",
            path: "/v1/creators/C-1/penalties/2020-01-01:dispute_rate/revoke",
            body: Some(json!({ "note": "appeal upheld" })),
            headers: &[],
            // Creators are the platform staff's to see; acting is the domain's to allow.
            expect: |c| match c {
                Operator | Arbitrator => (404, "creator_unknown"),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "GET",
            path: "/v1/buyers/B-1/trust",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Arbitrator | Buyer => (200, ""),
                OtherBuyer => (404, "buyer_unknown"),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "PUT",
            path: "/v1/buyers/B-1/trust",
            body: Some(trust()),
            headers: &[],
            expect: |c| match c {
                Operator | Integration => (200, ""),
                OtherBuyer => (404, "buyer_unknown"),
                _ => WRONG_ACTOR,
            },
        },
        Row {
            method: "GET",
            path: "/v1/policy",
            body: None,
            headers: &[],
            expect: |c| match c {
                Integration => FORBIDDEN,
                _ => (200, ""),
            },
        },
        Row {
            method: "GET",
            path: "/v1/policy/versions",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Arbitrator | Merchant | OtherMerchant => (200, ""),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "PUT",
            path: "/v1/policy",
            body: Some(json!({ "toml": "[deadlines]\nmerchant_response_hours = \"soon\"\n" })),
            headers: &[],
            expect: |c| match c {
                Operator => (422, "policy_invalid"),
                _ => FORBIDDEN,
            },
        },
        // Webhooks: operators and merchants only; ids that are missing or foreign alike 404
        // (a foreign subscription's 404 is in tests/http/webhooks.rs).
        Row {
            method: "GET",
            path: "/v1/webhooks",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Merchant | OtherMerchant => (200, ""),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "POST",
            path: "/v1/webhooks",
            body: Some(json!({ "url": "http://127.0.0.1:9/hook", "event_types": [] })),
            headers: &[],
            expect: |c| match c {
                Operator | Merchant | OtherMerchant => (400, "invalid_input"),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "GET",
            path: "/v1/webhooks/dead-letters",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Merchant | OtherMerchant => (200, ""),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "DELETE",
            path: "/v1/webhooks/whk_missing",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Merchant | OtherMerchant => (404, "webhook_unknown"),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "GET",
            path: "/v1/webhooks/whk_missing/deliveries",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Merchant | OtherMerchant => (404, "webhook_unknown"),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "POST",
            path: "/v1/webhooks/deliveries/msg_missing.whk_missing/redeliver",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator | Merchant | OtherMerchant => (404, "delivery_unknown"),
                _ => FORBIDDEN,
            },
        },
        // Keys: the operator's alone. A merchant key without its merchant changes nothing.
        Row {
            method: "POST",
            path: "/v1/keys",
            body: Some(json!({ "role": "merchant" })),
            headers: &[],
            expect: |c| match c {
                Operator => (400, "invalid_input"),
                _ => FORBIDDEN,
            },
        },
        Row {
            method: "DELETE",
            path: "/v1/keys/key_missing",
            body: None,
            headers: &[],
            expect: |c| match c {
                Operator => (404, "key_unknown"),
                _ => FORBIDDEN,
            },
        },
    ]
}

fn trust() -> Value {
    json!({
        "account_created_at": "2025-01-01T00:00:00Z",
        "completed_orders": 12,
        "orders_90d": 10,
        "refunds_90d": 1,
        "abuse_restricted": false
    })
}

/// Orders of both merchants, each with a ticket waiting on the merchant, and both buyers'
/// trust inputs.
async fn seed(app: &TestApp) {
    let keys = &app.keys;
    for (order, merchant, buyer, ticket, buyer_key) in [
        ("O-1", "M-1", "B-1", "T-1", &keys.buyer),
        ("O-2", "M-2", "B-2", "T-2", &keys.other_buyer),
    ] {
        app.place_order(order, merchant, buyer).await;
        app.ok(
            &format!("/v1/orders/{order}/tickets"),
            buyer_key,
            json!({
                "ticket_id": ticket, "kind": "refund_only", "reason": "dont_want",
                "amount": cny(20000)
            }),
        )
        .await;
        app.put_ok(
            &format!("/v1/buyers/{buyer}/trust"),
            &keys.integration,
            trust(),
        )
        .await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_endpoint_with_every_role_and_a_foreign_scope() {
    each_backend(|app: TestApp| async move {
        seed(&app).await;
        let before = app.events().await;
        let mut wrong = Vec::new();
        for row in table() {
            for caller in CALLERS {
                let key = key(&app, caller);
                let answer = app
                    .call(
                        row.method,
                        row.path,
                        Some(&key),
                        row.body.as_ref(),
                        row.headers,
                    )
                    .await;
                let expected = (row.expect)(caller);
                let code = if (200..300).contains(&answer.status) {
                    ""
                } else {
                    answer.code()
                };
                if (answer.status, code) != expected {
                    wrong.push(format!(
                        "{} {} as {caller:?}: got {} {code:?}, expected {expected:?}",
                        row.method, row.path, answer.status
                    ));
                }
            }
            // No key at all: 401 everywhere.
            let anonymous = app
                .call(row.method, row.path, None, row.body.as_ref(), row.headers)
                .await;
            if (anonymous.status, anonymous.code()) != (401, "unauthenticated") {
                wrong.push(format!(
                    "{} {} without a key: {anonymous:?}",
                    row.method, row.path
                ));
            }
        }
        assert!(wrong.is_empty(), "{}:\n{}", app.backend, wrong.join("\n"));
        assert_eq!(app.events().await, before, "the matrix changed nothing");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn lists_show_only_what_the_key_may_see() {
    each_backend(|app: TestApp| async move {
        seed(&app).await;
        let ids = |answer: crate::support::Answer| -> Vec<String> {
            answer.body["data"]
                .as_array()
                .expect("a page")
                .iter()
                .map(|t| t["id"].as_str().expect("an id").to_owned())
                .collect()
        };
        let keys = app.keys.clone();
        assert_eq!(
            ids(app.get("/v1/tickets", &keys.operator).await),
            ["T-1", "T-2"]
        );
        assert_eq!(ids(app.get("/v1/tickets", &keys.merchant).await), ["T-1"]);
        assert_eq!(
            ids(app.get("/v1/tickets", &keys.other_merchant).await),
            ["T-2"]
        );
        assert_eq!(ids(app.get("/v1/tickets", &keys.buyer).await), ["T-1"]);
        assert_eq!(
            ids(app.get("/v1/tickets", &keys.other_buyer).await),
            ["T-2"]
        );
        // Asking for another merchant's tickets by filter finds nothing.
        let foreign = app.get("/v1/tickets?merchant_id=M-2", &keys.merchant).await;
        assert_eq!(ids(foreign), Vec::<String>::new());
        let by_merchant = app.get("/v1/tickets?merchant_id=M-2", &keys.operator).await;
        assert_eq!(ids(by_merchant), ["T-2"]);
        // Pages of one, walked by cursor.
        let first = app.get("/v1/tickets?limit=1", &keys.operator).await;
        let cursor = first.body["next_cursor"]
            .as_str()
            .expect("a next page")
            .to_owned();
        assert_eq!(ids(first), ["T-1"]);
        let second = app
            .get(
                &format!("/v1/tickets?limit=1&cursor={cursor}"),
                &keys.operator,
            )
            .await;
        assert!(second.body["next_cursor"].is_null(), "{second:?}");
        assert_eq!(ids(second), ["T-2"]);
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revoked_key_is_refused_at_once() {
    each_backend(|app: TestApp| async move {
        use redress_store::api::ApiStore;
        let keys = app.keys.clone();
        assert_eq!(app.get("/v1/policy", &keys.arbitrator).await.status, 200);
        let listed = redress_http::auth::list_keys(app.engine.store())
            .await
            .expect("lists");
        let arbitrator = listed
            .iter()
            .find(|k| k.scope == redress_http::auth::Scope::Arbitrator)
            .expect("the arbitrator's key");
        let revoked = app
            .engine
            .store()
            .revoke_api_key(&arbitrator.key_id, 1)
            .await
            .expect("revokes");
        assert!(revoked);
        let answer = app.get("/v1/policy", &keys.arbitrator).await;
        assert_eq!((answer.status, answer.code()), (401, "unauthenticated"));
        let made_up = app.get("/v1/policy", "rk_live_0000").await;
        assert_eq!((made_up.status, made_up.code()), (401, "unauthenticated"));
        app.stop().await;
    })
    .await;
}
