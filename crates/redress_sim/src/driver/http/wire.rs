//! What goes over the wire: the request that sends each command the simulation makes, in the
//! bodies of docs/API.md, and the agent's views read back from the API's answers.

use super::SimError;
use crate::driver::TicketView;
use redress_domain::buyer::BuyerCommand;
use redress_domain::dispute::{Responsibility, VerdictOutcome};
use redress_domain::evidence::{Evidence, EvidenceKind};
use redress_domain::merchant::MerchantCommand;
use redress_domain::metrics::DayFigures;
use redress_domain::{
    Currency, Date, Deadline, DeadlineKind, FulfilmentStage, Money, OrderCommand, ParcelUpdate,
    StateName, TicketAction, TicketKind, Timestamp,
};
use redress_engine::Command;
use reqwest::Method;
use serde_json::{Value, json};

/// A request to the API.
pub(super) struct Request {
    pub(super) method: Method,
    pub(super) path: String,
    pub(super) body: Option<Value>,
    /// The ticket version an action was decided on (`If-Match`).
    pub(super) if_match: Option<u64>,
}

impl Request {
    pub(super) fn new(method: Method, path: String, body: Value) -> Request {
        Request {
            method,
            path,
            body: Some(body),
            if_match: None,
        }
    }

    pub(super) fn get(path: String) -> Request {
        Request {
            method: Method::GET,
            path,
            body: None,
            if_match: None,
        }
    }
}

pub(super) fn text<'a>(value: &'a Value, field: &str) -> Result<&'a str, SimError> {
    value
        .as_str()
        .ok_or_else(|| SimError::Http(format!("the answer has no text {field}: {value}")))
}

pub(super) fn number(value: &Value, field: &str) -> Result<i64, SimError> {
    value
        .as_i64()
        .ok_or_else(|| SimError::Http(format!("the answer has no number {field}: {value}")))
}

pub(super) fn instant(value: &Value, field: &str) -> Result<Timestamp, SimError> {
    text(value, field)?
        .parse()
        .map_err(|e| SimError::Http(format!("{field}: {e}")))
}

pub(super) fn optional_instant(value: &Value, field: &str) -> Result<Option<Timestamp>, SimError> {
    if value.is_null() {
        Ok(None)
    } else {
        instant(value, field).map(Some)
    }
}

/// One of a domain enumeration's values, by the stable name the API gives it.
pub(super) fn named<T: Copy>(
    all: &[T],
    name: fn(T) -> &'static str,
    value: &Value,
    field: &str,
) -> Result<T, SimError> {
    let raw = text(value, field)?;
    all.iter()
        .copied()
        .find(|v| name(*v) == raw)
        .ok_or_else(|| SimError::Http(format!("{field}: unknown value {raw:?}")))
}

pub(super) fn money(m: &Money) -> Value {
    json!({ "amount": m.minor(), "currency": m.currency().to_string() })
}

pub(super) fn evidence(list: &[Evidence]) -> Value {
    list.iter()
        .map(|e| json!({ "kind": e.kind.as_str(), "reference": e.reference, "note": e.note }))
        .collect()
}

pub(super) fn outcome(outcome: &VerdictOutcome) -> Value {
    match outcome {
        VerdictOutcome::FullRefund => json!({ "type": "full_refund" }),
        VerdictOutcome::PartialRefund { amount } => {
            json!({ "type": "partial_refund", "amount": money(amount) })
        }
        VerdictOutcome::NoRefund => json!({ "type": "no_refund" }),
    }
}

