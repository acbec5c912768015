//! The replay loop.

use chrono::NaiveDate;

use super::expectation::{AnchorText, Evidence, Expectation, Horizon};
use super::{CouncilReport, DateRange, EventRef, Finding, Verdict, replay_order};
use crate::machine::{Flagged, Machine};
use crate::model::{Event, EventKind, History, Kind, Scope};
use crate::rules::{Anchor, AnchorPoint, Deadline, Rule, RuleSet, Severity, Start, Trigger};

/// An expectation still open at the end of a replay: a step the process waits for.
#[derive(Debug, Clone)]
pub struct OpenStep<'r> {
    /// The rule that expects it.
    pub rule: &'r Rule,
    /// The event that started the clock (index in file order).
    pub trigger: usize,
    /// No later than (for `max`, `target`, and a window's upper end).
    pub due: Option<DateRange>,
    /// Not before (for `min` spans and a window's lower end).
    pub not_before: Option<DateRange>,
    /// The record's sources list the expected kind completely enough for the rule to
    /// call a step not recorded by its due day a miss; otherwise it may have happened
    /// unrecorded.
    pub shown: bool,
}

/// Where a replay of a whole history ends: the machine, and the steps still awaited.
#[derive(Debug, Clone)]
pub struct ReplayEnd<'r> {
    /// The machine after the last event.
    pub machine: Machine,
    /// Expectations still open, and the rules anchored on their deadlines.
    pub open: Vec<OpenStep<'r>>,
}

/// Replays a history and returns where it ends, for prediction.
pub fn replay<'r>(history: &'r History, rules: &'r RuleSet) -> ReplayEnd<'r> {
    let replay = run(
        history,
        rules,
        &replay_order(&history.events),
        Horizon {
            day: NaiveDate::MAX,
            record_end: None,
        },
    );
    let mut open: Vec<OpenStep<'r>> = Vec::new();
    for expectation in &replay.open {
        open.push(OpenStep {
            rule: expectation.rule,
            trigger: expectation.trigger,
            due: expectation.due(),
            not_before: expectation.not_before(),
            shown: expectation.evidence.shows(expectation.rule),
        });
        for child in replay.after(expectation, None) {
            open.push(OpenStep {
                rule: child.rule,
                trigger: child.trigger,
                due: child.due(),
                not_before: child.not_before(),
                shown: child.evidence.shows(child.rule),
            });
        }
    }
    ReplayEnd {
        machine: replay.machine,
        open,
    }
}

/// Replays the events of `history` in `order` (its replay order).
fn run<'a>(
    history: &'a History,
    rules: &'a RuleSet,
    order: &[usize],
    horizon: Horizon,
) -> Replay<'a> {
    let mut replay = Replay {
        history,
        rules,
        triggered_by: rules.rules.iter().map(trigger_kinds).collect(),
        horizon,
        machine: Machine::new(),
        open: Vec::new(),
        findings: Vec::new(),
        ceased: false,
    };
    for (position, &index) in order.iter().enumerate() {
        replay.event(&order[position + 1..], index);
    }
    replay
}

/// Checks one council's history against a rule set, as of a day (for `missing`). Clocks
/// stop at the end of the record (`recorded_until`) where it ends before that day.
///
/// The history is taken as it stood on `as_of`: later events are not yet known, as in
/// `next` and `report`, so every command means the same by "as of".
pub fn check(history: &History, rules: &RuleSet, as_of: NaiveDate) -> CouncilReport {
    let known = history.known_by(as_of);
    let history: &History = &known;
    let order = replay_order(&history.events);
    let mut findings = input_order_findings(&history.events);
    let day = history.as_of(as_of);
    let horizon = Horizon {
        day,
        record_end: history.recorded_until.filter(|_| day < as_of),
    };
    let mut replay = run(history, rules, &order, horizon);
    replay.finish();
    // Findings point at their first event; report them in replay order of that event.
    let rank = |f: &Finding| {
        f.events
            .first()
            .and_then(|e| order.iter().position(|&i| i == e.index))
    };
    let mut process = replay.findings;
    process.sort_by_key(|f| (rank(f), f.rule.clone()));
    findings.extend(process);
    CouncilReport {
        council: history.council.clone(),
        file: history.file.clone(),
        findings,
    }
}

