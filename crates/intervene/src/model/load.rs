//! Reading a history file: YAML → raw shape (with locations) → typed [`History`].
//!
//! The raw shape is flat, as the file is: every field any kind can carry, each with its
//! location. Converting it checks that each field belongs to the event's kind, so the
//! error can say exactly which field on which line is wrong.

use std::path::Path;
use std::str::FromStr;

use serde::Deserialize;
use strum::IntoEnumIterator;

use super::{
    Action, CommissionerRecommendation, Event, EventKind, Framework, History, InspectionType,
    Judgement, Kind, LoadError, LoadErrorKind, PartialDate, PlanStage, ProgressOutcome,
    Requirement, Scope, SendOutcome, TransferArrangement, TransferTo,
};
use crate::yaml::{self, Spanned, column_of, line_of};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    council: Spanned<String>,
    name: String,
    region: Option<String>,
    #[serde(default)]
    predecessors: Vec<Spanned<String>>,
    #[serde(default)]
    successors: Vec<Spanned<String>>,
    events: Vec<Spanned<RawEvent>>,
}

type Field<T> = Option<Spanned<T>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    date: Spanned<String>,
    kind: Spanned<String>,
    source: Field<String>,
    note: Field<String>,
    scope: Field<String>,
    judgement: Field<String>,
    framework: Field<String>,
    #[serde(rename = "type")]
    inspection_type: Field<String>,
    all_judgements_inadequate: Field<bool>,
    priority_actions: Field<bool>,
    stage: Field<String>,
    outcome: Field<String>,
    action: Field<String>,
    adviser: Field<String>,
    commissioner: Field<String>,
    requires: Field<String>,
    persistent: Field<bool>,
    systemic: Field<bool>,
    name: Field<String>,
    recommendation: Field<String>,
    chair: Field<String>,
    to: Field<String>,
    arrangement: Field<String>,
    into: Field<Vec<String>>,
    from: Field<Vec<String>>,
    text: Field<String>,
}

/// A located fault inside a file, before the path is attached.
type Located = (usize, usize, LoadErrorKind);

/// Reads and checks one history file.
pub fn load_history(path: &Path) -> Result<History, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError {
        path: path.to_owned(),
        line: 0,
        column: 0,
        kind: LoadErrorKind::Io(e.to_string()),
    })?;
    let text = yaml::decode(&bytes).map_err(|e| LoadError {
        path: path.to_owned(),
        line: e.line,
        column: e.column,
        kind: LoadErrorKind::NotUtf8(e.message),
    })?;
    parse_history(path, text)
}

/// The largest history file read, in bytes. The longest real history is about 10 KB;
/// the cap keeps a stray multi-megabyte file from costing time and memory.
pub const MAX_HISTORY_BYTES: usize = 1 << 20;

/// Parses the text of a history file; `path` names it in errors and fixes the expected slug.
pub fn parse_history(path: &Path, text: &str) -> Result<History, LoadError> {
    let at = |(line, column, kind): Located| LoadError {
        path: path.to_owned(),
        line,
        column,
        kind,
    };
    if text.len() > MAX_HISTORY_BYTES {
        return Err(at((
            0,
            0,
            LoadErrorKind::TooLarge {
                bytes: text.len(),
                limit: MAX_HISTORY_BYTES,
            },
        )));
    }
    if yaml::is_blank(text) {
        return Err(at((0, 0, LoadErrorKind::Empty)));
    }
    let raw: RawHistory =
        yaml::parse(text).map_err(|e| at((e.line, e.column, LoadErrorKind::Yaml(e.message))))?;
    convert(path, raw).map_err(at)
}

/// Reads one event entry from any serde deserializer (a row of an event log), held to
/// exactly the checks an entry of a file is. Its `line` is 0: the caller knows where the
/// entry came from.
pub fn event_from<'de, D: serde::Deserializer<'de>>(fields: D) -> Result<Event, LoadErrorKind> {
    let raw = RawEvent::deserialize(fields).map_err(|e| LoadErrorKind::Yaml(e.to_string()))?;
    let unknown = serde_saphyr::Location::UNKNOWN;
    convert_event(Spanned::new(raw, unknown, unknown)).map_err(|(_, _, kind)| kind)
}

