//! Opening a ticket: the request is checked against the order and its other tickets, then the
//! automatic policies may approve it in the same decision.

use super::guards::{optional_text, require_buyer, same_currency, validate_evidence};
use super::next::{next_after_approval, next_when_closed};
use super::{Context, after};
use crate::automatic::{self, Request, Rule};
use crate::event::{Approval, NewTicket, OrderChange, OrderEvent, TicketChange};
use crate::evidence::Evidence;
use crate::order::ORDER_TICKETS_MAX;
use crate::rejection::SevenDayWhy;
use crate::shipping::{ReturnShippingPayer, check_claim, return_shipping_payer};
use crate::{
    Actor, Course, EventLine, FulfilmentStage, ItemId, LineRequest, Money, Order, Reason,
    Rejection, TicketId, TicketKind, TicketLine, spread,
};
use std::collections::BTreeSet;

/// The request part shared by opening and editing a ticket.
pub(super) struct RequestFields<'a> {
    pub(super) kind: TicketKind,
    pub(super) reason: Reason,
    /// `None`: what the named units are worth.
    pub(super) amount: Option<Money>,
    pub(super) items: &'a [LineRequest],
    pub(super) description: &'a str,
    pub(super) evidence: &'a [Evidence],
}

/// A request as the order resolves it: its amount, the lines it holds, the part of the amount
/// that is the order's shipping fee, and who bears a return's shipping.
pub(super) struct Resolved {
    pub(super) amount: Money,
    pub(super) lines: Vec<TicketLine>,
    pub(super) shipping_fee: Money,
    pub(super) return_shipping: Option<ReturnShippingPayer>,
}

impl Resolved {
    pub(super) fn event_lines(&self) -> Vec<EventLine> {
        self.lines.iter().map(EventLine::from).collect()
    }
}

/// The lines and units a request names, checked against what is still open on each line
/// (see `crate::lines`): every unit still open when it names none. Returns each line with its
/// units and their worth capped by the money left on the line.
fn resolve_lines(
    order: &Order,
    requested: &[LineRequest],
    amount: Option<Money>,
    except: Option<&TicketId>,
) -> Result<Vec<(TicketLine, i64)>, Rejection> {
    let mut seen = BTreeSet::new();
    let mut lines = Vec::with_capacity(requested.len().max(order.items.len()));
    for (index, request) in requested.iter().enumerate() {
        let Some(item) = order.item(&request.item) else {
            return Err(Rejection::ItemUnknown {
                item: request.item.to_string(),
            });
        };
        if !seen.insert(&request.item) {
            return Err(Rejection::ItemDuplicated {
                item: request.item.to_string(),
            });
        }
        let open = order.units_open(item, except);
        // A whole line asks every open unit; with none open, the refusal names the line's.
        let asked = request
            .quantity
            .unwrap_or(if open > 0 { open } else { item.quantity });
        if open == 0
            && let Some(ticket) = order.live_ticket_on(&item.id, except)
        {
            return Err(Rejection::ItemInOpenTicket {
                item: item.id.to_string(),
                ticket: ticket.clone(),
            });
        }
        if asked == 0 || asked > open {
            return Err(Rejection::QuantityNotOpen {
                index,
                item: item.id.to_string(),
                asked,
                open,
            });
        }
        lines.push((item, asked));
    }
    if requested.is_empty() {
        // Every unit still open; a request finding none collides with the live ticket
        // holding them, as a request on the whole order always did.
        for item in &order.items {
            let open = order.units_open(item, except);
            if open > 0 {
                lines.push((item, open));
            }
        }
        if lines.is_empty() {
            let held = order.items.iter().find_map(|item| {
                order
                    .live_ticket_on(&item.id, except)
                    .map(|ticket| (item, ticket))
            });
            return Err(match held {
                Some((item, ticket)) => Rejection::ItemInOpenTicket {
                    item: item.id.to_string(),
                    ticket: ticket.clone(),
                },
                // Every unit refunded or returned: the order has nothing left to ask.
                None => Rejection::AmountAboveRefundable {
                    requested: amount.unwrap_or(Money::zero(order.paid.currency())),
                    refundable: Money::zero(order.paid.currency()),
                },
            });
        }
    }
    Ok(lines
        .into_iter()
        .map(|(item, quantity)| {
            let taken = order.units_taken(&item.id, except);
            let worth = item
                .units_worth(taken, quantity)
                .min(order.line_refundable(item, except));
            let line = TicketLine {
                item: item.id.clone(),
                quantity,
                amount: Money::zero(order.paid.currency()),
            };
            (line, worth)
        })
        .collect())
}

