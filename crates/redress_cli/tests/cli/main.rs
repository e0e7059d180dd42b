//! Integration tests of the `redress` binary, one module per feature.

mod crash;
mod instances;
mod metrics;
mod migrate;
mod policy;
mod scenarios;
mod serve;
mod tidy;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root, for example files.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// Run `redress` with arguments from the workspace root.
pub fn redress(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(args)
        .current_dir(workspace())
        .output()
        .expect("run redress")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Run every scenario file, keeping each database; returns the folder (removed on drop) and
/// the databases' paths, in the files' order.
pub fn scenario_databases() -> (tempfile::TempDir, Vec<String>) {
    let kept = tempfile::tempdir().expect("a temporary directory");
    let mut scenarios: Vec<String> = std::fs::read_dir(workspace().join("examples/scenarios"))
        .expect("the scenario library")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| path.display().to_string())
        .collect();
    scenarios.sort();
    let keep = kept.path().display().to_string();
    let mut args = vec!["scenario", "run", "--keep", keep.as_str()];
    args.extend(scenarios.iter().map(String::as_str));
    let ran = redress(&args);
    assert!(ran.status.success(), "{}", text(&ran.stdout));
    let mut databases: Vec<String> = std::fs::read_dir(kept.path())
        .expect("the kept databases")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "db"))
        .map(|path| path.display().to_string())
        .collect();
    databases.sort();
    assert_eq!(
        databases.len(),
        scenarios.len(),
        "one database per scenario"
    );
    (kept, databases)
}
