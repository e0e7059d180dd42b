//! A running `redress serve --sandbox`, through its public HTTP API, as a platform's systems
//! would reach it: the order, logistics and payment feeds on an integration key, each
//! merchant and buyer on a key of their own, the arbitrator on an arbitrator key, and the
//! simulation's clock on the sandbox's test clock. The operator key it is given creates the
//! other keys (`POST /v1/keys`) the first time each is needed.
//!
//! It writes the request bodies of docs/API.md itself, as an integrator's code would, so a
//! change to the API that breaks a client breaks this driver's test too.

use super::{Advanced, Answer, Driver, PenaltyView, RateView, TicketView};
use crate::run::SimError;
use redress_domain::buyer::BuyerCommand;
use redress_domain::dispute::{Responsibility, VerdictOutcome};
use redress_domain::evidence::{Evidence, EvidenceKind};
use redress_domain::merchant::MerchantCommand;
use redress_domain::metrics::DayFigures;
use redress_domain::{
    Actor, Currency, Date, Deadline, DeadlineKind, FulfilmentStage, MerchantId, Money,
    OrderCommand, OrderId, ParcelUpdate, Policy, StateName, TicketAction, TicketId, TicketKind,
    Timestamp,
};
use redress_engine::Command;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tokio::sync::{OnceCell, Semaphore};

/// Requests in flight at once: enough to keep the server's group commit busy, few enough
/// not to queue past its request timeout.
const IN_FLIGHT_MAX: usize = 64;

/// How many times a request turned away by a rate limit (429) is sent again.
const RATE_LIMITED_RETRIES_MAX: usize = 30;

/// Codes of refusals that are the API's, not the engine's: a request the simulator should
/// not have made. Every other 403, 404, 409 or 422 is the engine refusing a command, which
/// the simulation counts and goes on from, as it does in-process.
const API_CODES: [&str; 5] = [
    "forbidden",
    "route_unknown",
    "conflict",
    "idempotency_key_in_use",
    "idempotency_key_reused",
];

/// Whom a key acts for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Holder {
    Integration,
    Arbitrator,
    Merchant(String),
    Buyer(String),
}

#[derive(Debug)]
struct Inner {
    client: reqwest::Client,
    /// The server's address, without a trailing slash.
    base: String,
    operator: String,
    keys: Mutex<BTreeMap<Holder, Arc<OnceCell<String>>>>,
    in_flight: Semaphore,
    policy: Policy,
}

/// A sandbox server over HTTP.
#[derive(Clone, Debug)]
pub struct HttpDriver {
    inner: Arc<Inner>,
}

/// A request to the API.
struct Request {
    method: Method,
    path: String,
    body: Option<Value>,
    /// The ticket version an action was decided on (`If-Match`).
    if_match: Option<u64>,
}

impl Request {
    fn new(method: Method, path: String, body: Value) -> Request {
        Request {
            method,
            path,
            body: Some(body),
            if_match: None,
        }
    }

    fn get(path: String) -> Request {
        Request {
            method: Method::GET,
            path,
            body: None,
            if_match: None,
        }
    }
}

