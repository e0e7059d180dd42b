//! Outbound parcels (拆单发货, issue 18 point 2): an order may ship in several parcels, each
//! carrying some units of some lines, each with its own tracking, journey and signer.
//!
//! Rules:
//! - **Units.** A unit is in at most one parcel. Units in no parcel are unshipped: what the
//!   system shows counts, not what the merchant did.
//! - **A new parcel** is created by its tracking number; it carries the lines and quantities
//!   given, or every unit not yet in a parcel when none are given.
//! - **Old events.** Parcel events stored before parcels had ids name none; the codec reads
//!   them as [`ParcelId::first()`], and that parcel, created by an old tracking event naming
//!   no lines, carries every unit: the order's single parcel of earlier releases.
//! - **The stage of some lines** ([`Order::stage_of`]), which every rule reading "shipped",
//!   "delivered", "in transit" or "refused" uses, and strategy conditions match on:
//!   `Unshipped` when every unit of the lines is in no parcel; otherwise the least advanced
//!   stage among the parcels carrying them, an unshipped remainder counting as `Shipped`
//!   (Shipped < InTransit < Delivered < Returning). So a ticket is `Delivered` only when
//!   every unit of its lines was delivered, `Returning` only when every parcel carrying them
//!   is going back, and a partly shipped line is `Shipped`. A ticket naming some units of a
//!   line split over two parcels is judged on both: which unit it means is not known.

use crate::{Fulfilment, FulfilmentStage, ItemId, LineRequest, Order, ParcelId, Signer, Timestamp};

/// At most this many parcels per order: a limit on everything (TIGER_STYLE).
pub const ORDER_PARCELS_MAX: usize = 100;

impl ParcelId {
    /// The parcel of events stored before parcels had ids, and of a logistics update that
    /// names none: an order shipped in one parcel.
    pub fn first() -> ParcelId {
        ParcelId::parse("1").expect("a valid id")
    }
}

/// Some units of one line in a parcel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParcelLine {
    pub item: ItemId,
    pub quantity: u32,
}

/// One outbound parcel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parcel {
    pub id: ParcelId,
    pub lines: Vec<ParcelLine>,
    pub fulfilment: Fulfilment,
}

impl Parcel {
    /// Whether the parcel carries units of any of `items` (of every line when empty).
    pub fn carries_any(&self, items: &[ItemId]) -> bool {
        self.lines
            .iter()
            .any(|l| items.is_empty() || items.contains(&l.item))
    }
}

impl Order {
    pub fn parcel(&self, id: &ParcelId) -> Option<&Parcel> {
        self.parcels.iter().find(|p| &p.id == id)
    }

    /// Units of `item` carried by a parcel.
    pub fn units_in_parcels(&self, item: &ItemId) -> u32 {
        self.parcels
            .iter()
            .flat_map(|p| p.lines.iter())
            .filter(|l| &l.item == item)
            .map(|l| l.quantity)
            .sum()
    }

    /// Units of `item` in no parcel: unshipped as the system shows it.
    pub fn units_unshipped(&self, item: &ItemId) -> u32 {
        self.item(item).map_or(0, |line| {
            line.quantity.saturating_sub(self.units_in_parcels(item))
        })
    }

    /// The parcels carrying units of `items` (of any line when empty).
    pub fn parcels_of<'a>(&'a self, items: &'a [ItemId]) -> impl Iterator<Item = &'a Parcel> {
        self.parcels.iter().filter(move |p| p.carries_any(items))
    }

    /// The fulfilment stage of the lines `items` (the whole order when empty); see the
    /// module's rule.
    pub fn stage_of(&self, items: &[ItemId]) -> FulfilmentStage {
        let unshipped = self
            .items_of(items)
            .any(|line| self.units_unshipped(&line.id) > 0);
        let least = self.parcels_of(items).map(|p| p.fulfilment.stage()).min();
        match (least, unshipped) {
            (None, _) => FulfilmentStage::Unshipped,
            (Some(stage), false) => stage,
            (Some(stage), true) => stage.min(FulfilmentStage::Shipped),
        }
    }

    /// The whole order's stage (the orders list's `fulfilment`): [`Order::stage_of`] all lines.
    pub fn stage(&self) -> FulfilmentStage {
        self.stage_of(&[])
    }

    /// When the goods of `items` were all in the buyer's hands (a locker without consent
    /// included, see `Signer`): for each line the latest delivery of a parcel carrying it,
    /// and the earliest of those over the lines. `None` unless all of them were delivered.
    pub fn delivered_at_of(&self, items: &[ItemId]) -> Option<Timestamp> {
        if self.stage_of(items) != FulfilmentStage::Delivered {
            return None;
        }
        self.items_of(items)
            .filter_map(|line| {
                self.parcels_of(std::slice::from_ref(&line.id))
                    .filter_map(|p| match p.fulfilment {
                        Fulfilment::Delivered { at, .. } => Some(at),
                        _ => None,
                    })
                    .max()
            })
            .min()
    }

    /// Who signed for the goods of `items`, when all of them were delivered: the weakest
    /// signature among their parcels (a locker without consent, then a proxy, then a locker
    /// with consent, then the buyer), since "not received" may be about any of them.
    pub fn signer_of(&self, items: &[ItemId]) -> Option<Signer> {
        if self.stage_of(items) != FulfilmentStage::Delivered {
            return None;
        }
        let weakness = |s: &Signer| match s {
            Signer::LockerWithoutConsent => 0,
            Signer::Proxy => 1,
            Signer::LockerWithConsent => 2,
            Signer::Buyer => 3,
        };
        self.parcels_of(items)
            .filter_map(|p| match p.fulfilment {
                Fulfilment::Delivered { signer, .. } => Some(signer),
                _ => None,
            })
            .min_by_key(weakness)
    }

    /// The lines a new parcel carries: those `requested`, each `None` quantity meaning every
    /// unit of the line not yet in a parcel; every such unit when none are requested. Checks
    /// are `decide`'s (`decide::order::parcel`); this only resolves.
    pub fn new_parcel_lines(&self, requested: &[LineRequest]) -> Vec<ParcelLine> {
        if requested.is_empty() {
            return self
                .items
                .iter()
                .map(|line| ParcelLine {
                    item: line.id.clone(),
                    quantity: self.units_unshipped(&line.id),
                })
                .filter(|l| l.quantity > 0)
                .collect();
        }
        requested
            .iter()
            .map(|r| ParcelLine {
                item: r.item.clone(),
                quantity: r.quantity.unwrap_or_else(|| self.units_unshipped(&r.item)),
            })
            .collect()
    }
}
