//! The report as one self-contained HTML page: inline CSS, SVG and script, no network.
//! It opens from disk, sorts and filters its summary, prints, and works at phone width.

mod forecast;
mod timeline;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::view::{CouncilView, Report};
use crate::predictor::{Lateness, Step};
use crate::rules::Severity;

const CSS: &str = include_str!("page.css");
const JS: &str = include_str!("page.js");

fn opt<T: ToString>(value: Option<T>) -> String {
    value
        .map(|v| v.to_string())
        .unwrap_or_else(|| "–".to_owned())
}

/// How late a step is, in a few words after its name ("" when on time).
fn lateness_words(lateness: Lateness) -> &'static str {
    match lateness {
        Lateness::Overdue => " (overdue)",
        Lateness::NotRecorded => " (not recorded by its due day; the sources list only some)",
        Lateness::LaterThanUsual => " (later than usual)",
        Lateness::AfterRecordEnd => " (after the record ends: not known)",
        Lateness::OnTime => "",
    }
}

/// A council's expected steps with the overdue ones first, then those past their due day
/// unrecorded (each earliest due first), then the rest in the predictor's order: what is
/// late is what a reader looks for.
fn overdue_first(steps: &[Step]) -> Vec<&Step> {
    let mut ordered: Vec<&Step> = steps.iter().collect();
    // Stable: steps that are not past due keep the predictor's ranking.
    ordered.sort_by_key(|s| {
        let past = s.overdue || s.unrecorded_past_due;
        (!s.overdue, !past, if past { s.due } else { None })
    });
    ordered
}

/// Steps shown in a summary row before "+N more".
const ROW_STEPS: usize = 3;

/// Text that may break after each `_` where a column is narrow (print), as a state's
/// code name (`direction_alternative_delivery`) otherwise cannot.
fn breakable(text: &str) -> Markup {
    html! {
        @for (i, part) in text.split('_').enumerate() {
            @if i > 0 { "_" wbr; }
            (part)
        }
    }
}

/// One track's state and since when, as a summary cell.
fn state_cell(label: &str, state: &str, since: Option<crate::model::PartialDate>) -> Markup {
    html! {
        td data-label=(label) data-sort=(state) {
            (breakable(state))
            @if let Some(since) = since { " " span.since { "since " (since) } }
        }
    }
}

fn summary(report: &Report) -> Markup {
    let t = &report.summary.totals;
    html! {
        input #filter type="search" placeholder="Filter councils (name, state, step…)" aria-label="Filter councils";
        div.scroll.summary-scroll {
            table #summary {
                thead { tr {
                    th data-key="council" { "Council" }
                    th data-key="ofsted" { "Ofsted" }
                    th data-key="dfe" { "DfE" }
                    th data-key="visits" data-numeric title="Monitoring visits since the last inadequate judgement" { "Visits" }
                    th data-key="next" title="Expected next steps, overdue first" { "Next steps" }
                    th data-key="overdue" data-numeric title="Steps past their due day" { "Overdue" }
                    th data-key="errors" data-numeric { "Errors" }
                    th data-key="warnings" data-numeric { "Warnings" }
                    th data-key="infos" data-numeric { "Info" }
                } }
                tbody {
                    @for (r, v) in report.summary.rows.iter().zip(&report.councils) {
                        @let steps = overdue_first(&v.prediction.steps);
                        @let late = steps.iter().filter(|s| s.overdue).count();
                        tr class=(if late > 0 { "late" } else { "" }) data-council=(r.council) {
                            td.council data-sort=(r.name) { a href=(format!("#{}", r.council)) { (r.name) } }
                            (state_cell("Ofsted", r.ofsted.words(), r.since.ofsted))
                            (state_cell("DfE", r.dfe.words(), r.since.dfe))
                            td.num data-label="Visits" { (r.monitoring_visits) }
                            td.steps data-label="Next" data-sort=(steps.first().and_then(|s| s.by()).map(|d| d.to_string()).unwrap_or_default()) {
                                @if steps.is_empty() { "–" }
                                ul {
                                    @for s in steps.iter().take(ROW_STEPS) {
                                        li class=(if s.overdue { "overdue" } else { "" }) {
                                            (s.words())
                                            @if let Some(due) = s.due { " " span.due { (if s.overdue || s.unrecorded_past_due { "was due " } else { "due " }) (due) } }
                                            @else if let Some(usual) = s.usually_by { " " span.usual { "usually by " (usual) } }
                                        }
                                    }
                                    @if steps.len() > ROW_STEPS {
                                        li.muted {
                                            "+" (steps.len() - ROW_STEPS) " more"
                                            @if late > ROW_STEPS { " (" (late - ROW_STEPS) " overdue)" }
                                        }
                                    }
                                }
                            }
                            td.num.overdue[late > 0] data-label="Overdue" { (late) }
                            td.num data-label="Errors" { (r.errors) }
                            td.num data-label="Warnings" { (r.warnings) }
                            td.num data-label="Info" { (r.infos) }
                        }
                    }
                }
            }
        }
        p.muted {
            (t.councils) " councils; " (t.overdue) " with an overdue step; " (t.unrecorded_past_due) " more with a step past its due day and not recorded, in sources that list only some. Ofsted: "
            (t.ofsted.iter().filter(|(_, n)| *n > 0).map(|(s, n)| format!("{} {n}", s.words())).collect::<Vec<_>>().join(", "))
            ". DfE: "
            (t.dfe.iter().filter(|(_, n)| *n > 0).map(|(s, n)| format!("{} {n}", s.words())).collect::<Vec<_>>().join(", "))
            "."
        }
    }
}

