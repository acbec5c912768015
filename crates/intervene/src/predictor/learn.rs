//! What the record says usually happens, and when: gap distributions learnt from a set of
//! histories, for the two questions people ask of a council (when will Ofsted next come,
//! and what will the department do next).
//!
//! Every learnt fact keeps the day it became known, so a forecast as of a past day learns
//! only from events dated before it, and a backtest can leave a council out.

use chrono::{Days, NaiveDate};
use serde::Serialize;
use strum::Display;

use crate::checker::replay_order;
use crate::machine::{DfeState, Machine, OfstedState, State};
use crate::model::{Action, Event, EventKind, History, Judgement, Kind, PartialDate, Scope};

/// One of the two questions a forecast answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Question {
    /// The next Ofsted contact: a monitoring visit, focused visit, JTAI or inspection.
    Ofsted,
    /// The next step of the Department for Education (a notice, a direction, a review…).
    Dfe,
}

impl Question {
    /// Both questions, Ofsted first.
    pub const ALL: [Question; 2] = [Question::Ofsted, Question::Dfe];

    /// Whether an event of `kind` answers the question.
    pub fn asks(self, kind: Kind) -> bool {
        match self {
            Question::Ofsted => matches!(
                kind,
                Kind::Inspection | Kind::MonitoringVisit | Kind::FocusedVisit | Kind::Jtai
            ),
            Question::Dfe => matches!(
                kind,
                Kind::ImprovementNotice
                    | Kind::Direction
                    | Kind::FailureFinding
                    | Kind::CommissionerAppointed
                    | Kind::CommissionerReport
                    | Kind::AdviserAppointed
                    | Kind::ImprovementBoard
                    | Kind::DiagnosticReview
                    | Kind::ProgressReview
                    | Kind::ServicesTransferred
                    | Kind::ServicesReturned
            ),
        }
    }

    /// Whether an event of `kind` restarts the question's clock: the last Ofsted contact
    /// for Ofsted; the last DfE step or judgement for the department.
    pub fn anchored_by(self, kind: Kind) -> bool {
        self.asks(kind) || (self == Question::Dfe && kind == Kind::Inspection)
    }

    /// The track whose state the question depends on most.
    fn track(self, state: State) -> u8 {
        match self {
            Question::Ofsted => state.ofsted as u8,
            Question::Dfe => state.dfe as u8,
        }
    }

    /// In words, for people.
    pub fn words(self) -> &'static str {
        match self {
            Question::Ofsted => "next Ofsted contact",
            Question::Dfe => "next DfE step",
        }
    }
}

/// A period of the inspection regimes, for learning and for scoring by era.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Era {
    /// Before 2016 (the 2013 single inspection framework's first years, and earlier).
    Before2016,
    /// The single inspection framework and 2016 monitoring handbook, 2016–2017.
    Sif,
    /// ILACS, from January 2018 to the COVID-19 suspension.
    Ilacs,
    /// The COVID-19 years, 17 March 2020 to the end of 2021.
    Covid,
    /// From 2022.
    After,
}

impl Era {
    /// Every era, in time order.
    pub const ALL: [Era; 5] = [
        Era::Before2016,
        Era::Sif,
        Era::Ilacs,
        Era::Covid,
        Era::After,
    ];

    /// The era of a day.
    pub fn of(day: NaiveDate) -> Era {
        let at = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
        if day < at(2016, 1, 1) {
            Era::Before2016
        } else if day < at(2018, 1, 1) {
            Era::Sif
        } else if day < at(2020, 3, 17) {
            Era::Ilacs
        } else if day < at(2022, 1, 1) {
            Era::Covid
        } else {
            Era::After
        }
    }
}

/// The middle day of a partial date.
pub(crate) fn mid(date: PartialDate) -> NaiveDate {
    date.first() + (date.last() - date.first()) / 2
}

/// A day `days` after `day` (before it if negative), saturating.
pub(crate) fn plus(day: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        day.checked_add_days(Days::new(days.unsigned_abs()))
            .unwrap_or(NaiveDate::MAX)
    } else {
        day.checked_sub_days(Days::new(days.unsigned_abs()))
            .unwrap_or(NaiveDate::MIN)
    }
}

/// What a council looked like just after a question's anchor event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Features {
    pub(crate) state: State,
    pub(crate) anchor: Kind,
    pub(crate) era: Era,
    pub(crate) judgement: Option<Judgement>,
    /// Monitoring visits since the last inadequate judgement, 4 meaning four or more.
    pub(crate) visits: u8,
}

