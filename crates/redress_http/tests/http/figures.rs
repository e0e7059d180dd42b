//! One figure, one window (issue 16 point 4): for the same merchant and evaluation day, the
//! API's metrics, the merchant's metrics page, the operator's dashboard and merchant page,
//! and the evaluation's preview show the same dispute rate, platform average and threshold.
//! The merchant has orders and disputes on both sides of both edges of the window, with a
//! different count on each edge day, so any window shifted or widened by a day shows other
//! figures.

use crate::console::{get, session};
use crate::support::{TestApp, cny, each_backend, order_body};
use redress_domain::Timestamp;
use serde_json::json;

/// The evaluation day: a Wednesday. Its window is 2026-03-09 to 2026-04-07.
const DAY: &str = "2026-04-08";

/// 10:00 in Shanghai on `day`.
fn morning(day: &str) -> Timestamp {
    format!("{day}T02:00:00Z").parse().expect("an instant")
}

/// `count` orders of `merchant` paid at `at`; with `dispute`, the first one's buyer asks the
/// platform to step in the same morning.
async fn orders(app: &TestApp, merchant: &str, at: Timestamp, count: usize, dispute: bool) {
    let (buyer, buyer_key) = match merchant {
        "M-1" => ("B-1", &app.keys.buyer),
        _ => ("B-2", &app.keys.other_buyer),
    };
    let merchant_key = match merchant {
        "M-1" => &app.keys.merchant,
        _ => &app.keys.other_merchant,
    };
    app.clock.set(at).expect("forward");
    for n in 0..count {
        let id = format!("O-{merchant}-{}-{n}", at.as_second());
        let mut body = order_body(&id, merchant, buyer);
        body["paid_at"] = json!(at.to_string());
        app.ok("/v1/orders", &app.keys.integration, body).await;
        if n > 0 || !dispute {
            continue;
        }
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
            buyer_key,
            json!({ "ticket_id": ticket, "kind": "return_and_refund", "reason": "dont_want",
                    "amount": cny(20000) }),
        )
        .await;
        let actions = format!("/v1/tickets/{ticket}/actions");
        app.ok(
            &actions,
            merchant_key,
            json!({ "type": "reject", "note": "worn and washed",
                    "evidence": [{ "kind": "chat_records", "reference": "CHAT-1" }] }),
        )
        .await;
        app.ok(
            &actions,
            buyer_key,
            json!({ "type": "escalate", "note": "unworn" }),
        )
        .await;
    }
}

