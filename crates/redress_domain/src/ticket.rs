//! The after-sales ticket (售后单): its kind, reason, course and state, and the deadline each
//! state implies. Deadlines are derived from state, never stored beside it, so "at most one
//! live deadline per ticket" holds by construction.

use crate::dispute::Dispute;
use crate::evidence::Evidence;
use crate::{Actor, Money, RejectGround, Rule, TicketId, TicketLine, Timestamp};

/// At most this many characters in a free-text field (description, reason, reasoning).
pub const TEXT_CHARS_MAX: usize = 2_000;

/// What the buyer asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TicketKind {
    /// 仅退款
    RefundOnly,
    /// 退货退款
    ReturnAndRefund,
    /// 换货
    Exchange,
    /// 补发
    Reship,
    /// 维修
    Repair,
    /// 退货运费申请 (issue 18): the buyer claims back the shipping of a return the merchant
    /// bears. Its money is not goods money: it names no lines and is capped by
    /// `shipping::RETURN_SHIPPING_CLAIM_MAX_MINOR`, not by what the order paid.
    ReturnShipping,
}

impl TicketKind {
    pub const ALL: [TicketKind; 6] = [
        TicketKind::RefundOnly,
        TicketKind::ReturnAndRefund,
        TicketKind::Exchange,
        TicketKind::Reship,
        TicketKind::Repair,
        TicketKind::ReturnShipping,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketKind::RefundOnly => "refund_only",
            TicketKind::ReturnAndRefund => "return_and_refund",
            TicketKind::Exchange => "exchange",
            TicketKind::Reship => "reship",
            TicketKind::Repair => "repair",
            TicketKind::ReturnShipping => "return_shipping",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    /// The course an approval sets the ticket on.
    pub fn course(self) -> Course {
        match self {
            TicketKind::RefundOnly => Course::Refund,
            TicketKind::ReturnAndRefund => Course::ReturnForRefund,
            TicketKind::Exchange => Course::Exchange,
            TicketKind::Reship => Course::Reship,
            TicketKind::Repair => Course::Repair,
            TicketKind::ReturnShipping => Course::Refund,
        }
    }

    /// Whether the goods must have reached the buyer before this can be asked.
    pub fn needs_delivery(self) -> bool {
        !matches!(self, TicketKind::RefundOnly)
    }
}

/// Why the buyer asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// 七天无理由: within seven days of delivery, on an eligible product.
    NoReasonSevenDay,
    /// 不想要了 / 拍错了
    DontWant,
    /// 物流停滞
    LogisticsStalled,
    /// 未收到货
    NotReceived,
    /// 质量问题
    QualityProblem,
    /// 少件
    MissingItems,
    /// 描述不符
    NotAsDescribed,
    /// 假货
    Counterfeit,
    /// 运输损坏
    DamagedInTransit,
    /// 发错货
    WrongItem,
    /// 与承诺不符 (e.g. live-stream claims)
    NotAsPromised,
}

impl Reason {
    pub const ALL: [Reason; 11] = [
        Reason::NoReasonSevenDay,
        Reason::DontWant,
        Reason::LogisticsStalled,
        Reason::NotReceived,
        Reason::QualityProblem,
        Reason::MissingItems,
        Reason::NotAsDescribed,
        Reason::Counterfeit,
        Reason::DamagedInTransit,
        Reason::WrongItem,
        Reason::NotAsPromised,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NoReasonSevenDay => "no_reason_seven_day",
            Reason::DontWant => "dont_want",
            Reason::LogisticsStalled => "logistics_stalled",
            Reason::NotReceived => "not_received",
            Reason::QualityProblem => "quality_problem",
            Reason::MissingItems => "missing_items",
            Reason::NotAsDescribed => "not_as_described",
            Reason::Counterfeit => "counterfeit",
            Reason::DamagedInTransit => "damaged_in_transit",
            Reason::WrongItem => "wrong_item",
            Reason::NotAsPromised => "not_as_promised",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == raw)
    }
}

