//! `decide` for the order aggregate: given what is, and what someone asks, which facts follow
//! — or why not. Pure: `Context` brings the time, the policy and the merchant's and buyer's
//! settings; nothing is read from anywhere else.
//!
//! One function per action, grouped by the stretch of the ticket's life it belongs to:
//! - [`order`] — placing an order and the parcel's news (`place`, `parcel`);
//! - [`open`] — opening a ticket, with the automatic policies (`open`);
//! - [`ticket`] — the dispatcher from a [`TicketAction`](crate::TicketAction) to the functions
//!   below, and the [`Case`](ticket::Case) they all look at;
//! - [`approve`] — `approve`, `approve_after_refusal`;
//! - [`reject`] — `reject`;
//! - [`remedy`] — `propose_remedy`, `accept_remedy`, `decline_remedy`;
//! - [`request`] — the buyer's `edit` and `cancel`;
//! - [`return_flow`] — `ship_return`, `return_in_transit`, `return_signed`, `confirm_return`;
//! - [`replacement`] — `ship_replacement`, `replacement_delivered`;
//! - [`dispute`] — `escalate`, `cancel_dispute`, `add_evidence`, `settle_dispute`,
//!   `give_verdict`, `recheck`;
//! - [`refund`] — `refund_succeeded`, `refund_failed`, `retry_refund`;
//! - [`message`] — the thread's `post_message`, and the ticket's `set_return_address`;
//! - [`deadline`] — `fire_deadline` and what each deadline does when it passes (`expire`);
//! - [`next`] — where a ticket goes after an approval or a return;
//! - [`guards`] — the checks shared by several actions (who may act, texts, evidence, money).
//!
//! `crate::apply` is laid out the same way, so an action's facts and their folding sit in
//! files of the same name.

mod approve;
mod deadline;
mod dispute;
mod guards;
mod message;
mod next;
mod open;
mod order;
mod refund;
mod reject;
mod remedy;
mod replacement;
mod request;
mod return_flow;
mod ticket;

pub use message::{MESSAGE_CHARS_MAX, MESSAGES_MAX, RETURN_ADDRESS_CHARS_MAX};

use crate::event::{OrderChange, OrderCommand, OrderEvent, TicketChange};
use crate::merchant::Merchant;
use crate::{Actor, Order, Policy, Rejection, Timestamp, buyer::BuyerProfile};
use jiff::SignedDuration;

/// Everything a decision may look at besides the order itself.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub now: Timestamp,
    pub policy: &'a Policy,
    pub merchant: Option<&'a Merchant>,
    pub buyer: Option<&'a BuyerProfile>,
    /// The stored version of `policy`; 0 for a policy that is not stored (scenario runs, the
    /// simulator, databases from before versioned policies).
    pub policy_version: u64,
}

/// Tracking numbers are at most this long.
pub const TRACKING_CHARS_MAX: usize = 64;
/// Category names are at most this long.
pub const CATEGORY_CHARS_MAX: usize = 64;

pub fn decide(
    state: Option<&Order>,
    command: &OrderCommand,
    actor: &Actor,
    ctx: &Context<'_>,
) -> Result<Vec<OrderEvent>, Rejection> {
    let mut events = decide_changes(state, command, actor, ctx)?;
    record_policy_version(state, &mut events, actor, ctx);
    Ok(events)
}

/// Each ticket a decision touched records the stored policy version it was decided under,
/// when that is not already the one it records: a `policy_applied` fact after the decision's
/// own, so a ticket's deadlines and automatic decisions can be traced to the rules in force.
fn record_policy_version(
    state: Option<&Order>,
    events: &mut Vec<OrderEvent>,
    actor: &Actor,
    ctx: &Context<'_>,
) {
    if ctx.policy_version == 0 {
        return;
    }
    let mut touched: Vec<crate::TicketId> = Vec::new();
    for event in events.iter() {
        if let OrderChange::Ticket { ticket, .. } = &event.change
            && !touched.contains(ticket)
        {
            touched.push(ticket.clone());
        }
    }
    for ticket in touched {
        let recorded = state
            .and_then(|order| order.tickets.get(&ticket))
            .map_or(0, |t| t.policy_version);
        if recorded != ctx.policy_version {
            events.push(OrderEvent {
                at: ctx.now,
                actor: actor.clone(),
                change: OrderChange::Ticket {
                    ticket,
                    change: TicketChange::PolicyApplied {
                        version: ctx.policy_version,
                    },
                },
            });
        }
    }
}

fn decide_changes(
    state: Option<&Order>,
    command: &OrderCommand,
    actor: &Actor,
    ctx: &Context<'_>,
) -> Result<Vec<OrderEvent>, Rejection> {
    match (state, command) {
        (Some(_), OrderCommand::Place(_)) => {
            order::may_place(actor)?;
            Err(Rejection::OrderExists)
        }
        (None, OrderCommand::Place(new)) => order::place(new, actor, ctx),
        (None, _) => Err(Rejection::OrderUnknown),
        (Some(order), OrderCommand::Parcel { parcel, update }) => {
            order::parcel(order, parcel, update, actor, ctx)
        }
        (Some(order), OrderCommand::OpenTicket(new)) => open::open(order, new, actor, ctx),
        (
            Some(order),
            OrderCommand::Ticket {
                ticket,
                expected_version,
                action,
            },
        ) => ticket::decide_ticket(order, ticket, *expected_version, action, actor, ctx),
    }
}

fn hours(hours: u32) -> SignedDuration {
    SignedDuration::from_hours(i64::from(hours))
}

/// `at` plus policy hours. A deadline past the end of time is due never (the last instant),
/// rather than a panic: the edges keep instants far from it, a clock set there must not
/// stop the engine.
pub fn after(at: Timestamp, policy_hours: u32) -> Timestamp {
    at.checked_add(hours(policy_hours))
        .unwrap_or(Timestamp::MAX)
}
