//! Writing a history back out in the file format, so generated and imported histories
//! can be saved and read again exactly.

use serde::Serialize;

use super::{Citation, EventKind, History, Judgement, Scope};

#[derive(Serialize)]
struct OutHistory<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u32>,
    council: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    predecessors: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    successors: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    recorded_until: Option<String>,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    coverage: std::collections::BTreeMap<&'static str, &'static str>,
    events: Vec<OutEvent<'a>>,
}

/// A `source` as the file writes it: the free text of a version 1 file, or citations.
#[derive(Serialize)]
#[serde(untagged)]
enum OutSource<'a> {
    Text(&'a str),
    Citations(&'a [Citation]),
}

/// One event as the file writes it: every field optional but `date` and `kind`.
#[derive(Serialize, Default)]
struct OutEvent<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fieldwork_end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<String>,
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
    treated_as_inadequate: Option<bool>,
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
    council_response: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    chair: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    arrangement: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    into: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<OutSource<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

fn out_event(event: &super::Event) -> OutEvent<'_> {
    let source = match event.source.as_slice() {
        [] => None,
        [
            Citation {
                reference: None,
                says,
            },
        ] => Some(OutSource::Text(says)),
        citations => Some(OutSource::Citations(citations)),
    };
    // A date known only as "on or before publication" is written as its `published`.
    let up_to = event.date.precision() == super::Precision::UpTo && event.published.is_some();
    let mut out = OutEvent {
        date: (!up_to).then(|| event.date.to_string()),
        fieldwork_end: event.fieldwork_end.map(|d| d.to_string()),
        published: event.published.map(|d| d.to_string()),
        kind: event.kind_name().into(),
        source,
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
            out.judgement = (*judgement != Judgement::NotGiven).then(|| (*judgement).into());
            out.framework = Some((*framework).into());
            out.inspection_type = inspection_type.map(Into::into);
            out.all_judgements_inadequate = all_judgements_inadequate.then_some(true);
        }
        EventKind::FocusedVisit {
            priority_actions,
            treated_as_inadequate,
        } => {
            out.priority_actions = priority_actions.then_some(true);
            out.treated_as_inadequate = treated_as_inadequate.then_some(true);
        }
        EventKind::Jtai { priority_actions } => {
            out.priority_actions = priority_actions.then_some(true);
        }
        EventKind::ActionPlan { stage } => out.stage = Some((*stage).into()),
        EventKind::SendInspection { outcome } => out.outcome = stated(*outcome),
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
        EventKind::CommissionerReport {
            recommendation,
            council_response,
        } => {
            out.recommendation = stated(*recommendation);
            out.council_response = council_response.map(Into::into);
        }
        EventKind::OwnershipChanged { owner } => out.owner = Some((*owner).into()),
        EventKind::ImprovementBoard { chair } => out.chair = chair.as_deref(),
        EventKind::ProgressReview { outcome } => out.outcome = stated(*outcome),
        EventKind::ServicesTransferred { to, arrangement } => {
            out.to = Some((*to).into());
            out.arrangement = stated(*arrangement);
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

/// A value's name, or nothing where the sources did not state it (the file omits it).
fn stated(value: impl Into<&'static str>) -> Option<&'static str> {
    Some(value.into()).filter(|name| *name != "not_stated")
}

/// The history as the text of its file, in the version it was read as.
pub fn write_history(history: &History) -> String {
    let out = OutHistory {
        version: (history.version > 1).then_some(history.version),
        recorded_until: history.recorded_until.map(|d| d.to_string()),
        coverage: history
            .coverage
            .0
            .iter()
            .map(|(kind, level)| ((*kind).into(), (*level).into()))
            .collect(),
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
