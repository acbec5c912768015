//! One case of an event log, from its rows to a history: the council's fields from the
//! case columns, each row's event read by the model straight from its cells.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::cell::{Cell, fields};
use super::import::ImportError;
use super::{CASE_COLUMNS, LIST_FIELDS, precision_name, qualifier};
use crate::model::{
    Event, History, Kind, LoadErrorKind, PartialDate, Precision, event_from, history_from_events,
};

/// The log columns that are not event fields.
const LOG_COLUMNS: [&str; 5] = ["case_id", "activity", "timestamp", "date", "date_precision"];

/// A row's cells as read.
pub(super) enum Cells {
    /// A CSV record, with the log's header.
    Csv {
        header: Arc<[String]>,
        record: csv::StringRecord,
    },
    /// A JSON Lines object, its values as cell text (`true`, `a;b`).
    Json(Vec<(String, String)>),
}

/// One row of a log: its line and cells.
pub(super) struct Row {
    pub line: usize,
    pub cells: Cells,
}

impl Row {
    /// The row's non-empty cells, gathered once: most cells of a log are empty, and a
    /// row is asked for a dozen columns.
    fn present(&self) -> Present<'_> {
        let cells = match &self.cells {
            Cells::Csv { header, record } => header
                .iter()
                .map(String::as_str)
                .zip(record.iter())
                .filter(|(_, text)| !text.is_empty())
                .collect(),
            Cells::Json(cells) => cells
                .iter()
                .filter(|(_, text)| !text.is_empty())
                .map(|(c, t)| (c.as_str(), t.as_str()))
                .collect(),
        };
        Present {
            line: self.line,
            cells,
        }
    }
}

/// A row's non-empty cells, column name and text.
struct Present<'a> {
    line: usize,
    cells: Vec<(&'a str, &'a str)>,
}

impl<'a> Present<'a> {
    /// The text of a column, if the row has it and it is not empty.
    fn get(&self, column: &str) -> Option<&'a str> {
        self.cells
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, text)| *text)
    }
}

/// Builds a case's history, held by the model to the checks a file is.
pub(super) fn build(case: &str, rows: &[Row]) -> Result<History, ImportError> {
    let rows: Vec<Present> = rows.iter().map(Row::present).collect();
    let bad = |line: usize, problem: String| ImportError::BadRow {
        line,
        case: case.to_owned(),
        problem,
    };
    let invalid = |line: usize, kind: LoadErrorKind| ImportError::Invalid {
        line,
        case: case.to_owned(),
        kind,
    };
    let first_line = rows.first().map_or(0, |row| row.line);
    let mut head = Map::new();
    head.insert("council".into(), case.into());
    head.insert("name".into(), case.into());
    for (column, key) in CASE_COLUMNS
        .iter()
        .zip(["name", "region", "predecessors", "successors"])
    {
        let mut first: Option<(&str, usize)> = None;
        for row in &rows {
            match (row.get(column), first) {
                (Some(v), None) => first = Some((v, row.line)),
                (Some(v), Some((f, at))) if v != f => {
                    return Err(bad(
                        row.line,
                        format!(
                            "`{column}` is \"{v}\" here but \"{f}\" at line {at}: a case has one"
                        ),
                    ));
                }
                _ => {}
            }
        }
        if let Some((text, _)) = first {
            let value = if LIST_FIELDS.contains(column) {
                text.split(';')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(Value::from)
                    .collect()
            } else {
                Value::from(text)
            };
            head.insert(key.into(), value);
        }
    }
    let events = rows
        .iter()
        .map(|row| event(case, row))
        .collect::<Result<Vec<_>, _>>()?;
    let path = PathBuf::from(format!("{case}.yaml"));
    let mut history =
        history_from_events(&path, head, events).map_err(|kind| invalid(first_line, kind))?;
    history.file = PathBuf::from(format!("<log>:{}", path.display()));
    Ok(history)
}

