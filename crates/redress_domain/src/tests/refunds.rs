//! Refunds: never more than paid across an order's tickets; a failed refund is retried with
//! back-off and raises an alert, never silently lost; terminal states refuse everything.

use super::support::*;
use crate::dispute::Responsibility;
use crate::evidence::EvidenceKind::*;
use crate::{
    DeadlineKind, Reason, RejectGround, Rejection, StateName, TicketAction, TicketKind, TicketState,
};
use StateName as N;
use Who::*;

fn approve_and_pay(world: &mut World, ticket: &str) {
    world.must(Merchant, ticket, TicketAction::Approve);
    world.must(Integration, ticket, refund_succeeded());
}

#[test]
fn refunds_never_exceed_what_was_paid() {
    let mut world = World::new();
    world.must_open(on_items(
        request("t1", TicketKind::RefundOnly, Reason::DontWant, ITEM1_MINOR),
        &["i1"],
    ));
    world.must_open(on_items(
        request("t2", TicketKind::RefundOnly, Reason::DontWant, ITEM2_MINOR),
        &["i2"],
    ));
    // Both live: nothing left for a third; the whole order collides with the live tickets.
    let refused = world
        .open(request("t3", TicketKind::RefundOnly, Reason::DontWant, 1))
        .unwrap_err();
    assert_eq!(refused.code(), "item_in_open_ticket");

    approve_and_pay(&mut world, "t1");
    approve_and_pay(&mut world, "t2");
    assert_eq!(world.order().refunded(), cny(PAID_MINOR));
    assert_eq!(world.order().refundable(None), cny(0));
    let refused = world
        .open(request("t3", TicketKind::RefundOnly, Reason::DontWant, 1))
        .unwrap_err();
    assert_eq!(
        refused,
        Rejection::AmountAboveRefundable {
            requested: cny(1),
            refundable: cny(0)
        }
    );
}

#[test]
fn what_a_partial_refund_leaves_can_be_asked_again() {
    let mut world = Setup::RequestedReturn.build();
    world.must(Merchant, "t1", propose(compensation(5_000)));
    world.must(Buyer, "t1", TicketAction::AcceptRemedy);
    world.must(Integration, "t1", refund_succeeded());
    assert_eq!(world.order().refundable(None), cny(PAID_MINOR - 5_000));

    let refused = world
        .open(request(
            "t2",
            TicketKind::ReturnAndRefund,
            Reason::QualityProblem,
            PAID_MINOR - 4_999,
        ))
        .unwrap_err();
    assert_eq!(refused.code(), "amount_above_refundable");
    world.must_open(request(
        "t2",
        TicketKind::ReturnAndRefund,
        Reason::QualityProblem,
        PAID_MINOR - 5_000,
    ));
    // A return: approved, it waits for the goods before the money moves.
    world.must(Merchant, "t2", TicketAction::Approve);
    assert_eq!(world.state("t2"), N::AwaitingReturn);
    world.must(Buyer, "t2", ship_return());
    world.must(Merchant, "t2", TicketAction::ConfirmReturn);
    world.must(Integration, "t2", refund_succeeded());
    assert_eq!(world.order().refunded(), cny(PAID_MINOR));
}

#[test]
fn tickets_refunding_together_stay_within_paid() {
    // Two tickets approved after refusal are confirmed by one parcel update.
    let mut world = World::new();
    world.ship();
    world.must_open(on_items(
        request("t1", TicketKind::RefundOnly, Reason::DontWant, ITEM1_MINOR),
        &["i1"],
    ));
    world.must_open(on_items(
        request("t2", TicketKind::RefundOnly, Reason::DontWant, ITEM2_MINOR),
        &["i2"],
    ));
    world.must(Merchant, "t1", TicketAction::ApproveAfterRefusal);
    world.must(Merchant, "t2", TicketAction::ApproveAfterRefusal);
    let events = world.must_parcel(crate::ParcelUpdate::Intercepted);
    assert_eq!(
        event_names(&events),
        ["parcel_updated", "refusal_confirmed", "refusal_confirmed"]
    );
    world.must(Integration, "t1", refund_succeeded());
    world.must(Integration, "t2", refund_succeeded());
    assert_eq!(world.order().refunded(), cny(PAID_MINOR));
}

