//! The rows of a CSV log, read straight into two reused buffers: a row's bytes, each
//! cell followed by one separator byte, and its cell ends.
//!
//! `csv::Reader` would parse each row into a record and the case would then copy it
//! again cell by cell; here a row's bytes and cell ends are written once, and the case
//! takes both with two copies of a slice. The row's position (its 1-based line) is
//! counted as `csv::Reader` counts it: the line the parser is on when the row begins.
//!
//! Most rows of a log are plain: one line with no quote and no carriage return. Such a
//! line already is its row's bytes, its cells ending at its commas and its `\n`, so it is
//! taken whole and only its commas are found. Every other row (quoted cells, `\r` line
//! ends, a row split across reads, blank lines, the header with a possible byte-order
//! mark) goes to `csv-core`, which starts it where it would have anyway: at a record's
//! start. Tests hold both ways to `csv::Reader`, row by row, on random logs.

use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

use csv_core::ReadRecordResult;

use super::MAX_ROW_BYTES;
use super::import::{ImportError, RowSource, no_case};
use super::rows::{Columns, Rows};

/// Bytes read from the log at a time.
const READ_BUFFER: usize = 32 * 1024;

/// Why a row could not be read; the log is not read past it.
enum RowFault {
    /// Reading the log failed.
    Io(std::io::Error),
    /// The row runs past [`MAX_ROW_BYTES`]; `quote_from` is the line of the quoted cell
    /// still open there, if one is.
    TooLong { quote_from: Option<usize> },
    /// The log ends inside a quoted cell opened on this line.
    Unterminated { from: usize },
}

impl From<std::io::Error> for RowFault {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}

impl RowFault {
    /// The error the log yields for it, given the line the row began on.
    fn error(self, line: usize) -> ImportError {
        let (line, problem) = match self {
            Self::Io(e) => (line, format!("cannot read the log: {e}")),
            Self::TooLong { quote_from: None } => (
                line,
                format!(
                    "the row is longer than {MAX_ROW_BYTES} bytes, the most a row may be; the log is not read past it"
                ),
            ),
            Self::TooLong {
                quote_from: Some(from),
            } => (
                from,
                format!(
                    "a quoted cell opens here and runs past {MAX_ROW_BYTES} bytes without its closing `\"` (an unterminated quote?); the log is not read past it"
                ),
            ),
            Self::Unterminated { from } => (
                from,
                "a quoted cell opens here and is never closed: the log ends inside it (an unterminated `\"`)".to_owned(),
            ),
        };
        ImportError::Malformed {
            line,
            case: None,
            problem,
        }
    }
}

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
    /// The header has been read by the parser, which strips a byte-order mark at the
    /// log's start: later plain rows may bypass it.
    past_header: bool,
    /// How many bytes at the start of the read buffer hold no quote and no carriage
    /// return: found a buffer at a time rather than a line at a time. The buffer is only
    /// refilled once empty (as `BufRead::fill_buf` promises), so this shrinks to 0 first.
    unquoted: usize,
}

impl<R: Read> CsvRows<R> {
    pub fn new(reader: R) -> Self {
        Self::with_buffer(reader, READ_BUFFER)
    }

    /// Rows read `capacity` bytes at a time (small in tests, to split rows across reads).
    fn with_buffer(reader: R, capacity: usize) -> Self {
        let mut rows = Self {
            input: BufReader::with_capacity(capacity, reader),
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
            past_header: false,
            unquoted: 0,
        };
        match rows.header() {
            Ok((columns, case_at)) => {
                rows.columns = Arc::new(columns);
                rows.case_at = case_at;
            }
            Err(e) => rows.header_error = Some(e),
        }
        rows.past_header = true;
        rows
    }

