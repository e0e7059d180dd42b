//! The changes feed (`GET /v1/events`) and the list filters (`order_id`, `buyer_id`,
//! `updated_since` on `GET /v1/tickets` and `GET /v1/orders`).

use crate::support::{Answer, TestApp, cny, each_backend};
use serde_json::{Value, json};

/// O-1 (M-1, B-1) with T-1, O-2 (M-2, B-2) with T-2; T-1 is then approved an hour later.
async fn seed(app: &TestApp) {
    let keys = &app.keys;
    for (order, merchant, buyer, ticket, buyer_key) in [
        ("O-1", "M-1", "B-1", "T-1", &keys.buyer),
        ("O-2", "M-2", "B-2", "T-2", &keys.other_buyer),
    ] {
        app.place_order(order, merchant, buyer).await;
        app.ok(
            &format!("/v1/orders/{order}/tickets"),
            buyer_key,
            json!({
                "ticket_id": ticket, "kind": "refund_only", "reason": "dont_want",
                "amount": cny(20000)
            }),
        )
        .await;
    }
    app.advance_hours(1);
    app.ok(
        "/v1/tickets/T-1/actions",
        &keys.merchant,
        json!({ "type": "approve" }),
    )
    .await;
}

fn data(answer: &Answer) -> &Vec<Value> {
    assert_eq!(answer.status, 200, "{answer:?}");
    answer.body["data"].as_array().expect("a page")
}

fn field<'a>(answer: &'a Answer, name: &str) -> Vec<&'a str> {
    data(answer)
        .iter()
        .map(|e| e[name].as_str().unwrap_or("-"))
        .collect()
}

/// Every event the key sees, a page of `limit` at a time.
async fn follow(app: &TestApp, key: &str, query: &str, limit: usize) -> Vec<Value> {
    let mut events = Vec::new();
    let mut after = String::new();
    loop {
        let path = format!("/v1/events?limit={limit}{query}{after}");
        let answer = app.get(&path, key).await;
        let page = data(&answer).clone();
        let next = answer.body["next_cursor"].as_str().expect("a cursor");
        let more = answer.body["has_more"].as_bool().expect("has_more");
        if let Some(last) = page.last() {
            assert_eq!(last["cursor"], next, "the next cursor is the last event's");
        }
        events.extend(page);
        after = format!("&after={next}");
        if !more {
            // Polling on from the end finds nothing, and keeps the cursor.
            let path = format!("/v1/events?limit={limit}{query}{after}");
            let answer = app.get(&path, key).await;
            assert!(data(&answer).is_empty());
            assert_eq!(answer.body["next_cursor"], next);
            return events;
        }
    }
}

