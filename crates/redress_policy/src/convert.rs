//! From the file's DTOs to the domain's `Policy`, checking every value on the way.
//!
//! Checking goes on past the first problem so an operator fixes a file in one pass. A value
//! that fails its own check becomes `None`, which keeps it out of the checks that relate it to
//! other values: a bad slight multiplier must not also be reported as "above serious".

use redress_domain::policy::CATEGORY_CHARS_MAX;
use redress_domain::policy::{
    DeadlinePolicy, DisputeCounting, DisputeRatePolicy, DisputeStandard, EvaluationPolicy,
    FastRefundPolicy, MassOverduePolicy, MeasureKind, MerchantResponsiblePolicy, PenaltyPolicy,
    RefundRetryPolicy, ScoreBand, StoreScorePolicy, TrustPolicy,
};
use redress_domain::{IdError, MerchantId, Policy, ProductId};

use crate::error::{PolicyErrors, Problem};
use crate::file::{
    BandFile, DeadlinesFile, DisputeRateFile, EvaluationFile, Exact, FastRefundFile,
    MassOverdueFile, MerchantResponsibleFile, PenaltiesFile, PolicyFile, RefundRetryFile,
    StandardFile, StoreScoreFile, TrustFile,
};
use crate::units;

// The limits below are not business rules: they catch typos (an extra zero, hours written as
// minutes) and keep every later computation far from overflow.

/// A year: no after-sales wait is longer.
const HOURS_MAX: i64 = 24 * 365;
/// Shown in reports, so short and on one line.
const NAME_CHARACTERS_MAX: usize = 64;
/// IANA names are at most about 30 characters; the check runs before the database lookup.
const TIME_ZONE_CHARACTERS_MAX: usize = 64;
/// A day: retrying a refund less often than daily means nobody is watching.
const RETRY_FIRST_DELAY_SECONDS_MAX: i64 = 24 * 3600;
/// A week between attempts at most.
const RETRY_DELAY_SECONDS_MAX: i64 = 7 * 24 * 3600;
const RETRY_ATTEMPTS_MAX: i64 = 100;
/// One million yuan in fen, far above the fast-refund bound (seed 002: below 300 yuan) and
/// the largest fine (seed 000: 1,000 yuan).
const MONEY_MINOR_MAX: i64 = 100_000_000;
/// The note is shown on every fast-refunded ticket.
const NOTE_CHARACTERS_MAX: usize = 500;
const EXCLUDED_IDS_MAX: usize = 10_000;
/// Ten years, for any look-back or age in days.
const DAYS_MAX: i64 = 3650;
/// Evaluation windows are about a month (seed 000: 30 days); a year is the outer bound.
const WINDOW_DAYS_MAX: i64 = 365;
const COUNT_MAX: i64 = 1_000_000;
const PERCENT_100_PPM: u64 = 100 * 10_000;
const MULTIPLIER_MAX_PPM: u64 = 100 * redress_domain::policy::PPM;
const SCORE_MAX_TENTHS: u64 = 50;
const BANDS_MAX: usize = 20;
const POINTS_MAX: i64 = 100;

