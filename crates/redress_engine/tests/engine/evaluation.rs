//! The weekly evaluation: run by the scheduler exactly when the clock passes the policy's
//! Wednesday 02:00 (platform time), once per week, recording penalties from the rollups;
//! running it again for the same day records nothing twice. Only the period due is run on
//! request; any day can be previewed; nothing asked for moves the calendar (issue 16).

use crate::support::*;
use jiff::civil::{Date, date};
use redress_domain::evaluation::{Measure, Severity, ViolationKind};
use redress_domain::{Policy, SignedDuration, TicketKind, Timestamp};
use redress_engine::{AdvanceError, EvaluationNotRun};

/// Wednesday 12 March 2025, 02:00 in Shanghai.
fn wednesday_0200() -> Timestamp {
    "2025-03-11T18:00:00Z".parse().expect("an instant")
}

on_every_backend!(
    #[tokio::test]
    the_weekly_evaluation_runs_when_the_clock_passes_wednesday_0200_and_records_penalties_once
);
async fn the_weekly_evaluation_runs_when_the_clock_passes_wednesday_0200_and_records_penalties_once(
    backend: Backend,
) {
    let te = TestEngine::start(&backend).await;
    // Ten requests m1 never answers: all approved when their 48 h run out (逾期自动同意),
    // ten of ten tickets: mass overdue, five times the 20 % share.
    for n in 0..10 {
        let order = te.place_order(&format!("o{n}"), "m1", "b1").await;
        te.open_ticket(&order, &format!("t{n}"), TicketKind::RefundOnly, 1_000)
            .await;
    }
    // m2 answers in time.
    let order = te.place_order("o-m2", "m2", "b1").await;
    let ticket = te
        .open_ticket(&order, "t-m2", TicketKind::RefundOnly, 1_000)
        .await;
    te.ok(on_ticket(
        redress_domain::Actor::Merchant(merchant("m2")),
        &order,
        &ticket,
        None,
        redress_domain::TicketAction::Approve,
    ))
    .await;

    // Up to a microsecond before: the evaluation of 5 March ran (before the requests were
    // overdue) and nothing was penalised.
    let before = te
        .advance_to(wednesday_0200() - SignedDuration::from_micros(1))
        .await;
    assert!(!before.evaluations.contains(&date(2025, 3, 12)));
    assert!(before.evaluations.contains(&date(2025, 3, 5)));
    let m1 = te.engine.merchant(&merchant("m1")).await.expect("reads");
    assert!(m1.is_none_or(|m| m.penalties.is_empty()));

    let at = te.advance_to(wednesday_0200()).await;
    assert_eq!(at.evaluations, vec![date(2025, 3, 12)]);
    let m1 = te
        .engine
        .merchant(&merchant("m1"))
        .await
        .expect("reads")
        .expect("penalised");
    let penalty = &m1.penalties["2025-03-12:mass_overdue"];
    assert_eq!(penalty.kind, ViolationKind::MassOverdue);
    assert_eq!(
        (
            penalty.evidence.rate.numerator,
            penalty.evidence.rate.denominator
        ),
        (10, 10)
    );
    assert_eq!(
        penalty.severity,
        Severity::EspeciallySerious,
        "5× the share"
    );
    assert!(penalty.measures.contains(&Measure::CartSuspended));
    let m2 = te.engine.merchant(&merchant("m2")).await.expect("reads");
    assert!(
        m2.is_none_or(|m| m.penalties.is_empty()),
        "m2 answered in time"
    );
    assert_eq!(
        te.log()
            .await
            .iter()
            .filter(|e| e.kind == "penalised")
            .count(),
        1,
        "published once in the log"
    );

    // An hour later nothing runs; a week later the next evaluation runs, and m1, whose
    // window still holds the same overdue tickets and nothing new, is not penalised again
    // (seed 000 四 / seed 004 三: the same facts are punished once; issue 23).
    let later = te.advance(hours(1)).await;
    assert!(later.evaluations.is_empty());
    let again = te.engine.evaluate(date(2025, 3, 12)).await.expect("runs");
    assert_eq!((again.recorded.len(), again.already_recorded), (0, 1));
    let next_week = te.advance_to(wednesday_0200() + hours(24 * 7)).await;
    assert_eq!(next_week.evaluations, vec![date(2025, 3, 19)]);
    let m1 = te
        .engine
        .merchant(&merchant("m1"))
        .await
        .expect("reads")
        .expect("penalised");
    assert!(
        !m1.penalties.contains_key("2025-03-19:mass_overdue"),
        "an unchanged breach is not penalised again"
    );
    assert_eq!(m1.penalties.len(), 1);
    te.finish().await;
}

