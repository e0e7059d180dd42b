//! Merchant metrics (SPEC "Metrics", "Store score"): what is counted, per merchant and
//! calendar day, and the figures a window of days gives.
//!
//! Three parts, kept apart on purpose:
//! - [`day`]: an order's *contributions* to its merchant's daily figures, a pure function of
//!   the order's state. The engine stores the difference each commit makes ([`day::delta`])
//!   in the same transaction as the events, so no metric ever scans the log or the tickets.
//! - [`report`](mod@report): from the sums over a window, each figure with its numerator,
//!   denominator, standard and verdict, so that a merchant can see why.
//! - [`oracle`]: the same daily figures counted again straight from the event log, by code
//!   that shares nothing with [`day`]. The two must agree exactly; tests and
//!   `redress metrics verify` hold them to it.
//! - [`window`]: which days a figure for an evaluation day counts, the one rule every surface
//!   uses.

pub mod day;
pub mod oracle;
pub mod report;
pub mod window;

pub use day::{DayFigures, contributions, delta};
pub use report::{MerchantReport, Threshold, platform_sums, report};
pub use window::Window;
