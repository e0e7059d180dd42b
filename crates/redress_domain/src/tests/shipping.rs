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
