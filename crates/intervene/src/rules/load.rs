//! Reading a rule set: the YAML files of a directory (or the bundled copies), checked
//! rule by rule, every fault located to its file and line.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use strum::IntoEnumIterator;

use super::{
    Anchor, AnchorPoint, Basis, Condition, Deadline, Document, EventMatch, Examples, Period, Rule,
    RuleError, RuleErrorKind, RuleKind, RuleSet, Severity, Start, StateSet, Suspension,
    TransitionRule, Trigger, cite, names_project_file,
};
use crate::calendar::{Calendar, Span, Unit};
use crate::machine::ViolationName;
use crate::model::CoverageLevel;
use crate::model::Kind;
use crate::yaml::{self, Spanned, column_of, line_of};

/// The bundled rule set, as (path under the repository, text): built into the binary so
/// `intervene` works from any directory.
pub const BUNDLED_FILES: &[(&str, &str)] = &[
    (
        "rules/ofsted.yaml",
        include_str!("../../../../rules/ofsted.yaml"),
    ),
    ("rules/dfe.yaml", include_str!("../../../../rules/dfe.yaml")),
    (
        "rules/transitions.yaml",
        include_str!("../../../../rules/transitions.yaml"),
    ),
];

const BUNDLED_CALENDAR: (&str, &str) = (
    "rules/calendar/england-and-wales.yaml",
    include_str!("../../../../rules/calendar/england-and-wales.yaml"),
);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rules: Vec<Spanned<RawRule>>,
    #[serde(default)]
    transitions: Vec<Spanned<RawTransition>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    title: String,
    trigger: Option<Vec<Spanned<EventMatch>>>,
    when: Option<StateSet>,
    condition: Option<Condition>,
    clock_from: Option<Kind>,
    #[serde(default)]
    needs_clock_from: bool,
    #[serde(default)]
    restart: bool,
    after: Option<Spanned<RawAnchor>>,
    expect: Vec<Spanned<EventMatch>>,
    #[serde(default)]
    expect_publication: bool,
    #[serde(default)]
    implied_by: Vec<Kind>,
    #[serde(rename = "while")]
    while_in: Option<StateSet>,
    deadline: Spanned<RawDeadline>,
    tolerance: Option<Spanned<RawSpan>>,
    kind: Spanned<RuleKind>,
    severity: Spanned<Severity>,
    basis: Basis,
    in_force: Spanned<RawPeriod>,
    #[serde(default)]
    suspended: Vec<Spanned<RawSuspension>>,
    record_shows: Option<CoverageLevel>,
    #[serde(default)]
    ended_by: Vec<Spanned<EventMatch>>,
    replaced_by: Option<Spanned<String>>,
    source: Spanned<RawSources>,
    examples: Option<Spanned<RawExamples>>,
}

/// A rule's `examples`: `as_of`, and the events of a history that `fires` it and of one
/// that stays `quiet`, each a YAML list in a block of text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExamples {
    as_of: Spanned<String>,
    fires: String,
    quiet: String,
}

/// A rule's `source`: one document or a list of them. Read by hand, not as an untagged
/// enum, so a fault inside a document keeps its own message and place.
struct RawSources(Vec<Document>);

impl RawSources {
    fn documents(self) -> Vec<Document> {
        self.0
    }
}

