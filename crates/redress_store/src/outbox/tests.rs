//! The event → webhook table: which changes announce what, through one `check` function.

use super::*;
use redress_domain::merchant::StrategyAction;
use redress_domain::{Currency, Money, Next, Reason, Rule, TicketId, TicketKind};

fn at() -> Timestamp {
    "2026-03-02T02:00:00Z".parse().expect("an instant")
}

fn cny(minor: i64) -> Money {
    Money::new(minor, Currency::CNY).expect("money")
}

/// `change` on ticket T-1 announces `expected` (type and the listed `data` fields), or nothing.
fn check(change: TicketChange, expected: Option<(&str, Value)>) {
    let order = OrderChange::Ticket {
        ticket: TicketId::parse("T-1").expect("an id"),
        change: change.clone(),
    };
    let got = order_webhook(&order);
    match (got, expected) {
        (None, None) => {}
        (Some((event_type, data)), Some((want_type, want_fields))) => {
            assert_eq!(event_type, want_type, "{change:?}");
            assert_eq!(data["ticket_id"], "T-1", "{change:?}");
            for (field, value) in want_fields.as_object().expect("an object") {
                assert_eq!(&data[field], value, "{change:?}: {field}");
            }
        }
        (got, want) => panic!("{change:?}: got {got:?}, want {want:?}"),
    }
}

#[test]
fn ticket_changes_map_to_webhooks() {
    let refunding = Next::Refunding { amount: cny(1000) };
    let table: Vec<(TicketChange, Option<(&str, Value)>)> = vec![
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
            },
            Some((
                TICKET_OPENED,
                json!({"amount_minor": 1999, "currency": "CNY", "kind": "refund_only"}),
            )),
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
            Some((
                TICKET_AUTO_APPROVED,
                json!({"rule": "platform_fast_refund"}),
            )),
        ),
        // A merchant's own approval and an overdue one are not automatic rules.
        (
            TicketChange::Approved {
                approval: Approval::Merchant,
                next: refunding.clone(),
            },
            None,
        ),
        (
            TicketChange::Approved {
                approval: Approval::Overdue,
                next: refunding,
            },
            None,
        ),
        (
            TicketChange::Rejected {
                ground: redress_domain::RejectGround::Request,
                reason: "used".to_owned(),
                evidence: vec![],
                not_received_after_signature: false,
                due_at: at(),
            },
            Some((TICKET_REJECTED, json!({"reason": "used"}))),
        ),
        (
            TicketChange::RefundSucceeded {
                amount: cny(500),
                payment_reference: "P-1".to_owned(),
            },
            Some((
                TICKET_REFUNDED,
                json!({"amount_minor": 500, "currency": "CNY", "payment_reference": "P-1"}),
            )),
        ),
        (TicketChange::Cancelled, None),
        (
            TicketChange::RefundFailed {
                reason: "bank".to_owned(),
                attempt: 1,
                retry_at: None,
            },
            None,
        ),
    ];
    for (change, expected) in table {
        check(change, expected);
    }
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
        id: "2026-03-02:operator_decision".to_owned(),
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
    let (event_type, data) =
        merchant_webhook(&MerchantChange::Penalised(penalty)).expect("announced");
    assert_eq!(event_type, MERCHANT_PENALISED);
    assert_eq!(
        data,
        json!({
            "penalty_id": "2026-03-02:operator_decision",
            "evaluated_on": "2026-03-02",
            "violation": "operator_decision",
            "severity": "especially_serious",
            "measures": ["termination"],
        })
    );
}
