//! The crash test's child process.

use std::path::Path;
use std::process::ExitCode;

pub fn run(_database: &Path) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not yet")
}
