//! A merchant's rejection must carry evidence relevant to its scenario (seed 000 附: the
//! lists are examples, "包括但不限于", so any one suggested kind will do, none is refused), and
//! a returned parcel may be refused as "not received" only with the logistics trace.

use super::support::*;
use crate::evidence::{EvidenceKind, Scenario, Side};
use crate::{Reason, RejectGround, Rejection, StateName, TicketAction, TicketChange, TicketKind};
use EvidenceKind::*;
use Who::*;

/// Every reason, its scenario, the kinds it suggests to the merchant, and what a rejection
/// must carry whatever else it shows.
type ScenarioRow = (
    Reason,
    Scenario,
    &'static [EvidenceKind],
    &'static [EvidenceKind],
);

const SCENARIOS: [ScenarioRow; 11] = [
    // Seed 000 Q2 A2 3: 操作拒绝需附带与用户沟通解释目前停滞原因凭证.
    (
        Reason::LogisticsStalled,
        Scenario::Shipping,
        &[TrackingNumber, ChatRecords],
        &[ChatRecords],
    ),
    (
        Reason::NotReceived,
        Scenario::Shipping,
        &[TrackingNumber, ChatRecords],
        &[],
    ),
    (
        Reason::NotAsDescribed,
        Scenario::NotAsDescribed,
        &[Photos, ChatRecords, PackingVideo],
        &[],
    ),
    (
        Reason::NotAsPromised,
        Scenario::NotAsDescribed,
        &[Photos, ChatRecords, PackingVideo],
        &[],
    ),
    (
        Reason::WrongItem,
        Scenario::NotAsDescribed,
        &[Photos, ChatRecords, PackingVideo],
        &[],
    ),
    (
        Reason::MissingItems,
        Scenario::NotAsDescribed,
        &[Photos, ChatRecords, PackingVideo],
        &[],
    ),
    (
        Reason::Counterfeit,
        Scenario::Counterfeit,
        &[BrandAuthorisation, PurchaseProof, InspectionReport],
        &[],
    ),
    (
        Reason::QualityProblem,
        Scenario::Quality,
        &[PackingVideo, Photos],
        &[],
    ),
    // Seed 001 3.3.1 (2): damage after packing; the packing video is no evidence against it.
    (
        Reason::DamagedInTransit,
        Scenario::Transit,
        &[LogisticsTrace, ChatRecords],
        &[],
    ),
    (
        Reason::NoReasonSevenDay,
        Scenario::NoFault,
        &[ChatRecords],
        &[],
    ),
    (Reason::DontWant, Scenario::NoFault, &[ChatRecords], &[]),
];

/// A delivered order with t1 on `reason` (a seven-day return where the reason demands it).
fn requested_for(reason: Reason) -> World {
    let kind = if reason == Reason::NoReasonSevenDay {
        TicketKind::ReturnAndRefund
    } else {
        TicketKind::RefundOnly
    };
    let mut world = World::delivered();
    world.must_open(request("t1", kind, reason, PAID_MINOR));
    world
}

#[test]
fn any_one_suggested_kind_carries_a_rejection() {
    let mut failures = Vec::new();
    for (reason, scenario, suggested, required) in SCENARIOS {
        let label = reason.as_str();
        if Scenario::of(reason) != scenario || scenario.suggested(Side::Merchant) != suggested {
            failures.push(format!("{label}: scenario {:?}", Scenario::of(reason)));
        }
        // Nothing given: what is required outright, else the suggestions (any one will do).
        let nothing = if required.is_empty() {
            suggested
        } else {
            required
        };
        let mut world = requested_for(reason);
        match world.act(Merchant, "t1", reject(RejectGround::Request, &[])) {
            Err(Rejection::EvidenceMissing { missing }) if missing == nothing => {}
            other => failures.push(format!(
                "{label}, no evidence: {:?}",
                other.map(|e| event_names(&e))
            )),
        }
        // Each suggested kind alone carries it, unless a required kind is still missing.
        for kind in suggested {
            let mut world = requested_for(reason);
            let result = world.act(Merchant, "t1", reject(RejectGround::Request, &[*kind]));
            let carries = required.iter().all(|r| r == kind);
            match result {
                Ok(_) if carries && world.state("t1") == StateName::Rejected => {}
                Err(Rejection::EvidenceMissing { missing }) if !carries && missing == required => {}
                other => failures.push(format!(
                    "{label}, only {}: {:?}",
                    kind.as_str(),
                    other.map(|e| event_names(&e))
                )),
            }
        }
        // Unrelated evidence does not count.
        let unrelated: &[EvidenceKind] = if scenario == Scenario::Transit {
            &[Other, PackingVideo]
        } else {
            &[Other, LogisticsTrace]
        };
        let mut world = requested_for(reason);
        match world.act(Merchant, "t1", reject(RejectGround::Request, unrelated)) {
            Err(Rejection::EvidenceMissing { missing }) if missing == nothing => {}
            other => failures.push(format!(
                "{label}, unrelated: {:?}",
                other.map(|e| event_names(&e))
            )),
        }
        // Everything: rejected.
        let mut world = requested_for(reason);
        match world.act(Merchant, "t1", reject(RejectGround::Request, suggested)) {
            Ok(_) if world.state("t1") == StateName::Rejected => {}
            other => failures.push(format!(
                "{label}, complete: {:?}",
                other.map(|e| event_names(&e))
            )),
        }
    }
    assert_no_failures(SCENARIOS.len(), failures);
}