/// A remedy a merchant may propose instead of what was asked (seed 001, 3.4.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Remedy {
    Exchange,
    Repair,
    Reship,
    /// 折价赔偿: part of the money back, the buyer keeps the goods.
    PartialCompensation {
        amount: Money,
    },
}

impl Remedy {
    pub fn as_str(&self) -> &'static str {
        match self {
            Remedy::Exchange => "exchange",
            Remedy::Repair => "repair",
            Remedy::Reship => "reship",
            Remedy::PartialCompensation { .. } => "partial_compensation",
        }
    }
}

/// What an approved ticket will do: the kind asked for, or an accepted remedy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Course {
    Refund,
    ReturnForRefund,
    Exchange,
    Repair,
    Reship,
}

impl Course {
    /// Whether the course ends in money rather than in a parcel to the buyer.
    pub fn pays_money(self) -> bool {
        matches!(self, Course::Refund | Course::ReturnForRefund)
    }

    pub fn needs_return(self) -> bool {
        matches!(
            self,
            Course::ReturnForRefund | Course::Exchange | Course::Repair
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Course::Refund => "refund",
            Course::ReturnForRefund => "return_for_refund",
            Course::Exchange => "exchange",
            Course::Repair => "repair",
            Course::Reship => "reship",
        }
    }
}

/// Why a ticket ended Closed (退款关闭).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClosedCause {
    CancelledByBuyer,
    ReturnNotShipped,
    EscalationLapsed,
    VerdictNoRefund,
}

impl ClosedCause {
    pub fn as_str(self) -> &'static str {
        match self {
            ClosedCause::CancelledByBuyer => "cancelled_by_buyer",
            ClosedCause::ReturnNotShipped => "return_not_shipped",
            ClosedCause::EscalationLapsed => "escalation_lapsed",
            ClosedCause::VerdictNoRefund => "verdict_no_refund",
        }
    }
}

/// The phase of a dispute (平台介入中).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisputePhase {
    /// Both sides may add evidence until `due_at`.
    Evidence { due_at: Timestamp },
    /// The window closed; the arbitrator decides.
    AwaitingVerdict,
}

/// A ticket's state. Transitions (actor in brackets, deadline expiry as `⏰`):
///
/// ```text
///                 ┌──────────── auto policy / approve [merchant] / ⏰ overdue ─────────────┐
///                 │                                                                       ▼
/// Requested ──approve after refusal──▶ AwaitingRefusal ──refused/returned/intercepted──▶ Refunding
///  │  ▲  ▲              │ delivered/⏰ → Requested                                      │      ▲
///  │  │  └─edit [buyer]─┐                                                  [payments] ok   fail→retry
///  │  │                 │                                                             ▼
///  │  propose/decline   Rejected ──escalate [buyer]──▶ InDispute ──verdict refund──▶ Refunded
///  │                    │  ⏰ → Closed                   │ settle [merchant] → Refunding
///  │reject [merchant]───┘                              │ cancel [buyer] → what it interrupted
///  │                                                   │ verdict no refund → Closed
///  ├─approve (return, exchange, repair)─▶ AwaitingReturn ──ship [buyer]──▶ ReturnInTransit
///  │                                       ⏰ → Closed              signed ▼        │ ⏰ → refund
///  │                                                         ReturnReceived ──confirm──▶ Refunding
///  │                                                         (exchange/repair) ▼
///  ├─approve (reship)──────────────▶ AwaitingMerchantShipment ──ship──▶ ReplacementInTransit
///  │                                        ⏰ → InDispute                 delivered ▼
///  └─cancel [buyer] (any state before Refunding) ─▶ Closed                 Completed
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TicketState {
    /// 待商家处理: the merchant must answer by `due_at`. A remedy proposal may be pending.
    Requested {
        due_at: Timestamp,
        proposal: Option<Remedy>,
    },
    /// 同意拒收后退款: waiting for logistics to report the parcel refused or returned.
    AwaitingRefusal { due_at: Timestamp },
    /// 待买家退货: the buyer must enter the return tracking number by `due_at`.
    AwaitingReturn { due_at: Timestamp },
    /// The return parcel is on its way; the merchant must act by `due_at` (5th day + 48 h).
    ReturnInTransit {
        tracking: String,
        shipped_at: Timestamp,
        due_at: Timestamp,
    },
    /// The return was signed for; the merchant confirms or rejects by `due_at` (48 h).
    ReturnReceived {
        signed_at: Timestamp,
        due_at: Timestamp,
    },
    /// The merchant must ship the replacement, the repaired item or missing items.
    AwaitingMerchantShipment { due_at: Timestamp },
    /// The merchant's parcel to the buyer is on its way.
    ReplacementInTransit { tracking: String, due_at: Timestamp },
    /// 商家拒绝: the buyer may edit, escalate until `due_at`, or let it lapse.
    Rejected { due_at: Timestamp },
    /// 平台介入中. Escalated from Rejected, or from an agreed remedy the merchant has not
    /// delivered; a cancelled dispute resumes that state (`dispute::Resume`).
    InDispute { phase: DisputePhase },
    /// Waiting for the payment integration. `retry_at` is set after a failure (退款异常).
    Refunding {
        amount: Money,
        attempt: u32,
        retry_at: Option<Timestamp>,
    },
    /// 退款成功.
    Refunded { amount: Money, at: Timestamp },
    /// The remedy's parcel reached the buyer.
    Completed { at: Timestamp },
    /// 退款关闭.
    Closed { at: Timestamp, cause: ClosedCause },
}