/// The request that sends `command`, per docs/API.md.
pub(super) fn request(command: &Command) -> Result<Request, SimError> {
    let unsent = |what: &str| {
        Err(SimError::Http(format!(
            "the HTTP driver does not send {what}; the simulation never makes it"
        )))
    };
    Ok(match command {
        Command::Order { order, command } => match command {
            OrderCommand::Place(new) => Request::new(
                Method::POST,
                "/v1/orders".to_owned(),
                json!({
                    "id": new.id.as_str(),
                    "merchant_id": new.merchant.as_str(),
                    "buyer_id": new.buyer.as_str(),
                    "items": new.items.iter().map(|item| json!({
                        "id": item.id.as_str(),
                        "product_id": item.product.as_str(),
                        "category": item.category,
                        "quantity": item.quantity,
                        "amount": money(&item.amount),
                        "seven_day_return": item.flags.seven_day_return,
                        "custom": item.flags.custom,
                        "virtual_goods": item.flags.virtual_goods,
                    })).collect::<Vec<_>>(),
                    "paid": money(&new.paid),
                    "paid_at": new.paid_at.to_string(),
                    "shipping_fee": money(&new.shipping_fee),
                    "freight_insurance": new.freight_insurance,
                }),
            ),
            OrderCommand::Parcel { parcel, update } => {
                let mut body = json!({ "type": update.as_str(), "parcel_id": parcel.as_str() });
                match update {
                    ParcelUpdate::TrackingEntered { tracking, items } => {
                        body["tracking"] = json!(tracking);
                        if !items.is_empty() {
                            body["items"] = json!(
                                items
                                    .iter()
                                    .map(|l| {
                                        let mut line = json!({ "item_id": l.item.as_str() });
                                        if let Some(q) = l.quantity {
                                            line["quantity"] = json!(q);
                                        }
                                        line
                                    })
                                    .collect::<Vec<_>>()
                            );
                        }
                    }
                    ParcelUpdate::Delivered { signer } => body["signer"] = json!(signer.as_str()),
                    ParcelUpdate::InTransit
                    | ParcelUpdate::Refused
                    | ParcelUpdate::ReturnedToSender
                    | ParcelUpdate::Intercepted => {}
                }
                Request::new(Method::POST, format!("/v1/orders/{order}/logistics"), body)
            }
            OrderCommand::OpenTicket(new) => {
                let mut body = json!({
                    "ticket_id": new.id.as_str(),
                    "kind": new.kind.as_str(),
                    "reason": new.reason.as_str(),
                    "items": new.items.iter().map(|line| match line.quantity {
                        Some(quantity) => json!({ "item_id": line.item.as_str(), "quantity": quantity }),
                        None => json!({ "item_id": line.item.as_str() }),
                    }).collect::<Vec<_>>(),
                    "description": new.description,
                    "evidence": evidence(&new.evidence),
                });
                // Left out: what the named units are worth (issue 18).
                if let Some(amount) = &new.amount {
                    body["amount"] = money(amount);
                }
                Request::new(Method::POST, format!("/v1/orders/{order}/tickets"), body)
            }
            OrderCommand::Ticket {
                ticket,
                expected_version,
                action,
            } => {
                let feed = |event: &str| {
                    Request::new(
                        Method::POST,
                        format!("/v1/orders/{order}/logistics"),
                        json!({ "type": event, "ticket_id": ticket.as_str() }),
                    )
                };
                let refund = |body: Value| {
                    Request::new(Method::POST, format!("/v1/payments/refunds/{ticket}"), body)
                };
                let mut body = json!({ "type": action.name() });
                match action {
                    TicketAction::ReturnInTransit
                    | TicketAction::ReturnSigned
                    | TicketAction::ReplacementDelivered => {
                        return Ok(feed(action.name()));
                    }
                    TicketAction::RefundSucceeded { payment_reference } => {
                        return Ok(refund(
                            json!({ "type": "succeeded", "payment_reference": payment_reference }),
                        ));
                    }
                    TicketAction::RefundFailed { reason } => {
                        return Ok(refund(json!({ "type": "failed", "note": reason })));
                    }
                    TicketAction::FireDeadline { .. } => {
                        return unsent("a deadline (the engine fires its own)");
                    }
                    TicketAction::ProposeRemedy { .. }
                    | TicketAction::AcceptRemedy
                    | TicketAction::DeclineRemedy
                    | TicketAction::Edit { .. }
                    | TicketAction::Cancel
                    | TicketAction::CancelDispute
                    | TicketAction::AddEvidence { .. }
                    | TicketAction::Recheck { .. }
                    | TicketAction::RetryRefund
                    | TicketAction::PostMessage { .. }
                    | TicketAction::SetReturnAddress { .. } => return unsent(action.name()),
                    TicketAction::Approve
                    | TicketAction::ApproveAfterRefusal
                    | TicketAction::ConfirmReturn
                    | TicketAction::SettleDispute => {}
                    TicketAction::Reject {
                        ground,
                        reason,
                        evidence: given,
                    } => {
                        body["ground"] = json!(ground.as_str());
                        body["note"] = json!(reason);
                        body["evidence"] = evidence(given);
                    }
                    TicketAction::ShipReturn { tracking }
                    | TicketAction::ShipReplacement { tracking } => {
                        body["tracking"] = json!(tracking);
                    }
                    TicketAction::Escalate {
                        note,
                        evidence: given,
                    } => {
                        body["note"] = json!(note);
                        body["evidence"] = evidence(given);
                    }
                    TicketAction::GiveVerdict {
                        responsibility,
                        outcome: decided,
                        reasoning,
                    } => {
                        body["responsibility"] = json!(responsibility.as_str());
                        body["outcome"] = outcome(decided);
                        body["note"] = json!(reasoning);
                    }
                }
                let mut request =
                    Request::new(Method::POST, format!("/v1/tickets/{ticket}/actions"), body);
                request.if_match = *expected_version;
                request
            }
        },
        Command::Merchant { merchant, command } => match command {
            MerchantCommand::SetFastRefund { opted_in } => Request::new(
                Method::PUT,
                format!("/v1/merchants/{merchant}/fast-refund"),
                json!({ "opted_in": opted_in }),
            ),
            MerchantCommand::PutStrategy {
                id,
                name,
                condition,
                action,
            } => Request::new(
                Method::PUT,
                format!("/v1/merchants/{merchant}/strategies/{id}"),
                json!({
                    "name": name,
                    "condition": {
                        "kinds": condition.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
                        "reasons": condition.reasons.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
                        "amount_max_minor": condition.amount_max_minor,
                        "categories": condition.categories,
                        "trusted_buyer_only": condition.trusted_buyer_only,
                        "stages": condition.stages.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
                    },
                    "action": action.as_str(),
                }),
            ),
            MerchantCommand::DisableStrategy { .. }
            | MerchantCommand::SetReturnAddress { .. }
            | MerchantCommand::SetName { .. }
            | MerchantCommand::CloseRefundHandling { .. }
            | MerchantCommand::RestoreRefundHandling
            | MerchantCommand::SetPlatformFastRefundExclusion { .. }
            | MerchantCommand::Penalise { .. }
            | MerchantCommand::AppealPenalty { .. }
            | MerchantCommand::RevokePenalty { .. }
            | MerchantCommand::Terminate { .. } => return unsent("this merchant command"),
        },
        Command::Creator { .. } => return unsent("a creator command"),
        Command::Buyer { buyer, command } => match command {
            BuyerCommand::UpdateTrust(inputs) => Request::new(
                Method::PUT,
                format!("/v1/buyers/{buyer}/trust"),
                json!({
                    "account_created_at": inputs.account_created_at.to_string(),
                    "completed_orders": inputs.completed_orders,
                    "orders_90d": inputs.orders_90d,
                    "refunds_90d": inputs.refunds_90d,
                    "abuse_restricted": inputs.abuse_restricted,
                }),
            ),
        },
    })
}

