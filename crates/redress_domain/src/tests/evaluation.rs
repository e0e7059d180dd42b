//! The weekly evaluation: which standards a report breaks, the severity ladder with earlier
//! violations, the penalty's measures, and penalties on the merchant (recorded once,
//! appealed, revoked, and a high-risk one closing refund handling).

use super::support::*;
use crate::evaluation::{
    History, Measure, Penalty, PenaltyStatus, Severity, ViolationKind, assess,
};
use crate::merchant::{self, Merchant, MerchantCommand};
use crate::metrics::DayFigures;
use crate::metrics::report::report;
use crate::{Date, Policy, Rejection};
use jiff::civil::date;

const DAY: Date = date(2026, 3, 11);

/// A history of `n` earlier violations on other facts (a standard this one is not about,
/// evaluated long ago), each counting towards severity.
fn earlier(n: u32) -> History<'static> {
    let penalties: &'static [Penalty] = Vec::leak(
        (0..n)
            .map(|i| {
                let mut penalty = assess(
                    &overdue_report(10, 10),
                    &History::default(),
                    date(2026, 1, 7) + jiff::Span::new().days(i64::from(i)),
                    &Policy::default(),
                )
                .remove(0);
                penalty.kind = ViolationKind::MassOverdue;
                penalty
            })
            .collect(),
    );
    History {
        earlier: penalties.iter().collect(),
        window_from: None,
        days: Vec::new(),
    }
}

/// A merchant of `orders` paid orders and `disputes` disputes on a platform at 1 %.
fn dispute_report(orders: i64, disputes: i64) -> crate::metrics::MerchantReport {
    let merchant = DayFigures {
        orders_paid: orders,
        disputes_by_buyer: disputes,
        ..DayFigures::default()
    };
    let platform = DayFigures {
        orders_paid: 100_000,
        disputes_by_buyer: 1_000,
        ..DayFigures::default()
    };
    report(&merchant, &platform, &Policy::default())
}

fn severity_of(orders: i64, disputes: i64, earlier: u32) -> Option<Severity> {
    let penalties = assess(
        &dispute_report(orders, disputes),
        &self::earlier(earlier),
        DAY,
        &Policy::default(),
    );
    assert!(penalties.len() <= 1);
    penalties.first().map(|p| p.severity)
}

#[test]
fn severity_follows_the_excess_over_the_threshold_and_earlier_violations() {
    // Threshold: 1.5 × 1 % = 1.5 %.
    assert_eq!(severity_of(1_000, 14, 0), None, "1.4 % passes");
    assert_eq!(
        severity_of(1_000, 15, 0),
        Some(Severity::Slight),
        "1.5 % fails, 1× the threshold"
    );
    assert_eq!(
        severity_of(1_000, 30, 0),
        Some(Severity::Slight),
        "3 % is exactly 2×"
    );
    assert_eq!(
        severity_of(1_000, 31, 0),
        Some(Severity::Serious),
        "past 2×"
    );
    assert_eq!(
        severity_of(1_000, 45, 0),
        Some(Severity::Serious),
        "exactly 3×"
    );
    assert_eq!(
        severity_of(1_000, 46, 0),
        Some(Severity::EspeciallySerious),
        "past 3×"
    );
    assert_eq!(
        severity_of(1_000, 15, 1),
        Some(Severity::Serious),
        "one earlier violation"
    );
    assert_eq!(
        severity_of(1_000, 46, 1),
        Some(Severity::EspeciallySerious),
        "past 3× with one earlier violation"
    );
    assert_eq!(
        severity_of(1_000, 15, 2),
        Some(Severity::EspeciallySerious),
        "two earlier violations"
    );
}

