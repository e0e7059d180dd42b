//! Integration tests of the engine, one module per feature, all on the harness in `support`:
//! a real SQLite file per test, a manual clock, and a check when each test ends that no due
//! deadline was left unfired and that the projections equal a replay of the log.

mod concurrency;
mod deadlines;
mod idempotency;
mod properties;
mod routing;
mod shutdown;
mod support;