/// The state's name, for filters, storage and error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StateName {
    Requested,
    AwaitingRefusal,
    AwaitingReturn,
    ReturnInTransit,
    ReturnReceived,
    AwaitingMerchantShipment,
    ReplacementInTransit,
    Rejected,
    InDispute,
    Refunding,
    Refunded,
    Completed,
    Closed,
}

impl StateName {
    pub const ALL: [StateName; 13] = [
        StateName::Requested,
        StateName::AwaitingRefusal,
        StateName::AwaitingReturn,
        StateName::ReturnInTransit,
        StateName::ReturnReceived,
        StateName::AwaitingMerchantShipment,
        StateName::ReplacementInTransit,
        StateName::Rejected,
        StateName::InDispute,
        StateName::Refunding,
        StateName::Refunded,
        StateName::Completed,
        StateName::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StateName::Requested => "requested",
            StateName::AwaitingRefusal => "awaiting_refusal",
            StateName::AwaitingReturn => "awaiting_return",
            StateName::ReturnInTransit => "return_in_transit",
            StateName::ReturnReceived => "return_received",
            StateName::AwaitingMerchantShipment => "awaiting_merchant_shipment",
            StateName::ReplacementInTransit => "replacement_in_transit",
            StateName::Rejected => "rejected",
            StateName::InDispute => "in_dispute",
            StateName::Refunding => "refunding",
            StateName::Refunded => "refunded",
            StateName::Completed => "completed",
            StateName::Closed => "closed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

impl TicketState {
    pub fn name(&self) -> StateName {
        match self {
            TicketState::Requested { .. } => StateName::Requested,
            TicketState::AwaitingRefusal { .. } => StateName::AwaitingRefusal,
            TicketState::AwaitingReturn { .. } => StateName::AwaitingReturn,
            TicketState::ReturnInTransit { .. } => StateName::ReturnInTransit,
            TicketState::ReturnReceived { .. } => StateName::ReturnReceived,
            TicketState::AwaitingMerchantShipment { .. } => StateName::AwaitingMerchantShipment,
            TicketState::ReplacementInTransit { .. } => StateName::ReplacementInTransit,
            TicketState::Rejected { .. } => StateName::Rejected,
            TicketState::InDispute { .. } => StateName::InDispute,
            TicketState::Refunding { .. } => StateName::Refunding,
            TicketState::Refunded { .. } => StateName::Refunded,
            TicketState::Completed { .. } => StateName::Completed,
            TicketState::Closed { .. } => StateName::Closed,
        }
    }

    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            TicketState::Refunded { .. }
                | TicketState::Completed { .. }
                | TicketState::Closed { .. }
        )
    }
}

