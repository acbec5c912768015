//! The report as Markdown: renders on any Git forge, Mermaid diagram included.

use std::collections::HashMap;
use std::fmt::Write;

use super::anchors::HeadingAnchors;
use super::view::{CouncilView, Report, Summary};
use crate::machine::{FlowchartFormat, render_flowchart};
use crate::predictor::Lateness;

/// A table cell: no pipes or line breaks to break the table.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value
        .map(|v| v.to_string())
        .unwrap_or_else(|| "–".to_owned())
}

/// `anchors`: each council's heading anchor, by slug.
fn summary(out: &mut String, s: &Summary, anchors: &HashMap<&str, String>) -> std::fmt::Result {
    writeln!(
        out,
        "| Council | Ofsted | since | DfE | since | Visits | Next step | Due | Overdue | Errors | Warnings | Info |"
    )?;
    writeln!(out, "|---|---|---|---|---|--:|---|---|---|--:|--:|--:|")?;
    for r in &s.rows {
        writeln!(
            out,
            "| [{}](#{}) | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            cell(&r.name),
            anchors.get(r.council.as_str()).unwrap_or(&r.council),
            r.ofsted.words(),
            opt(r.since.ofsted),
            r.dfe.words(),
            opt(r.since.dfe),
            r.monitoring_visits,
            opt(r.next.map(|k| k.words())),
            opt(r.next_due),
            if r.overdue {
                "**yes**"
            } else if r.unrecorded_past_due {
                "not recorded"
            } else {
                "no"
            },
            r.errors,
            r.warnings,
            r.infos
        )?;
    }
    let t = &s.totals;
    let list = |pairs: Vec<(String, usize)>| {
        pairs
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{s} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(out)?;
    writeln!(
        out,
        "**{} councils.** Ofsted: {}.",
        t.councils,
        list(
            t.ofsted
                .iter()
                .map(|(s, n)| (s.words().to_owned(), *n))
                .collect()
        )
    )?;
    writeln!(
        out,
        "DfE: {}.",
        list(
            t.dfe
                .iter()
                .map(|(s, n)| (s.words().to_owned(), *n))
                .collect()
        )
    )?;
    writeln!(
        out,
        "Councils with an overdue step: {}. With no overdue step but one past its due day and not recorded, in sources that list only some such steps (so it may have happened): {}.",
        t.overdue, t.unrecorded_past_due
    )
}

/// One council's section.
pub fn council_markdown(v: &CouncilView) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = council(&mut out, v);
    out
}