/// Builds a history from its council's fields (as JSON values under their format names)
/// and its events already read (by [`event_from`]), held to the checks a file's head is.
/// Reading a log this way skips writing each case out as YAML to parse it back, which
/// matters for logs of 100,000 councils.
pub fn history_from_events(
    path: &Path,
    head: serde_json::Map<String, serde_json::Value>,
    events: Vec<Event>,
) -> Result<History, LoadErrorKind> {
    let mut head = head;
    head.insert("events".into(), serde_json::Value::Array(Vec::new()));
    let raw: RawHistory = serde_json::from_value(serde_json::Value::Object(head))
        .map_err(|e| LoadErrorKind::Yaml(e.to_string()))?;
    let mut history = convert(path, raw).map_err(|(_, _, kind)| kind)?;
    history.events = events;
    Ok(history)
}

fn convert(path: &Path, raw: RawHistory) -> Result<History, Located> {
    check_slug(&raw.council)?;
    for slug in raw.predecessors.iter().chain(&raw.successors) {
        check_slug(slug)?;
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if raw.council.value != stem {
        return Err((
            line_of(&raw.council),
            column_of(&raw.council),
            LoadErrorKind::SlugNotStem {
                council: raw.council.value.clone(),
                stem,
            },
        ));
    }
    let events = raw
        .events
        .into_iter()
        .map(convert_event)
        .collect::<Result<_, _>>()?;
    Ok(History {
        file: path.to_owned(),
        council: raw.council.value,
        name: raw.name,
        region: raw.region,
        predecessors: raw.predecessors.into_iter().map(|s| s.value).collect(),
        successors: raw.successors.into_iter().map(|s| s.value).collect(),
        events,
    })
}

fn check_slug(slug: &Spanned<String>) -> Result<(), Located> {
    let ok = !slug.value.is_empty()
        && slug.value.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if ok {
        Ok(())
    } else {
        Err((
            line_of(slug),
            column_of(slug),
            LoadErrorKind::BadSlug(slug.value.clone()),
        ))
    }
}

/// Parses one of a closed set of names, or says which names there are.
fn value<T>(field: &'static str, raw: &Spanned<String>) -> Result<T, Located>
where
    T: FromStr + IntoEnumIterator + Into<&'static str>,
{
    T::from_str(&raw.value).map_err(|_| {
        let expected = T::iter()
            .map(Into::<&str>::into)
            .collect::<Vec<_>>()
            .join(", ");
        (
            line_of(raw),
            column_of(raw),
            LoadErrorKind::BadValue {
                field,
                found: raw.value.clone(),
                expected,
            },
        )
    })
}

fn convert_event(spanned: Spanned<RawEvent>) -> Result<Event, Located> {
    let line = line_of(&spanned);
    let raw = spanned.value;
    let kind: Kind = Kind::from_str(&raw.kind.value).map_err(|_| {
        let expected = Kind::iter()
            .map(Into::<&str>::into)
            .collect::<Vec<_>>()
            .join(", ");
        (
            line_of(&raw.kind),
            column_of(&raw.kind),
            LoadErrorKind::UnknownKind {
                found: raw.kind.value.clone(),
                expected,
            },
        )
    })?;
    check_fields_belong(&raw, kind)?;
    let date: PartialDate = raw.date.value.parse().map_err(|e| {
        (
            line_of(&raw.date),
            column_of(&raw.date),
            LoadErrorKind::from(e),
        )
    })?;
    let scope = raw
        .scope
        .as_ref()
        .map(|s| value::<Scope>("scope", s))
        .transpose()?;
    let missing = |field: &'static str| {
        (
            line,
            0,
            LoadErrorKind::MissingField {
                field,
                kind: kind.to_string(),
            },
        )
    };
    let required = |field: &'static str, raw: &Field<String>| -> Result<Spanned<String>, Located> {
        raw.clone().ok_or_else(|| missing(field))
    };
    let flag = |raw: &Field<bool>| raw.as_ref().is_some_and(|b| b.value);
    let text = |raw: &Field<String>| raw.as_ref().map(|s| s.value.clone());

    let event_kind = match kind {
        Kind::Inspection => {
            let judgement_raw = required("judgement", &raw.judgement)?;
            // The format accepts the pre-2013 grade `adequate` as `requires_improvement`.
            let judgement = if judgement_raw.value == "adequate" {
                Judgement::RequiresImprovement
            } else {
                value("judgement", &judgement_raw)?
            };
            let framework = match &raw.framework {
                Some(f) => value("framework", f)?,
                None => Framework::in_force_on(date.first()),
            };
            EventKind::Inspection {
                judgement,
                framework,
                inspection_type: raw
                    .inspection_type
                    .as_ref()
                    .map(|t| value::<InspectionType>("type", t))
                    .transpose()?,
                all_judgements_inadequate: flag(&raw.all_judgements_inadequate),
            }
        }
        Kind::ReportReceived => EventKind::ReportReceived,
        Kind::FocusedVisit => EventKind::FocusedVisit {
            priority_actions: flag(&raw.priority_actions),
        },
        Kind::MonitoringVisit => EventKind::MonitoringVisit,
        Kind::ActionPlan => EventKind::ActionPlan {
            stage: raw
                .stage
                .as_ref()
                .map(|s| value("stage", s))
                .transpose()?
                .unwrap_or(PlanStage::Final),
        },
        Kind::Jtai => EventKind::Jtai {
            priority_actions: flag(&raw.priority_actions),
        },
        Kind::SendInspection => {
            if scope == Some(Scope::ChildrensSocialCare) {
                return Err((line, 0, LoadErrorKind::SendInspectionScope));
            }
            EventKind::SendInspection {
                outcome: value::<SendOutcome>("outcome", &required("outcome", &raw.outcome)?)?,
            }
        }
        Kind::ImprovementNotice => {
            let action_raw = required("action", &raw.action)?;
            let action = value::<Action>("action", &action_raw)?;
            if action == Action::Revoked {
                return Err(bad_action(&action_raw, "issued, revised, lifted"));
            }
            EventKind::ImprovementNotice {
                action,
                adviser: text(&raw.adviser),
            }
        }
        Kind::Direction => {
            let action_raw = required("action", &raw.action)?;
            let action = value::<Action>("action", &action_raw)?;
            if action == Action::Lifted {
                return Err(bad_action(&action_raw, "issued, revised, revoked"));
            }
            EventKind::Direction {
                action,
                commissioner: text(&raw.commissioner),
                requires: raw
                    .requires
                    .as_ref()
                    .map(|r| value::<Requirement>("requires", r))
                    .transpose()?,
            }
        }
        Kind::FailureFinding => EventKind::FailureFinding {
            persistent: flag(&raw.persistent),
            systemic: flag(&raw.systemic),
        },
        Kind::CommissionerAppointed => EventKind::CommissionerAppointed {
            name: text(&raw.name),
        },
        Kind::CommissionerReport => EventKind::CommissionerReport {
            recommendation: value::<CommissionerRecommendation>(
                "recommendation",
                &required("recommendation", &raw.recommendation)?,
            )?,
        },
        Kind::AdviserAppointed => EventKind::AdviserAppointed {
            name: text(&raw.name),
        },
        Kind::ImprovementBoard => EventKind::ImprovementBoard {
            chair: text(&raw.chair),
        },
        Kind::DiagnosticReview => EventKind::DiagnosticReview,
        Kind::ProgressReview => EventKind::ProgressReview {
            outcome: value::<ProgressOutcome>("outcome", &required("outcome", &raw.outcome)?)?,
        },
        Kind::ServicesTransferred => EventKind::ServicesTransferred {
            to: value::<TransferTo>("to", &required("to", &raw.to)?)?,
            arrangement: value::<TransferArrangement>(
                "arrangement",
                &required("arrangement", &raw.arrangement)?,
            )?,
        },
        Kind::ServicesReturned => EventKind::ServicesReturned,
        Kind::Reorganised => {
            let into = raw.into.map(|s| s.value).unwrap_or_default();
            let from = raw.from.map(|s| s.value).unwrap_or_default();
            if into.is_empty() && from.is_empty() {
                return Err((line, 0, LoadErrorKind::ReorganisedWithoutCouncils));
            }
            EventKind::Reorganised { into, from }
        }
        Kind::Note => EventKind::Note {
            text: required("text", &raw.text)?.value,
        },
    };
    let scope = scope.unwrap_or(if kind == Kind::SendInspection {
        Scope::Send
    } else {
        Scope::default()
    });
    Ok(Event {
        date,
        kind: event_kind,
        scope,
        source: text(&raw.source),
        note: text(&raw.note),
        line,
    })
}

