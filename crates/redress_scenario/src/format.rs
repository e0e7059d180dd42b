//! The scenario file format (TOML), as serde reads it. Unknown keys are errors, so a typo in
//! an expectation can never make a scenario pass by checking nothing. docs/SCENARIOS.md
//! describes every key.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub name: String,
    /// Where the case comes from, e.g. "seed 000 Q4".
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// A preset name (`kuaishou`, `channels`) or a policy file path relative to the scenario.
    #[serde(default)]
    pub policy: Option<String>,
    /// RFC 3339 start time of the virtual clock.
    pub start: String,
    #[serde(default)]
    pub buyers: Vec<BuyerSpec>,
    #[serde(default)]
    pub merchants: Vec<MerchantSpec>,
    #[serde(default)]
    pub orders: Vec<OrderSpec>,
    #[serde(default)]
    pub steps: Vec<Step>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuyerSpec {
    pub id: String,
    pub account_age_days: u32,
    #[serde(default)]
    pub completed_orders: u32,
    #[serde(default)]
    pub orders_90d: u32,
    #[serde(default)]
    pub refunds_90d: u32,
    #[serde(default)]
    pub abuse_restricted: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MerchantSpec {
    pub id: String,
    #[serde(default)]
    pub fast_refund: bool,
    #[serde(default)]
    pub platform_fast_refund_excluded: bool,
    #[serde(default)]
    pub refund_handling_closed: Option<String>,
    #[serde(default)]
    pub strategies: Vec<StrategySpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategySpec {
    pub id: String,
    pub name: String,
    #[serde(default = "default_action")]
    pub action: String,
    #[serde(default)]
    pub kinds: Vec<String>,
    #[serde(default)]
    pub reasons: Vec<String>,
    #[serde(default)]
    pub amount_max: Option<i64>,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub trusted_buyer_only: bool,
    #[serde(default)]
    pub stages: Vec<String>,
}

fn default_action() -> String {
    "approve".to_owned()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderSpec {
    pub id: String,
    pub merchant: String,
    pub buyer: String,
    /// Paid amount in minor units (fen).
    pub paid: i64,
    #[serde(default = "default_currency")]
    pub currency: String,
    pub items: Vec<ItemSpec>,
    /// The showcase creator (达人) whose showcase sold the order (seed 001).
    #[serde(default)]
    pub creator: Option<String>,
    /// The shipping fee in minor units, part of `paid` (issue 18); 0 when absent.
    #[serde(default)]
    pub shipping_fee: i64,
    /// Freight insurance (运费险) bought with the order; false when absent.
    #[serde(default)]
    pub freight_insurance: bool,
}

fn default_currency() -> String {
    "CNY".to_owned()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemSpec {
    pub id: String,
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default = "default_category")]
    pub category: String,
    pub amount: i64,
    #[serde(default = "one")]
    pub quantity: u32,
    #[serde(default)]
    pub seven_day_return: bool,
    #[serde(default)]
    pub custom: bool,
    #[serde(default, rename = "virtual")]
    pub virtual_goods: bool,
}

fn default_category() -> String {
    "general".to_owned()
}

fn one() -> u32 {
    1
}

/// One step: optionally move the clock, optionally act, then check.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// A comment printed with failures.
    #[serde(default)]
    pub note: Option<String>,
    /// Move the clock by this much first ("48h", "7d", "30m", "1d12h", or ISO 8601 "PT48H"),
    /// firing every deadline on the way at its own time.
    #[serde(default)]
    pub advance: Option<String>,
    /// Move the clock to this RFC 3339 time first.
    #[serde(default)]
    pub to: Option<String>,
    /// The action; see docs/SCENARIOS.md.
    #[serde(default, rename = "do")]
    pub action: Option<String>,
    /// Who acts: "buyer:ID", "merchant:ID", "arbitrator:ID", "operator:ID", "integration", "system".
    #[serde(default, rename = "as")]
    pub actor: Option<String>,
    #[serde(default)]
    pub order: Option<String>,
    #[serde(default)]
    pub ticket: Option<String>,
    #[serde(default)]
    pub merchant: Option<String>,
    /// The parcel a `parcel` step is about (default "1": an order shipped in one parcel).
    #[serde(default)]
    pub parcel: Option<String>,
    // Parameters, used by the actions that need them.
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub amount: Option<i64>,
    /// Lines a request names: an item's id (every unit still open) or
    /// `{ id = "i1", quantity = 2 }` (issue 18).
    #[serde(default)]
    pub items: Option<Vec<LineSpec>>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub evidence: Option<Vec<String>>,
    #[serde(default)]
    pub tracking: Option<String>,
    #[serde(default)]
    pub signer: Option<String>,
    #[serde(default)]
    pub ground: Option<String>,
    #[serde(default)]
    pub remedy: Option<String>,
    #[serde(default)]
    pub responsibility: Option<String>,
    #[serde(default)]
    pub outcome: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub opted_in: Option<bool>,
    #[serde(default)]
    pub idempotency_key: Option<String>,
    #[serde(default)]
    pub expected_version: Option<u64>,
    #[serde(default)]
    pub strategy: Option<StrategySpec>,
    /// A penalty's id (`appeal_penalty`, `revoke_penalty`), e.g. "2026-03-11:mass_overdue".
    #[serde(default)]
    pub penalty: Option<String>,
    #[serde(default)]
    pub expect: Option<Expect>,
}

/// A line a request names: the id alone, or with its units.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum LineSpec {
    Id(String),
    Units {
        id: String,
        #[serde(default)]
        quantity: Option<u32>,
    },
}

