//! The generator as a proptest strategy (feature `proptest`).

use proptest::prelude::{Strategy, any};

use super::{Generated, Shape, generate};
use crate::rules::RuleSet;

/// Valid histories for property tests: each case is the walk from a random seed, so a
/// failing case is reproduced by its seed (proptest prints it).
pub fn histories(rules: RuleSet, shape: Shape) -> impl Strategy<Value = (u64, Generated)> {
    any::<u64>().prop_map(move |seed| (seed, generate(seed, "generated", &rules, shape)))
}
