//! The ticket's conversation (协商历史): buyer and merchant write to each other, and the
//! platform's staff join once the ticket went to a dispute. Also the merchant's return
//! address for this one ticket, which the buyer is shown once a return is agreed.

use super::guards::{require_merchant, required_text};
use super::ticket::Case;
use crate::event::TicketChange;
use crate::{Actor, Rejection, Role, TicketState};

/// A ticket's thread holds at most this many messages.
pub const MESSAGES_MAX: usize = 200;
/// A message is at most this many characters.
pub const MESSAGE_CHARS_MAX: usize = 1_000;
/// A return address is at most this many characters.
pub const RETURN_ADDRESS_CHARS_MAX: usize = 300;

/// `TicketAction::PostMessage`: the order's buyer, its merchant, or, once the ticket has been
/// in a dispute, an arbitrator or operator. Any state: a closed ticket can still be talked
/// about, as on the marketplaces' own threads.
pub(super) fn post_message(c: &Case<'_>, text: &str) -> Result<TicketChange, Rejection> {
    let Case {
        order,
        ticket,
        actor,
        name,
        ..
    } = *c;
    let allowed = match actor {
        Actor::Buyer(b) => *b == order.buyer,
        Actor::Merchant(m) | Actor::MerchantStaff(m, _) => *m == order.merchant,
        Actor::Arbitrator(_) | Actor::Operator(_) => ticket.dispute.is_some(),
        Actor::Integration | Actor::System => false,
    };
    if !allowed {
        let needs: &'static [Role] = if ticket.dispute.is_some() {
            &[
                Role::Buyer,
                Role::Merchant,
                Role::Arbitrator,
                Role::Operator,
            ]
        } else {
            &[Role::Buyer, Role::Merchant]
        };
        return Err(Rejection::WrongActor {
            action: name,
            needs,
        });
    }
    required_text("text", text)?;
    if text.trim().chars().count() > MESSAGE_CHARS_MAX {
        return Err(Rejection::TextInvalid {
            field: "text",
            why: "is longer than 1000 characters",
        });
    }
    if ticket.messages.len() >= MESSAGES_MAX {
        return Err(Rejection::LimitExceeded {
            field: "messages",
            max: MESSAGES_MAX,
        });
    }
    Ok(TicketChange::MessagePosted {
        text: text.trim().to_owned(),
    })
}

/// `TicketAction::SetReturnAddress`: the merchant, while the return is still to be sent
/// (before an answer, or waiting for the buyer's parcel).
pub(super) fn set_return_address(c: &Case<'_>, address: &str) -> Result<TicketChange, Rejection> {
    let Case {
        order,
        ticket,
        actor,
        name,
        ..
    } = *c;
    require_merchant(order, actor, name)?;
    required_text("address", address)?;
    let address = address.trim();
    if address.chars().count() > RETURN_ADDRESS_CHARS_MAX {
        return Err(Rejection::TextInvalid {
            field: "address",
            why: "is longer than 300 characters",
        });
    }
    let (TicketState::Requested { .. } | TicketState::AwaitingReturn { .. }) = ticket.state else {
        return Err(c.wrong_state());
    };
    if ticket.return_address.as_deref() == Some(address) {
        return Err(Rejection::NoChange);
    }
    Ok(TicketChange::ReturnAddressSet {
        address: address.to_owned(),
    })
}
