//! Upgrading a database written by the previous release (tests/fixtures/previous-release.db,
//! see the README there): its log replays as before, but its stored daily figures were summed
//! under the old metric rules, so `metrics verify` names differing days until `metrics
//! rebuild` recomputes them from the log. On SQLite, and on PostgreSQL after `migrate-store`
//! when `REDRESS_TEST_POSTGRES` is set.

use crate::{in_new_schema, postgres_url, redress, text};
use std::path::{Path, PathBuf};
use std::process::Output;

/// A copy of the fixture in a temporary folder: the committed file is never written.
fn fixture_copy() -> (tempfile::TempDir, PathBuf) {
    copy_of("previous-release.db")
}

fn copy_of(name: &str) -> (tempfile::TempDir, PathBuf) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let copy = dir.path().join(name);
    std::fs::copy(&fixture, &copy).expect("the fixture copies");
    (dir, copy)
}

fn shown(output: &Output) -> String {
    format!("{}{}", text(&output.stdout), text(&output.stderr))
}

fn assert_replays(database: &str) {
    let replayed = redress(&["replay", "--database", database]);
    assert!(replayed.status.success(), "{}", shown(&replayed));
    assert!(
        text(&replayed.stdout).contains("every projection equals the live one"),
        "{}",
        shown(&replayed)
    );
}

/// verify differs, rebuild fixes it, verify passes, replay still passes.
fn upgrade(database: &str) {
    assert_replays(database);

    let before = redress(&["metrics", "verify", "--database", database]);
    assert_eq!(before.status.code(), Some(1), "{}", shown(&before));
    assert!(
        text(&before.stdout).contains("merchant-days differ:"),
        "{}",
        shown(&before)
    );

    let rebuilt = redress(&["metrics", "rebuild", "--database", database]);
    assert!(rebuilt.status.success(), "{}", shown(&rebuilt));
    let out = text(&rebuilt.stdout);
    assert!(
        out.contains("metrics rebuild: ") && out.contains(" changed"),
        "{out}"
    );
    assert!(
        !out.contains(", 0 changed"),
        "the rebuild changed no row: {out}"
    );

    let after = redress(&["metrics", "verify", "--database", database]);
    assert!(after.status.success(), "{}", shown(&after));
    assert!(
        text(&after.stdout).contains("equal the recount"),
        "{}",
        shown(&after)
    );
    assert_replays(database);

    // A second rebuild finds nothing left to change.
    let again = redress(&["metrics", "rebuild", "--database", database]);
    assert!(again.status.success(), "{}", shown(&again));
    assert!(
        text(&again.stdout).contains(", 0 changed"),
        "{}",
        shown(&again)
    );
}

#[test]
fn a_previous_release_database_verifies_after_metrics_rebuild() {
    let (_dir, copy) = fixture_copy();
    upgrade(copy.to_str().expect("a UTF-8 path"));
}

#[test]
fn a_previous_release_database_migrated_to_postgres_verifies_after_metrics_rebuild() {
    let Some(url) = postgres_url() else {
        return;
    };
    let (_dir, copy) = fixture_copy();
    let from = format!("sqlite://{}", copy.display());
    in_new_schema(&url, "redress_upgrade", |target| {
        let migrated = redress(&["migrate-store", "--from", &from, "--to", target]);
        assert!(migrated.status.success(), "{}", shown(&migrated));
        upgrade(target);
    });
}

/// Issue 18: tickets stored before lines had quantities (`"items":["i1"]`, ids alone) load
/// and replay, read as whole lines; their order's figures still verify.
#[test]
fn a_database_from_before_lines_and_quantities_replays() {
    let (_dir, copy) = copy_of("before-lines.db");
    let database = copy.to_str().expect("a UTF-8 path");
    assert_replays(database);
    let verified = redress(&["metrics", "verify", "--database", database]);
    assert!(verified.status.success(), "{}", shown(&verified));
}

#[test]
fn a_database_from_before_lines_and_quantities_replays_on_postgres() {
    let Some(url) = postgres_url() else {
        return;
    };
    let (_dir, copy) = copy_of("before-lines.db");
    let from = format!("sqlite://{}", copy.display());
    in_new_schema(&url, "redress_before_lines", |target| {
        let migrated = redress(&["migrate-store", "--from", &from, "--to", target]);
        assert!(migrated.status.success(), "{}", shown(&migrated));
        assert_replays(target);
    });
}
