//! The API over real HTTP: a server on a random local port per test, a fresh database, a
//! manual clock. Modules follow the features: scenario paths, the access matrix, bad input,
//! the system endpoints, and operations (Prometheus metrics, rate limits).

mod access;
mod announcements;
mod api_docs;
mod bad_input;
mod consistency;
mod console;
mod console_desk;
mod console_language;
mod console_sessions;
mod creators;
mod edge;
mod feed;
mod figures;
mod files;
mod hostile;
mod idempotency;
mod keys;
mod lines;
mod messages;
mod metric_links;
mod metrics;
mod operations;
mod parcels;
mod remedies;
mod sandbox;
mod scenarios;
mod settings;
mod shapes;
mod shipping;
mod shop_names;
mod staff;
mod support;
mod system;
mod termination;
mod webhooks;
