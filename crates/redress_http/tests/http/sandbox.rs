//! Sandbox mode's test clock over HTTP (issue 7): deadlines fire exactly when the clock
//! passes them and not a second earlier, a signed return is refunded 48 h later, the weekly
//! evaluation runs once when the clock passes Wednesday 02:00, two advances of 24 h equal one
//! of 48 h, and none of it is reachable without `--sandbox`.

use crate::support::{TestApp, cny, each_backend, each_backend_sandbox};
use serde_json::{Value, json};

async fn advance(app: &TestApp, body: Value) -> Value {
    let answer = app
        .post("/v1/sandbox/clock/advance", &app.keys.operator, body)
        .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    answer.body
}

async fn clock(app: &TestApp) -> String {
    let answer = app.get("/v1/sandbox/clock", &app.keys.merchant).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    answer.body["now"].as_str().expect("a time").to_owned()
}

async fn open_refund(app: &TestApp, order: &str, ticket: &str) {
    app.place_order(order, "M-1", "B-1").await;
    app.ok(
        &format!("/v1/orders/{order}/tickets"),
        &app.keys.buyer,
        json!({ "ticket_id": ticket, "kind": "refund_only", "reason": "dont_want",
                "amount": cny(1000) }),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unanswered_request_is_approved_exactly_48_hours_later_and_not_a_second_earlier() {
    each_backend_sandbox(|app: TestApp| async move {
        let health = app.call("GET", "/healthz", None, None, &[]).await;
        assert_eq!(health.body["mode"], "sandbox");
        assert_eq!(health.body["clock"], "2026-03-02T02:00:00Z");
        open_refund(&app, "O-1", "T-1").await;

        let early = advance(&app, json!({ "to": "2026-03-04T01:59:59Z" })).await;
        assert_eq!(early["deadlines_fired"], json!({}));
        assert_eq!(app.ticket_state("T-1").await, "requested");
        let on_time = advance(&app, json!({ "by": "PT1S" })).await;
        assert_eq!(on_time["from"], "2026-03-04T01:59:59Z");
        assert_eq!(on_time["to"], "2026-03-04T02:00:00Z");
        assert_eq!(
            on_time["deadlines_fired"],
            json!({ "merchant_response": 1 })
        );
        assert_eq!(app.ticket_state("T-1").await, "refunding");
        assert_eq!(clock(&app).await, "2026-03-04T02:00:00Z");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_signed_return_is_refunded_48_hours_later() {
    each_backend_sandbox(|app: TestApp| async move {
        let keys = app.keys.clone();
        app.place_order("O-1", "M-1", "B-1").await;
        let logistics = "/v1/orders/O-1/logistics";
        app.ok(
            logistics,
            &keys.merchant,
            json!({ "type": "tracking_entered", "tracking": "SF1" }),
        )
        .await;
        app.ok(
            logistics,
            &keys.integration,
            json!({ "type": "delivered", "signer": "buyer" }),
        )
        .await;
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({ "ticket_id": "T-1", "kind": "return_and_refund",
                    "reason": "no_reason_seven_day", "amount": cny(20000) }),
        )
        .await;
        app.ok(
            "/v1/tickets/T-1/actions",
            &keys.merchant,
            json!({ "type": "approve" }),
        )
        .await;
        app.ok(
            "/v1/tickets/T-1/actions",
            &keys.buyer,
            json!({ "type": "ship_return", "tracking": "YT1" }),
        )
        .await;
        advance(&app, json!({ "by": "PT24H" })).await;
        app.ok(
            logistics,
            &keys.integration,
            json!({ "type": "return_signed", "ticket_id": "T-1" }),
        )
        .await;
        assert_eq!(app.ticket_state("T-1").await, "return_received");
        let before = advance(&app, json!({ "by": "PT47H59M59S" })).await;
        assert_eq!(before["deadlines_fired"], json!({}));
        assert_eq!(app.ticket_state("T-1").await, "return_received");
        let after = advance(&app, json!({ "by": "PT1S" })).await;
        assert_eq!(
            after["deadlines_fired"],
            json!({ "merchant_return_handling": 1 })
        );
        assert_eq!(app.ticket_state("T-1").await, "refunding");
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn passing_wednesday_0200_runs_the_weekly_evaluation_once() {
    each_backend_sandbox(|app: TestApp| async move {
        // The clock starts on Monday 2 March 2026, 10:00 in Shanghai. The first advance also
        // runs the evaluation due before the start (25 February), as a fresh server would.
        let to_tuesday = advance(&app, json!({ "to": "2026-03-03T17:59:59Z" })).await;
        assert_eq!(to_tuesday["evaluations_run"], json!(["2026-02-25"]));
        // Wednesday 4 March, 02:00 in Shanghai is 18:00 UTC on the 3rd.
        let past = advance(&app, json!({ "by": "PT2S" })).await;
        assert_eq!(past["evaluations_run"], json!(["2026-03-04"]));
        let later = advance(&app, json!({ "by": "P6D" })).await;
        assert_eq!(
            later["evaluations_run"],
            json!([]),
            "not again the same week"
        );
        let next = advance(&app, json!({ "by": "P1D" })).await;
        assert_eq!(next["evaluations_run"], json!(["2026-03-11"]));
        app.stop().await;
    })
    .await;
}

/// Issue 16: before it, an evaluation of any day was run and recorded; after a Thursday's,
/// every advance across the next Wednesday 02:00 answered 500 with the clock moved. Now the
/// Thursday, a Wednesday to come and 2030 are refused, a preview records nothing, and the
/// next Wednesday runs on time.
#[tokio::test(flavor = "multi_thread")]
async fn an_evaluation_off_the_calendar_is_refused_and_the_next_wednesday_still_runs() {
    each_backend_sandbox(|app: TestApp| async move {
        let operator = app.keys.operator.clone();
        // Thursday 5 March, 11:00 in Shanghai.
        let thursday = advance(&app, json!({ "to": "2026-03-05T03:00:00Z" })).await;
        assert_eq!(
            thursday["evaluations_run"],
            json!(["2026-02-25", "2026-03-04"])
        );
        let events = app.events().await;
        for day in ["2026-03-05", "2026-03-11", "2030-01-02", "2026-02-18"] {
            let refused = app
                .post("/v1/evaluations", &operator, json!({ "day": day }))
                .await;
            assert_eq!(
                (refused.status, refused.code(), refused.fields()),
                (422, "evaluation_not_due", vec!["day".to_owned()]),
                "{day}: {refused:?}"
            );
            let detail = refused.body["detail"].as_str().unwrap_or_default();
            assert!(
                detail.contains("the next scheduled evaluation is of 2026-03-11"),
                "{detail}"
            );
        }
        let preview = app
            .post(
                "/v1/evaluations",
                &operator,
                json!({ "day": "2026-03-05", "dry_run": true }),
            )
            .await;
        assert_eq!(
            (preview.status, &preview.body["dry_run"]),
            (200, &json!(true)),
            "{preview:?}"
        );
        // The period evaluated runs again and records nothing twice.
        let again = app
            .post("/v1/evaluations", &operator, json!({ "day": "2026-03-04" }))
            .await;
        assert_eq!(again.status, 200, "{again:?}");
        assert_eq!(again.body["recorded"], json!([]));
        assert_eq!(app.events().await, events, "nothing recorded");

        let next = app
            .post(
                "/v1/sandbox/clock/advance",
                &operator,
                json!({ "to": "2026-03-11T03:00:00Z" }),
            )
            .await;
        assert_eq!(next.status, 200, "{next:?}");
        assert_eq!(next.body["evaluations_run"], json!(["2026-03-11"]));
        assert_eq!(clock(&app).await, "2026-03-11T03:00:00Z");
        app.stop().await;
    })
    .await;
}

/// The event log as (kind, time, stream), in order.
async fn log(app: &TestApp) -> Vec<(String, i64, String)> {
    use redress_store::AnyStore;
    let events = match app.engine.store() {
        AnyStore::Sqlite(store) => store.events_after(0, 100_000).await,
        AnyStore::Postgres(store) => store.events_after(0, 100_000).await,
    }
    .expect("the log reads");
    events
        .into_iter()
        .map(|e| (e.kind, e.at_us, e.stream))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_advances_of_24_hours_equal_one_of_48() {
    each_backend_sandbox(|app: TestApp| async move {
        // Two identical shops: one moved twice by a day, then the other once by two days.
        for n in 1..=3 {
            open_refund(&app, &format!("O-{n}"), &format!("T-{n}")).await;
        }
        advance(&app, json!({ "by": "PT24H" })).await;
        let first = advance(&app, json!({ "by": "PT24H" })).await;
        let stepped = log(&app).await;
        app.stop().await;
        assert_eq!(first["deadlines_fired"], json!({ "merchant_response": 3 }));

        each_backend_sandbox(move |other: TestApp| {
            let stepped = stepped.clone();
            async move {
                for n in 1..=3 {
                    open_refund(&other, &format!("O-{n}"), &format!("T-{n}")).await;
                }
                let once = advance(&other, json!({ "by": "PT48H" })).await;
                assert_eq!(once["deadlines_fired"], json!({ "merchant_response": 3 }));
                assert_eq!(
                    log(&other).await,
                    stepped,
                    "same events, same times, same order"
                );
                other.stop().await;
            }
        })
        .await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_clock_moves_only_forward_only_for_operators_and_only_in_a_sandbox() {
    each_backend_sandbox(|app: TestApp| async move {
        let keys = app.keys.clone();
        let back = app
            .post(
                "/v1/sandbox/clock/advance",
                &keys.operator,
                json!({ "to": "2026-03-01T00:00:00Z" }),
            )
            .await;
        assert_eq!((back.status, back.code()), (409, "clock_went_back"));
        assert_eq!(back.fields(), ["to"]);
        for (body, field) in [
            (json!({ "by": "-PT1H" }), "by"),
            (json!({ "by": "PT0S" }), "by"),
            (json!({ "by": "soon" }), "by"),
            (json!({ "by": "P1M" }), "by"),
            (json!({ "by": "PT1H", "to": "2026-03-05T00:00:00Z" }), "by"),
            (json!({}), "by"),
            (json!({ "to": "tomorrow" }), "to"),
        ] {
            let refused = app
                .post("/v1/sandbox/clock/advance", &keys.operator, body.clone())
                .await;
            assert_eq!(refused.status, 400, "{body}: {refused:?}");
            assert_eq!(refused.fields(), [field], "{body}");
        }
        // The refusal says what to send, not what the duration parser thought of it.
        for (by, reason) in [
            (
                "P1M",
                "months and years have no fixed length: give days or hours, such as P30D",
            ),
            (
                "soon",
                "not an ISO 8601 duration such as PT48H, P2D or PT30M",
            ),
        ] {
            let refused = app
                .post(
                    "/v1/sandbox/clock/advance",
                    &keys.operator,
                    json!({ "by": by }),
                )
                .await;
            assert_eq!(refused.body["errors"][0]["reason"], reason, "{refused:?}");
            assert_eq!(refused.body["detail"], format!("by: {reason}"));
        }
        let merchant = app
            .post(
                "/v1/sandbox/clock/advance",
                &keys.merchant,
                json!({ "by": "PT1H" }),
            )
            .await;
        assert_eq!((merchant.status, merchant.code()), (403, "forbidden"));
        assert_eq!(
            clock(&app).await,
            "2026-03-02T02:00:00Z",
            "nothing moved the clock"
        );
        app.stop().await;
    })
    .await;

    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        let read = app.get("/v1/sandbox/clock", &keys.operator).await;
        assert_eq!((read.status, read.code()), (404, "route_unknown"));
        let moved = app
            .post(
                "/v1/sandbox/clock/advance",
                &keys.operator,
                json!({ "by": "PT48H" }),
            )
            .await;
        assert_eq!((moved.status, moved.code()), (404, "route_unknown"));
        app.stop().await;
    })
    .await;
}