/// Seed 000 附 (3): 品牌授权/进货证明/检测报告 are alternatives; a brand authorisation alone
/// rejects a counterfeit claim, a packing video alone a quality claim.
#[test]
fn one_alternative_alone_rejects() {
    for (reason, kind) in [
        (Reason::Counterfeit, BrandAuthorisation),
        (Reason::Counterfeit, InspectionReport),
        (Reason::QualityProblem, PackingVideo),
    ] {
        let mut world = requested_for(reason);
        world.must(Merchant, "t1", reject(RejectGround::Request, &[kind]));
        assert_eq!(
            world.state("t1"),
            StateName::Rejected,
            "{reason:?} {kind:?}"
        );
    }
    // The refusal names the suggestions, and its message says one of them is enough.
    let mut world = requested_for(Reason::Counterfeit);
    let refused = world
        .act(Merchant, "t1", reject(RejectGround::Request, &[Photos]))
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "evidence missing: at least one of brand_authorisation, purchase_proof, inspection_report"
    );
}

#[test]
fn the_buyer_must_show_photos_of_a_faulty_item() {
    for (reason, scenario, _, _) in SCENARIOS {
        let expected: &[EvidenceKind] = match scenario {
            Scenario::Shipping | Scenario::NoFault => &[],
            Scenario::NotAsDescribed
            | Scenario::Counterfeit
            | Scenario::Quality
            | Scenario::Transit => &[Photos],
        };
        assert_eq!(scenario.suggested(Side::Buyer), expected, "{reason:?}");
    }
}

#[test]
fn rejection_is_recorded_with_its_evidence() {
    let mut world = requested_for(Reason::Counterfeit);
    world.advance(hours(3));
    let given = [BrandAuthorisation, PurchaseProof, InspectionReport];
    let events = world.must(Merchant, "t1", reject(RejectGround::Request, &given));
    let ticket = world.ticket("t1");
    let rejection = ticket.rejection.as_ref().expect("the rejection is kept");
    assert_eq!(rejection.evidence, evidence(&given));
    assert_eq!(rejection.at, world.now);
    assert!(!rejection.not_received_after_signature);
    assert_eq!(ticket.decided_at, Some(world.now));
    assert_eq!(world.deadline("t1").due_at, plus(world.now, days(7)));
    assert!(matches!(
        ticket_changes(&events)[0],
        TicketChange::Rejected {
            ground: RejectGround::Request,
            ..
        }
    ));

    let refused = world
        .act(Merchant, "t1", reject(RejectGround::Request, &given))
        .unwrap_err();
    assert_eq!(refused.code(), "wrong_state");

    let mut world = requested_for(Reason::DontWant);
    let refused = world
        .act(
            Merchant,
            "t1",
            TicketAction::Reject {
                ground: RejectGround::Request,
                reason: "  ".to_owned(),
                evidence: evidence(&[ChatRecords]),
            },
        )
        .unwrap_err();
    assert_eq!(
        refused,
        Rejection::TextInvalid {
            field: "note",
            why: "must not be empty"
        }
    );
}

