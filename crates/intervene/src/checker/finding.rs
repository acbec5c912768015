//! What the checker says: findings, each naming its rule, verdict, events and source.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;
use strum::{Display, IntoStaticStr};

use crate::calendar::DateRange;
use crate::model::{Event, Kind, PartialDate};
use crate::rules::{Basis, Severity};

/// The findings for one council.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CouncilReport {
    /// The council's slug.
    pub council: String,
    /// The history file.
    pub file: PathBuf,
    /// Findings in replay order of the events they concern.
    pub findings: Vec<Finding>,
}

impl CouncilReport {
    /// How many findings have the given severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Something in a history that does not fit the process or its clocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule id (`ofsted.action-plan`, `transition.…`, `input.order`).
    pub rule: String,
    /// How bad.
    pub severity: Severity,
    /// Breach, missing, undecided, unusual or irregular.
    pub verdict: Verdict,
    /// What kind of authority sets the rule (none for the reader's own checks).
    pub basis: Option<Basis>,
    /// A sentence a person can act on.
    pub message: String,
    /// The rule's source.
    pub source: String,
    /// The deadline judged, if the finding is about one.
    pub due: Option<Due>,
    /// Days past the deadline's last day, for a `breach` or `missing` step that is late:
    /// to the late event's earliest possible day, or to the day judged when none came
    /// (at least this many, where dates are partial). `None` when not late.
    pub days_late: Option<i64>,
    /// The events concerned; the first is where the finding points.
    pub events: Vec<EventRef>,
}

/// What the checker concluded. Only `breach` says a deadline was missed, and only where
/// a written source sets the deadline and the record can show the miss.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Display, IntoStaticStr, strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Verdict {
    /// A sourced deadline was missed (or a bound broken) and the record shows it: the
    /// event is recorded late or early, or none is recorded by a deadline in a record
    /// that lists every such event.
    Breach,
    /// The record cannot tell: partial dates straddle the deadline, or earlier events of
    /// the kind may be unrecorded.
    Undecided,
    /// Expected by a sourced rule and not recorded by its deadline, in a record that may
    /// be incomplete: a gap in the record as likely as a miss.
    Missing,
    /// Later (or fewer) than other councils' histories usually show: a `practice` rule,
    /// which no written source sets.
    Unusual,
    /// A step the process does not provide for, or a record at odds with itself.
    Irregular,
}

/// A deadline: one day, or a range where partial dates leave it uncertain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Known to the day.
    Date(NaiveDate),
    /// Somewhere from the first to the last day.
    Range(NaiveDate, NaiveDate),
    /// On or after a day, with no known latest (a report whose receipt and publication
    /// are both unrecorded).
    From(NaiveDate),
}

impl From<DateRange> for Due {
    fn from(range: DateRange) -> Self {
        if range.first == range.last {
            Due::Date(range.first)
        } else if range.last == NaiveDate::MAX {
            Due::From(range.first)
        } else {
            Due::Range(range.first, range.last)
        }
    }
}

// Written as the day's `PartialDate`, whose text is put together without the formatting
// machinery: every finding with a deadline prints it twice.
impl std::fmt::Display for Due {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Due::Date(d) => std::fmt::Display::fmt(&PartialDate::day(d), f),
            Due::Range(a, b) => write!(
                f,
                "between {} and {}",
                PartialDate::day(a),
                PartialDate::day(b)
            ),
            Due::From(a) => write!(f, "no earlier than {}", PartialDate::day(a)),
        }
    }
}

impl Due {
    /// The first day the deadline may fall on.
    pub fn earliest(&self) -> NaiveDate {
        match *self {
            Due::Date(d) | Due::Range(d, _) | Due::From(d) => d,
        }
    }

    /// The last day it may fall on, if known.
    pub fn latest(&self) -> Option<NaiveDate> {
        match *self {
            Due::Date(d) | Due::Range(_, d) => Some(d),
            Due::From(_) => None,
        }
    }
}

/// Always `{"earliest": day, "latest": day or null}`: one shape for a day known exactly,
/// a range, and an open end, so a script reads it one way.
impl Serialize for Due {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut due = serializer.serialize_struct("Due", 2)?;
        due.serialize_field("earliest", &PartialDate::day(self.earliest()))?;
        due.serialize_field("latest", &self.latest().map(PartialDate::day))?;
        due.end()
    }
}

/// An event a finding concerns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRef {
    /// Position in the file's event list (0-based).
    pub index: usize,
    /// Its date.
    pub date: PartialDate,
    /// Its kind.
    pub kind: Kind,
    /// Its line in the file.
    pub line: usize,
}

impl EventRef {
    /// Refers to event `index` of a history.
    pub fn new(index: usize, event: &Event) -> Self {
        Self {
            index,
            date: event.date,
            kind: event.kind_name(),
            line: event.line,
        }
    }
}
