//! A penalty's id, parsed and shown here and nowhere else. Its text is permanent: stored
//! events, webhooks and URLs (`…/penalties/{penalty_id}/appeal`) carry it.

use crate::Date;
use crate::evaluation::ViolationKind;
use std::fmt;

/// `evaluated_on:kind`, one per holder, day and standard (`2026-03-11:mass_overdue`); an
/// operator's second and later terminations on one day are numbered
/// (`2026-03-11:operator_decision:2`).
///
/// Ids compare as their text, so the penalties of a merchant or creator keep the order they
/// had when ids were strings (lists, webhooks and "the latest" of one day depend on it).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PenaltyId {
    /// The canonical text, first so that it decides the order.
    text: String,
    evaluated_on: Date,
    kind: ViolationKind,
    /// 1 for the first penalty of its day and kind, which shows no number.
    number: u32,
}

/// Why a text is not a penalty id. The caller names the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PenaltyIdError {
    /// Not `DATE:KIND` or `DATE:KIND:N`.
    Shape,
    BadDate {
        date: String,
    },
    BadKind {
        kind: String,
    },
    /// A number that is not 2 or more, written without leading zeros.
    BadNumber {
        number: String,
    },
}

impl fmt::Display for PenaltyIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PenaltyIdError::Shape => write!(
                f,
                "is not a penalty id; one reads DAY:STANDARD, e.g. 2026-03-11:mass_overdue"
            ),
            PenaltyIdError::BadDate { date } => {
                write!(f, "starts with {date:?}, which is not a day (YYYY-MM-DD)")
            }
            PenaltyIdError::BadKind { kind } => write!(
                f,
                "names {kind:?}, which is not dispute_rate, mass_overdue or operator_decision"
            ),
            PenaltyIdError::BadNumber { number } => write!(
                f,
                "ends with {number:?}; a numbered id ends with 2 or more, without leading zeros"
            ),
        }
    }
}

impl std::error::Error for PenaltyIdError {}

impl PenaltyId {
    /// The id of the penalty of `kind` evaluated on `evaluated_on`.
    pub fn new(evaluated_on: Date, kind: ViolationKind) -> PenaltyId {
        PenaltyId::numbered(evaluated_on, kind, 1)
    }

    /// The `number`th penalty of its day and kind; the first (1, or 0) shows no number.
    pub fn numbered(evaluated_on: Date, kind: ViolationKind, number: u32) -> PenaltyId {
        let number = number.max(1);
        let text = if number == 1 {
            format!("{evaluated_on}:{}", kind.as_str())
        } else {
            format!("{evaluated_on}:{}:{number}", kind.as_str())
        };
        PenaltyId {
            text,
            evaluated_on,
            kind,
            number,
        }
    }

    /// The id this text shows, which must be exactly as [`PenaltyId`] writes it (so one
    /// penalty never has two spellings).
    pub fn parse(raw: &str) -> Result<PenaltyId, PenaltyIdError> {
        let mut parts = raw.split(':');
        let (Some(date), Some(kind)) = (parts.next(), parts.next()) else {
            return Err(PenaltyIdError::Shape);
        };
        let number = parts.next();
        if parts.next().is_some() {
            return Err(PenaltyIdError::Shape);
        }
        let evaluated_on = date
            .parse::<Date>()
            .ok()
            .filter(|day| day.to_string() == date)
            .ok_or_else(|| PenaltyIdError::BadDate {
                date: date.to_owned(),
            })?;
        let kind = ViolationKind::parse(kind).ok_or_else(|| PenaltyIdError::BadKind {
            kind: kind.to_owned(),
        })?;
        let number = match number {
            None => 1,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|n| *n >= 2 && n.to_string() == text)
                .ok_or_else(|| PenaltyIdError::BadNumber {
                    number: text.to_owned(),
                })?,
        };
        Ok(PenaltyId::numbered(evaluated_on, kind, number))
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn evaluated_on(&self) -> Date {
        self.evaluated_on
    }

