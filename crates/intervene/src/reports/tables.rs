//! CSV for spreadsheets: next steps (one row a step) and a report's summary (one row a
//! council), written with the csv crate so quoting is right whatever the text.

use std::io::{self, Write};

use crate::predictor::Prediction;

use super::Summary;

fn csv_error(e: csv::Error) -> io::Error {
    io::Error::other(e)
}

/// The next steps of each council, one row a step, overdue with how many days; a step
/// only practice supports has its usual day apart, and is never overdue.
pub fn write_steps_csv(out: &mut dyn Write, predictions: &[Prediction]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "council",
        "as_of",
        "step",
        "kinds",
        "earliest",
        "due",
        "overdue",
        "days_overdue",
        "unrecorded_past_due",
        "usually_by",
        "later_than_usual",
        "after_record_end",
        "rule",
        "basis",
        "source",
    ])
    .map_err(csv_error)?;
    for p in predictions {
        for s in &p.steps {
            let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            let late = s
                .due
                .filter(|_| s.overdue)
                .map(|due| (p.as_of - due).num_days().to_string())
                .unwrap_or_default();
            let kinds: Vec<String> = s.kinds().map(|k| k.to_string()).collect();
            w.write_record([
                p.council.as_str(),
                &p.as_of.to_string(),
                &s.words(),
                &kinds.join(";"),
                &day(s.earliest),
                &day(s.due),
                if s.overdue { "true" } else { "false" },
                &late,
                if s.unrecorded_past_due {
                    "true"
                } else {
                    "false"
                },
                &day(s.usually_by),
                if s.later_than_usual { "true" } else { "false" },
                if s.after_record_end { "true" } else { "false" },
                &s.rule,
                &s.basis.to_string(),
                &s.source,
            ])
            .map_err(csv_error)?;
        }
    }
    w.flush()
}

/// A report's summary, one row a council, as of the report's day.
pub fn write_summary_csv(
    out: &mut dyn Write,
    as_of: chrono::NaiveDate,
    summary: &Summary,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "council",
        "name",
        "as_of",
        "ofsted",
        "ofsted_since",
        "dfe",
        "dfe_since",
        "monitoring_visits",
        "next_step",
        "next_due",
        "overdue",
        "unrecorded_past_due",
        "errors",
        "warnings",
        "infos",
    ])
    .map_err(csv_error)?;
    for r in &summary.rows {
        let since =
            |d: Option<crate::model::PartialDate>| d.map(|d| d.to_string()).unwrap_or_default();
        w.write_record([
            r.council.as_str(),
            &r.name,
            &as_of.to_string(),
            r.ofsted.words(),
            &since(r.since.ofsted),
            r.dfe.words(),
            &since(r.since.dfe),
            &r.monitoring_visits.to_string(),
            &r.next.map(|k| k.words().to_string()).unwrap_or_default(),
            &r.next_due.map(|d| d.to_string()).unwrap_or_default(),
            if r.overdue { "true" } else { "false" },
            if r.unrecorded_past_due {
                "true"
            } else {
                "false"
            },
            &r.errors.to_string(),
            &r.warnings.to_string(),
            &r.infos.to_string(),
        ])
        .map_err(csv_error)?;
    }
    w.flush()
}
