//! What the HTTP API needs from storage beyond the engine's [`Store`]: API keys, ticket lists
//! over the `tickets` projection with filters and keyset pagination, an order stream's
//! events for a ticket's timeline, and a cheap liveness check.
//!
//! Kept apart from [`Store`] so the engine's trait stays the engine's: only `redress serve`
//! and `redress keys` use these. Both backends implement [`ApiStore`] in their own
//! `api.rs`; [`AnyStore`] delegates.

use crate::feed::{FeedEvent, FeedFilter};
use crate::{AnyStore, Store, StoreError};
use redress_domain::{MerchantId, OrderEvent, OrderId};
use std::collections::BTreeMap;
use std::future::Future;

/// Most tickets one list call returns.
pub const TICKET_PAGE_MAX: usize = 200;

/// An API key as stored: never the secret, only its SHA-256 digest (hex).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKeyRecord {
    pub key_id: String,
    pub secret_sha256: String,
    /// `operator`, `arbitrator`, `merchant`, `buyer` or `integration`; the HTTP crate owns
    /// what they mean.
    pub role: String,
    pub merchant_id: Option<String>,
    pub buyer_id: Option<String>,
    pub name: String,
    pub created_us: i64,
    pub revoked_us: Option<i64>,
}

/// What the ticket list is ordered by. Every order ends with (merchant, ticket), so it is total
/// and a cursor names one place in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TicketSortKey {
    /// When the ticket was opened (the list's order before sorting existed).
    #[default]
    Created,
    /// The live deadline; tickets without one come after every ticket with one.
    Deadline,
    /// The amount asked for.
    Amount,
    /// When the last event on the ticket happened.
    Updated,
    /// When the ticket was first taken to the platform (when it was opened, for a ticket
    /// never disputed): the arbitration desk's order, oldest dispute first.
    Disputed,
}

impl TicketSortKey {
    pub const ALL: [TicketSortKey; 5] = [
        TicketSortKey::Deadline,
        TicketSortKey::Created,
        TicketSortKey::Amount,
        TicketSortKey::Updated,
        TicketSortKey::Disputed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketSortKey::Created => "created",
            TicketSortKey::Deadline => "deadline",
            TicketSortKey::Amount => "amount",
            TicketSortKey::Updated => "updated",
            TicketSortKey::Disputed => "disputed",
        }
    }

    pub fn parse(raw: &str) -> Option<TicketSortKey> {
        TicketSortKey::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    /// The SQL expression sorted on, in both dialects. The deadline's is the expression
    /// migration 0015 indexes: a ticket without a deadline sorts as the largest instant, so
    /// both dialects put it last (they disagree on where NULL goes).
    pub(crate) fn sql(self) -> &'static str {
        match self {
            TicketSortKey::Created => "opened_us",
            TicketSortKey::Deadline => "COALESCE(due_us, 9223372036854775807)",
            TicketSortKey::Amount => "amount_minor",
            TicketSortKey::Updated => "updated_us",
            // The expression migration 0019 indexes after the state, for the desk.
            TicketSortKey::Disputed => "COALESCE(dispute_first_us, opened_us)",
        }
    }

    /// A row's value of the key, as a cursor carries it.
    pub fn of(self, row: &TicketRow) -> i64 {
        match self {
            TicketSortKey::Created => row.opened_us,
            TicketSortKey::Deadline => row.due_us.unwrap_or(i64::MAX),
            TicketSortKey::Amount => row.amount_minor,
            TicketSortKey::Updated => row.updated_us,
            TicketSortKey::Disputed => row.dispute_first_us.unwrap_or(row.opened_us),
        }
    }
}

/// The list's order: a key and a direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TicketSort {
    pub key: TicketSortKey,
    pub descending: bool,
}

/// Where the previous page ended: the sort key's value of its last row, and that row's
/// merchant and ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketCursor {
    pub key: i64,
    pub merchant_id: String,
    pub ticket_id: String,
}

impl TicketCursor {
    /// The cursor after `row` in the order `sort`.
    pub fn after(row: &TicketRow, sort: TicketSort) -> TicketCursor {
        TicketCursor {
            key: sort.key.of(row),
            merchant_id: row.merchant_id.clone(),
            ticket_id: row.ticket_id.clone(),
        }
    }
}

