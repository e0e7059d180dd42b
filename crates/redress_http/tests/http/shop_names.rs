//! A shop's display name is a stored fact (issue 19, point 5): set through
//! `PUT /v1/merchants/{id}/name` by the shop, an operator or the platform's integration,
//! refused with the field named when it is not one short line, and shown beside the shop's
//! id on the console pages of every role that names the shop.

use crate::console::{get, session};
use crate::support::{TestApp, cny, each_backend};
use serde_json::json;

const NAME: &str = "/v1/merchants/M-1/name";

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
async fn bad_names_are_refused_naming_the_field_and_change_nothing() {
    each_backend(|app| async move {
        opened(&app).await;
        let before = app.events().await;
        let too_long = "铺".repeat(61);
        for (name, why) in [
            ("  ", "blank"),
            ("衣橱\n小铺", "a line break"),
            ("衣橱\u{1b}[31m小铺", "an escape"),
            (too_long.as_str(), "61 characters"),
        ] {
            let answer = app
                .put(NAME, &app.keys.integration, json!({ "name": name }))
                .await;
            assert_eq!(
                (answer.status, answer.code(), answer.fields()),
                (422, "text_invalid", vec!["name".to_owned()]),
                "{why}: {answer:?}"
            );
        }
        let buyer = app.put(NAME, &app.keys.buyer, json!({ "name": "x" })).await;
        assert_eq!((buyer.status, buyer.code()), (403, "wrong_actor"));
        let foreign = app
            .put(NAME, &app.keys.other_merchant, json!({ "name": "x" }))
            .await;
        assert_eq!(foreign.status, 404, "{foreign:?}");
        assert_eq!(app.events().await, before, "nothing was recorded");
        let merchant = app.get("/v1/merchants/M-1", &app.keys.operator).await;
        assert_eq!(merchant.body["name"], json!(null));
        app.stop().await;
    })
    .await;
}

#[tokio::test]
async fn a_named_shop_is_shown_by_its_name_to_every_role() {
    each_backend(|app| async move {
        opened(&app).await;
        app.put_ok(NAME, &app.keys.integration, json!({ "name": " 衣橱小铺 " }))
            .await;
        let before = app.events().await;
        // The same name again succeeds and records nothing, like every setting's PUT.
        app.put_ok(NAME, &app.keys.merchant, json!({ "name": "衣橱小铺" }))
            .await;
        assert_eq!(app.events().await, before);
        let merchant = app.get("/v1/merchants/M-1", &app.keys.merchant).await;
        assert_eq!(merchant.body["name"], "衣橱小铺");

        let shown = ">衣橱小铺</";
        let own = session(&app, &app.keys.merchant).await;
        let queue = get(&app, "/merchant", &own).await;
        assert!(queue.body.contains(shown), "the header: {}", queue.body);
        let ticket = get(&app, "/merchant/tickets/T-1", &own).await;
        assert!(ticket.body.contains(shown), "{}", ticket.body);
        let buyer = session(&app, &app.keys.buyer).await;
        for path in ["/buyer", "/buyer/tickets/T-1", "/buyer/orders/O-1"] {
            let page = get(&app, path, &buyer).await;
            assert!(page.body.contains(shown), "{path}: {}", page.body);
        }
        let operator = session(&app, &app.keys.operator).await;
        let page = get(&app, "/operations/merchants/M-1", &operator).await;
        assert!(page.body.contains(shown), "{}", page.body);
        // Another shop has no name and is shown by its id alone.
        let other = session(&app, &app.keys.other_merchant).await;
        let page = get(&app, "/merchant", &other).await;
        assert!(!page.body.contains("class=\"shop\""), "{}", page.body);

        // An operator renames it; the pages follow the stored fact.
        app.put_ok(NAME, &app.keys.operator, json!({ "name": "衣橱 Wardrobe" }))
            .await;
        let page = get(&app, "/buyer", &buyer).await;
        assert!(page.body.contains(">衣橱 Wardrobe</"), "{}", page.body);
        assert!(!page.body.contains(shown), "{}", page.body);
        app.stop().await;
    })
    .await;
}
