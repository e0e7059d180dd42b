//! The lines of a simulated order (issue 18).

use crate::market::World;
use redress_domain::{ItemFlags, ItemId, Money, OrderItem, ProductId};

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
