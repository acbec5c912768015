//! Reading a history file: YAML → raw shape (with locations) → typed [`History`].
//!
//! The raw shape is flat, as the file is: every field any kind can carry, each with its
//! location. Converting it checks that each field belongs to the event's kind, so the
//! error can say exactly which field on which line is wrong.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;
use strum::IntoEnumIterator;

use super::error::{did_you_mean, with_hint};
use super::{
    Action, Citation, CommissionerRecommendation, CouncilResponse, Coverage, CoverageLevel, Event,
    EventKind, Framework, History, InspectionType, Judgement, Kind, LoadError, LoadErrorKind,
    Owner, PartialDate, PlanStage, ProgressOutcome, Requirement, Scope, SendOutcome,
    TransferArrangement, TransferTo,
};
use crate::yaml::{self, Spanned, column_of, line_of};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    version: Option<Spanned<u32>>,
    council: Spanned<String>,
    name: String,
    region: Option<String>,
    #[serde(default)]
    predecessors: Vec<Spanned<String>>,
    #[serde(default)]
    successors: Vec<Spanned<String>>,
    recorded_until: Option<Spanned<String>>,
    #[serde(default)]
    coverage: BTreeMap<Kind, CoverageLevel>,
    events: Vec<Spanned<RawEvent<'static>>>,
}

/// The newest format version this reader knows.
pub const FORMAT_VERSION: u32 = 2;

/// A `source` as a file gives it: free text (version 1), one citation, or several.
#[derive(Clone)]
enum RawSource<'a> {
    Text(Text<'a>),
    One(RawCitation),
    Many(Vec<RawCitation>),
}

// Read by hand, not as an untagged enum, so a fault inside a citation keeps its message.
impl<'de, 'a> Deserialize<'de> for RawSource<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de, 'a> serde::de::Visitor<'de> for Visitor<'a> {
            type Value = RawSource<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("text, a citation `{ ref: <registry id>, says: <what it says> }`, or a list of citations")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(RawSource::Text(Cow::Owned(text.to_owned())))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                RawCitation::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawSource::One)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut many = Vec::new();
                while let Some(citation) = seq.next_element::<RawCitation>()? {
                    many.push(citation);
                }
                Ok(RawSource::Many(many))
            }
        }
        deserializer.deserialize_any(Visitor(std::marker::PhantomData))
    }
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawCitation {
    #[serde(rename = "ref")]
    reference: Option<String>,
    says: String,
}

type Field<T> = Option<Spanned<T>>;

/// Text of an event entry: owned when read from YAML, borrowed from a log row's cells.
type Text<'a> = Cow<'a, str>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent<'a> {
    date: Field<Text<'a>>,
    kind: Spanned<Text<'a>>,
    fieldwork_end: Field<Text<'a>>,
    published: Field<Text<'a>>,
    source: Field<RawSource<'a>>,
    note: Field<Text<'a>>,
    scope: Field<Text<'a>>,
    judgement: Field<Text<'a>>,
    framework: Field<Text<'a>>,
    #[serde(rename = "type")]
    inspection_type: Field<Text<'a>>,
    all_judgements_inadequate: Field<bool>,
    priority_actions: Field<bool>,
    treated_as_inadequate: Field<bool>,
    stage: Field<Text<'a>>,
    outcome: Field<Text<'a>>,
    action: Field<Text<'a>>,
    adviser: Field<Text<'a>>,
    commissioner: Field<Text<'a>>,
    requires: Field<Text<'a>>,
    persistent: Field<bool>,
    systemic: Field<bool>,
    name: Field<Text<'a>>,
    recommendation: Field<Text<'a>>,
    council_response: Field<Text<'a>>,
    chair: Field<Text<'a>>,
    to: Field<Text<'a>>,
    arrangement: Field<Text<'a>>,
    owner: Field<Text<'a>>,
    into: Field<Vec<String>>,
    from: Field<Vec<String>>,
    text: Field<Text<'a>>,
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
    parse(path, text, true)
}

/// Parses a history that is not a file (standard input): `name` names it in errors, and
/// there is no file stem for the slug to equal.
pub fn parse_unnamed_history(name: &Path, text: &str) -> Result<History, LoadError> {
    parse(name, text, false)
}

/// Parses a history; `stem` says whether its slug must equal the file stem of `path`.
fn parse(path: &Path, text: &str, stem: bool) -> Result<History, LoadError> {
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
    let raw: RawHistory = yaml::parse(text)
        .map_err(|e| at((e.line, e.column, LoadErrorKind::Yaml(with_hint(e.message)))))?;
    convert(path, raw, stem).map_err(at)
}