/// A later-listed event that is certainly earlier than one before it.
fn input_order_findings(events: &[Event]) -> Vec<Finding> {
    let mut latest: Option<usize> = None;
    let mut findings = Vec::new();
    for (index, event) in events.iter().enumerate() {
        match latest {
            Some(before) if event.date.certainly_before(&events[before].date) => findings.push(Finding {
                rule: "input.order".into(),
                severity: Severity::Warning,
                verdict: Verdict::Irregular,
                basis: None,
                message: format!(
                    "event dated {} is listed after one dated {}: events are listed oldest first (replayed in date order)",
                    event.date, events[before].date
                ),
                source: "the history format: events are listed oldest first (docs/history-format.md, Dates)".into(),
                due: None,
                days_late: None,
                events: vec![EventRef::new(index, event), EventRef::new(before, &events[before])],
            }),
            Some(before) if events[before].date.first() >= event.date.first() => {}
            _ => latest = Some(index),
        }
    }
    findings
}

struct Replay<'a> {
    history: &'a History,
    rules: &'a RuleSet,
    /// Per rule, the event kinds that can trigger it, one bit a kind: most events
    /// trigger none of the thirty-odd rules, and this says so without matching each.
    triggered_by: Vec<u32>,
    horizon: Horizon,
    machine: Machine,
    open: Vec<Expectation<'a>>,
    findings: Vec<Finding>,
    /// The council was reorganised out of existence: its clocks have stopped.
    ceased: bool,
}

impl<'a> Replay<'a> {
    fn event_ref(&self, index: usize) -> EventRef {
        EventRef::new(index, &self.history.events[index])
    }

    fn event(&mut self, rest: &[usize], index: usize) {
        let event = &self.history.events[index];
        let social_care = event.scope == Scope::ChildrensSocialCare;
        if social_care {
            self.meet(index, event);
        }
        let flagged = self.machine.step(index, event);
        self.flag(flagged);
        if social_care && !self.ceased {
            self.lapse(index, event);
            if matches!(&event.kind, EventKind::Reorganised { into, .. } if !into.is_empty()) {
                // The council has ceased: every clock stops here, missing if overdue.
                self.cease(index, event);
            } else {
                self.open_triggered(rest, index, event);
            }
        }
    }

    /// Ends every open expectation at the event that ended the council.
    fn cease(&mut self, index: usize, event: &Event) {
        self.ceased = true;
        for expectation in std::mem::take(&mut self.open) {
            let trigger = self.event_ref(expectation.trigger);
            self.findings.extend(
                expectation
                    .unmet(trigger, Some((index, event)), self.horizon)
                    .finding,
            );
        }
    }

    /// Expectations the event meets (or shows met), closed; their `after` rules opened.
    fn meet(&mut self, index: usize, event: &Event) {
        let mut i = 0;
        while i < self.open.len() {
            let expectation = &mut self.open[i];
            if let Deadline::Count { of, .. } = expectation.rule.deadline
                && event.kind_name() == of
            {
                expectation.counted += 1;
            }
            let met = expectation.rule.expect.iter().any(|m| m.matches(event));
            let implied = expectation.rule.implied_by.contains(&event.kind_name());
            let ended = expectation.rule.ended_by.iter().any(|m| m.matches(event));
            if ended && !met {
                // The process moved on (a re-inspection): the wait ends without a verdict.
                self.open.remove(i);
                continue;
            }
            if met || implied {
                let expectation = self.open.remove(i);
                let trigger = self.event_ref(expectation.trigger);
                if met {
                    self.findings
                        .extend(expectation.fulfilled(trigger, index, event).finding);
                }
                let fulfilment = met.then_some(DateRange::from(event.date));
                self.open_after(&expectation, fulfilment);
            } else {
                i += 1;
            }
        }
    }

    /// Expectations whose states the machine has left: missing if already overdue.
    fn lapse(&mut self, index: usize, event: &Event) {
        let state = self.machine.state();
        let mut i = 0;
        while i < self.open.len() {
            if self.open[i]
                .rule
                .while_in
                .as_ref()
                .is_some_and(|s| !s.contains(state))
            {
                let expectation = self.open.remove(i);
                let trigger = self.event_ref(expectation.trigger);
                self.findings.extend(
                    expectation
                        .unmet(trigger, Some((index, event)), self.horizon)
                        .finding,
                );
                self.open_after(&expectation, None);
            } else {
                i += 1;
            }
        }
    }

    fn flag(&mut self, flagged: Vec<Flagged>) {
        for Flagged { event, violation } in flagged {
            let at = &self.history.events[event];
            let Some(rule) = self.rules.transition(violation.name()) else {
                continue;
            };
            if !(rule.in_force.contains(at.date.first()) && rule.in_force.contains(at.date.last()))
            {
                continue;
            }
            let mut events = vec![self.event_ref(event)];
            events.extend(violation.related_event().map(|i| self.event_ref(i)));
            self.findings.push(Finding {
                rule: rule.id.clone(),
                severity: rule.severity.max(rule.basis.max_severity()),
                verdict: Verdict::Irregular,
                basis: Some(rule.basis),
                message: violation.message().to_owned(),
                source: rule.source.clone(),
                due: None,
                days_late: None,
                events,
            });
        }
    }

