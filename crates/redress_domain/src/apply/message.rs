//! A message joins the ticket's thread; a return address is set on the ticket.

use crate::{Actor, Message, Ticket, Timestamp};

/// `TicketChange::MessagePosted`: the author is the event's actor.
pub(super) fn posted(ticket: &mut Ticket, actor: &Actor, text: &str, at: Timestamp) {
    ticket.messages.push(Message {
        at,
        author: actor.clone(),
        text: text.to_owned(),
    });
}

/// `TicketChange::ReturnAddressSet`.
pub(super) fn return_address_set(ticket: &mut Ticket, address: &str) {
    ticket.return_address = Some(address.to_owned());
}
