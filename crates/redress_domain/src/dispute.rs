//! Disputes (平台介入 / 纠纷单): who escalated, the evidence, the verdict, and the helper that
//! suggests a verdict from the rules of SPEC.md.

use crate::evidence::{
    self, ChecklistItem, DisputeEvidence, Evidence, EvidenceKind, Scenario, Side,
};
use crate::{Money, Order, Reason, RejectGround, Signer, StaffId, Ticket, Timestamp};
use jiff::SignedDuration;

/// Who opened the dispute. Seed 001 counts only buyers' disputes; seed 000 every escalation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opener {
    Buyer,
    /// The merchant failed to ship a remedy and redress escalated on the buyer's behalf.
    System,
}

impl Opener {
    pub fn as_str(self) -> &'static str {
        match self {
            Opener::Buyer => "buyer",
            Opener::System => "system",
        }
    }
}

/// 责任方.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Responsibility {
    Merchant,
    Buyer,
    Both,
    /// Neither party, e.g. the carrier lost the parcel.
    None,
}

impl Responsibility {
    pub const ALL: [Responsibility; 4] = [
        Responsibility::Merchant,
        Responsibility::Buyer,
        Responsibility::Both,
        Responsibility::None,
    ];

    /// 商责 (seed 003): merchant alone, or both parties.
    pub fn is_merchant(self) -> bool {
        matches!(self, Responsibility::Merchant | Responsibility::Both)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Responsibility::Merchant => "merchant",
            Responsibility::Buyer => "buyer",
            Responsibility::Both => "both",
            Responsibility::None => "none",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == raw)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerdictOutcome {
    FullRefund,
    PartialRefund { amount: Money },
    NoRefund,
}

impl VerdictOutcome {
    pub fn as_str(&self) -> &'static str {
        match self {
            VerdictOutcome::FullRefund => "full_refund",
            VerdictOutcome::PartialRefund { .. } => "partial_refund",
            VerdictOutcome::NoRefund => "no_refund",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub responsibility: Responsibility,
    pub outcome: VerdictOutcome,
    pub reasoning: String,
    pub by: StaffId,
    pub at: Timestamp,
}

/// How a dispute ended, if it has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DisputeResolution {
    /// The merchant approved the refund during the dispute; the platform may re-check it.
    SettledByMerchant {
        at: Timestamp,
        recheck: Option<Responsibility>,
    },
    Decided(Verdict),
}

/// The dispute on a ticket. It is counted once, at `first_requested_at`, however often the
/// buyer cancels and escalates again (seed 001).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dispute {
    pub first_requested_at: Timestamp,
    pub opened_by: Opener,
    /// The buyer's own first escalation, which the channels preset counts (seed 001 FAQ:
    /// 以用户首次发起平台介入作为计算). The same as `first_requested_at` when she opened the
    /// dispute; later when redress escalated first (an unshipped remedy) and she escalated
    /// herself afterwards; `None` while only redress has escalated.
    pub buyer_first_requested_at: Option<Timestamp>,
    /// How many times it was escalated (a cancel followed by a new escalation adds one).
    pub rounds: u32,
    /// Whether the current round is live (not cancelled, not resolved).
    pub open: bool,
    pub cancellations: u32,
    pub evidence: Vec<DisputeEvidence>,
    pub resolution: Option<DisputeResolution>,
    /// What was left of the buyer's escalation window when they escalated, given back if they
    /// cancel ("returns to Rejected with the time it had left").
    pub escalation_time_left: Option<SignedDuration>,
    /// Where the ticket goes back to if the buyer cancels the current round.
    pub resume: Resume,
}

/// The state a dispute interrupted, resumed if the buyer cancels it: a rejection goes back
/// to Rejected, an agreed remedy goes back to waiting for the merchant's parcel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resume {
    Rejected,
    AwaitingMerchantShipment,
    ReplacementInTransit { tracking: String },
}

impl Dispute {
    /// Whether this dispute is merchant-responsible (商责纠纷, seed 003).
    pub fn merchant_responsible(&self) -> bool {
        match &self.resolution {
            Some(DisputeResolution::Decided(verdict)) => verdict.responsibility.is_merchant(),
            Some(DisputeResolution::SettledByMerchant { recheck, .. }) => {
                recheck.is_some_and(Responsibility::is_merchant)
            }
            None => false,
        }
    }

    pub fn evidence_of(&self, side: Side) -> impl Iterator<Item = &Evidence> {
        self.evidence
            .iter()
            .filter(move |e| e.side == side)
            .map(|e| &e.evidence)
    }
}

