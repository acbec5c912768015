//! Event logs back in: CSV and JSON Lines, read as a stream of cases.
//!
//! A case's rows must be contiguous. Rows are read until the case id changes; the case is
//! then built ([`RawCase::build`]: the model reads each row as an event entry), so memory
//! holds one case at a time and every check and message is the model's own.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::MAX_ROW_BYTES;
use super::case::build;
use super::csv_rows::CsvRows;
use super::rows::{Columns, Rows};
use super::seen::{Recheck, Seen};
use crate::model::{History, LoadErrorKind};

/// Why part of an event log could not be read: each names the log's 1-based line (in CSV
/// the header is line 1) and, when known, the case. A bad case does not stop the others.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The text is not CSV or JSON, or a row is not the table's shape.
    #[error("line {line}: {problem}")]
    Malformed {
        /// The log line.
        line: usize,
        /// The row's case, when it could be read.
        case: Option<String>,
        /// What is wrong.
        problem: String,
    },
    /// The CSV header lacks a required column; nothing of the log can be read.
    #[error("line 1: the log has no `{column}` column; it needs case_id, activity and timestamp")]
    MissingColumn {
        /// The column.
        column: &'static str,
    },
    /// A row's log columns (activity, timestamp, precision, case columns) are wrong.
    #[error("line {line}: case `{case}`: {problem}")]
    BadRow {
        /// The log line.
        line: usize,
        /// The case.
        case: String,
        /// What is wrong.
        problem: String,
    },
    /// The history format rejects the case, as it would reject the same file.
    #[error("line {line}: case `{case}`: {kind}")]
    Invalid {
        /// The log line of the event at fault (the case's first row for council fields).
        line: usize,
        /// The case.
        case: String,
        /// What the model says is wrong.
        kind: LoadErrorKind,
    },
    /// The case's rows appear again after another case's.
    #[error(
        "line {line}: case `{case}` appears again after other cases (first at line {first}): a case's rows must be contiguous"
    )]
    NotContiguous {
        /// The first line of the later run of rows.
        line: usize,
        /// The case.
        case: String,
        /// The first line of its first run.
        first: usize,
    },
}

impl ImportError {
    /// The 1-based log line the error is about.
    pub fn line(&self) -> usize {
        match self {
            Self::MissingColumn { .. } => 1,
            Self::Malformed { line, .. }
            | Self::BadRow { line, .. }
            | Self::Invalid { line, .. }
            | Self::NotContiguous { line, .. } => *line,
        }
    }

    /// The case the error is about, when known.
    pub fn case(&self) -> Option<&str> {
        match self {
            Self::MissingColumn { .. } => None,
            Self::Malformed { case, .. } => case.as_deref(),
            Self::BadRow { case, .. } | Self::Invalid { case, .. } => Some(case),
            Self::NotContiguous { case, .. } => Some(case),
        }
    }
}

/// A JSON Lines value as cell text, as CSV would hold it: booleans `true` or `false`,
/// lists `;`-joined, null empty.
fn json_text(value: Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text,
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(";"),
        other => other.to_string(),
    }
}

/// The error of a row that names no case.
pub(super) fn no_case(line: usize) -> ImportError {
    ImportError::Malformed {
        line,
        case: None,
        problem: "the row has no `case_id` (a text naming the council)".into(),
    }
}

/// A case's rows as read, in log order, not yet held to the history format. Building it
/// is most of the work of reading a log, so it is a step of its own that can run on
/// another thread while the log is read on.
pub struct RawCase {
    case: String,
    rows: Rows,
}

impl RawCase {
    /// The case id: the council's slug as the log gives it.
    pub fn case(&self) -> &str {
        &self.case
    }

    /// Builds the case's history, held by the model to the checks a file is.
    pub fn build(self) -> Result<History, ImportError> {
        build(&self.case, &self.rows)
    }
}

/// Reads a CSV event log (a header row, then one row per event) as a stream of histories,
/// one per case, each yielded as soon as its last row is read.
///
/// Required columns are `case_id`, `activity` and `timestamp`; `date_precision` defaults
/// to `day`, and a `date` column wins over both. Each event's `line` is its log line; each
/// history's `file` is `<log>:CASE.yaml` (callers set the log's own path).
pub fn read_csv<R: Read>(reader: R) -> impl Iterator<Item = Result<History, ImportError>> {
    read_csv_cases(reader).map(|case| case.and_then(RawCase::build))
}

