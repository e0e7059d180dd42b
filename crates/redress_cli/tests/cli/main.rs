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
