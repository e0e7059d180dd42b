//! The console's arbitration desk and operations dashboard over real HTTP, on both
//! backends: an arbitrator finds a dispute in the queue and gives the verdict through the
//! form (a bad amount refused next to its field first); an operator runs the evaluation
//! from the dashboard and revokes the penalty through the merchant's page; merchant and buyer keys are refused both areas.

use crate::support::{TestApp, cny, each_backend};
use serde_json::json;

/// A page fetched as a browser would, with the session cookie.
struct Page {
    status: u16,
    location: String,
    body: String,
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

async fn session(app: &TestApp, key: &str) -> String {
    let signed_in = crate::console::session(app, key).await;
    format!("{signed_in}; redress_lang=en")
}

async fn read(response: reqwest::Response) -> Page {
    Page {
        status: response.status().as_u16(),
        location: response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned(),
        body: response.text().await.expect("a body"),
    }
}

async fn get(app: &TestApp, path: &str, key: &str) -> Page {
    let request = client()
        .get(format!("{}{path}", app.base))
        .header("cookie", session(app, key).await);
    read(request.send().await.expect("the server answers")).await
}

async fn post(app: &TestApp, path: &str, key: &str, form: &[(&str, &str)]) -> Page {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let request = client()
        .post(format!("{}{path}", app.base))
        .header("cookie", session(app, key).await)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body);
    read(request.send().await.expect("the server answers")).await
}

