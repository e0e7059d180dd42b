//! Bad input of every kind gets a 4xx problem+json naming the field or the code, and
//! changes nothing.

use crate::support::{TestApp, cny, each_backend, order_body};
use serde_json::{Value, json};

/// `order_body` with one change made by `edit`.
fn order_with(edit: impl FnOnce(&mut Value)) -> Value {
    let mut body = order_body("O-9", "M-1", "B-1");
    edit(&mut body);
    body
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_orders_name_the_field_and_change_nothing() {
    each_backend(|app: TestApp| async move {
        let key = app.keys.integration.clone();
        let before = app.events().await;
        let cases: Vec<(&str, Value, u16, &str, &str)> = vec![
            (
                "wrong type",
                order_with(|b| b["items"][0]["quantity"] = json!("one")),
                400,
                "invalid_input",
                "items[0].quantity",
            ),
            (
                "negative quantity",
                order_with(|b| b["items"][0]["quantity"] = json!(-1)),
                400,
                "invalid_input",
                "items[0].quantity",
            ),
            (
                "unknown field",
                order_with(|b| b["colour"] = json!("red")),
                400,
                "invalid_input",
                "colour",
            ),
            (
                "unknown nested field",
                order_with(|b| b["items"][0]["colour"] = json!("red")),
                400,
                "invalid_input",
                "items[0].colour",
            ),
            (
                "missing field",
                order_with(|b| {
                    b.as_object_mut().expect("an object").remove("paid");
                }),
                400,
                "invalid_input",
                "paid",
            ),
            (
                "negative amount",
                order_with(|b| b["paid"]["amount"] = json!(-100)),
                400,
                "invalid_input",
                "paid.amount",
            ),
            (
                "oversized amount",
                order_with(|b| b["paid"]["amount"] = json!(10_000_000_000_001_i64)),
                400,
                "invalid_input",
                "paid.amount",
            ),
            (
                "amount beyond i64",
                order_with(|b| b["paid"]["amount"] = json!(1e20)),
                400,
                "invalid_input",
                "paid.amount",
            ),
            (
                "fractional amount",
                order_with(|b| b["paid"]["amount"] = json!(19.99)),
                400,
                "invalid_input",
                "paid.amount",
            ),
            (
                "bad currency",
                order_with(|b| b["items"][0]["amount"]["currency"] = json!("cny")),
                400,
                "invalid_input",
                "items[0].amount.currency",
            ),
            (
                "bad id",
                order_with(|b| b["id"] = json!("O 9")),
                400,
                "invalid_input",
                "id",
            ),
            (
                "bad instant",
                order_with(|b| b["paid_at"] = json!("yesterday")),
                400,
                "invalid_input",
                "paid_at",
            ),
            (
                "no items (a domain refusal)",
                order_with(|b| b["items"] = json!([])),
                422,
                "no_items",
                "items",
            ),
            (
                "zero paid (a domain refusal)",
                order_with(|b| b["paid"]["amount"] = json!(0)),
                422,
                "amount_not_positive",
                "paid",
            ),
            (
                "currencies differ (a domain refusal)",
                order_with(|b| b["items"][0]["amount"]["currency"] = json!("USD")),
                422,
                "currency_mismatch",
                "amount",
            ),
        ];
        let mut wrong = Vec::new();
        for (name, body, status, code, field) in cases {
            let answer = app.post("/v1/orders", &key, body).await;
            let got = (answer.status, answer.code().to_owned(), answer.fields());
            if got != (status, code.to_owned(), vec![field.to_owned()]) {
                wrong.push(format!("{name}: {got:?} ({})", answer.body));
            }
        }
        assert!(wrong.is_empty(), "{}:\n{}", app.backend, wrong.join("\n"));
        assert_eq!(app.events().await, before, "nothing was recorded");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_bodies_and_headers_are_refused() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        app.place_order("O-1", "M-1", "B-1").await;
        let before = app.events().await;

        let malformed = app
            .raw(
                "/v1/orders",
                &keys.integration,
                "application/json",
                "{\"id\": ",
            )
            .await;
        assert_eq!(
            (malformed.status, malformed.code()),
            (400, "malformed_json")
        );
        // Where the text broke off.
        assert_eq!(malformed.fields(), ["id"]);

        let trailing_text = format!("{} {{}}", order_body("O-8", "M-1", "B-1"));
        let trailing = app
            .raw(
                "/v1/orders",
                &keys.integration,
                "application/json",
                &trailing_text,
            )
            .await;
        assert_eq!((trailing.status, trailing.code()), (400, "malformed_json"));

        let not_json = app
            .raw("/v1/orders", &keys.integration, "text/plain", "{}")
            .await;
        assert_eq!(
            (not_json.status, not_json.code()),
            (415, "unsupported_media_type")
        );

        // Just over the 1 MiB limit: the server answers 413 without reading the rest and
        // closes the connection. A body much larger than the socket buffers could still be
        // being written then, and the client would see a reset instead of the answer.
        let huge = format!(
            "{{\"id\": \"{}\"}}",
            "x".repeat(redress_http::BODY_BYTES_MAX + 1024)
        );
        let too_large = app
            .raw("/v1/orders", &keys.integration, "application/json", &huge)
            .await;
        assert_eq!(
            (too_large.status, too_large.code()),
            (413, "body_too_large")
        );

        let action = "/v1/tickets/T-1/actions";
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({
                "ticket_id": "T-1", "kind": "refund_only", "reason": "dont_want",
                "amount": cny(20000)
            }),
        )
        .await;
        let before = before + 1;
        assert_eq!(app.events().await, before);

        let unknown_action = app
            .post(action, &keys.merchant, json!({ "type": "shrug" }))
            .await;
        assert_eq!(unknown_action.status, 400, "{unknown_action:?}");
        assert_eq!(unknown_action.fields(), ["type"]);

        let extra = app
            .post(
                action,
                &keys.merchant,
                json!({ "type": "approve", "note": "x" }),
            )
            .await;
        assert_eq!(
            (extra.status, extra.fields()),
            (400, vec!["note".to_owned()])
        );

        let wrong_type = app
            .post(
                action,
                &keys.merchant,
                json!({ "type": "reject", "note": 5 }),
            )
            .await;
        assert_eq!(
            (wrong_type.status, wrong_type.fields()),
            (400, vec!["note".to_owned()]),
            "{wrong_type:?}"
        );

        let bad_if_match = app
            .call(
                "POST",
                action,
                Some(&keys.merchant),
                Some(&json!({ "type": "approve" })),
                &[("if-match", "soon")],
            )
            .await;
        assert_eq!(bad_if_match.fields(), ["If-Match"]);

        let bad_query = app.get("/v1/tickets?colour=red", &keys.operator).await;
        assert_eq!(
            (bad_query.status, bad_query.fields()),
            (400, vec!["colour".to_owned()])
        );
        let bad_state = app.get("/v1/tickets?state=lost", &keys.operator).await;
        assert_eq!(bad_state.fields(), ["state"]);
        let bad_limit = app.get("/v1/tickets?limit=0", &keys.operator).await;
        assert_eq!(bad_limit.fields(), ["limit"]);
        let bad_cursor = app.get("/v1/tickets?cursor=zz", &keys.operator).await;
        assert_eq!(bad_cursor.fields(), ["cursor"]);
        // Found by schemathesis: four bytes of one character once split the server's slicing.
        let wide_cursor = app
            .get("/v1/tickets?cursor=%F0%90%80%80", &keys.operator)
            .await;
        assert_eq!(
            (wide_cursor.status, wide_cursor.fields()),
            (400, vec!["cursor".to_owned()])
        );
        let bad_due = app
            .get("/v1/tickets?due_before=tomorrow", &keys.operator)
            .await;
        assert_eq!(bad_due.fields(), ["due_before"]);
        let bad_path = app.get("/v1/tickets/T%201", &keys.operator).await;
        assert_eq!(bad_path.fields(), ["ticket_id"]);

        let route = app.get("/v1/nowhere", &keys.operator).await;
        assert_eq!((route.status, route.code()), (404, "route_unknown"));
        let method = app
            .call("DELETE", "/v1/orders", Some(&keys.operator), None, &[])
            .await;
        assert_eq!((method.status, method.code()), (405, "method_not_allowed"));
        assert!(method.headers.contains_key("allow"), "{method:?}");

        assert_eq!(app.events().await, before, "nothing was recorded");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refusals_in_the_wrong_state_or_with_a_reused_key_change_nothing() {
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
        let action = "/v1/tickets/T-1/actions";
        let approve = json!({ "type": "approve" });
        let key = [("idempotency-key", "answer-T-1")];
        let first = app
            .call("POST", action, Some(&keys.merchant), Some(&approve), &key)
            .await;
        assert_eq!(first.status, 200, "{first:?}");
        let before = app.events().await;

        let twice = app.post(action, &keys.merchant, approve.clone()).await;
        assert_eq!((twice.status, twice.code()), (409, "wrong_state"));

        let reject = json!({ "type": "reject", "note": "changed my mind" });
        let reused = app
            .call("POST", action, Some(&keys.merchant), Some(&reject), &key)
            .await;
        assert_eq!(
            (reused.status, reused.code()),
            (422, "idempotency_key_reused")
        );
        assert_eq!(reused.fields(), ["Idempotency-Key"]);

        let too_much = app
            .post(
                "/v1/orders/O-1/tickets",
                &keys.buyer,
                json!({
                    "ticket_id": "T-2", "kind": "refund_only", "reason": "dont_want",
                    "amount": cny(1)
                }),
            )
            .await;
        // Every unit of the order is held by T-1, which is live: a request naming no line
        // finds none open (tickets name lines and quantities, issue 18).
        assert_eq!(
            (too_much.status, too_much.code()),
            (409, "item_in_open_ticket")
        );

        let long_key = "k".repeat(256);
        let bad_key = app
            .call(
                "POST",
                action,
                Some(&keys.buyer),
                Some(&json!({ "type": "cancel" })),
                &[("idempotency-key", &long_key)],
            )
            .await;
        assert_eq!(
            (bad_key.status, bad_key.code()),
            (400, "idempotency_key_invalid")
        );

        let bad_policy = app
            .put(
                "/v1/policy",
                &keys.operator,
                json!({ "toml": "[deadlines]\nmerchant_response_hours = -1\n" }),
            )
            .await;
        assert_eq!(
            (bad_policy.status, bad_policy.code()),
            (422, "policy_invalid")
        );
        assert!(
            bad_policy.fields()[0].starts_with("toml.deadlines"),
            "{bad_policy:?}"
        );
        let policy = app.get("/v1/policy", &keys.operator).await;
        assert_eq!(
            policy.body["name"], "default",
            "the policy in force is unchanged"
        );

        assert_eq!(app.events().await, before, "nothing was recorded");
        app.stop().await;
    })
    .await;
}
