//! Reads beside the streams: where an order or ticket lives, and the deadline index.

use crate::support::{at, each_backend, merchant, order_key, order_with_ticket};
use redress_domain::{DeadlineKind, OrderId, TicketId};
use redress_store::Store;

#[tokio::test(flavor = "multi_thread")]
async fn orders_and_tickets_are_located_by_id_alone() {
    each_backend(|backend| async move {
        let store = &backend.store;
        order_with_ticket(store, &order_key("M-1", "O-1"), "T-1", at(3_600)).await;
        order_with_ticket(store, &order_key("M-2", "O-2"), "T-2", at(3_600)).await;
        let order = OrderId::parse("O-2").expect("valid");
        assert_eq!(
            store.locate_order(&order).await.expect("reads"),
            Some(merchant("M-2")),
            "{}",
            backend.name
        );
        let ticket = TicketId::parse("T-1").expect("valid");
        assert_eq!(
            store.locate_ticket(&ticket).await.expect("reads"),
            Some((merchant("M-1"), OrderId::parse("O-1").expect("valid")))
        );
        let unknown = OrderId::parse("O-9").expect("valid");
        assert_eq!(store.locate_order(&unknown).await.expect("reads"), None);
        let unknown = TicketId::parse("T-9").expect("valid");
        assert_eq!(store.locate_ticket(&unknown).await.expect("reads"), None);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn due_deadlines_come_earliest_first_and_stop_at_now_and_the_limit() {
    each_backend(|backend| async move {
        let store = &backend.store;
        for (order, ticket, due) in [
            ("O-1", "T-1", 300),
            ("O-2", "T-2", 100),
            ("O-3", "T-3", 200),
        ] {
            order_with_ticket(store, &order_key("M-1", order), ticket, at(due)).await;
        }
        let due = store.due_deadlines(at(250), 10).await.expect("reads");
        let tickets: Vec<&str> = due.iter().map(|d| d.ticket.as_str()).collect();
        assert_eq!(tickets, ["T-2", "T-3"], "{}", backend.name);
        assert_eq!(due[0].kind, DeadlineKind::MerchantResponse);
        assert_eq!(due[0].due_at, at(100));
        assert_eq!(due[0].merchant, merchant("M-1"));
        let first = store.due_deadlines(at(1_000), 1).await.expect("reads");
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].ticket.as_str(), "T-2");
        assert_eq!(store.next_deadline().await.expect("reads"), Some(at(100)));
    })
    .await;
}
