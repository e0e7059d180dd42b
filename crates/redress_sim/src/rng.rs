//! Seeded randomness: SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
//! generators", OOPSLA 2014), written out here so that a seed means the same draws on every
//! platform and every future build; no crate update can change a replay.
//!
//! Every actor draws from its own stream, derived from the seed and a name (`stream`), so
//! the order in which orders are processed never changes what any of them draws. Draws use
//! only integer arithmetic and IEEE-754 `+ - * /`, which are exact and portable; no `ln`,
//! `exp` or `cos`, whose last bits differ between maths libraries.

use crate::model::Spread;

/// One stream of draws.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// What a stream is for: a stable tag, so streams of different kinds never coincide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Merchant = 1,
    Buyer = 2,
    Order = 3,
    Day = 4,
}

impl Rng {
    /// The stream of `kind` number `index` under `seed`.
    pub fn stream(seed: u64, kind: Stream, index: u64) -> Rng {
        let a = mix(seed ^ GOLDEN);
        let b = mix(a ^ (kind as u64).wrapping_mul(0xd1b5_4a32_d192_ed03));
        Rng {
            state: mix(b ^ index.wrapping_mul(0x8cb9_2ba7_2f3d_8dd7)),
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix(self.state)
    }

    /// Uniform in [0, 1), 53 bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in `0..n` (n > 0), by Lemire's multiply-shift (its tiny bias is irrelevant here).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// An index drawn with the given weights (not all zero).
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut left = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if left < *w {
                return i;
            }
            left -= w;
        }
        weights.len() - 1
    }

    /// A value of a spread: piecewise linear between its quantiles (see `Spread`).
    pub fn spread(&mut self, spread: &Spread) -> f64 {
        spread.quantile(self.unit())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_stable_and_distinct() {
        let mut a = Rng::stream(7, Stream::Order, 1);
        let mut b = Rng::stream(7, Stream::Order, 1);
        let mut c = Rng::stream(7, Stream::Order, 2);
        let first = a.next_u64();
        assert_eq!(first, b.next_u64());
        assert_ne!(first, c.next_u64());
        // The generator is pinned: a change here changes every published simulation.
        assert_eq!(Rng::stream(0, Stream::Merchant, 0).next_u64(), PINNED);
    }

    const PINNED: u64 = 1_207_646_714_633_327_311;
}
