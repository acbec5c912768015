//! An open expectation: a rule waiting for its event, with its clock.

use chrono::NaiveDate;

use super::{DateRange, Due, EventRef, Finding, Verdict};
use crate::calendar::Calendar;
use crate::model::{Event, Kind, PartialDate};
use crate::rules::{Deadline, Rule, Severity};

/// A rule that was triggered and waits for its expected event.
#[derive(Debug, Clone)]
pub(super) struct Expectation<'r> {
    pub rule: &'r Rule,
    /// The triggering event (for `after` rules, the parent's trigger).
    pub trigger: usize,
    /// Where the clock starts.
    pub anchor: DateRange,
    /// How the anchor is described in messages ("the inspection of 2019-08").
    pub anchor_text: AnchorText<'r>,
    /// The events of the counted kind seen since the trigger (count rules).
    pub counted: u32,
    /// The latest-bound deadline, worked out once: it is asked for more than once.
    due: Option<DateRange>,
    /// The earliest bound, likewise.
    not_before: Option<DateRange>,
}

/// How an expectation's anchor reads in messages. Most expectations end without a
/// finding, so the sentence is only written when a message needs it.
#[derive(Debug, Clone)]
pub(super) enum AnchorText<'r> {
    /// "the inspection of 2019-08".
    Event { kind: Kind, date: PartialDate },
    /// The trigger, when the event the clock should run from is not recorded.
    Trigger {
        kind: Kind,
        date: PartialDate,
        unrecorded: Kind,
    },
    /// "the action plan recorded": the parent rule's expected event.
    Recorded(&'r Rule),
    /// "the ofsted.action-plan deadline (2019-11-04)".
    Deadline(&'r Rule, DateRange),
}

impl std::fmt::Display for AnchorText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Event { kind, date } => write!(f, "the {} of {date}", kind.words()),
            Self::Trigger {
                kind,
                date,
                unrecorded,
            } => write!(
                f,
                "the {} of {date} (no {} recorded, so the clock runs from the trigger)",
                kind.words(),
                unrecorded.words()
            ),
            Self::Recorded(rule) => {
                let expected = rule.expect.first().map(|m| m.describe());
                write!(f, "the {} recorded", expected.unwrap_or_default())
            }
            Self::Deadline(rule, due) => {
                write!(f, "the {} deadline ({})", rule.id, Due::from(*due))
            }
        }
    }
}

/// "the first monitoring visit recorded": written only into a message that needs it.
struct FirstRecorded(Kind);

impl std::fmt::Display for FirstRecorded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the first {} recorded", self.0.words())
    }
}

/// What a fulfilment or a lapse concluded.
pub(super) struct Outcome {
    pub finding: Option<Finding>,
}

impl<'r> Expectation<'r> {
    /// A clock of `rule` started at `anchor` by event `trigger`.
    pub fn new(
        rule: &'r Rule,
        trigger: usize,
        anchor: DateRange,
        anchor_text: AnchorText<'r>,
        calendar: &Calendar,
    ) -> Self {
        Self {
            rule,
            trigger,
            anchor,
            anchor_text,
            counted: 0,
            due: rule.due(calendar, anchor),
            not_before: rule.not_before(calendar, anchor),
        }
    }

    /// The latest-bound deadline of this clock, if the rule has one.
    pub fn due(&self) -> Option<DateRange> {
        self.due
    }

    /// The earliest-bound of this clock, if the rule has one.
    pub fn not_before(&self) -> Option<DateRange> {
        self.not_before
    }

    fn suspended_until(&self, end: NaiveDate) -> bool {
        self.rule.suspended_between(self.anchor.first, end)
    }

    fn expected_text(&self) -> String {
        self.rule
            .expect
            .iter()
            .map(|m| m.describe())
            .collect::<Vec<_>>()
            .join(" or ")
    }

    fn finding(
        &self,
        verdict: Verdict,
        message: String,
        due: Option<DateRange>,
        events: Vec<EventRef>,
    ) -> Finding {
        let severity = match verdict {
            Verdict::Breach => self.rule.severity,
            Verdict::Undecided => Severity::Info,
            Verdict::Missing if self.rule.severity == Severity::Error => Severity::Warning,
            Verdict::Missing => Severity::Info,
        };
        Finding {
            rule: self.rule.id.clone(),
            severity,
            verdict,
            message,
            source: self.rule.source.clone(),
            due: due.map(Due::from),
            events,
        }
    }

