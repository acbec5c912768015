//! Partial dates: a day, a month or a year, kept at the precision the source gave.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// `YYYY-MM-DD`: the day is known.
    Day,
    /// `YYYY-MM`: some day in that month.
    Month,
    /// `YYYY`: some day in that year.
    Year,
    /// `..YYYY-MM-DD`: on or before that day, within the [`UP_TO_DAYS`] before it. An
    /// Ofsted visit whose sources give only the day its letter was published happened
    /// on or before it; how long before is not known.
    UpTo,
}

/// How far back an `..YYYY-MM-DD` date reaches: the widest gap from fieldwork to
/// publication the format allows for. Ofsted publishes letters and reports within weeks
/// of a visit; six months is a generous bound, so a check against it errs towards
/// "too coarse to tell", never towards a breach.
pub const UP_TO_DAYS: u64 = 183;

/// A date known to a day, a month or a year.
///
/// A partial date is an interval (`first()..=last()`), never silently the 1st: sources
/// often say only "August 2019", and a deadline check must not pretend to know more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    first: NaiveDate,
    precision: Precision,
}

/// Why a string is not a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateParseError {
    /// The text is not one of the shapes.
    #[error(
        "`{0}` is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (or ..YYYY-MM-DD for on or before a day)"
    )]
    Shape(String),
    /// The shape is right but no such month exists.
    #[error("`{0}` has no month {1}: months run 01 to 12")]
    Month(String, u32),
    /// The shape is right but no such day exists in that month.
    #[error("`{0}` is not a day of the calendar")]
    Day(String),
    /// A real date, but in a year the process cannot have happened in.
    #[error("`{0}` is in the year {1}: dates of the process lie from {first} to {last}", first = super::years::FIRST_YEAR, last = super::years::LAST_YEAR)]
    Year(String, i32),
}

impl PartialDate {
    /// A date known to the day.
    pub fn day(date: NaiveDate) -> Self {
        Self {
            first: date,
            precision: Precision::Day,
        }
    }

    /// Some day in the given month, or `None` if the month does not exist.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|first| Self {
            first,
            precision: Precision::Month,
        })
    }

    /// Some day in the given year, or `None` if the year is out of chrono's range.
    pub fn year(year: i32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, 1, 1).map(|first| Self {
            first,
            precision: Precision::Year,
        })
    }

    /// Some day on or before `last`, within [`UP_TO_DAYS`] of it.
    pub fn up_to(last: NaiveDate) -> Self {
        Self {
            first: last
                .checked_sub_days(chrono::Days::new(UP_TO_DAYS))
                .unwrap_or(NaiveDate::MIN),
            precision: Precision::UpTo,
        }
    }

    /// How precisely the date is known.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The earliest day the date can be.
    pub fn first(&self) -> NaiveDate {
        self.first
    }

    /// The latest day the date can be.
    pub fn last(&self) -> NaiveDate {
        let next = match self.precision {
            Precision::Day => return self.first,
            Precision::Month => self.first.checked_add_months(chrono::Months::new(1)),
            Precision::Year => self.first.with_year(self.first.year() + 1),
            Precision::UpTo => self
                .first
                .checked_add_days(chrono::Days::new(UP_TO_DAYS + 1)),
        };
        // The first day of the next month or year exists for every date chrono can hold
        // but its very last year; there the interval simply ends at chrono's maximum.
        next.and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
    }

    /// True when every day this date can be lies before every day `other` can be.
    pub fn certainly_before(&self, other: &PartialDate) -> bool {
        self.last() < other.first()
    }

    /// True when the two intervals share at least one day.
    pub fn overlaps(&self, other: &PartialDate) -> bool {
        self.first <= other.last() && other.first <= self.last()
    }
}

