//! Two answers per council: the next Ofsted contact and the next DfE step, each with
//! candidate kinds and their probabilities, an 80% window and the most likely date, learnt
//! from other histories; beside each, the deadline the rules set. Steps the process owes
//! but the record seldom shows are listed apart, and a record that has probably stopped
//! being kept up is called so.

use chrono::NaiveDate;
use serde::Serialize;

use super::learn::{
    Corpus, Era, Features, Filter, LEVELS, Question, mid, not_inadequate, plus, possible,
    process_events, quantile, walk,
};
use super::{Prediction, predict};
use crate::machine::DfeState;
use crate::model::{Action, Event, History, Judgement, Kind, PartialDate};
use crate::rules::RuleSet;

/// The window's level: from the 10th to the 90th percentile.
pub const LEVEL: f64 = 0.8;

/// Fewer learnt facts than this at a backoff level, and the forecast backs off. Nine is
/// the fewest past cases whose widest order-statistic window (their least to their
/// greatest) holds a new case with probability 8 in 10, (n − 1) / (n + 1), so a window
/// from fewer could not claim its stated level.
pub const MIN_SAMPLES: usize = 9;

/// A step overdue by this many days before a later judgement marks the record stale.
pub const STALE_MARGIN_DAYS: i64 = 180;

/// A kind recorded in fewer than this share of the histories is "rarely recorded".
pub const RARELY_RECORDED: f64 = 0.25;

/// One candidate kind for the next event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The kind.
    pub kind: Kind,
    /// For a notice or direction, what it does (issued, lifted, revoked…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    /// Its probability, 0–1.
    pub probability: f64,
}

impl Candidate {
    /// The candidate in words: "monitoring visit", "improvement notice lifted".
    pub fn words(&self) -> String {
        match self.action {
            Some(action) => format!("{} {action}", self.kind.words()),
            None => self.kind.words().to_string(),
        }
    }
}

/// A window the next event falls in with the stated probability.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Window {
    /// Its first day (10th percentile).
    pub from: NaiveDate,
    /// Its last day (90th percentile).
    pub to: NaiveDate,
    /// The probability it holds the next event (0.8).
    pub level: f64,
}

/// A deadline the rules set for a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatedDeadline {
    /// The step's kind.
    pub kind: Kind,
    /// Due by.
    pub due: NaiveDate,
    /// The rule.
    pub rule: String,
    /// The rule's source.
    pub source: String,
    /// The due day has passed within a record that lists every such step: missed.
    pub overdue: bool,
    /// The due day has passed with none recorded, in a record that lists only some.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unrecorded_past_due: bool,
}

impl StatedDeadline {
    /// How late the step is.
    pub fn lateness(&self) -> super::Lateness {
        super::Lateness::of(self.overdue, self.unrecorded_past_due, false, false)
    }
}

/// The event a question's clock runs from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AnchorEvent {
    /// Its kind.
    pub kind: Kind,
    /// Its date.
    pub date: PartialDate,
}

/// The answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// Which question.
    pub question: Question,
    /// Candidate kinds, likeliest first (empty: nothing to learn from).
    pub candidates: Vec<Candidate>,
    /// The 80% window.
    pub window: Option<Window>,
    /// The most likely day (the median).
    pub likely: Option<NaiveDate>,
    /// The event the clock runs from.
    pub anchor: Option<AnchorEvent>,
    /// How many past cases the answer is learnt from.
    pub learnt_from: usize,
    /// What those cases share with this council (the backoff level).
    pub alike_in: Option<&'static str>,
    /// The deadline the rules set for a step of this question, if any.
    pub deadline: Option<StatedDeadline>,
}

/// A step the process owes but the record seldom shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Owed {
    /// The step's kind.
    pub kind: Kind,
    /// Due by, where a written source sets a deadline.
    pub due: Option<NaiveDate>,
    /// Where only practice supports the step, the day other councils usually show it by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usually_by: Option<NaiveDate>,
    /// The rule.
    pub rule: String,
    /// The rule's source.
    pub source: String,
    /// The due day has passed within a record that lists every such step: missed.
    pub overdue: bool,
    /// The due day has passed with none recorded, in a record that lists only some.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unrecorded_past_due: bool,
    /// The usual day is before the forecast's day (later than usual, not overdue).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub later_than_usual: bool,
    /// Histories that record at least one step of this kind.
    pub recorded_in: usize,
    /// Histories learnt from.
    pub histories: usize,
}

