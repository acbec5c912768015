//! Faults put into a generated history on purpose, each with the finding a correct
//! checker must give for it: the answer key `intervene synth` writes beside its output,
//! so a checker's verdicts can be scored.

use chrono::{Days, NaiveDate};
use rand::Rng;
use serde::Serialize;

use super::Generated;
use crate::checker::{Verdict, replay};
use crate::model::{History, Kind, PartialDate};
use crate::rules::{Basis, RuleSet};

/// How a history was broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// An event a rule expects was left out (with everything after it).
    Dropped,
    /// An event a rule expects was moved past its deadline (and the history ends there).
    Late,
}

impl FaultKind {
    /// The verdict a checker must give the broken rule, of the given basis, in a
    /// generated history (whose record lists every event, so an absence is shown): a
    /// breach of a written rule, or for a practice rule an unusual history.
    pub fn verdict(self, basis: Basis) -> Verdict {
        match (self, basis) {
            (_, Basis::Practice) => Verdict::Unusual,
            (Self::Dropped | Self::Late, _) => Verdict::Breach,
        }
    }
}

/// One injected fault and the finding it must raise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fault {
    /// How the history was broken.
    pub kind: FaultKind,
    /// The rule whose promise was broken: its finding is the expected answer.
    pub rule: String,
    /// The verdict that rule must give.
    pub verdict: Verdict,
    /// The kind of the event dropped or moved.
    pub event: Kind,
    /// The day the event was moved to (`Late` only).
    pub moved_to: Option<NaiveDate>,
}

/// A broken history: checked as of `as_of`, it must raise the fault's finding.
#[derive(Debug, Clone)]
pub struct Broken {
    /// The history with the fault in it.
    pub history: History,
    /// The day to check it as of.
    pub as_of: NaiveDate,
    /// What was broken.
    pub fault: Fault,
}

/// Breaks one promise of a generated history, chosen by `rng`, or `None` when the
/// history keeps no promise with a deadline (nothing to break).
///
/// The history is cut just after the broken event, so no later event can change what the
/// rule says about it.
pub fn inject(g: &Generated, rules: &RuleSet, rng: &mut impl Rng) -> Option<Broken> {
    // A promise can be broken where its clock is still running just before the event: its
    // deadline is the one the replay holds then (some clocks run from another deadline,
    // such as the first monitoring visit's from the action plan's).
    let candidates: Vec<(usize, &str, NaiveDate)> = g
        .meets
        .iter()
        .enumerate()
        .filter_map(|(at, promise)| {
            let promise = promise.as_ref()?;
            let mut before = g.history.clone();
            before.events.truncate(at);
            let end = replay(&before, rules);
            let open = end
                .open
                .iter()
                .find(|o| o.rule.id == promise.rule && o.trigger == promise.trigger)?;
            Some((at, promise.rule.as_str(), open.due?.last))
        })
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let (at, rule, due) = candidates[rng.random_range(0..candidates.len())];
    let kind = if rng.random_bool(0.5) {
        FaultKind::Dropped
    } else {
        FaultKind::Late
    };
    let mut history = g.history.clone();
    let event = history.events[at].kind_name();
    let late = due
        .checked_add_days(Days::new(rng.random_range(1..=60)))
        .unwrap_or(NaiveDate::MAX);
    let (as_of, moved_to) = match kind {
        FaultKind::Dropped => {
            history.events.truncate(at);
            (late, None)
        }
        FaultKind::Late => {
            history.events.truncate(at + 1);
            history.events[at].date = PartialDate::day(late);
            (late, Some(late))
        }
    };
    Some(Broken {
        history,
        as_of,
        fault: Fault {
            kind,
            rule: rule.to_owned(),
            verdict: kind.verdict(
                rules
                    .rules
                    .iter()
                    .find(|r| r.id == rule)
                    .map_or(Basis::Guidance, |r| r.basis),
            ),
            event,
            moved_to,
        },
    })
}
