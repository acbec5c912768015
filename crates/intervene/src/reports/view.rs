//! What a report shows of a council, gathered once for every format: where it stands,
//! its timeline, its findings and its next steps.

use chrono::NaiveDate;
use serde::Serialize;

use crate::checker::{CouncilReport, Finding};
use crate::machine::{DfeState, OfstedState};
use crate::model::{Event, EventKind, History, Kind, PartialDate, Scope};
use crate::predictor::{Prediction, Since, Step};
use crate::rules::Severity;

/// One event as a report lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEntry {
    /// Position in the file (findings refer to it).
    pub index: usize,
    /// When.
    pub date: PartialDate,
    /// What kind.
    pub kind: Kind,
    /// Its fields in a few words (`inadequate (ilacs)`, `issued, commissioner …`).
    pub details: String,
    /// Children's social care or SEND.
    pub scope: Scope,
    /// Where the fact comes from, in one line.
    pub source: Option<String>,
    /// The documents cited, each with what it says.
    pub citations: Vec<crate::model::Citation>,
    /// The cited documents as a reader finds them (title, publisher, date, link), once
    /// the report has been given the source registry.
    pub links: Vec<SourceLink>,
    /// The file's note on it.
    pub note: Option<String>,
}

/// A cited document as a report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceLink {
    /// Its title.
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// When.
    pub date: String,
    /// Where to read it.
    pub url: Option<String>,
    /// What it says for this event.
    pub says: String,
}

/// Everything a report says about one council.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CouncilView {
    /// Slug.
    pub council: String,
    /// Display name.
    pub name: String,
    /// English region.
    pub region: Option<String>,
    /// The history file.
    pub file: String,
    /// Councils it was formed from.
    pub predecessors: Vec<String>,
    /// Councils it became.
    pub successors: Vec<String>,
    /// Both tracks' states, since when, visits, next steps (as of the report's day).
    pub prediction: Prediction,
    /// Events in file order.
    pub timeline: Vec<TimelineEntry>,
    /// The checker's findings.
    pub findings: Vec<Finding>,
}

impl CouncilView {
    /// Gathers a council's view from its history, its check and its prediction.
    pub fn new(history: &History, report: CouncilReport, prediction: Prediction) -> Self {
        Self {
            council: history.council.clone(),
            name: history.name.clone(),
            region: history.region.clone(),
            file: history.file.display().to_string(),
            predecessors: history.predecessors.clone(),
            successors: history.successors.clone(),
            prediction,
            timeline: history
                .events
                .iter()
                .enumerate()
                .map(|(index, e)| entry(index, e))
                .collect(),
            findings: report.findings,
        }
    }

    /// Findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The first expected step.
    pub fn next_step(&self) -> Option<&Step> {
        self.prediction.steps.first()
    }

    /// Any expected step is overdue.
    pub fn overdue(&self) -> bool {
        self.prediction.steps.iter().any(|s| s.overdue)
    }

    /// Any expected step is past its due day unrecorded, in a record that lists only
    /// some such steps.
    pub fn unrecorded_past_due(&self) -> bool {
        self.prediction.steps.iter().any(|s| s.unrecorded_past_due)
    }
}

fn entry(index: usize, event: &Event) -> TimelineEntry {
    TimelineEntry {
        index,
        date: event.date,
        kind: event.kind_name(),
        details: details(&event.kind),
        scope: event.scope,
        source: crate::model::Citation::join(&event.source),
        citations: event.source.clone(),
        links: Vec::new(),
        note: event.note.clone(),
    }
}

/// An event's fields in a few words.
pub fn details(kind: &EventKind) -> String {
    let with = |base: String, extra: &Option<String>, label: &str| match extra {
        Some(x) => format!("{base}, {label} {x}"),
        None => base,
    };
    match kind {
        EventKind::Inspection {
            judgement,
            framework,
            inspection_type,
            all_judgements_inadequate,
        } => {
            let mut s = format!("{judgement} ({framework}");
            if let Some(t) = inspection_type {
                s.push_str(&format!(", {t}"));
            }
            s.push(')');
            if *all_judgements_inadequate {
                s.push_str(", all judgements inadequate");
            }
            s
        }
        EventKind::FocusedVisit {
            treated_as_inadequate: true,
            ..
        } => "to be treated as inadequate".into(),
        EventKind::FocusedVisit {
            priority_actions, ..
        }
        | EventKind::Jtai { priority_actions } => {
            if *priority_actions {
                "priority actions".into()
            } else {
                String::new()
            }
        }
        EventKind::ActionPlan { stage } => stage.to_string(),
        EventKind::SendInspection { outcome } => outcome.to_string(),
        EventKind::ImprovementNotice { action, adviser } => {
            with(action.to_string(), adviser, "adviser")
        }
        EventKind::Direction {
            action,
            commissioner,
            requires,
        } => {
            let base = match requires {
                Some(r) => format!("{action}, requires {r}"),
                None => action.to_string(),
            };
            with(base, commissioner, "commissioner")
        }
        EventKind::FailureFinding {
            persistent,
            systemic,
        } => match (persistent, systemic) {
            (true, true) => "persistent and systemic".into(),
            (true, false) => "persistent".into(),
            (false, true) => "systemic".into(),
            (false, false) => String::new(),
        },
        EventKind::CommissionerAppointed { name } | EventKind::AdviserAppointed { name } => {
            name.clone().unwrap_or_default()
        }
        EventKind::CommissionerReport {
            recommendation,
            council_response,
        } => match council_response {
            Some(response) => format!("{recommendation}, council {response}"),
            None => recommendation.to_string(),
        },
        EventKind::OwnershipChanged { owner } => format!("now owned by the {owner}"),
        EventKind::ImprovementBoard { chair } => chair
            .as_ref()
            .map(|c| format!("chair {c}"))
            .unwrap_or_default(),
        EventKind::ProgressReview { outcome } => outcome.to_string(),
        EventKind::ServicesTransferred { to, arrangement } => format!("to {to}, {arrangement}"),
        EventKind::Reorganised { into, from } => {
            if into.is_empty() {
                format!("from {}", from.join(", "))
            } else {
                format!("into {}", into.join(", "))
            }
        }
        EventKind::Note { text } => text.clone(),
        EventKind::ReportReceived
        | EventKind::MonitoringVisit
        | EventKind::DiagnosticReview
        | EventKind::ServicesReturned => String::new(),
    }
}

