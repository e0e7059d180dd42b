//! The event → webhook table: which changes announce what, through one `check` function.

use super::*;
use redress_domain::creator::CreatorChange;
use redress_domain::merchant::MerchantChange;
use redress_domain::merchant::StrategyAction;
use redress_domain::{
    Approval, BuyerId, Currency, MerchantId, Money, Next, Order, OrderChange, OrderId, Reason,
    Rule, TicketChange, TicketId, TicketKind,
};

fn at() -> Timestamp {
    "2026-03-02T02:00:00Z".parse().expect("an instant")
}

fn cny(minor: i64) -> Money {
    Money::new(minor, Currency::CNY).expect("money")
}

fn order() -> Order {
    Order {
        id: OrderId::parse("O-1").expect("an id"),
        merchant: MerchantId::parse("M-1").expect("an id"),
        buyer: BuyerId::parse("B-1").expect("an id"),
        items: vec![],
        paid: cny(1999),
        paid_at: at(),
        creator: None,
        parcels: Vec::new(),
        shipping_fee: cny(0),
        freight_insurance: false,
        tickets: Default::default(),
        version: 1,
        updated_at: at(),
    }
}

fn on_ticket(change: TicketChange) -> OrderChange {
    OrderChange::Ticket {
        ticket: TicketId::parse("T-1").expect("an id"),
        change,
    }
}

/// `change` on ticket T-1 announces exactly `expected`: each type with the listed `data`
/// fields.
fn check(change: TicketChange, expected: Vec<(&str, Value)>) {
    let got = order_announcements(&on_ticket(change.clone()), &order());
    assert_eq!(
        got.iter().map(|a| a.event_type).collect::<Vec<_>>(),
        expected.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
        "{change:?}"
    );
    for (announcement, (_, want_fields)) in got.iter().zip(&expected) {
        assert_eq!(announcement.data["ticket_id"], "T-1", "{change:?}");
        for (field, value) in want_fields.as_object().expect("an object") {
            assert_eq!(&announcement.data[field], value, "{change:?}: {field}");
        }
    }
}

