//! Automatic policies in SPEC order — refund handling closed, platform fast refund, merchant
//! fast refund, merchant strategies — and who counts as a trusted buyer.

use super::support::*;
use crate::buyer::{BuyerProfile, is_trusted};
use crate::event::Approval;
use crate::merchant::{Condition, MerchantCommand, StrategyAction};
use crate::policy::FAST_REFUND_NOTE;
use crate::{
    Actor, FulfilmentStage, NewTicket, ParcelUpdate, Reason, Rule, StateName, StrategyId,
    TicketAction, TicketChange, TicketKind,
};
use TicketKind::*;
use Who::*;

fn sid(raw: &str) -> StrategyId {
    StrategyId::parse(raw).expect("a valid strategy id")
}

pub(super) fn close_refund_handling(world: &mut World) {
    world.merchant_command(
        Operator,
        MerchantCommand::CloseRefundHandling {
            reason: "mass overdue, high risk".to_owned(),
        },
    );
}

fn put_strategy(world: &mut World, id: &str, condition: Condition, action: StrategyAction) {
    world.merchant_command(
        Merchant,
        MerchantCommand::PutStrategy {
            id: sid(id),
            name: format!("strategy {id}"),
            condition,
            action,
        },
    );
}

fn refund_all() -> NewTicket {
    request("t1", RefundOnly, Reason::DontWant, PAID_MINOR)
}

fn return_all() -> NewTicket {
    with_evidence(
        request("t1", ReturnAndRefund, Reason::QualityProblem, PAID_MINOR),
        &[crate::evidence::EvidenceKind::Photos],
    )
}

/// The unshipped typical order, the buyer trusted: everything the platform fast refund needs.
fn fast_refund_eligible() -> World {
    World::new().with_trusted_buyer()
}

fn paying_trusted(paid_minor: i64) -> World {
    World::placing(order_paying(paid_minor)).with_trusted_buyer()
}

/// One row: a world, a request, and which rule (by code) approved it, if any.
struct AutoCase {
    name: &'static str,
    world: fn() -> World,
    request: fn() -> NewTicket,
    rule: Option<&'static str>,
    state: StateName,
}

fn check_auto(cases: &[AutoCase]) {
    let failures = cases
        .iter()
        .filter_map(|c| {
            let mut world = (c.world)();
            let events = match world.open((c.request)()) {
                Ok(events) => events,
                Err(r) => return Some(format!("{}: refused with {}", c.name, r.code())),
            };
            let ticket = world.ticket("t1");
            let rule = ticket.auto_rule.as_ref().map(Rule::code);
            let names = event_names(&events);
            let expected_names: &[&str] = match c.rule {
                Some(_) => &["opened", "approved"],
                None => &["opened"],
            };
            if rule != c.rule || ticket.state.name() != c.state || names != expected_names {
                return Some(format!(
                    "{}: rule {rule:?}, state {:?}, events {names:?}; expected rule {:?}, state {:?}",
                    c.name,
                    ticket.state.name(),
                    c.rule,
                    c.state
                ));
            }
            // The buyer opened it; the system approved it.
            if c.rule.is_some() && (events[0].actor != Buyer.actor() || events[1].actor != Actor::System) {
                return Some(format!("{}: actors {:?}", c.name, events.iter().map(|e| &e.actor).collect::<Vec<_>>()));
            }
            None
        })
        .collect();
    assert_no_failures(cases.len(), failures);
}

const CLOSED: Option<&str> = Some("refund_handling_closed");
const PLATFORM: Option<&str> = Some("platform_fast_refund");
const MERCHANT_FAST: Option<&str> = Some("merchant_fast_refund");
const STRATEGY: Option<&str> = Some("merchant_strategy");

