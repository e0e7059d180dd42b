//! The stored policy (issue 16): versions are events of the `policy` stream; every instance
//! decides under the latest one, a decision made under a replaced version is decided again,
//! a restart and a replay keep it, and decisions and penalties record the version.

use crate::support::*;
use jiff::civil::date;
use redress_domain::{Actor, Policy, TicketKind, Timestamp};
use redress_store::{State, Store, StreamKey};

/// The default policy with the merchant's answer due in 24 hours instead of 48.
fn answer_in_a_day() -> Policy {
    redress_policy::parse("[deadlines]\nmerchant_response_hours = 24\n").expect("a valid policy")
}

fn operator() -> Actor {
    Actor::Operator(staff("k-ops"))
}

/// When the ticket's merchant-response deadline falls.
async fn response_due(
    te: &TestEngine,
    order: &redress_domain::OrderId,
    ticket: &redress_domain::TicketId,
) -> Timestamp {
    te.ticket(order, ticket)
        .await
        .deadline()
        .expect("waiting on the merchant")
        .due_at
}

on_every_backend!(
    #[tokio::test]
    a_policy_put_on_one_instance_governs_the_next_decision_on_the_other
);
async fn a_policy_put_on_one_instance_governs_the_next_decision_on_the_other(backend: Backend) {
    let a = TestEngine::start(&backend).await;
    let b = a.second().await;
    // b decides once under the defaults, so its cache and policy are warm.
    let first = b.place_order("o1", "m1", "b1").await;
    let before = b
        .open_ticket(&first, "t1", TicketKind::RefundOnly, 1_000)
        .await;
    assert_eq!(response_due(&b, &first, &before).await, t0() + hours(48));
    assert_eq!(b.ticket(&first, &before).await.policy_version, 0);

    let put = a
        .engine
        .put_policy(answer_in_a_day(), operator())
        .await
        .expect("stored");
    assert_eq!((put.version, put.changed), (1, true));
    assert_eq!(
        put.diff,
        vec![
            "deadlines.merchant_response_hours: 48 → 24".to_owned(),
            "name: default → custom".to_owned(),
        ]
    );
    assert_eq!(b.engine.policy_version(), 0, "b has not looked yet");

    // b's next decision read version 0, which a replaced: it conflicts at commit and is
    // decided again under version 1.
    let second = b.place_order("o2", "m1", "b1").await;
    let after = b
        .open_ticket(&second, "t2", TicketKind::RefundOnly, 1_000)
        .await;
    assert_eq!(response_due(&b, &second, &after).await, t0() + hours(24));
    assert_eq!(b.ticket(&second, &after).await.policy_version, 1);
    assert_eq!(b.engine.policy_version(), 1);
    assert_eq!(b.engine.policy().deadlines.merchant_response_hours, 24);
    // The ticket decided before keeps its deadline and its version.
    assert_eq!(response_due(&b, &first, &before).await, t0() + hours(48));
    let log = a.log().await;
    assert_eq!(ticket_events(&log, &after, "policy_applied"), 1);
    assert_eq!(ticket_events(&log, &before, "policy_applied"), 0);
    assert_eq!(
        log.iter().filter(|e| e.stream == "policy").count(),
        1,
        "one version stored"
    );
    b.finish().await;
    a.finish().await;
}

