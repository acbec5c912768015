//! Predictions at each state of both tracks, with exact steps and dates.

use intervene::machine::{DfeState, OfstedState};
use intervene::model::Kind;
use intervene::predictor::{Basis, Prediction, predict};
use intervene_tests::{day, history, rules, run};

fn at(events: &[&str], as_of: &str) -> Prediction {
    predict(&history(events), &rules(), day(as_of))
}

/// (kind, earliest, due or usual day, rule, overdue) of each step, dates as text.
fn steps(p: &Prediction) -> Vec<(Kind, String, String, &str, bool)> {
    let text = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    p.steps
        .iter()
        .map(|s| {
            (
                s.kind,
                text(s.earliest),
                text(s.by()),
                s.rule.as_str(),
                s.overdue,
            )
        })
        .collect()
}

const INADEQUATE: &str = "{ date: 2019-01-10, kind: inspection, judgement: inadequate }";
const RECEIVED: &str = "{ date: 2019-01-10, kind: report_received }";

#[test]
fn after_an_inadequate_judgement() {
    let p = at(&[INADEQUATE, RECEIVED], "2019-02-01");
    assert_eq!(
        (p.state.ofsted, p.state.dfe),
        (OfstedState::AwaitingActionPlan, DfeState::AwaitingDecision)
    );
    assert_eq!(
        p.since.ofsted.map(|d| d.to_string()),
        Some("2019-01-10".into())
    );
    assert_eq!(
        steps(&p),
        [
            (
                Kind::ActionPlan,
                String::new(),
                "2019-04-18".into(),
                "ofsted.action-plan",
                false
            ),
            // No first-visit or re-inspection clock: the 2016 handbook's rules end with
            // the SIF era, and what ILACS sets for them was not found.
            (
                Kind::ImprovementNotice,
                String::new(),
                "2019-07-10".into(),
                "dfe.intervention",
                false
            ),
        ]
    );
    // A notice or a direction: one step of one rule, the likelier first.
    assert_eq!(p.steps[1].alternatives, [Kind::Direction]);
    assert_eq!(p.steps[1].words(), "improvement notice or direction");
    assert_eq!(p.steps[0].basis, Basis::Statutory);
    assert_eq!(
        p.steps[1].basis,
        Basis::Observed,
        "practice: no written source"
    );
}

#[test]
fn after_an_inadequate_judgement_under_the_2016_handbook() {
    let p = at(
        &[
            "{ date: 2017-01-10, kind: inspection, judgement: inadequate }",
            "{ date: 2017-01-10, kind: report_received }",
        ],
        "2017-02-01",
    );
    let s = steps(&p);
    assert!(
        s.contains(&(
            Kind::MonitoringVisit,
            String::new(),
            "2017-05-18".into(),
            "ofsted.first-monitoring-visit",
            false
        )),
        "{s:?}"
    );
    assert!(
        s.contains(&(
            Kind::Inspection,
            String::new(),
            "2019-04-20".into(),
            "ofsted.reinspection",
            false
        )),
        "{s:?}"
    );
}

#[test]
fn overdue_flips_after_the_due_day() {
    let plan = |p: &Prediction| {
        p.steps
            .iter()
            .find(|s| s.kind == Kind::ActionPlan)
            .map(|s| s.overdue)
    };
    let on_time = at(&[INADEQUATE, RECEIVED], "2019-04-18");
    assert_eq!(
        (on_time.steps[0].kind, plan(&on_time)),
        (Kind::ActionPlan, Some(false))
    );
    let late = at(&[INADEQUATE, RECEIVED], "2019-04-19");
    assert_eq!(plan(&late), Some(true));
    // Steps still running rank before overdue ones.
    assert_eq!(late.steps[0].kind, Kind::ImprovementNotice);
    assert_eq!(
        late.steps.last().map(|s| (s.kind, s.overdue)),
        Some((Kind::ActionPlan, true))
    );
}

#[test]
fn events_after_the_day_are_not_known_yet() {
    let events = [
        INADEQUATE,
        RECEIVED,
        "{ date: 2019-03-20, kind: action_plan }",
    ];
    assert_eq!(
        at(&events, "2019-03-01").state.ofsted,
        OfstedState::AwaitingActionPlan
    );
    assert_eq!(
        at(&events, "2019-03-20").state.ofsted,
        OfstedState::Monitoring
    );
}

