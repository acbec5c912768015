//! How good are the forecasts? Every model is asked the same questions at the same points
//! of real histories, and a point a model cannot answer counts as a miss.
//!
//! A point is a process event of a history (the prediction's day is its last day) that
//! some later event answers: the next Ofsted contact, or the next DfE step. Kinds are
//! scored by top-1 and the Brier score; windows by coverage (for a month-dated event, the
//! share of its days inside the window), median width and the interval score; point
//! forecasts by the error of each model's median. Two protocols: leave one council out
//! (learn from every other history), and time-respecting (learn only from events dated
//! before the prediction's day, in every history, the council's own included: what
//! `next` would have said that day).

use chrono::NaiveDate;
use serde::Serialize;
use strum::{Display, IntoEnumIterator};

use super::forecast::{Guess, learnt, shares, timing};
use super::learn::{Corpus, Era, Filter, Question, mid, plus, process_events, walk};
use super::predict;
use crate::machine::OfstedState;
use crate::model::{Event, History, Kind, PartialDate};
use crate::rules::RuleSet;

/// The stated level of every model's window.
const ALPHA: f64 = 0.2;

/// "Same gap as last time" answers with this many days either side.
pub const SAME_GAP_HALF_WIDTH: i64 = 45;

/// How a model may learn at a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Protocol {
    /// From every other council's whole history.
    LeaveOneCouncilOut,
    /// From events dated before the prediction's day, in every history.
    TimeRespecting,
}

/// The models scored.
pub const MODELS: [&str; 5] = ["forecast", "rules", "markov", "class_prior", "same_gap"];

/// Scores over a set of points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    /// Points scored.
    pub points: usize,
    /// Points the model answered with a kind and a window.
    pub answered: usize,
    /// Share of points whose kind the model ranked first (a miss when unanswered).
    pub top1: f64,
    /// Mean Brier score of the kind probabilities (0 best, 2 worst; 1 when unanswered).
    pub brier: f64,
    /// Mean share of the actual date inside the 80% window (0 when unanswered).
    pub coverage: f64,
    /// Median width of the window in days, over answered points.
    pub median_width_days: Option<f64>,
    /// Mean interval score of the 80% window in days (lower is better; an unanswered
    /// point scores as a window of the prediction's day alone).
    pub interval_score: f64,
    /// Median |median − actual| in days, unanswered points counting as infinitely wrong
    /// (`None` when half or more are unanswered).
    pub median_error_days: Option<f64>,
}

/// One model's scores, overall and by the era of the prediction's day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelScores {
    /// `forecast` (what `next` says), `rules` (the rules' steps and deadlines alone),
    /// `markov`, `class_prior` or `same_gap`.
    pub model: String,
    /// Over every point.
    pub overall: Scores,
    /// Per era with points.
    pub by_era: Vec<EraScores>,
    /// Per Ofsted standing of the council on the prediction's day, with points: where the
    /// record lets a forecast be sharp (under monitoring) and where it cannot (between
    /// inspections, years apart).
    pub by_state: Vec<StateScores>,
}

/// Scores over the points where the council stood one way with Ofsted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateScores {
    /// The council's Ofsted standing on the prediction's day.
    pub state: OfstedState,
    /// Its scores.
    pub scores: Scores,
}

/// Scores in one era.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EraScores {
    /// The era.
    pub era: Era,
    /// Its scores.
    pub scores: Scores,
}

/// Every model on one question under one protocol.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    /// The question.
    pub question: Question,
    /// The protocol.
    pub protocol: Protocol,
    /// Points (the same for every model).
    pub points: usize,
    /// The models, in [`MODELS`] order.
    pub models: Vec<ModelScores>,
}

/// The whole backtest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    /// The windows' stated level.
    pub level: f64,
    /// Histories scored.
    pub histories: usize,
    /// Per question and protocol.
    pub runs: Vec<Run>,
}

