//! A calendar's data checked for sense: listed years within the years a date can be in,
//! in order, and each holiday listed once.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::model::years::{FIRST_YEAR, LAST_YEAR, plausible};

/// Why a calendar's data makes no sense.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarBoundsError {
    /// `listed_years` runs backwards.
    #[error("`listed_years` runs backwards: from {from} to {to}")]
    Backwards {
        /// First year.
        from: i32,
        /// Last year.
        to: i32,
    },
    /// `listed_years` reaches outside the years a date can be in.
    #[error(
        "`listed_years` {from} to {to} reaches outside {FIRST_YEAR} to {LAST_YEAR}, the years a date of the process can be in"
    )]
    OutOfRange {
        /// First year.
        from: i32,
        /// Last year.
        to: i32,
    },
    /// A holiday listed twice.
    #[error("holiday {0} is listed twice")]
    Repeated(NaiveDate),
}

/// Checks a calendar's listed years.
pub fn check_years(from: i32, to: i32) -> Result<(), CalendarBoundsError> {
    if from > to {
        return Err(CalendarBoundsError::Backwards { from, to });
    }
    if !plausible(from) || !plausible(to) {
        return Err(CalendarBoundsError::OutOfRange { from, to });
    }
    Ok(())
}

/// Checks that `day` is not among the holidays `listed` so far, and adds it.
pub fn check_repeated(
    listed: &mut HashSet<NaiveDate>,
    day: NaiveDate,
) -> Result<(), CalendarBoundsError> {
    match listed.insert(day) {
        true => Ok(()),
        false => Err(CalendarBoundsError::Repeated(day)),
    }
}
