//! The API's own request and response types, converted explicitly to and from the domain's.
//!
//! The domain derives no serde (STYLE 8): these types are the wire format, and each
//! conversion names the field it refuses. Requests deny unknown fields, so a typo is an
//! error rather than a silently ignored value. Money is `{ "amount": minor units,
//! "currency": "CNY" }`; instants are RFC 3339 strings in UTC.

use crate::error::ApiError;
use redress_domain::dispute::{Responsibility, VerdictOutcome};
use redress_domain::evidence::{Evidence, EvidenceKind};
use redress_domain::merchant::StrategyAction;
use redress_domain::shipping::ReturnShippingPayer;
use redress_domain::{
    Actor, BuyerId, CreatorId, Currency, Date, FulfilmentStage, ItemId, MerchantId, Money, OrderId,
    ProductId, Reason, RejectGround, Remedy, Signer, StateName, StrategyId, TicketId, TicketKind,
    Timestamp,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A C-like enum of the wire mirroring one of the domain, with conversions both ways.
macro_rules! mirror {
    ($(#[$meta:meta])* $dto:ident => $domain:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $dto { $($variant),+ }

        impl From<$dto> for $domain {
            fn from(value: $dto) -> Self {
                match value { $($dto::$variant => $domain::$variant),+ }
            }
        }

        impl From<$domain> for $dto {
            fn from(value: $domain) -> Self {
                match value { $($domain::$variant => $dto::$variant),+ }
            }
        }
    };
}

/// A request body that is one of several shapes, told apart by a tag field (`"action":
/// "reject"`). The public enum is internally tagged, which is what the OpenAPI description
/// shows; the private twin is externally tagged, which is what [`crate::extract::ApiTagged`]
/// reads after moving the tag outside. serde reads an internally tagged enum through a buffer
/// that loses track of where in the body an error is; the twin keeps it, so a wrong type in
/// `reason` is reported as `reason`, not as the whole body.
macro_rules! tagged_request {
    (
        $(#[$meta:meta])*
        pub enum $name:ident (wire $wire:ident, tag $tag:tt) {
            $(
                $(#[$vmeta:meta])*
                $variant:ident { $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* $(,)? }
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
        #[serde(tag = $tag, rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant { $( $(#[$fmeta])* $field: $ty ),* } ),+
        }

        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "snake_case", deny_unknown_fields)]
        pub enum $wire {
            $( $variant {
                $( $(#[$fmeta])* $field: $ty ),*
            } ),+
        }

        impl crate::extract::TaggedRequest for $name {
            const TAG: &'static str = $tag;
            type Wire = $wire;

            fn from_wire(wire: $wire) -> Self {
                match wire {
                    $( $wire::$variant { $($field),* } => $name::$variant { $($field),* } ),+
                }
            }
        }
    };
}

mirror!(
    /// What the buyer asks for.
    TicketKindDto => TicketKind {
        RefundOnly, ReturnAndRefund, Exchange, Reship, Repair, ReturnShipping,
    }
);
mirror!(
    /// Why the buyer asks.
    ReasonDto => Reason {
        NoReasonSevenDay, DontWant, LogisticsStalled, NotReceived, QualityProblem,
        MissingItems, NotAsDescribed, Counterfeit, DamagedInTransit, WrongItem, NotAsPromised,
    }
);
mirror!(
    /// A ticket's state.
    TicketStateDto => StateName {
        Requested, AwaitingRefusal, AwaitingReturn, ReturnInTransit, ReturnReceived,
        AwaitingMerchantShipment, ReplacementInTransit, Rejected, InDispute, Refunding,
        Refunded, Completed, Closed,
    }
);
mirror!(
    /// What a piece of evidence is.
    EvidenceKindDto => EvidenceKind {
        TrackingNumber, ChatRecords, Photos, PackingVideo, BrandAuthorisation, PurchaseProof,
        InspectionReport, LogisticsTrace, Other,
    }
);
mirror!(
    /// Who signed for a delivered parcel.
    SignerDto => Signer { Buyer, Proxy, LockerWithConsent, LockerWithoutConsent }
);
mirror!(
    /// Who the arbitrator holds responsible.
    ResponsibilityDto => Responsibility { Merchant, Buyer, Both, None }
);
mirror!(
    /// What a merchant's rejection rests on.
    RejectGroundDto => RejectGround { Request, ReturnNotReceived, ReturnNotAsSent }
);
mirror!(
    /// What a matching strategy does.
    StrategyActionDto => StrategyAction { Approve, RefundOnReturnSigned }
);
mirror!(
    /// Who bears a return parcel's cost (退货运费, issue 18): the merchant for a reason it
    /// answers for, else the buyer, or her freight insurance (运费险) when the order has one.
    ReturnShippingDto => ReturnShippingPayer { Merchant, Buyer, FreightInsurance }
);
mirror!(
    /// The outbound parcel's coarse stage.
    FulfilmentStageDto => FulfilmentStage { Unshipped, Shipped, InTransit, Delivered, Returning }
);

/// Money in integer minor units (fen for CNY) with its ISO 4217 currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoneyDto {
    /// Minor units, 0 to 10^13.
    #[schema(example = 1999, minimum = 0, maximum = 10_000_000_000_000_i64)]
    pub amount: i64,
    /// ISO 4217, three upper-case letters.
    #[schema(example = "CNY", pattern = "^[A-Z]{3}$")]
    pub currency: String,
}

impl MoneyDto {
    pub fn to_domain(&self, field: &str) -> Result<Money, ApiError> {
        let currency = Currency::parse(&self.currency)
            .map_err(|e| ApiError::field(format!("{field}.currency"), e.to_string()))?;
        Money::new(self.amount, currency)
            .map_err(|e| ApiError::field(format!("{field}.amount"), e.to_string()))
    }
}

impl From<Money> for MoneyDto {
    fn from(money: Money) -> Self {
        MoneyDto {
            amount: money.minor(),
            currency: money.currency().to_string(),
        }
    }
}

/// An identifier as the platform names it: 1 to 64 ASCII letters, digits and `- _ . :`,
/// starting with a letter or digit and never holding `..` (the domain's id grammar).
/// Read as any string, then checked by the domain's parser so the problem names the field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl utoipa::PartialSchema for Id {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .min_length(Some(1))
            .max_length(Some(redress_domain::ID_LENGTH_MAX))
            .pattern(Some(redress_domain::ID_PATTERN))
            .description(Some(
                "An id as the platform names it: 1 to 64 ASCII letters, digits and - _ . :, \
                 starting with a letter or digit, never `..`",
            ))
            .into()
    }
}

impl ToSchema for Id {}

/// Parse an id, naming the field when it is not one.
pub fn id<T>(
    parse: fn(&str) -> Result<T, redress_domain::IdError>,
    field: &str,
    raw: &str,
) -> Result<T, ApiError> {
    parse(raw).map_err(|e| ApiError::field(field, e.to_string()))
}

pub fn order_id(field: &str, raw: &str) -> Result<OrderId, ApiError> {
    id(OrderId::parse, field, raw)
}

pub fn parcel_id(field: &str, raw: &str) -> Result<redress_domain::ParcelId, ApiError> {
    id(redress_domain::ParcelId::parse, field, raw)
}

pub fn ticket_id(field: &str, raw: &str) -> Result<TicketId, ApiError> {
    id(TicketId::parse, field, raw)
}

pub fn merchant_id(field: &str, raw: &str) -> Result<MerchantId, ApiError> {
    id(MerchantId::parse, field, raw)
}

pub fn buyer_id(field: &str, raw: &str) -> Result<BuyerId, ApiError> {
    id(BuyerId::parse, field, raw)
}

/// A penalty's id, or the problem naming the field.
pub fn penalty_id(field: &str, raw: &str) -> Result<redress_domain::PenaltyId, ApiError> {
    redress_domain::PenaltyId::parse(raw).map_err(|e| ApiError::field(field, e.to_string()))
}

/// The first day any date or instant of the API may name.
pub const DAY_MIN: Date = jiff::civil::date(2000, 1, 1);
/// The last day any date or instant of the API may name.
pub const DAY_MAX: Date = jiff::civil::date(2100, 12, 31);

/// A day that is inside the API's range, or the problem naming the field. The range keeps
/// every window, deadline and calendar step computed from a caller's day far from the ends
/// of what dates can hold (year -9999 and 9999), where they would overflow.
fn in_range(field: &str, day: Date) -> Result<(), ApiError> {
    if (DAY_MIN..=DAY_MAX).contains(&day) {
        Ok(())
    } else {
        Err(ApiError::field(
            field,
            format!("must be between {DAY_MIN} and {DAY_MAX}"),
        ))
    }
}

/// A calendar day, `YYYY-MM-DD`, from 2000-01-01 to 2100-12-31.
pub fn day(field: &str, raw: &str) -> Result<Date, ApiError> {
    let day: Date = raw
        .parse()
        .map_err(|e| ApiError::field(field, format!("not a date such as 2026-03-11: {e}")))?;
    in_range(field, day)?;
    Ok(day)
}

/// An RFC 3339 instant in the days [`day`] accepts (in UTC).
pub fn timestamp(field: &str, raw: &str) -> Result<Timestamp, ApiError> {
    let at: Timestamp = raw.parse().map_err(|e: jiff::Error| {
        ApiError::field(
            field,
            format!("not an RFC 3339 instant such as 2026-11-02T08:00:00Z: {e}"),
        )
    })?;
    in_range(field, at.to_zoned(jiff::tz::TimeZone::UTC).date())?;
    // Instants are stored to the microsecond; finer would not read back the same.
    Timestamp::from_microsecond(at.as_microsecond())
        .map_err(|e| ApiError::field(field, e.to_string()))
}

pub fn rfc3339(at: Timestamp) -> String {
    at.to_string()
}

/// A piece of evidence: what it is and where (a file's content hash, a tracking number, a link).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceDto {
    pub kind: EvidenceKindDto,
    pub reference: String,
    #[serde(default)]
    pub note: String,
}

impl EvidenceDto {
    pub fn to_domain(&self) -> Evidence {
        Evidence {
            kind: self.kind.into(),
            reference: self.reference.clone(),
            note: self.note.clone(),
        }
    }
}

impl From<&Evidence> for EvidenceDto {
    fn from(e: &Evidence) -> Self {
        EvidenceDto {
            kind: e.kind.into(),
            reference: e.reference.clone(),
            note: e.note.clone(),
        }
    }
}

pub fn evidence_list(list: &[EvidenceDto]) -> Vec<Evidence> {
    list.iter().map(EvidenceDto::to_domain).collect()
}

/// A line a ticket names (issue 18): `{"item_id", "quantity"}`, the quantity left out for
/// every unit still open on the line; or, as before issue 18, the item's id alone (every
/// unit still open).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum TicketLineRequest {
    Line(TicketLineDto),
    /// The item's id alone: every unit of the line still open.
    Item(Id),
}