    /// Reads the next row into `text` and `ends`; false at the end of the log.
    fn read_row(&mut self) -> Result<bool, RowFault> {
        // A line number far past usize on a 32-bit machine cannot be held anyway.
        self.line = usize::try_from(self.parser.line()).unwrap_or(usize::MAX);
        let buffered = self.input.fill_buf()?;
        let plain = match self.past_header {
            true => split_plain(buffered, &mut self.unquoted, &mut self.text, &mut self.ends),
            false => None,
        };
        if let Some(plain) = plain {
            (self.text_len, self.ends_len) = (plain.read, plain.ends_len);
            self.input.consume(plain.read);
            self.unquoted = self.unquoted.saturating_sub(plain.read);
            self.parser.set_line(self.parser.line() + 1);
            return Ok(true);
        }
        // The parser may read on into a new buffer.
        self.unquoted = 0;
        let (mut out, mut end) = (0, 0);
        // Bytes of the log this row has taken so far: none means no row is begun.
        let mut taken = 0;
        let mut quotes = Quotes::new(self.line);
        loop {
            if out > MAX_ROW_BYTES {
                let quote_from = quotes.open_since();
                return Err(RowFault::TooLong { quote_from });
            }
            if out == self.text.len() {
                self.text.resize(self.text.len() * 2, 0);
            }
            if end == self.ends.len() {
                self.ends.resize(self.ends.len() * 2, 0);
            }
            if taken > 0
                && self.input.fill_buf()?.is_empty()
                && let Some(from) = quotes.open_since()
            {
                return Err(RowFault::Unterminated { from });
            }
            let input = self.input.fill_buf()?;
            let (result, read, wrote, ended) =
                self.parser
                    .read_record(input, &mut self.text[out..], &mut self.ends[end..]);
            quotes.scan(input.get(..read).unwrap_or_default());
            self.input.consume(read);
            taken += read;
            out += wrote;
            end += ended;
            match result {
                ReadRecordResult::InputEmpty
                | ReadRecordResult::OutputFull
                | ReadRecordResult::OutputEndsFull => {}
                ReadRecordResult::Record => {
                    let ends = self.ends.get_mut(..end).unwrap_or_default();
                    (self.text_len, self.ends_len) = (spread(&mut self.text, out, ends), end);
                    return Ok(true);
                }
                ReadRecordResult::End => return Ok(false),
            }
        }
    }

    /// The bytes of the current row's cell in a column; empty when it has none there.
    fn cell(&self, column: usize) -> &[u8] {
        cell_of(&self.text, &self.ends, self.ends_len, column)
    }

    /// The log's columns, and where its `case_id` column is.
    fn header(&mut self) -> Result<(Columns, usize), ImportError> {
        let malformed = |problem: String| ImportError::Malformed {
            line: 1,
            case: None,
            problem,
        };
        let read = self.read_row().map_err(|fault| fault.error(1))?;
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
        if let Some((second, name)) = header
            .iter()
            .enumerate()
            .find(|(at, name)| header[..*at].contains(name))
        {
            let first = header.iter().position(|h| h == name).unwrap_or(0);
            return Err(malformed(format!(
                "the header names the column `{name}` twice (columns {} and {}): a log names each column once",
                first + 1,
                second + 1
            )));
        }
        let case_at = header.iter().position(|h| h == "case_id").unwrap_or(0);
        Ok((Columns::new(header), case_at))
    }
}

/// Where a row's raw bytes are, as to quotes: read beside csv-core (whose state is its
/// own), as CSV quotes them, to know whether the log ends, or a row grows too long,
/// inside a quoted cell, and on which line that cell opened.
struct Quotes {
    state: QuoteState,
    /// The log line the scan is on.
    line: usize,
    /// The line the open quoted cell began on.
    opened: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    /// At a cell's start.
    CellStart,
    /// In a cell that is not quoted (a quote there is a character like any other).
    Unquoted,
    /// In a quoted cell.
    Quoted,
    /// Past a quote in a quoted cell: its end, or the first of two (an escaped quote).
    QuoteInQuoted,
}

impl Quotes {
    fn new(line: usize) -> Self {
        Self {
            state: QuoteState::CellStart,
            line,
            opened: line,
        }
    }

    fn scan(&mut self, bytes: &[u8]) {
        use QuoteState::{CellStart, QuoteInQuoted, Quoted, Unquoted};
        for &byte in bytes {
            self.state = match (self.state, byte) {
                (CellStart, b'"') | (QuoteInQuoted, b'"') => {
                    if self.state == CellStart {
                        self.opened = self.line;
                    }
                    Quoted
                }
                (Quoted, b'"') => QuoteInQuoted,
                (Quoted, _) => Quoted,
                (_, b',' | b'\n' | b'\r') => CellStart,
                (_, _) => Unquoted,
            };
            if byte == b'\n' {
                self.line += 1;
            }
        }
    }

