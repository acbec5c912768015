//! The cases a log has shown so far, for the check that a case's rows are contiguous.
//!
//! Keeping every case id grows with the log (about 125 bytes a council). A log read from
//! a file instead keeps a Bloom filter of fixed size: a case it has certainly not seen
//! costs nothing more; one it may have seen (a real repeat, or rarely a false positive)
//! is looked for exactly by reading the log again from its start up to the case's line.
//! So memory is the same for any log, and a false positive never makes a wrong error.
//! A log that cannot be read again (a stream of bytes given by a caller) keeps the ids.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// Finds, by reading a log again, the first line of a case's rows before a line.
pub(super) type Recheck = Box<dyn FnMut(&str, usize) -> Option<usize> + Send>;

/// Bits of the filter, as a power of two: 2^27 bits are 16 MiB. With [`HASHES`] bits a
/// case, a log of a million cases has a false positive about once in ten billion
/// lookups; of four million, a few times in all (each a re-read of the log up to it).
const FILTER_BITS_LOG2: u32 = 27;

/// Bits set per case.
const HASHES: u64 = 7;

/// The cases seen so far.
pub(super) enum Seen {
    /// Every case id with the first line of its rows.
    Exact(HashMap<String, usize>),
    /// A Bloom filter, with an exact look in the log itself when it may have the case.
    Filtered {
        /// The filter's bits.
        words: Vec<u64>,
        /// The number of bits, less one (a power of two, less one).
        mask: u64,
        /// Reads the log again.
        recheck: Recheck,
    },
}

impl Seen {
    /// Keeps every case id: for a log that cannot be read again.
    pub fn exact() -> Self {
        Self::Exact(HashMap::new())
    }

    /// Keeps a filter of fixed size, and reads the log again with `recheck` when it may
    /// hold a case.
    pub fn filtered(recheck: Recheck) -> Self {
        Self::with_filter_bits(FILTER_BITS_LOG2, recheck)
    }

    /// A filter of 2^`log2` bits (small in tests, to make false positives).
    pub fn with_filter_bits(log2: u32, recheck: Recheck) -> Self {
        let bits = 1u64 << log2.clamp(6, 40);
        Self::Filtered {
            words: vec![0; usize::try_from(bits / 64).unwrap_or(1)],
            mask: bits - 1,
            recheck,
        }
    }

    /// Notes that a run of `case`'s rows starts at `line`; returns the first line of an
    /// earlier run of its rows, if there was one.
    pub fn earlier_run(&mut self, case: &str, line: usize) -> Option<usize> {
        match self {
            Self::Exact(seen) => match seen.get(case) {
                Some(&first) => Some(first),
                None => {
                    seen.insert(case.to_owned(), line);
                    None
                }
            },
            Self::Filtered {
                words,
                mask,
                recheck,
            } => {
                let mut hasher = std::hash::DefaultHasher::new();
                case.hash(&mut hasher);
                let hash = hasher.finish();
                // Two hashes from one (Kirsch and Mitzenmacher): the low and high halves.
                let (h1, h2) = (hash & 0xffff_ffff, (hash >> 32) | 1);
                let mut present = true;
                for i in 0..HASHES {
                    let bit = h1.wrapping_add(i.wrapping_mul(h2)) & *mask;
                    let (word, within) = (usize::try_from(bit / 64).unwrap_or(0), bit % 64);
                    if let Some(word) = words.get_mut(word) {
                        present &= *word & (1 << within) != 0;
                        *word |= 1 << within;
                    }
                }
                // Maybe seen: only the log itself can say.
                if present { recheck(case, line) } else { None }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_filter_asks_the_log_and_believes_it() {
        // Four cases, the last two said to appear earlier in the log.
        let log = ["a", "b", "c", "d"];
        let recheck: Recheck = Box::new(move |case, before| {
            (case == "c" || case == "d").then_some(before.saturating_sub(10))
        });
        // 64 bits with 7 a case: after a few cases nearly every lookup is positive.
        let mut seen = Seen::with_filter_bits(6, recheck);
        let found: Vec<Option<usize>> = (0..40)
            .map(|i| seen.earlier_run(log[i % 4], 100 + i))
            .collect();
        // A case the log does not repeat is never reported, however full the filter.
        for (i, first) in found.iter().enumerate() {
            match log[i % 4] {
                "a" | "b" => assert_eq!(*first, None, "{i}"),
                _ if i >= 4 => assert_eq!(*first, Some(90 + i), "{i}"),
                _ => {}
            }
        }
    }

    #[test]
    fn exact_keeps_the_first_line() {
        let mut seen = Seen::exact();
        assert_eq!(seen.earlier_run("a", 2), None);
        assert_eq!(seen.earlier_run("b", 3), None);
        assert_eq!(seen.earlier_run("a", 9), Some(2));
    }
}
