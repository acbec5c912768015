//! Every timing rule: a history that makes it fire, and one that keeps it quiet.

use intervene::checker::check;
use intervene::checker::{Due, Verdict};
use intervene::rules::Severity;
use intervene_tests::{PARTIAL, day, findings, history_with, of_rule, rules, verdicts};

const INADEQUATE_2019: &str = "{ date: 2019-01-10, kind: inspection, judgement: inadequate }";

mod action_plan {
    use super::*;
    const RULE: &str = "ofsted.action-plan";
    const JUDGED: &str = "{ date: 2019-08-14, kind: inspection, judgement: inadequate }";
    const RECEIVED: &str = "{ date: 2019-08-14, kind: report_received }";

    #[test]
    fn fires_when_the_plan_is_late_with_the_exact_working_day_deadline() {
        let found = of_rule(
            &[JUDGED, RECEIVED, "{ date: 2019-11-22, kind: action_plan }"],
            "2020-06-01",
            RULE,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].verdict, Verdict::Breach);
        assert_eq!(found[0].severity, Severity::Error);
        // 70 working days from 14 August 2019 (the 26 August bank holiday skipped).
        assert_eq!(found[0].due, Some(Due::Date(day("2019-11-21"))));
        assert_eq!(
            found[0].events[0].line, 7,
            "points at the action plan's line"
        );
    }

    #[test]
    fn quiet_on_the_deadline_day() {
        assert!(
            verdicts(
                &[JUDGED, RECEIVED, "{ date: 2019-11-21, kind: action_plan }"],
                "2020-06-01",
                RULE
            )
            .is_empty()
        );
    }

    #[test]
    fn a_draft_does_not_meet_it_and_no_plan_by_the_deadline_is_a_breach_or_missing() {
        let events = [
            JUDGED,
            RECEIVED,
            "{ date: 2019-09-01, kind: action_plan, stage: draft }",
        ];
        // The record lists every action plan: none by the deadline is a breach.
        let found = of_rule(&events, "2019-12-01", RULE);
        assert_eq!(
            found
                .iter()
                .map(|f| (f.verdict, f.severity))
                .collect::<Vec<_>>(),
            [(Verdict::Breach, Severity::Error)]
        );
        assert!(
            found[0]
                .message
                .contains("the sources list every action plans"),
            "{}",
            found[0].message
        );
        // A record that lists only some plans cannot show there was none: missing.
        let partial = check(&history_with(PARTIAL, &events), &rules(), day("2019-12-01"));
        let found: Vec<_> = partial.findings.iter().filter(|f| f.rule == RULE).collect();
        assert_eq!(
            found
                .iter()
                .map(|f| (f.verdict, f.severity))
                .collect::<Vec<_>>(),
            [(Verdict::Missing, Severity::Warning)]
        );
        assert!(
            found[0]
                .message
                .contains("so it may have happened unrecorded"),
            "{}",
            found[0].message
        );
        assert!(
            of_rule(&events, "2019-11-21", RULE).is_empty(),
            "not overdue on the deadline day itself"
        );
    }

    #[test]
    fn a_monitoring_visit_shows_the_plan_was_accepted() {
        assert!(
            verdicts(
                &[
                    JUDGED,
                    RECEIVED,
                    "{ date: 2020-01-20, kind: monitoring_visit }"
                ],
                "2021-01-01",
                RULE
            )
            .is_empty()
        );
    }

    #[test]
    fn without_a_report_received_the_clock_runs_from_the_judgement_and_says_so() {
        let found = of_rule(
            &[JUDGED, "{ date: 2020-01-15, kind: action_plan }"],
            "2021-01-01",
            RULE,
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("no report received recorded"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_second_inadequate_judgement_restarts_the_clock() {
        let events = [
            INADEQUATE_2019,
            JUDGED,
            RECEIVED,
            "{ date: 2019-11-21, kind: action_plan }",
        ];
        let found = of_rule(&events, "2020-06-01", RULE);
        // The first cycle's plan was overdue when the second judgement came; the second's is on time.
        assert_eq!(
            found
                .iter()
                .map(|f| (f.verdict, f.events[0].index))
                .collect::<Vec<_>>(),
            [(Verdict::Breach, 0)]
        );
    }

    #[test]
    fn a_month_straddling_the_deadline_is_undecided_never_a_breach() {
        let found = of_rule(
            &[JUDGED, RECEIVED, "{ date: 2019-11, kind: action_plan }"],
            "2020-06-01",
            RULE,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].verdict, Verdict::Undecided);
        assert_eq!(found[0].severity, Severity::Info);
    }

    #[test]
    fn a_month_judgement_gives_a_deadline_range() {
        let found = of_rule(
            &["{ date: 2019-08, kind: inspection, judgement: inadequate }"],
            "2021-01-01",
            RULE,
        );
        assert_eq!(found[0].verdict, Verdict::Breach);
        assert_eq!(
            found[0].due,
            Some(Due::Range(day("2019-11-08"), day("2019-12-06")))
        );
    }
}

mod focused_visit {
    use super::*;
    const VISIT: &str = "{ date: 2019-03-01, kind: focused_visit, priority_actions: true }";

    #[test]
    fn draft_plan_fires_after_20_working_days() {
        let late = [
            VISIT,
            "{ date: 2019-04-01, kind: action_plan, stage: draft }",
        ];
        assert_eq!(
            verdicts(
                &late,
                "2020-01-01",
                "ofsted.focused-visit.draft-action-plan"
            ),
            [Verdict::Breach]
        );
        let on_time = [
            VISIT,
            "{ date: 2019-03-29, kind: action_plan, stage: draft }",
        ];
        assert!(
            verdicts(
                &on_time,
                "2020-01-01",
                "ofsted.focused-visit.draft-action-plan"
            )
            .is_empty()
        );
    }

    #[test]
    fn final_plan_fires_after_70_working_days() {
        let late = [
            VISIT,
            "{ date: 2019-03-20, kind: action_plan, stage: draft }",
            "{ date: 2019-06-14, kind: action_plan }",
        ];
        assert_eq!(
            verdicts(&late, "2020-01-01", "ofsted.focused-visit.action-plan"),
            [Verdict::Breach]
        );
        let on_time = [
            VISIT,
            "{ date: 2019-03-20, kind: action_plan, stage: draft }",
            "{ date: 2019-06-13, kind: action_plan }",
        ];
        assert!(verdicts(&on_time, "2020-01-01", "ofsted.focused-visit.action-plan").is_empty());
    }

    #[test]
    fn not_in_force_before_august_2018() {
        let early = ["{ date: 2018-03-01, kind: focused_visit, priority_actions: true }"];
        assert!(verdicts(&early, "2020-01-01", "ofsted.focused-visit.action-plan").is_empty());
    }
}

mod monitoring {
    use super::*;

    const INADEQUATE_2017: &str = "{ date: 2017-01-10, kind: inspection, judgement: inadequate }";
    const RECEIVED_2017: &str = "{ date: 2017-01-10, kind: report_received }";
    const PLAN_2017: &str = "{ date: 2017-03-20, kind: action_plan }";

    #[test]
    fn first_visit_fires_four_weeks_after_the_plan_deadline() {
        let late = [
            INADEQUATE_2017,
            RECEIVED_2017,
            PLAN_2017,
            "{ date: 2017-05-19, kind: monitoring_visit }",
        ];
        let found = of_rule(&late, "2018-01-01", "ofsted.first-monitoring-visit");
        assert_eq!(
            found.iter().map(|f| f.verdict).collect::<Vec<_>>(),
            [Verdict::Breach]
        );
        // Plan due 2017-04-20 (Good Friday, Easter Monday skipped), plus four weeks.
        assert_eq!(found[0].due, Some(Due::Date(day("2017-05-18"))));
        let on_time = [
            INADEQUATE_2017,
            RECEIVED_2017,
            PLAN_2017,
            "{ date: 2017-05-18, kind: monitoring_visit }",
        ];
        assert!(verdicts(&on_time, "2018-01-01", "ofsted.first-monitoring-visit").is_empty());
    }

    #[test]
    fn a_late_first_recorded_visit_is_missing_when_only_published_letters_are_listed() {
        let late = [
            INADEQUATE_2017,
            RECEIVED_2017,
            PLAN_2017,
            "{ date: 2017-08-01, kind: monitoring_visit }",
        ];
        let head =
            "version: 2\ncouncil: test\nname: Test\ncoverage: { monitoring_visit: published }\n";
        let report = check(&history_with(head, &late), &rules(), day("2018-01-01"));
        let found: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule == "ofsted.first-monitoring-visit")
            .collect();
        assert_eq!(
            found
                .iter()
                .map(|f| (f.verdict, f.severity))
                .collect::<Vec<_>>(),
            [(Verdict::Missing, Severity::Warning)]
        );
        assert!(
            found[0].message.contains(
                "the sources list only published monitoring visits, so an earlier one may be unrecorded"
            ),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn an_ilacs_judgement_is_not_held_to_the_2016_handbook() {
        let late = [
            "{ date: 2019-01-10, kind: inspection, judgement: inadequate }",
            "{ date: 2019-01-10, kind: report_received }",
            "{ date: 2019-03-20, kind: action_plan }",
            "{ date: 2019-12-01, kind: monitoring_visit }",
        ];
        assert!(verdicts(&late, "2020-06-01", "ofsted.first-monitoring-visit").is_empty());
        assert!(verdicts(&late, "2020-06-01", "ofsted.reinspection").is_empty());
    }

    #[test]
    fn cadence_fires_past_three_months_and_the_tolerance() {
        let rule = "ofsted.monitoring-cadence";
        let base = [
            INADEQUATE_2019,
            "{ date: 2019-03-20, kind: action_plan }",
            "{ date: 2019-05-10, kind: monitoring_visit }",
        ];
        let late = [&base[..], &["{ date: 2019-09-11, kind: monitoring_visit }"]].concat();
        assert_eq!(verdicts(&late, "2020-01-01", rule), [Verdict::Breach]);
        let spaced = [&base[..], &["{ date: 2019-09-10, kind: monitoring_visit }"]].concat();
        assert!(
            verdicts(&spaced, "2020-01-01", rule).is_empty(),
            "four months apart is within the tolerance"
        );
    }

    #[test]
    fn the_cadence_clock_stops_over_the_covid_suspension() {
        let before = [
            INADEQUATE_2019,
            "{ date: 2019-03-20, kind: action_plan }",
            "{ date: 2020-01-15, kind: monitoring_visit }",
        ];
        // Due 2020-05-15, plus the 411 suspended days: 2021-06-30.
        let resumed = [
            &before[..],
            &["{ date: 2021-06-30, kind: monitoring_visit }"],
        ]
        .concat();
        assert!(verdicts(&resumed, "2021-07-01", "ofsted.monitoring-cadence").is_empty());
        let late = [
            &before[..],
            &["{ date: 2021-07-01, kind: monitoring_visit }"],
        ]
        .concat();
        let found = of_rule(&late, "2021-07-02", "ofsted.monitoring-cadence");
        assert_eq!(
            found.iter().map(|f| (f.verdict, f.due)).collect::<Vec<_>>(),
            [(Verdict::Breach, Some(Due::Date(day("2021-06-30"))))]
        );
    }

    #[test]
    fn a_count_spanning_the_suspension_is_not_judged() {
        let events = [
            "{ date: 2019-06-10, kind: inspection, judgement: inadequate }",
            "{ date: 2019-10-01, kind: monitoring_visit }",
            "{ date: 2021-09-01, kind: inspection, judgement: good }",
        ];
        assert!(
            verdicts(
                &events,
                "2022-01-01",
                "ofsted.monitoring-before-reinspection"
            )
            .is_empty()
        );
    }

    #[test]
    fn reinspection_after_too_few_visits_fires() {
        let rule = "ofsted.monitoring-before-reinspection";
        let visit = |d: &'static str| d;
        let mut events = vec![
            "{ date: 2017-01-10, kind: inspection, judgement: inadequate }",
            visit("{ date: 2017-05-01, kind: monitoring_visit }"),
            visit("{ date: 2017-08-01, kind: monitoring_visit }"),
            visit("{ date: 2017-11-01, kind: monitoring_visit }"),
        ];
        let reinspection =
            "{ date: 2018-11-01, kind: inspection, judgement: requires_improvement }";
        let few = [&events[..], &[reinspection]].concat();
        let found = of_rule(&few, "2019-01-01", rule);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .contains("follows only 3 recorded monitoring visit(s)"),
            "{}",
            found[0].message
        );
        events.push("{ date: 2018-02-01, kind: monitoring_visit }");
        events.push(reinspection);
        assert!(verdicts(&events, "2019-01-01", rule).is_empty());
    }
}

mod reinspection {
    use super::*;

    #[test]
    fn fires_24_months_after_the_plan() {
        let rule = "ofsted.reinspection";
        let judged = "{ date: 2017-01-10, kind: inspection, judgement: inadequate }";
        let plan = "{ date: 2017-03-01, kind: action_plan }";
        let late = [
            judged,
            plan,
            "{ date: 2019-03-02, kind: inspection, judgement: good }",
        ];
        assert_eq!(verdicts(&late, "2020-01-01", rule), [Verdict::Breach]);
        let on_time = [
            judged,
            plan,
            "{ date: 2019-03-01, kind: inspection, judgement: good }",
        ];
        assert!(verdicts(&on_time, "2020-01-01", rule).is_empty());
    }

    #[test]
    fn sif_window_fires_early_and_late_but_not_inside() {
        let rule = "ofsted.reinspection-sif";
        let judged = "{ date: 2014-01-10, kind: inspection, judgement: inadequate }";
        let at = |date: &str| {
            format!("{{ date: {date}, kind: inspection, judgement: requires_improvement }}")
        };
        let early = at("2015-01-10");
        let inside = at("2015-09-10");
        let late = at("2016-02-11");
        assert_eq!(
            verdicts(&[judged, &early], "2017-01-01", rule),
            [Verdict::Breach]
        );
        assert!(
            of_rule(&[judged, &early], "2017-01-01", rule)[0]
                .message
                .contains("before the earliest")
        );
        assert!(verdicts(&[judged, &inside], "2017-01-01", rule).is_empty());
        assert_eq!(
            verdicts(&[judged, &late], "2017-01-01", rule),
            [Verdict::Breach]
        );
    }

    #[test]
    fn next_ilacs_inspection_window() {
        let rule = "ofsted.next-inspection";
        let good = "{ date: 2021-06-01, kind: inspection, judgement: good }";
        let next = |date: &str| format!("{{ date: {date}, kind: inspection, judgement: good }}");
        assert_eq!(
            verdicts(&[good, &next("2022-06-01")], "2025-06-01", rule),
            [Verdict::Breach]
        );
        assert!(verdicts(&[good, &next("2024-06-01")], "2025-06-01", rule).is_empty());
        assert_eq!(verdicts(&[good], "2024-12-02", rule), [Verdict::Breach]);
        assert!(
            verdicts(&[good], "2024-12-01", rule).is_empty(),
            "not yet overdue"
        );
        // Judged before the COVID-19 suspension: the window moves by the 411 days it lasted.
        let before = "{ date: 2018-06-01, kind: inspection, judgement: good }";
        assert!(verdicts(&[before, &next("2022-01-16")], "2023-01-01", rule).is_empty());
        assert_eq!(
            verdicts(&[before, &next("2022-01-15")], "2023-01-01", rule),
            [Verdict::Breach]
        );
    }
}

mod dfe {
    use super::*;

    fn after(first: &[&str], then: &str, as_of: &str, rule: &str) -> Vec<Verdict> {
        let events: Vec<&str> = first.iter().copied().chain(std::iter::once(then)).collect();
        verdicts(&events, as_of, rule)
    }

    #[test]
    fn intervention_within_six_months_of_inadequate() {
        let rule = "dfe.intervention";
        assert_eq!(
            after(
                &[INADEQUATE_2019],
                "{ date: 2019-07-11, kind: improvement_notice, action: issued }",
                "2020-01-01",
                rule
            ),
            [Verdict::Unusual]
        );
        assert!(
            after(
                &[INADEQUATE_2019],
                "{ date: 2019-07-10, kind: direction, action: issued }",
                "2020-01-01",
                rule
            )
            .is_empty()
        );
        assert_eq!(
            verdicts(&[INADEQUATE_2019], "2020-01-01", rule),
            [Verdict::Unusual]
        );
    }

    #[test]
    fn persistent_failure_expects_a_direction() {
        let rule = "dfe.persistent-or-systemic";
        let history = [
            "{ date: 2015-06-01, kind: inspection, judgement: inadequate }",
            "{ date: 2015-09-01, kind: direction, action: issued }",
            "{ date: 2016-06-01, kind: inspection, judgement: good }",
            "{ date: 2016-08-01, kind: direction, action: revoked }",
            "{ date: 2018-01-10, kind: inspection, judgement: inadequate }",
        ];
        assert_eq!(
            after(
                &history,
                "{ date: 2018-07-11, kind: direction, action: issued }",
                "2019-01-01",
                rule
            ),
            [Verdict::Unusual]
        );
        assert!(
            after(
                &history,
                "{ date: 2018-03-01, kind: direction, action: issued }",
                "2019-01-01",
                rule
            )
            .is_empty()
        );
        let once = ["{ date: 2018-01-10, kind: inspection, judgement: inadequate }"];
        assert!(
            after(
                &once,
                "{ date: 2018-03-01, kind: improvement_notice, action: issued }",
                "2019-01-01",
                rule
            )
            .is_empty()
        );
    }

    #[test]
    fn systemic_failure_expects_a_direction() {
        let rule = "dfe.persistent-or-systemic";
        let systemic = [
            "{ date: 2018-01-10, kind: inspection, judgement: inadequate, all_judgements_inadequate: true }",
        ];
        assert_eq!(
            after(
                &systemic,
                "{ date: 2018-03-01, kind: improvement_notice, action: issued }",
                "2019-01-01",
                rule
            ),
            [Verdict::Unusual]
        );
        let found = [
            "{ date: 2018-01-10, kind: inspection, judgement: inadequate }",
            "{ date: 2018-02-01, kind: failure_finding, systemic: true }",
        ];
        assert_eq!(
            after(
                &found,
                "{ date: 2018-09-01, kind: direction, action: issued }",
                "2019-01-01",
                rule
            ),
            [Verdict::Unusual]
        );
    }

    #[test]
    fn commissioner_reports_within_three_months() {
        let rule = "dfe.commissioner-report";
        let direction =
            "{ date: 2019-01-10, kind: direction, action: issued, commissioner: Jane Doe }";
        let report = |date: &str| {
            format!("{{ date: {date}, kind: commissioner_report, recommendation: retain }}")
        };
        assert_eq!(
            after(
                &[INADEQUATE_2019, direction],
                &report("2019-04-11"),
                "2020-01-01",
                rule
            ),
            [Verdict::Unusual]
        );
        assert!(
            after(
                &[INADEQUATE_2019, direction],
                &report("2019-04-10"),
                "2020-01-01",
                rule
            )
            .is_empty()
        );
    }

    #[test]
    fn diagnostic_review_within_three_months_of_a_notice() {
        let rule = "dfe.diagnostic-review";
        let notice = "{ date: 2019-02-01, kind: improvement_notice, action: issued }";
        assert_eq!(
            after(
                &[INADEQUATE_2019, notice],
                "{ date: 2019-05-02, kind: diagnostic_review }",
                "2020-01-01",
                rule
            ),
            [Verdict::Unusual]
        );
        assert!(
            after(
                &[INADEQUATE_2019, notice],
                "{ date: 2019-05-01, kind: diagnostic_review }",
                "2020-01-01",
                rule
            )
            .is_empty()
        );
        let missing = of_rule(&[INADEQUATE_2019, notice], "2020-01-01", rule);
        assert_eq!(
            missing
                .iter()
                .map(|f| (f.verdict, f.severity))
                .collect::<Vec<_>>(),
            [(Verdict::Unusual, Severity::Info)]
        );
    }

    #[test]
    fn notice_reviewed_every_six_months() {
        let rule = "dfe.notice-review";
        let notice = "{ date: 2019-02-01, kind: improvement_notice, action: issued }";
        let first = "{ date: 2019-07-01, kind: progress_review, outcome: sufficient }";
        assert!(after(&[INADEQUATE_2019, notice], first, "2019-12-31", rule).is_empty());
        // The review restarts the clock: the next is due by 2020-01-01.
        assert_eq!(
            after(
                &[INADEQUATE_2019, notice, first],
                "{ date: 2020-01-02, kind: progress_review, outcome: sufficient }",
                "2020-06-01",
                rule
            ),
            [Verdict::Unusual]
        );
    }

    #[test]
    fn insufficient_progress_leads_to_a_direction() {
        let rule = "dfe.insufficient-progress";
        let notice = "{ date: 2019-02-01, kind: improvement_notice, action: issued }";
        let review = "{ date: 2019-07-01, kind: progress_review, outcome: insufficient }";
        assert_eq!(
            after(
                &[INADEQUATE_2019, notice, review],
                "{ date: 2019-10-02, kind: direction, action: issued }",
                "2020-06-01",
                rule
            ),
            [Verdict::Unusual]
        );
        assert!(
            after(
                &[INADEQUATE_2019, notice, review],
                "{ date: 2019-10-01, kind: direction, action: issued }",
                "2020-06-01",
                rule
            )
            .is_empty()
        );
    }

    #[test]
    fn alternative_delivery_within_the_year() {
        let rule = "dfe.imposed-trust";
        let history = [
            "{ date: 2016-07-10, kind: inspection, judgement: inadequate }",
            "{ date: 2016-09-01, kind: direction, action: issued, requires: commissioner }",
            "{ date: 2016-12-01, kind: commissioner_report, recommendation: alternative_delivery, council_response: resistant }",
        ];
        let transfer = |date: &str| {
            format!(
                "{{ date: {date}, kind: services_transferred, to: trust, arrangement: imposed }}"
            )
        };
        let found = of_rule(
            &[&history[..], &[transfer("2017-12-02").as_str()]].concat(),
            "2019-01-01",
            rule,
        );
        assert_eq!(
            found
                .iter()
                .map(|f| (f.verdict, f.severity))
                .collect::<Vec<_>>(),
            [(Verdict::Breach, Severity::Error)]
        );
        assert!(after(&history, &transfer("2017-12-01"), "2019-01-01", rule).is_empty());
        // A council that co-operates sets up a voluntary trust: no time is set for it.
        let cooperative = history.map(|e| e.replace("resistant", "cooperative"));
        let cooperative: Vec<&str> = cooperative.iter().map(String::as_str).collect();
        assert!(after(&cooperative, &transfer("2018-06-01"), "2019-01-01", rule).is_empty());
        let unsaid = history.map(|e| e.replace(", council_response: resistant", ""));
        let unsaid: Vec<&str> = unsaid.iter().map(String::as_str).collect();
        assert!(after(&unsaid, &transfer("2018-06-01"), "2019-01-01", rule).is_empty());
    }

    #[test]
    fn a_revised_direction_does_not_restart_the_clock() {
        let rule = "dfe.imposed-trust";
        let history = [
            "{ date: 2016-07-10, kind: inspection, judgement: inadequate }",
            "{ date: 2016-08-01, kind: direction, action: issued, requires: commissioner }",
            "{ date: 2016-10-01, kind: commissioner_report, recommendation: alternative_delivery, council_response: resistant }",
            "{ date: 2017-06-01, kind: direction, action: revised, requires: trust }",
        ];
        let transfer =
            "{ date: 2017-11-01, kind: services_transferred, to: trust, arrangement: imposed }";
        let found = of_rule(&[&history[..], &[transfer]].concat(), "2019-01-01", rule);
        assert_eq!(
            found.iter().map(|f| (f.verdict, f.due)).collect::<Vec<_>>(),
            [(Verdict::Breach, Some(Due::Date(day("2017-10-01"))))]
        );
    }

    #[test]
    fn lift_within_six_months_of_leaving_inadequate() {
        let rule = "dfe.lift";
        let history = [
            INADEQUATE_2019,
            "{ date: 2019-03-01, kind: improvement_notice, action: issued }",
            "{ date: 2020-01-10, kind: inspection, judgement: good }",
        ];
        assert_eq!(
            after(
                &history,
                "{ date: 2020-07-11, kind: improvement_notice, action: lifted }",
                "2021-01-01",
                rule
            ),
            [Verdict::Unusual]
        );
        assert!(
            after(
                &history,
                "{ date: 2020-07-10, kind: improvement_notice, action: lifted }",
                "2021-01-01",
                rule
            )
            .is_empty()
        );
    }
}

#[test]
fn send_events_never_move_the_childrens_social_care_process() {
    let events = [
        "{ date: 2019-01-10, kind: send_inspection, outcome: wsoa }",
        "{ date: 2019-03-01, kind: improvement_notice, action: issued, scope: send }",
    ];
    assert!(
        findings(&events, "2021-01-01").is_empty(),
        "{:?}",
        findings(&events, "2021-01-01")
    );
}