/// T-1 of O-1 (M-1, B-1): "logistics stalled", rejected with its evidence, escalated.
async fn dispute(app: &TestApp) {
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
        json!({ "type": "in_transit" }),
    )
    .await;
    app.advance_hours(5 * 24);
    app.ok(
        "/v1/orders/O-1/tickets",
        &keys.buyer,
        json!({ "ticket_id": "T-1", "kind": "refund_only",
                "reason": "logistics_stalled", "amount": cny(18000) }),
    )
    .await;
    let action = "/v1/tickets/T-1/actions";
    app.ok(
        action,
        &keys.merchant,
        json!({
            "type": "reject", "note": "the parcel is moving",
            "evidence": [
                { "kind": "tracking_number", "reference": "SF100" },
                { "kind": "chat_records", "reference": "CHAT-7", "note": "told the buyer" }
            ]
        }),
    )
    .await;
    app.ok(
        action,
        &keys.buyer,
        json!({ "type": "escalate", "note": "nothing arrived" }),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_arbitrator_finds_the_dispute_and_gives_the_verdict_through_the_form() {
    each_backend(|app: TestApp| async move {
        dispute(&app).await;
        let arbitrator = app.keys.arbitrator.clone();
        let queue = get(&app, "/arbitration", &arbitrator).await;
        assert_eq!(queue.status, 200, "{}", queue.body);
        assert!(
            queue.body.contains(r#"data-ticket="T-1""#),
            "{}",
            queue.body
        );
        assert!(queue.body.contains("¥180.00"));

        let desk = get(&app, "/arbitration/tickets/T-1", &arbitrator).await;
        assert_eq!(desk.status, 200, "{}", desk.body);
        for text in [
            "SF100",
            "CHAT-7",
            "Evidence this scenario requires",
            "id=\"suggestion\"",
            "id=\"verdict-form\"",
        ] {
            assert!(desk.body.contains(text), "the desk shows {text}");
        }
        let version = desk
            .body
            .split(r#"name="version" value=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the form carries the ticket's version")
            .to_owned();

        // A partial refund without a usable amount: refused, the message next to the field.
        let refused = post(
            &app,
            "/arbitration/tickets/T-1",
            &arbitrator,
            &[
                ("version", &version),
                ("responsibility", "both"),
                ("outcome", "partial_refund"),
                ("amount", "12,50"),
                ("reasoning", "both at fault"),
            ],
        )
        .await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert!(
            refused.body.contains(r#"id="amount-error""#),
            "{}",
            refused.body
        );
        assert!(
            refused.body.contains("both at fault"),
            "the form keeps the reasoning"
        );
        assert_eq!(app.ticket_state("T-1").await, "in_dispute");

        // The evidence window is still open: the form says until when, and a verdict waits
        // for the arbitrator to confirm deciding early (issue 19).
        assert!(desk.body.contains(r#"id="early-warning""#), "{}", desk.body);
        let verdict = [
            ("version", version.as_str()),
            ("responsibility", "merchant"),
            ("outcome", "full_refund"),
            (
                "reasoning",
                "the parcel never moved after the tracking number",
            ),
        ];
        let unconfirmed = post(&app, "/arbitration/tickets/T-1", &arbitrator, &verdict).await;
        assert_eq!(unconfirmed.status, 422, "{}", unconfirmed.body);
        assert!(
            unconfirmed.body.contains(r#"id="confirm-early-error""#),
            "{}",
            unconfirmed.body
        );
        assert_eq!(app.ticket_state("T-1").await, "in_dispute");
        let mut confirmed = verdict.to_vec();
        confirmed.push(("confirm_early", "yes"));
        let given = post(&app, "/arbitration/tickets/T-1", &arbitrator, &confirmed).await;
        assert_eq!(given.status, 303, "{}", given.body);
        assert_eq!(given.location, "/arbitration/tickets/T-1?done=verdict");
        let ticket = app.get("/v1/tickets/T-1", &app.keys.operator).await;
        assert_eq!(
            ticket.body["dispute"]["resolution"], "decided",
            "{ticket:?}"
        );
        assert_eq!(
            ticket.body["dispute"]["verdict"]["responsibility"],
            "merchant"
        );
        // The log records that the verdict came before the window ended.
        let feed = app.get("/v1/events?limit=500", &app.keys.operator).await;
        let verdict = feed.body["data"]
            .as_array()
            .expect("a list")
            .iter()
            .find(|e| e["type"] == "dispute.verdict")
            .unwrap_or_else(|| panic!("a verdict in {feed:?}"));
        assert_eq!(verdict["data"]["early"], true, "{verdict}");
        let after = get(&app, "/arbitration", &arbitrator).await;
        assert!(
            !after.body.contains(r#"data-ticket="T-1""#),
            "left the queue"
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn merchants_and_buyers_are_refused_the_desk_and_the_dashboard() {
    each_backend(|app: TestApp| async move {
        dispute(&app).await;
        let keys = app.keys.clone();
        for key in [&keys.merchant, &keys.buyer] {
            for path in [
                "/arbitration",
                "/arbitration/tickets/T-1",
                "/operations",
                "/operations/merchants/M-1",
            ] {
                let page = get(&app, path, key).await;
                assert_eq!(page.status, 403, "{path}: {}", page.body);
                assert!(
                    !page.body.contains("SF100"),
                    "{path} shows nothing of the dispute"
                );
            }
            let verdict = post(
                &app,
                "/arbitration/tickets/T-1",
                key,
                &[
                    ("responsibility", "buyer"),
                    ("outcome", "no_refund"),
                    ("reasoning", "x"),
                ],
            )
            .await;
            assert_eq!(verdict.status, 403);
            let revoke = post(
                &app,
                "/operations/merchants/M-1/penalties",
                key,
                &[("do", "revoke"), ("penalty", "x"), ("text", "x")],
            )
            .await;
            assert_eq!(revoke.status, 403);
        }
        assert_eq!(app.ticket_state("T-1").await, "in_dispute");
        // The dashboard is the operator's alone; arbitrators have the desk.
        assert_eq!(get(&app, "/operations", &keys.arbitrator).await.status, 403);
        // A ticket that does not exist is 404 on the desk.
        assert_eq!(
            get(&app, "/arbitration/tickets/T-NOPE", &keys.arbitrator)
                .await
                .status,
            404
        );
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_operator_revokes_a_penalty_through_the_dashboard() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        // M-1 lets ten requests lapse; the evaluation of 2026-03-11 penalises it.
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
        // Wednesday 11 March, 11:00 in Shanghai, with its evaluation not yet run: the operator
        // runs it from the dashboard (a missing day refused first).
        app.clock
            .set("2026-03-11T03:00:00Z".parse().expect("an instant"))
            .expect("forward");
        let no_day = post(
            &app,
            "/operations/evaluations",
            &keys.operator,
            &[("day", "")],
        )
        .await;
        assert_eq!(no_day.status, 422, "{}", no_day.body);
        assert!(
            no_day.body.contains(r#"id="run-day-error""#),
            "{}",
            no_day.body
        );
        let ran = post(
            &app,
            "/operations/evaluations",
            &keys.operator,
            &[("day", "2026-03-11")],
        )
        .await;
        assert_eq!(ran.status, 303, "{}", ran.body);
        assert!(
            ran.location
                .starts_with("/operations?ran=2026-03-11&merchants=1&recorded=1&already=0"),
            "{}",
            ran.location
        );
        let result = get(&app, &ran.location, &keys.operator).await;
        assert!(
            result.body.contains(r#"id="run-result""#),
            "{}",
            result.body
        );

        let dashboard = get(&app, "/operations", &keys.operator).await;
        assert_eq!(dashboard.status, 200, "{}", dashboard.body);
        for text in [
            r#"id="worst-overdue_share""#,
            r#"data-merchant="M-1""#,
            r#"data-penalty="2026-03-11:mass_overdue""#,
            "Mass overdue requests",
            "Policy in force",
            "Webhook delivery health",
        ] {
            assert!(dashboard.body.contains(text), "the dashboard shows {text}");
        }

        let path = "/operations/merchants/M-1/penalties";
        let penalty = "2026-03-11:mass_overdue";
        let blank = post(
            &app,
            path,
            &keys.operator,
            &[("do", "revoke"), ("penalty", penalty), ("text", "  ")],
        )
        .await;
        assert_eq!(blank.status, 422, "{}", blank.body);
        assert!(
            blank.body.contains(r#"id="revoke-1-error""#),
            "{}",
            blank.body
        );

        // A reason without the confirmation ticked: refused, and the penalty stands.
        let unconfirmed = post(
            &app,
            path,
            &keys.operator,
            &[
                ("do", "revoke"),
                ("penalty", penalty),
                ("text", "outage confirmed"),
            ],
        )
        .await;
        assert_eq!(unconfirmed.status, 422, "{}", unconfirmed.body);
        assert!(
            unconfirmed.body.contains(r#"id="revoke-1-error""#),
            "{}",
            unconfirmed.body
        );
        let penalties = app.get("/v1/merchants/M-1/penalties", &keys.operator).await;
        assert_eq!(penalties.body["data"][0]["status"], "active");

        let revoked = post(
            &app,
            path,
            &keys.operator,
            &[
                ("do", "revoke"),
                ("penalty", penalty),
                ("text", "outage confirmed"),
                ("confirm", "yes"),
            ],
        )
        .await;
        assert_eq!(revoked.status, 303, "{}", revoked.body);
        assert_eq!(revoked.location, "/operations/merchants/M-1?done=revoke");
        let penalties = app.get("/v1/merchants/M-1/penalties", &keys.operator).await;
        assert_eq!(penalties.body["data"][0]["status"], "revoked");
        assert_eq!(penalties.body["data"][0]["status_text"], "outage confirmed");
        let page = get(
            &app,
            "/operations/merchants/M-1?done=revoke",
            &keys.operator,
        )
        .await;
        assert!(
            page.body.contains(r#"data-status="revoked""#),
            "{}",
            page.body
        );

        // Refund handling: closed with a reason, then restored.
        let closed = post(
            &app,
            "/operations/merchants/M-1/refund-handling",
            &keys.operator,
            &[("closed", "yes"), ("reason", "high risk")],
        )
        .await;
        assert_eq!(closed.status, 303, "{}", closed.body);
        let merchant = app.get("/v1/merchants/M-1", &keys.operator).await;
        assert_eq!(merchant.status, 200);
        let page = get(&app, "/operations/merchants/M-1", &keys.operator).await;
        assert!(page.body.contains(r#"data-closed="yes""#));
        let restored = post(
            &app,
            "/operations/merchants/M-1/refund-handling",
            &keys.operator,
            &[("closed", "no")],
        )
        .await;
        assert_eq!(restored.status, 303, "{}", restored.body);
        let page = get(&app, "/operations/merchants/M-1", &keys.operator).await;
        assert!(page.body.contains(r#"data-closed="no""#));
        app.stop().await;
    })
    .await;
}