/// One question at one point of a history.
#[derive(Debug, Clone)]
struct Point {
    council: usize,
    /// The position of the prediction's event among the history's process events.
    at: usize,
    question: Question,
    as_of: NaiveDate,
    previous: Kind,
    previous_mid: NaiveDate,
    kind: Kind,
    date: PartialDate,
}

/// How one answer scored.
#[derive(Debug, Clone, Copy)]
struct PointScore {
    answered: bool,
    top1: bool,
    brier: f64,
    coverage: f64,
    width: Option<i64>,
    interval: f64,
    error: Option<i64>,
}

/// Scores a guess against what happened.
fn score(guess: &Guess, kind: Kind, date: PartialDate, as_of: NaiveDate) -> PointScore {
    let x = mid(date);
    let top1 = guess.kinds.first().is_some_and(|(k, _)| *k == kind);
    let mut brier: f64 = guess
        .kinds
        .iter()
        .map(|(k, p)| if *k == kind { (1.0 - p).powi(2) } else { p * p })
        .sum();
    if !guess.kinds.iter().any(|(k, _)| *k == kind) {
        brier += 1.0;
    }
    let (lo, hi) = guess.window.unwrap_or((as_of, as_of));
    let days = (date.last() - date.first()).num_days() + 1;
    let overlap = if guess.window.is_some() {
        (date.last().min(hi) - date.first().max(lo)).num_days() + 1
    } else {
        0
    };
    let width = (hi - lo).num_days();
    let below = (lo - x).num_days().max(0) as f64;
    let above = (x - hi).num_days().max(0) as f64;
    PointScore {
        answered: !guess.kinds.is_empty() && guess.window.is_some(),
        top1,
        brier,
        coverage: overlap.max(0) as f64 / days as f64,
        width: guess.window.map(|_| width),
        interval: width as f64 + 2.0 / ALPHA * (below + above),
        error: guess.median.map(|m| (m - x).num_days().abs()),
    }
}

fn median(sorted: &[i64]) -> Option<f64> {
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[n / 2] as f64),
        n => Some((sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0),
    }
}

/// Totals a set of point scores.
fn total(scores: &[PointScore]) -> Scores {
    let n = scores.len();
    let mean = |f: &dyn Fn(&PointScore) -> f64| {
        if n == 0 {
            0.0
        } else {
            scores.iter().map(f).sum::<f64>() / n as f64
        }
    };
    let mut widths: Vec<i64> = scores.iter().filter_map(|s| s.width).collect();
    widths.sort_unstable();
    // Unanswered points are infinitely wrong: the median is defined only while they
    // are fewer than half.
    let mut errors: Vec<i64> = scores.iter().map(|s| s.error.unwrap_or(i64::MAX)).collect();
    errors.sort_unstable();
    let median_error = match n {
        0 => None,
        _ if n % 2 == 1 => Some(errors[n / 2])
            .filter(|e| *e < i64::MAX)
            .map(|e| e as f64),
        _ => {
            let (a, b) = (errors[n / 2 - 1], errors[n / 2]);
            (b < i64::MAX).then(|| (a + b) as f64 / 2.0)
        }
    };
    Scores {
        points: n,
        answered: scores.iter().filter(|s| s.answered).count(),
        top1: mean(&|s| f64::from(u8::from(s.top1))),
        brier: mean(&|s| s.brier),
        coverage: mean(&|s| s.coverage),
        median_width_days: median(&widths),
        interval_score: mean(&|s| s.interval),
        median_error_days: median_error,
    }
}

/// The points of every history, both questions.
fn points(sequences: &[Vec<(usize, &Event)>]) -> Vec<Point> {
    let mut all = Vec::new();
    for (council, events) in sequences.iter().enumerate() {
        for (at, (_, event)) in events.iter().enumerate() {
            let as_of = event.date.last();
            for question in Question::ALL {
                let Some((_, next)) = events[at + 1..]
                    .iter()
                    .find(|(_, e)| question.asks(e.kind_name()))
                else {
                    continue;
                };
                if next.date.last() < as_of {
                    continue;
                }
                all.push(Point {
                    council,
                    at,
                    question,
                    as_of,
                    previous: event.kind_name(),
                    previous_mid: mid(event.date),
                    kind: next.kind_name(),
                    date: next.date,
                });
            }
        }
    }
    all
}