#[test]
fn automatic_policies_in_spec_order() {
    check_auto(&[
        // a. Refund handling closed: every new ticket is approved at once, before anything else.
        AutoCase {
            name: "closed, fast-refund eligible",
            world: || {
                let mut w = fast_refund_eligible();
                close_refund_handling(&mut w);
                w
            },
            request: refund_all,
            rule: CLOSED,
            state: StateName::Refunding,
        },
        AutoCase {
            name: "closed, return on a delivered order",
            world: || {
                let mut w = World::delivered();
                close_refund_handling(&mut w);
                w
            },
            request: return_all,
            rule: CLOSED,
            // Seed 004: "自动审核通过并退款给买家": refunded at once, no return awaited.
            state: StateName::Refunding,
        },
        // b. Platform fast refund.
        AutoCase {
            name: "platform fast refund",
            world: fast_refund_eligible,
            request: refund_all,
            rule: PLATFORM,
            state: StateName::Refunding,
        },
        AutoCase {
            name: "paid 299.99",
            world: || paying_trusted(29_999),
            request: || request("t1", RefundOnly, Reason::DontWant, 29_999),
            rule: PLATFORM,
            state: StateName::Refunding,
        },
        AutoCase {
            name: "paid 300.00",
            world: || paying_trusted(30_000),
            request: || request("t1", RefundOnly, Reason::DontWant, 30_000),
            rule: None,
            state: StateName::Requested,
        },
        AutoCase {
            name: "paid 300.00, asking 1.00",
            world: || paying_trusted(30_000),
            request: || request("t1", RefundOnly, Reason::DontWant, 100),
            rule: None,
            state: StateName::Requested,
        },
        AutoCase {
            name: "shipped",
            world: || {
                let mut w = fast_refund_eligible();
                w.ship();
                w
            },
            request: refund_all,
            rule: None,
            state: StateName::Requested,
        },
        AutoCase {
            name: "a custom item",
            world: || {
                let mut order = typical_order();
                order.items[1].flags.custom = true;
                World::placing(order).with_trusted_buyer()
            },
            request: || asking(on_items(refund_all(), &["i1"]), ITEM1_MINOR),
            rule: None,
            state: StateName::Requested,
        },
        AutoCase {
            name: "a virtual item",
            world: || {
                let mut order = typical_order();
                order.items[0].flags.virtual_goods = true;
                World::placing(order).with_trusted_buyer()
            },
            request: refund_all,
            rule: None,
            state: StateName::Requested,
        },
        AutoCase {
            name: "shop excluded by the policy",
            world: || {
                let mut w = fast_refund_eligible();
                w.policy.fast_refund.excluded_merchants.push(mid(MERCHANT));
                w
            },
            request: refund_all,
            rule: None,
            state: StateName::Requested,
        },
        AutoCase {
            name: "shop excluded by an operator",
            world: || {
                let mut w = fast_refund_eligible();
                w.merchant_command(
                    Operator,
                    MerchantCommand::SetPlatformFastRefundExclusion { excluded: true },
                );
                w
            },
            request: refund_all,
            rule: None,
            state: StateName::Requested,
        },
        AutoCase {
            name: "product of the request excluded",
            world: || {
                let mut w = fast_refund_eligible();
                w.policy.fast_refund.excluded_products.push(pid("p1"));
                w
            },
            request: refund_all,
            rule: None,
            state: StateName::Requested,
        },
        AutoCase {
            name: "another product excluded",
            world: || {
                let mut w = fast_refund_eligible();
                w.policy.fast_refund.excluded_products.push(pid("p2"));
                w
            },
            request: || {
                on_items(
                    request("t1", RefundOnly, Reason::DontWant, ITEM1_MINOR),
                    &["i1"],
                )
            },
            rule: PLATFORM,
            state: StateName::Refunding,
        },
        // Seed 002 1.7(2): 商品所属行业和分类 — categories (and industries, as their
        // categories) the platform keeps out.
        AutoCase {
            name: "category of the request excluded",
            world: || {
                let mut w = fast_refund_eligible();
                w.policy
                    .fast_refund
                    .excluded_categories
                    .push("shoes".to_owned());
                w
            },
            request: refund_all,
            rule: None,
            state: StateName::Requested,
        },
        AutoCase {
            name: "another category excluded",
            world: || {
                let mut w = fast_refund_eligible();
                w.policy
                    .fast_refund
                    .excluded_categories
                    .push("shoes".to_owned());
                w
            },
            request: || {
                on_items(
                    request("t1", RefundOnly, Reason::DontWant, ITEM1_MINOR),
                    &["i1"],
                )
            },
            rule: PLATFORM,
            state: StateName::Refunding,
        },
        AutoCase {
            name: "no trust profile",
            world: World::new,
            request: refund_all,
            rule: None,
            state: StateName::Requested,
        },
        AutoCase {
            name: "buyer restricted for abuse",
            world: || {
                let mut w = fast_refund_eligible();
                w.buyer.as_mut().expect("a buyer").abuse_restricted = true;
                w
            },
            request: refund_all,
            rule: None,
            state: StateName::Requested,
        },
        AutoCase {
            name: "platform fast refund off",
            world: || {
                let mut w = fast_refund_eligible();
                w.policy.fast_refund.enabled = false;
                w
            },
            request: refund_all,
            rule: None,
            state: StateName::Requested,
        },
        AutoCase {
            name: "shop unknown to redress: merchants cannot opt out",
            world: || {
                let mut w = fast_refund_eligible();
                w.merchant = None;
                w
            },
            request: refund_all,
            rule: PLATFORM,
            state: StateName::Refunding,
        },
        // c. Merchant fast refund: opt-in, unshipped refund only.
        AutoCase {
            name: "merchant fast refund",
            world: || {
                let mut w = World::new();
                w.merchant_command(Merchant, MerchantCommand::SetFastRefund { opted_in: true });
                w
            },
            request: refund_all,
            rule: MERCHANT_FAST,
            state: StateName::Refunding,
        },
        AutoCase {
            name: "merchant fast refund, shipped",
            world: || {
                let mut w = World::new();
                w.merchant_command(Merchant, MerchantCommand::SetFastRefund { opted_in: true });
                w.ship();
                w
            },
            request: refund_all,
            rule: None,
            state: StateName::Requested,
        },
        AutoCase {
            name: "merchant fast refund and platform fast refund: the platform's first",
            world: || {
                let mut w = fast_refund_eligible();
                w.merchant_command(Merchant, MerchantCommand::SetFastRefund { opted_in: true });
                w
            },
            request: refund_all,
            rule: PLATFORM,
            state: StateName::Refunding,
        },
        AutoCase {
            name: "merchant fast refund before strategies",
            world: || {
                let mut w = World::new();
                w.merchant_command(Merchant, MerchantCommand::SetFastRefund { opted_in: true });
                put_strategy(&mut w, "s1", Condition::default(), StrategyAction::Approve);
                w
            },
            request: refund_all,
            rule: MERCHANT_FAST,
            state: StateName::Refunding,
        },
        AutoCase {
            name: "closed before the merchant's own fast refund",
            world: || {
                let mut w = World::new();
                w.merchant_command(Merchant, MerchantCommand::SetFastRefund { opted_in: true });
                close_refund_handling(&mut w);
                w
            },
            request: refund_all,
            rule: CLOSED,
            state: StateName::Refunding,
        },
        // d. Strategies.
        AutoCase {
            name: "a catch-all strategy",
            world: || {
                let mut w = World::new();
                put_strategy(&mut w, "s1", Condition::default(), StrategyAction::Approve);
                w
            },
            request: refund_all,
            rule: STRATEGY,
            state: StateName::Refunding,
        },
        AutoCase {
            name: "nothing applies",
            world: World::delivered,
            request: return_all,
            rule: None,
            state: StateName::Requested,
        },
    ]);
}

