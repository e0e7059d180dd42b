//! Checking a step's expectations. Each failed expectation becomes one line naming the step,
//! the key, what was expected and what was found.

use crate::format::{Action, Expect, Step};
use crate::parse;
use redress_domain::dispute::{self, Responsibility};
use redress_domain::evidence::Side;
use redress_domain::{Order, OrderId, Rejection, Ticket, TicketId, TicketState, Timestamp};
use redress_engine::{Engine, EngineError, EvaluationReport, FireReport, Receipt};
use redress_store::{AnyStore, projection};
use std::collections::BTreeMap;

/// What a step did, for the checks.
#[derive(Debug, Default)]
pub struct Observed {
    pub start: Timestamp,
    pub now: Timestamp,
    pub fired: Option<FireReport>,
    pub order: Option<OrderId>,
    pub result: Option<Result<Receipt, EngineError>>,
    /// What an `evaluate` step recorded.
    pub evaluation: Option<EvaluationReport>,
}

pub async fn step(
    engine: &Engine<AnyStore>,
    step: &Step,
    expect: Option<&Expect>,
    observed: &mut Observed,
    label: &str,
    failures: &mut Vec<String>,
) -> Result<(), String> {
    let default = Expect::default();
    let expect = expect.unwrap_or(&default);
    let mut fail = |what: String| failures.push(format!("{label}: {what}"));

    match (&observed.result, &expect.error) {
        (Some(Err(error)), Some(code)) if error.code() == code => {}
        (Some(Err(error)), Some(code)) => fail(format!(
            "expected error {code}, got {}: {error}",
            error.code()
        )),
        (Some(Ok(receipt)), Some(code)) => fail(format!(
            "expected error {code}, but it succeeded with {:?}",
            receipt.events
        )),
        (None, Some(_)) => return Err("`expect.error` needs a `do`".to_owned()),
        // `error_missing` alone expects the refusal too; it is checked below.
        (Some(Err(_)), None) if expect.error_missing.is_some() => {}
        (Some(Err(error)), None) => fail(format!("unexpected error {}: {error}", error.code())),
        (Some(Ok(_)) | None, None) => {}
    }
    if let Some(wanted) = &expect.error_missing {
        for kind in wanted {
            parse::evidence_kind(kind)?;
        }
        match &observed.result {
            Some(Err(error)) => match error.rejection() {
                Some(Rejection::EvidenceMissing { missing }) => {
                    let actual: Vec<&str> = missing.iter().map(|k| k.as_str()).collect();
                    if actual != *wanted {
                        fail(format!(
                            "expected evidence missing {wanted:?}, got {actual:?}"
                        ));
                    }
                }
                _ => fail(format!(
                    "expected evidence missing {wanted:?}, got {}: {error}",
                    error.code()
                )),
            },
            Some(Ok(receipt)) => fail(format!(
                "expected evidence missing {wanted:?}, but it succeeded with {:?}",
                receipt.events
            )),
            None => return Err("`expect.error_missing` needs a `do`".to_owned()),
        }
    }
    if let Some(events) = &expect.events {
        match &observed.result {
            Some(Ok(receipt))
                if receipt
                    .events
                    .iter()
                    .map(|e| e.as_str())
                    .eq(events.iter().map(String::as_str)) => {}
            Some(Ok(receipt)) => fail(format!(
                "expected events {events:?}, got {:?}",
                receipt.events
            )),
            _ => fail(format!(
                "expected events {events:?}, but there was no successful action"
            )),
        }
    }
    if let Some(replayed) = expect.replayed {
        match &observed.result {
            Some(Ok(receipt)) if receipt.replayed == replayed => {}
            Some(Ok(receipt)) => fail(format!(
                "expected replayed = {replayed}, got {}",
                receipt.replayed
            )),
            _ => fail("expected a receipt to check `replayed`".to_owned()),
        }
    }
    if let Some(expected) = &expect.fired {
        let fired = observed.fired.clone().unwrap_or_default();
        let mut actual = std::collections::BTreeMap::new();
        for (kind, n) in &fired.fired {
            actual.insert(kind.as_str().to_owned(), *n);
        }
        for kind in expected.keys() {
            parse::deadline_kind(kind)?;
        }
        let wanted: std::collections::BTreeMap<String, u64> = expected
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(k, n)| (k.clone(), *n))
            .collect();
        if wanted != actual {
            fail(format!(
                "expected deadlines fired {wanted:?}, got {actual:?}"
            ));
        }
    }

    if let Some(wanted) = &expect.metrics {
        metrics(engine, wanted, observed.now, &mut fail).await?;
    }
    if let Some(wanted) = &expect.penalised {
        let Some(run) = &observed.evaluation else {
            return Err("`expect.penalised` needs `do = \"evaluate\"`".to_owned());
        };
        let describe = |merchant: &str,
                        kind: &str,
                        severity: &str,
                        measures: Option<&[String]>,
                        earlier: Option<u32>| {
            let mut line = format!("{merchant} {kind} {severity}");
            if let Some(measures) = measures {
                line.push_str(&format!(" {measures:?}"));
            }
            if let Some(earlier) = earlier {
                line.push_str(&format!(" after {earlier} earlier"));
            }
            line
        };
        let expected: Vec<String> = wanted
            .iter()
            .map(|p| {
                describe(
                    &p.merchant,
                    &p.kind,
                    &p.severity,
                    p.measures.as_deref(),
                    p.earlier_violations,
                )
            })
            .collect();
        let actual: Vec<String> = run
            .recorded
            .iter()
            .zip(wanted.iter().map(Some).chain(std::iter::repeat(None)))
            .map(|((merchant, penalty), want)| {
                let measures: Vec<String> = penalty
                    .measures
                    .iter()
                    .map(|m| m.code().to_owned())
                    .collect();
                describe(
                    merchant.as_str(),
                    penalty.kind.as_str(),
                    penalty.severity.as_str(),
                    want.and_then(|w| w.measures.as_ref())
                        .map(|_| measures.as_slice()),
                    want.and_then(|w| w.earlier_violations)
                        .map(|_| penalty.evidence.earlier_violations),
                )
            })
            .collect();
        if expected != actual {
            fail(format!("expected penalties {expected:?}, got {actual:?}"));
        }
    }

    if let Some(wanted) = &expect.creator_metrics {
        creator_metrics(engine, wanted, observed.now, &mut fail).await?;
    }
    if let Some(wanted) = &expect.creators_penalised {
        let Some(run) = &observed.evaluation else {
            return Err("`expect.creators_penalised` needs `do = \"evaluate\"`".to_owned());
        };
        let expected: Vec<String> = wanted
            .iter()
            .map(|p| {
                let mut line = format!("{} {} {}", p.creator, p.kind, p.severity);
                if let Some(measures) = &p.measures {
                    line.push_str(&format!(" {measures:?}"));
                }
                if let Some(earlier) = p.earlier_violations {
                    line.push_str(&format!(" after {earlier} earlier"));
                }
                line
            })
            .collect();
        let actual: Vec<String> = run
            .creator_penalties
            .iter()
            .zip(wanted.iter().map(Some).chain(std::iter::repeat(None)))
            .map(|((creator, penalty), want)| {
                let mut line = format!(
                    "{creator} {} {}",
                    penalty.kind.as_str(),
                    penalty.severity.as_str()
                );
                if want.is_some_and(|w| w.measures.is_some()) {
                    let measures: Vec<String> = penalty
                        .measures
                        .iter()
                        .map(|m| m.code().to_owned())
                        .collect();
                    line.push_str(&format!(" {measures:?}"));
                }
                if want.is_some_and(|w| w.earlier_violations.is_some()) {
                    line.push_str(&format!(
                        " after {} earlier",
                        penalty.evidence.earlier_violations
                    ));
                }
                line
            })
            .collect();
        if expected != actual {
            fail(format!(
                "expected creators' penalties {expected:?}, got {actual:?}"
            ));
        }
    }

    let ticket_id = expect
        .ticket
        .as_deref()
        .or(step.action.as_ref().and_then(Action::ticket));
    let order = match (ticket_id, &observed.order) {
        (Some(t), _) => {
            let id = TicketId::parse(t).map_err(|e| format!("ticket {e}"))?;
            engine
                .order_of_ticket(&id)
                .await
                .map_err(|e| e.to_string())?
        }
        (None, Some(o)) => engine.order(o).await.map_err(|e| e.to_string())?,
        (None, None) => None,
    };
    if let Some(expected) = &expect.fulfilment {
        match &order {
            Some(o) => {
                let actual = projection::order_row(o).fulfilment;
                if actual != expected {
                    fail(format!("expected fulfilment {expected}, got {actual}"));
                }
            }
            None => fail(format!(
                "expected fulfilment {expected}, but there is no order"
            )),
        }
    }
    if let Some(expected) = &expect.line_refunded {
        match &order {
            Some(o) => {
                let actual: BTreeMap<String, i64> = o
                    .items
                    .iter()
                    .map(|i| (i.id.to_string(), o.refunded_on(&i.id)))
                    .collect();
                if &actual != expected {
                    fail(format!(
                        "expected line_refunded {expected:?}, got {actual:?}"
                    ));
                }
            }
            None => fail("expected an order to check `line_refunded`".to_owned()),
        }
    }
    if let Some(expected) = expect.order_refunded {
        match &order {
            Some(o) if o.refunded().minor() == expected => {}
            Some(o) => fail(format!(
                "expected order refunded {expected}, got {}",
                o.refunded().minor()
            )),
            None => fail("expected an order to check `order_refunded`".to_owned()),
        }
    }
    let ticket = match (&order, ticket_id) {
        (Some(o), Some(t)) => o.tickets.values().find(|x| x.id.as_str() == t),
        _ => None,
    };
    let wants_ticket = expect.state.is_some()
        || expect.closed_cause.is_some()
        || expect.course.is_some()
        || expect.amount.is_some()
        || expect.refunded.is_some()
        || expect.refunding_amount.is_some()
        || expect.shipping_fee.is_some()
        || expect.return_shipping.is_some()
        || expect.lines.is_some()
        || expect.auto_rule.is_some()
        || expect.note_contains.is_some()
        || expect.overdue_approved.is_some()
        || expect.deadline.is_some()
        || expect.due_in.is_some()
        || expect.disputed.is_some()
        || expect.dispute_rounds.is_some()
        || expect.dispute_first_requested.is_some()
        || expect.dispute_opened_by.is_some()
        || expect.merchant_responsible.is_some()
        || expect.suggestion.is_some()
        || expect.suggested_responsibility.is_some()
        || expect.missing_merchant.is_some()
        || expect.missing_buyer.is_some()
        || expect.forced_shipping.is_some()
        || expect.refund_alert.is_some();
    let (Some(order), Some(ticket)) = (&order, ticket) else {
        if wants_ticket {
            fail(format!(
                "ticket {} not found",
                ticket_id.unwrap_or("(none named)")
            ));
        }
        return Ok(());
    };
    check_ticket(order, ticket, expect, observed, &mut fail)
}

