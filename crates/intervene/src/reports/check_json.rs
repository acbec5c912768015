//! `intervene check --format json`: `councils` and `summary`, for scripts.

use serde::Serialize;

use crate::checker::CouncilReport;
use crate::rules::Severity;

/// Totals over all councils checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
        let sum = |s| reports.iter().map(|r| r.count(s)).sum();
        Self {
            councils: reports.len(),
            errors: sum(Severity::Error),
            warnings: sum(Severity::Warning),
            infos: sum(Severity::Info),
        }
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
