//! Tickets: the list (the after-sales queue), one ticket with its timeline and evidence
//! checklist, every person's action on it, and the payment system's refund results.

use super::page;
use super::queue::{self, QueueTab, SortDirectionDto, TicketSortDto};
use super::{IdempotencyKey, IfMatch, execute, ticket_in_scope, visible_ticket};
use crate::AppState;
use crate::auth::{Principal, Scope};
use crate::dto::{
    self, ActorDto, EvidenceDto, EvidenceKindDto, MoneyDto, OrderResponse, ReasonDto,
    ReceiptResponse, RefundResultRequest, TicketActionRequest, TicketKindDto, TicketStateDto,
    rfc3339,
};
use crate::error::{ApiError, Problem};
use crate::extract::{ApiPath, ApiQuery, ApiTagged};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use redress_domain::dispute::{self, DisputeResolution, VerdictOutcome};
use redress_domain::evidence::Side;
use redress_domain::{
    DisputePhase, OrderChange, OrderCommand, Reason, StateName, TicketAction, TicketKind,
    TicketState, Timestamp,
};
use redress_engine::Command;
use redress_store::api::{ApiStore, TICKET_PAGE_MAX, TicketFilter, TicketRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Filters of the ticket list. A merchant's or buyer's key sees only its own tickets
/// whatever the filters say.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct TicketListQuery {
    state: Option<TicketStateDto>,
    kind: Option<TicketKindDto>,
    reason: Option<ReasonDto>,
    /// Only tickets whose live deadline falls before this RFC 3339 instant.
    #[param(format = DateTime)]
    due_before: Option<String>,
    /// Only tickets whose return parcel was (true) or was not (false) signed for.
    return_signed: Option<bool>,
    merchant_id: Option<String>,
    buyer_id: Option<String>,
    /// Only the tickets of this order.
    order_id: Option<String>,
    /// Only tickets whose last event happened at or after this RFC 3339 instant (see
    /// `updated_at`). For following every change, the feed (`GET /v1/events`) is cheaper.
    #[param(format = DateTime)]
    updated_since: Option<String>,
    /// Only the tickets of one status tab of the merchant's queue (a group of states; see
    /// docs/API.md).
    tab: Option<QueueTab>,
    /// Only tickets whose ticket, order or buyer id is exactly this.
    #[param(min_length = 1, max_length = 64)]
    search: Option<String>,
    /// Only tickets asking for at least this amount, in minor units.
    #[param(minimum = 0)]
    amount_min: Option<i64>,
    /// Only tickets asking for at most this amount, in minor units.
    #[param(minimum = 0)]
    amount_max: Option<i64>,
    /// Only tickets opened at or after this RFC 3339 instant.
    #[param(format = DateTime)]
    opened_from: Option<String>,
    /// Only tickets opened before this RFC 3339 instant.
    #[param(format = DateTime)]
    opened_before: Option<String>,
    /// Only tickets first taken to the platform at or after this RFC 3339 instant (the
    /// instant a dispute rate counts a dispute on).
    #[param(format = DateTime)]
    disputed_from: Option<String>,
    /// Only tickets first taken to the platform before this RFC 3339 instant.
    #[param(format = DateTime)]
    disputed_before: Option<String>,
    /// Only tickets ever taken to the platform (true) or never (false).
    disputed: Option<bool>,
    /// Only tickets whose refund completed (refunded or closed, 退款完结) at or after this
    /// RFC 3339 instant: the instant the merchant-responsible rate and the completion times
    /// count a ticket on.
    #[param(format = DateTime)]
    completed_from: Option<String>,
    /// Only tickets whose refund completed before this RFC 3339 instant.
    #[param(format = DateTime)]
    completed_before: Option<String>,
    /// Only tickets whose dispute ended with the merchant responsible (true: 商责, a verdict
    /// or a re-check naming the merchant or both) or not (false).
    merchant_responsible: Option<bool>,
    /// Only tickets approved (true) or not (false) because the merchant let its deadline
    /// pass (逾期自动同意).
    overdue_approved: Option<bool>,
    /// The order: `created` (default), `deadline` (the most urgent live deadline first,
    /// tickets without one last), `amount`, `updated` or `disputed` (when first taken to the
    /// platform; when opened, for a ticket never taken there). A cursor holds for the order
    /// it was given out in.
    sort: Option<TicketSortDto>,
    /// `asc` (default) or `desc`.
    direction: Option<SortDirectionDto>,
    /// Page size, 1 to 200; default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<usize>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// A live deadline: when the system acts unless someone acts first.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct DeadlineDto {
    kind: String,
    due_at: String,
}

