//! Every transition the process does not allow: a history that makes it fire, and one
//! that keeps it quiet. Plus the input-order warning.

use intervene::checker::Verdict;
use intervene::rules::Severity;
use intervene_tests::{findings, of_rule};

const INADEQUATE: &str = "{ date: 2019-01-10, kind: inspection, judgement: inadequate }";

fn fires(events: &[&str], rule: &str) -> bool {
    let found = of_rule(events, "2025-01-01", rule);
    assert!(
        found.iter().all(|f| f.verdict == Verdict::Irregular),
        "{found:?}"
    );
    !found.is_empty()
}

#[test]
fn monitoring_without_inadequate() {
    let rule = "transition.monitoring-without-inadequate";
    assert!(fires(
        &["{ date: 2019-05-01, kind: monitoring_visit }"],
        rule
    ));
    assert!(!fires(
        &[INADEQUATE, "{ date: 2019-05-01, kind: monitoring_visit }"],
        rule
    ));
    assert!(fires(
        &[
            INADEQUATE,
            "{ date: 2020-01-01, kind: inspection, judgement: good }",
            "{ date: 2020-05-01, kind: monitoring_visit }"
        ],
        rule
    ));
}

#[test]
fn commissioner_report_without_direction() {
    let rule = "transition.commissioner-report-without-direction";
    let report = "{ date: 2019-06-01, kind: commissioner_report, recommendation: retain }";
    assert!(fires(&[INADEQUATE, report], rule));
    assert!(!fires(
        &[
            INADEQUATE,
            "{ date: 2019-03-01, kind: direction, action: issued }",
            report
        ],
        rule
    ));
    assert!(!fires(
        &[
            INADEQUATE,
            "{ date: 2019-03-01, kind: commissioner_appointed }",
            report
        ],
        rule
    ));
}

#[test]
fn imposed_without_recommendation() {
    let rule = "transition.imposed-without-recommendation";
    let direction = "{ date: 2019-03-01, kind: direction, action: issued, requires: commissioner }";
    let imposed =
        "{ date: 2019-12-01, kind: services_transferred, to: trust, arrangement: imposed }";
    let found = of_rule(&[INADEQUATE, direction, imposed], "2025-01-01", rule);
    // A step that does not fit is irregular, never an error: no deadline is missed.
    assert_eq!(
        found.iter().map(|f| f.severity).collect::<Vec<_>>(),
        [Severity::Warning]
    );
    let recommended =
        "{ date: 2019-06-01, kind: commissioner_report, recommendation: alternative_delivery }";
    assert!(!fires(&[INADEQUATE, direction, recommended, imposed], rule));
    let voluntary =
        "{ date: 2019-12-01, kind: services_transferred, to: trust, arrangement: voluntary }";
    assert!(!fires(&[INADEQUATE, direction, voluntary], rule));
}

#[test]
fn return_without_transfer() {
    let rule = "transition.return-without-transfer";
    let returned = "{ date: 2020-04-01, kind: services_returned }";
    assert!(fires(&[INADEQUATE, returned], rule));
    let transfer =
        "{ date: 2019-12-01, kind: services_transferred, to: trust, arrangement: voluntary }";
    assert!(!fires(&[INADEQUATE, transfer, returned], rule));
}

#[test]
fn intervention_without_basis() {
    let rule = "transition.intervention-without-basis";
    let notice = "{ date: 2019-06-01, kind: improvement_notice, action: issued }";
    assert!(fires(&[notice], rule));
    assert!(fires(
        &["{ date: 2019-06-01, kind: direction, action: issued }"],
        rule
    ));
    assert!(!fires(&[INADEQUATE, notice], rule));
    assert!(!fires(
        &[
            "{ date: 2019-02-01, kind: focused_visit, priority_actions: true }",
            notice
        ],
        rule
    ));
    assert!(!fires(&["{ date: 2019-02-01, kind: jtai }", notice], rule));
    assert!(
        fires(&["{ date: 2019-02-01, kind: focused_visit }", notice], rule),
        "a focused visit without priority actions is no basis"
    );
}

