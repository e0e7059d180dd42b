//! The stored policy: its versions are the facts of the `policy` stream, and every decision
//! is made under the latest one.
//!
//! Each order decision names the policy version it read in its read set, so a decision made
//! under a version another instance has since replaced conflicts at commit like any other
//! stale read; the writer then reloads the stored version and decides again.

use crate::error::EngineError;
use crate::{Engine, InForce, Shared, zone_of};
use redress_domain::policy_history::{PolicyChange, PolicyEvent, PolicyHistory, PolicyPut};
use redress_domain::{Actor, Policy};
use redress_store::{Events, State, Store, StoreError, StreamKey, Write, WriteOutcome};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// A policy put is given up after this many lost races with other instances.
const ATTEMPTS_MAX: u8 = 3;

/// What [`Engine::put_policy`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyPutOutcome {
    /// The version in force now.
    pub version: u64,
    /// `false`: the policy was the stored version already, and nothing was stored.
    pub changed: bool,
    /// What changed against the version before; empty when nothing did.
    pub diff: Vec<String>,
}

impl<S: Store> Shared<S> {
    pub(crate) fn in_force(&self) -> (Arc<Policy>, u64) {
        let in_force = self.policy.read().expect("policy lock poisoned");
        (in_force.policy.clone(), in_force.version)
    }

    pub(crate) fn adopt(&self, policy: Policy, version: u64) {
        // The zone first: a command decided between the two writes sees the old policy with
        // its own zone's days at worst, never a policy with a zone it does not use.
        *self.zone.write().expect("zone lock poisoned") = zone_of(&policy);
        *self.policy.write().expect("policy lock poisoned") = InForce {
            policy: Arc::new(policy),
            version,
        };
    }

    /// Put the latest stored version in force, if one is stored and it is newer than the one
    /// in force; returns the version in force afterwards.
    pub(crate) async fn reload_policy(&self) -> Result<u64, EngineError> {
        let history = stored_history(&self.store).await?;
        let (_, in_force) = self.in_force();
        if let Some(current) = history.current()
            && current.version != in_force
        {
            self.adopt(
                parse_stored(current.version, &current.put.toml)?,
                current.version,
            );
        }
        Ok(self.in_force().1)
    }

    /// Reload the stored policy if a conflict may have come from a new version; a failure
    /// leaves the flag set, to try again before the next decision.
    pub(crate) async fn reload_policy_if_stale(&self) {
        if self.policy_stale.swap(false, Ordering::AcqRel)
            && let Err(error) = self.reload_policy().await
        {
            self.policy_stale.store(true, Ordering::Release);
            tracing::error!(%error, "reloading the stored policy failed");
        }
    }
}

async fn stored_history<S: Store>(store: &S) -> Result<PolicyHistory, EngineError> {
    Ok(match store.load(&StreamKey::Policy).await? {
        Some(State::Policy(history)) => history,
        _ => PolicyHistory::default(),
    })
}

/// A stored version read back. It was rendered by `redress_policy::to_toml` from a checked
/// policy, so a failure is a version written by a newer release with keys this one lacks.
fn parse_stored(version: u64, toml: &str) -> Result<Policy, EngineError> {
    redress_policy::parse(toml).map_err(|errors| {
        StoreError::Invalid(format!(
            "stored policy version {version} does not read back: {errors}"
        ))
        .into()
    })
}

impl<S: Store> Engine<S> {
    /// Put the latest stored policy version in force, if any is stored (at start, so that
    /// every instance decides under the same rules); returns the version in force.
    pub async fn load_policy(&self) -> Result<u64, EngineError> {
        self.shared.reload_policy().await
    }

    /// Every stored version, oldest first.
    pub async fn policy_history(&self) -> Result<PolicyHistory, EngineError> {
        stored_history(&self.shared.store).await
    }

    /// Store `policy` as a new version and put it in force, unless it is the stored
    /// version already (then only put in force). Versions are compared as rendered files
    /// (`redress_policy::to_toml`), which are equal exactly when the policies are.
    pub async fn put_policy(
        &self,
        policy: Policy,
        actor: Actor,
    ) -> Result<PolicyPutOutcome, EngineError> {
        let toml = redress_policy::to_toml(&policy);
        for _ in 0..ATTEMPTS_MAX {
            let history = stored_history(&self.shared.store).await?;
            if let Some(current) = history.current()
                && current.put.toml == toml
            {
                self.shared.adopt(policy, current.version);
                return Ok(PolicyPutOutcome {
                    version: current.version,
                    changed: false,
                    diff: Vec::new(),
                });
            }
            // The first version is compared with what decided before it: SPEC's defaults.
            let before = history.current().map_or_else(
                || redress_policy::to_toml(&Policy::default()),
                |c| c.put.toml.clone(),
            );
            let diff = redress_policy::diff(&before, &toml);
            let expected_version = history.version();
            let events = Events::Policy(vec![PolicyEvent {
                at: self.shared.clock.now(),
                actor: actor.clone(),
                change: PolicyChange::Put(PolicyPut {
                    name: policy.name.clone(),
                    toml: toml.clone(),
                    diff: diff.clone(),
                }),
            }]);
            let state = redress_store::stream::fold(
                &StreamKey::Policy,
                Some(State::Policy(history)),
                &events,
            )
            .expect("a stream with new events has a state");
            let write = Write {
                stream: StreamKey::Policy,
                expected_version,
                events,
                state,
                idempotency: Vec::new(),
                reads: Vec::new(),
                days: BTreeMap::new(),
                creator: None,
            };
            match self.shared.store.commit(vec![write]).await?.pop() {
                Some(WriteOutcome::Committed { version }) => {
                    self.shared.adopt(policy, version);
                    return Ok(PolicyPutOutcome {
                        version,
                        changed: true,
                        diff,
                    });
                }
                // Another instance put a version first: compare with that one.
                Some(WriteOutcome::Conflict { .. }) | None => continue,
            }
        }
        Err(EngineError::Conflict {
            stream: StreamKey::Policy.name(),
        })
    }
}
