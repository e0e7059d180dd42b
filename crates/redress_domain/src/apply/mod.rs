//! `apply` for the order aggregate: fold one fact into the state. Facts are never refused
//! here; invariants that a correct `decide` guarantees are asserted, because a broken one is
//! a bug to stop on, not a condition to handle.
//!
//! Laid out like `crate::decide`: the facts of an action are folded in the file of the same
//! name — [`open`], [`approve`], [`reject`], [`remedy`], [`request`], [`return_flow`],
//! [`replacement`], [`dispute`], [`refund`], [`message`]; `apply_ticket` below dispatches to them.

mod approve;
mod dispute;
mod message;
mod open;
mod refund;
mod reject;
mod remedy;
mod replacement;
mod request;
mod return_flow;

use crate::event::{Next, OrderChange, OrderEvent, TicketChange};
use crate::{
    Actor, Course, Fulfilment, Money, Order, Parcel, ParcelUpdate, Ticket, TicketLine, TicketState,
    Timestamp,
};
use std::collections::BTreeMap;

pub fn apply(state: Option<Order>, event: &OrderEvent) -> Order {
    let at = event.at;
    let mut order = match (state, &event.change) {
        (None, OrderChange::Placed(new)) => Order {
            id: new.id.clone(),
            merchant: new.merchant.clone(),
            buyer: new.buyer.clone(),
            items: new.items.clone(),
            paid: new.paid,
            paid_at: new.paid_at,
            creator: new.creator.clone(),
            parcels: Vec::new(),
            shipping_fee: new.shipping_fee,
            freight_insurance: new.freight_insurance,
            tickets: BTreeMap::new(),
            version: 0,
            updated_at: at,
        },
        (None, change) => panic!("{} before the order was placed", change.name()),
        (Some(_), OrderChange::Placed(_)) => panic!("order placed twice"),
        (Some(mut order), OrderChange::ParcelUpdated { parcel: id, update }) => {
            match order.parcels.iter().position(|p| &p.id == id) {
                Some(index) => {
                    let current = &order.parcels[index].fulfilment;
                    order.parcels[index].fulfilment = parcel(current, update, at);
                }
                None => {
                    let ParcelUpdate::TrackingEntered { items, .. } = update else {
                        panic!("{} for unknown parcel {id}", update.as_str());
                    };
                    let lines = order.new_parcel_lines(items);
                    for line in &lines {
                        assert!(
                            order.units_unshipped(&line.item) >= line.quantity,
                            "a unit in two parcels on order {}",
                            order.id
                        );
                    }
                    order.parcels.push(Parcel {
                        id: id.clone(),
                        lines,
                        fulfilment: parcel(&Fulfilment::Unshipped, update, at),
                    });
                }
            }
            order
        }
        (Some(mut order), OrderChange::Ticket { ticket, change }) => {
            match change {
                TicketChange::Opened {
                    kind,
                    reason,
                    amount,
                    items,
                    description,
                    evidence,
                    opened_while_unshipped,
                    due_at,
                    shipping_fee,
                    return_shipping,
                } => {
                    let lines = if *kind == crate::TicketKind::ReturnShipping {
                        Vec::new()
                    } else {
                        order.lines_of_event(items, goods_part(*amount, *shipping_fee))
                    };
                    let ticket = open::opened(
                        ticket,
                        at,
                        *kind,
                        *reason,
                        *amount,
                        lines,
                        description,
                        evidence,
                        *opened_while_unshipped,
                        *due_at,
                        (*shipping_fee, *return_shipping),
                    );
                    assert!(
                        order.tickets.insert(ticket.id.clone(), ticket).is_none(),
                        "ticket opened twice"
                    );
                }
                change => {
                    // An edit names lines as an opening does: resolved against the order.
                    let lines = match change {
                        TicketChange::Edited { kind, .. }
                            if *kind == crate::TicketKind::ReturnShipping =>
                        {
                            Vec::new()
                        }
                        TicketChange::Edited {
                            items,
                            amount,
                            shipping_fee,
                            ..
                        } => order.lines_of_event(items, goods_part(*amount, *shipping_fee)),
                        _ => Vec::new(),
                    };
                    let existing = order
                        .tickets
                        .get_mut(ticket)
                        .expect("event for an unknown ticket");
                    apply_ticket(existing, change, lines, &event.actor, at);
                    existing.version += 1;
                    existing.updated_at = at;
                }
            }
            assert!(
                order.refunded().minor() <= order.paid.minor(),
                "refunded more than was paid on order {}",
                order.id
            );
            order
        }
    };
    order.version += 1;
    order.updated_at = at;
    order
}

/// A ticket's goods money: its amount less the shipping fee it includes.
fn goods_part(amount: Money, shipping_fee: Money) -> Money {
    amount.saturating_minus(shipping_fee).unwrap_or(amount)
}

fn parcel(current: &Fulfilment, update: &ParcelUpdate, at: Timestamp) -> Fulfilment {
    let tracking = match current {
        Fulfilment::Shipped { tracking, .. } | Fulfilment::InTransit { tracking, .. } => {
            tracking.clone()
        }
        _ => String::new(),
    };
    match update {
        ParcelUpdate::TrackingEntered { tracking, .. } => Fulfilment::Shipped {
            tracking: tracking.clone(),
            at,
        },
        ParcelUpdate::InTransit => Fulfilment::InTransit {
            tracking,
            since: at,
        },
        ParcelUpdate::Delivered { signer } => Fulfilment::Delivered {
            tracking,
            signer: *signer,
            at,
        },
        ParcelUpdate::Refused => Fulfilment::Refused { at },
        ParcelUpdate::ReturnedToSender => Fulfilment::ReturnedToSender { at },
        ParcelUpdate::Intercepted => Fulfilment::Intercepted { at },
    }
}