#[test]
fn ticket_changes_map_to_webhooks() {
    let refunding = Next::Refunding { amount: cny(1000) };
    let key = refund_idempotency_key("M-1", "T-1", 1);
    let table: Vec<(TicketChange, Vec<(&str, Value)>)> = vec![
        (
            TicketChange::Opened {
                kind: TicketKind::RefundOnly,
                reason: Reason::DontWant,
                amount: cny(1999),
                items: vec![],
                description: String::new(),
                evidence: vec![],
                opened_while_unshipped: false,
                due_at: at(),
                shipping_fee: cny(0),
                return_shipping: None,
            },
            vec![(
                TICKET_OPENED,
                json!({"amount_minor": 1999, "currency": "CNY", "kind": "refund_only", "buyer_id": "B-1"}),
            )],
        ),
        (
            TicketChange::Approved {
                approval: Approval::Automatic {
                    rule: Rule::PlatformFastRefund,
                    note: None,
                    action: StrategyAction::Approve,
                },
                next: refunding.clone(),
            },
            vec![
                (
                    "ticket.approved",
                    json!({"approval": "automatic", "next": "refunding"}),
                ),
                (
                    TICKET_AUTO_APPROVED,
                    json!({"rule": "platform_fast_refund"}),
                ),
                (
                    REFUND_REQUESTED,
                    json!({"amount_minor": 1000, "attempt": 1}),
                ),
            ],
        ),
        // The merchant's own approval and an overdue one are announced too, and the refund
        // they make due carries what a payment system needs.
        (
            TicketChange::Approved {
                approval: Approval::Merchant,
                next: refunding.clone(),
            },
            vec![
                (
                    "ticket.approved",
                    json!({"approval": "merchant", "next": "refunding"}),
                ),
                (
                    REFUND_REQUESTED,
                    json!({
                        "buyer_id": "B-1",
                        "amount_minor": 1000,
                        "currency": "CNY",
                        "attempt": 1,
                        "idempotency_key": key,
                    }),
                ),
            ],
        ),
        (
            TicketChange::Approved {
                approval: Approval::Overdue,
                next: Next::AwaitingReturn { due_at: at() },
            },
            vec![
                ("ticket.approved", json!({"approval": "overdue"})),
                (
                    "ticket.return_awaited",
                    json!({"due_at": "2026-03-02T02:00:00Z"}),
                ),
            ],
        ),
        (
            TicketChange::Rejected {
                ground: redress_domain::RejectGround::Request,
                reason: "used".to_owned(),
                evidence: vec![],
                not_received_after_signature: false,
                due_at: at(),
            },
            vec![(
                TICKET_REJECTED,
                json!({"reason": "used", "ground": "request"}),
            )],
        ),
        (
            TicketChange::RefundSucceeded {
                amount: cny(500),
                payment_reference: "P-1".to_owned(),
            },
            vec![(
                TICKET_REFUNDED,
                json!({"amount_minor": 500, "currency": "CNY", "payment_reference": "P-1"}),
            )],
        ),
        (
            TicketChange::Cancelled,
            vec![
                ("ticket.cancelled", json!({})),
                ("ticket.closed", json!({"cause": "cancelled_by_buyer"})),
            ],
        ),
        (
            TicketChange::RefundFailed {
                reason: "bank".to_owned(),
                attempt: 1,
                retry_at: None,
            },
            vec![(
                "refund.failed",
                json!({"reason": "bank", "attempt": 1, "retry_at": null}),
            )],
        ),
        // A retry asks again, under the next attempt's key.
        (
            TicketChange::RefundRetried { attempt: 2 },
            vec![
                ("refund.retried", json!({"attempt": 2})),
                (
                    REFUND_REQUESTED,
                    json!({"attempt": 2, "idempotency_key": refund_idempotency_key("M-1", "T-1", 2)}),
                ),
            ],
        ),
        (
            TicketChange::DisputeSettled { amount: cny(700) },
            vec![
                ("dispute.settled", json!({"amount_minor": 700})),
                (REFUND_REQUESTED, json!({"amount_minor": 700, "attempt": 1})),
            ],
        ),
        (
            TicketChange::VerdictGiven {
                responsibility: redress_domain::dispute::Responsibility::Buyer,
                outcome: redress_domain::dispute::VerdictOutcome::NoRefund,
                reasoning: "worn".to_owned(),
                refund: None,
                early: false,
            },
            vec![
                (DISPUTE_VERDICT, json!({"outcome": "no_refund"})),
                ("ticket.closed", json!({"cause": "verdict_no_refund"})),
            ],
        ),
        (
            TicketChange::ReplacementDelivered,
            vec![
                ("ticket.replacement_delivered", json!({})),
                ("ticket.completed", json!({})),
            ],
        ),
    ];
    for (change, expected) in table {
        check(change, expected);
    }
}

/// The announcements of one sample of every event the log holds, so that the table's types
/// and [`EVENT_TYPES`] can be compared.
fn every_kind_of_event() -> Vec<Announcement> {
    every_kind_of_event_by_kind()
        .into_iter()
        .flat_map(|(_, announcements)| announcements)
        .collect()
}

