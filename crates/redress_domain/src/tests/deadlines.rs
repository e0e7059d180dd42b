//! Deadlines as data: each kind is derived from the state, fires exactly at `due_at` and not a
//! second before, only for the ticket's current deadline; humans are refused from `due_at` on.

use super::support::*;
use crate::dispute::Opener;
use crate::evidence::EvidenceKind::*;
use crate::{
    ClosedCause, DeadlineKind, DisputePhase, Reason, RejectGround, Rejection, SignedDuration,
    StateName, TicketAction, TicketKind, TicketState,
};
use Setup as S;
use StateName as N;
use Who::*;

/// One row: the set-up's last step set this deadline, due this long after it; firing it leads
/// to `state` through the event `event`.
struct DeadlineCase {
    setup: Setup,
    kind: DeadlineKind,
    due_after: SignedDuration,
    state: StateName,
    events: &'static [&'static str],
}

const fn row(
    setup: Setup,
    kind: DeadlineKind,
    due_after: SignedDuration,
    state: StateName,
    events: &'static [&'static str],
) -> DeadlineCase {
    DeadlineCase {
        setup,
        kind,
        due_after,
        state,
        events,
    }
}

const HOUR: SignedDuration = SignedDuration::from_hours(1);
const fn h(n: i64) -> SignedDuration {
    SignedDuration::from_hours(n)
}

fn fire(kind: DeadlineKind, due_at: crate::Timestamp) -> TicketAction {
    TicketAction::FireDeadline { kind, due_at }
}

#[test]
fn each_deadline_fires_exactly_when_due() {
    let cases = [
        row(
            S::Requested,
            DeadlineKind::MerchantResponse,
            h(48),
            N::Refunding,
            &["approved"],
        ),
        row(
            S::AwaitingRefusal,
            DeadlineKind::RefusalOutcome,
            h(15 * 24),
            N::Requested,
            &["refusal_failed"],
        ),
        row(
            S::AwaitingReturn,
            DeadlineKind::BuyerReturnShipment,
            h(7 * 24),
            N::Closed,
            &["return_window_lapsed"],
        ),
        row(
            S::ReturnInTransit,
            DeadlineKind::MerchantReturnHandling,
            h(5 * 24 + 48),
            N::Refunding,
            &["return_accepted"],
        ),
        row(
            S::ReturnReceived,
            DeadlineKind::MerchantReturnHandling,
            h(48),
            N::Refunding,
            &["return_accepted"],
        ),
        row(
            S::AwaitingMerchantShipment,
            DeadlineKind::MerchantShipment,
            h(48),
            N::InDispute,
            &["dispute_opened"],
        ),
        row(
            S::ReplacementInTransit,
            DeadlineKind::ReplacementDelivery,
            h(15 * 24),
            N::InDispute,
            &["dispute_opened"],
        ),
        row(
            S::Rejected,
            DeadlineKind::Escalation,
            h(7 * 24),
            N::Closed,
            &["escalation_lapsed"],
        ),
        row(
            S::InDispute,
            DeadlineKind::DisputeEvidence,
            h(48),
            N::InDispute,
            &["evidence_window_closed"],
        ),
        row(
            S::RefundRetry,
            DeadlineKind::RefundRetry,
            SignedDuration::from_secs(60),
            N::Refunding,
            &["refund_retried"],
        ),
    ];
    let mut failures = Vec::new();
    for c in &cases {
        let label = format!("{:?} {}", c.setup, c.kind.as_str());
        let mut world = c.setup.build();
        let deadline = world.deadline("t1");
        let due_at = plus(world.now, c.due_after);
        if (deadline.kind, deadline.due_at) != (c.kind, due_at) {
            failures.push(format!(
                "{label}: deadline {deadline:?}, expected due at {due_at}"
            ));
            continue;
        }
        // One second early: not current yet.
        world.advance_to(plus(due_at, secs(-1)));
        let mut expect = |world: &mut World, who, action, expect| {
            if let Err(why) = expect_step(world, who, "t1", action, expect) {
                failures.push(format!("{label}: {why}"));
            }
        };
        expect(
            &mut world,
            System,
            fire(c.kind, due_at),
            Expect::Refused("deadline_not_current"),
        );
        // Due: a stale kind, a stale time, or anyone but the system is refused.
        world.advance_to(due_at);
        let other_kind = if c.kind == DeadlineKind::Escalation {
            DeadlineKind::MerchantResponse
        } else {
            DeadlineKind::Escalation
        };
        expect(
            &mut world,
            System,
            fire(other_kind, due_at),
            Expect::Refused("deadline_not_current"),
        );
        expect(
            &mut world,
            System,
            fire(c.kind, plus(due_at, secs(-1))),
            Expect::Refused("deadline_not_current"),
        );
        expect(
            &mut world,
            Operator,
            fire(c.kind, due_at),
            Expect::Refused("wrong_actor"),
        );
        expect(
            &mut world,
            System,
            fire(c.kind, due_at),
            Expect::To(c.state, c.events),
        );
        // Once fired the deadline is stale.
        expect(
            &mut world,
            System,
            fire(c.kind, due_at),
            Expect::Refused("deadline_not_current"),
        );
        if let Some(next) = world.ticket("t1").deadline()
            && next.due_at <= world.now
        {
            failures.push(format!(
                "{label}: the next deadline {next:?} is already due"
            ));
        }
    }
    assert_no_failures(cases.len(), failures);
}

