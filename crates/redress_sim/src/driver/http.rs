//! A running `redress serve --sandbox`, through its public HTTP API, as a platform's systems
//! would reach it: the order, logistics and payment feeds on an integration key, each
//! merchant and buyer on a key of their own, the arbitrator on an arbitrator key, and the
//! simulation's clock on the sandbox's test clock. The operator key it is given creates the
//! other keys (`POST /v1/keys`) the first time each is needed.
//!
//! It writes the request bodies of docs/API.md itself (`wire`), as an integrator's code
//! would, so a change to the API that breaks a client breaks this driver's test too.

mod wire;

use super::{Advanced, Answer, Driver, PenaltyView, RateView, TicketView};
use crate::run::SimError;
use redress_domain::metrics::{DayFigures, Window};
use redress_domain::{Actor, Date, MerchantId, OrderId, Policy, TicketId, Timestamp};
use redress_engine::Command;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tokio::sync::{OnceCell, Semaphore};
use wire::{Request, date, day_figures, instant, number, request, text, ticket_view};

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
            Actor::Merchant(m) | Actor::MerchantStaff(m, _) => Holder::Merchant(m.to_string()),
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
        // Every page: the list is paged (newest first by id).
        let mut all = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                None => format!("/v1/merchants/{merchant}/penalties?limit=200"),
                Some(c) => format!("/v1/merchants/{merchant}/penalties?limit=200&cursor={c}"),
            };
            let (_, list) = self.read(Request::get(path), None).await?;
            all.extend(list["data"].as_array().cloned().unwrap_or_default());
            match list["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => break,
            }
        }
        let day = day.to_string();
        let mut penalties = Vec::new();
        // The engine's own order is by id, oldest first.
        for p in all.iter().rev() {
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
                threshold_ppm: d["threshold_ppm"].as_i64(),
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
        let mut at = Window::evaluated_after(to)
            .ok_or_else(|| SimError::Setup(format!("no day after {to}")))?;
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
