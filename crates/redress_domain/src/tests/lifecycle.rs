//! The ticket lifecycle: every action where it is allowed, where it is refused for the state,
//! and for the actor; optimistic concurrency; approve after refusal; placing and parcels.

use super::support::*;
use crate::dispute::{Responsibility, VerdictOutcome};
use crate::evidence::EvidenceKind::*;
use crate::{
    Actor, DeadlineKind, OrderCommand, ParcelUpdate, Reason, RejectGround, Rejection, Remedy, Role,
    Signer, StateName, TicketAction, TicketKind, TicketState,
};
use Expect::*;
use Setup as S;
use StateName as N;
use Who::*;

fn verdict_full(_: &World) -> TicketAction {
    TicketAction::GiveVerdict {
        responsibility: Responsibility::Merchant,
        outcome: VerdictOutcome::FullRefund,
        reasoning: "the merchant did not prove its case".to_owned(),
    }
}

fn verdict_none(_: &World) -> TicketAction {
    TicketAction::GiveVerdict {
        responsibility: Responsibility::Buyer,
        outcome: VerdictOutcome::NoRefund,
        reasoning: "the buyer did not prove the defect".to_owned(),
    }
}

fn recheck(_: &World) -> TicketAction {
    TicketAction::Recheck {
        responsibility: Responsibility::Merchant,
    }
}

const fn case(setup: Setup, who: Who, action: ActionFn, expect: Expect) -> Case {
    Case {
        setup,
        who,
        action,
        expect,
    }
}

#[test]
fn every_action_where_it_is_allowed() {
    let cancelled = To(N::Closed, &["cancelled"]);
    check(&[
        // The merchant answers.
        case(
            S::Requested,
            Merchant,
            |_| TicketAction::Approve,
            To(N::Refunding, &["approved"]),
        ),
        case(
            S::RequestedReturn,
            Merchant,
            |_| TicketAction::Approve,
            To(N::AwaitingReturn, &["approved"]),
        ),
        case(
            S::RequestedExchange,
            Merchant,
            |_| TicketAction::Approve,
            To(N::AwaitingReturn, &["approved"]),
        ),
        case(
            S::RequestedRepair,
            Merchant,
            |_| TicketAction::Approve,
            To(N::AwaitingReturn, &["approved"]),
        ),
        case(
            S::RequestedReship,
            Merchant,
            |_| TicketAction::Approve,
            To(N::AwaitingMerchantShipment, &["approved"]),
        ),
        case(
            S::RequestedInTransit,
            Merchant,
            |_| TicketAction::ApproveAfterRefusal,
            To(N::AwaitingRefusal, &["approved_after_refusal"]),
        ),
        case(
            S::Requested,
            Merchant,
            |_| reject(RejectGround::Request, &[ChatRecords]),
            To(N::Rejected, &["rejected"]),
        ),
        case(
            S::ReturnReceived,
            Merchant,
            |_| reject(RejectGround::ReturnNotReceived, &[LogisticsTrace]),
            To(N::Rejected, &["rejected"]),
        ),
        case(
            S::ReturnReceived,
            Merchant,
            |_| reject(RejectGround::ReturnNotAsSent, &[Photos]),
            To(N::Rejected, &["rejected"]),
        ),
        case(
            S::RequestedReturn,
            Merchant,
            |_| propose(Remedy::Exchange),
            To(N::Requested, &["remedy_proposed"]),
        ),
        case(
            S::Requested,
            Merchant,
            |_| propose(compensation(100)),
            To(N::Requested, &["remedy_proposed"]),
        ),
        // The buyer.
        case(
            S::Proposed,
            Buyer,
            |_| TicketAction::AcceptRemedy,
            To(N::Refunding, &["remedy_accepted"]),
        ),
        case(
            S::Proposed,
            Buyer,
            |_| TicketAction::DeclineRemedy,
            To(N::Requested, &["remedy_declined"]),
        ),
        case(
            S::Rejected,
            Buyer,
            |_| edit(TicketKind::RefundOnly, Reason::DontWant, 15_000),
            To(N::Requested, &["edited"]),
        ),
        case(S::Requested, Buyer, |_| TicketAction::Cancel, cancelled),
        case(S::Proposed, Buyer, |_| TicketAction::Cancel, cancelled),
        case(
            S::AwaitingRefusal,
            Buyer,
            |_| TicketAction::Cancel,
            cancelled,
        ),
        case(
            S::AwaitingReturn,
            Buyer,
            |_| TicketAction::Cancel,
            cancelled,
        ),
        case(
            S::ReturnInTransit,
            Buyer,
            |_| TicketAction::Cancel,
            cancelled,
        ),
        case(
            S::ReturnReceived,
            Buyer,
            |_| TicketAction::Cancel,
            cancelled,
        ),
        case(
            S::AwaitingMerchantShipment,
            Buyer,
            |_| TicketAction::Cancel,
            cancelled,
        ),
        case(
            S::ReplacementInTransit,
            Buyer,
            |_| TicketAction::Cancel,
            cancelled,
        ),
        case(S::Rejected, Buyer, |_| TicketAction::Cancel, cancelled),
        case(S::InDispute, Buyer, |_| TicketAction::Cancel, cancelled),
        case(
            S::AwaitingVerdict,
            Buyer,
            |_| TicketAction::Cancel,
            cancelled,
        ),
        case(
            S::AwaitingReturn,
            Buyer,
            |_| ship_return(),
            To(N::ReturnInTransit, &["return_shipped"]),
        ),
        case(
            S::Rejected,
            Buyer,
            |_| escalate(),
            To(N::InDispute, &["dispute_opened"]),
        ),
        case(
            S::AwaitingMerchantShipment,
            Buyer,
            |_| escalate(),
            To(N::InDispute, &["dispute_opened"]),
        ),
        case(
            S::ReplacementInTransit,
            Buyer,
            |_| escalate(),
            To(N::InDispute, &["dispute_opened"]),
        ),
        case(
            S::InDispute,
            Buyer,
            |_| TicketAction::CancelDispute,
            To(N::Rejected, &["dispute_cancelled"]),
        ),
        case(
            S::AwaitingVerdict,
            Buyer,
            |_| TicketAction::CancelDispute,
            To(N::Rejected, &["dispute_cancelled"]),
        ),
        // Return and replacement parcels.
        case(
            S::ReturnInTransit,
            Integration,
            |_| TicketAction::ReturnInTransit,
            To(N::ReturnInTransit, &["return_in_transit"]),
        ),
        case(
            S::ReturnInTransit,
            Integration,
            |_| TicketAction::ReturnSigned,
            To(N::ReturnReceived, &["return_signed"]),
        ),
        case(
            S::ReturnInTransit,
            Merchant,
            |_| TicketAction::ConfirmReturn,
            To(N::Refunding, &["return_accepted"]),
        ),
        case(
            S::ReturnReceived,
            Merchant,
            |_| TicketAction::ConfirmReturn,
            To(N::Refunding, &["return_accepted"]),
        ),
        case(
            S::AwaitingMerchantShipment,
            Merchant,
            |_| ship_replacement(),
            To(N::ReplacementInTransit, &["replacement_shipped"]),
        ),
        case(
            S::ReplacementInTransit,
            Integration,
            |_| TicketAction::ReplacementDelivered,
            To(N::Completed, &["replacement_delivered"]),
        ),
        // The dispute.
        case(
            S::InDispute,
            Buyer,
            |_| add_evidence(Photos),
            To(N::InDispute, &["evidence_added"]),
        ),
        case(
            S::InDispute,
            Merchant,
            |_| add_evidence(ChatRecords),
            To(N::InDispute, &["evidence_added"]),
        ),
        case(
            S::InDispute,
            Merchant,
            |_| TicketAction::SettleDispute,
            To(N::Refunding, &["dispute_settled"]),
        ),
        case(
            S::AwaitingVerdict,
            Merchant,
            |_| TicketAction::SettleDispute,
            To(N::Refunding, &["dispute_settled"]),
        ),
        case(
            S::InDispute,
            Arbitrator,
            verdict_full,
            To(N::Refunding, &["verdict_given"]),
        ),
        case(
            S::AwaitingVerdict,
            Arbitrator,
            verdict_none,
            To(N::Closed, &["verdict_given"]),
        ),
        case(
            S::Settled,
            Arbitrator,
            recheck,
            To(N::Refunding, &["rechecked"]),
        ),
        case(
            S::Settled,
            Operator,
            recheck,
            To(N::Refunding, &["rechecked"]),
        ),
        // Payments.
        case(
            S::Refunding,
            Integration,
            |_| refund_succeeded(),
            To(N::Refunded, &["refund_succeeded"]),
        ),
        case(
            S::RefundRetry,
            Integration,
            |_| refund_succeeded(),
            To(N::Refunded, &["refund_succeeded"]),
        ),
        case(
            S::Refunding,
            Integration,
            |_| refund_failed(),
            To(N::Refunding, &["refund_failed"]),
        ),
        case(
            S::RefundRetry,
            Integration,
            |_| refund_failed(),
            To(N::Refunding, &["refund_failed"]),
        ),
        case(
            S::RefundRetry,
            Operator,
            |_| TicketAction::RetryRefund,
            To(N::Refunding, &["refund_retried"]),
        ),
    ]);
}

