//! Rules as the checker uses them: typed, validated, each with its place in its file.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use strum::{Display, EnumString, IntoStaticStr};

use super::{Basis, Document};
use crate::calendar::{Calendar, Span};
use crate::machine::{DfeState, OfstedState, State, ViolationName};
use crate::model::{
    Action, CommissionerRecommendation, CouncilResponse, CoverageLevel, Event, EventKind,
    Framework, Judgement, Kind, PlanStage, ProgressOutcome, Requirement, TransferArrangement,
};

/// The calendar, timing rules and transition rules checked together.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Where the set came from: `bundled`, or the directory given.
    pub origin: String,
    /// Working days.
    pub calendar: Calendar,
    /// Timing rules, in file order.
    pub rules: Vec<Rule>,
    /// Transition rules: the metadata of the machine's violations that are switched on.
    pub transitions: Vec<TransitionRule>,
}

impl RuleSet {
    /// The rules (timing and transition) in force on `date`, as (id, title) pairs for listing.
    pub fn in_force_on(&self, date: NaiveDate) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(move |r| r.in_force.contains(date))
    }

    /// The transition rule for a violation, if the set switches it on.
    pub fn transition(&self, name: ViolationName) -> Option<&TransitionRule> {
        self.transitions.iter().find(|t| t.name == name)
    }

    /// Every id of the set, timing rules then transitions, each once.
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        let all = self.rules.iter().map(|r| r.id.as_str());
        for id in all.chain(self.transitions.iter().map(|t| t.id.as_str())) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }

    /// The id closest to `id`, when one is close enough to be a likely typo.
    pub fn closest_id(&self, id: &str) -> Option<&str> {
        self.ids()
            .into_iter()
            .map(|known| (strsim::jaro_winkler(id, known), known))
            .filter(|(similarity, _)| *similarity >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, known)| known)
    }

    /// A timing rule by id (the version in force on `date`).
    pub fn rule(&self, id: &str, date: NaiveDate) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.id == id && r.in_force.contains(date))
    }
}

/// How bad a finding is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Deserialize,
    Serialize,
    Display,
    EnumString,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Severity {
    /// A breach of a statutory or stated rule.
    Error,
    /// A breach of "usually" practice, or a likely gap in the record.
    Warning,
    /// Context.
    Info,
}

/// How a deadline binds.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Deserialize,
    Serialize,
    Display,
    EnumString,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RuleKind {
    /// No later than.
    Max,
    /// Not before, or at least.
    Min,
    /// "Usually" no later than.
    Target,
    /// Between two bounds.
    Window,
}

/// A timing rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable id, e.g. `ofsted.action-plan`.
    pub id: String,
    /// One line saying what the rule expects.
    pub title: String,
    /// What starts the clock.
    pub start: Start,
    /// The events that meet the expectation (any of them).
    pub expect: Vec<EventMatch>,
    /// Later events that show the expected one happened though it is not recorded.
    pub implied_by: Vec<Kind>,
    /// The expected event is the trigger's own publication (its `published` day).
    pub expect_publication: bool,
    /// The states in which the expectation stands; leaving them first ends it quietly.
    pub while_in: Option<StateSet>,
    /// How long, or how many.
    pub deadline: Deadline,
    /// Slack added to a `max`/`target` deadline ("visits may not be equally spaced").
    pub tolerance: Option<Span>,
    /// How the deadline binds.
    pub kind: RuleKind,
    /// The severity of a breach (never above what the basis allows).
    pub severity: Severity,
    /// What kind of authority sets the rule.
    pub basis: Basis,
    /// When the rule was in force (it judges only triggers inside this period).
    pub in_force: Period,
    /// Periods when the rule was suspended (an expectation overlapping one is not judged).
    pub suspended: Vec<Suspension>,
    /// The least coverage of the expected kinds at which the record can show a miss: a
    /// late first recorded event, or none at all. Below it, the finding is `missing`.
    pub record_shows: CoverageLevel,
    /// Events that end the expectation quietly, met or not (a re-inspection ends the
    /// wait for the next monitoring visit: the gap before it is the process's own).
    pub ended_by: Vec<EventMatch>,
    /// The rule that replaced this one: windows closing after its start are not judged.
    pub replaced_by: Option<String>,
    /// The public documents the rule rests on.
    pub sources: Vec<Document>,
    /// The documents in one line, for findings.
    pub source: String,
    /// A history that fires the rule and one that does not, for `intervene rules ID`.
    pub examples: Option<Examples>,
    /// The rule's file.
    pub file: PathBuf,
    /// The rule's line in its file.
    pub line: usize,
}

