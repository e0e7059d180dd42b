//! The attack classes of a security review, kept in the suite: control characters in every
//! free-text field, path-like ids, extreme dates and numbers, oversized and truncated
//! bodies, made-up methods, and arbitrary JSON for every request type. Whatever arrives, the
//! answer is a success or a 4xx problem+json, never a 5xx, and a refusal records nothing.

use crate::support::{TestApp, cny, each_backend, each_backend_sandbox, order_body};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A refusal: 4xx problem+json. Returns the code and the fields named.
fn refused(what: &str, answer: &crate::support::Answer) -> (u16, String, Vec<String>) {
    assert!(
        (400..500).contains(&answer.status),
        "{what}: a 4xx refusal, got {answer:?}"
    );
    (answer.status, answer.code().to_owned(), answer.fields())
}

/// Not a server error: a success, or a refusal as problem+json.
fn no_server_error(what: &str, answer: &crate::support::Answer) {
    assert!(
        answer.status < 500,
        "{what}: no server error, got {answer:?}"
    );
    if answer.status >= 400 {
        assert_eq!(
            answer.content_type, "application/problem+json",
            "{what}: a refusal is problem+json: {answer:?}"
        );
    }
}

/// Send raw bytes over a fresh connection, as no HTTP client would: un-normalised paths,
/// bodies shorter than their `Content-Length`. With `truncate`, the write half is closed
/// after the bytes, so the server sees the body end early. Returns the status, or `None`
/// when the server closed the connection without answering.
async fn raw_request(app: &TestApp, request: &[u8], truncate: bool) -> Option<u16> {
    let address = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("the server listens");
    // The server may answer and close before it has read everything (a body too large): a
    // failed write is not the test's concern, the answer is.
    let _ = stream.write_all(request).await;
    if truncate {
        let _ = stream.shutdown().await;
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer);
    text.strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
}

