//! Showcase creators (视频号橱窗达人, seed 001 1.3: 纠纷介入率不达标的视频号橱窗商家、视频号橱窗
//! 达人会被平台处罚): an order may carry the creator who sold it, the creator's figures are those
//! of the orders it sold, and a creator's failing dispute rate is penalised like a merchant's,
//! on the creator's own aggregate.

use super::support::*;
use crate::creator::{self, Creator, CreatorChange, CreatorCommand};
use crate::evaluation::{History, Measure, PenaltyStatus, Severity, ViolationKind, assess_creator};
use crate::metrics::DayFigures;
use crate::metrics::day::{contributions, creator_delta};
use crate::metrics::report::report;
use crate::{Actor, CreatorId, Date, Policy, Rejection, StaffId};
use jiff::civil::date;
use jiff::tz::TimeZone;

const DAY: Date = date(2026, 3, 11);

fn cid(raw: &str) -> CreatorId {
    CreatorId::parse(raw).expect("a creator id")
}

fn operator() -> Actor {
    Actor::Operator(StaffId::parse("op1").expect("a staff id"))
}

/// A creator whose showcase sold `orders` orders with `disputes` buyer-initiated disputes,
/// on a platform at 1 %, under the channels rules.
fn creator_report(orders: i64, disputes: i64, overdue: i64) -> crate::metrics::MerchantReport {
    let creator = DayFigures {
        orders_paid: orders,
        disputes_by_buyer: disputes,
        tickets_opened: overdue,
        overdue_approved: overdue,
        ..DayFigures::default()
    };
    let platform = DayFigures {
        orders_paid: 100_000,
        disputes_by_buyer: 1_000,
        ..DayFigures::default()
    };
    report(&creator, &platform, &channels())
}

fn channels() -> Policy {
    let mut policy = Policy::default();
    policy.dispute_rate.counting = crate::policy::DisputeCounting::BuyerInitiated;
    policy.dispute_rate.measures_creators = true;
    policy
}

#[test]
fn an_order_keeps_the_creator_who_sold_it_and_its_figures_go_to_the_creator() {
    let mut order = typical_order();
    order.creator = Some(cid("creator-7"));
    let world = World::placing(order);
    let placed = world.order.as_ref().expect("the order is placed");
    assert_eq!(placed.creator, Some(cid("creator-7")));
    let (creator, days) = creator_delta(None, placed, &TimeZone::UTC).expect("a creator sold it");
    assert_eq!(creator, cid("creator-7"));
    assert_eq!(
        days,
        contributions(placed, &TimeZone::UTC),
        "the creator's figures are the order's, day by day"
    );
    assert_eq!(days.values().map(|d| d.orders_paid).sum::<i64>(), 1);
}

#[test]
fn an_order_no_creator_sold_moves_no_creator_figures() {
    let world = World::new();
    let placed = world.order.as_ref().expect("the order is placed");
    assert_eq!(placed.creator, None);
    assert_eq!(creator_delta(None, placed, &TimeZone::UTC), None);
}

#[test]
fn a_creator_whose_rate_fails_gets_a_dispute_rate_penalty_and_never_a_mass_overdue_one() {
    // Threshold 1.5 × 1 % = 1.5 %; 2 % fails. The creator's orders also had overdue
    // approvals enough for a merchant's mass-overdue breach: the merchant's handling, not the
    // creator's.
    let failing = creator_report(1_000, 20, 20);
    assert!(failing.overdue.violation, "a merchant would be in breach");
    let penalty = assess_creator(&failing, &History::default(), DAY, &channels())
        .expect("the creator is penalised");
    assert_eq!(penalty.id, "2026-03-11:dispute_rate");
    assert_eq!(penalty.kind, ViolationKind::DisputeRate);
    assert_eq!(penalty.severity, Severity::Slight);
    assert_eq!(penalty.measures, vec![Measure::Warning]);
    assert_eq!(
        (
            penalty.evidence.rate.numerator,
            penalty.evidence.rate.denominator
        ),
        (20, 1_000)
    );
    assert_eq!(penalty.evidence.threshold_ppm, 15_000);
    assert_eq!(
        assess_creator(
            &creator_report(1_000, 14, 20),
            &History::default(),
            DAY,
            &channels()
        ),
        None,
        "1.4 % passes, whatever the overdue approvals"
    );
}