/// A ticket as the queue lists it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct TicketSummary {
    id: String,
    order_id: String,
    merchant_id: String,
    buyer_id: String,
    kind: TicketKindDto,
    reason: ReasonDto,
    course: String,
    state: TicketStateDto,
    amount: MoneyDto,
    refunded: MoneyDto,
    opened_at: String,
    decided_at: Option<String>,
    deadline: Option<DeadlineDto>,
    return_signed_at: Option<String>,
    /// The automatic policy or strategy that approved it, if one did.
    auto_rule: Option<String>,
    /// Approved because the merchant let its deadline pass (逾期自动同意).
    overdue_approved: bool,
    /// When the buyer first asked the platform to step in.
    disputed_at: Option<String>,
    /// The last refund attempt failed (退款异常).
    refund_alert: Option<String>,
    /// The ticket's version: pass it as `If-Match` to act only on what you saw.
    version: i64,
    /// When the last event on the ticket happened.
    updated_at: String,
}

/// One page of tickets.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct TicketPage {
    data: Vec<TicketSummary>,
    /// Pass as `cursor` for the next page; absent on the last page.
    next_cursor: Option<String>,
}

fn at_us(us: i64) -> Result<String, ApiError> {
    Timestamp::from_microsecond(us)
        .map(rfc3339)
        .map_err(|e| ApiError::internal(format!("stored instant {us}: {e}")))
}

fn money(minor: i64, currency: &str) -> MoneyDto {
    MoneyDto {
        amount: minor,
        currency: currency.to_owned(),
    }
}

impl TryFrom<TicketRow> for TicketSummary {
    type Error = ApiError;

    fn try_from(row: TicketRow) -> Result<Self, ApiError> {
        let deadline = match (row.deadline_kind, row.due_us) {
            (Some(kind), Some(due)) => Some(DeadlineDto {
                kind,
                due_at: at_us(due)?,
            }),
            _ => None,
        };
        Ok(TicketSummary {
            amount: money(row.amount_minor, &row.currency),
            refunded: money(row.refunded_minor, &row.currency),
            opened_at: at_us(row.opened_us)?,
            updated_at: at_us(row.updated_us)?,
            decided_at: row.decided_us.map(at_us).transpose()?,
            return_signed_at: row.return_signed_us.map(at_us).transpose()?,
            disputed_at: row.dispute_first_us.map(at_us).transpose()?,
            deadline,
            id: row.ticket_id,
            order_id: row.order_id,
            merchant_id: row.merchant_id,
            buyer_id: row.buyer_id,
            kind: stored_name(&TicketKind::ALL, TicketKind::as_str, &row.kind, "kind")?.into(),
            reason: stored_name(&Reason::ALL, Reason::as_str, &row.reason, "reason")?.into(),
            course: row.course,
            state: stored_name(&StateName::ALL, StateName::as_str, &row.state, "state")?.into(),
            auto_rule: row.auto_rule,
            overdue_approved: row.overdue_approved,
            refund_alert: row.refund_alert,
            version: row.version,
        })
    }
}

/// A name the `tickets` projection stored, read back as the domain's value: the list
/// answers with the single ticket's enums, not with free strings.
fn stored_name<T: Copy>(
    all: &[T],
    name: fn(T) -> &'static str,
    raw: &str,
    column: &str,
) -> Result<T, ApiError> {
    all.iter()
        .copied()
        .find(|&value| name(value) == raw)
        .ok_or_else(|| ApiError::internal(format!("stored ticket {column} {raw:?} is unknown")))
}

/// A search term: a ticket, order or buyer id, whichever grammar fits (ids share one).
pub fn queue_search(field: &str, raw: &str) -> Result<String, ApiError> {
    let raw = raw.trim();
    redress_domain::TicketId::parse(raw)
        .map(|id| id.as_str().to_owned())
        .map_err(|e| ApiError::field(field, format!("not a ticket, order or buyer id: {e}")))
}

