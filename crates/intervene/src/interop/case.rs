//! One case of an event log, from its rows to a history: the council's fields from the
//! case columns, each row's event read by the model straight from its cells.

use std::path::PathBuf;
use std::str::FromStr;

use super::import::ImportError;
use super::rows::{Role, Row, Rows};
use super::{CASE_COLUMNS, precision_name, qualifier};
use crate::model::{
    CouncilFields, Event, History, Kind, LoadErrorKind, PartialDate, Precision, event_from_text,
    history_from_events,
};

/// Builds a case's history, held by the model to the checks a file is.
pub(super) fn build(case: &str, rows: &Rows) -> Result<History, ImportError> {
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
    let first_line = rows.first_line().unwrap_or(0);
    let rows = rows.read().map_err(|line| ImportError::Malformed {
        line,
        case: Some(case.to_owned()),
        problem: "the row is not UTF-8 text".into(),
    })?;
    // Each council column's first value and line, and the first row that disagrees.
    let mut first: [Option<(&str, usize)>; CASE_COLUMNS.len()] = Default::default();
    let mut disagree: [Option<(&str, usize)>; CASE_COLUMNS.len()] = Default::default();
    for row in &rows {
        for at in 0..CASE_COLUMNS.len() {
            let Some(text) = row.get(Role::Council(at)) else {
                continue;
            };
            match first[at] {
                None => first[at] = Some((text, row.line)),
                Some((f, _)) if f != text && disagree[at].is_none() => {
                    disagree[at] = Some((text, row.line));
                }
                _ => {}
            }
        }
    }
    for (at, column) in CASE_COLUMNS.iter().enumerate() {
        if let (Some((v, line)), Some((f, first_at))) = (disagree[at], first[at]) {
            return Err(bad(
                line,
                format!(
                    "`{column}` is \"{v}\" here but \"{f}\" at line {first_at}: a case has one"
                ),
            ));
        }
    }
    let text = |at: usize| first[at].map(|(text, _)| text.to_owned());
    let list = |at: usize| {
        first[at].map_or_else(Vec::new, |(text, _)| {
            text.split(';')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect()
        })
    };
    let head_fault =
        |at: usize, problem: String| bad(first[at].map_or(first_line, |(_, l)| l), problem);
    let version = match first[4] {
        None => 1,
        Some((v, _)) => v
            .parse::<u32>()
            .ok()
            .filter(|v| (1..=crate::model::FORMAT_VERSION).contains(v))
            .ok_or_else(|| {
                head_fault(
                    4,
                    format!("`format_version` \"{v}\" is not a format version this tool reads"),
                )
            })?,
    };
    let recorded_until = first[5]
        .map(|(d, _)| PartialDate::from_str(d).map_err(|e| head_fault(5, e.to_string())))
        .transpose()?;
    let mut coverage = crate::model::Coverage::default();
    for pair in list(6) {
        let parsed = pair.split_once('=').and_then(|(kind, level)| {
            Some((
                Kind::from_str(kind).ok()?,
                crate::model::CoverageLevel::from_str(level).ok()?,
            ))
        });
        let Some((kind, level)) = parsed else {
            return Err(head_fault(
                6,
                format!("`coverage` entry \"{pair}\" is not kind=complete|published|partial"),
            ));
        };
        coverage.0.insert(kind, level);
    }
    let head = CouncilFields {
        council: case.to_owned(),
        name: text(0).unwrap_or_else(|| case.to_owned()),
        region: text(1),
        predecessors: list(2),
        successors: list(3),
        version,
        recorded_until,
        coverage,
    };
    let mut events = Vec::with_capacity(rows.len());
    for row in &rows {
        events.push(event(case, row)?);
    }
    let file = PathBuf::from(["<log>:", case, ".yaml"].concat());
    let history =
        history_from_events(file, head, events).map_err(|kind| invalid(first_line, kind))?;
    Ok(history)
}

