//! Guided moves: what an order's current state allows, chosen when the step runs. Random
//! commands are refused almost always (an action a state does not take, an amount over what
//! was paid); guided moves are accepted most of the time, so that worlds reach returns,
//! disputes, verdicts, refunds and penalties. The hostile and random commands stay in the
//! plan as a seeded minority.
//!
//! [`choose`] is pure: the same order state and pick give the same move, so a seed still
//! replays exactly and a shrunk plan re-chooses against whatever state its steps reached.

use crate::plan::{self, Act, Op, Parcel, Text, Who};
use redress_domain::{DisputePhase, FulfilmentStage, Order, TicketState, Timestamp};
use redress_sim::rng::{Rng, Stream};

/// The id of ticket slot `slot` of order slot `order`, as the world names it.
pub fn ticket_name(order: u64, slot: u64) -> String {
    format!("t{order}x{slot}")
}

/// The move for order slot `slot`, whose stored state is `order` (`None`: not placed yet),
/// at `now`. `pick` draws among the moves the state allows.
pub fn choose(slot: u64, order: Option<&Order>, now: Timestamp, pick: u64) -> Op {
    let mut rng = Rng::stream(pick, Stream::Order, slot);
    let Some(order) = order else {
        return Op::Place {
            order: slot,
            foreign: false,
            paid: 100 * (10 + rng.below(500) as i64),
            paid_offset_hours: -(rng.below(48) as i64),
        };
    };
    let ticket = |t: u64| {
        redress_domain::TicketId::parse(&ticket_name(slot, t))
            .ok()
            .and_then(|id| order.tickets.get(&id))
    };
    let alive =
        (0..plan::TICKETS).find(|t| ticket(*t).is_some_and(|ticket| !ticket.state.is_terminal()));
    if let Some(t) = alive {
        let ticket = ticket(t).expect("found above");
        // Sometimes nobody acts and the ticket's deadline passes.
        if rng.chance(0.12)
            && let Some(deadline) = ticket.deadline()
        {
            let minutes = deadline.due_at.duration_since(now).as_mins().max(0) + 1;
            return Op::Advance { minutes };
        }
        return ticket_move(slot, t, &ticket.state, ticket.amount.minor(), &mut rng);
    }
    let progress = match order.stage() {
        FulfilmentStage::Unshipped => Some(Parcel::Tracking(Text::Plain(rng.below(1000)))),
        FulfilmentStage::Shipped => Some(Parcel::InTransit),
        FulfilmentStage::InTransit => Some(Parcel::Delivered(0)),
        _ => None,
    };
    let free = (0..plan::TICKETS).find(|t| ticket(*t).is_none());
    match (progress, free) {
        (Some(update), _) if rng.chance(0.6) || free.is_none() => Op::Parcel {
            order: slot,
            parcel: lagging_parcel(order),
            who: Who::Integration,
            update,
        },
        (_, Some(t)) => {
            let delivered = order.stage() == FulfilmentStage::Delivered;
            let refundable =
                order.paid.minor() - order.refunded().minor() - order.reserved(None).minor();
            let amount = (refundable * (1 + rng.below(10) as i64) / 10).max(1);
            Op::Open {
                order: slot,
                ticket: t,
                who: Who::Buyer,
                // Refund only (0) before delivery; after it, any kind.
                kind: if delivered { rng.below(5) as u8 } else { 0 },
                // Reasons 1..=6 (don't want .. not as described) fit every kind.
                reason: 1 + rng.below(6) as u8,
                amount,
                whole_order: true,
                text: Text::Plain(rng.below(1000)),
            }
        }
        // Every slot used and every ticket ended: nothing more to do for this order.
        (None, None) | (Some(_), None) => Op::Advance {
            minutes: 1 + rng.below(60) as i64,
        },
    }
}