#[test]
fn each_severity_gets_the_seeds_measures_scaled_by_the_excess() {
    let measures = |disputes| {
        assess(
            &dispute_report(1_000, disputes),
            &earlier(0),
            DAY,
            &Policy::default(),
        )[0]
        .measures
        .clone()
    };
    assert_eq!(measures(20), vec![Measure::Warning]);
    assert_eq!(measures(40), vec![Measure::Warning, Measure::MandatoryExam]);
    let fine = |minor| Measure::Fine { amount: cny(minor) };
    // 4.6 % is 3.0667× the threshold: 2.2 % of the way from 3× to 6×, so one day and a fine
    // 2.2 % of the way from 500 to 1,000 yuan; 6× and beyond: the maximum.
    assert_eq!(
        measures(46),
        vec![
            Measure::Delisting { days: 1 },
            fine(51_111),
            Measure::PointsDeducted { points: 5 }
        ]
    );
    assert_eq!(
        measures(200),
        vec![
            Measure::Delisting { days: 5 },
            fine(100_000),
            Measure::PointsDeducted { points: 5 }
        ]
    );
}

#[test]
fn the_penalty_carries_the_figures_that_caused_it() {
    let penalty = &assess(
        &dispute_report(1_000, 20),
        &earlier(0),
        DAY,
        &Policy::default(),
    )[0];
    assert_eq!(penalty.id, "2026-03-11:dispute_rate");
    assert_eq!(penalty.kind, ViolationKind::DisputeRate);
    assert_eq!(
        (
            penalty.evidence.rate.numerator,
            penalty.evidence.rate.denominator
        ),
        (20, 1_000)
    );
    let platform = penalty.evidence.platform.expect("the platform's rate");
    assert_eq!((platform.numerator, platform.denominator), (1_000, 100_000));
    assert_eq!(penalty.evidence.threshold_ppm, 15_000, "1.5 %");
}

fn overdue_report(approved: i64, opened: i64) -> crate::metrics::MerchantReport {
    let merchant = DayFigures {
        tickets_opened: opened,
        overdue_approved: approved,
        ..DayFigures::default()
    };
    report(&merchant, &DayFigures::default(), &Policy::default())
}

/// Seed 004 三: "视违规情节的严重程度等情况综合判定" — the measures follow the severity. A slight
/// breach (exactly 10 of 50) is a warning and study, not a suspended cart.
#[test]
fn mass_overdue_measures_are_graded_by_severity_and_high_risk_closes_refund_handling() {
    let policy = Policy::default();
    assert!(assess(&overdue_report(9, 10), &earlier(0), DAY, &policy).is_empty());
    let slight = &assess(&overdue_report(10, 50), &earlier(0), DAY, &policy)[0];
    assert_eq!(
        (slight.kind, slight.severity),
        (ViolationKind::MassOverdue, Severity::Slight)
    );
    assert_eq!(
        slight.measures,
        [Measure::Warning, Measure::MandatoryStudy],
        "a slight breach neither suspends the cart nor hands over return shipping"
    );
    // 10 of 20: 50 %, 2.5× the 20 % threshold.
    let serious = &assess(&overdue_report(10, 20), &earlier(0), DAY, &policy)[0];
    assert_eq!(serious.severity, Severity::Serious);
    assert_eq!(
        serious.measures,
        [
            Measure::Warning,
            Measure::MandatoryStudy,
            Measure::MandatoryExam,
            Measure::PointsDeducted { points: 5 },
        ]
    );
    let especially = &assess(&overdue_report(10, 50), &earlier(2), DAY, &policy)[0];
    assert_eq!(especially.severity, Severity::EspeciallySerious);
    assert_eq!(
        especially.measures,
        [
            Measure::Warning,
            Measure::MandatoryStudy,
            Measure::MandatoryExam,
            Measure::PointsDeducted { points: 5 },
            Measure::PlatformSettlesReturnShipping,
            Measure::CartSuspended,
            Measure::Fine {
                amount: cny(50_000)
            },
        ]
    );
    // High risk closes refund handling whatever the tier.
    let high_risk = &assess(&overdue_report(50, 100), &earlier(0), DAY, &policy)[0];
    assert!(high_risk.measures.contains(&Measure::RefundHandlingClosed));
    assert!(!high_risk.measures.contains(&Measure::CartSuspended));
    // The grading is the policy's.
    let mut lenient = Policy::default();
    lenient.mass_overdue.slight_measures = vec![crate::policy::MeasureKind::Warning];
    let slight = &assess(&overdue_report(10, 50), &earlier(0), DAY, &lenient)[0];
    assert_eq!(slight.measures, [Measure::Warning]);
}