/// A rule's examples, as its file gives them: the events of a history that makes it
/// fire once and of one that keeps it quiet, each judged as of a day. A test runs every
/// example through the checker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Examples {
    /// The day the examples are judged as of.
    pub as_of: chrono::NaiveDate,
    /// The events (a YAML list, as a history's `events`) that fire the rule once.
    pub fires: String,
    /// The events that keep it quiet.
    pub quiet: String,
}

impl Examples {
    /// The history file an example's events make: a council `example` whose sources
    /// list every event of every kind, so a late or absent event is shown by the record.
    /// It declares no version, so an inspection is dated by its judgement (version 1).
    pub fn history_text(events: &str) -> String {
        use strum::IntoEnumIterator;
        let coverage = Kind::iter()
            .map(|kind| format!("{kind}: complete"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut text =
            format!("council: example\nname: Example\ncoverage: {{ {coverage} }}\nevents:\n");
        for line in events.lines() {
            text.push_str("  ");
            text.push_str(line);
            text.push('\n');
        }
        text
    }

    /// The history of an example's events, read as a file `example.yaml`.
    pub fn history(events: &str) -> Result<crate::model::History, crate::model::LoadError> {
        crate::model::parse_history(
            std::path::Path::new("example.yaml"),
            &Self::history_text(events),
        )
    }
}

impl Rule {
    /// The rule's deadline in words, e.g. `70 working days` or `18–24 months`.
    pub fn deadline_text(&self) -> String {
        let base = match &self.deadline {
            Deadline::Within(span) => span.to_string(),
            Deadline::Window { min, max } => format!("{}–{max}", min.amount),
            Deadline::Count { amount, of } => format!("{amount} × {of}"),
        };
        match self.tolerance {
            Some(t) => format!("{base} (+{t} tolerance)"),
            None => base,
        }
    }
}

/// What starts a rule's clock.
#[derive(Debug, Clone)]
pub enum Start {
    /// An event in the history.
    Trigger(Trigger),
    /// Another rule's deadline or fulfilment.
    After(Anchor),
}

/// A triggering event and the conditions on it.
#[derive(Debug, Clone)]
pub struct Trigger {
    /// The events that trigger (any of them).
    pub events: Vec<EventMatch>,
    /// The state the council must be in just after the trigger.
    pub when: Option<StateSet>,
    /// A fact about the council's history that must hold at the trigger.
    pub condition: Option<Condition>,
    /// Start the clock at the first event of this kind after the trigger, when recorded.
    pub clock_from: Option<Kind>,
    /// Open only when the `clock_from` event is recorded.
    pub needs_clock_from: bool,
    /// A new trigger while the rule waits starts a new clock (a new judgement, a new
    /// cycle); otherwise the first clock keeps running and the new trigger is ignored.
    pub restart: bool,
}

/// Facts about a history that rules can require of a trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Display, EnumString)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Condition {
    /// Inadequate twice within five years, inadequate on all key judgements, or so found
    /// by the DfE.
    PersistentOrSystemic,
}

/// A clock that starts where another rule's ends.
#[derive(Debug, Clone)]
pub struct Anchor {
    /// The other rule's id.
    pub rule: String,
    /// Which of its points.
    pub at: AnchorPoint,
}

/// Which point of another rule an `after` rule starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum AnchorPoint {
    /// The other rule's deadline.
    Deadline,
    /// The event that met the other rule, or its deadline where none is recorded.
    FulfilmentOrDeadline,
}