#[test]
fn actions_refused_in_the_wrong_state() {
    let wrong = Refused("wrong_state");
    check(&[
        case(S::Rejected, Merchant, |_| TicketAction::Approve, wrong),
        case(
            S::AwaitingReturn,
            Merchant,
            |_| TicketAction::Approve,
            wrong,
        ),
        case(S::InDispute, Merchant, |_| TicketAction::Approve, wrong),
        case(S::Refunding, Merchant, |_| TicketAction::Approve, wrong),
        case(S::Refunded, Merchant, |_| TicketAction::Approve, wrong),
        case(
            S::AwaitingRefusal,
            Merchant,
            |_| TicketAction::ApproveAfterRefusal,
            wrong,
        ),
        case(
            S::AwaitingReturn,
            Merchant,
            |_| TicketAction::ApproveAfterRefusal,
            wrong,
        ),
        case(
            S::Rejected,
            Merchant,
            |_| reject(RejectGround::Request, &[ChatRecords]),
            wrong,
        ),
        case(
            S::AwaitingReturn,
            Merchant,
            |_| reject(RejectGround::Request, &[PackingVideo, Photos]),
            wrong,
        ),
        // The ground must fit the state: a request is rejected on its merits, a return on the parcel.
        case(
            S::Requested,
            Merchant,
            |_| reject(RejectGround::ReturnNotReceived, &[LogisticsTrace]),
            wrong,
        ),
        case(
            S::Requested,
            Merchant,
            |_| reject(RejectGround::ReturnNotAsSent, &[Photos]),
            wrong,
        ),
        case(
            S::ReturnReceived,
            Merchant,
            |_| reject(RejectGround::Request, &[PackingVideo, Photos]),
            wrong,
        ),
        case(
            S::AwaitingReturn,
            Merchant,
            |_| reject(RejectGround::ReturnNotReceived, &[LogisticsTrace]),
            wrong,
        ),
        case(S::Rejected, Merchant, |_| propose(Remedy::Exchange), wrong),
        case(
            S::AwaitingReturn,
            Merchant,
            |_| propose(compensation(100)),
            wrong,
        ),
        case(S::Rejected, Buyer, |_| TicketAction::AcceptRemedy, wrong),
        case(
            S::AwaitingReturn,
            Buyer,
            |_| TicketAction::DeclineRemedy,
            wrong,
        ),
        case(
            S::AwaitingReturn,
            Buyer,
            |_| edit(TicketKind::RefundOnly, Reason::DontWant, 100),
            wrong,
        ),
        case(
            S::InDispute,
            Buyer,
            |_| edit(TicketKind::RefundOnly, Reason::DontWant, 100),
            wrong,
        ),
        case(S::Refunding, Buyer, |_| TicketAction::Cancel, wrong),
        case(S::RefundRetry, Buyer, |_| TicketAction::Cancel, wrong),
        case(S::Settled, Buyer, |_| TicketAction::Cancel, wrong),
        case(S::Refunded, Buyer, |_| TicketAction::Cancel, wrong),
        case(S::Completed, Buyer, |_| TicketAction::Cancel, wrong),
        case(S::Closed, Buyer, |_| TicketAction::Cancel, wrong),
        case(S::Requested, Buyer, |_| ship_return(), wrong),
        case(S::ReturnInTransit, Buyer, |_| ship_return(), wrong),
        case(S::Requested, Buyer, |_| escalate(), wrong),
        case(S::AwaitingReturn, Buyer, |_| escalate(), wrong),
        case(S::ReturnReceived, Buyer, |_| escalate(), wrong),
        case(S::InDispute, Buyer, |_| escalate(), wrong),
        case(S::Refunding, Buyer, |_| escalate(), wrong),
        case(S::Rejected, Buyer, |_| TicketAction::CancelDispute, wrong),
        case(S::Settled, Buyer, |_| TicketAction::CancelDispute, wrong),
        case(
            S::AwaitingReturn,
            Integration,
            |_| TicketAction::ReturnInTransit,
            wrong,
        ),
        case(
            S::ReturnReceived,
            Integration,
            |_| TicketAction::ReturnInTransit,
            wrong,
        ),
        case(
            S::AwaitingReturn,
            Integration,
            |_| TicketAction::ReturnSigned,
            wrong,
        ),
        case(
            S::ReturnReceived,
            Integration,
            |_| TicketAction::ReturnSigned,
            wrong,
        ),
        case(
            S::AwaitingReturn,
            Merchant,
            |_| TicketAction::ConfirmReturn,
            wrong,
        ),
        case(
            S::Requested,
            Merchant,
            |_| TicketAction::ConfirmReturn,
            wrong,
        ),
        case(
            S::ReplacementInTransit,
            Merchant,
            |_| ship_replacement(),
            wrong,
        ),
        case(S::RequestedReship, Merchant, |_| ship_replacement(), wrong),
        case(
            S::AwaitingMerchantShipment,
            Integration,
            |_| TicketAction::ReplacementDelivered,
            wrong,
        ),
        case(S::AwaitingVerdict, Buyer, |_| add_evidence(Photos), wrong),
        case(S::Rejected, Merchant, |_| add_evidence(ChatRecords), wrong),
        case(
            S::Rejected,
            Merchant,
            |_| TicketAction::SettleDispute,
            wrong,
        ),
        case(
            S::Refunding,
            Merchant,
            |_| TicketAction::SettleDispute,
            wrong,
        ),
        case(S::Rejected, Arbitrator, verdict_full, wrong),
        case(S::Settled, Arbitrator, verdict_full, wrong),
        case(S::Requested, Integration, |_| refund_succeeded(), wrong),
        case(S::Refunded, Integration, |_| refund_succeeded(), wrong),
        case(S::Refunded, Integration, |_| refund_failed(), wrong),
        case(S::Requested, Operator, |_| TicketAction::RetryRefund, wrong),
        // Retrying a refund that did not fail changes nothing.
        case(
            S::Refunding,
            Operator,
            |_| TicketAction::RetryRefund,
            Refused("no_change"),
        ),
        // Only a dispute the merchant settled can be re-checked.
        case(
            S::InDispute,
            Arbitrator,
            recheck,
            Refused("recheck_not_applicable"),
        ),
        case(
            S::Refunded,
            Arbitrator,
            recheck,
            Refused("recheck_not_applicable"),
        ),
    ]);
}

