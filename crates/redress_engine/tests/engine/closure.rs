//! Seed 004: "关闭商家退款处理能力,届时买家的售后申请将自动审核通过并退款给买家". Closing a
//! merchant's refund handling approves the requests already waiting on it, money ones into
//! refunding at once, and a crash between the closure and those approvals loses none.

use crate::support::*;
use redress_domain::merchant::MerchantCommand;
use redress_domain::{Actor, Rule, StateName, TicketKind};
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