/// Builds the policy a file describes on top of the policy its `preset` names (or the
/// default), reporting every problem found. `resolve_preset` turns a preset name into its
/// policy, or says why it cannot.
pub(crate) fn policy_from_file(
    file: PolicyFile,
    resolve_preset: impl FnOnce(&str) -> Result<Policy, String>,
) -> Result<Policy, PolicyErrors> {
    let mut checker = Checker {
        problems: Vec::new(),
    };
    let base = match file.preset.as_deref() {
        None => Policy::default(),
        Some(name) => resolve_preset(name).unwrap_or_else(|message| {
            checker.report("preset", message);
            // Checking the rest against the default still finds the file's other problems.
            Policy::default()
        }),
    };

    let name = checker.take("name", file.name.clone(), base.name.clone(), check_name);
    let time_zone = checker.take(
        "time_zone",
        file.time_zone,
        base.time_zone.clone(),
        check_time_zone,
    );
    let deadlines = deadlines(
        &mut checker,
        file.deadlines.unwrap_or_default(),
        &base.deadlines,
    );
    let refund_retry = refund_retry(
        &mut checker,
        file.refund_retry.unwrap_or_default(),
        &base.refund_retry,
    );
    let fast_refund = fast_refund(
        &mut checker,
        file.fast_refund.unwrap_or_default(),
        &base.fast_refund,
    );
    let trust = trust(&mut checker, file.trust.unwrap_or_default(), &base.trust);
    let dispute_rate = dispute_rate(
        &mut checker,
        file.dispute_rate.unwrap_or_default(),
        &base.dispute_rate,
    );
    let merchant_responsible = merchant_responsible(
        &mut checker,
        file.merchant_responsible.unwrap_or_default(),
        &base.merchant_responsible,
    );
    let store_score = store_score(
        &mut checker,
        file.store_score.unwrap_or_default(),
        &base.store_score,
    );
    let evaluation = evaluation(
        &mut checker,
        file.evaluation.unwrap_or_default(),
        &base.evaluation,
    );
    let mass_overdue = mass_overdue(
        &mut checker,
        file.mass_overdue.unwrap_or_default(),
        &base.mass_overdue,
    );
    let penalties = penalties(
        &mut checker,
        file.penalties.unwrap_or_default(),
        &base.penalties,
    );

    let policy = (|| {
        Some(Policy {
            name: name?,
            time_zone: time_zone?,
            deadlines: deadlines?,
            refund_retry: refund_retry?,
            fast_refund: fast_refund?,
            trust: trust?,
            dispute_rate: dispute_rate?,
            merchant_responsible: merchant_responsible?,
            store_score: store_score?,
            evaluation: evaluation?,
            mass_overdue: mass_overdue?,
            penalties: penalties?,
        })
    })();
    match policy {
        Some(mut policy) if checker.problems.is_empty() => {
            // A policy that differs from its base must not carry the base's name into
            // reports, or a changed "kuaishou" would pass for the real one.
            if file.name.is_none() && policy != base {
                "custom".clone_into(&mut policy.name);
            }
            Ok(policy)
        }
        Some(_) | None => Err(PolicyErrors::new(checker.problems)),
    }
}

struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn report(&mut self, key_path: &str, message: String) {
        self.problems.push(Problem {
            key_path: key_path.to_owned(),
            message,
            location: None,
        });
    }

    /// The file's value if it passes `check`, the base's if the file leaves the key out,
    /// `None` once the problem is reported.
    fn take<R, T>(
        &mut self,
        key_path: &str,
        raw: Option<R>,
        base: T,
        check: impl FnOnce(R) -> Result<T, String>,
    ) -> Option<T> {
        self.take_all(key_path, raw, base, |raw| {
            check(raw).map_err(|message| vec![message])
        })
    }

    /// Like [`Checker::take`] for a list, whose entries may each have a problem.
    fn take_all<R, T>(
        &mut self,
        key_path: &str,
        raw: Option<R>,
        base: T,
        check: impl FnOnce(R) -> Result<T, Vec<String>>,
    ) -> Option<T> {
        let Some(raw) = raw else {
            return Some(base);
        };
        match check(raw) {
            Ok(value) => Some(value),
            Err(messages) => {
                for message in messages {
                    self.report(key_path, message);
                }
                None
            }
        }
    }

    /// Reports `message` unless `holds`; for rules between two keys, reported on the second.
    fn ensure(&mut self, holds: bool, key_path: &str, message: impl FnOnce() -> String) {
        if !holds {
            self.report(key_path, message());
        }
    }
}

fn within<T: TryFrom<i64>>(min: i64, max: i64) -> impl FnOnce(i64) -> Result<T, String> {
    move |value| match T::try_from(value) {
        Ok(converted) if (min..=max).contains(&value) => Ok(converted),
        Ok(_) | Err(_) => Err(format!("must be between {min} and {max}, got {value}")),
    }
}

fn positive_money(value: i64) -> Result<i64, String> {
    if value <= 0 {
        return Err(format!("must be positive, got {value}"));
    }
    if value > MONEY_MINOR_MAX {
        return Err(format!("must be at most {MONEY_MINOR_MAX}, got {value}"));
    }
    Ok(value)
}

