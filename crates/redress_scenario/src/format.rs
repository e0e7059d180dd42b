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
///
/// Read by hand (see the `Deserialize` impl below): the keys every step may have are taken
/// first, and the rest must be exactly one [`Action`]'s parameters, so a parameter the
/// action does not take is an error naming it.
#[derive(Debug, Default)]
pub struct Step {
    /// A comment printed with failures.
    pub note: Option<String>,
    /// Move the clock by this much first ("48h", "7d", "30m", "1d12h", or ISO 8601 "PT48H"),
    /// firing every deadline on the way at its own time.
    pub advance: Option<String>,
    /// Move the clock to this RFC 3339 time first.
    pub to: Option<String>,
    /// `as`: who acts, "buyer:ID", "merchant:ID", "arbitrator:ID", "operator:ID",
    /// "integration", "system". Only with an action that submits a command.
    pub actor: Option<String>,
    /// Sent with the command. Only with an action that submits a command.
    pub idempotency_key: Option<String>,
    /// `do` and its parameters; `None` for a step that only moves the clock and checks.
    pub action: Option<Action>,
    pub expect: Option<Expect>,
}

/// What a ticket action addresses: the ticket, and the version the actor saw.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnTicket {
    pub ticket: String,
    #[serde(default)]
    pub expected_version: Option<u64>,
}