pub(super) fn enter(next: &Next) -> TicketState {
    match next {
        Next::Refunding { amount } => TicketState::Refunding {
            amount: *amount,
            attempt: 1,
            retry_at: None,
        },
        Next::AwaitingReturn { due_at } => TicketState::AwaitingReturn { due_at: *due_at },
        Next::AwaitingMerchantShipment { due_at } => {
            TicketState::AwaitingMerchantShipment { due_at: *due_at }
        }
    }
}

pub(super) fn refunding_amount(ticket: &Ticket) -> Money {
    match ticket.state {
        TicketState::Refunding { amount, .. } => amount,
        _ => panic!("refund event on ticket {} that is not refunding", ticket.id),
    }
}

/// `lines`: an edit's lines as the order resolves them (empty for every other change).
fn apply_ticket(
    ticket: &mut Ticket,
    change: &TicketChange,
    lines: Vec<TicketLine>,
    actor: &Actor,
    at: Timestamp,
) {
    match change {
        TicketChange::Opened { .. } => unreachable!("handled by the caller"),
        TicketChange::PolicyApplied { version } => ticket.policy_version = *version,
        TicketChange::Approved { approval, next } => approve::approved(ticket, approval, next, at),
        TicketChange::ApprovedAfterRefusal { due_at } => {
            approve::approved_after_refusal(ticket, *due_at, at);
        }
        TicketChange::RefusalConfirmed { amount } => approve::refusal_confirmed(ticket, *amount),
        TicketChange::RefusalFailed { due_at } => approve::refusal_failed(ticket, *due_at),
        TicketChange::Rejected {
            ground,
            reason,
            evidence,
            not_received_after_signature,
            due_at,
        } => reject::rejected(
            ticket,
            *ground,
            reason,
            evidence,
            *not_received_after_signature,
            *due_at,
            at,
        ),
        TicketChange::RemedyProposed { remedy, .. } => remedy::proposed(ticket, remedy, at),
        TicketChange::RemedyAccepted { course, next } => {
            remedy::accepted(ticket, *course, next, at);
        }
        TicketChange::RemedyDeclined => remedy::declined(ticket),
        TicketChange::Edited {
            kind,
            reason,
            amount,
            description,
            evidence,
            due_at,
            shipping_fee,
            return_shipping,
            ..
        } => request::edited(
            ticket,
            *kind,
            *reason,
            *amount,
            lines,
            description,
            evidence,
            *due_at,
            (*shipping_fee, *return_shipping),
        ),
        TicketChange::Cancelled => request::cancelled(ticket, at),
        TicketChange::ReturnShipped { tracking, due_at } => {
            return_flow::shipped(ticket, tracking, *due_at, at);
        }
        // The carrier's news changes no deadline; the event counts as a version.
        TicketChange::ReturnInTransit => {}
        TicketChange::ReturnSigned { due_at } => return_flow::signed(ticket, *due_at, at),
        TicketChange::ReturnAccepted { approval, next } => {
            return_flow::accepted(ticket, approval, next, at);
        }
        TicketChange::ReturnWindowLapsed => return_flow::window_lapsed(ticket, at),
        TicketChange::ReplacementShipped { tracking, due_at } => {
            replacement::shipped(ticket, tracking, *due_at);
        }
        TicketChange::ReplacementDelivered => replacement::delivered(ticket, at),
        TicketChange::ShippedWhilePending => ticket.shipped_while_pending = true,
        TicketChange::DisputeOpened {
            opener,
            evidence,
            time_left,
            due_at,
            ..
        } => dispute::opened(ticket, *opener, evidence, *time_left, *due_at, at),
        TicketChange::EvidenceAdded { side, evidence } => {
            dispute::evidence_added(ticket, *side, evidence, at);
        }
        TicketChange::EvidenceWindowClosed => dispute::evidence_window_closed(ticket),
        TicketChange::DisputeSettled { amount } => dispute::settled(ticket, *amount, at),
        TicketChange::DisputeCancelled { due_at } => dispute::cancelled(ticket, *due_at),
        TicketChange::VerdictGiven {
            responsibility,
            outcome,
            reasoning,
            refund,
            early: _,
        } => dispute::verdict_given(
            ticket,
            *responsibility,
            outcome,
            reasoning,
            *refund,
            actor,
            at,
        ),
        TicketChange::Rechecked { responsibility } => dispute::rechecked(ticket, *responsibility),
        TicketChange::EscalationLapsed => dispute::escalation_lapsed(ticket, at),
        TicketChange::RefundSucceeded { amount, .. } => refund::succeeded(ticket, *amount, at),
        TicketChange::RefundFailed {
            reason,
            attempt,
            retry_at,
        } => refund::failed(ticket, reason, *attempt, *retry_at),
        TicketChange::RefundRetried { attempt } => refund::retried(ticket, *attempt),
        TicketChange::MessagePosted { text } => message::posted(ticket, actor, text, at),
        TicketChange::ReturnAddressSet { address } => message::return_address_set(ticket, address),
    }
    debug_assert!(
        ticket.course != Course::Reship
            || !matches!(ticket.state, TicketState::AwaitingReturn { .. }),
        "a reship never waits for a return"
    );
}
