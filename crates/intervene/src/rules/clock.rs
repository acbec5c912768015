//! A rule's clock: its bounds from a start, in working days, weeks or months, with the
//! clock stopped over suspensions. Shared by the checker and anything that must meet the
//! rules (the history generator).

use chrono::NaiveDate;

use super::{Deadline, Rule, RuleKind};
use crate::calendar::{Calendar, DateRange, Span};

fn add(calendar: &Calendar, range: DateRange, span: Span, tolerance: Option<Span>) -> DateRange {
    let one = |d: NaiveDate| {
        let d = calendar.add(d, span).unwrap_or(NaiveDate::MAX);
        tolerance
            .map_or(Some(d), |t| calendar.add(d, t))
            .unwrap_or(NaiveDate::MAX)
    };
    let first = one(range.first);
    // Most clocks start on a known day: its two ends are one date, worked out once.
    let last = match range.last == range.first {
        true => first,
        false => one(range.last),
    };
    DateRange { first, last }
}

impl Rule {
    /// The latest-bound deadline (`max`, `target`, and a window's upper end) of a clock
    /// started on `anchor`, if the rule has one, with the clock stopped over suspensions.
    pub fn due(&self, calendar: &Calendar, anchor: DateRange) -> Option<DateRange> {
        let due = match (self.kind, self.deadline) {
            (RuleKind::Max | RuleKind::Target, Deadline::Within(span)) => {
                add(calendar, anchor, span, self.tolerance)
            }
            (RuleKind::Window, Deadline::Window { max, .. }) => add(calendar, anchor, max, None),
            _ => return None,
        };
        Some(self.paused(anchor, due))
    }

    /// The earliest-bound (`min` spans, a window's lower end), if the rule has one, with
    /// the clock stopped over any suspension.
    pub fn not_before(&self, calendar: &Calendar, anchor: DateRange) -> Option<DateRange> {
        let bound = match self.deadline {
            Deadline::Within(span) if self.kind == RuleKind::Min => {
                add(calendar, anchor, span, None)
            }
            Deadline::Window { min, .. } => add(calendar, anchor, min, None),
            _ => return None,
        };
        Some(self.paused(anchor, bound))
    }

    /// A bound moved later by the suspended days between the clock's start and it: the
    /// clock stops while the rule is suspended (moving the bound may take in more of a
    /// suspension, so this repeats until it settles).
    fn paused(&self, anchor: DateRange, bound: DateRange) -> DateRange {
        // A suspension that ends before the clock starts or begins after the bound stops
        // nothing: most clocks are of years with no suspension.
        if !self.suspended_between(anchor.first, bound.last) {
            return bound;
        }
        let shift = |end: NaiveDate| {
            let mut moved = end;
            loop {
                let days = self.suspended_days(anchor.first, moved);
                let next = end
                    .checked_add_days(chrono::Days::new(days.max(0) as u64))
                    .unwrap_or(NaiveDate::MAX);
                if next == moved {
                    return moved;
                }
                moved = next;
            }
        };
        let first = shift(bound.first);
        let last = match bound.last == bound.first {
            true => first,
            false => shift(bound.last),
        };
        DateRange { first, last }
    }

    /// The suspended days after `from` up to and including `to`: days never charged as
    /// lateness between a deadline and the event that came after it.
    pub fn suspended_after(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        match from.succ_opt() {
            Some(next) => self.suspended_days(next, to),
            None => 0,
        }
    }

    /// How many days from `start` to `end` (both included) some suspension covers: a day
    /// two suspensions share counts once.
    fn suspended_days(&self, start: NaiveDate, end: NaiveDate) -> i64 {
        let mut spans: Vec<(NaiveDate, NaiveDate)> = self
            .suspended
            .iter()
            .map(|s| {
                let from = s.period.from.max(start);
                (from, s.period.to.unwrap_or(NaiveDate::MAX).min(end))
            })
            .filter(|(from, to)| from <= to)
            .collect();
        spans.sort_unstable();
        let mut days = 0;
        // The last day counted so far: a later span counts only its days after it.
        let mut counted: Option<NaiveDate> = None;
        for (from, to) in spans {
            let from = match counted {
                Some(last) if from <= last => match last.succ_opt() {
                    Some(next) => next,
                    None => continue,
                },
                _ => from,
            };
            if from <= to {
                days += (to - from).num_days() + 1;
                counted = Some(to);
            }
        }
        days
    }

    /// True when the days from `start` to `end` touch a suspension (a count
    /// of events cannot be paused, so such a count is not judged).
    pub fn suspended_between(&self, start: NaiveDate, end: NaiveDate) -> bool {
        self.suspended
            .iter()
            .any(|s| s.period.from <= end && s.period.to.is_none_or(|to| start <= to))
    }
}