#[test]
fn wrong_state_names_the_action_and_the_state() {
    let mut world = Setup::Rejected.build();
    let refused = world
        .act(Merchant, "t1", TicketAction::Approve)
        .unwrap_err();
    assert_eq!(
        refused,
        Rejection::WrongState {
            action: "approve",
            state: N::Rejected
        }
    );
}

/// One row: from a set-up, somebody who may not takes an action; the refusal names the roles.
struct ActorCase {
    setup: Setup,
    who: Who,
    action: ActionFn,
    needs: &'static [Role],
}

const fn actor_case(setup: Setup, who: Who, action: ActionFn, needs: &'static [Role]) -> ActorCase {
    ActorCase {
        setup,
        who,
        action,
        needs,
    }
}

#[test]
fn actions_refused_to_the_wrong_actor() {
    const M: &[Role] = &[Role::Merchant];
    const B: &[Role] = &[Role::Buyer];
    const I: &[Role] = &[Role::Integration];
    let cases = [
        // Merchant-only: the buyer, another shop, staff, feeds and the system may not answer.
        actor_case(S::Requested, Buyer, |_| TicketAction::Approve, M),
        actor_case(S::Requested, OtherMerchant, |_| TicketAction::Approve, M),
        actor_case(S::Requested, Arbitrator, |_| TicketAction::Approve, M),
        actor_case(S::Requested, Operator, |_| TicketAction::Approve, M),
        actor_case(S::Requested, Integration, |_| TicketAction::Approve, M),
        actor_case(S::Requested, System, |_| TicketAction::Approve, M),
        actor_case(
            S::RequestedInTransit,
            OtherMerchant,
            |_| TicketAction::ApproveAfterRefusal,
            M,
        ),
        actor_case(
            S::Requested,
            OtherMerchant,
            |_| reject(RejectGround::Request, &[ChatRecords]),
            M,
        ),
        actor_case(
            S::Requested,
            Buyer,
            |_| reject(RejectGround::Request, &[ChatRecords]),
            M,
        ),
        actor_case(
            S::RequestedReturn,
            OtherMerchant,
            |_| propose(Remedy::Exchange),
            M,
        ),
        actor_case(
            S::ReturnReceived,
            OtherMerchant,
            |_| TicketAction::ConfirmReturn,
            M,
        ),
        actor_case(S::ReturnReceived, Buyer, |_| TicketAction::ConfirmReturn, M),
        actor_case(
            S::AwaitingMerchantShipment,
            OtherMerchant,
            |_| ship_replacement(),
            M,
        ),
        actor_case(
            S::InDispute,
            OtherMerchant,
            |_| TicketAction::SettleDispute,
            M,
        ),
        actor_case(S::InDispute, Arbitrator, |_| TicketAction::SettleDispute, M),
        // Buyer-only: another buyer, the merchant, staff.
        actor_case(S::Proposed, OtherBuyer, |_| TicketAction::AcceptRemedy, B),
        actor_case(S::Proposed, Merchant, |_| TicketAction::AcceptRemedy, B),
        actor_case(S::Proposed, OtherBuyer, |_| TicketAction::DeclineRemedy, B),
        actor_case(
            S::Rejected,
            OtherBuyer,
            |_| edit(TicketKind::RefundOnly, Reason::DontWant, 100),
            B,
        ),
        actor_case(
            S::Rejected,
            Merchant,
            |_| edit(TicketKind::RefundOnly, Reason::DontWant, 100),
            B,
        ),
        actor_case(S::Requested, OtherBuyer, |_| TicketAction::Cancel, B),
        actor_case(S::Requested, Merchant, |_| TicketAction::Cancel, B),
        actor_case(S::Requested, Operator, |_| TicketAction::Cancel, B),
        actor_case(S::AwaitingReturn, OtherBuyer, |_| ship_return(), B),
        actor_case(S::AwaitingReturn, Integration, |_| ship_return(), B),
        actor_case(S::Rejected, OtherBuyer, |_| escalate(), B),
        actor_case(S::Rejected, Merchant, |_| escalate(), B),
        actor_case(S::InDispute, OtherBuyer, |_| TicketAction::CancelDispute, B),
        actor_case(S::InDispute, Arbitrator, |_| TicketAction::CancelDispute, B),
        // Either party of the order, nobody else.
        actor_case(
            S::InDispute,
            OtherBuyer,
            |_| add_evidence(Photos),
            &[Role::Buyer, Role::Merchant],
        ),
        actor_case(
            S::InDispute,
            OtherMerchant,
            |_| add_evidence(Photos),
            &[Role::Buyer, Role::Merchant],
        ),
        actor_case(
            S::InDispute,
            Arbitrator,
            |_| add_evidence(Photos),
            &[Role::Buyer, Role::Merchant],
        ),
        // Arbitrator-only.
        actor_case(S::InDispute, Operator, verdict_full, &[Role::Arbitrator]),
        actor_case(S::InDispute, Merchant, verdict_full, &[Role::Arbitrator]),
        actor_case(S::InDispute, Buyer, verdict_full, &[Role::Arbitrator]),
        actor_case(S::InDispute, System, verdict_full, &[Role::Arbitrator]),
        actor_case(
            S::Settled,
            Merchant,
            recheck,
            &[Role::Arbitrator, Role::Operator],
        ),
        actor_case(
            S::Settled,
            Integration,
            recheck,
            &[Role::Arbitrator, Role::Operator],
        ),
        // Integration-only: the merchant cannot report its own return or pay itself.
        actor_case(
            S::ReturnInTransit,
            Merchant,
            |_| TicketAction::ReturnInTransit,
            I,
        ),
        actor_case(
            S::ReturnInTransit,
            Buyer,
            |_| TicketAction::ReturnInTransit,
            I,
        ),
        actor_case(
            S::ReturnInTransit,
            Merchant,
            |_| TicketAction::ReturnSigned,
            I,
        ),
        actor_case(
            S::ReturnInTransit,
            System,
            |_| TicketAction::ReturnSigned,
            I,
        ),
        actor_case(
            S::ReplacementInTransit,
            Merchant,
            |_| TicketAction::ReplacementDelivered,
            I,
        ),
        actor_case(
            S::ReplacementInTransit,
            Buyer,
            |_| TicketAction::ReplacementDelivered,
            I,
        ),
        actor_case(S::Refunding, Merchant, |_| refund_succeeded(), I),
        actor_case(S::Refunding, Operator, |_| refund_succeeded(), I),
        actor_case(S::Refunding, System, |_| refund_succeeded(), I),
        actor_case(S::Refunding, Operator, |_| refund_failed(), I),
        // Operator-only.
        actor_case(
            S::RefundRetry,
            Integration,
            |_| TicketAction::RetryRefund,
            &[Role::Operator],
        ),
        actor_case(
            S::RefundRetry,
            System,
            |_| TicketAction::RetryRefund,
            &[Role::Operator],
        ),
        actor_case(
            S::RefundRetry,
            Merchant,
            |_| TicketAction::RetryRefund,
            &[Role::Operator],
        ),
        // System-only: nobody else can fire a deadline, even a due one.
        actor_case(
            S::RefundRetry,
            Operator,
            |w| w.fire_action("t1"),
            &[Role::System],
        ),
        actor_case(
            S::Requested,
            Operator,
            |w| w.fire_action("t1"),
            &[Role::System],
        ),
        actor_case(
            S::Requested,
            Integration,
            |w| w.fire_action("t1"),
            &[Role::System],
        ),
        actor_case(
            S::Requested,
            Merchant,
            |w| w.fire_action("t1"),
            &[Role::System],
        ),
        actor_case(
            S::Requested,
            Buyer,
            |w| w.fire_action("t1"),
            &[Role::System],
        ),
    ];
    let failures = cases
        .iter()
        .filter_map(|c| {
            let mut world = c.setup.build();
            let action = (c.action)(&world);
            let name = action.name();
            let before = world.order.clone();
            match world.act(c.who, "t1", action) {
                Err(Rejection::WrongActor { action, needs })
                    if action == name && needs == c.needs =>
                {
                    (world.order != before)
                        .then(|| format!("{name} by {:?} changed the order", c.who))
                }
                other => Some(format!(
                    "{:?}: {name} by {:?}: got {:?}, expected wrong_actor needing {:?}",
                    c.setup,
                    c.who,
                    other.map(|e| event_names(&e)),
                    c.needs
                )),
            }
        })
        .collect();
    assert_no_failures(cases.len(), failures);
}