/// A line and how many of its units a ticket asks about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketLineDto {
    pub item_id: Id,
    /// At least 1, at most the units still open on the line; left out: all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
}

pub fn ticket_lines(
    field: &str,
    items: &[TicketLineRequest],
) -> Result<Vec<redress_domain::LineRequest>, ApiError> {
    items
        .iter()
        .enumerate()
        .map(|(i, line)| match line {
            TicketLineRequest::Item(raw) => Ok(redress_domain::LineRequest::whole(id(
                ItemId::parse,
                &format!("{field}[{i}]"),
                raw.as_str(),
            )?)),
            TicketLineRequest::Line(line) => {
                let item = id(
                    ItemId::parse,
                    &format!("{field}[{i}].item_id"),
                    line.item_id.as_str(),
                )?;
                if line.quantity == Some(0) {
                    return Err(ApiError::field(
                        format!("{field}[{i}].quantity"),
                        "must be at least 1".to_owned(),
                    ));
                }
                Ok(redress_domain::LineRequest {
                    item,
                    quantity: line.quantity,
                })
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Tickets

/// A buyer's after-sales request on an order (or some of its items).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenTicketRequest {
    /// The platform's id for the new ticket.
    pub ticket_id: Id,
    pub kind: TicketKindDto,
    pub reason: ReasonDto,
    /// Left out: what the named units are worth (see docs/API.md, "Lines and quantities");
    /// lower is allowed, higher is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<MoneyDto>,
    /// Lines and quantities the request is about; empty means every unit still open.
    #[serde(default)]
    pub items: Vec<TicketLineRequest>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub evidence: Vec<EvidenceDto>,
}

impl OpenTicketRequest {
    pub fn to_domain(&self) -> Result<redress_domain::NewTicket, ApiError> {
        Ok(redress_domain::NewTicket {
            id: ticket_id("ticket_id", self.ticket_id.as_str())?,
            kind: self.kind.into(),
            reason: self.reason.into(),
            amount: self
                .amount
                .as_ref()
                .map(|amount| amount.to_domain("amount"))
                .transpose()?,
            items: ticket_lines("items", &self.items)?,
            description: self.description.clone(),
            evidence: evidence_list(&self.evidence),
        })
    }
}

/// A remedy the merchant proposes instead of what was asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum RemedyDto {
    Exchange {},
    Repair {},
    Reship {},
    /// 折价赔偿: part of the money back, the buyer keeps the goods.
    PartialCompensation {
        amount: MoneyDto,
    },
}

/// The arbitrator's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum VerdictOutcomeDto {
    FullRefund {},
    PartialRefund { amount: MoneyDto },
    NoRefund {},
}

tagged_request! {
    /// Every action a person takes on a ticket, named by `type`. The feeds' actions (return
    /// parcels, refund results) have their own endpoints; deadlines are the system's alone.
    pub enum TicketActionRequest (wire TicketActionWire, tag "type") {
        /// Merchant: approve the request.
        Approve {},
        /// Merchant: refund once the shipped parcel is refused or returned (同意拒收后退款).
        ApproveAfterRefusal {},
        /// Merchant: reject, with the evidence the scenario requires.
        Reject {
            #[serde(default = "default_ground")]
            ground: RejectGroundDto,
            /// Why, for the buyer (free text).
            note: String,
            #[serde(default)]
            evidence: Vec<EvidenceDto>,
        },
        /// Merchant: propose exchange, repair, reship or partial compensation instead.
        ProposeRemedy {
            remedy: RemedyDto,
            #[serde(default)]
            note: String,
        },
        /// Merchant: where this ticket's return goes, instead of the shop's return address.
        SetReturnAddress { address: String },
        /// Buyer: accept the proposed remedy.
        AcceptRemedy {},
        /// Buyer: decline the proposed remedy.
        DeclineRemedy {},
        /// Buyer: edit and resubmit the request.
        Edit {
            kind: TicketKindDto,
            reason: ReasonDto,
            amount: MoneyDto,
            #[serde(default)]
            items: Vec<TicketLineRequest>,
            #[serde(default)]
            description: String,
            #[serde(default)]
            evidence: Vec<EvidenceDto>,
        },
        /// Buyer: withdraw the request (撤销).
        Cancel {},
        /// Buyer: the return parcel's tracking number.
        ShipReturn { tracking: String },
        /// Buyer: ask the platform to step in (平台介入).
        Escalate {
            #[serde(default)]
            note: String,
            #[serde(default)]
            evidence: Vec<EvidenceDto>,
        },
        /// Buyer: withdraw the dispute; the ticket goes back to Rejected.
        CancelDispute {},
        /// Merchant: the return arrived and is accepted; the refund follows.
        ConfirmReturn {},
        /// Merchant: the replacement's tracking number.
        ShipReplacement { tracking: String },
        /// Buyer or merchant: evidence for the dispute.
        AddEvidence { evidence: EvidenceDto },
        /// Merchant: approve the refund during the dispute.
        SettleDispute {},
        /// Arbitrator: the verdict.
        GiveVerdict {
            responsibility: ResponsibilityDto,
            outcome: VerdictOutcomeDto,
            /// The reasoning, for both sides (free text).
            note: String,
        },
        /// Arbitrator or operator: re-check a dispute the merchant settled.
        Recheck { responsibility: ResponsibilityDto },
        /// Operator: ask for a failed refund again now.
        RetryRefund {},
    }
}

fn default_ground() -> RejectGroundDto {
    RejectGroundDto::Request
}

impl TicketActionRequest {
    pub fn to_domain(&self) -> Result<redress_domain::TicketAction, ApiError> {
        use redress_domain::TicketAction as A;
        Ok(match self {
            TicketActionRequest::Approve {} => A::Approve,
            TicketActionRequest::ApproveAfterRefusal {} => A::ApproveAfterRefusal,
            TicketActionRequest::Reject {
                ground,
                note,
                evidence,
            } => A::Reject {
                ground: (*ground).into(),
                reason: note.clone(),
                evidence: evidence_list(evidence),
            },
            TicketActionRequest::ProposeRemedy { remedy, note } => A::ProposeRemedy {
                remedy: match remedy {
                    RemedyDto::Exchange {} => Remedy::Exchange,
                    RemedyDto::Repair {} => Remedy::Repair,
                    RemedyDto::Reship {} => Remedy::Reship,
                    RemedyDto::PartialCompensation { amount } => Remedy::PartialCompensation {
                        amount: amount.to_domain("remedy.amount")?,
                    },
                },
                note: note.clone(),
            },
            TicketActionRequest::AcceptRemedy {} => A::AcceptRemedy,
            TicketActionRequest::DeclineRemedy {} => A::DeclineRemedy,
            TicketActionRequest::Edit {
                kind,
                reason,
                amount,
                items,
                description,
                evidence,
            } => A::Edit {
                kind: (*kind).into(),
                reason: (*reason).into(),
                amount: amount.to_domain("amount")?,
                items: ticket_lines("items", items)?,
                description: description.clone(),
                evidence: evidence_list(evidence),
            },
            TicketActionRequest::Cancel {} => A::Cancel,
            TicketActionRequest::SetReturnAddress { address } => A::SetReturnAddress {
                address: address.clone(),
            },
            TicketActionRequest::ShipReturn { tracking } => A::ShipReturn {
                tracking: tracking.clone(),
            },
            TicketActionRequest::Escalate { note, evidence } => A::Escalate {
                note: note.clone(),
                evidence: evidence_list(evidence),
            },
            TicketActionRequest::CancelDispute {} => A::CancelDispute,
            TicketActionRequest::ConfirmReturn {} => A::ConfirmReturn,
            TicketActionRequest::ShipReplacement { tracking } => A::ShipReplacement {
                tracking: tracking.clone(),
            },
            TicketActionRequest::AddEvidence { evidence } => A::AddEvidence {
                evidence: evidence.to_domain(),
            },
            TicketActionRequest::SettleDispute {} => A::SettleDispute,
            TicketActionRequest::GiveVerdict {
                responsibility,
                outcome,
                note,
            } => A::GiveVerdict {
                responsibility: (*responsibility).into(),
                outcome: match outcome {
                    VerdictOutcomeDto::FullRefund {} => VerdictOutcome::FullRefund,
                    VerdictOutcomeDto::PartialRefund { amount } => VerdictOutcome::PartialRefund {
                        amount: amount.to_domain("outcome.amount")?,
                    },
                    VerdictOutcomeDto::NoRefund {} => VerdictOutcome::NoRefund,
                },
                reasoning: note.clone(),
            },
            TicketActionRequest::Recheck { responsibility } => A::Recheck {
                responsibility: (*responsibility).into(),
            },
            TicketActionRequest::RetryRefund {} => A::RetryRefund,
        })
    }
}

tagged_request! {
    /// The payment system's answer to a refund redress asked for.
    pub enum RefundResultRequest (wire RefundResultWire, tag "type") {
        /// The money went out.
        Succeeded { payment_reference: String },
        /// It did not; redress retries with back-off and raises an alert (退款异常).
        Failed { note: String },
    }
}

/// Who did something.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct ActorDto {
    /// buyer, merchant, arbitrator, operator, integration or system.
    pub role: String,
    /// The buyer's or merchant's id, or the platform staff's key or staff account id; absent
    /// for feeds and the system.
    pub id: Option<String>,
    /// For a merchant's action taken by a named person of the shop (a staff account signed
    /// in to the console): the person's id (`stf_…`). Absent for the shop's API keys and for
    /// events from before staff accounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff_id: Option<String>,
}

