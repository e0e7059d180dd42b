//! The merchant's after-sales queue over the whole queue (issue 19): a page at a time from
//! the store, most urgent deadline first unless another order is asked for; status tabs with
//! counts; search by ticket, order or buyer id; filters; saved views (`merchant_views`); bulk approve and bulk
//! reject at the top; and a CSV export of exactly what the filters select.
//!
//! The store answers the same question as `GET /v1/tickets` (the tabs, sort orders and
//! cursor are `routes::queue`'s): the console never sorts or filters rows itself.

use super::format;
use super::i18n::Lang;
use super::merchant::{Choice, choices};
use super::merchant_views::{SavedView, delete_view, save_view, saved_views};
use super::session::{Chrome, Viewer};
use super::tickets::{self, DeadlineView, Refusal};
use super::{MessagePage, page, require};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jiff::tz::TimeZone;
use redress_domain::{Reason, StateName, TicketKind, Timestamp};
use redress_http::AppState;
use redress_http::shared::cut;
use redress_http::shared::queue::{self, QueueTab};
use redress_store::api::{
    ApiStore, TICKET_PAGE_MAX, TicketFilter, TicketRow, TicketSort, TicketSortKey,
};
use serde::Deserialize;
use serde_json::json;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/merchant", get(queue_page))
        .route("/merchant/export.csv", get(export_csv))
        .route("/merchant/bulk-approve", post(bulk_approve))
        .route("/merchant/bulk-reject", post(bulk_reject))
        .route("/merchant/views", post(save_view))
        .route("/merchant/views/delete", post(delete_view))
}

/// Rows a page of the queue shows.
const QUEUE_PAGE: usize = 50;
/// Most rows one CSV export holds; a larger selection is cut there, and says so in its last
/// line.
const EXPORT_MAX: usize = 100_000;

/// The queue's filters, as the form sends them (every field optional, empty = any).
#[derive(Clone, Debug, Default, Deserialize)]
struct QueueQuery {
    /// A status tab (`QueueTab`), empty for every ticket.
    #[serde(default)]
    tab: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    reason: String,
    /// `yes`, `no` or empty.
    #[serde(default)]
    return_signed: String,
    /// Only tickets due within this many hours (overdue ones included).
    #[serde(default)]
    due_within_hours: String,
    /// A ticket, order or buyer id.
    #[serde(default)]
    q: String,
    /// Yuan, as typed.
    #[serde(default)]
    amount_min: String,
    #[serde(default)]
    amount_max: String,
    /// Calendar dates (`YYYY-MM-DD`) in the platform's zone, both included.
    #[serde(default)]
    opened_from: String,
    #[serde(default)]
    opened_to: String,
    /// A metric's tickets (`merchant_metrics`): first taken to a dispute in these days (both
    /// included), or (`overdue=yes`) approved as overdue.
    #[serde(default)]
    disputed_from: String,
    #[serde(default)]
    disputed_to: String,
    #[serde(default)]
    overdue: String,
    /// A completion metric's tickets: refund completed in these days (both included), never
    /// taken to the platform (`disputed=no`), or with the merchant responsible
    /// (`responsible=yes`).
    #[serde(default)]
    completed_from: String,
    #[serde(default)]
    completed_to: String,
    #[serde(default)]
    disputed: String,
    #[serde(default)]
    responsible: String,
    /// `deadline` (default), `created`, `amount` or `updated`.
    #[serde(default)]
    sort: String,
    /// `asc` (default) or `desc`.
    #[serde(default)]
    direction: String,
    #[serde(default)]
    cursor: String,
    #[serde(default)]
    done: String,
}

