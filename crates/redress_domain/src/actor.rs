//! Who did something. Every event records its actor; every command is checked against it.

use crate::{BuyerId, MerchantId, StaffId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    Buyer(BuyerId),
    /// Staff of one shop: acts only on that shop's orders.
    Merchant(MerchantId),
    /// A named person of one shop (a staff account), acting for it: the shop's rights, and
    /// the log names the person. Stored events from before staff accounts name the shop only.
    MerchantStaff(MerchantId, StaffId),
    /// Platform customer service working the dispute queue.
    Arbitrator(StaffId),
    /// Platform operations: policy, penalties, closure, manual retries.
    Operator(StaffId),
    /// A feed from the platform: order system, logistics, payments.
    Integration,
    /// redress itself: deadlines and automatic policies.
    System,
}

/// The role an action needs, named in `Rejection::WrongActor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Buyer,
    Merchant,
    Arbitrator,
    Operator,
    Integration,
    System,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Buyer => "buyer",
            Role::Merchant => "merchant",
            Role::Arbitrator => "arbitrator",
            Role::Operator => "operator",
            Role::Integration => "integration",
            Role::System => "system",
        }
    }
}

impl Actor {
    /// The shop this actor acts for, whether as the shop or as a named person of it.
    pub fn merchant(&self) -> Option<&MerchantId> {
        match self {
            Actor::Merchant(m) | Actor::MerchantStaff(m, _) => Some(m),
            _ => None,
        }
    }

    pub fn role(&self) -> Role {
        match self {
            Actor::Buyer(_) => Role::Buyer,
            Actor::Merchant(_) | Actor::MerchantStaff(..) => Role::Merchant,
            Actor::Arbitrator(_) => Role::Arbitrator,
            Actor::Operator(_) => Role::Operator,
            Actor::Integration => Role::Integration,
            Actor::System => Role::System,
        }
    }
}
