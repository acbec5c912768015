//! Histories out as event logs: CSV, JSON Lines and XES.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, Event as Xml};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use super::{columns, precision_name, qualifier};
use crate::model::{Event, EventKind, History};

/// Named attribute values, in the order they are written.
type Attributes = Vec<(&'static str, Value)>;

/// The value of a closed-set field under its format name.
fn name<T: Copy + Into<&'static str>>(value: &T) -> Value {
    Value::from((*value).into())
}

/// A value's name, or nothing where the sources did not state it.
fn stated<T: Copy + Into<&'static str>>(value: &T) -> Option<Value> {
    let name: &'static str = (*value).into();
    (name != "not_stated").then(|| Value::from(name))
}

fn text(value: &Option<String>) -> Option<Value> {
    value.as_deref().map(Value::from)
}

fn list(values: &[String]) -> Option<Value> {
    (!values.is_empty()).then(|| Value::from(values.join(";")))
}

/// The fields an event kind carries, by format name.
fn kind_fields(kind: &EventKind) -> Attributes {
    let optional = |field, value: Option<Value>| value.map(|v| (field, v)).into_iter();
    match kind {
        EventKind::Inspection {
            judgement,
            framework,
            inspection_type,
            all_judgements_inadequate,
        } => optional(
            "judgement",
            (*judgement != crate::model::Judgement::NotGiven).then(|| name(judgement)),
        )
        .chain([("framework", name(framework))])
        .chain(optional("type", inspection_type.as_ref().map(name)))
        .chain([(
            "all_judgements_inadequate",
            (*all_judgements_inadequate).into(),
        )])
        .collect(),
        EventKind::FocusedVisit {
            priority_actions,
            treated_as_inadequate,
        } => std::iter::once(("priority_actions", (*priority_actions).into()))
            .chain(treated_as_inadequate.then(|| ("treated_as_inadequate", true.into())))
            .collect(),
        EventKind::Jtai { priority_actions } => {
            vec![("priority_actions", (*priority_actions).into())]
        }
        EventKind::ActionPlan { stage } => vec![("stage", name(stage))],
        EventKind::SendInspection { outcome } => optional("outcome", stated(outcome)).collect(),
        EventKind::ProgressReview { outcome } => optional("outcome", stated(outcome)).collect(),
        EventKind::ImprovementNotice { action, adviser } => {
            std::iter::once(("action", name(action)))
                .chain(optional("adviser", text(adviser)))
                .collect()
        }
        EventKind::Direction {
            action,
            commissioner,
            requires,
        } => std::iter::once(("action", name(action)))
            .chain(optional("commissioner", text(commissioner)))
            .chain(optional("requires", requires.as_ref().map(name)))
            .collect(),
        EventKind::FailureFinding {
            persistent,
            systemic,
        } => vec![
            ("persistent", (*persistent).into()),
            ("systemic", (*systemic).into()),
        ],
        EventKind::CommissionerAppointed { name } | EventKind::AdviserAppointed { name } => {
            optional("name", text(name)).collect()
        }
        EventKind::CommissionerReport {
            recommendation,
            council_response,
        } => optional("recommendation", stated(recommendation))
            .chain(optional(
                "council_response",
                council_response.as_ref().map(name),
            ))
            .collect(),
        EventKind::OwnershipChanged { owner } => vec![("owner", name(owner))],
        EventKind::ImprovementBoard { chair } => optional("chair", text(chair)).collect(),
        EventKind::ServicesTransferred { to, arrangement } => std::iter::once(("to", name(to)))
            .chain(optional("arrangement", stated(arrangement)))
            .collect(),
        EventKind::Reorganised { into, from } => optional("into", list(into))
            .chain(optional("from", list(from)))
            .collect(),
        EventKind::Note { text } => vec![("text", Value::from(text.as_str()))],
        EventKind::ReportReceived
        | EventKind::MonitoringVisit
        | EventKind::DiagnosticReview
        | EventKind::ServicesReturned => Vec::new(),
    }
}

/// The event's activity: its kind, and the judgement or action where the kind has one.
fn activity(event: &Event, fields: &Attributes) -> String {
    let kind = event.kind_name();
    let named = qualifier(kind).and_then(|q| fields.iter().find(|(f, _)| *f == q));
    match named {
        Some((_, Value::String(value))) => format!("{kind}:{value}"),
        _ => kind.to_string(),
    }
}