/// Which tickets to list. `None` (or an empty list) means "any". The caller's scope (a
/// merchant's or a buyer's key) arrives here as `merchant` or `buyer`, so a foreign row is
/// never read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TicketFilter {
    pub merchant: Option<String>,
    pub buyer: Option<String>,
    pub state: Option<String>,
    /// Tickets in any of these states (a tab of the merchant's queue).
    pub states: Vec<String>,
    pub kind: Option<String>,
    pub reason: Option<String>,
    /// Tickets whose live deadline falls strictly before this instant.
    pub due_before_us: Option<i64>,
    pub return_signed: Option<bool>,
    pub order: Option<String>,
    /// Tickets whose ticket, order or buyer id is exactly this.
    pub search: Option<String>,
    /// Tickets asking for at least this much (minor units).
    pub amount_min: Option<i64>,
    /// Tickets asking for at most this much (minor units).
    pub amount_max: Option<i64>,
    /// Tickets opened at or after this instant.
    pub opened_from_us: Option<i64>,
    /// Tickets opened strictly before this instant.
    pub opened_before_us: Option<i64>,
    /// Tickets whose last event happened at or after this instant.
    pub updated_since_us: Option<i64>,
    /// Tickets first taken to a dispute at or after this instant (the day a dispute rate
    /// counts it on).
    pub disputed_from_us: Option<i64>,
    /// Tickets first taken to a dispute strictly before this instant.
    pub disputed_before_us: Option<i64>,
    /// Tickets approved (or not) because the merchant let the deadline pass.
    pub overdue_approved: Option<bool>,
    /// Tickets whose refund completed (refunded or closed) at or after this instant.
    pub completed_from_us: Option<i64>,
    /// Tickets whose refund completed strictly before this instant.
    pub completed_before_us: Option<i64>,
    /// Tickets ever taken to the platform (or never).
    pub disputed: Option<bool>,
    /// Tickets whose dispute ended with the merchant responsible (or not).
    pub merchant_responsible: Option<bool>,
    pub sort: TicketSort,
    pub after: Option<TicketCursor>,
    /// At most [`TICKET_PAGE_MAX`] (plus one to tell whether more follow).
    pub limit: usize,
}

/// A query parameter of the ticket list, bound by each dialect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SqlParam {
    Text(String),
    Int(i64),
    Bool(bool),
}

/// The ticket list's query for a filter, in both dialects: only the conditions the filter
/// sets are written (an `x IS NULL OR` guard would keep the planner from the indexes), and
/// parameters are numbered in the order they first appear, which SQLite's binding by
/// position needs. `pg` adds PostgreSQL's casts.
pub(crate) struct TicketQuery {
    pub sql: String,
    pub params: Vec<SqlParam>,
}

impl TicketQuery {
    fn param(&mut self, value: SqlParam, pg: bool) -> String {
        let cast = match (&value, pg) {
            (_, false) => "",
            (SqlParam::Text(_), true) => "::text",
            (SqlParam::Int(_), true) => "::bigint",
            (SqlParam::Bool(_), true) => "::boolean",
        };
        self.params.push(value);
        format!("${}{cast}", self.params.len())
    }