    fn open_triggered(&mut self, rest: &[usize], index: usize, event: &Event) {
        let state = self.machine.state();
        let date = DateRange::from(event.date);
        let kind = kind_bit(event.kind_name());
        for (rule, kinds) in self.rules.rules.iter().zip(&self.triggered_by) {
            let Start::Trigger(trigger) = &rule.start else {
                continue;
            };
            // Cheapest first: most rules are not triggered by most events.
            if kinds & kind == 0
                || !trigger.events.iter().any(|m| m.matches(event))
                || !in_force(rule, date)
                || trigger.when.as_ref().is_some_and(|s| !s.contains(state))
                || !stands_in(rule, state)
                || (trigger.condition.is_some() && !self.machine.persistent_or_systemic())
            {
                continue;
            }
            // A rule waits on one clock at a time. A new trigger either restarts it (a
            // second inadequate judgement starts a new action-plan cycle: the old
            // expectation ends here, missing if already overdue, and its anchored rules
            // never open) or is ignored, so lateness counts from the first trigger.
            if let Some(at) = self.open.iter().position(|o| o.rule.id == rule.id) {
                if !trigger.restart {
                    continue;
                }
                let old = self.open.remove(at);
                let old_trigger = self.event_ref(old.trigger);
                self.findings.extend(
                    old.unmet(old_trigger, Some((index, event)), self.horizon)
                        .finding,
                );
            }
            let Some((anchor, anchor_text)) = self.clock_start(trigger, rest, index, event) else {
                continue;
            };
            let expectation = Expectation::new(
                rule,
                index,
                anchor,
                anchor_text,
                self.evidence(rule),
                &self.rules.calendar,
            );
            if rule.expect_publication {
                // The expected event is the trigger's own publication: judged now.
                if let Some(published) = event.published {
                    let publication = Event {
                        date: published,
                        ..event.clone()
                    };
                    let trigger = self.event_ref(index);
                    self.findings
                        .extend(expectation.fulfilled(trigger, index, &publication).finding);
                }
                continue;
            }
            self.open.push(expectation);
        }
    }

    /// What the record can show of `rule`'s expected events: the least coverage of the
    /// kinds it expects, and the last day a replaced rule judges.
    fn evidence(&self, rule: &Rule) -> Evidence {
        // A count of events is shown by the record of the kind counted.
        let counted = match rule.deadline {
            Deadline::Count { of, .. } => Some(of),
            _ => None,
        };
        let kinds = counted.into_iter().chain(
            rule.expect
                .iter()
                .map(|m| m.kind)
                .filter(|_| counted.is_none()),
        );
        let (kind, coverage) = kinds
            .map(|kind| (kind, self.history.coverage.of(kind)))
            .min_by_key(|(_, level)| *level)
            .unwrap_or((Kind::Inspection, self.history.coverage.of(Kind::Inspection)));
        let judges_until = rule.replaced_by.as_ref().and_then(|id| {
            self.rules
                .rules
                .iter()
                .filter(|r| &r.id == id)
                .map(|r| r.in_force.from)
                .min()
        });
        Evidence {
            coverage,
            kind,
            judges_until,
        }
    }

    /// Where a triggered rule's clock starts, or `None` when it needs a recorded event
    /// to start from and the history has none.
    fn clock_start(
        &self,
        trigger: &Trigger,
        rest: &[usize],
        index: usize,
        event: &Event,
    ) -> Option<(DateRange, AnchorText<'a>)> {
        let described = |e: &Event| AnchorText::Event {
            kind: e.kind_name(),
            date: e.date,
        };
        // The clock-starting event belongs to this trigger only until the next one.
        let received = trigger.clock_from.and_then(|kind| {
            rest.iter()
                .map(|&i| &self.history.events[i])
                .take_while(|e| !trigger.events.iter().any(|m| m.matches(e)))
                .find(|e| e.kind_name() == kind)
        });
        Some(match (trigger.clock_from, received) {
            (_, Some(received)) => (DateRange::from(received.date), described(received)),
            (Some(_), None) if trigger.needs_clock_from => return None,
            // Version 2 dates an Ofsted event by its fieldwork: the report was received
            // some day between the end of fieldwork and publication.
            (Some(Kind::ReportReceived), None)
                if self.history.version >= 2 && event.kind_name().is_ofsted_visit() =>
            {
                let range = DateRange {
                    first: event.fieldwork_last(),
                    last: event.published.map_or(NaiveDate::MAX, |p| p.last()),
                };
                (
                    range,
                    AnchorText::Receipt {
                        kind: event.kind_name(),
                        range,
                    },
                )
            }
            (Some(unrecorded), None) => {
                let trigger = &self.history.events[index];
                (
                    DateRange::from(event.date),
                    AnchorText::Trigger {
                        kind: trigger.kind_name(),
                        date: trigger.date,
                        unrecorded,
                    },
                )
            }
            (None, None) => (DateRange::from(event.date), described(event)),
        })
    }