fn penalise(world: &mut World, penalty: &Penalty) -> Result<Vec<&'static str>, Rejection> {
    let events = merchant::decide(
        &mid(MERCHANT),
        world.merchant.as_ref(),
        &MerchantCommand::Penalise {
            penalty: penalty.clone(),
        },
        &Who::System.actor(),
        world.now,
        shanghai_day(world.now),
    )?;
    for event in &events {
        world.merchant = Some(merchant::apply(
            &mid(MERCHANT),
            world.merchant.take(),
            event,
        ));
    }
    Ok(events.iter().map(|e| e.change.name()).collect())
}

fn merchant_of(world: &World) -> &Merchant {
    world.merchant.as_ref().expect("the merchant")
}

#[test]
fn a_penalty_is_recorded_once_and_a_high_risk_one_closes_refund_handling() {
    let mut world = World::new();
    let high_risk = assess(
        &overdue_report(50, 100),
        &earlier(0),
        DAY,
        &Policy::default(),
    )
    .remove(0);
    assert_eq!(
        penalise(&mut world, &high_risk),
        Ok(vec!["penalised", "refund_handling_closed"])
    );
    assert!(merchant_of(&world).refund_handling_closed.is_some());
    assert_eq!(
        penalise(&mut world, &high_risk),
        Err(Rejection::NoChange),
        "the same week again"
    );
    assert_eq!(
        merchant_of(&world).violations_before(date(2026, 3, 18), 90),
        1
    );
    assert_eq!(
        merchant_of(&world).violations_before(DAY, 90),
        0,
        "not before its own day"
    );
    assert_eq!(
        merchant_of(&world).violations_before(date(2026, 7, 1), 90),
        0,
        "out of the look-back"
    );
}

#[test]
fn a_merchant_appeals_and_an_operator_revokes_and_then_it_no_longer_counts() {
    let mut world = World::new();
    let penalty = assess(
        &dispute_report(1_000, 20),
        &earlier(0),
        DAY,
        &Policy::default(),
    )
    .remove(0);
    penalise(&mut world, &penalty).expect("recorded");
    let act = |world: &mut World, who: Who, command: MerchantCommand| {
        merchant::decide(
            &mid(MERCHANT),
            world.merchant.as_ref(),
            &command,
            &who.actor(),
            world.now,
            shanghai_day(world.now),
        )
        .map(|events| {
            for event in &events {
                world.merchant = Some(merchant::apply(
                    &mid(MERCHANT),
                    world.merchant.take(),
                    event,
                ));
            }
        })
    };
    let appeal = MerchantCommand::AppealPenalty {
        id: penalty.id.clone(),
        statement: "the disputes were a carrier's fault".to_owned(),
    };
    assert!(matches!(
        act(&mut world, Who::OtherMerchant, appeal.clone()),
        Err(Rejection::WrongActor { .. })
    ));
    act(&mut world, Who::Merchant, appeal).expect("appealed");
    let revoke = |reason: &str| MerchantCommand::RevokePenalty {
        id: penalty.id.clone(),
        reason: reason.to_owned(),
    };
    assert!(matches!(
        act(&mut world, Who::Merchant, revoke("mine")),
        Err(Rejection::WrongActor { .. })
    ));
    assert!(matches!(
        act(&mut world, Who::Operator, revoke(" ")),
        Err(Rejection::TextInvalid { field: "note", .. })
    ));
    act(&mut world, Who::Operator, revoke("appeal upheld")).expect("revoked");
    assert_eq!(
        merchant_of(&world).penalties[&penalty.id].status,
        PenaltyStatus::Revoked {
            reason: "appeal upheld".to_owned()
        }
    );
    assert_eq!(
        merchant_of(&world).violations_before(date(2026, 3, 18), 90),
        0
    );
    assert_eq!(
        act(&mut world, Who::Operator, revoke("again")),
        Err(Rejection::PenaltyRevoked)
    );
    assert_eq!(
        act(
            &mut world,
            Who::Operator,
            MerchantCommand::RevokePenalty {
                id: crate::PenaltyId::parse("2020-01-01:dispute_rate").expect("a penalty id"),
                reason: "none".to_owned()
            }
        ),
        Err(Rejection::PenaltyUnknown)
    );
}

