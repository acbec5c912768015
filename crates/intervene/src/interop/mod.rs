//! Event logs for process-mining tools (PM4Py, ProM, Celonis): histories out as CSV,
//! JSON Lines or XES (IEEE 1849), and CSV or JSON Lines back in.
//!
//! A log has one row (XES: one `<event>`) per history event, councils one after another.
//! `case_id` is the council's slug, `activity` the event kind with its judgement or action
//! (`inspection:inadequate`, `direction:issued`), `timestamp` the first day its date can
//! be. `date` and `date_precision` keep the date as written (`2019-08`, `month`), so a
//! month is never read back as the 1st. The other columns are the event's fields under
//! their history-format names, and the council's `council_name`, `region`,
//! `predecessors` and `successors`; lists are joined with `;`.
//!
//! Import hands each row to the model as an event entry, read straight from its cells
//! ([`crate::model::event_from_text`]), so a log is held to exactly the rules a file is,
//! without the cost of writing it out as YAML and parsing it back.

mod case;
mod csv_rows;
mod export;
mod import;
mod rows;
mod seen;

pub use export::{CsvLog, to_csv, to_jsonl, to_xes, write_jsonl};
pub use import::{
    ImportError, RawCase, read_csv, read_csv_cases, read_csv_log, read_jsonl, read_jsonl_cases,
    read_jsonl_log,
};

/// The longest row of a CSV log (or line of a JSON Lines log) read, in bytes: as much as
/// a whole history file may hold. A longer one (an unterminated quote, a file that is
/// not a log) is an error at its line, and memory never holds more of it.
pub const MAX_ROW_BYTES: usize = 1 << 20;

use strum::IntoEnumIterator;

use crate::model::{Kind, Precision};

/// Columns about the case (the council) rather than the event, after `case_id`.
const CASE_COLUMNS: [&str; 7] = [
    "council_name",
    "region",
    "predecessors",
    "successors",
    "format_version",
    "recorded_until",
    "coverage",
];

/// Every column of a log, in the order CSV writes them.
fn columns() -> Vec<&'static str> {
    let mut columns = vec!["case_id", "activity", "timestamp", "date", "date_precision"];
    columns.extend(CASE_COLUMNS);
    columns.extend(["scope", "fieldwork_end", "published", "source", "note"]);
    for field in Kind::iter().flat_map(Kind::fields) {
        if !columns.contains(field) {
            columns.push(field);
        }
    }
    columns
}

/// The field a kind's activity names after `:` (`inspection:inadequate`), if it has one.
fn qualifier(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Inspection => Some("judgement"),
        Kind::ImprovementNotice | Kind::Direction => Some("action"),
        Kind::CommissionerReport => Some("recommendation"),
        Kind::ProgressReview | Kind::SendInspection => Some("outcome"),
        Kind::ServicesTransferred => Some("to"),
        Kind::ActionPlan => Some("stage"),
        _ => None,
    }
}

/// The `date_precision` name of a precision.
fn precision_name(precision: Precision) -> &'static str {
    match precision {
        Precision::Day => "day",
        Precision::Month => "month",
        Precision::Year => "year",
        Precision::UpTo => "up_to",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_hold_every_field_once() {
        let columns = columns();
        for kind in Kind::iter() {
            for field in kind.fields() {
                assert_eq!(columns.iter().filter(|c| *c == field).count(), 1, "{field}");
            }
        }
        assert_eq!(&columns[..3], ["case_id", "activity", "timestamp"]);
    }
}