/// One row's event: kind and qualifier from the activity, date from `date` or the
/// timestamp at its precision, the other cells as the event's fields.
fn event(case: &str, row: &Row<'_>) -> Result<Event, ImportError> {
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
    // A row has a handful of non-empty fields out of some thirty columns: gather them once.
    let mut fields: Vec<(&str, &str)> = Vec::with_capacity(8);
    row.push_fields(&mut fields);
    let named = |name: &str| fields.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
    let Some(activity) = row.get(Role::Activity) else {
        return Err(bad(
            "the row has no `activity` (the event kind, e.g. `inspection:inadequate`)".into(),
        ));
    };
    if named("kind").is_some() {
        return Err(bad(
            "`kind` is not a column of a log: the kind is the `activity`".into(),
        ));
    }
    let date = match row.get(Role::Date) {
        Some(date) => {
            timestamp_within(row, date).map_err(bad)?;
            date
        }
        None => date_from_timestamp(row).map_err(|problem| match problem {
            Ok(problem) => bad(problem),
            Err(kind) => invalid(kind),
        })?,
    };
    // Found byte by byte: an activity is a few ASCII letters, where a char search costs
    // more than the scan, and `:` is one byte in UTF-8 (so always a character boundary).
    let colon = activity.bytes().position(|b| b == b':');
    let (kind, qualified) =
        match colon.and_then(|at| activity.get(..at).zip(activity.get(at + 1..))) {
            Some((kind, qualified)) => (kind, Some(qualified)),
            None => (activity, None),
        };
    // The field the activity names after `:`, when the row does not give it itself.
    let mut implied = None;
    // An unknown kind is left for the model to name, with the kinds there are.
    if let (Some(qualified), Ok(kind)) = (qualified, Kind::from_str(kind)) {
        let Some(field) = qualifier(kind) else {
            return Err(bad(format!(
                "activity `{activity}`: a `{kind}` event has nothing to name after `:`"
            )));
        };
        match named(field) {
            Some(value) if value != qualified => {
                return Err(bad(format!(
                    "activity `{activity}` disagrees with `{field}` \"{value}\""
                )));
            }
            Some(_) => {}
            None => implied = Some((field, qualified)),
        }
    }
    let own = [("kind", kind), ("date", date)].into_iter().chain(implied);
    let cells = fields.iter().copied().chain(own);
    let mut event = event_from_text(cells).map_err(invalid)?;
    event.line = row.line;
    Ok(event)
}

/// Checks that a row's timestamp, if it has one, falls within its `date`: export writes
/// the date's first day, and a log where the two disagree is wrong in one of them.
fn timestamp_within(row: &Row<'_>, date: &str) -> Result<(), String> {
    let Some(timestamp) = row.get(Role::Timestamp) else {
        return Ok(());
    };
    let day = timestamp.split(['T', ' ']).next().unwrap_or_default();
    // Both written as dates are (YYYY-MM-DD, and its prefixes), a day within the date
    // starts with it: the check of nearly every row, without reading either.
    if day.starts_with(date) {
        return Ok(());
    }
    // A date that does not parse is the model's to name, with its own message.
    let (Ok(day), Ok(date_read)) = (PartialDate::from_str(day), PartialDate::from_str(date)) else {
        return Ok(());
    };
    match date_read.first() <= day.first() && day.last() <= date_read.last() {
        true => Ok(()),
        false => Err(format!(
            "`timestamp` {timestamp} is not within `date` {date}: they disagree (a timestamp is the first day the date can be)"
        )),
    }
}

/// The date a row's timestamp gives at its `date_precision`, as the model writes dates;
/// a problem of the row, or the model's complaint about the timestamp's date.
fn date_from_timestamp<'a>(row: &Row<'a>) -> Result<&'a str, Result<String, LoadErrorKind>> {
    let Some(timestamp) = row.get(Role::Timestamp) else {
        return Err(Ok("the row has no `timestamp` (or `date`)".into()));
    };
    let precision = match row.get(Role::DatePrecision) {
        None | Some("day") => Precision::Day,
        Some("month") => Precision::Month,
        Some("year") => Precision::Year,
        Some("up_to") => {
            return Err(Ok(
                "`date_precision` up_to needs the `date` column (`..YYYY-MM-DD`)".into(),
            ));
        }
        Some(other) => {
            return Err(Ok(format!(
                "`date_precision` is \"{other}\"; it takes day, month, year or up_to"
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
        Precision::Day | Precision::UpTo => day.len(),
        Precision::Month => 7,
        Precision::Year => 4,
    };
    Ok(day.get(..width).unwrap_or(day))
}