/// A step's action (`do`), holding exactly the parameters it takes; docs/SCENARIOS.md
/// describes each. Ticket actions take `ticket` and `expected_version`; merchant actions
/// `merchant` (default: the acting merchant). Adding a parameter: a field on its variant
/// (`Option` or `#[serde(default)]` when it may be left out), read in `build.rs`.
#[derive(Debug, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    Parcel {
        order: String,
        /// tracking_entered, in_transit, delivered, refused, returned_to_sender, intercepted.
        kind: String,
        /// The parcel (default "1": an order shipped in one parcel).
        #[serde(default)]
        parcel: Option<String>,
        /// A new parcel's lines and units (`tracking_entered`; default: every unit in no
        /// parcel yet).
        #[serde(default)]
        items: Vec<LineSpec>,
        #[serde(default)]
        tracking: Option<String>,
        #[serde(default)]
        signer: Option<String>,
    },
    Open {
        order: String,
        ticket: String,
        kind: String,
        reason: String,
        /// Left out: what the named units are worth (issue 18).
        #[serde(default)]
        amount: Option<i64>,
        /// Lines a request names: an item's id (every unit still open) or
        /// `{ id = "i1", quantity = 2 }` (issue 18).
        #[serde(default)]
        items: Vec<LineSpec>,
        #[serde(default)]
        description: Option<String>,
        #[serde(default)]
        evidence: Vec<String>,
    },
    Approve(OnTicket),
    ApproveAfterRefusal(OnTicket),
    Reject {
        ticket: String,
        #[serde(default)]
        expected_version: Option<u64>,
        #[serde(default)]
        ground: Option<String>,
        /// The reason.
        #[serde(default)]
        text: Option<String>,
        #[serde(default)]
        evidence: Vec<String>,
    },
    ProposeRemedy {
        ticket: String,
        #[serde(default)]
        expected_version: Option<u64>,
        remedy: String,
        /// For `partial_compensation`.
        #[serde(default)]
        amount: Option<i64>,
        /// The note.
        #[serde(default)]
        text: Option<String>,
    },
    AcceptRemedy(OnTicket),
    DeclineRemedy(OnTicket),
    Edit {
        ticket: String,
        #[serde(default)]
        expected_version: Option<u64>,
        kind: String,
        reason: String,
        amount: i64,
        #[serde(default)]
        items: Vec<LineSpec>,
        #[serde(default)]
        description: Option<String>,
        #[serde(default)]
        evidence: Vec<String>,
    },
    Cancel(OnTicket),
    ShipReturn {
        ticket: String,
        #[serde(default)]
        expected_version: Option<u64>,
        #[serde(default)]
        tracking: Option<String>,
    },
    ReturnInTransit(OnTicket),
    ReturnSigned(OnTicket),
    ConfirmReturn(OnTicket),
    ShipReplacement {
        ticket: String,
        #[serde(default)]
        expected_version: Option<u64>,
        #[serde(default)]
        tracking: Option<String>,
    },
    ReplacementDelivered(OnTicket),
    Escalate {
        ticket: String,
        #[serde(default)]
        expected_version: Option<u64>,
        /// The note.
        #[serde(default)]
        text: Option<String>,
        #[serde(default)]
        evidence: Vec<String>,
    },
    CancelDispute(OnTicket),
    AddEvidence {
        ticket: String,
        #[serde(default)]
        expected_version: Option<u64>,
        /// Exactly one kind.
        #[serde(default)]
        evidence: Vec<String>,
    },
    SettleDispute(OnTicket),
    Verdict {
        ticket: String,
        #[serde(default)]
        expected_version: Option<u64>,
        responsibility: String,
        outcome: String,
        /// For `partial_refund`.
        #[serde(default)]
        amount: Option<i64>,
        /// The reasoning.
        #[serde(default)]
        text: Option<String>,
    },
    Recheck {
        ticket: String,
        #[serde(default)]
        expected_version: Option<u64>,
        responsibility: String,
    },
    RefundSucceeded {
        ticket: String,
        #[serde(default)]
        expected_version: Option<u64>,
        /// The payment reference.
        #[serde(default)]
        text: Option<String>,
    },
    RefundFailed {
        ticket: String,
        #[serde(default)]
        expected_version: Option<u64>,
        /// The reason.
        #[serde(default)]
        text: Option<String>,
    },
    RetryRefund(OnTicket),
    FireDeadline {
        ticket: String,
        #[serde(default)]
        expected_version: Option<u64>,
        /// The deadline kind.
        kind: String,
        /// Its due time (RFC 3339); default now.
        #[serde(default)]
        text: Option<String>,
    },
    SetFastRefund {
        #[serde(default)]
        merchant: Option<String>,
        opted_in: bool,
    },
    PutStrategy {
        #[serde(default)]
        merchant: Option<String>,
        strategy: StrategySpec,
    },
    DisableStrategy {
        #[serde(default)]
        merchant: Option<String>,
        /// The strategy's id.
        text: String,
    },
    CloseRefundHandling {
        #[serde(default)]
        merchant: Option<String>,
        /// The reason.
        #[serde(default)]
        text: Option<String>,
    },
    RestoreRefundHandling {
        #[serde(default)]
        merchant: Option<String>,
    },
    ExcludeFromFastRefund {
        #[serde(default)]
        merchant: Option<String>,
        /// Default true; false lifts the exclusion.
        #[serde(default)]
        opted_in: Option<bool>,
    },
    Terminate {
        #[serde(default)]
        merchant: Option<String>,
        /// The reason.
        #[serde(default)]
        text: Option<String>,
    },
    AppealPenalty {
        #[serde(default)]
        merchant: Option<String>,
        /// The penalty's id, e.g. "2026-03-11:mass_overdue".
        penalty: String,
        /// The statement.
        #[serde(default)]
        text: Option<String>,
    },
    RevokePenalty {
        #[serde(default)]
        merchant: Option<String>,
        penalty: String,
        /// The reason.
        #[serde(default)]
        text: Option<String>,
    },
    /// Not supported yet; a step naming it fails with an error.
    UpdateBuyerTrust {},
    /// The weekly evaluation of a day, run by the runner rather than submitted.
    Evaluate {
        /// The day (YYYY-MM-DD); default today in platform time.
        #[serde(default)]
        text: Option<String>,
    },
}

