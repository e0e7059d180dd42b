//! Evidence and the per-scenario checklist of what each side may show (seed 000, 附: 各场景下的举证责任).
//!
//! The seed's lists are examples ("包括但不限于…等有效举证"), not requirements: a rejection
//! needs at least one kind relevant to its scenario, and none at all is refused. Only where a
//! seed says a rejection must carry something (需附带) is a kind required outright.

use crate::{Reason, Timestamp};

/// At most this many pieces of evidence per side per ticket.
pub const EVIDENCE_PER_SIDE_MAX: usize = 50;
/// A reference (a content hash, a tracking number, a link) is at most this long.
pub const EVIDENCE_REFERENCE_CHARS_MAX: usize = 512;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EvidenceKind {
    TrackingNumber,
    ChatRecords,
    Photos,
    PackingVideo,
    BrandAuthorisation,
    PurchaseProof,
    InspectionReport,
    /// The carrier's trace of a parcel, e.g. an unsigned return (seed 000 Q5).
    LogisticsTrace,
    Other,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 9] = [
        EvidenceKind::TrackingNumber,
        EvidenceKind::ChatRecords,
        EvidenceKind::Photos,
        EvidenceKind::PackingVideo,
        EvidenceKind::BrandAuthorisation,
        EvidenceKind::PurchaseProof,
        EvidenceKind::InspectionReport,
        EvidenceKind::LogisticsTrace,
        EvidenceKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::TrackingNumber => "tracking_number",
            EvidenceKind::ChatRecords => "chat_records",
            EvidenceKind::Photos => "photos",
            EvidenceKind::PackingVideo => "packing_video",
            EvidenceKind::BrandAuthorisation => "brand_authorisation",
            EvidenceKind::PurchaseProof => "purchase_proof",
            EvidenceKind::InspectionReport => "inspection_report",
            EvidenceKind::LogisticsTrace => "logistics_trace",
            EvidenceKind::Other => "other",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

/// One piece of evidence: what it is and where it is (a stored file's content hash, a
/// tracking number, a link), with an optional note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub reference: String,
    pub note: String,
}

/// Which party a piece of evidence speaks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    Buyer,
    Merchant,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Buyer => "buyer",
            Side::Merchant => "merchant",
        }
    }
}

/// The four scenarios of seed 000, plus requests that need no proof of fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scenario {
    /// 发货问题: tracking number, chat records.
    Shipping,
    /// 描述不符: photos, chat records, packing video.
    NotAsDescribed,
    /// 假货: brand authorisation, purchase proof, inspection report.
    Counterfeit,
    /// 质量问题: packing video, photos.
    Quality,
    /// Damaged in transit (物流配送中导致商品毁损, seed 001 3.3.1 (2)): the damage happened
    /// after packing, so the packing video proves nothing; what speaks against the claim is
    /// the carrier's record of an intact delivery or the chat with the buyer.
    Transit,
    /// No fault claimed (no-reason, don't want): the merchant explains to the buyer.
    NoFault,
}

impl Scenario {
    pub fn of(reason: Reason) -> Scenario {
        match reason {
            Reason::LogisticsStalled | Reason::NotReceived => Scenario::Shipping,
            Reason::NotAsDescribed
            | Reason::NotAsPromised
            | Reason::WrongItem
            | Reason::MissingItems => Scenario::NotAsDescribed,
            Reason::Counterfeit => Scenario::Counterfeit,
            Reason::QualityProblem => Scenario::Quality,
            Reason::DamagedInTransit => Scenario::Transit,
            Reason::NoReasonSevenDay | Reason::DontWant => Scenario::NoFault,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scenario::Shipping => "shipping",
            Scenario::NotAsDescribed => "not_as_described",
            Scenario::Counterfeit => "counterfeit",
            Scenario::Quality => "quality",
            Scenario::Transit => "transit",
            Scenario::NoFault => "no_fault",
        }
    }

    /// The kinds of evidence this scenario suggests for a side (seed 000 附: examples, any one
    /// of which is relevant; counterfeit's 品牌授权/进货证明/检测报告 are alternatives).
    pub fn suggested(self, side: Side) -> &'static [EvidenceKind] {
        use EvidenceKind::*;
        match (self, side) {
            (Scenario::Shipping, Side::Merchant) => &[TrackingNumber, ChatRecords],
            (Scenario::NotAsDescribed, Side::Merchant) => &[Photos, ChatRecords, PackingVideo],
            (Scenario::Counterfeit, Side::Merchant) => {
                &[BrandAuthorisation, PurchaseProof, InspectionReport]
            }
            (Scenario::Quality, Side::Merchant) => &[PackingVideo, Photos],
            (Scenario::Transit, Side::Merchant) => &[LogisticsTrace, ChatRecords],
            // Seed 000 Q3 A3 1 (切勿直接不做解释): the explanation given to the buyer.
            (Scenario::NoFault, Side::Merchant) => &[ChatRecords],
            (Scenario::Shipping | Scenario::NoFault, Side::Buyer) => &[],
            (
                Scenario::NotAsDescribed
                | Scenario::Counterfeit
                | Scenario::Quality
                | Scenario::Transit,
                Side::Buyer,
            ) => &[Photos],
        }
    }
}

/// Kinds a merchant's rejection of a request must carry whatever else it shows, beyond one
/// relevant kind: seed 000 Q2 A2 3, a stalled-logistics rejection "需附带与用户沟通解释目前
/// 停滞原因凭证" (the chat explaining the stall; the buyer's agreement or silence counts).
/// At most one kind, so a refusal that names several always means "any one of these".
pub fn required_for_rejection(reason: Reason) -> &'static [EvidenceKind] {
    match reason {
        Reason::LogisticsStalled => &[EvidenceKind::ChatRecords],
        _ => &[],
    }
}

/// The kinds in `kinds` that `given` lacks, in checklist order.
pub fn missing(kinds: &[EvidenceKind], given: &[Evidence]) -> Vec<EvidenceKind> {
    kinds
        .iter()
        .copied()
        .filter(|kind| !given.iter().any(|e| e.kind == *kind))
        .collect()
}

/// What `given` lacks to carry a rejection: every `required` kind it misses; or, when it has
/// those but none of the `suggested` kinds, the suggested list (any one of them will do).
/// Empty when the evidence suffices.
pub fn shortfall(
    required: &[EvidenceKind],
    suggested: &[EvidenceKind],
    given: &[Evidence],
) -> Vec<EvidenceKind> {
    let missing_required = missing(required, given);
    if !missing_required.is_empty() {
        return missing_required;
    }
    let relevant = suggested.is_empty()
        || suggested
            .iter()
            .any(|kind| given.iter().any(|e| e.kind == *kind));
    if relevant {
        Vec::new()
    } else {
        suggested.to_vec()
    }
}

/// A checklist line for one side: a suggested kind, whether it is required outright, and
/// whether it has been given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChecklistItem {
    pub kind: EvidenceKind,
    pub required: bool,
    pub given: bool,
}

/// Evidence added to a dispute, with who and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisputeEvidence {
    pub side: Side,
    pub evidence: Evidence,
    pub at: Timestamp,
}