fn percent_ppm(min_ppm: u64, max_ppm: u64) -> impl FnOnce(Exact) -> Result<u64, String> {
    move |Exact(text)| {
        let ppm = units::parse_percent_ppm(&text)?;
        if !(min_ppm..=max_ppm).contains(&ppm) {
            return Err(format!(
                "must be between {} and {}, got {text:?}",
                units::render_percent(min_ppm),
                units::render_percent(max_ppm)
            ));
        }
        Ok(ppm)
    }
}

fn multiplier_ppm(min_ppm: u64, max_ppm: u64) -> impl FnOnce(Exact) -> Result<u64, String> {
    move |Exact(text)| {
        let ppm = units::parse_multiplier_ppm(&text)?;
        if !(min_ppm..=max_ppm).contains(&ppm) {
            return Err(format!(
                "must be between {} and {}, got {text:?}",
                units::render_multiplier(min_ppm),
                units::render_multiplier(max_ppm)
            ));
        }
        Ok(ppm)
    }
}

fn score_tenths(Exact(text): Exact) -> Result<u32, String> {
    let tenths = units::parse_score_tenths(&text)?;
    if tenths > SCORE_MAX_TENTHS {
        return Err(format!(
            "must be between 0 and {}, got {text:?}",
            units::render_score(SCORE_MAX_TENTHS)
        ));
    }
    Ok(u32::try_from(tenths).expect("at most SCORE_MAX_TENTHS"))
}

/// One line of text for a report or a ticket: no control characters, which would break the
/// line or hide text, and at most `characters_max` characters.
fn one_line(text: &str, characters_max: usize) -> Result<(), String> {
    let characters = text.chars().count();
    if characters == 0 || characters > characters_max {
        return Err(format!(
            "must be between 1 and {characters_max} characters long, got {characters}"
        ));
    }
    if let Some(control) = text.chars().find(|character| character.is_control()) {
        return Err(format!(
            "must be one line of text, found the control character {control:?}"
        ));
    }
    Ok(())
}

fn check_name(name: String) -> Result<String, String> {
    one_line(&name, NAME_CHARACTERS_MAX)?;
    Ok(name)
}

fn check_time_zone(name: String) -> Result<String, String> {
    let unknown = || format!("{name:?} is not a time zone in the IANA database");
    if name.chars().count() > TIME_ZONE_CHARACTERS_MAX {
        return Err(unknown());
    }
    let time_zone = jiff::tz::TimeZone::get(&name).map_err(|_| unknown())?;
    // The database matches names ignoring case; keep its spelling so reports agree.
    Ok(time_zone
        .iana_name()
        .map_or_else(|| name.clone(), str::to_owned))
}

fn deadlines(
    checker: &mut Checker,
    file: DeadlinesFile,
    base: &DeadlinePolicy,
) -> Option<DeadlinePolicy> {
    let mut hours = |key: &str, raw: Option<i64>, base: u32| {
        checker.take(&format!("deadlines.{key}"), raw, base, within(1, HOURS_MAX))
    };
    let merchant_response_hours = hours(
        "merchant_response_hours",
        file.merchant_response_hours,
        base.merchant_response_hours,
    );
    let buyer_return_shipment_hours = hours(
        "buyer_return_shipment_hours",
        file.buyer_return_shipment_hours,
        base.buyer_return_shipment_hours,
    );
    let return_unsigned_countdown_start_hours = hours(
        "return_unsigned_countdown_start_hours",
        file.return_unsigned_countdown_start_hours,
        base.return_unsigned_countdown_start_hours,
    );
    let merchant_return_handling_hours = hours(
        "merchant_return_handling_hours",
        file.merchant_return_handling_hours,
        base.merchant_return_handling_hours,
    );
    let escalation_window_hours = hours(
        "escalation_window_hours",
        file.escalation_window_hours,
        base.escalation_window_hours,
    );
    let dispute_evidence_hours = hours(
        "dispute_evidence_hours",
        file.dispute_evidence_hours,
        base.dispute_evidence_hours,
    );
    let merchant_shipment_hours = hours(
        "merchant_shipment_hours",
        file.merchant_shipment_hours,
        base.merchant_shipment_hours,
    );
    let refusal_outcome_hours = hours(
        "refusal_outcome_hours",
        file.refusal_outcome_hours,
        base.refusal_outcome_hours,
    );
    let replacement_delivery_hours = hours(
        "replacement_delivery_hours",
        file.replacement_delivery_hours,
        base.replacement_delivery_hours,
    );
    let seven_day_return_hours = hours(
        "seven_day_return_hours",
        file.seven_day_return_hours,
        base.seven_day_return_hours,
    );
    Some(DeadlinePolicy {
        merchant_response_hours: merchant_response_hours?,
        buyer_return_shipment_hours: buyer_return_shipment_hours?,
        return_unsigned_countdown_start_hours: return_unsigned_countdown_start_hours?,
        merchant_return_handling_hours: merchant_return_handling_hours?,
        escalation_window_hours: escalation_window_hours?,
        dispute_evidence_hours: dispute_evidence_hours?,
        merchant_shipment_hours: merchant_shipment_hours?,
        refusal_outcome_hours: refusal_outcome_hours?,
        replacement_delivery_hours: replacement_delivery_hours?,
        seven_day_return_hours: seven_day_return_hours?,
    })
}

