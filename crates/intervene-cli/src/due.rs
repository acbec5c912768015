//! `intervene due`: what is owed or expected across councils within a period.

use std::io;

use chrono::{Days, NaiveDate};
use icalendar::{Calendar, Component, EventLike};
use intervene::predictor::{Prediction, predict_and_forecast};
use intervene::reports::{DueItem, DueWhat, due_items, write_due_csv, write_due_text};

use crate::args::{Cli, DueArgs, DueFormat};
use crate::check::{rule_set, today};
use crate::write::write_output;
use crate::{Console, EXIT_BAD_INPUT, EXIT_CLEAN, inputs};

/// The period `--within` defaults to.
const DEFAULT_DAYS: u64 = 30;

pub(crate) fn run(cli: &Cli, args: &DueArgs, console: &mut Console<'_>) -> io::Result<u8> {
    let Some(rules) = rule_set(cli, console)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    let as_of = args.as_of.unwrap_or_else(today);
    let (from, to) = match args.between.as_deref() {
        Some([a, b]) => ((*a).min(*b), (*a).max(*b)),
        _ => {
            let days = args.within.unwrap_or(DEFAULT_DAYS);
            (
                as_of,
                as_of
                    .checked_add_days(Days::new(days))
                    .unwrap_or(NaiveDate::MAX),
            )
        }
    };
    let Some(corpus) = crate::predict::corpus(cli, args.history_corpus.as_ref(), console)? else {
        return Ok(EXIT_BAD_INPUT);
    };
    let loaded = inputs::load(cli, &args.paths);
    loaded.report_errors(cli, console)?;
    let predictions: Vec<Prediction> = loaded
        .histories
        .iter()
        .map(|h| predict_and_forecast(h, &rules, as_of, &corpus))
        .collect();
    let named: Vec<(&str, &Prediction)> = loaded
        .histories
        .iter()
        .map(|h| h.name.as_str())
        .zip(&predictions)
        .collect();
    let items = due_items(&named, from, to);
    let text = match args.format {
        DueFormat::Text => {
            let mut out = Vec::new();
            write_due_text(&mut out, &items)?;
            String::from_utf8_lossy(&out).into_owned()
        }
        DueFormat::Csv => {
            let mut out = Vec::new();
            write_due_csv(&mut out, &items)?;
            String::from_utf8_lossy(&out).into_owned()
        }
        DueFormat::Json => serde_json::to_string_pretty(&items).map_err(io::Error::other)? + "\n",
        DueFormat::Ics => ics(&items, as_of),
    };
    // Text a file gave reaches a terminal or a calendar with its control characters escaped.
    let text = match args.format {
        DueFormat::Text | DueFormat::Csv => crate::escape::controls(&text).into_owned(),
        DueFormat::Json | DueFormat::Ics => text,
    };
    if !write_output(console, args.output.as_deref(), &text, &loaded.read)? {
        return Ok(EXIT_BAD_INPUT);
    }
    Ok(if loaded.errors.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_BAD_INPUT
    })
}

/// The items as an iCalendar file: one all-day event a step, its rule and source in the
/// description. UIDs and stamps come from the council, step and day, so the same list
/// gives the same file and a subscribing calendar updates events rather than doubling
/// them.
fn ics(items: &[DueItem], as_of: NaiveDate) -> String {
    let stamp = as_of.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let mut calendar = Calendar::new();
    calendar.name("intervene: owed and expected steps");
    for i in items {
        let what = match i.what {
            DueWhat::Deadline if i.overdue => "overdue",
            DueWhat::Deadline if i.unrecorded_past_due => "not recorded by its due day",
            DueWhat::Deadline => "due",
            DueWhat::Usual => "usually by now (no written deadline)",
            DueWhat::Expected => "expected",
        };
        let mut description = format!("Rule: {}\nSource: {}\nBasis: {}", i.rule, i.source, i.basis);
        if !i.note.is_empty() {
            description.push('\n');
            description.push_str(&i.note);
        }
        let next_day = i.date.succ_opt().unwrap_or(i.date);
        calendar.push(
            icalendar::Event::new()
                .uid(&format!(
                    "{}.{}.{}.{}@intervene",
                    i.council, i.rule, i.kind, i.date
                ))
                .timestamp(stamp)
                .summary(&format!("{}: {} {what}", i.name, i.kind.words()))
                .description(&description)
                .starts(i.date)
                .ends(next_day)
                .done(),
        );
    }
    calendar.done().to_string()
}
