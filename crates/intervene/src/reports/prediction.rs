//! `intervene next` for people.

use std::io::{self, Write};

use chrono::NaiveDate;

use crate::predictor::{Lateness, Prediction, Step};

/// When a step is expected, in words, and how late it is (empty if not):
/// - a written deadline is "due"; once passed it is "OVERDUE" where the record lists
///   every such step, and "not recorded" where it lists only some (it may have happened);
/// - a day only practice supports is "usually by", and once passed "later than usual",
///   never overdue;
/// - a day past the end of the record is none of these, as nothing later is known.
///
/// Lateness is counted to the record's end (`record_ends`) when it ends before `as_of`.
pub(crate) fn step_when(
    s: &Step,
    as_of: NaiveDate,
    record_ends: Option<NaiveDate>,
) -> (String, String) {
    let as_of = record_ends.unwrap_or(as_of);
    let window = match (s.earliest, s.due, s.usually_by) {
        (Some(a), Some(b), _) => format!("between {a} and {b}"),
        (None, Some(b), _) => format!("due {b}"),
        (_, None, Some(u)) => format!("usually by {u} (no written deadline)"),
        (Some(a), None, None) => format!("not before {a}"),
        (None, None, None) => "no deadline".to_owned(),
    };
    let since = |day: Option<NaiveDate>| day.map_or(0, |d| (as_of - d).num_days());
    let late = match s.lateness() {
        Lateness::Overdue => format!("OVERDUE by {} day(s)", since(s.due)),
        Lateness::NotRecorded => format!(
            "not recorded {} day(s) after it was due: the sources list only some {}s, so it may have happened",
            since(s.due),
            s.kind.words()
        ),
        Lateness::LaterThanUsual => format!("later than usual by {} day(s)", since(s.usually_by)),
        Lateness::AfterRecordEnd => record_ends.map_or_else(String::new, |end| {
            format!("after the record ends ({end}): not known")
        }),
        Lateness::OnTime => String::new(),
    };
    (window, late)
}

fn since(date: Option<crate::model::PartialDate>) -> String {
    date.map_or_else(|| "the start of the record".to_owned(), |d| d.to_string())
}

/// Writes where a council stands and its next steps, most likely first.
pub fn write_prediction_text(out: &mut dyn Write, name: &str, p: &Prediction) -> io::Result<()> {
    writeln!(out, "{name} ({}), as of {}", p.council, p.as_of)?;
    if let Some(end) = p.record_ends {
        writeln!(
            out,
            "  the record ends {end}: what came after is not known, and nothing is overdue for a day past it"
        )?;
    }
    writeln!(
        out,
        "  Ofsted: {} since {}",
        p.state.ofsted.words(),
        since(p.since.ofsted)
    )?;
    writeln!(
        out,
        "  DfE:    {} since {}",
        p.state.dfe.words(),
        since(p.since.dfe)
    )?;
    writeln!(
        out,
        "  monitoring visits since the last inadequate judgement: {}",
        p.monitoring_visits
    )?;
    if p.steps.is_empty() {
        return writeln!(out, "  no step expected by the rules");
    }
    writeln!(out, "  next steps:")?;
    for (i, s) in p.steps.iter().enumerate() {
        let (window, late) = step_when(s, p.as_of, p.record_ends);
        let late = if late.is_empty() {
            late
        } else {
            format!("  {late}")
        };
        writeln!(
            out,
            "    {}. {} {window}{late}  [{}, {}]",
            i + 1,
            s.words(),
            s.rule,
            s.basis
        )?;
        writeln!(out, "       source: {}", s.source)?;
    }
    Ok(())
}