impl Features {
    /// The features as of now for each backoff level, finest first.
    fn key(&self, question: Question, level: usize) -> (u8, Option<Kind>, Option<Era>, u64) {
        let track = question.track(self.state);
        match level {
            0 => (
                track,
                Some(self.anchor),
                Some(self.era),
                u64::from(self.state.ofsted as u8) << 16
                    | u64::from(self.state.dfe as u8) << 8
                    | u64::from(self.visits) << 4
                    | self.judgement.map_or(15, |j| j as u64),
            ),
            1 => (track, Some(self.anchor), Some(self.era), 0),
            2 => (track, Some(self.anchor), None, self.regime()),
            3 => (track, Some(self.anchor), None, 0),
            4 => (track, None, None, 0),
            _ => (0, None, None, 0),
        }
    }

    /// The monitoring regime, before 2016 or since. Ofsted's May 2016 handbook put
    /// inadequate councils on quarterly monitoring visits with published letters
    /// (Community Care, 31 May 2016); before it the record seldom shows a visit between
    /// judgements. The gaps the record shows differ most across that line, so backing off
    /// past the era keeps to its side first.
    fn regime(&self) -> u64 {
        u64::from(self.era != Era::Before2016)
    }
}

/// Backoff levels, finest first, and what each conditions on.
pub(crate) const LEVELS: [&str; 6] = [
    "state, anchor, era, judgement and visit count",
    "track state, anchor and era",
    "track state, anchor and monitoring regime (before 2016, or since)",
    "track state and anchor",
    "track state",
    "every history",
];

/// One learnt fact: after an anchor with these features, the question's next event came
/// `gap` days later and was of `kind`.
#[derive(Debug, Clone)]
pub(crate) struct Sample {
    pub(crate) question: Question,
    pub(crate) features: Features,
    pub(crate) gap: i64,
    pub(crate) kind: Kind,
    /// What a notice or direction did (issued, lifted, revoked…).
    pub(crate) action: Option<Action>,
    /// The day by which the fact was certainly known: the next event's last day.
    pub(crate) known: NaiveDate,
    /// The history it came from (position in the corpus).
    pub(crate) council: usize,
}

/// A learnt fact as a forecast uses it: the gap in days, the kind, and what a notice or
/// direction did.
pub(crate) type Fact = (i64, Kind, Option<Action>);

/// Which facts a forecast may learn from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    /// Leave this history (position in the corpus) out.
    pub leave_out: Option<usize>,
    /// Learn only from events dated before this day.
    pub before: Option<NaiveDate>,
}

impl Filter {
    fn admits(&self, sample: &Sample) -> bool {
        self.leave_out != Some(sample.council) && self.before.is_none_or(|b| sample.known < b)
    }
}

/// A history's process events (children's social care, no notes) in replay order, each
/// with its index in file order.
pub(crate) fn process_events(history: &History) -> Vec<(usize, &Event)> {
    replay_order(&history.events)
        .into_iter()
        .map(|i| (i, &history.events[i]))
        .filter(|(_, e)| e.kind_name() != Kind::Note && e.scope == Scope::ChildrensSocialCare)
        .collect()
}

/// What a notice or direction event did.
pub(crate) fn action_of(event: &Event) -> Option<Action> {
    match event.kind {
        EventKind::ImprovementNotice { action, .. } | EventKind::Direction { action, .. } => {
            Some(action)
        }
        _ => None,
    }
}

/// The machine's state after each process event, with the latest graded judgement.
pub(crate) fn walk(events: &[(usize, &Event)]) -> Vec<(State, Option<Judgement>, u8)> {
    let mut machine = Machine::new();
    let mut judgement = None;
    events
        .iter()
        .map(|(index, event)| {
            machine.step(*index, event);
            if let EventKind::Inspection { judgement: j, .. } = event.kind {
                judgement = Some(j);
            }
            let visits = machine.monitoring_visits().min(4) as u8;
            (machine.state(), judgement, visits)
        })
        .collect()
}

/// What a set of histories says usually happens next, and when.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub(crate) samples: Vec<Sample>,
    /// Histories learnt from.
    pub histories: usize,
    /// For each kind, in how many histories it is recorded at least once.
    recorded: Vec<(Kind, usize)>,
}

