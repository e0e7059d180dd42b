//! Which days a figure counts: the one window rule every surface uses (the evaluation, its
//! preview, the API's metrics and leaderboard, the console's pages, the CLI, the simulator).
//!
//! **The rule.** Figures are always asked for an *evaluation day* `D` (the API's `?at=D`, the
//! console's day, `redress metrics show --at D`, the evaluation of `D`). The window is the
//! policy's `window_days` calendar days **before** `D`, from `D − window_days` to `D − 1`
//! inclusive; `D` itself is **not** counted. An evaluation runs in the early hours of its day,
//! so only whole days are in its window, and anyone asking about `D` sees exactly the figures
//! the evaluation of `D` sees.
//!
//! A window that should end *with* a day (the figures "as of" today, today included) is the
//! window of the day after it: [`Window::ending_with`].

use jiff::ToSpan;
use jiff::civil::Date;

/// A run of calendar days, `from` to `to`, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Window {
    pub from: Date,
    pub to: Date,
}

impl Window {
    /// The window of the evaluation of `day`: the `days` calendar days before it, `day` not
    /// included. At the very start of the calendar it is cut at its first day rather than
    /// panic: callers range-check the days they are given, this only keeps a day that
    /// slipped through from taking the process down.
    pub fn of_evaluation(day: Date, days: u32) -> Window {
        Window {
            from: day.checked_sub(i64::from(days).days()).unwrap_or(Date::MIN),
            to: day.yesterday().unwrap_or(Date::MIN),
        }
    }

    /// The window of `days` days whose last day is `last` (included): that of the
    /// evaluation of the day after `last`. `None` at the end of the calendar.
    pub fn ending_with(last: Date, days: u32) -> Option<Window> {
        Some(Window::of_evaluation(Window::evaluated_after(last)?, days))
    }

    /// The evaluation day whose window ends with `last`: the day after it.
    pub fn evaluated_after(last: Date) -> Option<Date> {
        last.tomorrow().ok()
    }

    /// Whether `day` is counted.
    pub fn contains(&self, day: Date) -> bool {
        self.from <= day && day <= self.to
    }
}