#[test]
fn firing_late_still_works() {
    let mut world = Setup::Requested.build();
    let deadline = world.deadline("t1");
    world.advance(days(3));
    world.must(System, "t1", fire(deadline.kind, deadline.due_at));
    assert_eq!(world.state("t1"), N::Refunding);
}

#[test]
fn overdue_approval_is_recorded() {
    let mut world = Setup::Requested.build();
    world.advance(h(48));
    let events = world.fire_due();
    assert_eq!(events[0].actor, crate::Actor::System);
    let ticket = world.ticket("t1");
    assert!(ticket.overdue_approved);
    assert_eq!(ticket.decided_at, Some(world.now));
    assert_eq!(ticket.auto_rule, None);
    assert_eq!(
        ticket.state,
        TicketState::Refunding {
            amount: cny(PAID_MINOR),
            attempt: 1,
            retry_at: None
        }
    );

    // A return request approved when overdue waits for the return.
    let mut world = Setup::RequestedReturn.build();
    world.advance(h(48));
    world.fire_due();
    let ticket = world.ticket("t1");
    assert!(ticket.overdue_approved);
    assert_eq!(
        ticket.state,
        TicketState::AwaitingReturn {
            due_at: plus(world.now, days(7))
        }
    );

    // An approval in time is not overdue.
    let mut world = Setup::Refunding.build();
    world.advance(h(48));
    world.fire_due();
    assert!(!world.ticket("t1").overdue_approved);
}

#[test]
fn an_unhandled_return_is_refunded_as_overdue() {
    let mut world = Setup::ReturnReceived.build();
    world.advance(h(48));
    world.fire_due();
    let ticket = world.ticket("t1");
    assert_eq!(ticket.state.name(), N::Refunding);
    assert!(ticket.overdue_approved);
}

#[test]
fn closing_causes_of_deadlines() {
    let mut world = Setup::AwaitingReturn.build();
    world.advance(days(7));
    world.fire_due();
    assert_eq!(
        world.ticket("t1").state,
        TicketState::Closed {
            at: world.now,
            cause: ClosedCause::ReturnNotShipped
        }
    );

    let mut world = Setup::Rejected.build();
    world.advance(days(7));
    world.fire_due();
    assert_eq!(
        world.ticket("t1").state,
        TicketState::Closed {
            at: world.now,
            cause: ClosedCause::EscalationLapsed
        }
    );
}

#[test]
fn an_unshipped_remedy_goes_to_the_platform() {
    for setup in [S::AwaitingMerchantShipment, S::ReplacementInTransit] {
        let mut world = setup.build();
        world.advance(days(15));
        let events = world.fire_due();
        assert_eq!(event_names(&events), ["dispute_opened"], "{setup:?}");
        let ticket = world.ticket("t1");
        let dispute = ticket.dispute.as_ref().expect("a dispute");
        assert_eq!(dispute.opened_by, Opener::System, "{setup:?}");
        assert_eq!(dispute.first_requested_at, world.now, "{setup:?}");
        assert_eq!(
            ticket.state,
            TicketState::InDispute {
                phase: DisputePhase::Evidence {
                    due_at: plus(world.now, h(48))
                }
            },
            "{setup:?}"
        );
    }
}

