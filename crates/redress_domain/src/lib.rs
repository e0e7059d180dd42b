//! redress's after-sales rules as pure functions.
//!
//! Architecture Invariant: this crate does no I/O, spawns nothing and never reads a clock.
//! Time comes in as an argument (`Context::now`), deadlines go out as data
//! (`Ticket::deadline`), and every refusal is a value of [`Rejection`]. That is what lets
//! the engine, the scenario runner and the simulator drive it through weeks in seconds.
//!
//! Four aggregates, each a `decide` and an `apply`:
//! - the order with its tickets ([`decide`], [`apply`]) — the heart;
//! - the merchant's settings ([`merchant::decide`], [`merchant::apply`]);
//! - the buyer's trust inputs ([`buyer::decide`], [`buyer::apply`]);
//! - a showcase creator's penalties ([`creator::decide`], [`creator::apply`]).

mod actor;
mod apply;
pub mod automatic;
pub mod buyer;
pub mod creator;
mod decide;
pub mod dispute;
pub mod evaluation;
mod event;
mod event_name;
pub mod evidence;
mod ids;
mod lines;
pub mod merchant;
pub mod metrics;
mod money;
mod order;
mod parcels;
mod penalties;
mod penalty_id;
pub mod policy;
pub mod policy_history;
mod rejection;
pub mod shipping;
pub mod text;
mod ticket;

pub use actor::{Actor, Role};
pub use apply::apply;
pub use automatic::Rule;
pub use decide::{
    Context, MESSAGE_CHARS_MAX, MESSAGES_MAX, RETURN_ADDRESS_CHARS_MAX, after, decide,
};
pub use event::*;
pub use event_name::EventName;
pub use ids::*;
pub use jiff::civil::Date;
pub use jiff::{SignedDuration, Timestamp};
pub use lines::{EventLine, LineRequest, TicketLine, spread};
pub use money::*;
pub use order::*;
pub use parcels::{ORDER_PARCELS_MAX, Parcel, ParcelLine};
pub use penalty_id::{PenaltyId, PenaltyIdError};
pub use policy::Policy;
pub use rejection::{RefusalWhy, Rejection, RemedyWhy, SevenDayWhy};
pub use text::{Text, TextError};
pub use ticket::*;

#[cfg(test)]
mod tests;
