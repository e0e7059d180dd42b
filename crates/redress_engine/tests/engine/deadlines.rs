//! Deadlines: fired at their own due times and in due order, never early, the same whether
//! time moves in small steps or one jump, durable across a restart; and the clock never goes
//! back.

use crate::support::*;
use redress_domain::{
    Actor, ClosedCause, DeadlineKind, OrderCommand, ParcelUpdate, Reason, RejectGround, Rejection,
    SignedDuration, StateName, TicketAction, TicketKind, TicketState, Timestamp,
};
use redress_engine::{AdvanceError, EngineError, FireReport};
use redress_store::sqlite::StoredEvent;
use std::collections::BTreeMap;

fn at_us(at: Timestamp) -> i64 {
    at.as_microsecond()
}

/// The one event of `kind` in the log.
fn only<'a>(log: &'a [StoredEvent], kind: &str) -> &'a StoredEvent {
    let found: Vec<_> = log.iter().filter(|e| e.kind == kind).collect();
    assert_eq!(found.len(), 1, "one {kind} event: {found:#?}");
    found[0]
}

fn fired(pairs: &[(DeadlineKind, u64)]) -> BTreeMap<DeadlineKind, u64> {
    pairs.iter().copied().collect()
}

on_every_backend!(
    #[tokio::test]
    an_overdue_answer_approves_at_its_due_time_and_the_return_window_runs_from_there
);
async fn an_overdue_answer_approves_at_its_due_time_and_the_return_window_runs_from_there(
    backend: Backend,
) {
    let te = TestEngine::start(&backend).await;
    let start = te.now();
    let order = te.place_order("o1", "m1", "b1").await;
    te.deliver(&order).await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::ReturnAndRefund, 10_000)
        .await;

    let report = te.advance_to(start + hours(8 * 24)).await;

    assert_eq!(report.fired, fired(&[(DeadlineKind::MerchantResponse, 1)]));
    let waiting = te.ticket(&order, &ticket).await;
    assert!(waiting.overdue_approved);
    // 48 h after the request, plus the buyer's 7 days: not counted from the advance target.
    assert_eq!(
        waiting.state,
        TicketState::AwaitingReturn {
            due_at: start + hours(48 + 7 * 24)
        }
    );
    assert_eq!(
        only(&te.log().await, "approved").at_us,
        at_us(start + hours(48))
    );

    let report = te.advance_to(start + hours(10 * 24)).await;

    assert_eq!(
        report.fired,
        fired(&[(DeadlineKind::BuyerReturnShipment, 1)])
    );
    let closed_at = start + hours(48 + 7 * 24);
    assert_eq!(
        te.ticket(&order, &ticket).await.state,
        TicketState::Closed {
            at: closed_at,
            cause: ClosedCause::ReturnNotShipped
        }
    );
    assert_eq!(
        only(&te.log().await, "return_window_lapsed").at_us,
        at_us(closed_at)
    );
    te.finish().await;
}