/// List tickets, oldest first unless `sort` says otherwise, with filters and cursor pagination.
#[utoipa::path(
    get, path = "/v1/tickets", tag = "tickets",
    params(TicketListQuery),
    responses(
        (status = 200, description = "A page of tickets", body = TicketPage),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn list_tickets(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<TicketListQuery>,
) -> Result<Json<TicketPage>, ApiError> {
    principal.require(crate::access::PARTIES)?;
    let limit = page::PageQuery {
        limit: query.limit,
        cursor: None,
    }
    .limit(TICKET_PAGE_MAX)?;
    let merchant = query
        .merchant_id
        .as_deref()
        .map(|m| dto::merchant_id("merchant_id", m))
        .transpose()?;
    let buyer = query
        .buyer_id
        .as_deref()
        .map(|b| dto::buyer_id("buyer_id", b))
        .transpose()?;
    let due_before = query
        .due_before
        .as_deref()
        .map(|t| dto::timestamp("due_before", t))
        .transpose()?;
    let order = query
        .order_id
        .as_deref()
        .map(|o| dto::order_id("order_id", o))
        .transpose()?;
    let updated_since = query
        .updated_since
        .as_deref()
        .map(|t| dto::timestamp("updated_since", t))
        .transpose()?;
    let sort = queue::sort(query.sort, query.direction);
    let after = query
        .cursor
        .as_deref()
        .map(|raw| queue::decode_cursor(raw, sort))
        .transpose()?;
    let instant = |field: &str, raw: &Option<String>| {
        raw.as_deref()
            .map(|t| dto::timestamp(field, t).map(|t| t.as_microsecond()))
            .transpose()
    };
    let opened_from_us = instant("opened_from", &query.opened_from)?;
    let opened_before_us = instant("opened_before", &query.opened_before)?;
    let disputed_from_us = instant("disputed_from", &query.disputed_from)?;
    let disputed_before_us = instant("disputed_before", &query.disputed_before)?;
    let completed_from_us = instant("completed_from", &query.completed_from)?;
    let completed_before_us = instant("completed_before", &query.completed_before)?;
    let search = query
        .search
        .as_deref()
        .map(|raw| queue_search("search", raw))
        .transpose()?;
    for (field, amount) in [
        ("amount_min", query.amount_min),
        ("amount_max", query.amount_max),
    ] {
        if amount.is_some_and(|a| a < 0) {
            return Err(ApiError::field(field, "must not be negative"));
        }
    }
    // The key's scope narrows the filter; asking for someone else's finds nothing.
    let (merchant, buyer) = match &principal.scope {
        Scope::Merchant(own) => {
            if merchant.as_ref().is_some_and(|m| m != own) {
                return Ok(Json(TicketPage {
                    data: Vec::new(),
                    next_cursor: None,
                }));
            }
            (Some(own.clone()), buyer)
        }
        Scope::Buyer(own) => {
            if buyer.as_ref().is_some_and(|b| b != own) {
                return Ok(Json(TicketPage {
                    data: Vec::new(),
                    next_cursor: None,
                }));
            }
            (merchant, Some(own.clone()))
        }
        Scope::Operator | Scope::Arbitrator | Scope::Integration => (merchant, buyer),
    };
    let filter = TicketFilter {
        merchant: merchant.map(|m| m.to_string()),
        buyer: buyer.map(|b| b.to_string()),
        state: query.state.map(|s| StateName::from(s).as_str().to_owned()),
        kind: query
            .kind
            .map(|k| redress_domain::TicketKind::from(k).as_str().to_owned()),
        reason: query
            .reason
            .map(|r| redress_domain::Reason::from(r).as_str().to_owned()),
        due_before_us: due_before.map(|t| t.as_microsecond()),
        return_signed: query.return_signed,
        order: order.map(|o| o.to_string()),
        updated_since_us: updated_since.map(|t| t.as_microsecond()),
        states: query.tab.map(QueueTab::state_names).unwrap_or_default(),
        search,
        amount_min: query.amount_min,
        amount_max: query.amount_max,
        opened_from_us,
        opened_before_us,
        // A metric's tickets: the filters behind each figure's link (docs/API.md).
        disputed_from_us,
        disputed_before_us,
        overdue_approved: query.overdue_approved,
        completed_from_us,
        completed_before_us,
        disputed: query.disputed,
        merchant_responsible: query.merchant_responsible,
        sort,
        after,
        // One more than asked tells whether another page follows.
        limit: limit + 1,
    };
    let rows = state.engine.store().list_tickets(filter).await?;
    let (rows, next_cursor) = page::cut(rows, limit, |row| queue::encode_cursor(row, sort));
    let data = rows
        .into_iter()
        .map(TicketSummary::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(TicketPage { data, next_cursor }))
}

/// One required kind of evidence and whether it has been given.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct ChecklistLine {
    kind: EvidenceKindDto,
    given: bool,
}