    /// The expectations of the rules anchored on `parent`'s rule, now that its point
    /// (its fulfilment, or else its deadline) is known.
    fn after(
        &self,
        parent: &Expectation<'a>,
        fulfilment: Option<DateRange>,
    ) -> Vec<Expectation<'a>> {
        let Some(deadline) = parent.due() else {
            return Vec::new();
        };
        let trigger_date = DateRange::from(self.history.events[parent.trigger].date);
        let mut children = Vec::new();
        for rule in &self.rules.rules {
            let Start::After(Anchor {
                rule: anchor_rule,
                at,
            }) = &rule.start
            else {
                continue;
            };
            if *anchor_rule != parent.rule.id
                || !in_force(rule, trigger_date)
                || !stands_in(rule, self.machine.state())
            {
                continue;
            }
            let (anchor, anchor_text) = match (at, fulfilment) {
                (AnchorPoint::FulfilmentOrDeadline, Some(done)) => {
                    (done, AnchorText::Recorded(parent.rule))
                }
                _ => (deadline, AnchorText::Deadline(parent.rule, deadline)),
            };
            let child = Expectation::new(
                rule,
                parent.trigger,
                anchor,
                anchor_text,
                self.evidence(rule),
                &self.rules.calendar,
            );
            children.push(child);
        }
        children
    }

    /// Opens the rules anchored on `parent`'s rule.
    fn open_after(&mut self, parent: &Expectation<'a>, fulfilment: Option<DateRange>) {
        let children = self.after(parent, fulfilment);
        self.open.extend(children);
    }

    fn finish(&mut self) {
        let flagged = self.machine.finish();
        self.flag(flagged);
        while !self.open.is_empty() {
            let expectation = self.open.remove(0);
            let trigger = self.event_ref(expectation.trigger);
            self.findings
                .extend(expectation.unmet(trigger, None, self.horizon).finding);
            self.open_after(&expectation, None);
        }
    }
}

/// An expectation opens only in a state where it stands (its `while`).
/// An event kind as one bit of a `u32` (there are fewer than 32 kinds).
fn kind_bit(kind: crate::model::Kind) -> u32 {
    1u32.checked_shl(kind as u32).unwrap_or(0)
}

/// The kinds of event that can trigger a rule, one bit a kind; none for `after` rules.
fn trigger_kinds(rule: &Rule) -> u32 {
    match &rule.start {
        Start::Trigger(trigger) => trigger
            .events
            .iter()
            .fold(0, |kinds, m| kinds | kind_bit(m.kind)),
        Start::After(_) => 0,
    }
}

fn stands_in(rule: &Rule, state: crate::machine::State) -> bool {
    rule.while_in.as_ref().is_none_or(|s| s.contains(state))
}

/// A rule judges a trigger only when the trigger's whole date range lies in force.
fn in_force(rule: &Rule, date: DateRange) -> bool {
    rule.in_force.contains(date.first) && rule.in_force.contains(date.last)
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;
    use crate::model::Kind;

    #[test]
    fn every_kind_has_a_bit_of_its_own() {
        let bits: Vec<u32> = Kind::iter().map(kind_bit).collect();
        assert!(bits.iter().all(|&bit| bit.count_ones() == 1), "{bits:?}");
        let all = bits.iter().fold(0, |all, bit| all | bit);
        assert_eq!(all.count_ones() as usize, bits.len());
    }

    #[test]
    fn a_rule_is_triggered_by_the_kinds_it_names() {
        let rules = RuleSet::bundled().unwrap_or_else(|e| panic!("{e:?}"));
        for rule in &rules.rules {
            let kinds = trigger_kinds(rule);
            match &rule.start {
                Start::Trigger(trigger) => {
                    for kind in Kind::iter() {
                        let named = trigger.events.iter().any(|m| m.kind == kind);
                        assert_eq!(kinds & kind_bit(kind) != 0, named, "{} {kind}", rule.id);
                    }
                }
                Start::After(_) => assert_eq!(kinds, 0, "{}", rule.id),
            }
        }
    }
}