impl QueueQuery {
    /// The filters as a query string, without the cursor: for saved views, the tabs, the
    /// next page, the sort links and the export.
    fn query_string(&self, tab: Option<&str>) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(
                [
                    ("tab", tab.unwrap_or(&self.tab)),
                    ("state", &self.state),
                    ("kind", &self.kind),
                    ("reason", &self.reason),
                    ("return_signed", &self.return_signed),
                    ("due_within_hours", &self.due_within_hours),
                    ("q", &self.q),
                    ("amount_min", &self.amount_min),
                    ("amount_max", &self.amount_max),
                    ("opened_from", &self.opened_from),
                    ("opened_to", &self.opened_to),
                    ("disputed_from", &self.disputed_from),
                    ("disputed_to", &self.disputed_to),
                    ("overdue", &self.overdue),
                    ("completed_from", &self.completed_from),
                    ("completed_to", &self.completed_to),
                    ("disputed", &self.disputed),
                    ("responsible", &self.responsible),
                    ("sort", &self.sort),
                    ("direction", &self.direction),
                ]
                .into_iter()
                .filter(|(_, v)| !v.is_empty()),
            )
            .finish()
    }

    fn sort(&self) -> TicketSort {
        TicketSort {
            key: TicketSortKey::parse(&self.sort).unwrap_or(TicketSortKey::Deadline),
            descending: self.direction == "desc",
        }
    }
}

/// The filter a queue query asks for, and a message per field that could not be read (that
/// field is then left out of the filter).
struct Selection {
    filter: TicketFilter,
    errors: Vec<(&'static str, &'static str)>,
}

fn selection(
    query: &QueueQuery,
    merchant: String,
    now: Timestamp,
    zone: &TimeZone,
    lang: Lang,
) -> Selection {
    let mut errors = Vec::new();
    let known = |value: &str, all: &[&str]| {
        (!value.is_empty() && all.contains(&value)).then(|| value.to_owned())
    };
    let state_names: Vec<&'static str> = StateName::ALL.iter().map(|s| s.as_str()).collect();
    let kind_names: Vec<&'static str> = TicketKind::ALL.iter().map(|k| k.as_str()).collect();
    let reason_names: Vec<&'static str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
    let due_before_us = match query.due_within_hours.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(hours) if (1..=24 * 60).contains(&hours) => {
                Some(now.as_microsecond() + hours * 3_600_000_000)
            }
            _ => {
                errors.push(("due_within_hours", lang.t("merchant.hours_invalid")));
                None
            }
        },
    };
    let mut amount = |field: &'static str, raw: &str| match raw.trim() {
        "" => None,
        raw => tickets::parse_yuan(raw).or_else(|| {
            errors.push((field, lang.t("merchant.amount_invalid")));
            None
        }),
    };
    let amount_min = amount("amount_min", &query.amount_min);
    let amount_max = amount("amount_max", &query.amount_max);
    // A date's first instant in the platform's zone; the end date is included, so the range
    // ends where the next day begins.
    let mut day_start = |field: &'static str, raw: &str, next: bool| -> Option<i64> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        let start = raw
            .parse::<jiff::civil::Date>()
            .ok()
            .and_then(|date| {
                if next {
                    date.tomorrow().ok()
                } else {
                    Some(date)
                }
            })
            .and_then(|date| date.to_zoned(zone.clone()).ok())
            .map(|zoned| zoned.timestamp().as_microsecond());
        if start.is_none() {
            errors.push((field, lang.t("merchant.date_invalid")));
        }
        start
    };
    let opened_from_us = day_start("opened_from", &query.opened_from, false);
    let opened_before_us = day_start("opened_to", &query.opened_to, true);
    let disputed_from_us = day_start("disputed_from", &query.disputed_from, false);
    let disputed_before_us = day_start("disputed_to", &query.disputed_to, true);
    let completed_from_us = day_start("completed_from", &query.completed_from, false);
    let completed_before_us = day_start("completed_to", &query.completed_to, true);
    let yes_no = |raw: &str| match raw {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let search = match query.q.trim() {
        "" => None,
        raw => match redress_http::shared::queue_search("q", raw) {
            Ok(id) => Some(id),
            Err(_) => {
                errors.push(("q", lang.t("merchant.search_invalid")));
                None
            }
        },
    };
    let sort = query.sort();
    let after = match query.cursor.trim() {
        "" => None,
        raw => queue::decode_cursor(raw, sort).ok(),
    };
    Selection {
        filter: TicketFilter {
            merchant: Some(merchant),
            state: known(&query.state, &state_names),
            states: QueueTab::parse(&query.tab)
                .map(QueueTab::state_names)
                .unwrap_or_default(),
            kind: known(&query.kind, &kind_names),
            reason: known(&query.reason, &reason_names),
            due_before_us,
            return_signed: match query.return_signed.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            search,
            amount_min,
            amount_max,
            opened_from_us,
            opened_before_us,
            disputed_from_us,
            disputed_before_us,
            overdue_approved: (query.overdue == "yes").then_some(true),
            completed_from_us,
            completed_before_us,
            disputed: yes_no(&query.disputed),
            merchant_responsible: yes_no(&query.responsible),
            sort,
            after,
            limit: QUEUE_PAGE + 1,
            ..TicketFilter::default()
        },
        errors,
    }
}