#[test]
fn refund_handling_closed_approves_any_kind() {
    // Seed 004: "自动审核通过并退款给买家": a request for money is approved and refunded at
    // once, without a return; a remedy without money takes its course.
    let cases = [
        (RefundOnly, Reason::QualityProblem, StateName::Refunding),
        (
            ReturnAndRefund,
            Reason::QualityProblem,
            StateName::Refunding,
        ),
        (Exchange, Reason::QualityProblem, StateName::AwaitingReturn),
        (Repair, Reason::QualityProblem, StateName::AwaitingReturn),
        (
            Reship,
            Reason::MissingItems,
            StateName::AwaitingMerchantShipment,
        ),
    ];
    for (kind, reason, state) in cases {
        let mut world = World::delivered();
        close_refund_handling(&mut world);
        world.must_open(request("t1", kind, reason, PAID_MINOR));
        let ticket = world.ticket("t1");
        assert_eq!(ticket.state.name(), state, "{kind:?}");
        assert_eq!(
            ticket.auto_rule,
            Some(Rule::RefundHandlingClosed),
            "{kind:?}"
        );
        assert_eq!(ticket.decided_at, Some(world.now), "{kind:?}");
        assert!(
            !ticket.overdue_approved && ticket.notes.is_empty(),
            "{kind:?}"
        );
    }

    // Restored: new tickets wait for the merchant again.
    let mut world = World::delivered();
    close_refund_handling(&mut world);
    world.merchant_command(Operator, MerchantCommand::RestoreRefundHandling);
    world.must_open(return_all());
    assert_eq!(world.state("t1"), StateName::Requested);
}

