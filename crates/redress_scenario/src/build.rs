//! Turning a step's action and parameters into an engine submission.

use crate::format::{LineSpec, Step, StrategySpec};
use crate::parse::{self, Parsed};
use redress_domain::buyer::{BuyerCommand, TrustInputs};
use redress_domain::dispute::VerdictOutcome;
use redress_domain::merchant::{Condition, MerchantCommand, StrategyAction};
use redress_domain::{
    Actor, Currency, ItemId, LineRequest, MerchantId, Money, NewTicket, OrderCommand, OrderId,
    ParcelId, ParcelUpdate, RejectGround, Remedy, StrategyId, TicketAction, TicketId,
};
use redress_engine::{Command, Submission};

/// Every action a step may name, for error messages and docs.
pub const ACTIONS: &[&str] = &[
    "parcel",
    "open",
    "approve",
    "approve_after_refusal",
    "reject",
    "propose_remedy",
    "accept_remedy",
    "decline_remedy",
    "edit",
    "cancel",
    "ship_return",
    "return_in_transit",
    "return_signed",
    "confirm_return",
    "ship_replacement",
    "replacement_delivered",
    "escalate",
    "cancel_dispute",
    "add_evidence",
    "settle_dispute",
    "verdict",
    "recheck",
    "refund_succeeded",
    "refund_failed",
    "retry_refund",
    "fire_deadline",
    "set_fast_refund",
    "put_strategy",
    "disable_strategy",
    "close_refund_handling",
    "restore_refund_handling",
    "exclude_from_fast_refund",
    "terminate",
    "appeal_penalty",
    "revoke_penalty",
    "update_buyer_trust",
];

/// Where the action goes: the order it concerns (for ticket actions found from the ticket).
pub struct Built {
    pub submission: Submission,
    pub order: Option<OrderId>,
}

fn need<'a, T>(value: &'a Option<T>, name: &str, action: &str) -> Parsed<&'a T> {
    value
        .as_ref()
        .ok_or_else(|| format!("{action} needs `{name}`"))
}

fn money(minor: i64, currency: Currency) -> Parsed<Money> {
    Money::new(minor, currency).map_err(|e| format!("amount {e}"))
}

pub fn strategy(spec: &StrategySpec) -> Parsed<MerchantCommand> {
    Ok(MerchantCommand::PutStrategy {
        id: StrategyId::parse(&spec.id).map_err(|e| format!("strategy id {e}"))?,
        name: spec.name.clone(),
        condition: Condition {
            kinds: spec
                .kinds
                .iter()
                .map(|k| parse::kind(k))
                .collect::<Parsed<_>>()?,
            reasons: spec
                .reasons
                .iter()
                .map(|r| parse::reason(r))
                .collect::<Parsed<_>>()?,
            amount_max_minor: spec.amount_max,
            categories: spec.categories.clone(),
            trusted_buyer_only: spec.trusted_buyer_only,
            stages: spec
                .stages
                .iter()
                .map(|s| parse::stage(s))
                .collect::<Parsed<_>>()?,
        },
        action: match spec.action.as_str() {
            "approve" => StrategyAction::Approve,
            "refund_on_return_signed" => StrategyAction::RefundOnReturnSigned,
            other => {
                return Err(format!(
                    "strategy action {other:?} is not approve or refund_on_return_signed"
                ));
            }
        },
    })
}

