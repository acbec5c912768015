//! A case's rows as read: each row's bytes and cell ends in buffers shared by the case,
//! with each column's role in the log worked out once per header rather than per cell.
//!
//! A log of 100,000 councils has about 750,000 rows of some 30 cells, most of them empty.
//! The thread reading the log only copies each row's bytes and cell ends here; checking
//! the text is UTF-8 and finding cells by column happen when the case is built, on
//! whichever thread builds it, so reading is not the bottleneck.

use std::sync::Arc;

use super::CASE_COLUMNS;

/// The roles a row is asked for by role: all but `Field`.
const ROLES: usize = 5 + CASE_COLUMNS.len();

/// What a column of a log holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Role {
    /// `case_id`: the council's slug.
    CaseId,
    /// `activity`: the event kind, with its qualifier after `:`.
    Activity,
    /// `timestamp`: the first day the event's date can be.
    Timestamp,
    /// `date`: the date as the history writes it.
    Date,
    /// `date_precision`: day, month or year.
    DatePrecision,
    /// A column about the council, by its index in [`CASE_COLUMNS`].
    Council(usize),
    /// An event field, or a column the model will name as unknown.
    Field,
}

impl Role {
    /// The role's place among [`ROLES`], unless it is `Field`.
    fn slot(self) -> Option<usize> {
        Some(match self {
            Self::CaseId => 0,
            Self::Activity => 1,
            Self::Timestamp => 2,
            Self::Date => 3,
            Self::DatePrecision => 4,
            Self::Council(at) => 5 + at,
            Self::Field => return None,
        })
    }

    fn of(name: &str) -> Self {
        match name {
            "case_id" => Self::CaseId,
            "activity" => Self::Activity,
            "timestamp" => Self::Timestamp,
            "date" => Self::Date,
            "date_precision" => Self::DatePrecision,
            _ => CASE_COLUMNS
                .iter()
                .position(|c| *c == name)
                .map_or(Self::Field, Self::Council),
        }
    }
}

/// A log's columns: their names and roles in the order cells come, and where to find
/// each role and name.
#[derive(Debug, Clone, Default)]
pub(super) struct Columns {
    names: Vec<String>,
    roles: Vec<Role>,
    /// The columns of each role but `Field`, by slot, in order (a header may repeat a
    /// name).
    by_role: [Vec<usize>; ROLES],
}

impl Columns {
    /// The columns of a CSV header.
    pub fn new(names: impl IntoIterator<Item = String>) -> Self {
        let mut columns = Self::default();
        for name in names {
            columns.push(name);
        }
        columns
    }

    fn push(&mut self, name: String) -> usize {
        let at = self.names.len();
        let role = Role::of(&name);
        if let Some(columns) = role.slot().and_then(|slot| self.by_role.get_mut(slot)) {
            columns.push(at);
        }
        self.roles.push(role);
        self.names.push(name);
        at
    }

    /// The number of columns.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// The index of a column, added if the log has not named it before (JSON Lines
    /// objects need not share their keys).
    pub fn index_or_add(self: &mut Arc<Self>, name: &str) -> usize {
        match self.names.iter().position(|n| n == name) {
            Some(at) => at,
            None => Arc::make_mut(self).push(name.to_owned()),
        }
    }
}

/// Where one row lies in its case's buffers.
#[derive(Debug, Clone, Copy)]
struct RowAt {
    line: usize,
    /// Its bytes in `text`.
    start: usize,
    /// Its cell ends (relative to `start`) in `ends`.
    ends_start: usize,
    ends_len: usize,
}

/// The rows of one case, in log order, as read: not yet known to be text.
#[derive(Debug, Clone)]
pub(super) struct Rows {
    columns: Arc<Columns>,
    text: Vec<u8>,
    ends: Vec<usize>,
    rows: Vec<RowAt>,
}

impl Rows {
    /// No rows yet.
    pub fn new(columns: Arc<Columns>) -> Self {
        Self {
            columns,
            text: Vec::new(),
            ends: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// Empties these rows to gather the next case's, keeping their buffers: cases are
    /// gathered in one set of buffers, each handed on as a clone (whose buffers hold
    /// just its length), so no buffer grows row by row.
    pub fn clear(&mut self, columns: Arc<Columns>) {
        self.columns = columns;
        self.text.clear();
        self.ends.clear();
        self.rows.clear();
    }

    /// Adds a row: its line, its bytes, and the end of each cell in those bytes, one per
    /// column in column order. Each cell is followed by one ASCII separator byte that is
    /// no part of it (a plain CSV line is its own row's bytes), so cell `i + 1` starts
    /// one byte past the end of cell `i`.
    pub fn push(&mut self, line: usize, bytes: &[u8], ends: &[usize]) {
        self.rows.push(RowAt {
            line,
            start: self.text.len(),
            ends_start: self.ends.len(),
            ends_len: ends.len(),
        });
        self.text.extend_from_slice(bytes);
        self.ends.extend_from_slice(ends);
    }

    /// Takes a later view of the log's columns: JSON Lines keys are added as rows name
    /// them, and columns are only ever added, so the latest view names every cell.
    pub fn set_columns(&mut self, columns: Arc<Columns>) {
        self.columns = columns;
    }

    /// The log line of the first row, if there is one.
    pub fn first_line(&self) -> Option<usize> {
        self.rows.first().map(|row| row.line)
    }

    /// Each row, in log order, once each is found to be UTF-8 text cell by cell; or the
    /// line of the first row that is not.
    pub fn read(&self) -> Result<Vec<Row<'_>>, usize> {
        // Checked as a whole: a case is a few kilobytes, and nearly always text.
        let all = std::str::from_utf8(&self.text).map_err(|e| self.line_at(e.valid_up_to()))?;
        let ascii = all.is_ascii();
        let mut read = Vec::with_capacity(self.rows.len());
        for (i, at) in self.rows.iter().enumerate() {
            let end = self.rows.get(i + 1).map_or(all.len(), |next| next.start);
            let text = all.get(at.start..end).ok_or(at.line)?;
            let ends = self
                .ends
                .get(at.ends_start..at.ends_start + at.ends_len)
                .unwrap_or_default();
            // Each cell must be text on its own too, not only the cells run together. In
            // text that is all ASCII (nearly every case) every byte is a character.
            if !ascii && !ends.iter().all(|&end| text.is_char_boundary(end)) {
                return Err(at.line);
            }
            read.push(Row {
                line: at.line,
                columns: &self.columns,
                text,
                ends,
            });
        }
        Ok(read)
    }

    /// The line of the row holding a byte of the text.
    fn line_at(&self, byte: usize) -> usize {
        self.rows
            .iter()
            .take_while(|row| row.start <= byte)
            .last()
            .map_or(0, |row| row.line)
    }
}

/// One row of a case, read as text.
#[derive(Clone, Copy)]
pub(super) struct Row<'a> {
    /// The row's 1-based log line.
    pub line: usize,
    columns: &'a Columns,
    text: &'a str,
    ends: &'a [usize],
}

