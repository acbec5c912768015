//! `intervene check --format csv | jsonl | sarif`: findings for spreadsheets, streams
//! and code-scanning forges, each a row or object with the same fields.

use std::io::{self, Write};
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Value, json};

use super::check_json::CheckSummary;
use crate::checker::{CouncilReport, Finding, INPUT_CHECKS};
use crate::model::LoadError;
use crate::rules::{RuleSet, Severity};

/// The version of the machine-readable shapes of `check` (JSON, JSON Lines, CSV):
/// raised when a field changes meaning or goes away, not when one is added.
pub const CHECK_FORMAT_VERSION: u32 = 1;

/// An input that could not be read, as the machine-readable outputs list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputError {
    /// The file.
    pub file: String,
    /// 1-based line, or 0 for the whole file.
    pub line: usize,
    /// 1-based column, or 0 when unknown.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl InputError {
    /// The entry of a history file's error.
    pub fn of(error: &LoadError) -> Self {
        Self {
            file: error.path.display().to_string(),
            line: error.line,
            column: error.column,
            message: error.kind.to_string(),
        }
    }
}

/// One finding as a flat row: the CSV columns and a JSON Lines `finding` object.
#[derive(Debug, Clone, Serialize)]
pub struct FindingRow<'a> {
    /// The council's slug.
    pub council: &'a str,
    /// Its history file.
    pub file: String,
    /// The line of the event the finding points at (0 if none).
    pub line: usize,
    /// The rule id.
    pub rule: &'a str,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// `breach`, `missing`, `undecided`, `unusual` or `irregular`.
    pub verdict: &'static str,
    /// What kind of authority sets the rule, if any.
    pub basis: Option<&'static str>,
    /// The deadline's first possible day.
    pub due_earliest: Option<String>,
    /// Its last possible day.
    pub due_latest: Option<String>,
    /// Days past the deadline, when late.
    pub days_late: Option<i64>,
    /// The finding in a sentence.
    pub message: &'a str,
    /// The rule's sources.
    pub source: &'a str,
}

impl<'a> FindingRow<'a> {
    /// The row of one finding of a council.
    pub fn of(report: &'a CouncilReport, finding: &'a Finding) -> Self {
        let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        Self {
            council: &report.council,
            file: slashed(&report.file),
            line: finding.events.first().map_or(0, |e| e.line),
            rule: &finding.rule,
            severity: finding.severity.into(),
            verdict: finding.verdict.into(),
            basis: finding.basis.map(Into::into),
            due_earliest: finding.due.map(|d| day(d.earliest())),
            due_latest: finding.due.and_then(|d| d.latest()).map(day),
            days_late: finding.days_late,
            message: &finding.message,
            source: &finding.source,
        }
    }
}

/// A path with `/` between its parts, as CSV readers and SARIF URIs expect.
fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The CSV header: the columns of a [`FindingRow`].
const CSV_HEADER: [&str; 12] = [
    "council",
    "file",
    "line",
    "rule",
    "severity",
    "verdict",
    "basis",
    "due_earliest",
    "due_latest",
    "days_late",
    "message",
    "source",
];

/// The formats written a finding at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFormat {
    /// CSV: a header, then a row per finding.
    Csv,
    /// JSON Lines: a `finding` object a line, `error` objects, then a `summary`.
    Jsonl,
}

/// Writes findings as CSV or JSON Lines a council at a time, as they are checked, so a
/// log of 100,000 councils is never held in memory.
#[derive(Debug)]
pub struct RowStream {
    format: RowFormat,
    as_of: NaiveDate,
    summary: CheckSummary,
    started: bool,
}

/// One JSON Lines object: its `type` first, then its fields.
#[derive(Serialize)]
struct Tagged<T> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    fields: T,
}

/// The closing JSON Lines object's fields.
#[derive(Serialize)]
struct JsonlSummary {
    version: u32,
    as_of: String,
    #[serde(flatten)]
    totals: CheckSummary,
    input_errors: usize,
}

fn json_line<T: Serialize>(out: &mut dyn Write, kind: &'static str, fields: T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &Tagged { kind, fields }).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

impl RowStream {
    /// A stream of `format`, judged as of `as_of`, with nothing written yet.
    pub fn new(format: RowFormat, as_of: NaiveDate) -> Self {
        Self {
            format,
            as_of,
            summary: CheckSummary::default(),
            started: false,
        }
    }

    /// The CSV header, once, before the first row (and in an empty output, so a
    /// spreadsheet still opens it).
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !std::mem::replace(&mut self.started, true) && self.format == RowFormat::Csv {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(CSV_HEADER).map_err(io::Error::other)?;
            writer.flush()?;
        }
        Ok(())
    }

    /// Writes one council's findings.
    pub fn write(&mut self, out: &mut dyn Write, report: &CouncilReport) -> io::Result<()> {
        self.start(out)?;
        self.summary.add(report);
        match self.format {
            RowFormat::Jsonl => {
                for finding in &report.findings {
                    json_line(out, "finding", FindingRow::of(report, finding))?;
                }
            }
            RowFormat::Csv if report.findings.is_empty() => {}
            RowFormat::Csv => {
                let mut writer = csv::Writer::from_writer(&mut *out);
                for finding in &report.findings {
                    let row = FindingRow::of(report, finding);
                    writer
                        .write_record([
                            row.council,
                            &row.file,
                            &row.line.to_string(),
                            row.rule,
                            row.severity,
                            row.verdict,
                            row.basis.unwrap_or_default(),
                            row.due_earliest.as_deref().unwrap_or_default(),
                            row.due_latest.as_deref().unwrap_or_default(),
                            &row.days_late.map(|d| d.to_string()).unwrap_or_default(),
                            row.message,
                            row.source,
                        ])
                        .map_err(io::Error::other)?;
                }
                writer.flush()?;
            }
        }
        Ok(())
    }

    /// Ends the output: in JSON Lines, an `error` object per input that could not be
    /// read and the `summary`. Returns the totals.
    pub fn finish(
        mut self,
        out: &mut dyn Write,
        errors: &[InputError],
    ) -> io::Result<CheckSummary> {
        self.start(out)?;
        if self.format == RowFormat::Jsonl {
            for error in errors {
                json_line(out, "error", error)?;
            }
            let summary = JsonlSummary {
                version: CHECK_FORMAT_VERSION,
                as_of: self.as_of.format("%Y-%m-%d").to_string(),
                totals: self.summary,
                input_errors: errors.len(),
            };
            json_line(out, "summary", summary)?;
        }
        Ok(self.summary)
    }
}

