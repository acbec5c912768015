//! A case's rows as read: every non-empty cell's text in one buffer, each tagged with its
//! column, whose role in the log is worked out once per header rather than per cell.
//!
//! A log of 100,000 councils has about 750,000 rows of some 30 cells, most of them empty;
//! holding a case in three buffers instead of a record per row is what keeps reading it
//! from being mostly allocation.

use std::sync::Arc;

use super::CASE_COLUMNS;

/// What a column of a log holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// A log's columns: their names, in the order cells refer to them, and their roles.
#[derive(Debug, Clone, Default)]
pub(super) struct Columns {
    names: Vec<String>,
    roles: Vec<Role>,
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
        self.roles.push(Role::of(&name));
        self.names.push(name);
        self.names.len() - 1
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

/// One non-empty cell: its column and where its text lies in the case's buffer.
#[derive(Debug, Clone, Copy)]
struct Cell {
    column: u32,
    start: u32,
    end: u32,
}

/// The rows of one case, in log order.
#[derive(Debug)]
pub(super) struct Rows {
    columns: Arc<Columns>,
    text: String,
    cells: Vec<Cell>,
    /// Each row's log line and the end of its cells in `cells`.
    rows: Vec<(usize, usize)>,
}

impl Rows {
    /// No rows yet, of a log with these columns.
    pub fn new(columns: Arc<Columns>) -> Self {
        Self {
            columns,
            text: String::new(),
            cells: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// Adds a row: its line and its cells, by column index; empty cells are left out.
    pub fn push<'a>(&mut self, line: usize, cells: impl IntoIterator<Item = (usize, &'a str)>) {
        for (column, text) in cells {
            if text.is_empty() {
                continue;
            }
            let start = self.text.len();
            self.text.push_str(text);
            // Offsets fit: a case is one council's rows, far below 4 GiB, and a column
            // index is below the header's length.
            self.cells.push(Cell {
                column: u32::try_from(column).unwrap_or(u32::MAX),
                start: u32::try_from(start).unwrap_or(u32::MAX),
                end: u32::try_from(self.text.len()).unwrap_or(u32::MAX),
            });
        }
        self.rows.push((line, self.cells.len()));
    }

    /// Takes a later view of the log's columns: JSON Lines keys are added as rows name
    /// them, and columns are only ever added, so the latest view names every cell.
    pub fn set_columns(&mut self, columns: Arc<Columns>) {
        self.columns = columns;
    }

    /// A cell's text.
    fn text_of(&self, cell: &Cell) -> &str {
        // Cells are pushed with the bounds of the text they add, so they hold.
        self.text
            .get(cell.start as usize..cell.end as usize)
            .unwrap_or_default()
    }

    /// The log line of the first row, if there is one.
    pub fn first_line(&self) -> Option<usize> {
        self.rows.first().map(|(line, _)| *line)
    }

    /// Each row, in log order.
    pub fn iter(&self) -> impl Iterator<Item = Row<'_>> {
        let mut start = 0;
        self.rows.iter().map(move |&(line, end)| {
            let cells = &self.cells[start..end];
            start = end;
            Row {
                line,
                rows: self,
                cells,
            }
        })
    }
}

/// One row of a case: its line and its non-empty cells.
#[derive(Clone, Copy)]
pub(super) struct Row<'a> {
    /// The row's 1-based log line.
    pub line: usize,
    rows: &'a Rows,
    cells: &'a [Cell],
}

impl<'a> Row<'a> {
    /// Each non-empty cell: its column's name and role, and its text.
    pub fn cells(&self) -> impl Iterator<Item = (&'a str, Role, &'a str)> + 'a {
        let rows = self.rows;
        self.cells.iter().map(move |cell| {
            let column = cell.column as usize;
            (
                rows.columns.names[column].as_str(),
                rows.columns.roles[column],
                rows.text_of(cell),
            )
        })
    }

    /// The text of the column with this role, if the row has it and it is not empty.
    pub fn get(&self, role: Role) -> Option<&'a str> {
        let roles = &self.rows.columns.roles;
        self.cells
            .iter()
            .find(|cell| roles[cell.column as usize] == role)
            .map(|cell| self.rows.text_of(cell))
    }

    /// The text of the column with this name, if the row has it and it is not empty.
    pub fn named(&self, name: &str) -> Option<&'a str> {
        self.cells()
            .find(|(n, _, _)| *n == name)
            .map(|(_, _, text)| text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_their_cells_apart() {
        let columns =
            Columns::new(["case_id", "activity", "region", "judgement"].map(String::from));
        let mut rows = Rows::new(Arc::new(columns));
        rows.push(2, [(0, "a"), (1, "inspection"), (2, ""), (3, "good")]);
        rows.push(3, [(0, "a"), (1, "note")]);
        let read: Vec<Row> = rows.iter().collect();
        assert_eq!((read[0].line, read[1].line), (2, 3));
        assert_eq!(read[0].get(Role::Activity), Some("inspection"));
        assert_eq!(
            read[0].get(Role::Council(1)),
            None,
            "an empty cell is absent"
        );
        assert_eq!(read[0].named("judgement"), Some("good"));
        assert_eq!(read[1].get(Role::Activity), Some("note"));
        assert_eq!(read[1].named("judgement"), None);
        assert_eq!(rows.first_line(), Some(2));
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
