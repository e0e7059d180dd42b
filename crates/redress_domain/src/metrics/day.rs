//! Daily figures per merchant, and what one order contributes to them.
//!
//! Each fact is counted on one calendar day (platform time zone), fixed by the order's state:
//! a paid order on the day it was paid, a dispute on the day it was first requested, a
//! refund and everything measured about it on the day the refund completed. A late re-check
//! therefore changes the day the refund completed, not the day of the re-check.
//!
//! A refund completes (退款完结, seed 003: "退款单状态为'退款成功'和'退款关闭'") when its ticket
//! ends Refunded or Closed.

use crate::dispute::Opener;
use crate::policy::DisputeCounting;
use crate::{CreatorId, Order, Ticket, TicketKind, TicketState};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;

/// Counters for one merchant and day. Signed, so that a difference is one too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DayFigures {
    pub orders_paid: i64,
    /// Disputes first requested by the buyer.
    pub disputes_by_buyer: i64,
    /// Disputes the system opened because the merchant did not deliver a remedy.
    pub disputes_by_system: i64,
    /// Tickets whose refund completed (退款完结): Refunded or Closed.
    pub refunds_completed: i64,
    /// Among `refunds_completed`: those with a merchant-responsible dispute (商责纠纷).
    pub merchant_responsible: i64,
    /// Refund-only tickets completed without platform intervention, and the sum of their
    /// request → merchant decision times in whole seconds.
    pub refund_only_completed: i64,
    pub refund_only_seconds: i64,
    /// Return-refund tickets completed without platform intervention, and the sum of their
    /// (request → approval) + (return signed → acceptance) times in whole seconds.
    pub return_refund_completed: i64,
    pub return_refund_seconds: i64,
    pub tickets_opened: i64,
    /// Among `tickets_opened`: approved because the merchant let a deadline pass.
    pub overdue_approved: i64,
    /// Disputes the system opened first that the buyer then escalated herself, on the day of
    /// her first escalation: seed 001 counts 用户发起的纠纷单量 from 用户首次发起平台介入,
    /// which `disputes_by_system` never shows. Not a dispute of its own: `disputes()` has
    /// already counted the ticket once, as the system's.
    pub disputes_by_buyer_after_system: i64,
}

macro_rules! each_field {
    ($m:ident) => {
        $m!(
            orders_paid,
            disputes_by_buyer,
            disputes_by_system,
            refunds_completed,
            merchant_responsible,
            refund_only_completed,
            refund_only_seconds,
            return_refund_completed,
            return_refund_seconds,
            tickets_opened,
            overdue_approved,
            disputes_by_buyer_after_system
        )
    };
}

impl DayFigures {
    /// Column names, in the order of [`DayFigures::values`]: the stores' columns are these.
    pub const FIELDS: [&'static str; 12] = {
        macro_rules! names {
            ($($f:ident),*) => { [$(stringify!($f)),*] };
        }
        each_field!(names)
    };

    pub fn values(&self) -> [i64; 12] {
        macro_rules! values {
            ($($f:ident),*) => { [$(self.$f),*] };
        }
        each_field!(values)
    }

    pub fn from_values(values: [i64; 12]) -> Self {
        macro_rules! build {
            ($($f:ident),*) => {{
                let [$($f),*] = values;
                DayFigures { $($f),* }
            }};
        }
        each_field!(build)
    }

    pub fn add(&mut self, other: &DayFigures) {
        self.combine(other, |a, b| a + b);
    }

    /// The sums of several days' (or merchants') figures.
    pub fn total<'a>(figures: impl IntoIterator<Item = &'a DayFigures>) -> DayFigures {
        let mut total = DayFigures::default();
        for f in figures {
            total.add(f);
        }
        total
    }

    pub fn subtract(&mut self, other: &DayFigures) {
        self.combine(other, |a, b| a - b);
    }

    fn combine(&mut self, other: &DayFigures, f: fn(i64, i64) -> i64) {
        let mut values = self.values();
        for (mine, theirs) in values.iter_mut().zip(other.values()) {
            *mine = f(*mine, theirs);
        }
        *self = DayFigures::from_values(values);
    }

    pub fn is_zero(&self) -> bool {
        self.values().iter().all(|v| *v == 0)
    }

    /// All disputes, whoever opened them.
    pub fn disputes(&self) -> i64 {
        self.disputes_by_buyer + self.disputes_by_system
    }

    /// Disputes the buyer escalated herself, each on the day of her first escalation
    /// (seed 001 1.2: 用户发起的纠纷单量; FAQ: 以用户首次发起平台介入作为计算).
    pub fn disputes_buyer_escalated(&self) -> i64 {
        self.disputes_by_buyer + self.disputes_by_buyer_after_system
    }

    /// The disputes a dispute rate counts under `counting`.
    pub fn disputes_counted(&self, counting: DisputeCounting) -> i64 {
        match counting {
            DisputeCounting::TicketsEscalated => self.disputes(),
            DisputeCounting::BuyerInitiated => self.disputes_buyer_escalated(),
        }
    }
}