/// Build the submission for a step. `ticket_order` finds a ticket's order; `now` dates trust.
pub fn submission(
    step: &Step,
    action: &str,
    ticket_order: Option<OrderId>,
    currency: Currency,
    now: redress_domain::Timestamp,
) -> Parsed<Built> {
    let actor = match &step.actor {
        Some(raw) => parse::actor(raw)?,
        None => default_actor(action)
            .ok_or_else(|| format!("{action} needs `as` (who acts, e.g. \"buyer:b1\")"))?,
    };
    let text = || step.text.clone().unwrap_or_default();
    let evidence = || parse::evidence(step.evidence.as_deref().unwrap_or(&[]));
    let merchant_command = |command: MerchantCommand| -> Parsed<Built> {
        let merchant = match (&step.merchant, &actor) {
            (Some(m), _) => MerchantId::parse(m).map_err(|e| format!("merchant {e}"))?,
            (None, Actor::Merchant(m)) => m.clone(),
            (None, _) => return Err(format!("{action} needs `merchant`")),
        };
        Ok(Built {
            submission: Submission::new(actor.clone(), Command::Merchant { merchant, command }),
            order: None,
        })
    };
    let ticket_action = |ticket_action: TicketAction| -> Parsed<Built> {
        let ticket = TicketId::parse(need(&step.ticket, "ticket", action)?)
            .map_err(|e| format!("ticket {e}"))?;
        let order = ticket_order
            .clone()
            .ok_or_else(|| format!("ticket {ticket} does not exist"))?;
        Ok(Built {
            submission: Submission::new(
                actor.clone(),
                Command::Order {
                    order: order.clone(),
                    command: OrderCommand::Ticket {
                        ticket,
                        expected_version: step.expected_version,
                        action: ticket_action,
                    },
                },
            ),
            order: Some(order),
        })
    };
    let order_command = |command: OrderCommand| -> Parsed<Built> {
        let order = OrderId::parse(need(&step.order, "order", action)?)
            .map_err(|e| format!("order {e}"))?;
        Ok(Built {
            submission: Submission::new(
                actor.clone(),
                Command::Order {
                    order: order.clone(),
                    command,
                },
            ),
            order: Some(order),
        })
    };
    let built = match action {
        "parcel" => {
            let update = match need(&step.kind, "kind", action)?.as_str() {
                // `items` names the new parcel's lines and units (default: every unit in
                // no parcel yet).
                "tracking_entered" => ParcelUpdate::TrackingEntered {
                    tracking: step
                        .tracking
                        .clone()
                        .unwrap_or_else(|| "SF0000000001".to_owned()),
                    items: item_ids(step)?,
                },
                "in_transit" => ParcelUpdate::InTransit,
                "delivered" => ParcelUpdate::Delivered {
                    signer: parse::signer(step.signer.as_deref().unwrap_or("buyer"))?,
                },
                "refused" => ParcelUpdate::Refused,
                "returned_to_sender" => ParcelUpdate::ReturnedToSender,
                "intercepted" => ParcelUpdate::Intercepted,
                other => {
                    return Err(format!(
                        "parcel kind {other:?} is not one of: tracking_entered, in_transit, delivered, refused, returned_to_sender, intercepted"
                    ));
                }
            };
            let parcel = match &step.parcel {
                Some(raw) => ParcelId::parse(raw).map_err(|e| format!("parcel {e}"))?,
                None => ParcelId::first(),
            };
            order_command(OrderCommand::Parcel { parcel, update })?
        }
        "open" => {
            let new = NewTicket {
                id: TicketId::parse(need(&step.ticket, "ticket", action)?)
                    .map_err(|e| format!("ticket {e}"))?,
                kind: parse::kind(need(&step.kind, "kind", action)?)?,
                reason: parse::reason(need(&step.reason, "reason", action)?)?,
                // Left out: what the named units are worth (issue 18).
                amount: step.amount.map(|a| money(a, currency)).transpose()?,
                items: item_ids(step)?,
                description: step.description.clone().unwrap_or_default(),
                evidence: evidence()?,
            };
            order_command(OrderCommand::OpenTicket(new))?
        }
        "approve" => ticket_action(TicketAction::Approve)?,
        "approve_after_refusal" => ticket_action(TicketAction::ApproveAfterRefusal)?,
        "reject" => ticket_action(TicketAction::Reject {
            ground: match step.ground.as_deref().unwrap_or("request") {
                "request" => RejectGround::Request,
                "return_not_received" => RejectGround::ReturnNotReceived,
                "return_not_as_sent" => RejectGround::ReturnNotAsSent,
                other => {
                    return Err(format!(
                        "ground {other:?} is not request, return_not_received or return_not_as_sent"
                    ));
                }
            },
            reason: step
                .text
                .clone()
                .unwrap_or_else(|| "rejected in a scenario".to_owned()),
            evidence: evidence()?,
        })?,
        "propose_remedy" => ticket_action(TicketAction::ProposeRemedy {
            remedy: match need(&step.remedy, "remedy", action)?.as_str() {
                "exchange" => Remedy::Exchange,
                "repair" => Remedy::Repair,
                "reship" => Remedy::Reship,
                "partial_compensation" => Remedy::PartialCompensation {
                    amount: money(*need(&step.amount, "amount", action)?, currency)?,
                },
                other => {
                    return Err(format!(
                        "remedy {other:?} is not exchange, repair, reship or partial_compensation"
                    ));
                }
            },
            note: text(),
        })?,
        "accept_remedy" => ticket_action(TicketAction::AcceptRemedy)?,
        "decline_remedy" => ticket_action(TicketAction::DeclineRemedy)?,
        "edit" => ticket_action(TicketAction::Edit {
            kind: parse::kind(need(&step.kind, "kind", action)?)?,
            reason: parse::reason(need(&step.reason, "reason", action)?)?,
            amount: money(*need(&step.amount, "amount", action)?, currency)?,
            items: item_ids(step)?,
            description: step.description.clone().unwrap_or_default(),
            evidence: evidence()?,
        })?,
        "cancel" => ticket_action(TicketAction::Cancel)?,
        "ship_return" => ticket_action(TicketAction::ShipReturn {
            tracking: step
                .tracking
                .clone()
                .unwrap_or_else(|| "YT0000000001".to_owned()),
        })?,
        "return_in_transit" => ticket_action(TicketAction::ReturnInTransit)?,
        "return_signed" => ticket_action(TicketAction::ReturnSigned)?,
        "confirm_return" => ticket_action(TicketAction::ConfirmReturn)?,
        "ship_replacement" => ticket_action(TicketAction::ShipReplacement {
            tracking: step
                .tracking
                .clone()
                .unwrap_or_else(|| "SF0000000002".to_owned()),
        })?,
        "replacement_delivered" => ticket_action(TicketAction::ReplacementDelivered)?,
        "escalate" => ticket_action(TicketAction::Escalate {
            note: text(),
            evidence: evidence()?,
        })?,
        "cancel_dispute" => ticket_action(TicketAction::CancelDispute)?,
        "add_evidence" => {
            let mut pieces = evidence()?;
            if pieces.len() != 1 {
                return Err("add_evidence takes exactly one `evidence` kind".to_owned());
            }
            ticket_action(TicketAction::AddEvidence {
                evidence: pieces.remove(0),
            })?
        }
        "settle_dispute" => ticket_action(TicketAction::SettleDispute)?,
        "verdict" => ticket_action(TicketAction::GiveVerdict {
            responsibility: parse::responsibility(need(
                &step.responsibility,
                "responsibility",
                action,
            )?)?,
            outcome: match need(&step.outcome, "outcome", action)?.as_str() {
                "full_refund" => VerdictOutcome::FullRefund,
                "partial_refund" => VerdictOutcome::PartialRefund {
                    amount: money(*need(&step.amount, "amount", action)?, currency)?,
                },
                "no_refund" => VerdictOutcome::NoRefund,
                other => {
                    return Err(format!(
                        "outcome {other:?} is not full_refund, partial_refund or no_refund"
                    ));
                }
            },
            reasoning: step
                .text
                .clone()
                .unwrap_or_else(|| "decided in a scenario".to_owned()),
        })?,
        "recheck" => ticket_action(TicketAction::Recheck {
            responsibility: parse::responsibility(need(
                &step.responsibility,
                "responsibility",
                action,
            )?)?,
        })?,
        "refund_succeeded" => ticket_action(TicketAction::RefundSucceeded {
            payment_reference: step.text.clone().unwrap_or_else(|| "PAY-0001".to_owned()),
        })?,
        "refund_failed" => ticket_action(TicketAction::RefundFailed {
            reason: step
                .text
                .clone()
                .unwrap_or_else(|| "bank declined".to_owned()),
        })?,
        "retry_refund" => ticket_action(TicketAction::RetryRefund)?,
        "fire_deadline" => {
            let raw = need(&step.kind, "kind", action)?;
            let due = step
                .text
                .as_deref()
                .map(parse::timestamp)
                .transpose()?
                .unwrap_or(now);
            ticket_action(TicketAction::FireDeadline {
                kind: parse::deadline_kind(raw)?,
                due_at: due,
            })?
        }
        "set_fast_refund" => merchant_command(MerchantCommand::SetFastRefund {
            opted_in: *need(&step.opted_in, "opted_in", action)?,
        })?,
        "put_strategy" => merchant_command(strategy(need(&step.strategy, "strategy", action)?)?)?,
        "disable_strategy" => merchant_command(MerchantCommand::DisableStrategy {
            id: StrategyId::parse(need(&step.text, "text (the strategy id)", action)?)
                .map_err(|e| format!("strategy id {e}"))?,
        })?,
        "close_refund_handling" => merchant_command(MerchantCommand::CloseRefundHandling {
            reason: step
                .text
                .clone()
                .unwrap_or_else(|| "high-risk merchant".to_owned()),
        })?,
        "restore_refund_handling" => merchant_command(MerchantCommand::RestoreRefundHandling)?,
        "exclude_from_fast_refund" => {
            merchant_command(MerchantCommand::SetPlatformFastRefundExclusion {
                excluded: step.opted_in.unwrap_or(true),
            })?
        }
        "terminate" => merchant_command(MerchantCommand::Terminate {
            reason: step
                .text
                .clone()
                .unwrap_or_else(|| "terminated in a scenario".to_owned()),
        })?,
        "appeal_penalty" => merchant_command(MerchantCommand::AppealPenalty {
            id: need(&step.penalty, "penalty", action)?.clone(),
            statement: step
                .text
                .clone()
                .unwrap_or_else(|| "appealed in a scenario".to_owned()),
        })?,
        "revoke_penalty" => merchant_command(MerchantCommand::RevokePenalty {
            id: need(&step.penalty, "penalty", action)?.clone(),
            reason: step
                .text
                .clone()
                .unwrap_or_else(|| "revoked in a scenario".to_owned()),
        })?,
        "update_buyer_trust" => {
            return Err("update_buyer_trust: declare buyers in [[buyers]]; trust changes mid-scenario are not supported yet".to_owned());
        }
        other => {
            return Err(format!(
                "unknown action {other:?}; actions: {}",
                ACTIONS.join(", ")
            ));
        }
    };
    let mut built = built;
    if let Some(key) = &step.idempotency_key {
        built.submission = built.submission.with_key(key.clone());
    }
    Ok(built)
}

