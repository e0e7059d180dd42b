//! Identifiers. Each is a newtype so an order id can never be passed where a ticket id is
//! expected; all share one grammar so the edges parse them the same way.
//!
//! The grammar, for every id: 1 to 64 characters; ASCII letters, digits and `- _ . :`;
//! starting with a letter or a digit; never `..`. So no id is `.` or `..`, starts like a
//! hidden file or an option (`-rf`), or reads as a path: an id may end up in a file name, a
//! URL or a log line and is never more than a name there.
//!
//! Earlier releases allowed any of those characters in any order. Their stored ids load with
//! [`OrderId::parse_stored`] and its siblings, which keep the old rule: the store reads with
//! them, everything that takes ids from outside parses with `parse`.

use std::fmt;

/// The longest identifier accepted anywhere. Order systems use up to 32–40 characters;
/// 64 leaves room without letting a caller store a document in a key.
pub const ID_LENGTH_MAX: usize = 64;

/// The grammar as a regular expression, for the OpenAPI description: a letter or digit, then
/// letters, digits and `_ : -`, each of which may follow one dot (so never two in a row), and
/// perhaps a dot at the end.
pub const ID_PATTERN: &str = r"^[A-Za-z0-9](\.?[A-Za-z0-9_:-])*\.?$";

/// Why a string is not a valid identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdError {
    Empty,
    TooLong { length: usize },
    BadCharacter { character: char },
    BadStart { character: char },
    DotDot,
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
            IdError::BadStart { character } => write!(
                f,
                "starts with {character:?}; an id starts with an ASCII letter or digit"
            ),
            IdError::DotDot => write!(f, "contains `..`, which no id may"),
        }
    }
}

/// The rule of earlier releases: what the store may hold.
fn validate_stored(raw: &str) -> Result<(), IdError> {
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

/// The grammar every new id follows (see the module's documentation).
fn validate(raw: &str) -> Result<(), IdError> {
    validate_stored(raw)?;
    match raw.chars().next() {
        Some(first) if !first.is_ascii_alphanumeric() => {
            return Err(IdError::BadStart { character: first });
        }
        _ => {}
    }
    if raw.contains("..") {
        return Err(IdError::DotDot);
    }
    Ok(())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// An id from outside, checked against the grammar.
            pub fn parse(raw: &str) -> Result<Self, IdError> {
                validate(raw)?;
                Ok(Self(raw.to_owned()))
            }

            /// An id read back from the store, which may predate the grammar: it is checked
            /// only against the looser rule it was stored under, so old data always loads.
            pub fn parse_stored(raw: &str) -> Result<Self, IdError> {
                validate_stored(raw)?;
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
    /// An outbound parcel of an order (拆单发货: one order may ship in several).
    ParcelId
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
    /// A showcase creator (视频号橱窗达人) whose showcase sold an order (seed 001).
    CreatorId
);
id_type!(
    /// A member of platform staff: an arbitrator or an operator.
    StaffId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_id_is_path_like() {
        for bad in [
            ".", "..", "a..b", "..a", ".hidden", "-rf", ":x", "_x", "a/b", "%2e%2e",
        ] {
            assert!(OrderId::parse(bad).is_err(), "{bad:?} is refused");
        }
        for good in ["O-1", "a.b", "shop:2", "T_1", "9", "a.b.c", "x-"] {
            assert!(OrderId::parse(good).is_ok(), "{good:?} is an id");
        }
        assert_eq!(
            TicketId::parse(".."),
            Err(IdError::BadStart { character: '.' })
        );
        assert_eq!(TicketId::parse("a..b"), Err(IdError::DotDot));
    }

    #[test]
    fn ids_stored_under_the_old_rule_still_load() {
        for old in [".", "..", "a..b", "-x", ":y"] {
            assert_eq!(
                MerchantId::parse_stored(old).map(|id| id.to_string()),
                Ok(old.to_owned())
            );
        }
        assert!(MerchantId::parse_stored("a/b").is_err(), "never a valid id");
        assert!(MerchantId::parse_stored("").is_err());
    }
}
