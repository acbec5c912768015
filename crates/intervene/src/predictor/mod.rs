//! What happens next, and by when: the steps a council's process is waiting for, as of a
//! day, each with the rule and source that expect it.
//!
//! The predictor replays the history up to the day (the checker's replay) and turns the
//! expectations still open into steps. Alternatives stand side by side, ranked.

mod backtest;
mod forecast;
mod learn;

use chrono::NaiveDate;
use serde::Serialize;
use strum::Display;

use crate::checker::{OpenStep, replay};
use crate::machine::{DfeState, OfstedState, State};
use crate::model::{Action, EventKind, Framework, History, Judgement, Kind, PartialDate};
use crate::rules::{Deadline, EventMatch, RuleSet, Severity};

pub use backtest::{
    Backtest, EraScores, MODELS, ModelScores, Protocol, Run, SAME_GAP_HALF_WIDTH, Scores,
    StateScores, backtest,
};
pub use forecast::{
    AnchorEvent, Answer, Candidate, Forecast, LEVEL, MIN_SAMPLES, Owed, RARELY_RECORDED,
    StatedDeadline, Window, forecast, forecast_with,
};
pub use learn::{Corpus, Era, Filter, Question, bundled_histories};

/// How firmly a step is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Basis {
    /// A statutory or stated rule.
    Statutory,
    /// "Usually" practice.
    Usual,
    /// Only observed practice supports it.
    Observed,
}

/// How late a step is, as far as the record can tell: what a reader is told of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lateness {
    /// Not past its day (or it has none).
    OnTime,
    /// A written deadline passed within a record that lists every such step: missed.
    Overdue,
    /// A written deadline passed with none recorded, in a record that lists only some.
    NotRecorded,
    /// A practice step past the day other councils usually show it by.
    LaterThanUsual,
    /// Its day passed after the record ends: not known.
    AfterRecordEnd,
}

impl Lateness {
    /// From a step's flags, the most telling first.
    fn of(overdue: bool, unrecorded: bool, later_than_usual: bool, after_end: bool) -> Self {
        if overdue {
            Lateness::Overdue
        } else if unrecorded {
            Lateness::NotRecorded
        } else if later_than_usual {
            Lateness::LaterThanUsual
        } else if after_end {
            Lateness::AfterRecordEnd
        } else {
            Lateness::OnTime
        }
    }

    /// Past its due or usual day, missed or unrecorded: a sign the record may have
    /// missed it.
    pub fn past(self) -> bool {
        matches!(
            self,
            Lateness::Overdue | Lateness::NotRecorded | Lateness::LaterThanUsual
        )
    }

    /// In a few words ("" when on time), for a step already named and dated.
    pub fn words(self) -> &'static str {
        match self {
            Lateness::OnTime => "",
            Lateness::Overdue => "overdue",
            Lateness::NotRecorded => "not recorded by then",
            Lateness::LaterThanUsual => "later than usual",
            Lateness::AfterRecordEnd => "after the record ends",
        }
    }
}

/// One expected next step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The event kind expected.
    pub kind: Kind,
    /// Other kinds the same rule takes in its place, less likely ones last: one step
    /// ("an improvement notice or a direction"), not several.
    pub alternatives: Vec<Kind>,
    /// Not before this day (`None`: the rules give no lower bound).
    pub earliest: Option<NaiveDate>,
    /// No later than this day: a deadline a written source sets (`None`: none does, as
    /// for a rule only practice supports).
    pub due: Option<NaiveDate>,
    /// For a rule only practice supports, the day by which other councils' histories
    /// usually show the step: a comparison, never a deadline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usually_by: Option<NaiveDate>,
    /// The rule that expects it (`observed.*` for practice without a rule).
    pub rule: String,
    /// The rule's source.
    pub source: String,
    /// How firmly it is expected.
    pub basis: Basis,
    /// The due day has passed within the record, whose sources list every such step: it
    /// was missed.
    pub overdue: bool,
    /// The due day has passed within the record with no such step recorded, but the
    /// sources list only some steps of its kind: it may have happened unrecorded, so it
    /// is not called overdue.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unrecorded_past_due: bool,
    /// The usual day is before the prediction's day: later than other councils, which
    /// is not overdue.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub later_than_usual: bool,
    /// Its day has passed, but after the record ends: whether the step came is not
    /// known, so it is neither overdue nor later than usual.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub after_record_end: bool,
}