fn refund_retry(
    checker: &mut Checker,
    file: RefundRetryFile,
    base: &RefundRetryPolicy,
) -> Option<RefundRetryPolicy> {
    let first_delay_seconds = checker.take(
        "refund_retry.first_delay_seconds",
        file.first_delay_seconds,
        base.first_delay_seconds,
        within(1, RETRY_FIRST_DELAY_SECONDS_MAX),
    );
    let delay_seconds_max = checker.take(
        "refund_retry.delay_seconds_max",
        file.delay_seconds_max,
        base.delay_seconds_max,
        within(1, RETRY_DELAY_SECONDS_MAX),
    );
    let attempts_max = checker.take(
        "refund_retry.attempts_max",
        file.attempts_max,
        base.attempts_max,
        within(1, RETRY_ATTEMPTS_MAX),
    );
    if let (Some(first), Some(max)) = (first_delay_seconds, delay_seconds_max) {
        checker.ensure(first <= max, "refund_retry.delay_seconds_max", || {
            format!("must be at least first_delay_seconds ({first}), got {max}")
        });
    }
    Some(RefundRetryPolicy {
        first_delay_seconds: first_delay_seconds?,
        delay_seconds_max: delay_seconds_max?,
        attempts_max: attempts_max?,
    })
}

fn fast_refund(
    checker: &mut Checker,
    file: FastRefundFile,
    base: &FastRefundPolicy,
) -> Option<FastRefundPolicy> {
    let enabled = file.enabled.unwrap_or(base.enabled);
    let paid_amount_below_minor = checker.take(
        "fast_refund.paid_amount_below_minor",
        file.paid_amount_below_minor,
        base.paid_amount_below_minor,
        positive_money,
    );
    let note = checker.take("fast_refund.note", file.note, base.note.clone(), |note| {
        one_line(&note, NOTE_CHARACTERS_MAX)?;
        Ok(note)
    });
    let excluded_merchants = checker.take_all(
        "fast_refund.excluded_merchants",
        file.excluded_merchants,
        base.excluded_merchants.clone(),
        |raw| ids(&raw, MerchantId::parse, "merchant id"),
    );
    let excluded_products = checker.take_all(
        "fast_refund.excluded_products",
        file.excluded_products,
        base.excluded_products.clone(),
        |raw| ids(&raw, ProductId::parse, "product id"),
    );
    let excluded_categories = checker.take_all(
        "fast_refund.excluded_categories",
        file.excluded_categories,
        base.excluded_categories.clone(),
        |raw| categories(&raw),
    );
    Some(FastRefundPolicy {
        enabled,
        paid_amount_below_minor: paid_amount_below_minor?,
        note: note?,
        excluded_merchants: excluded_merchants?,
        excluded_products: excluded_products?,
        excluded_categories: excluded_categories?,
    })
}

/// Parses every id, reporting each bad or repeated entry; a repeat is refused because the
/// list is a set and a repeat usually means a different id was meant.
fn ids<T: Ord + Clone>(
    raw: &[String],
    parse: fn(&str) -> Result<T, IdError>,
    kind: &str,
) -> Result<Vec<T>, Vec<String>> {
    if raw.len() > EXCLUDED_IDS_MAX {
        return Err(vec![format!(
            "must list at most {EXCLUDED_IDS_MAX} ids, got {}",
            raw.len()
        )]);
    }
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut parsed = Vec::with_capacity(raw.len());
    for (index, text) in raw.iter().enumerate() {
        let entry = index + 1;
        match parse(text) {
            Ok(id) if !seen.insert(id.clone()) => {
                problems.push(format!("entry {entry}: {text:?} is listed twice"));
            }
            Ok(id) => parsed.push(id),
            Err(error) => problems.push(format!(
                "entry {entry}: {text:?} is not a valid {kind}: it {error}"
            )),
        }
    }
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(problems)
    }
}