on_every_backend!(
    #[tokio::test]
    a_restart_and_a_replay_keep_the_stored_policy
);
async fn a_restart_and_a_replay_keep_the_stored_policy(backend: Backend) {
    let mut te = TestEngine::start(&backend).await;
    te.engine
        .put_policy(answer_in_a_day(), operator())
        .await
        .expect("stored");
    te.restart().await;
    // A restarted engine starts with the defaults the harness gives it; loading puts the
    // stored version in force, as `redress serve` does at start.
    assert_eq!(te.engine.policy_version(), 0);
    assert_eq!(te.engine.load_policy().await.expect("loads"), 1);
    assert_eq!(te.engine.policy().deadlines.merchant_response_hours, 24);
    assert_eq!(*te.engine.policy(), answer_in_a_day());
    let order = te.place_order("o1", "m1", "b1").await;
    let ticket = te
        .open_ticket(&order, "t1", TicketKind::RefundOnly, 1_000)
        .await;
    assert_eq!(response_due(&te, &order, &ticket).await, t0() + hours(24));

    // Even without loading, the first decision of a new instance is made under the stored
    // version: the one it read (0) conflicts.
    let fresh = te.second().await;
    let other = fresh.place_order("o2", "m1", "b1").await;
    let late = fresh
        .open_ticket(&other, "t2", TicketKind::RefundOnly, 1_000)
        .await;
    assert_eq!(response_due(&fresh, &other, &late).await, t0() + hours(24));

    let replay = te.store().replay().await.expect("replays");
    assert!(replay.differences.is_empty(), "{:?}", replay.differences);
    let Some(State::Policy(history)) = te.store().load(&StreamKey::Policy).await.expect("loads")
    else {
        panic!("the policy stream folds into its history");
    };
    assert_eq!(history.version(), 1);
    assert_eq!(
        history.versions[0].put.toml,
        redress_policy::to_toml(&answer_in_a_day())
    );
    assert_eq!(history.versions[0].actor, operator());
    assert_eq!(history.versions[0].at, t0());
    fresh.finish().await;
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    the_same_policy_again_stores_no_version
);
async fn the_same_policy_again_stores_no_version(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let first = te
        .engine
        .put_policy(answer_in_a_day(), operator())
        .await
        .expect("stored");
    let again = te
        .engine
        .put_policy(answer_in_a_day(), Actor::System)
        .await
        .expect("answered");
    assert_eq!((again.version, again.changed), (1, false));
    assert!(again.diff.is_empty());
    let back = te
        .engine
        .put_policy(Policy::default(), operator())
        .await
        .expect("stored");
    assert_eq!((first.version, back.version, back.changed), (1, 2, true));
    assert_eq!(
        back.diff,
        vec![
            "deadlines.merchant_response_hours: 24 → 48".to_owned(),
            "name: custom → default".to_owned(),
        ]
    );
    let history = te.engine.policy_history().await.expect("reads");
    assert_eq!(history.version(), 2);
    assert_eq!(te.engine.policy_version(), 2);
    te.finish().await;
}

on_every_backend!(
    #[tokio::test]
    penalties_and_evaluations_record_the_policy_version_they_applied
);
async fn penalties_and_evaluations_record_the_policy_version_they_applied(backend: Backend) {
    let te = TestEngine::start(&backend).await;
    let named = redress_policy::parse("name = \"stored\"\n").expect("a valid policy");
    te.engine
        .put_policy(named, operator())
        .await
        .expect("stored");
    // Ten requests m1 never answers: approved as overdue, a mass-overdue breach on 12 March.
    for n in 0..10 {
        let order = te.place_order(&format!("o{n}"), "m1", "b1").await;
        te.open_ticket(&order, &format!("t{n}"), TicketKind::RefundOnly, 1_000)
            .await;
    }
    let ran = te
        .advance_to("2025-03-11T18:00:00Z".parse().expect("an instant"))
        .await;
    assert!(ran.evaluations.contains(&date(2025, 3, 12)));
    let m1 = te
        .engine
        .merchant(&merchant("m1"))
        .await
        .expect("reads")
        .expect("penalised");
    assert_eq!(m1.penalties["2025-03-12:mass_overdue"].policy_version, 1);
    let run = te
        .store()
        .last_evaluation()
        .await
        .expect("reads")
        .expect("ran");
    assert_eq!((run.day, run.policy_version), (date(2025, 3, 12), 1));
    let preview = te
        .engine
        .preview_evaluation(date(2025, 3, 12))
        .await
        .expect("previews");
    assert_eq!(preview.policy_version, 1);
    // The overdue approvals were decided under version 1 too.
    let order = order_id("o0");
    let ticket = te.ticket(&order, &ticket_id("t0")).await;
    assert!(ticket.overdue_approved);
    assert_eq!(ticket.policy_version, 1);
    te.finish().await;
}
