//! An open expectation: a rule waiting for its event, with its clock, and the verdicts
//! it gives: what the rule's basis allows, and what the record's coverage can show.

use chrono::NaiveDate;

use super::{DateRange, Due, EventRef, Finding, Verdict};
use crate::calendar::Calendar;
use crate::model::{CoverageLevel, Event, Kind, PartialDate, Precision};
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
    /// What the record can show of this rule's expected events.
    pub evidence: Evidence,
    /// The latest-bound deadline, worked out once: it is asked for more than once.
    due: Option<DateRange>,
    /// The earliest bound, likewise.
    not_before: Option<DateRange>,
}

/// What the record can show about one expectation: how completely its sources list the
/// expected kinds, against what the rule needs to call a miss a breach.
#[derive(Debug, Clone, Copy)]
pub(super) struct Evidence {
    /// The coverage of the expected kinds (the least of them).
    pub coverage: CoverageLevel,
    /// The kind the coverage speaks of, for messages.
    pub kind: Kind,
    /// The first day after which the rule no longer judges (its replacement's start).
    pub judges_until: Option<NaiveDate>,
}

impl Evidence {
    pub(super) fn shows(&self, rule: &Rule) -> bool {
        self.coverage >= rule.record_shows
    }

    /// "the sources list only published monitoring visits": why a first recorded event
    /// may not be the first.
    fn caveat(&self) -> String {
        format!(
            "{} {}s, so an earlier one may be unrecorded",
            self.coverage.words(),
            self.kind.words()
        )
    }
}

/// Where a replay's clocks stop: the day asked for, or the end of the record.
#[derive(Debug, Clone, Copy)]
pub(super) struct Horizon {
    /// The day clocks are judged on.
    pub day: NaiveDate,
    /// The record ends on or before the day asked for: its end, to say so.
    pub record_end: Option<PartialDate>,
}

impl std::fmt::Display for Horizon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.record_end {
            Some(end) => write!(f, "as of the end of the record, {end}"),
            None => write!(f, "as of {}", PartialDate::day(self.day)),
        }
    }
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
    /// Receipt of a report, known only to lie between fieldwork and publication.
    Receipt { kind: Kind, range: DateRange },
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
            Self::Receipt { kind, range } => write!(
                f,
                "receipt of the {} report ({}: between the end of fieldwork and publication)",
                kind.words(),
                Due::from(*range)
            ),
            Self::Recorded(rule) => {
                let expected = rule.expect.first().map(|m| m.describe());
                write!(f, "the {} recorded", expected.unwrap_or_default())
            }
            Self::Deadline(rule, due) => {
                let what = rule.title.to_lowercase();
                write!(f, "the deadline of \"{what}\" ({})", Due::from(*due))
            }
        }
    }
}

/// "the first monitoring visit recorded", or "the next …" where the rule runs from an
/// event of the same kind (the gap between visits): written only into a message.
struct FirstRecorded {
    kind: Kind,
    next: bool,
}

impl std::fmt::Display for FirstRecorded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let which = if self.next { "next" } else { "first" };
        write!(f, "the {which} {} recorded", self.kind.words())
    }
}

/// What a fulfilment or a lapse concluded.
pub(super) struct Outcome {
    pub finding: Option<Finding>,
}

impl Outcome {
    const NONE: Outcome = Outcome { finding: None };
}

