//! Every scenario in examples/scenarios passes through the real binary, and a failing
//! expectation is reported as a failure with its step.

use super::{redress, text, workspace};

#[test]
fn every_example_scenario_passes() {
    let dir = workspace().join("examples/scenarios");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("examples/scenarios")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
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
