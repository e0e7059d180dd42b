//! Order and ticket ids are the platform's and name one thing across merchants, but every
//! row is keyed by merchant (the distribution key), so no unique index can hold them on a
//! sharded database. The writer checks an id is free before deciding; two instances
//! placing the same id at the same moment could both pass that check. The commit closes
//! the gap: a write that brings a new order or ticket claims its id, and the claim is
//! checked against the `orders` and `tickets` projections inside the commit transaction,
//! serialised per id (SQLite: the one write lock; PostgreSQL: an advisory lock per id, taken
//! before anything else in a fixed order). A write whose id another order or merchant holds
//! conflicts, and the writer, deciding again, refuses it as `order_exists` or
//! `ticket_exists`.

use crate::Write;
use crate::stream::{Events, StreamKey};
use redress_domain::{OrderChange, TicketChange};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    Order,
    Ticket,
}

/// An id a write brings into the world, with who holds it once the write commits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Claim {
    pub kind: Kind,
    pub id: String,
    pub merchant: String,
    pub order: String,
}

impl Claim {
    /// The PostgreSQL advisory lock that serialises claims of this id: the first eight
    /// bytes of a SHA-256, so every instance computes the same key.
    pub(crate) fn lock_key(&self) -> i64 {
        let tag = match self.kind {
            Kind::Order => "order",
            Kind::Ticket => "ticket",
        };
        let digest = Sha256::digest(format!("redress:{tag}:{}", self.id));
        i64::from_be_bytes(digest[..8].try_into().expect("eight bytes"))
    }

    pub(crate) fn held_by(&self, holder: &Holder) -> bool {
        match self.kind {
            Kind::Order => holder.merchant == self.merchant,
            Kind::Ticket => holder.merchant == self.merchant && holder.order == self.order,
        }
    }
}

/// Who holds an id now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Holder {
    pub merchant: String,
    /// For tickets, the order they belong to; for orders, the order itself.
    pub order: String,
}

/// The ids a write brings: its order when it places one, and each ticket it opens.
pub(crate) fn claims(write: &Write) -> Vec<Claim> {
    let (StreamKey::Order { merchant, order }, Events::Order(events)) =
        (&write.stream, &write.events)
    else {
        return Vec::new();
    };
    let claim = |kind, id: &str| Claim {
        kind,
        id: id.to_owned(),
        merchant: merchant.as_str().to_owned(),
        order: order.as_str().to_owned(),
    };
    events
        .iter()
        .filter_map(|event| match &event.change {
            OrderChange::Placed(_) => Some(claim(Kind::Order, order.as_str())),
            OrderChange::Ticket {
                ticket,
                change: TicketChange::Opened { .. },
            } => Some(claim(Kind::Ticket, ticket.as_str())),
            _ => None,
        })
        .collect()
}

/// The writes of `batch` that must not commit: one of their ids is held by another order
/// or merchant (`holders`, read inside the transaction), or an earlier write of the same
/// batch claims it for another.
pub(crate) fn clashing(
    batch: &[Write],
    holders: &HashMap<(Kind, String), Holder>,
) -> HashSet<usize> {
    let mut claimed: HashMap<(Kind, String), Holder> = HashMap::new();
    let mut clashing = HashSet::new();
    for (i, write) in batch.iter().enumerate() {
        let claims = claims(write);
        let clash = claims.iter().any(|c| {
            let key = (c.kind, c.id.clone());
            holders
                .get(&key)
                .or_else(|| claimed.get(&key))
                .is_some_and(|holder| !c.held_by(holder))
        });
        if clash {
            clashing.insert(i);
            continue;
        }
        for c in claims {
            claimed.insert(
                (c.kind, c.id),
                Holder {
                    merchant: c.merchant,
                    order: c.order,
                },
            );
        }
    }
    clashing
}