/// Ten requests `m1` never answers, opened at t0: approved as overdue on 5 March, so the
/// window of 12 March holds a mass-overdue breach.
async fn lapsing_merchant(te: &TestEngine) {
    for n in 0..10 {
        let order = te.place_order(&format!("o{n}"), "m1", "b1").await;
        te.open_ticket(&order, &format!("t{n}"), TicketKind::RefundOnly, 1_000)
            .await;
    }
}

/// Thursday 13 March 2025, 10:00 in Shanghai: the evaluation of 12 March has run.
fn thursday_after() -> Timestamp {
    wednesday_0200() + hours(32)
}

/// The period the refusal names as next, or a panic if `day` was not refused.
fn refused_with_next(outcome: Result<redress_engine::EvaluationReport, EvaluationNotRun>) -> Date {
    match outcome {
        Err(EvaluationNotRun::NotDue {
            next: Some((next, _)),
            ..
        }) => next,
        other => panic!("expected a refusal naming the next period, got {other:?}"),
    }
}

async fn penalty_ids(te: &TestEngine) -> Vec<String> {
    te.engine
        .merchant(&merchant("m1"))
        .await
        .expect("reads")
        .map(|m| m.penalties.into_keys().map(|id| id.to_string()).collect())
        .unwrap_or_default()
}