#[test]
fn refund_handling_closed_approves_requests_already_waiting() {
    // Seed 004: the requests waiting on the merchant when its refund handling is closed are
    // approved (and money refunded) like new ones: their response deadline is due at once.
    let cases = [
        (RefundOnly, Reason::QualityProblem, StateName::Refunding),
        (
            ReturnAndRefund,
            Reason::QualityProblem,
            StateName::Refunding,
        ),
        (Exchange, Reason::QualityProblem, StateName::AwaitingReturn),
        (Repair, Reason::QualityProblem, StateName::AwaitingReturn),
        (
            Reship,
            Reason::MissingItems,
            StateName::AwaitingMerchantShipment,
        ),
    ];
    for (kind, reason, state) in cases {
        let mut world = World::delivered();
        world.must_open(with_evidence(
            request("t1", kind, reason, PAID_MINOR),
            &[crate::evidence::EvidenceKind::Photos],
        ));
        let deadline = world
            .ticket("t1")
            .deadline()
            .expect("waits on the merchant");
        world.advance(hours(1));
        let fire = TicketAction::FireDeadline {
            kind: deadline.kind,
            due_at: deadline.due_at,
        };
        // Before the closure, the deadline is not yet due.
        assert_eq!(
            world.act(System, "t1", fire.clone()).map_err(|r| r.code()),
            Err("deadline_not_current"),
            "{kind:?}"
        );
        close_refund_handling(&mut world);
        assert!(world.now < deadline.due_at);
        let events = world.must(System, "t1", fire);
        assert_eq!(event_names(&events), ["approved"], "{kind:?}");
        assert_eq!(events[0].actor, Actor::System, "{kind:?}");
        let ticket = world.ticket("t1");
        assert_eq!(ticket.state.name(), state, "{kind:?}");
        assert_eq!(
            ticket.auto_rule,
            Some(Rule::RefundHandlingClosed),
            "{kind:?}"
        );
        assert!(!ticket.overdue_approved, "{kind:?}");
    }

    // Only the merchant's answer is pulled forward: the buyer's return window is not.
    let mut world = World::delivered();
    world.must_open(with_evidence(
        request("t1", Exchange, Reason::QualityProblem, PAID_MINOR),
        &[crate::evidence::EvidenceKind::Photos],
    ));
    world.must(Merchant, "t1", TicketAction::Approve);
    close_refund_handling(&mut world);
    let deadline = world.ticket("t1").deadline().expect("waits on the return");
    assert_eq!(deadline.kind, crate::DeadlineKind::BuyerReturnShipment);
    let early = world.act(
        System,
        "t1",
        TicketAction::FireDeadline {
            kind: deadline.kind,
            due_at: deadline.due_at,
        },
    );
    assert_eq!(early.map_err(|r| r.code()), Err("deadline_not_current"));
}

#[test]
fn platform_fast_refund_carries_the_fixed_note() {
    let mut world = fast_refund_eligible();
    let events = world.must_open(refund_all());
    let ticket = world.ticket("t1");
    assert_eq!(ticket.notes, [FAST_REFUND_NOTE]);
    assert_eq!(
        FAST_REFUND_NOTE,
        "该用户为平台优质用户且订单满足极速退款条件,平台已自动审核通过卖家发货前仅退款申请"
    );
    assert_eq!(ticket.auto_rule, Some(Rule::PlatformFastRefund));
    assert_eq!(
        ticket_changes(&events)[1],
        &TicketChange::Approved {
            approval: Approval::Automatic {
                rule: Rule::PlatformFastRefund,
                note: Some(FAST_REFUND_NOTE.to_owned()),
                action: StrategyAction::Approve,
            },
            next: crate::event::Next::Refunding {
                amount: cny(PAID_MINOR)
            },
        }
    );
    // The other automatic approvals carry no note.
    let mut world = World::new();
    world.merchant_command(Merchant, MerchantCommand::SetFastRefund { opted_in: true });
    world.must_open(refund_all());
    assert!(world.ticket("t1").notes.is_empty());
}

/// One strategy row: the strategy's condition, the world, the request, whether it matches.
struct StrategyCase {
    name: &'static str,
    condition: fn() -> Condition,
    world: fn() -> World,
    request: fn() -> NewTicket,
    matches: bool,
}

fn delivered_trusted() -> World {
    World::delivered().with_trusted_buyer()
}

fn in_transit() -> World {
    let mut world = World::new();
    world.ship();
    world.must_parcel(ParcelUpdate::InTransit);
    world
}