impl Action {
    /// The action's name, as `do` gives it.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Parcel { .. } => "parcel",
            Action::Open { .. } => "open",
            Action::Approve(_) => "approve",
            Action::ApproveAfterRefusal(_) => "approve_after_refusal",
            Action::Reject { .. } => "reject",
            Action::ProposeRemedy { .. } => "propose_remedy",
            Action::AcceptRemedy(_) => "accept_remedy",
            Action::DeclineRemedy(_) => "decline_remedy",
            Action::Edit { .. } => "edit",
            Action::Cancel(_) => "cancel",
            Action::ShipReturn { .. } => "ship_return",
            Action::ReturnInTransit(_) => "return_in_transit",
            Action::ReturnSigned(_) => "return_signed",
            Action::ConfirmReturn(_) => "confirm_return",
            Action::ShipReplacement { .. } => "ship_replacement",
            Action::ReplacementDelivered(_) => "replacement_delivered",
            Action::Escalate { .. } => "escalate",
            Action::CancelDispute(_) => "cancel_dispute",
            Action::AddEvidence { .. } => "add_evidence",
            Action::SettleDispute(_) => "settle_dispute",
            Action::Verdict { .. } => "verdict",
            Action::Recheck { .. } => "recheck",
            Action::RefundSucceeded { .. } => "refund_succeeded",
            Action::RefundFailed { .. } => "refund_failed",
            Action::RetryRefund(_) => "retry_refund",
            Action::FireDeadline { .. } => "fire_deadline",
            Action::SetFastRefund { .. } => "set_fast_refund",
            Action::PutStrategy { .. } => "put_strategy",
            Action::DisableStrategy { .. } => "disable_strategy",
            Action::CloseRefundHandling { .. } => "close_refund_handling",
            Action::RestoreRefundHandling { .. } => "restore_refund_handling",
            Action::ExcludeFromFastRefund { .. } => "exclude_from_fast_refund",
            Action::Terminate { .. } => "terminate",
            Action::AppealPenalty { .. } => "appeal_penalty",
            Action::RevokePenalty { .. } => "revoke_penalty",
            Action::UpdateBuyerTrust {} => "update_buyer_trust",
            Action::Evaluate { .. } => "evaluate",
        }
    }

    /// The ticket the action names (the one it opens or acts on), which is also the one
    /// `expect` checks unless `expect.ticket` names another.
    pub fn ticket(&self) -> Option<&str> {
        match self {
            Action::Approve(on)
            | Action::ApproveAfterRefusal(on)
            | Action::AcceptRemedy(on)
            | Action::DeclineRemedy(on)
            | Action::Cancel(on)
            | Action::ReturnInTransit(on)
            | Action::ReturnSigned(on)
            | Action::ConfirmReturn(on)
            | Action::ReplacementDelivered(on)
            | Action::CancelDispute(on)
            | Action::SettleDispute(on)
            | Action::RetryRefund(on) => Some(&on.ticket),
            Action::Open { ticket, .. }
            | Action::Reject { ticket, .. }
            | Action::ProposeRemedy { ticket, .. }
            | Action::Edit { ticket, .. }
            | Action::ShipReturn { ticket, .. }
            | Action::ShipReplacement { ticket, .. }
            | Action::Escalate { ticket, .. }
            | Action::AddEvidence { ticket, .. }
            | Action::Verdict { ticket, .. }
            | Action::Recheck { ticket, .. }
            | Action::RefundSucceeded { ticket, .. }
            | Action::RefundFailed { ticket, .. }
            | Action::FireDeadline { ticket, .. } => Some(ticket),
            Action::Parcel { .. }
            | Action::SetFastRefund { .. }
            | Action::PutStrategy { .. }
            | Action::DisableStrategy { .. }
            | Action::CloseRefundHandling { .. }
            | Action::RestoreRefundHandling { .. }
            | Action::ExcludeFromFastRefund { .. }
            | Action::Terminate { .. }
            | Action::AppealPenalty { .. }
            | Action::RevokePenalty { .. }
            | Action::UpdateBuyerTrust {}
            | Action::Evaluate { .. } => None,
        }
    }

    /// Submits a command, and so takes `as` and `idempotency_key`.
    fn commands(&self) -> bool {
        !matches!(self, Action::Evaluate { .. })
    }
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut table = toml::Table::deserialize(deserializer)?;
        let mut take = |key: &str| table.remove(key);
        let text = |key: &str, value: Option<toml::Value>| -> Result<Option<String>, D::Error> {
            value
                .map(|v| {
                    v.try_into()
                        .map_err(|e| D::Error::custom(format!("`{key}`: {e}")))
                })
                .transpose()
        };
        let note = text("note", take("note"))?;
        let advance = text("advance", take("advance"))?;
        let to = text("to", take("to"))?;
        let actor = text("as", take("as"))?;
        let idempotency_key = text("idempotency_key", take("idempotency_key"))?;
        let expect = take("expect")
            .map(|v| v.try_into::<Expect>())
            .transpose()
            .map_err(|e| D::Error::custom(format!("`expect`: {e}")))?;
        let action = match table.get("do") {
            None => {
                if let Some(key) = table.keys().next() {
                    return Err(D::Error::custom(format!(
                        "`{key}` is an action's parameter, and this step has no `do`"
                    )));
                }
                None
            }
            Some(name) => {
                let name = name.as_str().unwrap_or("?").to_owned();
                let action: Action = toml::Value::Table(table)
                    .try_into()
                    .map_err(|e| D::Error::custom(format!("{name}: {e}")))?;
                Some(action)
            }
        };
        let commands = action.as_ref().is_some_and(Action::commands);
        for (key, given) in [
            ("as", actor.is_some()),
            ("idempotency_key", idempotency_key.is_some()),
        ] {
            if given && !commands {
                let what = action.as_ref().map_or("a step without `do`", Action::name);
                return Err(D::Error::custom(format!("{what} does not take `{key}`")));
            }
        }
        Ok(Step {
            note,
            advance,
            to,
            actor,
            idempotency_key,
            action,
            expect,
        })
    }
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

