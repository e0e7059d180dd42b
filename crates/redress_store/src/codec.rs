//! The stored form of events.
//!
//! The event log is append-only and the source of truth: a row written today must still decode
//! years from now, whatever the domain's Rust types have become by then. That is why the
//! domain derives no serde (STYLE #8) and this module owns one private DTO per payload,
//! converted explicitly both ways. The DTOs *are* the stored format: their field and variant
//! names are the JSON names, and enum values are stored under the domain's own stable names
//! (`as_str`, `name`), which it keeps for logs and storage alike. Renaming a Rust type, field
//! or variant in the domain changes nothing on disk; renaming a DTO field or a stable name
//! breaks the golden tests, which is the point.
//!
//! A stored change is a `kind`, a stable snake_case event name, and a `payload`, a JSON object
//! a person can read: money as `{"minor": 1999, "currency": "CNY"}`, times as RFC 3339, ids
//! and enum values as strings, durations as whole seconds plus the nanoseconds below a second.
//! Ticket events name their ticket in a `"ticket"` field beside their own fields.
//!
//! Decoding treats a row as untrusted input: it checks every id, amount, time and enum value
//! the way the domain's constructors do, names the event kind, the field and the reason in
//! its error, and never panics. Unknown fields are ignored, so rows from a newer writer stay
//! readable. A missing field is an error even where the value may be null, because a row that
//! lacks a field it was written with is corrupt; a field added later must therefore carry an
//! explicit `#[serde(default)]` for the rows written before it.

pub mod command;
mod penalty;

use redress_domain::buyer::{BuyerChange, TrustInputs};
use redress_domain::creator::CreatorChange;
use redress_domain::dispute::{Opener, Responsibility, VerdictOutcome};
use redress_domain::evidence::{Evidence, EvidenceKind, Side};
use redress_domain::merchant::{Condition, MerchantChange, Strategy, StrategyAction};
use redress_domain::policy_history::{PolicyChange, PolicyPut};
use redress_domain::shipping::ReturnShippingPayer;
use redress_domain::{
    Actor, Approval, BuyerId, Course, CreatorId, Currency, EventLine, FulfilmentStage, IdError,
    ItemFlags, ItemId, LineRequest, MerchantId, Money, NewOrder, Next, OrderChange, OrderId,
    OrderItem, ParcelId, ParcelUpdate, ProductId, Reason, RejectGround, Remedy, Rule,
    SignedDuration, Signer, StaffId, StrategyId, TicketChange, TicketId, TicketKind, Timestamp,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

#[cfg(test)]
pub(crate) mod tests;

/// A change as stored: its event kind and its JSON payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodedChange {
    /// A stable snake_case event name, such as `order_placed` or `refund_failed`.
    pub kind: &'static str,
    /// A JSON object.
    pub payload: String,
}

/// Why a stored value could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error(
        "actor {raw:?} is not one of buyer:ID, merchant:ID, arbitrator:ID, operator:ID, \
         integration, system"
    )]
    UnknownActor { raw: String },
    #[error("actor {raw:?}: the id {why}")]
    InvalidActorId { raw: String, why: String },
    #[error("timestamp {raw:?}: {why}")]
    InvalidTimestamp { raw: String, why: String },
    #[error("{aggregate} event kind {kind:?} is unknown")]
    UnknownKind {
        aggregate: &'static str,
        kind: String,
    },
    /// Not JSON, not an object, a field missing or of the wrong type.
    #[error("{kind} event: the payload does not have the stored shape: {source}")]
    MalformedPayload {
        kind: String,
        source: serde_json::Error,
    },
    /// Well-formed JSON holding a value the domain does not admit.
    #[error("{kind} event: field {field}: {why}")]
    InvalidField {
        kind: String,
        field: String,
        why: String,
    },
}

// ---------------------------------------------------------------------------------------------
// Actors and times: the columns beside the payload.

/// `buyer:ID`, `merchant:ID`, `merchant:ID/STAFF` (a named person of the shop),
/// `arbitrator:ID`, `operator:ID`, `integration` or `system`. Ids never hold a `/`.
pub fn encode_actor(actor: &Actor) -> String {
    match actor {
        Actor::Buyer(id) => format!("buyer:{id}"),
        Actor::Merchant(id) => format!("merchant:{id}"),
        Actor::MerchantStaff(id, staff) => format!("merchant:{id}/{staff}"),
        Actor::Arbitrator(id) => format!("arbitrator:{id}"),
        Actor::Operator(id) => format!("operator:{id}"),
        Actor::Integration => "integration".to_owned(),
        Actor::System => "system".to_owned(),
    }
}

pub fn decode_actor(raw: &str) -> Result<Actor, CodecError> {
    let invalid_id = |error: IdError| CodecError::InvalidActorId {
        raw: raw.to_owned(),
        why: error.to_string(),
    };
    // Ids may contain ':', so only the first one separates the role.
    match raw.split_once(':') {
        None if raw == "integration" => Ok(Actor::Integration),
        None if raw == "system" => Ok(Actor::System),
        Some(("buyer", id)) => BuyerId::parse_stored(id)
            .map(Actor::Buyer)
            .map_err(invalid_id),
        // Events from before staff accounts name the shop alone: no person.
        Some(("merchant", ids)) => match ids.split_once('/') {
            None => MerchantId::parse_stored(ids)
                .map(Actor::Merchant)
                .map_err(invalid_id),
            Some((id, staff)) => Ok(Actor::MerchantStaff(
                MerchantId::parse_stored(id).map_err(invalid_id)?,
                StaffId::parse_stored(staff).map_err(invalid_id)?,
            )),
        },
        Some(("arbitrator", id)) => StaffId::parse_stored(id)
            .map(Actor::Arbitrator)
            .map_err(invalid_id),
        Some(("operator", id)) => StaffId::parse_stored(id)
            .map(Actor::Operator)
            .map_err(invalid_id),
        _ => Err(CodecError::UnknownActor {
            raw: raw.to_owned(),
        }),
    }
}

/// RFC 3339 in UTC with as many fractional digits as the time has, so it reads back exactly.
pub fn encode_timestamp(at: Timestamp) -> String {
    at.to_string()
}

pub fn decode_timestamp(raw: &str) -> Result<Timestamp, CodecError> {
    parse_timestamp(raw).map_err(|why| CodecError::InvalidTimestamp {
        raw: raw.to_owned(),
        why,
    })
}

// ---------------------------------------------------------------------------------------------
// The order aggregate: the order itself, its parcel, and its tickets.

/// The kind is `OrderChange::name`: `order_placed`, `parcel_updated`, or the ticket change's
/// name (`opened`, `approved`, … `refund_retried`).
pub fn encode_order_change(change: &OrderChange) -> EncodedChange {
    let payload = match change {
        OrderChange::Placed(order) => to_json(&OrderPlacedDto::from(order)),
        OrderChange::ParcelUpdated { parcel, update } => to_json(&ParcelUpdatedDto {
            parcel: Some(parcel.to_string()),
            update: ParcelUpdateDto::from(update),
        }),
        OrderChange::Ticket { ticket, change } => encode_ticket_change(ticket, change),
    };
    EncodedChange {
        kind: change.name(),
        payload,
    }
}

/// Reads back what [`encode_order_change`] wrote, or any older row of the same kind.
pub fn decode_order_change(kind: &str, payload: &str) -> Result<OrderChange, CodecError> {
    match kind {
        "order_placed" => read(kind, payload, |dto: OrderPlacedDto| {
            dto.decode().map(OrderChange::Placed)
        }),
        "parcel_updated" => read(kind, payload, |dto: ParcelUpdatedDto| dto.decode()),
        _ => decode_ticket_change(kind, payload),
    }
}

#[derive(Serialize, Deserialize)]
struct OrderPlacedDto {
    id: String,
    merchant: String,
    buyer: String,
    items: Vec<OrderItemDto>,
    paid: MoneyDto,
    paid_at: String,
    /// The creator (达人) whose showcase sold the order; absent in orders stored before
    /// creators were measured, and in orders no creator sold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    creator: Option<String>,
    /// The shipping fee (issue 18); absent in orders stored before fees were recorded, and
    /// written only when above zero: absent reads as 0 in `paid`'s currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    shipping_fee: Option<MoneyDto>,
    /// Freight insurance (运费险, issue 18); absent in older orders and written only when
    /// bought: absent reads as not bought.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    freight_insurance: bool,
}

