//! A `Policy` written out as a complete policy file, laid out like the presets.
//!
//! Written by hand rather than through serde because the toml serialiser turns each score
//! band into its own `[[array]]` table, which hides the band ladder an operator reads
//! top to bottom. The tests read every rendering back, so the layout cannot drift from
//! what `file` accepts.

use std::fmt::Write;

use redress_domain::Policy;
use redress_domain::policy::{DisputeCounting, DisputeStandard, ScoreBand};

use crate::units;

pub(crate) fn render(policy: &Policy) -> String {
    let mut file = File {
        text: String::new(),
    };
    file.comment(&format!(
        "Policy {:?} as redress reads it. Hours, days and seconds are integers, money is in",
        policy.name
    ));
    file.comment("minor units; rates, multipliers and scores are quoted decimals read exactly.");
    file.line("");
    file.key("name", string(&policy.name));
    file.key("time_zone", string(&policy.time_zone));

    let deadlines = &policy.deadlines;
    file.section("deadlines");
    file.key("merchant_response_hours", deadlines.merchant_response_hours);
    file.key(
        "buyer_return_shipment_hours",
        deadlines.buyer_return_shipment_hours,
    );
    file.key(
        "return_unsigned_countdown_start_hours",
        deadlines.return_unsigned_countdown_start_hours,
    );
    file.key(
        "merchant_return_handling_hours",
        deadlines.merchant_return_handling_hours,
    );
    file.key("escalation_window_hours", deadlines.escalation_window_hours);
    file.key("dispute_evidence_hours", deadlines.dispute_evidence_hours);
    file.key("merchant_shipment_hours", deadlines.merchant_shipment_hours);
    file.key("refusal_outcome_hours", deadlines.refusal_outcome_hours);
    file.key(
        "replacement_delivery_hours",
        deadlines.replacement_delivery_hours,
    );
    file.key("seven_day_return_hours", deadlines.seven_day_return_hours);

    let refund_retry = &policy.refund_retry;
    file.section("refund_retry");
    file.key("first_delay_seconds", refund_retry.first_delay_seconds);
    file.key("delay_seconds_max", refund_retry.delay_seconds_max);
    file.key("attempts_max", refund_retry.attempts_max);

    let fast_refund = &policy.fast_refund;
    file.section("fast_refund");
    file.key("enabled", fast_refund.enabled);
    file.key(
        "paid_amount_below_minor",
        fast_refund.paid_amount_below_minor,
    );
    file.key("note", string(&fast_refund.note));
    file.list(
        "excluded_merchants",
        fast_refund
            .excluded_merchants
            .iter()
            .map(|id| string(id.as_str())),
    );
    file.list(
        "excluded_products",
        fast_refund
            .excluded_products
            .iter()
            .map(|id| string(id.as_str())),
    );
    file.list(
        "excluded_categories",
        fast_refund
            .excluded_categories
            .iter()
            .map(|category| string(category)),
    );

    let trust = &policy.trust;
    file.section("trust");
    file.key("account_age_days_min", trust.account_age_days_min);
    file.key("completed_orders_min", trust.completed_orders_min);
    file.key("refund_rate_max", percent(trust.refund_rate_ppm_max));

    let dispute_rate = &policy.dispute_rate;
    file.section("dispute_rate");
    file.key("window_days", dispute_rate.window_days);
    let counting = match dispute_rate.counting {
        DisputeCounting::TicketsEscalated => "tickets_escalated",
        DisputeCounting::BuyerInitiated => "buyer_initiated",
    };
    file.key("counting", string(counting));
    let standard = match dispute_rate.standard {
        DisputeStandard::RelativeToAverage { multiplier_ppm } => {
            format!("{{ relative_to_average = {} }}", multiplier(multiplier_ppm))
        }
        DisputeStandard::Fixed { rate_ppm } => format!("{{ fixed = {} }}", percent(rate_ppm)),
    };
    file.key("standard", standard);
    file.key("reference_rate", percent(dispute_rate.reference_rate_ppm));
    file.key("measures_creators", dispute_rate.measures_creators);

    let merchant_responsible = &policy.merchant_responsible;
    file.section("merchant_responsible");
    file.key("count_below", merchant_responsible.count_below);
    file.key("rate_max", percent(merchant_responsible.rate_ppm_max));
    file.key(
        "time_item_cap",
        score(merchant_responsible.time_item_cap_tenths),
    );

    let store_score = &policy.store_score;
    file.section("store_score");
    file.list(
        "refund_only_bands",
        store_score.refund_only_bands.iter().map(band),
    );
    file.key(
        "refund_only_floor",
        score(store_score.refund_only_floor_tenths),
    );
    file.list(
        "return_refund_bands",
        store_score.return_refund_bands.iter().map(band),
    );
    file.key(
        "return_refund_floor",
        score(store_score.return_refund_floor_tenths),
    );

    let evaluation = &policy.evaluation;
    file.section("evaluation");
    // An out-of-range day is written as its number, which `parse` then names as the problem.
    let weekday = units::render_weekday(evaluation.weekday_iso)
        .map_or_else(|| evaluation.weekday_iso.to_string(), str::to_owned);
    file.key("weekday", string(&weekday));
    file.key(
        "time",
        string(&units::render_time_of_day(
            evaluation.hour,
            evaluation.minute,
        )),
    );
    file.key(
        "slight_multiplier",
        multiplier(evaluation.slight_multiplier_ppm),
    );
    file.key(
        "serious_multiplier",
        multiplier(evaluation.serious_multiplier_ppm),
    );
    file.key(
        "violation_lookback_days",
        evaluation.violation_lookback_days,
    );

    let mass_overdue = &policy.mass_overdue;
    file.section("mass_overdue");
    file.key("violation_count_min", mass_overdue.violation_count_min);
    file.key(
        "violation_share_min",
        percent(mass_overdue.violation_share_ppm_min),
    );
    file.key("high_risk_count_min", mass_overdue.high_risk_count_min);
    file.key(
        "high_risk_share_min",
        percent(mass_overdue.high_risk_share_ppm_min),
    );
    for (key, kinds) in [
        ("slight_measures", &mass_overdue.slight_measures),
        ("serious_measures", &mass_overdue.serious_measures),
        (
            "especially_serious_measures",
            &mass_overdue.especially_serious_measures,
        ),
    ] {
        file.list(key, kinds.iter().map(|kind| string(kind.as_str())));
    }
    file.key(
        "termination_high_risk_findings",
        mass_overdue.termination_high_risk_findings,
    );

    let penalties = &policy.penalties;
    file.section("penalties");
    file.key("delist_days_min", penalties.delist_days_min);
    file.key("delist_days_max", penalties.delist_days_max);
    file.key("fine_minor_min", penalties.fine_minor_min);
    file.key("fine_minor_max", penalties.fine_minor_max);
    file.key("points_deducted", penalties.points_deducted);

    file.text
}

