//! What callers submit and what they get back.

use redress_domain::buyer::BuyerCommand;
use redress_domain::creator::CreatorCommand;
use redress_domain::merchant::MerchantCommand;
use redress_domain::{Actor, BuyerId, CreatorId, EventName, MerchantId, OrderCommand, OrderId};
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
/// names of the events it recorded, in order. Stored as JSON for idempotency keys, where each
/// name is its text (`"opened"`), as earlier releases wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub stream: String,
    pub version: u64,
    /// For a command addressed to one ticket (opening it or acting on it), that ticket's own
    /// version after the command: what `If-Match` compares. Receipts kept for idempotency
    /// keys by earlier releases have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_version: Option<u64>,
    #[serde(with = "event_names")]
    pub events: Vec<EventName>,
    /// True when this is the stored answer to an earlier command with the same key.
    #[serde(skip)]
    pub replayed: bool,
}

/// A receipt's event names as their stored text. An unknown name is an error, not dropped:
/// every name a release recorded is still an [`EventName`] (they are permanent).
mod event_names {
    use redress_domain::EventName;
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(names: &[EventName], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(names.iter().map(|name| name.as_str()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<EventName>, D::Error> {
        Vec::<String>::deserialize(deserializer)?
            .iter()
            .map(|raw| {
                EventName::parse(raw).ok_or_else(|| {
                    D::Error::custom(format!("events: {raw:?} is not an event name"))
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Receipt;
    use redress_domain::EventName;

    /// A receipt an earlier release stored for an idempotency key (no ticket version, names
    /// as text) loads with the names it held.
    #[test]
    fn an_old_stored_receipt_still_loads() {
        let stored = r#"{"stream":"order:O-1","version":3,"events":["opened","approved"]}"#;
        let receipt: Receipt = serde_json::from_str(stored).expect("an old receipt loads");
        assert_eq!(receipt.stream, "order:O-1");
        assert_eq!(receipt.version, 3);
        assert_eq!(receipt.ticket_version, None);
        assert_eq!(receipt.events, [EventName::Opened, EventName::Approved]);
        assert!(!receipt.replayed);
    }

    /// The stored form is unchanged: each name is its text.
    #[test]
    fn a_receipt_is_stored_as_before() {
        let receipt = Receipt {
            stream: "merchant:M-1".to_owned(),
            version: 7,
            ticket_version: Some(2),
            events: vec![EventName::RefundHandlingClosed, EventName::ReturnAddressSet],
            replayed: true,
        };
        assert_eq!(
            serde_json::to_string(&receipt).expect("serialises"),
            r#"{"stream":"merchant:M-1","version":7,"ticket_version":2,"events":["refund_handling_closed","return_address_set"]}"#
        );
    }

    /// A name no release recorded is refused by name, not dropped.
    #[test]
    fn an_unknown_event_name_is_refused() {
        let stored = r#"{"stream":"order:O-1","version":1,"events":["opened","teleported"]}"#;
        let error = serde_json::from_str::<Receipt>(stored).expect_err("refused");
        assert!(error.to_string().contains("\"teleported\""), "{error}");
    }
}
