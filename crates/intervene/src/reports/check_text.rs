//! `intervene check` for people: each finding as a diagnostic at its event's line.

use std::io;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as Level};
use codespan_reporting::term::termcolor::WriteColor;

use super::{CheckSummary, SourceFiles};
use crate::checker::{CouncilReport, Finding};
use crate::rules::Severity;

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
    }
}

fn diagnostic(files: &SourceFiles, report: &CouncilReport, finding: &Finding) -> Diagnostic<usize> {
    let name = report.file.display().to_string();
    let id = files.id(&name);
    let labels = finding
        .events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let range = files.span(id?, e.line, 0)?;
            let text = format!("{} {}", e.kind.words(), e.date);
            Some(
                if i == 0 {
                    Label::primary(id?, range)
                } else {
                    Label::secondary(id?, range)
                }
                .with_message(text),
            )
        })
        .collect();
    let mut notes = vec![format!("verdict: {}", finding.verdict)];
    if let Some(due) = &finding.due {
        notes.push(format!("due: {due}"));
    }
    if let Some(basis) = finding.basis {
        notes.push(format!("basis: {basis}"));
    }
    notes.push(format!("source: {}", finding.source));
    if files.id(&name).is_none()
        && let Some(e) = finding.events.first()
    {
        notes.insert(0, format!("at {name}:{}", e.line));
    }
    Diagnostic::new(level(finding.severity))
        .with_code(&finding.rule)
        .with_message(format!("{}: {}", report.council, finding.message))
        .with_labels(labels)
        .with_notes(notes)
}

/// Writes every finding of every council, then a one-line summary.
pub fn write_check_text(
    out: &mut dyn WriteColor,
    files: &SourceFiles,
    reports: &[CouncilReport],
    as_of: chrono::NaiveDate,
) -> io::Result<()> {
    for report in reports {
        for finding in &report.findings {
            files.emit(out, &diagnostic(files, report, finding))?;
        }
    }
    let summary = CheckSummary::of(reports);
    writeln!(
        out,
        "checked {} council(s) as of {as_of}: {} error(s), {} warning(s), {} info",
        summary.councils, summary.errors, summary.warnings, summary.infos
    )
}