/// What the system does when a ticket's deadline passes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeadlineKind {
    /// Requested → approved as overdue (逾期自动同意).
    MerchantResponse,
    /// AwaitingRefusal → back to the merchant's queue.
    RefusalOutcome,
    /// AwaitingReturn → Closed.
    BuyerReturnShipment,
    /// ReturnInTransit / ReturnReceived → the system refunds (or, for exchange and repair,
    /// takes the return as received).
    MerchantReturnHandling,
    /// AwaitingMerchantShipment → the platform steps in.
    MerchantShipment,
    /// ReplacementInTransit → the platform steps in.
    ReplacementDelivery,
    /// Rejected → Closed.
    Escalation,
    /// InDispute (evidence) → awaiting verdict.
    DisputeEvidence,
    /// Refunding after a failure → the refund is requested again.
    RefundRetry,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 9] = [
        DeadlineKind::MerchantResponse,
        DeadlineKind::RefusalOutcome,
        DeadlineKind::BuyerReturnShipment,
        DeadlineKind::MerchantReturnHandling,
        DeadlineKind::MerchantShipment,
        DeadlineKind::ReplacementDelivery,
        DeadlineKind::Escalation,
        DeadlineKind::DisputeEvidence,
        DeadlineKind::RefundRetry,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::MerchantResponse => "merchant_response",
            DeadlineKind::RefusalOutcome => "refusal_outcome",
            DeadlineKind::BuyerReturnShipment => "buyer_return_shipment",
            DeadlineKind::MerchantReturnHandling => "merchant_return_handling",
            DeadlineKind::MerchantShipment => "merchant_shipment",
            DeadlineKind::ReplacementDelivery => "replacement_delivery",
            DeadlineKind::Escalation => "escalation",
            DeadlineKind::DisputeEvidence => "dispute_evidence",
            DeadlineKind::RefundRetry => "refund_retry",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

/// A point in time at which the system will act on a ticket unless someone acts first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due_at: Timestamp,
}

/// The merchant's rejection, kept for the dispute and the verdict helper.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MerchantRejection {
    pub ground: RejectGround,
    pub reason: String,
    pub evidence: Vec<Evidence>,
    pub at: Timestamp,
    /// A "not received" rejection after the return was signed: merchant-responsible (seed 000 Q5).
    pub not_received_after_signature: bool,
}

/// One after-sales request and everything that happened to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ticket {
    pub id: TicketId,
    pub kind: TicketKind,
    pub reason: Reason,
    pub amount: Money,
    /// The lines it holds, with their units and shares of `amount` (see `lines`).
    pub items: Vec<TicketLine>,
    pub description: String,
    /// The first request; metrics measure from here.
    pub opened_at: Timestamp,
    pub state: TicketState,
    pub course: Course,
    /// Events on this ticket; the token callers pass as `expected_version`.
    pub version: u64,
    /// The automatic policy or strategy that approved it, if any.
    pub auto_rule: Option<Rule>,
    /// Approved because the merchant let the response deadline pass (逾期自动同意).
    pub overdue_approved: bool,
    /// First approval or rejection of the request (by anyone), for completion times.
    pub decided_at: Option<Timestamp>,
    pub return_signed_at: Option<Timestamp>,
    /// First acceptance of the returned goods (by the merchant, a strategy or the deadline),
    /// for return-refund completion times.
    pub return_accepted_at: Option<Timestamp>,
    /// A strategy asked for the refund to be made as soon as the return is signed.
    pub refund_on_return_signed: Option<Rule>,
    pub rejection: Option<MerchantRejection>,
    /// The buyer's own evidence given with the request or later.
    pub buyer_evidence: Vec<Evidence>,
    pub dispute: Option<Dispute>,
    pub refunded: Money,
    /// Notes shown on the ticket, such as the fast-refund note.
    pub notes: Vec<String>,
    /// The order was unshipped when the request came in.
    pub opened_while_unshipped: bool,
    /// The merchant entered tracking while this request on the unshipped order was pending
    /// (forced shipping, seed 001 3.1.1).
    pub shipped_while_pending: bool,
    /// The last refund attempt failed and nobody has fixed it yet (退款异常).
    pub refund_alert: Option<String>,
    /// When the last event on this ticket happened (lists filter on it).
    pub updated_at: Timestamp,
    /// The stored policy version its latest decision was made under; 0 before versioned
    /// policies (or under a policy that is not stored).
    pub policy_version: u64,
    /// The thread between buyer, merchant and, in a dispute, the platform, oldest first.
    pub messages: Vec<Message>,
    /// Where this ticket's return goes, if the merchant set it on the ticket (it overrides
    /// the shop's return address).
    pub return_address: Option<String>,
    /// The part of `amount` that is the order's shipping fee: above 0 only for a refund of
    /// everything while nothing had shipped (issue 18). The rest is goods money, spread over
    /// `items`.
    pub shipping_fee: Money,
    /// Who bears the return's shipping, for a kind that sends goods back (issue 18).
    pub return_shipping: Option<crate::shipping::ReturnShippingPayer>,
}