/// Figures of one day: `orders` paid and `disputes` first requested.
fn day_with(day: Date, orders: i64, disputes: i64) -> (Date, DayFigures) {
    (
        day,
        DayFigures {
            orders_paid: orders,
            disputes_by_buyer: disputes,
            ..DayFigures::default()
        },
    )
}

/// The window of the evaluation of `day` under the default policy (30 days before it).
fn from_of(day: Date) -> Date {
    crate::metrics::Window::of_evaluation(day, Policy::default().dispute_rate.window_days).from
}

/// Seed 000 四 (情节) and issue 23: one dispute on forty orders is evaluated again every week
/// while it stays in the 30-day window. It is punished once; the unchanged breach is neither
/// penalised again nor counted as an earlier violation of itself. A new dispute after the
/// penalty is a new breach, and then the first penalty counts.
#[test]
fn the_same_breach_is_punished_once_and_does_not_climb_the_ladder() {
    let policy = Policy::default();
    let paid = date(2026, 3, 2);
    let week1 = date(2026, 3, 11);
    let first = {
        let history = History {
            earlier: Vec::new(),
            window_from: Some(from_of(week1)),
            days: vec![day_with(paid, 40, 1)],
        };
        assess(&dispute_report(40, 1), &history, week1, &policy).remove(0)
    };
    assert_eq!(
        first.severity,
        Severity::Slight,
        "2.5 %: 1.67× the threshold"
    );

    // Weeks 2 to 4: the same dispute, still in the window; nothing new.
    for weeks in 1..4 {
        let day = week1 + jiff::Span::new().days(7 * weeks);
        let history = History {
            earlier: vec![&first],
            window_from: Some(from_of(day)),
            days: vec![day_with(paid, 40, 1)],
        };
        assert_eq!(
            assess(&dispute_report(40, 1), &history, day, &policy),
            Vec::new(),
            "week {}: the same facts are not punished again",
            weeks + 1
        );
    }

    // A second dispute after the first penalty: a new breach, and the first one counts.
    let week3 = date(2026, 3, 25);
    let history = History {
        earlier: vec![&first],
        window_from: Some(from_of(week3)),
        days: vec![day_with(paid, 40, 1), day_with(date(2026, 3, 20), 40, 1)],
    };
    let again = assess(&dispute_report(80, 2), &history, week3, &policy).remove(0);
    assert_eq!(
        (again.severity, again.evidence.earlier_violations),
        (Severity::Serious, 1)
    );

    // A penalty whose window no longer overlaps rests on other facts: it counts.
    let later = date(2026, 4, 22);
    let history = History {
        earlier: vec![&first],
        window_from: Some(from_of(later)),
        days: vec![day_with(date(2026, 4, 1), 40, 1)],
    };
    let repeat = assess(&dispute_report(40, 1), &history, later, &policy).remove(0);
    assert_eq!(repeat.evidence.earlier_violations, 1);
}