#[test]
fn persistent_failure_puts_a_direction_first() {
    let events = [
        "{ date: 2015-06-01, kind: inspection, judgement: inadequate }",
        "{ date: 2016-06-01, kind: inspection, judgement: good }",
        "{ date: 2018-01-10, kind: inspection, judgement: inadequate }",
    ];
    let p = at(&events, "2018-02-01");
    let step = p
        .steps
        .iter()
        .find(|s| s.rule == "dfe.intervention")
        .unwrap_or_else(|| panic!("{:?}", p.steps));
    assert_eq!(
        (step.kind, step.alternatives.as_slice()),
        (Kind::Direction, [Kind::ImprovementNotice].as_slice()),
        "a direction first, a notice its alternative"
    );
}

#[test]
fn under_monitoring() {
    let events = [
        INADEQUATE,
        "{ date: 2019-03-20, kind: action_plan }",
        "{ date: 2019-05-10, kind: monitoring_visit }",
    ];
    let p = at(&events, "2019-06-01");
    assert_eq!(p.state.ofsted, OfstedState::Monitoring);
    assert_eq!(p.monitoring_visits, 1);
    let s = steps(&p);
    assert!(
        s.contains(&(
            Kind::MonitoringVisit,
            String::new(),
            "2019-09-10".into(),
            "ofsted.monitoring-cadence",
            false
        )),
        "{s:?}"
    );
    let cadence = p
        .steps
        .iter()
        .find(|s| s.rule == "ofsted.monitoring-cadence")
        .unwrap_or_else(|| panic!("{s:?}"));
    assert_eq!(
        cadence.alternatives,
        [Kind::FocusedVisit],
        "a restart or assurance visit also counts as contact"
    );
}

#[test]
fn after_priority_actions() {
    let p = at(
        &["{ date: 2019-03-01, kind: focused_visit, priority_actions: true }"],
        "2019-03-05",
    );
    assert_eq!(p.state.ofsted, OfstedState::PriorityActions);
    assert_eq!(
        steps(&p),
        [
            (
                Kind::ActionPlan,
                String::new(),
                "2019-03-29".into(),
                "ofsted.focused-visit.draft-action-plan",
                false
            ),
            (
                Kind::ActionPlan,
                String::new(),
                "2019-06-13".into(),
                "ofsted.focused-visit.action-plan",
                false
            ),
        ]
    );
}

#[test]
fn under_an_improvement_notice() {
    let p = at(
        &[
            INADEQUATE,
            "{ date: 2019-02-01, kind: improvement_notice, action: issued }",
        ],
        "2019-02-15",
    );
    assert_eq!(p.state.dfe, DfeState::ImprovementNotice);
    let s = steps(&p);
    assert!(
        s.contains(&(
            Kind::DiagnosticReview,
            String::new(),
            "2019-05-01".into(),
            "dfe.diagnostic-review",
            false
        )),
        "{s:?}"
    );
    assert!(
        s.contains(&(
            Kind::ProgressReview,
            String::new(),
            "2019-08-01".into(),
            "dfe.notice-review",
            false
        )),
        "{s:?}"
    );
}

#[test]
fn under_a_direction_with_a_commissioner() {
    let p = at(
        &[
            INADEQUATE,
            "{ date: 2019-02-01, kind: direction, action: issued, commissioner: A Person }",
        ],
        "2019-02-15",
    );
    assert_eq!(p.state.dfe, DfeState::DirectionCommissioner);
    assert!(steps(&p).contains(&(
        Kind::CommissionerReport,
        String::new(),
        "2019-05-01".into(),
        "dfe.commissioner-report",
        false
    )));
}

#[test]
fn after_a_recommendation_of_alternative_delivery() {
    let events = [
        INADEQUATE,
        "{ date: 2019-02-01, kind: direction, action: issued, commissioner: A Person }",
        "{ date: 2019-05-01, kind: commissioner_report, recommendation: alternative_delivery, council_response: resistant }",
    ];
    let p = at(&events, "2019-06-01");
    assert_eq!(p.state.dfe, DfeState::DirectionAlternativeDelivery);
    let transfer = p.steps.iter().find(|s| s.kind == Kind::ServicesTransferred);
    assert_eq!(
        transfer.map(|s| (s.due.map(|d| d.to_string()), s.basis)),
        Some((Some("2020-05-01".into()), Basis::Statutory))
    );
}

