//! Lines and quantities (issue 18): a request names lines and units, asks at most what they
//! are worth (the last unit takes the fen left over), and no unit is asked twice while held.

use super::support::*;
use crate::event::{OrderChange, TicketChange};
use crate::{
    EventLine, LineRequest, Reason, Rejection, StateName, TicketKind, TicketLine, apply, spread,
};

fn refund_of(id: &str, minor: i64) -> crate::NewTicket {
    request(id, TicketKind::RefundOnly, Reason::DontWant, minor)
}

fn line(item: &str, quantity: u32, minor: i64) -> TicketLine {
    TicketLine {
        item: iid(item),
        quantity,
        amount: cny(minor),
    }
}

/// Approves a refund-only ticket and reports its refund paid.
fn refund_in_full(world: &mut World, ticket: &str) {
    world.must(Who::Merchant, ticket, crate::TicketAction::Approve);
    world.must(Who::Integration, ticket, refund_succeeded());
}

#[test]
fn units_are_priced_down_to_the_fen_and_the_last_unit_takes_the_remainder() {
    let order = cups_order();
    let cups = &order.items[0];
    // (units already taken, units asked) → worth in fen.
    let cases = [
        ((0, 1), 3_333),
        ((0, 2), 6_666),
        ((0, 3), 10_000),
        ((1, 1), 3_333),
        ((1, 2), 6_667),
        ((2, 1), 3_334),
        ((3, 1), 0),
        ((0, 4), 10_000),
    ];
    for ((taken, units), worth) in cases {
        assert_eq!(
            cups.units_worth(taken, units),
            worth,
            "{taken} taken, {units}"
        );
    }
    // Taken one by one, the units add up to the line, never more.
    let total: i64 = (0..3).map(|taken| cups.units_worth(taken, 1)).sum();
    assert_eq!(total, CUPS_MINOR);
}

#[test]
fn an_amount_spreads_over_lines_within_each_cap() {
    let cases: [(i64, &[i64], &[i64]); 6] = [
        (100, &[50, 50], &[50, 50]),
        (2, &[1, 1, 1], &[1, 1, 0]),
        (4_000, &[3_333, 5_000], &[1_600, 2_400]),
        (1, &[3_333, 3_333], &[1, 0]),
        (0, &[10, 20], &[0, 0]),
        // Only tickets stored before issue 18 ask above their lines: the rest on the last.
        (40, &[10, 20], &[10, 30]),
    ];
    for (total, caps, expected) in cases {
        let shares = spread(total, caps);
        assert_eq!(shares, expected, "{total} over {caps:?}");
        assert_eq!(shares.iter().sum::<i64>(), total);
    }
}

#[test]
fn a_request_without_amount_asks_what_its_units_are_worth() {
    let mut world = World::placing(cups_order());
    world.must_open(worth(on_units(refund_of("t1", 1), &[("i1", 2)])));
    let ticket = world.ticket("t1");
    assert_eq!(ticket.amount, cny(6_666));
    assert_eq!(ticket.items, [line("i1", 2, 6_666)]);
    // The last cup takes the remainder.
    world.must_open(worth(on_units(refund_of("t2", 1), &[("i1", 1)])));
    assert_eq!(world.ticket("t2").items, [line("i1", 1, 3_334)]);
}

#[test]
fn naming_no_line_asks_every_unit_still_open() {
    let mut world = World::placing(cups_order());
    world.must_open(on_units(refund_of("t1", 3_333), &[("i1", 1)]));
    world.must_open(worth(refund_of("t2", 1)));
    let ticket = world.ticket("t2");
    assert_eq!(
        ticket.items,
        [line("i1", 2, 6_667), line("i2", 1, ITEM2_MINOR)]
    );
    assert_eq!(ticket.amount, cny(6_667 + ITEM2_MINOR));
}

/// Table of refusals: each names the line it is about by its place in the request.
#[test]
fn refusals_name_the_line() {
    struct Case {
        name: &'static str,
        request: fn() -> crate::NewTicket,
        expect: Rejection,
    }
    let cases = [
        Case {
            name: "more units than the line has",
            request: || on_units(refund_of("t2", 100), &[("i2", 1), ("i1", 4)]),
            expect: Rejection::QuantityNotOpen {
                index: 1,
                item: "i1".to_owned(),
                asked: 4,
                open: 2,
            },
        },
        Case {
            name: "zero units",
            request: || on_units(refund_of("t2", 100), &[("i1", 0)]),
            expect: Rejection::QuantityNotOpen {
                index: 0,
                item: "i1".to_owned(),
                asked: 0,
                open: 2,
            },
        },
        Case {
            name: "above what the units are worth",
            request: || on_units(refund_of("t2", 3_334), &[("i1", 1)]),
            expect: Rejection::AmountAboveRefundable {
                requested: cny(3_334),
                refundable: cny(3_333),
            },
        },
        Case {
            name: "above the units of two lines",
            request: || {
                on_units(
                    refund_of("t2", 6_667 + ITEM2_MINOR + 1),
                    &[("i1", 2), ("i2", 1)],
                )
            },
            expect: Rejection::AmountAboveRefundable {
                requested: cny(6_667 + ITEM2_MINOR + 1),
                refundable: cny(6_667 + ITEM2_MINOR),
            },
        },
    ];
    for case in cases {
        // One cup is already held by t1.
        let mut world = World::placing(cups_order());
        world.must_open(on_units(refund_of("t1", 3_333), &[("i1", 1)]));
        let refused = world.open((case.request)()).unwrap_err();
        assert_eq!(refused, case.expect, "{}", case.name);
    }
    let named = Rejection::QuantityNotOpen {
        index: 1,
        item: "i1".to_owned(),
        asked: 4,
        open: 2,
    };
    assert_eq!(named.code(), "quantity_not_open");
    assert!(
        named.to_string().starts_with("items[1].quantity: "),
        "{named}"
    );
}

