//! Scenario files: a readable timeline of orders, logistics events, actor commands and clock
//! moves, run against a scratch database (a new SQLite file, or a new PostgreSQL schema) with
//! a virtual clock, with expectations checked after every step. Platform operators use them to
//! test their own policies; `examples/scenarios/` tells every case of the seeds this way.
//! Format: docs/SCENARIOS.md.

mod build;
mod check;
mod format;
mod parse;
mod run;

pub use run::{Database, Outcome, RunOptions, run_file};

/// A scenario that cannot run at all (as opposed to one whose expectations fail).
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Format { path: String, message: String },
    #[error("{path}: step {step}: {message}")]
    Step {
        path: String,
        step: usize,
        message: String,
    },
    #[error("{path}: setting up: {message}")]
    Setup { path: String, message: String },
    #[error("{path}: storage: {message}")]
    Storage { path: String, message: String },
}