on_every_backend!(
    #[tokio::test]
    only_the_period_due_is_evaluated_on_request_and_a_preview_records_nothing
);
async fn only_the_period_due_is_evaluated_on_request_and_a_preview_records_nothing(
    backend: Backend,
) {
    let te = TestEngine::start(&backend).await;
    lapsing_merchant(&te).await;
    let ran = te.advance_to(thursday_after()).await;
    assert!(ran.evaluations.contains(&date(2025, 3, 12)));
    assert_eq!(penalty_ids(&te).await, ["2025-03-12:mass_overdue"]);
    let events = te.log().await.len();

    // Not the scheduled weekday, a Wednesday still to come, a year far ahead, a period
    // before the last evaluated: all refused, each naming 19 March as the next period.
    for day in [
        date(2025, 3, 13),
        date(2025, 3, 19),
        date(2030, 1, 2),
        date(2025, 2, 26),
    ] {
        let next = refused_with_next(te.engine.evaluate_scheduled(day).await);
        assert_eq!(next, date(2025, 3, 19), "refusing {day}");
    }

    // The preview assesses Thursday as a run would: the breach rests on the same facts as
    // 12 March's penalty, which already punished it (seed 000 四), so nothing would be
    // recorded; and it finds 12 March's own penalty recorded already.
    let thursday = te
        .engine
        .preview_evaluation(date(2025, 3, 13))
        .await
        .expect("previews");
    assert_eq!(thursday.merchants, 1, "the preview assessed the merchant");
    assert!(thursday.recorded.is_empty(), "{:?}", thursday.recorded);
    let wednesday = te
        .engine
        .preview_evaluation(date(2025, 3, 12))
        .await
        .expect("previews");
    assert_eq!(
        (wednesday.recorded.len(), wednesday.already_recorded),
        (0, 1)
    );

    // The period evaluated, run again: nothing twice.
    let again = te
        .engine
        .evaluate_scheduled(date(2025, 3, 12))
        .await
        .expect("the last period runs again");
    assert_eq!((again.recorded.len(), again.already_recorded), (0, 1));
    assert_eq!(
        te.log().await.len(),
        events,
        "refusals and previews record nothing"
    );
    assert_eq!(penalty_ids(&te).await, ["2025-03-12:mass_overdue"]);

    // The calendar did not move: the next Wednesday runs, and only it.
    let next = te.advance_to(wednesday_0200() + hours(24 * 7)).await;
    assert_eq!(next.evaluations, vec![date(2025, 3, 19)]);
    // No overdue ticket came after 12 March's penalty, so the breach still in the window
    // is the one already punished (seed 000 四): 19 March records nothing new.
    assert_eq!(penalty_ids(&te).await, ["2025-03-12:mass_overdue"]);
    // Once due, the period is run on request too (here again, recording nothing).
    let on_request = te
        .engine
        .evaluate_scheduled(date(2025, 3, 19))
        .await
        .expect("due");
    assert_eq!(
        (on_request.recorded.len(), on_request.already_recorded),
        (0, 0)
    );
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_day_recorded_off_the_schedule_does_not_derail_the_calendar
);
/// Before issue 16 any day could be run: a Thursday recorded as the last evaluation made the
/// next Wednesday's never run, and every advance across it stop as stuck.
async fn a_day_recorded_off_the_schedule_does_not_derail_the_calendar(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    lapsing_merchant(&te).await;
    te.advance_to(thursday_after()).await;
    // As the endpoint used to: the raw run of an unscheduled day.
    te.engine.evaluate(date(2025, 3, 13)).await.expect("runs");
    let next = te.advance_to(wednesday_0200() + hours(24 * 7)).await;
    assert_eq!(next.evaluations, vec![date(2025, 3, 19)]);
    let later = te.advance_to(wednesday_0200() + hours(24 * 14)).await;
    assert_eq!(later.evaluations, vec![date(2025, 3, 26)]);
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_schedule_change_takes_effect_from_the_next_period
);
async fn a_schedule_change_takes_effect_from_the_next_period(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    te.advance_to(thursday_after()).await;
    // Evaluations move to Mondays: the week of 12 March is done, so the next period is
    // Monday 17 March, not Monday 10 March or a second run in this week.
    let mut policy = Policy::default();
    policy.evaluation.weekday_iso = 1;
    te.engine.set_policy(policy);
    assert_eq!(
        refused_with_next(te.engine.evaluate_scheduled(date(2025, 3, 10)).await),
        date(2025, 3, 17)
    );
    let monday = te.advance_to(wednesday_0200() + hours(24 * 5)).await;
    assert_eq!(monday.evaluations, vec![date(2025, 3, 17)]);
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    an_advance_that_cannot_fire_a_deadline_stops_just_before_it
);
/// A deadline whose command cannot be committed: the advance stops a microsecond before it
/// and says so, instead of failing with the clock moved past it.
async fn an_advance_that_cannot_fire_a_deadline_stops_just_before_it(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let order = te.place_order("o1", "m1", "b1").await;
    te.open_ticket(&order, "t1", TicketKind::RefundOnly, 1_000)
        .await;
    te.faults().poison(&order);
    let due = t0() + hours(48);
    let stuck = te
        .engine
        .advance_to(&te.clock, t0() + hours(72))
        .await
        .expect_err("the deadline cannot fire");
    let just_before = due - SignedDuration::from_micros(1);
    match stuck {
        AdvanceError::Stuck {
            at,
            stopped_at,
            report,
            ..
        } => {
            assert_eq!((at, stopped_at), (due, just_before));
            // The evaluations before it ran (5 March: 18:00 UTC the day before).
            assert_eq!(
                report.evaluations,
                vec![date(2025, 2, 26), date(2025, 3, 5)]
            );
        }
        other => panic!("expected stuck, got {other:?}"),
    }
    assert_eq!(te.now(), just_before);
}