/// What each side must show, and what is still missing. A buyer's key is shown only its
/// own side: the merchant's list is empty for it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct Checklist {
    buyer: Vec<ChecklistLine>,
    merchant: Vec<ChecklistLine>,
}

/// Evidence added during the dispute.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct DisputeEvidenceDto {
    side: String,
    evidence: EvidenceDto,
    at: String,
}

/// The arbitrator's decision.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct VerdictDto {
    responsibility: String,
    outcome: String,
    /// For a partial refund.
    amount: Option<MoneyDto>,
    reasoning: String,
    by: String,
    at: String,
}

/// The platform's intervention (平台介入).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct DisputeDto {
    first_requested_at: String,
    opened_by: String,
    rounds: u32,
    open: bool,
    /// While open: `evidence` (both sides may add evidence until the deadline) or
    /// `awaiting_verdict` (the window closed; the arbitrator decides).
    phase: Option<String>,
    /// A merchant-responsible dispute (商责纠纷): verdict merchant or both, or a settled
    /// dispute that a re-check found the merchant's.
    merchant_responsible: bool,
    cancellations: u32,
    evidence: Vec<DisputeEvidenceDto>,
    /// `settled_by_merchant` or `decided`, once it ended.
    resolution: Option<String>,
    settled_at: Option<String>,
    /// A platform re-check of a merchant-settled dispute.
    recheck: Option<String>,
    verdict: Option<VerdictDto>,
}

/// What the verdict helper proposes for an open dispute, and the rule it rests on; the
/// arbitrator decides.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct SuggestionDto {
    responsibility: String,
    /// `full_refund`, `partial_refund` or `no_refund`.
    outcome: String,
    /// For a partial refund.
    amount: Option<MoneyDto>,
    /// e.g. `locker_without_consent`, `merchant_evidence_missing`.
    rule: String,
}

/// The buyer's return parcel while it is on its way.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct ReturnParcelDto {
    tracking: String,
    shipped_at: String,
}

/// The merchant's rejection.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct RejectionDto {
    ground: String,
    reason: String,
    evidence: Vec<EvidenceDto>,
    at: String,
}

/// One fact from the event log.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct TimelineEntry {
    at: String,
    actor: ActorDto,
    /// The event's stable name, e.g. `opened`, `approved`, `parcel_updated`.
    event: String,
}

/// A line a ticket holds (issue 18).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct TicketLineView {
    item_id: String,
    quantity: u32,
    /// The line's share of the ticket's amount.
    amount: MoneyDto,
    /// What the ticket refunded on this line (its refund spread over the lines' shares).
    refunded: MoneyDto,
}

/// A ticket with its order, its evidence checklist and its timeline.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub(crate) struct TicketResponse {
    id: String,
    kind: TicketKindDto,
    reason: ReasonDto,
    state: TicketStateDto,
    /// What the ticket will do once approved: the kind asked for or an accepted remedy.
    course: String,
    amount: MoneyDto,
    refunded: MoneyDto,
    /// The part of `amount` that is the order's shipping fee: above 0 only for a refund of
    /// every unit while nothing had shipped (issue 18). The lines' shares add up to the rest.
    shipping_fee: MoneyDto,
    /// Who bears the return parcel's cost, for a kind whose goods go back (return and
    /// refund, exchange, repair); null otherwise, and for requests made before it was
    /// recorded.
    return_shipping: Option<crate::dto::ReturnShippingDto>,
    /// The ids of `lines`, in order (the shape before issue 18).
    items: Vec<String>,
    /// The lines the ticket holds: units, share of `amount`, and what was refunded on each.
    lines: Vec<TicketLineView>,
    description: String,
    opened_at: String,
    decided_at: Option<String>,
    /// When it reached `refunded`, `completed` or `closed`.
    ended_at: Option<String>,
    deadline: Option<DeadlineDto>,
    /// While the state is `return_in_transit`.
    return_parcel: Option<ReturnParcelDto>,
    return_signed_at: Option<String>,
    auto_rule: Option<String>,
    overdue_approved: bool,
    /// The policy version its latest decision (and so its deadline and any automatic
    /// approval) was made under, see `GET /v1/policy/versions`; 0 before versioned
    /// policies or under a policy that is not stored.
    policy_version: u64,
    notes: Vec<String>,
    refund_alert: Option<String>,
    buyer_evidence: Vec<EvidenceDto>,
    rejection: Option<RejectionDto>,
    dispute: Option<DisputeDto>,
    /// While a dispute is open and one of the verdict helper's rules applies; shown to
    /// operator and arbitrator keys only, as platform guidance before the verdict.
    suggestion: Option<SuggestionDto>,
    evidence_checklist: Checklist,
    /// Where the return goes: the ticket's own address, else the shop's. A buyer's key sees
    /// it only once a return is agreed (待买家退货 until the return is accepted).
    return_address: Option<String>,
    /// How many messages its thread holds (`GET /v1/tickets/{ticket_id}/messages`).
    messages: usize,
    version: u64,
    order: OrderResponse,
    timeline: Vec<TimelineEntry>,
}