/// Item categories as orders carry them (at most CATEGORY_CHARS_MAX characters), matched
/// exactly; each bad or repeated entry is reported, like [`ids`].
fn categories(raw: &[String]) -> Result<Vec<String>, Vec<String>> {
    if raw.len() > EXCLUDED_IDS_MAX {
        return Err(vec![format!(
            "must list at most {EXCLUDED_IDS_MAX} categories, got {}",
            raw.len()
        )]);
    }
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (index, text) in raw.iter().enumerate() {
        let entry = index + 1;
        if text.trim().is_empty() {
            problems.push(format!("entry {entry}: {text:?} is blank"));
        } else if let Err(why) = one_line(text, CATEGORY_CHARS_MAX) {
            problems.push(format!("entry {entry}: {text:?} {why}"));
        } else if !seen.insert(text.as_str()) {
            problems.push(format!("entry {entry}: {text:?} is listed twice"));
        }
    }
    if problems.is_empty() {
        Ok(raw.to_vec())
    } else {
        Err(problems)
    }
}

fn trust(checker: &mut Checker, file: TrustFile, base: &TrustPolicy) -> Option<TrustPolicy> {
    let account_age_days_min = checker.take(
        "trust.account_age_days_min",
        file.account_age_days_min,
        base.account_age_days_min,
        within(0, DAYS_MAX),
    );
    let completed_orders_min = checker.take(
        "trust.completed_orders_min",
        file.completed_orders_min,
        base.completed_orders_min,
        within(0, COUNT_MAX),
    );
    let refund_rate_ppm_max = checker.take(
        "trust.refund_rate_max",
        file.refund_rate_max,
        base.refund_rate_ppm_max,
        percent_ppm(0, PERCENT_100_PPM),
    );
    Some(TrustPolicy {
        account_age_days_min: account_age_days_min?,
        completed_orders_min: completed_orders_min?,
        refund_rate_ppm_max: refund_rate_ppm_max?,
    })
}

fn dispute_rate(
    checker: &mut Checker,
    file: DisputeRateFile,
    base: &DisputeRatePolicy,
) -> Option<DisputeRatePolicy> {
    let window_days = checker.take(
        "dispute_rate.window_days",
        file.window_days,
        base.window_days,
        within(1, WINDOW_DAYS_MAX),
    );
    let counting = checker.take("dispute_rate.counting", file.counting, base.counting, |text| {
        match text.as_str() {
            "tickets_escalated" => Ok(DisputeCounting::TicketsEscalated),
            "buyer_initiated" => Ok(DisputeCounting::BuyerInitiated),
            _ => Err(format!(
                "{text:?} is not a way of counting; use \"tickets_escalated\" or \"buyer_initiated\""
            )),
        }
    });
    let standard = match file.standard {
        None => Some(base.standard),
        Some(StandardFile::RelativeToAverage(multiplier)) => checker
            .take(
                "dispute_rate.standard.relative_to_average",
                Some(multiplier),
                0,
                multiplier_ppm(1, MULTIPLIER_MAX_PPM),
            )
            .map(|multiplier_ppm| DisputeStandard::RelativeToAverage { multiplier_ppm }),
        Some(StandardFile::Fixed(rate)) => checker
            .take(
                "dispute_rate.standard.fixed",
                Some(rate),
                0,
                percent_ppm(1, PERCENT_100_PPM),
            )
            .map(|rate_ppm| DisputeStandard::Fixed { rate_ppm }),
    };
    let reference_rate_ppm = checker.take(
        "dispute_rate.reference_rate",
        file.reference_rate,
        base.reference_rate_ppm,
        percent_ppm(1, PERCENT_100_PPM),
    );
    let measures_creators = file.measures_creators.unwrap_or(base.measures_creators);
    Some(DisputeRatePolicy {
        window_days: window_days?,
        counting: counting?,
        standard: standard?,
        reference_rate_ppm: reference_rate_ppm?,
        measures_creators,
    })
}

