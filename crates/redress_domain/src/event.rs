//! Commands and events of the order aggregate (an order and its tickets).
//!
//! Events carry every value `apply` needs, deadlines included, so `apply` never consults the
//! policy: replaying the log under a changed policy reproduces exactly what happened.

use crate::automatic::Rule;
use crate::dispute::{Opener, Responsibility, VerdictOutcome};
use crate::event_name::EventName;
use crate::evidence::{Evidence, Side};
use crate::merchant::StrategyAction;
use crate::shipping::ReturnShippingPayer;
use crate::{
    Actor, BuyerId, Course, CreatorId, DeadlineKind, EventLine, LineRequest, MerchantId, Money,
    OrderId, OrderItem, ParcelId, ParcelUpdate, Reason, Remedy, TicketId, TicketKind, Timestamp,
};
use jiff::SignedDuration;

/// A fact with its time and actor. `Change` is the aggregate's own event type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event<Change> {
    pub at: Timestamp,
    pub actor: Actor,
    pub change: Change,
}

pub type OrderEvent = Event<OrderChange>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewOrder {
    pub id: OrderId,
    pub merchant: MerchantId,
    pub buyer: BuyerId,
    pub items: Vec<OrderItem>,
    pub paid: Money,
    pub paid_at: Timestamp,
    /// The creator (达人) whose showcase sold the order, if one did (seed 001).
    pub creator: Option<CreatorId>,
    /// The shipping fee the buyer paid, part of `paid` (`paid` = Σ lines + shipping fee).
    /// Orders stored before issue 18 read as 0.
    pub shipping_fee: Money,
    /// Whether the buyer bought freight insurance (运费险) with the order: it bears the
    /// return shipping of her own-reason returns. Orders stored before issue 18 read as not.
    pub freight_insurance: bool,
}

impl OrderCommand {
    /// Logistics news of an order shipped in one parcel, [`ParcelId::first()`].
    pub fn single_parcel(update: ParcelUpdate) -> OrderCommand {
        OrderCommand::Parcel {
            parcel: ParcelId::first(),
            update,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewTicket {
    pub id: TicketId,
    pub kind: TicketKind,
    pub reason: Reason,
    /// The amount asked; `None` asks what the named units are worth (see `lines`).
    pub amount: Option<Money>,
    /// Lines and quantities the request is about; empty means every unit still open.
    pub items: Vec<LineRequest>,
    pub description: String,
    pub evidence: Vec<Evidence>,
}

/// What a merchant's rejection rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RejectGround {
    /// The request itself is unfounded; the scenario's evidence is required.
    Request,
    /// The return parcel has not arrived (seed 000 Q5); the logistics trace is required.
    ReturnNotReceived,
    /// What came back is not what was sent; photos are required.
    ReturnNotAsSent,
}

impl RejectGround {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectGround::Request => "request",
            RejectGround::ReturnNotReceived => "return_not_received",
            RejectGround::ReturnNotAsSent => "return_not_as_sent",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderCommand {
    Place(NewOrder),
    /// Logistics about one outbound parcel.
    Parcel {
        parcel: ParcelId,
        update: ParcelUpdate,
    },
    OpenTicket(NewTicket),
    Ticket {
        ticket: TicketId,
        expected_version: Option<u64>,
        action: TicketAction,
    },
}

/// Everything anyone can do to a ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TicketAction {
    // The merchant answers.
    Approve,
    ApproveAfterRefusal,
    Reject {
        ground: RejectGround,
        reason: String,
        evidence: Vec<Evidence>,
    },
    ProposeRemedy {
        remedy: Remedy,
        note: String,
    },
    // The buyer.
    AcceptRemedy,
    DeclineRemedy,
    Edit {
        kind: TicketKind,
        reason: Reason,
        amount: Money,
        items: Vec<LineRequest>,
        description: String,
        evidence: Vec<Evidence>,
    },
    Cancel,
    ShipReturn {
        tracking: String,
    },
    Escalate {
        note: String,
        evidence: Vec<Evidence>,
    },
    CancelDispute,
    // Return and replacement parcels.
    ReturnInTransit,
    ReturnSigned,
    ConfirmReturn,
    ShipReplacement {
        tracking: String,
    },
    ReplacementDelivered,
    // The dispute.
    AddEvidence {
        evidence: Evidence,
    },
    SettleDispute,
    GiveVerdict {
        responsibility: Responsibility,
        outcome: VerdictOutcome,
        reasoning: String,
    },
    Recheck {
        responsibility: Responsibility,
    },
    // Payments.
    RefundSucceeded {
        payment_reference: String,
    },
    RefundFailed {
        reason: String,
    },
    RetryRefund,
    // The conversation (协商历史) between buyer, merchant and, in a dispute, the platform.
    PostMessage {
        text: String,
    },
    /// The merchant names where this ticket's return goes, instead of the shop's address.
    SetReturnAddress {
        address: String,
    },
    // The scheduler.
    FireDeadline {
        kind: DeadlineKind,
        due_at: Timestamp,
    },
}

impl TicketAction {
    pub fn name(&self) -> &'static str {
        match self {
            TicketAction::Approve => "approve",
            TicketAction::ApproveAfterRefusal => "approve_after_refusal",
            TicketAction::Reject { .. } => "reject",
            TicketAction::ProposeRemedy { .. } => "propose_remedy",
            TicketAction::AcceptRemedy => "accept_remedy",
            TicketAction::DeclineRemedy => "decline_remedy",
            TicketAction::Edit { .. } => "edit",
            TicketAction::Cancel => "cancel",
            TicketAction::ShipReturn { .. } => "ship_return",
            TicketAction::Escalate { .. } => "escalate",
            TicketAction::CancelDispute => "cancel_dispute",
            TicketAction::ReturnInTransit => "return_in_transit",
            TicketAction::ReturnSigned => "return_signed",
            TicketAction::ConfirmReturn => "confirm_return",
            TicketAction::ShipReplacement { .. } => "ship_replacement",
            TicketAction::ReplacementDelivered => "replacement_delivered",
            TicketAction::AddEvidence { .. } => "add_evidence",
            TicketAction::SettleDispute => "settle_dispute",
            TicketAction::GiveVerdict { .. } => "give_verdict",
            TicketAction::Recheck { .. } => "recheck",
            TicketAction::RefundSucceeded { .. } => "refund_succeeded",
            TicketAction::RefundFailed { .. } => "refund_failed",
            TicketAction::RetryRefund => "retry_refund",
            TicketAction::PostMessage { .. } => "post_message",
            TicketAction::SetReturnAddress { .. } => "set_return_address",
            TicketAction::FireDeadline { .. } => "fire_deadline",
        }
    }
}

/// How an approval came about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Approval {
    /// The merchant approved.
    Merchant,
    /// The merchant's deadline passed (逾期自动同意).
    Overdue,
    /// An automatic policy or strategy.
    Automatic {
        rule: Rule,
        note: Option<String>,
        action: StrategyAction,
    },
}