fn checklist(ticket: &redress_domain::Ticket, side: Side) -> Vec<ChecklistLine> {
    dispute::checklist(ticket, side)
        .into_iter()
        .map(|line| ChecklistLine {
            kind: line.kind.into(),
            given: line.given,
        })
        .collect()
}

/// The outcome's name and, for a partial refund, its amount.
fn outcome_dto(outcome: &VerdictOutcome) -> (String, Option<MoneyDto>) {
    let amount = match outcome {
        VerdictOutcome::PartialRefund { amount } => Some((*amount).into()),
        VerdictOutcome::FullRefund | VerdictOutcome::NoRefund => None,
    };
    (outcome.as_str().to_owned(), amount)
}

fn dispute_dto(
    ticket: &redress_domain::Ticket,
    dispute: &redress_domain::dispute::Dispute,
) -> DisputeDto {
    let phase = match &ticket.state {
        TicketState::InDispute {
            phase: DisputePhase::Evidence { .. },
        } => Some("evidence".to_owned()),
        TicketState::InDispute {
            phase: DisputePhase::AwaitingVerdict,
        } => Some("awaiting_verdict".to_owned()),
        _ => None,
    };
    let (resolution, settled_at, recheck, verdict) = match &dispute.resolution {
        None => (None, None, None, None),
        Some(DisputeResolution::SettledByMerchant { at, recheck }) => (
            Some("settled_by_merchant".to_owned()),
            Some(rfc3339(*at)),
            recheck.map(|r| r.as_str().to_owned()),
            None,
        ),
        Some(DisputeResolution::Decided(verdict)) => {
            let (outcome, amount) = outcome_dto(&verdict.outcome);
            (
                Some("decided".to_owned()),
                None,
                None,
                Some(VerdictDto {
                    responsibility: verdict.responsibility.as_str().to_owned(),
                    outcome,
                    amount,
                    reasoning: verdict.reasoning.clone(),
                    by: verdict.by.to_string(),
                    at: rfc3339(verdict.at),
                }),
            )
        }
    };
    DisputeDto {
        first_requested_at: rfc3339(dispute.first_requested_at),
        opened_by: dispute.opened_by.as_str().to_owned(),
        rounds: dispute.rounds,
        open: dispute.open,
        phase,
        merchant_responsible: dispute.merchant_responsible(),
        cancellations: dispute.cancellations,
        evidence: dispute
            .evidence
            .iter()
            .map(|e| DisputeEvidenceDto {
                side: e.side.as_str().to_owned(),
                evidence: (&e.evidence).into(),
                at: rfc3339(e.at),
            })
            .collect(),
        resolution,
        settled_at,
        recheck,
        verdict,
    }
}

