//! The merchant's auto-approve strategies (自动同意策略): the list, an editor, and a dry run
//! over the last 30 days ("this rule would have approved 412 tickets") before saving.
//!
//! The dry run asks the domain's own matcher (`automatic::matches_at`) about each ticket the
//! merchant received in the window, as it was opened: the stage its order was at then
//! (`stage_at_opening`), and the buyer's trust as it is now (past trust is not kept).

use super::session::{Chrome, Viewer};
use super::tickets::parse_yuan;
use super::{MessagePage, page, require};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use redress_domain::automatic::{matches_at, request_of, stage_at_opening};
use redress_domain::buyer::is_trusted;
use redress_domain::merchant::{Condition, Merchant, MerchantCommand, StrategyAction};
use redress_domain::{
    FulfilmentStage, MerchantId, OrderId, Reason, StrategyId, TicketId, TicketKind,
};
use redress_engine::{Command, Submission};
use redress_http::AppState;
use redress_http::auth::Scope;
use redress_http::error::ApiError;
use redress_store::api::{ApiStore, TICKET_PAGE_MAX, TicketCursor, TicketFilter};
use serde::Deserialize;
use std::collections::HashMap;

/// The dry run looks at most this many tickets of the window (newest are not favoured: the
/// list is read oldest first from the window's start).
const DRY_RUN_TICKETS_MAX: usize = 5_000;
const DRY_RUN_DAYS: i64 = 30;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/merchant/strategies", get(strategies_page).post(submit))
        .route("/merchant/strategies/disable", post(disable))
}

struct Choice {
    value: &'static str,
    label: &'static str,
    checked: bool,
}

struct StrategyRow {
    id: String,
    name: String,
    version: u32,
    enabled: bool,
    action: &'static str,
    condition: String,
    /// The editor's link to load it.
    edit_query: String,
}

struct DryRun {
    matched: usize,
    looked_at: usize,
    truncated: bool,
    examples: Vec<String>,
}

#[derive(Template)]
#[template(path = "console/merchant/strategies.html")]
struct StrategiesPage {
    chrome: Chrome,
    strategies: Vec<StrategyRow>,
    id: String,
    name: String,
    kinds: Vec<Choice>,
    reasons: Vec<Choice>,
    stages: Vec<Choice>,
    amount_max: String,
    categories: String,
    trusted_only: bool,
    action: String,
    errors: HashMap<&'static str, String>,
    dry_run: Option<DryRun>,
    notice: Option<&'static str>,
}

impl StrategiesPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field).map(String::as_str)
    }
}

/// The editor's fields, from the query (loading a strategy) or the posted form.
#[derive(Clone, Debug, Default)]
struct Draft {
    id: String,
    name: String,
    kinds: Vec<String>,
    reasons: Vec<String>,
    stages: Vec<String>,
    amount_max: String,
    categories: String,
    trusted_only: bool,
    action: String,
    intent: String,
    done: String,
}

impl Draft {
    fn parse(raw: &str) -> Draft {
        let mut draft = Draft::default();
        for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
            let value = value.trim().to_owned();
            match key.as_ref() {
                "id" => draft.id = value,
                "name" => draft.name = value,
                "kind" => draft.kinds.push(value),
                "reason" => draft.reasons.push(value),
                "stage" => draft.stages.push(value),
                "amount_max" => draft.amount_max = value,
                "categories" => draft.categories = value,
                "trusted_only" => draft.trusted_only = true,
                "action" => draft.action = value,
                "intent" => draft.intent = value,
                "done" => draft.done = value,
                _ => {}
            }
        }
        draft
    }

    /// The domain's condition, or the fields that are wrong.
    fn condition(&self, chrome: &Chrome) -> Result<Condition, HashMap<&'static str, String>> {
        let mut errors = HashMap::new();
        let amount_max_minor = match self.amount_max.as_str() {
            "" => None,
            raw => match parse_yuan(raw) {
                Some(minor) => Some(minor),
                None => {
                    errors.insert("amount_max", chrome.t("merchant.amount_invalid").to_owned());
                    None
                }
            },
        };
        let kinds = TicketKind::ALL
            .into_iter()
            .filter(|k| self.kinds.iter().any(|v| v == k.as_str()))
            .collect();
        let reasons = Reason::ALL
            .into_iter()
            .filter(|r| self.reasons.iter().any(|v| v == r.as_str()))
            .collect();
        let stages = FulfilmentStage::ALL
            .into_iter()
            .filter(|s| self.stages.iter().any(|v| v == stage_name(*s)))
            .collect();
        let categories = self
            .categories
            .split([',', '，', '、'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        if errors.is_empty() {
            Ok(Condition {
                kinds,
                reasons,
                amount_max_minor,
                categories,
                trusted_buyer_only: self.trusted_only,
                stages,
            })
        } else {
            Err(errors)
        }
    }

    fn action(&self) -> StrategyAction {
        match self.action.as_str() {
            "refund_on_return_signed" => StrategyAction::RefundOnReturnSigned,
            _ => StrategyAction::Approve,
        }
    }
}