#[test]
fn the_return_countdown_starts_on_the_fifth_day_when_unsigned() {
    let mut world = Setup::AwaitingReturn.build();
    world.advance(h(30));
    let shipped_at = world.now;
    world.must(Buyer, "t1", ship_return());
    assert_eq!(
        world.ticket("t1").state,
        TicketState::ReturnInTransit {
            tracking: "YT2001".to_owned(),
            shipped_at,
            due_at: plus(shipped_at, h(5 * 24 + 48)),
        }
    );
    // In transit without a signature, the merchant's window is still open until then.
    world.advance(h(5 * 24 + 47));
    world.must(Integration, "t1", TicketAction::ReturnInTransit);
    assert_eq!(
        world.deadline("t1").due_at,
        plus(shipped_at, h(5 * 24 + 48))
    );
}

#[test]
fn the_return_countdown_starts_at_the_signature() {
    let mut world = Setup::ReturnInTransit.build();
    world.advance(h(50));
    world.must(Integration, "t1", TicketAction::ReturnSigned);
    let signed_at = world.now;
    let ticket = world.ticket("t1");
    assert_eq!(
        ticket.state,
        TicketState::ReturnReceived {
            signed_at,
            due_at: plus(signed_at, h(48)),
        }
    );
    assert_eq!(ticket.return_signed_at, Some(signed_at));
}

/// Seed 000 Q5: "签收后48小时处理退款单" — the merchant has 48 h from the signature. Signed on
/// day 6, while the unsigned countdown that started on day 5 was running, the merchant gets
/// until 48 h after the signature, not the hour or day left of the older countdown.
#[test]
fn return_signed_after_the_fifth_day_gives_48_hours_from_the_signature() {
    let mut world = Setup::ReturnInTransit.build();
    let unsigned_due = world.deadline("t1").due_at;
    world.advance(days(6));
    world.must(Integration, "t1", TicketAction::ReturnSigned);
    assert_eq!(world.deadline("t1").due_at, plus(world.now, h(48)));

    // Signed an hour before the unsigned countdown ends: 48 h, not one.
    let mut world = Setup::ReturnInTransit.build();
    world.advance_to(minus(unsigned_due, h(1)));
    world.must(Integration, "t1", TicketAction::ReturnSigned);
    assert_eq!(world.deadline("t1").due_at, plus(world.now, h(48)));
    world.advance(h(47));
    world.must(Merchant, "t1", TicketAction::ConfirmReturn);
    assert!(
        !world.ticket("t1").overdue_approved,
        "the merchant answered inside its 48 h"
    );

    // A countdown that already ran out (due, not yet fired) is not reopened by the signature.
    let mut world = Setup::ReturnInTransit.build();
    world.advance_to(plus(unsigned_due, secs(1)));
    world.must(Integration, "t1", TicketAction::ReturnSigned);
    assert_eq!(world.deadline("t1").due_at, unsigned_due);
    world.fire_due();
    assert!(world.ticket("t1").overdue_approved);
}

/// One row for `deadline_passed`: accepted a second before `due_at`, refused from `due_at` on.
struct PassedCase {
    setup: Setup,
    who: Who,
    action: ActionFn,
}

