//! Shipping money (issue 18, point 3): the order's shipping fee and freight insurance, the fee
//! in a refund of everything unshipped, and who bears a return's shipping.

use super::support::*;
use crate::event::{OrderChange, TicketChange};
use crate::shipping::ReturnShippingPayer;
use crate::{Actor, OrderCommand, Reason, Rejection, Signer, TicketAction, TicketKind};

const FEE: i64 = SHIPPING_FEE_MINOR;
const GOODS: i64 = PAID_MINOR;

fn refund_of(id: &str, minor: i64) -> crate::NewTicket {
    request(id, TicketKind::RefundOnly, Reason::DontWant, minor)
}

/// The typical order with a 10.00 shipping fee, placed and unshipped.
fn with_fee() -> World {
    World::placing(with_shipping_fee(typical_order(), FEE, false))
}

/// The typical order, with a 10.00 fee and freight insurance or not, delivered an hour ago.
fn delivered(insured: bool) -> World {
    let mut world = World::placing(with_shipping_fee(typical_order(), FEE, insured));
    world.ship();
    world.must_parcel(crate::ParcelUpdate::InTransit);
    world.must_parcel(crate::ParcelUpdate::Delivered {
        signer: Signer::Buyer,
    });
    world.advance(hours(1));
    world
}

#[test]
fn an_order_is_paid_its_lines_and_its_shipping_fee() {
    let cases: [(&str, crate::NewOrder, Option<&str>); 5] = [
        ("lines only", typical_order(), None),
        (
            "lines and fee",
            with_shipping_fee(typical_order(), FEE, true),
            None,
        ),
        (
            "fee not in paid",
            {
                let mut order = typical_order();
                order.shipping_fee = cny(FEE);
                order
            },
            Some("paid_mismatch"),
        ),
        (
            "paid above lines",
            {
                let mut order = typical_order();
                order.paid = cny(GOODS + 1);
                order
            },
            Some("paid_mismatch"),
        ),
        (
            "fee in dollars",
            {
                let mut order = with_shipping_fee(typical_order(), FEE, false);
                order.shipping_fee = usd(FEE);
                order
            },
            Some("currency_mismatch"),
        ),
    ];
    for (name, order, refused) in cases {
        let mut world = World::empty();
        let outcome = world.exec(&Actor::Integration, &OrderCommand::Place(order));
        assert_eq!(outcome.err().map(|r| r.code()), refused, "{name}");
        assert_eq!(
            world.order.is_some(),
            refused.is_none(),
            "{name} changes nothing"
        );
    }
    let mut world = World::empty();
    let refused = world
        .exec(
            &Actor::Integration,
            &OrderCommand::Place({
                let mut order = typical_order();
                order.paid = cny(GOODS + 5);
                order
            }),
        )
        .unwrap_err();
    assert_eq!(
        refused,
        Rejection::PaidMismatch {
            paid: cny(GOODS + 5),
            lines_and_shipping: GOODS,
        }
    );
}

#[test]
fn a_refund_of_everything_unshipped_includes_the_shipping_fee() {
    let mut world = with_fee();
    world.must_open(worth(refund_of("t1", 1)));
    let ticket = world.ticket("t1");
    assert_eq!(ticket.amount, cny(GOODS + FEE));
    assert_eq!(ticket.shipping_fee, cny(FEE));
    // The lines share out the goods money only, each within what it paid.
    assert_eq!(
        ticket
            .items
            .iter()
            .map(|l| (l.item.to_string(), l.amount.minor()))
            .collect::<Vec<_>>(),
        [
            ("i1".to_owned(), ITEM1_MINOR),
            ("i2".to_owned(), ITEM2_MINOR)
        ]
    );
    world.must(Who::Merchant, "t1", TicketAction::Approve);
    world.must(Who::Integration, "t1", refund_succeeded());
    let order = world.order();
    assert_eq!(order.refunded(), cny(GOODS + FEE), "the whole payment back");
    assert_eq!(order.refunded_on(&iid("i1")), ITEM1_MINOR);
    assert_eq!(order.refunded_on(&iid("i2")), ITEM2_MINOR);
    assert_eq!(order.shipping_fee_left(None), 0);
}