impl HttpDriver {
    /// Connect to the server at `url` with an operator's key: it must run in sandbox mode
    /// (the simulation moves its clock), and it must not hold this simulation's orders yet.
    pub async fn connect(url: &str, operator_key: &str) -> Result<HttpDriver, SimError> {
        let base = url.trim_end_matches('/').to_owned();
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(120))
            .build()
            .map_err(|e| SimError::Http(format!("an HTTP client: {e}")))?;
        let health = client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .map_err(|e| SimError::Http(format!("{base}/healthz: {}", causes(&e))))?;
        let health: Value = health
            .json()
            .await
            .map_err(|e| SimError::Http(format!("{base}/healthz: not JSON: {e}")))?;
        if health["mode"] != "sandbox" {
            return Err(SimError::Http(format!(
                "{base} runs in {} mode; the simulator moves the server's clock, so it needs \
                 `redress serve --sandbox` (a test environment, never production)",
                health["mode"]
            )));
        }
        let mut driver = HttpDriver {
            inner: Arc::new(Inner {
                client,
                base,
                operator: operator_key.to_owned(),
                keys: Mutex::new(BTreeMap::new()),
                in_flight: Semaphore::new(IN_FLIGHT_MAX),
                policy: Policy::default(),
            }),
        };
        let (_, policy) = driver
            .read(Request::get("/v1/policy".to_owned()), None)
            .await?;
        let toml = text(&policy["toml"], "policy.toml")?;
        let policy = redress_policy::parse(toml)
            .map_err(|e| SimError::Http(format!("the server's policy does not parse: {e}")))?;
        Arc::get_mut(&mut driver.inner)
            .expect("the driver is not shared before it is returned")
            .policy = policy;
        // The operator key must be able to create the others: find out now, not mid-run.
        driver.key(&Holder::Integration).await?;
        let first = crate::market::order_id(0);
        let (status, _) = driver
            .call(Request::get(format!("/v1/orders/{first}")), None)
            .await?;
        if status != StatusCode::NOT_FOUND {
            return Err(SimError::Http(format!(
                "{} already holds order {first}: the simulator needs a fresh sandbox database",
                driver.inner.base
            )));
        }
        Ok(driver)
    }

    /// Send `request` with `key` (the operator's when `None`); the status and the JSON body.
    async fn call(
        &self,
        request: Request,
        key: Option<&str>,
    ) -> Result<(StatusCode, Value), SimError> {
        let _permit = self
            .inner
            .in_flight
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let url = format!("{}{}", self.inner.base, request.path);
        let send = || {
            let mut builder = self
                .inner
                .client
                .request(request.method.clone(), &url)
                .bearer_auth(key.unwrap_or(&self.inner.operator));
            if let Some(version) = request.if_match {
                builder = builder.header("If-Match", format!("\"{version}\""));
            }
            if let Some(body) = &request.body {
                builder = builder.json(body);
            }
            builder.send()
        };
        let transport =
            |e: reqwest::Error| SimError::Http(format!("{} {url}: {}", request.method, causes(&e)));
        let mut response = send().await.map_err(transport)?;
        // A rate limit turns a request away unprocessed: wait as long as the server says
        // and send it again, a bounded number of times.
        for _ in 0..RATE_LIMITED_RETRIES_MAX {
            if response.status() != StatusCode::TOO_MANY_REQUESTS {
                break;
            }
            let seconds = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(1);
            tokio::time::sleep(std::time::Duration::from_secs(seconds.clamp(1, 60))).await;
            response = send().await.map_err(transport)?;
        }
        let status = response.status();
        let bytes = response.bytes().await.map_err(transport)?;
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).map_err(|e| {
                SimError::Http(format!(
                    "{} {url}: {status} with a body that is not JSON: {e}",
                    request.method
                ))
            })?
        };
        Ok((status, body))
    }

    /// [`HttpDriver::call`] that must succeed.
    async fn read(
        &self,
        request: Request,
        key: Option<&str>,
    ) -> Result<(StatusCode, Value), SimError> {
        let what = format!("{} {}", request.method, request.path);
        let (status, body) = self.call(request, key).await?;
        if status.is_success() {
            Ok((status, body))
        } else {
            Err(failed(&what, status, &body))
        }
    }

    /// The key for `holder`, created the first time it is needed.
    async fn key(&self, holder: &Holder) -> Result<String, SimError> {
        let cell = self
            .inner
            .keys
            .lock()
            .expect("the key cache is never poisoned")
            .entry(holder.clone())
            .or_default()
            .clone();
        cell.get_or_try_init(|| async {
            let mut body = match holder {
                Holder::Integration => json!({ "role": "integration" }),
                Holder::Arbitrator => json!({ "role": "arbitrator" }),
                Holder::Merchant(m) => json!({ "role": "merchant", "merchant_id": m }),
                Holder::Buyer(b) => json!({ "role": "buyer", "buyer_id": b }),
            };
            body["name"] = json!("redress simulate");
            let (_, key) = self
                .read(
                    Request::new(Method::POST, "/v1/keys".to_owned(), body),
                    None,
                )
                .await
                .map_err(|e| {
                    SimError::Http(format!("creating a key with the operator key given: {e}"))
                })?;
            Ok(text(&key["secret"], "secret")?.to_owned())
        })
        .await
        .cloned()
    }

    async fn key_of(&self, actor: &Actor) -> Result<Option<String>, SimError> {
        let holder = match actor {
            Actor::Operator(_) => return Ok(None),
            Actor::Integration => Holder::Integration,
            Actor::Arbitrator(_) => Holder::Arbitrator,
            Actor::Merchant(m) => Holder::Merchant(m.to_string()),
            Actor::Buyer(b) => Holder::Buyer(b.to_string()),
            Actor::System => {
                return Err(SimError::Http(
                    "the system's commands are the engine's own; none goes over HTTP".to_owned(),
                ));
            }
        };
        self.key(&holder).await.map(Some)
    }

    /// The ticket's JSON, read with the operator's key.
    async fn ticket_json(&self, ticket: &TicketId) -> Result<Value, SimError> {
        Ok(self
            .read(Request::get(format!("/v1/tickets/{ticket}")), None)
            .await?
            .1)
    }

    async fn metrics(&self, merchant: &MerchantId, at: Date) -> Result<Value, SimError> {
        Ok(self
            .read(
                Request::get(format!("/v1/merchants/{merchant}/metrics?at={at}")),
                None,
            )
            .await?
            .1)
    }
}