/// Each sample event's stored kind (as the codec writes it) with its announcements.
fn every_kind_of_event_by_kind() -> Vec<(&'static str, Vec<Announcement>)> {
    use crate::codec;
    use redress_domain::buyer::{BuyerChange, TrustInputs};
    use redress_domain::dispute::{Opener, Responsibility, VerdictOutcome};
    use redress_domain::evaluation::{
        Evidence as PenaltyEvidence, Penalty, PenaltyStatus, Severity, ViolationKind,
    };
    use redress_domain::evidence::{Evidence, EvidenceKind, Side};
    use redress_domain::merchant::{Condition, Strategy};
    use redress_domain::metrics::report::Ratio;
    use redress_domain::{Course, ParcelUpdate, Remedy, StrategyId};
    let evidence = Evidence {
        kind: EvidenceKind::Photos,
        reference: "f".to_owned(),
        note: String::new(),
    };
    let ticket_changes = vec![
        TicketChange::Opened {
            kind: TicketKind::RefundOnly,
            reason: Reason::DontWant,
            amount: cny(1),
            items: vec![],
            description: String::new(),
            evidence: vec![],
            opened_while_unshipped: false,
            due_at: at(),
            shipping_fee: cny(0),
            return_shipping: None,
        },
        TicketChange::Approved {
            approval: Approval::Merchant,
            next: Next::AwaitingReturn { due_at: at() },
        },
        TicketChange::Approved {
            approval: Approval::Automatic {
                rule: Rule::PlatformFastRefund,
                note: None,
                action: StrategyAction::Approve,
            },
            next: Next::Refunding { amount: cny(1) },
        },
        TicketChange::ApprovedAfterRefusal { due_at: at() },
        TicketChange::RefusalConfirmed { amount: cny(1) },
        TicketChange::RefusalFailed { due_at: at() },
        TicketChange::Rejected {
            ground: redress_domain::RejectGround::Request,
            reason: "r".to_owned(),
            evidence: vec![],
            not_received_after_signature: false,
            due_at: at(),
        },
        TicketChange::RemedyProposed {
            remedy: Remedy::PartialCompensation { amount: cny(1) },
            note: String::new(),
        },
        TicketChange::RemedyAccepted {
            course: Course::Reship,
            next: Next::AwaitingMerchantShipment { due_at: at() },
        },
        TicketChange::RemedyDeclined,
        TicketChange::Edited {
            kind: TicketKind::RefundOnly,
            reason: Reason::DontWant,
            amount: cny(1),
            items: vec![],
            description: String::new(),
            evidence: vec![],
            due_at: at(),
            shipping_fee: cny(0),
            return_shipping: None,
        },
        TicketChange::Cancelled,
        TicketChange::ReturnShipped {
            tracking: "SF1".to_owned(),
            due_at: at(),
        },
        TicketChange::ReturnInTransit,
        TicketChange::ReturnSigned { due_at: at() },
        TicketChange::ReturnAccepted {
            approval: Approval::Merchant,
            next: Next::Refunding { amount: cny(1) },
        },
        TicketChange::ReturnWindowLapsed,
        TicketChange::ReplacementShipped {
            tracking: "SF2".to_owned(),
            due_at: at(),
        },
        TicketChange::ReplacementDelivered,
        TicketChange::ShippedWhilePending,
        TicketChange::DisputeOpened {
            opener: Opener::Buyer,
            first: true,
            note: String::new(),
            evidence: vec![],
            time_left: None,
            due_at: at(),
        },
        TicketChange::EvidenceAdded {
            side: Side::Merchant,
            evidence,
        },
        TicketChange::EvidenceWindowClosed,
        TicketChange::DisputeSettled { amount: cny(1) },
        TicketChange::DisputeCancelled { due_at: at() },
        TicketChange::VerdictGiven {
            responsibility: Responsibility::Merchant,
            outcome: VerdictOutcome::FullRefund,
            reasoning: String::new(),
            refund: Some(cny(1)),
            early: false,
        },
        TicketChange::Rechecked {
            responsibility: Responsibility::Merchant,
        },
        TicketChange::EscalationLapsed,
        TicketChange::RefundSucceeded {
            amount: cny(1),
            payment_reference: "P".to_owned(),
        },
        TicketChange::RefundFailed {
            reason: "r".to_owned(),
            attempt: 1,
            retry_at: Some(at()),
        },
        TicketChange::RefundRetried { attempt: 2 },
        TicketChange::PolicyApplied { version: 2 },
        TicketChange::MessagePosted {
            text: "t".to_owned(),
        },
        TicketChange::ReturnAddressSet {
            address: "a".to_owned(),
        },
    ];
    let o = order();
    let mut order_changes: Vec<OrderChange> = ticket_changes.into_iter().map(on_ticket).collect();
    order_changes.push(OrderChange::Placed(redress_domain::NewOrder {
        id: o.id.clone(),
        merchant: o.merchant.clone(),
        buyer: o.buyer.clone(),
        items: vec![],
        paid: o.paid,
        paid_at: o.paid_at,
        creator: None,
        shipping_fee: Money::zero(o.paid.currency()),
        freight_insurance: false,
    }));
    order_changes.push(OrderChange::ParcelUpdated {
        parcel: redress_domain::ParcelId::first(),
        update: ParcelUpdate::InTransit,
    });
    let penalty = Penalty {
        id: redress_domain::PenaltyId::parse("2026-03-02:dispute_rate").expect("a penalty id"),
        evaluated_on: "2026-03-02".parse().expect("a date"),
        kind: ViolationKind::DisputeRate,
        severity: Severity::Slight,
        measures: vec![],
        evidence: PenaltyEvidence {
            rate: Ratio {
                numerator: 1,
                denominator: 2,
            },
            platform: None,
            threshold_ppm: 0,
            earlier_violations: 0,
            reason: None,
        },
        status: PenaltyStatus::Active,
        policy_version: 0,
    };
    let merchant_changes = vec![
        MerchantChange::FastRefundSet { opted_in: true },
        MerchantChange::ReturnAddressSet {
            address: Some("a".to_owned()),
        },
        MerchantChange::Named {
            name: "n".to_owned(),
        },
        MerchantChange::StrategyPut(Strategy {
            id: StrategyId::parse("S-1").expect("an id"),
            name: "n".to_owned(),
            version: 1,
            condition: Condition::default(),
            action: StrategyAction::Approve,
            enabled: true,
        }),
        MerchantChange::StrategyDisabled {
            id: StrategyId::parse("S-1").expect("an id"),
            version: 1,
        },
        MerchantChange::RefundHandlingClosed {
            reason: "r".to_owned(),
        },
        MerchantChange::RefundHandlingRestored,
        MerchantChange::PlatformFastRefundExclusionSet { excluded: true },
        MerchantChange::Penalised(penalty.clone()),
        MerchantChange::PenaltyAppealed {
            id: redress_domain::PenaltyId::parse("2026-03-02:dispute_rate").expect("a penalty id"),
            statement: "s".to_owned(),
        },
        MerchantChange::PenaltyRevoked {
            id: redress_domain::PenaltyId::parse("2026-03-02:dispute_rate").expect("a penalty id"),
            reason: "r".to_owned(),
        },
    ];
    let mut out: Vec<(&'static str, Vec<Announcement>)> = order_changes
        .iter()
        .map(|c| {
            (
                codec::encode_order_change(c).kind,
                order_announcements(c, &o),
            )
        })
        .collect();
    out.extend(merchant_changes.iter().map(|c| {
        (
            codec::encode_merchant_change(c).kind,
            vec![merchant_announcement(c)],
        )
    }));
    let trust = BuyerChange::TrustUpdated(TrustInputs {
        account_created_at: at(),
        completed_orders: 3,
        orders_90d: 2,
        refunds_90d: 1,
        abuse_restricted: false,
    });
    out.push((
        codec::encode_buyer_change(&trust).kind,
        vec![buyer_announcement("B-1", &trust)],
    ));
    out.extend(
        [
            CreatorChange::Penalised(penalty),
            CreatorChange::PenaltyAppealed {
                id: redress_domain::PenaltyId::parse("2026-03-02:dispute_rate")
                    .expect("a penalty id"),
                statement: "s".to_owned(),
            },
            CreatorChange::PenaltyRevoked {
                id: redress_domain::PenaltyId::parse("2026-03-02:dispute_rate")
                    .expect("a penalty id"),
                reason: "r".to_owned(),
            },
        ]
        .iter()
        .map(|c| {
            (
                codec::encode_creator_change(c).kind,
                vec![super::creator_announcement("C-1", c)],
            )
        }),
    );
    let put = redress_domain::policy_history::PolicyChange::Put(
        redress_domain::policy_history::PolicyPut {
            name: "kuaishou".to_owned(),
            toml: String::new(),
            diff: vec!["deadlines.merchant_response_hours: 48 → 24".to_owned()],
        },
    );
    out.push((
        codec::encode_policy_change(&put).kind,
        vec![policy_announcement(2, &put)],
    ));
    out
}

/// One name per event (issue 17): every stored event kind has exactly one public type, the
/// type of its event's first announcement (webhooks, JetStream) and of its feed entry; every
/// other announcement of an event is a follow-up of a state, never another event's type.
#[test]
fn every_stored_kind_has_one_public_type_used_by_webhooks_and_the_feed() {
    let samples = every_kind_of_event_by_kind();
    let mut covered: Vec<&str> = Vec::new();
    for (kind, announcements) in &samples {
        let public = public_type(kind).unwrap_or_else(|| panic!("{kind} has no public type"));
        let (first, rest) = announcements
            .split_first()
            .unwrap_or_else(|| panic!("{kind} announces nothing"));
        assert!(
            !first.follow_up,
            "{kind}: the first announcement is a follow-up"
        );
        assert_eq!(first.event_type, public, "{kind}");
        for other in rest {
            assert!(
                other.follow_up,
                "{kind}: {} is not a follow-up",
                other.event_type
            );
            assert!(
                PUBLIC_TYPES.iter().all(|(t, _)| *t != other.event_type),
                "{kind}: its follow-up {} is another event's type",
                other.event_type
            );
        }
        covered.push(kind);
    }
    for kind in crate::codec::tests::ORDER_KINDS {
        assert!(covered.contains(&kind), "no sample of {kind}");
    }
    for (t, kind) in PUBLIC_TYPES {
        assert!(
            covered.contains(kind),
            "{t} names {kind}, which no sample is"
        );
        assert!(EVENT_TYPES.contains(t), "{t} is no webhook type");
        assert_eq!(
            PUBLIC_TYPES.iter().filter(|(other, _)| other == t).count(),
            1,
            "{t} names two kinds"
        );
        assert_eq!(
            PUBLIC_TYPES
                .iter()
                .filter(|(_, other)| other == kind)
                .count(),
            1,
            "{kind} has two types"
        );
    }
    assert_eq!(
        crate::feed::FEED_TYPES,
        PUBLIC_TYPES,
        "the feed reads the same table"
    );
    for (kind, _) in &samples {
        assert_eq!(crate::feed::feed_type(kind), public_type(kind), "{kind}");
    }
}

#[test]
fn every_listed_type_is_announced_and_every_announced_type_is_listed() {
    let announced: Vec<&str> = every_kind_of_event().iter().map(|a| a.event_type).collect();
    for t in &announced {
        assert!(EVENT_TYPES.contains(t), "{t} is announced but not listed");
    }
    for t in EVENT_TYPES {
        assert!(
            announced.contains(t) || *t == TICKET_DEADLINE_APPROACHING,
            "{t} is listed but no event announces it"
        );
    }
    let mut unique = EVENT_TYPES.to_vec();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), EVENT_TYPES.len(), "a type is listed twice");
}