/// The evidence one side has given on a ticket: the buyer's with the request, edits and the
/// dispute; the merchant's with its rejection and the dispute.
fn given_by(ticket: &Ticket, side: Side) -> Vec<Evidence> {
    let mut given: Vec<Evidence> = match side {
        Side::Buyer => ticket.buyer_evidence.clone(),
        Side::Merchant => ticket
            .rejection
            .iter()
            .flat_map(|r| r.evidence.clone())
            .collect(),
    };
    if let Some(dispute) = &ticket.dispute {
        given.extend(dispute.evidence_of(side).cloned());
    }
    given
}

/// The evidence checklist of one side for a ticket's dispute: the kinds its scenario
/// suggests (seed 000 附: examples, "包括但不限于"), each marked required or not and given or
/// not. The merchant's rejection evidence counts for the merchant.
pub fn checklist(ticket: &Ticket, side: Side) -> Vec<ChecklistItem> {
    let given = given_by(ticket, side);
    let required = must_show(ticket, side);
    let missing = evidence::missing(suggested_evidence(ticket, side), &given);
    suggested_evidence(ticket, side)
        .iter()
        .map(|&kind| ChecklistItem {
            kind,
            required: required.contains(&kind),
            given: !missing.contains(&kind),
        })
        .collect()
}

/// What a side's evidence lacks for its case to stand on evidence: what a rejection would
/// need (see [`evidence::shortfall`]). Empty when at least one relevant kind is there.
pub fn evidence_shortfall(ticket: &Ticket, side: Side) -> Vec<EvidenceKind> {
    evidence::shortfall(
        must_show(ticket, side),
        suggested_evidence(ticket, side),
        &given_by(ticket, side),
    )
}

/// The kinds a side's scenario suggests in a ticket's dispute, except that a merchant who
/// rejected a return answers for that rejection's own ground.
pub fn suggested_evidence(ticket: &Ticket, side: Side) -> &'static [EvidenceKind] {
    match (side, ticket.rejection.as_ref().map(|r| r.ground)) {
        (Side::Merchant, Some(RejectGround::ReturnNotReceived)) => &[EvidenceKind::LogisticsTrace],
        (Side::Merchant, Some(RejectGround::ReturnNotAsSent)) => &[EvidenceKind::Photos],
        _ => Scenario::of(ticket.reason).suggested(side),
    }
}

/// The kinds a side must show whatever else it shows: only the merchant who rejected a
/// request, where a seed says so (see [`evidence::required_for_rejection`]).
fn must_show(ticket: &Ticket, side: Side) -> &'static [EvidenceKind] {
    match (side, ticket.rejection.as_ref().map(|r| r.ground)) {
        (Side::Merchant, Some(RejectGround::Request)) => {
            evidence::required_for_rejection(ticket.reason)
        }
        _ => &[],
    }
}

/// The rule a suggestion rests on, so the arbitrator can see why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuggestionRule {
    /// The merchant shipped while a refund request on the unshipped order was pending (seed 001).
    ForcedShipping,
    /// "Not received" and the carrier left it in a locker without consent (seed 000 Q4).
    LockerWithoutConsent,
    /// "Not received" but a proxy signed, and the carrier confirmed the delivery: that is the
    /// buyer's signature (seed 000 Q4).
    ProxySignatureCountsAsBuyer,
    /// "Not received", a proxy signed, and the carrier has not confirmed the delivery: the
    /// parcel is lost; the merchant refunds and claims from the carrier (seed 000 Q4 A4).
    ProxyParcelLost,
    /// Damaged in transit, shown in the buyer's photos: the merchant settles with the buyer
    /// first, then claims from the carrier (seed 001 3.3.1 (2)).
    DamagedInTransit,
    /// A seven-day no-reason return on an eligible product, refused within its window.
    SevenDayReturnRefused,
    /// The merchant rejected a signed return as "not received" (seed 000 Q5).
    ReturnRejectedAfterSignature,
    /// The merchant has shown no evidence relevant to its scenario (none of the suggested
    /// kinds), or not what a seed requires outright.
    MerchantEvidenceMissing,
    /// The merchant failed to ship the agreed remedy.
    RemedyNotShipped,
}

impl SuggestionRule {
    pub fn as_str(self) -> &'static str {
        match self {
            SuggestionRule::ForcedShipping => "forced_shipping",
            SuggestionRule::LockerWithoutConsent => "locker_without_consent",
            SuggestionRule::ProxySignatureCountsAsBuyer => "proxy_signature_counts_as_buyer",
            SuggestionRule::ProxyParcelLost => "proxy_parcel_lost",
            SuggestionRule::DamagedInTransit => "damaged_in_transit",
            SuggestionRule::SevenDayReturnRefused => "seven_day_return_refused",
            SuggestionRule::ReturnRejectedAfterSignature => "return_rejected_after_signature",
            SuggestionRule::MerchantEvidenceMissing => "merchant_evidence_missing",
            SuggestionRule::RemedyNotShipped => "remedy_not_shipped",
        }
    }
}