/// What must hold after the step. Every key is optional; each one given is checked.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The action must be refused with this code.
    #[serde(default)]
    pub error: Option<String>,
    /// The action must be refused as `evidence_missing` naming exactly these kinds, in order.
    #[serde(default)]
    pub error_missing: Option<Vec<String>>,
    /// The kinds of the events the action recorded, in order.
    #[serde(default)]
    pub events: Option<Vec<String>>,
    /// Deadlines fired by this step's clock move, by kind.
    #[serde(default)]
    pub fired: Option<BTreeMap<String, u64>>,
    /// The answer came from an earlier command with the same idempotency key.
    #[serde(default)]
    pub replayed: Option<bool>,
    /// Check this ticket instead of the step's.
    #[serde(default)]
    pub ticket: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    /// Why a closed ticket closed: cancelled_by_buyer, return_not_shipped, escalation_lapsed,
    /// verdict_no_refund; "none" when the ticket is not closed.
    #[serde(default)]
    pub closed_cause: Option<String>,
    #[serde(default)]
    pub course: Option<String>,
    #[serde(default)]
    pub amount: Option<i64>,
    #[serde(default)]
    pub refunded: Option<i64>,
    #[serde(default)]
    pub refunding_amount: Option<i64>,
    /// The part of the ticket's amount that is the order's shipping fee (issue 18).
    #[serde(default)]
    pub shipping_fee: Option<i64>,
    /// Who bears the return's shipping: merchant, buyer, freight_insurance, or "none".
    #[serde(default)]
    pub return_shipping: Option<String>,
    /// The ticket's lines (issue 18), by item id: `{ i1 = [2, 5000] }` for 2 units whose
    /// share of the amount is 50.00.
    #[serde(default)]
    pub lines: Option<BTreeMap<String, (u32, i64)>>,
    /// Money refunded on each line of the order by all its tickets, by item id.
    #[serde(default)]
    pub line_refunded: Option<BTreeMap<String, i64>>,
    #[serde(default)]
    pub order_refunded: Option<i64>,
    #[serde(default)]
    pub fulfilment: Option<String>,
    /// "none", a rule code, or "merchant_strategy:ID@VERSION".
    #[serde(default)]
    pub auto_rule: Option<String>,
    #[serde(default)]
    pub note_contains: Option<String>,
    #[serde(default)]
    pub overdue_approved: Option<bool>,
    /// The kind of the ticket's live deadline, or "none".
    #[serde(default)]
    pub deadline: Option<String>,
    /// How far from now the live deadline is due ("48h").
    #[serde(default)]
    pub due_in: Option<String>,
    #[serde(default)]
    pub disputed: Option<bool>,
    #[serde(default)]
    pub dispute_rounds: Option<u32>,
    /// When the dispute was first requested, relative to the scenario start ("50h").
    #[serde(default)]
    pub dispute_first_requested: Option<String>,
    #[serde(default)]
    pub dispute_opened_by: Option<String>,
    #[serde(default)]
    pub merchant_responsible: Option<bool>,
    /// The verdict helper's rule, or "none".
    #[serde(default)]
    pub suggestion: Option<String>,
    #[serde(default)]
    pub suggested_responsibility: Option<String>,
    /// Evidence kinds still missing on the merchant's / buyer's checklist.
    #[serde(default)]
    pub missing_merchant: Option<Vec<String>>,
    #[serde(default)]
    pub missing_buyer: Option<Vec<String>>,
    #[serde(default)]
    pub forced_shipping: Option<bool>,
    #[serde(default)]
    pub refund_alert: Option<bool>,
    /// A merchant's figures over the window that ends with today (what tomorrow's
    /// evaluation would read).
    #[serde(default)]
    pub metrics: Option<MetricsExpect>,
    /// The penalties an `evaluate` step recorded, in order (merchant, then standard).
    #[serde(default)]
    pub penalised: Option<Vec<PenaltyExpect>>,
    /// A showcase creator's figures over the window that ends with today (seed 001).
    #[serde(default)]
    pub creator_metrics: Option<CreatorMetricsExpect>,
    /// The creators' penalties an `evaluate` step recorded, in order of creator.
    #[serde(default)]
    pub creators_penalised: Option<Vec<CreatorPenaltyExpect>>,
}

