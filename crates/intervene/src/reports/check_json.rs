//! `intervene check --format json`: `councils` and `summary`, for scripts.

use serde::Serialize;

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

/// The JSON document of a check: `councils`, then `summary`. Fields keep the order
/// they are declared in, so the output reads the way the documentation lists it.
#[derive(Debug, Clone, Serialize)]
pub struct CheckDocument<'a> {
    /// Per council: `council`, `file`, `findings`.
    pub councils: &'a [CouncilReport],
    /// Totals.
    pub summary: CheckSummary,
}

/// The JSON document for `reports`.
pub fn check_json(reports: &[CouncilReport]) -> CheckDocument<'_> {
    CheckDocument {
        councils: reports,
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
/// `serde_json::to_writer_pretty(check_json(reports))` writes, without holding the
/// reports.
#[derive(Debug, Default)]
pub struct CheckJsonStream {
    summary: CheckSummary,
}

impl CheckJsonStream {
    /// A document with no councils yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes the next council's entry.
    pub fn write(
        &mut self,
        out: &mut dyn std::io::Write,
        entry: &CheckJsonEntry,
    ) -> std::io::Result<()> {
        let lead: &[u8] = if self.summary.councils == 0 {
            b"{\n  \"councils\": [\n"
        } else {
            b",\n"
        };
        out.write_all(lead)?;
        out.write_all(&entry.json)?;
        self.summary.merge(entry.counts);
        Ok(())
    }

    /// Writes the summary and closes the document; returns the totals.
    pub fn finish(self, out: &mut dyn std::io::Write) -> std::io::Result<CheckSummary> {
        let lead: &[u8] = if self.summary.councils == 0 {
            b"{\n  \"councils\": [],\n  \"summary\": "
        } else {
            b"\n  ],\n  \"summary\": "
        };
        out.write_all(lead)?;
        let summary = serde_json::to_vec_pretty(&self.summary).map_err(std::io::Error::other)?;
        for &byte in &summary {
            out.write_all(&[byte])?;
            if byte == b'\n' {
                out.write_all(b"  ")?;
            }
        }
        out.write_all(b"\n}")?;
        Ok(self.summary)
    }
}