/// Whether a point may be learnt from under a filter.
fn admits(filter: Filter, p: &Point) -> bool {
    filter.leave_out != Some(p.council) && filter.before.is_none_or(|b| p.date.last() < b)
}

/// Markov on the previous kind, or (with `keyed` false) the class prior: kinds by their
/// frequency, the window from the gaps' 10th to 90th percentile after the previous event.
fn frequency(all: &[Point], point: &Point, filter: Filter, keyed: bool) -> Guess {
    let alike: Vec<&Point> = all
        .iter()
        .filter(|p| {
            p.question == point.question
                && (!keyed || p.previous == point.previous)
                && admits(filter, p)
        })
        .collect();
    if alike.is_empty() {
        return Guess::default();
    }
    let mut gaps: Vec<i64> = alike
        .iter()
        .map(|p| (mid(p.date) - p.previous_mid).num_days())
        .collect();
    let (window, median) = timing(point.previous_mid, &mut gaps);
    Guess {
        kinds: shares(alike.iter().map(|p| p.kind)),
        detailed: Vec::new(),
        window,
        median,
        level: None,
        learnt_from: alike.len(),
    }
}

/// "Same gap as last time": the question's last kind again, after the gap between its
/// last two events, give or take [`SAME_GAP_HALF_WIDTH`] days.
fn same_gap(events: &[(usize, &Event)], question: Question) -> Guess {
    let mut asked = events
        .iter()
        .rev()
        .filter(|(_, e)| question.asks(e.kind_name()));
    let (Some((_, last)), Some((_, before))) = (asked.next(), asked.next()) else {
        return Guess::default();
    };
    let gap = (mid(last.date) - mid(before.date)).num_days();
    let at = plus(mid(last.date), gap);
    Guess {
        kinds: vec![(last.kind_name(), 1.0)],
        detailed: Vec::new(),
        window: Some((
            plus(at, -SAME_GAP_HALF_WIDTH),
            plus(at, SAME_GAP_HALF_WIDTH),
        )),
        median: Some(at),
        level: None,
        learnt_from: 1,
    }
}

/// The rules alone: the first step of the question, certain; its window from its
/// earliest day (or the prediction's day) to its due day; its point the due day.
fn rules_guess(
    history: &History,
    events: &[(usize, &Event)],
    rules: &RuleSet,
    as_of: NaiveDate,
    question: Question,
) -> Guess {
    let mut known = history.clone();
    known.events = events.iter().map(|(_, e)| (*e).clone()).collect();
    let prediction = predict(&known, rules, as_of);
    let Some((first, kind)) = prediction
        .steps
        .iter()
        .find_map(|s| Some((s, s.kinds().find(|k| question.asks(*k))?)))
    else {
        return Guess::default();
    };
    Guess {
        kinds: vec![(kind, 1.0)],
        detailed: Vec::new(),
        window: first.due.map(|due| (first.earliest.unwrap_or(as_of), due)),
        median: first.due,
        level: None,
        learnt_from: 0,
    }
}

/// The point scores a predicate keeps.
fn subset(
    scored: &[(Era, OfstedState, PointScore)],
    keep: impl Fn(&(Era, OfstedState, PointScore)) -> bool,
) -> Vec<PointScore> {
    scored
        .iter()
        .filter(|x| keep(x))
        .map(|(_, _, x)| *x)
        .collect()
}

