//! Inclusive ranges of days: a partial date, or a deadline computed from one.

use chrono::NaiveDate;

use crate::model::PartialDate;

/// An inclusive range of days: a partial date, or a deadline computed from one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    /// Earliest.
    pub first: NaiveDate,
    /// Latest.
    pub last: NaiveDate,
}

impl From<PartialDate> for DateRange {
    fn from(date: PartialDate) -> Self {
        Self {
            first: date.first(),
            last: date.last(),
        }
    }
}