/// `creator_metrics = { creator = "c1", orders_paid = 2, counted_disputes = 1, rate = "fail" }`:
/// every key but `creator` is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreatorMetricsExpect {
    pub creator: String,
    #[serde(default)]
    pub orders_paid: Option<i64>,
    /// The numerator of the creator's dispute rate under the scenario's policy.
    #[serde(default)]
    pub counted_disputes: Option<i64>,
    /// The dispute rate's verdict: pass, fail, no_data.
    #[serde(default)]
    pub rate: Option<String>,
}

/// `{ creator = "c1", kind = "dispute_rate", severity = "slight", measures = ["warning"] }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreatorPenaltyExpect {
    pub creator: String,
    pub kind: String,
    pub severity: String,
    #[serde(default)]
    pub measures: Option<Vec<String>>,
    #[serde(default)]
    pub earlier_violations: Option<u32>,
}

/// `metrics = { merchant = "m1", refunds_completed = 4, responsible_rate = "fail" }`: every
/// key but `merchant` is optional; each one given is checked.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsExpect {
    pub merchant: String,
    #[serde(default)]
    pub orders_paid: Option<i64>,
    #[serde(default)]
    pub disputes: Option<i64>,
    /// Disputes the buyer escalated herself, each counted on the day of her first escalation
    /// even when redress escalated first (seed 001 1.2 and FAQ).
    #[serde(default)]
    pub buyer_disputes: Option<i64>,
    /// The numerator of the dispute rate under the scenario's policy: every dispute
    /// (`kuaishou`) or the buyer's (`channels`).
    #[serde(default)]
    pub counted_disputes: Option<i64>,
    #[serde(default)]
    pub refunds_completed: Option<i64>,
    #[serde(default)]
    pub merchant_responsible: Option<i64>,
    #[serde(default)]
    pub refund_only_completed: Option<i64>,
    #[serde(default)]
    pub refund_only_seconds: Option<i64>,
    #[serde(default)]
    pub return_refund_completed: Option<i64>,
    #[serde(default)]
    pub return_refund_seconds: Option<i64>,
    #[serde(default)]
    pub tickets_opened: Option<i64>,
    #[serde(default)]
    pub overdue_approved: Option<i64>,
    /// The merchant-responsible dispute rate's verdict: pass, fail, no_data.
    #[serde(default)]
    pub responsible_rate: Option<String>,
    /// A time item's score in points ("4.5"), or "none" without completed tickets.
    #[serde(default)]
    pub refund_only_score: Option<String>,
    #[serde(default)]
    pub return_refund_score: Option<String>,
}

/// `{ merchant = "m1", kind = "mass_overdue", severity = "slight", measures = ["warning"] }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PenaltyExpect {
    pub merchant: String,
    pub kind: String,
    pub severity: String,
    #[serde(default)]
    pub measures: Option<Vec<String>>,
    /// Earlier violations the severity counted.
    #[serde(default)]
    pub earlier_violations: Option<u32>,
}
