//! The synthetic workload shared by the benchmark and the crash test: full ticket
//! lifecycles (order placed → ticket opened → approved → refund confirmed), four commands each.

use redress_domain::{
    Actor, BuyerId, Currency, ItemFlags, ItemId, MerchantId, Money, NewOrder, NewTicket,
    OrderCommand, OrderId, OrderItem, ProductId, Reason, TicketAction, TicketId, TicketKind,
    Timestamp,
};
use redress_engine::{Command, Submission};

/// The four steps of a lifecycle, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Place,
    Open,
    Approve,
    Refunded,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::Place, Step::Open, Step::Approve, Step::Refunded];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Place => "place",
            Step::Open => "open",
            Step::Approve => "approve",
            Step::Refunded => "refunded",
        }
    }

    pub fn parse(raw: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

fn id<T>(parse: fn(&str) -> Result<T, redress_domain::IdError>, raw: String) -> T {
    parse(&raw).expect("workload ids are valid")
}

/// Spread lifecycles over this many merchants, as a marketplace would.
const MERCHANTS: u64 = 97;

pub fn merchant(n: u64) -> MerchantId {
    id(MerchantId::parse, format!("m{}", n % MERCHANTS))
}

pub fn buyer(n: u64) -> BuyerId {
    id(BuyerId::parse, format!("b{}", n % 10_007))
}

pub fn order(n: u64) -> OrderId {
    id(OrderId::parse, format!("o{n}"))
}

pub fn ticket(n: u64) -> TicketId {
    id(TicketId::parse, format!("t{n}"))
}

/// The command for step `step` of lifecycle `n`.
pub fn submission(n: u64, step: Step, paid_at: Timestamp) -> Submission {
    let amount = Money::new(30_000 + (n % 5_000) as i64, Currency::CNY).expect("valid amount");
    let order_id = order(n);
    let (actor, command) = match step {
        Step::Place => (
            Actor::Integration,
            OrderCommand::Place(NewOrder {
                id: order_id.clone(),
                merchant: merchant(n),
                buyer: buyer(n),
                items: vec![OrderItem {
                    id: id(ItemId::parse, "i1".to_owned()),
                    product: id(ProductId::parse, format!("p{}", n % 1_000)),
                    category: "apparel".to_owned(),
                    quantity: 1,
                    amount,
                    flags: ItemFlags {
                        seven_day_return: true,
                        ..ItemFlags::default()
                    },
                }],
                paid: amount,
                paid_at,
                creator: None,
                shipping_fee: Money::zero(amount.currency()),
                freight_insurance: false,
            }),
        ),
        Step::Open => (
            Actor::Buyer(buyer(n)),
            OrderCommand::OpenTicket(NewTicket {
                id: ticket(n),
                kind: TicketKind::RefundOnly,
                reason: Reason::DontWant,
                amount: Some(amount),
                items: Vec::new(),
                description: "ordered by mistake".to_owned(),
                evidence: Vec::new(),
            }),
        ),
        Step::Approve => (
            Actor::Merchant(merchant(n)),
            OrderCommand::Ticket {
                ticket: ticket(n),
                expected_version: None,
                action: TicketAction::Approve,
            },
        ),
        Step::Refunded => (
            Actor::Integration,
            OrderCommand::Ticket {
                ticket: ticket(n),
                expected_version: None,
                action: TicketAction::RefundSucceeded {
                    payment_reference: format!("PAY-{n}"),
                },
            },
        ),
    };
    Submission::new(
        actor,
        Command::Order {
            order: order_id,
            command,
        },
    )
}