#[test]
fn a_failed_refund_is_retried_with_doubling_delays_and_an_alert() {
    let mut world = Setup::Refunding.build();
    // attempts_max 10: delays after attempts 1..=9, none after the tenth.
    let delays = [60, 120, 240, 480, 960, 1_920, 3_840, 7_680, 15_360];
    for (index, delay) in delays.iter().enumerate() {
        let attempt = index as u32 + 1;
        world.advance(secs(7));
        let events = world.must(Integration, "t1", refund_failed());
        assert_eq!(event_names(&events), ["refund_failed"]);
        let ticket = world.ticket("t1");
        assert_eq!(
            ticket.state,
            TicketState::Refunding {
                amount: cny(PAID_MINOR),
                attempt,
                retry_at: Some(plus(world.now, secs(*delay)))
            },
            "attempt {attempt}"
        );
        assert_eq!(ticket.refund_alert.as_deref(), Some("bank timeout"));
        assert_eq!(world.deadline("t1").kind, DeadlineKind::RefundRetry);
        world.advance(secs(*delay));
        let events = world.fire_due();
        assert_eq!(
            event_names(&events),
            ["refund_retried"],
            "attempt {attempt}"
        );
        assert_eq!(
            world.ticket("t1").state,
            TicketState::Refunding {
                amount: cny(PAID_MINOR),
                attempt: attempt + 1,
                retry_at: None
            }
        );
        // The alert stays up until a refund succeeds.
        assert!(world.ticket("t1").refund_alert.is_some());
    }
    // The tenth attempt fails: no more automatic retries; the operator steps in.
    world.must(Integration, "t1", refund_failed());
    let ticket = world.ticket("t1");
    assert_eq!(
        ticket.state,
        TicketState::Refunding {
            amount: cny(PAID_MINOR),
            attempt: 10,
            retry_at: None
        }
    );
    assert!(ticket.refund_alert.is_some());
    assert_eq!(ticket.deadline(), None);
    world.advance(days(30));
    assert!(world.fire_due().is_empty());
    world.must(Operator, "t1", TicketAction::RetryRefund);
    assert!(matches!(
        world.ticket("t1").state,
        TicketState::Refunding {
            attempt: 11,
            retry_at: None,
            ..
        }
    ));
    world.must(Integration, "t1", refund_succeeded());
    let ticket = world.ticket("t1");
    assert_eq!(ticket.refund_alert, None);
    assert_eq!(ticket.refunded, cny(PAID_MINOR));
}

#[test]
fn retry_delays_are_capped() {
    let mut world = Setup::Refunding.build();
    world.policy.refund_retry.first_delay_seconds = 60;
    world.policy.refund_retry.delay_seconds_max = 300;
    world.policy.refund_retry.attempts_max = 6;
    let mut delays = Vec::new();
    loop {
        world.must(Integration, "t1", refund_failed());
        let TicketState::Refunding { retry_at, .. } = world.ticket("t1").state else {
            panic!("still refunding")
        };
        let Some(at) = retry_at else { break };
        delays.push(at.duration_since(world.now).as_secs());
        world.advance_to(at);
        world.fire_due();
    }
    assert_eq!(delays, [60, 120, 240, 300, 300]);
}

#[test]
fn an_operator_retry_cancels_the_scheduled_one() {
    let mut world = Setup::RefundRetry.build();
    let scheduled = world.deadline("t1");
    world.must(Operator, "t1", TicketAction::RetryRefund);
    assert_eq!(world.ticket("t1").deadline(), None);
    world.advance_to(scheduled.due_at);
    let refused = world
        .act(
            System,
            "t1",
            TicketAction::FireDeadline {
                kind: scheduled.kind,
                due_at: scheduled.due_at,
            },
        )
        .unwrap_err();
    assert_eq!(refused.code(), "deadline_not_current");
}

#[test]
fn refunded_tickets_record_the_money() {
    let mut world = Setup::Refunding.build();
    world.advance(hours(2));
    world.must(Integration, "t1", refund_succeeded());
    let ticket = world.ticket("t1");
    assert_eq!(
        ticket.state,
        TicketState::Refunded {
            amount: cny(PAID_MINOR),
            at: world.now
        }
    );
    assert_eq!(ticket.refunded, cny(PAID_MINOR));
    let refused = world
        .act(
            Integration,
            "t1",
            TicketAction::RefundSucceeded {
                payment_reference: " ".to_owned(),
            },
        )
        .unwrap_err();
    assert_eq!(refused.code(), "text_invalid");
}

