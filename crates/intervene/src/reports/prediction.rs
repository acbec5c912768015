//! `intervene next` and `intervene backtest` for people.

use std::io::{self, Write};

use crate::predictor::{Backtest, BacktestRow, Prediction};

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
        let overdue = if s.overdue { "  OVERDUE" } else { "" };
        writeln!(
            out,
            "    {}. {} {window}{overdue}  [{}, {}]",
            i + 1,
            s.kind.words(),
            s.rule,
            s.basis
        )?;
        writeln!(out, "       source: {}", s.source)?;
    }
    Ok(())
}

fn row(out: &mut dyn Write, r: &BacktestRow) -> io::Result<()> {
    let median = r
        .median_error_days
        .map_or_else(|| "-".to_owned(), |m| format!("{m:.0}"));
    writeln!(
        out,
        "{:<10} {:>11} {:>7.1}% {:>7.1}% {:>9.1}% of {:<5} {:>10}",
        r.model,
        r.predictions,
        100.0 * r.top1,
        100.0 * r.top3,
        100.0 * r.in_window,
        r.windows,
        median
    )
}

/// Writes the predictor's and the baseline's scores as a table.
pub fn write_backtest_text(out: &mut dyn Write, b: &Backtest) -> io::Result<()> {
    writeln!(
        out,
        "{:<10} {:>11} {:>8} {:>8} {:>19} {:>10}",
        "model", "predictions", "top-1", "top-3", "in window", "median |due-date| (days)"
    )?;
    row(out, &b.predictor)?;
    row(out, &b.baseline)
}