#[test]
fn strategies_match_on_their_conditions() {
    let cases = [
        StrategyCase {
            name: "kind matches",
            condition: || Condition {
                kinds: vec![ReturnAndRefund],
                ..Condition::default()
            },
            world: World::delivered,
            request: return_all,
            matches: true,
        },
        StrategyCase {
            name: "kind differs",
            condition: || Condition {
                kinds: vec![ReturnAndRefund],
                ..Condition::default()
            },
            world: World::delivered,
            request: || request("t1", RefundOnly, Reason::QualityProblem, PAID_MINOR),
            matches: false,
        },
        StrategyCase {
            name: "reason matches",
            condition: || Condition {
                reasons: vec![Reason::QualityProblem],
                ..Condition::default()
            },
            world: World::delivered,
            request: return_all,
            matches: true,
        },
        StrategyCase {
            name: "reason differs",
            condition: || Condition {
                reasons: vec![Reason::NoReasonSevenDay],
                ..Condition::default()
            },
            world: World::delivered,
            request: return_all,
            matches: false,
        },
        StrategyCase {
            name: "amount at the maximum",
            condition: || Condition {
                amount_max_minor: Some(10_000),
                ..Condition::default()
            },
            world: World::delivered,
            request: || request("t1", ReturnAndRefund, Reason::QualityProblem, 10_000),
            matches: true,
        },
        StrategyCase {
            name: "amount one fen above",
            condition: || Condition {
                amount_max_minor: Some(10_000),
                ..Condition::default()
            },
            world: World::delivered,
            request: || request("t1", ReturnAndRefund, Reason::QualityProblem, 10_001),
            matches: false,
        },
        StrategyCase {
            name: "category of every item",
            condition: || Condition {
                categories: vec!["apparel".to_owned()],
                ..Condition::default()
            },
            world: World::delivered,
            request: || {
                on_items(
                    request("t1", ReturnAndRefund, Reason::QualityProblem, 100),
                    &["i1"],
                )
            },
            matches: true,
        },
        StrategyCase {
            name: "category of one item only",
            condition: || Condition {
                categories: vec!["apparel".to_owned()],
                ..Condition::default()
            },
            world: World::delivered,
            request: return_all,
            matches: false,
        },
        StrategyCase {
            name: "trusted buyer only, trusted",
            condition: || Condition {
                trusted_buyer_only: true,
                ..Condition::default()
            },
            world: delivered_trusted,
            request: return_all,
            matches: true,
        },
        StrategyCase {
            name: "trusted buyer only, no profile",
            condition: || Condition {
                trusted_buyer_only: true,
                ..Condition::default()
            },
            world: World::delivered,
            request: return_all,
            matches: false,
        },
        StrategyCase {
            name: "trusted buyer only, account too young",
            condition: || Condition {
                trusted_buyer_only: true,
                ..Condition::default()
            },
            world: || {
                let mut w = delivered_trusted();
                w.buyer.as_mut().expect("a buyer").account_created_at = minus(w.now, days(10));
                w
            },
            request: return_all,
            matches: false,
        },
        StrategyCase {
            name: "stage delivered, delivered",
            condition: || Condition {
                stages: vec![FulfilmentStage::Delivered],
                ..Condition::default()
            },
            world: World::delivered,
            request: return_all,
            matches: true,
        },
        StrategyCase {
            name: "stage delivered, in transit",
            condition: || Condition {
                stages: vec![FulfilmentStage::Delivered],
                ..Condition::default()
            },
            world: in_transit,
            request: || request("t1", RefundOnly, Reason::LogisticsStalled, 100),
            matches: false,
        },
        StrategyCase {
            name: "stage in transit, in transit",
            condition: || Condition {
                stages: vec![FulfilmentStage::InTransit, FulfilmentStage::Shipped],
                ..Condition::default()
            },
            world: in_transit,
            request: || request("t1", RefundOnly, Reason::LogisticsStalled, 100),
            matches: true,
        },
        StrategyCase {
            name: "every condition at once",
            condition: || Condition {
                kinds: vec![ReturnAndRefund, Exchange],
                reasons: vec![Reason::QualityProblem],
                amount_max_minor: Some(PAID_MINOR),
                categories: vec!["apparel".to_owned(), "shoes".to_owned()],
                trusted_buyer_only: true,
                stages: vec![FulfilmentStage::Delivered],
            },
            world: delivered_trusted,
            request: return_all,
            matches: true,
        },
    ];
    let failures = cases
        .iter()
        .filter_map(|c| {
            let mut world = (c.world)();
            put_strategy(&mut world, "s1", (c.condition)(), StrategyAction::Approve);
            world.must_open((c.request)());
            let rule = world.ticket("t1").auto_rule.clone();
            let expected = c.matches.then(|| Rule::Strategy {
                id: sid("s1"),
                version: 1,
                name: "strategy s1".to_owned(),
            });
            (rule != expected).then(|| format!("{}: {rule:?}, expected {expected:?}", c.name))
        })
        .collect();
    assert_no_failures(cases.len(), failures);
}

