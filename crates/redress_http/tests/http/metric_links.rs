//! Each figure of a merchant's metrics links to exactly the tickets that make it (issue 19,
//! point 7): the filters behind the console's links are parameters of `GET /v1/tickets`, and
//! the tickets they list are as many as the figure counts, on both backends. Tickets of the
//! same kinds completed on the evaluation day itself (outside the window), and tickets in
//! the window that count elsewhere, keep each filter honest.

use crate::console::{get, session};
use crate::support::{TestApp, cny, each_backend, order_body};
use redress_domain::Timestamp;
use serde_json::{Value, json};

/// The evaluation day; its window is 2026-03-09 to 2026-04-07 (Asia/Shanghai).
const DAY: &str = "2026-04-08";
/// The window's first instant and the first instant after it, in Shanghai.
const FROM: &str = "2026-03-08T16:00:00Z";
const BEFORE: &str = "2026-04-07T16:00:00Z";

fn at(raw: &str) -> Timestamp {
    raw.parse().expect("an instant")
}

/// A delivered order of M-1 for B-1 paid at `paid`, with ticket `T-{id}` of `kind`.
async fn ticket(app: &TestApp, id: &str, kind: &str, paid: Timestamp) -> String {
    app.clock.set(paid).expect("forward");
    let mut body = order_body(id, "M-1", "B-1");
    body["paid_at"] = json!(paid.to_string());
    app.ok("/v1/orders", &app.keys.integration, body).await;
    let logistics = format!("/v1/orders/{id}/logistics");
    for event in [
        json!({ "type": "tracking_entered", "tracking": "SF1" }),
        json!({ "type": "delivered", "signer": "buyer" }),
    ] {
        app.ok(&logistics, &app.keys.integration, event).await;
    }
    let ticket = format!("T-{id}");
    app.ok(
        &format!("/v1/orders/{id}/tickets"),
        &app.keys.buyer,
        json!({ "ticket_id": ticket, "kind": kind, "reason": "dont_want", "amount": cny(20000) }),
    )
    .await;
    ticket
}

async fn act(app: &TestApp, ticket: &str, key: &str, body: Value) {
    app.ok(&format!("/v1/tickets/{ticket}/actions"), key, body)
        .await;
}

async fn refunded(app: &TestApp, ticket: &str) {
    app.ok(
        &format!("/v1/payments/refunds/{ticket}"),
        &app.keys.integration,
        json!({ "type": "succeeded", "payment_reference": format!("PAY-{ticket}") }),
    )
    .await;
}

/// A refund-only request approved and refunded (completed without the platform).
async fn approved_refund(app: &TestApp, id: &str, paid: Timestamp) {
    let t = ticket(app, id, "refund_only", paid).await;
    act(app, &t, &app.keys.merchant, json!({ "type": "approve" })).await;
    refunded(app, &t).await;
}

/// A return request rejected, taken to the platform and decided with `responsibility`;
/// refunded when the merchant is responsible, closed otherwise.
async fn decided_dispute(app: &TestApp, id: &str, paid: Timestamp, responsibility: &str) {
    let t = ticket(app, id, "return_and_refund", paid).await;
    act(
        app,
        &t,
        &app.keys.merchant,
        json!({ "type": "reject", "note": "worn and washed",
                "evidence": [{ "kind": "chat_records", "reference": "CHAT-1" }] }),
    )
    .await;
    act(
        app,
        &t,
        &app.keys.buyer,
        json!({ "type": "escalate", "note": "unworn" }),
    )
    .await;
    let outcome = if responsibility == "buyer" {
        json!({ "type": "no_refund" })
    } else {
        json!({ "type": "full_refund" })
    };
    act(
        app,
        &t,
        &app.keys.arbitrator,
        json!({ "type": "give_verdict", "responsibility": responsibility,
                "outcome": outcome, "note": "photos show the goods" }),
    )
    .await;
    if responsibility != "buyer" {
        refunded(app, &t).await;
    }
}

/// How many tickets `GET /v1/tickets` lists with `query` (all pages).
async fn listed(app: &TestApp, query: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = app
            .get(
                &format!("/v1/tickets?merchant_id=M-1&limit=200&{query}{cursor}"),
                &app.keys.merchant,
            )
            .await;
        assert_eq!(page.status, 200, "{query}: {page:?}");
        for row in page.body["data"].as_array().expect("a list") {
            ids.push(row["id"].as_str().expect("an id").to_owned());
        }
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => return ids,
        }
    }
}

