//! Remedies a merchant proposes instead of what was asked: exchange, repair, reship, partial
//! compensation. Accepted, the ticket follows the remedy; declined, it stays Requested with
//! its deadline unchanged.

use super::support::*;
use crate::{Course, Reason, Remedy, StateName, TicketAction, TicketKind, TicketState};
use StateName as N;
use Who::*;

/// The buyer accepts `remedy` on a delivered return-and-refund request; returns the world.
fn accepted(remedy: Remedy) -> World {
    let mut world = Setup::RequestedReturn.build();
    let due_at = world.deadline("t1").due_at;
    world.advance(hours(2));
    world.must(Merchant, "t1", propose(remedy.clone()));
    assert_eq!(
        world.ticket("t1").state,
        TicketState::Requested {
            due_at,
            proposal: Some(remedy)
        },
        "a proposal does not move the deadline"
    );
    world.advance(hours(3));
    let events = world.must(Buyer, "t1", TicketAction::AcceptRemedy);
    assert_eq!(event_names(&events), ["remedy_accepted"]);
    world
}

#[test]
fn exchange_and_repair_go_through_the_return() {
    for (remedy, course) in [
        (Remedy::Exchange, Course::Exchange),
        (Remedy::Repair, Course::Repair),
    ] {
        let mut world = accepted(remedy.clone());
        let label = remedy.as_str();
        let step = |world: &mut World, who, action: TicketAction, state| {
            world.advance(hours(6));
            world.must(who, "t1", action);
            assert_eq!(world.state("t1"), state, "{label}");
        };
        assert_eq!(world.ticket("t1").course, course, "{label}");
        assert_eq!(world.state("t1"), N::AwaitingReturn, "{label}");
        step(&mut world, Buyer, ship_return(), N::ReturnInTransit);
        step(
            &mut world,
            Integration,
            TicketAction::ReturnInTransit,
            N::ReturnInTransit,
        );
        step(
            &mut world,
            Integration,
            TicketAction::ReturnSigned,
            N::ReturnReceived,
        );
        step(
            &mut world,
            Merchant,
            TicketAction::ConfirmReturn,
            N::AwaitingMerchantShipment,
        );
        step(
            &mut world,
            Merchant,
            ship_replacement(),
            N::ReplacementInTransit,
        );
        step(
            &mut world,
            Integration,
            TicketAction::ReplacementDelivered,
            N::Completed,
        );
        let ticket = world.ticket("t1");
        assert_eq!(
            ticket.state,
            TicketState::Completed { at: world.now },
            "{label}"
        );
        assert_eq!(ticket.refunded, cny(0), "{label}");
        assert_eq!(world.order().refunded(), cny(0), "{label}");
        assert_eq!(world.order().refundable(None), cny(PAID_MINOR), "{label}");
    }
}

#[test]
fn reship_skips_the_return() {
    let mut world = accepted(Remedy::Reship);
    let ticket = world.ticket("t1");
    assert_eq!(ticket.course, Course::Reship);
    assert_eq!(
        ticket.state,
        TicketState::AwaitingMerchantShipment {
            due_at: plus(world.now, hours(48))
        }
    );
    world.advance(hours(20));
    world.must(Merchant, "t1", ship_replacement());
    assert_eq!(
        world.ticket("t1").state,
        TicketState::ReplacementInTransit {
            tracking: "SF3001".to_owned(),
            due_at: plus(world.now, hours(15 * 24))
        }
    );
    world.advance(hours(30));
    world.must(Integration, "t1", TicketAction::ReplacementDelivered);
    assert_eq!(world.state("t1"), N::Completed);
}

#[test]
fn partial_compensation_refunds_the_partial_amount() {
    let mut world = accepted(compensation(5_000));
    let ticket = world.ticket("t1");
    assert_eq!(ticket.course, Course::Refund);
    assert_eq!(
        ticket.state,
        TicketState::Refunding {
            amount: cny(5_000),
            attempt: 1,
            retry_at: None
        }
    );
    world.must(Integration, "t1", refund_succeeded());
    let ticket = world.ticket("t1");
    assert_eq!(
        ticket.state,
        TicketState::Refunded {
            amount: cny(5_000),
            at: world.now
        }
    );
    assert_eq!(ticket.refunded, cny(5_000));
    assert_eq!(world.order().refunded(), cny(5_000));
    assert_eq!(world.order().refundable(None), cny(PAID_MINOR - 5_000));
}

#[test]
fn partial_compensation_on_a_refund_only_request() {
    let mut world = Setup::Requested.build();
    world.must(Merchant, "t1", propose(compensation(PAID_MINOR)));
    world.must(Buyer, "t1", TicketAction::AcceptRemedy);
    assert_eq!(world.state("t1"), N::Refunding);
}

