//! `redress metrics verify` and `show` on the databases the scenario files leave behind:
//! every stored daily figure equals the recount from the log, and a tampered one is named.

use crate::{redress, scenario_databases, text};

#[test]
fn every_scenario_database_verifies_and_a_tampered_figure_is_named() {
    let (_kept, databases) = scenario_databases();
    for database in &databases {
        let verified = redress(&["metrics", "verify", "--database", database]);
        assert!(
            verified.status.success(),
            "{database}: {}{}",
            text(&verified.stdout),
            text(&verified.stderr)
        );
        assert!(text(&verified.stdout).contains("equal the recount"));
    }

    let database = databases
        .iter()
        .find(|d| d.contains("dispute_settled_then_recheck_merchant_responsible"))
        .expect("the re-check scenario");
    let conn = rusqlite::Connection::open(database).expect("the database opens");
    let changed = conn
        .execute(
            "UPDATE merchant_days SET merchant_responsible = merchant_responsible + 1
             WHERE merchant_responsible > 0",
            [],
        )
        .expect("the tampering runs");
    assert_eq!(changed, 1, "the re-check made one merchant-responsible day");
    drop(conn);
    let verified = redress(&["metrics", "verify", "--database", database]);
    assert_eq!(
        verified.status.code(),
        Some(1),
        "{}",
        text(&verified.stdout)
    );
    let out = text(&verified.stdout);
    assert!(
        out.contains("merchant m1 on ")
            && out.contains("merchant_responsible stored 2 / recounted 1"),
        "{out}"
    );
}

#[test]
fn show_prints_each_figure_with_its_numerator_denominator_and_verdict() {
    let (_kept, databases) = scenario_databases();
    let database = databases
        .iter()
        .find(|d| d.contains("dispute_settled_then_recheck_merchant_responsible"))
        .expect("the re-check scenario");
    let shown = redress(&[
        "metrics",
        "show",
        "--database",
        database,
        "--merchant",
        "m1",
        "--at",
        "2026-03-10",
    ]);
    assert!(shown.status.success(), "{}", text(&shown.stderr));
    let out = text(&shown.stdout);
    assert!(
        out.contains("window 2026-02-08 to 2026-03-09 (30 days)"),
        "{out}"
    );
    assert!(
        out.contains("merchant-responsible rate   1 / 1 = 100.0000%") && out.contains("PASS"),
        "{out}"
    );
    let elsewhere = redress(&[
        "metrics",
        "show",
        "--database",
        database,
        "--merchant",
        "m1",
        "--at",
        "2027-01-01",
    ]);
    assert!(
        text(&elsewhere.stdout).contains("0 / 0 = no data"),
        "a window with no orders has no data: {}",
        text(&elsewhere.stdout)
    );
}

#[test]
fn evaluate_records_the_mass_overdue_penalty_once_and_prints_it() {
    let (_kept, databases) = scenario_databases();
    let database = databases
        .iter()
        .find(|d| d.contains("seed004_ten_unanswered_requests_mass_overdue"))
        .expect("the mass-overdue scenario");
    let evaluate = || redress(&["evaluate", "--database", database, "--at", "2026-03-11"]);
    let first = evaluate();
    assert!(first.status.success(), "{}", text(&first.stderr));
    let out = text(&first.stdout);
    assert!(
        out.contains(
            "merchants with figures: 1, penalties recorded: 1, recorded by an earlier run: 0"
        ),
        "{out}"
    );
    assert!(
        out.contains("m1") && out.contains("mass_overdue") && out.contains("especially_serious"),
        "{out}"
    );
    assert!(
        out.contains("10/10 = 100.00%") && out.contains("cart suspended"),
        "{out}"
    );
    let second = evaluate();
    assert!(
        text(&second.stdout).contains("penalties recorded: 0, recorded by an earlier run: 1"),
        "{}",
        text(&second.stdout)
    );
    // The penalty is in the log as an event: replay and the metrics recount still agree.
    let replayed = redress(&["replay", "--database", database]);
    assert!(replayed.status.success(), "{}", text(&replayed.stdout));
}

/// A database summed before migration 0011 holds 0 in `disputes_by_buyer_after_system`
/// (the column's default): `verify` names the day the buyer escalated a ticket redress had
/// escalated first (seed 001 FAQ: 以用户首次发起平台介入作为计算), and `rebuild` recomputes it.
#[test]
fn a_database_from_before_the_buyers_escalation_column_is_rebuilt() {
    let (_kept, databases) = scenario_databases();
    let database = databases
        .iter()
        .find(|d| d.contains("seed001_1_2_users_first_escalation_after_the_systems_counts"))
        .expect("the seed 001 1.2 scenario");
    let conn = rusqlite::Connection::open(database).expect("the database opens");
    let changed = conn
        .execute(
            "UPDATE merchant_days SET disputes_by_buyer_after_system = 0
             WHERE disputes_by_buyer_after_system > 0",
            [],
        )
        .expect("the old state is made");
    assert_eq!(changed, 1, "the buyer escalated herself on one day");
    drop(conn);
    let verified = redress(&["metrics", "verify", "--database", database]);
    assert_eq!(
        verified.status.code(),
        Some(1),
        "{}",
        text(&verified.stdout)
    );
    let out = text(&verified.stdout);
    assert!(
        out.contains(
            "merchant m1 on 2026-03-06: disputes_by_buyer_after_system stored 0 / recounted 1"
        ),
        "{out}"
    );
    let rebuilt = redress(&["metrics", "rebuild", "--database", database]);
    assert!(rebuilt.status.success(), "{}", text(&rebuilt.stderr));
    assert!(
        text(&rebuilt.stdout).contains(", 1 changed"),
        "{}",
        text(&rebuilt.stdout)
    );
    let verified = redress(&["metrics", "verify", "--database", database]);
    assert!(verified.status.success(), "{}", text(&verified.stdout));
}