impl<'r> Expectation<'r> {
    /// A clock of `rule` started at `anchor` by event `trigger`.
    pub fn new(
        rule: &'r Rule,
        trigger: usize,
        anchor: DateRange,
        anchor_text: AnchorText<'r>,
        evidence: Evidence,
        calendar: &Calendar,
    ) -> Self {
        Self {
            rule,
            trigger,
            anchor,
            anchor_text,
            counted: 0,
            evidence,
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

    /// A replaced rule does not judge windows that close after its replacement began.
    fn out_of_its_era(&self) -> bool {
        let closes = self.due.or(self.not_before).map(|d| d.last);
        matches!((self.evidence.judges_until, closes), (Some(until), Some(closes)) if closes >= until)
    }

    fn expected_text(&self) -> String {
        self.rule
            .expect
            .iter()
            .map(|m| m.describe())
            .collect::<Vec<_>>()
            .join(" or ")
    }

    /// A finding at the verdict the evidence supports, bounded by the rule's basis: a
    /// `practice` rule says only that a history is unusual, as `info`.
    fn finding(
        &self,
        verdict: Verdict,
        message: String,
        due: Option<DateRange>,
        events: Vec<EventRef>,
    ) -> Finding {
        let practice = !self.rule.basis.sets_deadlines();
        let verdict = match verdict {
            Verdict::Breach | Verdict::Missing if practice => Verdict::Unusual,
            other => other,
        };
        let severity = match verdict {
            Verdict::Breach => self.rule.severity,
            Verdict::Undecided | Verdict::Unusual | Verdict::Irregular => Severity::Info,
            Verdict::Missing if self.rule.severity == Severity::Error => Severity::Warning,
            Verdict::Missing => Severity::Info,
        };
        Finding {
            rule: self.rule.id.clone(),
            severity: severity.max(self.rule.basis.max_severity()),
            verdict,
            basis: Some(self.rule.basis),
            message,
            source: self.rule.source.clone(),
            // A practice rule sets no deadline: its usual span is in the message.
            due: due.filter(|_| !practice).map(Due::from),
            days_late: None,
            events,
        }
    }

    /// A finding of a step `late` days past its deadline: the days are kept where the
    /// finding keeps a deadline (a sourced rule's `breach` or `missing`).
    fn late(
        &self,
        verdict: Verdict,
        message: String,
        due: DateRange,
        events: Vec<EventRef>,
        late: i64,
    ) -> Finding {
        let mut finding = self.finding(verdict, message, Some(due), events);
        if finding.due.is_some() && matches!(finding.verdict, Verdict::Breach | Verdict::Missing) {
            finding.days_late = Some(late);
        }
        finding
    }

    /// What a span is called in messages: a deadline, or for a practice rule what other
    /// councils usually show.
    fn bound_word(&self) -> &'static str {
        if self.rule.basis.sets_deadlines() {
            "the deadline"
        } else {
            "the usual time"
        }
    }

    /// Judges the event that met the expectation.
    pub fn fulfilled(&self, trigger: EventRef, index: usize, event: &Event) -> Outcome {
        if self.out_of_its_era() {
            return Outcome::NONE;
        }
        let at = DateRange::from(event.date);
        let events = vec![EventRef::new(index, event), trigger.clone()];
        let what = FirstRecorded {
            kind: event.kind_name(),
            next: trigger.kind == event.kind_name(),
        };
        if let Deadline::Count { amount, of } = self.rule.deadline {
            // The evidence is the record of the kind counted (`of`).
            // Visits that could not happen during a suspension are not counted against it.
            if self.counted >= amount || self.suspended_until(at.last) {
                return Outcome::NONE;
            }
            let of_words = of.words();
            let short = format!(
                "{what} after {}, on {}, follows only {} recorded {of_words}(s); at least {amount} expected",
                self.anchor_text, event.date, self.counted
            );
            let (verdict, message) = if self.evidence.shows(self.rule) {
                (Verdict::Breach, short)
            } else {
                (
                    Verdict::Undecided,
                    format!("{short}; {}", self.evidence.caveat()),
                )
            };
            return Outcome {
                finding: Some(self.finding(verdict, message, None, events)),
            };
        }
        if let Some(bound) = self.not_before() {
            if at.last < bound.first {
                let message = format!(
                    "{what} on {}, before the earliest {} {} ({} from {})",
                    event.date,
                    if self.rule.basis.sets_deadlines() {
                        "expected date"
                    } else {
                        "usual date"
                    },
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
                    "{what} on {} may be before the earliest date {} ({} from {}): the dates are too coarse to tell",
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
        let Some(due) = self.due() else {
            return Outcome::NONE;
        };
        // An event known only by its publication day may have happened any time before
        // it: the record cannot show it late, only that it may have been.
        let known_late = at.first > due.last && event.date.precision() != Precision::UpTo;
        if known_late {
            // Suspended days are never charged as lateness, whichever side of the
            // suspension the deadline fell.
            let late =
                (at.first - due.last).num_days() - self.rule.suspended_after(due.last, at.first);
            if late <= 0 {
                return Outcome::NONE;
            }
            // Partial dates give the least the event can be late by.
            let exact = at.first == at.last && due.first == due.last;
            let by = if exact {
                format!("{late} day(s)")
            } else {
                format!("at least {late} day(s)")
            };
            let after = format!(
                "{} {} ({} from {})",
                self.bound_word(),
                Due::from(due),
                self.rule.deadline_text(),
                self.anchor_text
            );
            let message = if !self.rule.basis.sets_deadlines() {
                format!(
                    "{what} on {}, {by} later than usual: other councils' histories show it within {} of {}; unusual compared with other councils",
                    event.date,
                    self.rule.deadline_text(),
                    self.anchor_text
                )
            } else if self.evidence.shows(self.rule) {
                format!("{what} on {}, {by} after {after}", event.date)
            } else {
                // The record cannot show that nothing came earlier.
                let message = format!(
                    "no {} recorded by {after}; {}: {what} is on {}",
                    self.expected_text(),
                    self.evidence.caveat(),
                    event.date
                );
                return Outcome {
                    finding: Some(self.late(Verdict::Missing, message, due, events, late)),
                };
            };
            return Outcome {
                finding: Some(self.late(Verdict::Breach, message, due, events, late)),
            };
        }
        if at.last > due.first {
            let message = format!(
                "{what} on {} may be after {} {} ({} from {}): the dates are too coarse to tell",
                event.date,
                self.bound_word(),
                Due::from(due),
                self.rule.deadline_text(),
                self.anchor_text
            );
            return Outcome {
                finding: Some(self.finding(Verdict::Undecided, message, Some(due), events)),
            };
        }
        Outcome::NONE
    }

    /// Judges an expectation that ended unmet: by a change of state (`ended_by`), or by the
    /// end of the record at `horizon`. Overdue by then is `missing` (a `breach` in a
    /// record that lists every such event); otherwise quiet.
    pub fn unmet(
        &self,
        trigger: EventRef,
        ended_by: Option<(usize, &Event)>,
        horizon: Horizon,
    ) -> Outcome {
        let Some(due) = self.due() else {
            return Outcome::NONE;
        };
        if self.out_of_its_era() {
            return Outcome::NONE;
        }
        let overdue = match ended_by {
            Some((_, event)) => event.date.first() > due.last,
            None => horizon.day > due.last,
        };
        if !overdue {
            return Outcome::NONE;
        }
        let when = match ended_by {
            Some((_, event)) => {
                format!("before the {} of {}", event.kind_name().words(), event.date)
            }
            None => horizon.to_string(),
        };
        let (verdict, message) = if !self.rule.basis.sets_deadlines() {
            (
                Verdict::Unusual,
                format!(
                    "no {} recorded within {} of {}, {when}: other councils' histories usually show one by then; unusual compared with other councils",
                    self.expected_text(),
                    self.rule.deadline_text(),
                    self.anchor_text
                ),
            )
        } else {
            // Shown by the record only where its sources list every such event.
            let (verdict, recorded, unrecorded) = if self.evidence.shows(self.rule) {
                (Verdict::Breach, "", "")
            } else {
                (
                    Verdict::Missing,
                    " recorded",
                    ", so it may have happened unrecorded",
                )
            };
            (
                verdict,
                format!(
                    "no {}{recorded} within {} of {} (due {}), {when}; {} {}s{unrecorded}",
                    self.expected_text(),
                    self.rule.deadline_text(),
                    self.anchor_text,
                    Due::from(due),
                    self.evidence.coverage.words(),
                    self.evidence.kind.words()
                ),
            )
        };
        let mut events = vec![trigger];
        if let Some((index, event)) = ended_by {
            events.push(EventRef::new(index, event));
        }
        let until = ended_by.map_or(horizon.day, |(_, event)| event.date.first());
        let late = (until - due.last).num_days();
        Outcome {
            finding: Some(self.late(verdict, message, due, events, late)),
        }
    }
}
