//! `intervene rules ID`: every rule explains itself with an example history that fires
//! it and one that keeps it quiet, and each example gives exactly that when checked.

use intervene::checker::check;
use intervene::rules::Examples;
use intervene_tests::{rules, run};

/// The rule's findings on one example's events.
fn findings_of(id: &str, examples: &Examples, events: &str) -> Vec<String> {
    let history = Examples::history(events).unwrap_or_else(|e| panic!("{id}: {e}"));
    check(&history, &rules(), examples.as_of)
        .findings
        .into_iter()
        .filter(|f| f.rule == id)
        .map(|f| format!("{} {}: {}", f.severity, f.verdict, f.message))
        .collect()
}

#[test]
fn every_rule_has_examples_that_fire_once_and_stay_quiet() {
    let set = rules();
    let mut all: Vec<(&str, Option<&Examples>)> = set
        .rules
        .iter()
        .map(|r| (r.id.as_str(), r.examples.as_ref()))
        .collect();
    all.extend(
        set.transitions
            .iter()
            .map(|t| (t.id.as_str(), t.examples.as_ref())),
    );
    assert!(all.len() >= 27, "{} rules", all.len());
    let mut faults = Vec::new();
    for (id, examples) in all {
        let Some(examples) = examples else {
            faults.push(format!("{id}: no examples"));
            continue;
        };
        let fires = findings_of(id, examples, &examples.fires);
        if fires.len() != 1 {
            faults.push(format!("{id}: the `fires` example gives {fires:?}"));
        }
        let quiet = findings_of(id, examples, &examples.quiet);
        if !quiet.is_empty() {
            faults.push(format!("{id}: the `quiet` example gives {quiet:?}"));
        }
    }
    assert!(faults.is_empty(), "{faults:#?}");
}

#[test]
fn rules_id_explains_what_why_the_deadline_and_both_examples() {
    let out = run(&["rules", "ofsted.action-plan"]);
    assert_eq!(out.code, 0, "{out:?}");
    for part in [
        "ofsted.action-plan: Final action plan within 70 working days",
        "What it checks",
        "Severity of a breach: error",
        "Why",
        "Basis: statute",
        "Source: Education and Inspections Act 2006",
        "The deadline",
        "70 working days",
        "Example that fires (as of 2020-06-01):",
        "→ error[ofsted.action-plan] (breach)",
        "Example that stays quiet",
        "→ no finding of `ofsted.action-plan`",
        "Defined at rules/ofsted.yaml:",
    ] {
        assert!(out.stdout.contains(part), "no {part:?} in:\n{}", out.stdout);
    }
    let transition = run(&["rules", "transition.monitoring-without-inadequate"]);
    assert_eq!(transition.code, 0, "{transition:?}");
    assert!(
        transition
            .stdout
            .contains("A step the process does not provide for")
    );
}

#[test]
fn an_unknown_rule_id_suggests_the_closest_and_exits_2() {
    let out = run(&["rules", "ofsted.action-plna"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr
            .contains("no rule `ofsted.action-plna`; did you mean `ofsted.action-plan`?"),
        "{}",
        out.stderr
    );
    let far = run(&["rules", "zzz"]);
    assert_eq!(far.code, 2);
    assert!(!far.stderr.contains("did you mean"), "{}", far.stderr);
}
