//! Seed 004: "关闭商家退款处理能力,届时买家的售后申请将自动审核通过并退款给买家". Closing a
//! merchant's refund handling approves the requests already waiting on it, money ones into
//! refunding at once, and a crash between the closure and those approvals loses none. The
//! same for return-shipping claims once the measure "platform settles return-shipping
//! claims" is in force (issue 18 point 3).

use crate::support::*;
use redress_domain::evaluation::{
    Evidence, Measure, Penalty, PenaltyStatus, Severity, ViolationKind,
};
use redress_domain::merchant::MerchantCommand;
use redress_domain::metrics::report::Ratio;
use redress_domain::shipping::PLATFORM_SETTLES_NOTE;
use redress_domain::{
    Actor, OrderId, PenaltyId, Rule, StateName, TicketAction, TicketId, TicketKind,
};
use redress_engine::{Command, Submission};

fn close(merchant_raw: &str) -> Submission {
    Submission::new(
        Actor::Operator(staff("op1")),
        Command::Merchant {
            merchant: merchant(merchant_raw),
            command: MerchantCommand::CloseRefundHandling {
                reason: "high risk".to_owned(),
            },
        },
    )
}

on_every_backend!(
    #[tokio::test]
    closing_refund_handling_approves_the_requests_waiting_on_the_merchant
);
async fn closing_refund_handling_approves_the_requests_waiting_on_the_merchant(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let kinds = [
        ("t1", TicketKind::RefundOnly, StateName::Refunding),
        ("t2", TicketKind::ReturnAndRefund, StateName::Refunding),
        ("t3", TicketKind::Exchange, StateName::AwaitingReturn),
    ];
    let mut waiting = Vec::new();
    for (i, (ticket, kind, _)) in kinds.iter().enumerate() {
        let order = te.place_order(&format!("o{i}"), "m1", "b1").await;
        te.deliver(&order).await;
        waiting.push((
            order.clone(),
            te.open_ticket(&order, ticket, *kind, 10_000).await,
        ));
    }
    let other = te.place_order("o9", "m2", "b1").await;
    te.deliver(&other).await;
    let elsewhere = te
        .open_ticket(&other, "t9", TicketKind::RefundOnly, 10_000)
        .await;
    te.advance(hours(1)).await;

    te.ok(close("m1")).await;

    // Answered before the closure's receipt, long before the 48 h deadline.
    for ((order, ticket), (_, kind, state)) in waiting.iter().zip(kinds) {
        let t = te.ticket(order, ticket).await;
        assert_eq!(t.state.name(), state, "{kind:?}");
        assert_eq!(t.auto_rule, Some(Rule::RefundHandlingClosed), "{kind:?}");
        assert!(!t.overdue_approved, "{kind:?}");
    }
    assert_eq!(
        te.ticket(&other, &elsewhere).await.state.name(),
        StateName::Requested
    );
    // A new money request is refunded at once too, without a return.
    let order = te.place_order("o5", "m1", "b1").await;
    te.deliver(&order).await;
    let new = te
        .open_ticket(&order, "t5", TicketKind::ReturnAndRefund, 10_000)
        .await;
    assert_eq!(
        te.ticket(&order, &new).await.state.name(),
        StateName::Refunding
    );
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    requests_a_crash_left_waiting_after_a_closure_are_approved_by_the_scheduler
);
async fn requests_a_crash_left_waiting_after_a_closure_are_approved_by_the_scheduler(
    backend: Backend,
) {
    let mut te = TestEngine::start(&backend).await;
    let order = te.place_order("o1", "m1", "b1").await;
    te.deliver(&order).await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::ReturnAndRefund, 10_000)
        .await;
    // The closure commits; its follow-up on the order cannot, as if the process died there.
    te.faults().poison(&order);
    te.ok(close("m1")).await;
    assert_eq!(te.faults().poisoned_commits().len(), 1);
    te.faults().cure();
    te.restart().await;
    assert_eq!(
        te.ticket(&order, &ticket).await.state.name(),
        StateName::Requested
    );

    // The next scheduler round finds it from the projections, long before its deadline.
    let report = te.advance(hours(1)).await;

    assert_eq!(report.total(), 1);
    let t = te.ticket(&order, &ticket).await;
    assert_eq!(t.state.name(), StateName::Refunding);
    assert_eq!(t.auto_rule, Some(Rule::RefundHandlingClosed));
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_closure_approves_its_own_merchants_requests_and_leaves_the_rest_to_the_rounds
);
/// A closure looks for the requests of its own merchant only: looking through every closed
/// merchant's at each closure or penalty made a weekly evaluation quadratic in the
/// merchants it closed. Another merchant's request left waiting by a crash is the
/// scheduler's to find.
async fn a_closure_approves_its_own_merchants_requests_and_leaves_the_rest_to_the_rounds(
    backend: Backend,
) {
    let mut te = TestEngine::start(&backend).await;
    let left = te.place_order("o2", "m2", "b1").await;
    te.deliver(&left).await;
    let left_ticket = te
        .open_ticket(&left, "t2", TicketKind::RefundOnly, 10_000)
        .await;
    te.faults().poison(&left);
    te.ok(close("m2")).await;
    te.faults().cure();
    te.restart().await;
    let order = te.place_order("o1", "m1", "b1").await;
    te.deliver(&order).await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 10_000)
        .await;

    te.ok(close("m1")).await;

    assert_eq!(
        te.ticket(&order, &ticket).await.state.name(),
        StateName::Refunding
    );
    assert_eq!(
        te.ticket(&left, &left_ticket).await.state.name(),
        StateName::Requested,
        "m2's request is not m1's closure's to approve"
    );
    let report = te.advance(hours(1)).await;
    assert_eq!(report.total(), 1);
    assert_eq!(
        te.ticket(&left, &left_ticket).await.state.name(),
        StateName::Refunding
    );
    te.finish().await;
}

