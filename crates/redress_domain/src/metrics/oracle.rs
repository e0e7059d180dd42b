//! The daily figures counted again from the event log alone, for checking the rollups.
//!
//! Written apart from [`super::day`] on purpose: it reads events, not states, and keeps
//! only the few facts per ticket that the figures need. When the two disagree, one of them
//! is wrong, and the tests and `redress metrics verify` say where.

use super::day::{DayFigures, day_of};
use crate::dispute::{Opener, Responsibility};
use crate::{Event, MerchantId, OrderChange, TicketChange, TicketId, TicketKind};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use std::collections::{BTreeMap, HashMap};

/// What the figures need to know about one ticket, gathered event by event.
#[derive(Debug)]
struct Facts {
    merchant: MerchantId,
    opened_at: Timestamp,
    kind: TicketKind,
    decided_at: Option<Timestamp>,
    overdue: bool,
    first_dispute: Option<(Timestamp, Opener)>,
    /// The buyer's own first escalation, whoever escalated first (seed 001 FAQ).
    buyer_first_escalation: Option<Timestamp>,
    responsibility: Option<Responsibility>,
    /// When the ticket ended Refunded (退款成功) or Closed (退款关闭): seed 003's 退款完结.
    completed_at: Option<Timestamp>,
    return_signed_at: Option<Timestamp>,
    return_accepted_at: Option<Timestamp>,
    /// The latest rejection of the returned goods still standing (an edit or a rejection of
    /// the request itself replaces it).
    return_rejected_at: Option<Timestamp>,
}

/// Feed it every order event in log order; [`Recount::figures`] gives the daily figures.
#[derive(Debug, Default)]
pub struct Recount {
    paid: Vec<(MerchantId, Timestamp)>,
    tickets: HashMap<TicketId, Facts>,
}

impl Recount {
    pub fn new() -> Self {
        Recount::default()
    }

    /// One event of an order of `merchant`.
    pub fn event(&mut self, merchant: &MerchantId, event: &Event<OrderChange>) {
        let at = event.at;
        let (ticket, change) = match &event.change {
            OrderChange::Placed(new) => {
                self.paid.push((merchant.clone(), new.paid_at));
                return;
            }
            OrderChange::ParcelUpdated { .. } => return,
            OrderChange::Ticket { ticket, change } => (ticket, change),
        };
        if let TicketChange::Opened { kind, .. } = change {
            self.tickets.insert(
                ticket.clone(),
                Facts {
                    merchant: merchant.clone(),
                    opened_at: at,
                    kind: *kind,
                    decided_at: None,
                    overdue: false,
                    first_dispute: None,
                    buyer_first_escalation: None,
                    responsibility: None,
                    completed_at: None,
                    return_signed_at: None,
                    return_accepted_at: None,
                    return_rejected_at: None,
                },
            );
            return;
        }
        let Some(facts) = self.tickets.get_mut(ticket) else {
            return;
        };
        match change {
            TicketChange::Approved { approval, .. } => {
                facts.decided_at.get_or_insert(at);
                facts.overdue |= *approval == crate::Approval::Overdue;
            }
            TicketChange::Rejected { ground, .. } => {
                facts.decided_at.get_or_insert(at);
                facts.return_rejected_at = (*ground != crate::RejectGround::Request).then_some(at);
            }
            TicketChange::ApprovedAfterRefusal { .. }
            | TicketChange::RemedyProposed { .. }
            | TicketChange::RemedyAccepted { .. } => {
                facts.decided_at.get_or_insert(at);
            }
            TicketChange::Edited { kind, .. } => {
                facts.kind = *kind;
                facts.return_rejected_at = None;
            }
            TicketChange::Cancelled
            | TicketChange::ReturnWindowLapsed
            | TicketChange::EscalationLapsed
            | TicketChange::VerdictGiven { refund: None, .. } => {
                if let TicketChange::VerdictGiven { responsibility, .. } = change {
                    facts.responsibility = Some(*responsibility);
                }
                facts.completed_at = Some(at);
            }
            TicketChange::ReturnSigned { .. } => facts.return_signed_at = Some(at),
            TicketChange::ReturnAccepted { approval, .. } => {
                facts.return_accepted_at.get_or_insert(at);
                facts.overdue |= *approval == crate::Approval::Overdue;
            }
            TicketChange::DisputeOpened { opener, .. } => {
                facts.first_dispute.get_or_insert((at, *opener));
                if *opener == Opener::Buyer {
                    facts.buyer_first_escalation.get_or_insert(at);
                }
            }
            TicketChange::VerdictGiven { responsibility, .. }
            | TicketChange::Rechecked { responsibility } => {
                facts.responsibility = Some(*responsibility);
            }
            TicketChange::RefundSucceeded { .. } => facts.completed_at = Some(at),
            _ => {}
        }
    }