impl From<&Actor> for ActorDto {
    fn from(actor: &Actor) -> Self {
        let id = match actor {
            Actor::Buyer(b) => Some(b.to_string()),
            Actor::Merchant(m) | Actor::MerchantStaff(m, _) => Some(m.to_string()),
            Actor::Arbitrator(s) | Actor::Operator(s) => Some(s.to_string()),
            Actor::Integration | Actor::System => None,
        };
        let staff_id = match actor {
            Actor::MerchantStaff(_, s) => Some(s.to_string()),
            _ => None,
        };
        ActorDto {
            role: actor.role().as_str().to_owned(),
            id,
            staff_id,
        }
    }
}

/// Proof that a command was committed.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ReceiptResponse {
    /// The stream the events went to, e.g. `order:O-1`.
    pub stream: String,
    /// The version of what the command addressed, after it: for a ticket's commands
    /// (opening it, acting on it, a refund result) the ticket's own version, which is its
    /// `ETag` and what `If-Match` takes; for other commands the stream's version.
    pub version: u64,
    /// The stream's version after the command (an order stream holds all its tickets).
    pub stream_version: u64,
    /// The events recorded, in order, e.g. `["opened", "approved"]`.
    pub events: Vec<String>,
    /// True when this answers a retry with the same `Idempotency-Key`: nothing new happened.
    pub replayed: bool,
}