fn check_ticket(
    order: &Order,
    ticket: &Ticket,
    expect: &Expect,
    observed: &Observed,
    fail: &mut impl FnMut(String),
) -> Result<(), String> {
    let mut compare = |key: &str, expected: String, actual: String| {
        if expected != actual {
            fail(format!("expected {key} {expected}, got {actual}"));
        }
    };
    if let Some(e) = &expect.state {
        compare("state", e.clone(), ticket.state.name().as_str().to_owned());
    }
    if let Some(e) = &expect.closed_cause {
        let actual = match ticket.state {
            TicketState::Closed { cause, .. } => cause.as_str(),
            _ => "none",
        };
        compare("closed_cause", e.clone(), actual.to_owned());
    }
    if let Some(e) = &expect.course {
        compare("course", e.clone(), ticket.course.as_str().to_owned());
    }
    if let Some(e) = expect.amount {
        compare("amount", e.to_string(), ticket.amount.minor().to_string());
    }
    if let Some(e) = expect.refunded {
        compare(
            "refunded",
            e.to_string(),
            ticket.refunded.minor().to_string(),
        );
    }
    if let Some(e) = &expect.lines {
        let actual: BTreeMap<String, (u32, i64)> = ticket
            .items
            .iter()
            .map(|l| (l.item.to_string(), (l.quantity, l.amount.minor())))
            .collect();
        compare("lines", format!("{e:?}"), format!("{actual:?}"));
    }
    if let Some(e) = expect.shipping_fee {
        compare(
            "shipping_fee",
            e.to_string(),
            ticket.shipping_fee.minor().to_string(),
        );
    }
    if let Some(e) = &expect.return_shipping {
        let actual = ticket.return_shipping.map_or("none", |p| p.as_str());
        compare("return_shipping", e.clone(), actual.to_owned());
    }
    if let Some(e) = expect.refunding_amount {
        let actual = match ticket.state {
            TicketState::Refunding { amount, .. } => amount.minor().to_string(),
            ref other => format!("(not refunding: {})", other.name().as_str()),
        };
        compare("refunding_amount", e.to_string(), actual);
    }
    if let Some(e) = &expect.auto_rule {
        let actual = ticket
            .auto_rule
            .as_ref()
            .map_or("none".to_owned(), projection::rule_label);
        compare("auto_rule", e.clone(), actual);
    }
    if let Some(e) = &expect.note_contains
        && !ticket.notes.iter().any(|n| n.contains(e.as_str()))
    {
        compare("note containing", e.clone(), format!("{:?}", ticket.notes));
    }
    if let Some(e) = expect.overdue_approved {
        compare(
            "overdue_approved",
            e.to_string(),
            ticket.overdue_approved.to_string(),
        );
    }
    let deadline = ticket.deadline();
    if let Some(e) = &expect.deadline {
        compare(
            "deadline",
            e.clone(),
            deadline.map_or("none".to_owned(), |d| d.kind.as_str().to_owned()),
        );
    }
    if let Some(e) = &expect.due_in {
        let wanted = parse::duration(e)?;
        match deadline {
            Some(d) => {
                let actual = d.due_at.duration_since(observed.now);
                if actual != wanted {
                    compare("due_in", format!("{wanted:#}"), format!("{actual:#}"));
                }
            }
            None => compare("due_in", e.clone(), "no deadline".to_owned()),
        }
    }
    let disputed = ticket.dispute.as_ref();
    if let Some(e) = expect.disputed {
        compare("disputed", e.to_string(), disputed.is_some().to_string());
    }
    if let Some(e) = expect.dispute_rounds {
        compare(
            "dispute_rounds",
            e.to_string(),
            disputed.map_or(0, |d| d.rounds).to_string(),
        );
    }
    if let Some(e) = &expect.dispute_first_requested {
        let wanted = parse::duration(e)?;
        let actual = disputed.map(|d| d.first_requested_at.duration_since(observed.start));
        compare(
            "dispute_first_requested",
            format!("{wanted:#}"),
            actual.map_or("no dispute".to_owned(), |a| format!("{a:#}")),
        );
    }
    if let Some(e) = &expect.dispute_opened_by {
        compare(
            "dispute_opened_by",
            e.clone(),
            disputed.map_or("none", |d| d.opened_by.as_str()).to_owned(),
        );
    }
    if let Some(e) = expect.merchant_responsible {
        compare(
            "merchant_responsible",
            e.to_string(),
            disputed
                .is_some_and(|d| d.merchant_responsible())
                .to_string(),
        );
    }
    let suggestion = dispute::suggest(order, ticket);
    if let Some(e) = &expect.suggestion {
        compare(
            "suggestion",
            e.clone(),
            suggestion
                .as_ref()
                .map_or("none", |s| s.rule.as_str())
                .to_owned(),
        );
    }
    if let Some(e) = &expect.suggested_responsibility {
        compare(
            "suggested_responsibility",
            e.clone(),
            suggestion
                .as_ref()
                .map_or("none", |s| Responsibility::as_str(s.responsibility))
                .to_owned(),
        );
    }
    for (side, wanted) in [
        (Side::Merchant, &expect.missing_merchant),
        (Side::Buyer, &expect.missing_buyer),
    ] {
        if let Some(wanted) = wanted {
            let missing: Vec<String> = dispute::checklist(ticket, side)
                .into_iter()
                .filter(|item| !item.given)
                .map(|item| item.kind.as_str().to_owned())
                .collect();
            compare(
                &format!("missing evidence ({})", side.as_str()),
                format!("{wanted:?}"),
                format!("{missing:?}"),
            );
        }
    }
    if let Some(e) = expect.forced_shipping {
        compare(
            "forced_shipping",
            e.to_string(),
            ticket.shipped_while_pending.to_string(),
        );
    }
    if let Some(e) = expect.refund_alert {
        compare(
            "refund_alert",
            e.to_string(),
            ticket.refund_alert.is_some().to_string(),
        );
    }
    Ok(())
}