impl FromStr for PartialDate {
    type Err = DateParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let shape = || DateParseError::Shape(text.to_owned());
        if let Some(day) = text.strip_prefix("..") {
            let last: PartialDate = day.parse().map_err(|_| shape())?;
            return match last.precision {
                Precision::Day => Ok(Self::up_to(last.first)),
                _ => Err(shape()),
            };
        }
        // `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, every part its full width in ASCII digits.
        // Every event of every history is parsed here, so it reads bytes, not pieces.
        let bytes = text.as_bytes();
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let digits = bytes.get(range)?;
            digits.iter().try_fold(0u32, |n, &b| {
                b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
            })
        };
        let dash = |at: usize| bytes.get(at) == Some(&b'-');
        let (year, month, day) = match bytes.len() {
            4 => (number(0..4), None, None),
            7 if dash(4) => (number(0..4), Some(number(5..7)), None),
            10 if dash(4) && dash(7) => (number(0..4), Some(number(5..7)), Some(number(8..10))),
            _ => return Err(shape()),
        };
        // Four digits always fit an i32.
        let year = i32::try_from(year.ok_or_else(shape)?).map_err(|_| shape())?;
        let month = month.map(|m| m.ok_or_else(shape)).transpose()?;
        let day = day.map(|d| d.ok_or_else(shape)).transpose()?;
        Self::from_numbers(text, year, month, day)
    }
}

impl PartialDate {
    /// The date of a text already read as numbers: the month must exist, then the day.
    fn from_numbers(
        text: &str,
        year: i32,
        month: Option<u32>,
        day: Option<u32>,
    ) -> Result<Self, DateParseError> {
        let shape = || DateParseError::Shape(text.to_owned());
        if !super::years::plausible(year) {
            return Err(DateParseError::Year(text.to_owned(), year));
        }
        match (month, day) {
            (None, _) => Self::year(year).ok_or_else(shape),
            (Some(m), _) if !(1..=12).contains(&m) => {
                Err(DateParseError::Month(text.to_owned(), m))
            }
            (Some(m), None) => Self::month(year, m).ok_or_else(shape),
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(year, m, d)
                .map(Self::day)
                .ok_or_else(|| DateParseError::Day(text.to_owned())),
        }
    }
}

/// A date's text as histories write it, put together by hand for the four-digit years of
/// every history: reports print every event's date, and the formatting machinery costs
/// more than the rest of printing one.
struct DateText {
    bytes: [u8; 10],
    len: usize,
}

impl DateText {
    fn of(date: &PartialDate) -> Option<Self> {
        let year = u32::try_from(date.first.year())
            .ok()
            .filter(|y| *y <= 9999)?;
        let mut bytes = *b"0000-00-00";
        let (year_at, rest) = bytes.split_at_mut(4);
        let (month_at, day_at) = rest.split_at_mut(3);
        put_digits(year_at, year);
        put_digits(month_at.get_mut(1..)?, date.first.month());
        put_digits(day_at.get_mut(1..)?, date.first.day());
        let len = match date.precision {
            Precision::Day => 10,
            Precision::Month => 7,
            Precision::Year => 4,
            Precision::UpTo => return None,
        };
        Some(Self { bytes, len })
    }

    /// The text: digits and dashes, so always UTF-8.
    fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(self.bytes.get(..self.len)?).ok()
    }
}

