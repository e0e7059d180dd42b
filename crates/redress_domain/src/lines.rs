//! Order lines and quantities (issue 18): what each line has left to return, what a number of
//! its units is worth, and how a ticket's amount falls on its lines.
//!
//! Rules, in fen (minor units), never paying a line more than it was paid:
//! - **Unit price.** A line of `quantity` units paid `amount` prices each unit at
//!   `floor(amount / quantity)`; the line's last unit takes the remainder, so all its units
//!   together are worth exactly `amount`. A request for `n` units when `t` are already taken
//!   is worth `n × floor`, plus the remainder when it takes the last unit (`t + n = quantity`).
//! - **Taken units.** A unit is taken while a live ticket holds it, and for good once a ticket
//!   that holds it ended refunded in full, or after its goods came back for a refund (the
//!   return was signed). Units of a ticket that ended otherwise (rejected, cancelled,
//!   exchanged, repaired, or partly compensated while the buyer kept the goods) are open
//!   again, for the money left on their line.
//! - **Money left on a line.** Its paid amount less what live tickets reserve on it and what
//!   ended tickets refunded on it.
//! - **A ticket's amount.** At most the sum over its lines of the worth of its units, each
//!   capped by the money left on the line; that sum is the default. Lower is allowed.
//! - **Spreading an amount over lines** (the ticket's amount when it is asked, what it
//!   refunded when it ends): shares proportional to each line's cap, rounded down, the fen
//!   left over going one by one to the lines with the largest remainders (ties: the earlier
//!   line), never above a line's cap. Events carry each line's share, so replay never
//!   recomputes a decision.

use crate::{ItemId, Money, Order, OrderItem, Ticket, TicketId};

/// A line a request names, with how many of its units. In a request `quantity: None` asks for
/// every unit still open; in an event it only comes from events stored before issue 18
/// (items named without quantities), and means the whole line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineRequest {
    pub item: ItemId,
    pub quantity: Option<u32>,
}

impl LineRequest {
    pub fn whole(item: ItemId) -> Self {
        LineRequest {
            item,
            quantity: None,
        }
    }

    pub fn units(item: ItemId, quantity: u32) -> Self {
        LineRequest {
            item,
            quantity: Some(quantity),
        }
    }
}

/// A line a ticket holds: its units and the part of the ticket's amount that falls on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketLine {
    pub item: ItemId,
    pub quantity: u32,
    pub amount: Money,
}

impl OrderItem {
    /// What `units` of this line are worth when `taken` of its units are already taken (see
    /// the module's unit-price rule); clamped to the units the line has.
    pub fn units_worth(&self, taken: u32, units: u32) -> i64 {
        let quantity = self.quantity.max(1);
        let taken = taken.min(quantity);
        let units = units.min(quantity - taken);
        let unit = self.amount.minor() / i64::from(quantity);
        let remainder = self.amount.minor() - unit * i64::from(quantity);
        let last = if taken + units == quantity && units > 0 {
            remainder
        } else {
            0
        };
        unit * i64::from(units) + last
    }
}

/// Spreads `total` fen over lines capped at `caps`: proportional shares rounded down, the
/// leftover fen to the largest remainders (ties: the earlier line), never above a cap. When
/// `total` exceeds the caps' sum (only tickets stored before issue 18 can), the excess goes
/// to the last line.
pub fn spread(total: i64, caps: &[i64]) -> Vec<i64> {
    let Some(last_index) = caps.len().checked_sub(1) else {
        return Vec::new();
    };
    let total = total.max(0);
    let sum: i128 = caps.iter().map(|c| i128::from((*c).max(0))).sum();
    if sum == 0 {
        let mut shares = vec![0; caps.len()];
        shares[last_index] = total;
        return shares;
    }
    let within = i128::from(total).min(sum);
    let mut shares: Vec<i64> = Vec::with_capacity(caps.len());
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(caps.len());
    for (index, cap) in caps.iter().enumerate() {
        let scaled = within * i128::from((*cap).max(0));
        shares.push(i64::try_from(scaled / sum).expect("a share is at most its cap"));
        remainders.push((scaled % sum, index));
    }
    let mut left = i64::try_from(within).expect("at most total") - shares.iter().sum::<i64>();
    // Largest remainder first, the earlier line on ties.
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, index) in remainders.iter().cycle().take(caps.len() * 2) {
        if left == 0 {
            break;
        }
        if shares[*index] < caps[*index].max(0) {
            shares[*index] += 1;
            left -= 1;
        }
    }
    shares[last_index] += left + (total - i64::try_from(within).expect("at most total"));
    shares
}

impl Ticket {
    /// The ids of the lines the ticket holds.
    pub fn item_ids(&self) -> Vec<ItemId> {
        self.items.iter().map(|line| line.item.clone()).collect()
    }

    /// Whether the ticket holds its units for good or for now: alive, ended refunded in
    /// full, or ended after its goods came back for a refund.
    pub fn holds_units(&self) -> bool {
        let refunded_in_full =
            !self.refunded.is_zero() && self.refunded.minor() >= self.amount.minor();
        let returned =
            self.course == crate::Course::ReturnForRefund && self.return_signed_at.is_some();
        !self.state.is_terminal() || refunded_in_full || returned
    }