#[test]
fn refund_keys_are_stable_per_attempt_and_distinct_across_attempts_and_tickets() {
    let key = refund_idempotency_key("M-1", "T-1", 1);
    assert_eq!(key, refund_idempotency_key("M-1", "T-1", 1));
    assert_ne!(key, refund_idempotency_key("M-1", "T-1", 2));
    assert_ne!(key, refund_idempotency_key("M-1", "T-2", 1));
    assert_ne!(key, refund_idempotency_key("M-2", "T-1", 1));
    assert!(key.starts_with("rfk_") && key.len() == 4 + 32, "{key}");
}

#[test]
fn patterns_name_a_type_a_family_or_everything() {
    assert!(pattern_matches("ticket.opened", "ticket.opened"));
    assert!(!pattern_matches("ticket.opened", "ticket.closed"));
    assert!(pattern_matches("ticket.*", "ticket.closed"));
    assert!(!pattern_matches("ticket.*", "dispute.settled"));
    assert!(!pattern_matches("tick.*", "ticket.closed"));
    assert!(pattern_matches("*", "buyer.trust_updated"));
    assert_eq!(
        families(),
        [
            "order", "ticket", "dispute", "refund", "merchant", "buyer", "creator", "policy"
        ]
    );
}

#[test]
fn message_ids_are_stable_and_distinct() {
    assert_eq!(
        message_id("M-1", "order:O-1", 1),
        message_id("M-1", "order:O-1", 1)
    );
    assert_ne!(
        message_id("M-1", "order:O-1", 1),
        message_id("M-1", "order:O-1", 2)
    );
    assert_ne!(
        message_id("M-1", "order:O-1", 1),
        message_id("M-2", "order:O-1", 1)
    );
    assert_eq!(message_id("M-1", "order:O-1", 1).len(), 4 + 32);
}