fn merchant_responsible(
    checker: &mut Checker,
    file: MerchantResponsibleFile,
    base: &MerchantResponsiblePolicy,
) -> Option<MerchantResponsiblePolicy> {
    let count_below = checker.take(
        "merchant_responsible.count_below",
        file.count_below,
        base.count_below,
        within(0, COUNT_MAX),
    );
    let rate_ppm_max = checker.take(
        "merchant_responsible.rate_max",
        file.rate_max,
        base.rate_ppm_max,
        percent_ppm(0, PERCENT_100_PPM),
    );
    let time_item_cap_tenths = checker.take(
        "merchant_responsible.time_item_cap",
        file.time_item_cap,
        base.time_item_cap_tenths,
        score_tenths,
    );
    Some(MerchantResponsiblePolicy {
        count_below: count_below?,
        rate_ppm_max: rate_ppm_max?,
        time_item_cap_tenths: time_item_cap_tenths?,
    })
}

fn store_score(
    checker: &mut Checker,
    file: StoreScoreFile,
    base: &StoreScorePolicy,
) -> Option<StoreScorePolicy> {
    let mut item = |bands_key: &str,
                    bands_raw: Option<Vec<BandFile>>,
                    bands_base: &[ScoreBand],
                    floor_key: &str,
                    floor_raw: Option<Exact>,
                    floor_base: u32| {
        let bands_path = format!("store_score.{bands_key}");
        let floor_path = format!("store_score.{floor_key}");
        let bands = checker.take_all(&bands_path, bands_raw, bands_base.to_vec(), score_bands);
        let floor = checker.take(&floor_path, floor_raw, floor_base, score_tenths);
        if let (Some(bands), Some(floor)) = (&bands, floor) {
            let last = bands
                .last()
                .expect("score_bands refuses an empty list")
                .score_tenths;
            checker.ensure(floor <= last, &floor_path, || {
                format!(
                    "must not be above the last band's score ({}), got {:?}",
                    units::render_score(last.into()),
                    units::render_score(floor.into())
                )
            });
        }
        Some((bands?, floor?))
    };
    let refund_only = item(
        "refund_only_bands",
        file.refund_only_bands,
        &base.refund_only_bands,
        "refund_only_floor",
        file.refund_only_floor,
        base.refund_only_floor_tenths,
    );
    let return_refund = item(
        "return_refund_bands",
        file.return_refund_bands,
        &base.return_refund_bands,
        "return_refund_floor",
        file.return_refund_floor,
        base.return_refund_floor_tenths,
    );
    let (refund_only_bands, refund_only_floor_tenths) = refund_only?;
    let (return_refund_bands, return_refund_floor_tenths) = return_refund?;
    Some(StoreScorePolicy {
        refund_only_bands,
        refund_only_floor_tenths,
        return_refund_bands,
        return_refund_floor_tenths,
    })
}

/// Bands are looked up in order, the first whose `hours_max` is not exceeded wins, so hours
/// must rise; a score that rose with the hours would reward the slower merchant.
fn score_bands(raw: Vec<BandFile>) -> Result<Vec<ScoreBand>, Vec<String>> {
    if raw.is_empty() || raw.len() > BANDS_MAX {
        return Err(vec![format!(
            "must have between 1 and {BANDS_MAX} bands, got {}",
            raw.len()
        )]);
    }
    let mut problems = Vec::new();
    let mut bands = Vec::with_capacity(raw.len());
    for (index, band) in raw.into_iter().enumerate() {
        let number = index + 1;
        let hours_max = within::<u32>(1, HOURS_MAX)(band.hours_max)
            .inspect_err(|message| problems.push(format!("band {number}: hours_max {message}")));
        let score = score_tenths(band.score)
            .inspect_err(|message| problems.push(format!("band {number}: score {message}")));
        if let (Ok(hours_max), Ok(score_tenths)) = (hours_max, score) {
            bands.push((
                number,
                ScoreBand {
                    hours_max,
                    score_tenths,
                },
            ));
        }
    }
    for pair in bands.windows(2) {
        let [(_, previous), (number, band)] = pair else {
            unreachable!("windows(2) yields pairs");
        };
        if band.hours_max <= previous.hours_max {
            problems.push(format!(
                "hours_max must increase (band {number}: {} after {})",
                band.hours_max, previous.hours_max
            ));
        }
        if band.score_tenths > previous.score_tenths {
            problems.push(format!(
                "scores must not increase as hours grow (band {number}: {} after {})",
                units::render_score(band.score_tenths.into()),
                units::render_score(previous.score_tenths.into())
            ));
        }
    }
    if problems.is_empty() {
        Ok(bands.into_iter().map(|(_, band)| band).collect())
    } else {
        Err(problems)
    }
}

