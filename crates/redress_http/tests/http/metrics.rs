//! Metrics, the weekly evaluation and penalties through the API: a merchant that lets ten
//! requests lapse sees its overdue share, an operator runs the evaluation, the merchant
//! appeals the penalty, the operator revokes it, and the leaderboard puts it first.

use crate::support::{TestApp, cny, each_backend};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_mass_overdue_merchant_is_measured_penalised_appeals_and_is_revoked() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
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
        // M-2 answers its one request in time.
        app.place_order("O-M2", "M-2", "B-2").await;
        app.ok(
            "/v1/orders/O-M2/tickets",
            &keys.other_buyer,
            json!({ "ticket_id": "T-M2", "kind": "refund_only", "reason": "dont_want",
                    "amount": cny(1000) }),
        )
        .await;
        app.ok(
            "/v1/tickets/T-M2/actions",
            &keys.other_merchant,
            json!({ "type": "approve" }),
        )
        .await;
        // The merchant answers none: 48 h later every request is approved by the system.
        let after = "2026-03-04T03:00:00Z".parse().expect("an instant");
        app.engine
            .advance_to(&app.clock, after)
            .await
            .expect("deadlines fire");

        let metrics = app
            .get("/v1/merchants/M-1/metrics?at=2026-03-11", &keys.merchant)
            .await;
        assert_eq!(metrics.status, 200, "{metrics:?}");
        let body = &metrics.body;
        assert_eq!(body["window_from"], "2026-02-09");
        assert_eq!(body["window_to"], "2026-03-10");
        assert_eq!(
            body["overdue"]["share"],
            json!({ "numerator": 10, "denominator": 10, "rate_ppm": 1_000_000 })
        );
        assert_eq!(body["overdue"]["mass_overdue_violation"], true);
        assert_eq!(body["dispute_rate"]["rate"]["numerator"], 0);
        assert_eq!(body["dispute_rate"]["verdict"], "pass");
        assert_eq!(body["merchant_responsible_rate"]["verdict"], "no_data");
        assert!(body["daily"].as_array().is_some_and(|d| !d.is_empty()));

        // Not yet due (its Wednesday 02:00 in Shanghai has not come): refused, nothing kept.
        let early = app
            .post(
                "/v1/evaluations",
                &keys.operator,
                json!({ "day": "2026-03-11" }),
            )
            .await;
        assert_eq!(
            (early.status, early.code(), early.fields()),
            (422, "evaluation_not_due", vec!["day".to_owned()]),
            "{early:?}"
        );
        // The preview shows the penalty it would record, and records nothing.
        let events = app.events().await;
        let preview = app
            .post(
                "/v1/evaluations",
                &keys.operator,
                json!({ "day": "2026-03-11", "dry_run": true }),
            )
            .await;
        assert_eq!(preview.status, 200, "{preview:?}");
        assert_eq!(preview.body["dry_run"], true);
        assert_eq!(
            preview.body["recorded"][0]["penalty"]["id"],
            "2026-03-11:mass_overdue"
        );
        assert_eq!(app.events().await, events, "a preview records nothing");
        let none = app.get("/v1/merchants/M-1/penalties", &keys.merchant).await;
        assert_eq!(none.body["data"], json!([]), "{none:?}");
        // The clock reaches the Wednesday (its deadlines and evaluations are not fired, so
        // the period is due and has not run).
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
        assert_eq!(run.body["dry_run"], false);
        assert_eq!(run.body["recorded"].as_array().map(Vec::len), Some(1));
        assert_eq!(run.body["recorded"][0]["merchant_id"], "M-1");
        let again = app
            .post(
                "/v1/evaluations",
                &keys.operator,
                json!({ "day": "2026-03-11" }),
            )
            .await;
        assert_eq!(
            (
                again.body["recorded"].as_array().map(Vec::len),
                &again.body["already_recorded"]
            ),
            (Some(0), &json!(1)),
            "running again records nothing twice"
        );

        let penalties = app.get("/v1/merchants/M-1/penalties", &keys.merchant).await;
        let penalty = &penalties.body["data"][0];
        assert_eq!(penalty["id"], "2026-03-11:mass_overdue");
        assert_eq!(penalty["severity"], "especially_serious");
        assert_eq!(penalty["status"], "active");
        // Paged like every list: one page here, and past its one row, nothing.
        assert!(penalties.body["next_cursor"].is_null(), "{penalties:?}");
        let past: String = "2026-03-11:mass_overdue"
            .bytes()
            .map(|b| format!("{b:02x}"))
            .collect();
        let after = app
            .get(
                &format!("/v1/merchants/M-1/penalties?limit=1&cursor={past}"),
                &keys.merchant,
            )
            .await;
        assert_eq!(after.body["data"], json!([]), "{after:?}");
        let refused = app
            .get("/v1/merchants/M-1/penalties?limit=201", &keys.merchant)
            .await;
        assert_eq!(
            (refused.status, refused.fields()),
            (400, vec!["limit".to_owned()])
        );
        assert!(
            penalty["measures"]
                .as_array()
                .is_some_and(|m| m.contains(&json!({ "type": "cart_suspended" })))
        );
        // A penalty id of the wrong shape is bad input naming the path parameter, and no
        // lookup: the id's grammar is the domain's `PenaltyId`.
        let malformed = app
            .post(
                "/v1/merchants/M-1/penalties/2026-03-11:late/appeal",
                &keys.merchant,
                json!({ "note": "our support desk was down" }),
            )
            .await;
        assert_eq!(
            (malformed.status, malformed.code(), malformed.fields()),
            (400, "invalid_input", vec!["penalty_id".to_owned()]),
            "{malformed:?}"
        );
        let path = "/v1/merchants/M-1/penalties/2026-03-11:mass_overdue";
        app.ok(
            &format!("{path}/appeal"),
            &keys.merchant,
            json!({ "note": "our support desk was down" }),
        )
        .await;
        let refused = app
            .post(
                &format!("{path}/revoke"),
                &keys.merchant,
                json!({ "note": "mine" }),
            )
            .await;
        assert_eq!((refused.status, refused.code()), (403, "wrong_actor"));
        app.ok(
            &format!("{path}/revoke"),
            &keys.operator,
            json!({ "note": "outage confirmed" }),
        )
        .await;
        let penalties = app.get("/v1/merchants/M-1/penalties", &keys.operator).await;
        assert_eq!(penalties.body["data"][0]["status"], "revoked");
        assert_eq!(penalties.body["data"][0]["status_text"], "outage confirmed");

        let board = app
            .get(
                "/v1/metrics/leaderboard?at=2026-03-11&by=overdue_share&limit=1",
                &keys.operator,
            )
            .await;
        assert_eq!(board.status, 200, "{board:?}");
        assert_eq!(board.body["data"][0]["merchant_id"], "M-1");
        assert_eq!(board.body["data"][0]["value"], 1_000_000);
        let cursor = board.body["next_cursor"]
            .as_str()
            .expect("M-2 is next")
            .to_owned();
        let next = app
            .get(
                &format!("/v1/metrics/leaderboard?at=2026-03-11&by=overdue_share&cursor={cursor}"),
                &keys.operator,
            )
            .await;
        assert_eq!(next.body["data"][0]["merchant_id"], "M-2");
        assert_eq!(
            next.body["data"][0]["value"], 0,
            "one request, answered in time"
        );
        assert!(next.body["next_cursor"].is_null());
        app.stop().await;
    })
    .await;
}
