//! `redress simulate`: the files it writes are byte-identical for a seed (all but
//! `run.json`, which holds wall time), in-process or against a sandbox server (`--url`), and
//! `--compare` writes the what-if report.

use crate::{SMALL_MODEL_START, operator_key, redress, serve_sandbox, text};
use std::collections::BTreeMap;
use std::path::Path;

fn read_all(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("the output folder") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        if path.is_file() && name != "run.json" {
            files.insert(name, std::fs::read(&path).expect("readable"));
        }
    }
    files
}

#[test]
fn simulate_writes_the_same_bytes_for_the_same_seed() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut runs = Vec::new();
    for name in ["first", "second"] {
        let out = dir.path().join(name);
        let output = redress(&[
            "simulate",
            "--model",
            "small",
            "--days",
            "4",
            "--seed",
            "9",
            "--out",
            out.to_str().expect("utf-8"),
        ]);
        assert!(output.status.success(), "{}", text(&output.stderr));
        assert!(out.join("run.json").exists(), "run.json is written");
        runs.push(read_all(&out));
    }
    let names: Vec<&String> = runs[0].keys().collect();
    for expected in [
        "report.html",
        "summary.json",
        "tickets.csv",
        "merchant_days.csv",
    ] {
        assert!(runs[0].contains_key(expected), "{expected} in {names:?}");
    }
    for (name, bytes) in &runs[0] {
        assert!(
            runs[1].get(name) == Some(bytes),
            "{name} differs between two runs of seed 9"
        );
    }
}

#[test]
fn simulate_compare_writes_the_what_if_report() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("whatif");
    let output = redress(&[
        "simulate",
        "--model",
        "small",
        "--days",
        "3",
        "--seeds",
        "2",
        "--out",
        out.to_str().expect("utf-8"),
        "--policy",
        "examples/simulator/policy_a.toml",
        "--compare",
        "examples/simulator/policy_b.toml",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    assert!(
        report.contains("policy_a_defaults (A)") && report.contains("policy_b_24h_500yuan (B)")
    );
    // What B changes, key by key, from the two files; neither is a penalty threshold.
    assert!(
        report.contains("<code>deadlines.merchant_response_hours: 48 → 24</code>"),
        "{report}"
    );
    assert!(!report.contains("class=warning"));
    assert!(report.find("id=conclusion") < report.find("id=differences"));
    let comparison = std::fs::read_to_string(out.join("comparison.csv")).expect("comparison.csv");
    assert!(
        comparison.starts_with("metric,a_mean,b_mean,difference_mean,interval_low,interval_high")
    );
    assert!(out.join("a/tickets.csv").exists() && out.join("b/tickets.csv").exists());
}

#[test]
fn simulate_names_the_bad_key_of_a_model() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let model = dir.path().join("bad.toml");
    std::fs::write(&model, "[logistics]\nloss_share = 2.0\n").expect("written");
    let output = redress(&[
        "simulate",
        "--model",
        model.to_str().expect("utf-8"),
        "--days",
        "1",
        "--out",
        dir.path().join("out").to_str().expect("utf-8"),
    ]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("logistics.loss_share"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn simulate_over_http_writes_the_same_bytes_as_in_process() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = dir.path().join("served.db");
    let database = database.to_str().expect("a UTF-8 path");
    let operator = operator_key(database);
    let server = serve_sandbox(database, SMALL_MODEL_START);
    let url = format!("http://{}", server.address);
    let run = |out: &Path, over: Option<(&str, &str)>| {
        let out = out.to_str().expect("utf-8");
        let mut args = vec![
            "simulate", "--model", "small", "--days", "4", "--seed", "9", "--out", out,
        ];
        if let Some((url, key)) = over {
            args.extend(["--url", url, "--key", key]);
        }
        let output = redress(&args);
        assert!(output.status.success(), "{}", text(&output.stderr));
        text(&output.stdout)
    };
    let over_http = dir.path().join("over-http");
    let said = run(&over_http, Some((&url, &operator)));
    assert!(said.contains(&format!("the server at {url}")), "{said}");
    server.stop();
    let in_process = dir.path().join("in-process");
    run(&in_process, None);

    let (a, b) = (read_all(&in_process), read_all(&over_http));
    assert!(a.contains_key("tickets.csv"), "{:?}", a.keys());
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (name, bytes) in &a {
        assert!(b[name] == *bytes, "{name} differs over HTTP");
    }

    // What cannot work over HTTP is refused before anything runs.
    let out = dir.path().join("refused");
    let out = out.to_str().expect("utf-8");
    for (extra, expected) in [
        (&["--url", &url][..], "--key"),
        (
            &["--url", &url, "--key", "k", "--compare", "kuaishou"][..],
            "--compare",
        ),
        (
            &["--url", &url, "--key", "k", "--database", "x.db"][..],
            "--database",
        ),
    ] {
        let mut args = vec!["simulate", "--days", "1", "--out", out];
        args.extend(extra);
        let output = redress(&args);
        assert_eq!(output.status.code(), Some(2), "{extra:?}");
        assert!(
            text(&output.stderr).contains(expected),
            "{}",
            text(&output.stderr)
        );
    }
}