/// A row of the queue.
struct QueueRow {
    id: String,
    order_id: String,
    buyer_id: String,
    kind_label: &'static str,
    reason_label: &'static str,
    state_label: &'static str,
    amount: String,
    opened_at: String,
    deadline: Option<DeadlineView>,
    return_signed: bool,
    disputed: bool,
    overdue_approved: bool,
    auto_rule: Option<String>,
    /// Awaiting the merchant's answer: bulk approve and bulk reject may take it.
    approvable: bool,
}

/// A status tab: its link and how many tickets it holds under the other filters.
struct Tab {
    value: &'static str,
    label: &'static str,
    count: i64,
    href: String,
    current: bool,
}

/// A sortable column's header link.
struct SortLink {
    key: &'static str,
    label: &'static str,
    href: String,
    /// `ascending`, `descending` or `none`, for `aria-sort`.
    aria: &'static str,
}

#[derive(Template)]
#[template(path = "console/merchant/queue.html")]
struct QueuePage {
    chrome: Chrome,
    rows: Vec<QueueRow>,
    tabs: Vec<Tab>,
    sorts: Vec<SortLink>,
    states: Vec<Choice>,
    kinds: Vec<Choice>,
    reasons: Vec<Choice>,
    evidence_kinds: Vec<Choice>,
    /// The filters of a metric's link (name, value, as the notice says it), kept as hidden
    /// fields while other filters change.
    metric_filters: Vec<(&'static str, String, String)>,
    q: String,
    return_signed: String,
    due_within_hours: String,
    amount_min: String,
    amount_max: String,
    opened_from: String,
    opened_to: String,
    sort: String,
    direction: String,
    tab: String,
    /// Messages next to the fields that could not be read.
    errors: Vec<(&'static str, &'static str)>,
    overdue: i64,
    soon: i64,
    /// How many tickets the filters select, over every page.
    total: i64,
    next_href: Option<String>,
    /// Whether this is a later page (a link back to the first).
    paged: bool,
    first_href: String,
    export_href: String,
    views: Vec<SavedView>,
    /// The current filters, for saving as a view.
    query: String,
    /// What a bulk action did, ticket by ticket.
    bulk: Vec<(String, Option<String>)>,
    bulk_action: &'static str,
    notice: Option<&'static str>,
}

impl QueuePage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, message)| *message)
    }

    /// Whether a filter behind "more filters" is set (or could not be read): then the panel
    /// stays open on a phone, where it is otherwise folded so that tickets come first.
    fn filtered(&self) -> bool {
        let chosen = |choices: &[Choice]| choices.iter().any(|c| c.selected);
        chosen(&self.states)
            || chosen(&self.kinds)
            || chosen(&self.reasons)
            || [
                &self.return_signed,
                &self.due_within_hours,
                &self.amount_min,
                &self.amount_max,
                &self.opened_from,
                &self.opened_to,
            ]
            .iter()
            .any(|v| !v.is_empty())
            || self.errors.iter().any(|(field, _)| *field != "q")
    }
}

fn own_merchant(viewer: &Viewer) -> Option<String> {
    match &viewer.principal.scope {
        redress_http::auth::Scope::Merchant(m) => Some(m.to_string()),
        _ => None,
    }
}

async fn queue_page(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: axum::http::HeaderMap,
    Query(query): Query<QueueQuery>,
) -> Response {
    if let Err(refused) = require(&viewer, redress_http::access::MERCHANTS) {
        return *refused;
    }
    render_queue(&state, viewer, &headers, query, Vec::new(), "").await
}

