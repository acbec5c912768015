//! Writing a history back out in the file format, so generated and imported histories
//! can be saved and read again exactly.

use serde::Serialize;

use super::{EventKind, History, Scope};

#[derive(Serialize)]
struct OutHistory<'a> {
    council: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    predecessors: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    successors: &'a [String],
    events: Vec<OutEvent<'a>>,
}

/// One event as the file writes it: every field optional but `date` and `kind`.
#[derive(Serialize, Default)]
struct OutEvent<'a> {
    date: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    judgement: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    framework: Option<&'static str>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    inspection_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    all_judgements_inadequate: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    priority_actions: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stage: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    adviser: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commissioner: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    requires: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    persistent: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    systemic: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recommendation: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    chair: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    arrangement: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    into: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

fn out_event(event: &super::Event) -> OutEvent<'_> {
    let mut out = OutEvent {
        date: event.date.to_string(),
        kind: event.kind_name().into(),
        source: event.source.as_deref(),
        note: event.note.as_deref(),
        ..OutEvent::default()
    };
    // A SEND inspection is always SEND; the format leaves its scope implicit.
    if event.scope == Scope::Send && !matches!(event.kind, EventKind::SendInspection { .. }) {
        out.scope = Some(event.scope.into());
    }
    match &event.kind {
        EventKind::Inspection {
            judgement,
            framework,
            inspection_type,
            all_judgements_inadequate,
        } => {
            out.judgement = Some((*judgement).into());
            out.framework = Some((*framework).into());
            out.inspection_type = inspection_type.map(Into::into);
            out.all_judgements_inadequate = all_judgements_inadequate.then_some(true);
        }
        EventKind::FocusedVisit { priority_actions } | EventKind::Jtai { priority_actions } => {
            out.priority_actions = priority_actions.then_some(true);
        }
        EventKind::ActionPlan { stage } => out.stage = Some((*stage).into()),
        EventKind::SendInspection { outcome } => out.outcome = Some((*outcome).into()),
        EventKind::ImprovementNotice { action, adviser } => {
            out.action = Some((*action).into());
            out.adviser = adviser.as_deref();
        }
        EventKind::Direction {
            action,
            commissioner,
            requires,
        } => {
            out.action = Some((*action).into());
            out.commissioner = commissioner.as_deref();
            out.requires = requires.map(Into::into);
        }
        EventKind::FailureFinding {
            persistent,
            systemic,
        } => {
            out.persistent = persistent.then_some(true);
            out.systemic = systemic.then_some(true);
        }
        EventKind::CommissionerAppointed { name } | EventKind::AdviserAppointed { name } => {
            out.name = name.as_deref()
        }
        EventKind::CommissionerReport { recommendation } => {
            out.recommendation = Some((*recommendation).into())
        }
        EventKind::ImprovementBoard { chair } => out.chair = chair.as_deref(),
        EventKind::ProgressReview { outcome } => out.outcome = Some((*outcome).into()),
        EventKind::ServicesTransferred { to, arrangement } => {
            out.to = Some((*to).into());
            out.arrangement = Some((*arrangement).into());
        }
        EventKind::Reorganised { into, from } => {
            out.into = (!into.is_empty()).then_some(into.as_slice());
            out.from = (!from.is_empty()).then_some(from.as_slice());
        }
        EventKind::Note { text } => out.text = Some(text),
        EventKind::ReportReceived
        | EventKind::MonitoringVisit
        | EventKind::DiagnosticReview
        | EventKind::ServicesReturned => {}
    }
    out
}

/// The history as the text of its file (format version 1).
pub fn write_history(history: &History) -> String {
    let out = OutHistory {
        council: &history.council,
        name: &history.name,
        region: history.region.as_deref(),
        predecessors: &history.predecessors,
        successors: &history.successors,
        events: history.events.iter().map(out_event).collect(),
    };
    // The shapes above are plain strings, booleans and lists: serialising them cannot fail.
    serde_saphyr::to_string(&out).unwrap_or_default()
}