impl From<redress_engine::Receipt> for ReceiptResponse {
    fn from(receipt: redress_engine::Receipt) -> Self {
        ReceiptResponse {
            stream: receipt.stream,
            // A receipt kept for an idempotency key by an earlier release has no ticket
            // version; the stream's is all it knows.
            version: receipt.ticket_version.unwrap_or(receipt.version),
            stream_version: receipt.version,
            events: receipt
                .events
                .iter()
                .map(|e| e.as_str().to_owned())
                .collect(),
            replayed: receipt.replayed,
        }
    }
}

/// Strategy conditions; empty lists mean "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionDto {
    #[serde(default)]
    pub kinds: Vec<TicketKindDto>,
    #[serde(default)]
    pub reasons: Vec<ReasonDto>,
    /// Requested amount at most this many minor units.
    #[serde(default)]
    pub amount_max_minor: Option<i64>,
    /// Every item of the ticket is in one of these categories.
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub trusted_buyer_only: bool,
    #[serde(default)]
    pub stages: Vec<FulfilmentStageDto>,
}

impl ConditionDto {
    pub fn to_domain(&self) -> redress_domain::merchant::Condition {
        redress_domain::merchant::Condition {
            kinds: self.kinds.iter().map(|k| (*k).into()).collect(),
            reasons: self.reasons.iter().map(|r| (*r).into()).collect(),
            amount_max_minor: self.amount_max_minor,
            categories: self.categories.clone(),
            trusted_buyer_only: self.trusted_buyer_only,
            stages: self.stages.iter().map(|s| (*s).into()).collect(),
        }
    }
}

impl From<&redress_domain::merchant::Condition> for ConditionDto {
    fn from(c: &redress_domain::merchant::Condition) -> Self {
        ConditionDto {
            kinds: c.kinds.iter().map(|k| (*k).into()).collect(),
            reasons: c.reasons.iter().map(|r| (*r).into()).collect(),
            amount_max_minor: c.amount_max_minor,
            categories: c.categories.clone(),
            trusted_buyer_only: c.trusted_buyer_only,
            stages: c.stages.iter().map(|s| (*s).into()).collect(),
        }
    }
}

/// Create a strategy, or a new version of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutStrategyRequest {
    /// 1 to 100 characters, not only spaces.
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: String,
    #[serde(default)]
    pub condition: ConditionDto,
    pub action: StrategyActionDto,
}

pub fn strategy_id(field: &str, raw: &str) -> Result<StrategyId, ApiError> {
    id(StrategyId::parse, field, raw)
}

mod orders;
pub use orders::*;
mod parcels;
pub use parcels::{ParcelDto, ParcelLineDto};

#[cfg(test)]
mod tests;
