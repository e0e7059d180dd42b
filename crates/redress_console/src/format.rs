//! Money, times and countdowns as the console shows them: amounts from integer minor units
//! (no floats) in their own currency, instants in the platform's time zone.

use super::i18n::Lang;
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// `¥12.34` from 1234 fen; other currencies keep their code (`USD 12.34`). The currency is
/// always the amount's own (the ticket's, the order's): the console assumes none.
pub(crate) fn money(minor: i64, currency: &str) -> String {
    let symbol = if currency == "CNY" {
        "¥".to_owned()
    } else {
        format!("{currency} ")
    };
    let sign = if minor < 0 { "-" } else { "" };
    format!("{sign}{symbol}{}", amount(minor.unsigned_abs()))
}

/// `12.34` from 1234 minor units, in no currency: a strategy's ceiling applies to a
/// ticket's amount in the ticket's own currency.
pub(crate) fn amount(minor: u64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

/// `2026-03-02 10:00` in `zone`.
pub(crate) fn local_time(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// The same from stored microseconds; an impossible value shows as `?`.
pub(crate) fn local_time_us(us: i64, zone: &TimeZone) -> String {
    Timestamp::from_microsecond(us)
        .map(|at| local_time(at, zone))
        .unwrap_or_else(|_| "?".to_owned())
}

/// How long until `due` from `now`, in whole minutes, as the queue shows it: `5 h 03 min left`
/// or `Overdue 2 h 10 min`. The console's script keeps it live in the browser.
pub(crate) fn countdown(now: Timestamp, due: Timestamp, lang: Lang) -> String {
    let seconds = due.as_second() - now.as_second();
    let span = span(seconds.unsigned_abs() / 60, lang);
    match (seconds < 0, lang) {
        (true, Lang::Zh) => format!("已逾期 {span}"),
        (true, Lang::En) => format!("Overdue {span}"),
        (false, Lang::Zh) => format!("剩余 {span}"),
        (false, Lang::En) => format!("{span} left"),
    }
}

/// An average duration as `5 h 03 min` / `5小时03分` (`1 d 2 h` / `1天2小时` past a day); `—`
/// without data. Every page shows durations this one way (the operator's and the merchant's
/// metrics alike).
pub(crate) fn duration(seconds: Option<i64>, lang: Lang) -> String {
    seconds.map_or("—".to_owned(), |seconds| {
        span(seconds.max(0).unsigned_abs() / 60, lang)
    })
}

/// Whole minutes as a countdown and a duration show them.
fn span(minutes: u64, lang: Lang) -> String {
    let (days, hours, minutes) = (minutes / (24 * 60), minutes / 60 % 24, minutes % 60);
    match lang {
        Lang::Zh if days > 0 => format!("{days}天{hours}小时"),
        Lang::Zh => format!("{hours}小时{minutes:02}分"),
        Lang::En if days > 0 => format!("{days} d {hours} h"),
        Lang::En => format!("{hours} h {minutes:02} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_exact_from_minor_units() {
        let yuan = |minor| money(minor, "CNY");
        assert_eq!(yuan(0), "¥0.00");
        assert_eq!(yuan(5), "¥0.05");
        assert_eq!(yuan(1234), "¥12.34");
        assert_eq!(yuan(29_900), "¥299.00");
        assert_eq!(yuan(-150), "-¥1.50");
        assert_eq!(yuan(i64::MIN), "-¥92233720368547758.08");
        assert_eq!(money(1999, "USD"), "USD 19.99");
        assert_eq!(money(-1999, "EUR"), "-EUR 19.99");
        assert_eq!(amount(10_000), "100.00");
    }

    #[test]
    fn times_are_in_the_platform_zone() {
        let zone = TimeZone::get("Asia/Shanghai").expect("the tz database");
        let at: Timestamp = "2026-03-02T02:00:00Z".parse().expect("an instant");
        assert_eq!(local_time(at, &zone), "2026-03-02 10:00");
        assert_eq!(
            local_time_us(at.as_microsecond(), &zone),
            "2026-03-02 10:00"
        );
    }

    #[test]
    fn countdowns_say_left_or_overdue() {
        let now: Timestamp = "2026-03-02T02:00:00Z".parse().expect("an instant");
        let later = |minutes: i64| {
            now.checked_add(jiff::SignedDuration::from_mins(minutes))
                .expect("in range")
        };
        assert_eq!(countdown(now, later(303), Lang::En), "5 h 03 min left");
        assert_eq!(countdown(now, later(303), Lang::Zh), "剩余 5小时03分");
        assert_eq!(countdown(now, later(-130), Lang::En), "Overdue 2 h 10 min");
        assert_eq!(countdown(now, later(-130), Lang::Zh), "已逾期 2小时10分");
        assert_eq!(countdown(now, later(50 * 60), Lang::En), "2 d 2 h left");
    }
}
