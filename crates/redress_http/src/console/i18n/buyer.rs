//! Texts of the buyer's view: orders, requests, returns, escalation.

use super::Message;

pub(super) const MESSAGES: &[Message] =
    &[("buyer.title", "我的订单与售后", "My orders and requests")];