/// Table: which requests carry the fee, and how much of an amount is fee.
#[test]
fn only_a_refund_taking_the_whole_unshipped_order_carries_the_fee() {
    struct Case {
        name: &'static str,
        world: fn() -> World,
        request: fn() -> crate::NewTicket,
        /// The amount and fee it gets, or the refusal's code.
        expect: Result<(i64, i64), &'static str>,
    }
    let cases = [
        Case {
            name: "whole order, default amount",
            world: with_fee,
            request: || worth(refund_of("t1", 1)),
            expect: Ok((GOODS + FEE, FEE)),
        },
        Case {
            name: "whole order, part of the fee",
            world: with_fee,
            request: || refund_of("t1", GOODS + 400),
            expect: Ok((GOODS + 400, 400)),
        },
        Case {
            name: "whole order, less than the goods: goods money only",
            world: with_fee,
            request: || refund_of("t1", GOODS - 100),
            expect: Ok((GOODS - 100, 0)),
        },
        Case {
            name: "whole order, above goods and fee",
            world: with_fee,
            request: || refund_of("t1", GOODS + FEE + 1),
            expect: Err("amount_above_refundable"),
        },
        Case {
            name: "one line only",
            world: with_fee,
            request: || worth(on_items(refund_of("t1", 1), &["i1"])),
            expect: Ok((ITEM1_MINOR, 0)),
        },
        Case {
            name: "one line asking the fee too",
            world: with_fee,
            request: || on_items(refund_of("t1", ITEM1_MINOR + FEE), &["i1"]),
            expect: Err("amount_above_refundable"),
        },
        Case {
            name: "whole order once shipped",
            world: || {
                let mut world = with_fee();
                world.ship();
                world
            },
            request: || worth(refund_of("t1", 1)),
            expect: Ok((GOODS, 0)),
        },
        Case {
            name: "whole order once shipped, asking the fee",
            world: || {
                let mut world = with_fee();
                world.ship();
                world
            },
            request: || refund_of("t1", GOODS + 1),
            expect: Err("amount_above_refundable"),
        },
        Case {
            name: "no fee on the order",
            world: World::new,
            request: || worth(refund_of("t1", 1)),
            expect: Ok((GOODS, 0)),
        },
    ];
    for case in cases {
        let mut world = (case.world)();
        let outcome = world.open((case.request)()).map(|_| {
            let ticket = world.ticket("t1");
            (ticket.amount.minor(), ticket.shipping_fee.minor())
        });
        assert_eq!(outcome.map_err(|r| r.code()), case.expect, "{}", case.name);
    }
}

#[test]
fn the_refund_completing_earlier_ones_carries_the_fee_once() {
    let mut world = with_fee();
    // i1 alone: no fee; it is refunded.
    world.must_open(worth(on_items(refund_of("t1", 1), &["i1"])));
    assert_eq!(world.ticket("t1").shipping_fee, cny(0));
    // While t1 holds i1, a request for the rest does not end the order refunded: no fee.
    world.must_open(worth(refund_of("t2", 1)));
    assert_eq!(world.ticket("t2").shipping_fee, cny(0));
    world.must(Who::Buyer, "t2", TicketAction::Cancel);
    world.must(Who::Merchant, "t1", TicketAction::Approve);
    world.must(Who::Integration, "t1", refund_succeeded());
    // The rest of the order, once i1 is refunded: the fee comes with it.
    world.must_open(worth(refund_of("t3", 1)));
    let ticket = world.ticket("t3");
    assert_eq!(
        (ticket.amount.minor(), ticket.shipping_fee.minor()),
        (ITEM2_MINOR + FEE, FEE)
    );
    world.must(Who::Merchant, "t3", TicketAction::Approve);
    world.must(Who::Integration, "t3", refund_succeeded());
    assert_eq!(world.order().refunded(), cny(GOODS + FEE));
    // Nothing is left, the fee included.
    assert_eq!(
        world.open(refund_of("t4", 1)).map_err(|r| r.code()).err(),
        Some("amount_above_refundable")
    );
}

#[test]
fn a_partial_compensation_refunds_goods_money_first() {
    let mut world = with_fee();
    world.must_open(worth(refund_of("t1", 1)));
    world.must(Who::Merchant, "t1", propose(compensation(GOODS - 99)));
    world.must(Who::Buyer, "t1", TicketAction::AcceptRemedy);
    world.must(Who::Integration, "t1", refund_succeeded());
    let ticket = world.ticket("t1");
    assert_eq!(ticket.refunded, cny(GOODS - 99));
    assert_eq!(ticket.goods_refunded(), GOODS - 99);
    assert_eq!(ticket.shipping_fee_refunded(), 0);
    // The fee was not refunded: the order still owes it to a request that may ask it.
    assert_eq!(world.order().shipping_fee_left(None), FEE);
}