/// The next move of a live ticket, by the party whose turn it is.
fn ticket_move(order: u64, ticket: u64, state: &TicketState, amount: i64, rng: &mut Rng) -> Op {
    let text = |rng: &mut Rng| Text::Plain(rng.below(1000));
    let (who, act) = match state {
        TicketState::Requested {
            proposal: Some(_), ..
        } => {
            if rng.chance(0.6) {
                (Who::Buyer, Act::AcceptRemedy)
            } else {
                (Who::Buyer, Act::DeclineRemedy)
            }
        }
        TicketState::Requested { .. } => match rng.below(10) {
            0..=4 => (Who::Merchant, Act::Approve),
            5 | 6 => (
                Who::Merchant,
                Act::Reject {
                    ground: 0,
                    reason: text(rng),
                },
            ),
            7 => (
                Who::Merchant,
                Act::ProposeRemedy {
                    remedy: 3,
                    amount: (amount / 2).max(1),
                },
            ),
            8 => (Who::Merchant, Act::ApproveAfterRefusal),
            _ => (Who::Buyer, Act::Cancel),
        },
        TicketState::AwaitingRefusal { .. } => {
            return Op::Parcel {
                order,
                // Either parcel: a ticket waits for the refusal of every parcel of its lines.
                parcel: rng.below(2) as u8,
                who: Who::Integration,
                update: if rng.chance(0.7) {
                    Parcel::Refused
                } else {
                    Parcel::ReturnedToSender
                },
            };
        }
        TicketState::AwaitingReturn { .. } => (
            Who::Buyer,
            Act::ShipReturn {
                tracking: text(rng),
            },
        ),
        TicketState::ReturnInTransit { .. } => (Who::Integration, Act::ReturnSigned),
        TicketState::ReturnReceived { .. } => {
            if rng.chance(0.8) {
                (Who::Merchant, Act::ConfirmReturn)
            } else {
                (
                    Who::Merchant,
                    Act::Reject {
                        ground: 2,
                        reason: text(rng),
                    },
                )
            }
        }
        TicketState::AwaitingMerchantShipment { .. } => (
            Who::Merchant,
            Act::ShipReplacement {
                tracking: text(rng),
            },
        ),
        TicketState::ReplacementInTransit { .. } => (Who::Integration, Act::ReplacementDelivered),
        TicketState::Rejected { .. } => {
            if rng.chance(0.8) {
                (Who::Buyer, Act::Escalate { note: text(rng) })
            } else {
                (Who::Buyer, Act::Cancel)
            }
        }
        TicketState::InDispute {
            phase: DisputePhase::Evidence { .. },
        } => match rng.below(10) {
            0..=3 => (
                if rng.chance(0.5) {
                    Who::Buyer
                } else {
                    Who::Merchant
                },
                Act::AddEvidence {
                    kind: rng.below(9) as u8,
                },
            ),
            4..=6 => verdict(amount, rng),
            7 | 8 => (Who::Merchant, Act::SettleDispute),
            _ => (Who::Buyer, Act::CancelDispute),
        },
        TicketState::InDispute {
            phase: DisputePhase::AwaitingVerdict,
        } => verdict(amount, rng),
        TicketState::Refunding {
            retry_at: Some(_), ..
        } => (Who::Operator, Act::RetryRefund),
        TicketState::Refunding { .. } => {
            if rng.chance(0.75) {
                (
                    Who::Integration,
                    Act::RefundSucceeded {
                        reference: text(rng),
                    },
                )
            } else {
                (Who::Integration, Act::RefundFailed { reason: text(rng) })
            }
        }
        TicketState::Refunded { .. }
        | TicketState::Completed { .. }
        | TicketState::Closed { .. } => (Who::Buyer, Act::Cancel),
    };
    Op::Ticket {
        order,
        ticket,
        who,
        version_lag: rng.chance(0.5).then_some(0),
        act,
    }
}

fn verdict(amount: i64, rng: &mut Rng) -> (Who, Act) {
    (
        Who::Arbitrator,
        Act::GiveVerdict {
            responsibility: rng.below(4) as u8,
            outcome: rng.below(3) as u8,
            amount: (amount / 2).max(1),
        },
    )
}

/// The plan's number for the order's least advanced parcel (the one the order's stage comes
/// from), so a guided run moves every parcel along; parcel "1" when none is shipped.
fn lagging_parcel(order: &Order) -> u8 {
    let lagging = order.parcels.iter().min_by_key(|p| p.fulfilment.stage());
    match lagging.map(|p| p.id.as_str()) {
        Some("2") => 1,
        Some("9") => 2,
        _ => 0,
    }
}