    fn conditions(&mut self, filter: &TicketFilter, pg: bool) -> Vec<String> {
        let mut c = Vec::new();
        let text = |v: &Option<String>| v.clone().map(SqlParam::Text);
        for (column, value) in [
            ("merchant_id", text(&filter.merchant)),
            ("buyer_id", text(&filter.buyer)),
            ("state", text(&filter.state)),
            ("kind", text(&filter.kind)),
            ("reason", text(&filter.reason)),
            ("order_id", text(&filter.order)),
        ] {
            if let Some(value) = value {
                let p = self.param(value, pg);
                c.push(format!("{column} = {p}"));
            }
        }
        if !filter.states.is_empty() {
            let list: Vec<String> = filter
                .states
                .iter()
                .map(|s| self.param(SqlParam::Text(s.clone()), pg))
                .collect();
            c.push(format!("state IN ({})", list.join(", ")));
        }
        if let Some(search) = &filter.search {
            let t = self.param(SqlParam::Text(search.clone()), pg);
            let o = self.param(SqlParam::Text(search.clone()), pg);
            let b = self.param(SqlParam::Text(search.clone()), pg);
            c.push(format!(
                "(ticket_id = {t} OR order_id = {o} OR buyer_id = {b})"
            ));
        }
        for (condition, value) in [
            ("due_us < ", filter.due_before_us),
            ("amount_minor >= ", filter.amount_min),
            ("amount_minor <= ", filter.amount_max),
            ("opened_us >= ", filter.opened_from_us),
            ("opened_us < ", filter.opened_before_us),
            ("updated_us >= ", filter.updated_since_us),
            ("dispute_first_us >= ", filter.disputed_from_us),
            ("dispute_first_us < ", filter.disputed_before_us),
            ("completed_us >= ", filter.completed_from_us),
            ("completed_us < ", filter.completed_before_us),
        ] {
            if let Some(value) = value {
                let p = self.param(SqlParam::Int(value), pg);
                c.push(format!("{condition}{p}"));
            }
        }
        if let Some(signed) = filter.return_signed {
            let p = self.param(SqlParam::Bool(signed), pg);
            c.push(format!("(return_signed_us IS NOT NULL) = {p}"));
        }
        if let Some(overdue) = filter.overdue_approved {
            let p = self.param(SqlParam::Bool(overdue), pg);
            c.push(format!("overdue_approved = {p}"));
        }
        if let Some(disputed) = filter.disputed {
            let p = self.param(SqlParam::Bool(disputed), pg);
            c.push(format!("(dispute_first_us IS NOT NULL) = {p}"));
        }
        if let Some(responsible) = filter.merchant_responsible {
            let p = self.param(SqlParam::Bool(responsible), pg);
            c.push(format!("merchant_responsible = {p}"));
        }
        c
    }

    fn where_clause(conditions: &[String]) -> String {
        if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        }
    }

    /// A page of the list, in the filter's order, after its cursor.
    pub(crate) fn page(filter: &TicketFilter, pg: bool) -> TicketQuery {
        let mut q = TicketQuery {
            sql: String::new(),
            params: Vec::new(),
        };
        let mut conditions = q.conditions(filter, pg);
        let key = filter.sort.key.sql();
        let (cmp, dir) = if filter.sort.descending {
            ("<", "DESC")
        } else {
            (">", "ASC")
        };
        if let Some(after) = &filter.after {
            let k = q.param(SqlParam::Int(after.key), pg);
            // Within one merchant's queue the merchant is equal on both sides, and leaving it
            // out lines the comparison up with the index (merchant, key, ticket): the next
            // page starts with a seek, not a scan of the pages before it.
            if filter.merchant.is_some() {
                let t = q.param(SqlParam::Text(after.ticket_id.clone()), pg);
                conditions.push(format!("({key}, ticket_id) {cmp} ({k}, {t})"));
            } else {
                let m = q.param(SqlParam::Text(after.merchant_id.clone()), pg);
                let t = q.param(SqlParam::Text(after.ticket_id.clone()), pg);
                conditions.push(format!(
                    "({key}, merchant_id, ticket_id) {cmp} ({k}, {m}, {t})"
                ));
            }
        }
        let limit = q.param(SqlParam::Int(filter.limit as i64), pg);
        q.sql = format!(
            "SELECT {TICKET_COLUMNS} FROM tickets {} \
             ORDER BY {key} {dir}, merchant_id {dir}, ticket_id {dir} LIMIT {limit}",
            TicketQuery::where_clause(&conditions)
        );
        q
    }

    /// How many tickets match the filter (its states, sort, cursor and limit aside), per
    /// state: the counts of the queue's tabs.
    pub(crate) fn counts(filter: &TicketFilter, pg: bool) -> TicketQuery {
        let mut q = TicketQuery {
            sql: String::new(),
            params: Vec::new(),
        };
        let unstated = TicketFilter {
            states: Vec::new(),
            state: None,
            ..filter.clone()
        };
        let conditions = q.conditions(&unstated, pg);
        q.sql = format!(
            "SELECT state, COUNT(*) FROM tickets {} GROUP BY state",
            TicketQuery::where_clause(&conditions)
        );
        q
    }
}