/// How long (or how many) a rule allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// Within (or, for `min`, not before) a span of time.
    Within(Span),
    /// Between two spans of time.
    Window {
        /// Not before.
        min: Span,
        /// No later than.
        max: Span,
    },
    /// At least this many events of a kind between trigger and expected event.
    Count {
        /// How many.
        amount: u32,
        /// Of which kind.
        of: Kind,
    },
}

/// A period of days, open-ended when `to` is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day, if it ended.
    pub to: Option<NaiveDate>,
}

impl Period {
    /// True when `date` is inside.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && self.to.is_none_or(|to| date <= to)
    }

    /// True when the two periods share a day.
    pub fn overlaps(&self, other: &Period) -> bool {
        self.to.is_none_or(|to| other.from <= to) && other.to.is_none_or(|to| self.from <= to)
    }
}

/// A period when a rule did not apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspension {
    /// The period.
    pub period: Period,
    /// Why (e.g. COVID-19).
    pub reason: String,
}

/// A set of states on either track; a track left out allows any state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StateSet {
    /// Allowed Ofsted states.
    pub ofsted: Option<Vec<OfstedState>>,
    /// Allowed DfE states.
    pub dfe: Option<Vec<DfeState>>,
}

impl StateSet {
    /// True when `state` is in the set.
    pub fn contains(&self, state: State) -> bool {
        self.ofsted
            .as_ref()
            .is_none_or(|s| s.contains(&state.ofsted))
            && self.dfe.as_ref().is_none_or(|s| s.contains(&state.dfe))
    }
}

/// A pattern over events: a kind, and optionally values of its fields.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventMatch {
    /// The event kind.
    pub kind: Kind,
    /// Inspection judgements (any of).
    pub judgement: Option<Vec<Judgement>>,
    /// Inspection frameworks (any of).
    pub framework: Option<Vec<Framework>>,
    /// Focused visit or JTAI priority actions.
    pub priority_actions: Option<bool>,
    /// Notice or direction actions (any of).
    pub action: Option<Vec<Action>>,
    /// Action plan stage.
    pub stage: Option<PlanStage>,
    /// Progress review outcomes (any of).
    pub outcome: Option<Vec<ProgressOutcome>>,
    /// Commissioner recommendations (any of).
    pub recommendation: Option<Vec<CommissionerRecommendation>>,
    /// Transfer arrangements (any of).
    pub arrangement: Option<Vec<TransferArrangement>>,
    /// Direction requirements (any of).
    pub requires: Option<Vec<Requirement>>,
    /// The direction names a commissioner.
    pub commissioner: Option<bool>,
    /// Whether the council co-operates (commissioner reports; any of).
    pub council_response: Option<Vec<CouncilResponse>>,
}

