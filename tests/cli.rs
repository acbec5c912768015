//! The command line as a user meets it: help, exit codes, JSON shape, rules, flowchart,
//! and a user's own rule set.

use std::path::PathBuf;

use intervene_tests::{repo, run};
use serde_json::Value;

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    keys.sort_unstable();
    keys
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["rules", "--help"],
        &["flowchart", "--help"],
    ] {
        let run = run(args);
        assert_eq!(run.code, 0, "{args:?}");
        assert!(
            run.stdout.contains("Usage: intervene"),
            "{args:?}: {}",
            run.stdout
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["check", "--frobnicate"]).code, 2);
    assert_eq!(run(&["check", "--as-of", "2019-13-01"]).code, 2);
    assert_eq!(run(&["flowchart", "--format", "png"]).code, 2);
    assert_eq!(run(&[]).code, 2);
}

#[test]
fn json_has_exactly_the_documented_keys() {
    let run = run(&[
        "check",
        "--format",
        "json",
        "--as-of",
        "2023-01-01",
        "tests/mixed-input/ok-council.yaml",
    ]);
    assert_eq!(run.code, 0, "only a warning: {run:?}");
    let json: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    assert_eq!(
        keys(&json),
        ["as_of", "councils", "errors", "summary", "version"]
    );
    assert_eq!(json["version"], 1);
    assert_eq!(json["as_of"], "2023-01-01");
    assert_eq!(json["errors"], serde_json::json!([]));
    assert_eq!(
        keys(&json["summary"]),
        ["councils", "errors", "infos", "warnings"]
    );
    assert_eq!(json["summary"]["warnings"], 1);
    let council = &json["councils"][0];
    assert_eq!(keys(council), ["council", "file", "findings"]);
    assert_eq!(council["council"], "ok-council");
    assert_eq!(council["file"], "tests/mixed-input/ok-council.yaml");
    let finding = &council["findings"][0];
    assert_eq!(
        keys(finding),
        [
            "basis",
            "days_late",
            "due",
            "events",
            "message",
            "rule",
            "severity",
            "source",
            "verdict"
        ]
    );
    assert_eq!(finding["rule"], "transition.monitoring-without-inadequate");
    assert_eq!(finding["verdict"], "irregular");
    assert_eq!(finding["basis"], "guidance");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["due"], Value::Null);
    assert_eq!(finding["days_late"], Value::Null);
    assert_eq!(
        keys(&finding["events"][0]),
        ["date", "index", "kind", "line"]
    );
    assert_eq!(finding["events"][0]["line"], 4);
    assert_eq!(finding["events"][0]["date"], "2019-01-10");
    assert_eq!(finding["events"][0]["kind"], "monitoring_visit");
}

