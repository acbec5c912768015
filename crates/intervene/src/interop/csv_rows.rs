//! The rows of a CSV log, parsed by `csv-core` straight into two reused buffers.
//!
//! `csv::Reader` would parse each row into a record and the case would then copy it
//! again cell by cell; here the parser writes a row's bytes and cell ends once, and the
//! case takes both with two copies of a slice. The row's position (its 1-based line) is
//! counted as `csv::Reader` counts it: the line the parser is on when the row begins.

use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

use csv_core::ReadRecordResult;

use super::import::{ImportError, RowSource, no_case};
use super::rows::{Columns, Rows};

/// Bytes read from the log at a time.
const READ_BUFFER: usize = 32 * 1024;

/// The rows of a CSV log, one current at a time.
pub(super) struct CsvRows<R> {
    input: BufReader<R>,
    parser: csv_core::Reader,
    columns: Arc<Columns>,
    case_at: usize,
    /// A header that cannot be read: the one error the log yields.
    header_error: Option<ImportError>,
    /// The log cannot be read on (its header is bad, or reading failed).
    done: bool,
    /// The current row's cells run together (the buffer past `text_len` is spare room).
    text: Vec<u8>,
    text_len: usize,
    /// The end of each of the current row's cells in `text`.
    ends: Vec<usize>,
    ends_len: usize,
    /// The current row's case.
    case: String,
    line: usize,
}

impl<R: Read> CsvRows<R> {
    pub fn new(reader: R) -> Self {
        let mut rows = Self {
            input: BufReader::with_capacity(READ_BUFFER, reader),
            parser: csv_core::Reader::new(),
            columns: Arc::new(Columns::default()),
            case_at: 0,
            header_error: None,
            done: false,
            text: vec![0; 1024],
            text_len: 0,
            ends: vec![0; 64],
            ends_len: 0,
            case: String::new(),
            line: 0,
        };
        match rows.header() {
            Ok((columns, case_at)) => {
                rows.columns = Arc::new(columns);
                rows.case_at = case_at;
            }
            Err(e) => rows.header_error = Some(e),
        }
        rows
    }

    /// Reads the next row into `text` and `ends`; false at the end of the log.
    fn read_row(&mut self) -> std::io::Result<bool> {
        // A line number far past usize on a 32-bit machine cannot be held anyway.
        self.line = usize::try_from(self.parser.line()).unwrap_or(usize::MAX);
        let (mut out, mut end) = (0, 0);
        loop {
            if out == self.text.len() {
                self.text.resize(self.text.len() * 2, 0);
            }
            if end == self.ends.len() {
                self.ends.resize(self.ends.len() * 2, 0);
            }
            let input = self.input.fill_buf()?;
            let (result, read, wrote, ended) =
                self.parser
                    .read_record(input, &mut self.text[out..], &mut self.ends[end..]);
            self.input.consume(read);
            out += wrote;
            end += ended;
            match result {
                ReadRecordResult::InputEmpty
                | ReadRecordResult::OutputFull
                | ReadRecordResult::OutputEndsFull => {}
                ReadRecordResult::Record => {
                    (self.text_len, self.ends_len) = (out, end);
                    return Ok(true);
                }
                ReadRecordResult::End => return Ok(false),
            }
        }
    }

    /// The bytes of the current row's cell in a column; empty when it has none there.
    fn cell(&self, column: usize) -> &[u8] {
        let ends = self.ends.get(..self.ends_len).unwrap_or_default();
        let start = match column {
            0 => 0,
            _ => ends.get(column - 1).copied().unwrap_or(usize::MAX),
        };
        let end = ends.get(column).copied().unwrap_or(0);
        self.text.get(start..end).unwrap_or_default()
    }

    /// The log's columns, and where its `case_id` column is.
    fn header(&mut self) -> Result<(Columns, usize), ImportError> {
        let malformed = |problem: String| ImportError::Malformed {
            line: 1,
            case: None,
            problem,
        };
        let read = self
            .read_row()
            .map_err(|e| malformed(format!("cannot read the log: {e}")))?;
        let header = match read {
            true => (0..self.ends_len)
                .map(|column| std::str::from_utf8(self.cell(column)).map(str::to_owned))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| malformed("the header is not UTF-8 text".into()))?,
            false => Vec::new(),
        };
        let missing = ["case_id", "activity", "timestamp"]
            .into_iter()
            .find(|c| !header.iter().any(|h| h == c));
        if let Some(column) = missing {
            return Err(ImportError::MissingColumn { column });
        }
        let case_at = header.iter().position(|h| h == "case_id").unwrap_or(0);
        Ok((Columns::new(header), case_at))
    }
}