    /// What the ticket refunded of goods (the shipping fee it includes aside), spread over
    /// its lines as their shares of its amount.
    pub fn refunded_per_line(&self) -> Vec<i64> {
        let caps: Vec<i64> = self.items.iter().map(|l| l.amount.minor()).collect();
        spread(self.goods_refunded(), &caps)
    }

    /// Money the ticket uses on `item`: its share while alive, what it refunded there once
    /// ended.
    pub fn money_on(&self, item: &ItemId) -> i64 {
        let Some(index) = self.items.iter().position(|l| &l.item == item) else {
            return 0;
        };
        if self.state.is_terminal() {
            self.refunded_per_line()[index]
        } else {
            self.items[index].amount.minor()
        }
    }
}

impl Order {
    /// Units of `item` taken by tickets other than `except` (see the module's rules).
    pub fn units_taken(&self, item: &ItemId, except: Option<&TicketId>) -> u32 {
        self.tickets
            .values()
            .filter(|t| Some(&t.id) != except && t.holds_units())
            .flat_map(|t| t.items.iter())
            .filter(|line| &line.item == item)
            .map(|line| line.quantity)
            .sum()
    }

    /// Units of `item` a new request may still name.
    pub fn units_open(&self, item: &OrderItem, except: Option<&TicketId>) -> u32 {
        item.quantity
            .saturating_sub(self.units_taken(&item.id, except))
    }

    /// Money refunded on `item` by every ticket.
    pub fn refunded_on(&self, item: &ItemId) -> i64 {
        self.tickets
            .values()
            .filter_map(|t| {
                let index = t.items.iter().position(|l| &l.item == item)?;
                Some(t.refunded_per_line()[index])
            })
            .sum()
    }

    /// The line's paid amount less what tickets other than `except` refunded or reserve on it.
    pub fn line_refundable(&self, item: &OrderItem, except: Option<&TicketId>) -> i64 {
        let used: i64 = self
            .tickets
            .values()
            .filter(|t| Some(&t.id) != except)
            .map(|t| t.money_on(&item.id))
            .sum();
        (item.amount.minor() - used).max(0)
    }

    /// The live ticket other than `except` holding units of `item`, if any.
    pub fn live_ticket_on(&self, item: &ItemId, except: Option<&TicketId>) -> Option<&TicketId> {
        self.tickets
            .values()
            .filter(|t| Some(&t.id) != except && !t.state.is_terminal())
            .find(|t| t.items.iter().any(|l| &l.item == item))
            .map(|t| &t.id)
    }

    /// A ticket's lines as an event stored before issue 18 named them (no quantities; no item
    /// meant the whole order): each named line in full, the amount spread over their paid
    /// amounts.
    pub fn legacy_lines(&self, requested: &[LineRequest], amount: Money) -> Vec<TicketLine> {
        let items: Vec<(&OrderItem, Option<u32>)> = if requested.is_empty() {
            self.items.iter().map(|item| (item, None)).collect()
        } else {
            requested
                .iter()
                .filter_map(|r| self.item(&r.item).map(|item| (item, r.quantity)))
                .collect()
        };
        let caps: Vec<i64> = items.iter().map(|(i, _)| i.amount.minor()).collect();
        let shares = spread(amount.minor(), &caps);
        items
            .iter()
            .zip(shares)
            .map(|((item, quantity), share)| TicketLine {
                item: item.id.clone(),
                quantity: quantity.unwrap_or(item.quantity),
                amount: Money::new(share, amount.currency()).unwrap_or(amount),
            })
            .collect()
    }

    /// The lines an event names as the ticket holds them: quantities and shares as the
    /// event carries them, or as [`Order::legacy_lines`] reads an older event.
    pub fn lines_of_event(&self, lines: &[crate::EventLine], amount: Money) -> Vec<TicketLine> {
        if !lines.is_empty()
            && lines
                .iter()
                .all(|l| l.quantity.is_some() && l.amount.is_some())
        {
            return lines
                .iter()
                .map(|l| TicketLine {
                    item: l.item.clone(),
                    quantity: l.quantity.unwrap_or_default(),
                    amount: l.amount.unwrap_or(amount),
                })
                .collect();
        }
        let requested: Vec<LineRequest> = lines
            .iter()
            .map(|l| LineRequest {
                item: l.item.clone(),
                quantity: l.quantity,
            })
            .collect();
        self.legacy_lines(&requested, amount)
    }
}

/// A line as an `opened` or `edited` event names it. Events written since issue 18 carry the
/// quantity and the line's share of the ticket's amount; older events carry neither
/// (`None`): the whole line, its share computed on replay by [`Order::legacy_lines`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventLine {
    pub item: ItemId,
    pub quantity: Option<u32>,
    pub amount: Option<Money>,
}

impl From<&TicketLine> for EventLine {
    fn from(line: &TicketLine) -> Self {
        EventLine {
            item: line.item.clone(),
            quantity: Some(line.quantity),
            amount: Some(line.amount),
        }
    }
}

impl EventLine {
    /// A line as an event stored before issue 18 named it.
    pub fn legacy(item: ItemId) -> Self {
        EventLine {
            item,
            quantity: None,
            amount: None,
        }
    }
}
