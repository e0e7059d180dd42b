//! Texts of the merchant workbench: queue, ticket page, strategies, metrics.

use super::Message;

pub(super) const MESSAGES: &[Message] =
    &[("merchant.queue_title", "售后工作台", "After-sales queue")];
