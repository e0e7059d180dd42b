//! The names of events: what a receipt lists and a scenario expects. Each aggregate's change
//! type maps its variants here (`event_name`); the text of each name is written once, in
//! [`EventName::as_str`], and is permanent: receipts stored for idempotency keys hold it.

use std::fmt;

/// The stable name of an event. The ticket's and the merchant's return addresses share
/// `return_address_set`; a receipt's stream says which aggregate recorded it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventName {
    Opened,
    Approved,
    ApprovedAfterRefusal,
    RefusalConfirmed,
    RefusalFailed,
    Rejected,
    RemedyProposed,
    RemedyAccepted,
    RemedyDeclined,
    Edited,
    Cancelled,
    ReturnShipped,
    ReturnInTransit,
    ReturnSigned,
    ReturnAccepted,
    ReturnWindowLapsed,
    ReplacementShipped,
    ReplacementDelivered,
    ShippedWhilePending,
    DisputeOpened,
    EvidenceAdded,
    EvidenceWindowClosed,
    DisputeSettled,
    DisputeCancelled,
    VerdictGiven,
    Rechecked,
    EscalationLapsed,
    RefundSucceeded,
    RefundFailed,
    RefundRetried,
    PolicyApplied,
    MessagePosted,
    ReturnAddressSet,
    OrderPlaced,
    ParcelUpdated,
    TrustUpdated,
    FastRefundSet,
    Named,
    StrategyPut,
    StrategyDisabled,
    RefundHandlingClosed,
    RefundHandlingRestored,
    PlatformFastRefundExclusionSet,
    Penalised,
    PenaltyAppealed,
    PenaltyRevoked,
    PolicyPut,
    CreatorPenalised,
    CreatorPenaltyAppealed,
    CreatorPenaltyRevoked,
}