/// The calendar day of `at` in the platform's time zone.
pub fn day_of(at: Timestamp, tz: &TimeZone) -> Date {
    at.to_zoned(tz.clone()).date()
}

/// Everything `order` contributes to its merchant's daily figures, by day (days with nothing
/// left out).
pub fn contributions(order: &Order, tz: &TimeZone) -> BTreeMap<Date, DayFigures> {
    let mut days: BTreeMap<Date, DayFigures> = BTreeMap::new();
    let mut on = |at: Timestamp, f: &dyn Fn(&mut DayFigures)| {
        f(days.entry(day_of(at, tz)).or_default());
    };
    on(order.paid_at, &|d| d.orders_paid += 1);
    for ticket in order.tickets.values() {
        on(ticket.opened_at, &|d| {
            d.tickets_opened += 1;
            d.overdue_approved += i64::from(ticket.overdue_approved);
        });
        if let Some(dispute) = &ticket.dispute {
            on(dispute.first_requested_at, &|d| match dispute.opened_by {
                Opener::Buyer => d.disputes_by_buyer += 1,
                Opener::System => d.disputes_by_system += 1,
            });
            if dispute.opened_by == Opener::System
                && let Some(buyer_first) = dispute.buyer_first_requested_at
            {
                on(buyer_first, &|d| d.disputes_by_buyer_after_system += 1);
            }
        }
        if let TicketState::Refunded { at, .. } | TicketState::Closed { at, .. } = ticket.state {
            on(at, &|d| refund_completed(ticket, at, d));
        }
    }
    days.retain(|_, figures| !figures.is_zero());
    days
}

/// What a ticket whose refund completed at `completed` (Refunded or Closed) adds.
fn refund_completed(ticket: &Ticket, completed: Timestamp, d: &mut DayFigures) {
    d.refunds_completed += 1;
    let Some(dispute) = &ticket.dispute else {
        // Completed without the platform (自主完结): timed. Each wait on the merchant ends
        // with its answer; a ticket closed before the merchant answered (the buyer cancelled,
        // say) waited until it closed (seed 003: 从退款申请到退款最终完结).
        let decided = span(
            Some(ticket.opened_at),
            Some(ticket.decided_at.unwrap_or(completed)),
        );
        match ticket.kind {
            TicketKind::RefundOnly => {
                d.refund_only_completed += 1;
                d.refund_only_seconds += decided;
            }
            TicketKind::ReturnAndRefund => {
                // The merchant answers a signed return by accepting or rejecting it.
                let answered = ticket
                    .return_accepted_at
                    .or(ticket
                        .rejection
                        .as_ref()
                        .filter(|r| r.ground != crate::RejectGround::Request)
                        .map(|r| r.at))
                    .unwrap_or(completed);
                d.return_refund_completed += 1;
                d.return_refund_seconds += decided + span(ticket.return_signed_at, Some(answered));
            }
            // A return-shipping claim is not a refund of goods: it has no completion time of
            // its own among the seed 003 figures.
            TicketKind::Exchange
            | TicketKind::Reship
            | TicketKind::Repair
            | TicketKind::ReturnShipping => {}
        }
        return;
    };
    d.merchant_responsible += i64::from(dispute.merchant_responsible());
}

/// Whole seconds from `from` to `to`; nothing if either is missing or `to` comes first.
fn span(from: Option<Timestamp>, to: Option<Timestamp>) -> i64 {
    match (from, to) {
        (Some(from), Some(to)) => to.duration_since(from).max(SignedDuration::ZERO).as_secs(),
        _ => 0,
    }
}

/// What a change from `before` to `after` adds to the merchant's daily figures: the rows to
/// add in the same transaction as the events (days whose figures do not move left out).
pub fn delta(before: Option<&Order>, after: &Order, tz: &TimeZone) -> BTreeMap<Date, DayFigures> {
    difference(
        before.map(|o| contributions(o, tz)).unwrap_or_default(),
        contributions(after, tz),
    )
}

/// What a change adds to the daily figures of the creator (达人) whose showcase sold the
/// order, if one did (seed 001): the merchant's difference, since an order's creator is set
/// when it is placed and never changes.
pub fn creator_delta(
    before: Option<&Order>,
    after: &Order,
    tz: &TimeZone,
) -> Option<(CreatorId, BTreeMap<Date, DayFigures>)> {
    let creator = after.creator.clone()?;
    Some((creator, delta(before, after, tz)))
}

/// `after − before`, day by day, days that do not move left out.
pub fn difference(
    before: BTreeMap<Date, DayFigures>,
    mut after: BTreeMap<Date, DayFigures>,
) -> BTreeMap<Date, DayFigures> {
    for (day, old) in before {
        after.entry(day).or_default().subtract(&old);
    }
    after.retain(|_, figures| !figures.is_zero());
    after
}