fn bad_action(raw: &Spanned<String>, expected: &str) -> Located {
    (
        line_of(raw),
        column_of(raw),
        LoadErrorKind::BadValue {
            field: "action",
            found: raw.value.clone(),
            expected: expected.to_owned(),
        },
    )
}

fn check_fields_belong(raw: &RawEvent, kind: Kind) -> Result<(), Located> {
    fn at<T>(field: &Field<T>) -> Option<(usize, usize)> {
        field.as_ref().map(|f| (line_of(f), column_of(f)))
    }
    let present = [
        ("judgement", at(&raw.judgement)),
        ("framework", at(&raw.framework)),
        ("type", at(&raw.inspection_type)),
        (
            "all_judgements_inadequate",
            at(&raw.all_judgements_inadequate),
        ),
        ("priority_actions", at(&raw.priority_actions)),
        ("stage", at(&raw.stage)),
        ("outcome", at(&raw.outcome)),
        ("action", at(&raw.action)),
        ("adviser", at(&raw.adviser)),
        ("commissioner", at(&raw.commissioner)),
        ("requires", at(&raw.requires)),
        ("persistent", at(&raw.persistent)),
        ("systemic", at(&raw.systemic)),
        ("name", at(&raw.name)),
        ("recommendation", at(&raw.recommendation)),
        ("chair", at(&raw.chair)),
        ("to", at(&raw.to)),
        ("arrangement", at(&raw.arrangement)),
        ("into", at(&raw.into)),
        ("from", at(&raw.from)),
        ("text", at(&raw.text)),
    ];
    let allowed = kind.fields();
    match present
        .into_iter()
        .find(|(name, at)| at.is_some() && !allowed.contains(name))
    {
        Some((field, Some((line, column)))) => Err((
            line,
            column,
            LoadErrorKind::FieldNotForKind {
                field,
                kind: kind.to_string(),
            },
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<History, LoadError> {
        parse_history(Path::new("fixtures/medway.yaml"), text)
    }

    const HEAD: &str = "council: medway\nname: Medway\nevents:\n";

    #[test]
    fn reads_a_history_with_lines_and_precision() {
        let h = parse(&format!(
            "{HEAD}  - date: 2019-08\n    kind: inspection\n    judgement: inadequate\n    source: x\n  - date: 2019-09-02\n    kind: direction\n    action: issued\n    commissioner: Eleanor Brazil\n"
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(h.events.len(), 2);
        assert_eq!(h.events[0].line, 4);
        assert_eq!(h.events[1].line, 8);
        assert_eq!(h.events[0].date.to_string(), "2019-08");
        assert!(matches!(
            h.events[0].kind,
            EventKind::Inspection {
                framework: Framework::Ilacs,
                ..
            }
        ));
    }

    #[test]
    fn a_field_of_another_kind_is_located() {
        let e = parse(&format!("{HEAD}  - date: 2019-08\n    kind: direction\n    action: issued\n    judgement: good\n")).unwrap_err();
        assert_eq!((e.line, e.column), (7, 16));
        assert_eq!(
            e.kind,
            LoadErrorKind::FieldNotForKind {
                field: "judgement",
                kind: "direction".into()
            }
        );
    }

    #[test]
    fn adequate_counts_as_requires_improvement() {
        let h = parse(&format!(
            "{HEAD}  - date: 2012\n    kind: inspection\n    judgement: adequate\n"
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            h.events[0].kind,
            EventKind::Inspection {
                judgement: Judgement::RequiresImprovement,
                framework: Framework::Slac,
                ..
            }
        ));
    }

    #[test]
    fn notices_are_lifted_and_directions_revoked() {
        let e = parse(&format!(
            "{HEAD}  - date: 2019\n    kind: direction\n    action: lifted\n"
        ))
        .unwrap_err();
        assert!(
            matches!(
                e.kind,
                LoadErrorKind::BadValue {
                    field: "action",
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn the_slug_must_match_the_file() {
        let e = parse("council: kent\nname: Kent\nevents: []\n").unwrap_err();
        assert!(matches!(e.kind, LoadErrorKind::SlugNotStem { .. }), "{e}");
    }
}
