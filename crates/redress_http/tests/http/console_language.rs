//! The console in one language at a time (issue 19, point 5), on both backends: a refusal on
//! a Chinese page carries no English reason in brackets, shops are shown by their names,
//! and automatic rules and the order feed by display names, never by their keys.

use crate::console::{get, session};
use crate::support::{TestApp, cny, each_backend};
use serde_json::json;

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

/// Reject T-1 without its evidence, in `lang`; the page's text.
async fn refused_reject(app: &TestApp, lang: &str) -> String {
    let form = reqwest::multipart::Form::new()
        .text("action", "reject")
        .text("reason", "完好")
        .text("evidence_kind", "photos");
    let response = client()
        .post(format!("{}/merchant/tickets/T-1", app.base))
        .header("cookie", session(app, &app.keys.merchant).await)
        .header("accept-language", lang)
        .multipart(form)
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.status().as_u16(), 422);
    response.text().await.expect("a page")
}

/// The text of the element with `id`, up to its closing tag.
fn element(body: &str, id: &str) -> String {
    let start = body
        .find(&format!(r#"id="{id}""#))
        .unwrap_or_else(|| panic!("#{id} in {body}"));
    let rest = &body[start..];
    let open = rest.find('>').expect("a tag") + 1;
    let close = rest.find("</").expect("a closing tag");
    rest[open..close].to_owned()
}

async fn opened(app: &TestApp) {
    app.place_order("O-1", "M-1", "B-1").await;
    app.ok(
        "/v1/orders/O-1/tickets",
        &app.keys.buyer,
        json!({
            "ticket_id": "T-1", "kind": "refund_only", "reason": "quality_problem",
            "amount": cny(20000), "items": [], "description": "", "evidence": [],
        }),
    )
    .await;
}

#[tokio::test]
async fn a_refusal_on_a_chinese_page_has_no_english_in_brackets() {
    each_backend(|app| async move {
        opened(&app).await;
        let zh = element(
            &refused_reject(&app, "zh-CN").await,
            "reject-evidence-error",
        );
        assert_eq!(zh, "缺少该场景要求的凭证");
        // English keeps the engine's own reason, which names what is missing.
        let en = element(&refused_reject(&app, "en").await, "reject-evidence-error");
        assert!(
            en.starts_with("The evidence this scenario requires is missing ("),
            "{en}"
        );
        assert_eq!(app.ticket_state("T-1").await, "requested");
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn shops_are_shown_by_name_and_the_order_feed_by_a_display_name() {
    each_backend(|app| async move {
        opened(&app).await;
        app.put_ok(
            "/v1/merchants/M-1/name",
            &app.keys.integration,
            json!({ "name": "M-1 茶庄" }),
        )
        .await;
        let cookie = session(&app, &app.keys.merchant).await;
        let queue = get(&app, "/merchant", &cookie).await;
        assert!(
            queue
                .body
                .contains(r#"<strong class="shop" translate="no">M-1 茶庄</strong>"#),
            "the header names the shop: {}",
            queue.body
        );
        let ticket = get(&app, "/merchant/tickets/T-1", &cookie).await;
        assert!(ticket.body.contains(">M-1 茶庄</span>"), "{}", ticket.body);
        // The order was placed by the integration key: the timeline names the order feed.
        assert!(
            ticket.body.contains("Order and logistics system"),
            "{}",
            ticket.body
        );
        assert!(!ticket.body.contains(">Integration"), "{}", ticket.body);
        app.stop().await;
    })
    .await;
}