/// Scores every model on every point of the histories, per question, under both
/// protocols.
pub fn backtest(histories: &[History], rules: &RuleSet) -> Backtest {
    let corpus = Corpus::learn(histories);
    let sequences: Vec<Vec<(usize, &Event)>> = histories.iter().map(process_events).collect();
    let walks: Vec<_> = sequences.iter().map(|s| walk(s)).collect();
    let all = points(&sequences);
    let rare = |k: Kind| corpus.rarely_recorded(k);
    // The rules do not learn: one guess a point serves both protocols.
    let by_rules: Vec<Guess> = all
        .iter()
        .map(|p| {
            rules_guess(
                &histories[p.council],
                &sequences[p.council][..=p.at],
                rules,
                p.as_of,
                p.question,
            )
        })
        .collect();
    let mut runs = Vec::new();
    for question in Question::ALL {
        for protocol in [Protocol::LeaveOneCouncilOut, Protocol::TimeRespecting] {
            let mut scored: Vec<Vec<(Era, OfstedState, PointScore)>> =
                vec![Vec::new(); MODELS.len()];
            for (p, rules_said) in all
                .iter()
                .zip(&by_rules)
                .filter(|(p, _)| p.question == question)
            {
                let filter = match protocol {
                    Protocol::LeaveOneCouncilOut => Filter {
                        leave_out: Some(p.council),
                        before: None,
                    },
                    Protocol::TimeRespecting => Filter {
                        leave_out: None,
                        before: Some(p.as_of),
                    },
                };
                let events = &sequences[p.council][..=p.at];
                let states = &walks[p.council][..=p.at];
                let forecast = super::forecast::anchor_of(question, events, states).map_or_else(
                    Guess::default,
                    |(date, features)| {
                        learnt(
                            &corpus,
                            question,
                            &features,
                            mid(date),
                            p.as_of,
                            filter,
                            &rare,
                        )
                    },
                );
                let guesses = [
                    forecast,
                    rules_said.clone(),
                    frequency(&all, p, filter, true),
                    frequency(&all, p, filter, false),
                    same_gap(events, question),
                ];
                let era = Era::of(p.as_of);
                let stage = states
                    .last()
                    .map_or(OfstedState::NotInadequate, |s| s.0.ofsted);
                for (model, guess) in guesses.iter().enumerate() {
                    scored[model].push((era, stage, score(guess, p.kind, p.date, p.as_of)));
                }
            }
            let points = scored.first().map_or(0, Vec::len);
            let models = MODELS
                .iter()
                .zip(&scored)
                .map(|(name, s)| ModelScores {
                    model: (*name).to_owned(),
                    overall: total(&s.iter().map(|(_, _, x)| *x).collect::<Vec<_>>()),
                    by_era: Era::ALL
                        .iter()
                        .filter_map(|era| {
                            let in_era = subset(s, |(e, _, _)| e == era);
                            (!in_era.is_empty()).then(|| EraScores {
                                era: *era,
                                scores: total(&in_era),
                            })
                        })
                        .collect(),
                    by_state: OfstedState::iter()
                        .filter_map(|state| {
                            let in_state = subset(s, |(_, st, _)| *st == state);
                            (!in_state.is_empty()).then(|| StateScores {
                                state,
                                scores: total(&in_state),
                            })
                        })
                        .collect(),
                })
                .collect();
            runs.push(Run {
                question,
                protocol,
                points,
                models,
            });
        }
    }
    Backtest {
        level: 1.0 - ALPHA,
        histories: histories.len(),
        runs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn a_month_dated_event_half_inside_scores_half_coverage() {
        let guess = Guess {
            kinds: vec![(Kind::MonitoringVisit, 0.5), (Kind::Inspection, 0.5)],
            window: Some((day(2019, 6, 1), day(2019, 6, 15))),
            median: Some(day(2019, 6, 10)),
            ..Guess::default()
        };
        let june = PartialDate::month(2019, 6).unwrap_or(PartialDate::day(day(2019, 6, 1)));
        let s = score(&guess, Kind::MonitoringVisit, june, day(2019, 1, 1));
        assert!((s.coverage - 0.5).abs() < 1e-9, "{}", s.coverage);
        assert!((s.brier - 0.5).abs() < 1e-9, "{}", s.brier);
        assert!(s.top1);
    }
}