/// Tickets waiting on deadlines of most kinds, each set at its own hour so that no two fall
/// due at once and the order of firing is fully determined.
async fn busy_marketplace(te: &TestEngine) {
    let m1 = Actor::Merchant(merchant("m1"));
    let b1 = Actor::Buyer(buyer("b1"));
    let quality = |ticket: &str, kind| new_ticket(ticket, kind, Reason::QualityProblem, 10_000);

    // t1: nobody answers; approved when overdue, then the return window lapses.
    let o1 = te.place_order("o1", "m1", "b1").await;
    te.deliver(&o1).await;
    te.ok(on_order(
        b1.clone(),
        &o1,
        OrderCommand::OpenTicket(quality("t1", TicketKind::ReturnAndRefund)),
    ))
    .await;
    te.advance(hours(1)).await;

    // t2: a refund-only request approved when overdue.
    let o2 = te.place_order("o2", "m1", "b1").await;
    te.ok(on_order(
        b1.clone(),
        &o2,
        OrderCommand::OpenTicket(quality("t2", TicketKind::RefundOnly)),
    ))
    .await;
    te.advance(hours(1)).await;

    // t3: rejected; the buyer never escalates.
    let o3 = te.place_order("o3", "m1", "b1").await;
    let t3 = ticket_id("t3");
    te.ok(on_order(
        b1.clone(),
        &o3,
        OrderCommand::OpenTicket(quality("t3", TicketKind::RefundOnly)),
    ))
    .await;
    let reject = TicketAction::Reject {
        ground: RejectGround::Request,
        reason: "the photos show no defect".to_owned(),
        evidence: all_evidence(),
    };
    te.ok(on_ticket(m1.clone(), &o3, &t3, None, reject.clone()))
        .await;
    te.advance(hours(1)).await;

    // t4: rejected, escalated; the evidence window closes.
    let o4 = te.place_order("o4", "m1", "b1").await;
    let t4 = ticket_id("t4");
    te.ok(on_order(
        b1.clone(),
        &o4,
        OrderCommand::OpenTicket(quality("t4", TicketKind::RefundOnly)),
    ))
    .await;
    te.ok(on_ticket(m1.clone(), &o4, &t4, None, reject)).await;
    te.ok(on_ticket(
        b1.clone(),
        &o4,
        &t4,
        None,
        TicketAction::Escalate {
            note: "it is broken".to_owned(),
            evidence: Vec::new(),
        },
    ))
    .await;
    te.advance(hours(1)).await;

    // t5: an exchange whose return is never handled, whose replacement is never shipped.
    let o5 = te.place_order("o5", "m1", "b1").await;
    let t5 = ticket_id("t5");
    te.deliver(&o5).await;
    te.ok(on_order(
        b1.clone(),
        &o5,
        OrderCommand::OpenTicket(quality("t5", TicketKind::Exchange)),
    ))
    .await;
    te.ok(on_ticket(m1.clone(), &o5, &t5, None, TicketAction::Approve))
        .await;
    te.ok(on_ticket(
        b1.clone(),
        &o5,
        &t5,
        None,
        TicketAction::ShipReturn {
            tracking: "YT5".to_owned(),
        },
    ))
    .await;
    te.advance(hours(1)).await;

    // t6: a refund that fails and is retried by the system.
    let o6 = te.place_order("o6", "m1", "b1").await;
    let t6 = ticket_id("t6");
    te.ok(on_order(
        b1,
        &o6,
        OrderCommand::OpenTicket(quality("t6", TicketKind::RefundOnly)),
    ))
    .await;
    te.ok(on_ticket(m1, &o6, &t6, None, TicketAction::Approve))
        .await;
    te.ok(on_ticket(
        Actor::Integration,
        &o6,
        &t6,
        None,
        TicketAction::RefundFailed {
            reason: "bank offline".to_owned(),
        },
    ))
    .await;
}

/// What two logs must agree on: everything but the position.
fn facts(log: &[StoredEvent]) -> Vec<(String, u64, String, i64, String, String)> {
    log.iter()
        .map(|e| {
            (
                e.stream.clone(),
                e.seq,
                e.kind.clone(),
                e.at_us,
                e.actor.clone(),
                e.payload.clone(),
            )
        })
        .collect()
}

fn merge(reports: &[FireReport]) -> BTreeMap<DeadlineKind, u64> {
    let mut total = BTreeMap::new();
    for report in reports {
        for (kind, n) in &report.fired {
            *total.entry(*kind).or_default() += n;
        }
    }
    total
}