#[test]
fn a_disabled_strategy_is_ignored() {
    let mut world = World::delivered();
    put_strategy(
        &mut world,
        "a-old",
        Condition::default(),
        StrategyAction::Approve,
    );
    put_strategy(
        &mut world,
        "b-new",
        Condition::default(),
        StrategyAction::Approve,
    );
    world.merchant_command(
        Merchant,
        MerchantCommand::DisableStrategy { id: sid("a-old") },
    );
    world.must_open(return_all());
    assert_eq!(
        world.ticket("t1").auto_rule,
        Some(Rule::Strategy {
            id: sid("b-new"),
            version: 1,
            name: "strategy b-new".to_owned()
        })
    );

    let mut world = World::delivered();
    put_strategy(
        &mut world,
        "s1",
        Condition::default(),
        StrategyAction::Approve,
    );
    world.merchant_command(Merchant, MerchantCommand::DisableStrategy { id: sid("s1") });
    world.must_open(return_all());
    assert_eq!(world.state("t1"), StateName::Requested);
    assert_eq!(world.ticket("t1").auto_rule, None);
}

#[test]
fn the_rule_names_the_strategy_version_that_decided() {
    let mut world = World::delivered();
    put_strategy(
        &mut world,
        "s1",
        Condition {
            reasons: vec![Reason::NoReasonSevenDay],
            ..Condition::default()
        },
        StrategyAction::Approve,
    );
    world.merchant_command(
        Merchant,
        MerchantCommand::PutStrategy {
            id: sid("s1"),
            name: "quality returns".to_owned(),
            condition: Condition {
                reasons: vec![Reason::QualityProblem],
                ..Condition::default()
            },
            action: StrategyAction::Approve,
        },
    );
    let events = world.must_open(return_all());
    let rule = Rule::Strategy {
        id: sid("s1"),
        version: 2,
        name: "quality returns".to_owned(),
    };
    assert_eq!(world.ticket("t1").auto_rule, Some(rule.clone()));
    assert_eq!(
        ticket_changes(&events)[1],
        &TicketChange::Approved {
            approval: Approval::Automatic {
                rule,
                note: None,
                action: StrategyAction::Approve
            },
            next: crate::event::Next::AwaitingReturn {
                due_at: plus(world.now, days(7))
            },
        }
    );
}

#[test]
fn refund_on_return_signed_refunds_when_the_return_is_signed() {
    let mut world = World::delivered();
    put_strategy(
        &mut world,
        "s1",
        Condition::default(),
        StrategyAction::RefundOnReturnSigned,
    );
    world.must_open(return_all());
    let rule = Rule::Strategy {
        id: sid("s1"),
        version: 1,
        name: "strategy s1".to_owned(),
    };
    let ticket = world.ticket("t1");
    assert_eq!(ticket.state.name(), StateName::AwaitingReturn);
    assert_eq!(ticket.refund_on_return_signed, Some(rule.clone()));

    world.advance(hours(5));
    world.must(Buyer, "t1", ship_return());
    world.advance(hours(40));
    let events = world.must(Integration, "t1", TicketAction::ReturnSigned);
    assert_eq!(event_names(&events), ["return_signed", "return_accepted"]);
    assert_eq!(
        ticket_changes(&events)[1],
        &TicketChange::ReturnAccepted {
            approval: Approval::Automatic {
                rule,
                note: None,
                action: StrategyAction::RefundOnReturnSigned
            },
            next: crate::event::Next::Refunding {
                amount: cny(PAID_MINOR)
            },
        }
    );
    let ticket = world.ticket("t1");
    assert_eq!(ticket.state.name(), StateName::Refunding);
    assert_eq!(ticket.return_signed_at, Some(world.now));
    assert!(!ticket.overdue_approved);
}

