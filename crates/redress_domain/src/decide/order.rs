//! The order itself: placing it, and the parcel's news with what it does to waiting tickets.

use super::guards::{one_line, require_role, same_currency, tracking_valid};
use super::{CATEGORY_CHARS_MAX, Context, after};
use crate::event::{NewOrder, OrderChange, OrderEvent, TicketChange};
use crate::order::ORDER_ITEMS_MAX;
use crate::{
    Actor, FulfilmentStage, LineRequest, ORDER_PARCELS_MAX, Order, ParcelId, ParcelUpdate,
    Rejection, Role, TicketState,
};
use std::collections::BTreeSet;

/// `OrderCommand::Place`: the integration (or an operator) records a paid order.
pub(super) fn place(
    new: &NewOrder,
    actor: &Actor,
    ctx: &Context<'_>,
) -> Result<Vec<OrderEvent>, Rejection> {
    may_place(actor)?;
    validate_new_order(new)?;
    Ok(vec![OrderEvent {
        at: ctx.now,
        actor: actor.clone(),
        change: OrderChange::Placed(new.clone()),
    }])
}

/// Who may place an order, checked before whether it exists: a caller who may not place one
/// learns nothing about which orders exist.
pub(super) fn may_place(actor: &Actor) -> Result<(), Rejection> {
    require_role(
        actor,
        "place an order",
        &[Role::Integration, Role::Operator],
    )
}

fn validate_new_order(new: &NewOrder) -> Result<(), Rejection> {
    if new.items.is_empty() {
        return Err(Rejection::NoItems);
    }
    if new.items.len() > ORDER_ITEMS_MAX {
        return Err(Rejection::LimitExceeded {
            field: "items",
            max: ORDER_ITEMS_MAX,
        });
    }
    if new.paid.is_zero() {
        return Err(Rejection::AmountNotPositive { field: "paid" });
    }
    let mut seen = BTreeSet::new();
    for item in &new.items {
        if !seen.insert(&item.id) {
            return Err(Rejection::ItemDuplicated {
                item: item.id.to_string(),
            });
        }
        same_currency(new.paid, item.amount)?;
        if item.quantity == 0 {
            return Err(Rejection::AmountNotPositive {
                field: "items.quantity",
            });
        }
        if item.category.trim().is_empty() || item.category.chars().count() > CATEGORY_CHARS_MAX {
            return Err(Rejection::TextInvalid {
                field: "items.category",
                why: "must be 1 to 64 characters",
            });
        }
        one_line("items.category", &item.category)?;
    }
    same_currency(new.paid, new.shipping_fee)?;
    // paid = Σ lines + shipping fee: every refund is bounded by the lines it names and the
    // fee, so a total that disagrees would let refunds exceed the payment or never reach it.
    // At most 100 lines of at most 10^13 each: no overflow in i64.
    let lines_and_shipping: i64 = new
        .items
        .iter()
        .map(|item| item.amount.minor())
        .sum::<i64>()
        + new.shipping_fee.minor();
    if lines_and_shipping != new.paid.minor() {
        return Err(Rejection::PaidMismatch {
            paid: new.paid,
            lines_and_shipping,
        });
    }
    Ok(())
}

