//! One event at a time: the transition function of both tracks.

use chrono::Months;

use super::{DfeState, OfstedState, State, Violation};
use crate::model::{
    Action, CommissionerRecommendation, Event, EventKind, Judgement, PartialDate, Requirement,
    Scope, TransferArrangement,
};

/// A violation found at an event (its index in file order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flagged {
    /// The event that does not fit.
    pub event: usize,
    /// What is wrong.
    pub violation: Violation,
}

/// A council's position in the process, with what the process remembers beyond the state
/// pair: which instruments are open, and the facts later steps depend on.
#[derive(Debug, Clone, Default)]
pub struct Machine {
    state: State,
    ofsted_since: Option<PartialDate>,
    dfe_since: Option<PartialDate>,
    /// Inadequate judgements so far: (index, date).
    inadequate: Vec<(usize, PartialDate)>,
    /// The latest inadequate judgement, when it was a repeat within five years.
    persistent_judgement: Option<usize>,
    /// The latest inadequate judgement was inadequate on every key judgement, or the DfE
    /// has since found persistent or systemic failure.
    systemic: bool,
    /// A direction issued since the latest inadequate judgement.
    direction_since_judgement: bool,
    notice_open: bool,
    direction_open: bool,
    transferred: bool,
    direction_or_commissioner_seen: bool,
    alternative_delivery_recommended: bool,
    /// A JTAI or failure finding since the last graded judgement: a basis for intervention.
    other_basis: bool,
    /// Formed from other councils: its first state is theirs, which this history lacks.
    inherited: bool,
    /// A lift or revocation while inadequate, waiting for a replacement that month.
    pending_lift: Option<(usize, PartialDate)>,
    /// The event that reorganised the council out of existence.
    dissolved: Option<(usize, PartialDate)>,
    monitoring_visits: usize,
}

impl Machine {
    /// A council before its first event: not inadequate, no intervention.
    pub fn new() -> Self {
        Self::default()
    }

    /// A council already in `state`, with the open instruments that state implies. For
    /// drawing the machine and for tests that start mid-process.
    pub fn in_state(state: State) -> Self {
        Self {
            state,
            notice_open: state.dfe == DfeState::ImprovementNotice,
            direction_open: state.dfe.is_direction() || state.dfe == DfeState::ServicesTransferred,
            transferred: state.dfe == DfeState::ServicesTransferred,
            direction_or_commissioner_seen: state.dfe.is_direction()
                || state.dfe == DfeState::ServicesTransferred,
            alternative_delivery_recommended: state.dfe == DfeState::DirectionAlternativeDelivery,
            ..Self::default()
        }
    }

    /// The current state pair.
    pub fn state(&self) -> State {
        self.state
    }

    /// When each track entered its current state (`None` if it never moved).
    pub fn since(&self) -> (Option<PartialDate>, Option<PartialDate>) {
        (self.ofsted_since, self.dfe_since)
    }

    /// Monitoring visits since the last inadequate judgement.
    pub fn monitoring_visits(&self) -> usize {
        self.monitoring_visits
    }

    /// The latest inadequate judgement is persistent or systemic failure, or the DfE found
    /// such failure since.
    pub fn persistent_or_systemic(&self) -> bool {
        self.persistent_judgement.is_some() || self.systemic
    }

    /// Applies one event (its index in file order) and returns what did not fit.
    pub fn step(&mut self, index: usize, event: &Event) -> Vec<Flagged> {
        let mut flagged = Vec::new();
        let mut flag = |event: usize, violation| flagged.push(Flagged { event, violation });
        if let Some((lifted, date)) = self.pending_lift {
            let replaces = matches!(
                event.kind,
                EventKind::ImprovementNotice {
                    action: Action::Issued,
                    ..
                } | EventKind::Direction {
                    action: Action::Issued,
                    ..
                }
            );
            if replaces && event.date.overlaps(&month_of(date)) {
                self.pending_lift = None;
            } else if month_of(date).certainly_before(&event.date) {
                flag(lifted, Violation::LiftedWhileInadequate);
                self.pending_lift = None;
            }
        }
        if event.scope == Scope::Send {
            return flagged;
        }
        if let Some((reorganised, date)) = self.dissolved
            && date.certainly_before(&event.date)
            && !matches!(event.kind, EventKind::Note { .. })
        {
            flag(index, Violation::EventAfterReorganisation { reorganised });
        }
        let before = self.state;
        if let Some(violation) = self.apply(index, event) {
            flag(index, violation);
        }
        if self.state.ofsted != before.ofsted {
            self.ofsted_since = Some(event.date);
        }
        if self.state.dfe != before.dfe {
            self.dfe_since = Some(event.date);
        }
        flagged
    }

    /// Closes the replay: a lift still waiting for its replacement never got one.
    pub fn finish(&mut self) -> Vec<Flagged> {
        self.pending_lift
            .take()
            .map(|(event, _)| Flagged {
                event,
                violation: Violation::LiftedWhileInadequate,
            })
            .into_iter()
            .collect()
    }

