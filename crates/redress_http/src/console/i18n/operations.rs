//! Texts of the operations dashboard: platform figures, merchants, evaluations, policy,
//! webhooks.

use super::Message;

pub(super) const MESSAGES: &[Message] = &[("operations.title", "运营总览", "Operations dashboard")];