#[test]
fn a_creators_penalty_is_recorded_once_appealed_and_revoked_by_an_operator() {
    let id = cid("creator-7");
    let penalty = assess_creator(
        &creator_report(1_000, 20, 0),
        &History::default(),
        DAY,
        &channels(),
    )
    .expect("a penalty");
    let penalise = CreatorCommand::Penalise {
        penalty: penalty.clone(),
    };
    let merchant = Actor::Merchant(mid("m1"));
    assert!(matches!(
        creator::decide(&id, None, &penalise, &merchant, t0()),
        Err(Rejection::WrongActor { .. })
    ));
    let events = creator::decide(&id, None, &penalise, &Actor::System, t0()).expect("recorded");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].change.name(), "creator_penalised");
    let mut state: Option<Creator> = None;
    for event in &events {
        state = Some(creator::apply(&id, state, event));
    }
    let state = state.expect("a creator");
    assert_eq!(state.version, 1);
    assert_eq!(state.penalties.get(&penalty.id), Some(&penalty));
    assert_eq!(
        creator::decide(&id, Some(&state), &penalise, &Actor::System, t0()),
        Err(Rejection::NoChange),
        "the same penalty again changes nothing"
    );

    let appeal = CreatorCommand::AppealPenalty {
        id: penalty.id.clone(),
        statement: "the disputes were the merchant's late shipping".to_owned(),
    };
    assert!(matches!(
        creator::decide(&id, Some(&state), &appeal, &merchant, t0()),
        Err(Rejection::WrongActor { .. })
    ));
    let appealed = creator::decide(&id, Some(&state), &appeal, &operator(), t0()).expect("ok");
    let state = creator::apply(&id, Some(state), &appealed[0]);
    assert!(matches!(
        state.penalties[&penalty.id].status,
        PenaltyStatus::Appealed { .. }
    ));

    let blank = CreatorCommand::RevokePenalty {
        id: penalty.id.clone(),
        reason: "  ".to_owned(),
    };
    assert_eq!(
        creator::decide(&id, Some(&state), &blank, &operator(), t0()),
        Err(Rejection::TextInvalid {
            field: "note",
            why: "must not be empty"
        })
    );
    let unknown = CreatorCommand::RevokePenalty {
        id: crate::PenaltyId::parse("2026-01-01:dispute_rate").expect("a penalty id"),
        reason: "wrong".to_owned(),
    };
    assert_eq!(
        creator::decide(&id, Some(&state), &unknown, &operator(), t0()),
        Err(Rejection::PenaltyUnknown)
    );
    let revoke = CreatorCommand::RevokePenalty {
        id: penalty.id.clone(),
        reason: "appeal upheld".to_owned(),
    };
    let revoked = creator::decide(&id, Some(&state), &revoke, &operator(), t0()).expect("ok");
    assert!(matches!(
        revoked[0].change,
        CreatorChange::PenaltyRevoked { .. }
    ));
    let state = creator::apply(&id, Some(state), &revoked[0]);
    assert!(
        state.violations_before(date(2026, 3, 18), 90).is_empty(),
        "a revoked penalty no longer counts"
    );
}

#[test]
fn an_earlier_creator_penalty_on_other_facts_makes_the_next_breach_serious() {
    let id = cid("creator-7");
    let first = assess_creator(
        &creator_report(1_000, 20, 0),
        &History::default(),
        date(2026, 1, 7),
        &channels(),
    )
    .expect("a penalty");
    let events = creator::decide(
        &id,
        None,
        &CreatorCommand::Penalise { penalty: first },
        &Actor::System,
        t0(),
    )
    .expect("recorded");
    let state = creator::apply(&id, None, &events[0]);
    let history = History {
        earlier: state.violations_before(DAY, 90),
        window_from: Some(date(2026, 2, 9)),
        days: Vec::new(),
    };
    assert_eq!(history.earlier.len(), 1);
    let second = assess_creator(&creator_report(1_000, 20, 0), &history, DAY, &channels())
        .expect("a penalty");
    assert_eq!(second.severity, Severity::Serious);
    assert_eq!(second.evidence.earlier_violations, 1);
}
