//! The policy's history: every version put in force, as the facts of one platform-wide
//! stream. A version is the stream's sequence number, so version N is the Nth fact.
//!
//! The policy is kept as its complete rendered file (`redress_policy::to_toml`), which reads
//! back to an equal policy and changes only when a value does; this crate knows no format
//! and treats it as text.

use crate::event_name::EventName;
use crate::{Actor, Event, Timestamp};

/// A fact of the policy stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyChange {
    /// A new version is in force for decisions from now on.
    Put(PolicyPut),
}

impl PolicyChange {
    /// A stable name for storage.
    /// A stable name for logs, storage, receipts and scenario expectations.
    pub fn event_name(&self) -> EventName {
        match self {
            PolicyChange::Put(_) => EventName::PolicyPut,
        }
    }

    pub fn name(&self) -> &'static str {
        self.event_name().as_str()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyPut {
    /// The policy's name, as shown in reports.
    pub name: String,
    /// The whole policy, as a complete policy file.
    pub toml: String,
    /// What changed against the version before (for the first, against SPEC's defaults),
    /// one line per key: `dispute_rate.reference_rate: 0.5% → 0.4%`.
    pub diff: Vec<String>,
}

pub type PolicyEvent = Event<PolicyChange>;

/// One version, with who put it in force and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyVersion {
    pub version: u64,
    pub at: Timestamp,
    pub actor: Actor,
    pub put: PolicyPut,
}

/// Every version so far, oldest first. Policies change rarely, so the whole history is
/// small enough to hold.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PolicyHistory {
    pub versions: Vec<PolicyVersion>,
}

impl PolicyHistory {
    /// The stream's version: the number of the version in force (0: none stored).
    pub fn version(&self) -> u64 {
        self.versions.len() as u64
    }

    pub fn current(&self) -> Option<&PolicyVersion> {
        self.versions.last()
    }

    pub fn get(&self, version: u64) -> Option<&PolicyVersion> {
        let index = usize::try_from(version.checked_sub(1)?).ok()?;
        self.versions.get(index)
    }
}

pub fn apply(state: Option<PolicyHistory>, event: &PolicyEvent) -> PolicyHistory {
    let mut history = state.unwrap_or_default();
    match &event.change {
        PolicyChange::Put(put) => {
            let version = history.version() + 1;
            history.versions.push(PolicyVersion {
                version,
                at: event.at,
                actor: event.actor.clone(),
                put: put.clone(),
            });
        }
    }
    history
}
