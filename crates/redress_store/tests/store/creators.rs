//! Showcase creators (seed 001 1.3): the days of an order a creator sold go to
//! `creator_days` in the commit that moves them, and a creator's penalties are a stream of
//! their own that loads back.

use crate::support::{at, commit_all, each_backend, order_key, place};
use jiff::civil::date;
use redress_domain::creator::{Creator, CreatorChange};
use redress_domain::evaluation::{
    Evidence, Measure, Penalty, PenaltyStatus, Severity, ViolationKind,
};
use redress_domain::metrics::DayFigures;
use redress_domain::metrics::report::Ratio;
use redress_domain::{Actor, CreatorId, Date, Event};
use redress_store::stream::{Events, State, StreamKey, fold};
use redress_store::{Store, Write, WriteOutcome};

fn creator(raw: &str) -> CreatorId {
    CreatorId::parse(raw).expect("a valid id")
}

fn paid(orders_paid: i64, disputes_by_buyer: i64) -> DayFigures {
    DayFigures {
        orders_paid,
        disputes_by_buyer,
        ..DayFigures::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_days_of_an_order_a_creator_sold_are_the_creators_too() {
    each_backend(|backend| async move {
        let store = &backend.store;
        let (d1, d2) = (date(2026, 3, 1), date(2026, 3, 2));
        let sold = |order: &str, merchant: &str, by: Option<&str>, days: &[(Date, DayFigures)]| {
            let mut write = place(&order_key(merchant, order));
            write.days = days.iter().copied().collect();
            write.creator = by.map(creator);
            write
        };
        commit_all(
            store,
            vec![
                sold("O-1", "M-1", Some("C-1"), &[(d1, paid(1, 0))]),
                sold(
                    "O-2",
                    "M-2",
                    Some("C-1"),
                    &[(d1, paid(1, 0)), (d2, paid(0, 1))],
                ),
                sold("O-3", "M-1", None, &[(d2, paid(1, 1))]),
                sold("O-4", "M-1", Some("C-2"), &[(d2, paid(1, 0))]),
            ],
        )
        .await;
        // A write that conflicts adds nothing to its creator either.
        let outcomes = store
            .commit(vec![sold("O-1", "M-1", Some("C-1"), &[(d1, paid(50, 0))])])
            .await
            .expect("the batch commits");
        assert_eq!(outcomes, vec![WriteOutcome::Conflict { actual_version: 1 }]);

        let window: Vec<(Date, DayFigures)> = store
            .creator_days("C-1", d1, d2)
            .await
            .expect("the window reads")
            .into_iter()
            .map(|row| (row.day, row.figures))
            .collect();
        assert_eq!(
            window,
            vec![(d1, paid(2, 0)), (d2, paid(0, 1))],
            "{}",
            backend.name
        );
        let by_creator: Vec<(String, DayFigures)> = store
            .days_by_creator(d1, d2)
            .await
            .expect("sums read")
            .into_iter()
            .map(|row| (row.creator_id, row.figures))
            .collect();
        assert_eq!(
            by_creator,
            vec![
                ("C-1".to_owned(), paid(2, 1)),
                ("C-2".to_owned(), paid(1, 0))
            ],
            "{}",
            backend.name
        );
        // The merchants' rows and the platform's sums count every order once, creator or not.
        assert_eq!(
            store.platform_days(d1, d2).await.expect("sums read"),
            paid(4, 2)
        );
        assert!(
            store
                .creator_days("C-9", d1, d2)
                .await
                .expect("reads")
                .is_empty()
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_creators_penalty_is_its_own_stream_and_loads_back() {
    each_backend(|backend| async move {
        let store = &backend.store;
        let key = StreamKey::Creator(creator("C-1"));
        assert_eq!(key.name(), "creator:C-1");
        assert_eq!(key.merchant_key(), "", "platform-wide");
        let penalty = Penalty {
            id: redress_domain::PenaltyId::parse("2026-03-11:dispute_rate").expect("a penalty id"),
            evaluated_on: date(2026, 3, 11),
            kind: ViolationKind::DisputeRate,
            severity: Severity::Slight,
            measures: vec![Measure::Warning],
            evidence: Evidence {
                rate: Ratio {
                    numerator: 1,
                    denominator: 2,
                },
                platform: Some(Ratio {
                    numerator: 1,
                    denominator: 6,
                }),
                threshold_ppm: 250_000,
                earlier_violations: 0,
                reason: None,
            },
            status: PenaltyStatus::Active,
            policy_version: 2,
        };
        let events = Events::Creator(vec![Event {
            at: at(0),
            actor: Actor::System,
            change: CreatorChange::Penalised(penalty.clone()),
        }]);
        let state = fold(&key, None, &events).expect("a creator");
        let outcomes = store
            .commit(vec![Write {
                stream: key.clone(),
                expected_version: 0,
                events,
                state: state.clone(),
                idempotency: Vec::new(),
                reads: Vec::new(),
                days: Default::default(),
                creator: None,
            }])
            .await
            .expect("the batch commits");
        assert_eq!(outcomes, vec![WriteOutcome::Committed { version: 1 }]);
        let loaded = store.load(&key).await.expect("the stream loads");
        let Some(State::Creator(Creator {
            penalties, version, ..
        })) = loaded
        else {
            panic!("not a creator: {loaded:?}");
        };
        assert_eq!(version, 1, "{}", backend.name);
        assert_eq!(
            penalties.get(&penalty.id),
            Some(&penalty),
            "{}",
            backend.name
        );
        assert_eq!(state.version(), 1);
        // The penalty is announced to platform-wide subscriptions.
        assert_eq!(
            backend
                .count("SELECT COUNT(*) FROM outbox WHERE event_type = 'creator.penalised'")
                .await,
            1,
            "{}",
            backend.name
        );
    })
    .await;
}