/// The days of the window matter only beside an earlier penalty whose window overlaps: the
/// engine reads them only then (`History::needs_days`), so without one, an assessment with
/// no days must equal the one with them.
#[test]
fn the_windows_days_matter_only_beside_an_overlapping_earlier_penalty() {
    let policy = Policy::default();
    let week1 = date(2026, 3, 11);
    let days = vec![day_with(date(2026, 3, 2), 40, 1)];
    fn with_days<'a>(
        earlier: Vec<&'a Penalty>,
        day: Date,
        days: Vec<(Date, DayFigures)>,
    ) -> History<'a> {
        History {
            earlier,
            window_from: Some(from_of(day)),
            days,
        }
    }
    let first = assess(
        &dispute_report(40, 1),
        &with_days(Vec::new(), week1, days.clone()),
        week1,
        &policy,
    )
    .remove(0);
    let later = date(2026, 4, 22);
    for (earlier, day) in [(Vec::new(), week1), (vec![&first], later)] {
        let full = with_days(earlier.clone(), day, days.clone());
        assert!(!full.needs_days(), "{day}");
        assert_eq!(
            assess(&dispute_report(40, 1), &full, day, &policy),
            assess(
                &dispute_report(40, 1),
                &with_days(earlier, day, Vec::new()),
                day,
                &policy
            ),
            "{day}"
        );
    }
    // Beside an overlapping penalty, a dispute after it is a new breach only the days show.
    let week2 = date(2026, 3, 18);
    let mut grown = days;
    grown.push(day_with(date(2026, 3, 12), 40, 1));
    let overlapping = with_days(vec![&first], week2, grown);
    assert!(overlapping.needs_days());
    assert_ne!(
        assess(&dispute_report(80, 2), &overlapping, week2, &policy),
        assess(
            &dispute_report(80, 2),
            &with_days(vec![&first], week2, Vec::new()),
            week2,
            &policy
        ),
        "beside an overlapping penalty the days tell an old breach from a new one"
    );
}

/// The same for mass overdue: an overdue approval lands on the day its ticket was opened,
/// possibly after the evaluation, so growth on the days it already counted is new too.
#[test]
fn an_unchanged_mass_overdue_is_punished_once() {
    let policy = Policy::default();
    let opened = date(2026, 3, 2);
    let overdue_day = |approved: i64| {
        (
            opened,
            DayFigures {
                tickets_opened: 50,
                overdue_approved: approved,
                ..DayFigures::default()
            },
        )
    };
    let week1 = date(2026, 3, 11);
    let first = assess(
        &overdue_report(10, 50),
        &History {
            earlier: Vec::new(),
            window_from: Some(from_of(week1)),
            days: vec![overdue_day(10)],
        },
        week1,
        &policy,
    )
    .remove(0);
    let week2 = date(2026, 3, 18);
    let unchanged = History {
        earlier: vec![&first],
        window_from: Some(from_of(week2)),
        days: vec![overdue_day(10)],
    };
    assert!(assess(&overdue_report(10, 50), &unchanged, week2, &policy).is_empty());
    let grown = History {
        earlier: vec![&first],
        window_from: Some(from_of(week2)),
        days: vec![overdue_day(11)],
    };
    let again = assess(&overdue_report(11, 50), &grown, week2, &policy).remove(0);
    assert_eq!(again.evidence.earlier_violations, 1);
    // A revoked penalty is no history: the engine leaves it out, and the breach is punished.
    let none = History {
        earlier: Vec::new(),
        window_from: Some(from_of(week2)),
        days: vec![overdue_day(10)],
    };
    assert_eq!(
        assess(&overdue_report(10, 50), &none, week2, &policy).len(),
        1
    );
}

// ---------------------------------------------------------------------------------------------
// Termination (seed 004 三: 判定为高危风险商家的……直至清除平台、终止合作).

/// A history holding one earlier high-risk finding on other facts (its window does not
/// overlap: `window_from` is none).
fn earlier_high_risk() -> History<'static> {
    let penalty: &'static Penalty = Box::leak(Box::new(
        assess(
            &overdue_report(50, 100),
            &History::default(),
            date(2026, 1, 14),
            &Policy::default(),
        )
        .remove(0),
    ));
    assert!(penalty.high_risk() && !penalty.terminates());
    History {
        earlier: vec![penalty],
        window_from: None,
        days: Vec::new(),
    }
}

