//! What a finding may say: bounded by its rule's basis, by what the record can show
//! (coverage and its end), by the rule's era, and by the COVID-19 suspension; and the
//! engine faults the review found (Bromley, Northamptonshire, Knowsley).

use intervene::checker::{Due, Finding, Verdict, check};
use intervene::rules::{Basis, Severity};
use intervene_tests::{COMPLETE, PARTIAL, day, history_with, of_rule, rules};

fn of(head: &str, events: &[&str], as_of: &str, rule: &str) -> Vec<Finding> {
    check(&history_with(head, events), &rules(), day(as_of))
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

const V2: &str = "version: 2\ncouncil: test\nname: Test\ncoverage: { inspection: complete, monitoring_visit: complete, action_plan: complete, improvement_notice: complete, direction: complete, commissioner_report: complete }\n";

mod basis {
    use super::*;

    /// Practice rules, wherever they fire, say "unusual" at `info`, never a breach or a deadline.
    #[test]
    fn a_practice_rule_never_gives_an_error_or_a_breach() {
        let set = rules();
        let practice: Vec<&str> = set
            .rules
            .iter()
            .filter(|r| r.basis == Basis::Practice)
            .map(|r| r.id.as_str())
            .collect();
        assert!(practice.contains(&"dfe.intervention"), "{practice:?}");
        let histories: [&[&str]; 3] = [
            &["{ date: 2019-01-10, kind: inspection, judgement: inadequate }"],
            &[
                "{ date: 2019-01-10, kind: inspection, judgement: inadequate }",
                "{ date: 2019-02-01, kind: improvement_notice, action: issued }",
                "{ date: 2020-06-01, kind: inspection, judgement: good }",
            ],
            &[
                "{ date: 2019-01-10, kind: inspection, judgement: inadequate }",
                "{ date: 2019-02-01, kind: direction, action: issued, commissioner: A }",
                "{ date: 2020-06-01, kind: commissioner_report, recommendation: retain }",
            ],
        ];
        let mut seen = 0;
        for events in histories {
            for head in [COMPLETE, PARTIAL] {
                let report = check(&history_with(head, events), &set, day("2023-01-01"));
                for f in report
                    .findings
                    .iter()
                    .filter(|f| practice.contains(&f.rule.as_str()))
                {
                    seen += 1;
                    assert_eq!(f.severity, Severity::Info, "{f:?}");
                    assert!(
                        matches!(f.verdict, Verdict::Unusual | Verdict::Undecided),
                        "{f:?}"
                    );
                    assert_eq!(f.due, None, "a practice rule sets no deadline: {f:?}");
                    let message = f.message.to_lowercase();
                    for word in ["breach", "deadline", "due ", "overdue"] {
                        assert!(!message.contains(word), "`{word}` in {}", f.message);
                    }
                    assert!(
                        message.contains("unusual compared with other councils"),
                        "{}",
                        f.message
                    );
                }
            }
        }
        assert!(seen >= 4, "the histories fire the practice rules ({seen})");
    }

    #[test]
    fn every_bundled_rule_states_its_basis_and_a_public_source() {
        let set = rules();
        for rule in &set.rules {
            assert!(!rule.sources.is_empty(), "{}", rule.id);
            assert!(rule.severity >= rule.basis.max_severity(), "{}", rule.id);
            for document in &rule.sources {
                assert!(
                    !intervene::rules::names_project_file(&document.to_string()),
                    "{}",
                    rule.id
                );
            }
        }
        for transition in &set.transitions {
            assert!(!transition.sources.is_empty(), "{}", transition.id);
            assert_ne!(
                transition.severity,
                Severity::Error,
                "a step that does not fit is no breach"
            );
        }
    }

    #[test]
    fn transitions_are_irregular_never_a_breach() {
        let found = of(
            COMPLETE,
            &["{ date: 2019-01-10, kind: monitoring_visit }"],
            "2020-01-01",
            "transition.monitoring-without-inadequate",
        );
        assert_eq!(
            found
                .iter()
                .map(|f| (f.verdict, f.severity))
                .collect::<Vec<_>>(),
            [(Verdict::Irregular, Severity::Warning)]
        );
    }
}

mod coverage {
    use super::*;

    const JUDGED: &str = "{ date: 2017-01-10, kind: inspection, judgement: inadequate }";
    const RECEIVED: &str = "{ date: 2017-01-10, kind: report_received }";
    const LATE_VISIT: &str = "{ date: 2017-08-01, kind: monitoring_visit }";
    const RULE: &str = "ofsted.first-monitoring-visit";

    fn head(level: &str) -> String {
        format!("council: test\nname: Test\ncoverage: {{ monitoring_visit: {level} }}\n")
    }

    #[test]
    fn each_coverage_level_changes_the_verdict_of_a_late_first_visit() {
        let events = [JUDGED, RECEIVED, LATE_VISIT];
        let verdict = |level: &str| {
            of(&head(level), &events, "2018-01-01", RULE)
                .iter()
                .map(|f| (f.verdict, f.severity))
                .collect::<Vec<_>>()
        };
        assert_eq!(verdict("complete"), [(Verdict::Breach, Severity::Error)]);
        assert_eq!(
            verdict("published"),
            [(Verdict::Missing, Severity::Warning)]
        );
        assert_eq!(verdict("partial"), [(Verdict::Missing, Severity::Warning)]);
        let partial = of(&head("partial"), &events, "2018-01-01", RULE);
        assert!(
            partial[0]
                .message
                .contains("the sources list only some monitoring visits"),
            "{}",
            partial[0].message
        );
    }

    #[test]
    fn each_coverage_level_changes_the_verdict_of_no_visit_at_all() {
        let events = [JUDGED, RECEIVED];
        let verdict = |level: &str| {
            of(&head(level), &events, "2018-01-01", RULE)
                .iter()
                .map(|f| f.verdict)
                .collect::<Vec<_>>()
        };
        assert_eq!(verdict("complete"), [Verdict::Breach]);
        assert_eq!(verdict("published"), [Verdict::Missing]);
        assert_eq!(verdict("partial"), [Verdict::Missing]);
    }

    #[test]
    fn a_count_of_visits_needs_a_record_of_every_visit() {
        let events = [
            JUDGED,
            "{ date: 2017-05-01, kind: monitoring_visit }",
            "{ date: 2017-08-01, kind: monitoring_visit }",
            "{ date: 2018-06-01, kind: inspection, judgement: requires_improvement }",
        ];
        let rule = "ofsted.monitoring-before-reinspection";
        let verdicts = |level: &str| {
            of(&head(level), &events, "2019-01-01", rule)
                .iter()
                .map(|f| f.verdict)
                .collect::<Vec<_>>()
        };
        assert_eq!(verdicts("complete"), [Verdict::Breach]);
        assert_eq!(verdicts("published"), [Verdict::Undecided]);
    }

    #[test]
    fn clocks_stop_at_the_end_of_the_record_and_say_so() {
        let events = [JUDGED, RECEIVED];
        let ended = "council: test\nname: Test\nrecorded_until: 2017-03-31\n";
        assert!(
            of(ended, &events, "2026-01-01", "ofsted.action-plan").is_empty(),
            "the plan was not yet due when the record ends"
        );
        let later = "council: test\nname: Test\nrecorded_until: 2017-06\n";
        let found = of(later, &events, "2026-01-01", "ofsted.action-plan");
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .contains("as of the end of the record, 2017-06"),
            "{}",
            found[0].message
        );
    }
}