/// A row of the `tickets` projection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketRow {
    pub merchant_id: String,
    pub ticket_id: String,
    pub order_id: String,
    pub buyer_id: String,
    pub kind: String,
    pub reason: String,
    pub course: String,
    pub state: String,
    pub currency: String,
    pub amount_minor: i64,
    pub refunded_minor: i64,
    pub opened_us: i64,
    pub decided_us: Option<i64>,
    pub deadline_kind: Option<String>,
    pub due_us: Option<i64>,
    pub return_signed_us: Option<i64>,
    pub auto_rule: Option<String>,
    pub overdue_approved: bool,
    pub dispute_first_us: Option<i64>,
    pub refund_alert: Option<String>,
    pub version: i64,
    pub updated_us: i64,
    /// When its refund completed (refunded or closed), the day the figures count it on.
    pub completed_us: Option<i64>,
    /// Its dispute ended with the merchant responsible (商责).
    pub merchant_responsible: bool,
}

/// The columns of [`TicketRow`], in its field order, for both dialects.
pub(crate) const TICKET_COLUMNS: &str = "merchant_id, ticket_id, order_id, buyer_id, kind, \
     reason, course, state, currency, amount_minor, refunded_minor, opened_us, decided_us, \
     deadline_kind, due_us, return_signed_us, auto_rule, overdue_approved, dispute_first_us, \
     refund_alert, version, updated_us, completed_us, merchant_responsible";

/// Most orders one list call returns.
pub const ORDER_PAGE_MAX: usize = 200;

/// Where the previous page of orders ended: orders are listed by (paid, merchant, order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderCursor {
    pub paid_us: i64,
    pub merchant_id: String,
    pub order_id: String,
}

/// Which orders to list; `None` means "any". The caller's scope arrives as `merchant` or
/// `buyer`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrderFilter {
    pub merchant: Option<String>,
    pub buyer: Option<String>,
    pub order: Option<String>,
    /// Orders whose last event happened at or after this instant.
    pub updated_since_us: Option<i64>,
    pub after: Option<OrderCursor>,
    /// At most [`ORDER_PAGE_MAX`] (plus one to tell whether more follow).
    pub limit: usize,
}

/// A row of the `orders` projection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderListRow {
    pub merchant_id: String,
    pub order_id: String,
    pub buyer_id: String,
    pub currency: String,
    pub paid_minor: i64,
    pub refunded_minor: i64,
    pub paid_us: i64,
    pub fulfilment: String,
    pub version: i64,
    pub updated_us: i64,
}

/// The columns of [`OrderListRow`], in its field order, for both dialects.
pub(crate) const ORDER_COLUMNS: &str = "merchant_id, order_id, buyer_id, currency, paid_minor, \
     refunded_minor, paid_us, fulfilment, version, updated_us";

/// Whom an order concerns, read from a projection row: enough to check a key's scope
/// without loading the order's events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parties {
    pub merchant_id: String,
    pub order_id: String,
    pub buyer_id: String,
}

/// An API request's idempotency key as first claimed (see [`ApiStore::claim_request`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestClaim {
    /// This call claimed the key: run the request, then `finish_request` or `release_request`.
    Claimed,
    /// An earlier request with this key answered this.
    Answered {
        request_sha256: String,
        answer: StoredAnswer,
    },
    /// An earlier request with this key has not answered yet, and its lease, which ends at
    /// `lease_until_us`, has not run out.
    Running {
        request_sha256: String,
        lease_until_us: i64,
    },
}

/// A claim on an idempotency key: who holds it and until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestLease {
    /// Names this claim, unguessable and unique: only its holder finishes or releases it.
    pub token: String,
    /// When the claim ends if its request never answers: then the next request with the key
    /// takes it over.
    pub until_us: i64,
}

/// The answer kept for an idempotency key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAnswer {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

/// Both dialects: the order's row, and the ticket's row (which carries its order's parties).
pub(crate) const ORDER_PARTIES_SQL: &str =
    "SELECT merchant_id, order_id, buyer_id FROM orders WHERE order_id = $1 LIMIT 1";
/// A merchant is known once it has settings of its own (its stream) or an order.
pub(crate) const MERCHANT_KNOWN_SQL: &str = "SELECT merchant_id FROM merchants WHERE merchant_id = $1 \
     UNION ALL SELECT merchant_id FROM orders WHERE merchant_id = $1 LIMIT 1";