impl Step {
    /// The day the step is due by, or usually seen by: where it sits in time.
    pub fn by(&self) -> Option<NaiveDate> {
        self.due.or(self.usually_by)
    }

    /// Past its due or usual day, recorded or not: a sign the record may have missed it.
    pub fn late(&self) -> bool {
        self.lateness().past()
    }

    /// How late the step is, the most telling first.
    pub fn lateness(&self) -> Lateness {
        Lateness::of(
            self.overdue,
            self.unrecorded_past_due,
            self.later_than_usual,
            self.after_record_end,
        )
    }

    /// The kinds the step may take: its own, then its alternatives.
    pub fn kinds(&self) -> impl Iterator<Item = Kind> + '_ {
        std::iter::once(self.kind).chain(self.alternatives.iter().copied())
    }

    /// What the step is, in words, with its alternatives: "improvement notice or direction".
    pub fn words(&self) -> String {
        std::iter::once(self.kind)
            .chain(self.alternatives.iter().copied())
            .map(|k| k.words().to_string())
            .collect::<Vec<_>>()
            .join(" or ")
    }
}

/// When each track entered its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Since {
    /// The Ofsted track.
    pub ofsted: Option<PartialDate>,
    /// The DfE track.
    pub dfe: Option<PartialDate>,
}

/// Where a council stands on a day, and what it waits for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    /// The council's slug.
    pub council: String,
    /// The day of the prediction.
    pub as_of: NaiveDate,
    /// The end of the record, when it is before the prediction's day: what came after
    /// is not known, so no step is overdue for a day past it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record_ends: Option<NaiveDate>,
    /// Both tracks.
    pub state: State,
    /// Since when.
    pub since: Since,
    /// Monitoring visits since the last inadequate judgement.
    pub monitoring_visits: usize,
    /// Expected next steps, most likely first.
    pub steps: Vec<Step>,
    /// The two answers learnt from other histories (`None` from [`predict`] alone; see
    /// [`predict_and_forecast`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast: Option<Forecast>,
}

/// Predicts the next steps of a council's process as of a day.
pub fn predict(history: &History, rules: &RuleSet, as_of: NaiveDate) -> Prediction {
    let known = history.known_by(as_of);
    // Lateness is judged at the end of the record: past it, nothing is known.
    let horizon = history.as_of(as_of);
    let end = replay(&known, rules);
    let state = end.machine.state();
    let (ofsted_since, dfe_since) = end.machine.since();
    let persistent = end.machine.persistent_or_systemic();
    let mut steps: Vec<(Step, usize)> = Vec::new();
    for open in &end.open {
        steps.extend(steps_of(open, horizon, as_of, persistent, state));
    }
    let between = between_inspections(&known, state, as_of);
    if steps.is_empty() && !between.iter().any(|s| s.kind == Kind::Inspection) {
        steps.extend(observed(state).into_iter().map(|s| (s, 0)));
    }
    steps.extend(between.into_iter().map(|s| (s, 1)));
    // Steps still running before overdue ones (an overdue step is as likely a gap in the
    // record as a step about to happen), then soonest due first (no deadline last), then
    // alternatives of one rule by their weight.
    steps.sort_by_key(|(s, weight)| (s.late(), s.by().unwrap_or(NaiveDate::MAX), *weight, s.kind));
    // One step per kind and day: two rules waiting for the same thing are one step.
    let mut seen = Vec::new();
    steps.retain(|(s, _)| {
        let first = !seen.contains(&(s.kind, s.by()));
        seen.push((s.kind, s.by()));
        first
    });
    // Alternatives of one rule, due together, are one step: the likeliest names it.
    let mut merged: Vec<Step> = Vec::with_capacity(steps.len());
    for (step, _) in steps {
        match merged
            .iter_mut()
            .find(|m| m.rule == step.rule && m.by() == step.by() && m.earliest == step.earliest)
        {
            Some(first) => first.alternatives.push(step.kind),
            None => merged.push(step),
        }
    }
    Prediction {
        council: history.council.clone(),
        as_of,
        record_ends: (horizon < as_of).then_some(horizon),
        state,
        since: Since {
            ofsted: ofsted_since,
            dfe: dfe_since,
        },
        monitoring_visits: end.machine.monitoring_visits(),
        steps: merged,
        forecast: None,
    }
}