mod publication {
    use super::*;

    const INSPECTED: &str = "{ date: 2019-09-16, fieldwork_end: 2019-09-27, published: 2019-10-29, kind: inspection, judgement: inadequate }";

    #[test]
    fn receipt_lies_between_fieldwork_and_publication() {
        let plan = |date: &str| format!("{{ date: {date}, kind: action_plan }}");
        let found = |date: &str| {
            of(
                V2,
                &[INSPECTED, &plan(date)],
                "2021-01-01",
                "ofsted.action-plan",
            )
            .iter()
            .map(|f| (f.verdict, f.due))
            .collect::<Vec<_>>()
        };
        // 70 working days from the end of fieldwork (2019-09-27) and from publication (2019-10-29).
        let due = Some(Due::Range(day("2020-01-08"), day("2020-02-07")));
        assert!(
            found("2020-01-08").is_empty(),
            "on time whenever it was received"
        );
        assert_eq!(found("2020-01-20"), [(Verdict::Undecided, due)]);
        assert_eq!(found("2020-02-10"), [(Verdict::Breach, due)]);
        let message = &of(
            V2,
            &[INSPECTED, &plan("2020-02-10")],
            "2021-01-01",
            "ofsted.action-plan",
        )[0]
        .message;
        assert!(
            message.contains("between the end of fieldwork and publication"),
            "{message}"
        );
    }