#[tokio::test]
async fn the_tickets_behind_each_figure_are_as_many_as_it_counts() {
    each_backend(|app: TestApp| async move {
        let inside = |day: &str| at(&format!("{day}T02:00:00Z"));
        approved_refund(&app, "O-1", inside("2026-03-20")).await;
        approved_refund(&app, "O-2", inside("2026-03-21")).await;
        // Withdrawn by the buyer: completed (closed) without the platform, and timed.
        let withdrawn = ticket(&app, "O-3", "refund_only", inside("2026-03-22")).await;
        act(
            &app,
            &withdrawn,
            &app.keys.buyer,
            json!({ "type": "cancel" }),
        )
        .await;
        decided_dispute(&app, "O-4", inside("2026-03-23"), "merchant").await;
        decided_dispute(&app, "O-5", inside("2026-03-24"), "both").await;
        decided_dispute(&app, "O-6", inside("2026-03-25"), "buyer").await;
        // Still open in the window: counts nowhere among completed tickets.
        ticket(&app, "O-7", "refund_only", inside("2026-03-26")).await;
        // Completed on the evaluation day itself: outside the window.
        approved_refund(&app, "O-8", inside(DAY)).await;
        decided_dispute(&app, "O-9", inside(DAY), "merchant").await;

        let metrics = app
            .get(
                &format!("/v1/merchants/M-1/metrics?at={DAY}"),
                &app.keys.merchant,
            )
            .await;
        assert_eq!(metrics.status, 200, "{metrics:?}");
        let m = &metrics.body;
        let window = format!("completed_from={FROM}&completed_before={BEFORE}");

        let responsible = listed(&app, &format!("{window}&merchant_responsible=true")).await;
        assert_eq!(
            responsible.len() as i64,
            m["merchant_responsible_rate"]["rate"]["numerator"]
                .as_i64()
                .expect("a count"),
            "{responsible:?}"
        );
        assert_eq!(responsible, ["T-O-4", "T-O-5"]);
        let completed = listed(&app, &window).await;
        assert_eq!(
            completed.len() as i64,
            m["merchant_responsible_rate"]["rate"]["denominator"]
                .as_i64()
                .expect("a count"),
            "{completed:?}"
        );
        assert_eq!(completed.len(), 6);

        let refund_only = listed(&app, &format!("{window}&disputed=false&kind=refund_only")).await;
        assert_eq!(
            refund_only.len() as i64,
            m["refund_only_time"]["tickets"].as_i64().expect("a count"),
            "{refund_only:?}"
        );
        assert_eq!(refund_only, ["T-O-1", "T-O-2", "T-O-3"]);
        let returns = listed(
            &app,
            &format!("{window}&disputed=false&kind=return_and_refund"),
        )
        .await;
        assert_eq!(
            returns.len() as i64,
            m["return_refund_time"]["tickets"]
                .as_i64()
                .expect("a count")
        );

        let disputed = listed(
            &app,
            &format!("disputed_from={FROM}&disputed_before={BEFORE}"),
        )
        .await;
        assert_eq!(
            disputed.len() as i64,
            m["dispute_rate"]["rate"]["numerator"]
                .as_i64()
                .expect("a count"),
            "{disputed:?}"
        );
        assert_eq!(disputed.len(), 3);

        // The console's metrics page (today is the evaluation day) links each figure to the
        // queue with the same filters, and the queue shows the same tickets.
        let cookie = session(&app, &app.keys.merchant).await;
        let page = get(&app, "/merchant/metrics", &cookie).await;
        assert_eq!(page.status, 200);
        for (marker, expected) in [
            ("responsible=yes", vec!["T-O-4", "T-O-5"]),
            ("kind=refund_only", vec!["T-O-1", "T-O-2", "T-O-3"]),
        ] {
            let link = link_with(&page.body, marker);
            let queue = get(&app, &link, &cookie).await;
            assert_eq!(queue.status, 200, "{link}: {}", queue.body);
            let mut rows = rows_of(&queue.body);
            rows.sort();
            assert_eq!(rows, expected, "{link}");
        }

        // Unbounded, the same filters also find what completed on the day itself.
        let all_responsible = listed(&app, "merchant_responsible=true").await;
        assert_eq!(all_responsible, ["T-O-4", "T-O-5", "T-O-9"]);
        let bad = app
            .get("/v1/tickets?completed_from=yesterday", &app.keys.merchant)
            .await;
        assert_eq!(
            (bad.status, bad.fields()),
            (400, vec!["completed_from".to_owned()])
        );
        app.stop().await;
    })
    .await;
}

/// The figure link (`a.see-tickets`) whose address holds `marker`, unescaped.
fn link_with(body: &str, marker: &str) -> String {
    body.split(r#"class="see-tickets" href=""#)
        .skip(1)
        .map(|rest| {
            rest[..rest.find('"').expect("a closing quote")]
                .replace("&#38;", "&")
                .replace("&amp;", "&")
        })
        .find(|href| href.contains(marker))
        .unwrap_or_else(|| panic!("a link with {marker} in {body}"))
}

/// The tickets of a queue page's rows.
fn rows_of(body: &str) -> Vec<String> {
    body.split(r#"<tr data-ticket=""#)
        .skip(1)
        .map(|rest| rest[..rest.find('"').expect("a closing quote")].to_owned())
        .collect()
}