#[test]
fn order_commands_refused_to_the_wrong_actor() {
    let cases: [(Who, OrderCommand, &[Role]); 7] = [
        (
            OtherBuyer,
            OrderCommand::OpenTicket(request("t9", TicketKind::RefundOnly, Reason::DontWant, 100)),
            &[Role::Buyer],
        ),
        (
            Merchant,
            OrderCommand::OpenTicket(request("t9", TicketKind::RefundOnly, Reason::DontWant, 100)),
            &[Role::Buyer],
        ),
        (
            Operator,
            OrderCommand::OpenTicket(request("t9", TicketKind::RefundOnly, Reason::DontWant, 100)),
            &[Role::Buyer],
        ),
        (
            OtherMerchant,
            OrderCommand::single_parcel(ParcelUpdate::TrackingEntered {
                tracking: "SF1".to_owned(),
                items: Vec::new(),
            }),
            &[Role::Integration, Role::Merchant],
        ),
        (
            Buyer,
            OrderCommand::single_parcel(ParcelUpdate::TrackingEntered {
                tracking: "SF1".to_owned(),
                items: Vec::new(),
            }),
            &[Role::Integration, Role::Merchant],
        ),
        (
            System,
            OrderCommand::single_parcel(ParcelUpdate::TrackingEntered {
                tracking: "SF1".to_owned(),
                items: Vec::new(),
            }),
            &[Role::Integration, Role::Merchant],
        ),
        (
            Arbitrator,
            OrderCommand::single_parcel(ParcelUpdate::TrackingEntered {
                tracking: "SF1".to_owned(),
                items: Vec::new(),
            }),
            &[Role::Integration, Role::Merchant],
        ),
    ];
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(who, command, needs)| {
            let mut world = World::new();
            match world.exec(&who.actor(), command) {
                Err(Rejection::WrongActor { needs: got, .. }) if got == *needs => None,
                other => Some(format!("{who:?}: {other:?}")),
            }
        })
        .collect();
    assert_no_failures(cases.len(), failures);

    // Placing is for the order system (or an operator), never for a party of the order.
    for who in [Buyer, Merchant, Arbitrator, System] {
        let mut world = World::empty();
        let refused = world
            .exec(&who.actor(), &OrderCommand::Place(typical_order()))
            .unwrap_err();
        assert_eq!(
            refused,
            Rejection::WrongActor {
                action: "place an order",
                needs: &[Role::Integration, Role::Operator]
            },
            "{who:?}"
        );
    }
    let mut world = World::empty();
    world
        .exec(&Operator.actor(), &OrderCommand::Place(typical_order()))
        .expect("an operator may place an order");
}

