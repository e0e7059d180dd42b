//! A seeded, deterministic marketplace simulator (issue 6). It drives the real engine through
//! its public command interface on a virtual clock, in-process or over the HTTP API of a
//! sandbox server (`driver`): merchants, buyers, carriers, payments and arbitrators are
//! agents whose every draw comes from a stream derived from the seed, and the engine decides
//! everything else (automatic policies, deadlines, weekly evaluations and
//! penalties). Same seed, model and policy ⇒ the same `Outcome` and byte-identical outputs.
//!
//! Architecture Invariant: the simulator makes no business decision. It plays the actors and
//! reads back what the engine decided; a rule is never re-implemented here.
//!
//! Architecture Invariant: nothing written by `outputs` depends on the wall clock, on hash
//! order or on the interleaving of concurrent commands; wall time and commands per second go
//! only to the terminal and to `run.json`.

pub mod compare;
pub mod driver;
pub mod market;
pub mod model;
pub mod outputs;
mod reading;
pub mod report;
pub mod rng;
mod run;

pub use driver::{Driver, EngineDriver, HttpDriver};
pub use model::{Model, ModelError, Spread};
pub use run::{
    MerchantInfo, Outcome, PenaltyRecord, Progress, RateRecord, Silent, SimError, build_world, run,
};