    #[test]
    fn without_a_publication_day_the_clock_cannot_run_out() {
        let inspected = "{ date: 2019-09-16, fieldwork_end: 2019-09-27, kind: inspection, judgement: inadequate }";
        let found = of(V2, &[inspected], "2026-01-01", "ofsted.action-plan");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_visit_known_only_by_its_letter_is_on_or_before_it() {
        let history = history_with(V2, &["{ published: 2019-07-30, kind: monitoring_visit }"]);
        assert_eq!(history.events[0].date.to_string(), "..2019-07-30");
        assert_eq!(history.events[0].date.last(), day("2019-07-30"));
    }

    #[test]
    fn the_council_publishes_within_30_working_days_of_receipt() {
        let rule = "ofsted.report-publication";
        let received = "{ date: 2019-10-01, kind: report_received }";
        let judged = |published: &str| {
            format!(
                "{{ date: 2019-09-16, fieldwork_end: 2019-09-27, published: {published}, kind: inspection, judgement: good }}"
            )
        };
        // 30 working days from 2019-10-01: 2019-11-12.
        assert!(of(V2, &[&judged("2019-11-12"), received], "2020-06-01", rule).is_empty());
        assert_eq!(
            of(V2, &[&judged("2019-11-13"), received], "2020-06-01", rule)
                .iter()
                .map(|f| (f.verdict, f.due))
                .collect::<Vec<_>>(),
            [(Verdict::Breach, Some(Due::Date(day("2019-11-12"))))]
        );
        assert!(
            of(V2, &[&judged("2020-03-01")], "2020-06-01", rule).is_empty(),
            "without a recorded receipt the record cannot show a late publication"
        );
    }

    #[test]
    fn an_inspection_without_an_overall_grade_is_held() {
        let history = history_with(
            V2,
            &[
                "{ date: 2026-05-11, fieldwork_end: 2026-05-22, published: 2026-07-07, kind: inspection, framework: ilacs }",
            ],
        );
        assert!(matches!(
            history.events[0].kind,
            intervene::model::EventKind::Inspection {
                judgement: intervene::model::Judgement::NotGiven,
                ..
            }
        ));
    }
}

mod suspension {
    use super::*;

    const JUDGED: &str = "{ date: 2019-01-10, kind: inspection, judgement: inadequate }";
    const PLAN: &str = "{ date: 2019-03-20, kind: action_plan }";
    const RULE: &str = "ofsted.monitoring-cadence";