#[test]
fn declining_keeps_the_request_and_its_deadline() {
    let mut world = Setup::Proposed.build();
    let due_before = world.deadline("t1").due_at;
    world.advance(hours(10));
    let events = world.must(Buyer, "t1", TicketAction::DeclineRemedy);
    assert_eq!(event_names(&events), ["remedy_declined"]);
    assert_eq!(
        world.ticket("t1").state,
        TicketState::Requested {
            due_at: due_before,
            proposal: None
        }
    );
    // Nothing left to answer.
    let refused = world
        .act(Buyer, "t1", TicketAction::AcceptRemedy)
        .unwrap_err();
    assert_eq!(refused.code(), "no_proposal");
    let refused = world
        .act(Buyer, "t1", TicketAction::DeclineRemedy)
        .unwrap_err();
    assert_eq!(refused.code(), "no_proposal");
    // The merchant may still answer, or propose again.
    world.must(Merchant, "t1", propose(Remedy::Exchange));
    world.must(Merchant, "t1", TicketAction::Approve);
    assert_eq!(world.state("t1"), N::AwaitingReturn);
}

#[test]
fn a_new_proposal_replaces_the_pending_one() {
    let mut world = Setup::Proposed.build();
    world.must(Merchant, "t1", propose(Remedy::Reship));
    world.must(Buyer, "t1", TicketAction::AcceptRemedy);
    assert_eq!(world.ticket("t1").course, Course::Reship);
}

#[test]
fn proposals_must_fit_the_ticket() {
    let cases: [(Setup, Remedy, &str); 7] = [
        (
            Setup::RequestedReturn,
            compensation(PAID_MINOR + 1),
            "remedy_not_applicable",
        ),
        (
            Setup::RequestedReturn,
            compensation(0),
            "amount_not_positive",
        ),
        (
            Setup::RequestedReturn,
            Remedy::PartialCompensation { amount: usd(100) },
            "currency_mismatch",
        ),
        (Setup::Requested, Remedy::Exchange, "remedy_not_applicable"),
        (Setup::Requested, Remedy::Repair, "remedy_not_applicable"),
        (
            Setup::RequestedInTransit,
            Remedy::Reship,
            "remedy_not_applicable",
        ),
        (Setup::RequestedReturn, compensation(PAID_MINOR), "accepted"),
    ];
    let failures = cases
        .iter()
        .filter_map(|(setup, remedy, code)| {
            let mut world = setup.build();
            let got = match world.act(Merchant, "t1", propose(remedy.clone())) {
                Ok(_) => "accepted",
                Err(r) => r.code(),
            };
            (got != *code).then(|| format!("{setup:?} {remedy:?}: {got}, expected {code}"))
        })
        .collect();
    assert_no_failures(cases.len(), failures);

    let mut world = Setup::Requested.build();
    let refused = world
        .act(Buyer, "t1", TicketAction::AcceptRemedy)
        .unwrap_err();
    assert_eq!(refused.code(), "no_proposal");
}

#[test]
fn the_deadline_still_runs_while_a_proposal_waits() {
    // An unanswered proposal does not stop the clock: the system approves what was asked.
    let mut world = Setup::Proposed.build();
    world.advance(hours(48));
    world.fire_due();
    let ticket = world.ticket("t1");
    assert!(ticket.overdue_approved);
    assert_eq!(ticket.course, Course::ReturnForRefund);
    assert_eq!(ticket.state.name(), N::AwaitingReturn);
    // And the buyer can no longer accept it.
    let refused = world
        .act(Buyer, "t1", TicketAction::AcceptRemedy)
        .unwrap_err();
    assert_eq!(refused.code(), "wrong_state");
}

#[test]
fn a_reship_request_approved_is_a_reship() {
    let mut world = World::delivered();
    world.must_open(request(
        "t1",
        TicketKind::Reship,
        Reason::MissingItems,
        1_000,
    ));
    world.must(Merchant, "t1", TicketAction::Approve);
    world.must(Merchant, "t1", ship_replacement());
    world.must(Integration, "t1", TicketAction::ReplacementDelivered);
    assert_eq!(world.state("t1"), N::Completed);
}

/// DOUBTFUL: `decided_at` ("first approval or rejection of the request", the end of the
/// merchant-wait segment in the completion-time metrics) is set when the buyer accepts a
/// remedy (apply.rs, RemedyAccepted), not when the merchant proposed it; a slow buyer makes
/// the merchant look slow. Pinned as current behaviour.
#[test]
fn the_merchant_decided_when_it_proposed_the_remedy() {
    let mut world = Setup::RequestedReturn.build();
    world.advance(hours(1));
    world.must(Merchant, "t1", propose(compensation(5_000)));
    let proposed_at = world.now;
    world.advance(hours(20));
    world.must(Buyer, "t1", TicketAction::AcceptRemedy);
    // A slow buyer must not make the merchant look slow in the completion times.
    assert_eq!(world.ticket("t1").decided_at, Some(proposed_at));
}