/// The fan-out matches types with SQL `LIKE`, where `_` is a wildcard: no two event types may
/// differ only where one has an underscore.
#[test]
fn no_two_event_types_differ_only_at_an_underscore() {
    for a in EVENT_TYPES {
        for b in EVENT_TYPES {
            let alike = a != b
                && a.len() == b.len()
                && a.chars().zip(b.chars()).all(|(x, y)| x == y || x == '_');
            assert!(!alike, "{a} would match {b}");
        }
    }
}

/// A penalty is announced with its measures, so a termination (seed 004 三: 清除平台、终止合作)
/// is published to subscribers like the penalty it is.
#[test]
fn a_penalty_is_announced_with_its_measures() {
    use redress_domain::evaluation::{
        Evidence, Measure, Penalty, PenaltyStatus, Severity, ViolationKind,
    };
    use redress_domain::metrics::report::Ratio;
    let penalty = Penalty {
        id: redress_domain::PenaltyId::parse("2026-03-02:operator_decision").expect("a penalty id"),
        evaluated_on: jiff::civil::date(2026, 3, 2),
        kind: ViolationKind::OperatorDecision,
        severity: Severity::EspeciallySerious,
        measures: vec![Measure::Termination],
        evidence: Evidence {
            rate: Ratio {
                numerator: 0,
                denominator: 0,
            },
            platform: None,
            threshold_ppm: 0,
            earlier_violations: 0,
            reason: Some("fraud".to_owned()),
        },
        status: PenaltyStatus::Active,
        policy_version: 0,
    };
    let announcement = merchant_announcement(&MerchantChange::Penalised(penalty));
    assert_eq!(announcement.event_type, MERCHANT_PENALISED);
    assert_eq!(
        announcement.data,
        json!({
            "penalty_id": "2026-03-02:operator_decision",
            "evaluated_on": "2026-03-02",
            "violation": "operator_decision",
            "severity": "especially_serious",
            "measures": ["termination"],
            "policy_version": 0,
        })
    );
}