    fn apply(&mut self, index: usize, event: &Event) -> Option<Violation> {
        let ofsted = self.state.ofsted;
        match &event.kind {
            EventKind::Inspection {
                judgement,
                all_judgements_inadequate,
                ..
            } => {
                self.inherited = false;
                self.other_basis = false;
                if *judgement == Judgement::Inadequate {
                    self.judged_inadequate(index, event.date, *all_judgements_inadequate);
                } else if *judgement == Judgement::NotGiven {
                    // No overall grade (from April 2026): the record cannot say whether the
                    // council is still inadequate, so its Ofsted state stands.
                } else {
                    self.state.ofsted = OfstedState::NotInadequate;
                    if self.state.dfe == DfeState::AwaitingDecision {
                        self.state.dfe = DfeState::None;
                    }
                }
                None
            }
            EventKind::FocusedVisit {
                treated_as_inadequate: true,
                ..
            } => {
                // "To be treated as inadequate" (Northamptonshire 2018): as a judgement.
                self.inherited = false;
                self.judged_inadequate(index, event.date, false);
                None
            }
            EventKind::FocusedVisit {
                priority_actions, ..
            }
            | EventKind::Jtai { priority_actions } => {
                if matches!(event.kind, EventKind::Jtai { .. }) {
                    self.other_basis = true;
                }
                match (ofsted, priority_actions) {
                    (OfstedState::NotInadequate, true) => {
                        self.state.ofsted = OfstedState::PriorityActions
                    }
                    (OfstedState::PriorityActions, false)
                        if matches!(event.kind, EventKind::FocusedVisit { .. }) =>
                    {
                        self.state.ofsted = OfstedState::NotInadequate
                    }
                    _ => {}
                }
                None
            }
            EventKind::ActionPlan { stage } => {
                if ofsted == OfstedState::AwaitingActionPlan
                    && *stage == crate::model::PlanStage::Final
                {
                    self.state.ofsted = OfstedState::Monitoring;
                }
                None
            }
            EventKind::MonitoringVisit => {
                if ofsted.is_inadequate() {
                    self.state.ofsted = OfstedState::Monitoring;
                    self.monitoring_visits += 1;
                    None
                } else if self.inherited {
                    None
                } else {
                    Some(Violation::MonitoringWithoutInadequate)
                }
            }
            EventKind::ImprovementNotice { action, .. } => self.notice(index, event.date, *action),
            EventKind::Direction {
                action,
                commissioner,
                requires,
            } => self.direction(
                index,
                event.date,
                *action,
                commissioner.is_some(),
                *requires,
            ),
            EventKind::FailureFinding {
                persistent,
                systemic,
            } => {
                if *persistent || *systemic {
                    self.systemic = true;
                    self.other_basis = true;
                }
                None
            }
            EventKind::CommissionerAppointed { .. } => {
                self.direction_or_commissioner_seen = true;
                if self.state.dfe != DfeState::ServicesTransferred {
                    self.state.dfe = DfeState::DirectionCommissioner;
                }
                None
            }
            EventKind::CommissionerReport { recommendation, .. } => {
                let seen = self.direction_or_commissioner_seen;
                if self.state.dfe != DfeState::ServicesTransferred {
                    self.state.dfe = match recommendation {
                        CommissionerRecommendation::Retain => DfeState::DirectionImprovement,
                        CommissionerRecommendation::AlternativeDelivery => {
                            self.alternative_delivery_recommended = true;
                            DfeState::DirectionAlternativeDelivery
                        }
                        CommissionerRecommendation::ReviewAgain
                        | CommissionerRecommendation::NotStated => DfeState::DirectionCommissioner,
                    };
                }
                (!seen).then_some(Violation::CommissionerReportWithoutDirection)
            }
            EventKind::ServicesTransferred { arrangement, .. } => {
                let unrecommended = *arrangement == TransferArrangement::Imposed
                    && !self.alternative_delivery_recommended;
                self.transferred = true;
                self.state.dfe = DfeState::ServicesTransferred;
                unrecommended.then_some(Violation::ImposedWithoutRecommendation)
            }
            EventKind::ServicesReturned => {
                let was = self.transferred;
                self.transferred = false;
                self.state.dfe = self.resting_dfe_state();
                (!was).then_some(Violation::ReturnWithoutTransfer)
            }
            EventKind::Reorganised { into, from } => {
                if !into.is_empty() {
                    self.dissolved = Some((index, event.date));
                }
                if !from.is_empty() {
                    self.inherited = true;
                }
                None
            }
            EventKind::ReportReceived
            | EventKind::OwnershipChanged { .. }
            | EventKind::SendInspection { .. }
            | EventKind::AdviserAppointed { .. }
            | EventKind::ImprovementBoard { .. }
            | EventKind::DiagnosticReview
            | EventKind::ProgressReview { .. }
            | EventKind::Note { .. } => None,
        }
    }

