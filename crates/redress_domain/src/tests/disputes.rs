//! Disputes (平台介入): counted at the first request, cancelled with the time left, evidence
//! windows and checklists, settlement and re-check, verdicts, and the verdict helper.

use super::support::*;
use crate::dispute::{
    self, DisputeResolution, Opener, Responsibility, Suggestion, SuggestionRule, VerdictOutcome,
};
use crate::evidence::{ChecklistItem, EVIDENCE_PER_SIDE_MAX, EvidenceKind, Side};
use crate::{
    ClosedCause, DisputePhase, ParcelUpdate, Reason, RejectGround, Rejection, Signer, StateName,
    TicketAction, TicketChange, TicketKind, TicketState,
};
use EvidenceKind::*;
use StateName as N;
use Who::*;

/// The `DisputeOpened` change among `events`.
fn opened(events: &[crate::OrderEvent]) -> (bool, Option<crate::SignedDuration>, Opener) {
    ticket_changes(events)
        .into_iter()
        .find_map(|c| match c {
            TicketChange::DisputeOpened {
                first,
                time_left,
                opener,
                ..
            } => Some((*first, *time_left, *opener)),
            _ => None,
        })
        .expect("a dispute was opened")
}

#[test]
fn escalating_a_rejection_opens_the_first_dispute() {
    let mut world = Setup::Rejected.build();
    world.advance(days(1));
    let events = world.must(Buyer, "t1", escalate());
    assert_eq!(event_names(&events), ["dispute_opened"]);
    assert_eq!(opened(&events), (true, Some(days(6)), Opener::Buyer));
    let ticket = world.ticket("t1");
    assert_eq!(
        ticket.state,
        TicketState::InDispute {
            phase: DisputePhase::Evidence {
                due_at: plus(world.now, hours(48))
            }
        }
    );
    let dispute = ticket.dispute.as_ref().expect("a dispute");
    assert_eq!(dispute.first_requested_at, world.now);
    assert_eq!(
        (dispute.rounds, dispute.cancellations, dispute.open),
        (1, 0, true)
    );
    assert_eq!(dispute.opened_by, Opener::Buyer);
    assert_eq!(
        dispute.evidence_of(Side::Buyer).count(),
        1,
        "the escalation's photos"
    );
    assert!(ticket.platform_intervened());
}

