//! `check --format csv | jsonl | sarif`: one row or object per finding with the same
//! fields, and a SARIF log that validates against the SARIF 2.1.0 schema.

use intervene_tests::{repo, run};
use serde_json::Value;

const ARGS: [&str; 5] = [
    "check",
    "--as-of",
    "2026-11-22",
    "fixtures/councils/worcestershire.yaml",
    "fixtures/councils/bradford.yaml",
];

fn check(format: &str, extra: &[&str]) -> intervene_tests::Run {
    let args: Vec<&str> = ARGS
        .iter()
        .copied()
        .chain(["--format", format])
        .chain(extra.iter().copied())
        .collect();
    run(&args)
}

/// The findings of the JSON document, in order.
fn json_findings() -> Vec<Value> {
    let out = check("json", &[]);
    let json: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    json["councils"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["findings"].as_array().cloned().unwrap_or_default())
        .collect()
}

#[test]
fn csv_has_one_row_per_finding_with_the_documented_columns() {
    let out = check("csv", &[]);
    assert_eq!(out.code, 0, "{out:?}");
    let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "council",
            "file",
            "line",
            "rule",
            "severity",
            "verdict",
            "basis",
            "due_earliest",
            "due_latest",
            "days_late",
            "message",
            "source"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let findings = json_findings();
    assert_eq!(rows.len(), findings.len());
    for (row, finding) in rows.iter().zip(&findings) {
        assert_eq!(&row[3], finding["rule"].as_str().unwrap_or_default());
        assert_eq!(&row[10], finding["message"].as_str().unwrap_or_default());
        assert_eq!(row[2], finding["events"][0]["line"].to_string());
        let due = |key: &str| finding["due"][key].as_str().unwrap_or_default().to_owned();
        assert_eq!(
            (&row[7], &row[8]),
            (due("earliest").as_str(), due("latest").as_str())
        );
        let late = finding["days_late"]
            .as_i64()
            .map(|d| d.to_string())
            .unwrap_or_default();
        assert_eq!(row[9], late);
    }
}

#[test]
fn jsonl_is_a_finding_a_line_then_a_summary() {
    let out = check("jsonl", &[]);
    assert_eq!(out.code, 0, "{out:?}");
    let lines: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let findings = json_findings();
    assert_eq!(lines.len(), findings.len() + 1);
    for (line, finding) in lines.iter().zip(&findings) {
        assert_eq!(line["type"], "finding");
        assert_eq!(line["rule"], finding["rule"]);
        assert_eq!(line["days_late"], finding["days_late"]);
    }
    let summary = &lines[lines.len() - 1];
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["version"], 1);
    assert_eq!(summary["as_of"], "2026-11-22");
    assert_eq!(summary["councils"], 2);
}

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo().join("tests/sarif/sarif-schema-2.1.0.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let schema: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the SARIF schema: {e}"))
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let validator = sarif_validator();
    for extra in [&[][..], &["tests/bad-input/unknown-kind.yaml"][..]] {
        let out = check("sarif", extra);
        let log: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let run = &log["runs"][0];
        let results = run["results"].as_array().cloned().unwrap_or_default();
        assert_eq!(results.len(), json_findings().len());
        let rules = run["tool"]["driver"]["rules"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for result in &results {
            // What code scanning needs of each result: a rule it can find, a level, a
            // message, and a file and line to annotate.
            let index = result["ruleIndex"].as_u64().unwrap_or(u64::MAX);
            let rule = &rules[usize::try_from(index)
                .unwrap_or(usize::MAX)
                .min(rules.len() - 1)];
            assert_eq!(rule["id"], result["ruleId"]);
            assert!(
                rule["help"]["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("Basis"))
            );
            assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap_or("")));
            let location = &result["locations"][0]["physicalLocation"];
            assert!(
                location["artifactLocation"]["uri"]
                    .as_str()
                    .is_some_and(|u| u.starts_with("fixtures/councils/"))
            );
            assert!(
                location["region"]["startLine"]
                    .as_u64()
                    .is_some_and(|l| l > 0)
            );
        }
        let invocation = &run["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], extra.is_empty());
    }
}

#[test]
fn the_sarif_schema_rejects_a_broken_log() {
    let validator = sarif_validator();
    let out = check("sarif", &[]);
    let mut log: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&log));
}