    /// The line the quoted cell still open began on, if one is open.
    fn open_since(&self) -> Option<usize> {
        (self.state == QuoteState::Quoted).then_some(self.opened.max(1))
    }
}

/// The bytes of a row's cell in a column, given the row's bytes and cell ends.
fn cell_of<'a>(text: &'a [u8], ends: &[usize], ends_len: usize, column: usize) -> &'a [u8] {
    let ends = ends.get(..ends_len).unwrap_or_default();
    let start = match column {
        0 => 0,
        _ => ends.get(column - 1).map_or(usize::MAX, |end| end + 1),
    };
    let end = ends.get(column).copied().unwrap_or(0);
    text.get(start..end).unwrap_or_default()
}

/// A plain row taken from the buffer.
struct Plain {
    /// Bytes of the buffer taken (the line and its `\n`), now the row's bytes.
    read: usize,
    /// The row's cells.
    ends_len: usize,
}

/// Takes the first line of `buffered` into `text` with its cell ends in `ends`, if it is
/// plain: whole in the buffer, not blank, with no quote and no carriage return. Its cells
/// are then what csv-core would read, each followed by its comma (the last by the `\n`).
/// `unquoted` is how much of `buffered` is known to hold no quote or carriage return; it
/// is looked further into when the line runs past it.
fn split_plain(
    buffered: &[u8],
    unquoted: &mut usize,
    text: &mut Vec<u8>,
    ends: &mut Vec<usize>,
) -> Option<Plain> {
    let len = memchr::memchr(b'\n', buffered)?;
    let line = buffered.get(..=len)?;
    if len == 0 {
        return None;
    }
    if len >= *unquoted {
        let from = (*unquoted).min(buffered.len());
        let next = memchr::memchr2(b'"', b'\r', buffered.get(from..)?);
        *unquoted = next.map_or(buffered.len(), |at| from + at);
        if len >= *unquoted {
            return None;
        }
    }
    if text.len() < line.len() {
        text.resize(line.len(), 0);
    }
    text.get_mut(..line.len())?.copy_from_slice(line);
    if ends.len() <= len {
        ends.resize(len + 1, 0);
    }
    let mut cells = 0;
    // A cell ends at each comma and at the `\n`; there are no more cells than bytes.
    let mut words = line.chunks_exact(8);
    for (word_at, word) in words.by_ref().enumerate() {
        let mut commas = bytes_equal(u64::from_le_bytes(word.try_into().ok()?), b',');
        while commas != 0 {
            let byte = commas.trailing_zeros() as usize / 8;
            *ends.get_mut(cells)? = word_at * 8 + byte;
            cells += 1;
            commas &= commas - 1;
        }
    }
    let tail_at = line.len() - words.remainder().len();
    for (at, &byte) in words.remainder().iter().enumerate() {
        if byte == b',' {
            *ends.get_mut(cells)? = tail_at + at;
            cells += 1;
        }
    }
    *ends.get_mut(cells)? = len;
    cells += 1;
    Some(Plain {
        read: line.len(),
        ends_len: cells,
    })
}

/// The high bit of each byte of `word` that is `byte`, and no other bit.
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let zero_where_equal = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    // A byte's high bit is set here when any of its bits is: no carry leaves a byte.
    let nonzero = ((zero_where_equal & LOW) + LOW) | zero_where_equal;
    !(nonzero | LOW)
}