/// The attributes of an event but its case, activity and timestamp.
fn event_attributes(event: &Event, fields: Attributes) -> Attributes {
    let mut out: Attributes = vec![
        ("date", event.date.to_string().into()),
        (
            "date_precision",
            precision_name(event.date.precision()).into(),
        ),
        ("scope", Value::from(<&str>::from(event.scope))),
    ];
    let optional_date =
        |d: &Option<crate::model::PartialDate>| d.map(|d| Value::from(d.to_string()));
    out.extend(optional_date(&event.fieldwork_end).map(|v| ("fieldwork_end", v)));
    out.extend(optional_date(&event.published).map(|v| ("published", v)));
    out.extend(text(&crate::model::Citation::join(&event.source)).map(|v| ("source", v)));
    out.extend(text(&event.note).map(|v| ("note", v)));
    out.extend(fields);
    out
}

/// The attributes of a case (its council) but its id.
fn case_attributes(history: &History) -> Attributes {
    let mut out: Attributes = vec![("council_name", history.name.as_str().into())];
    out.extend(text(&history.region).map(|v| ("region", v)));
    out.extend(list(&history.predecessors).map(|v| ("predecessors", v)));
    out.extend(list(&history.successors).map(|v| ("successors", v)));
    if history.version > 1 {
        out.push(("format_version", history.version.to_string().into()));
    }
    out.extend(
        history
            .recorded_until
            .map(|d| ("recorded_until", Value::from(d.to_string()))),
    );
    let coverage: Vec<String> = history
        .coverage
        .0
        .iter()
        .map(|(kind, level)| format!("{kind}={level}"))
        .collect();
    out.extend(list(&coverage).map(|v| ("coverage", v)));
    out
}

/// Every row of the log: case, activity, timestamp, then the other attributes.
fn rows(histories: &[History]) -> impl Iterator<Item = Attributes> + '_ {
    histories.iter().flat_map(|history| {
        let case = case_attributes(history);
        history.events.iter().map(move |event| {
            let fields = kind_fields(&event.kind);
            let mut row: Attributes = vec![
                ("case_id", history.council.as_str().into()),
                ("activity", activity(event, &fields).into()),
                ("timestamp", event.date.first().to_string().into()),
            ];
            row.extend(event_attributes(event, fields));
            row.extend(case.iter().cloned());
            row
        })
    })
}

fn cell(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The histories as a CSV event log with a header row, one row per event.
///
/// Every column is always present, empty where an event has no such field, so
/// spreadsheets and process-mining tools see one fixed table.
pub fn to_csv(histories: &[History]) -> String {
    let written = CsvLog::new(Vec::new()).and_then(|mut log| {
        histories.iter().try_for_each(|h| log.write(h))?;
        log.finish()
    });
    // Writing to memory cannot fail, and every cell is UTF-8.
    String::from_utf8(written.unwrap_or_default()).unwrap_or_default()
}

/// A CSV event log written history by history, for logs too big to hold (`synth`).
/// The same table as [`to_csv`].
pub struct CsvLog<W: io::Write> {
    writer: csv::Writer<W>,
    columns: Vec<&'static str>,
}

impl<W: io::Write> CsvLog<W> {
    /// Starts a log on `out` with its header row.
    pub fn new(out: W) -> io::Result<Self> {
        let columns = columns();
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(&columns)?;
        Ok(Self { writer, columns })
    }

    /// Adds one history's events.
    pub fn write(&mut self, history: &History) -> io::Result<()> {
        for row in rows(std::slice::from_ref(history)) {
            self.writer.write_record(self.columns.iter().map(|column| {
                row.iter()
                    .find(|(name, _)| name == column)
                    .map(|(_, value)| cell(value))
                    .unwrap_or_default()
            }))?;
        }
        Ok(())
    }

    /// Flushes the log and gives back its writer.
    pub fn finish(self) -> io::Result<W> {
        self.writer.into_inner().map_err(|e| e.into_error())
    }
}

/// Serialises attributes as a JSON object in their own order.
struct Ordered<'a>(&'a Attributes);

impl Serialize for Ordered<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// The histories as JSON Lines: one object per event, with the CSV's columns as keys
/// (absent fields left out, booleans as JSON booleans).
pub fn to_jsonl(histories: &[History]) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail, and serde_json writes UTF-8.
    let _ = histories.iter().try_for_each(|h| write_jsonl(&mut out, h));
    String::from_utf8(out).unwrap_or_default()
}

