//! The lines of a simulated order (issue 18).

use crate::market::World;
use redress_domain::{
    ItemFlags, ItemId, LineRequest, Money, OrderCommand, OrderItem, ParcelId, ParcelUpdate,
    ProductId,
};

/// The order's lines. Assumption, no source: a third of orders are one unit, a third two
/// units of one product, a third two lines (two units and one of another product, the first
/// paid two thirds). Taken from the order's index, not the random stream, so every other draw
/// of a run is unchanged; the buyer's ticket still covers every unit for the whole amount, so
/// the model's amounts and outcomes are too.
pub(super) fn order_lines(
    world: &World,
    merchant: usize,
    category: usize,
    index: u64,
    paid_minor: i64,
) -> Vec<OrderItem> {
    let spec = &world.model.categories[category];
    let line = |id: &str, product: String, quantity: u32, minor: i64| OrderItem {
        id: ItemId::parse(id).expect("valid"),
        product: ProductId::parse(&product).expect("valid"),
        category: spec.name.clone(),
        quantity,
        amount: Money::new(minor, world.currency).expect("positive"),
        flags: ItemFlags {
            seven_day_return: spec.seven_day_return,
            custom: spec.custom,
            virtual_goods: spec.virtual_goods,
        },
    };
    let product = format!("p{merchant}-{category}");
    let second = paid_minor / 3;
    match index % 3 {
        1 => vec![line("1", product, 2, paid_minor)],
        2 if second > 0 => vec![
            line("1", product.clone(), 2, paid_minor - second),
            line("2", format!("{product}-b"), 1, second),
        ],
        _ => vec![line("1", product, 1, paid_minor)],
    }
}

/// Whether the order ships in two parcels (拆单发货), one per line. Assumption, no source: half
/// of the two-line orders (a sixth of all orders), taken from the order's index like its
/// lines. Both parcels travel together (one journey, one signer), so every other draw and
/// the model's outcomes are unchanged; the engine sees each parcel's news.
fn split(index: u64, paid_minor: i64) -> bool {
    index % 3 == 2 && paid_minor / 3 > 0 && (index / 3).is_multiple_of(2)
}

/// The parcels of the order: ("1", line 1) and ("2", line 2) when it ships split, else "1"
/// with every unit.
fn parcels(index: u64, paid_minor: i64) -> Vec<(ParcelId, Vec<LineRequest>)> {
    let id = |raw: &str| ParcelId::parse(raw).expect("valid");
    let item = |raw: &str| LineRequest::whole(ItemId::parse(raw).expect("valid"));
    if split(index, paid_minor) {
        vec![(id("1"), vec![item("1")]), (id("2"), vec![item("2")])]
    } else {
        vec![(ParcelId::first(), Vec::new())]
    }
}

/// The tracking numbers entered for the order's parcels.
pub(super) fn tracking(index: u64, paid_minor: i64, number: &str) -> Vec<OrderCommand> {
    parcels(index, paid_minor)
        .into_iter()
        .enumerate()
        .map(|(n, (parcel, items))| OrderCommand::Parcel {
            parcel,
            update: ParcelUpdate::TrackingEntered {
                tracking: if n == 0 {
                    number.to_owned()
                } else {
                    format!("{number}-{n}")
                },
                items,
            },
        })
        .collect()
}

/// One piece of logistics news, for each of the order's parcels.
pub(super) fn news(index: u64, paid_minor: i64, update: ParcelUpdate) -> Vec<OrderCommand> {
    parcels(index, paid_minor)
        .into_iter()
        .map(|(parcel, _)| OrderCommand::Parcel {
            parcel,
            update: update.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_of_the_two_line_orders_ship_in_two_parcels() {
        let split: Vec<u64> = (0..12).filter(|i| split(*i, 9_900)).collect();
        assert_eq!(split, [2, 8]);
        assert_eq!(tracking(2, 9_900, "SF1").len(), 2);
        assert_eq!(news(3, 9_900, ParcelUpdate::InTransit).len(), 1);
        assert!(!super::split(2, 2), "a line paid nothing is not a line");
    }
}
