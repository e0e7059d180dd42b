//! What the API's handlers share with the pages served beside them (the web console, crate
//! `redress_console`): the scope lookups, the evidence files' checks and storage, the
//! queue's vocabulary, the leaderboard's ranking, the sandbox clock's advance. A page calls
//! these, never the API over HTTP, so it can show and do nothing the key could not through
//! the API, refused with the same problem codes.
//!
//! Architecture Invariant: this is the whole of the routes' surface another crate sees; the
//! routes themselves stay private to this crate.

pub use crate::routes::page::cut;
pub use crate::routes::tickets::queue_search;
pub use crate::routes::{queue, visible_order, visible_ticket};

/// Evidence files: uploads staged from a form, stored against a ticket, and served back.
pub mod files {
    pub use crate::routes::files::{
        action_evidence, begin_upload, check_opening_references, check_references, file_response,
        receive, store,
    };
}

/// The weekly evaluation's figures as the operations pages rank them.
pub mod metrics {
    pub use crate::routes::metrics::{RankBy, not_run, rank};
}

/// The sandbox's test clock.
pub mod sandbox {
    pub use crate::routes::sandbox::{AdvanceRequest, AdvanceResponse, advance_clock};
}
