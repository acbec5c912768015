//! The forecast's two answers and the backtest's tables, for people; the README's table
//! is [`backtest_markdown`] of `backtest --format json`'s numbers.

use std::io::{self, Write};

use crate::machine::OfstedState;
use crate::predictor::{Answer, Backtest, Forecast, Protocol, Scores};

fn percent(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

fn days(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_owned(), |d| format!("{d:.0}"))
}

/// One answer in a line or three: candidates, window, most likely day, deadline.
pub fn write_answer_text(out: &mut dyn Write, a: &Answer) -> io::Result<()> {
    let kinds: Vec<String> = a
        .candidates
        .iter()
        .take(3)
        .map(|c| format!("{} {}", c.words(), percent(c.probability)))
        .collect();
    if kinds.is_empty() {
        writeln!(
            out,
            "  {}: too few similar cases to say",
            a.question.words()
        )?;
    } else {
        writeln!(out, "  {}: {}", a.question.words(), kinds.join(", "))?;
    }
    if let (Some(w), Some(likely)) = (a.window, a.likely) {
        writeln!(
            out,
            "    {:.0}% window {} to {}, most likely {likely} (from {} similar cases: {})",
            100.0 * w.level,
            w.from,
            w.to,
            a.learnt_from,
            a.alike_in.unwrap_or("")
        )?;
    }
    if let Some(d) = &a.deadline {
        let overdue = suffix(", ", d.lateness().words(), "");
        writeln!(
            out,
            "    deadline: {} by {}{overdue} [{}]",
            d.kind.words(),
            d.due,
            d.rule
        )?;
    }
    Ok(())
}

/// Both answers, what is owed apart, and a stale record's warning.
pub fn write_forecast_text(out: &mut dyn Write, f: &Forecast) -> io::Result<()> {
    if let Some(stale) = &f.stale {
        writeln!(out, "  note: {stale}")?;
    }
    for a in &f.answers {
        write_answer_text(out, a)?;
    }
    if !f.owed.is_empty() {
        writeln!(out, "  owed by the process, rarely recorded:")?;
        for o in &f.owed {
            writeln!(out, "    {} [{}]", owed_words(o), o.rule)?;
        }
    }
    Ok(())
}

/// `words` between `before` and `after`, or nothing when `words` is empty: how a step's
/// lateness follows its date.
pub(super) fn suffix(before: &str, words: &str, after: &str) -> String {
    if words.is_empty() {
        String::new()
    } else {
        format!("{before}{words}{after}")
    }
}

/// An owed step in words: "action plan due 2023-05-15, overdue (recorded in 1 of 83
/// histories)", or for a step only practice supports, "diagnostic review usually by
/// 2019-05-01, later than usual (…)". Shared by the text and Markdown forecasts.
pub(super) fn owed_words(o: &crate::predictor::Owed) -> String {
    let due = match (o.due, o.usually_by) {
        (Some(d), _) => format!("due {d}"),
        (None, Some(u)) => format!("usually by {u}, no written deadline"),
        (None, None) => "no deadline".to_owned(),
    };
    let overdue = suffix(", ", o.lateness().words(), "");
    format!(
        "{} {due}{overdue} (recorded in {} of {} histories)",
        o.kind.words(),
        o.recorded_in,
        o.histories
    )
}

/// [`write_forecast_text`] into a string.
pub fn forecast_text(f: &Forecast) -> String {
    let mut out = Vec::new();
    // Writing to a vector cannot fail.
    let _ = write_forecast_text(&mut out, f);
    String::from_utf8_lossy(&out).into_owned()
}

fn protocol_words(p: Protocol) -> &'static str {
    match p {
        Protocol::LeaveOneCouncilOut => "leave one council out",
        Protocol::TimeRespecting => "time-respecting",
    }
}

/// A council's Ofsted standing in a few words, for a table's row.
fn standing(state: OfstedState) -> &'static str {
    match state {
        OfstedState::NotInadequate => "not inadequate",
        OfstedState::PriorityActions => "priority actions",
        OfstedState::AwaitingActionPlan => "plan awaited",
        OfstedState::Monitoring => "monitoring",
    }
}

fn scores_line(out: &mut dyn Write, model: &str, s: &Scores) -> io::Result<()> {
    writeln!(
        out,
        "  {:<18} {:>8} {:>6} {:>6.3} {:>9} {:>7} {:>9.0} {:>7}",
        model,
        s.answered,
        percent(s.top1),
        s.brier,
        percent(s.coverage),
        days(s.median_width_days),
        s.interval_score,
        days(s.median_error_days)
    )
}

/// Every run: one table a question and protocol, overall, then by era.
pub fn write_backtest_text(out: &mut dyn Write, b: &Backtest) -> io::Result<()> {
    for run in &b.runs {
        writeln!(
            out,
            "{}, {}: {} points in {} histories ({:.0}% windows)",
            run.question.words(),
            protocol_words(run.protocol),
            run.points,
            b.histories,
            100.0 * b.level
        )?;
        writeln!(
            out,
            "  {:<18} {:>8} {:>6} {:>6} {:>9} {:>7} {:>9} {:>7}",
            "model", "answered", "top-1", "Brier", "coverage", "width", "int.score", "error"
        )?;
        for m in &run.models {
            scores_line(out, &m.model, &m.overall)?;
        }
        for m in run.models.iter().filter(|m| m.model == "forecast") {
            writeln!(out, "  forecast by era of the prediction's day:")?;
            for e in &m.by_era {
                scores_line(out, &format!("  {}", e.era), &e.scores)?;
            }
            writeln!(out, "  forecast by the council's Ofsted standing that day:")?;
            for e in &m.by_state {
                scores_line(out, &format!("  {}", standing(e.state)), &e.scores)?;
            }
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "width, error and interval score in days; error from each model's median; unanswered points are misses"
    )
}

/// The README's table: per question and protocol, every model's scores, in Markdown.
pub fn backtest_markdown(b: &Backtest) -> String {
    let mut s = String::new();
    s.push_str("| question | protocol | model | answered | top-1 | Brier | coverage of 80% window | median width (days) | interval score | median error (days) |\n");
    s.push_str("|---|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
    for run in &b.runs {
        for m in &run.models {
            let o = &m.overall;
            s.push_str(&format!(
                "| {} | {} | `{}` | {} of {} | {} | {:.3} | {} | {} | {:.0} | {} |\n",
                run.question.words(),
                protocol_words(run.protocol),
                m.model,
                o.answered,
                o.points,
                percent(o.top1),
                o.brier,
                percent(o.coverage),
                days(o.median_width_days),
                o.interval_score,
                days(o.median_error_days)
            ));
        }
    }
    s.push_str("\nThe forecast by the council's Ofsted standing on the prediction's day:\n\n");
    s.push_str("| question | protocol | Ofsted standing | points | coverage of 80% window | median width (days) | interval score | median error (days) |\n");
    s.push_str("|---|---|---|--:|--:|--:|--:|--:|\n");
    for run in &b.runs {
        for m in run.models.iter().filter(|m| m.model == "forecast") {
            for e in &m.by_state {
                let o = &e.scores;
                s.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} | {:.0} | {} |\n",
                    run.question.words(),
                    protocol_words(run.protocol),
                    e.state.words(),
                    o.points,
                    percent(o.coverage),
                    days(o.median_width_days),
                    o.interval_score,
                    days(o.median_error_days)
                ));
            }
        }
    }
    s
}