/// One message of a ticket's thread (协商历史).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub at: Timestamp,
    pub author: Actor,
    pub text: String,
}

impl Ticket {
    /// The return address the buyer is shown: the ticket's own, else the shop's (`shop`),
    /// and only once a return was agreed and until it is accepted (待买家退货, 退货中,
    /// 待收货确认). Before that, the buyer has no return to send.
    pub fn return_address_for_buyer<'a>(&'a self, shop: Option<&'a str>) -> Option<&'a str> {
        match self.state {
            TicketState::AwaitingReturn { .. }
            | TicketState::ReturnInTransit { .. }
            | TicketState::ReturnReceived { .. } => self.return_address.as_deref().or(shop),
            _ => None,
        }
    }

    /// The one deadline this ticket is waiting on, derived from its state.
    pub fn deadline(&self) -> Option<Deadline> {
        let (kind, due_at) = match &self.state {
            TicketState::Requested { due_at, .. } => (DeadlineKind::MerchantResponse, *due_at),
            TicketState::AwaitingRefusal { due_at } => (DeadlineKind::RefusalOutcome, *due_at),
            TicketState::AwaitingReturn { due_at } => (DeadlineKind::BuyerReturnShipment, *due_at),
            TicketState::ReturnInTransit { due_at, .. }
            | TicketState::ReturnReceived { due_at, .. } => {
                (DeadlineKind::MerchantReturnHandling, *due_at)
            }
            TicketState::AwaitingMerchantShipment { due_at } => {
                (DeadlineKind::MerchantShipment, *due_at)
            }
            TicketState::ReplacementInTransit { due_at, .. } => {
                (DeadlineKind::ReplacementDelivery, *due_at)
            }
            TicketState::Rejected { due_at } => (DeadlineKind::Escalation, *due_at),
            TicketState::InDispute {
                phase: DisputePhase::Evidence { due_at },
            } => (DeadlineKind::DisputeEvidence, *due_at),
            TicketState::Refunding {
                retry_at: Some(at), ..
            } => (DeadlineKind::RefundRetry, *at),
            TicketState::InDispute {
                phase: DisputePhase::AwaitingVerdict,
            }
            | TicketState::Refunding { retry_at: None, .. }
            | TicketState::Refunded { .. }
            | TicketState::Completed { .. }
            | TicketState::Closed { .. } => return None,
        };
        Some(Deadline { kind, due_at })
    }

    /// Whether the ticket is in a dispute whose evidence window (举证期) has not ended at
    /// `now`: a verdict now is an early one.
    pub fn evidence_window_open(&self, now: Timestamp) -> bool {
        matches!(
            self.state,
            TicketState::InDispute {
                phase: DisputePhase::Evidence { due_at },
            } if now < due_at
        )
    }

    /// Whether the platform stepped in: such tickets are left out of completion times.
    pub fn platform_intervened(&self) -> bool {
        self.dispute.is_some()
    }
}
