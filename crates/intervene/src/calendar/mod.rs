//! Working days in England and Wales, and the deadline arithmetic rules are written in.
//!
//! A working day is every day but Saturday, Sunday, Christmas Day, Good Friday and a
//! bank holiday in England and Wales (SI 2007/462 reg 1(2)). Bank holidays come from the
//! bundled list (`rules/calendar/england-and-wales.yaml`) for the years it covers, one-off
//! holidays included, and from the standing rules for other years.

mod bounds;
mod easter;
mod range;
mod span;

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use chrono::{Datelike, Days, NaiveDate, Weekday};

pub use bounds::{CalendarBoundsError, check_repeated, check_years};
pub use easter::easter_sunday;
pub use range::DateRange;
pub use span::{Span, Unit};

/// The non-working days of England and Wales, over all years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    listed_years: RangeInclusive<i32>,
    /// The first day of the first listed year: day 0 of `listed`.
    first_day: NaiveDate,
    /// Per day of the listed years, whether it is a listed holiday.
    listed: Vec<bool>,
    /// Per day of the listed years, how many working days there are from `first_day` up to
    /// and including it. Deadlines are computed for every event of 100,000 councils, so
    /// within the listed years working-day arithmetic is a table lookup, not a walk.
    working_through: Vec<u32>,
    /// The day offsets from `first_day` of the working days of the listed years, in order.
    working_days: Vec<u32>,
}

impl Calendar {
    /// A calendar whose bank holidays for `listed_years` are exactly `holidays`; other
    /// years follow the standing rules.
    /// Years outside [`crate::model::years`]' bounds are left to the standing rules, so
    /// the table stays a few hundred kilobytes whatever it is given.
    pub fn new(
        listed_years: RangeInclusive<i32>,
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> Self {
        use crate::model::years::{FIRST_YEAR, LAST_YEAR};
        let listed_years =
            (*listed_years.start()).max(FIRST_YEAR)..=(*listed_years.end()).min(LAST_YEAR);
        let first_day =
            NaiveDate::from_ymd_opt(*listed_years.start(), 1, 1).unwrap_or(NaiveDate::MIN);
        let last_day =
            NaiveDate::from_ymd_opt(*listed_years.end(), 12, 31).unwrap_or(NaiveDate::MIN);
        let days = (last_day - first_day).num_days() + 1;
        let mut listed = vec![false; usize::try_from(days).unwrap_or(0)];
        for day in holidays {
            let at = usize::try_from((day - first_day).num_days()).ok();
            if let Some(slot) = at.and_then(|at| listed.get_mut(at)) {
                *slot = true;
            }
        }
        let mut calendar = Self {
            listed_years,
            first_day,
            listed,
            working_through: Vec::new(),
            working_days: Vec::new(),
        };
        let mut count = 0;
        let mut working_through = Vec::with_capacity(calendar.listed.len());
        for (offset, day) in (0u32..).zip(first_day.iter_days().take(calendar.listed.len())) {
            if calendar.is_working_day(day) {
                count += 1;
                calendar.working_days.push(offset);
            }
            working_through.push(count);
        }
        calendar.working_through = working_through;
        calendar
    }

    /// The offset of `date` from `first_day` when it lies in the listed years.
    fn offset(&self, date: NaiveDate) -> Option<usize> {
        let at = usize::try_from((date - self.first_day).num_days()).ok()?;
        (at < self.listed.len()).then_some(at)
    }

    /// The years whose holidays are listed rather than computed.
    pub fn listed_years(&self) -> &RangeInclusive<i32> {
        &self.listed_years
    }

    /// True when `date` is a bank holiday (or substitute day), Christmas Day or Good Friday.
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        let year = date.year();
        let (month, day) = (date.month(), date.day());
        // Good Friday falls in March or April; computing Easter only then keeps this cheap
        // (working-day arithmetic asks about every day it passes).
        if (month, day) == (12, 25) || (matches!(month, 3 | 4) && date == good_friday(year)) {
            return true;
        }
        if self.listed_years.contains(&year) {
            self.offset(date)
                .and_then(|at| self.listed.get(at))
                .is_some_and(|&listed| listed)
        } else {
            standing_holidays(year).contains(&date)
        }
    }