#[test]
fn a_return_records_who_bears_its_shipping() {
    use ReturnShippingPayer::*;
    let cases = [
        (
            false,
            TicketKind::ReturnAndRefund,
            Reason::NoReasonSevenDay,
            Some(Buyer),
        ),
        (
            true,
            TicketKind::ReturnAndRefund,
            Reason::NoReasonSevenDay,
            Some(FreightInsurance),
        ),
        (
            true,
            TicketKind::ReturnAndRefund,
            Reason::DontWant,
            Some(FreightInsurance),
        ),
        (
            false,
            TicketKind::ReturnAndRefund,
            Reason::QualityProblem,
            Some(Merchant),
        ),
        (
            true,
            TicketKind::Exchange,
            Reason::WrongItem,
            Some(Merchant),
        ),
        (
            false,
            TicketKind::Repair,
            Reason::QualityProblem,
            Some(Merchant),
        ),
        (true, TicketKind::RefundOnly, Reason::QualityProblem, None),
        (true, TicketKind::Reship, Reason::MissingItems, None),
    ];
    for (insured, kind, reason, payer) in cases {
        let mut world = delivered(insured);
        let events = world.must_open(worth(request("t1", kind, reason, 1)));
        let recorded = events.iter().find_map(|e| match &e.change {
            OrderChange::Ticket {
                change:
                    TicketChange::Opened {
                        return_shipping, ..
                    },
                ..
            } => Some(*return_shipping),
            _ => None,
        });
        let name = format!("{} {} insured={insured}", kind.as_str(), reason.as_str());
        assert_eq!(recorded, Some(payer), "event of {name}");
        assert_eq!(world.ticket("t1").return_shipping, payer, "state of {name}");
    }
}

#[test]
fn an_edit_records_the_payer_of_the_new_reason() {
    let mut world = delivered(false);
    world.must_open(worth(request(
        "t1",
        TicketKind::ReturnAndRefund,
        Reason::NoReasonSevenDay,
        1,
    )));
    assert_eq!(
        world.ticket("t1").return_shipping,
        Some(ReturnShippingPayer::Buyer)
    );
    world.must(
        Who::Buyer,
        "t1",
        edit(TicketKind::ReturnAndRefund, Reason::QualityProblem, GOODS),
    );
    assert_eq!(
        world.ticket("t1").return_shipping,
        Some(ReturnShippingPayer::Merchant)
    );
    world.must(
        Who::Buyer,
        "t1",
        edit(TicketKind::RefundOnly, Reason::QualityProblem, GOODS),
    );
    assert_eq!(world.ticket("t1").return_shipping, None);
}

fn claim(id: &str, minor: i64) -> crate::NewTicket {
    request(
        id,
        TicketKind::ReturnShipping,
        Reason::QualityProblem,
        minor,
    )
}

/// A delivered order (10.00 fee, no insurance) whose quality-problem return t1 the merchant
/// approved and the buyer sent: the merchant bears its shipping.
fn return_sent_at_merchants_cost() -> World {
    let mut world = delivered(false);
    world.must_open(worth(request(
        "t1",
        TicketKind::ReturnAndRefund,
        Reason::QualityProblem,
        1,
    )));
    world.must(Who::Merchant, "t1", TicketAction::Approve);
    world.must(Who::Buyer, "t1", ship_return());
    world
}

/// The mass-overdue measure, recorded on the world's merchant as an evaluation would.
fn platform_settles(world: &mut World) -> crate::PenaltyId {
    use crate::evaluation::{Evidence, Measure, Penalty, PenaltyStatus, Severity, ViolationKind};
    let day = shanghai_day(world.now);
    let penalty = Penalty {
        id: crate::PenaltyId::new(day, ViolationKind::MassOverdue),
        evaluated_on: day,
        kind: ViolationKind::MassOverdue,
        severity: Severity::EspeciallySerious,
        measures: vec![Measure::PlatformSettlesReturnShipping],
        evidence: Evidence {
            rate: crate::metrics::report::Ratio {
                numerator: 30,
                denominator: 60,
            },
            platform: None,
            threshold_ppm: 200_000,
            earlier_violations: 2,
            reason: None,
        },
        status: PenaltyStatus::Active,
        policy_version: 0,
    };
    let id = penalty.id.clone();
    world.merchant_command(
        Who::System,
        crate::merchant::MerchantCommand::Penalise { penalty },
    );
    id
}