/// How many tickets of `filter` (its tab aside) each tab holds, and all of them.
async fn tab_counts(
    state: &AppState,
    filter: &TicketFilter,
) -> Result<(Vec<(QueueTab, i64)>, i64), redress_http::error::ApiError> {
    let by_state = state
        .engine
        .store()
        .count_tickets_by_state(filter.clone())
        .await?;
    // The state select narrows the tabs as every other filter does; the tab itself not.
    let by_state: Vec<(String, i64)> = by_state
        .into_iter()
        .filter(|(s, _)| filter.state.as_ref().is_none_or(|own| own == s))
        .collect();
    let tabs = QueueTab::ALL
        .into_iter()
        .map(|tab| {
            let count = by_state
                .iter()
                .filter(|(s, _)| QueueTab::of(s) == Some(tab))
                .map(|(_, n)| n)
                .sum();
            (tab, count)
        })
        .collect();
    let all = by_state.iter().map(|(_, n)| n).sum();
    Ok((tabs, all))
}

/// Whether the filter's `state` and `states` (the tab) let a ticket in state `s` through:
/// the counts are per state whatever those say.
fn selects_state(filter: &TicketFilter, s: &str) -> bool {
    filter.state.as_ref().is_none_or(|own| own == s)
        && (filter.states.is_empty() || filter.states.iter().any(|own| own == s))
}

/// How many tickets of `filter` (in its tab) have a live deadline before `before_us`.
async fn due_count(
    state: &AppState,
    filter: &TicketFilter,
    before_us: i64,
) -> Result<i64, redress_http::error::ApiError> {
    let due = TicketFilter {
        due_before_us: Some(filter.due_before_us.map_or(before_us, |d| d.min(before_us))),
        ..filter.clone()
    };
    let counts = state.engine.store().count_tickets_by_state(due).await?;
    Ok(counts
        .iter()
        .filter(|(s, _)| selects_state(filter, s))
        .map(|(_, n)| n)
        .sum())
}