    /// The daily figures of every merchant (days with nothing left out).
    pub fn figures(&self, tz: &TimeZone) -> BTreeMap<(MerchantId, Date), DayFigures> {
        let mut out: BTreeMap<(MerchantId, Date), DayFigures> = BTreeMap::new();
        for (merchant, paid_at) in &self.paid {
            day(&mut out, tz, merchant, *paid_at).orders_paid += 1;
        }
        for facts in self.tickets.values() {
            let m = &facts.merchant;
            let opened = day(&mut out, tz, m, facts.opened_at);
            opened.tickets_opened += 1;
            if facts.overdue {
                opened.overdue_approved += 1;
            }
            if let Some((first, opener)) = facts.first_dispute {
                let d = day(&mut out, tz, m, first);
                if opener == Opener::Buyer {
                    d.disputes_by_buyer += 1;
                } else {
                    d.disputes_by_system += 1;
                    if let Some(buyer) = facts.buyer_first_escalation {
                        day(&mut out, tz, m, buyer).disputes_by_buyer_after_system += 1;
                    }
                }
            }
            let Some(completed_at) = facts.completed_at else {
                continue;
            };
            let d = day(&mut out, tz, m, completed_at);
            d.refunds_completed += 1;
            if facts.first_dispute.is_some() {
                if matches!(
                    facts.responsibility,
                    Some(Responsibility::Merchant | Responsibility::Both)
                ) {
                    d.merchant_responsible += 1;
                }
                continue;
            }
            // Unanswered until it ended: the wait runs to the end (seed 003 退款完结时长).
            let request_to_decision = seconds(
                facts.opened_at,
                Some(facts.decided_at.unwrap_or(completed_at)),
            );
            if facts.kind == TicketKind::RefundOnly {
                d.refund_only_completed += 1;
                d.refund_only_seconds += request_to_decision;
            } else if facts.kind == TicketKind::ReturnAndRefund {
                let return_answered = facts
                    .return_accepted_at
                    .or(facts.return_rejected_at)
                    .unwrap_or(completed_at);
                d.return_refund_completed += 1;
                d.return_refund_seconds += request_to_decision
                    + facts
                        .return_signed_at
                        .map_or(0, |signed| seconds(signed, Some(return_answered)));
            }
        }
        out.retain(|_, f| !f.is_zero());
        out
    }
}

fn day<'a>(
    out: &'a mut BTreeMap<(MerchantId, Date), DayFigures>,
    tz: &TimeZone,
    merchant: &MerchantId,
    when: Timestamp,
) -> &'a mut DayFigures {
    out.entry((merchant.clone(), day_of(when, tz))).or_default()
}

/// Whole seconds from `from` to `to`, rounded down; 0 if `to` is missing or earlier.
fn seconds(from: Timestamp, to: Option<Timestamp>) -> i64 {
    to.map_or(0, |to| {
        (to.as_microsecond() - from.as_microsecond()).max(0) / 1_000_000
    })
}
