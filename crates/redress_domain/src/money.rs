//! Money: integer minor units (fen) with a currency, never floats.

use std::fmt;

/// An ISO 4217 code such as `CNY`: three upper-case ASCII letters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    pub const CNY: Currency = Currency(*b"CNY");

    pub fn parse(raw: &str) -> Result<Self, MoneyError> {
        let bytes = raw.as_bytes();
        if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_uppercase) {
            return Err(MoneyError::BadCurrency {
                raw: raw.to_owned(),
            });
        }
        Ok(Currency([bytes[0], bytes[1], bytes[2]]))
    }

    pub fn as_str(&self) -> &str {
        // The constructor admits only ASCII, so this cannot fail.
        std::str::from_utf8(&self.0).expect("currency codes are ASCII")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The largest amount redress accepts: 10^13 minor units (100 billion yuan), far above any
/// order, small enough that sums over millions of orders cannot overflow `i64`.
pub const AMOUNT_MINOR_MAX: i64 = 10_000_000_000_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoneyError {
    BadCurrency { raw: String },
    Negative { minor: i64 },
    TooLarge { minor: i64 },
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoneyError::BadCurrency { raw } => {
                write!(
                    f,
                    "{raw:?} is not a currency code (three upper-case letters, e.g. CNY)"
                )
            }
            MoneyError::Negative { minor } => write!(f, "{minor} is negative"),
            MoneyError::TooLarge { minor } => {
                write!(
                    f,
                    "{minor} is above the limit of {AMOUNT_MINOR_MAX} minor units"
                )
            }
        }
    }
}

/// A non-negative amount. The invariant (0 ≤ minor ≤ AMOUNT_MINOR_MAX) lives in the
/// constructor, so arithmetic below only has to keep the currency straight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Result<Self, MoneyError> {
        if minor < 0 {
            return Err(MoneyError::Negative { minor });
        }
        if minor > AMOUNT_MINOR_MAX {
            return Err(MoneyError::TooLarge { minor });
        }
        Ok(Money { minor, currency })
    }

    pub fn zero(currency: Currency) -> Self {
        Money { minor: 0, currency }
    }

    pub fn minor(&self) -> i64 {
        self.minor
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub fn is_zero(&self) -> bool {
        self.minor == 0
    }

    /// The sum, or `None` across currencies. Two bounded amounts cannot overflow `i64`.
    pub fn plus(self, other: Money) -> Option<Money> {
        (self.currency == other.currency).then_some(Money {
            minor: self.minor + other.minor,
            currency: self.currency,
        })
    }

    /// What is left after `other`, floored at zero; `None` across currencies.
    pub fn saturating_minus(self, other: Money) -> Option<Money> {
        (self.currency == other.currency).then_some(Money {
            minor: (self.minor - other.minor).max(0),
            currency: self.currency,
        })
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{:02} {}",
            self.minor / 100,
            self.minor % 100,
            self.currency
        )
    }
}