#[test]
fn a_stale_expected_version_is_a_conflict() {
    let mut world = Setup::Requested.build();
    assert_eq!(world.ticket("t1").version, 1);
    let refused = world
        .act_versioned(Merchant, "t1", Some(0), TicketAction::Approve)
        .unwrap_err();
    assert_eq!(refused.code(), "version_conflict");
    assert_eq!(
        refused,
        Rejection::VersionConflict {
            expected: 0,
            actual: 1
        }
    );
    assert_eq!(world.state("t1"), N::Requested);

    // Two actors race on version 1: the first wins, the second conflicts.
    world
        .act_versioned(Merchant, "t1", Some(1), TicketAction::Approve)
        .expect("the current version is accepted");
    let refused = world
        .act_versioned(Buyer, "t1", Some(1), TicketAction::Cancel)
        .unwrap_err();
    assert_eq!(
        refused,
        Rejection::VersionConflict {
            expected: 1,
            actual: 2
        }
    );
    assert_eq!(world.state("t1"), N::Refunding);
    assert_eq!(world.ticket("t1").version, 2);
}

#[test]
fn unknown_orders_and_tickets() {
    let mut world = World::empty();
    let refused = world
        .open(request("t1", TicketKind::RefundOnly, Reason::DontWant, 100))
        .unwrap_err();
    assert_eq!(refused.code(), "order_unknown");
    let refused = world
        .act(Merchant, "t1", TicketAction::Approve)
        .unwrap_err();
    assert_eq!(refused.code(), "order_unknown");

    let mut world = World::new();
    let refused = world
        .act(Merchant, "t1", TicketAction::Approve)
        .unwrap_err();
    assert_eq!(refused.code(), "ticket_unknown");
    let refused = world
        .exec(&Actor::Integration, &OrderCommand::Place(typical_order()))
        .unwrap_err();
    assert_eq!(refused.code(), "order_exists");
}