pub(crate) const TICKET_PARTIES_SQL: &str =
    "SELECT merchant_id, order_id, buyer_id FROM tickets WHERE ticket_id = $1 LIMIT 1";

/// Both dialects: take the key, or take over a claim whose request never answered and whose
/// lease has ended (a claim from before leases has none, and is over). Parameters: key id,
/// idempotency key, request digest, now, lease end, token.
pub(crate) const CLAIM_REQUEST_SQL: &str = "INSERT INTO request_receipts
     (key_id, idempotency_key, request_sha256, created_us, lease_until_us, claim_token)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (key_id, idempotency_key) DO UPDATE SET
         request_sha256 = excluded.request_sha256, created_us = excluded.created_us,
         lease_until_us = excluded.lease_until_us, claim_token = excluded.claim_token
     WHERE request_receipts.status IS NULL
       AND (request_receipts.lease_until_us IS NULL
            OR request_receipts.lease_until_us <= excluded.created_us)";

/// Both dialects: keep the answer, if the claim is still this holder's. Parameters: key id,
/// idempotency key, token, status, content type, body.
pub(crate) const FINISH_REQUEST_SQL: &str = "UPDATE request_receipts
     SET status = $4, content_type = $5, body = $6, lease_until_us = NULL, claim_token = NULL
     WHERE key_id = $1 AND idempotency_key = $2 AND claim_token = $3 AND status IS NULL";

/// Both dialects: give the key back, if the claim is still this holder's. Parameters: key id,
/// idempotency key, token.
pub(crate) const RELEASE_REQUEST_SQL: &str = "DELETE FROM request_receipts
     WHERE key_id = $1 AND idempotency_key = $2 AND claim_token = $3 AND status IS NULL";

/// Both dialects: a claim row as read back. Parameters: key id, idempotency key.
pub(crate) const READ_CLAIM_SQL: &str =
    "SELECT request_sha256, status, content_type, body, lease_until_us FROM request_receipts
     WHERE key_id = $1 AND idempotency_key = $2";

/// A claim row as read back: answered once it has a status.
pub(crate) fn claim_from(
    request_sha256: String,
    status: Option<i64>,
    content_type: Option<String>,
    body: Option<String>,
    lease_until_us: Option<i64>,
) -> RequestClaim {
    match status {
        Some(status) => RequestClaim::Answered {
            request_sha256,
            answer: StoredAnswer {
                status: u16::try_from(status).unwrap_or(500),
                content_type: content_type.unwrap_or_default(),
                body: body.unwrap_or_default(),
            },
        },
        None => RequestClaim::Running {
            request_sha256,
            lease_until_us: lease_until_us.unwrap_or(i64::MIN),
        },
    }
}

