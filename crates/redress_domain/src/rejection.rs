//! Why a command was refused. Each variant is an expected outcome, not a bug, and carries a
//! stable snake_case code that the API and the scenario files use; codes are never reused.

use crate::evidence::EvidenceKind;
use crate::{DeadlineKind, Money, Role, StateName, TicketId, Timestamp};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// No order with this id has been placed.
    OrderUnknown,
    /// An order with this id exists already.
    OrderExists,
    /// No ticket with this id on the order.
    TicketUnknown,
    /// A ticket with this id exists already.
    TicketExists,
    /// The order already has the maximum number of tickets.
    TicketsLimit { max: usize },
    /// The action is not possible in the ticket's current state.
    WrongState {
        action: &'static str,
        state: StateName,
    },
    /// The actor may not take this action on this ticket or order.
    WrongActor {
        action: &'static str,
        needs: &'static [Role],
    },
    /// The caller's view of the ticket is stale: someone else changed it first.
    VersionConflict { expected: u64, actual: u64 },
    /// The window for this action closed.
    DeadlinePassed {
        kind: DeadlineKind,
        due_at: Timestamp,
    },
    /// A rejection or dispute lacks evidence its scenario requires.
    EvidenceMissing { missing: Vec<EvidenceKind> },
    /// More is asked than the order still has to refund.
    AmountAboveRefundable { requested: Money, refundable: Money },
    /// An amount that must be positive is zero.
    AmountNotPositive { field: &'static str },
    /// A return-shipping claim (issue 18) the order gives no ground for: `why` says which rule.
    ClaimNotApplicable { why: &'static str },
    /// An order's `paid` is not the sum of its lines' amounts and its shipping fee.
    PaidMismatch {
        paid: Money,
        lines_and_shipping: i64,
    },
    /// An amount is in another currency than the order.
    CurrencyMismatch { expected: String, got: String },
    /// A named item is not on the order.
    ItemUnknown { item: String },
    /// An item is covered by another live ticket.
    ItemInOpenTicket { item: String, ticket: TicketId },
    /// The same item is named twice.
    ItemDuplicated { item: String },
    /// A request names more units of a line than are still open on it, or none: `index` is
    /// the line's place in the request (`items[index].quantity`).
    QuantityNotOpen {
        index: usize,
        item: String,
        asked: u32,
        open: u32,
    },
    /// This kind of ticket needs the goods delivered first.
    KindNeedsDelivery { kind: &'static str },
    /// Seven-day no-reason does not apply: why.
    SevenDayNotApplicable { why: SevenDayWhy },
    /// "Approve after refusal" needs a parcel that is shipped and not yet delivered.
    RefusalNotApplicable { why: RefusalWhy },
    /// The buyer answered a proposal that was never made.
    NoProposal,
    /// A remedy does not fit the ticket, e.g. compensation above the requested amount.
    RemedyNotApplicable { why: RemedyWhy },
    /// The logistics update does not follow from the parcel's current state.
    ParcelOutOfOrder {
        current: &'static str,
        update: &'static str,
    },
    /// A re-check applies only to a dispute the merchant settled and nobody re-checked.
    RecheckNotApplicable,
    /// A deadline command names a deadline the ticket is no longer waiting on, or one not yet due.
    DeadlineNotCurrent,
    /// A text field is empty or too long.
    TextInvalid {
        field: &'static str,
        why: &'static str,
    },
    /// Too many of something.
    LimitExceeded { field: &'static str, max: usize },
    /// The order has no items.
    NoItems,
    /// A strategy with this id does not exist.
    StrategyUnknown,
    /// Nothing would change.
    NoChange,
    /// The platform closed the merchant's refund handling; the merchant cannot reject.
    RefundHandlingClosed,
    /// The action is allowed only from a later time.
    TooEarly {
        action: &'static str,
        from: Timestamp,
    },
    /// The merchant has no penalty with this id.
    PenaltyUnknown,
    /// The penalty was revoked; nothing more can be done to it.
    PenaltyRevoked,
    /// The merchant was removed from the platform (seed 004 三: 清除平台、终止合作); its
    /// refund handling stays closed until the termination is revoked.
    MerchantTerminated,
}

/// Why a seven-day no-reason return does not apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SevenDayWhy {
    /// Only returns and exchanges have the seven-day right, not refund-only requests.
    OnlyReturnsAndExchanges,
    /// The goods have not been delivered.
    NotDelivered,
    /// The seven days from delivery have passed.
    SevenDaysPassed,
    /// An item of the request is flagged as not eligible.
    ItemNotEligible,
}

/// Why "approve after refusal" does not apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefusalWhy {
    /// Only a refund-only request can wait for the parcel's refusal.
    OnlyRefundOnly,
    /// The order has not shipped: there is nothing to refuse; approve instead.
    NotShipped,
    /// The parcel was delivered: too late to refuse it.
    Delivered,
    /// The parcel is already on its way back; approve instead.
    AlreadyReturning,
}

/// Why a proposed remedy does not fit the ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemedyWhy {
    /// Compensation above the amount the buyer asked for.
    AboveRequested,
    /// An exchange, repair or reshipment needs the goods delivered.
    NotDelivered,
}

