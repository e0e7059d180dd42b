//! Split shipments (拆单发货, issue 18 point 2): an order ships in several parcels, a unit in
//! at most one, and every rule that reads "shipped", "delivered" or "refused" reads the
//! parcels of the ticket's lines.

use super::support::*;
use crate::dispute::{self, SuggestionRule};
use crate::evidence::EvidenceKind::{ChatRecords, TrackingNumber};
use crate::{
    Actor, FulfilmentStage, LineRequest, OrderCommand, ParcelId, ParcelUpdate, Reason,
    RejectGround, Signer, StateName, TicketAction, TicketKind,
};

/// Updates on named parcels, in order.
type Updates = Vec<(&'static str, ParcelUpdate)>;

fn parcel_id(raw: &str) -> ParcelId {
    ParcelId::parse(raw).expect("a parcel id")
}

fn tracking(lines: &[(&str, u32)]) -> ParcelUpdate {
    ParcelUpdate::TrackingEntered {
        tracking: "SF2001".to_owned(),
        items: lines
            .iter()
            .map(|(item, n)| LineRequest::units(iid(item), *n))
            .collect(),
    }
}

impl World {
    fn on_parcel(
        &mut self,
        parcel: &str,
        update: ParcelUpdate,
    ) -> Result<Vec<crate::OrderEvent>, crate::Rejection> {
        self.exec(
            &Actor::Integration,
            &OrderCommand::Parcel {
                parcel: parcel_id(parcel),
                update,
            },
        )
    }

    #[track_caller]
    fn must_on_parcel(&mut self, parcel: &str, update: ParcelUpdate) -> Vec<crate::OrderEvent> {
        let name = update.as_str();
        self.on_parcel(parcel, update)
            .unwrap_or_else(|r| panic!("{name} on parcel {parcel} refused: {} ({r})", r.code()))
    }

    /// Both lines of the typical order (i1, i2) delivered in parcels A and B, by these
    /// signers.
    fn split_and_delivered(a: Signer, b: Signer) -> World {
        let mut world = World::new();
        world.must_on_parcel("A", tracking(&[("i1", 1)]));
        world.must_on_parcel("B", tracking(&[("i2", 1)]));
        world.advance(hours(24));
        world.must_on_parcel("A", ParcelUpdate::Delivered { signer: a });
        world.must_on_parcel("B", ParcelUpdate::Delivered { signer: b });
        world.advance(hours(1));
        world
    }
}

#[test]
fn a_new_parcel_carries_the_lines_given_or_every_unit_left() {
    let mut world = World::placing(cups_order());
    world.must_on_parcel("A", tracking(&[("i1", 2)]));
    let order = world.order();
    assert_eq!(order.units_unshipped(&iid("i1")), 1);
    assert_eq!(order.units_unshipped(&iid("i2")), 1);
    assert_eq!(order.stage_of(&[iid("i1")]), FulfilmentStage::Shipped);
    assert_eq!(order.stage_of(&[iid("i2")]), FulfilmentStage::Unshipped);
    assert_eq!(order.stage(), FulfilmentStage::Shipped, "partly shipped");
    // Naming no lines: every unit in no parcel yet, recorded resolved in the event.
    let events = world.must_on_parcel("B", ParcelUpdate::tracking("SF2002"));
    let crate::OrderChange::ParcelUpdated { update, .. } = &events[0].change else {
        panic!("a parcel event");
    };
    assert_eq!(
        update,
        &tracking(&[("i1", 1), ("i2", 1)]).with_tracking("SF2002")
    );
    let order = world.order();
    assert_eq!(order.parcels.len(), 2);
    assert_eq!(order.units_unshipped(&iid("i1")), 0);
    assert_eq!(order.stage(), FulfilmentStage::Shipped);
}

impl ParcelUpdate {
    fn with_tracking(self, number: &str) -> ParcelUpdate {
        match self {
            ParcelUpdate::TrackingEntered { items, .. } => ParcelUpdate::TrackingEntered {
                tracking: number.to_owned(),
                items,
            },
            other => other,
        }
    }
}

/// A unit is in at most one parcel; a refusal names the line (`items[i].quantity`) and
/// changes nothing.
#[test]
fn a_unit_is_in_at_most_one_parcel() {
    // (parcels shipped before, parcel, update, expected refusal code and message part)
    let cases: Vec<(Updates, &str, ParcelUpdate, &str, &str)> = vec![
        (
            vec![],
            "A",
            tracking(&[("i1", 4)]),
            "quantity_not_open",
            "items[0].quantity",
        ),
        (
            vec![("A", tracking(&[("i1", 2)]))],
            "B",
            tracking(&[("i2", 1), ("i1", 2)]),
            "quantity_not_open",
            "items[1].quantity",
        ),
        (
            vec![],
            "A",
            tracking(&[("i1", 0)]),
            "quantity_not_open",
            "items[0].quantity",
        ),
        (
            vec![],
            "A",
            tracking(&[("i1", 1), ("i1", 1)]),
            "item_duplicated",
            "i1",
        ),
        (vec![], "A", tracking(&[("i9", 1)]), "item_unknown", "i9"),
        (
            vec![("A", ParcelUpdate::tracking("SF1"))],
            "B",
            ParcelUpdate::tracking("SF2"),
            "quantity_not_open",
            "items[0].quantity",
        ),
        // A shipped parcel's number may be corrected, its lines stay.
        (
            vec![("A", tracking(&[("i1", 1)]))],
            "A",
            tracking(&[("i1", 1)]),
            "parcel_out_of_order",
            "shipped",
        ),
        (
            vec![("A", tracking(&[("i1", 1)]))],
            "B",
            ParcelUpdate::InTransit,
            "parcel_out_of_order",
            "unshipped",
        ),
    ];
    let total = cases.len();
    let failures = cases
        .into_iter()
        .enumerate()
        .filter_map(|(n, (before, parcel, update, code, part))| {
            let mut world = World::placing(cups_order());
            for (p, u) in before {
                world.must_on_parcel(p, u);
            }
            let was = world.order().clone();
            let got = world.on_parcel(parcel, update);
            let ok = matches!(&got, Err(r) if r.code() == code && r.to_string().contains(part))
                && *world.order() == was;
            (!ok).then(|| format!("case {n}: {got:?}, expected {code} naming {part}"))
        })
        .collect();
    assert_no_failures(total, failures);
}

#[test]
fn a_corrected_tracking_number_keeps_the_parcels_lines() {
    let mut world = World::placing(cups_order());
    world.must_on_parcel("A", tracking(&[("i1", 2)]));
    world.must_on_parcel("A", ParcelUpdate::tracking("SF9"));
    let parcel = world.order().parcel(&parcel_id("A")).expect("parcel A");
    assert_eq!(parcel.lines.len(), 1);
    assert_eq!(parcel.lines[0].quantity, 2);
    assert!(
        matches!(&parcel.fulfilment, crate::Fulfilment::Shipped { tracking, .. } if tracking == "SF9")
    );
}

/// Seed 003 (fast refund) on a split shipment: the unshipped line of a partly shipped order
/// still qualifies; the shipped line does not.
#[test]
fn fast_refund_applies_to_the_unshipped_line_of_a_partly_shipped_order() {
    let mut world = World::new();
    world
        .merchant
        .as_mut()
        .expect("a merchant")
        .fast_refund_opted_in = true;
    world.must_on_parcel("A", tracking(&[("i1", 1)]));
    world.must_open(on_items(
        request("t1", TicketKind::RefundOnly, Reason::DontWant, ITEM2_MINOR),
        &["i2"],
    ));
    assert_eq!(world.state("t1"), StateName::Refunding, "unshipped line");
    assert!(world.ticket("t1").opened_while_unshipped);
    world.must_open(on_items(
        request("t2", TicketKind::RefundOnly, Reason::DontWant, ITEM1_MINOR),
        &["i1"],
    ));
    assert_eq!(world.state("t2"), StateName::Requested, "shipped line");
    assert!(!world.ticket("t2").opened_while_unshipped);
}

/// 同意拒收后退款 on one parcel: the other parcel's delivery is not this ticket's news; the
/// refusal of its own parcel is.
#[test]
fn approve_after_refusal_watches_the_parcels_of_its_lines() {
    let mut world = World::new();
    world.must_on_parcel("A", tracking(&[("i1", 1)]));
    world.must_on_parcel("B", tracking(&[("i2", 1)]));
    world.must_open(on_items(
        request("t1", TicketKind::RefundOnly, Reason::DontWant, ITEM1_MINOR),
        &["i1"],
    ));
    world.must(Who::Merchant, "t1", TicketAction::ApproveAfterRefusal);
    let events = world.must_on_parcel(
        "B",
        ParcelUpdate::Delivered {
            signer: Signer::Buyer,
        },
    );
    assert_eq!(event_names(&events), ["parcel_updated"], "not t1's parcel");
    assert_eq!(world.state("t1"), StateName::AwaitingRefusal);
    let events = world.must_on_parcel("A", ParcelUpdate::Refused);
    assert_eq!(
        event_names(&events),
        ["parcel_updated", "refusal_confirmed"]
    );
    assert_eq!(world.state("t1"), StateName::Refunding);
}

/// A ticket on lines in two parcels is refunded once both come back; one delivered ends the
/// wait.
#[test]
fn a_refusal_across_two_parcels_waits_for_both() {
    for (second, expected) in [
        (ParcelUpdate::ReturnedToSender, StateName::Refunding),
        (
            ParcelUpdate::Delivered {
                signer: Signer::Buyer,
            },
            StateName::Requested,
        ),
    ] {
        let mut world = World::new();
        world.must_on_parcel("A", tracking(&[("i1", 1)]));
        world.must_on_parcel("B", tracking(&[("i2", 1)]));
        world.must_open(request(
            "t1",
            TicketKind::RefundOnly,
            Reason::DontWant,
            PAID_MINOR,
        ));
        world.must(Who::Merchant, "t1", TicketAction::ApproveAfterRefusal);
        world.must_on_parcel("A", ParcelUpdate::Refused);
        assert_eq!(world.state("t1"), StateName::AwaitingRefusal, "B still out");
        world.must_on_parcel("B", second);
        assert_eq!(world.state("t1"), expected);
    }
}

/// Approve-after-refusal needs every parcel of the ticket's lines on its way.
#[test]
fn approve_after_refusal_reads_the_stage_of_the_tickets_lines() {
    let mut world = World::new();
    world.must_on_parcel("A", tracking(&[("i1", 1)]));
    world.must_on_parcel(
        "A",
        ParcelUpdate::Delivered {
            signer: Signer::Buyer,
        },
    );
    world.must_on_parcel("B", tracking(&[("i2", 1)]));
    world.must_open(on_items(
        request("t1", TicketKind::RefundOnly, Reason::DontWant, ITEM1_MINOR),
        &["i1"],
    ));
    world.must_open(on_items(
        request("t2", TicketKind::RefundOnly, Reason::DontWant, ITEM2_MINOR),
        &["i2"],
    ));
    let refused = world
        .act(Who::Merchant, "t1", TicketAction::ApproveAfterRefusal)
        .unwrap_err();
    assert_eq!(refused.code(), "refusal_not_applicable");
    world.must(Who::Merchant, "t2", TicketAction::ApproveAfterRefusal);
    assert_eq!(world.state("t2"), StateName::AwaitingRefusal);
}

/// A return needs the goods of the ticket's lines delivered, not the whole order's.
#[test]
fn a_return_on_a_delivered_parcel_while_another_is_on_its_way() {
    let mut world = World::new();
    world.must_on_parcel("A", tracking(&[("i1", 1)]));
    world.must_on_parcel(
        "A",
        ParcelUpdate::Delivered {
            signer: Signer::Buyer,
        },
    );
    world.must_on_parcel("B", tracking(&[("i2", 1)]));
    let refused = world
        .open(on_items(
            request(
                "t1",
                TicketKind::ReturnAndRefund,
                Reason::DontWant,
                ITEM2_MINOR,
            ),
            &["i2"],
        ))
        .unwrap_err();
    assert_eq!(refused.code(), "kind_needs_delivery");
    world.must_open(on_items(
        request(
            "t2",
            TicketKind::ReturnAndRefund,
            Reason::DontWant,
            ITEM1_MINOR,
        ),
        &["i1"],
    ));
}

fn disputed_not_received_on(world: &mut World, ticket: &str, item: &str, minor: i64) {
    world.must_open(on_items(
        request(ticket, TicketKind::RefundOnly, Reason::NotReceived, minor),
        &[item],
    ));
    world.must(
        Who::Merchant,
        ticket,
        reject(RejectGround::Request, &[TrackingNumber, ChatRecords]),
    );
    world.must(Who::Buyer, ticket, escalate());
}

/// "Not received" and the locker rule (seed 000 Q4) look at the parcel that carried the line:
/// parcel A went to a locker without consent, parcel B into the buyer's hands.
#[test]
fn not_received_reads_the_signer_of_the_lines_parcel() {
    let mut world = World::split_and_delivered(Signer::LockerWithoutConsent, Signer::Buyer);
    disputed_not_received_on(&mut world, "t1", "i1", ITEM1_MINOR);
    disputed_not_received_on(&mut world, "t2", "i2", ITEM2_MINOR);
    let rule = |t: &str| dispute::suggest(world.order(), world.ticket(t)).map(|s| s.rule);
    assert_eq!(rule("t1"), Some(SuggestionRule::LockerWithoutConsent));
    assert_eq!(rule("t2"), None, "signed by the buyer");
    // A proxy on the other parcel: the proxy rule for that line only.
    let mut world = World::split_and_delivered(Signer::Buyer, Signer::Proxy);
    disputed_not_received_on(&mut world, "t1", "i1", ITEM1_MINOR);
    disputed_not_received_on(&mut world, "t2", "i2", ITEM2_MINOR);
    let rule = |t: &str| dispute::suggest(world.order(), world.ticket(t)).map(|s| s.rule);
    assert_eq!(rule("t1"), None);
    assert_eq!(rule("t2"), Some(SuggestionRule::ProxyParcelLost));
}

/// The stage of some lines (`Order::stage_of`): the least advanced parcel carrying them, an
/// unshipped remainder counting as shipped.
#[test]
fn the_stage_of_lines_is_their_least_advanced_parcel() {
    use FulfilmentStage::*;
    use ParcelUpdate as P;
    let delivered = || P::Delivered {
        signer: Signer::Buyer,
    };
    // (updates on parcels A (i1 ×2) and B (i1 ×1, i2), stage of i1, of i2, of the order)
    let cases: Vec<(Updates, [FulfilmentStage; 3])> = vec![
        (vec![], [Shipped, Unshipped, Shipped]),
        (vec![("A", delivered())], [Shipped, Unshipped, Shipped]),
        (
            vec![("B", tracking(&[("i1", 1), ("i2", 1)]))],
            [Shipped, Shipped, Shipped],
        ),
        (
            vec![
                ("B", tracking(&[("i1", 1), ("i2", 1)])),
                ("A", delivered()),
                ("B", P::InTransit),
            ],
            [InTransit, InTransit, InTransit],
        ),
        (
            vec![
                ("B", tracking(&[("i1", 1), ("i2", 1)])),
                ("A", delivered()),
                ("B", delivered()),
            ],
            [Delivered, Delivered, Delivered],
        ),
        (
            vec![
                ("B", tracking(&[("i1", 1), ("i2", 1)])),
                ("A", P::Refused),
                ("B", delivered()),
            ],
            [Delivered, Delivered, Delivered],
        ),
        (
            vec![
                ("B", tracking(&[("i1", 1), ("i2", 1)])),
                ("A", P::Refused),
                ("B", P::Intercepted),
            ],
            [Returning, Returning, Returning],
        ),
    ];
    for (n, (updates, [i1, i2, whole])) in cases.into_iter().enumerate() {
        let mut world = World::placing(cups_order());
        world.must_on_parcel("A", tracking(&[("i1", 2)]));
        for (p, u) in updates {
            world.must_on_parcel(p, u);
        }
        let order = world.order();
        assert_eq!(order.stage_of(&[iid("i1")]), i1, "case {n}: i1");
        assert_eq!(order.stage_of(&[iid("i2")]), i2, "case {n}: i2");
        assert_eq!(order.stage(), whole, "case {n}: order");
    }
}

/// Events from before parcels had ids read as parcel "1" carrying every unit: replaying them
/// gives the order of earlier releases, one parcel and every rule as before.
#[test]
fn parcel_events_without_ids_are_the_orders_single_parcel() {
    let world = World::delivered();
    let order = world.order();
    assert_eq!(order.parcels.len(), 1);
    assert_eq!(order.parcels[0].id, ParcelId::first());
    assert_eq!(order.units_unshipped(&iid("i1")), 0);
    assert_eq!(order.units_unshipped(&iid("i2")), 0);
    assert_eq!(order.stage(), FulfilmentStage::Delivered);
    assert_eq!(order.signer_of(&[]), Some(Signer::Buyer));
}
