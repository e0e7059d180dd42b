//! `redress-bench engine --instances N`: the processes run, their figures are added up, and
//! the scratch schemas go. No speed is asserted here; figures live in docs/BENCHMARKS.md.

use crate::{postgres_url, redress_bench, schemas_named_like, text};
use std::process::{Command, Stdio};

#[test]
fn two_bench_instances_on_postgres_report_one_table_and_leave_no_schema() {
    let Some(url) = postgres_url() else {
        return;
    };
    let child = Command::new(env!("CARGO_BIN_EXE_redress-bench"))
        .args(["engine", "--database", &url, "--instances", "2"])
        .args(["--seconds", "1", "--submitters", "2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run redress-bench");
    let schema_prefix = format!("redress_bench_{}_", child.id());
    let output = child.wait_with_output().expect("redress-bench ends");
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    for mode in ["group commit", "one transaction per command"] {
        let row = stdout
            .lines()
            .find(|line| line.starts_with(&format!("| {mode} | 2 | 2 |")))
            .unwrap_or_else(|| panic!("no row for {mode} with 2 instances: {stdout}"));
        let commands: u64 = row
            .split('|')
            .nth(4)
            .expect("a commands column")
            .trim()
            .parse()
            .expect("a count");
        // Each of the 2 × 2 submitters finishes the lifecycle it started (4 commands) at least.
        assert!(
            commands >= 16,
            "{mode}: {commands} commands from 4 submitters: {stdout}"
        );
    }
    let left = schemas_named_like(&url, &schema_prefix);
    assert!(left.is_empty(), "schemas left behind: {left:?}");
}

#[test]
fn several_instances_need_postgres() {
    let output = redress_bench(&["engine", "--instances", "2", "--seconds", "1"]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("--instances takes --database postgres://"),
        "{}",
        text(&output.stderr)
    );
}
