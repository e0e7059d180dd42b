//! Identifiers. Each is a newtype so an order id can never be passed where a ticket id is
//! expected; all share one validation rule so the edges can parse them the same way.

use std::fmt;

/// The longest identifier accepted anywhere. Order systems use up to 32–40 characters;
/// 64 leaves room without letting a caller store a document in a key.
pub const ID_LENGTH_MAX: usize = 64;

/// Why a string is not a valid identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdError {
    Empty,
    TooLong { length: usize },
    BadCharacter { character: char },
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Empty => write!(f, "must not be empty"),
            IdError::TooLong { length } => {
                write!(
                    f,
                    "is {length} characters long, at most {ID_LENGTH_MAX} are allowed"
                )
            }
            IdError::BadCharacter { character } => write!(
                f,
                "contains {character:?}; only ASCII letters, digits and - _ . : are allowed"
            ),
        }
    }
}

fn validate(raw: &str) -> Result<(), IdError> {
    if raw.is_empty() {
        return Err(IdError::Empty);
    }
    if raw.len() > ID_LENGTH_MAX {
        return Err(IdError::TooLong { length: raw.len() });
    }
    if let Some(character) = raw
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')))
    {
        return Err(IdError::BadCharacter { character });
    }
    Ok(())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            pub fn parse(raw: &str) -> Result<Self, IdError> {
                validate(raw)?;
                Ok(Self(raw.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A shop on the marketplace; also the distribution key of every stored row.
    MerchantId
);
id_type!(
    /// A buyer account of the marketplace.
    BuyerId
);
id_type!(
    /// An order as the platform's order system names it.
    OrderId
);
id_type!(
    /// One line of an order.
    ItemId
);
id_type!(
    /// A product in the merchant's catalogue.
    ProductId
);
id_type!(
    /// An after-sales ticket (售后单).
    TicketId
);
id_type!(
    /// A merchant's auto-approve strategy (售后小助手 rule); versions share the id.
    StrategyId
);
id_type!(
    /// A member of platform staff: an arbitrator or an operator.
    StaffId
);