/// What the verdict helper proposes; the arbitrator decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub responsibility: Responsibility,
    pub outcome: VerdictOutcome,
    pub rule: SuggestionRule,
}

/// Whether the merchant has shown the carrier's confirmation that the parcel was delivered:
/// its logistics trace, given with the rejection or in the dispute.
fn carrier_confirmed_delivery(ticket: &Ticket) -> bool {
    given_by(ticket, Side::Merchant)
        .iter()
        .any(|e| e.kind == EvidenceKind::LogisticsTrace)
}

/// The rule-based suggestion for a disputed ticket, or `None` when no rule applies and the
/// arbitrator must weigh the evidence. Rules are tried in the order SPEC.md lists them.
pub fn suggest(order: &Order, ticket: &Ticket) -> Option<Suggestion> {
    let merchant = |rule| Suggestion {
        responsibility: Responsibility::Merchant,
        outcome: VerdictOutcome::FullRefund,
        rule,
    };
    let dispute = ticket.dispute.as_ref()?;
    if ticket.reason == Reason::NotReceived
        && let Some(signer) = order.signer_of(&ticket.item_ids())
    {
        match signer {
            Signer::LockerWithoutConsent => {
                return Some(merchant(SuggestionRule::LockerWithoutConsent));
            }
            // Seed 000 Q4 A4: "如果是代收,优先联系快递公司确认是否已经送达…若不认可,快递丢失,
            // 联系快递追偿并同意退款". A proxy's signature is the buyer's (注: 视为收货人本人签收)
            // once the carrier confirms the delivery, which the merchant shows as the carrier's
            // logistics trace; without it the parcel is lost, and the loss is the merchant's to
            // refund and recover from the carrier, like a locker without consent.
            Signer::Proxy if carrier_confirmed_delivery(ticket) => {
                return Some(Suggestion {
                    responsibility: Responsibility::Buyer,
                    outcome: VerdictOutcome::NoRefund,
                    rule: SuggestionRule::ProxySignatureCountsAsBuyer,
                });
            }
            Signer::Proxy => return Some(merchant(SuggestionRule::ProxyParcelLost)),
            Signer::Buyer | Signer::LockerWithConsent => {}
        }
    }
    // Seed 001 3.3.1 (2): "如核实是物流配送中导致商品毁损问题,商家应该先与用户协商售后(包括:
    // 退款,退货,换货,维修等),再自行找物流公司进行相关索赔" — once the buyer's photos show the
    // damage, settling is the merchant's; its claim against the carrier is its own affair.
    // (A rejected return is judged on what came back, not on the damage.)
    if ticket.reason == Reason::DamagedInTransit
        && evidence_shortfall(ticket, Side::Buyer).is_empty()
        && ticket
            .rejection
            .as_ref()
            .is_none_or(|r| r.ground == RejectGround::Request)
    {
        return Some(merchant(SuggestionRule::DamagedInTransit));
    }
    let rejected_request = ticket
        .rejection
        .as_ref()
        .filter(|r| r.ground == RejectGround::Request);
    if ticket.reason == Reason::NoReasonSevenDay && rejected_request.is_some() {
        return Some(merchant(SuggestionRule::SevenDayReturnRefused));
    }
    // Seed 000 附: the lists are examples, so the helper weighs whether anything relevant is
    // there, not whether every example is. `decide` refuses a rejection without it, so this
    // catches rejections recorded under an earlier evidence rule.
    if ticket.rejection.is_some() && !evidence_shortfall(ticket, Side::Merchant).is_empty() {
        return Some(merchant(SuggestionRule::MerchantEvidenceMissing));
    }
    if ticket.shipped_while_pending {
        return Some(merchant(SuggestionRule::ForcedShipping));
    }
    // Beyond SPEC's list: seed 000 Q5, and a remedy the merchant agreed to and never shipped.
    if ticket
        .rejection
        .as_ref()
        .is_some_and(|r| r.not_received_after_signature)
    {
        return Some(merchant(SuggestionRule::ReturnRejectedAfterSignature));
    }
    if dispute.opened_by == Opener::System {
        return Some(merchant(SuggestionRule::RemedyNotShipped));
    }
    None
}
