//! Rule data checked for sense, not only shape: amounts a deadline can mean, a rule set
//! that holds something, rule files of a size a rule file can be. The loader calls each
//! check where it reads the value, so every fault is located like any other.

use std::path::Path;

use super::{Deadline, Rule, RuleErrorKind, TransitionRule};
use crate::calendar::{Span, Unit};

/// The most days, working days or weeks a deadline may span: some 27 (or, in weeks, 190)
/// years, far beyond any clock of the process, and short enough that no deadline
/// counted from a plausible date leaves the years a date can be written in.
pub const MAX_DAYS: u32 = 10_000;

/// The most months a deadline may span: a hundred years.
pub const MAX_MONTHS: u32 = 1_200;

/// The most events a count may ask for.
pub const MAX_EVENTS: u32 = 1_000;

/// The largest rule or calendar file read, in bytes (as a history file).
pub const MAX_RULE_FILE_BYTES: u64 = 1 << 20;

/// The most a span of `unit` may be.
fn most(unit: Unit) -> u32 {
    match unit {
        Unit::Months => MAX_MONTHS,
        Unit::Days | Unit::WorkingDays | Unit::Weeks => MAX_DAYS,
    }
}

/// Checks a span of time a rule gives.
pub(super) fn check_span(span: Span) -> Result<(), RuleErrorKind> {
    let most = most(span.unit);
    match span.amount > most {
        true => Err(RuleErrorKind::TooLong {
            amount: span.amount,
            unit: span.unit.to_string().replace('_', " "),
            most,
        }),
        false => Ok(()),
    }
}

/// Checks every amount of a deadline.
pub(super) fn check_deadline(deadline: &Deadline) -> Result<(), RuleErrorKind> {
    match *deadline {
        Deadline::Within(span) => check_span(span),
        Deadline::Window { min, max } => check_span(min).and_then(|()| check_span(max)),
        Deadline::Count { amount, .. } if amount > MAX_EVENTS => Err(RuleErrorKind::TooLong {
            amount,
            unit: "events".into(),
            most: MAX_EVENTS,
        }),
        Deadline::Count { .. } => Ok(()),
    }
}

/// A rule set with neither rules nor transitions would pass every history unchecked.
pub(super) fn check_not_empty(
    rules: &[Rule],
    transitions: &[TransitionRule],
) -> Option<RuleErrorKind> {
    (rules.is_empty() && transitions.is_empty()).then_some(RuleErrorKind::EmptyRuleSet)
}

/// Reads a rule or calendar file, refusing one larger than [`MAX_RULE_FILE_BYTES`]
/// before reading more than that of it.
pub(super) fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_RULE_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_RULE_FILE_BYTES {
        return Err(std::io::Error::other(format!(
            "the file is larger than {MAX_RULE_FILE_BYTES} bytes, the most a rule or calendar file may be"
        )));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_beyond_the_bounds_are_refused() {
        let span = |amount, unit| Span { amount, unit };
        assert!(check_span(span(MAX_DAYS, Unit::WorkingDays)).is_ok());
        assert!(check_span(span(MAX_DAYS + 1, Unit::Days)).is_err());
        assert!(check_span(span(MAX_MONTHS, Unit::Months)).is_ok());
        assert!(check_span(span(MAX_MONTHS + 1, Unit::Months)).is_err());
        let count = |amount| Deadline::Count {
            amount,
            of: crate::model::Kind::MonitoringVisit,
        };
        assert!(check_deadline(&count(MAX_EVENTS)).is_ok());
        assert!(check_deadline(&count(MAX_EVENTS + 1)).is_err());
    }
}