    /// Judges the event that met the expectation.
    pub fn fulfilled(&self, trigger: EventRef, index: usize, event: &Event) -> Outcome {
        let at = DateRange::from(event.date);
        let events = vec![EventRef::new(index, event), trigger];
        // The record may hold only some events of a kind: speak of what it records.
        let what = FirstRecorded(event.kind_name());
        if let Deadline::Count { amount, of } = self.rule.deadline {
            // Visits that could not happen during a suspension are not counted against it.
            let finding = (self.counted < amount && !self.suspended_until(at.last)).then(|| {
                let of = of.words();
                self.finding(
                    Verdict::Breach,
                    format!(
                        "{what} after {}, on {}, follows only {} recorded {of}(s); at least {amount} expected",
                        self.anchor_text, event.date, self.counted
                    ),
                    None,
                    events.clone(),
                )
            });
            return Outcome { finding };
        }
        if let Some(bound) = self.not_before() {
            if at.last < bound.first {
                let message = format!(
                    "{what} on {}, before the earliest expected date {} ({} from {})",
                    event.date,
                    Due::from(bound),
                    self.rule.deadline_text(),
                    self.anchor_text
                );
                return Outcome {
                    finding: Some(self.finding(Verdict::Breach, message, Some(bound), events)),
                };
            }
            if at.first < bound.last {
                let message = format!(
                    "{what} on {} may be before the earliest expected date {} ({} from {}): the dates are too coarse to tell",
                    event.date,
                    Due::from(bound),
                    self.rule.deadline_text(),
                    self.anchor_text
                );
                return Outcome {
                    finding: Some(self.finding(Verdict::Undecided, message, Some(bound), events)),
                };
            }
        }
        if let Some(due) = self.due() {
            if at.first > due.last {
                let late = (at.first - due.last).num_days();
                // Partial dates give the least the event can be late by.
                let exact = at.first == at.last && due.first == due.last;
                let by = if exact {
                    format!("{late} day(s)")
                } else {
                    format!("at least {late} day(s)")
                };
                let message = format!(
                    "{what} on {}, {by} after the deadline {} ({} from {})",
                    event.date,
                    Due::from(due),
                    self.rule.deadline_text(),
                    self.anchor_text
                );
                return Outcome {
                    finding: Some(self.finding(Verdict::Breach, message, Some(due), events)),
                };
            }
            if at.last > due.first {
                let message = format!(
                    "{what} on {} may be after the deadline {} ({} from {}): the dates are too coarse to tell",
                    event.date,
                    Due::from(due),
                    self.rule.deadline_text(),
                    self.anchor_text
                );
                return Outcome {
                    finding: Some(self.finding(Verdict::Undecided, message, Some(due), events)),
                };
            }
        }
        Outcome { finding: None }
    }

    /// Judges an expectation that ended unmet: by a change of state (`ended_by`), or by the
    /// end of the record as of `as_of`. Overdue by then is `missing`; otherwise quiet.
    pub fn unmet(
        &self,
        trigger: EventRef,
        ended_by: Option<(usize, &Event)>,
        as_of: NaiveDate,
    ) -> Outcome {
        let Some(due) = self.due() else {
            return Outcome { finding: None };
        };
        let overdue = match ended_by {
            Some((_, event)) => event.date.first() > due.last,
            None => as_of > due.last,
        };
        if !overdue {
            return Outcome { finding: None };
        }
        let when = match ended_by {
            Some((_, event)) => {
                format!("before the {} of {}", event.kind_name().words(), event.date)
            }
            None => format!("as of {}", PartialDate::day(as_of)),
        };
        let message = format!(
            "no {} recorded within {} of {} (due {}), {when}",
            self.expected_text(),
            self.rule.deadline_text(),
            self.anchor_text,
            Due::from(due)
        );
        let mut events = vec![trigger];
        if let Some((index, event)) = ended_by {
            events.push(EventRef::new(index, event));
        }
        Outcome {
            finding: Some(self.finding(Verdict::Missing, message, Some(due), events)),
        }
    }
}