/// A message's announcement names its author's role, which `apply` put on the thread (the
/// table sees the order after the event), and carries its text.
#[test]
fn a_message_announces_its_authors_role_and_text() {
    use redress_domain::{Actor, Event, apply};
    let o = order();
    let ticket = TicketId::parse("T-1").expect("an id");
    let events = [
        Event {
            at: at(),
            actor: Actor::Integration,
            change: OrderChange::Placed(redress_domain::NewOrder {
                id: o.id.clone(),
                merchant: o.merchant.clone(),
                buyer: o.buyer.clone(),
                items: vec![],
                paid: o.paid,
                paid_at: o.paid_at,
                creator: None,
                shipping_fee: Money::zero(o.paid.currency()),
                freight_insurance: false,
            }),
        },
        Event {
            at: at(),
            actor: Actor::Buyer(o.buyer.clone()),
            change: on_ticket(TicketChange::Opened {
                kind: TicketKind::RefundOnly,
                reason: Reason::DontWant,
                amount: cny(1),
                items: vec![],
                description: String::new(),
                evidence: vec![],
                opened_while_unshipped: true,
                due_at: at(),
                shipping_fee: cny(0),
                return_shipping: None,
            }),
        },
        Event {
            at: at(),
            actor: Actor::Merchant(o.merchant.clone()),
            change: on_ticket(TicketChange::MessagePosted {
                text: "今天发货".to_owned(),
            }),
        },
    ];
    let mut state = None;
    for event in &events {
        state = Some(apply(state, event));
    }
    let state = state.expect("an order");
    let got = order_announcements(&events[2].change, &state);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].event_type, "ticket.message_posted");
    assert_eq!(
        got[0].data,
        json!({ "author_role": "merchant", "text": "今天发货", "ticket_id": ticket.as_str() })
    );
}