/// A return-shipping claim waiting on `merchant_raw`: the buyer's quality-problem return
/// was approved and sent, so the merchant bears its shipping.
async fn waiting_claim(te: &TestEngine, order: &str, merchant_raw: &str) -> (OrderId, TicketId) {
    let order = te.place_order(order, merchant_raw, "b1").await;
    te.deliver(&order).await;
    let ret = te
        .open_ticket(
            &order,
            &format!("r-{order}"),
            TicketKind::ReturnAndRefund,
            10_000,
        )
        .await;
    let m = Actor::Merchant(merchant(merchant_raw));
    te.ok(on_ticket(m, &order, &ret, None, TicketAction::Approve))
        .await;
    let shipped = TicketAction::ShipReturn {
        tracking: format!("YT{order}"),
    };
    te.ok(on_ticket(
        Actor::Buyer(buyer("b1")),
        &order,
        &ret,
        None,
        shipped,
    ))
    .await;
    let claim = te
        .open_ticket(
            &order,
            &format!("c-{order}"),
            TicketKind::ReturnShipping,
            1_200,
        )
        .await;
    (order, claim)
}

/// Today in platform time (the day a penalty's id names).
fn day_of(te: &TestEngine) -> redress_domain::Date {
    redress_domain::metrics::day::day_of(
        te.now(),
        &jiff::tz::TimeZone::get("Asia/Shanghai").expect("a known time zone"),
    )
}