/// The feeds act for themselves; a person's action must say who acts.
fn default_actor(action: &str) -> Option<Actor> {
    match action {
        "parcel"
        | "return_in_transit"
        | "return_signed"
        | "replacement_delivered"
        | "refund_succeeded"
        | "refund_failed" => Some(Actor::Integration),
        "fire_deadline" => Some(Actor::System),
        _ => None,
    }
}

fn item_ids(step: &Step) -> Parsed<Vec<LineRequest>> {
    step.items
        .iter()
        .flatten()
        .map(|line| {
            let (id, quantity) = match line {
                LineSpec::Id(id) => (id, None),
                LineSpec::Units { id, quantity } => (id, *quantity),
            };
            Ok(LineRequest {
                item: ItemId::parse(id).map_err(|e| format!("item {e}"))?,
                quantity,
            })
        })
        .collect()
}

pub fn trust(
    spec: &crate::format::BuyerSpec,
    now: redress_domain::Timestamp,
) -> Parsed<BuyerCommand> {
    let age = jiff::SignedDuration::from_hours(i64::from(spec.account_age_days) * 24);
    Ok(BuyerCommand::UpdateTrust(TrustInputs {
        account_created_at: now
            .checked_sub(age)
            .map_err(|e| format!("account age: {e}"))?,
        completed_orders: spec.completed_orders,
        orders_90d: spec.orders_90d,
        refunds_90d: spec.refunds_90d,
        abuse_restricted: spec.abuse_restricted,
    }))
}