#[test]
fn a_repeat_high_risk_finding_ends_in_termination() {
    let policy = Policy::default();
    assert_eq!(policy.mass_overdue.termination_high_risk_findings, 2);
    let first = &assess(&overdue_report(50, 100), &earlier(0), DAY, &policy)[0];
    assert_eq!(
        first.measures.last(),
        Some(&Measure::RefundHandlingClosed),
        "the first high-risk finding closes refund handling, no more"
    );
    assert!(!first.terminates());
    let repeat = &assess(&overdue_report(50, 100), &earlier_high_risk(), DAY, &policy)[0];
    assert_eq!(
        repeat.measures[repeat.measures.len() - 2..],
        [Measure::RefundHandlingClosed, Measure::Termination]
    );
    assert!(repeat.terminates());
    assert_eq!(repeat.evidence.earlier_violations, 1);
    // Earlier violations that were not high risk do not end the ladder.
    let after_others = &assess(&overdue_report(50, 100), &earlier(3), DAY, &policy)[0];
    assert!(!after_others.terminates());
    // A breach that is not high risk never terminates, whatever came before.
    let not_high_risk = &assess(&overdue_report(49, 60), &earlier_high_risk(), DAY, &policy)[0];
    assert!(!not_high_risk.high_risk() && !not_high_risk.terminates());
}

#[test]
fn the_termination_rule_is_the_policys() {
    let mut policy = Policy::default();
    policy.mass_overdue.termination_high_risk_findings = 0;
    let never = &assess(&overdue_report(50, 100), &earlier_high_risk(), DAY, &policy)[0];
    assert!(!never.terminates(), "0: never by evaluation");
    policy.mass_overdue.termination_high_risk_findings = 1;
    let at_once = &assess(&overdue_report(50, 100), &earlier(0), DAY, &policy)[0];
    assert!(at_once.terminates(), "1: the first high-risk finding");
    policy.mass_overdue.termination_high_risk_findings = 3;
    let not_yet = &assess(&overdue_report(50, 100), &earlier_high_risk(), DAY, &policy)[0];
    assert!(!not_yet.terminates(), "3: the second is not enough");
}

/// The same high-risk facts seen again by the next week's overlapping window are not a new
/// finding: no penalty, so no termination either.
#[test]
fn the_same_high_risk_facts_do_not_terminate() {
    let policy = Policy::default();
    let opened = date(2026, 3, 2);
    let week1 = date(2026, 3, 11);
    let days = vec![(
        opened,
        DayFigures {
            tickets_opened: 100,
            overdue_approved: 50,
            ..DayFigures::default()
        },
    )];
    let first = assess(
        &overdue_report(50, 100),
        &History {
            earlier: Vec::new(),
            window_from: Some(from_of(week1)),
            days: days.clone(),
        },
        week1,
        &policy,
    )
    .remove(0);
    let week2 = date(2026, 3, 18);
    let again = assess(
        &overdue_report(50, 100),
        &History {
            earlier: vec![&first],
            window_from: Some(from_of(week2)),
            days,
        },
        week2,
        &policy,
    );
    assert_eq!(again, Vec::new());
}

fn act(
    world: &mut World,
    who: Who,
    command: MerchantCommand,
) -> Result<Vec<&'static str>, Rejection> {
    let events = merchant::decide(
        &mid(MERCHANT),
        world.merchant.as_ref(),
        &command,
        &who.actor(),
        world.now,
        shanghai_day(world.now),
    )?;
    for event in &events {
        world.merchant = Some(merchant::apply(
            &mid(MERCHANT),
            world.merchant.take(),
            event,
        ));
    }
    Ok(events.iter().map(|e| e.change.name()).collect())
}

fn terminate(reason: &str) -> MerchantCommand {
    MerchantCommand::Terminate {
        reason: reason.to_owned(),
    }
}

