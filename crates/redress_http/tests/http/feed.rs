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

/// The queue's parameters (issue 19): `sort` and `direction` with a cursor per order, `tab`,
/// `search`, the amount and opening ranges; what cannot be read is refused naming it.
#[tokio::test(flavor = "multi_thread")]
async fn the_ticket_list_sorts_by_deadline_filters_like_the_queue_and_pages_in_its_order() {
    each_backend(|app: TestApp| async move {
        seed(&app).await;
        // T-3 (M-1, B-1), opened an hour after T-2: its deadline comes an hour later.
        app.place_order("O-3", "M-1", "B-1").await;
        app.ok(
            "/v1/orders/O-3/tickets",
            &app.keys.buyer,
            json!({
                "ticket_id": "T-3", "kind": "refund_only", "reason": "dont_want",
                "amount": cny(15000)
            }),
        )
        .await;
        let operator = app.keys.operator.clone();
        let ids = |query: String| {
            let app = &app;
            let key = operator.clone();
            async move { app.get(&format!("/v1/tickets?{query}"), &key).await }
        };
        let list = |query: &str| ids(query.to_owned());
        assert_eq!(field(&list("").await, "id"), ["T-1", "T-2", "T-3"]);
        // T-1 was approved (refunding, no deadline): after every ticket with one.
        assert_eq!(
            field(&list("sort=deadline").await, "id"),
            ["T-2", "T-3", "T-1"],
            "{}",
            app.backend
        );
        assert_eq!(
            field(&list("sort=deadline&direction=desc").await, "id"),
            ["T-1", "T-3", "T-2"]
        );
        assert_eq!(
            field(&list("sort=amount").await, "id"),
            ["T-3", "T-1", "T-2"]
        );
        // A page at a time in deadline order.
        let mut seen = Vec::new();
        let mut cursor = String::new();
        loop {
            let page = ids(format!("sort=deadline&limit=1{cursor}")).await;
            seen.extend(field(&page, "id").into_iter().map(str::to_owned));
            match page.body["next_cursor"].as_str() {
                Some(next) => cursor = format!("&cursor={next}"),
                None => break,
            }
        }
        assert_eq!(seen, ["T-2", "T-3", "T-1"]);
        // That order's cursor is not another order's.
        let first = list("sort=deadline&limit=1").await;
        let next = first.body["next_cursor"].as_str().expect("more").to_owned();
        let wrong = ids(format!("sort=amount&limit=1&cursor={next}")).await;
        assert_eq!(wrong.status, 400, "{wrong:?}");
        assert_eq!(wrong.body["errors"][0]["field"], "cursor");

        assert_eq!(field(&list("tab=pending").await, "id"), ["T-2", "T-3"]);
        assert_eq!(field(&list("tab=done").await, "id"), ["T-1"]);
        assert!(data(&list("tab=in_dispute").await).is_empty());
        assert_eq!(field(&list("search=O-2").await, "id"), ["T-2"]);
        assert_eq!(field(&list("search=B-1").await, "id"), ["T-1", "T-3"]);
        assert_eq!(field(&list("search=T-3").await, "id"), ["T-3"]);
        assert_eq!(field(&list("amount_max=15000").await, "id"), ["T-3"]);
        assert_eq!(
            field(&list("amount_min=15001&amount_max=20000").await, "id"),
            ["T-1", "T-2"]
        );
        assert!(data(&list("opened_from=2100-01-01T00:00:00Z").await).is_empty());
        assert_eq!(
            data(&list("opened_before=2100-01-01T00:00:00Z").await).len(),
            3
        );
        // A merchant's search stays in its own queue.
        let foreign = app.get("/v1/tickets?search=O-2", &app.keys.merchant).await;
        assert!(data(&foreign).is_empty());
        for (query, named) in [
            ("search=not%20an%20id", "search"),
            ("amount_min=-1", "amount_min"),
            ("opened_from=yesterday", "opened_from"),
            ("sort=urgency", "sort"),
            ("tab=todo", "tab"),
        ] {
            let refused = list(query).await;
            assert_eq!(refused.status, 400, "{query}: {refused:?}");
            assert_eq!(refused.body["errors"][0]["field"], named, "{query}");
        }
        app.stop().await;
    })
    .await;
}