impl<R: Read> RowSource for CsvRows<R> {
    fn advance(&mut self) -> Option<Result<(), ImportError>> {
        if let Some(e) = self.header_error.take() {
            self.done = true;
            return Some(Err(e));
        }
        if self.done {
            return None;
        }
        match self.read_row() {
            Ok(false) => None,
            Err(e) => {
                self.done = true;
                Some(Err(ImportError::Malformed {
                    line: self.line,
                    case: None,
                    problem: format!("cannot read the log: {e}"),
                }))
            }
            Ok(true) => {
                let line = self.line;
                // The rest of the row is checked to be text when its case is built.
                let Ok(case) = std::str::from_utf8(self.cell(self.case_at)) else {
                    return Some(Err(ImportError::Malformed {
                        line,
                        case: None,
                        problem: "the row is not UTF-8 text".into(),
                    }));
                };
                let case = case.to_owned();
                self.case = case;
                let case = Some(&self.case).filter(|c| !c.is_empty());
                if self.ends_len != self.columns.len() {
                    return Some(Err(ImportError::Malformed {
                        line,
                        case: case.cloned(),
                        problem: format!(
                            "the row has {} cells, the header {}",
                            self.ends_len,
                            self.columns.len()
                        ),
                    }));
                }
                Some(case.map(|_| ()).ok_or_else(|| no_case(line)))
            }
        }
    }

    fn case(&self) -> &str {
        &self.case
    }

    fn line(&self) -> usize {
        self.line
    }

    fn append_to(&self, rows: &mut Rows) {
        let text = self.text.get(..self.text_len).unwrap_or_default();
        let ends = self.ends.get(..self.ends_len).unwrap_or_default();
        rows.push(self.line, text, ends);
    }

    fn columns(&self) -> Arc<Columns> {
        Arc::clone(&self.columns)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Each row as `csv::Reader` reads it: its line and its cells.
    fn by_csv(log: &[u8]) -> Vec<(usize, Vec<Vec<u8>>)> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(log);
        let mut record = csv::ByteRecord::new();
        let mut rows = Vec::new();
        while reader.read_byte_record(&mut record).unwrap_or(false) {
            let line = record.position().map_or(0, |p| p.line() as usize);
            rows.push((line, record.iter().map(<[u8]>::to_vec).collect()));
        }
        rows
    }

    /// Each row as these rows read it.
    fn by_core(log: &[u8]) -> Vec<(usize, Vec<Vec<u8>>)> {
        let mut rows = CsvRows::new(log);
        // A header lacking the log's columns is an error here, not for csv: skip it.
        rows.header_error = None;
        let mut read = Vec::new();
        // A row that fails (a bad case cell, a short row) is still read: compare it too.
        while rows.advance().is_some() {
            let cells = (0..rows.ends_len).map(|c| rows.cell(c).to_vec()).collect();
            read.push((rows.line, cells));
        }
        read
    }

    /// Text made of the bytes CSV cares about, and others.
    fn csvish() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just(b"a".to_vec()),
            Just(b"case_id".to_vec()),
            Just(b",".to_vec()),
            Just(b"\"".to_vec()),
            Just(b"\"\"".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\r".to_vec()),
            Just(b"\xEF\xBB\xBF".to_vec()),
            Just("é".as_bytes().to_vec()),
            Just(b"\xFF".to_vec()),
        ];
        proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
    }

    #[test]
    fn rows_are_read_as_the_csv_crate_reads_them() {
        let logs: [&[u8]; 6] = [
            b"case_id,activity,timestamp\na,note,2019\nb,note,2019\n",
            b"\xEF\xBB\xBFcase_id,activity\r\na,\"x,\"\"y\"\"\nz\"\r\n\r\nb,c",
            b"case_id\n\n\na\n",
            b"case_id,x\ra,b\rc,d",
            b"case_id,x\na\"b,c\n",
            b"",
        ];
        for log in logs {
            assert_eq!(
                by_core(log),
                by_csv(log),
                "{:?}",
                String::from_utf8_lossy(log)
            );
        }
    }

    proptest! {
        #[test]
        fn any_text_is_read_as_the_csv_crate_reads_it(log in csvish()) {
            prop_assert_eq!(by_core(&log), by_csv(&log));
        }

        #[test]
        fn any_log_reads_to_cases_or_errors_without_panicking(body in csvish()) {
            let mut log = b"case_id,activity,timestamp,date\n".to_vec();
            log.extend_from_slice(&body);
            // Lines as csv counts them: one more than the `\n`s.
            let lines = log.iter().filter(|&&b| b == b'\n').count() + 1;
            for case in crate::interop::read_csv(log.as_slice()) {
                match case {
                    // An error names a line of the log, or 0 for the log as a whole.
                    Err(e) => prop_assert!(e.line() <= lines, "{e}"),
                    // An event points at a data row: after the header, within the log.
                    Ok(history) => {
                        for event in &history.events {
                            prop_assert!((2..=lines).contains(&event.line), "{}", event.line);
                        }
                    }
                }
            }
        }
    }
}