pub(super) fn validate_request(
    order: &Order,
    fields: &RequestFields<'_>,
    except: Option<&TicketId>,
    ctx: &Context<'_>,
) -> Result<Resolved, Rejection> {
    optional_text("description", fields.description)?;
    validate_evidence(fields.evidence)?;
    let currency = order.paid.currency();
    if let Some(amount) = fields.amount {
        same_currency(order.paid, amount)?;
        if amount.is_zero() {
            return Err(Rejection::AmountNotPositive { field: "amount" });
        }
    }
    if fields.kind == TicketKind::ReturnShipping {
        let amount = check_claim(order, fields.amount, fields.items, except)?;
        return Ok(Resolved {
            amount,
            lines: Vec::new(),
            shipping_fee: Money::zero(currency),
            return_shipping: None,
        });
    }
    let lines = resolve_lines(order, fields.items, fields.amount, except)?;
    let caps: Vec<i64> = lines.iter().map(|(_, worth)| *worth).collect();
    let goods_cap: i64 = caps.iter().sum();
    // Issue 18: a refund that, while nothing has shipped, takes every unit still open with
    // no other live ticket holding any (so the whole order ends refunded) gives back the
    // shipping fee too, as much of it as no other ticket refunded or holds.
    let whole_unshipped = fields.kind.course() == Course::Refund
        && order.nothing_shipped()
        && order.items.iter().all(|item| {
            let asked = lines
                .iter()
                .find(|(line, _)| line.item == item.id)
                .map_or(0, |(line, _)| line.quantity);
            asked == order.units_open(item, except)
                && order.live_ticket_on(&item.id, except).is_none()
        });
    let fee_cap = if whole_unshipped {
        order.shipping_fee_left(except)
    } else {
        0
    };
    // The units' worth and the fee, no more than the order has left (a line's money never
    // exceeds it, but an order paid less than its lines' sum caps the request there).
    let refundable = order.refundable(except);
    let cap = (goods_cap + fee_cap).min(refundable.minor());
    let cap = Money::new(cap, currency).unwrap_or(refundable);
    let amount = fields.amount.unwrap_or(cap);
    if amount.is_zero() {
        return Err(Rejection::AmountNotPositive { field: "amount" });
    }
    if amount.minor() > cap.minor() {
        return Err(Rejection::AmountAboveRefundable {
            requested: amount,
            refundable: cap,
        });
    }
    // The goods come first: the fee is the part of the amount above the units' worth, so a
    // buyer asking less than her goods' worth is refunded goods money only.
    let fee = (amount.minor() - goods_cap).clamp(0, fee_cap);
    let shares = spread(amount.minor() - fee, &caps);
    let lines: Vec<TicketLine> = lines
        .into_iter()
        .zip(shares)
        .map(|((line, _), share)| TicketLine {
            amount: Money::new(share, currency).unwrap_or(line.amount),
            ..line
        })
        .collect();
    let items: Vec<ItemId> = lines.iter().map(|l| l.item.clone()).collect();
    // Every unit of the request's lines delivered (see `Order::stage_of`).
    if fields.kind.needs_delivery() && order.stage_of(&items) != FulfilmentStage::Delivered {
        return Err(Rejection::KindNeedsDelivery {
            kind: fields.kind.as_str(),
        });
    }
    if fields.reason == Reason::NoReasonSevenDay {
        if !matches!(
            fields.kind,
            TicketKind::ReturnAndRefund | TicketKind::Exchange
        ) {
            return Err(Rejection::SevenDayNotApplicable {
                why: SevenDayWhy::OnlyReturnsAndExchanges,
            });
        }
        // Seed 000 Q4 注: a locker without the buyer's consent is not her signature, but the
        // costs and risk are the merchant's (由此产生的相应费用及货物风险需要由商家承担): she
        // keeps the seven-day return, counted from that delivery.
        // On a split shipment, counted from when each line's last parcel came.
        let Some(delivered_at) = order.delivered_at_of(&items) else {
            // Returns and exchanges already need the goods delivered (above).
            return Err(Rejection::SevenDayNotApplicable {
                why: SevenDayWhy::NotDelivered,
            });
        };
        if ctx.now >= after(delivered_at, ctx.policy.deadlines.seven_day_return_hours) {
            return Err(Rejection::SevenDayNotApplicable {
                why: SevenDayWhy::SevenDaysPassed,
            });
        }
        if !order.items_of(&items).all(|i| i.flags.seven_day_return) {
            return Err(Rejection::SevenDayNotApplicable {
                why: SevenDayWhy::ItemNotEligible,
            });
        }
    }
    let return_shipping = matches!(
        fields.kind.course(),
        Course::ReturnForRefund | Course::Exchange | Course::Repair
    )
    .then(|| return_shipping_payer(fields.reason, order.freight_insurance));
    Ok(Resolved {
        amount,
        lines,
        shipping_fee: Money::new(fee, currency).unwrap_or(Money::zero(currency)),
        return_shipping,
    })
}

