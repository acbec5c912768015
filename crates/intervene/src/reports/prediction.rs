//! `intervene next` for people.

use std::io::{self, Write};

use crate::predictor::Prediction;

fn since(date: Option<crate::model::PartialDate>) -> String {
    date.map_or_else(|| "the start of the record".to_owned(), |d| d.to_string())
}

/// Writes where a council stands and its next steps, most likely first.
pub fn write_prediction_text(out: &mut dyn Write, name: &str, p: &Prediction) -> io::Result<()> {
    writeln!(out, "{name} ({}), as of {}", p.council, p.as_of)?;
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
        let window = match (s.earliest, s.due) {
            (Some(a), Some(b)) => format!("between {a} and {b}"),
            (None, Some(b)) => format!("due {b}"),
            (Some(a), None) => format!("not before {a}"),
            (None, None) => "no deadline".to_owned(),
        };
        let overdue = match s.due.filter(|_| s.overdue) {
            Some(due) => format!("  OVERDUE by {} day(s)", (p.as_of - due).num_days()),
            None => String::new(),
        };
        writeln!(
            out,
            "    {}. {} {window}{overdue}  [{}, {}]",
            i + 1,
            s.words(),
            s.rule,
            s.basis
        )?;
        writeln!(out, "       source: {}", s.source)?;
    }
    Ok(())
}