    /// True when `date` is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.is_holiday(date)
    }

    /// The `n`th working day after `date` (`date` itself is day 0, whatever it is).
    /// `None` only past the end of chrono's calendar.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> Option<NaiveDate> {
        if n == 0 {
            return Some(date);
        }
        let listed = self.offset(date).and_then(|at| {
            let nth = self.working_through.get(at)?.checked_add(n - 1)?;
            let offset = self.working_days.get(usize::try_from(nth).ok()?)?;
            self.first_day.checked_add_days(Days::new((*offset).into()))
        });
        listed.or_else(|| self.add_by_years(date, n))
    }

    /// `add_working_days` where the table does not reach: whole years at a time (each
    /// counted from the table or the standing rules), then the last year a day at a time.
    fn add_by_years(&self, date: NaiveDate, n: u32) -> Option<NaiveDate> {
        let (mut at, mut left) = (date, n);
        loop {
            let year_end = NaiveDate::from_ymd_opt(at.succ_opt()?.year(), 12, 31)?;
            let in_year = self.count_in_year(at, year_end);
            if in_year >= left {
                return self.walk_working_days(at, left);
            }
            left -= in_year;
            at = year_end;
        }
    }

    /// Working days after `from` up to and including `to`, both in one year (or `from`
    /// the last day of the year before): by the table in a listed year, else weekdays less
    /// the standing holidays that fall on them.
    fn count_in_year(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        if to <= from {
            return 0;
        }
        if self.listed_years.contains(&to.year()) {
            let through = |d: NaiveDate| {
                self.offset(d)
                    .and_then(|at| self.working_through.get(at))
                    .copied()
                    .unwrap_or(0)
            };
            return through(to).saturating_sub(through(from));
        }
        let holidays = standing_holidays(to.year())
            .into_iter()
            .filter(|h| from < *h && *h <= to && !is_weekend(*h))
            .count();
        weekdays_after(from, to).saturating_sub(holidays as u32)
    }

    /// `add_working_days` a day at a time: for the last year of a long span.
    fn walk_working_days(&self, date: NaiveDate, n: u32) -> Option<NaiveDate> {
        let mut day = date;
        let mut left = n;
        while left > 0 {
            day = day.succ_opt()?;
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        Some(day)
    }

    /// How many working days lie after `from` up to and including `to` (0 when `to <= from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        if to <= from {
            return 0;
        }
        let listed = self.offset(from).zip(self.offset(to));
        if let Some((Some(before), Some(through))) =
            listed.map(|(f, t)| (self.working_through.get(f), self.working_through.get(t)))
        {
            return through - before;
        }
        // A year at a time, each counted whole.
        let (mut at, mut total) = (from, 0u32);
        while at < to {
            let Some(year_end) = at
                .succ_opt()
                .and_then(|next| NaiveDate::from_ymd_opt(next.year(), 12, 31))
            else {
                break;
            };
            let end = year_end.min(to);
            total = total.saturating_add(self.count_in_year(at, end));
            at = end;
        }
        total
    }

    /// `date` moved on by `span`: working days counted as above, months to the same day
    /// of the month clamped to the month's end, weeks as 7 days. `None` past chrono's end.
    pub fn add(&self, date: NaiveDate, span: Span) -> Option<NaiveDate> {
        match span.unit {
            Unit::WorkingDays => self.add_working_days(date, span.amount),
            Unit::Days => date.checked_add_days(Days::new(span.amount.into())),
            Unit::Weeks => date.checked_add_days(Days::new(7 * u64::from(span.amount))),
            Unit::Months => date.checked_add_months(chrono::Months::new(span.amount)),
        }
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// How many weekdays (Monday to Friday) lie after `from` up to and including `to`.
fn weekdays_after(from: NaiveDate, to: NaiveDate) -> u32 {
    let days = (to - from).num_days().max(0);
    let weeks = u32::try_from(days / 7).unwrap_or(u32::MAX);
    // The days past the whole weeks: at most six, looked at one by one.
    let rest = (1..=days % 7)
        .filter_map(|i| to.checked_sub_days(Days::new(u64::try_from(i - 1).unwrap_or(0))))
        .filter(|d| !is_weekend(*d))
        .count() as u32;
    weeks.saturating_mul(5).saturating_add(rest)
}

fn good_friday(year: i32) -> NaiveDate {
    easter_sunday(year) - Days::new(2)
}

/// The bank holidays the standing rules give for a year, with weekend substitutes.
pub fn standing_holidays(year: i32) -> BTreeSet<NaiveDate> {
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let mut days = BTreeSet::new();
    let easter = easter_sunday(year);
    days.insert(easter - Days::new(2));
    days.insert(easter + Days::new(1));
    days.extend(ymd(5, 1).map(|d| next_monday(d, 0)));
    days.extend(ymd(5, 31).map(last_monday));
    days.extend(ymd(8, 31).map(last_monday));
    // Fixed-date holidays that fall at a weekend move to the next weekday not already a
    // holiday (so Christmas on a Sunday gives Boxing Day on the 26th, Christmas on the 27th).
    let fixed: Vec<NaiveDate> = [ymd(1, 1), ymd(12, 25), ymd(12, 26)]
        .into_iter()
        .flatten()
        .collect();
    days.extend(fixed.iter().copied());
    for day in fixed {
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            let mut sub = day;
            while matches!(sub.weekday(), Weekday::Sat | Weekday::Sun) || days.contains(&sub) {
                sub = sub + Days::new(1);
            }
            days.insert(sub);
        }
    }
    days
}