/// A ticket with its order summary, its evidence checklist and its timeline. The `ETag` is
/// the ticket's version, for `If-Match` on actions.
#[utoipa::path(
    get, path = "/v1/tickets/{ticket_id}", tag = "tickets",
    params(("ticket_id" = crate::dto::Id, Path)),
    responses(
        (status = 200, description = "The ticket", body = TicketResponse,
            headers(("ETag" = String, description = "The ticket's version, quoted"))),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn get_ticket(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(ticket_id): ApiPath<String>,
) -> Result<Response, ApiError> {
    principal.require(crate::access::PARTIES)?;
    let id = dto::ticket_id("ticket_id", &ticket_id)?;
    let order = visible_ticket(&state, &principal, &id).await?;
    let ticket = &order.tickets[&id];
    let platform_staff = matches!(principal.scope, Scope::Operator | Scope::Arbitrator);
    let buyer = matches!(principal.scope, Scope::Buyer(_));
    let shop = state.engine.merchant(&order.merchant).await?;
    let shop_address = shop.as_ref().and_then(|m| m.return_address.as_deref());
    let return_address = if buyer {
        ticket.return_address_for_buyer(shop_address)
    } else {
        ticket.return_address.as_deref().or(shop_address)
    }
    .map(str::to_owned);
    let events = state
        .engine
        .store()
        .order_events(&order.merchant, &order.id)
        .await?;
    let timeline = events
        .iter()
        .filter(|event| match &event.change {
            OrderChange::Placed(_) | OrderChange::ParcelUpdated { .. } => true,
            OrderChange::Ticket { ticket, .. } => *ticket == id,
        })
        .map(|event| TimelineEntry {
            at: rfc3339(event.at),
            actor: (&event.actor).into(),
            event: event.change.name().to_owned(),
        })
        .collect();
    let body = TicketResponse {
        id: ticket.id.to_string(),
        kind: ticket.kind.into(),
        reason: ticket.reason.into(),
        state: ticket.state.name().into(),
        course: ticket.course.as_str().to_owned(),
        amount: ticket.amount.into(),
        refunded: ticket.refunded.into(),
        shipping_fee: ticket.shipping_fee.into(),
        return_shipping: ticket.return_shipping.map(Into::into),
        items: ticket.items.iter().map(|l| l.item.to_string()).collect(),
        lines: ticket
            .items
            .iter()
            .zip(ticket.refunded_per_line())
            .map(|(line, refunded)| TicketLineView {
                item_id: line.item.to_string(),
                quantity: line.quantity,
                amount: line.amount.into(),
                refunded: redress_domain::Money::new(refunded, line.amount.currency())
                    .unwrap_or(line.amount)
                    .into(),
            })
            .collect(),
        description: ticket.description.clone(),
        opened_at: rfc3339(ticket.opened_at),
        decided_at: ticket.decided_at.map(rfc3339),
        ended_at: match &ticket.state {
            TicketState::Refunded { at, .. }
            | TicketState::Completed { at }
            | TicketState::Closed { at, .. } => Some(rfc3339(*at)),
            _ => None,
        },
        deadline: ticket.deadline().map(|d| DeadlineDto {
            kind: d.kind.as_str().to_owned(),
            due_at: rfc3339(d.due_at),
        }),
        return_parcel: match &ticket.state {
            TicketState::ReturnInTransit {
                tracking,
                shipped_at,
                ..
            } => Some(ReturnParcelDto {
                tracking: tracking.clone(),
                shipped_at: rfc3339(*shipped_at),
            }),
            _ => None,
        },
        return_signed_at: ticket.return_signed_at.map(rfc3339),
        auto_rule: ticket
            .auto_rule
            .as_ref()
            .map(redress_store::projection::rule_label),
        overdue_approved: ticket.overdue_approved,
        policy_version: ticket.policy_version,
        notes: ticket.notes.clone(),
        refund_alert: ticket.refund_alert.clone(),
        buyer_evidence: ticket.buyer_evidence.iter().map(Into::into).collect(),
        rejection: ticket.rejection.as_ref().map(|r| RejectionDto {
            ground: r.ground.as_str().to_owned(),
            reason: r.reason.clone(),
            evidence: r.evidence.iter().map(Into::into).collect(),
            at: rfc3339(r.at),
        }),
        dispute: ticket.dispute.as_ref().map(|d| dispute_dto(ticket, d)),
        suggestion: ticket
            .dispute
            .as_ref()
            .filter(|d| d.open && platform_staff)
            .and_then(|_| dispute::suggest(&order, ticket))
            .map(|s| {
                let (outcome, amount) = outcome_dto(&s.outcome);
                SuggestionDto {
                    responsibility: s.responsibility.as_str().to_owned(),
                    outcome,
                    amount,
                    rule: s.rule.as_str().to_owned(),
                }
            }),
        evidence_checklist: Checklist {
            buyer: checklist(ticket, Side::Buyer),
            merchant: if buyer {
                Vec::new()
            } else {
                checklist(ticket, Side::Merchant)
            },
        },
        return_address,
        messages: ticket.messages.len(),
        version: ticket.version,
        order: OrderResponse::from(&order),
        timeline,
    };
    let etag = HeaderValue::from_str(&format!("\"{}\"", ticket.version))
        .expect("a number is a valid header value");
    let mut response = Json(body).into_response();
    response.headers_mut().insert(header::ETAG, etag);
    Ok(response)
}

/// Act on a ticket. `type` names the action; the domain checks the caller may take it.
#[utoipa::path(
    post, path = "/v1/tickets/{ticket_id}/actions", tag = "tickets",
    request_body = TicketActionRequest,
    params(
        ("ticket_id" = crate::dto::Id, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
        ("If-Match" = Option<String>, Header, pattern = "^(W/)?\"?[0-9]{1,19}\"?$", description = "The ticket version (ETag) the action was decided on, e.g. \"3\""),
    ),
    responses(
        (status = 200, description = "Done", body = ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn ticket_action(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    if_match: IfMatch,
    ApiPath(ticket_id): ApiPath<String>,
    ApiTagged(body): ApiTagged<TicketActionRequest>,
) -> Result<Response, ApiError> {
    let id = dto::ticket_id("ticket_id", &ticket_id)?;
    let action = body.to_domain()?;
    let order = ticket_in_scope(&state, &principal, &id).await?;
    super::files::check_action_references(&state, &id, &action).await?;
    let amount_field = amount_field(&action);
    let command = Command::Order {
        order,
        command: OrderCommand::Ticket {
            ticket: id,
            expected_version: if_match.0,
            action,
        },
    };
    execute(&state, &principal, key, command, StatusCode::OK)
        .await
        .map_err(|error| match amount_field {
            Some(field) => name_amount_field(error, field),
            None => error,
        })
}

/// Where an action's own amount sits in its body, for the actions that carry one besides
/// the ticket's: a partial compensation's and a partial refund verdict's.
fn amount_field(action: &TicketAction) -> Option<&'static str> {
    match action {
        TicketAction::ProposeRemedy {
            remedy: redress_domain::Remedy::PartialCompensation { .. },
            ..
        } => Some("remedy.amount"),
        TicketAction::GiveVerdict {
            outcome: VerdictOutcome::PartialRefund { .. },
            ..
        } => Some("outcome.amount"),
        _ => None,
    }
}

/// The domain refuses such an amount (above what was asked, in another currency) without
/// knowing where the body put it; the problem names that field, as every bad input does.
fn name_amount_field(mut error: ApiError, field: &str) -> ApiError {
    if matches!(
        error.code,
        "remedy_not_applicable" | "amount_above_refundable" | "currency_mismatch"
    ) {
        error.errors = vec![crate::error::FieldError {
            field: field.to_owned(),
            reason: error.detail.clone(),
        }];
    }
    error
}

/// The payment system reports a refund's result.
#[utoipa::path(
    post, path = "/v1/payments/refunds/{ticket_id}", tag = "payments",
    request_body = RefundResultRequest,
    params(
        ("ticket_id" = crate::dto::Id, Path),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes retries safe: 1 to 255 visible ASCII characters"),
    ),
    responses(
        (status = 200, description = "Recorded", body = ReceiptResponse),
        (status = "4XX", description = "Refused", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn refund_result(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    ApiPath(ticket_id): ApiPath<String>,
    ApiTagged(body): ApiTagged<RefundResultRequest>,
) -> Result<Response, ApiError> {
    let id = dto::ticket_id("ticket_id", &ticket_id)?;
    let action = match body {
        RefundResultRequest::Succeeded { payment_reference } => {
            TicketAction::RefundSucceeded { payment_reference }
        }
        RefundResultRequest::Failed { note } => TicketAction::RefundFailed { reason: note },
    };
    let order = ticket_in_scope(&state, &principal, &id).await?;
    let command = Command::Order {
        order,
        command: OrderCommand::Ticket {
            ticket: id,
            expected_version: None,
            action,
        },
    };
    execute(&state, &principal, key, command, StatusCode::OK).await
}