impl SevenDayWhy {
    /// Stable snake_case code, never reused: the API's `sub_reason`.
    pub fn code(self) -> &'static str {
        match self {
            SevenDayWhy::OnlyReturnsAndExchanges => "only_returns_and_exchanges",
            SevenDayWhy::NotDelivered => "not_delivered",
            SevenDayWhy::SevenDaysPassed => "seven_days_passed",
            SevenDayWhy::ItemNotEligible => "item_not_eligible",
        }
    }

    /// The sentence for people, as `detail` has always read.
    pub fn as_str(self) -> &'static str {
        match self {
            SevenDayWhy::OnlyReturnsAndExchanges => "only returns and exchanges",
            SevenDayWhy::NotDelivered => "not delivered",
            SevenDayWhy::SevenDaysPassed => "the seven days have passed",
            SevenDayWhy::ItemNotEligible => "an item is not eligible for seven-day returns",
        }
    }
}

impl RefusalWhy {
    /// Stable snake_case code, never reused: the API's `sub_reason`.
    pub fn code(self) -> &'static str {
        match self {
            RefusalWhy::OnlyRefundOnly => "only_refund_only",
            RefusalWhy::NotShipped => "not_shipped",
            RefusalWhy::Delivered => "delivered",
            RefusalWhy::AlreadyReturning => "already_returning",
        }
    }

    /// The sentence for people, as `detail` has always read.
    pub fn as_str(self) -> &'static str {
        match self {
            RefusalWhy::OnlyRefundOnly => "only for refund-only requests",
            RefusalWhy::NotShipped => "the order has not shipped; approve instead",
            RefusalWhy::Delivered => "the parcel was delivered",
            RefusalWhy::AlreadyReturning => {
                "the parcel is already on its way back; approve instead"
            }
        }
    }
}

impl RemedyWhy {
    /// Stable snake_case code, never reused: the API's `sub_reason`.
    pub fn code(self) -> &'static str {
        match self {
            RemedyWhy::AboveRequested => "above_requested",
            RemedyWhy::NotDelivered => "not_delivered",
        }
    }

    /// The sentence for people, as `detail` has always read.
    pub fn as_str(self) -> &'static str {
        match self {
            RemedyWhy::AboveRequested => "compensation above the amount requested",
            RemedyWhy::NotDelivered => "the goods have not been delivered",
        }
    }
}