#[test]
fn placing_validates_the_order() {
    let with = |change: fn(&mut crate::NewOrder)| {
        let mut order = typical_order();
        change(&mut order);
        order
    };
    let cases: [(&str, crate::NewOrder, &str); 7] = [
        ("no items", with(|o| o.items.clear()), "no_items"),
        (
            "nothing paid",
            with(|o| o.paid = cny(0)),
            "amount_not_positive",
        ),
        (
            "item twice",
            with(|o| o.items[1].id = iid("i1")),
            "item_duplicated",
        ),
        (
            "item in dollars",
            with(|o| o.items[1].amount = usd(7_000)),
            "currency_mismatch",
        ),
        (
            "zero quantity",
            with(|o| o.items[0].quantity = 0),
            "amount_not_positive",
        ),
        (
            "blank category",
            with(|o| o.items[0].category = " ".to_owned()),
            "text_invalid",
        ),
        (
            "101 items",
            with(|o| {
                o.items = (0..=crate::ORDER_ITEMS_MAX)
                    .map(|n| item(&format!("i{n}"), "p1", "apparel", 1))
                    .collect();
            }),
            "limit_exceeded",
        ),
    ];
    let failures = cases
        .iter()
        .filter_map(|(name, order, code)| {
            let mut world = World::empty();
            match world.exec(&Actor::Integration, &OrderCommand::Place(order.clone())) {
                Err(r) if r.code() == *code => None,
                other => Some(format!(
                    "{name}: {:?}, expected {code}",
                    other.map(|e| event_names(&e))
                )),
            }
        })
        .collect();
    assert_no_failures(cases.len(), failures);

    let world = World::new();
    assert_eq!(event_names(&world.events), ["order_placed"]);
    assert_eq!(world.order().version, 1);
    assert!(world.order().parcels.is_empty());
}

#[test]
fn parcel_updates_follow_the_parcel() {
    use ParcelUpdate as P;
    let tracking = || P::TrackingEntered {
        tracking: "SF1001".to_owned(),
        items: Vec::new(),
    };
    // (updates applied before, the update tried, accepted?)
    let cases: Vec<(Vec<P>, P, Result<&str, &str>)> = vec![
        (vec![], tracking(), Ok("shipped")),
        (vec![tracking()], tracking(), Ok("shipped")),
        (vec![tracking()], P::InTransit, Ok("in_transit")),
        (
            vec![tracking()],
            P::Delivered {
                signer: Signer::Buyer,
            },
            Ok("delivered"),
        ),
        (vec![tracking(), P::InTransit], P::Refused, Ok("returning")),
        (
            vec![tracking(), P::InTransit],
            P::ReturnedToSender,
            Ok("returning"),
        ),
        (vec![tracking()], P::Intercepted, Ok("returning")),
        (vec![], P::InTransit, Err("parcel_out_of_order")),
        (
            vec![],
            P::Delivered {
                signer: Signer::Buyer,
            },
            Err("parcel_out_of_order"),
        ),
        (vec![], P::Refused, Err("parcel_out_of_order")),
        (
            vec![tracking(), P::InTransit],
            tracking(),
            Err("parcel_out_of_order"),
        ),
        (
            vec![tracking(), P::InTransit],
            P::InTransit,
            Err("parcel_out_of_order"),
        ),
        (
            vec![
                tracking(),
                P::Delivered {
                    signer: Signer::Buyer,
                },
            ],
            P::Refused,
            Err("parcel_out_of_order"),
        ),
        (
            vec![tracking(), P::Refused],
            P::Delivered {
                signer: Signer::Buyer,
            },
            Err("parcel_out_of_order"),
        ),
        (
            vec![],
            P::TrackingEntered {
                tracking: "  ".to_owned(),
                items: Vec::new(),
            },
            Err("text_invalid"),
        ),
        (
            vec![],
            P::TrackingEntered {
                tracking: "X".repeat(65),
                items: Vec::new(),
            },
            Err("text_invalid"),
        ),
    ];
    let total = cases.len();
    let failures = cases
        .into_iter()
        .filter_map(|(before, update, expected)| {
            let mut world = World::new();
            for u in before {
                world.must_parcel(u);
            }
            let name = update.as_str();
            let got = world
                .parcel(update)
                .map(|_| world.order().stage().as_str())
                .map_err(|r| r.code());
            (got != expected).then(|| format!("{name}: {got:?}, expected {expected:?}"))
        })
        .collect();
    assert_no_failures(total, failures);
}

#[test]
fn the_merchant_may_enter_its_own_tracking_number() {
    let mut world = World::new();
    world
        .exec(
            &Merchant.actor(),
            &OrderCommand::single_parcel(ParcelUpdate::TrackingEntered {
                tracking: "SF1001".to_owned(),
                items: Vec::new(),
            }),
        )
        .expect("the shop enters its tracking number");
    assert_eq!(world.order().stage(), crate::FulfilmentStage::Shipped);
}