#[derive(Serialize, Deserialize)]
struct OrderItemDto {
    id: String,
    product: String,
    category: String,
    quantity: u32,
    amount: MoneyDto,
    flags: ItemFlagsDto,
}

#[derive(Serialize, Deserialize)]
struct ItemFlagsDto {
    seven_day_return: bool,
    custom: bool,
    virtual_goods: bool,
}

impl From<&NewOrder> for OrderPlacedDto {
    fn from(order: &NewOrder) -> Self {
        OrderPlacedDto {
            id: order.id.to_string(),
            merchant: order.merchant.to_string(),
            buyer: order.buyer.to_string(),
            items: order.items.iter().map(OrderItemDto::from).collect(),
            paid: order.paid.into(),
            paid_at: encode_timestamp(order.paid_at),
            creator: order.creator.as_ref().map(ToString::to_string),
            shipping_fee: (!order.shipping_fee.is_zero()).then(|| order.shipping_fee.into()),
            freight_insurance: order.freight_insurance,
        }
    }
}

impl OrderPlacedDto {
    fn decode(self) -> Result<NewOrder, Invalid> {
        let paid = self.paid.decode().within("paid")?;
        let shipping_fee = match self.shipping_fee {
            Some(fee) => fee.decode().within("shipping_fee")?,
            None => Money::zero(paid.currency()),
        };
        Ok(NewOrder {
            id: id("id", &self.id, OrderId::parse_stored)?,
            merchant: id("merchant", &self.merchant, MerchantId::parse_stored)?,
            buyer: id("buyer", &self.buyer, BuyerId::parse_stored)?,
            items: each("items", self.items, |field, item| {
                item.decode().within(field)
            })?,
            paid,
            paid_at: timestamp("paid_at", &self.paid_at)?,
            creator: self
                .creator
                .map(|c| id("creator", &c, CreatorId::parse_stored))
                .transpose()?,
            shipping_fee,
            freight_insurance: self.freight_insurance,
        })
    }
}

impl From<&OrderItem> for OrderItemDto {
    fn from(item: &OrderItem) -> Self {
        OrderItemDto {
            id: item.id.to_string(),
            product: item.product.to_string(),
            category: item.category.clone(),
            quantity: item.quantity,
            amount: item.amount.into(),
            flags: ItemFlagsDto {
                seven_day_return: item.flags.seven_day_return,
                custom: item.flags.custom,
                virtual_goods: item.flags.virtual_goods,
            },
        }
    }
}

impl OrderItemDto {
    fn decode(self) -> Result<OrderItem, Invalid> {
        Ok(OrderItem {
            id: id("id", &self.id, ItemId::parse_stored)?,
            product: id("product", &self.product, ProductId::parse_stored)?,
            category: self.category,
            quantity: self.quantity,
            amount: self.amount.decode().within("amount")?,
            flags: ItemFlags {
                seven_day_return: self.flags.seven_day_return,
                custom: self.flags.custom,
                virtual_goods: self.flags.virtual_goods,
            },
        })
    }
}

/// The `parcel_updated` payload: `{"parcel": "2", "type": "delivered", "signer": "proxy"}`.
/// Rows from before parcels had ids have no `parcel`: the order's one parcel,
/// [`ParcelId::first()`]; their `tracking_entered` has no `items`: every unit.
#[derive(Serialize, Deserialize)]
pub(crate) struct ParcelUpdatedDto {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) parcel: Option<String>,
    #[serde(flatten)]
    pub(crate) update: ParcelUpdateDto,
}

impl ParcelUpdatedDto {
    fn decode(self) -> Result<OrderChange, Invalid> {
        let parcel = match self.parcel {
            Some(raw) => id("parcel", &raw, ParcelId::parse_stored)?,
            None => ParcelId::first(),
        };
        Ok(OrderChange::ParcelUpdated {
            parcel,
            update: self.update.decode()?,
        })
    }
}