#[cfg(test)]
mod tests {
    use super::{Action, ScenarioFile, Step};

    fn step(text: &str) -> Result<Step, String> {
        #[derive(serde::Deserialize)]
        struct One {
            steps: Vec<Step>,
        }
        toml::from_str::<One>(&format!("[[steps]]\n{text}"))
            .map(|mut one| one.steps.remove(0))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_step_reads_as_its_action_with_its_parameters() {
        let read = step(
            r#"do = "reject"
as = "merchant:m1"
ticket = "t1"
text = "not as described"
evidence = ["chat_records"]
expected_version = 2
expect = { state = "rejected" }"#,
        )
        .expect("reads");
        assert_eq!(read.actor.as_deref(), Some("merchant:m1"));
        match read.action {
            Some(Action::Reject {
                ticket,
                expected_version,
                ground,
                text,
                evidence,
            }) => {
                assert_eq!(ticket, "t1");
                assert_eq!(expected_version, Some(2));
                assert_eq!(ground, None);
                assert_eq!(text.as_deref(), Some("not as described"));
                assert_eq!(evidence, ["chat_records"]);
            }
            other => panic!("expected a rejection, got {other:?}"),
        }
        assert_eq!(
            read.expect.and_then(|e| e.state).as_deref(),
            Some("rejected")
        );
    }

    #[test]
    fn a_parameter_the_action_does_not_take_is_an_error_naming_it() {
        let error = step("do = \"approve\"\nas = \"merchant:m1\"\nticket = \"t1\"\namount = 5")
            .expect_err("approve takes no amount");
        assert!(error.contains("approve: unknown field `amount`"), "{error}");
        let error = step(
            "do = \"set_fast_refund\"\nas = \"merchant:m1\"\nticket = \"t1\"\nopted_in = true",
        )
        .expect_err("a merchant setting takes no ticket");
        assert!(
            error.contains("set_fast_refund: unknown field `ticket`"),
            "{error}"
        );
        let error = step("do = \"evaluate\"\nas = \"system\"").expect_err("evaluate acts alone");
        assert!(error.contains("evaluate does not take `as`"), "{error}");
        let error = step("advance = \"1d\"\nticket = \"t1\"").expect_err("no action");
        assert!(
            error.contains("`ticket` is an action's parameter"),
            "{error}"
        );
    }

    #[test]
    fn a_missing_parameter_or_an_unknown_action_is_named() {
        let error = step("do = \"open\"\nas = \"buyer:b1\"\norder = \"o1\"\nticket = \"t1\"\nreason = \"damaged\"")
            .expect_err("open needs a kind");
        assert!(error.contains("open: missing field `kind`"), "{error}");
        let error = step("do = \"teleport\"").expect_err("no such action");
        assert!(error.contains("unknown variant `teleport`"), "{error}");
    }

    #[test]
    fn a_step_without_an_action_only_moves_the_clock_and_checks() {
        let read = step("advance = \"48h\"\nnote = \"the deadline passes\"").expect("reads");
        assert!(read.action.is_none());
        assert_eq!(read.advance.as_deref(), Some("48h"));
    }

    /// The format did not change: every example still reads.
    #[test]
    fn every_example_reads() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios");
        let mut read = 0;
        for entry in std::fs::read_dir(&dir).expect("the examples") {
            let path = entry.expect("an entry").path();
            if path.extension().is_some_and(|e| e == "toml") {
                let text = std::fs::read_to_string(&path).expect("reads");
                if let Err(error) = toml::from_str::<ScenarioFile>(&text) {
                    panic!("{}: {error}", path.display());
                }
                read += 1;
            }
        }
        assert!(read > 50, "only {read} examples");
    }
}