struct File {
    text: String,
}

impl File {
    fn line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }

    fn comment(&mut self, comment: &str) {
        self.line(&format!("# {comment}"));
    }

    fn section(&mut self, name: &str) {
        self.line("");
        self.line(&format!("[{name}]"));
    }

    /// `value` is already TOML: a number, a boolean, or the output of [`string`].
    fn key(&mut self, key: &str, value: impl std::fmt::Display) {
        writeln!(self.text, "{key} = {value}").expect("writing to a String cannot fail");
    }

    /// One entry per line, so a diff of two policies shows the entry that changed.
    fn list(&mut self, key: &str, entries: impl Iterator<Item = String>) {
        let mut entries = entries.peekable();
        if entries.peek().is_none() {
            self.key(key, "[]");
            return;
        }
        self.line(&format!("{key} = ["));
        for entry in entries {
            self.line(&format!("    {entry},"));
        }
        self.line("]");
    }
}

/// A TOML string with every character that needs it escaped, as the toml crate writes it.
fn string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn percent(ppm: u64) -> String {
    string(&units::render_percent(ppm))
}

fn multiplier(ppm: u64) -> String {
    string(&units::render_multiplier(ppm))
}

fn score(tenths: u32) -> String {
    string(&units::render_score(tenths.into()))
}

fn band(band: &ScoreBand) -> String {
    format!(
        "{{ hours_max = {}, score = {} }}",
        band.hours_max,
        score(band.score_tenths)
    )
}