/// Writes one history's events as JSON Lines, as [`to_jsonl`] does, for logs written
/// history by history.
pub fn write_jsonl(out: &mut impl io::Write, history: &History) -> io::Result<()> {
    for row in rows(std::slice::from_ref(history)) {
        serde_json::to_writer(&mut *out, &Ordered(&row))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The histories as an XES (IEEE 1849-2016) log: one trace per council, one event per
/// history event, for PM4Py, ProM and other process-mining tools.
pub fn to_xes(histories: &[History]) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing to memory cannot fail, and quick-xml writes UTF-8.
    let _ = write_xes(&mut writer, histories);
    String::from_utf8(writer.into_inner()).unwrap_or_default()
}

const XES_ZERO: &str = "1970-01-01T00:00:00.000+00:00";

fn write_xes(w: &mut Writer<Vec<u8>>, histories: &[History]) -> io::Result<()> {
    w.write_event(Xml::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("log")
        .with_attributes([
            ("xes.version", "1849-2016"),
            ("xes.features", "nested-attributes"),
            ("xmlns", "http://www.xes-standard.org/"),
        ])
        .write_inner_content(|w| {
            for (name, prefix) in [("Concept", "concept"), ("Time", "time")] {
                let uri = format!("http://www.xes-standard.org/{prefix}.xesext");
                w.create_element("extension")
                    .with_attributes([("name", name), ("prefix", prefix), ("uri", &uri)])
                    .write_empty()?;
            }
            w.create_element("global")
                .with_attribute(("scope", "trace"))
                .write_inner_content(|w| attribute(w, "concept:name", &"UNKNOWN".into()))?;
            w.create_element("global")
                .with_attribute(("scope", "event"))
                .write_inner_content(|w| {
                    attribute(w, "concept:name", &"UNKNOWN".into())?;
                    date(w, XES_ZERO)
                })?;
            w.create_element("classifier")
                .with_attributes([("name", "Activity"), ("keys", "concept:name")])
                .write_empty()?;
            for history in histories {
                write_trace(w, history)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_trace(w: &mut Writer<Vec<u8>>, history: &History) -> io::Result<()> {
    w.create_element("trace").write_inner_content(|w| {
        attribute(w, "concept:name", &history.council.as_str().into())?;
        for (key, value) in &case_attributes(history) {
            attribute(w, key, value)?;
        }
        for event in &history.events {
            let fields = kind_fields(&event.kind);
            let activity = activity(event, &fields);
            w.create_element("event").write_inner_content(|w| {
                attribute(w, "concept:name", &activity.into())?;
                date(w, &format!("{}T00:00:00.000+00:00", event.date.first()))?;
                for (key, value) in &event_attributes(event, fields) {
                    attribute(w, key, value)?;
                }
                Ok(())
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

/// One typed XES attribute: `<boolean>` for booleans, `<string>` for the rest.
fn attribute(w: &mut Writer<Vec<u8>>, key: &str, value: &Value) -> io::Result<()> {
    let (element, value) = match value {
        Value::Bool(b) => ("boolean", b.to_string()),
        other => ("string", cell(other)),
    };
    w.create_element(element)
        .with_attributes([("key", key), ("value", &value)])
        .write_empty()?;
    Ok(())
}

fn date(w: &mut Writer<Vec<u8>>, value: &str) -> io::Result<()> {
    w.create_element("date")
        .with_attributes([("key", "time:timestamp"), ("value", value)])
        .write_empty()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::parse_history;

    fn history(events: &str) -> History {
        let text = format!("council: test\nname: Test & Co\nregion: London\nevents:\n{events}");
        parse_history(Path::new("test.yaml"), &text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn activity_names_the_judgement_or_action() {
        let h = history(
            "  - {date: 2019-08, kind: inspection, judgement: inadequate}\n  - {date: 2019-09-02, kind: direction, action: issued}\n  - {date: 2019, kind: monitoring_visit}\n",
        );
        let csv = to_csv(&[h]);
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].starts_with("case_id,activity,timestamp,date,date_precision,"));
        assert!(
            lines[1].starts_with(
                "test,inspection:inadequate,2019-08-01,2019-08,month,Test & Co,London,"
            )
        );
        assert!(lines[2].starts_with("test,direction:issued,2019-09-02,2019-09-02,day,"));
        assert!(lines[3].starts_with("test,monitoring_visit,2019-01-01,2019,year,"));
    }

    #[test]
    fn quotes_and_separators_are_escaped_by_the_writers() {
        let h = history("  - {date: 2019, kind: note, text: \"a, \\\"b\\\" <c>\\nd\"}\n");
        assert!(to_csv(std::slice::from_ref(&h)).contains("\"a, \"\"b\"\" <c>\nd\""));
        assert!(to_jsonl(std::slice::from_ref(&h)).contains(r#""text":"a, \"b\" <c>\nd""#));
        let xes = to_xes(&[h]);
        assert!(
            xes.contains(r#"value="a, &quot;b&quot; &lt;c&gt;&#10;d""#),
            "{xes}"
        );
        assert!(xes.contains(r#"<string key="council_name" value="Test &amp; Co"/>"#));
    }
}
