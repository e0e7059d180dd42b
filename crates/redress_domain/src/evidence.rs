//! Evidence and the per-scenario checklist of what each side must show (seed 000, 附: 各场景下的举证责任).

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
            Reason::QualityProblem | Reason::DamagedInTransit => Scenario::Quality,
            Reason::NoReasonSevenDay | Reason::DontWant => Scenario::NoFault,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scenario::Shipping => "shipping",
            Scenario::NotAsDescribed => "not_as_described",
            Scenario::Counterfeit => "counterfeit",
            Scenario::Quality => "quality",
            Scenario::NoFault => "no_fault",
        }
    }

    /// What a side must show in this scenario.
    pub fn required(self, side: Side) -> &'static [EvidenceKind] {
        use EvidenceKind::*;
        match (self, side) {
            (Scenario::Shipping, Side::Merchant) => &[TrackingNumber, ChatRecords],
            (Scenario::NotAsDescribed, Side::Merchant) => &[Photos, ChatRecords, PackingVideo],
            (Scenario::Counterfeit, Side::Merchant) => {
                &[BrandAuthorisation, PurchaseProof, InspectionReport]
            }
            (Scenario::Quality, Side::Merchant) => &[PackingVideo, Photos],
            // Seed 000 Q2: a rejection must carry the explanation given to the buyer.
            (Scenario::NoFault, Side::Merchant) => &[ChatRecords],
            (Scenario::Shipping | Scenario::NoFault, Side::Buyer) => &[],
            (Scenario::NotAsDescribed | Scenario::Counterfeit | Scenario::Quality, Side::Buyer) => {
                &[Photos]
            }
        }
    }
}

/// The kinds in `required` that `given` lacks, in checklist order.
pub fn missing(required: &[EvidenceKind], given: &[Evidence]) -> Vec<EvidenceKind> {
    required
        .iter()
        .copied()
        .filter(|kind| !given.iter().any(|e| e.kind == *kind))
        .collect()
}

/// A checklist line for one side: required kinds and whether each has been given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChecklistItem {
    pub kind: EvidenceKind,
    pub given: bool,
}

/// Evidence added to a dispute, with who and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisputeEvidence {
    pub side: Side,
    pub evidence: Evidence,
    pub at: Timestamp,
}