fn evaluation(
    checker: &mut Checker,
    file: EvaluationFile,
    base: &EvaluationPolicy,
) -> Option<EvaluationPolicy> {
    let weekday_iso = checker.take(
        "evaluation.weekday",
        file.weekday,
        base.weekday_iso,
        |text| units::parse_weekday_iso(&text),
    );
    let time = checker.take(
        "evaluation.time",
        file.time,
        (base.hour, base.minute),
        |text| units::parse_time_of_day(&text),
    );
    // Below 1× a merchant who fails the standard would already be past "slight".
    let slight_multiplier_ppm = checker.take(
        "evaluation.slight_multiplier",
        file.slight_multiplier,
        base.slight_multiplier_ppm,
        multiplier_ppm(redress_domain::policy::PPM, MULTIPLIER_MAX_PPM),
    );
    let serious_multiplier_ppm = checker.take(
        "evaluation.serious_multiplier",
        file.serious_multiplier,
        base.serious_multiplier_ppm,
        multiplier_ppm(redress_domain::policy::PPM, MULTIPLIER_MAX_PPM),
    );
    if let (Some(slight), Some(serious)) = (slight_multiplier_ppm, serious_multiplier_ppm) {
        checker.ensure(slight <= serious, "evaluation.serious_multiplier", || {
            format!(
                "must be at least slight_multiplier ({:?}), got {:?}",
                units::render_multiplier(slight),
                units::render_multiplier(serious)
            )
        });
    }
    let violation_lookback_days = checker.take(
        "evaluation.violation_lookback_days",
        file.violation_lookback_days,
        base.violation_lookback_days,
        within(1, DAYS_MAX),
    );
    let (hour, minute) = time?;
    Some(EvaluationPolicy {
        weekday_iso: weekday_iso?,
        hour,
        minute,
        slight_multiplier_ppm: slight_multiplier_ppm?,
        serious_multiplier_ppm: serious_multiplier_ppm?,
        violation_lookback_days: violation_lookback_days?,
    })
}

fn mass_overdue(
    checker: &mut Checker,
    file: MassOverdueFile,
    base: &MassOverduePolicy,
) -> Option<MassOverduePolicy> {
    let violation_count_min = checker.take(
        "mass_overdue.violation_count_min",
        file.violation_count_min,
        base.violation_count_min,
        within(1, COUNT_MAX),
    );
    let violation_share_ppm_min = checker.take(
        "mass_overdue.violation_share_min",
        file.violation_share_min,
        base.violation_share_ppm_min,
        percent_ppm(1, PERCENT_100_PPM),
    );
    let high_risk_count_min = checker.take(
        "mass_overdue.high_risk_count_min",
        file.high_risk_count_min,
        base.high_risk_count_min,
        within(1, COUNT_MAX),
    );
    let high_risk_share_ppm_min = checker.take(
        "mass_overdue.high_risk_share_min",
        file.high_risk_share_min,
        base.high_risk_share_ppm_min,
        percent_ppm(1, PERCENT_100_PPM),
    );
    // High risk closes refund handling (seed 004), so it must never trigger before the
    // milder violation does.
    if let (Some(violation), Some(high_risk)) = (violation_count_min, high_risk_count_min) {
        checker.ensure(
            violation <= high_risk,
            "mass_overdue.high_risk_count_min",
            || format!("must be at least violation_count_min ({violation}), got {high_risk}"),
        );
    }
    if let (Some(violation), Some(high_risk)) = (violation_share_ppm_min, high_risk_share_ppm_min) {
        checker.ensure(
            violation <= high_risk,
            "mass_overdue.high_risk_share_min",
            || {
                format!(
                    "must be at least violation_share_min ({:?}), got {:?}",
                    units::render_percent(violation),
                    units::render_percent(high_risk)
                )
            },
        );
    }
    let slight_measures = checker.take_all(
        "mass_overdue.slight_measures",
        file.slight_measures,
        base.slight_measures.clone(),
        |raw| measures(&raw),
    );
    let serious_measures = checker.take_all(
        "mass_overdue.serious_measures",
        file.serious_measures,
        base.serious_measures.clone(),
        |raw| measures(&raw),
    );
    let especially_serious_measures = checker.take_all(
        "mass_overdue.especially_serious_measures",
        file.especially_serious_measures,
        base.especially_serious_measures.clone(),
        |raw| measures(&raw),
    );
    let termination_high_risk_findings = checker.take(
        "mass_overdue.termination_high_risk_findings",
        file.termination_high_risk_findings,
        base.termination_high_risk_findings,
        within(0, COUNT_MAX),
    );
    Some(MassOverduePolicy {
        violation_count_min: violation_count_min?,
        violation_share_ppm_min: violation_share_ppm_min?,
        high_risk_count_min: high_risk_count_min?,
        high_risk_share_ppm_min: high_risk_share_ppm_min?,
        slight_measures: slight_measures?,
        serious_measures: serious_measures?,
        especially_serious_measures: especially_serious_measures?,
        termination_high_risk_findings: termination_high_risk_findings?,
    })
}