    #[test]
    fn suspended_days_are_not_lateness_when_the_deadline_fell_before_it() {
        // Due 2020-02-01 (three months and the month's tolerance), before the suspension
        // began on 2020-03-17; the next visit came after it ended.
        let events = [
            JUDGED,
            PLAN,
            "{ date: 2019-10-01, kind: monitoring_visit }",
            "{ date: 2021-06-01, kind: monitoring_visit }",
        ];
        let found = of_rule(&events, "2021-07-01", RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].due, Some(Due::Date(day("2020-02-01"))));
        // 486 days after the deadline, of which 411 were suspended.
        assert!(
            found[0].message.contains(", 75 day(s) after"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_deadline_after_the_start_moves_by_the_suspended_days() {
        let events = [
            JUDGED,
            PLAN,
            "{ date: 2020-01-15, kind: monitoring_visit }",
            "{ date: 2021-06-30, kind: monitoring_visit }",
        ];
        assert!(of_rule(&events, "2021-07-01", RULE).is_empty());
    }

    #[test]
    fn restart_visits_count_as_ofsted_contact() {
        let events = [
            JUDGED,
            PLAN,
            "{ date: 2021-05-20, kind: monitoring_visit }",
            "{ date: 2021-08-10, kind: focused_visit }",
            "{ date: 2021-11-01, kind: monitoring_visit }",
        ];
        assert!(of_rule(&events, "2022-01-01", RULE).is_empty());
    }
}

mod eras {
    use super::*;

    #[test]
    fn cadence_ends_quietly_at_a_reinspection_and_speaks_of_the_next_visit() {
        let base = [
            "{ date: 2019-01-10, kind: inspection, judgement: inadequate }",
            "{ date: 2019-03-20, kind: action_plan }",
            "{ date: 2019-05-10, kind: monitoring_visit }",
        ];
        let reinspected = [
            &base[..],
            &["{ date: 2019-12-01, kind: inspection, judgement: inadequate }"],
        ]
        .concat();
        assert!(of_rule(&reinspected, "2020-01-01", "ofsted.monitoring-cadence").is_empty());
        let late = [&base[..], &["{ date: 2019-10-01, kind: monitoring_visit }"]].concat();
        let found = of_rule(&late, "2020-01-01", "ofsted.monitoring-cadence");
        assert!(
            found[0]
                .message
                .starts_with("the next monitoring visit recorded"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_replaced_rule_does_not_judge_windows_closing_after_its_replacement() {
        let rule = "ofsted.reinspection-sif";
        let judged = "{ date: 2015-06-10, kind: inspection, judgement: inadequate }";
        let late = "{ date: 2018-01-10, kind: inspection, judgement: requires_improvement }";
        assert!(of_rule(&[judged, late], "2019-01-01", rule).is_empty());
        let earlier = "{ date: 2014-01-10, kind: inspection, judgement: inadequate }";
        let late = "{ date: 2016-02-11, kind: inspection, judgement: requires_improvement }";
        assert_eq!(of_rule(&[earlier, late], "2017-01-01", rule).len(), 1);
    }
}

mod review_faults {
    use super::*;

    #[test]
    fn bromley_a_commissioner_named_on_a_revised_direction_counts() {
        let events = [
            "{ date: 2016-06, kind: inspection, judgement: inadequate }",
            "{ date: 2016-11, kind: direction, action: revised, commissioner: Frankie Sulke }",
            "{ date: 2017-09, kind: commissioner_report, recommendation: retain }",
        ];
        let found = of_rule(
            &events,
            "2018-01-01",
            "transition.commissioner-report-without-direction",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn northamptonshire_clocks_stop_when_the_council_ceases() {
        let events = [
            "{ date: 2019-07-01, kind: inspection, judgement: inadequate }",
            "{ date: 2019-07-01, kind: report_received }",
            "{ date: 2019-11-01, kind: monitoring_visit }",
            "{ date: 2021-04-01, kind: reorganised, into: [north-northamptonshire, west-northamptonshire] }",
        ];
        let report = check(
            &history_with(COMPLETE, &events),
            &rules(),
            day("2024-01-01"),
        );
        let after: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.message.contains("as of 2024"))
            .collect();
        assert!(
            after.is_empty(),
            "clocks ran on after 2021-04-01: {after:?}"
        );
        // The cadence clock was overdue when the council ceased: it says so, at that day.
        let cadence: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule == "ofsted.monitoring-cadence")
            .collect();
        assert_eq!(cadence.len(), 1);
        assert!(
            cadence[0]
                .message
                .contains("before the reorganised of 2021-04-01"),
            "{}",
            cadence[0].message
        );
    }

    #[test]
    fn knowsley_a_sif_judgement_not_inadequate_expects_the_first_ilacs_inspection() {
        let rule = "ofsted.first-ilacs-inspection";
        let judged = "{ date: 2017-06-13, kind: inspection, judgement: requires_improvement, framework: sif }";
        let found = of_rule(&[judged], "2025-01-01", rule);
        assert_eq!(
            found
                .iter()
                .map(|f| (f.verdict, f.severity))
                .collect::<Vec<_>>(),
            [(Verdict::Unusual, Severity::Info)]
        );
        let next = "{ date: 2021-10-11, kind: inspection, judgement: requires_improvement }";
        assert!(of_rule(&[judged, next], "2025-01-01", rule).is_empty());
    }
}
