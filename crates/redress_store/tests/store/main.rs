//! The storage suite, run against every backend: SQLite always, PostgreSQL when
//! `REDRESS_TEST_POSTGRES` names a server (each test in a fresh schema of its own, so the
//! tests run in parallel). One module per feature of the `Store` trait.

mod support;

mod announce;
mod claims;
mod commit;
mod creators;
mod feed;
mod migrations;
mod outbox;
mod queue;
mod reads;
mod replay;