/// A tier's measures: known names, none twice, at least one (a penalty that does nothing is
/// a mistake). Closing refund handling is not among them: it follows high risk.
fn measures(raw: &[String]) -> Result<Vec<MeasureKind>, Vec<String>> {
    if raw.is_empty() {
        return Err(vec!["must name at least one measure".to_owned()]);
    }
    let mut problems = Vec::new();
    let mut parsed = Vec::with_capacity(raw.len());
    for (index, text) in raw.iter().enumerate() {
        let entry = index + 1;
        match MeasureKind::parse(text) {
            Some(kind) if parsed.contains(&kind) => {
                problems.push(format!("entry {entry}: {text:?} is listed twice"));
            }
            Some(kind) => parsed.push(kind),
            None => {
                let known: Vec<&str> = MeasureKind::ALL.iter().map(|k| k.as_str()).collect();
                problems.push(format!(
                    "entry {entry}: {text:?} is not a measure; expected one of {}",
                    known.join(", ")
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(problems)
    }
}

fn penalties(
    checker: &mut Checker,
    file: PenaltiesFile,
    base: &PenaltyPolicy,
) -> Option<PenaltyPolicy> {
    let delist_days_min = checker.take(
        "penalties.delist_days_min",
        file.delist_days_min,
        base.delist_days_min,
        within(0, WINDOW_DAYS_MAX),
    );
    let delist_days_max = checker.take(
        "penalties.delist_days_max",
        file.delist_days_max,
        base.delist_days_max,
        within(0, WINDOW_DAYS_MAX),
    );
    let fine_minor_min = checker.take(
        "penalties.fine_minor_min",
        file.fine_minor_min,
        base.fine_minor_min,
        within(0, MONEY_MINOR_MAX),
    );
    let fine_minor_max = checker.take(
        "penalties.fine_minor_max",
        file.fine_minor_max,
        base.fine_minor_max,
        within(0, MONEY_MINOR_MAX),
    );
    let points_deducted = checker.take(
        "penalties.points_deducted",
        file.points_deducted,
        base.points_deducted,
        within(0, POINTS_MAX),
    );
    if let (Some(min), Some(max)) = (delist_days_min, delist_days_max) {
        checker.ensure(min <= max, "penalties.delist_days_max", || {
            format!("must be at least delist_days_min ({min}), got {max}")
        });
    }
    if let (Some(min), Some(max)) = (fine_minor_min, fine_minor_max) {
        checker.ensure(min <= max, "penalties.fine_minor_max", || {
            format!("must be at least fine_minor_min ({min}), got {max}")
        });
    }
    Some(PenaltyPolicy {
        delist_days_min: delist_days_min?,
        delist_days_max: delist_days_max?,
        fine_minor_min: fine_minor_min?,
        fine_minor_max: fine_minor_max?,
        points_deducted: points_deducted?,
    })
}