#[test]
fn under_a_trust_and_under_direction_without_clocks() {
    let events = [
        INADEQUATE,
        "{ date: 2019-02-01, kind: direction, action: issued, requires: cooperate }",
        "{ date: 2019-03-20, kind: action_plan }",
        "{ date: 2021-06-01, kind: inspection, judgement: inadequate }",
        "{ date: 2021-07-01, kind: action_plan }",
        "{ date: 2021-08-01, kind: services_transferred, to: trust, arrangement: voluntary }",
    ];
    let p = at(&events, "2021-09-01");
    assert_eq!(
        (p.state.ofsted, p.state.dfe),
        (OfstedState::Monitoring, DfeState::ServicesTransferred)
    );
    assert!(
        p.steps
            .iter()
            .any(|s| s.kind == Kind::MonitoringVisit && s.rule == "observed.monitoring"),
        "{:?}",
        steps(&p)
    );
}

#[test]
fn nothing_pending_falls_back_on_observed_practice() {
    let p = at(
        &["{ date: 2012-01-10, kind: inspection, judgement: good }"],
        "2013-01-01",
    );
    assert_eq!(
        (p.state.ofsted, p.state.dfe),
        (OfstedState::NotInadequate, DfeState::None)
    );
    assert_eq!(
        p.steps
            .iter()
            .map(|s| (s.kind, s.basis))
            .collect::<Vec<_>>(),
        [(Kind::Inspection, Basis::Observed)]
    );
}

#[test]
fn a_partial_date_gives_a_window_not_a_point() {
    let p = at(
        &["{ date: 2022-01, kind: inspection, judgement: good }"],
        "2022-06-01",
    );
    assert_eq!(
        steps(&p)[..1],
        [(
            Kind::Inspection,
            "2024-07-01".into(),
            "2025-07-31".into(),
            "ofsted.next-inspection",
            false
        )]
    );
    let month = at(
        &["{ date: 2019-08, kind: inspection, judgement: inadequate }"],
        "2019-09-01",
    );
    assert_eq!(
        month.steps[0].due.map(|d| d.to_string()),
        Some("2019-12-06".into()),
        "the latest the deadline can be"
    );
}

