//! `intervene check --format json`: `version`, `as_of`, `councils`, `errors` and
//! `summary`, for scripts.

use chrono::NaiveDate;
use serde::Serialize;

use super::check_formats::{CHECK_FORMAT_VERSION, InputError};
use super::pretty_json::PrettyJson;
use crate::checker::CouncilReport;
use crate::rules::Severity;

/// Totals over all councils checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CheckSummary {
    /// Councils checked.
    pub councils: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
}

impl CheckSummary {
    /// Counts the findings of `reports`.
    pub fn of(reports: &[CouncilReport]) -> Self {
        let mut summary = Self::default();
        reports.iter().for_each(|r| summary.add(r));
        summary
    }

    /// Adds one council's findings to the totals.
    pub fn add(&mut self, report: &CouncilReport) {
        self.councils += 1;
        self.errors += report.count(Severity::Error);
        self.warnings += report.count(Severity::Warning);
        self.infos += report.count(Severity::Info);
    }

    /// Adds totals counted elsewhere (on another thread) to these.
    fn merge(&mut self, other: Self) {
        self.councils += other.councils;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }
}

/// The JSON document of a check: `version`, `as_of`, `councils`, `errors`, then
/// `summary`. Fields keep the order they are declared in, so the output reads the way
/// the documentation lists it.
#[derive(Debug, Clone, Serialize)]
pub struct CheckDocument<'a> {
    /// The version of this shape ([`CHECK_FORMAT_VERSION`]).
    pub version: u32,
    /// The day the histories were judged as of.
    pub as_of: NaiveDate,
    /// Per council: `council`, `file`, `findings`.
    pub councils: &'a [CouncilReport],
    /// Inputs that could not be read.
    pub errors: &'a [InputError],
    /// Totals.
    pub summary: CheckSummary,
}

/// The JSON document for `reports`, judged as of `as_of`, with the inputs that could
/// not be read.
pub fn check_json<'a>(
    reports: &'a [CouncilReport],
    errors: &'a [InputError],
    as_of: NaiveDate,
) -> CheckDocument<'a> {
    CheckDocument {
        version: CHECK_FORMAT_VERSION,
        as_of,
        councils: reports,
        errors,
        summary: CheckSummary::of(reports),
    }
}

/// One council's entry in the check JSON document, made on any thread and written in
/// order by [`CheckJsonStream`]: for runs too large to hold every report at once.
#[derive(Debug, Clone)]
pub struct CheckJsonEntry {
    json: Vec<u8>,
    counts: CheckSummary,
}

impl CheckJsonEntry {
    /// The entry of `report`, pretty-printed at its depth in the document.
    pub fn of(report: &CouncilReport) -> serde_json::Result<Self> {
        // The printer starts two levels in, as inside `{"councils": [`, so the entry comes
        // out indented as the whole document would print it.
        let formatter = PrettyJson::at_depth(2);
        // Room for a council with a finding or two, so most entries never grow.
        let mut json = Vec::with_capacity(1024);
        json.extend_from_slice(b"    ");
        report.serialize(&mut serde_json::Serializer::with_formatter(
            &mut json, formatter,
        ))?;
        Ok(Self {
            json,
            counts: CheckSummary::of(std::slice::from_ref(report)),
        })
    }
}

/// Writes the check JSON document an entry at a time: byte for byte what
/// `serde_json::to_writer_pretty(check_json(reports, errors, as_of))` writes, without
/// holding the reports.
#[derive(Debug)]
pub struct CheckJsonStream {
    summary: CheckSummary,
    as_of: NaiveDate,
    errors: Vec<InputError>,
}

impl CheckJsonStream {
    /// A document judged as of `as_of`, with no councils yet.
    pub fn new(as_of: NaiveDate) -> Self {
        Self {
            summary: CheckSummary::default(),
            as_of,
            errors: Vec::new(),
        }
    }

    /// Notes an input that could not be read, listed in `errors` at the end.
    pub fn error(&mut self, error: InputError) {
        self.errors.push(error);
    }

    /// The document's opening, up to the first council.
    fn head(&self) -> Vec<u8> {
        format!(
            "{{\n  \"version\": {CHECK_FORMAT_VERSION},\n  \"as_of\": \"{}\",\n  \"councils\": [",
            self.as_of.format("%Y-%m-%d")
        )
        .into_bytes()
    }

    /// Writes the next council's entry.
    pub fn write(
        &mut self,
        out: &mut dyn std::io::Write,
        entry: &CheckJsonEntry,
    ) -> std::io::Result<()> {
        if self.summary.councils == 0 {
            out.write_all(&self.head())?;
            out.write_all(b"\n")?;
        } else {
            out.write_all(b",\n")?;
        }
        out.write_all(&entry.json)?;
        self.summary.merge(entry.counts);
        Ok(())
    }

    /// Writes the summary and closes the document; returns the totals.
    pub fn finish(self, out: &mut dyn std::io::Write) -> std::io::Result<CheckSummary> {
        if self.summary.councils == 0 {
            out.write_all(&self.head())?;
            out.write_all(b"],\n  \"errors\": ")?;
        } else {
            out.write_all(b"\n  ],\n  \"errors\": ")?;
        }
        // Nested values print as they would inside the document: two spaces in.
        let indented = |out: &mut dyn std::io::Write, json: Vec<u8>| -> std::io::Result<()> {
            for &byte in &json {
                out.write_all(&[byte])?;
                if byte == b'\n' {
                    out.write_all(b"  ")?;
                }
            }
            Ok(())
        };
        indented(
            out,
            serde_json::to_vec_pretty(&self.errors).map_err(std::io::Error::other)?,
        )?;
        out.write_all(b",\n  \"summary\": ")?;
        indented(
            out,
            serde_json::to_vec_pretty(&self.summary).map_err(std::io::Error::other)?,
        )?;
        out.write_all(b"\n}")?;
        Ok(self.summary)
    }
}