#[test]
fn lifted_while_inadequate() {
    let rule = "transition.lifted-while-inadequate";
    let direction = "{ date: 2019-03-01, kind: direction, action: issued }";
    let revoked = "{ date: 2020-06-10, kind: direction, action: revoked }";
    assert!(fires(&[INADEQUATE, direction, revoked], rule));
    assert!(fires(
        &[
            INADEQUATE,
            direction,
            revoked,
            "{ date: 2020-07-01, kind: improvement_notice, action: issued }"
        ],
        rule
    ));
    // Hull 2022: revoked and replaced by a notice the same month.
    assert!(!fires(
        &[
            INADEQUATE,
            direction,
            revoked,
            "{ date: 2020-06-20, kind: improvement_notice, action: issued }"
        ],
        rule
    ));
    assert!(!fires(
        &[
            INADEQUATE,
            direction,
            "{ date: 2020-05-01, kind: inspection, judgement: good }",
            revoked
        ],
        rule
    ));
}

#[test]
fn persistent_failure_answered_by_a_notice() {
    let rule = "transition.persistent-failure-notice";
    let repeat = [
        "{ date: 2016-03-01, kind: inspection, judgement: inadequate }",
        "{ date: 2017-06-01, kind: inspection, judgement: requires_improvement }",
        "{ date: 2020-02-01, kind: inspection, judgement: inadequate }",
        "{ date: 2020-05-01, kind: improvement_notice, action: issued }",
    ];
    let found = of_rule(&repeat, "2025-01-01", rule);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].events.iter().map(|e| e.index).collect::<Vec<_>>(),
        [3, 2],
        "the notice, then the repeat judgement"
    );
    let apart = [
        "{ date: 2014-03-01, kind: inspection, judgement: inadequate }",
        repeat[1],
        repeat[2],
        repeat[3],
    ];
    assert!(!fires(&apart, rule), "more than five years apart");
    let with_direction = [
        repeat[0],
        repeat[1],
        repeat[2],
        "{ date: 2020-03-01, kind: direction, action: issued }",
        "{ date: 2021-03-01, kind: direction, action: revoked }",
        repeat[3],
    ];
    assert!(
        !fires(&with_direction, rule),
        "a notice replacing a direction is de-escalation"
    );
}

#[test]
fn event_after_reorganisation() {
    let rule = "transition.event-after-reorganisation";
    let split = "{ date: 2021-04-01, kind: reorganised, into: [north-test, west-test] }";
    let found = of_rule(
        &[
            INADEQUATE,
            split,
            "{ date: 2021-09, kind: monitoring_visit }",
        ],
        "2025-01-01",
        rule,
    );
    // A step that does not fit is irregular, never an error: no deadline is missed.
    assert_eq!(
        found.iter().map(|f| f.severity).collect::<Vec<_>>(),
        [Severity::Warning]
    );
    assert!(!fires(
        &[
            INADEQUATE,
            split,
            "{ date: 2021-09, kind: note, text: later context }"
        ],
        rule
    ));
    assert!(
        !fires(
            &[
                INADEQUATE,
                split,
                "{ date: 2021-04, kind: monitoring_visit }"
            ],
            rule
        ),
        "same month: maybe before"
    );
}

#[test]
fn a_council_formed_by_reorganisation_inherits_its_predecessors_process() {
    let formed = "{ date: 2021-04-01, kind: reorganised, from: [test-old] }";
    let events = [
        formed,
        "{ date: 2021-09-01, kind: monitoring_visit }",
        "{ date: 2021-10-01, kind: direction, action: revised }",
    ];
    assert!(
        findings(&events, "2021-12-01")
            .iter()
            .all(|f| !f.rule.starts_with("transition."))
    );
}

#[test]
fn input_order() {
    let found = of_rule(
        &[INADEQUATE, "{ date: 2018-12-01, kind: note, text: x }"],
        "2019-02-01",
        "input.order",
    );
    assert_eq!(
        found.iter().map(|f| f.severity).collect::<Vec<_>>(),
        [Severity::Warning]
    );
    assert!(
        of_rule(
            &["{ date: 2019-01, kind: note, text: x }", INADEQUATE],
            "2019-02-01",
            "input.order"
        )
        .is_empty()
    );
    assert!(
        of_rule(
            &[INADEQUATE, "{ date: 2019, kind: note, text: x }"],
            "2019-02-01",
            "input.order"
        )
        .is_empty(),
        "overlapping dates may come in either order"
    );
}

#[test]
fn replay_uses_date_order() {
    // Listed out of order: the monitoring visit still replays after the judgement.
    let events = ["{ date: 2019-05-01, kind: monitoring_visit }", INADEQUATE];
    let found = findings(&events, "2019-06-01");
    assert!(found.iter().any(|f| f.rule == "input.order"));
    assert!(
        !found
            .iter()
            .any(|f| f.rule == "transition.monitoring-without-inadequate"),
        "{found:?}"
    );
}
