//! The forecast's two answers in a council's section of the HTML page.

use maud::{Markup, html};

use crate::predictor::Forecast;

fn percent(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

/// One row a question (likeliest kinds, window, most likely day, the rules' deadline),
/// then what is owed but rarely recorded, and a stale record's note.
pub(super) fn forecast(f: &Forecast) -> Markup {
    html! {
        h3 { "Forecast" }
        @if let Some(stale) = &f.stale { p.muted { "Note: " (stale) "." } }
        div.scroll { table {
            thead { tr { th { "Question" } th { "Likeliest" } th { "80% window" } th { "Most likely" } th { "Deadline" } } }
            tbody { @for a in &f.answers {
                tr {
                    td { (a.question.words()) }
                    td { @if a.candidates.is_empty() { span.muted { "too few similar cases" } }
                         @for (i, c) in a.candidates.iter().take(3).enumerate() {
                             @if i > 0 { ", " } (c.words()) " " (percent(c.probability))
                         } }
                    td { @if let Some(w) = a.window { (w.from) " to " (w.to) } }
                    td { @if let Some(d) = a.likely { (d) } }
                    td { @if let Some(d) = &a.deadline {
                        (d.kind.words()) " by " (d.due) (super::super::forecast_text::suffix(" (", d.lateness().words(), ")"))
                        br; code { (d.rule) } br; span.muted { (d.source) }
                    } }
                }
            } }
        } }
        @if !f.owed.is_empty() {
            p { "Owed by the process, rarely recorded:" }
            ul { @for o in &f.owed {
                li { (o.kind.words()) @if let Some(d) = o.due { " due " (d) } @else if let Some(u) = o.usually_by { " usually by " (u) " (no written deadline)" }
                     (super::super::forecast_text::suffix(" (", o.lateness().words(), ")"))
                     " — recorded in " (o.recorded_in) " of " (o.histories) " histories " code { (o.rule) } }
            } }
        }
    }
}