fn council(out: &mut String, v: &CouncilView) -> std::fmt::Result {
    writeln!(out, "## {}\n", cell(&v.name))?;
    let mut facts = vec![format!("`{}`", v.file)];
    if let Some(region) = &v.region {
        facts.insert(0, region.clone());
    }
    if !v.predecessors.is_empty() {
        facts.push(format!("formed from {}", v.predecessors.join(", ")));
    }
    if !v.successors.is_empty() {
        facts.push(format!("became {}", v.successors.join(", ")));
    }
    writeln!(out, "{}\n", facts.join(" · "))?;
    let p = &v.prediction;
    writeln!(
        out,
        "- **Ofsted:** {} since {}",
        p.state.ofsted.words(),
        opt(p.since.ofsted)
    )?;
    writeln!(
        out,
        "- **DfE:** {} since {}",
        p.state.dfe.words(),
        opt(p.since.dfe)
    )?;
    writeln!(
        out,
        "- **Monitoring visits** since the last inadequate judgement: {}\n",
        p.monitoring_visits
    )?;

    writeln!(out, "### Timeline\n")?;
    writeln!(out, "| Date | Event | Details | Source |")?;
    writeln!(out, "|---|---|---|---|")?;
    for e in &v.timeline {
        let scope = if e.scope == crate::model::Scope::Send {
            " (SEND)"
        } else {
            ""
        };
        let mut details = e.details.clone();
        if let Some(note) = &e.note {
            details = if details.is_empty() {
                format!("*{note}*")
            } else {
                format!("{details}. *{note}*")
            };
        }
        writeln!(
            out,
            "| {} | {}{scope} | {} | {} |",
            e.date,
            e.kind.words(),
            cell(&details),
            cell(&sources_markdown(e))
        )?;
    }

    writeln!(out, "\n### Findings\n")?;
    if v.findings.is_empty() {
        writeln!(out, "None.")?;
    } else {
        writeln!(
            out,
            "| Severity | Rule | Verdict | Event | Message | Source |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|")?;
        for f in &v.findings {
            let at = f
                .events
                .first()
                .map(|e| format!("{} (line {})", e.date, e.line))
                .unwrap_or_default();
            writeln!(
                out,
                "| {} | `{}` | {} | {at} | {} | {} |",
                f.severity,
                f.rule,
                f.verdict,
                cell(&f.message),
                cell(&f.source)
            )?;
        }
    }

    writeln!(out, "\n### Next steps (as of {})\n", p.as_of)?;
    if let Some(end) = p.record_ends {
        writeln!(
            out,
            "The record ends {end}: what came after is not known, and nothing is overdue for a day past it.\n"
        )?;
    }
    if p.steps.is_empty() {
        writeln!(out, "None expected by the rules.")?;
    } else {
        writeln!(
            out,
            "| # | Step | Earliest | Due | Overdue | Rule | Basis |"
        )?;
        writeln!(out, "|--:|---|---|---|---|---|---|")?;
        for (i, s) in p.steps.iter().enumerate() {
            // A day only practice supports is a usual day, not a due day.
            let due = match (s.due, s.usually_by) {
                (None, Some(u)) => format!("usually by {u}"),
                (due, _) => opt(due),
            };
            let overdue = match s.lateness() {
                Lateness::Overdue => "**yes**",
                Lateness::NotRecorded => "not recorded (the sources list only some)",
                Lateness::LaterThanUsual => "no (later than usual)",
                Lateness::AfterRecordEnd => "not known (after the record ends)",
                Lateness::OnTime => "no",
            };
            writeln!(
                out,
                "| {} | {} | {} | {due} | {overdue} | `{}` | {} |",
                i + 1,
                s.words(),
                opt(s.earliest),
                s.rule,
                s.basis
            )?;
        }
    }
    if let Some(f) = &p.forecast {
        writeln!(out, "\n{}", super::forecast_markdown(f))?;
    }
    writeln!(out)
}

/// The whole report: summary first, then the process diagram, then each council.
///
/// The summary links each council to the anchor a Git forge gives its heading, counted
/// over every heading of the document as the forge counts them.
pub fn report_markdown(report: &Report) -> String {
    let title = format!(
        "# Children's services intervention, as of {}\n\n",
        report.as_of
    );
    let process = format!(
        "\n## The process\n\n\
         The state machine the checker replays, drawn from its code (`intervene flowchart`).\n\n\
         ```mermaid\n{}```\n\n",
        render_flowchart(FlowchartFormat::Mermaid)
    );
    let sections: Vec<String> = report.councils.iter().map(council_markdown).collect();
    let national = report
        .national
        .as_ref()
        .map(super::national::markdown)
        .unwrap_or_default();
    let mut headings = HeadingAnchors::default();
    headings.scan(&title);
    headings.scan(&national);
    headings.scan(&process);
    let anchors: HashMap<&str, String> = report
        .councils
        .iter()
        .zip(&sections)
        .filter_map(|(v, section)| {
            let own = headings
                .scan(section)
                .into_iter()
                .find(|(level, _)| *level == 2);
            own.map(|(_, anchor)| (v.council.as_str(), anchor))
        })
        .collect();
    let mut out = title;
    out.push_str(&national);
    // Writing to a String cannot fail.
    let _ = summary(&mut out, &report.summary, &anchors);
    out.push_str(&process);
    for section in sections {
        out.push_str(&section);
    }
    out
}

/// An event's sources: each document by its title, linked, with what it says; the file's
/// own text where the report was not given the registry.
fn sources_markdown(e: &super::TimelineEntry) -> String {
    if e.links.is_empty() {
        return e.source.clone().unwrap_or_default();
    }
    e.links
        .iter()
        .map(|l| {
            let title = match &l.url {
                Some(url) => format!("[{}]({url})", l.title.replace(['[', ']'], "")),
                None => l.title.clone(),
            };
            format!("{title} ({}, {}): {}", l.publisher, l.date, l.says)
        })
        .collect::<Vec<_>>()
        .join("; ")
}
