//! `redress policy check` and `redress policy show`.

use super::{redress, text};

#[test]
fn show_prints_a_policy_that_check_accepts() {
    for args in [
        vec!["policy", "show"],
        vec!["policy", "show", "--preset", "channels"],
    ] {
        let output = redress(&args);
        assert!(output.status.success(), "{}", text(&output.stderr));
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("policy.toml");
        std::fs::write(&file, &output.stdout).expect("write");
        let check = redress(&["policy", "check", file.to_str().expect("utf-8 path")]);
        assert!(check.status.success(), "{}", text(&check.stderr));
        assert!(text(&check.stdout).contains("valid"));
    }
}

#[test]
fn check_names_the_key_and_the_problem() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, "[deadlines]\nmerchant_response_hours = 0\n").expect("write");
    let output = redress(&["policy", "check", file.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("deadlines.merchant_response_hours"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_preset_lists_the_presets() {
    let output = redress(&["policy", "show", "--preset", "nope"]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("kuaishou") && stderr.contains("channels"),
        "{stderr}"
    );
}