    fn judged_inadequate(&mut self, index: usize, date: PartialDate, systemic: bool) {
        // Persistent failure: inadequate more than once within five years. Only a certain
        // repeat counts; partial dates that might be further apart do not.
        let repeat = self.inadequate.iter().rev().find(|(_, earlier)| {
            earlier
                .first()
                .checked_add_months(Months::new(60))
                .is_some_and(|limit| date.last() <= limit)
        });
        self.persistent_judgement = repeat.map(|_| index);
        self.systemic = systemic;
        self.inadequate.push((index, date));
        self.direction_since_judgement = false;
        self.monitoring_visits = 0;
        self.state.ofsted = OfstedState::AwaitingActionPlan;
        if self.state.dfe == DfeState::None {
            self.state.dfe = DfeState::AwaitingDecision;
        }
    }

    fn has_basis(&self) -> bool {
        self.state.ofsted != OfstedState::NotInadequate
            || self.state.dfe != DfeState::None
            || self.other_basis
            || self.inherited
    }

    fn notice(&mut self, index: usize, date: PartialDate, action: Action) -> Option<Violation> {
        match action {
            Action::Issued => {
                let violation = if !self.has_basis() {
                    Some(Violation::InterventionWithoutBasis)
                } else {
                    self.persistent_judgement
                        .filter(|_| !self.direction_since_judgement)
                        .map(|judgement| Violation::PersistentFailureNotice { judgement })
                };
                self.notice_open = true;
                if !self.transferred {
                    self.state.dfe = DfeState::ImprovementNotice;
                }
                violation
            }
            Action::Revised => None,
            Action::Lifted | Action::Revoked if self.notice_open => {
                self.notice_open = false;
                self.ended_while_inadequate(index, date);
                self.state.dfe = self.resting_dfe_state();
                None
            }
            // Lifting a notice the record never issued changes nothing.
            Action::Lifted | Action::Revoked => None,
        }
    }

    fn direction(
        &mut self,
        index: usize,
        date: PartialDate,
        action: Action,
        names_commissioner: bool,
        requires: Option<Requirement>,
    ) -> Option<Violation> {
        let target = match (requires, names_commissioner) {
            (Some(Requirement::Commissioner), _) | (None, true) => {
                Some(DfeState::DirectionCommissioner)
            }
            (Some(Requirement::Trust | Requirement::Partnership), _) => {
                Some(DfeState::DirectionAlternativeDelivery)
            }
            (Some(Requirement::Cooperate | Requirement::Adviser), _) => {
                Some(DfeState::DirectionImprovement)
            }
            (None, false) => None,
        };
        match action {
            Action::Issued => {
                let violation = (!self.has_basis()).then_some(Violation::InterventionWithoutBasis);
                self.direction_open = true;
                self.direction_or_commissioner_seen = true;
                self.direction_since_judgement = true;
                self.notice_open = false;
                if target == Some(DfeState::DirectionAlternativeDelivery) {
                    self.alternative_delivery_recommended = true;
                }
                if !self.transferred {
                    self.state.dfe = target.unwrap_or(DfeState::DirectionImprovement);
                }
                violation
            }
            Action::Revised => {
                // A revised direction shows one is in force, though the record may not
                // hold its issue (Bromley 2016: the commissioner came with a revision).
                self.direction_open = true;
                self.direction_or_commissioner_seen = true;
                if target == Some(DfeState::DirectionAlternativeDelivery) {
                    self.alternative_delivery_recommended = true;
                }
                if !self.transferred {
                    self.state.dfe = match target {
                        Some(target) => target,
                        None if self.state.dfe.is_direction() => self.state.dfe,
                        None => DfeState::DirectionImprovement,
                    };
                }
                None
            }
            Action::Revoked | Action::Lifted if self.direction_open => {
                self.direction_open = false;
                self.ended_while_inadequate(index, date);
                self.state.dfe = self.resting_dfe_state();
                None
            }
            // Revoking a direction the record never issued changes nothing.
            Action::Revoked | Action::Lifted => None,
        }
    }

    fn ended_while_inadequate(&mut self, index: usize, date: PartialDate) {
        if self.state.ofsted.is_inadequate() {
            self.pending_lift = Some((index, date));
        }
    }

    /// The DfE state that follows from the open instruments when one of them ends.
    fn resting_dfe_state(&self) -> DfeState {
        if self.transferred {
            DfeState::ServicesTransferred
        } else if self.direction_open {
            DfeState::DirectionImprovement
        } else if self.notice_open {
            DfeState::ImprovementNotice
        } else if self.state.ofsted.is_inadequate() {
            DfeState::AwaitingDecision
        } else {
            DfeState::None
        }
    }
}

/// The calendar month(s) a date falls in, as an interval.
fn month_of(date: PartialDate) -> PartialDate {
    use chrono::Datelike;
    let first = date.first();
    match date.precision() {
        crate::model::Precision::Year => date,
        _ => {
            let last = date.last();
            if (first.year(), first.month()) == (last.year(), last.month()) {
                PartialDate::month(first.year(), first.month()).unwrap_or(date)
            } else {
                date
            }
        }
    }
}