impl Owed {
    /// How late the step is.
    pub fn lateness(&self) -> super::Lateness {
        super::Lateness::of(
            self.overdue,
            self.unrecorded_past_due,
            self.later_than_usual,
            false,
        )
    }
}

/// The two answers for a council, what it owes apart, and whether its record is stale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// The next Ofsted contact, then the next DfE step.
    pub answers: Vec<Answer>,
    /// Owed by the process, rarely recorded.
    pub owed: Vec<Owed>,
    /// Why the record is probably incomplete, when it is.
    pub stale: Option<String>,
}

/// What one model says of a question at a point: kinds with probabilities, a window and
/// a point (the median). Shared by the forecast and the backtest's baselines.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Guess {
    pub(crate) kinds: Vec<(Kind, f64)>,
    /// The same probabilities split by what a notice or direction does.
    pub(crate) detailed: Vec<((Kind, Option<Action>), f64)>,
    pub(crate) window: Option<(NaiveDate, NaiveDate)>,
    pub(crate) median: Option<NaiveDate>,
    pub(crate) level: Option<usize>,
    pub(crate) learnt_from: usize,
}

/// Values from counts, most frequent first, as probabilities.
pub(crate) fn shares<T: Copy + PartialEq + Tie>(
    values: impl IntoIterator<Item = T>,
) -> Vec<(T, f64)> {
    let mut counts: Vec<(T, usize)> = Vec::new();
    for value in values {
        match counts.iter_mut().find(|(k, _)| *k == value) {
            Some((_, n)) => *n += 1,
            None => counts.push((value, 1)),
        }
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    counts.sort_by_key(|(k, n)| (std::cmp::Reverse(*n), k.tie()));
    counts
        .into_iter()
        .map(|(k, n)| (k, n as f64 / total.max(1) as f64))
        .collect()
}

/// How equally frequent values are ordered: by kind, then by action.
pub(crate) trait Tie {
    /// The order among equals.
    fn tie(&self) -> (Kind, Option<u8>);
}

impl Tie for Kind {
    fn tie(&self) -> (Kind, Option<u8>) {
        (*self, None)
    }
}

impl Tie for (Kind, Option<Action>) {
    fn tie(&self) -> (Kind, Option<u8>) {
        (self.0, self.1.map(|a| a as u8))
    }
}

/// A window and median from gaps after a day.
pub(crate) fn timing(
    from: NaiveDate,
    gaps: &mut [i64],
) -> (Option<(NaiveDate, NaiveDate)>, Option<NaiveDate>) {
    gaps.sort_unstable();
    // A prediction interval from order statistics: a new case falls between the i-th
    // and j-th of n past ones (1-based) with probability (j − i) / (n + 1), so the
    // window holds a new case at least as often as stated, however few the cases.
    let n = gaps.len();
    let rank = |q: f64, up: bool| {
        let r = q * (n + 1) as f64;
        let r = if up { r.ceil() } else { r.floor() };
        (r as usize).clamp(1, n.max(1)) - 1
    };
    let (lo, med, hi) = (
        gaps.get(rank((1.0 - LEVEL) / 2.0, false)).copied(),
        quantile(gaps, 0.5),
        gaps.get(rank((1.0 + LEVEL) / 2.0, true)).copied(),
    );
    let window = lo.zip(hi).map(|(a, b)| (plus(from, a), plus(from, b)));
    (window, med.map(|m| plus(from, m)))
}

/// The learnt guess for a question, from the council's anchor event and its features,
/// given that nothing of the question happened between the anchor and `quiet_until`.
/// Kinds the state rules out, and kinds `exclude` names, are dropped.
pub(crate) fn learnt(
    corpus: &Corpus,
    question: Question,
    features: &Features,
    anchor: NaiveDate,
    quiet_until: NaiveDate,
    filter: Filter,
    exclude: &dyn Fn(Kind) -> bool,
) -> Guess {
    let elapsed = (quiet_until - anchor).num_days();
    let Some((level, found)) = corpus.matching(question, features, elapsed, filter, MIN_SAMPLES)
    else {
        return Guess::default();
    };
    let allowed = |k: Kind| possible(k, features.state) && !exclude(k);
    let kinds: Vec<(Kind, f64)> = shares(found.iter().map(|(_, k, _)| *k).filter(|k| allowed(*k)));
    let detailed = shares(
        found
            .iter()
            .filter(|(_, k, _)| allowed(*k))
            .map(|(_, k, a)| (*k, *a)),
    );
    let mut gaps: Vec<i64> = found.iter().map(|(g, _, _)| *g).collect();
    let (window, median) = timing(anchor, &mut gaps);
    Guess {
        kinds,
        detailed,
        window,
        median,
        level: Some(level),
        learnt_from: found.len(),
    }
}

/// A council's state after its known events, for one question: the anchor event and the
/// features after it.
pub(crate) fn anchor_of(
    question: Question,
    events: &[(usize, &Event)],
    states: &[(crate::machine::State, Option<Judgement>, u8)],
) -> Option<(PartialDate, Features)> {
    let at = events
        .iter()
        .rposition(|(_, e)| question.anchored_by(e.kind_name()))?;
    let (_, event) = events[at];
    let (state, judgement, visits) = states[at];
    Some((
        event.date,
        Features {
            state,
            anchor: event.kind_name(),
            era: Era::of(mid(event.date)),
            judgement,
            visits,
        },
    ))
}

/// Forecasts a council as of a day, learning from `corpus` under `filter` (a forecast
/// for people learns from every history but only from events dated before `as_of`).
pub fn forecast(
    history: &History,
    rules: &RuleSet,
    as_of: NaiveDate,
    corpus: &Corpus,
    filter: Filter,
) -> Forecast {
    forecast_with(history, &predict(history, rules, as_of), corpus, filter)
}

/// [`forecast`] with the rules' prediction already made.
pub fn forecast_with(
    history: &History,
    prediction: &Prediction,
    corpus: &Corpus,
    filter: Filter,
) -> Forecast {
    let as_of = prediction.as_of;
    let mut known = history.clone();
    known.events.retain(|e| e.date.first() <= as_of);
    let events = process_events(&known);
    let states = walk(&events);
    // Events after the record's end are unknown, not absent.
    let quiet_until = history
        .recorded_until
        .map_or(as_of, |end| end.last().min(as_of));
    let rare = |k: Kind| corpus.rarely_recorded(k);
    let mut stale = None;
    let mut answers = Vec::new();
    for question in Question::ALL {
        let anchored = anchor_of(question, &events, &states);
        let guess = anchored.map_or_else(Guess::default, |(date, features)| {
            learnt(
                corpus,
                question,
                &features,
                mid(date),
                quiet_until,
                filter,
                &rare,
            )
        });
        if let Some((date, features)) = anchored
            && question == Question::Ofsted
            && stale.is_none()
        {
            let level = corpus
                .matching(question, &features, 0, filter, MIN_SAMPLES)
                .map(|(l, _)| l);
            let mut gaps =
                level.map_or_else(Vec::new, |l| corpus.gaps(question, &features, l, filter));
            gaps.sort_unstable();
            if let Some(p90) = quantile(&gaps, 0.9)
                && (quiet_until - mid(date)).num_days() > p90
            {
                stale = Some(format!(
                    "the record is probably incomplete: its last Ofsted contact ({} on {}) is longer ago than 9 in 10 gaps to the next contact in other histories",
                    features.anchor.words(),
                    date
                ));
            }
        }
        let deadline = prediction.steps.iter().find_map(|s| {
            let kind = s.kinds().find(|k| question.asks(*k) && !rare(*k))?;
            s.due.map(|due| StatedDeadline {
                kind,
                due,
                rule: s.rule.clone(),
                source: s.source.clone(),
                overdue: s.overdue,
                unrecorded_past_due: s.unrecorded_past_due,
            })
        });
        answers.push(Answer {
            question,
            candidates: guess
                .detailed
                .iter()
                .map(|((kind, action), probability)| Candidate {
                    kind: *kind,
                    action: *action,
                    probability: *probability,
                })
                .collect(),
            window: guess.window.map(|(from, to)| Window {
                from,
                to,
                level: LEVEL,
            }),
            likely: guess.median,
            anchor: anchored.map(|(date, f)| AnchorEvent {
                kind: f.anchor,
                date,
            }),
            learnt_from: guess.learnt_from,
            alike_in: guess.level.map(|l| LEVELS[l]),
            deadline,
        });
    }
    // The department's last step, when a step it owes is overdue and the gap since is
    // longer than 9 in 10 such gaps elsewhere: the later steps were probably not recorded.
    let dfe_overdue = prediction
        .steps
        .iter()
        .any(|s| s.late() && Question::Dfe.asks(s.kind));
    if stale.is_none()
        && dfe_overdue
        && let Some(at) = events
            .iter()
            .rposition(|(_, e)| Question::Dfe.asks(e.kind_name()))
    {
        let (_, event) = events[at];
        let (state, judgement, visits) = states[at];
        let features = Features {
            state,
            anchor: event.kind_name(),
            era: Era::of(mid(event.date)),
            judgement,
            visits,
        };
        let level = (2..LEVELS.len())
            .find(|l| corpus.gaps(Question::Dfe, &features, *l, filter).len() >= MIN_SAMPLES);
        let mut gaps = level.map_or_else(Vec::new, |l| {
            corpus.gaps(Question::Dfe, &features, l, filter)
        });
        gaps.sort_unstable();
        if let Some(p90) = quantile(&gaps, 0.9)
            && (quiet_until - mid(event.date)).num_days() > p90
        {
            stale = Some(format!(
                "the record is probably incomplete: its last DfE step ({} on {}) is longer ago than 9 in 10 gaps to the next step in other histories",
                event.kind_name().words(),
                event.date
            ));
        }
    }
    // A step overdue for half a year before a later graded judgement: the process moved on, and
    // the step (or what replaced it) went unrecorded.
    let last_judged = events
        .iter()
        .rev()
        .find(|(_, e)| e.kind_name() == Kind::Inspection)
        .map(|(_, e)| e.date);
    if stale.is_none()
        && let Some(judged) = last_judged
        && let Some(step) = prediction.steps.iter().find(|s| {
            s.late()
                && s.by()
                    .is_some_and(|d| plus(d, STALE_MARGIN_DAYS) < judged.first())
        })
    {
        let when = match (step.due, step.usually_by) {
            (Some(due), _) => format!("was due by {due}"),
            (None, Some(usual)) => format!("usually comes by {usual} in other councils"),
            (None, None) => String::from("was expected"),
        };
        stale = Some(format!(
            "the record is probably incomplete: {} {when}, before the judgement of {}, and is not recorded",
            step.kind.words(),
            judged
        ));
    }
    let state = prediction.state;
    let judged_well = states
        .last()
        .and_then(|(_, j, _)| *j)
        .is_some_and(|j| matches!(j, Judgement::Good | Judgement::Outstanding));
    if stale.is_none() && not_inadequate(state) && judged_well && state.dfe != DfeState::None {
        stale = Some(format!(
            "the record is probably incomplete: the council is judged good or better, yet the record leaves its {} open",
            match state.dfe {
                DfeState::ImprovementNotice => "improvement notice",
                _ => "direction",
            }
        ));
    }
    let owed = prediction
        .steps
        .iter()
        .filter(|s| rare(s.kind))
        .filter(|s| stale.is_none() || !s.late())
        .map(|s| Owed {
            kind: s.kind,
            due: s.due,
            usually_by: s.usually_by,
            rule: s.rule.clone(),
            source: s.source.clone(),
            overdue: s.overdue,
            unrecorded_past_due: s.unrecorded_past_due,
            later_than_usual: s.later_than_usual,
            recorded_in: corpus.recorded_in(s.kind),
            histories: corpus.histories,
        })
        .collect();
    Forecast {
        answers,
        owed,
        stale,
    }
}