pub trait ApiStore: Store {
    /// Succeeds when the database answers a trivial query.
    fn ping(&self) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn insert_api_key(
        &self,
        key: ApiKeyRecord,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Every key, revoked ones too, oldest first.
    fn api_keys(&self) -> impl Future<Output = Result<Vec<ApiKeyRecord>, StoreError>> + Send;

    /// The key whose secret has this digest, revoked or not.
    fn api_key_by_digest(
        &self,
        secret_sha256: &str,
    ) -> impl Future<Output = Result<Option<ApiKeyRecord>, StoreError>> + Send;

    /// Revoke a live key; `false` when there is no such key or it was revoked already.
    fn revoke_api_key(
        &self,
        key_id: &str,
        at_us: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Tickets matching `filter`, in its sort order (then merchant, ticket), after its cursor.
    fn list_tickets(
        &self,
        filter: TicketFilter,
    ) -> impl Future<Output = Result<Vec<TicketRow>, StoreError>> + Send;

    /// How many tickets match `filter` in each state, whatever its `state` and `states` say
    /// (states without tickets are absent).
    fn count_tickets_by_state(
        &self,
        filter: TicketFilter,
    ) -> impl Future<Output = Result<Vec<(String, i64)>, StoreError>> + Send;

    /// Orders matching `filter`, in (paid, merchant, order) order, after its cursor.
    fn list_orders(
        &self,
        filter: OrderFilter,
    ) -> impl Future<Output = Result<Vec<OrderListRow>, StoreError>> + Send;

    /// The changes feed: events after the filter's position, in commit order (see
    /// [`crate::feed`]).
    fn feed(
        &self,
        filter: FeedFilter,
    ) -> impl Future<Output = Result<Vec<FeedEvent>, StoreError>> + Send;

    /// An order stream's events in order, for a ticket's timeline.
    fn order_events(
        &self,
        merchant: &MerchantId,
        order: &OrderId,
    ) -> impl Future<Output = Result<Vec<OrderEvent>, StoreError>> + Send;

    /// Whom the order with this id concerns.
    fn order_parties(
        &self,
        order: &str,
    ) -> impl Future<Output = Result<Option<Parties>, StoreError>> + Send;

    /// Whom the order holding the ticket with this id concerns.
    fn ticket_parties(
        &self,
        ticket: &str,
    ) -> impl Future<Output = Result<Option<Parties>, StoreError>> + Send;

    /// Whether the merchant has settings of its own or at least one order: the API answers
    /// 404 for any other, as it does for a buyer it has no profile of.
    fn merchant_known(
        &self,
        merchant: &str,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// The display names of those of `merchants` that were named (`shop_named`), by id; a
    /// page asks for the shops it shows.
    fn shop_names(
        &self,
        merchants: &[String],
    ) -> impl Future<Output = Result<BTreeMap<String, String>, StoreError>> + Send;

    /// Claim `idempotency_key` for one of `key_id`'s requests under `lease`, or learn what
    /// the request that claimed it first was and whether it has answered. A claim that never
    /// answered and whose lease ended before `now_us` is taken over.
    fn claim_request(
        &self,
        key_id: &str,
        idempotency_key: &str,
        request_sha256: &str,
        now_us: i64,
        lease: &RequestLease,
    ) -> impl Future<Output = Result<RequestClaim, StoreError>> + Send;

    /// Keep the answer to a claimed request, for its retries. `false` when the claim is no
    /// longer this token's (its lease ended and another request took the key over).
    fn finish_request(
        &self,
        key_id: &str,
        idempotency_key: &str,
        token: &str,
        answer: StoredAnswer,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Give a claimed key back (the request failed, or was abandoned; a retry runs it). Does
    /// nothing to a claim that is no longer this token's.
    fn release_request(
        &self,
        key_id: &str,
        idempotency_key: &str,
        token: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

macro_rules! delegate {
    ($self:ident, $store:ident => $call:expr) => {
        match $self {
            AnyStore::Sqlite($store) => $call.await,
            AnyStore::Postgres($store) => $call.await,
        }
    };
}

impl ApiStore for AnyStore {
    async fn ping(&self) -> Result<(), StoreError> {
        delegate!(self, s => s.ping())
    }

    async fn insert_api_key(&self, key: ApiKeyRecord) -> Result<(), StoreError> {
        delegate!(self, s => s.insert_api_key(key))
    }

    async fn api_keys(&self) -> Result<Vec<ApiKeyRecord>, StoreError> {
        delegate!(self, s => s.api_keys())
    }

    async fn api_key_by_digest(
        &self,
        secret_sha256: &str,
    ) -> Result<Option<ApiKeyRecord>, StoreError> {
        delegate!(self, s => s.api_key_by_digest(secret_sha256))
    }

    async fn revoke_api_key(&self, key_id: &str, at_us: i64) -> Result<bool, StoreError> {
        delegate!(self, s => s.revoke_api_key(key_id, at_us))
    }

    async fn list_tickets(&self, filter: TicketFilter) -> Result<Vec<TicketRow>, StoreError> {
        delegate!(self, s => s.list_tickets(filter))
    }

    async fn count_tickets_by_state(
        &self,
        filter: TicketFilter,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        delegate!(self, s => s.count_tickets_by_state(filter))
    }

    async fn list_orders(&self, filter: OrderFilter) -> Result<Vec<OrderListRow>, StoreError> {
        delegate!(self, s => s.list_orders(filter))
    }

    async fn feed(&self, filter: FeedFilter) -> Result<Vec<FeedEvent>, StoreError> {
        delegate!(self, s => s.feed(filter))
    }

    async fn order_events(
        &self,
        merchant: &MerchantId,
        order: &OrderId,
    ) -> Result<Vec<OrderEvent>, StoreError> {
        delegate!(self, s => s.order_events(merchant, order))
    }

    async fn order_parties(&self, order: &str) -> Result<Option<Parties>, StoreError> {
        delegate!(self, s => s.order_parties(order))
    }

    async fn ticket_parties(&self, ticket: &str) -> Result<Option<Parties>, StoreError> {
        delegate!(self, s => s.ticket_parties(ticket))
    }

    async fn merchant_known(&self, merchant: &str) -> Result<bool, StoreError> {
        delegate!(self, s => s.merchant_known(merchant))
    }

    async fn shop_names(
        &self,
        merchants: &[String],
    ) -> Result<BTreeMap<String, String>, StoreError> {
        delegate!(self, s => s.shop_names(merchants))
    }

    async fn claim_request(
        &self,
        key_id: &str,
        idempotency_key: &str,
        request_sha256: &str,
        now_us: i64,
        lease: &RequestLease,
    ) -> Result<RequestClaim, StoreError> {
        delegate!(self, s => s.claim_request(key_id, idempotency_key, request_sha256, now_us, lease))
    }

    async fn finish_request(
        &self,
        key_id: &str,
        idempotency_key: &str,
        token: &str,
        answer: StoredAnswer,
    ) -> Result<bool, StoreError> {
        delegate!(self, s => s.finish_request(key_id, idempotency_key, token, answer))
    }

    async fn release_request(
        &self,
        key_id: &str,
        idempotency_key: &str,
        token: &str,
    ) -> Result<(), StoreError> {
        delegate!(self, s => s.release_request(key_id, idempotency_key, token))
    }
}

/// A console sign-in as stored: never the session id the browser holds, only its SHA-256
/// digest (hex).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleSessionRecord {
    pub session_sha256: String,
    /// The API key the session acts as.
    pub key_id: String,
    pub created_us: i64,
    /// The session is refused from this instant on.
    pub expires_us: i64,
}

/// The console's server-side sessions (`console_sessions`). Kept apart from [`ApiStore`] so
/// that the sessions' queries stay in one place.
pub trait ConsoleSessionStore: ApiStore {
    fn insert_console_session(
        &self,
        session: ConsoleSessionRecord,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The session with this digest and the key it acts as (revoked or not), expired or not.
    fn console_session(
        &self,
        session_sha256: &str,
    ) -> impl Future<Output = Result<Option<(ConsoleSessionRecord, ApiKeyRecord)>, StoreError>> + Send;

    /// Move a session's end to `expires_us`.
    fn extend_console_session(
        &self,
        session_sha256: &str,
        expires_us: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// End a session (sign-out); ending one that is gone does nothing.
    fn end_console_session(
        &self,
        session_sha256: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Delete the sessions that ended at or before `now_us`; returns how many.
    fn purge_console_sessions(
        &self,
        now_us: i64,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;
}

/// Both dialects: a session with its key's columns (in [`ApiKeyRecord`]'s field order).
pub(crate) const CONSOLE_SESSION_SQL: &str = "SELECT s.session_sha256, s.key_id, s.created_us, \
     s.expires_us, k.key_id, k.secret_sha256, k.role, k.merchant_id, k.buyer_id, k.name, \
     k.created_us, k.revoked_us
     FROM console_sessions s JOIN api_keys k ON k.key_id = s.key_id
     WHERE s.session_sha256 = $1";

impl ConsoleSessionStore for AnyStore {
    async fn insert_console_session(
        &self,
        session: ConsoleSessionRecord,
    ) -> Result<(), StoreError> {
        delegate!(self, s => s.insert_console_session(session))
    }

    async fn console_session(
        &self,
        session_sha256: &str,
    ) -> Result<Option<(ConsoleSessionRecord, ApiKeyRecord)>, StoreError> {
        delegate!(self, s => s.console_session(session_sha256))
    }

    async fn extend_console_session(
        &self,
        session_sha256: &str,
        expires_us: i64,
    ) -> Result<(), StoreError> {
        delegate!(self, s => s.extend_console_session(session_sha256, expires_us))
    }

    async fn end_console_session(&self, session_sha256: &str) -> Result<(), StoreError> {
        delegate!(self, s => s.end_console_session(session_sha256))
    }

    async fn purge_console_sessions(&self, now_us: i64) -> Result<u64, StoreError> {
        delegate!(self, s => s.purge_console_sessions(now_us))
    }
}