    pub fn kind(&self) -> ViolationKind {
        self.kind
    }

    /// 1 for the first penalty of its day and kind.
    pub fn number(&self) -> u32 {
        self.number
    }
}

impl fmt::Display for PenaltyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The text alone: the rest follows from it, and `Borrow<str>` needs the hashes to agree.
impl std::hash::Hash for PenaltyId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

/// Maps keyed by id can be read with the text: ids compare, hash and order as their text.
impl std::borrow::Borrow<str> for PenaltyId {
    fn borrow(&self) -> &str {
        &self.text
    }
}

impl PartialEq<str> for PenaltyId {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for PenaltyId {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

/// As the quoted text, as when ids were strings: the fingerprint of commands keyed by
/// releases before the stable encoding is a digest of their `Debug`.
impl fmt::Debug for PenaltyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

#[cfg(test)]
mod tests {
    use super::{PenaltyId, PenaltyIdError};
    use crate::evaluation::ViolationKind;
    use jiff::civil::date;

    #[test]
    fn ids_read_back_as_written() {
        let first = PenaltyId::new(date(2026, 3, 11), ViolationKind::MassOverdue);
        assert_eq!(first.as_str(), "2026-03-11:mass_overdue");
        assert_eq!(PenaltyId::parse("2026-03-11:mass_overdue"), Ok(first));
        let second = PenaltyId::numbered(date(2026, 3, 2), ViolationKind::OperatorDecision, 2);
        assert_eq!(second.to_string(), "2026-03-02:operator_decision:2");
        let parsed = PenaltyId::parse("2026-03-02:operator_decision:2").expect("parses");
        assert_eq!(
            (parsed.evaluated_on(), parsed.kind(), parsed.number()),
            (date(2026, 3, 2), ViolationKind::OperatorDecision, 2)
        );
        assert_eq!(format!("{parsed:?}"), "\"2026-03-02:operator_decision:2\"");
    }

    #[test]
    fn a_bad_id_says_what_is_wrong() {
        let cases = [
            ("P-1", PenaltyIdError::Shape),
            ("", PenaltyIdError::Shape),
            ("2026-03-11:mass_overdue:2:3", PenaltyIdError::Shape),
            (
                "2026-3-11:mass_overdue",
                PenaltyIdError::BadDate {
                    date: "2026-3-11".to_owned(),
                },
            ),
            (
                "2026-02-30:mass_overdue",
                PenaltyIdError::BadDate {
                    date: "2026-02-30".to_owned(),
                },
            ),
            (
                "2026-03-11:late",
                PenaltyIdError::BadKind {
                    kind: "late".to_owned(),
                },
            ),
            (
                "2026-03-11:operator_decision:1",
                PenaltyIdError::BadNumber {
                    number: "1".to_owned(),
                },
            ),
            (
                "2026-03-11:operator_decision:02",
                PenaltyIdError::BadNumber {
                    number: "02".to_owned(),
                },
            ),
        ];
        for (raw, error) in cases {
            assert_eq!(PenaltyId::parse(raw), Err(error), "{raw:?}");
        }
    }

    /// Ordered as their text, as the string keys were: `…:2` after the unnumbered id,
    /// `dispute_rate` before `mass_overdue`.
    #[test]
    fn ids_order_as_their_text() {
        let mut ids = [
            "2026-03-11:operator_decision:2",
            "2026-03-11:mass_overdue",
            "2026-03-11:operator_decision:10",
            "2026-03-04:operator_decision",
            "2026-03-11:dispute_rate",
        ]
        .map(|raw| PenaltyId::parse(raw).expect("parses"));
        ids.sort();
        let texts: Vec<&str> = ids.iter().map(PenaltyId::as_str).collect();
        let mut sorted = texts.clone();
        sorted.sort_unstable();
        assert_eq!(texts, sorted);
    }
}