/// The page's text as read: askama escapes `/` and quotes.
fn text(html: &str) -> String {
    html.replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The row of merchant `id` in the table whose opening tag carries `table_id`.
fn row<'a>(page: &'a str, table_id: &str, id: &str) -> &'a str {
    let table = &page[page
        .find(&format!(r#"id="{table_id}""#))
        .unwrap_or_else(|| panic!("no table {table_id}: {page}"))..];
    let table = &table[..table.find("</table>").expect("the table ends")];
    let start = table
        .find(&format!(r#"data-merchant="{id}""#))
        .unwrap_or_else(|| panic!("{id} is not in {table_id}: {table}"));
    let row = &table[start..];
    &row[..row.find("</tr>").expect("the row ends")]
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_the_console_and_the_evaluation_show_the_same_figures() {
    each_backend(|app: TestApp| async move {
        // M-1: 1 order and a dispute the day before the window, 2 and one on its first day,
        // 10 without in the middle, 3 and one on its last day, 4 and one on the day itself.
        orders(&app, "M-1", morning("2026-03-08"), 1, true).await;
        orders(&app, "M-1", morning("2026-03-09"), 2, true).await;
        orders(&app, "M-1", morning("2026-03-20"), 10, false).await;
        orders(&app, "M-2", morning("2026-03-20"), 30, false).await;
        orders(&app, "M-1", morning("2026-04-07"), 3, true).await;
        orders(&app, "M-1", morning("2026-04-08"), 4, true).await;
        // In the window: M-1 2 disputes in 2 + 10 + 3 = 15 orders; the platform 2 in 45.
        // The threshold is 1.5 × 2/45 = 6.67 %, rounded down to 66,666 ppm.
        let (rate, platform, threshold) = ((2, 15), (2, 45), 66_666);

        let api = app
            .get(
                &format!("/v1/merchants/M-1/metrics?at={DAY}"),
                &app.keys.merchant,
            )
            .await;
        assert_eq!(api.status, 200, "{api:?}");
        let d = &api.body["dispute_rate"];
        assert_eq!(
            (&api.body["window_from"], &api.body["window_to"]),
            (&json!("2026-03-09"), &json!("2026-04-07")),
            "the days before {DAY}, the day itself not included"
        );
        assert_eq!(
            (&d["rate"]["numerator"], &d["rate"]["denominator"]),
            (&json!(rate.0), &json!(rate.1)),
            "{d}"
        );
        assert_eq!(
            (&d["platform"]["numerator"], &d["platform"]["denominator"]),
            (&json!(platform.0), &json!(platform.1)),
            "{d}"
        );
        assert_eq!(d["threshold_ppm"], threshold);
        assert_eq!(d["verdict"], "fail");

        let preview = app
            .post(
                "/v1/evaluations",
                &app.keys.operator,
                json!({ "day": DAY, "dry_run": true }),
            )
            .await;
        assert_eq!(preview.status, 200, "{preview:?}");
        let recorded = preview.body["recorded"].as_array().expect("a list");
        let penalty = &recorded
            .iter()
            .find(|r| r["merchant_id"] == "M-1" && r["penalty"]["standard"] == "dispute_rate")
            .unwrap_or_else(|| panic!("M-1's dispute rate is penalised: {preview:?}"))["penalty"];
        assert_eq!(
            (
                &penalty["rate"]["numerator"],
                &penalty["rate"]["denominator"]
            ),
            (&json!(rate.0), &json!(rate.1))
        );
        assert_eq!(
            (
                &penalty["platform"]["numerator"],
                &penalty["platform"]["denominator"]
            ),
            (&json!(platform.0), &json!(platform.1))
        );
        assert_eq!(penalty["threshold_ppm"], threshold);
        let engine = app
            .engine
            .preview_evaluation(DAY.parse().expect("a day"))
            .await
            .expect("a preview");
        let evidence = &engine
            .recorded
            .iter()
            .find(|(m, _)| m.as_str() == "M-1")
            .expect("M-1 is in breach")
            .1
            .evidence;
        assert_eq!((evidence.rate.numerator, evidence.rate.denominator), rate);
        assert_eq!(evidence.threshold_ppm, threshold);

        // The console pages, by default on today's evaluation day (the clock is on DAY).
        let fraction = format!("{} / {}", rate.0, rate.1);
        let merchant = session(&app, &app.keys.merchant).await;
        let operator = session(&app, &app.keys.operator).await;
        for path in ["/merchant/metrics", &format!("/merchant/metrics?at={DAY}")] {
            let page = get(&app, path, &merchant).await;
            assert_eq!(page.status, 200, "{}", page.body);
            let page = text(&page.body);
            let figures = &page[page.find(r#"id="figures""#).expect("figures")..];
            assert!(
                figures.contains(&format!("{fraction} = 13.33%")),
                "{path}: {figures}"
            );
            assert!(figures.contains("6.66%"), "the threshold: {figures}");
            assert!(figures.contains("4.44%"), "the platform average: {figures}");
            assert!(page.contains("2026-03-09 – 2026-04-07"), "{page}");
        }
        for path in ["/operations", &format!("/operations?at={DAY}")] {
            let page = get(&app, path, &operator).await;
            assert_eq!(page.status, 200, "{}", page.body);
            let page = text(&page.body);
            let worst = row(&page, "worst-dispute_rate", "M-1");
            assert!(worst.contains(&fraction), "{path}: {worst}");
            assert!(worst.contains("13.33%"), "{path}: {worst}");
            assert!(
                page.contains(&format!("{} / {}", platform.0, platform.1)),
                "the platform's dispute rate: {page}"
            );
            assert!(
                page.contains("<time>2026-03-09</time> – <time>2026-04-07</time>"),
                "{page}"
            );
        }
        let page = get(&app, "/operations/merchants/M-1", &operator).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(text(&page.body).contains(&fraction), "{}", page.body);
        app.stop().await;
    })
    .await;
}

/// The rule for `?at=` is in the OpenAPI description of both endpoints that take it.
#[test]
fn the_openapi_description_states_the_window_rule() {
    let spec = serde_json::to_value(redress_http::openapi()).expect("serialises");
    for path in [
        "/v1/merchants/{merchant_id}/metrics",
        "/v1/metrics/leaderboard",
    ] {
        let at = spec["paths"][path]["get"]["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .find(|p| p["name"] == "at")
            .unwrap_or_else(|| panic!("{path} takes at"));
        let description = at["description"].as_str().expect("described");
        assert!(
            description.contains("`at` itself is not included"),
            "{path}: {description}"
        );
    }
    let dispute = &spec["components"]["schemas"]["DisputeRateDto"]["properties"];
    assert!(dispute["threshold_ppm"].is_object(), "{dispute}");
}