/// One row's event: kind and qualifier from the activity, date from `date` or the
/// timestamp at its precision, the other cells as the event's fields.
fn event(case: &str, row: &Present) -> Result<Event, ImportError> {
    let bad = |problem: String| ImportError::BadRow {
        line: row.line,
        case: case.to_owned(),
        problem,
    };
    let invalid = |kind: LoadErrorKind| ImportError::Invalid {
        line: row.line,
        case: case.to_owned(),
        kind,
    };
    let Some(activity) = row.get("activity") else {
        return Err(bad(
            "the row has no `activity` (the event kind, e.g. `inspection:inadequate`)".into(),
        ));
    };
    if row.get("kind").is_some() {
        return Err(bad(
            "`kind` is not a column of a log: the kind is the `activity`".into(),
        ));
    }
    let date = match row.get("date") {
        Some(date) => date,
        None => date_from_timestamp(row).map_err(|problem| match problem {
            Ok(problem) => bad(problem),
            Err(kind) => invalid(kind),
        })?,
    };
    let (kind, named) = match activity.split_once(':') {
        Some((kind, named)) => (kind, Some(named)),
        None => (activity, None),
    };
    // The field the activity names after `:`, when the row does not give it itself.
    let mut implied = None;
    // An unknown kind is left for the model to name, with the kinds there are.
    if let (Some(named), Ok(kind)) = (named, Kind::from_str(kind)) {
        let Some(field) = qualifier(kind) else {
            return Err(bad(format!(
                "activity `{activity}`: a `{kind}` event has nothing to name after `:`"
            )));
        };
        match row.get(field) {
            Some(value) if value != named => {
                return Err(bad(format!(
                    "activity `{activity}` disagrees with `{field}` \"{value}\""
                )));
            }
            Some(_) => {}
            None => implied = Some((field, named)),
        }
    }
    let own = [("kind", kind), ("date", date)].into_iter().chain(implied);
    let cells = row
        .cells
        .iter()
        .copied()
        .filter(|(c, _)| !LOG_COLUMNS.contains(c) && !CASE_COLUMNS.contains(c))
        .chain(own)
        .map(|(column, text)| (column, Cell { column, text }));
    let mut event = event_from(fields(cells)).map_err(invalid)?;
    event.line = row.line;
    Ok(event)
}

/// The date a row's timestamp gives at its `date_precision`, as the model writes dates;
/// a problem of the row, or the model's complaint about the timestamp's date.
fn date_from_timestamp<'a>(row: &Present<'a>) -> Result<&'a str, Result<String, LoadErrorKind>> {
    let Some(timestamp) = row.get("timestamp") else {
        return Err(Ok("the row has no `timestamp` (or `date`)".into()));
    };
    let precision = match row.get("date_precision") {
        None | Some("day") => Precision::Day,
        Some("month") => Precision::Month,
        Some("year") => Precision::Year,
        Some(other) => {
            return Err(Ok(format!(
                "`date_precision` is \"{other}\"; it takes day, month or year"
            )));
        }
    };
    // `2019-08-01`, `2019-08-01T00:00:00.000+00:00` or `2019-08-01 00:00:00`: the date part.
    let day = timestamp.split(['T', ' ']).next().unwrap_or_default();
    let date = PartialDate::from_str(day).map_err(|e| Err(LoadErrorKind::from(e)))?;
    if date.precision() > precision {
        return Err(Ok(format!(
            "timestamp `{timestamp}` is coarser than `date_precision` {}",
            precision_name(precision)
        )));
    }
    // The date parsed, so it is `YYYY-MM-DD`, `YYYY-MM` or `YYYY` at least as fine as the
    // precision asked for: the coarser date is its prefix.
    let width = match precision {
        Precision::Day => day.len(),
        Precision::Month => 7,
        Precision::Year => 4,
    };
    Ok(day.get(..width).unwrap_or(day))
}
