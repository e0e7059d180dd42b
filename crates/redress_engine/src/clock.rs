//! The clock, injected. The domain never reads time; the engine reads it here, once per command.

use redress_domain::Timestamp;
use std::sync::Mutex;

pub trait Clock: Send + Sync + std::fmt::Debug + 'static {
    fn now(&self) -> Timestamp;
}

/// Wall-clock time, for production.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        to_microsecond(Timestamp::now())
    }
}

/// Instants are stored to the microsecond (both databases' precision); a clock that gave
/// nanoseconds would decide on a time that reads back differently, and replay would differ.
fn to_microsecond(at: Timestamp) -> Timestamp {
    Timestamp::from_microsecond(at.as_microsecond()).expect("a valid instant stays valid")
}

/// A clock that moves only when told, and only forward: tests, scenarios, the simulator and
/// the sandbox run weeks of deadlines in seconds with it.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<Timestamp>,
}

/// Time may not go back: deadlines already fired would otherwise be unfired.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the clock is at {now} and cannot go back to {requested}")]
pub struct ClockWentBack {
    pub now: Timestamp,
    pub requested: Timestamp,
}

impl ManualClock {
    pub fn new(start: Timestamp) -> Self {
        ManualClock {
            now: Mutex::new(to_microsecond(start)),
        }
    }

    pub fn set(&self, to: Timestamp) -> Result<(), ClockWentBack> {
        let to = to_microsecond(to);
        let mut now = self.now.lock().expect("clock poisoned");
        if to < *now {
            return Err(ClockWentBack {
                now: *now,
                requested: to,
            });
        }
        *now = to;
        Ok(())
    }

    /// Put the clock back to `to`: only for an advance that could not process what was due
    /// at the instant it had moved to, so that it stops just before it instead.
    pub(crate) fn rewind(&self, to: Timestamp) {
        *self.now.lock().expect("clock poisoned") = to_microsecond(to);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.now.lock().expect("clock poisoned")
    }
}