fn stage_name(stage: FulfilmentStage) -> &'static str {
    match stage {
        FulfilmentStage::Unshipped => "unshipped",
        FulfilmentStage::Shipped => "shipped",
        FulfilmentStage::InTransit => "in_transit",
        FulfilmentStage::Delivered => "delivered",
        FulfilmentStage::Returning => "returning",
    }
}

fn merchant_of(viewer: &Viewer) -> Option<MerchantId> {
    match &viewer.principal.scope {
        Scope::Merchant(m) => Some(m.clone()),
        _ => None,
    }
}

async fn strategies_page(
    State(state): State<AppState>,
    viewer: Viewer,
    uri: axum::http::Uri,
) -> Response {
    if let Err(refused) = require(&viewer, redress_http::access::MERCHANTS) {
        return *refused;
    }
    let draft = Draft::parse(uri.query().unwrap_or(""));
    let notice = match draft.done.as_str() {
        "saved" => Some(viewer.chrome.t("strategies.saved")),
        "disabled" => Some(viewer.chrome.t("strategies.disabled")),
        _ => None,
    };
    render(
        &state,
        viewer,
        draft,
        HashMap::new(),
        None,
        notice,
        StatusCode::OK,
    )
    .await
}

/// The editor's two buttons: dry run, or save (`PUT /v1/merchants/{id}/strategies/{sid}`).
async fn submit(State(state): State<AppState>, viewer: Viewer, body: String) -> Response {
    if let Err(refused) = require(&viewer, redress_http::access::MERCHANTS) {
        return *refused;
    }
    let Some(merchant) = merchant_of(&viewer) else {
        return MessagePage::forbidden(viewer.chrome);
    };
    let draft = Draft::parse(&body);
    let condition = match draft.condition(&viewer.chrome) {
        Ok(condition) => condition,
        Err(errors) => {
            return render(
                &state,
                viewer,
                draft,
                errors,
                None,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    if draft.intent == "dry_run" {
        return match dry_run(&state, &merchant, &condition).await {
            Ok(result) => {
                render(
                    &state,
                    viewer,
                    draft,
                    HashMap::new(),
                    Some(result),
                    None,
                    StatusCode::OK,
                )
                .await
            }
            Err(error) => MessagePage::failure(viewer.chrome, &error),
        };
    }
    let mut errors = HashMap::new();
    let id = match redress_http::dto::strategy_id("id", &draft.id) {
        Ok(id) => Some(id),
        Err(error) => {
            errors.insert(
                "id",
                super::tickets::Refusal::message("", &error, viewer.chrome.lang),
            );
            None
        }
    };
    let (Some(id), true) = (id, errors.is_empty()) else {
        return render(
            &state,
            viewer,
            draft,
            errors,
            None,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let command = MerchantCommand::PutStrategy {
        id,
        name: draft.name.clone(),
        condition,
        action: draft.action(),
    };
    match run(&state, &viewer, merchant, command).await {
        Ok(()) => Redirect::to("/merchant/strategies?done=saved").into_response(),
        Err(error) => {
            let refusal = super::tickets::Refusal::of("strategy", &error, viewer.chrome.lang);
            let mut errors = HashMap::new();
            for (field, message) in refusal.fields {
                let field = if field == "name" { "name" } else { "form" };
                errors.insert(field, message);
            }
            if let Some(message) = refusal.general {
                errors.insert("form", message);
            }
            render(
                &state,
                viewer,
                draft,
                errors,
                None,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn run(
    state: &AppState,
    viewer: &Viewer,
    merchant: MerchantId,
    command: MerchantCommand,
) -> Result<(), ApiError> {
    state
        .engine
        .execute(Submission {
            actor: viewer.principal.actor(),
            command: Command::Merchant { merchant, command },
            idempotency_key: None,
        })
        .await?;
    Ok(())
}

#[derive(Debug, Deserialize)]
struct DisableForm {
    id: String,
}

async fn disable(
    State(state): State<AppState>,
    viewer: Viewer,
    axum::Form(form): axum::Form<DisableForm>,
) -> Response {
    if let Err(refused) = require(&viewer, redress_http::access::MERCHANTS) {
        return *refused;
    }
    let Some(merchant) = merchant_of(&viewer) else {
        return MessagePage::forbidden(viewer.chrome);
    };
    let Ok(id) = StrategyId::parse(&form.id) else {
        return MessagePage::not_found(viewer.chrome);
    };
    match run(
        &state,
        &viewer,
        merchant,
        MerchantCommand::DisableStrategy { id },
    )
    .await
    {
        Ok(()) => Redirect::to("/merchant/strategies?done=disabled").into_response(),
        Err(error) if error.status == StatusCode::NOT_FOUND => {
            MessagePage::not_found(viewer.chrome)
        }
        Err(error) => MessagePage::failure(viewer.chrome, &error),
    }
}

/// How many of the merchant's tickets opened in the last 30 days the condition matches.
async fn dry_run(
    state: &AppState,
    merchant: &MerchantId,
    condition: &Condition,
) -> Result<DryRun, ApiError> {
    let now = state.engine.clock().now();
    let policy = state.engine.policy();
    let since_us = now.as_microsecond() - DRY_RUN_DAYS * 24 * 3_600_000_000;
    let store = state.engine.store();
    let mut after: Option<TicketCursor> = None;
    let mut rows = Vec::new();
    loop {
        let page = store
            .list_tickets(TicketFilter {
                merchant: Some(merchant.to_string()),
                after: after.clone(),
                limit: TICKET_PAGE_MAX,
                ..TicketFilter::default()
            })
            .await?;
        let last = page
            .last()
            .map(|r| TicketCursor::after(r, Default::default()));
        let full = page.len() == TICKET_PAGE_MAX;
        rows.extend(page.into_iter().filter(|r| r.opened_us >= since_us));
        if !full || rows.len() >= DRY_RUN_TICKETS_MAX {
            break;
        }
        after = last;
    }
    let truncated = rows.len() > DRY_RUN_TICKETS_MAX;
    rows.truncate(DRY_RUN_TICKETS_MAX);
    let mut orders: HashMap<String, redress_domain::Order> = HashMap::new();
    let mut trusted: HashMap<String, bool> = HashMap::new();
    let mut matched = 0;
    let mut examples = Vec::new();
    for row in &rows {
        if !orders.contains_key(&row.order_id) {
            let Ok(id) = OrderId::parse_stored(&row.order_id) else {
                continue;
            };
            let Some(order) = state.engine.order(&id).await? else {
                continue;
            };
            orders.insert(row.order_id.clone(), order);
        }
        let order = &orders[&row.order_id];
        let Ok(ticket_id) = TicketId::parse_stored(&row.ticket_id) else {
            continue;
        };
        let Some(ticket) = order.tickets.get(&ticket_id) else {
            continue;
        };
        let buyer_trusted = match trusted.get(&row.buyer_id) {
            Some(t) => *t,
            None => {
                let t = match condition.trusted_buyer_only {
                    // Only looked up when the condition asks.
                    true => state
                        .engine
                        .buyer(&order.buyer)
                        .await?
                        .is_some_and(|b| is_trusted(&b, &policy.trust, now)),
                    false => false,
                };
                trusted.insert(row.buyer_id.clone(), t);
                t
            }
        };
        let request = request_of(order, ticket);
        if matches_at(
            condition,
            stage_at_opening(order, ticket),
            &request,
            buyer_trusted,
        ) {
            matched += 1;
            if examples.len() < 10 {
                examples.push(row.ticket_id.clone());
            }
        }
    }
    Ok(DryRun {
        matched,
        looked_at: rows.len(),
        truncated,
        examples,
    })
}

async fn render(
    state: &AppState,
    viewer: Viewer,
    draft: Draft,
    errors: HashMap<&'static str, String>,
    dry_run: Option<DryRun>,
    notice: Option<&'static str>,
    status: StatusCode,
) -> Response {
    let Some(merchant) = merchant_of(&viewer) else {
        return MessagePage::forbidden(viewer.chrome);
    };
    let record = match state.engine.merchant(&merchant).await {
        Ok(record) => record.unwrap_or_else(|| Merchant::new(merchant.clone())),
        Err(error) => return MessagePage::failure(viewer.chrome, &error.into()),
    };
    let chrome = viewer.chrome;
    let lang = chrome.lang;
    let strategies = record
        .strategies
        .values()
        .map(|s| {
            let c = &s.condition;
            let mut parts = Vec::new();
            if !c.kinds.is_empty() {
                parts.push(
                    c.kinds
                        .iter()
                        .map(|k| lang.t(&format!("kind.{}", k.as_str())))
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
            if !c.reasons.is_empty() {
                parts.push(
                    c.reasons
                        .iter()
                        .map(|r| lang.t(&format!("reason.{}", r.as_str())))
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
            // The ceiling has no currency of its own: it bounds the ticket's amount in the
            // ticket's currency, so no symbol is shown.
            if let Some(max) = c.amount_max_minor {
                parts.push(format!("≤ {}", super::format::amount(max.unsigned_abs())));
            }
            if !c.categories.is_empty() {
                parts.push(
                    c.categories
                        .iter()
                        .map(|c| super::tickets::category_text(c, lang))
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
            if !c.stages.is_empty() {
                parts.push(
                    c.stages
                        .iter()
                        .map(|s| lang.t(&format!("fulfilment.{}", stage_name(*s))))
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
            if c.trusted_buyer_only {
                parts.push(lang.t("strategies.trusted_only").to_owned());
            }
            let mut query = form_urlencoded::Serializer::new(String::new());
            query
                .append_pair("id", s.id.as_str())
                .append_pair("name", &s.name)
                .append_pair("action", s.action.as_str());
            for k in &c.kinds {
                query.append_pair("kind", k.as_str());
            }
            for r in &c.reasons {
                query.append_pair("reason", r.as_str());
            }
            for st in &c.stages {
                query.append_pair("stage", stage_name(*st));
            }
            if let Some(max) = c.amount_max_minor {
                query.append_pair("amount_max", &format!("{}.{:02}", max / 100, max % 100));
            }
            if !c.categories.is_empty() {
                query.append_pair("categories", &c.categories.join(", "));
            }
            if c.trusted_buyer_only {
                query.append_pair("trusted_only", "on");
            }
            StrategyRow {
                id: s.id.to_string(),
                name: s.name.clone(),
                version: s.version,
                enabled: s.enabled,
                action: lang.t(&format!("strategies.action_{}", s.action.as_str())),
                condition: if parts.is_empty() {
                    lang.t("strategies.any_ticket").to_owned()
                } else {
                    parts.join(" · ")
                },
                edit_query: query.finish(),
            }
        })
        .collect();
    let choose = |values: Vec<&'static str>, prefix: &str, picked: &[String]| {
        values
            .into_iter()
            .map(|value| Choice {
                value,
                label: lang.t(&format!("{prefix}.{value}")),
                checked: picked.iter().any(|p| p == value),
            })
            .collect::<Vec<_>>()
    };
    page(
        status,
        &StrategiesPage {
            strategies,
            kinds: choose(
                TicketKind::ALL.iter().map(|k| k.as_str()).collect(),
                "kind",
                &draft.kinds,
            ),
            reasons: choose(
                Reason::ALL.iter().map(|r| r.as_str()).collect(),
                "reason",
                &draft.reasons,
            ),
            stages: choose(
                FulfilmentStage::ALL
                    .iter()
                    .map(|s| stage_name(*s))
                    .collect(),
                "fulfilment",
                &draft.stages,
            ),
            id: draft.id,
            name: draft.name,
            amount_max: draft.amount_max,
            categories: draft.categories,
            trusted_only: draft.trusted_only,
            action: draft.action,
            errors,
            dry_run,
            notice,
            chrome,
        },
    )
}