impl Corpus {
    /// Learns from histories: for every anchor event of either question, the gap to the
    /// question's next event and its kind.
    pub fn learn(histories: &[History]) -> Self {
        let mut samples = Vec::new();
        let mut recorded: Vec<(Kind, usize)> = Vec::new();
        for (council, history) in histories.iter().enumerate() {
            let events = process_events(history);
            let states = walk(&events);
            let mut kinds: Vec<Kind> = events.iter().map(|(_, e)| e.kind_name()).collect();
            kinds.sort_unstable();
            kinds.dedup();
            for kind in kinds {
                match recorded.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, n)) => *n += 1,
                    None => recorded.push((kind, 1)),
                }
            }
            for question in Question::ALL {
                for (i, (_, anchor)) in events.iter().enumerate() {
                    if !question.anchored_by(anchor.kind_name()) {
                        continue;
                    }
                    let Some((_, next)) = events[i + 1..]
                        .iter()
                        .find(|(_, e)| question.asks(e.kind_name()))
                    else {
                        continue;
                    };
                    let (state, judgement, visits) = states[i];
                    samples.push(Sample {
                        question,
                        features: Features {
                            state,
                            anchor: anchor.kind_name(),
                            era: Era::of(mid(anchor.date)),
                            judgement,
                            visits,
                        },
                        gap: (mid(next.date) - mid(anchor.date)).num_days(),
                        kind: next.kind_name(),
                        action: action_of(next),
                        known: next.date.last(),
                        council,
                    });
                }
            }
        }
        Self {
            samples,
            histories: histories.len(),
            recorded,
        }
    }

    /// In how many of the histories a kind is recorded at least once.
    pub fn recorded_in(&self, kind: Kind) -> usize {
        self.recorded
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }

    /// Whether a kind is recorded in fewer than [`RARELY_RECORDED`] of the histories.
    ///
    /// [`RARELY_RECORDED`]: super::RARELY_RECORDED
    pub fn rarely_recorded(&self, kind: Kind) -> bool {
        self.histories > 0
            && (self.recorded_in(kind) as f64)
                < super::forecast::RARELY_RECORDED * self.histories as f64
    }

    /// The learnt facts a forecast conditions on: the finest backoff level with at
    /// least `min` admitted samples whose gap exceeds `elapsed`. Returns the level and
    /// the samples' (gap, kind), or `None` if even the coarsest level has too few.
    pub(crate) fn matching(
        &self,
        question: Question,
        features: &Features,
        elapsed: i64,
        filter: Filter,
        min: usize,
    ) -> Option<(usize, Vec<Fact>)> {
        for level in 0..LEVELS.len() {
            let key = features.key(question, level);
            let found: Vec<Fact> = self
                .samples
                .iter()
                .filter(|s| {
                    s.question == question
                        && (elapsed <= 0 || s.gap > elapsed)
                        && s.features.key(question, level) == key
                        && filter.admits(s)
                })
                .map(|s| (s.gap, s.kind, s.action))
                .collect();
            if found.len() >= min {
                return Some((level, found));
            }
        }
        None
    }

    /// The unconditioned gaps at a backoff level (for calling a record stale).
    pub(crate) fn gaps(
        &self,
        question: Question,
        features: &Features,
        level: usize,
        filter: Filter,
    ) -> Vec<i64> {
        let key = features.key(question, level);
        self.samples
            .iter()
            .filter(|s| {
                s.question == question && s.features.key(question, level) == key && filter.admits(s)
            })
            .map(|s| s.gap)
            .collect()
    }
}

/// The `q` quantile (0–1) of sorted values, by the nearest rank below.
pub(crate) fn quantile(sorted: &[i64], q: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let at = (q * (sorted.len() - 1) as f64).round() as usize;
    sorted.get(at.min(sorted.len() - 1)).copied()
}

/// Whether an Ofsted or DfE kind can come next from a state: a monitoring visit needs an
/// inadequate council; lifting or revoking needs an open instrument (checked by kind: a
/// notice's progress review needs a notice; a commissioner's report a direction).
pub(crate) fn possible(kind: Kind, state: State) -> bool {
    match kind {
        Kind::MonitoringVisit => state.ofsted.is_inadequate(),
        Kind::ProgressReview => state.dfe != DfeState::None,
        Kind::CommissionerReport => {
            state.dfe.is_direction() || state.dfe == DfeState::ServicesTransferred
        }
        Kind::ServicesReturned => state.dfe == DfeState::ServicesTransferred,
        _ => true,
    }
}

/// Whether the council stands judged not inadequate.
pub(crate) fn not_inadequate(state: State) -> bool {
    state.ofsted == OfstedState::NotInadequate
}

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled_histories.rs"));
}

impl Corpus {
    /// The bundled histories (the project's `fixtures/councils`, embedded at build time),
    /// read and learnt once. A history that does not read is left out (the test suite
    /// holds every one to read).
    pub fn bundled() -> &'static Corpus {
        static CORPUS: std::sync::OnceLock<Corpus> = std::sync::OnceLock::new();
        CORPUS.get_or_init(|| Corpus::learn(&bundled_histories()))
    }
}

/// The bundled histories, read.
pub fn bundled_histories() -> Vec<History> {
    bundled::BUNDLED
        .iter()
        .filter_map(|(name, text)| {
            let path = std::path::Path::new("fixtures/councils").join(name);
            crate::model::parse_history(&path, text).ok()
        })
        .collect()
}
