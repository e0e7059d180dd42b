//! Every ticket action of the wire reads into the domain action of the same name, so the
//! API's action names and the event log's stay one vocabulary.

use super::{LogisticsRequest, RefundResultRequest, TicketActionRequest};
use crate::extract::parse_tagged;
use serde_json::json;

fn money() -> serde_json::Value {
    json!({ "amount": 100, "currency": "CNY" })
}

#[test]
fn each_action_maps_to_the_domain_action_it_names() {
    let evidence = json!({ "kind": "photos", "reference": "sha256:00" });
    let cases = [
        json!({ "type": "approve" }),
        json!({ "type": "approve_after_refusal" }),
        json!({ "type": "reject", "note": "no", "evidence": [evidence] }),
        json!({ "type": "propose_remedy", "remedy": { "type": "partial_compensation", "amount": money() } }),
        json!({ "type": "propose_remedy", "remedy": { "type": "exchange" } }),
        json!({ "type": "accept_remedy" }),
        json!({ "type": "decline_remedy" }),
        json!({ "type": "edit", "kind": "refund_only", "reason": "dont_want", "amount": money(), "items": ["I-1"] }),
        json!({ "type": "cancel" }),
        json!({ "type": "ship_return", "tracking": "SF1" }),
        json!({ "type": "escalate" }),
        json!({ "type": "cancel_dispute" }),
        json!({ "type": "confirm_return" }),
        json!({ "type": "ship_replacement", "tracking": "SF2" }),
        json!({ "type": "add_evidence", "evidence": evidence }),
        json!({ "type": "settle_dispute" }),
        json!({ "type": "give_verdict", "responsibility": "both", "outcome": { "type": "partial_refund", "amount": money() }, "note": "r" }),
        json!({ "type": "recheck", "responsibility": "merchant" }),
        json!({ "type": "retry_refund" }),
    ];
    for case in cases {
        let name = case["type"].as_str().expect("a name").to_owned();
        let request: TicketActionRequest = parse_tagged(case).expect("reads");
        let action = request.to_domain().expect("converts");
        assert_eq!(action.name(), name);
    }
}

#[test]
fn feeds_read_every_shape() {
    for event in [
        json!({ "type": "tracking_entered", "tracking": "SF1" }),
        json!({ "type": "in_transit" }),
        json!({ "type": "delivered", "signer": "locker_without_consent" }),
        json!({ "type": "refused" }),
        json!({ "type": "returned_to_sender" }),
        json!({ "type": "intercepted" }),
        json!({ "type": "return_in_transit", "ticket_id": "T-1" }),
        json!({ "type": "return_signed", "ticket_id": "T-1" }),
        json!({ "type": "replacement_delivered", "ticket_id": "T-1" }),
    ] {
        let request: LogisticsRequest = parse_tagged(event.clone()).expect("reads");
        let echoed = serde_json::to_value(&request).expect("serialises");
        assert_eq!(
            echoed, event,
            "the wire shape and the described shape agree"
        );
    }
    for outcome in [
        json!({ "type": "succeeded", "payment_reference": "PAY-1" }),
        json!({ "type": "failed", "note": "timeout" }),
    ] {
        let request: RefundResultRequest = parse_tagged(outcome.clone()).expect("reads");
        assert_eq!(serde_json::to_value(&request).expect("serialises"), outcome);
    }
}

#[test]
fn a_tag_that_is_missing_or_unknown_is_named() {
    let missing =
        parse_tagged::<TicketActionRequest>(json!({ "reason": "x" })).expect_err("refused");
    assert_eq!(missing.errors[0].field, "type");
    let unknown = parse_tagged::<TicketActionRequest>(json!({ "type": "fire_deadline" }))
        .expect_err("refused: deadlines are the system's");
    assert_eq!(unknown.errors[0].field, "type");
    let nested = parse_tagged::<TicketActionRequest>(
        json!({ "type": "add_evidence", "evidence": { "kind": "photos", "reference": 7 } }),
    )
    .expect_err("refused");
    assert_eq!(nested.errors[0].field, "evidence.reference");
}