/// An operator's decision: a penalty of its own standard with the reason as evidence, which
/// closes refund handling; refund handling stays closed until the termination is revoked.
#[test]
fn an_operator_terminates_a_merchant_with_a_reason_and_may_revoke_it() {
    let mut world = World::new();
    let earlier = assess(
        &dispute_report(1_000, 20),
        &self::earlier(0),
        DAY,
        &Policy::default(),
    )
    .remove(0);
    penalise(&mut world, &earlier).expect("an earlier violation");
    for who in [Who::Merchant, Who::System, Who::Arbitrator] {
        assert!(
            matches!(
                act(&mut world, who, terminate("fraud")),
                Err(Rejection::WrongActor { .. })
            ),
            "{who:?}"
        );
    }
    assert!(matches!(
        act(&mut world, Who::Operator, terminate("  ")),
        Err(Rejection::TextInvalid { field: "note", .. })
    ));
    assert_eq!(
        merchant_of(&world).penalties.len(),
        1,
        "refusals change nothing"
    );
    assert_eq!(
        act(&mut world, Who::Operator, terminate(" counterfeit goods ")),
        Ok(vec!["penalised", "refund_handling_closed"])
    );
    let today = shanghai_day(world.now);
    let id = crate::PenaltyId::parse(&format!("{today}:operator_decision")).expect("an id");
    let m = merchant_of(&world);
    let penalty = &m.penalties[&id];
    assert_eq!(m.terminated().map(|p| &p.id), Some(&id));
    assert_eq!(
        (penalty.kind, penalty.severity, penalty.measures.clone()),
        (
            ViolationKind::OperatorDecision,
            Severity::EspeciallySerious,
            vec![Measure::Termination]
        )
    );
    assert_eq!(
        penalty.evidence.reason.as_deref(),
        Some("counterfeit goods")
    );
    assert_eq!(penalty.evidence.earlier_violations, 1);
    assert!(m.refund_handling_closed.is_some());
    assert_eq!(
        act(&mut world, Who::Operator, terminate("again")),
        Err(Rejection::NoChange)
    );
    assert_eq!(
        act(
            &mut world,
            Who::Operator,
            MerchantCommand::RestoreRefundHandling
        ),
        Err(Rejection::MerchantTerminated)
    );
    // Appealable and revocable like any penalty.
    assert_eq!(
        act(
            &mut world,
            Who::Merchant,
            MerchantCommand::AppealPenalty {
                id: id.clone(),
                statement: "the goods were genuine".to_owned()
            }
        ),
        Ok(vec!["penalty_appealed"])
    );
    assert!(
        merchant_of(&world).terminated().is_some(),
        "an appeal does not lift it"
    );
    assert_eq!(
        act(
            &mut world,
            Who::Operator,
            MerchantCommand::RevokePenalty {
                id: id.clone(),
                reason: "the goods were genuine".to_owned()
            }
        ),
        Ok(vec!["penalty_revoked"])
    );
    assert_eq!(merchant_of(&world).terminated(), None);
    assert!(
        merchant_of(&world).refund_handling_closed.is_some(),
        "revoking does not reopen refund handling by itself"
    );
    assert_eq!(
        act(
            &mut world,
            Who::Operator,
            MerchantCommand::RestoreRefundHandling
        ),
        Ok(vec!["refund_handling_restored"])
    );
    // Terminated again the same day: a new penalty, under a new id.
    assert_eq!(
        act(&mut world, Who::Operator, terminate("new findings")),
        Ok(vec!["penalised", "refund_handling_closed"])
    );
    assert_eq!(
        merchant_of(&world).terminated().map(|p| p.id.to_string()),
        Some(format!("{id}:2"))
    );
}

/// An evaluation's termination: it closes refund handling (if the high-risk measure did not
/// find it closed already) and holds it closed like an operator's.
#[test]
fn a_terminating_penalty_holds_refund_handling_closed() {
    let mut world = World::new();
    let repeat = assess(
        &overdue_report(50, 100),
        &earlier_high_risk(),
        DAY,
        &Policy::default(),
    )
    .remove(0);
    assert_eq!(
        penalise(&mut world, &repeat),
        Ok(vec!["penalised", "refund_handling_closed"])
    );
    assert_eq!(
        merchant_of(&world).terminated().map(|p| p.id.clone()),
        Some(repeat.id.clone())
    );
    assert_eq!(
        act(
            &mut world,
            Who::Operator,
            MerchantCommand::RestoreRefundHandling
        ),
        Err(Rejection::MerchantTerminated)
    );
}