impl Rejection {
    /// The machine-readable reason within [`code`](Self::code), for the refusals that have
    /// several: a stable snake_case code, unique within its refusal's code.
    pub fn sub_reason(&self) -> Option<&'static str> {
        match self {
            Rejection::SevenDayNotApplicable { why } => Some(why.code()),
            Rejection::RefusalNotApplicable { why } => Some(why.code()),
            Rejection::RemedyNotApplicable { why } => Some(why.code()),
            _ => None,
        }
    }

    /// The stable code shown to API clients and matched by scenario files.
    pub fn code(&self) -> &'static str {
        match self {
            Rejection::OrderUnknown => "order_unknown",
            Rejection::OrderExists => "order_exists",
            Rejection::TicketUnknown => "ticket_unknown",
            Rejection::TicketExists => "ticket_exists",
            Rejection::TicketsLimit { .. } => "tickets_limit",
            Rejection::WrongState { .. } => "wrong_state",
            Rejection::WrongActor { .. } => "wrong_actor",
            Rejection::VersionConflict { .. } => "version_conflict",
            Rejection::DeadlinePassed { .. } => "deadline_passed",
            Rejection::EvidenceMissing { .. } => "evidence_missing",
            Rejection::AmountAboveRefundable { .. } => "amount_above_refundable",
            Rejection::AmountNotPositive { .. } => "amount_not_positive",
            Rejection::PaidMismatch { .. } => "paid_mismatch",
            Rejection::ClaimNotApplicable { .. } => "claim_not_applicable",
            Rejection::CurrencyMismatch { .. } => "currency_mismatch",
            Rejection::ItemUnknown { .. } => "item_unknown",
            Rejection::ItemInOpenTicket { .. } => "item_in_open_ticket",
            Rejection::ItemDuplicated { .. } => "item_duplicated",
            Rejection::QuantityNotOpen { .. } => "quantity_not_open",
            Rejection::KindNeedsDelivery { .. } => "kind_needs_delivery",
            Rejection::SevenDayNotApplicable { .. } => "seven_day_not_applicable",
            Rejection::RefusalNotApplicable { .. } => "refusal_not_applicable",
            Rejection::NoProposal => "no_proposal",
            Rejection::RemedyNotApplicable { .. } => "remedy_not_applicable",
            Rejection::ParcelOutOfOrder { .. } => "parcel_out_of_order",
            Rejection::RecheckNotApplicable => "recheck_not_applicable",
            Rejection::DeadlineNotCurrent => "deadline_not_current",
            Rejection::TextInvalid { .. } => "text_invalid",
            Rejection::LimitExceeded { .. } => "limit_exceeded",
            Rejection::NoItems => "no_items",
            Rejection::StrategyUnknown => "strategy_unknown",
            Rejection::NoChange => "no_change",
            Rejection::RefundHandlingClosed => "refund_handling_closed",
            Rejection::TooEarly { .. } => "too_early",
            Rejection::PenaltyUnknown => "penalty_unknown",
            Rejection::PenaltyRevoked => "penalty_revoked",
            Rejection::MerchantTerminated => "merchant_terminated",
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::OrderUnknown => write!(f, "no order with this id has been placed"),
            Rejection::OrderExists => write!(f, "an order with this id exists already"),
            Rejection::TicketUnknown => write!(f, "the order has no ticket with this id"),
            Rejection::TicketExists => write!(f, "a ticket with this id exists already"),
            Rejection::TicketsLimit { max } => {
                write!(f, "the order already has {max} tickets, the most allowed")
            }
            Rejection::WrongState { action, state } => {
                write!(f, "cannot {action} a ticket that is {}", state.as_str())
            }
            Rejection::WrongActor { action, needs } => {
                let roles: Vec<&str> = needs.iter().map(|r| r.as_str()).collect();
                write!(f, "only {} may {action} here", roles.join(" or "))
            }
            Rejection::VersionConflict { expected, actual } => write!(
                f,
                "the ticket changed since version {expected}; it is at version {actual} now"
            ),
            Rejection::DeadlinePassed { kind, due_at } => {
                write!(f, "the {} deadline passed at {due_at}", kind.as_str())
            }
            Rejection::EvidenceMissing { missing } => {
                // `missing` is either kinds required outright or a scenario's suggestions, of
                // which any one will do (seed 000 附: 包括但不限于).
                let kinds: Vec<&str> = missing.iter().map(|k| k.as_str()).collect();
                if kinds.len() > 1 {
                    write!(f, "evidence missing: at least one of {}", kinds.join(", "))
                } else {
                    write!(f, "evidence missing: {}", kinds.join(", "))
                }
            }
            Rejection::AmountAboveRefundable {
                requested,
                refundable,
            } => {
                write!(
                    f,
                    "{requested} asked, only {refundable} is still refundable"
                )
            }
            Rejection::AmountNotPositive { field } => write!(f, "{field} must be above zero"),
            Rejection::ClaimNotApplicable { why } => {
                write!(f, "no return-shipping claim here: {why}")
            }
            Rejection::PaidMismatch {
                paid,
                lines_and_shipping,
            } => write!(
                f,
                "paid is {} minor units, but the lines' amounts and the shipping fee add up to \
                 {lines_and_shipping}",
                paid.minor()
            ),
            Rejection::CurrencyMismatch { expected, got } => {
                write!(f, "amount is in {got}, the order is in {expected}")
            }
            Rejection::ItemUnknown { item } => write!(f, "item {item} is not on the order"),
            Rejection::ItemInOpenTicket { item, ticket } => {
                write!(f, "item {item} is already covered by open ticket {ticket}")
            }
            Rejection::ItemDuplicated { item } => write!(f, "item {item} is named twice"),
            Rejection::QuantityNotOpen {
                index,
                item,
                asked,
                open,
            } => write!(
                f,
                "items[{index}].quantity: {asked} of item {item} asked, {open} still open"
            ),
            Rejection::KindNeedsDelivery { kind } => {
                write!(f, "a {kind} request needs the goods to have been delivered")
            }
            Rejection::SevenDayNotApplicable { why } => {
                write!(
                    f,
                    "seven-day no-reason return does not apply: {}",
                    why.as_str()
                )
            }
            Rejection::RefusalNotApplicable { why } => {
                write!(f, "approve after refusal does not apply: {}", why.as_str())
            }
            Rejection::NoProposal => write!(f, "no remedy has been proposed"),
            Rejection::RemedyNotApplicable { why } => {
                write!(f, "remedy does not apply: {}", why.as_str())
            }
            Rejection::ParcelOutOfOrder { current, update } => {
                write!(f, "a parcel that is {current} cannot become {update}")
            }
            Rejection::RecheckNotApplicable => write!(
                f,
                "only a dispute settled by the merchant and not yet re-checked can be re-checked"
            ),
            Rejection::DeadlineNotCurrent => {
                write!(
                    f,
                    "the ticket is not waiting on this deadline, or it is not due yet"
                )
            }
            Rejection::TextInvalid { field, why } => write!(f, "{field} {why}"),
            Rejection::LimitExceeded { field, max } => write!(f, "{field}: at most {max} allowed"),
            Rejection::NoItems => write!(f, "an order needs at least one item"),
            Rejection::StrategyUnknown => write!(f, "no strategy with this id"),
            Rejection::NoChange => write!(f, "nothing would change"),
            Rejection::RefundHandlingClosed => write!(
                f,
                "the platform has closed this merchant's refund handling; requests are approved by the platform"
            ),
            Rejection::TooEarly { action, from } => write!(f, "cannot {action} before {from}"),
            Rejection::PenaltyUnknown => write!(f, "the merchant has no penalty with this id"),
            Rejection::PenaltyRevoked => write!(f, "the penalty was revoked"),
            Rejection::MerchantTerminated => write!(
                f,
                "the merchant was removed from the platform; revoke the termination first"
            ),
        }
    }
}

