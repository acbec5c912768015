//! Replays a council's history through the machine and the rules, into findings.
//!
//! Events are replayed in date order (events whose dates overlap keep their file order).
//! Each event first meets or ends the expectations already open, then moves the machine
//! (whose violations become `transition.*` findings), then opens the expectations of the
//! rules it triggers. What is still open at the end is `missing` if overdue as of the
//! day given.

mod expectation;
mod finding;
mod input;
mod order;
mod replay;

pub use crate::calendar::DateRange;
pub use finding::{CouncilReport, Due, EventRef, Finding, Verdict};
pub use input::{INPUT_CHECKS, input_findings};
pub use order::replay_order;
pub use replay::{OpenStep, ReplayEnd, check, replay};