on_every_backend!(
    #[tokio::test]
    advancing_in_steps_equals_advancing_at_once
);
async fn advancing_in_steps_equals_advancing_at_once(backend: Backend) {
    let stepwise = TestEngine::start(&backend).await;
    let at_once = TestEngine::start(&backend).await;
    busy_marketplace(&stepwise).await;
    busy_marketplace(&at_once).await;
    assert_eq!(facts(&stepwise.log().await), facts(&at_once.log().await));

    // Twice 24 h against once 48 h.
    let mut steps = vec![
        stepwise.advance(hours(24)).await,
        stepwise.advance(hours(24)).await,
    ];
    let mut jumps = vec![at_once.advance(hours(48)).await];
    assert_eq!(merge(&steps), merge(&jumps));
    assert_eq!(facts(&stepwise.log().await), facts(&at_once.log().await));

    // Then three weeks, a day at a time against in one go.
    for _ in 0..21 {
        steps.push(stepwise.advance(hours(24)).await);
    }
    jumps.push(at_once.advance(hours(21 * 24)).await);

    let log = stepwise.log().await;
    assert_eq!(facts(&log), facts(&at_once.log().await));
    assert_eq!(merge(&steps), merge(&jumps));
    let kinds_fired: Vec<DeadlineKind> = merge(&steps).into_keys().collect();
    assert_eq!(
        kinds_fired,
        vec![
            DeadlineKind::MerchantResponse,
            DeadlineKind::BuyerReturnShipment,
            DeadlineKind::MerchantReturnHandling,
            DeadlineKind::MerchantShipment,
            DeadlineKind::Escalation,
            DeadlineKind::DisputeEvidence,
            DeadlineKind::RefundRetry,
        ],
        "the scenario exercises most kinds"
    );
    // Fired in due order: system events never go back in time.
    let system_times: Vec<i64> = log
        .iter()
        .filter(|e| e.actor == "system")
        .map(|e| e.at_us)
        .collect();
    assert!(
        system_times.is_sorted(),
        "deadlines fired out of order: {system_times:?}"
    );
    stepwise.finish().await;
    at_once.finish().await;
}

on_every_backend!(
    #[tokio::test]
    fire_due_never_fires_early
);
async fn fire_due_never_fires_early(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let start = te.now();
    let order = te.place_order("o1", "m1", "b1").await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    let due_at = start + hours(48);
    let events = te.log().await.len();

    te.clock
        .set(due_at - SignedDuration::from_micros(1))
        .expect("forward");
    let report = te.engine.fire_due().await.expect("fires");
    let early = te
        .execute(on_ticket(
            Actor::System,
            &order,
            &ticket,
            None,
            TicketAction::FireDeadline {
                kind: DeadlineKind::MerchantResponse,
                due_at,
            },
        ))
        .await;

    assert_eq!(
        (report.fired, report.stale),
        (FireReport::default().fired, 0),
        "no deadline fired"
    );
    assert!(
        matches!(
            early,
            Err(EngineError::Rejected(Rejection::DeadlineNotCurrent))
        ),
        "{early:?}"
    );
    assert_eq!(te.log().await.len(), events);
    assert_eq!(
        te.ticket(&order, &ticket).await.state.name(),
        StateName::Requested
    );

    te.clock.set(due_at).expect("forward");
    let report = te.engine.fire_due().await.expect("fires");

    assert_eq!(report.fired, fired(&[(DeadlineKind::MerchantResponse, 1)]));
    assert_eq!(
        te.ticket(&order, &ticket).await.state.name(),
        StateName::Refunding
    );
    assert_eq!(only(&te.log().await, "approved").at_us, at_us(due_at));
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_deadline_met_in_time_does_not_fire
);
async fn a_deadline_met_in_time_does_not_fire(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let order = te.place_order("o1", "m1", "b1").await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    te.advance(hours(47)).await;
    te.ok(on_ticket(
        Actor::Merchant(merchant("m1")),
        &order,
        &ticket,
        None,
        TicketAction::Approve,
    ))
    .await;

    let report = te.advance(hours(24 * 30)).await;

    assert_eq!(
        (report.fired, report.stale),
        (FireReport::default().fired, 0),
        "no deadline fired"
    );
    assert!(!te.ticket(&order, &ticket).await.overdue_approved);
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    deadlines_that_fell_due_while_stopped_fire_after_a_restart
);
async fn deadlines_that_fell_due_while_stopped_fire_after_a_restart(backend: Backend) {
    let mut te = TestEngine::start(&backend).await;
    let start = te.now();
    let order = te.place_order("o1", "m1", "b1").await;
    te.deliver(&order).await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::ReturnAndRefund, 10_000)
        .await;

    te.restart().await;
    // Down for three days: the merchant's 48 h ran out a day ago.
    te.clock.set(start + hours(72)).expect("forward");
    let report = te.engine.fire_due().await.expect("fires");

    assert_eq!(report.fired, fired(&[(DeadlineKind::MerchantResponse, 1)]));
    let ticket = te.ticket(&order, &ticket).await;
    assert!(ticket.overdue_approved);
    assert_eq!(
        ticket.state,
        TicketState::AwaitingReturn {
            due_at: start + hours(72 + 7 * 24)
        }
    );
    assert_eq!(
        te.engine.fire_due().await.expect("fires"),
        FireReport::default()
    );
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    advance_to_refuses_to_go_back
);
async fn advance_to_refuses_to_go_back(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let start = te.now();
    let order = te.place_order("o1", "m1", "b1").await;
    te.open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    te.advance(hours(1)).await;
    let events = te.log().await.len();

    let back = te.engine.advance_to(&te.clock, start).await;

    match back {
        Err(AdvanceError::WentBack(went_back)) => {
            assert_eq!(went_back.now, start + hours(1));
            assert_eq!(went_back.requested, start);
        }
        other => panic!("went back: {other:?}"),
    }
    assert_eq!(te.now(), start + hours(1));
    assert_eq!(te.log().await.len(), events);
    te.finish().await;
}

