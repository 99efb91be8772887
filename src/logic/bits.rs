//! Sets of small indices as bits, kept on the stack up to 1,024 of them, so that
//! evaluating a case of ordinary size allocates only what it returns.

/// Indices below 1,024 fit on the stack (every rule set's variables and facts do).
const WORDS: usize = 16;

/// A set of indices below the length it was made for.
#[derive(Debug, Clone)]
pub(crate) enum Bits {
    Small([u64; WORDS]),
    Large(Vec<u64>),
}

impl Bits {
    /// An empty set of indices below `len`.
    pub(crate) fn new(len: usize) -> Bits {
        if len <= WORDS * 64 {
            Bits::Small([0; WORDS])
        } else {
            Bits::Large(vec![0; len.div_ceil(64)])
        }
    }

    fn words(&self) -> &[u64] {
        match self {
            Bits::Small(w) => w,
            Bits::Large(w) => w,
        }
    }

    /// Adds `i`; an index beyond the set's length is ignored.
    pub(crate) fn insert(&mut self, i: usize) {
        let words: &mut [u64] = match self {
            Bits::Small(w) => w,
            Bits::Large(w) => w,
        };
        if let Some(word) = words.get_mut(i / 64) {
            *word |= 1 << (i % 64);
        }
    }

    /// Whether `i` is in the set.
    pub(crate) fn contains(&self, i: usize) -> bool {
        self.words()
            .get(i / 64)
            .is_some_and(|w| w >> (i % 64) & 1 == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_large_sets_hold_what_is_inserted() {
        for len in [10, 1024, 5000] {
            let mut bits = Bits::new(len);
            for i in (0..len).step_by(7) {
                bits.insert(i);
            }
            for i in 0..len {
                assert_eq!(bits.contains(i), i % 7 == 0, "{len} {i}");
            }
            assert!(!bits.contains(len + 64));
        }
        assert!(matches!(Bits::new(1024), Bits::Small(_)));
        assert!(matches!(Bits::new(1025), Bits::Large(_)));
    }
}
