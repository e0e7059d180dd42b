//! A stable, versioned encoding of commands, for idempotency fingerprints.
//!
//! A retry with an idempotency key must be recognised as the same command across upgrades,
//! so what is hashed is this hand-written JSON shape, never the domain types' `Debug`
//! output: renaming a Rust type, field or variant changes nothing here, while changing a DTO
//! below breaks the golden fingerprints in the tests, which is the point. A deliberate change
//! of shape bumps [`COMMAND_ENCODING_VERSION`], which is part of every fingerprint, so
//! fingerprints of different encodings never compare equal by accident.
//!
//! Values are written the way the event log writes them (the shared DTOs of `codec`): money
//! as `{"minor", "currency"}`, times as RFC 3339, enum values under the domain's stable names.
//! Commands are only ever encoded, never decoded.

use super::penalty::PenaltyDto;
use super::{
    ConditionDto, EvidenceDto, MoneyDto, OrderPlacedDto, ParcelUpdateDto, ParcelUpdatedDto,
    RemedyDto, VerdictOutcomeDto, encode_actor, encode_timestamp, to_json,
};
use redress_domain::buyer::BuyerCommand;
use redress_domain::creator::CreatorCommand;
use redress_domain::merchant::{Condition, MerchantCommand};
use redress_domain::{
    Actor, BuyerId, CreatorId, LineRequest, MerchantId, NewTicket, OrderCommand, OrderId, ParcelId,
    TicketAction,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The version of the shapes below; it prefixes every fingerprint (`cmd1:…`).
pub const COMMAND_ENCODING_VERSION: u32 = 1;

/// A command and the aggregate it addresses.
#[derive(Clone, Copy, Debug)]
pub enum CommandTarget<'a> {
    Order {
        order: &'a OrderId,
        command: &'a OrderCommand,
    },
    Merchant {
        merchant: &'a MerchantId,
        command: &'a MerchantCommand,
    },
    Buyer {
        buyer: &'a BuyerId,
        command: &'a BuyerCommand,
    },
    Creator {
        creator: &'a CreatorId,
        command: &'a CreatorCommand,
    },
}

/// The stable JSON of who sends which command to which aggregate.
pub fn encode_command(actor: &Actor, target: CommandTarget<'_>) -> String {
    to_json(&CommandDto {
        version: COMMAND_ENCODING_VERSION,
        actor: encode_actor(actor),
        target: TargetDto::from(target),
    })
}

/// The idempotency fingerprint of a command: `cmd<version>:` and the SHA-256 of
/// [`encode_command`], in lowercase hex. Fingerprints stored before this encoding existed are
/// bare hex digests (no prefix), which tells the two apart.
pub fn command_fingerprint(actor: &Actor, target: CommandTarget<'_>) -> String {
    let digest = Sha256::digest(encode_command(actor, target));
    let hex = hex::encode(digest);
    format!("cmd{COMMAND_ENCODING_VERSION}:{hex}")
}

/// Whether a stored fingerprint predates [`command_fingerprint`] (a bare digest of `Debug`).
pub fn is_legacy_fingerprint(stored: &str) -> bool {
    !stored.starts_with("cmd")
}

#[derive(Serialize)]
struct CommandDto {
    version: u32,
    actor: String,
    target: TargetDto,
}

#[derive(Serialize)]
#[serde(tag = "aggregate", rename_all = "snake_case")]
enum TargetDto {
    Order {
        order: String,
        command: OrderCommandDto,
    },
    Merchant {
        merchant: String,
        command: MerchantCommandDto,
    },
    Buyer {
        buyer: String,
        command: BuyerCommandDto,
    },
    Creator {
        creator: String,
        command: CreatorCommandDto,
    },
}

impl From<CommandTarget<'_>> for TargetDto {
    fn from(target: CommandTarget<'_>) -> Self {
        match target {
            CommandTarget::Order { order, command } => TargetDto::Order {
                order: order.to_string(),
                command: OrderCommandDto::from(command),
            },
            CommandTarget::Merchant { merchant, command } => TargetDto::Merchant {
                merchant: merchant.to_string(),
                command: MerchantCommandDto::from(command),
            },
            CommandTarget::Buyer { buyer, command } => TargetDto::Buyer {
                buyer: buyer.to_string(),
                command: BuyerCommandDto::from(command),
            },
            CommandTarget::Creator { creator, command } => TargetDto::Creator {
                creator: creator.to_string(),
                command: CreatorCommandDto::from(command),
            },
        }
    }
}