#[test]
fn a_return_not_received_needs_the_logistics_trace() {
    let mut world = Setup::ReturnInTransit.build();
    // The countdown of an unsigned return starts on the 5th day (seed 000 Q5).
    world.advance(days(5));
    let refused = world
        .act(
            Merchant,
            "t1",
            reject(RejectGround::ReturnNotReceived, &[PackingVideo, Photos]),
        )
        .unwrap_err();
    assert_eq!(
        refused,
        Rejection::EvidenceMissing {
            missing: vec![LogisticsTrace]
        }
    );

    let events = world.must(
        Merchant,
        "t1",
        reject(RejectGround::ReturnNotReceived, &[LogisticsTrace]),
    );
    match ticket_changes(&events)[..] {
        [
            TicketChange::Rejected {
                ground,
                not_received_after_signature,
                ..
            },
        ] => {
            assert_eq!(*ground, RejectGround::ReturnNotReceived);
            assert!(
                !not_received_after_signature,
                "no signature yet: a fair rejection"
            );
        }
        ref other => panic!("{other:?}"),
    }
    let ticket = world.ticket("t1");
    assert!(
        !ticket
            .rejection
            .as_ref()
            .expect("kept")
            .not_received_after_signature
    );
    assert_eq!(ticket.state.name(), StateName::Rejected);
}

#[test]
fn not_received_after_signature_is_flagged() {
    let mut world = Setup::ReturnReceived.build();
    let events = world.must(
        Merchant,
        "t1",
        reject(RejectGround::ReturnNotReceived, &[LogisticsTrace]),
    );
    assert!(matches!(
        ticket_changes(&events)[0],
        TicketChange::Rejected {
            not_received_after_signature: true,
            ..
        }
    ));
    assert!(
        world
            .ticket("t1")
            .rejection
            .as_ref()
            .expect("kept")
            .not_received_after_signature
    );
}

#[test]
fn a_return_not_as_sent_needs_photos() {
    let mut world = Setup::ReturnReceived.build();
    let refused = world
        .act(
            Merchant,
            "t1",
            reject(RejectGround::ReturnNotAsSent, &[LogisticsTrace]),
        )
        .unwrap_err();
    assert_eq!(
        refused,
        Rejection::EvidenceMissing {
            missing: vec![Photos]
        }
    );
    world.must(
        Merchant,
        "t1",
        reject(RejectGround::ReturnNotAsSent, &[Photos]),
    );
    let rejection = world.ticket("t1").rejection.clone().expect("kept");
    assert!(!rejection.not_received_after_signature);
}

/// DOUBTFUL: a merchant can reject a return as "not as sent" while the parcel is still in
/// transit, before it could have inspected it; only a signed return can be judged. Pinned.
#[test]
fn return_not_as_sent_needs_the_parcel_to_have_arrived() {
    let mut world = Setup::ReturnInTransit.build();
    let refused = world
        .act(
            Merchant,
            "t1",
            reject(RejectGround::ReturnNotAsSent, &[Photos]),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "wrong_state");
    assert_eq!(world.state("t1"), StateName::ReturnInTransit);
}

/// Seed 000 Q5: before the countdown of an unsigned return starts (the 5th day after the
/// tracking number), the parcel is merely on its way and "not received" is premature.
#[test]
fn a_return_not_received_rejection_waits_for_the_countdown() {
    let mut world = Setup::ReturnInTransit.build();
    world.advance(days(5) - secs(1));
    let refused = world
        .act(
            Merchant,
            "t1",
            reject(RejectGround::ReturnNotReceived, &[LogisticsTrace]),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "too_early");
    world.advance(secs(1));
    world.must(
        Merchant,
        "t1",
        reject(RejectGround::ReturnNotReceived, &[LogisticsTrace]),
    );
    assert_eq!(world.state("t1"), StateName::Rejected);
}

/// Seed 004: a merchant whose refund handling is closed cannot reject, even a request opened
/// before the closure.
#[test]
fn a_closed_merchant_cannot_reject() {
    let mut world = Setup::Requested.build();
    super::policies::close_refund_handling(&mut world);
    let refused = world
        .act(
            Merchant,
            "t1",
            reject(RejectGround::Request, &[ChatRecords]),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "refund_handling_closed");
    assert_eq!(world.state("t1"), StateName::Requested);
}