#[test]
fn next_command_text_and_json() {
    let text = run(&[
        "next",
        "--as-of",
        "2023-01-01",
        "tests/mixed-input/ok-council.yaml",
    ]);
    assert_eq!(text.code, 0, "{text:?}");
    assert!(
        text.stdout
            .contains("OK council (ok-council), as of 2023-01-01"),
        "{}",
        text.stdout
    );
    let json = run(&[
        "next",
        "--format",
        "json",
        "--as-of",
        "2023-01-01",
        "tests/mixed-input/ok-council.yaml",
    ]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap_or_default();
    let mut keys: Vec<String> = value[0]
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    assert_eq!(
        keys,
        [
            "as_of",
            "council",
            "forecast",
            "monitoring_visits",
            "since",
            "state",
            "steps"
        ]
    );
    let mut step_keys: Vec<String> = value[0]["steps"][0]
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    step_keys.sort();
    assert_eq!(
        step_keys,
        [
            "alternatives",
            "basis",
            "due",
            "earliest",
            "kind",
            "overdue",
            "rule",
            "source"
        ]
    );
    assert_eq!(value[0]["state"]["ofsted"], "not_inadequate");
}

/// `next --format csv` is one row a step, with how many days an overdue one is late;
/// `report --format csv` is one row a council.
#[test]
fn csv_for_next_steps_and_the_report_summary() {
    let next = run(&[
        "next",
        "fixtures/councils/bradford.yaml",
        "--as-of",
        "2023-06-30",
        "--format",
        "csv",
    ]);
    assert_eq!(next.code, 0, "{}", next.stderr);
    let mut lines = next.stdout.lines();
    assert_eq!(
        lines.next(),
        Some(
            "council,as_of,step,kinds,earliest,due,overdue,days_overdue,unrecorded_past_due,usually_by,later_than_usual,after_record_end,rule,basis,source"
        )
    );
    let plan = lines
        .find(|l| l.contains("ofsted.action-plan"))
        .unwrap_or_else(|| panic!("{}", next.stdout));
    assert!(
        // Bradford's sources list only some action plans: past due, not recorded, not overdue.
        plan.starts_with("bradford,2023-06-30,action plan,action_plan,,2023-05-15,false,,true,"),
        "{plan}"
    );
    let report = run(&[
        "report",
        "fixtures",
        "--as-of",
        "2023-06-30",
        "--format",
        "csv",
    ]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    assert_eq!(
        report.stdout.lines().count(),
        1 + intervene_tests::fixture_councils(),
        "a header and a row a council"
    );
    assert!(
        report
            .stdout
            .lines()
            .any(|l| l.starts_with("bradford,Bradford,2023-06-30,"))
    );
}

#[test]
fn a_step_only_practice_supports_has_a_usual_day_and_is_never_overdue() {
    // No written source times the DfE's decision after an inadequate judgement; other
    // councils' histories usually show one within six months.
    let p = at(&[INADEQUATE, RECEIVED], "2020-01-01");
    let decision = p
        .steps
        .iter()
        .find(|s| s.rule == "dfe.intervention")
        .unwrap_or_else(|| panic!("{:?}", p.steps));
    assert_eq!(decision.basis, Basis::Observed);
    assert_eq!(decision.due, None);
    assert_eq!(decision.usually_by, Some(day("2019-07-10")));
    assert!(
        !decision.overdue && decision.later_than_usual,
        "{decision:?}"
    );
    // A written deadline passed is overdue.
    let plan = p.steps.iter().find(|s| s.rule == "ofsted.action-plan");
    assert!(
        plan.is_some_and(|s| s.overdue && s.due.is_some()),
        "{plan:?}"
    );
}

#[test]
fn nothing_is_overdue_for_a_day_past_the_end_of_the_record() {
    let mut h = history(&[INADEQUATE, RECEIVED]);
    h.recorded_until = Some(intervene::model::PartialDate::day(day("2019-03-01")));
    let p = predict(&h, &rules(), day("2020-01-01"));
    assert_eq!(p.record_ends, Some(day("2019-03-01")));
    let plan = p
        .steps
        .iter()
        .find(|s| s.rule == "ofsted.action-plan")
        .unwrap_or_else(|| panic!("{:?}", p.steps));
    // Due 2019-04-18, after the record ends: not known, not overdue.
    assert!(!plan.overdue && plan.after_record_end, "{plan:?}");
    // A record that runs past the due day shows it overdue.
    h.recorded_until = Some(intervene::model::PartialDate::day(day("2019-12-31")));
    let p = predict(&h, &rules(), day("2020-01-01"));
    let plan = p.steps.iter().find(|s| s.rule == "ofsted.action-plan");
    assert!(
        plan.is_some_and(|s| s.overdue && !s.after_record_end),
        "{plan:?}"
    );
}

#[test]
fn next_says_usually_by_for_practice_and_overdue_only_for_deadlines() {
    let dir = intervene_tests::temp_dir();
    let next = |coverage: &str| {
        let file = dir.path().join("testshire.yaml");
        std::fs::write(
            &file,
            format!(
                "version: 2\ncouncil: testshire\nname: Testshire\nregion: London\nrecorded_until: 2019-12-31\n{coverage}events:\n  - {INADEQUATE}\n  - {RECEIVED}\n"
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let out = run(&["next", "--as-of", "2020-06-01", &file.to_string_lossy()]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let plan_line = |text: &str| {
        text.lines()
            .find(|l| l.contains("[ofsted.action-plan"))
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("{text}"))
    };
    // Sources that list every action plan: the missing one is overdue.
    let complete = next("coverage: { action_plan: complete }\n");
    assert!(
        complete.contains("the record ends 2019-12-31"),
        "{complete}"
    );
    for line in complete.lines().filter(|l| l.contains("[dfe.")) {
        assert!(
            !line.contains("OVERDUE") && !line.contains(" due "),
            "{line}"
        );
        assert!(line.contains("usually by"), "{line}");
    }
    assert!(plan_line(&complete).contains("OVERDUE"), "{complete}");
    // Sources that list only some: not recorded, which is not overdue.
    let partial = next("");
    let line = plan_line(&partial);
    assert!(!line.contains("OVERDUE"), "{line}");
    assert!(
        line.contains("not recorded") && line.contains("may have happened"),
        "{line}"
    );
}
