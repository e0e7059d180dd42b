//! Unit tests of the domain, laid out like SPEC.md: the ticket lifecycle, opening a request,
//! automatic policies, deadlines, rejection evidence, remedies, disputes, refunds, the
//! merchant and buyer aggregates, and a property test over random command sequences.
//!
//! Every test drives the pure `decide`/`apply` pair through the harness in `support`: a
//! `World` on a fake clock. Table-driven cases go through one `check` function. A test ending
//! in `_doubtful` pins behaviour SPEC.md leaves open and that may change; its doc comment says
//! why.

mod aggregates;
mod creators;
mod deadlines;
mod disputes;
mod evaluation;
mod lifecycle;
mod lines;
mod messages;
mod metrics;
mod open;
mod parcels;
mod policies;
mod properties;
mod refunds;
mod rejections;
mod remedies;
mod shipping;
mod support;