/// Seed 004's measure "platform settles return-shipping claims", as a mass-overdue
/// evaluation records it.
fn penalise(te: &TestEngine, merchant_raw: &str) -> Submission {
    let day = day_of(te);
    let penalty = Penalty {
        id: PenaltyId::new(day, ViolationKind::MassOverdue),
        evaluated_on: day,
        kind: ViolationKind::MassOverdue,
        severity: Severity::EspeciallySerious,
        measures: vec![Measure::PlatformSettlesReturnShipping],
        evidence: Evidence {
            rate: Ratio {
                numerator: 30,
                denominator: 60,
            },
            platform: None,
            threshold_ppm: 200_000,
            earlier_violations: 2,
            reason: None,
        },
        status: PenaltyStatus::Active,
        policy_version: 0,
    };
    Submission::new(
        Actor::System,
        Command::Merchant {
            merchant: merchant(merchant_raw),
            command: MerchantCommand::Penalise { penalty },
        },
    )
}

on_every_backend!(
    #[tokio::test]
    the_measure_settles_the_return_shipping_claims_already_waiting_on_the_merchant
);
async fn the_measure_settles_the_return_shipping_claims_already_waiting_on_the_merchant(
    backend: Backend,
) {
    // Issue 18 point 3: claims opened before the measure came into force are settled by the
    // platform as soon as the penalty commits, with the rule and note of a claim opened
    // under it; another merchant's claim stays with that merchant.
    let te = TestEngine::start(&backend).await;
    let (order, claim) = waiting_claim(&te, "o1", "m1").await;
    let (other, elsewhere) = waiting_claim(&te, "o2", "m2").await;
    assert_eq!(
        te.ticket(&order, &claim).await.state.name(),
        StateName::Requested
    );
    te.advance(hours(1)).await;

    te.ok(penalise(&te, "m1")).await;

    let t = te.ticket(&order, &claim).await;
    assert_eq!(t.state.name(), StateName::Refunding);
    assert_eq!(t.auto_rule, Some(Rule::PlatformSettlesReturnShipping));
    assert!(!t.overdue_approved);
    assert!(t.notes.iter().any(|n| n == PLATFORM_SETTLES_NOTE));
    assert_eq!(
        te.ticket(&other, &elsewhere).await.state.name(),
        StateName::Requested
    );
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    claims_a_crash_left_waiting_under_the_measure_are_settled_by_the_scheduler_unless_revoked
);
async fn claims_a_crash_left_waiting_under_the_measure_are_settled_by_the_scheduler_unless_revoked(
    backend: Backend,
) {
    let mut te = TestEngine::start(&backend).await;
    let (order, claim) = waiting_claim(&te, "o1", "m1").await;
    let (revoked, kept_waiting) = waiting_claim(&te, "o3", "m3").await;
    // Each penalty commits; its follow-up on the order cannot, as if the process died there.
    te.faults().poison(&revoked);
    te.ok(penalise(&te, "m3")).await;
    te.faults().cure();
    // m3's penalty is revoked before any round: its measure is no longer in force.
    let id = PenaltyId::new(day_of(&te), ViolationKind::MassOverdue);
    te.ok(Submission::new(
        Actor::Operator(staff("op1")),
        Command::Merchant {
            merchant: merchant("m3"),
            command: MerchantCommand::RevokePenalty {
                id,
                reason: "appeal upheld".to_owned(),
            },
        },
    ))
    .await;
    te.faults().poison(&order);
    te.ok(penalise(&te, "m1")).await;
    te.faults().cure();
    assert!(!te.faults().poisoned_commits().is_empty());
    for (o, t) in [(&order, &claim), (&revoked, &kept_waiting)] {
        assert_eq!(te.ticket(o, t).await.state.name(), StateName::Requested);
    }
    te.restart().await;

    // The next scheduler round finds m1's claim from the projections; m3's stays waiting.
    te.advance(hours(1)).await;

    let t = te.ticket(&order, &claim).await;
    assert_eq!(t.state.name(), StateName::Refunding);
    assert_eq!(t.auto_rule, Some(Rule::PlatformSettlesReturnShipping));
    let t = te.ticket(&revoked, &kept_waiting).await;
    assert_eq!(t.state.name(), StateName::Requested);
    assert_eq!(t.auto_rule, None);
    te.finish().await;
}