/// The agent's view of a ticket from `GET /v1/tickets/{id}`.
pub(super) fn ticket_view(json: &Value) -> Result<TicketView, SimError> {
    let deadline = match &json["deadline"] {
        Value::Null => None,
        d => Some(Deadline {
            kind: named(
                &DeadlineKind::ALL,
                DeadlineKind::as_str,
                &d["kind"],
                "deadline.kind",
            )?,
            due_at: instant(&d["due_at"], "deadline.due_at")?,
        }),
    };
    let (auto_rule, strategy) = match &json["auto_rule"] {
        Value::Null => (None, None),
        label => {
            // `merchant_strategy:{id}@{version}`, or a rule's code.
            let label = text(label, "auto_rule")?;
            match label.split_once(':') {
                Some((code, rest)) => (
                    Some(code.to_owned()),
                    Some(rest.rsplit_once('@').map_or(rest, |(id, _)| id).to_owned()),
                ),
                None => (Some(label.to_owned()), None),
            }
        }
    };
    let dispute = &json["dispute"];
    let kinds = |side: &str| -> Result<Vec<EvidenceKind>, SimError> {
        json["evidence_checklist"][side]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|line| {
                named(
                    &EvidenceKind::ALL,
                    EvidenceKind::as_str,
                    &line["kind"],
                    "evidence_checklist",
                )
            })
            .collect()
    };
    let suggestion = match &json["suggestion"] {
        Value::Null => None,
        s => {
            let responsibility = named(
                &Responsibility::ALL,
                Responsibility::as_str,
                &s["responsibility"],
                "suggestion.responsibility",
            )?;
            let decided = match text(&s["outcome"], "suggestion.outcome")? {
                "full_refund" => VerdictOutcome::FullRefund,
                "no_refund" => VerdictOutcome::NoRefund,
                "partial_refund" => {
                    let amount = &s["amount"];
                    let currency = Currency::parse(text(
                        &amount["currency"],
                        "suggestion.amount.currency",
                    )?)
                    .map_err(|e| SimError::Http(format!("suggestion.amount.currency: {e}")))?;
                    VerdictOutcome::PartialRefund {
                        amount: Money::new(
                            number(&amount["amount"], "suggestion.amount.amount")?,
                            currency,
                        )
                        .map_err(|e| SimError::Http(format!("suggestion.amount: {e}")))?,
                    }
                }
                other => {
                    return Err(SimError::Http(format!(
                        "suggestion.outcome: unknown value {other:?}"
                    )));
                }
            };
            Some((responsibility, decided))
        }
    };
    Ok(TicketView {
        kind: named(&TicketKind::ALL, TicketKind::as_str, &json["kind"], "kind")?,
        state: named(&StateName::ALL, StateName::as_str, &json["state"], "state")?,
        version: number(&json["version"], "version")? as u64,
        deadline,
        awaiting_verdict: dispute["phase"] == "awaiting_verdict",
        return_shipped_at: optional_instant(
            &json["return_parcel"]["shipped_at"],
            "return_parcel.shipped_at",
        )?,
        ended_at: optional_instant(&json["ended_at"], "ended_at")?,
        refunded_minor: number(&json["refunded"]["amount"], "refunded.amount")?,
        overdue_approved: json["overdue_approved"] == true,
        auto_rule,
        strategy,
        disputed: !dispute.is_null(),
        merchant_responsible: dispute["merchant_responsible"] == true,
        fulfilment: named(
            &FulfilmentStage::ALL,
            FulfilmentStage::as_str,
            &json["order"]["fulfilment"],
            "order.fulfilment",
        )?,
        buyer_evidence: kinds("buyer")?,
        merchant_evidence: kinds("merchant")?,
        suggestion,
    })
}

/// A day's figures from the metrics' daily series.
pub(super) fn day_figures(day: &Value) -> Result<DayFigures, SimError> {
    let n = |field: &str| number(&day[field], field);
    Ok(DayFigures {
        orders_paid: n("orders_paid")?,
        disputes_by_buyer: n("disputes_by_buyer")?,
        disputes_by_system: n("disputes_by_system")?,
        refunds_completed: n("refunds_completed")?,
        merchant_responsible: n("merchant_responsible")?,
        refund_only_completed: n("refund_only_completed")?,
        refund_only_seconds: n("refund_only_seconds")?,
        return_refund_completed: n("return_refund_completed")?,
        return_refund_seconds: n("return_refund_seconds")?,
        tickets_opened: n("tickets_opened")?,
        overdue_approved: n("overdue_approved")?,
        disputes_by_buyer_after_system: n("disputes_by_buyer_after_system")?,
    })
}

pub(super) fn date(value: &Value, field: &str) -> Result<Date, SimError> {
    text(value, field)?
        .parse()
        .map_err(|e| SimError::Http(format!("{field}: {e}")))
}