/// A browser that follows no redirects, signed in to the console with `key`, and its cookie.
async fn console_session(app: &TestApp, key: &str) -> (reqwest::Client, String) {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let signed_in = browser
        .post(format!("{}/sign-in", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("key={key}"))
        .send()
        .await
        .expect("the server answers");
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .expect("ASCII")
        .split(';')
        .next()
        .expect("a cookie")
        .to_owned();
    (browser, cookie)
}

fn get_with_key(path: &str, key: &str) -> Vec<u8> {
    format!(
        "GET {path} HTTP/1.1\r\nhost: redress\r\nauthorization: Bearer {key}\r\nconnection: close\r\n\r\n"
    )
    .into_bytes()
}

// ---------------------------------------------------------------------------------------------
// 15.1: control characters in free text

#[tokio::test(flavor = "multi_thread")]
async fn control_characters_in_free_text_are_refused_naming_the_field() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        app.place_order("O-1", "M-1", "B-1").await;
        // An order without tickets, so opening one is refused for its text alone.
        app.place_order("O-3", "M-1", "B-1").await;
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({
                "ticket_id": "T-1", "kind": "refund_only", "reason": "dont_want",
                "amount": cny(100)
            }),
        )
        .await;
        let before = app.events().await;
        let nul = "SF\u{0}1";
        let evidence = |reference: &str, note: &str| {
            json!({ "kind": "photos", "reference": reference, "note": note })
        };
        let action = "/v1/tickets/T-1/actions";
        let refund = "/v1/payments/refunds/T-1";
        // (what, method, path, key, body, field)
        let cases: Vec<(&str, &str, &str, &str, Value, &str)> = vec![
            (
                "tracking (the 2026 incident)",
                "POST",
                "/v1/orders/O-1/logistics",
                &keys.merchant,
                json!({ "type": "tracking_entered", "tracking": nul }),
                "tracking",
            ),
            (
                "a line break in a tracking number",
                "POST",
                "/v1/orders/O-1/logistics",
                &keys.integration,
                json!({ "type": "tracking_entered", "tracking": "SF1\nSF2" }),
                "tracking",
            ),
            (
                "category",
                "POST",
                "/v1/orders",
                &keys.integration,
                {
                    let mut body = order_body("O-2", "M-1", "B-1");
                    body["items"][0]["category"] = json!("app\u{7}arel");
                    body
                },
                "items.category",
            ),
            (
                "description",
                "POST",
                "/v1/orders/O-3/tickets",
                &keys.buyer,
                json!({
                    "ticket_id": "T-2", "kind": "refund_only", "reason": "dont_want",
                    "amount": cny(100), "description": "broken\u{0}"
                }),
                "description",
            ),
            (
                "evidence reference",
                "POST",
                "/v1/orders/O-3/tickets",
                &keys.buyer,
                json!({
                    "ticket_id": "T-2", "kind": "refund_only", "reason": "dont_want",
                    "amount": cny(100), "evidence": [evidence("sha256:\u{1b}[2J", "")]
                }),
                "evidence.reference",
            ),
            (
                "evidence note",
                "POST",
                "/v1/orders/O-3/tickets",
                &keys.buyer,
                json!({
                    "ticket_id": "T-2", "kind": "refund_only", "reason": "dont_want",
                    "amount": cny(100), "evidence": [evidence("link", "see\u{8}\u{8}")]
                }),
                "evidence.note",
            ),
            (
                "reject reason",
                "POST",
                action,
                &keys.merchant,
                json!({ "type": "reject", "note": "no\u{0}" }),
                "note",
            ),
            (
                "remedy note",
                "POST",
                action,
                &keys.merchant,
                json!({ "type": "propose_remedy", "remedy": { "type": "exchange" }, "note": "\u{0}" }),
                "note",
            ),
            (
                "return tracking",
                "POST",
                action,
                &keys.buyer,
                json!({ "type": "ship_return", "tracking": nul }),
                "tracking",
            ),
            (
                "escalation note",
                "POST",
                action,
                &keys.buyer,
                json!({ "type": "escalate", "note": "\u{0}" }),
                "note",
            ),
            (
                "replacement tracking",
                "POST",
                action,
                &keys.merchant,
                json!({ "type": "ship_replacement", "tracking": "SF\t1" }),
                "tracking",
            ),
            (
                "dispute evidence",
                "POST",
                action,
                &keys.buyer,
                json!({ "type": "add_evidence", "evidence": evidence("\u{0}", "") }),
                "evidence.reference",
            ),
            (
                "verdict reasoning",
                "POST",
                action,
                &keys.arbitrator,
                json!({
                    "type": "give_verdict", "responsibility": "merchant",
                    "outcome": { "type": "full_refund" }, "note": "\u{0}"
                }),
                "note",
            ),
            (
                "payment reference",
                "POST",
                refund,
                &keys.integration,
                json!({ "type": "succeeded", "payment_reference": "PAY\r\n1" }),
                "payment_reference",
            ),
            (
                "refund failure reason",
                "POST",
                refund,
                &keys.integration,
                json!({ "type": "failed", "note": "\u{0}" }),
                "note",
            ),
            (
                "strategy name",
                "PUT",
                "/v1/merchants/M-1/strategies/S-1",
                &keys.merchant,
                json!({ "name": "fast\u{0}", "action": "approve" }),
                "name",
            ),
            (
                "strategy category",
                "PUT",
                "/v1/merchants/M-1/strategies/S-1",
                &keys.merchant,
                json!({ "name": "fast", "condition": { "categories": ["a\u{0}"] }, "action": "approve" }),
                "condition.categories",
            ),
            (
                "refund handling reason",
                "PUT",
                "/v1/merchants/M-1/refund-handling",
                &keys.operator,
                json!({ "closed": true, "note": "\u{0}" }),
                "note",
            ),
            (
                "appeal statement",
                "POST",
                "/v1/merchants/M-1/penalties/2026-03-11:mass_overdue/appeal",
                &keys.merchant,
                json!({ "note": "\u{0}" }),
                "note",
            ),
            (
                "revocation reason",
                "POST",
                "/v1/merchants/M-1/penalties/2026-03-11:mass_overdue/revoke",
                &keys.operator,
                json!({ "note": "\u{0}" }),
                "note",
            ),
        ];
        let mut wrong = Vec::new();
        for (what, method, path, key, body, field) in cases {
            let answer = app.call(method, path, Some(key), Some(&body), &[]).await;
            let got = (answer.status, answer.body["code"].clone(), answer.fields());
            if got != (422, json!("text_invalid"), vec![field.to_owned()]) {
                wrong.push(format!("{what}: {got:?} {}", answer.body));
            }
        }
        // A key's name is the API's own field, not a command's.
        let key = app
            .post(
                "/v1/keys",
                &keys.operator,
                json!({ "role": "integration", "name": "ops\u{0}" }),
            )
            .await;
        if key.fields() != ["name"] || key.status != 400 {
            wrong.push(format!("key name: {key:?}"));
        }
        assert!(wrong.is_empty(), "{}:\n{}", app.backend, wrong.join("\n"));
        assert_eq!(app.events().await, before, "nothing was recorded");

        // Multi-line fields keep their line breaks and tabs; single-line ones keep non-ASCII.
        app.ok(
            "/v1/orders/O-1/logistics",
            &keys.merchant,
            json!({ "type": "tracking_entered", "tracking": "顺丰 SF-1" }),
        )
        .await;
        let typed = "line one\r\nline two\n\tindented";
        app.ok(
            "/v1/orders/O-3/tickets",
            &keys.buyer,
            json!({
                "ticket_id": "T-3", "kind": "refund_only", "reason": "dont_want",
                "amount": cny(100), "description": typed
            }),
        )
        .await;
        let ticket = app.get("/v1/tickets/T-3", &keys.operator).await;
        assert_eq!(ticket.body["description"], typed);
        let ticket = app.get("/v1/tickets/T-1", &keys.operator).await;
        assert_eq!(ticket.body["order"]["tracking"], "顺丰 SF-1");

        // The console posts through the same rule and shows the refusal beside the field: a
        // return's tracking number, on a ticket waiting for the return.
        app.place_order("O-4", "M-1", "B-1").await;
        for event in [
            json!({ "type": "tracking_entered", "tracking": "SF4" }),
            json!({ "type": "delivered", "signer": "buyer" }),
        ] {
            app.ok("/v1/orders/O-4/logistics", &keys.integration, event)
                .await;
        }
        app.ok(
            "/v1/orders/O-4/tickets",
            &keys.buyer,
            json!({
                "ticket_id": "T-4", "kind": "return_and_refund", "reason": "dont_want",
                "amount": cny(100)
            }),
        )
        .await;
        app.ok(
            "/v1/tickets/T-4/actions",
            &keys.merchant,
            json!({ "type": "approve" }),
        )
        .await;
        assert_eq!(app.ticket_state("T-4").await, "awaiting_return");
        let before = app.events().await;
        let (browser, cookie) = console_session(&app, &keys.buyer).await;
        let form = reqwest::multipart::Form::new()
            .text("action", "ship_return")
            .text("tracking", nul);
        let page = browser
            .post(format!("{}/buyer/tickets/T-4", app.base))
            .header("cookie", &cookie)
            .multipart(form)
            .send()
            .await
            .expect("the server answers");
        assert_eq!(page.status(), 422);
        let body = page.text().await.expect("a page");
        assert!(body.contains(r#"id="return-tracking-error""#), "{body}");
        assert_eq!(app.events().await, before, "nothing was recorded");
        app.stop().await;
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// 15.8: ids

#[tokio::test(flavor = "multi_thread")]
async fn path_like_ids_are_refused_naming_the_field() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        app.place_order("O-1", "M-1", "B-1").await;
        let before = app.events().await;
        let mut wrong = Vec::new();
        for bad in [
            ".", "..", "a..b", ".hidden", "-rf", "a/b", "%2e%2e", "..%2f",
        ] {
            let mut cases: Vec<(&str, Value, &str)> = Vec::new();
            // Each case on an order of its own, so the id is the only thing wrong.
            for (i, field) in ["id", "merchant_id", "buyer_id"].into_iter().enumerate() {
                let mut body = order_body(&format!("O-9{i}"), "M-1", "B-1");
                body[field] = json!(bad);
                cases.push(("/v1/orders", body, field));
            }
            let mut body = order_body("O-99", "M-1", "B-1");
            body["items"][0]["id"] = json!(bad);
            cases.push(("/v1/orders", body, "items[0].id"));
            cases.push((
                "/v1/orders/O-1/tickets",
                json!({
                    "ticket_id": bad, "kind": "refund_only", "reason": "dont_want",
                    "amount": cny(100)
                }),
                "ticket_id",
            ));
            cases.push((
                "/v1/keys",
                json!({ "role": "merchant", "merchant_id": bad }),
                "merchant_id",
            ));
            for (path, body, field) in cases {
                let key = match path {
                    "/v1/orders" => &keys.integration,
                    "/v1/keys" => &keys.operator,
                    _ => &keys.buyer,
                };
                let answer = app.post(path, key, body).await;
                if (answer.status, answer.fields()) != (400, vec![field.to_owned()]) {
                    wrong.push(format!("{bad:?} as {field}: {answer:?}"));
                }
            }
        }
        // In a path, encoded so that no client normalises it away.
        // (A client normalises `..` and `%2e%2e` away; those go raw below.)
        for (path, field) in [
            ("/v1/orders/a..b", "order_id"),
            ("/v1/orders/.x", "order_id"),
            ("/v1/tickets/a..b", "ticket_id"),
            ("/v1/merchants/..%2Fetc", "merchant_id"),
        ] {
            let answer = app.get(path, &keys.operator).await;
            if (answer.status, answer.fields()) != (400, vec![field.to_owned()]) {
                wrong.push(format!("{path}: {answer:?}"));
            }
        }
        let strategy = app
            .put(
                "/v1/merchants/M-1/strategies/a..b",
                &keys.merchant,
                json!({ "name": "n", "action": "approve" }),
            )
            .await;
        if (strategy.status, strategy.fields()) != (400, vec!["strategy_id".to_owned()]) {
            wrong.push(format!("strategy id: {strategy:?}"));
        }
        // Sent as raw bytes, a dot segment reaches the router unnormalised.
        for path in [
            "/v1/orders/..",
            "/v1/orders/%2e%2e",
            "/v1/tickets/.",
            "/v1/orders/%2E",
        ] {
            let status = raw_request(&app, &get_with_key(path, &keys.operator), false).await;
            if !matches!(status, Some(400 | 404)) {
                wrong.push(format!("raw {path}: {status:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}:\n{}", app.backend, wrong.join("\n"));
        assert_eq!(app.events().await, before, "nothing was recorded");
        app.stop().await;
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// 15.6: dates

#[tokio::test(flavor = "multi_thread")]
async fn dates_outside_the_range_are_refused_naming_the_field() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        app.place_order("O-1", "M-1", "B-1").await;
        let before = app.events().await;
        let mut wrong = Vec::new();
        for day in [
            "-009999-01-01",
            "9999-12-31",
            "+009999-12-31",
            "1999-12-31",
            "2101-01-01",
        ] {
            for (path, key, field) in [
                (
                    format!("/v1/merchants/M-1/metrics?at={day}"),
                    &keys.merchant,
                    "at",
                ),
                (
                    format!("/v1/merchants/M-2/metrics?at={day}"),
                    &keys.operator,
                    "at",
                ),
                (
                    format!("/v1/metrics/leaderboard?at={day}&by=dispute_rate"),
                    &keys.operator,
                    "at",
                ),
            ] {
                let answer = app.get(&path, key).await;
                if (answer.status, answer.fields()) != (400, vec![field.to_owned()]) {
                    wrong.push(format!("{path}: {answer:?}"));
                }
            }
            let run = app
                .post("/v1/evaluations", &keys.operator, json!({ "day": day }))
                .await;
            if (run.status, run.fields()) != (400, vec!["day".to_owned()]) {
                wrong.push(format!("evaluation of {day}: {run:?}"));
            }
        }
        for at in [
            "-009999-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "1999-12-31T23:59:59Z",
            "2101-01-01T00:00:00Z",
        ] {
            let mut order = order_body("O-9", "M-1", "B-1");
            order["paid_at"] = json!(at);
            let answer = app.post("/v1/orders", &keys.integration, order).await;
            if (answer.status, answer.fields()) != (400, vec!["paid_at".to_owned()]) {
                wrong.push(format!("paid_at {at}: {answer:?}"));
            }
            let trust = app
                .put(
                    "/v1/buyers/B-1/trust",
                    &keys.integration,
                    json!({
                        "account_created_at": at, "completed_orders": 1, "orders_90d": 1,
                        "refunds_90d": 0, "abuse_restricted": false
                    }),
                )
                .await;
            if (trust.status, trust.fields()) != (400, vec!["account_created_at".to_owned()]) {
                wrong.push(format!("account_created_at {at}: {trust:?}"));
            }
            let list = app
                .get(&format!("/v1/tickets?due_before={at}"), &keys.operator)
                .await;
            if (list.status, list.fields()) != (400, vec!["due_before".to_owned()]) {
                wrong.push(format!("due_before {at}: {list:?}"));
            }
        }
        // The edges of the range are in it.
        for day in ["2000-01-01", "2100-12-31"] {
            let answer = app
                .get(
                    &format!("/v1/merchants/M-1/metrics?at={day}"),
                    &keys.merchant,
                )
                .await;
            if answer.status != 200 {
                wrong.push(format!("{day} is in range: {answer:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}:\n{}", app.backend, wrong.join("\n"));
        assert_eq!(app.events().await, before, "nothing was recorded");

        // The console's operations page and its run form refuse the day in the page.
        let (browser, cookie) = console_session(&app, &keys.operator).await;
        let page = browser
            .get(format!("{}/operations?at=-009999-01-01", app.base))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("the server answers");
        assert_eq!(page.status(), 200, "the page shows today instead");
        let run = browser
            .post(format!("{}/operations/evaluations", app.base))
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("day=-009999-01-01")
            .send()
            .await
            .expect("the server answers");
        assert_eq!(run.status(), 422, "the form says the day is wrong");
        app.stop().await;
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Extreme numbers, bodies and methods

#[tokio::test(flavor = "multi_thread")]
async fn extreme_numbers_are_refused_and_record_nothing() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        app.place_order("O-1", "M-1", "B-1").await;
        let before = app.events().await;
        let huge = [
            json!(i64::MAX),
            json!(i64::MIN),
            json!(-1),
            json!(u64::MAX),
            serde_json::from_str::<Value>("18446744073709551616").expect("a number"),
            json!(1e308),
            json!(-0.5),
        ];
        for value in &huge {
            let mut order = order_body("O-9", "M-1", "B-1");
            order["paid"]["amount"] = value.clone();
            order["items"][0]["amount"]["amount"] = value.clone();
            refused("paid", &app.post("/v1/orders", &keys.integration, order).await);
            let mut order = order_body("O-9", "M-1", "B-1");
            order["items"][0]["quantity"] = value.clone();
            refused(
                "quantity",
                &app.post("/v1/orders", &keys.integration, order).await,
            );
            refused(
                "ticket amount",
                &app.post(
                    "/v1/orders/O-1/tickets",
                    &keys.buyer,
                    json!({
                        "ticket_id": "T-9", "kind": "refund_only", "reason": "dont_want",
                        "amount": { "amount": value, "currency": "CNY" }
                    }),
                )
                .await,
            );
            refused(
                "trust counts",
                &app.put(
                    "/v1/buyers/B-1/trust",
                    &keys.integration,
                    json!({
                        "account_created_at": "2020-01-01T00:00:00Z", "completed_orders": value,
                        "orders_90d": value, "refunds_90d": value, "abuse_restricted": false
                    }),
                )
                .await,
            );
            let strategy = app
                .put(
                    "/v1/merchants/M-1/strategies/S-1",
                    &keys.merchant,
                    json!({ "name": "n", "condition": { "amount_max_minor": value }, "action": "approve" }),
                )
                .await;
            // i64::MAX is a valid ceiling; everything else is refused.
            if *value != json!(i64::MAX) {
                refused("amount_max_minor", &strategy);
            }
            no_server_error("amount_max_minor", &strategy);
        }
        for limit in ["0", "-1", "18446744073709551616", "1e3", "201"] {
            refused(
                "limit",
                &app.get(&format!("/v1/tickets?limit={limit}"), &keys.operator)
                    .await,
            );
        }
        for version in ["99999999999999999999", "-1", "\"18446744073709551615\""] {
            let answer = app
                .call(
                    "POST",
                    "/v1/tickets/T-1/actions",
                    Some(&keys.merchant),
                    Some(&json!({ "type": "approve" })),
                    &[("if-match", version)],
                )
                .await;
            refused("If-Match", &answer);
        }
        let strategies = app.events().await - before;
        assert!(
            strategies <= 1,
            "only the i64::MAX ceiling may be recorded: {strategies}"
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn oversized_truncated_and_nested_bodies_and_made_up_methods_are_refused() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        let before = app.events().await;
        // Chunked, so no Content-Length announces the size: the limit holds while reading.
        let chunk = "x".repeat(512 * 1024);
        let mut chunked = format!(
            "POST /v1/orders HTTP/1.1\r\nhost: redress\r\nauthorization: Bearer {}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n",
            keys.integration
        );
        for _ in 0..3 {
            chunked.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
        }
        chunked.push_str("0\r\n\r\n");
        let status = raw_request(&app, chunked.as_bytes(), false).await;
        assert!(
            status.is_none_or(|s| s == 413),
            "an oversized chunked body is refused: {status:?}"
        );
        let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let answer = app
            .raw(
                "/v1/tickets/T-1/actions",
                &keys.merchant,
                "application/json",
                &nested,
            )
            .await;
        refused("deeply nested", &answer);
        for truncated in ["{", "{\"id\": \"O-1\",", "{\"id\": \"O-\\u00", "\u{feff}{}", ""] {
            let answer = app
                .raw("/v1/orders", &keys.integration, "application/json", truncated)
                .await;
            refused(truncated, &answer);
        }
        // A body shorter than its Content-Length, then the connection half-closed.
        let body = serde_json::to_string(&order_body("O-1", "M-1", "B-1")).expect("JSON");
        let short = format!(
            "POST /v1/orders HTTP/1.1\r\nhost: redress\r\nauthorization: Bearer {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{}",
            keys.integration,
            body.len() + 100,
            body
        );
        let status = raw_request(&app, short.as_bytes(), true).await;
        assert!(
            status.is_none_or(|s| (400..500).contains(&s)),
            "a truncated body is refused or dropped: {status:?}"
        );
        // Invalid UTF-8 in a JSON string.
        let mut bad_utf8 = b"POST /v1/orders HTTP/1.1\r\nhost: redress\r\ncontent-type: application/json\r\ncontent-length: 11\r\nauthorization: Bearer ".to_vec();
        bad_utf8.extend_from_slice(keys.integration.as_bytes());
        bad_utf8.extend_from_slice(b"\r\nconnection: close\r\n\r\n{\"id\":\"\xff\xfe\"}");
        let status = raw_request(&app, &bad_utf8, false).await;
        assert!(
            status.is_some_and(|s| (400..500).contains(&s)),
            "invalid UTF-8 is refused: {status:?}"
        );
        for method in ["FOO", "BREW", "PROPFIND", "X-ANY-THING"] {
            for path in ["/v1/orders", "/v1/tickets/T-1", "/healthz", "/nowhere"] {
                let answer = app.call(method, path, Some(&keys.operator), None, &[]).await;
                refused(&format!("{method} {path}"), &answer);
                assert!(
                    matches!(answer.status, 404 | 405),
                    "{method} {path}: {answer:?}"
                );
            }
        }
        assert_eq!(app.events().await, before, "nothing was recorded");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_query_strings_are_refused_naming_the_parameter() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        let hex = |text: &str| -> String { text.bytes().map(|b| format!("{b:02x}")).collect() };
        // A cursor is opaque but decodable: a forged one must not carry a NUL into a query.
        let forged = [
            hex("0\nM-1\u{0}\nT-1"),
            hex("0\nM-1\nT\u{0}"),
            hex("0\nM/1\nT-1"),
            hex("99999999999999999999\nM-1\nT-1"),
        ];
        let mut wrong = Vec::new();
        for cursor in &forged {
            let answer = app
                .get(&format!("/v1/tickets?cursor={cursor}"), &keys.operator)
                .await;
            if (answer.status, answer.fields()) != (400, vec!["cursor".to_owned()]) {
                wrong.push(format!("cursor {cursor}: {answer:?}"));
            }
        }
        for (query, field) in [
            ("merchant_id=%00", "merchant_id"),
            ("buyer_id=..", "buyer_id"),
            ("due_before=%00", "due_before"),
            ("state=%00", "state"),
            ("limit=%00", "limit"),
        ] {
            let answer = app
                .get(&format!("/v1/tickets?{query}"), &keys.operator)
                .await;
            if (answer.status, answer.fields()) != (400, vec![field.to_owned()]) {
                wrong.push(format!("{query}: {answer:?}"));
            }
        }
        for query in [
            "at=2026-03-02&by=dispute_rate&cursor=18446744073709551616",
            "at=2026-03-02&by=dispute_rate&cursor=%00",
            "at=2026-03-02&by=%00",
            "at=%00&by=dispute_rate",
        ] {
            let answer = app
                .get(&format!("/v1/metrics/leaderboard?{query}"), &keys.operator)
                .await;
            if answer.status != 400 {
                wrong.push(format!("leaderboard {query}: {answer:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}:\n{}", app.backend, wrong.join("\n"));
        app.stop().await;
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// 15.13: arbitrary JSON for every request type

/// Cases per request shape: enough to reach every field over the CI runs, few enough that
/// the test takes seconds.
const CASES: usize = 32;

/// Strings a reviewer would try, and any string at all.
fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z_]{0,12}",
        prop::sample::select(vec![
            "",
            ".",
            "..",
            "a/b",
            "\u{0}",
            "SF\u{0}1",
            "\u{1b}[2J",
            "-009999-01-01",
            "9999-12-31T23:59:59Z",
            "2026-03-01T02:00:00Z",
            "2026-03-11",
            "CNY",
            "cny",
            "O-1",
            "T-1",
            "M-1",
            "B-1",
            "I-1",
            "P-1",
            "S-1",
            "approve",
            "reject",
            "tracking_entered",
            "refund_only",
            "dont_want",
            "photos",
            "full_refund",
            "merchant",
            "succeeded",
            "PT48H",
            "P-1D",
            "https://example.invalid/hook",
            "ticket.opened",
        ])
        .prop_map(str::to_owned),
        "\\PC{0,8}[\\x00-\\x1f\\x7f]\\PC{0,8}",
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        (0_i64..100).prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON numbers are finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop::sample::select(vec![
            json!(i64::MAX),
            json!(i64::MIN),
            json!(u64::MAX),
            json!(10_000_000_000_000_i64),
            json!(10_000_000_000_001_i64),
            json!(u32::MAX),
            json!(-1),
            json!(0),
        ]),
    ]
}

/// Any JSON document, its object keys drawn partly from the request's own field names.
fn arbitrary_json(fields: &'static [&'static str]) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        number(),
        hostile_string().prop_map(Value::from),
    ];
    let key = prop_oneof![
        prop::sample::select(fields).prop_map(str::to_owned),
        "[a-z_]{1,10}",
    ];
    leaf.prop_recursive(4, 48, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..8)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Every place in `value` a replacement can go: JSON pointers to each member and element.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let here = format!("{at}/{k}");
                out.push(here.clone());
                pointers(v, here, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let here = format!("{at}/{i}");
                out.push(here.clone());
                pointers(v, here, out);
            }
        }
        _ => {}
    }
}

/// A valid body with one member replaced by arbitrary JSON, or removed.
fn mutated(valid: Value, fields: &'static [&'static str]) -> impl Strategy<Value = Value> {
    let mut places = Vec::new();
    pointers(&valid, String::new(), &mut places);
    (
        prop::sample::select(places),
        prop::option::weighted(0.9, arbitrary_json(fields)),
    )
        .prop_map(move |(place, replacement)| {
            let mut body = valid.clone();
            let (parent, last) = place.rsplit_once('/').expect("a pointer has a slash");
            match (body.pointer_mut(parent), replacement) {
                (Some(Value::Object(map)), Some(value)) => {
                    map.insert(last.to_owned(), value);
                }
                (Some(Value::Object(map)), None) => {
                    map.remove(last);
                }
                (Some(Value::Array(items)), replacement) => {
                    let i: usize = last.parse().expect("an index");
                    items[i] = replacement.unwrap_or(Value::Null);
                }
                _ => {}
            }
            body
        })
}

fn sample<S: Strategy>(runner: &mut TestRunner, strategy: &S) -> S::Value {
    strategy
        .new_tree(runner)
        .expect("the strategy generates")
        .current()
}

/// One request shape: where it goes, with whose key, its field names and valid examples.
struct Shape {
    method: &'static str,
    path: &'static str,
    key: fn(&crate::support::Keys) -> String,
    fields: &'static [&'static str],
    valid: Vec<Value>,
}

fn shapes() -> Vec<Shape> {
    let evidence = json!({ "kind": "photos", "reference": "sha256:00", "note": "n" });
    let buyer = |k: &crate::support::Keys| k.buyer.clone();
    let merchant = |k: &crate::support::Keys| k.merchant.clone();
    let operator = |k: &crate::support::Keys| k.operator.clone();
    let integration = |k: &crate::support::Keys| k.integration.clone();
    let arbitrator = |k: &crate::support::Keys| k.arbitrator.clone();
    const ORDER: &[&str] = &[
        "id",
        "merchant_id",
        "buyer_id",
        "items",
        "product_id",
        "category",
        "quantity",
        "amount",
        "currency",
        "seven_day_return",
        "custom",
        "virtual_goods",
        "paid",
        "paid_at",
    ];
    const TICKET: &[&str] = &[
        "ticket_id",
        "kind",
        "reason",
        "amount",
        "currency",
        "items",
        "description",
        "evidence",
        "reference",
        "note",
        "ground",
        "remedy",
        "type",
        "tracking",
        "responsibility",
        "outcome",
        "signer",
        "payment_reference",
    ];
    let action = |body: Value| Shape {
        method: "POST",
        path: "/v1/tickets/T-1/actions",
        key: merchant,
        fields: TICKET,
        valid: vec![body],
    };
    vec![
        Shape {
            method: "POST",
            path: "/v1/orders",
            key: integration,
            fields: ORDER,
            valid: vec![order_body("O-7", "M-1", "B-1")],
        },
        Shape {
            method: "POST",
            path: "/v1/orders/O-1/logistics",
            key: integration,
            fields: TICKET,
            valid: vec![
                json!({ "type": "tracking_entered", "tracking": "SF1" }),
                json!({ "type": "delivered", "signer": "proxy" }),
                json!({ "type": "return_signed", "ticket_id": "T-1" }),
            ],
        },
        Shape {
            method: "POST",
            path: "/v1/orders/O-1/tickets",
            key: buyer,
            fields: TICKET,
            valid: vec![json!({
                "ticket_id": "T-8", "kind": "return_and_refund", "reason": "quality_problem",
                "amount": cny(100), "items": ["I-1"], "description": "d", "evidence": [evidence]
            })],
        },
        action(
            json!({ "type": "reject", "ground": "request", "note": "r", "evidence": [evidence] }),
        ),
        action(
            json!({ "type": "propose_remedy", "remedy": { "type": "partial_compensation", "amount": cny(50) }, "note": "n" }),
        ),
        Shape {
            key: buyer,
            ..action(json!({
                "type": "edit", "kind": "refund_only", "reason": "dont_want",
                "amount": cny(100), "items": ["I-1"], "description": "d", "evidence": [evidence]
            }))
        },
        Shape {
            key: buyer,
            ..action(json!({ "type": "escalate", "note": "n", "evidence": [evidence] }))
        },
        Shape {
            key: arbitrator,
            ..action(json!({
                "type": "give_verdict", "responsibility": "both",
                "outcome": { "type": "partial_refund", "amount": cny(10) }, "note": "r"
            }))
        },
        Shape {
            method: "POST",
            path: "/v1/payments/refunds/T-1",
            key: integration,
            fields: TICKET,
            valid: vec![
                json!({ "type": "succeeded", "payment_reference": "PAY-1" }),
                json!({ "type": "failed", "note": "timeout" }),
            ],
        },
        Shape {
            method: "PUT",
            path: "/v1/buyers/B-1/trust",
            key: integration,
            fields: &[
                "account_created_at",
                "completed_orders",
                "orders_90d",
                "refunds_90d",
                "abuse_restricted",
            ],
            valid: vec![json!({
                "account_created_at": "2020-01-01T00:00:00Z", "completed_orders": 3,
                "orders_90d": 2, "refunds_90d": 1, "abuse_restricted": false
            })],
        },
        Shape {
            method: "PUT",
            path: "/v1/merchants/M-1/fast-refund",
            key: merchant,
            fields: &["opted_in"],
            valid: vec![json!({ "opted_in": true })],
        },
        Shape {
            method: "PUT",
            path: "/v1/merchants/M-1/strategies/S-1",
            key: merchant,
            fields: &[
                "name",
                "condition",
                "action",
                "kinds",
                "reasons",
                "amount_max_minor",
                "categories",
                "trusted_buyer_only",
                "stages",
            ],
            valid: vec![json!({
                "name": "small", "action": "approve",
                "condition": {
                    "kinds": ["refund_only"], "reasons": ["dont_want"], "amount_max_minor": 5000,
                    "categories": ["apparel"], "trusted_buyer_only": true, "stages": ["unshipped"]
                }
            })],
        },
        Shape {
            method: "PUT",
            path: "/v1/merchants/M-1/refund-handling",
            key: operator,
            fields: &["closed", "note"],
            valid: vec![json!({ "closed": true, "note": "r" })],
        },
        Shape {
            method: "PUT",
            path: "/v1/merchants/M-1/platform-fast-refund-exclusion",
            key: operator,
            fields: &["excluded"],
            valid: vec![json!({ "excluded": true })],
        },
        Shape {
            method: "POST",
            path: "/v1/merchants/M-1/penalties/2026-03-11:mass_overdue/appeal",
            key: merchant,
            fields: &["note"],
            valid: vec![json!({ "note": "t" })],
        },
        Shape {
            method: "POST",
            path: "/v1/evaluations",
            key: operator,
            fields: &["day"],
            valid: vec![json!({ "day": "2026-03-02" })],
        },
        Shape {
            method: "POST",
            path: "/v1/keys",
            key: operator,
            fields: &["role", "merchant_id", "buyer_id", "name"],
            valid: vec![json!({ "role": "merchant", "merchant_id": "M-1", "name": "n" })],
        },
        Shape {
            method: "POST",
            path: "/v1/webhooks",
            key: operator,
            fields: &["url", "event_types", "merchant_id"],
            valid: vec![json!({
                "url": "https://example.invalid/hook", "event_types": ["ticket.opened"],
                "merchant_id": "M-1"
            })],
        },
        Shape {
            method: "PUT",
            path: "/v1/policy",
            key: operator,
            fields: &["toml"],
            valid: vec![json!({ "toml": "" })],
        },
        Shape {
            method: "POST",
            path: "/v1/sandbox/clock/advance",
            key: operator,
            fields: &["by", "to"],
            valid: vec![json!({ "by": "PT1H" })],
        },
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn arbitrary_json_for_every_request_type_never_fails_the_server() {
    each_backend_sandbox(|app: TestApp| async move {
        let keys = app.keys.clone();
        app.place_order("O-1", "M-1", "B-1").await;
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({
                "ticket_id": "T-1", "kind": "refund_only", "reason": "dont_want",
                "amount": cny(100)
            }),
        )
        .await;
        // The same cases every run, so a failure in CI reproduces.
        let mut runner = TestRunner::deterministic();
        for shape in shapes() {
            let key = (shape.key)(&keys);
            let mut bodies: Vec<Value> = (0..CASES)
                .map(|_| sample(&mut runner, &arbitrary_json(shape.fields)))
                .collect();
            for valid in &shape.valid {
                let strategy = mutated(valid.clone(), shape.fields);
                bodies.extend((0..CASES).map(|_| sample(&mut runner, &strategy)));
            }
            for body in bodies {
                let answer = app
                    .call(shape.method, shape.path, Some(&key), Some(&body), &[])
                    .await;
                no_server_error(
                    &format!("{} {} {body} ({})", shape.method, shape.path, app.backend),
                    &answer,
                );
            }
        }
        app.stop().await;
    })
    .await;
}
