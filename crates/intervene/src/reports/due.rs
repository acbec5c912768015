//! What is owed or expected across councils within a period: the rules' deadlines and
//! the forecast's most likely dates, overdue first, then by date. Gathered from the same
//! predictions `next` and `report` show, so the three agree.

use std::io::{self, Write};

use chrono::NaiveDate;
use serde::Serialize;
use strum::Display;

use crate::model::Kind;
use crate::predictor::Prediction;

/// Whether an item is a deadline the rules set, the day other councils usually show a
/// step by (where only practice supports it), or a date the record makes likely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DueWhat {
    /// A rule's due day.
    Deadline,
    /// A practice rule's usual day: a comparison with other councils, never overdue.
    Usual,
    /// The forecast's most likely day.
    Expected,
}

/// One step owed or expected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueItem {
    /// The council's slug.
    pub council: String,
    /// Its name.
    pub name: String,
    /// The day: the due day of a deadline, the usual day of a step only practice
    /// supports, the most likely day of an expectation.
    pub date: NaiveDate,
    /// Deadline or expected.
    pub what: DueWhat,
    /// The step's kind.
    pub kind: Kind,
    /// The deadline has passed within a record that lists every such step: missed.
    pub overdue: bool,
    /// The deadline has passed with none recorded, in a record that lists only some
    /// such steps: it may have happened unrecorded.
    pub unrecorded_past_due: bool,
    /// `statutory`, `usual`, `observed` (a rule's basis) or `learnt` (the forecast).
    pub basis: String,
    /// The rule, or `forecast.ofsted` / `forecast.dfe`.
    pub rule: String,
    /// The rule's source, or what the forecast was learnt from.
    pub source: String,
    /// More in a few words: the window and probability, or how seldom it is recorded.
    pub note: String,
}

/// Everything owed or expected between `from` and `to` (both included), and every
/// deadline already passed, for the councils' predictions (each with its display
/// name); overdue first, then by date, then by council.
pub fn due_items(
    predictions: &[(&str, &Prediction)],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<DueItem> {
    let mut items = Vec::new();
    for (name, p) in predictions {
        let owed: Vec<(Kind, String)> = p
            .forecast
            .iter()
            .flat_map(|f| &f.owed)
            .map(|o| {
                (
                    o.kind,
                    format!(
                        "owed by the process; recorded in {} of {} histories",
                        o.recorded_in, o.histories
                    ),
                )
            })
            .collect();
        for s in &p.steps {
            // A deadline stays listed once passed; a usual day only within the period.
            let (date, what) = match (s.due, s.usually_by) {
                (Some(due), _)
                    if s.overdue || s.unrecorded_past_due || (from..=to).contains(&due) =>
                {
                    (due, DueWhat::Deadline)
                }
                (None, Some(usual)) if (from..=to).contains(&usual) => (usual, DueWhat::Usual),
                _ => continue,
            };
            let note = owed
                .iter()
                .find(|(k, _)| *k == s.kind)
                .map(|(_, n)| n.clone())
                .unwrap_or_default();
            items.push(DueItem {
                council: p.council.clone(),
                name: (*name).to_owned(),
                date,
                what,
                kind: s.kind,
                overdue: s.overdue,
                unrecorded_past_due: s.unrecorded_past_due,
                basis: s.basis.to_string(),
                rule: s.rule.clone(),
                source: s.source.clone(),
                note,
            });
        }
        for a in p.forecast.iter().flat_map(|f| &f.answers) {
            let (Some(likely), Some(top)) = (a.likely, a.candidates.first()) else {
                continue;
            };
            if !(from..=to).contains(&likely) {
                continue;
            }
            let window = a
                .window
                .map(|w| format!("{:.0}% window {} to {}; ", 100.0 * w.level, w.from, w.to))
                .unwrap_or_default();
            items.push(DueItem {
                council: p.council.clone(),
                name: (*name).to_owned(),
                date: likely,
                what: DueWhat::Expected,
                kind: top.kind,
                overdue: false,
                unrecorded_past_due: false,
                basis: "learnt".to_owned(),
                rule: format!("forecast.{}", a.question),
                source: format!(
                    "learnt from {} similar cases in other histories ({})",
                    a.learnt_from,
                    a.alike_in.unwrap_or("")
                ),
                note: format!(
                    "{}: {window}{} {:.0}%",
                    a.question.words(),
                    top.kind.words(),
                    100.0 * top.probability
                ),
            });
        }
    }
    // Missed first, then passed but unrecorded, then by date.
    let rank = |i: &DueItem| (!i.overdue, !i.unrecorded_past_due);
    items.sort_by(|a, b| {
        (rank(a), a.date, &a.council, a.what, a.kind).cmp(&(
            rank(b),
            b.date,
            &b.council,
            b.what,
            b.kind,
        ))
    });
    items
}

/// The items for people: one line each, overdue marked.
pub fn write_due_text(out: &mut dyn Write, items: &[DueItem]) -> io::Result<()> {
    if items.is_empty() {
        return writeln!(out, "nothing owed or expected in the period");
    }
    for i in items {
        let overdue = if i.overdue {
            "OVERDUE "
        } else if i.unrecorded_past_due {
            "NOT RECORDED "
        } else {
            ""
        };
        let what = match i.what {
            DueWhat::Deadline => "due",
            DueWhat::Usual => "usually by then (no written deadline)",
            DueWhat::Expected => "expected",
        };
        writeln!(
            out,
            "{}  {overdue}{} ({}): {} {what} [{}, {}]",
            i.date,
            i.name,
            i.council,
            i.kind.words(),
            i.rule,
            i.basis
        )?;
        if !i.note.is_empty() {
            writeln!(out, "            {}", i.note)?;
        }
    }
    Ok(())
}

/// The items as CSV with a header row, for spreadsheets.
pub fn write_due_csv(out: &mut dyn Write, items: &[DueItem]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "date",
        "overdue",
        "unrecorded_past_due",
        "council",
        "name",
        "what",
        "kind",
        "basis",
        "rule",
        "source",
        "note",
    ])?;
    for i in items {
        w.write_record([
            i.date.to_string(),
            i.overdue.to_string(),
            i.unrecorded_past_due.to_string(),
            i.council.clone(),
            i.name.clone(),
            i.what.to_string(),
            i.kind.to_string(),
            i.basis.clone(),
            i.rule.clone(),
            i.source.clone(),
            i.note.clone(),
        ])?;
    }
    w.flush()
}
