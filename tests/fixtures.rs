//! The real councils' histories: every file loads, every event is sourced, and what the
//! checker says about them is reviewed (FINDINGS.md) and snapshot.

use std::collections::BTreeMap;

use intervene::model::load_history;
use intervene_tests::{repo, run};

/// Findings are the same for any day from this one on: every clock has run out.
const AS_OF: &str = "2026-11-22";
const SEEDS: [&str; 2] = ["000_12794e7f99dc9cef.txt", "001_d296ca3639389a78.txt"];

fn council_files() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(repo().join("fixtures/councils"))
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    files
}

#[test]
fn every_council_loads_and_every_event_names_its_seed() {
    let files = council_files();
    assert!(files.len() >= 60, "{} council files", files.len());
    let mut events = 0;
    for file in &files {
        let history = load_history(file).unwrap_or_else(|e| panic!("{e}"));
        for (i, event) in history.events.iter().enumerate() {
            let source = intervene::model::Citation::join(&event.source).unwrap_or_default();
            assert!(
                SEEDS
                    .iter()
                    .any(|seed| source.starts_with(&format!("{seed}: "))),
                "{}: event {i} (line {}) has source {source:?}",
                file.display(),
                event.line
            );
            events += 1;
        }
    }
    assert!(events > 500, "{events} events");
    for slug in ["medway", "bradford", "sandwell"] {
        assert!(
            files
                .iter()
                .any(|f| f.file_stem().is_some_and(|s| s == slug)),
            "{slug} missing"
        );
    }
}

#[test]
fn findings_md_accounts_for_every_finding() {
    let run = run(&["check", "fixtures", "--format", "json", "--as-of", AS_OF]);
    let json: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    let doc = std::fs::read_to_string(repo().join("fixtures/FINDINGS.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut counted: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    for council in json["councils"].as_array().into_iter().flatten() {
        for f in council["findings"].as_array().into_iter().flatten() {
            let rule = f["rule"].as_str().unwrap_or_default().to_owned();
            let verdict = f["verdict"].as_str().unwrap_or_default();
            let slot = ["breach", "undecided", "missing"]
                .iter()
                .position(|v| *v == verdict)
                .unwrap_or(0);
            counted.entry(rule).or_default()[slot] += 1;
            let e = &f["events"][0];
            let line = format!(
                "- `{}` line {} ({}, {}), {verdict}, {}:",
                council["council"].as_str().unwrap_or_default(),
                e["line"],
                e["date"].as_str().unwrap_or_default(),
                e["kind"].as_str().unwrap_or_default(),
                f["severity"].as_str().unwrap_or_default()
            );
            assert!(
                doc.contains(&line),
                "FINDINGS.md does not account for {line}"
            );
        }
    }
    for (rule, [breach, undecided, missing]) in &counted {
        let row = format!(
            "| `{rule}` | {breach} | {undecided} | {missing} | {} |",
            breach + undecided + missing
        );
        assert!(
            doc.contains(&row),
            "FINDINGS.md counts for {rule} differ: expected {row}"
        );
    }
    let documented = doc
        .lines()
        .filter(|l| l.starts_with("- `") && l.contains("` line "))
        .count();
    let total: usize = counted.values().map(|c| c.iter().sum::<usize>()).sum();
    assert_eq!(
        documented, total,
        "FINDINGS.md lists findings the checker no longer reports"
    );
}

#[test]
fn check_output_on_the_fixtures() {
    let human = run(&["check", "fixtures", "--as-of", AS_OF]);
    assert_eq!(human.code, 1, "the fixtures hold error findings");
    assert!(human.stderr.is_empty(), "{}", human.stderr);
    insta::assert_snapshot!("check_fixtures_human", human.stdout);
    let json = run(&["check", "fixtures", "--format", "json", "--as-of", AS_OF]);
    let value: serde_json::Value =
        serde_json::from_str(&json.stdout).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_json_snapshot!("check_fixtures_json", value);
}

#[test]
fn later_days_give_the_same_findings() {
    let now = run(&["check", "fixtures", "--format", "json", "--as-of", AS_OF]).stdout;
    let later = run(&[
        "check",
        "fixtures",
        "--format",
        "json",
        "--as-of",
        "2040-01-01",
    ])
    .stdout;
    let strip = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("as of"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&now), strip(&later));
}