async fn render_queue(
    state: &AppState,
    viewer: Viewer,
    headers: &axum::http::HeaderMap,
    query: QueueQuery,
    bulk: Vec<(String, Option<String>)>,
    bulk_action: &'static str,
) -> Response {
    let lang = viewer.chrome.lang;
    let zone = state.engine.zone();
    let now = state.engine.clock().now();
    let Some(merchant) = own_merchant(&viewer) else {
        return MessagePage::forbidden(viewer.chrome);
    };
    let Selection { filter, errors } = selection(&query, merchant, now, &zone, lang);
    let sort = filter.sort;
    let counted = async {
        let (tabs, all) = tab_counts(state, &filter).await?;
        let overdue = due_count(state, &filter, now.as_microsecond()).await?;
        let soon_before = now.as_microsecond() + 6 * 3_600_000_000;
        let soon = due_count(state, &filter, soon_before).await? - overdue;
        let rows = state.engine.store().list_tickets(filter.clone()).await?;
        Ok::<_, redress_http::error::ApiError>((tabs, all, overdue, soon, rows))
    };
    let (tab_counts, all, overdue, soon, rows) = match counted.await {
        Ok(found) => found,
        Err(error) => return MessagePage::failure(viewer.chrome, &error),
    };
    let (rows, next_cursor) = cut(rows, QUEUE_PAGE, |row| queue::encode_cursor(row, sort));
    let current_tab = QueueTab::parse(&query.tab);
    let total = match current_tab {
        Some(tab) => tab_counts
            .iter()
            .find(|(t, _)| *t == tab)
            .map_or(0, |(_, n)| *n),
        None => all,
    };
    let href = |tab: Option<&str>| {
        let q = query.query_string(tab);
        if q.is_empty() {
            "/merchant".to_owned()
        } else {
            format!("/merchant?{q}")
        }
    };
    let mut tabs = vec![Tab {
        value: "",
        label: lang.t("merchant.tab.all"),
        count: all,
        href: href(Some("")),
        current: current_tab.is_none(),
    }];
    tabs.extend(tab_counts.iter().map(|(tab, count)| Tab {
        value: tab.as_str(),
        label: lang.t(&format!("merchant.tab.{}", tab.as_str())),
        count: *count,
        href: href(Some(tab.as_str())),
        current: current_tab == Some(*tab),
    }));
    let sorts = [
        TicketSortKey::Deadline,
        TicketSortKey::Created,
        TicketSortKey::Amount,
        TicketSortKey::Updated,
    ]
    .into_iter()
    .map(|key| {
        let current = sort.key == key;
        // A second click on the current column turns its direction round.
        let descending = current && !sort.descending;
        let asked = QueueQuery {
            sort: key.as_str().to_owned(),
            direction: if descending { "desc" } else { "" }.to_owned(),
            ..query.clone()
        };
        SortLink {
            key: key.as_str(),
            label: lang.t(&format!("merchant.sort.{}", key.as_str())),
            href: format!("/merchant?{}", asked.query_string(None)),
            aria: match (current, sort.descending) {
                (false, _) => "none",
                (true, false) => "ascending",
                (true, true) => "descending",
            },
        }
    })
    .collect();
    let next_href = next_cursor.map(|cursor| {
        let mut q = query.query_string(None);
        if !q.is_empty() {
            q.push('&');
        }
        q.push_str(
            &form_urlencoded::Serializer::new(String::new())
                .append_pair("cursor", &cursor)
                .finish(),
        );
        format!("/merchant?{q}")
    });
    let rows: Vec<QueueRow> = rows
        .into_iter()
        .map(|r| row_view(r, now, &zone, lang))
        .collect();
    let notice = match query.done.as_str() {
        "view_saved" => Some(lang.t("merchant.view_saved")),
        "view_deleted" => Some(lang.t("merchant.view_deleted")),
        _ => None,
    };
    let all_kinds: Vec<&'static str> = redress_domain::evidence::EvidenceKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    let state_names: Vec<&'static str> = StateName::ALL.iter().map(|s| s.as_str()).collect();
    let kind_names: Vec<&'static str> = TicketKind::ALL.iter().map(|k| k.as_str()).collect();
    let reason_names: Vec<&'static str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
    let export_query = query.query_string(None);
    page(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        &QueuePage {
            states: choices(&state_names, "state", &query.state, lang),
            kinds: choices(&kind_names, "kind", &query.kind, lang),
            reasons: choices(&reason_names, "reason", &query.reason, lang),
            evidence_kinds: choices(&all_kinds, "evidence", "", lang),
            metric_filters: [
                (
                    "disputed_from",
                    &query.disputed_from,
                    "queue.disputed_between",
                ),
                ("disputed_to", &query.disputed_to, ""),
                ("overdue", &query.overdue, "queue.overdue_only"),
                (
                    "completed_from",
                    &query.completed_from,
                    "queue.completed_between",
                ),
                ("completed_to", &query.completed_to, ""),
                ("disputed", &query.disputed, "queue.never_disputed"),
                (
                    "responsible",
                    &query.responsible,
                    "queue.merchant_responsible",
                ),
            ]
            .into_iter()
            .filter(|(_, v, _)| !v.is_empty())
            .map(|(k, v, label)| match (k, label) {
                ("overdue" | "disputed" | "responsible", label) => {
                    (k, v.clone(), lang.t(label).to_owned())
                }
                ("disputed_from" | "completed_from", label) => {
                    (k, v.clone(), format!("{} {v}", lang.t(label)))
                }
                _ => (k, v.clone(), format!("– {v}")),
            })
            .collect(),
            q: query.q.clone(),
            return_signed: query.return_signed.clone(),
            due_within_hours: query.due_within_hours.clone(),
            amount_min: query.amount_min.clone(),
            amount_max: query.amount_max.clone(),
            opened_from: query.opened_from.clone(),
            opened_to: query.opened_to.clone(),
            sort: sort.key.as_str().to_owned(),
            direction: if sort.descending { "desc" } else { "asc" }.to_owned(),
            tab: query.tab.clone(),
            errors,
            overdue,
            soon,
            total,
            next_href,
            paged: !query.cursor.is_empty(),
            first_href: href(None),
            export_href: if export_query.is_empty() {
                "/merchant/export.csv".to_owned()
            } else {
                format!("/merchant/export.csv?{export_query}")
            },
            views: saved_views(headers),
            query: query.query_string(None),
            tabs,
            sorts,
            rows,
            bulk,
            bulk_action,
            notice,
            chrome: viewer.chrome,
        },
    )
}