#[test]
fn refund_on_return_signed_does_not_apply_to_refund_only() {
    let mut world = World::delivered();
    put_strategy(
        &mut world,
        "s1",
        Condition::default(),
        StrategyAction::RefundOnReturnSigned,
    );
    world.must_open(request(
        "t1",
        RefundOnly,
        Reason::QualityProblem,
        PAID_MINOR,
    ));
    let ticket = world.ticket("t1");
    assert_eq!(ticket.state.name(), StateName::Requested);
    assert_eq!(
        (
            ticket.auto_rule.clone(),
            ticket.refund_on_return_signed.clone()
        ),
        (None, None)
    );

    // An approve strategy behind it still applies.
    let mut world = World::delivered();
    put_strategy(
        &mut world,
        "a",
        Condition::default(),
        StrategyAction::RefundOnReturnSigned,
    );
    put_strategy(
        &mut world,
        "b",
        Condition::default(),
        StrategyAction::Approve,
    );
    world.must_open(request(
        "t1",
        RefundOnly,
        Reason::QualityProblem,
        PAID_MINOR,
    ));
    assert_eq!(
        world.ticket("t1").auto_rule.as_ref().map(Rule::code),
        Some("merchant_strategy")
    );
    assert_eq!(world.state("t1"), StateName::Refunding);
}

/// One trust row: a change to the trusted profile and whether the buyer is still trusted.
#[test]
fn who_counts_as_a_trusted_buyer() {
    let now = t0();
    let policy = crate::Policy::default().trust;
    let with = |change: fn(&mut BuyerProfile, crate::Timestamp)| {
        let mut profile = trusted_buyer(now);
        change(&mut profile, now);
        profile
    };
    let cases: [(&str, BuyerProfile, bool); 14] = [
        ("baseline", trusted_buyer(now), true),
        (
            "account 89 days old",
            with(|b, now| b.account_created_at = minus(now, days(89))),
            false,
        ),
        (
            "account 90 days less a second",
            with(|b, now| b.account_created_at = plus(minus(now, days(90)), secs(1))),
            false,
        ),
        (
            "account exactly 90 days old",
            with(|b, now| b.account_created_at = minus(now, days(90))),
            true,
        ),
        (
            "account created in the future",
            with(|b, now| b.account_created_at = plus(now, days(1))),
            false,
        ),
        (
            "4 completed orders",
            with(|b, _| b.completed_orders = 4),
            false,
        ),
        (
            "5 completed orders",
            with(|b, _| b.completed_orders = 5),
            true,
        ),
        (
            "refund rate exactly 30%",
            with(|b, _| (b.orders_90d, b.refunds_90d) = (10, 3)),
            true,
        ),
        (
            "refund rate 30.3%",
            with(|b, _| (b.orders_90d, b.refunds_90d) = (33, 10)),
            false,
        ),
        (
            "refund rate 29.7%",
            with(|b, _| (b.orders_90d, b.refunds_90d) = (37, 11)),
            true,
        ),
        (
            "no orders, no refunds",
            with(|b, _| (b.orders_90d, b.refunds_90d) = (0, 0)),
            true,
        ),
        (
            "every order refunded",
            with(|b, _| (b.orders_90d, b.refunds_90d) = (4, 4)),
            false,
        ),
        (
            "restricted for abuse",
            with(|b, _| b.abuse_restricted = true),
            false,
        ),
        (
            "barely everything",
            with(|b, now| {
                b.account_created_at = minus(now, days(90));
                b.completed_orders = 5;
                (b.orders_90d, b.refunds_90d) = (10, 3);
            }),
            true,
        ),
    ];
    let failures = cases
        .iter()
        .filter_map(|(name, profile, trusted)| {
            let got = is_trusted(profile, &policy, now);
            (got != *trusted).then(|| format!("{name}: {got}, expected {trusted}"))
        })
        .collect();
    assert_no_failures(cases.len(), failures);
}

#[test]
fn an_untrusted_buyer_gets_no_platform_fast_refund() {
    let mut world = World::new();
    let mut profile = trusted_buyer(world.now);
    profile.account_created_at = minus(world.now, days(89));
    world.buyer = Some(profile);
    world.must_open(refund_all());
    assert_eq!(world.state("t1"), StateName::Requested);

    let mut world = World::new();
    let mut profile = trusted_buyer(world.now);
    profile.account_created_at = minus(world.now, days(90));
    world.buyer = Some(profile);
    world.must_open(refund_all());
    assert_eq!(world.ticket("t1").auto_rule, Some(Rule::PlatformFastRefund));
}

