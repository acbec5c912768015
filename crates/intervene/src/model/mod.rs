//! The history file format (version 1): a council and its dated, sourced events.
//!
//! Reading is strict: an unknown field, kind or value is an error that names the file
//! and line, so a typo in a history is never silently ignored.

mod date;
mod error;
mod event;
mod history;
mod load;
mod write;
pub mod years;

pub use date::{DateParseError, PartialDate, Precision};
pub use error::{LoadError, LoadErrorKind};
pub use event::{
    Action, CommissionerRecommendation, Event, EventKind, Framework, InspectionType, Judgement,
    Kind, KindWords, PlanStage, ProgressOutcome, Requirement, Scope, SendOutcome,
    TransferArrangement, TransferTo,
};
pub use history::History;
pub use load::{
    CouncilFields, MAX_HISTORY_BYTES, event_from_text, history_from_events, load_history,
    parse_history,
};
pub use write::write_history;
