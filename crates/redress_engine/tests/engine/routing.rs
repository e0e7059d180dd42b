//! Routing: commands name an order (or a ticket) by its id alone, and the engine finds the
//! merchant whose stream holds it. That only works while an id names one order and one
//! ticket.

use crate::support::*;
use redress_domain::{Actor, OrderCommand, Reason, Rejection, TicketAction, TicketKind};
use redress_engine::EngineError;

on_every_backend!(
    #[tokio::test]
    a_command_on_an_unknown_order_is_refused_and_records_nothing
);
async fn a_command_on_an_unknown_order_is_refused_and_records_nothing(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    te.place_order("o1", "m1", "b1").await;
    let events = te.log().await.len();

    let refused = te
        .execute(on_ticket(
            Actor::Merchant(merchant("m1")),
            &order_id("o2"),
            &ticket_id("t1"),
            None,
            TicketAction::Approve,
        ))
        .await;

    assert!(
        matches!(refused, Err(EngineError::Rejected(Rejection::OrderUnknown))),
        "{refused:?}"
    );
    assert_eq!(te.log().await.len(), events);
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_ticket_leads_to_its_order
);
async fn a_ticket_leads_to_its_order(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let o1 = te.place_order("o1", "m1", "b1").await;
    let o2 = te.place_order("o2", "m2", "b2").await;
    let t1 = te
        .open_ticket(&o1, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    let t2 = te
        .open_ticket(&o2, "t2", TicketKind::RefundOnly, 10_000)
        .await;

    let of_t1 = te.engine.order_of_ticket(&t1).await.expect("reads");
    let of_t2 = te.engine.order_of_ticket(&t2).await.expect("reads");
    let of_unknown = te
        .engine
        .order_of_ticket(&ticket_id("t3"))
        .await
        .expect("reads");

    assert_eq!(of_t1.map(|o| o.id), Some(o1));
    assert_eq!(of_t2.map(|o| o.id), Some(o2));
    assert!(of_unknown.is_none());
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    an_order_id_names_one_order
);
/// Orders are found by id (`Store::locate_order`), so an order id must name one order. A
/// second `place` of the same id for another merchant is a new stream, so neither the
/// domain (which sees no order) nor the version check refuses it; afterwards the id leads
/// to one of the two orders, which one depending on the writer's cache.
async fn an_order_id_names_one_order(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    te.place_order("o1", "m1", "b1").await;

    let again = te
        .execute(place(&new_order("o1", "m2", "b2", 10_000, te.now())))
        .await;

    assert!(
        matches!(again, Err(EngineError::Rejected(Rejection::OrderExists))),
        "a second order o1 was placed: {again:?}"
    );
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_ticket_id_names_one_ticket
);
/// Tickets are found by id (`Engine::order_of_ticket`, the scenario runner), so a ticket id
/// must name one ticket; the domain checks only the order it is opened on.
async fn a_ticket_id_names_one_ticket(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let o1 = te.place_order("o1", "m1", "b1").await;
    let o2 = te.place_order("o2", "m2", "b2").await;
    te.open_ticket(&o1, "t1", TicketKind::RefundOnly, 10_000)
        .await;

    let again = te
        .execute(on_order(
            Actor::Buyer(buyer("b2")),
            &o2,
            OrderCommand::OpenTicket(new_ticket(
                "t1",
                TicketKind::RefundOnly,
                Reason::DontWant,
                10_000,
            )),
        ))
        .await;

    assert!(
        matches!(again, Err(EngineError::Rejected(Rejection::TicketExists))),
        "a second ticket t1 was opened: {again:?}"
    );
    assert_eq!(
        te.engine
            .order_of_ticket(&ticket_id("t1"))
            .await
            .expect("reads")
            .map(|o| o.id),
        Some(o1)
    );
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    an_order_placed_in_the_same_batch_can_take_a_ticket
);
/// A ticket opened on an order placed in the same batch finds that order: the batch being
/// built is searched as well as the batch committing and the store.
async fn an_order_placed_in_the_same_batch_can_take_a_ticket(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    te.faults().hold_commits();
    let first = {
        let engine = te.engine.clone();
        let submission = place(&new_order("o0", "m1", "b1", 19_900, te.now()));
        tokio::spawn(async move { engine.execute(submission).await })
    };
    // With that batch held at the door, the next two commands are collected into one batch.
    te.faults().commit_held().await;
    let both = {
        let engine = te.engine.clone();
        let place_o1 = place(&new_order("o1", "m1", "b1", 19_900, te.now()));
        let open_t1 = on_order(
            Actor::Buyer(buyer("b1")),
            &order_id("o1"),
            OrderCommand::OpenTicket(new_ticket(
                "t1",
                TicketKind::RefundOnly,
                Reason::DontWant,
                10_000,
            )),
        );
        tokio::spawn(async move { tokio::join!(engine.execute(place_o1), engine.execute(open_t1)) })
    };
    te.faults().release_commits();
    first.await.expect("joined").expect("o0 placed");
    let (placed, opened) = both.await.expect("joined");
    let log = te.log().await;
    assert_receipt_in_log(&log, &placed.expect("o1 placed"));
    let opened = opened.expect("the ticket finds the order placed just before it");
    assert_receipt_in_log(&log, &opened);
    te.finish().await;
}
