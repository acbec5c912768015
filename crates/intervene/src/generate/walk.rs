//! The walk: one council through the process, cycle by cycle. Each cycle is an Ofsted
//! judgement and what follows it on both tracks, timed inside every rule's bounds (the
//! bounds come from the rule set itself, so working days, months and suspensions count
//! as the checker counts them).

use chrono::{Days, Months, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::{Generated, Promise, Shape};
use crate::calendar::DateRange;
use crate::model::{
    Action, CommissionerRecommendation, Event, EventKind, Framework, History, Judgement,
    PartialDate, PlanStage, ProgressOutcome, Requirement, Scope, SendOutcome, TransferArrangement,
    TransferTo,
};
use crate::rules::RuleSet;

/// An event being generated: its true day, and the promise it keeps.
struct Draft {
    day: NaiveDate,
    kind: EventKind,
    scope: Scope,
    meets: Option<(&'static str, usize)>,
}

/// The walk's memory of the DfE track.
#[derive(Default)]
struct Dfe {
    /// An open notice, and the last time it was reviewed (or issued).
    notice: Option<(usize, NaiveDate)>,
    /// An open direction.
    direction: bool,
    /// Services are with a trust, since this day.
    transferred: Option<NaiveDate>,
}

/// A walk through the process for one council.
pub struct Walk<'r> {
    rng: ChaCha8Rng,
    rules: &'r RuleSet,
    shape: Shape,
    slug: String,
    drafts: Vec<Draft>,
    dfe: Dfe,
    inadequate: Vec<NaiveDate>,
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn plus_days(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

fn plus_months(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_add_months(Months::new(n))
        .unwrap_or(NaiveDate::MAX)
}

impl<'r> Walk<'r> {
    /// A walk for council `slug`, drawing its choices from `rng`.
    pub fn new(rng: ChaCha8Rng, slug: &str, rules: &'r RuleSet, shape: Shape) -> Self {
        Self {
            rng,
            rules,
            shape,
            slug: slug.to_owned(),
            drafts: Vec::new(),
            dfe: Dfe::default(),
            inadequate: Vec::new(),
        }
    }

    fn push(
        &mut self,
        day: NaiveDate,
        kind: EventKind,
        meets: Option<(&'static str, usize)>,
    ) -> usize {
        self.drafts.push(Draft {
            day,
            kind,
            scope: Scope::ChildrensSocialCare,
            meets,
        });
        self.drafts.len() - 1
    }

    /// A day strictly after `after` and no later than `by` (or `by` itself if there is no room).
    fn between(&mut self, after: NaiveDate, by: NaiveDate) -> NaiveDate {
        let room = (by - after).num_days();
        if room < 1 {
            by
        } else {
            plus_days(after, self.rng.random_range(1..=room) as u64)
        }
    }

    /// The latest day a rule allows for a clock started on `start` (`None` if the rule is
    /// not in force then, in which case `fallback` days are used).
    fn due(&self, rule: &str, start: NaiveDate, fallback: u64) -> NaiveDate {
        let at = DateRange {
            first: start,
            last: start,
        };
        self.rules
            .rule(rule, start)
            .and_then(|r| r.due(&self.rules.calendar, at))
            .map_or(plus_days(start, fallback), |d| d.first)
    }

    /// The earliest and latest days a window rule allows from `start`, if in force.
    fn window(&self, rule: &str, start: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let at = DateRange {
            first: start,
            last: start,
        };
        let r = self.rules.rule(rule, start)?;
        Some((
            r.not_before(&self.rules.calendar, at)?.last,
            r.due(&self.rules.calendar, at)?.first,
        ))
    }

    fn inspection(
        &mut self,
        day: NaiveDate,
        judgement: Judgement,
        meets: Option<(&'static str, usize)>,
    ) -> usize {
        let systemic = judgement == Judgement::Inadequate && self.rng.random_ratio(1, 10);
        self.push(
            day,
            EventKind::Inspection {
                judgement,
                framework: Framework::in_force_on(day),
                inspection_type: None,
                all_judgements_inadequate: systemic,
            },
            meets,
        )
    }

    /// Runs the walk and returns the history.
    pub fn run(mut self) -> Generated {
        let span = (ymd(2022, 6, 30) - ymd(2009, 1, 1)).num_days();
        let mut day = plus_days(ymd(2009, 1, 1), self.rng.random_range(0..span) as u64);
        let calm =
            self.shape.calm_percent > 0 && self.rng.random_range(0..100) < self.shape.calm_percent;
        let cycles = self.rng.random_range(1..=self.shape.max_episodes.max(1)) * 2;
        // A re-inspection ends the wait for the next monitoring visit without meeting it
        // (the gap before it is the process's own), so it keeps no cadence promise.
        for cycle in 0..cycles {
            let last = cycle + 1 == cycles;
            let inadequate = !calm && !last && (cycle % 2 == 0 || self.rng.random_ratio(1, 4));
            if inadequate {
                let judged = self.inspection(day, Judgement::Inadequate, None);
                let (next, _last_visit) = self.inadequate_cycle(judged, day);
                day = next;
            } else {
                let grade = [
                    Judgement::RequiresImprovement,
                    Judgement::Good,
                    Judgement::Outstanding,
                ][self.rng.random_range(0..3)];
                let judged = self.inspection(day, grade, None);
                self.leave_intervention(judged, day);
                if last {
                    break;
                }
                day = self.next_inspection(day);
            }
        }
        self.extras();
        self.finish()
    }

    /// After a judgement of requires improvement or better: the DfE lifts what is open.
    fn leave_intervention(&mut self, judged: usize, day: NaiveDate) {
        if let Some(since) = self.dfe.transferred {
            if self.rng.random_ratio(1, 2) {
                let back = plus_days(day.max(since), self.rng.random_range(30..400));
                self.push(back, EventKind::ServicesReturned, None);
                self.dfe.transferred = None;
            }
            return;
        }
        let lift = plus_days(day, self.rng.random_range(10..150));
        if let Some((notice, _)) = self.dfe.notice {
            self.review_until(notice, lift);
            self.push(
                lift,
                EventKind::ImprovementNotice {
                    action: Action::Lifted,
                    adviser: None,
                },
                Some(("dfe.lift", judged)),
            );
            self.dfe.notice = None;
        } else if self.dfe.direction {
            self.push(
                lift,
                EventKind::Direction {
                    action: Action::Revoked,
                    commissioner: None,
                    requires: None,
                },
                Some(("dfe.lift", judged)),
            );
            self.dfe.direction = false;
        }
    }

    /// The day of the next graded inspection after a judgement of requires improvement or
    /// better, inside the ILACS window where it applies; perhaps a focused visit first.
    fn next_inspection(&mut self, day: NaiveDate) -> NaiveDate {
        let (earliest, latest) = self
            .window("ofsted.next-inspection", day)
            .unwrap_or((plus_months(day, 30), plus_months(day, 42)));
        let next = self.between(earliest, latest);
        if plus_days(day, 200) < earliest
            && self
                .rules
                .rule("ofsted.focused-visit.action-plan", plus_days(day, 180))
                .is_some()
            && self.rng.random_ratio(1, 3)
        {
            let visit_day = self.between(plus_days(day, 180), earliest.min(plus_days(day, 400)));
            let visit = self.push(
                visit_day,
                EventKind::FocusedVisit {
                    priority_actions: true,
                    treated_as_inadequate: false,
                },
                None,
            );
            let draft_due = self.due("ofsted.focused-visit.draft-action-plan", visit_day, 28);
            let draft = self.between(visit_day, draft_due);
            self.push(
                draft,
                EventKind::ActionPlan {
                    stage: PlanStage::Draft,
                },
                Some(("ofsted.focused-visit.draft-action-plan", visit)),
            );
            let final_due = self.due("ofsted.focused-visit.action-plan", visit_day, 98);
            let plan = self.between(draft, final_due);
            self.push(
                plan,
                EventKind::ActionPlan {
                    stage: PlanStage::Final,
                },
                Some(("ofsted.focused-visit.action-plan", visit)),
            );
        }
        next
    }

    /// One inadequate judgement and both tracks until re-inspection. Returns the
    /// re-inspection day and the last monitoring visit.
    fn inadequate_cycle(&mut self, judged: usize, day: NaiveDate) -> (NaiveDate, usize) {
        let persistent = self
            .inadequate
            .iter()
            .any(|earlier| plus_months(*earlier, 60) >= day)
            || matches!(
                self.drafts[judged].kind,
                EventKind::Inspection {
                    all_judgements_inadequate: true,
                    ..
                }
            );
        self.inadequate.push(day);
        // Ofsted: report, action plan, first visit, quarterly visits, re-inspection.
        let received = plus_days(day, self.rng.random_range(0..10));
        self.push(received, EventKind::ReportReceived, None);
        let plan_due = self.due("ofsted.action-plan", received, 98);
        let plan = self.between(plus_days(received, 14), plan_due);
        self.push(
            plan,
            EventKind::ActionPlan {
                stage: PlanStage::Final,
            },
            Some(("ofsted.action-plan", judged)),
        );
        let first_due = self.due("ofsted.first-monitoring-visit", plan_due, 28);
        let first = self.between(plan, first_due);
        let mut visit = self.push(
            first,
            EventKind::MonitoringVisit,
            Some(("ofsted.first-monitoring-visit", judged)),
        );
        let reinspection = plus_days(plus_months(day, 20), self.rng.random_range(0..85));
        let mut last = first;
        while plus_days(last, 90) < reinspection {
            last = plus_days(last, self.rng.random_range(60..=90));
            visit = self.push(
                last,
                EventKind::MonitoringVisit,
                Some(("ofsted.monitoring-cadence", visit)),
            );
        }
        // DfE: a decision within six months, then its own clocks.
        let decided = plus_days(day, self.rng.random_range(10..120));
        if self.dfe.transferred.is_some() {
            // Services are already with a trust; the direction stands.
        } else if persistent {
            // Persistent or systemic failure: a direction, not a notice.
            if !self.dfe.direction {
                let rule = if self.dfe.notice.is_some() {
                    "dfe.persistent-or-systemic"
                } else {
                    "dfe.intervention"
                };
                self.end_notice(decided);
                self.direction(judged, decided, rule, reinspection);
            }
        } else if !self.dfe.direction && self.dfe.notice.is_none() {
            if self.rng.random_ratio(11, 20) {
                self.notice(decided, Some(("dfe.intervention", judged)), reinspection);
            } else {
                self.direction(judged, decided, "dfe.intervention", reinspection);
            }
        }
        (reinspection, visit)
    }

    /// Reviews of an open notice every five or so months up to `until` (a lift or escalation).
    fn review_until(&mut self, notice: usize, until: NaiveDate) {
        let Some((_, mut since)) = self.dfe.notice else {
            return;
        };
        let mut trigger = notice;
        while plus_days(since, 170) < until {
            since = plus_days(since, self.rng.random_range(120..=170));
            trigger = self.push(
                since,
                EventKind::ProgressReview {
                    outcome: ProgressOutcome::Sufficient,
                },
                Some(("dfe.notice-review", trigger)),
            );
        }
        self.dfe.notice = Some((trigger, since));
    }

    fn end_notice(&mut self, day: NaiveDate) {
        if let Some((notice, _)) = self.dfe.notice {
            self.review_until(notice, day);
            self.dfe.notice = None;
        }
    }

    /// An improvement notice: a diagnostic review within three months, reviews every six,
    /// and perhaps insufficient progress and a direction.
    fn notice(&mut self, day: NaiveDate, meets: Option<(&'static str, usize)>, until: NaiveDate) {
        let notice = self.push(
            day,
            EventKind::ImprovementNotice {
                action: Action::Issued,
                adviser: None,
            },
            meets,
        );
        self.dfe.notice = Some((notice, day));
        let diagnostic_due = self.due("dfe.diagnostic-review", day, 90);
        let diagnostic = self.between(day, diagnostic_due);
        self.push(
            diagnostic,
            EventKind::DiagnosticReview,
            Some(("dfe.diagnostic-review", notice)),
        );
        if self.rng.random_ratio(1, 5) {
            let review_day = plus_days(day, self.rng.random_range(120..170));
            if review_day < until {
                let review = self.push(
                    review_day,
                    EventKind::ProgressReview {
                        outcome: ProgressOutcome::Insufficient,
                    },
                    Some(("dfe.notice-review", notice)),
                );
                self.dfe.notice = None;
                let direction_due = self.due("dfe.insufficient-progress", review_day, 90);
                let escalated = self.between(review_day, direction_due);
                self.direction(review, escalated, "dfe.insufficient-progress", until);
            }
        }
    }

    /// A direction: with a commissioner who reports within three months (and perhaps
    /// recommends alternative delivery, then a trust within the year), or to co-operate;
    /// perhaps later replaced by a notice (de-escalation) before re-inspection.
    fn direction(&mut self, trigger: usize, day: NaiveDate, rule: &'static str, until: NaiveDate) {
        let with_commissioner = self.rng.random_ratio(2, 3);
        let direction = self.push(
            day,
            EventKind::Direction {
                action: Action::Issued,
                commissioner: with_commissioner.then(|| "A Commissioner".to_owned()),
                requires: Some(if with_commissioner {
                    Requirement::Commissioner
                } else {
                    Requirement::Cooperate
                }),
            },
            Some((rule, trigger)),
        );
        self.dfe.direction = true;
        if with_commissioner {
            let report_due = self.due("dfe.commissioner-report", day, 90);
            let report_day = self.between(day, report_due);
            let alternative = self.rng.random_ratio(1, 3);
            let recommendation = if alternative {
                CommissionerRecommendation::AlternativeDelivery
            } else {
                CommissionerRecommendation::Retain
            };
            let report = self.push(
                report_day,
                EventKind::CommissionerReport {
                    recommendation,
                    council_response: None,
                },
                Some(("dfe.commissioner-report", direction)),
            );
            if alternative {
                let transfer_due = self.due("dfe.imposed-trust", report_day, 365);
                let transfer = self.between(plus_days(report_day, 30), transfer_due);
                let arrangement = if self.rng.random_ratio(1, 2) {
                    TransferArrangement::Imposed
                } else {
                    TransferArrangement::Voluntary
                };
                self.push(
                    transfer,
                    EventKind::ServicesTransferred {
                        to: TransferTo::Trust,
                        arrangement,
                    },
                    Some(("dfe.imposed-trust", report)),
                );
                self.dfe.transferred = Some(transfer);
                return;
            }
        }
        // De-escalation (Hull 2022): revoked and replaced by a notice the same day.
        let swap = plus_days(day, self.rng.random_range(120..300));
        if plus_days(swap, 100) < until && self.rng.random_ratio(1, 5) {
            self.push(
                swap,
                EventKind::Direction {
                    action: Action::Revoked,
                    commissioner: None,
                    requires: None,
                },
                None,
            );
            self.dfe.direction = false;
            self.notice(swap, None, until);
        }
    }

    /// Context that moves nothing: SEND, notes, advisers, boards, JTAIs.
    fn extras(&mut self) {
        let Some(first) = self.drafts.iter().map(|d| d.day).min() else {
            return;
        };
        let last = self.drafts.iter().map(|d| d.day).max().unwrap_or(first);
        let span = (last - first).num_days().max(1);
        for _ in 0..self.rng.random_range(0..4) {
            let day = plus_days(first, self.rng.random_range(0..span) as u64);
            let kind = match self.rng.random_range(0..4) {
                0 => EventKind::Note {
                    text: "Context for readers".to_owned(),
                },
                1 => EventKind::AdviserAppointed {
                    name: Some("An Adviser".to_owned()),
                },
                2 => EventKind::ImprovementBoard { chair: None },
                _ => EventKind::Jtai {
                    priority_actions: false,
                },
            };
            self.push(day, kind, None);
        }
        if self.rng.random_ratio(1, 3) {
            let day = plus_days(first, self.rng.random_range(0..span) as u64);
            self.drafts.push(Draft {
                day,
                kind: EventKind::SendInspection {
                    outcome: SendOutcome::Wsoa,
                },
                scope: Scope::Send,
                meets: None,
            });
            self.drafts.push(Draft {
                day: plus_days(day, 60),
                kind: EventKind::ImprovementNotice {
                    action: Action::Issued,
                    adviser: None,
                },
                scope: Scope::Send,
                meets: None,
            });
        }
    }

    /// Sorts the drafts into date order (keeping the walk's order on a day), blurs some
    /// dates, and builds the history.
    fn finish(mut self) -> Generated {
        let mut order: Vec<usize> = (0..self.drafts.len()).collect();
        order.sort_by_key(|&i| self.drafts[i].day);
        let mut position = vec![0; order.len()];
        for (at, &i) in order.iter().enumerate() {
            position[i] = at;
        }
        let as_of = self
            .drafts
            .iter()
            .map(|d| d.day)
            .max()
            .unwrap_or(NaiveDate::MIN);
        let mut events = Vec::new();
        let mut meets = Vec::new();
        for (line, &i) in order.iter().enumerate() {
            let draft = &self.drafts[i];
            let date = match self.rng.random_range(0..100) {
                n if n < self.shape.blur_percent / 5 => {
                    PartialDate::year(chrono::Datelike::year(&draft.day))
                }
                n if n < self.shape.blur_percent => PartialDate::month(
                    chrono::Datelike::year(&draft.day),
                    chrono::Datelike::month(&draft.day),
                ),
                _ => None,
            }
            .unwrap_or(PartialDate::day(draft.day));
            events.push(Event {
                date,
                kind: draft.kind.clone(),
                scope: draft.scope,
                fieldwork_end: None,
                published: None,
                source: Vec::new(),
                note: None,
                line: line + 4,
            });
            meets.push(draft.meets.map(|(rule, trigger)| Promise {
                rule: rule.to_owned(),
                trigger: position[trigger],
            }));
        }
        let history = History {
            file: format!("{}.yaml", self.slug).into(),
            // A generated history is complete by construction: it holds every step. Its
            // dates keep version 1's meaning (an inspection dated by its judgement).
            version: 1,
            recorded_until: None,
            coverage: crate::model::Coverage(
                <crate::model::Kind as strum::IntoEnumIterator>::iter()
                    .map(|kind| (kind, crate::model::CoverageLevel::Complete))
                    .collect(),
            ),
            council: self.slug.clone(),
            name: format!("Council {}", self.slug),
            region: None,
            predecessors: Vec::new(),
            successors: Vec::new(),
            events,
        };
        Generated {
            history,
            as_of,
            meets,
        }
    }
}