/// The cases: 2 of 3 cups can be returned, and a lower amount is allowed.
#[test]
fn two_of_three_cups_then_the_third_and_no_more() {
    let mut world = World::placing(cups_order());
    world.must_open(on_units(refund_of("t1", 5_000), &[("i1", 2)]));
    assert_eq!(world.ticket("t1").items, [line("i1", 2, 5_000)]);
    // While t1 holds two cups, only one is open.
    let refused = world
        .open(on_units(refund_of("t2", 100), &[("i1", 2)]))
        .unwrap_err();
    assert_eq!(
        refused,
        Rejection::QuantityNotOpen {
            index: 0,
            item: "i1".to_owned(),
            asked: 2,
            open: 1
        }
    );
    refund_in_full(&mut world, "t1");
    assert_eq!(world.order().refunded_on(&iid("i1")), 5_000);
    // The third cup: its worth as the last unit, capped by what is left on the line.
    world.must_open(worth(on_units(refund_of("t2", 1), &[("i1", 1)])));
    assert_eq!(world.ticket("t2").amount, cny(3_334));
    refund_in_full(&mut world, "t2");
    assert_eq!(world.order().refunded_on(&iid("i1")), 8_334);
    // Every cup was refunded: none is open, whatever is left of the money.
    let refused = world
        .open(on_units(refund_of("t3", 1), &[("i1", 1)]))
        .unwrap_err();
    assert_eq!(
        refused,
        Rejection::QuantityNotOpen {
            index: 0,
            item: "i1".to_owned(),
            asked: 1,
            open: 0
        }
    );
}

/// A ticket that ended with nothing refunded gives its units back.
#[test]
fn a_cancelled_ticket_frees_its_units() {
    let mut world = World::placing(cups_order());
    world.must_open(on_units(refund_of("t1", 6_666), &[("i1", 2)]));
    world.must(Who::Buyer, "t1", crate::TicketAction::Cancel);
    assert_eq!(world.order().units_taken(&iid("i1"), None), 0);
    world.must_open(worth(on_units(refund_of("t2", 1), &[("i1", 3)])));
    assert_eq!(world.ticket("t2").amount, cny(CUPS_MINOR));
    assert_eq!(world.ticket("t2").state.name(), StateName::Requested);
}

/// An edit names lines again, checked without the ticket's own units.
#[test]
fn an_edit_changes_the_units() {
    let mut world = World::placing(cups_order());
    world.must_open(on_units(refund_of("t1", 3_333), &[("i1", 1)]));
    world.must(
        Who::Buyer,
        "t1",
        crate::TicketAction::Edit {
            kind: TicketKind::RefundOnly,
            reason: Reason::DontWant,
            amount: cny(CUPS_MINOR),
            items: vec![LineRequest::units(iid("i1"), 3)],
            description: String::new(),
            evidence: Vec::new(),
        },
    );
    assert_eq!(world.ticket("t1").items, [line("i1", 3, CUPS_MINOR)]);
}

/// Events stored before issue 18 name items without quantities, or none for the whole order:
/// replayed, each named line is held in full, the amount spread over the lines' paid amounts.
#[test]
fn events_without_quantities_replay_as_whole_lines() {
    let placed = World::placing(cups_order());
    let opened = |items: Vec<EventLine>, minor: i64| crate::OrderEvent {
        at: placed.now,
        actor: Who::Buyer.actor(),
        change: OrderChange::Ticket {
            ticket: tid("t1"),
            change: TicketChange::Opened {
                kind: TicketKind::RefundOnly,
                reason: Reason::DontWant,
                amount: cny(minor),
                items,
                description: String::new(),
                evidence: Vec::new(),
                opened_while_unshipped: true,
                due_at: plus(placed.now, hours(48)),
                shipping_fee: cny(0),
                return_shipping: None,
            },
        },
    };
    let order = apply(
        placed.order.clone(),
        &opened(vec![EventLine::legacy(iid("i1"))], 4_000),
    );
    assert_eq!(order.tickets[&tid("t1")].items, [line("i1", 3, 4_000)]);
    assert_eq!(order.units_taken(&iid("i1"), None), 3);

    let order = apply(placed.order.clone(), &opened(Vec::new(), 1_700));
    assert_eq!(
        order.tickets[&tid("t1")].items,
        [line("i1", 3, 1_000), line("i2", 1, 700)]
    );
}
