//! The reader's own warnings about a history, beside the process's findings: an event
//! that cites no source where the others do, and a date after the day of the check.

use chrono::NaiveDate;

use super::{EventRef, Finding, Verdict};
use crate::model::{Event, History, PartialDate};
use crate::rules::Severity;

/// The reader's own checks, which no rule file holds: each id and what it says.
pub const INPUT_CHECKS: [(&str, &str); 3] = [
    (
        "input.order",
        "Events are listed oldest first; one listed out of date order is replayed in date order.",
    ),
    (
        "input.source",
        "Every event cites its source; in a history whose other events cite theirs, one with a missing or empty `source` is unsourced.",
    ),
    (
        "input.future-date",
        "A history records what has happened: a date after the day it is checked is a typo or a plan.",
    ),
];

/// Whether an event cites anything: a registry id or some text.
fn cites(event: &Event) -> bool {
    event
        .source
        .iter()
        .any(|c| c.reference.is_some() || !c.says.trim().is_empty())
}

/// Warnings about `history` as written, checked on `today` (the day of the run, or a
/// later day the run is judged as of): unsourced events in a sourced history, and
/// dates after that day.
pub fn input_findings(history: &History, today: NaiveDate) -> Vec<Finding> {
    let mut findings = Vec::new();
    let sourced = history.events.iter().any(cites);
    let warning =
        |rule: &str, message: String, source: &str, index: usize, event: &Event| Finding {
            rule: rule.into(),
            severity: Severity::Warning,
            verdict: Verdict::Irregular,
            basis: None,
            message,
            source: source.into(),
            due: None,
            days_late: None,
            events: vec![EventRef::new(index, event)],
        };
    for (index, event) in history.events.iter().enumerate() {
        if sourced && !cites(event) {
            findings.push(warning(
                "input.source",
                format!(
                    "the {} of {} cites no source, though the history's other events cite theirs: add `source`",
                    event.kind_name().words(),
                    event.date
                ),
                "the history format: every event cites its source (docs/history-format.md, Sources)",
                index,
                event,
            ));
        }
        let dates = [Some(event.date), event.published, event.fieldwork_end];
        if let Some(date) = dates.into_iter().flatten().find(|d| d.first() > today) {
            findings.push(warning(
                "input.future-date",
                format!(
                    "the {} is dated {date}, after the day of the check ({}): a history records what has happened",
                    event.kind_name().words(),
                    PartialDate::day(today)
                ),
                "the history format: events are dated on or before the day they are recorded (docs/history-format.md, Dates)",
                index,
                event,
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::parse_history;

    fn ids(text: &str, today: &str) -> Vec<String> {
        let history = parse_history(Path::new("x.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
        let today = today.parse().unwrap_or_else(|e| panic!("{e}"));
        input_findings(&history, today)
            .into_iter()
            .map(|f| format!("{}@{}", f.rule, f.events[0].line))
            .collect()
    }

    const HEAD: &str = "council: x\nname: X\nevents:\n";

    #[test]
    fn an_unsourced_event_is_flagged_only_in_a_sourced_history() {
        let sourced = format!(
            "{HEAD}  - {{ date: 2019-01, kind: inspection, judgement: inadequate, source: s }}\n  - {{ date: 2019-05, kind: monitoring_visit, source: \"\" }}\n  - {{ date: 2019-08, kind: monitoring_visit }}\n"
        );
        assert_eq!(
            ids(&sourced, "2023-01-01"),
            ["input.source@5", "input.source@6"]
        );
        let unsourced = format!(
            "{HEAD}  - {{ date: 2019-01, kind: inspection, judgement: inadequate }}\n  - {{ date: 2019-05, kind: monitoring_visit }}\n"
        );
        assert!(ids(&unsourced, "2023-01-01").is_empty());
    }

    #[test]
    fn a_date_after_the_day_of_the_check_is_flagged() {
        let text = format!(
            "{HEAD}  - {{ date: 2032, kind: note, text: t }}\n  - {{ date: 2023-01-01, kind: note, text: t }}\n  - {{ published: 2023-02-01, kind: monitoring_visit }}\n"
        );
        assert_eq!(
            ids(&text, "2023-01-01"),
            ["input.future-date@4", "input.future-date@6"]
        );
        assert!(ids(&text, "2040-01-01").is_empty());
    }
}