/// [`predict`], with the two answers learnt from `corpus`'s events dated before `as_of`
/// (so a forecast as of a past day is the one the tool could have made that day).
pub fn predict_and_forecast(
    history: &History,
    rules: &RuleSet,
    as_of: NaiveDate,
    corpus: &Corpus,
) -> Prediction {
    let mut prediction = predict(history, rules, as_of);
    let filter = Filter {
        leave_out: None,
        before: Some(as_of),
    };
    let forecast = forecast_with(history, &prediction, corpus, filter);
    // A step the record seldom shows never takes the top slot: it is listed apart, owed.
    prediction
        .steps
        .sort_by_key(|s| corpus.rarely_recorded(s.kind));
    // A stale record lists no step overdue by more than a year: such a step is far more
    // likely unrecorded than still awaited.
    if forecast.stale.is_some() {
        let year_ago = as_of.checked_sub_days(chrono::Days::new(365));
        let long_overdue =
            |late: bool, by: Option<NaiveDate>| late && by.is_some_and(|d| Some(d) < year_ago);
        prediction.steps.retain(|s| !long_overdue(s.late(), s.by()));
        let mut forecast = forecast;
        for answer in &mut forecast.answers {
            if answer
                .deadline
                .as_ref()
                .is_some_and(|d| long_overdue(d.lateness().past(), Some(d.due)))
            {
                answer.deadline = None;
            }
        }
        prediction.forecast = Some(forecast);
        return prediction;
    }
    prediction.forecast = Some(forecast);
    prediction
}

/// The steps one open expectation stands for, with each alternative's weight (lower is
/// likelier). Persistent or systemic failure points to a direction over a notice.
fn steps_of(
    open: &OpenStep<'_>,
    horizon: NaiveDate,
    as_of: NaiveDate,
    persistent: bool,
    state: State,
) -> Vec<(Step, usize)> {
    if matches!(open.rule.deadline, Deadline::Count { .. }) {
        return Vec::new(); // a count constrains when re-inspection may come; it predicts nothing
    }
    let day = open.due.map(|d| d.last);
    // A written source with a hard deadline, a written "usually", or practice alone.
    let basis = match (open.rule.basis, open.rule.severity) {
        (crate::rules::Basis::Practice, _) => Basis::Observed,
        (_, Severity::Error) => Basis::Statutory,
        _ => Basis::Usual,
    };
    // A habit of practice is not a deadline: its day is when others usually show it.
    let (due, usually_by) = match basis {
        Basis::Observed => (None, day),
        Basis::Statutory | Basis::Usual => (day, None),
    };
    open.rule
        .expect
        .iter()
        .enumerate()
        .filter(|(_, m)| plausible(m, state))
        .map(|(position, m)| {
            let weight = match (m.kind, persistent) {
                (Kind::Direction, true) => 0,
                (Kind::ImprovementNotice, true) => 2,
                _ => position,
            };
            let step = Step {
                kind: m.kind,
                alternatives: Vec::new(),
                earliest: open.not_before.map(|d| d.first),
                due,
                rule: open.rule.id.clone(),
                source: open.rule.source.clone(),
                basis,
                overdue: open.shown && due.is_some_and(|d| d < horizon),
                unrecorded_past_due: !open.shown && due.is_some_and(|d| d < horizon),
                usually_by,
                later_than_usual: usually_by.is_some_and(|d| d < horizon),
                after_record_end: day.is_some_and(|d| horizon <= d && d < as_of),
            };
            (step, weight)
        })
        .collect()
}

/// Whether an expected event can happen from the state: only an open notice can be
/// lifted, only an open direction revoked or revised.
fn plausible(expected: &EventMatch, state: State) -> bool {
    let ends_only = |actions: &[Action]| {
        expected
            .action
            .as_ref()
            .is_some_and(|a| a.iter().all(|x| actions.contains(x)))
    };
    match expected.kind {
        Kind::ImprovementNotice if ends_only(&[Action::Lifted, Action::Revised]) => {
            state.dfe == DfeState::ImprovementNotice
        }
        Kind::Direction if ends_only(&[Action::Revoked, Action::Revised]) => {
            state.dfe.is_direction() || state.dfe == DfeState::ServicesTransferred
        }
        _ => true,
    }
}