/// Moves a row as csv-core writes it (its cells run together in `text[..len]`) apart so
/// each cell is followed by a separator, as a plain line's are; returns the new length.
fn spread(text: &mut Vec<u8>, len: usize, ends: &mut [usize]) -> usize {
    let spread_len = len + ends.len();
    if text.len() < spread_len {
        text.resize(spread_len, 0);
    }
    // From the last cell back, so no cell is written over before it is moved. The ends
    // csv-core writes rise and stay within `len`, so each move stays within `spread_len`.
    for cell in (0..ends.len()).rev() {
        let start = cell
            .checked_sub(1)
            .and_then(|before| ends.get(before))
            .copied();
        let Some(end) = ends.get_mut(cell) else {
            continue;
        };
        text.copy_within(start.unwrap_or(0)..*end, start.unwrap_or(0) + cell);
        *end += cell;
        if let Some(separator) = text.get_mut(*end) {
            *separator = b',';
        }
    }
    spread_len
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
            Err(fault) => {
                self.done = true;
                Some(Err(fault.error(self.line)))
            }
            Ok(true) => {
                let line = self.line;
                // The rest of the row is checked to be text when its case is built.
                let case = cell_of(&self.text, &self.ends, self.ends_len, self.case_at);
                let Ok(case) = std::str::from_utf8(case) else {
                    return Some(Err(ImportError::Malformed {
                        line,
                        case: None,
                        problem: "the row is not UTF-8 text".into(),
                    }));
                };
                // The same buffer, row after row.
                self.case.clear();
                self.case.push_str(case);
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

    /// Each row as these rows read it, `buffer` bytes of the log at a time.
    fn by_core(log: &[u8], buffer: usize) -> Vec<(usize, Vec<Vec<u8>>)> {
        let mut rows = CsvRows::with_buffer(log, buffer);
        // A header that opens a quote and never closes it takes the whole log, for csv
        // too: no rows.
        if let Some(ImportError::Malformed { problem, .. }) = &rows.header_error
            && problem.contains("never closed")
        {
            return Vec::new();
        }
        // A header lacking the log's columns is an error here, not for csv: skip it.
        rows.header_error = None;
        let mut read = Vec::new();
        // A row that fails (a bad case cell, a short row) is still read: compare it too.
        while let Some(row) = rows.advance() {
            if let Err(ImportError::Malformed { problem, .. }) = &row
                && problem.contains("never closed")
            {
                // The log ends inside a quote: csv takes the rest as the cell, these rows
                // refuse it. Marked, to compare the rows before it.
                read.push((0, Vec::new()));
                break;
            }
            let cells = (0..rows.ends_len).map(|c| rows.cell(c).to_vec()).collect();
            read.push((rows.line, cells));
        }
        read
    }

    /// The rows both read alike: all of them, but for the last that csv reads out of an
    /// unterminated quote, which these rows refuse (and mark).
    fn agree(core: &[(usize, Vec<Vec<u8>>)], csv: &[(usize, Vec<Vec<u8>>)]) -> bool {
        match core.split_last() {
            Some(((0, cells), before)) if cells.is_empty() => {
                csv.len() == core.len() && csv.get(..before.len()) == Some(before)
            }
            _ => core == csv,
        }
    }

    proptest! {
        #[test]
        fn bytes_equal_marks_each_equal_byte(word: [u8; 8], byte: u8, at in 0..8usize) {
            let mut word = word;
            word[at] = byte;
            let marks = bytes_equal(u64::from_le_bytes(word), byte);
            for (i, &b) in word.iter().enumerate() {
                prop_assert_eq!(marks >> (i * 8) & 0xff, if b == byte { 0x80 } else { 0 });
            }
        }
    }

    /// Text made of the bytes CSV cares about, and others.
    fn csvish() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just(b"a".to_vec()),
            Just(b"case_id".to_vec()),
            Just(b"a,bb,,ccc\n".to_vec()),
            Just(b"0123456,89\n".to_vec()),
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
        // Whole rows in the buffer (read plain where they can be), and rows split across
        // reads at every point.
        for (log, buffer) in logs
            .iter()
            .flat_map(|log| [(log, READ_BUFFER), (log, 4), (log, 7)])
        {
            let (core, csv) = (by_core(log, buffer), by_csv(log));
            assert!(
                agree(&core, &csv),
                "{:?} read {buffer} bytes at a time: {core:?} against {csv:?}",
                String::from_utf8_lossy(log)
            );
        }
    }

    proptest! {
        #[test]
        // From 4 bytes: csv-core strips a byte-order mark only if its first read holds it.
        fn any_text_is_read_as_the_csv_crate_reads_it(log in csvish(), buffer in 4..80usize) {
            let (core, csv) = (by_core(&log, buffer), by_csv(&log));
            prop_assert!(agree(&core, &csv), "{:?} against {:?}", core, csv);
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
