//! Texts of the arbitration desk (平台介入): dispute queue, evidence, verdict.

use super::Message;

pub(super) const MESSAGES: &[Message] =
    &[("arbitration.title", "平台介入工作台", "Arbitration desk")];