fn row_view(r: TicketRow, now: Timestamp, zone: &TimeZone, lang: Lang) -> QueueRow {
    QueueRow {
        deadline: match (&r.deadline_kind, r.due_us) {
            (Some(kind), Some(due)) => Timestamp::from_microsecond(due)
                .ok()
                .map(|due| DeadlineView::new(kind, due, now, zone, lang)),
            _ => None,
        },
        kind_label: lang.t(&format!("kind.{}", r.kind)),
        reason_label: lang.t(&format!("reason.{}", r.reason)),
        state_label: lang.t(&format!("state.{}", r.state)),
        amount: format::money(r.amount_minor, &r.currency),
        opened_at: format::local_time_us(r.opened_us, zone),
        return_signed: r.return_signed_us.is_some(),
        disputed: r.dispute_first_us.is_some(),
        overdue_approved: r.overdue_approved,
        auto_rule: r.auto_rule.clone(),
        approvable: r.state == "requested",
        id: r.ticket_id,
        order_id: r.order_id,
        buyer_id: r.buyer_id,
    }
}

/// One CSV field, always quoted (a quote doubled). A field that a spreadsheet would read as
/// a formula gets a leading apostrophe.
fn csv_field(raw: &str) -> String {
    let guarded = if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}")
    } else {
        raw.to_owned()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

fn csv_instant(us: Option<i64>) -> String {
    us.and_then(|us| Timestamp::from_microsecond(us).ok())
        .map(redress_http::dto::rfc3339)
        .unwrap_or_default()
}

/// Every ticket the queue's filters select (the tab, search and filters; not the page), in
/// the queue's order, as CSV (UTF-8 with a byte-order mark, so spreadsheets read the
/// Chinese). Amounts are in yuan with two decimals; instants are RFC 3339.
async fn export_csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<QueueQuery>,
) -> Response {
    if let Err(refused) = require(&viewer, redress_http::access::MERCHANTS) {
        return *refused;
    }
    let lang = viewer.chrome.lang;
    let Some(merchant) = own_merchant(&viewer) else {
        return MessagePage::forbidden(viewer.chrome);
    };
    let zone = state.engine.zone();
    let now = state.engine.clock().now();
    let query = QueueQuery {
        cursor: String::new(),
        ..query
    };
    let Selection { mut filter, errors } = selection(&query, merchant, now, &zone, lang);
    if let Some((field, message)) = errors.first() {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{field}: {message}"),
        )
            .into_response();
    }
    let mut out = String::from("\u{feff}");
    out.push_str(
        "ticket_id,order_id,buyer_id,kind,reason,state,amount,currency,refunded,opened_at,\
         deadline_kind,due_at,return_signed_at,disputed_at,updated_at\n",
    );
    filter.limit = TICKET_PAGE_MAX;
    let sort = filter.sort;
    let mut written = 0;
    loop {
        let rows = match state.engine.store().list_tickets(filter.clone()).await {
            Ok(rows) => rows,
            Err(error) => return MessagePage::failure(viewer.chrome, &error.into()),
        };
        let full = rows.len() == TICKET_PAGE_MAX;
        filter.after = rows
            .last()
            .map(|r| redress_store::api::TicketCursor::after(r, sort));
        for r in rows.into_iter().take(EXPORT_MAX - written) {
            let yuan = |minor: i64| format!("{}.{:02}", minor / 100, (minor % 100).abs());
            let line = [
                r.ticket_id.clone(),
                r.order_id.clone(),
                r.buyer_id.clone(),
                r.kind.clone(),
                r.reason.clone(),
                r.state.clone(),
                yuan(r.amount_minor),
                r.currency.clone(),
                yuan(r.refunded_minor),
                csv_instant(Some(r.opened_us)),
                r.deadline_kind.clone().unwrap_or_default(),
                csv_instant(r.due_us),
                csv_instant(r.return_signed_us),
                csv_instant(r.dispute_first_us),
                csv_instant(Some(r.updated_us)),
            ]
            .iter()
            .map(|f| csv_field(f))
            .collect::<Vec<_>>()
            .join(",");
            out.push_str(&line);
            out.push('\n');
            written += 1;
        }
        if !full || written >= EXPORT_MAX {
            break;
        }
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"tickets.csv\"",
            ),
        ],
        out,
    )
        .into_response()
}

/// The ticked tickets of a bulk form (at most a page of the store's).
fn ticked(body: &str) -> Vec<String> {
    form_urlencoded::parse(body.as_bytes())
        .filter(|(k, _)| k == "ticket")
        .map(|(_, v)| v.into_owned())
        .take(TICKET_PAGE_MAX)
        .collect()
}