/// A parcel's line: `{"item": "i1", "quantity": 2}`.
#[derive(Serialize, Deserialize)]
pub(crate) struct ParcelLineDto {
    item: String,
    quantity: u32,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum ParcelUpdateDto {
    TrackingEntered {
        tracking: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        items: Vec<ParcelLineDto>,
    },
    InTransit,
    Delivered {
        signer: String,
    },
    Refused,
    ReturnedToSender,
    Intercepted,
}

impl From<&ParcelUpdate> for ParcelUpdateDto {
    fn from(update: &ParcelUpdate) -> Self {
        match update {
            ParcelUpdate::TrackingEntered { tracking, items } => {
                ParcelUpdateDto::TrackingEntered {
                    tracking: tracking.clone(),
                    items: items
                        .iter()
                        .map(|l| ParcelLineDto {
                            item: l.item.to_string(),
                            // `decide` records a new parcel's lines resolved; a command's
                            // `None` (every unshipped unit of the line) is written as 0.
                            quantity: l.quantity.unwrap_or(0),
                        })
                        .collect(),
                }
            }
            ParcelUpdate::InTransit => ParcelUpdateDto::InTransit,
            ParcelUpdate::Delivered { signer } => ParcelUpdateDto::Delivered {
                signer: signer_str(*signer).to_owned(),
            },
            ParcelUpdate::Refused => ParcelUpdateDto::Refused,
            ParcelUpdate::ReturnedToSender => ParcelUpdateDto::ReturnedToSender,
            ParcelUpdate::Intercepted => ParcelUpdateDto::Intercepted,
        }
    }
}

impl ParcelUpdateDto {
    fn decode(self) -> Result<ParcelUpdate, Invalid> {
        Ok(match self {
            ParcelUpdateDto::TrackingEntered { tracking, items } => ParcelUpdate::TrackingEntered {
                tracking,
                items: items
                    .into_iter()
                    .map(|l| {
                        let item = id("items.item", &l.item, ItemId::parse_stored)?;
                        Ok(LineRequest {
                            item,
                            quantity: (l.quantity > 0).then_some(l.quantity),
                        })
                    })
                    .collect::<Result<_, Invalid>>()?,
            },
            ParcelUpdateDto::InTransit => ParcelUpdate::InTransit,
            ParcelUpdateDto::Delivered { signer } => ParcelUpdate::Delivered {
                signer: one_of("signer", &signer, &SIGNERS, signer_str)?,
            },
            ParcelUpdateDto::Refused => ParcelUpdate::Refused,
            ParcelUpdateDto::ReturnedToSender => ParcelUpdate::ReturnedToSender,
            ParcelUpdateDto::Intercepted => ParcelUpdate::Intercepted,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Ticket events: part of the order stream, each payload naming its ticket.

/// A ticket payload: the ticket's id first, then the change's own fields at the same level.
#[derive(Serialize, Deserialize)]
struct OnTicket<T> {
    ticket: String,
    #[serde(flatten)]
    change: T,
}

fn encode_ticket_change(ticket: &TicketId, change: &TicketChange) -> String {
    match change {
        TicketChange::Opened {
            kind,
            reason,
            amount,
            items,
            description,
            evidence,
            opened_while_unshipped,
            due_at,
            shipping_fee,
            return_shipping,
        } => ticket_payload(
            ticket,
            OpenedDto {
                shipping: ShippingDto::new(*shipping_fee, *return_shipping),
                kind: kind.as_str().to_owned(),
                reason: reason.as_str().to_owned(),
                amount: (*amount).into(),
                items: items.iter().map(EventLineDto::from).collect(),
                description: description.clone(),
                evidence: evidence.iter().map(EvidenceDto::from).collect(),
                opened_while_unshipped: *opened_while_unshipped,
                due_at: encode_timestamp(*due_at),
            },
        ),
        TicketChange::Approved { approval, next }
        | TicketChange::ReturnAccepted { approval, next } => ticket_payload(
            ticket,
            ApprovedDto {
                approval: approval.into(),
                next: next.into(),
            },
        ),
        TicketChange::ApprovedAfterRefusal { due_at }
        | TicketChange::RefusalFailed { due_at }
        | TicketChange::ReturnSigned { due_at }
        | TicketChange::DisputeCancelled { due_at } => ticket_payload(
            ticket,
            DueAtDto {
                due_at: encode_timestamp(*due_at),
            },
        ),
        TicketChange::RefusalConfirmed { amount } | TicketChange::DisputeSettled { amount } => {
            ticket_payload(
                ticket,
                AmountDto {
                    amount: (*amount).into(),
                },
            )
        }
        TicketChange::Rejected {
            ground,
            reason,
            evidence,
            not_received_after_signature,
            due_at,
        } => ticket_payload(
            ticket,
            RejectedDto {
                ground: ground.as_str().to_owned(),
                reason: reason.clone(),
                evidence: evidence.iter().map(EvidenceDto::from).collect(),
                not_received_after_signature: *not_received_after_signature,
                due_at: encode_timestamp(*due_at),
            },
        ),
        TicketChange::RemedyProposed { remedy, note } => ticket_payload(
            ticket,
            RemedyProposedDto {
                remedy: remedy.into(),
                note: note.clone(),
            },
        ),
        TicketChange::RemedyAccepted { course, next } => ticket_payload(
            ticket,
            RemedyAcceptedDto {
                course: course.as_str().to_owned(),
                next: next.into(),
            },
        ),
        TicketChange::Edited {
            kind,
            reason,
            amount,
            items,
            description,
            evidence,
            due_at,
            shipping_fee,
            return_shipping,
        } => ticket_payload(
            ticket,
            EditedDto {
                shipping: ShippingDto::new(*shipping_fee, *return_shipping),
                kind: kind.as_str().to_owned(),
                reason: reason.as_str().to_owned(),
                amount: (*amount).into(),
                items: items.iter().map(EventLineDto::from).collect(),
                description: description.clone(),
                evidence: evidence.iter().map(EvidenceDto::from).collect(),
                due_at: encode_timestamp(*due_at),
            },
        ),
        TicketChange::ReturnShipped { tracking, due_at }
        | TicketChange::ReplacementShipped { tracking, due_at } => ticket_payload(
            ticket,
            ShippedDto {
                tracking: tracking.clone(),
                due_at: encode_timestamp(*due_at),
            },
        ),
        TicketChange::DisputeOpened {
            opener,
            first,
            note,
            evidence,
            time_left,
            due_at,
        } => ticket_payload(
            ticket,
            DisputeOpenedDto {
                opener: opener.as_str().to_owned(),
                first: *first,
                note: note.clone(),
                evidence: evidence.iter().map(EvidenceDto::from).collect(),
                time_left_seconds: time_left.map(|left| left.as_secs()),
                time_left_subsec_nanos: time_left.map(|left| left.subsec_nanos()),
                due_at: encode_timestamp(*due_at),
            },
        ),
        TicketChange::EvidenceAdded { side, evidence } => ticket_payload(
            ticket,
            EvidenceAddedDto {
                side: side.as_str().to_owned(),
                evidence: evidence.into(),
            },
        ),
        TicketChange::VerdictGiven {
            responsibility,
            outcome,
            reasoning,
            refund,
            early,
        } => ticket_payload(
            ticket,
            VerdictGivenDto {
                responsibility: responsibility.as_str().to_owned(),
                outcome: outcome.into(),
                reasoning: reasoning.clone(),
                refund: refund.map(MoneyDto::from),
                early: *early,
            },
        ),
        TicketChange::Rechecked { responsibility } => ticket_payload(
            ticket,
            RecheckedDto {
                responsibility: responsibility.as_str().to_owned(),
            },
        ),
        TicketChange::RefundSucceeded {
            amount,
            payment_reference,
        } => ticket_payload(
            ticket,
            RefundSucceededDto {
                amount: (*amount).into(),
                payment_reference: payment_reference.clone(),
            },
        ),
        TicketChange::RefundFailed {
            reason,
            attempt,
            retry_at,
        } => ticket_payload(
            ticket,
            RefundFailedDto {
                reason: reason.clone(),
                attempt: *attempt,
                retry_at: retry_at.map(encode_timestamp),
            },
        ),
        TicketChange::RefundRetried { attempt } => {
            ticket_payload(ticket, RefundRetriedDto { attempt: *attempt })
        }
        TicketChange::PolicyApplied { version } => {
            ticket_payload(ticket, PolicyAppliedDto { version: *version })
        }
        TicketChange::MessagePosted { text } => {
            ticket_payload(ticket, MessagePostedDto { text: text.clone() })
        }
        TicketChange::ReturnAddressSet { address } => ticket_payload(
            ticket,
            ReturnAddressDto {
                address: address.clone(),
            },
        ),
        TicketChange::RemedyDeclined
        | TicketChange::Cancelled
        | TicketChange::ReturnInTransit
        | TicketChange::ReturnWindowLapsed
        | TicketChange::ReplacementDelivered
        | TicketChange::ShippedWhilePending
        | TicketChange::EvidenceWindowClosed
        | TicketChange::EscalationLapsed => ticket_payload(ticket, NoFields {}),
    }
}

fn ticket_payload<Dto: Serialize>(ticket: &TicketId, change: Dto) -> String {
    to_json(&OnTicket {
        ticket: ticket.to_string(),
        change,
    })
}

fn decode_ticket_change(kind: &str, payload: &str) -> Result<OrderChange, CodecError> {
    fn on_ticket<T: DeserializeOwned>(
        kind: &str,
        payload: &str,
        decode: impl FnOnce(T) -> Result<TicketChange, Invalid>,
    ) -> Result<OrderChange, CodecError> {
        read(kind, payload, |dto: OnTicket<T>| {
            Ok(OrderChange::Ticket {
                ticket: id("ticket", &dto.ticket, TicketId::parse_stored)?,
                change: decode(dto.change)?,
            })
        })
    }
    use TicketChange as C;
    match kind {
        "opened" => on_ticket(kind, payload, OpenedDto::decode),
        "approved" => on_ticket(kind, payload, |dto: ApprovedDto| {
            let (approval, next) = dto.decode()?;
            Ok(C::Approved { approval, next })
        }),
        "approved_after_refusal" => on_ticket(kind, payload, |dto: DueAtDto| {
            Ok(C::ApprovedAfterRefusal {
                due_at: dto.decode()?,
            })
        }),
        "refusal_confirmed" => on_ticket(kind, payload, |dto: AmountDto| {
            Ok(C::RefusalConfirmed {
                amount: dto.decode()?,
            })
        }),
        "refusal_failed" => on_ticket(kind, payload, |dto: DueAtDto| {
            Ok(C::RefusalFailed {
                due_at: dto.decode()?,
            })
        }),
        "rejected" => on_ticket(kind, payload, RejectedDto::decode),
        "remedy_proposed" => on_ticket(kind, payload, RemedyProposedDto::decode),
        "remedy_accepted" => on_ticket(kind, payload, RemedyAcceptedDto::decode),
        "remedy_declined" => on_ticket(kind, payload, |NoFields {}| Ok(C::RemedyDeclined)),
        "edited" => on_ticket(kind, payload, EditedDto::decode),
        "cancelled" => on_ticket(kind, payload, |NoFields {}| Ok(C::Cancelled)),
        "return_shipped" => on_ticket(kind, payload, |dto: ShippedDto| {
            let (tracking, due_at) = dto.decode()?;
            Ok(C::ReturnShipped { tracking, due_at })
        }),
        "return_in_transit" => on_ticket(kind, payload, |NoFields {}| Ok(C::ReturnInTransit)),
        "return_signed" => on_ticket(kind, payload, |dto: DueAtDto| {
            Ok(C::ReturnSigned {
                due_at: dto.decode()?,
            })
        }),
        "return_accepted" => on_ticket(kind, payload, |dto: ApprovedDto| {
            let (approval, next) = dto.decode()?;
            Ok(C::ReturnAccepted { approval, next })
        }),
        "return_window_lapsed" => on_ticket(kind, payload, |NoFields {}| Ok(C::ReturnWindowLapsed)),
        "replacement_shipped" => on_ticket(kind, payload, |dto: ShippedDto| {
            let (tracking, due_at) = dto.decode()?;
            Ok(C::ReplacementShipped { tracking, due_at })
        }),
        "replacement_delivered" => {
            on_ticket(kind, payload, |NoFields {}| Ok(C::ReplacementDelivered))
        }
        "shipped_while_pending" => {
            on_ticket(kind, payload, |NoFields {}| Ok(C::ShippedWhilePending))
        }
        "dispute_opened" => on_ticket(kind, payload, DisputeOpenedDto::decode),
        "message_posted" => on_ticket(kind, payload, |dto: MessagePostedDto| {
            Ok(C::MessagePosted { text: dto.text })
        }),
        "return_address_set" => on_ticket(kind, payload, |dto: ReturnAddressDto| {
            Ok(C::ReturnAddressSet {
                address: dto.address,
            })
        }),
        "evidence_added" => on_ticket(kind, payload, EvidenceAddedDto::decode),
        "evidence_window_closed" => {
            on_ticket(kind, payload, |NoFields {}| Ok(C::EvidenceWindowClosed))
        }
        "dispute_settled" => on_ticket(kind, payload, |dto: AmountDto| {
            Ok(C::DisputeSettled {
                amount: dto.decode()?,
            })
        }),
        "dispute_cancelled" => on_ticket(kind, payload, |dto: DueAtDto| {
            Ok(C::DisputeCancelled {
                due_at: dto.decode()?,
            })
        }),
        "verdict_given" => on_ticket(kind, payload, VerdictGivenDto::decode),
        "rechecked" => on_ticket(kind, payload, |dto: RecheckedDto| {
            Ok(C::Rechecked {
                responsibility: responsibility("responsibility", &dto.responsibility)?,
            })
        }),
        "escalation_lapsed" => on_ticket(kind, payload, |NoFields {}| Ok(C::EscalationLapsed)),
        "refund_succeeded" => on_ticket(kind, payload, |dto: RefundSucceededDto| {
            Ok(C::RefundSucceeded {
                amount: dto.amount.decode().within("amount")?,
                payment_reference: dto.payment_reference,
            })
        }),
        "refund_failed" => on_ticket(kind, payload, |dto: RefundFailedDto| {
            Ok(C::RefundFailed {
                reason: dto.reason,
                attempt: dto.attempt,
                retry_at: dto
                    .retry_at
                    .map(|at| timestamp("retry_at", &at))
                    .transpose()?,
            })
        }),
        "refund_retried" => on_ticket(kind, payload, |dto: RefundRetriedDto| {
            Ok(C::RefundRetried {
                attempt: dto.attempt,
            })
        }),
        "policy_applied" => on_ticket(kind, payload, |dto: PolicyAppliedDto| {
            Ok(C::PolicyApplied {
                version: dto.version,
            })
        }),
        _ => Err(CodecError::UnknownKind {
            aggregate: "order",
            kind: kind.to_owned(),
        }),
    }
}

/// The payload of a change that carries nothing but its ticket.
#[derive(Serialize, Deserialize)]
struct NoFields {}

#[derive(Serialize, Deserialize)]
struct DueAtDto {
    due_at: String,
}

impl DueAtDto {
    fn decode(self) -> Result<Timestamp, Invalid> {
        timestamp("due_at", &self.due_at)
    }
}

#[derive(Serialize, Deserialize)]
struct AmountDto {
    amount: MoneyDto,
}

impl AmountDto {
    fn decode(self) -> Result<Money, Invalid> {
        self.amount.decode().within("amount")
    }
}

/// A line a ticket event names. Since issue 18: `{"item", "quantity", "amount"}`, the units
/// and the line's share of the ticket's amount. Before: the item's id alone, a string, which
/// decodes with no quantity and no share (`EventLine::legacy`): the whole line, its share
/// computed on replay.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum EventLineDto {
    Legacy(String),
    Line {
        item: String,
        quantity: u32,
        amount: MoneyDto,
    },
}

impl From<&EventLine> for EventLineDto {
    fn from(line: &EventLine) -> Self {
        match (line.quantity, line.amount) {
            (Some(quantity), Some(amount)) => EventLineDto::Line {
                item: line.item.to_string(),
                quantity,
                amount: amount.into(),
            },
            // Read from an old event and written again (a backup's copy): as it was.
            _ => EventLineDto::Legacy(line.item.to_string()),
        }
    }
}

impl EventLineDto {
    fn decode(field: &str, self_: EventLineDto) -> Result<EventLine, Invalid> {
        match self_ {
            EventLineDto::Legacy(raw) => {
                Ok(EventLine::legacy(id(field, &raw, ItemId::parse_stored)?))
            }
            EventLineDto::Line {
                item,
                quantity,
                amount,
            } => {
                if quantity == 0 {
                    return Err(Invalid::new(
                        &format!("{field}.quantity"),
                        "0 is not a quantity".to_owned(),
                    ));
                }
                Ok(EventLine {
                    item: id(&format!("{field}.item"), &item, ItemId::parse_stored)?,
                    quantity: Some(quantity),
                    amount: Some(amount.decode().within(&format!("{field}.amount"))?),
                })
            }
        }
    }
}

#[derive(Serialize, Deserialize)]
struct OpenedDto {
    kind: String,
    reason: String,
    amount: MoneyDto,
    items: Vec<EventLineDto>,
    description: String,
    evidence: Vec<EvidenceDto>,
    opened_while_unshipped: bool,
    due_at: String,
    #[serde(flatten)]
    shipping: ShippingDto,
}

/// A request's shipping money (issue 18), in `opened` and `edited`: written only when there
/// is some, so a request without reads as before; rows stored before issue 18 have neither
/// field and read as no fee and no payer recorded.
#[derive(Serialize, Deserialize)]
struct ShippingDto {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    shipping_fee: Option<MoneyDto>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    return_shipping: Option<String>,
}

impl ShippingDto {
    fn new(fee: Money, payer: Option<ReturnShippingPayer>) -> Self {
        ShippingDto {
            shipping_fee: (!fee.is_zero()).then(|| fee.into()),
            return_shipping: payer.map(|p| p.as_str().to_owned()),
        }
    }

    fn decode(self, amount: Money) -> Result<(Money, Option<ReturnShippingPayer>), Invalid> {
        let fee = match self.shipping_fee {
            Some(fee) => fee.decode().within("shipping_fee")?,
            None => Money::zero(amount.currency()),
        };
        let payer = self
            .return_shipping
            .map(|raw| {
                one_of(
                    "return_shipping",
                    &raw,
                    &ReturnShippingPayer::ALL,
                    ReturnShippingPayer::as_str,
                )
            })
            .transpose()?;
        Ok((fee, payer))
    }
}

impl OpenedDto {
    fn decode(self) -> Result<TicketChange, Invalid> {
        let amount = self.amount.decode().within("amount")?;
        let (shipping_fee, return_shipping) = self.shipping.decode(amount)?;
        Ok(TicketChange::Opened {
            kind: ticket_kind("kind", &self.kind)?,
            reason: reason("reason", &self.reason)?,
            amount,
            items: each("items", self.items, EventLineDto::decode)?,
            description: self.description,
            evidence: evidence_list("evidence", self.evidence)?,
            opened_while_unshipped: self.opened_while_unshipped,
            due_at: timestamp("due_at", &self.due_at)?,
            shipping_fee,
            return_shipping,
        })
    }
}

/// `approved` and `return_accepted`: how the approval came about and where it leads.
#[derive(Serialize, Deserialize)]
struct ApprovedDto {
    approval: ApprovalDto,
    next: NextDto,
}

impl ApprovedDto {
    fn decode(self) -> Result<(Approval, Next), Invalid> {
        Ok((
            self.approval.decode().within("approval")?,
            self.next.decode().within("next")?,
        ))
    }
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ApprovalDto {
    Merchant,
    Overdue,
    Automatic {
        rule: RuleDto,
        #[serde(deserialize_with = "nullable")]
        note: Option<String>,
        action: String,
    },
}

impl From<&Approval> for ApprovalDto {
    fn from(approval: &Approval) -> Self {
        match approval {
            Approval::Merchant => ApprovalDto::Merchant,
            Approval::Overdue => ApprovalDto::Overdue,
            Approval::Automatic { rule, note, action } => ApprovalDto::Automatic {
                rule: rule.into(),
                note: note.clone(),
                action: action.as_str().to_owned(),
            },
        }
    }
}

impl ApprovalDto {
    fn decode(self) -> Result<Approval, Invalid> {
        Ok(match self {
            ApprovalDto::Merchant => Approval::Merchant,
            ApprovalDto::Overdue => Approval::Overdue,
            ApprovalDto::Automatic { rule, note, action } => Approval::Automatic {
                rule: rule.decode().within("rule")?,
                note,
                action: one_of("action", &action, &STRATEGY_ACTIONS, StrategyAction::as_str)?,
            },
        })
    }
}

/// The automatic rule, tagged with the domain's `Rule::code`.
#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum RuleDto {
    RefundHandlingClosed,
    PlatformFastRefund,
    MerchantFastRefund,
    PlatformSettlesReturnShipping,
    MerchantStrategy {
        id: String,
        version: u32,
        name: String,
    },
}

impl From<&Rule> for RuleDto {
    fn from(rule: &Rule) -> Self {
        match rule {
            Rule::RefundHandlingClosed => RuleDto::RefundHandlingClosed,
            Rule::PlatformFastRefund => RuleDto::PlatformFastRefund,
            Rule::MerchantFastRefund => RuleDto::MerchantFastRefund,
            Rule::PlatformSettlesReturnShipping => RuleDto::PlatformSettlesReturnShipping,
            Rule::Strategy { id, version, name } => RuleDto::MerchantStrategy {
                id: id.to_string(),
                version: *version,
                name: name.clone(),
            },
        }
    }
}

impl RuleDto {
    fn decode(self) -> Result<Rule, Invalid> {
        Ok(match self {
            RuleDto::RefundHandlingClosed => Rule::RefundHandlingClosed,
            RuleDto::PlatformFastRefund => Rule::PlatformFastRefund,
            RuleDto::MerchantFastRefund => Rule::MerchantFastRefund,
            RuleDto::PlatformSettlesReturnShipping => Rule::PlatformSettlesReturnShipping,
            RuleDto::MerchantStrategy {
                id: raw,
                version,
                name,
            } => Rule::Strategy {
                id: id("id", &raw, StrategyId::parse_stored)?,
                version,
                name,
            },
        })
    }
}

/// Where an approval leads, tagged with the name of the state it leads to.
#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum NextDto {
    Refunding { amount: MoneyDto },
    AwaitingReturn { due_at: String },
    AwaitingMerchantShipment { due_at: String },
}

impl From<&Next> for NextDto {
    fn from(next: &Next) -> Self {
        match next {
            Next::Refunding { amount } => NextDto::Refunding {
                amount: (*amount).into(),
            },
            Next::AwaitingReturn { due_at } => NextDto::AwaitingReturn {
                due_at: encode_timestamp(*due_at),
            },
            Next::AwaitingMerchantShipment { due_at } => NextDto::AwaitingMerchantShipment {
                due_at: encode_timestamp(*due_at),
            },
        }
    }
}

impl NextDto {
    fn decode(self) -> Result<Next, Invalid> {
        Ok(match self {
            NextDto::Refunding { amount } => Next::Refunding {
                amount: amount.decode().within("amount")?,
            },
            NextDto::AwaitingReturn { due_at } => Next::AwaitingReturn {
                due_at: timestamp("due_at", &due_at)?,
            },
            NextDto::AwaitingMerchantShipment { due_at } => Next::AwaitingMerchantShipment {
                due_at: timestamp("due_at", &due_at)?,
            },
        })
    }
}

#[derive(Serialize, Deserialize)]
struct RejectedDto {
    ground: String,
    reason: String,
    evidence: Vec<EvidenceDto>,
    not_received_after_signature: bool,
    due_at: String,
}

impl RejectedDto {
    fn decode(self) -> Result<TicketChange, Invalid> {
        Ok(TicketChange::Rejected {
            ground: one_of(
                "ground",
                &self.ground,
                &REJECT_GROUNDS,
                RejectGround::as_str,
            )?,
            reason: self.reason,
            evidence: evidence_list("evidence", self.evidence)?,
            not_received_after_signature: self.not_received_after_signature,
            due_at: timestamp("due_at", &self.due_at)?,
        })
    }
}

/// `message_posted`: the author is the event's actor.
#[derive(Serialize, Deserialize)]
struct MessagePostedDto {
    text: String,
}

/// A ticket's `return_address_set`.
#[derive(Serialize, Deserialize)]
struct ReturnAddressDto {
    address: String,
}

/// A shop's `return_address_set`: null removes it.
#[derive(Serialize, Deserialize)]
struct ShopReturnAddressDto {
    address: Option<String>,
}

/// A shop's `shop_named`: its display name.
#[derive(Serialize, Deserialize)]
struct ShopNamedDto {
    name: String,
}

#[derive(Serialize, Deserialize)]
struct RemedyProposedDto {
    remedy: RemedyDto,
    note: String,
}

impl RemedyProposedDto {
    fn decode(self) -> Result<TicketChange, Invalid> {
        Ok(TicketChange::RemedyProposed {
            remedy: self.remedy.decode().within("remedy")?,
            note: self.note,
        })
    }
}

/// A remedy, tagged with the domain's `Remedy::as_str`.
#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum RemedyDto {
    Exchange,
    Repair,
    Reship,
    PartialCompensation { amount: MoneyDto },
}

impl From<&Remedy> for RemedyDto {
    fn from(remedy: &Remedy) -> Self {
        match remedy {
            Remedy::Exchange => RemedyDto::Exchange,
            Remedy::Repair => RemedyDto::Repair,
            Remedy::Reship => RemedyDto::Reship,
            Remedy::PartialCompensation { amount } => RemedyDto::PartialCompensation {
                amount: (*amount).into(),
            },
        }
    }
}

impl RemedyDto {
    fn decode(self) -> Result<Remedy, Invalid> {
        Ok(match self {
            RemedyDto::Exchange => Remedy::Exchange,
            RemedyDto::Repair => Remedy::Repair,
            RemedyDto::Reship => Remedy::Reship,
            RemedyDto::PartialCompensation { amount } => Remedy::PartialCompensation {
                amount: amount.decode().within("amount")?,
            },
        })
    }
}

#[derive(Serialize, Deserialize)]
struct RemedyAcceptedDto {
    course: String,
    next: NextDto,
}

impl RemedyAcceptedDto {
    fn decode(self) -> Result<TicketChange, Invalid> {
        Ok(TicketChange::RemedyAccepted {
            course: one_of("course", &self.course, &COURSES, Course::as_str)?,
            next: self.next.decode().within("next")?,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct EditedDto {
    kind: String,
    reason: String,
    amount: MoneyDto,
    items: Vec<EventLineDto>,
    description: String,
    evidence: Vec<EvidenceDto>,
    due_at: String,
    #[serde(flatten)]
    shipping: ShippingDto,
}

impl EditedDto {
    fn decode(self) -> Result<TicketChange, Invalid> {
        let amount = self.amount.decode().within("amount")?;
        let (shipping_fee, return_shipping) = self.shipping.decode(amount)?;
        Ok(TicketChange::Edited {
            kind: ticket_kind("kind", &self.kind)?,
            reason: reason("reason", &self.reason)?,
            amount,
            items: each("items", self.items, EventLineDto::decode)?,
            description: self.description,
            evidence: evidence_list("evidence", self.evidence)?,
            due_at: timestamp("due_at", &self.due_at)?,
            shipping_fee,
            return_shipping,
        })
    }
}

/// `return_shipped` and `replacement_shipped`.
#[derive(Serialize, Deserialize)]
struct ShippedDto {
    tracking: String,
    due_at: String,
}

impl ShippedDto {
    fn decode(self) -> Result<(String, Timestamp), Invalid> {
        Ok((self.tracking, timestamp("due_at", &self.due_at)?))
    }
}

#[derive(Serialize, Deserialize)]
struct DisputeOpenedDto {
    opener: String,
    first: bool,
    note: String,
    evidence: Vec<EvidenceDto>,
    /// Both null, or the escalation window left, split as `SignedDuration` splits it: whole
    /// seconds, and the nanoseconds below a second with the same sign. Whole seconds alone
    /// would lose the sub-second part `now` carries, and replay must be exact.
    #[serde(deserialize_with = "nullable")]
    time_left_seconds: Option<i64>,
    #[serde(deserialize_with = "nullable")]
    time_left_subsec_nanos: Option<i32>,
    due_at: String,
}

impl DisputeOpenedDto {
    fn decode(self) -> Result<TicketChange, Invalid> {
        Ok(TicketChange::DisputeOpened {
            opener: one_of("opener", &self.opener, &OPENERS, Opener::as_str)?,
            first: self.first,
            note: self.note,
            evidence: evidence_list("evidence", self.evidence)?,
            time_left: time_left(self.time_left_seconds, self.time_left_subsec_nanos)?,
            due_at: timestamp("due_at", &self.due_at)?,
        })
    }
}

fn time_left(
    seconds: Option<i64>,
    subsec_nanos: Option<i32>,
) -> Result<Option<SignedDuration>, Invalid> {
    const NANOS_PER_SECOND: u32 = 1_000_000_000;
    match (seconds, subsec_nanos) {
        (None, None) => Ok(None),
        (Some(seconds), Some(nanos)) => {
            let signs_agree =
                seconds == 0 || nanos == 0 || seconds.signum() == i64::from(nanos.signum());
            if nanos.unsigned_abs() >= NANOS_PER_SECOND || !signs_agree {
                return Err(Invalid::new(
                    "time_left_subsec_nanos",
                    format!(
                        "{nanos} must be below one second and have the sign of \
                         time_left_seconds ({seconds})"
                    ),
                ));
            }
            // In range and of one sign, so `new` neither carries nor rebalances: the stored
            // pair is exactly the duration's own.
            Ok(Some(SignedDuration::new(seconds, nanos)))
        }
        (Some(_), None) => Err(Invalid::new(
            "time_left_subsec_nanos",
            "is null while time_left_seconds is not".to_owned(),
        )),
        (None, Some(_)) => Err(Invalid::new(
            "time_left_seconds",
            "is null while time_left_subsec_nanos is not".to_owned(),
        )),
    }
}

#[derive(Serialize, Deserialize)]
struct EvidenceAddedDto {
    side: String,
    evidence: EvidenceDto,
}

impl EvidenceAddedDto {
    fn decode(self) -> Result<TicketChange, Invalid> {
        Ok(TicketChange::EvidenceAdded {
            side: one_of("side", &self.side, &SIDES, Side::as_str)?,
            evidence: self.evidence.decode().within("evidence")?,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct VerdictGivenDto {
    responsibility: String,
    outcome: VerdictOutcomeDto,
    reasoning: String,
    #[serde(deserialize_with = "nullable")]
    refund: Option<MoneyDto>,
    /// Written only when true, so a verdict in the window's time reads back byte for byte
    /// as stored before the field existed; absent reads as false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    early: bool,
}

impl VerdictGivenDto {
    fn decode(self) -> Result<TicketChange, Invalid> {
        Ok(TicketChange::VerdictGiven {
            responsibility: responsibility("responsibility", &self.responsibility)?,
            outcome: self.outcome.decode().within("outcome")?,
            reasoning: self.reasoning,
            refund: self
                .refund
                .map(|refund| refund.decode().within("refund"))
                .transpose()?,
            early: self.early,
        })
    }
}

/// A verdict's outcome, tagged with the domain's `VerdictOutcome::as_str`.
#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
// The variant names are the stored tags, `full_refund` and the like; "Refund" is part of them.
#[allow(clippy::enum_variant_names)]
enum VerdictOutcomeDto {
    FullRefund,
    PartialRefund { amount: MoneyDto },
    NoRefund,
}

impl From<&VerdictOutcome> for VerdictOutcomeDto {
    fn from(outcome: &VerdictOutcome) -> Self {
        match outcome {
            VerdictOutcome::FullRefund => VerdictOutcomeDto::FullRefund,
            VerdictOutcome::PartialRefund { amount } => VerdictOutcomeDto::PartialRefund {
                amount: (*amount).into(),
            },
            VerdictOutcome::NoRefund => VerdictOutcomeDto::NoRefund,
        }
    }
}

impl VerdictOutcomeDto {
    fn decode(self) -> Result<VerdictOutcome, Invalid> {
        Ok(match self {
            VerdictOutcomeDto::FullRefund => VerdictOutcome::FullRefund,
            VerdictOutcomeDto::PartialRefund { amount } => VerdictOutcome::PartialRefund {
                amount: amount.decode().within("amount")?,
            },
            VerdictOutcomeDto::NoRefund => VerdictOutcome::NoRefund,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct RecheckedDto {
    responsibility: String,
}

#[derive(Serialize, Deserialize)]
struct RefundSucceededDto {
    amount: MoneyDto,
    payment_reference: String,
}

#[derive(Serialize, Deserialize)]
struct RefundFailedDto {
    reason: String,
    attempt: u32,
    #[serde(deserialize_with = "nullable")]
    retry_at: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct RefundRetriedDto {
    attempt: u32,
}

#[derive(Serialize, Deserialize)]
struct PolicyAppliedDto {
    version: u64,
}

// ---------------------------------------------------------------------------------------------
// The merchant aggregate: a shop's after-sales settings.

/// Kinds: `fast_refund_set`, `shop_return_address_set`, `shop_named`, `strategy_put`,
/// `strategy_disabled`,
/// `refund_handling_closed`,
/// `refund_handling_restored`, `platform_fast_refund_exclusion_set`, `penalised`,
/// `penalty_appealed`, `penalty_revoked`.
pub fn encode_merchant_change(change: &MerchantChange) -> EncodedChange {
    // The domain names no merchant events, so their stored names live here.
    let (kind, payload) = match change {
        MerchantChange::FastRefundSet { opted_in } => (
            "fast_refund_set",
            to_json(&FastRefundSetDto {
                opted_in: *opted_in,
            }),
        ),
        MerchantChange::ReturnAddressSet { address } => (
            "shop_return_address_set",
            to_json(&ShopReturnAddressDto {
                address: address.clone(),
            }),
        ),
        MerchantChange::Named { name } => {
            ("shop_named", to_json(&ShopNamedDto { name: name.clone() }))
        }
        MerchantChange::StrategyPut(strategy) => {
            ("strategy_put", to_json(&StrategyDto::from(strategy)))
        }
        MerchantChange::StrategyDisabled { id, version } => (
            "strategy_disabled",
            to_json(&StrategyDisabledDto {
                id: id.to_string(),
                version: *version,
            }),
        ),
        MerchantChange::RefundHandlingClosed { reason } => (
            "refund_handling_closed",
            to_json(&RefundHandlingClosedDto {
                reason: reason.clone(),
            }),
        ),
        MerchantChange::RefundHandlingRestored => {
            ("refund_handling_restored", to_json(&NoFields {}))
        }
        MerchantChange::PlatformFastRefundExclusionSet { excluded } => (
            "platform_fast_refund_exclusion_set",
            to_json(&PlatformFastRefundExclusionSetDto {
                excluded: *excluded,
            }),
        ),
        MerchantChange::Penalised(penalty) => {
            ("penalised", to_json(&penalty::PenaltyDto::from(penalty)))
        }
        MerchantChange::PenaltyAppealed { id, statement } => (
            "penalty_appealed",
            to_json(&penalty::PenaltyTextDto {
                id: id.to_string(),
                text: statement.clone(),
            }),
        ),
        MerchantChange::PenaltyRevoked { id, reason } => (
            "penalty_revoked",
            to_json(&penalty::PenaltyTextDto {
                id: id.to_string(),
                text: reason.clone(),
            }),
        ),
    };
    EncodedChange { kind, payload }
}

pub fn decode_merchant_change(kind: &str, payload: &str) -> Result<MerchantChange, CodecError> {
    match kind {
        "fast_refund_set" => read(kind, payload, |dto: FastRefundSetDto| {
            Ok(MerchantChange::FastRefundSet {
                opted_in: dto.opted_in,
            })
        }),
        "shop_return_address_set" => read(kind, payload, |dto: ShopReturnAddressDto| {
            Ok(MerchantChange::ReturnAddressSet {
                address: dto.address,
            })
        }),
        "shop_named" => read(kind, payload, |dto: ShopNamedDto| {
            Ok(MerchantChange::Named { name: dto.name })
        }),
        "strategy_put" => read(kind, payload, |dto: StrategyDto| {
            dto.decode().map(MerchantChange::StrategyPut)
        }),
        "strategy_disabled" => read(kind, payload, |dto: StrategyDisabledDto| {
            Ok(MerchantChange::StrategyDisabled {
                id: id("id", &dto.id, StrategyId::parse_stored)?,
                version: dto.version,
            })
        }),
        "refund_handling_closed" => read(kind, payload, |dto: RefundHandlingClosedDto| {
            Ok(MerchantChange::RefundHandlingClosed { reason: dto.reason })
        }),
        "refund_handling_restored" => read(kind, payload, |NoFields {}| {
            Ok(MerchantChange::RefundHandlingRestored)
        }),
        "platform_fast_refund_exclusion_set" => {
            read(kind, payload, |dto: PlatformFastRefundExclusionSetDto| {
                Ok(MerchantChange::PlatformFastRefundExclusionSet {
                    excluded: dto.excluded,
                })
            })
        }
        "penalised" => read(kind, payload, |dto: penalty::PenaltyDto| {
            dto.decode().map(MerchantChange::Penalised)
        }),
        "penalty_appealed" => read(kind, payload, |dto: penalty::PenaltyTextDto| {
            Ok(MerchantChange::PenaltyAppealed {
                id: penalty::penalty_id(&dto.id)?,
                statement: dto.text,
            })
        }),
        "penalty_revoked" => read(kind, payload, |dto: penalty::PenaltyTextDto| {
            Ok(MerchantChange::PenaltyRevoked {
                id: penalty::penalty_id(&dto.id)?,
                reason: dto.text,
            })
        }),
        _ => Err(CodecError::UnknownKind {
            aggregate: "merchant",
            kind: kind.to_owned(),
        }),
    }
}

#[derive(Serialize, Deserialize)]
struct FastRefundSetDto {
    opted_in: bool,
}

#[derive(Serialize, Deserialize)]
struct StrategyDto {
    id: String,
    name: String,
    version: u32,
    condition: ConditionDto,
    action: String,
    enabled: bool,
}

#[derive(Serialize, Deserialize)]
struct ConditionDto {
    kinds: Vec<String>,
    reasons: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    amount_max_minor: Option<i64>,
    categories: Vec<String>,
    trusted_buyer_only: bool,
    stages: Vec<String>,
}

impl From<&Strategy> for StrategyDto {
    fn from(strategy: &Strategy) -> Self {
        let condition = &strategy.condition;
        StrategyDto {
            id: strategy.id.to_string(),
            name: strategy.name.clone(),
            version: strategy.version,
            condition: ConditionDto {
                kinds: condition
                    .kinds
                    .iter()
                    .map(|kind| kind.as_str().to_owned())
                    .collect(),
                reasons: condition
                    .reasons
                    .iter()
                    .map(|reason| reason.as_str().to_owned())
                    .collect(),
                amount_max_minor: condition.amount_max_minor,
                categories: condition.categories.clone(),
                trusted_buyer_only: condition.trusted_buyer_only,
                stages: condition
                    .stages
                    .iter()
                    .map(|stage| stage.as_str().to_owned())
                    .collect(),
            },
            action: strategy.action.as_str().to_owned(),
            enabled: strategy.enabled,
        }
    }
}

impl StrategyDto {
    fn decode(self) -> Result<Strategy, Invalid> {
        Ok(Strategy {
            id: id("id", &self.id, StrategyId::parse_stored)?,
            name: self.name,
            version: self.version,
            condition: self.condition.decode().within("condition")?,
            action: one_of(
                "action",
                &self.action,
                &STRATEGY_ACTIONS,
                StrategyAction::as_str,
            )?,
            enabled: self.enabled,
        })
    }
}

impl ConditionDto {
    fn decode(self) -> Result<Condition, Invalid> {
        Ok(Condition {
            kinds: each("kinds", self.kinds, |field, raw| ticket_kind(field, &raw))?,
            reasons: each("reasons", self.reasons, |field, raw| reason(field, &raw))?,
            amount_max_minor: self.amount_max_minor,
            categories: self.categories,
            trusted_buyer_only: self.trusted_buyer_only,
            stages: each("stages", self.stages, |field, raw| {
                one_of(field, &raw, &FulfilmentStage::ALL, FulfilmentStage::as_str)
            })?,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct StrategyDisabledDto {
    id: String,
    version: u32,
}

#[derive(Serialize, Deserialize)]
struct RefundHandlingClosedDto {
    reason: String,
}

#[derive(Serialize, Deserialize)]
struct PlatformFastRefundExclusionSetDto {
    excluded: bool,
}

// ---------------------------------------------------------------------------------------------
// The creator aggregate (视频号橱窗达人, seed 001): the penalties of its evaluations. The
// payloads are the merchant's penalty payloads; the kinds are the creator's own.

pub fn encode_creator_change(change: &CreatorChange) -> EncodedChange {
    let (kind, payload) = match change {
        CreatorChange::Penalised(penalty) => (
            "creator_penalised",
            to_json(&penalty::PenaltyDto::from(penalty)),
        ),
        CreatorChange::PenaltyAppealed { id, statement } => (
            "creator_penalty_appealed",
            to_json(&penalty::PenaltyTextDto {
                id: id.to_string(),
                text: statement.clone(),
            }),
        ),
        CreatorChange::PenaltyRevoked { id, reason } => (
            "creator_penalty_revoked",
            to_json(&penalty::PenaltyTextDto {
                id: id.to_string(),
                text: reason.clone(),
            }),
        ),
    };
    EncodedChange { kind, payload }
}

pub fn decode_creator_change(kind: &str, payload: &str) -> Result<CreatorChange, CodecError> {
    match kind {
        "creator_penalised" => read(kind, payload, |dto: penalty::PenaltyDto| {
            dto.decode().map(CreatorChange::Penalised)
        }),
        "creator_penalty_appealed" => read(kind, payload, |dto: penalty::PenaltyTextDto| {
            Ok(CreatorChange::PenaltyAppealed {
                id: penalty::penalty_id(&dto.id)?,
                statement: dto.text,
            })
        }),
        "creator_penalty_revoked" => read(kind, payload, |dto: penalty::PenaltyTextDto| {
            Ok(CreatorChange::PenaltyRevoked {
                id: penalty::penalty_id(&dto.id)?,
                reason: dto.text,
            })
        }),
        _ => Err(CodecError::UnknownKind {
            aggregate: "creator",
            kind: kind.to_owned(),
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// The buyer aggregate: trust inputs as the platform reports them.

/// One kind: `trust_updated`.
pub fn encode_buyer_change(change: &BuyerChange) -> EncodedChange {
    let BuyerChange::TrustUpdated(inputs) = change;
    EncodedChange {
        kind: "trust_updated",
        payload: to_json(&TrustUpdatedDto {
            account_created_at: encode_timestamp(inputs.account_created_at),
            completed_orders: inputs.completed_orders,
            orders_90d: inputs.orders_90d,
            refunds_90d: inputs.refunds_90d,
            abuse_restricted: inputs.abuse_restricted,
        }),
    }
}

pub fn decode_buyer_change(kind: &str, payload: &str) -> Result<BuyerChange, CodecError> {
    match kind {
        "trust_updated" => read(kind, payload, |dto: TrustUpdatedDto| {
            Ok(BuyerChange::TrustUpdated(TrustInputs {
                account_created_at: timestamp("account_created_at", &dto.account_created_at)?,
                completed_orders: dto.completed_orders,
                orders_90d: dto.orders_90d,
                refunds_90d: dto.refunds_90d,
                abuse_restricted: dto.abuse_restricted,
            }))
        }),
        _ => Err(CodecError::UnknownKind {
            aggregate: "buyer",
            kind: kind.to_owned(),
        }),
    }
}

#[derive(Serialize, Deserialize)]
struct TrustUpdatedDto {
    account_created_at: String,
    completed_orders: u32,
    orders_90d: u32,
    refunds_90d: u32,
    abuse_restricted: bool,
}

// ---------------------------------------------------------------------------------------------
// The policy stream: each version put in force.

/// One kind: `policy_put`.
pub fn encode_policy_change(change: &PolicyChange) -> EncodedChange {
    let PolicyChange::Put(put) = change;
    EncodedChange {
        kind: change.name(),
        payload: to_json(&PolicyPutDto {
            name: put.name.clone(),
            toml: put.toml.clone(),
            diff: put.diff.clone(),
        }),
    }
}

pub fn decode_policy_change(kind: &str, payload: &str) -> Result<PolicyChange, CodecError> {
    match kind {
        "policy_put" => read(kind, payload, |dto: PolicyPutDto| {
            Ok(PolicyChange::Put(PolicyPut {
                name: dto.name,
                toml: dto.toml,
                diff: dto.diff,
            }))
        }),
        _ => Err(CodecError::UnknownKind {
            aggregate: "policy",
            kind: kind.to_owned(),
        }),
    }
}

#[derive(Serialize, Deserialize)]
struct PolicyPutDto {
    name: String,
    toml: String,
    diff: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// Values shared by all aggregates, and the machinery of reading.

#[derive(Serialize, Deserialize)]
struct MoneyDto {
    minor: i64,
    currency: String,
}

impl From<Money> for MoneyDto {
    fn from(money: Money) -> Self {
        MoneyDto {
            minor: money.minor(),
            currency: money.currency().as_str().to_owned(),
        }
    }
}

impl MoneyDto {
    fn decode(self) -> Result<Money, Invalid> {
        let currency = Currency::parse(&self.currency)
            .map_err(|error| Invalid::new("currency", error.to_string()))?;
        Money::new(self.minor, currency).map_err(|error| Invalid::new("minor", error.to_string()))
    }
}

#[derive(Serialize, Deserialize)]
struct EvidenceDto {
    kind: String,
    reference: String,
    note: String,
}

impl From<&Evidence> for EvidenceDto {
    fn from(evidence: &Evidence) -> Self {
        EvidenceDto {
            kind: evidence.kind.as_str().to_owned(),
            reference: evidence.reference.clone(),
            note: evidence.note.clone(),
        }
    }
}

impl EvidenceDto {
    fn decode(self) -> Result<Evidence, Invalid> {
        Ok(Evidence {
            kind: one_of("kind", &self.kind, &EvidenceKind::ALL, EvidenceKind::as_str)?,
            reference: self.reference,
            note: self.note,
        })
    }
}

fn evidence_list(field: &str, list: Vec<EvidenceDto>) -> Result<Vec<Evidence>, Invalid> {
    each(field, list, |field, evidence| {
        evidence.decode().within(field)
    })
}

/// A value that is valid JSON of the right shape but not a valid domain value. The field is a
/// path relative to the DTO that found it; callers prefix their own field on the way out.
#[derive(Debug)]
struct Invalid {
    field: String,
    why: String,
}

impl Invalid {
    fn new(field: &str, why: String) -> Self {
        Invalid {
            field: field.to_owned(),
            why,
        }
    }
}

trait Within<T> {
    /// Places an error found inside a nested value under `field`, so the message names the
    /// whole path, such as `items[2].amount.currency`.
    fn within(self, field: &str) -> Result<T, Invalid>;
}

impl<T> Within<T> for Result<T, Invalid> {
    fn within(self, field: &str) -> Result<T, Invalid> {
        self.map_err(|invalid| Invalid {
            field: format!("{field}.{}", invalid.field),
            why: invalid.why,
        })
    }
}

/// Parses a payload into its DTO and converts that, naming the event kind in any error.
fn read<Dto: DeserializeOwned, Value>(
    kind: &str,
    payload: &str,
    decode: impl FnOnce(Dto) -> Result<Value, Invalid>,
) -> Result<Value, CodecError> {
    let dto = serde_json::from_str(payload).map_err(|source| CodecError::MalformedPayload {
        kind: kind.to_owned(),
        source,
    })?;
    decode(dto).map_err(|invalid| CodecError::InvalidField {
        kind: kind.to_owned(),
        field: invalid.field,
        why: invalid.why,
    })
}

fn to_json<Dto: Serialize>(dto: &Dto) -> String {
    // DTOs hold only strings, integers, booleans, lists and structs: nothing serde_json can
    // refuse to write.
    serde_json::to_string(dto).expect("event DTOs always serialize")
}

/// Deserializes an `Option` field that must be present, though it may be null. Serde treats a
/// missing `Option` as `None` unless the field has its own deserializer, so this is one.
fn nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::deserialize(deserializer)
}

/// Decodes each element of a list, naming a bad one by its index: `items[3]`.
fn each<Raw, Value>(
    field: &str,
    list: Vec<Raw>,
    decode: impl Fn(&str, Raw) -> Result<Value, Invalid>,
) -> Result<Vec<Value>, Invalid> {
    list.into_iter()
        .enumerate()
        .map(|(index, raw)| decode(&format!("{field}[{index}]"), raw))
        .collect()
}

fn id<Id>(field: &str, raw: &str, parse: fn(&str) -> Result<Id, IdError>) -> Result<Id, Invalid> {
    parse(raw).map_err(|error| Invalid::new(field, format!("{raw:?} is not an id: it {error}")))
}

fn parse_timestamp(raw: &str) -> Result<Timestamp, String> {
    raw.parse()
        .map_err(|error| format!("{raw:?} is not an RFC 3339 timestamp: {error}"))
}

fn timestamp(field: &str, raw: &str) -> Result<Timestamp, Invalid> {
    parse_timestamp(raw).map_err(|why| Invalid::new(field, why))
}

/// Reads an enum value by the domain's own `as_str` names, listing them when `raw` is none.
fn one_of<T: Copy>(
    field: &str,
    raw: &str,
    all: &[T],
    as_str: fn(T) -> &'static str,
) -> Result<T, Invalid> {
    all.iter()
        .copied()
        .find(|value| as_str(*value) == raw)
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|value| as_str(*value)).collect();
            Invalid::new(field, format!("{raw:?} is not one of {}", names.join(", ")))
        })
}

fn ticket_kind(field: &str, raw: &str) -> Result<TicketKind, Invalid> {
    one_of(field, raw, &TicketKind::ALL, TicketKind::as_str)
}

fn reason(field: &str, raw: &str) -> Result<Reason, Invalid> {
    one_of(field, raw, &Reason::ALL, Reason::as_str)
}

fn responsibility(field: &str, raw: &str) -> Result<Responsibility, Invalid> {
    one_of(field, raw, &Responsibility::ALL, Responsibility::as_str)
}

/// The variants of a domain enum that has no `ALL` of its own. The `match` never runs: it
/// makes a variant added in the domain a compile error here, because a value that encodes
/// but does not decode would be written to the log and could never be read back.
macro_rules! every_variant {
    ($type:ident { $($variant:ident),+ $(,)? }) => {{
        const fn _lists_every_variant(value: $type) {
            match value {
                $($type::$variant)|+ => {}
            }
        }
        [$($type::$variant),+]
    }};
}

const COURSES: [Course; 5] = every_variant!(Course {
    Refund,
    ReturnForRefund,
    Exchange,
    Repair,
    Reship
});
const OPENERS: [Opener; 2] = every_variant!(Opener { Buyer, System });
const SIDES: [Side; 2] = every_variant!(Side { Buyer, Merchant });
const REJECT_GROUNDS: [RejectGround; 3] = every_variant!(RejectGround {
    Request,
    ReturnNotReceived,
    ReturnNotAsSent
});
const STRATEGY_ACTIONS: [StrategyAction; 2] = every_variant!(StrategyAction {
    Approve,
    RefundOnReturnSigned
});
const SIGNERS: [Signer; 4] = every_variant!(Signer {
    Buyer,
    Proxy,
    LockerWithConsent,
    LockerWithoutConsent
});

/// The domain gives `Signer` no name, so its stored name is defined here.
fn signer_str(signer: Signer) -> &'static str {
    match signer {
        Signer::Buyer => "buyer",
        Signer::Proxy => "proxy",
        Signer::LockerWithConsent => "locker_with_consent",
        Signer::LockerWithoutConsent => "locker_without_consent",
    }
}
