//! Golden fingerprints: a refactor of the domain types must not change them, and a change of
//! the shapes above must fail here (then bump `COMMAND_ENCODING_VERSION` on purpose).

use super::{CommandTarget, command_fingerprint, encode_command, is_legacy_fingerprint};
use redress_domain::buyer::{BuyerCommand, TrustInputs};
use redress_domain::evidence::{Evidence, EvidenceKind};
use redress_domain::merchant::MerchantCommand;
use redress_domain::{
    Actor, BuyerId, Currency, DeadlineKind, ItemId, LineRequest, MerchantId, Money, NewTicket,
    OrderCommand, OrderId, Reason, RejectGround, StaffId, TicketAction, TicketId, TicketKind,
    Timestamp,
};

fn at(raw: &str) -> Timestamp {
    raw.parse().expect("an RFC 3339 instant")
}

fn order() -> OrderId {
    OrderId::parse("o1").expect("an id")
}

fn open_ticket() -> OrderCommand {
    OrderCommand::OpenTicket(NewTicket {
        id: TicketId::parse("t1").expect("an id"),
        kind: TicketKind::ReturnAndRefund,
        reason: Reason::QualityProblem,
        amount: Some(
            Money::new(12_000, Currency::parse("CNY").expect("a currency")).expect("money"),
        ),
        items: vec![LineRequest::whole(ItemId::parse("i1").expect("an id"))],
        description: "屏幕有裂痕".to_owned(),
        evidence: vec![Evidence {
            kind: EvidenceKind::Photos,
            reference: "img-1".to_owned(),
            note: String::new(),
        }],
    })
}

fn reject() -> OrderCommand {
    OrderCommand::Ticket {
        ticket: TicketId::parse("t1").expect("an id"),
        expected_version: Some(3),
        action: TicketAction::Reject {
            ground: RejectGround::Request,
            reason: "used".to_owned(),
            evidence: vec![],
        },
    }
}

fn fire() -> OrderCommand {
    OrderCommand::Ticket {
        ticket: TicketId::parse("t1").expect("an id"),
        expected_version: None,
        action: TicketAction::FireDeadline {
            kind: DeadlineKind::MerchantResponse,
            due_at: at("2026-03-04T02:00:00Z"),
        },
    }
}

fn close() -> MerchantCommand {
    MerchantCommand::CloseRefundHandling {
        reason: "high risk".to_owned(),
    }
}

fn trust() -> BuyerCommand {
    BuyerCommand::UpdateTrust(TrustInputs {
        account_created_at: at("2025-01-01T00:00:00Z"),
        completed_orders: 20,
        orders_90d: 10,
        refunds_90d: 1,
        abuse_restricted: false,
    })
}

#[test]
fn the_encoding_is_pinned_character_for_character() {
    let buyer = Actor::Buyer(BuyerId::parse("b1").expect("an id"));
    let order = order();
    let command = open_ticket();
    assert_eq!(
        encode_command(
            &buyer,
            CommandTarget::Order {
                order: &order,
                command: &command
            }
        ),
        r#"{"version":1,"actor":"buyer:b1","target":{"aggregate":"order","order":"o1","command":{"type":"open_ticket","fields":{"id":"t1","kind":"return_and_refund","reason":"quality_problem","amount":{"minor":12000,"currency":"CNY"},"items":["i1"],"description":"屏幕有裂痕","evidence":[{"kind":"photos","reference":"img-1","note":""}]}}}}"#
    );
}

#[test]
fn golden_fingerprints() {
    let order = order();
    let merchant = MerchantId::parse("m1").expect("an id");
    let buyer = BuyerId::parse("b1").expect("an id");
    let (open, reject, fire, close, trust) = (open_ticket(), reject(), fire(), close(), trust());
    let cases = [
        (
            Actor::Buyer(buyer.clone()),
            CommandTarget::Order {
                order: &order,
                command: &open,
            },
            "cmd1:ecb47f9f6a2db60e9ea2faf5091b41ee35d2f848d5f04a6bf93d48501afff67e",
        ),
        (
            Actor::Merchant(merchant.clone()),
            CommandTarget::Order {
                order: &order,
                command: &reject,
            },
            "cmd1:68058b1a5a2195ec6a7111fe60f582cb66d5461cafe1229a8b91a321f72e7433",
        ),
        (
            Actor::System,
            CommandTarget::Order {
                order: &order,
                command: &fire,
            },
            "cmd1:af56b53a67ca4d2ee6b3281a31e11f778f84f8c50ca70b5780ce47b384dfc8c2",
        ),
        (
            Actor::Operator(StaffId::parse("ops1").expect("an id")),
            CommandTarget::Merchant {
                merchant: &merchant,
                command: &close,
            },
            "cmd1:26245dcc594f37afd02f0eb6e622e45a15e965885ad51e1629a92185a9a272ce",
        ),
        (
            Actor::Integration,
            CommandTarget::Buyer {
                buyer: &buyer,
                command: &trust,
            },
            "cmd1:a73f480b38ee752a679075076977c9080b8825d3897d3fb6a4fbf8c6d0dc6822",
        ),
    ];
    let got: Vec<String> = cases
        .iter()
        .map(|(actor, target, _)| command_fingerprint(actor, *target))
        .collect();
    let expected: Vec<&str> = cases.iter().map(|(_, _, golden)| *golden).collect();
    assert_eq!(got, expected);
    for fingerprint in &got {
        assert!(!is_legacy_fingerprint(fingerprint), "{fingerprint}");
    }
}

#[test]
fn who_sends_it_is_part_of_the_fingerprint() {
    let merchant = MerchantId::parse("m1").expect("an id");
    let close = close();
    let target = CommandTarget::Merchant {
        merchant: &merchant,
        command: &close,
    };
    assert_ne!(
        command_fingerprint(&Actor::System, target),
        command_fingerprint(&Actor::Integration, target)
    );
}

#[test]
fn fingerprints_stored_before_the_encoding_are_told_apart() {
    // What earlier releases stored: a bare SHA-256 of `Debug`, 64 hex digits.
    assert!(is_legacy_fingerprint(
        "3b8d8f0c4f1e2a7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170605"
    ));
}