/// Table: when a claim may be made, and what it may ask.
#[test]
fn a_return_shipping_claim_needs_a_return_sent_at_the_merchants_cost() {
    struct Case {
        name: &'static str,
        world: fn() -> World,
        request: fn() -> crate::NewTicket,
        expect: Result<i64, &'static str>,
    }
    let cases = [
        Case {
            name: "merchant-borne return sent",
            world: return_sent_at_merchants_cost,
            request: || claim("c1", 1_200),
            expect: Ok(1_200),
        },
        Case {
            name: "at the cap",
            world: return_sent_at_merchants_cost,
            request: || claim("c1", crate::shipping::RETURN_SHIPPING_CLAIM_MAX_MINOR),
            expect: Ok(crate::shipping::RETURN_SHIPPING_CLAIM_MAX_MINOR),
        },
        Case {
            name: "above the cap",
            world: return_sent_at_merchants_cost,
            request: || claim("c1", crate::shipping::RETURN_SHIPPING_CLAIM_MAX_MINOR + 1),
            expect: Err("amount_above_refundable"),
        },
        Case {
            name: "no amount",
            world: return_sent_at_merchants_cost,
            request: || worth(claim("c1", 1)),
            expect: Err("claim_not_applicable"),
        },
        Case {
            name: "naming a line",
            world: return_sent_at_merchants_cost,
            request: || on_items(claim("c1", 1_200), &["i1"]),
            expect: Err("claim_not_applicable"),
        },
        Case {
            name: "return approved, not yet sent",
            world: || {
                let mut world = delivered(false);
                world.must_open(worth(request(
                    "t1",
                    TicketKind::ReturnAndRefund,
                    Reason::QualityProblem,
                    1,
                )));
                world.must(Who::Merchant, "t1", TicketAction::Approve);
                world
            },
            request: || claim("c1", 1_200),
            expect: Err("claim_not_applicable"),
        },
        Case {
            name: "no-reason return: the buyer bears it",
            world: || {
                let mut world = delivered(true);
                world.must_open(worth(request(
                    "t1",
                    TicketKind::ReturnAndRefund,
                    Reason::NoReasonSevenDay,
                    1,
                )));
                world.must(Who::Merchant, "t1", TicketAction::Approve);
                world.must(Who::Buyer, "t1", ship_return());
                world
            },
            request: || claim("c1", 1_200),
            expect: Err("claim_not_applicable"),
        },
        Case {
            name: "no return at all",
            world: || delivered(false),
            request: || claim("c1", 1_200),
            expect: Err("claim_not_applicable"),
        },
    ];
    for case in cases {
        let mut world = (case.world)();
        let outcome = world
            .open((case.request)())
            .map(|_| world.ticket("c1").amount.minor());
        assert_eq!(outcome.map_err(|r| r.code()), case.expect, "{}", case.name);
    }
}

#[test]
fn a_claims_money_is_its_own_and_one_return_gives_one_claim() {
    let mut world = return_sent_at_merchants_cost();
    world.must_open(claim("c1", 1_200));
    let claim_ticket = world.ticket("c1");
    assert!(claim_ticket.items.is_empty(), "a claim holds no lines");
    assert_eq!(claim_ticket.auto_rule, None, "the merchant answers it");
    // A second claim for the same return is refused while the first is alive.
    assert_eq!(
        world.open(claim("c2", 500)).map_err(|r| r.code()).err(),
        Some("claim_not_applicable")
    );
    world.must(Who::Merchant, "c1", TicketAction::Approve);
    world.must(Who::Integration, "c1", refund_succeeded());
    world.must(Who::Integration, "t1", TicketAction::ReturnSigned);
    world.must(Who::Merchant, "t1", TicketAction::ConfirmReturn);
    world.must(Who::Integration, "t1", refund_succeeded());
    let order = world.order();
    // The goods came back in full; the claim's 12.00 is on top, not counted as the order's.
    assert_eq!(order.refunded(), cny(GOODS));
    assert_eq!(world.ticket("c1").refunded, cny(1_200));
    assert!(order.refunded().minor() <= order.paid.minor());
    assert_eq!(
        world.open(claim("c2", 500)).map_err(|r| r.code()).err(),
        Some("claim_not_applicable"),
        "one claim per return"
    );
}

