//! Aggregates as last committed by this writer, kept in memory so that a command is decided
//! without reading its streams back.
//!
//! Another process writing the same database makes an entry stale; the store's version
//! check catches that and the entry is dropped.

use redress_domain::{MerchantId, OrderId};
use redress_store::{State, StreamKey};
use std::collections::HashMap;
use std::hash::Hash;

/// Order streams kept per generation by default: at most twice this in all. An order is
/// busy for days (shipped, delivered, a request, an answer), then rests; an order missing
/// from the cache costs its next command a read and a fold of its events, taken one after
/// the other by the single writer. A cached order with its tickets takes about 15 KiB
/// (issue 21: 1.6 GiB after firing 100,000 deadlines with 500,000 kept), so 2 × 10,000
/// keep the cache near 300 MiB at any load, inside the 512 MiB a server should stay under.
/// The simulator, which measures the writer's speed over a million orders, keeps more
/// (`EngineConfig::cache_orders_max`; at 100,000 its one-million-order day took 23 % longer
/// than at 500,000, docs/BENCHMARKS.md).
pub const ORDERS_MAX_DEFAULT: usize = 10_000;
/// Merchant and buyer streams kept per generation by default. Every order command reads its
/// merchant's and its buyer's profile, so a marketplace's active parties should fit; a
/// profile is small (well under 1 KiB), so 2 × 50,000 stay under 100 MiB.
pub const PARTIES_MAX_DEFAULT: usize = 50_000;

pub(super) struct Cache {
    orders: Generations<StreamKey, Option<State>>,
    parties: Generations<StreamKey, Option<State>>,
    order_merchants: Generations<OrderId, MerchantId>,
}

impl Cache {
    /// A cache of at most `orders_max` order streams and `parties_max` other streams per
    /// generation (at least one each).
    pub fn new(orders_max: usize, parties_max: usize) -> Self {
        Cache {
            orders: Generations::new(orders_max.max(1)),
            parties: Generations::new(parties_max.max(1)),
            // An order's merchant is a few bytes: kept for ten times as many orders, so that
            // an evicted order is still found without a lookup.
            order_merchants: Generations::new(orders_max.max(1).saturating_mul(10)),
        }
    }
}

impl Cache {
    /// Forget everything: another process wrote to the database.
    pub fn clear(&mut self) {
        self.orders.clear();
        self.parties.clear();
        self.order_merchants.clear();
    }

    pub fn contains(&self, key: &StreamKey) -> bool {
        self.generations(key).contains(key)
    }

    /// The cached state (`Some(None)`: the stream is known to be empty).
    pub fn get(&mut self, key: &StreamKey) -> Option<Option<State>> {
        self.generations_mut(key).get(key).cloned()
    }

    pub fn remove(&mut self, key: &StreamKey) {
        self.generations_mut(key).remove(key);
    }

    pub fn remember(&mut self, key: StreamKey, state: Option<State>) {
        if let StreamKey::Order { merchant, order } = &key {
            self.order_merchants.insert(order.clone(), merchant.clone());
        }
        self.generations_mut(&key).insert(key, state);
    }

    /// The merchant of an order this writer has seen.
    pub fn merchant_of(&mut self, order: &OrderId) -> Option<MerchantId> {
        self.order_merchants.get(order).cloned()
    }

    fn generations(&self, key: &StreamKey) -> &Generations<StreamKey, Option<State>> {
        match key {
            StreamKey::Order { .. } => &self.orders,
            StreamKey::Merchant(_)
            | StreamKey::Buyer(_)
            | StreamKey::Creator(_)
            | StreamKey::Policy => &self.parties,
        }
    }

    fn generations_mut(&mut self, key: &StreamKey) -> &mut Generations<StreamKey, Option<State>> {
        match key {
            StreamKey::Order { .. } => &mut self.orders,
            StreamKey::Merchant(_)
            | StreamKey::Buyer(_)
            | StreamKey::Creator(_)
            | StreamKey::Policy => &mut self.parties,
        }
    }
}

/// A map of at most twice its limit: when the young generation is full it becomes the old
/// one, and what was old is dropped; an entry found in the old generation moves back to the
/// young. Clearing everything at the limit instead would throw out the hot set (the busy
/// merchants, the orders with open tickets) with the cold, and read it all back at once.
struct Generations<K, V> {
    young: HashMap<K, V>,
    old: HashMap<K, V>,
    /// Entries the young generation takes before it ages.
    max: usize,
}

impl<K: Eq + Hash + Clone, V> Generations<K, V> {
    fn new(max: usize) -> Self {
        Generations {
            young: HashMap::new(),
            old: HashMap::new(),
            max,
        }
    }

    fn clear(&mut self) {
        self.young.clear();
        self.old.clear();
    }

    fn contains(&self, key: &K) -> bool {
        self.young.contains_key(key) || self.old.contains_key(key)
    }

    fn get(&mut self, key: &K) -> Option<&V> {
        if !self.young.contains_key(key) {
            let value = self.old.remove(key)?;
            // Promoted without aging: the young generation may run over its limit until the
            // next insert, by the entries read since.
            self.young.insert(key.clone(), value);
        }
        self.young.get(key)
    }

    fn remove(&mut self, key: &K) {
        self.young.remove(key);
        self.old.remove(key);
    }

    fn insert(&mut self, key: K, value: V) {
        if self.young.len() >= self.max && !self.young.contains_key(&key) {
            self.old = std::mem::take(&mut self.young);
        }
        self.old.remove(&key);
        self.young.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::{Cache, Generations};
    use redress_domain::BuyerId;
    use redress_store::StreamKey;

    /// The configured limits bound what the writer keeps, however many streams it sees.
    #[test]
    fn a_cache_keeps_at_most_twice_its_configured_limit() {
        let mut cache = Cache::new(3, 3);
        let key = |n: usize| StreamKey::Buyer(BuyerId::parse(&format!("B-{n}")).expect("an id"));
        for n in 0..100 {
            cache.remember(key(n), None);
        }
        let kept = (0..100).filter(|&n| cache.contains(&key(n))).count();
        assert!((3..=6).contains(&kept), "kept {kept}");
        assert!(
            (97..100).all(|n| cache.contains(&key(n))),
            "the newest are kept"
        );
    }

    #[test]
    fn a_full_generation_ages_and_what_is_read_again_stays() {
        let mut cache = Generations::new(3);
        for i in 0..3 {
            cache.insert(i, i * 10);
        }
        // The young generation is full: 3 starts a new one, 0..3 become old.
        cache.insert(3, 30);
        assert_eq!(cache.get(&1), Some(&10), "an old entry is still found");
        cache.insert(4, 40);
        // Young holds 3, 1 (promoted), 4: full again, so 5 ages them and drops 0 and 2.
        cache.insert(5, 50);
        assert!(
            !cache.contains(&0) && !cache.contains(&2),
            "the cold are dropped"
        );
        for kept in [1, 3, 4, 5] {
            assert!(
                cache.contains(&kept),
                "{kept} was used recently and is kept"
            );
        }
    }

    #[test]
    fn an_entry_replaced_or_removed_is_gone_from_both_generations() {
        let mut cache = Generations::new(1);
        cache.insert("a", 1);
        cache.insert("b", 2);
        cache.insert("a", 3);
        assert_eq!(cache.get(&"a"), Some(&3));
        cache.remove(&"a");
        assert!(!cache.contains(&"a"));
    }
}