/// The `creator_metrics` expectation: the creator's window that ends with today.
async fn creator_metrics(
    engine: &Engine<AnyStore>,
    wanted: &crate::format::CreatorMetricsExpect,
    now: Timestamp,
    fail: &mut impl FnMut(String),
) -> Result<(), String> {
    let creator = redress_domain::CreatorId::parse(&wanted.creator)
        .map_err(|e| format!("creator_metrics creator {e}"))?;
    let today = now.to_zoned(engine.zone()).date();
    let evaluated = redress_domain::metrics::Window::evaluated_after(today)
        .ok_or_else(|| format!("no day after {today}"))?;
    let figures = engine
        .creator_metrics(&creator, evaluated)
        .await
        .map_err(|e| e.to_string())?;
    for (key, expected, actual) in [
        ("orders_paid", wanted.orders_paid, figures.sums.orders_paid),
        (
            "counted_disputes",
            wanted.counted_disputes,
            figures.report.dispute_rate.rate.numerator,
        ),
    ] {
        if let Some(expected) = expected
            && expected != actual
        {
            fail(format!(
                "expected creator_metrics {key} {expected}, got {actual}"
            ));
        }
    }
    if let Some(expected) = &wanted.rate {
        let actual = match figures.report.dispute_rate.verdict {
            redress_domain::metrics::report::Verdict::Pass => "pass",
            redress_domain::metrics::report::Verdict::Fail => "fail",
            redress_domain::metrics::report::Verdict::NoData => "no_data",
        };
        if expected != actual {
            fail(format!(
                "expected creator_metrics rate {expected}, got {actual}"
            ));
        }
    }
    Ok(())
}