#[test]
fn a_claim_and_a_goods_request_never_turn_into_each_other() {
    let mut world = return_sent_at_merchants_cost();
    world.must_open(claim("c1", 1_200));
    let refused = world
        .act(
            Who::Buyer,
            "c1",
            edit(TicketKind::RefundOnly, Reason::QualityProblem, 1_200),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "claim_not_applicable");
    world.must(
        Who::Buyer,
        "c1",
        edit(TicketKind::ReturnShipping, Reason::QualityProblem, 900),
    );
    assert_eq!(world.ticket("c1").amount, cny(900));
    assert!(world.ticket("c1").items.is_empty());
}

#[test]
fn under_the_measure_the_platform_settles_a_claim_at_once_and_says_so() {
    let mut world = return_sent_at_merchants_cost();
    let penalty = platform_settles(&mut world);
    let events = world.must_open(claim("c1", 1_200));
    assert_eq!(event_names(&events), ["opened", "approved"]);
    let ticket = world.ticket("c1");
    assert_eq!(
        ticket.auto_rule,
        Some(crate::Rule::PlatformSettlesReturnShipping)
    );
    assert_eq!(ticket.state.name(), crate::StateName::Refunding);
    assert!(
        ticket
            .notes
            .iter()
            .any(|n| n == crate::shipping::PLATFORM_SETTLES_NOTE),
        "the ticket says the merchant is charged"
    );
    // Goods requests are not touched by the measure.
    let mut goods = delivered(false);
    goods.merchant = world.merchant.clone();
    goods.must_open(worth(request(
        "t2",
        TicketKind::RefundOnly,
        Reason::QualityProblem,
        1,
    )));
    assert_eq!(goods.ticket("t2").auto_rule, None);
    // Once the penalty is revoked the measure is no longer in force.
    world.merchant_command(
        Who::Operator,
        crate::merchant::MerchantCommand::RevokePenalty {
            id: penalty,
            reason: "appeal upheld".to_owned(),
        },
    );
    let mut other = return_sent_at_merchants_cost();
    other.merchant = world.merchant.clone();
    other.must_open(claim("c1", 1_200));
    assert_eq!(other.ticket("c1").auto_rule, None);
}

#[test]
fn a_claim_waiting_when_the_measure_comes_into_force_is_settled_by_the_platform() {
    // Issue 18 point 3: claims already waiting on the merchant are settled too: their
    // response deadline is due at once, and firing it approves with the measure's rule.
    for revoked in [false, true] {
        let mut world = return_sent_at_merchants_cost();
        world.must_open(claim("c1", 1_200));
        let deadline = world
            .ticket("c1")
            .deadline()
            .expect("waits on the merchant");
        let fire = TicketAction::FireDeadline {
            kind: deadline.kind,
            due_at: deadline.due_at,
        };
        let penalty = platform_settles(&mut world);
        if revoked {
            world.merchant_command(
                Who::Operator,
                crate::merchant::MerchantCommand::RevokePenalty {
                    id: penalty,
                    reason: "appeal upheld".to_owned(),
                },
            );
            // A revoked penalty is no measure in force: the deadline is not due yet.
            let refused = world.act(Who::System, "c1", fire).unwrap_err();
            assert_eq!(refused, Rejection::DeadlineNotCurrent);
            assert_eq!(world.ticket("c1").auto_rule, None);
            continue;
        }
        assert!(world.now < deadline.due_at);
        let events = world.must(Who::System, "c1", fire);
        assert_eq!(event_names(&events), ["approved"]);
        let ticket = world.ticket("c1");
        assert_eq!(
            ticket.auto_rule,
            Some(crate::Rule::PlatformSettlesReturnShipping)
        );
        assert_eq!(ticket.state.name(), crate::StateName::Refunding);
        assert!(
            ticket
                .notes
                .iter()
                .any(|n| n == crate::shipping::PLATFORM_SETTLES_NOTE),
            "the ticket says the merchant is charged"
        );
    }
}
