//! Turning a step's action and parameters into an engine submission.

use crate::format::{Action, LineSpec, OnTicket, Step, StrategySpec};
use crate::parse::{self, Parsed};
use redress_domain::buyer::{BuyerCommand, TrustInputs};
use redress_domain::dispute::VerdictOutcome;
use redress_domain::merchant::{Condition, MerchantCommand, StrategyAction};
use redress_domain::{
    Actor, Currency, ItemId, LineRequest, MerchantId, Money, NewTicket, OrderCommand, OrderId,
    ParcelId, ParcelUpdate, RejectGround, Remedy, StrategyId, TicketAction, TicketId,
};
use redress_engine::{Command, Submission};

/// Where the action goes: the order it concerns (for ticket actions found from the ticket).
pub struct Built {
    pub submission: Submission,
    pub order: Option<OrderId>,
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

/// Build the submission for a step's action. `ticket_order` finds a ticket's order; `now`
/// dates trust.
pub fn submission(
    step: &Step,
    action: &Action,
    ticket_order: Option<OrderId>,
    currency: Currency,
    now: redress_domain::Timestamp,
) -> Parsed<Built> {
    let name = action.name();
    let actor = match &step.actor {
        Some(raw) => parse::actor(raw)?,
        None => default_actor(action)
            .ok_or_else(|| format!("{name} needs `as` (who acts, e.g. \"buyer:b1\")"))?,
    };
    let text =
        |text: &Option<String>, default: &str| text.clone().unwrap_or_else(|| default.to_owned());
    let merchant_command = |merchant: &Option<String>, command: MerchantCommand| -> Parsed<Built> {
        let merchant = match (merchant, &actor) {
            (Some(m), _) => MerchantId::parse(m).map_err(|e| format!("merchant {e}"))?,
            (None, Actor::Merchant(m)) => m.clone(),
            (None, _) => return Err(format!("{name} needs `merchant`")),
        };
        Ok(Built {
            submission: Submission::new(actor.clone(), Command::Merchant { merchant, command }),
            order: None,
        })
    };
    let on_ticket =
        |ticket: &str, expected_version: Option<u64>, action: TicketAction| -> Parsed<Built> {
            let ticket = TicketId::parse(ticket).map_err(|e| format!("ticket {e}"))?;
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
                            expected_version,
                            action,
                        },
                    },
                ),
                order: Some(order),
            })
        };
    let bare = |on: &OnTicket, action: TicketAction| -> Parsed<Built> {
        on_ticket(&on.ticket, on.expected_version, action)
    };
    let order_command = |order: &str, command: OrderCommand| -> Parsed<Built> {
        let order = OrderId::parse(order).map_err(|e| format!("order {e}"))?;
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
    let built: Parsed<Built> = match action {
        Action::Parcel {
            order,
            kind,
            parcel,
            items,
            tracking,
            signer,
        } => {
            let update = match kind.as_str() {
                "tracking_entered" => ParcelUpdate::TrackingEntered {
                    tracking: text(tracking, "SF0000000001"),
                    // The new parcel's lines and units (default: every unit in no parcel yet).
                    items: item_ids(items)?,
                },
                "in_transit" => ParcelUpdate::InTransit,
                "delivered" => ParcelUpdate::Delivered {
                    signer: parse::signer(signer.as_deref().unwrap_or("buyer"))?,
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
            let parcel = match parcel {
                Some(raw) => ParcelId::parse(raw).map_err(|e| format!("parcel {e}"))?,
                None => ParcelId::first(),
            };
            order_command(order, OrderCommand::Parcel { parcel, update })
        }
        Action::Open {
            order,
            ticket,
            kind,
            reason,
            amount,
            items,
            description,
            evidence,
        } => {
            let new = NewTicket {
                id: TicketId::parse(ticket).map_err(|e| format!("ticket {e}"))?,
                kind: parse::kind(kind)?,
                reason: parse::reason(reason)?,
                // Left out: what the named units are worth (issue 18).
                amount: amount.map(|a| money(a, currency)).transpose()?,
                items: item_ids(items)?,
                description: text(description, ""),
                evidence: parse::evidence(evidence)?,
            };
            order_command(order, OrderCommand::OpenTicket(new))
        }
        Action::Approve(on) => bare(on, TicketAction::Approve),
        Action::ApproveAfterRefusal(on) => bare(on, TicketAction::ApproveAfterRefusal),
        Action::Reject {
            ticket,
            expected_version,
            ground,
            text: reason,
            evidence,
        } => on_ticket(
            ticket,
            *expected_version,
            TicketAction::Reject {
                ground: match ground.as_deref().unwrap_or("request") {
                    "request" => RejectGround::Request,
                    "return_not_received" => RejectGround::ReturnNotReceived,
                    "return_not_as_sent" => RejectGround::ReturnNotAsSent,
                    other => {
                        return Err(format!(
                            "ground {other:?} is not request, return_not_received or return_not_as_sent"
                        ));
                    }
                },
                reason: text(reason, "rejected in a scenario"),
                evidence: parse::evidence(evidence)?,
            },
        ),
        Action::ProposeRemedy {
            ticket,
            expected_version,
            remedy,
            amount,
            text: note,
        } => on_ticket(
            ticket,
            *expected_version,
            TicketAction::ProposeRemedy {
                remedy: match remedy.as_str() {
                    "exchange" => Remedy::Exchange,
                    "repair" => Remedy::Repair,
                    "reship" => Remedy::Reship,
                    "partial_compensation" => Remedy::PartialCompensation {
                        amount: money(need(*amount, "amount", name)?, currency)?,
                    },
                    other => {
                        return Err(format!(
                            "remedy {other:?} is not exchange, repair, reship or partial_compensation"
                        ));
                    }
                },
                note: text(note, ""),
            },
        ),
        Action::AcceptRemedy(on) => bare(on, TicketAction::AcceptRemedy),
        Action::DeclineRemedy(on) => bare(on, TicketAction::DeclineRemedy),
        Action::Edit {
            ticket,
            expected_version,
            kind,
            reason,
            amount,
            items,
            description,
            evidence,
        } => on_ticket(
            ticket,
            *expected_version,
            TicketAction::Edit {
                kind: parse::kind(kind)?,
                reason: parse::reason(reason)?,
                amount: money(*amount, currency)?,
                items: item_ids(items)?,
                description: text(description, ""),
                evidence: parse::evidence(evidence)?,
            },
        ),
        Action::Cancel(on) => bare(on, TicketAction::Cancel),
        Action::ShipReturn {
            ticket,
            expected_version,
            tracking,
        } => on_ticket(
            ticket,
            *expected_version,
            TicketAction::ShipReturn {
                tracking: text(tracking, "YT0000000001"),
            },
        ),
        Action::ReturnInTransit(on) => bare(on, TicketAction::ReturnInTransit),
        Action::ReturnSigned(on) => bare(on, TicketAction::ReturnSigned),
        Action::ConfirmReturn(on) => bare(on, TicketAction::ConfirmReturn),
        Action::ShipReplacement {
            ticket,
            expected_version,
            tracking,
        } => on_ticket(
            ticket,
            *expected_version,
            TicketAction::ShipReplacement {
                tracking: text(tracking, "SF0000000002"),
            },
        ),
        Action::ReplacementDelivered(on) => bare(on, TicketAction::ReplacementDelivered),
        Action::Escalate {
            ticket,
            expected_version,
            text: note,
            evidence,
        } => on_ticket(
            ticket,
            *expected_version,
            TicketAction::Escalate {
                note: text(note, ""),
                evidence: parse::evidence(evidence)?,
            },
        ),
        Action::CancelDispute(on) => bare(on, TicketAction::CancelDispute),
        Action::AddEvidence {
            ticket,
            expected_version,
            evidence,
        } => {
            let mut pieces = parse::evidence(evidence)?;
            if pieces.len() != 1 {
                return Err("add_evidence takes exactly one `evidence` kind".to_owned());
            }
            on_ticket(
                ticket,
                *expected_version,
                TicketAction::AddEvidence {
                    evidence: pieces.remove(0),
                },
            )
        }
        Action::SettleDispute(on) => bare(on, TicketAction::SettleDispute),
        Action::Verdict {
            ticket,
            expected_version,
            responsibility,
            outcome,
            amount,
            text: reasoning,
        } => on_ticket(
            ticket,
            *expected_version,
            TicketAction::GiveVerdict {
                responsibility: parse::responsibility(responsibility)?,
                outcome: match outcome.as_str() {
                    "full_refund" => VerdictOutcome::FullRefund,
                    "partial_refund" => VerdictOutcome::PartialRefund {
                        amount: money(need(*amount, "amount", name)?, currency)?,
                    },
                    "no_refund" => VerdictOutcome::NoRefund,
                    other => {
                        return Err(format!(
                            "outcome {other:?} is not full_refund, partial_refund or no_refund"
                        ));
                    }
                },
                reasoning: text(reasoning, "decided in a scenario"),
            },
        ),
        Action::Recheck {
            ticket,
            expected_version,
            responsibility,
        } => on_ticket(
            ticket,
            *expected_version,
            TicketAction::Recheck {
                responsibility: parse::responsibility(responsibility)?,
            },
        ),
        Action::RefundSucceeded {
            ticket,
            expected_version,
            text: reference,
        } => on_ticket(
            ticket,
            *expected_version,
            TicketAction::RefundSucceeded {
                payment_reference: text(reference, "PAY-0001"),
            },
        ),
        Action::RefundFailed {
            ticket,
            expected_version,
            text: reason,
        } => on_ticket(
            ticket,
            *expected_version,
            TicketAction::RefundFailed {
                reason: text(reason, "bank declined"),
            },
        ),
        Action::RetryRefund(on) => bare(on, TicketAction::RetryRefund),
        Action::FireDeadline {
            ticket,
            expected_version,
            kind,
            text: due,
        } => on_ticket(
            ticket,
            *expected_version,
            TicketAction::FireDeadline {
                kind: parse::deadline_kind(kind)?,
                due_at: due.as_deref().map(parse::timestamp).transpose()?.unwrap_or(now),
            },
        ),
        Action::SetFastRefund { merchant, opted_in } => merchant_command(
            merchant,
            MerchantCommand::SetFastRefund {
                opted_in: *opted_in,
            },
        ),
        Action::PutStrategy { merchant, strategy: spec } => {
            merchant_command(merchant, strategy(spec)?)
        }
        Action::DisableStrategy { merchant, text: id } => merchant_command(
            merchant,
            MerchantCommand::DisableStrategy {
                id: StrategyId::parse(id).map_err(|e| format!("strategy id {e}"))?,
            },
        ),
        Action::CloseRefundHandling {
            merchant,
            text: reason,
        } => merchant_command(
            merchant,
            MerchantCommand::CloseRefundHandling {
                reason: text(reason, "high-risk merchant"),
            },
        ),
        Action::RestoreRefundHandling { merchant } => {
            merchant_command(merchant, MerchantCommand::RestoreRefundHandling)
        }
        Action::ExcludeFromFastRefund { merchant, opted_in } => merchant_command(
            merchant,
            MerchantCommand::SetPlatformFastRefundExclusion {
                excluded: opted_in.unwrap_or(true),
            },
        ),
        Action::Terminate {
            merchant,
            text: reason,
        } => merchant_command(
            merchant,
            MerchantCommand::Terminate {
                reason: text(reason, "terminated in a scenario"),
            },
        ),
        Action::AppealPenalty {
            merchant,
            penalty,
            text: statement,
        } => merchant_command(
            merchant,
            MerchantCommand::AppealPenalty {
                id: parse::penalty(penalty)?,
                statement: text(statement, "appealed in a scenario"),
            },
        ),
        Action::RevokePenalty {
            merchant,
            penalty,
            text: reason,
        } => merchant_command(
            merchant,
            MerchantCommand::RevokePenalty {
                id: parse::penalty(penalty)?,
                reason: text(reason, "revoked in a scenario"),
            },
        ),
        Action::UpdateBuyerTrust {} => Err("update_buyer_trust: declare buyers in [[buyers]]; trust changes mid-scenario are not supported yet".to_owned()),
        Action::Evaluate { .. } => Err("evaluate is run by the runner, not submitted".to_owned()),
    };
    let mut built = built?;
    if let Some(key) = &step.idempotency_key {
        built.submission = built.submission.with_key(key.clone());
    }
    Ok(built)
}

/// A parameter the action takes only with some values, e.g. `amount` for a partial refund.
fn need<T>(value: Option<T>, key: &str, action: &str) -> Parsed<T> {
    value.ok_or_else(|| format!("{action} needs `{key}`"))
}

/// The feeds act for themselves; a person's action must say who acts.
fn default_actor(action: &Action) -> Option<Actor> {
    match action {
        Action::Parcel { .. }
        | Action::ReturnInTransit(_)
        | Action::ReturnSigned(_)
        | Action::ReplacementDelivered(_)
        | Action::RefundSucceeded { .. }
        | Action::RefundFailed { .. } => Some(Actor::Integration),
        Action::FireDeadline { .. } => Some(Actor::System),
        _ => None,
    }
}

fn item_ids(items: &[LineSpec]) -> Parsed<Vec<LineRequest>> {
    items
        .iter()
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