fn types(events: &[Value]) -> Vec<&str> {
    events
        .iter()
        .map(|e| e["type"].as_str().expect("a type"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_feed_pages_through_the_log_in_order_and_keeps_to_the_key() {
    each_backend(|app: TestApp| async move {
        seed(&app).await;
        let keys = app.keys.clone();
        let all = follow(&app, &keys.operator, "", 2).await;
        assert_eq!(
            types(&all),
            [
                "order.placed",
                "ticket.opened",
                "order.placed",
                "ticket.opened",
                "ticket.approved"
            ],
            "{}",
            app.backend
        );
        // The same events in one page: pages neither skip nor repeat.
        assert_eq!(follow(&app, &keys.operator, "", 100).await, all);
        let approved = &all[4];
        assert_eq!(approved["order_id"], "O-1");
        assert_eq!(approved["ticket_id"], "T-1");
        assert_eq!(approved["merchant_id"], "M-1");
        assert_eq!(approved["actor"], "merchant:M-1");
        assert_eq!(approved["seq"], 3);
        assert_eq!(approved["data"]["ticket"], "T-1");
        assert!(approved["id"].as_str().expect("an id").starts_with("msg_"));

        let mine = follow(&app, &keys.merchant, "", 2).await;
        assert_eq!(
            mine.iter().map(|e| &e["order_id"]).collect::<Vec<_>>(),
            ["O-1", "O-1", "O-1"]
        );
        let bought = follow(&app, &keys.other_buyer, "", 2).await;
        assert_eq!(types(&bought), ["order.placed", "ticket.opened"]);
        assert!(bought.iter().all(|e| e["order_id"] == "O-2"));
        // Another's order by filter: nothing, as if it did not exist.
        assert!(
            follow(&app, &keys.merchant, "&order_id=O-2", 2)
                .await
                .is_empty()
        );

        let tickets = follow(&app, &keys.operator, "&types=ticket.*", 10).await;
        assert_eq!(
            types(&tickets),
            ["ticket.opened", "ticket.opened", "ticket.approved"]
        );
        let some = follow(
            &app,
            &keys.operator,
            "&types=order.placed,ticket.approved&order_id=O-1",
            10,
        )
        .await;
        assert_eq!(types(&some), ["order.placed", "ticket.approved"]);

        // A cursor from the middle: what follows it.
        let after = all[2]["cursor"].as_str().expect("a cursor");
        let rest = app
            .get(&format!("/v1/events?after={after}"), &keys.operator)
            .await;
        assert_eq!(field(&rest, "type"), ["ticket.opened", "ticket.approved"]);
        assert_eq!(rest.body["has_more"], false);
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_feed_refuses_what_it_cannot_read_naming_the_parameter() {
    each_backend(|app: TestApp| async move {
        let keys = app.keys.clone();
        for (query, field) in [
            ("types=ticket.nope", "types"),
            ("types=ticket.approved,", "types"),
            ("types=*", "types"),
            ("after=zz", "after"),
            ("after=00", "after"),
            ("limit=0", "limit"),
            ("limit=501", "limit"),
            ("order_id=a%2Fb", "order_id"),
        ] {
            let answer = app
                .get(&format!("/v1/events?{query}"), &keys.operator)
                .await;
            assert_eq!(answer.status, 400, "{query}: {answer:?}");
            assert_eq!(answer.fields(), [field], "{query}");
        }
        let answer = app.get("/v1/events", &keys.integration).await;
        assert_eq!((answer.status, answer.code()), (403, "forbidden"));
        app.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn ticket_and_order_lists_filter_by_order_buyer_and_last_change() {
    each_backend(|app: TestApp| async move {
        seed(&app).await;
        let keys = app.keys.clone();
        let get = |path: &'static str, key: String| {
            let app = &app;
            async move { app.get(path, &key).await }
        };
        let tickets = get("/v1/tickets?order_id=O-2", keys.operator.clone()).await;
        assert_eq!(field(&tickets, "id"), ["T-2"], "{}", app.backend);
        let tickets = get("/v1/tickets?buyer_id=B-1", keys.operator.clone()).await;
        assert_eq!(field(&tickets, "id"), ["T-1"]);
        // T-1 was approved an hour after both were opened.
        let opened = data(&get("/v1/tickets", keys.operator.clone()).await)[1]["updated_at"]
            .as_str()
            .expect("updated_at")
            .to_owned();
        let approved = data(&get("/v1/tickets", keys.operator.clone()).await)[0]["updated_at"]
            .as_str()
            .expect("updated_at")
            .to_owned();
        assert!(approved > opened, "{approved} > {opened}");
        let since = app
            .get(
                &format!("/v1/tickets?updated_since={approved}"),
                &keys.operator,
            )
            .await;
        assert_eq!(field(&since, "id"), ["T-1"]);
        let since = app
            .get(
                &format!("/v1/tickets?updated_since={opened}"),
                &keys.operator,
            )
            .await;
        assert_eq!(field(&since, "id"), ["T-1", "T-2"]);

        let orders = get("/v1/orders", keys.operator.clone()).await;
        assert_eq!(field(&orders, "id"), ["O-1", "O-2"]);
        assert_eq!(data(&orders)[0]["paid"], cny(20000));
        let since = app
            .get(
                &format!("/v1/orders?updated_since={approved}"),
                &keys.operator,
            )
            .await;
        assert_eq!(field(&since, "id"), ["O-1"]);
        let of_buyer = get("/v1/orders?buyer_id=B-2", keys.operator.clone()).await;
        assert_eq!(field(&of_buyer, "id"), ["O-2"]);
        let one = get("/v1/orders?order_id=O-1", keys.operator.clone()).await;
        assert_eq!(field(&one, "id"), ["O-1"]);
        // Scopes: a merchant's and a buyer's keys see their own, whatever they ask for.
        assert_eq!(
            field(&get("/v1/orders", keys.merchant.clone()).await, "id"),
            ["O-1"]
        );
        assert_eq!(
            field(&get("/v1/orders", keys.other_buyer.clone()).await, "id"),
            ["O-2"]
        );
        let foreign = get("/v1/orders?merchant_id=M-2", keys.merchant.clone()).await;
        assert!(data(&foreign).is_empty());
        // Pages of one, walked by cursor.
        let first = get("/v1/orders?limit=1", keys.operator.clone()).await;
        let cursor = first.body["next_cursor"].as_str().expect("a next page");
        let second = app
            .get(
                &format!("/v1/orders?limit=1&cursor={cursor}"),
                &keys.operator,
            )
            .await;
        assert_eq!(field(&second, "id"), ["O-2"]);
        assert!(second.body["next_cursor"].is_null());

        for (path, field) in [
            ("/v1/tickets?updated_since=yesterday", "updated_since"),
            ("/v1/tickets?order_id=a%2Fb", "order_id"),
            (
                "/v1/orders?updated_since=2026-13-01T00:00:00Z",
                "updated_since",
            ),
            ("/v1/orders?buyer_id=a%2Fb", "buyer_id"),
            ("/v1/orders?cursor=zz", "cursor"),
            ("/v1/orders?limit=201", "limit"),
        ] {
            let answer = app.get(path, &keys.operator).await;
            assert_eq!(answer.status, 400, "{path}: {answer:?}");
            assert_eq!(answer.fields(), [field], "{path}");
        }
        let answer = app.get("/v1/orders", &keys.integration).await;
        assert_eq!((answer.status, answer.code()), (403, "forbidden"));
        app.stop().await;
    })
    .await;
}