/// The `metrics` expectation: the merchant's window that ends with today.
async fn metrics(
    engine: &Engine<AnyStore>,
    wanted: &crate::format::MetricsExpect,
    now: Timestamp,
    fail: &mut impl FnMut(String),
) -> Result<(), String> {
    let merchant = redress_domain::MerchantId::parse(&wanted.merchant)
        .map_err(|e| format!("metrics merchant {e}"))?;
    let today = now.to_zoned(engine.zone()).date();
    let evaluated = redress_domain::metrics::Window::evaluated_after(today)
        .ok_or_else(|| format!("no day after {today}"))?;
    let figures = engine
        .merchant_metrics(&merchant, evaluated)
        .await
        .map_err(|e| e.to_string())?;
    let sums = &figures.sums;
    let counts = [
        ("orders_paid", wanted.orders_paid, sums.orders_paid),
        ("disputes", wanted.disputes, sums.disputes()),
        (
            "buyer_disputes",
            wanted.buyer_disputes,
            sums.disputes_buyer_escalated(),
        ),
        (
            "counted_disputes",
            wanted.counted_disputes,
            figures.report.dispute_rate.rate.numerator,
        ),
        (
            "refunds_completed",
            wanted.refunds_completed,
            sums.refunds_completed,
        ),
        (
            "merchant_responsible",
            wanted.merchant_responsible,
            sums.merchant_responsible,
        ),
        (
            "refund_only_completed",
            wanted.refund_only_completed,
            sums.refund_only_completed,
        ),
        (
            "refund_only_seconds",
            wanted.refund_only_seconds,
            sums.refund_only_seconds,
        ),
        (
            "return_refund_completed",
            wanted.return_refund_completed,
            sums.return_refund_completed,
        ),
        (
            "return_refund_seconds",
            wanted.return_refund_seconds,
            sums.return_refund_seconds,
        ),
        ("tickets_opened", wanted.tickets_opened, sums.tickets_opened),
        (
            "overdue_approved",
            wanted.overdue_approved,
            sums.overdue_approved,
        ),
    ];
    for (key, expected, actual) in counts {
        if let Some(expected) = expected
            && expected != actual
        {
            fail(format!("expected metrics {key} {expected}, got {actual}"));
        }
    }
    let report = &figures.report;
    if let Some(expected) = &wanted.responsible_rate {
        let actual = match report.responsible_rate.verdict {
            redress_domain::metrics::report::Verdict::Pass => "pass",
            redress_domain::metrics::report::Verdict::Fail => "fail",
            redress_domain::metrics::report::Verdict::NoData => "no_data",
        };
        if expected != actual {
            fail(format!(
                "expected metrics responsible_rate {expected}, got {actual}"
            ));
        }
    }
    let score = |tenths: Option<u32>| {
        tenths.map_or("none".to_owned(), |t| {
            if t % 10 == 0 {
                (t / 10).to_string()
            } else {
                format!("{}.{}", t / 10, t % 10)
            }
        })
    };
    for (key, expected, actual) in [
        (
            "refund_only_score",
            &wanted.refund_only_score,
            report.refund_only_time.score_tenths,
        ),
        (
            "return_refund_score",
            &wanted.return_refund_score,
            report.return_refund_time.score_tenths,
        ),
    ] {
        if let Some(expected) = expected
            && *expected != score(actual)
        {
            fail(format!(
                "expected metrics {key} {expected}, got {}",
                score(actual)
            ));
        }
    }
    Ok(())
}