/// Where an approval leads; carries the values `apply` needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    Refunding { amount: Money },
    AwaitingReturn { due_at: Timestamp },
    AwaitingMerchantShipment { due_at: Timestamp },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderChange {
    Placed(NewOrder),
    /// Events stored before parcels had ids read as [`ParcelId::first()`].
    ParcelUpdated {
        parcel: ParcelId,
        update: ParcelUpdate,
    },
    Ticket {
        ticket: TicketId,
        change: TicketChange,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TicketChange {
    Opened {
        kind: TicketKind,
        reason: Reason,
        amount: Money,
        items: Vec<EventLine>,
        description: String,
        evidence: Vec<Evidence>,
        opened_while_unshipped: bool,
        due_at: Timestamp,
        /// The part of `amount` that is the order's shipping fee (a refund of everything
        /// unshipped, issue 18); 0 in events stored before fees were recorded.
        shipping_fee: Money,
        /// Who bears the return's shipping (`shipping::return_shipping_payer`), for a kind
        /// that sends goods back; `None` otherwise and in events stored before it was recorded.
        return_shipping: Option<ReturnShippingPayer>,
    },
    Approved {
        approval: Approval,
        next: Next,
    },
    ApprovedAfterRefusal {
        due_at: Timestamp,
    },
    /// The parcel was refused, returned or intercepted: the refund follows.
    RefusalConfirmed {
        amount: Money,
    },
    /// The parcel was delivered after all, or logistics said nothing in time.
    RefusalFailed {
        due_at: Timestamp,
    },
    Rejected {
        ground: RejectGround,
        reason: String,
        evidence: Vec<Evidence>,
        not_received_after_signature: bool,
        due_at: Timestamp,
    },
    RemedyProposed {
        remedy: Remedy,
        note: String,
    },
    RemedyAccepted {
        course: Course,
        next: Next,
    },
    RemedyDeclined,
    Edited {
        kind: TicketKind,
        reason: Reason,
        amount: Money,
        items: Vec<EventLine>,
        description: String,
        evidence: Vec<Evidence>,
        due_at: Timestamp,
        /// As in `Opened`.
        shipping_fee: Money,
        /// As in `Opened`.
        return_shipping: Option<ReturnShippingPayer>,
    },
    Cancelled,
    ReturnShipped {
        tracking: String,
        due_at: Timestamp,
    },
    ReturnInTransit,
    ReturnSigned {
        due_at: Timestamp,
    },
    /// The merchant (or the system, when overdue or by strategy) accepted the return.
    ReturnAccepted {
        approval: Approval,
        next: Next,
    },
    ReturnWindowLapsed,
    ReplacementShipped {
        tracking: String,
        due_at: Timestamp,
    },
    ReplacementDelivered,
    /// The merchant shipped while this request on the unshipped order was pending.
    ShippedWhilePending,
    DisputeOpened {
        opener: Opener,
        /// Whether this is the ticket's first dispute (the one the rate counts).
        first: bool,
        note: String,
        evidence: Vec<Evidence>,
        time_left: Option<SignedDuration>,
        due_at: Timestamp,
    },
    EvidenceAdded {
        side: Side,
        evidence: Evidence,
    },
    EvidenceWindowClosed,
    DisputeSettled {
        amount: Money,
    },
    DisputeCancelled {
        due_at: Timestamp,
    },
    VerdictGiven {
        responsibility: Responsibility,
        outcome: VerdictOutcome,
        reasoning: String,
        refund: Option<Money>,
        /// Given while the 48 h evidence window was still open (the arbitrator confirmed
        /// deciding early). Verdicts stored before this was recorded read as not early.
        early: bool,
    },
    Rechecked {
        responsibility: Responsibility,
    },
    EscalationLapsed,
    RefundSucceeded {
        amount: Money,
        payment_reference: String,
    },
    RefundFailed {
        reason: String,
        attempt: u32,
        retry_at: Option<Timestamp>,
    },
    RefundRetried {
        attempt: u32,
    },
    /// A message in the ticket's thread; its author is the event's actor.
    MessagePosted {
        text: String,
    },
    /// The return address of this ticket, overriding the shop's.
    ReturnAddressSet {
        address: String,
    },
    /// The decision just before was made under this stored policy version (see
    /// `Context::policy_version`); recorded only when the ticket's version changes.
    PolicyApplied {
        version: u64,
    },
}

impl TicketChange {
    /// A stable name for logs, storage, receipts and scenario expectations.
    pub fn event_name(&self) -> EventName {
        match self {
            TicketChange::Opened { .. } => EventName::Opened,
            TicketChange::Approved { .. } => EventName::Approved,
            TicketChange::ApprovedAfterRefusal { .. } => EventName::ApprovedAfterRefusal,
            TicketChange::RefusalConfirmed { .. } => EventName::RefusalConfirmed,
            TicketChange::RefusalFailed { .. } => EventName::RefusalFailed,
            TicketChange::Rejected { .. } => EventName::Rejected,
            TicketChange::RemedyProposed { .. } => EventName::RemedyProposed,
            TicketChange::RemedyAccepted { .. } => EventName::RemedyAccepted,
            TicketChange::RemedyDeclined => EventName::RemedyDeclined,
            TicketChange::Edited { .. } => EventName::Edited,
            TicketChange::Cancelled => EventName::Cancelled,
            TicketChange::ReturnShipped { .. } => EventName::ReturnShipped,
            TicketChange::ReturnInTransit => EventName::ReturnInTransit,
            TicketChange::ReturnSigned { .. } => EventName::ReturnSigned,
            TicketChange::ReturnAccepted { .. } => EventName::ReturnAccepted,
            TicketChange::ReturnWindowLapsed => EventName::ReturnWindowLapsed,
            TicketChange::ReplacementShipped { .. } => EventName::ReplacementShipped,
            TicketChange::ReplacementDelivered => EventName::ReplacementDelivered,
            TicketChange::ShippedWhilePending => EventName::ShippedWhilePending,
            TicketChange::DisputeOpened { .. } => EventName::DisputeOpened,
            TicketChange::EvidenceAdded { .. } => EventName::EvidenceAdded,
            TicketChange::EvidenceWindowClosed => EventName::EvidenceWindowClosed,
            TicketChange::DisputeSettled { .. } => EventName::DisputeSettled,
            TicketChange::DisputeCancelled { .. } => EventName::DisputeCancelled,
            TicketChange::VerdictGiven { .. } => EventName::VerdictGiven,
            TicketChange::Rechecked { .. } => EventName::Rechecked,
            TicketChange::EscalationLapsed => EventName::EscalationLapsed,
            TicketChange::RefundSucceeded { .. } => EventName::RefundSucceeded,
            TicketChange::RefundFailed { .. } => EventName::RefundFailed,
            TicketChange::RefundRetried { .. } => EventName::RefundRetried,
            TicketChange::PolicyApplied { .. } => EventName::PolicyApplied,
            TicketChange::MessagePosted { .. } => EventName::MessagePosted,
            TicketChange::ReturnAddressSet { .. } => EventName::ReturnAddressSet,
        }
    }

    pub fn name(&self) -> &'static str {
        self.event_name().as_str()
    }
}

impl OrderChange {
    /// A stable name for logs, storage, receipts and scenario expectations.
    pub fn event_name(&self) -> EventName {
        match self {
            OrderChange::Placed(_) => EventName::OrderPlaced,
            OrderChange::ParcelUpdated { .. } => EventName::ParcelUpdated,
            OrderChange::Ticket { change, .. } => change.event_name(),
        }
    }

    pub fn name(&self) -> &'static str {
        self.event_name().as_str()
    }
}
