//! Operations: the Prometheus exposition at `/metrics` and the per-key rate limit.

use crate::support::{TestApp, cny, each_backend, each_backend_with};
use redress_domain::Timestamp;
use redress_http::Operations;
use redress_http::limits::RateLimit;
use serde_json::json;
use std::num::NonZeroU32;

/// The value of the sample named exactly `series` (name and labels), if there is one.
fn sample(exposition: &str, series: &str) -> Option<f64> {
    exposition.lines().find_map(|line| {
        let value = line.strip_prefix(series)?.strip_prefix(' ')?;
        Some(value.parse().expect("a sample value is a number"))
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_count_requests_by_route_commands_and_deadline_lag() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        let no_key = app.call("GET", "/metrics", None, None, &[]).await;
        assert_eq!((no_key.status, no_key.code()), (401, "unauthenticated"));
        let merchant = app.get("/metrics", &keys.merchant).await;
        assert_eq!((merchant.status, merchant.code()), (403, "forbidden"));

        app.place_order("O-1", "M-1", "B-1").await;
        app.ok(
            "/v1/orders/O-1/tickets",
            &keys.buyer,
            json!({
                "ticket_id": "T-1", "kind": "refund_only", "reason": "dont_want",
                "amount": cny(20000), "description": "ordered twice"
            }),
        )
        .await;
        for missing in ["T-404", "T-405"] {
            let answer = app
                .get(&format!("/v1/tickets/{missing}"), &keys.operator)
                .await;
            assert_eq!(answer.status, 404);
        }
        let queue = app.get("/v1/tickets?state=requested", &keys.operator).await;
        let due: Timestamp = queue.body["data"][0]["deadline"]["due_at"]
            .as_str()
            .unwrap_or_else(|| panic!("the ticket waits on a deadline: {:?}", queue.body))
            .parse()
            .expect("an instant");

        let before = app.get("/metrics", &keys.operator).await;
        assert_eq!(before.status, 200, "{before:?}");
        assert!(before.content_type.starts_with("text/plain; version=0.0.4"));
        let text = before.body.as_str().expect("text");
        let route = r#"method="GET",route="/v1/tickets/{ticket_id}""#;
        assert_eq!(
            sample(
                text,
                &format!(r#"redress_http_requests_total{{{route},status="404"}}"#)
            ),
            Some(2.0),
            "counted by route template, not by path:\n{text}"
        );
        assert_eq!(
            sample(
                text,
                &format!(r#"redress_http_request_duration_seconds_count{{{route}}}"#)
            ),
            Some(2.0)
        );
        assert_eq!(
            sample(
                text,
                r#"redress_http_requests_total{method="POST",route="/v1/orders",status="201"}"#
            ),
            Some(1.0),
            "{text}"
        );
        assert_eq!(sample(text, "redress_engine_commands_total"), Some(2.0));
        assert!(sample(text, "redress_engine_batches_total").is_some_and(|b| b >= 1.0));
        assert_eq!(sample(text, "redress_deadline_lag_seconds"), Some(0.0));
        // No dispatcher runs here: the order.placed and ticket.opened messages wait in the
        // outbox.
        assert_eq!(sample(text, "redress_outbox_pending"), Some(2.0), "{text}");
        assert_eq!(
            sample(text, "redress_outbox_oldest_pending_seconds"),
            Some(0.0)
        );
        assert_eq!(
            sample(text, r#"redress_webhook_deliveries{state="pending"}"#),
            Some(0.0)
        );
        assert_eq!(
            sample(text, r#"redress_webhook_deliveries{state="dead"}"#),
            Some(0.0)
        );

        // Nothing runs the scheduler here, so a deadline past due stays due: its lag shows.
        app.clock
            .set(
                due.checked_add(redress_domain::SignedDuration::from_secs(90))
                    .expect("in range"),
            )
            .expect("forward");
        let after = app.get("/metrics", &keys.operator).await;
        let text = after.body.as_str().expect("text");
        assert_eq!(sample(text, "redress_deadline_lag_seconds"), Some(90.0));
        // The merchant's 48 h to answer, and 90 s more, since the message was committed.
        assert_eq!(
            sample(text, "redress_outbox_oldest_pending_seconds"),
            Some(48.0 * 3600.0 + 90.0)
        );
        assert_eq!(
            sample(
                text,
                r#"redress_http_requests_total{method="GET",route="/metrics",status="200"}"#
            ),
            Some(1.0),
            "the scrape before this one is counted: {text}"
        );
        app.stop().await;
    })
    .await;
}

fn limit(per_second: u32, burst: u32) -> Operations {
    Operations {
        rate_limit: Some(RateLimit {
            per_second: NonZeroU32::new(per_second).expect("not zero"),
            burst: NonZeroU32::new(burst).expect("not zero"),
        }),
        ..Operations::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_over_its_limit_gets_429_while_another_key_is_served() {
    each_backend_with(limit(1, 3), |app: TestApp| async move {
        let keys = app.keys.clone();
        // M-1 is known once it has an order (placed with another key: its own bucket).
        app.place_order("O-1", "M-1", "B-1").await;
        // The burst is 3 and one token comes back per second: within twenty requests one is
        // refused, however slow the machine, and not before the burst is spent.
        let mut served = 0;
        let mut refused = None;
        for _ in 0..20 {
            let answer = app.get("/v1/merchants/M-1", &keys.merchant).await;
            if answer.status == 429 {
                refused = Some(answer);
                break;
            }
            assert_eq!(answer.status, 200, "{answer:?}");
            served += 1;
        }
        let refused = refused.expect("the merchant key is limited");
        assert!(served >= 3, "the burst is served first: {served}");
        assert_eq!(refused.code(), "rate_limited");
        let retry_after: u64 = refused.headers["retry-after"]
            .to_str()
            .expect("ascii")
            .parse()
            .expect("whole seconds");
        assert_eq!(retry_after, 1, "a token comes back within the second");

        let other = app.get("/v1/merchants/M-1", &keys.operator).await;
        assert_eq!(
            other.status, 200,
            "another key has its own budget: {other:?}"
        );
        for _ in 0..10 {
            let health = app.call("GET", "/healthz", None, None, &[]).await;
            assert_eq!(health.status, 200, "health checks are never limited");
        }
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_without_a_valid_key_are_limited_by_address() {
    each_backend_with(limit(1, 2), |app: TestApp| async move {
        let mut statuses = Vec::new();
        for _ in 0..20 {
            let answer = app
                .call("GET", "/v1/tickets", Some("rk_live_unknown"), None, &[])
                .await;
            statuses.push(answer.status);
            if answer.status == 429 {
                assert_eq!(answer.code(), "rate_limited");
                break;
            }
        }
        assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
        assert!(statuses[..statuses.len() - 1].iter().all(|s| *s == 401));
        // A valid key is not held to the address's budget.
        let served = app.get("/v1/tickets", &app.keys.operator).await;
        assert_eq!(served.status, 200, "{served:?}");
        app.stop().await;
    })
    .await;
}
