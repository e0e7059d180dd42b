//! Test support shared by the workspace's test binaries, written once: which backends a test
//! runs on ([`Backend`], [`each_backend`], [`on_every_backend!`]), the PostgreSQL skip line
//! (`REDRESS_TEST_POSTGRES`, required when `CI` is set), a fresh database of each test's own
//! ([`Database`]: an SQLite file in a temporary directory, or a PostgreSQL schema), and the
//! end-of-test proofs ([`proofs::left_behind`]) that the engine's and the API's harnesses run
//! when a test ends.
//!
//! A dev-dependency only (the tidy test keeps it so): nothing here ships in a binary.

mod backend;
mod database;
pub mod proofs;

pub use backend::{
    Backend, CI_VARIABLE, POSTGRES_VARIABLE, each_backend, on_backend, postgres_url,
    say_postgres_skipped,
};
pub use database::{Database, schema_url, unique_schema};