/// DOUBTFUL: SPEC lists logistics as the integration that reports delivery, signer type and
/// refusal; `decide_parcel` lets the shop itself report any update. A shop that approved "after
/// refusal" can report its own parcel delivered and so send the ticket back to Requested. This
/// test pins the current behaviour.
#[test]
fn only_the_carrier_reports_delivery_refusal_and_transit() {
    use ParcelUpdate as P;
    for update in [
        P::Delivered {
            signer: Signer::Buyer,
        },
        P::Refused,
        P::ReturnedToSender,
        P::InTransit,
    ] {
        let mut world = Setup::AwaitingRefusal.build();
        let refused = world
            .exec(
                &Merchant.actor(),
                &OrderCommand::single_parcel(update.clone()),
            )
            .unwrap_err();
        assert_eq!(refused.code(), "wrong_actor", "{update:?}");
        assert_eq!(world.state("t1"), N::AwaitingRefusal, "{update:?}");
    }
    // The merchant may intercept its own parcel (seed 000 Q2).
    let mut world = Setup::AwaitingRefusal.build();
    world
        .exec(
            &Merchant.actor(),
            &OrderCommand::single_parcel(P::Intercepted),
        )
        .expect("interception by the merchant");
    assert_eq!(world.state("t1"), N::Refunding);
}

#[test]
fn approve_after_refusal_refunds_when_the_parcel_comes_back() {
    use ParcelUpdate as P;
    for update in [P::Refused, P::ReturnedToSender, P::Intercepted] {
        let mut world = Setup::AwaitingRefusal.build();
        let approved_at = world.now;
        assert_eq!(
            world.ticket("t1").state,
            TicketState::AwaitingRefusal {
                due_at: plus(approved_at, days(15))
            }
        );
        world.advance(hours(30));
        let name = update.as_str();
        let events = world.must_parcel(update);
        assert_eq!(
            event_names(&events),
            ["parcel_updated", "refusal_confirmed"],
            "{name}"
        );
        assert_eq!(
            world.ticket("t1").state,
            TicketState::Refunding {
                amount: cny(PAID_MINOR),
                attempt: 1,
                retry_at: None
            },
            "{name}"
        );
        assert_eq!(world.ticket("t1").decided_at, Some(approved_at), "{name}");
    }
}

#[test]
fn approve_after_refusal_returns_to_requested_when_delivered() {
    let mut world = Setup::AwaitingRefusal.build();
    world.advance(hours(30));
    let events = world.must_parcel(ParcelUpdate::Delivered {
        signer: Signer::Buyer,
    });
    assert_eq!(event_names(&events), ["parcel_updated", "refusal_failed"]);
    assert_eq!(
        world.ticket("t1").state,
        TicketState::Requested {
            due_at: plus(world.now, hours(48)),
            proposal: None
        }
    );
    assert_eq!(world.deadline("t1").kind, DeadlineKind::MerchantResponse);
}

#[test]
fn approve_after_refusal_applies_only_to_a_parcel_on_its_way() {
    let returning = || {
        let mut world = World::new();
        world.ship();
        world.must_parcel(ParcelUpdate::Refused);
        world.must_open(request(
            "t1",
            TicketKind::RefundOnly,
            Reason::DontWant,
            PAID_MINOR,
        ));
        world
    };
    let delivered_refund = || {
        let mut world = World::delivered();
        world.must_open(request(
            "t1",
            TicketKind::RefundOnly,
            Reason::QualityProblem,
            PAID_MINOR,
        ));
        world
    };
    let shipped_only = || {
        let mut world = World::new();
        world.ship();
        world.must_open(request(
            "t1",
            TicketKind::RefundOnly,
            Reason::DontWant,
            PAID_MINOR,
        ));
        world
    };
    let cases: [(&str, World, Result<StateName, &str>); 6] = [
        (
            "unshipped",
            Setup::Requested.build(),
            Err("refusal_not_applicable"),
        ),
        (
            "delivered",
            delivered_refund(),
            Err("refusal_not_applicable"),
        ),
        ("returning", returning(), Err("refusal_not_applicable")),
        (
            "return and refund",
            Setup::RequestedReturn.build(),
            Err("refusal_not_applicable"),
        ),
        ("shipped", shipped_only(), Ok(N::AwaitingRefusal)),
        (
            "in transit",
            Setup::RequestedInTransit.build(),
            Ok(N::AwaitingRefusal),
        ),
    ];
    let total = cases.len();
    let failures = cases
        .into_iter()
        .filter_map(|(name, mut world, expected)| {
            let got = world
                .act(Merchant, "t1", TicketAction::ApproveAfterRefusal)
                .map(|_| world.state("t1"))
                .map_err(|r| r.code());
            (got != expected).then(|| format!("{name}: {got:?}, expected {expected:?}"))
        })
        .collect();
    assert_no_failures(total, failures);
}

#[test]
fn cancel_closes_with_the_buyer_as_cause() {
    let mut world = Setup::InDispute.build();
    world.advance(hours(1));
    world.must(Buyer, "t1", TicketAction::Cancel);
    let ticket = world.ticket("t1");
    assert_eq!(
        ticket.state,
        TicketState::Closed {
            at: world.now,
            cause: crate::ClosedCause::CancelledByBuyer
        }
    );
    let dispute = ticket.dispute.as_ref().expect("the dispute is kept");
    assert!(
        !dispute.open,
        "cancelling the ticket ends the dispute round"
    );
    assert_eq!(ticket.deadline(), None);
}

