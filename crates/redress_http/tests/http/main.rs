//! The API over real HTTP: a server on a random local port per test, a fresh database, a
//! manual clock. Modules follow the features: scenario paths, the access matrix, bad input,
//! and the system endpoints.

mod access;
mod bad_input;
mod metrics;
mod remedies;
mod scenarios;
mod settings;
mod support;
mod system;
mod webhooks;