impl<'a> Row<'a> {
    /// The text of a column's cell: empty if the row has none there.
    fn cell(&self, column: usize) -> &'a str {
        let start = match column {
            0 => 0,
            // Past the separator after the cell before.
            _ => self.ends.get(column - 1).map_or(usize::MAX, |end| end + 1),
        };
        match self.ends.get(column) {
            // Most cells of a log are empty.
            Some(&end) if end > start => self
                .text
                // The ends were checked to be character boundaries when the row was read.
                .get(start..end)
                .unwrap_or_default(),
            _ => "",
        }
    }

    /// The text of the column with this role, if the row has it and it is not empty
    /// (the first such, if the header repeats the column). Event fields are read with
    /// [`Row::fields`].
    pub fn get(&self, role: Role) -> Option<&'a str> {
        self.columns
            .by_role
            .get(role.slot()?)?
            .iter()
            .map(|&column| self.cell(column))
            .find(|text| !text.is_empty())
    }

    /// Adds the row's non-empty event-field cells to `fields`: column name and text, in
    /// column order.
    pub fn push_fields(&self, fields: &mut Vec<(&'a str, &'a str)>) {
        let (columns, text) = (self.columns, self.text);
        // One pass over the row's cell ends beside the columns: most cells are empty, and
        // skipping them is a comparison. All three are cut to the shortest length, so every
        // index below is in bounds (and the compiler drops its checks).
        let cells = self
            .ends
            .len()
            .min(columns.roles.len())
            .min(columns.names.len());
        let (ends, roles, names) = (
            &self.ends[..cells],
            &columns.roles[..cells],
            &columns.names[..cells],
        );
        let mut start = 0;
        for cell in 0..cells {
            let end = ends[cell];
            if end > start && roles[cell] == Role::Field {
                fields.push((
                    names[cell].as_str(),
                    text.get(start..end).unwrap_or_default(),
                ));
            }
            // The next cell starts past this one's separator.
            start = end + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns() -> Arc<Columns> {
        Arc::new(Columns::new(
            ["case_id", "activity", "region", "judgement"].map(String::from),
        ))
    }

    fn fields_of<'a>(row: &Row<'a>) -> Vec<(&'a str, &'a str)> {
        let mut fields = Vec::new();
        row.push_fields(&mut fields);
        fields
    }

    #[test]
    fn rows_keep_their_cells_apart() {
        let mut rows = Rows::new(columns());
        rows.push(2, b"a,inspection,,good,", &[1, 12, 13, 18]);
        rows.push(3, b"a,note,", &[1, 6]);
        let read = rows.read().unwrap_or_else(|line| panic!("line {line}"));
        assert_eq!((read[0].line, read[1].line), (2, 3));
        assert_eq!(read[0].get(Role::Activity), Some("inspection"));
        assert_eq!(
            read[0].get(Role::Council(1)),
            None,
            "an empty cell is absent"
        );
        assert_eq!(fields_of(&read[0]), [("judgement", "good")]);
        assert_eq!(read[1].get(Role::Activity), Some("note"));
        assert!(
            fields_of(&read[1]).is_empty(),
            "a short row has no such cell"
        );
        assert_eq!(rows.first_line(), Some(2));
    }

    #[test]
    fn a_row_that_is_not_text_is_named_by_its_line() {
        let mut rows = Rows::new(columns());
        rows.push(2, b"a,note,", &[1, 6]);
        rows.push(3, b"a,\xFFnote,", &[1, 7]);
        assert_eq!(rows.read().err(), Some(3));
        // Text as a whole, but a cell boundary splits a character.
        let mut rows = Rows::new(columns());
        rows.push(4, "aé,".as_bytes(), &[2, 4]);
        assert_eq!(rows.read().err(), Some(4));
    }

    #[test]
    fn json_keys_are_added_as_they_come() {
        let mut columns = Arc::new(Columns::new(["case_id".to_owned()]));
        let kept = Arc::clone(&columns);
        assert_eq!(columns.index_or_add("case_id"), 0);
        assert_eq!(columns.index_or_add("region"), 1);
        assert_eq!((columns.len(), kept.len()), (2, 1));
    }
}