// Adjacently tagged: some payloads (a parcel update) carry their own `type`.
#[derive(Serialize)]
#[serde(tag = "type", content = "fields", rename_all = "snake_case")]
enum OrderCommandDto {
    Place(OrderPlacedDto),
    Parcel(ParcelUpdatedDto),
    OpenTicket(NewTicketDto),
    Ticket {
        ticket: String,
        expected_version: Option<u64>,
        action: ActionDto,
    },
}

impl From<&OrderCommand> for OrderCommandDto {
    fn from(command: &OrderCommand) -> Self {
        match command {
            OrderCommand::Place(new) => OrderCommandDto::Place(new.into()),
            // The first parcel is written without its id: the shape of the commands from
            // before parcels had ids, so their fingerprints still match.
            OrderCommand::Parcel { parcel, update } => OrderCommandDto::Parcel(ParcelUpdatedDto {
                parcel: (*parcel != ParcelId::first()).then(|| parcel.to_string()),
                update: ParcelUpdateDto::from(update),
            }),
            OrderCommand::OpenTicket(new) => OrderCommandDto::OpenTicket(new.into()),
            OrderCommand::Ticket {
                ticket,
                expected_version,
                action,
            } => OrderCommandDto::Ticket {
                ticket: ticket.to_string(),
                expected_version: *expected_version,
                action: action.into(),
            },
        }
    }
}

/// A line a command names: the item's id alone when it asks for every open unit (the shape
/// of every command before issue 18, so their fingerprints are unchanged), `{"item",
/// "quantity"}` when it names units.
#[derive(Serialize)]
#[serde(untagged)]
enum LineRequestDto {
    Whole(String),
    Units { item: String, quantity: u32 },
}

impl From<&LineRequest> for LineRequestDto {
    fn from(line: &LineRequest) -> Self {
        match line.quantity {
            None => LineRequestDto::Whole(line.item.to_string()),
            Some(quantity) => LineRequestDto::Units {
                item: line.item.to_string(),
                quantity,
            },
        }
    }
}

#[derive(Serialize)]
struct NewTicketDto {
    id: String,
    kind: &'static str,
    reason: &'static str,
    /// Left out when the request asks what its units are worth (issue 18).
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<MoneyDto>,
    items: Vec<LineRequestDto>,
    description: String,
    evidence: Vec<EvidenceDto>,
}

impl From<&NewTicket> for NewTicketDto {
    fn from(new: &NewTicket) -> Self {
        NewTicketDto {
            id: new.id.to_string(),
            kind: new.kind.as_str(),
            reason: new.reason.as_str(),
            amount: new.amount.map(MoneyDto::from),
            items: new.items.iter().map(LineRequestDto::from).collect(),
            description: new.description.clone(),
            evidence: new.evidence.iter().map(EvidenceDto::from).collect(),
        }
    }
}

#[derive(Serialize)]
#[serde(tag = "type", content = "fields", rename_all = "snake_case")]
enum ActionDto {
    Approve,
    ApproveAfterRefusal,
    Reject {
        ground: &'static str,
        reason: String,
        evidence: Vec<EvidenceDto>,
    },
    ProposeRemedy {
        remedy: RemedyDto,
        note: String,
    },
    AcceptRemedy,
    DeclineRemedy,
    Edit {
        kind: &'static str,
        reason: &'static str,
        amount: MoneyDto,
        items: Vec<LineRequestDto>,
        description: String,
        evidence: Vec<EvidenceDto>,
    },
    Cancel,
    ShipReturn {
        tracking: String,
    },
    Escalate {
        note: String,
        evidence: Vec<EvidenceDto>,
    },
    CancelDispute,
    ReturnInTransit,
    ReturnSigned,
    ConfirmReturn,
    ShipReplacement {
        tracking: String,
    },
    ReplacementDelivered,
    AddEvidence {
        evidence: EvidenceDto,
    },
    SettleDispute,
    GiveVerdict {
        responsibility: &'static str,
        outcome: VerdictOutcomeDto,
        reasoning: String,
    },
    Recheck {
        responsibility: &'static str,
    },
    PostMessage {
        text: String,
    },
    SetReturnAddress {
        address: String,
    },
    RefundSucceeded {
        payment_reference: String,
    },
    RefundFailed {
        reason: String,
    },
    RetryRefund,
    FireDeadline {
        kind: &'static str,
        due_at: String,
    },
}