#[test]
fn edit_resubmits_the_same_ticket_with_a_fresh_deadline() {
    let mut world = Setup::Rejected.build();
    world.advance(hours(5));
    world.must(
        Buyer,
        "t1",
        edit(TicketKind::RefundOnly, Reason::LogisticsStalled, 15_000),
    );
    let ticket = world.ticket("t1");
    assert_eq!(
        ticket.state,
        TicketState::Requested {
            due_at: plus(world.now, hours(48)),
            proposal: None
        }
    );
    assert_eq!(
        (ticket.reason, ticket.amount),
        (Reason::LogisticsStalled, cny(15_000))
    );
    assert_eq!(ticket.rejection, None);
    assert_eq!(
        ticket.opened_at,
        plus(t0(), hours(1)),
        "the first request still counts"
    );

    // An edit is validated like a new request.
    let mut world = Setup::Rejected.build();
    let refused = world
        .act(
            Buyer,
            "t1",
            edit(TicketKind::RefundOnly, Reason::DontWant, PAID_MINOR + 1),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "amount_above_refundable");
    let refused = world
        .act(
            Buyer,
            "t1",
            edit(TicketKind::ReturnAndRefund, Reason::DontWant, 100),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "kind_needs_delivery");
}

/// Seed 000 Q3: "若得到买家认可,可协商买家修改正确退款原因" — after talking with the merchant
/// the buyer corrects the reason of a request the merchant has not answered yet. Same ticket,
/// still Requested; the merchant answers the corrected request with its full 48 h.
#[test]
fn buyer_corrects_the_reason_of_a_pending_request() {
    let mut world = Setup::RequestedInTransit.build();
    let opened_at = world.ticket("t1").opened_at;
    world.advance(hours(20));
    let events = world.must(
        Buyer,
        "t1",
        edit(TicketKind::RefundOnly, Reason::DontWant, PAID_MINOR),
    );
    assert_eq!(event_names(&events), ["edited"]);
    let ticket = world.ticket("t1");
    assert_eq!(
        ticket.state,
        TicketState::Requested {
            due_at: plus(world.now, hours(48)),
            proposal: None
        }
    );
    assert_eq!(ticket.reason, Reason::DontWant);
    assert_eq!(
        ticket.opened_at, opened_at,
        "the first request still counts"
    );
    assert_eq!(ticket.decided_at, None, "nobody has answered yet");

    // A pending remedy was proposed for the old request: the corrected one drops it.
    let mut world = Setup::Proposed.build();
    world.advance(hours(1));
    world.must(
        Buyer,
        "t1",
        edit(
            TicketKind::ReturnAndRefund,
            Reason::NotAsDescribed,
            PAID_MINOR,
        ),
    );
    assert!(matches!(
        world.ticket("t1").state,
        TicketState::Requested { proposal: None, .. }
    ));
    let refused = world
        .act(Buyer, "t1", TicketAction::AcceptRemedy)
        .unwrap_err();
    assert_eq!(refused.code(), "no_proposal");

    // Only the buyer, only before the merchant's deadline, validated like a new request.
    let mut world = Setup::Requested.build();
    let refused = world
        .act(
            Merchant,
            "t1",
            edit(TicketKind::RefundOnly, Reason::QualityProblem, 100),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "wrong_actor");
    let refused = world
        .act(
            Buyer,
            "t1",
            edit(TicketKind::RefundOnly, Reason::DontWant, PAID_MINOR + 1),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "amount_above_refundable");
    world.advance(hours(48));
    let refused = world
        .act(
            Buyer,
            "t1",
            edit(TicketKind::RefundOnly, Reason::DontWant, 100),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "deadline_passed");
}

#[test]
fn approval_of_each_kind_sets_its_course() {
    let cases = [
        (S::Requested, N::Refunding, crate::Course::Refund),
        (
            S::RequestedReturn,
            N::AwaitingReturn,
            crate::Course::ReturnForRefund,
        ),
        (
            S::RequestedExchange,
            N::AwaitingReturn,
            crate::Course::Exchange,
        ),
        (S::RequestedRepair, N::AwaitingReturn, crate::Course::Repair),
        (
            S::RequestedReship,
            N::AwaitingMerchantShipment,
            crate::Course::Reship,
        ),
    ];
    for (setup, state, course) in cases {
        let mut world = setup.build();
        world.advance(hours(3));
        world.must(Merchant, "t1", TicketAction::Approve);
        let ticket = world.ticket("t1");
        assert_eq!(
            (ticket.state.name(), ticket.course),
            (state, course),
            "{setup:?}"
        );
        assert_eq!(ticket.decided_at, Some(world.now), "{setup:?}");
        assert!(
            !ticket.overdue_approved && ticket.auto_rule.is_none(),
            "{setup:?}"
        );
        match &ticket.state {
            TicketState::AwaitingReturn { due_at } => {
                assert_eq!(*due_at, plus(world.now, days(7)), "{setup:?}")
            }
            TicketState::AwaitingMerchantShipment { due_at } => {
                assert_eq!(*due_at, plus(world.now, hours(48)), "{setup:?}")
            }
            TicketState::Refunding { amount, .. } => assert_eq!(*amount, cny(PAID_MINOR)),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn an_exchange_goes_back_to_the_buyer_after_the_return() {
    let mut world = Setup::RequestedExchange.build();
    world.must(Merchant, "t1", TicketAction::Approve);
    world.must(Buyer, "t1", ship_return());
    world.must(Integration, "t1", TicketAction::ReturnSigned);
    world.advance(hours(3));
    let events = world.must(Merchant, "t1", TicketAction::ConfirmReturn);
    assert_eq!(event_names(&events), ["return_accepted"]);
    assert_eq!(
        world.ticket("t1").state,
        TicketState::AwaitingMerchantShipment {
            due_at: plus(world.now, hours(48))
        }
    );
    world.must(Merchant, "t1", ship_replacement());
    world.must(Integration, "t1", TicketAction::ReplacementDelivered);
    assert_eq!(world.state("t1"), N::Completed);
    assert_eq!(world.order().refunded(), cny(0));
}
