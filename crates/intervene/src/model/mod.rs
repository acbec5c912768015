//! The history file format (versions 1 and 2): a council and its dated, sourced events.
//!
//! Reading is strict: an unknown field, kind or value is an error that names the file
//! and line, so a typo in a history is never silently ignored.

mod date;
mod error;
mod event;
mod history;
mod load;
mod registry;
mod schema;
mod write;
pub mod years;

pub use date::UP_TO_DAYS;
pub use date::{DateParseError, PartialDate, Precision};
pub use error::{LoadError, LoadErrorKind};
pub use event::{
    Action, Citation, CommissionerRecommendation, CouncilResponse, Event, EventKind, Framework,
    InspectionType, Judgement, Kind, KindWords, Owner, PlanStage, ProgressOutcome, Requirement,
    Scope, SendOutcome, TransferArrangement, TransferTo,
};
pub use history::{Coverage, CoverageLevel, History};
pub use load::{
    CouncilFields, FORMAT_VERSION, MAX_HISTORY_BYTES, event_from_text, history_from_events,
    load_history, parse_history, parse_unnamed_history,
};
pub use registry::{Covers, REGISTRY_FILE, Registry, SourceEntry, SourceKind};
pub use schema::{history_schema, history_schema_text};
pub use write::write_history;