/// The names of an event entry's fields, in the order the format lists them: what an
/// unknown field's message offers instead.
pub(super) const EVENT_FIELDS: [&str; 31] = [
    "date",
    "kind",
    "fieldwork_end",
    "published",
    "source",
    "note",
    "scope",
    "judgement",
    "framework",
    "type",
    "all_judgements_inadequate",
    "priority_actions",
    "treated_as_inadequate",
    "stage",
    "outcome",
    "action",
    "adviser",
    "commissioner",
    "requires",
    "persistent",
    "systemic",
    "name",
    "recommendation",
    "council_response",
    "chair",
    "to",
    "arrangement",
    "owner",
    "into",
    "from",
    "text",
];

/// The type of one field of an event entry, as the reader reads it: what the JSON
/// Schema says of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FieldType {
    /// Text (a date, a name, one of a closed set of names).
    Text,
    /// `true` or `false`.
    Flag,
    /// A list of council slugs.
    List,
    /// A `source`: text, a citation, or a list of citations.
    Source,
    /// The `kind`.
    Kind,
}

/// The type of the event field `name`, read from the reader's own table of fields.
pub(super) fn field_type(name: &str) -> Option<FieldType> {
    match name {
        "kind" => return Some(FieldType::Kind),
        "source" => return Some(FieldType::Source),
        _ => {}
    }
    Some(match RawEvent::empty().slot(name)? {
        Slot::Text(_) => FieldType::Text,
        Slot::Flag(_) => FieldType::Flag,
        Slot::List(_) => FieldType::List,
    })
}

/// The top-level fields of a history file, as [`RawHistory`] reads them.
pub(super) const HISTORY_FIELDS: [&str; 9] = [
    "version",
    "council",
    "name",
    "region",
    "predecessors",
    "successors",
    "recorded_until",
    "coverage",
    "events",
];

/// The fields an event of `kind` must give (besides `kind`, and `date` or `published`);
/// `judgement` of an inspection is required only before [`NO_OVERALL_GRADE_FROM`].
pub(super) fn required_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Inspection => &["judgement"],
        Kind::ImprovementNotice | Kind::Direction => &["action"],
        Kind::ServicesTransferred => &["to"],
        Kind::OwnershipChanged => &["owner"],
        Kind::Note => &["text"],
        _ => &[],
    }
}

/// The names of a value enum a file may write (never the reader's own `not_stated`).
fn names<T: IntoEnumIterator + Into<&'static str>>() -> Vec<&'static str> {
    T::iter()
        .map(Into::into)
        .filter(|name| !UNSTATED.contains(name))
        .collect()
}

/// The values an improvement notice (`lifted`) or a direction (`revoked`) may take.
fn action_values(kind: Kind) -> Vec<&'static str> {
    let ends = if kind == Kind::Direction {
        Action::Lifted
    } else {
        Action::Revoked
    };
    Action::iter()
        .filter(|action| *action != ends)
        .map(Into::into)
        .collect()
}

/// The values field `field` of an event of `kind` may take, when it is one of a closed
/// set: the same lists the reader checks against and names in its messages.
pub(super) fn allowed_values(kind: Kind, field: &str) -> Option<Vec<&'static str>> {
    Some(match field {
        "scope" if kind == Kind::SendInspection => vec![Scope::Send.into()],
        "scope" => names::<Scope>(),
        "judgement" => JUDGEMENTS.to_vec(),
        "framework" => names::<Framework>(),
        "type" => names::<InspectionType>(),
        "stage" => names::<PlanStage>(),
        "outcome" if kind == Kind::ProgressReview => names::<ProgressOutcome>(),
        "outcome" => names::<SendOutcome>(),
        "action" => action_values(kind),
        "requires" => names::<Requirement>(),
        "recommendation" => names::<CommissionerRecommendation>(),
        "council_response" => names::<CouncilResponse>(),
        "to" => names::<TransferTo>(),
        "arrangement" => names::<TransferArrangement>(),
        "owner" => names::<Owner>(),
        _ => return None,
    })
}

/// The judgements a file may write: the four grades, and the pre-2013 `adequate`.
const JUDGEMENTS: [&str; 5] = [
    "outstanding",
    "good",
    "requires_improvement",
    "inadequate",
    "adequate",
];