/// Every action, by the actor who could take it, on each terminal state: all refused, the
/// ticket unchanged.
#[test]
fn terminal_states_refuse_every_action() {
    let actions: Vec<(Who, ActionFn, &str)> = vec![
        (Merchant, |_| TicketAction::Approve, "wrong_state"),
        (
            Merchant,
            |_| TicketAction::ApproveAfterRefusal,
            "wrong_state",
        ),
        (
            Merchant,
            |_| {
                reject(
                    RejectGround::Request,
                    &[ChatRecords, PackingVideo, Photos, TrackingNumber],
                )
            },
            "wrong_state",
        ),
        (
            Merchant,
            |_| reject(RejectGround::ReturnNotReceived, &[LogisticsTrace]),
            "wrong_state",
        ),
        (Merchant, |_| propose(compensation(100)), "wrong_state"),
        (Buyer, |_| TicketAction::AcceptRemedy, "wrong_state"),
        (Buyer, |_| TicketAction::DeclineRemedy, "wrong_state"),
        (
            Buyer,
            |_| edit(TicketKind::RefundOnly, Reason::DontWant, 100),
            "wrong_state",
        ),
        (Buyer, |_| TicketAction::Cancel, "wrong_state"),
        (Buyer, |_| ship_return(), "wrong_state"),
        (Buyer, |_| escalate(), "wrong_state"),
        (Buyer, |_| TicketAction::CancelDispute, "wrong_state"),
        (
            Integration,
            |_| TicketAction::ReturnInTransit,
            "wrong_state",
        ),
        (Integration, |_| TicketAction::ReturnSigned, "wrong_state"),
        (Merchant, |_| TicketAction::ConfirmReturn, "wrong_state"),
        (Merchant, |_| ship_replacement(), "wrong_state"),
        (
            Integration,
            |_| TicketAction::ReplacementDelivered,
            "wrong_state",
        ),
        (Buyer, |_| add_evidence(Photos), "wrong_state"),
        (Merchant, |_| TicketAction::SettleDispute, "wrong_state"),
        (
            Arbitrator,
            |_| TicketAction::GiveVerdict {
                responsibility: Responsibility::Merchant,
                outcome: crate::dispute::VerdictOutcome::FullRefund,
                reasoning: "late".to_owned(),
            },
            "wrong_state",
        ),
        (
            Arbitrator,
            |_| TicketAction::Recheck {
                responsibility: Responsibility::Merchant,
            },
            "recheck_not_applicable",
        ),
        (Integration, |_| refund_succeeded(), "wrong_state"),
        (Integration, |_| refund_failed(), "wrong_state"),
        (Operator, |_| TicketAction::RetryRefund, "wrong_state"),
        (
            System,
            |w| TicketAction::FireDeadline {
                kind: DeadlineKind::MerchantResponse,
                due_at: w.now,
            },
            "deadline_not_current",
        ),
    ];
    let terminal = [Setup::Refunded, Setup::Completed, Setup::Closed];
    let mut cases = Vec::new();
    for setup in terminal {
        for (who, action, code) in &actions {
            let code: &'static str = code;
            cases.push(Case {
                setup,
                who: *who,
                action: *action,
                expect: Expect::Refused(code),
            });
        }
    }
    check(&cases);

    // The whole clock can run out: no deadline ever fires again.
    for setup in terminal {
        let mut world = setup.build();
        let state = world.ticket("t1").state.clone();
        world.advance(days(60));
        assert!(world.fire_due().is_empty(), "{setup:?}");
        assert_eq!(world.ticket("t1").state, state, "{setup:?}");
    }
}

/// SPEC: a request on some items asks at most what they were paid (found by `redress dst`:
/// a ticket on one line asked more than that line cost and was refunded in full).
#[test]
fn a_request_on_items_asks_at_most_what_they_were_paid() {
    let mut world = World::new();
    let refused = world
        .open(on_items(
            request(
                "t1",
                TicketKind::RefundOnly,
                Reason::DontWant,
                ITEM1_MINOR + 1,
            ),
            &["i1"],
        ))
        .unwrap_err();
    assert_eq!(
        refused,
        Rejection::AmountAboveRefundable {
            requested: cny(ITEM1_MINOR + 1),
            refundable: cny(ITEM1_MINOR)
        }
    );
    world.must_open(on_items(
        request("t1", TicketKind::RefundOnly, Reason::DontWant, ITEM1_MINOR),
        &["i1"],
    ));
}

/// Once an item is refunded in full, a new request on that item alone has nothing to ask.
#[test]
fn an_item_refunded_in_full_cannot_be_refunded_again() {
    let mut world = World::new();
    world.must_open(on_items(
        request("t1", TicketKind::RefundOnly, Reason::DontWant, ITEM1_MINOR),
        &["i1"],
    ));
    approve_and_pay(&mut world, "t1");
    let refused = world
        .open(on_items(
            request("t2", TicketKind::RefundOnly, Reason::DontWant, 1),
            &["i1"],
        ))
        .unwrap_err();
    // Issue 18: its one unit was refunded, so none is open.
    assert_eq!(
        refused,
        Rejection::QuantityNotOpen {
            index: 0,
            item: "i1".to_owned(),
            asked: 1,
            open: 0
        }
    );
    // The other item is still refundable up to its price.
    world.must_open(on_items(
        request("t2", TicketKind::RefundOnly, Reason::DontWant, ITEM2_MINOR),
        &["i2"],
    ));
}
