//! The forecast's two answers in Markdown, for the council section of a report.

use std::fmt::Write as _;

use crate::predictor::{Forecast, Lateness};

fn percent(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

/// The forecast as a paragraph and a table: one row a question, then what is owed.
pub fn forecast_markdown(f: &Forecast) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_forecast(&mut out, f);
    out
}

fn write_forecast(out: &mut String, f: &Forecast) -> std::fmt::Result {
    writeln!(
        out,
        "**Forecast**, learnt from other councils' histories:\n"
    )?;
    if let Some(stale) = &f.stale {
        writeln!(out, "> Note: {stale}.\n")?;
    }
    writeln!(
        out,
        "| Question | Likeliest | 80% window | Most likely | Deadline | Rule |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for a in &f.answers {
        let kinds: Vec<String> = a
            .candidates
            .iter()
            .take(3)
            .map(|c| format!("{} {}", c.words(), percent(c.probability)))
            .collect();
        let window = a
            .window
            .map_or_else(|| "-".to_owned(), |w| format!("{} to {}", w.from, w.to));
        let likely = a.likely.map_or_else(|| "-".to_owned(), |d| d.to_string());
        let (deadline, rule) = a.deadline.as_ref().map_or_else(
            || ("-".to_owned(), "-".to_owned()),
            |d| {
                let overdue = match d.lateness() {
                    Lateness::Overdue => " (**overdue**)".to_owned(),
                    other => super::forecast_text::suffix(" (", other.words(), ")"),
                };
                (
                    format!("{} by {}{overdue}", d.kind.words(), d.due),
                    format!("`{}`", d.rule),
                )
            },
        );
        let kinds = if kinds.is_empty() {
            "too few similar cases".to_owned()
        } else {
            kinds.join(", ")
        };
        writeln!(
            out,
            "| {} | {kinds} | {window} | {likely} | {deadline} | {rule} |",
            a.question.words()
        )?;
    }
    if !f.owed.is_empty() {
        writeln!(out, "\nOwed by the process, rarely recorded:\n")?;
        for o in &f.owed {
            writeln!(
                out,
                "- {} `{}`",
                super::forecast_text::owed_words(o),
                o.rule
            )?;
        }
    }
    Ok(())
}