/// A deadline is always `{earliest, latest}`, a late step says by how many days, and a
/// file that cannot be read is in `errors` with its line and column.
#[test]
fn json_due_is_one_shape_and_input_errors_are_listed() {
    let run = run(&[
        "check",
        "--format",
        "json",
        "--as-of",
        "2026-11-22",
        "fixtures/councils/worcestershire.yaml",
        "tests/bad-input/unknown-kind.yaml",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    let json: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    let findings = json["councils"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let visit = findings
        .iter()
        .find(|f| f["rule"] == "ofsted.first-monitoring-visit")
        .unwrap_or_else(|| panic!("no first-monitoring-visit finding: {findings:?}"));
    assert_eq!(
        visit["due"],
        serde_json::json!({ "earliest": "2017-03-28", "latest": "2017-06-02" })
    );
    assert_eq!(visit["days_late"], 91);
    for f in &findings {
        assert!(
            f["due"].is_null() || keys(&f["due"]) == ["earliest", "latest"],
            "{f}"
        );
    }
    let errors = json["errors"].as_array().cloned().unwrap_or_default();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(keys(&errors[0]), ["column", "file", "line", "message"]);
    assert_eq!(errors[0]["file"], "tests/bad-input/unknown-kind.yaml");
    assert_eq!(
        (errors[0]["line"].clone(), errors[0]["column"].clone()),
        (5.into(), 11.into())
    );
}

#[test]
fn deny_warnings_makes_warnings_count() {
    let file = "tests/mixed-input/ok-council.yaml";
    assert_eq!(run(&["check", file]).code, 0);
    assert_eq!(run(&["check", "--deny", "warnings", file]).code, 1);
}

#[test]
fn human_output_points_at_file_and_line_with_rule_and_source() {
    let run = run(&[
        "check",
        "--as-of",
        "2023-01-01",
        "tests/mixed-input/ok-council.yaml",
    ]);
    for part in [
        "warning[transition.monitoring-without-inadequate]",
        "tests/mixed-input/ok-council.yaml:4:3",
        "source: Monitoring local authority children's services judged inadequate: inspectors' handbook",
        "verdict: irregular",
        "checked 1 council(s) as of 2023-01-01: 0 error(s), 1 warning(s), 0 info",
    ] {
        assert!(
            run.stdout.contains(part),
            "missing `{part}` in\n{}",
            run.stdout
        );
    }
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no colour when not on a terminal"
    );
}

#[test]
fn rules_lists_every_rule_with_source_and_dates() {
    let all = run(&["rules"]);
    assert_eq!(all.code, 0);
    let process = std::fs::read_to_string(repo().join("rules/ofsted.yaml")).unwrap_or_default()
        + &std::fs::read_to_string(repo().join("rules/dfe.yaml")).unwrap_or_default();
    let ids: Vec<&str> = process
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- id: "))
        .collect();
    assert_eq!(ids.len(), 19, "every timing rule of the bundled set");
    for id in ids {
        assert!(all.stdout.contains(&format!("{id}  [")), "{id} not listed");
    }
    assert!(all.stdout.contains("in force: 2013-11-01 → 2016-05-30"));
    assert!(all.stdout.contains("suspended: 2020-03-17 → 2021-05-01"));
    assert!(
        all.stdout
            .contains("source: Education and Inspections Act 2006, section 137")
    );
    assert!(all.stdout.contains("basis: statute"));
    assert!(all.stdout.contains("basis: practice"));
    assert!(
        !all.stdout.contains(".txt") && !all.stdout.to_lowercase().contains("seed 0"),
        "no rule cites a file of the project's inputs"
    );

    let in_2015 = run(&["rules", "--at", "2015-01-01"]).stdout;
    assert!(in_2015.contains("ofsted.reinspection-sif"));
    assert!(!in_2015.contains("ofsted.first-monitoring-visit"));
    let json: Value =
        serde_json::from_str(&run(&["rules", "--format", "json", "--at", "2019-01-01"]).stdout)
            .unwrap_or_default();
    assert!(
        json["rules"]
            .as_array()
            .is_some_and(|r| r.iter().all(|r| r["source"].is_string()))
    );
}

#[test]
fn flowchart_in_both_formats() {
    let mermaid = run(&["flowchart"]);
    assert!(mermaid.stdout.starts_with("flowchart TD"));
    let dot = run(&["flowchart", "--format", "dot"]);
    assert!(
        dot.stdout.contains(
            "d_services_transferred -> d_direction_improvement [label=\"services returned\"]"
        ),
        "{}",
        dot.stdout
    );
}

/// A rule directory made from the bundled one, with one file replaced.
fn rule_dir(name: &str, file: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("intervene-rules-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("calendar")).unwrap_or_else(|e| panic!("{e}"));
    for f in [
        "ofsted.yaml",
        "dfe.yaml",
        "transitions.yaml",
        "calendar/england-and-wales.yaml",
    ] {
        std::fs::copy(repo().join("rules").join(f), dir.join(f))
            .unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    std::fs::write(dir.join(file), text).unwrap_or_else(|e| panic!("{e}"));
    dir
}

#[test]
fn a_users_rule_set_replaces_the_bundled_one() {
    let ofsted = std::fs::read_to_string(repo().join("rules/ofsted.yaml")).unwrap_or_default();
    let strict = ofsted.replace(
        "tolerance: { amount: 1, unit: months }",
        "tolerance: { amount: 0, unit: months }",
    );
    let dir = rule_dir("strict", "ofsted.yaml", &strict);
    let file = "tests/mixed-input/ok-council.yaml";
    let listed = run(&["--rules", dir.to_str().unwrap_or_default(), "rules"]);
    assert!(
        listed.stdout.contains("3 months (+0 months tolerance)"),
        "{}",
        listed.stdout
    );
    assert_eq!(
        run(&["--rules", dir.to_str().unwrap_or_default(), "check", file]).code,
        0
    );
}

#[test]
fn bad_rule_files_are_located() {
    let header = "rules:\n  - id: x.rule\n    title: t\n    trigger:\n      - { kind: inspection }\n    expect:\n      - { kind: monitoring_visit }\n";
    let tail = "    kind: max\n    severity: error\n    basis: guidance\n    in_force: { from: 2019-01-01 }\n    source: { title: t, publisher: p, date: 2019 }\n";
    for (name, text, place, words) in [
        (
            "unknown-kind",
            header.replace("kind: monitoring_visit", "kind: monitoring_visits")
                + "    deadline: { amount: 1, unit: days }\n"
                + tail,
            ":7:",
            "monitoring_visits",
        ),
        (
            "unit-typo",
            format!("{header}    deadline: {{ amount: 1, unit: working_day }}\n{tail}"),
            ":8:",
            "unknown unit `working_day`",
        ),
        (
            "negative",
            format!("{header}    deadline: {{ amount: -3, unit: days }}\n{tail}"),
            ":8:",
            "-3",
        ),
        (
            "window",
            format!(
                "{header}    deadline: {{ min: 5, max: 2, unit: months }}\n{}",
                tail.replace("kind: max", "kind: window")
            ),
            ":8:",
            "min (5) is greater than its max (2)",
        ),
        (
            "unknown-field",
            format!("{header}    deadline: {{ amount: 1, unit: days }}\n    colour: red\n{tail}"),
            ":9:",
            "unknown field `colour`",
        ),
        (
            "duplicate",
            format!(
                "{header}    deadline: {{ amount: 1, unit: days }}\n{tail}{}",
                format!("{header}    deadline: {{ amount: 1, unit: days }}\n{tail}")
                    .replace("rules:\n", "")
            ),
            ":14",
            "rule id `x.rule` is already defined",
        ),
        (
            "practice-error",
            format!(
                "{header}    deadline: {{ amount: 1, unit: days }}\n{}",
                tail.replace("basis: guidance", "basis: practice")
            ),
            ":10:",
            "a `practice` rule reports at most `info`, not `error`",
        ),
        (
            "practice-warning",
            format!(
                "{header}    deadline: {{ amount: 1, unit: days }}\n{}",
                tail.replace("basis: guidance", "basis: practice")
                    .replace("severity: error", "severity: warning")
            ),
            ":10:",
            "a `practice` rule reports at most `info`, not `warning`",
        ),
        (
            "seed-source",
            format!(
                "{header}    deadline: {{ amount: 1, unit: days }}\n{}",
                tail.replace("title: t", "title: \"as seed 001 states\"")
            ),
            ":13:",
            "names a file of this project",
        ),
        (
            "source-field",
            format!(
                "{header}    deadline: {{ amount: 1, unit: days }}\n{}",
                tail.replace("date: 2019", "date: 2019, colour: red")
            ),
            ":13:",
            "unknown field `colour`",
        ),
        (
            "filter",
            header.replace(
                "{ kind: inspection }",
                "{ kind: inspection, action: [issued] }",
            ) + "    deadline: { amount: 1, unit: days }\n"
                + tail,
            ":5:",
            "`action` cannot filter `inspection` events",
        ),
    ] {
        let dir = rule_dir(name, "extra.yaml", &text);
        let run = run(&["--rules", dir.to_str().unwrap_or_default(), "rules"]);
        assert_eq!(run.code, 2, "{name}: {run:?}");
        let located = format!("extra.yaml{place}");
        assert!(
            run.stderr.contains(&located),
            "{name}: expected {located} in {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(words),
            "{name}: expected `{words}` in {}",
            run.stderr
        );
    }
}

#[test]
fn no_archived_or_unsound_yaml_crate_in_the_lock_file() {
    let lock = std::fs::read_to_string(repo().join("Cargo.lock")).unwrap_or_default();
    assert!(lock.contains("name = \"serde-saphyr\""));
    assert!(!lock.contains("name = \"serde_yml\""));
    assert!(!lock.contains("name = \"serde_yaml\""));
}

/// "As of" means one thing in every command: the history as it stood that day. A check
/// as of 2020-01-01 says nothing about Bradford's later events, as next and report do
/// not, and every output names the day.
#[test]
fn as_of_means_the_history_as_it_stood_that_day() {
    let file = "fixtures/councils/bradford.yaml";
    let check = run(&["check", file, "--as-of", "2020-01-01", "--format", "json"]);
    let json: Value = serde_json::from_str(&check.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["as_of"], "2020-01-01");
    let later: Vec<&Value> = json["councils"][0]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| f["events"].as_array().into_iter().flatten())
        .filter(|e| {
            e["date"]
                .as_str()
                .is_some_and(|d| d.trim_start_matches("..") > "2020-01-01")
        })
        .collect();
    assert!(
        later.is_empty(),
        "findings about events after the day: {later:?}"
    );
    let text = run(&["check", file, "--as-of", "2020-01-01"]);
    assert!(text.stdout.contains("as of 2020-01-01"), "{}", text.stdout);
    let next = run(&["next", file, "--as-of", "2020-01-01"]);
    assert!(next.stdout.contains("as of 2020-01-01"), "{}", next.stdout);
    let report = run(&[
        "report",
        file,
        "--as-of",
        "2020-01-01",
        "--format",
        "markdown",
    ]);
    assert!(
        report.stdout.contains("as of 2020-01-01"),
        "{}",
        report.stdout
    );
}