/// Writes `value`'s last digits into `digits`, zero-padded.
fn put_digits(digits: &mut [u8], mut value: u32) {
    for digit in digits.iter_mut().rev() {
        // `value % 10` is below 10, so the index is always in bounds.
        *digit = b"0123456789"[(value % 10) as usize];
        value /= 10;
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(text) = DateText::of(self).as_ref().and_then(DateText::as_str) {
            return f.write_str(text);
        }
        match self.precision {
            Precision::Day => write!(f, "{}", self.first.format("%Y-%m-%d")),
            Precision::Month => write!(f, "{}", self.first.format("%Y-%m")),
            Precision::Year => write!(f, "{}", self.first.format("%Y")),
            Precision::UpTo => write!(f, "..{}", PartialDate::day(self.last())),
        }
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match DateText::of(self).as_ref().and_then(DateText::as_str) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.collect_str(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> PartialDate {
        text.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    /// The format's own reading of a date's shape, piece by piece, kept to hold the
    /// parser to it.
    fn by_pieces(text: &str) -> Result<PartialDate, DateParseError> {
        let shape = || DateParseError::Shape(text.to_owned());
        let number = |part: &str, width: usize| -> Result<u32, DateParseError> {
            if part.len() == width && part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().map_err(|_| shape())
            } else {
                Err(shape())
            }
        };
        let mut parts = text.split('-');
        let year = number(parts.next().unwrap_or_default(), 4)? as i32;
        let month = parts.next().map(|p| number(p, 2)).transpose()?;
        let day = parts.next().map(|p| number(p, 2)).transpose()?;
        if parts.next().is_some() {
            return Err(shape());
        }
        PartialDate::from_numbers(text, year, month, day)
    }

    #[test]
    fn the_parser_reads_every_text_as_the_format_does() {
        let texts = [
            "2019",
            "2019-08",
            "2019-08-01",
            "2020-02-29",
            "2019-02-29",
            "2019-02-30",
            "2019-13",
            "2019-00",
            "2019-13-xx",
            "2019-1",
            "2019-08-1",
            "201",
            "20190",
            "2019-",
            "-2019",
            "2019-08-",
            "2019-08-01-",
            "2019/08/01",
            "2019-08-01T00",
            "２０１９",
            "2019-0８",
            "0000",
            "9999-12-31",
            "abcd",
            "",
            "2019-08-01 ",
            "+201",
            "2019--1",
            "2019-8-01",
        ];
        for text in texts {
            assert_eq!(text.parse::<PartialDate>(), by_pieces(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_parser_agrees_on_any_short_text(
            text in "([0-9]{3,5}(-[0-9]{1,3}){0,3})|[0-9a-z+ \\-]{0,11}"
        ) {
            proptest::prop_assert_eq!(text.parse::<PartialDate>(), by_pieces(&text));
        }
    }

    #[test]
    fn month_is_an_interval_not_the_first() {
        let date = d("2019-02");
        assert_eq!(date.first().to_string(), "2019-02-01");
        assert_eq!(date.last().to_string(), "2019-02-28");
        assert_eq!(date.precision(), Precision::Month);
        assert_eq!(d("2020-02").last().to_string(), "2020-02-29");
        assert_eq!(d("2019").last().to_string(), "2019-12-31");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert_eq!(
            "2019-13".parse::<PartialDate>(),
            Err(DateParseError::Month("2019-13".into(), 13))
        );
        assert!(matches!(
            "2019-02-30".parse::<PartialDate>(),
            Err(DateParseError::Day(_))
        ));
        for bad in [
            "19",
            "2019-1",
            "2019-01-1",
            "2019/01",
            "2019-01-01-01",
            "",
            "20x9",
            "+2019",
        ] {
            assert!(
                matches!(bad.parse::<PartialDate>(), Err(DateParseError::Shape(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn displays_at_its_own_precision() {
        for text in ["2019", "2019-08", "2019-08-14"] {
            assert_eq!(d(text).to_string(), text);
        }
    }

    proptest::proptest! {
        /// The text written by hand is chrono's, in JSON too, for any year chrono holds.
        #[test]
        fn any_date_is_written_as_chrono_writes_it(days in -1_000_000i32..4_000_000) {
            let first = NaiveDate::from_num_days_from_ce_opt(days).unwrap_or(NaiveDate::MIN);
            let dates = [
                (PartialDate::day(first), first.format("%Y-%m-%d").to_string()),
                (
                    PartialDate::month(first.year(), first.month()).unwrap_or(PartialDate::day(first)),
                    first.format("%Y-%m").to_string(),
                ),
                (
                    PartialDate::year(first.year()).unwrap_or(PartialDate::day(first)),
                    first.format("%Y").to_string(),
                ),
            ];
            for (date, text) in dates {
                proptest::prop_assert_eq!(date.to_string(), text.clone());
                proptest::prop_assert_eq!(serde_json::to_string(&date).ok(), Some(format!("\"{text}\"")));
            }
        }
    }

    #[test]
    fn up_to_a_day_is_the_half_year_before_it() {
        let date = d("..2019-07-30");
        assert_eq!(date.precision(), Precision::UpTo);
        assert_eq!(date.last().to_string(), "2019-07-30");
        assert_eq!(date.first().to_string(), "2019-01-28");
        assert_eq!(date.to_string(), "..2019-07-30");
        assert_eq!(
            serde_json::to_string(&date).ok(),
            Some("\"..2019-07-30\"".into())
        );
        for bad in ["..2019-07", "..2019", "...2019-07-30", "..", "..2019-07-32"] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn ordering_is_certain_only_without_overlap() {
        assert!(d("2019-07").certainly_before(&d("2019-08-01")));
        assert!(!d("2019").certainly_before(&d("2019-08")));
        assert!(d("2019").overlaps(&d("2019-08")));
    }
}