/// The last graded judgement: its framework and grade.
fn last_judgement(history: &History) -> Option<(Framework, Judgement)> {
    history.events.iter().rev().find_map(|e| match e.kind {
        EventKind::Inspection {
            judgement,
            framework,
            ..
        } if e.scope == crate::model::Scope::ChildrensSocialCare => Some((framework, judgement)),
        _ => None,
    })
}

/// The ILACS framework's steps between inspections for a council judged requires
/// improvement, good or outstanding: focused visits (and JTAIs), as a `usual` step; and
/// after a judgement of an earlier framework, the first ILACS inspection.
fn between_inspections(history: &History, state: State, as_of: NaiveDate) -> Vec<Step> {
    let ilacs = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap_or(NaiveDate::MAX);
    let Some((framework, judgement)) = last_judgement(history) else {
        return Vec::new();
    };
    if as_of < ilacs
        || state.ofsted != OfstedState::NotInadequate
        || judgement == Judgement::Inadequate
    {
        return Vec::new();
    }
    let step = |kind, rule: &str, source: &str| Step {
        kind,
        alternatives: Vec::new(),
        earliest: None,
        due: None,
        rule: rule.to_owned(),
        source: source.to_owned(),
        basis: Basis::Usual,
        overdue: false,
        unrecorded_past_due: false,
        usually_by: None,
        later_than_usual: false,
        after_record_end: false,
    };
    let mut steps = vec![
        step(
            Kind::FocusedVisit,
            "usual.focused-visit",
            "guidance: between standard and short inspections Ofsted makes focused visits to councils judged requires improvement, good or outstanding (Ofsted, ILACS framework, 2018)",
        ),
        step(
            Kind::Jtai,
            "usual.jtai",
            "guidance: joint targeted area inspections of the multi-agency response, chosen by Ofsted with its partner inspectorates (Ofsted, JTAI framework)",
        ),
    ];
    if framework != Framework::Ilacs {
        steps.insert(
            0,
            step(
                Kind::Inspection,
                "usual.first-ilacs-inspection",
                "guidance: every council judged under the single inspection framework is inspected under ILACS from 2018 (Ofsted, ILACS framework, 2018)",
            ),
        );
    }
    steps
}

/// Practice where no rule is waiting: what real histories show next from the state.
fn observed(state: State) -> Vec<Step> {
    let step = |kind, rule: &str, source: &str| Step {
        kind,
        alternatives: Vec::new(),
        earliest: None,
        due: None,
        rule: rule.to_owned(),
        source: source.to_owned(),
        basis: Basis::Observed,
        overdue: false,
        unrecorded_past_due: false,
        usually_by: None,
        later_than_usual: false,
        after_record_end: false,
    };
    match (state.ofsted, state.dfe) {
        (_, DfeState::DirectionCommissioner) => vec![step(
            Kind::CommissionerReport,
            "observed.commissioner-report",
            "practice: commissioners report on every direction naming one (the DfE's published commissioner reports)",
        )],
        (OfstedState::Monitoring | OfstedState::AwaitingActionPlan, _) => vec![
            step(
                Kind::MonitoringVisit,
                "observed.monitoring",
                "practice: quarterly monitoring until re-inspection (Ofsted, monitoring handbook, May 2016; ILACS framework, 2018)",
            ),
            step(
                Kind::Inspection,
                "observed.reinspection",
                "practice: re-inspection ends monitoring (Ofsted, ILACS framework, 2018)",
            ),
        ],
        (
            _,
            DfeState::ImprovementNotice
            | DfeState::DirectionImprovement
            | DfeState::DirectionAlternativeDelivery,
        ) => {
            vec![step(
                Kind::Inspection,
                "observed.inspection",
                "practice: the next Ofsted inspection judges the improvement",
            )]
        }
        _ => vec![step(
            Kind::Inspection,
            "observed.inspection",
            "practice: every council is inspected again",
        )],
    }
}