/// One row of the all-council summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryRow {
    /// Slug.
    pub council: String,
    /// Display name.
    pub name: String,
    /// Ofsted track.
    pub ofsted: OfstedState,
    /// DfE track.
    pub dfe: DfeState,
    /// Since when.
    pub since: Since,
    /// Monitoring visits since the last inadequate judgement.
    pub monitoring_visits: usize,
    /// The next expected step's kind.
    pub next: Option<Kind>,
    /// Its due day.
    pub next_due: Option<NaiveDate>,
    /// Any expected step is overdue.
    pub overdue: bool,
    /// Any expected step is past its due day unrecorded (the sources list only some).
    pub unrecorded_past_due: bool,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
}

/// How many councils stand in each state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Councils in the report.
    pub councils: usize,
    /// Per Ofsted state (every state, zeros included).
    pub ofsted: Vec<(OfstedState, usize)>,
    /// Per DfE state (every state, zeros included).
    pub dfe: Vec<(DfeState, usize)>,
    /// Councils with an overdue step.
    pub overdue: usize,
    /// Councils with no overdue step but one past its due day unrecorded, whose sources
    /// list only some such steps (so it may have happened).
    pub unrecorded_past_due: usize,
}

/// The all-council summary: one row a council, then totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Rows, in the councils' order.
    pub rows: Vec<SummaryRow>,
    /// Totals.
    pub totals: Totals,
}

impl Summary {
    /// Summarises the views.
    pub fn of(views: &[CouncilView]) -> Self {
        use strum::IntoEnumIterator;
        let rows: Vec<SummaryRow> = views
            .iter()
            .map(|v| SummaryRow {
                council: v.council.clone(),
                name: v.name.clone(),
                ofsted: v.prediction.state.ofsted,
                dfe: v.prediction.state.dfe,
                since: v.prediction.since,
                monitoring_visits: v.prediction.monitoring_visits,
                next: v.next_step().map(|s| s.kind),
                next_due: v.next_step().and_then(|s| s.due),
                overdue: v.overdue(),
                unrecorded_past_due: v.unrecorded_past_due(),
                errors: v.count(Severity::Error),
                warnings: v.count(Severity::Warning),
                infos: v.count(Severity::Info),
            })
            .collect();
        let totals = Totals {
            councils: rows.len(),
            ofsted: OfstedState::iter()
                .map(|s| (s, rows.iter().filter(|r| r.ofsted == s).count()))
                .collect(),
            dfe: DfeState::iter()
                .map(|s| (s, rows.iter().filter(|r| r.dfe == s).count()))
                .collect(),
            overdue: rows.iter().filter(|r| r.overdue).count(),
            unrecorded_past_due: rows
                .iter()
                .filter(|r| r.unrecorded_past_due && !r.overdue)
                .count(),
        };
        Self { rows, totals }
    }
}

/// A whole report: the day, the summary, and every council.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The day the report is as of.
    pub as_of: NaiveDate,
    /// All councils at a glance.
    pub summary: Summary,
    /// The national picture, when the report was given the histories and rules to draw it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub national: Option<super::National>,
    /// Per council.
    pub councils: Vec<CouncilView>,
}

impl Report {
    /// Resolves every event's citations against the source registry, so the report can
    /// show each document by its title, with a link.
    pub fn link_sources(&mut self, registry: &crate::model::Registry) {
        for entry in self.councils.iter_mut().flat_map(|c| c.timeline.iter_mut()) {
            entry.links = entry
                .citations
                .iter()
                .filter_map(|c| {
                    let doc = registry.entries.get(c.reference.as_deref()?)?;
                    Some(SourceLink {
                        title: doc.title.clone(),
                        publisher: doc.publisher.clone(),
                        date: doc.date.clone(),
                        url: doc.url.clone(),
                        says: c.says.clone(),
                    })
                })
                .collect();
        }
    }

    /// Builds the report from the councils' views.
    pub fn new(as_of: NaiveDate, councils: Vec<CouncilView>) -> Self {
        Self {
            as_of,
            summary: Summary::of(&councils),
            national: None,
            councils,
        }
    }
}