/// An error and every cause under it: reqwest's own message ("error sending request")
/// leaves out whether the connection was refused or timed out.
fn causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// A failure the simulation cannot go on from, with the server's own words.
fn failed(what: &str, status: StatusCode, body: &Value) -> SimError {
    let detail = body["detail"].as_str().unwrap_or("");
    let code = body["code"].as_str().unwrap_or("");
    SimError::Http(format!("{what}: {status} {code}: {detail}"))
}

fn text<'a>(value: &'a Value, field: &str) -> Result<&'a str, SimError> {
    value
        .as_str()
        .ok_or_else(|| SimError::Http(format!("the answer has no text {field}: {value}")))
}

fn number(value: &Value, field: &str) -> Result<i64, SimError> {
    value
        .as_i64()
        .ok_or_else(|| SimError::Http(format!("the answer has no number {field}: {value}")))
}

fn instant(value: &Value, field: &str) -> Result<Timestamp, SimError> {
    text(value, field)?
        .parse()
        .map_err(|e| SimError::Http(format!("{field}: {e}")))
}

fn optional_instant(value: &Value, field: &str) -> Result<Option<Timestamp>, SimError> {
    if value.is_null() {
        Ok(None)
    } else {
        instant(value, field).map(Some)
    }
}

/// One of a domain enumeration's values, by the stable name the API gives it.
fn named<T: Copy>(
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

fn money(m: &Money) -> Value {
    json!({ "amount": m.minor(), "currency": m.currency().to_string() })
}

fn evidence(list: &[Evidence]) -> Value {
    list.iter()
        .map(|e| json!({ "kind": e.kind.as_str(), "reference": e.reference, "note": e.note }))
        .collect()
}

fn outcome(outcome: &VerdictOutcome) -> Value {
    match outcome {
        VerdictOutcome::FullRefund => json!({ "type": "full_refund" }),
        VerdictOutcome::PartialRefund { amount } => {
            json!({ "type": "partial_refund", "amount": money(amount) })
        }
        VerdictOutcome::NoRefund => json!({ "type": "no_refund" }),
    }
}

/// The request that sends `command`, per docs/API.md.
fn request(command: &Command) -> Result<Request, SimError> {
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
                }),
            ),
            OrderCommand::Parcel(update) => {
                let mut body = json!({ "event": update.as_str() });
                match update {
                    ParcelUpdate::TrackingEntered { tracking } => {
                        body["tracking"] = json!(tracking)
                    }
                    ParcelUpdate::Delivered { signer } => body["signer"] = json!(signer.as_str()),
                    ParcelUpdate::InTransit
                    | ParcelUpdate::Refused
                    | ParcelUpdate::ReturnedToSender
                    | ParcelUpdate::Intercepted => {}
                }
                Request::new(Method::POST, format!("/v1/orders/{order}/logistics"), body)
            }
            OrderCommand::OpenTicket(new) => Request::new(
                Method::POST,
                format!("/v1/orders/{order}/tickets"),
                json!({
                    "ticket_id": new.id.as_str(),
                    "kind": new.kind.as_str(),
                    "reason": new.reason.as_str(),
                    "amount": money(&new.amount),
                    "items": new.items.iter().map(|i| i.as_str()).collect::<Vec<_>>(),
                    "description": new.description,
                    "evidence": evidence(&new.evidence),
                }),
            ),
            OrderCommand::Ticket {
                ticket,
                expected_version,
                action,
            } => {
                let feed = |event: &str| {
                    Request::new(
                        Method::POST,
                        format!("/v1/orders/{order}/logistics"),
                        json!({ "event": event, "ticket_id": ticket.as_str() }),
                    )
                };
                let refund = |body: Value| {
                    Request::new(Method::POST, format!("/v1/payments/refunds/{ticket}"), body)
                };
                let mut body = json!({ "action": action.name() });
                match action {
                    TicketAction::ReturnInTransit
                    | TicketAction::ReturnSigned
                    | TicketAction::ReplacementDelivered => {
                        return Ok(feed(action.name()));
                    }
                    TicketAction::RefundSucceeded { payment_reference } => {
                        return Ok(refund(
                            json!({ "outcome": "succeeded", "payment_reference": payment_reference }),
                        ));
                    }
                    TicketAction::RefundFailed { reason } => {
                        return Ok(refund(json!({ "outcome": "failed", "reason": reason })));
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
                    | TicketAction::RetryRefund => return unsent(action.name()),
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
                        body["reason"] = json!(reason);
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
                        body["reasoning"] = json!(reasoning);
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
            | MerchantCommand::CloseRefundHandling { .. }
            | MerchantCommand::RestoreRefundHandling
            | MerchantCommand::SetPlatformFastRefundExclusion { .. }
            | MerchantCommand::Penalise { .. }
            | MerchantCommand::AppealPenalty { .. }
            | MerchantCommand::RevokePenalty { .. } => return unsent("this merchant command"),
        },
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
fn ticket_view(json: &Value) -> Result<TicketView, SimError> {
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
fn day_figures(day: &Value) -> Result<DayFigures, SimError> {
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
    })
}

fn date(value: &Value, field: &str) -> Result<Date, SimError> {
    text(value, field)?
        .parse()
        .map_err(|e| SimError::Http(format!("{field}: {e}")))
}

impl Driver for HttpDriver {
    fn policy(&self) -> &Policy {
        &self.inner.policy
    }

    async fn now(&self) -> Result<Timestamp, SimError> {
        let (_, clock) = self
            .read(Request::get("/v1/sandbox/clock".to_owned()), None)
            .await?;
        instant(&clock["now"], "now")
    }

    async fn submit(&self, actor: Actor, command: Command) -> Result<Answer, SimError> {
        let request = request(&command)?;
        let what = format!("{} {}", request.method, request.path);
        let key = self.key_of(&actor).await?;
        let (status, body) = self.call(request, key.as_deref()).await?;
        if status.is_success() {
            return Ok(Answer::Accepted);
        }
        let code = body["code"].as_str().unwrap_or("");
        let refusal =
            matches!(status.as_u16(), 403 | 404 | 409 | 422) && !API_CODES.contains(&code);
        if refusal {
            Ok(Answer::Refused(code.to_owned()))
        } else {
            Err(failed(&what, status, &body))
        }
    }

    async fn ticket(
        &self,
        _merchant: &MerchantId,
        _order: &OrderId,
        ticket: &TicketId,
    ) -> Result<TicketView, SimError> {
        ticket_view(&self.ticket_json(ticket).await?)
    }

    async fn advance_to(&self, to: Timestamp) -> Result<Advanced, SimError> {
        let request = Request::new(
            Method::POST,
            "/v1/sandbox/clock/advance".to_owned(),
            json!({ "to": to.to_string() }),
        );
        let (status, body) = self.call(request, None).await?;
        if body["code"] == "clock_went_back" {
            return Err(SimError::Clock(format!(
                "the server's sandbox clock is past {to}, where the simulation starts: start a \
                 fresh sandbox with `redress serve --sandbox --sandbox-start {to}`, or start the \
                 simulation later (`--start`): {}",
                body["detail"].as_str().unwrap_or("")
            )));
        }
        if !status.is_success() {
            return Err(failed("POST /v1/sandbox/clock/advance", status, &body));
        }
        let fired = body["deadlines_fired"]
            .as_object()
            .map(|kinds| kinds.values().filter_map(Value::as_u64).sum())
            .unwrap_or(0);
        let evaluations = body["evaluations_run"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|d| date(d, "evaluations_run"))
            .collect::<Result<_, _>>()?;
        Ok(Advanced {
            deadlines_fired: fired,
            evaluations,
        })
    }

    async fn penalties(
        &self,
        merchant: &MerchantId,
        day: Date,
    ) -> Result<Vec<PenaltyView>, SimError> {
        let (_, list) = self
            .read(
                Request::get(format!("/v1/merchants/{merchant}/penalties")),
                None,
            )
            .await?;
        let day = day.to_string();
        let mut penalties = Vec::new();
        // Newest first by id; the engine's own order is by id, oldest first.
        for p in list["data"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .rev()
        {
            if p["evaluated_on"] != day.as_str() {
                continue;
            }
            let measures = p["measures"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default();
            let mut fine_minor = 0;
            for m in measures.iter().filter(|m| m["measure"] == "fine") {
                fine_minor += number(&m["amount"]["amount"], "measures.amount")?;
            }
            penalties.push(PenaltyView {
                kind: text(&p["standard"], "standard")?.to_owned(),
                severity: text(&p["severity"], "severity")?.to_owned(),
                fine_minor,
                refund_handling_closed: measures
                    .iter()
                    .any(|m| m["measure"] == "refund_handling_closed"),
            });
        }
        Ok(penalties)
    }

    async fn dispute_rates(
        &self,
        merchants: &[MerchantId],
        day: Date,
    ) -> Result<Vec<Option<RateView>>, SimError> {
        let mut running = tokio::task::JoinSet::new();
        for (i, merchant) in merchants.iter().enumerate() {
            let driver = self.clone();
            let merchant = merchant.clone();
            running.spawn(async move { (i, driver.metrics(&merchant, day).await) });
        }
        let mut rates = vec![None; merchants.len()];
        while let Some(done) = running.join_next().await {
            let (i, metrics) = done.map_err(|e| SimError::Http(format!("reading metrics: {e}")))?;
            let metrics = metrics?;
            // A merchant without a day of figures in the window has no row to report.
            if metrics["daily"].as_array().is_none_or(Vec::is_empty) {
                continue;
            }
            let d = &metrics["dispute_rate"];
            rates[i] = Some(RateView {
                disputes: number(&d["rate"]["numerator"], "dispute_rate.rate.numerator")?,
                orders: number(&d["rate"]["denominator"], "dispute_rate.rate.denominator")?,
                rate_ppm: d["rate"]["rate_ppm"].as_i64(),
                platform_ppm: d["platform"]["rate_ppm"].as_i64(),
                verdict: text(&d["verdict"], "dispute_rate.verdict")?.to_owned(),
            });
        }
        Ok(rates)
    }

    async fn merchant_days(
        &self,
        merchant: &MerchantId,
        from: Date,
        to: Date,
    ) -> Result<Vec<(Date, DayFigures)>, SimError> {
        // The metrics give the daily series of the window before a day: walk back window by
        // window from the day after `to` until the windows cover `from`.
        let mut days = Vec::new();
        let mut at = to.tomorrow().map_err(|e| SimError::Setup(e.to_string()))?;
        loop {
            let metrics = self.metrics(merchant, at).await?;
            for day in metrics["daily"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                let on = date(&day["day"], "daily.day")?;
                if (from..=to).contains(&on) {
                    days.push((on, day_figures(day)?));
                }
            }
            let window_from = date(&metrics["window_from"], "window_from")?;
            if window_from <= from {
                break;
            }
            at = window_from;
        }
        days.sort_by_key(|(day, _)| *day);
        Ok(days)
    }
}