#[test]
fn a_cancelled_dispute_gives_back_the_time_left_and_still_counts_once() {
    let mut world = Setup::Rejected.build();
    let rejected_at = world.now;
    assert_eq!(world.deadline("t1").due_at, plus(rejected_at, days(7)));

    // Escalated two days into the seven-day window: five days left.
    world.advance(days(2));
    let first_at = world.now;
    let events = world.must(Buyer, "t1", escalate());
    assert_eq!(opened(&events), (true, Some(days(5)), Opener::Buyer));

    // Cancelled ten hours later: back to Rejected, due five days from the cancel.
    world.advance(hours(10));
    let events = world.must(Buyer, "t1", TicketAction::CancelDispute);
    assert_eq!(event_names(&events), ["dispute_cancelled"]);
    let ticket = world.ticket("t1");
    assert_eq!(
        ticket.state,
        TicketState::Rejected {
            due_at: plus(world.now, days(5))
        }
    );
    let dispute = ticket.dispute.as_ref().expect("the dispute still counts");
    assert_eq!(dispute.first_requested_at, first_at);
    assert_eq!(
        (dispute.rounds, dispute.cancellations, dispute.open),
        (1, 1, false)
    );
    assert!(ticket.platform_intervened());

    // Escalated again a day later: not the first, counted at the first request.
    world.advance(days(1));
    let events = world.must(Buyer, "t1", escalate());
    assert_eq!(opened(&events), (false, Some(days(4)), Opener::Buyer));
    let dispute = world.ticket("t1").dispute.clone().expect("a dispute");
    assert_eq!(dispute.first_requested_at, first_at);
    assert_eq!(
        (dispute.rounds, dispute.cancellations, dispute.open),
        (2, 1, true)
    );

    // The lapse after a cancel closes the ticket as usual.
    world.advance(hours(1));
    world.must(Buyer, "t1", TicketAction::CancelDispute);
    world.advance(days(4));
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
fn an_edited_and_rejected_again_ticket_does_not_count_twice() {
    let mut world = Setup::InDispute.build();
    let first_at = world
        .ticket("t1")
        .dispute
        .as_ref()
        .expect("a dispute")
        .first_requested_at;
    world.must(Buyer, "t1", TicketAction::CancelDispute);
    world.must(
        Buyer,
        "t1",
        edit(TicketKind::RefundOnly, Reason::DontWant, 15_000),
    );
    world.must(
        Merchant,
        "t1",
        reject(RejectGround::Request, &[ChatRecords]),
    );
    world.advance(hours(1));
    let events = world.must(Buyer, "t1", escalate());
    assert!(!opened(&events).0);
    assert_eq!(
        world
            .ticket("t1")
            .dispute
            .as_ref()
            .expect("kept")
            .first_requested_at,
        first_at
    );
}

#[test]
fn both_sides_add_evidence_within_the_window() {
    let mut world = Setup::InDispute.build();
    let due_at = world.deadline("t1").due_at;
    world.must(Merchant, "t1", add_evidence(TrackingNumber));
    world.advance_to(plus(due_at, secs(-1)));
    world.must(Buyer, "t1", add_evidence(PackingVideo));
    let dispute = world.ticket("t1").dispute.clone().expect("a dispute");
    let kinds = |side| {
        dispute
            .evidence_of(side)
            .map(|e| e.kind)
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds(Side::Buyer), [Photos, PackingVideo]);
    assert_eq!(kinds(Side::Merchant), [TrackingNumber]);

    world.advance_to(due_at);
    let refused = world
        .act(Merchant, "t1", add_evidence(ChatRecords))
        .unwrap_err();
    assert_eq!(refused.code(), "deadline_passed");
    world.fire_due();
    assert_eq!(
        world.ticket("t1").state,
        TicketState::InDispute {
            phase: DisputePhase::AwaitingVerdict
        }
    );
    let refused = world
        .act(Buyer, "t1", add_evidence(ChatRecords))
        .unwrap_err();
    assert_eq!(refused.code(), "wrong_state");
}

#[test]
fn evidence_is_limited_per_side() {
    let mut world = Setup::InDispute.build();
    for _ in 0..EVIDENCE_PER_SIDE_MAX {
        world.must(Merchant, "t1", add_evidence(Photos));
    }
    let refused = world.act(Merchant, "t1", add_evidence(Photos)).unwrap_err();
    assert_eq!(
        refused,
        Rejection::LimitExceeded {
            field: "evidence",
            max: 50
        }
    );
    // The buyer's own count is separate: the escalation brought one piece.
    for _ in 1..EVIDENCE_PER_SIDE_MAX {
        world.must(Buyer, "t1", add_evidence(Photos));
    }
    let refused = world.act(Buyer, "t1", add_evidence(Photos)).unwrap_err();
    assert_eq!(refused.code(), "limit_exceeded");
}

/// BUG: `EVIDENCE_PER_SIDE_MAX` is "at most this many pieces of evidence per side per ticket",
/// but `Escalate` only checks the pieces it carries (`validate_evidence`), never what the
/// dispute already holds, and `DisputeOpened` appends them. Cancel and escalate again, 50
/// pieces each time, and the buyer's side grows without bound (decide.rs, TicketAction::
/// Escalate). Fix: refuse when `dispute.evidence_of(Buyer).count() + evidence.len()` exceeds
/// the limit.
#[test]
fn evidence_limit_holds_across_re_escalation() {
    let mut world = Setup::Rejected.build();
    let fifty = TicketAction::Escalate {
        note: String::new(),
        evidence: evidence(&[Photos; EVIDENCE_PER_SIDE_MAX]),
    };
    world.must(Buyer, "t1", fifty.clone());
    world.must(Buyer, "t1", TicketAction::CancelDispute);
    let second = world.act(Buyer, "t1", fifty);
    let held = world
        .ticket("t1")
        .dispute
        .as_ref()
        .expect("a dispute")
        .evidence_of(Side::Buyer)
        .count();
    assert!(
        held <= EVIDENCE_PER_SIDE_MAX,
        "the buyer's side holds {held} pieces after a second escalation ({:?})",
        second.map(|e| event_names(&e))
    );
}

/// BUG: the same limit for the buyer's request evidence: `Edited` extends `buyer_evidence`
/// (apply.rs, TicketChange::Edited) and `Edit` validates only the new pieces (decide.rs,
/// TicketAction::Edit), so each resubmission adds up to 50 more. Fix: count the existing
/// `buyer_evidence` in the check, or replace instead of extend.
#[test]
fn buyer_evidence_limit_holds_across_edits() {
    let mut world = World::new();
    world.must_open(with_evidence(
        request("t1", TicketKind::RefundOnly, Reason::DontWant, 100),
        &[Photos; EVIDENCE_PER_SIDE_MAX],
    ));
    world.must(
        Merchant,
        "t1",
        reject(RejectGround::Request, &[ChatRecords]),
    );
    let resubmitted = world.act(
        Buyer,
        "t1",
        TicketAction::Edit {
            kind: TicketKind::RefundOnly,
            reason: Reason::DontWant,
            amount: cny(100),
            items: Vec::new(),
            description: String::new(),
            evidence: evidence(&[Photos; EVIDENCE_PER_SIDE_MAX]),
        },
    );
    let held = world.ticket("t1").buyer_evidence.len();
    assert!(
        held <= EVIDENCE_PER_SIDE_MAX,
        "the buyer's request holds {held} pieces after one edit ({:?})",
        resubmitted.map(|e| event_names(&e))
    );
}

#[test]
fn a_settled_dispute_is_refunded_and_may_be_rechecked() {
    let mut world = Setup::InDispute.build();
    world.advance(hours(3));
    let events = world.must(Merchant, "t1", TicketAction::SettleDispute);
    assert_eq!(event_names(&events), ["dispute_settled"]);
    let ticket = world.ticket("t1");
    assert_eq!(
        ticket.state,
        TicketState::Refunding {
            amount: cny(PAID_MINOR),
            attempt: 1,
            retry_at: None
        }
    );
    let dispute = ticket.dispute.as_ref().expect("a dispute");
    assert_eq!(
        dispute.resolution,
        Some(DisputeResolution::SettledByMerchant {
            at: world.now,
            recheck: None
        })
    );
    assert!(!dispute.open);
    assert!(
        !dispute.merchant_responsible(),
        "settled, not yet re-checked"
    );

    world.must(Integration, "t1", refund_succeeded());
    world.must(
        Operator,
        "t1",
        TicketAction::Recheck {
            responsibility: Responsibility::Merchant,
        },
    );
    let dispute = world.ticket("t1").dispute.clone().expect("a dispute");
    assert!(dispute.merchant_responsible());
    assert_eq!(world.state("t1"), N::Refunded, "a re-check moves no money");
    let refused = world
        .act(
            Arbitrator,
            "t1",
            TicketAction::Recheck {
                responsibility: Responsibility::Buyer,
            },
        )
        .unwrap_err();
    assert_eq!(refused, Rejection::RecheckNotApplicable);
}

#[test]
fn rechecks_decide_merchant_responsibility() {
    for responsibility in Responsibility::ALL {
        let mut world = Setup::Settled.build();
        world.must(Arbitrator, "t1", TicketAction::Recheck { responsibility });
        let dispute = world.ticket("t1").dispute.clone().expect("a dispute");
        assert_eq!(
            dispute.merchant_responsible(),
            matches!(
                responsibility,
                Responsibility::Merchant | Responsibility::Both
            ),
            "{responsibility:?}"
        );
    }
}

/// Responsibility, outcome, the state or refusal code, the refunding amount, and whether the
/// dispute is merchant-responsible.
type VerdictRow = (
    Responsibility,
    VerdictOutcome,
    Result<StateName, &'static str>,
    Option<i64>,
    bool,
);

#[test]
fn verdicts_with_each_responsibility_and_outcome() {
    use Responsibility as R;
    use VerdictOutcome as O;
    let partial = |minor| O::PartialRefund { amount: cny(minor) };
    // (responsibility, outcome, state or refusal code, refunding amount, merchant-responsible)
    let cases: Vec<VerdictRow> = vec![
        (
            R::Merchant,
            O::FullRefund,
            Ok(N::Refunding),
            Some(PAID_MINOR),
            true,
        ),
        (
            R::Merchant,
            partial(5_000),
            Ok(N::Refunding),
            Some(5_000),
            true,
        ),
        (R::Both, partial(9_950), Ok(N::Refunding), Some(9_950), true),
        (R::Both, O::NoRefund, Ok(N::Closed), None, true),
        (R::Buyer, O::NoRefund, Ok(N::Closed), None, false),
        (R::Buyer, partial(1), Ok(N::Refunding), Some(1), false),
        (
            R::None,
            O::FullRefund,
            Ok(N::Refunding),
            Some(PAID_MINOR),
            false,
        ),
        (R::None, O::NoRefund, Ok(N::Closed), None, false),
        (
            R::Merchant,
            partial(PAID_MINOR),
            Ok(N::Refunding),
            Some(PAID_MINOR),
            true,
        ),
        (
            R::Merchant,
            partial(PAID_MINOR + 1),
            Err("amount_above_refundable"),
            None,
            false,
        ),
        (
            R::Merchant,
            partial(0),
            Err("amount_not_positive"),
            None,
            false,
        ),
        (
            R::Merchant,
            O::PartialRefund { amount: usd(100) },
            Err("currency_mismatch"),
            None,
            false,
        ),
    ];
    let total = cases.len();
    let mut failures = Vec::new();
    for (responsibility, outcome, expected, refund, merchant_responsible) in cases {
        let label = format!("{responsibility:?} {outcome:?}");
        let mut world = Setup::AwaitingVerdict.build();
        let action = TicketAction::GiveVerdict {
            responsibility,
            outcome: outcome.clone(),
            reasoning: "weighed both sides".to_owned(),
        };
        let got = world
            .act(Arbitrator, "t1", action)
            .map(|_| world.state("t1"))
            .map_err(|r| r.code());
        if got != expected {
            failures.push(format!("{label}: {got:?}, expected {expected:?}"));
            continue;
        }
        if got.is_err() {
            continue;
        }
        let ticket = world.ticket("t1");
        let dispute = ticket.dispute.as_ref().expect("a dispute");
        match &dispute.resolution {
            Some(DisputeResolution::Decided(v))
                if v.responsibility == responsibility
                    && v.outcome == outcome
                    && v.at == world.now => {}
            other => failures.push(format!("{label}: resolution {other:?}")),
        }
        if dispute.merchant_responsible() != merchant_responsible || dispute.open {
            failures.push(format!(
                "{label}: merchant-responsible {}",
                dispute.merchant_responsible()
            ));
        }
        let state_ok = match (&ticket.state, refund) {
            (TicketState::Refunding { amount, .. }, Some(minor)) => *amount == cny(minor),
            (
                TicketState::Closed {
                    cause: ClosedCause::VerdictNoRefund,
                    ..
                },
                None,
            ) => true,
            _ => false,
        };
        if !state_ok {
            failures.push(format!("{label}: state {:?}", ticket.state));
        }
    }
    assert_no_failures(total, failures);

    let mut world = Setup::AwaitingVerdict.build();
    let refused = world
        .act(
            Arbitrator,
            "t1",
            TicketAction::GiveVerdict {
                responsibility: Responsibility::Merchant,
                outcome: VerdictOutcome::FullRefund,
                reasoning: " ".to_owned(),
            },
        )
        .unwrap_err();
    assert_eq!(refused.code(), "text_invalid");
}

#[test]
fn a_partial_verdict_refunds_only_the_partial_amount() {
    let mut world = Setup::AwaitingVerdict.build();
    world.must(
        Arbitrator,
        "t1",
        TicketAction::GiveVerdict {
            responsibility: Responsibility::Both,
            outcome: VerdictOutcome::PartialRefund { amount: cny(8_000) },
            reasoning: "both share the blame".to_owned(),
        },
    );
    world.must(Integration, "t1", refund_succeeded());
    assert_eq!(world.order().refunded(), cny(8_000));
    assert_eq!(world.ticket("t1").refunded, cny(8_000));
}

/// The arbitrator may decide before the 48 h evidence window ends, e.g. when the decisive
/// evidence is already in (a locker delivery without consent); the window then closes.
#[test]
fn a_verdict_may_close_the_evidence_window_early() {
    let mut world = Setup::InDispute.build();
    let events = world.must(
        Arbitrator,
        "t1",
        TicketAction::GiveVerdict {
            responsibility: Responsibility::Merchant,
            outcome: VerdictOutcome::FullRefund,
            reasoning: "clear case".to_owned(),
        },
    );
    assert_eq!(world.state("t1"), N::Refunding);
    // Recorded as early, so the log tells it from a verdict after the window (issue 19).
    let early = ticket_changes(&events).into_iter().find_map(|c| match c {
        TicketChange::VerdictGiven { early, .. } => Some(*early),
        _ => None,
    });
    assert_eq!(early, Some(true));
}

#[test]
fn a_verdict_after_the_evidence_window_is_not_early() {
    let mut world = Setup::AwaitingVerdict.build();
    assert!(!world.ticket("t1").evidence_window_open(world.now));
    let events = world.must(
        Arbitrator,
        "t1",
        TicketAction::GiveVerdict {
            responsibility: Responsibility::Buyer,
            outcome: VerdictOutcome::NoRefund,
            reasoning: "the goods were used".to_owned(),
        },
    );
    let early = ticket_changes(&events).into_iter().find_map(|c| match c {
        TicketChange::VerdictGiven { early, .. } => Some(*early),
        _ => None,
    });
    assert_eq!(early, Some(false));
}

/// A dispute over an agreed remedy the merchant did not ship (here one the system opened) was
/// never a rejection: cancelling it goes back to waiting for the merchant's parcel, with the
/// merchant's full shipping time again, and the dispute still counts once.
#[test]
fn cancelling_a_remedy_dispute_resumes_waiting_for_the_merchant() {
    let mut world = Setup::AwaitingMerchantShipment.build();
    world.advance(hours(48));
    world.fire_due();
    assert_eq!(
        world
            .ticket("t1")
            .dispute
            .as_ref()
            .expect("a dispute")
            .opened_by,
        Opener::System
    );
    world.advance(hours(1));
    world.must(Buyer, "t1", TicketAction::CancelDispute);
    assert_eq!(
        world.ticket("t1").state,
        TicketState::AwaitingMerchantShipment {
            due_at: plus(world.now, hours(48))
        }
    );
    assert_eq!(world.ticket("t1").rejection, None);
    world.must(Merchant, "t1", ship_replacement());
    assert_eq!(world.state("t1"), StateName::ReplacementInTransit);
}

/// The suggested evidence per scenario and side, as the checklist shows it.
#[test]
fn checklists_per_side() {
    // (reason, buyer's list, merchant's list)
    let cases: [(Reason, &[EvidenceKind], &[EvidenceKind]); 6] = [
        (Reason::NotReceived, &[], &[TrackingNumber, ChatRecords]),
        (
            Reason::WrongItem,
            &[Photos],
            &[Photos, ChatRecords, PackingVideo],
        ),
        (
            Reason::Counterfeit,
            &[Photos],
            &[BrandAuthorisation, PurchaseProof, InspectionReport],
        ),
        (
            Reason::DamagedInTransit,
            &[Photos],
            &[LogisticsTrace, ChatRecords],
        ),
        (Reason::DontWant, &[], &[ChatRecords]),
        (Reason::NoReasonSevenDay, &[], &[ChatRecords]),
    ];
    for (reason, buyer, merchant) in cases {
        let kind = if reason == Reason::NoReasonSevenDay {
            TicketKind::ReturnAndRefund
        } else {
            TicketKind::RefundOnly
        };
        let mut world = World::delivered();
        world.must_open(request("t1", kind, reason, PAID_MINOR));
        let list = |world: &World, side| dispute::checklist(world.ticket("t1"), side);
        let all = |kinds: &[EvidenceKind], given: bool| {
            kinds
                .iter()
                .map(|&kind| ChecklistItem {
                    kind,
                    required: false,
                    given,
                })
                .collect::<Vec<_>>()
        };
        // Before anything was given.
        assert_eq!(
            list(&world, Side::Buyer),
            all(buyer, false),
            "{reason:?} buyer"
        );
        assert_eq!(
            list(&world, Side::Merchant),
            all(merchant, false),
            "{reason:?} merchant"
        );
        // The merchant's rejection evidence counts for the merchant.
        world.must(Merchant, "t1", reject(RejectGround::Request, merchant));
        assert_eq!(
            list(&world, Side::Merchant),
            all(merchant, true),
            "{reason:?} merchant"
        );
        // The buyer's escalation and added evidence count for the buyer.
        world.must(
            Buyer,
            "t1",
            TicketAction::Escalate {
                note: String::new(),
                evidence: Vec::new(),
            },
        );
        assert_eq!(
            list(&world, Side::Buyer),
            all(buyer, false),
            "{reason:?} buyer"
        );
        for &kind in buyer {
            world.must(Buyer, "t1", add_evidence(kind));
        }
        assert_eq!(
            list(&world, Side::Buyer),
            all(buyer, true),
            "{reason:?} buyer"
        );
    }

    // Evidence opened with counts for the buyer; the other side's does not.
    let mut world = World::delivered();
    world.must_open(with_evidence(
        request("t1", TicketKind::RefundOnly, Reason::QualityProblem, 100),
        &[Photos],
    ));
    assert_eq!(
        dispute::checklist(world.ticket("t1"), Side::Buyer),
        [ChecklistItem {
            kind: Photos,
            required: false,
            given: true
        }]
    );
    assert_eq!(
        dispute::checklist(world.ticket("t1"), Side::Merchant),
        [
            ChecklistItem {
                kind: PackingVideo,
                required: false,
                given: false
            },
            ChecklistItem {
                kind: Photos,
                required: false,
                given: false
            }
        ]
    );
}

/// Seed 000 Q2 A2 3: a stalled-logistics rejection must carry the chat; the checklist marks
/// it required among the suggestions and shows what is present.
#[test]
fn the_checklist_marks_what_a_seed_requires() {
    let mut world = Setup::RequestedInTransit.build();
    let refused = world
        .act(
            Merchant,
            "t1",
            reject(RejectGround::Request, &[TrackingNumber]),
        )
        .unwrap_err();
    assert_eq!(
        refused,
        Rejection::EvidenceMissing {
            missing: vec![ChatRecords]
        }
    );
    world.must(
        Merchant,
        "t1",
        reject(RejectGround::Request, &[ChatRecords]),
    );
    assert_eq!(
        dispute::checklist(world.ticket("t1"), Side::Merchant),
        [
            ChecklistItem {
                kind: TrackingNumber,
                required: false,
                given: false
            },
            ChecklistItem {
                kind: ChatRecords,
                required: true,
                given: true
            }
        ]
    );
    assert!(dispute::evidence_shortfall(world.ticket("t1"), Side::Merchant).is_empty());
}

/// The set-ups of the verdict helper's rules: t1 in dispute.
fn disputed_not_received(signer: Signer) -> World {
    let mut world = World::delivered_to(signer);
    world.must_open(request(
        "t1",
        TicketKind::RefundOnly,
        Reason::NotReceived,
        PAID_MINOR,
    ));
    world.must(
        Merchant,
        "t1",
        reject(RejectGround::Request, &[TrackingNumber, ChatRecords]),
    );
    world.must(Buyer, "t1", escalate());
    world
}

fn forced_shipping() -> World {
    let mut world = Setup::Requested.build();
    world.advance(hours(1));
    let events = world
        .exec(
            &Merchant.actor(),
            &crate::OrderCommand::single_parcel(ParcelUpdate::TrackingEntered {
                tracking: "SF1001".to_owned(),
                items: Vec::new(),
            }),
        )
        .expect("the merchant ships");
    assert_eq!(
        event_names(&events),
        ["parcel_updated", "shipped_while_pending"]
    );
    assert!(world.ticket("t1").shipped_while_pending);
    world.must(
        Merchant,
        "t1",
        reject(RejectGround::Request, &[ChatRecords]),
    );
    world.must(Buyer, "t1", escalate());
    world
}

fn seven_day_refused() -> World {
    let mut world = World::delivered();
    world.must_open(request(
        "t1",
        TicketKind::ReturnAndRefund,
        Reason::NoReasonSevenDay,
        PAID_MINOR,
    ));
    world.must(
        Merchant,
        "t1",
        reject(RejectGround::Request, &[ChatRecords]),
    );
    world.must(Buyer, "t1", escalate());
    world
}

fn return_rejected_after_signature() -> World {
    let mut world = Setup::ReturnReceived.build();
    world.must(
        Merchant,
        "t1",
        reject(RejectGround::ReturnNotReceived, &[LogisticsTrace]),
    );
    world.must(Buyer, "t1", escalate());
    world
}

/// `decide` refuses a rejection without its evidence, so the only way to a rejection that
/// lacks it is one recorded under an earlier, laxer rule: built here by editing the state.
fn merchant_evidence_missing() -> World {
    let mut world = Setup::ReturnReceived.build();
    world.must(
        Merchant,
        "t1",
        reject(RejectGround::ReturnNotReceived, &[LogisticsTrace]),
    );
    world.must(Buyer, "t1", escalate());
    let order = world.order.as_mut().expect("placed");
    let ticket = order.tickets.get_mut(&tid("t1")).expect("opened");
    ticket
        .rejection
        .as_mut()
        .expect("rejected")
        .evidence
        .clear();
    ticket
        .rejection
        .as_mut()
        .expect("rejected")
        .not_received_after_signature = false;
    world
}

fn merchant_evidence_completed() -> World {
    let mut world = merchant_evidence_missing();
    world.must(Merchant, "t1", add_evidence(LogisticsTrace));
    world
}

/// A quality claim rejected with `kinds` and escalated.
fn quality_rejected_with(kinds: &[EvidenceKind]) -> World {
    let mut world = World::delivered();
    world.must_open(with_evidence(
        request(
            "t1",
            TicketKind::RefundOnly,
            Reason::QualityProblem,
            PAID_MINOR,
        ),
        &[Photos],
    ));
    world.must(Merchant, "t1", reject(RejectGround::Request, kinds));
    world.must(Buyer, "t1", escalate());
    world
}

/// A stalled-logistics rejection recorded (under the earlier rule) without the chat that
/// seed 000 Q2 requires, only the tracking number.
fn stalled_rejected_without_the_chat() -> World {
    let mut world = Setup::RequestedInTransit.build();
    world.must(
        Merchant,
        "t1",
        reject(RejectGround::Request, &[TrackingNumber, ChatRecords]),
    );
    world.must(Buyer, "t1", escalate());
    let order = world.order.as_mut().expect("placed");
    let ticket = order.tickets.get_mut(&tid("t1")).expect("opened");
    let rejection = ticket.rejection.as_mut().expect("rejected");
    rejection.evidence.retain(|e| e.kind == TrackingNumber);
    world
}

/// A damaged-in-transit claim with the buyer's evidence `buyer`, rejected with the packing
/// video and the chat, and escalated with that evidence only.
fn damaged_in_transit(buyer: &[EvidenceKind]) -> World {
    let mut world = World::delivered();
    world.must_open(with_evidence(
        request(
            "t1",
            TicketKind::ReturnAndRefund,
            Reason::DamagedInTransit,
            PAID_MINOR,
        ),
        buyer,
    ));
    world.must(
        Merchant,
        "t1",
        reject(RejectGround::Request, &[PackingVideo, ChatRecords]),
    );
    world.must(
        Buyer,
        "t1",
        TicketAction::Escalate {
            note: "it arrived broken".to_owned(),
            evidence: Vec::new(),
        },
    );
    world
}

fn remedy_not_shipped() -> World {
    let mut world = Setup::AwaitingMerchantShipment.build();
    world.advance(hours(48));
    world.fire_due();
    world
}

#[test]
fn the_verdict_helper_applies_the_rules() {
    use Responsibility as R;
    use SuggestionRule as Rule;
    let merchant = |rule| {
        Some(Suggestion {
            responsibility: R::Merchant,
            outcome: VerdictOutcome::FullRefund,
            rule,
        })
    };
    let cases: Vec<(&str, World, Option<Suggestion>)> = vec![
        (
            "forced shipping",
            forced_shipping(),
            merchant(Rule::ForcedShipping),
        ),
        (
            "locker without consent",
            disputed_not_received(Signer::LockerWithoutConsent),
            merchant(Rule::LockerWithoutConsent),
        ),
        // Seed 000 Q4 A4: 若不认可,快递丢失,联系快递追偿并同意退款.
        (
            "proxy signature the carrier has not confirmed",
            disputed_not_received(Signer::Proxy),
            merchant(Rule::ProxyParcelLost),
        ),
        (
            "proxy signature the carrier confirmed in the dispute",
            {
                let mut world = disputed_not_received(Signer::Proxy);
                world.must(Merchant, "t1", add_evidence(LogisticsTrace));
                world
            },
            Some(Suggestion {
                responsibility: R::Buyer,
                outcome: VerdictOutcome::NoRefund,
                rule: Rule::ProxySignatureCountsAsBuyer,
            }),
        ),
        (
            "signed by the buyer",
            disputed_not_received(Signer::Buyer),
            None,
        ),
        (
            "locker with consent",
            disputed_not_received(Signer::LockerWithConsent),
            None,
        ),
        // Seed 001 3.3.1 (2): settle with the buyer first, then claim from the carrier.
        (
            "damaged in transit, shown in photos",
            damaged_in_transit(&[Photos]),
            merchant(Rule::DamagedInTransit),
        ),
        (
            "damaged in transit, nothing shown",
            damaged_in_transit(&[]),
            None,
        ),
        (
            "seven-day refused",
            seven_day_refused(),
            merchant(Rule::SevenDayReturnRefused),
        ),
        (
            "return rejected after signature",
            return_rejected_after_signature(),
            merchant(Rule::ReturnRejectedAfterSignature),
        ),
        (
            "merchant evidence missing",
            merchant_evidence_missing(),
            merchant(Rule::MerchantEvidenceMissing),
        ),
        (
            "merchant evidence completed in the dispute",
            merchant_evidence_completed(),
            None,
        ),
        // Seed 000 附: the lists are examples; one relevant kind is evidence to weigh.
        (
            "quality rejected with the packing video alone",
            quality_rejected_with(&[PackingVideo]),
            None,
        ),
        (
            "stalled logistics without the chat seed 000 Q2 requires",
            stalled_rejected_without_the_chat(),
            merchant(Rule::MerchantEvidenceMissing),
        ),
        (
            "remedy not shipped",
            remedy_not_shipped(),
            merchant(Rule::RemedyNotShipped),
        ),
        (
            "a rejection with its evidence",
            Setup::InDispute.build(),
            None,
        ),
        ("no dispute", Setup::Rejected.build(), None),
    ];
    let total = cases.len();
    let failures = cases
        .into_iter()
        .filter_map(|(name, world, expected)| {
            let got = dispute::suggest(world.order(), world.ticket("t1"));
            (got != expected).then(|| format!("{name}: {got:?}, expected {expected:?}"))
        })
        .collect();
    assert_no_failures(total, failures);
}

#[test]
fn forced_shipping_is_flagged_only_while_pending_on_an_unshipped_order() {
    // Approved before the merchant shipped: nothing pending, nothing forced.
    let mut world = Setup::Refunding.build();
    world.ship();
    assert!(!world.ticket("t1").shipped_while_pending);

    // Opened after shipping: not opened while unshipped.
    let mut world = World::new();
    world.ship();
    world.must_open(request("t1", TicketKind::RefundOnly, Reason::DontWant, 100));
    world.must_parcel(ParcelUpdate::TrackingEntered {
        tracking: "SF2".to_owned(),
        items: Vec::new(),
    });
    assert!(!world.ticket("t1").shipped_while_pending);

    // Pending in a dispute counts too.
    let mut world = Setup::InDispute.build();
    let events = world.ship();
    assert_eq!(
        event_names(&events),
        ["parcel_updated", "shipped_while_pending"]
    );
    assert!(world.ticket("t1").shipped_while_pending);
}

#[test]
fn the_merchant_does_not_answer_a_dispute_with_a_new_rejection() {
    let mut world = Setup::InDispute.build();
    let refused = world
        .act(
            Merchant,
            "t1",
            reject(RejectGround::Request, &[ChatRecords]),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "wrong_state");
    assert_eq!(world.state("t1"), N::InDispute);
}

/// DOUBTFUL: the helper's seven-day rule fires on any rejected seven-day ticket, whatever the
/// ground (dispute.rs, `suggest`: `reason == NoReasonSevenDay && rejection.is_some()`). A
/// merchant who accepted the return and then refused it as "not as sent" with photos — a fair
/// ground that seed 000 allows — is still suggested fully responsible. `MerchantRejection` does
/// not keep the ground, so `suggest` cannot tell. Pinned as current behaviour.
#[test]
fn a_seven_day_return_rejected_as_not_as_sent_is_weighed_not_blamed() {
    let mut world = World::delivered();
    world.must_open(request(
        "t1",
        TicketKind::ReturnAndRefund,
        Reason::NoReasonSevenDay,
        PAID_MINOR,
    ));
    world.must(Merchant, "t1", TicketAction::Approve);
    world.must(Buyer, "t1", ship_return());
    world.must(Integration, "t1", TicketAction::ReturnSigned);
    world.must(
        Merchant,
        "t1",
        reject(RejectGround::ReturnNotAsSent, &[Photos, ChatRecords]),
    );
    world.must(Buyer, "t1", escalate());
    // A fair "not as sent" rejection with its photos is not a refused seven-day return.
    let suggestion = dispute::suggest(world.order(), world.ticket("t1"));
    assert_eq!(suggestion, None);
}
