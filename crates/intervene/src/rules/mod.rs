//! The timing rules of the process, as data: each with its source and the dates it was in
//! force. They live in YAML (`rules/*.yaml`), are built into the binary, and can be
//! replaced by a user's own set (`--rules DIR`).
//!
//! A rule says: after a trigger event (or another rule's deadline), expect an event of
//! some kind within a deadline, while the council stays in given states. The vocabulary
//! (event kinds, states, units) is the model's and the machine's; the numbers, dates,
//! severities and sources are the files'.

pub mod bounds;
mod clock;
mod error;
mod load;
mod rule;
mod source;

pub use error::{RuleError, RuleErrorKind};
pub use load::BUNDLED_FILES;
pub use rule::{
    Anchor, AnchorPoint, Condition, Deadline, EventMatch, Examples, Period, Rule, RuleKind,
    RuleSet, Severity, Start, StateSet, Suspension, TransitionRule, Trigger,
};
pub use source::{Basis, Document, cite, names_project_file};