fn evidence(list: &[redress_domain::evidence::Evidence]) -> Vec<EvidenceDto> {
    list.iter().map(EvidenceDto::from).collect()
}

impl From<&TicketAction> for ActionDto {
    fn from(action: &TicketAction) -> Self {
        match action {
            TicketAction::Approve => ActionDto::Approve,
            TicketAction::ApproveAfterRefusal => ActionDto::ApproveAfterRefusal,
            TicketAction::Reject {
                ground,
                reason,
                evidence: list,
            } => ActionDto::Reject {
                ground: ground.as_str(),
                reason: reason.clone(),
                evidence: evidence(list),
            },
            TicketAction::ProposeRemedy { remedy, note } => ActionDto::ProposeRemedy {
                remedy: remedy.into(),
                note: note.clone(),
            },
            TicketAction::AcceptRemedy => ActionDto::AcceptRemedy,
            TicketAction::DeclineRemedy => ActionDto::DeclineRemedy,
            TicketAction::Edit {
                kind,
                reason,
                amount,
                items,
                description,
                evidence: list,
            } => ActionDto::Edit {
                kind: kind.as_str(),
                reason: reason.as_str(),
                amount: (*amount).into(),
                items: items.iter().map(LineRequestDto::from).collect(),
                description: description.clone(),
                evidence: evidence(list),
            },
            TicketAction::Cancel => ActionDto::Cancel,
            TicketAction::ShipReturn { tracking } => ActionDto::ShipReturn {
                tracking: tracking.clone(),
            },
            TicketAction::Escalate {
                note,
                evidence: list,
            } => ActionDto::Escalate {
                note: note.clone(),
                evidence: evidence(list),
            },
            TicketAction::CancelDispute => ActionDto::CancelDispute,
            TicketAction::ReturnInTransit => ActionDto::ReturnInTransit,
            TicketAction::ReturnSigned => ActionDto::ReturnSigned,
            TicketAction::ConfirmReturn => ActionDto::ConfirmReturn,
            TicketAction::ShipReplacement { tracking } => ActionDto::ShipReplacement {
                tracking: tracking.clone(),
            },
            TicketAction::ReplacementDelivered => ActionDto::ReplacementDelivered,
            TicketAction::AddEvidence { evidence } => ActionDto::AddEvidence {
                evidence: evidence.into(),
            },
            TicketAction::SettleDispute => ActionDto::SettleDispute,
            TicketAction::GiveVerdict {
                responsibility,
                outcome,
                reasoning,
            } => ActionDto::GiveVerdict {
                responsibility: responsibility.as_str(),
                outcome: outcome.into(),
                reasoning: reasoning.clone(),
            },
            TicketAction::Recheck { responsibility } => ActionDto::Recheck {
                responsibility: responsibility.as_str(),
            },
            TicketAction::RefundSucceeded { payment_reference } => ActionDto::RefundSucceeded {
                payment_reference: payment_reference.clone(),
            },
            TicketAction::RefundFailed { reason } => ActionDto::RefundFailed {
                reason: reason.clone(),
            },
            TicketAction::RetryRefund => ActionDto::RetryRefund,
            TicketAction::PostMessage { text } => ActionDto::PostMessage { text: text.clone() },
            TicketAction::SetReturnAddress { address } => ActionDto::SetReturnAddress {
                address: address.clone(),
            },
            TicketAction::FireDeadline { kind, due_at } => ActionDto::FireDeadline {
                kind: kind.as_str(),
                due_at: encode_timestamp(*due_at),
            },
        }
    }
}

#[derive(Serialize)]
#[serde(tag = "type", content = "fields", rename_all = "snake_case")]
enum MerchantCommandDto {
    SetFastRefund {
        opted_in: bool,
    },
    SetReturnAddress {
        address: String,
    },
    SetName {
        name: String,
    },
    PutStrategy {
        id: String,
        name: String,
        condition: ConditionDto,
        action: &'static str,
    },
    DisableStrategy {
        id: String,
    },
    CloseRefundHandling {
        reason: String,
    },
    RestoreRefundHandling,
    SetPlatformFastRefundExclusion {
        excluded: bool,
    },
    Penalise {
        penalty: PenaltyDto,
    },
    AppealPenalty {
        id: String,
        statement: String,
    },
    RevokePenalty {
        id: String,
        reason: String,
    },
    Terminate {
        reason: String,
    },
}

