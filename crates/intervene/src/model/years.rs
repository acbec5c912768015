//! The years a date of the process can plausibly fall in. Ofsted began in 1992 and the
//! process is younger; a year far outside (0000, 9999) is a slip of the keyboard, and
//! deadlines counted from it reach dates no reader of dates can write back.

/// The first year a history date, a rule date or a calendar's listed years may be in.
pub const FIRST_YEAR: i32 = 1900;

/// The last year a history date, a rule date or a calendar's listed years may be in.
pub const LAST_YEAR: i32 = 2200;

/// True when `year` is within [`FIRST_YEAR`] to [`LAST_YEAR`].
pub fn plausible(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}
