//! Unit tests of the domain, laid out like SPEC.md: the ticket lifecycle, opening a request,
//! automatic policies, deadlines, rejection evidence, remedies, disputes, refunds, the
//! merchant and buyer aggregates, and a property test over random command sequences.
//!
//! Every test drives the pure `decide`/`apply` pair through the harness in `support`: a
//! `World` on a fake clock. Table-driven cases go through one `check` function. Tests whose
//! name ends in `_bug` pin down behaviour that contradicts SPEC.md; they fail until the domain
//! is fixed.

mod aggregates;
mod deadlines;
mod disputes;
mod lifecycle;
mod open;
mod policies;
mod properties;
mod refunds;
mod rejections;
mod remedies;
mod support;