fn condition(condition: &Condition) -> ConditionDto {
    ConditionDto {
        kinds: condition
            .kinds
            .iter()
            .map(|k| k.as_str().to_owned())
            .collect(),
        reasons: condition
            .reasons
            .iter()
            .map(|r| r.as_str().to_owned())
            .collect(),
        amount_max_minor: condition.amount_max_minor,
        categories: condition.categories.clone(),
        trusted_buyer_only: condition.trusted_buyer_only,
        stages: condition
            .stages
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect(),
    }
}

impl From<&MerchantCommand> for MerchantCommandDto {
    fn from(command: &MerchantCommand) -> Self {
        match command {
            MerchantCommand::SetFastRefund { opted_in } => MerchantCommandDto::SetFastRefund {
                opted_in: *opted_in,
            },
            MerchantCommand::SetReturnAddress { address } => MerchantCommandDto::SetReturnAddress {
                address: address.clone(),
            },
            MerchantCommand::SetName { name } => MerchantCommandDto::SetName { name: name.clone() },
            MerchantCommand::PutStrategy {
                id,
                name,
                condition: c,
                action,
            } => MerchantCommandDto::PutStrategy {
                id: id.to_string(),
                name: name.clone(),
                condition: condition(c),
                action: action.as_str(),
            },
            MerchantCommand::DisableStrategy { id } => {
                MerchantCommandDto::DisableStrategy { id: id.to_string() }
            }
            MerchantCommand::CloseRefundHandling { reason } => {
                MerchantCommandDto::CloseRefundHandling {
                    reason: reason.clone(),
                }
            }
            MerchantCommand::RestoreRefundHandling => MerchantCommandDto::RestoreRefundHandling,
            MerchantCommand::SetPlatformFastRefundExclusion { excluded } => {
                MerchantCommandDto::SetPlatformFastRefundExclusion {
                    excluded: *excluded,
                }
            }
            MerchantCommand::Penalise { penalty } => MerchantCommandDto::Penalise {
                penalty: penalty.into(),
            },
            MerchantCommand::AppealPenalty { id, statement } => MerchantCommandDto::AppealPenalty {
                id: id.to_string(),
                statement: statement.clone(),
            },
            MerchantCommand::RevokePenalty { id, reason } => MerchantCommandDto::RevokePenalty {
                id: id.to_string(),
                reason: reason.clone(),
            },
            MerchantCommand::Terminate { reason } => MerchantCommandDto::Terminate {
                reason: reason.clone(),
            },
        }
    }
}

#[derive(Serialize)]
#[serde(tag = "type", content = "fields", rename_all = "snake_case")]
enum BuyerCommandDto {
    UpdateTrust {
        account_created_at: String,
        completed_orders: u32,
        orders_90d: u32,
        refunds_90d: u32,
        abuse_restricted: bool,
    },
}

impl From<&BuyerCommand> for BuyerCommandDto {
    fn from(command: &BuyerCommand) -> Self {
        let BuyerCommand::UpdateTrust(inputs) = command;
        BuyerCommandDto::UpdateTrust {
            account_created_at: encode_timestamp(inputs.account_created_at),
            completed_orders: inputs.completed_orders,
            orders_90d: inputs.orders_90d,
            refunds_90d: inputs.refunds_90d,
            abuse_restricted: inputs.abuse_restricted,
        }
    }
}

#[derive(Serialize)]
#[serde(tag = "type", content = "fields", rename_all = "snake_case")]
enum CreatorCommandDto {
    Penalise { penalty: PenaltyDto },
    AppealPenalty { id: String, statement: String },
    RevokePenalty { id: String, reason: String },
}

impl From<&CreatorCommand> for CreatorCommandDto {
    fn from(command: &CreatorCommand) -> Self {
        match command {
            CreatorCommand::Penalise { penalty } => CreatorCommandDto::Penalise {
                penalty: penalty.into(),
            },
            CreatorCommand::AppealPenalty { id, statement } => CreatorCommandDto::AppealPenalty {
                id: id.to_string(),
                statement: statement.clone(),
            },
            CreatorCommand::RevokePenalty { id, reason } => CreatorCommandDto::RevokePenalty {
                id: id.to_string(),
                reason: reason.clone(),
            },
        }
    }
}

#[cfg(test)]
mod tests;