/// The first Monday on or after `date`, plus `weeks` weeks.
fn next_monday(date: NaiveDate, weeks: u64) -> NaiveDate {
    let ahead = (7 - date.weekday().num_days_from_monday()) % 7;
    date + Days::new(u64::from(ahead) + 7 * weeks)
}

/// The last Monday on or before `date`.
fn last_monday(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn standing_rules_give_the_usual_year() {
        let days: Vec<String> = standing_holidays(2031)
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(
            days,
            [
                "2031-01-01",
                "2031-04-11",
                "2031-04-14",
                "2031-05-05",
                "2031-05-26",
                "2031-08-25",
                "2031-12-25",
                "2031-12-26"
            ]
        );
    }

    #[test]
    fn christmas_on_a_sunday_moves_to_the_27th() {
        let days = standing_holidays(2022);
        assert!(days.contains(&ymd(2022, 12, 26)) && days.contains(&ymd(2022, 12, 27)));
        let days = standing_holidays(2021); // Christmas on a Saturday
        assert!(days.contains(&ymd(2021, 12, 27)) && days.contains(&ymd(2021, 12, 28)));
    }

    #[test]
    fn table_agrees_with_walking_day_by_day() {
        let mut holidays: Vec<NaiveDate> = (2008..=2030).flat_map(standing_holidays).collect();
        holidays.push(ymd(2022, 9, 19));
        let cal = Calendar::new(2008..=2030, holidays);
        for from in ymd(2007, 12, 1)
            .iter_days()
            .step_by(4)
            .take_while(|d| d.year() <= 2031)
        {
            for n in [0, 1, 2, 5, 20, 70, 400] {
                assert_eq!(
                    cal.add_working_days(from, n),
                    cal.walk_working_days(from, n),
                    "{from} + {n}"
                );
            }
            let to = from + Days::new(100);
            let walked = from.iter_days().skip(1).take_while(|d| *d <= to);
            let walked = walked.filter(|d| cal.is_working_day(*d)).count() as u32;
            assert_eq!(cal.working_days_between(from, to), walked, "{from}..{to}");
        }
    }

    #[test]
    fn long_spans_jump_by_years_and_agree_with_walking() {
        let holidays: Vec<NaiveDate> = (2008..=2030).flat_map(standing_holidays).collect();
        let cal = Calendar::new(2008..=2030, holidays);
        for from in [
            ymd(1950, 3, 7),
            ymd(2005, 12, 31),
            ymd(2029, 6, 1),
            ymd(2100, 1, 1),
        ] {
            for n in [1, 250, 1_000, 10_000] {
                let jumped = cal.add_working_days(from, n);
                assert_eq!(jumped, cal.walk_working_days(from, n), "{from} + {n}");
                let to = jumped.unwrap_or(from);
                assert_eq!(cal.working_days_between(from, to), n, "{from}..{to}");
            }
        }
    }

    #[test]
    fn years_beyond_the_plausible_are_not_tabled() {
        let cal = Calendar::new(-262_000..=262_000, []);
        assert_eq!(cal.listed_years(), &(1900..=2200));
    }

    #[test]
    fn computed_years_count_christmas_and_good_friday() {
        let cal = Calendar::new(2008..=2030, []);
        assert!(!cal.is_working_day(ymd(2035, 12, 25)));
        assert!(!cal.is_working_day(ymd(2035, 3, 23))); // Good Friday 2035
        assert!(cal.is_working_day(ymd(2035, 3, 27)));
    }
}
