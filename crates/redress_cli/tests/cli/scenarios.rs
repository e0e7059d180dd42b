//! Every scenario in examples/scenarios passes through the real binary, on SQLite and (with
//! `REDRESS_TEST_POSTGRES`) on PostgreSQL, and a failing expectation is reported as a failure
//! with its step.

use super::{example_scenarios, postgres_url, redress, schemas_named_like, text, workspace};
use redress_store::PgStore;
use redress_store::postgres::drop_schema;
use std::process::{Command, Stdio};

#[test]
fn every_example_scenario_passes() {
    let files = example_scenarios();
    assert!(
        files.len() >= 30,
        "at least 30 scenario files, found {}",
        files.len()
    );
    let mut args = vec!["scenario", "run"];
    args.extend(files.iter().map(String::as_str));
    let output = redress(&args);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    assert!(
        stdout.contains(&format!("{} passed, 0 failed", files.len())),
        "{stdout}"
    );
}

#[test]
fn a_wrong_expectation_fails_with_its_step() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("wrong.toml");
    let original = std::fs::read_to_string(
        workspace()
            .join("examples/scenarios/seed004_unanswered_request_auto_approved_after_48h.toml"),
    )
    .expect("example");
    // One second before the deadline the ticket is still requested; claiming otherwise must fail.
    let wrong = original.replacen(
        r#"expect = { ticket = "t1", state = "requested", fired = {} }"#,
        r#"expect = { ticket = "t1", state = "refunding", fired = {} }"#,
        1,
    );
    assert_ne!(wrong, original, "the example changed; update this test");
    std::fs::write(&file, wrong).expect("write");
    let output = redress(&["scenario", "run", file.to_str().expect("utf-8 path")]);
    let stdout = text(&output.stdout);
    assert!(!output.status.success());
    assert!(
        stdout.contains("step 2") && stdout.contains("expected state refunding, got requested"),
        "{stdout}"
    );
    assert!(stdout.contains("0 passed, 1 failed"), "{stdout}");
}

#[test]
fn an_unknown_key_is_a_format_error_not_a_pass() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("typo.toml");
    std::fs::write(
        &file,
        "name = \"typo\"\nstart = \"2026-03-02T10:00:00+08:00\"\n[[steps]]\nadvance = \"1h\"\nexpect = { stat = \"requested\" }\n",
    )
    .expect("write");
    let output = redress(&["scenario", "run", file.to_str().expect("utf-8 path")]);
    let stdout = text(&output.stdout);
    assert!(!output.status.success());
    assert!(
        stdout.contains("ERROR") && stdout.contains("stat"),
        "{stdout}"
    );
}

#[test]
fn kept_databases_replay_clean() {
    let dir = tempfile::tempdir().expect("temp dir");
    let keep = dir.path().to_str().expect("utf-8 path");
    let example =
        workspace().join("examples/scenarios/seed002_fast_refund_trusted_buyer_unshipped.toml");
    let output = redress(&[
        "scenario",
        "run",
        "--keep",
        keep,
        example.to_str().expect("utf-8 path"),
    ]);
    assert!(output.status.success(), "{}", text(&output.stdout));
    let database = dir
        .path()
        .join("seed002_fast_refund_trusted_buyer_unshipped.db");
    let replay = redress(&[
        "replay",
        "--database",
        database.to_str().expect("utf-8 path"),
    ]);
    let stdout = text(&replay.stdout);
    assert!(replay.status.success(), "{stdout}{}", text(&replay.stderr));
    assert!(
        stdout.contains("every projection equals the live one"),
        "{stdout}"
    );
}

#[test]
fn every_example_scenario_passes_on_postgres_and_leaves_no_schema() {
    let Some(url) = postgres_url() else {
        return;
    };
    let files = example_scenarios();
    assert!(!files.is_empty(), "the scenario library is empty");
    // Spawned rather than run, to know the process id its schemas are named after.
    let child = Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(["scenario", "run", "--database", &url])
        .args(&files)
        .current_dir(workspace())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run redress");
    let schema_prefix = format!("scenario_{}_", child.id());
    let output = child.wait_with_output().expect("redress ends");
    let stdout = text(&output.stdout);
    let failing: Vec<&str> = stdout
        .lines()
        .filter(|line| !line.starts_with("ok "))
        .collect();
    assert!(
        output.status.success(),
        "scenarios that differ on PostgreSQL:\n{}\n{}",
        failing.join("\n"),
        text(&output.stderr)
    );
    assert!(
        stdout.contains(&format!("{} passed, 0 failed", files.len())),
        "{stdout}"
    );
    let left = schemas_named_like(&url, &schema_prefix);
    assert!(left.is_empty(), "schemas left behind: {left:?}");
}

#[test]
fn a_kept_postgres_schema_replays_clean() {
    let Some(url) = postgres_url() else {
        return;
    };
    let example =
        workspace().join("examples/scenarios/seed002_fast_refund_trusted_buyer_unshipped.toml");
    let output = redress(&[
        "scenario",
        "run",
        "--database",
        &url,
        "--keep-schemas",
        example.to_str().expect("utf-8 path"),
    ]);
    let stdout = text(&output.stdout);
    let kept = stdout
        .lines()
        .find_map(|line| line.trim().strip_prefix("kept: "))
        .map(str::to_owned);
    let replay = kept
        .as_deref()
        .map(|kept| redress(&["replay", "--database", kept]));
    let schema = kept
        .as_deref()
        .and_then(|kept| kept.split_once("search_path%3D"))
        .map(|(_, schema)| schema.to_owned());
    // Drop the kept schema before asserting, so a failure leaves nothing behind.
    if let Some(schema) = &schema {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        runtime.block_on(async {
            let store = PgStore::connect_in_schema(&url, schema)
                .await
                .expect("the kept schema opens");
            drop_schema(store.pool(), schema)
                .await
                .expect("the schema drops");
            store.close().await;
        });
    }
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    assert!(
        schema.is_some(),
        "no `kept: URL` line naming a schema: {stdout}"
    );
    let replay = replay.expect("replayed");
    let replayed = text(&replay.stdout);
    assert!(
        replay.status.success(),
        "{replayed}{}",
        text(&replay.stderr)
    );
    assert!(
        replayed.contains("every projection equals the live one"),
        "{replayed}"
    );
}

#[test]
fn database_takes_only_a_postgres_url() {
    let example =
        workspace().join("examples/scenarios/seed002_fast_refund_trusted_buyer_unshipped.toml");
    let output = redress(&[
        "scenario",
        "run",
        "--database",
        "sqlite://somewhere.db",
        example.to_str().expect("utf-8 path"),
    ]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("--database takes a postgres:// URL"),
        "{}",
        text(&output.stderr)
    );
}
