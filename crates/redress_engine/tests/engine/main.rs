//! Integration tests of the engine, one module per feature, all on the harness in `support`:
//! every test runs on SQLite (a real file per test) and on PostgreSQL when
//! `REDRESS_TEST_POSTGRES` names a server (a fresh schema per test, so the tests run in
//! parallel), with a manual clock, and a check when each test ends that no due deadline was
//! left unfired and that the projections equal a replay of the log.

mod closure;
mod concurrency;
mod deadlines;
mod evaluation;
mod failures;
mod feed;
mod idempotency;
mod policy;
mod properties;
mod routing;
mod shutdown;
mod support;
