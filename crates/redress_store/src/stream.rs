//! Streams and the aggregates they fold into.

use redress_domain::buyer::{self, BuyerEvent, BuyerProfile};
use redress_domain::creator::{self, Creator, CreatorEvent};
use redress_domain::merchant::{self, Merchant, MerchantEvent};
use redress_domain::policy_history::{self, PolicyEvent, PolicyHistory};
use redress_domain::{BuyerId, CreatorId, MerchantId, Order, OrderEvent, OrderId};

/// Names one event stream. Every stream but a buyer's, a creator's and the policy's belongs to one
/// merchant.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum StreamKey {
    Order {
        merchant: MerchantId,
        order: OrderId,
    },
    Merchant(MerchantId),
    Buyer(BuyerId),
    /// A showcase creator's penalties (seed 001); platform-wide like a buyer's.
    Creator(CreatorId),
    /// The platform policy's versions.
    Policy,
}

/// The policy stream's stored name; it has no id part.
pub const POLICY_STREAM: &str = "policy";

impl StreamKey {
    /// The distribution key stored with the stream; empty for platform-wide streams.
    pub fn merchant_key(&self) -> &str {
        match self {
            StreamKey::Order { merchant, .. } | StreamKey::Merchant(merchant) => merchant.as_str(),
            StreamKey::Buyer(_) | StreamKey::Creator(_) | StreamKey::Policy => "",
        }
    }

    /// The key of a stream as stored: its merchant column and its name.
    pub fn from_stored(merchant: &str, name: &str) -> Result<Self, crate::StoreError> {
        crate::sqlite::replay::stream_key(merchant, name)
    }

    /// The stream's stored name, e.g. `order:O-1`.
    pub fn name(&self) -> String {
        match self {
            StreamKey::Order { order, .. } => format!("order:{order}"),
            StreamKey::Merchant(merchant) => format!("merchant:{merchant}"),
            StreamKey::Buyer(buyer) => format!("buyer:{buyer}"),
            StreamKey::Creator(creator) => format!("creator:{creator}"),
            StreamKey::Policy => POLICY_STREAM.to_owned(),
        }
    }
}

/// An aggregate's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    Order(Order),
    Merchant(Merchant),
    Buyer(BuyerProfile),
    Creator(Creator),
    Policy(PolicyHistory),
}

impl State {
    pub fn version(&self) -> u64 {
        match self {
            State::Order(o) => o.version,
            State::Merchant(m) => m.version,
            State::Buyer(b) => b.version,
            State::Creator(c) => c.version,
            State::Policy(p) => p.version(),
        }
    }
}

/// New events for one stream, typed by aggregate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Events {
    Order(Vec<OrderEvent>),
    Merchant(Vec<MerchantEvent>),
    Buyer(Vec<BuyerEvent>),
    Creator(Vec<CreatorEvent>),
    Policy(Vec<PolicyEvent>),
}

impl Events {
    pub fn len(&self) -> usize {
        match self {
            Events::Order(e) => e.len(),
            Events::Merchant(e) => e.len(),
            Events::Buyer(e) => e.len(),
            Events::Creator(e) => e.len(),
            Events::Policy(e) => e.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Fold events onto a state: the one place stored history becomes an aggregate.
pub fn fold(stream: &StreamKey, state: Option<State>, events: &Events) -> Option<State> {
    match (stream, events) {
        (StreamKey::Order { .. }, Events::Order(events)) => {
            let mut order = state.map(|s| match s {
                State::Order(o) => o,
                other => panic!("order stream holds {other:?}"),
            });
            for event in events {
                order = Some(redress_domain::apply(order, event));
            }
            order.map(State::Order)
        }
        (StreamKey::Merchant(id), Events::Merchant(events)) => {
            let mut m = state.map(|s| match s {
                State::Merchant(m) => m,
                other => panic!("merchant stream holds {other:?}"),
            });
            for event in events {
                m = Some(merchant::apply(id, m, event));
            }
            m.map(State::Merchant)
        }
        (StreamKey::Buyer(id), Events::Buyer(events)) => {
            let mut b = state.map(|s| match s {
                State::Buyer(b) => b,
                other => panic!("buyer stream holds {other:?}"),
            });
            for event in events {
                b = Some(buyer::apply(id, b, event));
            }
            b.map(State::Buyer)
        }
        (StreamKey::Creator(id), Events::Creator(events)) => {
            let mut c = state.map(|s| match s {
                State::Creator(c) => c,
                other => panic!("creator stream holds {other:?}"),
            });
            for event in events {
                c = Some(creator::apply(id, c, event));
            }
            c.map(State::Creator)
        }
        (StreamKey::Policy, Events::Policy(events)) => {
            let mut history = state.map(|s| match s {
                State::Policy(p) => p,
                other => panic!("policy stream holds {other:?}"),
            });
            for event in events {
                history = Some(policy_history::apply(history, event));
            }
            history.map(State::Policy)
        }
        (stream, events) => panic!("{events:?} do not belong to {stream:?}"),
    }
}
