//! The cases a log has shown so far, for the check that a case's rows are contiguous.
//!
//! Keeping every case id grows with the log (about 125 bytes a council). A log read from
//! a file instead keeps a Bloom filter of fixed size: a case it has certainly not seen
//! costs nothing more; one it may have seen (a real repeat, or rarely a false positive)
//! is looked for exactly by reading the log again from its start up to the case's line.
//! So a false positive never makes a wrong error, and memory is the same for any log up
//! to [`CASES_PER_FILTER`] cases; past that a further filter of the same size is started
//! for each as many more (8 bytes a case), so that re-reads stay rare at any size. A log
//! that cannot be read again (a stream of bytes given by a caller) keeps the ids.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// Finds, by reading a log again, the first line of a case's rows before a line.
pub(super) type Recheck = Box<dyn FnMut(&str, usize) -> Option<usize> + Send>;

/// Bits of a filter, as a power of two: 2^27 bits are 16 MiB. With [`HASHES`] bits a
/// case, a filter holding a million cases gives a false positive about once in ten
/// billion lookups, and one holding [`CASES_PER_FILTER`] once in ten million.
const FILTER_BITS_LOG2: u32 = 27;

/// Cases a filter takes before the next is started: 67 bits a case.
pub(super) const CASES_PER_FILTER: usize = 2_000_000;

/// Bits set per case.
const HASHES: u64 = 7;

/// The cases seen so far.
pub(super) enum Seen {
    /// Every case id with the first line of its rows.
    Exact(HashMap<String, usize>),
    /// Bloom filters, with an exact look in the log itself when one may have the case.
    Filtered {
        /// Each filter's bits; the last takes new cases.
        filters: Vec<Vec<u64>>,
        /// The number of bits of each, less one (a power of two, less one).
        mask: u64,
        /// Cases put in the last filter.
        in_last: usize,
        /// Cases a filter takes.
        capacity: usize,
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
        Self::with_filter_bits(FILTER_BITS_LOG2, CASES_PER_FILTER, recheck)
    }

    /// Filters of 2^`log2` bits taking `capacity` cases each (small in tests, to make
    /// false positives).
    pub fn with_filter_bits(log2: u32, capacity: usize, recheck: Recheck) -> Self {
        let bits = 1u64 << log2.clamp(6, 40);
        Self::Filtered {
            filters: vec![vec![0; usize::try_from(bits / 64).unwrap_or(1)]],
            mask: bits - 1,
            in_last: 0,
            capacity: capacity.max(1),
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
                filters,
                mask,
                in_last,
                capacity,
                recheck,
            } => {
                let mut hasher = std::hash::DefaultHasher::new();
                case.hash(&mut hasher);
                let hash = hasher.finish();
                // Two hashes from one (Kirsch and Mitzenmacher): the low and high halves.
                let (h1, h2) = (hash & 0xffff_ffff, (hash >> 32) | 1);
                let bits: [(usize, u64); HASHES as usize] = std::array::from_fn(|i| {
                    let bit = h1.wrapping_add((i as u64).wrapping_mul(h2)) & *mask;
                    (usize::try_from(bit / 64).unwrap_or(0), 1 << (bit % 64))
                });
                let in_filter = |words: &Vec<u64>| {
                    bits.iter()
                        .all(|&(word, bit)| words.get(word).is_some_and(|w| w & bit != 0))
                };
                // Maybe seen: only the log itself can say.
                if filters.iter().any(in_filter)
                    && let Some(first) = recheck(case, line)
                {
                    return Some(first);
                }
                if *in_last >= *capacity {
                    let words = filters.first().map_or(1, Vec::len);
                    filters.push(vec![0; words]);
                    *in_last = 0;
                }
                if let Some(last) = filters.last_mut() {
                    for &(word, bit) in &bits {
                        if let Some(w) = last.get_mut(word) {
                            *w |= bit;
                        }
                    }
                }
                *in_last += 1;
                None
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
        let mut seen = Seen::with_filter_bits(6, 3, recheck);
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
    fn a_full_filter_gives_way_to_a_new_one() {
        let recheck: Recheck = Box::new(|_, _| None);
        let mut seen = Seen::with_filter_bits(12, 10, recheck);
        for i in 0..35 {
            assert_eq!(seen.earlier_run(&format!("case-{i}"), i), None);
        }
        match seen {
            Seen::Filtered { filters, .. } => assert_eq!(filters.len(), 4),
            Seen::Exact(_) => panic!("a filter was asked for"),
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