fn field<'a>(body: &'a [(String, String)], name: &str) -> &'a str {
    body.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .unwrap_or("")
}

/// Run `action` on every ticked ticket, one command each; the page lists what each one did.
async fn bulk(
    state: &AppState,
    viewer: Viewer,
    headers: &axum::http::HeaderMap,
    body: String,
    action: &'static str,
    request: serde_json::Value,
) -> Response {
    let lang = viewer.chrome.lang;
    let mut results = Vec::new();
    for id in ticked(&body) {
        let outcome = match tickets::visible(state, &viewer, &id).await {
            Ok(Some((order, ticket))) => {
                match tickets::act(state, &viewer, &order, &ticket, None, request.clone()).await {
                    Ok(()) => None,
                    Err(error) => Some(Refusal::message(action, &error, lang)),
                }
            }
            Ok(None) => Some(lang.t("error.not_found").to_owned()),
            Err(error) => Some(Refusal::message(action, &error, lang)),
        };
        results.push((id, outcome));
    }
    if results.is_empty() {
        results.push((String::new(), Some(lang.t("merchant.bulk_none").to_owned())));
    }
    render_queue(
        state,
        viewer,
        headers,
        QueueQuery::default(),
        results,
        action,
    )
    .await
}

/// Approve every ticked ticket.
async fn bulk_approve(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: axum::http::HeaderMap,
    body: String,
) -> Response {
    if let Err(refused) = require(&viewer, redress_http::access::MERCHANTS) {
        return *refused;
    }
    bulk(
        &state,
        viewer,
        &headers,
        body,
        "approve",
        json!({"type": "approve"}),
    )
    .await
}

/// Reject every ticked ticket with one reason and (optionally) one evidence item given by
/// reference: a file belongs to one ticket, so files are uploaded on a ticket's own page.
async fn bulk_reject(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: axum::http::HeaderMap,
    body: String,
) -> Response {
    if let Err(refused) = require(&viewer, redress_http::access::MERCHANTS) {
        return *refused;
    }
    let fields: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let reference = field(&fields, "evidence_reference");
    let evidence: Vec<serde_json::Value> = if reference.is_empty() {
        Vec::new()
    } else {
        vec![json!({
            "kind": field(&fields, "evidence_kind"),
            "reference": reference,
            "note": field(&fields, "evidence_note"),
        })]
    };
    let request = json!({
        "type": "reject",
        "ground": "request",
        "note": field(&fields, "reason"),
        "evidence": evidence,
    });
    bulk(&state, viewer, &headers, body, "reject", request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("T-1"), "\"T-1\"");
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
        assert_eq!(csv_field("=1+1"), "\"'=1+1\"");
        assert_eq!(csv_field("-5"), "\"'-5\"");
    }

    #[test]
    fn the_queue_defaults_to_the_deadline_order() {
        let query = QueueQuery::default();
        assert_eq!(query.sort().key, TicketSortKey::Deadline);
        assert!(!query.sort().descending);
        let asked = QueueQuery {
            sort: "amount".to_owned(),
            direction: "desc".to_owned(),
            ..QueueQuery::default()
        };
        assert_eq!(
            asked.sort(),
            TicketSort {
                key: TicketSortKey::Amount,
                descending: true
            }
        );
    }

    #[test]
    fn unreadable_filters_are_named_and_left_out() {
        let query = QueueQuery {
            amount_min: "abc".to_owned(),
            opened_from: "2026-13-01".to_owned(),
            q: "has space".to_owned(),
            opened_to: "2026-11-02".to_owned(),
            ..QueueQuery::default()
        };
        let zone = TimeZone::get("Asia/Shanghai").expect("zone");
        let now = Timestamp::from_second(1_800_000_000).expect("now");
        let got = selection(&query, "M-1".to_owned(), now, &zone, Lang::En);
        let fields: Vec<&str> = got.errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["amount_min", "opened_from", "q"]);
        assert_eq!(got.filter.amount_min, None);
        assert_eq!(got.filter.opened_from_us, None);
        // 2026-11-03 00:00 in Shanghai, the day after the last day included.
        assert_eq!(
            got.filter.opened_before_us,
            Some(
                "2026-11-02T16:00:00Z"
                    .parse::<Timestamp>()
                    .expect("instant")
                    .as_microsecond()
            )
        );
    }
}
