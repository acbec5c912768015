//! How good are the predictions? Replay real histories event by event, predict each next
//! event from the ones before it, and score against a simple baseline.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::predict;
use crate::checker::replay_order;
use crate::model::{Event, History, Kind, Scope};
use crate::rules::RuleSet;

/// The scores of one predictor over all councils.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestRow {
    /// `predictor` or `baseline`.
    pub model: String,
    /// Events predicted.
    pub predictions: usize,
    /// Share whose kind was the first step predicted.
    pub top1: f64,
    /// Share whose kind was among the first three.
    pub top3: f64,
    /// Events whose kind had a predicted step with a window (a due date).
    pub windows: usize,
    /// Share of those whose date fell inside the predicted window.
    pub in_window: f64,
    /// Median of |due − actual date| in days, over those with a due date.
    pub median_error_days: Option<f64>,
}

/// The predictor's row and the baseline's, over the same events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    /// The rule-based predictor.
    pub predictor: BacktestRow,
    /// Most frequent next kind after the previous kind, learned from the other councils,
    /// due after the median observed gap.
    pub baseline: BacktestRow,
}

/// One guess: kinds ranked, each with an optional window.
struct Guess {
    ranked: Vec<(Kind, Option<NaiveDate>, Option<NaiveDate>)>,
}

#[derive(Default)]
struct Tally {
    predictions: usize,
    top1: usize,
    top3: usize,
    windows: usize,
    in_window: usize,
    errors: Vec<i64>,
}

impl Tally {
    fn score(&mut self, guess: &Guess, actual: &Event, lower_default: NaiveDate) {
        let kind = actual.kind_name();
        self.predictions += 1;
        let position = guess.ranked.iter().position(|(k, _, _)| *k == kind);
        self.top1 += usize::from(position == Some(0));
        self.top3 += usize::from(position.is_some_and(|p| p < 3));
        if let Some((_, earliest, Some(due))) = position.map(|p| &guess.ranked[p]) {
            self.windows += 1;
            let lower = earliest.unwrap_or(lower_default);
            self.in_window +=
                usize::from(actual.date.first() >= lower && actual.date.last() <= *due);
            let mid = actual.date.first() + (actual.date.last() - actual.date.first()) / 2;
            self.errors.push((*due - mid).num_days().abs());
        }
    }

    fn row(mut self, model: &str) -> BacktestRow {
        let share = |n: usize, of: usize| if of == 0 { 0.0 } else { n as f64 / of as f64 };
        self.errors.sort_unstable();
        let median = match self.errors.len() {
            0 => None,
            n if n % 2 == 1 => Some(self.errors[n / 2] as f64),
            n => Some((self.errors[n / 2 - 1] + self.errors[n / 2]) as f64 / 2.0),
        };
        BacktestRow {
            model: model.to_owned(),
            predictions: self.predictions,
            top1: share(self.top1, self.predictions),
            top3: share(self.top3, self.predictions),
            windows: self.windows,
            in_window: share(self.in_window, self.windows),
            median_error_days: median,
        }
    }
}

/// The process events of a history (not notes, not SEND), in replay order.
fn process_events(history: &History) -> Vec<&Event> {
    replay_order(&history.events)
        .into_iter()
        .map(|i| &history.events[i])
        .filter(|e| e.kind_name() != Kind::Note && e.scope == Scope::ChildrensSocialCare)
        .collect()
}

/// What the baseline learns: next-kind counts and gaps (days) after each kind.
#[derive(Default, Clone)]
struct Pairs {
    next: HashMap<Kind, HashMap<Kind, usize>>,
    gaps: HashMap<(Kind, Kind), Vec<i64>>,
}

impl Pairs {
    fn learn(&mut self, events: &[&Event], sign: i64) {
        for pair in events.windows(2) {
            let (a, b) = (pair[0].kind_name(), pair[1].kind_name());
            let count = self.next.entry(a).or_default().entry(b).or_default();
            *count = (*count as i64 + sign).max(0) as usize;
            let gap = (pair[1].date.first() - pair[0].date.first()).num_days();
            let gaps = self.gaps.entry((a, b)).or_default();
            if sign > 0 {
                gaps.push(gap);
            } else if let Some(at) = gaps.iter().position(|g| *g == gap) {
                gaps.swap_remove(at);
            }
        }
    }

    fn guess(&self, previous: &Event) -> Guess {
        let mut kinds: Vec<(Kind, usize)> = self
            .next
            .get(&previous.kind_name())
            .map(|m| {
                m.iter()
                    .filter(|(_, n)| **n > 0)
                    .map(|(k, n)| (*k, *n))
                    .collect()
            })
            .unwrap_or_default();
        kinds.sort_by_key(|(k, n)| (std::cmp::Reverse(*n), *k));
        let ranked = kinds
            .into_iter()
            .map(|(kind, _)| {
                let mut gaps = self
                    .gaps
                    .get(&(previous.kind_name(), kind))
                    .cloned()
                    .unwrap_or_default();
                gaps.sort_unstable();
                let due = gaps
                    .get(gaps.len() / 2)
                    .map(|g| previous.date.first() + chrono::Days::new((*g).max(0) as u64));
                (kind, None, due)
            })
            .collect();
        Guess { ranked }
    }
}

/// Scores the predictor and the leave-one-council-out baseline over every process event
/// after the first of every history.
pub fn backtest(histories: &[History], rules: &RuleSet) -> Backtest {
    let sequences: Vec<Vec<&Event>> = histories.iter().map(process_events).collect();
    let mut all = Pairs::default();
    for events in &sequences {
        all.learn(events, 1);
    }
    let mut predictor = Tally::default();
    let mut baseline = Tally::default();
    for (history, events) in histories.iter().zip(&sequences) {
        let mut others = all.clone();
        others.learn(events, -1);
        for k in 1..events.len() {
            let previous = events[k - 1];
            let mut before = history.clone();
            before.events = events[..k].iter().map(|e| (*e).clone()).collect();
            let prediction = predict(&before, rules, previous.date.last());
            let mut ranked: Vec<(Kind, Option<NaiveDate>, Option<NaiveDate>)> = Vec::new();
            for s in &prediction.steps {
                if !ranked.iter().any(|(k, _, _)| *k == s.kind) {
                    ranked.push((s.kind, s.earliest, s.due));
                }
            }
            let guess = Guess { ranked };
            predictor.score(&guess, events[k], previous.date.first());
            baseline.score(&others.guess(previous), events[k], previous.date.first());
        }
    }
    Backtest {
        predictor: predictor.row("predictor"),
        baseline: baseline.row("baseline"),
    }
}