impl EventName {
    /// Every name, in the order the change types declare them.
    pub const ALL: &[EventName] = &[
        EventName::Opened,
        EventName::Approved,
        EventName::ApprovedAfterRefusal,
        EventName::RefusalConfirmed,
        EventName::RefusalFailed,
        EventName::Rejected,
        EventName::RemedyProposed,
        EventName::RemedyAccepted,
        EventName::RemedyDeclined,
        EventName::Edited,
        EventName::Cancelled,
        EventName::ReturnShipped,
        EventName::ReturnInTransit,
        EventName::ReturnSigned,
        EventName::ReturnAccepted,
        EventName::ReturnWindowLapsed,
        EventName::ReplacementShipped,
        EventName::ReplacementDelivered,
        EventName::ShippedWhilePending,
        EventName::DisputeOpened,
        EventName::EvidenceAdded,
        EventName::EvidenceWindowClosed,
        EventName::DisputeSettled,
        EventName::DisputeCancelled,
        EventName::VerdictGiven,
        EventName::Rechecked,
        EventName::EscalationLapsed,
        EventName::RefundSucceeded,
        EventName::RefundFailed,
        EventName::RefundRetried,
        EventName::PolicyApplied,
        EventName::MessagePosted,
        EventName::ReturnAddressSet,
        EventName::OrderPlaced,
        EventName::ParcelUpdated,
        EventName::TrustUpdated,
        EventName::FastRefundSet,
        EventName::Named,
        EventName::StrategyPut,
        EventName::StrategyDisabled,
        EventName::RefundHandlingClosed,
        EventName::RefundHandlingRestored,
        EventName::PlatformFastRefundExclusionSet,
        EventName::Penalised,
        EventName::PenaltyAppealed,
        EventName::PenaltyRevoked,
        EventName::PolicyPut,
        EventName::CreatorPenalised,
        EventName::CreatorPenaltyAppealed,
        EventName::CreatorPenaltyRevoked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventName::Opened => "opened",
            EventName::Approved => "approved",
            EventName::ApprovedAfterRefusal => "approved_after_refusal",
            EventName::RefusalConfirmed => "refusal_confirmed",
            EventName::RefusalFailed => "refusal_failed",
            EventName::Rejected => "rejected",
            EventName::RemedyProposed => "remedy_proposed",
            EventName::RemedyAccepted => "remedy_accepted",
            EventName::RemedyDeclined => "remedy_declined",
            EventName::Edited => "edited",
            EventName::Cancelled => "cancelled",
            EventName::ReturnShipped => "return_shipped",
            EventName::ReturnInTransit => "return_in_transit",
            EventName::ReturnSigned => "return_signed",
            EventName::ReturnAccepted => "return_accepted",
            EventName::ReturnWindowLapsed => "return_window_lapsed",
            EventName::ReplacementShipped => "replacement_shipped",
            EventName::ReplacementDelivered => "replacement_delivered",
            EventName::ShippedWhilePending => "shipped_while_pending",
            EventName::DisputeOpened => "dispute_opened",
            EventName::EvidenceAdded => "evidence_added",
            EventName::EvidenceWindowClosed => "evidence_window_closed",
            EventName::DisputeSettled => "dispute_settled",
            EventName::DisputeCancelled => "dispute_cancelled",
            EventName::VerdictGiven => "verdict_given",
            EventName::Rechecked => "rechecked",
            EventName::EscalationLapsed => "escalation_lapsed",
            EventName::RefundSucceeded => "refund_succeeded",
            EventName::RefundFailed => "refund_failed",
            EventName::RefundRetried => "refund_retried",
            EventName::PolicyApplied => "policy_applied",
            EventName::MessagePosted => "message_posted",
            EventName::ReturnAddressSet => "return_address_set",
            EventName::OrderPlaced => "order_placed",
            EventName::ParcelUpdated => "parcel_updated",
            EventName::TrustUpdated => "trust_updated",
            EventName::FastRefundSet => "fast_refund_set",
            EventName::Named => "named",
            EventName::StrategyPut => "strategy_put",
            EventName::StrategyDisabled => "strategy_disabled",
            EventName::RefundHandlingClosed => "refund_handling_closed",
            EventName::RefundHandlingRestored => "refund_handling_restored",
            EventName::PlatformFastRefundExclusionSet => "platform_fast_refund_exclusion_set",
            EventName::Penalised => "penalised",
            EventName::PenaltyAppealed => "penalty_appealed",
            EventName::PenaltyRevoked => "penalty_revoked",
            EventName::PolicyPut => "policy_put",
            EventName::CreatorPenalised => "creator_penalised",
            EventName::CreatorPenaltyAppealed => "creator_penalty_appealed",
            EventName::CreatorPenaltyRevoked => "creator_penalty_revoked",
        }
    }

    /// The name with this text, if any.
    pub fn parse(raw: &str) -> Option<EventName> {
        EventName::ALL
            .iter()
            .copied()
            .find(|name| name.as_str() == raw)
    }
}

/// As its text, quoted: messages that print a receipt's events read as they always did
/// (`["opened", "approved"]`).
impl fmt::Debug for EventName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for EventName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for EventName {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for EventName {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {

    /// `ALL` is written by hand beside the exhaustive `as_str`: a name missing from it would
    /// not parse, and a receipt stored with it would fail to load (`merchant.named` did).
    #[test]
    fn all_holds_every_name_as_str_spells() {
        let source = include_str!("event_name.rs");
        let spelled = source
            .lines()
            .filter(|line| line.trim_start().starts_with("EventName::") && line.contains("=> \""))
            .count();
        assert_eq!(EventName::ALL.len(), spelled);
        assert_eq!(EventName::parse("named"), Some(EventName::Named));
    }
    use super::EventName;

    #[test]
    fn every_name_parses_back_and_is_unique() {
        for (index, name) in EventName::ALL.iter().enumerate() {
            assert_eq!(EventName::parse(name.as_str()), Some(*name));
            assert!(
                !EventName::ALL[..index]
                    .iter()
                    .any(|earlier| earlier.as_str() == name.as_str()),
                "{name} twice"
            );
        }
        assert_eq!(EventName::parse("no_such_event"), None);
    }
}