on_every_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    deadlines_due_at_one_instant_all_fire_at_it
);
async fn deadlines_due_at_one_instant_all_fire_at_it(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let start = te.now();
    let mut tickets = Vec::new();
    for n in 0..30 {
        let order = te
            .place_order(&format!("o{n}"), &format!("m{}", n % 4), "b1")
            .await;
        let ticket = te
            .open_ticket(&order, &format!("t{n}"), TicketKind::RefundOnly, 10_000)
            .await;
        tickets.push((order, ticket));
    }

    let report = te.advance(hours(72)).await;

    assert_eq!(report.fired, fired(&[(DeadlineKind::MerchantResponse, 30)]));
    assert_eq!(report.stale, 0);
    for (order, ticket) in &tickets {
        let ticket = te.ticket(order, ticket).await;
        assert!(ticket.overdue_approved);
        assert_eq!(ticket.decided_at, Some(start + hours(48)));
    }
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_parcel_that_never_comes_back_reopens_the_request_at_its_due_time
);
async fn a_parcel_that_never_comes_back_reopens_the_request_at_its_due_time(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let start = te.now();
    let order = te.place_order("o1", "m1", "b1").await;
    te.ok(on_order(
        Actor::Integration,
        &order,
        OrderCommand::single_parcel(ParcelUpdate::TrackingEntered {
            tracking: "SF1".to_owned(),
            items: Vec::new(),
        }),
    ))
    .await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;
    te.ok(on_ticket(
        Actor::Merchant(merchant("m1")),
        &order,
        &ticket,
        None,
        TicketAction::ApproveAfterRefusal,
    ))
    .await;

    // 15 days for logistics, then 48 h for the merchant, then approved as overdue.
    let report = te.advance(hours(20 * 24)).await;

    assert_eq!(
        report.fired,
        fired(&[
            (DeadlineKind::MerchantResponse, 1),
            (DeadlineKind::RefusalOutcome, 1)
        ])
    );
    let ticket = te.ticket(&order, &ticket).await;
    assert_eq!(ticket.state.name(), StateName::Refunding);
    assert!(ticket.overdue_approved);
    let log = te.log().await;
    assert_eq!(
        only(&log, "refusal_failed").at_us,
        at_us(start + hours(15 * 24))
    );
    te.finish().await;
}