impl<'de> Deserialize<'de> for RawSources {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawSources;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a document (title, publisher, date, url, locator) or a list of them")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawSources, A::Error> {
                Document::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|one| RawSources(vec![one]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RawSources, A::Error> {
                let mut documents = Vec::new();
                while let Some(document) = seq.next_element::<Document>()? {
                    documents.push(document);
                }
                Ok(RawSources(documents))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// The documents of a rule or transition, held to what a reader can open, and its
/// severity to what its basis allows.
fn check_sources(
    source: Spanned<RawSources>,
    severity: &Spanned<Severity>,
    basis: Basis,
) -> Result<Vec<Document>, Located> {
    if severity.value < basis.max_severity() {
        return Err(located(
            severity,
            RuleErrorKind::SeverityAboveBasis {
                severity: severity.value.to_string(),
                basis: basis.to_string(),
                max: basis.max_severity().to_string(),
            },
        ));
    }
    let at = (line_of(&source), column_of(&source));
    let documents = source.value.documents();
    if documents.is_empty() {
        return Err((at.0, at.1, RuleErrorKind::NoSource));
    }
    for document in &documents {
        let texts = [
            Some(&document.title),
            Some(&document.publisher),
            document.locator.as_ref(),
        ];
        if let Some(text) = texts.into_iter().flatten().find(|t| names_project_file(t)) {
            return Err((
                at.0,
                at.1,
                RuleErrorKind::SourceNamesProjectFile(text.clone()),
            ));
        }
    }
    Ok(documents)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnchor {
    rule: String,
    at: AnchorPoint,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeadline {
    amount: Option<u32>,
    min: Option<u32>,
    max: Option<u32>,
    unit: Spanned<String>,
    of: Option<Kind>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpan {
    amount: u32,
    unit: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    from: Spanned<String>,
    to: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuspension {
    from: Spanned<String>,
    to: Spanned<String>,
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTransition {
    id: Spanned<String>,
    title: String,
    severity: Spanned<Severity>,
    basis: Basis,
    in_force: Option<Spanned<RawPeriod>>,
    source: Spanned<RawSources>,
    examples: Option<Spanned<RawExamples>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    #[allow(dead_code)] // read for the reader of the file; the calendar is one region's
    name: String,
    listed_years: RawYears,
    holidays: Vec<Spanned<RawHoliday>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYears {
    from: i32,
    to: i32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    date: Spanned<String>,
    #[allow(dead_code)] // documentation in the data file
    title: String,
    #[allow(dead_code)] // documentation in the data file
    origin: String,
}

type Located = (usize, usize, RuleErrorKind);

fn located<T>(value: &Spanned<T>, kind: RuleErrorKind) -> Located {
    (line_of(value), column_of(value), kind)
}

impl RuleSet {
    /// The rule set built into the binary (the repository's `rules/` directory).
    pub fn bundled() -> Result<RuleSet, Vec<RuleError>> {
        let files: Vec<(PathBuf, String)> = BUNDLED_FILES
            .iter()
            .map(|(p, t)| (PathBuf::from(p), (*t).to_owned()))
            .collect();
        let calendar = (
            PathBuf::from(BUNDLED_CALENDAR.0),
            BUNDLED_CALENDAR.1.to_owned(),
        );
        Self::from_texts("bundled", &files, Some(&calendar))
    }

    /// A user's rule set: every `*.yaml` file of `dir` (rules) and the one YAML file of
    /// `dir/calendar/` (bank holidays). All faults are returned, not just the first.
    pub fn load_dir(dir: &Path) -> Result<RuleSet, Vec<RuleError>> {
        let io = |path: &Path, e: std::io::Error| RuleError {
            path: path.to_owned(),
            line: 0,
            column: 0,
            kind: RuleErrorKind::Io(e.to_string()),
        };
        let yaml_files = |dir: &Path| -> Result<Vec<PathBuf>, RuleError> {
            let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
                .map_err(|e| io(dir, e))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .collect();
            paths.sort();
            Ok(paths)
        };
        let read = |path: &Path| -> Result<String, RuleError> {
            let bytes = super::bounds::read_file(path).map_err(|e| io(path, e))?;
            yaml::decode(&bytes)
                .map(str::to_owned)
                .map_err(|e| RuleError {
                    path: path.to_owned(),
                    line: e.line,
                    column: e.column,
                    kind: RuleErrorKind::Yaml(e.message),
                })
        };
        let mut errors = Vec::new();
        let mut files = Vec::new();
        for path in yaml_files(dir).map_err(|e| vec![e])? {
            match read(&path) {
                Ok(text) => files.push((path, text)),
                Err(e) => errors.push(e),
            }
        }
        let calendar_dir = dir.join("calendar");
        let calendar = match yaml_files(&calendar_dir) {
            Ok(paths) if paths.len() == 1 => match read(&paths[0]) {
                Ok(text) => Some((paths[0].clone(), text)),
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
            found => {
                let kind = match found.map_or(0, |paths| paths.len()) {
                    0 => RuleErrorKind::MissingCalendar,
                    n => RuleErrorKind::TooManyCalendars(n),
                };
                errors.push(RuleError {
                    path: calendar_dir,
                    line: 0,
                    column: 0,
                    kind,
                });
                None
            }
        };
        match Self::from_texts(&dir.display().to_string(), &files, calendar.as_ref()) {
            Ok(set) if errors.is_empty() => Ok(set),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.extend(more);
                Err(errors)
            }
        }
    }

    /// Builds a rule set from file texts; `calendar` is `None` when it failed to read
    /// (the error is already reported, the rules are still checked).
    pub fn from_texts(
        origin: &str,
        files: &[(PathBuf, String)],
        calendar: Option<&(PathBuf, String)>,
    ) -> Result<RuleSet, Vec<RuleError>> {
        let mut errors = Vec::new();
        let mut rules = Vec::new();
        let mut transitions = Vec::new();
        for (path, text) in files {
            let at = |(line, column, kind): Located| RuleError {
                path: path.clone(),
                line,
                column,
                kind,
            };
            let raw: RawFile = match yaml::parse(text) {
                Ok(raw) => raw,
                Err(e) => {
                    errors.push(at((e.line, e.column, RuleErrorKind::Yaml(e.message))));
                    continue;
                }
            };
            for rule in raw.rules {
                match convert_rule(path, rule) {
                    Ok(rule) => rules.push(rule),
                    Err(e) => errors.push(at(e)),
                }
            }
            for transition in raw.transitions {
                match convert_transition(path, transition) {
                    Ok(t) => transitions.push(t),
                    Err(e) => errors.push(at(e)),
                }
            }
        }
        errors.extend(check_ids(&rules, &transitions));
        let empty =
            super::bounds::check_not_empty(&rules, &transitions).filter(|_| errors.is_empty());
        errors.extend(empty.map(|kind| RuleError {
            path: origin.into(),
            line: 0,
            column: 0,
            kind,
        }));
        errors.extend(check_anchors(&rules));
        let calendar = calendar.and_then(|(path, text)| match load_calendar(text) {
            Ok(calendar) => Some(calendar),
            Err((line, column, kind)) => {
                errors.push(RuleError {
                    path: path.clone(),
                    line,
                    column,
                    kind,
                });
                None
            }
        });
        match calendar {
            Some(calendar) if errors.is_empty() => Ok(RuleSet {
                origin: origin.to_owned(),
                calendar,
                rules,
                transitions,
            }),
            _ => Err(errors),
        }
    }
}

fn parse_day(raw: &Spanned<String>) -> Result<NaiveDate, Located> {
    NaiveDate::parse_from_str(&raw.value, "%Y-%m-%d")
        .ok()
        .filter(|_| raw.value.len() == 10)
        .ok_or_else(|| located(raw, RuleErrorKind::BadDate(raw.value.clone())))
}

fn parse_period(raw: &Spanned<RawPeriod>) -> Result<Period, Located> {
    let from = parse_day(&raw.value.from)?;
    let to = raw.value.to.as_ref().map(parse_day).transpose()?;
    if let Some(to) = to.filter(|to| *to < from) {
        return Err(located(
            raw,
            RuleErrorKind::BackwardsPeriod {
                from: from.to_string(),
                to: to.to_string(),
            },
        ));
    }
    Ok(Period { from, to })
}

fn parse_unit(raw: &Spanned<String>) -> Result<Option<Unit>, Located> {
    if raw.value == "events" {
        return Ok(None);
    }
    raw.value
        .parse::<Unit>()
        .map(Some)
        .map_err(|_| located(raw, RuleErrorKind::UnknownUnit(raw.value.clone())))
}

fn check_match(m: &Spanned<EventMatch>) -> Result<EventMatch, Located> {
    let allowed = m.value.kind.fields();
    for filter in m.value.filters() {
        let fits = allowed.contains(&filter)
            && (filter != "outcome" || m.value.kind == Kind::ProgressReview);
        if !fits {
            return Err(located(
                m,
                RuleErrorKind::FilterNotForKind {
                    field: filter,
                    kind: m.value.kind.to_string(),
                },
            ));
        }
    }
    Ok(m.value.clone())
}

fn convert_deadline(raw: &Spanned<RawDeadline>, kind: RuleKind) -> Result<Deadline, Located> {
    let d = &raw.value;
    let bad = |message: &str| located(raw, RuleErrorKind::BadDeadline(message.to_owned()));
    let deadline = match (parse_unit(&d.unit)?, d.amount, d.min, d.max) {
        (None, Some(amount), None, None) => {
            let of =
                d.of.ok_or_else(|| bad("a count of `events` needs `of`: the event kind counted"))?;
            Deadline::Count { amount, of }
        }
        (Some(unit), Some(amount), None, None) => Deadline::Within(Span { amount, unit }),
        (Some(unit), None, Some(min), Some(max)) => {
            if min > max {
                return Err(bad(&format!(
                    "the window's min ({min}) is greater than its max ({max})"
                )));
            }
            Deadline::Window {
                min: Span { amount: min, unit },
                max: Span { amount: max, unit },
            }
        }
        _ => {
            return Err(bad(
                "a deadline is `amount` + `unit`, or `min` + `max` + `unit` for a window",
            ));
        }
    };
    super::bounds::check_deadline(&deadline).map_err(|kind| located(raw, kind))?;
    if d.of.is_some() && !matches!(deadline, Deadline::Count { .. }) {
        return Err(bad("`of` goes only with `unit: events`"));
    }
    match (kind, &deadline) {
        (RuleKind::Window, Deadline::Window { .. })
        | (RuleKind::Max | RuleKind::Min | RuleKind::Target, Deadline::Within(_))
        | (RuleKind::Min, Deadline::Count { .. }) => Ok(deadline),
        (RuleKind::Window, _) => Err(bad("a `window` rule needs `min` and `max`")),
        (_, Deadline::Window { .. }) => Err(bad("`min` and `max` go only with `kind: window`")),
        (_, _) => Err(bad("a count of events goes only with `kind: min`")),
    }
}

fn convert_rule(path: &Path, spanned: Spanned<RawRule>) -> Result<Rule, Located> {
    let line = line_of(&spanned);
    let raw = spanned.value;
    let start = match (&raw.trigger, &raw.after) {
        (Some(events), None) if !events.is_empty() => Start::Trigger(Trigger {
            events: events.iter().map(check_match).collect::<Result<_, _>>()?,
            when: raw.when.clone(),
            condition: raw.condition,
            clock_from: raw.clock_from,
            needs_clock_from: raw.needs_clock_from,
            restart: raw.restart,
        }),
        (None, Some(anchor))
            if raw.when.is_none()
                && raw.condition.is_none()
                && raw.clock_from.is_none()
                && !raw.needs_clock_from
                && !raw.expect_publication
                && !raw.restart =>
        {
            Start::After(Anchor {
                rule: anchor.value.rule.clone(),
                at: anchor.value.at,
            })
        }
        _ => return Err((line, 0, RuleErrorKind::TriggerOrAfter)),
    };
    if raw.expect.is_empty() != raw.expect_publication {
        return Err((
            line,
            0,
            RuleErrorKind::Yaml(
                "a rule expects at least one event (`expect`), or the trigger's own publication (`expect: []` with `expect_publication: true`)".into(),
            ),
        ));
    }
    if raw.needs_clock_from && raw.clock_from.is_none() {
        return Err((
            line,
            0,
            RuleErrorKind::Yaml("`needs_clock_from` goes with `clock_from`".into()),
        ));
    }
    let deadline = convert_deadline(&raw.deadline, raw.kind.value)?;
    let tolerance = match &raw.tolerance {
        Some(t) => match parse_unit(&t.value.unit)? {
            Some(unit) if matches!(raw.kind.value, RuleKind::Max | RuleKind::Target) => {
                let span = Span {
                    amount: t.value.amount,
                    unit,
                };
                super::bounds::check_span(span).map_err(|kind| located(t, kind))?;
                Some(span)
            }
            _ => {
                return Err(located(
                    t,
                    RuleErrorKind::BadDeadline(
                        "a tolerance is a span of time on a `max` or `target` rule".into(),
                    ),
                ));
            }
        },
        None => None,
    };
    let sources = check_sources(raw.source, &raw.severity, raw.basis)?;
    let suspended = raw
        .suspended
        .iter()
        .map(|s| {
            let period = parse_period(&Spanned {
                value: RawPeriod {
                    from: s.value.from.clone(),
                    to: Some(s.value.to.clone()),
                },
                referenced: s.referenced,
                defined: s.defined,
            })?;
            Ok(Suspension {
                period,
                reason: s.value.reason.clone(),
            })
        })
        .collect::<Result<_, Located>>()?;
    Ok(Rule {
        id: raw.id.value,
        title: raw.title,
        start,
        expect: raw
            .expect
            .iter()
            .map(check_match)
            .collect::<Result<_, _>>()?,
        implied_by: raw.implied_by,
        expect_publication: raw.expect_publication,
        while_in: raw.while_in,
        deadline,
        tolerance,
        kind: raw.kind.value,
        severity: raw.severity.value,
        basis: raw.basis,
        in_force: parse_period(&raw.in_force)?,
        suspended,
        record_shows: raw.record_shows.unwrap_or(CoverageLevel::Published),
        ended_by: raw
            .ended_by
            .iter()
            .map(check_match)
            .collect::<Result<_, _>>()?,
        replaced_by: raw.replaced_by.map(|r| r.value),
        source: cite(&sources),
        sources,
        examples: raw.examples.map(convert_examples).transpose()?,
        file: path.to_owned(),
        line,
    })
}

fn convert_examples(raw: Spanned<RawExamples>) -> Result<Examples, Located> {
    Ok(Examples {
        as_of: parse_day(&raw.value.as_of)?,
        fires: raw.value.fires,
        quiet: raw.value.quiet,
    })
}

fn convert_transition(
    path: &Path,
    spanned: Spanned<RawTransition>,
) -> Result<TransitionRule, Located> {
    let line = line_of(&spanned);
    let raw = spanned.value;
    let name = ViolationName::iter()
        .find(|n| n.rule_id() == raw.id.value)
        .ok_or_else(|| {
            let expected = ViolationName::iter()
                .map(|n| n.rule_id())
                .collect::<Vec<_>>()
                .join(", ");
            located(
                &raw.id,
                RuleErrorKind::UnknownTransition {
                    found: raw.id.value.clone(),
                    expected,
                },
            )
        })?;
    let in_force = match &raw.in_force {
        Some(p) => parse_period(p)?,
        None => Period {
            from: NaiveDate::MIN,
            to: None,
        },
    };
    let sources = check_sources(raw.source, &raw.severity, raw.basis)?;
    Ok(TransitionRule {
        name,
        id: raw.id.value,
        title: raw.title,
        severity: raw.severity.value,
        basis: raw.basis,
        source: cite(&sources),
        sources,
        examples: raw.examples.map(convert_examples).transpose()?,
        in_force,
        file: path.to_owned(),
        line,
    })
}

/// Ids may repeat only for versions of a rule whose in-force periods do not overlap.
fn check_ids(rules: &[Rule], transitions: &[TransitionRule]) -> Vec<RuleError> {
    let mut errors = Vec::new();
    let all: Vec<(&str, Period, &PathBuf, usize)> = rules
        .iter()
        .map(|r| (r.id.as_str(), r.in_force, &r.file, r.line))
        .chain(
            transitions
                .iter()
                .map(|t| (t.id.as_str(), t.in_force, &t.file, t.line)),
        )
        .collect();
    for (i, (id, period, file, line)) in all.iter().enumerate() {
        if let Some((_, _, first_file, first_line)) = all[..i]
            .iter()
            .find(|(other, p, _, _)| other == id && p.overlaps(period))
        {
            errors.push(RuleError {
                path: (*file).clone(),
                line: *line,
                column: 0,
                kind: RuleErrorKind::DuplicateId {
                    id: (*id).to_owned(),
                    first: format!("{}:{first_line}", first_file.display()),
                },
            });
        }
    }
    errors
}

fn check_anchors(rules: &[Rule]) -> Vec<RuleError> {
    let replacements = rules.iter().filter_map(|rule| {
        let named = rule.replaced_by.as_ref()?;
        (!rules.iter().any(|r| &r.id == named)).then(|| RuleError {
            path: rule.file.clone(),
            line: rule.line,
            column: 0,
            kind: RuleErrorKind::UnknownReplacement(named.clone()),
        })
    });
    let replacements: Vec<RuleError> = replacements.collect();
    rules
        .iter()
        .filter_map(|rule| match &rule.start {
            Start::After(anchor)
                if !rules
                    .iter()
                    .any(|r| r.id == anchor.rule && matches!(r.start, Start::Trigger(_))) =>
            {
                Some(RuleError {
                    path: rule.file.clone(),
                    line: rule.line,
                    column: 0,
                    kind: RuleErrorKind::UnknownAnchorRule(anchor.rule.clone()),
                })
            }
            _ => None,
        })
        .chain(replacements)
        .collect()
}

fn load_calendar(text: &str) -> Result<Calendar, Located> {
    let raw: RawCalendar =
        yaml::parse(text).map_err(|e| (e.line, e.column, RuleErrorKind::Yaml(e.message)))?;
    crate::calendar::check_years(raw.listed_years.from, raw.listed_years.to)
        .map_err(|e| (0, 0, e.into()))?;
    let years = raw.listed_years.from..=raw.listed_years.to;
    let (mut days, mut listed) = (Vec::new(), std::collections::HashSet::new());
    for holiday in &raw.holidays {
        let day = parse_day(&holiday.value.date)?;
        crate::calendar::check_repeated(&mut listed, day)
            .map_err(|e| located(holiday, e.into()))?;
        if !years.contains(&chrono::Datelike::year(&day)) {
            return Err(located(
                holiday,
                RuleErrorKind::HolidayOutsideYears(day.to_string()),
            ));
        }
        days.push(day);
    }
    Ok(Calendar::new(years, days))
}