/// Writes the findings as CSV, a header then one row per finding.
pub fn write_check_csv(
    out: &mut dyn Write,
    reports: &[CouncilReport],
    as_of: NaiveDate,
) -> io::Result<()> {
    let mut stream = RowStream::new(RowFormat::Csv, as_of);
    for report in reports {
        stream.write(out, report)?;
    }
    stream.finish(out, &[]).map(|_| ())
}

/// Writes JSON Lines: a `finding` object per finding, an `error` object per input that
/// could not be read, then one `summary` object (as cargo and ripgrep stream).
pub fn write_check_jsonl(
    out: &mut dyn Write,
    reports: &[CouncilReport],
    errors: &[InputError],
    as_of: NaiveDate,
) -> io::Result<()> {
    let mut stream = RowStream::new(RowFormat::Jsonl, as_of);
    for report in reports {
        stream.write(out, report)?;
    }
    stream.finish(out, errors).map(|_| ())
}

/// The SARIF 2.1.0 log of a check: each finding a result at its event's line, the rules
/// in `tool.driver.rules` with their basis and sources, input errors as notifications.
pub fn check_sarif(
    reports: &[CouncilReport],
    errors: &[InputError],
    rules: &RuleSet,
    as_of: NaiveDate,
) -> Value {
    let mut ids: Vec<String> = Vec::new();
    let mut descriptors: Vec<Value> = Vec::new();
    let mut describe = |id: &str, title: &str, basis: Option<&str>, help: String, level: &str| {
        ids.push(id.to_owned());
        let mut properties = json!({ "tags": ["children's services"] });
        if let Some(basis) = basis {
            properties["basis"] = basis.into();
        }
        descriptors.push(json!({
            "id": id,
            "name": id,
            "shortDescription": { "text": title },
            "fullDescription": { "text": title },
            "help": { "text": help },
            "defaultConfiguration": { "level": level },
            "properties": properties,
        }));
    };
    for rule in &rules.rules {
        let help = format!(
            "{} ({}). Basis: {}. Sources: {}",
            rule.title,
            rule.deadline_text(),
            rule.basis,
            rule.source
        );
        describe(
            &rule.id,
            &rule.title,
            Some(rule.basis.into()),
            help,
            level(rule.severity),
        );
    }
    for rule in &rules.transitions {
        let help = format!(
            "{}. Basis: {}. Sources: {}",
            rule.title, rule.basis, rule.source
        );
        describe(
            &rule.id,
            &rule.title,
            Some(rule.basis.into()),
            help,
            level(rule.severity),
        );
    }
    for (id, text) in INPUT_CHECKS {
        describe(id, text, None, text.to_owned(), "warning");
    }
    let mut results = Vec::new();
    for report in reports {
        for finding in &report.findings {
            let row = FindingRow::of(report, finding);
            let mut region = json!({});
            if row.line > 0 {
                region = json!({ "startLine": row.line });
            }
            let mut physical = json!({ "artifactLocation": { "uri": row.file } });
            if row.line > 0 {
                physical["region"] = region;
            }
            let mut result = json!({
                "ruleId": finding.rule,
                "level": level(finding.severity),
                "message": { "text": format!("{}: {}", report.council, finding.message) },
                "locations": [{ "physicalLocation": physical }],
                "properties": {
                    "council": report.council,
                    "verdict": row.verdict,
                    "basis": row.basis,
                    "due_earliest": row.due_earliest,
                    "due_latest": row.due_latest,
                    "days_late": row.days_late,
                    "source": finding.source,
                },
            });
            if let Some(index) = ids.iter().position(|id| *id == finding.rule) {
                result["ruleIndex"] = index.into();
            }
            results.push(result);
        }
    }
    let notifications: Vec<Value> = errors
        .iter()
        .map(|e| {
            let mut physical = json!({ "artifactLocation": { "uri": e.file.replace('\\', "/") } });
            if e.line > 0 {
                let mut region = json!({ "startLine": e.line });
                if e.column > 0 {
                    region["startColumn"] = e.column.into();
                }
                physical["region"] = region;
            }
            json!({
                "level": "error",
                "message": { "text": e.message },
                "locations": [{ "physicalLocation": physical }],
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "intervene",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            } },
            "invocations": [{
                "executionSuccessful": errors.is_empty(),
                "toolExecutionNotifications": notifications,
                "properties": { "as_of": as_of.format("%Y-%m-%d").to_string() },
            }],
            "results": results,
        }]
    })
}

/// SARIF's level for a severity (`info` is SARIF's `note`).
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}
