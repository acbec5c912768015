//! The real councils' histories: every file loads, every event cites a document of the
//! source registry, what the checker says about them is reviewed (FINDINGS.md) and
//! snapshot, and the figures fixtures/README.md states are the tool's own.

use std::collections::BTreeMap;

use intervene::model::{Registry, load_history};
use intervene_tests::{repo, run};

/// Findings are the same for any day from this one on: every record has ended by then.
const AS_OF: &str = "2026-11-22";
/// The verdicts, in FINDINGS.md's column order.
const VERDICTS: [&str; 5] = ["breach", "missing", "undecided", "unusual", "irregular"];

fn council_files() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(repo().join("fixtures/councils"))
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    files
}

#[test]
fn every_council_loads_and_every_event_cites_the_registry() {
    let files = council_files();
    assert!(files.len() >= 80, "{} council files", files.len());
    let registry =
        Registry::load(&repo().join("fixtures/sources.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let mut events = 0;
    for file in &files {
        let history = load_history(file).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(history.version, 2, "{}", file.display());
        assert!(
            history.recorded_until.is_some(),
            "{}: no record end",
            file.display()
        );
        assert!(
            registry.check(&history).is_empty(),
            "{:?}",
            registry.check(&history)
        );
        for (i, event) in history.events.iter().enumerate() {
            assert!(
                event.source.iter().any(|c| c.reference.is_some()),
                "{}: event {i} (line {}) cites no registry document",
                file.display(),
                event.line
            );
            for citation in &event.source {
                let text = citation.to_string();
                assert!(
                    !text.contains(".txt") && !text.contains("000_") && !text.contains("001_"),
                    "{}: event {i} names an input file: {text}",
                    file.display()
                );
            }
            events += 1;
        }
    }
    assert!(events > 1000, "{events} events");
    for entry in registry.entries.values() {
        assert!(
            !entry.title.is_empty() && !entry.publisher.is_empty(),
            "{}",
            entry.id
        );
        assert!(
            entry.url.as_deref().is_some_and(|u| u.starts_with("http")),
            "{}: no URL",
            entry.id
        );
    }
}

#[test]
fn the_known_faults_of_the_blog_record_are_corrected() {
    let load = |slug: &str| {
        load_history(&repo().join(format!("fixtures/councils/{slug}.yaml")))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let has = |slug: &str, wanted: &dyn Fn(&intervene::model::Event) -> bool| {
        load(slug).events.iter().any(wanted)
    };
    use intervene::model::{Action, EventKind, Owner};
    // Bradford: the September 2021 direction names its commissioner; the trust took over
    // on 1 April 2023 (January 2022 was the decision).
    assert!(has("bradford", &|e| matches!(
        &e.kind,
        EventKind::Direction {
            action: Action::Issued,
            commissioner: Some(_),
            ..
        }
    ) && e
        .date
        .to_string()
        .starts_with("2021-09")));
    assert!(has("bradford", &|e| matches!(
        e.kind,
        EventKind::ServicesTransferred { .. }
    ) && e.date.to_string()
        == "2023-04-01"));
    assert!(!has("bradford", &|e| matches!(
        e.kind,
        EventKind::ServicesTransferred { .. }
    ) && e
        .date
        .to_string()
        .starts_with("2022")));
    // Slough's trust from October 2015; Doncaster's and Slough's trusts changed owner and
    // went on running services (not a return).
    assert!(has("slough", &|e| matches!(
        e.kind,
        EventKind::ServicesTransferred { .. }
    ) && e
        .date
        .to_string()
        .starts_with("2015-10")));
    for slug in ["slough", "doncaster"] {
        assert!(
            has(slug, &|e| matches!(
                e.kind,
                EventKind::OwnershipChanged {
                    owner: Owner::Council
                }
            )),
            "{slug}"
        );
    }
    // Northamptonshire: treated as inadequate after the 2018 focused visit; abolished in 2021.
    assert!(has("northamptonshire", &|e| matches!(
        e.kind,
        EventKind::FocusedVisit {
            treated_as_inadequate: true,
            ..
        }
    )));
    assert!(has(
        "northamptonshire",
        &|e| matches!(&e.kind, EventKind::Reorganised { into, .. } if !into.is_empty())
            && e.date.to_string() == "2021-04-01"
    ));
    // Medway judged good in 2023: the record reaches past it.
    assert!(has("medway", &|e| matches!(
        e.kind,
        EventKind::Inspection {
            judgement: intervene::model::Judgement::Good,
            ..
        }
    ) && e
        .date
        .to_string()
        .starts_with("2023-07")));
}

#[test]
fn the_readme_states_the_census_the_tool_prints() {
    let census = run(&["census", "fixtures"]);
    assert_eq!(census.code, 0, "{}", census.stderr);
    let readme = std::fs::read_to_string(repo().join("fixtures/README.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    for line in census.stdout.lines() {
        assert!(
            readme.contains(line.trim()),
            "fixtures/README.md does not state `{}` (run `intervene census fixtures`)",
            line.trim()
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
    let mut counted: BTreeMap<String, [usize; 5]> = BTreeMap::new();
    for council in json["councils"].as_array().into_iter().flatten() {
        for f in council["findings"].as_array().into_iter().flatten() {
            let rule = f["rule"].as_str().unwrap_or_default().to_owned();
            let verdict = f["verdict"].as_str().unwrap_or_default();
            let slot = VERDICTS.iter().position(|v| *v == verdict).unwrap_or(0);
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
    for (rule, counts) in &counted {
        let row = format!(
            "| `{rule}` | {} | {} |",
            counts.map(|c| c.to_string()).join(" | "),
            counts.iter().sum::<usize>()
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
    assert_eq!(
        human.code, 0,
        "no finding on the fixtures is an error (FINDINGS.md says why)"
    );
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
            .filter(|l| !l.contains("as of") && !l.contains("\"as_of\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&now), strip(&later));
}

/// The examples in docs/history-format.md read as the format says: the history as a
/// version 2 file, the registry as a registry.
#[test]
fn the_format_documents_examples_read() {
    let doc = std::fs::read_to_string(repo().join("docs/history-format.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    let blocks: Vec<&str> = doc
        .split("```yaml\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .collect();
    assert!(blocks.len() >= 2, "{} YAML examples", blocks.len());
    let history = intervene::model::parse_history(std::path::Path::new("bradford.yaml"), blocks[0])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(history.version, 2);
    assert_eq!(history.events.len(), 2);
    assert!(history.recorded_until.is_some());
    let registry = Registry::parse(std::path::Path::new("sources.yaml"), blocks[1])
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(registry.entries.contains_key("dfe-notices-collection"));
}

/// The README's sample finding is the tool's own output, character for character.
#[test]
fn the_readme_sample_is_the_tools_output() {
    let readme =
        std::fs::read_to_string(repo().join("README.md")).unwrap_or_else(|e| panic!("{e}"));
    let sample = readme
        .split("```text\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .unwrap_or_else(|| panic!("no text sample in the README"));
    let out = run(&[
        "check",
        "fixtures/councils/worcestershire.yaml",
        "--as-of",
        "2026-11-22",
    ]);
    assert!(
        out.stdout.contains(sample.trim_end()),
        "README sample differs from the tool's output:\n{}",
        out.stdout
    );
}

#[test]
fn the_readme_states_the_checkers_counts_on_the_fixtures() {
    let run = run(&["check", "fixtures", "--format", "json", "--as-of", AS_OF]);
    let json: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    let summary = &json["summary"];
    let count = |key: &str| summary[key].as_u64().unwrap_or_default();
    let readme =
        std::fs::read_to_string(repo().join("README.md")).unwrap_or_else(|e| panic!("{e}"));
    let readme = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    for stated in [
        format!("histories of {} English councils", count("councils")),
        format!(
            "reports {} findings on them",
            count("errors") + count("warnings") + count("infos")
        ),
        format!("The {} warnings", count("warnings")),
        format!("The {} info findings", count("infos")),
    ] {
        assert!(
            readme.contains(&stated),
            "README.md does not say `{stated}` (the checker's count)"
        );
    }
}