/// DOUBTFUL: `decide` trusts `Context::merchant` and `Context::buyer` to be the order's own
/// shop and buyer; it never compares their ids with the order. A shell that loads the wrong
/// settings would apply another shop's strategies or closure silently. This pins the current
/// behaviour; a cheap guard in `decide_automatically` would ignore mismatched settings.
#[test]
fn settings_of_another_shop_are_an_engine_bug_not_a_rule() {
    let mut world = World::delivered();
    let mut other = crate::merchant::Merchant::new(mid("m2"));
    other.refund_handling_closed = Some("another shop".to_owned());
    world.merchant = Some(other);
    // decide asserts that the context belongs to the order: a shell passing the wrong
    // shop's settings must stop, not let that shop's closure approve this ticket.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = world.exec(
            &Buyer.actor(),
            &crate::OrderCommand::OpenTicket(return_all()),
        );
    }));
    assert!(
        outcome.is_err(),
        "a foreign merchant context must be refused"
    );
}

/// A dry run over past tickets (the console's strategy editor) asks whether a drafted
/// condition would have matched each ticket as it was opened, at the stage its order was at.
#[test]
fn a_dry_run_matches_tickets_as_they_were_opened() {
    use crate::automatic::{matches_at, request_of, stage_at_opening};
    // Opened on an unshipped order, which has shipped since.
    let mut world = World::new();
    world.must_open(request("t1", RefundOnly, Reason::DontWant, 5_000));
    world
        .parcel(ParcelUpdate::TrackingEntered {
            tracking: "SF1".to_owned(),
            items: Vec::new(),
        })
        .expect("the order ships");
    let order = world.order.clone().expect("an order");
    let ticket = world.ticket("t1").clone();
    let request = request_of(&order, &ticket);
    assert_eq!(
        stage_at_opening(&order, &ticket),
        FulfilmentStage::Unshipped
    );
    let check = |condition: Condition| {
        matches_at(
            &condition,
            stage_at_opening(&order, &ticket),
            &request,
            false,
        )
    };
    assert!(check(Condition::default()));
    assert!(check(Condition {
        kinds: vec![RefundOnly],
        stages: vec![FulfilmentStage::Unshipped],
        amount_max_minor: Some(5_000),
        ..Condition::default()
    }));
    assert!(!check(Condition {
        stages: vec![FulfilmentStage::Shipped],
        ..Condition::default()
    }));
    assert!(!check(Condition {
        amount_max_minor: Some(4_999),
        ..Condition::default()
    }));
    assert!(!check(Condition {
        reasons: vec![Reason::QualityProblem],
        ..Condition::default()
    }));
    assert!(!check(Condition {
        trusted_buyer_only: true,
        ..Condition::default()
    }));
    // Opened after delivery: the stage is the order's.
    let mut world = World::delivered();
    world.must_open(return_all());
    let order = world.order.clone().expect("an order");
    let ticket = world.ticket("t1").clone();
    assert_eq!(
        stage_at_opening(&order, &ticket),
        FulfilmentStage::Delivered
    );
}

/// Each ticket a decision touches records the stored policy version it was decided under,
/// once per version, after the decision's own facts; under an unstored policy (version 0)
/// nothing is recorded, so runs without stored policies decide exactly as before.
#[test]
fn each_ticket_records_the_policy_version_its_decisions_were_made_under() {
    let mut world = World::new();
    let unstored = world.must_open(on_items(
        request("t1", RefundOnly, Reason::DontWant, 1_000),
        &["i1"],
    ));
    assert_eq!(event_names(&unstored), ["opened"]);
    assert_eq!(world.ticket("t1").policy_version, 0);

    world.policy_version = 2;
    let opened = world.must_open(on_items(
        request("t2", RefundOnly, Reason::DontWant, 1_000),
        &["i2"],
    ));
    assert_eq!(event_names(&opened), ["opened", "policy_applied"]);
    assert_eq!(world.ticket("t2").policy_version, 2);
    let same = world.must(Merchant, "t2", TicketAction::Approve);
    assert_eq!(
        event_names(&same),
        ["approved"],
        "the version is already recorded"
    );

    let first_under_two = world.must(Merchant, "t1", TicketAction::Approve);
    assert_eq!(
        ticket_changes(&first_under_two),
        [
            &TicketChange::Approved {
                approval: Approval::Merchant,
                next: crate::event::Next::Refunding { amount: cny(1_000) },
            },
            &TicketChange::PolicyApplied { version: 2 },
        ]
    );
    let t1 = world.ticket("t1");
    assert_eq!((t1.policy_version, t1.version), (2, 3));
}