impl std::error::Error for Rejection {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sub-reason: its refusal, its code, and the sentence `detail` has always carried.
    fn sub_reasons() -> Vec<(Rejection, &'static str, &'static str)> {
        use RefusalWhy::*;
        use RemedyWhy::*;
        use SevenDayWhy::*;
        let seven = |why| Rejection::SevenDayNotApplicable { why };
        let refusal = |why| Rejection::RefusalNotApplicable { why };
        let remedy = |why| Rejection::RemedyNotApplicable { why };
        vec![
            (
                seven(OnlyReturnsAndExchanges),
                "only_returns_and_exchanges",
                "seven-day no-reason return does not apply: only returns and exchanges",
            ),
            (
                seven(SevenDayWhy::NotDelivered),
                "not_delivered",
                "seven-day no-reason return does not apply: not delivered",
            ),
            (
                seven(SevenDaysPassed),
                "seven_days_passed",
                "seven-day no-reason return does not apply: the seven days have passed",
            ),
            (
                seven(ItemNotEligible),
                "item_not_eligible",
                "seven-day no-reason return does not apply: an item is not eligible for seven-day returns",
            ),
            (
                refusal(OnlyRefundOnly),
                "only_refund_only",
                "approve after refusal does not apply: only for refund-only requests",
            ),
            (
                refusal(NotShipped),
                "not_shipped",
                "approve after refusal does not apply: the order has not shipped; approve instead",
            ),
            (
                refusal(Delivered),
                "delivered",
                "approve after refusal does not apply: the parcel was delivered",
            ),
            (
                refusal(AlreadyReturning),
                "already_returning",
                "approve after refusal does not apply: the parcel is already on its way back; approve instead",
            ),
            (
                remedy(AboveRequested),
                "above_requested",
                "remedy does not apply: compensation above the amount requested",
            ),
            (
                remedy(RemedyWhy::NotDelivered),
                "not_delivered",
                "remedy does not apply: the goods have not been delivered",
            ),
        ]
    }

    #[test]
    fn sub_reasons_have_stable_codes_and_the_old_sentences() {
        for (rejection, code, detail) in sub_reasons() {
            assert_eq!(rejection.sub_reason(), Some(code), "{rejection:?}");
            assert_eq!(rejection.to_string(), detail);
        }
    }

    #[test]
    fn sub_reason_codes_are_unique_within_their_refusal() {
        let mut seen = std::collections::BTreeSet::new();
        for (rejection, code, _) in sub_reasons() {
            assert!(
                seen.insert((rejection.code(), code)),
                "{code} twice under {}",
                rejection.code()
            );
        }
    }

    #[test]
    fn refusals_with_one_reason_have_no_sub_reason() {
        assert_eq!(Rejection::NoProposal.sub_reason(), None);
        assert_eq!(
            Rejection::TextInvalid {
                field: "note",
                why: "must not be empty"
            }
            .sub_reason(),
            None
        );
    }
}
