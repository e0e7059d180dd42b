//! The network edge: which addresses webhooks may reach ([`ssrf`]) and how connections are
//! accepted ([`server`]).

pub mod server;
pub mod ssrf;

pub use server::{ConnectionLimits, raise_open_file_limit};