fn legend() -> Markup {
    html! {
        div.legend aria-hidden="true" {
            span.k-inadequate { "I inadequate" } span.k-ri { "RI requires improvement" } span.k-good { "G good" }
            span.k-outstanding { "O outstanding" } span { "| monitoring visit" } span { "◇ focused visit / JTAI" }
            span.k-notice { "notice" } span.k-direction { "direction (▲ commissioner)" } span.k-trust { "trust" }
            span { "(!) finding — hover for the message" } span.k-step { "predicted next step to its due date" }
            span { "shaded: inspection framework eras, COVID-19 suspension" }
        }
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

fn council(v: &CouncilView) -> Markup {
    let p = &v.prediction;
    html! {
        section.council id=(v.council) {
            h2 { (v.name) " " a.permalink href=(format!("#{}", v.council)) title="Link to this council" aria-label=(format!("Link to {}", v.name)) { "#" } }
            p.meta {
                @if let Some(region) = &v.region { (region) " · " }
                code { (v.file) }
                @if !v.predecessors.is_empty() { " · formed from " (v.predecessors.join(", ")) }
                @if !v.successors.is_empty() { " · became " (v.successors.join(", ")) }
            }
            p {
                strong { "Ofsted: " } (p.state.ofsted.words()) " since " (opt(p.since.ofsted)) ". "
                strong { "DfE: " } (p.state.dfe.words()) " since " (opt(p.since.dfe)) ". "
                (p.monitoring_visits) " monitoring visit(s) since the last inadequate judgement."
            }
            // On a phone the swimlane keeps a readable size and scrolls sideways, its year
            // axis with it; the lane names stay put at the left.
            div.tl {
                div.tl-lanes aria-hidden="true" { span.tl-ofsted { "Ofsted" } span.tl-dfe { "DfE" } }
                div.tl-scroll tabindex="0" role="group" aria-label=(format!("Timeline of {}, scrolls sideways", v.name)) { (timeline::timeline(v)) }
            }
            h3 { "Next steps (as of " (p.as_of) ")" }
            @if let Some(end) = p.record_ends { p.muted { "The record ends " (end) ": what came after is not known, and nothing is overdue for a day past it." } }
            @if p.steps.is_empty() { p.muted { "None expected by the rules." } } @else {
                div.scroll { table {
                    thead { tr { th { "Step" } th { "Earliest" } th { "Due" } th { "Rule" } th { "Basis" } } }
                    tbody { @for s in overdue_first(&p.steps) {
                        tr class=(if s.overdue { "overdue" } else { "" }) {
                            td { (s.words()) (lateness_words(s.lateness())) }
                            td { (opt(s.earliest)) }
                            td { @if let Some(u) = s.usually_by.filter(|_| s.due.is_none()) { "usually by " (u) " (no written deadline)" } @else { (opt(s.due)) } }
                            td { code { (s.rule) } br; span.muted { (s.source) } } td { (s.basis) }
                        }
                    } }
                } }
            }
            @if let Some(f) = &p.forecast { (forecast::forecast(f)) }
            h3 { "Findings" }
            @if v.findings.is_empty() { p.muted { "None." } } @else {
                div.scroll { table {
                    thead { tr { th { "Severity" } th { "Rule" } th { "Verdict" } th { "Event" } th { "Message" } } }
                    tbody { @for f in &v.findings {
                        tr {
                            td class=(severity_class(f.severity)) { (f.severity) }
                            td { code { (f.rule) } }
                            td { (f.verdict) }
                            td { @if let Some(e) = f.events.first() { (e.date) " (line " (e.line) ")" } }
                            td { (f.message) br; span.muted { (f.source) } }
                        }
                    } }
                } }
            }
            details {
                summary { "Timeline (" (v.timeline.len()) " events)" }
                div.scroll { table {
                    thead { tr { th { "Date" } th { "Event" } th { "Details" } th { "Source" } } }
                    tbody { @for e in &v.timeline {
                        tr {
                            td { (e.date) } td { (e.kind.words()) @if e.scope == crate::model::Scope::Send { " (SEND)" } }
                            td { (e.details) @if let Some(n) = &e.note { br; em.muted { (n) } } }
                            td.muted {
                                @if e.links.is_empty() {
                                    (e.source.as_deref().unwrap_or(""))
                                } @else {
                                    @for (i, l) in e.links.iter().enumerate() {
                                        @if i > 0 { br; }
                                        @match &l.url {
                                            Some(url) => { a href=(url) rel="noreferrer" { (l.title) } }
                                            None => { (l.title) }
                                        }
                                        " (" (l.publisher) ", " (l.date) "): " (l.says)
                                    }
                                }
                            }
                        }
                    } }
                } }
            }
        }
    }
}

/// The whole report as a self-contained HTML document.
pub fn report_html(report: &Report) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Children's services intervention, as of " (report.as_of) }
                style { (PreEscaped(CSS)) }
            }
            body {
                h1 { "Children's services intervention, as of " (report.as_of) }
                p.muted { "Checked and predicted by intervene against the Ofsted and DfE process. Click a column header to sort." }
                @if let Some(national) = &report.national { (super::national::html::section(national)) }
                (summary(report))
                (legend())
                @for v in &report.councils { (council(v)) }
                script { (PreEscaped(JS)) }
            }
        }
    }
    .into_string()
}
