//! The readable units of the policy file and their exact integer forms: percentages and
//! multipliers in parts per million, scores in tenths of a point, weekdays and times of day.
//!
//! Every decimal is parsed from its digits, never through a float: "0.35%" must become
//! exactly 3_500 ppm, or "0.35% exactly passes" would depend on rounding.

/// One percent in parts per million; a percentage has four decimal places of ppm precision.
const PERCENT_SCALE_DIGITS: u32 = 4;
/// A multiplier in ppm: "1.5" is 1_500_000.
const MULTIPLIER_SCALE_DIGITS: u32 = 6;
/// A score in tenths of a point: "4.5" is 45.
const SCORE_SCALE_DIGITS: u32 = 1;

/// Longer integer parts cannot be a sane policy value and would overflow `u64` once scaled;
/// the caller's range check then reports the value as out of range.
const INTEGER_DIGITS_MAX: usize = 12;

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

#[derive(Debug, PartialEq, Eq)]
enum DecimalError {
    Syntax,
    TooPrecise,
    TooLarge,
}

/// Reads `digits[.digits]` as an integer count of 10^-`scale_digits` units. Trailing zeros
/// beyond the scale are accepted because they do not change the value.
fn parse_scaled(text: &str, scale_digits: u32) -> Result<u64, DecimalError> {
    let (integer, fraction) = match text.split_once('.') {
        Some((integer, fraction)) => (integer, fraction),
        None => (text, ""),
    };
    let all_digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    if integer.is_empty() || !all_digits(integer) || !all_digits(fraction) {
        return Err(DecimalError::Syntax);
    }
    if text.contains('.') && fraction.is_empty() {
        return Err(DecimalError::Syntax);
    }
    let scale = scale_digits as usize;
    let (kept, dropped) = fraction.split_at(fraction.len().min(scale));
    if dropped.bytes().any(|byte| byte != b'0') {
        return Err(DecimalError::TooPrecise);
    }
    let integer = integer.trim_start_matches('0');
    if integer.len() > INTEGER_DIGITS_MAX {
        return Err(DecimalError::TooLarge);
    }
    let mut value: u64 = 0;
    let padding = std::iter::repeat_n(b'0', scale - kept.len());
    for byte in integer.bytes().chain(kept.bytes()).chain(padding) {
        value = value * 10 + u64::from(byte - b'0');
    }
    Ok(value)
}

/// The shortest decimal that [`parse_scaled`] reads back as `value`.
fn render_scaled(value: u64, scale_digits: u32) -> String {
    let scale = 10_u64.pow(scale_digits);
    let integer = value / scale;
    let fraction = value % scale;
    if fraction == 0 {
        return integer.to_string();
    }
    let fraction = format!("{fraction:0width$}", width = scale_digits as usize);
    format!("{integer}.{}", fraction.trim_end_matches('0'))
}

/// "0.35%" → 3_500 ppm.
pub(crate) fn parse_percent_ppm(text: &str) -> Result<u64, String> {
    let Some(number) = text.strip_suffix('%') else {
        return Err(format!(
            "{text:?} is not a percentage; write it like \"0.35%\""
        ));
    };
    parse_scaled(number, PERCENT_SCALE_DIGITS).map_err(|error| match error {
        DecimalError::Syntax => {
            format!("{text:?} is not a percentage; write it like \"0.35%\"")
        }
        DecimalError::TooPrecise => {
            format!("{text:?} is more precise than 1 ppm (0.0001%)")
        }
        DecimalError::TooLarge => format!("{text:?} is far too large"),
    })
}

pub(crate) fn render_percent(ppm: u64) -> String {
    format!("{}%", render_scaled(ppm, PERCENT_SCALE_DIGITS))
}

/// "1.5" → 1_500_000 ppm.
pub(crate) fn parse_multiplier_ppm(text: &str) -> Result<u64, String> {
    parse_scaled(text, MULTIPLIER_SCALE_DIGITS).map_err(|error| match error {
        DecimalError::Syntax => {
            format!("{text:?} is not a decimal number; write it like \"1.5\"")
        }
        DecimalError::TooPrecise => {
            format!("{text:?} is more precise than one millionth (0.000001)")
        }
        DecimalError::TooLarge => format!("{text:?} is far too large"),
    })
}

pub(crate) fn render_multiplier(ppm: u64) -> String {
    render_scaled(ppm, MULTIPLIER_SCALE_DIGITS)
}

/// "4.5" → 45 tenths of a point.
pub(crate) fn parse_score_tenths(text: &str) -> Result<u64, String> {
    parse_scaled(text, SCORE_SCALE_DIGITS).map_err(|error| match error {
        DecimalError::Syntax => format!("{text:?} is not a score; write it like \"4.5\""),
        DecimalError::TooPrecise => {
            format!("{text:?} is more precise than a tenth of a point")
        }
        DecimalError::TooLarge => format!("{text:?} is far too large"),
    })
}

pub(crate) fn render_score(tenths: u64) -> String {
    render_scaled(tenths, SCORE_SCALE_DIGITS)
}

/// "wednesday" → 3 (ISO 8601, Monday = 1). Case is ignored because "Wednesday" is as clear.
pub(crate) fn parse_weekday_iso(text: &str) -> Result<u8, String> {
    WEEKDAYS
        .iter()
        .zip(1_u8..)
        .find(|(name, _)| name.eq_ignore_ascii_case(text))
        .map(|(_, iso)| iso)
        .ok_or_else(|| format!("{text:?} is not a day of the week"))
}

/// The lowercase English name of an ISO weekday; `None` outside 1..=7.
pub(crate) fn render_weekday(weekday_iso: u8) -> Option<&'static str> {
    WEEKDAYS
        .get(usize::from(weekday_iso).checked_sub(1)?)
        .copied()
}

/// "02:00" → (2, 0). Seconds are refused rather than dropped: the policy has no place for them.
pub(crate) fn parse_time_of_day(text: &str) -> Result<(u8, u8), String> {
    let refuse = || format!("{text:?} is not a time of day; write it like \"02:00\"");
    let (hour, minute) = text.split_once(':').ok_or_else(refuse)?;
    let digits = |part: &str, lengths: &[usize]| {
        lengths.contains(&part.len()) && part.bytes().all(|byte| byte.is_ascii_digit())
    };
    if !digits(hour, &[1, 2]) || !digits(minute, &[2]) {
        return Err(refuse());
    }
    let hour: u8 = hour.parse().map_err(|_| refuse())?;
    let minute: u8 = minute.parse().map_err(|_| refuse())?;
    if hour > 23 || minute > 59 {
        return Err(refuse());
    }
    Ok((hour, minute))
}

pub(crate) fn render_time_of_day(hour: u8, minute: u8) -> String {
    format!("{hour:02}:{minute:02}")
}