/// Reads a CSV event log as [`read_csv`] does, but yields each case unbuilt, so callers
/// can build (and check) cases in parallel while the log is read in order.
pub fn read_csv_cases<R: Read>(reader: R) -> impl Iterator<Item = Result<RawCase, ImportError>> {
    Cases::new(CsvRows::new(reader), Seen::exact())
}

/// Reads a CSV event log as [`read_csv_cases`] does, from a file that `open` opens (once
/// to read it, and again only to re-check a case the contiguity filter may have seen),
/// so memory stays the same however many cases the log holds.
pub fn read_csv_log<R, F>(
    open: F,
) -> std::io::Result<impl Iterator<Item = Result<RawCase, ImportError>>>
where
    R: Read,
    F: Fn() -> std::io::Result<R> + Send + 'static,
{
    let reader = open()?;
    let recheck: Recheck = Box::new(move |case, before| {
        let rows = CsvRows::new(open().ok()?);
        first_line_of(rows, case, before)
    });
    Ok(Cases::new(CsvRows::new(reader), Seen::filtered(recheck)))
}

/// The first line before `before` of a row of `case`, reading `rows` from their start.
fn first_line_of(mut rows: impl RowSource, case: &str, before: usize) -> Option<usize> {
    while let Some(row) = rows.advance() {
        if rows.line() >= before {
            return None;
        }
        let of_case = match &row {
            Ok(()) => rows.case() == case,
            Err(e) => e.case() == Some(case),
        };
        if of_case {
            return Some(match row {
                Ok(()) => rows.line(),
                Err(e) => e.line(),
            });
        }
    }
    None
}

/// A source of rows read one at a time: the current row stays readable until the next.
pub(super) trait RowSource {
    /// Reads the next row: `None` at the end of the log, an error for a row that cannot
    /// be read (which names its case when it can).
    fn advance(&mut self) -> Option<Result<(), ImportError>>;
    /// The current row's case.
    fn case(&self) -> &str;
    /// The current row's log line.
    fn line(&self) -> usize;
    /// Adds the current row to its case's rows.
    fn append_to(&self, rows: &mut Rows);
    /// The log's columns as far as they are known.
    fn columns(&self) -> Arc<Columns>;
}

/// Reads a JSON Lines event log (one object per line, with the CSV's columns as keys) as
/// a stream of histories, one per case, each yielded as soon as its last line is read.
///
/// Lists may be JSON arrays or `;`-joined strings; blank lines are skipped.
pub fn read_jsonl<R: Read>(reader: R) -> impl Iterator<Item = Result<History, ImportError>> {
    read_jsonl_cases(reader).map(|case| case.and_then(RawCase::build))
}

/// Reads a JSON Lines event log as [`read_jsonl`] does, but yields each case unbuilt.
pub fn read_jsonl_cases<R: Read>(reader: R) -> impl Iterator<Item = Result<RawCase, ImportError>> {
    Cases::new(JsonRows::new(reader), Seen::exact())
}

/// Reads a JSON Lines event log as [`read_jsonl_cases`] does, from a file that `open`
/// opens, in the same memory for any number of cases (see [`read_csv_log`]).
pub fn read_jsonl_log<R, F>(
    open: F,
) -> std::io::Result<impl Iterator<Item = Result<RawCase, ImportError>>>
where
    R: Read,
    F: Fn() -> std::io::Result<R> + Send + 'static,
{
    let reader = open()?;
    let recheck: Recheck =
        Box::new(move |case, before| first_line_of(JsonRows::new(open().ok()?), case, before));
    Ok(Cases::new(JsonRows::new(reader), Seen::filtered(recheck)))
}

