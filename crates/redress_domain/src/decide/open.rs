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
use crate::{Actor, FulfilmentStage, ItemId, Money, Order, Reason, Rejection, TicketKind};
use std::collections::BTreeSet;

/// A request naming items asks at most what those items were paid, less what earlier tickets
/// on those items alone refunded (SPEC: never more than the line paid). Live tickets on the
/// same items are refused anyway, so only refunds can be taken twice. A request naming no
/// item is about the whole order, which `Order::refundable` caps.
fn items_cover(
    order: &Order,
    fields: &RequestFields<'_>,
    except: Option<&crate::TicketId>,
) -> Result<(), Rejection> {
    if fields.items.is_empty() {
        return Ok(());
    }
    let paid: i64 = order
        .items_of(fields.items)
        .map(|item| item.amount.minor())
        .sum();
    let refunded: i64 = order
        .tickets
        .values()
        .filter(|t| Some(&t.id) != except && !t.items.is_empty())
        .filter(|t| t.items.iter().all(|i| fields.items.contains(i)))
        .map(|t| t.refunded.minor())
        .sum();
    let left = paid.saturating_sub(refunded).max(0);
    if fields.amount.minor() > left {
        return Err(Rejection::AmountAboveRefundable {
            requested: fields.amount,
            refundable: Money::new(left, order.paid.currency()).unwrap_or(order.paid),
        });
    }
    Ok(())
}

/// The request part shared by opening and editing a ticket.
pub(super) struct RequestFields<'a> {
    pub(super) kind: TicketKind,
    pub(super) reason: Reason,
    pub(super) amount: Money,
    pub(super) items: &'a [ItemId],
    pub(super) description: &'a str,
    pub(super) evidence: &'a [Evidence],
}

pub(super) fn validate_request(
    order: &Order,
    fields: &RequestFields<'_>,
    except: Option<&crate::TicketId>,
    ctx: &Context<'_>,
) -> Result<(), Rejection> {
    optional_text("description", fields.description)?;
    validate_evidence(fields.evidence)?;
    same_currency(order.paid, fields.amount)?;
    if fields.amount.is_zero() {
        return Err(Rejection::AmountNotPositive { field: "amount" });
    }
    let refundable = order.refundable(except);
    if fields.amount.minor() > refundable.minor() {
        return Err(Rejection::AmountAboveRefundable {
            requested: fields.amount,
            refundable,
        });
    }
    let mut seen = BTreeSet::new();
    for item in fields.items {
        if order.item(item).is_none() {
            return Err(Rejection::ItemUnknown {
                item: item.to_string(),
            });
        }
        if !seen.insert(item) {
            return Err(Rejection::ItemDuplicated {
                item: item.to_string(),
            });
        }
    }
    items_cover(order, fields, except)?;
    for other in order.tickets.values() {
        if other.state.is_terminal() || Some(&other.id) == except {
            continue;
        }
        let overlap = if fields.items.is_empty() || other.items.is_empty() {
            // A request on the whole order overlaps every other live request.
            order.items.first().map(|i| &i.id)
        } else {
            fields.items.iter().find(|i| other.items.contains(i))
        };
        if let Some(item) = overlap {
            return Err(Rejection::ItemInOpenTicket {
                item: item.to_string(),
                ticket: other.id.clone(),
            });
        }
    }
    if fields.kind.needs_delivery() && order.fulfilment.stage() != FulfilmentStage::Delivered {
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
        let crate::Fulfilment::Delivered {
            at: delivered_at, ..
        } = order.fulfilment
        else {
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
        if !order
            .items_of(fields.items)
            .all(|i| i.flags.seven_day_return)
        {
            return Err(Rejection::SevenDayNotApplicable {
                why: SevenDayWhy::ItemNotEligible,
            });
        }
    }
    Ok(())
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
    validate_request(order, &fields, None, ctx)?;
    let mut changes = vec![TicketChange::Opened {
        kind: new.kind,
        reason: new.reason,
        amount: new.amount,
        items: new.items.clone(),
        description: new.description.trim().to_owned(),
        evidence: new.evidence.clone(),
        opened_while_unshipped: order.fulfilment.stage() == FulfilmentStage::Unshipped,
        due_at: after(ctx.now, ctx.policy.deadlines.merchant_response_hours),
    }];
    let request = Request {
        kind: new.kind,
        reason: new.reason,
        amount: new.amount,
        items: order.items_of(&new.items).collect(),
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
            next_when_closed(new.kind.course(), new.amount, ctx)
        } else {
            next_after_approval(new.kind.course(), new.amount, ctx)
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
