//! What callers submit and what they get back.

use redress_domain::buyer::BuyerCommand;
use redress_domain::creator::CreatorCommand;
use redress_domain::merchant::MerchantCommand;
use redress_domain::{Actor, BuyerId, CreatorId, MerchantId, OrderCommand, OrderId};
use serde::{Deserialize, Serialize};

/// A command addressed to one aggregate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Order {
        order: OrderId,
        command: OrderCommand,
    },
    Merchant {
        merchant: MerchantId,
        command: MerchantCommand,
    },
    Buyer {
        buyer: BuyerId,
        command: BuyerCommand,
    },
    /// A showcase creator's penalties (seed 001).
    Creator {
        creator: CreatorId,
        command: CreatorCommand,
    },
}

impl Command {
    /// A stable name for logs and spans: the order command's (a ticket command's action),
    /// or the aggregate's for merchant, buyer and creator commands.
    pub fn kind(&self) -> &'static str {
        match self {
            Command::Order { command, .. } => match command {
                OrderCommand::Place(_) => "place_order",
                OrderCommand::Parcel { .. } => "parcel",
                OrderCommand::OpenTicket(_) => "open_ticket",
                OrderCommand::Ticket { action, .. } => action.name(),
            },
            Command::Merchant { .. } => "merchant",
            Command::Buyer { .. } => "buyer",
            Command::Creator { .. } => "creator",
        }
    }
}

/// A command with who sends it and, optionally, the key that makes retries safe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submission {
    pub actor: Actor,
    pub command: Command,
    /// A retry with the same key returns the first receipt instead of acting twice.
    pub idempotency_key: Option<String>,
}

impl Submission {
    pub fn new(actor: Actor, command: Command) -> Self {
        Submission {
            actor,
            command,
            idempotency_key: None,
        }
    }

    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }
}

/// Proof that a command was committed: the stream, its version after the command, and the
/// kinds of the events it recorded, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub stream: String,
    pub version: u64,
    /// For a command addressed to one ticket (opening it or acting on it), that ticket's own
    /// version after the command: what `If-Match` compares. Receipts kept for idempotency
    /// keys by earlier releases have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_version: Option<u64>,
    pub events: Vec<String>,
    /// True when this is the stored answer to an earlier command with the same key.
    #[serde(skip)]
    pub replayed: bool,
}