/// Where one field of an event entry goes, by its type.
enum Slot<'r, 'a> {
    Text(&'r mut Field<Text<'a>>),
    Flag(&'r mut Field<bool>),
    List(&'r mut Field<Vec<String>>),
}

impl<'a> RawEvent<'a> {
    /// An entry with no fields yet; `date` and `kind` are placeholders until given.
    fn empty() -> Self {
        let unknown = serde_saphyr::Location::UNKNOWN;
        Self {
            date: None,
            kind: Spanned::new(Cow::Borrowed(""), unknown, unknown),
            fieldwork_end: None,
            published: None,
            source: None,
            note: None,
            scope: None,
            judgement: None,
            framework: None,
            inspection_type: None,
            all_judgements_inadequate: None,
            priority_actions: None,
            treated_as_inadequate: None,
            stage: None,
            outcome: None,
            action: None,
            adviser: None,
            commissioner: None,
            requires: None,
            persistent: None,
            systemic: None,
            name: None,
            recommendation: None,
            council_response: None,
            chair: None,
            to: None,
            arrangement: None,
            owner: None,
            into: None,
            from: None,
            text: None,
        }
    }

    /// The optional field of this name.
    fn slot(&mut self, name: &str) -> Option<Slot<'_, 'a>> {
        Some(match name {
            "date" => Slot::Text(&mut self.date),
            "fieldwork_end" => Slot::Text(&mut self.fieldwork_end),
            "published" => Slot::Text(&mut self.published),
            "note" => Slot::Text(&mut self.note),
            "scope" => Slot::Text(&mut self.scope),
            "judgement" => Slot::Text(&mut self.judgement),
            "framework" => Slot::Text(&mut self.framework),
            "type" => Slot::Text(&mut self.inspection_type),
            "all_judgements_inadequate" => Slot::Flag(&mut self.all_judgements_inadequate),
            "priority_actions" => Slot::Flag(&mut self.priority_actions),
            "treated_as_inadequate" => Slot::Flag(&mut self.treated_as_inadequate),
            "stage" => Slot::Text(&mut self.stage),
            "outcome" => Slot::Text(&mut self.outcome),
            "action" => Slot::Text(&mut self.action),
            "adviser" => Slot::Text(&mut self.adviser),
            "commissioner" => Slot::Text(&mut self.commissioner),
            "requires" => Slot::Text(&mut self.requires),
            "persistent" => Slot::Flag(&mut self.persistent),
            "systemic" => Slot::Flag(&mut self.systemic),
            "name" => Slot::Text(&mut self.name),
            "recommendation" => Slot::Text(&mut self.recommendation),
            "council_response" => Slot::Text(&mut self.council_response),
            "chair" => Slot::Text(&mut self.chair),
            "to" => Slot::Text(&mut self.to),
            "arrangement" => Slot::Text(&mut self.arrangement),
            "owner" => Slot::Text(&mut self.owner),
            "into" => Slot::List(&mut self.into),
            "from" => Slot::List(&mut self.from),
            "text" => Slot::Text(&mut self.text),
            _ => return None,
        })
    }
}

/// Reads one event entry from its fields as text, by their format names (a row of an
/// event log): booleans are `true` or `false`, lists are `;`-joined. It is held to
/// exactly the checks an entry of a file is, with the same messages; its `line` is 0, as
/// the caller knows where the entry came from.
///
/// The text is read in place, not through serde: a log of 100,000 councils has three
/// quarters of a million rows, and this is most of the work of reading one.
pub fn event_from_text<'a>(
    fields: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Event, LoadErrorKind> {
    use serde::de::{Error as _, Unexpected};
    type Error = serde::de::value::Error;
    let fault = |e: Error| LoadErrorKind::Yaml(with_hint(e.to_string()));
    let unknown = serde_saphyr::Location::UNKNOWN;
    let mut raw = RawEvent::empty();
    let mut kind = false;
    for (name, text) in fields {
        let (given, duplicate) = match name {
            "kind" => (&mut raw.kind, &mut kind),
            "source" => {
                let source = RawSource::Text(Cow::Borrowed(text));
                if raw
                    .source
                    .replace(Spanned::new(source, unknown, unknown))
                    .is_some()
                {
                    return Err(fault(Error::duplicate_field("source")));
                }
                continue;
            }
            _ => {
                let Some(slot) = raw.slot(name) else {
                    return Err(fault(Error::unknown_field(name, &EVENT_FIELDS)));
                };
                let taken = match slot {
                    Slot::Text(slot) => slot
                        .replace(Spanned::new(Cow::Borrowed(text), unknown, unknown))
                        .is_some(),
                    Slot::Flag(slot) => {
                        let flag = match text {
                            "true" => true,
                            "false" => false,
                            other => {
                                return Err(fault(Error::invalid_type(
                                    Unexpected::Str(other),
                                    &"a boolean",
                                )));
                            }
                        };
                        slot.replace(Spanned::new(flag, unknown, unknown)).is_some()
                    }
                    Slot::List(slot) => {
                        let items = text
                            .split(';')
                            .map(str::trim)
                            .filter(|p| !p.is_empty())
                            .map(str::to_owned)
                            .collect();
                        slot.replace(Spanned::new(items, unknown, unknown))
                            .is_some()
                    }
                };
                if taken {
                    return Err(fault(Error::duplicate_field(static_name(name))));
                }
                continue;
            }
        };
        if std::mem::replace(duplicate, true) {
            return Err(fault(Error::duplicate_field(static_name(name))));
        }
        *given = Spanned::new(Cow::Borrowed(text), unknown, unknown);
    }
    if !kind {
        return Err(fault(Error::missing_field("kind")));
    }
    convert_event(&raw, 0).map_err(|(_, _, kind)| kind)
}

/// The format's own name for a field known to be one of [`EVENT_FIELDS`].
fn static_name(name: &str) -> &'static str {
    EVENT_FIELDS
        .into_iter()
        .find(|field| *field == name)
        .unwrap_or("field")
}

/// A council's fields as an event log gives them: what the head of a history file holds.
#[derive(Debug, Clone)]
pub struct CouncilFields {
    /// The council's slug.
    pub council: String,
    /// Its name.
    pub name: String,
    /// Its region, if given.
    pub region: Option<String>,
    /// The councils it replaced.
    pub predecessors: Vec<String>,
    /// The councils that replaced it.
    pub successors: Vec<String>,
    /// The format version the history follows (1 when the log does not say).
    pub version: u32,
    /// The day the record was last brought up to date, if the log says.
    pub recorded_until: Option<PartialDate>,
    /// How completely its sources list each kind.
    pub coverage: Coverage,
}

impl Default for CouncilFields {
    fn default() -> Self {
        Self {
            council: String::new(),
            name: String::new(),
            region: None,
            predecessors: Vec::new(),
            successors: Vec::new(),
            version: 1,
            recorded_until: None,
            coverage: Coverage::default(),
        }
    }
}

/// Builds a history from its council's fields and its events already read (by
/// [`event_from_text`]), held to the checks a file's head is: every slug well formed.
/// There is no file stem to match: a log names each council in its own column, and
/// `file` is where the history came from. Reading a log this way skips writing each case
/// out as YAML to parse it back, which matters for logs of 100,000 councils.
pub fn history_from_events(
    file: PathBuf,
    head: CouncilFields,
    events: Vec<Event>,
) -> Result<History, LoadErrorKind> {
    let unknown = serde_saphyr::Location::UNKNOWN;
    let spanned = |slug: &String| Spanned::new(slug.clone(), unknown, unknown);
    let check = |slug: &String| check_slug(&spanned(slug)).map_err(|(_, _, kind)| kind);
    check(&head.council)?;
    for slug in head.predecessors.iter().chain(&head.successors) {
        check(slug)?;
    }
    Ok(History {
        file,
        version: head.version,
        council: head.council,
        name: head.name,
        region: head.region,
        predecessors: head.predecessors,
        successors: head.successors,
        recorded_until: head.recorded_until,
        coverage: head.coverage,
        events,
    })
}

/// The council's slug must be the file's stem.
fn check_stem(path: &Path, council: &Spanned<String>) -> Result<(), Located> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if council.value == stem {
        return Ok(());
    }
    Err((
        line_of(council),
        column_of(council),
        LoadErrorKind::SlugNotStem {
            council: council.value.clone(),
            stem,
        },
    ))
}