/// A JSON object's members in order, refusing a key given twice (serde_json's own map
/// would keep the last silently).
struct Members(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Object;
        impl<'de> Visitor<'de> for Object {
            type Value = Members;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members: Vec<(String, Value)> = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Value>()? {
                    if members.iter().any(|(k, _)| *k == key) {
                        return Err(serde::de::Error::custom(format!(
                            "the key `{key}` is given twice: an event names each field once"
                        )));
                    }
                    members.push((key, value));
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(Object)
    }
}

/// The rows of a JSON Lines log, one object per line.
struct JsonRows<R> {
    reader: BufReader<R>,
    /// Reading failed: nothing more can be read.
    done: bool,
    line: usize,
    buf: Vec<u8>,
    /// Every key seen so far: objects need not share theirs.
    columns: Arc<Columns>,
    case: String,
    /// The current object's values as cell text, by column.
    cells: Vec<(usize, String)>,
}

impl<R: Read> JsonRows<R> {
    fn new(reader: R) -> Self {
        Self {
            reader: BufReader::new(reader),
            done: false,
            line: 0,
            buf: Vec::new(),
            columns: Arc::new(Columns::default()),
            case: String::new(),
            cells: Vec::new(),
        }
    }

    /// Reads the next line into `buf`, at most [`MAX_ROW_BYTES`] of it: false at the end
    /// of the log, or true with a longer line skipped to its end (`buf` then holds more
    /// than the limit and no newline).
    fn read_line(&mut self) -> std::io::Result<bool> {
        let limit = u64::try_from(MAX_ROW_BYTES).unwrap_or(u64::MAX);
        let read = (&mut self.reader)
            .take(limit + 1)
            .read_until(b'\n', &mut self.buf)?;
        if read == 0 {
            return Ok(false);
        }
        if self.buf.len() > MAX_ROW_BYTES && self.buf.last() != Some(&b'\n') {
            loop {
                let chunk = self.reader.fill_buf()?;
                if chunk.is_empty() {
                    break;
                }
                match memchr::memchr(b'\n', chunk) {
                    Some(at) => {
                        self.reader.consume(at + 1);
                        break;
                    }
                    None => {
                        let all = chunk.len();
                        self.reader.consume(all);
                    }
                }
            }
        }
        Ok(true)
    }
}

impl<R: Read> RowSource for JsonRows<R> {
    fn advance(&mut self) -> Option<Result<(), ImportError>> {
        loop {
            if self.done {
                return None;
            }
            self.buf.clear();
            self.line += 1;
            let line = self.line;
            let malformed = |problem: String| {
                Some(Err(ImportError::Malformed {
                    line,
                    case: None,
                    problem,
                }))
            };
            match self.read_line() {
                Ok(false) => return None,
                Ok(true) => {}
                Err(e) => {
                    self.done = true;
                    return malformed(format!("cannot read the log: {e}"));
                }
            }
            if self.buf.len() > MAX_ROW_BYTES {
                return malformed(format!(
                    "the line is longer than {MAX_ROW_BYTES} bytes, the most a line may be"
                ));
            }
            let Ok(text) = std::str::from_utf8(&self.buf) else {
                return malformed("the line is not UTF-8 text".into());
            };
            if text.trim().is_empty() {
                continue;
            }
            if !text.trim_start().starts_with('{') {
                return match serde_json::from_str::<Value>(text) {
                    Ok(_) => malformed(
                        "the line is not a JSON object: each line of the log is one event, `{\"case_id\": …}`".into(),
                    ),
                    Err(e) => malformed(format!("the line is not JSON: {e}")),
                };
            }
            let object = match serde_json::from_str::<Members>(text) {
                Ok(Members(object)) => object,
                // A key given twice: the message says so.
                Err(e) if e.is_data() => return malformed(e.to_string()),
                Err(e) => return malformed(format!("the line is not JSON: {e}")),
            };
            let case = object.iter().find(|(k, _)| k == "case_id").map(|(_, v)| v);
            return Some(match case {
                Some(Value::String(case)) if !case.is_empty() => {
                    self.case.clone_from(case);
                    self.cells.clear();
                    for (key, value) in object {
                        let column = self.columns.index_or_add(&key);
                        self.cells.push((column, json_text(value)));
                    }
                    Ok(())
                }
                Some(Value::Number(n)) => Err(ImportError::Malformed {
                    line,
                    case: None,
                    problem: format!(
                        "`case_id` is the number {n}: a case id is the council's slug, a JSON string (\"{n}\")"
                    ),
                }),
                Some(other @ (Value::Bool(_) | Value::Array(_) | Value::Object(_))) => {
                    Err(ImportError::Malformed {
                        line,
                        case: None,
                        problem: format!(
                            "`case_id` is {}: a case id is the council's slug, a JSON string",
                            match other {
                                Value::Bool(_) => "true or false",
                                Value::Array(_) => "a list",
                                _ => "an object",
                            }
                        ),
                    })
                }
                _ => Err(no_case(line)),
            });
        }
    }

    fn case(&self) -> &str {
        &self.case
    }

    fn line(&self) -> usize {
        self.line
    }

    fn append_to(&self, rows: &mut Rows) {
        // Rows hold a cell per column, in column order.
        let mut by_column = vec![""; self.columns.len()];
        for (column, text) in &self.cells {
            if let Some(cell) = by_column.get_mut(*column) {
                *cell = text;
            }
        }
        // Each cell followed by a separator, as rows hold them.
        let text: String = by_column.iter().flat_map(|cell| [cell, ","]).collect();
        let ends: Vec<usize> = by_column
            .iter()
            .scan(0, |start, cell| {
                let end = *start + cell.len();
                *start = end + 1;
                Some(end)
            })
            .collect();
        rows.push(self.line, text.as_bytes(), &ends);
    }

    fn columns(&self) -> Arc<Columns> {
        Arc::clone(&self.columns)
    }
}

/// Groups a stream of rows into cases.
struct Cases<S> {
    source: S,
    /// The row (or a row's error) read ahead: the start of the next case. When it is a
    /// row, it is the source's current row.
    ahead: Option<Result<(), ImportError>>,
    /// The cases seen so far, for the contiguity check.
    seen: Seen,
    /// Errors of rows that name no case, met while a case was gathered: each is yielded
    /// on its own once that case is, so no case is lost to a bad row inside it.
    pending: VecDeque<ImportError>,
    /// Something (a case or an error) has been yielded.
    yielded: bool,
    /// The current case's rows as they are gathered, in buffers reused case to case.
    gathering: Rows,
}

impl<S: RowSource> Cases<S> {
    fn new(source: S, seen: Seen) -> Self {
        Self {
            source,
            ahead: None,
            seen,
            pending: VecDeque::new(),
            yielded: false,
            gathering: Rows::new(Arc::new(Columns::default())),
        }
    }
}

impl<S: RowSource> Iterator for Cases<S> {
    type Item = Result<RawCase, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.pending.pop_front() {
            return Some(Err(e));
        }
        let Some(first) = self.ahead.take().or_else(|| self.source.advance()) else {
            // A log with no rows at all is no log of councils: say so, once.
            return (!std::mem::replace(&mut self.yielded, true)).then(|| {
                Err(ImportError::Malformed {
                    line: 1,
                    case: None,
                    problem:
                        "the log holds no events: it has no rows (a header alone is not a log)"
                            .into(),
                })
            });
        };
        self.yielded = true;
        let rows = &mut self.gathering;
        rows.clear(self.source.columns());
        // A row error that names no case stands alone; one that names a case starts it.
        let (case, line, mut error) = match first {
            Ok(()) => {
                self.source.append_to(rows);
                (self.source.case().to_owned(), self.source.line(), None)
            }
            Err(e) => match e.case().map(str::to_owned) {
                Some(case) => (case, e.line(), Some(e)),
                None => return Some(Err(e)),
            },
        };
        loop {
            match self.source.advance() {
                None => break,
                Some(Ok(())) if self.source.case() == case => self.source.append_to(rows),
                Some(Err(e)) if e.case() == Some(case.as_str()) => {
                    error.get_or_insert(e);
                }
                // A row that names no case belongs to none: its own error, and the case
                // around it goes on.
                Some(Err(e)) if e.case().is_none() => self.pending.push_back(e),
                other => {
                    self.ahead = other;
                    break;
                }
            }
        }
        rows.set_columns(self.source.columns());
        if let Some(first) = self.seen.earlier_run(&case, line) {
            return Some(Err(ImportError::NotContiguous { line, case, first }));
        }
        Some(match error {
            Some(e) => Err(e),
            // A clone's buffers are just the case's size; the gathering ones stay here.
            None => Ok(RawCase {
                case,
                rows: self.gathering.clone(),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EventKind, Judgement};

    const HEAD: &str = "case_id,activity,timestamp,date_precision,council_name\n";

    fn csv(rows: &str) -> Vec<Result<History, ImportError>> {
        read_csv(format!("{HEAD}{rows}").as_bytes()).collect()
    }

    fn ok(result: &Result<History, ImportError>) -> &History {
        result.as_ref().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn activity_and_timestamp_make_the_event() {
        let cases = csv(
            "medway,inspection:inadequate,2019-08-01T00:00:00.000+00:00,month,Medway\nmedway,monitoring_visit,2019-11-01,,\nkent,note,2019-01-01,year,\n",
        );
        assert_eq!(cases.len(), 2);
        let medway = ok(&cases[0]);
        assert_eq!((medway.name.as_str(), medway.events.len()), ("Medway", 2));
        assert_eq!(medway.events[0].date.to_string(), "2019-08");
        assert_eq!(medway.events[1].date.to_string(), "2019-11-01");
        assert_eq!((medway.events[0].line, medway.events[1].line), (2, 3));
        assert!(matches!(
            medway.events[0].kind,
            EventKind::Inspection {
                judgement: Judgement::Inadequate,
                ..
            }
        ));
        // `note` needs `text`: the model's own message, at the row's line.
        let kent = cases[1].as_ref().unwrap_err();
        assert_eq!(kent.line(), 4);
        assert!(
            matches!(
                kent,
                ImportError::Invalid {
                    kind: LoadErrorKind::MissingField { field: "text", .. },
                    ..
                }
            ),
            "{kent}"
        );
    }

    #[test]
    fn the_date_column_wins_and_the_activity_must_agree() {
        let log = "case_id,activity,timestamp,date,judgement\nhull,inspection:good,2019-08-01,2019-08,inadequate\nleeds,inspection:good,2019-08-01,2019-08,\n";
        let cases: Vec<_> = read_csv(log.as_bytes()).collect();
        assert!(
            matches!(&cases[0], Err(ImportError::BadRow { line: 2, .. })),
            "{cases:?}"
        );
        assert_eq!(ok(&cases[1]).events[0].date.to_string(), "2019-08");
    }

    #[test]
    fn a_model_error_points_at_its_row() {
        let cases = csv(
            "york,monitoring_visit,2019-01-01,,\nyork,direction:lifted,2019-02-01,,\nyork,monitoring_visit,2019-03-01,,\n",
        );
        let e = cases[0].as_ref().unwrap_err();
        assert_eq!((e.line(), e.case()), (3, Some("york")));
        assert!(
            e.to_string().contains("`action: lifted` is not allowed"),
            "{e}"
        );
    }

    #[test]
    fn a_case_must_be_contiguous() {
        let cases = csv(
            "a,monitoring_visit,2019-01-01,,\nb,monitoring_visit,2019-01-01,,\na,monitoring_visit,2019-02-01,,\n",
        );
        assert!(cases[0].is_ok() && cases[1].is_ok());
        assert_eq!(
            cases[2],
            Err(ImportError::NotContiguous {
                line: 4,
                case: "a".into(),
                first: 2
            })
        );
    }

    #[test]
    fn a_malformed_row_fails_its_case_only() {
        let cases = csv(
            "a,monitoring_visit,2019-01-01,,\na,monitoring_visit\nb,monitoring_visit,2019-01-01,,\n",
        );
        assert!(
            matches!(&cases[0], Err(ImportError::Malformed { line: 3, .. })),
            "{cases:?}"
        );
        assert!(cases[1].is_ok());
    }

    #[test]
    fn a_row_that_is_not_text_fails_its_case_by_name() {
        let mut log = format!("{HEAD}a,monitoring_visit,2019-01-01,,\n").into_bytes();
        log.extend_from_slice(b"a,monitoring_visit,2019-02-01,,Caf\xE9\n");
        log.extend_from_slice(b"b,monitoring_visit,2019-01-01,,\n");
        let cases: Vec<_> = read_csv(log.as_slice()).collect();
        assert_eq!(cases.len(), 2, "{cases:?}");
        let e = cases[0].as_ref().unwrap_err();
        assert_eq!((e.line(), e.case()), (3, Some("a")));
        assert!(e.to_string().contains("not UTF-8"), "{e}");
        assert!(cases[1].is_ok());
    }

    #[test]
    fn a_header_without_required_columns_stops_the_log() {
        let cases: Vec<_> = read_csv("case_id,activity\na,note\n".as_bytes()).collect();
        assert_eq!(
            cases,
            [Err(ImportError::MissingColumn {
                column: "timestamp"
            })]
        );
    }

    #[test]
    fn jsonl_takes_typed_values_and_joined_lists() {
        let log = concat!(
            "not json\n",
            r#"{"case_id":"bcp","activity":"reorganised","timestamp":"2019-04-01","from":"bournemouth;poole"}"#,
            "\n\n",
            r#"{"case_id":"bcp","activity":"focused_visit","timestamp":"2019-05-01","priority_actions":true,"into":null}"#,
            "\n",
        );
        let cases: Vec<_> = read_jsonl(log.as_bytes()).collect();
        // A line that names no case stands alone when no case is open.
        assert!(matches!(
            &cases[0],
            Err(ImportError::Malformed { line: 1, .. })
        ));
        let bcp = ok(&cases[1]);
        assert_eq!((bcp.events[0].line, bcp.events[1].line), (2, 4));
        assert!(
            matches!(&bcp.events[0].kind, EventKind::Reorganised { from, .. } if from.len() == 2)
        );
        assert_eq!(
            bcp.events[1].kind,
            EventKind::FocusedVisit {
                priority_actions: true,
                treated_as_inadequate: false,
            }
        );
    }
}