/// `OrderCommand::Parcel`: the carrier's (or the merchant's) news of one parcel, and what it
/// does to the waiting tickets whose lines it carries.
pub(super) fn parcel(
    order: &Order,
    id: &ParcelId,
    update: &ParcelUpdate,
    actor: &Actor,
    ctx: &Context<'_>,
) -> Result<Vec<OrderEvent>, Rejection> {
    // The merchant enters the tracking number and may intercept its own parcel (seed 000
    // Q2); what happens on the road is the carrier's to report, not the merchant's.
    let own = actor.merchant() == Some(&order.merchant);
    match (actor, update) {
        (Actor::Integration, _) => {}
        (_, ParcelUpdate::TrackingEntered { .. } | ParcelUpdate::Intercepted) if own => {}
        (_, _) if own => {
            return Err(Rejection::WrongActor {
                action: "report delivery, refusal or transit",
                needs: &[Role::Integration],
            });
        }
        _ => {
            return Err(Rejection::WrongActor {
                action: "report the parcel",
                needs: &[Role::Integration, Role::Merchant],
            });
        }
    }
    let existing = order.parcel(id);
    let stage = existing.map_or(FulfilmentStage::Unshipped, |p| p.fulfilment.stage());
    let allowed = match update {
        ParcelUpdate::TrackingEntered { tracking, items } => {
            tracking_valid(tracking)?;
            match existing {
                // A corrected number for a parcel not yet on the road; its lines stay.
                Some(_) => stage == FulfilmentStage::Shipped && items.is_empty(),
                None => {
                    check_new_parcel(order, items)?;
                    true
                }
            }
        }
        ParcelUpdate::InTransit => stage == FulfilmentStage::Shipped,
        ParcelUpdate::Delivered { .. }
        | ParcelUpdate::Refused
        | ParcelUpdate::ReturnedToSender
        | ParcelUpdate::Intercepted => {
            matches!(stage, FulfilmentStage::Shipped | FulfilmentStage::InTransit)
        }
    };
    if !allowed {
        return Err(Rejection::ParcelOutOfOrder {
            current: stage.as_str(),
            update: update.as_str(),
        });
    }
    // A new parcel's lines are recorded resolved, so replay never recomputes the default.
    let recorded = match (existing, update) {
        (None, ParcelUpdate::TrackingEntered { tracking, items }) => {
            ParcelUpdate::TrackingEntered {
                tracking: tracking.clone(),
                items: order
                    .new_parcel_lines(items)
                    .into_iter()
                    .map(|l| LineRequest::units(l.item, l.quantity))
                    .collect(),
            }
        }
        _ => update.clone(),
    };
    let event = |change| OrderEvent {
        at: ctx.now,
        actor: actor.clone(),
        change,
    };
    let change = OrderChange::ParcelUpdated {
        parcel: id.clone(),
        update: recorded,
    };
    // The order as it will be, to read each ticket's stage after the news.
    let after_news = crate::apply(Some(order.clone()), &event(change.clone()));
    let mut events = vec![event(change)];
    for ticket in order.tickets.values() {
        let items = ticket.item_ids();
        if !after_news.parcel(id).is_some_and(|p| p.carries_any(&items)) {
            continue;
        }
        let now_stage = after_news.stage_of(&items);
        let reaction = match (update, &ticket.state) {
            (ParcelUpdate::TrackingEntered { .. }, state)
                if existing.is_none()
                    && ticket.opened_while_unshipped
                    && !ticket.shipped_while_pending
                    && matches!(
                        state,
                        TicketState::Requested { .. }
                            | TicketState::Rejected { .. }
                            | TicketState::InDispute { .. }
                    ) =>
            {
                Some(TicketChange::ShippedWhilePending)
            }
            // Approve-after-refusal watches every parcel of its lines: one delivered ends the
            // wait; the refund follows once all of them are going back.
            (ParcelUpdate::Delivered { .. }, TicketState::AwaitingRefusal { .. }) => {
                Some(TicketChange::RefusalFailed {
                    due_at: after(ctx.now, ctx.policy.deadlines.merchant_response_hours),
                })
            }
            (
                ParcelUpdate::Refused | ParcelUpdate::ReturnedToSender | ParcelUpdate::Intercepted,
                TicketState::AwaitingRefusal { .. },
            ) if now_stage == FulfilmentStage::Returning => Some(TicketChange::RefusalConfirmed {
                amount: ticket.amount,
            }),
            _ => None,
        };
        if let Some(change) = reaction {
            events.push(event(OrderChange::Ticket {
                ticket: ticket.id.clone(),
                change,
            }));
        }
    }
    Ok(events)
}

/// The lines a new parcel names: on the order, each once, each quantity at least one and no
/// more than the line's units in no parcel yet (a unit is in at most one parcel); with none
/// named, some unit must be left to ship.
fn check_new_parcel(order: &Order, items: &[LineRequest]) -> Result<(), Rejection> {
    if order.parcels.len() >= ORDER_PARCELS_MAX {
        return Err(Rejection::LimitExceeded {
            field: "parcels",
            max: ORDER_PARCELS_MAX,
        });
    }
    if items.is_empty() {
        // Every unit already in a parcel: the refusal names the first line, nothing open.
        return match order.items.first() {
            Some(line) if order.new_parcel_lines(&[]).is_empty() => {
                Err(Rejection::QuantityNotOpen {
                    index: 0,
                    item: line.id.to_string(),
                    asked: line.quantity,
                    open: 0,
                })
            }
            _ => Ok(()),
        };
    }
    let mut seen = BTreeSet::new();
    for (index, request) in items.iter().enumerate() {
        let Some(line) = order.item(&request.item) else {
            return Err(Rejection::ItemUnknown {
                item: request.item.to_string(),
            });
        };
        if !seen.insert(&request.item) {
            return Err(Rejection::ItemDuplicated {
                item: request.item.to_string(),
            });
        }
        let open = order.units_unshipped(&line.id);
        let asked = request.quantity.unwrap_or(open);
        if asked == 0 || asked > open {
            return Err(Rejection::QuantityNotOpen {
                index,
                item: line.id.to_string(),
                asked,
                open,
            });
        }
    }
    Ok(())
}