impl EventMatch {
    /// The names of the filters set (for validation against the kind's fields).
    pub(crate) fn filters(&self) -> Vec<&'static str> {
        [
            ("judgement", self.judgement.is_some()),
            ("framework", self.framework.is_some()),
            ("priority_actions", self.priority_actions.is_some()),
            ("action", self.action.is_some()),
            ("stage", self.stage.is_some()),
            ("outcome", self.outcome.is_some()),
            ("recommendation", self.recommendation.is_some()),
            ("arrangement", self.arrangement.is_some()),
            ("requires", self.requires.is_some()),
            ("commissioner", self.commissioner.is_some()),
            ("council_response", self.council_response.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, set)| set.then_some(name))
        .collect()
    }

    /// True when the event is of this kind and every filter set holds.
    pub fn matches(&self, event: &Event) -> bool {
        fn any<T: PartialEq>(filter: &Option<Vec<T>>, value: &T) -> bool {
            filter.as_ref().is_none_or(|f| f.contains(value))
        }
        fn is<T: PartialEq>(filter: &Option<T>, value: &T) -> bool {
            filter.as_ref().is_none_or(|f| f == value)
        }
        if event.kind_name() != self.kind {
            return false;
        }
        match &event.kind {
            EventKind::Inspection {
                judgement,
                framework,
                ..
            } => any(&self.judgement, judgement) && any(&self.framework, framework),
            EventKind::FocusedVisit {
                priority_actions, ..
            }
            | EventKind::Jtai { priority_actions } => is(&self.priority_actions, priority_actions),
            EventKind::CommissionerReport {
                recommendation,
                council_response,
            } => {
                any(&self.recommendation, recommendation)
                    && self
                        .council_response
                        .as_ref()
                        .is_none_or(|r| council_response.is_some_and(|c| r.contains(&c)))
            }
            EventKind::ActionPlan { stage } => is(&self.stage, stage),
            EventKind::ImprovementNotice { action, .. } => any(&self.action, action),
            EventKind::Direction {
                action,
                commissioner,
                requires,
            } => {
                any(&self.action, action)
                    && is(&self.commissioner, &commissioner.is_some())
                    && self
                        .requires
                        .as_ref()
                        .is_none_or(|r| requires.is_some_and(|q| r.contains(&q)))
            }
            EventKind::ProgressReview { outcome } => any(&self.outcome, outcome),
            EventKind::ServicesTransferred { arrangement, .. } => {
                any(&self.arrangement, arrangement)
            }
            _ => true,
        }
    }

    /// A short description, e.g. `direction (issued)`.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let list = |v: &[String]| v.join(" or ");
        if let Some(j) = &self.judgement {
            parts.push(list(&j.iter().map(|x| x.to_string()).collect::<Vec<_>>()));
        }
        if let Some(a) = &self.action {
            parts.push(list(&a.iter().map(|x| x.to_string()).collect::<Vec<_>>()));
        }
        if let Some(s) = &self.stage {
            parts.push(s.to_string());
        }
        if self.priority_actions == Some(true) {
            parts.push("priority actions".into());
        }
        if let Some(o) = &self.outcome {
            parts.push(list(&o.iter().map(|x| x.to_string()).collect::<Vec<_>>()));
        }
        if let Some(r) = &self.recommendation {
            parts.push(list(&r.iter().map(|x| x.to_string()).collect::<Vec<_>>()));
        }
        if let Some(r) = &self.requires {
            parts.push(format!(
                "requires {}",
                list(&r.iter().map(|x| x.to_string()).collect::<Vec<_>>())
            ));
        }
        if self.commissioner == Some(true) {
            parts.push("naming a commissioner".into());
        }
        if let Some(r) = &self.council_response {
            parts.push(format!(
                "council {}",
                list(&r.iter().map(|x| x.to_string()).collect::<Vec<_>>())
            ));
        }
        let kind = self.kind.words().to_string();
        if parts.is_empty() {
            kind
        } else {
            format!("{kind} ({})", parts.join(", "))
        }
    }
}

/// The metadata of one of the machine's transition checks.
#[derive(Debug, Clone)]
pub struct TransitionRule {
    /// Which violation.
    pub name: ViolationName,
    /// `transition.<name>`.
    pub id: String,
    /// One line saying what does not fit.
    pub title: String,
    /// The severity of a finding.
    pub severity: Severity,
    /// What kind of authority sets it.
    pub basis: Basis,
    /// The public documents it rests on.
    pub sources: Vec<Document>,
    /// The documents in one line, for findings.
    pub source: String,
    /// A history that fires the rule and one that does not, for `intervene rules ID`.
    pub examples: Option<Examples>,
    /// When it applies.
    pub in_force: Period,
    /// Its file.
    pub file: PathBuf,
    /// Its line.
    pub line: usize,
}