#[test]
fn humans_are_refused_from_the_deadline_on() {
    let cases = [
        PassedCase {
            setup: S::Requested,
            who: Merchant,
            action: |_| TicketAction::Approve,
        },
        PassedCase {
            setup: S::RequestedInTransit,
            who: Merchant,
            action: |_| TicketAction::ApproveAfterRefusal,
        },
        PassedCase {
            setup: S::Requested,
            who: Merchant,
            action: |_| reject(RejectGround::Request, &[ChatRecords]),
        },
        PassedCase {
            setup: S::RequestedReturn,
            who: Merchant,
            action: |_| propose(compensation(5_000)),
        },
        PassedCase {
            setup: S::Proposed,
            who: Buyer,
            action: |_| TicketAction::AcceptRemedy,
        },
        PassedCase {
            setup: S::AwaitingReturn,
            who: Buyer,
            action: |_| ship_return(),
        },
        PassedCase {
            setup: S::ReturnInTransit,
            who: Merchant,
            action: |_| TicketAction::ConfirmReturn,
        },
        PassedCase {
            setup: S::ReturnInTransit,
            who: Merchant,
            action: |_| reject(RejectGround::ReturnNotReceived, &[LogisticsTrace]),
        },
        PassedCase {
            setup: S::ReturnReceived,
            who: Merchant,
            action: |_| TicketAction::ConfirmReturn,
        },
        PassedCase {
            setup: S::ReturnReceived,
            who: Merchant,
            action: |_| reject(RejectGround::ReturnNotAsSent, &[Photos]),
        },
        PassedCase {
            setup: S::AwaitingMerchantShipment,
            who: Merchant,
            action: |_| ship_replacement(),
        },
        PassedCase {
            setup: S::Rejected,
            who: Buyer,
            action: |_| edit(TicketKind::RefundOnly, Reason::DontWant, 100),
        },
        PassedCase {
            setup: S::Rejected,
            who: Buyer,
            action: |_| escalate(),
        },
        PassedCase {
            setup: S::InDispute,
            who: Buyer,
            action: |_| add_evidence(Photos),
        },
        PassedCase {
            setup: S::InDispute,
            who: Merchant,
            action: |_| add_evidence(ChatRecords),
        },
    ];
    let mut failures = Vec::new();
    for c in &cases {
        let mut early = c.setup.build();
        let deadline = early.deadline("t1");
        early.advance_to(plus(deadline.due_at, secs(-1)));
        let action = (c.action)(&early);
        let name = action.name();
        if let Err(r) = early.act(c.who, "t1", action) {
            failures.push(format!(
                "{:?} {name}: refused a second early with {}",
                c.setup,
                r.code()
            ));
        }
        for late_by in [secs(0), h(1)] {
            let mut late = c.setup.build();
            late.advance_to(plus(deadline.due_at, late_by));
            let action = (c.action)(&late);
            let before = late.order.clone();
            match late.act(c.who, "t1", action) {
                Err(Rejection::DeadlinePassed { kind, due_at })
                    if kind == deadline.kind
                        && due_at == deadline.due_at
                        && late.order == before => {}
                other => failures.push(format!(
                    "{:?} {name} {late_by} after due: {:?}",
                    c.setup,
                    other.map(|e| event_names(&e))
                )),
            }
        }
    }
    assert_no_failures(cases.len(), failures);
}

#[test]
fn some_actions_do_not_wait_on_the_deadline() {
    // Between `due_at` and the scheduler's firing, these are still accepted: cancelling,
    // declining, settling, the verdict and the feeds.
    let late = |setup: Setup| {
        let mut world = setup.build();
        let due_at = world.deadline("t1").due_at;
        world.advance_to(plus(due_at, HOUR));
        world
    };
    let cases: [(Setup, Who, TicketAction, StateName); 6] = [
        (S::Requested, Buyer, TicketAction::Cancel, N::Closed),
        (
            S::Proposed,
            Buyer,
            TicketAction::DeclineRemedy,
            N::Requested,
        ),
        (
            S::InDispute,
            Merchant,
            TicketAction::SettleDispute,
            N::Refunding,
        ),
        (
            S::ReturnInTransit,
            Integration,
            TicketAction::ReturnSigned,
            N::ReturnReceived,
        ),
        (
            S::ReplacementInTransit,
            Integration,
            TicketAction::ReplacementDelivered,
            N::Completed,
        ),
        (S::AwaitingMerchantShipment, Buyer, escalate(), N::InDispute),
    ];
    let cases_len = cases.len();
    let mut failures = Vec::new();
    for (setup, who, action, state) in cases {
        let mut world = late(setup);
        let name = action.name();
        match world.act(who, "t1", action) {
            Ok(_) if world.state("t1") == state => {}
            other => failures.push(format!(
                "{setup:?} {name}: {:?} {:?}",
                other.map(|e| event_names(&e)),
                world.state("t1")
            )),
        }
    }
    assert_no_failures(cases_len, failures);
}

#[test]
fn deadlines_are_derived_from_state() {
    // Exactly non-terminal states other than AwaitingVerdict and Refunding without a retry wait
    // on a deadline.
    let setups = [
        (S::Requested, true),
        (S::AwaitingRefusal, true),
        (S::AwaitingReturn, true),
        (S::ReturnInTransit, true),
        (S::ReturnReceived, true),
        (S::AwaitingMerchantShipment, true),
        (S::ReplacementInTransit, true),
        (S::Rejected, true),
        (S::InDispute, true),
        (S::AwaitingVerdict, false),
        (S::Refunding, false),
        (S::RefundRetry, true),
        (S::Refunded, false),
        (S::Completed, false),
        (S::Closed, false),
    ];
    for (setup, has_deadline) in setups {
        let world = setup.build();
        assert_eq!(
            world.ticket("t1").deadline().is_some(),
            has_deadline,
            "{setup:?}"
        );
    }
}