/// `OrderCommand::OpenTicket`: the buyer asks for a refund, a return, an exchange, a repair or a
/// reshipment.
pub(super) fn open(
    order: &Order,
    new: &NewTicket,
    actor: &Actor,
    ctx: &Context<'_>,
) -> Result<Vec<OrderEvent>, Rejection> {
    require_buyer(order, actor, "open a ticket")?;
    assert!(
        ctx.merchant.is_none_or(|m| m.id == order.merchant),
        "settings of another merchant passed for order {}",
        order.id
    );
    assert!(
        ctx.buyer.is_none_or(|b| b.id == order.buyer),
        "trust of another buyer passed for order {}",
        order.id
    );
    if order.tickets.contains_key(&new.id) {
        return Err(Rejection::TicketExists);
    }
    if order.tickets.len() >= ORDER_TICKETS_MAX {
        return Err(Rejection::TicketsLimit {
            max: ORDER_TICKETS_MAX,
        });
    }
    let fields = RequestFields {
        kind: new.kind,
        reason: new.reason,
        amount: new.amount,
        items: &new.items,
        description: &new.description,
        evidence: &new.evidence,
    };
    let resolved = validate_request(order, &fields, None, ctx)?;
    let items: Vec<ItemId> = resolved.lines.iter().map(|l| l.item.clone()).collect();
    let mut changes = vec![TicketChange::Opened {
        kind: new.kind,
        reason: new.reason,
        amount: resolved.amount,
        items: resolved.event_lines(),
        description: new.description.trim().to_owned(),
        evidence: new.evidence.clone(),
        opened_while_unshipped: order.stage_of(&items) == FulfilmentStage::Unshipped,
        due_at: after(ctx.now, ctx.policy.deadlines.merchant_response_hours),
        shipping_fee: resolved.shipping_fee,
        return_shipping: resolved.return_shipping,
    }];
    let request = Request {
        kind: new.kind,
        reason: new.reason,
        amount: resolved.amount,
        items: order.items_of(&items).collect(),
    };
    if let Some(auto) = automatic::decide_automatically(
        order,
        &request,
        ctx.merchant,
        ctx.buyer,
        ctx.policy,
        ctx.now,
    ) {
        let next = if auto.rule == Rule::RefundHandlingClosed {
            next_when_closed(new.kind.course(), resolved.amount, ctx)
        } else {
            next_after_approval(new.kind.course(), resolved.amount, ctx)
        };
        changes.push(TicketChange::Approved {
            approval: Approval::Automatic {
                rule: auto.rule,
                note: auto.note,
                action: auto.action,
            },
            next,
        });
    }
    Ok(changes
        .into_iter()
        .map(|change| OrderEvent {
            at: ctx.now,
            actor: if matches!(change, TicketChange::Opened { .. }) {
                actor.clone()
            } else {
                Actor::System
            },
            change: OrderChange::Ticket {
                ticket: new.id.clone(),
                change,
            },
        })
        .collect())
}