fn convert(path: &Path, raw: RawHistory, stem: bool) -> Result<History, Located> {
    let version = match &raw.version {
        Some(v) if !(1..=FORMAT_VERSION).contains(&v.value) => {
            return Err((
                line_of(v),
                column_of(v),
                LoadErrorKind::UnsupportedVersion {
                    found: v.value,
                    newest: FORMAT_VERSION,
                },
            ));
        }
        Some(v) => v.value,
        None => 1,
    };
    let recorded_until = raw
        .recorded_until
        .as_ref()
        .map(|d| {
            d.value
                .parse::<PartialDate>()
                .map_err(|e| (line_of(d), column_of(d), LoadErrorKind::from(e)))
        })
        .transpose()?;
    check_slug(&raw.council)?;
    for slug in raw.predecessors.iter().chain(&raw.successors) {
        check_slug(slug)?;
    }
    if stem {
        check_stem(path, &raw.council)?;
    }
    let events = raw
        .events
        .iter()
        .map(|event| convert_event(&event.value, line_of(event)))
        .collect::<Result<_, _>>()?;
    Ok(History {
        file: path.to_owned(),
        version,
        council: raw.council.value,
        name: raw.name,
        region: raw.region,
        predecessors: raw.predecessors.into_iter().map(|s| s.value).collect(),
        successors: raw.successors.into_iter().map(|s| s.value).collect(),
        recorded_until,
        coverage: Coverage(raw.coverage),
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
/// The reader's own markers for a value the file leaves out: never written in a file.
const UNSTATED: [&str; 2] = ["not_stated", "not_given"];

fn value<T>(field: &'static str, raw: &Spanned<Text<'_>>) -> Result<T, Located>
where
    T: FromStr + IntoEnumIterator + Into<&'static str>,
{
    let parsed = T::from_str(&raw.value)
        .ok()
        .filter(|_| !UNSTATED.contains(&raw.value.as_ref()));
    parsed.ok_or_else(|| {
        let names = T::iter()
            .map(Into::<&str>::into)
            .filter(|name| !UNSTATED.contains(name));
        (
            line_of(raw),
            column_of(raw),
            LoadErrorKind::BadValue {
                field,
                found: raw.value.clone().into_owned(),
                expected: names.clone().collect::<Vec<_>>().join(", "),
                hint: did_you_mean(&raw.value, names),
            },
        )
    })
}

/// A field the sources may not give: its value, or `unstated` when the file omits it.
fn optional<T>(raw: &Field<Text<'_>>, field: &'static str, unstated: T) -> Result<T, Located>
where
    T: FromStr + IntoEnumIterator + Into<&'static str>,
{
    raw.as_ref()
        .map(|r| value(field, r))
        .transpose()
        .map(|v| v.unwrap_or(unstated))
}

fn convert_event<'a>(raw: &RawEvent<'a>, line: usize) -> Result<Event, Located> {
    let kind: Kind = Kind::from_str(&raw.kind.value).map_err(|_| {
        let names = Kind::iter().map(Into::<&str>::into);
        (
            line_of(&raw.kind),
            column_of(&raw.kind),
            LoadErrorKind::UnknownKind {
                found: raw.kind.value.clone().into_owned(),
                expected: names.clone().collect::<Vec<_>>().join(", "),
                hint: did_you_mean(&raw.kind.value, names),
            },
        )
    })?;
    check_fields_belong(raw, kind)?;
    let parse_date = |raw: &Spanned<Text<'_>>| -> Result<PartialDate, Located> {
        raw.value
            .parse()
            .map_err(|e| (line_of(raw), column_of(raw), LoadErrorKind::from(e)))
    };
    let ofsted = kind.is_ofsted_visit();
    let publishable = ofsted || kind == Kind::CommissionerReport;
    for (field, given, allowed) in [
        ("fieldwork_end", &raw.fieldwork_end, ofsted),
        ("published", &raw.published, publishable),
    ] {
        if let (Some(given), false) = (given, allowed) {
            return Err((
                line_of(given),
                column_of(given),
                LoadErrorKind::FieldNotForKind {
                    field,
                    kind: kind.to_string(),
                },
            ));
        }
    }
    let published = raw.published.as_ref().map(parse_date).transpose()?;
    let fieldwork_end = raw.fieldwork_end.as_ref().map(parse_date).transpose()?;
    let date = match (&raw.date, published) {
        (Some(date), _) => parse_date(date)?,
        // Only the publication is known: the visit was on or before it.
        (None, Some(published)) if publishable => PartialDate::up_to(published.last()),
        (None, _) => return Err((line, 0, LoadErrorKind::MissingDate)),
    };
    if let Some(published) = published {
        let fieldwork = fieldwork_end.unwrap_or(date);
        if published.certainly_before(&fieldwork) {
            return Err((
                raw.published.as_ref().map_or(line, line_of),
                raw.published.as_ref().map_or(0, column_of),
                LoadErrorKind::PublishedBeforeFieldwork {
                    published: published.to_string(),
                    fieldwork: fieldwork.to_string(),
                },
            ));
        }
    }
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
    // Cloning is cheap for a log row's text, which is borrowed.
    let required =
        |field: &'static str, raw: &Field<Text<'a>>| -> Result<Spanned<Text<'a>>, Located> {
            raw.clone().ok_or_else(|| missing(field))
        };
    let flag = |raw: &Field<bool>| raw.as_ref().is_some_and(|b| b.value);
    let text = |raw: &Field<Text<'_>>| raw.as_ref().map(|s| s.value.clone().into_owned());

    let event_kind = match kind {
        Kind::Inspection => {
            // Inspections under the framework from April 2026 have no overall grade.
            let ungraded = date.first() >= NO_OVERALL_GRADE_FROM;
            let judgement = match &raw.judgement {
                None if ungraded => Judgement::NotGiven,
                None => return Err(missing("judgement")),
                // The format accepts the pre-2013 grade `adequate` as `requires_improvement`.
                Some(j) if j.value == "adequate" => Judgement::RequiresImprovement,
                Some(j) => match Judgement::from_str(&j.value) {
                    Ok(judgement) if judgement != Judgement::NotGiven => judgement,
                    _ => {
                        return Err(bad_value(
                            j,
                            "judgement",
                            "outstanding, good, requires_improvement, inadequate",
                        ));
                    }
                },
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
            treated_as_inadequate: flag(&raw.treated_as_inadequate),
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
                outcome: optional(&raw.outcome, "outcome", SendOutcome::NotStated)?,
            }
        }
        Kind::ImprovementNotice => {
            let action_raw = required("action", &raw.action)?;
            let action = value::<Action>("action", &action_raw)?;
            if action == Action::Revoked {
                return Err(bad_action(&action_raw, action_values(kind)));
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
                return Err(bad_action(&action_raw, action_values(kind)));
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
            recommendation: optional(
                &raw.recommendation,
                "recommendation",
                CommissionerRecommendation::NotStated,
            )?,
            council_response: raw
                .council_response
                .as_ref()
                .map(|r| value::<CouncilResponse>("council_response", r))
                .transpose()?,
        },
        Kind::AdviserAppointed => EventKind::AdviserAppointed {
            name: text(&raw.name),
        },
        Kind::ImprovementBoard => EventKind::ImprovementBoard {
            chair: text(&raw.chair),
        },
        Kind::DiagnosticReview => EventKind::DiagnosticReview,
        Kind::ProgressReview => EventKind::ProgressReview {
            outcome: optional(&raw.outcome, "outcome", ProgressOutcome::NotStated)?,
        },
        Kind::ServicesTransferred => EventKind::ServicesTransferred {
            to: value::<TransferTo>("to", &required("to", &raw.to)?)?,
            arrangement: optional(
                &raw.arrangement,
                "arrangement",
                TransferArrangement::NotStated,
            )?,
        },
        Kind::ServicesReturned => EventKind::ServicesReturned,
        Kind::OwnershipChanged => EventKind::OwnershipChanged {
            owner: value::<Owner>("owner", &required("owner", &raw.owner)?)?,
        },
        Kind::Reorganised => {
            let into = raw
                .into
                .as_ref()
                .map(|s| s.value.clone())
                .unwrap_or_default();
            let from = raw
                .from
                .as_ref()
                .map(|s| s.value.clone())
                .unwrap_or_default();
            if into.is_empty() && from.is_empty() {
                return Err((line, 0, LoadErrorKind::ReorganisedWithoutCouncils));
            }
            EventKind::Reorganised { into, from }
        }
        Kind::Note => EventKind::Note {
            text: required("text", &raw.text)?.value.into_owned(),
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
        fieldwork_end,
        published,
        source: raw
            .source
            .as_ref()
            .map(|s| citations(&s.value))
            .unwrap_or_default(),
        note: text(&raw.note),
        line,
    })
}

/// The first day of inspections without an overall-effectiveness grade (Ofsted's
/// framework from 1 April 2026).
pub(super) const NO_OVERALL_GRADE_FROM: chrono::NaiveDate =
    match chrono::NaiveDate::from_ymd_opt(2026, 4, 1) {
        Some(day) => day,
        None => chrono::NaiveDate::MIN,
    };

/// The citations a `source` gives.
fn citations(raw: &RawSource<'_>) -> Vec<Citation> {
    let cite = |c: &RawCitation| Citation {
        reference: c.reference.clone(),
        says: c.says.clone(),
    };
    match raw {
        RawSource::Text(text) => Citation::split(text),
        RawSource::One(one) => vec![cite(one)],
        RawSource::Many(many) => many.iter().map(cite).collect(),
    }
}

fn bad_value(raw: &Spanned<Text<'_>>, field: &'static str, expected: &'static str) -> Located {
    (
        line_of(raw),
        column_of(raw),
        LoadErrorKind::BadValue {
            field,
            found: raw.value.clone().into_owned(),
            expected: expected.to_owned(),
            hint: did_you_mean(&raw.value, expected.split(", ")),
        },
    )
}

fn bad_action(raw: &Spanned<Text<'_>>, expected: Vec<&'static str>) -> Located {
    (
        line_of(raw),
        column_of(raw),
        LoadErrorKind::BadValue {
            field: "action",
            found: raw.value.clone().into_owned(),
            expected: expected.join(", "),
            hint: did_you_mean(&raw.value, expected),
        },
    )
}

/// The kind-specific fields of an entry, each with `$f` applied: `$f` is a generic
/// function, so each field keeps its own type.
macro_rules! kind_fields {
    ($raw:expr, $f:path) => {
        [
            ("judgement", $f(&$raw.judgement)),
            ("framework", $f(&$raw.framework)),
            ("type", $f(&$raw.inspection_type)),
            (
                "all_judgements_inadequate",
                $f(&$raw.all_judgements_inadequate),
            ),
            ("priority_actions", $f(&$raw.priority_actions)),
            ("treated_as_inadequate", $f(&$raw.treated_as_inadequate)),
            ("stage", $f(&$raw.stage)),
            ("outcome", $f(&$raw.outcome)),
            ("action", $f(&$raw.action)),
            ("adviser", $f(&$raw.adviser)),
            ("commissioner", $f(&$raw.commissioner)),
            ("requires", $f(&$raw.requires)),
            ("persistent", $f(&$raw.persistent)),
            ("systemic", $f(&$raw.systemic)),
            ("name", $f(&$raw.name)),
            ("recommendation", $f(&$raw.recommendation)),
            ("council_response", $f(&$raw.council_response)),
            ("chair", $f(&$raw.chair)),
            ("to", $f(&$raw.to)),
            ("arrangement", $f(&$raw.arrangement)),
            ("owner", $f(&$raw.owner)),
            ("into", $f(&$raw.into)),
            ("from", $f(&$raw.from)),
            ("text", $f(&$raw.text)),
        ]
    };
}

fn check_fields_belong(raw: &RawEvent, kind: Kind) -> Result<(), Located> {
    fn given<T>(field: &Field<T>) -> bool {
        field.is_some()
    }
    fn at<T>(field: &Field<T>) -> Option<(usize, usize)> {
        field.as_ref().map(|f| (line_of(f), column_of(f)))
    }
    let allowed = kind.fields();
    // Every entry is checked, nearly every one passes: look for a stray field first,
    // and find where it is only when there is one.
    let stray = kind_fields!(raw, given)
        .into_iter()
        .find(|(name, given)| *given && !allowed.contains(name));
    let Some((field, _)) = stray else {
        return Ok(());
    };
    let (line, column) = kind_fields!(raw, at)
        .into_iter()
        .find_map(|(name, at)| if name == field { at } else { None })
        .unwrap_or((0, 0));
    Err((
        line,
        column,
        LoadErrorKind::FieldNotForKind {
            field,
            kind: kind.to_string(),
        },
    ))
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

    /// An entry's fields as the YAML a history file would hold them.
    fn entry_yaml(fields: &[(&str, &str)]) -> String {
        let mut text = String::new();
        for (i, (name, value)) in fields.iter().enumerate() {
            let lead = if i == 0 { "  - " } else { "    " };
            let value = match *name {
                "all_judgements_inadequate" | "priority_actions" | "persistent" | "systemic"
                    if matches!(*value, "true" | "false") =>
                {
                    (*value).to_owned()
                }
                "into" | "from" => format!("[{}]", value.replace(';', ", ")),
                _ => format!("{value:?}"),
            };
            text.push_str(&format!("{lead}{name}: {value}\n"));
        }
        text
    }

    #[test]
    fn an_entry_from_text_reads_as_the_same_entry_in_a_file() {
        let cases: &[&[(&str, &str)]] = &[
            &[
                ("kind", "inspection"),
                ("date", "2019-08"),
                ("judgement", "inadequate"),
            ],
            &[
                ("kind", "inspection"),
                ("date", "2012"),
                ("judgement", "adequate"),
                ("type", "full"),
            ],
            &[
                ("kind", "focused_visit"),
                ("date", "2019-08-01"),
                ("priority_actions", "true"),
            ],
            &[
                ("kind", "direction"),
                ("date", "2019"),
                ("action", "issued"),
                ("commissioner", "A B"),
                ("source", "s"),
                ("note", "n"),
            ],
            &[
                ("kind", "direction"),
                ("date", "2019"),
                ("action", "lifted"),
            ],
            &[
                ("kind", "reorganised"),
                ("date", "2019-04-01"),
                ("from", "bournemouth;poole"),
            ],
            &[("kind", "reorganised"), ("date", "2019-04-01")],
            &[("kind", "note"), ("date", "2019")],
            &[("kind", "note"), ("date", "2019-02-30"), ("text", "t")],
            &[("kind", "inspektion"), ("date", "2019")],
            &[
                ("kind", "direction"),
                ("date", "2019"),
                ("action", "issued"),
                ("judgement", "good"),
            ],
            &[
                ("kind", "send_inspection"),
                ("date", "2019"),
                ("outcome", "wsoa"),
                ("scope", "childrens_social_care"),
            ],
            &[
                ("kind", "services_transferred"),
                ("date", "2019"),
                ("to", "trust"),
                ("arrangement", "nope"),
            ],
        ];
        for fields in cases {
            let file = parse(&format!("{HEAD}{}", entry_yaml(fields)));
            let text = event_from_text(fields.iter().copied());
            match (file, text) {
                (Ok(history), Ok(mut event)) => {
                    event.line = history.events[0].line;
                    assert_eq!(history.events[0], event, "{fields:?}");
                }
                (Err(file), Err(text)) => assert_eq!(file.kind, text, "{fields:?}"),
                (file, text) => panic!("{fields:?}: file {file:?}, text {text:?}"),
            }
        }
    }

    #[test]
    fn an_entry_from_text_words_serde_faults_as_serde_does() {
        let serde = |value: serde_json::Value| match serde_json::from_value::<RawEvent>(value) {
            Err(e) => LoadErrorKind::Yaml(e.to_string()),
            Ok(_) => panic!("the entry should not read"),
        };
        let unknown = [("kind", "note"), ("date", "2019"), ("bogus", "x")];
        assert_eq!(
            event_from_text(unknown),
            Err(serde(
                serde_json::json!({"kind": "note", "date": "2019", "bogus": "x"})
            ))
        );
        let not_a_flag = [
            ("kind", "jtai"),
            ("date", "2019"),
            ("priority_actions", "yes"),
        ];
        assert_eq!(
            event_from_text(not_a_flag),
            Err(serde(
                serde_json::json!({"kind": "jtai", "date": "2019", "priority_actions": "yes"})
            ))
        );
        // A missing date is the model's own fault (an Ofsted event may give `published`).
        assert_eq!(
            event_from_text([("kind", "note")]),
            Err(LoadErrorKind::MissingDate)
        );
        assert_eq!(
            parse(&format!("{HEAD}  - kind: note\n    text: t\n")).map_err(|e| e.kind),
            Err(LoadErrorKind::MissingDate)
        );
        let twice = [
            ("kind", "note"),
            ("date", "2019"),
            ("text", "a"),
            ("text", "b"),
        ];
        assert_eq!(
            event_from_text(twice),
            Err(LoadErrorKind::Yaml("duplicate field `text`".into()))
        );
    }

    /// The schema's table of required fields is the reader's: an entry without one
    /// is refused for that field, and each value the schema allows is read.
    #[test]
    fn the_schema_tables_are_the_readers() {
        let minimal = |kind: Kind| -> Vec<(&'static str, &'static str)> {
            let mut fields = vec![("kind", <&str>::from(kind)), ("date", "2019")];
            for field in required_fields(kind) {
                let value = allowed_values(kind, field).map_or("x", |v| v[0]);
                fields.push((field, value));
            }
            if kind == Kind::Reorganised {
                fields.push(("into", "y"));
            }
            fields
        };
        for kind in Kind::iter() {
            let fields = minimal(kind);
            assert!(event_from_text(fields.clone()).is_ok(), "{fields:?}");
            for field in required_fields(kind) {
                let without: Vec<_> = fields.iter().copied().filter(|(n, _)| n != field).collect();
                assert_eq!(
                    event_from_text(without),
                    Err(LoadErrorKind::MissingField {
                        field,
                        kind: kind.to_string()
                    })
                );
            }
            for field in kind.fields().iter().chain(&["scope"]) {
                for value in allowed_values(kind, field).unwrap_or_default() {
                    let mut with: Vec<_> =
                        fields.iter().copied().filter(|(n, _)| n != field).collect();
                    with.push((field, value));
                    assert!(event_from_text(with.clone()).is_ok(), "{with:?}");
                }
            }
        }
    }

    #[test]
    fn the_slug_must_match_the_file() {
        let e = parse("council: kent\nname: Kent\nevents: []\n").unwrap_err();
        assert!(matches!(e.kind, LoadErrorKind::SlugNotStem { .. }), "{e}");
    }
}
