//! Why a rule-set file could not be used, and where.

use std::fmt;
use std::path::PathBuf;

/// A fault in a rule or calendar file, located to its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The file (a path under the rule directory, or `rules/…` for the bundled set).
    pub path: PathBuf,
    /// 1-based line, or 0 for the whole file.
    pub line: usize,
    /// 1-based column, or 0 when unknown.
    pub column: usize,
    /// What is wrong.
    pub kind: RuleErrorKind,
}

impl std::error::Error for RuleError {}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {}", self.kind)
    }
}

/// What is wrong with a rule or calendar file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleErrorKind {
    /// The file or directory could not be read.
    #[error("cannot read: {0}")]
    Io(String),
    /// Not YAML, or not the shape of a rule file (wrong type, unknown or missing field,
    /// unknown event kind or state).
    #[error("{0}")]
    Yaml(String),
    /// A deadline unit that does not exist.
    #[error("unknown unit `{0}`; the units are: working_days, days, weeks, months, events")]
    UnknownUnit(String),
    /// A deadline whose parts do not fit together or with the rule's kind.
    #[error("{0}")]
    BadDeadline(String),
    /// An event filter that the matched kind does not carry.
    #[error("`{field}` cannot filter `{kind}` events: that kind has no such field")]
    FilterNotForKind {
        /// The filter.
        field: &'static str,
        /// The event kind.
        kind: String,
    },
    /// A date that is not a full `YYYY-MM-DD` day.
    #[error("`{0}` is not a day: rule dates are written YYYY-MM-DD")]
    BadDate(String),
    /// A period that ends before it starts.
    #[error("the period ends ({to}) before it starts ({from})")]
    BackwardsPeriod {
        /// Start.
        from: String,
        /// End.
        to: String,
    },
    /// Two rules with one id whose in-force periods overlap.
    #[error("rule id `{id}` is already defined at {first}, in force over an overlapping period")]
    DuplicateId {
        /// The id.
        id: String,
        /// Where the first one is (`file:line`).
        first: String,
    },
    /// A rule needs exactly one of `trigger` and `after`.
    #[error(
        "a rule needs exactly one of `trigger` (an event) and `after` (another rule's deadline)"
    )]
    TriggerOrAfter,
    /// `after` names a rule that is not in the set, or is itself an `after` rule.
    #[error("`after` names `{0}`, which is not a rule with a trigger in this rule set")]
    UnknownAnchorRule(String),
    /// A transition id the machine does not have.
    #[error("unknown transition `{found}`; the transitions are: {expected}")]
    UnknownTransition {
        /// What the file says.
        found: String,
        /// The machine's transitions.
        expected: String,
    },
    /// The rule directory has no calendar.
    #[error("no calendar: put one YAML file of bank holidays under `calendar/`")]
    MissingCalendar,
    /// A calendar holiday outside its listed years.
    #[error("holiday {0} lies outside `listed_years`")]
    HolidayOutsideYears(String),
    /// A severity the rule's basis does not allow.
    #[error(
        "a `{basis}` rule reports at most `{max}`, not `{severity}`: only statute, guidance or the council's own instrument can make a miss an error"
    )]
    SeverityAboveBasis {
        /// The severity given.
        severity: String,
        /// The basis given.
        basis: String,
        /// The most the basis allows.
        max: String,
    },
    /// A source that names one of the project's own files instead of a public document.
    #[error(
        "source `{0}` names a file of this project, which a reader cannot open: cite the public document (title, publisher, date, URL)"
    )]
    SourceNamesProjectFile(String),
    /// A rule or transition with no source.
    #[error("a rule needs at least one `source`: the public document it rests on")]
    NoSource,
    /// `replaced_by` names a rule that is not in the set.
    #[error("`replaced_by` names `{0}`, which is not a rule in this rule set")]
    UnknownReplacement(String),
    /// A span or count larger than any rule of the process could mean.
    #[error("{amount} {unit} is too long: a deadline may be at most {most} {unit}")]
    TooLong {
        /// The amount given.
        amount: u32,
        /// Its unit.
        unit: String,
        /// The most allowed.
        most: u32,
    },
    /// A calendar's years or holidays make no sense.
    #[error(transparent)]
    Calendar(#[from] crate::calendar::CalendarBoundsError),
    /// More than one calendar file.
    #[error(
        "{0} calendar files: a rule set has one calendar, so put one YAML file under `calendar/`"
    )]
    TooManyCalendars(usize),
    /// A rule set with no rules and no transitions.
    #[error(
        "the rule set holds no rules and no transitions: it would pass every history unchecked"
    )]
    EmptyRuleSet,
}
